//! Guides drawn on top of (or behind) any chart: horizontal bands, and dashed reference lines
//! with a label. Shared by the bar, histogram and xy charts so every threshold looks the same.

use plotters::prelude::DrawingBackend;
use plotters::style::text_anchor::VPos;

use super::paint::{text_width, truncate_to_width, Align, Label, Painter};
use super::{Band, Theme};

/// Opacity of a band's fill.
const BAND_OPACITY: f64 = 0.14;

/// Clipped pixel rows `(top, bottom)` of a band, or `None` when it is not visible.
fn band_rows(
    plot: (f64, f64, f64, f64),
    b: &Band,
    y_of: &dyn Fn(f64) -> f64,
) -> Option<(f64, f64)> {
    let (_, top, _, bottom) = plot;
    if !(b.from.is_finite() && b.to.is_finite()) {
        return None;
    }
    let (y0, y1) = (y_of(b.from).clamp(top, bottom), y_of(b.to).clamp(top, bottom));
    let (yt, yb) = (y0.min(y1), y0.max(y1));
    (yb - yt >= 0.5).then_some((yt, yb))
}

/// Fills each band across the plot (clipped to it); drawn before the data.
pub(crate) fn band_fills<DB: DrawingBackend>(
    p: &Painter<'_, DB>,
    plot: (f64, f64, f64, f64),
    bands: &[Band],
    y_of: &dyn Fn(f64) -> f64,
    theme: &Theme,
) -> Result<(), String> {
    let (left, _, right, _) = plot;
    for b in bands {
        if let Some((yt, yb)) = band_rows(plot, b, y_of) {
            p.fill_rect(left, yt, right, yb, theme.muted_text, BAND_OPACITY)?;
        }
    }
    Ok(())
}

/// Each band's edges and its label (bottom left, on a background patch so the data under it
/// cannot hide it); drawn after the data.
pub(crate) fn band_labels<DB: DrawingBackend>(
    p: &Painter<'_, DB>,
    plot: (f64, f64, f64, f64),
    bands: &[Band],
    y_of: &dyn Fn(f64) -> f64,
    theme: &Theme,
) -> Result<(), String> {
    let (left, _, right, bottom) = plot;
    for b in bands {
        let Some((yt, yb)) = band_rows(plot, b, y_of) else {
            continue;
        };
        p.line(&[(left, yt), (right, yt)], theme.axis, p.m.stroke(1.0))?;
        p.line(&[(left, yb), (right, yb)], theme.axis, p.m.stroke(1.0))?;
        if b.label.is_empty() {
            continue;
        }
        let size = p.m.font_small();
        let text = truncate_to_width(&b.label, size, (right - left) * 0.6);
        let w = text_width(&text, size);
        // Below the band when it reaches the plot's bottom there is no room: then inside it.
        let (y, va) = if bottom - yb > size * 1.6 {
            (yb + p.m.px(3.0), VPos::Top)
        } else {
            (yb - p.m.px(3.0), VPos::Bottom)
        };
        let x = left + p.m.px(6.0);
        let (bt, bb) = match va {
            VPos::Top => (y - p.m.px(1.0), y + size * 1.2),
            _ => (y - size * 1.2, y + p.m.px(1.0)),
        };
        p.fill_rect(x - p.m.px(3.0), bt, x + w + p.m.px(3.0), bb, theme.background, 0.85)?;
        p.text(&Label {
            text: &text,
            x,
            y,
            size,
            color: theme.muted_text,
            align: Align::Start,
            valign: va,
            vertical: false,
            bold: false,
        })?;
    }
    Ok(())
}

/// A dashed horizontal line at pixel row `y` with its label at the right end, above the line.
pub(crate) fn hrule<DB: DrawingBackend>(
    p: &Painter<'_, DB>,
    plot: (f64, f64, f64, f64),
    y: f64,
    label: &str,
    theme: &Theme,
) -> Result<(), String> {
    let (left, top, right, bottom) = plot;
    if !(y.is_finite() && y >= top - 0.5 && y <= bottom + 0.5) {
        return Ok(());
    }
    p.dashed(
        &[(left, y), (right, y)],
        theme.text,
        p.m.stroke(1.5),
        p.m.px(6.0),
        p.m.px(4.0),
    )?;
    if !label.is_empty() {
        let size = p.m.font_small();
        let text = truncate_to_width(label, size, (right - left) * 0.5);
        // Below the line when it runs along the top of the plot.
        let (ly, va) = if y - top < size * 1.4 {
            (y + p.m.px(3.0), VPos::Top)
        } else {
            (y - p.m.px(3.0), VPos::Bottom)
        };
        p.text(&Label {
            text: &text,
            x: right - p.m.px(4.0),
            y: ly,
            size,
            color: theme.text,
            align: Align::End,
            valign: va,
            vertical: false,
            bold: true,
        })?;
    }
    Ok(())
}

/// A dashed vertical line at pixel column `x` with its label at the top, beside the line (on
/// the side with more room).
pub(crate) fn vrule<DB: DrawingBackend>(
    p: &Painter<'_, DB>,
    plot: (f64, f64, f64, f64),
    x: f64,
    label: &str,
    theme: &Theme,
) -> Result<(), String> {
    let (left, top, right, bottom) = plot;
    if !(x.is_finite() && x >= left - 0.5 && x <= right + 0.5) {
        return Ok(());
    }
    p.dashed(
        &[(x, top), (x, bottom)],
        theme.text,
        p.m.stroke(1.5),
        p.m.px(6.0),
        p.m.px(4.0),
    )?;
    if !label.is_empty() {
        let size = p.m.font_small();
        let room_right = right - x;
        let room_left = x - left;
        let right_side = room_right >= room_left;
        let room = if right_side { room_right } else { room_left } - p.m.px(6.0);
        let text = truncate_to_width(label, size, room.max(size));
        if text_width(&text, size) > room.max(size) {
            return Ok(());
        }
        p.text(&Label {
            text: &text,
            x: if right_side {
                x + p.m.px(4.0)
            } else {
                x - p.m.px(4.0)
            },
            y: top + p.m.px(2.0),
            size,
            color: theme.text,
            align: if right_side { Align::Start } else { Align::End },
            valign: VPos::Top,
            vertical: false,
            bold: true,
        })?;
    }
    Ok(())
}
