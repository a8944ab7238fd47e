//! Overlaid reference/production histogram of a numeric column's binned shares.

use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingBackend};
use plotters::style::text_anchor::VPos;

use super::axis::{share_axis, share_axis_width};
use super::hit::{share_lines, HitBin};
use super::paint::{self, Align, Label, LegendItem, Metrics, Painter};
use super::text::text_width;
use super::{check_shares, draw_header, overlay, Frame, HistogramView, HitMap, Theme};

/// Checks the view; returns the number of bins.
fn validate(v: &HistogramView) -> Result<usize, String> {
    let col = &v.column;
    if v.edges.len() < 2 {
        return Err(format!("histogram of `{col}` has no bins"));
    }
    let k = v.edges.len() - 1;
    if v.edges.iter().any(|e| !e.is_finite()) {
        return Err(format!("histogram of `{col}` has a non-finite bin edge"));
    }
    if v.edges.windows(2).any(|w| w[1] <= w[0]) {
        return Err(format!(
            "histogram of `{col}`: bin edges are not strictly increasing"
        ));
    }
    check_shares("the reference share", col, &v.ref_share, k)?;
    check_shares("the production share", col, &v.prod_share, k)?;
    Ok(k)
}

/// Tooltip label of every bin: `[30, 35)`, `< 28`, `≥ 95`, or `[90, 95]` for a closed last bin.
pub(crate) fn bin_labels(v: &HistogramView) -> Vec<String> {
    let lab = crate::format::axis_distinct(&v.edges);
    let k = v.edges.len().saturating_sub(1);
    let get = |i: usize| lab.get(i).cloned().unwrap_or_default();
    (0..k)
        .map(|i| {
            let last = i + 1 == k;
            let open_l = i == 0 && v.open_left;
            let open_r = last && v.open_right;
            match (open_l, open_r) {
                (true, true) => "all values".to_string(),
                (true, false) if last => format!("≤ {}", get(1)),
                (true, false) => format!("< {}", get(1)),
                (false, true) => format!("≥ {}", get(i)),
                (false, false) if last => format!("[{}, {}]", get(i), get(i + 1)),
                (false, false) => format!("[{}, {})", get(i), get(i + 1)),
            }
        })
        .collect()
}

/// Widths used for drawing: open outer bins no wider than the widest closed bin.
fn display_widths(v: &HistogramView, k: usize) -> Vec<f64> {
    let mut w: Vec<f64> = v.edges.windows(2).map(|p| p[1] - p[0]).collect();
    let is_open = |i: usize| (i == 0 && v.open_left) || (i + 1 == k && v.open_right);
    let max_closed = (0..k)
        .filter(|&i| !is_open(i))
        .map(|i| w[i])
        .fold(0.0_f64, f64::max);
    if max_closed > 0.0 {
        for (i, wi) in w.iter_mut().enumerate() {
            if is_open(i) && *wi > max_closed {
                *wi = max_closed;
            }
        }
    }
    w
}

pub(crate) fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    v: &HistogramView,
    theme: &Theme,
    m: Metrics,
) -> Result<HitMap, String> {
    let k = validate(v)?;
    let (w, h) = root.dim_in_pixel();
    let (w, h) = (f64::from(w), f64::from(h));
    if w < m.px(120.0) || h < m.px(80.0) {
        return Err(format!(
            "chart area {w}×{h} px is too small to draw `{}`",
            v.column
        ));
    }
    let p = Painter { area: root, m };
    root.fill(&theme.background).map_err(paint::err)?;

    let legend = [
        LegendItem {
            label: "reference",
            fill: theme.reference,
            opacity: theme.fill_opacity,
            outline: None,
            hatch: None,
        },
        LegendItem {
            label: "production",
            fill: theme.production,
            opacity: theme.fill_opacity,
            outline: Some(theme.production_outline),
            hatch: None,
        },
    ];
    let plot_top = draw_header(&p, &v.column, &legend, w, theme)?;
    let pad = m.px(8.0);
    let bottom = h - (pad + m.font_small() * 1.3 + m.px(6.0));
    let max_share = v
        .ref_share
        .iter()
        .chain(&v.prod_share)
        .fold(0.0_f64, |a, &b| a.max(b));
    let target = ((bottom - plot_top) / m.px(45.0)).round().clamp(2.0, 8.0) as usize;
    let (ytop, step, decimals) = share_axis(max_share, target);
    let frame = Frame {
        left: pad + share_axis_width(&m, ytop, decimals),
        top: plot_top,
        right: w - pad * 1.5,
        bottom,
    };
    if frame.right - frame.left < m.px(20.0) || frame.bottom - frame.top < m.px(20.0) {
        return Err(format!(
            "chart area {w}×{h} px is too small to draw `{}`",
            v.column
        ));
    }
    let plot = (frame.left, frame.top, frame.right, frame.bottom);
    let axis = (ytop, step, decimals);
    paint::draw_share_axis(&p, plot, axis, theme, pad, v.y_label.as_deref())?;

    // Edge pixel positions from the display widths.
    let widths = display_widths(v, k);
    let total: f64 = widths.iter().sum();
    let plot_w = frame.right - frame.left;
    let mut xs = Vec::with_capacity(k + 1);
    let mut acc = 0.0;
    xs.push(frame.left);
    for wi in &widths {
        acc += wi;
        xs.push(frame.left + acc / total * plot_w);
    }
    let y_of = |s: f64| frame.bottom - (s / ytop).min(1.0) * (frame.bottom - frame.top);

    for i in 0..k {
        p.fill_rect(
            xs[i],
            y_of(v.ref_share[i]),
            xs[i + 1],
            frame.bottom,
            theme.reference,
            theme.fill_opacity,
        )?;
    }
    let outline = m.stroke(1.5);
    for i in 0..k {
        let y = y_of(v.prod_share[i]);
        p.fill_rect(
            xs[i],
            y,
            xs[i + 1],
            frame.bottom,
            theme.production,
            theme.fill_opacity,
        )?;
        if v.prod_share[i] > 0.0 {
            p.line(
                &[
                    (xs[i], frame.bottom),
                    (xs[i], y),
                    (xs[i + 1], y),
                    (xs[i + 1], frame.bottom),
                ],
                theme.production_outline,
                outline,
            )?;
        }
    }
    p.line(
        &[(frame.left, frame.bottom), (frame.right, frame.bottom)],
        theme.axis,
        m.stroke(1.0),
    )?;
    // Reference lines at data values, placed by linear interpolation inside their bin.
    for r in &v.rules {
        let x = r.value;
        if !x.is_finite() {
            continue;
        }
        let i = v.edges.partition_point(|e| *e <= x);
        let px = if i == 0 {
            xs[0]
        } else if i > k {
            xs[k]
        } else {
            let (a, b) = (v.edges[i - 1], v.edges[i]);
            xs[i - 1] + (x - a) / (b - a) * (xs[i] - xs[i - 1])
        };
        overlay::rule(&p, plot, overlay::Along::Vertical, px, &r.label, theme)?;
    }

    // Edge labels, thinned greedily so they never overlap.
    let exact = crate::format::axis_distinct(&v.edges);
    let compact: Vec<String> = v.edges.iter().map(|&e| crate::format::compact(e)).collect();
    let edge_text = if compact.windows(2).all(|p| p[0] != p[1]) {
        compact
    } else {
        exact
    };
    let size = m.font_small();
    let gap = m.px(6.0);
    let texts: Vec<String> = (0..=k)
        .map(|i| {
            if i == 0 && v.open_left {
                "−∞".to_string()
            } else if i == k && v.open_right {
                "+∞".to_string()
            } else {
                edge_text.get(i).cloned().unwrap_or_default()
            }
        })
        .collect();
    let span = |i: usize| {
        let tw = text_width(&texts[i], size);
        (xs[i] - tw / 2.0, xs[i] + tw / 2.0)
    };
    // Both ends first (they frame the axis), then the inner edges left to right where they fit.
    let mut chosen = vec![false; k + 1];
    let (first_lo, first_hi) = span(0);
    let (last_lo, last_hi) = span(k);
    chosen[0] = first_lo >= 0.0;
    chosen[k] = last_hi <= w && (!chosen[0] || last_lo >= first_hi + gap);
    let mut prev_hi = if chosen[0] {
        first_hi
    } else {
        f64::NEG_INFINITY
    };
    let limit = if chosen[k] { last_lo - gap } else { w };
    for (i, slot) in chosen.iter_mut().enumerate().take(k).skip(1) {
        let (lo, hi) = span(i);
        if lo >= prev_hi + gap && hi <= limit {
            *slot = true;
            prev_hi = hi;
        }
    }
    for i in (0..=k).filter(|&i| chosen[i]) {
        let x = xs[i];
        p.line(
            &[(x, frame.bottom), (x, frame.bottom + m.px(4.0))],
            theme.axis,
            m.stroke(1.0),
        )?;
        let open_end = (i == 0 && v.open_left) || (i == k && v.open_right);
        p.text(&Label {
            text: &texts[i],
            x,
            y: frame.bottom + m.px(6.0),
            size,
            color: if open_end {
                theme.muted_text
            } else {
                theme.text
            },
            align: Align::Middle,
            valign: VPos::Top,
            vertical: false,
            bold: false,
        })?;
    }

    let (bx, by) = root.get_base_pixel();
    let (bx, by) = (f64::from(bx), f64::from(by));
    let labels = bin_labels(v);
    let bins = (0..k)
        .map(|i| HitBin {
            x0: xs[i] + bx,
            x1: xs[i + 1] + bx,
            anchor_y: y_of(v.ref_share[i].max(v.prod_share[i])) + by,
            label: labels.get(i).cloned().unwrap_or_default(),
            lines: share_lines(
                v.ref_share[i],
                v.prod_share[i],
                (v.ref_rows, v.prod_rows),
                None,
            ),
        })
        .collect();
    Ok(HitMap {
        plot: (
            frame.left + bx,
            frame.top + by,
            frame.right + bx,
            frame.bottom + by,
        ),
        bins,
        xy: None,
    })
}

#[cfg(test)]
mod tests {
    use super::super::test_util::{hist, svg_with_map};
    use super::super::{render_svg, ChartView, Theme};
    use super::*;

    #[test]
    fn renders_both_series_as_rects() {
        let svg =
            render_svg(&ChartView::Histogram(hist()), 640, 320, &Theme::light()).expect("renders");
        assert!(svg.starts_with("<svg"), "{}", &svg[..80.min(svg.len())]);
        let t = Theme::light();
        let hex = |c: plotters::style::RGBColor| format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2);
        // Rectangles of one fill are merged into paths: count their closed subpaths.
        let rects = |c| {
            let key = format!("fill=\"{}\"", hex(c));
            svg.lines()
                .filter(|l| l.contains(&key))
                .map(|l| {
                    if l.starts_with("<rect") {
                        1
                    } else {
                        l.matches('z').count()
                    }
                })
                .sum::<usize>()
        };
        // 4 bins of each series (+1 legend swatch each).
        assert!(
            rects(t.reference) >= 5,
            "reference rects: {}",
            rects(t.reference)
        );
        assert!(
            rects(t.production) >= 5,
            "production rects: {}",
            rects(t.production)
        );
        assert!(svg.contains("reference\n"), "legend");
        assert!(svg.contains("production\n"), "legend");
        assert!(svg.contains("share of rows"));
        assert!(svg.contains("age"));
    }

    #[test]
    fn hit_at_the_centre_of_each_bin_returns_that_bin() {
        let v = hist();
        let (_, map) = svg_with_map(&ChartView::Histogram(v.clone()), 800, 400, 1.0);
        assert_eq!(map.len(), 4);
        for i in 0..4 {
            let (x, y) = map.center(i).expect("bin");
            let hover = map.hit(x, y).expect("hit");
            assert_eq!(hover.index, i);
            assert_eq!(
                hover.lines[0].text,
                format!("reference {:.1} %", v.ref_share[i] * 100.0)
            );
            assert_eq!(
                hover.lines[1].text,
                format!("production {:.1} %", v.prod_share[i] * 100.0)
            );
            let (_, top, _, bottom) = map.plot_rect();
            assert!(hover.y >= top && hover.y <= bottom);
        }
    }

    #[test]
    fn hit_outside_the_plot_is_none() {
        let (_, map) = svg_with_map(&ChartView::Histogram(hist()), 800, 400, 2.0);
        let (l, t, r, b) = map.plot_rect();
        assert!(map.hit(l - 1.0, (t + b) / 2.0).is_none());
        assert!(map.hit(r + 1.0, (t + b) / 2.0).is_none());
        assert!(map.hit((l + r) / 2.0, t - 1.0).is_none());
        assert!(map.hit((l + r) / 2.0, b + 1.0).is_none());
        assert!(map.hit(-5.0, -5.0).is_none());
        assert!(map.hit(f64::NAN, 10.0).is_none());
        assert!(map.hit((l + r) / 2.0, (t + b) / 2.0).is_some());
    }

    #[test]
    fn open_bins_are_labelled_with_their_cut() {
        let v = hist();
        assert_eq!(bin_labels(&v), vec!["< 28", "[28, 30)", "[30, 35)", "≥ 35"]);
        let (_, map) = svg_with_map(&ChartView::Histogram(v), 800, 400, 1.0);
        let (x, y) = map.center(0).expect("bin 0");
        assert_eq!(map.hit(x, y).expect("hit").label, "< 28");
        let (x, y) = map.center(3).expect("bin 3");
        assert_eq!(map.hit(x, y).expect("hit").label, "≥ 35");
    }

    #[test]
    fn closed_bins_use_half_open_intervals_and_a_closed_last_bin() {
        let mut v = hist();
        v.open_left = false;
        v.open_right = false;
        assert_eq!(
            bin_labels(&v),
            vec!["[20, 28)", "[28, 30)", "[30, 35)", "[35, 40]"]
        );
        v.edges = vec![0.0, 1.0];
        v.ref_share = vec![1.0];
        v.prod_share = vec![1.0];
        v.open_left = true;
        v.open_right = true;
        assert_eq!(bin_labels(&v), vec!["all values"]);
        assert!(render_svg(&ChartView::Histogram(v), 300, 200, &Theme::dark()).is_ok());
    }

    #[test]
    fn open_bins_are_drawn_no_wider_than_the_widest_closed_bin() {
        let mut v = hist();
        v.edges = vec![-1e6, 28.0, 30.0, 35.0, 1e9];
        let (_, map) = svg_with_map(&ChartView::Histogram(v), 800, 400, 1.0);
        let (l, _, r, _) = map.plot_rect();
        let (c0, _) = map.center(0).expect("bin 0");
        let (c3, _) = map.center(3).expect("bin 3");
        // Widths 5, 2, 5, 5 of 17 → first bin ends at 5/17 of the plot.
        let w0 = 2.0 * (c0 - l);
        assert!((w0 / (r - l) - 5.0 / 17.0).abs() < 0.01, "{w0}");
        assert!((2.0 * (r - c3) / (r - l) - 5.0 / 17.0).abs() < 0.01);
    }

    #[test]
    fn empty_and_inconsistent_views_are_errors() {
        let mut v = hist();
        v.edges.clear();
        v.ref_share.clear();
        v.prod_share.clear();
        let e = render_svg(&ChartView::Histogram(v), 640, 320, &Theme::light()).expect_err("empty");
        assert!(e.contains("no bins"), "{e}");
        let mut v = hist();
        v.prod_share.pop();
        assert!(render_svg(&ChartView::Histogram(v), 640, 320, &Theme::light()).is_err());
        let mut v = hist();
        v.edges[2] = f64::NAN;
        assert!(render_svg(&ChartView::Histogram(v), 640, 320, &Theme::light()).is_err());
        let mut v = hist();
        v.edges[2] = v.edges[1];
        assert!(render_svg(&ChartView::Histogram(v), 640, 320, &Theme::light()).is_err());
        let mut v = hist();
        v.ref_share[0] = f64::INFINITY;
        assert!(render_svg(&ChartView::Histogram(v), 640, 320, &Theme::light()).is_err());
    }

    #[test]
    fn many_bins_and_all_zero_shares_render() {
        let n = 200;
        let v = HistogramView {
            column: "income".into(),
            edges: (0..=n).map(|i| 10_000.0 + 137.5 * i as f64).collect(),
            ref_share: vec![0.0; n],
            prod_share: vec![1.0 / n as f64; n],
            open_left: false,
            open_right: true,
            ..Default::default()
        };
        let (svg, map) = svg_with_map(&ChartView::Histogram(v), 640, 320, 1.0);
        assert_eq!(map.len(), n);
        assert!(svg.contains("+∞"));
    }
}
