//! The output structs of SPEC §9's `classification` block.

use super::*;

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

pub(super) fn is_zero(v: &usize) -> bool {
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
