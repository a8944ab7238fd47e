//! One file's rows split by group: the input slices, binarisation against the positive label,
//! per-group and overall confusion counts, and intersections of two group columns.

use std::collections::BTreeMap;

use super::{Confusion, FairnessError};

/// One file's rows for a bias table: the group, target and prediction columns as CSV text
/// (`None` = missing), one entry per row.
#[derive(Clone, Copy, Debug)]
pub struct BiasInput<'a> {
    /// Group (sensitive attribute) value per row.
    pub groups: &'a [Option<&'a str>],
    /// True label per row.
    pub y_true: &'a [Option<&'a str>],
    /// Predicted label per row.
    pub y_pred: &'a [Option<&'a str>],
}

/// Per-group and overall confusion counts of one file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GroupCounts {
    /// Group value → counts, in byte order.
    pub groups: BTreeMap<String, Confusion>,
    /// All rows that entered a group.
    pub overall: Confusion,
    /// Labelled rows without a group value.
    pub n_missing_group: u64,
    /// Rows without a target or a prediction.
    pub n_unlabelled: u64,
}

/// Binarises and counts one file's rows per group.
///
/// # Formula
/// ```text
/// y = [y_true == positive_label],  ŷ = [y_pred == positive_label]   (CSV text, exact match)
/// ```
///
/// # Remarks
/// A row enters its group only when the group, the target and the prediction are all present.
/// Labels are compared as text, so `"1"` and `"1.0"` differ: pass the labels as the CSV shows
/// them and the positive label in the same spelling.
///
/// # Errors
/// [`FairnessError::LengthMismatch`] when the three slices differ in length.
///
/// # References
/// fairlearn `MetricFrame(metrics=..., y_true, y_pred, sensitive_features)` on the binarised
/// labels.
pub fn group_counts(
    input: &BiasInput<'_>,
    positive_label: &str,
) -> Result<GroupCounts, FairnessError> {
    let n = input.groups.len();
    if input.y_true.len() != n || input.y_pred.len() != n {
        return Err(FairnessError::LengthMismatch {
            groups: n,
            y_true: input.y_true.len(),
            y_pred: input.y_pred.len(),
        });
    }
    let mut out = GroupCounts::default();
    for ((g, y), yhat) in input.groups.iter().zip(input.y_true).zip(input.y_pred) {
        let (Some(y), Some(yhat)) = (y, yhat) else {
            out.n_unlabelled += 1;
            continue;
        };
        let Some(g) = g else {
            out.n_missing_group += 1;
            continue;
        };
        let (y, yhat) = (*y == positive_label, *yhat == positive_label);
        out.overall.add(y, yhat);
        match out.groups.get_mut(*g) {
            Some(c) => c.add(y, yhat),
            None => {
                let mut c = Confusion::default();
                c.add(y, yhat);
                out.groups.insert((*g).to_owned(), c);
            }
        }
    }
    Ok(out)
}

/// The intersection of two group columns, row by row: `"a & b"`, missing when either is.
///
/// # Formula
/// ```text
/// g_i = a_i + " & " + b_i
/// ```
///
/// # Remarks
/// Use `"<col a> & <col b>"` as the column name. Pass the result to
/// [`bias_column`](super::bias_column) with
/// `groups.iter().map(Option::as_deref).collect::<Vec<_>>()`.
///
/// # Errors
/// [`FairnessError::LengthMismatch`] when the columns differ in length.
///
/// # References
/// fairlearn `MetricFrame(sensitive_features=df[[a, b]])` (groups are the observed value pairs).
pub fn intersect_groups(
    a: &[Option<&str>],
    b: &[Option<&str>],
) -> Result<Vec<Option<String>>, FairnessError> {
    if a.len() != b.len() {
        return Err(FairnessError::LengthMismatch {
            groups: a.len(),
            y_true: b.len(),
            y_pred: b.len(),
        });
    }
    Ok(a.iter()
        .zip(b)
        .map(|(x, y)| match (x, y) {
            (Some(x), Some(y)) => Some(format!("{x} & {y}")),
            _ => None,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fairness::test_util::c;

    #[test]
    fn missing_values_are_counted_not_grouped() {
        let g = [Some("A"), None, Some("A"), Some("B")];
        let y = [Some("1"), Some("1"), None, Some("cat")];
        let p = [Some("1"), Some("0"), Some("1"), Some("dog")];
        let input = BiasInput {
            groups: &g,
            y_true: &y,
            y_pred: &p,
        };
        let counts = group_counts(&input, "cat").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(counts.n_missing_group, 1);
        assert_eq!(counts.n_unlabelled, 1);
        assert_eq!(counts.overall.n, 2);
        // Multiclass binarisation against "cat": B is a false negative.
        assert_eq!(counts.groups["B"], c(0, 0, 0, 1));
        assert_eq!(counts.groups["A"], c(0, 0, 1, 0));
    }

    #[test]
    fn intersection_joins_values() {
        let a = [Some("F"), Some("M"), None];
        let b = [Some("east"), Some("west"), Some("east")];
        let v = intersect_groups(&a, &b).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            v,
            [
                Some("F & east".to_owned()),
                Some("M & west".to_owned()),
                None
            ]
        );
        assert!(intersect_groups(&a, &b[..2]).is_err());
    }
}
