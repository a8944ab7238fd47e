//! Quantiles by linear interpolation (`numpy.quantile(method='linear')`), of a sorted slice or
//! by selection from an unsorted one.

/// Quantile `q ∈ [0, 1]` of an ascending-sorted slice by linear interpolation, exactly as
/// `numpy.quantile(a, q, method='linear')` (numpy's default; R type 7).
///
/// # Formula
/// ```text
/// h = (n − 1)·q,  j = ⌊h⌋,  g = h − j,  a = s[j],  b = s[min(j+1, n−1)]
/// value = a + g·(b − a)          if g < 0.5
///       = b − (1 − g)·(b − a)    otherwise
/// ```
///
/// # Remarks
/// The two-branch form is numpy's `_lerp`, which is exact at both ends of each interval; using
/// it (not just `a + g·(b−a)`) is what makes results agree bit for bit. `NaN` for an empty
/// slice or a `q` outside `[0, 1]` / NaN. The slice must be sorted ascending and finite
/// (see [`sorted_finite`](super::sorted_finite)); this is not checked.
///
/// # References
/// Hyndman, R. J. & Fan, Y. (1996), "Sample quantiles in statistical packages",
/// *The American Statistician* 50(4), 361–365, <https://doi.org/10.1080/00031305.1996.10473566>;
/// `numpy.quantile` (`numpy/lib/_function_base_impl.py::_quantile`, `_lerp`).
pub fn quantile_linear(sorted: &[f64], q: f64) -> f64 {
    let n = sorted.len();
    if n == 0 || !(0.0..=1.0).contains(&q) {
        return f64::NAN;
    }
    let h = (n - 1) as f64 * q;
    let jf = h.floor();
    let g = h - jf;
    // jf is in [0, n-1] because q is in [0, 1].
    let j = (jf as usize).min(n - 1);
    let a = sorted[j];
    let b = sorted[(j + 1).min(n - 1)];
    let diff = b - a;
    if g < 0.5 {
        a + diff * g
    } else {
        b - diff * (1.0 - g)
    }
}

/// [`quantile_linear`] of the finite values of an **unsorted** slice in O(n) (selection instead
/// of a sort); bit-identical to sorting first, since it picks the same two order statistics and
/// applies the same formula.
pub fn quantile_linear_unsorted(values: &[f64], q: f64) -> f64 {
    let mut v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
    let n = v.len();
    if n == 0 || !(0.0..=1.0).contains(&q) {
        return f64::NAN;
    }
    let h = (n - 1) as f64 * q;
    let jf = h.floor();
    let g = h - jf;
    let j = (jf as usize).min(n - 1);
    let (_, a, upper) = v.select_nth_unstable_by(j, f64::total_cmp);
    let a = *a;
    let b = upper.iter().copied().min_by(f64::total_cmp).unwrap_or(a);
    let diff = b - a;
    if g < 0.5 {
        a + diff * g
    } else {
        b - diff * (1.0 - g)
    }
}

#[cfg(test)]
mod tests {
    use super::super::sort::sorted_finite;
    use super::*;

    #[test]
    fn unsorted_quantile_equals_the_sorted_one() {
        let v = [5.0, f64::NAN, 1.0, 3.0, 3.0, -2.5, f64::INFINITY, 8.25, 0.0];
        let s = sorted_finite(&v);
        for q in [0.0, 0.1, 0.25, 0.5, 0.75, 0.99, 1.0] {
            assert_eq!(
                quantile_linear_unsorted(&v, q).to_bits(),
                quantile_linear(&s, q).to_bits(),
                "q = {q}"
            );
        }
        assert!(quantile_linear_unsorted(&[], 0.5).is_nan());
    }

    #[test]
    fn quantile_linear_interpolates_like_numpy() {
        let s = [1.0, 2.0, 3.0, 4.0];
        assert_eq!(quantile_linear(&s, 0.0), 1.0);
        assert_eq!(quantile_linear(&s, 1.0), 4.0);
        assert_eq!(quantile_linear(&s, 0.5), 2.5);
        assert_eq!(quantile_linear(&s, 0.25), 1.75);
        // np.quantile([10, 20], 0.3) == 13.0
        assert_eq!(quantile_linear(&[10.0, 20.0], 0.3), 13.0);
        // np.quantile(np.arange(1, 101), 0.9) == 90.10000000000001
        let a: Vec<f64> = (1..=100).map(f64::from).collect();
        assert_eq!(quantile_linear(&a, 0.9), 90.10000000000001);
    }

    #[test]
    fn quantile_linear_of_empty_or_invalid_q_is_nan() {
        assert!(quantile_linear(&[], 0.5).is_nan());
        assert!(quantile_linear(&[1.0], 1.5).is_nan());
        assert!(quantile_linear(&[1.0], f64::NAN).is_nan());
        assert_eq!(quantile_linear(&[7.0], 0.3), 7.0);
    }
}
