//! Proxy metrics: each proxy per file with its interval and change test, its drift, its trace
//! per chunk and — where the metric exists per chunk — the proxy against the metric.

use super::*;
use crate::service::ProxyKind;

fn value(kind: ProxyKind, v: f64) -> String {
    match kind {
        ProxyKind::Rate => crate::format::share_or_dash(Some(v)),
        ProxyKind::Mean => crate::format::num_or_dash(Some(v)),
    }
}

/// The proxy-metrics section.
#[component]
pub fn Proxies(done: Arc<Done>) -> impl IntoView {
    let Some(px) = done.analysis.report.proxies.clone() else {
        return ().into_any();
    };
    let metric = px.metric.as_deref().map(|m| m.replace('_', " "));
    let how = format!(
        "Columns marked proxy — signals of the outcome while labels are late (dwell time, thumbs, regenerations, clicks) — per file with a 95 % interval, the change tested (two-proportion z-test for rates, Welch's t-test for means), and per chunk ({}{}).{}",
        px.chunk_by,
        px.chunk_size.map(|s| format!(" of {s} rows")).unwrap_or_default(),
        match &metric {
            Some(m) => format!(" Where a chunk has the {m}, Pearson's r over the chunks says whether the proxy tracks it."),
            None => " No model metric exists per chunk (no labels): the proxies stand alone.".into(),
        }
    );
    let rows = px
        .columns
        .iter()
        .map(|c| {
            let k = c.kind;
            let sig = c.change_p_value.0 < 0.05;
            let drift = match &c.drift {
                Some(d) if d.drifted => ("s-alert", format!("▲ {}", d.reason)),
                Some(d) => ("", d.reason.clone()),
                None => ("", "not tested".into()),
            };
            let r = c
                .correlation_with_metric
                .map(|r| format!("{} ({} chunks)", crate::format::two_decimals(r.0), c.correlation_chunks))
                .unwrap_or_else(|| "—".into());
            view! {
                <tr data-column=c.column.clone()>
                    <td>{c.column.clone()}</td>
                    <td>{if k == ProxyKind::Rate { "rate" } else { "mean" }}</td>
                    <td class="num">{format!("{} [{}, {}]", value(k, c.reference.value.0), value(k, c.reference.ci_low.0), value(k, c.reference.ci_high.0))}</td>
                    <td class="num">{format!("{} [{}, {}]", value(k, c.production.value.0), value(k, c.production.ci_low.0), value(k, c.production.ci_high.0))}</td>
                    <td class=if sig { "num s-alert" } else { "num" }>{format!("{} ({})", match k {
                        ProxyKind::Rate => format!("{} points", crate::format::points(c.change.0, false)),
                        ProxyKind::Mean => format!("{}{}", if c.change.0 < 0.0 { "−" } else { "+" }, crate::format::num(c.change.0.abs())),
                    }, crate::format::p_value(c.change_p_value.0))}</td>
                    <td class=drift.0>{drift.1}</td>
                    <td class="num">{r}</td>
                </tr>
            }
        })
        .collect_view();
    let charts = px
        .columns
        .iter()
        .flat_map(|c| {
            let mut v = vec![crate::report::views::proxy_chunks(&px, c)];
            v.extend(crate::report::views::proxy_vs_metric(&px, c));
            v
        })
        .collect::<Vec<_>>();
    let metric_head = format!("r with the {}", metric.unwrap_or_else(|| "metric".into()));
    view! {
        <section class="card" id="proxies">
            <h2>"Proxy metrics"</h2>
            <p class="muted">{how}</p>
            <div class="table-wrap">
                <table class="data" id="proxy-table">
                    <thead><tr>
                        <th scope="col">"Proxy"</th><th scope="col">"Kind"</th>
                        <th scope="col" class="num">"Reference [95 %]"</th><th scope="col" class="num">"Production [95 %]"</th>
                        <th scope="col" class="num">"Change (p)"</th><th scope="col">"Drift"</th>
                        <th scope="col" class="num">{metric_head}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            {chart_grid(charts, &[])}
        </section>
    }
    .into_any()
}
