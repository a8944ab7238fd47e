//! Low-level painting shared by the charts: pixel-space primitives on a plotters drawing area,
//! the share axis and the legend. Text widths come from [`super::text`], tick positions from
//! [`super::axis`].
//!
//! # Remarks
//! The charts lay themselves out by hand instead of using `ChartBuilder`/`configure_mesh`: those
//! measure text through the font backend, which natively (without the `ttf` feature) is a crude
//! estimator and on wasm creates DOM elements (so it would panic in a Web Worker). Here no plotters
//! call ever measures text; widths are estimated ([`super::text::text_width`]), so the same code
//! draws on a canvas, into an SVG string natively, and into an SVG string inside the worker.

use plotters::coord::Shift;
use plotters::element::{PathElement, Rectangle, Text};
use plotters::prelude::{DrawingArea, DrawingBackend};
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{Color, FontFamily, FontStyle, FontTransform, IntoFont, RGBColor};

use super::text::{printable, text_width, truncate_to_width};

/// Turns any displayable drawing error into the `String` the public API returns.
pub(crate) fn err<E: std::fmt::Display>(e: E) -> String {
    format!("chart drawing failed: {e}")
}

/// Sizes in backend pixels, derived from the device pixel ratio.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Metrics {
    /// Device pixel ratio (multiplies every length).
    pub scale: f64,
    /// Factor from the wanted on-screen font pixel size to the size handed to plotters. The canvas
    /// backend uses the size as CSS px; the SVG backend writes `size / 1.24`, so SVG passes 1.24.
    pub font_factor: f64,
}

impl Metrics {
    /// A length of `v` CSS pixels in backend pixels.
    pub fn px(&self, v: f64) -> f64 {
        v * self.scale
    }
    /// A stroke width of `v` CSS pixels (at least one backend pixel).
    pub fn stroke(&self, v: f64) -> u32 {
        let w = (v * self.scale).round();
        if w.is_finite() && w >= 1.0 {
            w as u32
        } else {
            1
        }
    }
    /// Font size (on-screen backend pixels) of the tick labels.
    pub fn font_small(&self) -> f64 {
        self.px(11.0)
    }
    /// Font size of the legend.
    pub fn font_normal(&self) -> f64 {
        self.px(12.0)
    }
    /// Font size of the title.
    pub fn font_title(&self) -> f64 {
        self.px(13.0)
    }
}

/// Horizontal placement of a text relative to its anchor point.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Align {
    Start,
    Middle,
    End,
}

/// One text to draw.
pub(crate) struct Label<'s> {
    pub text: &'s str,
    pub x: f64,
    pub y: f64,
    /// On-screen font size in backend pixels.
    pub size: f64,
    pub color: RGBColor,
    pub align: Align,
    /// Vertical anchor: `Top` (text hangs below `y`), `Center`, or `Bottom` (text sits on `y`).
    pub valign: VPos,
    /// Read bottom-to-top (rotated by 270°); `align` then runs along the rotated baseline.
    pub vertical: bool,
    pub bold: bool,
}

/// Pixel-space painter over a plotters drawing area (coordinates relative to the area).
pub(crate) struct Painter<'a, DB: DrawingBackend> {
    pub area: &'a DrawingArea<DB, Shift>,
    pub m: Metrics,
}

/// Backend pixel of a point. Coordinates are clamped to ±10⁶ px (far outside any canvas), so a
/// data value that maps absurdly far away still gives a sane line, and `+ 1` cannot overflow;
/// `as` maps NaN to 0.
fn ipt(x: f64, y: f64) -> (i32, i32) {
    const FAR: f64 = 1e6;
    (
        x.clamp(-FAR, FAR).round() as i32,
        y.clamp(-FAR, FAR).round() as i32,
    )
}

impl<'a, DB: DrawingBackend> Painter<'a, DB> {
    /// Fills the axis-aligned rectangle spanned by two corners.
    pub fn fill_rect(
        &self,
        x0: f64,
        y0: f64,
        x1: f64,
        y1: f64,
        color: RGBColor,
        opacity: f64,
    ) -> Result<(), String> {
        let (l, r) = if x0 <= x1 { (x0, x1) } else { (x1, x0) };
        let (t, b) = if y0 <= y1 { (y0, y1) } else { (y1, y0) };
        let (p0, mut p1) = (ipt(l, t), ipt(r, b));
        // Keep very thin bars visible: at least one pixel wide and tall.
        if p1.0 <= p0.0 {
            p1.0 = p0.0 + 1;
        }
        if p1.1 <= p0.1 {
            p1.1 = p0.1 + 1;
        }
        let style = color.mix(opacity.clamp(0.0, 1.0)).filled();
        self.area
            .draw(&Rectangle::new([p0, p1], style))
            .map_err(err)
    }

    /// Strokes a polyline.
    pub fn line(&self, pts: &[(f64, f64)], color: RGBColor, width: u32) -> Result<(), String> {
        let pts: Vec<(i32, i32)> = pts.iter().map(|&(x, y)| ipt(x, y)).collect();
        let style = color.stroke_width(width);
        self.area.draw(&PathElement::new(pts, style)).map_err(err)
    }

    /// Strokes a dashed polyline (`dash` on, `gap` off, in backend pixels).
    pub fn dashed(
        &self,
        pts: &[(f64, f64)],
        color: RGBColor,
        width: u32,
        dash: f64,
        gap: f64,
    ) -> Result<(), String> {
        if !(dash > 0.5 && gap > 0.5) {
            return self.line(pts, color, width);
        }
        let mut on = true;
        let mut left = dash;
        for w in pts.windows(2) {
            let ((x0, y0), (x1, y1)) = (w[0], w[1]);
            let len = ((x1 - x0).powi(2) + (y1 - y0).powi(2)).sqrt();
            if !(len.is_finite() && len > 0.0) {
                continue;
            }
            let mut t = 0.0;
            let mut guard = 0;
            while t < len && guard < 20_000 {
                guard += 1;
                let step = left.min(len - t);
                if on {
                    let a = (x0 + (x1 - x0) * t / len, y0 + (y1 - y0) * t / len);
                    let b = (
                        x0 + (x1 - x0) * (t + step) / len,
                        y0 + (y1 - y0) * (t + step) / len,
                    );
                    self.line(&[a, b], color, width)?;
                }
                t += step;
                left -= step;
                if left <= 1e-9 {
                    on = !on;
                    left = if on { dash } else { gap };
                }
            }
        }
        Ok(())
    }

    /// A filled marker of radius `r` centred on `(x, y)`: a circle, or a square when `square`
    /// (reference and production differ in shape, not only in colour).
    pub fn dot(&self, x: f64, y: f64, r: f64, color: RGBColor, square: bool) -> Result<(), String> {
        if square {
            return self.fill_rect(x - r, y - r, x + r, y + r, color, 1.0);
        }
        let c = ipt(x, y);
        let rr = r.round().clamp(1.0, 1000.0) as i32;
        self.area
            .draw(&plotters::element::Circle::new(c, rr, color.filled()))
            .map_err(err)
    }

    /// Strokes the outline of a rectangle (as a path, so the stroke width is honoured by the SVG
    /// backend too, whose `<rect>` output has no `stroke-width`).
    pub fn stroke_rect(
        &self,
        x0: f64,
        y0: f64,
        x1: f64,
        y1: f64,
        color: RGBColor,
        width: u32,
    ) -> Result<(), String> {
        self.line(
            &[(x0, y1), (x0, y0), (x1, y0), (x1, y1), (x0, y1)],
            color,
            width,
        )
    }

    /// Diagonal hatching ("/") inside a rectangle, line spacing `gap` backend pixels.
    #[allow(clippy::too_many_arguments)]
    pub fn hatch(
        &self,
        x0: f64,
        y0: f64,
        x1: f64,
        y1: f64,
        gap: f64,
        color: RGBColor,
        width: u32,
    ) -> Result<(), String> {
        let (l, r) = (x0.min(x1), x0.max(x1));
        let (t, b) = (y0.min(y1), y0.max(y1));
        let (w, h) = (r - l, b - t);
        if !(w > 0.5 && h > 0.5 && gap > 0.5) {
            return Ok(());
        }
        // Lines x + y = c (screen coordinates, so they rise to the right), clipped to the box.
        let mut c = l + t + gap / 2.0;
        let end = r + b;
        let mut guard = 0;
        while c < end && guard < 10_000 {
            guard += 1;
            // Enter on the left or bottom edge, leave on the top or right edge.
            let (sx, sy) = if c - l <= b { (l, c - l) } else { (c - b, b) };
            let (ex, ey) = if c - t <= r { (c - t, t) } else { (r, c - r) };
            if sy >= t && ey <= b {
                self.line(&[(sx, sy), (ex, ey)], color, width)?;
            }
            c += gap;
        }
        Ok(())
    }

    /// Draws a text; control characters are shown as spaces.
    pub fn text(&self, l: &Label<'_>) -> Result<(), String> {
        let clean = printable(l.text);
        let h = match l.align {
            Align::Start => HPos::Left,
            Align::Middle => HPos::Center,
            Align::End => HPos::Right,
        };
        let size = l.size * self.m.font_factor;
        let font = (
            FontFamily::SansSerif,
            size,
            if l.bold {
                FontStyle::Bold
            } else {
                FontStyle::Normal
            },
        )
            .into_font();
        let mut style = font.color(&l.color).pos(Pos::new(h, l.valign));
        if l.vertical {
            style = style.transform(FontTransform::Rotate270);
        }
        self.area
            .draw(&Text::new(clean, ipt(l.x, l.y), style))
            .map_err(err)
    }
}

/// Draws the y axis of shares: grid lines, tick labels in percent and the rotated axis title
/// (at `title_x`). `plot` is (left, top, right, bottom); `axis` is
/// [`share_axis`](super::axis::share_axis)'s `(top, step, decimals)`; `title` defaults to
/// "share of rows".
pub(crate) fn draw_share_axis<DB: DrawingBackend>(
    p: &Painter<'_, DB>,
    plot: (f64, f64, f64, f64),
    axis: (f64, f64, usize),
    theme: &super::Theme,
    title_x: f64,
    title: Option<&str>,
) -> Result<(), String> {
    let (top, step, decimals) = axis;
    let title = title.unwrap_or("share of rows");
    let (left, ptop, right, bottom) = plot;
    let y_of = |s: f64| bottom - (s / top) * (bottom - ptop);
    let n = (top / step).round().max(1.0) as usize;
    let grid_w = p.m.stroke(1.0);
    for i in 0..=n.min(50) {
        let s = step * i as f64;
        let y = y_of(s);
        if i > 0 {
            p.line(&[(left, y), (right, y)], theme.grid, grid_w)?;
        }
        p.line(&[(left - p.m.px(4.0), y), (left, y)], theme.axis, grid_w)?;
        p.text(&Label {
            text: &crate::format::percent(s, decimals),
            x: left - p.m.px(6.0),
            y,
            size: p.m.font_small(),
            color: theme.text,
            align: Align::End,
            valign: VPos::Center,
            vertical: false,
            bold: false,
        })?;
    }
    p.line(&[(left, ptop), (left, bottom)], theme.axis, grid_w)?;
    p.text(&Label {
        text: &truncate_to_width(title, p.m.font_small(), bottom - ptop),
        x: title_x,
        y: (ptop + bottom) / 2.0,
        size: p.m.font_small(),
        color: theme.muted_text,
        align: Align::Middle,
        valign: VPos::Top,
        vertical: true,
        bold: false,
    })
}

/// One legend entry.
pub(crate) struct LegendItem<'s> {
    pub label: &'s str,
    pub fill: RGBColor,
    pub opacity: f64,
    pub outline: Option<RGBColor>,
    pub hatch: Option<RGBColor>,
}

/// Draws legend entries right-aligned so that the last ends at `right`, vertically centred on `y`.
pub(crate) fn draw_legend<DB: DrawingBackend>(
    p: &Painter<'_, DB>,
    items: &[LegendItem<'_>],
    right: f64,
    y: f64,
    theme: &super::Theme,
) -> Result<(), String> {
    let size = p.m.font_normal();
    let sw = p.m.px(12.0);
    let gap = p.m.px(5.0);
    let between = p.m.px(14.0);
    let total: f64 = items
        .iter()
        .map(|it| sw + gap + text_width(it.label, size))
        .sum::<f64>()
        + between * items.len().saturating_sub(1) as f64;
    let mut x = right - total;
    for it in items {
        let (x0, y0, x1, y1) = (x, y - sw / 2.0, x + sw, y + sw / 2.0);
        p.fill_rect(x0, y0, x1, y1, it.fill, it.opacity)?;
        if let Some(h) = it.hatch {
            p.hatch(x0, y0, x1, y1, p.m.px(4.0), h, p.m.stroke(1.0))?;
        }
        if let Some(o) = it.outline {
            p.stroke_rect(x0, y0, x1, y1, o, p.m.stroke(1.5))?;
        }
        x = x1 + gap;
        p.text(&Label {
            text: it.label,
            x,
            y,
            size,
            color: theme.text,
            align: Align::Start,
            valign: VPos::Center,
            vertical: false,
            bold: false,
        })?;
        x += text_width(it.label, size) + between;
    }
    Ok(())
}
