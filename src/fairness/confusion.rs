//! Binary confusion counts of one group (or of all rows) and the rates derived from them, with
//! fairlearn's zero-denominator convention; [`OverallMetrics`] and [`GroupMetrics`] are the rows
//! of the bias table in the JSON.

use serde::{Deserialize, Serialize};

use crate::num::Num;

/// Binary confusion counts of one group (or of all rows).
///
/// # Formula
/// ```text
/// tp = #{y = 1, ŷ = 1}   fp = #{y = 0, ŷ = 1}   tn = #{y = 0, ŷ = 0}   fn = #{y = 1, ŷ = 0}
/// n  = tp + fp + tn + fn
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Confusion {
    /// Rows.
    pub n: u64,
    /// True positives.
    pub tp: u64,
    /// False positives.
    pub fp: u64,
    /// True negatives.
    pub tn: u64,
    /// False negatives (`fn` in the JSON).
    #[serde(rename = "fn")]
    pub fn_: u64,
}

impl Confusion {
    /// Adds one row with binarised truth `y` and prediction `yhat`.
    pub fn add(&mut self, y: bool, yhat: bool) {
        self.n += 1;
        match (y, yhat) {
            (true, true) => self.tp += 1,
            (false, true) => self.fp += 1,
            (false, false) => self.tn += 1,
            (true, false) => self.fn_ += 1,
        }
    }

    /// Share of rows predicted correctly.
    ///
    /// # Formula
    /// ```text
    /// accuracy = (tp + tn) / n
    /// ```
    ///
    /// # Remarks
    /// 0.0 when `n = 0` (never the case for a listed group).
    ///
    /// # References
    /// `sklearn.metrics.accuracy_score` on the binarised labels (what fairlearn's
    /// `MetricFrame` evaluates per group).
    pub fn accuracy(&self) -> f64 {
        crate::stats::ratio(self.tp + self.tn, self.n)
    }

    /// Share of rows predicted positive.
    ///
    /// # Formula
    /// ```text
    /// selection_rate = (tp + fp) / n
    /// ```
    ///
    /// # Remarks
    /// 0.0 when `n = 0` (fairlearn raises there; a listed group is never empty).
    ///
    /// # References
    /// `fairlearn.metrics.selection_rate(y_true, y_pred, pos_label=1)`.
    pub fn selection_rate(&self) -> f64 {
        crate::stats::ratio(self.tp + self.fp, self.n)
    }

    /// True-positive rate (recall, sensitivity).
    ///
    /// # Formula
    /// ```text
    /// tpr = tp / (tp + fn)
    /// ```
    ///
    /// # Remarks
    /// **0.0 when the group has no actual positive** (`tp + fn = 0`), fairlearn's convention
    /// (its confusion matrix is normalised with `normalize='true'`, which maps 0/0 to 0).
    ///
    /// # References
    /// `fairlearn.metrics.true_positive_rate`.
    pub fn tpr(&self) -> f64 {
        crate::stats::ratio(self.tp, self.tp + self.fn_)
    }

    /// False-positive rate (fall-out).
    ///
    /// # Formula
    /// ```text
    /// fpr = fp / (fp + tn)
    /// ```
    ///
    /// # Remarks
    /// **0.0 when the group has no actual negative** (`fp + tn = 0`), fairlearn's convention.
    ///
    /// # References
    /// `fairlearn.metrics.false_positive_rate`.
    pub fn fpr(&self) -> f64 {
        crate::stats::ratio(self.fp, self.fp + self.tn)
    }

    /// Precision (positive predictive value).
    ///
    /// # Formula
    /// ```text
    /// precision = tp / (tp + fp)
    /// ```
    ///
    /// # Remarks
    /// 0.0 when nothing is predicted positive (`tp + fp = 0`), scikit-learn's
    /// `zero_division=0`.
    ///
    /// # References
    /// `sklearn.metrics.precision_score(y, ŷ, pos_label=1, zero_division=0)`.
    pub fn precision(&self) -> f64 {
        crate::stats::ratio(self.tp, self.tp + self.fp)
    }
}

/// Counts and rates of all labelled rows of a file (`overall` in the JSON).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OverallMetrics {
    /// Confusion counts (`n`, `tp`, `fp`, `tn`, `fn`).
    #[serde(flatten)]
    pub counts: Confusion,
    /// [`Confusion::accuracy`].
    pub accuracy: Num,
    /// [`Confusion::selection_rate`].
    pub selection_rate: Num,
    /// [`Confusion::tpr`] (0 without actual positives).
    pub tpr: Num,
    /// [`Confusion::fpr`] (0 without actual negatives).
    pub fpr: Num,
    /// [`Confusion::precision`] (0 without predicted positives).
    pub precision: Num,
}

impl OverallMetrics {
    /// Rates of `c`.
    pub fn from_counts(c: Confusion) -> Self {
        OverallMetrics {
            counts: c,
            accuracy: Num(c.accuracy()),
            selection_rate: Num(c.selection_rate()),
            tpr: Num(c.tpr()),
            fpr: Num(c.fpr()),
            precision: Num(c.precision()),
        }
    }
}

/// One group's row of the bias table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GroupMetrics {
    /// The group value (CSV text; `"F & east"` for an intersection).
    pub value: String,
    /// Counts and rates.
    #[serde(flatten)]
    pub metrics: OverallMetrics,
    /// `n < min_group_size`: shown with a small-sample warning and never alerted on.
    pub small_sample: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fairness::test_util::c;

    #[test]
    fn zero_denominators_give_zero_as_fairlearn() {
        // A group with no actual positive: TPR = 0/0 → 0 (fairlearn, pair06 group `blue`).
        let only_neg = c(0, 3, 2, 0);
        assert_eq!(only_neg.tpr(), 0.0);
        assert_eq!(only_neg.fpr(), 0.6);
        // No actual negative: FPR 0; nothing predicted positive: precision 0.
        let only_pos_pred_neg = c(0, 0, 0, 4);
        assert_eq!(only_pos_pred_neg.fpr(), 0.0);
        assert_eq!(only_pos_pred_neg.precision(), 0.0);
        assert_eq!(only_pos_pred_neg.selection_rate(), 0.0);
        assert_eq!(Confusion::default().accuracy(), 0.0);
    }
}
