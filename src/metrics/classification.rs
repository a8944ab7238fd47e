//! Classification quality: the confusion matrix and everything derived from it, plus the report
//! builder that turns row-aligned label/score columns into SPEC §9's `classification` block.
//!
//! # Conventions (all as scikit-learn 1.9 with `zero_division=0`)
//! * Rows of the confusion matrix are true labels, columns predicted labels. Binary:
//!   `[[TN, FP], [FN, TP]]` (`sklearn.metrics.confusion_matrix(y, ŷ, labels=[neg, pos])`).
//! * Averages run over the **report's label set** (the sorted union of every label seen in the
//!   target, prediction and class-probability columns of both files), i.e. sklearn called with
//!   `labels=labels`. A label absent from one file therefore contributes 0 to that file's macro
//!   average (sklearn warns and does the same); weighted averages are unaffected (weight 0).
//! * A ratio whose denominator is 0 is **0** (`zero_division=0`): precision with no predicted
//!   positive, recall/specificity with no true positive/negative, F1 with `2·TP + FP + FN = 0`.
//! * Balanced accuracy is the mean recall over the classes that occur in the true labels
//!   (sklearn drops the others with a warning). MCC uses sklearn's multiclass formula (which is
//!   the usual φ coefficient for two classes) and is 0 when it is 0/0.
//!
//! # References
//! scikit-learn `precision_recall_fscore_support`, `balanced_accuracy_score`,
//! `matthews_corrcoef`, `confusion_matrix`; Gorodkin, J. (2004), "Comparing two K-category
//! assignments by a K-category correlation coefficient", *Computational Biology and Chemistry*
//! 28(5–6), 367–374, <https://doi.org/10.1016/j.compbiolchem.2004.09.006>.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use serde::{Deserialize, Serialize};

use super::calibration::{self, Reliability};
use super::ranking::{self, PrPoint, RocPoint};
use super::{check_len, MetricError};
use crate::report::Num;

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
struct Prf {
    precision: f64,
    recall: f64,
    f1: f64,
}

/// `num / den`, or 0 when `den == 0` (sklearn's `zero_division=0`).
fn ratio0(num: u64, den: u64) -> f64 {
    if den == 0 {
        0.0
    } else {
        num as f64 / den as f64
    }
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

    fn trace(&self) -> u64 {
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

    fn prf(&self, c: usize) -> Prf {
        let tp = self.get(c, c);
        let support: u64 = (0..self.k).map(|p| self.get(c, p)).sum();
        let predicted: u64 = (0..self.k).map(|t| self.get(t, c)).sum();
        let (fp, fn_) = (predicted - tp, support - tp);
        Prf {
            precision: ratio0(tp, predicted),
            recall: ratio0(tp, support),
            f1: ratio0(2 * tp, 2 * tp + fp + fn_),
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
        let micro_p = ratio0(tp, predicted);
        let micro_r = ratio0(tp, total);
        // Micro F1 = 2·ΣTP / (2·ΣTP + ΣFP + ΣFN).
        let micro_f1 = ratio0(2 * tp, 2 * tp + (predicted - tp) + (total - tp));
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

// ---------------------------------------------------------------------------------------------
// Output structs (SPEC §9 `classification`)
// ---------------------------------------------------------------------------------------------

/// Precision, recall, F1 and support of one class (`per_class` entries).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClassScores {
    /// The class label.
    pub label: String,
    /// TP / (TP + FP), 0 when nothing is predicted as this class.
    pub precision: Num,
    /// TP / (TP + FN), 0 when the class never occurs.
    pub recall: Num,
    /// 2·TP / (2·TP + FP + FN), 0 when 0/0.
    pub f1: Num,
    /// Number of true rows of this class.
    pub support: u64,
}

/// Classification quality of one file: SPEC §9 `classification.reference|production`.
///
/// Keys that do not apply (binary-only metrics on a multiclass task, score metrics without a
/// score) are omitted; keys that apply but cannot be computed are omitted **and** listed with a
/// reason in `not_computable`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClassMetrics {
    /// Rows used: target present and a prediction available.
    pub n_labeled: usize,
    /// Rows given (label coverage = `n_labeled / n_rows`).
    pub n_rows: usize,
    /// Rows with a target but neither a prediction nor a usable score (left out).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub n_missing_prediction: usize,
    /// Rows used by the score metrics (labelled rows with a finite score); present when a score
    /// was given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub n_scored: Option<usize>,
    /// Share of rows predicted correctly.
    pub accuracy: Num,
    /// Mean recall over the classes present in the true labels.
    pub balanced_accuracy: Num,
    /// Binary: precision of the positive class.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub precision: Option<Num>,
    /// Binary: recall (TPR, sensitivity) of the positive class.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recall: Option<Num>,
    /// Binary: F1 of the positive class.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub f1: Option<Num>,
    /// Macro-averaged precision.
    pub precision_macro: Num,
    /// Macro-averaged recall.
    pub recall_macro: Num,
    /// Macro-averaged F1.
    pub f1_macro: Num,
    /// Support-weighted precision.
    pub precision_weighted: Num,
    /// Support-weighted recall.
    pub recall_weighted: Num,
    /// Support-weighted F1.
    pub f1_weighted: Num,
    /// Micro-averaged precision (= accuracy for single-label data).
    pub precision_micro: Num,
    /// Micro-averaged recall (= accuracy).
    pub recall_micro: Num,
    /// Micro-averaged F1 (= accuracy).
    pub f1_micro: Num,
    /// Matthews correlation coefficient.
    pub mcc: Num,
    /// Binary: TN / (TN + FP).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub specificity: Option<Num>,
    /// Binary: ROC AUC of the score; multiclass: one-vs-rest macro ROC AUC of the class
    /// probabilities (sklearn's `multi_class='ovr'`, `average='macro'`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub roc_auc: Option<Num>,
    /// Multiclass: one-vs-rest ROC AUC weighted by true-class prevalence.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub roc_auc_ovr_weighted: Option<Num>,
    /// Multiclass: one-vs-one macro ROC AUC (Hand & Till 2001).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub roc_auc_ovo_macro: Option<Num>,
    /// Binary: average precision (area under the step-wise PR curve).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub average_precision: Option<Num>,
    /// Log loss (natural log, probabilities clipped to [ε, 1 − ε]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub log_loss: Option<Num>,
    /// Brier score (binary: mean (p − y)²; multiclass: mean Σ_c (P_c − y_c)², not halved).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub brier: Option<Num>,
    /// Expected calibration error over the reliability bins.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ece: Option<Num>,
    /// Confusion matrix in the order of the report's `labels`; binary `[[TN, FP], [FN, TP]]`.
    pub confusion_matrix: Vec<Vec<u64>>,
    /// Precision, recall, F1 and support per class, in label order.
    pub per_class: Vec<ClassScores>,
    /// Reliability curve (binary: positive-class probability; multiclass: top-label confidence).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reliability: Option<Reliability>,
    /// Binary: ROC curve for charts (≤ `curve_points` points, collinear points dropped).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub roc_curve: Option<Vec<RocPoint>>,
    /// Binary: precision–recall curve for charts (≤ `curve_points` points).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pr_curve: Option<Vec<PrPoint>>,
    /// Metric key → why it is absent although it applies.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub not_computable: BTreeMap<String, String>,
}

fn is_zero(v: &usize) -> bool {
    *v == 0
}

/// SPEC §9 `classification`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClassificationReport {
    /// `"binary"` or `"multiclass"`.
    pub task: String,
    /// The positive label (binary; for multiclass only when the user gave one, for bias).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub positive_label: Option<String>,
    /// Labels in confusion-matrix order. Multiclass: sorted (byte order). Binary: the negative
    /// label(s) first, the positive label last — `["0", "1"]` for 0/1 data.
    pub labels: Vec<String>,
    /// Reference (baseline) metrics; `None` when the file has no labelled row.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference: Option<ClassMetrics>,
    /// Production metrics; `None` when the file has no labelled row.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub production: Option<ClassMetrics>,
}

// ---------------------------------------------------------------------------------------------
// Core metric builders on encoded data
// ---------------------------------------------------------------------------------------------

fn per_class(cm: &ConfusionMatrix, labels: &[&str]) -> Vec<ClassScores> {
    let support = cm.support();
    labels
        .iter()
        .enumerate()
        .map(|(c, l)| {
            let m = cm.prf(c);
            ClassScores {
                label: (*l).to_owned(),
                precision: Num(m.precision),
                recall: Num(m.recall),
                f1: Num(m.f1),
                support: support.get(c).copied().unwrap_or(0),
            }
        })
        .collect()
}

fn base_metrics(cm: &ConfusionMatrix, labels: &[&str], n_rows: usize) -> ClassMetrics {
    let a = cm.averages();
    ClassMetrics {
        n_labeled: cm.total() as usize,
        n_rows,
        n_missing_prediction: 0,
        n_scored: None,
        accuracy: Num(cm.accuracy()),
        balanced_accuracy: Num(cm.balanced_accuracy()),
        precision: None,
        recall: None,
        f1: None,
        precision_macro: Num(a.precision_macro),
        recall_macro: Num(a.recall_macro),
        f1_macro: Num(a.f1_macro),
        precision_weighted: Num(a.precision_weighted),
        recall_weighted: Num(a.recall_weighted),
        f1_weighted: Num(a.f1_weighted),
        precision_micro: Num(a.precision_micro),
        recall_micro: Num(a.recall_micro),
        f1_micro: Num(a.f1_micro),
        mcc: Num(cm.mcc()),
        specificity: None,
        roc_auc: None,
        roc_auc_ovr_weighted: None,
        roc_auc_ovo_macro: None,
        average_precision: None,
        log_loss: None,
        brier: None,
        ece: None,
        confusion_matrix: cm.rows(),
        per_class: per_class(cm, labels),
        reliability: None,
        roc_curve: None,
        pr_curve: None,
        not_computable: BTreeMap::new(),
    }
}

/// Puts `Ok(v)` into `slot`, or the error's text into `not_computable[key]`.
fn set(
    slot: &mut Option<Num>,
    nc: &mut BTreeMap<String, String>,
    key: &str,
    r: Result<f64, MetricError>,
) {
    match r {
        Ok(v) => *slot = Some(Num(v)),
        Err(e) => {
            nc.insert(key.to_owned(), e.to_string());
        }
    }
}

/// Binary classification metrics of clean, row-aligned data.
///
/// `y_true[i]`/`y_pred[i]` are `true` for the positive class. `score`, when given, is the
/// positive-class probability per row (`NaN` = missing: such rows are left out of the score
/// metrics only, and `n_scored` says how many were used). `labels = [negative, positive]` names
/// the `per_class` entries. `curve_points` bounds the ROC/PR chart curves (0 = no curves).
///
/// # Formula
/// ```text
/// accuracy    = (TP + TN) / n          specificity = TN / (TN + FP)
/// precision   = TP / (TP + FP)         recall      = TP / (TP + FN)
/// F1          = 2TP / (2TP + FP + FN)  MCC         = (TP·TN − FP·FN) / sqrt((TP+FP)(TP+FN)(TN+FP)(TN+FN))
/// ```
/// plus, with a score: ROC AUC and average precision ([`ranking`](mod@super::ranking)), log loss,
/// Brier score, reliability curve and ECE ([`calibration`](mod@super::calibration)).
///
/// # Remarks
/// `n_rows` is set to `y_true.len()`; the report builder overwrites it with the file's row
/// count. Score metrics that cannot be computed (one class present, a score outside [0, 1])
/// are listed in `not_computable`.
///
/// # Errors
/// [`MetricError::Empty`] for no rows, [`MetricError::LengthMismatch`] for misaligned slices.
///
/// # References
/// See the module docs; every value is the matching `sklearn.metrics` function with
/// `pos_label=positive`, `zero_division=0`.
pub fn binary_metrics(
    y_true: &[bool],
    y_pred: &[bool],
    score: Option<&[f64]>,
    labels: [&str; 2],
    curve_points: usize,
) -> Result<ClassMetrics, MetricError> {
    if y_true.is_empty() {
        return Err(MetricError::Empty);
    }
    let cm = ConfusionMatrix::from_binary(y_true, y_pred)?;
    let mut m = base_metrics(&cm, &labels, y_true.len());
    m.precision = Some(Num(cm.precision(1)));
    m.recall = Some(Num(cm.recall(1)));
    m.f1 = Some(Num(cm.f1(1)));
    m.specificity = Some(Num(cm.recall(0)));
    if let Some(score) = score {
        check_len("score", y_true.len(), score.len())?;
        if score.iter().any(|s| s.is_nan()) {
            let (ys, ss): (Vec<bool>, Vec<f64>) = y_true
                .iter()
                .zip(score)
                .filter(|(_, s)| !s.is_nan())
                .map(|(&y, &s)| (y, s))
                .unzip();
            m.n_scored = Some(ys.len());
            add_binary_score_metrics(&mut m, &ys, &ss, curve_points);
        } else {
            m.n_scored = Some(y_true.len());
            add_binary_score_metrics(&mut m, y_true, score, curve_points);
        }
    }
    Ok(m)
}

fn add_binary_score_metrics(m: &mut ClassMetrics, y: &[bool], s: &[f64], curve_points: usize) {
    let nc = &mut m.not_computable;
    if y.is_empty() {
        for key in ["roc_auc", "average_precision", "log_loss", "brier", "ece"] {
            nc.insert(key.to_owned(), "no labelled row has a score".to_owned());
        }
        return;
    }
    match ranking::binary_ranking(y, s, curve_points) {
        Ok(r) => {
            m.roc_auc = Some(Num(r.roc_auc));
            m.average_precision = Some(Num(r.average_precision));
            if curve_points > 0 {
                m.roc_curve = Some(r.roc_curve);
                m.pr_curve = Some(r.pr_curve);
            }
        }
        Err(e) => {
            let present = if y[0] { "positive" } else { "negative" }.to_owned();
            for (key, metric) in [
                ("roc_auc", "ROC AUC"),
                ("average_precision", "average precision"),
            ] {
                let e = match &e {
                    MetricError::OneClass { .. } => MetricError::OneClass {
                        metric,
                        present: present.clone(),
                    },
                    other => other.clone(),
                };
                nc.insert(key.to_owned(), e.to_string());
            }
        }
    }
    set(
        &mut m.log_loss,
        nc,
        "log_loss",
        calibration::log_loss_binary(y, s),
    );
    set(&mut m.brier, nc, "brier", calibration::brier_binary(y, s));
    match calibration::reliability_curve(y, s, calibration::RELIABILITY_BINS, "positive_class") {
        Ok(r) => {
            m.ece = Some(r.ece);
            m.reliability = Some(r);
        }
        Err(e) => {
            nc.insert("ece".to_owned(), e.to_string());
        }
    }
}

/// Multiclass metrics of clean, row-aligned class codes `0..labels.len()`.
///
/// `proba`, when given, holds one probability column per class in label order (`proba[c][i]` =
/// P(class c | row i)); a row with any `NaN` probability is left out of the probability
/// metrics (`n_scored` says how many were used).
///
/// # Formula
/// Confusion-matrix metrics as in [`ConfusionMatrix`]; with probabilities: `roc_auc` (OvR
/// macro), `roc_auc_ovr_weighted`, `roc_auc_ovo_macro` ([`multiclass_roc_auc`](super::ranking::multiclass_roc_auc)),
/// log loss, Brier score (not halved) and the top-label reliability curve/ECE
/// (confidence = max_c P_c, outcome = argmax correct; Guo et al. 2017).
///
/// # Errors
/// [`MetricError::Empty`], [`MetricError::LengthMismatch`], [`MetricError::LabelOutOfRange`].
///
/// # References
/// sklearn `roc_auc_score(multi_class='ovr'|'ovo', labels=labels)`, `log_loss(labels=labels)`,
/// `brier_score_loss(labels=labels)`; Guo, C. et al. (2017), "On calibration of modern neural
/// networks", ICML, <https://proceedings.mlr.press/v70/guo17a.html>.
pub fn multiclass_metrics(
    y_true: &[usize],
    y_pred: &[usize],
    labels: &[&str],
    proba: Option<&[&[f64]]>,
) -> Result<ClassMetrics, MetricError> {
    if y_true.is_empty() {
        return Err(MetricError::Empty);
    }
    let k = labels.len();
    let cm = ConfusionMatrix::from_codes(y_true, y_pred, k)?;
    let mut m = base_metrics(&cm, labels, y_true.len());
    if let Some(proba) = proba {
        if proba.len() != k {
            m.not_computable.insert(
                "roc_auc".to_owned(),
                format!("{} probability columns for {k} classes", proba.len()),
            );
            return Ok(m);
        }
        for col in proba {
            check_len("class probability column", y_true.len(), col.len())?;
        }
        let owned: Vec<Vec<f64>>;
        let ys: Vec<usize>;
        let complete = proba.iter().all(|c| !c.iter().any(|v| v.is_nan()));
        let (y, cols): (&[usize], Vec<&[f64]>) = if complete {
            m.n_scored = Some(y_true.len());
            (y_true, proba.to_vec())
        } else {
            let keep: Vec<usize> = (0..y_true.len())
                .filter(|&i| proba.iter().all(|c| !c[i].is_nan()))
                .collect();
            m.n_scored = Some(keep.len());
            owned = proba
                .iter()
                .map(|c| keep.iter().map(|&i| c[i]).collect())
                .collect();
            ys = keep.iter().map(|&i| y_true[i]).collect();
            (&ys, owned.iter().map(Vec::as_slice).collect())
        };
        add_multiclass_score_metrics(&mut m, y, &cols, labels);
    }
    Ok(m)
}

fn add_multiclass_score_metrics(
    m: &mut ClassMetrics,
    y: &[usize],
    cols: &[&[f64]],
    labels: &[&str],
) {
    let nc = &mut m.not_computable;
    if y.is_empty() {
        for key in [
            "roc_auc",
            "roc_auc_ovr_weighted",
            "roc_auc_ovo_macro",
            "log_loss",
            "brier",
            "ece",
        ] {
            nc.insert(
                key.to_owned(),
                "no labelled row has all class probabilities".to_owned(),
            );
        }
        return;
    }
    let auc = ranking::multiclass_roc_auc(y, cols, labels);
    set(&mut m.roc_auc, nc, "roc_auc", auc.ovr_macro);
    set(
        &mut m.roc_auc_ovr_weighted,
        nc,
        "roc_auc_ovr_weighted",
        auc.ovr_weighted,
    );
    set(
        &mut m.roc_auc_ovo_macro,
        nc,
        "roc_auc_ovo_macro",
        auc.ovo_macro,
    );
    set(
        &mut m.log_loss,
        nc,
        "log_loss",
        calibration::log_loss_multiclass(y, cols),
    );
    set(
        &mut m.brier,
        nc,
        "brier",
        calibration::brier_multiclass(y, cols),
    );
    // Top-label reliability: confidence = max probability, outcome = argmax is right.
    let mut conf = Vec::with_capacity(y.len());
    let mut hit = Vec::with_capacity(y.len());
    for (i, &t) in y.iter().enumerate() {
        let (best, p) = argmax(cols.iter().map(|c| c[i]));
        conf.push(p);
        hit.push(best == Some(t));
    }
    match calibration::reliability_curve(&hit, &conf, calibration::RELIABILITY_BINS, "top_label") {
        Ok(r) => {
            m.ece = Some(r.ece);
            m.reliability = Some(r);
        }
        Err(e) => {
            nc.insert("ece".to_owned(), e.to_string());
        }
    }
}

/// Index and value of the first maximum (numpy `argmax`; NaN never wins).
fn argmax(values: impl Iterator<Item = f64>) -> (Option<usize>, f64) {
    let mut best = None;
    let mut best_v = f64::NEG_INFINITY;
    for (i, v) in values.enumerate() {
        if best.is_none() || v > best_v {
            if v.is_nan() {
                continue;
            }
            best = Some(i);
            best_v = v;
        }
    }
    (best, best_v)
}

// ---------------------------------------------------------------------------------------------
// The report builder on raw columns
// ---------------------------------------------------------------------------------------------

/// One file's classification columns, row-aligned (every given slice has the same length).
#[derive(Clone, Copy, Debug, Default)]
pub struct ClassificationInput<'a> {
    /// True label per row; `None` = missing (the row is left out and not counted in
    /// `n_labeled`).
    pub y_true: &'a [Option<&'a str>],
    /// Predicted label per row (`None` for a row = missing there).
    pub y_pred: Option<&'a [Option<&'a str>]>,
    /// Binary: probability of the positive label per row, `NaN` = missing.
    pub score: Option<&'a [f64]>,
    /// Per-class probability columns `(label, P(label) per row)`, `NaN` = missing. Multiclass
    /// probability metrics need one column per label; in a binary task the positive label's
    /// column stands in for a missing `score`.
    pub class_scores: &'a [(&'a str, &'a [f64])],
}

/// Settings of [`classification_report`].
#[derive(Clone, Debug, PartialEq)]
pub struct ClassificationOptions {
    /// Positive label (binary). Default: the first of `1`, `1.0`, `true`, `yes` (any case)
    /// among the labels, else the last label in byte order (sklearn's `classes_[1]`).
    pub positive_label: Option<String>,
    /// Score threshold for the predicted label when a row has no prediction (default 0.5:
    /// positive when score ≥ 0.5).
    pub threshold: f64,
    /// Maximum number of points of the ROC and PR chart curves (default 200; 0 = no curves).
    pub curve_points: usize,
}

impl Default for ClassificationOptions {
    fn default() -> Self {
        ClassificationOptions {
            positive_label: None,
            threshold: 0.5,
            curve_points: 200,
        }
    }
}

/// The label set and task derived from both files.
struct Task {
    /// Report labels: multiclass sorted; binary negative(s) first, positive last.
    labels: Vec<String>,
    binary: bool,
}

fn check_input(inp: &ClassificationInput) -> Result<(), MetricError> {
    let n = inp.y_true.len();
    if let Some(p) = inp.y_pred {
        check_len("y_pred", n, p.len())?;
    }
    if let Some(s) = inp.score {
        check_len("score", n, s.len())?;
    }
    for (_, c) in inp.class_scores {
        check_len("class score column", n, c.len())?;
    }
    Ok(())
}

/// The default positive label (see [`ClassificationOptions::positive_label`]).
fn default_positive(labels: &BTreeSet<&str>) -> Option<String> {
    for cand in ["1", "1.0", "true", "yes"] {
        if let Some(l) = labels.iter().find(|l| l.eq_ignore_ascii_case(cand)) {
            return Some((*l).to_owned());
        }
    }
    // A single label that is a conventional negative: its conventional counterpart is the
    // positive (so an all-`0` file still reports `labels = ["0", "1"]`, positive `1`).
    if labels.len() == 1 {
        const PAIRS: [(&str, &str); 8] = [
            ("0", "1"),
            ("0.0", "1.0"),
            ("false", "true"),
            ("False", "True"),
            ("FALSE", "TRUE"),
            ("no", "yes"),
            ("No", "Yes"),
            ("NO", "YES"),
        ];
        if let Some((_, pos)) = PAIRS.iter().find(|(neg, _)| labels.contains(neg)) {
            return Some((*pos).to_owned());
        }
    }
    labels.iter().next_back().map(|l| (*l).to_owned())
}

/// Distinct labels of a column: a short list scanned linearly while there are few (the usual
/// case, ~10× faster than a tree insert per row), a hash set beyond that.
#[derive(Default)]
struct DistinctLabels<'a> {
    small: Vec<&'a str>,
    large: Option<HashSet<&'a str>>,
}

impl<'a> DistinctLabels<'a> {
    fn extend(&mut self, labels: impl Iterator<Item = &'a str>) {
        let mut last: Option<&str> = None;
        for l in labels {
            if last == Some(l) {
                continue;
            }
            last = Some(l);
            if let Some(set) = &mut self.large {
                set.insert(l);
            } else if !self.small.contains(&l) {
                self.small.push(l);
                if self.small.len() > 32 {
                    self.large = Some(self.small.drain(..).collect());
                }
            }
        }
    }

    fn into_set(self) -> BTreeSet<&'a str> {
        match self.large {
            Some(set) => set.into_iter().collect(),
            None => self.small.into_iter().collect(),
        }
    }
}

/// Derives labels, task and positive label from both inputs.
fn derive_task(
    inputs: &[&ClassificationInput],
    opts: &ClassificationOptions,
) -> Result<(Task, Option<String>), MetricError> {
    let mut seen = DistinctLabels::default();
    for inp in inputs {
        seen.extend(inp.y_true.iter().flatten().copied());
        if let Some(p) = inp.y_pred {
            seen.extend(p.iter().flatten().copied());
        }
    }
    let mut set = seen.into_set();
    let n_class_cols = inputs
        .iter()
        .map(|i| i.class_scores.len())
        .max()
        .unwrap_or(0);
    if n_class_cols > 2 {
        for inp in inputs {
            set.extend(inp.class_scores.iter().map(|(l, _)| *l));
        }
    }
    if set.is_empty() {
        return Err(MetricError::NoLabels);
    }
    if set.len() > 2 {
        let labels: Vec<String> = set.iter().map(|l| (*l).to_owned()).collect();
        return Ok((
            Task {
                labels,
                binary: false,
            },
            opts.positive_label.clone(),
        ));
    }
    let positive = opts
        .positive_label
        .clone()
        .or_else(|| default_positive(&set))
        .unwrap_or_default();
    let mut labels: Vec<String> = set
        .iter()
        .filter(|l| **l != positive)
        .map(|l| (*l).to_owned())
        .collect();
    labels.push(positive.clone());
    Ok((
        Task {
            labels,
            binary: true,
        },
        Some(positive),
    ))
}

/// The per-row prediction rule shared by the metrics and [`correctness`].
enum Rule<'a> {
    Binary { positive: &'a str, threshold: f64 },
    Multi { labels: &'a [String] },
}

impl Rule<'_> {
    /// Binary score of a row: `score`, else the positive label's class column.
    fn binary_score(inp: &ClassificationInput, positive: &str, row: usize) -> f64 {
        let s = inp
            .score
            .and_then(|s| s.get(row).copied())
            .unwrap_or(f64::NAN);
        if !s.is_nan() {
            return s;
        }
        inp.class_scores
            .iter()
            .find(|(l, _)| *l == positive)
            .and_then(|(_, c)| c.get(row).copied())
            .unwrap_or(f64::NAN)
    }

    /// Class code of a label (binary: 1 = positive).
    fn code(&self, label: &str) -> Option<usize> {
        match self {
            Rule::Binary { positive, .. } => Some(usize::from(label == *positive)),
            // A linear scan beats a binary search for the usual handful of classes.
            Rule::Multi { labels } if labels.len() <= 16 => labels.iter().position(|l| l == label),
            Rule::Multi { labels } => labels.binary_search_by(|l| l.as_str().cmp(label)).ok(),
        }
    }

    /// Predicted class code of a row: the prediction column, else the score rule (binary) or
    /// the argmax of the class probabilities `cols` (multiclass; `None` unless every label has
    /// a column and the row has no NaN).
    fn predict(
        &self,
        inp: &ClassificationInput,
        row: usize,
        cols: Option<&[&[f64]]>,
    ) -> Option<usize> {
        if let Some(l) = inp.y_pred.and_then(|p| p.get(row).copied().flatten()) {
            return self.code(l);
        }
        match self {
            Rule::Binary {
                positive,
                threshold,
            } => {
                let s = Self::binary_score(inp, positive, row);
                (!s.is_nan()).then_some(usize::from(s >= *threshold))
            }
            Rule::Multi { .. } => {
                // numpy argmax: the first maximum.
                let mut best = None;
                let mut best_v = f64::NEG_INFINITY;
                for (c, col) in cols?.iter().enumerate() {
                    let v = *col.get(row)?;
                    if v.is_nan() {
                        return None;
                    }
                    if best.is_none() || v > best_v {
                        best = Some(c);
                        best_v = v;
                    }
                }
                best
            }
        }
    }
}

/// All class columns in label order, when every label has one.
fn complete_columns<'a>(class_cols: &[Option<&'a [f64]>]) -> Option<Vec<&'a [f64]>> {
    if class_cols.is_empty() {
        return None;
    }
    class_cols.iter().copied().collect()
}

/// Class probability columns in label order (`None` where a label has no column).
fn class_columns<'a>(inp: &ClassificationInput<'a>, labels: &[String]) -> Vec<Option<&'a [f64]>> {
    labels
        .iter()
        .map(|l| {
            inp.class_scores
                .iter()
                .find(|(c, _)| *c == l.as_str())
                .map(|(_, c)| *c)
        })
        .collect()
}

fn side_metrics(
    inp: &ClassificationInput,
    rule: &Rule,
    labels: &[String],
    opts: &ClassificationOptions,
) -> Result<Option<ClassMetrics>, MetricError> {
    let n_rows = inp.y_true.len();
    let label_refs: Vec<&str> = labels.iter().map(String::as_str).collect();
    let mut missing_pred = 0usize;
    let mut m = match rule {
        Rule::Binary { positive, .. } => {
            let has_score =
                inp.score.is_some() || inp.class_scores.iter().any(|(l, _)| l == positive);
            let mut yb = Vec::with_capacity(n_rows);
            let mut pb = Vec::with_capacity(n_rows);
            let mut score = Vec::with_capacity(if has_score { n_rows } else { 0 });
            for (row, t) in inp.y_true.iter().enumerate() {
                let Some(t) = t else { continue };
                let Some(pc) = rule.predict(inp, row, None) else {
                    missing_pred += 1;
                    continue;
                };
                yb.push(*t == *positive);
                pb.push(pc == 1);
                if has_score {
                    score.push(Rule::binary_score(inp, positive, row));
                }
            }
            if yb.is_empty() {
                return Ok(None);
            }
            let negative = match label_refs.len() {
                2 => label_refs[0].to_owned(),
                _ => format!("(not {positive})"),
            };
            binary_metrics(
                &yb,
                &pb,
                has_score.then_some(score.as_slice()),
                [&negative, positive],
                opts.curve_points,
            )?
        }
        Rule::Multi { .. } => {
            let class_cols = class_columns(inp, labels);
            let full = complete_columns(&class_cols);
            let mut y = Vec::with_capacity(n_rows);
            let mut yhat = Vec::with_capacity(n_rows);
            let mut rows = Vec::with_capacity(n_rows);
            for (row, t) in inp.y_true.iter().enumerate() {
                let Some(t) = t else { continue };
                let (Some(tc), Some(pc)) = (rule.code(t), rule.predict(inp, row, full.as_deref()))
                else {
                    missing_pred += 1;
                    continue;
                };
                y.push(tc);
                yhat.push(pc);
                rows.push(row);
            }
            if y.is_empty() {
                return Ok(None);
            }
            let missing_col = labels
                .iter()
                .zip(&class_cols)
                .find(|(_, c)| c.is_none())
                .map(|(l, _)| l);
            match missing_col {
                _ if inp.class_scores.is_empty() => {
                    multiclass_metrics(&y, &yhat, &label_refs, None)?
                }
                Some(missing) => {
                    let mut m = multiclass_metrics(&y, &yhat, &label_refs, None)?;
                    let reason = MetricError::MissingClassScore(missing.clone()).to_string();
                    for key in [
                        "roc_auc",
                        "roc_auc_ovr_weighted",
                        "roc_auc_ovo_macro",
                        "log_loss",
                        "brier",
                        "ece",
                    ] {
                        m.not_computable.insert(key.to_owned(), reason.clone());
                    }
                    m
                }
                None if rows.len() == n_rows => {
                    // Every row is used: pass the columns as they are (no copy).
                    let refs: Vec<&[f64]> = class_cols.iter().flatten().copied().collect();
                    multiclass_metrics(&y, &yhat, &label_refs, Some(&refs))?
                }
                None => {
                    let cols: Vec<Vec<f64>> = class_cols
                        .iter()
                        .flatten()
                        .map(|c| rows.iter().map(|&r| c[r]).collect())
                        .collect();
                    let refs: Vec<&[f64]> = cols.iter().map(Vec::as_slice).collect();
                    multiclass_metrics(&y, &yhat, &label_refs, Some(&refs))?
                }
            }
        }
    };
    m.n_rows = n_rows;
    m.n_missing_prediction = missing_pred;
    Ok(Some(m))
}

/// Builds SPEC §9's `classification` block from both files' columns.
///
/// # Formula
/// Task: **multiclass** when more than two labels occur (in the targets and predictions of both
/// files, plus the labels of class-probability columns when there are more than two such
/// columns), else **binary**. Predicted label per row: the prediction column; where it is
/// missing, binary uses `score ≥ threshold` (score = `score`, else the positive label's class
/// column) and multiclass the argmax of the class probabilities (first maximum, numpy's
/// `argmax`). Then [`binary_metrics`] / [`multiclass_metrics`] per file.
///
/// # Remarks
/// * Rows with a missing target are skipped and counted (`n_rows − n_labeled`); rows with a
///   target but no prediction are skipped and counted in `n_missing_prediction`.
/// * A file without any usable row gets `None` (key omitted).
/// * Binary with a user-chosen positive label that never occurs still works (everything is
///   negative); a negative label that never occurs is named `(not <positive>)` in `per_class`.
///
/// # Errors
/// [`MetricError::NoLabels`] when neither file has any label, [`MetricError::LengthMismatch`]
/// when a file's columns differ in length.
///
/// # References
/// `sklearn.metrics` (see [`binary_metrics`], [`multiclass_metrics`]).
pub fn classification_report(
    reference: Option<&ClassificationInput>,
    production: Option<&ClassificationInput>,
    opts: &ClassificationOptions,
) -> Result<ClassificationReport, MetricError> {
    let inputs: Vec<&ClassificationInput> =
        reference.iter().chain(production.iter()).copied().collect();
    for inp in &inputs {
        check_input(inp)?;
    }
    let (task, positive) = derive_task(&inputs, opts)?;
    let rule = match (task.binary, &positive) {
        (true, Some(p)) => Rule::Binary {
            positive: p,
            threshold: opts.threshold,
        },
        _ => Rule::Multi {
            labels: &task.labels,
        },
    };
    let side = |inp: Option<&ClassificationInput>| -> Result<Option<ClassMetrics>, MetricError> {
        match inp {
            Some(i) => side_metrics(i, &rule, &task.labels, opts),
            None => Ok(None),
        }
    };
    Ok(ClassificationReport {
        task: if task.binary { "binary" } else { "multiclass" }.to_owned(),
        positive_label: positive.clone(),
        labels: task.labels.clone(),
        reference: side(reference)?,
        production: side(production)?,
    })
}

/// Per row: was the prediction right? `None` when the row has no target or no usable
/// prediction — the 0/1 outcome stream behind rolling accuracy, chunks and change points.
///
/// Uses exactly the label set, positive label and prediction rule of `report` (build the report
/// first with [`classification_report`] and pass the same `opts`).
///
/// # Errors
/// [`MetricError::LengthMismatch`] when the input's columns differ in length.
pub fn correctness(
    input: &ClassificationInput,
    report: &ClassificationReport,
    opts: &ClassificationOptions,
) -> Result<Vec<Option<bool>>, MetricError> {
    check_input(input)?;
    let rule = match (&report.task[..], &report.positive_label) {
        ("binary", Some(p)) => Rule::Binary {
            positive: p,
            threshold: opts.threshold,
        },
        _ => Rule::Multi {
            labels: &report.labels,
        },
    };
    correctness_with(input, &rule, &report.labels)
}

fn correctness_with(
    input: &ClassificationInput,
    rule: &Rule,
    labels: &[String],
) -> Result<Vec<Option<bool>>, MetricError> {
    let full = match rule {
        Rule::Multi { .. } => complete_columns(&class_columns(input, labels)),
        Rule::Binary { .. } => None,
    };
    Ok(input
        .y_true
        .iter()
        .enumerate()
        .map(|(row, t)| {
            let tc = rule.code((*t)?)?;
            let pc = rule.predict(input, row, full.as_deref())?;
            Some(tc == pc)
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-12 * b.abs().max(1.0)
    }

    #[test]
    fn binary_confusion_matrix_metrics_are_the_closed_forms() {
        // TN = 2, FP = 1, FN = 1, TP = 2 (6 rows)
        let y = [false, false, false, true, true, true];
        let p = [false, false, true, false, true, true];
        let m = binary_metrics(&y, &p, None, ["0", "1"], 0).unwrap();
        assert_eq!(m.confusion_matrix, vec![vec![2, 1], vec![1, 2]]);
        assert_eq!(m.accuracy.0, 4.0 / 6.0);
        assert_eq!(m.precision.unwrap().0, 2.0 / 3.0);
        assert_eq!(m.recall.unwrap().0, 2.0 / 3.0);
        assert_eq!(m.f1.unwrap().0, 4.0 / 6.0);
        assert_eq!(m.specificity.unwrap().0, 2.0 / 3.0);
        // MCC = (TP·TN − FP·FN)/sqrt(3·3·3·3) = (4 − 1)/9
        assert!(close(m.mcc.0, 3.0 / 9.0));
        assert!(close(m.balanced_accuracy.0, 2.0 / 3.0));
        assert!(m.roc_auc.is_none() && m.not_computable.is_empty());
    }

    #[test]
    fn linfa_style_fractions() {
        // y = 0 0 1 1 1 1, ŷ = 0 1 1 1 1 0: TN 1, FP 1, FN 1, TP 3
        let y = [false, false, true, true, true, true];
        let p = [false, true, true, true, true, false];
        let m = binary_metrics(&y, &p, None, ["0", "1"], 0).unwrap();
        assert_eq!(m.precision.unwrap().0, 3.0 / 4.0);
        assert_eq!(m.recall.unwrap().0, 3.0 / 4.0);
        assert_eq!(m.accuracy.0, 4.0 / 6.0);
        assert_eq!(m.specificity.unwrap().0, 1.0 / 2.0);
        // macro P = (1/2 + 3/4)/2, weighted P = (2·1/2 + 4·3/4)/6
        assert!(close(m.precision_macro.0, 5.0 / 8.0));
        assert!(close(m.precision_weighted.0, 4.0 / 6.0));
        assert!(close(m.f1_micro.0, 4.0 / 6.0));
    }

    #[test]
    fn zero_division_gives_zero_like_sklearn() {
        // Nothing predicted positive, no positive in the truth.
        let y = [false, false, false];
        let p = [false, false, false];
        let m = binary_metrics(&y, &p, None, ["0", "1"], 0).unwrap();
        assert_eq!(m.precision.unwrap().0, 0.0);
        assert_eq!(m.recall.unwrap().0, 0.0);
        assert_eq!(m.f1.unwrap().0, 0.0);
        assert_eq!(m.specificity.unwrap().0, 1.0);
        // sklearn.metrics.matthews_corrcoef([0,0,0],[0,0,0]) == 0.0
        assert_eq!(m.mcc.0, 0.0);
        // Only class 0 occurs in the truth: balanced accuracy = its recall.
        assert_eq!(m.balanced_accuracy.0, 1.0);
        // precision_score(..., average='macro', labels=[0,1], zero_division=0) == 0.5
        assert_eq!(m.precision_macro.0, 0.5);
        // All negative truth, predictions all positive: specificity 0, precision 0.
        let m = binary_metrics(&[false, false], &[true, true], None, ["0", "1"], 0).unwrap();
        assert_eq!(
            (m.precision.unwrap().0, m.specificity.unwrap().0),
            (0.0, 0.0)
        );
    }

    #[test]
    fn multiclass_matches_sklearn_on_a_small_example() {
        // y = [0,1,2,2], ŷ = [0,1,1,2]; balanced_accuracy_score == 0.8333333333333334
        let m = multiclass_metrics(&[0, 1, 2, 2], &[0, 1, 1, 2], &["a", "b", "c"], None).unwrap();
        assert!(close(m.balanced_accuracy.0, 5.0 / 6.0));
        assert_eq!(m.accuracy.0, 3.0 / 4.0);
        assert_eq!(m.per_class[1].precision.0, 1.0 / 2.0);
        assert_eq!(m.per_class[2].recall.0, 1.0 / 2.0);
        assert_eq!(m.per_class[2].support, 2);
        // matthews_corrcoef([0,1,2,2],[0,1,1,2]) == 0.7: (3·4 − 5)/sqrt((16 − 6)·(16 − 6))
        assert!(close(m.mcc.0, 0.7), "{}", m.mcc.0);
        assert!(m.precision.is_none() && m.specificity.is_none());
    }

    #[test]
    fn metrics_are_invariant_under_row_permutation() {
        let y = [0usize, 1, 2, 2, 1, 0, 0, 2, 1, 1];
        let p = [0usize, 2, 2, 1, 1, 0, 1, 2, 1, 0];
        let perm = [7usize, 2, 9, 0, 4, 1, 8, 3, 6, 5];
        let yp: Vec<usize> = perm.iter().map(|&i| y[i]).collect();
        let pp: Vec<usize> = perm.iter().map(|&i| p[i]).collect();
        let a = multiclass_metrics(&y, &p, &["a", "b", "c"], None).unwrap();
        let b = multiclass_metrics(&yp, &pp, &["a", "b", "c"], None).unwrap();
        assert_eq!(a, b);
    }

    #[test]
    fn report_skips_and_counts_missing_targets_and_predictions() {
        let y = [Some("1"), None, Some("0"), Some("1"), Some("0")];
        let p = [Some("1"), Some("1"), None, Some("0"), Some("0")];
        let s = [0.9, 0.8, 0.7, f64::NAN, 0.1];
        let inp = ClassificationInput {
            y_true: &y,
            y_pred: Some(&p),
            score: Some(&s),
            ..Default::default()
        };
        let r = classification_report(Some(&inp), None, &ClassificationOptions::default()).unwrap();
        assert_eq!(r.task, "binary");
        assert_eq!(r.labels, vec!["0", "1"]);
        assert_eq!(r.positive_label.as_deref(), Some("1"));
        let m = r.reference.unwrap();
        // Row 3 has no prediction but a score 0.7 ≥ 0.5 → predicted positive.
        assert_eq!(m.n_labeled, 4);
        assert_eq!(m.n_rows, 5);
        assert_eq!(m.n_missing_prediction, 0);
        assert_eq!(m.confusion_matrix, vec![vec![1, 1], vec![1, 1]]);
        assert_eq!(m.n_scored, Some(3));
        assert!(r.production.is_none());
    }

    #[test]
    fn one_class_makes_roc_auc_and_ap_not_computable() {
        let y = [Some("1"), Some("1"), Some("1")];
        let s = [0.2, 0.6, 0.9];
        let inp = ClassificationInput {
            y_true: &y,
            score: Some(&s),
            ..Default::default()
        };
        let r = classification_report(Some(&inp), None, &ClassificationOptions::default()).unwrap();
        let m = r.reference.unwrap();
        assert!(m.roc_auc.is_none() && m.average_precision.is_none());
        assert!(
            m.not_computable["roc_auc"].contains("only one class"),
            "{:?}",
            m.not_computable
        );
        assert!(m.not_computable.contains_key("average_precision"));
        assert!(m.log_loss.is_some() && m.brier.is_some());
        assert_eq!(m.confusion_matrix, vec![vec![0, 0], vec![1, 2]]);
        let json = serde_json::to_value(&m).unwrap();
        assert!(json.get("roc_auc").is_none());
        assert!(json.get("precision").is_some());
    }

    #[test]
    fn multiclass_report_predicts_by_argmax_and_serialises_spec_keys() {
        let y = [Some("cat"), Some("dog"), Some("bird"), Some("dog")];
        let pb = [0.1, 0.2, 0.7, 0.3];
        let pc = [0.6, 0.3, 0.2, 0.3];
        let pd = [0.3, 0.5, 0.1, 0.4];
        let cs = [("bird", &pb[..]), ("cat", &pc[..]), ("dog", &pd[..])];
        let inp = ClassificationInput {
            y_true: &y,
            class_scores: &cs,
            ..Default::default()
        };
        let r = classification_report(Some(&inp), Some(&inp), &ClassificationOptions::default())
            .unwrap();
        assert_eq!(r.task, "multiclass");
        assert_eq!(r.labels, vec!["bird", "cat", "dog"]);
        let m = r.production.as_ref().unwrap();
        assert_eq!(m.accuracy.0, 1.0);
        assert_eq!(m.roc_auc.unwrap().0, 1.0);
        let v = serde_json::to_value(&r).unwrap();
        for key in [
            "n_labeled",
            "accuracy",
            "balanced_accuracy",
            "precision_macro",
            "f1_weighted",
            "mcc",
            "roc_auc",
            "log_loss",
            "brier",
            "ece",
            "confusion_matrix",
        ] {
            assert!(v["reference"].get(key).is_some(), "missing {key}");
        }
        let c = correctness(&inp, &r, &ClassificationOptions::default()).unwrap();
        assert_eq!(c, vec![Some(true); 4]);
    }

    #[test]
    fn no_labels_is_an_error_and_lengths_are_checked() {
        let y: [Option<&str>; 2] = [None, None];
        let inp = ClassificationInput {
            y_true: &y,
            ..Default::default()
        };
        assert_eq!(
            classification_report(Some(&inp), None, &ClassificationOptions::default()),
            Err(MetricError::NoLabels)
        );
        let p = [Some("a")];
        let y = [Some("a"), Some("b")];
        let inp = ClassificationInput {
            y_true: &y,
            y_pred: Some(&p),
            ..Default::default()
        };
        assert!(matches!(
            classification_report(Some(&inp), None, &ClassificationOptions::default()),
            Err(MetricError::LengthMismatch { .. })
        ));
    }

    #[test]
    fn positive_label_defaults_and_user_choice() {
        let y = [Some("no"), Some("yes"), Some("yes")];
        let inp = ClassificationInput {
            y_true: &y,
            y_pred: Some(&y),
            ..Default::default()
        };
        let r = classification_report(Some(&inp), None, &ClassificationOptions::default()).unwrap();
        assert_eq!(r.positive_label.as_deref(), Some("yes"));
        assert_eq!(r.labels, vec!["no", "yes"]);
        let opts = ClassificationOptions {
            positive_label: Some("no".into()),
            ..Default::default()
        };
        let r = classification_report(Some(&inp), None, &opts).unwrap();
        assert_eq!(r.labels, vec!["yes", "no"]);
        assert_eq!(
            r.reference.unwrap().confusion_matrix,
            vec![vec![2, 0], vec![0, 1]]
        );
    }
}
