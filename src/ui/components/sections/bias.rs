//! Bias: per-group table and charts (click a group to find its row), parity figures and alerts.

use super::*;

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
                                    <td class="num">{crate::format::num(g.metrics.accuracy.0)}</td>
                                    <td class="num">{crate::format::num(g.metrics.selection_rate.0)}</td>
                                    <td class="num">{crate::format::num(g.metrics.tpr.0)}</td>
                                    <td class="num">{crate::format::num(g.metrics.fpr.0)}</td>
                                </tr>
                            }).collect_view()}</tbody>
                        </table>
                        <p class="muted">{format!(
                            "Demographic parity difference {} (ratio {}; four-fifths rule: alert below 0.8) · equalized odds difference {} (ratio {}).",
                            crate::format::num(s.demographic_parity_difference.0), crate::format::num(s.demographic_parity_ratio.0),
                            crate::format::num(s.equalized_odds_difference.0), crate::format::num(s.equalized_odds_ratio.0))}</p>
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
