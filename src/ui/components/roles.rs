//! The detected kinds and roles, editable before **Analyze**.

use leptos::prelude::*;

use super::app::{human_bytes, Actions};
use crate::data::{ColumnSchema, Kind, Role};
use crate::ui::state::{AppState, Phase};

fn pct(v: Option<f64>) -> String {
    v.map(|v| format!("{:.1} %", v * 100.0))
        .unwrap_or_else(|| "—".into())
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
    view! {
        <tr data-column=col.name.clone()>
            <th scope="row">{col.name.clone()}</th>
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
            <td class="num">{pct(col.missing_share_reference)}</td>
            <td class="num">{pct(col.missing_share_production)}</td>
            <td class="num">{col.distinct}</td>
            <td class="muted">{note}</td>
        </tr>
    }
}

/// The roles table with the Analyze button.
#[component]
pub fn RolesEditor() -> impl IntoView {
    let st = expect_context::<AppState>();
    let actions = expect_context::<Actions>();
    let busy = move || matches!(st.phase.get(), Phase::Loading { .. } | Phase::Analyzing);
    // Rows are rendered once per loaded schema (edits update the signal without re-rendering).
    let rows = move || {
        st.schema.get_untracked().map(|s| {
            s.columns
                .into_iter()
                .map(|c| view! { <RoleRow col=c /> })
                .collect_view()
        })
    };
    let summary = move || {
        st.files.get().map(|(r, p)| {
            format!(
                "{}: {} rows × {} columns ({}) · {}: {} rows × {} columns ({}) · parsed in {:.0} ms",
                r.name, r.rows, r.columns, human_bytes(r.bytes), p.name, p.rows, p.columns, human_bytes(p.bytes), st.load_ms.get()
            )
        })
    };
    let warnings = move || {
        st.files.get().map(|(r, p)| {
            r.warnings
                .into_iter()
                .chain(p.warnings)
                .take(8)
                .map(|w| {
                    let at = w.row.map(|r| format!(" row {r}")).unwrap_or_default();
                    view! { <li>{format!("{}{at}: {}", w.file, w.message)}</li> }
                })
                .collect_view()
        })
    };
    view! {
        <section class="roles card" aria-label="Columns">
            <div class="section-head">
                <h2>"Check the columns"</h2>
                <button id="analyze" class="primary" on:click=move |_| actions.analyze(st) disabled=busy>"Analyze"</button>
            </div>
            <p class="muted" id="file-summary">{summary}</p>
            <ul class="warnings">{warnings}</ul>
            <p class="muted">"Kinds and roles were detected from the header names and values. Change any that are wrong: the target and prediction give accuracy, group columns give bias, features are tested for drift."</p>
            <div class="table-wrap">
                <table class="roles-table">
                    <thead><tr><th>"column"</th><th>"kind"</th><th>"role"</th><th>"missing (ref)"</th><th>"missing (prod)"</th><th>"distinct"</th><th>"note"</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}
