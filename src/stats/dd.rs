//! Minimal double-double arithmetic (≈ 106-bit significand), enough for the one-sided
//! Smirnov sum in [`super::kolmogorov`].
//!
//! # References
//! Hida, Y., Li, X. S. & Bailey, D. H. (2001), "Algorithms for quad-double precision floating
//! point arithmetic", *ARITH-15*, <https://doi.org/10.1109/ARITH.2001.930115> (the QD library);
//! the same operations as scipy's `xsf/cephes/dd_real.h`.

use std::ops::{Add, Div, Mul, Neg, Sub};

/// An unevaluated sum `hi + lo` with `|lo| ≤ ulp(hi)/2`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Dd {
    pub hi: f64,
    pub lo: f64,
}

#[inline]
fn quick_two_sum(a: f64, b: f64) -> (f64, f64) {
    let s = a + b;
    let e = b - (s - a);
    (s, e)
}

#[inline]
fn two_sum(a: f64, b: f64) -> (f64, f64) {
    let s = a + b;
    let bb = s - a;
    let e = (a - (s - bb)) + (b - bb);
    (s, e)
}

#[inline]
fn two_prod(a: f64, b: f64) -> (f64, f64) {
    let p = a * b;
    let e = a.mul_add(b, -p);
    (p, e)
}

/// `(m, e)` with `x = m·2^e` and `0.5 ≤ |m| < 1` (C `frexp`); zero and non-finite values are
/// returned unchanged with `e = 0`.
pub(crate) fn frexp(x: f64) -> (f64, i32) {
    if x == 0.0 || !x.is_finite() {
        return (x, 0);
    }
    let bits = x.to_bits();
    let exp_field = ((bits >> 52) & 0x7ff) as i32;
    if exp_field == 0 {
        // Subnormal: scale into the normal range first.
        let (m, e) = frexp(x * f64::from_bits(0x4350_0000_0000_0000)); // 2^54
        return (m, e - 54);
    }
    let e = exp_field - 1022;
    let m_bits = (bits & !(0x7ffu64 << 52)) | (1022u64 << 52);
    (f64::from_bits(m_bits), e)
}

/// `x·2^e` (C `ldexp`), scaling in steps so that intermediate powers of two never overflow.
pub(crate) fn ldexp(x: f64, e: i32) -> f64 {
    let mut x = x;
    let mut e = e;
    while e > 1000 {
        x *= f64::powi(2.0, 1000);
        e -= 1000;
        if !x.is_finite() {
            return x;
        }
    }
    while e < -1000 {
        x *= f64::powi(2.0, -1000);
        e += 1000;
        if x == 0.0 {
            return x;
        }
    }
    x * f64::powi(2.0, e)
}

impl Dd {
    pub(crate) const fn new(hi: f64) -> Self {
        Dd { hi, lo: 0.0 }
    }

    pub(crate) fn is_finite(self) -> bool {
        self.hi.is_finite()
    }

    pub(crate) fn floor(self) -> Self {
        let hi = self.hi.floor();
        if hi == self.hi {
            let lo = self.lo.floor();
            let (h, l) = quick_two_sum(hi, lo);
            Dd { hi: h, lo: l }
        } else {
            Dd { hi, lo: 0.0 }
        }
    }

    pub(crate) fn ldexp(self, e: i32) -> Self {
        Dd {
            hi: ldexp(self.hi, e),
            lo: ldexp(self.lo, e),
        }
    }

    /// Mantissa in `[0.5, 1)` (as QD's `frexp`) and exponent.
    pub(crate) fn frexp(self) -> (Self, i32) {
        let (mut man, mut e) = frexp(self.hi);
        let mut b1 = ldexp(self.lo, -e);
        if man.abs() == 0.5 && man * b1 < 0.0 {
            man *= 2.0;
            b1 *= 2.0;
            e -= 1;
        }
        (Dd { hi: man, lo: b1 }, e)
    }
}

impl Neg for Dd {
    type Output = Dd;
    fn neg(self) -> Dd {
        Dd {
            hi: -self.hi,
            lo: -self.lo,
        }
    }
}

impl Add for Dd {
    type Output = Dd;
    fn add(self, rhs: Dd) -> Dd {
        let (s1, s2) = two_sum(self.hi, rhs.hi);
        let (t1, t2) = two_sum(self.lo, rhs.lo);
        let (s1, s2) = quick_two_sum(s1, s2 + t1);
        let (hi, lo) = quick_two_sum(s1, s2 + t2);
        Dd { hi, lo }
    }
}

impl Add<f64> for Dd {
    type Output = Dd;
    fn add(self, rhs: f64) -> Dd {
        let (s1, s2) = two_sum(self.hi, rhs);
        let (hi, lo) = quick_two_sum(s1, s2 + self.lo);
        Dd { hi, lo }
    }
}

impl Sub for Dd {
    type Output = Dd;
    fn sub(self, rhs: Dd) -> Dd {
        self + (-rhs)
    }
}

impl Sub<f64> for Dd {
    type Output = Dd;
    fn sub(self, rhs: f64) -> Dd {
        self + (-rhs)
    }
}

impl Mul for Dd {
    type Output = Dd;
    fn mul(self, rhs: Dd) -> Dd {
        let (p1, p2) = two_prod(self.hi, rhs.hi);
        let p2 = p2 + (self.hi * rhs.lo + self.lo * rhs.hi);
        let (hi, lo) = quick_two_sum(p1, p2);
        Dd { hi, lo }
    }
}

impl Mul<f64> for Dd {
    type Output = Dd;
    fn mul(self, rhs: f64) -> Dd {
        let (p1, e1) = two_prod(self.hi, rhs);
        let (p2, e2) = two_prod(self.lo, rhs);
        let (hi, lo) = quick_two_sum(p1, e2 + p2 + e1);
        Dd { hi, lo }
    }
}

impl Div for Dd {
    type Output = Dd;
    fn div(self, rhs: Dd) -> Dd {
        let q1 = self.hi / rhs.hi;
        let r = self - rhs * q1;
        let q2 = r.hi / rhs.hi;
        let r = r - rhs * q2;
        let q3 = r.hi / rhs.hi;
        let (q1, q2) = quick_two_sum(q1, q2);
        Dd { hi: q1, lo: q2 } + q3
    }
}

impl Div<f64> for Dd {
    type Output = Dd;
    fn div(self, rhs: f64) -> Dd {
        self / Dd::new(rhs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frexp_and_ldexp_round_trip() {
        for &x in &[1.0, 0.75, -3.5, 1e-310, 6.02e23, f64::MIN_POSITIVE] {
            let (m, e) = frexp(x);
            assert!((0.5..1.0).contains(&m.abs()), "{x}: {m}");
            assert_eq!(ldexp(m, e), x);
        }
        assert_eq!(frexp(0.0), (0.0, 0));
        assert_eq!(ldexp(1.0, -1074), 5e-324);
        assert_eq!(ldexp(1.0, 1023), f64::powi(2.0, 1023));
    }

    #[test]
    fn one_third_times_three_is_one_to_double_double_precision() {
        let third = Dd::new(1.0) / 3.0;
        let one = third * 3.0;
        assert_eq!(one.hi, 1.0);
        assert!(one.lo.abs() < 1e-31);
        let back = one - Dd::new(1.0);
        assert!(back.hi.abs() < 1e-31);
    }
}
