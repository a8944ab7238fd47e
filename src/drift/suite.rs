//! The suites: the verdict of one column ([`ColumnDrift`]) from the chosen method and the
//! other tests computed beside it ([`TestResult`]), with the reason in plain words.
//!
//! - Numeric columns with more than 5 distinct values: the tests on sorted values, and the
//!   methods on shares over the column's [`Binning`].
//! - Categorical columns, and numeric ones with at most 5 distinct values: the methods on
//!   shares with one bin per category, and the tests on category counts.
//!
//! The methods on shares (`psi`, `jensenshannon`, `kl_div`, `hellinger`) have one path,
//! `shares_tests`, for both: only the bins differ.

use std::collections::BTreeMap;

use super::binning::{self, Bins};
use super::method::Method;
use super::options::{Binning, ColumnOptions};
use super::{
    anderson, chi_square, cramer_von_mises, energy, fisher_exact, g_test, hellinger, jensenshannon,
    kl_div, ks, mann_whitney, psi, t_test, tvd, wasserstein, z_test, DriftError,
};
use crate::stats::{count_distinct_pooled, sorted_finite};

/// The result of one test on one column. The report converts it into its JSON
/// (`tests.<id>`, through `test_json` in `report/columns.rs`); the `serde` derives serve
/// [`ColumnDrift`]'s own serialisation (tests, tools), not the report.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct TestResult {
    /// Which test.
    pub method: Method,
    /// The test statistic: KS D, χ², z, G, PSI, W₁/norm, JS / Hellinger / TV distance, KL
    /// divergence, normalised A², Cramér–von Mises T, Welch t, U of the reference, Fisher's
    /// odds ratio (may be +∞ or NaN), or the raw energy distance (its `score` is normed).
    pub statistic: f64,
    /// p-value for p-value tests.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub p_value: Option<f64>,
    /// The number compared with the threshold: the p-value for p-value tests, else the statistic
    /// (energy: the statistic divided by the reference standard deviation).
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

/// Drift verdict of one column: the chosen (auto or overridden) method's result plus the other
/// computed tests. The report copies it into its own JSON (`report/columns.rs`).
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
    /// Every computed test keyed by [`Method::id`].
    ///
    /// Default set ([`numeric_drift`], [`categorical_drift`]): the chosen method, always `psi`
    /// and `jensenshannon`; `ks`, `wasserstein`, `psi_seed` for numeric columns; `chisquare` and
    /// (≤ 2 categories) `z` for categorical ones and numeric columns with ≤ 5 distinct values.
    /// With [`numeric_drift_all`] / [`categorical_drift_all`]: every applicable method that
    /// could be computed. Only the chosen method carries the user's threshold; the others use
    /// their default thresholds.
    pub tests: BTreeMap<String, TestResult>,
    /// Methods that were asked for but cannot be computed on these data, keyed by
    /// [`Method::id`], with the reason (e.g. `anderson` → "… all values are equal",
    /// `fisher_exact` → "… at most 2 categories (this one has 4)"). Empty in the default set.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub not_computable: BTreeMap<String, String>,
}

/// "KS p = 3.1e-10 ≤ 0.05: drift", "PSI 0.15 ≥ 0.1: moderate shift", "… < 0.1: stable".
fn reason(method: Method, score: f64, threshold: f64, drifted: bool) -> String {
    let info = method.info();
    if score.is_nan() {
        return format!("{} not computable", info.name);
    }
    let dir = info.direction;
    let sym = if drifted {
        dir.symbol()
    } else {
        dir.negated_symbol()
    };
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
    let (sc, th) = crate::format::pair(score, threshold);
    format!("{} {sc} {sym} {th}: {verdict}", info.label)
}

/// A test result with an explicit score (the number compared with the threshold).
fn scored_result(
    method: Method,
    statistic: f64,
    p_value: Option<f64>,
    score: f64,
    bins: Option<Vec<f64>>,
    detail: Option<String>,
) -> TestResult {
    let threshold = method.default_threshold();
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

/// A test result at the method's default threshold; the score is the p-value for p-value
/// tests, else the statistic.
fn make_result(
    method: Method,
    statistic: f64,
    p_value: Option<f64>,
    bins: Option<Vec<f64>>,
    detail: Option<String>,
) -> TestResult {
    let score = if method.is_p_value() {
        p_value.unwrap_or(f64::NAN)
    } else {
        statistic
    };
    scored_result(method, statistic, p_value, score, bins, detail)
}

/// Which tests are computed besides the chosen method.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Suite {
    /// The default set (SPEC §3.3: the chosen method, PSI, KS, …).
    Default,
    /// Every applicable method (`--tests all`).
    All,
}

/// Collects the computed tests and the reasons of those that could not be computed.
struct Collector {
    suite: Suite,
    chosen: Method,
    tests: BTreeMap<String, TestResult>,
    not_computable: BTreeMap<String, String>,
}

impl Collector {
    fn new(suite: Suite, chosen: Method) -> Self {
        Collector {
            suite,
            chosen,
            tests: BTreeMap::new(),
            not_computable: BTreeMap::new(),
        }
    }

    /// Computes `m` when it is in the default set (`in_default`), is the chosen method, or all
    /// methods were asked for; records the result or the reason it is not computable.
    fn run(
        &mut self,
        m: Method,
        in_default: bool,
        f: impl FnOnce() -> Result<TestResult, DriftError>,
    ) {
        if !(in_default || m == self.chosen || self.suite == Suite::All) {
            return;
        }
        match f() {
            Ok(t) => {
                self.tests.insert(m.id().into(), t);
            }
            Err(DriftError::NotComputable(r) | DriftError::InvalidOption(r)) => {
                self.not_computable.insert(m.id().into(), r);
            }
        }
    }
}

/// How the bins of [`Shares`] were made (for the tests' `detail`).
#[derive(Clone, Copy)]
enum MadeBy {
    /// One bin per category (or per distinct value of a numeric column with ≤ 5 of them).
    Categories,
    /// The numeric column's binning, described in a few words.
    Binning(&'static str),
}

/// Counts per bin on each side, zero-total bins already removed: the input of the methods on
/// shares.
struct Shares<'a> {
    rc: &'a [u64],
    pc: &'a [u64],
    /// Reported in `tests.<id>.bins`: cuts, edges or the distinct values; `None` for
    /// categories.
    bins: Option<&'a [f64]>,
    made_by: MadeBy,
}

/// The methods on shares (psi, jensenshannon, kl_div, hellinger), numeric or categorical: the
/// one binned path.
fn shares_tests(s: &Shares, c: &mut Collector) {
    let (rc, pc) = (s.rc, s.pc);
    let k = rc.len();
    let bins = s.bins.map(<[f64]>::to_vec);
    // "one bin per category (3)", "10 bins at reference quantiles, outer bins open"; the
    // Jensen–Shannon note has never counted the categories.
    let (what, js_what) = match s.made_by {
        MadeBy::Categories => (
            format!("one bin per category ({k})"),
            "one bin per category".to_owned(),
        ),
        MadeBy::Binning(how) => (format!("{k} {how}"), format!("{k} {how}")),
    };
    c.run(Method::Psi, true, || {
        let v = psi::psi_from_counts(rc, pc)?;
        Ok(make_result(
            Method::Psi,
            v,
            None,
            bins.clone(),
            Some(format!("{what}, {}", psi::psi_band(v))),
        ))
    });
    c.run(Method::Jensenshannon, true, || {
        let v = jensenshannon::js_distance_from_counts(rc, pc)?;
        Ok(make_result(
            Method::Jensenshannon,
            v,
            None,
            bins.clone(),
            Some(format!("natural log, {js_what}")),
        ))
    });
    c.run(Method::KlDiv, false, || {
        let v = kl_div::kl_div_from_counts(rc, pc)?;
        Ok(make_result(
            Method::KlDiv,
            v,
            None,
            bins.clone(),
            Some(format!(
                "KL(reference ‖ production), {what}; empty shares floored at 1e-4, then renormalised"
            )),
        ))
    });
    c.run(Method::Hellinger, false, || {
        let v = hellinger::hellinger_from_counts(rc, pc)?;
        Ok(make_result(
            Method::Hellinger,
            v,
            None,
            bins.clone(),
            Some(what.clone()),
        ))
    });
}

/// Every test on category counts (the methods on shares and chisquare, z, fisher_exact,
/// g_test, tvd) on count vectors whose zero-total entries were already removed. `values` are
/// the numeric category values (for `bins`), if any.
fn category_tests(rc: &[u64], pc: &[u64], values: Option<&[f64]>, c: &mut Collector) {
    let k = rc.len();
    let shares = Shares {
        rc,
        pc,
        bins: values,
        made_by: MadeBy::Categories,
    };
    shares_tests(&shares, c);
    let bins = values.map(<[f64]>::to_vec);
    c.run(Method::Chisquare, true, || {
        let r = chi_square::chi2_contingency(rc, pc)?;
        Ok(make_result(
            Method::Chisquare,
            r.statistic,
            Some(r.p_value),
            None,
            Some(format!("dof {}", r.dof)),
        ))
    });
    c.run(Method::Z, k <= 2, || {
        if k > 2 {
            return Err(DriftError::NotComputable(format!(
                "the Z-test needs a column with at most 2 categories (this one has {k})"
            )));
        }
        let n_ref: u64 = rc.iter().sum();
        let n_prod: u64 = pc.iter().sum();
        let (s_ref, s_prod) = (
            rc.get(1).copied().unwrap_or(0),
            pc.get(1).copied().unwrap_or(0),
        );
        let z = z_test::two_proportion(s_ref, n_ref, s_prod, n_prod)?;
        Ok(make_result(
            Method::Z,
            z.statistic,
            Some(z.p_value),
            None,
            Some(format!(
                "share of the second category: {} in reference, {} in production",
                crate::format::sig(z.p_ref, 2),
                crate::format::sig(z.p_prod, 2)
            )),
        ))
    });
    c.run(Method::FisherExact, false, || {
        let f = fisher_exact::fisher_exact(rc, pc)?;
        let [[a, b], [cc, d]] = f.table;
        Ok(make_result(
            Method::FisherExact,
            f.odds_ratio,
            Some(f.p_value),
            None,
            Some(format!(
                "odds ratio {}; table [[{a}, {b}], [{cc}, {d}]] (rows: reference, production; columns: second category, other)",
                crate::format::sig(f.odds_ratio, 2)
            )),
        ))
    });
    c.run(Method::GTest, false, || {
        let r = g_test::g_test(rc, pc)?;
        Ok(make_result(
            Method::GTest,
            r.statistic,
            Some(r.p_value),
            None,
            Some(format!("dof {}", r.dof)),
        ))
    });
    c.run(Method::Tvd, false, || {
        let v = tvd::tvd_from_counts(rc, pc)?;
        Ok(make_result(
            Method::Tvd,
            v,
            None,
            bins.clone(),
            Some(format!("one bin per category ({k})")),
        ))
    });
}

/// Applies the chosen method's (validated) threshold and builds the verdict.
fn finish(
    n_ref: usize,
    n_prod: usize,
    method: Method,
    t: f64,
    c: Collector,
) -> Result<ColumnDrift, DriftError> {
    let Collector {
        mut tests,
        not_computable,
        ..
    } = c;
    let Some(chosen) = tests.get_mut(method.id()) else {
        return Err(match not_computable.get(method.id()) {
            Some(r) => DriftError::NotComputable(r.clone()),
            None => DriftError::InvalidOption(format!(
                "{} is not applicable to this column",
                method.id()
            )),
        });
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
        not_computable,
    })
}

/// Drift verdict of a numeric column.
///
/// `x`, `y` are the reference and production values (any order; NaN and ±∞ are dropped here).
///
/// # Remarks
/// - Method: `opts.method`, else [`auto_method`](crate::drift::auto_method)`(true, n_ref, n_unique)`.
/// - Always computed: `ks` (scipy `method='auto'`), `wasserstein` (normed), `psi_seed`, `psi` and
///   `jensenshannon`, plus the chosen method. With more than 5 pooled distinct values the
///   binned methods use `opts.binning` (default reference deciles, `opts.n_bins`, default 10).
/// - With ≤ 5 pooled distinct values the column is tested like a categorical one over its
///   distinct values (SPEC §3.1): the binned methods and `chisquare` use one bin per
///   distinct value (Evidently's `unique_values` binning) and `z` / `fisher_exact` (≤ 2 values)
///   take the larger value as the "success".
/// - The tests on category counts (`chisquare`, `z`, `fisher_exact`, `g_test`, `tvd`) on a
///   numeric column with > 5 distinct values, or `z` / `fisher_exact` with > 2, are rejected.
///
/// # Errors
/// [`DriftError::NotComputable`] when either side has no finite value, or the chosen method
/// cannot be computed on these data (e.g. `anderson` on a constant column);
/// [`DriftError::InvalidOption`] for a rule of [`ColumnOptions::check`] (a threshold outside its
/// range, `n_bins` outside 2..=1000, `psi_seed` with a binning or bin count), a method that does
/// not apply to this column, or the threshold of the automatically chosen method outside its
/// range (p-values in [0, 1]).
pub fn numeric_drift(
    x: &[f64],
    y: &[f64],
    opts: &ColumnOptions,
) -> Result<ColumnDrift, DriftError> {
    numeric_drift_sorted(&sorted_finite(x), &sorted_finite(y), opts)
}

/// [`numeric_drift`] on samples that are already finite and sorted ascending (e.g. by
/// [`crate::stats::sorted_finite`]), so a caller that also needs the sorted values (charts,
/// quantiles) sorts each column once. Unsorted input gives wrong results (not checked in
/// release builds).
///
/// # Errors
/// As [`numeric_drift`].
pub fn numeric_drift_sorted(
    xs: &[f64],
    ys: &[f64],
    opts: &ColumnOptions,
) -> Result<ColumnDrift, DriftError> {
    numeric_suite(xs, ys, opts, Suite::Default)
}

/// [`numeric_drift_sorted`] computing **every** applicable method (`--tests all`, SPEC §3.3):
/// `ks`, `wasserstein`, `psi`, `psi_seed`, `jensenshannon`, `kl_div`, `hellinger`, `anderson`,
/// `cramer_von_mises`, `energy`, `t_test`, `mann_whitney`, and — for columns with at most 5
/// distinct values — the tests on category counts `chisquare`, `z`, `fisher_exact`, `g_test`,
/// `tvd`.
///
/// # Remarks
/// A method that cannot be computed on these data (e.g. `anderson` or `mann_whitney` when all
/// values are equal, `t_test` on constant equal samples, `cramer_von_mises` with fewer than 2
/// values on a side, the count tests on a column with many distinct values) is absent from
/// [`ColumnDrift::tests`] and listed with its reason in [`ColumnDrift::not_computable`]. The
/// verdict (method, score, threshold) is the same as [`numeric_drift_sorted`]'s. Input must be
/// finite and sorted ascending.
///
/// Cost: every method is one O(n₁ + n₂) pass over the sorted samples — about 0.2 s for all
/// of them on 1 000 000 + 1 000 000 values natively (`--release`; the `#[ignore]`d timing test
/// `all_methods_on_a_million_values_per_side` in `tests/properties.rs`), against 0.12 s for the
/// default set.
///
/// # Errors
/// As [`numeric_drift`].
pub fn numeric_drift_all(
    xs_sorted: &[f64],
    ys_sorted: &[f64],
    opts: &ColumnOptions,
) -> Result<ColumnDrift, DriftError> {
    numeric_suite(xs_sorted, ys_sorted, opts, Suite::All)
}

fn numeric_suite(
    xs: &[f64],
    ys: &[f64],
    opts: &ColumnOptions,
    suite: Suite,
) -> Result<ColumnDrift, DriftError> {
    debug_assert!(xs.windows(2).all(|w| w[0] <= w[1]) && xs.iter().all(|v| v.is_finite()));
    debug_assert!(ys.windows(2).all(|w| w[0] <= w[1]) && ys.iter().all(|v| v.is_finite()));
    if xs.is_empty() {
        return Err(DriftError::NotComputable(
            "reference has no non-missing values".into(),
        ));
    }
    if ys.is_empty() {
        return Err(DriftError::NotComputable(
            "production has no non-missing values".into(),
        ));
    }
    let (n_ref, n_prod) = (xs.len(), ys.len());
    let n_unique = count_distinct_pooled(xs, ys);
    let few = n_unique <= 5;
    let (method, threshold) = opts.numeric_choice(n_ref, n_unique)?;

    let mut c = Collector::new(suite, method);

    c.run(Method::Ks, true, || {
        let k = ks::ks_two_sample(xs, ys, ks::KsMode::Auto)?;
        let mode = match (k.mode_used, k.exact_unsuccessful) {
            (ks::KsMode::Exact, _) => "exact p-value",
            (_, true) => "asymptotic p-value (exact calculation unsuccessful)",
            _ => "asymptotic p-value",
        };
        let detail = format!(
            "{mode}; largest gap at {} (reference ECDF {} production)",
            crate::format::sig(k.location, 4),
            if k.sign > 0 { "above" } else { "below" }
        );
        Ok(make_result(
            Method::Ks,
            k.statistic,
            Some(k.p_value),
            None,
            Some(detail),
        ))
    });

    c.run(Method::Wasserstein, true, || {
        let w = wasserstein::normed(xs, ys)?;
        Ok(make_result(
            Method::Wasserstein,
            w.value,
            None,
            None,
            Some(format!(
                "W1 = {} divided by reference std {}",
                crate::format::sig(w.distance, 2),
                crate::format::sig(w.norm, 2)
            )),
        ))
    });

    c.run(Method::PsiSeed, true, || {
        let s = psi::psi_seed(xs, ys)?;
        let detail = format!(
            "10 equal-width bins over the reference range, {}",
            psi::psi_band(s.psi)
        );
        Ok(make_result(
            Method::PsiSeed,
            s.psi,
            None,
            Some(s.bins),
            Some(detail),
        ))
    });

    c.run(Method::Anderson, false, || {
        let r = anderson::anderson_ksamp(xs, ys)?;
        let bound = match r.bound {
            Some(anderson::PBound::Capped) => "; p capped at 0.25 (the true p-value is larger)",
            Some(anderson::PBound::Floored) => "; p floored at 0.001 (the true p-value is smaller)",
            None => "",
        };
        Ok(make_result(
            Method::Anderson,
            r.statistic,
            Some(r.p_value),
            None,
            Some(format!(
                "normalised midrank A²; p interpolated from the Scholz–Stephens table (0.001 to 0.25){bound}"
            )),
        ))
    });

    c.run(Method::CramerVonMises, false, || {
        let r = cramer_von_mises::cvm_two_sample(xs, ys, cramer_von_mises::CvmMode::Auto)?;
        let how = if r.mode_used == cramer_von_mises::CvmMode::Exact {
            "exact p-value"
        } else {
            "asymptotic p-value"
        };
        Ok(make_result(
            Method::CramerVonMises,
            r.statistic,
            Some(r.p_value),
            None,
            Some(how.into()),
        ))
    });

    c.run(Method::Energy, false, || {
        let e = energy::normed(xs, ys)?;
        Ok(scored_result(
            Method::Energy,
            e.distance,
            None,
            e.value,
            None,
            Some(format!(
                "energy distance {} divided by reference std {}",
                crate::format::sig(e.distance, 2),
                crate::format::sig(e.norm, 2)
            )),
        ))
    });

    c.run(Method::TTest, false, || {
        let t = t_test::welch(xs, ys)?;
        Ok(make_result(
            Method::TTest,
            t.statistic,
            Some(t.p_value),
            None,
            Some(format!(
                "Welch, df = {}; mean {} (reference) vs {} (production)",
                crate::format::sig(t.df, 3),
                crate::format::sig(t.mean_ref, 2),
                crate::format::sig(t.mean_prod, 2)
            )),
        ))
    });

    c.run(Method::MannWhitney, false, || {
        let r = mann_whitney::mann_whitney_u(xs, ys)?;
        let how = match r.method {
            mann_whitney::MwuMethod::Exact => "exact p-value",
            mann_whitney::MwuMethod::Asymptotic => {
                "normal approximation with tie and continuity correction"
            }
        };
        Ok(make_result(
            Method::MannWhitney,
            r.statistic,
            Some(r.p_value),
            None,
            Some(format!("U of the reference = {}; {how}", r.statistic)),
        ))
    });

    if few {
        let (values, rc, pc) = binning::unique_value_counts(xs, ys);
        category_tests(&rc, &pc, Some(&values), &mut c);
    } else {
        let b = binning::bin_counts(xs, ys, opts.binning, opts.bin_count());
        let (bins, what) = match b.bins {
            Bins::Cuts(cuts) => (
                cuts,
                match opts.binning {
                    Binning::EqualWidth => {
                        "equal-width bins over the reference range, outer bins open"
                    }
                    _ => "bins at reference quantiles, outer bins open",
                },
            ),
            Bins::Edges(edges) => (edges, "Sturges bins over the pooled range"),
        };
        let shares = Shares {
            rc: &b.ref_counts,
            pc: &b.prod_counts,
            bins: Some(&bins),
            made_by: MadeBy::Binning(what),
        };
        shares_tests(&shares, &mut c);
        for &m in Method::ALL.iter().filter(|m| m.on_counts()) {
            c.run(m, false, || {
                Err(DriftError::NotComputable(format!(
                    "a test on category counts: it needs a categorical column or a numeric one with at most 5 distinct values (this one has {n_unique})"
                )))
            });
        }
    }

    finish(n_ref, n_prod, method, threshold, c)
}

/// Drift verdict of a categorical (or boolean) column from its counts per category.
///
/// `ref_counts` and `prod_counts` are aligned over the union of categories (a category may
/// have 0 on one side). Pass the categories in byte order (as the report does): the Z-test's
/// and Fisher's "success" is the second category (e.g. `"true"` of `false`/`true`, `"1"` of
/// `0`/`1`).
///
/// # Remarks
/// - Categories with 0 on both sides are ignored.
/// - Method: `opts.method`, else [`auto_method`](crate::drift::auto_method)`(false, n_ref, k)` with k the number of
///   categories seen.
/// - Always computed: `psi` and `jensenshannon` on the category shares, `chisquare`
///   (homogeneity, k − 1 dof); `z` when k ≤ 2 (k = 1 gives z = 0, p = 1); plus the chosen
///   method.
///
/// # Errors
/// [`DriftError::NotComputable`] when either side has no values;
/// [`DriftError::InvalidOption`] for count vectors of different lengths, a rule of
/// [`ColumnOptions::check`], a numeric-only method, `z` / `fisher_exact` with more than 2
/// categories, the threshold of the automatically chosen method outside its range, or a
/// binning / bin count (they apply to numeric columns only).
pub fn categorical_drift(
    ref_counts: &[u64],
    prod_counts: &[u64],
    opts: &ColumnOptions,
) -> Result<ColumnDrift, DriftError> {
    categorical_suite(ref_counts, prod_counts, opts, Suite::Default)
}

/// [`categorical_drift`] computing **every** applicable method (`--tests all`): `psi`,
/// `jensenshannon`, `kl_div`, `hellinger`, `chisquare`, `z`, `fisher_exact`, `g_test`, `tvd`.
///
/// # Remarks
/// `z` and `fisher_exact` need at most 2 categories: with more they are absent from
/// [`ColumnDrift::tests`] and listed with their reason in [`ColumnDrift::not_computable`]. The
/// verdict is the same as [`categorical_drift`]'s.
///
/// # Errors
/// As [`categorical_drift`].
pub fn categorical_drift_all(
    ref_counts: &[u64],
    prod_counts: &[u64],
    opts: &ColumnOptions,
) -> Result<ColumnDrift, DriftError> {
    categorical_suite(ref_counts, prod_counts, opts, Suite::All)
}

fn categorical_suite(
    ref_counts: &[u64],
    prod_counts: &[u64],
    opts: &ColumnOptions,
    suite: Suite,
) -> Result<ColumnDrift, DriftError> {
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
        return Err(DriftError::NotComputable(
            "reference has no non-missing values".into(),
        ));
    }
    if n_prod == 0 {
        return Err(DriftError::NotComputable(
            "production has no non-missing values".into(),
        ));
    }
    let (method, threshold) = opts.categorical_choice(n_ref as usize, rc.len())?;
    let mut c = Collector::new(suite, method);
    category_tests(&rc, &pc, None, &mut c);
    finish(n_ref as usize, n_prod as usize, method, threshold, c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok<T>(r: Result<T, DriftError>) -> T {
        r.unwrap_or_else(|e| panic!("{e}"))
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
        assert!(matches!(
            numeric_drift(&[], &[1.0], &o),
            Err(DriftError::NotComputable(_))
        ));
        assert!(matches!(
            numeric_drift(&[f64::NAN], &[1.0], &o),
            Err(DriftError::NotComputable(_))
        ));
        assert!(matches!(
            numeric_drift(&[1.0], &[], &o),
            Err(DriftError::NotComputable(_))
        ));
        assert!(matches!(
            categorical_drift(&[0, 0], &[1, 2], &o),
            Err(DriftError::NotComputable(_))
        ));
        assert!(matches!(
            categorical_drift(&[], &[], &o),
            Err(DriftError::NotComputable(_))
        ));
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
        let bad = |o: ColumnOptions| {
            matches!(numeric_drift(&x, &x, &o), Err(DriftError::InvalidOption(_)))
        };
        assert!(bad(ColumnOptions {
            method: Some(Method::Chisquare),
            ..Default::default()
        }));
        assert!(bad(ColumnOptions {
            method: Some(Method::Z),
            ..Default::default()
        }));
        assert!(bad(ColumnOptions {
            threshold: Some(2.0),
            ..Default::default()
        }));
        assert!(bad(ColumnOptions {
            threshold: Some(f64::NAN),
            ..Default::default()
        }));
        assert!(bad(ColumnOptions {
            n_bins: Some(0),
            ..Default::default()
        }));
        let o = ColumnOptions {
            method: Some(Method::Ks),
            ..Default::default()
        };
        assert!(matches!(
            categorical_drift(&[1, 2], &[2, 1], &o),
            Err(DriftError::InvalidOption(_))
        ));
        let o = ColumnOptions {
            method: Some(Method::Z),
            ..Default::default()
        };
        assert!(matches!(
            categorical_drift(&[1, 2, 3], &[2, 1, 3], &o),
            Err(DriftError::InvalidOption(_))
        ));
        assert!(matches!(
            categorical_drift(&[1, 2], &[2], &ColumnOptions::default()),
            Err(DriftError::InvalidOption(_))
        ));
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
            all_tests: false,
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
        let d = ok(categorical_drift(
            &[50, 50],
            &[80, 20],
            &ColumnOptions::default(),
        ));
        assert_eq!(d.method, Method::Z);
        assert!(d.drifted);
        assert!(d.reason.starts_with("Z-test p = "), "{}", d.reason);
        assert!(d.tests.contains_key("chisquare"));
        // z² equals the 2×2 χ² statistic.
        let z = d.tests["z"].statistic;
        assert!((z * z - d.tests["chisquare"].statistic).abs() < 1e-9);
        let d = ok(categorical_drift(
            &[10, 10, 10, 0],
            &[10, 10, 10, 0],
            &ColumnOptions::default(),
        ));
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
        assert_eq!(
            reason(Method::Ks, 3.1e-10, 0.05, true),
            "KS p = 3.1e-10 ≤ 0.05: drift"
        );
        assert_eq!(
            reason(Method::Psi, 0.31, 0.1, true),
            "PSI 0.31 ≥ 0.1: significant shift"
        );
        assert_eq!(
            reason(Method::Psi, 0.15, 0.1, true),
            "PSI 0.15 ≥ 0.1: moderate shift"
        );
        assert_eq!(
            reason(Method::Psi, 0.05, 0.1, false),
            "PSI 0.05 < 0.1: stable"
        );
        assert_eq!(
            reason(Method::Wasserstein, 0.04, 0.1, false),
            "Wasserstein (normed) 0.04 < 0.1: stable"
        );
        assert_eq!(
            reason(Method::Chisquare, 0.2, 0.05, false),
            "χ² p = 0.2 ≥ 0.05: stable"
        );
        assert_eq!(
            reason(Method::Ks, 0.0504, 0.05, false),
            "KS p = 0.0504 > 0.05: stable"
        );
        assert_eq!(
            reason(Method::Psi, 0.0996, 0.1, false),
            "PSI 0.0996 < 0.1: stable"
        );
        assert_eq!(crate::format::sig(1.0, 2), "1");
        assert_eq!(crate::format::sig(824.158, 2), "824");
        assert_eq!(crate::format::sig(12345.0, 2), "1.2e4");
    }

    #[test]
    fn default_set_is_unchanged_and_all_adds_every_numeric_method() {
        let x: Vec<f64> = (0..300).map(|i| f64::from(i) * 0.5).collect();
        let y: Vec<f64> = (0..250).map(|i| f64::from(i) * 0.5 + 20.0).collect();
        let d = ok(numeric_drift_sorted(&x, &y, &ColumnOptions::default()));
        let keys: Vec<&str> = d.tests.keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            vec!["jensenshannon", "ks", "psi", "psi_seed", "wasserstein"]
        );
        assert!(d.not_computable.is_empty());
        let a = ok(numeric_drift_all(&x, &y, &ColumnOptions::default()));
        assert_eq!(
            (a.method, a.score, a.drifted),
            (d.method, d.score, d.drifted)
        );
        for m in Method::ALL.iter().filter(|m| m.for_numeric()) {
            assert!(a.tests.contains_key(m.id()), "{}", m.id());
        }
        for m in Method::ALL.iter().filter(|m| m.on_counts()) {
            assert!(
                a.not_computable[m.id()].contains("at most 5 distinct values"),
                "{}",
                m.id()
            );
        }
        // Energy: raw distance as statistic, normed score.
        let e = &a.tests["energy"];
        assert!(
            e.score > e.statistic / 100.0
                && (e.score - e.statistic / crate::stats::std_dev(&x, 0)).abs() < 1e-12
        );
        assert!(a.tests["t_test"]
            .detail
            .as_deref()
            .is_some_and(|s| s.contains("df = ")));
        // JSON: not_computable is written only when non-empty.
        let json = serde_json::to_string(&d).unwrap_or_default();
        assert!(!json.contains("not_computable"));
        let json = serde_json::to_string(&a).unwrap_or_default();
        assert!(json.contains("not_computable"));
    }

    #[test]
    fn few_valued_numeric_columns_get_the_count_tests_too() {
        let x = sorted_finite(&(0..100).map(|i| f64::from(i % 2)).collect::<Vec<_>>());
        let y = sorted_finite(
            &(0..80)
                .map(|i| f64::from(u8::from(i % 3 == 0)))
                .collect::<Vec<_>>(),
        );
        let a = ok(numeric_drift_all(&x, &y, &ColumnOptions::default()));
        for id in [
            "chisquare",
            "z",
            "fisher_exact",
            "g_test",
            "tvd",
            "kl_div",
            "hellinger",
            "anderson",
            "mann_whitney",
        ] {
            assert!(a.tests.contains_key(id), "{id}");
        }
        assert_eq!(a.tests["tvd"].bins.as_deref(), Some(&[0.0, 1.0][..]));
        // Three values: z and fisher are not computable, with a reason.
        let y3: Vec<f64> = (0..80).map(|i| f64::from(i % 3)).collect();
        let mut y3s = y3.clone();
        y3s.sort_by(f64::total_cmp);
        let a = ok(numeric_drift_all(&x, &y3s, &ColumnOptions::default()));
        assert!(
            a.not_computable.contains_key("z") && a.not_computable.contains_key("fisher_exact")
        );
    }

    #[test]
    fn constant_columns_list_the_rank_tests_as_not_computable() {
        let x = vec![7.0; 30];
        let a = ok(numeric_drift_all(&x, &x, &ColumnOptions::default()));
        for id in ["anderson", "mann_whitney", "t_test"] {
            assert!(a.not_computable.contains_key(id), "{id}");
            assert!(!a.tests.contains_key(id), "{id}");
        }
        assert_eq!(a.tests["energy"].statistic, 0.0);
        assert_eq!(a.tests["cramer_von_mises"].score, 1.0);
        // Choosing a method that cannot be computed makes the column not computable.
        let o = ColumnOptions {
            method: Some(Method::Anderson),
            ..Default::default()
        };
        assert!(
            matches!(numeric_drift(&x, &x, &o), Err(DriftError::NotComputable(r)) if r.contains("distinct"))
        );
    }

    #[test]
    fn every_method_can_be_chosen_with_its_own_threshold() {
        let x: Vec<f64> = (0..200)
            .map(|i| (f64::from(i) * 0.37).sin() * 10.0)
            .collect();
        let y: Vec<f64> = (0..150)
            .map(|i| (f64::from(i) * 0.41).sin() * 12.0 + 1.0)
            .collect();
        let (xs, ys) = (sorted_finite(&x), sorted_finite(&y));
        for &m in Method::ALL.iter().filter(|m| m.for_numeric()) {
            for binning in [
                Binning::RefDeciles,
                Binning::EqualWidth,
                Binning::SturgesCombined,
            ] {
                if m == Method::PsiSeed && binning != Binning::RefDeciles {
                    continue;
                }
                let t = if m.is_p_value() { 0.2 } else { 0.3 };
                let n_bins = if m == Method::PsiSeed { None } else { Some(7) };
                let o = ColumnOptions {
                    method: Some(m),
                    threshold: Some(t),
                    binning,
                    n_bins,
                    all_tests: false,
                };
                let d = ok(numeric_drift_sorted(&xs, &ys, &o));
                assert_eq!((d.method, d.threshold), (m, t), "{}", m.id());
                assert_eq!(d.tests[m.id()].threshold, t);
                assert_eq!(d.drifted, m.direction().drifted(d.score, t), "{}", m.id());
                assert!(
                    !d.reason.is_empty() && !d.reason.contains("not computable"),
                    "{}",
                    d.reason
                );
                if m.is_binned() && binning != Binning::SturgesCombined {
                    // 7 bins → at most 6 cut points.
                    assert!(
                        d.tests[m.id()].bins.as_ref().is_some_and(|b| b.len() <= 6),
                        "{}: {:?}",
                        m.id(),
                        d.tests[m.id()].bins
                    );
                }
            }
        }
        for &m in Method::ALL.iter().filter(|m| m.for_categorical()) {
            let t = if m.is_p_value() { 0.2 } else { 0.3 };
            let o = ColumnOptions {
                method: Some(m),
                threshold: Some(t),
                ..Default::default()
            };
            let d = ok(categorical_drift(&[40, 60], &[55, 45], &o));
            assert_eq!((d.method, d.threshold), (m, t));
            assert_eq!(d.drifted, m.direction().drifted(d.score, t), "{}", m.id());
            // Numeric column with 2 distinct values: every count test applies too.
            let xs: Vec<f64> = (0..100).map(|i| f64::from(u8::from(i >= 40))).collect();
            let ys: Vec<f64> = (0..100).map(|i| f64::from(u8::from(i >= 55))).collect();
            let d = ok(numeric_drift_sorted(&xs, &ys, &o));
            assert_eq!(d.method, m);
        }
    }

    #[test]
    fn invalid_combinations_are_explained() {
        let x: Vec<f64> = (0..30).map(f64::from).collect();
        let err = |o: ColumnOptions| match numeric_drift(&x, &x, &o) {
            Err(DriftError::InvalidOption(m)) => m,
            other => panic!("expected InvalidOption, got {other:?}"),
        };
        assert!(err(ColumnOptions {
            method: Some(Method::Tvd),
            ..Default::default()
        })
        .contains("at most 5 distinct values"));
        assert!(err(ColumnOptions {
            method: Some(Method::GTest),
            ..Default::default()
        })
        .contains("g_test"));
        assert!(err(ColumnOptions {
            method: Some(Method::PsiSeed),
            n_bins: Some(20),
            ..Default::default()
        })
        .contains("psi_seed"));
        assert!(err(ColumnOptions {
            method: Some(Method::PsiSeed),
            binning: Binning::EqualWidth,
            ..Default::default()
        })
        .contains("psi_seed"));
        assert!(err(ColumnOptions {
            method: Some(Method::Energy),
            threshold: Some(-1.0),
            ..Default::default()
        })
        .contains("threshold"));
        assert!(err(ColumnOptions {
            method: Some(Method::Anderson),
            threshold: Some(1.5),
            ..Default::default()
        })
        .contains("threshold"));
        let few: Vec<f64> = (0..30).map(|i| f64::from(i % 3)).collect();
        let m = match numeric_drift(
            &few,
            &few,
            &ColumnOptions {
                method: Some(Method::FisherExact),
                ..Default::default()
            },
        ) {
            Err(DriftError::InvalidOption(m)) => m,
            other => panic!("{other:?}"),
        };
        assert!(m.contains("at most 2 distinct values"), "{m}");
        let cat = |o: ColumnOptions| categorical_drift(&[1, 2, 3], &[3, 2, 1], &o);
        assert!(matches!(
            cat(ColumnOptions {
                method: Some(Method::FisherExact),
                ..Default::default()
            }),
            Err(DriftError::InvalidOption(_))
        ));
        assert!(matches!(
            cat(ColumnOptions {
                method: Some(Method::Anderson),
                ..Default::default()
            }),
            Err(DriftError::InvalidOption(_))
        ));
        assert!(matches!(
            cat(ColumnOptions {
                n_bins: Some(4),
                ..Default::default()
            }),
            Err(DriftError::InvalidOption(_))
        ));
        assert!(matches!(
            cat(ColumnOptions {
                binning: Binning::SturgesCombined,
                ..Default::default()
            }),
            Err(DriftError::InvalidOption(_))
        ));
        // Sturges ignores n_bins (documented), it is not an error.
        assert!(numeric_drift(
            &x,
            &x,
            &ColumnOptions {
                binning: Binning::SturgesCombined,
                n_bins: Some(3),
                ..Default::default()
            }
        )
        .is_ok());
    }

    #[test]
    fn categorical_all_lists_fisher_and_z_as_not_computable_beyond_two_categories() {
        let d = ok(categorical_drift_all(
            &[10, 20, 30],
            &[30, 20, 10],
            &ColumnOptions::default(),
        ));
        for id in [
            "psi",
            "jensenshannon",
            "kl_div",
            "hellinger",
            "chisquare",
            "g_test",
            "tvd",
        ] {
            assert!(d.tests.contains_key(id), "{id}");
        }
        assert!(d.not_computable["fisher_exact"].contains("at most 2 categories"));
        assert!(d.not_computable.contains_key("z"));
        // golden pair06 only_true_in_ref: false/true = [0, 300] vs [79, 171] → table [[300, 0], [171, 79]].
        let d = ok(categorical_drift_all(
            &[0, 300],
            &[79, 171],
            &ColumnOptions::default(),
        ));
        assert_eq!(d.tests["fisher_exact"].statistic, f64::INFINITY);
        assert!(d.tests["fisher_exact"].drifted);
        assert!(d.not_computable.is_empty());
    }

    #[test]
    fn new_reasons_read_as_plain_words() {
        assert_eq!(
            reason(Method::Anderson, 0.001, 0.05, true),
            "Anderson–Darling p = 0.001 < 0.05: drift"
        );
        assert_eq!(
            reason(Method::Tvd, 0.05, 0.1, false),
            "TVD 0.05 < 0.1: stable"
        );
        assert_eq!(
            reason(Method::Energy, 0.5, 0.1, true),
            "Energy distance (normed) 0.5 ≥ 0.1: drift"
        );
        assert_eq!(
            reason(Method::FisherExact, 0.3, 0.05, false),
            "Fisher p = 0.3 ≥ 0.05: stable"
        );
    }
}
