//! Pooled two-proportion Z-test for binary columns.

use super::DriftError;
use crate::stats::special::normal_sf;

/// Result of [`two_proportion`].
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ZTestResult {
    /// z = (p_ref − p_prod) / SE (positive when the success share fell in production).
    pub statistic: f64,
    /// Two-sided p-value `2·P(Z > |z|)`.
    pub p_value: f64,
    /// Success share in the reference.
    pub p_ref: f64,
    /// Success share in production.
    pub p_prod: f64,
}

/// Two-sided pooled two-proportion Z-test, as statsmodels
/// `proportions_ztest([s_ref, s_prod], [n_ref, n_prod], value=0, alternative='two-sided', prop_var=False)`.
///
/// # Formula
/// ```text
/// p_ref = s_ref / n_ref,   p_prod = s_prod / n_prod,   P = (s_ref + s_prod) / (n_ref + n_prod)
/// z = (p_ref − p_prod) / sqrt( P (1 − P) (1/n_ref + 1/n_prod) ),   p = 2·P(Z > |z|)
/// ```
///
/// # Remarks
/// Which category is the "success" only flips the sign of z; the p-value is the same. When
/// both samples are constant and equal (P = 0 or P = 1) the standard error is 0: the result is
/// z = 0, p = 1 (Evidently's convention; statsmodels would return NaN). Tail probabilities use
/// `erfc`, so very small p-values keep full relative precision.
///
/// # Errors
/// [`DriftError::NotComputable`] when a sample size is 0; [`DriftError::InvalidOption`] when
/// a success count exceeds its sample size.
///
/// # References
/// Fleiss, J. L., Levin, B. & Paik, M. C. (2003), *Statistical Methods for Rates and
/// Proportions*, 3rd ed., Wiley, <https://doi.org/10.1002/0471445428>;
/// `statsmodels.stats.proportion.proportions_ztest`.
pub fn two_proportion(
    successes_ref: u64,
    n_ref: u64,
    successes_prod: u64,
    n_prod: u64,
) -> Result<ZTestResult, DriftError> {
    if n_ref == 0 || n_prod == 0 {
        return Err(DriftError::NotComputable(
            "Z-test needs at least one value on each side".into(),
        ));
    }
    if successes_ref > n_ref || successes_prod > n_prod {
        return Err(DriftError::InvalidOption(
            "Z-test: a success count exceeds its sample size".into(),
        ));
    }
    let (n1, n2) = (n_ref as f64, n_prod as f64);
    let p_ref = successes_ref as f64 / n1;
    let p_prod = successes_prod as f64 / n2;
    let diff = p_ref - p_prod;
    let pooled = (successes_ref + successes_prod) as f64 / (n_ref + n_prod) as f64;
    let nobs_fact = 0.0 + 1.0 / n1 + 1.0 / n2;
    let var = pooled * (1.0 - pooled) * nobs_fact;
    if var.is_nan() || var <= 0.0 {
        return Ok(ZTestResult {
            statistic: 0.0,
            p_value: 1.0,
            p_ref,
            p_prod,
        });
    }
    let z = diff / var.sqrt();
    let p = (normal_sf(z.abs()) * 2.0).min(1.0);
    Ok(ZTestResult {
        statistic: z,
        p_value: p,
        p_ref,
        p_prod,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_proportions_give_z_zero_and_p_one() {
        let r = two_proportion(30, 100, 60, 200).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(r.statistic, 0.0);
        assert_eq!(r.p_value, 1.0);
    }

    #[test]
    fn hand_computed_example() {
        // p1 = 0.5 (50/100), p2 = 0.3 (30/100), P = 0.4, SE = sqrt(0.24·0.02), z = 0.2/SE
        let r = two_proportion(50, 100, 30, 100).unwrap_or_else(|e| panic!("{e}"));
        let z = 0.2 / (0.24f64 * 0.02).sqrt();
        assert!((r.statistic - z).abs() < 1e-12);
        // math.erfc(2.886751345948129 / sqrt(2)) = 0.003892417122778627
        assert!((r.p_value / 0.003892417122778627 - 1.0).abs() < 1e-9);
        assert_eq!(r.p_ref, 0.5);
        assert_eq!(r.p_prod, 0.3);
    }

    #[test]
    fn both_samples_constant_and_equal_give_p_one() {
        let r = two_proportion(10, 10, 5, 5).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((r.statistic, r.p_value), (0.0, 1.0));
        let r = two_proportion(0, 10, 0, 5).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((r.statistic, r.p_value), (0.0, 1.0));
    }

    #[test]
    fn invalid_counts_are_rejected() {
        assert!(matches!(
            two_proportion(1, 0, 1, 2),
            Err(DriftError::NotComputable(_))
        ));
        assert!(matches!(
            two_proportion(3, 2, 1, 2),
            Err(DriftError::InvalidOption(_))
        ));
    }
}
