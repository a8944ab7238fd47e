//! The confusion matrix and the precision / recall / F1 family derived from it.

use super::*;

// ---------------------------------------------------------------------------------------------
// Confusion matrix
// ---------------------------------------------------------------------------------------------

/// A k×k confusion matrix of counts, rows = true class, columns = predicted class.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfusionMatrix {
    k: usize,
    /// Row-major counts.
    counts: Vec<u64>,
}

/// Precision, recall and F1 of one class, with its support.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Prf {
    pub(super) precision: f64,
    pub(super) recall: f64,
    pub(super) f1: f64,
}

impl ConfusionMatrix {
    /// Counts pairs of class codes `0..k`.
    ///
    /// # Errors
    /// [`MetricError::LengthMismatch`] when the slices differ in length,
    /// [`MetricError::LabelOutOfRange`] for a code `≥ k`.
    pub fn from_codes(y_true: &[usize], y_pred: &[usize], k: usize) -> Result<Self, MetricError> {
        check_len("y_pred", y_true.len(), y_pred.len())?;
        let mut counts = vec![0u64; k * k];
        for (row, (&t, &p)) in y_true.iter().zip(y_pred).enumerate() {
            if t >= k || p >= k {
                return Err(MetricError::LabelOutOfRange {
                    code: t.max(p),
                    row,
                    k,
                });
            }
            counts[t * k + p] += 1;
        }
        Ok(ConfusionMatrix { k, counts })
    }

    /// Binary matrix `[[TN, FP], [FN, TP]]` (`true` = positive = class 1).
    ///
    /// # Errors
    /// [`MetricError::LengthMismatch`] when the slices differ in length.
    pub fn from_binary(y_true: &[bool], y_pred: &[bool]) -> Result<Self, MetricError> {
        check_len("y_pred", y_true.len(), y_pred.len())?;
        let mut counts = vec![0u64; 4];
        for (&t, &p) in y_true.iter().zip(y_pred) {
            counts[usize::from(t) * 2 + usize::from(p)] += 1;
        }
        Ok(ConfusionMatrix { k: 2, counts })
    }

    /// Number of classes.
    pub fn classes(&self) -> usize {
        self.k
    }

    /// Count of rows with true class `t` predicted as `p` (0 outside the matrix).
    pub fn get(&self, t: usize, p: usize) -> u64 {
        if t < self.k && p < self.k {
            self.counts[t * self.k + p]
        } else {
            0
        }
    }

    /// Total number of rows.
    pub fn total(&self) -> u64 {
        self.counts.iter().sum()
    }

    /// The matrix as nested rows (the JSON shape).
    pub fn rows(&self) -> Vec<Vec<u64>> {
        if self.k == 0 {
            return Vec::new();
        }
        self.counts.chunks(self.k).map(<[u64]>::to_vec).collect()
    }

    /// True rows per class (row sums).
    pub fn support(&self) -> Vec<u64> {
        (0..self.k)
            .map(|t| (0..self.k).map(|p| self.get(t, p)).sum())
            .collect()
    }

    /// Predicted rows per class (column sums).
    pub fn predicted(&self) -> Vec<u64> {
        (0..self.k)
            .map(|p| (0..self.k).map(|t| self.get(t, p)).sum())
            .collect()
    }

    pub(super) fn trace(&self) -> u64 {
        (0..self.k).map(|c| self.get(c, c)).sum()
    }

    /// Accuracy: share of rows on the diagonal.
    ///
    /// # Formula
    /// ```text
    /// accuracy = Σ_c C_cc / n
    /// ```
    ///
    /// # Remarks
    /// `NaN` for an empty matrix (the report never builds one).
    ///
    /// # References
    /// `sklearn.metrics.accuracy_score`.
    pub fn accuracy(&self) -> f64 {
        let n = self.total();
        if n == 0 {
            return f64::NAN;
        }
        self.trace() as f64 / n as f64
    }

    pub(super) fn prf(&self, c: usize) -> Prf {
        let tp = self.get(c, c);
        let support: u64 = (0..self.k).map(|p| self.get(c, p)).sum();
        let predicted: u64 = (0..self.k).map(|t| self.get(t, c)).sum();
        let (fp, fn_) = (predicted - tp, support - tp);
        Prf {
            precision: crate::stats::ratio(tp, predicted),
            recall: crate::stats::ratio(tp, support),
            f1: crate::stats::ratio(2 * tp, 2 * tp + fp + fn_),
        }
    }

    /// Precision of class `c`: TP / (TP + FP), 0 when nothing is predicted as `c`.
    ///
    /// # References
    /// `sklearn.metrics.precision_score(..., zero_division=0)`.
    pub fn precision(&self, c: usize) -> f64 {
        self.prf(c).precision
    }

    /// Recall (sensitivity, TPR) of class `c`: TP / (TP + FN), 0 when `c` never occurs.
    ///
    /// # References
    /// `sklearn.metrics.recall_score(..., zero_division=0)`.
    pub fn recall(&self, c: usize) -> f64 {
        self.prf(c).recall
    }

    /// F1 of class `c`.
    ///
    /// # Formula
    /// ```text
    /// F1 = 2·TP / (2·TP + FP + FN)      (0 when the denominator is 0)
    /// ```
    ///
    /// # Remarks
    /// Equal to the harmonic mean 2PR/(P+R) in exact arithmetic; this is the form sklearn ≥ 1.4
    /// evaluates, so the last bits agree.
    ///
    /// # References
    /// `sklearn.metrics.f1_score(..., zero_division=0)`.
    pub fn f1(&self, c: usize) -> f64 {
        self.prf(c).f1
    }

    /// Macro, weighted and micro averages of precision, recall and F1 over all `k` classes.
    ///
    /// # Formula
    /// ```text
    /// macro    = (1/k) Σ_c m_c
    /// weighted = Σ_c s_c·m_c / Σ_c s_c          (s_c = support of c)
    /// micro    : P = R = F1 = Σ TP / n          (single-label data: equals accuracy)
    /// ```
    ///
    /// # References
    /// `sklearn.metrics.precision_recall_fscore_support(average=…, labels=labels,
    /// zero_division=0)`.
    pub fn averages(&self) -> Averages {
        let k = self.k;
        let prf: Vec<Prf> = (0..k).map(|c| self.prf(c)).collect();
        let support = self.support();
        let total: u64 = support.iter().sum();
        let mean = |f: &dyn Fn(&Prf) -> f64| -> f64 {
            if k == 0 {
                0.0
            } else {
                prf.iter().map(f).sum::<f64>() / k as f64
            }
        };
        let weighted = |f: &dyn Fn(&Prf) -> f64| -> f64 {
            if total == 0 {
                0.0
            } else {
                prf.iter()
                    .zip(&support)
                    .map(|(m, &s)| f(m) * s as f64)
                    .sum::<f64>()
                    / total as f64
            }
        };
        let tp = self.trace();
        let predicted: u64 = self.predicted().iter().sum();
        let micro_p = crate::stats::ratio(tp, predicted);
        let micro_r = crate::stats::ratio(tp, total);
        // Micro F1 = 2·ΣTP / (2·ΣTP + ΣFP + ΣFN).
        let micro_f1 = crate::stats::ratio(2 * tp, 2 * tp + (predicted - tp) + (total - tp));
        Averages {
            precision_macro: mean(&|m| m.precision),
            recall_macro: mean(&|m| m.recall),
            f1_macro: mean(&|m| m.f1),
            precision_weighted: weighted(&|m| m.precision),
            recall_weighted: weighted(&|m| m.recall),
            f1_weighted: weighted(&|m| m.f1),
            precision_micro: micro_p,
            recall_micro: micro_r,
            f1_micro: micro_f1,
        }
    }

    /// Balanced accuracy: mean recall over the classes present among the true labels.
    ///
    /// # Formula
    /// ```text
    /// balanced_accuracy = (1/|K⁺|) Σ_{c ∈ K⁺} C_cc / s_c,   K⁺ = {c : s_c > 0}
    /// ```
    ///
    /// # Remarks
    /// Classes that never occur in the true labels are dropped, as sklearn does (with a
    /// warning). `NaN` for an empty matrix.
    ///
    /// # References
    /// `sklearn.metrics.balanced_accuracy_score`; Brodersen, K. H. et al. (2010), "The balanced
    /// accuracy and its posterior distribution", ICPR, <https://doi.org/10.1109/ICPR.2010.764>.
    pub fn balanced_accuracy(&self) -> f64 {
        let support = self.support();
        let recalls: Vec<f64> = (0..self.k)
            .filter(|&c| support[c] > 0)
            .map(|c| self.get(c, c) as f64 / support[c] as f64)
            .collect();
        if recalls.is_empty() {
            return f64::NAN;
        }
        recalls.iter().sum::<f64>() / recalls.len() as f64
    }

    /// Matthews correlation coefficient (Gorodkin's K-category form, sklearn's formula).
    ///
    /// # Formula
    /// ```text
    /// t_c = row sums, p_c = column sums, c = trace, s = n
    /// MCC = (c·s − Σ t_c p_c) / sqrt((s² − Σ p_c²)·(s² − Σ t_c²))      (0 when 0/0)
    /// ```
    ///
    /// # Remarks
    /// The covariances are accumulated exactly in 128-bit integers, then divided once, so the
    /// result is within an ulp or two of sklearn's float64 evaluation. Binary: the φ
    /// coefficient (TP·TN − FP·FN)/sqrt(…).
    ///
    /// # References
    /// `sklearn.metrics.matthews_corrcoef`; Gorodkin (2004),
    /// <https://doi.org/10.1016/j.compbiolchem.2004.09.006>.
    pub fn mcc(&self) -> f64 {
        let t = self.support();
        let p = self.predicted();
        let s = i128::from(self.total() as i64);
        let c = i128::from(self.trace() as i64);
        let dot = |a: &[u64], b: &[u64]| -> i128 {
            a.iter()
                .zip(b)
                .map(|(&x, &y)| (x as i128) * (y as i128))
                .sum()
        };
        let cov_ytyp = c * s - dot(&t, &p);
        let cov_ypyp = s * s - dot(&p, &p);
        let cov_ytyt = s * s - dot(&t, &t);
        if cov_ypyp == 0 || cov_ytyt == 0 {
            return 0.0;
        }
        cov_ytyp as f64 / ((cov_ytyt as f64) * (cov_ypyp as f64)).sqrt()
    }
}

/// Averages of precision, recall and F1 (see [`ConfusionMatrix::averages`]).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Averages {
    /// Unweighted mean precision over classes.
    pub precision_macro: f64,
    /// Unweighted mean recall over classes.
    pub recall_macro: f64,
    /// Unweighted mean F1 over classes.
    pub f1_macro: f64,
    /// Support-weighted mean precision.
    pub precision_weighted: f64,
    /// Support-weighted mean recall.
    pub recall_weighted: f64,
    /// Support-weighted mean F1.
    pub f1_weighted: f64,
    /// Global precision ΣTP / Σ(TP + FP).
    pub precision_micro: f64,
    /// Global recall ΣTP / Σ(TP + FN).
    pub recall_micro: f64,
    /// Global F1.
    pub f1_micro: f64,
}
