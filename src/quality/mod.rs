//! Data quality per column (SPEC §5): both files' summaries (counts, missing and invalid shares,
//! numpy-linear quantiles or the top categories), new categories (the most frequent, capped),
//! the share of production values outside the reference range, and the issues worth a look
//! (constant, almost constant, infinities, non-finite means, kinds that differ).
//!
//! Layer: uses `crate::data`, `crate::stats`, `crate::num`; the report gathers its results.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::data::{ColumnSchema, Kind, RawColumn, Table, ValueMaps};
use crate::num::Num;
use crate::stats;

/// Summary of one column in one file (SPEC §5).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ColumnSummary {
    /// Rows.
    pub rows: usize,
    /// Missing values.
    pub missing: usize,
    /// Missing share.
    pub missing_share: Num,
    /// Cells that are not values of the column's kind (e.g. `n/a` in a numeric column).
    #[serde(skip_serializing_if = "is_zero")]
    pub invalid: usize,
    /// Their share of the rows.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub invalid_share: Option<Num>,
    /// Distinct non-missing values.
    pub unique: usize,
    /// Mean (numeric).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mean: Option<Num>,
    /// Std, ddof 1 (numeric).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub std: Option<Num>,
    /// Minimum.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min: Option<Num>,
    /// 25th percentile (numpy linear).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub p25: Option<Num>,
    /// Median.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub p50: Option<Num>,
    /// 75th percentile.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub p75: Option<Num>,
    /// Maximum.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<Num>,
    /// ±inf values (never fed to a test).
    #[serde(skip_serializing_if = "is_zero")]
    pub infinities: usize,
    /// Most frequent categories with counts (categorical).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub top: Vec<(String, u64)>,
    /// Share of non-missing values taken by the most frequent value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub top_share: Option<Num>,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// Data quality of one column (SPEC §9 `quality.columns[]`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QualityColumn {
    /// Column name.
    pub column: String,
    /// Reference summary.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference: Option<ColumnSummary>,
    /// Production summary.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub production: Option<ColumnSummary>,
    /// Categories seen only in production: the [`MAX_LISTED_CATEGORIES`] most frequent.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub new_categories: Vec<String>,
    /// How many categories are new in all.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub new_category_count: usize,
    /// Share of production rows with a new category.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new_category_share: Option<Num>,
    /// Share of production values outside the reference min..max (numeric).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub out_of_range_share: Option<Num>,
    /// Constant (one value) or almost constant (top value ≥ 95 %) in either file.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub issues: Vec<String>,
}

/// Counts per file.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PerFile {
    /// Reference.
    pub reference: usize,
    /// Production.
    pub production: usize,
}

/// Data quality.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QualityJson {
    /// Rows repeating an earlier row exactly.
    pub duplicate_rows: PerFile,
    /// Per column.
    pub columns: Vec<QualityColumn>,
}

/// Category → count of a column (valid, non-missing), compared as values ([`ValueMaps`]).
pub fn category_counts(c: &RawColumn, maps: &ValueMaps) -> BTreeMap<String, u64> {
    maps.of(&c.name).counts(c).into_iter().collect()
}

/// One column's summary in one file: counts, missing and invalid shares, and the numeric
/// statistics (numpy-linear quantiles, std with ddof 1) or the most frequent categories.
pub fn summary(
    c: &RawColumn,
    rows: usize,
    invalid: usize,
    sorted: Option<&[f64]>,
    maps: &ValueMaps,
) -> ColumnSummary {
    let mut s = ColumnSummary {
        rows,
        missing: c.missing,
        missing_share: Num(stats::ratio(c.missing as u64, rows as u64)),
        invalid,
        invalid_share: (invalid > 0).then(|| Num(stats::ratio(invalid as u64, rows as u64))),
        infinities: c.infinities(),
        ..ColumnSummary::default()
    };
    if let Some(sorted) = sorted {
        s.unique = stats::count_distinct_sorted(sorted);
        if !sorted.is_empty() {
            s.mean = Some(Num(stats::mean(sorted)));
            s.std = Some(Num(stats::std_dev(sorted, 1)));
            s.min = sorted.first().copied().map(Num);
            s.p25 = Some(Num(stats::quantile_linear(sorted, 0.25)));
            s.p50 = Some(Num(stats::quantile_linear(sorted, 0.5)));
            s.p75 = Some(Num(stats::quantile_linear(sorted, 0.75)));
            s.max = sorted.last().copied().map(Num);
            let mut best = 0usize;
            let mut run = 0usize;
            for (i, v) in sorted.iter().enumerate() {
                run = if i > 0 && sorted[i - 1] == *v {
                    run + 1
                } else {
                    1
                };
                best = best.max(run);
            }
            s.top_share = Some(Num(stats::ratio(best as u64, sorted.len() as u64)));
        }
    } else {
        let counts = category_counts(c, maps);
        s.unique = counts.len();
        let mut top: Vec<(String, u64)> = counts
            .into_iter()
            .map(|(k, n)| (crate::data::clip(&k).into_owned(), n))
            .collect();
        top.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let n: u64 = top.iter().map(|t| t.1).sum();
        if let Some(first) = top.first() {
            s.top_share = Some(Num(stats::ratio(first.1, n)));
        }
        top.truncate(10);
        s.top = top;
    }
    s
}

fn is_numeric(kind: Kind) -> bool {
    kind == Kind::Numeric
}

/// Data quality of one column present in both files (SPEC §5): both summaries, new categories,
/// the out-of-range share, and the issues worth a look.
pub fn quality_column(
    c: &ColumnSchema,
    rc: &RawColumn,
    pc: &RawColumn,
    r: &Table,
    p: &Table,
    sorted: &crate::data::sorted::Presorted,
    maps: &ValueMaps,
) -> QualityColumn {
    let xs = sorted.reference.get(&c.name).map(Vec::as_slice);
    let ys = sorted.production.get(&c.name).map(Vec::as_slice);
    let numeric = is_numeric(c.kind) && xs.is_some() && ys.is_some();
    let mut q = QualityColumn {
        column: c.name.clone(),
        reference: None,
        production: None,
        new_categories: Vec::new(),
        new_category_count: 0,
        new_category_share: None,
        out_of_range_share: None,
        issues: Vec::new(),
    };
    if matches!(c.kind, Kind::Datetime | Kind::Text) {
        for (slot, col, t, invalid) in [
            (&mut q.reference, rc, r, c.invalid_reference),
            (&mut q.production, pc, p, c.invalid_production),
        ] {
            *slot = Some(ColumnSummary {
                rows: t.rows,
                missing: col.missing,
                missing_share: Num(stats::ratio(col.missing as u64, t.rows as u64)),
                invalid,
                invalid_share: (invalid > 0)
                    .then(|| Num(stats::ratio(invalid as u64, t.rows as u64))),
                ..Default::default()
            });
        }
        return q;
    }
    let rs = summary(
        rc,
        r.rows,
        c.invalid_reference,
        xs.filter(|_| numeric),
        maps,
    );
    let ps = summary(
        pc,
        p.rows,
        c.invalid_production,
        ys.filter(|_| numeric),
        maps,
    );
    if numeric {
        if let (Some(lo), Some(hi), Some(y)) = (rs.min, rs.max, ys) {
            // y is sorted: the values below lo and above hi are at its two ends.
            let below = y.partition_point(|&v| v < lo.0);
            let above = y.len() - y.partition_point(|&v| v <= hi.0);
            q.out_of_range_share = Some(Num(stats::ratio((below + above) as u64, y.len() as u64)));
        }
    } else {
        let rcounts = category_counts(rc, maps);
        let pcounts = category_counts(pc, maps);
        let mut new_rows = 0;
        let mut new: Vec<(&String, u64)> = Vec::new();
        for (k, n) in &pcounts {
            if !rcounts.contains_key(k) {
                new.push((k, *n));
                new_rows += n;
            }
        }
        // The most frequent first, capped: a file of unique ids must not list a million.
        new.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        q.new_category_count = new.len();
        q.new_categories = new
            .iter()
            .take(MAX_LISTED_CATEGORIES)
            .map(|(k, _)| crate::data::clip(k).into_owned())
            .collect();
        q.new_category_share = Some(Num(stats::ratio(new_rows, p.rows as u64)));
    }
    for (file, sum) in [(&r.name, &rs), (&p.name, &ps)] {
        if let Some(ts) = sum.top_share {
            if sum.unique == 1 {
                q.issues.push(format!("constant in {file} (one value)"));
            } else if ts.0 >= ALMOST_CONSTANT {
                q.issues.push(format!(
                    "almost constant in {file}: the top value is {:.1} % of rows",
                    ts.0 * 100.0
                ));
            }
        }
        if let Some(m) = sum.mean.filter(|m| !m.0.is_finite()) {
            q.issues.push(format!(
                "the mean in {file} is not finite ({}): the values are too large to add up",
                m.0
            ));
        }
        if sum.infinities > 0 {
            q.issues.push(format!(
                "{} infinite values in {file} (left out of every test)",
                sum.infinities
            ));
        }
    }
    if (rc.numbers.is_some() && rc.missing < r.rows)
        != (pc.numbers.is_some() && pc.missing < p.rows)
        && rc.missing < r.rows
        && pc.missing < p.rows
    {
        q.issues
            .push("numeric in one file but not in the other (kind mismatch)".to_owned());
    }
    q.reference = Some(rs);
    q.production = Some(ps);
    q
}

/// New categories listed per column in the report, the reasons and the card (the most frequent
/// first; `new_category_count` has them all).
pub const MAX_LISTED_CATEGORIES: usize = 10;

/// A column whose top value covers at least this share of rows is "almost constant" (SPEC §5).
pub const ALMOST_CONSTANT: f64 = 0.95;
