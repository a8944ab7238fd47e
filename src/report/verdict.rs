//! The last stage of the analysis, *checks and verdicts* (SPEC §8): every dataset-level check in
//! one vocabulary — score, threshold, direction, status (ok / warning / alert) and a one-line
//! reason — and the retrain recommendation. Derived from the finished report only, so the page,
//! the CLI and the exports list the same checks.

use super::{Check, CheckStatus, Num, Report, RetrainJson};

fn check(
    id: impl Into<String>,
    name: &str,
    score: f64,
    threshold: f64,
    direction: &str,
    status: CheckStatus,
    reason: String,
) -> Check {
    Check {
        id: id.into(),
        name: name.to_owned(),
        score: Num(score),
        threshold: Num(threshold),
        direction: direction.to_owned(),
        status,
        reason,
    }
}

fn alert_if(b: bool) -> CheckStatus {
    if b {
        CheckStatus::Alert
    } else {
        CheckStatus::Ok
    }
}

/// Every check that has data.
/// Every check of the report.
pub fn checks(r: &Report) -> Vec<Check> {
    let mut out = Vec::new();
    let d = &r.drift;
    if d.n_features > 0 {
        let st = if d.dataset_drift {
            CheckStatus::Alert
        } else if d.n_drifted > 0 {
            CheckStatus::Warning
        } else {
            CheckStatus::Ok
        };
        out.push(check(
            "dataset_drift",
            "Dataset drift",
            d.share_drifted.0,
            d.drift_share_threshold.0,
            "at_least",
            st,
            format!(
                "{} of {} features drifted ({:.0} %; dataset drift at ≥ {:.0} %)",
                d.n_drifted,
                d.n_features,
                d.share_drifted.0 * 100.0,
                d.drift_share_threshold.0 * 100.0
            ),
        ));
    }
    if let Some(p) = &r.performance {
        let metric = if p.higher_is_better {
            "accuracy"
        } else {
            "MAE"
        };
        let change = p.relative_change.map_or(0.0, |c| c.0);
        out.push(check(
            "performance",
            if p.higher_is_better {
                "Accuracy vs reference"
            } else {
                "MAE vs reference"
            },
            change,
            if p.higher_is_better {
                -p.threshold.0
            } else {
                p.threshold.0
            },
            if p.higher_is_better { "below" } else { "above" },
            alert_if(p.alert),
            format!(
                "{metric} {} in production vs {} in reference ({:+.1} %; alert beyond {:.0} %)",
                crate::format::num(p.production.0),
                crate::format::num(p.reference.0),
                change * 100.0,
                p.threshold.0 * 100.0
            ),
        ));
    }
    if let Some((c, est, lo, earlier)) = estimate_alert(r) {
        let labels = r
            .performance_estimate
            .as_ref()
            .map_or(0.0, |e| e.labeled_share.0);
        let status = if est < lo {
            CheckStatus::Alert
        } else if earlier.is_some() {
            CheckStatus::Warning
        } else {
            CheckStatus::Ok
        };
        let mut reason = format!(
            "estimated accuracy {} in {} (CBPE, from the scores; labels for {:.0} % of production rows); alert below {} (reference chunks' mean − 3σ)",
            crate::format::num(est),
            c,
            labels * 100.0,
            crate::format::num(lo)
        );
        if let (Some(e), CheckStatus::Warning) = (earlier, status) {
            reason.push_str(&format!("; it was below in {e}"));
        }
        out.push(check(
            "performance_estimate",
            "Estimated accuracy (no labels needed)",
            est,
            lo,
            "below",
            status,
            reason,
        ));
    }
    if let Some(m) = r.multivariate_drift.as_ref().map(|m| &m.reconstruction) {
        let prod: Vec<_> = m
            .chunks
            .iter()
            .filter(|c| c.period == "production")
            .collect();
        if let Some(last) = prod.last() {
            let status = if last.alert {
                CheckStatus::Alert
            } else if m.first_alert.is_some() {
                CheckStatus::Warning
            } else {
                CheckStatus::Ok
            };
            let hi = last.upper_threshold.map_or(f64::NAN, |v| v.0);
            let n_ref = m.chunks.iter().filter(|c| c.period == "reference").count();
            let mut reason = format!(
                "PCA reconstruction error {} in {} ({} components of {} features); {}",
                crate::format::num(last.error.0),
                last.label,
                m.components,
                m.features.len(),
                if last.upper_threshold.is_some() {
                    format!("reference range up to {}", crate::format::num(hi))
                } else {
                    format!(
                        "{n_ref} reference chunks are too few for a range (at least {}): not judged",
                        crate::metrics::cbpe::MIN_REFERENCE_CHUNKS
                    )
                }
            );
            if let (CheckStatus::Warning, Some(f)) = (status, &m.first_alert) {
                reason.push_str(&format!("; it was outside in {f}"));
            }
            out.push(check(
                "multivariate_drift",
                "Joint distribution (multivariate drift)",
                last.error.0,
                hi,
                "above",
                status,
                reason,
            ));
        }
    }
    if let Some(l) = llm_latest(r) {
        let e = r.llm_eval.as_ref().map_or(0.05, |e| e.threshold.0);
        let earlier = r
            .llm_eval
            .as_ref()
            .and_then(|x| x.regressions.iter().find(|g| g.to != l.version))
            .map(|g| format!("; `{}` had regressed from `{}`", g.to, g.from));
        let status = if l.regression {
            CheckStatus::Alert
        } else if earlier.is_some() || l.change < -e {
            CheckStatus::Warning
        } else {
            CheckStatus::Ok
        };
        out.push(check(
            "llm_eval",
            "Eval pass rate (LLM)",
            l.rate,
            l.previous_rate - e,
            "below",
            status,
            format!("{}{}", l.sentence(), earlier.unwrap_or_default()),
        ));
    }
    if let Some(d) = r
        .multivariate_drift
        .as_ref()
        .and_then(|m| m.domain_classifier.as_ref())
    {
        out.push(check(
            "domain_classifier",
            "Reference vs production classifier",
            d.roc_auc.0,
            d.threshold.0,
            "above",
            if d.alert {
                CheckStatus::Alert
            } else if d.roc_auc.0 > d.threshold.0 {
                CheckStatus::Warning
            } else {
                CheckStatus::Ok
            },
            domain_sentence(d),
        ));
    }
    if let Some(px) = &r.proxies {
        for c in &px.columns {
            let drifted = c.drift.as_ref().is_some_and(|d| d.drifted);
            let significant = c.change_p_value.0 < 0.05;
            out.push(check(
                format!("proxy:{}", c.column),
                "Proxy metric (change between the files)",
                c.change_p_value.0,
                0.05,
                "below",
                if drifted {
                    CheckStatus::Alert
                } else if significant {
                    CheckStatus::Warning
                } else {
                    CheckStatus::Ok
                },
                proxy_sentence(px, c),
            ));
        }
    }
    for (col, pd) in &r.prediction_drift {
        let diff = (pd.mean_production.0 - pd.mean_reference.0).abs();
        out.push(check(
            format!("prediction_drift:{col}"),
            "Prediction mean (2σ rule)",
            diff,
            2.0 * pd.std_reference.0,
            "above",
            alert_if(pd.drifted),
            format!(
                "mean of `{col}` moved {} (from {} to {}); alert when more than 2σ = {}",
                crate::format::num(diff),
                crate::format::num(pd.mean_reference.0),
                crate::format::num(pd.mean_production.0),
                crate::format::num(2.0 * pd.std_reference.0)
            ),
        ));
    }
    if let Some(l) = &r.latency {
        if let Some(met) = l.slo.met {
            out.push(check(
                "latency_slo",
                "Latency SLO",
                l.slo.value_ms.0,
                l.slo.target_ms.0,
                "at_least",
                alert_if(!met),
                format!(
                    "p{} latency {} ms {} the {} ms target",
                    crate::format::num(l.slo.percentile.0),
                    crate::format::num(l.slo.value_ms.0),
                    if met { "is under" } else { "misses" },
                    crate::format::num(l.slo.target_ms.0)
                ),
            ));
        }
    }
    if let Some(e) = &r.error_rate {
        if e.production.n > 0 {
            let worse = e
                .change
                .as_ref()
                .is_some_and(|c| c.p_value.0 < 0.05 && e.production.rate.0 > e.reference.rate.0);
            out.push(check(
                "error_rate",
                "Error rate",
                e.production.rate.0,
                e.reference.rate.0,
                "above",
                if worse {
                    CheckStatus::Warning
                } else {
                    CheckStatus::Ok
                },
                format!(
                    "{:.2} % errors in production vs {:.2} % in reference{}",
                    e.production.rate.0 * 100.0,
                    e.reference.rate.0 * 100.0,
                    if worse {
                        " (significant increase, p < 0.05)"
                    } else {
                        ""
                    }
                ),
            ));
        }
    }
    if let Some(f) = &r.feedback {
        out.push(check(
            "feedback",
            "Feedback error rate",
            f.production.error_rate.0,
            f.threshold.0,
            "above",
            alert_if(f.retrain),
            f.reason.clone().unwrap_or_else(|| {
                format!(
                    "feedback error rate {} (retrain above {})",
                    crate::format::num(f.production.error_rate.0),
                    crate::format::num(f.threshold.0)
                )
            }),
        ));
    }
    if let Some(b) = &r.bias {
        for c in &b.columns {
            let n = c.alerts.len();
            out.push(check(
                format!("bias:{}", c.column),
                "Bias across groups",
                n as f64,
                0.0,
                "above",
                alert_if(n > 0),
                if n == 0 {
                    format!(
                        "no group of `{}` crosses the 5-point accuracy gap or the four-fifths rule",
                        c.column
                    )
                } else {
                    c.alerts.join("; ")
                },
            ));
        }
    }
    if let Some(o) = &r.outliers {
        // More outliers than the reference leads to expect: a one-sided binomial test, and at
        // least twice the expected share (SPEC §5).
        let limit = o.expected_share.0 * crate::outliers::OUTLIER_RATIO;
        out.push(check(
            "outliers",
            "Outlier share (Isolation Forest)",
            o.share_production.0,
            limit,
            "above",
            if o.alert {
                CheckStatus::Alert
            } else if o.p_value.0 < crate::outliers::OUTLIER_P {
                CheckStatus::Warning
            } else {
                CheckStatus::Ok
            },
            super::model_card::outlier_sentence(o),
        ));
    }
    if let Some(c) = &r.cost {
        if let (Some(exceeded), Some(budget), Some(value)) =
            (c.budget_exceeded, c.budget, c.compared_to_budget)
        {
            out.push(check(
                "cost",
                "Cost vs budget",
                value.0,
                budget.0,
                "above",
                alert_if(exceeded),
                c.alert.clone().unwrap_or_else(|| {
                    format!(
                        "cost {} within the budget {}",
                        crate::format::num(value.0),
                        crate::format::num(budget.0)
                    )
                }),
            ));
        }
    }
    out
}

/// The latest production chunk's estimated accuracy and lower threshold, with the first earlier
/// chunk whose estimate fell below it: (chunk label, estimate, threshold, earlier alert).
fn estimate_alert(r: &Report) -> Option<(String, f64, f64, Option<String>)> {
    let e = r.performance_estimate.as_ref()?;
    let prod: Vec<_> = e
        .chunks
        .iter()
        .filter(|c| c.period == "production")
        .collect();
    let last = prod.last()?;
    let est = last.estimated.get("accuracy")?.0;
    let lo = last.lower_threshold.get("accuracy")?.0;
    let earlier = prod[..prod.len() - 1]
        .iter()
        .find(|c| {
            c.estimated
                .get("accuracy")
                .zip(c.lower_threshold.get("accuracy"))
                .is_some_and(|(v, t)| v.0 < t.0)
        })
        .map(|c| c.label.clone());
    Some((last.label.clone(), est, lo, earlier))
}

/// `a classifier tells production from reference rows with ROC AUC 0.75 [0.74, 0.76]
/// (3-fold cross-validated, 5000 + 5000 rows); most telling: `income` 39 %, …`.
pub fn domain_sentence(d: &crate::drift::domain::DomainClassifier) -> String {
    let top: Vec<String> = d
        .top_features
        .iter()
        .take(3)
        .map(|f| {
            format!(
                "`{}` {:.0} %",
                crate::data::clip(&f.column),
                f.importance.0 * 100.0
            )
        })
        .collect();
    format!(
        "a classifier tells production from reference rows with ROC AUC {} [{}, {}] ({}-fold cross-validated, {} + {} rows; 0.5 = indistinguishable, alert when the interval is above {}){}",
        crate::format::two_decimals(d.roc_auc.0),
        crate::format::two_decimals(d.ci_low.0),
        crate::format::two_decimals(d.ci_high.0),
        d.folds,
        d.rows_reference,
        d.rows_production,
        crate::format::num(d.threshold.0),
        if top.is_empty() {
            String::new()
        } else {
            format!("; most telling: {}", top.join(", "))
        }
    )
}

/// `rate of `regenerated` 0.124 vs 0.087 in reference (+3.8 points, p < 0.001); drifted: …;
/// r = −0.62 with the eval pass rate over 70 day chunks`.
pub(super) fn proxy_sentence(px: &super::Proxies, c: &super::ProxyColumn) -> String {
    use crate::service::ProxyKind;
    let (what, diff) = match c.kind {
        ProxyKind::Rate => (
            "rate",
            format!("{} points", crate::format::points(c.change.0, false)),
        ),
        ProxyKind::Mean => (
            "mean",
            format!(
                "{}{}",
                if c.change.0 < 0.0 { "−" } else { "+" },
                crate::format::num(c.change.0.abs())
            ),
        ),
    };
    let mut s = format!(
        "{what} of `{}` {} vs {} in reference ({diff}, {})",
        crate::data::clip(&c.column),
        crate::format::num(c.production.value.0),
        crate::format::num(c.reference.value.0),
        crate::format::p_value(c.change_p_value.0)
    );
    if let Some(d) = c.drift.as_ref().filter(|d| d.drifted) {
        s.push_str(&format!("; drifted: {}", d.reason));
    }
    match (&px.metric, c.correlation_with_metric) {
        (Some(m), Some(r)) => s.push_str(&format!(
            "; r = {} with the {} over {} chunks (by {})",
            crate::format::two_decimals(r.0).replace('-', "−"),
            m.replace('_', " "),
            c.correlation_chunks,
            px.chunk_by
        )),
        (Some(m), None) => s.push_str(&format!(
            "; too few chunks with the {} to correlate",
            m.replace('_', " ")
        )),
        _ => {}
    }
    s
}

/// A proxy that moved significantly in the direction that, by its correlation with the metric
/// (|r| ≥ 0.5), means a worse model — while production has no metric of its own (no labels).
fn proxy_alarm(r: &Report) -> Vec<String> {
    let Some(px) = &r.proxies else {
        return Vec::new();
    };
    let prod_metric = px
        .columns
        .iter()
        .flat_map(|c| &c.chunks)
        .any(|k| k.period == "production" && k.metric.is_some());
    if prod_metric {
        return Vec::new();
    }
    px.columns
        .iter()
        .filter(|c| {
            let Some(rr) = c.correlation_with_metric else {
                return false;
            };
            let worse = c.change.0
                * rr.0
                * if px.metric_higher_is_better {
                    1.0
                } else {
                    -1.0
                }
                < 0.0;
            c.change_p_value.0 < 0.05 && rr.0.abs() >= 0.5 && worse
        })
        .map(|c| {
            format!(
                "proxy {} (production has no labels; in the reference it tracks the metric)",
                proxy_sentence(px, c)
            )
        })
        .collect()
}

/// The latest version's pass rate against the version before it.
pub(super) struct LlmLatest {
    pub version: String,
    pub rate: f64,
    pub previous: String,
    pub previous_rate: f64,
    pub change: f64,
    pub p_value: f64,
    pub regression: bool,
    pub matcher: &'static str,
}

impl LlmLatest {
    /// `eval pass rate of `v3` 0.656 vs `v2` 0.863 (−20.6 points, p < 0.001; normalised match)`.
    pub fn sentence(&self) -> String {
        format!(
            "eval pass rate of `{}` {} vs `{}` {} ({} points, {}; {}){}",
            crate::data::clip(&self.version),
            crate::format::num(self.rate),
            crate::data::clip(&self.previous),
            crate::format::num(self.previous_rate),
            crate::format::points(self.change, false),
            crate::format::p_value(self.p_value),
            self.matcher,
            if self.regression {
                ": a regression"
            } else {
                ""
            }
        )
    }
}

pub(super) fn llm_latest(r: &Report) -> Option<LlmLatest> {
    let e = r.llm_eval.as_ref()?;
    let last = e.versions.iter().rev().find(|v| v.evaluated > 0)?;
    let prev = e
        .versions
        .iter()
        .find(|v| Some(&v.version) == last.previous.as_ref())?;
    Some(LlmLatest {
        version: last.version.clone(),
        rate: last.pass_rate?.0,
        previous: prev.version.clone(),
        previous_rate: prev.pass_rate?.0,
        change: last.pass_rate_change?.0,
        p_value: last.p_value?.0,
        regression: last.regression,
        matcher: e.matcher.short(),
    })
}

/// Labels cover less than this share of production: the estimated accuracy joins the retrain
/// triggers (with more labels the realised accuracy speaks for itself).
pub const ESTIMATE_TRIGGER_LABEL_SHARE: f64 = 0.5;

/// SPEC §8: dataset drift, a > 5 % relative accuracy drop (more triggers join as their data exists).
pub fn retrain(r: &Report) -> RetrainJson {
    let mut reasons = Vec::new();
    if r.drift.dataset_drift {
        reasons.push(format!(
            "dataset drift: {} of {} features drifted ({:.0} % ≥ {:.0} %)",
            r.drift.n_drifted,
            r.drift.n_features,
            r.drift.share_drifted.0 * 100.0,
            r.drift.drift_share_threshold.0 * 100.0
        ));
    }
    if let Some(d) = r.performance.as_ref().filter(|d| d.alert) {
        let metric = if d.higher_is_better {
            "accuracy"
        } else {
            "MAE"
        };
        reasons.push(format!(
            "{metric} {} → {} ({:+.1} % relative; alert beyond 5 %)",
            crate::format::num(d.reference.0),
            crate::format::num(d.production.0),
            d.relative_change.map_or(0.0, |c| c.0 * 100.0)
        ));
    }
    if let Some((c, est, lo, _)) = estimate_alert(r).filter(|(_, est, lo, _)| est < lo) {
        let share = r
            .performance_estimate
            .as_ref()
            .map_or(1.0, |e| e.labeled_share.0);
        if share < ESTIMATE_TRIGGER_LABEL_SHARE {
            reasons.push(format!(
                "estimated accuracy {} in {c} below {} (CBPE; labels for {:.0} % of production rows)",
                crate::format::num(est),
                crate::format::num(lo),
                share * 100.0
            ));
        }
    }
    if let Some(l) = llm_latest(r).filter(|l| l.regression) {
        reasons.push(l.sentence());
    }
    reasons.extend(proxy_alarm(r));
    if let Some(f) = r.feedback.as_ref().filter(|f| f.retrain) {
        reasons.push(
            f.reason
                .clone()
                .unwrap_or_else(|| "feedback error rate above its threshold".into()),
        );
    }
    RetrainJson {
        recommended: !reasons.is_empty(),
        reasons,
    }
}
