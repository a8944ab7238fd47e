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
        let alerted = |c: &crate::metrics::cbpe::EstimateChunk| c.alert.get(key) == Some(&true);
        let labels: Vec<String> = e
            .chunks
            .iter()
            .map(|c| {
                if alerted(c) {
                    format!("▲ {}", c.label)
                } else {
                    c.label.clone()
                }
            })
            .collect();
        let mut series_out = Vec::new();
        for (period, swatch) in [
            ("reference", Swatch::Reference),
            ("production", Swatch::Production),
        ] {
            let idx: Vec<usize> = (0..e.chunks.len())
                .filter(|&i| e.chunks[i].period == period)
                .collect();
            if idx.is_empty() {
                continue;
            }
            let mut s = series(
                &format!("{period} (estimated)"),
                swatch,
                SeriesStyle::Line,
                idx.iter()
                    .map(|&i| [i as f64, value(&e.chunks[i].estimated)])
                    .collect(),
            );
            s.notes = idx
                .iter()
                .map(|&i| {
                    let c = &e.chunks[i];
                    let mut n = format!(
                        "band {}–{} (±3 sampling errors) · {} rows, {} labelled",
                        crate::format::num(value(&c.lower_confidence)),
                        crate::format::num(value(&c.upper_confidence)),
                        c.rows,
                        c.n_labeled
                    );
                    if alerted(c) {
                        n.push_str(" · ▲ outside the reference range");
                    }
                    n
                })
                .collect();
            series_out.push(s);
        }
        let realised: Vec<[f64; 2]> = e
            .chunks
            .iter()
            .enumerate()
            .filter_map(|(i, c)| c.realized.get(key).map(|v| [i as f64, v.0]))
            .collect();
        if !realised.is_empty() {
            series_out.push(series(
                "realised (labels)",
                Swatch::Accent,
                SeriesStyle::Points,
                realised,
            ));
        }
        let last = e.chunks.last();
        let band = last.and_then(|c| {
            Some(Band {
                from: c.lower_threshold.get(key)?.0,
                to: c.upper_threshold.get(key)?.0,
                label: "reference range (mean ± 3σ)".into(),
            })
        });
        let first_prod = e.chunks.iter().position(|c| c.period == "production");
        out.push(ChartView::Xy(XyView {
            title: format!("{name} estimated per chunk (CBPE)"),
            x_label: "chunk".into(),
            y_label: format!("{} (estimated)", name.to_lowercase()),
            y_format: AxisFormat::Percent,
            x_categories: labels,
            series: series_out,
            bands: band.into_iter().collect(),
            x_rules: first_prod
                .filter(|&i| i > 0)
                .map(|i| Rule {
                    value: i as f64 - 0.5,
                    label: "production →".into(),
                })
                .into_iter()
                .collect(),
            ..Default::default()
        }));
    }
    out
}

/// One column's drift score per chunk (reference chunks, then production), with the method's
/// fixed threshold as a line and the reference chunks' range as a band; chunks beyond the fixed
/// threshold carry a ▲ in their label.
pub fn drift_over_time(c: &crate::report::ColumnOverTime) -> ChartView {
    let labels: Vec<String> = c
        .chunks
        .iter()
        .map(|ch| {
            if ch.alert {
                format!("▲ {}", ch.label)
            } else {
                ch.label.clone()
            }
        })
        .collect();
    let mut out = Vec::new();
    for (period, swatch) in [
        ("reference", Swatch::Reference),
        ("production", Swatch::Production),
    ] {
        let idx: Vec<usize> = (0..c.chunks.len())
            .filter(|&i| c.chunks[i].period == period)
            .collect();
        if idx.is_empty() {
            continue;
        }
        let mut s = series(
            period,
            swatch,
            SeriesStyle::Line,
            idx.iter()
                .map(|&i| [i as f64, c.chunks[i].score.map_or(f64::NAN, |v| v.0)])
                .collect(),
        );
        s.notes = idx
            .iter()
            .map(|&i| {
                let ch = &c.chunks[i];
                let mut n = format!("{} rows, {} values scored", ch.rows, ch.values);
                if ch.alert {
                    n.push_str(" · ▲ beyond the threshold and the reference range");
                } else if ch.beyond_threshold {
                    n.push_str(" · beyond the threshold, within the reference range (chance)");
                } else if ch.outside_reference_range {
                    n.push_str(" · outside the reference range, below the threshold");
                }
                n
            })
            .collect();
        out.push(finite_only(s));
    }
    let band = c
        .lower_threshold
        .zip(c.upper_threshold)
        .map(|(lo, hi)| Band {
            from: lo.0,
            to: hi.0,
            label: "reference range (mean ± 3σ)".into(),
        });
    let first_prod = c.chunks.iter().position(|ch| ch.period == "production");
    ChartView::Xy(XyView {
        title: format!("{} of {} per chunk", c.method.name(), c.column),
        x_label: "chunk".into(),
        y_label: c.method.id().into(),
        y_format: AxisFormat::Number,
        x_categories: labels,
        series: out,
        bands: band.into_iter().collect(),
        y_rules: vec![Rule {
            value: c.threshold.0,
            label: format!("threshold {}", crate::format::num(c.threshold.0)),
        }],
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

/// The PCA reconstruction error per chunk (reference and production lines, hover: the
/// sampling error), with the reference chunks' range as a band.
pub fn reconstruction(m: &crate::report::ReconstructionReport) -> ChartView {
    let labels: Vec<String> = m
        .chunks
        .iter()
        .map(|c| {
            if c.alert && c.period == "production" {
                format!("▲ {}", c.label)
            } else {
                c.label.clone()
            }
        })
        .collect();
    let mut out = Vec::new();
    for (period, swatch) in [
        ("reference", Swatch::Reference),
        ("production", Swatch::Production),
    ] {
        let idx: Vec<usize> = (0..m.chunks.len())
            .filter(|&i| m.chunks[i].period == period)
            .collect();
        if idx.is_empty() {
            continue;
        }
        let mut s = series(
            period,
            swatch,
            SeriesStyle::Line,
            idx.iter()
                .map(|&i| [i as f64, m.chunks[i].error.0])
                .collect(),
        );
        s.notes = idx
            .iter()
            .map(|&i| {
                let c = &m.chunks[i];
                format!(
                    "± {} (3 sampling errors) · {} rows{}",
                    crate::format::num(3.0 * c.sampling_error.0),
                    c.rows,
                    if c.alert {
                        " · ▲ outside the reference range"
                    } else {
                        ""
                    }
                )
            })
            .collect();
        out.push(finite_only(s));
    }
    let last = m.chunks.last();
    let band = last.and_then(|c| {
        Some(Band {
            from: c.lower_threshold.map_or(0.0, |v| v.0),
            to: c.upper_threshold?.0,
            label: "reference range (mean ± 3σ)".into(),
        })
    });
    let first_prod = m.chunks.iter().position(|c| c.period == "production");
    ChartView::Xy(XyView {
        title: format!(
            "PCA reconstruction error per chunk ({} components)",
            m.components
        ),
        x_label: "chunk".into(),
        y_label: "reconstruction error".into(),
        y_format: AxisFormat::Number,
        x_categories: labels,
        series: out,
        bands: band.into_iter().collect(),
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
