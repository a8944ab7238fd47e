//! Model quality (SPEC §4): classification, regression, calibration, and concept drift over time.
//!
//! A pure core: plain slices in, named structs out, no browser types. Every output struct
//! serialises to the SPEC §9 shape (`classification`, `regression`, `rolling`, `chunks`), with
//! every float written through [`Num`](crate::num::Num) (non-finite values become
//! `"NaN"`/`"inf"`/`"-inf"`, but the metrics here avoid producing them: a value that cannot be
//! computed is **omitted** and its reason is listed under `not_computable`).
//!
//! | file | what | matched against |
//! |---|---|---|
//! | [`classification`] | confusion matrix, accuracy, P/R/F1 (binary, macro, weighted, micro), MCC, specificity, the report builder | `sklearn.metrics` (`zero_division=0`) |
//! | [`ranking`] | ROC AUC (binary, OvR, OvO Hand & Till), average precision, ROC/PR curves, all from one sort | `roc_auc_score`, `average_precision_score` |
//! | [`calibration`] | log loss, Brier score, reliability curve, ECE | `log_loss`, `brier_score_loss`, `calibration_curve` |
//! | [`regression`] | ME, MAE, MSE, RMSE, MAPE (zero targets skipped), median AE, max error, R², error histogram | `sklearn.metrics` regression functions |
//! | [`over_time`] | the seed's rolling accuracy, metrics per time chunk, the 5 % drop alert | the seed's list comprehension |
//! | [`change_points`](mod@change_points) | ADWIN, DDM and Page-Hinkley on the 0/1 error stream | Bifet & Gavaldà 2007, Gama et al. 2004, river |
//!
//! # Missing values
//! Entry points take row-aligned slices. Labels are `Option<&str>` (`None` = missing), scores and
//! regression values are `f64` with `NaN` = missing. A row whose **target** is missing is left
//! out of every metric; `n_rows − n_labeled` of them are reported (label coverage). A row with a
//! target but no usable prediction is left out too and counted separately
//! (`n_missing_prediction`).
//!
//! # Typical use (the report builder)
//! ```
//! use driftcard::metrics::{classification_report, correctness, rolling_accuracy,
//!     change_points, ClassificationInput, ClassificationOptions, RollingOptions,
//!     ChangePointOptions};
//!
//! let y = [Some("0"), Some("1"), Some("1"), None];
//! let p = [Some("0"), Some("1"), Some("0"), Some("1")];
//! let s = [0.2, 0.9, 0.4, 0.7];
//! let input = ClassificationInput { y_true: &y, y_pred: Some(&p), score: Some(&s), ..Default::default() };
//! let opts = ClassificationOptions::default();
//! let report = classification_report(None, Some(&input), &opts).unwrap();
//! let prod = report.production.as_ref().unwrap();
//! assert_eq!(prod.n_labeled, 3);
//! assert_eq!(prod.accuracy.0, 2.0 / 3.0);
//! let correct = correctness(&input, &report, &opts).unwrap(); // per row, None = unlabelled
//! let rolling = rolling_accuracy(&correct, &RollingOptions::default());
//! assert!(rolling.values.is_empty()); // three labelled rows are too few for any window
//! let errors: Vec<bool> = correct.iter().flatten().map(|c| !c).collect();
//! let cp = change_points(&errors, &ChangePointOptions::default());
//! assert_eq!(cp.first, None);
//! ```
#![warn(missing_docs)]

pub mod calibration;
pub mod cbpe;
pub mod change_points;
pub mod classification;
pub mod over_time;
pub mod ranking;
pub mod regression;

pub use calibration::{
    brier_binary, brier_multiclass, log_loss_binary, log_loss_multiclass, reliability_curve,
    Reliability, ReliabilityBin, EPS,
};
pub use change_points::{
    adwin, change_points, ddm, page_hinkley, Adwin, AdwinParams, ChangePointOptions, ChangePoints,
    Ddm, DdmParams, DdmSignal, PageHinkley, PageHinkleyParams,
};
pub use classification::{
    binary_metrics, classification_report, correctness, multiclass_metrics, ClassMetrics,
    ClassScores, ClassificationInput, ClassificationOptions, ClassificationReport, ConfusionMatrix,
};
pub use over_time::{
    chunk_accuracy, chunk_mae, chunk_mean, iso_week_label, performance_drop, rolling_accuracy,
    rolling_mae, time_chunks, time_order, Chunk, ChunkBy, ChunkSeries, PerformanceDrop,
    RollingMetric, RollingOptions, RollingReport,
};
pub use ranking::{
    average_precision, binary_ranking, multiclass_roc_auc, roc_auc, BinaryRanking,
    MulticlassRocAuc, PrPoint, RocPoint,
};
pub use regression::{
    error_histogram, median, regression_metrics, regression_report, ErrorHistogram,
    RegressionMetrics, RegressionReport,
};

/// Why a metric could not be computed. Its `Display` text is the `not_computable` reason shown in
/// the report.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum MetricError {
    /// No row is usable (no labelled row with a prediction).
    #[error("no labelled rows")]
    Empty,
    /// Row-aligned inputs have different lengths (a caller bug, not a data problem).
    #[error("{what}: {got} rows, expected {expected}")]
    LengthMismatch {
        /// Which input.
        what: &'static str,
        /// Length of the first input.
        expected: usize,
        /// Length of this input.
        got: usize,
    },
    /// The metric needs both classes among the true labels (ROC AUC, average precision).
    #[error(
        "only one class ({present}) is present among the true labels, so {metric} is undefined"
    )]
    OneClass {
        /// The metric.
        metric: &'static str,
        /// The class that is present (`positive` / `negative` / a label).
        present: String,
    },
    /// A value is NaN where a number is required.
    #[error("{what} contains a missing (NaN) value at row {row}")]
    NotFinite {
        /// Which input.
        what: &'static str,
        /// 0-based index in the slice.
        row: usize,
    },
    /// A probability is outside [0, 1] (sklearn raises for log loss and the Brier score).
    #[error("{what} has a value outside [0, 1] ({value}) at row {row}")]
    NotAProbability {
        /// Which input.
        what: &'static str,
        /// 0-based index in the slice.
        row: usize,
        /// The offending value.
        value: f64,
    },
    /// Class probabilities of a row do not sum to 1 (sklearn's multiclass ROC AUC check,
    /// `np.allclose(1, P.sum(axis=1))`).
    #[error("class probabilities do not sum to 1 (row {row}: {sum})")]
    NotNormalised {
        /// 0-based index in the slice.
        row: usize,
        /// The row sum.
        sum: f64,
    },
    /// A class has no probability column.
    #[error("no probability column for class `{0}`")]
    MissingClassScore(String),
    /// A label code is not below the number of classes.
    #[error("label code {code} at row {row} is not below the number of classes {k}")]
    LabelOutOfRange {
        /// The code.
        code: usize,
        /// 0-based index.
        row: usize,
        /// Number of classes.
        k: usize,
    },
    /// Too few rows for the metric.
    #[error("{metric} needs at least {needed} rows, got {got}")]
    TooFewRows {
        /// The metric.
        metric: &'static str,
        /// Minimum.
        needed: usize,
        /// Rows available.
        got: usize,
    },
    /// Every target is zero, so MAPE (zero targets skipped) has no term.
    #[error("every target is 0, so MAPE (zero targets skipped) has no term")]
    AllTargetsZero,
    /// No label at all in either file.
    #[error("no label in the target or prediction columns")]
    NoLabels,
    /// Time chunks need a timestamp column.
    #[error("chunks by {0} need timestamps")]
    NoTimestamps(&'static str),
}

/// Checks that `got` has the length `expected`.
pub(crate) fn check_len(
    what: &'static str,
    expected: usize,
    got: usize,
) -> Result<(), MetricError> {
    if expected == got {
        Ok(())
    } else {
        Err(MetricError::LengthMismatch {
            what,
            expected,
            got,
        })
    }
}

/// Order-preserving map of a non-NaN `f64` to `u64` (`−0.0` is folded into `+0.0`, so equal
/// values get equal keys). Sorting `u64` keys is much faster than sorting floats with
/// `total_cmp`, and is the one sort behind every ROC AUC here.
#[inline]
pub(crate) fn order_key(x: f64) -> u64 {
    crate::stats::order_key((x + 0.0).to_bits())
}

/// Inverse of [`order_key`].
#[inline]
pub(crate) fn from_order_key(k: u64) -> f64 {
    f64::from_bits(crate::stats::order_key_inverse(k))
}

/// Indices `0..len` thinned to at most `max` evenly spaced ones (first and last kept).
pub(crate) fn thin_indices(len: usize, max: usize) -> Vec<usize> {
    if len <= max {
        return (0..len).collect();
    }
    if max == 0 {
        return Vec::new();
    }
    if max == 1 {
        return vec![0];
    }
    let mut out: Vec<usize> = (0..max)
        .map(|i| ((i as f64) * ((len - 1) as f64) / ((max - 1) as f64)).round() as usize)
        .map(|i| i.min(len - 1))
        .collect();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_key_preserves_order_and_folds_signed_zero() {
        let v = [
            f64::NEG_INFINITY,
            -1e300,
            -1.0,
            -1e-300,
            0.0,
            1e-300,
            0.5,
            1.0,
            1e300,
            f64::INFINITY,
        ];
        for w in v.windows(2) {
            assert!(order_key(w[0]) < order_key(w[1]), "{} < {}", w[0], w[1]);
        }
        assert_eq!(order_key(-0.0), order_key(0.0));
        for x in v {
            assert_eq!(from_order_key(order_key(x)), x);
        }
    }

    fn keys(v: &serde_json::Value) -> Vec<String> {
        v.as_object()
            .map(|o| o.keys().cloned().collect())
            .unwrap_or_default()
    }

    #[test]
    fn output_structs_serialise_to_the_spec_shapes_and_round_trip() {
        // SPEC §9 `classification`
        let y = [Some("0"), Some("1"), Some("1"), Some("0"), None];
        let s = [0.1, 0.8, 0.4, 0.3, 0.9];
        let inp = ClassificationInput {
            y_true: &y,
            score: Some(&s),
            ..Default::default()
        };
        let opts = ClassificationOptions::default();
        let r = classification_report(Some(&inp), Some(&inp), &opts).unwrap();
        let v = serde_json::to_value(&r).unwrap();
        for k in [
            "task",
            "positive_label",
            "labels",
            "reference",
            "production",
        ] {
            assert!(v.get(k).is_some(), "classification.{k}");
        }
        let side = keys(&v["production"]);
        for k in [
            "n_labeled",
            "accuracy",
            "balanced_accuracy",
            "precision",
            "recall",
            "f1",
            "precision_macro",
            "recall_macro",
            "f1_macro",
            "precision_weighted",
            "recall_weighted",
            "f1_weighted",
            "mcc",
            "specificity",
            "roc_auc",
            "average_precision",
            "log_loss",
            "brier",
            "ece",
            "confusion_matrix",
        ] {
            assert!(
                side.iter().any(|s| s == k),
                "classification.production.{k} missing: {side:?}"
            );
        }
        let back: ClassificationReport = serde_json::from_value(v).unwrap();
        assert_eq!(back, r);

        // SPEC §9 `regression`
        let reg = regression_report(Some((&[1.0, 2.0, 3.0], &[1.5, 2.0, 2.0])), None).unwrap();
        let v = serde_json::to_value(&reg).unwrap();
        assert!(v.get("production").is_none());
        let side = keys(&v["reference"]);
        for k in [
            "n_labeled",
            "mean_error",
            "mae",
            "mse",
            "rmse",
            "mape",
            "mape_zero_targets_skipped",
            "median_absolute_error",
            "max_error",
            "r2",
            "error_histogram",
        ] {
            assert!(
                side.iter().any(|s| s == k),
                "regression.reference.{k} missing: {side:?}"
            );
        }
        assert_eq!(serde_json::from_value::<RegressionReport>(v).unwrap(), reg);

        // SPEC §9 `rolling` and `chunks`
        let c: Vec<Option<bool>> = (0..200).map(|i| Some(i % 4 != 0)).collect();
        let roll = rolling_accuracy(
            &c,
            &RollingOptions {
                window: Some(100),
                step: Some(50),
            },
        );
        let v = serde_json::to_value(&roll).unwrap();
        assert_eq!(v["metric"], "accuracy");
        assert_eq!(v["window"], 100);
        assert_eq!(v["start_indices"], serde_json::json!([0, 50]));
        assert_eq!(v["values"], serde_json::json!([0.75, 0.75]));
        let ch = chunk_accuracy(&c, None, ChunkBy::Equal(2), None).unwrap();
        let v = serde_json::to_value(&ch.chunks).unwrap();
        assert_eq!(
            v[1],
            serde_json::json!({"label": "chunk 2", "rows": 100, "n_labeled": 100, "accuracy": 0.75})
        );

        // change points
        let cp = change_points(&[false; 10], &ChangePointOptions::default());
        let v = serde_json::to_value(&cp).unwrap();
        assert_eq!(
            v,
            serde_json::json!({"n": 10, "adwin": [], "ddm": [], "page_hinkley": [], "first": null})
        );
    }

    #[test]
    fn thin_indices_keeps_ends_and_bounds_the_count() {
        assert_eq!(thin_indices(5, 200), vec![0, 1, 2, 3, 4]);
        let t = thin_indices(10_000, 200);
        assert_eq!(t.len(), 200);
        assert_eq!((t[0], t[199]), (0, 9_999));
        assert!(t.windows(2).all(|w| w[0] < w[1]));
        assert!(thin_indices(10, 0).is_empty());
    }
}
