//! Column kinds and roles, inferred over both files together (SPEC §2) and editable by the user.

use std::collections::{BTreeMap, BTreeSet};

use super::load::{Warning, DICT_CAP_TYPED};
use super::names::{self, Hint, Strength};
use super::values::{self, Encoding, ValueMap};
use super::{RawColumn, Table};

/// What kind of values a column holds.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Every non-missing value is a number.
    Numeric,
    /// A small set of values (strings, or integers with ≤ 10 distinct values).
    Categorical,
    /// Two values: true/false, yes/no or 0/1 — analysed as categorical.
    Boolean,
    /// ISO 8601 dates/datetimes (or unix seconds in a column named like a timestamp).
    Datetime,
    /// Free text or identifiers (many distinct strings): excluded from drift.
    Text,
}

impl Kind {
    /// The id used in the JSON and the settings.
    pub fn id(self) -> &'static str {
        match self {
            Kind::Numeric => "numeric",
            Kind::Categorical => "categorical",
            Kind::Boolean => "boolean",
            Kind::Datetime => "datetime",
            Kind::Text => "text",
        }
    }
    /// Parses [`Kind::id`].
    pub fn from_id(s: &str) -> Option<Kind> {
        Kind::ALL.iter().copied().find(|k| k.id() == s)
    }
    /// Every kind, in the order the UI lists them.
    pub const ALL: [Kind; 5] = [
        Kind::Numeric,
        Kind::Categorical,
        Kind::Boolean,
        Kind::Datetime,
        Kind::Text,
    ];
}

/// What a column is used for (SPEC §2 role table).
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// An input of the model: drift, outliers.
    Feature,
    /// Ground truth.
    Target,
    /// The model's predicted label or value.
    Prediction,
    /// The predicted probability of the positive class.
    Score,
    /// Event time: ordering and windows.
    Timestamp,
    /// Row identifier.
    Id,
    /// Sensitive attribute for bias analysis.
    Group,
    /// Response time.
    Latency,
    /// HTTP status / error flag.
    Status,
    /// Cost or tokens.
    Cost,
    /// Model / prompt version or experiment arm.
    Version,
    /// User feedback.
    Feedback,
    /// Probability of one class (multiclass), e.g. `proba_cat`.
    ClassScore,
    /// A proxy of the outcome when labels are late (dwell time, thumbs-up rate), chosen by the
    /// user: tested for drift, not counted among the features.
    Proxy,
    /// Left out of the analysis.
    Ignore,
}

impl Role {
    /// Every role, in the order the UI lists them.
    pub const ALL: [Role; 15] = [
        Role::Feature,
        Role::Target,
        Role::Prediction,
        Role::Score,
        Role::Timestamp,
        Role::Id,
        Role::Group,
        Role::Latency,
        Role::Status,
        Role::Cost,
        Role::Version,
        Role::Feedback,
        Role::ClassScore,
        Role::Proxy,
        Role::Ignore,
    ];
    /// The id used in the JSON and the settings.
    pub fn id(self) -> &'static str {
        match self {
            Role::Feature => "feature",
            Role::Target => "target",
            Role::Prediction => "prediction",
            Role::Score => "score",
            Role::Timestamp => "timestamp",
            Role::Id => "id",
            Role::Group => "group",
            Role::Latency => "latency",
            Role::Status => "status",
            Role::Cost => "cost",
            Role::Version => "version",
            Role::Feedback => "feedback",
            Role::ClassScore => "class_score",
            Role::Proxy => "proxy",
            Role::Ignore => "ignore",
        }
    }
    /// Parses [`Role::id`].
    pub fn from_id(s: &str) -> Option<Role> {
        Role::ALL.iter().copied().find(|r| r.id() == s)
    }
    /// Roles of which a dataset has at most one column.
    pub fn is_single(self) -> bool {
        !matches!(
            self,
            Role::Feature | Role::Group | Role::Ignore | Role::ClassScore | Role::Proxy
        )
    }
}

/// One column of the pair as the analysis sees it.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ColumnSchema {
    /// Column name.
    pub name: String,
    /// Inferred (or overridden) kind.
    pub kind: Kind,
    /// Detected (or overridden) role.
    pub role: Role,
    /// Present in the reference file.
    pub in_reference: bool,
    /// Present in the production file.
    pub in_production: bool,
    /// Distinct non-missing values over both files (capped for large numeric columns).
    pub distinct: usize,
    /// Missing share in reference (`None` when absent there).
    pub missing_share_reference: Option<f64>,
    /// Missing share in production.
    pub missing_share_production: Option<f64>,
    /// Cells of the reference that are not values of the column's kind (stray tokens such as
    /// `n/a` in a numeric column, an impossible date): left out of every test, reported.
    #[serde(default)]
    pub invalid_reference: usize,
    /// Invalid cells of production.
    #[serde(default)]
    pub invalid_production: usize,
    /// Why the kind was chosen, or a note for the user (e.g. "kinds differ between files").
    pub note: Option<String>,
    /// Why the role was chosen, in plain words (shown in the roles table).
    #[serde(default)]
    pub reason: String,
    /// How values are compared: as written, as numbers, or as truth values.
    #[serde(default)]
    pub values: Encoding,
    /// Factor applied to a score's values before use (0.01 for a probability written as a
    /// percentage).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scale: Option<f64>,
}

impl ColumnSchema {
    /// Invalid cells in the reference or production file.
    pub fn invalid(&self, production: bool) -> usize {
        if production {
            self.invalid_production
        } else {
            self.invalid_reference
        }
    }
}

/// Kinds and roles of every column of a reference/production pair.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Schema {
    /// Columns: reference order, then columns only in production.
    pub columns: Vec<ColumnSchema>,
    /// What the inference noticed: invalid cells (first rows named), values encoded differently
    /// in the two files, scores written as percentages, negative latencies, absurd timestamps.
    #[serde(default)]
    pub warnings: Vec<Warning>,
}

impl Schema {
    /// The column with `role` (first one).
    pub fn with_role(&self, role: Role) -> Option<&ColumnSchema> {
        self.columns.iter().find(|c| c.role == role)
    }
    /// The column called `name`.
    pub fn column(&self, name: &str) -> Option<&ColumnSchema> {
        self.columns.iter().find(|c| c.name == name)
    }
}

/// Header name normalised for role matching: lower case, `_` `-` and spaces removed.
pub fn normalise(name: &str) -> String {
    name.chars()
        .filter(|c| !matches!(c, '_' | '-' | ' '))
        .flat_map(char::to_lowercase)
        .collect()
}

pub use names::class_of_score_column;

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
struct Facts {
    kind: Kind,
    distinct: usize,
    note: Option<String>,
    encoding: Encoding,
    /// Invalid cells per part (reference first) and their first examples.
    invalid: Vec<(usize, Vec<(usize, String)>)>,
    /// What the invalid cells are not ("numbers", "dates", "true/false values").
    invalid_what: &'static str,
    /// The numeric reading fits the column.
    numeric: bool,
    /// Pooled range facts of the valid numbers, computed when a role check first needs them
    /// (one pass over every value: not for every column of a wide file).
    numbers: std::cell::OnceCell<Option<NumberFacts>>,
    /// Canonical distinct values when few (≤ 50): the labels of a target or prediction.
    labels: Vec<String>,
    /// Distinct canonical values per part (≤ 50 each), for constant-per-file checks.
    per_part: Vec<BTreeSet<String>>,
}

/// Range facts of a column's valid numbers over both files.
#[derive(Clone, Copy, Debug)]
struct NumberFacts {
    min: f64,
    max: f64,
    n: usize,
    integers: bool,
    in_unit: usize,
    non_negative: usize,
    in_percent: usize,
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
    fn nums(&self, parts: &[&RawColumn]) -> Option<NumberFacts> {
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

fn facts(parts: &[&RawColumn]) -> Facts {
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
                if k != super::MISSING_CODE && is_bad.get(k as usize).copied().unwrap_or(false) {
                    n += 1;
                    if first.len() < super::INVALID_EXAMPLES {
                        first.push((i + 2, super::clip(&d.values[k as usize]).into_owned()));
                    }
                }
            }
            (n, first)
        })
        .collect()
}

/// A role a column may take, with how strongly and why.
#[derive(Clone, Debug)]
struct Candidate {
    role: Role,
    rank: u32,
    reason: String,
    scale: Option<f64>,
}

fn cand(role: Role, rank: u32, reason: String) -> Candidate {
    Candidate {
        role,
        rank,
        reason,
        scale: None,
    }
}

fn rank(strength: Strength, exact: u32, pattern: u32) -> u32 {
    match strength {
        Strength::Exact => exact,
        Strength::Pattern => pattern,
    }
}

/// Per-file unique share of a column's valid values ≥ 95 % in every file (an identifier).
fn unique_in_each(parts: &[&RawColumn]) -> bool {
    parts.iter().all(|c| {
        let n = c.non_missing();
        if n < 2 {
            return false;
        }
        let distinct = if let Some(d) = &c.dict {
            d.counts().iter().filter(|&&k| k > 0).count()
        } else if let Some(v) = &c.numbers {
            let mut bits: Vec<u64> = v
                .iter()
                .filter(|x| !x.is_nan())
                .map(|x| x.to_bits())
                .collect();
            bits.sort_unstable();
            bits.dedup();
            bits.len()
        } else {
            0
        };
        distinct as f64 >= 0.95 * n as f64
    })
}

/// Identifier-like values: no white space inside, at most 64 characters (free text has spaces).
fn looks_like_ids(parts: &[&RawColumn]) -> bool {
    parts.iter().all(|c| {
        c.dict.as_ref().is_none_or(|d| {
            let ok = d
                .values
                .iter()
                .filter(|v| v.len() <= 64 && !v.contains(char::is_whitespace))
                .count();
            ok as f64 >= 0.95 * d.values.len() as f64
        })
    })
}

/// Candidate roles of a column from its name and values, strongest first.
fn candidates(name: &str, f: &Facts, parts: &[&RawColumn]) -> Vec<Candidate> {
    let mut out = Vec::new();
    let numeric_reading = f.numeric;
    let hints = names::hints(name);
    let needs_range = hints
        .iter()
        .any(|h| matches!(h, Hint::Score { .. } | Hint::Latency { .. } | Hint::Cost(_)));
    let nf = if needs_range { f.nums(parts) } else { None };
    // A per-class probability (`proba_cat`) is decided once the classes are known.
    let class_column = class_of_score_column(name).is_some();
    for h in hints {
        match h {
            Hint::Score { .. } if class_column => {}
            Hint::Score {
                strength,
                probability,
                stem,
            } => {
                let Some(n) = nf.filter(|n| n.n > 0) else {
                    continue;
                };
                let what = if probability {
                    "a probability"
                } else {
                    "a score"
                };
                let base = rank(strength, 90, if probability { 80 } else { 60 });
                let _ = stem;
                if n.in_unit == n.n {
                    out.push(cand(
                        Role::Score,
                        base,
                        format!("name says {what}; values lie in [0, 1]"),
                    ));
                } else if probability && n.in_percent == n.n && n.max > 1.0 {
                    let mut c = cand(
                        Role::Score,
                        base,
                        format!(
                            "name says {what}; values lie in [0, 100] (max {}): read as percentages (÷ 100)",
                            crate::format::plain(n.max)
                        ),
                    );
                    c.scale = Some(0.01);
                    out.push(c);
                } else if probability && n.in_unit as f64 >= 0.99 * n.n as f64 {
                    out.push(cand(
                        Role::Score,
                        base - 5,
                        format!(
                            "name says {what}; {} of {} values lie outside [0, 1] (reported, left out of the probability metrics)",
                            n.n - n.in_unit,
                            n.n
                        ),
                    ));
                }
            }
            Hint::Prediction { strength, .. } => {
                if !matches!(f.kind, Kind::Text | Kind::Datetime) {
                    out.push(cand(
                        Role::Prediction,
                        rank(strength, 90, 75),
                        "name says prediction".into(),
                    ));
                }
            }
            Hint::Target { strength, .. } => {
                if !matches!(f.kind, Kind::Text | Kind::Datetime) {
                    out.push(cand(
                        Role::Target,
                        rank(strength, 90, 75),
                        "name says target (ground truth)".into(),
                    ));
                }
            }
            Hint::Timestamp(strength) => {
                if f.kind == Kind::Datetime {
                    let how = f.note.as_deref().unwrap_or("values are dates or datetimes");
                    // A time of day orders rows better than a date alone.
                    let days_only = parts.iter().all(|c| {
                        c.datetimes
                            .as_ref()
                            .is_some_and(|v| v.iter().all(|x| x.is_nan() || x % 86_400.0 == 0.0))
                    });
                    out.push(cand(
                        Role::Timestamp,
                        rank(strength, 90, 70) - if days_only { 15 } else { 0 },
                        format!("name says time; {how}"),
                    ));
                }
            }
            Hint::Id(strength) => {
                if f.kind != Kind::Datetime && unique_in_each(parts) {
                    out.push(cand(
                        Role::Id,
                        rank(strength, 90, 80),
                        "name says identifier; values are unique".into(),
                    ));
                }
            }
            Hint::Latency { strength, ms } => {
                if let Some(n) = nf.filter(|n| n.n > 0) {
                    if n.non_negative as f64 >= 0.99 * n.n as f64 && numeric_reading {
                        let unit = if ms { "milliseconds" } else { "seconds" };
                        out.push(cand(
                            Role::Latency,
                            rank(strength, 90, 70),
                            format!("name says response time (unit: {unit}); values ≥ 0"),
                        ));
                    }
                }
            }
            Hint::Status => {
                if f.kind != Kind::Text {
                    out.push(cand(
                        Role::Status,
                        80,
                        "name says status or error flag".into(),
                    ));
                }
            }
            Hint::Cost(strength) => {
                if nf.is_some_and(|n| n.n > 0 && n.non_negative == n.n) {
                    out.push(cand(
                        Role::Cost,
                        rank(strength, 80, 60),
                        "name says cost or tokens; values ≥ 0".into(),
                    ));
                }
            }
            Hint::Version => {
                if f.kind != Kind::Text && f.distinct <= 50 {
                    out.push(cand(
                        Role::Version,
                        80,
                        format!("name says version or experiment arm; {} values", f.distinct),
                    ));
                }
            }
            Hint::Feedback => {
                if f.kind != Kind::Text {
                    out.push(cand(Role::Feedback, 80, "name says user feedback".into()));
                }
            }
            Hint::Group(strength) => {
                let max = rank(strength, 50, 20) as usize;
                if (2..=max).contains(&f.distinct) && f.kind != Kind::Text {
                    out.push(cand(
                        Role::Group,
                        rank(strength, 60, 50),
                        format!(
                            "named like a demographic or segment attribute; {} values: a group for the bias section (change it if it is not)",
                            f.distinct
                        ),
                    ));
                }
            }
            Hint::ClassScore { .. } => {} // decided once the labels are known
        }
    }
    out.sort_by_key(|c| std::cmp::Reverse(c.rank));
    out
}

/// Infers kinds and roles of every column over both files (SPEC §2), then applies the user's
/// overrides (`kinds`, `roles`: column name → kind/role).
///
/// Roles come from the header names read as tokens ([`names::hints`]) checked against the
/// values; single roles (one target, one prediction, …) go to the strongest candidate; a target
/// is also found through its prediction's name (`price` ← `price_hat`); class probabilities must
/// name a class of the target or prediction. Every column gets a plain-words `reason`.
pub fn infer_schema(
    reference: &Table,
    production: &Table,
    kinds: &BTreeMap<String, Kind>,
    roles: &BTreeMap<String, Role>,
) -> Schema {
    let mut names_in_order: Vec<&str> = reference.columns.iter().map(|c| c.name.as_str()).collect();
    let in_ref: std::collections::HashSet<&str> = names_in_order.iter().copied().collect();
    for c in &production.columns {
        if !in_ref.contains(c.name.as_str()) {
            names_in_order.push(&c.name);
        }
    }
    let ref_index: std::collections::HashMap<&str, &RawColumn> = reference
        .columns
        .iter()
        .map(|c| (c.name.as_str(), c))
        .collect();
    let prod_index: std::collections::HashMap<&str, &RawColumn> = production
        .columns
        .iter()
        .map(|c| (c.name.as_str(), c))
        .collect();
    let mut warnings = Vec::new();

    // 1. Kinds and facts.
    struct Col<'a> {
        name: &'a str,
        r: Option<&'a RawColumn>,
        p: Option<&'a RawColumn>,
        facts: Facts,
        cands: Vec<Candidate>,
        role: Option<(Role, String, Option<f64>)>,
    }
    let mut cols: Vec<Col> = names_in_order
        .iter()
        .map(|&name| {
            let r = ref_index.get(name).copied();
            let p = prod_index.get(name).copied();
            let parts: Vec<&RawColumn> = r.into_iter().chain(p).collect();
            let facts = facts(&parts);
            let cands = candidates(name, &facts, &parts);
            Col {
                name,
                r,
                p,
                facts,
                cands,
                role: None,
            }
        })
        .collect();

    // 2. Single roles to the strongest candidate (ties: the earlier column).
    let mut order: Vec<(u32, usize, usize)> = Vec::new();
    for (i, c) in cols.iter().enumerate() {
        for (j, k) in c.cands.iter().enumerate() {
            order.push((k.rank, i, j));
        }
    }
    order.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut taken: BTreeMap<Role, usize> = BTreeMap::new();
    for (_, i, j) in order {
        if cols[i].role.is_some() || roles.contains_key(cols[i].name) {
            continue;
        }
        let k = cols[i].cands[j].clone();
        if k.role.is_single() {
            if let Some(&other) = taken.get(&k.role) {
                let _ = other;
                continue;
            }
            taken.insert(k.role, i);
        }
        cols[i].role = Some((k.role, k.reason, k.scale));
    }
    // Single roles the user set are taken too.
    for (name, &role) in roles {
        if role.is_single() {
            if let Some(i) = cols.iter().position(|c| c.name == name) {
                taken.insert(role, i);
            }
        }
    }
    // Losers of a single role say so.
    for i in 0..cols.len() {
        if cols[i].role.is_some() || roles.contains_key(cols[i].name) {
            continue;
        }
        if let Some(k) = cols[i].cands.first() {
            if let Some(&w) = taken.get(&k.role) {
                let why = format!(
                    "also looks like the {} ({}), but `{}` was preferred",
                    k.role.id(),
                    k.reason,
                    cols[w].name
                );
                cols[i].role = Some((Role::Feature, why, None));
            }
        }
    }

    // 3. A target found through its prediction's (or score's) name: `price` ← `price_hat`.
    if !taken.contains_key(&Role::Target) {
        let stems: Vec<(String, String)> = cols
            .iter()
            .filter(|c| {
                matches!(
                    c.role.as_ref().map(|r| r.0),
                    Some(Role::Prediction | Role::Score)
                )
            })
            .flat_map(|c| {
                names::hints(c.name)
                    .into_iter()
                    .filter_map(move |h| match h {
                        Hint::Prediction { stem: Some(s), .. }
                        | Hint::Score { stem: Some(s), .. } => Some((s, c.name.to_owned())),
                        _ => None,
                    })
            })
            .collect();
        'pair: for (stem, by) in stems {
            #[allow(clippy::needless_range_loop)] // cols[i] is written while others are read
            for i in 0..cols.len() {
                let free = matches!(
                    cols[i].role.as_ref().map(|r| r.0),
                    None | Some(Role::Feature | Role::Group)
                ) && !roles.contains_key(cols[i].name);
                if free
                    && cols[i].name != by
                    && names::stem_matches(&stem, cols[i].name)
                    && !matches!(cols[i].facts.kind, Kind::Text | Kind::Datetime)
                {
                    cols[i].role = Some((
                        Role::Target,
                        format!("the truth that `{by}` predicts (same name stem)"),
                        None,
                    ));
                    taken.insert(Role::Target, i);
                    break 'pair;
                }
            }
        }
    }

    // 4. A "prediction" holding probabilities of a two-class target is the score.
    if let (Some(&pi), Some(&ti), false) = (
        taken.get(&Role::Prediction),
        taken.get(&Role::Target),
        taken.contains_key(&Role::Score),
    ) {
        let pparts: Vec<&RawColumn> = cols[pi].r.into_iter().chain(cols[pi].p).collect();
        let two_classes = cols[ti].facts.labels.len() == 2;
        if let Some(n) = cols[pi]
            .facts
            .nums(&pparts)
            .filter(|n| n.n > 0 && !n.integers && n.in_unit == n.n)
        {
            let _ = n;
            if two_classes && !roles.contains_key(cols[pi].name) {
                cols[pi].role = Some((
                    Role::Score,
                    "named like a prediction but holds probabilities in [0, 1] of a two-class target: used as the score".into(),
                    None,
                ));
                taken.remove(&Role::Prediction);
                taken.insert(Role::Score, pi);
            }
        }
    }

    // 5. Class probabilities must name a class of the target or prediction.
    let mut label_set: BTreeSet<String> = BTreeSet::new();
    for role in [Role::Target, Role::Prediction] {
        if let Some(&i) = taken.get(&role) {
            label_set.extend(cols[i].facts.labels.iter().cloned());
        }
    }
    let labels: Vec<String> = label_set.into_iter().collect();
    #[allow(clippy::needless_range_loop)] // `taken` points into cols by index
    for i in 0..cols.len() {
        if roles.contains_key(cols[i].name) {
            continue;
        }
        let current = cols[i].role.as_ref().map(|r| r.0);
        if !matches!(current, None | Some(Role::Feature)) {
            continue;
        }
        let Some(class) = class_of_score_column(cols[i].name) else {
            continue;
        };
        let iparts: Vec<&RawColumn> = cols[i].r.into_iter().chain(cols[i].p).collect();
        let n = cols[i].facts.nums(&iparts);
        let is_label = labels.iter().any(|l| {
            l.eq_ignore_ascii_case(class)
                || class
                    .parse::<f64>()
                    .ok()
                    .zip(l.parse::<f64>().ok())
                    .is_some_and(|(a, b)| a == b)
        });
        let in_unit = n.is_some_and(|n| n.n > 0 && n.in_unit == n.n);
        let in_pct = n.is_some_and(|n| n.n > 0 && n.in_percent == n.n && n.max > 1.0);
        let proba_named = names::hints(cols[i].name).iter().any(|h| {
            matches!(
                h,
                Hint::Score {
                    probability: true,
                    ..
                }
            )
        });
        if !is_label
            && proba_named
            && (in_unit || in_pct)
            && !taken.contains_key(&Role::Score)
            && labels.len() <= 2
        {
            // `churn_probability` of a 0/1 target: the positive class's probability, the score.
            cols[i].role = Some((
                Role::Score,
                format!(
                    "name says probability{}",
                    if in_pct {
                        "; values lie in [0, 100]: read as percentages (÷ 100)"
                    } else {
                        "; values lie in [0, 1]"
                    }
                ),
                in_pct.then_some(0.01),
            ));
            taken.insert(Role::Score, i);
            continue;
        }
        cols[i].role = Some(if is_label && (in_unit || in_pct) {
            (
                Role::ClassScore,
                format!(
                    "the probability of class `{}` (a label of the target or prediction)",
                    super::clip(class)
                ),
                in_pct.then_some(0.01),
            )
        } else if is_label {
            (
                Role::Feature,
                format!(
                    "named like the probability of class `{}`, but the values are not in [0, 1]",
                    super::clip(class)
                ),
                None,
            )
        } else {
            (
                Role::Feature,
                format!(
                    "named like the probability of a class `{}`, but no target or prediction has that class",
                    super::clip(class)
                ),
                None,
            )
        });
    }

    // A single score is the probability of the positive class: it needs a two-class target.
    if let (Some(&si), Some(&ti)) = (taken.get(&Role::Score), taken.get(&Role::Target)) {
        let classes = cols[ti].facts.labels.len();
        let numeric_target = cols[ti].facts.kind == Kind::Numeric;
        if (classes > 2 || numeric_target) && !roles.contains_key(cols[si].name) {
            cols[si].role = Some((
                Role::Feature,
                format!(
                    "looks like a probability, but the target `{}` has {} values, not two classes",
                    super::clip(cols[ti].name),
                    if numeric_target {
                        "numeric".to_owned()
                    } else {
                        classes.to_string()
                    }
                ),
                None,
            ));
            taken.remove(&Role::Score);
        }
    }

    // 6. Defaults from the values.
    let mut columns = Vec::with_capacity(cols.len());
    #[allow(clippy::needless_range_loop)] // `taken` points into cols by index
    for i in 0..cols.len() {
        let c = &cols[i];
        let parts: Vec<&RawColumn> = c.r.into_iter().chain(c.p).collect();
        let (mut role, mut reason, mut scale) = match &c.role {
            Some((r, why, s)) => (*r, why.clone(), *s),
            None => match c.facts.kind {
                Kind::Datetime if !taken.contains_key(&Role::Timestamp) => {
                    taken.insert(Role::Timestamp, i);
                    (
                        Role::Timestamp,
                        "values are dates or datetimes: orders the rows".to_owned(),
                        None,
                    )
                }
                Kind::Datetime => (
                    Role::Feature,
                    format!(
                        "a date column (`{}` orders the rows): dates are not tested for drift",
                        super::clip(taken.get(&Role::Timestamp).map_or("", |&t| cols[t].name))
                    ),
                    None,
                ),
                Kind::Text
                    if !taken.contains_key(&Role::Id)
                        && unique_in_each(&parts)
                        && looks_like_ids(&parts) =>
                {
                    taken.insert(Role::Id, i);
                    (
                        Role::Id,
                        "every value is unique: an identifier".to_owned(),
                        None,
                    )
                }
                Kind::Text => (
                    Role::Ignore,
                    "free text (more than half of the values are distinct): not tested".to_owned(),
                    None,
                ),
                _ => (
                    Role::Feature,
                    "no other role fits: a model input, tested for drift".to_owned(),
                    None,
                ),
            },
        };
        let mut kind = c.facts.kind;
        if let Some(&k) = kinds.get(c.name) {
            kind = k;
        }
        let mut note = c.facts.note.clone();
        if kinds.contains_key(c.name) {
            note = Some("kind set by the user".into());
        }
        if let Some(&r) = roles.get(c.name) {
            role = r;
            reason = "set by you".into();
            scale = None;
        }
        // Latencies, costs and scores are measurements even when few distinct integers occur.
        if matches!(
            role,
            Role::Latency | Role::Cost | Role::Score | Role::ClassScore
        ) && kind == Kind::Categorical
            && c.facts.numeric
            && !kinds.contains_key(c.name)
        {
            kind = Kind::Numeric;
            note = None;
        }
        if c.r.is_none() || c.p.is_none() {
            let which = if c.r.is_none() {
                "production"
            } else {
                "reference"
            };
            note = Some(format!("only in {which}: schema drift, not compared"));
        }
        let share = |col: Option<&RawColumn>, t: &Table| {
            col.map(|col| {
                if t.rows == 0 {
                    0.0
                } else {
                    col.missing as f64 / t.rows as f64
                }
            })
        };
        // Invalid cells of the chosen reading, per file.
        let mut inv = [0usize; 2];
        let mut k = 0;
        for (side, col) in [(0usize, c.r), (1, c.p)] {
            if col.is_some() {
                if let Some((n, first)) = c.facts.invalid.get(k) {
                    inv[side] = *n;
                    if *n > 0 {
                        let file = if side == 0 {
                            &reference.name
                        } else {
                            &production.name
                        };
                        let nm = col.map_or(1, RawColumn::non_missing).max(1);
                        let examples: Vec<String> = first
                            .iter()
                            .take(3)
                            .map(|(row, text)| format!("`{}` in row {row}", text.replace('`', "'")))
                            .collect();
                        warnings.push(Warning {
                            file: file.clone(),
                            row: first.first().map(|f| f.0),
                            column: Some(c.name.to_owned()),
                            message: format!(
                                "{n} {} not {} ({}{}): counted as invalid ({:.1} % of values) and left out of the tests",
                                if *n == 1 { "cell is" } else { "cells are" },
                                c.facts.invalid_what,
                                examples.join(", "),
                                if *n > examples.len() { ", …" } else { "" },
                                *n as f64 * 100.0 / nm as f64
                            ),
                        });
                    }
                }
                k += 1;
            }
        }
        // The same values written differently in the two files.
        if let (Some(r), Some(p), Encoding::Boolean | Encoding::Number) =
            (c.r, c.p, c.facts.encoding)
        {
            if kind != Kind::Numeric && kind != Kind::Datetime {
                let (a, b) = (ValueMap::spelling_of(r), ValueMap::spelling_of(p));
                let raw_differs = {
                    let ra: BTreeSet<&str> = a.split('/').collect();
                    let rb: BTreeSet<&str> = b.split('/').collect();
                    !ra.is_subset(&rb) && !rb.is_subset(&ra)
                };
                if raw_differs {
                    warnings.push(Warning {
                        file: String::new(),
                        row: None,
                        column: Some(c.name.to_owned()),
                        message: format!(
                            "values written `{}` in {} and `{}` in {}: compared as {}",
                            super::clip(&a),
                            reference.name,
                            super::clip(&b),
                            production.name,
                            if c.facts.encoding == Encoding::Boolean {
                                "true/false values"
                            } else {
                                "numbers"
                            }
                        ),
                    });
                }
            }
        }
        if role == Role::Score && scale == Some(0.01) {
            warnings.push(Warning {
                file: String::new(),
                row: None,
                column: Some(c.name.to_owned()),
                message: "a probability written as a percentage (0–100): divided by 100".into(),
            });
        }
        let role_nums = || {
            matches!(
                role,
                Role::Score | Role::ClassScore | Role::Latency | Role::Cost
            )
            .then(|| c.facts.nums(&parts))
            .flatten()
        };
        if let (Role::Score | Role::ClassScore, Some(n)) = (role, role_nums()) {
            let scaled_unit = if scale.is_some() {
                n.in_percent
            } else {
                n.in_unit
            };
            if n.n > scaled_unit {
                warnings.push(Warning {
                    file: String::new(),
                    row: None,
                    column: Some(c.name.to_owned()),
                    message: format!(
                        "{} of {} values lie outside [0, 1] (min {}, max {}): not probabilities, left out of the probability metrics",
                        n.n - scaled_unit,
                        n.n,
                        crate::format::plain(n.min),
                        crate::format::plain(n.max)
                    ),
                });
            }
        }
        if let (Role::Latency | Role::Cost, Some(n)) = (role, role_nums()) {
            if n.non_negative < n.n {
                warnings.push(Warning {
                    file: String::new(),
                    row: None,
                    column: Some(c.name.to_owned()),
                    message: format!(
                        "{} negative values (min {}): a {} cannot be negative; check the column",
                        n.n - n.non_negative,
                        crate::format::plain(n.min),
                        if role == Role::Latency {
                            "latency"
                        } else {
                            "cost"
                        }
                    ),
                });
            }
        }
        if kind == Kind::Datetime {
            for (col, file) in [(c.r, &reference.name), (c.p, &production.name)] {
                let Some(v) = col.and_then(|c| c.datetimes.as_ref()) else {
                    continue;
                };
                let absurd: Vec<f64> = v
                    .iter()
                    .copied()
                    .filter(|x| {
                        x.is_finite()
                            && !(super::datetime::PLAUSIBLE_MIN..=super::datetime::PLAUSIBLE_MAX)
                                .contains(x)
                    })
                    .collect();
                if let Some(&first) = absurd.first() {
                    warnings.push(Warning {
                        file: file.clone(),
                        row: None,
                        column: Some(c.name.to_owned()),
                        message: format!(
                            "{} timestamps before 1900 or after 2200 (e.g. {}): check the column",
                            absurd.len(),
                            super::datetime::format_datetime(first)
                        ),
                    });
                }
            }
        }
        columns.push(ColumnSchema {
            name: c.name.to_owned(),
            kind,
            role,
            in_reference: c.r.is_some(),
            in_production: c.p.is_some(),
            distinct: c.facts.distinct,
            missing_share_reference: share(c.r, reference),
            missing_share_production: share(c.p, production),
            invalid_reference: inv[0],
            invalid_production: inv[1],
            note,
            reason,
            values: c.facts.encoding,
            scale,
        });
    }
    Schema { columns, warnings }
}

/// The labels (canonical distinct values, ≤ 50) a column takes over both files, as the inference
/// saw them; empty for numeric or text columns with many values.
pub fn column_labels(reference: Option<&RawColumn>, production: Option<&RawColumn>) -> Vec<String> {
    let parts: Vec<&RawColumn> = reference.into_iter().chain(production).collect();
    facts(&parts).labels
}

/// Per-file distinct canonical values of a column (≤ 50 values per file; empty sets otherwise):
/// tells a constant column (one value in both files) from one constant per file.
pub fn per_file_values(parts: &[&RawColumn]) -> Vec<BTreeSet<String>> {
    facts(parts).per_part
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::read_table;

    fn table(name: &str, s: &str) -> Table {
        read_table(name, s.as_bytes(), &mut |_| {}).unwrap()
    }

    fn schema(r: &str, p: &str) -> Schema {
        infer_schema(
            &table("r.csv", r),
            &table("p.csv", p),
            &BTreeMap::new(),
            &BTreeMap::new(),
        )
    }

    #[test]
    fn infers_kinds_over_both_files() {
        let r = table("r.csv", "age,color,flag,n_legs,when,note\n30,red,true,2,2024-01-01,a1\n41.5,blue,false,4,2024-01-02,a2\n");
        let p = table(
            "p.csv",
            "age,color,flag,n_legs,when,note\n,red,true,4,2024-01-03,a3\n",
        );
        let s = infer_schema(&r, &p, &BTreeMap::new(), &BTreeMap::new());
        let kind = |n: &str| s.column(n).unwrap().kind;
        assert_eq!(kind("age"), Kind::Numeric);
        assert_eq!(kind("color"), Kind::Categorical);
        assert_eq!(kind("flag"), Kind::Boolean);
        assert_eq!(kind("n_legs"), Kind::Categorical);
        assert_eq!(kind("when"), Kind::Datetime);
        assert_eq!(s.column("when").unwrap().role, Role::Timestamp);
        assert_eq!(s.column("age").unwrap().missing_share_production, Some(1.0));
    }

    #[test]
    fn detects_roles_from_names_and_content() {
        let r = table("r.csv", "Event-Time,y_true,y_pred,pred_proba,Latency_ms,gender,x\n2024-01-01,1,1,0.9,12,F,3\n2024-01-01,0,1,0.6,15,M,4\n");
        let s = infer_schema(&r, &r, &BTreeMap::new(), &BTreeMap::new());
        let role = |n: &str| s.column(n).unwrap().role;
        assert_eq!(role("Event-Time"), Role::Timestamp);
        assert_eq!(role("y_true"), Role::Target);
        assert_eq!(role("y_pred"), Role::Prediction);
        assert_eq!(role("pred_proba"), Role::Score);
        assert_eq!(role("Latency_ms"), Role::Latency);
        assert_eq!(role("gender"), Role::Group);
        assert_eq!(role("x"), Role::Feature);
        assert!(s.columns.iter().all(|c| !c.reason.is_empty()));
    }

    #[test]
    fn user_overrides_win() {
        let r = table("r.csv", "zip,score\n1,5\n2,7\n");
        let kinds = BTreeMap::from([("zip".to_string(), Kind::Categorical)]);
        let roles = BTreeMap::from([("zip".to_string(), Role::Group)]);
        let s = infer_schema(&r, &r, &kinds, &roles);
        assert_eq!(s.column("zip").unwrap().kind, Kind::Categorical);
        assert_eq!(s.column("zip").unwrap().role, Role::Group);
        assert_eq!(s.column("zip").unwrap().reason, "set by you");
        // `score` outside [0, 1] is not a probability.
        assert_eq!(s.column("score").unwrap().role, Role::Feature);
    }

    #[test]
    fn many_unique_strings_are_text() {
        let mut s = String::from("comment\n");
        for i in 0..100 {
            s.push_str(&format!("text number {i}\n"));
        }
        let t = table("t.csv", &s);
        let p = table("p.csv", &s.replace("number", "nr"));
        let schema = infer_schema(&t, &p, &BTreeMap::new(), &BTreeMap::new());
        assert_eq!(schema.columns[0].kind, Kind::Text);
    }

    #[test]
    fn stray_tokens_keep_a_column_numeric_and_are_counted() {
        let mut r = String::from("x\n");
        let mut p = String::from("x\n");
        for i in 0..200 {
            r.push_str(&format!("{}.5\n", i % 37));
            p.push_str(&format!("{}.25\n", i % 41));
        }
        p.push_str("n/a\n#VALUE!\n");
        let s = schema(&r, &p);
        let c = s.column("x").unwrap();
        assert_eq!(c.kind, Kind::Numeric);
        assert_eq!((c.invalid_reference, c.invalid_production), (0, 2));
        let w = &s.warnings[0];
        assert_eq!(w.file, "p.csv");
        assert_eq!(w.row, Some(202));
        assert!(w.message.contains("`n/a` in row 202"), "{}", w.message);
    }

    #[test]
    fn float_and_integer_labels_are_one_boolean() {
        let s = schema("y,y_pred\n0.0,0\n1.0,1\n", "y,y_pred\n0,1\n1,1\n");
        let y = s.column("y").unwrap();
        assert_eq!((y.kind, y.values), (Kind::Boolean, Encoding::Boolean));
        assert!(s
            .warnings
            .iter()
            .any(|w| w.message.contains("compared as true/false")));
    }

    #[test]
    fn real_names_pair_and_class_scores_need_a_class() {
        let s = schema(
            "price,price_hat,p_top,y_pred_prob\n10.5,11,0.2,0.3\n12.25,12,0.4,0.6\n",
            "price,price_hat,p_top,y_pred_prob\n9.5,10,0.1,0.9\n8.75,9,0.3,0.1\n",
        );
        let role = |n: &str| s.column(n).unwrap().role;
        assert_eq!(role("price_hat"), Role::Prediction);
        assert_eq!(role("price"), Role::Target);
        assert_eq!(role("p_top"), Role::Feature);
        assert!(s
            .column("p_top")
            .unwrap()
            .reason
            .contains("no target or prediction has that class"));
        // A probability is no score of a numeric target.
        assert_eq!(role("y_pred_prob"), Role::Feature);
        assert!(s
            .column("y_pred_prob")
            .unwrap()
            .reason
            .contains("not two classes"));
        let s = schema(
            "species,species_pred,p_cat,p_dog\ncat,cat,0.8,0.2\ndog,cat,0.6,0.4\n",
            "species,species_pred,p_cat,p_dog\ncat,dog,0.3,0.7\ndog,dog,0.1,0.9\n",
        );
        let role = |n: &str| s.column(n).unwrap().role;
        assert_eq!(role("species"), Role::Target);
        assert_eq!(role("p_cat"), Role::ClassScore);
        assert_eq!(role("p_dog"), Role::ClassScore);
    }

    #[test]
    fn percent_scores_are_scaled_and_said() {
        let s = schema(
            "label,predicted_probability\n1,85\n0,12.5\n",
            "label,predicted_probability\n1,70\n0,3\n",
        );
        let c = s.column("predicted_probability").unwrap();
        assert_eq!((c.role, c.scale), (Role::Score, Some(0.01)));
        assert!(s.warnings.iter().any(|w| w.message.contains("percentage")));
    }
}
