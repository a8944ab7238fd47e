//! `analyze`: two parsed tables + settings → [`Analysis`]. Pure and deterministic (the clock is an
//! input), so the worker, the CLI and the tests get identical reports.
//!
//! The analysis is a pipeline of named stages over one [`Context`]; each stage is a module with
//! typed inputs and outputs, and following one input through it visits each stage once:
//!
//! ```text
//! load → kinds/roles   context        Inputs → Context (schema, value maps, sorted numbers)
//! quality → drift      columns        Context → Columns (quality, drift, excluded, charts)
//! model quality        model_quality  Context → ModelQuality (metrics, per-row outcomes)
//! over time            over_time      Context, ModelQuality → OverTime
//! bias                 bias           Context, positive label → BiasJson
//! service              service        Context, positive label → Service
//! proxies              proxies        Context, drift, outcome → proxy metrics
//! multivariate         multivariate   Context → PCA reconstruction error
//! ── the side (natively a second thread, in the page the second worker) ──
//! outliers             outliers       Context → OutlierReport
//! duplicates                          Tables → duplicate rows per file
//! CBPE                 estimate       Context → PerformanceEstimate
//! domain classifier    multivariate   Context → DomainClassifier (joins the multivariate drift)
//! checks/verdicts      verdict        Report → checks, retrain
//! ```

use super::context::{Context, Inputs};
use super::*;
use crate::data::{datetime, Schema, Table};

/// Runs the whole analysis.
///
/// # Examples
/// ```
/// use driftcard::data::read_table;
/// use driftcard::report::{analyze, model_card, Config, Inputs};
///
/// let r = read_table("reference.csv", "x,label,y_pred\n1,0,0\n2,1,1\n3,0,0\n4,1,1\n".as_bytes(), &mut |_| {})?;
/// let p = read_table("production.csv", "x,label,y_pred\n5,0.0,0\n6,1.0,0\n7,0.0,0\n8,1.0,1\n".as_bytes(), &mut |_| {})?;
/// let config = Config::default();
/// let a = analyze(&Inputs {
///     reference: &r,
///     production: &p,
///     config: &config,
///     generated_at: "2026-01-01T00:00:00Z".into(),
///     labels: None,
/// })?;
/// // `0.0`/`1.0` and `0`/`1` are one set of classes: production accuracy is 3 of 4.
/// let c = a.report.classification.as_ref().unwrap();
/// assert_eq!(c.production.as_ref().unwrap().accuracy.0, 0.75);
/// assert!(model_card::render_markdown(&a.report, &Default::default()).starts_with("## Monitoring (live)"));
/// # Ok::<(), driftcard::Error>(())
/// ```
///
/// # Errors
/// [`crate::Error::Input`] when the files share no column or no column can be analysed;
/// [`crate::Error::Config`] for invalid settings, settings naming a column that does not exist,
/// or a per-column method that does not fit the column's kind.
pub fn analyze(inputs: &Inputs) -> crate::Result<Analysis> {
    let mut laps = crate::timing::Laps::start();
    let ctx = Context::new(inputs, &mut laps)?;
    // The Isolation Forest is the costliest stage and independent of the rest: natively it runs
    // on its own thread (with the duplicate count) while the others are computed; the browser's
    // worker has one thread.
    #[cfg(not(target_arch = "wasm32"))]
    {
        std::thread::scope(|s| {
            let h = s.spawn(|| side_stages(&ctx));
            let rest = stages(&ctx, &mut laps);
            let side = h.join().unwrap_or_else(|_| Side {
                outliers: Err("outlier detection failed".to_owned()),
                duplicates: duplicates(ctx.r, ctx.p),
                estimate: None,
                domain: None,
            });
            rest.map(|a| finish(a, side))
        })
    }
    #[cfg(target_arch = "wasm32")]
    {
        let side = side_stages(&ctx);
        stages(&ctx, &mut laps).map(|a| finish(a, side))
    }
}

/// The part of the analysis that the page runs in a second worker, beside the rest: the
/// outliers (the Isolation Forest, the costliest stage) and the duplicate-row counts. Made by
/// [`analyze_side`], joined to [`analyze_main`]'s result by [`finish_with`];
/// `finish_with(analyze_main(i)?, analyze_side(i)?)` equals `analyze(i)?`.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Side {
    /// The outlier section, or why it could not be computed.
    pub outliers: Result<Option<crate::outliers::OutlierReport>, String>,
    /// Duplicate rows per file.
    pub duplicates: PerFile,
    /// Performance without labels (CBPE), or why it could not be estimated.
    #[serde(default)]
    pub estimate: Option<Result<crate::metrics::cbpe::PerformanceEstimate, String>>,
    /// The reference vs production classifier of the multivariate drift (joined to the
    /// reconstruction error computed beside it).
    #[serde(default)]
    pub domain: Option<crate::drift::domain::DomainClassifier>,
}

/// The stages of [`Side`] on a context (sorted or not: they do not use the sorted columns).
fn side_stages(ctx: &Context) -> Side {
    let outliers = super::outliers::stage(ctx);
    let mut laps = crate::timing::Laps::start();
    let duplicates = duplicates(ctx.r, ctx.p);
    laps.lap("duplicate rows");
    let estimate = super::model_quality::estimate_stage(ctx);
    laps.lap("performance estimate");
    let domain = super::multivariate::domain_stage(ctx);
    laps.lap("domain classifier");
    Side {
        outliers,
        duplicates,
        estimate,
        domain,
    }
}

/// The outliers and the duplicate rows of [`Side`].
///
/// # Errors
/// As [`analyze`] (the same checks of the inputs and settings).
pub fn analyze_side(inputs: &Inputs) -> crate::Result<Side> {
    let ctx = Context::unsorted(inputs)?;
    Ok(side_stages(&ctx))
}

/// Every stage but those of [`Side`]; the result is complete once [`finish_with`] adds them.
///
/// # Errors
/// As [`analyze`].
pub fn analyze_main(inputs: &Inputs) -> crate::Result<Analysis> {
    let mut laps = crate::timing::Laps::start();
    let ctx = Context::new(inputs, &mut laps)?;
    stages(&ctx, &mut laps)
}

/// [`analyze_main`]'s result completed with a [`Side`]: the outliers, the duplicate counts,
/// the checks and the section charts.
pub fn finish_with(a: Analysis, side: Side) -> Analysis {
    finish(a, side)
}

/// Duplicate rows of both files (computed beside the outliers, off the main thread).
fn duplicates(r: &Table, p: &Table) -> PerFile {
    PerFile {
        reference: r.duplicate_rows(),
        production: p.duplicate_rows(),
    }
}

/// Every stage but the outliers, assembled into the report.
fn stages(ctx: &Context, laps: &mut crate::timing::Laps) -> crate::Result<Analysis> {
    let columns = super::columns::stage(ctx)?;
    laps.lap("quality + drift");
    let drift_over_time = super::drift_time::stage(ctx, &columns.drift);
    laps.lap("drift over time");
    let model = super::model_quality::stage(ctx);
    let over_time = super::over_time::stage(ctx, &model);
    laps.lap("model quality");
    let (bias, bias_warnings) = super::bias::stage(ctx, model.positive.as_deref());
    laps.lap("bias");
    let service = super::service::stage(ctx, model.positive.as_deref());
    laps.lap("service");
    let outcome = if let Some(e) = &service.llm_eval {
        Some(super::proxies::Outcome::Eval(
            e.matcher,
            ctx.cfg.llm_eval.tolerance,
        ))
    } else if model.classification.is_some() {
        Some(super::proxies::Outcome::Accuracy)
    } else if model.regression.is_some() {
        Some(super::proxies::Outcome::Mae)
    } else {
        None
    };
    let proxies = super::proxies::stage(ctx, &columns.drift, outcome);
    laps.lap("proxies");
    // The reconstruction error here and the domain classifier beside the forest: it balances
    // the page's two workers (the forest, CBPE and the classifier on one; the sorts, the drift
    // tests and the reconstruction on the other).
    let multivariate = super::multivariate::stage(ctx);
    laps.lap("multivariate drift");

    let (r, p) = (ctx.r, ctx.p);
    let mut warnings: Vec<Warning> = r.warnings.iter().chain(&p.warnings).cloned().collect();
    warnings.extend(ctx.schema.warnings.iter().cloned());
    warnings.extend(columns.warnings);
    warnings.extend(model.warnings);
    warnings.extend(bias_warnings);
    warnings.extend(service.warnings);
    let multivariate_drift = match multivariate {
        Some(Ok(m)) => Some(m),
        Some(Err(e)) => {
            warnings.push(Warning {
                file: p.name.clone(),
                row: None,
                column: None,
                message: e,
            });
            None
        }
        None => None,
    };
    let mut report = Report {
        schema_version: SCHEMA_VERSION,
        generated_at: ctx.generated_at.clone(),
        driftcard_version: env!("CARGO_PKG_VERSION").to_owned(),
        config: Config::clone(&ctx.cfg),
        inputs: InputsInfo {
            reference: InputInfo {
                name: r.name.clone(),
                rows: r.rows,
                columns: r.columns.len(),
            },
            production: InputInfo {
                name: p.name.clone(),
                rows: p.rows,
                columns: p.columns.len(),
            },
        },
        columns: ctx
            .schema
            .columns
            .iter()
            .map(|c| ColumnInfo {
                name: c.name.clone(),
                kind: c.kind,
                role: c.role,
                reason: match c.pii {
                    Some(k) => format!(
                        "{}{}values look like {} (personal data): the exports mask them",
                        c.reason,
                        if c.reason.is_empty() { "" } else { "; " },
                        k.plural()
                    ),
                    None => c.reason.clone(),
                },
                pii: c.pii,
            })
            .collect(),
        schema_drift: columns.schema_drift,
        labels: ctx.labels.clone(),
        drift: columns.drift,
        prediction_drift: columns.prediction_drift,
        quality: QualityJson {
            duplicate_rows: PerFile::default(),
            columns: columns.quality,
        },
        checks: Vec::new(),
        retrain: RetrainJson::default(),
        classification: model.classification,
        regression: model.regression,
        accuracy_last_7d: over_time.accuracy_last_7d,
        rolling: over_time.rolling,
        chunks: over_time.chunks,
        performance: model.performance,
        change_points: over_time.change_points,
        performance_estimate: None,
        drift_over_time,
        multivariate_drift,
        bias,
        latency: service.latency,
        error_rate: service.error_rate,
        cost: service.cost,
        versions: service.versions,
        feedback: service.feedback,
        proxies,
        llm_eval: service.llm_eval,
        outliers: None,
        last_timestamp: last_timestamp(&ctx.schema, p),
        warnings,
    };
    report.retrain = super::verdict::retrain(&report);
    let sections = super::views::SectionCharts {
        quality: model.views,
        ..Default::default()
    };
    Ok(Analysis {
        report,
        charts: columns.charts,
        ecdf: columns.ecdf,
        sections,
    })
}

/// Finishes the analysis: the outlier result and duplicate counts (computed beside the rest),
/// the checks, then the section charts built from the complete report.
fn finish(mut a: Analysis, side: Side) -> Analysis {
    a.report.quality.duplicate_rows = side.duplicates;
    if let Some(m) = &mut a.report.multivariate_drift {
        m.domain_classifier = side.domain;
    }
    match side.outliers {
        Ok(o) => a.report.outliers = o,
        Err(e) => a.report.warnings.push(Context::note("", e)),
    }
    match side.estimate {
        Some(Ok(e)) => a.report.performance_estimate = Some(e),
        Some(Err(e)) => {
            let target = a
                .report
                .columns
                .iter()
                .find(|c| c.role == Role::Target)
                .map_or("", |c| c.name.as_str());
            a.report.warnings.push(Context::note(target, e));
        }
        None => {}
    }
    // The retrain triggers and the checks see the whole report (CBPE comes from the side).
    a.report.retrain = super::verdict::retrain(&a.report);
    a.report.checks = super::verdict::checks(&a.report);
    // The section charts are built last, from the finished report (the data-dependent
    // regression charts computed earlier come first).
    let data_views = std::mem::take(&mut a.sections.quality);
    a.sections = super::views::section_charts(&a.report);
    a.sections.quality.splice(0..0, data_views);
    a
}

/// The latest production timestamp, ISO (the card's "Last update").
fn last_timestamp(schema: &Schema, p: &Table) -> Option<String> {
    let c = schema.with_role(Role::Timestamp)?;
    let col = p.column(&c.name)?;
    let v = col.datetimes.as_ref().or(col.numbers.as_ref())?;
    let max = v
        .iter()
        .copied()
        .filter(|x| x.is_finite())
        .fold(f64::NEG_INFINITY, f64::max);
    max.is_finite().then(|| datetime::format_datetime(max))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::read_table;

    fn t(name: &str, s: &str) -> Table {
        read_table(name, s.as_bytes(), &mut |_| {}).unwrap()
    }

    #[test]
    fn files_with_no_common_column_are_an_input_error() {
        let a = t("a.csv", "x\n1\n");
        let b = t("b.csv", "y\n1\n");
        let cfg = Config::default();
        let err = analyze(&Inputs {
            reference: &a,
            production: &b,
            config: &cfg,
            generated_at: "now".into(),
            labels: None,
        })
        .unwrap_err();
        assert!(err.to_string().contains("no column in common"));
    }

    #[test]
    fn the_analysis_round_trips_through_json_as_the_page_receives_it() {
        let r = t(
            "r.csv",
            "x,c,e,y,p\n1,a,,1,1\n2,b,,0,0\n3,a,,1,0\n4,b,,0,0\ninf,a,,1,1\n",
        );
        let p = t(
            "p.csv",
            "x,c,e,y,p\n2,a,,1,1\n3,c,,0,1\n5,a,,1,1\n9,b,,0,0\n1,a,,1,1\n",
        );
        let cfg = Config::default();
        let a = analyze(&Inputs {
            reference: &r,
            production: &p,
            config: &cfg,
            generated_at: "2026-01-01T00:00:00Z".into(),
            labels: None,
        })
        .unwrap();
        let json = serde_json::to_string(&a).unwrap();
        let back: Analysis = serde_json::from_str(&json).unwrap();
        assert_eq!(serde_json::to_string(&back).unwrap(), json);
        assert_eq!(
            back.report.drift.columns.len(),
            a.report.drift.columns.len()
        );
    }
}
