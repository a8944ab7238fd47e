//! The seed's rolling accuracy and its regression counterpart, the rolling MAE, over the
//! labelled rows in time order.

use serde::{Deserialize, Serialize};

use super::RollingMetric;
use crate::num::Num;
use crate::stats::mean;

/// Default rolling window in labelled rows (the seed's `w = 1000`).
pub const DEFAULT_WINDOW: usize = 1000;
/// Default step between window starts (the seed's `step = 100`).
pub const DEFAULT_STEP: usize = 100;
/// Smallest window used when the data are too short for the configured one.
pub const MIN_WINDOW: usize = 50;

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

#[cfg(test)]
mod tests {
    use super::*;

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
}
