//! Hellinger distance between two binned distributions.

use super::psi::count_shares;
use super::DriftError;
use crate::stats::pairwise_sum;

/// Hellinger distance between reference shares `p` and production shares `q` (nannyml's
/// formula, on the raw shares).
///
/// # Formula
/// ```text
/// H(p, q) = sqrt( Σᵢ (√pᵢ − √qᵢ)² ) / √2
/// ```
///
/// # Remarks
/// Uses the raw, unsmoothed and un-renormalised shares (empty bins need no floor). Symmetric,
/// in `[0, 1]` for shares summing to 1: 0 for identical distributions, 1 for disjoint ones.
/// Sums use numpy's pairwise summation; extra entries of the longer slice are ignored. The
/// golden files record it as `binned.*.hellinger`. (Evidently's `hellinger` on numeric columns
/// uses density histograms over its own bins, so its values differ.)
///
/// # References
/// Hellinger, E. (1909), "Neue Begründung der Theorie quadratischer Formen von unendlichvielen
/// Veränderlichen", *J. reine angew. Math.* 136, 210–271,
/// <https://doi.org/10.1515/crll.1909.136.210>; nannyml's `HellingerDistance`.
pub fn hellinger(p: &[f64], q: &[f64]) -> f64 {
    let terms: Vec<f64> = p
        .iter()
        .zip(q)
        .map(|(&a, &b)| {
            let d = a.sqrt() - b.sqrt();
            d * d
        })
        .collect();
    pairwise_sum(&terms).sqrt() / std::f64::consts::SQRT_2
}

/// [`hellinger`] from counts per bin (shares = counts / Σcounts on each side).
///
/// # Errors
/// [`DriftError::NotComputable`] when either side has no values;
/// [`DriftError::InvalidOption`] when the count vectors differ in length.
pub fn hellinger_from_counts(ref_counts: &[u64], prod_counts: &[u64]) -> Result<f64, DriftError> {
    let (p, q) = count_shares("Hellinger distance", ref_counts, prod_counts)?;
    Ok(hellinger(&p, &q))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_and_disjoint_distributions() {
        assert_eq!(hellinger(&[0.3, 0.7], &[0.3, 0.7]), 0.0);
        assert!((hellinger(&[1.0, 0.0], &[0.0, 1.0]) - 1.0).abs() < 1e-15);
    }

    #[test]
    fn matches_numpy() {
        // np.sqrt(np.sum((np.sqrt(p) - np.sqrt(q))**2)) / np.sqrt(2) = 0.541196100146197
        let h = hellinger(&[0.5, 0.5, 0.0], &[0.25, 0.25, 0.5]);
        assert!((h / 0.541196100146197 - 1.0).abs() < 1e-14, "{h}");
        let h2 = hellinger_from_counts(&[2, 2, 0], &[1, 1, 2]).unwrap_or(f64::NAN);
        assert!((h2 - h).abs() < 1e-15);
    }

    #[test]
    fn empty_or_mismatched_counts_are_errors() {
        assert!(matches!(
            hellinger_from_counts(&[0], &[1]),
            Err(DriftError::NotComputable(_))
        ));
        assert!(matches!(
            hellinger_from_counts(&[1, 2], &[1]),
            Err(DriftError::InvalidOption(_))
        ));
    }
}
