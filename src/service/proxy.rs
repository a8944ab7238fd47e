//! Proxy metrics (SPEC §7, issue 12 item 4): a column the user marks `proxy` (dwell time, scroll
//! depth, thumbs-up, regenerated, clicked) summarised per file with a 95 % interval, traced per
//! chunk, and correlated with the model metric per chunk where labels exist, so a user sees
//! whether the proxy tracks performance while the labels are late.
//!
//! Pure: plain slices in, serde structs out.

use serde::{Deserialize, Serialize};

use super::{classify_feedback, wilson_interval, FeedbackClass, Z_95};
use crate::num::Num;

/// How a proxy is summarised.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProxyKind {
    /// A number per row (dwell time, scroll depth): the mean.
    Mean,
    /// A yes/no per row (clicked, regenerated, thumbs up): the share of yes.
    Rate,
}

/// A proxy over one file (or one chunk).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProxySide {
    /// Rows with a value.
    pub n: u64,
    /// Mean (or rate).
    pub value: Num,
    /// Lower end of the 95 % interval.
    pub ci_low: Num,
    /// Upper end of the 95 % interval.
    pub ci_high: Num,
}

/// A proxy's per-row reading: `(kind, value per row)` — numbers as they are; yes/no values
/// (`1`/`0`, `true`/`false`, `yes`/`no`, `up`/`down`, … as [`classify_feedback`] reads them) as
/// 1 and 0. A column whose values are neither numbers nor (for at least 90 % of its non-missing
/// values) yes/no has no reading (`None`).
///
/// `numbers`: the numeric reading (`NaN` = missing or not a number); `labels`: the texts.
pub fn proxy_values(
    numbers: Option<&[f64]>,
    labels: &[Option<&str>],
) -> Option<(ProxyKind, Vec<Option<f64>>)> {
    let yes_no: Vec<Option<f64>> = labels
        .iter()
        .map(|v| {
            v.and_then(|s| match classify_feedback(s) {
                FeedbackClass::Positive => Some(1.0),
                FeedbackClass::Negative => Some(0.0),
                FeedbackClass::Unrecognised => None,
            })
        })
        .collect();
    let present = labels.iter().filter(|v| v.is_some()).count();
    let read = yes_no.iter().filter(|v| v.is_some()).count();
    let binary_numbers =
        numbers.is_some_and(|v| v.iter().all(|x| x.is_nan() || *x == 0.0 || *x == 1.0));
    if present > 0 && (read as f64 >= 0.9 * present as f64) && (numbers.is_none() || binary_numbers)
    {
        return Some((ProxyKind::Rate, yes_no));
    }
    let v = numbers?;
    Some((
        ProxyKind::Mean,
        v.iter().map(|x| x.is_finite().then_some(*x)).collect(),
    ))
}

/// Mean (or rate) with its 95 % interval over the rows `idx` (all rows when `None`).
///
/// # Formula
/// ```text
/// Mean:  x̄ ± 1.959963984540054 · s/√n      (s: sample standard deviation, n − 1)
/// Rate:  k/n with the 95 % Wilson score interval (see `wilson_interval`)
/// ```
/// NaN bounds when n < 2 (mean) or n = 0.
pub fn proxy_side(kind: ProxyKind, values: &[Option<f64>], idx: Option<&[usize]>) -> ProxySide {
    let picked: Vec<f64> = match idx {
        Some(ix) => ix
            .iter()
            .filter_map(|&i| values.get(i).copied().flatten())
            .collect(),
        None => values.iter().flatten().copied().collect(),
    };
    let n = picked.len();
    if n == 0 {
        return ProxySide {
            n: 0,
            value: Num(f64::NAN),
            ci_low: Num(f64::NAN),
            ci_high: Num(f64::NAN),
        };
    }
    match kind {
        ProxyKind::Rate => {
            let k = picked.iter().filter(|&&x| x == 1.0).count() as u64;
            let (lo, hi) = wilson_interval(k, n as u64);
            ProxySide {
                n: n as u64,
                value: Num(k as f64 / n as f64),
                ci_low: Num(lo),
                ci_high: Num(hi),
            }
        }
        ProxyKind::Mean => {
            let mean = crate::stats::mean(&picked);
            let half = if n >= 2 {
                let var = picked.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1) as f64;
                Z_95 * (var / n as f64).sqrt()
            } else {
                f64::NAN
            };
            ProxySide {
                n: n as u64,
                value: Num(mean),
                ci_low: Num(mean - half),
                ci_high: Num(mean + half),
            }
        }
    }
}

/// The test of a proxy's change between the files: `(test id, p-value)`.
///
/// # Formula
/// ```text
/// Rate:  pooled two-proportion z-test                        ("two_proportion_z", see `compare_proportions`)
/// Mean:  Welch's t = (x̄_p − x̄_r) / sqrt(s_p²/n_p + s_r²/n_r),
///        ν = (s_p²/n_p + s_r²/n_r)² / ((s_p²/n_p)²/(n_p − 1) + (s_r²/n_r)²/(n_r − 1)),
///        p = 2·P(T_ν > |t|)                                   ("welch_t")
/// ```
/// NaN when a side has fewer than 2 values (or no variance on either side).
///
/// # References
/// `scipy.stats.ttest_ind(p, r, equal_var=False)`; `statsmodels.stats.proportion.proportions_ztest`.
pub fn change_test(
    kind: ProxyKind,
    reference: &[Option<f64>],
    production: &[Option<f64>],
) -> (&'static str, f64) {
    let r: Vec<f64> = reference.iter().flatten().copied().collect();
    let p: Vec<f64> = production.iter().flatten().copied().collect();
    match kind {
        ProxyKind::Rate => {
            let k = |v: &[f64]| v.iter().filter(|&&x| x == 1.0).count() as u64;
            let t = super::compare_proportions(k(&p), p.len() as u64, k(&r), r.len() as u64);
            ("two_proportion_z", t.map_or(f64::NAN, |t| t.p_value.0))
        }
        ProxyKind::Mean => {
            let stats = |v: &[f64]| {
                let n = v.len() as f64;
                let m = v.iter().sum::<f64>() / n;
                (
                    n,
                    m,
                    v.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (n - 1.0),
                )
            };
            if r.len() < 2 || p.len() < 2 {
                return ("welch_t", f64::NAN);
            }
            let ((nr, mr, vr), (np, mp, vp)) = (stats(&r), stats(&p));
            let (ar, ap) = (vr / nr, vp / np);
            if ar + ap <= 0.0 {
                return ("welch_t", f64::NAN);
            }
            let t = (mp - mr) / (ar + ap).sqrt();
            let df = (ar + ap).powi(2) / (ar * ar / (nr - 1.0) + ap * ap / (np - 1.0));
            (
                "welch_t",
                crate::stats::special::students_t_two_sided_p(t, df),
            )
        }
    }
}

/// Pearson's correlation of the pairs with both values finite; `None` below 3 pairs or when
/// either side is constant.
///
/// # Formula
/// ```text
/// r = Σ(x − x̄)(y − ȳ) / sqrt( Σ(x − x̄)² · Σ(y − ȳ)² )
/// ```
///
/// # References
/// `scipy.stats.pearsonr(x, y).statistic`.
pub fn pearson(pairs: &[(f64, f64)]) -> Option<f64> {
    let p: Vec<(f64, f64)> = pairs
        .iter()
        .copied()
        .filter(|(x, y)| x.is_finite() && y.is_finite())
        .collect();
    if p.len() < 3 {
        return None;
    }
    let n = p.len() as f64;
    let (mx, my) = (
        p.iter().map(|q| q.0).sum::<f64>() / n,
        p.iter().map(|q| q.1).sum::<f64>() / n,
    );
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (x, y) in &p {
        sxy += (x - mx) * (y - my);
        sxx += (x - mx).powi(2);
        syy += (y - my).powi(2);
    }
    (sxx > 0.0 && syy > 0.0).then(|| (sxy / (sxx * syy).sqrt()).clamp(-1.0, 1.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readings_sides_and_correlation() {
        let labels = [Some("yes"), Some("no"), None, Some("YES"), Some("true")];
        let (k, v) = proxy_values(None, &labels).unwrap();
        assert_eq!(k, ProxyKind::Rate);
        assert_eq!(v, [Some(1.0), Some(0.0), None, Some(1.0), Some(1.0)]);
        let s = proxy_side(k, &v, None);
        assert_eq!((s.n, s.value), (4, Num(0.75)));
        let (lo, hi) = wilson_interval(3, 4);
        assert_eq!((s.ci_low, s.ci_high), (Num(lo), Num(hi)));
        // Numbers: the mean with a normal interval.
        let nums = [10.0, 20.0, f64::NAN, 30.0];
        let texts = [Some("10"), Some("20"), None, Some("30")];
        let (k, v) = proxy_values(Some(&nums), &texts).unwrap();
        assert_eq!(k, ProxyKind::Mean);
        let s = proxy_side(k, &v, Some(&[0, 1, 2, 3]));
        assert_eq!(s.value, Num(20.0));
        assert!((s.ci_high.0 - (20.0 + Z_95 * (100.0f64 / 3.0).sqrt())).abs() < 1e-12);
        // 0/1 numbers are a rate.
        let nums = [0.0, 1.0, 1.0];
        let texts = [Some("0"), Some("1"), Some("1")];
        assert_eq!(
            proxy_values(Some(&nums), &texts).unwrap().0,
            ProxyKind::Rate
        );
        // scipy 1.14.1: pearsonr([1, 2, 3, 4], [2, 4, 5, 9]).statistic = 0.9647638212377322
        let r = pearson(&[(1.0, 2.0), (2.0, 4.0), (3.0, 5.0), (4.0, 9.0)]).unwrap();
        assert!((r - 0.964_763_821_237_732_2).abs() < 1e-12, "{r}");
        assert_eq!(pearson(&[(1.0, 1.0), (2.0, 1.0), (3.0, 1.0)]), None);
        assert_eq!(pearson(&[(1.0, 1.0), (2.0, 2.0)]), None);
        // scipy 1.14.1: ttest_ind([2, 4, 7, 9, 12], [1, 2, 3, 4], equal_var=False).pvalue
        //   = 0.0713822983345088
        let w = |v: &[f64]| v.iter().map(|&x| Some(x)).collect::<Vec<_>>();
        let (id, p) = change_test(
            ProxyKind::Mean,
            &w(&[1.0, 2.0, 3.0, 4.0]),
            &w(&[2.0, 4.0, 7.0, 9.0, 12.0]),
        );
        assert_eq!(id, "welch_t");
        assert!((p / 0.071_382_298_334_508_8 - 1.0).abs() < 1e-9, "{p}");
        let (id, p) = change_test(
            ProxyKind::Rate,
            &w(&[1.0, 0.0, 0.0, 0.0]),
            &w(&[1.0, 1.0, 1.0, 0.0]),
        );
        assert_eq!(id, "two_proportion_z");
        let t = super::super::compare_proportions(3, 4, 1, 4).unwrap();
        assert_eq!(p, t.p_value.0);
    }
}
