//! Latency: percentiles, Prometheus histogram buckets and the SLO check (SPEC §7).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{check_len, ServiceError};
use crate::num::{nums, Num};
use crate::stats::{mean, quantile_linear, sorted_finite};

/// Upper bounds (`le`, seconds) of the histogram buckets, Prometheus-style; a final `+Inf`
/// bucket is implied.
pub const PROMETHEUS_BUCKETS_S: [f64; 6] = [0.01, 0.05, 0.1, 0.5, 1.0, 5.0];

/// Unit of a latency column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum LatencyUnit {
    /// Milliseconds (`"ms"`).
    #[serde(rename = "ms")]
    Ms,
    /// Seconds (`"s"`).
    #[serde(rename = "s")]
    S,
}

impl LatencyUnit {
    /// The unit a column's name implies: milliseconds when it ends in `ms` as a separate word,
    /// else seconds (SPEC §2: "`_ms` → ms, else seconds").
    ///
    /// # Remarks
    /// After dropping trailing `)`/`]` and spaces, the name is in ms when its lower-case form
    /// ends with `ms` preceded by a non-letter (`latency_ms`, `latency-ms`, `latency (ms)`,
    /// `duration.ms`, or the whole name `ms`) or when it ends with a camel-case `Ms`
    /// (`latencyMs`). `latency`, `latency_s`, `response_time`, `items` are seconds.
    pub fn from_column_name(name: &str) -> Self {
        let trimmed = name.trim_end_matches([')', ']', ' ']);
        if trimmed.ends_with("Ms") && trimmed.len() > 2 {
            return LatencyUnit::Ms;
        }
        let lower = trimmed.to_lowercase();
        match lower.strip_suffix("ms") {
            Some(head) => match head.chars().last() {
                None => LatencyUnit::Ms,
                Some(c) if !c.is_alphabetic() => LatencyUnit::Ms,
                Some(_) => LatencyUnit::S,
            },
            None => LatencyUnit::S,
        }
    }

    /// Milliseconds per unit (1 or 1000).
    pub fn ms_per_unit(self) -> f64 {
        match self {
            LatencyUnit::Ms => 1.0,
            LatencyUnit::S => 1000.0,
        }
    }
}

/// Summary of one file's latencies (`latency.reference` / `.production`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LatencyStats {
    /// Finite values used.
    pub n: u64,
    /// Median (numpy linear).
    pub p50: Num,
    /// 95th percentile (numpy linear).
    pub p95: Num,
    /// 99th percentile (numpy linear).
    pub p99: Num,
    /// Mean.
    pub mean: Num,
    /// Maximum.
    pub max: Num,
}

/// n, p50, p95, p99, mean and max of the finite values.
///
/// # Formula
/// ```text
/// s = sorted finite values,  p_k = quantile_linear(s, k/100)   (numpy 'linear', R type 7)
/// mean = pairwise_sum(s)/n,  max = s[n−1]
/// ```
///
/// # Remarks
/// NaN (missing) and ±∞ are dropped first (`n` counts what is left). With no value left every
/// float is NaN. The mean is numpy's pairwise sum over the values in file order, so it agrees
/// with `np.mean` of the same (finite) values bit for bit.
///
/// # References
/// `numpy.percentile(a, [50, 95, 99], method='linear')`, `numpy.mean`, `numpy.max`.
pub fn latency_stats(values: &[f64]) -> LatencyStats {
    latency_stats_scaled(values, 1.0)
}

/// [`latency_stats`] of `values × k` (k = 1 or 1000), scaling before any arithmetic.
fn latency_stats_scaled(values: &[f64], k: f64) -> LatencyStats {
    // File order for the mean (numpy's pairwise sum depends on the order), sorted for the rest.
    let v: Vec<f64> = values
        .iter()
        .filter(|x| x.is_finite())
        .map(|&x| x * k)
        .collect();
    let mut s = v.clone();
    s.sort_unstable_by(f64::total_cmp);
    LatencyStats {
        n: s.len() as u64,
        p50: Num(quantile_linear(&s, 0.50)),
        p95: Num(quantile_linear(&s, 0.95)),
        p99: Num(quantile_linear(&s, 0.99)),
        mean: Num(mean(&v)),
        max: Num(s.last().copied().unwrap_or(f64::NAN)),
    }
}

/// Cumulative Prometheus bucket counts of latencies in `unit`.
///
/// # Formula
/// ```text
/// t_i = v_i / 1000 (ms) or v_i (s)
/// count[k] = #{ i : t_i ≤ le_k },  le = [0.01, 0.05, 0.1, 0.5, 1, 5, +Inf]
/// ```
///
/// # Remarks
/// Prometheus histograms are **cumulative** with **inclusive** upper bounds (`le` = "less than
/// or equal"): a request of exactly 0.1 s (100 ms) counts in `le="0.1"` and every larger
/// bucket, and the last (`+Inf`) count is the number of finite values. Milliseconds are
/// converted by one correctly rounded division, so a whole number of ms on a bucket boundary
/// (10, 50, 100, 500, 1000, 5000) compares equal to the boundary. NaN and ±∞ are skipped.
///
/// # References
/// Prometheus, "Histograms and summaries" and the exposition format (`_bucket{le="…"}`),
/// <https://prometheus.io/docs/practices/histograms/>; `client_golang` `DefBuckets`.
pub fn bucket_counts(values: &[f64], unit: LatencyUnit) -> Vec<u64> {
    let mut counts = vec![0u64; PROMETHEUS_BUCKETS_S.len() + 1];
    for &v in values.iter().filter(|v| v.is_finite()) {
        let t = match unit {
            LatencyUnit::Ms => v / 1000.0,
            LatencyUnit::S => v,
        };
        // First bucket whose bound holds t; everything from there on is cumulative.
        let first = PROMETHEUS_BUCKETS_S
            .iter()
            .position(|&le| t <= le)
            .unwrap_or(PROMETHEUS_BUCKETS_S.len());
        for c in counts.iter_mut().skip(first) {
            *c += 1;
        }
    }
    counts
}

/// SLO settings (`slo.{percentile,target_ms}`): "`p<percentile> < target_ms`".
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SloOptions {
    /// Percentile in [0, 100] (default 99).
    pub percentile: f64,
    /// Target in milliseconds (default 100).
    pub target_ms: f64,
}

impl Default for SloOptions {
    fn default() -> Self {
        SloOptions {
            percentile: 99.0,
            target_ms: 100.0,
        }
    }
}

/// The SLO over one time chunk of production.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SloChunk {
    /// Chunk label as given by the caller (e.g. `2026-05-01`).
    pub label: String,
    /// Finite latencies in the chunk.
    pub n: u64,
    /// The SLO percentile of the chunk, in ms.
    pub value_ms: Num,
    /// `value_ms < target_ms`; `null` for a chunk without values.
    pub met: Option<bool>,
    /// Share of the chunk's requests faster than the target (`< target_ms`).
    pub share_within_target: Num,
}

/// The SLO check (`latency.slo`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SloResult {
    /// Percentile checked.
    pub percentile: Num,
    /// Target in ms.
    pub target_ms: Num,
    /// The production percentile in ms.
    pub value_ms: Num,
    /// `value_ms < target_ms`; `null` without production values.
    pub met: Option<bool>,
    /// Per time chunk (byte order of the labels), when chunk labels were given.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub chunks: Vec<SloChunk>,
    /// Share of chunks (with values) that met the SLO; `null` without chunks.
    pub chunks_met_share: Option<Num>,
}

/// Bucket counts of both files (`latency.bucket_counts`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BucketCounts {
    /// Reference: 7 cumulative counts (last = `+Inf`).
    pub reference: Vec<u64>,
    /// Production: 7 cumulative counts (last = `+Inf`).
    pub production: Vec<u64>,
}

/// The latency block of the report (`latency`, SPEC §9).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LatencyReport {
    /// Latency column.
    pub column: String,
    /// Unit of `reference` / `production` (from the column name).
    pub unit: LatencyUnit,
    /// Reference summary in the column's unit.
    pub reference: LatencyStats,
    /// Production summary in the column's unit.
    pub production: LatencyStats,
    /// Reference summary in milliseconds.
    pub reference_ms: LatencyStats,
    /// Production summary in milliseconds.
    pub production_ms: LatencyStats,
    /// SLO check on production.
    pub slo: SloResult,
    /// Bucket upper bounds in seconds: `[0.01, 0.05, 0.1, 0.5, 1, 5]` (`+Inf` implied).
    pub buckets_s: Vec<Num>,
    /// Cumulative bucket counts per file.
    pub bucket_counts: BucketCounts,
}

/// Sorted finite values converted to ms.
fn sorted_ms(values: &[f64], unit: LatencyUnit) -> Vec<f64> {
    let k = unit.ms_per_unit();
    let mut v = sorted_finite(values);
    if k != 1.0 {
        v.iter_mut().for_each(|x| *x *= k);
    }
    v
}

/// The latency block: per-file summaries (column unit and ms), buckets and the SLO.
///
/// # Formula
/// ```text
/// unit        = LatencyUnit::from_column_name(column)
/// value_ms    = quantile_linear(sorted production ms, percentile/100)
/// met         = value_ms < target_ms
/// chunk c     : the same over the production rows labelled c
/// chunks_met_share = #{chunks met} / #{chunks with values}
/// ```
///
/// # Remarks
/// `production_chunks`, when given, has one label per production row (`None` = row in no
/// chunk); chunks are listed in byte order of their labels, so ISO dates come out in time
/// order. Missing and non-finite latencies are dropped everywhere. The SLO is strict
/// (`<`), as SPEC's "p99 < 100 ms".
///
/// # Errors
/// [`ServiceError::InvalidOption`] for a percentile outside [0, 100] or a non-finite target;
/// [`ServiceError::LengthMismatch`] when the chunk labels do not match the production rows.
///
/// # References
/// `numpy.percentile(..., method='linear')`; Prometheus histogram buckets (see
/// [`bucket_counts`]); Beyer et al. (2016), *Site Reliability Engineering*, ch. 4
/// "Service Level Objectives", O'Reilly.
pub fn latency_report(
    column: &str,
    reference: &[f64],
    production: &[f64],
    production_chunks: Option<&[Option<&str>]>,
    slo: &SloOptions,
) -> Result<LatencyReport, ServiceError> {
    if !(0.0..=100.0).contains(&slo.percentile) {
        return Err(ServiceError::InvalidOption(format!(
            "SLO percentile {} is outside [0, 100]",
            slo.percentile
        )));
    }
    if !slo.target_ms.is_finite() {
        return Err(ServiceError::InvalidOption(format!(
            "SLO target {} ms is not finite",
            slo.target_ms
        )));
    }
    if let Some(labels) = production_chunks {
        check_len("SLO chunk labels", production.len(), labels.len())?;
    }
    let unit = LatencyUnit::from_column_name(column);
    let q = slo.percentile / 100.0;
    let prod_ms = sorted_ms(production, unit);
    let value_ms = quantile_linear(&prod_ms, q);
    let met = (!prod_ms.is_empty()).then_some(value_ms < slo.target_ms);

    let mut chunks = Vec::new();
    if let Some(labels) = production_chunks {
        let mut by_label: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
        let k = unit.ms_per_unit();
        for (label, &v) in labels.iter().zip(production) {
            let Some(label) = label else { continue };
            let entry = by_label.entry(label).or_default();
            if v.is_finite() {
                entry.push(v * k);
            }
        }
        for (label, mut v) in by_label {
            v.sort_unstable_by(f64::total_cmp);
            let value = quantile_linear(&v, q);
            let within = v.iter().filter(|&&x| x < slo.target_ms).count();
            chunks.push(SloChunk {
                label: label.to_owned(),
                n: v.len() as u64,
                value_ms: Num(value),
                met: (!v.is_empty()).then_some(value < slo.target_ms),
                share_within_target: Num(if v.is_empty() {
                    f64::NAN
                } else {
                    within as f64 / v.len() as f64
                }),
            });
        }
    }
    let judged: Vec<bool> = chunks.iter().filter_map(|c| c.met).collect();
    let chunks_met_share = (!judged.is_empty())
        .then(|| Num(judged.iter().filter(|&&m| m).count() as f64 / judged.len() as f64));

    let k = unit.ms_per_unit();
    Ok(LatencyReport {
        column: column.to_owned(),
        unit,
        reference: latency_stats(reference),
        production: latency_stats(production),
        reference_ms: latency_stats_scaled(reference, k),
        production_ms: latency_stats_scaled(production, k),
        slo: SloResult {
            percentile: Num(slo.percentile),
            target_ms: Num(slo.target_ms),
            value_ms: Num(value_ms),
            met,
            chunks,
            chunks_met_share,
        },
        buckets_s: nums(&PROMETHEUS_BUCKETS_S),
        bucket_counts: BucketCounts {
            reference: bucket_counts(reference, unit),
            production: bucket_counts(production, unit),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unit_from_column_name() {
        for ms in [
            "latency_ms",
            "response_ms",
            "duration_ms",
            "latency-ms",
            "latency (ms)",
            "latencyMs",
            "LATENCY_MS",
            "ms",
        ] {
            assert_eq!(LatencyUnit::from_column_name(ms), LatencyUnit::Ms, "{ms}");
        }
        for s in [
            "latency",
            "latency_s",
            "response_time",
            "items",
            "latencyms",
        ] {
            assert_eq!(LatencyUnit::from_column_name(s), LatencyUnit::S, "{s}");
        }
    }

    #[test]
    fn prometheus_buckets_are_cumulative_and_inclusive() {
        // Exactly 0.1 s counts in le=0.1 (and every larger bucket), 0.1000001 s does not.
        assert_eq!(bucket_counts(&[0.1], LatencyUnit::S), [0, 0, 1, 1, 1, 1, 1]);
        assert_eq!(
            bucket_counts(&[0.1000001], LatencyUnit::S),
            [0, 0, 0, 1, 1, 1, 1]
        );
        // The same in ms: 100 ms / 1000 is exactly the double 0.1.
        assert_eq!(
            bucket_counts(&[100.0], LatencyUnit::Ms),
            [0, 0, 1, 1, 1, 1, 1]
        );
        // Every boundary in ms lands in its own bucket; above 5 s only +Inf; NaN/inf skipped.
        let v = [
            10.0,
            50.0,
            100.0,
            500.0,
            1000.0,
            5000.0,
            5000.5,
            f64::NAN,
            f64::INFINITY,
        ];
        assert_eq!(bucket_counts(&v, LatencyUnit::Ms), [1, 2, 3, 4, 5, 6, 7]);
        assert_eq!(bucket_counts(&[], LatencyUnit::Ms), [0; 7]);
    }

    #[test]
    fn stats_match_numpy_linear() {
        // np.percentile([10, 20, 30, 40, 50], [50, 95, 99]) = [30, 48, 49.6]
        let s = latency_stats(&[50.0, 10.0, f64::NAN, 30.0, 20.0, 40.0]);
        assert_eq!(s.n, 5);
        assert_eq!(s.p50.0, 30.0);
        assert!((s.p95.0 - 48.0).abs() < 1e-12 && (s.p99.0 - 49.6).abs() < 1e-12);
        assert_eq!((s.mean.0, s.max.0), (30.0, 50.0));
        let e = latency_stats(&[f64::NAN]);
        assert_eq!(e.n, 0);
        assert!(e.p50.0.is_nan() && e.max.0.is_nan());
    }

    #[test]
    fn slo_and_chunk_compliance() {
        // Seconds column: day 1 is fast (≤ 50 ms), day 2 has a 0.3 s request.
        let prod = [0.02, 0.03, 0.05, 0.02, 0.3, 0.04];
        let labels = [
            Some("2026-05-02"),
            Some("2026-05-02"),
            Some("2026-05-02"),
            Some("2026-05-01"),
            Some("2026-05-01"),
            None,
        ];
        let slo = SloOptions {
            percentile: 50.0,
            target_ms: 40.0,
        };
        let r = latency_report("latency", &[0.01], &prod, Some(&labels), &slo)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(r.unit, LatencyUnit::S);
        // Sorted ms: 20, 20, 30, 40, 50, 300 → median 35 ms < 40.
        assert!((r.slo.value_ms.0 - 35.0).abs() < 1e-9);
        assert_eq!(r.slo.met, Some(true));
        assert_eq!(
            r.slo
                .chunks
                .iter()
                .map(|c| c.label.as_str())
                .collect::<Vec<_>>(),
            ["2026-05-01", "2026-05-02"]
        );
        // 2026-05-01: [20, 300] → median 160 ms (not met); 2026-05-02: [20, 30, 50] → 30 (met).
        assert_eq!(r.slo.chunks[0].met, Some(false));
        assert!((r.slo.chunks[0].value_ms.0 - 160.0).abs() < 1e-9);
        assert_eq!(r.slo.chunks[1].met, Some(true));
        assert_eq!(r.slo.chunks[1].share_within_target.0, 2.0 / 3.0);
        assert_eq!(r.slo.chunks_met_share, Some(Num(0.5)));
        assert_eq!(r.bucket_counts.production, [0, 5, 5, 6, 6, 6, 6]);
        assert!((r.production.p50.0 - 0.035).abs() < 1e-15);
        assert!(latency_report("latency", &[], &prod, Some(&labels[..2]), &slo).is_err());
        let bad = SloOptions {
            percentile: 101.0,
            target_ms: 1.0,
        };
        assert!(matches!(
            latency_report("x", &[], &[], None, &bad),
            Err(ServiceError::InvalidOption(_))
        ));
    }

    #[test]
    fn json_has_spec_keys() {
        let r = latency_report("latency_ms", &[1.0], &[2.0], None, &SloOptions::default())
            .unwrap_or_else(|e| panic!("{e}"));
        let v = serde_json::to_value(&r).unwrap_or_default();
        assert_eq!(v["unit"], "ms");
        for k in ["n", "p50", "p95", "p99", "mean", "max"] {
            assert!(v["reference"].get(k).is_some(), "{k}");
        }
        for k in ["percentile", "target_ms", "value_ms", "met"] {
            assert!(v["slo"].get(k).is_some(), "{k}");
        }
        assert_eq!(
            v["buckets_s"],
            serde_json::json!([0.01, 0.05, 0.1, 0.5, 1.0, 5.0])
        );
        assert_eq!(
            v["bucket_counts"]["production"],
            serde_json::json!([1, 1, 1, 1, 1, 1, 1])
        );
    }
}
