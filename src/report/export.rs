//! What the exports (JSON, HTML, the model card) may carry beyond aggregates: the user's
//! switches, private by default (SPEC: exports contain aggregates, never raw rows, except the row
//! inspector's explicit top-N, which the user switches on; values of columns that look like
//! personal data are masked or hashed unless the user asks for them).
//!
//! Every export goes through one function, [`Analysis::for_export`] (or [`Report::for_export`]
//! for the exports that read only the report), so the page and the CLI write the same bytes and
//! a raw value of a PII column cannot reach one export and not another.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::de::DeserializeOwned;
use serde::Serialize;

use super::{Analysis, Report};
use crate::chart::ChartView;
use crate::data::pii::{self, PiiKind};
use crate::data::{Kind, Role};

/// How values of columns flagged as personal data ([`super::ColumnInfo::pii`]) are written in
/// the exports.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum PiiExport {
    /// Masked: `j***@e***.com`, `**** **** **** 1111`, `J*** D***`, `+***7` (the default).
    #[default]
    Mask,
    /// `h:` + the first 10 hex digits of SHA-256(salt ‖ value): the same value gives the same
    /// hash in both files and in every export made with the same salt.
    Hash {
        /// The user's salt.
        salt: String,
    },
    /// The raw values (the user's explicit choice: the export then contains personal data).
    Raw,
}

impl PiiExport {
    /// The id used by the CLI (`--pii`) and the page: `mask`, `hash`, `raw`.
    pub fn id(&self) -> &'static str {
        match self {
            PiiExport::Mask => "mask",
            PiiExport::Hash { .. } => "hash",
            PiiExport::Raw => "raw",
        }
    }

    fn replace(&self, kind: PiiKind, v: &str) -> String {
        match self {
            PiiExport::Hash { salt } => pii::hash(salt, v),
            _ => pii::mask(kind, v),
        }
    }
}

/// The user's export switches; [`Default`] is the private choice (no top rows, PII masked).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExportOptions {
    /// Include example rows: the outlier inspector's top rows (row numbers, scores, z-scores)
    /// and the failing LLM eval examples (their texts with personal values masked).
    pub top_rows: bool,
    /// How values of PII columns are written.
    pub pii: PiiExport,
}

impl Report {
    fn column_names(&self) -> Vec<&str> {
        self.columns.iter().map(|c| c.name.as_str()).collect()
    }

    /// The JSON export under `o`: [`Report::to_json`] of [`Report::for_export`].
    #[must_use]
    pub fn to_export_json(&self, o: &ExportOptions) -> String {
        self.for_export(o).to_json()
    }

    /// The report as the exports may show it: without the outlier inspector's `top` rows
    /// unless switched on, and with every value of a PII column masked or hashed (unless
    /// [`PiiExport::Raw`]). Borrowed when there is nothing to change.
    #[must_use]
    pub fn for_export(&self, o: &ExportOptions) -> Cow<'_, Report> {
        let drop_top = !o.top_rows
            && (self.outliers.as_ref().is_some_and(|x| !x.top.is_empty())
                || self
                    .llm_eval
                    .as_ref()
                    .is_some_and(|x| !x.failures.is_empty()));
        let pii = pii_columns(self, o);
        if !drop_top && pii.is_empty() {
            return match redact_free_text(self, &o.pii, &self.column_names()) {
                Some(r) => Cow::Owned(r),
                None => Cow::Borrowed(self),
            };
        }
        let mut r = self.clone();
        if drop_top {
            if let Some(x) = &mut r.outliers {
                x.top.clear();
            }
            // The failing eval examples are raw rows too (masked, but rows).
            if let Some(x) = &mut r.llm_eval {
                x.failures.clear();
            }
        }
        if !pii.is_empty() {
            let reps = replacements(&r, None, &pii, &o.pii);
            strip_numeric(&mut r, &pii);
            r = sweep(&r, &reps);
        }
        let names = self.column_names();
        Cow::Owned(redact_free_text(&r, &o.pii, &names).unwrap_or(r))
    }
}

impl Analysis {
    /// The analysis as the HTML export may show it: the report as in [`Report::for_export`],
    /// and the chart view-models with the same values replaced (a numeric PII column's
    /// histogram and ECDF, which would show its values, are left out).
    #[must_use]
    pub fn for_export(&self, o: &ExportOptions) -> Cow<'_, Analysis> {
        let pii = pii_columns(&self.report, o);
        let report = self.report.for_export(&ExportOptions {
            top_rows: o.top_rows,
            pii: PiiExport::Raw,
        });
        if pii.is_empty() {
            let a = match report {
                Cow::Borrowed(_) => Cow::Borrowed(self),
                Cow::Owned(report) => Cow::Owned(Analysis {
                    report,
                    ..self.clone()
                }),
            };
            return match redact_free_text(&*a, &o.pii, &self.report.column_names()) {
                Some(x) => Cow::Owned(x),
                None => a,
            };
        }
        let mut a = Analysis {
            report: report.into_owned(),
            ..self.clone()
        };
        let reps = replacements(&a.report, Some(&a.charts), &pii, &o.pii);
        strip_numeric(&mut a.report, &pii);
        for (name, kind) in &pii {
            if kind.1 == Kind::Numeric {
                a.charts.remove(name);
                a.ecdf.remove(name);
            }
        }
        let a = sweep(&a, &reps);
        let names = self.report.column_names();
        Cow::Owned(redact_free_text(&a, &o.pii, &names).unwrap_or(a))
    }
}

/// PII column name → (what it holds, its kind); empty when the user asked for raw values.
fn pii_columns(r: &Report, o: &ExportOptions) -> BTreeMap<String, (PiiKind, Kind)> {
    if o.pii == PiiExport::Raw {
        return BTreeMap::new();
    }
    r.columns
        .iter()
        .filter_map(|c| c.pii.map(|p| (c.name.clone(), (p, c.kind))))
        .collect()
}

/// Every value of a PII column the report (and the charts) can show, with what replaces it:
/// the columns' top and new categories, their bars, bias groups, versions, class labels,
/// unmatched label ids, and the values quoted in warnings about the column.
fn replacements(
    r: &Report,
    charts: Option<&BTreeMap<String, ChartView>>,
    pii: &BTreeMap<String, (PiiKind, Kind)>,
    how: &PiiExport,
) -> Vec<(String, String)> {
    let mut map: BTreeMap<String, String> = BTreeMap::new();
    let mut add = |kind: PiiKind, v: &str| {
        let v = v.trim();
        // One or two characters say nothing about a person, and replacing them wherever they
        // stand as a word would rewrite unrelated numbers and labels.
        if v.chars().count() < 3 || crate::data::is_missing(v) {
            return;
        }
        let m = how.replace(kind, v);
        // The forms a message quotes a value in: clipped, with backticks made quotes.
        for form in [
            v.to_owned(),
            crate::data::clip(v).into_owned(),
            v.replace('`', "'"),
            crate::data::clip(v).replace('`', "'"),
        ] {
            map.entry(form).or_insert_with(|| m.clone());
        }
    };
    for q in &r.quality.columns {
        let Some(&(k, _)) = pii.get(&q.column) else {
            continue;
        };
        for s in [&q.reference, &q.production].into_iter().flatten() {
            s.top.iter().for_each(|(v, _)| add(k, v));
        }
        q.new_categories.iter().for_each(|v| add(k, v));
    }
    if let Some(charts) = charts {
        for (name, c) in charts {
            if let (Some(&(k, _)), ChartView::Bars(b)) = (pii.get(name), c) {
                b.categories.iter().for_each(|v| add(k, v));
            }
        }
    }
    if let Some(b) = &r.bias {
        for c in &b.columns {
            if let Some(&(k, _)) = pii.get(&c.column) {
                for side in [&c.reference, &c.production].into_iter().flatten() {
                    side.groups.iter().for_each(|g| add(k, &g.value));
                }
            }
        }
    }
    if let Some(v) = &r.versions {
        if let Some(&(k, _)) = pii.get(&v.column) {
            v.versions.iter().for_each(|x| add(k, &x.version));
            add(k, &v.baseline);
        }
    }
    if let Some(l) = &r.labels {
        let id = pii.get(&l.id_column).or_else(|| {
            r.columns
                .iter()
                .find(|c| c.role == Role::Id)
                .and_then(|c| pii.get(&c.name))
        });
        if let Some(&(k, _)) = id {
            l.unmatched_examples.iter().for_each(|v| add(k, v));
        }
    }
    // Class labels, when the target or the prediction is flagged (unusual, but then its
    // classes name people): every category of either, from the quality summary above, plus
    // the classification's own labels.
    if let Some(c) = &r.classification {
        let flagged = r
            .columns
            .iter()
            .filter(|c| matches!(c.role, Role::Target | Role::Prediction))
            .find_map(|c| pii.get(&c.name).map(|x| x.0));
        if let Some(k) = flagged {
            c.labels.iter().for_each(|v| add(k, v));
            c.positive_label.iter().for_each(|v| add(k, v));
        }
    }
    for w in &r.warnings {
        let Some(&(k, _)) = w.column.as_ref().and_then(|c| pii.get(c)) else {
            continue;
        };
        // Quoted cells (`value` in row 7) and spellings (`a/b`).
        for (i, part) in w.message.split('`').enumerate() {
            if i % 2 == 1 {
                add(k, part);
                if part.contains('/') {
                    part.split('/').for_each(|v| add(k, v));
                }
            }
        }
    }
    let mut reps: Vec<(String, String)> = map.into_iter().filter(|(v, m)| v != m).collect();
    // Longest first, so a value containing another is replaced whole.
    reps.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
    reps
}

/// A numeric PII column (phone or card numbers read as numbers): its summary statistics and bin
/// edges would show values, so they are left out (counts and shares stay).
fn strip_numeric(r: &mut Report, pii: &BTreeMap<String, (PiiKind, Kind)>) {
    let numeric = |name: &str| pii.get(name).is_some_and(|x| x.1 == Kind::Numeric);
    for q in &mut r.quality.columns {
        if numeric(&q.column) {
            for s in [&mut q.reference, &mut q.production].into_iter().flatten() {
                s.mean = None;
                s.std = None;
                s.min = None;
                s.p25 = None;
                s.p50 = None;
                s.p75 = None;
                s.max = None;
            }
        }
    }
    for c in &mut r.drift.columns {
        if numeric(&c.column) {
            for t in c.tests.values_mut() {
                t.bins = None;
            }
        }
    }
}

/// `x` with every string (and map key) that contains a replaced value rewritten, through its
/// JSON text (the form the page receives the analysis in, so nothing is lost).
///
/// Text, not `serde_json::Value`: `to_string_pretty` and `from_str` on these types are already
/// compiled into both wasm binaries (the JSON export, the worker message), while `to_value` /
/// `from_value` would add a serializer and a deserializer for the whole report tree (measured:
/// +360 KB per binary).
/// Every text of `x` (not the object keys, which are column names and ids) with the personal
/// values written inside it masked ([`pii::redact_text`]: e-mail addresses, phone and card
/// numbers, IP addresses, id codes): a category of a free-text column that quotes an address
/// (`Can I change my e-mail to jane@…?`) is not a PII column, yet its values are. Texts equal
/// to one of `names` (the column names) are kept. `None` when nothing changes or the user asked
/// for raw values.
fn redact_free_text<T: Serialize + DeserializeOwned>(
    x: &T,
    how: &PiiExport,
    names: &[&str],
) -> Option<T> {
    fn walk(v: &mut serde_json::Value, names: &[&str]) -> usize {
        use serde_json::Value;
        match v {
            // A column's own name is the user's header, not data: it stays as written.
            Value::String(s) if names.contains(&s.as_str()) => 0,
            Value::String(s) => {
                let (t, n) = pii::redact_text(s);
                if n > 0 {
                    *s = t;
                }
                n
            }
            Value::Array(a) => a.iter_mut().map(|x| walk(x, names)).sum(),
            Value::Object(o) => o.values_mut().map(|x| walk(x, names)).sum(),
            _ => 0,
        }
    }
    if *how == PiiExport::Raw {
        return None;
    }
    // Through text, as `sweep` does: `to_value`/`from_value` would instantiate a second
    // (de)serializer of every report type in the page's wasm (+140 KB gzip).
    let text = serde_json::to_string(x).ok()?;
    let mut v: serde_json::Value = serde_json::from_str(&text).ok()?;
    if walk(&mut v, names) == 0 {
        return None;
    }
    serde_json::from_str(&serde_json::to_string(&v).ok()?).ok()
}

fn sweep<T: Serialize + DeserializeOwned + Clone>(x: &T, reps: &[(String, String)]) -> T {
    if reps.is_empty() {
        return x.clone();
    }
    let Ok(text) = serde_json::to_string_pretty(x) else {
        return x.clone();
    };
    let Ok(mut v) = serde_json::from_str::<serde_json::Value>(&text) else {
        return x.clone();
    };
    walk(&mut v, reps);
    serde_json::to_string(&v)
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_else(|| x.clone())
}

fn walk(v: &mut serde_json::Value, reps: &[(String, String)]) {
    use serde_json::Value;
    match v {
        Value::String(s) => {
            if let Some(n) = replace_in(s, reps) {
                *s = n;
            }
        }
        Value::Array(a) => a.iter_mut().for_each(|x| walk(x, reps)),
        Value::Object(o) => {
            let keys: Vec<String> = o
                .keys()
                .filter(|k| reps.iter().any(|(r, _)| r == *k))
                .cloned()
                .collect();
            for k in keys {
                if let (Some(x), Some((_, m))) = (o.remove(&k), reps.iter().find(|(r, _)| *r == k))
                {
                    o.insert(m.clone(), x);
                }
            }
            o.values_mut().for_each(|x| walk(x, reps));
        }
        _ => {}
    }
}

/// `s` with every occurrence of a replaced value (as a whole word: not inside a longer run of
/// letters and digits) rewritten; `None` when nothing changed.
pub(crate) fn replace_in(s: &str, reps: &[(String, String)]) -> Option<String> {
    let cands: Vec<&(String, String)> = reps
        .iter()
        .filter(|(r, _)| !r.is_empty() && s.contains(r.as_str()))
        .collect();
    if cands.is_empty() {
        return None;
    }
    let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    let mut changed = false;
    'scan: while i < s.len() {
        let before = s[..i].chars().next_back();
        for (r, m) in &cands {
            if s[i..].starts_with(r.as_str()) {
                let after = s[i + r.len()..].chars().next();
                let first = r.chars().next();
                let last = r.chars().next_back();
                let ok_start = !(word(first) && word(before));
                let ok_end = !(word(last) && word(after));
                if ok_start && ok_end {
                    out.push_str(m);
                    i += r.len();
                    changed = true;
                    continue 'scan;
                }
            }
        }
        let ch = s[i..].chars().next().unwrap_or(' ');
        out.push(ch);
        i += ch.len_utf8();
    }
    changed.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_replaced_as_whole_words() {
        let reps = vec![
            ("john@example.com".to_owned(), "j***@e***.com".to_owned()),
            ("Ann".to_owned(), "A***".to_owned()),
        ];
        assert_eq!(
            replace_in("new categories (`john@example.com`, `Ann`)", &reps).unwrap(),
            "new categories (`j***@e***.com`, `A***`)"
        );
        assert_eq!(replace_in("Annual report", &reps), None);
        assert_eq!(replace_in("Ann", &reps).unwrap(), "A***");
        assert_eq!(replace_in("nothing here", &reps), None);
    }

    fn analysis(header: &str, values: &[&str]) -> Analysis {
        let mut r = format!("{header},x\n");
        let mut p = r.clone();
        for (i, v) in values.iter().enumerate() {
            r.push_str(&format!("{v},{i}\n"));
            p.push_str(&format!("{},{}\n", values[(i + 1) % values.len()], i + 3));
        }
        p.push_str("new.person@elsewhere.net,9\n");
        let t = |n: &str, s: &str| crate::data::read_table(n, s.as_bytes(), &mut |_| {}).unwrap();
        let (r, p) = (t("r.csv", &r), t("p.csv", &p));
        crate::report::analyze(&crate::report::Inputs {
            reference: &r,
            production: &p,
            config: &crate::report::Config::default(),
            generated_at: "2026-01-01T00:00:00Z".into(),
            labels: None,
        })
        .unwrap()
    }

    #[test]
    fn an_analysis_without_pii_columns_masks_only_the_addresses_its_texts_quote() {
        // One e-mail among colours: not a PII column, but its value is masked all the same.
        let a = analysis("color", &["red", "blue", "green", "red"]);
        assert!(a.report.columns.iter().all(|c| c.pii.is_none()));
        let o = ExportOptions {
            top_rows: true,
            pii: PiiExport::Mask,
        };
        let x = serde_json::to_string(&*a.for_export(&o)).unwrap();
        assert!(!x.contains("new.person@elsewhere.net") && x.contains("n***@e***.net"));
        assert!(x.contains("\"green\""));
        let raw = ExportOptions {
            top_rows: true,
            pii: PiiExport::Raw,
        };
        assert!(matches!(a.for_export(&raw), Cow::Borrowed(_)));
    }

    #[test]
    fn charts_and_report_are_masked_together() {
        let a = analysis(
            "contact",
            &[
                "ann.lee@example.com",
                "bo.li@example.org",
                "cy.wu@example.net",
            ],
        );
        assert_eq!(a.report.columns[0].pii, Some(PiiKind::Email));
        let m = a.for_export(&ExportOptions::default());
        let text = serde_json::to_string(&*m).unwrap();
        for raw in [
            "ann.lee@example.com",
            "bo.li@example.org",
            "new.person@elsewhere.net",
        ] {
            assert!(!text.contains(raw), "{raw}");
        }
        assert!(text.contains("n***@e***.net"));
        let raw = a.for_export(&ExportOptions {
            top_rows: false,
            pii: PiiExport::Raw,
        });
        assert!(serde_json::to_string(&*raw)
            .unwrap()
            .contains("ann.lee@example.com"));
    }
}
