//! Total variation distance between two category (or bin) distributions.

use super::psi::count_shares;
use super::DriftError;
use crate::stats::pairwise_sum;

/// Total variation distance between reference shares `p` and production shares `q`.
///
/// # Formula
/// ```text
/// TVD(p, q) = ½ Σᵢ |pᵢ − qᵢ|          (= 1 − Σᵢ min(pᵢ, qᵢ) for shares summing to 1)
/// ```
///
/// # Remarks
/// The largest difference in probability that the two distributions give to any set of
/// categories; in `[0, 1]`, symmetric, 0 for identical shares, 1 for disjoint supports.
/// Summed pairwise (numpy order); extra entries of the longer slice are ignored. Evidently's
/// `tvd` reports the p-value of a 1000-permutation test instead (seeded with numpy's legacy
/// generator, not reproducible here); SPEC §3.1 thresholds the distance itself.
///
/// # References
/// Levin, D. A., Peres, Y. & Wilmer, E. L. (2009), *Markov Chains and Mixing Times*, §4.1,
/// <https://doi.org/10.1090/mbk/058>.
pub fn tvd(p: &[f64], q: &[f64]) -> f64 {
    let terms: Vec<f64> = p.iter().zip(q).map(|(&a, &b)| (a - b).abs()).collect();
    0.5 * pairwise_sum(&terms)
}

/// [`tvd`] from counts per category (shares = counts / Σcounts on each side).
///
/// # Errors
/// [`DriftError::NotComputable`] when either side has no values;
/// [`DriftError::InvalidOption`] when the count vectors differ in length.
pub fn tvd_from_counts(ref_counts: &[u64], prod_counts: &[u64]) -> Result<f64, DriftError> {
    let (p, q) = count_shares("total variation distance", ref_counts, prod_counts)?;
    Ok(tvd(&p, &q))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closed_forms() {
        assert_eq!(tvd(&[0.2, 0.8], &[0.2, 0.8]), 0.0);
        assert_eq!(tvd(&[1.0, 0.0], &[0.0, 1.0]), 1.0);
        // golden pair03 `cat`: ref [3, 1, 0]/4, prod [1, 1, 2]/4 → ½(0.5 + 0 + 0.5) = 0.5
        assert_eq!(
            tvd_from_counts(&[3, 1, 0], &[1, 1, 2]).unwrap_or(f64::NAN),
            0.5
        );
    }

    #[test]
    fn empty_or_mismatched_counts_are_errors() {
        assert!(matches!(
            tvd_from_counts(&[0], &[1]),
            Err(DriftError::NotComputable(_))
        ));
        assert!(matches!(
            tvd_from_counts(&[1, 2], &[1]),
            Err(DriftError::InvalidOption(_))
        ));
    }
}
