//! Stages 2 and 3 of the analysis, *quality → drift*: every column of both files is summarised
//! (src/quality), then either tested for drift (whatever its role: only features count toward
//! the dataset share) or listed as not tested with the reason — identifier, timestamp, free text,
//! constant, all missing, constant within each file, only in one file. Also the seed's 2σ rule
//! on the prediction and score means, and the chart view-models of each tested column.

use std::collections::{BTreeMap, BTreeSet};

use super::context::Context;
use super::*;
use crate::data::{ColumnSchema, RawColumn, Schema, Table, ValueMaps};
use crate::drift::{self, ColumnDrift, ColumnOptions, TestResult};
use crate::stats;

/// What the stage gives the report.
pub struct Columns {
    /// Dataset drift and every tested or excluded column.
    pub drift: DriftJson,
    /// Data quality per column.
    pub quality: Vec<QualityColumn>,
    /// The seed's 2σ rule on the prediction and score.
    pub prediction_drift: BTreeMap<String, PredictionDriftJson>,
    /// Columns present in only one file.
    pub schema_drift: SchemaDrift,
    /// The histogram or share bars of each tested column.
    pub charts: BTreeMap<String, ChartView>,
    /// The ECDFs of each tested numeric column.
    pub ecdf: BTreeMap<String, ChartView>,
    /// What the stage noticed.
    pub warnings: Vec<Warning>,
}

/// Summarises and tests every column.
///
/// # Errors
/// [`crate::Error::Input`] when no column can be tested (each left-out column and its reason
/// are named).
pub fn stage(ctx: &Context) -> crate::Result<Columns> {
    let (r, p, cfg) = (ctx.r, ctx.p, &*ctx.cfg);
    let (schema, maps, sorted) = (&ctx.schema, &ctx.maps, &ctx.sorted);
    let mut warnings = Vec::new();
    let mut schema_drift = SchemaDrift::default();
    for c in &schema.columns {
        if c.role == Role::Target && c.in_reference && !c.in_production {
            // Production without its labels is the usual late-label case, not a schema change.
            warnings.push(Warning {
                file: p.name.clone(),
                row: None,
                column: Some(c.name.clone()),
                message: format!(
                    "no `{}` column here: production's labels have not arrived; model quality is \
                     the reference's only, and production's is estimated from the scores where \
                     there is a score column (CBPE)",
                    crate::data::clip(&c.name)
                ),
            });
            continue;
        }
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
    warnings.extend(label_encoding_warning(schema, r, p, maps));
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
        let q = crate::quality::quality_column(c, rc, pc, r, p, sorted, maps);
        if let Some(reason) = exclusion(c, r, p) {
            excluded.push(exclude(reason));
            quality.push(q);
            continue;
        }
        let (rv, pv) = (
            distinct_values(c, rc, sorted.reference.get(&c.name), maps),
            distinct_values(c, pc, sorted.production.get(&c.name), maps),
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
        if let Some((d, chart, ecdf)) = column_drift(c, rc, pc, r, p, cfg, &q, sorted, maps) {
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
    if drift_cols.is_empty() {
        let why: Vec<String> = excluded
            .iter()
            .take(8)
            .map(|e| format!("`{}`: {}", crate::data::clip(&e.column), e.reason))
            .collect();
        // One column in each file: the lines split alike on no delimiter (lifelines'
        // `divorce.dat`, fixed-width with spaces inside values).
        let one_column = if r.columns.len() == 1 && p.columns.len() == 1 {
            ". Each file was read as one column: no delimiter (`,` `;` tab `|` or runs of spaces) splits its lines into the same number of fields. A fixed-width table with spaces inside values? Save it as CSV (comma-separated, values with commas quoted) and try again"
        } else {
            ""
        };
        return Err(crate::Error::Input(format!(
            "no column of {} and {} can be analysed: {}{}{one_column}",
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

    Ok(Columns {
        drift: DriftJson {
            share_drifted: Num(share),
            drift_share_threshold: Num(cfg.drift.share),
            dataset_drift: n_features > 0 && share >= cfg.drift.share,
            n_drifted,
            n_features,
            columns: drift_cols,
            excluded,
        },
        quality,
        prediction_drift: prediction_drift(schema, r, p),
        schema_drift,
        charts,
        ecdf: ecdfs,
        warnings,
    })
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
        Role::Input | Role::Expected | Role::Output => {
            return Some(format!(
                "LLM {}: matched in the LLM evaluation, not tested for drift (its texts would be quoted)",
                c.role.id()
            ))
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
            let chart = super::views::numeric_histogram(&c.name, xs, ys);
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
            let chart = super::views::bars_chart(&c.name, &cats, &rcounts, &pcounts, &rm);
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

/// The seed's prediction drift rule (SPEC §3.5) on the prediction and score columns.
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
