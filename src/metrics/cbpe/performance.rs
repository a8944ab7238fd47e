//! The binary performance estimate over chunked reference and production rows, and its
//! assembly (thresholds, alerts, first alert per metric) shared with the multiclass estimate.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{
    reference_range, thresholds, Calibration, Cbpe, CbpeMetric, ChunkRows, MetricFigures,
    ScoredRows, CBPE_METRICS,
};
use crate::metrics::MetricError;
use crate::num::Num;

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
pub(super) fn labeled_share<T>(y: &[Option<T>]) -> f64 {
    if y.is_empty() {
        f64::NAN
    } else {
        y.iter().filter(|t| t.is_some()).count() as f64 / y.len() as f64
    }
}

/// What [`assemble`] needs beside the per-chunk figures.
pub(super) struct Assembly<'a> {
    pub(super) reference_chunks: &'a [ChunkRows],
    pub(super) production_chunks: &'a [ChunkRows],
    pub(super) chunking: &'a Chunking,
    pub(super) calibration: Calibration,
    pub(super) calibrated: bool,
    pub(super) labeled_share: f64,
    pub(super) classes: Vec<String>,
}

/// Per-chunk figures: (labelled rows, scored rows, each metric's figures).
pub(super) type ChunkFigures = (usize, usize, Vec<(CbpeMetric, MetricFigures)>);

/// The estimate from the figures of every chunk: the thresholds from the reference chunks'
/// realised values, each chunk's alerts, the first production alert per metric.
pub(super) fn assemble(
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
