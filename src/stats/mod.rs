//! Shared numerics: NaN-aware sorting, numpy-compatible sums, moments and quantiles, and the
//! special functions the drift tests need (Kolmogorov distributions, χ² and normal tails).
//!
//! Everything here is pure, allocation-light and panic-free on any input: degenerate inputs
//! (empty slices, `n <= ddof`, …) give a documented value (usually `NaN`) instead of a panic.
//!
//! Results are written to agree with numpy to the last few ulps:
//! [`pairwise_sum`] reproduces numpy's pairwise summation tree, [`mean`] and [`std_dev`] follow
//! `numpy.mean` / `numpy.std`, and [`quantile_linear`] is `numpy.quantile(method='linear')`.

/// The standard-normal quantile of 0.975 (two-sided 95 %): `scipy.stats.norm.ppf(0.975)`.
pub const Z_95: f64 = 1.959963984540054;

pub mod bessel;
pub mod cramer_von_mises;
mod dd;
pub mod kolmogorov;
pub mod mann_whitney;
mod radix;
pub(crate) use radix::sort_by_key_u64;
pub mod ranks;
pub mod special;

/// The finite values of `values` (NaN and ±∞ dropped), sorted ascending.
///
/// # Remarks
/// The order is [`f64::total_cmp`]'s, so `-0.0` sorts before `0.0`; every other pair of finite
/// values is ordered as by `<`. An empty or all-missing input gives an empty vector.
/// O(n). The values are sorted as integer keys with the same order (the sign bit flipped for
/// positive values, every bit for negative ones) by a radix sort (`radix::sort_u64`: 13–14 ms
/// for a million values in V8 against 19–20 ms for `sort_unstable` of the keys; natively about
/// the same as it), which beats comparing with `total_cmp`; equal keys are equal bit patterns,
/// so the result is the same bits as `sort_unstable_by(f64::total_cmp)`.
pub fn sorted_finite(values: &[f64]) -> Vec<f64> {
    // Sized once: `filter` gives no length hint, and growing 8 MB vectors by doubling costs
    // copies and fresh pages (wasm's memory grows with them).
    let mut keys: Vec<u64> = Vec::with_capacity(values.len());
    keys.extend(
        values
            .iter()
            .filter(|x| x.is_finite())
            .map(|x| order_key(x.to_bits())),
    );
    radix::sort_u64(&mut keys);
    // Back in place (same size and alignment: the allocation is reused).
    keys.into_iter()
        .map(|k| f64::from_bits(order_key_inverse(k)))
        .collect()
}

/// An `f64`'s bits as an unsigned key ordered as [`f64::total_cmp`] orders the values.
#[inline]
pub(crate) fn order_key(bits: u64) -> u64 {
    if bits >> 63 == 1 {
        !bits
    } else {
        bits | (1 << 63)
    }
}

/// The inverse of [`order_key`].
#[inline]
pub(crate) fn order_key_inverse(key: u64) -> u64 {
    if key >> 63 == 1 {
        key & !(1 << 63)
    } else {
        !key
    }
}

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
fn pairwise_sum_by(start: usize, n: usize, f: &impl Fn(usize) -> f64) -> f64 {
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

/// `num / den`, or 0 when `den` is 0 (scikit-learn's `zero_division=0`; a share of no rows).
pub fn ratio(num: u64, den: u64) -> f64 {
    if den == 0 {
        0.0
    } else {
        num as f64 / den as f64
    }
}

/// Each count's share of their sum (all 0 when the sum is 0).
pub fn shares(counts: &[u64]) -> Vec<f64> {
    let n: u64 = counts.iter().sum();
    counts.iter().map(|&c| ratio(c, n)).collect()
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

/// Arithmetic mean, as `numpy.mean`.
///
/// # Formula
/// ```text
/// mean(x) = pairwise_sum(x) / n
/// ```
///
/// # Remarks
/// `NaN` for an empty slice (numpy warns and returns `nan` too). Non-finite inputs propagate.
///
/// # References
/// `numpy.mean` (`numpy/_core/_methods.py::_mean`).
pub fn mean(x: &[f64]) -> f64 {
    if x.is_empty() {
        return f64::NAN;
    }
    pairwise_sum(x) / x.len() as f64
}

/// Standard deviation with `ddof` delta degrees of freedom, as `numpy.std(x, ddof=ddof)`.
///
/// # Formula
/// ```text
/// m  = pairwise_sum(x) / n
/// sd = sqrt( pairwise_sum((xᵢ − m)²) / (n − ddof) )
/// ```
///
/// # Remarks
/// Two-pass (numerically stable) like numpy. `NaN` when `n <= ddof` (numpy gives `nan` or `inf`
/// with a warning there). `ddof = 0` is the population value, `ddof = 1` pandas' default.
///
/// # References
/// `numpy.std` (`numpy/_core/_methods.py::_var`).
pub fn std_dev(x: &[f64], ddof: usize) -> f64 {
    variance(x, ddof).sqrt()
}

/// Variance with `ddof` delta degrees of freedom, as `numpy.var(x, ddof=ddof)`.
///
/// # Formula
/// ```text
/// m   = pairwise_sum(x) / n
/// var = pairwise_sum((xᵢ − m)²) / (n − ddof)
/// ```
///
/// # Remarks
/// Two-pass like numpy; `NaN` when `n <= ddof`. [`std_dev`] is its square root.
///
/// # References
/// `numpy.var` (`numpy/_core/_methods.py::_var`).
pub fn variance(x: &[f64], ddof: usize) -> f64 {
    let n = x.len();
    if n <= ddof {
        return f64::NAN;
    }
    let m = mean(x);
    let ss = pairwise_sum_by(0, n, &|i| {
        let d = x[i] - m;
        d * d
    });
    ss / (n - ddof) as f64
}

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
/// (see [`sorted_finite`]); this is not checked.
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

/// Number of distinct values in an ascending-sorted slice (`len(np.unique(a))`).
///
/// # Remarks
/// Values are compared with `!=`, so `-0.0` and `0.0` count as one value, as in numpy.
/// An empty slice has 0 distinct values.
pub fn count_distinct_sorted(sorted: &[f64]) -> usize {
    if sorted.is_empty() {
        return 0;
    }
    1 + sorted.windows(2).filter(|w| w[1] != w[0]).count()
}

/// Number of distinct values of two ascending-sorted slices pooled (`len(np.unique(concat(x, y)))`),
/// computed by an O(n₁ + n₂) merge without allocating.
pub fn count_distinct_pooled(x_sorted: &[f64], y_sorted: &[f64]) -> usize {
    count_distinct_pooled_up_to(x_sorted, y_sorted, usize::MAX)
}

/// [`count_distinct_pooled`], but at most `cap`: the walk stops at the `cap`-th distinct value
/// (a few values into a million-value column when the question is "more than 5?").
pub fn count_distinct_pooled_up_to(x_sorted: &[f64], y_sorted: &[f64], cap: usize) -> usize {
    let mut count = 0usize;
    let (mut i, mut j) = (0usize, 0usize);
    while i < x_sorted.len() || j < y_sorted.len() {
        let v = match (x_sorted.get(i), y_sorted.get(j)) {
            (Some(&a), Some(&b)) => {
                if a <= b {
                    a
                } else {
                    b
                }
            }
            (Some(&a), None) => a,
            (None, Some(&b)) => b,
            (None, None) => break,
        };
        count += 1;
        if count >= cap {
            break;
        }
        while i < x_sorted.len() && x_sorted[i] == v {
            i += 1;
        }
        while j < y_sorted.len() && y_sorted[j] == v {
            j += 1;
        }
    }
    count
}

#[cfg(test)]
mod tests_unsorted {
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
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_capped_distinct_count_stops_at_its_cap() {
        let x = [1.0, 1.0, 2.0, 3.0, 5.0, 8.0, 8.0];
        let y = [0.0, 2.0, 4.0, 8.0, 13.0];
        assert_eq!(count_distinct_pooled(&x, &y), 8);
        for cap in 1..=10 {
            assert_eq!(
                count_distinct_pooled_up_to(&x, &y, cap),
                cap.min(8),
                "cap {cap}"
            );
        }
        assert_eq!(count_distinct_pooled_up_to(&[], &[], 6), 0);
    }

    use super::*;

    #[test]
    fn ratios_and_shares_are_zero_safe() {
        assert_eq!(ratio(1, 4), 0.25);
        assert_eq!(ratio(3, 0), 0.0);
        assert_eq!(shares(&[1, 3]), vec![0.25, 0.75]);
        assert_eq!(shares(&[0, 0]), vec![0.0, 0.0]);
    }

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
    fn sorted_finite_gives_the_bits_of_a_total_cmp_sort() {
        let mut st = 0x2545_f491_4f6c_dd1du64;
        let mut v: Vec<f64> = (0..5000)
            .map(|_| {
                st ^= st << 13;
                st ^= st >> 7;
                st ^= st << 17;
                // Random bit patterns (every exponent, both signs, NaNs, infinities,
                // subnormals) and a few small values with ties.
                if st.is_multiple_of(3) {
                    f64::from_bits(st)
                } else {
                    ((st % 41) as f64 - 20.0) / 4.0
                }
            })
            .collect();
        v.extend([
            0.0,
            -0.0,
            f64::MIN_POSITIVE,
            -f64::MIN_POSITIVE,
            f64::MAX,
            f64::MIN,
            5e-324,
        ]);
        let mut want: Vec<f64> = v.iter().copied().filter(|x| x.is_finite()).collect();
        want.sort_unstable_by(f64::total_cmp);
        let got = sorted_finite(&v);
        assert_eq!(got.len(), want.len());
        assert!(got
            .iter()
            .zip(&want)
            .all(|(a, b)| a.to_bits() == b.to_bits()));
        assert!(got.windows(2).all(|w| w[0].total_cmp(&w[1]).is_le()));
    }

    #[test]
    fn sorted_finite_drops_nan_and_infinities() {
        let v = sorted_finite(&[3.0, f64::NAN, -1.0, f64::INFINITY, 2.0, f64::NEG_INFINITY]);
        assert_eq!(v, vec![-1.0, 2.0, 3.0]);
        assert!(sorted_finite(&[]).is_empty());
        assert!(sorted_finite(&[f64::NAN]).is_empty());
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

    #[test]
    fn mean_and_std_of_small_samples_are_the_closed_forms() {
        let x = [2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0];
        assert_eq!(mean(&x), 5.0);
        assert_eq!(std_dev(&x, 0), 2.0);
        assert!((std_dev(&x, 1) - (32.0f64 / 7.0).sqrt()).abs() < 1e-15);
    }

    #[test]
    fn mean_and_std_of_degenerate_samples_are_nan() {
        assert!(mean(&[]).is_nan());
        assert!(std_dev(&[], 0).is_nan());
        assert!(std_dev(&[1.0], 1).is_nan());
        assert_eq!(std_dev(&[1.0], 0), 0.0);
        assert_eq!(std_dev(&[3.0, 3.0, 3.0], 1), 0.0);
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

    #[test]
    fn distinct_counts_treat_ties_and_signed_zero_as_one_value() {
        assert_eq!(count_distinct_sorted(&[]), 0);
        assert_eq!(count_distinct_sorted(&[-0.0, 0.0, 1.0, 1.0, 2.0]), 3);
        assert_eq!(count_distinct_pooled(&[1.0, 2.0, 2.0], &[2.0, 3.0]), 3);
        assert_eq!(count_distinct_pooled(&[], &[5.0, 5.0]), 1);
        assert_eq!(count_distinct_pooled(&[], &[]), 0);
    }
}
