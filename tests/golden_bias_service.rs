//! Golden tests for `driftcard::fairness` (bias, SPEC §6) and `driftcard::service` (latency,
//! SPEC §7) against `tests/golden/pair0*/expected.json → bias / latency` (fairlearn
//! `MetricFrame` and `numpy.percentile`; see the golden README for the exact calls).
//!
//! The CSVs are read with the `csv` crate (missing = empty field only, `tests/common/mod.rs`); column
//! roles come from `expected.json → schema`, never from inference. One test per pair and
//! family. Counts are compared exactly, rates and aggregates within [`REL_CLOSED_FORM`]
//! (all of them are ratios of integers or differences of such ratios). A golden
//! `{"error": …}` or `{"skipped": …}` block must be "not computable" on our side too.

mod common;

use common::*;
use driftcard::fairness::{bias_column, BiasInput, BiasOptions, BiasSide, GroupMetrics};
use driftcard::service::{latency_report, LatencyStats, LatencyUnit, SloOptions};
use serde_json::Value;

/// A CSV column as `Option<&str>` per row.
fn text_column<'a>(csv: &'a Csv, col: &str, ctx: &str) -> Vec<Option<&'a str>> {
    csv.columns
        .get(col)
        .unwrap_or_else(|| panic!("{ctx}: no column `{col}` in the CSV"))
        .iter()
        .map(|v| v.as_deref())
        .collect()
}

/// Group, target and prediction columns of one CSV.
#[allow(clippy::type_complexity)]
fn text_columns<'a>(
    csv: &'a Csv,
    [g, y, p]: [&str; 3],
    ctx: &str,
) -> (
    Vec<Option<&'a str>>,
    Vec<Option<&'a str>>,
    Vec<Option<&'a str>>,
) {
    (
        text_column(csv, g, ctx),
        text_column(csv, y, ctx),
        text_column(csv, p, ctx),
    )
}

/// A CSV column as numbers per row (missing = NaN).
fn number_column(csv: &Csv, col: &str, ctx: &str) -> Vec<f64> {
    csv.columns
        .get(col)
        .unwrap_or_else(|| panic!("{ctx}: no column `{col}` in the CSV"))
        .iter()
        .map(|v| match v {
            None => f64::NAN,
            Some(s) => s
                .parse::<f64>()
                .unwrap_or_else(|e| panic!("{ctx}: `{s}` is not a number: {e}")),
        })
        .collect()
}

/// `schema.<key>` as a string.
fn schema_str<'a>(p: &'a Pair, key: &str) -> &'a str {
    let ctx = format!("{} schema", p.name);
    field(field(&p.expected, "schema", &ctx), key, &ctx)
        .as_str()
        .unwrap_or_else(|| panic!("{ctx}.{key}: not a string"))
}

/// The positive label as CSV text (`1` is stored as a JSON number, `"cat"` as a string).
fn positive_label(v: &Value, ctx: &str) -> String {
    match v {
        Value::String(s) if s.starts_with('\u{1}') => format!("{}", num(v, ctx)),
        Value::String(s) => s.clone(),
        other => panic!("{ctx}: unexpected positive_label {other}"),
    }
}

/// An aggregate block `{"value": x}`, or `None` for `{"error": …}`.
fn aggregate(block: &Value, key: &str, ctx: &str) -> Option<f64> {
    let b = field(block, key, ctx);
    if b.get("error").is_some() {
        return None;
    }
    Some(num_at(b, "value", &format!("{ctx}.{key}")))
}

/// Every field of one side's golden bias block against ours.
fn check_bias_side(ours: &BiasSide, golden: &Value, ctx: &str) {
    let per_group = field(golden, "per_group", ctx)
        .as_object()
        .unwrap_or_else(|| panic!("{ctx}.per_group: not an object"));
    let names: Vec<&str> = ours.groups.iter().map(|g| g.value.as_str()).collect();
    let golden_names: Vec<&str> = per_group.keys().map(String::as_str).collect();
    assert_eq!(names, golden_names, "{ctx}: groups");
    let mut sum_n = 0;
    for g in &ours.groups {
        let GroupMetrics {
            value,
            metrics,
            small_sample,
        } = g;
        let gctx = format!("{ctx}.per_group.{value}");
        let e = &per_group[value.as_str()];
        let c = metrics.counts;
        for (name, got) in [
            ("count", c.n),
            ("tp", c.tp),
            ("fp", c.fp),
            ("tn", c.tn),
            ("fn", c.fn_),
        ] {
            assert_eq!(got as f64, num_at(e, name, &gctx), "{gctx}.{name}");
        }
        assert_closed(
            metrics.accuracy.0,
            num_at(e, "accuracy", &gctx),
            &format!("{gctx}.accuracy"),
        );
        assert_closed(
            metrics.selection_rate.0,
            num_at(e, "selection_rate", &gctx),
            &format!("{gctx}.selection_rate"),
        );
        assert_closed(
            metrics.tpr.0,
            num_at(e, "tpr", &gctx),
            &format!("{gctx}.tpr"),
        );
        assert_closed(
            metrics.fpr.0,
            num_at(e, "fpr", &gctx),
            &format!("{gctx}.fpr"),
        );
        // Not in the golden file: precision = tp/(tp+fp), 0 without predicted positives.
        let prec = if c.tp + c.fp == 0 {
            0.0
        } else {
            c.tp as f64 / (c.tp + c.fp) as f64
        };
        assert_eq!(metrics.precision.0, prec, "{gctx}.precision");
        assert_eq!(*small_sample, c.n < 30, "{gctx}.small_sample");
        sum_n += c.n;
    }
    assert_eq!(ours.overall.counts.n, sum_n, "{ctx}: overall n = Σ group n");
    for (key, got) in [
        (
            "demographic_parity_difference",
            ours.demographic_parity_difference.0,
        ),
        ("demographic_parity_ratio", ours.demographic_parity_ratio.0),
        (
            "equalized_odds_difference",
            ours.equalized_odds_difference.0,
        ),
        ("equalized_odds_ratio", ours.equalized_odds_ratio.0),
    ] {
        match aggregate(golden, key, ctx) {
            Some(want) => assert_closed(got, want, &format!("{ctx}.{key}")),
            None => assert!(
                !got.is_finite(),
                "{ctx}.{key}: golden is an error, we gave {got}"
            ),
        }
    }
}

/// `bias.ref` / `bias.prod`: per-group counts and rates, the four aggregates.
fn check_bias(pair_name: &str) {
    let p = pair(pair_name);
    let ctx = format!("{pair_name} bias");
    let golden = field(&p.expected, "bias", &ctx);
    if golden.get("skipped").is_some() {
        // Regression: no positive label, nothing to binarise — bias is not computable.
        assert_eq!(
            schema_str(&p, "task"),
            "regression",
            "{ctx}: skipped for a classification task"
        );
        assert!(
            field(&p.expected, "schema", &ctx)
                .get("positive_label")
                .is_none_or(Value::is_null),
            "{ctx}: skipped although a positive label exists"
        );
        return;
    }
    let (group, target, prediction) = (
        schema_str(&p, "group"),
        schema_str(&p, "target"),
        schema_str(&p, "prediction"),
    );
    let pos = positive_label(field(golden, "positive_label", &ctx), &ctx);
    let (rg, ry, rp) = text_columns(&p.reference, [group, target, prediction], &ctx);
    let (pg, py, pp) = text_columns(&p.production, [group, target, prediction], &ctx);
    let r_in = BiasInput {
        groups: &rg,
        y_true: &ry,
        y_pred: &rp,
    };
    let p_in = BiasInput {
        groups: &pg,
        y_true: &py,
        y_pred: &pp,
    };
    let col = bias_column(group, &pos, &r_in, &p_in, &BiasOptions::default())
        .unwrap_or_else(|e| panic!("{ctx}: {e}"));
    assert_eq!(col.column, group);
    assert_eq!(col.positive_label, pos);
    for (side, ours, rows) in [("ref", &col.reference, &ry), ("prod", &col.production, &py)] {
        let sctx = format!("{ctx}.{side}");
        let ours = ours
            .as_ref()
            .unwrap_or_else(|| panic!("{sctx}: not computed"));
        check_bias_side(ours, field(golden, side, &sctx), &sctx);
        // Golden works on rows with a target (predictions are never missing there).
        assert_eq!(
            ours.n_unlabelled as usize,
            rows.iter().filter(|v| v.is_none()).count(),
            "{sctx}: unlabelled rows"
        );
    }
    // Alerts never mention a small group.
    for side in [&col.reference, &col.production].into_iter().flatten() {
        for g in side.groups.iter().filter(|g| g.small_sample) {
            let needle = format!("group {}:", g.value);
            assert!(
                col.alerts.iter().all(|a| !a.starts_with(&needle)),
                "{ctx}: alert on small group {}",
                g.value
            );
        }
    }
}

/// One side's latency summary against the golden `{n, p50, p95, p99, mean, max}`.
fn check_latency_side(ours: &LatencyStats, golden: &Value, ctx: &str) {
    assert_eq!(ours.n as f64, num_at(golden, "n", ctx), "{ctx}.n");
    for (key, got) in [
        ("p50", ours.p50.0),
        ("p95", ours.p95.0),
        ("p99", ours.p99.0),
        ("mean", ours.mean.0),
        ("max", ours.max.0),
    ] {
        assert_closed(got, num_at(golden, key, ctx), &format!("{ctx}.{key}"));
    }
}

/// `latency.ref` / `latency.prod`: n, p50, p95, p99, mean, max; plus the bucket invariants.
fn check_latency(pair_name: &str) {
    let p = pair(pair_name);
    let ctx = format!("{pair_name} latency");
    let golden = field(&p.expected, "latency", &ctx);
    if golden.get("skipped").is_some() || golden.get("error").is_some() {
        panic!("{ctx}: golden latency block is not computable; every pair has a latency column");
    }
    let column = schema_str(&p, "latency");
    assert_eq!(
        field(golden, "column", &ctx).as_str(),
        Some(column),
        "{ctx}.column"
    );
    let r = number_column(&p.reference, column, &ctx);
    let q = number_column(&p.production, column, &ctx);
    let rep = latency_report(column, &r, &q, None, &SloOptions::default())
        .unwrap_or_else(|e| panic!("{ctx}: {e}"));
    assert_eq!(rep.unit, LatencyUnit::Ms, "{ctx}: `{column}` is in ms");
    check_latency_side(
        &rep.reference,
        field(golden, "ref", &ctx),
        &format!("{ctx}.ref"),
    );
    check_latency_side(
        &rep.production,
        field(golden, "prod", &ctx),
        &format!("{ctx}.prod"),
    );
    // ms column: the ms view is the same numbers.
    assert_eq!(rep.production_ms, rep.production, "{ctx}: production_ms");
    // SLO value = production p99 in ms (default percentile 99).
    assert_closed(
        rep.slo.value_ms.0,
        num_at(field(golden, "prod", &ctx), "p99", &ctx),
        &format!("{ctx}.slo.value_ms"),
    );
    // Buckets: cumulative, the +Inf bucket holds every value.
    for (side, counts, n) in [
        ("ref", &rep.bucket_counts.reference, rep.reference.n),
        ("prod", &rep.bucket_counts.production, rep.production.n),
    ] {
        assert_eq!(counts.len(), 7, "{ctx}.{side}: bucket count");
        assert!(
            counts.windows(2).all(|w| w[0] <= w[1]),
            "{ctx}.{side}: buckets not cumulative {counts:?}"
        );
        assert_eq!(counts.last().copied(), Some(n), "{ctx}.{side}: +Inf bucket");
    }
}

macro_rules! golden_pair {
    ($($name:ident => $pair:literal),* $(,)?) => {
        $(
            mod $name {
                #[test]
                fn bias() {
                    super::check_bias($pair);
                }

                #[test]
                fn latency() {
                    super::check_latency($pair);
                }
            }
        )*
    };
}

golden_pair! {
    pair01 => "pair01_binary_mixed",
    pair02 => "pair02_multiclass",
    pair03 => "pair03_tiny_n5",
    pair04 => "pair04_large_n20000",
    pair05 => "pair05_regression",
    pair06 => "pair06_edge_cases",
}
