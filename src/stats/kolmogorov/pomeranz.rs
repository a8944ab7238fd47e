//! The Pomeranz (1974) recursion for the exact finite-n `P(D_n ≤ d)` (scipy
//! `_kolmogn_Pomeranz`).

use super::{clip_prob, E128, EM128, EP128};
use crate::stats::dd;

fn pomeranz_j1j2(i: i64, n: i64, ll: i64, ceilf: i64, roundf: i64) -> (i64, i64) {
    let (j1, j2) = if i == 0 {
        (-ll - ceilf - 1, ll + ceilf - 1)
    } else {
        let ip1div2 = (i + 1) / 2;
        let ip1mod2 = (i + 1) % 2;
        if ip1mod2 == 0 {
            if ip1div2 == n + 1 {
                (n - ll - ceilf - 1, n + ll + ceilf - 1)
            } else {
                (ip1div2 - 1 - ll - roundf - 1, ip1div2 + ll - 1 + ceilf - 1)
            }
        } else {
            (ip1div2 - 1 - ll - 1, ip1div2 + ll + roundf - 1)
        }
    };
    ((j1 + 2).max(0), j2.min(n))
}

/// `P(D_n ≤ d)` by the Pomeranz (1974) recursion (scipy `_kolmogn_Pomeranz`).
pub(super) fn kolmogn_pomeranz(n: u64, x: f64) -> f64 {
    let nf = n as f64;
    let ni = n as i64;
    let t = nf * x;
    let ll = t.floor() as i64;
    let f = t - ll as f64;
    let g = f.min(1.0 - f);
    let ceilf = i64::from(f > 0.0);
    let roundf = i64::from(f > 0.5);
    let npwrs = (2 * (ll + 1)) as usize;
    let mut gpower = vec![0.0; npwrs];
    let mut twogpower = vec![0.0; npwrs];
    let mut onem2gpower = vec![0.0; npwrs];
    gpower[0] = 1.0;
    twogpower[0] = 1.0;
    onem2gpower[0] = 1.0;
    let mut expnt: i32 = 0;
    let (g_over_n, two_g_over_n, one_minus_two_g_over_n) =
        (g / nf, 2.0 * g / nf, (1.0 - 2.0 * g) / nf);
    for m in 1..npwrs {
        let mf = m as f64;
        gpower[m] = gpower[m - 1] * g_over_n / mf;
        twogpower[m] = twogpower[m - 1] * two_g_over_n / mf;
        onem2gpower[m] = onem2gpower[m - 1] * one_minus_two_g_over_n / mf;
    }

    let mut v0 = vec![0.0; npwrs];
    let mut v1 = vec![0.0; npwrs];
    v1[0] = 1.0;
    let (mut v0s, mut v1s): (i64, i64) = (0, 0);

    let (mut j1, _) = pomeranz_j1j2(0, ni, ll, ceilf, roundf);
    for i in 1..(2 * ni + 2) {
        let k1 = j1;
        std::mem::swap(&mut v0, &mut v1);
        std::mem::swap(&mut v0s, &mut v1s);
        v1.iter_mut().for_each(|e| *e = 0.0);
        let j2;
        (j1, j2) = pomeranz_j1j2(i, ni, ll, ceilf, roundf);
        let pwrs = if i == 1 || i == 2 * ni + 1 {
            &gpower
        } else if i % 2 == 1 {
            &twogpower
        } else {
            &onem2gpower
        };
        let ln2 = j2 - k1 + 1;
        if ln2 > 0 {
            let start = (k1 - v0s).max(0) as usize;
            let end = ((k1 - v0s + ln2).max(0) as usize).min(npwrs);
            let a = if start < end {
                &v0[start..end]
            } else {
                &v0[0..0]
            };
            let b = &pwrs[..(ln2 as usize).min(npwrs)];
            // Full convolution (np.convolve).
            let conv_len_full = (a.len() + b.len()).saturating_sub(1);
            let mut conv = vec![0.0; conv_len_full];
            for (ia, &va) in a.iter().enumerate() {
                if va == 0.0 {
                    continue;
                }
                for (ib, &vb) in b.iter().enumerate() {
                    conv[ia + ib] += va * vb;
                }
            }
            let conv_start = (j1 - k1).max(0) as usize;
            let conv_len = (j2 - j1 + 1).max(0) as usize;
            for (idx, slot) in v1.iter_mut().enumerate().take(conv_len) {
                *slot = conv.get(conv_start + idx).copied().unwrap_or(0.0);
            }
            let maxv = v1.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            if 0.0 < maxv && maxv < EM128 {
                v1.iter_mut().for_each(|e| *e *= EP128);
                expnt -= E128;
            }
            v1s = v0s + j1 - k1;
        }
    }
    let idx = ni - v1s;
    let mut ans = if idx >= 0 {
        v1.get(idx as usize).copied().unwrap_or(f64::NAN)
    } else {
        f64::NAN
    };
    for m in 1..=n {
        if ans.abs() > EP128 {
            ans *= EM128;
            expnt += E128;
        }
        ans *= m as f64;
    }
    if expnt != 0 {
        ans = dd::ldexp(ans, expnt);
    }
    clip_prob(ans)
}

#[cfg(test)]
mod tests {
    use super::super::durbin::kolmogn_dmtw;
    use super::*;

    #[test]
    fn durbin_matrix_and_pomeranz_agree_where_both_are_exact() {
        for n in [5u64, 10, 37, 100, 140] {
            for &x in &[0.08, 0.1, 0.15, 0.2, 0.3] {
                let t = n as f64 * x;
                if t <= 1.0 {
                    continue;
                }
                let a = kolmogn_dmtw(n, x);
                let b = kolmogn_pomeranz(n, x);
                assert!((a - b).abs() < 1e-12, "n={n} x={x}: {a} vs {b}");
            }
        }
    }
}
