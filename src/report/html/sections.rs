//! The sections of the HTML report, in the page's order: verdict and summary cards, checks,
//! drift (table and per-column charts), data quality, model quality, over time, bias,
//! outliers, service, columns not tested and warnings, settings, method notes.

use std::fmt::Write;

use super::{chart_svg, esc, MAX_COLUMN_CHARTS};
use crate::chart::ChartView;
use crate::format;
use crate::num::Num;
use crate::report::views::{direction_symbol, status_label, summary_cards, verdict};
use crate::report::{Analysis, CheckStatus, ColumnDriftJson, ExportOptions, Report, Status};

/// One section: its anchor, its title (for the table of contents) and its markup.
pub(super) struct Section {
    id: &'static str,
    title: &'static str,
    pub(super) html: String,
}

/// Every section with content, in order.
pub(super) fn all(a: &Analysis, opts: &ExportOptions) -> Vec<Section> {
    let r = &a.report;
    let mut out = vec![summary(r), checks(r), drift(a)];
    out.extend(quality(r));
    out.extend(model_quality(a));
    out.extend(over_time(a));
    out.extend(bias(a));
    out.extend(outliers(a, opts));
    out.extend(service(a));
    out.extend(not_tested(r));
    out.push(settings(r));
    out.push(method_notes(r));
    out
}

/// The table of contents (sections after the summary).
pub(super) fn toc(sections: &[Section]) -> String {
    let mut h = String::from("<nav class=\"toc\" aria-label=\"sections\">");
    for s in sections.iter().skip(1) {
        let _ = write!(h, "<a href=\"#{}\">{}</a>", s.id, s.title);
    }
    h.push_str("</nav>\n");
    h
}

fn section(id: &'static str, title: &'static str, inner: &str) -> Section {
    Section {
        id,
        title,
        html: format!(
            "<section class=\"card\" id=\"{id}\">\n<h2>{title}</h2>\n{inner}</section>\n"
        ),
    }
}

fn n(v: f64) -> String {
    if v.is_finite() {
        format::num(v)
    } else {
        "—".into()
    }
}

fn on(v: Option<Num>) -> String {
    v.map_or_else(|| "—".into(), |x| n(x.0))
}

fn share(v: f64) -> String {
    if v.is_finite() {
        format::share(v)
    } else {
        "—".into()
    }
}

/// A figure: the chart's SVG and a caption.
fn figure(view: &ChartView, caption: &str) -> String {
    let svg = chart_svg(view);
    if svg.is_empty() {
        return String::new();
    }
    format!(
        "<figure>{}<figcaption>{}</figcaption></figure>\n",
        strip_xml_prolog(&svg),
        esc(caption)
    )
}

/// An SVG document as an element inside HTML: without an `<?xml …?>` line or the namespace
/// attribute (HTML parsers put `<svg>` in the SVG namespace themselves), so the file holds no
/// URL at all.
fn strip_xml_prolog(svg: &str) -> String {
    let body = if svg.starts_with("<?xml") {
        svg.find("?>").map_or(svg, |i| svg[i + 2..].trim_start())
    } else {
        svg
    };
    body.replacen(" xmlns=\"http://www.w3.org/2000/svg\"", "", 1)
}

/// A table from a header row and body rows of cells; a cell starting with `#` is numeric
/// (right-aligned, the `#` dropped). Cells are already escaped.
fn table(head: &[&str], rows: &[Vec<String>]) -> String {
    let mut h = String::from("<div class=\"table-wrap\"><table><thead><tr>");
    for c in head {
        if let Some(t) = c.strip_prefix('#') {
            let _ = write!(h, "<th class=\"n\" scope=\"col\">{t}</th>");
        } else {
            let _ = write!(h, "<th scope=\"col\">{c}</th>");
        }
    }
    h.push_str("</tr></thead><tbody>\n");
    for row in rows {
        h.push_str("<tr>");
        for c in row {
            if let Some(t) = c.strip_prefix('#') {
                let _ = write!(h, "<td class=\"n\">{t}</td>");
            } else {
                let _ = write!(h, "<td>{c}</td>");
            }
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</tbody></table></div>\n");
    h
}

fn summary(r: &Report) -> Section {
    let v = verdict(r);
    let mut h = format!(
        "<div class=\"card verdict {}\"><span class=\"badge\">{}</span><h2>{}</h2>{}</div>\n",
        if v.alert { "alert" } else { "ok" },
        esc(v.badge),
        esc(&v.headline),
        v.psi
            .map(|p| format!("<p class=\"muted\">{}</p>", esc(&p)))
            .unwrap_or_default()
    );
    h.push_str("<div class=\"cards\">\n");
    for c in summary_cards(r) {
        let _ = writeln!(
            h,
            "<div class=\"card stat {}\" title=\"{}\"><div class=\"stat-title\"><span aria-hidden=\"true\">{}</span> {}</div><div class=\"stat-value\">{}</div><div class=\"stat-sub\">{}</div></div>",
            c.tone.class(),
            esc(c.help),
            c.tone.mark(),
            esc(&c.title),
            esc(&c.value),
            esc(&c.sub)
        );
    }
    h.push_str("</div>\n");
    Section {
        id: "summary",
        title: "Summary",
        html: format!("<section id=\"summary\">\n{h}</section>\n"),
    }
}

fn checks(r: &Report) -> Section {
    let rows: Vec<Vec<String>> = r
        .checks
        .iter()
        .map(|c| {
            let (cls, label) = match c.status {
                CheckStatus::Ok => ("s-ok", "✓ ok"),
                CheckStatus::Warning => ("s-warning", "● warning"),
                CheckStatus::Alert => ("s-alert", "▲ alert"),
            };
            vec![
                esc(&c.name),
                format!("<span class=\"{cls}\">{label}</span>"),
                format!("#{}", n(c.score.0)),
                format!(
                    "#{} {}",
                    esc(direction_symbol(&c.direction)),
                    n(c.threshold.0)
                ),
                format!("<span class=\"sub\">{}</span>", esc(&c.reason)),
            ]
        })
        .collect();
    let inner = if rows.is_empty() {
        "<p class=\"muted\">No check applies to these files.</p>\n".to_owned()
    } else {
        table(
            &["Check", "Status", "#Score", "#Threshold", "Reason"],
            &rows,
        )
    };
    section("checks", "Checks", &inner)
}

/// The PSI of a column (for ranking the columns that get charts).
fn psi_of(c: &ColumnDriftJson) -> f64 {
    c.tests
        .get("psi")
        .map(|t| t.score.0)
        .filter(|v| v.is_finite())
        .unwrap_or(f64::NEG_INFINITY)
}

fn drift(a: &Analysis) -> Section {
    let r = &a.report;
    let d = &r.drift;
    let mut h = format!(
        "<p><strong>{} of {} features drifted</strong> ({}; the dataset drifts at {}). Every column below was tested; the target and prediction do not count toward the share.</p>\n",
        d.n_drifted,
        d.n_features,
        format::percent(d.share_drifted.0, 0),
        format::percent(d.drift_share_threshold.0, 0)
    );
    let rows: Vec<Vec<String>> = d
        .columns
        .iter()
        .map(|c| {
            let (cls, label) = status_label(c.status);
            let (score, thr) = match (c.score, c.threshold) {
                (Some(s), Some(t)) => format::pair(s.0, t.0),
                _ => ("—".into(), "—".into()),
            };
            vec![
                format!("<span class=\"name\">{}</span>", esc(&c.column)),
                format!("{}<div class=\"sub\">{}</div>", c.role.id(), c.kind.id()),
                c.method.map_or_else(|| "—".into(), |m| esc(m.name())),
                format!("#{score}"),
                format!("#{thr}"),
                format!(
                    "#{}",
                    c.tests
                        .get("psi")
                        .map_or_else(|| "—".into(), |t| n(t.score.0))
                ),
                format!(
                    "#{} → {}",
                    format::percent(c.missing_share_ref.0, 1),
                    format::percent(c.missing_share_prod.0, 1)
                ),
                format!("<span class=\"s-{cls}\">{}</span>", esc(label)),
                format!("<span class=\"sub\">{}</span>", esc(&c.reason)),
            ]
        })
        .collect();
    h.push_str(&table(
        &[
            "Column",
            "Role / kind",
            "Method",
            "#Score",
            "#Threshold",
            "#PSI",
            "#Missing",
            "Status",
            "Reason",
        ],
        &rows,
    ));
    // Charts: drifted columns first, then by PSI, at most MAX_COLUMN_CHARTS.
    let mut order: Vec<&ColumnDriftJson> = d
        .columns
        .iter()
        .filter(|c| a.charts.contains_key(&c.column) || a.ecdf.contains_key(&c.column))
        .collect();
    order.sort_by(|x, y| {
        (y.status == Status::Drifted)
            .cmp(&(x.status == Status::Drifted))
            .then(psi_of(y).total_cmp(&psi_of(x)))
    });
    let shown = order.len().min(MAX_COLUMN_CHARTS);
    if shown > 0 {
        let _ = writeln!(
            h,
            "<h3>Columns in detail</h3><p class=\"muted\">{}: the reference (blue) against production (orange).</p>",
            if order.len() > shown {
                format!(
                    "The {shown} columns with the strongest drift of {} with charts (drifted first, then by PSI)",
                    order.len()
                )
            } else {
                "Every tested column".to_owned()
            }
        );
    }
    for c in order.into_iter().take(shown) {
        let drifted = c.status == Status::Drifted;
        let _ = write!(
            h,
            "<details{}><summary>{} <span class=\"{}\">{}</span></summary>\n<p class=\"sub\">{}</p><div class=\"charts\">",
            if drifted { " open" } else { "" },
            esc(&c.column),
            if drifted { "s-drifted" } else { "s-ok" },
            esc(status_label(c.status).1),
            esc(&c.reason)
        );
        if let Some(v) = a.charts.get(&c.column) {
            h.push_str(&figure(
                v,
                "Share of rows per bin (numeric) or per category.",
            ));
        }
        if let Some(v) = a.ecdf.get(&c.column) {
            h.push_str(&figure(
                v,
                "Cumulative share of rows (ECDF); the marked gap is the KS distance.",
            ));
        }
        h.push_str("</div>");
        let tests: Vec<Vec<String>> = c
            .tests
            .iter()
            .map(|(id, t)| {
                vec![
                    esc(id),
                    format!("#{}", n(t.statistic.0)),
                    format!(
                        "#{}",
                        t.p_value
                            .map_or_else(|| "—".into(), |p| format::p_short(p.0))
                    ),
                    format!("#{}", n(t.threshold.0)),
                    if t.drifted {
                        "<span class=\"s-drifted\">▲ drift</span>".into()
                    } else {
                        "<span class=\"s-ok\">✓</span>".into()
                    },
                ]
            })
            .collect();
        if !tests.is_empty() {
            h.push_str(&table(
                &["Test", "#Statistic", "#p-value", "#Threshold", "Verdict"],
                &tests,
            ));
        }
        h.push_str("</details>\n");
    }
    section("drift", "Drift", &h)
}

fn quality(r: &Report) -> Option<Section> {
    let q = &r.quality;
    if q.columns.is_empty() {
        return None;
    }
    let side = |s: &Option<crate::quality::ColumnSummary>| {
        s.as_ref().map_or_else(
            || "—".to_owned(),
            |s| {
                format!(
                    "{} missing{}<div class=\"sub\">{} unique{}</div>",
                    format::percent(s.missing_share.0, 1),
                    if s.invalid > 0 {
                        format!(" · {} invalid", s.invalid)
                    } else {
                        String::new()
                    },
                    s.unique,
                    s.mean
                        .map(|m| format!(" · mean {}", n(m.0)))
                        .unwrap_or_default()
                )
            },
        )
    };
    let rows: Vec<Vec<String>> = q
        .columns
        .iter()
        .map(|c| {
            let mut notes: Vec<String> = c.issues.iter().map(|i| esc(i)).collect();
            if c.new_category_count > 0 {
                let shown: Vec<String> = c.new_categories.iter().take(5).map(|x| esc(x)).collect();
                notes.push(format!(
                    "new categories: {}{}",
                    shown.join(", "),
                    if c.new_category_count > shown.len() {
                        format!(" and {} more", c.new_category_count - shown.len())
                    } else {
                        String::new()
                    }
                ));
            }
            if let Some(o) = c.out_of_range_share.filter(|o| o.0 > 0.0) {
                notes.push(format!(
                    "{} outside the reference range",
                    format::percent(o.0, 1)
                ));
            }
            vec![
                format!("<span class=\"name\">{}</span>", esc(&c.column)),
                side(&c.reference),
                side(&c.production),
                format!("<span class=\"sub\">{}</span>", notes.join("; ")),
            ]
        })
        .collect();
    let inner = format!(
        "<p>Duplicate rows: {} in reference, {} in production.</p>\n{}",
        q.duplicate_rows.reference,
        q.duplicate_rows.production,
        table(&["Column", "Reference", "Production", "Notes"], &rows)
    );
    Some(section("quality", "Data quality", &inner))
}

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

fn model_quality(a: &Analysis) -> Option<Section> {
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

fn over_time(a: &Analysis) -> Option<Section> {
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

fn bias(a: &Analysis) -> Option<Section> {
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

fn outliers(a: &Analysis, opts: &ExportOptions) -> Option<Section> {
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

fn service(a: &Analysis) -> Option<Section> {
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

fn not_tested(r: &Report) -> Option<Section> {
    let d = &r.drift;
    if d.excluded.is_empty() && r.schema_drift.is_empty() && r.warnings.is_empty() {
        return None;
    }
    let mut h = String::new();
    if !d.excluded.is_empty() {
        h.push_str("<h3>Columns not tested</h3><ul>");
        for e in &d.excluded {
            let _ = write!(
                h,
                "<li><code>{}</code> ({}): {}</li>",
                esc(&e.column),
                e.role.id(),
                esc(&e.reason)
            );
        }
        h.push_str("</ul>\n");
    }
    let sd = &r.schema_drift;
    for (what, v) in [
        ("only in the reference", &sd.only_in_reference),
        ("only in production", &sd.only_in_production),
    ] {
        if !v.is_empty() {
            let names: Vec<String> = v
                .iter()
                .map(|c| format!("<code>{}</code>", esc(c)))
                .collect();
            let _ = writeln!(h, "<p>Schema drift — {what}: {}.</p>", names.join(", "));
        }
    }
    if !r.warnings.is_empty() {
        h.push_str("<h3>Input warnings</h3><ul>");
        for w in r.warnings.iter().take(50) {
            let _ = write!(h, "<li>{}</li>", esc(&w.to_string()));
        }
        if r.warnings.len() > 50 {
            let _ = write!(
                h,
                "<li>… and {} more (see the JSON report)</li>",
                r.warnings.len() - 50
            );
        }
        h.push_str("</ul>\n");
    }
    Some(section("not-tested", "Not tested and warnings", &h))
}

fn settings(r: &Report) -> Section {
    let roles: Vec<Vec<String>> = r
        .columns
        .iter()
        .map(|c| {
            vec![
                format!("<span class=\"name\">{}</span>", esc(&c.name)),
                c.role.id().to_owned(),
                c.kind.id().to_owned(),
                format!("<span class=\"sub\">{}</span>", esc(&c.reason)),
            ]
        })
        .collect();
    let inner = format!(
        "<h3>Columns</h3>{}<details><summary>Settings (JSON, as the page's settings export and the CLI's <code>--config</code> read them)</summary><pre>{}</pre></details>\n",
        table(&["Column", "Role", "Kind", "Why"], &roles),
        esc(&serde_json::to_string_pretty(&r.config).unwrap_or_default())
    );
    section("settings", "Settings used", &inner)
}

fn method_notes(r: &Report) -> Section {
    let mut used: Vec<crate::drift::Method> =
        r.drift.columns.iter().filter_map(|c| c.method).collect();
    used.sort();
    used.dedup();
    let mut h = String::from("<ul>");
    for m in used {
        let _ = write!(
            h,
            "<li><strong>{}</strong>: {}</li>",
            esc(m.name()),
            esc(m.explain())
        );
    }
    let _ = write!(
        h,
        "<li>Per-column test chosen as Evidently does (KS / χ² / Z for ≤ 1000 reference rows, normed Wasserstein / Jensen–Shannon above); PSI on reference-decile bins is shown for every column (&lt; 0.1 stable, 0.1–0.2 moderate, ≥ 0.2 significant).</li>\
<li>A column also counts as drifted when its missing share changes by more than {:.0} points, its share of invalid cells by more than {:.0} points, or new categories exceed {:.0} % of production rows. Only feature columns count toward the dataset drift share.</li></ul>\n",
        r.config.drift.missing_share_change * 100.0,
        r.config.drift.invalid_share_change * 100.0,
        r.config.drift.new_category_share * 100.0
    );
    section("methods", "Method notes", &h)
}
