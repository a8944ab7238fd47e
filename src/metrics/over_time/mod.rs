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

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{check_len, MetricError};
use crate::num::Num;
use crate::stats::mean;

/// Default rolling window in labelled rows (the seed's `w = 1000`).
pub const DEFAULT_WINDOW: usize = 1000;
/// Default step between window starts (the seed's `step = 100`).
pub const DEFAULT_STEP: usize = 100;
/// Smallest window used when the data are too short for the configured one.
pub const MIN_WINDOW: usize = 50;
/// The seed's alert threshold: a relative drop of more than 5 %.
pub const DEFAULT_DROP_THRESHOLD: f64 = 0.05;

/// Which metric a rolling series or chunk series holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RollingMetric {
    /// Share of correct predictions (classification).
    Accuracy,
    /// Mean absolute error (regression).
    Mae,
}

/// Window settings of the rolling series (SPEC §9 `config.rolling`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RollingOptions {
    /// Window in labelled rows (default [`DEFAULT_WINDOW`]).
    pub window: Option<usize>,
    /// Step between window starts (default [`DEFAULT_STEP`]).
    pub step: Option<usize>,
}

/// SPEC §9 `rolling`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RollingReport {
    /// `accuracy` (classification) or `mae` (regression).
    pub metric: RollingMetric,
    /// Window actually used (labelled rows).
    pub window: usize,
    /// Step actually used.
    pub step: usize,
    /// 0-based start of each window in the labelled stream.
    pub start_indices: Vec<usize>,
    /// Metric of each window.
    pub values: Vec<Num>,
    /// Labelled rows in the stream.
    pub n_labeled: usize,
    /// Why the window was shrunk, or why there is no value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Resolves window and step for `n` labelled rows: `(window, step, note, enough)`.
fn resolve_window(n: usize, opts: &RollingOptions) -> (usize, usize, Option<String>, bool) {
    let mut w = opts.window.unwrap_or(DEFAULT_WINDOW).max(1);
    let step = opts.step.unwrap_or(DEFAULT_STEP).max(1);
    let mut note = None;
    if n <= w {
        let shrunk = MIN_WINDOW.max(n / 10);
        note = Some(format!(
            "window {w} ≥ {n} labelled rows; using max({MIN_WINDOW}, n/10) = {shrunk}"
        ));
        w = shrunk;
    }
    if n <= w {
        let msg = format!("only {n} labelled rows: the rolling series needs more than {w}");
        return (w, step, Some(msg), false);
    }
    (w, step, note, true)
}

/// The seed's rolling accuracy over the labelled rows, exactly:
///
/// # Formula
/// ```text
/// [accuracy(y[i:i+w], ŷ[i:i+w]) for i in range(0, n − w, step)]
/// ```
/// where n is the number of labelled rows (the `Some` entries of `correct`, in order).
///
/// # Remarks
/// * `range` stops **before** n − w, so the last full window (starting at n − w) is excluded —
///   the seed's definition, kept on purpose.
/// * Defaults w = 1000, step = 100. When n ≤ w the window becomes max(50, ⌊n/10⌋) (SPEC §4,
///   "smaller data"), with a `note`; if still n ≤ w the series is empty with a `note`.
/// * A step or window of 0 is treated as 1.
/// * O(n) with prefix counts; each value is `count/w`, bit-identical to sklearn's
///   `accuracy_score` on the window.
///
/// # References
/// The seed (golden README `rolling_accuracy`); `sklearn.metrics.accuracy_score`.
pub fn rolling_accuracy(correct: &[Option<bool>], opts: &RollingOptions) -> RollingReport {
    let stream: Vec<bool> = correct.iter().flatten().copied().collect();
    let n = stream.len();
    let (w, step, note, enough) = resolve_window(n, opts);
    let mut report = RollingReport {
        metric: RollingMetric::Accuracy,
        window: w,
        step,
        start_indices: Vec::new(),
        values: Vec::new(),
        n_labeled: n,
        note,
    };
    if !enough {
        return report;
    }
    let mut prefix = Vec::with_capacity(n + 1);
    prefix.push(0u64);
    for &c in &stream {
        let last = prefix.last().copied().unwrap_or(0);
        prefix.push(last + u64::from(c));
    }
    for i in (0..n - w).step_by(step) {
        report.start_indices.push(i);
        report
            .values
            .push(Num((prefix[i + w] - prefix[i]) as f64 / w as f64));
    }
    report
}

/// Rolling mean absolute error over the labelled rows (regression counterpart of
/// [`rolling_accuracy`], same windows).
///
/// # Formula
/// ```text
/// [mean(|e|[i:i+w]) for i in range(0, n − w, step)]
/// ```
///
/// # Remarks
/// `abs_errors` holds |ŷ − y| per row, `NaN` = unlabelled. Window rules as
/// [`rolling_accuracy`]. Each window is a numpy pairwise mean (O(n·w/step)).
pub fn rolling_mae(abs_errors: &[f64], opts: &RollingOptions) -> RollingReport {
    let stream: Vec<f64> = abs_errors.iter().copied().filter(|v| !v.is_nan()).collect();
    let n = stream.len();
    let (w, step, note, enough) = resolve_window(n, opts);
    let mut report = RollingReport {
        metric: RollingMetric::Mae,
        window: w,
        step,
        start_indices: Vec::new(),
        values: Vec::new(),
        n_labeled: n,
        note,
    };
    if !enough {
        return report;
    }
    for i in (0..n - w).step_by(step) {
        report.start_indices.push(i);
        report.values.push(Num(mean(&stream[i..i + w])));
    }
    report
}

/// Row indices sorted by timestamp (stable: ties keep file order; missing timestamps last).
pub fn time_order(timestamps: &[f64]) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..timestamps.len()).collect();
    idx.sort_by(|&a, &b| {
        let (x, y) = (timestamps[a], timestamps[b]);
        match (x.is_nan(), y.is_nan()) {
            (false, false) => x.total_cmp(&y),
            (a_nan, b_nan) => a_nan.cmp(&b_nan),
        }
    });
    idx
}

// ---------------------------------------------------------------------------------------------
// Drop alert
// ---------------------------------------------------------------------------------------------

/// A production metric compared with its reference value.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PerformanceDrop {
    /// Reference (baseline) value.
    pub reference: Num,
    /// Production value.
    pub production: Num,
    /// (production − reference)/|reference|; absent when the reference is 0.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub relative_change: Option<Num>,
    /// Relative threshold (0.05).
    pub threshold: Num,
    /// Whether a larger value is better (accuracy) or worse (MAE).
    pub higher_is_better: bool,
    /// The metric got worse by more than `threshold` relative to the reference.
    pub alert: bool,
}

/// The seed's "performance drop > 5 %" check.
///
/// # Formula
/// ```text
/// r = (production − reference) / |reference|
/// alert = r < −threshold   (higher is better: accuracy, AUC, F1)
///       = r >  threshold   (lower is better: MAE, RMSE, log loss)
/// ```
///
/// # Remarks
/// Strict inequalities: a drop of exactly 5 % does not alert. A reference of 0 has no relative
/// change; then only a lower-is-better metric that became positive alerts. `None` when either
/// value is not finite.
pub fn performance_drop(
    reference: f64,
    production: f64,
    higher_is_better: bool,
    threshold: f64,
) -> Option<PerformanceDrop> {
    if !reference.is_finite() || !production.is_finite() {
        return None;
    }
    let (relative_change, alert) = if reference == 0.0 {
        (None, !higher_is_better && production > 0.0)
    } else {
        let r = (production - reference) / reference.abs();
        (
            Some(Num(r)),
            if higher_is_better {
                r < -threshold
            } else {
                r > threshold
            },
        )
    };
    Some(PerformanceDrop {
        reference: Num(reference),
        production: Num(production),
        relative_change,
        threshold: Num(threshold),
        higher_is_better,
        alert,
    })
}

// ---------------------------------------------------------------------------------------------
// Chunks
// ---------------------------------------------------------------------------------------------

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

use crate::data::datetime::{civil_from_days, days_from_civil};

/// Day number of an epoch-seconds value, clamped to ±10¹⁰ days (±27 million years) so that the
/// calendar arithmetic cannot overflow on absurd inputs.
fn day_of(epoch_secs: f64) -> i64 {
    (epoch_secs / 86_400.0).floor().clamp(-1e10, 1e10) as i64
}

/// ISO week of a day number: (ISO year, week 1–53, day number of its Monday).
fn iso_week(days: i64) -> (i64, i64, i64) {
    let weekday = (days + 3).rem_euclid(7); // 1970-01-01 was a Thursday; Monday = 0
    let monday = days - weekday;
    let thursday = monday + 3;
    let (y, _, _) = civil_from_days(thursday);
    let week = (thursday - days_from_civil(y, 1, 1)) / 7 + 1;
    (y, week, monday)
}

/// ISO 8601 week label (`2026-W18`) of an epoch-seconds timestamp (UTC; weeks start on Monday
/// and week 1 is the week with the year's first Thursday).
pub fn iso_week_label(epoch_secs: f64) -> String {
    let (y, w, _) = iso_week(day_of(epoch_secs));
    format!("{y:04}-W{w:02}")
}

/// Sort key and label of a timestamp's period.
fn period(by: ChunkBy, t: f64) -> (i64, String) {
    let days = day_of(t);
    match by {
        ChunkBy::Week => {
            let (y, w, monday) = iso_week(days);
            (monday, format!("{y:04}-W{w:02}"))
        }
        ChunkBy::Month => {
            let (y, m, _) = civil_from_days(days);
            (y * 12 + i64::from(m), format!("{y:04}-{m:02}"))
        }
        ChunkBy::Day | ChunkBy::Equal(_) => {
            let (y, m, d) = civil_from_days(days);
            (days, format!("{y:04}-{m:02}-{d:02}"))
        }
    }
}

/// Rows grouped by calendar period (`by`: day, week or month; `Equal` is read as day), in
/// time order, with the count of rows left out for a missing timestamp.
pub fn time_chunks(timestamps: &[f64], by: ChunkBy) -> (Vec<super::cbpe::ChunkRows>, usize) {
    let mut map: BTreeMap<i64, super::cbpe::ChunkRows> = BTreeMap::new();
    let mut without = 0;
    for (i, &t) in timestamps.iter().enumerate() {
        if !t.is_finite() {
            without += 1;
            continue;
        }
        let (key, label) = period(by, t);
        map.entry(key)
            .or_insert_with(|| super::cbpe::ChunkRows {
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
    use super::*;
    use crate::data::datetime::parse_datetime;

    fn ts(s: &str) -> f64 {
        parse_datetime(s).unwrap()
    }

    #[test]
    fn rolling_accuracy_is_the_seed_comprehension() {
        // n = 5, w = 2, step = 1: range(0, 3) → windows [0,1], [1,2], [2,3]
        let c = [
            Some(true),
            Some(false),
            None,
            Some(false),
            Some(true),
            Some(true),
        ];
        let r = rolling_accuracy(
            &c,
            &RollingOptions {
                window: Some(2),
                step: Some(1),
            },
        );
        assert_eq!(r.start_indices, vec![0, 1, 2]);
        assert_eq!(r.values, vec![Num(0.5), Num(0.0), Num(0.5)]);
        assert_eq!(r.n_labeled, 5);
        assert!(r.note.is_none());
    }

    #[test]
    fn small_data_shrinks_the_window_or_reports_why_not() {
        let c: Vec<Option<bool>> = (0..762).map(|i| Some(i % 3 != 0)).collect();
        let r = rolling_accuracy(&c, &RollingOptions::default());
        assert_eq!((r.window, r.step), (76, 100));
        assert_eq!(r.start_indices, (0..686).step_by(100).collect::<Vec<_>>());
        assert!(r.note.is_some());
        let r = rolling_accuracy(&c[..50], &RollingOptions::default());
        assert!(r.values.is_empty() && r.note.unwrap().contains("only 50"));
    }

    #[test]
    fn rolling_mae_uses_the_same_windows() {
        let e = [1.0, f64::NAN, 3.0, 5.0, 7.0];
        let r = rolling_mae(
            &e,
            &RollingOptions {
                window: Some(2),
                step: Some(1),
            },
        );
        assert_eq!(r.metric, RollingMetric::Mae);
        assert_eq!(r.values, vec![Num(2.0), Num(4.0)]);
    }

    #[test]
    fn iso_weeks_and_calendar_labels() {
        assert_eq!(iso_week_label(ts("2026-05-01T12:00:00")), "2026-W18");
        // 2021-01-03 (Sunday) belongs to 2020-W53; 2024-12-30 (Monday) to 2025-W01.
        assert_eq!(iso_week_label(ts("2021-01-03")), "2020-W53");
        assert_eq!(iso_week_label(ts("2021-01-04")), "2021-W01");
        assert_eq!(iso_week_label(ts("2024-12-30")), "2025-W01");
        assert_eq!(iso_week_label(ts("1970-01-01")), "1970-W01");
        assert_eq!(
            period(ChunkBy::Month, ts("2026-05-31T23:59:59")).1,
            "2026-05"
        );
        assert_eq!(
            period(ChunkBy::Day, ts("2026-05-01T00:00:00")).1,
            "2026-05-01"
        );
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
    fn drop_alert_is_strictly_more_than_five_percent() {
        // 0.59375 = 0.95 · 0.625 exactly: a drop of exactly 5 % does not alert.
        assert!(!performance_drop(0.625, 0.59375, true, 0.05).unwrap().alert);
        assert!(performance_drop(0.625, 0.59, true, 0.05).unwrap().alert);
        assert!(!performance_drop(0.8, 0.9, true, 0.05).unwrap().alert);
        assert!(performance_drop(10.0, 10.6, false, 0.05).unwrap().alert);
        let z = performance_drop(0.0, 1.0, false, 0.05).unwrap();
        assert!(z.alert && z.relative_change.is_none());
        assert!(performance_drop(f64::NAN, 1.0, true, 0.05).is_none());
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

    #[test]
    fn time_order_is_stable_with_missing_last() {
        assert_eq!(
            time_order(&[3.0, f64::NAN, 1.0, 3.0, 2.0]),
            vec![2, 4, 0, 3, 1]
        );
    }
}
