//! How each column reads over both files (SPEC §2): numbers, dates, truth values or text, each
//! reading tolerating a few stray cells (counted as invalid), and the facts the roles need.

use std::collections::BTreeSet;

use super::super::load::DICT_CAP_TYPED;
use super::super::values::{self, Encoding, ValueMap};
use super::super::RawColumn;
use super::Kind;

/// A column with at most this many distinct values is never called text, even when most of its
/// values are unique (tiny files; SPEC §2's 50 % rule is meant for identifiers and free text).
pub const TEXT_MIN_DISTINCT: usize = 20;

/// A reading (numbers, dates, truth values) fits a column when, over both files, at least this
/// share of the non-missing cells are valid (the rest are counted as invalid)…
pub const POOLED_VALID_SHARE: f64 = 0.9;
/// …or the reference alone is this clean (the reference defines the column)…
pub const REFERENCE_VALID_SHARE: f64 = 0.98;
/// …and in either case every file has at least this share valid.
pub const FILE_VALID_SHARE: f64 = 0.5;

/// `(valid, non-missing)` per file part, the reference first: does the reading fit?
fn reading_fits(parts: &[(usize, usize)]) -> bool {
    let (v, n) = parts
        .iter()
        .fold((0usize, 0usize), |(a, b), &(v, n)| (a + v, b + n));
    if v == 0 {
        return false;
    }
    let each = parts
        .iter()
        .all(|&(v, n)| n == 0 || v as f64 >= FILE_VALID_SHARE * n as f64);
    let pooled = v as f64 >= POOLED_VALID_SHARE * n as f64;
    let reference = parts
        .first()
        .is_some_and(|&(v, n)| n > 0 && v as f64 >= REFERENCE_VALID_SHARE * n as f64);
    each && (pooled || reference)
}

/// Facts of one column over both files, gathered once.
pub(super) struct Facts {
    pub(super) kind: Kind,
    pub(super) distinct: usize,
    pub(super) note: Option<String>,
    pub(super) encoding: Encoding,
    /// Invalid cells per part (reference first) and their first examples.
    pub(super) invalid: Vec<(usize, Vec<(usize, String)>)>,
    /// What the invalid cells are not ("numbers", "dates", "true/false values").
    pub(super) invalid_what: &'static str,
    /// The numeric reading fits the column.
    pub(super) numeric: bool,
    /// Pooled range facts of the valid numbers, computed when a role check first needs them
    /// (one pass over every value: not for every column of a wide file).
    pub(super) numbers: std::cell::OnceCell<Option<NumberFacts>>,
    /// Canonical distinct values when few (≤ 50): the labels of a target or prediction.
    pub(super) labels: Vec<String>,
    /// Distinct canonical values per part (≤ 50 each), for constant-per-file checks.
    pub(super) per_part: Vec<BTreeSet<String>>,
}

/// Range facts of a column's valid numbers over both files.
#[derive(Clone, Copy, Debug)]
pub(super) struct NumberFacts {
    pub(super) min: f64,
    pub(super) max: f64,
    pub(super) n: usize,
    pub(super) integers: bool,
    pub(super) in_unit: usize,
    pub(super) non_negative: usize,
    pub(super) in_percent: usize,
}

fn number_facts(parts: &[&RawColumn]) -> Option<NumberFacts> {
    let mut f = NumberFacts {
        min: f64::INFINITY,
        max: f64::NEG_INFINITY,
        n: 0,
        integers: true,
        in_unit: 0,
        non_negative: 0,
        in_percent: 0,
    };
    for c in parts {
        for &x in c.numbers.as_ref()?.iter().filter(|x| x.is_finite()) {
            f.n += 1;
            f.min = f.min.min(x);
            f.max = f.max.max(x);
            f.integers &= x.fract() == 0.0;
            f.in_unit += usize::from((0.0..=1.0).contains(&x));
            f.non_negative += usize::from(x >= 0.0);
            f.in_percent += usize::from((0.0..=100.0).contains(&x));
        }
    }
    Some(f)
}

impl Facts {
    /// [`NumberFacts`] of the column's valid numbers (`None` without a numeric reading).
    pub(super) fn nums(&self, parts: &[&RawColumn]) -> Option<NumberFacts> {
        *self.numbers.get_or_init(|| {
            if self.numeric {
                number_facts(parts)
            } else {
                None
            }
        })
    }
}

/// Every distinct valid number of the parts' dictionaries is a whole number.
fn dict_integers(parts: &[&RawColumn]) -> bool {
    parts.iter().all(|c| match &c.dict {
        Some(d) => values::code_numbers(d, c.numbers.as_deref())
            .iter()
            .flatten()
            .all(|x| x.fract() == 0.0),
        None => false,
    })
}

/// Distinct non-missing numbers over the parts, from their dictionaries (`None`: a part has more
/// than [`DICT_CAP_TYPED`] distinct values).
fn distinct_numbers(parts: &[&RawColumn]) -> Option<usize> {
    let mut all: Vec<u64> = Vec::new();
    for c in parts {
        let d = c.dict.as_ref()?;
        let counts = d.counts();
        let nums = values::code_numbers(d, c.numbers.as_deref());
        all.extend(
            nums.iter()
                .zip(counts)
                .filter(|(_, n)| *n > 0)
                .filter_map(|(x, _)| x.map(|x| if x == 0.0 { 0 } else { x.to_bits() })),
        );
    }
    all.sort_unstable();
    all.dedup();
    Some(all.len())
}

/// Cells of each part that are truth values (`true`, `No`, `1.0`, …), and whether every other
/// non-missing cell is a non-number (so a 0/1/2 count column is not a boolean with invalid cells).
fn truth_cells(c: &RawColumn) -> Option<(usize, bool)> {
    let d = c.dict.as_ref()?;
    let counts = d.counts();
    let nums = values::code_numbers(d, c.numbers.as_deref());
    let mut valid = 0usize;
    let mut others_are_text = true;
    for ((v, n), x) in d.values.iter().zip(counts).zip(nums) {
        if n == 0 {
            continue;
        }
        let t = values::truth(v).or(match x {
            Some(1.0) => Some(true),
            Some(0.0) => Some(false),
            _ => None,
        });
        if t.is_some() {
            valid += n as usize;
        } else if x.is_some() {
            others_are_text = false;
        }
    }
    Some((valid, others_are_text))
}

/// Distinct non-missing strings over the parts (dictionaries only).
fn distinct_strings<'a>(parts: &[&'a RawColumn]) -> BTreeSet<&'a str> {
    let mut set = BTreeSet::new();
    for c in parts {
        if let Some(d) = &c.dict {
            for (v, n) in d.values.iter().zip(d.counts()) {
                if n > 0 {
                    set.insert(v.as_str());
                }
            }
        }
    }
    set
}

pub(super) fn facts(parts: &[&RawColumn]) -> Facts {
    let non_missing: Vec<usize> = parts.iter().map(|c| c.non_missing()).collect();
    let total: usize = non_missing.iter().sum();
    let mut f = Facts {
        kind: Kind::Categorical,
        distinct: 0,
        note: None,
        encoding: Encoding::Text,
        invalid: parts.iter().map(|_| (0, Vec::new())).collect(),
        invalid_what: "values",
        numeric: false,
        numbers: std::cell::OnceCell::new(),
        labels: Vec::new(),
        per_part: Vec::new(),
    };
    let all_numbers = parts.iter().all(|c| c.numbers.is_some());
    let numbers_fit = all_numbers
        && reading_fits(
            &parts
                .iter()
                .zip(&non_missing)
                .map(|(c, &n)| (n - c.number_invalid.count, n))
                .collect::<Vec<_>>(),
        );
    // Truth values (tolerating a few stray text cells).
    let truths: Option<Vec<(usize, bool)>> = parts.iter().map(|c| truth_cells(c)).collect();
    if let Some(t) = &truths {
        let fit = reading_fits(
            &t.iter()
                .zip(&non_missing)
                .map(|(&(v, _), &n)| (v, n))
                .collect::<Vec<_>>(),
        ) && t.iter().all(|&(_, text)| text);
        if fit && total > 0 {
            f.kind = Kind::Boolean;
            f.encoding = Encoding::Boolean;
            f.distinct = distinct_strings(parts).len();
            f.invalid_what = "true/false values";
            for (i, ((v, _), &n)) in t.iter().zip(&non_missing).enumerate() {
                f.invalid[i].0 = n - v;
            }
            if f.invalid.iter().any(|(n, _)| *n > 0) {
                f.invalid = invalid_examples(parts, |s, x| {
                    values::truth(s).is_none() && !matches!(x, Some(x) if x == 0.0 || x == 1.0)
                });
            }
            let map = ValueMap::new(Encoding::Boolean, parts);
            f.distinct = labels_of(&mut f, parts, &map);
            if all_numbers {
                f.note = Some("values are 0/1".into());
            }
            return f;
        }
    }
    let all_dates = parts.iter().all(|c| c.datetimes.is_some());
    if all_dates
        && reading_fits(
            &parts
                .iter()
                .zip(&non_missing)
                .map(|(c, &n)| (n - c.datetime_invalid.count, n))
                .collect::<Vec<_>>(),
        )
    {
        f.kind = Kind::Datetime;
        f.encoding = Encoding::Number;
        f.invalid_what = "dates";
        f.invalid = parts
            .iter()
            .map(|c| (c.datetime_invalid.count, c.datetime_invalid.first.clone()))
            .collect();
        let mut all: Vec<u64> = parts
            .iter()
            .filter_map(|c| c.datetimes.as_ref())
            .flat_map(|v| v.iter().filter(|x| !x.is_nan()).map(|x| x.to_bits()))
            .collect();
        all.sort_unstable();
        all.dedup();
        f.distinct = all.len();
        if numbers_fit {
            f.note = Some("epoch numbers in a column named like a time".into());
        }
        return f;
    }
    if numbers_fit {
        f.encoding = Encoding::Number;
        f.invalid_what = "numbers";
        f.invalid = parts
            .iter()
            .map(|c| (c.number_invalid.count, c.number_invalid.first.clone()))
            .collect();
        f.numeric = true;
        f.distinct = distinct_numbers(parts).unwrap_or(DICT_CAP_TYPED + 1);
        // Only asked when there are ≤ 10 distinct values, i.e. when the dictionaries exist.
        let integers = f.distinct > 10 || dict_integers(parts);
        if total > 0 && integers && f.distinct <= 10 {
            f.kind = Kind::Categorical;
            f.note = Some("integers with ≤ 10 distinct values".into());
        } else {
            f.kind = Kind::Numeric;
        }
        let map = ValueMap::new(Encoding::Number, parts);
        if f.distinct <= 50 {
            labels_of(&mut f, parts, &map);
        }
        return f;
    }
    let strings = distinct_strings(parts);
    f.distinct = strings.len();
    if f.distinct > TEXT_MIN_DISTINCT && f.distinct * 2 > total {
        f.kind = Kind::Text;
        f.note = Some("more than 50 % distinct values: free text or an identifier".into());
        return f;
    }
    let mixed =
        parts.iter().any(|c| c.numbers.is_some()) && parts.iter().any(|c| c.numbers.is_none());
    if mixed {
        f.note = Some("numbers in one file, text in the other: analysed as categorical".into());
    }
    if f.distinct <= 50 {
        labels_of(&mut f, parts, &ValueMap::text());
    }
    f
}

/// Fills the canonical labels (pooled and per part); returns the pooled count.
fn labels_of(f: &mut Facts, parts: &[&RawColumn], map: &ValueMap) -> usize {
    let mut all = BTreeSet::new();
    f.per_part = parts
        .iter()
        .map(|c| {
            map.counts(c)
                .into_iter()
                .map(|(v, _)| v)
                .collect::<BTreeSet<_>>()
        })
        .collect();
    for p in &f.per_part {
        all.extend(p.iter().cloned());
    }
    f.labels = all.into_iter().collect();
    f.labels.len()
}

/// Invalid cells per part found through the dictionary: `bad(text, number)` says which are
/// invalid; rows of the first few are looked up.
fn invalid_examples(
    parts: &[&RawColumn],
    bad: impl Fn(&str, Option<f64>) -> bool,
) -> Vec<(usize, Vec<(usize, String)>)> {
    parts
        .iter()
        .map(|c| {
            let Some(d) = &c.dict else {
                return (0, Vec::new());
            };
            let nums = values::code_numbers(d, c.numbers.as_deref());
            let is_bad: Vec<bool> = d
                .values
                .iter()
                .zip(&nums)
                .map(|(v, x)| bad(v, *x))
                .collect();
            let mut n = 0;
            let mut first = Vec::new();
            for (i, &k) in d.codes.iter().enumerate() {
                if k != super::super::MISSING_CODE
                    && is_bad.get(k as usize).copied().unwrap_or(false)
                {
                    n += 1;
                    if first.len() < super::super::INVALID_EXAMPLES {
                        first.push((
                            i + 2,
                            super::super::clip(&d.values[k as usize]).into_owned(),
                        ));
                    }
                }
            }
            (n, first)
        })
        .collect()
}
