//! The report's sections after the drift table: model quality, over time, bias, outliers,
//! service. Thin: every number comes from the report; charts reuse the core's view-models.

use std::sync::Arc;

use leptos::prelude::*;

use super::chart_canvas::ChartCanvas;
use crate::report::model_card::fmt_num;
use crate::report::{views, Num};
use crate::ui::state::Done;

fn n(v: Option<Num>) -> String {
    v.map(|x| fmt_num(x.0)).unwrap_or_else(|| "—".into())
}

fn delta(a: Option<Num>, b: Option<Num>) -> String {
    match (a, b) {
        (Some(a), Some(b)) if a.0.is_finite() && b.0.is_finite() => {
            let d = b.0 - a.0;
            format!(
                "{}{}",
                if d > 0.0 {
                    "+"
                } else if d < 0.0 {
                    "−"
                } else {
                    "±"
                },
                fmt_num(d.abs())
            )
        }
        _ => "—".into(),
    }
}

/// Sticky navigation between sections.
#[component]
pub fn SectionNav(done: Arc<Done>) -> impl IntoView {
    let r = &done.analysis.report;
    let mut links = vec![
        ("#verdict", "Summary"),
        ("#checks", "Checks"),
        ("#drift", "Data drift"),
    ];
    if r.classification.is_some() || r.regression.is_some() {
        links.push(("#quality", "Model quality"));
    }
    if r.rolling.is_some() || !r.chunks.is_empty() {
        links.push(("#over-time", "Over time"));
    }
    if r.bias.is_some() {
        links.push(("#bias", "Bias"));
    }
    if r.outliers.is_some() {
        links.push(("#outliers", "Outliers"));
    }
    if r.latency.is_some() || r.error_rate.is_some() {
        links.push(("#service", "Service"));
    }
    links.push(("#settings", "Settings"));
    view! {
        <nav class="section-nav" aria-label="report sections">
            {links.into_iter().map(|(href, label)| view! { <a href=href>{label}</a> }).collect_view()}
        </nav>
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
        return view! {
            <section class="card" id="quality">
                <h2>"Model quality"<span class="muted">" · regression"</span></h2>
                <table class="metrics-table">
                    <thead><tr><th>"metric"</th><th class="num">"reference"</th><th class="num">"production"</th><th class="num">"Δ"</th></tr></thead>
                    <tbody>{rows.into_iter().map(|(name, x, y)| view! {
                        <tr><th scope="row">{name}</th><td class="num">{n(x)}</td><td class="num">{n(y)}</td><td class="num">{delta(x, y)}</td></tr>
                    }).collect_view()}</tbody>
                </table>
            </section>
        }
        .into_any();
    }
    ().into_any()
}

/// Rolling metric, chunks and change points.
#[component]
pub fn OverTime(done: Arc<Done>) -> impl IntoView {
    let r = &done.analysis.report;
    if r.rolling.is_none() && r.chunks.is_empty() {
        return ().into_any();
    }
    let chunks = r.chunks.clone();
    let rolling = r.rolling.as_ref().map(|ro| {
        let vals: Vec<String> = ro.values.iter().map(|v| fmt_num(v.0)).collect();
        format!(
            "window {} rows, step {}: {}",
            ro.window,
            ro.step,
            if vals.is_empty() {
                "too few labelled rows".into()
            } else {
                vals.join(" · ")
            }
        )
    });
    let cp = r.change_points.as_ref().map(|c| match c.first {
        Some(i) => format!("First change in the production error rate at labelled row {i} ({}).", c.first_detector.clone().unwrap_or_default()),
        None => "No change point detected in the production error rate (ADWIN δ=0.002, DDM, Page-Hinkley).".into(),
    });
    view! {
        <section class="card" id="over-time">
            <h2>"Over time"</h2>
            <p class="muted">{rolling}</p>
            <p>{cp}</p>
            <table class="chunks-table">
                <thead><tr><th>"chunk"</th><th class="num">"rows"</th><th class="num">"labelled"</th><th class="num">"accuracy / MAE"</th><th>"vs reference"</th></tr></thead>
                <tbody>{chunks.into_iter().map(|c| {
                    let v = c.accuracy.or(c.mae);
                    let flag = match c.alert { Some(true) => "▲ drop > 5 %", Some(false) => "✓", None => "" };
                    view! { <tr><th scope="row">{c.label.clone()}</th><td class="num">{c.rows}</td><td class="num">{c.n_labeled}</td><td class="num">{n(v)}</td><td>{flag}</td></tr> }
                }).collect_view()}</tbody>
            </table>
        </section>
    }
    .into_any()
}

/// Per-group metrics and parity.
#[component]
pub fn Bias(done: Arc<Done>) -> impl IntoView {
    let Some(b) = done.analysis.report.bias.clone() else {
        return ().into_any();
    };
    view! {
        <section class="card" id="bias">
            <h2>"Bias"</h2>
            {b.columns.into_iter().map(|c| {
                let side = c.production.clone().or(c.reference.clone());
                let alerts = c.alerts.clone();
                view! {
                    <h3>{c.column.clone()}<span class="muted">{format!(" · positive label {}", c.positive_label)}</span></h3>
                    {side.map(|s| view! {
                        <table class="bias-table">
                            <thead><tr><th>"group (production)"</th><th class="num">"n"</th><th class="num">"accuracy"</th><th class="num">"selection rate"</th><th class="num">"TPR"</th><th class="num">"FPR"</th></tr></thead>
                            <tbody>{s.groups.iter().map(|g| view! {
                                <tr class:small=g.small_sample title=if g.small_sample { "fewer rows than the minimum group size: no alert" } else { "" }>
                                    <th scope="row">{g.value.clone()}{if g.small_sample { " (small)" } else { "" }}</th>
                                    <td class="num">{g.metrics.counts.n}</td>
                                    <td class="num">{fmt_num(g.metrics.accuracy.0)}</td>
                                    <td class="num">{fmt_num(g.metrics.selection_rate.0)}</td>
                                    <td class="num">{fmt_num(g.metrics.tpr.0)}</td>
                                    <td class="num">{fmt_num(g.metrics.fpr.0)}</td>
                                </tr>
                            }).collect_view()}</tbody>
                        </table>
                        <p class="muted">{format!(
                            "Demographic parity difference {} (ratio {}; four-fifths rule: alert below 0.8) · equalized odds difference {} (ratio {}).",
                            fmt_num(s.demographic_parity_difference.0), fmt_num(s.demographic_parity_ratio.0),
                            fmt_num(s.equalized_odds_difference.0), fmt_num(s.equalized_odds_ratio.0))}</p>
                    })}
                    <ul class="alerts">{alerts.into_iter().map(|a| view! { <li>"▲ "{a}</li> }).collect_view()}</ul>
                }
            }).collect_view()}
        </section>
    }
    .into_any()
}

/// Score histogram and the row inspector.
#[component]
pub fn Outliers(done: Arc<Done>) -> impl IntoView {
    let Some(o) = done.analysis.report.outliers.clone() else {
        return ().into_any();
    };
    let chart = views::outlier_scores(&o);
    view! {
        <section class="card" id="outliers">
            <h2>"Outliers"<span class="muted">{format!(" · Isolation Forest, {} trees, seed {}", o.trees, o.seed)}</span></h2>
            <p>{format!("{:.1} % of production rows score below {} vs {:.1} % of reference rows.", o.share_production.0 * 100.0, fmt_num(o.threshold.0), o.share_reference.0 * 100.0)}</p>
            {chart.map(|v| view! { <ChartCanvas view=v /> })}
            <h3>"Most unusual production rows"</h3>
            <table class="inspector">
                <thead><tr><th class="num">"row"</th><th class="num">"score"</th><th>"largest z-scores vs reference"</th></tr></thead>
                <tbody>{o.top.iter().map(|t| {
                    let z: Vec<String> = t.z.0.iter().take(4).map(|(k, v)| format!("{k} {:+.1}", v.0)).collect();
                    view! { <tr><td class="num">{t.row}</td><td class="num">{fmt_num(t.score.0)}</td><td>{z.join(" · ")}</td></tr> }
                }).collect_view()}</tbody>
            </table>
        </section>
    }
    .into_any()
}

/// Latency, buckets, error rate.
#[component]
pub fn Service(done: Arc<Done>) -> impl IntoView {
    let r = &done.analysis.report;
    let Some(l) = r.latency.clone() else {
        return ().into_any();
    };
    let chart = views::latency_buckets(&l);
    let row = |name: &'static str, a: Num, b: Num| view! { <tr><th scope="row">{name}</th><td class="num">{fmt_num(a.0)}</td><td class="num">{fmt_num(b.0)}</td><td class="num">{delta(Some(a), Some(b))}</td></tr> };
    let (a, b) = (l.reference_ms.clone(), l.production_ms.clone());
    view! {
        <section class="card" id="service">
            <h2>"Service"<span class="muted">{format!(" · {} (ms)", l.column)}</span></h2>
            <table class="metrics-table">
                <thead><tr><th>"latency"</th><th class="num">"reference"</th><th class="num">"production"</th><th class="num">"Δ"</th></tr></thead>
                <tbody>{row("p50", a.p50, b.p50)}{row("p95", a.p95, b.p95)}{row("p99", a.p99, b.p99)}{row("mean", a.mean, b.mean)}{row("max", a.max, b.max)}</tbody>
            </table>
            {chart.map(|v| view! { <ChartCanvas view=v /> })}
        </section>
    }
    .into_any()
}
