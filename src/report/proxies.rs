//! Proxy metrics (SPEC §7 and §9 `proxies`, issue 12 item 4): every `proxy` column summarised
//! per file, traced per chunk (the chunk plan of the estimate and the drift over time), its
//! drift test from the drift table, and — where the model metric exists per chunk (labels, or
//! the LLM eval) — the correlation between the proxy and the metric over the chunks.

use serde::{Deserialize, Serialize};

use super::context::Context;
use super::{ColumnDriftJson, DriftJson, Status};
use crate::data::{Labels, Role};
use crate::drift::Method;
use crate::num::Num;
use crate::service::{self, ProxyKind, ProxySide};

/// One chunk of a proxy.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProxyChunk {
    /// `2026-W10`, `chunk 3`, ….
    pub label: String,
    /// `reference` or `production`.
    pub period: String,
    /// Rows in the chunk.
    pub rows: usize,
    /// Rows with a proxy value.
    pub n: u64,
    /// The proxy's mean (or rate) in the chunk.
    pub value: Option<Num>,
    /// The model metric in the chunk (rows with an outcome).
    pub metric: Option<Num>,
    /// Rows with an outcome.
    pub metric_n: u64,
}

/// The proxy's drift test, from the drift table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProxyDrift {
    /// The deciding method.
    pub method: Option<Method>,
    /// Its score.
    pub score: Option<Num>,
    /// Its threshold.
    pub threshold: Option<Num>,
    /// Drifted.
    pub drifted: bool,
    /// Why (the drift table's reason).
    pub reason: String,
}

/// One proxy column.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProxyColumn {
    /// Column.
    pub column: String,
    /// Mean or rate.
    pub kind: ProxyKind,
    /// Reference.
    pub reference: ProxySide,
    /// Production.
    pub production: ProxySide,
    /// Production − reference.
    pub change: Num,
    /// The test of that change: `two_proportion_z` (rates) or `welch_t` (means).
    pub change_test: String,
    /// Its two-sided p-value.
    pub change_p_value: Num,
    /// Drift test (absent when the column is not tested).
    pub drift: Option<ProxyDrift>,
    /// Reference chunks, then production chunks.
    pub chunks: Vec<ProxyChunk>,
    /// Pearson's r between the proxy and the metric over the chunks that have both (≥ 3).
    pub correlation_with_metric: Option<Num>,
    /// Chunks in that correlation.
    pub correlation_chunks: usize,
}

/// The proxies (`proxies`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Proxies {
    /// `size`, `day`, `week` or `month`.
    pub chunk_by: String,
    /// Rows per chunk when by size.
    pub chunk_size: Option<usize>,
    /// The metric per chunk: `accuracy`, `mae` or `eval_pass_rate` (absent without one).
    pub metric: Option<String>,
    /// `true` when a higher metric is better.
    pub metric_higher_is_better: bool,
    /// One entry per proxy column.
    pub columns: Vec<ProxyColumn>,
}

/// What the model metric per row is made of.
pub(super) enum Outcome {
    /// Classification: prediction = label.
    Accuracy,
    /// Regression: |prediction − label|.
    Mae,
    /// LLM eval: the answer passes under this matcher.
    Eval(service::Matcher, f64),
}

fn outcome_rows(ctx: &Context, production: bool, how: &Outcome) -> Option<Vec<Option<f64>>> {
    let maps = &ctx.maps;
    match how {
        Outcome::Eval(m, tol) => {
            let (e, _) = ctx.column(Role::Expected, production)?;
            let (o, _) = ctx.column(Role::Output, production)?;
            let (e, o) = (maps.labels(e), maps.labels(o));
            Some(
                service::row_passes(&e.refs(), &o.refs(), *m, *tol)
                    .into_iter()
                    .map(|p| p.map(|b| f64::from(u8::from(b))))
                    .collect(),
            )
        }
        Outcome::Accuracy => {
            let (y, _) = ctx.column(Role::Target, production)?;
            let (p, _) = ctx.column(Role::Prediction, production)?;
            let (y, p) = (maps.labels(y), maps.labels(p));
            Some(
                y.refs()
                    .iter()
                    .zip(p.refs())
                    .map(|(a, b)| Some(f64::from(u8::from((*a)? == b?))))
                    .collect(),
            )
        }
        Outcome::Mae => {
            let (y, _) = ctx.column(Role::Target, production)?;
            let (p, _) = ctx.column(Role::Prediction, production)?;
            let (y, p) = (y.numbers.as_ref()?, p.numbers.as_ref()?);
            Some(
                y.iter()
                    .zip(p)
                    .map(|(a, b)| {
                        let d = (a - b).abs();
                        d.is_finite().then_some(d)
                    })
                    .collect(),
            )
        }
    }
}

/// The proxies of the pair, or `None` without a proxy column present in both files.
pub(super) fn stage(ctx: &Context, drift: &DriftJson, outcome: Option<Outcome>) -> Option<Proxies> {
    let cols: Vec<&str> = ctx
        .schema
        .columns
        .iter()
        .filter(|c| c.role == Role::Proxy && c.in_reference && c.in_production)
        .map(|c| c.name.as_str())
        .collect();
    if cols.is_empty() {
        return None;
    }
    let (rc, pc, chunking) = super::estimate::chunks(ctx, ctx.r.rows, ctx.p.rows);
    let metric_name = outcome.as_ref().map(|o| match o {
        Outcome::Accuracy => "accuracy",
        Outcome::Mae => "mae",
        Outcome::Eval(..) => "eval_pass_rate",
    });
    let outcomes: [Option<Vec<Option<f64>>>; 2] =
        [false, true].map(|prod| outcome.as_ref().and_then(|o| outcome_rows(ctx, prod, o)));
    let mean_of = |v: &Option<Vec<Option<f64>>>, rows: &[usize]| -> (Option<Num>, u64) {
        let Some(v) = v else { return (None, 0) };
        let x: Vec<f64> = rows
            .iter()
            .filter_map(|&i| v.get(i).copied().flatten())
            .collect();
        let n = x.len() as u64;
        ((n > 0).then(|| Num(x.iter().sum::<f64>() / n as f64)), n)
    };
    let mut columns = Vec::new();
    for name in cols {
        let read = |prod: bool| -> Option<(ProxyKind, Vec<Option<f64>>)> {
            let c = ctx.table(prod).column(name)?;
            let l: Labels = ctx.maps.labels(c);
            service::proxy_values(c.numbers.as_deref(), &l.refs())
        };
        let (Some((kr, vr)), Some((kp, vp))) = (read(false), read(true)) else {
            continue;
        };
        // Both files are read the same way: a rate only when both are yes/no.
        let (kind, vr, vp) = if kr == kp {
            (kr, vr, vp)
        } else {
            let num = |prod: bool| -> Vec<Option<f64>> {
                ctx.table(prod)
                    .column(name)
                    .and_then(|c| c.numbers.as_ref())
                    .map(|v| v.iter().map(|x| x.is_finite().then_some(*x)).collect())
                    .unwrap_or_default()
            };
            (ProxyKind::Mean, num(false), num(true))
        };
        let (test, p) = service::proxy_change_test(kind, &vr, &vp);
        let reference = service::proxy_side(kind, &vr, None);
        let production = service::proxy_side(kind, &vp, None);
        let mut chunks = Vec::with_capacity(rc.len() + pc.len());
        for (period, list, values, out) in [
            ("reference", &rc, &vr, &outcomes[0]),
            ("production", &pc, &vp, &outcomes[1]),
        ] {
            for c in list {
                let s = service::proxy_side(kind, values, Some(&c.rows));
                let (metric, metric_n) = mean_of(out, &c.rows);
                chunks.push(ProxyChunk {
                    label: c.label.clone(),
                    period: period.to_owned(),
                    rows: c.rows.len(),
                    n: s.n,
                    value: (s.n > 0).then_some(s.value),
                    metric,
                    metric_n,
                });
            }
        }
        let pairs: Vec<(f64, f64)> = chunks
            .iter()
            .filter_map(|c| Some((c.value?.0, c.metric?.0)))
            .collect();
        let correlation = service::pearson(&pairs);
        let d: Option<&ColumnDriftJson> = drift.columns.iter().find(|d| d.column == name);
        columns.push(ProxyColumn {
            column: name.to_owned(),
            kind,
            change: Num(production.value.0 - reference.value.0),
            change_test: test.to_owned(),
            change_p_value: Num(p),
            reference,
            production,
            drift: d
                .filter(|d| matches!(d.status, Status::Ok | Status::Drifted))
                .map(|d| ProxyDrift {
                    method: d.method,
                    score: d.score,
                    threshold: d.threshold,
                    drifted: d.drifted,
                    reason: d.reason.clone(),
                }),
            correlation_chunks: if correlation.is_some() {
                pairs.len()
            } else {
                0
            },
            correlation_with_metric: correlation.map(Num),
            chunks,
        });
    }
    if columns.is_empty() {
        return None;
    }
    Some(Proxies {
        chunk_by: chunking.by,
        chunk_size: chunking.size,
        metric: metric_name.map(str::to_owned),
        metric_higher_is_better: !matches!(outcome, Some(Outcome::Mae)),
        columns,
    })
}
