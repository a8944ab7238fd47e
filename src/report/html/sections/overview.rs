//! The verdict with the summary cards, and the checks.

use super::*;

pub(super) fn summary(r: &Report) -> Section {
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

pub(super) fn checks(r: &Report) -> Section {
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
