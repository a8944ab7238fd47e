//! The report's sections after the drift table: model quality, over time, bias, outliers,
//! service. Thin: every number comes from the report; charts reuse the core's view-models.

use std::sync::Arc;

use leptos::prelude::*;

use super::chart_canvas::ChartCanvas;
use crate::num::Num;
use crate::ui::state::Done;

fn n(v: Option<Num>) -> String {
    v.map(|x| crate::format::num(x.0))
        .unwrap_or_else(|| "—".into())
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
                crate::format::num(d.abs())
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

/// Sticky navigation between sections.
#[component]
pub fn SectionNav(done: Arc<Done>) -> impl IntoView {
    let r = &done.analysis.report;
    let mut links = vec![
        ("#verdict", "Summary"),
        ("#checks", "Checks"),
        ("#drift", "Data drift"),
    ];
    if r.drift_over_time
        .as_ref()
        .is_some_and(|d| !d.columns.is_empty())
    {
        links.push(("#drift-over-time", "Drift over time"));
    }
    if r.multivariate_drift.is_some() {
        links.push(("#multivariate", "Multivariate"));
    }
    if r.classification.is_some() || r.regression.is_some() {
        links.push(("#quality", "Model quality"));
    }
    if r.rolling.is_some() || !r.chunks.is_empty() {
        links.push(("#over-time", "Over time"));
    }
    if r.performance_estimate.is_some() {
        links.push(("#estimate", "Estimated"));
    }
    if r.llm_eval.is_some() {
        links.push(("#llm-eval", "LLM eval"));
    }
    if r.proxies.is_some() {
        links.push(("#proxies", "Proxies"));
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

mod bias;
mod drift_time;
mod estimate;
mod llm_eval;
mod multivariate;
mod outliers;
mod over_time;
mod proxies;
mod quality;
mod service;

pub use bias::Bias;
pub use drift_time::DriftOverTime;
pub use estimate::Estimate;
pub use llm_eval::LlmEval;
pub use multivariate::Multivariate;
pub use outliers::Outliers;
pub use over_time::OverTime;
pub use proxies::Proxies;
pub use quality::ModelQuality;
pub use service::Service;
