//! The Pelz–Good asymptotic approximation to `P(D_n ≤ x)` (scipy `_kolmogn_PelzGood`), used for
//! large n.

const SQRT2PI: f64 = 2.506_628_274_631_000_2;
const MIN_LOG: f64 = -708.0;
const SQRT3: f64 = 1.732_050_807_568_877_2;
const PI_SQUARED: f64 = std::f64::consts::PI * std::f64::consts::PI;
const PI_FOUR: f64 = PI_SQUARED * PI_SQUARED;
const PI_SIX: f64 = PI_FOUR * PI_SQUARED;

/// Pelz–Good approximation to `P(D_n ≤ x)` (scipy `_kolmogn_PelzGood`).
pub(super) fn kolmogn_pelz_good(n: f64, x: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    if x >= 1.0 {
        return 1.0;
    }
    let z = n.sqrt() * x;
    let (zsquared, zthree, zfour, zsix) = (z * z, z.powi(3), z.powi(4), z.powi(6));
    let qlog = -PI_SQUARED / 8.0 / zsquared;
    if qlog < MIN_LOG {
        return 0.0;
    }
    let q = qlog.exp();

    let k1a = -zsquared;
    let k1b = PI_SQUARED / 4.0;
    let k2a = 6.0 * zsix + 2.0 * zfour;
    let k2b = (2.0 * zfour - 5.0 * zsquared) * PI_SQUARED / 4.0;
    let k2c = PI_FOUR * (1.0 - 2.0 * zsquared) / 16.0;
    let k3d = PI_SIX * (5.0 - 30.0 * zsquared) / 64.0;
    let k3c = PI_FOUR * (-60.0 * zsquared + 212.0 * zfour) / 16.0;
    let k3b = PI_SQUARED * (135.0 * zfour - 96.0 * zsix) / 4.0;
    let k3a = -30.0 * zsix - 90.0 * z.powi(8);

    let mut k0to3 = [0.0f64; 4];
    let maxk = (16.0 * z / std::f64::consts::PI).ceil() as i64;
    for k in (1..=maxk).rev() {
        let m = (2 * k - 1) as f64;
        let (msquared, mfour, msix) = (m * m, m.powi(4), m.powi(6));
        let qpower = q.powf((8 * k) as f64);
        let coeffs = [
            1.0,
            k1a + k1b * msquared,
            k2a + k2b * msquared + k2c * mfour,
            k3a + k3b * msquared + k3c * mfour + k3d * msix,
        ];
        for (acc, c) in k0to3.iter_mut().zip(coeffs) {
            *acc *= qpower;
            *acc += c;
        }
    }
    let denoms = [z, 6.0 * zfour, 72.0 * z.powi(7), 6480.0 * z.powi(10)];
    for (acc, d) in k0to3.iter_mut().zip(denoms) {
        *acc *= q;
        *acc *= SQRT2PI;
        *acc /= d;
    }

    let q2 = (-PI_SQUARED / 2.0 / zsquared).exp();
    let sqrt3z = SQRT3 * z;
    let mut k2extra = 0.0;
    let mut k3extra = 0.0;
    for k in (1..=maxk).rev() {
        let kf = k as f64;
        let ksq = kf * kf;
        let qp = q2.powf(ksq);
        k2extra += ksq * qp;
        let kspi = std::f64::consts::PI * kf;
        k3extra += (sqrt3z + kspi) * (sqrt3z - kspi) * ksq * qp;
    }
    k2extra *= PI_SQUARED * SQRT2PI / (-36.0 * zthree);
    k0to3[2] += k2extra;
    k3extra *= PI_SQUARED * SQRT2PI / (216.0 * zsix);
    k0to3[3] += k3extra;
    for (i, acc) in k0to3.iter_mut().enumerate() {
        *acc /= n.powf(i as f64 / 2.0);
    }
    k0to3.iter().fold(0.0, |s, v| s + v)
}

#[cfg(test)]
mod tests {
    use super::super::durbin::kolmogn_dmtw;
    use super::*;

    #[test]
    fn pelz_good_is_close_to_the_exact_durbin_value() {
        // Pelz–Good is an asymptotic approximation; at n = 2000 it agrees with the exact Durbin
        // matrix value to ~1e-6 over the region where scipy switches between them.
        for &x in &[0.01, 0.02, 0.03] {
            let n = 2000u64;
            let exact = kolmogn_dmtw(n, x);
            let approx = kolmogn_pelz_good(n as f64, x);
            assert!((exact - approx).abs() < 1e-5, "x={x}: {exact} vs {approx}");
        }
    }
}
