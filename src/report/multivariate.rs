//! Multivariate drift (SPEC §9 `multivariate_drift`): the PCA reconstruction error per chunk of
//! both files (NannyML 0.13's `DataReconstructionDriftCalculator`), with the reference chunks'
//! range (mean ± 3σ) as thresholds — a shift of the joint distribution that no single column
//! shows (a correlation that flips) still raises it.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::context::Context;
use crate::data::{Kind, Labels, Role};
use crate::drift::reconstruction::{Feature, Reconstruction};
use crate::metrics::cbpe::{reference_range, ChunkRows};
use crate::num::Num;

/// Reference rows the model is fitted on beyond which an evenly spaced sample of this many is
/// used (the covariance of 100 000 rows is exact to about 0.3 %).
pub const MAX_FIT_ROWS: usize = 100_000;
/// Feature columns beyond which the multivariate drift is not computed (the eigen-decomposition
/// costs d³ per sweep: 200 features take milliseconds, 4 000 would take minutes); a warning says
/// so.
pub const MAX_FEATURES: usize = 200;
/// Rows per chunk beyond which the mean error is taken over this many evenly spaced rows.
pub const MAX_CHUNK_ROWS: usize = 20_000;

/// One chunk.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReconstructionChunk {
    /// The chunk's label.
    pub label: String,
    /// `reference` or `production`.
    pub period: String,
    /// Rows in the chunk.
    pub rows: usize,
    /// Mean reconstruction error of the chunk's rows.
    pub error: Num,
    /// Its sampling error: std (ddof 1) of the row errors / √rows.
    pub sampling_error: Num,
    /// Mean − 3σ of the reference chunks' errors (absent when ≤ 0).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lower_threshold: Option<Num>,
    /// Mean + 3σ.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub upper_threshold: Option<Num>,
    /// The error is outside the thresholds.
    pub alert: bool,
}

/// The reconstruction block.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReconstructionReport {
    /// The feature columns (numeric ones as they are, categorical ones as their reference
    /// share; missing values imputed with the reference mean or most frequent category).
    pub features: Vec<String>,
    /// Principal components kept: the fewest explaining more than 65 % of the variance.
    pub components: usize,
    /// The variance they explain.
    pub explained_variance: Num,
    /// `size`, `day`, `week` or `month`.
    pub chunk_by: String,
    /// Rows per chunk when by size.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub chunk_size: Option<usize>,
    /// Reference chunks, then production chunks.
    pub chunks: Vec<ReconstructionChunk>,
    /// The first production chunk that alerts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_alert: Option<String>,
    /// Fitted on 100 000 evenly spaced reference rows, chunk errors over 20 000 rows each.
    pub sampled: bool,
}

/// SPEC §9 `multivariate_drift`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MultivariateDrift {
    /// PCA reconstruction error per chunk.
    pub reconstruction: ReconstructionReport,
    /// Reference vs production classifier (absent with too few rows).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domain_classifier: Option<crate::drift::domain::DomainClassifier>,
}

/// Rows per file the domain classifier is trained on (evenly spaced beyond).
pub const MAX_DOMAIN_ROWS: usize = 5_000;

/// The domain classifier's input: each feature as numbers over the sampled reference rows then
/// the sampled production rows (a category as its share of the reference sample, so a new
/// category is 0; missing values `NaN`).
fn domain_columns(
    fr: &[Feature],
    fp: &[Feature],
    r_rows: &[usize],
    p_rows: &[usize],
) -> Vec<Vec<f64>> {
    fr.iter()
        .zip(fp)
        .map(|(a, b)| match (a, b) {
            (Feature::Numeric(x), Feature::Numeric(y)) => r_rows
                .iter()
                .map(|&i| x[i])
                .chain(p_rows.iter().map(|&i| y[i]))
                .collect(),
            (Feature::Categorical(x), Feature::Categorical(y)) => {
                let mut counts: BTreeMap<u32, usize> = BTreeMap::new();
                for &i in r_rows {
                    if let Some(k) = x[i] {
                        *counts.entry(k).or_default() += 1;
                    }
                }
                let share = |k: Option<u32>| {
                    k.map_or(f64::NAN, |k| {
                        counts.get(&k).copied().unwrap_or(0) as f64 / r_rows.len() as f64
                    })
                };
                r_rows
                    .iter()
                    .map(|&i| share(x[i]))
                    .chain(p_rows.iter().map(|&i| share(y[i])))
                    .collect()
            }
            _ => Vec::new(),
        })
        .collect()
}

/// Each row's category index in the reference and in production.
type CategoryPair = (Vec<Option<u32>>, Vec<Option<u32>>);

/// Evenly spaced elements of `v`, at most `k`.
fn thin(v: &[usize], k: usize) -> Vec<usize> {
    if v.len() <= k {
        return v.to_vec();
    }
    (0..k).map(|i| v[i * v.len() / k]).collect()
}

/// Every category of both files, and each row's category index (`None` = missing), worked out
/// per dictionary code.
pub(super) fn category_indices(r: &Labels, p: &Labels) -> CategoryPair {
    let names = |l: &Labels| -> Vec<String> {
        match l {
            Labels::Codes { names, .. } => names.iter().flatten().map(|n| n.to_string()).collect(),
            Labels::Rows(v) => v.iter().flatten().cloned().collect(),
        }
    };
    let cats: BTreeSet<String> = names(r).into_iter().chain(names(p)).collect();
    let index: BTreeMap<&str, u32> = cats
        .iter()
        .enumerate()
        .map(|(i, c)| (c.as_str(), i as u32))
        .collect();
    let lookup = |l: Option<&str>| l.and_then(|l| index.get(l).copied());
    let idx_of = |l: &Labels| -> Vec<Option<u32>> {
        match l {
            Labels::Codes { codes, names } => {
                let per_code: Vec<Option<u32>> =
                    names.iter().map(|n| lookup(n.as_deref())).collect();
                codes
                    .iter()
                    .map(|&k| per_code.get(k as usize).copied().flatten())
                    .collect()
            }
            Labels::Rows(v) => v.iter().map(|n| lookup(n.as_deref())).collect(),
        }
    };
    (idx_of(r), idx_of(p))
}

/// The feature columns of both files as the multivariate methods read them.
struct Prepared<'t> {
    names: Vec<String>,
    numeric: Vec<(&'t [f64], &'t [f64])>,
    cats: Vec<CategoryPair>,
    /// Per feature in `names` order: (numeric?, index into `numeric` or `cats`).
    order: Vec<(bool, usize)>,
}

impl<'t> Prepared<'t> {
    /// Feature columns present in both files, numeric or categorical; `None` without one, an
    /// error with more than [`MAX_FEATURES`].
    fn new(ctx: &Context<'t>) -> Option<Result<Prepared<'t>, String>> {
        let mut p = Prepared {
            names: Vec::new(),
            numeric: Vec::new(),
            cats: Vec::new(),
            order: Vec::new(),
        };
        for c in ctx
            .schema
            .columns
            .iter()
            .filter(|c| c.role == Role::Feature)
        {
            let (Some(a), Some(b)) = (ctx.r.column(&c.name), ctx.p.column(&c.name)) else {
                continue;
            };
            match c.kind {
                Kind::Numeric => {
                    if let (Some(x), Some(y)) = (a.numbers.as_deref(), b.numbers.as_deref()) {
                        p.order.push((true, p.numeric.len()));
                        p.numeric.push((x, y));
                        p.names.push(c.name.clone());
                    }
                }
                Kind::Categorical | Kind::Boolean => {
                    p.order.push((false, p.cats.len()));
                    p.cats
                        .push(category_indices(&ctx.maps.labels(a), &ctx.maps.labels(b)));
                    p.names.push(c.name.clone());
                }
                _ => {}
            }
        }
        if p.names.is_empty() {
            return None;
        }
        if p.names.len() > MAX_FEATURES {
            return Some(Err(format!(
                "multivariate drift not computed: {} feature columns, more than {MAX_FEATURES}",
                p.names.len()
            )));
        }
        Some(Ok(p))
    }

    /// The features of one file, in `names` order.
    fn features(&self, production: bool) -> Vec<Feature<'_>> {
        self.order
            .iter()
            .map(|&(num, k)| match (num, production) {
                (true, false) => Feature::Numeric(self.numeric[k].0),
                (true, true) => Feature::Numeric(self.numeric[k].1),
                (false, false) => Feature::Categorical(&self.cats[k].0),
                (false, true) => Feature::Categorical(&self.cats[k].1),
            })
            .collect()
    }
}

/// The reference vs production classifier on at most [`MAX_DOMAIN_ROWS`] evenly spaced rows
/// per file (`None` without features or with too few rows). A stage of its own so that the
/// page runs it on the other worker than the reconstruction error (it joins the
/// [`MultivariateDrift`] when the report is finished).
pub(super) fn domain_stage(ctx: &Context) -> Option<crate::drift::domain::DomainClassifier> {
    // Only where [`stage`] makes a section for it to join (the same chunk condition).
    let (rc, pc, _) = super::estimate::chunks(ctx, ctx.r.rows, ctx.p.rows);
    if rc.is_empty() || pc.is_empty() {
        return None;
    }
    let prepared = Prepared::new(ctx)?.ok()?;
    let (fr, fp) = (prepared.features(false), prepared.features(true));
    let (r_rows, p_rows) = (
        thin(&(0..ctx.r.rows).collect::<Vec<_>>(), MAX_DOMAIN_ROWS),
        thin(&(0..ctx.p.rows).collect::<Vec<_>>(), MAX_DOMAIN_ROWS),
    );
    crate::drift::domain::domain_classifier(
        &prepared.names,
        &domain_columns(&fr, &fp, &r_rows, &p_rows),
        r_rows.len(),
    )
}

/// The reconstruction error per chunk; `None` without a feature column or enough rows, an
/// error (shown as a warning) with more than [`MAX_FEATURES`] features. The domain
/// classifier ([`domain_stage`]) is added when the report is finished.
pub(super) fn stage(ctx: &Context) -> Option<Result<MultivariateDrift, String>> {
    let (rc, pc, how) = super::estimate::chunks(ctx, ctx.r.rows, ctx.p.rows);
    if rc.is_empty() || pc.is_empty() {
        return None;
    }
    let prepared = match Prepared::new(ctx)? {
        Ok(p) => p,
        Err(e) => return Some(Err(e)),
    };
    let names = prepared.names.clone();
    let (fr, fp) = (prepared.features(false), prepared.features(true));
    let all: Vec<usize> = (0..ctx.r.rows).collect();
    let sampled =
        ctx.r.rows > MAX_FIT_ROWS || rc.iter().chain(&pc).any(|c| c.rows.len() > MAX_CHUNK_ROWS);
    let model = Reconstruction::fit(&fr, &thin(&all, MAX_FIT_ROWS))?;
    let score = |f: &[Feature], c: &ChunkRows| model.chunk_error(f, &thin(&c.rows, MAX_CHUNK_ROWS));
    let ref_errors: Vec<(f64, f64)> = rc.iter().map(|c| score(&fr, c)).collect();
    let values: Vec<f64> = ref_errors.iter().map(|e| e.0).collect();
    // NannyML: a lower threshold at or below the limit 0 is dropped, not clipped.
    let (lo, hi) = reference_range(&values).map_or((None, None), |(lo, hi)| {
        ((lo > 0.0).then_some(lo), Some(hi))
    });
    let make = |c: &ChunkRows, period: &str, (e, se): (f64, f64)| ReconstructionChunk {
        label: c.label.clone(),
        period: period.to_owned(),
        rows: c.rows.len(),
        error: Num(e),
        sampling_error: Num(se),
        lower_threshold: lo.map(Num),
        upper_threshold: hi.map(Num),
        alert: !(lo.unwrap_or(f64::NEG_INFINITY) < e && e < hi.unwrap_or(f64::INFINITY)),
    };
    let mut chunks: Vec<ReconstructionChunk> = rc
        .iter()
        .zip(ref_errors)
        .map(|(c, e)| make(c, "reference", e))
        .collect();
    chunks.extend(pc.iter().map(|c| make(c, "production", score(&fp, c))));
    let first_alert = chunks
        .iter()
        .find(|c| c.period == "production" && c.alert)
        .map(|c| c.label.clone());
    let k = model.n_components();
    Some(Ok(MultivariateDrift {
        domain_classifier: None,
        reconstruction: ReconstructionReport {
            features: names,
            components: k,
            explained_variance: Num(model.explained_variance_ratio.iter().take(k).sum()),
            chunk_by: how.by,
            chunk_size: how.size,
            chunks,
            first_alert,
            sampled,
        },
    }))
}
