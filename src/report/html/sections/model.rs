//! Model quality (metrics, confusion matrices, curves) and over time (rolling metric, chunks, change points, label coverage).

use super::*;

fn metric_rows(pairs: &[(&str, Option<f64>, Option<f64>)]) -> Vec<Vec<String>> {
    pairs
        .iter()
        .filter(|(_, a, b)| a.is_some() || b.is_some())
        .map(|(name, a, b)| {
            vec![
                (*name).to_owned(),
                format!("#{}", a.map_or_else(|| "—".into(), n)),
                format!("#{}", b.map_or_else(|| "—".into(), n)),
            ]
        })
        .collect()
}

pub(super) fn model_quality(a: &Analysis) -> Option<Section> {
    let r = &a.report;
    let mut h = String::new();
    if let Some(c) = &r.classification {
        let (x, y) = (c.reference.as_ref(), c.production.as_ref());
        let f = |g: &dyn Fn(&crate::metrics::ClassMetrics) -> Option<f64>| {
            (x.and_then(g), y.and_then(g))
        };
        let mut pairs = Vec::new();
        let list: [(&str, &dyn Fn(&crate::metrics::ClassMetrics) -> Option<f64>); 14] = [
            ("Labelled rows", &|m| Some(m.n_labeled as f64)),
            ("Accuracy", &|m| Some(m.accuracy.0)),
            ("Balanced accuracy", &|m| Some(m.balanced_accuracy.0)),
            ("Precision", &|m| m.precision.map(|v| v.0)),
            ("Recall", &|m| m.recall.map(|v| v.0)),
            ("F1", &|m| m.f1.map(|v| v.0)),
            ("F1 (macro)", &|m| Some(m.f1_macro.0)),
            ("MCC", &|m| Some(m.mcc.0)),
            ("ROC AUC", &|m| {
                m.roc_auc.or(m.roc_auc_ovr_weighted).map(|v| v.0)
            }),
            ("Average precision", &|m| m.average_precision.map(|v| v.0)),
            ("Log loss", &|m| m.log_loss.map(|v| v.0)),
            ("Brier score", &|m| m.brier.map(|v| v.0)),
            ("ECE", &|m| m.ece.map(|v| v.0)),
            ("Specificity", &|m| m.specificity.map(|v| v.0)),
        ];
        for (name, g) in list {
            let (p, q) = f(g);
            pairs.push((name, p, q));
        }
        let _ = writeln!(
            h,
            "<p>{} classification{}.</p>",
            esc(&c.task),
            c.positive_label
                .as_ref()
                .map(|l| format!(", positive label <code>{}</code>", esc(l)))
                .unwrap_or_default()
        );
        h.push_str(&table(
            &["Metric", "#Reference", "#Production"],
            &metric_rows(&pairs),
        ));
        for (side, m) in [("Reference", x), ("Production", y)] {
            let Some(m) = m else { continue };
            if m.confusion_matrix.is_empty() || c.labels.len() > 12 {
                continue;
            }
            let _ = writeln!(h, "<h3>Confusion matrix — {side}</h3><p class=\"sub\">Rows: true label; columns: predicted.</p>");
            let mut head: Vec<String> = vec![String::new()];
            head.extend(c.labels.iter().map(|l| format!("#{}", esc(l))));
            let head_ref: Vec<&str> = head.iter().map(String::as_str).collect();
            let rows: Vec<Vec<String>> = m
                .confusion_matrix
                .iter()
                .zip(&c.labels)
                .map(|(row, l)| {
                    let mut v = vec![format!("<strong>{}</strong>", esc(l))];
                    v.extend(row.iter().map(|k| format!("#{k}")));
                    v
                })
                .collect();
            h.push_str(&table(&head_ref, &rows));
        }
    }
    if let Some(g) = &r.regression {
        let (x, y) = (g.reference.as_ref(), g.production.as_ref());
        let list: [(
            &str,
            &dyn Fn(&crate::metrics::RegressionMetrics) -> Option<f64>,
        ); 8] = [
            ("Labelled rows", &|m| Some(m.n_labeled as f64)),
            ("MAE", &|m| Some(m.mae.0)),
            ("RMSE", &|m| Some(m.rmse.0)),
            ("Mean error (bias)", &|m| Some(m.mean_error.0)),
            ("Median absolute error", &|m| {
                Some(m.median_absolute_error.0)
            }),
            ("Max error", &|m| Some(m.max_error.0)),
            ("MAPE", &|m| m.mape.map(|v| v.0)),
            ("R²", &|m| m.r2.map(|v| v.0)),
        ];
        let pairs: Vec<_> = list
            .iter()
            .map(|(name, f)| (*name, x.and_then(f), y.and_then(f)))
            .collect();
        h.push_str(&table(
            &["Metric", "#Reference", "#Production"],
            &metric_rows(&pairs),
        ));
    }
    if h.is_empty() {
        return None;
    }
    if !a.sections.quality.is_empty() {
        h.push_str("<div class=\"charts\">");
        for v in &a.sections.quality {
            h.push_str(&figure(v, ""));
        }
        h.push_str("</div>\n");
    }
    Some(section("model-quality", "Model quality", &h))
}

pub(super) fn over_time(a: &Analysis) -> Option<Section> {
    let r = &a.report;
    let mut h = String::new();
    if let Some(p) = &r.performance {
        let _ = writeln!(
            h,
            "<p class=\"{}\">Performance: reference {} → production {}{} (alert beyond {}).</p>",
            if p.alert { "s-alert" } else { "" },
            n(p.reference.0),
            n(p.production.0),
            p.relative_change
                .map(|c| format!(", {} relative", format::percent(c.0, 1)))
                .unwrap_or_default(),
            format::percent(p.threshold.0, 0)
        );
    }
    if let Some(cp) = &r.change_points {
        let _ = writeln!(
            h,
            "<p>Change points over {} labelled rows: {}.</p>",
            cp.n,
            match (&cp.first, &cp.first_detector) {
                (Some(i), Some(d)) => format!(
                    "first at row {} ({}); ADWIN {}, DDM {}, Page–Hinkley {}",
                    i,
                    esc(d),
                    cp.adwin.len(),
                    cp.ddm.len(),
                    cp.page_hinkley.len()
                ),
                _ => "none detected".into(),
            }
        );
    }
    if !a.sections.over_time.is_empty() {
        h.push_str("<div class=\"charts\">");
        for v in &a.sections.over_time {
            h.push_str(&figure(v, ""));
        }
        h.push_str("</div>\n");
    }
    if !r.chunks.is_empty() {
        let rows: Vec<Vec<String>> = r
            .chunks
            .iter()
            .map(|c| {
                vec![
                    esc(&c.label),
                    format!("#{}", c.rows),
                    format!("#{}", c.n_labeled),
                    format!("#{}", on(c.accuracy.or(c.mae))),
                    format!(
                        "#{}",
                        c.relative_change
                            .map_or_else(|| "—".into(), |v| format::percent(v.0, 1))
                    ),
                    format!("#{}", on(c.prediction_mean)),
                    match c.alert {
                        Some(true) => "<span class=\"s-alert\">▲ alert</span>".into(),
                        Some(false) => "<span class=\"s-ok\">✓</span>".into(),
                        None => "—".into(),
                    },
                ]
            })
            .collect();
        h.push_str("<h3>Chunks</h3>");
        h.push_str(&table(
            &[
                "Chunk",
                "#Rows",
                "#Labelled",
                "#Metric",
                "#Change",
                "#Prediction mean",
                "Alert",
            ],
            &rows,
        ));
    }
    if let Some(l) = &r.labels {
        let _ = writeln!(
            h,
            "<p>Late labels: {} of {} production rows labelled ({}) from <code>{}</code> joined on <code>{}</code>; {} label ids match no prediction.</p>",
            l.labelled_rows,
            l.production_rows,
            format::share(l.coverage),
            esc(&l.file),
            esc(&l.id_column),
            l.unmatched_ids
        );
    }
    (!h.is_empty()).then(|| section("over-time", "Over time", &h))
}
