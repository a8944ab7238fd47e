//! Kullback–Leibler divergence KL(reference ‖ production) between two binned distributions.

use super::jensenshannon::rel_entr;
use super::psi::{count_shares, floored};
use super::DriftError;
use crate::stats::pairwise_sum;

/// KL divergence of reference shares `p` from production shares `q`, as
/// `scipy.stats.entropy(p′, q′)` on the floored shares (natural log).
///
/// # Formula
/// ```text
/// p′ᵢ = pᵢ, or 1e-4 if pᵢ = 0        q′ᵢ = qᵢ, or 1e-4 if qᵢ = 0
/// P = p′ / Σp′,   Q = q′ / Σq′                          (scipy renormalises)
/// KL(P ‖ Q) = Σᵢ Pᵢ · ln(Pᵢ / Qᵢ)
/// ```
///
/// # Remarks
/// The floor (the same 1e-4 as PSI) keeps the divergence finite when a bin is empty on one
/// side; scipy's `entropy` then renormalises both vectors, so the floored shares of a side sum
/// to 1 again. KL ≥ 0, 0 for identical shares, not symmetric (the reference is the "true"
/// distribution). Sums use numpy's pairwise summation. Slices of different lengths: extra
/// entries of the longer one are ignored. The golden files record it as
/// `binned.*.kl_ref_prod`. (Evidently's `kl_div` floors empty shares differently —
/// `min(nonzero)/1e6` — so its values differ on bins that are empty.)
///
/// # References
/// Kullback, S. & Leibler, R. A. (1951), "On information and sufficiency", *Ann. Math.
/// Statist.* 22(1), 79–86, <https://doi.org/10.1214/aoms/1177729694>; `scipy.stats.entropy`.
pub fn kl_div(p: &[f64], q: &[f64]) -> f64 {
    let pf = floored(p);
    let qf = floored(q);
    let (sp, sq) = (pairwise_sum(&pf), pairwise_sum(&qf));
    let terms: Vec<f64> = pf
        .iter()
        .zip(&qf)
        .map(|(&a, &b)| rel_entr(a / sp, b / sq))
        .collect();
    pairwise_sum(&terms)
}

/// [`kl_div`] from counts per bin (shares = counts / Σcounts on each side).
///
/// # Errors
/// [`DriftError::NotComputable`] when either side has no values;
/// [`DriftError::InvalidOption`] when the count vectors differ in length.
pub fn kl_div_from_counts(ref_counts: &[u64], prod_counts: &[u64]) -> Result<f64, DriftError> {
    let (p, q) = count_shares("KL divergence", ref_counts, prod_counts)?;
    Ok(kl_div(&p, &q))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_shares_have_zero_divergence() {
        assert_eq!(kl_div(&[0.2, 0.8], &[0.2, 0.8]), 0.0);
        assert_eq!(
            kl_div_from_counts(&[1, 3, 0], &[2, 6, 0]).unwrap_or(f64::NAN),
            0.0
        );
    }

    #[test]
    fn matches_a_hand_computation_with_floors_and_renormalisation() {
        // p = [0.5, 0.5, 0], q = [0.25, 0.25, 0.5] → p′ = [0.5, 0.5, 1e-4] / 1.0001
        let s = 1.0001f64;
        let expected =
            2.0 * (0.5 / s) * ((0.5 / s) / 0.25).ln() + (1e-4 / s) * ((1e-4 / s) / 0.5).ln();
        let got = kl_div(&[0.5, 0.5, 0.0], &[0.25, 0.25, 0.5]);
        assert!((got - expected).abs() < 1e-15, "{got} vs {expected}");
        // scipy.stats.entropy([0.5, 0.5, 1e-4], [0.25, 0.25, 0.5]) = 0.6921262436166087
        assert!((got / 0.6921262436166087 - 1.0).abs() < 1e-12, "{got}");
    }

    #[test]
    fn empty_or_mismatched_counts_are_errors() {
        assert!(matches!(
            kl_div_from_counts(&[0, 0], &[1, 1]),
            Err(DriftError::NotComputable(_))
        ));
        assert!(matches!(
            kl_div_from_counts(&[1], &[1, 1]),
            Err(DriftError::InvalidOption(_))
        ));
    }
}
