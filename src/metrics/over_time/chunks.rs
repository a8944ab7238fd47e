//! Metrics per chunk: rows grouped by UTC day, ISO week, month or into N equal parts, each
//! chunk's accuracy or MAE with the drop alert against a baseline, and the chunk means.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::alert::{performance_drop, DEFAULT_DROP_THRESHOLD};
use super::calendar::period;
use super::RollingMetric;
use crate::metrics::cbpe::ChunkRows;
use crate::metrics::{check_len, MetricError};
use crate::num::Num;
use crate::stats::mean;

/// How rows are grouped into chunks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChunkBy {
    /// Calendar day (UTC), label `2026-05-01`.
    Day,
    /// ISO 8601 week (Monday to Sunday, UTC), label `2026-W18`.
    Week,
    /// Calendar month (UTC), label `2026-05`.
    Month,
    /// N chunks of (almost) equal row counts in row order, labels `chunk 1` … `chunk N`.
    Equal(usize),
}

/// One chunk of SPEC §9 `chunks`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Chunk {
    /// `2026-05-01`, `2026-W18`, `2026-05` or `chunk 3`.
    pub label: String,
    /// Rows in the chunk (labelled or not).
    pub rows: usize,
    /// Labelled rows in the chunk.
    pub n_labeled: usize,
    /// Accuracy over the labelled rows (classification; absent without labels).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accuracy: Option<Num>,
    /// Mean absolute error over the labelled rows (regression; absent without labels).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mae: Option<Num>,
    /// Relative change vs the baseline, when a baseline was given and is non-zero.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub relative_change: Option<Num>,
    /// The chunk's metric is worse than the baseline by more than 5 % (when a baseline was given).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alert: Option<bool>,
    /// Mean of the score column (else the numeric prediction) over the chunk's rows, labelled
    /// or not — the "prediction mean over time" of the report page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prediction_mean: Option<Num>,
}

/// Chunks plus the bookkeeping around them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChunkSeries {
    /// `accuracy` or `mae`.
    pub metric: RollingMetric,
    /// The chunks in time (or row) order — SPEC §9 `chunks`.
    pub chunks: Vec<Chunk>,
    /// Rows left out of time chunks because their timestamp is missing.
    pub rows_without_timestamp: usize,
    /// The reference value the chunks are compared with (the baseline band).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub baseline: Option<Num>,
}

/// Rows grouped by calendar period (`by`: day, week or month; `Equal` is read as day), in
/// time order, with the count of rows left out for a missing timestamp.
pub fn time_chunks(timestamps: &[f64], by: ChunkBy) -> (Vec<ChunkRows>, usize) {
    let mut map: BTreeMap<i64, ChunkRows> = BTreeMap::new();
    let mut without = 0;
    for (i, &t) in timestamps.iter().enumerate() {
        if !t.is_finite() {
            without += 1;
            continue;
        }
        let (key, label) = period(by, t);
        map.entry(key)
            .or_insert_with(|| ChunkRows {
                label,
                rows: Vec::new(),
            })
            .rows
            .push(i);
    }
    (map.into_values().collect(), without)
}

/// Per-row outcome: `None` = unlabelled, `Some(v)` = 0/1 correct or |error|.
fn chunk_series(
    values: &[Option<f64>],
    timestamps: Option<&[f64]>,
    by: ChunkBy,
    metric: RollingMetric,
    baseline: Option<f64>,
) -> Result<ChunkSeries, MetricError> {
    // (label, rows, labelled values)
    let mut groups: Vec<(String, usize, Vec<f64>)> = Vec::new();
    let mut without = 0usize;
    match by {
        ChunkBy::Equal(k) => {
            let n = values.len();
            let k = k.max(1).min(n.max(1));
            for c in 0..k {
                let (a, b) = (c * n / k, (c + 1) * n / k);
                let vals: Vec<f64> = values[a..b].iter().flatten().copied().collect();
                groups.push((format!("chunk {}", c + 1), b - a, vals));
            }
        }
        _ => {
            let what = match by {
                ChunkBy::Day => "day",
                ChunkBy::Week => "week",
                _ => "month",
            };
            let ts = timestamps.ok_or(MetricError::NoTimestamps(what))?;
            check_len("timestamps", values.len(), ts.len())?;
            let mut map: BTreeMap<i64, (String, usize, Vec<f64>)> = BTreeMap::new();
            for (v, &t) in values.iter().zip(ts) {
                if !t.is_finite() {
                    without += 1;
                    continue;
                }
                let (key, label) = period(by, t);
                let e = map.entry(key).or_insert_with(|| (label, 0, Vec::new()));
                e.1 += 1;
                if let Some(v) = v {
                    e.2.push(*v);
                }
            }
            groups = map.into_values().collect();
        }
    }
    let higher_is_better = metric == RollingMetric::Accuracy;
    let chunks = groups
        .into_iter()
        .map(|(label, rows, vals)| {
            let value = (!vals.is_empty()).then(|| match metric {
                RollingMetric::Accuracy => {
                    vals.iter().filter(|&&v| v != 0.0).count() as f64 / vals.len() as f64
                }
                RollingMetric::Mae => mean(&vals),
            });
            let drop = baseline.zip(value).and_then(|(b, v)| {
                performance_drop(b, v, higher_is_better, DEFAULT_DROP_THRESHOLD)
            });
            Chunk {
                label,
                rows,
                n_labeled: vals.len(),
                accuracy: if higher_is_better {
                    value.map(Num)
                } else {
                    None
                },
                mae: if higher_is_better {
                    None
                } else {
                    value.map(Num)
                },
                relative_change: drop.as_ref().and_then(|d| d.relative_change),
                alert: drop.map(|d| d.alert),
                prediction_mean: None,
            }
        })
        .collect();
    Ok(ChunkSeries {
        metric,
        chunks,
        rows_without_timestamp: without,
        baseline: baseline.map(Num),
    })
}

/// Accuracy per chunk (day / ISO week / month of the timestamps, or N equal row chunks), with
/// the > 5 % drop alert against `baseline` (the reference accuracy).
///
/// # Formula
/// ```text
/// accuracy_chunk = #correct / #labelled rows in the chunk
/// alert          = (accuracy_chunk − baseline)/baseline < −0.05
/// ```
///
/// # Remarks
/// `correct[i]` is `None` for an unlabelled row (counted in `rows`, not in `n_labeled`). Time
/// chunks are UTC calendar periods in time order; rows with a missing timestamp are left out
/// and counted in `rows_without_timestamp`. `ChunkBy::Equal(N)` splits rows `[c·n/N,
/// (c+1)·n/N)` in the given order (at most n chunks), labels 1-based.
///
/// # Errors
/// [`MetricError::NoTimestamps`] for a time chunking without timestamps,
/// [`MetricError::LengthMismatch`].
pub fn chunk_accuracy(
    correct: &[Option<bool>],
    timestamps: Option<&[f64]>,
    by: ChunkBy,
    baseline: Option<f64>,
) -> Result<ChunkSeries, MetricError> {
    let values: Vec<Option<f64>> = correct
        .iter()
        .map(|c| c.map(|b| f64::from(u8::from(b))))
        .collect();
    chunk_series(&values, timestamps, by, RollingMetric::Accuracy, baseline)
}

/// Mean absolute error per chunk (regression counterpart of [`chunk_accuracy`]; the alert
/// fires when the MAE grows by more than 5 % over `baseline`).
///
/// # Remarks
/// `abs_errors[i]` = |ŷ − y| of row i, `NaN` = unlabelled.
///
/// # Errors
/// As [`chunk_accuracy`].
pub fn chunk_mae(
    abs_errors: &[f64],
    timestamps: Option<&[f64]>,
    by: ChunkBy,
    baseline: Option<f64>,
) -> Result<ChunkSeries, MetricError> {
    let values: Vec<Option<f64>> = abs_errors
        .iter()
        .map(|&v| (!v.is_nan()).then_some(v))
        .collect();
    chunk_series(&values, timestamps, by, RollingMetric::Mae, baseline)
}

/// Mean of `values` per chunk (`NaN` = missing), the chunks cut exactly as
/// [`chunk_accuracy`] / [`chunk_mae`] cut them for the same timestamps and `by`, so the result
/// lines up with their chunks. `None` for a chunk without a value.
///
/// # Errors
/// As [`chunk_accuracy`].
pub fn chunk_mean(
    values: &[f64],
    timestamps: Option<&[f64]>,
    by: ChunkBy,
) -> Result<Vec<Option<f64>>, MetricError> {
    let s = chunk_mae(values, timestamps, by, None)?;
    Ok(s.chunks.iter().map(|c| c.mae.map(|v| v.0)).collect())
}

#[cfg(test)]
mod tests {
    use super::super::iso_week_label;
    use super::*;
    use crate::data::datetime::parse_datetime;

    fn ts(s: &str) -> f64 {
        parse_datetime(s).unwrap()
    }

    #[test]
    fn chunks_by_day_count_rows_labels_and_alert() {
        let t = [
            ts("2026-05-02T10:00:00"),
            ts("2026-05-01T10:00:00"),
            ts("2026-05-01T11:00:00"),
            f64::NAN,
            ts("2026-05-02T09:00:00"),
        ];
        let c = [Some(false), Some(true), None, Some(true), Some(true)];
        let s = chunk_accuracy(&c, Some(&t), ChunkBy::Day, Some(0.9)).unwrap();
        assert_eq!(s.rows_without_timestamp, 1);
        assert_eq!(s.chunks.len(), 2);
        let (a, b) = (&s.chunks[0], &s.chunks[1]);
        assert_eq!(
            (a.label.as_str(), a.rows, a.n_labeled, a.accuracy),
            ("2026-05-01", 2, 1, Some(Num(1.0)))
        );
        assert_eq!(a.alert, Some(false));
        assert_eq!(
            (b.label.as_str(), b.rows, b.accuracy, b.alert),
            ("2026-05-02", 2, Some(Num(0.5)), Some(true))
        );
        assert!(chunk_accuracy(&c, None, ChunkBy::Week, None).is_err());
    }

    #[test]
    fn chunk_means_line_up_with_the_accuracy_chunks() {
        // Same timestamps as above: day 1 = rows 1, 2; day 2 = rows 0, 4; row 3 has none.
        let t = [
            ts("2026-05-02T10:00:00"),
            ts("2026-05-01T10:00:00"),
            ts("2026-05-01T11:00:00"),
            f64::NAN,
            ts("2026-05-02T09:00:00"),
        ];
        let score = [0.9, 0.2, 0.4, 0.5, f64::NAN];
        let m = chunk_mean(&score, Some(&t), ChunkBy::Day).unwrap();
        // (0.2 + 0.4) / 2 and 0.9 alone (the missing score is skipped).
        assert_eq!(m.len(), 2);
        assert!((m[0].unwrap() - 0.3).abs() < 1e-15, "{m:?}");
        assert_eq!(m[1], Some(0.9));
        let c = [Some(true); 5];
        let acc = chunk_accuracy(&c, Some(&t), ChunkBy::Day, None).unwrap();
        assert_eq!(acc.chunks.len(), m.len());
        assert_eq!(
            chunk_mean(&[f64::NAN], None, ChunkBy::Equal(1)).unwrap(),
            vec![None]
        );
    }

    #[test]
    fn equal_chunks_split_rows_in_order() {
        let e = [1.0, 2.0, f64::NAN, 4.0, 5.0, 6.0, 7.0];
        let s = chunk_mae(&e, None, ChunkBy::Equal(3), Some(2.0)).unwrap();
        let labels: Vec<&str> = s.chunks.iter().map(|c| c.label.as_str()).collect();
        assert_eq!(labels, ["chunk 1", "chunk 2", "chunk 3"]);
        assert_eq!(
            s.chunks.iter().map(|c| c.rows).collect::<Vec<_>>(),
            [2, 2, 3]
        );
        assert_eq!(s.chunks[0].mae, Some(Num(1.5)));
        assert_eq!(s.chunks[1].n_labeled, 1);
        assert_eq!(s.chunks[0].alert, Some(false));
        assert_eq!(s.chunks[2].alert, Some(true));
        assert!(s.chunks[0].accuracy.is_none());
    }

    #[test]
    fn absurd_timestamps_do_not_panic() {
        let t = [1e300, -1e300, f64::MAX];
        let c = [Some(true), Some(false), None];
        for by in [ChunkBy::Day, ChunkBy::Week, ChunkBy::Month] {
            let s = chunk_accuracy(&c, Some(&t), by, None).unwrap();
            assert_eq!(s.chunks.iter().map(|c| c.rows).sum::<usize>(), 3);
        }
        let _ = iso_week_label(-1e300);
    }
}
