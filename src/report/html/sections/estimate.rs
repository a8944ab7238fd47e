//! Performance without labels (CBPE): the estimate per chunk beside the realised values.

use super::*;
use crate::metrics::cbpe::EstimateChunk;

/// A metric of a chunk's map as a table cell (`#` marks a number column).
fn cell(m: &std::collections::BTreeMap<String, Num>, key: &str) -> String {
    format!("#{}", m.get(key).map_or_else(|| "—".into(), |v| n(v.0)))
}

fn alerts(c: &EstimateChunk) -> String {
    let on: Vec<&str> = c
        .alert
        .iter()
        .filter(|(_, &a)| a)
        .map(|(k, _)| k.as_str())
        .collect();
    if on.is_empty() {
        "<span class=\"s-ok\">✓</span>".into()
    } else {
        format!("<span class=\"s-alert\">▲ {}</span>", esc(&on.join(", ")))
    }
}

pub(super) fn estimate(a: &Analysis) -> Option<Section> {
    let e = a.report.performance_estimate.as_ref()?;
    let mut h = String::new();
    let _ = writeln!(
        h,
        "<p>Estimated from the model's scores alone (confidence-based performance estimation, CBPE, as NannyML 0.13){}; scores {}; chunks by {}{}; labels for {} of production rows. Alert when an estimate leaves the reference chunks' realised range (mean ± 3σ).</p>",
        if e.classes.is_empty() {
            String::new()
        } else {
            format!(
                "; {} classes ({}), one-vs-rest, macro-averaged",
                e.classes.len(),
                esc(&e.classes.join(", "))
            )
        },
        if e.calibrated {
            "calibrated by isotonic regression on the reference"
        } else {
            "used as probabilities as they are"
        },
        esc(&e.chunk_by),
        e.chunk_size.map(|s| format!(" of {s} rows")).unwrap_or_default(),
        format::share(e.labeled_share.0)
    );
    let _ = writeln!(
        h,
        "{}",
        match e.first_alert.get("accuracy") {
            Some(c) => format!(
                "<p class=\"s-alert\">▲ The estimated accuracy left the reference range in {}.</p>",
                esc(c)
            ),
            None =>
                "<p class=\"s-ok\">✓ The estimated accuracy stayed within the reference range.</p>"
                    .into(),
        }
    );
    if !a.sections.estimate.is_empty() {
        h.push_str("<div class=\"charts\">");
        for v in &a.sections.estimate {
            h.push_str(&figure(v, ""));
        }
        h.push_str("</div>\n");
    }
    let rows: Vec<Vec<String>> = e
        .chunks
        .iter()
        .map(|c| {
            vec![
                esc(&c.label),
                esc(&c.period),
                format!("#{}", c.rows),
                format!("#{}", c.n_labeled),
                cell(&c.estimated, "accuracy"),
                cell(&c.realized, "accuracy"),
                cell(&c.estimated, "roc_auc"),
                cell(&c.realized, "roc_auc"),
                cell(&c.estimated, "f1"),
                alerts(c),
            ]
        })
        .collect();
    h.push_str(&table(
        &[
            "Chunk",
            "Period",
            "#Rows",
            "#Labelled",
            "#Accuracy est.",
            "#real.",
            "#ROC AUC est.",
            "#real.",
            "#F1 est.",
            "Alerts",
        ],
        &rows,
    ));
    Some(section("estimate", "Estimated performance", &h))
}

/// Drift over time: the score per column and production chunk, ▲ beyond the threshold, ◆
/// outside the reference chunks' range.
pub(super) fn drift_over_time(a: &Analysis) -> Option<Section> {
    let d = a.report.drift_over_time.as_ref()?;
    let first = d.columns.first()?;
    let labels: Vec<&str> = first
        .chunks
        .iter()
        .filter(|c| c.period == "production")
        .map(|c| c.label.as_str())
        .collect();
    let mut h = String::new();
    let began: Vec<String> = d
        .columns
        .iter()
        .filter_map(|c| {
            c.first_alert
                .as_ref()
                .map(|f| format!("<code>{}</code> from {}", esc(&c.column), esc(f)))
        })
        .collect();
    let _ = writeln!(
        h,
        "<p>Each column's drift test on each chunk (by {}) against the whole reference. ▲ beyond both the test's threshold and the reference chunks' own range (mean ± 3σ: how far chance goes at this chunk size); ◆ beyond only one of them. {}</p>",
        esc(&d.chunk_by),
        if began.is_empty() {
            "No column crossed its threshold in any production chunk.".to_owned()
        } else {
            format!("Drift began: {}.", began.join("; "))
        }
    );
    let mut head = vec!["Column".to_owned(), "Method".to_owned()];
    head.extend(labels.iter().map(|l| format!("#{}", esc(l))));
    let rows: Vec<Vec<String>> = d
        .columns
        .iter()
        .map(|c| {
            let mut row = vec![esc(&c.column), c.method.id().to_owned()];
            row.extend(
                c.chunks
                    .iter()
                    .filter(|ch| ch.period == "production")
                    .map(|ch| {
                        let v = ch.score.map_or_else(|| "—".into(), |s| n(s.0));
                        if ch.alert {
                            format!("#<span class=\"s-alert\">▲ {v}</span>")
                        } else if ch.outside_reference_range || ch.beyond_threshold {
                            format!("#◆ {v}")
                        } else {
                            format!("#{v}")
                        }
                    }),
            );
            row
        })
        .collect();
    let head: Vec<&str> = head.iter().map(String::as_str).collect();
    h.push_str(&table(&head, &rows));
    Some(section("drift-over-time", "Drift over time", &h))
}

/// Multivariate drift: the PCA reconstruction error per chunk.
pub(super) fn multivariate(a: &Analysis) -> Option<Section> {
    let md = a.report.multivariate_drift.as_ref()?;
    let m = &md.reconstruction;
    let mut h = String::new();
    let _ = writeln!(
        h,
        "<p>PCA data reconstruction (as NannyML): {} components explaining {} of the reference's variance over {} features; a chunk alerts outside the reference chunks' range (mean ± 3σ). {}</p>",
        m.components,
        format::share(m.explained_variance.0),
        m.features.len(),
        match &m.first_alert {
            Some(c) => format!("<span class=\"s-alert\">▲ Outside the range from {}.</span>", esc(c)),
            None if m.chunks.iter().all(|c| c.upper_threshold.is_none()) => {
                "Too few reference chunks for a range: the errors are shown, not judged.".into()
            }
            None => "<span class=\"s-ok\">✓ Within the range in every production chunk.</span>".into(),
        }
    );
    h.push_str("<div class=\"charts\">");
    h.push_str(&figure(&crate::report::views::reconstruction(m), ""));
    h.push_str("</div>\n");
    if let Some(d) = &md.domain_classifier {
        let _ = writeln!(
            h,
            "<h3>Reference vs production classifier</h3><p class=\"{}\">{} {}.</p>",
            if d.alert { "s-alert" } else { "s-ok" },
            if d.alert { "▲" } else { "✓" },
            esc(&crate::report::verdict_domain_sentence(d)
                .replace('`', "")
                .replacen("a classifier", "A classifier", 1))
        );
        let rows: Vec<Vec<String>> = d
            .top_features
            .iter()
            .map(|f| vec![esc(&f.column), format!("#{}", share(f.importance.0))])
            .collect();
        h.push_str(&table(&["Feature", "#Share of the split gain"], &rows));
    }
    Some(section("multivariate", "Multivariate drift", &h))
}
