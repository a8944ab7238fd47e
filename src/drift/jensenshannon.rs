//! Jensen–Shannon distance between two binned distributions.

use super::DriftError;
use crate::stats::pairwise_sum;

/// scipy's `rel_entr(x, y)`: `x·ln(x/y)` for `x, y > 0`, `0` for `x = 0, y ≥ 0`, `+∞` otherwise.
pub(crate) fn rel_entr(x: f64, y: f64) -> f64 {
    if x.is_nan() || y.is_nan() {
        f64::NAN
    } else if x > 0.0 && y > 0.0 {
        x * (x / y).ln()
    } else if x == 0.0 && y >= 0.0 {
        0.0
    } else {
        f64::INFINITY
    }
}

/// Jensen–Shannon **distance** (the square root of the JS divergence) between shares `p` and
/// `q`, as `scipy.spatial.distance.jensenshannon(p, q, base)`.
///
/// # Formula
/// ```text
/// P = p / Σp,  Q = q / Σq,  M = (P + Q) / 2
/// JS(P, Q) = sqrt( (KL(P ‖ M) + KL(Q ‖ M)) / 2 ),   KL(A ‖ B) = Σ Aᵢ ln(Aᵢ / Bᵢ)
/// ```
/// with logarithms to `base` when given (`None` = natural log, the range is then `[0, √ln 2]`;
/// base 2 gives `[0, 1]`).
///
/// # Remarks
/// Uses the raw, unsmoothed shares: `0·ln 0 = 0`, so empty bins need no floor (unlike PSI).
/// Symmetric in `p` and `q`, 0 for identical distributions. A divergence that rounds to a tiny
/// negative number is reported as distance 0 (scipy would return NaN there). All-zero input
/// (no values) gives NaN; callers check sample sizes first.
///
/// # References
/// Lin, J. (1991), "Divergence measures based on the Shannon entropy", *IEEE Trans. Inf.
/// Theory* 37(1), 145–151, <https://doi.org/10.1109/18.61115>; Endres, D. M. & Schindelin,
/// J. E. (2003), <https://doi.org/10.1109/TIT.2003.813506>;
/// `scipy.spatial.distance.jensenshannon`.
pub fn js_distance(p: &[f64], q: &[f64], base: Option<f64>) -> f64 {
    let sp = pairwise_sum(p);
    let sq = pairwise_sum(q);
    if !(sp > 0.0 && sq > 0.0) {
        return f64::NAN;
    }
    let pn: Vec<f64> = p.iter().map(|&v| v / sp).collect();
    let qn: Vec<f64> = q.iter().map(|&v| v / sq).collect();
    let m: Vec<f64> = pn.iter().zip(&qn).map(|(&a, &b)| (a + b) / 2.0).collect();
    let left: Vec<f64> = pn.iter().zip(&m).map(|(&a, &b)| rel_entr(a, b)).collect();
    let right: Vec<f64> = qn.iter().zip(&m).map(|(&a, &b)| rel_entr(a, b)).collect();
    let mut js = pairwise_sum(&left) + pairwise_sum(&right);
    if let Some(b) = base {
        js /= b.ln();
    }
    if js.is_nan() {
        return f64::NAN;
    }
    (js / 2.0).max(0.0).sqrt()
}

/// Jensen–Shannon distance (natural log) from counts per bin.
///
/// # Errors
/// [`DriftError::NotComputable`] when either side has no values;
/// [`DriftError::InvalidOption`] when the count vectors differ in length.
pub fn js_distance_from_counts(ref_counts: &[u64], prod_counts: &[u64]) -> Result<f64, DriftError> {
    let (p, q) = super::psi::count_shares("Jensen–Shannon", ref_counts, prod_counts)?;
    Ok(js_distance(&p, &q, None))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_distributions_have_distance_zero() {
        assert_eq!(js_distance(&[0.2, 0.8], &[0.2, 0.8], None), 0.0);
        assert_eq!(js_distance(&[1.0], &[1.0], Some(2.0)), 0.0);
    }

    #[test]
    fn disjoint_distributions_reach_the_maximum() {
        let d = js_distance(&[1.0, 0.0], &[0.0, 1.0], None);
        assert!((d - 2f64.ln().sqrt()).abs() < 1e-15);
        let d2 = js_distance(&[1.0, 0.0], &[0.0, 1.0], Some(2.0));
        assert!((d2 - 1.0).abs() < 1e-15);
    }

    #[test]
    fn distance_is_symmetric_and_scale_free() {
        let a = js_distance(&[0.1, 0.4, 0.5], &[0.3, 0.3, 0.4], None);
        let b = js_distance(&[0.3, 0.3, 0.4], &[0.1, 0.4, 0.5], None);
        let c = js_distance(&[1.0, 4.0, 5.0], &[3.0, 3.0, 4.0], None);
        assert!((a - b).abs() < 1e-15);
        assert!((a - c).abs() < 1e-15);
    }

    #[test]
    fn empty_sides_are_not_computable() {
        assert!(js_distance(&[0.0, 0.0], &[0.5, 0.5], None).is_nan());
        assert!(js_distance_from_counts(&[0, 0], &[1, 1]).is_err());
        assert!(js_distance_from_counts(&[1], &[1, 1]).is_err());
    }
}
