//! G-test (log-likelihood ratio test) of homogeneity on the 2×k table of category counts.

use super::chi_square::power_divergence_2xk;
use super::DriftError;
use crate::stats::special::chi2_sf;

/// Result of [`g_test`]: the G statistic, `P(χ²_dof > G)` and `dof = k − 1`.
pub type GTestResult = super::chi_square::Chi2Result;

/// G-test of homogeneity of two count vectors (reference row, production row) over the same
/// categories, as `scipy.stats.chi2_contingency([ref, prod], lambda_="log-likelihood")`.
///
/// # Formula
/// ```text
/// Eᵣⱼ = (row sumᵣ · column sumⱼ) / N
/// G   = 2 Σᵣ Σⱼ Oᵣⱼ · ln(Oᵣⱼ / Eᵣⱼ)       (0 · ln 0 = 0),      dof = k − 1,      p = P(χ²_dof > G)
/// ```
///
/// # Remarks
/// - The same table as [`super::chi_square::chi2_contingency`]: a category seen in only one
///   sample is an ordinary column; categories with 0 in both samples are dropped first.
/// - `k = 1`: G = 0, dof = 0, p = 1.
/// - G and Pearson's X² agree to second order; G is the likelihood-ratio form.
/// - This is a homogeneity test on the 2×k table (SPEC §3.1). Evidently's `g_test` is instead a
///   goodness-of-fit test of production counts against *unscaled* reference counts (which
///   scipy rejects unless both samples have the same size), so its numbers differ.
/// - Terms are summed pairwise over the row-major table, as scipy does.
///
/// # Errors
/// [`DriftError::NotComputable`] when either sample has no values;
/// [`DriftError::InvalidOption`] when the two vectors differ in length.
///
/// # References
/// Sokal, R. R. & Rohlf, F. J. (1995), *Biometry*, 3rd ed., §17.4; Wilks, S. S. (1938), "The
/// large-sample distribution of the likelihood ratio for testing composite hypotheses",
/// *Ann. Math. Statist.* 9(1), 60–62, <https://doi.org/10.1214/aoms/1177732360>;
/// `scipy.stats.chi2_contingency(lambda_="log-likelihood")`.
pub fn g_test(ref_counts: &[u64], prod_counts: &[u64]) -> Result<GTestResult, DriftError> {
    // scipy: 2·xlogy(O, O/E), with xlogy(0, ·) = 0.
    let g = power_divergence_2xk(ref_counts, prod_counts, "G-test", |obs, expected| {
        if obs == 0.0 {
            0.0
        } else {
            2.0 * (obs * (obs / expected).ln())
        }
    })?;
    let Some((sum, dof)) = g else {
        return Ok(GTestResult {
            statistic: 0.0,
            p_value: 1.0,
            dof: 0,
        });
    };
    // Rounding can leave a tiny negative sum for identical proportions.
    let statistic = sum.max(0.0);
    Ok(GTestResult {
        statistic,
        p_value: chi2_sf(statistic, dof as f64).clamp(0.0, 1.0),
        dof,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_scipy_log_likelihood_contingency() {
        // scipy.stats.chi2_contingency([[10, 20, 5], [20, 10, 7]], correction=False,
        //     lambda_='log-likelihood') → (7.075292719206246, 0.02908169444539868, dof 2)
        let r = g_test(&[10, 20, 5], &[20, 10, 7]).unwrap_or_else(|e| panic!("{e}"));
        assert!(
            (r.statistic / 7.075292719206246 - 1.0).abs() < 1e-12,
            "{}",
            r.statistic
        );
        assert!(
            (r.p_value / 0.02908169444539868 - 1.0).abs() < 1e-9,
            "{}",
            r.p_value
        );
        assert_eq!(r.dof, 2);
        // Golden pair03 `cat` counts: (3.8190850097688767, 0.14814814814814817)
        let r = g_test(&[3, 1, 0], &[1, 1, 2]).unwrap_or_else(|e| panic!("{e}"));
        assert!((r.statistic / 3.8190850097688767 - 1.0).abs() < 1e-12);
        assert!((r.p_value / 0.14814814814814817 - 1.0).abs() < 1e-9);
    }

    #[test]
    fn degenerate_tables() {
        let r = g_test(&[300, 0], &[250, 0]).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((r.statistic, r.p_value, r.dof), (0.0, 1.0, 0));
        let r = g_test(&[1, 2, 3], &[2, 4, 6]).unwrap_or_else(|e| panic!("{e}"));
        assert!(r.statistic.abs() < 1e-12);
        assert!((r.p_value - 1.0).abs() < 1e-9);
        assert!(matches!(
            g_test(&[0, 0], &[1, 2]),
            Err(DriftError::NotComputable(_))
        ));
        assert!(matches!(
            g_test(&[1], &[1, 2]),
            Err(DriftError::InvalidOption(_))
        ));
    }
}
