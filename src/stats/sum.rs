//! Sums: numpy's pairwise summation and the correctly rounded `fsum`.

/// Numpy's pairwise summation of `x` (what `np.sum` / `np.add.reduce` does for a contiguous
/// `float64` array).
///
/// # Formula
/// ```text
/// n < 8        : ((x₀ + x₁) + x₂) + …                      (plain loop)
/// n ≤ 128      : eight running sums r₀…r₇ over blocks of 8,
///                ((r₀+r₁)+(r₂+r₃)) + ((r₄+r₅)+(r₆+r₇)), then the < 8 leftovers one by one
/// n > 128      : m = ⌊n/2⌋ rounded down to a multiple of 8; sum(x[..m]) + sum(x[m..])
/// ```
///
/// # Remarks
/// The rounding error grows like O(log n) instead of O(n) for a naive loop, and results agree
/// bit for bit with numpy for the same input order. An empty slice sums to `0.0`.
///
/// # References
/// numpy `numpy/_core/src/umath/loops_utils.h.src` (`@TYPE@_pairwise_sum`).
pub fn pairwise_sum(x: &[f64]) -> f64 {
    pairwise_sum_by(0, x.len(), &|i| x[i])
}

/// [`pairwise_sum`] of the virtual array `f(start), …, f(start + n − 1)`, without allocating it.
pub(super) fn pairwise_sum_by(start: usize, n: usize, f: &impl Fn(usize) -> f64) -> f64 {
    const BLOCK: usize = 128;
    if n < 8 {
        let mut res = 0.0;
        for i in start..start + n {
            res += f(i);
        }
        res
    } else if n <= BLOCK {
        let mut r = [0.0f64; 8];
        for (j, rj) in r.iter_mut().enumerate() {
            *rj = f(start + j);
        }
        let full = n - n % 8;
        let mut i = 8;
        while i < full {
            for (j, rj) in r.iter_mut().enumerate() {
                *rj += f(start + i + j);
            }
            i += 8;
        }
        let mut res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
        while i < n {
            res += f(start + i);
            i += 1;
        }
        res
    } else {
        let mut n2 = n / 2;
        n2 -= n2 % 8;
        pairwise_sum_by(start, n2, f) + pairwise_sum_by(start + n2, n - n2, f)
    }
}

/// The correctly rounded sum of `x`: the double nearest to the exact sum, whatever the order of
/// the values.
///
/// # Formula
/// ```text
/// partials p₁ < p₂ < … (non-overlapping, exact): for each x, two-sum it through the partials
/// (hi = a + b, lo = b − (hi − a) when |a| ≥ |b|), keep every non-zero lo; the result is the
/// partials added from the top with a half-way correction (Python's `math.fsum`).
/// ```
///
/// # Remarks
/// Non-finite values make the plain sum (`inf`, `NaN`). Slower than [`pairwise_sum`]; used where
/// a sum is differenced against another (the means in Welch's t-test).
///
/// # References
/// Shewchuk, J. R. (1997), "Adaptive Precision Floating-Point Arithmetic and Fast Robust
/// Geometric Predicates", *Discrete Comput. Geom.* 18, 305–363,
/// <https://doi.org/10.1007/PL00009321>; CPython `math.fsum` (`Modules/mathmodule.c`).
pub fn fsum(x: &[f64]) -> f64 {
    if x.iter().any(|v| !v.is_finite()) {
        return x.iter().sum();
    }
    let mut partials: Vec<f64> = Vec::new();
    for &v in x {
        let mut v = v;
        let mut i = 0;
        for j in 0..partials.len() {
            let mut y = partials[j];
            if v.abs() < y.abs() {
                std::mem::swap(&mut v, &mut y);
            }
            let hi = v + y;
            let lo = y - (hi - v);
            if lo != 0.0 {
                partials[i] = lo;
                i += 1;
            }
            v = hi;
        }
        partials.truncate(i);
        partials.push(v);
    }
    let Some(mut hi) = partials.pop() else {
        return 0.0;
    };
    let mut lo = 0.0;
    while let Some(y) = partials.pop() {
        let x = hi;
        hi = x + y;
        let yr = hi - x;
        lo = y - yr;
        if lo != 0.0 {
            break;
        }
    }
    // Round half-way cases correctly (CPython's correction).
    if let Some(&next) = partials.last() {
        if (lo < 0.0 && next < 0.0) || (lo > 0.0 && next > 0.0) {
            let y = lo * 2.0;
            let x = hi + y;
            if y == x - hi {
                hi = x;
            }
        }
    }
    hi
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fsum_is_exact_and_order_free() {
        assert_eq!(fsum(&[1e100, 1.0, -1e100]), 1.0);
        assert_eq!(fsum(&[0.1; 10]), 1.0);
        assert_eq!(fsum(&[]), 0.0);
        let a = [1.0 + 1e-9, 1.0 - 3e-10, 1.0 + 7e-10, 0.3, 1e-17];
        let mut b = a;
        b.reverse();
        assert_eq!(fsum(&a), fsum(&b));
        assert!(fsum(&[f64::INFINITY, 1.0]).is_infinite());
    }

    #[test]
    fn pairwise_sum_matches_exact_sums_of_integers() {
        for n in [0usize, 1, 7, 8, 9, 127, 128, 129, 1000, 4097] {
            let x: Vec<f64> = (0..n).map(|i| i as f64).collect();
            let expected = (n * n.saturating_sub(1) / 2) as f64;
            assert_eq!(pairwise_sum(&x), expected, "n = {n}");
        }
    }

    #[test]
    fn pairwise_sum_is_more_accurate_than_a_naive_loop() {
        // 0.1 summed 10⁶ times: the pairwise error stays ~1e-10, a naive loop drifts by ~1e-6.
        let x = vec![0.1; 1_000_000];
        let s = pairwise_sum(&x);
        assert!((s - 100_000.0).abs() < 1e-9, "{s}");
    }
}
