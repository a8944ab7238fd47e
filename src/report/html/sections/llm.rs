//! LLM evaluation: the verdict, the prompt-version table (best value per row marked) and, when
//! the user includes example rows, the failing examples (personal values masked).

use super::*;
use crate::service::{llm_metric, llm_metric_label, llm_metric_text, LLM_TABLE_METRICS};

pub(super) fn llm_eval(a: &Analysis, opts: &ExportOptions) -> Option<Section> {
    let e = a.report.llm_eval.as_ref()?;
    let mut h = String::new();
    let _ = writeln!(
        h,
        "<p>Matched by {}: {} of {} answers pass ({}). {}</p>",
        esc(e.matcher.label()),
        e.passed,
        e.evaluated,
        share(e.passed as f64 / e.evaluated.max(1) as f64),
        if e.by == "file" {
            "Without a version column, the two files are compared."
        } else {
            "Versions in rollout order; each is compared with the one before (two-proportion z-test)."
        }
    );
    if e.regressions.is_empty() {
        h.push_str("<p class=\"s-ok\">✓ No version's pass rate fell significantly below the version before it.</p>\n");
    } else {
        for g in &e.regressions {
            let _ = writeln!(
                h,
                "<p class=\"s-alert\">▲ Pass-rate regression: {} {} → {} {} ({} points, {}).</p>",
                esc(&g.from),
                share(g.pass_rate_from.0),
                esc(&g.to),
                share(g.pass_rate_to.0),
                format::points(g.pass_rate_to.0 - g.pass_rate_from.0, false),
                format::p_value(g.p_value.0)
            );
        }
    }
    let mut head = vec!["Prompt version".to_owned()];
    head.extend(e.versions.iter().map(|v| format!("#{}", esc(&v.version))));
    let head: Vec<&str> = head.iter().map(String::as_str).collect();
    let mut rows = vec![{
        let mut r = vec!["Requests".to_owned()];
        r.extend(
            e.versions
                .iter()
                .map(|v| format!("#{} ({} evaluated)", v.requests, v.evaluated)),
        );
        r
    }];
    for (m, _) in LLM_TABLE_METRICS {
        if !e.versions.iter().any(|v| llm_metric(v, m).is_some()) {
            continue;
        }
        let mut r = vec![llm_metric_label(m).to_owned()];
        for v in &e.versions {
            let mut t = llm_metric_text(m, llm_metric(v, m));
            if m == "pass_rate" {
                if let Some(c) = v.pass_rate_change {
                    t.push_str(&format!(" ({})", format::points(c.0, false)));
                }
            }
            let t = if e.best.get(m) == Some(&v.version) {
                format!("<strong>{t} ★</strong>")
            } else if m == "pass_rate" && v.regression {
                format!("<span class=\"s-alert\">{t}</span>")
            } else {
                t
            };
            r.push(format!("#{t}"));
        }
        rows.push(r);
    }
    h.push_str(&table(&head, &rows));
    h.push_str("<p class=\"muted\">★ best value of the row (higher pass and thumbs-up rates; lower latency, errors, cost and regenerations).</p>\n");
    if opts.top_rows && !e.failures.is_empty() {
        let input = e.failures.iter().any(|f| f.input.is_some());
        let mut head = vec!["Version", "Row"];
        if input {
            head.push("Input");
        }
        head.extend(["Expected", "Output"]);
        let rows: Vec<Vec<String>> = e
            .failures
            .iter()
            .map(|f| {
                let mut r = vec![esc(&f.version), format!("{} row {}", f.file, f.row)];
                if input {
                    r.push(esc(f.input.as_deref().unwrap_or("")));
                }
                r.push(esc(&f.expected));
                r.push(esc(&f.output));
                r
            })
            .collect();
        let _ = writeln!(
            h,
            "<h3>Failing examples <span class=\"sub\">{} of {}</span></h3><p class=\"muted\">E-mail addresses, phone and card numbers, IP addresses and id codes are masked.</p>",
            e.failures.len(),
            e.failures_total
        );
        h.push_str(&table(&head, &rows));
    } else if e.failures_total > 0 {
        let _ = writeln!(
            h,
            "<p class=\"muted\">{} failing examples are left out of this export (example rows were not included).</p>",
            e.failures_total
        );
    }
    Some(section("llm-eval", "LLM evaluation", &h))
}

/// Proxy metrics: per file with the change test, the drift, the correlation with the metric,
/// and the charts per proxy.
pub(super) fn proxies(a: &Analysis) -> Option<Section> {
    use crate::service::ProxyKind;
    let px = a.report.proxies.as_ref()?;
    let value = |k: ProxyKind, v: f64| match k {
        ProxyKind::Rate => share(v),
        ProxyKind::Mean => n(v),
    };
    let metric = px.metric.as_deref().map(|m| m.replace('_', " "));
    let mut h = format!(
        "<p>Per file with a 95 % interval, the change tested (two-proportion z-test for rates, Welch's t-test for means), and per chunk ({}).{}</p>\n",
        esc(&px.chunk_by),
        match &metric {
            Some(m) => format!(" r: Pearson's correlation with the {m} over the chunks that have it."),
            None => " No model metric exists per chunk (no labels).".into(),
        }
    );
    let rows: Vec<Vec<String>> = px
        .columns
        .iter()
        .map(|c| {
            let k = c.kind;
            vec![
                esc(&c.column),
                if k == ProxyKind::Rate { "rate" } else { "mean" }.into(),
                format!(
                    "#{} [{}, {}]",
                    value(k, c.reference.value.0),
                    value(k, c.reference.ci_low.0),
                    value(k, c.reference.ci_high.0)
                ),
                format!(
                    "#{} [{}, {}]",
                    value(k, c.production.value.0),
                    value(k, c.production.ci_low.0),
                    value(k, c.production.ci_high.0)
                ),
                format!("#{}", format::p_value(c.change_p_value.0)),
                match &c.drift {
                    Some(d) if d.drifted => {
                        format!("<span class=\"s-alert\">▲ {}</span>", esc(&d.reason))
                    }
                    Some(d) => esc(&d.reason),
                    None => "not tested".into(),
                },
                format!(
                    "#{}",
                    c.correlation_with_metric
                        .map_or_else(|| "—".into(), |r| format::two_decimals(r.0))
                ),
            ]
        })
        .collect();
    h.push_str(&table(
        &[
            "Proxy",
            "Kind",
            "#Reference [95 %]",
            "#Production [95 %]",
            "#Change p",
            "Drift",
            "#r",
        ],
        &rows,
    ));
    h.push_str("<div class=\"charts\">");
    for c in &px.columns {
        h.push_str(&figure(
            &crate::report::views::proxy_chunks(px, c),
            "Per chunk; grey: the reference's 95 % interval.",
        ));
        if let Some(v) = crate::report::views::proxy_vs_metric(px, c) {
            h.push_str(&figure(&v, "Each chunk: the metric (x) and the proxy (y)."));
        }
    }
    h.push_str("</div>\n");
    Some(section("proxies", "Proxy metrics", &h))
}
