//! The report sections computed by the service, fairness and outlier modules: this file only
//! picks the columns by role, turns them into the slices those modules take, and records a
//! plain-language warning when a section cannot be computed.

use std::collections::HashMap;

use super::{BiasJson, Config, Report};
use crate::chart::ChartView;
use crate::data::{
    datetime, ColumnSchema, Kind, Labels, RawColumn, Role, Schema, Table, ValueMaps, Warning,
    MISSING_CODE,
};
use crate::{fairness, metrics, outliers, service};

/// A score column's values as probabilities: scaled (a percentage ÷ 100) and with values outside
/// [0, 1] left out (`NaN`; the schema's warnings say how many).
fn probabilities(cs: &ColumnSchema, c: &RawColumn) -> Option<Vec<f64>> {
    let v = c.numbers.as_ref()?;
    let scale = cs.scale.unwrap_or(1.0);
    Some(
        v.iter()
            .map(|&x| {
                let y = x * scale;
                if (0.0..=1.0).contains(&y) {
                    y
                } else {
                    f64::NAN
                }
            })
            .collect(),
    )
}

fn column<'a>(schema: &Schema, role: Role, t: &'a Table) -> Option<(&'a RawColumn, String)> {
    let c = schema.with_role(role)?;
    t.column(&c.name).map(|rc| (rc, c.name.clone()))
}

fn note(report: &mut Report, column: &str, message: String) {
    report.warnings.push(Warning {
        file: String::new(),
        row: None,
        column: Some(column.to_owned()),
        message,
    });
}

/// Day labels (`YYYY-MM-DD`) of each production row, or month labels when the data spans more
/// than two months; `None` without a timestamp.
fn chunk_labels(schema: &Schema, t: &Table) -> Option<Vec<Option<String>>> {
    let (c, _) = column(schema, Role::Timestamp, t)?;
    let v = c.datetimes.as_ref().or(c.numbers.as_ref())?;
    let (lo, hi) = v
        .iter()
        .filter(|x| x.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &x| {
            (a.min(x), b.max(x))
        });
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

/// Per-class probability columns whose class is one of `labels` (compared as values: `p_1`
/// is the class `1.0` of a float-written target), as probabilities.
fn class_score_columns(schema: &Schema, t: &Table, labels: &[String]) -> Vec<(String, Vec<f64>)> {
    schema
        .columns
        .iter()
        .filter(|c| c.role == Role::ClassScore)
        .filter_map(|c| {
            let class = crate::data::names::class_of_score_column(&c.name).unwrap_or(&c.name);
            let label = labels.iter().find(|l| {
                l.as_str() == class
                    || l.eq_ignore_ascii_case(class)
                    || class
                        .parse::<f64>()
                        .ok()
                        .zip(l.parse::<f64>().ok())
                        .is_some_and(|(a, b)| a == b)
                    || crate::data::values::truth(class)
                        .zip(crate::data::values::truth(l))
                        .is_some_and(|(a, b)| a == b)
            })?;
            let v = probabilities(c, t.column(&c.name)?)?;
            Some((label.clone(), v))
        })
        .collect()
}

/// Production timestamps (epoch seconds, NaN = missing).
fn timestamps<'a>(schema: &Schema, t: &'a Table) -> Option<&'a [f64]> {
    let (c, _) = column(schema, Role::Timestamp, t)?;
    c.datetimes.as_deref().or(c.numbers.as_deref())
}

fn chunk_by(cfg: &Config, ts: Option<&[f64]>) -> metrics::ChunkBy {
    use crate::report::config::ChunkSetting;
    let span = ts.map(|v| {
        let (lo, hi) = v
            .iter()
            .filter(|x| x.is_finite())
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &x| {
                (a.min(x), b.max(x))
            });
        (hi - lo) / 86_400.0
    });
    match (cfg.rolling.chunks, span) {
        (_, None) | (ChunkSetting::Equal, _) => metrics::ChunkBy::Equal(10),
        (ChunkSetting::Day, _) => metrics::ChunkBy::Day,
        (ChunkSetting::Week, _) => metrics::ChunkBy::Week,
        (ChunkSetting::Month, _) => metrics::ChunkBy::Month,
        (ChunkSetting::Auto, Some(d)) if d <= 31.0 => metrics::ChunkBy::Day,
        (ChunkSetting::Auto, Some(d)) if d <= 182.0 => metrics::ChunkBy::Week,
        (ChunkSetting::Auto, Some(_)) => metrics::ChunkBy::Month,
    }
}

/// Rows ordered by timestamp (stable; rows without one keep file order at the end), or file order.
fn ordered<T: Copy>(v: &[T], ts: Option<&[f64]>) -> Vec<T> {
    match ts {
        Some(ts) if ts.len() == v.len() => metrics::time_order(ts)
            .into_iter()
            .filter_map(|i| v.get(i).copied())
            .collect(),
        _ => v.to_vec(),
    }
}

type SideOwned<'t> = Option<(Labels<'t>, Option<Labels<'t>>, Option<Vec<f64>>)>;
type SideRefs<'a> = (
    Vec<Option<&'a str>>,
    Option<Vec<Option<&'a str>>>,
    Option<Vec<f64>>,
);

fn quality_side<'t>(
    tc: &ColumnSchema,
    pred: Option<&ColumnSchema>,
    score: Option<&ColumnSchema>,
    t: &'t Table,
    maps: &ValueMaps,
) -> SideOwned<'t> {
    let y = maps.labels(t.column(&tc.name)?);
    let yh = pred.and_then(|c| t.column(&c.name)).map(|c| maps.labels(c));
    let sc = score.and_then(|c| probabilities(c, t.column(&c.name)?));
    Some((y, yh, sc))
}

fn side_refs<'a>(s: &'a SideOwned<'_>) -> Option<SideRefs<'a>> {
    s.as_ref()
        .map(|(y, yh, sc)| (y.refs(), yh.as_ref().map(Labels::refs), sc.clone()))
}

fn input<'a>(
    s: &'a SideRefs<'a>,
    cs: &'a [(&'a str, &'a [f64])],
) -> metrics::ClassificationInput<'a> {
    metrics::ClassificationInput {
        y_true: &s.0,
        y_pred: s.1.as_deref(),
        score: s.2.as_deref(),
        class_scores: cs,
    }
}

/// SPEC §4: classification or regression quality of both files, rolling metric, chunks, the
/// 5 % drop alert, change points and the last-7-days accuracy.
fn model_quality(
    report: &mut Report,
    schema: &Schema,
    r: &Table,
    p: &Table,
    cfg: &Config,
    maps: &ValueMaps,
) {
    let Some(tc) = schema.with_role(Role::Target) else {
        return;
    };
    let pred = schema.with_role(Role::Prediction);
    let score = schema.with_role(Role::Score);
    let ts_p = timestamps(schema, p);
    let rolling_opts = metrics::RollingOptions {
        window: cfg.rolling.window,
        step: cfg.rolling.step,
    };
    let regression = tc.kind == Kind::Numeric && pred.is_some_and(|c| c.kind == Kind::Numeric);
    if regression {
        let Some(pc) = pred else { return };
        let (rp, pp) = (
            numeric_pair(r, &tc.name, &pc.name),
            numeric_pair(p, &tc.name, &pc.name),
        );
        match metrics::regression_report(rp, pp) {
            Ok(rep) => {
                if let (Some(a), Some(b)) = (&rep.reference, &rep.production) {
                    report.performance = metrics::performance_drop(a.mae.0, b.mae.0, false, 0.05);
                }
                if let Some((y, yh)) = pp {
                    let abs: Vec<f64> = y.iter().zip(yh).map(|(a, b)| (a - b).abs()).collect();
                    let abs_o = ordered(&abs, ts_p);
                    let labelled: Vec<f64> =
                        abs_o.iter().copied().filter(|v| !v.is_nan()).collect();
                    report.rolling = Some(metrics::rolling_mae(&labelled, &rolling_opts));
                    let base = rep.reference.as_ref().map(|m| m.mae.0);
                    if let Ok(c) = metrics::chunk_mae(&abs, ts_p, chunk_by(cfg, ts_p), base) {
                        report.chunks = c.chunks;
                    }
                }
                report.regression = Some(rep);
            }
            Err(e) => note(
                report,
                &tc.name,
                format!("regression metrics not computable: {e}"),
            ),
        }
        return;
    }
    if pred.is_none() && score.is_none() {
        return;
    }
    let (rs, ps) = (
        quality_side(tc, pred, score, r, maps),
        quality_side(tc, pred, score, p, maps),
    );
    let (rr, pr) = (side_refs(&rs), side_refs(&ps));
    let mut all: std::collections::BTreeSet<&str> = std::collections::BTreeSet::new();
    for (y, yh, _) in rr.iter().chain(pr.iter()) {
        all.extend(y.iter().flatten().copied());
        if let Some(yh) = yh {
            all.extend(yh.iter().flatten().copied());
        }
    }
    let labels_v: Vec<String> = all.into_iter().map(str::to_owned).collect();
    let (cs_r, cs_p) = (
        class_score_columns(schema, r, &labels_v),
        class_score_columns(schema, p, &labels_v),
    );
    // The user's positive label is a value too: `True` names the class written `1.0`.
    let positive = cfg.positive_label.as_deref().map(|l| {
        maps.labels
            .canonical(l)
            .map_or_else(|| l.to_owned(), |c| c.into_owned())
    });
    let opts = metrics::ClassificationOptions {
        positive_label: positive,
        ..Default::default()
    };
    let cs_r: Vec<(&str, &[f64])> = cs_r
        .iter()
        .map(|(l, v)| (l.as_str(), v.as_slice()))
        .collect();
    let cs_p: Vec<(&str, &[f64])> = cs_p
        .iter()
        .map(|(l, v)| (l.as_str(), v.as_slice()))
        .collect();
    let ri = rr.as_ref().map(|s| input(s, &cs_r));
    let pi = pr.as_ref().map(|s| input(s, &cs_p));
    let rep = match metrics::classification_report(ri.as_ref(), pi.as_ref(), &opts) {
        Ok(rep) => rep,
        Err(e) => {
            note(
                report,
                &tc.name,
                format!("classification metrics not computable: {e}"),
            );
            return;
        }
    };
    if let (Some(a), Some(b)) = (&rep.reference, &rep.production) {
        report.performance = metrics::performance_drop(a.accuracy.0, b.accuracy.0, true, 0.05);
    }
    if let Some(pi) = &pi {
        if let Ok(correct) = metrics::correctness(pi, &rep, &opts) {
            let ordered_c = ordered(&correct, ts_p);
            report.rolling = Some(metrics::rolling_accuracy(&ordered_c, &rolling_opts));
            let base = rep.reference.as_ref().map(|m| m.accuracy.0);
            if let Ok(c) = metrics::chunk_accuracy(&correct, ts_p, chunk_by(cfg, ts_p), base) {
                report.chunks = c.chunks;
            }
            let errors: Vec<bool> = ordered_c.iter().flatten().map(|ok| !ok).collect();
            if !errors.is_empty() {
                report.change_points = Some(metrics::change_points(
                    &errors,
                    &metrics::ChangePointOptions::default(),
                ));
            }
            if let Some(ts) = ts_p {
                let max = ts
                    .iter()
                    .copied()
                    .filter(|x| x.is_finite())
                    .fold(f64::NEG_INFINITY, f64::max);
                if max.is_finite() {
                    let from = max - 7.0 * 86_400.0;
                    let (mut n, mut k) = (0usize, 0usize);
                    for (c, &t) in correct.iter().zip(ts) {
                        if let (Some(ok), true) = (c, t > from) {
                            n += 1;
                            k += usize::from(*ok);
                        }
                    }
                    if n > 0 {
                        report.accuracy_last_7d = Some(super::RecentAccuracy {
                            n_labeled: n,
                            accuracy: super::Num(k as f64 / n as f64),
                            from: datetime::format_date(from),
                            to: datetime::format_date(max),
                        });
                    }
                }
            }
        }
    }
    report.classification = Some(rep);
}

/// The score (else numeric prediction) mean of each production chunk.
fn prediction_means(report: &mut Report, schema: &Schema, p: &Table, cfg: &Config) {
    if report.chunks.is_empty() {
        return;
    }
    let col = [Role::Score, Role::Prediction]
        .into_iter()
        .filter_map(|role| schema.with_role(role))
        .find_map(|c| p.column(&c.name)?.numbers.as_ref());
    let Some(values) = col else { return };
    let ts = timestamps(schema, p);
    if let Ok(means) = metrics::chunk_mean(values, ts, chunk_by(cfg, ts)) {
        if means.len() == report.chunks.len() {
            for (c, m) in report.chunks.iter_mut().zip(means) {
                c.prediction_mean = m.map(super::Num);
            }
        }
    }
}

/// Fills model quality, bias, latency, error rate, cost, versions, feedback and outliers.
pub(super) fn fill(
    report: &mut Report,
    schema: &Schema,
    r: &Table,
    p: &Table,
    cfg: &Config,
    maps: &ValueMaps,
    laps: &mut crate::timing::Laps,
) {
    model_quality(report, schema, r, p, cfg, maps);
    prediction_means(report, schema, p, cfg);
    laps.lap("model quality");
    let positive = report
        .classification
        .as_ref()
        .and_then(|c| c.positive_label.clone())
        .or_else(|| {
            cfg.positive_label.as_deref().map(|l| {
                maps.labels
                    .canonical(l)
                    .map_or_else(|| l.to_owned(), |c| c.into_owned())
            })
        });
    let target = (
        column(schema, Role::Target, r),
        column(schema, Role::Target, p),
    );
    let pred = (
        column(schema, Role::Prediction, r),
        column(schema, Role::Prediction, p),
    );

    // Bias (SPEC §6): per group column, binary or one-vs-rest on the positive label.
    if let (Some(pos), (Some((yr, _)), Some((yp, _))), (Some((pr, _)), Some((pp, _)))) =
        (&positive, &target, &pred)
    {
        let (yr, yp, pr, pp) = (
            maps.labels(yr),
            maps.labels(yp),
            maps.labels(pr),
            maps.labels(pp),
        );
        let (yr, yp, pr, pp) = (yr.refs(), yp.refs(), pr.refs(), pp.refs());
        let mut columns = Vec::new();
        for g in schema.columns.iter().filter(|c| c.role == Role::Group) {
            let (Some(gr), Some(gp)) = (r.column(&g.name), p.column(&g.name)) else {
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
            match fairness::bias_column(&g.name, pos, &ri, &pi, &cfg.bias) {
                Ok(b) => columns.push(b),
                Err(e) => note(report, &g.name, format!("bias not computable: {e}")),
            }
        }
        if !columns.is_empty() {
            report.bias = Some(BiasJson { columns });
        }
    }

    laps.lap("bias");
    // Latency and SLO (SPEC §7).
    if let (Some((lr, name)), Some((lp, _))) = (
        column(schema, Role::Latency, r),
        column(schema, Role::Latency, p),
    ) {
        if let (Some(a), Some(b)) = (&lr.numbers, &lp.numbers) {
            let chunks = chunk_labels(schema, p);
            let chunk_refs: Option<Vec<Option<&str>>> = chunks
                .as_ref()
                .map(|c| c.iter().map(Option::as_deref).collect());
            let slo = service::SloOptions {
                percentile: cfg.slo.percentile,
                target_ms: cfg.slo.target_ms,
            };
            match service::latency_report(&name, a, b, chunk_refs.as_deref(), &slo) {
                Ok(l) => report.latency = Some(l),
                Err(e) => note(report, &name, format!("latency not computable: {e}")),
            }
        }
    }

    // Error rate.
    if let (Some((sr, name)), Some((sp, _))) = (
        column(schema, Role::Status, r),
        column(schema, Role::Status, p),
    ) {
        let (a, b) = (maps.labels(sr), maps.labels(sp));
        report.error_rate = Some(service::error_rate_report(&name, &a.refs(), &b.refs()));
    }

    // Cost.
    if let (Some((cr, name)), Some((cp, _))) =
        (column(schema, Role::Cost, r), column(schema, Role::Cost, p))
    {
        if let (Some(a), Some(b)) = (&cr.numbers, &cp.numbers) {
            let ts = column(schema, Role::Timestamp, p)
                .and_then(|(c, _)| c.datetimes.clone().or_else(|| c.numbers.clone()));
            match service::cost_report(&name, a, b, ts.as_deref(), &cfg.cost) {
                Ok(c) => report.cost = Some(c),
                Err(e) => note(report, &name, format!("cost not computable: {e}")),
            }
        }
    }

    // Versions / A/B (production file).
    if let Some((vp, name)) = column(schema, Role::Version, p) {
        let v_labels = maps.labels(vp);
        let v = v_labels.refs();
        let y = target.1.as_ref().map(|(c, _)| maps.labels(c));
        let yh = pred.1.as_ref().map(|(c, _)| maps.labels(c));
        let st = column(schema, Role::Status, p).map(|(c, _)| maps.labels(c));
        let (y, yh, st) = (
            y.as_ref().map(Labels::refs),
            yh.as_ref().map(Labels::refs),
            st.as_ref().map(Labels::refs),
        );
        let inputs = service::OutcomeInputs {
            y_true: y.as_deref(),
            y_pred: yh.as_deref(),
            positive_label: positive.as_deref(),
            status: st.as_deref(),
        };
        let distinct = v
            .iter()
            .flatten()
            .collect::<std::collections::BTreeSet<_>>()
            .len();
        if distinct >= 2 {
            match service::version_report(&name, &v, &inputs, cfg.baseline_version.as_deref()) {
                Ok(vr) => report.versions = Some(vr),
                Err(e) => note(
                    report,
                    &name,
                    format!("version comparison not computable: {e}"),
                ),
            }
        }
    }

    // Feedback.
    if let Some((fp, name)) = column(schema, Role::Feedback, p) {
        let fr = column(schema, Role::Feedback, r).map(|(c, _)| maps.labels(c));
        let fr = fr.as_ref().map(Labels::refs);
        report.feedback = Some(service::feedback_report(
            &name,
            fr.as_deref(),
            &maps.labels(fp).refs(),
            cfg.feedback.threshold,
        ));
    }

    laps.lap("service");
}

/// SPEC §5 outliers: the seeded Isolation Forest on the feature columns (numeric as they are,
/// categorical frequency-encoded with production codes mapped into the reference dictionary).
/// Pure, so it can run on its own thread; `Ok(None)` when there is no feature.
pub(super) fn outliers(
    schema: &Schema,
    r: &Table,
    p: &Table,
    cfg: &Config,
) -> Result<Option<outliers::OutlierReport>, String> {
    let mut laps = crate::timing::Laps::start();
    // Outliers (SPEC §5): numeric features as they are, categorical ones frequency-encoded with
    // production codes mapped into the reference dictionary.
    let mut remapped: Vec<(String, Vec<u32>, Vec<u32>)> = Vec::new();
    let mut numeric = Vec::new();
    for c in schema.columns.iter().filter(|c| c.role == Role::Feature) {
        let (Some(rc), Some(pc)) = (r.column(&c.name), p.column(&c.name)) else {
            continue;
        };
        match c.kind {
            Kind::Numeric => {
                if let (Some(a), Some(b)) = (&rc.numbers, &pc.numbers) {
                    numeric.push((c.name.clone(), a, b));
                }
            }
            Kind::Categorical | Kind::Boolean => {
                if let (Some(dr), Some(dp)) = (&rc.dict, &pc.dict) {
                    let index: HashMap<&str, u32> = dr
                        .values
                        .iter()
                        .enumerate()
                        .map(|(i, v)| (v.as_str(), i as u32))
                        .collect();
                    let unseen = dr.values.len() as u32;
                    let map: Vec<u32> = dp
                        .values
                        .iter()
                        .map(|v| index.get(v.as_str()).copied().unwrap_or(unseen))
                        .collect();
                    let prod = dp
                        .codes
                        .iter()
                        .map(|&k| {
                            if k == MISSING_CODE {
                                MISSING_CODE
                            } else {
                                map.get(k as usize).copied().unwrap_or(unseen)
                            }
                        })
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
                .map(|(n, a, b)| outliers::NumericFeature {
                    name: n,
                    reference: a,
                    production: b,
                })
                .collect(),
            categorical: remapped
                .iter()
                .map(|(n, a, b)| outliers::CategoricalFeature {
                    name: n,
                    reference: a,
                    production: b,
                })
                .collect(),
        };
        laps.lap("outliers: features");
        let out = cfg
            .outliers
            .check()
            .map_err(outliers::OutlierError::from)
            .and_then(|params| outliers::outlier_report(&features, &params))
            .map(Some)
            .map_err(|e| format!("outliers not computable: {e}"));
        laps.lap("outliers: forest");
        return out;
    }
    Ok(None)
}

/// Finishes the analysis: the outlier result and duplicate counts (computed beside the rest),
/// the checks, then the section charts built from the complete report.
pub(super) fn finish(
    mut a: super::Analysis,
    o: Result<Option<outliers::OutlierReport>, String>,
    dups: super::PerFile,
) -> super::Analysis {
    a.report.quality.duplicate_rows = dups;
    match o {
        Ok(o) => a.report.outliers = o,
        Err(e) => note(&mut a.report, "", e),
    }
    a.report.checks = super::checks::checks(&a.report);
    // The section charts are built last, from the finished report (the data-dependent
    // regression charts computed earlier come first).
    let data_views = std::mem::take(&mut a.sections.quality);
    a.sections = super::views::section_charts(&a.report);
    a.sections.quality.splice(0..0, data_views);
    a
}

/// Two numeric columns of one table, borrowed (target and prediction of a regression).
fn numeric_pair<'t>(t: &'t Table, a: &str, b: &str) -> Option<(&'t [f64], &'t [f64])> {
    Some((
        t.column(a)?.numbers.as_deref()?,
        t.column(b)?.numbers.as_deref()?,
    ))
}

/// The regression error histogram and predicted-vs-actual scatter (empty unless the target
/// and the prediction are both numeric).
pub(super) fn regression_views(schema: &Schema, r: &Table, p: &Table) -> Vec<ChartView> {
    let (Some(tc), Some(pc)) = (
        schema.with_role(Role::Target),
        schema.with_role(Role::Prediction),
    ) else {
        return Vec::new();
    };
    if tc.kind != Kind::Numeric || pc.kind != Kind::Numeric {
        return Vec::new();
    }
    let (rp, pp) = (
        numeric_pair(r, &tc.name, &pc.name),
        numeric_pair(p, &tc.name, &pc.name),
    );
    [
        super::views::regression_errors(rp, pp),
        super::views::regression_scatter(rp, pp),
    ]
    .into_iter()
    .flatten()
    .collect()
}
