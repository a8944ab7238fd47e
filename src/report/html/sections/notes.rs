//! Columns not tested and warnings, the settings used, the method notes.

use super::*;

pub(super) fn not_tested(r: &Report) -> Option<Section> {
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

pub(super) fn settings(r: &Report) -> Section {
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

pub(super) fn method_notes(r: &Report) -> Section {
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
