//! The drift table with the per-column charts, and data quality.

use super::*;

/// The PSI of a column (for ranking the columns that get charts).
fn psi_of(c: &ColumnDriftJson) -> f64 {
    c.tests
        .get("psi")
        .map(|t| t.score.0)
        .filter(|v| v.is_finite())
        .unwrap_or(f64::NEG_INFINITY)
}

pub(super) fn drift(a: &Analysis) -> Section {
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

pub(super) fn quality(r: &Report) -> Option<Section> {
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
