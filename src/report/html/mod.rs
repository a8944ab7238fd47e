//! The HTML report: one self-contained file with every section of the page, readable offline
//! without JavaScript, years later (SPEC §9).
//!
//! - Charts are inline SVG drawn by the same chart code as the page ([`chart_svg`]: plotters'
//!   SVG backend, the light theme); in a dark colour scheme a CSS rule per theme colour
//!   (`[fill="#FFFFFF"]{fill:#161B22}` …; only SVG elements carry `fill`) repaints them with the page's dark theme, so one SVG
//!   serves both.
//! - Inline CSS with light and dark themes (`prefers-color-scheme`); drill-down with
//!   `<details>`; a CSP meta tag `default-src 'none'; style-src 'unsafe-inline'; img-src data:`;
//!   no URL of any kind leaves the file (links are `#fragments` only).
//! - Prints to PDF with a page break before each section and no chart cut in two.
//! - Deterministic: the same [`Analysis`] gives the same bytes, so the page (which calls this
//!   on the worker's analysis) and the CLI (`--html`) write identical files.
//!
//! Text from the data is made visible at ingest ([`crate::text`]) and HTML-escaped here.

mod sections;

use crate::chart::{self, ChartView, Theme};
use crate::report::{Analysis, ExportOptions};

/// Width and height of every chart in the HTML report and of the page's SVG download.
pub const CHART_SIZE: (u32, u32) = (720, 320);

/// Most columns with their own histogram and ECDF (drifted first, then by PSI): the drift
/// table lists every column; this bounds the file for wide inputs.
pub const MAX_COLUMN_CHARTS: usize = 12;

/// `s` escaped for HTML text and attribute values.
#[must_use]
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A chart as the SVG both the HTML report and the page's "SVG" button use: [`CHART_SIZE`],
/// the light theme. An empty string when the view cannot be drawn (never for the report's
/// views; the page shows its own error).
#[must_use]
pub fn chart_svg(view: &ChartView) -> String {
    chart::render_svg(view, CHART_SIZE.0, CHART_SIZE.1, &Theme::light()).unwrap_or_default()
}

/// The CSS rules that repaint the light-theme SVG colours with the dark theme's.
fn chart_dark_css() -> String {
    let (l, d) = (Theme::light(), Theme::dark());
    let hex = |c: plotters::style::RGBColor| format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2);
    let pairs = [
        (l.background, d.background),
        (l.text, d.text),
        (l.muted_text, d.muted_text),
        (l.grid, d.grid),
        (l.axis, d.axis),
        (l.reference, d.reference),
        (l.production, d.production),
        (l.production_outline, d.production_outline),
        (l.new_category, d.new_category),
    ];
    let mut css = String::new();
    for (a, b) in pairs {
        let (a, b) = (hex(a), hex(b));
        css.push_str(&format!(
            "[fill=\"{a}\"]{{fill:{b}}}[stroke=\"{a}\"]{{stroke:{b}}}"
        ));
    }
    css
}

/// The page's "Download HTML report" and the CLI's `--html`: one self-contained document.
#[must_use]
///
/// Renders [`Analysis::for_export`] under `opts`: no top rows unless switched on, values of PII
/// columns masked or hashed unless the user asked for them.
pub fn render_html(a: &Analysis, opts: &ExportOptions) -> String {
    // The outlier section itself leaves the top rows out (and says so) unless switched on.
    let masked = a.for_export(&ExportOptions {
        top_rows: true,
        pii: opts.pii.clone(),
    });
    let a = &*masked;
    let r = &a.report;
    let title = format!(
        "driftcard report — {} vs {}",
        r.inputs.reference.name, r.inputs.production.name
    );
    let css = include_str!("style.css").replace("CHART_DARK", &chart_dark_css());
    let mut h = String::with_capacity(64 * 1024);
    h.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    h.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n");
    h.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    h.push_str("<meta name=\"color-scheme\" content=\"light dark\">\n");
    h.push_str(&format!(
        "<meta name=\"generator\" content=\"driftcard {}\">\n",
        esc(&r.driftcard_version)
    ));
    h.push_str(&format!("<title>{}</title>\n", esc(&title)));
    h.push_str("<style>\n");
    h.push_str(&css);
    h.push_str("</style>\n</head>\n<body>\n");
    h.push_str(&format!(
        "<header class=\"top\"><h1><span class=\"logo\" aria-hidden=\"true\">◆</span> driftcard report</h1>\
<div class=\"muted\">Reference <code>{}</code> ({} rows) vs production <code>{}</code> ({} rows) · generated {} by driftcard {} on the user's machine; nothing was uploaded.</div></header>\n",
        esc(&r.inputs.reference.name),
        r.inputs.reference.rows,
        esc(&r.inputs.production.name),
        r.inputs.production.rows,
        esc(&r.generated_at),
        esc(&r.driftcard_version)
    ));
    h.push_str("<main>\n");
    let body = sections::all(a, opts);
    h.push_str(&sections::toc(&body));
    for s in &body {
        h.push_str(&s.html);
    }
    h.push_str("</main>\n<footer>Made by driftcard, computed locally. This file needs no network and no JavaScript.</footer>\n</body>\n</html>\n");
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_covers_text_and_attributes() {
        assert_eq!(
            esc("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
    }

    #[test]
    fn dark_rules_map_every_light_colour_once() {
        let css = chart_dark_css();
        assert!(css.contains("[fill=\"#FFFFFF\"]{fill:#161B22}"), "{css}");
        assert!(
            css.contains("[stroke=\"#1F77B4\"]{stroke:#4E9BDB}"),
            "{css}"
        );
        assert_eq!(css.matches("[fill=").count(), 9);
    }
}
