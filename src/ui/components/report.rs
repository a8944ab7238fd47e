//! The report: verdict, summary cards, sortable drift table, per-column detail with its chart.

use std::sync::Arc;

use leptos::prelude::*;

use crate::report::views::{sort_rows, status_label};
use crate::report::{ColumnDriftJson, Status};
use crate::ui::dom;
use crate::ui::state::{Actions, AppState, Done, SortKey};

#[component]
fn Verdict(done: Arc<Done>) -> impl IntoView {
    let v = crate::report::views::verdict(&done.analysis.report);
    let cls = if v.alert {
        "verdict card alert"
    } else {
        "verdict card ok"
    };
    let (badge, headline, psi) = (v.badge, v.headline, v.psi);
    view! {
        <section class=cls id="verdict" aria-live="polite">
            <span class="badge">{badge}</span>
            <h2 class="verdict-text">{headline}</h2>
            <p class="muted">{psi}{format!(" Computed in {:.0} ms.", done.elapsed_ms)}</p>
            <Timings />
        </section>
    }
}

/// Where the analysis spent its time, stage by stage, in each worker (the two workers run at
/// once: the outliers and duplicate rows in the second, the rest in the first).
#[component]
fn Timings() -> impl IntoView {
    let st = expect_context::<AppState>();
    move || {
        let steps = st.steps.get();
        let workers = steps.iter().map(|s| s.worker).max().unwrap_or(0) + 1;
        (!steps.is_empty()).then(|| view! {
            <details class="timings" id="timings">
                <summary class="muted">"Where the time went"</summary>
                <div class="timings-workers">
                    {(0..workers).map(|w| {
                        let rows: Vec<_> = steps.iter().filter(|s| s.worker == w).cloned().collect();
                        let total: f64 = rows.iter().map(|s| s.ms).sum();
                        view! {
                            <table class="compact" data-worker=w>
                                <thead><tr>
                                    <th>{if workers > 1 { format!("worker {}", w + 1) } else { "worker".to_owned() }}</th>
                                    <th class="num">{format!("{total:.0} ms")}</th>
                                </tr></thead>
                                <tbody>
                                    {rows.into_iter().map(|s| view! {
                                        <tr><td>{s.name}</td><td class="num">{format!("{:.0} ms", s.ms)}</td></tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        }
                    }).collect_view()}
                </div>
            </details>
        })
    }
}

#[component]
fn SummaryCards(done: Arc<Done>) -> impl IntoView {
    let cards = crate::report::views::summary_cards(&done.analysis.report);
    view! {
        <section class="cards" aria-label="summary">
            {cards.into_iter().map(|c| {
                let sub_title = c.sub.clone();
                view! {
                    <div class=format!("stat card {}", c.tone.class()) title=c.help>
                        <div class="stat-title"><span class="stat-mark" aria-hidden="true">{c.tone.mark()}</span>" "{c.title}</div>
                        <div class="stat-value">{c.value}</div>
                        <div class="stat-sub muted" title=sub_title>{c.sub}</div>
                    </div>
                }
            }).collect_view()}
        </section>
    }
}

#[component]
fn SortHeader(label: &'static str, key: SortKey, title: &'static str) -> impl IntoView {
    let st = expect_context::<AppState>();
    let aria = move || {
        let (k, desc) = st.sort.get();
        if k == key {
            if desc {
                "descending"
            } else {
                "ascending"
            }
        } else {
            "none"
        }
    };
    view! {
        <th scope="col" aria-sort=aria title=title>
            <button class="sort" on:click=move |_| st.sort.update(|(k, d)| if *k == key { *d = !*d } else { *k = key; *d = false })>
                {label}
                <span class="arrow">{move || { let (k, d) = st.sort.get(); if k == key { if d { " ▼" } else { " ▲" } } else { "" } }}</span>
            </button>
        </th>
    }
}

#[component]
fn DriftTable(done: Arc<Done>) -> impl IntoView {
    let st = expect_context::<AppState>();
    let cols = done.analysis.report.drift.columns.clone();
    let excluded = done.analysis.report.drift.excluded.clone();
    let search = RwSignal::new(String::new());
    let kind = RwSignal::new(String::from("all"));
    let status = RwSignal::new(String::from("all"));
    let rows = move || {
        let (key, desc) = st.sort.get();
        let q = search.get().to_lowercase();
        let (k, s) = (kind.get(), status.get());
        let mut rows: Vec<ColumnDriftJson> = cols
            .iter()
            .filter(|c| q.is_empty() || c.column.to_lowercase().contains(&q))
            .filter(|c| k == "all" || c.kind.id() == k)
            .filter(|c| match s.as_str() {
                "drifted" => c.status == Status::Drifted,
                "ok" => c.status == Status::Ok,
                "other" => matches!(c.status, Status::NotComputable | Status::Skipped),
                _ => true,
            })
            .cloned()
            .collect();
        sort_rows(&mut rows, key, desc);
        rows.into_iter()
            .map(|c| {
                let name = c.column.clone();
                let name_key = c.column.clone();
                let name_sel = c.column.clone();
                let (cls, label) = status_label(c.status);
                let method = c.method.map(|m| m.id()).unwrap_or("—");
                let method_title = c.method.map(|m| format!("{}: {}", m.name(), m.explain())).unwrap_or_default();
                let score = c.score.map(|s| crate::format::num(s.0)).unwrap_or_else(|| "—".into());
                let threshold = match (c.method, c.threshold) {
                    (Some(m), Some(t)) => format!("{} {}", m.direction().symbol(), crate::format::num(t.0)),
                    _ => "—".into(),
                };
                let open = move || st.selected.get().as_deref() == Some(name_sel.as_str());
                view! {
                    <tr data-column=name.clone() data-kind=c.kind.id() class=format!("status-{cls}") class:selected=open tabindex="0"
                        title=c.reason.clone()
                        on:click=move |_| st.selected.set(Some(name_key.clone()))
                        on:keydown={let n = name.clone(); move |ev: leptos::ev::KeyboardEvent| if ev.key() == "Enter" { st.selected.set(Some(n.clone())) }}>
                        <th scope="row">{name.clone()}<div class="sub">{c.kind.id()}{if c.role == crate::data::Role::Feature { String::new() } else { format!(" · {}", c.role.id()) }}</div></th>
                        <td title=method_title>{method}</td>
                        <td class="num" title="the method's score; drift when it crosses the threshold below it">{score}<div class="sub">{threshold}</div></td>
                        <td><span class=format!("pill {cls}")>{label}</span></td>
                        <td class="num missing" title="share of missing values (and of invalid cells, when there are any): reference → production">{format!("{:.1} → {}", c.missing_share_ref.0 * 100.0, crate::format::share(c.missing_share_prod.0))}
                            {(c.invalid_share_ref.0 + c.invalid_share_prod.0 > 0.0).then(|| view! {
                                <div class="sub invalid" title="cells that are not values of the column's kind (stray tokens such as n/a): left out of the tests; a change of more than 10 points counts as drift">{format!("invalid {:.1} → {}", c.invalid_share_ref.0 * 100.0, crate::format::share(c.invalid_share_prod.0))}</div>
                            })}
                        </td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <section class="card">
            <h2>"Drift by column"</h2>
            <p class="muted">"Every analysed column is listed, whatever its role; only features count toward the dataset drift share. Click a row (or press Enter on it) for its charts, every test and the reason. Drifted columns are marked ▲ and sorted first; hover a row for the reason."</p>
            <div class="filters">
                <input id="drift-search" type="search" placeholder="search columns" aria-label="search columns"
                    prop:value=move || search.get() on:input=move |ev| search.set(event_target_value(&ev)) />
                <select id="drift-kind" aria-label="filter by kind" on:change=move |ev| kind.set(event_target_value(&ev))>
                    <option value="all">"all kinds"</option>
                    <option value="numeric">"numeric"</option>
                    <option value="categorical">"categorical"</option>
                    <option value="boolean">"boolean"</option>
                </select>
                <select id="drift-status" aria-label="filter by status" on:change=move |ev| status.set(event_target_value(&ev))>
                    <option value="all">"all statuses"</option>
                    <option value="drifted">"drifted"</option>
                    <option value="ok">"ok"</option>
                    <option value="other">"not computable"</option>
                </select>
            </div>
            {(!excluded.is_empty()).then(|| view! {
                <details class="excluded" id="excluded">
                    <summary>{format!("{} {} not tested", excluded.len(), if excluded.len() == 1 { "column" } else { "columns" })}</summary>
                    <ul>{excluded.iter().map(|e| view! {
                        <li data-column=e.column.clone()><strong>{e.column.clone()}</strong><span class="muted">{format!(" · {} · {}", e.kind.id(), e.role.id())}</span>{format!(": {}", e.reason)}</li>
                    }).collect_view()}</ul>
                </details>
            })}
            <div class="table-wrap">
                <table class="drift-table">
                    <thead><tr>
                        <SortHeader label="column" key=SortKey::Column title="column name, with its kind (and role when not a feature)" />
                        <SortHeader label="method" key=SortKey::Method title="the test that decides (Evidently's automatic choice unless overridden); hover a method for what it measures" />
                        <SortHeader label="score" key=SortKey::Score title="p-value for tests, distance for distances; the threshold and its direction below" />
                        <SortHeader label="status" key=SortKey::Status title="drifted, ok, or not computable; hover a row for the reason" />
                        <SortHeader label="missing %" key=SortKey::MissingProd title="share of missing values in reference → production (sorts by production)" />
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}

#[component]
fn Checks(done: Arc<Done>) -> impl IntoView {
    use crate::report::CheckStatus;
    let r = &done.analysis.report;
    let rows = r
        .checks
        .iter()
        .map(|c| {
            let (cls, label) = match c.status {
                CheckStatus::Ok => ("ok", "✓ ok"),
                CheckStatus::Warning => ("na", "! warning"),
                CheckStatus::Alert => ("drifted", "▲ alert"),
            };
            view! {
                <tr data-check=c.id.clone()>
                    <th scope="row">{c.name.clone()}</th>
                    <td><span class=format!("pill {cls}")>{label}</span></td>
                    <td>{c.reason.clone()}</td>
                    <td class="num muted" title="the check's score, its direction and threshold (an alert when the score crosses it)">{format!("score {} · alert when {} {}", crate::format::num(c.score.0), crate::report::views::direction_symbol(&c.direction), crate::format::num(c.threshold.0))}</td>
                </tr>
            }
        })
        .collect_view();
    let retrain = if r.retrain.recommended {
        format!("Retrain recommended: {}", r.retrain.reasons.join("; "))
    } else {
        "No retrain trigger fired.".to_owned()
    };
    view! {
        <section class="card checks" id="checks">
            <h2>"Checks"</h2>
            <p class=if r.retrain.recommended { "retrain alert" } else { "retrain" }>{retrain}</p>
            <table class="checks-table"><tbody>{rows}</tbody></table>
        </section>
    }
}

/// "Copy card": the model card's Markdown to the clipboard, with the outcome on the button for
/// two seconds ("Copied", or why not).
#[component]
fn CopyCard(done: Arc<Done>) -> impl IntoView {
    let st = expect_context::<AppState>();
    let label = RwSignal::new("Copy card".to_owned());
    let done = StoredValue::new(done);
    let copy = move |_| {
        let text = crate::report::model_card::render_markdown(
            &done.get_value().analysis.report,
            &st.export_options(),
        );
        wasm_bindgen_futures::spawn_local(async move {
            let done = match dom::copy_text(&text).await {
                Ok(()) => "Copied ✓".to_owned(),
                Err(e) => format!("Not copied: {e}"),
            };
            label.set(done);
            set_timeout(
                move || label.set("Copy card".to_owned()),
                std::time::Duration::from_secs(2),
            );
        });
    };
    view! {
        <button id="copy-card" class="secondary" title="Copy the model card's Markdown, to paste into a wiki" on:click=copy>{move || label.get()}</button>
    }
}

/// How the exports write values of columns flagged as personal data: masked (default), a
/// salted hash (with the salt shown and editable), or raw (labelled as such). The page itself
/// always shows the values.
#[component]
fn PiiExportChoice() -> impl IntoView {
    let st = expect_context::<AppState>();
    view! {
        <label class="export-switch" title="Columns that look like e-mail addresses, phone numbers, IP addresses, payment cards, national ids or person names (marked PII in the columns table): the card, JSON and HTML exports mask their values unless you choose otherwise. The page shows them as they are.">
            " personal data in exports: "
            <select id="export-pii" prop:value=move || st.export_pii.get() on:change=move |ev| st.export_pii.set(event_target_value(&ev))>
                <option value="mask">"masked (j***@e***.com)"</option>
                <option value="hash">"salted hash"</option>
                <option value="raw">"raw values (contains personal data)"</option>
            </select>
        </label>
        {move || (st.export_pii.get() == "hash").then(|| view! {
            <label class="export-switch" title="The same value with the same salt gives the same hash in every file and export; keep the salt secret, or an e-mail address can be guessed from its hash.">
                " salt "
                <input id="export-salt" type="text" size="16" prop:value=move || st.export_salt.get() on:input=move |ev| st.export_salt.set(event_target_value(&ev)) />
            </label>
        })}
    }
}

/// Everything under the verdict.
#[component]
pub fn ReportView() -> impl IntoView {
    let st = expect_context::<AppState>();
    let actions = expect_context::<Actions>();
    let on_key = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.key() == "Escape" {
            st.selected.set(None);
        }
    });
    on_cleanup(move || on_key.remove());
    // Progressive rendering: the verdict, cards, checks and drift table paint first; the
    // sections below (dozens of charts) follow a frame later, so the page answers at once.
    let later = RwSignal::new(false);
    Effect::new(move |_| {
        st.done.track();
        later.set(false);
        request_animation_frame(move || {
            set_timeout(move || later.set(true), std::time::Duration::ZERO);
        });
    });
    move || {
        st.done.get().map(|done| {
            let rest = done.clone();
            let (for_card, for_json, for_html) = (done.clone(), done.clone(), done.clone());
            let export = move || st.export_options();
            let has_pii = done.analysis.report.columns.iter().any(|c| c.pii.is_some());
            let has_top = done.analysis.report.outliers.as_ref().is_some_and(|o| !o.top.is_empty())
                || done.analysis.report.llm_eval.as_ref().is_some_and(|e| !e.failures.is_empty());
            let warnings = done.analysis.report.warnings.clone();
            view! {
                <super::sections::SectionNav done=done.clone() />
                <Verdict done=done.clone() />
                <div class="toolbar">
                    <button id="download-card" class="primary" on:click=move |_| { let _ = dom::download("model-card.md", "text/markdown", &crate::report::model_card::render_markdown(&for_card.analysis.report, &export())); }>"Download model card"</button>
                    <CopyCard done=done.clone() />
                    <button id="download-json" class="secondary" on:click=move |_| { let _ = dom::download("driftcard-report.json", "application/json", &for_json.analysis.report.to_export_json(&export())); }>"Download JSON report"</button>
                    <button id="download-html" class="secondary" title="One self-contained file with every section and chart: opens offline, without JavaScript; prints to PDF" on:click=move |_| { let _ = dom::download("driftcard-report.html", "text/html", &crate::report::html::render_html(&for_html.analysis, &export())); }>"Download HTML report"</button>
                    {has_top.then(|| view! {
                        <label class="export-switch" title="Example rows — the row inspector's most unusual production rows (row numbers and z-scores) and the failing LLM eval examples (personal values masked) — are left out of the JSON and HTML exports unless this is on. The page always shows them.">
                            <input id="export-top-rows" type="checkbox" prop:checked=move || st.export_top_rows.get() on:change=move |ev| st.export_top_rows.set(event_target_checked(&ev)) />
                            " include example rows (top outliers, failing evals) in exports"
                        </label>
                    })}
                    {has_pii.then(|| view! { <PiiExportChoice /> })}
                    <button id="edit-columns" class="secondary" on:click=move |_| { st.done.set(None); st.phase.set(crate::ui::state::Phase::Loaded); }>"Edit columns"</button>
                    <button id="rerun" class="secondary" on:click=move |_| actions.analyze(st)>"Re-run"</button>
                </div>
                <SummaryCards done=done.clone() />
                <Checks done=done.clone() />
                <div class="report-grid" id="drift">
                    <DriftTable done=done.clone() />
                    <super::detail::Detail done=done.clone() />
                </div>
                <div id="report-rest" data-complete=move || later.get().to_string()>
                    {move || later.get().then(|| {
                        let d = rest.clone();
                        view! {
                            <super::sections::DriftOverTime done=d.clone() />
                            <super::sections::Multivariate done=d.clone() />
                            <super::sections::ModelQuality done=d.clone() />
                            <super::sections::OverTime done=d.clone() />
                            <super::sections::Estimate done=d.clone() />
                            <super::sections::LlmEval done=d.clone() />
                            <super::sections::Proxies done=d.clone() />
                            <super::sections::Bias done=d.clone() />
                            <super::sections::Outliers done=d.clone() />
                            <super::sections::Service done=d.clone() />
                        }
                    })}
                </div>
                {(!warnings.is_empty()).then(|| view! {
                    <section class="card warnings-card">
                        <h2>"Input warnings"</h2>
                        <ul>{warnings.into_iter().take(30).map(|w| {
                            view! { <li>{w.to_string()}</li> }
                        }).collect_view()}</ul>
                    </section>
                })}
            }
        })
    }
}
