//! Two-sample Kolmogorov–Smirnov test (two-sided), reproducing `scipy.stats.ks_2samp`.

use super::DriftError;
use crate::stats::kolmogorov::kstwo_sf;

/// Samples up to this size (both) get an exact p-value in [`KsMode::Auto`] (scipy's `MAX_AUTO_N`).
pub const MAX_AUTO_N: usize = 10_000;

/// How the p-value is computed.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum KsMode {
    /// Exact when `max(n₁, n₂) ≤ 10 000`, else asymptotic (scipy's `method='auto'`).
    #[default]
    Auto,
    /// Exact null distribution of D (Hodges' lattice-path counting); falls back to `Asymp`
    /// when the calculation fails.
    Exact,
    /// `kstwo.sf(D, round(n₁n₂/(n₁+n₂)))`, the finite-n Kolmogorov distribution.
    Asymp,
}

/// Result of [`ks_two_sample`].
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct KsResult {
    /// D = sup |F_x − F_y| (the raw ECDF difference, as scipy ≥ 1.15 reports it).
    pub statistic: f64,
    /// Two-sided p-value in `[0, 1]`.
    pub p_value: f64,
    /// The data value where D is attained (scipy's `statistic_location`).
    pub location: f64,
    /// `+1` if F_x > F_y there (reference ECDF above production), else `−1`.
    pub sign: i8,
    /// How the p-value was actually computed (`Exact` or `Asymp`, never `Auto`).
    pub mode_used: KsMode,
    /// An exact p-value was attempted and failed (out of `[0, 1]`, or sizes too large), so the
    /// asymptotic one is reported — scipy's "Exact calculation unsuccessful" warning.
    pub exact_unsuccessful: bool,
}

/// D and the data value where it is attained (scipy's `statistic_location`), without the
/// p-value; both inputs sorted ascending and non-empty (else `None`). Used by the ECDF chart
/// to mark the distance where the test measured it.
pub fn statistic_location(x_sorted: &[f64], y_sorted: &[f64]) -> Option<(f64, f64)> {
    if x_sorted.is_empty() || y_sorted.is_empty() {
        return None;
    }
    let st = ks_statistic(x_sorted, y_sorted);
    Some((st.d, st.location))
}

/// D, its location and sign, computed as scipy does.
struct KsStatistic {
    d: f64,
    location: f64,
    sign: i8,
}

fn ks_statistic(x: &[f64], y: &[f64]) -> KsStatistic {
    // scipy 1.18 scales the counts by the reciprocal sizes (count · (1/n)), which differs from
    // count / n in the last ulp; matching it keeps D, its location and sign identical.
    let (inv1, inv2) = (1.0 / x.len() as f64, 1.0 / y.len() as f64);
    let mut max_s = f64::NEG_INFINITY;
    let mut min_s = f64::INFINITY;
    // scipy takes argmax/argmin over concat(sorted x, sorted y): the first x value attaining
    // the extreme wins; if none in x, the first y value.
    let (mut max_x, mut max_y): (Option<f64>, Option<f64>) = (None, None);
    let (mut min_x, mut min_y): (Option<f64>, Option<f64>) = (None, None);
    let (mut i, mut j) = (0usize, 0usize);
    while i < x.len() || j < y.len() {
        let v = match (x.get(i), y.get(j)) {
            (Some(&a), Some(&b)) => a.min(b),
            (Some(&a), None) | (None, Some(&a)) => a,
            (None, None) => break,
        };
        let (i0, j0) = (i, j);
        while i < x.len() && x[i] == v {
            i += 1;
        }
        while j < y.len() && y[j] == v {
            j += 1;
        }
        let in_x = (i > i0).then_some(v);
        let in_y = (j > j0).then_some(v);
        let diff = i as f64 * inv1 - j as f64 * inv2;
        if diff > max_s {
            max_s = diff;
            max_x = in_x;
            max_y = in_y;
        } else if diff == max_s {
            max_x = max_x.or(in_x);
            max_y = max_y.or(in_y);
        }
        if diff < min_s {
            min_s = diff;
            min_x = in_x;
            min_y = in_y;
        } else if diff == min_s {
            min_x = min_x.or(in_x);
            min_y = min_y.or(in_y);
        }
    }
    let loc_max = max_x.or(max_y).unwrap_or(f64::NAN);
    let loc_min = min_x.or(min_y).unwrap_or(f64::NAN);
    let min_s_pos = (-min_s).clamp(0.0, 1.0);
    if min_s_pos > max_s {
        KsStatistic {
            d: min_s_pos,
            location: loc_min,
            sign: -1,
        }
    } else {
        KsStatistic {
            d: max_s,
            location: loc_max,
            sign: 1,
        }
    }
}

fn gcd(mut a: u64, mut b: u64) -> u64 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

/// `P(D_{n,n} ≥ h/n)` for equal sample sizes by the reflection method with a Horner-like
/// alternating sum (scipy `_compute_prob_outside_square`).
fn prob_outside_square(n: i64, h: i64) -> f64 {
    let mut p = 0.0;
    let mut k = (n as f64 / h as f64).floor() as i64;
    while k >= 0 {
        let mut p1 = 1.0;
        for j in 0..h {
            p1 = (n - k * h - j) as f64 * p1 / (n + k * h + j + 1) as f64;
        }
        p = p1 * (1.0 - p);
        k -= 1;
    }
    2.0 * p
}

/// `P(D_{m,n} ≥ h/lcm)` by Hodges' inside method, recursing on `1 − p` (Viehmann 2021)
/// (scipy `_compute_outer_prob_inside_method`). NaN signals an internal failure.
fn outer_prob_inside_method(m: i64, n: i64, g: i64, h: i64) -> f64 {
    let (m, n) = if m < n { (n, m) } else { (m, n) };
    let mg = m / g;
    let ng = n / g;
    let (mgf, hf) = (mg as f64, h as f64);
    let mut minj: i64 = 0;
    let mut maxj: i64 = ((hf / mgf).ceil() as i64).min(n + 1);
    let mut curlen = maxj - minj;
    let len_a = (2 * maxj + 2).min(n + 1).max(0) as usize;
    let mut a = vec![1.0f64; len_a];
    for e in a.iter_mut().take(maxj.max(0) as usize) {
        *e = 0.0;
    }
    for i in 1..=m {
        let (lastminj, lastlen) = (minj, curlen);
        minj = ((((ng * i - h) as f64) / mgf).floor() as i64 + 1).max(0);
        minj = minj.min(n);
        maxj = ((((ng * i + h) as f64) / mgf).ceil() as i64).min(n + 1);
        if maxj <= minj {
            return 1.0;
        }
        let mut val = if minj == 0 { 0.0 } else { 1.0 };
        let fi = i as f64;
        for jj in 0..(maxj - minj) {
            let j = jj + minj;
            let src = jj + minj - lastminj;
            let Some(&prev) = usize::try_from(src).ok().and_then(|s| a.get(s)) else {
                return f64::NAN;
            };
            val = (prev * fi + val * j as f64) / (i + j) as f64;
            match a.get_mut(jj as usize) {
                Some(slot) => *slot = val,
                None => return f64::NAN,
            }
        }
        curlen = maxj - minj;
        if lastlen > curlen {
            let start = (maxj - minj) as usize;
            let end = (start + (lastlen - curlen) as usize).min(a.len());
            for e in a.iter_mut().take(end).skip(start) {
                *e = 1.0;
            }
        }
    }
    usize::try_from(maxj - minj - 1)
        .ok()
        .and_then(|idx| a.get(idx).copied())
        .unwrap_or(f64::NAN)
}

/// Exact two-sided p-value `P(D ≥ d)` under H₀ for sample sizes `n1`, `n2`, as scipy's
/// `_attempt_exact_2kssamp`. `None` when the computation fails (a value outside `[0, 1]`), in
/// which case scipy falls back to the asymptotic p-value.
///
/// # Formula
/// ```text
/// h = round_half_even(d · lcm(n₁, n₂))
/// n₁ = n₂ = n : p = 2 Σ_{k≥1} (−1)^{k−1} C(2n, n − k·h) / C(2n, n)     (reflection; Horner form)
/// n₁ ≠ n₂     : p = share of lattice paths (0,0)→(n₁,n₂) leaving |x/n₁ − y/n₂| < h/lcm
///               (Hodges' inside method, recursing on the complement, Viehmann 2021)
/// ```
///
/// # Remarks
/// O(n₁·n₂/gcd) time for n₁ ≠ n₂ (O(n) for equal sizes), O(n) memory. The two-sided exact
/// computation returns `1 − (complement)`, so its smallest p-values are ≈ 1e-16.
///
/// # References
/// Hodges, J. L. (1958), "The significance probability of the Smirnov two-sample test",
/// *Arkiv för Matematik* 3(5), 469–486, <https://doi.org/10.1007/BF02589501>;
/// Viehmann, T. (2021), arXiv:2102.08037; scipy `_stats_py.py::_attempt_exact_2kssamp`.
pub fn exact_p_value(n1: usize, n2: usize, d: f64) -> Option<f64> {
    if n1 == 0 || n2 == 0 || !d.is_finite() {
        return None;
    }
    let (a, b) = (n1 as u64, n2 as u64);
    let g = gcd(a, b);
    let lcm = (a / g).checked_mul(b)?;
    let h = (d * lcm as f64).round_ties_even();
    if h == 0.0 {
        return Some(1.0);
    }
    let h = h as i64;
    let prob = if n1 == n2 {
        prob_outside_square(n1 as i64, h)
    } else {
        outer_prob_inside_method(n1 as i64, n2 as i64, g as i64, h)
    };
    if (0.0..=1.0).contains(&prob) {
        Some(prob)
    } else {
        None
    }
}

/// Asymptotic two-sided p-value as scipy's `ks_2samp(method='asymp')`: the finite-n Kolmogorov
/// distribution at the effective sample size.
///
/// # Formula
/// ```text
/// n_eff = round_half_even(n₁·n₂ / (n₁ + n₂)),     p = P(D_{n_eff} ≥ d) = kstwo.sf(d, n_eff)
/// ```
///
/// # Remarks
/// Not the limiting Kolmogorov distribution (`kstwobign`): for small samples the finite-n
/// distribution is noticeably more accurate. The effective size is at least 1 (n₁ = n₂ = 1
/// rounds to 0, where scipy returns NaN). See [`crate::stats::kolmogorov::kstwo_sf`].
///
/// # References
/// Simard & L'Ecuyer (2011), <https://doi.org/10.18637/jss.v039.i11>; scipy `ks_2samp`
/// (`distributions.kstwo.sf(d, np.round(en))`).
pub fn asymptotic_p_value(n1: usize, n2: usize, d: f64) -> f64 {
    let (m, n) = if n1 >= n2 {
        (n1 as f64, n2 as f64)
    } else {
        (n2 as f64, n1 as f64)
    };
    let en = m * n / (m + n);
    let n_eff = en.round_ties_even().max(1.0);
    kstwo_sf(d, n_eff as u64).clamp(0.0, 1.0)
}

/// Two-sided two-sample Kolmogorov–Smirnov test on ascending-sorted finite samples, reproducing
/// `scipy.stats.ks_2samp(x, y, alternative='two-sided', method=mode)` (scipy 1.18).
///
/// # Formula
/// ```text
/// D = sup_t |F_x(t) − F_y(t)|          (right-continuous ECDFs, evaluated at every pooled value;
///                                      F_x(t) = #{xᵢ ≤ t} · (1/n₁) in f64, as scipy 1.18)
/// exact  : p = P(D_{n₁,n₂} ≥ D) by lattice-path counting (Hodges 1958), h = round(D·lcm(n₁,n₂))
/// asymp  : p = kstwo.sf(D, round(n₁n₂ / (n₁+n₂)))
/// auto   : exact if max(n₁, n₂) ≤ 10 000, else asymp
/// ```
///
/// # Remarks
/// - D is the raw f64 ECDF difference (e.g. `0.16124999999999995`), as scipy reports it; the
///   exact p-value uses the lattice value `h/lcm`.
/// - Ties are handled by evaluating the ECDFs after each distinct value (scipy's
///   `searchsorted(side='right')`); the test is conservative with ties.
/// - `location`/`sign` follow scipy's argmax over `concat(sorted x, sorted y)`.
/// - When the exact computation fails (value outside `[0, 1]`, e.g. D = 0.2 with n = 5), or
///   `Exact` is requested with `lcm ≥ 2³¹`, the asymptotic p-value is returned and
///   `exact_unsuccessful` is set — scipy's RuntimeWarning.
/// - Identical samples give D = 0 and p = 1. O(n₁ + n₂) for D; see [`exact_p_value`] for the
///   exact p-value's cost.
///
/// # Errors
/// [`DriftError::NotComputable`] when either sample is empty.
///
/// # References
/// Hodges (1958), <https://doi.org/10.1007/BF02589501>; Simard & L'Ecuyer (2011),
/// <https://doi.org/10.18637/jss.v039.i11>; `scipy.stats.ks_2samp`.
pub fn ks_two_sample(
    x_sorted: &[f64],
    y_sorted: &[f64],
    mode: KsMode,
) -> Result<KsResult, DriftError> {
    let (n1, n2) = (x_sorted.len(), y_sorted.len());
    if n1 == 0 || n2 == 0 {
        return Err(DriftError::NotComputable(
            "Kolmogorov–Smirnov needs at least one value on each side".into(),
        ));
    }
    let st = ks_statistic(x_sorted, y_sorted);
    let mut exact_unsuccessful = false;
    let try_exact = match mode {
        KsMode::Auto => n1.max(n2) <= MAX_AUTO_N,
        KsMode::Exact => {
            let g = gcd(n1 as u64, n2 as u64);
            let (n1g, n2g) = ((n1 as u64 / g) as f64, (n2 as u64 / g) as f64);
            if n1g >= f64::from(i32::MAX) / n2g {
                exact_unsuccessful = true;
                false
            } else {
                true
            }
        }
        KsMode::Asymp => false,
    };
    if try_exact {
        match exact_p_value(n1, n2, st.d) {
            Some(p) => {
                return Ok(KsResult {
                    statistic: st.d,
                    p_value: p.clamp(0.0, 1.0),
                    location: st.location,
                    sign: st.sign,
                    mode_used: KsMode::Exact,
                    exact_unsuccessful: false,
                })
            }
            None => exact_unsuccessful = true,
        }
    }
    Ok(KsResult {
        statistic: st.d,
        p_value: asymptotic_p_value(n1, n2, st.d),
        location: st.location,
        sign: st.sign,
        mode_used: KsMode::Asymp,
        exact_unsuccessful,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ks(x: &[f64], y: &[f64], mode: KsMode) -> KsResult {
        ks_two_sample(x, y, mode).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn identical_samples_have_d_zero_and_p_one() {
        let x = [1.0, 2.0, 2.0, 3.0];
        for mode in [KsMode::Auto, KsMode::Exact, KsMode::Asymp] {
            let r = ks(&x, &x, mode);
            assert_eq!(r.statistic, 0.0);
            assert_eq!(r.p_value, 1.0);
        }
    }

    #[test]
    fn fully_separated_samples_match_the_combinatorial_p_value() {
        // x < y entirely, n = 3 each: D = 1, P(D ≥ 1) = 2 / C(6,3) = 0.1
        let r = ks(&[1.0, 2.0, 3.0], &[4.0, 5.0, 6.0], KsMode::Exact);
        assert_eq!(r.statistic, 1.0);
        assert!((r.p_value - 0.1).abs() < 1e-15);
        assert_eq!(r.sign, 1);
        assert_eq!(r.location, 3.0);
        assert_eq!(r.mode_used, KsMode::Exact);
        // Unequal sizes 2 and 3: P(D ≥ 1) = 2 / C(5,2) = 0.2
        let r = ks(&[4.0, 5.0], &[1.0, 2.0, 3.0], KsMode::Exact);
        assert!((r.p_value - 0.2).abs() < 1e-15);
        assert_eq!(r.sign, -1);
        assert_eq!(r.location, 3.0);
    }

    #[test]
    fn golden_pair03_tiny_samples_match_scipy() {
        // golden pair03 latency_ms: D = 0.6000000000000001 at 11.0, exact p = 0.35714285714285715,
        // asymp p = 0.31999999999999984
        let x = [9.0, 10.0, 11.0, 12.5, 30.0];
        let y = [12.0, 14.0, 15.0, 15.0, 100.0];
        let r = ks(&x, &y, KsMode::Auto);
        assert_eq!(r.statistic, 0.6000000000000001);
        assert_eq!(r.location, 11.0);
        assert_eq!(r.sign, 1);
        assert!((r.p_value - 0.35714285714285715).abs() < 1e-15);
        let r = ks(&x, &y, KsMode::Asymp);
        assert!((r.p_value - 0.31999999999999984).abs() < 1e-15);
    }

    #[test]
    fn failed_exact_calculation_falls_back_to_asymptotic() {
        // golden pair03 x_num: D = 0.2 with n = 5 each makes the exact sum exceed 1.
        let x = [1.0, 2.0, 2.0, 3.0, 5.5];
        let y = [-1.0, 2.0, 2.0, 4.0, 9.0];
        let r = ks(&x, &y, KsMode::Auto);
        assert_eq!(r.statistic, 0.2);
        assert_eq!(r.location, -1.0);
        assert_eq!(r.sign, -1);
        assert!(r.exact_unsuccessful);
        assert_eq!(r.mode_used, KsMode::Asymp);
        assert_eq!(r.p_value, 1.0);
    }

    #[test]
    fn all_tied_samples_have_d_zero_or_one() {
        let r = ks(&[3.0, 3.0, 3.0], &[3.0, 3.0], KsMode::Auto);
        assert_eq!((r.statistic, r.p_value), (0.0, 1.0));
        assert_eq!(r.location, 3.0);
        // Two different constants: D = 1; exact P(D ≥ 1) = 2 / C(5, 2) = 0.2.
        let r = ks(&[3.0, 3.0, 3.0], &[4.0, 4.0], KsMode::Exact);
        assert_eq!(r.statistic, 1.0);
        assert!((r.p_value - 0.2).abs() < 1e-15);
    }

    #[test]
    fn single_values_and_empty_samples() {
        let r = ks(&[1.0], &[2.0], KsMode::Auto);
        assert_eq!(r.statistic, 1.0);
        assert_eq!(r.p_value, 1.0);
        let r = ks(&[1.0], &[2.0], KsMode::Asymp);
        assert!((0.0..=1.0).contains(&r.p_value));
        assert!(matches!(
            ks_two_sample(&[], &[1.0], KsMode::Auto),
            Err(DriftError::NotComputable(_))
        ));
    }

    #[test]
    fn large_samples_use_the_asymptotic_distribution_in_auto_mode() {
        let x: Vec<f64> = (0..10_001).map(|i| i as f64).collect();
        let y: Vec<f64> = (0..10_001).map(|i| i as f64 + 500.0).collect();
        let r = ks(&x, &y, KsMode::Auto);
        assert_eq!(r.mode_used, KsMode::Asymp);
        assert!(!r.exact_unsuccessful);
        assert!(r.p_value < 1e-10);
    }

    #[test]
    fn exact_and_asymptotic_agree_roughly_for_moderate_samples() {
        let x: Vec<f64> = (0..300).map(|i| (i as f64 * 0.37).sin()).collect();
        let mut xs = x.clone();
        xs.sort_by(f64::total_cmp);
        let mut ys: Vec<f64> = (0..250).map(|i| (i as f64 * 0.71).cos() + 0.1).collect();
        ys.sort_by(f64::total_cmp);
        let e = ks(&xs, &ys, KsMode::Exact);
        let a = ks(&xs, &ys, KsMode::Asymp);
        assert_eq!(e.mode_used, KsMode::Exact);
        assert!(
            (e.p_value - a.p_value).abs() < 0.05 * e.p_value.max(1e-3),
            "{} {}",
            e.p_value,
            a.p_value
        );
    }
}
