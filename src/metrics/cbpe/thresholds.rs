//! Alert thresholds from the reference chunks' realised values: `mean ± 3σ`, clipped to the
//! metric's range or not, and the number of reference chunks needed before they count.

use crate::stats::{mean, std_dev};

/// Standard deviations of the reference chunks' realised values either side of their mean for
/// the alert thresholds (NannyML's `StandardDeviationThreshold` default).
pub const THRESHOLD_STD: f64 = 3.0;

/// Lower and upper alert thresholds from the reference chunks' realised values (NaN skipped):
/// `mean ± 3·std` (ddof 0), a bound beyond the metric's range [0, 1] replaced by the range's
/// end (NannyML's `StandardDeviationThreshold` and value limits). `None` without any value.
pub fn thresholds(values: &[f64]) -> Option<(f64, f64)> {
    let (lo, hi) = thresholds_unclipped(values)?;
    Some((
        if lo <= 0.0 { 0.0 } else { lo },
        if hi >= 1.0 { 1.0 } else { hi },
    ))
}

/// Reference chunks needed before their range (mean ± 3σ) serves as a threshold: the σ of a
/// handful of chunks says little about how far chance goes, and small files (a few hundred
/// rows in two or three chunks) alerted in their first production chunk by chance.
pub const MIN_REFERENCE_CHUNKS: usize = 6;

/// [`thresholds_unclipped`] when at least [`MIN_REFERENCE_CHUNKS`] values are not NaN, else
/// `None` (no range: nothing alerts on it).
pub fn reference_range(values: &[f64]) -> Option<(f64, f64)> {
    let n = values.iter().filter(|x| !x.is_nan()).count();
    if n < MIN_REFERENCE_CHUNKS {
        return None;
    }
    thresholds_unclipped(values)
}

/// `mean ± 3·std` (ddof 0) of the non-NaN `values` (NannyML's `StandardDeviationThreshold`),
/// not clipped; `None` without any value.
pub fn thresholds_unclipped(values: &[f64]) -> Option<(f64, f64)> {
    let v: Vec<f64> = values.iter().copied().filter(|x| !x.is_nan()).collect();
    if v.is_empty() {
        return None;
    }
    let (m, s) = (mean(&v), std_dev(&v, 0));
    Some((m - THRESHOLD_STD * s, m + THRESHOLD_STD * s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thresholds_are_clipped_to_the_metric_range() {
        assert_eq!(thresholds(&[0.5, 0.5]), Some((0.5, 0.5)));
        let (lo, hi) = thresholds(&[0.0, 1.0, f64::NAN]).unwrap();
        assert_eq!((lo, hi), (0.0, 1.0));
        assert_eq!(thresholds(&[f64::NAN]), None);
    }
}
