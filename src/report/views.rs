//! View-models for the page's section charts, built from the report (pure, so the page, the
//! tests and a future HTML export draw the same thing).

use crate::chart::{BarsView, ChartView, HistogramView};
use crate::outliers::OutlierReport;
use crate::service::LatencyReport;

fn shares(counts: &[u64]) -> Vec<f64> {
    let n: u64 = counts.iter().sum();
    counts
        .iter()
        .map(|&c| if n == 0 { 0.0 } else { c as f64 / n as f64 })
        .collect()
}

/// Isolation Forest decision scores of both files (shares per bin).
pub fn outlier_scores(o: &OutlierReport) -> Option<ChartView> {
    let edges: Vec<f64> = o.histogram.edges.iter().map(|e| e.0).collect();
    if edges.len() < 2
        || edges.windows(2).any(|w| !(w[1] > w[0]))
        || !edges.iter().all(|e| e.is_finite())
    {
        return None;
    }
    Some(ChartView::Histogram(HistogramView {
        column: "Isolation Forest decision (outlier below the threshold)".to_owned(),
        edges,
        ref_share: shares(&o.histogram.reference),
        prod_share: shares(&o.histogram.production),
        open_left: false,
        open_right: false,
    }))
}

/// Latency per Prometheus bucket (non-cumulative shares, `≤ 0.01 s` … `> 5 s`).
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
    Some(ChartView::Bars(BarsView {
        column: format!("{} per Prometheus bucket", l.column),
        new_in_prod: vec![false; categories.len()],
        categories,
        ref_share: shares(&r),
        prod_share: shares(&p),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cumulative_bucket_counts_become_per_bucket_shares() {
        let per = |cum: &[u64]| -> Vec<u64> {
            cum.iter()
                .enumerate()
                .map(|(i, &c)| c - if i == 0 { 0 } else { cum[i - 1].min(c) })
                .collect()
        };
        assert_eq!(per(&[1, 3, 3, 10]), vec![1, 2, 0, 7]);
        assert_eq!(shares(&[1, 3]), vec![0.25, 0.75]);
        assert_eq!(shares(&[0, 0]), vec![0.0, 0.0]);
    }
}
