//! Welch's two-sample t-test (unequal variances), two-sided.

use super::DriftError;
use crate::stats::{fsum, special::students_t_two_sided_p, variance};

/// Result of [`welch`].
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct TTestResult {
    /// t = (mean_ref − mean_prod) / sqrt(s²_ref/n_ref + s²_prod/n_prod); ±∞ when both samples
    /// are constant with different values.
    pub statistic: f64,
    /// Two-sided p-value in `[0, 1]`.
    pub p_value: f64,
    /// Welch–Satterthwaite degrees of freedom (1 when both variances are 0, as scipy).
    pub df: f64,
    /// Reference mean.
    pub mean_ref: f64,
    /// Production mean.
    pub mean_prod: f64,
}

/// Welch's t-test of equal means, two-sided, as `scipy.stats.ttest_ind(x, y, equal_var=False)`.
///
/// # Formula
/// ```text
/// vᵢ = s²ᵢ / nᵢ      (s² with ddof = 1)
/// t  = (x̄ − ȳ) / sqrt(v₁ + v₂)
/// ν  = (v₁ + v₂)² / ( v₁²/(n₁ − 1) + v₂²/(n₂ − 1) )
/// p  = 2 · F_t(−|t|; ν)
/// ```
///
/// # Remarks
/// - Means and variances follow numpy (pairwise sums, two-pass variance) on the values shifted
///   by a common constant (the first reference value), so x̄ − ȳ keeps every digit even when the
///   values agree in their first ten (1 ± 1e-9), and the order of the values does not matter.
///   scipy subtracts two rounded means there and is off by about 1e-6 relative; the test
///   `welch_t_test_keeps_tiny_variances_exact` checks against exact rational arithmetic.
/// - Both variances 0: ν is undefined and set to 1 (scipy's convention); equal means then give
///   t = 0/0, which is [`DriftError::NotComputable`], different means give t = ±∞, p = 0.
/// - p from `statrs`' Student t CDF (regularized incomplete beta), clipped to `[0, 1]`.
///
/// # Errors
/// [`DriftError::NotComputable`] when a sample has fewer than 2 values, or both samples are
/// constant and equal.
///
/// # References
/// Welch, B. L. (1947), "The generalization of 'Student's' problem when several different
/// population variances are involved", *Biometrika* 34(1–2), 28–35,
/// <https://doi.org/10.1093/biomet/34.1-2.28>; `scipy.stats.ttest_ind(equal_var=False)`.
pub fn welch(x: &[f64], y: &[f64]) -> Result<TTestResult, DriftError> {
    let (n1, n2) = (x.len(), y.len());
    if n1 < 2 || n2 < 2 {
        return Err(DriftError::NotComputable(format!(
            "Welch's t-test needs at least 2 values on each side ({n1} and {n2})"
        )));
    }
    // Both samples shifted by one common value c: the shifted means carry the difference of the
    // means at full precision (values 1 ± 1e-9 differ in their last ten digits, which a difference
    // of two rounded means near 1 would lose), and the result no longer depends on the order of
    // the values (the report passes them sorted, scipy in file order).
    let c = x[0];
    let xs: Vec<f64> = x.iter().map(|v| v - c).collect();
    let ys: Vec<f64> = y.iter().map(|v| v - c).collect();
    let (d1, d2) = (fsum(&xs) / n1 as f64, fsum(&ys) / n2 as f64);
    let (m1, m2) = (c + d1, c + d2);
    let vn1 = variance(&xs, 1) / n1 as f64;
    let vn2 = variance(&ys, 1) / n2 as f64;
    let df = (vn1 + vn2).powi(2) / (vn1 * vn1 / (n1 - 1) as f64 + vn2 * vn2 / (n2 - 1) as f64);
    let df = if df.is_nan() { 1.0 } else { df };
    let statistic = (d1 - d2) / (vn1 + vn2).sqrt();
    if statistic.is_nan() {
        return Err(DriftError::NotComputable(
            "Welch's t-test: both samples are constant and equal".into(),
        ));
    }
    Ok(TTestResult {
        statistic,
        p_value: students_t_two_sided_p(statistic, df),
        df,
        mean_ref: m1,
        mean_prod: m2,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_scipy() {
        // scipy.stats.ttest_ind([1,2,3,4], [2,4,6,8,10], equal_var=False)
        let r = welch(&[1.0, 2.0, 3.0, 4.0], &[2.0, 4.0, 6.0, 8.0, 10.0])
            .unwrap_or_else(|e| panic!("{e}"));
        assert!((r.statistic / -2.2514363231593695 - 1.0).abs() < 1e-12);
        assert!((r.df / 5.520787746170677 - 1.0).abs() < 1e-12);
        assert!((r.p_value / 0.06913359319239236 - 1.0).abs() < 1e-9);
    }

    #[test]
    fn constant_samples() {
        // scipy: ttest_ind([1,1,1], [2,2,2], equal_var=False) → (-inf, 0.0, df 1.0)
        let r = welch(&[1.0; 3], &[2.0; 3]).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            (r.statistic, r.p_value, r.df),
            (f64::NEG_INFINITY, 0.0, 1.0)
        );
        assert!(matches!(
            welch(&[7.0; 5], &[7.0; 5]),
            Err(DriftError::NotComputable(_))
        ));
        assert!(matches!(
            welch(&[1.0], &[1.0, 2.0]),
            Err(DriftError::NotComputable(_))
        ));
    }
}
