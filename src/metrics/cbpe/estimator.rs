//! The binary estimator: the expected confusion matrix of a chunk from its calibrated
//! probabilities, each metric's estimate and realised value, and the reference's sampling-error
//! components (NannyML 0.13's `CBPE` for binary classification).

use super::super::ranking::roc_auc;
use super::CbpeMetric;
use crate::stats::{pairwise_sum, std_dev};

/// Per-metric reference figures for the sampling error: (σ, fraction) with
/// `sampling error = σ / √(n · fraction)` (NannyML's `_universal_sampling_error`; accuracy
/// uses fraction 1).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Components {
    pub(super) std: f64,
    pub(super) fraction: f64,
}

/// `std` (ddof 0) of `values`, NaN when empty.
pub(super) fn pstd(values: &[f64]) -> f64 {
    if values.is_empty() {
        f64::NAN
    } else {
        std_dev(values, 0)
    }
}

/// NannyML's `*_sampling_error_components` on the reference.
///
/// # Formula
/// ```text
/// accuracy     σ = std(1[y = ŷ]) over all rows,                     fraction 1
/// precision    σ = std(1[y = 1]) over rows with ŷ = 1,              fraction = share of ŷ = 1
/// recall       σ = std(1[ŷ = 1]) over rows with y = 1,              fraction = share of y = 1
/// specificity  σ = std(1[ŷ = 0]) over rows with y = 0,              fraction = share of y = 0
/// f1           over the TP, FN and FP rows: v = 1 (TP) or 0, times c = m/(TP + (FN + FP)/2),
///              σ = std(c·v), fraction = m / n                        (m = TP + FN + FP rows)
/// roc_auc      (flipped so that positives are the minority) scores sorted ascending;
///              for the i-th distinct non-zero positive rank rᵢ: uᵢ = (rᵢ − i)/n⁻,
///              σ = std(u), fraction = n⁺/n
/// ```
pub(super) fn components(
    metric: CbpeMetric,
    y: &[bool],
    pred: &[bool],
    score: &[f64],
) -> Components {
    let n = y.len() as f64;
    let pick = |keep: &dyn Fn(usize) -> bool, value: &dyn Fn(usize) -> bool| -> Vec<f64> {
        (0..y.len())
            .filter(|&i| keep(i))
            .map(|i| f64::from(u8::from(value(i))))
            .collect()
    };
    match metric {
        CbpeMetric::Accuracy => Components {
            std: pstd(&pick(&|_| true, &|i| y[i] == pred[i])),
            fraction: 1.0,
        },
        CbpeMetric::Precision => {
            let v = pick(&|i| pred[i], &|i| y[i]);
            Components {
                std: pstd(&v),
                fraction: v.len() as f64 / n,
            }
        }
        CbpeMetric::Recall => {
            let v = pick(&|i| y[i], &|i| pred[i]);
            Components {
                std: pstd(&v),
                fraction: v.len() as f64 / n,
            }
        }
        CbpeMetric::Specificity => {
            let v = pick(&|i| !y[i], &|i| !pred[i]);
            Components {
                std: pstd(&v),
                fraction: v.len() as f64 / n,
            }
        }
        CbpeMetric::F1 => {
            // NannyML concatenates TP, FN, FP (order does not change the std).
            let tp = (0..y.len()).filter(|&i| y[i] && pred[i]).count();
            let fp = (0..y.len()).filter(|&i| !y[i] && pred[i]).count();
            let fnn = (0..y.len()).filter(|&i| y[i] && !pred[i]).count();
            let m = tp + fp + fnn;
            if m == 0 {
                return Components {
                    std: f64::NAN,
                    fraction: 0.0,
                };
            }
            let c = m as f64 / ((fnn + fp) as f64 * 0.5 + tp as f64);
            let mut v = vec![c; tp];
            v.extend(std::iter::repeat_n(0.0, fnn + fp));
            Components {
                std: pstd(&v),
                fraction: m as f64 / n,
            }
        }
        CbpeMetric::RocAuc => {
            let pos = y.iter().filter(|&&t| t).count();
            let flip = pos as f64 / n > 0.5;
            // (score's order key, label) in row order, sorted stably by score: ties stay by
            // row, and the labels travel with the keys (no lookups by row in a million-row
            // array on every pass of the sort).
            let mut keyed: Vec<(u64, bool)> = y
                .iter()
                .zip(score)
                .map(|(&t, &s)| {
                    let (t, s) = if flip { (!t, 1.0 - s) } else { (t, s) };
                    (crate::stats::order_key(s.to_bits()), t)
                })
                .collect();
            crate::stats::sort_by_key_u64(&mut keyed, |k| k.0);
            let n_pos = keyed.iter().filter(|k| k.1).count();
            let n_neg = keyed.len() - n_pos;
            // np.unique(y·rank)[1:]: the positives' ranks, without a rank of 0.
            let ranks: Vec<usize> = keyed
                .iter()
                .enumerate()
                .filter(|&(r, k)| k.1 && r > 0)
                .map(|(r, _)| r)
                .collect();
            let u: Vec<f64> = ranks
                .iter()
                .enumerate()
                .map(|(k, &r)| (r - k) as f64 / n_neg as f64)
                .collect();
            Components {
                std: pstd(&u),
                fraction: n_pos as f64 / n,
            }
        }
    }
}

/// The expected confusion matrix of a chunk: (TP, FP, FN, TN) = Σ over rows of
/// (ŷ·p, ŷ·(1 − p), (1 − ŷ)·p, (1 − ŷ)·(1 − p)), summed pairwise (as numpy's `sum`).
pub(super) fn expected_confusion(pred: &[bool], p: &[f64]) -> (f64, f64, f64, f64) {
    let pick = |keep: bool, f: fn(f64) -> f64| -> f64 {
        let v: Vec<f64> = pred
            .iter()
            .zip(p)
            .map(|(&d, &q)| if d == keep { f(q) } else { 0.0 })
            .collect();
        pairwise_sum(&v)
    };
    (
        pick(true, |q| q),
        pick(true, |q| 1.0 - q),
        pick(false, |q| q),
        pick(false, |q| 1.0 - q),
    )
}

/// `a / b`, 0 when `b` is 0 (NannyML's estimators).
pub(super) fn ratio(a: f64, b: f64) -> f64 {
    if b == 0.0 {
        0.0
    } else {
        a / b
    }
}

/// The estimated ROC AUC of a chunk from calibrated probabilities `p` ranked by the model's
/// own scores (NannyML's `estimate_roc_auc`).
///
/// # Formula
/// ```text
/// rows by raw score, highest first; at each distinct score k:
///   TPₖ = Σ p over rows ranked ≤ k,  FPₖ = (rows ranked ≤ k) − TPₖ
/// AUC = trapezoid area under (FPₖ/FP_total, TPₖ/TP_total), from (0, 0)
/// ```
///
/// # Remarks
/// Rows with equal raw scores form one step (like `sklearn.metrics.roc_curve`); NannyML steps
/// through them one row at a time in `argsort` order, so with tied scores its value depends on
/// that order; with distinct scores the two agree. NannyML also rounds the cumulative sums to
/// five decimals, which we do not (a difference below 1e-7 for chunks of 100 rows or more).
pub(super) fn estimate_roc_auc(raw: &[f64], p: &[f64]) -> f64 {
    estimate_roc_auc_in(&descending(raw), raw, p)
}

/// Row indices by raw score, highest first (ties, −0 and +0 included, by row): one radix sort
/// of integer keys (`crate::metrics::order_key`), much faster than comparing floats.
pub(super) fn descending(raw: &[f64]) -> Vec<usize> {
    let mut keyed: Vec<(u64, usize)> = raw
        .iter()
        .enumerate()
        .map(|(i, &x)| (!crate::metrics::order_key(x), i))
        .collect();
    // Stable by key on items in row order: ties stay by row (a radix sort, O(n)).
    crate::stats::sort_by_key_u64(&mut keyed, |k| k.0);
    keyed.into_iter().map(|(_, i)| i).collect()
}

/// The realised ROC AUC of the labelled rows (`y[i]` = `None`: no label) from the chunk's
/// order by raw score, so a chunk is sorted once for the estimate and the realised value.
///
/// # Formula
/// ```text
/// tie groups g of equal scores, highest first; N⁻ negatives in all; seen⁻ before g:
/// 2U = Σ_g pos_g · (2·(N⁻ − seen⁻ − neg_g) + neg_g),   AUC = 2U / (2·N⁺·N⁻)
/// ```
/// the same exact count as [`crate::metrics::roc_auc`]; `None` with one class among the labels.
pub(super) fn realized_roc_auc_in(order: &[usize], raw: &[f64], y: &[Option<bool>]) -> Option<f64> {
    let n_pos = y.iter().filter(|t| **t == Some(true)).count() as u128;
    let n_neg = y.iter().filter(|t| **t == Some(false)).count() as u128;
    if n_pos == 0 || n_neg == 0 {
        return None;
    }
    let (mut u2, mut seen_neg, mut k) = (0u128, 0u128, 0usize);
    while k < order.len() {
        let mut e = k + 1;
        // `==`: −0 and +0 are one score, as `crate::metrics::order_key` folds them.
        while e < order.len() && raw[order[e]] == raw[order[k]] {
            e += 1;
        }
        let (mut pos_g, mut neg_g) = (0u128, 0u128);
        for &i in &order[k..e] {
            match y[i] {
                Some(true) => pos_g += 1,
                Some(false) => neg_g += 1,
                None => {}
            }
        }
        u2 += pos_g * (2 * (n_neg - seen_neg - neg_g) + neg_g);
        seen_neg += neg_g;
        k = e;
    }
    Some(u2 as f64 / (2.0 * n_pos as f64 * n_neg as f64))
}

/// [`estimate_roc_auc`] over a precomputed [`descending`] order.
pub(super) fn estimate_roc_auc_in(order: &[usize], raw: &[f64], p: &[f64]) -> f64 {
    let mut points: Vec<(f64, f64)> = vec![(0.0, 0.0)];
    let (mut tp, mut rows) = (0.0, 0usize);
    for (k, &i) in order.iter().enumerate() {
        tp += p[i];
        rows += 1;
        let last_of_tie = order.get(k + 1).is_none_or(|&j| raw[j] != raw[i]);
        if last_of_tie {
            points.push((rows as f64 - tp, tp));
        }
    }
    let Some(&(fp_total, tp_total)) = points.last() else {
        return f64::NAN;
    };
    let mut area = 0.0;
    for w in points.windows(2) {
        let (x0, y0) = (w[0].0 / fp_total, w[0].1 / tp_total);
        let (x1, y1) = (w[1].0 / fp_total, w[1].1 / tp_total);
        area += (x1 - x0) * (y0 + y1) / 2.0;
    }
    area
}

/// The estimate of one metric on a chunk (`pred`: predicted positive, `p`: calibrated
/// probability of the positive class, `raw`: the model's score).
///
/// # Formula
/// With the expected confusion matrix (TP, FP, FN, TN) of [`expected_confusion`]:
/// ```text
/// accuracy = (TP + TN)/n      precision = TP/(TP + FP)     recall = TP/(TP + FN)
/// specificity = TN/(TN + FP)  F1 = TP/(TP + (FP + FN)/2)   (0 when a denominator is 0)
/// ```
/// ROC AUC: [`estimate_roc_auc`].
pub fn estimate(metric: CbpeMetric, pred: &[bool], p: &[f64], raw: &[f64]) -> f64 {
    estimate_with(metric, expected_confusion(pred, p), pred.len(), p, raw)
}

/// [`estimate`] from the chunk's expected confusion matrix, worked out once for all metrics.
pub(super) fn estimate_with(
    metric: CbpeMetric,
    (tp, fp, fnn, tn): (f64, f64, f64, f64),
    n: usize,
    p: &[f64],
    raw: &[f64],
) -> f64 {
    if n == 0 {
        return f64::NAN;
    }
    match metric {
        CbpeMetric::Accuracy => (tp + tn) / n as f64,
        CbpeMetric::Precision => ratio(tp, tp + fp),
        CbpeMetric::Recall => ratio(tp, tp + fnn),
        CbpeMetric::Specificity => ratio(tn, tn + fp),
        CbpeMetric::F1 => ratio(tp, tp + 0.5 * (fp + fnn)),
        CbpeMetric::RocAuc => estimate_roc_auc(raw, p),
    }
}

/// The realised metric on labelled rows (scikit-learn's definitions), `None` where NannyML
/// returns NaN: no labelled row; specificity without a negative label; ROC AUC with one class
/// among the labels; F1, precision and recall with one class among the labels or among the
/// predictions. Accuracy is always defined.
pub fn realized(metric: CbpeMetric, y: &[bool], pred: &[bool], raw: &[f64]) -> Option<f64> {
    if y.is_empty() {
        return None;
    }
    let (tp, fp, fnn, tn) = confusion(y, pred, |t| t);
    let n = y.len() as f64;
    let one_class = tp + fnn == 0.0 || tp + fnn == n;
    let one_pred_class = tp + fp == 0.0 || tp + fp == n;
    match metric {
        CbpeMetric::Accuracy => Some((tp + tn) / n),
        CbpeMetric::Specificity => (tn + fp > 0.0).then(|| tn / (tn + fp)),
        CbpeMetric::RocAuc => roc_auc(y, raw).ok(),
        _ if one_class || one_pred_class => None,
        CbpeMetric::Precision => Some(ratio(tp, tp + fp)),
        CbpeMetric::Recall => Some(ratio(tp, tp + fnn)),
        CbpeMetric::F1 => Some(ratio(tp, tp + 0.5 * (fp + fnn))),
    }
}

/// The confusion counts `(tp, fp, fn, tn)` of predictions `pred` against outcomes `y` (pairs
/// beyond the shorter slice ignored), `positive` saying which labels are the positive class
/// (one-vs-rest for the multiclass estimator), in one pass.
pub(super) fn confusion<T: Copy>(
    y: &[T],
    pred: &[T],
    positive: impl Fn(T) -> bool,
) -> (f64, f64, f64, f64) {
    // Index: 2 · (outcome negative) + (prediction negative) → tp, fn, fp, tn.
    let mut n = [0u64; 4];
    for (&t, &d) in y.iter().zip(pred) {
        let i = 2 * usize::from(!positive(t)) + usize::from(!positive(d));
        if let Some(c) = n.get_mut(i) {
            *c += 1;
        }
    }
    let [tp, fnn, fp, tn] = n.map(|c| c as f64);
    (tp, fp, fnn, tn)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn confusion_counts_each_cell_once() {
        let y = [true, true, false, false, true, false, true];
        let p = [true, false, true, false, true, false, false];
        // tp: rows 0, 4; fn: 1, 6; fp: 2; tn: 3, 5.
        assert_eq!(confusion(&y, &p, |t| t), (2.0, 1.0, 2.0, 2.0));
        // One-vs-rest for class 2 of three.
        let y = [0usize, 2, 2, 1, 2, 0];
        let p = [2usize, 2, 1, 1, 2, 0];
        // tp: rows 1, 4; fp: row 0; fn: row 2; tn: rows 3, 5.
        assert_eq!(confusion(&y, &p, |t| t == 2), (2.0, 1.0, 1.0, 2.0));
        assert_eq!(confusion::<bool>(&[], &[], |t| t), (0.0, 0.0, 0.0, 0.0));
    }
}
