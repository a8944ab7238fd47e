//! Distributions of the Cramér–von Mises statistic: the limiting (n = ∞) distribution and the
//! exact null distribution of the two-sample statistic, both as scipy computes them.

use super::bessel::bessel_k_quarter;

/// Largest sample size [`cvm_2samp_exact_sf`] accepts (the table of path values grows
/// combinatorially; scipy itself uses the exact distribution up to 20).
pub const EXACT_MAX_N: usize = 50;

/// Terms of the limiting series are added until one is smaller than this (scipy's rule).
const SERIES_STOP: f64 = 1e-7;

/// CDF of the limiting distribution of the Cramér–von Mises statistic, exactly as scipy's
/// `scipy.stats._hypotests._cdf_cvm_inf`.
///
/// # Formula
/// ```text
/// F(x) = Σ_{k≥0} Γ(k+½) / (Γ(k+1) · π^{3/2} · √x) · √(4k+1) · exp(−q_k) · K_{1/4}(q_k),
/// q_k  = (4k+1)² / (16x)
/// ```
///
/// # Remarks
/// As in scipy, terms are added until one has absolute value below 1e-7 (that term included).
/// The truncation leaves an error of that order far in the upper tail (x ≳ 2), so `1 − F(x)`
/// there is not the true tail probability — but it is what scipy (and so the golden values)
/// report, and we reproduce it. `x ≤ 0` gives 0; NaN gives NaN.
///
/// # References
/// Csörgő, S. & Faraway, J. J. (1996), "The exact and asymptotic distributions of Cramér–von
/// Mises statistics", *J. R. Stat. Soc. B* 58(1), 221–234,
/// <https://doi.org/10.1111/j.2517-6161.1996.tb02077.x>, eq. (1.3);
/// `scipy.stats._hypotests._cdf_cvm_inf`.
pub fn cvm_inf_cdf(x: f64) -> f64 {
    if x.is_nan() {
        return f64::NAN;
    }
    if x <= 0.0 {
        return 0.0;
    }
    let denom = std::f64::consts::PI.powf(1.5) * x.sqrt();
    // Γ(k + ½) / Γ(k + 1), by recurrence from Γ(½)/Γ(1) = √π.
    let mut ratio = std::f64::consts::PI.sqrt();
    let mut tot = 0.0;
    for k in 0..100_000u32 {
        if k > 0 {
            let kf = f64::from(k);
            ratio *= (kf - 0.5) / kf;
        }
        let y = 4.0 * f64::from(k) + 1.0;
        let q = y * y / (16.0 * x);
        let z = ratio / denom * y.sqrt() * (-q).exp() * bessel_k_quarter(q);
        tot += z;
        if z.is_nan() || z.abs() < SERIES_STOP {
            break;
        }
    }
    tot
}

/// `gcd(a, b)` (Euclid).
fn gcd(a: u64, b: u64) -> u64 {
    let (mut a, mut b) = (a, b);
    while b != 0 {
        let t = a % b;
        a = b;
        b = t;
    }
    a
}

/// Merges two sorted `(value, frequency)` lists, adding the frequencies of equal values.
fn merge_add(a: &[(u64, u64)], b: &[(u64, u64)]) -> Vec<(u64, u64)> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0usize, 0usize);
    while i < a.len() && j < b.len() {
        let (va, fa) = a[i];
        let (vb, fb) = b[j];
        if va < vb {
            out.push((va, fa));
            i += 1;
        } else if vb < va {
            out.push((vb, fb));
            j += 1;
        } else {
            out.push((va, fa.saturating_add(fb)));
            i += 1;
            j += 1;
        }
    }
    out.extend_from_slice(&a[i..]);
    out.extend_from_slice(&b[j..]);
    out
}

/// Exact p-value `P(U ≥ u)` of the two-sample Cramér–von Mises rank statistic under H₀, for
/// sample sizes `m` and `n`, as scipy's `_pval_cvm_2samp_exact`.
///
/// `u4` is `4·U` with `U = m·Σ(rᵢ − i)² + n·Σ(sⱼ − j)²` (rᵢ, sⱼ the pooled midranks of the
/// sorted samples), an integer because midranks are multiples of ½.
///
/// # Formula
/// ```text
/// L = lcm(m, n),  a = L/m,  b = L/n
/// every monotone lattice path from (0,0) to (n,m) has the value Σ over its points (u,v) of (a·v − b·u)²
/// ζ = ⌊ L²(m+n)(6U − mn(4mn − 1)) / (6(mn)²) ⌋
/// p = #{paths with value ≥ ζ} / C(m+n, m)
/// ```
/// The path values are tabulated by the recursion of Xiao et al. (2006), Algorithm 1.
///
/// # Remarks
/// The path counts are exact integers (`u64`; at most C(40, 20) ≈ 1.4e11 for the sizes scipy
/// uses, max(m, n) ≤ 20), and ζ is computed in exact integer arithmetic (scipy computes it in
/// floating point, exactly for these sizes). With ties the tied `U` is used with the no-ties
/// distribution, as in scipy. Cost grows quickly with the sizes: callers use it for
/// `max(m, n) ≤ 20` only; sizes above [`EXACT_MAX_N`], or `m = 0` / `n = 0`, give NaN.
///
/// # References
/// Xiao, Y., Gordon, A. & Yakovlev, A. (2006), "A C++ program for the Cramér–von Mises
/// two-sample test", *J. Stat. Softw.* 17(8), <https://doi.org/10.18637/jss.v017.i08>;
/// Anderson, T. W. (1962), "On the distribution of the two-sample Cramér–von Mises criterion",
/// *Ann. Math. Statist.* 33(3), 1148–1159, <https://doi.org/10.1214/aoms/1177704477>;
/// `scipy.stats._hypotests._pval_cvm_2samp_exact`.
pub fn cvm_2samp_exact_sf(u4: u128, m: usize, n: usize) -> f64 {
    if m == 0 || n == 0 || m.max(n) > EXACT_MAX_N {
        return f64::NAN;
    }
    let (mu, nu) = (m as u64, n as u64);
    let lcm = mu / gcd(mu, nu) * nu;
    let a = lcm / mu;
    let b = lcm / nu;
    let mn = i128::from(mu * nu);
    // ζ = ⌊ L²(m+n)(6·u4/4 − mn(4mn−1)) / (6 mn²) ⌋ = ⌊ L²(m+n)(6·u4 − 4mn(4mn−1)) / (24 mn²) ⌋
    // (small numbers for m, n ≤ 50; saturating so that an absurd `u4` cannot overflow).
    let l2 = i128::from(lcm) * i128::from(lcm);
    let u4 = i128::try_from(u4).unwrap_or(i128::MAX);
    let num = (l2 * i128::from(mu + nu))
        .saturating_mul(u4.saturating_mul(6).saturating_sub(4 * mn * (4 * mn - 1)));
    let den = 24 * mn * mn;
    let zeta = num.div_euclid(den);

    // gs[v] = value distribution of the paths ending at (u, v) for the current row u.
    let mut gs: Vec<Vec<(u64, u64)>> = vec![Vec::new(); m + 1];
    gs[0] = vec![(0, 1)];
    for u in 0..=nu {
        let mut next: Vec<Vec<(u64, u64)>> = Vec::with_capacity(m + 1);
        let mut tmp: Vec<(u64, u64)> = Vec::new();
        for (v, g) in gs.iter().enumerate() {
            tmp = merge_add(&tmp, g);
            let d = (a * v as u64).abs_diff(b * u);
            let add = d * d;
            for e in &mut tmp {
                e.0 += add;
            }
            next.push(tmp.clone());
        }
        gs = next;
    }
    let total = binomial_f64(m + n, m);
    let hits: u64 = gs[m]
        .iter()
        .filter(|(value, _)| i128::from(*value) >= zeta)
        .map(|(_, f)| *f)
        .sum();
    hits as f64 / total
}

/// `C(n, k)` as a double (exact while it fits in 53 bits).
pub(crate) fn binomial_f64(n: usize, k: usize) -> f64 {
    if k > n {
        return 0.0;
    }
    let k = k.min(n - k);
    let mut c = 1.0f64;
    for i in 0..k {
        c = c * (n - i) as f64 / (i + 1) as f64;
    }
    c.round()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limiting_cdf_matches_scipy() {
        // scipy.stats._hypotests._cdf_cvm_inf(x)
        let cases = [
            (0.003, 1.2748440417041988e-18),
            (0.01, 5.864432809868958e-06),
            (0.1, 0.4151265615932029),
            (0.2, 0.7325295694592229),
            (0.5, 0.9601667824343907),
            (1.0, 0.9975395478198642),
        ];
        for (x, expected) in cases {
            let got = cvm_inf_cdf(x);
            assert!(
                (got / expected - 1.0).abs() < 1e-12,
                "cdf({x}) = {got:e}, scipy {expected:e}"
            );
        }
        // Upper tail: scipy's 1 − cdf, including its truncation artefact.
        for (x, tail) in [
            (2.0, 1.2780736265760595e-05),
            (5.0, 4.86516382736113e-11),
            (10.0, 1.8144502567096765e-09),
        ] {
            let got = 1.0 - cvm_inf_cdf(x);
            assert!(
                (got - tail).abs() < 1e-14,
                "1 − cdf({x}) = {got:e}, scipy {tail:e}"
            );
        }
        assert_eq!(cvm_inf_cdf(0.0), 0.0);
        assert!(cvm_inf_cdf(f64::NAN).is_nan());
    }

    #[test]
    fn exact_two_sample_p_values_match_scipy() {
        // scipy.stats.cramervonmises_2samp([1,2,3], [4,5,6], method='exact'): U = 3·(0+0+0) +
        // 3·(3²·3) = 81 → p = 0.1 (only the two extreme arrangements of 20 reach it).
        assert!((cvm_2samp_exact_sf(4 * 81, 3, 3) - 0.1).abs() < 1e-15);
        // The smallest U (perfect interleaving) has p = 1.
        assert_eq!(cvm_2samp_exact_sf(0, 4, 5), 1.0);
        // Golden pair03 latency_ms: x = [10, 12.5, 11, 30, 9], y = [15, 15, 100, 12, 14] (ties in y):
        // statistic 0.34 → U = T·kN + (4k−1)k/6 = 0.34·250 + 99·25/6 = 497.5, p = 1/9.
        assert!((cvm_2samp_exact_sf(4 * 4975 / 10, 5, 5) - 0.1111111111111111).abs() < 1e-15);
    }

    #[test]
    fn binomials_are_exact() {
        assert_eq!(binomial_f64(40, 20), 137_846_528_820.0);
        assert_eq!(binomial_f64(5, 0), 1.0);
        assert_eq!(binomial_f64(5, 7), 0.0);
    }
}
