//! View-models for the page's charts, built in the core (pure, so the page, the tests and the
//! HTML export draw the same thing). Two kinds:
//! * from the [`Report`] alone ([`section_charts`]): ROC, precision–recall, reliability, the
//!   rolling metric, per-chunk bars, prediction mean and label coverage over time, bias per
//!   group, outlier scores, latency buckets;
//! * from the data, while the worker still holds it: the ECDF of a numeric column with the KS
//!   distance marked ([`ecdf`]) and the regression error histogram and predicted-vs-actual
//!   scatter ([`regression_errors`], [`regression_scatter`]).

use std::collections::{BTreeMap, BTreeSet};

use crate::chart::{
    AxisFormat, Band, BarsView, ChartView, HistogramView, Marker, Rule, Series, SeriesStyle,
    Swatch, XyView,
};
use crate::data::Role;
use crate::metrics::{ClassMetrics, RollingMetric};
use crate::outliers::OutlierReport;
use crate::report::Report;
use crate::service::LatencyReport;
use crate::stats;

/// Charts of the report's sections (each list empty when the section has no data).
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SectionCharts {
    /// Model quality: ROC, precision–recall and reliability (classification), or the error
    /// histogram and predicted-vs-actual scatter (regression).
    pub quality: Vec<ChartView>,
    /// Over time: rolling metric, metric per chunk, prediction mean, label coverage.
    pub over_time: Vec<ChartView>,
    /// Bias: per group column, accuracy, selection rate, TPR, FPR and the four-fifths ratio.
    pub bias: Vec<(String, Vec<ChartView>)>,
    /// Outlier decision scores of both files with the threshold.
    pub outliers: Option<ChartView>,
    /// Latency per Prometheus bucket with the SLO.
    pub latency: Option<ChartView>,
}

/// Most points drawn per curve (ROC, PR, ECDF); the report's curves are already thinned.
pub const CURVE_POINTS: usize = 400;
/// Most points of each file in the predicted-vs-actual scatter.
pub const SCATTER_POINTS: usize = 2000;

/// Bins of the histogram *shown* for a numeric column (the tests use their own binnings, reported
/// in `tests.<id>.bins`): equal width over the pooled 0.5–99.5 % range so one outlier cannot
/// squeeze the picture, with values beyond it counted in open outer bins; integer data with a
/// small range gets one bin per integer.
pub const DISPLAY_BINS: usize = 20;

fn display_edges(xs: &[f64], ys: &[f64]) -> Option<(Vec<f64>, bool, bool)> {
    let first = |v: &[f64]| v.first().copied();
    let last = |v: &[f64]| v.last().copied();
    let min = first(xs)
        .into_iter()
        .chain(first(ys))
        .fold(f64::INFINITY, f64::min);
    let max = last(xs)
        .into_iter()
        .chain(last(ys))
        .fold(f64::NEG_INFINITY, f64::max);
    if !min.is_finite() || !max.is_finite() {
        return None;
    }
    let integers = xs.iter().chain(ys).all(|v| v.fract() == 0.0);
    if integers && max - min <= 40.0 {
        let edges = (0..=((max - min) as usize + 1))
            .map(|i| min - 0.5 + i as f64)
            .collect();
        return Some((edges, false, false));
    }
    let q = |v: &[f64], p: f64| {
        if v.is_empty() {
            f64::NAN
        } else {
            stats::quantile_linear(v, p)
        }
    };
    let mut lo = q(xs, 0.005).min(q(ys, 0.005));
    let mut hi = q(xs, 0.995).max(q(ys, 0.995));
    if lo.is_nan() || hi.is_nan() || hi <= lo {
        lo = min;
        hi = max;
    }
    if hi <= lo {
        return Some((vec![lo - 0.5, lo + 0.5], false, false));
    }
    let w = (hi - lo) / DISPLAY_BINS as f64;
    let mut edges: Vec<f64> = (0..DISPLAY_BINS).map(|i| lo + i as f64 * w).collect();
    edges.push(hi);
    Some((edges, min < lo, max > hi))
}

fn count_into(v: &[f64], edges: &[f64]) -> Vec<u64> {
    let k = edges.len() - 1;
    let (lo, hi) = (edges[0], edges[k]);
    let w = (hi - lo) / k as f64;
    let mut counts = vec![0u64; k];
    for &x in v {
        let i = if x <= lo {
            0
        } else if x >= hi {
            k - 1
        } else {
            (((x - lo) / w) as usize).min(k - 1)
        };
        counts[i] += 1;
    }
    counts
}

/// Overlaid histogram of two sorted samples on the display bins ([`DISPLAY_BINS`]).
pub fn numeric_histogram(name: &str, xs: &[f64], ys: &[f64]) -> Option<ChartView> {
    let (edges, open_left, open_right) = display_edges(xs, ys)?;
    let rc = count_into(xs, &edges);
    let pc = count_into(ys, &edges);
    Some(ChartView::Histogram(HistogramView {
        column: name.to_owned(),
        edges,
        ref_share: stats::shares(&rc),
        prod_share: stats::shares(&pc),
        open_left,
        open_right,
        ref_rows: xs.len() as u64,
        prod_rows: ys.len() as u64,
        ..Default::default()
    }))
}

/// Share bars of a categorical column in both files (new categories marked).
pub(super) fn bars_chart(
    name: &str,
    cats: &BTreeSet<&String>,
    rcounts: &[u64],
    pcounts: &[u64],
    reference: &BTreeMap<String, u64>,
) -> Option<ChartView> {
    if cats.is_empty() {
        return None;
    }
    Some(ChartView::Bars(BarsView {
        column: name.to_owned(),
        categories: cats.iter().map(|s| (*s).clone()).collect(),
        ref_share: stats::shares(rcounts),
        prod_share: stats::shares(pcounts),
        new_in_prod: cats.iter().map(|k| !reference.contains_key(*k)).collect(),
        ref_rows: rcounts.iter().sum(),
        prod_rows: pcounts.iter().sum(),
        ..Default::default()
    }))
}

/// A series of the finite points only (a view never carries NaN: it travels as JSON).
fn series(name: &str, swatch: Swatch, style: SeriesStyle, points: Vec<[f64; 2]>) -> Series {
    Series {
        name: name.to_owned(),
        swatch,
        style,
        points,
        notes: Vec::new(),
        hover: true,
    }
}

/// Drops the points (and their notes) with a non-finite coordinate.
fn finite_only(mut s: Series) -> Series {
    let keep: Vec<bool> = s
        .points
        .iter()
        .map(|p| p.iter().all(|v| v.is_finite()))
        .collect();
    if keep.iter().all(|k| *k) {
        return s;
    }
    let mut k = keep.iter();
    s.points.retain(|_| *k.next().unwrap_or(&false));
    if !s.notes.is_empty() {
        let mut k = keep.iter();
        s.notes.retain(|_| *k.next().unwrap_or(&false));
    }
    s
}

fn diagonal(name: &str) -> Series {
    Series {
        hover: false,
        ..series(
            name,
            Swatch::Muted,
            SeriesStyle::Dashed,
            vec![[0.0, 0.0], [1.0, 1.0]],
        )
    }
}

/// `AUC ref 0.912 · prod 0.874` style title suffix.
fn pair_title(what: &str, r: Option<f64>, p: Option<f64>) -> String {
    let f = |v: Option<f64>| v.map_or("—".to_owned(), crate::format::num);
    format!("{what} reference {} · production {}", f(r), f(p))
}

/// Every section chart the report has data for.
pub fn section_charts(r: &Report) -> SectionCharts {
    let mut out = SectionCharts::default();
    if let Some(c) = &r.classification {
        let sides = [
            ("reference", Swatch::Reference, c.reference.as_ref()),
            ("production", Swatch::Production, c.production.as_ref()),
        ];
        if let Some(v) = roc(&sides) {
            out.quality.push(v);
        }
        if let Some(v) = pr(&sides) {
            out.quality.push(v);
        }
        if let Some(v) = reliability(&sides) {
            out.quality.push(v);
        }
    }
    out.over_time = over_time(r);
    if let Some(b) = &r.bias {
        for col in &b.columns {
            let charts = bias(col, r.config.bias.min_group_size);
            if !charts.is_empty() {
                out.bias.push((col.column.clone(), charts));
            }
        }
    }
    out.outliers = r.outliers.as_ref().and_then(outlier_scores);
    out.latency = r.latency.as_ref().and_then(latency_buckets);
    // Views travel to the page as JSON, which has no NaN: drop non-finite points.
    for v in out.quality.iter_mut().chain(out.over_time.iter_mut()) {
        if let ChartView::Xy(x) = v {
            x.series = std::mem::take(&mut x.series)
                .into_iter()
                .map(finite_only)
                .collect();
        }
    }
    out
}

type Side<'a> = (&'a str, Swatch, Option<&'a ClassMetrics>);

/// What distinguishes the ROC and the precision–recall chart.
struct CurveSpec<P> {
    curve: fn(&ClassMetrics) -> Option<&Vec<P>>,
    point: fn(&P) -> ([f64; 2], f64),
    summary: fn(&ClassMetrics) -> Option<crate::num::Num>,
    title: &'static str,
    x_label: &'static str,
    y_label: &'static str,
    chance_diagonal: bool,
}

/// A threshold curve of both files; each point's tooltip names its score threshold.
fn threshold_curve<P>(sides: &[Side<'_>], spec: &CurveSpec<P>) -> Option<ChartView> {
    let mut s = Vec::new();
    let mut summary = [None, None];
    for (k, (name, sw, m)) in sides.iter().enumerate() {
        let Some(m) = m else { continue };
        let Some(curve) = (spec.curve)(m).filter(|c| !c.is_empty()) else {
            continue;
        };
        summary[k] = (spec.summary)(m).map(|v| v.0);
        let pts: Vec<([f64; 2], f64)> = curve.iter().map(spec.point).collect();
        let mut ser = series(
            name,
            *sw,
            SeriesStyle::Line,
            pts.iter().map(|p| p.0).collect(),
        );
        ser.notes = pts
            .iter()
            .map(|p| format!("score ≥ {}", crate::format::num(p.1)))
            .collect();
        s.push(ser);
    }
    if s.is_empty() {
        return None;
    }
    if spec.chance_diagonal {
        s.insert(0, diagonal("chance"));
    }
    Some(ChartView::Xy(XyView {
        title: pair_title(spec.title, summary[0], summary[1]),
        x_label: spec.x_label.into(),
        y_label: spec.y_label.into(),
        x_range: Some([0.0, 1.0]),
        y_range: Some([0.0, 1.0]),
        series: s,
        ..Default::default()
    }))
}

fn roc(sides: &[Side<'_>]) -> Option<ChartView> {
    threshold_curve(
        sides,
        &CurveSpec {
            curve: |m| m.roc_curve.as_ref(),
            point: |p| ([p.fpr.0, p.tpr.0], p.threshold.0),
            summary: |m| m.roc_auc,
            title: "ROC curve — AUC",
            x_label: "false positive rate",
            y_label: "true positive rate",
            chance_diagonal: true,
        },
    )
}

fn pr(sides: &[Side<'_>]) -> Option<ChartView> {
    threshold_curve(
        sides,
        &CurveSpec {
            curve: |m| m.pr_curve.as_ref(),
            point: |p| ([p.recall.0, p.precision.0], p.threshold.0),
            summary: |m| m.average_precision,
            title: "Precision–recall — average precision",
            x_label: "recall",
            y_label: "precision",
            chance_diagonal: false,
        },
    )
}

fn reliability(sides: &[Side<'_>]) -> Option<ChartView> {
    let mut s = vec![diagonal("perfect calibration")];
    let mut ece = [None, None];
    let mut kind = String::new();
    for (k, (name, sw, m)) in sides.iter().enumerate() {
        let Some(rel) = m.and_then(|m| m.reliability.as_ref()) else {
            continue;
        };
        ece[k] = Some(rel.ece.0);
        kind.clone_from(&rel.kind);
        let bins: Vec<_> = rel
            .bins
            .iter()
            .filter_map(|b| Some((b, b.mean_predicted?.0, b.observed_rate?.0)))
            .collect();
        let mut ser = series(
            name,
            *sw,
            SeriesStyle::Line,
            bins.iter().map(|(_, x, y)| [*x, *y]).collect(),
        );
        ser.notes = bins
            .iter()
            .map(|(b, _, _)| {
                format!(
                    "n = {} in [{}, {})",
                    b.count,
                    crate::format::num(b.lower.0),
                    crate::format::num(b.upper.0)
                )
            })
            .collect();
        s.push(ser);
    }
    if s.len() == 1 {
        return None;
    }
    let (x, y) = if kind == "top_label" {
        ("mean top-label probability", "accuracy")
    } else {
        ("mean predicted probability", "observed positive rate")
    };
    Some(ChartView::Xy(XyView {
        title: pair_title("Reliability — ECE", ece[0], ece[1]),
        x_label: x.into(),
        y_label: y.into(),
        x_range: Some([0.0, 1.0]),
        y_range: Some([0.0, 1.0]),
        series: s,
        ..Default::default()
    }))
}

/// The relative tolerance of the performance-drop alert (SPEC §4: 5 %).
const DROP: f64 = 0.05;

fn over_time(r: &Report) -> Vec<ChartView> {
    let mut out = Vec::new();
    let accuracy = r.rolling.as_ref().map_or(r.classification.is_some(), |x| {
        x.metric == RollingMetric::Accuracy
    });
    let (metric, fmt) = if accuracy {
        ("accuracy", AxisFormat::Percent)
    } else {
        ("MAE", AxisFormat::Number)
    };
    let baseline = r.performance.as_ref().map(|p| p.reference.0);
    let band = |b: f64| {
        let (lo, hi) = if accuracy {
            (b * (1.0 - DROP), (b * (1.0 + DROP)).min(1.0))
        } else {
            (b * (1.0 - DROP), b * (1.0 + DROP))
        };
        Band {
            from: lo,
            to: hi,
            label: format!("reference {metric} {} ± 5 %", crate::format::num(b)),
        }
    };
    if let Some(roll) = r.rolling.as_ref().filter(|x| !x.values.is_empty()) {
        let w = roll.window;
        let pts: Vec<[f64; 2]> = roll
            .start_indices
            .iter()
            .zip(&roll.values)
            .map(|(&i, v)| [(i + w) as f64, v.0])
            .collect();
        let mut ser = series("production", Swatch::Production, SeriesStyle::Line, pts);
        ser.notes = roll
            .start_indices
            .iter()
            .map(|&i| format!("rows {}–{} of the labelled stream", i + 1, i + w))
            .collect();
        let mut rules = Vec::new();
        if let Some(cp) = &r.change_points {
            if let (Some(first), Some(det)) = (cp.first, cp.first_detector.as_ref()) {
                let name = match det.as_str() {
                    "adwin" => "ADWIN",
                    "ddm" => "DDM",
                    "page_hinkley" => "Page-Hinkley",
                    d => d,
                };
                rules.push(Rule {
                    value: first as f64,
                    label: format!("change detected ({name}) at #{first}"),
                });
            }
            for &a in cp.adwin.iter().filter(|&&a| Some(a) != cp.first).take(4) {
                rules.push(Rule {
                    value: a as f64,
                    label: String::new(),
                });
            }
        }
        out.push(ChartView::Xy(XyView {
            title: format!("Rolling {metric} (window {w}, step {})", roll.step),
            x_label: "labelled predictions in time order (window end)".into(),
            y_label: metric.into(),
            y_format: fmt,
            series: vec![ser],
            bands: baseline.map(band).into_iter().collect(),
            y_rules: baseline
                .map(|b| Rule {
                    value: b,
                    label: format!("reference {}", crate::format::num(b)),
                })
                .into_iter()
                .collect(),
            x_rules: rules,
            ..Default::default()
        }));
    }
    if r.chunks.is_empty() {
        return out;
    }
    let labels: Vec<String> = r.chunks.iter().map(|c| c.label.clone()).collect();
    let values: Vec<[f64; 2]> = r
        .chunks
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let v = if accuracy { c.accuracy } else { c.mae };
            [i as f64, v.map_or(f64::NAN, |v| v.0)]
        })
        .collect();
    if values.iter().any(|p| p[1].is_finite()) {
        let mut ser = series("production", Swatch::Production, SeriesStyle::Bars, values);
        ser.notes = r
            .chunks
            .iter()
            .map(|c| {
                let mut n = format!("{} labelled of {} rows", c.n_labeled, c.rows);
                if let Some(d) = c.relative_change {
                    n.push_str(&format!(" · {:+.1} % vs reference", d.0 * 100.0));
                }
                if c.alert == Some(true) {
                    n.push_str(" · ▲ drop > 5 %");
                }
                n
            })
            .collect();
        // Chunks that dropped more than 5 % carry a ▲ (a shape, not only a colour or a tooltip).
        let marked: Vec<String> = r
            .chunks
            .iter()
            .map(|c| {
                if c.alert == Some(true) {
                    format!("▲ {}", c.label)
                } else {
                    c.label.clone()
                }
            })
            .collect();
        out.push(ChartView::Xy(XyView {
            title: format!("{metric} per chunk (▲ = drop > 5 %)"),
            x_label: "chunk".into(),
            y_label: metric.into(),
            y_format: fmt,
            x_categories: marked,
            series: vec![ser],
            bands: baseline.map(band).into_iter().collect(),
            ..Default::default()
        }));
    }
    // Prediction mean per chunk, against the reference mean of the same column.
    let means: Vec<[f64; 2]> = r
        .chunks
        .iter()
        .enumerate()
        .map(|(i, c)| [i as f64, c.prediction_mean.map_or(f64::NAN, |v| v.0)])
        .collect();
    if means.iter().any(|p| p[1].is_finite()) {
        let col = r
            .columns
            .iter()
            .find(|c| c.role == Role::Score)
            .or_else(|| r.columns.iter().find(|c| c.role == Role::Prediction));
        let ref_mean = col.and_then(|c| {
            r.quality
                .columns
                .iter()
                .find(|q| q.column == c.name)
                .and_then(|q| q.reference.as_ref()?.mean)
        });
        let name = col.map_or("prediction", |c| c.name.as_str());
        let mut ser = series("production", Swatch::Production, SeriesStyle::Line, means);
        ser.notes = r
            .chunks
            .iter()
            .map(|c| format!("{} rows", c.rows))
            .collect();
        out.push(ChartView::Xy(XyView {
            title: format!("Mean of {name} per chunk"),
            x_label: "chunk".into(),
            y_label: format!("mean {name}"),
            x_categories: labels.clone(),
            series: vec![ser],
            y_rules: ref_mean
                .map(|m| Rule {
                    value: m.0,
                    label: format!("reference mean {}", crate::format::num(m.0)),
                })
                .into_iter()
                .collect(),
            ..Default::default()
        }));
    }
    // Label coverage, shown when targets are missing for part of production (late labels).
    if r.chunks.iter().any(|c| c.n_labeled < c.rows) {
        let mut ser = series(
            "production",
            Swatch::Production,
            SeriesStyle::Bars,
            r.chunks
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    [
                        i as f64,
                        if c.rows == 0 {
                            f64::NAN
                        } else {
                            c.n_labeled as f64 / c.rows as f64
                        },
                    ]
                })
                .collect(),
        );
        ser.notes = r
            .chunks
            .iter()
            .map(|c| format!("{} of {} rows labelled", c.n_labeled, c.rows))
            .collect();
        out.push(ChartView::Xy(XyView {
            title: "Label coverage per chunk (targets that have arrived)".into(),
            x_label: "chunk".into(),
            y_label: "labelled share".into(),
            y_format: AxisFormat::Percent,
            y_range: Some([0.0, 1.0]),
            x_categories: labels,
            series: vec![ser],
            ..Default::default()
        }));
    }
    out
}

/// Bars per group of one metric in both files.
fn bias(col: &crate::fairness::BiasColumn, min_group: usize) -> Vec<ChartView> {
    use std::collections::BTreeMap;
    type Get = fn(&crate::fairness::OverallMetrics) -> f64;
    let mut groups: Vec<String> = Vec::new();
    let mut by: BTreeMap<&str, [Option<&crate::fairness::GroupMetrics>; 2]> = BTreeMap::new();
    for (k, side) in [col.reference.as_ref(), col.production.as_ref()]
        .into_iter()
        .enumerate()
    {
        for g in side.map(|s| s.groups.as_slice()).unwrap_or(&[]) {
            if !by.contains_key(g.value.as_str()) {
                groups.push(g.value.clone());
            }
            by.entry(g.value.as_str()).or_default()[k] = Some(g);
        }
    }
    if groups.is_empty() {
        return Vec::new();
    }
    let muted: Vec<bool> = groups
        .iter()
        .map(|g| by[g.as_str()].iter().flatten().all(|m| m.small_sample))
        .collect();
    let notes: Vec<String> = groups
        .iter()
        .map(|g| {
            let [a, b] = by[g.as_str()];
            let n = |m: Option<&crate::fairness::GroupMetrics>| {
                m.map_or("—".to_owned(), |m| m.metrics.counts.n.to_string())
            };
            let small = if by[g.as_str()].iter().flatten().any(|m| m.small_sample) {
                format!(" · fewer than {min_group} rows: not judged")
            } else {
                String::new()
            };
            format!("n reference {} · production {}{small}", n(a), n(b))
        })
        .collect();
    let bars = |title: String, y: &str, get: Get| -> BarsView {
        let val = |k: usize| -> Vec<f64> {
            groups
                .iter()
                .map(|g| by[g.as_str()][k].map_or(0.0, |m| get(&m.metrics).clamp(0.0, 1.0)))
                .collect()
        };
        BarsView {
            column: title,
            categories: groups.clone(),
            ref_share: val(0),
            prod_share: val(1),
            new_in_prod: groups.iter().map(|g| by[g.as_str()][0].is_none()).collect(),
            muted: muted.clone(),
            notes: notes.clone(),
            y_label: Some(y.into()),
            ..Default::default()
        }
    };
    let c = &col.column;
    let mut acc = bars(format!("Accuracy per {c} group"), "accuracy", |m| {
        m.accuracy.0
    });
    if let Some(o) = col.production.as_ref().or(col.reference.as_ref()) {
        let a = o.overall.accuracy.0;
        if a.is_finite() {
            acc.bands.push(Band {
                from: (a - 0.05).max(0.0),
                to: (a + 0.05).min(1.0),
                label: format!("overall {} ± 5 points", crate::format::num(a)),
            });
        }
    }
    let sr = bars(
        format!(
            "Selection rate (predicted {}) per {c} group",
            col.positive_label
        ),
        "selection rate",
        |m| m.selection_rate.0,
    );
    let tpr = bars(format!("True positive rate per {c} group"), "TPR", |m| {
        m.tpr.0
    });
    let fpr = bars(format!("False positive rate per {c} group"), "FPR", |m| {
        m.fpr.0
    });
    // Four-fifths: selection rate over the highest eligible group's.
    let ratio = |k: usize| -> Vec<f64> {
        let max = groups
            .iter()
            .zip(&muted)
            .filter(|(_, m)| !**m)
            .filter_map(|(g, _)| by[g.as_str()][k].map(|m| m.metrics.selection_rate.0))
            .fold(0.0_f64, f64::max);
        groups
            .iter()
            .map(|g| {
                by[g.as_str()][k].map_or(0.0, |m| {
                    if max > 0.0 {
                        (m.metrics.selection_rate.0 / max).clamp(0.0, 1.0)
                    } else {
                        0.0
                    }
                })
            })
            .collect()
    };
    let parity = BarsView {
        column: format!("Selection rate relative to the highest {c} group (four-fifths rule)"),
        categories: groups.clone(),
        ref_share: ratio(0),
        prod_share: ratio(1),
        new_in_prod: groups.iter().map(|g| by[g.as_str()][0].is_none()).collect(),
        bands: vec![Band {
            from: 0.8,
            to: 1.0,
            label: "four-fifths band (≥ 80 %)".into(),
        }],
        rules: vec![Rule {
            value: 0.8,
            label: "80 %".into(),
        }],
        muted,
        notes,
        y_label: Some("ratio to the highest group".into()),
        ..Default::default()
    };
    [acc, sr, tpr, fpr, parity]
        .into_iter()
        .map(ChartView::Bars)
        .collect()
}

/// Isolation Forest decision scores of both files (shares per bin) with the threshold line.
pub fn outlier_scores(o: &OutlierReport) -> Option<ChartView> {
    let edges: Vec<f64> = o.histogram.edges.iter().map(|e| e.0).collect();
    if edges.len() < 2
        || edges
            .windows(2)
            .any(|w| w[1].partial_cmp(&w[0]) != Some(std::cmp::Ordering::Greater))
        || !edges.iter().all(|e| e.is_finite())
    {
        return None;
    }
    Some(ChartView::Histogram(HistogramView {
        column: "Isolation Forest decision score (outlier below the threshold)".to_owned(),
        edges,
        ref_share: crate::stats::shares(&o.histogram.reference),
        prod_share: crate::stats::shares(&o.histogram.production),
        open_left: false,
        open_right: false,
        rules: vec![Rule {
            value: o.threshold.0,
            label: format!("threshold {}", crate::format::num(o.threshold.0)),
        }],
        y_label: None,
        ref_rows: o.histogram.reference.iter().sum(),
        prod_rows: o.histogram.production.iter().sum(),
    }))
}

/// Latency per Prometheus bucket (non-cumulative shares, `≤ 0.01 s` … `> 5 s`) with the SLO
/// target as a vertical line placed proportionally inside its bucket.
pub fn latency_buckets(l: &LatencyReport) -> Option<ChartView> {
    let per_bucket = |cum: &[u64]| -> Vec<u64> {
        cum.iter()
            .enumerate()
            .map(|(i, &c)| c - if i == 0 { 0 } else { cum[i - 1].min(c) })
            .collect()
    };
    let (r, p) = (
        per_bucket(&l.bucket_counts.reference),
        per_bucket(&l.bucket_counts.production),
    );
    if r.is_empty() || r.len() != p.len() {
        return None;
    }
    let bounds: Vec<f64> = l.buckets_s.iter().map(|b| b.0).collect();
    let mut categories: Vec<String> = bounds.iter().map(|b| format!("≤ {b} s")).collect();
    categories.push(format!("> {} s", bounds.last().copied().unwrap_or(0.0)));
    categories.truncate(r.len());
    let target_s = l.slo.target_ms.0 / 1000.0;
    let slot_rule = target_s.is_finite().then(|| {
        let i = bounds.partition_point(|&b| b < target_s);
        let lower = if i == 0 { 0.0 } else { bounds[i - 1] };
        let pos = match bounds.get(i) {
            Some(&upper) if upper > lower => i as f64 + (target_s - lower) / (upper - lower),
            Some(_) => i as f64 + 1.0,
            None => i as f64 + 0.5,
        };
        Rule {
            value: pos,
            label: format!(
                "SLO p{} ≤ {} ms",
                crate::format::num(l.slo.percentile.0),
                crate::format::num(l.slo.target_ms.0)
            ),
        }
    });
    Some(ChartView::Bars(BarsView {
        column: format!("{} per Prometheus bucket", l.column),
        new_in_prod: vec![false; categories.len()],
        categories,
        ref_share: crate::stats::shares(&r),
        prod_share: crate::stats::shares(&p),
        ref_rows: r.iter().sum(),
        prod_rows: p.iter().sum(),
        slot_rule,
        y_label: Some("share of requests".into()),
        ..Default::default()
    }))
}

/// Where the two-sample KS statistic is attained: `(x, F_ref(x), F_prod(x))`, x being scipy's
/// `statistic_location` ([`crate::drift::ks::statistic_location`]). Both inputs sorted
/// ascending and finite.
///
/// # Formula
/// `D = max_x |F_ref(x) − F_prod(x)|`, the ECDFs right-continuous (`F(x) = #{v ≤ x}·(1/n)`, the
/// product scipy computes), so `|F_ref − F_prod|` at x equals the reported D to the last bit.
pub fn ks_location(xs: &[f64], ys: &[f64]) -> Option<(f64, f64, f64)> {
    let (_, x) = crate::drift::ks::statistic_location(xs, ys)?;
    Some((x, ecdf_at(xs, x), ecdf_at(ys, x)))
}

/// `F(x) = #{v ≤ x}·(1/n)` of sorted `v` (non-empty).
fn ecdf_at(v: &[f64], x: f64) -> f64 {
    v.partition_point(|&a| a <= x) as f64 * (1.0 / v.len() as f64)
}

/// ECDFs of a numeric column in both files on one shared grid (so the tooltip reads both at the
/// same x), with the KS distance marked where it occurs. `xs`, `ys`: sorted finite values;
/// `lo`, `hi`: the displayed range (e.g. the histogram's), widened to include the KS location.
pub fn ecdf(column: &str, xs: &[f64], ys: &[f64], lo: f64, hi: f64) -> Option<ChartView> {
    let (kx, fa, fb) = ks_location(xs, ys)?;
    let (lo, hi) = (lo.min(kx), hi.max(kx));
    if !(lo.is_finite() && hi.is_finite()) {
        return None;
    }
    let mut grid: Vec<f64> = if hi > lo {
        (0..=CURVE_POINTS)
            .map(|k| lo + (hi - lo) * k as f64 / CURVE_POINTS as f64)
            .collect()
    } else {
        vec![lo]
    };
    grid.push(kx);
    grid.sort_by(f64::total_cmp);
    grid.dedup();
    let mk = |name: &str, sw: Swatch, v: &[f64]| {
        series(
            name,
            sw,
            SeriesStyle::Step,
            grid.iter().map(|&x| [x, ecdf_at(v, x)]).collect(),
        )
    };
    let d = (fa - fb).abs();
    Some(ChartView::Xy(XyView {
        title: format!("ECDF of {column}"),
        x_label: format!("{column} ≤"),
        y_label: "cumulative share of rows".into(),
        y_format: AxisFormat::Percent,
        y_range: Some([0.0, 1.0]),
        series: vec![
            mk("reference", Swatch::Reference, xs),
            mk("production", Swatch::Production, ys),
        ],
        marker: Some(Marker {
            x: kx,
            y0: fa,
            y1: fb,
            label: format!(
                "KS D = {} at {}",
                crate::format::num(d),
                crate::format::num(kx)
            ),
        }),
        ..Default::default()
    }))
}

/// Histogram of signed errors `ŷ − y` of both files (same display bins as a numeric column).
pub fn regression_errors(
    reference: Option<(&[f64], &[f64])>,
    production: Option<(&[f64], &[f64])>,
) -> Option<ChartView> {
    let errs = |s: Option<(&[f64], &[f64])>| -> Vec<f64> {
        let mut e: Vec<f64> = s
            .map(|(y, yh)| {
                y.iter()
                    .zip(yh)
                    .map(|(a, b)| b - a)
                    .filter(|e| e.is_finite())
                    .collect()
            })
            .unwrap_or_default();
        e.sort_by(f64::total_cmp);
        e
    };
    let (a, b) = (errs(reference), errs(production));
    let mut v = numeric_histogram("Prediction error (predicted − actual)", &a, &b)?;
    if let ChartView::Histogram(h) = &mut v {
        h.rules.push(Rule {
            value: 0.0,
            label: "no error".into(),
        });
    }
    Some(v)
}

/// Predicted vs actual, at most [`SCATTER_POINTS`] evenly spaced rows of each file.
pub fn regression_scatter(
    reference: Option<(&[f64], &[f64])>,
    production: Option<(&[f64], &[f64])>,
) -> Option<ChartView> {
    let sample = |name: &str, sw: Swatch, s: Option<(&[f64], &[f64])>| -> Option<Series> {
        let (y, yh) = s?;
        let rows: Vec<usize> = (0..y.len().min(yh.len()))
            .filter(|&i| y[i].is_finite() && yh[i].is_finite())
            .collect();
        if rows.is_empty() {
            return None;
        }
        let step = rows.len().div_ceil(SCATTER_POINTS).max(1);
        let picked: Vec<usize> = rows.iter().copied().step_by(step).collect();
        let mut ser = series(
            name,
            sw,
            SeriesStyle::Points,
            picked.iter().map(|&i| [y[i], yh[i]]).collect(),
        );
        ser.notes = picked.iter().map(|&i| format!("row {}", i + 1)).collect();
        Some(ser)
    };
    let s: Vec<Series> = [
        sample("reference", Swatch::Reference, reference),
        sample("production", Swatch::Production, production),
    ]
    .into_iter()
    .flatten()
    .collect();
    if s.is_empty() {
        return None;
    }
    let (lo, hi) = s
        .iter()
        .flat_map(|x| x.points.iter().flat_map(|p| [p[0], p[1]]))
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
            (a.min(v), b.max(v))
        });
    let n: usize = s.iter().map(|x| x.points.len()).sum();
    let mut s = s;
    if hi > lo {
        s.insert(
            0,
            Series {
                hover: false,
                ..series(
                    "exact prediction",
                    Swatch::Muted,
                    SeriesStyle::Dashed,
                    vec![[lo, lo], [hi, hi]],
                )
            },
        );
    }
    Some(ChartView::Xy(XyView {
        title: format!("Predicted vs actual ({n} sampled rows)"),
        x_label: "actual".into(),
        y_label: "predicted".into(),
        series: s,
        x_range: (hi > lo).then_some([lo, hi]),
        y_range: (hi > lo).then_some([lo, hi]),
        ..Default::default()
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cumulative_bucket_counts_become_per_bucket_shares() {
        assert_eq!(crate::stats::shares(&[1, 3]), vec![0.25, 0.75]);
        assert_eq!(crate::stats::shares(&[0, 0]), vec![0.0, 0.0]);
    }

    #[test]
    fn ks_location_attains_the_ks_statistic() {
        let xs = [1.0, 2.0, 3.0, 4.0];
        let ys = [2.5, 3.5, 4.5, 5.5, 6.5];
        let (x, a, b) = ks_location(&xs, &ys).expect("both non-empty");
        let d = crate::drift::ks::ks_two_sample(&xs, &ys, Default::default())
            .expect("ks")
            .statistic;
        assert_eq!((a - b).abs(), d, "{a} {b} {d}");
        assert_eq!(x, 4.0);
        assert!(ks_location(&[], &ys).is_none());
    }

    #[test]
    fn ecdf_marks_the_distance_on_a_shared_grid() {
        let xs: Vec<f64> = (0..100).map(f64::from).collect();
        let ys: Vec<f64> = (30..130).map(f64::from).collect();
        let ChartView::Xy(v) = ecdf("age", &xs, &ys, 0.0, 129.0).expect("view") else {
            panic!("xy view")
        };
        let mk = v.marker.expect("marker");
        assert!(((mk.y0 - mk.y1).abs() - 0.3).abs() < 1e-12);
        assert_eq!(v.series[0].points.len(), v.series[1].points.len());
        assert!(v.series[0].points.iter().any(|p| p[0] == mk.x));
    }

    #[test]
    fn scatter_is_sampled() {
        let y: Vec<f64> = (0..10_000).map(f64::from).collect();
        let ChartView::Xy(v) = regression_scatter(Some((&y, &y)), Some((&y, &y))).expect("view")
        else {
            panic!("xy")
        };
        assert!(v.series.iter().all(|s| s.points.len() <= SCATTER_POINTS));
    }
}
