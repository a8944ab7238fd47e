//! Model quality: metric table with deltas, confusion heatmaps, ROC / PR / reliability (or the regression charts).

use super::*;

/// What a quality chart shows (the same words as its title, for a newcomer).
fn quality_caption(v: &crate::chart::ChartView) -> &'static str {
    let t = v.column();
    if t.starts_with("ROC") {
        "True vs false positive rate at every score threshold; the diagonal is a random model. AUC = area under the curve."
    } else if t.starts_with("Precision") {
        "Precision vs recall at every score threshold; average precision summarises the curve."
    } else if t.starts_with("Reliability") {
        "Predicted probability vs the observed rate in 10 equal-width bins; on the diagonal the scores are calibrated. ECE = weighted mean gap."
    } else if t.starts_with("Prediction error") {
        "Distribution of predicted − actual; centred on 0 without bias."
    } else if t.starts_with("Predicted vs actual") {
        "Each point is a sampled row; on the diagonal the prediction is exact."
    } else {
        ""
    }
}

/// Metric table, reference vs production, and confusion matrices.
#[component]
pub fn ModelQuality(done: Arc<Done>) -> impl IntoView {
    let r = &done.analysis.report;
    if let Some(c) = &r.classification {
        let (a, b) = (c.reference.as_ref(), c.production.as_ref());
        let rows: Vec<(&str, &str, Option<Num>, Option<Num>)> = vec![
            (
                "accuracy",
                "share of labelled rows predicted correctly",
                a.map(|m| m.accuracy),
                b.map(|m| m.accuracy),
            ),
            (
                "balanced accuracy",
                "mean recall over classes",
                a.map(|m| m.balanced_accuracy),
                b.map(|m| m.balanced_accuracy),
            ),
            (
                "precision",
                "of the rows predicted positive, the share that are",
                a.and_then(|m| m.precision),
                b.and_then(|m| m.precision),
            ),
            (
                "recall",
                "of the positive rows, the share found",
                a.and_then(|m| m.recall),
                b.and_then(|m| m.recall),
            ),
            (
                "F1 (macro)",
                "harmonic mean of precision and recall, averaged over classes",
                a.map(|m| m.f1_macro),
                b.map(|m| m.f1_macro),
            ),
            (
                "MCC",
                "Matthews correlation: −1 … 1, 0 = chance",
                a.map(|m| m.mcc),
                b.map(|m| m.mcc),
            ),
            (
                "ROC AUC",
                "chance that a positive row scores above a negative one",
                a.and_then(|m| m.roc_auc),
                b.and_then(|m| m.roc_auc),
            ),
            (
                "average precision",
                "area under the precision–recall curve",
                a.and_then(|m| m.average_precision),
                b.and_then(|m| m.average_precision),
            ),
            (
                "log loss",
                "lower is better; probabilities clipped like scikit-learn",
                a.and_then(|m| m.log_loss),
                b.and_then(|m| m.log_loss),
            ),
            (
                "Brier",
                "mean squared error of the probabilities; lower is better",
                a.and_then(|m| m.brier),
                b.and_then(|m| m.brier),
            ),
            (
                "ECE",
                "expected calibration error over 10 bins; lower is better",
                a.and_then(|m| m.ece),
                b.and_then(|m| m.ece),
            ),
        ];
        let labels = c.labels.clone();
        let matrix = move |title: &'static str, m: Option<Vec<Vec<u64>>>| {
            m.map(|m| {
                let max = m.iter().flatten().copied().max().unwrap_or(1).max(1) as f64;
                let head = labels.clone();
                view! {
                    <figure class="confusion">
                        <figcaption>{title}" (rows: true label, columns: predicted)"</figcaption>
                        <table class="heatmap">
                            <thead><tr><th></th>{head.iter().map(|l| view! { <th scope="col">{l.clone()}</th> }).collect_view()}</tr></thead>
                            <tbody>{m.iter().enumerate().map(|(i, row)| {
                                let label = head.get(i).cloned().unwrap_or_default();
                                view! { <tr><th scope="row">{label}</th>{row.iter().map(|&v| {
                                    let level = ((v as f64 / max) * 4.0).round() as u32;
                                    view! { <td class=format!("num heat-{level}")>{v}</td> }
                                }).collect_view()}</tr> }
                            }).collect_view()}</tbody>
                        </table>
                    </figure>
                }
            })
        };
        let ma = matrix("Reference", a.map(|m| m.confusion_matrix.clone()));
        let mb = matrix("Production", b.map(|m| m.confusion_matrix.clone()));
        let task = c.task.clone();
        let charts = done.analysis.sections.quality.clone();
        let caps: Vec<&'static str> = charts.iter().map(quality_caption).collect();
        return view! {
            <section class="card" id="quality">
                <h2>"Model quality"<span class="muted">{format!(" · {task}")}</span></h2>
                <table class="metrics-table">
                    <thead><tr><th>"metric"</th><th class="num">"reference"</th><th class="num">"production"</th><th class="num">"Δ"</th></tr></thead>
                    <tbody>{rows.into_iter().filter(|r| r.2.is_some() || r.3.is_some()).map(|(name, help, x, y)| view! {
                        <tr title=help><th scope="row">{name}</th><td class="num">{n(x)}</td><td class="num">{n(y)}</td><td class="num">{delta(x, y)}</td></tr>
                    }).collect_view()}</tbody>
                </table>
                <div class="confusions">{ma}{mb}</div>
                {chart_grid(charts, &caps)}
            </section>
        }
        .into_any();
    }
    if let Some(g) = &r.regression {
        let (a, b) = (g.reference.as_ref(), g.production.as_ref());
        let rows: Vec<(&str, Option<Num>, Option<Num>)> = vec![
            (
                "mean error (ŷ − y)",
                a.map(|m| m.mean_error),
                b.map(|m| m.mean_error),
            ),
            ("MAE", a.map(|m| m.mae), b.map(|m| m.mae)),
            ("RMSE", a.map(|m| m.rmse), b.map(|m| m.rmse)),
            (
                "MAPE (zero targets skipped)",
                a.and_then(|m| m.mape),
                b.and_then(|m| m.mape),
            ),
            (
                "median absolute error",
                a.map(|m| m.median_absolute_error),
                b.map(|m| m.median_absolute_error),
            ),
            ("max error", a.map(|m| m.max_error), b.map(|m| m.max_error)),
            ("R²", a.and_then(|m| m.r2), b.and_then(|m| m.r2)),
        ];
        let charts = done.analysis.sections.quality.clone();
        let caps: Vec<&'static str> = charts.iter().map(quality_caption).collect();
        return view! {
            <section class="card" id="quality">
                <h2>"Model quality"<span class="muted">" · regression"</span></h2>
                <table class="metrics-table">
                    <thead><tr><th>"metric"</th><th class="num">"reference"</th><th class="num">"production"</th><th class="num">"Δ"</th></tr></thead>
                    <tbody>{rows.into_iter().map(|(name, x, y)| view! {
                        <tr><th scope="row">{name}</th><td class="num">{n(x)}</td><td class="num">{n(y)}</td><td class="num">{delta(x, y)}</td></tr>
                    }).collect_view()}</tbody>
                </table>
                {chart_grid(charts, &caps)}
            </section>
        }
        .into_any();
    }
    ().into_any()
}
