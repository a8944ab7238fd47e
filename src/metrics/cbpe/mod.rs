//! Confidence-based performance estimation (CBPE) for binary classification: the accuracy,
//! precision, recall, specificity, F1 and ROC AUC a model is expected to have on rows whose
//! labels have not arrived yet, estimated from its scores alone (NannyML 0.13's `CBPE`).
//!
//! The idea: once a score is a calibrated probability `p = P(y = 1 | score)`, a row predicted
//! positive is a true positive with probability `p` and a false positive with probability
//! `1 − p`, so the expected confusion matrix of a chunk — hence every metric built on it — follows
//! from the scores and the predicted labels. The reference (with labels) calibrates the scores
//! (isotonic regression, when that helps), gives each metric's sampling error and its alert
//! thresholds (the realised metric on the reference's own chunks, mean ± 3σ).

mod multiclass;
pub use multiclass::{performance_estimate_multiclass, ClassRows};
use serde::{Deserialize, Serialize};

use std::collections::BTreeMap;

use super::ranking::roc_auc;
use super::MetricError;
use crate::num::Num;
use crate::stats::{mean, pairwise_sum, std_dev};

/// The metrics CBPE estimates, in the order they are reported.
pub const CBPE_METRICS: [CbpeMetric; 6] = [
    CbpeMetric::RocAuc,
    CbpeMetric::F1,
    CbpeMetric::Precision,
    CbpeMetric::Recall,
    CbpeMetric::Specificity,
    CbpeMetric::Accuracy,
];

/// Sampling errors either side of an estimate for its confidence band (NannyML's
/// `SAMPLING_ERROR_RANGE`).
pub const SAMPLING_ERROR_RANGE: f64 = 3.0;

/// Standard deviations of the reference chunks' realised values either side of their mean for
/// the alert thresholds (NannyML's `StandardDeviationThreshold` default).
pub const THRESHOLD_STD: f64 = 3.0;

/// One estimated metric.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CbpeMetric {
    /// Area under the ROC curve.
    RocAuc,
    /// F1 of the positive class.
    F1,
    /// Precision of the positive class.
    Precision,
    /// Recall (sensitivity) of the positive class.
    Recall,
    /// Specificity (recall of the negative class).
    Specificity,
    /// Accuracy.
    Accuracy,
}

impl CbpeMetric {
    /// The JSON key (`roc_auc`, `f1`, …).
    pub fn key(self) -> &'static str {
        match self {
            CbpeMetric::RocAuc => "roc_auc",
            CbpeMetric::F1 => "f1",
            CbpeMetric::Precision => "precision",
            CbpeMetric::Recall => "recall",
            CbpeMetric::Specificity => "specificity",
            CbpeMetric::Accuracy => "accuracy",
        }
    }

    /// The name shown to people (`ROC AUC`, `F1`, …).
    pub fn label(self) -> &'static str {
        match self {
            CbpeMetric::RocAuc => "ROC AUC",
            CbpeMetric::F1 => "F1",
            CbpeMetric::Precision => "Precision",
            CbpeMetric::Recall => "Recall",
            CbpeMetric::Specificity => "Specificity",
            CbpeMetric::Accuracy => "Accuracy",
        }
    }
}

/// Isotonic regression of 0/1 outcomes on scores, as scikit-learn's
/// `IsotonicRegression(out_of_bounds="clip", increasing=True)` (NannyML's `IsotonicCalibrator`).
///
/// # Formula
/// ```text
/// x₁ < … < x_m   the distinct scores (values closer than 1e-15 merged, as sklearn's _make_unique),
///                with weights wⱼ = rows at xⱼ and yⱼ = mean outcome there
/// ŷ = argmin Σ wⱼ (yⱼ − ŷⱼ)²  subject to ŷ₁ ≤ … ≤ ŷ_m      (pool adjacent violators)
/// calibrate(s) = linear interpolation of (xⱼ, ŷⱼ) at clip(s, x₁, x_m)     (numpy.interp)
/// ```
///
/// # References
/// Barlow, Bartholomew, Bremner & Brunk (1972), *Statistical inference under order
/// restrictions*; Zadrozny & Elkan (2002), "Transforming classifier scores into accurate
/// multiclass probability estimates", KDD; scikit-learn 1.5 `sklearn/isotonic.py`.
#[derive(Clone, Debug, PartialEq)]
pub struct Isotonic {
    x: Vec<f64>,
    y: Vec<f64>,
}

impl Isotonic {
    /// Fits on finite `(score, outcome)` pairs; `None` without any.
    pub fn fit(score: &[f64], outcome: &[bool]) -> Option<Isotonic> {
        let mut pairs: Vec<(f64, f64)> = score
            .iter()
            .zip(outcome)
            .filter(|(s, _)| s.is_finite())
            .map(|(&s, &o)| (s, f64::from(u8::from(o))))
            .collect();
        if pairs.is_empty() {
            return None;
        }
        pairs.sort_unstable_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
        // Distinct scores with their weight and mean outcome.
        let mut x: Vec<f64> = Vec::new();
        let mut w: Vec<f64> = Vec::new();
        let mut sum: Vec<f64> = Vec::new();
        for (s, o) in pairs {
            match x.last() {
                Some(&last) if s - last < 1e-15 => {
                    if let (Some(wl), Some(sl)) = (w.last_mut(), sum.last_mut()) {
                        *wl += 1.0;
                        *sl += o;
                    }
                }
                _ => {
                    x.push(s);
                    w.push(1.0);
                    sum.push(o);
                }
            }
        }
        // Pool adjacent violators over blocks (value, weight, first index).
        let mut blocks: Vec<(f64, f64, usize)> = Vec::with_capacity(x.len());
        for (j, (&wj, &sj)) in w.iter().zip(&sum).enumerate() {
            let mut cur = (sj / wj, wj, j);
            while let Some(&(v, bw, start)) = blocks.last() {
                if v < cur.0 {
                    break;
                }
                blocks.pop();
                let tw = bw + cur.1;
                cur = ((v * bw + cur.0 * cur.1) / tw, tw, start);
            }
            blocks.push(cur);
        }
        let mut y = vec![0.0; x.len()];
        for (k, &(v, _, start)) in blocks.iter().enumerate() {
            let end = blocks.get(k + 1).map_or(x.len(), |b| b.2);
            y[start..end].fill(v);
        }
        Some(Isotonic { x, y })
    }

    /// The calibrated probability of a score (NaN stays NaN).
    pub fn calibrate(&self, s: f64) -> f64 {
        let (x, y) = (&self.x, &self.y);
        if s.is_nan() || x.is_empty() {
            return f64::NAN;
        }
        let last = x.len() - 1;
        if s <= x[0] {
            return y[0];
        }
        if s >= x[last] {
            return y[last];
        }
        // First knot above s (exists: s < x[last]).
        let j = x.partition_point(|&v| v <= s);
        let (x0, x1, y0, y1) = (x[j - 1], x[j], y[j - 1], y[j]);
        // numpy.interp's formula: slope·(s − x0) + y0.
        let slope = (y1 - y0) / (x1 - x0);
        slope * (s - x0) + y0
    }
}

/// NannyML's `_get_bin_index_edges`: index ranges of (about) `bins` equal-count bins over `n`
/// sorted values; the last bin takes the remainder, so there can be more than `bins` bins.
fn bin_index_edges(n: usize, bins: usize) -> Vec<(usize, usize)> {
    let mut bins = bins;
    if n <= 2 * bins {
        bins = n / 2;
        if bins < 2 {
            return Vec::new();
        }
    }
    let width = n / bins;
    let mut edges: Vec<usize> = (0..=n).step_by(width).collect();
    if let Some(last) = edges.last_mut() {
        *last = n;
    }
    edges.windows(2).map(|e| (e[0], e[1])).collect()
}

/// Expected calibration error over equal-count bins of the values sorted by probability
/// (NannyML's `_calculate_expected_calibration_error`).
fn ece(outcome: &[bool], proba: &[f64], edges: &[(usize, usize)]) -> f64 {
    // By probability in `total_cmp`'s order, ties by index (a stable radix sort).
    let mut keyed: Vec<(u64, usize)> = proba
        .iter()
        .enumerate()
        .map(|(i, p)| (crate::stats::order_key(p.to_bits()), i))
        .collect();
    crate::stats::sort_by_key_u64(&mut keyed, |k| k.0);
    let order: Vec<usize> = keyed.into_iter().map(|k| k.1).collect();
    let n = proba.len() as f64;
    edges
        .iter()
        .filter(|(a, b)| b > a)
        .map(|&(a, b)| {
            let p: Vec<f64> = order[a..b].iter().map(|&i| proba[i]).collect();
            let t: Vec<f64> = order[a..b]
                .iter()
                .map(|&i| f64::from(u8::from(outcome[i])))
                .collect();
            (b - a) as f64 / n * (mean(&p) - mean(&t)).abs()
        })
        .sum()
}

/// Whether isotonic calibration improves the reference scores (NannyML's `needs_calibration`,
/// with our own seeded splits).
///
/// # Formula
/// ```text
/// one class in the labels, or ROC AUC > 0.999          → no calibration
/// 10 stratified shuffle splits, 10 % held out each:
///   fit isotonic on the 90 %, calibrate the held-out 10 %
/// ECE (10 equal-count bins) of the pooled held-out rows, raw vs calibrated
/// calibrate ⇔ ECE_raw > ECE_calibrated
/// ```
///
/// # Remarks
/// NannyML draws its splits with scikit-learn's `StratifiedShuffleSplit(random_state=42)`
/// (NumPy's generator); ours are drawn by a seeded xorshift generator, so near the boundary
/// the two can decide differently. The decision is reported (`calibrated` in the JSON) and can
/// be forced by the caller. Beyond [`CALIBRATION_CHECK_ROWS`] rows the check runs on an evenly
/// spaced sample of that many.
pub fn needs_calibration(outcome: &[bool], score: &[f64]) -> bool {
    if outcome.len() > CALIBRATION_CHECK_ROWS {
        // Evenly spaced rows: the decision compares two calibration errors, which 50 000 rows
        // pin down well; 10 isotonic fits on a million rows would take seconds in the browser.
        let k = CALIBRATION_CHECK_ROWS;
        let pick: Vec<usize> = (0..k).map(|i| i * outcome.len() / k).collect();
        let o: Vec<bool> = pick.iter().map(|&i| outcome[i]).collect();
        let s: Vec<f64> = pick.iter().map(|&i| score[i]).collect();
        return needs_calibration(&o, &s);
    }
    let pos = outcome.iter().filter(|&&o| o).count();
    if pos == 0 || pos == outcome.len() {
        return false;
    }
    if roc_auc(outcome, score).is_ok_and(|a| a > 0.999) {
        return false;
    }
    let (pos_idx, neg_idx): (Vec<usize>, Vec<usize>) =
        (0..outcome.len()).partition(|&i| outcome[i]);
    let mut state = 0x9e37_79b9_7f4a_7c15_u64;
    let mut next = move |below: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % below as u64) as usize
    };
    let (mut t_out, mut t_raw, mut t_cal) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..10 {
        let mut test = Vec::new();
        let mut train = Vec::new();
        for group in [&pos_idx, &neg_idx] {
            let mut g = group.clone();
            for i in (1..g.len()).rev() {
                let j = next(i + 1);
                g.swap(i, j);
            }
            let k = (g.len() as f64 * 0.1).round() as usize;
            test.extend_from_slice(&g[..k]);
            train.extend_from_slice(&g[k..]);
        }
        let tr_s: Vec<f64> = train.iter().map(|&i| score[i]).collect();
        let tr_o: Vec<bool> = train.iter().map(|&i| outcome[i]).collect();
        let Some(iso) = Isotonic::fit(&tr_s, &tr_o) else {
            return false;
        };
        for &i in &test {
            t_out.push(outcome[i]);
            t_raw.push(score[i]);
            t_cal.push(iso.calibrate(score[i]));
        }
    }
    let edges = bin_index_edges(t_raw.len(), 10);
    if edges.is_empty() {
        return false;
    }
    ece(&t_out, &t_raw, &edges) > ece(&t_out, &t_cal, &edges)
}

/// Reference rows beyond which [`needs_calibration`] decides on an evenly spaced sample of
/// this many.
pub const CALIBRATION_CHECK_ROWS: usize = 50_000;

/// Per-metric reference figures for the sampling error: (σ, fraction) with
/// `sampling error = σ / √(n · fraction)` (NannyML's `_universal_sampling_error`; accuracy
/// uses fraction 1).
#[derive(Clone, Copy, Debug, PartialEq)]
struct Components {
    std: f64,
    fraction: f64,
}

/// `std` (ddof 0) of `values`, NaN when empty.
fn pstd(values: &[f64]) -> f64 {
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
fn components(metric: CbpeMetric, y: &[bool], pred: &[bool], score: &[f64]) -> Components {
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
fn expected_confusion(pred: &[bool], p: &[f64]) -> (f64, f64, f64, f64) {
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
fn ratio(a: f64, b: f64) -> f64 {
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
fn estimate_roc_auc(raw: &[f64], p: &[f64]) -> f64 {
    estimate_roc_auc_in(&descending(raw), raw, p)
}

/// Row indices by raw score, highest first (ties, −0 and +0 included, by row): one radix sort
/// of integer keys (`crate::metrics::order_key`), much faster than comparing floats.
fn descending(raw: &[f64]) -> Vec<usize> {
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
fn realized_roc_auc_in(order: &[usize], raw: &[f64], y: &[Option<bool>]) -> Option<f64> {
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
fn estimate_roc_auc_in(order: &[usize], raw: &[f64], p: &[f64]) -> f64 {
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
fn estimate_with(
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
    let count = |a: bool, b: bool| {
        y.iter()
            .zip(pred)
            .filter(|&(&t, &d)| t == a && d == b)
            .count() as f64
    };
    let (tp, fp, fnn, tn) = (
        count(true, true),
        count(false, true),
        count(true, false),
        count(false, false),
    );
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

/// Lower and upper alert thresholds from the reference chunks' realised values (NaN skipped):
/// `mean ± 3·std` (ddof 0), a bound beyond the metric's range [0, 1] replaced by the range's
/// end (NannyML's `StandardDeviationThreshold` and value limits). `None` without any value.
pub fn thresholds(values: &[f64]) -> Option<(f64, f64)> {
    let (lo, hi) = thresholds_unclipped(values)?;
    Some((
        if lo <= 0.0 { 0.0 } else { lo },
        if hi >= 1.0 { 1.0 } else { hi },
    ))
}

/// Reference chunks needed before their range (mean ± 3σ) serves as a threshold: the σ of a
/// handful of chunks says little about how far chance goes, and small files (a few hundred
/// rows in two or three chunks) alerted in their first production chunk by chance.
pub const MIN_REFERENCE_CHUNKS: usize = 6;

/// [`thresholds_unclipped`] when at least [`MIN_REFERENCE_CHUNKS`] values are not NaN, else
/// `None` (no range: nothing alerts on it).
pub fn reference_range(values: &[f64]) -> Option<(f64, f64)> {
    let n = values.iter().filter(|x| !x.is_nan()).count();
    if n < MIN_REFERENCE_CHUNKS {
        return None;
    }
    thresholds_unclipped(values)
}

/// `mean ± 3·std` (ddof 0) of the non-NaN `values` (NannyML's `StandardDeviationThreshold`),
/// not clipped; `None` without any value.
pub fn thresholds_unclipped(values: &[f64]) -> Option<(f64, f64)> {
    let v: Vec<f64> = values.iter().copied().filter(|x| !x.is_nan()).collect();
    if v.is_empty() {
        return None;
    }
    let (m, s) = (mean(&v), std_dev(&v, 0));
    Some((m - THRESHOLD_STD * s, m + THRESHOLD_STD * s))
}

/// How to decide on calibration.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Calibration {
    /// Calibrate when [`needs_calibration`] says it helps (NannyML's behaviour).
    #[default]
    Auto,
    /// Always calibrate.
    Always,
    /// Use the scores as they are.
    Never,
}

/// A CBPE model fitted on the labelled reference rows.
#[derive(Clone, Debug)]
pub struct Cbpe {
    calibrator: Option<Isotonic>,
    components: Vec<(CbpeMetric, Components)>,
}

/// One chunk's figures for one metric.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MetricFigures {
    /// The estimate.
    pub estimated: Num,
    /// Its sampling error.
    pub sampling_error: Num,
    /// The estimate ± 3 sampling errors, clipped to [0, 1].
    pub lower_confidence: Num,
    /// Upper end of that band.
    pub upper_confidence: Num,
    /// The realised value where the chunk has labels.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub realized: Option<Num>,
}

impl Cbpe {
    /// Fits on the labelled reference rows (`y`, `pred` and finite `score`, one entry per row).
    ///
    /// # Formula
    /// See the module documentation, [`Isotonic`], [`needs_calibration`] and the sampling
    /// error components (NannyML 0.13's `sampling_error/binary_classification.py`).
    pub fn fit(y: &[bool], pred: &[bool], score: &[f64], calibration: Calibration) -> Cbpe {
        let calibrate = match calibration {
            Calibration::Auto => needs_calibration(y, score),
            Calibration::Always => true,
            Calibration::Never => false,
        };
        Cbpe {
            calibrator: if calibrate {
                Isotonic::fit(score, y)
            } else {
                None
            },
            components: CBPE_METRICS
                .iter()
                .map(|&m| (m, components(m, y, pred, score)))
                .collect(),
        }
    }

    /// Whether the scores are calibrated before estimating.
    pub fn calibrated(&self) -> bool {
        self.calibrator.is_some()
    }

    /// The probability used for a raw score.
    pub fn probability(&self, score: f64) -> f64 {
        self.calibrator
            .as_ref()
            .map_or(score, |c| c.calibrate(score))
    }

    /// Sampling error of `metric` for a chunk of `n` rows.
    pub fn sampling_error(&self, metric: CbpeMetric, n: usize) -> f64 {
        self.components
            .iter()
            .find(|(m, _)| *m == metric)
            .map_or(f64::NAN, |(_, c)| {
                (c.std / (n as f64 * c.fraction).sqrt()).max(0.0)
            })
    }

    /// The figures of one metric on a chunk: `pred`, `score` for every row, `y` for the
    /// labelled ones (`None` = no label yet).
    pub fn chunk(
        &self,
        metric: CbpeMetric,
        pred: &[bool],
        score: &[f64],
        y: &[Option<bool>],
    ) -> Option<MetricFigures> {
        self.chunk_all(pred, score, y)
            .into_iter()
            .find(|(m, _)| *m == metric)
            .map(|(_, f)| f)
    }

    /// The figures of every metric of [`CBPE_METRICS`] on a chunk (the probabilities and the
    /// labelled rows worked out once).
    pub fn chunk_all(
        &self,
        pred: &[bool],
        score: &[f64],
        y: &[Option<bool>],
    ) -> Vec<(CbpeMetric, MetricFigures)> {
        let p: Vec<f64> = score.iter().map(|&s| self.probability(s)).collect();
        let (mut ly, mut lp, mut ls) = (Vec::new(), Vec::new(), Vec::new());
        for ((t, &d), &s) in y.iter().zip(pred).zip(score) {
            if let Some(t) = t {
                ly.push(*t);
                lp.push(d);
                ls.push(s);
            }
        }
        let confusion = expected_confusion(pred, &p);
        // One sort of the chunk serves the estimated and the realised ROC AUC.
        let order = descending(score);
        CBPE_METRICS
            .iter()
            .map(|&metric| {
                let est = if metric == CbpeMetric::RocAuc && !pred.is_empty() {
                    estimate_roc_auc_in(&order, score, &p)
                } else {
                    estimate_with(metric, confusion, pred.len(), &p, score)
                };
                let se = self.sampling_error(metric, pred.len());
                (
                    metric,
                    MetricFigures {
                        estimated: Num(est),
                        sampling_error: Num(se),
                        lower_confidence: Num((est - SAMPLING_ERROR_RANGE * se).max(0.0)),
                        upper_confidence: Num((est + SAMPLING_ERROR_RANGE * se).min(1.0)),
                        realized: if metric == CbpeMetric::RocAuc {
                            realized_roc_auc_in(&order, score, y)
                        } else {
                            realized(metric, &ly, &lp, &ls)
                        }
                        .map(Num),
                    },
                )
            })
            .collect()
    }
}

/// Rows of one chunk: a label and the row indices (in file order).
#[derive(Clone, Debug, PartialEq)]
pub struct ChunkRows {
    /// `chunk 3`, `2026-05-01`, `2026-W18` or `2026-05`.
    pub label: String,
    /// 0-based data row indices.
    pub rows: Vec<usize>,
}

/// Chunks of `size` consecutive rows, the last one shorter when `n` is not a multiple
/// (NannyML's `SizeBasedChunker(incomplete="keep")`); labels `chunk 1`, `chunk 2`, ….
pub fn size_chunks(n: usize, size: usize) -> Vec<ChunkRows> {
    let size = size.max(1);
    (0..n.div_ceil(size))
        .map(|k| ChunkRows {
            label: format!("chunk {}", k + 1),
            rows: (k * size..((k + 1) * size).min(n)).collect(),
        })
        .collect()
}

/// One side of the data: per row the true label (`None` = not arrived), the predicted label
/// (`None` = missing) and the model's score (NaN = missing).
#[derive(Clone, Copy, Debug)]
pub struct ScoredRows<'a> {
    /// True labels.
    pub y: &'a [Option<bool>],
    /// Predicted labels.
    pub pred: &'a [Option<bool>],
    /// Scores of the positive class.
    pub score: &'a [f64],
}

impl ScoredRows<'_> {
    /// The rows of `idx` that have a prediction and a finite score: (y, pred, score).
    fn usable(&self, idx: &[usize]) -> (Vec<Option<bool>>, Vec<bool>, Vec<f64>) {
        let mut out = (Vec::new(), Vec::new(), Vec::new());
        for &i in idx {
            let (Some(&y), Some(&Some(d)), Some(&s)) =
                (self.y.get(i), self.pred.get(i), self.score.get(i))
            else {
                continue;
            };
            if s.is_finite() {
                out.0.push(y);
                out.1.push(d);
                out.2.push(s);
            }
        }
        out
    }
}

/// One chunk of SPEC §9 `performance_estimate.chunks`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EstimateChunk {
    /// The chunk's label.
    pub label: String,
    /// `reference` or `production`.
    pub period: String,
    /// Rows in the chunk.
    pub rows: usize,
    /// Rows used: with a prediction and a finite score.
    pub rows_scored: usize,
    /// Spreadsheet row (header = 1) of the chunk's first row in its file.
    pub start: usize,
    /// Spreadsheet row of its last row.
    pub end: usize,
    /// Rows with a label.
    pub n_labeled: usize,
    /// Estimate per metric.
    pub estimated: BTreeMap<String, Num>,
    /// Sampling error per metric.
    pub sampling_error: BTreeMap<String, Num>,
    /// Estimate − 3 sampling errors (≥ 0).
    pub lower_confidence: BTreeMap<String, Num>,
    /// Estimate + 3 sampling errors (≤ 1).
    pub upper_confidence: BTreeMap<String, Num>,
    /// Lower alert threshold per metric.
    pub lower_threshold: BTreeMap<String, Num>,
    /// Upper alert threshold per metric.
    pub upper_threshold: BTreeMap<String, Num>,
    /// Estimate outside the thresholds.
    pub alert: BTreeMap<String, bool>,
    /// Realised value per metric where the chunk's labels define it.
    pub realized: BTreeMap<String, Num>,
}

/// SPEC §9 `performance_estimate`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PerformanceEstimate {
    /// `cbpe`.
    pub method: String,
    /// Whether the scores were calibrated (isotonic regression on the reference).
    pub calibrated: bool,
    /// Why: `auto` (held-out ECE lower after calibration, or not), `always` or `never`.
    pub calibration: Calibration,
    /// `size`, `day`, `week` or `month`.
    pub chunk_by: String,
    /// Rows per chunk when `chunk_by` is `size`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub chunk_size: Option<usize>,
    /// The metrics, in report order.
    pub metrics: Vec<String>,
    /// Share of production rows that have a label.
    pub labeled_share: Num,
    /// Reference chunks, then production chunks.
    pub chunks: Vec<EstimateChunk>,
    /// The earliest reference chunks not listed in `chunks` (their realised values still set
    /// the thresholds).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub reference_chunks_omitted: usize,
    /// Per metric, the label of the first production chunk whose estimate alerts.
    pub first_alert: BTreeMap<String, String>,
    /// The classes of a multiclass estimate (one-vs-rest, macro averages); empty for binary.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub classes: Vec<String>,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// How the chunks were made, for the report.
#[derive(Clone, Debug, PartialEq)]
pub struct Chunking {
    /// `size`, `day`, `week` or `month`.
    pub by: String,
    /// Rows per chunk when by size.
    pub size: Option<usize>,
}

/// CBPE over chunked reference and production rows (SPEC §9 `performance_estimate`).
///
/// # Formula
/// Fit on the reference rows that have a label, a prediction and a finite score ([`Cbpe::fit`]);
/// thresholds per metric from the realised values of the reference chunks ([`thresholds`]);
/// every chunk of both files gets the estimates, sampling errors, confidence band, alerts and,
/// where labels exist, the realised values ([`Cbpe::chunk`]).
///
/// # Errors
/// [`MetricError::Empty`] without a usable labelled reference row,
/// [`MetricError::OneClass`] when the reference labels hold one class.
pub fn performance_estimate(
    reference: ScoredRows,
    production: ScoredRows,
    reference_chunks: &[ChunkRows],
    production_chunks: &[ChunkRows],
    chunking: &Chunking,
    calibration: Calibration,
) -> Result<PerformanceEstimate, MetricError> {
    let all: Vec<usize> = (0..reference.score.len()).collect();
    let (ry, rp, rs) = reference.usable(&all);
    let (mut y, mut pred, mut score) = (Vec::new(), Vec::new(), Vec::new());
    for ((t, d), s) in ry.iter().zip(&rp).zip(&rs) {
        if let Some(t) = t {
            y.push(*t);
            pred.push(*d);
            score.push(*s);
        }
    }
    if y.is_empty() {
        return Err(MetricError::Empty);
    }
    let pos = y.iter().filter(|&&t| t).count();
    if pos == 0 || pos == y.len() {
        return Err(MetricError::OneClass {
            metric: "performance estimation",
            present: if pos == 0 { "negative" } else { "positive" }.to_owned(),
        });
    }
    let model = Cbpe::fit(&y, &pred, &score, calibration);
    let figures = |side: &ScoredRows, c: &ChunkRows| {
        let (cy, cp, cs) = side.usable(&c.rows);
        let f = model.chunk_all(&cp, &cs, &cy);
        (cy.iter().filter(|t| t.is_some()).count(), cs.len(), f)
    };
    let ref_figs: Vec<_> = reference_chunks
        .iter()
        .map(|c| figures(&reference, c))
        .collect();
    let prod_figs: Vec<_> = production_chunks
        .iter()
        .map(|c| figures(&production, c))
        .collect();
    let share = labeled_share(production.y);
    Ok(assemble(
        Assembly {
            reference_chunks,
            production_chunks,
            chunking,
            calibration,
            calibrated: model.calibrated(),
            labeled_share: share,
            classes: Vec::new(),
        },
        ref_figs,
        prod_figs,
    ))
}

/// Share of rows with a label (`NaN` without rows).
fn labeled_share<T>(y: &[Option<T>]) -> f64 {
    if y.is_empty() {
        f64::NAN
    } else {
        y.iter().filter(|t| t.is_some()).count() as f64 / y.len() as f64
    }
}

/// What [`assemble`] needs beside the per-chunk figures.
pub(super) struct Assembly<'a> {
    reference_chunks: &'a [ChunkRows],
    production_chunks: &'a [ChunkRows],
    chunking: &'a Chunking,
    calibration: Calibration,
    calibrated: bool,
    labeled_share: f64,
    classes: Vec<String>,
}

/// Per-chunk figures: (labelled rows, scored rows, each metric's figures).
pub(super) type ChunkFigures = (usize, usize, Vec<(CbpeMetric, MetricFigures)>);

/// The estimate from the figures of every chunk: the thresholds from the reference chunks'
/// realised values, each chunk's alerts, the first production alert per metric.
fn assemble(
    a: Assembly,
    ref_figs: Vec<ChunkFigures>,
    prod_figs: Vec<ChunkFigures>,
) -> PerformanceEstimate {
    let bounds: BTreeMap<&str, (f64, f64)> = CBPE_METRICS
        .iter()
        .filter_map(|&m| {
            let realised: Vec<f64> = ref_figs
                .iter()
                .map(|(_, _, f)| {
                    f.iter()
                        .find(|(k, _)| *k == m)
                        .and_then(|(_, v)| v.realized)
                        .map_or(f64::NAN, |v| v.0)
                })
                .collect();
            reference_range(&realised)?;
            thresholds(&realised).map(|b| (m.key(), b))
        })
        .collect();
    let make =
        |period: &str,
         c: &ChunkRows,
         (n_labeled, scored, f): (usize, usize, Vec<(CbpeMetric, MetricFigures)>)| {
            let mut ch = EstimateChunk {
                label: c.label.clone(),
                period: period.to_owned(),
                rows: c.rows.len(),
                rows_scored: scored,
                start: c.rows.first().map_or(0, |r| r + 2),
                end: c.rows.last().map_or(0, |r| r + 2),
                n_labeled,
                estimated: BTreeMap::new(),
                sampling_error: BTreeMap::new(),
                lower_confidence: BTreeMap::new(),
                upper_confidence: BTreeMap::new(),
                lower_threshold: BTreeMap::new(),
                upper_threshold: BTreeMap::new(),
                alert: BTreeMap::new(),
                realized: BTreeMap::new(),
            };
            for (m, v) in f {
                let k = m.key().to_owned();
                if let Some(&(lo, hi)) = bounds.get(m.key()) {
                    ch.lower_threshold.insert(k.clone(), Num(lo));
                    ch.upper_threshold.insert(k.clone(), Num(hi));
                    ch.alert
                        .insert(k.clone(), v.estimated.0 < lo || v.estimated.0 > hi);
                }
                if let Some(r) = v.realized {
                    ch.realized.insert(k.clone(), r);
                }
                ch.estimated.insert(k.clone(), v.estimated);
                ch.sampling_error.insert(k.clone(), v.sampling_error);
                ch.lower_confidence.insert(k.clone(), v.lower_confidence);
                ch.upper_confidence.insert(k, v.upper_confidence);
            }
            ch
        };
    let mut chunks: Vec<EstimateChunk> = a
        .reference_chunks
        .iter()
        .zip(ref_figs)
        .map(|(c, f)| make("reference", c, f))
        .collect();
    chunks.extend(
        a.production_chunks
            .iter()
            .zip(prod_figs)
            .map(|(c, f)| make("production", c, f)),
    );
    let mut first_alert = BTreeMap::new();
    for c in chunks.iter().filter(|c| c.period == "production") {
        for (k, &a) in &c.alert {
            if a {
                first_alert
                    .entry(k.clone())
                    .or_insert_with(|| c.label.clone());
            }
        }
    }
    PerformanceEstimate {
        method: "cbpe".to_owned(),
        calibrated: a.calibrated,
        calibration: a.calibration,
        chunk_by: a.chunking.by.clone(),
        chunk_size: a.chunking.size,
        metrics: CBPE_METRICS.iter().map(|m| m.key().to_owned()).collect(),
        labeled_share: Num(a.labeled_share),
        chunks,
        reference_chunks_omitted: 0,
        first_alert,
        classes: a.classes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_realised_auc_from_the_chunk_order_is_the_exact_count() {
        // Ties across classes, unlabelled rows, ±0 and a repeated score.
        let raw = [0.9, 0.3, 0.3, 0.5, 0.1, 0.5, 0.7, 0.0, -0.0, 0.3];
        let y = [
            Some(true),
            Some(false),
            Some(true),
            None,
            Some(false),
            Some(true),
            Some(false),
            Some(true),
            Some(false),
            None,
        ];
        let (ly, ls): (Vec<bool>, Vec<f64>) = y
            .iter()
            .zip(raw)
            .filter_map(|(t, s)| t.map(|t| (t, s)))
            .unzip();
        let want = crate::metrics::roc_auc(&ly, &ls).unwrap();
        assert_eq!(realized_roc_auc_in(&descending(&raw), &raw, &y), Some(want));
        assert_eq!(
            realized_roc_auc_in(&descending(&raw), &raw, &[Some(true); 10]),
            None
        );
    }

    #[test]
    fn isotonic_pools_violators_and_interpolates_like_sklearn() {
        // sklearn: IsotonicRegression(out_of_bounds="clip").fit([1,2,3,4,5],[1,0,1,0,1])
        // .predict([0, 1.5, 2.5, 4.5, 9]) = [0.5, 0.5, 0.5833.., 0.75, 1.0]... computed by hand:
        // PAVA over y = 1,0,1,0,1 → blocks {1,2}: 0.5, {3,4}: 0.5 → merged {1..4}: 0.5, {5}: 1.
        let iso = Isotonic::fit(
            &[1.0, 2.0, 3.0, 4.0, 5.0],
            &[true, false, true, false, true],
        )
        .unwrap();
        assert_eq!(iso.y, vec![0.5, 0.5, 0.5, 0.5, 1.0]);
        assert_eq!(iso.calibrate(0.0), 0.5);
        assert_eq!(iso.calibrate(4.5), 0.75);
        assert_eq!(iso.calibrate(9.0), 1.0);
        assert!(iso.calibrate(f64::NAN).is_nan());
        // Tied scores are one knot with their mean outcome.
        let tied = Isotonic::fit(&[1.0, 1.0, 2.0], &[true, false, true]).unwrap();
        assert_eq!((tied.x.len(), tied.y[0]), (2, 0.5));
    }

    #[test]
    fn bin_edges_follow_nannymls_quirks() {
        assert_eq!(
            bin_index_edges(20, 4),
            vec![(0, 5), (5, 10), (10, 15), (15, 20)]
        );
        // 25 values in 10 bins: width 2, the last edge moved to 25 → 12 bins.
        let e = bin_index_edges(25, 10);
        assert_eq!((e.len(), e[11]), (12, (22, 25)));
        assert_eq!(bin_index_edges(3, 10), Vec::new());
    }

    #[test]
    fn perfectly_calibrated_certain_scores_estimate_the_realised_metrics() {
        // Scores 0 and 1 that are always right: the expected confusion matrix is the real one.
        let y = [true, false, true, true, false, false];
        let s: Vec<f64> = y.iter().map(|&t| f64::from(u8::from(t))).collect();
        let pred = y;
        for m in CBPE_METRICS {
            let e = estimate(m, &pred, &s, &s);
            assert_eq!(Some(e), realized(m, &y, &pred, &s), "{m:?}");
        }
    }

    #[test]
    fn thresholds_are_clipped_to_the_metric_range() {
        assert_eq!(thresholds(&[0.5, 0.5]), Some((0.5, 0.5)));
        let (lo, hi) = thresholds(&[0.0, 1.0, f64::NAN]).unwrap();
        assert_eq!((lo, hi), (0.0, 1.0));
        assert_eq!(thresholds(&[f64::NAN]), None);
    }
}
