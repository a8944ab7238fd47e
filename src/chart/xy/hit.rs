//! Hit-testing an xy chart: from a backend pixel to the tooltip of what is under it, and the
//! keyboard stops across the plot. [`XyHit`] keeps the drawn series in pixels and in data units;
//! [`XyHit::new`] builds it from the [`Layout`] the chart was drawn with, so it can be built and
//! tested without drawing.

use super::layout::{lerp, Layout};
use super::model::{AxisFormat, Cleaned, SeriesStyle, XyView};
use crate::chart::{Hover, HoverLine, Swatch};

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

impl XyHit {
    /// The mapping of `v` drawn with `lay` in an area whose top-left corner is backend pixel
    /// `base`: the hovered series (those with `hover` and at least one finite point) of
    /// `cleaned`, points hit within `radius` backend pixels.
    pub(super) fn new(
        v: &XyView,
        cleaned: Vec<Cleaned>,
        lay: &Layout,
        (bx, by): (f64, f64),
        radius: f64,
    ) -> XyHit {
        let (left, _, right, _) = lay.plot;
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
                    .map(|q| (lay.x_of(q[0]) + bx, lay.y_of(q[1]) + by))
                    .collect(),
                data: pts,
                notes,
            })
            .collect();
        XyHit {
            x: (lay.x.0, lay.x.1, left + bx, right + bx),
            x_format: v.x_format,
            y_format: v.y_format,
            x_label: v.x_label.clone(),
            y_label: v.y_label.clone(),
            categories: v.x_categories.clone(),
            series,
            radius,
        }
    }

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

    /// What is under backend pixel `(px, py)` (the caller has checked it is inside the plot):
    /// on a category axis, every series at the nearest category; in a scatter, the nearest
    /// point within the radius; else every line read at the pointer's x (interpolated, or
    /// snapped to a point within half the radius) and every step function's value there.
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

    /// Pixel of keyboard stop `i` in the plot rectangle `plot` (left, top, right, bottom): a
    /// category's centre, a scatter's point, or the middle of the `i`-th of [`XyHit::stops`]
    /// equal slices.
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

#[cfg(test)]
mod tests {
    use super::super::layout::layout;
    use super::super::model::{clean, ecdf, Series};
    use super::*;
    use crate::chart::paint::Metrics;
    use crate::chart::test_util::svg_with_map;
    use crate::chart::{Band, ChartView, Rule};

    /// The hit map of `v` laid out in a 640 × 320 area at (`bx`, `by`), without drawing.
    fn hit_of(v: &XyView, base: (f64, f64)) -> (XyHit, Layout) {
        let m = Metrics {
            scale: 1.0,
            font_factor: 1.0,
        };
        let cleaned: Vec<Cleaned> = v.series.iter().map(clean).collect();
        let lay = layout(v, &cleaned, (640.0, 320.0), 30.0, m).expect("fits");
        (XyHit::new(v, cleaned, &lay, base, m.px(12.0)), lay)
    }

    #[test]
    fn the_map_built_without_drawing_finds_the_data_under_the_pointer() {
        let v = ecdf();
        let (hit, lay) = hit_of(&v, (100.0, 50.0));
        // Data x = 2.2 in absolute pixels: reference F = 0.5, production F = 0.5 (step at 1.5).
        let px = lay.x_of(2.2) + 100.0;
        let h = hit.hit(px, 200.0).expect("hover");
        assert_eq!(h.label, "age 2.2");
        assert_eq!(h.lines[0].text, "reference 50 %");
        assert_eq!(h.lines[1].text, "production 50 %");
        // The tooltip sits on the higher of the two values, offset by the area's position.
        assert!((h.y - (lay.y_of(0.5) + 50.0)).abs() < 1e-9);
        // Left of their first point the step functions have no value: no tooltip.
        assert!(hit.hit(lay.x_of(-0.4) + 100.0, 200.0).is_none());
        assert_eq!(hit.stops(), 40);
        let (cx, _) = hit.center(0, (0.0, 0.0, 0.0, 0.0)).expect("stop 0");
        let (l, _, r, _) = lay.plot;
        assert!((cx - (l + 100.0 + (r - l) / 80.0)).abs() < 1e-9);
        assert!(hit.center(40, lay.plot).is_none());
    }

    #[test]
    fn series_without_hover_or_points_are_left_out() {
        let mut v = ecdf();
        v.series[1].hover = false;
        v.series.push(Series {
            name: "empty".into(),
            points: vec![[f64::NAN, 1.0]],
            ..Default::default()
        });
        let (hit, lay) = hit_of(&v, (0.0, 0.0));
        let h = hit.hit(lay.x_of(2.2), 100.0).expect("hover");
        assert_eq!(h.lines.len(), 1);
        assert_eq!(h.lines[0].text, "reference 50 %");
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
}
