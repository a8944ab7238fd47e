//! Model-quality charts: ROC, precision–recall and reliability curves of both files (from the
//! report), and the regression error histogram and predicted-vs-actual scatter (from the data).

use super::*;
use crate::chart::{Rule, XyView};
use crate::metrics::ClassMetrics;

pub(super) type Side<'a> = (&'a str, Swatch, Option<&'a ClassMetrics>);

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

pub(super) fn roc(sides: &[Side<'_>]) -> Option<ChartView> {
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

pub(super) fn pr(sides: &[Side<'_>]) -> Option<ChartView> {
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

pub(super) fn reliability(sides: &[Side<'_>]) -> Option<ChartView> {
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
    fn scatter_is_sampled() {
        let y: Vec<f64> = (0..10_000).map(f64::from).collect();
        let ChartView::Xy(v) = regression_scatter(Some((&y, &y)), Some((&y, &y))).expect("view")
        else {
            panic!("xy")
        };
        assert!(v.series.iter().all(|s| s.points.len() <= SCATTER_POINTS));
    }
}
