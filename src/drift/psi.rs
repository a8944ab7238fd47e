//! Population Stability Index (PSI) on binned shares, and the seed's verbatim PSI formula.

use super::binning::{counts_by_edges, linspace};
use super::DriftError;
use crate::stats::pairwise_sum;

/// Share used in place of an empty bin's share (`0 → 1e-4`), so that `ln(q/p)` is finite.
pub const SHARE_FLOOR: f64 = 1e-4;

/// Shares `cᵢ / n` of a count vector (`n` = the sample size, which may exceed `Σcᵢ` when some
/// values fell outside every bin, as in the seed PSI). `n = 0` gives all-NaN shares.
pub fn shares(counts: &[u64], n: u64) -> Vec<f64> {
    let nf = n as f64;
    counts.iter().map(|&c| c as f64 / nf).collect()
}

/// `shares` with exact zeros replaced by [`SHARE_FLOOR`] (not renormalised).
pub(crate) fn floored(shares: &[f64]) -> Vec<f64> {
    shares
        .iter()
        .map(|&s| if s == 0.0 { SHARE_FLOOR } else { s })
        .collect()
}

/// Population Stability Index of production shares `q` against reference shares `p`.
///
/// # Formula
/// ```text
/// p′ᵢ = pᵢ, or 1e-4 if pᵢ = 0        q′ᵢ = qᵢ, or 1e-4 if qᵢ = 0      (no renormalisation)
/// PSI = Σᵢ (q′ᵢ − p′ᵢ) · ln(q′ᵢ / p′ᵢ)
/// ```
///
/// # Remarks
/// Every term is ≥ 0, so PSI ≥ 0, with PSI = 0 iff the floored shares are equal. Bands (the
/// industry convention): < 0.1 stable, 0.1–0.2 moderate shift, ≥ 0.2 significant shift (see
/// [`psi_band`]). The slices must have equal length (extra entries of the longer one are
/// ignored). Summed with numpy's pairwise summation.
///
/// # References
/// Yurdakul, B. (2018), "Statistical properties of population stability index", PhD thesis,
/// Western Michigan University, <https://scholarworks.wmich.edu/dissertations/3208>;
/// golden `binned.*.psi` (zeros → 1e-4, not renormalised).
pub fn psi(p: &[f64], q: &[f64]) -> f64 {
    let pf = floored(p);
    let qf = floored(q);
    let terms: Vec<f64> = pf
        .iter()
        .zip(&qf)
        .map(|(&pi, &qi)| (qi - pi) * (qi / pi).ln())
        .collect();
    pairwise_sum(&terms)
}

/// Shares of two aligned count vectors (`counts / Σcounts` per side), for the binned measures.
///
/// # Errors
/// [`DriftError::InvalidOption`] when the vectors differ in length;
/// [`DriftError::NotComputable`] when either side has no values. `what` names the measure in
/// the messages.
pub(crate) fn count_shares(
    what: &str,
    ref_counts: &[u64],
    prod_counts: &[u64],
) -> Result<(Vec<f64>, Vec<f64>), DriftError> {
    if ref_counts.len() != prod_counts.len() {
        return Err(DriftError::InvalidOption(format!(
            "{what} needs the same bins on both sides ({} vs {})",
            ref_counts.len(),
            prod_counts.len()
        )));
    }
    let n_ref: u64 = ref_counts.iter().sum();
    let n_prod: u64 = prod_counts.iter().sum();
    if n_ref == 0 || n_prod == 0 {
        return Err(DriftError::NotComputable(format!(
            "{what} needs at least one value on each side"
        )));
    }
    Ok((shares(ref_counts, n_ref), shares(prod_counts, n_prod)))
}

/// PSI from counts per bin: shares are `counts / Σcounts` on each side, then [`psi`].
///
/// # Errors
/// [`DriftError::NotComputable`] when either side has no values;
/// [`DriftError::InvalidOption`] when the two count vectors differ in length.
pub fn psi_from_counts(ref_counts: &[u64], prod_counts: &[u64]) -> Result<f64, DriftError> {
    let (p, q) = count_shares("PSI", ref_counts, prod_counts)?;
    Ok(psi(&p, &q))
}

/// Plain-words band of a PSI value: `"stable"` (< 0.1), `"moderate shift"` (0.1–0.2),
/// `"significant shift"` (≥ 0.2); NaN gives `"not computable"`.
pub fn psi_band(psi: f64) -> &'static str {
    if psi.is_nan() {
        "not computable"
    } else if psi < 0.1 {
        "stable"
    } else if psi < 0.2 {
        "moderate shift"
    } else {
        "significant shift"
    }
}

/// Result of [`psi_seed`]: the seed formula's bins, shares and PSI.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SeedPsi {
    /// The 11 edges `linspace(min(x), max(x), 11)`.
    pub bins: Vec<f64>,
    /// Reference shares per bin (after replacing 0 by 1e-4).
    pub ref_hist: Vec<f64>,
    /// Production shares per bin (after replacing 0 by 1e-4); out-of-range values are in no bin.
    pub cur_hist: Vec<f64>,
    /// `Σ (cur − ref)·ln(cur/ref)`.
    pub psi: f64,
}

/// The seed project's PSI, verbatim (`psi_seed`): 10 equal-width bins over the *reference*
/// range with `np.histogram` counting.
///
/// # Formula
/// ```text
/// bins     = linspace(min(x), max(x), 11)
/// ref_hist = histogram(x, bins) / len(x);   cur_hist = histogram(y, bins) / len(y)
/// zeros → 0.0001;   PSI = Σ (cur − ref)·ln(cur / ref)
/// ```
///
/// # Remarks
/// Production values outside `[min(x), max(x)]` fall in no bin but stay in the denominator, so
/// the production shares may sum to less than 1 — the seed's behaviour, kept on purpose (the
/// default `psi` uses open outer bins instead). A constant reference makes all edges equal:
/// every value equal to it falls in the last bin (numpy's rule).
///
/// # Errors
/// [`DriftError::NotComputable`] when either sample is empty.
///
/// # References
/// The seed notebook's `calculate_psi`; golden `seed_simple_psi`.
pub fn psi_seed(x_sorted: &[f64], y_sorted: &[f64]) -> Result<SeedPsi, DriftError> {
    let (Some(&lo), Some(&hi)) = (x_sorted.first(), x_sorted.last()) else {
        return Err(DriftError::NotComputable("reference has no values".into()));
    };
    if y_sorted.is_empty() {
        return Err(DriftError::NotComputable("production has no values".into()));
    }
    let bins = linspace(lo, hi, 11);
    let ref_hist = floored(&shares(
        &counts_by_edges(x_sorted, &bins),
        x_sorted.len() as u64,
    ));
    let cur_hist = floored(&shares(
        &counts_by_edges(y_sorted, &bins),
        y_sorted.len() as u64,
    ));
    let terms: Vec<f64> = ref_hist
        .iter()
        .zip(&cur_hist)
        .map(|(&r, &c)| (c - r) * (c / r).ln())
        .collect();
    Ok(SeedPsi {
        psi: pairwise_sum(&terms),
        bins,
        ref_hist,
        cur_hist,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn psi_of_identical_shares_is_zero() {
        let p = [0.2, 0.3, 0.5];
        assert_eq!(psi(&p, &p), 0.0);
        assert_eq!(
            psi_from_counts(&[2, 3, 5], &[4, 6, 10]).unwrap_or(f64::NAN),
            0.0
        );
    }

    #[test]
    fn psi_matches_a_hand_computation() {
        // (0.6−0.5)·ln(0.6/0.5) + (0.4−0.5)·ln(0.4/0.5)
        let expected = 0.1 * (1.2f64).ln() - 0.1 * (0.8f64).ln();
        assert!((psi(&[0.5, 0.5], &[0.6, 0.4]) - expected).abs() < 1e-15);
    }

    #[test]
    fn empty_bins_are_floored_not_infinite() {
        // One empty production bin: (1e-4 − 0.5)·ln(1e-4/0.5) + (1 − 0.5)·ln(1/0.5)
        let v = psi(&[0.5, 0.5], &[0.0, 1.0]);
        let expected = (1e-4 - 0.5) * (1e-4f64 / 0.5).ln() + 0.5 * 2f64.ln();
        assert!((v - expected).abs() < 1e-14);
        assert!(v.is_finite());
    }

    #[test]
    fn psi_from_counts_rejects_empty_sides_and_mismatched_bins() {
        assert!(matches!(
            psi_from_counts(&[0, 0], &[1, 1]),
            Err(DriftError::NotComputable(_))
        ));
        assert!(matches!(
            psi_from_counts(&[1], &[1, 1]),
            Err(DriftError::InvalidOption(_))
        ));
    }

    #[test]
    fn bands_follow_the_usual_cut_offs() {
        assert_eq!(psi_band(0.05), "stable");
        assert_eq!(psi_band(0.1), "moderate shift");
        assert_eq!(psi_band(0.25), "significant shift");
    }

    #[test]
    fn seed_psi_drops_out_of_range_production_values_from_every_bin() {
        let x: Vec<f64> = (0..10).map(f64::from).collect();
        let y = [0.5, 100.0];
        let s = psi_seed(&x, &y).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(s.bins.len(), 11);
        assert_eq!(s.cur_hist[0], 0.5);
        assert!(s.cur_hist[1..].iter().all(|&c| c == 1e-4));
        assert!(s.ref_hist.iter().all(|&r| r == 0.1));
    }

    #[test]
    fn seed_psi_of_a_constant_reference_puts_everything_in_the_last_bin() {
        let s = psi_seed(&[0.0, 0.0, 0.0], &[-1.0, 1.0]).unwrap_or_else(|e| panic!("{e}"));
        assert!(s.bins.iter().all(|&b| b == 0.0));
        assert_eq!(s.ref_hist[9], 1.0);
        assert!(s.cur_hist.iter().all(|&c| c == 1e-4));
    }

    #[test]
    fn seed_psi_of_empty_samples_is_not_computable() {
        assert!(psi_seed(&[], &[1.0]).is_err());
        assert!(psi_seed(&[1.0], &[]).is_err());
    }
}
