//! Charts on two numeric axes: lines (ROC, PR, reliability, rolling accuracy), steps (ECDF),
//! points (predicted vs actual) and bars over categories (per-chunk metrics), with horizontal
//! bands (reference accuracy ± tolerance), dashed reference lines (thresholds, change points) and
//! one vertical marker segment (the KS distance).
//!
//! # Remarks
//! * `Line` and `Step` points must be sorted by x (the view builders sort them; `draw` sorts a
//!   copy when they are not). The tooltip interpolates a line linearly at the pointer's x and
//!   reads a step function's value (right-continuous, as an ECDF) there; the note of the nearest
//!   point (e.g. the ROC threshold) is added.
//! * Points of a `Points` series are hit in 2-D (nearest within 12 CSS px).
//! * With `x_categories`, x values are category indices 0…n−1, labelled by the categories.
//! * Reference is drawn with circles and production with squares on top of the colour, so the
//!   two differ in shape too (colour-blind safe); guides are grey and dashed.

use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingBackend};
use plotters::style::text_anchor::VPos;
use plotters::style::RGBColor;

use super::paint::{
    self, nice_ticks, text_width, truncate_to_width, Align, Label, LegendItem, Metrics, Painter,
};
use super::{draw_header, overlay, Band, HitMap, Hover, HoverLine, Rule, Swatch, Theme};

/// How an axis' numbers are written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AxisFormat {
    /// `0.25`, `41.2k`.
    #[default]
    Number,
    /// Shares in [0, 1] written as `25 %`.
    Percent,
}

impl AxisFormat {
    /// Exact value for a tooltip.
    fn exact(self, v: f64) -> String {
        match self {
            AxisFormat::Number => crate::format::axis(v, 4),
            AxisFormat::Percent => format!("{} %", crate::format::axis(v * 100.0, 3)),
        }
    }
    /// Tick label.
    fn tick(self, v: f64, step: f64) -> String {
        match self {
            AxisFormat::Number => crate::format::compact(v),
            AxisFormat::Percent => {
                let pct_step = step * 100.0;
                let decimals = if pct_step >= 1.0 || pct_step <= 0.0 {
                    0
                } else {
                    (-pct_step.log10()).ceil().clamp(0.0, 6.0) as usize
                };
                format!("{:.*}%", decimals, v * 100.0)
            }
        }
    }
}

/// How a series is drawn.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SeriesStyle {
    /// Straight segments through the points.
    #[default]
    Line,
    /// A right-continuous step function (an ECDF).
    Step,
    /// A dashed line (guides such as the diagonal).
    Dashed,
    /// Markers only.
    Points,
    /// Bars at the x values (categories).
    Bars,
}

fn yes() -> bool {
    true
}

/// One series.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Series {
    /// Legend and tooltip name (empty: no legend entry).
    pub name: String,
    /// Colour (and marker shape).
    pub swatch: Swatch,
    /// Drawing style.
    pub style: SeriesStyle,
    /// `[x, y]` points; non-finite points are skipped.
    pub points: Vec<[f64; 2]>,
    /// Tooltip note per point (e.g. `threshold 0.43`, `n = 120`); empty = none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// Shown in the tooltip.
    #[serde(default = "yes")]
    pub hover: bool,
}

/// A vertical segment marking a distance, e.g. the KS statistic between two ECDFs.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Marker {
    /// Where.
    pub x: f64,
    /// One end.
    pub y0: f64,
    /// The other end.
    pub y1: f64,
    /// Label drawn beside it (e.g. `D = 0.213 at 41 250`).
    pub label: String,
}

/// A chart on two numeric axes.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct XyView {
    /// Title.
    pub title: String,
    /// X axis title.
    pub x_label: String,
    /// Y axis title.
    pub y_label: String,
    /// X number format.
    #[serde(default)]
    pub x_format: AxisFormat,
    /// Y number format.
    #[serde(default)]
    pub y_format: AxisFormat,
    /// Fixed x range (else the data's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub x_range: Option<[f64; 2]>,
    /// Fixed y range (else the data's, widened to whole ticks).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub y_range: Option<[f64; 2]>,
    /// Category labels of x = 0, 1, … (empty: numeric x).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub x_categories: Vec<String>,
    /// Series in drawing order.
    pub series: Vec<Series>,
    /// Horizontal bands.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bands: Vec<Band>,
    /// Vertical reference lines at x values.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub x_rules: Vec<Rule>,
    /// Horizontal reference lines at y values.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub y_rules: Vec<Rule>,
    /// A marked distance.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<Marker>,
}

/// Colour of a series.
fn color(s: Swatch, theme: &Theme) -> RGBColor {
    match s {
        Swatch::Reference => theme.reference,
        Swatch::Production => theme.production,
        Swatch::Accent => theme.new_category,
        Swatch::Muted => theme.muted_text,
    }
}

/// A series as hit-tested: finite points, in pixels and data units.
#[derive(Clone, Debug, PartialEq)]
struct HitSeries {
    name: String,
    swatch: Swatch,
    style: SeriesStyle,
    px: Vec<(f64, f64)>,
    data: Vec<[f64; 2]>,
    notes: Vec<String>,
}

/// The pixel→data mapping of an xy chart.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct XyHit {
    /// Data x range and its pixel columns (absolute backend pixels).
    x: (f64, f64, f64, f64),
    x_format: AxisFormat,
    y_format: AxisFormat,
    x_label: String,
    y_label: String,
    categories: Vec<String>,
    series: Vec<HitSeries>,
    /// Hit radius for points, backend pixels.
    radius: f64,
}

fn lerp(v: f64, (d0, d1, p0, p1): (f64, f64, f64, f64)) -> f64 {
    if d1 == d0 {
        (p0 + p1) / 2.0
    } else {
        p0 + (v - d0) / (d1 - d0) * (p1 - p0)
    }
}

impl XyHit {
    fn data_x(&self, px: f64) -> f64 {
        let (d0, d1, p0, p1) = self.x;
        lerp(px, (p0, p1, d0, d1))
    }

    fn line(&self, s: &HitSeries, i: usize, y: f64, exact: bool) -> HoverLine {
        let value = self.y_format.exact(y);
        let mut text = if s.name.is_empty() {
            value
        } else {
            format!("{} {value}", s.name)
        };
        if !exact {
            text = format!("{text} (interpolated)");
        }
        if let Some(n) = s.notes.get(i).filter(|n| !n.is_empty()) {
            text = format!("{text} · {n}");
        }
        HoverLine {
            swatch: s.swatch,
            text,
        }
    }

    pub(crate) fn hit(&self, px: f64, py: f64) -> Option<Hover> {
        let x = self.data_x(px);
        if !self.categories.is_empty() {
            let i = x.round();
            if !(i >= 0.0 && (i as usize) < self.categories.len()) {
                return None;
            }
            let i = i as usize;
            let mut lines = Vec::new();
            let mut anchor: Option<f64> = None;
            for s in &self.series {
                if let Some(j) = s.data.iter().position(|p| p[0] == i as f64) {
                    lines.push(self.line(s, j, s.data[j][1], true));
                    let y = s.px[j].1;
                    anchor = Some(anchor.map_or(y, |a: f64| a.min(y)));
                }
            }
            if lines.is_empty() {
                return None;
            }
            return Some(Hover {
                index: i,
                label: self.categories[i].clone(),
                lines,
                x: lerp(i as f64, self.x),
                y: anchor.unwrap_or(py),
            });
        }
        if !self.series.is_empty() && self.series.iter().all(|s| s.style == SeriesStyle::Points) {
            let mut best: Option<(f64, usize, usize)> = None;
            for (si, s) in self.series.iter().enumerate() {
                for (j, &(qx, qy)) in s.px.iter().enumerate() {
                    let d = (qx - px).powi(2) + (qy - py).powi(2);
                    if best.is_none_or(|(b, _, _)| d < b) {
                        best = Some((d, si, j));
                    }
                }
            }
            let (d, si, j) = best?;
            if d > self.radius * self.radius {
                return None;
            }
            let s = &self.series[si];
            let [dx, dy] = s.data[j];
            let mut text = s.name.clone();
            if let Some(n) = s.notes.get(j).filter(|n| !n.is_empty()) {
                text = format!("{text} · {n}");
            }
            return Some(Hover {
                index: j,
                label: format!(
                    "{} {} · {} {}",
                    self.x_label,
                    self.x_format.exact(dx),
                    self.y_label,
                    self.y_format.exact(dy)
                ),
                lines: vec![HoverLine {
                    swatch: s.swatch,
                    text,
                }],
                x: s.px[j].0,
                y: s.px[j].1,
            });
        }
        let mut lines = Vec::new();
        let mut anchor: Option<f64> = None;
        for s in &self.series {
            if s.data.is_empty() || s.style == SeriesStyle::Points {
                continue;
            }
            // Index of the last point with x ≤ pointer.
            let k = s.data.partition_point(|p| p[0] <= x);
            let (y, j, exact, ypx) = match s.style {
                SeriesStyle::Step | SeriesStyle::Bars => {
                    if k == 0 {
                        continue;
                    }
                    (s.data[k - 1][1], k - 1, true, s.px[k - 1].1)
                }
                _ => {
                    if k == 0 || k == s.data.len() {
                        // Outside the line: only snap when the pointer is on the end point.
                        let j = if k == 0 { 0 } else { s.data.len() - 1 };
                        if (s.px[j].0 - px).abs() > self.radius {
                            continue;
                        }
                        (s.data[j][1], j, true, s.px[j].1)
                    } else {
                        let (a, b) = (s.data[k - 1], s.data[k]);
                        let t = if b[0] == a[0] {
                            1.0
                        } else {
                            (x - a[0]) / (b[0] - a[0])
                        };
                        let y = a[1] + t * (b[1] - a[1]);
                        let near = if t < 0.5 { k - 1 } else { k };
                        let exact = (s.px[near].0 - px).abs() <= self.radius / 2.0;
                        let y = if exact { s.data[near][1] } else { y };
                        let (pa, pb) = (s.px[k - 1], s.px[k]);
                        (y, near, exact, pa.1 + t * (pb.1 - pa.1))
                    }
                }
            };
            lines.push(self.line(s, j, y, exact));
            anchor = Some(anchor.map_or(ypx, |a: f64| a.min(ypx)));
        }
        if lines.is_empty() {
            return None;
        }
        let index = {
            let (_, _, p0, p1) = self.x;
            let n = self.stops().max(1);
            (((px - p0) / (p1 - p0).max(1e-9)) * n as f64)
                .floor()
                .clamp(0.0, (n - 1) as f64) as usize
        };
        Some(Hover {
            index,
            label: format!("{} {}", self.x_label, self.x_format.exact(x)),
            lines,
            x: px,
            y: anchor.unwrap_or(py),
        })
    }

    /// Keyboard stops: one per category, per point of a scatter, else 40 across the plot.
    pub(crate) fn stops(&self) -> usize {
        if !self.categories.is_empty() {
            self.categories.len()
        } else if self.series.iter().all(|s| s.style == SeriesStyle::Points) {
            self.series.first().map_or(0, |s| s.px.len())
        } else {
            40
        }
    }

    pub(crate) fn center(&self, i: usize, plot: (f64, f64, f64, f64)) -> Option<(f64, f64)> {
        let mid = (plot.1 + plot.3) / 2.0;
        if !self.categories.is_empty() {
            return (i < self.categories.len()).then(|| (lerp(i as f64, self.x), mid));
        }
        if self.series.iter().all(|s| s.style == SeriesStyle::Points) {
            return self.series.first().and_then(|s| s.px.get(i).copied());
        }
        let n = self.stops();
        (i < n).then(|| {
            let (_, _, p0, p1) = self.x;
            (p0 + (i as f64 + 0.5) / n as f64 * (p1 - p0), mid)
        })
    }
}

/// Finite points of a series, sorted by x for lines and steps.
fn clean(s: &Series) -> (Vec<[f64; 2]>, Vec<String>) {
    let mut idx: Vec<usize> = (0..s.points.len())
        .filter(|&i| s.points[i].iter().all(|v| v.is_finite()))
        .collect();
    if !matches!(s.style, SeriesStyle::Points) {
        idx.sort_by(|&a, &b| s.points[a][0].total_cmp(&s.points[b][0]));
    }
    let pts = idx.iter().map(|&i| s.points[i]).collect();
    let notes = if s.notes.len() == s.points.len() {
        idx.iter().map(|&i| s.notes[i].clone()).collect()
    } else {
        Vec::new()
    };
    (pts, notes)
}

fn range_of(values: impl Iterator<Item = f64>) -> Option<(f64, f64)> {
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for v in values.filter(|v| v.is_finite()) {
        lo = lo.min(v);
        hi = hi.max(v);
    }
    (lo <= hi).then_some((lo, hi))
}

pub(crate) fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    v: &XyView,
    theme: &Theme,
    m: Metrics,
) -> Result<HitMap, String> {
    let (w, h) = root.dim_in_pixel();
    let (w, h) = (f64::from(w), f64::from(h));
    if w < m.px(160.0) || h < m.px(100.0) {
        return Err(format!(
            "chart area {w}×{h} px is too small to draw `{}`",
            v.title
        ));
    }
    let cleaned: Vec<(Vec<[f64; 2]>, Vec<String>)> = v.series.iter().map(clean).collect();
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
    let pad = m.px(8.0);
    let size = m.font_small();

    // Ranges.
    let has_bars = v.series.iter().any(|s| s.style == SeriesStyle::Bars);
    let xs = cleaned.iter().flat_map(|(p, _)| p.iter().map(|q| q[0]));
    let (x0, x1) = if !v.x_categories.is_empty() {
        (-0.5, v.x_categories.len() as f64 - 0.5)
    } else if let Some([a, b]) = v
        .x_range
        .filter(|r| r[0].is_finite() && r[1].is_finite() && r[0] < r[1])
    {
        if v.series.iter().any(|s| s.style == SeriesStyle::Points) {
            // Markers at the very edge would be cut in half.
            let d = (b - a) * 0.02;
            (a - d, b + d)
        } else {
            (a, b)
        }
    } else {
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
    };
    let target_y = ((h - plot_top) / m.px(50.0)).round().clamp(2.0, 8.0) as usize;
    let (y0, y1, yticks) = if let Some([a, b]) = v
        .y_range
        .filter(|r| r[0].is_finite() && r[1].is_finite() && r[0] < r[1])
    {
        nice_ticks(a, b, target_y, false)
    } else {
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
        let a = if has_bars && a < 0.0 && a > -span * 0.05 {
            0.0
        } else {
            a
        };
        nice_ticks(a, b, target_y, true)
    };
    let ystep = if yticks.len() >= 2 {
        yticks[1] - yticks[0]
    } else {
        y1 - y0
    };
    let ylabels: Vec<String> = yticks.iter().map(|&t| v.y_format.tick(t, ystep)).collect();
    let ylab_w = ylabels
        .iter()
        .map(|l| text_width(l, size))
        .fold(0.0_f64, f64::max);
    let left = pad + size * 1.3 + m.px(4.0) + ylab_w + m.px(6.0) + m.px(4.0);
    let bottom = h - (pad + size * 1.3 + m.px(4.0) + size * 1.3 + m.px(6.0));
    let right = w - pad * 1.5;
    if right - left < m.px(40.0) || bottom - plot_top < m.px(30.0) {
        return Err(format!(
            "chart area {w}×{h} px is too small to draw `{}`",
            v.title
        ));
    }
    let plot = (left, plot_top, right, bottom);
    let xmap = (x0, x1, left, right);
    let ymap = (y0, y1, bottom, plot_top);
    // Far-off points (a tiny fixed range, say) stay at sane pixels, as `paint` clamps them too.
    let x_of = |x: f64| lerp(x, xmap).clamp(-1e6, 1e6);
    let y_of = |y: f64| lerp(y, ymap).clamp(plot_top - m.px(2.0), bottom + m.px(2.0));

    overlay::band_fills(&p, plot, &v.bands, &y_of, theme)?;

    // Y grid and ticks.
    let thin = m.stroke(1.0);
    for (t, label) in yticks.iter().zip(&ylabels) {
        let y = y_of(*t);
        if (y - bottom).abs() > 0.5 {
            p.line(&[(left, y), (right, y)], theme.grid, thin)?;
        }
        p.line(&[(left - m.px(4.0), y), (left, y)], theme.axis, thin)?;
        p.text(&Label {
            text: label,
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

    // X ticks: categories (thinned to fit) or nice numbers.
    let xt: Vec<(f64, String)> = if !v.x_categories.is_empty() {
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
        let step = if ticks.len() >= 2 {
            ticks[1] - ticks[0]
        } else {
            x1 - x0
        };
        ticks
            .into_iter()
            .map(|t| (t, v.x_format.tick(t, step)))
            .collect()
    };
    let mut last_hi = f64::NEG_INFINITY;
    for (t, label) in &xt {
        let x = x_of(*t);
        let tw = text_width(label, size);
        let (lo, hi) = (x - tw / 2.0, x + tw / 2.0);
        p.line(&[(x, bottom), (x, bottom + m.px(4.0))], theme.axis, thin)?;
        if lo < last_hi + m.px(6.0) || lo < 0.0 || hi > w {
            continue;
        }
        last_hi = hi;
        p.text(&Label {
            text: label,
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
    let group_w = (x_of(min_dx) - x_of(0.0)).abs() * 0.8;
    let bar_w = group_w / n_bar_series as f64;
    let mut bar_k = 0;
    for (s, (pts, _)) in v.series.iter().zip(&cleaned) {
        if s.style != SeriesStyle::Bars {
            continue;
        }
        let c = color(s.swatch, theme);
        let base = y_of(0.0_f64.clamp(y0, y1));
        for q in pts {
            let xl = x_of(q[0]) - group_w / 2.0 + bar_w * bar_k as f64;
            p.fill_rect(xl, y_of(q[1]), xl + bar_w, base, c, 0.85)?;
        }
        bar_k += 1;
    }
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
    let lw = m.stroke(2.0);
    for (s, (pts, _)) in v.series.iter().zip(&cleaned) {
        let c = color(s.swatch, theme);
        let px: Vec<(f64, f64)> = pts.iter().map(|q| (x_of(q[0]), y_of(q[1]))).collect();
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
    if let Some(mk) = &v.marker {
        if [mk.x, mk.y0, mk.y1].iter().all(|v| v.is_finite()) {
            let x = x_of(mk.x);
            let (ya, yb) = (y_of(mk.y0), y_of(mk.y1));
            let c = theme.new_category;
            p.line(&[(x, ya), (x, yb)], c, m.stroke(3.0))?;
            let cap = m.px(5.0);
            p.line(&[(x - cap, ya), (x + cap, ya)], c, m.stroke(2.0))?;
            p.line(&[(x - cap, yb), (x + cap, yb)], c, m.stroke(2.0))?;
            let room_right = right - x;
            let right_side = room_right > x - left;
            let text = truncate_to_width(&mk.label, size, (right - left) * 0.45);
            p.text(&Label {
                text: &text,
                x: if right_side {
                    x + m.px(8.0)
                } else {
                    x - m.px(8.0)
                },
                y: (ya + yb) / 2.0,
                size,
                color: c,
                align: if right_side { Align::Start } else { Align::End },
                valign: VPos::Center,
                vertical: false,
                bold: true,
            })?;
        }
    }
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
    let series = v
        .series
        .iter()
        .zip(cleaned)
        .filter(|(s, (pts, _))| s.hover && !pts.is_empty())
        .map(|(s, (pts, notes))| HitSeries {
            name: s.name.clone(),
            swatch: s.swatch,
            style: s.style,
            px: pts
                .iter()
                .map(|q| (x_of(q[0]) + bx, y_of(q[1]) + by))
                .collect(),
            data: pts,
            notes,
        })
        .collect();
    Ok(HitMap {
        plot: (left + bx, plot_top + by, right + bx, bottom + by),
        bins: Vec::new(),
        xy: Some(XyHit {
            x: (x0, x1, left + bx, right + bx),
            x_format: v.x_format,
            y_format: v.y_format,
            x_label: v.x_label.clone(),
            y_label: v.y_label.clone(),
            categories: v.x_categories.clone(),
            series,
            radius: m.px(12.0),
        }),
    })
}

#[cfg(test)]
mod tests {
    use super::super::test_util::svg_with_map;
    use super::super::{render_svg, ChartView};
    use super::*;

    fn ecdf() -> XyView {
        XyView {
            title: "ECDF of age".into(),
            x_label: "age".into(),
            y_label: "cumulative share".into(),
            y_format: AxisFormat::Percent,
            y_range: Some([0.0, 1.0]),
            series: vec![
                Series {
                    name: "reference".into(),
                    swatch: Swatch::Reference,
                    style: SeriesStyle::Step,
                    points: vec![[0.0, 0.0], [1.0, 0.25], [2.0, 0.5], [3.0, 1.0]],
                    hover: true,
                    ..Default::default()
                },
                Series {
                    name: "production".into(),
                    swatch: Swatch::Production,
                    style: SeriesStyle::Step,
                    points: vec![[0.0, 0.0], [1.5, 0.5], [2.5, 0.75], [3.0, 1.0]],
                    hover: true,
                    ..Default::default()
                },
            ],
            marker: Some(Marker {
                x: 1.5,
                y0: 0.25,
                y1: 0.5,
                label: "D = 0.25".into(),
            }),
            ..Default::default()
        }
    }

    #[test]
    fn step_tooltip_reads_both_functions_at_the_pointer() {
        let (svg, map) = svg_with_map(&ChartView::Xy(ecdf()), 640, 320, 1.0);
        assert!(svg.contains("D = 0.25"));
        let xy = map.xy.as_ref().expect("xy map");
        // Pointer at data x = 1.7: reference F = 0.25, production F = 0.5.
        let (d0, d1, p0, p1) = xy.x;
        let px = p0 + (1.7 - d0) / (d1 - d0) * (p1 - p0);
        let (_, t, _, b) = map.plot_rect();
        let h = map.hit(px, (t + b) / 2.0).expect("hover");
        assert_eq!(h.lines.len(), 2);
        assert_eq!(h.lines[0].text, "reference 25 %");
        assert_eq!(h.lines[1].text, "production 50 %");
        assert!(h.label.starts_with("age 1.7"), "{}", h.label);
        assert!(map.hit(0.0, 0.0).is_none());
    }

    #[test]
    fn line_tooltip_interpolates_and_snaps_to_points_with_notes() {
        let v = XyView {
            title: "ROC".into(),
            x_label: "FPR".into(),
            y_label: "TPR".into(),
            x_range: Some([0.0, 1.0]),
            y_range: Some([0.0, 1.0]),
            series: vec![Series {
                name: "reference".into(),
                swatch: Swatch::Reference,
                style: SeriesStyle::Line,
                points: vec![[0.0, 0.0], [0.5, 0.8], [1.0, 1.0]],
                notes: vec!["t 1".into(), "t 0.5".into(), "t 0".into()],
                hover: true,
            }],
            ..Default::default()
        };
        let (_, map) = svg_with_map(&ChartView::Xy(v), 640, 320, 1.0);
        let xy = map.xy.as_ref().expect("xy");
        let (d0, d1, p0, p1) = xy.x;
        let at = |x: f64| p0 + (x - d0) / (d1 - d0) * (p1 - p0);
        let (_, t, _, b) = map.plot_rect();
        let h = map.hit(at(0.5), (t + b) / 2.0).expect("hover");
        assert_eq!(h.lines[0].text, "reference 0.8 · t 0.5");
        let h = map.hit(at(0.2), (t + b) / 2.0).expect("hover");
        assert_eq!(h.lines[0].text, "reference 0.32 (interpolated) · t 1");
    }

    #[test]
    fn categories_bars_and_points_render_and_hit() {
        let v = XyView {
            title: "accuracy per week".into(),
            x_label: "week".into(),
            y_label: "accuracy".into(),
            y_format: AxisFormat::Percent,
            x_categories: vec!["W1".into(), "W2".into(), "W3".into()],
            series: vec![Series {
                name: "production".into(),
                swatch: Swatch::Production,
                style: SeriesStyle::Bars,
                points: vec![[0.0, 0.8], [1.0, 0.7], [2.0, f64::NAN]],
                notes: vec!["n = 10".into(), "n = 12".into(), "n = 0".into()],
                hover: true,
            }],
            bands: vec![Band {
                from: 0.75,
                to: 0.85,
                label: "reference ± 5 %".into(),
            }],
            y_rules: vec![Rule {
                value: 0.8,
                label: "reference".into(),
            }],
            ..Default::default()
        };
        let (svg, map) = svg_with_map(&ChartView::Xy(v), 640, 320, 2.0);
        assert!(svg.contains("reference ± 5 %"));
        assert_eq!(map.len(), 3);
        let (cx, cy) = map.center(1).expect("W2");
        let h = map.hit(cx, cy).expect("hover");
        assert_eq!(h.label, "W2");
        assert_eq!(h.lines[0].text, "production 70 % · n = 12");
        // The NaN point is skipped: no tooltip for W3.
        let (cx, cy) = map.center(2).expect("W3");
        assert!(map.hit(cx, cy).is_none());

        let scatter = XyView {
            title: "predicted vs actual".into(),
            x_label: "actual".into(),
            y_label: "predicted".into(),
            series: vec![Series {
                name: "production".into(),
                swatch: Swatch::Production,
                style: SeriesStyle::Points,
                points: vec![[1.0, 2.0], [3.0, 3.5]],
                hover: true,
                ..Default::default()
            }],
            ..Default::default()
        };
        let (_, map) = svg_with_map(&ChartView::Xy(scatter), 640, 320, 1.0);
        let (cx, cy) = map.center(1).expect("point");
        let h = map.hit(cx + 2.0, cy).expect("near the point");
        assert_eq!(h.label, "actual 3 · predicted 3.5");
    }

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
