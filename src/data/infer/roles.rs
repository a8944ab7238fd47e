//! Roles from real header names (issue "real files"): each name's hints ([`super::super::names`])
//! are checked against the column's facts, single roles (one target, one prediction, …) go to the
//! strongest candidate, a target is found through its prediction's name, class probabilities must
//! name a real class, and every column gets a plain-words reason.

use std::collections::{BTreeMap, BTreeSet};

use super::super::names::{self, class_of_score_column, Hint, Strength};
use super::super::RawColumn;
use super::kinds::Facts;
use super::{Kind, Role};

/// A role decided for a column: the role, why, and a scale for a percentage score.
pub(super) type Decided = (Role, String, Option<f64>);

/// One column while the roles are decided.
pub(super) struct Col<'a> {
    /// Header name.
    pub name: &'a str,
    /// The column in the reference, when it has it.
    pub r: Option<&'a RawColumn>,
    /// The column in production.
    pub p: Option<&'a RawColumn>,
    /// What its values are.
    pub facts: Facts,
    /// Roles its name and values allow, strongest first.
    pub cands: Vec<Candidate>,
    /// The role decided from the name, if any (the rest get [`default_role`]).
    pub role: Option<Decided>,
}

/// Decides the roles that names give (the user's roles are left to the caller): returns the
/// columns and which column holds each single role.
pub(super) fn decide<'a>(
    mut cols: Vec<Col<'a>>,
    roles: &BTreeMap<String, Role>,
) -> (Vec<Col<'a>>, BTreeMap<Role, usize>) {
    let mut taken = BTreeMap::new();
    single_roles(&mut cols, &mut taken, roles);
    targets_from_stems(&mut cols, &mut taken, roles);
    prediction_as_score(&mut cols, &mut taken, roles);
    class_scores(&mut cols, &mut taken, roles);
    score_needs_two_classes(&mut cols, &mut taken, roles);
    (cols, taken)
}

/// Single roles go to the strongest candidate (ties: the earlier column); the losers say so.
#[allow(clippy::needless_range_loop)] // `taken` points into `cols` by index
fn single_roles(
    cols: &mut [Col],
    taken: &mut BTreeMap<Role, usize>,
    roles: &BTreeMap<String, Role>,
) {
    let mut order: Vec<(u32, usize, usize)> = Vec::new();
    for (i, c) in cols.iter().enumerate() {
        for (j, k) in c.cands.iter().enumerate() {
            order.push((k.rank, i, j));
        }
    }
    order.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    for (_, i, j) in order {
        if cols[i].role.is_some() || roles.contains_key(cols[i].name) {
            continue;
        }
        let k = cols[i].cands[j].clone();
        if k.role.is_single() {
            if taken.contains_key(&k.role) {
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
                // A second identifier is no model input either.
                cols[i].role = Some(if k.role == Role::Id {
                    (Role::Ignore, format!("{why}: not tested"), None)
                } else {
                    (Role::Feature, why, None)
                });
            }
        }
    }
}

/// A target found through its prediction's (or score's) name: `price` ← `price_hat`.
#[allow(clippy::needless_range_loop)] // `taken` points into `cols` by index
fn targets_from_stems(
    cols: &mut [Col],
    taken: &mut BTreeMap<Role, usize>,
    roles: &BTreeMap<String, Role>,
) {
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
}

/// A "prediction" holding probabilities of a two-class target is the score.
#[allow(clippy::needless_range_loop)] // `taken` points into `cols` by index
fn prediction_as_score(
    cols: &mut [Col],
    taken: &mut BTreeMap<Role, usize>,
    roles: &BTreeMap<String, Role>,
) {
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
}

/// Class probabilities must name a class of the target or prediction.
#[allow(clippy::needless_range_loop)] // `taken` points into `cols` by index
fn class_scores(
    cols: &mut [Col],
    taken: &mut BTreeMap<Role, usize>,
    roles: &BTreeMap<String, Role>,
) {
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
                    super::super::clip(class)
                ),
                in_pct.then_some(0.01),
            )
        } else if is_label {
            (
                Role::Feature,
                format!(
                    "named like the probability of class `{}`, but the values are not in [0, 1]",
                    super::super::clip(class)
                ),
                None,
            )
        } else {
            (
                Role::Feature,
                format!(
                    "named like the probability of a class `{}`, but no target or prediction has that class",
                    super::super::clip(class)
                ),
                None,
            )
        });
    }
}

/// A single score is the probability of the positive class: it needs a two-class target.
#[allow(clippy::needless_range_loop)] // `taken` points into `cols` by index
fn score_needs_two_classes(
    cols: &mut [Col],
    taken: &mut BTreeMap<Role, usize>,
    roles: &BTreeMap<String, Role>,
) {
    if let (Some(&si), Some(&ti)) = (taken.get(&Role::Score), taken.get(&Role::Target)) {
        let classes = cols[ti].facts.labels.len();
        let numeric_target = cols[ti].facts.kind == Kind::Numeric;
        if (classes > 2 || numeric_target) && !roles.contains_key(cols[si].name) {
            cols[si].role = Some((
                Role::Feature,
                format!(
                    "looks like a probability, but the target `{}` has {} values, not two classes",
                    super::super::clip(cols[ti].name),
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
}

/// The role of a column no name decided, from its values: the first date column orders the
/// rows, unique identifier-like text is the id, other text is left out, the rest are features.
pub(super) fn default_role(cols: &[Col], taken: &mut BTreeMap<Role, usize>, i: usize) -> Decided {
    let c = &cols[i];
    let parts: Vec<&RawColumn> = c.r.into_iter().chain(c.p).collect();
    match c.facts.kind {
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
                super::super::clip(taken.get(&Role::Timestamp).map_or("", |&t| cols[t].name))
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
        // pandas' `to_csv()` writes its index as a first column without a name: a row number
        // differs between any two files by construction, so testing it would call every pair
        // drifted.
        Kind::Numeric if row_numbers_in_each(&parts) => {
            let why = "consecutive integers in row order (0, 1, 2, … or continuing): a row number or index, such as pandas writes without a name, not a model input";
            if taken.contains_key(&Role::Id) {
                (Role::Ignore, format!("{why}: not tested"), None)
            } else {
                taken.insert(Role::Id, i);
                (Role::Id, format!("{why}: the row id"), None)
            }
        }
        _ => (
            Role::Feature,
            "no other role fits: a model input, tested for drift".to_owned(),
            None,
        ),
    }
}

/// A role a column may take, with how strongly and why.
#[derive(Clone, Debug)]
pub(super) struct Candidate {
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
    distinct_share_in_each(parts) >= 0.95
}

/// The smallest per-file share of a column's valid values that are distinct (0 when a file has
/// fewer than two).
fn distinct_share_in_each(parts: &[&RawColumn]) -> f64 {
    parts
        .iter()
        .map(|c| {
            let n = c.non_missing();
            if n < 2 {
                return 0.0;
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
            distinct as f64 / n as f64
        })
        .fold(f64::INFINITY, f64::min)
        .min(1.0)
}

/// Words naming the unit a row belongs to (`patient_id`, `CustomerID`, `session_id`): an
/// identifier of one of these that repeats is a key shared by that unit's rows, not a model input.
/// Other identifiers that repeat (`item_id`, `store_id`, `PULocationID`) name a category of the
/// row and stay features.
const UNIT_WORDS: [&str; 20] = [
    "subj",
    "user",
    "customer",
    "cust",
    "client",
    "patient",
    "subject",
    "participant",
    "person",
    "member",
    "account",
    "visitor",
    "session",
    "household",
    "individual",
    "student",
    "employee",
    "respondent",
    "device",
    "pid",
];

/// `true` when `name` is an identifier of a unit rows belong to: `id`, `uuid`, … alone, or an
/// identifier whose words include one of [`UNIT_WORDS`].
fn names_a_unit(name: &str, strength: Strength) -> bool {
    strength == Strength::Exact
        || names::tokens(name)
            .iter()
            .any(|t| UNIT_WORDS.contains(&t.as_str()))
}

/// At least [`MIN_ROW_NUMBERS`] values in every file, none missing or invalid, each one more than
/// the one in the row above: a row number or an index.
fn row_numbers_in_each(parts: &[&RawColumn]) -> bool {
    parts.iter().all(|c| {
        let Some(v) = c.numbers.as_deref() else {
            return false;
        };
        v.len() >= MIN_ROW_NUMBERS
            && c.number_invalid.count == 0
            && v.first().is_some_and(|x| x.fract() == 0.0)
            && v.windows(2).all(|w| w[1] - w[0] == 1.0)
    })
}

/// Rows a file needs before a consecutive column is called a row number.
const MIN_ROW_NUMBERS: usize = 5;

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
pub(super) fn candidates(name: &str, f: &Facts, parts: &[&RawColumn]) -> Vec<Candidate> {
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
                let share = if f.kind == Kind::Datetime {
                    0.0
                } else {
                    distinct_share_in_each(parts)
                };
                if share >= 0.95 {
                    out.push(cand(
                        Role::Id,
                        rank(strength, 90, 80),
                        "name says identifier; values are unique".into(),
                    ));
                } else if share > 0.0 && names_a_unit(name, strength) {
                    // Testing it would compare which keys each file holds: a different set of
                    // patients or customers in production always "drifts".
                    out.push(cand(
                        Role::Ignore,
                        rank(strength, 85, 75),
                        format!(
                            "name says identifier, but values repeat ({} % distinct): a key shared by the rows of one patient, customer or session, not a model input: not tested (set it to feature if it is one)",
                            crate::format::plain((100.0 * share).round())
                        ),
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
            Hint::Proxy => {
                if !matches!(f.kind, Kind::Text | Kind::Datetime) {
                    out.push(cand(
                        Role::Proxy,
                        70,
                        "name says a proxy of the outcome (dwell, scroll, regenerate, click): trended and tested for drift, not counted as a feature".into(),
                    ));
                }
            }
            Hint::Input => {
                if matches!(f.kind, Kind::Text | Kind::Categorical) {
                    out.push(cand(
                        Role::Input,
                        80,
                        "name says the input of an LLM request (prompt, question)".into(),
                    ));
                }
            }
            Hint::Expected => {
                if f.kind != Kind::Datetime {
                    out.push(cand(
                        Role::Expected,
                        90,
                        "name says the expected answer of an eval example".into(),
                    ));
                }
            }
            Hint::Output(strength) => {
                // A bare `output` with a few values is more likely a classifier's target.
                let free = f.kind == Kind::Text || (f.kind == Kind::Categorical && f.distinct > 20);
                if free || (strength == Strength::Exact && f.kind != Kind::Datetime) {
                    out.push(cand(
                        Role::Output,
                        rank(strength, 90, 85),
                        "name says the model's answer (LLM output)".into(),
                    ));
                }
            }
            Hint::ClassScore { .. } => {} // decided once the labels are known
        }
    }
    out.sort_by_key(|c| std::cmp::Reverse(c.rank));
    out
}
