//! Column kinds and roles, inferred over both files together (SPEC §2) and editable by the user.

use std::collections::{BTreeMap, BTreeSet};

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
    /// Left out of the analysis.
    Ignore,
}

impl Role {
    /// Every role, in the order the UI lists them.
    pub const ALL: [Role; 14] = [
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
            Role::Feature | Role::Group | Role::Ignore | Role::ClassScore
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
    /// Why the kind was chosen, or a note for the user (e.g. "kinds differ between files").
    pub note: Option<String>,
}

/// Kinds and roles of every column of a reference/production pair.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Schema {
    /// Columns: reference order, then columns only in production.
    pub columns: Vec<ColumnSchema>,
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

/// Role suggested by the header name alone (SPEC §2 table).
pub fn role_from_name(name: &str) -> Option<Role> {
    let n = normalise(name);
    let is = |names: &[&str]| names.iter().any(|c| normalise(c) == n);
    if is(&[
        "target",
        "label",
        "actual",
        "y",
        "y_true",
        "ground_truth",
        "outcome",
    ]) {
        Some(Role::Target)
    } else if is(&[
        "prediction",
        "pred",
        "y_pred",
        "predicted",
        "predicted_label",
    ]) {
        Some(Role::Prediction)
    } else if is(&[
        "proba",
        "probability",
        "score",
        "y_score",
        "pred_proba",
        "prediction_proba",
        "predicted_proba",
    ]) {
        Some(Role::Score)
    } else if is(&[
        "timestamp",
        "time",
        "date",
        "datetime",
        "ts",
        "created_at",
        "event_time",
    ]) {
        Some(Role::Timestamp)
    } else if is(&["id", "prediction_id", "request_id", "uuid"])
        || (n.ends_with("id")
            && n.len() > 2
            && name.contains(['_', '-'])
            && name.to_lowercase().ends_with("id"))
    {
        Some(Role::Id)
    } else if is(&[
        "gender",
        "sex",
        "race",
        "ethnicity",
        "age_bucket",
        "age_group",
        "region",
        "country",
        "segment",
    ]) {
        Some(Role::Group)
    } else if is(&[
        "latency",
        "latency_ms",
        "latency_s",
        "duration_ms",
        "response_time",
        "response_ms",
        "response_time_ms",
    ]) {
        Some(Role::Latency)
    } else if is(&["status", "error", "is_error", "http_status", "status_code"]) {
        Some(Role::Status)
    } else if is(&["cost", "cost_usd", "price_usd", "tokens", "total_tokens"]) {
        Some(Role::Cost)
    } else if is(&[
        "model_version",
        "prompt_version",
        "bucket",
        "variant",
        "arm",
        "version",
    ]) {
        Some(Role::Version)
    } else if is(&[
        "feedback",
        "correct",
        "is_correct",
        "thumbs",
        "thumbs_up",
        "user_rating",
    ]) {
        Some(Role::Feedback)
    } else if class_of_score_column(name).is_some() {
        Some(Role::ClassScore)
    } else {
        None
    }
}

/// The class a per-class probability column is about: `proba_cat`, `prob_cat`, `p_cat`,
/// `probability_cat`, `cat_proba`, `cat_prob`, `cat_probability` → `cat` (case kept).
pub fn class_of_score_column(name: &str) -> Option<&str> {
    let lower = name.to_lowercase();
    for pre in ["probability_", "proba_", "prob_", "p_"] {
        if lower.starts_with(pre) && name.len() > pre.len() {
            return name.get(pre.len()..);
        }
    }
    for suf in ["_probability", "_proba", "_prob"] {
        if lower.ends_with(suf) && name.len() > suf.len() {
            return name.get(..name.len() - suf.len());
        }
    }
    None
}

fn looks_like_timestamp_name(name: &str) -> bool {
    let n = normalise(name);
    [
        "timestamp",
        "time",
        "ts",
        "epoch",
        "createdat",
        "eventtime",
        "datetime",
    ]
    .iter()
    .any(|s| n == *s)
        || n.ends_with("timestamp")
        || n.ends_with("time")
}

/// Distinct values and per-file facts of one column name across both files.
struct Pooled<'a> {
    parts: Vec<&'a RawColumn>,
}

impl Pooled<'_> {
    fn all_numbers(&self) -> bool {
        self.parts.iter().all(|c| c.numbers.is_some())
    }
    fn all_datetimes(&self) -> bool {
        self.parts.iter().all(|c| c.datetimes.is_some())
    }
    fn non_missing(&self) -> usize {
        self.parts.iter().map(|c| c.codes_len() - c.missing).sum()
    }
    /// Distinct non-missing string values when every part keeps its dictionary.
    fn distinct_strings(&self) -> Option<BTreeSet<&str>> {
        let mut set = BTreeSet::new();
        for c in &self.parts {
            let d = c.dict.as_ref()?;
            let counts = d.counts();
            for (v, n) in d.values.iter().zip(counts) {
                if n > 0 {
                    set.insert(v.as_str());
                }
            }
        }
        Some(set)
    }
    /// Distinct numbers over both files, from the dictionaries (cheap); `None` when a file has
    /// more than [`crate::data::load::DICT_CAP_TYPED`] distinct values (its dictionary was dropped).
    fn distinct_numbers(&self) -> Option<usize> {
        let mut all: Vec<f64> = Vec::new();
        for c in &self.parts {
            let d = c.dict.as_ref()?;
            let counts = d.counts();
            all.extend(
                d.values
                    .iter()
                    .zip(counts)
                    .filter(|(_, n)| *n > 0)
                    .filter_map(|(v, _)| v.parse::<f64>().ok()),
            );
        }
        all.sort_by(f64::total_cmp);
        all.dedup();
        Some(all.len())
    }
}

impl RawColumn {
    fn codes_len(&self) -> usize {
        self.numbers
            .as_ref()
            .map(Vec::len)
            .or_else(|| self.datetimes.as_ref().map(Vec::len))
            .or_else(|| self.dict.as_ref().map(|d| d.codes.len()))
            .unwrap_or(0)
    }
}

fn is_boolean_set(values: &BTreeSet<&str>) -> bool {
    if values.is_empty() || values.len() > 2 {
        return false;
    }
    let lower: BTreeSet<String> = values.iter().map(|v| v.to_lowercase()).collect();
    [["true", "false"], ["yes", "no"], ["0", "1"]]
        .iter()
        .any(|pair| lower.iter().all(|v| pair.contains(&v.as_str())))
}

/// A column with at most this many distinct values is never called text, even when most of its
/// values are unique (tiny files; SPEC §2's 50 % rule is meant for identifiers and free text).
pub const TEXT_MIN_DISTINCT: usize = 20;

fn infer_kind(name: &str, pooled: &Pooled) -> (Kind, usize, Option<String>) {
    let non_missing = pooled.non_missing();
    if pooled.all_numbers() {
        // More than the dictionary cap: report the cap + 1 ("more than 1000").
        let distinct = pooled
            .distinct_numbers()
            .unwrap_or(crate::data::load::DICT_CAP_TYPED + 1);
        if let Some(strings) = pooled.distinct_strings() {
            if is_boolean_set(&strings) {
                return (Kind::Boolean, distinct, Some("values are 0/1".into()));
            }
        }
        if looks_like_timestamp_name(name) && distinct > TEXT_MIN_DISTINCT {
            return (
                Kind::Datetime,
                distinct,
                Some("unix seconds (named like a timestamp)".into()),
            );
        }
        let integers = pooled
            .parts
            .iter()
            .filter_map(|c| c.numbers.as_ref())
            .all(|v| v.iter().all(|x| x.is_nan() || x.fract() == 0.0));
        if non_missing > 0 && integers && distinct <= 10 {
            return (
                Kind::Categorical,
                distinct,
                Some("integers with ≤ 10 distinct values".into()),
            );
        }
        return (Kind::Numeric, distinct, None);
    }
    if pooled.all_datetimes() {
        let mut all: Vec<f64> = pooled
            .parts
            .iter()
            .filter_map(|c| c.datetimes.as_ref())
            .flat_map(|v| v.iter().copied().filter(|x| !x.is_nan()))
            .collect();
        all.sort_by(f64::total_cmp);
        all.dedup();
        return (Kind::Datetime, all.len(), None);
    }
    let strings = pooled.distinct_strings().unwrap_or_default();
    let distinct = strings.len();
    if is_boolean_set(&strings) {
        return (Kind::Boolean, distinct, None);
    }
    if distinct > TEXT_MIN_DISTINCT && distinct * 2 > non_missing {
        return (
            Kind::Text,
            distinct,
            Some("more than 50 % distinct values: excluded from drift".into()),
        );
    }
    let mixed = pooled.parts.iter().any(|c| c.numbers.is_some())
        && pooled.parts.iter().any(|c| c.numbers.is_none());
    let note = mixed
        .then(|| "numeric in one file, text in the other: analysed as categorical".to_string());
    (Kind::Categorical, distinct, note)
}

/// Infers kinds and roles of every column over both files (SPEC §2), then applies the user's
/// overrides (`kinds`, `roles`: column name → kind/role).
pub fn infer_schema(
    reference: &Table,
    production: &Table,
    kinds: &BTreeMap<String, Kind>,
    roles: &BTreeMap<String, Role>,
) -> Schema {
    let mut names: Vec<&str> = reference.columns.iter().map(|c| c.name.as_str()).collect();
    for c in &production.columns {
        if !names.contains(&c.name.as_str()) {
            names.push(&c.name);
        }
    }
    let mut columns = Vec::with_capacity(names.len());
    let mut taken: BTreeSet<Role> = BTreeSet::new();
    for name in names {
        let r = reference.column(name);
        let p = production.column(name);
        let pooled = Pooled {
            parts: r.into_iter().chain(p).collect(),
        };
        let (mut kind, distinct, mut note) = infer_kind(name, &pooled);
        if let Some(&k) = kinds.get(name) {
            kind = k;
            note = Some("kind set by the user".into());
        }
        let share = |c: Option<&RawColumn>, t: &Table| {
            c.map(|c| {
                if t.rows == 0 {
                    0.0
                } else {
                    c.missing as f64 / t.rows as f64
                }
            })
        };
        let mut role = role_from_name(name).unwrap_or(Role::Feature);
        // Latencies, costs and scores are measurements even when few distinct integers occur.
        if matches!(
            role,
            Role::Latency | Role::Cost | Role::Score | Role::ClassScore
        ) && kind == Kind::Categorical
            && pooled.all_numbers()
            && !kinds.contains_key(name)
        {
            kind = Kind::Numeric;
            note = None;
        }
        // Content checks: a score is numeric in [0, 1]; a latency/cost is numeric; a timestamp is a datetime.
        let in_unit = pooled.parts.iter().all(|c| {
            c.numbers
                .as_ref()
                .is_some_and(|v| v.iter().all(|x| x.is_nan() || (0.0..=1.0).contains(x)))
        });
        role = match role {
            Role::Score | Role::ClassScore if !(kind == Kind::Numeric && in_unit) => Role::Feature,
            Role::Latency | Role::Cost if kind != Kind::Numeric => Role::Feature,
            Role::Timestamp if kind != Kind::Datetime => Role::Feature,
            r => r,
        };
        if role == Role::Feature && kind == Kind::Datetime {
            role = Role::Timestamp;
        }
        if role == Role::Feature && kind == Kind::Text {
            role = Role::Id;
        }
        if role.is_single() && taken.contains(&role) {
            role = if kind == Kind::Text {
                Role::Ignore
            } else {
                Role::Feature
            };
        }
        if let Some(&r) = roles.get(name) {
            role = r;
        }
        taken.insert(role);
        if r.is_none() || p.is_none() {
            let which = if r.is_none() {
                "production"
            } else {
                "reference"
            };
            note = Some(format!("only in {which}: schema drift, not compared"));
        }
        columns.push(ColumnSchema {
            name: name.to_owned(),
            kind,
            role,
            in_reference: r.is_some(),
            in_production: p.is_some(),
            distinct,
            missing_share_reference: share(r, reference),
            missing_share_production: share(p, production),
            note,
        });
    }
    Schema { columns }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::read_table;

    fn table(name: &str, s: &str) -> Table {
        read_table(name, s.as_bytes(), &mut |_| {}).unwrap()
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
    }

    #[test]
    fn user_overrides_win() {
        let r = table("r.csv", "zip,score\n1,5\n2,7\n");
        let kinds = BTreeMap::from([("zip".to_string(), Kind::Categorical)]);
        let roles = BTreeMap::from([("zip".to_string(), Role::Group)]);
        let s = infer_schema(&r, &r, &kinds, &roles);
        assert_eq!(s.column("zip").unwrap().kind, Kind::Categorical);
        assert_eq!(s.column("zip").unwrap().role, Role::Group);
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
}
