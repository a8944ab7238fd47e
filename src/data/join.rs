//! Late labels (SPEC §4 "ground-truth lag"): a third file of prediction id + target (and
//! optionally when the label arrived), joined to production by id.
//!
//! In real deployments the ground truth arrives days after the prediction. The user exports the
//! predictions (production, often without a target) and later the labels; [`attach_labels`] fills
//! production's target column from the labels file, row by row through the id, and reports what
//! the join did: rows labelled (coverage), ids in the labels that match no production row, ids
//! given twice, labels that disagree with a target production already had.
//!
//! Rules:
//! - The id column is the one the user chose (`--id`, the roles table), else production's
//!   detected id; the labels file must have a column of the same name, else its one id-like
//!   column.
//! - The target column of the labels file is the one named like the reference's target, else
//!   its only column that is neither the id nor a date, else its detected target.
//! - An id labelled twice keeps the last label (the latest by label time when the file has one);
//!   every production row with that id gets it.
//! - Where production already has a target, the label wins; disagreements are counted.

use std::collections::{BTreeMap, HashMap};

use super::builder::ColumnBuilder;
use super::{clip, infer_schema, Kind, RawColumn, Role, Table, MISSING_CODE};

/// Why the labels cannot be joined.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum JoinError {
    /// No id column to join on.
    #[error("{labels}: cannot join the labels to {production}: {why}")]
    NoId {
        /// Labels file name.
        labels: String,
        /// Production file name.
        production: String,
        /// What is missing.
        why: String,
    },
    /// The labels file's target column cannot be told.
    #[error("{labels}: {why}")]
    NoTarget {
        /// Labels file name.
        labels: String,
        /// What is missing.
        why: String,
    },
}

/// What the join did (the report's `labels` block).
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct LabelJoin {
    /// Labels file name.
    pub file: String,
    /// Data rows of the labels file.
    pub rows: usize,
    /// Id column (same name in production and labels, or `production_id ← labels_id`).
    pub id_column: String,
    /// The labels file's id column when it is named differently.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub labels_id_column: Option<String>,
    /// The labels file's target column.
    pub target_column: String,
    /// Production's target column it fills.
    pub production_target: String,
    /// The labels file's label-time column, when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label_time_column: Option<String>,
    /// Production rows.
    pub production_rows: usize,
    /// Production rows that got a label from the file.
    pub matched_rows: usize,
    /// Production rows with a target after the join (from the file or their own).
    pub labelled_rows: usize,
    /// `labelled_rows / production_rows`.
    pub coverage: f64,
    /// Label rows whose id matches no production row.
    pub unmatched_ids: usize,
    /// The first few of them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unmatched_examples: Vec<String>,
    /// Label rows whose id was labelled before in the file (the later label is kept).
    pub duplicate_ids: usize,
    /// Production rows sharing an id with an earlier production row (each gets the label).
    pub duplicate_production_ids: usize,
    /// Label rows without an id or without a label.
    pub incomplete_rows: usize,
    /// Production rows whose own target differed from the label (the label wins).
    pub conflicts: usize,
}

/// What [`attach_labels`] replaced, to put production back as it was ([`detach_labels`]).
#[derive(Debug)]
pub struct Restore {
    index: usize,
    previous: Option<RawColumn>,
}

/// Text of each row of a column (as written; numbers formatted when there is no dictionary).
fn row_texts(c: &RawColumn) -> Vec<Option<String>> {
    if let Some(d) = &c.dict {
        return d
            .codes
            .iter()
            .map(|&k| {
                (k != MISSING_CODE)
                    .then(|| d.values.get(k as usize).cloned())
                    .flatten()
            })
            .collect();
    }
    let v = c.numbers.as_ref().or(c.datetimes.as_ref());
    match v {
        Some(v) => v
            .iter()
            .map(|x| (!x.is_nan()).then(|| super::values::number_text(*x)))
            .collect(),
        None => vec![None; c.len()],
    }
}

/// Two label texts are the same value: equal text, equal numbers (`1` = `1.0`), or the same
/// truth value (`True` = `1`).
fn same_value(a: &str, b: &str) -> bool {
    use super::values::truth;
    a == b
        || matches!((a.parse::<f64>(), b.parse::<f64>()), (Ok(x), Ok(y)) if x == y)
        || matches!((truth(a), truth(b)), (Some(x), Some(y)) if x == y)
}

/// Canonical id text of each row: numbers by value (`17` = `17.0`), else as written.
fn ids(c: &RawColumn) -> Vec<Option<String>> {
    if c.numbers.is_some() && c.number_invalid.count == 0 {
        if let Some(v) = &c.numbers {
            return v
                .iter()
                .map(|x| (!x.is_nan()).then(|| super::values::number_text(*x)))
                .collect();
        }
    }
    row_texts(c)
}

/// Fills production's target from the labels file (see the module doc for the rules) and
/// returns what it did, plus what to restore. `id` and `target` are the user's choices when set;
/// otherwise they are detected (with `kinds`/`roles` overrides) on the reference and production.
///
/// # Errors
/// [`JoinError`] when no id column or no target column can be found.
pub fn attach_labels(
    reference: &Table,
    production: &mut Table,
    labels: &Table,
    id: Option<&str>,
    target: Option<&str>,
    kinds: &BTreeMap<String, Kind>,
    roles: &BTreeMap<String, Role>,
) -> Result<(LabelJoin, Restore), JoinError> {
    let schema = infer_schema(reference, production, kinds, roles);
    let id = id
        .map(str::to_owned)
        .or_else(|| schema.with_role(Role::Id).map(|c| c.name.clone()))
        .ok_or_else(|| JoinError::NoId {
            labels: labels.name.clone(),
            production: production.name.clone(),
            why: format!(
                "{} has no identifier column; name it (`--id COL`, or the role `id` in the roles table)",
                production.name
            ),
        })?;
    let target = target
        .map(str::to_owned)
        .or_else(|| schema.with_role(Role::Target).map(|c| c.name.clone()));
    let prod_id = production.column(&id).ok_or_else(|| JoinError::NoId {
        labels: labels.name.clone(),
        production: production.name.clone(),
        why: format!("{} has no column `{}`", production.name, clip(&id)),
    })?;
    let label_schema = infer_schema(labels, labels, kinds, &BTreeMap::new());
    let labels_id = if labels.column(&id).is_some() {
        id.clone()
    } else {
        label_schema
            .with_role(Role::Id)
            .map(|c| c.name.clone())
            .ok_or_else(|| JoinError::NoId {
                labels: labels.name.clone(),
                production: production.name.clone(),
                why: format!(
                    "it has no column `{}` (production's id) and no other identifier column",
                    clip(&id)
                ),
            })?
    };
    let time = label_schema
        .columns
        .iter()
        .find(|c| c.kind == Kind::Datetime && c.name != labels_id)
        .map(|c| c.name.clone());
    let others: Vec<&str> = labels
        .columns
        .iter()
        .map(|c| c.name.as_str())
        .filter(|n| *n != labels_id && Some(*n) != time.as_deref())
        .collect();
    let label_col = match &target {
        Some(t) if labels.column(t).is_some() => t.clone(),
        _ if others.len() == 1 => others[0].to_owned(),
        _ => label_schema
            .with_role(Role::Target)
            .map(|c| c.name.clone())
            .filter(|n| *n != labels_id)
            .ok_or_else(|| JoinError::NoTarget {
                labels: labels.name.clone(),
                why: format!(
                    "which column is the label? Expected one named like the reference's target{}, or a file with only the id and the label",
                    target.as_deref().map(|t| format!(" (`{}`)", clip(t))).unwrap_or_default()
                ),
            })?,
    };
    let production_target = target.unwrap_or_else(|| label_col.clone());

    // id → (label, time) from the labels file; later (or later-timed) labels win.
    let lid = labels.column(&labels_id).map(ids).unwrap_or_default();
    let lval = labels.column(&label_col).map(row_texts).unwrap_or_default();
    let ltime: Vec<f64> = time
        .as_deref()
        .and_then(|t| labels.column(t))
        .and_then(|c| c.datetimes.clone())
        .unwrap_or_default();
    let mut by_id: HashMap<&str, (&str, f64)> = HashMap::with_capacity(lid.len());
    let (mut duplicate_ids, mut incomplete_rows) = (0usize, 0usize);
    for (i, (k, v)) in lid.iter().zip(&lval).enumerate() {
        let (Some(k), Some(v)) = (k, v) else {
            incomplete_rows += 1;
            continue;
        };
        let t = ltime.get(i).copied().unwrap_or(f64::NAN);
        match by_id.get_mut(k.as_str()) {
            Some(slot) => {
                duplicate_ids += 1;
                if t.is_nan() || slot.1.is_nan() || t >= slot.1 {
                    *slot = (v.as_str(), t);
                }
            }
            None => {
                by_id.insert(k.as_str(), (v.as_str(), t));
            }
        }
    }

    // Production rows.
    let pid = ids(prod_id);
    let existing = production.column(&production_target).map(row_texts);
    let mut seen: HashMap<&str, ()> = HashMap::with_capacity(pid.len());
    let mut used: HashMap<&str, ()> = HashMap::with_capacity(by_id.len());
    let (mut matched, mut labelled, mut conflicts, mut dup_prod) = (0usize, 0usize, 0usize, 0usize);
    let mut builder = ColumnBuilder::new(production_target.clone(), labels.number_style);
    let mut texts: Vec<Option<String>> = Vec::with_capacity(pid.len());
    for (i, k) in pid.iter().enumerate() {
        let own = existing.as_ref().and_then(|e| e.get(i).cloned().flatten());
        let label = k.as_deref().and_then(|k| {
            if seen.insert(k, ()).is_some() {
                dup_prod += 1;
            }
            by_id.get(k).map(|(v, _)| {
                used.insert(k, ());
                *v
            })
        });
        let value = match (label, own) {
            (Some(l), Some(o)) => {
                matched += 1;
                if !same_value(&o, l) {
                    conflicts += 1;
                }
                Some(l.to_owned())
            }
            (Some(l), None) => {
                matched += 1;
                Some(l.to_owned())
            }
            (None, o) => o,
        };
        labelled += usize::from(value.is_some());
        texts.push(value);
    }
    for (i, t) in texts.iter().enumerate() {
        builder.push(t.as_deref().unwrap_or(""), i + 2);
    }
    let mut sink = Vec::new();
    let column = builder.finish(&mut sink, &production.name);
    let mut unmatched_examples = Vec::new();
    let mut unmatched = 0usize;
    for k in lid.iter().flatten() {
        if !used.contains_key(k.as_str()) && by_id.contains_key(k.as_str()) {
            unmatched += 1;
            if unmatched_examples.len() < 5 && !unmatched_examples.contains(&clip(k).into_owned()) {
                unmatched_examples.push(clip(k).into_owned());
            }
        }
    }
    let rows = production.rows;
    let report = LabelJoin {
        file: labels.name.clone(),
        rows: labels.rows,
        id_column: id.clone(),
        labels_id_column: (labels_id != id).then_some(labels_id),
        target_column: label_col,
        production_target: production_target.clone(),
        label_time_column: time,
        production_rows: rows,
        matched_rows: matched,
        labelled_rows: labelled,
        coverage: if rows == 0 {
            0.0
        } else {
            labelled as f64 / rows as f64
        },
        unmatched_ids: unmatched,
        unmatched_examples,
        duplicate_ids,
        duplicate_production_ids: dup_prod,
        incomplete_rows,
        conflicts,
    };
    let restore = match production
        .columns
        .iter()
        .position(|c| c.name == production_target)
    {
        Some(index) => Restore {
            index,
            previous: Some(std::mem::replace(&mut production.columns[index], column)),
        },
        None => {
            production.columns.push(column);
            Restore {
                index: production.columns.len() - 1,
                previous: None,
            }
        }
    };
    Ok((report, restore))
}

/// Puts production back as it was before [`attach_labels`].
pub fn detach_labels(production: &mut Table, restore: Restore) {
    match restore.previous {
        Some(c) => {
            if let Some(slot) = production.columns.get_mut(restore.index) {
                *slot = c;
            }
        }
        None => {
            if restore.index < production.columns.len() {
                production.columns.remove(restore.index);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::read_table;

    fn t(name: &str, s: &str) -> Table {
        read_table(name, s.as_bytes(), &mut |_| {}).unwrap()
    }

    #[test]
    fn labels_fill_production_by_id_and_are_counted() {
        let r = t(
            "ref.csv",
            "request_id,x,y,y_pred\na1,1,1,1\na2,2,0,0\na3,3,1,0\n",
        );
        let mut p = t(
            "prod.csv",
            "request_id,x,y_pred\nb1,1,1\nb2,2,0\nb3,3,1\nb3,4,1\nb5,5,0\n",
        );
        let l = t(
            "labels.csv",
            "request_id,y,labelled_at\nb1,1,2024-01-02\nb2,1,2024-01-02\nb2,0,2024-01-03\nb3,1.0,2024-01-02\nzz,0,2024-01-02\n,1,2024-01-02\n",
        );
        let (j, restore) = attach_labels(
            &r,
            &mut p,
            &l,
            Some("request_id"),
            None,
            &BTreeMap::new(),
            &BTreeMap::new(),
        )
        .unwrap();
        assert_eq!(j.id_column, "request_id");
        assert_eq!(j.target_column, "y");
        assert_eq!(j.label_time_column.as_deref(), Some("labelled_at"));
        assert_eq!(j.matched_rows, 4);
        assert_eq!(
            (j.unmatched_ids, j.unmatched_examples.clone()),
            (1, vec!["zz".to_owned()])
        );
        assert_eq!(j.duplicate_ids, 1);
        assert_eq!(j.duplicate_production_ids, 1);
        assert_eq!(j.incomplete_rows, 1);
        assert!((j.coverage - 0.8).abs() < 1e-12);
        let y = p.column("y").unwrap();
        let d = y.dict.as_ref().unwrap();
        let text: Vec<Option<&str>> = d
            .codes
            .iter()
            .map(|&k| (k != MISSING_CODE).then(|| d.values[k as usize].as_str()))
            .collect();
        // b2's later label (0, 2024-01-03) wins; b5 has none.
        assert_eq!(text, [Some("1"), Some("0"), Some("1.0"), Some("1.0"), None]);
        detach_labels(&mut p, restore);
        assert!(p.column("y").is_none());
    }

    #[test]
    fn no_id_is_a_clear_error() {
        let r = t("ref.csv", "x,y\n1,1\n");
        let mut p = t("prod.csv", "x,y\n1,1\n");
        let l = t("labels.csv", "k,y\n1,1\n");
        let e = attach_labels(
            &r,
            &mut p,
            &l,
            None,
            None,
            &BTreeMap::new(),
            &BTreeMap::new(),
        )
        .unwrap_err();
        assert!(e.to_string().contains("no identifier column"), "{e}");
    }
}
