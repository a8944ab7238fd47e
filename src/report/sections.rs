//! The report sections computed by the service, fairness and outlier modules: this file only
//! picks the columns by role, turns them into the slices those modules take, and records a
//! plain-language warning when a section cannot be computed.

use std::collections::HashMap;

use super::analyze::labels;
use super::{BiasJson, Config, Report};
use crate::data::{datetime, Kind, RawColumn, Role, Schema, Table, Warning, MISSING_CODE};
use crate::{fairness, outliers, service};

fn as_refs(v: &[Option<String>]) -> Vec<Option<&str>> {
    v.iter().map(Option::as_deref).collect()
}

fn column<'a>(schema: &Schema, role: Role, t: &'a Table) -> Option<(&'a RawColumn, String)> {
    let c = schema.with_role(role)?;
    t.column(&c.name).map(|rc| (rc, c.name.clone()))
}

fn note(report: &mut Report, column: &str, message: String) {
    report.warnings.push(Warning { file: String::new(), row: None, column: Some(column.to_owned()), message });
}

/// Day labels (`YYYY-MM-DD`) of each production row, or month labels when the data spans more
/// than two months; `None` without a timestamp.
fn chunk_labels(schema: &Schema, t: &Table) -> Option<Vec<Option<String>>> {
    let (c, _) = column(schema, Role::Timestamp, t)?;
    let v = c.datetimes.as_ref().or(c.numbers.as_ref())?;
    let (lo, hi) = v.iter().filter(|x| x.is_finite()).fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &x| (a.min(x), b.max(x)));
    let monthly = hi - lo > 62.0 * 86_400.0;
    Some(
        v.iter()
            .map(|&x| {
                x.is_finite().then(|| {
                    let d = datetime::format_date(x);
                    if monthly {
                        d[..7].to_owned()
                    } else {
                        d
                    }
                })
            })
            .collect(),
    )
}

/// Fills bias, latency, error rate, cost, versions, feedback and outliers.
pub(super) fn fill(report: &mut Report, schema: &Schema, r: &Table, p: &Table, cfg: &Config) {
    let positive = report.classification.as_ref().and_then(|c| c.positive_label.clone()).or_else(|| cfg.positive_label.clone());
    let target = (column(schema, Role::Target, r), column(schema, Role::Target, p));
    let pred = (column(schema, Role::Prediction, r), column(schema, Role::Prediction, p));

    // Bias (SPEC §6): per group column, binary or one-vs-rest on the positive label.
    if let (Some(pos), (Some((yr, _)), Some((yp, _))), (Some((pr, _)), Some((pp, _)))) = (&positive, &target, &pred) {
        let (yr, yp, pr, pp) = (labels(yr), labels(yp), labels(pr), labels(pp));
        let mut columns = Vec::new();
        for g in schema.columns.iter().filter(|c| c.role == Role::Group) {
            let (Some(gr), Some(gp)) = (r.column(&g.name), p.column(&g.name)) else { continue };
            let (gr, gp) = (labels(gr), labels(gp));
            let ri = fairness::BiasInput { groups: &as_refs(&gr), y_true: &as_refs(&yr), y_pred: &as_refs(&pr) };
            let pi = fairness::BiasInput { groups: &as_refs(&gp), y_true: &as_refs(&yp), y_pred: &as_refs(&pp) };
            match fairness::bias_column(&g.name, pos, &ri, &pi, &cfg.bias) {
                Ok(b) => columns.push(b),
                Err(e) => note(report, &g.name, format!("bias not computable: {e}")),
            }
        }
        if !columns.is_empty() {
            report.bias = Some(BiasJson { columns });
        }
    }

    // Latency and SLO (SPEC §7).
    if let (Some((lr, name)), Some((lp, _))) = (column(schema, Role::Latency, r), column(schema, Role::Latency, p)) {
        if let (Some(a), Some(b)) = (&lr.numbers, &lp.numbers) {
            let chunks = chunk_labels(schema, p);
            let chunk_refs = chunks.as_ref().map(|c| as_refs(c));
            let slo = service::SloOptions { percentile: cfg.slo.percentile, target_ms: cfg.slo.target_ms };
            match service::latency_report(&name, a, b, chunk_refs.as_deref(), &slo) {
                Ok(l) => report.latency = Some(l),
                Err(e) => note(report, &name, format!("latency not computable: {e}")),
            }
        }
    }

    // Error rate.
    if let (Some((sr, name)), Some((sp, _))) = (column(schema, Role::Status, r), column(schema, Role::Status, p)) {
        let (a, b) = (labels(sr), labels(sp));
        report.error_rate = Some(service::error_rate_report(&name, &as_refs(&a), &as_refs(&b)));
    }

    // Cost.
    if let (Some((cr, name)), Some((cp, _))) = (column(schema, Role::Cost, r), column(schema, Role::Cost, p)) {
        if let (Some(a), Some(b)) = (&cr.numbers, &cp.numbers) {
            let ts = column(schema, Role::Timestamp, p).and_then(|(c, _)| c.datetimes.clone().or_else(|| c.numbers.clone()));
            match service::cost_report(&name, a, b, ts.as_deref(), &cfg.cost) {
                Ok(c) => report.cost = Some(c),
                Err(e) => note(report, &name, format!("cost not computable: {e}")),
            }
        }
    }

    // Versions / A/B (production file).
    if let Some((vp, name)) = column(schema, Role::Version, p) {
        let v = labels(vp);
        let y = target.1.as_ref().map(|(c, _)| labels(c));
        let yh = pred.1.as_ref().map(|(c, _)| labels(c));
        let st = column(schema, Role::Status, p).map(|(c, _)| labels(c));
        let (y, yh, st) = (y.as_deref().map(as_refs), yh.as_deref().map(as_refs), st.as_deref().map(as_refs));
        let inputs = service::OutcomeInputs {
            y_true: y.as_deref(),
            y_pred: yh.as_deref(),
            positive_label: positive.as_deref(),
            status: st.as_deref(),
        };
        let distinct = v.iter().flatten().collect::<std::collections::BTreeSet<_>>().len();
        if distinct >= 2 {
            match service::version_report(&name, &as_refs(&v), &inputs, cfg.baseline_version.as_deref()) {
                Ok(vr) => report.versions = Some(vr),
                Err(e) => note(report, &name, format!("version comparison not computable: {e}")),
            }
        }
    }

    // Feedback.
    if let Some((fp, name)) = column(schema, Role::Feedback, p) {
        let fr = column(schema, Role::Feedback, r).map(|(c, _)| labels(c));
        let fr = fr.as_deref().map(as_refs);
        report.feedback = Some(service::feedback_report(&name, fr.as_deref(), &as_refs(&labels(fp)), cfg.feedback.threshold));
    }

    // Outliers (SPEC §5): numeric features as they are, categorical ones frequency-encoded with
    // production codes mapped into the reference dictionary.
    let mut remapped: Vec<(String, Vec<u32>, Vec<u32>)> = Vec::new();
    let mut numeric = Vec::new();
    for c in schema.columns.iter().filter(|c| c.role == Role::Feature) {
        let (Some(rc), Some(pc)) = (r.column(&c.name), p.column(&c.name)) else { continue };
        match c.kind {
            Kind::Numeric => {
                if let (Some(a), Some(b)) = (&rc.numbers, &pc.numbers) {
                    numeric.push((c.name.clone(), a, b));
                }
            }
            Kind::Categorical | Kind::Boolean => {
                if let (Some(dr), Some(dp)) = (&rc.dict, &pc.dict) {
                    let index: HashMap<&str, u32> = dr.values.iter().enumerate().map(|(i, v)| (v.as_str(), i as u32)).collect();
                    let unseen = dr.values.len() as u32;
                    let map: Vec<u32> = dp.values.iter().map(|v| index.get(v.as_str()).copied().unwrap_or(unseen)).collect();
                    let prod = dp
                        .codes
                        .iter()
                        .map(|&k| if k == MISSING_CODE { MISSING_CODE } else { map.get(k as usize).copied().unwrap_or(unseen) })
                        .collect();
                    remapped.push((c.name.clone(), dr.codes.clone(), prod));
                }
            }
            _ => {}
        }
    }
    if !numeric.is_empty() || !remapped.is_empty() {
        let features = outliers::Features {
            numeric: numeric
                .iter()
                .map(|(n, a, b)| outliers::NumericFeature { name: n, reference: a, production: b })
                .collect(),
            categorical: remapped
                .iter()
                .map(|(n, a, b)| outliers::CategoricalFeature { name: n, reference: a, production: b })
                .collect(),
        };
        match cfg.outliers.check().map_err(outliers::OutlierError::from).and_then(|params| outliers::outlier_report(&features, &params)) {
            Ok(o) => report.outliers = Some(o),
            Err(e) => note(report, "", format!("outliers not computable: {e}")),
        }
    }
}
