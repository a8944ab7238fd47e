//! The charts of one column: the histogram (numeric) or share bars (categorical) of both files,
//! and the ECDFs with the KS distance marked.

use std::collections::{BTreeMap, BTreeSet};

use super::*;
use crate::chart::{AxisFormat, BarsView, HistogramView, Marker, XyView};
use crate::stats;

/// Bins of the histogram *shown* for a numeric column (the tests use their own binnings, reported
/// in `tests.<id>.bins`): equal width over the pooled 0.5–99.5 % range so one outlier cannot
/// squeeze the picture, with values beyond it counted in open outer bins; integer data with a
/// small range gets one bin per integer.
pub const DISPLAY_BINS: usize = 20;

fn display_edges(xs: &[f64], ys: &[f64]) -> Option<(Vec<f64>, bool, bool)> {
    let first = |v: &[f64]| v.first().copied();
    let last = |v: &[f64]| v.last().copied();
    let min = first(xs)
        .into_iter()
        .chain(first(ys))
        .fold(f64::INFINITY, f64::min);
    let max = last(xs)
        .into_iter()
        .chain(last(ys))
        .fold(f64::NEG_INFINITY, f64::max);
    if !min.is_finite() || !max.is_finite() {
        return None;
    }
    let integers = xs.iter().chain(ys).all(|v| v.fract() == 0.0);
    if integers && max - min <= 40.0 {
        let edges = (0..=((max - min) as usize + 1))
            .map(|i| min - 0.5 + i as f64)
            .collect();
        return Some((edges, false, false));
    }
    let q = |v: &[f64], p: f64| {
        if v.is_empty() {
            f64::NAN
        } else {
            stats::quantile_linear(v, p)
        }
    };
    let mut lo = q(xs, 0.005).min(q(ys, 0.005));
    let mut hi = q(xs, 0.995).max(q(ys, 0.995));
    if lo.is_nan() || hi.is_nan() || hi <= lo {
        lo = min;
        hi = max;
    }
    if hi <= lo {
        return Some((vec![lo - 0.5, lo + 0.5], false, false));
    }
    let w = (hi - lo) / DISPLAY_BINS as f64;
    let mut edges: Vec<f64> = (0..DISPLAY_BINS).map(|i| lo + i as f64 * w).collect();
    edges.push(hi);
    Some((edges, min < lo, max > hi))
}

fn count_into(v: &[f64], edges: &[f64]) -> Vec<u64> {
    let k = edges.len() - 1;
    let (lo, hi) = (edges[0], edges[k]);
    let w = (hi - lo) / k as f64;
    let mut counts = vec![0u64; k];
    for &x in v {
        let i = if x <= lo {
            0
        } else if x >= hi {
            k - 1
        } else {
            (((x - lo) / w) as usize).min(k - 1)
        };
        counts[i] += 1;
    }
    counts
}

/// Overlaid histogram of two sorted samples on the display bins ([`DISPLAY_BINS`]).
pub fn numeric_histogram(name: &str, xs: &[f64], ys: &[f64]) -> Option<ChartView> {
    let (edges, open_left, open_right) = display_edges(xs, ys)?;
    let rc = count_into(xs, &edges);
    let pc = count_into(ys, &edges);
    Some(ChartView::Histogram(HistogramView {
        column: name.to_owned(),
        edges,
        ref_share: stats::shares(&rc),
        prod_share: stats::shares(&pc),
        open_left,
        open_right,
        ref_rows: xs.len() as u64,
        prod_rows: ys.len() as u64,
        ..Default::default()
    }))
}

/// Share bars of a categorical column in both files (new categories marked).
pub fn bars_chart(
    name: &str,
    cats: &BTreeSet<&String>,
    rcounts: &[u64],
    pcounts: &[u64],
    reference: &BTreeMap<String, u64>,
) -> Option<ChartView> {
    if cats.is_empty() {
        return None;
    }
    Some(ChartView::Bars(BarsView {
        column: name.to_owned(),
        categories: cats.iter().map(|s| (*s).clone()).collect(),
        ref_share: stats::shares(rcounts),
        prod_share: stats::shares(pcounts),
        new_in_prod: cats.iter().map(|k| !reference.contains_key(*k)).collect(),
        ref_rows: rcounts.iter().sum(),
        prod_rows: pcounts.iter().sum(),
        ..Default::default()
    }))
}

/// Where the two-sample KS statistic is attained: `(x, F_ref(x), F_prod(x))`, x being scipy's
/// `statistic_location` ([`crate::drift::ks::statistic_location`]). Both inputs sorted
/// ascending and finite.
///
/// # Formula
/// `D = max_x |F_ref(x) − F_prod(x)|`, the ECDFs right-continuous (`F(x) = #{v ≤ x}·(1/n)`, the
/// product scipy computes), so `|F_ref − F_prod|` at x equals the reported D to the last bit.
pub fn ks_location(xs: &[f64], ys: &[f64]) -> Option<(f64, f64, f64)> {
    let (_, x) = crate::drift::ks::statistic_location(xs, ys)?;
    Some((x, ecdf_at(xs, x), ecdf_at(ys, x)))
}

/// `F(x) = #{v ≤ x}·(1/n)` of sorted `v` (non-empty).
fn ecdf_at(v: &[f64], x: f64) -> f64 {
    v.partition_point(|&a| a <= x) as f64 * (1.0 / v.len() as f64)
}

/// ECDFs of a numeric column in both files on one shared grid (so the tooltip reads both at the
/// same x), with the KS distance marked where it occurs. `xs`, `ys`: sorted finite values;
/// `lo`, `hi`: the displayed range (e.g. the histogram's), widened to include the KS location.
pub fn ecdf(column: &str, xs: &[f64], ys: &[f64], lo: f64, hi: f64) -> Option<ChartView> {
    let (kx, fa, fb) = ks_location(xs, ys)?;
    let (lo, hi) = (lo.min(kx), hi.max(kx));
    if !(lo.is_finite() && hi.is_finite()) {
        return None;
    }
    let mut grid: Vec<f64> = if hi > lo {
        (0..=CURVE_POINTS)
            .map(|k| lo + (hi - lo) * k as f64 / CURVE_POINTS as f64)
            .collect()
    } else {
        vec![lo]
    };
    grid.push(kx);
    grid.sort_by(f64::total_cmp);
    grid.dedup();
    let mk = |name: &str, sw: Swatch, v: &[f64]| {
        series(
            name,
            sw,
            SeriesStyle::Step,
            grid.iter().map(|&x| [x, ecdf_at(v, x)]).collect(),
        )
    };
    let d = (fa - fb).abs();
    Some(ChartView::Xy(XyView {
        title: format!("ECDF of {column}"),
        x_label: format!("{column} ≤"),
        y_label: "cumulative share of rows".into(),
        y_format: AxisFormat::Percent,
        y_range: Some([0.0, 1.0]),
        series: vec![
            mk("reference", Swatch::Reference, xs),
            mk("production", Swatch::Production, ys),
        ],
        marker: Some(Marker {
            x: kx,
            y0: fa,
            y1: fb,
            label: format!(
                "KS D = {} at {}",
                crate::format::num(d),
                crate::format::num(kx)
            ),
        }),
        ..Default::default()
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ks_location_attains_the_ks_statistic() {
        let xs = [1.0, 2.0, 3.0, 4.0];
        let ys = [2.5, 3.5, 4.5, 5.5, 6.5];
        let (x, a, b) = ks_location(&xs, &ys).expect("both non-empty");
        let d = crate::drift::ks::ks_two_sample(&xs, &ys, Default::default())
            .expect("ks")
            .statistic;
        assert_eq!((a - b).abs(), d, "{a} {b} {d}");
        assert_eq!(x, 4.0);
        assert!(ks_location(&[], &ys).is_none());
    }

    #[test]
    fn ecdf_marks_the_distance_on_a_shared_grid() {
        let xs: Vec<f64> = (0..100).map(f64::from).collect();
        let ys: Vec<f64> = (30..130).map(f64::from).collect();
        let ChartView::Xy(v) = ecdf("age", &xs, &ys, 0.0, 129.0).expect("view") else {
            panic!("xy view")
        };
        let mk = v.marker.expect("marker");
        assert!(((mk.y0 - mk.y1).abs() - 0.3).abs() < 1e-12);
        assert_eq!(v.series[0].points.len(), v.series[1].points.len());
        assert!(v.series[0].points.iter().any(|p| p[0] == mk.x));
    }
}
