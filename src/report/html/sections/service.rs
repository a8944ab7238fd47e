//! Service: latency and SLO, error rate, cost, versions, feedback.

use super::*;

pub(super) fn service(a: &Analysis) -> Option<Section> {
    let r = &a.report;
    let mut h = String::new();
    if let Some(l) = &r.latency {
        let rows: Vec<Vec<String>> = [
            ("Reference", &l.reference_ms),
            ("Production", &l.production_ms),
        ]
        .iter()
        .map(|(s, x)| {
            vec![
                (*s).to_owned(),
                format!("#{}", x.n),
                format!("#{}", n(x.p50.0)),
                format!("#{}", n(x.p95.0)),
                format!("#{}", n(x.p99.0)),
                format!("#{}", n(x.max.0)),
            ]
        })
        .collect();
        let _ = writeln!(
            h,
            "<h3>Latency <span class=\"sub\">{} (ms)</span></h3><p>SLO: p{} ≤ {} ms — {}.</p>",
            esc(&l.column),
            n(l.slo.percentile.0),
            n(l.slo.target_ms.0),
            match l.slo.met {
                Some(true) => format!(
                    "<span class=\"s-ok\">✓ met</span> ({} ms)",
                    n(l.slo.value_ms.0)
                ),
                Some(false) => format!(
                    "<span class=\"s-alert\">▲ missed</span> ({} ms)",
                    n(l.slo.value_ms.0)
                ),
                None => "not computable".into(),
            }
        );
        h.push_str(&table(
            &["File", "#Rows", "#p50", "#p95", "#p99", "#Max"],
            &rows,
        ));
        if let Some(v) = &a.sections.latency {
            h.push_str(&figure(
                v,
                "Requests per latency bucket with the SLO target.",
            ));
        }
    }
    if let Some(e) = &r.error_rate {
        let rows: Vec<Vec<String>> = [("Reference", &e.reference), ("Production", &e.production)]
            .iter()
            .map(|(s, x)| {
                vec![
                    (*s).to_owned(),
                    format!("#{}", x.n),
                    format!("#{}", x.errors),
                    format!("#{}", share(x.rate.0)),
                    format!("#{} – {}", share(x.ci_low.0), share(x.ci_high.0)),
                ]
            })
            .collect();
        let _ = writeln!(
            h,
            "<h3>Error rate <span class=\"sub\">{}: {}</span></h3>",
            esc(&e.column),
            esc(&e.rule)
        );
        h.push_str(&table(
            &["File", "#Requests", "#Errors", "#Rate", "#95 % interval"],
            &rows,
        ));
        if let Some(c) = &e.change {
            let _ = writeln!(
                h,
                "<p class=\"sub\">Change {} (two-proportion z-test {}){}.</p>",
                format::points(c.difference.0, true),
                format::p_value(c.p_value.0),
                if c.significant { ": significant" } else { "" }
            );
        }
    }
    if let Some(c) = &r.cost {
        let _ = writeln!(
            h,
            "<h3>Cost <span class=\"sub\">{}</span></h3><p>Production: {} requests, total {}, mean {}{}{}.</p>",
            esc(&c.column),
            c.production.n,
            n(c.production.sum.0),
            n(c.production.mean.0),
            c.projected_monthly.map(|m| format!("; projected monthly {}", n(m.0))).unwrap_or_default(),
            c.alert.as_ref().map(|al| format!(" — <span class=\"s-alert\">▲ {}</span>", esc(al))).unwrap_or_default()
        );
    }
    if let Some(v) = &r.versions {
        let rows: Vec<Vec<String>> = v
            .versions
            .iter()
            .map(|s| {
                let cmp = v.comparisons.iter().find(|c| c.version == s.version);
                vec![
                    format!(
                        "{}{}",
                        esc(&s.version),
                        if s.version == v.baseline {
                            " <span class=\"sub\">(baseline)</span>"
                        } else {
                            ""
                        }
                    ),
                    format!("#{}", s.n),
                    format!("#{}", share(s.rate.0)),
                    format!("#{} – {}", share(s.ci_low.0), share(s.ci_high.0)),
                    cmp.map_or_else(String::new, |c| {
                        format!("<span class=\"sub\">{}</span>", esc(&c.verdict))
                    }),
                ]
            })
            .collect();
        let _ = writeln!(
            h,
            "<h3>Versions <span class=\"sub\">{}</span></h3>",
            esc(&v.column)
        );
        h.push_str(&table(
            &[
                "Version",
                "#Rows",
                "#Rate",
                "#95 % interval",
                "Against the baseline",
            ],
            &rows,
        ));
    }
    if let Some(f) = &r.feedback {
        let _ = writeln!(
            h,
            "<h3>Feedback</h3><pre>{}</pre>",
            esc(&serde_json::to_string_pretty(f).unwrap_or_default())
        );
    }
    (!h.is_empty()).then(|| section("service", "Service", &h))
}
