//! `analyze`: two parsed tables + settings → [`Analysis`]. Pure and deterministic (the clock is an
//! input), so the worker, the CLI and the tests get identical reports.

use std::collections::{BTreeMap, BTreeSet};

use super::*;
use crate::chart::{BarsView, HistogramView};
use crate::data::{datetime, infer_schema, ColumnSchema, RawColumn, Schema, Table, ValueMaps};
use crate::drift::{self, ColumnDrift, ColumnOptions, TestResult};
use crate::stats;

/// What `analyze` needs.
pub struct Inputs<'a> {
    /// Parsed reference file.
    pub reference: &'a Table,
    /// Parsed production file (with late labels already attached by
    /// [`crate::data::join::attach_labels`] when there are any).
    pub production: &'a Table,
    /// Settings (validated by [`Config::validate`]).
    pub config: &'a Config,
    /// The analysis time, ISO 8601 (the caller's clock).
    pub generated_at: String,
    /// What the late-labels join did, when labels were attached.
    pub labels: Option<crate::data::join::LabelJoin>,
}

/// Columns of the two files, for messages: the first few names.
fn column_list(r: &Table, p: &Table) -> String {
    let mut names: Vec<&str> = r.columns.iter().map(|c| c.name.as_str()).collect();
    for c in &p.columns {
        if !names.contains(&c.name.as_str()) {
            names.push(&c.name);
        }
    }
    let n = names.len();
    let shown: Vec<String> = names
        .iter()
        .take(12)
        .map(|s| format!("`{}`", crate::data::clip(s)))
        .collect();
    format!(
        "{}{}",
        shown.join(", "),
        if n > 12 {
            format!(" and {} more", n - 12)
        } else {
            String::new()
        }
    )
}

/// Every column a setting names must exist (a typo must not silently do nothing), and a
/// per-column method must fit the column's kind (checked once the kinds are known).
fn check_named_columns(cfg: &Config, r: &Table, p: &Table) -> crate::Result<()> {
    let exists = |c: &str| r.column(c).is_some() || p.column(c).is_some();
    let mut named: Vec<(String, String)> = Vec::new();
    for (c, role) in cfg.roles.to_map() {
        named.push((format!("roles.{}", role.id()), c));
    }
    for c in cfg.kinds.keys() {
        named.push((format!("kinds.{c}"), c.clone()));
    }
    for c in cfg.drift.columns.keys() {
        named.push((format!("drift.columns.{c}"), c.clone()));
    }
    for (key, c) in named {
        if !exists(&c) {
            return Err(crate::Error::Config(format!(
                "{key} names the column `{}`, which is in neither {} nor {} (columns: {})",
                crate::data::clip(&c),
                r.name,
                p.name,
                column_list(r, p)
            )));
        }
    }
    Ok(())
}

fn check_methods(cfg: &Config, schema: &Schema) -> crate::Result<()> {
    for (col, o) in &cfg.drift.columns {
        let (Some(m), Some(c)) = (o.method, schema.column(col)) else {
            continue;
        };
        let numeric = c.kind == Kind::Numeric;
        let fits = match c.kind {
            Kind::Numeric => m.for_numeric(),
            Kind::Categorical | Kind::Boolean => m.for_categorical(),
            Kind::Text | Kind::Datetime => false,
        };
        if !fits {
            return Err(crate::Error::Config(format!(
                "drift.columns.{}.method: `{}` does not apply to `{}`, a {} column{}",
                crate::data::clip(col),
                m.id(),
                crate::data::clip(col),
                c.kind.id(),
                if matches!(c.kind, Kind::Text | Kind::Datetime) {
                    " (not tested for drift)".to_owned()
                } else {
                    format!(
                        " (methods for {} columns: {})",
                        c.kind.id(),
                        drift::Method::ALL
                            .iter()
                            .filter(|m| if numeric {
                                m.for_numeric()
                            } else {
                                m.for_categorical()
                            })
                            .map(|m| m.id())
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                }
            )));
        }
    }
    Ok(())
}

/// Runs the whole analysis.
///
/// # Errors
/// [`crate::Error::Input`] when the files share no column or no column can be analysed;
/// [`crate::Error::Config`] for invalid settings, settings naming a column that does not exist,
/// or a per-column method that does not fit the column's kind.
pub fn analyze(inputs: &Inputs) -> crate::Result<Analysis> {
    let cfg = inputs.config;
    cfg.validate()?;
    let (r, p) = (inputs.reference, inputs.production);
    if !r.columns.iter().any(|c| p.column(&c.name).is_some()) {
        return Err(crate::Error::Input(format!(
            "{} and {} have no column in common: check that both files have the same header ({} has {}; {} has {})",
            r.name,
            p.name,
            r.name,
            column_list(r, r),
            p.name,
            column_list(p, p)
        )));
    }
    check_named_columns(cfg, r, p)?;
    let mut laps = crate::timing::Laps::start();
    let schema = infer_schema(r, p, &cfg.kinds, &cfg.roles.to_map());
    check_methods(cfg, &schema)?;
    laps.lap("schema");
    // The Isolation Forest is the costliest section and independent of the rest: natively it runs
    // on its own thread while everything else is computed (the browser's worker has one thread).
    #[cfg(not(target_arch = "wasm32"))]
    {
        std::thread::scope(|s| {
            let h = s.spawn(|| {
                (
                    super::sections::outliers(&schema, r, p, cfg),
                    side_counts(r, p),
                )
            });
            let rest = analyze_rest(inputs, &schema, laps);
            let (outliers, dups) = h.join().unwrap_or_else(|_| {
                (
                    Err("outlier detection failed".to_owned()),
                    side_counts(r, p),
                )
            });
            rest.map(|a| super::sections::finish(a, outliers, dups))
        })
    }
    #[cfg(target_arch = "wasm32")]
    {
        let outliers = super::sections::outliers(&schema, r, p, cfg);
        analyze_rest(inputs, &schema, laps)
            .map(|a| super::sections::finish(a, outliers, side_counts(r, p)))
    }
}

/// Duplicate rows of both files (computed beside the outliers, off the main thread).
fn side_counts(r: &Table, p: &Table) -> PerFile {
    PerFile {
        reference: r.duplicate_rows(),
        production: p.duplicate_rows(),
    }
}

/// Why a column is not tested for drift (`None`: it is tested), from its role, kind and presence;
/// constant columns are found once the values are counted ([`constant_reason`]).
fn exclusion(c: &ColumnSchema, r: &Table, p: &Table) -> Option<String> {
    if c.role == Role::Target && c.in_reference && !c.in_production {
        return Some(format!(
            "the target is not in {} yet (labels arrive later): add them as a labels file (`--labels`, or the page's third slot) for production's model quality",
            p.name
        ));
    }
    if !c.in_reference || !c.in_production {
        let (missing, present) = if c.in_reference {
            (&p.name, &r.name)
        } else {
            (&r.name, &p.name)
        };
        return Some(format!(
            "only in {present}, not in {missing} (schema drift)"
        ));
    }
    match c.role {
        Role::Id => return Some(format!("identifier ({})", c.reason)),
        Role::Timestamp => {
            return Some("timestamp: orders the rows and makes the time chunks".into())
        }
        Role::Ignore => {
            return Some(if c.reason == "set by you" {
                "ignored (set by you)".into()
            } else {
                c.reason.clone()
            })
        }
        _ => {}
    }
    match c.kind {
        Kind::Text => Some(format!(
            "free text or identifier: {} distinct values",
            c.distinct
        )),
        Kind::Datetime => Some("a date column other than the timestamp: not tested".into()),
        _ => None,
    }
}

/// A column that is constant in both files (the same value) or constant within each file (a
/// label of the file, such as `period` = reference / analysis) is not a feature to test.
/// The distinct values of a column in one file when there are at most one (`Some(vec![])`:
/// none at all); `None` when there are several.
fn distinct_values(
    c: &ColumnSchema,
    col: &RawColumn,
    sorted: Option<&Vec<f64>>,
    maps: &ValueMaps,
) -> Option<Vec<String>> {
    if c.kind == Kind::Numeric {
        let v = sorted?;
        match (v.first(), v.last()) {
            (None, _) | (_, None) => Some(Vec::new()),
            (Some(a), Some(b)) if a == b => Some(vec![crate::data::values::number_text(*a)]),
            _ => None,
        }
    } else {
        let counts = maps.of(&c.name).counts(col);
        (counts.len() <= 1).then(|| counts.into_iter().map(|(k, _)| k).collect())
    }
}

fn constant_reason(
    c: &ColumnSchema,
    ref_values: Option<&[String]>,
    prod_values: Option<&[String]>,
    missing_change: f64,
    cfg: &Config,
    r: &Table,
    p: &Table,
) -> Option<String> {
    let show = |v: &str| format!("`{}`", crate::data::clip(v).replace('`', "'"));
    match (ref_values?, prod_values?) {
        ([], []) => Some("all values missing in both files".into()),
        ([a], [b]) if a == b => {
            (missing_change.abs() <= cfg.drift.missing_share_change).then(|| {
                format!("constant: every value is {} in both files", show(a))
            })
        }
        ([a], [b]) => Some(format!(
            "constant within each file but different between them ({} in {}, {} in {}): it labels the file, not a feature{}",
            show(a),
            r.name,
            show(b),
            p.name,
            if c.role == Role::Feature { "" } else { " or an outcome" }
        )),
        _ => None,
    }
}

/// The target and the prediction written differently (`0.0/1.0` against `0/1`, `True/False`
/// against `1/0`): compared as values, and said so.
fn label_encoding_warning(
    schema: &Schema,
    r: &Table,
    p: &Table,
    maps: &ValueMaps,
) -> Option<Warning> {
    use crate::data::{Encoding, ValueMap};
    let (t, y) = (
        schema.with_role(Role::Target)?,
        schema.with_role(Role::Prediction)?,
    );
    if maps.labels.encoding == Encoding::Text {
        return None;
    }
    let spellings = |name: &str| -> std::collections::BTreeSet<String> {
        [r.column(name), p.column(name)]
            .into_iter()
            .flatten()
            .flat_map(|c| {
                ValueMap::spelling_of(c)
                    .split('/')
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned)
                    .collect::<Vec<_>>()
            })
            .collect()
    };
    let (a, b) = (spellings(&t.name), spellings(&y.name));
    if a.is_subset(&b) || b.is_subset(&a) {
        return None;
    }
    let show = |v: &std::collections::BTreeSet<String>| {
        crate::data::clip(&v.iter().cloned().collect::<Vec<_>>().join("/")).into_owned()
    };
    Some(Warning {
        file: String::new(),
        row: None,
        column: Some(y.name.clone()),
        message: format!(
            "the target `{}` is written `{}` and the prediction `{}` `{}`: compared as {}",
            crate::data::clip(&t.name),
            show(&a),
            crate::data::clip(&y.name),
            show(&b),
            if maps.labels.encoding == Encoding::Boolean {
                "true/false values"
            } else {
                "numbers"
            }
        ),
    })
}

/// Everything but the outliers.
fn analyze_rest(
    inputs: &Inputs,
    schema: &Schema,
    mut laps: crate::timing::Laps,
) -> crate::Result<Analysis> {
    let cfg = inputs.config;
    let (r, p) = (inputs.reference, inputs.production);
    let schema = schema.clone();
    let mut warnings: Vec<Warning> = r.warnings.iter().chain(&p.warnings).cloned().collect();
    warnings.extend(schema.warnings.iter().cloned());
    let mut schema_drift = SchemaDrift::default();
    for c in &schema.columns {
        if !(c.in_reference && c.in_production) {
            let (file, other) = if c.in_reference {
                schema_drift.only_in_reference.push(c.name.clone());
                (&p.name, &r.name)
            } else {
                schema_drift.only_in_production.push(c.name.clone());
                (&r.name, &p.name)
            };
            warnings.push(Warning {
                file: file.clone(),
                row: None,
                column: Some(c.name.clone()),
                message: format!(
                    "column `{}` is missing here but present in {other} (schema drift)",
                    crate::data::clip(&c.name)
                ),
            });
        }
    }
    let maps = ValueMaps::build(&schema, r, p);
    if let Some(w) = label_encoding_warning(&schema, r, p, &maps) {
        warnings.push(w);
    }
    let sorted = crate::data::sorted::Presorted::build(&schema, r, p);
    laps.lap("sort");
    let mut drift_cols = Vec::new();
    let mut excluded = Vec::new();
    let mut quality = Vec::new();
    let mut charts = BTreeMap::new();
    let mut ecdfs = BTreeMap::new();
    for c in &schema.columns {
        let exclude = |reason: String| ExcludedColumn {
            column: c.name.clone(),
            kind: c.kind,
            role: c.role,
            reason,
        };
        let (Some(rc), Some(pc)) = (r.column(&c.name), p.column(&c.name)) else {
            if let Some(reason) = exclusion(c, r, p) {
                excluded.push(exclude(reason));
            }
            continue;
        };
        let q = crate::quality::quality_column(c, rc, pc, r, p, &sorted, &maps);
        if let Some(reason) = exclusion(c, r, p) {
            excluded.push(exclude(reason));
            quality.push(q);
            continue;
        }
        let (rv, pv) = (
            distinct_values(c, rc, sorted.reference.get(&c.name), &maps),
            distinct_values(c, pc, sorted.production.get(&c.name), &maps),
        );
        let missing_change = stats::ratio(pc.missing as u64, p.rows as u64)
            - stats::ratio(rc.missing as u64, r.rows as u64);
        if let Some(reason) =
            constant_reason(c, rv.as_deref(), pv.as_deref(), missing_change, cfg, r, p)
        {
            excluded.push(exclude(reason));
            quality.push(q);
            continue;
        }
        if let Some((d, chart, ecdf)) = column_drift(c, rc, pc, r, p, cfg, &q, &sorted, &maps) {
            if let Some(chart) = chart {
                charts.insert(c.name.clone(), chart);
            }
            if let Some(e) = ecdf {
                ecdfs.insert(c.name.clone(), e);
            }
            drift_cols.push(d);
        }
        quality.push(q);
    }
    laps.lap("quality + drift");
    if drift_cols.is_empty() {
        let why: Vec<String> = excluded
            .iter()
            .take(8)
            .map(|e| format!("`{}`: {}", crate::data::clip(&e.column), e.reason))
            .collect();
        return Err(crate::Error::Input(format!(
            "no column of {} and {} can be analysed: {}{}",
            r.name,
            p.name,
            why.join("; "),
            if excluded.len() > 8 { "; …" } else { "" }
        )));
    }
    let features: Vec<&ColumnDriftJson> = drift_cols
        .iter()
        .filter(|d| d.role == Role::Feature && matches!(d.status, Status::Ok | Status::Drifted))
        .collect();
    let n_features = features.len();
    let n_drifted = features.iter().filter(|d| d.drifted).count();
    let share = if n_features == 0 {
        0.0
    } else {
        n_drifted as f64 / n_features as f64
    };

    let report = Report {
        schema_version: SCHEMA_VERSION,
        generated_at: inputs.generated_at.clone(),
        driftcard_version: env!("CARGO_PKG_VERSION").to_owned(),
        config: cfg.clone(),
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
        columns: schema
            .columns
            .iter()
            .map(|c| ColumnInfo {
                name: c.name.clone(),
                kind: c.kind,
                role: c.role,
                reason: c.reason.clone(),
            })
            .collect(),
        schema_drift,
        labels: inputs.labels.clone(),
        drift: DriftJson {
            share_drifted: Num(share),
            drift_share_threshold: Num(cfg.drift.share),
            dataset_drift: n_features > 0 && share >= cfg.drift.share,
            n_drifted,
            n_features,
            columns: drift_cols,
            excluded,
        },
        prediction_drift: prediction_drift(&schema, r, p),
        quality: QualityJson {
            duplicate_rows: PerFile::default(),
            columns: quality,
        },
        checks: Vec::new(),
        retrain: RetrainJson::default(),
        classification: None,
        regression: None,
        accuracy_last_7d: None,
        rolling: None,
        chunks: Vec::new(),
        performance: None,
        change_points: None,
        bias: None,
        latency: None,
        error_rate: None,
        cost: None,
        versions: None,
        feedback: None,
        outliers: None,
        last_timestamp: last_timestamp(&schema, p),
        warnings,
    };
    let mut report = report;
    laps.lap("duplicates + prediction drift");
    super::sections::fill(&mut report, &schema, r, p, cfg, &maps, &mut laps);
    report.retrain = retrain(&report);
    report.checks = super::checks::checks(&report);
    let sections = super::views::SectionCharts {
        quality: super::sections::regression_views(&schema, r, p),
        ..Default::default()
    };
    Ok(Analysis {
        report,
        charts,
        ecdf: ecdfs,
        sections,
    })
}

/// SPEC §8: dataset drift, a > 5 % relative accuracy drop (more triggers join as their data exists).
fn retrain(r: &Report) -> RetrainJson {
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

/// Finite values of a numeric column.
fn finite(c: &RawColumn) -> Vec<f64> {
    c.numbers
        .as_ref()
        .map(|v| v.iter().copied().filter(|x| x.is_finite()).collect())
        .unwrap_or_default()
}

fn test_json(t: &TestResult) -> TestJson {
    TestJson {
        statistic: Num(t.statistic),
        p_value: t.p_value.map(Num),
        score: Num(t.score),
        threshold: Num(t.threshold),
        drifted: t.drifted,
        bins: t.bins.as_deref().map(nums),
        detail: t.detail.clone(),
    }
}

#[allow(clippy::too_many_arguments)] // the column, both files' raw and presorted data, and the settings
fn column_drift(
    c: &ColumnSchema,
    rc: &RawColumn,
    pc: &RawColumn,
    r: &Table,
    p: &Table,
    cfg: &Config,
    q: &QualityColumn,
    sorted: &crate::data::sorted::Presorted,
    maps: &ValueMaps,
) -> Option<(ColumnDriftJson, Option<ChartView>, Option<ChartView>)> {
    let ms_ref = stats::ratio(rc.missing as u64, r.rows as u64);
    let ms_prod = stats::ratio(pc.missing as u64, p.rows as u64);
    let is_ref = stats::ratio(c.invalid_reference as u64, r.rows as u64);
    let is_prod = stats::ratio(c.invalid_production as u64, p.rows as u64);
    let mut out = ColumnDriftJson {
        column: c.name.clone(),
        kind: c.kind,
        role: c.role,
        n_ref: 0,
        n_prod: 0,
        missing_share_ref: Num(ms_ref),
        missing_share_prod: Num(ms_prod),
        invalid_share_ref: Num(is_ref),
        invalid_share_prod: Num(is_prod),
        method: None,
        score: None,
        threshold: None,
        drifted: false,
        status: Status::Skipped,
        reason: String::new(),
        new_category_share: q.new_category_share,
        tests: BTreeMap::new(),
        not_computable: BTreeMap::new(),
    };
    let opts: ColumnOptions = cfg.drift.column_options(&c.name, c.kind == Kind::Numeric);
    let mut ecdf = None;
    let (result, chart): (Result<ColumnDrift, drift::DriftError>, Option<ChartView>) = match c.kind
    {
        Kind::Text | Kind::Datetime => {
            out.reason = format!("{} column: not tested for drift", c.kind.id());
            return Some((out, None, None));
        }
        Kind::Numeric
            if sorted.reference.contains_key(&c.name)
                && sorted.production.contains_key(&c.name) =>
        {
            let empty = Vec::new();
            let xs = sorted.reference.get(&c.name).unwrap_or(&empty);
            let ys = sorted.production.get(&c.name).unwrap_or(&empty);
            out.n_ref = xs.len();
            out.n_prod = ys.len();
            let chart = numeric_histogram(&c.name, xs, ys);
            if let Some(ChartView::Histogram(h)) = &chart {
                let (lo, hi) = (h.edges[0], h.edges[h.edges.len() - 1]);
                ecdf = super::views::ecdf(&c.name, xs, ys, lo, hi);
            }
            let d = if cfg.drift.tests == TestsMode::All || opts.all_tests {
                drift::numeric_drift_all(xs, ys, &opts)
            } else {
                drift::numeric_drift_sorted(xs, ys, &opts)
            };
            (d, chart)
        }
        _ => {
            let rm = crate::quality::category_counts(rc, maps);
            let pm = crate::quality::category_counts(pc, maps);
            let cats: BTreeSet<&String> = rm.keys().chain(pm.keys()).collect();
            let rcounts: Vec<u64> = cats
                .iter()
                .map(|k| rm.get(*k).copied().unwrap_or(0))
                .collect();
            let pcounts: Vec<u64> = cats
                .iter()
                .map(|k| pm.get(*k).copied().unwrap_or(0))
                .collect();
            out.n_ref = rcounts.iter().sum::<u64>() as usize;
            out.n_prod = pcounts.iter().sum::<u64>() as usize;
            let chart = bars_chart(&c.name, &cats, &rcounts, &pcounts, &rm);
            let d = if cfg.drift.tests == TestsMode::All || opts.all_tests {
                drift::categorical_drift_all(&rcounts, &pcounts, &opts)
            } else {
                drift::categorical_drift(&rcounts, &pcounts, &opts)
            };
            (d, chart)
        }
    };
    // The data-quality rules of SPEC §5 count toward the verdict beside the test.
    let mut rules = Vec::new();
    let dm = ms_prod - ms_ref;
    let mut notes = Vec::new();
    if dm.abs() > cfg.drift.missing_share_change {
        let text = format!(
            "missing share {} → {} (change > {:.0} points)",
            crate::format::share(ms_ref),
            crate::format::share(ms_prod),
            cfg.drift.missing_share_change * 100.0
        );
        // Missing targets are labels that have not arrived (label coverage, reported with the
        // model quality), not a shift of the labels' distribution.
        if c.role == Role::Target {
            notes.push(format!(
                "{text}: labels not (yet) there, see the label coverage; not counted as drift"
            ));
        } else {
            rules.push(text);
        }
    }
    let di = is_prod - is_ref;
    if di.abs() > cfg.drift.invalid_share_change {
        rules.push(format!(
            "invalid share {} → {} (cells that are not {}; change > {:.0} points)",
            crate::format::share(is_ref),
            crate::format::share(is_prod),
            match c.kind {
                Kind::Numeric => "numbers",
                Kind::Boolean => "true/false values",
                _ => "values",
            },
            cfg.drift.invalid_share_change * 100.0
        ));
    }
    if let Some(ns) = q.new_category_share {
        if ns.0 > cfg.drift.new_category_share {
            let shown: Vec<String> = q
                .new_categories
                .iter()
                .map(|k| format!("`{}`", k.replace('`', "'")))
                .collect();
            let more = q.new_category_count.saturating_sub(shown.len());
            rules.push(format!(
                "new categories ({}{}) in {} of production rows (> {})",
                shown.join(", "),
                if more > 0 {
                    format!(" and {more} more")
                } else {
                    String::new()
                },
                crate::format::share(ns.0),
                crate::format::share(cfg.drift.new_category_share)
            ));
        }
    }
    match result {
        Ok(d) => {
            out.method = Some(d.method);
            out.score = Some(Num(d.score));
            out.threshold = Some(Num(d.threshold));
            out.tests = d
                .tests
                .iter()
                .map(|(k, t)| (k.clone(), test_json(t)))
                .collect();
            out.not_computable = d.not_computable.clone();
            let drifted = d.drifted || !rules.is_empty();
            let mut reasons = vec![d.reason.clone()];
            reasons.extend(rules);
            reasons.extend(notes);
            out.drifted = drifted;
            out.status = if drifted { Status::Drifted } else { Status::Ok };
            out.reason = reasons.join("; ");
        }
        Err(e) => {
            out.status = Status::NotComputable;
            let mut reasons = vec![e.to_string()];
            if !rules.is_empty() {
                out.drifted = true;
                out.status = Status::Drifted;
                reasons.extend(rules);
            }
            reasons.extend(notes);
            out.reason = reasons.join("; ");
        }
    }
    Some((out, chart, ecdf))
}

/// Bins of the histogram *shown* for a numeric column (the tests use their own binnings, reported
/// in `tests.<id>.bins`): equal width over the pooled 0.5–99.5 % range so one outlier cannot
/// squeeze the picture, with values beyond it counted in open outer bins; integer data with a
/// small range gets one bin per integer.
pub const DISPLAY_BINS: usize = 20;

fn display_edges(xs: &[f64], ys: &[f64]) -> Option<(Vec<f64>, bool, bool)> {
    let first = |v: &[f64]| v.first().copied();
    let last = |v: &[f64]| v.last().copied();
    let min = first(xs)
        .into_iter()
        .chain(first(ys))
        .fold(f64::INFINITY, f64::min);
    let max = last(xs)
        .into_iter()
        .chain(last(ys))
        .fold(f64::NEG_INFINITY, f64::max);
    if !min.is_finite() || !max.is_finite() {
        return None;
    }
    let integers = xs.iter().chain(ys).all(|v| v.fract() == 0.0);
    if integers && max - min <= 40.0 {
        let edges = (0..=((max - min) as usize + 1))
            .map(|i| min - 0.5 + i as f64)
            .collect();
        return Some((edges, false, false));
    }
    let q = |v: &[f64], p: f64| {
        if v.is_empty() {
            f64::NAN
        } else {
            stats::quantile_linear(v, p)
        }
    };
    let mut lo = q(xs, 0.005).min(q(ys, 0.005));
    let mut hi = q(xs, 0.995).max(q(ys, 0.995));
    if lo.is_nan() || hi.is_nan() || hi <= lo {
        lo = min;
        hi = max;
    }
    if hi <= lo {
        return Some((vec![lo - 0.5, lo + 0.5], false, false));
    }
    let w = (hi - lo) / DISPLAY_BINS as f64;
    let mut edges: Vec<f64> = (0..DISPLAY_BINS).map(|i| lo + i as f64 * w).collect();
    edges.push(hi);
    Some((edges, min < lo, max > hi))
}

fn count_into(v: &[f64], edges: &[f64]) -> Vec<u64> {
    let k = edges.len() - 1;
    let (lo, hi) = (edges[0], edges[k]);
    let w = (hi - lo) / k as f64;
    let mut counts = vec![0u64; k];
    for &x in v {
        let i = if x <= lo {
            0
        } else if x >= hi {
            k - 1
        } else {
            (((x - lo) / w) as usize).min(k - 1)
        };
        counts[i] += 1;
    }
    counts
}

/// Overlaid histogram of two sorted samples on the display bins ([`DISPLAY_BINS`]).
pub(crate) fn numeric_histogram(name: &str, xs: &[f64], ys: &[f64]) -> Option<ChartView> {
    let (edges, open_left, open_right) = display_edges(xs, ys)?;
    let rc = count_into(xs, &edges);
    let pc = count_into(ys, &edges);
    Some(ChartView::Histogram(HistogramView {
        column: name.to_owned(),
        edges,
        ref_share: stats::shares(&rc),
        prod_share: stats::shares(&pc),
        open_left,
        open_right,
        ref_rows: xs.len() as u64,
        prod_rows: ys.len() as u64,
        ..Default::default()
    }))
}

fn bars_chart(
    name: &str,
    cats: &BTreeSet<&String>,
    rcounts: &[u64],
    pcounts: &[u64],
    reference: &BTreeMap<String, u64>,
) -> Option<ChartView> {
    if cats.is_empty() {
        return None;
    }
    Some(ChartView::Bars(BarsView {
        column: name.to_owned(),
        categories: cats.iter().map(|s| (*s).clone()).collect(),
        ref_share: stats::shares(rcounts),
        prod_share: stats::shares(pcounts),
        new_in_prod: cats.iter().map(|k| !reference.contains_key(*k)).collect(),
        ref_rows: rcounts.iter().sum(),
        prod_rows: pcounts.iter().sum(),
        ..Default::default()
    }))
}

fn prediction_drift(
    schema: &Schema,
    r: &Table,
    p: &Table,
) -> BTreeMap<String, PredictionDriftJson> {
    let mut out = BTreeMap::new();
    for role in [Role::Prediction, Role::Score] {
        let Some(c) = schema.with_role(role) else {
            continue;
        };
        let (Some(rc), Some(pc)) = (r.column(&c.name), p.column(&c.name)) else {
            continue;
        };
        if rc.numbers.is_none() || pc.numbers.is_none() {
            continue;
        }
        let x = finite(rc);
        let y = finite(pc);
        if x.len() < 2 || y.is_empty() {
            continue;
        }
        let (mr, mp, sd) = (stats::mean(&x), stats::mean(&y), stats::std_dev(&x, 1));
        out.insert(
            c.name.clone(),
            PredictionDriftJson {
                mean_reference: Num(mr),
                mean_production: Num(mp),
                std_reference: Num(sd),
                drifted: (mp - mr).abs() > 2.0 * sd,
            },
        );
    }
    out
}

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
