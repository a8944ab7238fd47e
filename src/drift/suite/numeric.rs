//! The suite of a numeric column: the tests on its sorted values, the methods on shares over
//! its [`Binning`](super::Binning), and the count tests when it has at most 5 distinct values.

use super::*;

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

/// [`numeric_drift_sorted`] computing only the chosen method (its verdict is the same; the
/// other tests are absent): one score per chunk for the drift over time.
///
/// # Errors
/// As [`numeric_drift`].
pub fn numeric_drift_chosen(
    xs_sorted: &[f64],
    ys_sorted: &[f64],
    opts: &ColumnOptions,
) -> Result<ColumnDrift, DriftError> {
    numeric_suite(xs_sorted, ys_sorted, opts, Suite::Chosen)
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
    // One score per chunk needs only to know whether there are more than 5 distinct values
    // (the method is given; the count is shown nowhere): stop counting at 6.
    let n_unique = if suite == Suite::Chosen {
        crate::stats::count_distinct_pooled_up_to(xs, ys, 6)
    } else {
        count_distinct_pooled(xs, ys)
    };
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
    } else if suite != Suite::Chosen || method.is_binned() {
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
}
