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
//! Here: the metrics, the thresholds, the chunks and the assembly of the report per chunk.
//! `calibration`: the isotonic regression and the check whether it helps; `estimator`: the
//! expected confusion matrix, each metric's estimate, realised value and sampling-error
//! components; `multiclass`: the one-vs-rest estimator for more than two classes.

mod calibration;
mod estimator;
mod multiclass;
pub use calibration::{needs_calibration, Isotonic, CALIBRATION_CHECK_ROWS};
use estimator::*;
pub use estimator::{estimate, realized};
pub use multiclass::{performance_estimate_multiclass, ClassRows};
use serde::{Deserialize, Serialize};

use std::collections::BTreeMap;

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
