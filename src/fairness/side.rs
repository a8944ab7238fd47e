//! The bias table of one file: per-group rows, the overall row and the four disparity aggregates.

use serde::{Deserialize, Serialize};

use super::{
    disparities, group_counts, BiasInput, BiasOptions, Confusion, FairnessError, GroupMetrics,
    OverallMetrics,
};
use crate::num::Num;

/// The bias table of one file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BiasSide {
    /// Groups in byte order of their value.
    pub groups: Vec<GroupMetrics>,
    /// All labelled rows with a group value.
    pub overall: OverallMetrics,
    /// `max − min` of the group selection rates.
    pub demographic_parity_difference: Num,
    /// `min / max` of the group selection rates (NaN when all are 0).
    pub demographic_parity_ratio: Num,
    /// `max(TPR range, FPR range)` over groups.
    pub equalized_odds_difference: Num,
    /// `min(min/max TPR, min/max FPR)` with Python's `min` NaN semantics (see [`disparities`]).
    pub equalized_odds_ratio: Num,
    /// Labelled rows left out because their group value is missing.
    pub n_missing_group: u64,
    /// Rows left out because the target or the prediction is missing.
    pub n_unlabelled: u64,
}

/// The bias table of one file: per-group rows, overall values and the four aggregates.
///
/// # Formula
/// See [`Confusion`] for the per-group rates and [`disparities`] for the aggregates.
///
/// # Remarks
/// `small_sample` is `n < opts.min_group_size`; small groups still enter the aggregates.
///
/// # Errors
/// [`FairnessError::LengthMismatch`] for slices of different lengths;
/// [`FairnessError::NoLabelledRows`] when no row has a group, a target and a prediction.
///
/// # References
/// fairlearn `MetricFrame` with `accuracy_score`, `selection_rate`, `true_positive_rate`,
/// `false_positive_rate`, and `demographic_parity_*` / `equalized_odds_*`.
pub fn bias_side(
    input: &BiasInput<'_>,
    positive_label: &str,
    opts: &BiasOptions,
) -> Result<BiasSide, FairnessError> {
    let c = group_counts(input, positive_label)?;
    if c.groups.is_empty() {
        return Err(FairnessError::NoLabelledRows);
    }
    let counts: Vec<Confusion> = c.groups.values().copied().collect();
    let d = disparities(&counts);
    let groups = c
        .groups
        .iter()
        .map(|(value, &g)| GroupMetrics {
            value: value.clone(),
            metrics: OverallMetrics::from_counts(g),
            small_sample: (g.n as usize) < opts.min_group_size,
        })
        .collect();
    Ok(BiasSide {
        groups,
        overall: OverallMetrics::from_counts(c.overall),
        demographic_parity_difference: Num(d.demographic_parity_difference),
        demographic_parity_ratio: Num(d.demographic_parity_ratio),
        equalized_odds_difference: Num(d.equalized_odds_difference),
        equalized_odds_ratio: Num(d.equalized_odds_ratio),
        n_missing_group: c.n_missing_group,
        n_unlabelled: c.n_unlabelled,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fairness::test_util::rows;

    #[test]
    fn json_shape_uses_spec_keys() {
        let (g, y, p) = rows(&[("A", "1", "1", 1), ("A", "0", "1", 1)]);
        let side = bias_side(
            &BiasInput {
                groups: &g,
                y_true: &y,
                y_pred: &p,
            },
            "1",
            &BiasOptions::default(),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let v = serde_json::to_value(&side).unwrap_or_default();
        let g0 = &v["groups"][0];
        for k in [
            "value",
            "n",
            "tp",
            "fp",
            "tn",
            "fn",
            "accuracy",
            "selection_rate",
            "tpr",
            "fpr",
            "precision",
            "small_sample",
        ] {
            assert!(g0.get(k).is_some(), "missing {k} in {g0}");
        }
        // FPR: 1/1; TPR 1/1; one group → ratios 1, differences 0.
        assert_eq!(v["equalized_odds_ratio"], serde_json::json!(1.0));
        assert_eq!(v["overall"]["fn"], serde_json::json!(0));
    }
}
