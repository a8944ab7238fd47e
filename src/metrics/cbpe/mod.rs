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
//!
//! Here: the list of metrics. `thresholds`: the alert thresholds; `chunks`: the scored rows and
//! the chunks; `model`: the fitted binary model and its figures on a chunk; `performance`: the
//! estimate over the chunks and the report's assembly per chunk (shared with `multiclass`);
//! `calibration`: the isotonic regression and the check whether it helps; `estimator`: the
//! expected confusion matrix, each metric's estimate, realised value and sampling-error
//! components; `multiclass`: the one-vs-rest estimator for more than two classes.

mod calibration;
mod chunks;
mod estimator;
mod model;
mod multiclass;
mod performance;
mod thresholds;
pub use calibration::{needs_calibration, Isotonic, CALIBRATION_CHECK_ROWS};
pub use chunks::{size_chunks, ChunkRows, ScoredRows};
use estimator::*;
pub use estimator::{estimate, realized};
pub use model::{Calibration, Cbpe, MetricFigures};
pub use multiclass::{performance_estimate_multiclass, ClassRows};
pub use performance::{performance_estimate, Chunking, EstimateChunk, PerformanceEstimate};
pub use thresholds::{
    reference_range, thresholds, thresholds_unclipped, MIN_REFERENCE_CHUNKS, THRESHOLD_STD,
};

use serde::{Deserialize, Serialize};

// Beside the items above, `multiclass` takes these through its `use super::*`.
use super::MetricError;
use crate::num::Num;
use crate::stats::pairwise_sum;
use performance::{assemble, labeled_share, Assembly, ChunkFigures};

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
}
