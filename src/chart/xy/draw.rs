//! Painting an [`XyView`] on any `DrawingBackend`, bottom layer first: background, header,
//! band fills, y grid and ticks, x ticks, bars, band labels, rules, lines / steps / markers, the
//! distance marker, then the axes and their titles. Every position comes from the
//! [`Layout`](super::layout::Layout); this file decides only colours, strokes and shapes.

use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingBackend};
use plotters::style::text_anchor::VPos;
use plotters::style::RGBColor;

use super::hit::XyHit;
use super::layout::{self, Layout};
use super::model::{clean, Cleaned, SeriesStyle, XyView};
use crate::chart::paint::{self, Align, Label, LegendItem, Metrics, Painter};
use crate::chart::text::truncate_to_width;
use crate::chart::{draw_header, overlay, HitMap, Swatch, Theme};

/// Colour of a series.
fn color(s: Swatch, theme: &Theme) -> RGBColor {
    match s {
        Swatch::Reference => theme.reference,
        Swatch::Production => theme.production,
        Swatch::Accent => theme.new_category,
        Swatch::Muted => theme.muted_text,
    }
}

/// Draws `v` on `root` and returns its hit map (see the [module docs](super)).
pub(crate) fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    v: &XyView,
    theme: &Theme,
    m: Metrics,
) -> Result<HitMap, String> {
    let (w, h) = root.dim_in_pixel();
    let (w, h) = (f64::from(w), f64::from(h));
    layout::check_area(w, h, m, &v.title)?;
    let cleaned: Vec<Cleaned> = v.series.iter().map(clean).collect();
    if cleaned.iter().all(|(p, _)| p.is_empty()) {
        return Err(format!("chart `{}` has no finite points", v.title));
    }
    let p = Painter { area: root, m };
    root.fill(&theme.background).map_err(paint::err)?;

    let legend: Vec<LegendItem<'_>> = v
        .series
        .iter()
        .filter(|s| !s.name.is_empty())
        .map(|s| LegendItem {
            label: &s.name,
            fill: color(s.swatch, theme),
            opacity: 1.0,
            outline: None,
            hatch: None,
        })
        .collect();
    let plot_top = draw_header(&p, &v.title, &legend, w, theme)?;
    let lay = layout::layout(v, &cleaned, (w, h), plot_top, m)?;
    let plot = lay.plot;
    let (left, plot_top, right, bottom) = plot;
    let (pad, size) = (lay.pad, lay.font);
    let x_of = |x: f64| lay.x_of(x);
    let y_of = |y: f64| lay.y_of(y);

    overlay::band_fills(&p, plot, &v.bands, &y_of, theme)?;

    // Y grid and ticks.
    let thin = m.stroke(1.0);
    for t in &lay.y_ticks {
        let y = y_of(t.value);
        if (y - bottom).abs() > 0.5 {
            p.line(&[(left, y), (right, y)], theme.grid, thin)?;
        }
        p.line(&[(left - m.px(4.0), y), (left, y)], theme.axis, thin)?;
        p.text(&Label {
            text: &t.label,
            x: left - m.px(6.0),
            y,
            size,
            color: theme.text,
            align: Align::End,
            valign: VPos::Center,
            vertical: false,
            bold: false,
        })?;
    }

    // X ticks: every mark, the labels that fit.
    for t in &lay.x_ticks {
        let x = x_of(t.value);
        p.line(&[(x, bottom), (x, bottom + m.px(4.0))], theme.axis, thin)?;
        if !t.shown {
            continue;
        }
        p.text(&Label {
            text: &t.label,
            x,
            y: bottom + m.px(6.0),
            size,
            color: theme.text,
            align: Align::Middle,
            valign: VPos::Top,
            vertical: false,
            bold: false,
        })?;
    }

    // Series: bars first, then lines, then markers on top.
    draw_bars(&p, v, &cleaned, &lay, theme)?;
    overlay::band_labels(&p, plot, &v.bands, &y_of, theme)?;
    for r in &v.y_rules {
        overlay::rule(
            &p,
            plot,
            overlay::Along::Horizontal,
            y_of(r.value),
            &r.label,
            theme,
        )?;
    }
    for r in &v.x_rules {
        overlay::rule(
            &p,
            plot,
            overlay::Along::Vertical,
            x_of(r.value),
            &r.label,
            theme,
        )?;
    }
    draw_lines(&p, v, &cleaned, &lay, theme)?;
    draw_marker(&p, v, &lay, theme)?;

    // Axes and titles.
    p.line(&[(left, plot_top), (left, bottom)], theme.axis, thin)?;
    p.line(&[(left, bottom), (right, bottom)], theme.axis, thin)?;
    p.text(&Label {
        text: &truncate_to_width(&v.x_label, size, right - left),
        x: (left + right) / 2.0,
        y: h - pad,
        size,
        color: theme.muted_text,
        align: Align::Middle,
        valign: VPos::Bottom,
        vertical: false,
        bold: false,
    })?;
    p.text(&Label {
        text: &truncate_to_width(&v.y_label, size, bottom - plot_top),
        x: pad,
        y: (plot_top + bottom) / 2.0,
        size,
        color: theme.muted_text,
        align: Align::Middle,
        valign: VPos::Top,
        vertical: true,
        bold: false,
    })?;

    let (bx, by) = root.get_base_pixel();
    let (bx, by) = (f64::from(bx), f64::from(by));
    Ok(HitMap {
        plot: (left + bx, plot_top + by, right + bx, bottom + by),
        bins: Vec::new(),
        xy: Some(XyHit::new(v, cleaned, &lay, (bx, by), m.px(12.0))),
    })
}

/// The `Bars` series, side by side in each slot.
fn draw_bars<DB: DrawingBackend>(
    p: &Painter<'_, DB>,
    v: &XyView,
    cleaned: &[Cleaned],
    lay: &Layout,
    theme: &Theme,
) -> Result<(), String> {
    let mut bar_k = 0;
    for (s, (pts, _)) in v.series.iter().zip(cleaned) {
        if s.style != SeriesStyle::Bars {
            continue;
        }
        let c = color(s.swatch, theme);
        for q in pts {
            let (x0, y0, x1, y1) = lay.bar(bar_k, *q);
            p.fill_rect(x0, y0, x1, y1, c, 0.85)?;
        }
        bar_k += 1;
    }
    Ok(())
}

/// Lines (with a few markers, so series differ in shape too), dashed guides, steps (production
/// dotted over its colour) and scatters.
fn draw_lines<DB: DrawingBackend>(
    p: &Painter<'_, DB>,
    v: &XyView,
    cleaned: &[Cleaned],
    lay: &Layout,
    theme: &Theme,
) -> Result<(), String> {
    let m = p.m;
    let lw = m.stroke(2.0);
    for (s, (pts, _)) in v.series.iter().zip(cleaned) {
        let c = color(s.swatch, theme);
        let px: Vec<(f64, f64)> = pts
            .iter()
            .map(|q| (lay.x_of(q[0]), lay.y_of(q[1])))
            .collect();
        match s.style {
            SeriesStyle::Line => {
                p.line(&px, c, lw)?;
                // A few markers along the line so the series differ in shape as well (and a
                // lone point, which draws no line, is still seen).
                if s.swatch != Swatch::Muted || px.len() == 1 {
                    let step = (px.len() / 10).max(1);
                    for q in px.iter().step_by(step) {
                        p.dot(q.0, q.1, m.px(3.0), c, s.swatch == Swatch::Production)?;
                    }
                }
            }
            SeriesStyle::Dashed => p.dashed(&px, c, m.stroke(1.5), m.px(5.0), m.px(4.0))?,
            SeriesStyle::Step if px.len() == 1 => {
                p.dot(
                    px[0].0,
                    px[0].1,
                    m.px(3.0),
                    c,
                    s.swatch == Swatch::Production,
                )?;
            }
            SeriesStyle::Step => {
                let mut path = Vec::with_capacity(px.len() * 2);
                for (i, q) in px.iter().enumerate() {
                    if i > 0 {
                        path.push((q.0, px[i - 1].1));
                    }
                    path.push(*q);
                }
                p.line(&path, c, lw)?;
                if s.swatch == Swatch::Production {
                    p.dashed(
                        &path,
                        theme.production_outline,
                        m.stroke(1.0),
                        m.px(2.0),
                        m.px(6.0),
                    )?;
                }
            }
            SeriesStyle::Points => {
                let r = if px.len() > 1500 { 1.5 } else { 2.5 };
                for q in &px {
                    p.dot(q.0, q.1, m.px(r), c, s.swatch == Swatch::Production)?;
                }
            }
            SeriesStyle::Bars => {}
        }
    }
    Ok(())
}

/// The distance marker: a capped vertical segment, labelled on the side with more room.
fn draw_marker<DB: DrawingBackend>(
    p: &Painter<'_, DB>,
    v: &XyView,
    lay: &Layout,
    theme: &Theme,
) -> Result<(), String> {
    let Some(mk) = &v.marker else {
        return Ok(());
    };
    if ![mk.x, mk.y0, mk.y1].iter().all(|v| v.is_finite()) {
        return Ok(());
    }
    let m = p.m;
    let (left, _, right, _) = lay.plot;
    let x = lay.x_of(mk.x);
    let (ya, yb) = (lay.y_of(mk.y0), lay.y_of(mk.y1));
    let c = theme.new_category;
    p.line(&[(x, ya), (x, yb)], c, m.stroke(3.0))?;
    let cap = m.px(5.0);
    p.line(&[(x - cap, ya), (x + cap, ya)], c, m.stroke(2.0))?;
    p.line(&[(x - cap, yb), (x + cap, yb)], c, m.stroke(2.0))?;
    let room_right = right - x;
    let right_side = room_right > x - left;
    let text = truncate_to_width(&mk.label, lay.font, (right - left) * 0.45);
    p.text(&Label {
        text: &text,
        x: if right_side {
            x + m.px(8.0)
        } else {
            x - m.px(8.0)
        },
        y: (ya + yb) / 2.0,
        size: lay.font,
        color: c,
        align: if right_side { Align::Start } else { Align::End },
        valign: VPos::Center,
        vertical: false,
        bold: true,
    })
}

#[cfg(test)]
mod tests {
    use super::super::model::{ecdf, Series};
    use crate::chart::{render_svg, ChartView, Theme};

    use super::*;

    #[test]
    fn degenerate_views_are_errors_or_draw_without_panicking() {
        let empty = XyView {
            title: "nothing".into(),
            ..Default::default()
        };
        assert!(render_svg(&ChartView::Xy(empty), 640, 320, &Theme::light()).is_err());
        let one = XyView {
            title: "one point".into(),
            series: vec![Series {
                style: SeriesStyle::Line,
                points: vec![[f64::NAN, 1.0], [2.0, 2.0]],
                ..Default::default()
            }],
            ..Default::default()
        };
        assert!(render_svg(&ChartView::Xy(one.clone()), 640, 320, &Theme::dark()).is_ok());
        assert!(render_svg(&ChartView::Xy(one), 20, 20, &Theme::dark()).is_err());
        assert!(render_svg(&ChartView::Xy(ecdf()), 640, 320, &Theme::dark()).is_ok());
    }

    #[test]
    fn a_lone_point_is_drawn_as_a_marker() {
        for style in [SeriesStyle::Line, SeriesStyle::Step] {
            let v = XyView {
                title: "one chunk".into(),
                x_categories: vec!["2023-07-15".into()],
                series: vec![Series {
                    name: "production".into(),
                    swatch: Swatch::Reference,
                    style,
                    points: vec![[0.0, 0.741]],
                    ..Default::default()
                }],
                ..Default::default()
            };
            let svg = render_svg(&ChartView::Xy(v), 640, 320, &Theme::light()).expect("draws");
            assert!(svg.contains("<circle"), "{style:?}: no marker");
        }
    }
}
