//! Service: latency and its SLO, error rate, cost and budget, versions, feedback.

use super::*;

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
    let row = |name: &'static str, a: Num, b: Num| view! { <tr><th scope="row">{name}</th><td class="num">{crate::format::num(a.0)}</td><td class="num">{crate::format::num(b.0)}</td><td class="num">{delta(Some(a), Some(b))}</td></tr> };
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
            <p>{format!("SLO: p{} ≤ {} ms — production p{} = {} ms, {verdict}.{per_day}", crate::format::num(slo.percentile.0), crate::format::num(slo.target_ms.0), crate::format::num(slo.percentile.0), crate::format::num(slo.value_ms.0))}</p>
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
        let change = e.change.as_ref().map(|c| format!("Difference {:+.2} points, z = {}, p = {}.", c.difference.0 * 100.0, crate::format::num(c.z.0), crate::format::num(c.p_value.0)));
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
                crate::format::num(s.sum.0),
                crate::format::num(s.mean.0),
                s.n
            )
        };
        let budget = match (c.budget, c.compared_to_budget, c.budget_exceeded) {
            (Some(b), Some(v), Some(x)) => format!(
                "Budget {}: {} ({}).",
                crate::format::num(b.0),
                crate::format::num(v.0),
                if x { "▲ exceeded" } else { "✓ within" }
            ),
            _ => "No budget set (Settings → budget).".into(),
        };
        let projected = c
            .projected_monthly
            .map(|p| format!(" Projected per 30 days: {}.", crate::format::num(p.0)))
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
        <p>{f.reason.clone().unwrap_or_else(|| format!("Feedback error rate below its threshold {}.", crate::format::num(f.threshold.0)))}</p>
    });
    view! {
        <section class="card" id="service">
            <h2>"Service"</h2>
            {latency}{errors}{cost}{versions}{feedback}
        </section>
    }
    .into_any()
}
