//! Column kinds and roles, inferred over both files together (SPEC §2) and editable by the user.
//!
//! Three steps, one file each: [`kinds`] decides how each column reads (numbers, dates, truth
//! values, text) over both files, counting the cells that do not fit as invalid; [`roles`] reads
//! the header names ([`super::names`]) against those facts and gives each column a role with a
//! reason; [`warnings`] says what the values show (invalid cells, encodings that differ,
//! percentages, values out of range). [`infer_schema`] runs them and applies the user's choices.

mod kinds;
mod roles;
mod warnings;

use std::collections::BTreeMap;

use super::load::Warning;
use super::values::Encoding;
use super::{RawColumn, Table};
use kinds::facts;
use roles::{candidates, Col};

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
    /// The input an LLM answered (prompt, question): shown beside failing eval examples.
    Input,
    /// The expected answer of an eval example.
    Expected,
    /// The model's answer (LLM output, completion), matched against the expected one.
    Output,
    /// Left out of the analysis.
    Ignore,
}

impl Role {
    /// Every role, in the order the UI lists them.
    pub const ALL: [Role; 18] = [
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
        Role::Input,
        Role::Expected,
        Role::Output,
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
            Role::Input => "input",
            Role::Expected => "expected",
            Role::Output => "output",
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
    /// Personal data the values look like (e-mail, phone, …): exports mask or hash them
    /// ([`super::pii`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pii: Option<super::pii::PiiKind>,
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

pub use super::names::class_of_score_column;

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
    let cols: Vec<Col> = names_in_order
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

    let user = roles;
    let (cols, mut taken) = roles::decide(cols, user);
    let roles = user;

    // 6. Defaults from the values.
    let mut columns = Vec::with_capacity(cols.len());
    #[allow(clippy::needless_range_loop)] // `taken` points into cols by index
    for i in 0..cols.len() {
        let c = &cols[i];
        let (mut role, mut reason, mut scale) = match &c.role {
            Some((r, why, s)) => (*r, why.clone(), *s),
            None => roles::default_role(&cols, &mut taken, i),
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
        let inv = warnings::values(c, kind, role, scale, reference, production, &mut warnings);
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
            pii: (kind != Kind::Datetime && kind != Kind::Boolean)
                .then(|| {
                    let parts: Vec<&RawColumn> = c.r.into_iter().chain(c.p).collect();
                    super::pii::detect_column(c.name, &parts).map(|(k, _)| k)
                })
                .flatten(),
        });
    }
    Schema { columns, warnings }
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
    fn a_row_number_column_is_the_row_id_not_a_feature() {
        // pandas' `to_csv()`: the index first, without a name; production's continues.
        let file = |from: usize, with_id: bool| {
            let mut s = String::from(if with_id {
                ",customer_id,age\n"
            } else {
                ",age\n"
            });
            for i in from..from + 20 {
                let age = 20 + (i * 7) % 40;
                if with_id {
                    s.push_str(&format!("{i},c{},{age}\n", i * 13 % 97));
                } else {
                    s.push_str(&format!("{i},{age}\n"));
                }
            }
            s
        };
        let s = schema(&file(0, false), &file(20, false));
        let index = s.column("column_1").unwrap();
        assert_eq!((index.kind, index.role), (Kind::Numeric, Role::Id));
        assert!(index.reason.contains("row number"), "{}", index.reason);
        assert_eq!(s.column("age").unwrap().role, Role::Feature);
        // A named id keeps the id role; the index is left out.
        let s = schema(&file(0, true), &file(0, true));
        assert_eq!(s.column("customer_id").unwrap().role, Role::Id);
        assert_eq!(s.column("column_1").unwrap().role, Role::Ignore);
        // One value out of step and it is a plain number again.
        let gap = file(0, false).replace("\n7,", "\n70,");
        let s = schema(&gap, &file(20, false));
        assert_eq!(s.column("column_1").unwrap().role, Role::Feature);
    }

    #[test]
    fn identifiers_that_repeat_are_keys_of_a_unit_or_categories() {
        // A panel: each patient on two rows; items repeat across events; a second unique id.
        let file = |from: usize| {
            let mut s = String::from("id,patient_id,item_id,visit_uuid,event_key,x\n");
            for i in from..from + 30 {
                s.push_str(&format!(
                    "{},{},{},v{i},k{i},{}\n",
                    i / 2,
                    i / 3,
                    i % 4,
                    i % 7
                ));
            }
            s
        };
        let s = schema(&file(0), &file(30));
        let col = |n: &str| s.column(n).unwrap();
        assert_eq!(col("id").role, Role::Ignore);
        assert!(
            col("id").reason.contains("values repeat (50 % distinct)"),
            "{}",
            col("id").reason
        );
        assert_eq!(col("patient_id").role, Role::Ignore);
        assert_eq!(col("item_id").role, Role::Feature);
        // The first unique identifier is the id; the second is left out, not tested.
        assert_eq!(col("visit_uuid").role, Role::Id);
        assert_eq!(col("event_key").role, Role::Ignore);
        assert!(col("event_key")
            .reason
            .contains("was preferred: not tested"));
        assert_eq!(col("x").role, Role::Feature);
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
