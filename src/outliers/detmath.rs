//! Portable `ln` and `exp2` built from `+ − × ÷` only, and the Isolation Forest's average
//! path length `c(n)`.
//!
//! `f64::ln` / `f64::exp2` call the platform's libm (glibc natively, a Rust port of musl in
//! wasm), whose results may differ in the last ulp. The forest's scores go through both
//! functions, and the report promises bit-identical scores natively and in wasm, so this
//! module evaluates them with a fixed sequence of correctly rounded IEEE 754 basic operations
//! (Rust never contracts `a·b + c` into an FMA on its own). Accuracy is within a few ulps of
//! the true value, far below anything the forest can resolve.

/// High part of ln 2 (fdlibm's `ln2_hi`: its low 21 bits are zero, so `k·LN2_HI` is exact for
/// |k| < 2²¹).
const LN2_HI: f64 = f64::from_bits(0x3fe6_2e42_fee0_0000);
/// Low part of ln 2: `LN2_HI + LN2_LO` ≈ ln 2 to about 2⁻⁸⁵.
const LN2_LO: f64 = f64::from_bits(0x3dea_39ef_3579_3c76);

/// Euler–Mascheroni constant γ as numpy's `np.euler_gamma` (what scikit-learn uses).
pub const EULER_GAMMA: f64 = 0.577_215_664_901_532_9;

/// Natural logarithm with platform-independent results.
///
/// # Formula
/// ```text
/// x = m · 2ᵉ with m ∈ [√½, √2)
/// s = (m − 1)/(m + 1),  z = s²
/// ln m = 2s · (1 + z/3 + z²/5 + … + z¹²/25)
/// ln x = e·ln2_hi + (e·ln2_lo + ln m)
/// ```
///
/// # Remarks
/// |s| ≤ 0.1716 so z ≤ 0.0295 and the truncated series is accurate to < 10⁻¹⁸ relative; the
/// result is within a few ulps of the correctly rounded logarithm (tested against `f64::ln`).
/// `ln(0) = −∞`, `ln(+∞) = +∞`, negative or NaN inputs give NaN. Subnormal inputs are
/// normalised first.
///
/// # References
/// Abramowitz, M. & Stegun, I. A. (1964), *Handbook of Mathematical Functions*, 4.1.27;
/// the argument reduction follows fdlibm's `e_log.c`.
pub fn ln(x: f64) -> f64 {
    if x.is_nan() || x < 0.0 {
        return f64::NAN;
    }
    if x == 0.0 {
        return f64::NEG_INFINITY;
    }
    if x == f64::INFINITY {
        return f64::INFINITY;
    }
    let mut x = x;
    let mut e: i64 = 0;
    if x < f64::MIN_POSITIVE {
        // Subnormal: scale into the normal range (exact multiplication by 2⁵⁴).
        x *= 18_014_398_509_481_984.0;
        e -= 54;
    }
    let bits = x.to_bits();
    e += ((bits >> 52) & 0x7ff) as i64 - 1023;
    // Mantissa in [1, 2): keep the fraction bits, set the exponent to 0.
    let mut m = f64::from_bits((bits & 0x000f_ffff_ffff_ffff) | 0x3ff0_0000_0000_0000);
    if m > std::f64::consts::SQRT_2 {
        m *= 0.5; // exact
        e += 1;
    }
    let s = (m - 1.0) / (m + 1.0);
    let z = s * s;
    // Horner on 1/(2k+1), k = 12 … 1.
    let mut p = 1.0 / 25.0;
    for k in (1..12).rev() {
        p = p * z + 1.0 / (2 * k + 1) as f64;
    }
    let ln_m = 2.0 * s + 2.0 * s * (z * p);
    let ef = e as f64;
    ef * LN2_HI + (ef * LN2_LO + ln_m)
}

/// 2ʸ with platform-independent results.
///
/// # Formula
/// ```text
/// k = ⌊y + ½⌋,  f = y − k ∈ [−½, ½]
/// t = f · ln 2,   eᵗ = Σ_{j=0}^{15} tʲ / j!      (Horner)
/// 2ʸ = eᵗ · 2ᵏ   (2ᵏ built from its bit pattern)
/// ```
///
/// # Remarks
/// |t| ≤ 0.347 so the series is truncated at < 10⁻¹⁹ relative; the result is within a few
/// ulps of the true power (tested against `f64::exp2`). Overflow gives `+∞`, deep underflow
/// `0`, NaN gives NaN; results in the subnormal range are obtained by two exact-or-rounded
/// scalings and may differ from libm there (irrelevant for the forest, whose exponents lie
/// in roughly [−20, 0]).
pub fn exp2(y: f64) -> f64 {
    if y.is_nan() {
        return f64::NAN;
    }
    if y >= 1024.0 {
        return f64::INFINITY;
    }
    if y < -1100.0 {
        return 0.0;
    }
    let k = (y + 0.5).floor();
    let f = y - k;
    let t = f * std::f64::consts::LN_2;
    let mut p = 1.0;
    for j in (1..=15).rev() {
        p = 1.0 + p * t / j as f64;
    }
    // k ∈ [−1100, 1024]; both casts below are in range.
    let k = k as i64;
    if k >= -1022 {
        p * pow2(k)
    } else {
        p * pow2(k + 600) * pow2(-600)
    }
}

/// 2ᵏ for an integer `k ∈ [−1022, 1023]`, built from its bit pattern (exact); ±∞/0 beyond.
fn pow2(k: i64) -> f64 {
    if k > 1023 {
        f64::INFINITY
    } else if k < -1022 {
        0.0
    } else {
        f64::from_bits(((k + 1023) as u64) << 52)
    }
}

/// Average path length of an unsuccessful search in a binary search tree of `n` points,
/// the normaliser `c(n)` of the Isolation Forest.
///
/// # Formula
/// ```text
/// c(n) = 2·H(n − 1) − 2(n − 1)/n     for n > 2,   H(i) = ln i + γ
/// c(2) = 1,   c(1) = c(0) = 0
/// ```
/// where γ ≈ 0.5772156649015329 is the Euler–Mascheroni constant.
///
/// # Remarks
/// Exactly scikit-learn's `_average_path_length` (same γ, same special cases), evaluated with
/// the portable [`ln`] so that it is bit-identical in wasm and natively.
///
/// # References
/// Liu, F. T., Ting, K. M. & Zhou, Z.-H. (2008), "Isolation Forest", *ICDM 2008*, eq. 1,
/// <https://doi.org/10.1109/ICDM.2008.17>; scikit-learn `sklearn/ensemble/_iforest.py`
/// (`_average_path_length`).
pub fn average_path_length(n: usize) -> f64 {
    match n {
        0 | 1 => 0.0,
        2 => 1.0,
        _ => {
            let n = n as f64;
            2.0 * (ln(n - 1.0) + EULER_GAMMA) - 2.0 * (n - 1.0) / n
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ulps(a: f64, b: f64) -> u64 {
        (a.to_bits() as i64 - b.to_bits() as i64).unsigned_abs()
    }

    #[test]
    fn ln_agrees_with_libm_within_a_few_ulps() {
        let mut worst = 0;
        let mut x = 1e-300_f64;
        while x < 1e300 {
            for m in [1.0, 1.1, 1.3, 1.41, 1.42, 1.7, 1.9999] {
                let v = x * m;
                worst = worst.max(ulps(ln(v), v.ln()));
            }
            x *= 3.7;
        }
        for n in 1..100_000 {
            let v = n as f64;
            if v != 1.0 {
                worst = worst.max(ulps(ln(v), v.ln()));
            }
        }
        assert!(worst <= 4, "worst ulps {worst}");
        assert_eq!(ln(1.0), 0.0);
        assert_eq!(ln(0.0), f64::NEG_INFINITY);
        assert_eq!(ln(f64::INFINITY), f64::INFINITY);
        assert!(ln(-1.0).is_nan() && ln(f64::NAN).is_nan());
        assert!(ulps(ln(5e-324), 5e-324_f64.ln()) <= 4);
    }

    #[test]
    fn exp2_agrees_with_libm_within_a_few_ulps() {
        let mut worst = 0;
        let mut y = -1000.0;
        while y < 1000.0 {
            worst = worst.max(ulps(exp2(y), y.exp2()));
            y += 0.012_345_678_9;
        }
        for i in 0..100_000 {
            let y = -(i as f64) / 10_000.0;
            worst = worst.max(ulps(exp2(y), y.exp2()));
        }
        assert!(worst <= 4, "worst ulps {worst}");
        assert_eq!(exp2(0.0), 1.0);
        assert_eq!(exp2(-1.0), 0.5);
        assert_eq!(exp2(10.0), 1024.0);
        assert_eq!(exp2(2000.0), f64::INFINITY);
        assert_eq!(exp2(-2000.0), 0.0);
        assert!(exp2(f64::NAN).is_nan());
    }

    #[test]
    fn average_path_length_matches_sklearn() {
        assert_eq!(average_path_length(0), 0.0);
        assert_eq!(average_path_length(1), 0.0);
        assert_eq!(average_path_length(2), 1.0);
        // sklearn.ensemble._iforest._average_path_length([3, 10, 256, 100000]).tolist()
        let cases = [
            (3, 1.207392357589623),
            (10, 3.748880484475505),
            (256, 10.244770920119917),
            (100_000, 22.180282259643523),
        ];
        for (n, want) in cases {
            let got = average_path_length(n);
            assert!(
                (got - want).abs() <= 1e-14 * want,
                "c({n}) = {got}, want {want}"
            );
        }
    }
}
