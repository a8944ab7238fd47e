//! The report's sections after the drift table: model quality, over time, bias, outliers,
//! service. Thin: every number comes from the report; charts reuse the core's view-models.

use std::sync::Arc;

use leptos::prelude::*;

use super::chart_canvas::ChartCanvas;
use crate::report::model_card::fmt_num;
use crate::report::Num;
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

/// Charts side by side (one column below ~900 px).
fn chart_grid(charts: Vec<crate::chart::ChartView>, captions: &[&'static str]) -> impl IntoView {
    let items = charts
        .into_iter()
        .enumerate()
        .map(|(i, v)| {
            let cap = captions.get(i).copied().unwrap_or("");
            view! { <div><ChartCanvas view=v caption=cap /></div> }
        })
        .collect_view();
    view! { <div class="chart-grid">{items}</div> }
}

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
    if r.latency.is_some()
        || r.error_rate.is_some()
        || r.cost.is_some()
        || r.versions.is_some()
        || r.feedback.is_some()
    {
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

/// Rolling metric, chunks and change points.
#[component]
pub fn OverTime(done: Arc<Done>) -> impl IntoView {
    let r = &done.analysis.report;
    if r.rolling.is_none() && r.chunks.is_empty() {
        return ().into_any();
    }
    let chunks = r.chunks.clone();
    let picked = RwSignal::new(None::<usize>);
    let rolling = r.rolling.as_ref().map(|ro| {
        let mut t = format!(
            "Rolling {} over windows of {} labelled predictions, moved {} at a time (the seed's definition), in time order.",
            if ro.metric == crate::metrics::RollingMetric::Accuracy { "accuracy" } else { "mean absolute error" },
            ro.window,
            ro.step
        );
        if let Some(note) = &ro.note {
            t.push(' ');
            t.push_str(note);
        }
        t
    });
    let cp = r.change_points.as_ref().map(|c| match c.first {
        Some(i) => format!(
            "First change in the production error rate at labelled prediction #{i} ({}); ADWIN found {}, DDM {}, Page-Hinkley {} change points.",
            c.first_detector.clone().unwrap_or_default(),
            c.adwin.len(),
            c.ddm.len(),
            c.page_hinkley.len()
        ),
        None => "No change point detected in the production error rate (ADWIN δ = 0.002, DDM, Page-Hinkley δ = 0.005, λ = 50).".into(),
    });
    let charts = done.analysis.sections.over_time.clone();
    let items = charts
        .into_iter()
        .map(|v| {
            let per_chunk = v.column().contains("per chunk");
            let cap = if v.column().starts_with("Rolling") {
                "The grey band is the reference value ± 5 % (the drop alert); dashed lines mark detected change points."
            } else if v.column().starts_with("Label coverage") {
                "Share of each chunk's rows whose target is known; recent chunks are often incomplete when labels arrive late."
            } else if v.column().starts_with("Mean of") {
                "Mean model output per chunk against the reference mean (dashed)."
            } else {
                "Click a bar to highlight its row in the table below."
            };
            let pick = per_chunk.then(|| Callback::new(move |i: usize| picked.set(Some(i))));
            match pick {
                Some(cb) => view! { <div><ChartCanvas view=v caption=cap on_pick=cb /></div> }.into_any(),
                None => view! { <div><ChartCanvas view=v caption=cap /></div> }.into_any(),
            }
        })
        .collect_view();
    view! {
        <section class="card" id="over-time">
            <h2>"Over time"</h2>
            <p class="muted">{rolling}</p>
            <p>{cp}</p>
            <div class="chart-grid">{items}</div>
            <table class="chunks-table">
                <caption class="muted">"Metric per chunk of production (day, ISO week or month of the timestamp column, or 10 equal row chunks), compared with the reference."</caption>
                <thead><tr><th scope="col">"chunk"</th><th scope="col" class="num" title="production rows in the chunk">"rows"</th><th scope="col" class="num" title="rows whose target is known">"labelled"</th><th scope="col" class="num" title="accuracy (classification) or mean absolute error (regression) over the labelled rows">"accuracy / MAE"</th><th scope="col" class="num" title="mean of the score (else the numeric prediction) over all the chunk's rows">"prediction mean"</th><th scope="col" title="relative change against the reference value; ▲ when worse by more than 5 %">"vs reference"</th></tr></thead>
                <tbody>{chunks.into_iter().enumerate().map(|(i, c)| {
                    let v = c.accuracy.or(c.mae);
                    let flag = match c.alert { Some(true) => "▲ drop > 5 %", Some(false) => "✓ within 5 %", None => "" };
                    let change = c.relative_change.map(|d| format!(" ({:+.1} %)", d.0 * 100.0)).unwrap_or_default();
                    view! { <tr class:picked=move || picked.get() == Some(i)><th scope="row">{c.label.clone()}</th><td class="num">{c.rows}</td><td class="num">{c.n_labeled}</td><td class="num">{n(v)}</td><td class="num">{n(c.prediction_mean)}</td><td>{format!("{flag}{change}")}</td></tr> }
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
    let charts = done.analysis.sections.bias.clone();
    let min_group = done.analysis.report.config.bias.min_group_size;
    view! {
        <section class="card" id="bias">
            <h2>"Bias"</h2>
            <p class="muted">{format!("Per group of each sensitive column, reference and production (fairlearn's definitions). Groups with fewer than {min_group} rows are greyed and not judged. Alerts: a group's accuracy more than 5 points from the overall accuracy, or a selection rate below four-fifths of the highest group's.")}</p>
            {b.columns.into_iter().map(|c| {
                let side = c.production.clone().or(c.reference.clone());
                let alerts = c.alerts.clone();
                let group_charts = charts.iter().find(|(k, _)| *k == c.column).map(|(_, v)| v.clone()).unwrap_or_default();
                // Clicking a group's bars highlights its row in the table.
                let picked = RwSignal::new(None::<String>);
                let groups: Vec<String> = match group_charts.first() {
                    Some(crate::chart::ChartView::Bars(b)) => b.categories.clone(),
                    _ => Vec::new(),
                };
                let pick = Callback::new(move |i: usize| picked.set(groups.get(i).cloned()));
                let caps = ["Bars: reference (blue) and production (orange); the grey band is the overall accuracy ± 5 points.", "Share of rows predicted positive.", "Share of actual positives predicted positive.", "Share of actual negatives predicted positive.", "Selection rate ÷ the highest group's; below the 80 % line the four-fifths rule fails."];
                view! {
                    <h3>{c.column.clone()}<span class="muted">{format!(" · positive label {}", c.positive_label)}</span></h3>
                    {side.map(|s| view! {
                        <table class="bias-table">
                            <thead><tr><th scope="col">"group (production)"</th><th scope="col" class="num" title="rows of the group with a label and a prediction">"n"</th><th scope="col" class="num" title="share of the group's rows predicted correctly">"accuracy"</th><th scope="col" class="num" title="share of the group's rows predicted positive (demographic parity compares these)">"selection rate"</th><th scope="col" class="num" title="true positive rate: of the group's actual positives, the share predicted positive">"TPR"</th><th scope="col" class="num" title="false positive rate: of the group's actual negatives, the share predicted positive">"FPR"</th></tr></thead>
                            <tbody>{s.groups.iter().map(|g| view! {
                                <tr class:small=g.small_sample class:picked={let v = g.value.clone(); move || picked.get().as_deref() == Some(v.as_str())} title=if g.small_sample { "fewer rows than the minimum group size: no alert" } else { "" }>
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
                    <div class="chart-grid">{group_charts.into_iter().enumerate().map(|(i, v)| {
                        let cap = caps.get(i).copied().unwrap_or("");
                        view! { <div><ChartCanvas view=v caption=cap on_pick=pick /></div> }
                    }).collect_view()}</div>
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
    let chart = done.analysis.sections.outliers.clone();
    let sampled = (o.reference_scored_rows < o.rows_reference).then(|| {
        format!(
            " The reference share is estimated on {} evenly spaced rows of {}.",
            o.reference_scored_rows, o.rows_reference
        )
    });
    view! {
        <section class="card" id="outliers">
            <h2>"Outliers"<span class="muted">{format!(" · Isolation Forest, {} trees of {} rows, seed {}", o.trees, o.samples_per_tree, o.seed)}</span></h2>
            <p>{format!("{:.1} % of production rows ({} of {}) score below the threshold {} vs {:.1} % of reference rows.", o.share_production.0 * 100.0, o.outliers_production, o.rows_production, fmt_num(o.threshold.0), o.share_reference.0 * 100.0)}{sampled}</p>
            <p class="muted">{format!("The forest is fitted on the reference ({} features: {}); a lower decision score means easier to isolate, i.e. more unusual. Categorical features enter as their reference frequency.", o.features.len(), o.features.join(", "))}</p>
            {chart.map(|v| view! { <ChartCanvas view=v caption="Decision scores of both files; rows left of the dashed threshold count as outliers." /> })}
            <h3>"Most unusual production rows"</h3>
            <p class="muted">"Row numbers are as a spreadsheet shows them (header = row 1). Open a row for every feature's z-score against the reference (value − reference mean) / reference std."</p>
            <div class="inspector">
                {o.top.iter().map(|t| {
                    let z: Vec<String> = t.z.0.iter().take(3).map(|(k, v)| format!("{k} {:+.1}", v.0)).collect();
                    let all = t.z.0.clone();
                    view! {
                        <details class="inspector-row">
                            <summary><span class="num">{format!("row {}", t.row)}</span><span class="num">{format!("score {}", fmt_num(t.score.0))}</span><span>{z.join(" · ")}</span></summary>
                            <table class="zscores">
                                <thead><tr><th scope="col">"feature"</th><th scope="col" class="num">"z"</th><th scope="col">""</th></tr></thead>
                                <tbody>{all.into_iter().map(|(k, v)| {
                                    let w = (v.0.abs() / 5.0).min(1.0) * 100.0;
                                    view! { <tr><th scope="row">{k}</th><td class="num">{format!("{:+.2}", v.0)}</td><td><span class="zbar" style:width=format!("{w:.0}%")></span></td></tr> }
                                }).collect_view()}</tbody>
                            </table>
                        </details>
                    }
                }).collect_view()}
            </div>
        </section>
    }
    .into_any()
}

/// Latency, buckets, SLO, error rate, cost, versions, feedback.
#[component]
pub fn Service(done: Arc<Done>) -> impl IntoView {
    let r = &done.analysis.report;
    if r.latency.is_none()
        && r.error_rate.is_none()
        && r.cost.is_none()
        && r.versions.is_none()
        && r.feedback.is_none()
    {
        return ().into_any();
    }
    let chart = done.analysis.sections.latency.clone();
    let row = |name: &'static str, a: Num, b: Num| view! { <tr><th scope="row">{name}</th><td class="num">{fmt_num(a.0)}</td><td class="num">{fmt_num(b.0)}</td><td class="num">{delta(Some(a), Some(b))}</td></tr> };
    let latency = r.latency.clone().map(|l| {
        let (a, b) = (l.reference_ms.clone(), l.production_ms.clone());
        let slo = &l.slo;
        let verdict = match slo.met {
            Some(true) => "✓ met",
            Some(false) => "▲ missed",
            None => "not computable",
        };
        let per_day = slo.chunks_met_share.map(|s| format!(" Met on {:.0} % of days.", s.0 * 100.0)).unwrap_or_default();
        view! {
            <h3>{format!("Latency · {}", l.column)}</h3>
            <p>{format!("SLO: p{} ≤ {} ms — production p{} = {} ms, {verdict}.{per_day}", fmt_num(slo.percentile.0), fmt_num(slo.target_ms.0), fmt_num(slo.percentile.0), fmt_num(slo.value_ms.0))}</p>
            <table class="metrics-table">
                <caption class="muted">"Milliseconds; percentiles with linear interpolation (numpy)."</caption>
                <thead><tr><th scope="col">"latency (ms)"</th><th scope="col" class="num">"reference"</th><th scope="col" class="num">"production"</th><th scope="col" class="num">"Δ"</th></tr></thead>
                <tbody>{row("p50", a.p50, b.p50)}{row("p95", a.p95, b.p95)}{row("p99", a.p99, b.p99)}{row("mean", a.mean, b.mean)}{row("max", a.max, b.max)}</tbody>
            </table>
            {chart.map(|v| view! { <ChartCanvas view=v caption="Requests per Prometheus latency bucket; the dashed line is the SLO target." /> })}
        }
    });
    let errors = r.error_rate.clone().map(|e| {
        let side = |s: &crate::service::ErrorRateSide| format!("{:.2} % ({} of {}; 95 % CI {:.2}–{:.2} %)", s.rate.0 * 100.0, s.errors, s.n, s.ci_low.0 * 100.0, s.ci_high.0 * 100.0);
        let change = e.change.as_ref().map(|c| format!("Difference {:+.2} points, z = {}, p = {}.", c.difference.0 * 100.0, fmt_num(c.z.0), fmt_num(c.p_value.0)));
        view! {
            <h3>{format!("Error rate · {}", e.column)}</h3>
            <p class="muted">{e.rule.clone()}</p>
            <table class="metrics-table"><tbody>
                <tr title="Wilson score interval"><th scope="row">"reference"</th><td>{side(&e.reference)}</td></tr>
                <tr title="Wilson score interval"><th scope="row">"production"</th><td>{side(&e.production)}</td></tr>
            </tbody></table>
            <p>{change}</p>
        }
    });
    let cost = r.cost.clone().map(|c| {
        let side = |s: &crate::service::CostSide| {
            format!(
                "total {} · mean {} per row · {} rows",
                fmt_num(s.sum.0),
                fmt_num(s.mean.0),
                s.n
            )
        };
        let budget = match (c.budget, c.compared_to_budget, c.budget_exceeded) {
            (Some(b), Some(v), Some(x)) => format!(
                "Budget {}: {} ({}).",
                fmt_num(b.0),
                fmt_num(v.0),
                if x { "▲ exceeded" } else { "✓ within" }
            ),
            _ => "No budget set (Settings → budget).".into(),
        };
        let projected = c
            .projected_monthly
            .map(|p| format!(" Projected per 30 days: {}.", fmt_num(p.0)))
            .unwrap_or_default();
        view! {
            <h3>{format!("Cost · {}", c.column)}</h3>
            <table class="metrics-table"><tbody>
                <tr><th scope="row">"reference"</th><td>{side(&c.reference)}</td></tr>
                <tr><th scope="row">"production"</th><td>{side(&c.production)}</td></tr>
            </tbody></table>
            <p>{budget}{projected}</p>
            <p class="alerts">{c.alert.clone()}</p>
        }
    });
    let versions = r.versions.clone().map(|v| {
        let what = match v.outcome {
            crate::service::OutcomeKind::Accuracy => "accuracy",
            crate::service::OutcomeKind::PositiveRate => "positive rate",
            crate::service::OutcomeKind::ErrorRate => "error rate",
        };
        view! {
            <h3>{format!("Versions · {} (baseline {})", v.column, v.baseline)}</h3>
            <table class="metrics-table">
                <caption class="muted">{format!("{what} per version with a 95 % Wilson interval; each version against the baseline by a two-proportion z-test (95 % Wald interval of the difference).")}</caption>
                <thead><tr><th scope="col">"version"</th><th scope="col" class="num">"rows"</th><th scope="col" class="num">{what}</th><th scope="col">"vs baseline"</th></tr></thead>
                <tbody>{v.versions.iter().map(|s| {
                    let cmp = v.comparisons.iter().find(|c| c.version == s.version).map(|c| c.verdict.clone()).unwrap_or_else(|| "baseline".into());
                    view! { <tr><th scope="row">{s.version.clone()}</th><td class="num">{s.n}</td><td class="num">{format!("{:.2} %", s.rate.0 * 100.0)}</td><td>{cmp}</td></tr> }
                }).collect_view()}</tbody>
            </table>
        }
    });
    let feedback = r.feedback.clone().map(|f| view! {
        <h3>{format!("Feedback · {}", f.column)}</h3>
        <p>{f.reason.clone().unwrap_or_else(|| format!("Feedback error rate below its threshold {}.", fmt_num(f.threshold.0)))}</p>
    });
    view! {
        <section class="card" id="service">
            <h2>"Service"</h2>
            {latency}{errors}{cost}{versions}{feedback}
        </section>
    }
    .into_any()
}
