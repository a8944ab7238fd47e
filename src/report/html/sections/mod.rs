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

mod columns;
mod estimate;
mod groups;
mod llm;
mod model;
mod notes;
mod overview;
mod service;

use columns::{drift, quality};
use estimate::{drift_over_time, estimate, multivariate};
use groups::{bias, outliers};
use llm::{llm_eval, proxies};
use model::{model_quality, over_time};
use notes::{method_notes, not_tested, settings};
use overview::{checks, summary};
use service::service;

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
    out.extend(drift_over_time(a));
    out.extend(multivariate(a));
    out.extend(quality(r));
    out.extend(model_quality(a));
    out.extend(over_time(a));
    out.extend(estimate(a));
    out.extend(llm_eval(a, opts));
    out.extend(proxies(a));
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

/// A figure for a table: [`format::num`], or `—` when it is not finite.
fn n(v: f64) -> String {
    format::num_or_dash(Some(v))
}

/// An optional figure: [`format::num`], or `—`.
fn on(v: Option<Num>) -> String {
    format::num_or_dash(v.map(|x| x.0))
}

/// A share: [`format::share`], or `—` when it is not finite.
fn share(v: f64) -> String {
    format::share_or_dash(Some(v))
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
