//! The view-model of an xy chart ([`XyView`] and its parts), built by `report` and sent to the
//! page as JSON, and the two things every later stage reads from it: how an axis writes its
//! numbers ([`AxisFormat`]) and a series' drawable points ([`clean`]).

use crate::chart::{Band, Rule, Swatch};

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
    pub(super) fn exact(self, v: f64) -> String {
        match self {
            AxisFormat::Number => crate::format::axis(v, 4),
            AxisFormat::Percent => format!("{} %", crate::format::axis(v * 100.0, 3)),
        }
    }
    /// Tick label of `v` on an axis whose ticks are `step` apart.
    pub(super) fn tick(self, v: f64, step: f64) -> String {
        match self {
            AxisFormat::Number => crate::format::compact(v),
            AxisFormat::Percent => {
                crate::format::percent(v, crate::chart::axis::percent_decimals(step))
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

/// A series' drawable points and their notes (see [`clean`]).
pub(super) type Cleaned = (Vec<[f64; 2]>, Vec<String>);

/// Finite points of a series, sorted by x for lines and steps, with their notes (the notes are
/// dropped when there is not one per point).
pub(super) fn clean(s: &Series) -> Cleaned {
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

/// An ECDF pair with its KS marker, as `report` builds it (shared by the tests of this module).
#[cfg(test)]
pub(super) fn ecdf() -> XyView {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_ticks_show_the_decimals_the_step_needs() {
        assert_eq!(AxisFormat::Percent.tick(0.25, 0.05), "25%");
        assert_eq!(AxisFormat::Percent.tick(0.025, 0.005), "2.5%");
        assert_eq!(AxisFormat::Percent.tick(0.012, 0.001), "1.2%");
        // Ticks 0.25 % apart need two decimals: 1.25 % is not "1.2%".
        assert_eq!(AxisFormat::Percent.tick(0.0125, 0.0025), "1.25%");
        // A degenerate step never asks for decimals.
        assert_eq!(AxisFormat::Percent.tick(0.5, 0.0), "50%");
        assert_eq!(AxisFormat::Number.tick(41_200.0, 100.0), "41.2k");
    }

    #[test]
    fn tooltip_values_are_exact() {
        assert_eq!(AxisFormat::Number.exact(0.32), "0.32");
        assert_eq!(AxisFormat::Percent.exact(0.25), "25 %");
    }

    #[test]
    fn clean_drops_non_finite_points_and_sorts_lines_but_not_scatters() {
        let mut s = Series {
            style: SeriesStyle::Line,
            points: vec![
                [2.0, 1.0],
                [f64::NAN, 0.0],
                [0.0, 3.0],
                [1.0, f64::INFINITY],
            ],
            notes: vec!["b".into(), "nan".into(), "a".into(), "inf".into()],
            ..Default::default()
        };
        assert_eq!(
            clean(&s),
            (
                vec![[0.0, 3.0], [2.0, 1.0]],
                vec!["a".to_owned(), "b".to_owned()]
            )
        );
        s.style = SeriesStyle::Points;
        assert_eq!(clean(&s).0, vec![[2.0, 1.0], [0.0, 3.0]]);
        // Notes that do not match the points one to one are dropped, not misaligned.
        s.notes.pop();
        assert!(clean(&s).1.is_empty());
    }

    #[test]
    fn a_series_without_hover_in_the_json_is_hovered() {
        let s: Series = serde_json::from_str(
            r#"{"name":"a","swatch":"reference","style":"step","points":[[0,1]]}"#,
        )
        .expect("parses");
        assert!(s.hover);
        assert_eq!(s.style, SeriesStyle::Step);
    }
}
