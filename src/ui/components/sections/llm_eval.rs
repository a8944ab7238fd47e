//! LLM evaluation: the matcher (re-runs the analysis), the regression verdict, the prompt-version
//! table with the best value per row marked, and the failing examples (personal values masked).

use super::*;
use crate::service::{
    llm_metric, llm_metric_label as metric_label, llm_metric_text as metric_text, Matcher,
    LLM_TABLE_METRICS,
};
use crate::ui::state::{Actions, AppState};

/// The LLM evaluation section.
#[component]
pub fn LlmEval(done: Arc<Done>) -> impl IntoView {
    let Some(e) = done.analysis.report.llm_eval.clone() else {
        return ().into_any();
    };
    let st = expect_context::<AppState>();
    let actions = expect_context::<Actions>();
    let cols = &done.analysis.report.columns;
    let col = |role| {
        cols.iter()
            .find(|c| c.role == role)
            .map_or_else(String::new, |c| c.name.clone())
    };
    let (expected, output) = (
        col(crate::data::Role::Expected),
        col(crate::data::Role::Output),
    );
    let skipped = {
        let s = &e.skipped;
        let mut parts = Vec::new();
        for (n, what) in [
            (
                s.no_output,
                "without an output (failed requests count in the error rate)",
            ),
            (s.no_expected, "without an expected answer"),
            (
                s.invalid_pattern,
                "whose expected cell is not a valid regular expression",
            ),
            (s.not_a_number, "whose expected cell holds no number"),
        ] {
            if n > 0 {
                parts.push(format!("{n} rows {what}"));
            }
        }
        if parts.is_empty() {
            String::new()
        } else {
            format!(" Left out: {}.", parts.join("; "))
        }
    };
    let how = format!(
        "«{output}» matched against «{expected}» by {}: {} of {} answers pass ({}).{skipped}{}",
        e.matcher.label(),
        e.passed,
        e.evaluated,
        crate::format::share(if e.evaluated > 0 {
            e.passed as f64 / e.evaluated as f64
        } else {
            f64::NAN
        }),
        if e.by == "file" {
            " Without a version column, the two files are compared."
        } else {
            " Versions in rollout order; each is compared with the one before (two-proportion z-test)."
        }
    );
    let verdict = if e.regressions.is_empty() {
        (
            "s-ok",
            "✓ No version's pass rate fell significantly below the version before it.".to_owned(),
        )
    } else {
        let parts: Vec<String> = e
            .regressions
            .iter()
            .map(|g| {
                format!(
                    "{} {} → {} {} ({} points, {})",
                    g.from,
                    crate::format::share(g.pass_rate_from.0),
                    g.to,
                    crate::format::share(g.pass_rate_to.0),
                    crate::format::points(g.pass_rate_to.0 - g.pass_rate_from.0, false),
                    crate::format::p_value(g.p_value.0)
                )
            })
            .collect();
        (
            "s-alert",
            format!(
                "▲ Pass-rate regression (drop > {} points, p < {}): {}.",
                crate::format::plain_points(e.threshold.0),
                crate::format::num(e.alpha.0),
                parts.join("; ")
            ),
        )
    };
    let head = e
        .versions
        .iter()
        .map(|v| {
            let files = v.files.join(" + ");
            view! { <th scope="col" title=format!("in {files}")>{v.version.clone()}</th> }
        })
        .collect_view();
    let rows = LLM_TABLE_METRICS
        .iter()
        .filter(|(m, _)| e.versions.iter().any(|v| llm_metric(v, m).is_some()))
        .map(|(m, _)| {
            let best = e.best.get(*m).cloned();
            let cells = e
                .versions
                .iter()
                .map(|v| {
                    let is_best = best.as_deref() == Some(v.version.as_str());
                    let mut text = metric_text(m, llm_metric(v, m));
                    if *m == "pass_rate" {
                        if let Some(c) = v.pass_rate_change {
                            text.push_str(&format!(" ({})", crate::format::points(c.0, false)));
                        }
                    }
                    let class = match (is_best, *m == "pass_rate" && v.regression) {
                        (_, true) => "num s-alert",
                        (true, _) => "num best",
                        _ => "num",
                    };
                    view! {
                        <td class=class title=if is_best { "best value of this row" } else { "" }>
                            {text}{is_best.then_some(" ★")}
                        </td>
                    }
                })
                .collect_view();
            view! { <tr><th scope="row">{metric_label(m)}</th>{cells}</tr> }
        })
        .collect_view();
    let requests = e
        .versions
        .iter()
        .map(|v| view! { <td class="num">{format!("{} ({} evaluated)", v.requests, v.evaluated)}</td> })
        .collect_view();
    let failures = e.failures.clone();
    let has_input = failures.iter().any(|f| f.input.is_some());
    let fail_note = format!(
        "{} failing answers in all; the latest version's first {} listed. E-mail addresses, phone and card numbers, IP addresses and id codes are masked{}; the exports leave these rows out unless «include example rows» is on.",
        e.failures_total,
        failures.len(),
        if e.masked_values > 0 {
            format!(" ({} masked here)", e.masked_values)
        } else {
            String::new()
        }
    );
    let fail_rows = failures
        .into_iter()
        .map(|f| {
            view! {
                <tr>
                    <td>{f.version}</td>
                    <td class="num">{format!("{} row {}", f.file, f.row)}</td>
                    {has_input.then(|| view! { <td class="text-cell">{f.input.unwrap_or_default()}</td> })}
                    <td class="text-cell">{f.expected}</td>
                    <td class="text-cell">{f.output}</td>
                </tr>
            }
        })
        .collect_view();
    let current = e.matcher_requested;
    let set_matcher = move |ev: leptos::ev::Event| {
        if let Some(m) = Matcher::from_id(&event_target_value(&ev)) {
            st.config.update(|c| c.llm_eval.matcher = m);
            actions.analyze(st);
        }
    };
    let options = Matcher::ALL
        .into_iter()
        .map(|m| {
            let label = if m == Matcher::Auto {
                format!("automatic ({})", e.matcher.id())
            } else {
                m.id().to_owned()
            };
            view! { <option value=m.id() selected=m == current>{label}</option> }
        })
        .collect_view();
    view! {
        <section class="card" id="llm-eval">
            <h2>"LLM evaluation"</h2>
            <label class="field inline-field" title="how an output is matched against its expected answer; changing it re-runs the analysis">
                <span class="field-label">"Matcher"</span>
                <select id="llm-matcher" on:change=set_matcher>{options}</select>
            </label>
            <p class="muted">{how}</p>
            <p class=verdict.0 id="llm-verdict">{verdict.1}</p>
            <div class="table-wrap">
                <table class="data llm-table" id="llm-versions">
                    <thead><tr><th scope="col">"Prompt version"</th>{head}</tr></thead>
                    <tbody>
                        <tr><th scope="row">"Requests"</th>{requests}</tr>
                        {rows}
                    </tbody>
                </table>
            </div>
            <p class="muted">"★ best value of the row (higher pass and thumbs-up rates; lower latency, errors, cost and regenerations). Pass rate change vs the version before in brackets."</p>
            {(e.failures_total > 0).then(|| view! {
                <details class="llm-failures">
                    <summary>{format!("Failing examples ({})", e.failures_total)}</summary>
                    <p class="muted">{fail_note}</p>
                    <div class="table-wrap">
                        <table class="data" id="llm-failures">
                            <thead><tr>
                                <th scope="col">"Version"</th><th scope="col">"Row"</th>
                                {has_input.then(|| view! { <th scope="col">"Input"</th> })}
                                <th scope="col">"Expected"</th><th scope="col">"Output"</th>
                            </tr></thead>
                            <tbody>{fail_rows}</tbody>
                        </table>
                    </div>
                </details>
            })}
        </section>
    }
    .into_any()
}
