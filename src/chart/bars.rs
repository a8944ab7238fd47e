//! Grouped reference/production bars of a categorical column's shares.

use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingBackend};
use plotters::style::text_anchor::VPos;

use super::axis::{share_axis, share_axis_width};
use super::hit::{share_lines, HitBin};
use super::paint::{self, Align, Label, LegendItem, Metrics, Painter};
use super::text::{text_width, truncate_to_width};
use super::{check_shares, draw_header, overlay, BarsView, Frame, HitMap, Theme, MAX_CATEGORIES};

/// Opacity of the grouped bars (they do not overlap, so they can be nearly opaque).
const BAR_OPACITY: f64 = 0.9;

/// One bar group as drawn.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Slot {
    /// Category as in the data (or `other (n)`).
    pub name: String,
    pub ref_share: f64,
    pub prod_share: f64,
    pub new_in_prod: bool,
    /// Greyed out (e.g. a group too small to judge).
    pub muted: bool,
    /// Tooltip note.
    pub note: String,
}

impl Slot {
    /// Tooltip label: the category, marked `(new)` when seen only in production.
    fn hover_label(&self) -> String {
        if self.new_in_prod {
            format!("{} (new)", self.name)
        } else {
            self.name.clone()
        }
    }
}

fn validate(v: &BarsView) -> Result<usize, String> {
    let col = &v.column;
    let k = v.categories.len();
    if k == 0 {
        return Err(format!("bar chart of `{col}` has no categories"));
    }
    check_shares("the reference share", col, &v.ref_share, k)?;
    check_shares("the production share", col, &v.prod_share, k)?;
    if v.new_in_prod.len() != k {
        return Err(format!(
            "bar chart of `{col}`: new_in_prod has {} values for {k} categories",
            v.new_in_prod.len()
        ));
    }
    Ok(k)
}

/// The slots to draw: all categories in order when there are at most [`MAX_CATEGORIES`]; else the
/// `MAX_CATEGORIES − 1` largest (by the larger of the two shares, in their original order) and one
/// `other (n)` slot summing the `n` others.
pub(crate) fn slots(v: &BarsView) -> Vec<Slot> {
    let k = v.categories.len();
    let slot = |i: usize| Slot {
        name: v.categories[i].clone(),
        ref_share: v.ref_share[i],
        prod_share: v.prod_share[i],
        new_in_prod: v.new_in_prod[i],
        muted: v.muted.get(i).copied().unwrap_or(false),
        note: v.notes.get(i).cloned().unwrap_or_default(),
    };
    if k <= MAX_CATEGORIES {
        return (0..k).map(slot).collect();
    }
    let mut order: Vec<usize> = (0..k).collect();
    // Stable sort: ties keep the original order.
    order.sort_by(|&a, &b| {
        let sa = v.ref_share[a].max(v.prod_share[a]);
        let sb = v.ref_share[b].max(v.prod_share[b]);
        sb.total_cmp(&sa)
    });
    let mut keep: Vec<usize> = order[..MAX_CATEGORIES - 1].to_vec();
    keep.sort_unstable();
    let rest = &order[MAX_CATEGORIES - 1..];
    let mut out: Vec<Slot> = keep.into_iter().map(slot).collect();
    out.push(Slot {
        name: format!("other ({})", rest.len()),
        ref_share: rest.iter().map(|&i| v.ref_share[i]).sum(),
        prod_share: rest.iter().map(|&i| v.prod_share[i]).sum(),
        new_in_prod: false,
        muted: false,
        note: String::new(),
    });
    out
}

/// Axis text of a category (empty values get a visible placeholder).
fn axis_text(name: &str) -> &str {
    if name.trim().is_empty() {
        "(empty)"
    } else {
        name
    }
}

pub(crate) fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    v: &BarsView,
    theme: &Theme,
    m: Metrics,
) -> Result<HitMap, String> {
    validate(v)?;
    let (w, h) = root.dim_in_pixel();
    let (w, h) = (f64::from(w), f64::from(h));
    if w < m.px(120.0) || h < m.px(80.0) {
        return Err(format!(
            "chart area {w}×{h} px is too small to draw `{}`",
            v.column
        ));
    }
    let slots = slots(v);
    let n = slots.len();
    let any_new = slots.iter().any(|s| s.new_in_prod);
    let p = Painter { area: root, m };
    root.fill(&theme.background).map_err(paint::err)?;

    let mut legend = vec![
        LegendItem {
            label: "reference",
            fill: theme.reference,
            opacity: BAR_OPACITY,
            outline: None,
            hatch: None,
        },
        LegendItem {
            label: "production",
            fill: theme.production,
            opacity: BAR_OPACITY,
            outline: Some(theme.production_outline),
            hatch: None,
        },
    ];
    if any_new {
        legend.push(LegendItem {
            label: "new in production",
            fill: theme.production,
            opacity: BAR_OPACITY,
            outline: Some(theme.new_category),
            hatch: Some(theme.new_category),
        });
    }
    let plot_top = draw_header(&p, &v.column, &legend, w, theme)?;
    let pad = m.px(8.0);
    let size = m.font_small();

    // Category labels: horizontal when they fit (possibly truncated), else rotated.
    let max_share = slots
        .iter()
        .fold(0.0_f64, |a, s| a.max(s.ref_share).max(s.prod_share))
        .max(v.bands.iter().map(|b| b.to.max(b.from)).fold(0.0, f64::max))
        .max(v.rules.iter().map(|r| r.value).fold(0.0, f64::max));
    let provisional_left = pad + share_axis_width(&m, max_share.max(0.1), 1);
    let slot_w = (w - pad * 1.5 - provisional_left) / n as f64;
    let widest = slots
        .iter()
        .map(|s| text_width(axis_text(&s.name), size))
        .fold(0.0_f64, f64::max);
    let fits = widest <= slot_w - m.px(4.0);
    let horizontal = fits || slot_w - m.px(4.0) >= text_width("abcdefg", size);
    let label_extent = if horizontal {
        size * 1.3
    } else {
        widest.min(h * 0.35).min(m.px(140.0)).max(size)
    };
    let bottom = h - (pad + label_extent + m.px(6.0));

    // A little headroom for the "new" marks above the bars.
    let head = if any_new { 1.12 } else { 1.0 };
    let target = ((bottom - plot_top) / m.px(45.0)).round().clamp(2.0, 8.0) as usize;
    let (ytop, step, decimals) = share_axis(max_share * head, target);
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
    let y_of = |s: f64| frame.bottom - (s / ytop).min(1.0) * (frame.bottom - frame.top);
    overlay::band_fills(&p, plot, &v.bands, &y_of, theme)?;
    let axis = (ytop, step, decimals);
    paint::draw_share_axis(&p, plot, axis, theme, pad, v.y_label.as_deref())?;

    let slot_w = (frame.right - frame.left) / n as f64;
    let bar_w = slot_w * 0.4;
    // With very narrow slots, label every `every`-th category only.
    let every = if horizontal {
        1
    } else {
        ((size * 1.2) / slot_w).ceil().max(1.0) as usize
    };

    for (i, s) in slots.iter().enumerate() {
        let c = frame.left + slot_w * (i as f64 + 0.5);
        let yr = y_of(s.ref_share);
        let yp = y_of(s.prod_share);
        let opacity = if s.muted { 0.3 } else { BAR_OPACITY };
        if s.ref_share > 0.0 {
            p.fill_rect(c - bar_w, yr, c, frame.bottom, theme.reference, opacity)?;
        }
        if s.prod_share > 0.0 {
            p.fill_rect(c, yp, c + bar_w, frame.bottom, theme.production, opacity)?;
            // Production also differs in shape: an outline.
            p.stroke_rect(
                c,
                yp,
                c + bar_w,
                frame.bottom,
                theme.production_outline,
                m.stroke(1.0),
            )?;
        }
        if s.new_in_prod {
            p.hatch(
                c,
                yp,
                c + bar_w,
                frame.bottom,
                m.px(5.0),
                theme.new_category,
                m.stroke(1.0),
            )?;
            p.stroke_rect(
                c,
                yp,
                c + bar_w,
                frame.bottom,
                theme.new_category,
                m.stroke(1.5),
            )?;
            if text_width("new", size) <= slot_w * 1.2 {
                p.text(&Label {
                    text: "new",
                    x: c + bar_w / 2.0,
                    y: yp - m.px(3.0),
                    size,
                    color: theme.new_category,
                    align: Align::Middle,
                    valign: VPos::Bottom,
                    vertical: false,
                    bold: true,
                })?;
            }
        }
        if i % every != 0 {
            continue;
        }
        let name = axis_text(&s.name);
        if horizontal {
            let text = truncate_to_width(name, size, (slot_w - m.px(4.0)).max(size));
            p.text(&Label {
                text: &text,
                x: c,
                y: frame.bottom + m.px(6.0),
                size,
                color: theme.text,
                align: Align::Middle,
                valign: VPos::Top,
                vertical: false,
                bold: false,
            })?;
        } else {
            let text = truncate_to_width(name, size, label_extent);
            p.text(&Label {
                text: &text,
                x: c,
                y: frame.bottom + m.px(6.0),
                size,
                color: theme.text,
                align: Align::End,
                valign: VPos::Center,
                vertical: true,
                bold: false,
            })?;
        }
    }
    p.line(
        &[(frame.left, frame.bottom), (frame.right, frame.bottom)],
        theme.axis,
        m.stroke(1.0),
    )?;
    overlay::band_labels(&p, plot, &v.bands, &y_of, theme)?;
    for r in &v.rules {
        overlay::rule(
            &p,
            plot,
            overlay::Along::Horizontal,
            y_of(r.value),
            &r.label,
            theme,
        )?;
    }
    if let Some(r) = &v.slot_rule {
        let x = frame.left + slot_w * r.value.clamp(0.0, n as f64);
        overlay::rule(&p, plot, overlay::Along::Vertical, x, &r.label, theme)?;
    }

    let (bx, by) = root.get_base_pixel();
    let (bx, by) = (f64::from(bx), f64::from(by));
    let bins = slots
        .iter()
        .enumerate()
        .map(|(i, s)| HitBin {
            x0: frame.left + slot_w * i as f64 + bx,
            x1: frame.left + slot_w * (i + 1) as f64 + bx,
            anchor_y: y_of(s.ref_share.max(s.prod_share)) + by,
            label: s.hover_label(),
            lines: share_lines(
                s.ref_share,
                s.prod_share,
                (v.ref_rows, v.prod_rows),
                Some(&s.note),
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
    use super::super::test_util::{bars, svg_with_map};
    use super::super::{render_svg, ChartView, Theme};
    use super::*;

    fn hex(c: plotters::style::RGBColor) -> String {
        format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2)
    }

    #[test]
    fn renders_both_series_and_escapes_categories() {
        let svg = render_svg(&ChartView::Bars(bars()), 640, 320, &Theme::light()).expect("renders");
        let t = Theme::light();
        // 3 reference bars (crypto has none) + legend; 4 production bars + 2 legend swatches.
        assert!(
            svg.matches(&format!("fill=\"{}\"", hex(t.reference)))
                .count()
                >= 4
        );
        assert!(
            svg.matches(&format!("fill=\"{}\"", hex(t.production)))
                .count()
                >= 6
        );
        assert!(
            svg.contains("&lt;b&gt;&amp;&quot;x&quot;"),
            "escaped category"
        );
        assert!(!svg.contains("<b>"), "raw markup leaked");
        assert!(svg.contains(">\nnew\n"), "new-category mark");
        assert!(svg.contains("new in production"), "legend");
        assert!(
            svg.contains(&format!("stroke=\"{}\"", hex(t.new_category))),
            "hatching"
        );
    }

    #[test]
    fn hit_at_the_centre_of_each_category_returns_it() {
        let v = bars();
        let (_, map) = svg_with_map(&ChartView::Bars(v.clone()), 800, 400, 2.0);
        assert_eq!(map.len(), 4);
        for i in 0..4 {
            let (x, y) = map.center(i).expect("slot");
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
        }
        let (x, y) = map.center(3).expect("slot");
        assert_eq!(map.hit(x, y).expect("hit").label, "crypto (new)");
        let (x, y) = map.center(2).expect("slot");
        assert_eq!(map.hit(x, y).expect("hit").label, "<b>&\"x\"");
        let (l, t, _, b) = map.plot_rect();
        assert!(map.hit(l - 0.5, (t + b) / 2.0).is_none());
        assert!(map.hit(l + 1.0, b + 3.0).is_none());
    }

    #[test]
    fn more_than_max_categories_are_summed_into_other() {
        let k = 45;
        let shares: Vec<f64> = (0..k).map(|i| (k - i) as f64).collect();
        let total: f64 = shares.iter().sum();
        let v = BarsView {
            column: "city".into(),
            categories: (0..k)
                .map(|i| format!("a rather long city name number {i}"))
                .collect(),
            ref_share: shares.iter().map(|s| s / total).collect(),
            prod_share: shares.iter().rev().map(|s| s / total).collect(),
            new_in_prod: vec![false; k],
            ..Default::default()
        };
        let s = slots(&v);
        assert_eq!(s.len(), MAX_CATEGORIES);
        assert_eq!(
            s[MAX_CATEGORIES - 1].name,
            format!("other ({})", k - (MAX_CATEGORIES - 1))
        );
        let sum_ref: f64 = s.iter().map(|x| x.ref_share).sum();
        let sum_prod: f64 = s.iter().map(|x| x.prod_share).sum();
        assert!((sum_ref - 1.0).abs() < 1e-9 && (sum_prod - 1.0).abs() < 1e-9);
        let (svg, map) = svg_with_map(&ChartView::Bars(v), 900, 400, 1.0);
        assert_eq!(map.len(), MAX_CATEGORIES);
        assert!(svg.contains('…'), "long labels truncated");
        assert!(
            svg.matches("rotate(270").count() > 1,
            "narrow slots rotate the labels"
        );
    }

    #[test]
    fn few_short_categories_are_labelled_horizontally() {
        let v = BarsView {
            column: "has_cosigner".into(),
            categories: vec!["true".into(), "false".into(), "".into()],
            ref_share: vec![0.3, 0.6, 0.1],
            prod_share: vec![0.35, 0.55, 0.1],
            new_in_prod: vec![false; 3],
            ..Default::default()
        };
        let svg = render_svg(&ChartView::Bars(v), 640, 320, &Theme::dark()).expect("renders");
        // Only the y-axis title is rotated.
        assert_eq!(svg.matches("rotate(").count(), 1);
        assert!(svg.contains(">\ntrue\n") && svg.contains(">\nfalse\n") && svg.contains("(empty)"));
    }

    #[test]
    fn empty_and_inconsistent_views_are_errors() {
        let v = BarsView {
            column: "x".into(),
            categories: vec![],
            ref_share: vec![],
            prod_share: vec![],
            new_in_prod: vec![],
            ..Default::default()
        };
        let e = render_svg(&ChartView::Bars(v), 640, 320, &Theme::light()).expect_err("empty");
        assert!(e.contains("no categories"), "{e}");
        let mut v = bars();
        v.new_in_prod.pop();
        assert!(render_svg(&ChartView::Bars(v), 640, 320, &Theme::light()).is_err());
        let mut v = bars();
        v.prod_share[1] = -0.1;
        assert!(render_svg(&ChartView::Bars(v), 640, 320, &Theme::light()).is_err());
    }
}
