//! Concept drift over time (SPEC §4): the seed's rolling accuracy, metrics per time chunk, and
//! the "performance drop > 5 %" alert.
//!
//! Inputs are per-row outcome streams **in time order** (sort rows with [`time_order`] first,
//! or keep file order when there is no timestamp):
//! * classification: `&[Option<bool>]` — was the prediction right? `None` = unlabelled row
//!   (build it with [`correctness`](super::correctness));
//! * regression: `&[f64]` — the absolute error |ŷ − y|, `NaN` = unlabelled row.
//!
//! Unlabelled rows are left out of every metric and counted (`rows − n_labeled`).
//!
//! # References
//! The seed's definition (golden README `rolling_accuracy`); ISO 8601 week dates; NannyML's
//! chunking (`period='D'|'W'|'M'`, or a number of chunks).

use serde::{Deserialize, Serialize};

mod alert;
mod calendar;
mod chunks;
mod rolling;

pub use alert::{performance_drop, PerformanceDrop, DEFAULT_DROP_THRESHOLD};
pub use calendar::{iso_week_label, time_order};
pub use chunks::{chunk_accuracy, chunk_mae, chunk_mean, time_chunks, Chunk, ChunkBy, ChunkSeries};
pub use rolling::{
    rolling_accuracy, rolling_mae, RollingOptions, RollingReport, DEFAULT_STEP, DEFAULT_WINDOW,
    MIN_WINDOW,
};

/// Which metric a rolling series or chunk series holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RollingMetric {
    /// Share of correct predictions (classification).
    Accuracy,
    /// Mean absolute error (regression).
    Mae,
}
