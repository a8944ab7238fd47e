//! Service charts: the outlier decision scores with the threshold, and latency per Prometheus
//! bucket with the SLO line.

use super::*;
use crate::chart::{BarsView, HistogramView, Rule};
use crate::outliers::OutlierReport;
use crate::service::LatencyReport;

/// Isolation Forest decision scores of both files (shares per bin) with the threshold line.
pub fn outlier_scores(o: &OutlierReport) -> Option<ChartView> {
    let edges: Vec<f64> = o.histogram.edges.iter().map(|e| e.0).collect();
    if edges.len() < 2
        || edges
            .windows(2)
            .any(|w| w[1].partial_cmp(&w[0]) != Some(std::cmp::Ordering::Greater))
        || !edges.iter().all(|e| e.is_finite())
    {
        return None;
    }
    Some(ChartView::Histogram(HistogramView {
        column: "Isolation Forest decision score (outlier below the threshold)".to_owned(),
        edges,
        ref_share: crate::stats::shares(&o.histogram.reference),
        prod_share: crate::stats::shares(&o.histogram.production),
        open_left: false,
        open_right: false,
        rules: vec![Rule {
            value: o.threshold.0,
            label: format!("threshold {}", crate::format::num(o.threshold.0)),
        }],
        y_label: None,
        ref_rows: o.histogram.reference.iter().sum(),
        prod_rows: o.histogram.production.iter().sum(),
    }))
}

/// Latency per Prometheus bucket (non-cumulative shares, `≤ 0.01 s` … `> 5 s`) with the SLO
/// target as a vertical line placed proportionally inside its bucket.
pub fn latency_buckets(l: &LatencyReport) -> Option<ChartView> {
    let per_bucket = |cum: &[u64]| -> Vec<u64> {
        cum.iter()
            .enumerate()
            .map(|(i, &c)| c - if i == 0 { 0 } else { cum[i - 1].min(c) })
            .collect()
    };
    let (r, p) = (
        per_bucket(&l.bucket_counts.reference),
        per_bucket(&l.bucket_counts.production),
    );
    if r.is_empty() || r.len() != p.len() {
        return None;
    }
    let bounds: Vec<f64> = l.buckets_s.iter().map(|b| b.0).collect();
    let mut categories: Vec<String> = bounds.iter().map(|b| format!("≤ {b} s")).collect();
    categories.push(format!("> {} s", bounds.last().copied().unwrap_or(0.0)));
    categories.truncate(r.len());
    let target_s = l.slo.target_ms.0 / 1000.0;
    let slot_rule = target_s.is_finite().then(|| {
        let i = bounds.partition_point(|&b| b < target_s);
        let lower = if i == 0 { 0.0 } else { bounds[i - 1] };
        let pos = match bounds.get(i) {
            Some(&upper) if upper > lower => i as f64 + (target_s - lower) / (upper - lower),
            Some(_) => i as f64 + 1.0,
            None => i as f64 + 0.5,
        };
        Rule {
            value: pos,
            label: format!(
                "SLO p{} ≤ {} ms",
                crate::format::num(l.slo.percentile.0),
                crate::format::num(l.slo.target_ms.0)
            ),
        }
    });
    Some(ChartView::Bars(BarsView {
        column: format!("{} per Prometheus bucket", l.column),
        new_in_prod: vec![false; categories.len()],
        categories,
        ref_share: crate::stats::shares(&r),
        prod_share: crate::stats::shares(&p),
        ref_rows: r.iter().sum(),
        prod_rows: p.iter().sum(),
        slot_rule,
        y_label: Some("share of requests".into()),
        ..Default::default()
    }))
}
