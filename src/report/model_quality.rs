//! Stage 4 of the analysis, *model quality* (SPEC §4): classification or regression metrics of
//! both files on their labelled rows, the > 5 % relative drop alert, and each production row's
//! outcome (correct or not; the absolute error) for the over-time stage.

use super::context::Context;
use crate::chart::ChartView;
use crate::data::{Kind, Labels, Role, Table, Warning};
use crate::metrics;

/// Each production row's outcome, in file order (`None`: no label or no prediction).
pub enum Outcome {
    /// Classification: the prediction was right.
    Correct(Vec<Option<bool>>),
    /// Regression: |prediction − target| (`NaN` when either is missing).
    AbsError(Vec<f64>),
}

/// What the stage gives the report and the later stages.
#[derive(Default)]
pub struct ModelQuality {
    /// Classification metrics of both files.
    pub classification: Option<metrics::ClassificationReport>,
    /// Regression metrics of both files.
    pub regression: Option<metrics::RegressionReport>,
    /// Production against the reference: the > 5 % relative drop alert.
    pub performance: Option<metrics::PerformanceDrop>,
    /// Production's per-row outcome.
    pub outcome: Option<Outcome>,
    /// The reference's metric (accuracy or MAE): the baseline of the time chunks.
    pub baseline: Option<f64>,
    /// The positive label, as a value of the target (binary tasks, or the user's choice).
    pub positive: Option<String>,
    /// The regression error histogram and predicted-vs-actual scatter.
    pub views: Vec<ChartView>,
    /// Why a section could not be computed.
    pub warnings: Vec<Warning>,
}

/// The user's positive label as a value of the target: `True` names the class written `1.0`.
fn user_positive(ctx: &Context) -> Option<String> {
    ctx.cfg.positive_label.as_deref().map(|l| {
        ctx.maps
            .labels
            .canonical(l)
            .map_or_else(|| l.to_owned(), |c| c.into_owned())
    })
}

/// Computes model quality when there is a target and a prediction or score.
pub fn stage(ctx: &Context) -> ModelQuality {
    let positive = user_positive(ctx);
    let mut out = ModelQuality {
        positive: positive.clone(),
        ..ModelQuality::default()
    };
    let Some(tc) = ctx.role(Role::Target) else {
        return out;
    };
    let pred = ctx.role(Role::Prediction);
    let regression = tc.kind == Kind::Numeric && pred.is_some_and(|c| c.kind == Kind::Numeric);
    if regression {
        if let Some(pc) = pred {
            regression_quality(ctx, &tc.name, &pc.name, &mut out);
        }
        return out;
    }
    if pred.is_none() && ctx.role(Role::Score).is_none() {
        return out;
    }
    classification_quality(ctx, positive, &mut out);
    out
}

/// Two numeric columns of one table, borrowed (target and prediction of a regression).
fn numeric_pair<'t>(t: &'t Table, a: &str, b: &str) -> Option<(&'t [f64], &'t [f64])> {
    Some((
        t.column(a)?.numbers.as_deref()?,
        t.column(b)?.numbers.as_deref()?,
    ))
}

fn regression_quality(ctx: &Context, target: &str, pred: &str, out: &mut ModelQuality) {
    let (rp, pp) = (
        numeric_pair(ctx.r, target, pred),
        numeric_pair(ctx.p, target, pred),
    );
    out.views = [
        super::views::regression_errors(rp, pp),
        super::views::regression_scatter(rp, pp),
    ]
    .into_iter()
    .flatten()
    .collect();
    match metrics::regression_report(rp, pp) {
        Ok(rep) => {
            if let (Some(a), Some(b)) = (&rep.reference, &rep.production) {
                out.performance = metrics::performance_drop(a.mae.0, b.mae.0, false, 0.05);
            }
            if let Some((y, yh)) = pp {
                out.outcome = Some(Outcome::AbsError(
                    y.iter().zip(yh).map(|(a, b)| (a - b).abs()).collect(),
                ));
            }
            out.baseline = rep.reference.as_ref().map(|m| m.mae.0);
            out.regression = Some(rep);
        }
        Err(e) => out.warnings.push(Context::note(
            target,
            format!("regression metrics not computable: {e}"),
        )),
    }
}

/// One file's labels, predictions and scores (owned), as the metrics take them borrowed.
struct Side<'t> {
    y: Labels<'t>,
    yh: Option<Labels<'t>>,
    score: Option<Vec<f64>>,
}

/// A [`Side`] borrowed row by row.
struct Refs<'a> {
    y: Vec<Option<&'a str>>,
    yh: Option<Vec<Option<&'a str>>>,
    score: Option<&'a [f64]>,
}

impl Side<'_> {
    fn refs(&self) -> Refs<'_> {
        Refs {
            y: self.y.refs(),
            yh: self.yh.as_ref().map(Labels::refs),
            score: self.score.as_deref(),
        }
    }
}

impl<'a> Refs<'a> {
    fn input(
        &'a self,
        class_scores: &'a [(&'a str, &'a [f64])],
    ) -> metrics::ClassificationInput<'a> {
        metrics::ClassificationInput {
            y_true: &self.y,
            y_pred: self.yh.as_deref(),
            score: self.score,
            class_scores,
        }
    }
}

fn side<'t>(ctx: &Context<'t>, production: bool) -> Option<Side<'t>> {
    let t = ctx.table(production);
    let y = ctx.maps.labels(t.column(&ctx.role(Role::Target)?.name)?);
    let yh = ctx
        .role(Role::Prediction)
        .and_then(|c| t.column(&c.name))
        .map(|c| ctx.maps.labels(c));
    let score = ctx
        .role(Role::Score)
        .and_then(|c| ctx.probabilities(c, production));
    Some(Side { y, yh, score })
}

/// Per-class probability columns whose class is one of `labels` (compared as values: `p_1`
/// is the class `1.0` of a float-written target), as probabilities.
fn class_score_columns(
    ctx: &Context,
    production: bool,
    labels: &[String],
) -> Vec<(String, Vec<f64>)> {
    ctx.schema
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
            Some((label.clone(), ctx.probabilities(c, production)?))
        })
        .collect()
}

/// Per-class probability columns: (label, probabilities).
type ClassScores = Vec<(String, Vec<f64>)>;

/// Both files' per-class probability columns for the labels either file uses (targets and
/// predictions), as [`class_score_columns`] reads them.
fn class_scores(ctx: &Context, rs: Option<&Side>, ps: Option<&Side>) -> (ClassScores, ClassScores) {
    let mut all: std::collections::BTreeSet<&str> = std::collections::BTreeSet::new();
    for s in rs.iter().chain(ps.iter()) {
        s.y.distinct_into(&mut all);
        if let Some(yh) = &s.yh {
            yh.distinct_into(&mut all);
        }
    }
    let labels: Vec<String> = all.into_iter().map(str::to_owned).collect();
    (
        class_score_columns(ctx, false, &labels),
        class_score_columns(ctx, true, &labels),
    )
}

/// `(label, probabilities)` pairs borrowed, as the metrics take them.
fn borrowed(cs: &[(String, Vec<f64>)]) -> Vec<(&str, &[f64])> {
    cs.iter().map(|(l, v)| (l.as_str(), v.as_slice())).collect()
}

fn classification_quality(ctx: &Context, positive: Option<String>, out: &mut ModelQuality) {
    let Some(tc) = ctx.role(Role::Target) else {
        return;
    };
    let (rs, ps) = (side(ctx, false), side(ctx, true));
    let (rr, pr) = (rs.as_ref().map(Side::refs), ps.as_ref().map(Side::refs));
    let (cs_r, cs_p) = class_scores(ctx, rs.as_ref(), ps.as_ref());
    let (cs_r, cs_p) = (borrowed(&cs_r), borrowed(&cs_p));
    let opts = metrics::ClassificationOptions {
        positive_label: positive,
        ..Default::default()
    };
    let ri = rr.as_ref().map(|s| s.input(&cs_r));
    let pi = pr.as_ref().map(|s| s.input(&cs_p));
    let rep = match metrics::classification_report(ri.as_ref(), pi.as_ref(), &opts) {
        Ok(rep) => rep,
        Err(e) => {
            out.warnings.push(Context::note(
                &tc.name,
                format!("classification metrics not computable: {e}"),
            ));
            return;
        }
    };
    if let (Some(a), Some(b)) = (&rep.reference, &rep.production) {
        out.performance = metrics::performance_drop(a.accuracy.0, b.accuracy.0, true, 0.05);
    }
    if let Some(pi) = &pi {
        if let Ok(correct) = metrics::correctness(pi, &rep, &opts) {
            out.outcome = Some(Outcome::Correct(correct));
        }
    }
    out.baseline = rep.reference.as_ref().map(|m| m.accuracy.0);
    // The positive label the metrics settled on (binary), else the user's.
    out.positive = rep.positive_label.clone().or(out.positive.take());
    out.classification = Some(rep);
}

/// Performance without labels alone (CBPE; the page's second worker computes it beside the
/// outliers): the task and positive label as the classification metrics derive them, then
/// [`super::estimate::stage`]. `None` for regression, without a score column, or for a
/// multiclass task; an error (shown as a warning) when the estimate cannot be made.
pub(super) fn estimate_stage(
    ctx: &Context,
) -> Option<Result<crate::metrics::cbpe::PerformanceEstimate, String>> {
    let tc = ctx.role(Role::Target)?;
    let pred = ctx.role(Role::Prediction);
    if tc.kind == Kind::Numeric && pred.is_some_and(|c| c.kind == Kind::Numeric) {
        return None;
    }
    if ctx.role(Role::Score).is_none() {
        return estimate_multiclass(ctx);
    }
    let positive = user_positive(ctx);
    let (rs, ps) = (side(ctx, false), side(ctx, true));
    let (rr, pr) = (rs.as_ref().map(Side::refs), ps.as_ref().map(Side::refs));
    let (cs_r, cs_p) = class_scores(ctx, rs.as_ref(), ps.as_ref());
    let (cs_r, cs_p) = (borrowed(&cs_r), borrowed(&cs_p));
    let opts = metrics::ClassificationOptions {
        positive_label: positive,
        ..Default::default()
    };
    let ri = rr.as_ref().map(|s| s.input(&cs_r));
    let pi = pr.as_ref().map(|s| s.input(&cs_p));
    let pos =
        metrics::classification::binary_positive_label(ri.as_ref(), pi.as_ref(), &opts).ok()??;
    // The labels just read for the task serve the estimate too; a file without the target
    // column (no side) is read for its scores and predictions alone.
    let rows = |s: Option<&Refs>, production| match s {
        Some(s) => {
            let score = s.score?;
            let is_pos = |l: &Option<&str>| l.map(|l| l == pos);
            Some(super::estimate::Rows {
                y: s.y.iter().map(is_pos).collect(),
                pred: match &s.yh {
                    Some(yh) => yh.iter().map(is_pos).collect(),
                    None => score
                        .iter()
                        .map(|&v| (!v.is_nan()).then_some(v >= opts.threshold))
                        .collect(),
                },
                score: score.to_vec(),
            })
        }
        None => super::estimate::rows(ctx, production, &pos, opts.threshold),
    };
    let (a, b) = (rows(rr.as_ref(), false)?, rows(pr.as_ref(), true)?);
    super::estimate::stage(ctx, &a, &b).transpose()
}

/// Multiclass CBPE (one-vs-rest): a target, per-class probability columns for at least three
/// classes in both files, and the predicted class (the prediction column, else the most
/// probable class). `None` when that is not the case.
fn estimate_multiclass(
    ctx: &Context,
) -> Option<Result<crate::metrics::cbpe::PerformanceEstimate, String>> {
    let rs = side(ctx, false)?;
    let ps = side(ctx, true);
    let rr = rs.refs();
    let pr = ps.as_ref().map(Side::refs);
    let (cs_r, cs_p) = class_scores(ctx, Some(&rs), ps.as_ref());
    if cs_r.len() < 3 {
        return None;
    }
    // NannyML sorts the classes.
    let mut classes: Vec<String> = cs_r.iter().map(|(l, _)| l.clone()).collect();
    classes.sort();
    let proba = |cs: &ClassScores| -> Option<Vec<Vec<f64>>> {
        classes
            .iter()
            .map(|c| cs.iter().find(|(l, _)| l == c).map(|(_, v)| v.clone()))
            .collect()
    };
    let (p_r, p_p) = (proba(&cs_r)?, proba(&cs_p)?);
    let idx = |l: &Option<&str>| l.and_then(|l| classes.iter().position(|c| c == l));
    let argmax = |p: &[Vec<f64>]| -> Vec<Option<usize>> {
        let n = p.first().map_or(0, Vec::len);
        (0..n)
            .map(|i| {
                let mut best: Option<(usize, f64)> = None;
                for (c, col) in p.iter().enumerate() {
                    let v = col[i];
                    if !v.is_finite() {
                        return None;
                    }
                    if best.is_none_or(|(_, b)| v > b) {
                        best = Some((c, v));
                    }
                }
                best.map(|(c, _)| c)
            })
            .collect()
    };
    let y_r: Vec<Option<usize>> = rr.y.iter().map(idx).collect();
    let pred_r = match &rr.yh {
        Some(yh) => yh.iter().map(idx).collect(),
        None => argmax(&p_r),
    };
    let n_p = ctx.p.rows;
    let y_p: Vec<Option<usize>> = pr
        .as_ref()
        .map_or_else(|| vec![None; n_p], |s| s.y.iter().map(idx).collect());
    let pred_p: Vec<Option<usize>> = match ctx.column(Role::Prediction, true) {
        Some((c, _)) => ctx.maps.labels(c).refs().iter().map(idx).collect(),
        None => argmax(&p_p),
    };
    let (rc, pc, how) = super::estimate::chunks(ctx, y_r.len(), n_p);
    let est = crate::metrics::cbpe::performance_estimate_multiclass(
        crate::metrics::cbpe::ClassRows {
            y: &y_r,
            pred: &pred_r,
            proba: &p_r,
        },
        crate::metrics::cbpe::ClassRows {
            y: &y_p,
            pred: &pred_p,
            proba: &p_p,
        },
        &rc,
        &pc,
        &how,
        ctx.cfg.estimate.calibration,
        classes,
    )
    .map_err(|e| format!("performance estimation not computable: {e}"));
    Some(est.map(super::estimate::trim))
}
