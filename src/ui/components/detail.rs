//! The per-column detail panel: reason, explanation of the deciding test, histogram or share
//! bars, the ECDF with the KS distance, both files' quality numbers, every computed test, and
//! the per-column override (method, threshold, bins) that re-runs in the worker.

use std::sync::Arc;

use leptos::prelude::*;

use super::chart_canvas::ChartCanvas;
use crate::data::Kind;
use crate::drift::{Binning, ColumnOptions, Method};
use crate::report::{ColumnDriftJson, QualityColumn};
use crate::ui::state::{Actions, AppState, Done};

/// "score ≥ 0.1 means drift" in words.
fn rule_text(m: Method, threshold: f64) -> String {
    let d = m.direction();
    if m.is_p_value() {
        format!(
            "drift when p {} {}",
            d.symbol(),
            crate::format::num(threshold)
        )
    } else {
        format!(
            "drift when the score {} {}",
            d.symbol(),
            crate::format::num(threshold)
        )
    }
}

fn quality_table(q: QualityColumn) -> impl IntoView {
    let (a, b) = (
        q.reference.clone().unwrap_or_default(),
        q.production.clone().unwrap_or_default(),
    );
    let cell = |v: Option<crate::num::Num>| {
        v.map(|x| crate::format::num(x.0))
            .unwrap_or_else(|| "—".into())
    };
    let mut rows: Vec<(&'static str, &'static str, String, String)> = vec![
        (
            "rows",
            "rows in the file",
            a.rows.to_string(),
            b.rows.to_string(),
        ),
        (
            "missing",
            "empty cells and missing tokens (NA, null, NaN, …), count and share",
            format!(
                "{} ({})",
                a.missing,
                crate::format::share(a.missing_share.0)
            ),
            format!(
                "{} ({})",
                b.missing,
                crate::format::share(b.missing_share.0)
            ),
        ),
        (
            "distinct",
            "number of different non-missing values",
            a.unique.to_string(),
            b.unique.to_string(),
        ),
    ];
    if a.invalid + b.invalid > 0 {
        rows.insert(
            2,
            (
                "invalid",
                "cells that are not values of the column's kind (e.g. `n/a` or `#VALUE!` in a numeric column, an impossible date): left out of every test",
                format!("{} ({})", a.invalid, crate::format::share(a.invalid_share.map_or(0.0, |s| s.0))),
                format!("{} ({})", b.invalid, crate::format::share(b.invalid_share.map_or(0.0, |s| s.0))),
            ),
        );
    }
    if a.mean.is_some() || b.mean.is_some() {
        for (label, help, x, y) in [
            (
                "mean",
                "arithmetic mean of the finite values",
                a.mean,
                b.mean,
            ),
            ("std", "sample standard deviation (n − 1)", a.std, b.std),
            ("min", "smallest value", a.min, b.min),
            (
                "p25",
                "25th percentile (linear interpolation, as numpy)",
                a.p25,
                b.p25,
            ),
            ("median", "50th percentile", a.p50, b.p50),
            ("p75", "75th percentile", a.p75, b.p75),
            ("max", "largest value", a.max, b.max),
        ] {
            rows.push((label, help, cell(x), cell(y)));
        }
    } else {
        let top = |v: &[(String, u64)]| {
            v.iter()
                .take(3)
                .map(|(k, n)| format!("{k} ({n})"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        rows.push((
            "top values",
            "the three most frequent values with their counts",
            top(&a.top),
            top(&b.top),
        ));
    }
    if let Some(o) = q.out_of_range_share {
        rows.push((
            "outside reference range",
            "share of production values below the reference minimum or above its maximum",
            String::new(),
            crate::format::share(o.0),
        ));
    }
    if !q.new_categories.is_empty() {
        rows.push((
            "new categories",
            "values seen in production but never in reference",
            String::new(),
            q.new_categories.join(", "),
        ));
    }
    view! {
        <table class="side-by-side">
            <thead><tr><th>"quality"</th><th class="num">"reference"</th><th class="num">"production"</th></tr></thead>
            <tbody>{rows.into_iter().map(|(l, help, x, y)| view! {
                <tr title=help><th scope="row">{l}</th><td class="num">{x}</td><td class="num">{y}</td></tr>
            }).collect_view()}</tbody>
        </table>
        <ul class="alerts">{q.issues.into_iter().map(|i| view! { <li>{i}</li> }).collect_view()}</ul>
    }
}

fn tests_table(col: &ColumnDriftJson) -> impl IntoView {
    let rows = col
        .tests
        .iter()
        .map(|(id, t)| {
            let m = Method::from_id(id);
            let title = m.map(|m| m.explain()).unwrap_or("");
            let label = m.map(|m| m.name()).unwrap_or(id.as_str());
            let deciding = col.method.is_some_and(|d| d.id() == id);
            let p = t
                .p_value
                .map(|p| format!("p = {}", crate::format::num(p.0)))
                .unwrap_or_else(|| "—".into());
            view! {
                <tr title=title class:deciding=deciding data-test=id.clone()>
                    <th scope="row">{label.to_owned()}{deciding.then_some(" (decides)")}<div class="test-note muted">{t.detail.clone().unwrap_or_default()}</div></th>
                    <td class="num">{crate::format::num(t.statistic.0)}</td>
                    <td class="num">{p}</td>
                    <td class="num">{format!("{} {}", m.map(|m| m.direction().symbol()).unwrap_or(""), crate::format::num(t.threshold.0))}</td>
                    <td>{if t.drifted { "▲ drifted" } else { "✓ ok" }}</td>
                </tr>
            }
        })
        .collect_view();
    let missing = col
        .not_computable
        .iter()
        .map(|(id, why)| {
            let label = Method::from_id(id).map(|m| m.name()).unwrap_or(id.as_str());
            view! { <tr class="muted"><th scope="row">{label.to_owned()}</th><td colspan="4">{format!("not computable: {why}")}</td></tr> }
        })
        .collect_view();
    view! {
        <table class="tests-table">
            <caption class="muted">"Hover a test for what it measures. p-value tests: drift when p is at or below the threshold; distances: when the score reaches it."</caption>
            <thead><tr><th scope="col">"test"</th><th scope="col" class="num">"statistic"</th><th scope="col" class="num">"p-value"</th><th scope="col" class="num">"threshold"</th><th scope="col">"verdict"</th></tr></thead>
            <tbody>{rows}{missing}</tbody>
        </table>
    }
}

/// Method, threshold and bins for one column; Apply re-runs the analysis in the worker (the
/// files stay parsed there).
#[component]
fn Override(name: String, kind: Kind) -> impl IntoView {
    let st = expect_context::<AppState>();
    let actions = expect_context::<Actions>();
    let current: ColumnOptions = st
        .config
        .with_untracked(|c| c.drift.columns.get(&name).cloned())
        .unwrap_or_default();
    let numeric = kind == Kind::Numeric;
    let method = RwSignal::new(
        current
            .method
            .map(|m| m.id().to_owned())
            .unwrap_or_default(),
    );
    let threshold = RwSignal::new(current.threshold.map(|t| t.to_string()).unwrap_or_default());
    let binning = RwSignal::new(
        match current.binning {
            Binning::RefDeciles => "ref_deciles",
            Binning::EqualWidth => "equal_width",
            Binning::SturgesCombined => "sturges_combined",
        }
        .to_owned(),
    );
    let n_bins = RwSignal::new(current.n_bins.map(|n| n.to_string()).unwrap_or_default());
    let local_error = RwSignal::new(None::<String>);
    let methods: Vec<Method> = Method::ALL
        .iter()
        .copied()
        .filter(|m| {
            if numeric {
                m.for_numeric()
            } else {
                m.for_categorical()
            }
        })
        .collect();
    let (name_apply, name_reset) = (name.clone(), name.clone());
    let apply = move |_| {
        let m = Method::from_id(&method.get_untracked());
        let t = threshold.get_untracked();
        let t = t.trim();
        // Only parsing here: the rules are ColumnOptions::check's, as for --config.
        let thr = if t.is_empty() {
            None
        } else {
            match t.parse::<f64>() {
                Ok(v) => Some(v),
                Err(_) => {
                    local_error.set(Some(format!("threshold `{t}` is not a number")));
                    return;
                }
            }
        };
        let nb = n_bins.get_untracked();
        let nb = nb.trim();
        let n = if nb.is_empty() || !numeric {
            None
        } else {
            match nb.parse::<usize>() {
                Ok(v) => Some(v),
                Err(_) => {
                    local_error.set(Some(format!("bins `{nb}` is not a whole number")));
                    return;
                }
            }
        };
        let binning = if numeric {
            match binning.get_untracked().as_str() {
                "equal_width" => Binning::EqualWidth,
                "sturges_combined" => Binning::SturgesCombined,
                _ => Binning::RefDeciles,
            }
        } else {
            Binning::RefDeciles
        };
        let keep_all = st.config.with_untracked(|c| {
            c.drift
                .columns
                .get(&name_apply)
                .is_some_and(|o| o.all_tests)
        });
        let o = ColumnOptions {
            method: m,
            threshold: thr,
            binning,
            n_bins: n,
            all_tests: keep_all,
        };
        if let Err(e) = o.check(&name_apply) {
            local_error.set(Some(e.to_string()));
            return;
        }
        local_error.set(None);
        st.config.update(|c| {
            if o == ColumnOptions::default() {
                c.drift.columns.remove(&name_apply);
            } else {
                c.drift.columns.insert(name_apply.clone(), o);
            }
        });
        actions.analyze(st);
    };
    let reset = move |_| {
        st.config.update(|c| {
            c.drift.columns.remove(&name_reset);
        });
        actions.analyze(st);
    };
    view! {
        <details class="override">
            <summary>"Change the test for this column"</summary>
            <div class="override-grid">
                <label class="field"><span class="field-label">"method"</span>
                    <select id="override-method" prop:value=move || method.get() on:change=move |ev| method.set(event_target_value(&ev))>
                        <option value="">"automatic (Evidently's rule)"</option>
                        {methods.into_iter().map(|m| view! { <option value=m.id() title=m.explain()>{m.name()}</option> }).collect_view()}
                    </select>
                </label>
                <label class="field"><span class="field-label">"threshold"</span>
                    <input id="override-threshold" type="number" step="any" min="0" placeholder="default"
                        prop:value=move || threshold.get() on:input=move |ev| threshold.set(event_target_value(&ev)) />
                </label>
                {numeric.then(|| view! {
                    <label class="field" title="binning of the binned methods (PSI, Jensen–Shannon, KL, Hellinger)"><span class="field-label">"bins"</span>
                        <select id="override-binning" prop:value=move || binning.get() on:change=move |ev| binning.set(event_target_value(&ev))>
                            <option value="ref_deciles">"reference quantiles"</option>
                            <option value="equal_width">"equal width"</option>
                            <option value="sturges_combined">"Sturges (Evidently)"</option>
                        </select>
                    </label>
                    <label class="field"><span class="field-label">"number of bins"</span>
                        <input id="override-bins" type="number" step="1" min="2" placeholder="10"
                            prop:value=move || n_bins.get() on:input=move |ev| n_bins.set(event_target_value(&ev)) />
                    </label>
                })}
            </div>
            <div class="override-actions">
                <button id="override-apply" class="primary" on:click=apply>"Apply and re-run"</button>
                <button id="override-reset" class="secondary" on:click=reset>"Back to automatic"</button>
                <span class="muted">"Saved in the settings (export them to reuse with the CLI's --config)."</span>
            </div>
            {move || local_error.get().map(|e| view! { <p class="error-message" role="alert">{e}</p> })}
        </details>
    }
}

/// The panel of the selected column.
#[component]
pub fn Detail(done: Arc<Done>) -> impl IntoView {
    let st = expect_context::<AppState>();
    let actions = expect_context::<Actions>();
    let body = move || {
        let name = st.selected.get()?;
        let a = &done.analysis;
        let col = a
            .report
            .drift
            .columns
            .iter()
            .find(|c| c.column == name)?
            .clone();
        let chart = a.charts.get(&name).cloned();
        let ecdf = a.ecdf.get(&name).cloned();
        let over_time = a.report.drift_over_time.as_ref().and_then(|d| {
            let c = d.columns.iter().find(|c| c.column == name)?;
            let first = match (&c.first_alert, &c.first_outside_range) {
                (Some(a), _) => format!("First production chunk beyond the threshold and the reference range: {a}."),
                (None, Some(o)) => format!("Below the threshold throughout; first production chunk outside the reference range: {o}."),
                (None, None) => "Below the threshold and within the reference range in every production chunk.".into(),
            };
            Some((crate::report::views::drift_over_time(c), first))
        });
        let quality = a
            .report
            .quality
            .columns
            .iter()
            .find(|q| q.column == name)
            .cloned()
            .map(quality_table);
        let explain = col.method.map(|m| {
            let thr = col.threshold.map_or(m.default_threshold(), |t| t.0);
            view! {
                <p class="explain">
                    <strong>{m.name()}</strong>{format!(" ({}). ", rule_text(m, thr))}{m.explain()}
                    {format!(" Tested on {} reference and {} production values.", col.n_ref, col.n_prod)}
                </p>
            }
        });
        let all = st.config.with_untracked(|c| {
            c.drift.tests == crate::report::TestsMode::All
                || c.drift.columns.get(&name).is_some_and(|o| o.all_tests)
        });
        let name_all = name.clone();
        let run_all = move |_| {
            st.config.update(|c| {
                c.drift
                    .columns
                    .entry(name_all.clone())
                    .or_default()
                    .all_tests = true;
            });
            actions.analyze(st);
        };
        let name_close = name.clone();
        Some(view! {
            <section class="detail card" id="detail" aria-label=format!("details of {name_close}")>
                <div class="section-head">
                    <h2>{name.clone()}<span class="muted">{format!(" · {} · {}", col.kind.id(), col.role.id())}</span></h2>
                    <button class="secondary" aria-label="close details (Escape)" title="close (Escape)" on:click=move |_| st.selected.set(None)>"✕"</button>
                </div>
                <p class="reason-line">{col.reason.clone()}</p>
                {explain}
                {chart.map(|v| view! { <ChartCanvas view=v caption="Share of rows per bin (numeric) or category, reference vs production." /> })}
                {ecdf.map(|v| view! { <ChartCanvas view=v caption="Cumulative share of rows at or below each value. The purple bar marks the KS distance D, the largest vertical gap, where it occurs." /> })}
                {over_time.map(|(v, first)| view! {
                    <p class="drift-first">{first}</p>
                    <ChartCanvas view=v caption="The test's score per chunk against the whole reference: the line is the fixed threshold, the band the reference chunks' own range (mean ± 3σ)." />
                })}
                {quality}
                {tests_table(&col)}
                {(!all).then(|| view! {
                    <button id="all-tests" class="secondary" on:click=run_all title="compute every applicable test for this column (re-runs in the worker)">"Run all tests on this column"</button>
                })}
                <Override name=name.clone() kind=col.kind />
            </section>
        })
    };
    view! { {body} }
}
