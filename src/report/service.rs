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
    out
}
