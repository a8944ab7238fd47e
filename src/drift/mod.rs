//! Drift tests, one file per test, plus the automatic method choice and the per-column verdict.
//!
//! Entry points:
//! * [`numeric_drift`] / [`categorical_drift`]: the verdict of one column ([`ColumnDrift`]), with
//!   the chosen method (Evidently's automatic rule, [`auto_method`], or the user's override) and
//!   the always-computed extras.
//! * [`histogram`]: the binning the report shows and PSI uses.
//! * The individual statistics: [`ks::ks_two_sample`], [`wasserstein::wasserstein_distance`] /
//!   [`wasserstein::normed`], [`psi::psi`] / [`psi::psi_seed`], [`jensenshannon::js_distance`],
//!   [`chi_square::chi2_contingency`], [`z_test::two_proportion`], and the binnings in [`binning`].
//!
//! Every statistic reproduces a reference implementation (scipy 1.18, numpy 2, statsmodels,
//! Evidently 0.7) to the tolerances in `tests/util.rs`; `tests/golden.rs` checks them against
//! `../shared/golden`.
//!
//! # Missing values
//! Callers pass the non-missing values; [`numeric_drift`] additionally drops NaN and ±∞.
//! An empty side is [`DriftError::NotComputable`], never a NaN verdict.

pub mod binning;
pub mod chi_square;
pub mod jensenshannon;
pub mod ks;
pub mod psi;
pub mod wasserstein;
pub mod z_test;

use std::collections::BTreeMap;

use crate::stats::{count_distinct_pooled, sorted_finite};

/// A drift test. Ids (`Method::id`, serde names) are the ones used in the UI, the JSON report and
/// the CLI (SPEC §3.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// Two-sample Kolmogorov–Smirnov, two-sided (`ks`).
    Ks,
    /// Wasserstein-1 distance divided by the reference standard deviation (`wasserstein`).
    Wasserstein,
    /// Population Stability Index on binned shares (`psi`).
    Psi,
    /// The seed's PSI formula verbatim (`psi_seed`).
    PsiSeed,
    /// Jensen–Shannon distance, natural log (`jensenshannon`).
    Jensenshannon,
    /// χ² test of homogeneity (`chisquare`).
    Chisquare,
    /// Pooled two-proportion Z-test (`z`).
    Z,
}

impl Method {
    /// Every method, in display order.
    pub const ALL: &'static [Method] = &[
        Method::Ks,
        Method::Wasserstein,
        Method::Psi,
        Method::PsiSeed,
        Method::Jensenshannon,
        Method::Chisquare,
        Method::Z,
    ];

    /// Stable id: `"ks"`, `"wasserstein"`, `"psi"`, `"psi_seed"`, `"jensenshannon"`,
    /// `"chisquare"`, `"z"` (same as the serde name).
    pub fn id(self) -> &'static str {
        match self {
            Method::Ks => "ks",
            Method::Wasserstein => "wasserstein",
            Method::Psi => "psi",
            Method::PsiSeed => "psi_seed",
            Method::Jensenshannon => "jensenshannon",
            Method::Chisquare => "chisquare",
            Method::Z => "z",
        }
    }

    /// The method with this id (exact match), if any.
    pub fn from_id(id: &str) -> Option<Method> {
        Method::ALL.iter().copied().find(|m| m.id() == id)
    }

    /// Human-readable name.
    pub fn name(self) -> &'static str {
        match self {
            Method::Ks => "Kolmogorov–Smirnov",
            Method::Wasserstein => "Wasserstein (normed)",
            Method::Psi => "PSI",
            Method::PsiSeed => "PSI (seed formula)",
            Method::Jensenshannon => "Jensen–Shannon distance",
            Method::Chisquare => "χ² test",
            Method::Z => "Z-test for proportions",
        }
    }

    /// One or two plain sentences for a non-statistician.
    pub fn explain(self) -> &'static str {
        match self {
            Method::Ks => {
                "Compares the whole shape of the two distributions (the largest gap between their cumulative curves). \
                 A p-value at or below the threshold means a difference this large is unlikely to be chance."
            }
            Method::Wasserstein => {
                "How far the values moved, measured in reference standard deviations (0.1 = a tenth of a standard deviation). \
                 Drift when it reaches the threshold."
            }
            Method::Psi => {
                "How much the share of values in each bin changed. \
                 Below 0.1 is stable, 0.1 to 0.2 a moderate shift, 0.2 or more a significant shift."
            }
            Method::PsiSeed => {
                "The original PSI formula: 10 equal-width bins over the reference range, production values outside it ignored. \
                 Same bands as PSI: below 0.1 stable, 0.1 to 0.2 moderate, 0.2 or more significant."
            }
            Method::Jensenshannon => {
                "How different the two histograms are, from 0 (identical) to 0.83 (no overlap at all). \
                 Drift when it reaches the threshold."
            }
            Method::Chisquare => {
                "Tests whether the category frequencies differ between the two files. \
                 A p-value below the threshold means the difference is unlikely to be chance."
            }
            Method::Z => {
                "Tests whether the share of one of the two values (for example 'true') changed. \
                 A p-value below the threshold means the difference is unlikely to be chance."
            }
        }
    }

    /// Default threshold (SPEC §3.1): 0.05 for p-value tests, 0.1 for distances and PSI.
    pub fn default_threshold(self) -> f64 {
        match self {
            Method::Ks | Method::Chisquare | Method::Z => 0.05,
            Method::Wasserstein | Method::Psi | Method::PsiSeed | Method::Jensenshannon => 0.1,
        }
    }

    /// Which side of the threshold is drift.
    pub fn direction(self) -> Direction {
        match self {
            Method::Ks => Direction::PAtMost,
            Method::Chisquare | Method::Z => Direction::PBelow,
            Method::Wasserstein | Method::Psi | Method::PsiSeed | Method::Jensenshannon => {
                Direction::ScoreAtLeast
            }
        }
    }

    /// `true` when the score is a p-value (small = drift).
    pub fn is_p_value(self) -> bool {
        !matches!(self.direction(), Direction::ScoreAtLeast)
    }

    /// Applicable to numeric columns in general. χ² and Z apply to numeric columns only through
    /// the "≤ 5 distinct values" rule (tested like categories), so they report `false`.
    pub fn for_numeric(self) -> bool {
        matches!(
            self,
            Method::Ks | Method::Wasserstein | Method::Psi | Method::PsiSeed | Method::Jensenshannon
        )
    }

    /// Applicable to categorical (and boolean) columns.
    pub fn for_categorical(self) -> bool {
        matches!(self, Method::Psi | Method::Jensenshannon | Method::Chisquare | Method::Z)
    }
}

/// Which side of the threshold means drift.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// p-value `≤` threshold (KS, as Evidently).
    PAtMost,
    /// p-value `<` threshold (χ², Z).
    PBelow,
    /// score `≥` threshold (distances, PSI).
    ScoreAtLeast,
}

impl Direction {
    /// Whether `score` is on the drift side of `threshold`. A NaN score is never drift.
    pub fn drifted(self, score: f64, threshold: f64) -> bool {
        match self {
            Direction::PAtMost => score <= threshold,
            Direction::PBelow => score < threshold,
            Direction::ScoreAtLeast => score >= threshold,
        }
    }

    /// The comparison that means drift: `"≤"`, `"<"`, `"≥"`.
    pub fn symbol(self) -> &'static str {
        match self {
            Direction::PAtMost => "≤",
            Direction::PBelow => "<",
            Direction::ScoreAtLeast => "≥",
        }
    }

    /// The comparison that means no drift: `">"`, `"≥"`, `"<"`.
    pub fn negated_symbol(self) -> &'static str {
        match self {
            Direction::PAtMost => ">",
            Direction::PBelow => "≥",
            Direction::ScoreAtLeast => "<",
        }
    }
}

/// Binning of numeric columns for PSI, Jensen–Shannon and the histogram chart (SPEC §3.2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Binning {
    /// Cuts at the reference quantiles k/n (deciles by default), duplicates merged, outer bins
    /// open (golden `binned.ref_deciles`).
    #[default]
    RefDeciles,
    /// n equal-width bins over the reference min..max, outer bins open.
    EqualWidth,
    /// Evidently's Sturges bins over the pooled min..max, `np.histogram` counting (golden
    /// `binned.sturges_combined`). The bin count comes from Sturges' rule.
    SturgesCombined,
}

/// The result of one test on one column (serialised into the JSON report's `tests.<id>`).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct TestResult {
    /// Which test.
    pub method: Method,
    /// The test statistic: KS D, χ², z, PSI, W₁/norm, JS distance.
    pub statistic: f64,
    /// p-value for p-value tests.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub p_value: Option<f64>,
    /// The number compared with the threshold: the p-value for p-value tests, else the statistic.
    pub score: f64,
    /// Threshold used.
    pub threshold: f64,
    /// `method.direction().drifted(score, threshold)`.
    pub drifted: bool,
    /// Bin cut points (open outer bins), bin edges (Sturges) or the distinct values (numeric
    /// columns tested like categories) used by binned methods; finite values only.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub bins: Option<Vec<f64>>,
    /// Short note, e.g. "exact p-value; largest gap at 41 (reference ECDF above production)",
    /// "asymptotic p-value (exact calculation unsuccessful); …", "dof 3".
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub detail: Option<String>,
}

/// Per-column settings (all optional overrides; `Default` = SPEC defaults).
///
/// In JSON (`drift.columns.<name>`) the binning key is `bins` (SPEC §9); `binning` is accepted
/// too. Missing keys take their defaults.
#[derive(Clone, Debug, PartialEq, Default, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct ColumnOptions {
    /// Method deciding the verdict; `None` = [`auto_method`].
    pub method: Option<Method>,
    /// Threshold of that method; `None` = [`Method::default_threshold`].
    pub threshold: Option<f64>,
    /// Binning of numeric columns for PSI / Jensen–Shannon.
    #[serde(rename = "bins", alias = "binning")]
    pub binning: Binning,
    /// Number of bins for `ref_deciles` / `equal_width` (default 10; ignored by Sturges).
    pub n_bins: Option<usize>,
}

/// Why a drift result could not be produced.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, serde::Serialize, serde::Deserialize)]
pub enum DriftError {
    /// The data do not allow the computation (e.g. a side with no values).
    #[error("not computable: {0}")]
    NotComputable(String),
    /// The settings are invalid for this column (method, threshold or bin count).
    #[error("{0}")]
    InvalidOption(String),
}

/// Drift verdict of one column: the chosen (auto or overridden) method's result plus the
/// always-computed extras.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ColumnDrift {
    /// Reference values tested (non-missing, finite).
    pub n_ref: usize,
    /// Production values tested.
    pub n_prod: usize,
    /// Method deciding the verdict.
    pub method: Method,
    /// Its score (p-value or distance).
    pub score: f64,
    /// Its threshold.
    pub threshold: f64,
    /// The verdict.
    pub drifted: bool,
    /// Plain words, e.g. "KS p = 3.1e-10 ≤ 0.05: drift", "PSI 0.31 ≥ 0.1: significant shift".
    pub reason: String,
    /// Every computed test keyed by [`Method::id`]: the chosen method, always `psi`, and `ks`,
    /// `wasserstein`, `psi_seed`, `jensenshannon` for numeric columns; `jensenshannon`,
    /// `chisquare` and (≤ 2 categories) `z` for categorical ones and numeric columns with ≤ 5
    /// distinct values.
    pub tests: BTreeMap<String, TestResult>,
}

/// Evidently's automatic choice (`get_stattest`), SPEC §3.3.
///
/// # Formula
/// ```text
/// n_ref ≤ 1000:  numeric with n_unique > 5 → ks;           else chisquare (n_unique > 2) or z
/// n_ref > 1000:  numeric with n_unique > 5 → wasserstein;  else jensenshannon
/// ```
/// `n_ref` = non-missing reference values, `n_unique` = distinct values of both files pooled.
///
/// # References
/// evidently `legacy/calculations/stattests/registry.py::_get_default_stattest`.
pub fn auto_method(numeric: bool, n_ref: usize, n_unique: usize) -> Method {
    let many = numeric && n_unique > 5;
    if n_ref <= 1000 {
        if many {
            Method::Ks
        } else if n_unique > 2 {
            Method::Chisquare
        } else {
            Method::Z
        }
    } else if many {
        Method::Wasserstein
    } else {
        Method::Jensenshannon
    }
}

/// Bin edges and counts for charts and PSI: the binning the report shows.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Histogram {
    /// k + 1 strictly increasing finite edges. For open outer bins (`ref_deciles`,
    /// `equal_width`) the outer display edges are the pooled min and max; where that would give
    /// a zero-width bin (data min equal to the first cut, or max equal to the last cut) the edge
    /// is moved out by one mean bin width (0.5 when the data have no spread).
    pub edges: Vec<f64>,
    /// Reference counts per bin.
    pub ref_counts: Vec<u64>,
    /// Production counts per bin.
    pub prod_counts: Vec<u64>,
}

/// Cut points (open outer bins) or closed edges of a numeric binning.
enum Bins {
    Cuts(Vec<f64>),
    Edges(Vec<f64>),
}

fn numeric_bins(x_sorted: &[f64], y_sorted: &[f64], binning: Binning, n_bins: usize) -> Bins {
    let n_bins = n_bins.max(1);
    match binning {
        Binning::RefDeciles => Bins::Cuts(binning::ref_quantile_cuts(x_sorted, n_bins)),
        Binning::EqualWidth => Bins::Cuts(binning::equal_width_cuts(x_sorted, n_bins)),
        Binning::SturgesCombined => Bins::Edges(binning::sturges_edges(x_sorted, y_sorted)),
    }
}

/// Bins and counts of two ascending-sorted finite samples for `binning`
/// (`n_bins` for `ref_deciles` / `equal_width`; Sturges picks its own count).
///
/// # Remarks
/// Counts follow the binning's rule exactly (see [`binning`]); the counts of each side sum to
/// its size for every binning. Both samples empty gives an empty histogram. `n_bins = 0` is
/// treated as 1 (one bin).
pub fn histogram(x_sorted: &[f64], y_sorted: &[f64], binning: Binning, n_bins: usize) -> Histogram {
    if x_sorted.is_empty() && y_sorted.is_empty() {
        return Histogram {
            edges: Vec::new(),
            ref_counts: Vec::new(),
            prod_counts: Vec::new(),
        };
    }
    match numeric_bins(x_sorted, y_sorted, binning, n_bins) {
        Bins::Edges(edges) => Histogram {
            ref_counts: binning::counts_by_edges(x_sorted, &edges),
            prod_counts: binning::counts_by_edges(y_sorted, &edges),
            edges,
        },
        Bins::Cuts(cuts) => {
            let lo = pooled_min(x_sorted, y_sorted);
            let hi = pooled_max(x_sorted, y_sorted);
            Histogram {
                edges: display_edges(&cuts, lo, hi),
                ref_counts: binning::counts_by_cuts(x_sorted, &cuts),
                prod_counts: binning::counts_by_cuts(y_sorted, &cuts),
            }
        }
    }
}

fn pooled_min(x: &[f64], y: &[f64]) -> f64 {
    match (x.first(), y.first()) {
        (Some(&a), Some(&b)) => a.min(b),
        (Some(&a), None) | (None, Some(&a)) => a,
        (None, None) => f64::NAN,
    }
}

fn pooled_max(x: &[f64], y: &[f64]) -> f64 {
    match (x.last(), y.last()) {
        (Some(&a), Some(&b)) => a.max(b),
        (Some(&a), None) | (None, Some(&a)) => a,
        (None, None) => f64::NAN,
    }
}

/// Finite, strictly increasing display edges around `cuts` (see [`Histogram::edges`]).
fn display_edges(cuts: &[f64], lo: f64, hi: f64) -> Vec<f64> {
    let (Some(&first), Some(&last)) = (cuts.first(), cuts.last()) else {
        return if lo < hi { vec![lo, hi] } else { vec![lo - 0.5, hi + 0.5] };
    };
    let span = if cuts.len() >= 2 {
        (last - first) / (cuts.len() - 1) as f64
    } else {
        hi - lo
    };
    let pad = if span > 0.0 && span.is_finite() { span } else { 0.5 };
    let mut edges = Vec::with_capacity(cuts.len() + 2);
    edges.push(if lo < first { lo } else { first - pad });
    edges.extend_from_slice(cuts);
    edges.push(if hi > last { hi } else { last + pad });
    edges
}

/// Compact number for reasons: 2 significant digits, scientific below 1e-3 or from 1e4.
fn fmt_num(v: f64) -> String {
    fmt_sig(v, 2)
}

/// `v` with at least `digits` significant digits (all integer digits are kept), trailing zeros
/// trimmed; scientific notation below 1e-3 and from 1e4.
fn fmt_sig(v: f64, digits: usize) -> String {
    if v.is_nan() {
        return "NaN".into();
    }
    if v.is_infinite() {
        return if v > 0.0 { "∞".into() } else { "−∞".into() };
    }
    if v == 0.0 {
        return "0".into();
    }
    let a = v.abs();
    if !(1e-3..1e4).contains(&a) {
        let p = digits.saturating_sub(1);
        return format!("{v:.p$e}");
    }
    let decimals = (digits as i32 - 1 - a.log10().floor() as i32).max(0) as usize;
    let s = format!("{v:.decimals$}");
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

/// Score and threshold formatted so that they never look equal when they are not
/// (e.g. p = 0.0504 vs 0.05 is shown as "0.0504", not "0.05").
fn fmt_pair(score: f64, threshold: f64) -> (String, String) {
    let mut digits = 2;
    loop {
        let (a, b) = (fmt_sig(score, digits), fmt_sig(threshold, digits));
        if a != b || score == threshold || digits >= 17 {
            return (a, b);
        }
        digits += 1;
    }
}

/// "KS p = 3.1e-10 ≤ 0.05: drift", "PSI 0.15 ≥ 0.1: moderate shift", "… < 0.1: stable".
fn reason(method: Method, score: f64, threshold: f64, drifted: bool) -> String {
    let label = match method {
        Method::Ks => "KS p =",
        Method::Chisquare => "χ² p =",
        Method::Z => "Z-test p =",
        Method::Psi => "PSI",
        Method::PsiSeed => "PSI (seed)",
        Method::Wasserstein => "Wasserstein (normed)",
        Method::Jensenshannon => "Jensen–Shannon",
    };
    if score.is_nan() {
        return format!("{} not computable", method.name());
    }
    let dir = method.direction();
    let sym = if drifted { dir.symbol() } else { dir.negated_symbol() };
    let verdict = if !drifted {
        "stable"
    } else if matches!(method, Method::Psi | Method::PsiSeed) {
        // A user threshold below 0.1 can flag drift inside the "stable" band.
        match psi::psi_band(score) {
            "stable" | "not computable" => "drift",
            band => band,
        }
    } else {
        "drift"
    };
    let (sc, th) = fmt_pair(score, threshold);
    format!("{label} {sc} {sym} {th}: {verdict}")
}

fn make_result(
    method: Method,
    statistic: f64,
    p_value: Option<f64>,
    threshold: f64,
    bins: Option<Vec<f64>>,
    detail: Option<String>,
) -> TestResult {
    let score = if method.is_p_value() {
        p_value.unwrap_or(f64::NAN)
    } else {
        statistic
    };
    TestResult {
        method,
        statistic,
        p_value,
        score,
        threshold,
        drifted: method.direction().drifted(score, threshold),
        bins,
        detail,
    }
}

fn check_threshold(method: Method, t: f64) -> Result<f64, DriftError> {
    let ok = if method.is_p_value() {
        (0.0..=1.0).contains(&t)
    } else {
        t.is_finite() && t >= 0.0
    };
    if ok {
        Ok(t)
    } else {
        Err(DriftError::InvalidOption(format!(
            "threshold {t} is invalid for {} (expected {})",
            method.id(),
            if method.is_p_value() { "a p-value in [0, 1]" } else { "a finite number ≥ 0" }
        )))
    }
}

fn check_n_bins(opts: &ColumnOptions) -> Result<usize, DriftError> {
    match opts.n_bins {
        None => Ok(10),
        Some(0) => Err(DriftError::InvalidOption("n_bins must be at least 1".into())),
        Some(n) => Ok(n),
    }
}

/// Category-style tests (psi, jensenshannon, chisquare, z) on count vectors whose zero-total
/// entries were already removed. `values` are the numeric category values (for `bins`), if any.
fn categorical_tests(
    rc: &[u64],
    pc: &[u64],
    values: Option<&[f64]>,
    tests: &mut BTreeMap<String, TestResult>,
) -> Result<(), DriftError> {
    let bins = values.map(<[f64]>::to_vec);
    let psi_v = psi::psi_from_counts(rc, pc)?;
    tests.insert(
        Method::Psi.id().into(),
        make_result(
            Method::Psi,
            psi_v,
            None,
            Method::Psi.default_threshold(),
            bins.clone(),
            Some(format!("one bin per category ({}), {}", rc.len(), psi::psi_band(psi_v))),
        ),
    );
    let js = jensenshannon::js_distance_from_counts(rc, pc)?;
    tests.insert(
        Method::Jensenshannon.id().into(),
        make_result(
            Method::Jensenshannon,
            js,
            None,
            Method::Jensenshannon.default_threshold(),
            bins,
            Some("natural log, one bin per category".into()),
        ),
    );
    let chi = chi_square::chi2_contingency(rc, pc)?;
    tests.insert(
        Method::Chisquare.id().into(),
        make_result(
            Method::Chisquare,
            chi.statistic,
            Some(chi.p_value),
            Method::Chisquare.default_threshold(),
            None,
            Some(format!("dof {}", chi.dof)),
        ),
    );
    if rc.len() <= 2 {
        let n_ref: u64 = rc.iter().sum();
        let n_prod: u64 = pc.iter().sum();
        let (s_ref, s_prod) = (rc.get(1).copied().unwrap_or(0), pc.get(1).copied().unwrap_or(0));
        let z = z_test::two_proportion(s_ref, n_ref, s_prod, n_prod)?;
        tests.insert(
            Method::Z.id().into(),
            make_result(
                Method::Z,
                z.statistic,
                Some(z.p_value),
                Method::Z.default_threshold(),
                None,
                Some(format!(
                    "share of the second category: {} in reference, {} in production",
                    fmt_num(z.p_ref),
                    fmt_num(z.p_prod)
                )),
            ),
        );
    }
    Ok(())
}

/// Applies the chosen method and threshold to the computed tests and builds the verdict.
fn finish(
    n_ref: usize,
    n_prod: usize,
    method: Method,
    threshold: Option<f64>,
    mut tests: BTreeMap<String, TestResult>,
) -> Result<ColumnDrift, DriftError> {
    let t = check_threshold(method, threshold.unwrap_or(method.default_threshold()))?;
    let Some(chosen) = tests.get_mut(method.id()) else {
        return Err(DriftError::InvalidOption(format!(
            "{} is not applicable to this column",
            method.id()
        )));
    };
    chosen.threshold = t;
    chosen.drifted = method.direction().drifted(chosen.score, t);
    let (score, drifted) = (chosen.score, chosen.drifted);
    Ok(ColumnDrift {
        n_ref,
        n_prod,
        method,
        score,
        threshold: t,
        drifted,
        reason: reason(method, score, t, drifted),
        tests,
    })
}

/// Drift verdict of a numeric column.
///
/// `x`, `y` are the reference and production values (any order; NaN and ±∞ are dropped here).
///
/// # Remarks
/// - Method: `opts.method`, else [`auto_method`]`(true, n_ref, n_unique)`.
/// - Always computed: `ks` (scipy `method='auto'`), `wasserstein` (normed), `psi_seed`, `psi` and
///   `jensenshannon`. With more than 5 pooled distinct values, `psi`/`jensenshannon` use
///   `opts.binning` (default reference deciles, `opts.n_bins`, default 10).
/// - With ≤ 5 pooled distinct values the column is tested like a categorical one over its
///   distinct values (SPEC §3.1): `psi`, `jensenshannon` and `chisquare` use one bin per
///   distinct value (Evidently's `unique_values` binning) and `z` (≤ 2 values) takes the larger
///   value as the "success".
/// - `chisquare` on a numeric column with > 5 distinct values, or `z` with > 2, is rejected.
///
/// # Errors
/// [`DriftError::NotComputable`] when either side has no finite value;
/// [`DriftError::InvalidOption`] for an inapplicable method, a threshold outside its range
/// (p-values in [0, 1], distances ≥ 0) or `n_bins = 0`.
pub fn numeric_drift(x: &[f64], y: &[f64], opts: &ColumnOptions) -> Result<ColumnDrift, DriftError> {
    numeric_drift_sorted(&sorted_finite(x), &sorted_finite(y), opts)
}

/// [`numeric_drift`] on samples that are already finite and sorted ascending (e.g. by
/// [`crate::stats::sorted_finite`]), so a caller that also needs the sorted values (charts,
/// quantiles) sorts each column once. Unsorted input gives wrong results (not checked in
/// release builds).
///
/// # Errors
/// As [`numeric_drift`].
pub fn numeric_drift_sorted(xs: &[f64], ys: &[f64], opts: &ColumnOptions) -> Result<ColumnDrift, DriftError> {
    debug_assert!(xs.windows(2).all(|w| w[0] <= w[1]) && xs.iter().all(|v| v.is_finite()));
    debug_assert!(ys.windows(2).all(|w| w[0] <= w[1]) && ys.iter().all(|v| v.is_finite()));
    if xs.is_empty() {
        return Err(DriftError::NotComputable("reference has no non-missing values".into()));
    }
    if ys.is_empty() {
        return Err(DriftError::NotComputable("production has no non-missing values".into()));
    }
    let n_bins = check_n_bins(opts)?;
    let (n_ref, n_prod) = (xs.len(), ys.len());
    let n_unique = count_distinct_pooled(xs, ys);
    let few = n_unique <= 5;
    let method = opts.method.unwrap_or_else(|| auto_method(true, n_ref, n_unique));
    match method {
        Method::Chisquare if !few => {
            return Err(DriftError::InvalidOption(format!(
                "chisquare needs a categorical column or a numeric one with at most 5 distinct values (this one has {n_unique})"
            )))
        }
        Method::Z if n_unique > 2 => {
            return Err(DriftError::InvalidOption(format!(
                "z needs a column with at most 2 distinct values (this one has {n_unique})"
            )))
        }
        _ => {}
    }

    let mut tests = BTreeMap::new();

    let k = ks::ks_two_sample(xs, ys, ks::KsMode::Auto)?;
    let ks_mode = match (k.mode_used, k.exact_unsuccessful) {
        (ks::KsMode::Exact, _) => "exact p-value",
        (_, true) => "asymptotic p-value (exact calculation unsuccessful)",
        _ => "asymptotic p-value",
    };
    let ks_detail = format!(
        "{ks_mode}; largest gap at {} (reference ECDF {} production)",
        k.location,
        if k.sign > 0 { "above" } else { "below" }
    );
    tests.insert(
        Method::Ks.id().into(),
        make_result(
            Method::Ks,
            k.statistic,
            Some(k.p_value),
            Method::Ks.default_threshold(),
            None,
            Some(ks_detail),
        ),
    );

    let w = wasserstein::normed(xs, ys)?;
    tests.insert(
        Method::Wasserstein.id().into(),
        make_result(
            Method::Wasserstein,
            w.value,
            None,
            Method::Wasserstein.default_threshold(),
            None,
            Some(format!(
                "W1 = {} divided by reference std {}",
                fmt_num(w.distance),
                fmt_num(w.norm)
            )),
        ),
    );

    let seed = psi::psi_seed(xs, ys)?;
    tests.insert(
        Method::PsiSeed.id().into(),
        make_result(
            Method::PsiSeed,
            seed.psi,
            None,
            Method::PsiSeed.default_threshold(),
            Some(seed.bins),
            Some(format!("10 equal-width bins over the reference range, {}", psi::psi_band(seed.psi))),
        ),
    );

    if few {
        let (values, rc, pc) = binning::unique_value_counts(xs, ys);
        categorical_tests(&rc, &pc, Some(&values), &mut tests)?;
    } else {
        let bins = numeric_bins(xs, ys, opts.binning, n_bins);
        let (rc, pc, bin_values, what) = match bins {
            Bins::Cuts(c) => (
                binning::counts_by_cuts(xs, &c),
                binning::counts_by_cuts(ys, &c),
                c,
                match opts.binning {
                    Binning::EqualWidth => "equal-width bins over the reference range, outer bins open",
                    _ => "bins at reference quantiles, outer bins open",
                },
            ),
            Bins::Edges(e) => (
                binning::counts_by_edges(xs, &e),
                binning::counts_by_edges(ys, &e),
                e,
                "Sturges bins over the pooled range",
            ),
        };
        let psi_v = psi::psi_from_counts(&rc, &pc)?;
        tests.insert(
            Method::Psi.id().into(),
            make_result(
                Method::Psi,
                psi_v,
                None,
                Method::Psi.default_threshold(),
                Some(bin_values.clone()),
                Some(format!("{} {what}, {}", rc.len(), psi::psi_band(psi_v))),
            ),
        );
        let js = jensenshannon::js_distance_from_counts(&rc, &pc)?;
        tests.insert(
            Method::Jensenshannon.id().into(),
            make_result(
                Method::Jensenshannon,
                js,
                None,
                Method::Jensenshannon.default_threshold(),
                Some(bin_values),
                Some(format!("natural log, {} {what}", rc.len())),
            ),
        );
    }

    finish(n_ref, n_prod, method, opts.threshold, tests)
}

/// Drift verdict of a categorical (or boolean) column from its counts per category.
///
/// `ref_counts` and `prod_counts` are aligned over the union of categories (a category may
/// have 0 on one side). Pass the categories in byte order (as the report does): the Z-test's
/// "success" is the second category (e.g. `"true"` of `false`/`true`, `"1"` of `0`/`1`).
///
/// # Remarks
/// - Categories with 0 on both sides are ignored.
/// - Method: `opts.method`, else [`auto_method`]`(false, n_ref, k)` with k the number of
///   categories seen.
/// - Always computed: `psi` and `jensenshannon` on the category shares, `chisquare`
///   (homogeneity, k − 1 dof); `z` when k ≤ 2 (k = 1 gives z = 0, p = 1).
///
/// # Errors
/// [`DriftError::NotComputable`] when either side has no values;
/// [`DriftError::InvalidOption`] for count vectors of different lengths, a numeric-only method,
/// `z` with more than 2 categories, or an invalid threshold.
pub fn categorical_drift(ref_counts: &[u64], prod_counts: &[u64], opts: &ColumnOptions) -> Result<ColumnDrift, DriftError> {
    if ref_counts.len() != prod_counts.len() {
        return Err(DriftError::InvalidOption(format!(
            "category counts differ in length ({} vs {})",
            ref_counts.len(),
            prod_counts.len()
        )));
    }
    let (rc, pc): (Vec<u64>, Vec<u64>) = ref_counts
        .iter()
        .zip(prod_counts)
        .filter(|(a, b)| **a + **b > 0)
        .map(|(a, b)| (*a, *b))
        .unzip();
    let n_ref: u64 = rc.iter().sum();
    let n_prod: u64 = pc.iter().sum();
    if n_ref == 0 {
        return Err(DriftError::NotComputable("reference has no non-missing values".into()));
    }
    if n_prod == 0 {
        return Err(DriftError::NotComputable("production has no non-missing values".into()));
    }
    let k = rc.len();
    let method = opts.method.unwrap_or_else(|| auto_method(false, n_ref as usize, k));
    if !method.for_categorical() {
        return Err(DriftError::InvalidOption(format!(
            "{} applies to numeric columns only",
            method.id()
        )));
    }
    if method == Method::Z && k > 2 {
        return Err(DriftError::InvalidOption(format!(
            "z needs a column with at most 2 categories (this one has {k})"
        )));
    }
    let mut tests = BTreeMap::new();
    categorical_tests(&rc, &pc, None, &mut tests)?;
    finish(n_ref as usize, n_prod as usize, method, opts.threshold, tests)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok<T>(r: Result<T, DriftError>) -> T {
        r.unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn method_ids_round_trip_and_match_serde() {
        for &m in Method::ALL {
            assert_eq!(Method::from_id(m.id()), Some(m));
            let json = serde_json::to_string(&m).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", m.id()));
        }
        assert_eq!(Method::from_id("nope"), None);
    }

    #[test]
    fn thresholds_and_directions_follow_the_spec() {
        assert_eq!(Method::Ks.default_threshold(), 0.05);
        assert_eq!(Method::Psi.default_threshold(), 0.1);
        assert!(Method::Ks.direction().drifted(0.05, 0.05));
        assert!(!Method::Chisquare.direction().drifted(0.05, 0.05));
        assert!(Method::Psi.direction().drifted(0.1, 0.1));
        assert!(!Direction::ScoreAtLeast.drifted(f64::NAN, 0.1));
        assert!(!Direction::PAtMost.drifted(f64::NAN, 0.1));
        assert_eq!(Direction::PAtMost.symbol(), "≤");
    }

    #[test]
    fn auto_method_follows_evidently() {
        assert_eq!(auto_method(true, 1000, 6), Method::Ks);
        assert_eq!(auto_method(true, 1000, 5), Method::Chisquare);
        assert_eq!(auto_method(true, 1000, 2), Method::Z);
        assert_eq!(auto_method(true, 1000, 1), Method::Z);
        assert_eq!(auto_method(true, 1001, 6), Method::Wasserstein);
        assert_eq!(auto_method(true, 1001, 5), Method::Jensenshannon);
        assert_eq!(auto_method(false, 10, 30), Method::Chisquare);
        assert_eq!(auto_method(false, 10, 2), Method::Z);
        assert_eq!(auto_method(false, 5000, 30), Method::Jensenshannon);
    }

    #[test]
    fn column_options_accept_partial_json_and_the_spec_key_bins() {
        let o: ColumnOptions = serde_json::from_str(r#"{"method":"psi","bins":"equal_width"}"#)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(o.method, Some(Method::Psi));
        assert_eq!(o.binning, Binning::EqualWidth);
        let o: ColumnOptions = serde_json::from_str(r#"{"binning":"sturges_combined","n_bins":5}"#)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(o.binning, Binning::SturgesCombined);
        assert_eq!(o.n_bins, Some(5));
        let o: ColumnOptions = serde_json::from_str("{}").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(o, ColumnOptions::default());
    }

    #[test]
    fn numeric_drift_of_a_shifted_sample_is_drift_by_ks() {
        let x: Vec<f64> = (0..200).map(|i| i as f64).collect();
        let y: Vec<f64> = (0..200).map(|i| i as f64 + 100.0).collect();
        let d = ok(numeric_drift(&x, &y, &ColumnOptions::default()));
        assert_eq!(d.method, Method::Ks);
        assert!(d.drifted);
        assert!(d.reason.starts_with("KS p = "), "{}", d.reason);
        assert!(d.reason.ends_with(": drift"), "{}", d.reason);
        for id in ["ks", "wasserstein", "psi", "psi_seed", "jensenshannon"] {
            assert!(d.tests.contains_key(id), "{id}");
        }
        assert!(!d.tests.contains_key("chisquare"));
        assert_eq!(d.n_ref, 200);
    }

    #[test]
    fn identical_numeric_samples_are_stable_everywhere() {
        let x: Vec<f64> = (0..50).map(|i| (i as f64).sqrt()).collect();
        let d = ok(numeric_drift(&x, &x, &ColumnOptions::default()));
        assert!(!d.drifted);
        assert_eq!(d.score, 1.0);
        for t in d.tests.values() {
            assert!(!t.drifted, "{:?}", t);
        }
        assert_eq!(d.tests["psi"].statistic, 0.0);
        assert_eq!(d.tests["wasserstein"].statistic, 0.0);
    }

    #[test]
    fn numeric_drift_drops_missing_and_infinite_values() {
        let x = [1.0, f64::NAN, 2.0, 3.0, f64::INFINITY, 4.0, 5.0, 6.0];
        let y = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, f64::NEG_INFINITY];
        let d = ok(numeric_drift(&x, &y, &ColumnOptions::default()));
        assert_eq!((d.n_ref, d.n_prod), (6, 6));
    }

    #[test]
    fn empty_sides_are_not_computable() {
        let o = ColumnOptions::default();
        assert!(matches!(numeric_drift(&[], &[1.0], &o), Err(DriftError::NotComputable(_))));
        assert!(matches!(numeric_drift(&[f64::NAN], &[1.0], &o), Err(DriftError::NotComputable(_))));
        assert!(matches!(numeric_drift(&[1.0], &[], &o), Err(DriftError::NotComputable(_))));
        assert!(matches!(categorical_drift(&[0, 0], &[1, 2], &o), Err(DriftError::NotComputable(_))));
        assert!(matches!(categorical_drift(&[], &[], &o), Err(DriftError::NotComputable(_))));
    }

    #[test]
    fn single_values_give_documented_results() {
        let d = ok(numeric_drift(&[1.0], &[1.0], &ColumnOptions::default()));
        assert_eq!(d.method, Method::Z);
        assert_eq!(d.score, 1.0);
        assert!(!d.drifted);
        let d = ok(numeric_drift(&[1.0], &[2.0], &ColumnOptions::default()));
        assert_eq!(d.method, Method::Z);
        assert!(d.score.is_finite());
    }

    #[test]
    fn constant_columns_are_tested_like_categories() {
        // Both constant and equal: z = 0, p = 1.
        let x = vec![7.0; 20];
        let d = ok(numeric_drift(&x, &x, &ColumnOptions::default()));
        assert_eq!(d.method, Method::Z);
        assert_eq!(d.score, 1.0);
        assert_eq!(d.tests["chisquare"].detail.as_deref(), Some("dof 0"));
        assert_eq!(d.tests["psi"].bins.as_deref(), Some(&[7.0][..]));
        // Constant reference, different production value: drift by z.
        let y = vec![8.0; 20];
        let d = ok(numeric_drift(&x, &y, &ColumnOptions::default()));
        assert!(d.drifted);
        assert!(d.tests["wasserstein"].statistic > 100.0);
    }

    #[test]
    fn all_ties_in_large_samples_use_jensen_shannon() {
        let x: Vec<f64> = (0..2000).map(|i| f64::from(i % 3)).collect();
        let y: Vec<f64> = (0..1500).map(|i| f64::from(i % 2)).collect();
        let d = ok(numeric_drift(&x, &y, &ColumnOptions::default()));
        assert_eq!(d.method, Method::Jensenshannon);
        assert!(d.drifted);
        assert!(d.reason.starts_with("Jensen–Shannon"));
    }

    #[test]
    fn invalid_options_are_rejected() {
        let x: Vec<f64> = (0..30).map(f64::from).collect();
        let bad = |o: ColumnOptions| matches!(numeric_drift(&x, &x, &o), Err(DriftError::InvalidOption(_)));
        assert!(bad(ColumnOptions { method: Some(Method::Chisquare), ..Default::default() }));
        assert!(bad(ColumnOptions { method: Some(Method::Z), ..Default::default() }));
        assert!(bad(ColumnOptions { threshold: Some(2.0), ..Default::default() }));
        assert!(bad(ColumnOptions { threshold: Some(f64::NAN), ..Default::default() }));
        assert!(bad(ColumnOptions { n_bins: Some(0), ..Default::default() }));
        let o = ColumnOptions { method: Some(Method::Ks), ..Default::default() };
        assert!(matches!(categorical_drift(&[1, 2], &[2, 1], &o), Err(DriftError::InvalidOption(_))));
        let o = ColumnOptions { method: Some(Method::Z), ..Default::default() };
        assert!(matches!(categorical_drift(&[1, 2, 3], &[2, 1, 3], &o), Err(DriftError::InvalidOption(_))));
        assert!(matches!(categorical_drift(&[1, 2], &[2], &ColumnOptions::default()), Err(DriftError::InvalidOption(_))));
    }

    #[test]
    fn overrides_change_method_and_threshold() {
        let x: Vec<f64> = (0..300).map(|i| i as f64).collect();
        let y: Vec<f64> = (0..300).map(|i| i as f64 + 30.0).collect();
        let o = ColumnOptions {
            method: Some(Method::Psi),
            threshold: Some(0.5),
            binning: Binning::EqualWidth,
            n_bins: Some(5),
        };
        let d = ok(numeric_drift(&x, &y, &o));
        assert_eq!(d.method, Method::Psi);
        assert_eq!(d.threshold, 0.5);
        assert_eq!(d.tests["psi"].threshold, 0.5);
        assert_eq!(d.tests["psi"].bins.as_ref().map(Vec::len), Some(4));
        assert_eq!(d.tests["ks"].threshold, 0.05);
    }

    #[test]
    fn categorical_drift_runs_chi_square_and_z() {
        let d = ok(categorical_drift(&[50, 50], &[80, 20], &ColumnOptions::default()));
        assert_eq!(d.method, Method::Z);
        assert!(d.drifted);
        assert!(d.reason.starts_with("Z-test p = "), "{}", d.reason);
        assert!(d.tests.contains_key("chisquare"));
        // z² equals the 2×2 χ² statistic.
        let z = d.tests["z"].statistic;
        assert!((z * z - d.tests["chisquare"].statistic).abs() < 1e-9);
        let d = ok(categorical_drift(&[10, 10, 10, 0], &[10, 10, 10, 0], &ColumnOptions::default()));
        assert_eq!(d.method, Method::Chisquare);
        assert!(!d.drifted);
        assert!(!d.tests.contains_key("z"));
    }

    #[test]
    fn single_category_is_stable_with_p_one() {
        let d = ok(categorical_drift(&[300], &[250], &ColumnOptions::default()));
        assert_eq!(d.method, Method::Z);
        assert_eq!(d.score, 1.0);
        assert_eq!(d.tests["psi"].statistic, 0.0);
        assert_eq!(d.tests["jensenshannon"].statistic, 0.0);
    }

    #[test]
    fn reasons_read_as_plain_words() {
        assert_eq!(reason(Method::Ks, 3.1e-10, 0.05, true), "KS p = 3.1e-10 ≤ 0.05: drift");
        assert_eq!(reason(Method::Psi, 0.31, 0.1, true), "PSI 0.31 ≥ 0.1: significant shift");
        assert_eq!(reason(Method::Psi, 0.15, 0.1, true), "PSI 0.15 ≥ 0.1: moderate shift");
        assert_eq!(reason(Method::Psi, 0.05, 0.1, false), "PSI 0.05 < 0.1: stable");
        assert_eq!(
            reason(Method::Wasserstein, 0.04, 0.1, false),
            "Wasserstein (normed) 0.04 < 0.1: stable"
        );
        assert_eq!(reason(Method::Chisquare, 0.2, 0.05, false), "χ² p = 0.2 ≥ 0.05: stable");
        assert_eq!(reason(Method::Ks, 0.0504, 0.05, false), "KS p = 0.0504 > 0.05: stable");
        assert_eq!(reason(Method::Psi, 0.0996, 0.1, false), "PSI 0.0996 < 0.1: stable");
        assert_eq!(fmt_num(1.0), "1");
        assert_eq!(fmt_num(824.158), "824");
        assert_eq!(fmt_num(12345.0), "1.2e4");
    }

    #[test]
    fn histogram_edges_are_strictly_increasing_and_counts_complete() {
        let x: Vec<f64> = (0..100).map(|i| f64::from(i % 10)).collect();
        let y: Vec<f64> = (0..80).map(|i| f64::from(i % 12) - 1.0).collect();
        let mut ys = y.clone();
        ys.sort_by(f64::total_cmp);
        for binning in [Binning::RefDeciles, Binning::EqualWidth, Binning::SturgesCombined] {
            let h = histogram(&x, &ys, binning, 10);
            assert!(h.edges.windows(2).all(|w| w[1] > w[0]), "{binning:?}: {:?}", h.edges);
            assert_eq!(h.edges.len(), h.ref_counts.len() + 1);
            assert_eq!(h.ref_counts.iter().sum::<u64>(), 100);
            assert_eq!(h.prod_counts.iter().sum::<u64>(), 80);
        }
        // Constant data: still valid edges.
        let h = histogram(&[2.0, 2.0], &[2.0], Binning::RefDeciles, 10);
        assert!(h.edges.windows(2).all(|w| w[1] > w[0]), "{:?}", h.edges);
        assert_eq!(h.ref_counts, vec![0, 2]);
        let h = histogram(&[], &[], Binning::RefDeciles, 10);
        assert!(h.edges.is_empty());
    }
}
