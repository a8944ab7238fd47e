//! Property tests of the drift statistics (proptest): identities and ranges that must hold for
//! every input, not just the golden vectors.
#![cfg(not(target_arch = "wasm32"))]

mod util;

use driftcard::drift::{
    binning, jensenshannon, ks, numeric_drift, psi, wasserstein, z_test, chi_square, categorical_drift, ColumnOptions,
};
use driftcard::stats::sorted_finite;
use proptest::prelude::*;
use util::{close, ABS_PROPERTY, REL_PROPERTY};

/// Samples with plenty of ties (small integers scaled) or continuous values.
fn sample(max_len: usize) -> impl Strategy<Value = Vec<f64>> {
    prop_oneof![
        prop::collection::vec((-20i32..20).prop_map(|v| f64::from(v) * 0.5), 1..max_len),
        prop::collection::vec(-1e3f64..1e3, 1..max_len),
    ]
}

fn sorted(v: &[f64]) -> Vec<f64> {
    sorted_finite(v)
}

/// A deterministic permutation (reverse interleave) to test order invariance.
fn shuffled(v: &[f64]) -> Vec<f64> {
    let mut out: Vec<f64> = v.iter().rev().copied().collect();
    let n = out.len();
    if n > 2 {
        out.rotate_left(n / 3);
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn ks_of_a_sample_with_itself_is_zero_with_p_one(x in sample(60)) {
        let xs = sorted(&x);
        for mode in [ks::KsMode::Auto, ks::KsMode::Exact, ks::KsMode::Asymp] {
            let r = ks::ks_two_sample(&xs, &xs, mode).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(r.statistic, 0.0);
            prop_assert_eq!(r.p_value, 1.0);
        }
    }

    #[test]
    fn ks_statistic_and_p_values_stay_in_the_unit_interval(x in sample(80), y in sample(80)) {
        let (xs, ys) = (sorted(&x), sorted(&y));
        for mode in [ks::KsMode::Auto, ks::KsMode::Exact, ks::KsMode::Asymp] {
            let r = ks::ks_two_sample(&xs, &ys, mode).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert!((0.0..=1.0).contains(&r.statistic), "D = {}", r.statistic);
            prop_assert!((0.0..=1.0).contains(&r.p_value), "{:?}: p = {}", mode, r.p_value);
            prop_assert!(r.sign == 1 || r.sign == -1);
        }
    }

    #[test]
    fn ks_is_symmetric_in_its_samples(x in sample(50), y in sample(50)) {
        let (xs, ys) = (sorted(&x), sorted(&y));
        let a = ks::ks_two_sample(&xs, &ys, ks::KsMode::Auto).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let b = ks::ks_two_sample(&ys, &xs, ks::KsMode::Auto).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert!(close(a.statistic, b.statistic, REL_PROPERTY, ABS_PROPERTY));
        prop_assert!(close(a.p_value, b.p_value, REL_PROPERTY, ABS_PROPERTY), "{} vs {}", a.p_value, b.p_value);
    }

    #[test]
    fn other_p_values_stay_in_the_unit_interval(
        a in prop::collection::vec(0u64..50, 1..8),
        b in prop::collection::vec(0u64..50, 1..8),
        s1 in 0u64..40, n1 in 40u64..90, s2 in 0u64..40, n2 in 40u64..90,
    ) {
        let k = a.len().min(b.len());
        if let Ok(r) = chi_square::chi2_contingency(&a[..k], &b[..k]) {
            prop_assert!((0.0..=1.0).contains(&r.p_value), "chi2 p = {}", r.p_value);
            prop_assert!(r.statistic >= 0.0);
        }
        let z = z_test::two_proportion(s1, n1, s2, n2).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert!((0.0..=1.0).contains(&z.p_value), "z p = {}", z.p_value);
    }

    #[test]
    fn psi_is_non_negative_and_zero_for_identical_samples(x in sample(80), y in sample(80)) {
        let (xs, ys) = (sorted(&x), sorted(&y));
        let cuts = binning::ref_deciles_cuts(&xs);
        let (rc, pc) = (binning::counts_by_cuts(&xs, &cuts), binning::counts_by_cuts(&ys, &cuts));
        let v = psi::psi_from_counts(&rc, &pc).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert!(v >= 0.0, "PSI = {}", v);
        prop_assert_eq!(psi::psi_from_counts(&rc, &rc).map_err(|e| TestCaseError::fail(e.to_string()))?, 0.0);
        let seed = psi::psi_seed(&xs, &xs).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(seed.psi, 0.0);
        let seed = psi::psi_seed(&xs, &ys).map_err(|e| TestCaseError::fail(e.to_string()))?;
        // Every term (c − r)·ln(c/r) is ≥ 0, even though production shares may sum to < 1.
        prop_assert!(seed.psi >= 0.0, "seed PSI = {}", seed.psi);
    }

    #[test]
    fn js_distance_is_bounded_and_zero_for_identical_samples(x in sample(80), y in sample(80)) {
        let (xs, ys) = (sorted(&x), sorted(&y));
        let e = binning::sturges_edges(&xs, &ys);
        let (rc, pc) = (binning::counts_by_edges(&xs, &e), binning::counts_by_edges(&ys, &e));
        let js = jensenshannon::js_distance_from_counts(&rc, &pc).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert!((0.0..=std::f64::consts::LN_2.sqrt() + 1e-12).contains(&js), "JS = {}", js);
        prop_assert_eq!(jensenshannon::js_distance_from_counts(&rc, &rc).map_err(|e| TestCaseError::fail(e.to_string()))?, 0.0);
    }

    #[test]
    fn wasserstein_of_a_shift_is_the_shift(x in sample(60), c in -50.0f64..50.0) {
        let xs = sorted(&x);
        let ys: Vec<f64> = xs.iter().map(|v| v + c).collect();
        let w = wasserstein::wasserstein_distance(&xs, &ys).map_err(|e| TestCaseError::fail(e.to_string()))?;
        // Rounding of v + c perturbs each value by up to one ulp of the largest magnitude.
        let scale = xs.iter().fold(c.abs(), |m, v| m.max(v.abs()));
        prop_assert!(close(w, c.abs(), REL_PROPERTY, ABS_PROPERTY + scale * 1e-13), "W = {} vs |c| = {}", w, c.abs());
        let n = wasserstein::normed(&xs, &ys).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert!(close(n.value, w / n.norm, REL_PROPERTY, ABS_PROPERTY));
        prop_assert!(n.norm >= wasserstein::NORM_FLOOR);
    }

    #[test]
    fn wasserstein_is_symmetric_and_zero_on_itself(x in sample(60), y in sample(60)) {
        let (xs, ys) = (sorted(&x), sorted(&y));
        let a = wasserstein::wasserstein_distance(&xs, &ys).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let b = wasserstein::wasserstein_distance(&ys, &xs).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert!(close(a, b, REL_PROPERTY, ABS_PROPERTY));
        prop_assert_eq!(wasserstein::wasserstein_distance(&xs, &xs).map_err(|e| TestCaseError::fail(e.to_string()))?, 0.0);
    }

    #[test]
    fn column_verdicts_do_not_depend_on_row_order(x in sample(70), y in sample(70)) {
        let o = ColumnOptions::default();
        let a = numeric_drift(&x, &y, &o).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let b = numeric_drift(&shuffled(&x), &shuffled(&y), &o).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(a, b);
    }

    #[test]
    fn categorical_verdicts_do_not_depend_on_category_order(
        a in prop::collection::vec(0u64..30, 1..6),
        b in prop::collection::vec(0u64..30, 1..6),
    ) {
        let k = a.len().min(b.len());
        let (a, b) = (&a[..k], &b[..k]);
        let o = ColumnOptions::default();
        let (Ok(d1), Ok(d2)) = (
            categorical_drift(a, b, &o),
            categorical_drift(&a.iter().rev().copied().collect::<Vec<_>>(), &b.iter().rev().copied().collect::<Vec<_>>(), &o),
        ) else {
            return Ok(());
        };
        prop_assert_eq!(d1.method, d2.method);
        for id in ["psi", "jensenshannon", "chisquare"] {
            prop_assert!(close(d1.tests[id].statistic, d2.tests[id].statistic, REL_PROPERTY, ABS_PROPERTY), "{}", id);
        }
        // The Z-test's z flips sign with the success category; its p-value does not.
        if let (Some(z1), Some(z2)) = (d1.tests.get("z"), d2.tests.get("z")) {
            prop_assert!(close(z1.score, z2.score, REL_PROPERTY, ABS_PROPERTY));
        }
    }
}
