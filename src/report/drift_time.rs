//! Drift over time (SPEC §9 `drift_over_time`): every tested column's drift score per chunk of
//! both files against the whole reference, with the fixed threshold of its method and the range
//! of the reference's own chunks (mean ± 3σ, NannyML's default), and the first production chunk
//! that alerts — so a user sees *when* a shift began.

use serde::{Deserialize, Serialize};

use super::context::Context;
use super::{ColumnDriftJson, DriftJson, Status};
use crate::data::Kind;
use crate::drift::{self, Method};
use crate::metrics::cbpe::{reference_range, ChunkRows};
use crate::num::Num;

/// Rows per chunk beyond which a distance method (Wasserstein, PSI, Jensen–Shannon, …) scores
/// an evenly spaced sample of the chunk's rows, and order statistics of the reference thinned to
/// [`REFERENCE_SKETCH`] values: the chart shows when a shift began, and a distance on 20 000
/// rows is within about 1 % of the full one. Methods whose score is a p-value always use every
/// row (their value depends on the counts).
pub const MAX_CHUNK_ROWS: usize = 20_000;
/// Order statistics kept of the sorted reference for distance methods.
pub const REFERENCE_SKETCH: usize = 50_000;

/// One chunk of a column.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DriftChunk {
    /// The chunk's label.
    pub label: String,
    /// `reference` or `production`.
    pub period: String,
    /// Rows in the chunk.
    pub rows: usize,
    /// Non-missing values scored (after sampling).
    pub values: usize,
    /// The method's score of the chunk against the whole reference (absent when not computable,
    /// e.g. no value in the chunk).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub score: Option<Num>,
    /// The score is beyond the method's fixed threshold (the file-level rule) *and* beyond the
    /// reference chunks' range (chance at this chunk size), when there is one.
    pub alert: bool,
    /// The score is beyond the method's fixed threshold.
    pub beyond_threshold: bool,
    /// The score is beyond the reference chunks' range on the drift side (above it for a
    /// distance, below it for a p-value).
    pub outside_reference_range: bool,
}

/// One column over time.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ColumnOverTime {
    /// The column.
    pub column: String,
    /// The method that decides its drift (as in `drift.columns`).
    pub method: Method,
    /// Its fixed threshold.
    pub threshold: Num,
    /// `above` (drift when score ≥ threshold) or `below` (p-values: drift when score < threshold).
    pub direction: String,
    /// Mean − 3σ of the reference chunks' scores (at least 0).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lower_threshold: Option<Num>,
    /// Mean + 3σ of the reference chunks' scores (at most 1 for a p-value).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub upper_threshold: Option<Num>,
    /// Reference chunks, then production chunks.
    pub chunks: Vec<DriftChunk>,
    /// The first production chunk that alerts (beyond the fixed threshold and the range).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_alert: Option<String>,
    /// The first production chunk outside the reference chunks' range.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_outside_range: Option<String>,
    /// Chunks scored on a sample of [`MAX_CHUNK_ROWS`] rows (distance methods on large chunks).
    pub sampled: bool,
}

/// SPEC §9 `drift_over_time`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DriftOverTime {
    /// `size`, `day`, `week` or `month`.
    pub chunk_by: String,
    /// Rows per chunk when by size.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub chunk_size: Option<usize>,
    /// Every tested column, in the drift table's order.
    pub columns: Vec<ColumnOverTime>,
}

/// Evenly spaced elements of `v`, at most `k` (all when shorter).
fn thin<T: Copy>(v: &[T], k: usize) -> Vec<T> {
    if v.len() <= k || k == 0 {
        return v.to_vec();
    }
    (0..k).map(|i| v[i * v.len() / k]).collect()
}

/// The rows of a chunk to score (all, or an evenly spaced sample).
fn rows_of(c: &ChunkRows, sample: bool) -> Vec<usize> {
    if sample {
        thin(&c.rows, MAX_CHUNK_ROWS)
    } else {
        c.rows.clone()
    }
}

/// The method's score of one sample against the reference, or `None`.
fn score_numeric(reference: &[f64], chunk: &[f64], opts: &drift::ColumnOptions) -> Option<f64> {
    let d = drift::numeric_drift_chosen(reference, chunk, opts).ok()?;
    Some(d.score)
}

/// Per column: the scores of every chunk of both files.
pub(super) fn stage(ctx: &Context, drift: &DriftJson) -> Option<DriftOverTime> {
    let (rc, pc, how) = super::estimate::chunks(ctx, ctx.r.rows, ctx.p.rows);
    if pc.is_empty() || rc.is_empty() {
        return None;
    }
    let columns = drift
        .columns
        .iter()
        .filter(|c| matches!(c.status, Status::Ok | Status::Drifted))
        .filter_map(|c| column(ctx, c, &rc, &pc))
        .collect();
    Some(DriftOverTime {
        chunk_by: how.by,
        chunk_size: how.size,
        columns,
    })
}

fn column(
    ctx: &Context,
    c: &ColumnDriftJson,
    rc: &[ChunkRows],
    pc: &[ChunkRows],
) -> Option<ColumnOverTime> {
    let method = c.method?;
    let threshold = c.threshold?.0;
    let mut opts = ctx
        .cfg
        .drift
        .column_options(&c.column, c.kind == Kind::Numeric);
    opts.method = Some(method);
    opts.threshold = Some(threshold);
    opts.all_tests = false;
    let distance = !method.is_p_value();
    let large = rc.iter().chain(pc).any(|ch| ch.rows.len() > MAX_CHUNK_ROWS);
    let sample = distance && large;
    let (rcol, pcol) = (ctx.r.column(&c.column)?, ctx.p.column(&c.column)?);
    let chunk_scores: Vec<(String, &str, usize, usize, Option<f64>)> = if c.kind == Kind::Numeric {
        let full = ctx.sorted.side(false, &c.column)?;
        let reference = if sample {
            thin(full, REFERENCE_SKETCH)
        } else {
            full.to_vec()
        };
        let (rv, pv) = (rcol.numbers.as_deref()?, pcol.numbers.as_deref()?);
        let score = |values: &[f64], ch: &ChunkRows, period: &'static str| {
            let rows = rows_of(ch, sample);
            let picked: Vec<f64> = rows
                .iter()
                .filter_map(|&i| values.get(i).copied())
                .collect();
            let sorted = crate::stats::sorted_finite(&picked);
            let s = (!sorted.is_empty())
                .then(|| score_numeric(&reference, &sorted, &opts))
                .flatten();
            (ch.label.clone(), period, ch.rows.len(), sorted.len(), s)
        };
        rc.iter()
            .map(|ch| score(rv, ch, "reference"))
            .chain(pc.iter().map(|ch| score(pv, ch, "production")))
            .collect()
    } else {
        let (ri, pi) =
            super::multivariate::category_indices(&ctx.maps.labels(rcol), &ctx.maps.labels(pcol));
        let n_cats = ri
            .iter()
            .chain(&pi)
            .flatten()
            .max()
            .map_or(0, |&m| m as usize + 1);
        let counts = |idx: &[Option<u32>], rows: &[usize]| {
            let mut n = vec![0u64; n_cats];
            for &i in rows {
                if let Some(slot) = idx
                    .get(i)
                    .copied()
                    .flatten()
                    .and_then(|k| n.get_mut(k as usize))
                {
                    *slot += 1;
                }
            }
            n
        };
        let all: Vec<usize> = (0..ri.len()).collect();
        let reference = counts(&ri, &all);
        let score = |idx: &[Option<u32>], ch: &ChunkRows, period: &'static str| {
            let rows = rows_of(ch, sample);
            let n = counts(idx, &rows);
            let total: u64 = n.iter().sum();
            let s = (total > 0)
                .then(|| {
                    drift::categorical_drift_chosen(&reference, &n, &opts)
                        .ok()
                        .map(|d| d.score)
                })
                .flatten();
            (ch.label.clone(), period, ch.rows.len(), total as usize, s)
        };
        rc.iter()
            .map(|ch| score(&ri, ch, "reference"))
            .chain(pc.iter().map(|ch| score(&pi, ch, "production")))
            .collect()
    };
    let ref_scores: Vec<f64> = chunk_scores
        .iter()
        .filter(|x| x.1 == "reference")
        .map(|x| x.4.unwrap_or(f64::NAN))
        .collect();
    // The reference chunks' range, within the score's own bounds (a distance is ≥ 0, a p-value
    // in [0, 1]).
    let range = reference_range(&ref_scores).map(|(lo, hi)| {
        if distance {
            (lo.max(0.0), hi)
        } else {
            (lo.max(0.0), hi.min(1.0))
        }
    });
    let direction = method.direction();
    let chunks: Vec<DriftChunk> = chunk_scores
        .into_iter()
        .map(|(label, period, rows, values, s)| {
            // Only the drift side counts: a larger distance, a smaller p-value.
            let outside = s
                .zip(range)
                .is_some_and(|(v, (lo, hi))| if distance { v > hi } else { v < lo });
            let beyond = s.is_some_and(|v| direction.drifted(v, threshold));
            DriftChunk {
                label,
                period: period.to_owned(),
                rows,
                values,
                score: s.map(Num),
                // Both rules: the method's threshold was made for whole files, and on small
                // chunks chance alone crosses it (a normed Wasserstein of 250 rows reaches 0.1);
                // the reference's own chunks show how far chance goes at this chunk size.
                alert: beyond && (outside || range.is_none()),
                beyond_threshold: beyond,
                outside_reference_range: outside,
            }
        })
        .collect();
    let first = |f: &dyn Fn(&DriftChunk) -> bool| {
        chunks
            .iter()
            .find(|ch| ch.period == "production" && f(ch))
            .map(|ch| ch.label.clone())
    };
    Some(ColumnOverTime {
        column: c.column.clone(),
        method,
        threshold: Num(threshold),
        direction: if method.is_p_value() {
            "below"
        } else {
            "above"
        }
        .to_owned(),
        lower_threshold: range.map(|r| Num(r.0)),
        upper_threshold: range.map(|r| Num(r.1)),
        first_alert: first(&|ch| ch.alert),
        first_outside_range: first(&|ch| ch.outside_reference_range),
        sampled: sample,
        chunks,
    })
}
