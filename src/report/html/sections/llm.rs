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
