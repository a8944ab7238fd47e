//! Charts drawn with plotters on **any** `DrawingBackend`: the page draws on a canvas
//! (`plotters_canvas::CanvasBackend`); the tests and the page's SVG download ([`render_svg`]) draw
//! into an SVG string.
//!
//! Three views (built by `report`, pure data, serde), one [`ChartView`] variant each:
//! * [`HistogramView`] — a numeric column's binned shares: reference and production bars **overlaid**,
//!   bin widths proportional to the edges, the y axis the share of rows (%).
//! * [`BarsView`] — a categorical column's shares: reference and production bars **side by side**
//!   per category; categories seen only in production are hatched and labelled "new"; at most
//!   [`MAX_CATEGORIES`] bars are drawn, the rest summed into one "other (n)" bar.
//! * [`XyView`] — lines, steps, points or bars on two numeric axes: the ECDFs with the KS
//!   distance, ROC, PR, reliability, metrics over time, predicted vs actual.
//!
//! [`draw`] paints a view and returns a [`HitMap`], the pixel→data mapping the UI keeps for
//! tooltips ([`HitMap::hit`]). Everything is in **backend pixels**: the canvas is sized to its CSS
//! size × the device pixel ratio, `draw` gets that ratio as `scale` (fonts, strokes and margins
//! grow with it), and the UI multiplies pointer offsets by the same ratio before calling `hit`.
//!
//! # Files
//! * `view` — the view-models ([`ChartView`]); `hit` — the [`HitMap`] and tooltips;
//! * `histogram`, `bars`, `xy/` — one view each (`xy/` split into model, layout, draw and hit);
//! * `paint` — pixel primitives, the share axis and the legend; `text` — estimated text widths
//!   and truncation; `axis` — nice ticks and the share axis' range;
//! * `overlay` — bands and reference lines shared by the views; `theme` — the colours.
//!
//! # Layer
//! View-models in, plotters out: this layer knows nothing of the analysis. Below it are only the
//! leaves and `stats` (`tests/architecture.rs`); it uses `crate::format` for every number it
//! writes on a chart, and plotters to draw. `report` builds the views; the UI owns the canvas.
//!
//! # Remarks
//! * The layout is computed here, not by `ChartBuilder`: no plotters call measures text, so drawing
//!   never touches the DOM (the wasm font backend does) and works inside a Web Worker. Text widths
//!   are estimated (`text::text_width`), generously, for truncation and spacing.
//! * Open outer histogram bins (`open_left`/`open_right`) are labelled `< c` and `≥ c` where `c` is
//!   the finite cut next to them (`edges[1]`, `edges[k-1]`); their outer display edge is not a real
//!   boundary, so the axis marks it `−∞`/`+∞`, and the bin is drawn **no wider than the widest closed
//!   bin** (display edges taken at the data's min/max would otherwise squeeze the other bins).
//! * A closed last bin is labelled `[a, b]` (numpy's histogram includes the right edge).
//! * Errors are plain `String`s (plotters-canvas' error type is private); a view with no bins, or
//!   with inconsistent lengths or non-finite numbers, is an error, never a panic.

mod axis;
mod bars;
mod histogram;
mod hit;
mod overlay;
mod paint;
mod text;
mod theme;
mod view;
mod xy;

use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingBackend, IntoDrawingArea, SVGBackend};

pub use hit::{HitMap, Hover, HoverLine};
pub use theme::Theme;
pub use view::{Band, BarsView, ChartView, HistogramView, Rule, Swatch, MAX_CATEGORIES};
pub use xy::{AxisFormat, Marker, Series, SeriesStyle, XyView};

/// Draws `view` on `root` (filling it with the theme's background) and returns the hit map.
///
/// `scale` is the device pixel ratio: font sizes, line widths and margins are multiplied by it
/// (values that are not finite and positive count as 1; it is clamped to 0.25–8).
pub fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    view: &ChartView,
    theme: &Theme,
    scale: f64,
) -> Result<HitMap, String> {
    let scale = if scale.is_finite() && scale > 0.0 {
        scale.clamp(0.25, 8.0)
    } else {
        1.0
    };
    let m = paint::Metrics {
        scale,
        font_factor: 1.0,
    };
    draw_with(root, view, theme, m)
}

fn draw_with<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    view: &ChartView,
    theme: &Theme,
    m: paint::Metrics,
) -> Result<HitMap, String> {
    let map = match view {
        ChartView::Histogram(h) => histogram::draw(root, h, theme, m)?,
        ChartView::Bars(b) => bars::draw(root, b, theme, m)?,
        ChartView::Xy(x) => xy::draw(root, x, theme, m)?,
    };
    root.present().map_err(paint::err)?;
    Ok(map)
}

/// Renders `view` as a standalone SVG document of `width` × `height` pixels (scale 1).
pub fn render_svg(
    view: &ChartView,
    width: u32,
    height: u32,
    theme: &Theme,
) -> Result<String, String> {
    if width == 0 || height == 0 {
        return Err(format!("chart size {width}×{height} is empty"));
    }
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (width, height)).into_drawing_area();
        // plotters' SVG backend writes `font-size = size / 1.24`; undo it so text has the intended size.
        let m = paint::Metrics {
            scale: 1.0,
            font_factor: 1.24,
        };
        draw_with(&root, view, theme, m)?;
    }
    Ok(tidy_svg(&out))
}

/// Shrinks plotters' SVG output without changing its rendering: drops the default `opacity="1"`,
/// rounds font sizes (`13.000000000000002` → `13`), states the one font family once on the root
/// instead of on every text, and merges runs of consecutive polylines of the same stroke (an
/// ECDF's steps, a hatching, the grid) into one `<path>` (see [`merge_polylines`]), about a
/// quarter of the size for a step curve. Text content cannot contain `"` or `<` (the backend
/// escapes them), so attribute and element patterns only match markup.
fn tidy_svg(svg: &str) -> String {
    let svg = merge_polylines(svg);
    let svg = if svg.matches("font-family=\"").count()
        == svg.matches("font-family=\"sans-serif\"").count()
    {
        svg.replace(" font-family=\"sans-serif\"", "").replacen(
            "<svg ",
            "<svg font-family=\"sans-serif\" ",
            1,
        )
    } else {
        svg
    };
    let svg = hoist_text_defaults(&svg);
    let svg = svg.replace(" opacity=\"1\"", "");
    let key = "font-size=\"";
    let mut out = String::with_capacity(svg.len());
    let mut rest = svg.as_str();
    while let Some(pos) = rest.find(key) {
        let (head, tail) = rest.split_at(pos + key.len());
        out.push_str(head);
        let end = tail.find('"').unwrap_or(tail.len());
        let (num, after) = tail.split_at(end);
        match num.parse::<f64>() {
            Ok(v) => out.push_str(&crate::format::axis(v, 4)),
            Err(_) => out.push_str(num),
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

/// Merges each run of consecutive elements of the same paint into one `<path>`: polylines
/// (`<polyline …attributes… points="P"/>`: a polyline and a path through the same points paint
/// the same pixels) and unstroked rectangles (`<rect x y width height …attributes…/>` → a closed
/// subpath; the bars of one series never overlap, so one path paints them as the separate
/// rectangles did). Painting order is kept: only neighbours merge.
fn merge_polylines(svg: &str) -> String {
    let mut out = String::with_capacity(svg.len());
    // (is a rectangle run, the shared attributes, the path data)
    let mut run: Option<(bool, &str, String)> = None;
    let flush = |out: &mut String, run: &mut Option<(bool, &str, String)>| {
        if let Some((_, attrs, d)) = run.take() {
            out.push_str("<path ");
            out.push_str(attrs.trim_end());
            out.push_str(" d=\"");
            out.push_str(d.trim_end());
            out.push_str("\"/>\n");
        }
    };
    for line in svg.split_inclusive('\n') {
        let l = line.trim_end();
        let poly = l
            .strip_prefix("<polyline ")
            .and_then(|l| l.strip_suffix("\"/>"))
            .and_then(|l| l.split_once("points=\""))
            .filter(|(_, p)| !p.contains('"'));
        let rect = l
            .strip_prefix("<rect ")
            .and_then(|l| l.strip_suffix("/>"))
            .filter(|l| l.contains("stroke=\"none\""))
            .and_then(parse_rect);
        let item = match (poly, rect) {
            (Some((attrs, points)), _) => Some((false, attrs, points.trim().to_owned())),
            (None, Some((x, y, w, h, attrs))) => {
                Some((true, attrs, format!("M{x},{y}h{w}v{h}h-{w}z")))
            }
            _ => None,
        };
        match item {
            Some((is_rect, attrs, piece)) => {
                let same = matches!(&run, Some((r, a, _)) if *r == is_rect && *a == attrs);
                if !same {
                    flush(&mut out, &mut run);
                    run = Some((is_rect, attrs, String::new()));
                }
                if let Some((_, _, d)) = &mut run {
                    if is_rect {
                        d.push_str(&piece);
                    } else {
                        push_subpath(d, &piece);
                    }
                }
            }
            None => {
                flush(&mut out, &mut run);
                out.push_str(line);
            }
        }
    }
    flush(&mut out, &mut run);
    out
}

/// States the most common text size and colour once on the root (`font-size`, `fill`, both
/// inherited) and drops them from the texts that have them; every other element keeps its own
/// `fill` (plotters writes one on every shape), so only texts inherit.
fn hoist_text_defaults(svg: &str) -> String {
    let most_common = |key: &str| {
        let mut counts: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
        for l in svg.lines().filter(|l| l.starts_with("<text ")) {
            if let Some(v) = l.split(key).nth(1).and_then(|r| r.split('"').next()) {
                *counts.entry(v).or_default() += 1;
            }
        }
        counts
            .into_iter()
            .max_by_key(|(_, n)| *n)
            .map(|(v, _)| v.to_owned())
    };
    let (Some(size), Some(fill)) = (most_common(" font-size=\""), most_common(" fill=\"")) else {
        return svg.to_owned();
    };
    if !svg.lines().any(|l| l.starts_with("<svg ")) {
        return svg.to_owned();
    }
    let (size_attr, fill_attr) = (
        format!(" font-size=\"{size}\""),
        format!(" fill=\"{fill}\""),
    );
    let mut out = String::with_capacity(svg.len());
    let mut root_done = false;
    for line in svg.split_inclusive('\n') {
        if !root_done && line.starts_with("<svg ") {
            out.push_str(&line.replacen("<svg ", &format!("<svg{size_attr}{fill_attr} "), 1));
            root_done = true;
        } else if line.starts_with("<text ") {
            out.push_str(&line.replacen(&size_attr, "", 1).replacen(&fill_attr, "", 1));
        } else {
            out.push_str(line);
        }
    }
    out
}

/// `x="X" y="Y" width="W" height="H" rest` with integer values → (X, Y, W, H, rest).
fn parse_rect(l: &str) -> Option<(i64, i64, i64, i64, &str)> {
    let mut rest = l;
    let mut vals = [0i64; 4];
    for (i, key) in ["x=\"", "y=\"", "width=\"", "height=\""].iter().enumerate() {
        rest = rest.trim_start().strip_prefix(key)?;
        let end = rest.find('"')?;
        vals[i] = rest[..end].parse().ok()?;
        rest = &rest[end + 1..];
    }
    Some((vals[0], vals[1], vals[2], vals[3], rest.trim_start()))
}

/// Appends the polyline `points` ("x,y x,y …", integer pixels as plotters writes them) to the
/// path data `d` as one subpath: an absolute move, then relative `h`/`v`/`l` steps (an ECDF's
/// step `66,272 66,263` becomes `v-9`). Points that are not integers are written absolutely.
fn push_subpath(d: &mut String, points: &str) {
    use std::fmt::Write;
    let parsed: Option<Vec<(i64, i64)>> = points
        .split_whitespace()
        .map(|p| {
            let (x, y) = p.split_once(',')?;
            Some((x.parse().ok()?, y.parse().ok()?))
        })
        .collect();
    match parsed {
        Some(pts) if !pts.is_empty() => {
            let (mut px, mut py) = pts[0];
            let _ = write!(d, "M{px},{py}");
            for &(x, y) in &pts[1..] {
                let (dx, dy) = (x - px, y - py);
                let _ = match (dx, dy) {
                    (0, 0) => Ok(()),
                    (_, 0) => write!(d, "h{dx}"),
                    (0, _) => write!(d, "v{dy}"),
                    _ if dy < 0 => write!(d, "l{dx}{dy}"),
                    _ => write!(d, "l{dx},{dy}"),
                };
                (px, py) = (x, y);
            }
            if pts.len() == 1 {
                d.push_str("h0");
            }
        }
        _ => {
            d.push('M');
            d.push_str(points);
            d.push(' ');
        }
    }
}

#[cfg(test)]
mod compact_tests {
    use super::*;

    #[test]
    fn runs_of_the_same_stroke_or_fill_merge_into_one_path_in_order() {
        let raw = "<svg width=\"10\">\n<polyline fill=\"none\" stroke=\"#111111\" stroke-width=\"1\" points=\"1,1 1,5 4,5 \"/>\n<polyline fill=\"none\" stroke=\"#111111\" stroke-width=\"1\" points=\"6,2 8,9 \"/>\n<rect x=\"1\" y=\"2\" width=\"3\" height=\"4\" fill=\"#222222\" stroke=\"none\"/>\n<rect x=\"5\" y=\"2\" width=\"3\" height=\"1\" fill=\"#222222\" stroke=\"none\"/>\n<polyline fill=\"none\" stroke=\"#111111\" stroke-width=\"1\" points=\"0,0 2,0 \"/>\n</svg>\n";
        assert_eq!(
            merge_polylines(raw),
            "<svg width=\"10\">\n<path fill=\"none\" stroke=\"#111111\" stroke-width=\"1\" d=\"M1,1v4h3M6,2l2,7\"/>\n<path fill=\"#222222\" stroke=\"none\" d=\"M1,2h3v4h-3zM5,2h3v1h-3z\"/>\n<path fill=\"none\" stroke=\"#111111\" stroke-width=\"1\" d=\"M0,0h2\"/>\n</svg>\n"
        );
        let mut d = String::new();
        push_subpath(&mut d, "10,10 7,6 7.5,2");
        assert_eq!(d, "M10,10 7,6 7.5,2 ", "non-integer points stay absolute");
        d.clear();
        push_subpath(&mut d, "3,3 1,7 4,2");
        assert_eq!(d, "M3,3l-2,4l3-5");
    }
}

/// Plot rectangle of the two share charts (histogram and bars), below the header that
/// [`draw_header`] lays out for every view (the xy chart keeps its own in its layout).
struct Frame {
    /// Plot rectangle relative to the drawing area.
    left: f64,
    top: f64,
    right: f64,
    bottom: f64,
}

/// Lays out and draws the title and legend; returns the y where the plot may start.
fn draw_header<DB: DrawingBackend>(
    p: &paint::Painter<'_, DB>,
    title: &str,
    legend: &[paint::LegendItem<'_>],
    width: f64,
    theme: &Theme,
) -> Result<f64, String> {
    use paint::{Align, Label};
    use plotters::style::text_anchor::VPos;
    use text::{text_width, truncate_to_width};
    let m = p.m;
    let pad = m.px(8.0);
    let legend_w: f64 = legend
        .iter()
        .map(|it| m.px(12.0) + m.px(5.0) + text_width(it.label, m.font_normal()))
        .sum::<f64>()
        + m.px(14.0) * legend.len().saturating_sub(1) as f64;
    let row_h = m.font_title() * 1.4;
    let avail_title = width - 2.0 * pad - legend_w - m.px(16.0);
    // Title and legend share a row only when the whole title fits beside the legend.
    let two_rows = avail_title < text_width(title, m.font_title()) && !legend.is_empty();
    let title_w = if two_rows {
        width - 2.0 * pad
    } else {
        avail_title
    };
    let title = truncate_to_width(title, m.font_title(), title_w.max(m.px(20.0)));
    let y_mid = pad + row_h / 2.0;
    p.text(&Label {
        text: &title,
        x: pad,
        y: y_mid,
        size: m.font_title(),
        color: theme.text,
        align: Align::Start,
        valign: VPos::Center,
        vertical: false,
        bold: true,
    })?;
    let legend_y = if two_rows { y_mid + row_h } else { y_mid };
    paint::draw_legend(p, legend, width - pad, legend_y, theme)?;
    Ok(legend_y + row_h / 2.0 + m.px(6.0))
}

/// Checks a share vector: right length, finite, non-negative.
fn check_shares(what: &str, column: &str, shares: &[f64], k: usize) -> Result<(), String> {
    if shares.len() != k {
        return Err(format!(
            "chart of `{column}`: {what} has {} values for {k} bins",
            shares.len()
        ));
    }
    if let Some(v) = shares.iter().find(|v| !v.is_finite() || **v < 0.0) {
        return Err(format!(
            "chart of `{column}`: {what} contains {v}, expected shares in [0, 1]"
        ));
    }
    Ok(())
}

#[cfg(test)]
pub(crate) mod test_util {
    use super::*;

    /// A 4-bin histogram with open outer bins.
    pub fn hist() -> HistogramView {
        HistogramView {
            column: "age".into(),
            edges: vec![20.0, 28.0, 30.0, 35.0, 40.0],
            ref_share: vec![0.2, 0.3, 0.4, 0.1],
            prod_share: vec![0.1, 0.2, 0.3, 0.4],
            open_left: true,
            open_right: true,
            ..Default::default()
        }
    }

    pub fn bars() -> BarsView {
        BarsView {
            column: "loan_purpose".into(),
            categories: vec![
                "car".into(),
                "home".into(),
                "<b>&\"x\"".into(),
                "crypto".into(),
            ],
            ref_share: vec![0.5, 0.3, 0.2, 0.0],
            prod_share: vec![0.4, 0.3, 0.24, 0.06],
            new_in_prod: vec![false, false, false, true],
            ..Default::default()
        }
    }

    /// Renders natively into an SVG string and returns it with the hit map.
    pub fn svg_with_map(view: &ChartView, w: u32, h: u32, scale: f64) -> (String, HitMap) {
        let mut out = String::new();
        let map = {
            let root = SVGBackend::with_string(&mut out, (w, h)).into_drawing_area();
            draw(&root, view, &Theme::light(), scale).expect("draws")
        };
        (out, map)
    }
}

#[cfg(test)]
mod tests {
    use super::test_util::*;
    use super::*;

    #[test]
    fn tidy_svg_rounds_font_sizes_and_drops_default_opacity() {
        let raw = "<text font-size=\"13.000000000000002\" opacity=\"1\" fill=\"#000\">\na\n</text><rect opacity=\"0.55\"/>";
        assert_eq!(
            tidy_svg(raw),
            "<text font-size=\"13\" fill=\"#000\">\na\n</text><rect opacity=\"0.55\"/>"
        );
        let svg =
            render_svg(&ChartView::Histogram(hist()), 640, 320, &Theme::light()).expect("renders");
        assert!(!svg.contains("00000000"), "unrounded font size");
        // Runs of polylines and unstroked rectangles became paths; texts inherit the root's
        // most common size and colour.
        assert!(!svg.contains("<polyline"), "{svg}");
        assert!(
            svg.starts_with("<svg font-size=\"11\" fill=\"#1F2328\" font-family=\"sans-serif\" "),
            "{}",
            &svg[..120]
        );
        assert!(svg.contains("font-size=\"13\""), "title size");
        assert!(svg.trim_end().ends_with("</svg>"));
    }

    #[test]
    fn render_svg_rejects_zero_size() {
        assert!(render_svg(&ChartView::Histogram(hist()), 0, 100, &Theme::light()).is_err());
    }

    #[test]
    fn tiny_area_is_an_error_not_a_panic() {
        for (w, h) in [(1, 1), (10, 10), (40, 30)] {
            assert!(render_svg(&ChartView::Histogram(hist()), w, h, &Theme::light()).is_err());
            assert!(render_svg(&ChartView::Bars(bars()), w, h, &Theme::light()).is_err());
        }
    }

    #[test]
    fn both_themes_and_scales_render() {
        for theme in [Theme::light(), Theme::dark()] {
            for view in [ChartView::Histogram(hist()), ChartView::Bars(bars())] {
                let svg = render_svg(&view, 640, 320, &theme).expect("renders");
                assert!(svg.contains("<svg"));
            }
        }
        for scale in [0.5, 1.0, 2.0, 3.0, f64::NAN, -1.0] {
            let (svg, map) = svg_with_map(&ChartView::Bars(bars()), 1280, 640, scale);
            assert!(svg.contains("<rect"));
            assert_eq!(map.len(), 4);
        }
    }

    #[test]
    fn hit_map_respects_a_shifted_drawing_area() {
        let mut out = String::new();
        let view = ChartView::Histogram(hist());
        let (map_full, map_sub) = {
            let root = SVGBackend::with_string(&mut out, (800, 600)).into_drawing_area();
            let (top, bottom) = root.split_vertically(300);
            let a = draw(&top, &view, &Theme::light(), 1.0).expect("draws");
            let b = draw(&bottom, &view, &Theme::light(), 1.0).expect("draws");
            (a, b)
        };
        let (ax, ay) = map_full.center(2).expect("bin 2");
        let (bx, by) = map_sub.center(2).expect("bin 2");
        assert!((ax - bx).abs() < 1e-9);
        assert!((by - ay - 300.0).abs() < 1e-9);
        assert_eq!(map_sub.hit(bx, by).map(|h| h.index), Some(2));
        assert_eq!(map_sub.hit(bx, ay), None);
    }
}
