//! The suite of a categorical column: the methods on shares with one bin per category and the
//! tests on category counts.

use super::*;

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

/// [`categorical_drift`] computing only the chosen method (see
/// [`super::numeric_drift_chosen`]).
///
/// # Errors
/// As [`categorical_drift`].
pub fn categorical_drift_chosen(
    ref_counts: &[u64],
    prod_counts: &[u64],
    opts: &ColumnOptions,
) -> Result<ColumnDrift, DriftError> {
    categorical_suite(ref_counts, prod_counts, opts, Suite::Chosen)
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
}
