//! Where an xy chart's parts go: the data ranges of both axes, their ticks and labels, the
//! margins around the plot and the data→pixel mapping. Pure functions of the view, the area's
//! size and the [`Metrics`]: no backend is needed, so they are tested here directly.
//!
//! Text widths are estimated ([`text_width`]), as everywhere in the chart layer. Pixels are
//! relative to the drawing area (the hit map adds the area's offset).

use super::model::{AxisFormat, Cleaned, SeriesStyle, XyView};
use crate::chart::axis::nice_ticks;
use crate::chart::paint::Metrics;
use crate::chart::text::{text_width, truncate_to_width};

/// A tick: its value in data units (a category index on a category axis) and its label.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Tick {
    /// Position in data units.
    pub value: f64,
    /// Text (already truncated to fit).
    pub label: String,
    /// The label is drawn (x labels that would overlap the previous one, or leave the area, are
    /// skipped; the tick mark is always drawn).
    pub shown: bool,
}

/// The layout of one xy chart, in pixels relative to the drawing area.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Layout {
    /// Plot rectangle: left, top, right, bottom.
    pub plot: (f64, f64, f64, f64),
    /// Data x range shown, left to right.
    pub x: (f64, f64),
    /// Data y range shown, bottom to top.
    pub y: (f64, f64),
    /// Y ticks, bottom up, every label shown.
    pub y_ticks: Vec<Tick>,
    /// X ticks, left to right.
    pub x_ticks: Vec<Tick>,
    /// Outer padding (title and axis titles sit this far from the edges).
    pub pad: f64,
    /// Font size of the tick labels and axis titles.
    pub font: f64,
    /// Width of one x slot's group of bars (all `Bars` series side by side).
    pub bar_group: f64,
    /// Width of one bar.
    pub bar_width: f64,
    /// How far beyond the plot's top and bottom a y value may be drawn.
    y_slack: f64,
}

/// Linear map of `v` from `[d0, d1]` to `[p0, p1]` (the middle of the target when `d0 = d1`).
pub(super) fn lerp(v: f64, (d0, d1, p0, p1): (f64, f64, f64, f64)) -> f64 {
    if d1 == d0 {
        (p0 + p1) / 2.0
    } else {
        p0 + (v - d0) / (d1 - d0) * (p1 - p0)
    }
}

/// `(min, max)` of the finite values, or `None` when there is none.
fn range_of(values: impl Iterator<Item = f64>) -> Option<(f64, f64)> {
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for v in values.filter(|v| v.is_finite()) {
        lo = lo.min(v);
        hi = hi.max(v);
    }
    (lo <= hi).then_some((lo, hi))
}

/// A fixed range that can be used: finite and increasing.
fn usable(r: Option<[f64; 2]>) -> Option<[f64; 2]> {
    r.filter(|r| r[0].is_finite() && r[1].is_finite() && r[0] < r[1])
}

fn too_small(w: f64, h: f64, title: &str) -> String {
    format!("chart area {w}×{h} px is too small to draw `{title}`")
}

/// Checks that a `w` × `h` area can hold a chart at all (before anything is drawn).
pub(super) fn check_area(w: f64, h: f64, m: Metrics, title: &str) -> Result<(), String> {
    if w < m.px(160.0) || h < m.px(100.0) {
        return Err(too_small(w, h, title));
    }
    Ok(())
}

/// The x range drawn: the category slots, else the fixed range (a little wider for markers, which
/// would be cut in half at the edge), else the data with the x rules and the marker.
pub(super) fn x_range(v: &XyView, cleaned: &[Cleaned]) -> (f64, f64) {
    if !v.x_categories.is_empty() {
        return (-0.5, v.x_categories.len() as f64 - 0.5);
    }
    if let Some([a, b]) = usable(v.x_range) {
        return if v.series.iter().any(|s| s.style == SeriesStyle::Points) {
            // Markers at the very edge would be cut in half.
            let d = (b - a) * 0.02;
            (a - d, b + d)
        } else {
            (a, b)
        };
    }
    let xs = cleaned.iter().flat_map(|(p, _)| p.iter().map(|q| q[0]));
    let extra = v
        .x_rules
        .iter()
        .map(|r| r.value)
        .chain(v.marker.iter().map(|mk| mk.x));
    let (a, b) = range_of(xs.chain(extra)).unwrap_or((0.0, 1.0));
    if a == b {
        (a - 0.5, b + 0.5)
    } else if v.series.iter().all(|s| s.style == SeriesStyle::Points) {
        let d = (b - a) * 0.03;
        (a - d, b + d)
    } else {
        (a, b)
    }
}

/// The y range drawn and its ticks (about `target` intervals): the fixed range as given, else
/// the data with the bands, the y rules, the marker (and 0 under bars), padded by 4 % and
/// widened to whole ticks. Returns `(lo, hi, ticks)`.
pub(super) fn y_axis(v: &XyView, cleaned: &[Cleaned], target: usize) -> (f64, f64, Vec<f64>) {
    if let Some([a, b]) = usable(v.y_range) {
        return nice_ticks(a, b, target, false);
    }
    let has_bars = v.series.iter().any(|s| s.style == SeriesStyle::Bars);
    let ys = cleaned.iter().flat_map(|(p, _)| p.iter().map(|q| q[1]));
    let extra = v
        .bands
        .iter()
        .flat_map(|b| [b.from, b.to])
        .chain(v.y_rules.iter().map(|r| r.value))
        .chain(v.marker.iter().flat_map(|mk| [mk.y0, mk.y1]))
        .chain(has_bars.then_some(0.0));
    let (a, b) = range_of(ys.chain(extra)).unwrap_or((0.0, 1.0));
    let span = (b - a).max(b.abs() * 0.02).max(1e-12);
    let (a, b) = if a == b {
        (a - span, b + span)
    } else {
        (a - span * 0.04, b + span * 0.04)
    };
    // Bars stand on 0: no sliver of axis below it.
    let a = if has_bars && a < 0.0 && a > -span * 0.05 {
        0.0
    } else {
        a
    };
    nice_ticks(a, b, target, true)
}

/// Labels of `ticks` in `format`, the step taken from the first two ticks.
fn tick_labels(ticks: &[f64], lo: f64, hi: f64, format: AxisFormat) -> Vec<String> {
    let step = if ticks.len() >= 2 {
        ticks[1] - ticks[0]
    } else {
        hi - lo
    };
    ticks.iter().map(|&t| format.tick(t, step)).collect()
}

/// The layout of `v` in a `w` × `h` area whose header (title and legend) ends at `plot_top`.
///
/// # Errors
/// When the plot left after the margins is under 40 × 30 CSS px.
pub(super) fn layout(
    v: &XyView,
    cleaned: &[Cleaned],
    (w, h): (f64, f64),
    plot_top: f64,
    m: Metrics,
) -> Result<Layout, String> {
    let pad = m.px(8.0);
    let size = m.font_small();
    let (x0, x1) = x_range(v, cleaned);
    let target_y = ((h - plot_top) / m.px(50.0)).round().clamp(2.0, 8.0) as usize;
    let (y0, y1, yticks) = y_axis(v, cleaned, target_y);
    let ylabels = tick_labels(&yticks, y0, y1, v.y_format);
    let ylab_w = ylabels
        .iter()
        .map(|l| text_width(l, size))
        .fold(0.0_f64, f64::max);
    // Left: axis title, gap, widest tick label, gap, tick mark. Bottom: tick mark, labels, title.
    let left = pad + size * 1.3 + m.px(4.0) + ylab_w + m.px(6.0) + m.px(4.0);
    let bottom = h - (pad + size * 1.3 + m.px(4.0) + size * 1.3 + m.px(6.0));
    let right = w - pad * 1.5;
    if right - left < m.px(40.0) || bottom - plot_top < m.px(30.0) {
        return Err(too_small(w, h, &v.title));
    }
    let mut lay = Layout {
        plot: (left, plot_top, right, bottom),
        x: (x0, x1),
        y: (y0, y1),
        y_ticks: yticks
            .into_iter()
            .zip(ylabels)
            .map(|(value, label)| Tick {
                value,
                label,
                shown: true,
            })
            .collect(),
        x_ticks: Vec::new(),
        pad,
        font: size,
        bar_group: 0.0,
        bar_width: 0.0,
        y_slack: m.px(2.0),
    };
    lay.x_ticks = x_ticks(v, &lay, w, m);
    (lay.bar_group, lay.bar_width) = bar_widths(v, cleaned, &lay);
    Ok(lay)
}

/// X ticks: the categories (every n-th when the widest would not fit its slot) or nice numbers
/// about 90 CSS px apart; a label is shown when it neither overlaps the previous shown one nor
/// leaves the `w`-wide area.
fn x_ticks(v: &XyView, lay: &Layout, w: f64, m: Metrics) -> Vec<Tick> {
    let (left, _, right, _) = lay.plot;
    let (x0, x1) = lay.x;
    let size = lay.font;
    let ticks: Vec<(f64, String)> = if !v.x_categories.is_empty() {
        let n = v.x_categories.len();
        let slot = (right - left) / n as f64;
        let widest = v
            .x_categories
            .iter()
            .map(|c| text_width(c, size))
            .fold(0.0_f64, f64::max);
        let every = ((widest + m.px(8.0)) / slot).ceil().max(1.0) as usize;
        (0..n)
            .filter(|i| i % every == 0)
            .map(|i| {
                let room = slot * every as f64 - m.px(4.0);
                (
                    i as f64,
                    truncate_to_width(&v.x_categories[i], size, room.max(size)),
                )
            })
            .collect()
    } else {
        let target = ((right - left) / m.px(90.0)).round().clamp(2.0, 10.0) as usize;
        let (_, _, ticks) = nice_ticks(x0, x1, target, false);
        let labels = tick_labels(&ticks, x0, x1, v.x_format);
        ticks.into_iter().zip(labels).collect()
    };
    let mut last_hi = f64::NEG_INFINITY;
    ticks
        .into_iter()
        .map(|(value, label)| {
            let x = lay.x_of(value);
            let tw = text_width(&label, size);
            let (lo, hi) = (x - tw / 2.0, x + tw / 2.0);
            let shown = !(lo < last_hi + m.px(6.0) || lo < 0.0 || hi > w);
            if shown {
                last_hi = hi;
            }
            Tick {
                value,
                label,
                shown,
            }
        })
        .collect()
}

/// Width of a slot's group of bars (80 % of the narrowest gap between bars, at most one x unit)
/// and of one bar (the group shared by every `Bars` series).
fn bar_widths(v: &XyView, cleaned: &[Cleaned], lay: &Layout) -> (f64, f64) {
    let n_bar_series = v
        .series
        .iter()
        .filter(|s| s.style == SeriesStyle::Bars)
        .count()
        .max(1);
    let min_dx = cleaned
        .iter()
        .zip(&v.series)
        .filter(|(_, s)| s.style == SeriesStyle::Bars)
        .flat_map(|((pts, _), _)| pts.windows(2).map(|w| w[1][0] - w[0][0]))
        .filter(|d| *d > 0.0)
        .fold(1.0_f64, f64::min);
    let group = (lay.x_of(min_dx) - lay.x_of(0.0)).abs() * 0.8;
    (group, group / n_bar_series as f64)
}

impl Layout {
    /// Pixel column of data x. Far-off values (a tiny fixed range, say) stay at sane pixels, as
    /// `paint` clamps them too.
    pub fn x_of(&self, x: f64) -> f64 {
        let (left, _, right, _) = self.plot;
        lerp(x, (self.x.0, self.x.1, left, right)).clamp(-1e6, 1e6)
    }

    /// Pixel row of data y, clamped to just outside the plot.
    pub fn y_of(&self, y: f64) -> f64 {
        let (_, top, _, bottom) = self.plot;
        lerp(y, (self.y.0, self.y.1, bottom, top)).clamp(top - self.y_slack, bottom + self.y_slack)
    }

    /// Rectangle (x0, y0, x1, y1) of the bar of point `q` in the `k`-th `Bars` series: the
    /// series' bars stand side by side, centred on the slot, from 0 (or the nearest y bound).
    pub fn bar(&self, k: usize, q: [f64; 2]) -> (f64, f64, f64, f64) {
        let base = self.y_of(0.0_f64.clamp(self.y.0, self.y.1));
        let xl = self.x_of(q[0]) - self.bar_group / 2.0 + self.bar_width * k as f64;
        (xl, self.y_of(q[1]), xl + self.bar_width, base)
    }
}

#[cfg(test)]
mod tests {
    use super::super::model::{clean, ecdf, Series};
    use super::*;
    use crate::chart::{Band, Rule, Swatch};

    const M1: Metrics = Metrics {
        scale: 1.0,
        font_factor: 1.0,
    };

    fn lay(v: &XyView, w: f64, h: f64) -> Result<Layout, String> {
        let cleaned: Vec<Cleaned> = v.series.iter().map(clean).collect();
        layout(v, &cleaned, (w, h), 30.0, M1)
    }

    fn series(style: SeriesStyle, points: Vec<[f64; 2]>) -> Series {
        Series {
            name: "production".into(),
            swatch: Swatch::Production,
            style,
            points,
            hover: true,
            ..Default::default()
        }
    }

    fn view(series: Vec<Series>) -> XyView {
        XyView {
            title: "t".into(),
            series,
            ..Default::default()
        }
    }

    fn cleaned(v: &XyView) -> Vec<Cleaned> {
        v.series.iter().map(clean).collect()
    }

    #[test]
    fn lerp_maps_ends_to_ends_and_a_point_range_to_the_middle() {
        assert_eq!(lerp(2.0, (2.0, 4.0, 10.0, 30.0)), 10.0);
        assert_eq!(lerp(4.0, (2.0, 4.0, 10.0, 30.0)), 30.0);
        assert_eq!(lerp(3.0, (2.0, 4.0, 30.0, 10.0)), 20.0);
        assert_eq!(lerp(7.0, (2.0, 2.0, 10.0, 30.0)), 20.0);
    }

    #[test]
    fn x_range_is_the_slots_the_fixed_range_or_the_data_with_rules_and_marker() {
        let mut v = view(vec![series(
            SeriesStyle::Line,
            vec![[1.0, 0.0], [3.0, 1.0]],
        )]);
        assert_eq!(x_range(&v, &cleaned(&v)), (1.0, 3.0));
        v.x_rules.push(Rule {
            value: 5.0,
            label: "cut".into(),
        });
        assert_eq!(x_range(&v, &cleaned(&v)), (1.0, 5.0));
        // A fixed range wins; a reversed or non-finite one is ignored.
        v.x_range = Some([0.0, 1.0]);
        assert_eq!(x_range(&v, &cleaned(&v)), (0.0, 1.0));
        v.x_range = Some([1.0, 0.0]);
        assert_eq!(x_range(&v, &cleaned(&v)), (1.0, 5.0));
        v.x_range = Some([0.0, f64::NAN]);
        assert_eq!(x_range(&v, &cleaned(&v)), (1.0, 5.0));
        v.x_categories = vec!["a".into(), "b".into(), "c".into()];
        assert_eq!(x_range(&v, &cleaned(&v)), (-0.5, 2.5));
    }

    #[test]
    fn x_range_leaves_room_for_markers_and_widens_a_single_value() {
        let scatter = view(vec![series(
            SeriesStyle::Points,
            vec![[0.0, 1.0], [10.0, 2.0]],
        )]);
        let (a, b) = x_range(&scatter, &cleaned(&scatter));
        assert!(
            (a + 0.3).abs() < 1e-12 && (b - 10.3).abs() < 1e-12,
            "{a} {b}"
        );
        let one = view(vec![series(SeriesStyle::Line, vec![[4.0, 1.0]])]);
        assert_eq!(x_range(&one, &cleaned(&one)), (3.5, 4.5));
    }

    #[test]
    fn y_axis_keeps_a_fixed_range_and_pads_data_to_whole_ticks() {
        let v = ecdf();
        let (lo, hi, ticks) = y_axis(&v, &cleaned(&v), 5);
        assert_eq!((lo, hi), (0.0, 1.0));
        assert_eq!(ticks.first(), Some(&0.0));
        assert_eq!(ticks.last(), Some(&1.0));

        let v = view(vec![series(
            SeriesStyle::Line,
            vec![[0.0, 0.31], [1.0, 0.79]],
        )]);
        let (lo, hi, ticks) = y_axis(&v, &cleaned(&v), 5);
        assert!(lo < 0.31 && hi > 0.79, "{lo} {hi}");
        assert_eq!((ticks[0], *ticks.last().expect("ticks")), (lo, hi));
    }

    #[test]
    fn y_axis_takes_in_bands_rules_the_marker_and_zero_under_bars() {
        let mut v = view(vec![series(
            SeriesStyle::Line,
            vec![[0.0, 0.5], [1.0, 0.6]],
        )]);
        v.bands.push(Band {
            from: 0.2,
            to: 0.3,
            label: "band".into(),
        });
        v.y_rules.push(Rule {
            value: 0.9,
            label: "rule".into(),
        });
        let (lo, hi, _) = y_axis(&v, &cleaned(&v), 5);
        assert!(lo <= 0.2 && hi >= 0.9, "{lo} {hi}");

        let bars = view(vec![series(
            SeriesStyle::Bars,
            vec![[0.0, 0.7], [1.0, 0.8]],
        )]);
        let (lo, _, _) = y_axis(&bars, &cleaned(&bars), 5);
        assert_eq!(lo, 0.0, "bars stand on zero, with no axis below it");

        let flat = view(vec![series(
            SeriesStyle::Line,
            vec![[0.0, 3.0], [1.0, 3.0]],
        )]);
        let (lo, hi, _) = y_axis(&flat, &cleaned(&flat), 5);
        assert!(
            lo < 3.0 && hi > 3.0,
            "a constant series is widened: {lo} {hi}"
        );
    }

    #[test]
    fn margins_hold_the_widest_y_label_and_the_plot_stays_inside_the_area() {
        let narrow = view(vec![series(
            SeriesStyle::Line,
            vec![[0.0, 0.0], [1.0, 1.0]],
        )]);
        let wide = view(vec![series(
            SeriesStyle::Line,
            vec![[0.0, 0.0], [1.0, 123_456_789.0]],
        )]);
        let a = lay(&narrow, 640.0, 320.0).expect("fits");
        let b = lay(&wide, 640.0, 320.0).expect("fits");
        assert!(b.plot.0 > a.plot.0, "{:?} vs {:?}", b.plot, a.plot);
        for l in [&a, &b] {
            let (left, top, right, bottom) = l.plot;
            assert!(0.0 < left && left < right && right < 640.0);
            assert!(top == 30.0 && top < bottom && bottom < 320.0);
            // The y range spans the plot, bottom up.
            assert_eq!(l.y_of(l.y.0), bottom);
            assert_eq!(l.y_of(l.y.1), top);
            assert_eq!((l.x_of(l.x.0), l.x_of(l.x.1)), (left, right));
        }
        // Everything scales with the device pixel ratio.
        let cl = cleaned(&narrow);
        let m2 = Metrics {
            scale: 2.0,
            font_factor: 1.0,
        };
        let c = layout(&narrow, &cl, (1280.0, 640.0), 60.0, m2).expect("fits");
        assert!((c.plot.0 - 2.0 * a.plot.0).abs() < 1e-9);
        assert_eq!(c.font, 2.0 * a.font);
    }

    #[test]
    fn a_cramped_area_is_an_error() {
        let v = ecdf();
        assert!(check_area(159.0, 300.0, M1, &v.title).is_err());
        assert!(check_area(640.0, 99.0, M1, &v.title).is_err());
        assert!(check_area(160.0, 100.0, M1, &v.title).is_ok());
        // The area passes the first check, but the header leaves too little plot.
        let cl = cleaned(&v);
        let e = layout(&v, &cl, (640.0, 100.0), 60.0, M1).expect_err("too small");
        assert!(e.contains("too small to draw `ECDF of age`"), "{e}");
    }

    #[test]
    fn y_values_beyond_the_range_are_clamped_just_outside_the_plot() {
        let l = lay(&ecdf(), 640.0, 320.0).expect("fits");
        let (_, top, _, bottom) = l.plot;
        assert_eq!(l.y_of(1e300), top - 2.0);
        assert_eq!(l.y_of(-5.0), bottom + 2.0);
        assert_eq!(l.x_of(1e300), 1e6);
    }

    #[test]
    fn many_long_categories_are_thinned_and_no_shown_labels_overlap() {
        let n = 60;
        let mut v = view(vec![series(
            SeriesStyle::Bars,
            (0..n).map(|i| [i as f64, 0.5]).collect(),
        )]);
        v.x_categories = (0..n).map(|i| format!("2024-01-{i:02} week")).collect();
        let l = lay(&v, 640.0, 320.0).expect("fits");
        assert!(l.x_ticks.len() < n, "thinned: {}", l.x_ticks.len());
        let mut last = f64::NEG_INFINITY;
        for t in l.x_ticks.iter().filter(|t| t.shown) {
            let (x, half) = (l.x_of(t.value), text_width(&t.label, l.font) / 2.0);
            assert!(
                x - half >= last && x - half >= 0.0 && x + half <= 640.0,
                "{t:?}"
            );
            last = x + half;
        }
        // Each category index keeps its own label.
        assert!(l.x_ticks.iter().all(|t| t.value.fract() == 0.0));
        assert_eq!(l.x_ticks[0].label, "2024-01-00 week");
    }

    #[test]
    fn numeric_x_ticks_lie_in_the_range_with_labels_in_its_format() {
        let mut v = view(vec![series(
            SeriesStyle::Line,
            vec![[0.0, 0.0], [1.0, 1.0]],
        )]);
        v.x_format = AxisFormat::Percent;
        let l = lay(&v, 640.0, 320.0).expect("fits");
        assert!(l.x_ticks.len() >= 3);
        assert!(l.x_ticks.iter().all(|t| (0.0..=1.0).contains(&t.value)));
        assert_eq!(l.x_ticks.last().map(|t| t.label.as_str()), Some("100%"));
        assert!(l.y_ticks.iter().all(|t| t.shown));
    }

    #[test]
    fn bars_of_several_series_stand_side_by_side_in_their_slot() {
        let mut v = view(vec![
            series(SeriesStyle::Bars, vec![[0.0, 0.8], [1.0, 0.7]]),
            series(SeriesStyle::Bars, vec![[0.0, 0.6], [1.0, 0.9]]),
        ]);
        v.x_categories = vec!["W1".into(), "W2".into()];
        let l = lay(&v, 640.0, 320.0).expect("fits");
        let slot = l.x_of(1.0) - l.x_of(0.0);
        assert!((l.bar_group - 0.8 * slot).abs() < 1e-9);
        assert!((l.bar_width - l.bar_group / 2.0).abs() < 1e-9);
        let a = l.bar(0, [1.0, 0.7]);
        let b = l.bar(1, [1.0, 0.9]);
        assert_eq!(a.2, b.0, "adjacent, not overlapping");
        assert!(
            ((a.0 + b.2) / 2.0 - l.x_of(1.0)).abs() < 1e-9,
            "centred on the slot"
        );
        assert_eq!(a.3, l.y_of(0.0), "from zero");
        assert!(b.1 < a.1, "the taller bar reaches higher");
    }
}
