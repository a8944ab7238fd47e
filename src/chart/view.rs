//! The view-models of the three charts as `report` builds them and the page receives them
//! (serde): [`ChartView`] and the two share charts' [`HistogramView`] and [`BarsView`], with the
//! [`Band`]s and [`Rule`]s every chart can carry and the [`Swatch`] that names a series' colour.
//! The xy chart's model is `xy::model` ([`XyView`]).

use super::XyView;

/// At most this many bars are drawn in a [`BarsView`]; beyond it the smallest categories are summed
/// into one "other (n)" bar.
pub const MAX_CATEGORIES: usize = 30;

/// Binned shares of a numeric column.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct HistogramView {
    /// Column name (drawn as the title).
    pub column: String,
    /// `k + 1` finite, strictly increasing display edges of `k` bins.
    pub edges: Vec<f64>,
    /// Share of reference rows per bin (`k` values in [0, 1]).
    pub ref_share: Vec<f64>,
    /// Share of production rows per bin.
    pub prod_share: Vec<f64>,
    /// The first bin really is `(−∞, edges[1])`.
    pub open_left: bool,
    /// The last bin really is `[edges[k−1], +∞)`.
    pub open_right: bool,
    /// Vertical lines at x values (e.g. the outlier threshold), labelled.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<Rule>,
    /// Y axis title (default "share of rows").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub y_label: Option<String>,
    /// Values behind the reference shares (the tooltip shows counts; 0 = unknown).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub ref_rows: u64,
    /// Values behind the production shares.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub prod_rows: u64,
}

fn is_zero(v: &u64) -> bool {
    *v == 0
}

/// Shares of a categorical column.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct BarsView {
    /// Column name (drawn as the title).
    pub column: String,
    /// Category values in display order.
    pub categories: Vec<String>,
    /// Share of reference rows per category.
    pub ref_share: Vec<f64>,
    /// Share of production rows per category.
    pub prod_share: Vec<f64>,
    /// The category occurs in production only.
    pub new_in_prod: Vec<bool>,
    /// Horizontal bands in share units (e.g. overall accuracy ± 5 points), drawn behind the bars.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bands: Vec<Band>,
    /// Horizontal lines at share values (e.g. the four-fifths rule at 80 %).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<Rule>,
    /// A vertical line between categories, its `value` in category slots from the left edge
    /// (`2.5` = halfway through the third category), e.g. the latency SLO among buckets.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slot_rule: Option<Rule>,
    /// Categories drawn greyed out (e.g. groups too small to judge); empty = none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub muted: Vec<bool>,
    /// Y axis title (default "share of rows").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub y_label: Option<String>,
    /// Tooltip notes per category (e.g. `n = 120`); empty = none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// Rows behind the reference shares (the tooltip shows counts; 0 = the bars are rates, not
    /// shares of rows).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub ref_rows: u64,
    /// Rows behind the production shares.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub prod_rows: u64,
}

/// A horizontal band `[from, to]` across the plot, in the y axis' units, labelled at its left.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Band {
    /// Lower edge.
    pub from: f64,
    /// Upper edge.
    pub to: f64,
    /// Label drawn inside the band.
    pub label: String,
}

/// A straight reference line at `value` (vertical on an x axis, horizontal on a y axis).
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Rule {
    /// Position in the axis' units.
    pub value: f64,
    /// Label drawn next to the line.
    pub label: String,
}

/// A chart to draw.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ChartView {
    /// Numeric column.
    Histogram(HistogramView),
    /// Categorical column.
    Bars(BarsView),
    /// Lines, steps, points or bars on numeric axes (ECDF, ROC, PR, reliability, over time).
    Xy(XyView),
}

impl ChartView {
    /// The chart's title (for a column chart, the column name).
    pub fn column(&self) -> &str {
        match self {
            ChartView::Histogram(h) => &h.column,
            ChartView::Bars(b) => &b.column,
            ChartView::Xy(x) => &x.title,
        }
    }

    /// File-name friendly version of the title (`[a-z0-9-]`, at most 60 characters).
    pub fn file_stem(&self) -> String {
        let mut out = String::new();
        for c in self.column().chars() {
            if c.is_ascii_alphanumeric() {
                out.push(c.to_ascii_lowercase());
            } else if !out.ends_with('-') && !out.is_empty() {
                out.push('-');
            }
            if out.len() >= 60 {
                break;
            }
        }
        let t = out.trim_end_matches('-');
        if t.is_empty() {
            "chart".into()
        } else {
            t.to_owned()
        }
    }
}

/// Which series a tooltip line belongs to (the UI draws the matching swatch).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Swatch {
    /// The reference file (blue, circles).
    #[default]
    Reference,
    /// The production file (orange, squares).
    Production,
    /// A third series (purple).
    Accent,
    /// A guide (grey): the diagonal, a baseline.
    Muted,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::test_util::{bars, hist};

    #[test]
    fn chart_view_serde_is_internally_tagged() {
        let v = ChartView::Bars(bars());
        let json = serde_json::to_string(&v).expect("serialises");
        assert!(json.starts_with("{\"type\":\"bars\""), "{json}");
        let back: ChartView = serde_json::from_str(&json).expect("parses");
        assert_eq!(back, v);
        let h = ChartView::Histogram(hist());
        let json = serde_json::to_string(&h).expect("serialises");
        assert!(json.contains("\"type\":\"histogram\""), "{json}");
        assert_eq!(serde_json::from_str::<ChartView>(&json).expect("parses"), h);
    }
}
