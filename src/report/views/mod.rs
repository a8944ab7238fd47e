//! View-models for the page's charts, built in the core (pure, so the page, the tests and the
//! HTML export draw the same thing), one file per part of the report: `columns` (histogram or
//! share bars, ECDF), `quality` (ROC, precision–recall, reliability, regression errors),
//! `time` (rolling metric, chunks, prediction mean, label coverage), `groups` (bias), `service`
//! (outlier scores, latency buckets). Two kinds:
//! * from the [`Report`] alone ([`section_charts`]): ROC, precision–recall, reliability, the
//!   rolling metric, per-chunk bars, prediction mean and label coverage over time, bias per
//!   group, outlier scores, latency buckets;
//! * from the data, while the worker still holds it: the ECDF of a numeric column with the KS
//!   distance marked ([`ecdf`]) and the regression error histogram and predicted-vs-actual
//!   scatter ([`regression_errors`], [`regression_scatter`]).

mod columns;
mod groups;
mod quality;
mod service;
mod summary;
mod table;
mod time;

pub use columns::{bars_chart, ecdf, ks_location, numeric_histogram, DISPLAY_BINS};
pub use quality::{regression_errors, regression_scatter};
pub use service::{latency_buckets, outlier_scores};
pub use summary::{direction_symbol, summary_cards, verdict, SummaryCard, Tone, Verdict};
pub use table::{sort_rows, status_label, SortKey};

use crate::chart::{ChartView, Series, SeriesStyle, Swatch};
use crate::report::Report;

/// Charts of the report's sections (each list empty when the section has no data).
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SectionCharts {
    /// Model quality: ROC, precision–recall and reliability (classification), or the error
    /// histogram and predicted-vs-actual scatter (regression).
    pub quality: Vec<ChartView>,
    /// Over time: rolling metric, metric per chunk, prediction mean, label coverage.
    pub over_time: Vec<ChartView>,
    /// Performance without labels: estimated accuracy and ROC AUC per chunk (CBPE), with the
    /// realised values where labels exist and the reference chunks' range.
    #[serde(default)]
    pub estimate: Vec<ChartView>,
    /// Bias: per group column, accuracy, selection rate, TPR, FPR and the four-fifths ratio.
    pub bias: Vec<(String, Vec<ChartView>)>,
    /// Outlier decision scores of both files with the threshold.
    pub outliers: Option<ChartView>,
    /// Latency per Prometheus bucket with the SLO.
    pub latency: Option<ChartView>,
}

/// Most points drawn per curve (ROC, PR, ECDF); the report's curves are already thinned.
pub const CURVE_POINTS: usize = 400;
/// Most points of each file in the predicted-vs-actual scatter.
pub const SCATTER_POINTS: usize = 2000;

/// A series of the finite points only (a view never carries NaN: it travels as JSON).
fn series(name: &str, swatch: Swatch, style: SeriesStyle, points: Vec<[f64; 2]>) -> Series {
    Series {
        name: name.to_owned(),
        swatch,
        style,
        points,
        notes: Vec::new(),
        hover: true,
    }
}

/// Drops the points (and their notes) with a non-finite coordinate.
fn finite_only(mut s: Series) -> Series {
    let keep: Vec<bool> = s
        .points
        .iter()
        .map(|p| p.iter().all(|v| v.is_finite()))
        .collect();
    if keep.iter().all(|k| *k) {
        return s;
    }
    let mut k = keep.iter();
    s.points.retain(|_| *k.next().unwrap_or(&false));
    if !s.notes.is_empty() {
        let mut k = keep.iter();
        s.notes.retain(|_| *k.next().unwrap_or(&false));
    }
    s
}

fn diagonal(name: &str) -> Series {
    Series {
        hover: false,
        ..series(
            name,
            Swatch::Muted,
            SeriesStyle::Dashed,
            vec![[0.0, 0.0], [1.0, 1.0]],
        )
    }
}

/// `AUC ref 0.912 · prod 0.874` style title suffix.
fn pair_title(what: &str, r: Option<f64>, p: Option<f64>) -> String {
    let f = |v: Option<f64>| v.map_or("—".to_owned(), crate::format::num);
    format!("{what} reference {} · production {}", f(r), f(p))
}

pub use time::{drift_over_time, proxy_chunks, proxy_vs_metric, reconstruction};

/// Every section chart the report has data for.
pub fn section_charts(r: &Report) -> SectionCharts {
    let mut out = SectionCharts::default();
    if let Some(c) = &r.classification {
        let sides = [
            ("reference", Swatch::Reference, c.reference.as_ref()),
            ("production", Swatch::Production, c.production.as_ref()),
        ];
        if let Some(v) = quality::roc(&sides) {
            out.quality.push(v);
        }
        if let Some(v) = quality::pr(&sides) {
            out.quality.push(v);
        }
        if let Some(v) = quality::reliability(&sides) {
            out.quality.push(v);
        }
    }
    out.over_time = time::over_time(r);
    if let Some(e) = &r.performance_estimate {
        out.estimate = time::estimate(e);
    }
    if let Some(b) = &r.bias {
        for col in &b.columns {
            let charts = groups::bias(col, r.config.bias.min_group_size);
            if !charts.is_empty() {
                out.bias.push((col.column.clone(), charts));
            }
        }
    }
    out.outliers = r.outliers.as_ref().and_then(outlier_scores);
    out.latency = r.latency.as_ref().and_then(latency_buckets);
    // Views travel to the page as JSON, which has no NaN: drop non-finite points.
    for v in out
        .quality
        .iter_mut()
        .chain(out.over_time.iter_mut())
        .chain(out.estimate.iter_mut())
    {
        if let ChartView::Xy(x) = v {
            x.series = std::mem::take(&mut x.series)
                .into_iter()
                .map(finite_only)
                .collect();
        }
    }
    out
}
