//! The model-card monitoring section (SPEC §9): Markdown, starting exactly in the seed's shape,
//! with lines omitted when their data is absent (never invented).

use std::fmt::Write;

use super::{psi_band, Report, Status};
use crate::data::{Role, Warning};

/// Escapes a CSV-derived string for a Markdown line or table cell so that no renderer
/// (CommonMark, GitHub and GitLab Markdown, Confluence-style wiki markup) can turn it into a
/// link, an image, HTML, emphasis or a broken table:
///
/// - hidden characters are written `U+XXXX` ([`crate::text::visible`]);
/// - `\ ` `` ` `` `* _ [ ] ( ) ! # | ~ { }` get a backslash (every one is an ASCII punctuation
///   character, so CommonMark shows it literally), `<`, `>` and `&` become entities;
/// - bare URLs and e-mail addresses are broken so autolinking cannot fire: `://` is written
///   `[:]//`, `www.` `www[.]`, and the dots of an address's domain `[.]` (the "defanging"
///   convention of security reports);
/// - line breaks become spaces.
///
/// # Examples
/// ```
/// use driftcard::report::model_card::escape_md;
///
/// assert_eq!(escape_md("[x](javascript:alert(1))"), "\\[x\\]\\(javascript:alert\\(1\\)\\)");
/// assert_eq!(escape_md("see https://evil.example"), "see https\\[:\\]//evil.example");
/// assert_eq!(escape_md("a|b<script>"), "a\\|b&lt;script&gt;");
/// ```
pub fn escape_md(s: &str) -> String {
    let s = defang(&crate::text::visible(s));
    let mut out = String::with_capacity(s.len() + 8);
    for ch in s.chars() {
        match ch {
            '\\' | '`' | '*' | '_' | '[' | ']' | '(' | ')' | '!' | '#' | '|' | '~' | '{' | '}' => {
                out.push('\\');
                out.push(ch);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Breaks what GFM's autolink extension (and wikis) would turn into a link: `scheme://` →
/// `scheme[:]//`, `www.` → `www[.]` (any case), and the dots of the domain after an `@` →
/// `[.]`. Text without `:`, `www` or `@` is returned as is.
fn defang(s: &str) -> String {
    let lower = s.to_ascii_lowercase();
    let mut out = String::with_capacity(s.len() + 8);
    let mut in_domain = false;
    let mut i = 0;
    while i < s.len() {
        let rest = &s[i..];
        let c = rest.chars().next().unwrap_or(' ');
        if rest.starts_with("://") {
            out.push_str("[:]//");
            i += 3;
            continue;
        }
        if lower[i..].starts_with("www.") {
            out.push_str(&rest[..3]);
            out.push_str("[.]");
            i += 4;
            continue;
        }
        if c == '@' {
            in_domain = true;
        } else if !(c.is_alphanumeric() || matches!(c, '.' | '-' | '_')) {
            in_domain = false;
        }
        if in_domain && c == '.' {
            out.push_str("[.]");
        } else {
            out.push(c);
        }
        i += c.len_utf8();
    }
    out
}

/// A CSV-derived name (a column, a file) as an inline code span: the fence is one backtick
/// longer than the longest run of backticks inside, padded with a space when the name starts
/// or ends with a backtick or a space (CommonMark §6.1), so nothing can close the span early;
/// hidden characters are written `U+XXXX`, line breaks become spaces. Inside a code span
/// nothing is markup and nothing is autolinked. Not for table cells (a `|` splits a GFM cell
/// even inside code).
///
/// # Examples
/// ```
/// use driftcard::report::model_card::code_md;
///
/// assert_eq!(code_md("prod.csv"), "`prod.csv`");
/// assert_eq!(code_md("a`b"), "``a`b``");
/// assert_eq!(code_md("`x"), "`` `x ``");
/// ```
pub fn code_md(s: &str) -> String {
    let clean: String = crate::text::visible(s)
        .chars()
        .map(|c| if matches!(c, '\n' | '\r') { ' ' } else { c })
        .collect();
    let mut longest = 0;
    let mut run = 0;
    for c in clean.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    let pad = clean.starts_with(['`', ' ']) || clean.ends_with(['`', ' ']);
    if pad {
        format!("{fence} {clean} {fence}")
    } else {
        format!("{fence}{clean}{fence}")
    }
}

/// Renders the Markdown section as exported: from [`Report::for_export`] under `o` (values of
/// PII columns masked or hashed by default), as the CLI's `--card` and the page's "Download
/// model card" / "Copy card" write it.
pub fn render_markdown(report: &Report, o: &super::ExportOptions) -> String {
    render(&report.for_export(o))
}

fn render(report: &Report) -> String {
    let mut md = String::new();
    let _ = writeln!(md, "## Monitoring (live)");
    let last = report
        .last_timestamp
        .as_deref()
        .map(|t| t.get(..10).unwrap_or(t).to_owned())
        .unwrap_or_else(|| {
            report
                .generated_at
                .get(..10)
                .unwrap_or(&report.generated_at)
                .to_owned()
        });
    let _ = writeln!(md, "- Last update: {last}");
    if let Some((col, psi)) = report.max_feature_psi() {
        let _ = writeln!(
            md,
            "- Drift: {} (PSI {}, {})",
            psi_band(psi),
            crate::format::two_decimals(psi),
            code_md(col)
        );
    }
    if let Some(lat) = &report.latency {
        if lat.production_ms.n > 0 {
            let _ = writeln!(
                md,
                "- Latency p99: {}ms",
                crate::format::num(lat.production_ms.p99.0)
            );
        }
    }
    if let Some(er) = &report.error_rate {
        if er.production.n > 0 {
            let _ = writeln!(
                md,
                "- Error rate: {}%",
                crate::format::num(er.production.rate.0 * 100.0)
            );
        }
    }
    if let Some(c) = &report.classification {
        let base = c.reference.as_ref().map(|s| s.accuracy.0);
        let line = match (&report.accuracy_last_7d, &c.production) {
            (Some(r), _) => Some(("Accuracy (last 7d)", r.accuracy.0)),
            (None, Some(p)) => Some(("Accuracy (production)", p.accuracy.0)),
            _ => None,
        };
        if let Some((label, acc)) = line {
            let delta = base.map(|b| {
                let d = acc - b;
                let arrow = if d < 0.0 {
                    "↓"
                } else if d > 0.0 {
                    "↑"
                } else {
                    "±"
                };
                format!(" ({arrow}{:.2} from baseline)", d.abs())
            });
            let _ = writeln!(md, "- {label}: {acc:.2}{}", delta.unwrap_or_default());
        }
    }
    if let Some(e) = &report.performance_estimate {
        let last = e.chunks.iter().rev().find(|c| c.period == "production");
        if let Some((c, v)) = last.and_then(|c| Some((c, c.estimated.get("accuracy")?.0))) {
            let below = if c.alert.get("accuracy") == Some(&true) {
                "; outside the reference chunks' range"
            } else {
                ""
            };
            let _ = writeln!(
                md,
                "- Accuracy (estimated, {}): {v:.2} (CBPE; labels for {:.0} % of rows{below})",
                escape_md(&c.label),
                e.labeled_share.0 * 100.0
            );
        }
    }
    if let Some(g) = &report.regression {
        if let Some(p) = &g.production {
            let delta = g.reference.as_ref().map(|r| {
                let d = p.mae.0 - r.mae.0;
                format!(
                    " ({}{} from baseline)",
                    if d > 0.0 { "↑" } else { "↓" },
                    crate::format::num(d.abs())
                )
            });
            let _ = writeln!(
                md,
                "- MAE (production): {}{}",
                crate::format::num(p.mae.0),
                delta.unwrap_or_default()
            );
        }
    }
    if let Some(e) = &report.llm_eval {
        let latest = super::verdict::llm_latest(report);
        let last = e.versions.iter().rev().find(|v| v.evaluated > 0);
        if let Some((v, rate)) = last.and_then(|v| Some((v, v.pass_rate?.0))) {
            let vs = latest.map(|l| {
                format!(
                    " ({}{:.2} from {}, {}{})",
                    if l.change < 0.0 { "↓" } else { "↑" },
                    l.change.abs(),
                    code_md(&l.previous),
                    crate::format::p_value(l.p_value),
                    if l.regression { ": regression" } else { "" }
                )
            });
            let _ = writeln!(
                md,
                "- Eval pass rate ({}, {}): {rate:.2}{}",
                e.matcher.short(),
                code_md(&v.version),
                vs.unwrap_or_default()
            );
        }
    }
    if let Some(px) = &report.proxies {
        for c in &px.columns {
            let what = match c.kind {
                crate::service::ProxyKind::Rate => "rate",
                crate::service::ProxyKind::Mean => "mean",
            };
            let tracks = match (&px.metric, c.correlation_with_metric) {
                (Some(m), Some(r)) => {
                    format!("; r = {:.2} with {}", r.0, escape_md(&m.replace('_', " ")))
                }
                _ => String::new(),
            };
            let _ = writeln!(
                md,
                "- Proxy {} ({what}): {} (reference {}, {}{}{tracks})",
                code_md(&c.column),
                crate::format::num(c.production.value.0),
                crate::format::num(c.reference.value.0),
                crate::format::p_value(c.change_p_value.0),
                if c.drift.as_ref().is_some_and(|d| d.drifted) {
                    "; drifted"
                } else {
                    ""
                }
            );
        }
    }

    let d = &report.drift;
    let _ = writeln!(md);
    let _ = writeln!(
        md,
        "**Dataset drift: {}** — {} of {} features drifted ({:.0} %, threshold {:.0} %).",
        if d.dataset_drift { "yes" } else { "no" },
        d.n_drifted,
        d.n_features,
        d.share_drifted.0 * 100.0,
        d.drift_share_threshold.0 * 100.0
    );
    let drifted: Vec<_> = d
        .columns
        .iter()
        .filter(|c| c.status == Status::Drifted)
        .collect();
    let _ = writeln!(md);
    let _ = writeln!(md, "### Drifted features");
    let _ = writeln!(md);
    if drifted.is_empty() {
        let _ = writeln!(md, "No column drifted.");
    } else {
        let _ = writeln!(
            md,
            "| Column | Role | Kind | Method | Score | Threshold | Reason |"
        );
        let _ = writeln!(md, "|---|---|---|---|---:|---:|---|");
        for c in drifted {
            let _ = writeln!(
                md,
                "| {} | {} | {} | {} | {} | {} | {} |",
                escape_md(&c.column),
                c.role.id(),
                c.kind.id(),
                c.method.map(|m| m.id()).unwrap_or("—"),
                c.score
                    .map(|s| crate::format::num(s.0))
                    .unwrap_or_else(|| "—".into()),
                c.threshold
                    .map(|s| crate::format::num(s.0))
                    .unwrap_or_else(|| "—".into()),
                escape_md(&c.reason)
            );
        }
    }
    let others: Vec<_> = d
        .columns
        .iter()
        .filter(|c| c.role != Role::Feature && c.status == Status::Drifted)
        .collect();
    if !others.is_empty() {
        let _ = writeln!(md);
        let names: Vec<String> = others
            .iter()
            .map(|c| format!("{} ({})", escape_md(&c.column), c.role.id()))
            .collect();
        let _ = writeln!(md, "Target/prediction drift: {}.", names.join(", "));
    }
    if let Some(m) = report
        .multivariate_drift
        .as_ref()
        .map(|m| &m.reconstruction)
    {
        let _ = writeln!(md);
        let _ = writeln!(
            md,
            "Joint distribution (PCA reconstruction error, {} components of {} features): {}.",
            m.components,
            m.features.len(),
            match &m.first_alert {
                Some(c) => format!("outside the reference range from {}", escape_md(c)),
                None if m.chunks.iter().all(|c| c.upper_threshold.is_none()) => {
                    "too few reference chunks for a range, not judged".into()
                }
                None => "within the reference range in every chunk".into(),
            }
        );
        if let Some(d) = report
            .multivariate_drift
            .as_ref()
            .and_then(|m| m.domain_classifier.as_ref())
        {
            let top: Vec<String> = d
                .top_features
                .iter()
                .take(3)
                .map(|f| code_md(&f.column))
                .collect();
            let _ = writeln!(md);
            let _ = writeln!(
                md,
                "Reference vs production classifier: ROC AUC {:.2} [{:.2}, {:.2}] ({}){}.",
                d.roc_auc.0,
                d.ci_low.0,
                d.ci_high.0,
                if d.alert {
                    "the files are told apart"
                } else {
                    "not told apart"
                },
                if d.alert && !top.is_empty() {
                    format!("; most telling: {}", top.join(", "))
                } else {
                    String::new()
                }
            );
        }
    }
    if let Some(dt) = &report.drift_over_time {
        let began: Vec<String> = dt
            .columns
            .iter()
            .filter_map(|c| {
                let f = c.first_alert.as_ref()?;
                Some(format!("{} from {}", code_md(&c.column), escape_md(f)))
            })
            .collect();
        if !began.is_empty() {
            let _ = writeln!(md);
            let _ = writeln!(
                md,
                "Drift began (first {} chunk beyond the threshold and the reference range): {}.",
                escape_md(&dt.chunk_by),
                began.join(", ")
            );
        }
    }
    // Data quality: only what needs attention.
    let mut quality = Vec::new();
    let dup = &report.quality.duplicate_rows;
    if dup.reference + dup.production > 0 {
        quality.push(format!(
            "Duplicate rows: {} in reference, {} in production.",
            dup.reference, dup.production
        ));
    }
    // Only columns that were tested: one left out (a constant, a per-file label) is explained
    // under "Columns not tested", not reported as new categories.
    let analysed = |name: &str| report.drift.columns.iter().any(|c| c.column == name);
    for q in report
        .quality
        .columns
        .iter()
        .filter(|q| analysed(&q.column))
    {
        if let (Some(r), Some(p)) = (&q.reference, &q.production) {
            if (p.missing_share.0 - r.missing_share.0).abs()
                > report.config.drift.missing_share_change
            {
                quality.push(format!(
                    "{}: missing share {:.1} % → {:.1} %.",
                    code_md(&q.column),
                    r.missing_share.0 * 100.0,
                    p.missing_share.0 * 100.0
                ));
            }
        }
        if !q.new_categories.is_empty() {
            let cats: Vec<String> = q
                .new_categories
                .iter()
                .take(5)
                .map(|c| escape_md(c))
                .collect();
            let total = q.new_category_count.max(q.new_categories.len());
            quality.push(format!(
                "{}: new categories {}{} ({:.1} % of production rows).",
                code_md(&q.column),
                cats.join(", "),
                if total > cats.len() {
                    format!(" and {} more", total - cats.len())
                } else {
                    String::new()
                },
                q.new_category_share.map_or(0.0, |s| s.0 * 100.0)
            ));
        }
        for (file, sum) in [
            (&report.inputs.reference.name, &q.reference),
            (&report.inputs.production.name, &q.production),
        ] {
            if let Some(sm) = sum.as_ref().filter(|s| s.invalid > 0) {
                quality.push(format!(
                    "{}: {} invalid {} in {} ({:.1} %), left out of the tests.",
                    code_md(&q.column),
                    sm.invalid,
                    if sm.invalid == 1 { "cell" } else { "cells" },
                    code_md(file),
                    sm.invalid_share.map_or(0.0, |s| s.0 * 100.0)
                ));
            }
        }
        if let Some(o) = q.out_of_range_share {
            if o.0 > 0.01 {
                quality.push(format!(
                    "{}: {:.1} % of production values outside the reference range.",
                    code_md(&q.column),
                    o.0 * 100.0
                ));
            }
        }
        for issue in &q.issues {
            quality.push(format!("{}: {}.", code_md(&q.column), escape_md(issue)));
        }
    }
    if !quality.is_empty() {
        let _ = writeln!(md);
        let _ = writeln!(md, "### Data quality");
        let _ = writeln!(md);
        for line in quality.iter().take(30) {
            let _ = writeln!(md, "- {line}");
        }
        if quality.len() > 30 {
            let _ = writeln!(
                md,
                "- … and {} more (see the JSON report).",
                quality.len() - 30
            );
        }
    }

    if let Some(o) = &report.outliers {
        let _ = writeln!(md);
        let _ = writeln!(md, "### Outliers");
        let _ = writeln!(md);
        let _ = writeln!(md, "- {}.", outlier_sentence(o));
        let _ = writeln!(
            md,
            "- Isolation Forest ({} trees, seed {}) fitted on the reference; threshold {} on the decision score ({}).",
            o.trees,
            o.seed,
            crate::format::num(o.threshold.0),
            if o.threshold_source == "calibrated" {
                format!(
                    "the reference's own {} % quantile",
                    crate::format::num(o.expected_share.0 * 100.0)
                )
            } else {
                "fixed in the settings".to_owned()
            }
        );
    }
    if !d.excluded.is_empty() || !report.schema_drift.is_empty() {
        let _ = writeln!(md);
        let _ = writeln!(md, "### Columns not tested");
        let _ = writeln!(md);
        for e in d.excluded.iter().take(30) {
            let _ = writeln!(md, "- {}: {}.", code_md(&e.column), escape_md(&e.reason));
        }
        if d.excluded.len() > 30 {
            let _ = writeln!(
                md,
                "- … and {} more (see the JSON report).",
                d.excluded.len() - 30
            );
        }
        let list = |v: &[String]| {
            let shown: Vec<String> = v.iter().take(10).map(|c| code_md(c)).collect();
            format!(
                "{}{}",
                shown.join(", "),
                if v.len() > 10 {
                    format!(" and {} more", v.len() - 10)
                } else {
                    String::new()
                }
            )
        };
        let sd = &report.schema_drift;
        if !sd.only_in_reference.is_empty() {
            let _ = writeln!(
                md,
                "- Schema drift: only in the reference: {}.",
                list(&sd.only_in_reference)
            );
        }
        if !sd.only_in_production.is_empty() {
            let _ = writeln!(
                md,
                "- Schema drift: only in production: {}.",
                list(&sd.only_in_production)
            );
        }
    }
    if let Some(l) = &report.labels {
        let _ = writeln!(md);
        let _ = writeln!(md, "### Late labels");
        let _ = writeln!(md);
        let _ = writeln!(
            md,
            "- {} of {} production rows labelled ({:.1} %): {} from {} joined on {}.",
            l.labelled_rows,
            l.production_rows,
            l.coverage * 100.0,
            l.matched_rows,
            code_md(&l.file),
            code_md(&l.id_column)
        );
        if l.unmatched_ids > 0 {
            let _ = writeln!(
                md,
                "- {} label rows match no production row.",
                l.unmatched_ids
            );
        }
        if l.duplicate_ids > 0 {
            let _ = writeln!(
                md,
                "- {} label rows repeat an id labelled before (the later label is used).",
                l.duplicate_ids
            );
        }
        if l.conflicts > 0 {
            let _ = writeln!(
                md,
                "- {} production rows had a different target of their own (the late label is used).",
                l.conflicts
            );
        }
    }

    let _ = writeln!(md);
    let _ = writeln!(md, "### Retrain recommendation");
    let _ = writeln!(md);
    if report.retrain.recommended {
        let _ = writeln!(md, "**Retrain recommended:**");
        for r in &report.retrain.reasons {
            let _ = writeln!(md, "- {}", escape_md(r));
        }
    } else {
        let _ = writeln!(md, "No retrain trigger fired.");
    }

    let _ = writeln!(md);
    let _ = writeln!(md, "### Method notes");
    let _ = writeln!(md);
    let _ = writeln!(
        md,
        "- Reference {} ({} rows) vs production {} ({} rows); computed locally by driftcard {} on {}.",
        code_md(&report.inputs.reference.name),
        report.inputs.reference.rows,
        code_md(&report.inputs.production.name),
        report.inputs.production.rows,
        report.driftcard_version,
        report.generated_at
    );
    // How the files were read, when it was not plainly (no header row, an encoding decoded,
    // rows skipped): the file-level warnings; those about one column are in its row.
    let file_level: Vec<&Warning> = report
        .warnings
        .iter()
        .filter(|w| w.column.is_none() && !w.file.is_empty())
        .collect();
    if !file_level.is_empty() {
        const SHOWN: usize = 5;
        let listed: Vec<String> = file_level
            .iter()
            .take(SHOWN)
            .map(|w| escape_md(&w.to_string()))
            .collect();
        let more = file_level.len().saturating_sub(SHOWN);
        let _ = writeln!(
            md,
            "- Reading the files: {}{}.",
            listed.join("; "),
            if more > 0 {
                format!("; and {more} more (the JSON report lists every warning)")
            } else {
                String::new()
            }
        );
    }
    let _ = writeln!(md, "- Per-column test chosen as Evidently does (KS / χ² / Z for ≤ 1000 reference rows, normed Wasserstein / Jensen–Shannon above); PSI on reference-decile bins is shown for every column (< 0.1 stable, 0.1–0.2 moderate, ≥ 0.2 significant).");
    let _ = writeln!(
        md,
        "- A column also counts as drifted when its missing share changes by more than {:.0} points, its share of invalid cells (values that are not of the column's kind) by more than {:.0} points, or new categories exceed {:.0} % of production rows. Only feature columns count toward the dataset drift share.",
        report.config.drift.missing_share_change * 100.0,
        report.config.drift.invalid_share_change * 100.0,
        report.config.drift.new_category_share * 100.0
    );
    md
}

/// The outlier verdict in one sentence: production's share against the expected share.
pub fn outlier_sentence(o: &crate::outliers::OutlierReport) -> String {
    format!(
        "{:.1} % of production rows are outliers vs {} % expected ({}){}",
        o.share_production.0 * 100.0,
        crate::format::num(o.expected_share.0 * 100.0),
        crate::format::p_value(o.p_value.0),
        if o.alert { ": more than expected" } else { "" }
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_table_breakers_and_html() {
        assert_eq!(escape_md("a|b`c<script>"), "a\\|b\\`c&lt;script&gt;");
        assert_eq!(code_md("x`y\nz"), "``x`y z``");
        assert_eq!(escape_md("x\ny"), "x y");
        assert_eq!(escape_md("x\u{202e}y"), "xU+202Ey");
        assert_eq!(code_md("x\u{202e}y"), "`xU+202Ey`");
    }

    #[test]
    fn bare_urls_and_addresses_are_defanged() {
        assert_eq!(defang("http://a.b/c"), "http[:]//a.b/c");
        assert_eq!(defang("WWW.Example.com"), "WWW[.]Example.com");
        assert_eq!(
            defang("mail jo@mail.example.org now."),
            "mail jo@mail[.]example[.]org now."
        );
        assert_eq!(defang("plain 1.5 text: ok"), "plain 1.5 text: ok");
    }
}
