//! Moments as numpy computes them: the mean, the variance and the standard deviation.

use super::sum::{pairwise_sum, pairwise_sum_by};

/// Arithmetic mean, as `numpy.mean`.
///
/// # Formula
/// ```text
/// mean(x) = pairwise_sum(x) / n
/// ```
///
/// # Remarks
/// `NaN` for an empty slice (numpy warns and returns `nan` too). Non-finite inputs propagate.
///
/// # References
/// `numpy.mean` (`numpy/_core/_methods.py::_mean`).
pub fn mean(x: &[f64]) -> f64 {
    if x.is_empty() {
        return f64::NAN;
    }
    pairwise_sum(x) / x.len() as f64
}

/// Standard deviation with `ddof` delta degrees of freedom, as `numpy.std(x, ddof=ddof)`.
///
/// # Formula
/// ```text
/// m  = pairwise_sum(x) / n
/// sd = sqrt( pairwise_sum((xᵢ − m)²) / (n − ddof) )
/// ```
///
/// # Remarks
/// Two-pass (numerically stable) like numpy. `NaN` when `n <= ddof` (numpy gives `nan` or `inf`
/// with a warning there). `ddof = 0` is the population value, `ddof = 1` pandas' default.
///
/// # References
/// `numpy.std` (`numpy/_core/_methods.py::_var`).
pub fn std_dev(x: &[f64], ddof: usize) -> f64 {
    variance(x, ddof).sqrt()
}

/// Variance with `ddof` delta degrees of freedom, as `numpy.var(x, ddof=ddof)`.
///
/// # Formula
/// ```text
/// m   = pairwise_sum(x) / n
/// var = pairwise_sum((xᵢ − m)²) / (n − ddof)
/// ```
///
/// # Remarks
/// Two-pass like numpy; `NaN` when `n <= ddof`. [`std_dev`] is its square root.
///
/// # References
/// `numpy.var` (`numpy/_core/_methods.py::_var`).
pub fn variance(x: &[f64], ddof: usize) -> f64 {
    let n = x.len();
    if n <= ddof {
        return f64::NAN;
    }
    let m = mean(x);
    let ss = pairwise_sum_by(0, n, &|i| {
        let d = x[i] - m;
        d * d
    });
    ss / (n - ddof) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mean_and_std_of_small_samples_are_the_closed_forms() {
        let x = [2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0];
        assert_eq!(mean(&x), 5.0);
        assert_eq!(std_dev(&x, 0), 2.0);
        assert!((std_dev(&x, 1) - (32.0f64 / 7.0).sqrt()).abs() < 1e-15);
    }

    #[test]
    fn mean_and_std_of_degenerate_samples_are_nan() {
        assert!(mean(&[]).is_nan());
        assert!(std_dev(&[], 0).is_nan());
        assert!(std_dev(&[1.0], 1).is_nan());
        assert_eq!(std_dev(&[1.0], 0), 0.0);
        assert_eq!(std_dev(&[3.0, 3.0, 3.0], 1), 0.0);
    }
}
