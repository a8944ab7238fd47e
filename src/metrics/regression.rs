//! Regression quality (SPEC §4): mean error (bias), MAE, MSE, RMSE, MAPE with zero targets
//! skipped, median absolute error, max error, R² and the error histogram.
//!
//! # MAPE and zero targets
//! scikit-learn's `mean_absolute_percentage_error` divides by `max(|y|, ε)` with
//! ε = 2.220446049250313e-16, so a **single** zero target turns into a term of
//! |ŷ|/2.2e-16 ≈ 10¹⁶·|ŷ| and the mean explodes (the golden pair05 records MAPE ≈ 2·10¹⁷ for one
//! zero among 2000 prices). Here rows with `y = 0` are **skipped** from MAPE and counted in
//! `mape_zero_targets_skipped`, so the number stays a meaningful relative error; the other
//! metrics use every labelled row. MAPE is a fraction (0.12 = 12 %), like sklearn's.
//!
//! # References
//! scikit-learn 1.9 `mean_absolute_error`, `mean_squared_error`, `root_mean_squared_error`,
//! `mean_absolute_percentage_error`, `median_absolute_error`, `max_error`, `r2_score`;
//! de Myttenaere, A. et al. (2016), "Mean absolute percentage error for regression models",
//! *Neurocomputing* 192, 38–48, <https://doi.org/10.1016/j.neucom.2015.12.114>.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{check_len, MetricError};
use crate::num::Num;
use crate::stats::{mean, pairwise_sum};

/// Histogram of the signed errors ŷ − y (a chart view-model).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ErrorHistogram {
    /// Bin edges, ascending (`counts.len() + 1` of them).
    pub edges: Vec<Num>,
    /// Rows per bin: `[e_i, e_{i+1})`, the last bin closed.
    pub counts: Vec<u64>,
}

/// Regression quality of one file: SPEC §9 `regression.reference|production`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RegressionMetrics {
    /// Rows used: finite target and finite prediction.
    pub n_labeled: usize,
    /// Rows given (label coverage = `n_labeled / n_rows`).
    pub n_rows: usize,
    /// Rows with a finite target but a missing/non-finite prediction (left out).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub n_missing_prediction: usize,
    /// Mean error (bias) mean(ŷ − y): positive = over-prediction.
    pub mean_error: Num,
    /// Mean absolute error.
    pub mae: Num,
    /// Mean squared error.
    pub mse: Num,
    /// Root mean squared error √MSE.
    pub rmse: Num,
    /// Mean absolute percentage error over the non-zero targets (fraction, not %).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mape: Option<Num>,
    /// Rows with y = 0 left out of MAPE.
    pub mape_zero_targets_skipped: usize,
    /// Median of |y − ŷ| (numpy median).
    pub median_absolute_error: Num,
    /// Largest |y − ŷ|.
    pub max_error: Num,
    /// Coefficient of determination (sklearn `r2_score`, `force_finite=True`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub r2: Option<Num>,
    /// Histogram of ŷ − y.
    pub error_histogram: ErrorHistogram,
    /// Metric key → why it is absent.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub not_computable: BTreeMap<String, String>,
}

fn is_zero(v: &usize) -> bool {
    *v == 0
}

/// SPEC §9 `regression`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RegressionReport {
    /// Reference (baseline); `None` when the file has no labelled row.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference: Option<RegressionMetrics>,
    /// Production; `None` when the file has no labelled row.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub production: Option<RegressionMetrics>,
}

/// Median as `numpy.median`: the middle value, or the mean `(a + b)/2` of the two middle values
/// for an even count. Reorders `v` (O(n) selection). `NaN` for an empty slice; the values must
/// not be NaN (not checked).
pub fn median(v: &mut [f64]) -> f64 {
    let n = v.len();
    if n == 0 {
        return f64::NAN;
    }
    let (_, &mut hi, _) = v.select_nth_unstable_by(n / 2, f64::total_cmp);
    if n % 2 == 1 {
        return hi;
    }
    let lo = v[..n / 2].iter().copied().fold(f64::NEG_INFINITY, f64::max);
    (lo + hi) / 2.0
}

/// Histogram of `values` with numpy's `'sturges'` equal-width bins over [min, max].
///
/// # Formula
/// ```text
/// width = (max − min)/(log₂ n + 1),  k = ⌈(max − min)/width⌉,  edges = linspace(min, max, k + 1)
/// ```
/// (one bin [min − 0.5, max + 0.5] when max = min); counting as `np.histogram` (bin i is
/// [e_i, e_{i+1}), the last bin closed).
///
/// # Remarks
/// Non-finite values are ignored. An empty input gives an empty histogram.
///
/// # References
/// `numpy.histogram_bin_edges(bins='sturges')`, `numpy.histogram`; Sturges, H. A. (1926), "The
/// choice of a class interval", *JASA* 21(153), 65–66, <https://doi.org/10.1080/01621459.1926.10502161>.
pub fn error_histogram(values: &[f64]) -> ErrorHistogram {
    let v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
    if v.is_empty() {
        return ErrorHistogram {
            edges: Vec::new(),
            counts: Vec::new(),
        };
    }
    let lo = v.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = v.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let (first, last, k) = if hi > lo {
        let width = (hi - lo) / ((v.len() as f64).log2() + 1.0);
        let k = ((hi - lo) / width).ceil().max(1.0) as usize;
        (lo, hi, k)
    } else {
        (lo - 0.5, hi + 0.5, 1)
    };
    let step = (last - first) / k as f64;
    let mut edges: Vec<f64> = (0..=k).map(|i| i as f64 * step + first).collect();
    edges[k] = last;
    let mut counts = vec![0u64; k];
    let norm = k as f64 / (last - first);
    for &x in &v {
        let mut i = (((x - first) * norm) as usize).min(k - 1);
        if x < edges[i] && i > 0 {
            i -= 1;
        } else if i + 1 < k && x >= edges[i + 1] {
            i += 1;
        }
        counts[i] += 1;
    }
    ErrorHistogram {
        edges: edges.into_iter().map(Num).collect(),
        counts,
    }
}

/// Regression metrics of row-aligned targets and predictions (`NaN` = missing).
///
/// # Formula
/// With eᵢ = ŷᵢ − yᵢ over the n rows where both are finite:
/// ```text
/// ME   = (1/n) Σ eᵢ                 MAE  = (1/n) Σ |eᵢ|          MSE = (1/n) Σ eᵢ²     RMSE = √MSE
/// MAPE = (1/n′) Σ_{yᵢ≠0} |eᵢ|/|yᵢ|   (n′ = rows with yᵢ ≠ 0; n − n′ reported as skipped)
/// MedAE = median |eᵢ|               MaxE = max |eᵢ|
/// R²   = 1 − Σ eᵢ² / Σ (yᵢ − ȳ)²
/// ```
///
/// # Remarks
/// * A row with a missing or infinite target is unlabelled (not counted in `n_labeled`); a
///   labelled row with a missing or infinite prediction is left out and counted in
///   `n_missing_prediction`.
/// * R² follows sklearn's `force_finite=True`: a constant target gives 1.0 for a perfect
///   prediction and 0.0 otherwise; fewer than two rows → not computable (sklearn: NaN).
/// * Every target 0 → MAPE not computable.
/// * Sums are numpy's pairwise sums, so values agree with sklearn to ~1e-15 relative.
///
/// # Errors
/// [`MetricError::LengthMismatch`]; [`MetricError::Empty`] when no row is usable.
///
/// # References
/// See the module docs.
pub fn regression_metrics(
    y_true: &[f64],
    y_pred: &[f64],
) -> Result<RegressionMetrics, MetricError> {
    check_len("y_pred", y_true.len(), y_pred.len())?;
    let mut y = Vec::with_capacity(y_true.len());
    let mut p = Vec::with_capacity(y_true.len());
    let mut missing_pred = 0usize;
    for (&t, &q) in y_true.iter().zip(y_pred) {
        if !t.is_finite() {
            continue;
        }
        if !q.is_finite() {
            missing_pred += 1;
            continue;
        }
        y.push(t);
        p.push(q);
    }
    let n = y.len();
    if n == 0 {
        return Err(MetricError::Empty);
    }
    let err: Vec<f64> = p.iter().zip(&y).map(|(q, t)| q - t).collect();
    let mut abs: Vec<f64> = err.iter().map(|e| e.abs()).collect();
    let sq: Vec<f64> = y.iter().zip(&p).map(|(t, q)| (t - q) * (t - q)).collect();
    let mean_error = mean(&err);
    let mae = mean(&abs);
    let mse = mean(&sq);
    let max_error = abs.iter().copied().fold(0.0, f64::max);
    let mut not_computable = BTreeMap::new();

    let pct: Vec<f64> = y
        .iter()
        .zip(&abs)
        .filter(|(t, _)| **t != 0.0)
        .map(|(t, a)| a / t.abs())
        .collect();
    let zeros = n - pct.len();
    let mape = if pct.is_empty() {
        not_computable.insert("mape".to_owned(), MetricError::AllTargetsZero.to_string());
        None
    } else {
        Some(Num(mean(&pct)))
    };

    let r2 = if n < 2 {
        not_computable.insert(
            "r2".to_owned(),
            MetricError::TooFewRows {
                metric: "R²",
                needed: 2,
                got: n,
            }
            .to_string(),
        );
        None
    } else {
        let numerator = pairwise_sum(&sq);
        let ybar = mean(&y);
        let dev: Vec<f64> = y.iter().map(|t| (t - ybar) * (t - ybar)).collect();
        let denominator = pairwise_sum(&dev);
        Some(Num(match (numerator != 0.0, denominator != 0.0) {
            (true, true) => 1.0 - numerator / denominator,
            (false, _) => 1.0,
            (true, false) => 0.0,
        }))
    };

    let error_histogram = error_histogram(&err);
    let median_absolute_error = median(&mut abs);
    Ok(RegressionMetrics {
        n_labeled: n,
        n_rows: y_true.len(),
        n_missing_prediction: missing_pred,
        mean_error: Num(mean_error),
        mae: Num(mae),
        mse: Num(mse),
        rmse: Num(mse.sqrt()),
        mape,
        mape_zero_targets_skipped: zeros,
        median_absolute_error: Num(median_absolute_error),
        max_error: Num(max_error),
        r2,
        error_histogram,
        not_computable,
    })
}

/// SPEC §9 `regression` from both files' `(target, prediction)` columns.
///
/// A file that is absent or has no usable row gets `None`.
///
/// # Errors
/// [`MetricError::LengthMismatch`] when a file's two columns differ in length.
pub fn regression_report(
    reference: Option<(&[f64], &[f64])>,
    production: Option<(&[f64], &[f64])>,
) -> Result<RegressionReport, MetricError> {
    let side = |s: Option<(&[f64], &[f64])>| -> Result<Option<RegressionMetrics>, MetricError> {
        match s {
            None => Ok(None),
            Some((y, p)) => match regression_metrics(y, p) {
                Ok(m) => Ok(Some(m)),
                Err(MetricError::Empty) => Ok(None),
                Err(e) => Err(e),
            },
        }
    };
    Ok(RegressionReport {
        reference: side(reference)?,
        production: side(production)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-12 * b.abs().max(1.0)
    }

    #[test]
    fn closed_forms_on_a_small_example() {
        // y = [1, 2, 4, 0], ŷ = [2, 2, 2, 1]: e = [1, 0, −2, 1]
        let m = regression_metrics(&[1.0, 2.0, 4.0, 0.0], &[2.0, 2.0, 2.0, 1.0]).unwrap();
        assert_eq!(m.mean_error.0, 0.0);
        assert_eq!(m.mae.0, 1.0);
        assert_eq!(m.mse.0, 6.0 / 4.0);
        assert_eq!(m.rmse.0, 1.5f64.sqrt());
        assert_eq!(m.max_error.0, 2.0);
        assert_eq!(m.median_absolute_error.0, 1.0);
        // MAPE over y ≠ 0: (1/1 + 0/2 + 2/4)/3
        assert_eq!(m.mape.unwrap().0, 1.5 / 3.0);
        assert_eq!(m.mape_zero_targets_skipped, 1);
        // R² = 1 − 6 / Σ(y − 1.75)² = 1 − 6/8.75
        assert!(close(m.r2.unwrap().0, 1.0 - 6.0 / 8.75));
        assert_eq!(m.error_histogram.counts.iter().sum::<u64>(), 4);
    }

    #[test]
    fn r2_follows_sklearn_force_finite() {
        // r2_score([1,1,1],[1,1,1]) == 1.0; r2_score([1,1,1],[1,2,1]) == 0.0; one row → nan
        assert_eq!(
            regression_metrics(&[1.0; 3], &[1.0; 3]).unwrap().r2,
            Some(Num(1.0))
        );
        assert_eq!(
            regression_metrics(&[1.0; 3], &[1.0, 2.0, 1.0]).unwrap().r2,
            Some(Num(0.0))
        );
        let one = regression_metrics(&[1.0], &[2.0]).unwrap();
        assert!(one.r2.is_none() && one.not_computable.contains_key("r2"));
    }

    #[test]
    fn missing_values_are_skipped_and_counted() {
        let m = regression_metrics(
            &[1.0, f64::NAN, 3.0, f64::INFINITY, 5.0],
            &[1.0, 2.0, f64::NAN, 4.0, 6.0],
        )
        .unwrap();
        assert_eq!((m.n_labeled, m.n_rows, m.n_missing_prediction), (2, 5, 1));
        assert_eq!(
            regression_metrics(&[f64::NAN], &[1.0]),
            Err(MetricError::Empty)
        );
        let z = regression_metrics(&[0.0, 0.0], &[1.0, 2.0]).unwrap();
        assert!(z.mape.is_none() && z.mape_zero_targets_skipped == 2);
    }

    #[test]
    fn median_is_numpys() {
        // np.median(np.abs([1.5,2.1,3.7,4.4] - [1,2,3,4])) == 0.4500000000000002
        let m = regression_metrics(&[1.0, 2.0, 3.0, 4.0], &[1.5, 2.1, 3.7, 4.4]).unwrap();
        assert_eq!(m.median_absolute_error.0, 0.4500000000000002);
        assert_eq!(median(&mut [3.0, 1.0, 2.0]), 2.0);
        assert!(median(&mut []).is_nan());
    }

    #[test]
    fn histogram_matches_numpy_sturges() {
        // np.histogram([0,1,2,3,4,5,6,7,8,9.5], bins='sturges') → 5 bins, edges linspace(0, 9.5, 6)
        let v = [0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.5];
        let h = error_histogram(&v);
        assert_eq!(h.counts, vec![2, 2, 2, 2, 2]);
        assert_eq!(h.edges.len(), 6);
        assert_eq!(h.edges[5].0, 9.5);
        let c = error_histogram(&[2.0, 2.0]);
        assert_eq!((c.edges[0].0, c.edges[1].0, c.counts[0]), (1.5, 2.5, 2));
    }
}
