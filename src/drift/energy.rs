//! Energy distance between two samples, raw and normed by the reference standard deviation.

#[cfg(test)]
use super::wasserstein::NORM_FLOOR;
use super::wasserstein::{by_reference_std, NormedDistance};
use super::DriftError;
use crate::stats::ranks::{tie_groups, CompensatedSum};

/// Energy distance between the empirical distributions of two ascending-sorted samples, as
/// `scipy.stats.energy_distance(x, y)` (equal weights).
///
/// # Formula
/// ```text
/// D(x, y) = √2 · sqrt( ∫ (F_x(t) − F_y(t))² dt )  =  sqrt( 2E|X−Y| − E|X−X′| − E|Y−Y′| )
/// ```
/// The integral is the sum over consecutive pooled distinct values zᵢ < zᵢ₊₁ of
/// `(F_x(zᵢ) − F_y(zᵢ))² · (zᵢ₊₁ − zᵢ)` (scipy's `_cdf_distance(2, x, y)`).
///
/// # Remarks
/// One O(n₁ + n₂) merge of the sorted samples (no O(n²) pair sums), compensated summation.
/// Symmetric, ≥ 0, in the units of the data (√ of a length), 0 exactly for identical
/// samples. Ties need no special care.
///
/// # Errors
/// [`DriftError::NotComputable`] when either sample is empty.
///
/// # References
/// Székely, G. J. & Rizzo, M. L. (2013), "Energy statistics: a class of statistics based on
/// distances", *J. Stat. Plan. Inference* 143(8), 1249–1272,
/// <https://doi.org/10.1016/j.jspi.2013.03.018>; `scipy.stats.energy_distance`.
pub fn energy_distance(x_sorted: &[f64], y_sorted: &[f64]) -> Result<f64, DriftError> {
    let (n1, n2) = (x_sorted.len(), y_sorted.len());
    if n1 == 0 || n2 == 0 {
        return Err(DriftError::NotComputable(
            "energy distance needs at least one value on each side".into(),
        ));
    }
    let (n1f, n2f) = (n1 as f64, n2 as f64);
    let mut sum = CompensatedSum::new();
    let mut groups = tie_groups(x_sorted, y_sorted).peekable();
    while let Some(g) = groups.next() {
        let Some(next) = groups.peek() else { break };
        let fx = (g.x_below + g.nx) as f64 / n1f;
        let fy = (g.y_below + g.ny) as f64 / n2f;
        let d = fx - fy;
        sum.add(d * d * (next.value - g.value));
    }
    Ok(std::f64::consts::SQRT_2 * sum.value().max(0.0).sqrt())
}

/// Result of [`normed`] (a [`NormedDistance`]).
pub type EnergyNormed = NormedDistance;

/// Energy distance divided by the reference standard deviation (SPEC §3.1 `energy`), so that
/// one threshold fits every column.
///
/// # Formula
/// ```text
/// norm  = max(std(x, ddof = 0), 0.001)
/// value = D(x, y) / norm
/// ```
///
/// # Remarks
/// Evidently's `ed` thresholds the raw distance (scale-dependent); SPEC uses this scale-free
/// score and reports the raw distance as the statistic. A constant reference is divided by
/// 0.001. Not symmetric in x and y (the norm uses the reference only).
///
/// # Errors
/// [`DriftError::NotComputable`] when either sample is empty.
pub fn normed(x_sorted: &[f64], y_sorted: &[f64]) -> Result<EnergyNormed, DriftError> {
    Ok(by_reference_std(
        energy_distance(x_sorted, y_sorted)?,
        x_sorted,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_scipy() {
        // scipy.stats.energy_distance([0, 1, 3], [5, 6, 8]) = 2.7080128015453204
        let d = energy_distance(&[0.0, 1.0, 3.0], &[5.0, 6.0, 8.0]).unwrap_or(f64::NAN);
        assert!((d / 2.7080128015453204 - 1.0).abs() < 1e-14, "{d}");
        // scipy.stats.energy_distance([1, 2, 3, 4, 5], [2, 3, 9]) = 1.0110500592068736
        let d = energy_distance(&[1.0, 2.0, 3.0, 4.0, 5.0], &[2.0, 3.0, 9.0]).unwrap_or(f64::NAN);
        assert!((d / 1.0110500592068736 - 1.0).abs() < 1e-14, "{d}");
    }

    #[test]
    fn zero_on_itself_and_symmetric() {
        let x = [1.0, 1.0, 2.5, 7.0];
        assert_eq!(energy_distance(&x, &x).unwrap_or(f64::NAN), 0.0);
        let y = [0.0, 3.0];
        let a = energy_distance(&x, &y).unwrap_or(f64::NAN);
        let b = energy_distance(&y, &x).unwrap_or(f64::NAN);
        assert!((a - b).abs() < 1e-15);
    }

    #[test]
    fn normed_divides_by_the_reference_std() {
        let n = normed(&[0.0, 2.0], &[1.0, 3.0]).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(n.norm, 1.0);
        assert_eq!(n.value, n.distance);
        let c = normed(&[5.0, 5.0], &[6.0]).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(c.norm, NORM_FLOOR);
        assert!(energy_distance(&[], &[1.0]).is_err());
    }
}
