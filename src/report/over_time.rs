//! Stage 5 of the analysis, *over time* (SPEC §4 concept drift): production's outcomes in time
//! order — the seed's rolling accuracy (or MAE), the metric per time chunk against the reference
//! baseline, the change points of the error stream, accuracy over the last 7 days — and the
//! prediction (or score) mean per chunk.

use super::context::Context;
use super::model_quality::{ModelQuality, Outcome};
use super::{Num, RecentAccuracy};
use crate::data::{datetime, Role};
use crate::metrics;

/// What the stage gives the report.
#[derive(Default)]
pub struct OverTime {
    /// The rolling metric.
    pub rolling: Option<metrics::RollingReport>,
    /// The metric per time chunk (with the prediction mean).
    pub chunks: Vec<metrics::Chunk>,
    /// ADWIN, DDM and Page-Hinkley on the error stream.
    pub change_points: Option<metrics::ChangePoints>,
    /// Accuracy over the last 7 days of production.
    pub accuracy_last_7d: Option<RecentAccuracy>,
}

/// Rows ordered by timestamp (stable; rows without one keep file order at the end), or file order.
fn ordered<T: Copy>(v: &[T], ts: Option<&[f64]>) -> Vec<T> {
    match ts {
        Some(ts) if ts.len() == v.len() => metrics::time_order(ts)
            .into_iter()
            .filter_map(|i| v.get(i).copied())
            .collect(),
        _ => v.to_vec(),
    }
}

/// Production's metric over time, from the model-quality stage's outcomes.
pub fn stage(ctx: &Context, model: &ModelQuality) -> OverTime {
    let mut out = OverTime::default();
    let ts = ctx.timestamps();
    let rolling = metrics::RollingOptions {
        window: ctx.cfg.rolling.window,
        step: ctx.cfg.rolling.step,
    };
    match &model.outcome {
        Some(Outcome::AbsError(abs)) => {
            let labelled: Vec<f64> = ordered(abs, ts)
                .into_iter()
                .filter(|v| !v.is_nan())
                .collect();
            out.rolling = Some(metrics::rolling_mae(&labelled, &rolling));
            if let Ok(c) = metrics::chunk_mae(abs, ts, ctx.chunk_by(), model.baseline) {
                out.chunks = c.chunks;
            }
        }
        Some(Outcome::Correct(correct)) => {
            let in_time = ordered(correct, ts);
            out.rolling = Some(metrics::rolling_accuracy(&in_time, &rolling));
            if let Ok(c) = metrics::chunk_accuracy(correct, ts, ctx.chunk_by(), model.baseline) {
                out.chunks = c.chunks;
            }
            let errors: Vec<bool> = in_time.iter().flatten().map(|ok| !ok).collect();
            if !errors.is_empty() {
                out.change_points = Some(metrics::change_points(
                    &errors,
                    &metrics::ChangePointOptions::default(),
                ));
            }
            out.accuracy_last_7d = ts.and_then(|ts| last_week(correct, ts));
        }
        None => {}
    }
    prediction_means(ctx, &mut out.chunks);
    out
}

/// Accuracy over the 7 days up to the latest production timestamp.
fn last_week(correct: &[Option<bool>], ts: &[f64]) -> Option<RecentAccuracy> {
    let max = ts
        .iter()
        .copied()
        .filter(|x| x.is_finite())
        .fold(f64::NEG_INFINITY, f64::max);
    if !max.is_finite() {
        return None;
    }
    let from = max - 7.0 * 86_400.0;
    let (mut n, mut k) = (0usize, 0usize);
    for (c, &t) in correct.iter().zip(ts) {
        if let (Some(ok), true) = (c, t > from) {
            n += 1;
            k += usize::from(*ok);
        }
    }
    (n > 0).then(|| RecentAccuracy {
        n_labeled: n,
        accuracy: Num(k as f64 / n as f64),
        from: datetime::format_date(from),
        to: datetime::format_date(max),
    })
}

/// The score (else numeric prediction) mean of each production chunk.
fn prediction_means(ctx: &Context, chunks: &mut [metrics::Chunk]) {
    if chunks.is_empty() {
        return;
    }
    let col = [Role::Score, Role::Prediction]
        .into_iter()
        .filter_map(|role| ctx.role(role))
        .find_map(|c| ctx.p.column(&c.name)?.numbers.as_ref());
    let Some(values) = col else { return };
    if let Ok(means) = metrics::chunk_mean(values, ctx.timestamps(), ctx.chunk_by()) {
        if means.len() == chunks.len() {
            for (c, m) in chunks.iter_mut().zip(means) {
                c.prediction_mean = m.map(Num);
            }
        }
    }
}
