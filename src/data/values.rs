//! Values, not strings: how the cells of a column (or of several columns compared together, such
//! as the target and the prediction) are compared (issue "real files", item 2).
//!
//! A pandas round trip writes a 0/1 target as `0.0`/`1.0`; another export writes `True`/`False`.
//! Compared as strings these are four classes and a model looks 0 % accurate. Here every cell is
//! mapped to a *canonical* text before it is counted or compared:
//!
//! | encoding | when | canonical text |
//! |---|---|---|
//! | [`Encoding::Boolean`] | every value is `true`/`false`/`yes`/`no` (any case) or the number 0 or 1 | the spelling the primary file uses for that truth value, numbers as `1`/`0` |
//! | [`Encoding::Number`] | every value reads as a number | the shortest round-trip decimal (`1.0` → `1`) |
//! | [`Encoding::Text`] | otherwise | the text as written |
//!
//! The "primary" file is the reference (its target, for the target and prediction together), so
//! a report speaks the reference's vocabulary.

use std::borrow::Cow;
use std::collections::HashMap;

use super::{Dict, RawColumn, MISSING_CODE};

/// How the values of a column are compared.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Encoding {
    /// As written.
    #[default]
    Text,
    /// As numbers (`1` = `1.0` = `1e0`).
    Number,
    /// As truth values (`1` = `1.0` = `true` = `True` = `yes`).
    Boolean,
}

/// The truth value a cell's text stands for, if any.
pub fn truth(s: &str) -> Option<bool> {
    match s.len() {
        1..=5 => {}
        _ => return number_truth(s),
    }
    let lower = s.to_ascii_lowercase();
    match lower.as_str() {
        "true" | "yes" => Some(true),
        "false" | "no" => Some(false),
        _ => number_truth(s),
    }
}

fn number_truth(s: &str) -> Option<bool> {
    match s.parse::<f64>() {
        Ok(1.0) => Some(true),
        Ok(0.0) => Some(false),
        _ => None,
    }
}

/// Canonical text of a number: the shortest decimal that round-trips (`1.0` → `1`, `0.50` → `0.5`).
pub fn number_text(v: f64) -> String {
    if v == 0.0 {
        // -0 and 0 are one value.
        return "0".to_owned();
    }
    format!("{v}")
}

/// The canonical spellings of one comparison (a column, or the target and prediction together).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ValueMap {
    /// How values are compared.
    pub encoding: Encoding,
    /// Spelling of `true` ([`Encoding::Boolean`]).
    pub true_text: String,
    /// Spelling of `false`.
    pub false_text: String,
}

impl ValueMap {
    /// Text values as written.
    pub fn text() -> ValueMap {
        ValueMap::default()
    }

    /// The map of an encoding decided elsewhere (the schema), with the boolean spellings taken from
    /// `parts` (the first part is the primary one).
    pub fn new(encoding: Encoding, parts: &[&RawColumn]) -> ValueMap {
        match encoding {
            Encoding::Boolean => {
                let (t, f) = spellings(parts);
                ValueMap {
                    encoding,
                    true_text: t,
                    false_text: f,
                }
            }
            _ => ValueMap {
                encoding,
                ..ValueMap::default()
            },
        }
    }

    /// Decides how to compare the given column parts (the first part is the primary one): a
    /// boolean when every value of every part is a truth value, a number when every value reads
    /// as one (through each part's numeric reading), else text.
    pub fn of(parts: &[&RawColumn]) -> ValueMap {
        let mut all_truth = true;
        let mut all_numbers = true;
        let mut any = false;
        for c in parts {
            let counts = value_counts(c);
            for (v, n) in &counts {
                if *n == 0 {
                    continue;
                }
                any = true;
                if truth(v).is_none() {
                    all_truth = false;
                }
            }
            let valid_numbers = c
                .numbers
                .as_ref()
                .is_some_and(|_| c.number_invalid.count == 0);
            if !valid_numbers {
                all_numbers = false;
            }
            if c.dict.is_none() && !valid_numbers {
                all_truth = false;
            }
        }
        if !any {
            return ValueMap::text();
        }
        if all_truth {
            let (t, f) = spellings(parts);
            return ValueMap {
                encoding: Encoding::Boolean,
                true_text: t,
                false_text: f,
            };
        }
        if all_numbers {
            return ValueMap {
                encoding: Encoding::Number,
                ..ValueMap::default()
            };
        }
        ValueMap::text()
    }

    /// The canonical text of one written value (`None`: not a value of this encoding).
    pub fn canonical<'a>(&self, s: &'a str) -> Option<Cow<'a, str>> {
        match self.encoding {
            Encoding::Text => Some(Cow::Borrowed(s)),
            Encoding::Boolean => truth(s).map(|b| {
                Cow::Owned(if b {
                    self.true_text.clone()
                } else {
                    self.false_text.clone()
                })
            }),
            Encoding::Number => s.parse::<f64>().ok().map(|v| Cow::Owned(number_text(v))),
        }
    }

    /// Canonical text per dictionary code of `c` (`None`: missing or invalid), using the column's
    /// numeric reading where numbers matter (so `1,5` in a decimal-comma file is 1.5).
    pub fn per_code(&self, c: &RawColumn) -> Option<Vec<Option<String>>> {
        let d = c.dict.as_ref()?;
        Some(match self.encoding {
            Encoding::Text => d.values.iter().map(|v| Some(v.clone())).collect(),
            Encoding::Boolean | Encoding::Number => {
                let nums = code_numbers(d, c.numbers.as_deref());
                d.values
                    .iter()
                    .zip(nums)
                    .map(|(v, x)| match (self.encoding, x) {
                        (Encoding::Number, Some(x)) => Some(number_text(x)),
                        (Encoding::Number, None) => None,
                        (_, Some(1.0)) => Some(self.true_text.clone()),
                        (_, Some(0.0)) => Some(self.false_text.clone()),
                        _ => self.canonical(v).map(Cow::into_owned),
                    })
                    .collect()
            }
        })
    }

    /// The canonical label of each row of `c` (missing and invalid cells have none).
    pub fn labels<'c>(&self, c: &'c RawColumn) -> Labels<'c> {
        if let Some(d) = &c.dict {
            let names: Vec<Option<Cow<'c, str>>> = match self.encoding {
                Encoding::Text => d
                    .values
                    .iter()
                    .map(|v| Some(Cow::Borrowed(v.as_str())))
                    .collect(),
                _ => self
                    .per_code(c)
                    .unwrap_or_default()
                    .into_iter()
                    .map(|o| o.map(Cow::Owned))
                    .collect(),
            };
            return Labels::Codes {
                codes: &d.codes,
                names,
            };
        }
        let rows = match &c.numbers {
            Some(v) => v
                .iter()
                .map(|&x| match self.encoding {
                    _ if x.is_nan() => None,
                    Encoding::Boolean if x == 1.0 => Some(self.true_text.clone()),
                    Encoding::Boolean if x == 0.0 => Some(self.false_text.clone()),
                    Encoding::Boolean => None,
                    _ => Some(number_text(x)),
                })
                .collect(),
            None => vec![None; c.len()],
        };
        Labels::Rows(rows)
    }

    /// Non-missing cells per canonical value (invalid cells are left out).
    pub fn counts(&self, c: &RawColumn) -> Vec<(String, u64)> {
        let mut m: HashMap<String, u64> = HashMap::new();
        if let (Some(d), Some(per)) = (&c.dict, self.per_code(c)) {
            for (label, n) in per.iter().zip(d.counts()) {
                if let (Some(l), true) = (label, n > 0) {
                    *m.entry(l.clone()).or_insert(0) += n;
                }
            }
        } else if let Some(v) = &c.numbers {
            for &x in v.iter().filter(|x| !x.is_nan()) {
                let key = match self.encoding {
                    Encoding::Boolean if x == 1.0 => self.true_text.clone(),
                    Encoding::Boolean if x == 0.0 => self.false_text.clone(),
                    Encoding::Boolean => continue,
                    _ => number_text(x),
                };
                *m.entry(key).or_insert(0) += 1;
            }
        }
        let mut out: Vec<(String, u64)> = m.into_iter().collect();
        out.sort();
        out
    }

    /// The spellings each part uses (for the "encoded differently" warning): distinct written
    /// values, sorted, joined with `/`.
    pub fn spelling_of(c: &RawColumn) -> String {
        let mut v: Vec<String> = value_counts(c)
            .into_iter()
            .filter(|(_, n)| *n > 0)
            .map(|(s, _)| s)
            .collect();
        v.sort();
        v.dedup();
        v.truncate(6);
        v.join("/")
    }
}

/// The canonical labels of a column's rows: per dictionary code (each distinct label stored
/// once), or per row for a column without a dictionary.
#[derive(Clone, Debug)]
pub enum Labels<'c> {
    /// `names[codes[i]]` is row `i`'s label.
    Codes {
        /// One code per row ([`MISSING_CODE`] = missing).
        codes: &'c [u32],
        /// The label of each code (`None` = not a value, e.g. an invalid cell).
        names: Vec<Option<Cow<'c, str>>>,
    },
    /// One label per row.
    Rows(Vec<Option<String>>),
}

impl Labels<'_> {
    /// The label of each row, borrowed.
    pub fn refs(&self) -> Vec<Option<&str>> {
        match self {
            Labels::Codes { codes, names } => codes
                .iter()
                .map(|&k| {
                    if k == MISSING_CODE {
                        None
                    } else {
                        names.get(k as usize).and_then(|o| o.as_deref())
                    }
                })
                .collect(),
            Labels::Rows(v) => v.iter().map(Option::as_deref).collect(),
        }
    }

    /// Adds every label that occurs to `set`, as [`Labels::refs`]`().iter().flatten()` would,
    /// in one pass over the codes (not a set insertion per row).
    pub fn distinct_into<'s>(&'s self, set: &mut std::collections::BTreeSet<&'s str>) {
        match self {
            Labels::Codes { codes, names } => {
                let mut seen = vec![false; names.len()];
                for &k in codes.iter() {
                    if let Some(s) = seen.get_mut(k as usize) {
                        *s = true;
                    }
                }
                set.extend(
                    names
                        .iter()
                        .zip(seen)
                        .filter(|(_, s)| *s)
                        .filter_map(|(n, _)| n.as_deref()),
                );
            }
            Labels::Rows(v) => set.extend(v.iter().flatten().map(String::as_str)),
        }
    }
}

/// The value maps of every column of a pair: per column from its encoding, and one shared by the
/// target and the prediction (so `True` in one and `1.0` in the other are one class).
#[derive(Clone, Debug, Default)]
pub struct ValueMaps {
    columns: HashMap<String, ValueMap>,
    /// Target and prediction together (primary: the reference target).
    pub labels: ValueMap,
    target: Option<String>,
    prediction: Option<String>,
}

impl ValueMaps {
    /// Builds the maps from the schema's encodings and both files' values.
    pub fn build(schema: &super::Schema, r: &super::Table, p: &super::Table) -> ValueMaps {
        use super::Role;
        let mut columns = HashMap::new();
        for c in &schema.columns {
            let parts: Vec<&RawColumn> = r
                .column(&c.name)
                .into_iter()
                .chain(p.column(&c.name))
                .collect();
            columns.insert(c.name.clone(), ValueMap::new(c.values, &parts));
        }
        let t = schema.with_role(Role::Target);
        let y = schema.with_role(Role::Prediction);
        let mut parts: Vec<&RawColumn> = Vec::new();
        for c in [t, y].into_iter().flatten() {
            parts.extend(r.column(&c.name));
            parts.extend(p.column(&c.name));
        }
        let encoding = match (t.map(|c| c.values), y.map(|c| c.values)) {
            (Some(a), Some(b)) if a == b => a,
            (Some(a), None) | (None, Some(a)) => a,
            _ => Encoding::Text,
        };
        ValueMaps {
            columns,
            labels: ValueMap::new(encoding, &parts),
            target: t.map(|c| c.name.clone()),
            prediction: y.map(|c| c.name.clone()),
        }
    }

    /// The map a column is compared with (the shared one for the target and the prediction).
    pub fn of(&self, column: &str) -> &ValueMap {
        static TEXT: std::sync::OnceLock<ValueMap> = std::sync::OnceLock::new();
        if self.target.as_deref() == Some(column) || self.prediction.as_deref() == Some(column) {
            return &self.labels;
        }
        self.columns
            .get(column)
            .unwrap_or_else(|| TEXT.get_or_init(ValueMap::text))
    }

    /// Canonical labels of a column's rows.
    pub fn labels<'c>(&self, c: &'c RawColumn) -> Labels<'c> {
        self.of(&c.name).labels(c)
    }
}

/// Written value → count, from the dictionary (or formatted numbers without one).
fn value_counts(c: &RawColumn) -> Vec<(String, u64)> {
    if let Some(d) = &c.dict {
        return d.values.iter().cloned().zip(d.counts()).collect();
    }
    let mut m: HashMap<u64, (f64, u64)> = HashMap::new();
    if let Some(v) = &c.numbers {
        for &x in v.iter().filter(|x| !x.is_nan()) {
            m.entry(x.to_bits()).or_insert((x, 0)).1 += 1;
            if m.len() > 64 {
                break;
            }
        }
    }
    m.into_values().map(|(x, n)| (number_text(x), n)).collect()
}

/// The number of each dictionary code, from the row where the code first occurs (`None` when that
/// row has no valid number).
pub(crate) fn code_numbers(d: &Dict, numbers: Option<&[f64]>) -> Vec<Option<f64>> {
    let mut out: Vec<Option<f64>> = vec![None; d.values.len()];
    let mut seen = vec![false; d.values.len()];
    let mut left = d.values.len();
    if let Some(nums) = numbers {
        for (&k, &x) in d.codes.iter().zip(nums) {
            if left == 0 {
                break;
            }
            let Some(s) = seen.get_mut(k as usize) else {
                continue;
            };
            if !*s {
                *s = true;
                left -= 1;
                out[k as usize] = (!x.is_nan()).then_some(x);
            }
        }
    } else {
        for (o, v) in out.iter_mut().zip(&d.values) {
            *o = v.parse::<f64>().ok().filter(|x| !x.is_nan());
        }
    }
    out
}

/// The spellings of `true` and `false`: the most frequent one in the first part that has the
/// value (numbers written as `1`/`0`); a missing one mirrors the other (`False` → `True`).
fn spellings(parts: &[&RawColumn]) -> (String, String) {
    let pick = |want: bool| -> Option<String> {
        for c in parts {
            let mut best: Option<(u64, String)> = None;
            for (v, n) in value_counts(c) {
                if n == 0 || truth(&v) != Some(want) {
                    continue;
                }
                let text = if v.parse::<f64>().is_ok() {
                    if want { "1" } else { "0" }.to_owned()
                } else {
                    v
                };
                if best
                    .as_ref()
                    .is_none_or(|(bn, bt)| n > *bn || (n == *bn && text < *bt))
                {
                    best = Some((n, text));
                }
            }
            if let Some((_, t)) = best {
                return Some(t);
            }
        }
        None
    };
    let mirror = |s: &str, to_true: bool| -> String {
        let pairs = [("1", "0"), ("true", "false"), ("yes", "no")];
        for (t, f) in pairs {
            let (from, to) = if to_true { (f, t) } else { (t, f) };
            if s.eq_ignore_ascii_case(from) {
                // Keep the case style: `False` → `True`, `NO` → `YES`.
                return if s.chars().all(|c| !c.is_lowercase()) {
                    to.to_ascii_uppercase()
                } else if s.chars().next().is_some_and(char::is_uppercase) {
                    let mut c = to.chars();
                    c.next()
                        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                        .unwrap_or_default()
                } else {
                    to.to_owned()
                };
            }
        }
        if to_true { "1" } else { "0" }.to_owned()
    };
    match (pick(true), pick(false)) {
        (Some(t), Some(f)) => (t, f),
        (Some(t), None) => {
            let f = mirror(&t, false);
            (t, f)
        }
        (None, Some(f)) => (mirror(&f, true), f),
        (None, None) => ("1".to_owned(), "0".to_owned()),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn distinct_labels_are_those_that_occur() {
        use std::collections::BTreeSet;
        let codes = [2, MISSING_CODE, 0, 2, 3];
        // Code 1 never occurs; code 3 is not a value.
        let l = Labels::Codes {
            codes: &codes,
            names: vec![
                Some(Cow::Borrowed("a")),
                Some(Cow::Borrowed("b")),
                Some(Cow::Borrowed("c")),
                None,
            ],
        };
        let mut set = BTreeSet::new();
        l.distinct_into(&mut set);
        let want: BTreeSet<&str> = l.refs().into_iter().flatten().collect();
        assert_eq!(set, want);
        assert_eq!(set.into_iter().collect::<Vec<_>>(), ["a", "c"]);
        let rows = Labels::Rows(vec![
            Some("x".into()),
            None,
            Some("y".into()),
            Some("x".into()),
        ]);
        let mut set = BTreeSet::new();
        rows.distinct_into(&mut set);
        assert_eq!(set.into_iter().collect::<Vec<_>>(), ["x", "y"]);
    }

    use super::*;
    use crate::data::read_table;

    fn col(csv: &str) -> RawColumn {
        let t = read_table("t.csv", csv.as_bytes(), &mut |_| {}).unwrap();
        t.columns.into_iter().next().unwrap()
    }

    #[test]
    fn float_and_integer_labels_are_one_class() {
        let r = col("y\n0.0\n1.0\n1.0\n");
        let p = col("y\n0\n1\nNA\n");
        let m = ValueMap::of(&[&r, &p]);
        assert_eq!(m.encoding, Encoding::Boolean);
        assert_eq!((m.true_text.as_str(), m.false_text.as_str()), ("1", "0"));
        assert_eq!(m.labels(&r).refs(), [Some("0"), Some("1"), Some("1")]);
        assert_eq!(m.labels(&p).refs(), [Some("0"), Some("1"), None]);
    }

    #[test]
    fn true_false_against_one_zero_speaks_the_primary_vocabulary() {
        let r = col("y\nTrue\nFalse\n");
        let p = col("y\n1\n0\n");
        let m = ValueMap::of(&[&r, &p]);
        assert_eq!(
            (m.true_text.as_str(), m.false_text.as_str()),
            ("True", "False")
        );
        assert_eq!(m.counts(&p), [("False".into(), 1), ("True".into(), 1)]);
        let m = ValueMap::of(&[&col("y\nno\nno\n")]);
        assert_eq!((m.true_text.as_str(), m.false_text.as_str()), ("yes", "no"));
    }

    #[test]
    fn numbers_compare_as_numbers_and_text_as_text() {
        let r = col("k\n3\n5\n7\n");
        let p = col("k\n3.0\n5.00\n9\n");
        let m = ValueMap::of(&[&r, &p]);
        assert_eq!(m.encoding, Encoding::Number);
        assert_eq!(
            m.counts(&p),
            [("3".into(), 1), ("5".into(), 1), ("9".into(), 1)]
        );
        let m = ValueMap::of(&[&col("c\ncat\ndog\n"), &col("c\n1\n2\n")]);
        assert_eq!(m.encoding, Encoding::Text);
    }

    #[test]
    fn decimal_comma_numbers_use_the_numeric_reading() {
        let t = read_table("t.csv", "a;k\nx;1,5\ny;2\n".as_bytes(), &mut |_| {}).unwrap();
        let k = &t.columns[1];
        let m = ValueMap::of(&[k]);
        assert_eq!(m.encoding, Encoding::Number);
        assert_eq!(m.counts(k), [("1.5".into(), 1), ("2".into(), 1)]);
    }
}
