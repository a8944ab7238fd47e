//! Performance without labels (SPEC §9 `performance_estimate`): CBPE on binary classification
//! with a score, chunked by time or by size (`chunks.{by,size}`).

use super::config::ChunkBy as Setting;
use super::context::Context;
use crate::data::Role;
use crate::metrics::cbpe::{
    performance_estimate, size_chunks, ChunkRows, Chunking, PerformanceEstimate, ScoredRows,
};
use crate::metrics::{time_chunks, ChunkBy};

/// Reference chunks kept in the report beyond which only the latest are listed (the
/// thresholds always use all of them; the count left out is reported).
pub const MAX_REFERENCE_CHUNKS: usize = 50;

/// One file's rows for CBPE: is the label the positive one, is the prediction (else
/// `score ≥ threshold`), and the score.
pub(super) struct Rows {
    pub y: Vec<Option<bool>>,
    pub pred: Vec<Option<bool>>,
    pub score: Vec<f64>,
}

/// One file's [`Rows`] for the positive label `pos`, or `None` without a score column. A
/// file without the target column (labels not arrived) has no label on any row; without a
/// prediction column the predicted label is `score ≥ threshold`.
pub(super) fn rows(ctx: &Context, production: bool, pos: &str, threshold: f64) -> Option<Rows> {
    let t = ctx.table(production);
    let score = ctx
        .role(Role::Score)
        .and_then(|c| ctx.probabilities(c, production))?;
    let labels = |role: Role| {
        ctx.role(role)
            .and_then(|c| t.column(&c.name))
            .map(|c| -> Vec<Option<bool>> {
                ctx.maps
                    .labels(c)
                    .refs()
                    .iter()
                    .map(|l| l.map(|l| l == pos))
                    .collect()
            })
    };
    let y = labels(Role::Target).unwrap_or_else(|| vec![None; score.len()]);
    let pred = labels(Role::Prediction).unwrap_or_else(|| {
        score
            .iter()
            .map(|&v| (!v.is_nan()).then_some(v >= threshold))
            .collect()
    });
    Some(Rows { y, pred, score })
}

/// The chunks of both files, and how they were made (`chunks.{by,size}`; shared by the
/// performance estimate and the drift over time).
pub(super) fn chunks(
    ctx: &Context,
    n_ref: usize,
    n_prod: usize,
) -> (Vec<ChunkRows>, Vec<ChunkRows>, Chunking) {
    let ts = |production: bool| {
        ctx.column(Role::Timestamp, production)
            .and_then(|(c, _)| c.datetimes.as_deref().or(c.numbers.as_deref()))
    };
    let default_size = (n_prod / 10).max(100);
    let size = ctx.cfg.chunks.size.unwrap_or(default_size);
    let by = match ctx.cfg.chunks.by {
        Setting::Size => None,
        Setting::Day => Some(ChunkBy::Day),
        Setting::Week => Some(ChunkBy::Week),
        Setting::Month => Some(ChunkBy::Month),
        Setting::Auto => match ctx.chunk_by() {
            ChunkBy::Equal(_) => None,
            b => Some(b),
        },
    };
    match (by, ts(true)) {
        (Some(by), Some(pt)) => {
            let (prod, _) = time_chunks(pt, by);
            let name = match by {
                ChunkBy::Day => "day",
                ChunkBy::Week => "week",
                _ => "month",
            };
            let reference = match ts(false) {
                Some(rt) => time_chunks(rt, by).0,
                None => {
                    let mut sizes: Vec<usize> = prod.iter().map(|c| c.rows.len()).collect();
                    sizes.sort_unstable();
                    let median = sizes.get(sizes.len() / 2).copied().unwrap_or(size);
                    size_chunks(n_ref, median.max(1))
                }
            };
            (
                reference,
                prod,
                Chunking {
                    by: name.to_owned(),
                    size: None,
                },
            )
        }
        _ => (
            size_chunks(n_ref, size),
            size_chunks(n_prod, size),
            Chunking {
                by: "size".to_owned(),
                size: Some(size),
            },
        ),
    }
}

/// CBPE of both files, or why it is not computed (`Ok(None)`: not a binary task with a score).
pub(super) fn stage(
    ctx: &Context,
    reference: &Rows,
    production: &Rows,
) -> Result<Option<PerformanceEstimate>, String> {
    let (rc, pc, how) = chunks(ctx, reference.score.len(), production.score.len());
    let est = performance_estimate(
        ScoredRows {
            y: &reference.y,
            pred: &reference.pred,
            score: &reference.score,
        },
        ScoredRows {
            y: &production.y,
            pred: &production.pred,
            score: &production.score,
        },
        &rc,
        &pc,
        &how,
        ctx.cfg.estimate.calibration,
    )
    .map_err(|e| format!("performance estimation not computable: {e}"))?;
    Ok(Some(trim(est)))
}

/// Keeps the latest [`MAX_REFERENCE_CHUNKS`] reference chunks in the report (the thresholds
/// used them all) and says how many were left out.
pub(super) fn trim(mut est: PerformanceEstimate) -> PerformanceEstimate {
    let n_ref = est
        .chunks
        .iter()
        .filter(|c| c.period == "reference")
        .count();
    if n_ref > MAX_REFERENCE_CHUNKS {
        let drop = n_ref - MAX_REFERENCE_CHUNKS;
        est.chunks.drain(..drop);
        est.reference_chunks_omitted = drop;
    }
    est
}
