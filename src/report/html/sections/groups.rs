//! Bias per group column, and the outliers with the inspector's top rows when switched on.

use super::*;

pub(super) fn bias(a: &Analysis) -> Option<Section> {
    let b = a.report.bias.as_ref()?;
    let mut h = String::new();
    for col in &b.columns {
        let _ = writeln!(
            h,
            "<h3>{} <span class=\"sub\">positive label {}</span></h3>",
            esc(&col.column),
            esc(&col.positive_label)
        );
        if !col.alerts.is_empty() {
            h.push_str("<ul>");
            for al in &col.alerts {
                let _ = write!(h, "<li class=\"s-alert\">▲ {}</li>", esc(al));
            }
            h.push_str("</ul>\n");
        }
        for (side, s) in [
            ("Production", &col.production),
            ("Reference", &col.reference),
        ] {
            let Some(s) = s else { continue };
            let rows: Vec<Vec<String>> = s
                .groups
                .iter()
                .map(|g| {
                    vec![
                        format!(
                            "{}{}",
                            esc(&g.value),
                            if g.small_sample {
                                " <span class=\"sub\">(small)</span>"
                            } else {
                                ""
                            }
                        ),
                        format!("#{}", g.metrics.counts.n),
                        format!("#{}", n(g.metrics.accuracy.0)),
                        format!("#{}", n(g.metrics.selection_rate.0)),
                        format!("#{}", n(g.metrics.tpr.0)),
                        format!("#{}", n(g.metrics.fpr.0)),
                    ]
                })
                .collect();
            let _ = writeln!(
                h,
                "<p class=\"sub\">{side}: demographic parity difference {}, ratio {}; equalized odds difference {}.</p>",
                n(s.demographic_parity_difference.0),
                n(s.demographic_parity_ratio.0),
                n(s.equalized_odds_difference.0)
            );
            h.push_str(&table(
                &[
                    "Group",
                    "#Rows",
                    "#Accuracy",
                    "#Selection rate",
                    "#TPR",
                    "#FPR",
                ],
                &rows,
            ));
        }
        if let Some((_, charts)) = a.sections.bias.iter().find(|(c, _)| *c == col.column) {
            h.push_str("<div class=\"charts\">");
            for v in charts {
                h.push_str(&figure(v, ""));
            }
            h.push_str("</div>\n");
        }
    }
    Some(section("bias", "Bias", &h))
}

pub(super) fn outliers(a: &Analysis, opts: &ExportOptions) -> Option<Section> {
    let o = a.report.outliers.as_ref()?;
    let mut h = format!(
        "<p class=\"{}\">{}.</p><p class=\"sub\">Isolation Forest ({} trees, seed {}) fitted on the reference over {} features; threshold {} ({}).</p>\n",
        if o.alert { "s-alert" } else { "" },
        esc(&crate::report::model_card::outlier_sentence(o)),
        o.trees,
        o.seed,
        o.features.len(),
        n(o.threshold.0),
        esc(&o.threshold_source)
    );
    if let Some(v) = &a.sections.outliers {
        h.push_str(&figure(
            v,
            "Decision scores of both files; rows left of the dashed threshold count as outliers.",
        ));
    }
    if opts.top_rows && !o.top.is_empty() {
        let rows: Vec<Vec<String>> = o
            .top
            .iter()
            .map(|t| {
                let mut z: Vec<&(String, Num)> = t.z.0.iter().collect();
                z.sort_by(|x, y| y.1 .0.abs().total_cmp(&x.1 .0.abs()));
                let zs: Vec<String> = z
                    .iter()
                    .take(3)
                    .map(|(k, v)| format!("{} z = {}", esc(k), n(v.0)))
                    .collect();
                vec![
                    format!("#{}", t.row),
                    format!("#{}", n(t.score.0)),
                    if t.outlier {
                        "▲".into()
                    } else {
                        String::new()
                    },
                    format!("<span class=\"sub\">{}</span>", zs.join(", ")),
                ]
            })
            .collect();
        h.push_str("<h3>Most unusual production rows</h3>");
        h.push_str(&table(
            &["#Row", "#Score", "Outlier", "Most unusual features"],
            &rows,
        ));
    } else if !o.top.is_empty() {
        h.push_str("<p class=\"muted\">The row inspector's top rows are left out of this export (switch them on in the page, or <code>--top-rows</code> in the CLI).</p>\n");
    }
    Some(section("outliers", "Outliers", &h))
}
