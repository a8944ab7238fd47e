//! The one-sided one-sample Kolmogorov–Smirnov distribution `D_n⁺` (scipy's `smirnov` /
//! `ksone`), summed in double-double precision (Birnbaum–Tingey; van Mulbregt 2018). The
//! two-sided `D_n` in [`super`] uses it above `d = ½` and for its upper tail.

use super::clip_prob;
use crate::stats::dd::{self, Dd};

/// cephes `MINLOG` = ln(2^-1022).
const CEPHES_MINLOG: f64 = -7.083_964_185_322_641e2;

/// Upper tail of the one-sided one-sample Kolmogorov–Smirnov statistic, `P(D_n⁺ ≥ d)`, as
/// `scipy.special.smirnov(n, d)` (= `scipy.stats.ksone.sf(d, n)`).
///
/// # Formula
/// ```text
/// D_n⁺ = sup_x (F_n(x) − F(x))
/// P(D_n⁺ ≥ d) = d · Σ_{v=0}^{⌊n(1−d)⌋} C(n, v) (d + v/n)^(v−1) (1 − d − v/n)^(n−v)
/// ```
/// (Birnbaum–Tingey), summed in double-double precision with scaled binomial coefficients; for
/// small `d` and large `n` the complementary (upper) sum is used, as in scipy.
///
/// # Remarks
/// `n = 0`, `d` outside `[0, 1]` or NaN give `NaN`; `d = 0` gives `1`, `d = 1` gives `0`.
/// For `n > 10⁶` the asymptotic `exp(−(6nd+1)²/(18n))` is used (scipy does the same).
///
/// # References
/// Birnbaum & Tingey (1951), <https://doi.org/10.1214/aoms/1177729550>; van Mulbregt (2018),
/// arXiv:1802.06966; scipy `xsf/cephes/kolmogorov.h::_smirnov`.
pub fn smirnov_sf(n: u64, d: f64) -> f64 {
    if !(n > 0 && (0.0..=1.0).contains(&d)) {
        return f64::NAN;
    }
    if n > i32::MAX as u64 {
        return smirnov_asymptotic_sf(n as f64, d);
    }
    smirnov_sf_i(n as i64, d)
}

fn smirnov_asymptotic_sf(n: f64, x: f64) -> f64 {
    let logp = -(6.0 * n * x + 1.0).powi(2) / 18.0 / n;
    if logp < -std::f64::consts::LN_2 {
        logp.exp()
    } else {
        let cdf = -logp.exp_m1();
        1.0 - cdf
    }
}

fn next_power_of_2(x: f64) -> f64 {
    let q = dd::ldexp(x, 1 - 53);
    let mut l = (q + x).abs();
    if l == 0.0 {
        l = x.abs();
    } else {
        let lint = l as i64;
        if lint as f64 == l {
            l = lint as f64;
        }
    }
    l
}

fn dd_ne_zero(a: Dd) -> bool {
    a.hi != 0.0 || a.lo != 0.0
}

fn pow_dd(a: Dd, m: i64) -> Dd {
    if m <= 0 {
        if m == 0 {
            return Dd::new(1.0);
        }
        return Dd::new(1.0) / pow_dd(a, -m);
    }
    if a.hi == 0.0 && a.lo == 0.0 {
        return Dd::new(0.0);
    }
    let mf = m as f64;
    let ans = a.hi.powf(mf);
    let r = a.lo / a.hi;
    let mut adj = mf * r;
    if adj.abs() > 1e-8 {
        if adj.abs() < 1e-4 {
            adj += (mf * r) * ((mf - 1.0) / 2.0 * r);
        } else {
            adj = (mf * r.ln_1p()).exp_m1();
        }
    }
    Dd::new(ans) + ans * adj
}

fn pow2(a: f64, b: f64, m: i64) -> f64 {
    pow_dd(Dd::new(a) + b, m).hi
}

const SM_MAX_EXPONENT: i64 = 960;

/// `a^m` as (significand, exponent).
fn pow2_scaled_dd(a: Dd, m: i64) -> (Dd, i64) {
    if m <= 0 {
        if m == 0 {
            return (Dd::new(1.0), 0);
        }
        let (ans, ae1) = pow2_scaled_dd(a, -m);
        let (ans, ae2) = (Dd::new(1.0) / ans).frexp();
        return (ans, -ae1 + i64::from(ae2));
    }
    let (y, ye) = a.frexp();
    let ye = i64::from(ye);
    if m == 1 {
        return (y, ye);
    }
    let mut max_expt = SM_MAX_EXPONENT;
    let mf = m as f64;
    if mf * (y.hi - 1.0) / y.hi < -(SM_MAX_EXPONENT as f64) * std::f64::consts::LN_2 {
        let lg2y = y.hi.ln() / std::f64::consts::LN_2;
        let lg_ans = mf * lg2y;
        if lg_ans <= -(SM_MAX_EXPONENT as f64) {
            max_expt = (next_power_of_2(-(SM_MAX_EXPONENT as f64) / lg2y + 1.0) / 2.0) as i64;
        }
    }
    if max_expt < 1 {
        max_expt = 1;
    }
    if m <= max_expt {
        let ans1 = pow_dd(y, m);
        let (ans, anse) = ans1.frexp();
        return (ans, i64::from(anse) + m * ye);
    }
    let q = m / max_expt;
    let r = m % max_expt;
    let (y2r, y2re) = pow2_scaled_dd(y, r);
    let (y2m, y2me) = pow2_scaled_dd(y, max_expt);
    let (y2mq, mut y2mqe) = pow2_scaled_dd(y2m, q);
    let (ans, anse) = (y2r * y2mq).frexp();
    y2mqe += y2me * q;
    let anse = i64::from(anse) + y2mqe + y2re + m * ye;
    (ans, anse)
}

fn pow4_dd(a: f64, b: f64, c: f64, d: f64, m: i64) -> Dd {
    if m <= 0 {
        if m == 0 {
            return Dd::new(1.0);
        }
        return pow4_dd(c, d, a, b, -m);
    }
    let aa = Dd::new(a) + b;
    let cc = Dd::new(c) + d;
    if !dd_ne_zero(aa) {
        return if !dd_ne_zero(cc) {
            Dd::new(f64::NAN)
        } else {
            Dd::new(0.0)
        };
    }
    if !dd_ne_zero(cc) {
        return Dd::new(if aa.hi < 0.0 {
            f64::NEG_INFINITY
        } else {
            f64::INFINITY
        });
    }
    pow_dd(aa / cc, m)
}

fn ldexp_i64(a: Dd, e: i64) -> Dd {
    let e = e.clamp(-100_000, 100_000) as i32;
    a.ldexp(e)
}

/// `C(n,v)·(1−x−v/n)^(n−v)·(x+v/n)^(v−1)` with the binomial given as (mantissa, exponent).
fn compute_av(n: i64, x: f64, v: i64, cman: Dd, cexpt: i64) -> Dd {
    let nf = n as f64;
    let t2x = Dd::new((n - v) as f64) / nf - x;
    let (t2, t2e) = pow2_scaled_dd(t2x, n - v);
    let t1x = Dd::new(v as f64) / nf + x;
    let (t1, t1e) = pow2_scaled_dd(t1x, v - 1);
    let ans = (t1 * t2) * cman;
    let anse = cexpt + t1e + t2e;
    ldexp_i64(ans, anse)
}

fn update_binomial(cman: &mut Dd, cexpt: &mut i64, n: i64, j: i64) {
    let rat = Dd::new((n - j) as f64) / (j as f64 + 1.0);
    let man2 = *cman * rat;
    let (man2, expt) = man2.frexp();
    *cexpt += i64::from(expt);
    *cman = man2;
}

/// From this n on, the lower Birnbaum–Tingey sum is evaluated in f64 log space
/// ([`smirnov_lower_sum_log`]) instead of double-double: O(n) terms either way, but ~20× cheaper
/// per term, which keeps `ks_2samp(method='asymp')` on million-row columns in the tens of ms.
/// Below it (every size the golden vectors exercise) the double-double sum is scipy's exactly.
const LOG_SUM_MIN_N: i64 = 20_000;

/// `Σ_{v<n_terms} C(n,v)·(x+v/n)^(v−1)·(1−x−v/n)^(n−v)` with every term evaluated as
/// `exp(ln C + (v−1)·ln(x+v/n) + (n−v)·ln(1−x−v/n))`.
///
/// `ln C(n, v)` is accumulated from `ln((n−v)/(v+1))` with Neumaier compensation, so its error
/// stays at a few ulps of its magnitude (≤ n·ln 2); each term then carries a relative error of
/// about `n·ε` (1e-10 at n = 10⁶), far below the 1e-6 p-value tolerance. Same early stop as
/// scipy's double-double loop.
fn smirnov_lower_sum_log(n: i64, x: f64, n_terms: i64) -> f64 {
    let nf = n as f64;
    let nx = nf * x;
    let (mut ln_c, mut ln_c_comp) = (0.0f64, 0.0f64);
    let (mut sum, mut sum_comp) = (0.0f64, 0.0f64);
    let neumaier = |s: &mut f64, c: &mut f64, v: f64| {
        let t = *s + v;
        if s.abs() >= v.abs() {
            *c += (*s - t) + v;
        } else {
            *c += (v - t) + *s;
        }
        *s = t;
    };
    let vmid = n / 2;
    for v in 0..n_terms {
        let vf = v as f64;
        let b1 = (vf + nx) / nf; // x + v/n
        let ln_b2 = (-b1).ln_1p(); // ln(1 − x − v/n)
        let ln_a = (ln_c + ln_c_comp) + (vf - 1.0) * b1.ln() + (nf - vf) * ln_b2;
        let a = ln_a.exp();
        if a.is_finite() && a != 0.0 {
            neumaier(&mut sum, &mut sum_comp, a);
            let total = sum + sum_comp;
            if 4.0 * (n_terms - v) as f64 * a < f64::EPSILON * total && v != n_terms - 1 {
                break;
            }
        } else if v > vmid {
            break;
        }
        neumaier(&mut ln_c, &mut ln_c_comp, ((nf - vf) / (vf + 1.0)).ln());
    }
    sum + sum_comp
}

fn smirnov_sf_i(n: i64, x: f64) -> f64 {
    if n == 1 {
        return 1.0 - x;
    }
    if x == 0.0 {
        return 1.0;
    }
    if x == 1.0 {
        return 0.0;
    }
    let nf = n as f64;
    // modNX: floor(n·x) and its remainder, exactly.
    let nx_d = Dd::new(x) * nf;
    let nxfloor_d = nx_d.floor();
    let alpha_d = nx_d - nxfloor_d;
    let mut alpha = alpha_d.hi;
    let mut nxfl = nxfloor_d.hi as i64;
    if alpha == 1.0 {
        nxfl += 1;
        alpha = 0.0;
    }

    let mut n1mxfl = n - nxfl - if alpha == 0.0 { 0 } else { 1 };
    let mut n1mxceil = n - nxfl;
    if alpha == 0.0 {
        n1mxfl -= 1;
        n1mxceil += 1;
    }

    // x <= 1/n
    if nxfl == 0 || (nxfl == 1 && alpha == 0.0) {
        let t = pow2(1.0, x, n - 1);
        let cdf = x * t;
        return clip_prob(1.0 - cdf);
    }
    // sf underflows
    if -2.0 * nf * x * x < CEPHES_MINLOG {
        return 0.0;
    }
    // x >= 1 - 1/n
    if nxfl >= n - 1 {
        return clip_prob(pow2(1.0, -x, n));
    }
    if n > 1_000_000 {
        return clip_prob(smirnov_asymptotic_sf(nf, x));
    }

    let n_upper_terms = n - n1mxceil + 1;
    let use_upper_sum =
        (n_upper_terms <= 1 && x < 0.5) || (n >= 10 && n_upper_terms <= 3 && x <= 0.5 / nf.sqrt());

    if !use_upper_sum && n >= LOG_SUM_MIN_N {
        return clip_prob(x * smirnov_lower_sum_log(n, x, n1mxfl + 1));
    }

    let (start, step, n_terms) = if use_upper_sum {
        (n, -1i64, n - n1mxceil + 1)
    } else {
        (0, 1i64, n1mxfl + 1)
    };
    let vmid = n / 2;
    let mut cman = Dd::new(1.0);
    let mut cexpt: i64 = 0;

    let first = if use_upper_sum {
        pow4_dd(1.0, x, 1.0, 0.0, n - 1)
    } else {
        pow4_dd(1.0, -x, 1.0, 0.0, n) / x
    };
    let mut aj_sum = Dd::new(0.0) + first;
    update_binomial(&mut cman, &mut cexpt, n, 0);
    let mut j = 1i64;
    while j < n_terms {
        let v = start + j * step;
        let aj = compute_av(n, x, v, cman, cexpt);
        if aj.is_finite() && dd_ne_zero(aj) {
            aj_sum = aj_sum + aj;
        }
        if dd_ne_zero(aj) {
            if (4.0 * (n_terms - j) as f64 * aj.hi.abs()) < (f64::EPSILON * aj_sum.hi)
                && j != n_terms - 1
            {
                break;
            }
        } else if j > vmid {
            break;
        }
        update_binomial(&mut cman, &mut cexpt, n, j);
        j += 1;
    }
    let prob = (aj_sum * x).hi;
    let sf = if step < 0 { 1.0 - prob } else { prob };
    clip_prob(sf)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rel(a: f64, b: f64) -> f64 {
        ((a - b) / b).abs()
    }

    #[test]
    fn smirnov_matches_closed_forms_and_scipy() {
        // smirnov(1, d) = 1 − d
        assert_eq!(smirnov_sf(1, 0.3), 0.7);
        // x ≤ 1/n: P(D⁺ ≥ x) = 1 − x(1+x)^(n−1)
        let n = 10u64;
        let x = 0.05;
        assert!(rel(smirnov_sf(n, x), 1.0 - x * (1.0f64 + x).powi(9)) < 1e-14);
        // x ≥ 1 − 1/n: (1−x)^n
        assert!(rel(smirnov_sf(n, 0.95), 0.05f64.powi(10)) < 1e-12);
        // Birnbaum–Tingey by hand, n = 5, d = 0.5, v = 0, 1, 2:
        // 0.5·[0.5⁻¹·0.5⁵ + 5·0.7⁰·0.3⁴ + 10·0.9¹·0.1³] = 0.056
        let by_hand =
            0.5 * (0.5f64.powi(5) / 0.5 + 5.0 * 0.3f64.powi(4) + 10.0 * 0.9 * 0.1f64.powi(3));
        assert!(
            rel(smirnov_sf(5, 0.5), by_hand) < 1e-14,
            "{} {}",
            smirnov_sf(5, 0.5),
            by_hand
        );
        assert!(smirnov_sf(0, 0.5).is_nan());
        assert!(smirnov_sf(5, 1.5).is_nan());
        assert_eq!(smirnov_sf(5, 0.0), 1.0);
        assert_eq!(smirnov_sf(5, 1.0), 0.0);
    }

    #[test]
    fn log_space_smirnov_sum_agrees_with_the_double_double_sum() {
        // Force both evaluations at sizes around the switch and far above it.
        for n in [20_000i64, 60_000, 250_000] {
            for &x in &[0.004, 0.008, 0.012, 0.02] {
                let nf = n as f64;
                if nf * x * x < 1.0 {
                    continue;
                }
                let nxfl = (nf * x).floor() as i64;
                let n_terms = n - nxfl; // alpha > 0 here
                let fast = x * smirnov_lower_sum_log(n, x, n_terms);
                let slow = smirnov_dd_lower_sum(n, x, n_terms);
                assert!(rel(fast, slow) < 1e-9, "n={n} x={x}: {fast:e} vs {slow:e}");
            }
        }
    }

    /// The double-double lower sum on its own (the scipy loop without the size switch).
    fn smirnov_dd_lower_sum(n: i64, x: f64, n_terms: i64) -> f64 {
        let mut cman = Dd::new(1.0);
        let mut cexpt = 0i64;
        let mut aj_sum = pow4_dd(1.0, -x, 1.0, 0.0, n) / x;
        update_binomial(&mut cman, &mut cexpt, n, 0);
        for j in 1..n_terms {
            let aj = compute_av(n, x, j, cman, cexpt);
            if aj.is_finite() && dd_ne_zero(aj) {
                aj_sum = aj_sum + aj;
            }
            if dd_ne_zero(aj)
                && (4.0 * (n_terms - j) as f64 * aj.hi.abs()) < (f64::EPSILON * aj_sum.hi)
                && j != n_terms - 1
            {
                break;
            }
            update_binomial(&mut cman, &mut cexpt, n, j);
        }
        (aj_sum * x).hi
    }
}
