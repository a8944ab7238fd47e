//! k-sample Anderson–Darling test (midrank version) for two samples.

use super::DriftError;
use crate::stats::ranks::{tie_groups, CompensatedSum};

/// Significance levels of the Scholz–Stephens critical-value table.
pub const SIGNIFICANCE_LEVELS: [f64; 7] = [0.25, 0.1, 0.05, 0.025, 0.01, 0.005, 0.001];

/// Whether the tabulated p-value hit an end of the table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PBound {
    /// The statistic is below the 25 % critical value: p reported as 0.25 (true p is larger).
    Capped,
    /// The statistic is above the 0.1 % critical value: p reported as 0.001 (true p is smaller).
    Floored,
}

/// Result of [`anderson_ksamp`].
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct AndersonResult {
    /// Normalised k-sample statistic `(A²ₐₖₙ − (k − 1)) / σ` (can be negative).
    pub statistic: f64,
    /// p-value interpolated from the table, in `[0.001, 0.25]`.
    pub p_value: f64,
    /// Critical values for [`SIGNIFICANCE_LEVELS`] (k = 2).
    pub critical_values: [f64; 7],
    /// `Some` when p was capped at 0.25 or floored at 0.001.
    pub bound: Option<PBound>,
}

/// Critical values of the normalised statistic for k = 2 samples (m = k − 1 = 1), from the
/// interpolation coefficients of Scholz & Stephens (1987), Table 2, as scipy computes them.
pub fn critical_values() -> [f64; 7] {
    const B0: [f64; 7] = [0.675, 1.281, 1.645, 1.96, 2.326, 2.573, 3.085];
    const B1: [f64; 7] = [-0.245, 0.25, 0.678, 1.149, 1.822, 2.364, 3.615];
    const B2: [f64; 7] = [-0.105, -0.305, -0.362, -0.391, -0.396, -0.345, -0.154];
    let m = 1.0f64;
    let mut c = [0.0; 7];
    for (i, ci) in c.iter_mut().enumerate() {
        *ci = B0[i] + B1[i] / m.sqrt() + B2[i] / m;
    }
    c
}

/// Least-squares quadratic `a·x² + b·x + c` through the points (`numpy.polyfit(x, y, 2)`),
/// by Householder QR of the Vandermonde matrix.
fn polyfit2(x: &[f64; 7], y: &[f64; 7]) -> [f64; 3] {
    // Columns x², x, 1 (numpy's order); A is 7×3, stored column-major.
    let mut a = [[0.0f64; 7]; 3];
    for i in 0..7 {
        a[0][i] = x[i] * x[i];
        a[1][i] = x[i];
        a[2][i] = 1.0;
    }
    let mut b = *y;
    let mut diag = [0.0f64; 3];
    for k in 0..3 {
        let norm = a[k][k..].iter().map(|v| v * v).sum::<f64>().sqrt();
        let alpha = if a[k][k] > 0.0 { -norm } else { norm };
        // v = a_k[k..] − alpha·e₁
        let mut v = [0.0f64; 7];
        v[k..].copy_from_slice(&a[k][k..]);
        v[k] -= alpha;
        let vv: f64 = v[k..].iter().map(|t| t * t).sum();
        if vv > 0.0 {
            for col in a.iter_mut().skip(k) {
                let dot: f64 = (k..7).map(|i| v[i] * col[i]).sum();
                let f = 2.0 * dot / vv;
                for i in k..7 {
                    col[i] -= f * v[i];
                }
            }
            let dot: f64 = (k..7).map(|i| v[i] * b[i]).sum();
            let f = 2.0 * dot / vv;
            for i in k..7 {
                b[i] -= f * v[i];
            }
        }
        diag[k] = a[k][k];
    }
    // Back substitution R·c = Qᵀb (first 3 rows).
    let mut c = [0.0f64; 3];
    for k in (0..3).rev() {
        let mut s = b[k];
        for j in k + 1..3 {
            s -= a[j][k] * c[j];
        }
        c[k] = s / diag[k];
    }
    c
}

/// Two-sample Anderson–Darling test, midrank version, as
/// `scipy.stats.anderson_ksamp([x, y], variant='midrank')` (the legacy `midrank=True`).
///
/// # Formula
/// Over the distinct pooled values z*ⱼ (ℓⱼ = multiplicity, N = n₁ + n₂):
/// ```text
/// Bⱼ  = #{pooled < z*ⱼ} + ℓⱼ/2,      Mᵢⱼ = #{sample i ≤ z*ⱼ} − fᵢⱼ/2   (fᵢⱼ = ties in sample i)
/// A²  = (N − 1)/N · Σᵢ 1/nᵢ · Σⱼ (ℓⱼ/N) · (N·Mᵢⱼ − Bⱼ·nᵢ)² / (Bⱼ(N − Bⱼ) − N·ℓⱼ/4)
/// σ²  = (aN³ + bN² + cN + d) / ((N − 1)(N − 2)(N − 3))      (Scholz & Stephens eq. 4, k = 2)
/// statistic = (A² − 1) / σ
/// ```
/// p-value: `exp(q(statistic))` with q the least-squares quadratic through
/// `(critical valueₗ, ln levelₗ)` of the 7 tabulated levels (0.25 … 0.001), capped at 0.25
/// below the first critical value and floored at 0.001 above the last one.
///
/// # Remarks
/// - The table only covers p ∈ [0.001, 0.25]: a capped/floored p is reported in
///   [`AndersonResult::bound`] (scipy warns). For drift (p < 0.05) this is harmless: the
///   verdict never depends on where inside the capped regions p lies.
/// - One O(N) merge of the sorted samples; the harmonic sums h and g are accumulated in O(N).
///
/// # Errors
/// [`DriftError::NotComputable`] when a sample is empty, all pooled values are equal (scipy
/// raises "needs more than one distinct observation"), or N < 4 (σ² is undefined).
///
/// # References
/// Scholz, F. W. & Stephens, M. A. (1987), "K-sample Anderson–Darling tests", *JASA* 82(399),
/// 918–924, <https://doi.org/10.1080/01621459.1987.10478517>; `scipy.stats.anderson_ksamp`.
pub fn anderson_ksamp(x_sorted: &[f64], y_sorted: &[f64]) -> Result<AndersonResult, DriftError> {
    let (n1, n2) = (x_sorted.len(), y_sorted.len());
    if n1 == 0 || n2 == 0 {
        return Err(DriftError::NotComputable(
            "Anderson–Darling test needs at least one value on each side".into(),
        ));
    }
    let big_n = n1 + n2;
    let distinct_ok = tie_groups(x_sorted, y_sorted).nth(1).is_some();
    if !distinct_ok {
        return Err(DriftError::NotComputable(
            "Anderson–Darling test needs more than one distinct value (all values are equal)"
                .into(),
        ));
    }
    if big_n < 4 {
        return Err(DriftError::NotComputable(format!(
            "Anderson–Darling test needs at least 4 values in total (has {big_n})"
        )));
    }
    let nf = big_n as f64;
    let (n1f, n2f) = (n1 as f64, n2 as f64);
    let (mut sx, mut sy) = (CompensatedSum::new(), CompensatedSum::new());
    for g in tie_groups(x_sorted, y_sorted) {
        let lj = g.len() as f64;
        let bj = g.below as f64 + lj / 2.0;
        let denom = bj * (nf - bj) - nf * lj / 4.0;
        let m_x = (g.x_below + g.nx) as f64 - g.nx as f64 / 2.0;
        let m_y = (g.y_below + g.ny) as f64 - g.ny as f64 / 2.0;
        let dx = nf * m_x - bj * n1f;
        let dy = nf * m_y - bj * n2f;
        sx.add(lj / nf * (dx * dx) / denom);
        sy.add(lj / nf * (dy * dy) / denom);
    }
    let mut a2kn = 0.0;
    a2kn += sx.value() / n1f;
    a2kn += sy.value() / n2f;
    a2kn *= (nf - 1.0) / nf;

    // H = Σ 1/nᵢ; hs_cs = cumsum(1/(N−1), 1/(N−2), …, 1/2); h = hs_cs[−1] + 1;
    // g = Σ hs_cs[t] / (t + 2).
    let big_h = 1.0 / n1f + 1.0 / n2f;
    let mut hs = 0.0f64;
    let mut g_sum = CompensatedSum::new();
    for t in 0..big_n - 2 {
        hs += 1.0 / (big_n - 1 - t) as f64;
        g_sum.add(hs / (t + 2) as f64);
    }
    let h = hs + 1.0;
    let g = g_sum.value();
    let k = 2.0f64;
    let a = (4.0 * g - 6.0) * (k - 1.0) + (10.0 - 6.0 * g) * big_h;
    let b = (2.0 * g - 4.0) * k * k + 8.0 * h * k + (2.0 * g - 14.0 * h - 4.0) * big_h - 8.0 * h
        + 4.0 * g
        - 6.0;
    let c = (6.0 * h + 2.0 * g - 2.0) * k * k
        + (4.0 * h - 4.0 * g + 6.0) * k
        + (2.0 * h - 6.0) * big_h
        + 4.0 * h;
    let d = (2.0 * h + 6.0) * k * k - 4.0 * h * k;
    let sigmasq =
        (a * nf.powi(3) + b * nf.powi(2) + c * nf + d) / ((nf - 1.0) * (nf - 2.0) * (nf - 3.0));
    if !(sigmasq > 0.0 && sigmasq.is_finite()) {
        return Err(DriftError::NotComputable(
            "Anderson–Darling test: the variance of the statistic is not positive".into(),
        ));
    }
    let statistic = (a2kn - 1.0) / sigmasq.sqrt();

    let critical = critical_values();
    let (lo, hi) = (critical[0], critical[6]);
    let (p_value, bound) = if statistic < lo {
        (0.25, Some(PBound::Capped))
    } else if statistic > hi {
        (0.001, Some(PBound::Floored))
    } else {
        // numpy.polyval (Horner) of numpy.polyfit(critical, log(levels), 2).
        let q = polyfit2(&critical, &SIGNIFICANCE_LEVELS.map(f64::ln));
        let p = ((q[0] * statistic + q[1]) * statistic + q[2])
            .exp()
            .clamp(0.0, 1.0);
        (p, None)
    };
    Ok(AndersonResult {
        statistic,
        p_value,
        critical_values: critical,
        bound,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(x: &[f64], y: &[f64]) -> AndersonResult {
        anderson_ksamp(x, y).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    #[allow(clippy::approx_constant)] // 2.718 is a tabulated critical value, not e
    fn critical_values_are_scipys() {
        // scipy: b0 + b1/sqrt(1) + b2/1
        assert_eq!(
            critical_values(),
            [
                0.32500000000000007,
                1.226,
                1.9609999999999999,
                2.718,
                3.752,
                4.592,
                6.546
            ]
        );
    }

    #[test]
    fn polyfit_matches_numpy() {
        // np.polyfit(critical, np.log(sig), 2) = [0.01819809457411147, -1.0082265644652515, -1.077770279820484]
        let q = polyfit2(&critical_values(), &SIGNIFICANCE_LEVELS.map(f64::ln));
        let expected = [0.01819809457411147, -1.0082265644652515, -1.077770279820484];
        for (a, e) in q.iter().zip(expected) {
            assert!((a / e - 1.0).abs() < 1e-12, "{q:?}");
        }
    }

    #[test]
    fn matches_scipy() {
        // scipy.stats.anderson_ksamp([[1,2,3,4,5,6], [3.5,7,8,9,10]]) → (2.939352214217545, 0.02056683354396406)
        let r = run(&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0], &[3.5, 7.0, 8.0, 9.0, 10.0]);
        assert!(
            (r.statistic / 2.939352214217545 - 1.0).abs() < 1e-12,
            "{}",
            r.statistic
        );
        assert!(
            (r.p_value / 0.02056683354396406 - 1.0).abs() < 1e-9,
            "{}",
            r.p_value
        );
        assert_eq!(r.bound, None);
        // With ties: [[1,2,2,3,3,3,4], [2,3,4,4,5,5]] → (2.228822430465663, 0.039378846110230493)
        let r = run(
            &[1.0, 2.0, 2.0, 3.0, 3.0, 3.0, 4.0],
            &[2.0, 3.0, 4.0, 4.0, 5.0, 5.0],
        );
        assert!(
            (r.statistic / 2.228822430465663 - 1.0).abs() < 1e-12,
            "{}",
            r.statistic
        );
        assert!(
            (r.p_value / 0.039378846110230493 - 1.0).abs() < 1e-9,
            "{}",
            r.p_value
        );
        // Smallest size: [[1,2],[3,4]] → (1.5427784316797186, 0.07502559142197461)
        let r = run(&[1.0, 2.0], &[3.0, 4.0]);
        assert!(
            (r.statistic / 1.5427784316797186 - 1.0).abs() < 1e-12,
            "{}",
            r.statistic
        );
        assert!(
            (r.p_value / 0.07502559142197461 - 1.0).abs() < 1e-9,
            "{}",
            r.p_value
        );
    }

    #[test]
    fn capped_floored_and_not_computable() {
        let x: Vec<f64> = (0..50).map(f64::from).collect();
        let r = run(&x, &x);
        assert_eq!((r.p_value, r.bound), (0.25, Some(PBound::Capped)));
        let y: Vec<f64> = (0..50).map(|v| f64::from(v) + 100.0).collect();
        let r = run(&x, &y);
        assert_eq!((r.p_value, r.bound), (0.001, Some(PBound::Floored)));
        assert!(matches!(
            anderson_ksamp(&[3.0; 4], &[3.0; 2]),
            Err(DriftError::NotComputable(_))
        ));
        assert!(matches!(
            anderson_ksamp(&[1.0], &[2.0, 3.0]),
            Err(DriftError::NotComputable(_))
        ));
        assert!(matches!(
            anderson_ksamp(&[], &[2.0, 3.0]),
            Err(DriftError::NotComputable(_))
        ));
    }
}
