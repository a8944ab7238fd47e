//! Drift over time: a heatmap table of every tested column's drift score per production chunk
//! (click a row for its chart in the details), and when each drifted column began to move.

use super::*;
use crate::ui::state::AppState;

/// Drift score per column and chunk.
#[component]
pub fn DriftOverTime(done: Arc<Done>) -> impl IntoView {
    let Some(d) = done.analysis.report.drift_over_time.clone() else {
        return ().into_any();
    };
    if d.columns.is_empty() {
        return ().into_any();
    }
    let st = expect_context::<AppState>();
    let prod_labels: Vec<String> = d.columns[0]
        .chunks
        .iter()
        .filter(|c| c.period == "production")
        .map(|c| c.label.clone())
        .collect();
    let began: Vec<String> = d
        .columns
        .iter()
        .filter_map(|c| {
            c.first_alert
                .as_ref()
                .map(|f| format!("{} from {f}", c.column))
        })
        .collect();
    let began = if began.is_empty() {
        "No column crossed its drift threshold in any production chunk.".to_owned()
    } else {
        format!("Drift began: {}.", began.join("; "))
    };
    let sampled = d.columns.iter().any(|c| c.sampled);
    let how = format!(
        "Each column's drift test ({}) on each chunk against the whole reference; chunks by {}{}. ▲ beyond both the test's threshold and the reference chunks' own range (mean ± 3σ, as NannyML: how far chance goes at this chunk size); ◆ beyond only one of them.{}",
        "the method of the drift table",
        d.chunk_by,
        d.chunk_size.map(|s| format!(" of {s} rows")).unwrap_or_default(),
        if sampled {
            " Large chunks are scored on 20 000 evenly spaced rows for distances (within about 1 %)."
        } else {
            ""
        }
    );
    let head = prod_labels
        .iter()
        .map(|l| view! { <th scope="col" class="num">{l.clone()}</th> })
        .collect_view();
    let rows = d
        .columns
        .into_iter()
        .map(|c| {
            let name = c.column.clone();
            let attr = name.clone();
            let pick = name.clone();
            let cells = c
                .chunks
                .iter()
                .filter(|ch| ch.period == "production")
                .map(|ch| {
                    let (class, mark) = if ch.alert {
                        ("heat heat-alert", "▲ ")
                    } else if ch.outside_reference_range || ch.beyond_threshold {
                        ("heat heat-range", "◆ ")
                    } else {
                        ("heat", "")
                    };
                    let text = ch.score.map_or_else(|| "—".into(), |v| crate::format::num(v.0));
                    let title = format!(
                        "{} · {}: {} {} (threshold {}{}) · {} rows",
                        c.column,
                        ch.label,
                        c.method.id(),
                        text,
                        crate::format::num(c.threshold.0),
                        c.upper_threshold
                            .filter(|_| c.direction == "above")
                            .map(|u| format!("; reference range up to {}", crate::format::num(u.0)))
                            .unwrap_or_default(),
                        ch.rows
                    );
                    view! { <td class=format!("num {class}") title=title>{format!("{mark}{text}")}</td> }
                })
                .collect_view();
            view! {
                <tr data-column=attr tabindex="0" on:click=move |_| st.selected.set(Some(pick.clone()))>
                    <th scope="row">{name}<span class="muted">{format!(" · {}", c.method.id())}</span></th>
                    {cells}
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="card" id="drift-over-time">
            <h2>"Drift over time"</h2>
            <p class="muted">{how}</p>
            <p>{began}</p>
            <div class="table-scroll">
                <table class="heatmap">
                    <caption class="muted">"Drift score per column (rows) and production chunk (columns). Click a row for its chart."</caption>
                    <thead><tr><th scope="col">"column"</th>{head}</tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
    .into_any()
}
