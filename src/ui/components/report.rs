//! The report: verdict, summary cards, sortable drift table, per-column detail with its chart.

use std::sync::Arc;

use leptos::prelude::*;

use crate::report::views::{sort_rows, status_label};
use crate::report::{ColumnDriftJson, Status};
use crate::ui::dom;
use crate::ui::state::{Actions, AppState, Done, SortKey};

#[component]
fn Verdict(done: Arc<Done>) -> impl IntoView {
    let d = &done.analysis.report.drift;
    let headline = format!(
        "Dataset drift: {} of {} features drifted (threshold {:.0} %)",
        d.n_drifted,
        d.n_features,
        d.drift_share_threshold.0 * 100.0
    );
    let (cls, badge) = if d.dataset_drift {
        ("verdict card alert", "▲ DRIFT")
    } else {
        ("verdict card ok", "✓ NO DATASET DRIFT")
    };
    let psi = done.analysis.report.max_feature_psi().map(|(c, v)| {
        format!(
            "Largest feature PSI: {} on {} ({}).",
            crate::format::num(v),
            c,
            crate::report::psi_band(v)
        )
    });
    view! {
        <section class=cls id="verdict" aria-live="polite">
            <span class="badge">{badge}</span>
            <h2 class="verdict-text">{headline}</h2>
            <p class="muted">{psi}{format!(" Computed in {:.0} ms.", done.elapsed_ms)}</p>
        </section>
    }
}

/// One summary card: title, value, one-line reason, status class, and what it means.
struct Card {
    title: String,
    value: String,
    sub: String,
    cls: &'static str,
    help: &'static str,
}

#[component]
fn SummaryCards(done: Arc<Done>) -> impl IntoView {
    let r = &done.analysis.report;
    let mut cards: Vec<Card> = Vec::new();
    let d = &r.drift;
    cards.push(Card {
        title: "Dataset drift".into(),
        value: format!("{} of {}", d.n_drifted, d.n_features),
        sub: format!(
            "feature columns drifted ({:.0} %; threshold {:.0} %)",
            d.share_drifted.0 * 100.0,
            d.drift_share_threshold.0 * 100.0
        ),
        cls: if d.dataset_drift { "alert" } else { "ok" },
        help: "Each feature column is tested (Evidently's automatic choice unless overridden); the dataset drifts when the share of drifted features reaches the threshold.",
    });
    let target = r
        .columns
        .iter()
        .find(|c| c.role == crate::data::Role::Target);
    if let Some(tc) = target.and_then(|t| d.columns.iter().find(|c| c.column == t.name)) {
        cards.push(Card {
            title: format!("Target drift: {}", tc.column),
            value: if tc.drifted { "drifted".into() } else { "stable".into() },
            sub: tc.reason.clone(),
            cls: if tc.drifted { "alert" } else { "ok" },
            help: "The distribution of the label itself (prior shift), tested like a feature but not counted in the dataset share.",
        });
    }
    let sd = &r.schema_drift;
    if !sd.is_empty() {
        let n = sd.only_in_reference.len() + sd.only_in_production.len();
        let list = |v: &[String]| {
            let shown: Vec<&str> = v.iter().take(4).map(String::as_str).collect();
            format!(
                "{}{}",
                shown.join(", "),
                if v.len() > 4 { ", …" } else { "" }
            )
        };
        let mut parts = Vec::new();
        if !sd.only_in_reference.is_empty() {
            parts.push(format!(
                "only in reference: {}",
                list(&sd.only_in_reference)
            ));
        }
        if !sd.only_in_production.is_empty() {
            parts.push(format!(
                "only in production: {}",
                list(&sd.only_in_production)
            ));
        }
        cards.push(Card {
            title: "Schema drift".into(),
            value: format!("{n} {}", if n == 1 { "column" } else { "columns" }),
            sub: parts.join(" · "),
            cls: "alert",
            help: "Columns present in only one of the two files: not compared, listed here and in the model card.",
        });
    }
    if let Some(l) = &r.labels {
        cards.push(Card {
            title: "Late labels".into(),
            value: crate::format::share(l.coverage),
            sub: format!(
                "{} of {} production rows labelled from {}{}",
                l.labelled_rows,
                l.production_rows,
                l.file,
                if l.unmatched_ids > 0 {
                    format!(" · {} label ids match no prediction", l.unmatched_ids)
                } else {
                    String::new()
                }
            ),
            cls: if l.coverage < 0.5 { "alert" } else { "info" },
            help: "The third file's labels joined to production by id: model quality is computed on the labelled rows only.",
        });
    }
    if let Some(c) = &r.classification {
        if let (Some(a), Some(b)) = (&c.reference, &c.production) {
            let delta = b.accuracy.0 - a.accuracy.0;
            let bad = b.accuracy.0 < a.accuracy.0 * 0.95;
            cards.push(Card {
                title: "Accuracy (production)".into(),
                value: format!("{:.3}", b.accuracy.0),
                sub: format!(
                    "{}{:.3} vs reference {:.3} · {} labelled rows",
                    if delta < 0.0 { "↓" } else { "↑" },
                    delta.abs(),
                    a.accuracy.0,
                    b.n_labeled
                ),
                cls: if bad { "alert" } else { "ok" },
                help: "Share of labelled production rows predicted correctly; alert when it is more than 5 % (relative) below the reference.",
            });
        }
    }
    if let Some(g) = &r.regression {
        if let (Some(a), Some(b)) = (&g.reference, &g.production) {
            let bad = b.mae.0 > a.mae.0 * 1.05;
            cards.push(Card {
                title: "MAE (production)".into(),
                value: crate::format::num(b.mae.0),
                sub: format!("reference {} · RMSE {}", crate::format::num(a.mae.0), crate::format::num(b.rmse.0)),
                cls: if bad { "alert" } else { "ok" },
                help: "Mean absolute error of the labelled production rows; alert when it grows more than 5 % over the reference.",
            });
        }
    }
    for (col, pd) in &r.prediction_drift {
        cards.push(Card {
            title: format!("Prediction mean: {col}"),
            value: if pd.drifted { "drifted".into() } else { "stable".into() },
            sub: format!(
                "mean {} → {} (2σ rule, σ = {})",
                crate::format::num(pd.mean_reference.0),
                crate::format::num(pd.mean_production.0),
                crate::format::num(pd.std_reference.0)
            ),
            cls: if pd.drifted { "alert" } else { "ok" },
            help: "The seed's rule: the production mean drifts when it is more than two reference standard deviations from the reference mean.",
        });
    }
    if let Some(l) = &r.latency {
        if let Some(met) = l.slo.met {
            cards.push(Card {
                title: format!("Latency p{}", crate::format::num(l.slo.percentile.0)),
                value: format!("{} ms", crate::format::num(l.slo.value_ms.0)),
                sub: format!(
                    "SLO ≤ {} ms: {} · reference {} ms",
                    crate::format::num(l.slo.target_ms.0),
                    if met { "met" } else { "missed" },
                    crate::format::num(l.reference_ms.p99.0)
                ),
                cls: if met { "ok" } else { "alert" },
                help: "The production latency percentile against the SLO target (Settings → SLO).",
            });
        }
    }
    if let Some(e) = &r.error_rate {
        if e.production.n > 0 {
            cards.push(Card {
                title: "Error rate".into(),
                value: crate::format::share(e.production.rate.0),
                sub: format!("reference {}", crate::format::share(e.reference.rate.0)),
                cls: "info",
                help: "Share of requests whose status is an error (HTTP outside 2xx, or error/fail/timeout…), with a Wilson interval in the Service section.",
            });
        }
    }
    if let Some(o) = &r.outliers {
        cards.push(Card {
            title: "Outliers (Isolation Forest)".into(),
            value: crate::format::share(o.share_production.0),
            sub: format!(
                "expected {} · {}",
                crate::format::share(o.expected_share.0),
                crate::format::p_value(o.p_value.0)
            ),
            cls: if o.alert { "alert" } else { "ok" },
            help: "Share of production rows an Isolation Forest fitted on the reference finds unusual, against the share expected from the reference (the threshold is the reference's own score quantile at the contamination setting, 1 % by default); a binomial test says whether the excess is real.",
        });
    }
    if let Some(b) = &r.bias {
        let n: usize = b.columns.iter().map(|c| c.alerts.len()).sum();
        let cols: Vec<&str> = b.columns.iter().map(|c| c.column.as_str()).collect();
        cards.push(Card {
            title: "Bias alerts".into(),
            value: n.to_string(),
            sub: format!("groups: {}", cols.join(", ")),
            cls: if n > 0 { "alert" } else { "ok" },
            help: "Groups whose accuracy is more than 5 points from the overall accuracy, or whose selection rate is below four-fifths of the highest group's.",
        });
    }
    cards.push(Card {
        title: "Retrain".into(),
        value: if r.retrain.recommended { "recommended".into() } else { "not needed".into() },
        sub: if r.retrain.recommended {
            r.retrain.reasons.join("; ")
        } else {
            "no trigger fired".into()
        },
        cls: if r.retrain.recommended { "alert" } else { "ok" },
        help: "Triggers: dataset drift, a > 5 % performance drop, or the feedback error rate above its threshold.",
    });
    view! {
        <section class="cards" aria-label="summary">
            {cards.into_iter().map(|c| {
                let mark = match c.cls { "alert" => "▲", "ok" => "✓", _ => "●" };
                let sub_title = c.sub.clone();
                view! {
                    <div class=format!("stat card {}", c.cls) title=c.help>
                        <div class="stat-title"><span class="stat-mark" aria-hidden="true">{mark}</span>" "{c.title}</div>
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
                    <td class="num muted" title="the check's score, its direction and threshold (an alert when the score crosses it)">{format!("score {} · alert when {} {}", crate::format::num(c.score.0), match c.direction.as_str() { "above" => ">", "below" => "<", "at_least" => "≥", "at_most" => "≤", d => d }, crate::format::num(c.threshold.0))}</td>
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
fn CopyCard(card: String) -> impl IntoView {
    let label = RwSignal::new("Copy card".to_owned());
    let card = StoredValue::new(card);
    let copy = move |_| {
        let text = card.get_value();
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
            let card = done.card.clone();
            let json = done.json.clone();
            let warnings = done.analysis.report.warnings.clone();
            view! {
                <super::sections::SectionNav done=done.clone() />
                <Verdict done=done.clone() />
                <div class="toolbar">
                    <button id="download-card" class="primary" on:click={ let card = card.clone(); move |_| { let _ = dom::download("model-card.md", "text/markdown", &card); } }>"Download model card"</button>
                    <CopyCard card=card.clone() />
                    <button id="download-json" class="secondary" on:click=move |_| { let _ = dom::download("driftcard-report.json", "application/json", &json); }>"Download JSON report"</button>
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
                            <super::sections::ModelQuality done=d.clone() />
                            <super::sections::OverTime done=d.clone() />
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
