//! The binary CBPE model: fitted on the labelled reference rows (calibration and sampling-error
//! components), it gives each metric's estimate, sampling error, confidence band and realised
//! value on a chunk.

use serde::{Deserialize, Serialize};

use super::estimator::{
    components, descending, estimate_roc_auc_in, estimate_with, expected_confusion, realized,
    realized_roc_auc_in, Components,
};
use super::{needs_calibration, CbpeMetric, Isotonic, CBPE_METRICS, SAMPLING_ERROR_RANGE};
use crate::num::Num;

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
