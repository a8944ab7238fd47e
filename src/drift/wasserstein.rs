//! First Wasserstein (earth mover's) distance between two samples, raw and normed by the
//! reference standard deviation (Evidently's `wasserstein` drift score).

use super::DriftError;
use crate::stats::std_dev;

/// Lower bound of the norm in [`normed`]: a (near-)constant reference is divided by 0.001, not 0.
pub const NORM_FLOOR: f64 = 0.001;

/// W₁ distance between the empirical distributions of two ascending-sorted samples, as
/// `scipy.stats.wasserstein_distance(x, y)` (equal weights).
///
/// # Formula
/// ```text
/// W₁ = ∫ |F_x(t) − F_y(t)| dt = Σᵢ |F_x(zᵢ) − F_y(zᵢ)| · (zᵢ₊₁ − zᵢ)
/// ```
/// over the pooled sorted values z₀ ≤ … ≤ z_{N−1}, with F the right-continuous ECDFs.
///
/// # Remarks
/// Computed by one O(n₁ + n₂) merge without allocation; the terms are summed with Neumaier
/// compensation (scipy sums the same terms pairwise; both are within a few ulps of exact). Symmetric, ≥ 0, in the units of the
/// data; W₁(x, x + c) = |c|. Ties need no special care (they contribute zero-width steps).
///
/// # Errors
/// [`DriftError::NotComputable`] when either sample is empty.
///
/// # References
/// Vaserstein, L. N. (1969); Ramdas, A., García Trillos, N. & Cuturi, M. (2017), "On Wasserstein
/// two-sample testing and related families of nonparametric tests", *Entropy* 19(2), 47,
/// <https://doi.org/10.3390/e19020047>; `scipy.stats.wasserstein_distance` (`_cdf_distance(1, …)`).
pub fn wasserstein_distance(x_sorted: &[f64], y_sorted: &[f64]) -> Result<f64, DriftError> {
    let (n1, n2) = (x_sorted.len(), y_sorted.len());
    if n1 == 0 || n2 == 0 {
        return Err(DriftError::NotComputable(
            "Wasserstein distance needs at least one value on each side".into(),
        ));
    }
    let (n1f, n2f) = (n1 as f64, n2 as f64);
    // Neumaier-compensated running sum: as accurate as numpy's pairwise sum (better, in fact)
    // without materialising the N − 1 terms.
    let (mut sum, mut comp) = (0.0f64, 0.0f64);
    let (mut i, mut j) = (0usize, 0usize);
    while i < n1 || j < n2 {
        let v = match (x_sorted.get(i), y_sorted.get(j)) {
            (Some(&a), Some(&b)) => a.min(b),
            (Some(&a), None) | (None, Some(&a)) => a,
            (None, None) => break,
        };
        while i < n1 && x_sorted[i] == v {
            i += 1;
        }
        while j < n2 && y_sorted[j] == v {
            j += 1;
        }
        // Inside a tie group the step to the next (equal) value is 0: only the group's last
        // position contributes.
        let next = match (x_sorted.get(i), y_sorted.get(j)) {
            (Some(&a), Some(&b)) => a.min(b),
            (Some(&a), None) | (None, Some(&a)) => a,
            (None, None) => break,
        };
        let term = (i as f64 / n1f - j as f64 / n2f).abs() * (next - v);
        let t = sum + term;
        if sum.abs() >= term.abs() {
            comp += (sum - t) + term;
        } else {
            comp += (term - t) + sum;
        }
        sum = t;
    }
    Ok(sum + comp)
}

/// Result of [`normed`].
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct NormedDistance {
    /// The distance in data units.
    pub distance: f64,
    /// `max(std(x, ddof=0), 0.001)`.
    pub norm: f64,
    /// `distance / norm`: the drift score (drift when ≥ 0.1).
    pub value: f64,
}

/// The normed Wasserstein result (a [`NormedDistance`]).
pub type WassersteinNormed = NormedDistance;

/// A distance divided by the reference's population standard deviation (floored at
/// [`NORM_FLOOR`]): the scale-free score shared by normed Wasserstein and energy.
pub fn by_reference_std(distance: f64, x_sorted: &[f64]) -> NormedDistance {
    let norm = std_dev(x_sorted, 0).max(NORM_FLOOR);
    NormedDistance {
        distance,
        norm,
        value: distance / norm,
    }
}

/// Evidently's normed Wasserstein drift score: W₁ divided by the reference standard deviation.
///
/// # Formula
/// ```text
/// norm  = max(std(x, ddof = 0), 0.001)
/// value = W₁(x, y) / norm
/// ```
///
/// # Remarks
/// Scale-free (a shift of one reference standard deviation gives 1.0). A constant reference
/// has norm 0.001, so any change gives a large score. Not symmetric in x and y (the norm uses
/// the reference only).
///
/// # Errors
/// [`DriftError::NotComputable`] when either sample is empty.
///
/// # References
/// evidently `legacy/calculations/stattests/wasserstein_distance_norm.py::_wasserstein_distance_norm`;
/// golden `wasserstein_normed_evidently`.
pub fn normed(x_sorted: &[f64], y_sorted: &[f64]) -> Result<WassersteinNormed, DriftError> {
    Ok(by_reference_std(
        wasserstein_distance(x_sorted, y_sorted)?,
        x_sorted,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance_between_point_masses_is_their_gap() {
        assert_eq!(wasserstein_distance(&[0.0], &[3.5]).ok(), Some(3.5));
    }

    #[test]
    fn distance_matches_scipy_examples() {
        // scipy.stats.wasserstein_distance([0, 1, 3], [5, 6, 8]) == 5.0
        assert_eq!(
            wasserstein_distance(&[0.0, 1.0, 3.0], &[5.0, 6.0, 8.0]).ok(),
            Some(5.0)
        );
        // scipy.stats.wasserstein_distance([0, 1], [0, 1, 2]) == 0.5  (= 1/6 + 1/3)
        let d = wasserstein_distance(&[0.0, 1.0], &[0.0, 1.0, 2.0]).unwrap_or(f64::NAN);
        assert!((d - 0.5).abs() < 1e-15);
    }

    #[test]
    fn identical_samples_with_ties_have_distance_zero() {
        let x = [1.0, 1.0, 2.0, 2.0, 2.0];
        assert_eq!(wasserstein_distance(&x, &x).ok(), Some(0.0));
    }

    #[test]
    fn normed_distance_divides_by_the_reference_std() {
        // x = {0, 2}: std0 = 1; y = x + 1: W1 = 1
        let r = normed(&[0.0, 2.0], &[1.0, 3.0]).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(r.norm, 1.0);
        assert_eq!(r.value, 1.0);
    }

    #[test]
    fn constant_reference_uses_the_norm_floor() {
        let r = normed(&[5.0, 5.0, 5.0], &[5.5]).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(r.norm, NORM_FLOOR);
        assert!((r.value - 500.0).abs() < 1e-9);
    }

    #[test]
    fn empty_samples_are_not_computable() {
        assert!(wasserstein_distance(&[], &[1.0]).is_err());
        assert!(normed(&[1.0], &[]).is_err());
    }
}
