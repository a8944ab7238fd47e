//! Guides drawn on top of (or behind) any chart: horizontal bands, and dashed reference lines
//! with a label. Shared by the bar, histogram and xy charts so every threshold looks the same.

use plotters::prelude::DrawingBackend;
use plotters::style::text_anchor::VPos;

use super::paint::{Align, Label, Painter};
use super::text::{text_width, truncate_to_width};
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
    let (y0, y1) = (
        y_of(b.from).clamp(top, bottom),
        y_of(b.to).clamp(top, bottom),
    );
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
        p.fill_rect(
            x - p.m.px(3.0),
            bt,
            x + w + p.m.px(3.0),
            bb,
            theme.background,
            0.85,
        )?;
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

/// Which way a reference line runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Along {
    /// Across the plot at a pixel row (a y value).
    Horizontal,
    /// Up the plot at a pixel column (an x value).
    Vertical,
}

/// A dashed reference line at pixel `at` (a row for a horizontal line, a column for a vertical
/// one) with its label: a horizontal line's at its right end above it (below it along the top
/// edge), a vertical line's at its top on the side with more room.
pub(crate) fn rule<DB: DrawingBackend>(
    p: &Painter<'_, DB>,
    plot: (f64, f64, f64, f64),
    along: Along,
    at: f64,
    label: &str,
    theme: &Theme,
) -> Result<(), String> {
    let (left, top, right, bottom) = plot;
    let (lo, hi) = match along {
        Along::Horizontal => (top, bottom),
        Along::Vertical => (left, right),
    };
    if !(at.is_finite() && at >= lo - 0.5 && at <= hi + 0.5) {
        return Ok(());
    }
    let path = match along {
        Along::Horizontal => [(left, at), (right, at)],
        Along::Vertical => [(at, top), (at, bottom)],
    };
    p.dashed(&path, theme.text, p.m.stroke(1.5), p.m.px(6.0), p.m.px(4.0))?;
    if label.is_empty() {
        return Ok(());
    }
    let size = p.m.font_small();
    let (x, y, align, valign, room) = match along {
        Along::Horizontal => {
            // Below the line when it runs along the top of the plot.
            let (y, va) = if at - top < size * 1.4 {
                (at + p.m.px(3.0), VPos::Top)
            } else {
                (at - p.m.px(3.0), VPos::Bottom)
            };
            (right - p.m.px(4.0), y, Align::End, va, (right - left) * 0.5)
        }
        Along::Vertical => {
            let right_side = right - at >= at - left;
            let room = if right_side { right - at } else { at - left } - p.m.px(6.0);
            let x = if right_side {
                at + p.m.px(4.0)
            } else {
                at - p.m.px(4.0)
            };
            let align = if right_side { Align::Start } else { Align::End };
            (x, top + p.m.px(2.0), align, VPos::Top, room.max(size))
        }
    };
    let text = truncate_to_width(label, size, room);
    if text_width(&text, size) > room {
        return Ok(());
    }
    p.text(&Label {
        text: &text,
        x,
        y,
        size,
        color: theme.text,
        align,
        valign,
        vertical: false,
        bold: true,
    })
}
