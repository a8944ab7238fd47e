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
    /// The chosen method only (drift per chunk: one score each).
    Chosen,
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
        let wanted = match self.suite {
            Suite::All => true,
            Suite::Default => in_default || m == self.chosen,
            Suite::Chosen => m == self.chosen,
        };
        if !wanted {
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

mod categorical;
mod numeric;

pub use categorical::{categorical_drift, categorical_drift_all, categorical_drift_chosen};
pub use numeric::{numeric_drift, numeric_drift_all, numeric_drift_chosen, numeric_drift_sorted};

#[cfg(test)]
mod tests {
    use super::*;

    fn ok<T>(r: Result<T, DriftError>) -> T {
        r.unwrap_or_else(|e| panic!("{e}"))
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
