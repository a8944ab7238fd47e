//! Over-time charts: the rolling metric with the reference band and change points, the metric
//! per chunk, the prediction mean per chunk, and the label coverage.

use super::*;
use crate::chart::{AxisFormat, Band, Rule, XyView};
use crate::data::Role;
use crate::metrics::RollingMetric;

/// The relative tolerance of the performance-drop alert (SPEC §4: 5 %).
const DROP: f64 = 0.05;

pub(super) fn over_time(r: &Report) -> Vec<ChartView> {
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

/// One chunk of a per-chunk chart: its file, label, value, hover note and alert.
struct ChunkPoint {
    period: &'static str,
    label: String,
    value: f64,
    note: String,
    alert: bool,
}

/// A per-chunk chart (the estimate, a column's drift score, the reconstruction error): one line
/// per file over the chunks in order, labels with a ▲ where a chunk alerts, a rule before
/// production's first chunk, `band` as the reference range and `extra` series on top.
fn chunk_chart(
    (title, y_label, y_format, line_suffix): (String, String, AxisFormat, &str),
    points: &[ChunkPoint],
    band: Option<Band>,
    extra: Vec<Series>,
    y_rules: Vec<Rule>,
) -> ChartView {
    let mut lines = Vec::new();
    for (period, swatch) in [
        ("reference", Swatch::Reference),
        ("production", Swatch::Production),
    ] {
        let idx: Vec<usize> = (0..points.len())
            .filter(|&i| points[i].period == period)
            .collect();
        if idx.is_empty() {
            continue;
        }
        let mut s = series(
            &format!("{period}{line_suffix}"),
            swatch,
            SeriesStyle::Line,
            idx.iter().map(|&i| [i as f64, points[i].value]).collect(),
        );
        s.notes = idx.iter().map(|&i| points[i].note.clone()).collect();
        lines.push(finite_only(s));
    }
    lines.extend(extra);
    let first_prod = points.iter().position(|p| p.period == "production");
    ChartView::Xy(XyView {
        title,
        x_label: "chunk".into(),
        y_label,
        y_format,
        x_categories: points
            .iter()
            .map(|p| {
                if p.alert {
                    format!("▲ {}", p.label)
                } else {
                    p.label.clone()
                }
            })
            .collect(),
        series: lines,
        bands: band.into_iter().collect(),
        y_rules,
        x_rules: first_prod
            .filter(|&i| i > 0)
            .map(|i| Rule {
                value: i as f64 - 0.5,
                label: "production →".into(),
            })
            .into_iter()
            .collect(),
        ..Default::default()
    })
}

/// `"reference"` or `"production"` as a static string.
fn period_of(p: &str) -> &'static str {
    if p == "reference" {
        "reference"
    } else {
        "production"
    }
}

/// The reference range (mean ± 3σ) band.
fn range_band(lo: f64, hi: f64) -> Band {
    Band {
        from: lo,
        to: hi,
        label: "reference range (mean ± 3σ)".into(),
    }
}

/// Estimated accuracy and ROC AUC per chunk (CBPE): reference and production estimates as
/// lines (hover: the ±3-sampling-error band and the rows), the realised values as points where
/// labels exist, the reference chunks' range (mean ± 3σ) as a band; chunks whose estimate
/// leaves the range carry a ▲ in their label.
pub(super) fn estimate(e: &crate::metrics::cbpe::PerformanceEstimate) -> Vec<ChartView> {
    let mut out = Vec::new();
    for (key, name) in [("accuracy", "Accuracy"), ("roc_auc", "ROC AUC")] {
        let value = |m: &std::collections::BTreeMap<String, crate::num::Num>| {
            m.get(key).map_or(f64::NAN, |v| v.0)
        };
        let points: Vec<ChunkPoint> = e
            .chunks
            .iter()
            .map(|c| {
                let alert = c.alert.get(key) == Some(&true);
                let mut note = format!(
                    "band {}–{} (±3 sampling errors) · {} rows, {} labelled",
                    crate::format::num(value(&c.lower_confidence)),
                    crate::format::num(value(&c.upper_confidence)),
                    c.rows,
                    c.n_labeled
                );
                if alert {
                    note.push_str(" · ▲ outside the reference range");
                }
                ChunkPoint {
                    period: period_of(&c.period),
                    label: c.label.clone(),
                    value: value(&c.estimated),
                    note,
                    alert,
                }
            })
            .collect();
        let realised: Vec<[f64; 2]> = e
            .chunks
            .iter()
            .enumerate()
            .filter_map(|(i, c)| c.realized.get(key).map(|v| [i as f64, v.0]))
            .collect();
        let extra = (!realised.is_empty())
            .then(|| {
                series(
                    "realised (labels)",
                    Swatch::Accent,
                    SeriesStyle::Points,
                    realised,
                )
            })
            .into_iter()
            .collect();
        let band = e.chunks.last().and_then(|c| {
            Some(range_band(
                c.lower_threshold.get(key)?.0,
                c.upper_threshold.get(key)?.0,
            ))
        });
        out.push(chunk_chart(
            (
                format!("{name} estimated per chunk (CBPE)"),
                format!("{} (estimated)", name.to_lowercase()),
                AxisFormat::Percent,
                " (estimated)",
            ),
            &points,
            band,
            extra,
            Vec::new(),
        ));
    }
    out
}

/// One column's drift score per chunk (reference chunks, then production), with the method's
/// fixed threshold as a line and the reference chunks' range as a band; chunks that alert carry
/// a ▲ in their label.
pub fn drift_over_time(c: &crate::report::ColumnOverTime) -> ChartView {
    let points: Vec<ChunkPoint> = c
        .chunks
        .iter()
        .map(|ch| {
            let mut note = format!("{} rows, {} values scored", ch.rows, ch.values);
            if ch.alert {
                note.push_str(" · ▲ beyond the threshold and the reference range");
            } else if ch.beyond_threshold {
                note.push_str(" · beyond the threshold, within the reference range (chance)");
            } else if ch.outside_reference_range {
                note.push_str(" · outside the reference range, below the threshold");
            }
            ChunkPoint {
                period: period_of(&ch.period),
                label: ch.label.clone(),
                value: ch.score.map_or(f64::NAN, |v| v.0),
                note,
                alert: ch.alert,
            }
        })
        .collect();
    chunk_chart(
        (
            format!("{} of {} per chunk", c.method.name(), c.column),
            c.method.id().into(),
            AxisFormat::Number,
            "",
        ),
        &points,
        c.lower_threshold
            .zip(c.upper_threshold)
            .map(|(lo, hi)| range_band(lo.0, hi.0)),
        Vec::new(),
        vec![Rule {
            value: c.threshold.0,
            label: format!("threshold {}", crate::format::num(c.threshold.0)),
        }],
    )
}

/// The PCA reconstruction error per chunk (reference and production lines, hover: the
/// sampling error), with the reference chunks' range as a band.
pub fn reconstruction(m: &crate::report::ReconstructionReport) -> ChartView {
    let points: Vec<ChunkPoint> = m
        .chunks
        .iter()
        .map(|c| {
            let alert = c.alert && c.period == "production";
            ChunkPoint {
                period: period_of(&c.period),
                label: c.label.clone(),
                value: c.error.0,
                note: format!(
                    "± {} (3 sampling errors) · {} rows{}",
                    crate::format::num(3.0 * c.sampling_error.0),
                    c.rows,
                    if c.alert {
                        " · ▲ outside the reference range"
                    } else {
                        ""
                    }
                ),
                alert,
            }
        })
        .collect();
    let band = m.chunks.last().and_then(|c| {
        Some(range_band(
            c.lower_threshold.map_or(0.0, |v| v.0),
            c.upper_threshold?.0,
        ))
    });
    chunk_chart(
        (
            format!(
                "PCA reconstruction error per chunk ({} components)",
                m.components
            ),
            "reconstruction error".into(),
            AxisFormat::Number,
            "",
        ),
        &points,
        band,
        Vec::new(),
        Vec::new(),
    )
}

/// A proxy per chunk (reference and production lines; hover: the rows and the metric), with the
/// reference's 95 % interval as a band.
pub fn proxy_chunks(px: &crate::report::Proxies, c: &crate::report::ProxyColumn) -> ChartView {
    let rate = c.kind == crate::service::ProxyKind::Rate;
    let points: Vec<ChunkPoint> = c
        .chunks
        .iter()
        .map(|k| ChunkPoint {
            period: period_of(&k.period),
            label: k.label.clone(),
            value: k.value.map_or(f64::NAN, |v| v.0),
            note: match (&px.metric, k.metric) {
                (Some(m), Some(v)) => format!(
                    "{} of {} rows · {} {}",
                    k.n,
                    k.rows,
                    m.replace('_', " "),
                    crate::format::num(v.0)
                ),
                _ => format!("{} of {} rows", k.n, k.rows),
            },
            alert: false,
        })
        .collect();
    chunk_chart(
        (
            format!(
                "{} per chunk ({})",
                c.column,
                if rate { "rate" } else { "mean" }
            ),
            c.column.clone(),
            if rate {
                AxisFormat::Percent
            } else {
                AxisFormat::Number
            },
            "",
        ),
        &points,
        Some(Band {
            from: c.reference.ci_low.0,
            to: c.reference.ci_high.0,
            label: "reference 95 % interval".into(),
        })
        .filter(|b| b.from.is_finite() && b.to.is_finite()),
        Vec::new(),
        Vec::new(),
    )
}

/// Each chunk as a point (x: the model metric, y: the proxy), one colour per file: whether the
/// proxy moves with the metric. `None` without a correlation.
pub fn proxy_vs_metric(
    px: &crate::report::Proxies,
    c: &crate::report::ProxyColumn,
) -> Option<ChartView> {
    let r = c.correlation_with_metric?;
    let metric = px.metric.as_deref()?.replace('_', " ");
    let rate = c.kind == crate::service::ProxyKind::Rate;
    let mut out = Vec::new();
    for (period, swatch) in [
        ("reference", Swatch::Reference),
        ("production", Swatch::Production),
    ] {
        let ks: Vec<&crate::report::ProxyChunk> = c
            .chunks
            .iter()
            .filter(|k| k.period == period && k.value.is_some() && k.metric.is_some())
            .collect();
        if ks.is_empty() {
            continue;
        }
        let mut s = series(
            period,
            swatch,
            SeriesStyle::Points,
            ks.iter()
                .filter_map(|k| Some([k.metric?.0, k.value?.0]))
                .collect(),
        );
        s.notes = ks.iter().map(|k| k.label.clone()).collect();
        out.push(finite_only(s));
    }
    Some(ChartView::Xy(XyView {
        title: format!(
            "{} against the {metric} per chunk (r = {})",
            c.column,
            crate::format::two_decimals(r.0)
        ),
        x_label: metric.clone(),
        y_label: c.column.clone(),
        x_format: if px.metric.as_deref() == Some("mae") {
            AxisFormat::Number
        } else {
            AxisFormat::Percent
        },
        y_format: if rate {
            AxisFormat::Percent
        } else {
            AxisFormat::Number
        },
        series: out,
        ..Default::default()
    }))
}
