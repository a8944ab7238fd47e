//! The detected kinds and roles, editable before **Analyze**.

use leptos::prelude::*;

use crate::data::{ColumnSchema, Kind, Role};
use crate::ui::state::{Actions, AppState, Phase};

/// A share, or `—` for a column absent from the file.
fn pct(v: Option<f64>) -> String {
    crate::format::share_or_dash(v)
}

fn set_role(st: AppState, column: &str, role: Role) {
    st.schema.update(|s| {
        if let Some(s) = s {
            for c in &mut s.columns {
                if c.name == column {
                    c.role = role;
                } else if role.is_single() && c.role == role {
                    c.role = Role::Feature;
                    st.config
                        .update(|cfg| cfg.roles.set(&c.name, Role::Feature));
                }
            }
        }
    });
    st.config.update(|cfg| cfg.roles.set(column, role));
}

fn set_kind(st: AppState, column: &str, kind: Kind) {
    st.schema.update(|s| {
        if let Some(c) = s
            .as_mut()
            .and_then(|s| s.columns.iter_mut().find(|c| c.name == column))
        {
            c.kind = kind;
        }
    });
    st.config.update(|cfg| {
        cfg.kinds.insert(column.to_owned(), kind);
    });
}

#[component]
fn RoleRow(col: ColumnSchema) -> impl IntoView {
    let st = expect_context::<AppState>();
    let name = col.name.clone();
    let name2 = col.name.clone();
    let kind_options = Kind::ALL
        .iter()
        .map(|k| view! { <option value=k.id() selected=*k == col.kind>{k.id()}</option> })
        .collect_view();
    let role_options = Role::ALL
        .iter()
        .map(|r| view! { <option value=r.id() selected=*r == col.role>{r.id()}</option> })
        .collect_view();
    let note = col.note.clone().unwrap_or_default();
    let reason = col.reason.clone();
    let invalid = |n: usize| {
        (n > 0).then(|| view! { <div class="sub invalid" title="cells that are not values of the column's kind: left out of the tests">{format!("{n} invalid")}</div> })
    };
    view! {
        <tr data-column=col.name.clone()>
            <th scope="row">{col.name.clone()}{col.pii.map(|k| view! {
                <span class="pii-badge" data-pii=k.id() title=format!("values look like {} (personal data): the card, JSON and HTML exports mask them (or hash them, if you choose); this page shows them", k.plural())>{format!("PII: {}", k.label())}</span>
            })}</th>
            <td>
                <select aria-label=format!("kind of {}", col.name) class="kind-select"
                    on:change=move |ev| if let Some(k) = Kind::from_id(&event_target_value(&ev)) { set_kind(st, &name, k) }>
                    {kind_options}
                </select>
            </td>
            <td>
                <select aria-label=format!("role of {}", col.name) class="role-select"
                    on:change=move |ev| if let Some(r) = Role::from_id(&event_target_value(&ev)) { set_role(st, &name2, r) }>
                    {role_options}
                </select>
            </td>
            <td class="num">{pct(col.missing_share_reference)}{invalid(col.invalid_reference)}</td>
            <td class="num">{pct(col.missing_share_production)}{invalid(col.invalid_production)}</td>
            <td class="num">{if col.distinct > crate::data::load::DICT_CAP_TYPED { format!("> {}", crate::data::load::DICT_CAP_TYPED) } else { col.distinct.to_string() }}</td>
            <td class="why">{reason}{(!note.is_empty()).then(|| view! { <div class="sub">{note.clone()}</div> })}</td>
        </tr>
    }
}

/// Rows of the roles table drawn per task (even, so that striped rows would stay striped across
/// the bodies).
const ROWS_PER_TASK: usize = 40;

/// Shows the parts of the roles table one task after another.
fn show_parts(mut parts: Vec<RwSignal<bool>>) {
    if parts.is_empty() {
        return;
    }
    let first = parts.remove(0);
    set_timeout(
        move || {
            // A table already gone (new files, Analyze) stops the chain.
            if first.try_set(true).is_none() {
                show_parts(parts);
            }
        },
        std::time::Duration::ZERO,
    );
}

/// The roles table with the Analyze button.
#[component]
pub fn RolesEditor() -> impl IntoView {
    let st = expect_context::<AppState>();
    let actions = expect_context::<Actions>();
    let busy = move || matches!(st.phase.get(), Phase::Loading { .. } | Phase::Analyzing);
    // Rows are rendered once per loaded schema (edits update the signal without re-rendering).
    // A wide file's rows come in parts of [`ROWS_PER_TASK`], one body each, the first with the
    // table and each next one in the next task: two selects per row make the browser's style and
    // layout the cost (about 120 ms for 103 columns in one task), and no task should block the
    // page for 100 ms.
    let n = st
        .schema
        .with_untracked(|s| s.as_ref().map_or(0, |s| s.columns.len()));
    let parts: Vec<RwSignal<bool>> = (0..n.div_ceil(ROWS_PER_TASK).max(1))
        .map(|k| RwSignal::new(k == 0))
        .collect();
    if parts.len() > 1 {
        let later = parts[1..].to_vec();
        request_animation_frame(move || show_parts(later));
    }
    let bodies = parts
        .into_iter()
        .enumerate()
        .map(|(k, shown)| {
            let rows = move || {
                shown.get().then(|| {
                    st.schema.get_untracked().map(|s| {
                        s.columns
                            .into_iter()
                            .skip(k * ROWS_PER_TASK)
                            .take(ROWS_PER_TASK)
                            .map(|c| view! { <RoleRow col=c /> })
                            .collect_view()
                    })
                })
            };
            view! { <tbody>{rows}</tbody> }
        })
        .collect_view();
    let summary = move || {
        st.files.get().map(|(r, p)| {
            format!(
                "{}: {} rows × {} columns ({}) · {}: {} rows × {} columns ({}) · parsed in {:.0} ms",
                r.name, crate::format::count(r.rows), r.columns, crate::format::bytes(r.bytes),
                p.name, crate::format::count(p.rows), p.columns, crate::format::bytes(p.bytes), st.load_ms.get()
            )
        })
    };
    let warnings = move || {
        let schema_warnings = st
            .schema
            .with(|s| s.as_ref().map(|s| s.warnings.clone()).unwrap_or_default());
        st.files.get().map(|(r, p)| {
            let all: Vec<crate::data::Warning> = r
                .warnings
                .into_iter()
                .chain(p.warnings)
                .chain(schema_warnings)
                .collect();
            let n = all.len();
            let items = all
                .into_iter()
                .take(12)
                .map(|w| view! { <li>{w.to_string()}</li> })
                .collect_view();
            view! {
                {items}
                {(n > 12).then(|| view! { <li class="muted">{format!("… and {} more (all are in the report's warnings)", n - 12)}</li> })}
            }
        })
    };
    view! {
        <section class="roles card" aria-label="Columns">
            <div class="section-head">
                <h2>"Check the columns"</h2>
                <button id="analyze" class="primary" on:click=move |_| actions.analyze(st) disabled=busy>"Analyze"</button>
            </div>
            <p class="muted" id="file-summary">{summary}</p>
            {move || st.labels.get().map(|l| {
                let text = match (&l.join, &l.error) {
                    (Some(j), _) => format!(
                        "{}: {} rows · joined on {}: {} of {} production rows labelled ({:.1} %){}{}",
                        l.file.name, crate::format::count(l.file.rows), j.id_column, crate::format::count(j.labelled_rows),
                        crate::format::count(j.production_rows), j.coverage * 100.0,
                        if j.unmatched_ids > 0 { format!(" · {} label ids match no production row", j.unmatched_ids) } else { String::new() },
                        if j.duplicate_ids > 0 { format!(" · {} ids labelled twice (the later label is used)", j.duplicate_ids) } else { String::new() },
                    ),
                    (None, Some(e)) => format!("{}: not joined yet: {e}", l.file.name),
                    (None, None) => l.file.name.clone(),
                };
                view! { <p id="labels-summary" class=if l.error.is_some() { "labels-summary alert" } else { "labels-summary" }>{text}</p> }
            })}
            <ul class="warnings">{warnings}</ul>
            <p class="muted">"Kinds and roles were detected from the header names and values; the last column says why. Change any that are wrong: the target and prediction give accuracy, group columns give bias, features are tested for drift and count toward the dataset drift share."</p>
            <div class="table-wrap">
                <table class="roles-table">
                    <thead><tr><th>"column"</th><th>"kind"</th><th>"role"</th><th>"missing (ref)"</th><th>"missing (prod)"</th><th>"distinct"</th><th>"why this role"</th></tr></thead>
                    {bodies}
                </table>
            </div>
        </section>
    }
}
