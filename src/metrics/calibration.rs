//! Probabilistic quality: log loss, Brier score, the reliability curve and the expected
//! calibration error (ECE).
//!
//! Probabilities must lie in [0, 1] (scikit-learn raises otherwise; here the metric is "not
//! computable" with [`MetricError::NotAProbability`]). Means are numpy's pairwise sums divided by
//! n, so results agree with sklearn to the last few ulps.
//!
//! # References
//! scikit-learn 1.9 `log_loss`, `brier_score_loss`, `calibration_curve(strategy='uniform')`;
//! Brier, G. W. (1950), "Verification of forecasts expressed in terms of probability",
//! *Monthly Weather Review* 78(1), 1–3,
//! <https://doi.org/10.1175/1520-0493(1950)078%3C0001:VOFEIT%3E2.0.CO;2>; Naeini, M. P., Cooper,
//! G. & Hauskrecht, M. (2015), "Obtaining well calibrated probabilities using Bayesian
//! binning", AAAI, <https://doi.org/10.1609/aaai.v29i1.9602> (ECE).

use serde::{Deserialize, Serialize};

use super::{check_len, MetricError};
use crate::num::Num;
use crate::stats::mean;

/// Clipping constant of the log loss: the float64 machine epsilon 2.220446049250313e-16
/// (`np.finfo(np.float64).eps`, what sklearn ≥ 1.5 uses).
pub const EPS: f64 = f64::EPSILON;

/// Number of equal-width bins of the reliability curve (SPEC §4).
pub const RELIABILITY_BINS: usize = 10;

fn check_probabilities(what: &'static str, p: &[f64]) -> Result<(), MetricError> {
    for (row, &v) in p.iter().enumerate() {
        if v.is_nan() {
            return Err(MetricError::NotFinite { what, row });
        }
        if !(0.0..=1.0).contains(&v) {
            return Err(MetricError::NotAProbability {
                what,
                row,
                value: v,
            });
        }
    }
    Ok(())
}

fn check_multiclass(y_true: &[usize], proba: &[&[f64]]) -> Result<(), MetricError> {
    if y_true.is_empty() {
        return Err(MetricError::Empty);
    }
    for c in proba {
        check_len("class probability column", y_true.len(), c.len())?;
        check_probabilities("class probability", c)?;
    }
    if let Some(row) = y_true.iter().position(|&y| y >= proba.len()) {
        return Err(MetricError::LabelOutOfRange {
            code: y_true[row],
            row,
            k: proba.len(),
        });
    }
    Ok(())
}

/// Binary log loss of positive-class probabilities `p`.
///
/// # Formula
/// ```text
/// L = −(1/n) Σᵢ [ yᵢ·ln(clip(pᵢ)) + (1 − yᵢ)·ln(clip(1 − pᵢ)) ],   clip(v) = min(max(v, ε), 1 − ε)
/// ```
/// where ε = 2.220446049250313e-16 ([`EPS`]); `1 − p` is formed before clipping, as sklearn
/// stacks `[1 − p, p]` and then clips.
///
/// # Remarks
/// A confident wrong prediction (p = 0 for a positive) costs −ln ε ≈ 36.04, not ∞.
///
/// # Errors
/// [`MetricError::Empty`], [`MetricError::LengthMismatch`], [`MetricError::NotFinite`],
/// [`MetricError::NotAProbability`].
///
/// # References
/// `sklearn.metrics.log_loss(y, p, labels=[neg, pos])`; Bishop (2006), *Pattern Recognition and
/// Machine Learning*, p. 209.
pub fn log_loss_binary(y_true: &[bool], p: &[f64]) -> Result<f64, MetricError> {
    check_len("score", y_true.len(), p.len())?;
    if y_true.is_empty() {
        return Err(MetricError::Empty);
    }
    check_probabilities("score", p)?;
    let clip = |v: f64| v.clamp(EPS, 1.0 - EPS);
    let terms: Vec<f64> = y_true
        .iter()
        .zip(p)
        .map(|(&y, &p)| {
            if y {
                -clip(p).ln()
            } else {
                -clip(1.0 - p).ln()
            }
        })
        .collect();
    Ok(mean(&terms))
}

/// Multiclass log loss of class probabilities `proba[c][i]` for true codes `y_true[i]`.
///
/// # Formula
/// ```text
/// L = −(1/n) Σᵢ ln(clip(P_{i, yᵢ}))
/// ```
///
/// # Remarks
/// Rows are **not** renormalised (sklearn ≥ 1.5 only warns when they do not sum to 1).
///
/// # Errors
/// As [`log_loss_binary`], plus [`MetricError::LabelOutOfRange`].
///
/// # References
/// `sklearn.metrics.log_loss(y, P, labels=labels)`.
pub fn log_loss_multiclass(y_true: &[usize], proba: &[&[f64]]) -> Result<f64, MetricError> {
    check_multiclass(y_true, proba)?;
    let terms: Vec<f64> = y_true
        .iter()
        .enumerate()
        .map(|(i, &y)| -proba[y][i].clamp(EPS, 1.0 - EPS).ln())
        .collect();
    Ok(mean(&terms))
}

/// Binary Brier score: mean squared difference of the positive-class probability and the
/// outcome.
///
/// # Formula
/// ```text
/// BS = (1/n) Σᵢ (pᵢ − yᵢ)²        ∈ [0, 1]
/// ```
///
/// # Errors
/// As [`log_loss_binary`].
///
/// # References
/// `sklearn.metrics.brier_score_loss(y, p, pos_label=pos)` (its `scale_by_half='auto'` halves
/// the two-column form for binary, which gives this); Brier (1950).
pub fn brier_binary(y_true: &[bool], p: &[f64]) -> Result<f64, MetricError> {
    check_len("score", y_true.len(), p.len())?;
    if y_true.is_empty() {
        return Err(MetricError::Empty);
    }
    check_probabilities("score", p)?;
    let terms: Vec<f64> = y_true
        .iter()
        .zip(p)
        .map(|(&y, &p)| {
            let d = p - f64::from(u8::from(y));
            d * d
        })
        .collect();
    Ok(mean(&terms))
}

/// Multiclass Brier score (Brier's original, **not** halved).
///
/// # Formula
/// ```text
/// BS = (1/n) Σᵢ Σ_c (P_{i,c} − [yᵢ = c])²        ∈ [0, 2]
/// ```
///
/// # Errors
/// As [`log_loss_multiclass`].
///
/// # References
/// `sklearn.metrics.brier_score_loss(y, P, labels=labels)` (multiclass since 1.7); Brier (1950).
pub fn brier_multiclass(y_true: &[usize], proba: &[&[f64]]) -> Result<f64, MetricError> {
    check_multiclass(y_true, proba)?;
    let terms: Vec<f64> = y_true
        .iter()
        .enumerate()
        .map(|(i, &y)| {
            let mut s = 0.0;
            for (c, col) in proba.iter().enumerate() {
                let d = col[i] - if c == y { 1.0 } else { 0.0 };
                s += d * d;
            }
            s
        })
        .collect();
    Ok(mean(&terms))
}

/// One bin of a reliability curve.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReliabilityBin {
    /// Lower edge (inclusive).
    pub lower: Num,
    /// Upper edge (exclusive, except the last bin which includes 1).
    pub upper: Num,
    /// Rows whose predicted probability falls in the bin.
    pub count: u64,
    /// Mean predicted probability of those rows (absent for an empty bin).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mean_predicted: Option<Num>,
    /// Observed rate of the outcome among them (absent for an empty bin).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub observed_rate: Option<Num>,
}

/// A reliability (calibration) curve and its expected calibration error.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Reliability {
    /// `positive_class` (binary: probability of the positive label vs its observed rate) or
    /// `top_label` (multiclass: max probability vs accuracy of the argmax).
    pub kind: String,
    /// The bins, equal width over [0, 1].
    pub bins: Vec<ReliabilityBin>,
    /// Expected calibration error.
    pub ece: Num,
}

/// Reliability curve with `n_bins` equal-width bins over [0, 1] and the expected calibration
/// error.
///
/// # Formula
/// ```text
/// edges e_j = j·(1/B) (numpy linspace), bin(p) = #{inner edges ≤ p}     (sklearn's searchsorted 'right')
/// conf_b = mean p over bin b,  acc_b = mean outcome over bin b,  n_b = rows in b
/// ECE    = Σ_b |acc_b − conf_b| · n_b / n
/// ```
///
/// # Remarks
/// The binning is exactly `sklearn.calibration.calibration_curve(strategy='uniform')` (so
/// p = 0.3 falls in the bin [0.2, 0.30000000000000004)); empty bins are kept with `count = 0`
/// and no means. `kind` is copied into the output (`positive_class` / `top_label`).
///
/// # Errors
/// [`MetricError::Empty`], [`MetricError::LengthMismatch`], [`MetricError::NotFinite`],
/// [`MetricError::NotAProbability`].
///
/// # References
/// `sklearn.calibration.calibration_curve`; Naeini, Cooper & Hauskrecht (2015),
/// <https://doi.org/10.1609/aaai.v29i1.9602>; Guo et al. (2017),
/// <https://proceedings.mlr.press/v70/guo17a.html>.
pub fn reliability_curve(
    outcome: &[bool],
    p: &[f64],
    n_bins: usize,
    kind: &str,
) -> Result<Reliability, MetricError> {
    check_len("score", outcome.len(), p.len())?;
    if outcome.is_empty() || n_bins == 0 {
        return Err(MetricError::Empty);
    }
    check_probabilities("score", p)?;
    let step = 1.0 / n_bins as f64;
    let mut edges: Vec<f64> = (0..=n_bins).map(|j| j as f64 * step).collect();
    edges[n_bins] = 1.0;
    let inner = &edges[1..n_bins];
    let mut sum_p = vec![0.0f64; n_bins];
    let mut sum_y = vec![0.0f64; n_bins];
    let mut count = vec![0u64; n_bins];
    for (&y, &v) in outcome.iter().zip(p) {
        let b = inner.partition_point(|&e| e <= v);
        sum_p[b] += v;
        sum_y[b] += f64::from(u8::from(y));
        count[b] += 1;
    }
    let n = outcome.len() as f64;
    let mut ece = 0.0;
    let bins = (0..n_bins)
        .map(|b| {
            let (mp, or) = if count[b] > 0 {
                let c = count[b] as f64;
                let (mp, or) = (sum_p[b] / c, sum_y[b] / c);
                ece += (or - mp).abs() * c / n;
                (Some(Num(mp)), Some(Num(or)))
            } else {
                (None, None)
            };
            ReliabilityBin {
                lower: Num(edges[b]),
                upper: Num(edges[b + 1]),
                count: count[b],
                mean_predicted: mp,
                observed_rate: or,
            }
        })
        .collect();
    Ok(Reliability {
        kind: kind.to_owned(),
        bins,
        ece: Num(ece),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-12 * b.abs().max(1.0)
    }

    #[test]
    fn log_loss_clips_like_sklearn() {
        // log_loss([0,1,1],[0.,1.,0.],labels=[0,1]) == 12.014551129705717
        let v = log_loss_binary(&[false, true, true], &[0.0, 1.0, 0.0]).unwrap();
        assert!(close(v, 12.014551129705717), "{v}");
        assert!(close(-EPS.ln(), 36.04365338911715));
    }

    #[test]
    fn brier_closed_forms() {
        // brier_score_loss([0,1,1,0],[0.1,0.9,0.8,0.3]) == 0.0375
        assert!(close(
            brier_binary(&[false, true, true, false], &[0.1, 0.9, 0.8, 0.3]).unwrap(),
            0.0375
        ));
        // brier_score_loss(["eggs","ham","spam"], [[.8,.1,.1],[.2,.7,.1],[.2,.2,.6]], labels=…)
        //   == 0.1466666666666667 = (0.06 + 0.14 + 0.24)/3
        let c0 = [0.8, 0.2, 0.2];
        let c1 = [0.1, 0.7, 0.2];
        let c2 = [0.1, 0.1, 0.6];
        assert!(close(
            brier_multiclass(&[0, 1, 2], &[&c0, &c1, &c2]).unwrap(),
            0.44 / 3.0
        ));
        // log_loss(same) == -(ln .8 + ln .7 + ln .6)/3
        let ll = log_loss_multiclass(&[0, 1, 2], &[&c0, &c1, &c2]).unwrap();
        assert!(close(ll, -(0.8f64.ln() + 0.7f64.ln() + 0.6f64.ln()) / 3.0));
    }

    #[test]
    fn probabilities_outside_unit_interval_are_rejected() {
        assert!(matches!(
            brier_binary(&[true], &[1.5]),
            Err(MetricError::NotAProbability { .. })
        ));
        assert!(matches!(
            log_loss_binary(&[true], &[-0.1]),
            Err(MetricError::NotAProbability { .. })
        ));
        assert!(matches!(log_loss_binary(&[], &[]), Err(MetricError::Empty)));
    }

    #[test]
    fn reliability_bins_follow_calibration_curve() {
        // calibration_curve([0,0,1,1,1], [0.05, 0.3, 0.3, 0.95, 1.0], n_bins=10)
        //   → prob_true [0, 0.5, 1], prob_pred [0.05, 0.3, 0.975]
        let y = [false, false, true, true, true];
        let p = [0.05, 0.3, 0.3, 0.95, 1.0];
        let r = reliability_curve(&y, &p, 10, "positive_class").unwrap();
        assert_eq!(r.bins.len(), 10);
        assert_eq!(r.bins[0].count, 1);
        assert_eq!(
            r.bins[2].count, 2,
            "0.3 < 3·0.1 = 0.30000000000000004 → bin 2"
        );
        assert_eq!(r.bins[9].count, 2);
        assert_eq!(r.bins[2].observed_rate, Some(Num(0.5)));
        assert_eq!(r.bins[9].mean_predicted, Some(Num(0.975)));
        assert!(r.bins[5].mean_predicted.is_none());
        // ECE = (0.05·1 + 0.2·2 + 0.025·2)/5
        assert!(close(r.ece.0, (0.05 + 0.4 + 0.05) / 5.0), "{}", r.ece.0);
    }

    #[test]
    fn perfectly_calibrated_bins_have_zero_ece() {
        let y = [true, false, true, false];
        let p = [0.5, 0.5, 0.5, 0.5];
        assert_eq!(
            reliability_curve(&y, &p, 10, "positive_class")
                .unwrap()
                .ece
                .0,
            0.0
        );
    }
}
