//! The seed's "performance drop > 5 %" alert: a production metric against its reference value.

use serde::{Deserialize, Serialize};

use crate::num::Num;

/// The seed's alert threshold: a relative drop of more than 5 %.
pub const DEFAULT_DROP_THRESHOLD: f64 = 0.05;

/// A production metric compared with its reference value.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PerformanceDrop {
    /// Reference (baseline) value.
    pub reference: Num,
    /// Production value.
    pub production: Num,
    /// (production − reference)/|reference|; absent when the reference is 0.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub relative_change: Option<Num>,
    /// Relative threshold (0.05).
    pub threshold: Num,
    /// Whether a larger value is better (accuracy) or worse (MAE).
    pub higher_is_better: bool,
    /// The metric got worse by more than `threshold` relative to the reference.
    pub alert: bool,
}

/// The seed's "performance drop > 5 %" check.
///
/// # Formula
/// ```text
/// r = (production − reference) / |reference|
/// alert = r < −threshold   (higher is better: accuracy, AUC, F1)
///       = r >  threshold   (lower is better: MAE, RMSE, log loss)
/// ```
///
/// # Remarks
/// Strict inequalities: a drop of exactly 5 % does not alert. A reference of 0 has no relative
/// change; then only a lower-is-better metric that became positive alerts. `None` when either
/// value is not finite.
pub fn performance_drop(
    reference: f64,
    production: f64,
    higher_is_better: bool,
    threshold: f64,
) -> Option<PerformanceDrop> {
    if !reference.is_finite() || !production.is_finite() {
        return None;
    }
    let (relative_change, alert) = if reference == 0.0 {
        (None, !higher_is_better && production > 0.0)
    } else {
        let r = (production - reference) / reference.abs();
        (
            Some(Num(r)),
            if higher_is_better {
                r < -threshold
            } else {
                r > threshold
            },
        )
    };
    Some(PerformanceDrop {
        reference: Num(reference),
        production: Num(production),
        relative_change,
        threshold: Num(threshold),
        higher_is_better,
        alert,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drop_alert_is_strictly_more_than_five_percent() {
        // 0.59375 = 0.95 · 0.625 exactly: a drop of exactly 5 % does not alert.
        assert!(!performance_drop(0.625, 0.59375, true, 0.05).unwrap().alert);
        assert!(performance_drop(0.625, 0.59, true, 0.05).unwrap().alert);
        assert!(!performance_drop(0.8, 0.9, true, 0.05).unwrap().alert);
        assert!(performance_drop(10.0, 10.6, false, 0.05).unwrap().alert);
        let z = performance_drop(0.0, 1.0, false, 0.05).unwrap();
        assert!(z.alert && z.relative_change.is_none());
        assert!(performance_drop(f64::NAN, 1.0, true, 0.05).is_none());
    }
}
