//! "Nice" axis ticks (steps of 1, 2, 2.5 or 5 × 10ᵏ): over any range for the xy charts, and
//! the share axis (0 to a little above the largest share) of the histogram and bars, with the
//! width its labels need.

use super::paint::Metrics;
use super::text::text_width;

/// "Nice" y-axis for shares: the upper bound (≥ `max_share`) and the tick step (1, 2, 2.5 or 5 × 10ᵏ),
/// aiming at about `target` intervals, plus the number of decimals the percentage labels need.
pub(crate) fn share_axis(max_share: f64, target: usize) -> (f64, f64, usize) {
    let max = if max_share.is_finite() && max_share > 0.0 {
        max_share * 1.05
    } else {
        0.1
    };
    let target = target.max(1) as f64;
    let raw = max / target;
    let mag = 10f64.powf(raw.log10().floor());
    let mut step = mag * 10.0;
    for m in [1.0, 2.0, 2.5, 5.0, 10.0] {
        if m * mag >= raw {
            step = m * mag;
            break;
        }
    }
    let mut top = (max / step).ceil() * step;
    // Shares never exceed 100 %: no axis beyond it when the data stay within it.
    if max_share <= 1.0 && top > 1.0 && ((1.0 / step) - (1.0 / step).round()).abs() < 1e-9 {
        top = 1.0;
    }
    (top, step, percent_decimals(step))
}

/// Decimals the percentage labels of ticks `step` apart need (a share: 0.025 → 2.5 % → 1;
/// 0.0025 → 0.25 % → 2), at most 6; 0 for a degenerate step.
pub(crate) fn percent_decimals(step: f64) -> usize {
    let pct_step = step * 100.0;
    if !pct_step.is_finite() || pct_step <= 0.0 {
        return 0;
    }
    let mut decimals = 0;
    while decimals < 6
        && ((pct_step * 10f64.powi(decimals as i32)).round()
            - pct_step * 10f64.powi(decimals as i32))
        .abs()
            > 1e-6
    {
        decimals += 1;
    }
    decimals
}

/// "Nice" ticks over `[lo, hi]`: the step (1, 2, 2.5 or 5 × 10ᵏ) aiming at about `target`
/// intervals, and the ticks that fall within the range. With `expand`, the range grows outwards
/// to whole steps first. Returns `(lo, hi, ticks)`.
pub(crate) fn nice_ticks(lo: f64, hi: f64, target: usize, expand: bool) -> (f64, f64, Vec<f64>) {
    let (mut lo, mut hi) = if lo.is_finite() && hi.is_finite() && hi > lo {
        (lo, hi)
    } else if lo.is_finite() {
        let d = if lo == 0.0 { 1.0 } else { lo.abs() * 0.1 };
        (lo - d, lo + d)
    } else {
        (0.0, 1.0)
    };
    let raw = (hi - lo) / target.max(1) as f64;
    let mag = 10f64.powf(raw.log10().floor());
    let mut step = mag * 10.0;
    for m in [1.0, 2.0, 2.5, 5.0, 10.0] {
        if m * mag >= raw {
            step = m * mag;
            break;
        }
    }
    if !(step.is_finite() && step > 0.0) {
        return (lo, hi, vec![lo, hi]);
    }
    if expand {
        lo = (lo / step).floor() * step;
        hi = (hi / step).ceil() * step;
    }
    let first = (lo / step - 1e-9).ceil() as i64;
    let last = (hi / step + 1e-9).floor() as i64;
    let ticks = (first..=last.min(first + 100))
        .map(|i| {
            let v = i as f64 * step;
            // Snap float noise (0.30000000000000004) to the step's decimals.
            (v / step).round() * step
        })
        .collect();
    (lo, hi, ticks)
}

/// Width the y axis needs left of the plot: tick labels, tick marks and the axis title.
pub(crate) fn share_axis_width(m: &Metrics, top: f64, decimals: usize) -> f64 {
    let label = crate::format::percent(top, decimals);
    m.px(8.0)
        + m.font_small() * 1.3
        + m.px(4.0)
        + text_width(&label, m.font_small())
        + m.px(6.0)
        + m.px(4.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn share_axis_is_nice() {
        let (top, step, dec) = share_axis(0.23, 5);
        assert!(top >= 0.23);
        assert!((step - 0.05).abs() < 1e-12, "{step}");
        assert_eq!(dec, 0);
        let (_, step, dec) = share_axis(0.011, 5);
        assert!((step - 0.0025).abs() < 1e-12, "{step}");
        assert_eq!(dec, 2);
        let (top, _, _) = share_axis(0.0, 5);
        assert!(top > 0.0);
    }

    #[test]
    fn nice_ticks_cover_the_range() {
        let (lo, hi, t) = nice_ticks(0.03, 0.97, 5, true);
        assert_eq!((lo, hi), (0.0, 1.0));
        assert_eq!(t.len(), 6);
        assert!((t[3] - 0.6).abs() < 1e-12 && t[5] == 1.0, "{t:?}");
        let (_, _, t) = nice_ticks(0.0, 1.0, 4, false);
        assert_eq!(t.len(), 5);
    }
}
