//! Stage 6 of the analysis, *bias* (SPEC §6): per group column, fairlearn's per-group metrics,
//! parity and equalized odds for both files, binary or one-vs-rest on the positive label.

use super::context::Context;
use super::BiasJson;
use crate::data::{Role, Warning};
use crate::fairness;

/// Bias per group column (`None` without a positive label, a target, a prediction or a group),
/// and why a group could not be computed.
pub fn stage(ctx: &Context, positive: Option<&str>) -> (Option<BiasJson>, Vec<Warning>) {
    let mut warnings = Vec::new();
    let (Some(pos), Some((yr, _)), Some((yp, _)), Some((pr, _)), Some((pp, _))) = (
        positive,
        ctx.column(Role::Target, false),
        ctx.column(Role::Target, true),
        ctx.column(Role::Prediction, false),
        ctx.column(Role::Prediction, true),
    ) else {
        return (None, warnings);
    };
    let maps = &ctx.maps;
    let (yr, yp, pr, pp) = (
        maps.labels(yr),
        maps.labels(yp),
        maps.labels(pr),
        maps.labels(pp),
    );
    let (yr, yp, pr, pp) = (yr.refs(), yp.refs(), pr.refs(), pp.refs());
    let mut columns = Vec::new();
    for g in ctx.schema.columns.iter().filter(|c| c.role == Role::Group) {
        let (Some(gr), Some(gp)) = (ctx.r.column(&g.name), ctx.p.column(&g.name)) else {
            continue;
        };
        let (gr, gp) = (maps.labels(gr), maps.labels(gp));
        let (gr, gp) = (gr.refs(), gp.refs());
        let ri = fairness::BiasInput {
            groups: &gr,
            y_true: &yr,
            y_pred: &pr,
        };
        let pi = fairness::BiasInput {
            groups: &gp,
            y_true: &yp,
            y_pred: &pp,
        };
        match fairness::bias_column(&g.name, pos, &ri, &pi, &ctx.cfg.bias) {
            Ok(b) => columns.push(b),
            Err(e) => warnings.push(Context::note(&g.name, format!("bias not computable: {e}"))),
        }
    }
    (
        (!columns.is_empty()).then_some(BiasJson { columns }),
        warnings,
    )
}
