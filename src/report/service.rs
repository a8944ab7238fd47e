//! Stage 7 of the analysis, *service* (SPEC §7): latency percentiles, buckets and the SLO per
//! day; the error rate; cost and budget; per-version outcomes and A/B tests; feedback.

use super::context::Context;
use crate::data::{Labels, Role, Warning};
use crate::service;

/// What the stage gives the report.
#[derive(Default)]
pub struct Service {
    /// Latency and SLO.
    pub latency: Option<service::LatencyReport>,
    /// Error rate from the status column.
    pub error_rate: Option<service::ErrorRateReport>,
    /// Cost and budget.
    pub cost: Option<service::CostReport>,
    /// Per-version outcomes and A/B tests (production).
    pub versions: Option<service::VersionReport>,
    /// Feedback error rate.
    pub feedback: Option<service::FeedbackReport>,
    /// LLM evaluation (expected vs output, per version).
    pub llm_eval: Option<service::LlmEval>,
    /// Why a section could not be computed.
    pub warnings: Vec<Warning>,
}

/// Computes every service section whose column exists.
pub fn stage(ctx: &Context, positive: Option<&str>) -> Service {
    let mut out = Service::default();
    let (cfg, maps) = (ctx.cfg, &ctx.maps);
    let both = |role| ctx.column(role, false).zip(ctx.column(role, true));

    if let Some(((lr, name), (lp, _))) = both(Role::Latency) {
        if let (Some(a), Some(b)) = (&lr.numbers, &lp.numbers) {
            let days = ctx.day_labels();
            let days: Option<Vec<Option<&str>>> = days
                .as_ref()
                .map(|c| c.iter().map(Option::as_deref).collect());
            let slo = service::SloOptions {
                percentile: cfg.slo.percentile,
                target_ms: cfg.slo.target_ms,
            };
            match service::latency_report(name, a, b, days.as_deref(), &slo) {
                Ok(l) => out.latency = Some(l),
                Err(e) => out
                    .warnings
                    .push(Context::note(name, format!("latency not computable: {e}"))),
            }
        }
    }

    if let Some(((sr, name), (sp, _))) = both(Role::Status) {
        let (a, b) = (maps.labels(sr), maps.labels(sp));
        out.error_rate = Some(service::error_rate_report(name, &a.refs(), &b.refs()));
    }

    if let Some(((cr, name), (cp, _))) = both(Role::Cost) {
        if let (Some(a), Some(b)) = (&cr.numbers, &cp.numbers) {
            match service::cost_report(name, a, b, ctx.timestamps(), &cfg.cost) {
                Ok(c) => out.cost = Some(c),
                Err(e) => out
                    .warnings
                    .push(Context::note(name, format!("cost not computable: {e}"))),
            }
        }
    }

    if let Some((vp, name)) = ctx.column(Role::Version, true) {
        let v_labels = maps.labels(vp);
        let v = v_labels.refs();
        let labels = |role| ctx.column(role, true).map(|(c, _)| maps.labels(c));
        let (y, yh, st) = (
            labels(Role::Target),
            labels(Role::Prediction),
            labels(Role::Status),
        );
        let (y, yh, st) = (
            y.as_ref().map(Labels::refs),
            yh.as_ref().map(Labels::refs),
            st.as_ref().map(Labels::refs),
        );
        let inputs = service::OutcomeInputs {
            y_true: y.as_deref(),
            y_pred: yh.as_deref(),
            positive_label: positive,
            status: st.as_deref(),
        };
        let distinct = v
            .iter()
            .flatten()
            .collect::<std::collections::BTreeSet<_>>()
            .len();
        if distinct >= 2 {
            match service::version_report(name, &v, &inputs, cfg.baseline_version.as_deref()) {
                Ok(vr) => out.versions = Some(vr),
                Err(e) => out.warnings.push(Context::note(
                    name,
                    format!("version comparison not computable: {e}"),
                )),
            }
        }
    }

    if let Some((fp, name)) = ctx.column(Role::Feedback, true) {
        let fr = ctx
            .column(Role::Feedback, false)
            .map(|(c, _)| maps.labels(c));
        let fr = fr.as_ref().map(Labels::refs);
        out.feedback = Some(service::feedback_report(
            name,
            fr.as_deref(),
            &maps.labels(fp).refs(),
            cfg.feedback.threshold,
        ));
    }
    out.llm_eval = llm_eval(ctx);
    out
}

/// The LLM evaluation over both files: expected vs output per version, with latency, cost,
/// status, feedback and a regeneration proxy (a `proxy` column named like `regenerated`).
fn llm_eval(ctx: &Context) -> Option<service::LlmEval> {
    ctx.role(Role::Expected)?;
    ctx.role(Role::Output)?;
    let maps = &ctx.maps;
    let regen = ctx.schema.columns.iter().find(|c| {
        c.role == Role::Proxy
            && crate::data::names::tokens(&c.name)
                .iter()
                .any(|t| t.starts_with("regen") || t == "retried" || t == "retry")
    });
    let unit = ctx
        .role(Role::Latency)
        .map(|c| service::LatencyUnit::from_column_name(&c.name).ms_per_unit());
    struct Cols<'c> {
        labels: Vec<Option<Labels<'c>>>,
        latency: Option<Vec<f64>>,
        cost: Option<&'c [f64]>,
        time: Option<&'c [f64]>,
        rows: usize,
    }
    const TEXT_ROLES: [Role; 6] = [
        Role::Version,
        Role::Input,
        Role::Expected,
        Role::Output,
        Role::Status,
        Role::Feedback,
    ];
    let cols: Vec<Cols> = [false, true]
        .into_iter()
        .map(|production| {
            let t = ctx.table(production);
            let mut labels: Vec<Option<Labels>> = TEXT_ROLES
                .iter()
                .map(|&r| ctx.column(r, production).map(|(c, _)| maps.labels(c)))
                .collect();
            labels.push(
                regen
                    .and_then(|c| t.column(&c.name))
                    .map(|c| maps.labels(c)),
            );
            let num = |r| {
                ctx.column(r, production)
                    .and_then(|(c, _)| c.numbers.as_deref())
            };
            Cols {
                labels,
                latency: num(Role::Latency)
                    .zip(unit)
                    .map(|(v, k)| v.iter().map(|x| x * k).collect()),
                cost: num(Role::Cost),
                time: ctx
                    .column(Role::Timestamp, production)
                    .and_then(|(c, _)| c.datetimes.as_deref().or(c.numbers.as_deref())),
                rows: t.rows,
            }
        })
        .collect();
    let refs: Vec<Vec<Option<Vec<Option<&str>>>>> = cols
        .iter()
        .map(|c| {
            c.labels
                .iter()
                .map(|l| l.as_ref().map(Labels::refs))
                .collect()
        })
        .collect();
    let files: Vec<service::LlmFile> = cols
        .iter()
        .zip(&refs)
        .zip(["reference", "production"])
        .map(|((c, l), period)| service::LlmFile {
            period,
            rows: c.rows,
            version: l[0].as_deref(),
            input: l[1].as_deref(),
            expected: l[2].as_deref(),
            output: l[3].as_deref(),
            status: l[4].as_deref(),
            feedback: l[5].as_deref(),
            regenerated: l[6].as_deref(),
            latency_ms: c.latency.as_deref(),
            cost: c.cost,
            time: c.time,
        })
        .collect();
    service::llm_eval(&files, &ctx.cfg.llm_eval)
}
