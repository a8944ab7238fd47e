//! fairlearn's between-group disparity aggregates: demographic parity and equalized odds, as
//! differences and ratios (`method='between_groups'`, `agg='worst_case'`), with pandas' and
//! Python's NaN semantics.

use super::Confusion;

/// The four disparity aggregates of a set of groups.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Disparities {
    /// Demographic-parity difference.
    pub demographic_parity_difference: f64,
    /// Demographic-parity ratio.
    pub demographic_parity_ratio: f64,
    /// Equalized-odds difference (`agg='worst_case'`).
    pub equalized_odds_difference: f64,
    /// Equalized-odds ratio (`agg='worst_case'`).
    pub equalized_odds_ratio: f64,
}

/// `(min, max)` of a non-empty iterator of finite rates (`(NaN, NaN)` when empty).
fn min_max(values: impl Iterator<Item = f64>) -> (f64, f64) {
    values.fold((f64::NAN, f64::NAN), |(lo, hi), v| {
        (
            if lo.is_nan() || v < lo { v } else { lo },
            if hi.is_nan() || v > hi { v } else { hi },
        )
    })
}

/// Python's builtin `min(a, b)`: `b` if `b < a`, else `a` (so a NaN in first place wins and a
/// NaN in second place is ignored).
fn python_min(a: f64, b: f64) -> f64 {
    if b < a {
        b
    } else {
        a
    }
}

/// Python's builtin `max(a, b)`: `b` if `b > a`, else `a`.
fn python_max(a: f64, b: f64) -> f64 {
    if b > a {
        b
    } else {
        a
    }
}

/// fairlearn's between-group disparity aggregates of per-group confusion counts.
///
/// # Formula
/// ```text
/// SR_g = (tp+fp)/n,  TPR_g = tp/(tp+fn) (0 if no positive),  FPR_g = fp/(fp+tn) (0 if no negative)
/// demographic_parity_difference = max_g SR_g − min_g SR_g
/// demographic_parity_ratio      = min_g SR_g / max_g SR_g
/// equalized_odds_difference     = max( max TPR − min TPR,  max FPR − min FPR )
/// equalized_odds_ratio          = min( min TPR / max TPR,  min FPR / max FPR )
/// ```
///
/// # Remarks
/// Every group counts, however small (fairlearn has no minimum size). A ratio with a zero
/// maximum is `0/0 = NaN`, as pandas divides inside `MetricFrame.ratio`. The outer
/// `max`/`min` are Python's builtins over `[tpr, fpr]` (fairlearn calls
/// `min(eo.ratio(...))`): a NaN TPR ratio makes the equalized-odds ratio NaN, a NaN FPR ratio
/// is ignored. With one group the differences are 0 and the ratios 1 (or NaN for a zero
/// rate). With no group every value is NaN.
///
/// # References
/// fairlearn `metrics/_fairness_metrics.py` (`demographic_parity_difference`,
/// `demographic_parity_ratio`, `equalized_odds_difference`, `equalized_odds_ratio`,
/// `method='between_groups'`, `agg='worst_case'`) and `MetricFrame.difference` / `.ratio`.
pub fn disparities(groups: &[Confusion]) -> Disparities {
    let (sr_lo, sr_hi) = min_max(groups.iter().map(Confusion::selection_rate));
    let (tpr_lo, tpr_hi) = min_max(groups.iter().map(Confusion::tpr));
    let (fpr_lo, fpr_hi) = min_max(groups.iter().map(Confusion::fpr));
    Disparities {
        demographic_parity_difference: sr_hi - sr_lo,
        demographic_parity_ratio: sr_lo / sr_hi,
        equalized_odds_difference: python_max(tpr_hi - tpr_lo, fpr_hi - fpr_lo),
        equalized_odds_ratio: python_min(tpr_lo / tpr_hi, fpr_lo / fpr_hi),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fairness::test_util::c;

    #[test]
    fn disparities_match_hand_computation() {
        // pair03 reference: g1 tp1 tn1 (SR .5, TPR 1, FPR 0); g2 tp1 tn1 fn1 (SR 1/3, TPR .5, FPR 0).
        let d = disparities(&[c(1, 0, 1, 0), c(1, 0, 1, 1)]);
        assert_eq!(d.demographic_parity_difference, 0.5 - 1.0 / 3.0);
        assert_eq!(d.demographic_parity_ratio, (1.0 / 3.0) / 0.5);
        assert_eq!(d.equalized_odds_difference, 0.5);
        // TPR ratio .5; FPR ratio 0/0 = NaN comes second in Python's min → ignored.
        assert_eq!(d.equalized_odds_ratio, 0.5);
    }

    #[test]
    fn ratio_with_zero_maximum_is_nan() {
        // Nobody selected anywhere: SR ratio 0/0 = NaN (pandas), TPR ratio NaN first → NaN.
        let d = disparities(&[c(0, 0, 5, 1), c(0, 0, 3, 2)]);
        assert!(d.demographic_parity_ratio.is_nan());
        assert_eq!(d.demographic_parity_difference, 0.0);
        assert!(d.equalized_odds_ratio.is_nan());
    }

    #[test]
    fn python_min_max_semantics() {
        assert!(python_min(f64::NAN, 0.5).is_nan());
        assert_eq!(python_min(0.5, f64::NAN), 0.5);
        assert_eq!(python_max(0.2, 0.3), 0.3);
    }
}
