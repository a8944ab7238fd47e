//! Ranking metrics of a binary score: ROC AUC, average precision and the chart curves, from one
//! sort.

use super::curves::curves;
use super::mann_whitney::{auc_from_twice_u, one_class, split_sorted, twice_u};
use super::{PrPoint, RocPoint};
use crate::metrics::MetricError;
use crate::stats::pairwise_sum;

/// ROC AUC, average precision and the chart curves of a binary score.
#[derive(Clone, Debug, PartialEq)]
pub struct BinaryRanking {
    /// Area under the ROC curve, ties counted ½.
    pub roc_auc: f64,
    /// Average precision (step-wise area under the PR curve).
    pub average_precision: f64,
    /// ROC curve, collinear points dropped, thinned to ≤ `curve_points` points.
    pub roc_curve: Vec<RocPoint>,
    /// Precision–recall curve thinned to ≤ `curve_points` points (recall increasing).
    pub pr_curve: Vec<PrPoint>,
}

/// ROC AUC of a binary score, ties counted ½ (sklearn `roc_auc_score(y_true, score)`).
///
/// # Formula
/// ```text
/// AUC = ( #{s⁺ > s⁻} + ½·#{s⁺ = s⁻} ) / (n⁺·n⁻)
/// ```
/// where the counts run over all (positive, negative) row pairs.
///
/// # Remarks
/// One sort, O(n log n); exact integer counting, so the result is the correctly rounded
/// ratio (sklearn's trapezoid sum agrees to ~1e-15). `±inf` scores are ordered normally.
///
/// # Errors
/// [`MetricError::OneClass`] when only one class is present (sklearn warns and returns NaN),
/// [`MetricError::NotFinite`] for a NaN score, [`MetricError::LengthMismatch`].
///
/// # References
/// Hanley & McNeil (1982), <https://doi.org/10.1148/radiology.143.1.7063747>;
/// `sklearn.metrics.roc_auc_score`.
pub fn roc_auc(y_true: &[bool], score: &[f64]) -> Result<f64, MetricError> {
    let (pos, neg) = split_sorted(y_true, score)?;
    if pos.is_empty() || neg.is_empty() {
        return Err(one_class("ROC AUC", pos.len()));
    }
    Ok(auc_from_twice_u(twice_u(&pos, &neg), pos.len(), neg.len()))
}

/// Average precision of a binary score (sklearn `average_precision_score`: the step-wise
/// integral of the PR curve, no interpolation).
///
/// # Formula
/// ```text
/// AP = Σ_k (R_k − R_{k−1})·P_k
/// ```
/// where k runs over the distinct scores in decreasing order, `P_k = TP_k/(TP_k + FP_k)` and
/// `R_k = TP_k/n⁺` are precision and recall when predicting positive at score ≥ t_k, R₀ = 0.
///
/// # Remarks
/// With no positive row sklearn warns and returns 0, with no negative row 1; here both are
/// [`MetricError::OneClass`] ("not computable") rather than a number that looks meaningful.
///
/// # Errors
/// As [`roc_auc`].
///
/// # References
/// `sklearn.metrics.average_precision_score`; Manning, Raghavan & Schütze (2008),
/// *Introduction to Information Retrieval*, §8.4.
pub fn average_precision(y_true: &[bool], score: &[f64]) -> Result<f64, MetricError> {
    binary_ranking(y_true, score, 0).map(|r| r.average_precision)
}

/// ROC AUC, average precision and ROC/PR chart curves from a single sort.
///
/// `curve_points` bounds the number of points of each curve (0 = no curves). The ROC curve
/// starts at (0, 0) with threshold `+inf`, drops collinear intermediate points (sklearn's
/// `drop_intermediate=True`) and is then thinned to evenly spaced indices (first and last kept).
/// The PR curve starts at (recall 0, precision 1) like sklearn's and runs to recall 1.
///
/// # Errors
/// As [`roc_auc`].
///
/// # References
/// `sklearn.metrics.roc_curve`, `precision_recall_curve`, `average_precision_score`.
pub fn binary_ranking(
    y_true: &[bool],
    score: &[f64],
    curve_points: usize,
) -> Result<BinaryRanking, MetricError> {
    let (pos, neg) = split_sorted(y_true, score)?;
    let (np, nn) = (pos.len(), neg.len());
    if np == 0 || nn == 0 {
        return Err(one_class("ROC AUC", np));
    }
    let auc = auc_from_twice_u(twice_u(&pos, &neg), np, nn);

    // Confusion counts at each distinct threshold, highest first (sklearn's
    // `confusion_matrix_at_thresholds`).
    let mut steps: Vec<(u64, u64, u64)> = Vec::new(); // (threshold key, tp, fp)
    let (mut i, mut j) = (np, nn);
    let (mut tp, mut fp) = (0u64, 0u64);
    while i > 0 || j > 0 {
        let top = match (i > 0, j > 0) {
            (true, true) => pos[i - 1].max(neg[j - 1]),
            (true, false) => pos[i - 1],
            _ => neg[j - 1],
        };
        while i > 0 && pos[i - 1] == top {
            i -= 1;
            tp += 1;
        }
        while j > 0 && neg[j - 1] == top {
            j -= 1;
            fp += 1;
        }
        steps.push((top, tp, fp));
    }

    // AP = −Σ diff(recall) · precision[:-1] in sklearn's (recall decreasing) order.
    let ptot = np as f64;
    let recall = |tp: u64| tp as f64 / ptot;
    let precision = |tp: u64, fp: u64| {
        if tp + fp == 0 {
            0.0
        } else {
            tp as f64 / (tp + fp) as f64
        }
    };
    let mut terms = Vec::with_capacity(steps.len());
    for k in (0..steps.len()).rev() {
        let (_, tp_k, fp_k) = steps[k];
        let r_prev = if k == 0 { 0.0 } else { recall(steps[k - 1].1) };
        terms.push((recall(tp_k) - r_prev) * precision(tp_k, fp_k));
    }
    let ap = pairwise_sum(&terms).max(0.0);

    let (roc_curve, pr_curve) = if curve_points == 0 {
        (Vec::new(), Vec::new())
    } else {
        curves(&steps, np, nn, curve_points)
    };
    Ok(BinaryRanking {
        roc_auc: auc,
        average_precision: ap,
        roc_curve,
        pr_curve,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-12 * b.abs().max(1.0)
    }

    #[test]
    fn roc_auc_counts_ties_as_half_like_sklearn() {
        // roc_auc_score([0,1,1,0,1,0],[0.5,0.5,0.2,0.2,0.9,0.1]) == 0.7777777777777778
        let y = [false, true, true, false, true, false];
        let s = [0.5, 0.5, 0.2, 0.2, 0.9, 0.1];
        assert!(close(roc_auc(&y, &s).unwrap(), 7.0 / 9.0));
        // average_precision_score(same) == 0.7555555555555555
        assert!(close(
            average_precision(&y, &s).unwrap(),
            0.7555555555555555
        ));
    }

    #[test]
    fn average_precision_matches_sklearn() {
        // average_precision_score([0,1,1,0,1],[0.1,0.4,0.35,0.8,0.9]) == 0.8055555555555556
        let y = [false, true, true, false, true];
        let s = [0.1, 0.4, 0.35, 0.8, 0.9];
        assert!(close(
            average_precision(&y, &s).unwrap(),
            0.8055555555555556
        ));
        // roc_auc_score(same) == 4/6
        assert!(close(roc_auc(&y, &s).unwrap(), 4.0 / 6.0));
    }

    #[test]
    fn perfect_inverted_and_constant_scores() {
        let y = [false, false, true, true];
        assert_eq!(roc_auc(&y, &[0.1, 0.2, 0.8, 0.9]).unwrap(), 1.0);
        assert_eq!(roc_auc(&y, &[0.9, 0.8, 0.2, 0.1]).unwrap(), 0.0);
        assert_eq!(roc_auc(&y, &[0.5; 4]).unwrap(), 0.5);
        // signed zeros are one tie
        assert_eq!(roc_auc(&[false, true], &[0.0, -0.0]).unwrap(), 0.5);
        assert_eq!(average_precision(&y, &[0.5; 4]).unwrap(), 0.5);
    }

    #[test]
    fn one_class_is_not_computable() {
        let e = roc_auc(&[true, true], &[0.1, 0.9]).unwrap_err();
        assert!(matches!(e, MetricError::OneClass { .. }));
        assert!(e.to_string().contains("only one class (positive)"));
        assert!(average_precision(&[false, false], &[0.1, 0.9]).is_err());
        assert!(matches!(
            roc_auc(&[true, false], &[f64::NAN, 0.9]),
            Err(MetricError::NotFinite { .. })
        ));
    }

    #[test]
    fn roc_auc_is_invariant_under_permutation() {
        let y = [true, false, true, true, false, false, true, false];
        let s = [0.3, 0.3, 0.8, 0.1, 0.4, 0.05, 0.6, 0.6];
        let perm = [5usize, 0, 7, 2, 6, 1, 3, 4];
        let yp: Vec<bool> = perm.iter().map(|&i| y[i]).collect();
        let sp: Vec<f64> = perm.iter().map(|&i| s[i]).collect();
        assert_eq!(roc_auc(&y, &s).unwrap(), roc_auc(&yp, &sp).unwrap());
        assert_eq!(
            average_precision(&y, &s).unwrap(),
            average_precision(&yp, &sp).unwrap()
        );
    }

    #[test]
    fn curves_start_and_end_where_sklearn_does_and_are_thinned() {
        let n = 5000;
        let y: Vec<bool> = (0..n).map(|i| (i * 7919) % 3 == 0).collect();
        let s: Vec<f64> = (0..n)
            .map(|i| ((i * 104_729) % 1000) as f64 / 1000.0)
            .collect();
        let r = binary_ranking(&y, &s, 200).unwrap();
        assert!(r.roc_curve.len() <= 200 && r.pr_curve.len() <= 200);
        let first = r.roc_curve[0];
        let last = r.roc_curve[r.roc_curve.len() - 1];
        assert_eq!(
            (first.fpr.0, first.tpr.0, first.threshold.0),
            (0.0, 0.0, f64::INFINITY)
        );
        assert_eq!((last.fpr.0, last.tpr.0), (1.0, 1.0));
        assert_eq!(r.pr_curve[0].precision.0, 1.0);
        assert_eq!(r.pr_curve[r.pr_curve.len() - 1].recall.0, 1.0);
    }
}
