//! Property tests of the drift statistics (proptest): identities and ranges that must hold for
//! every input, not just the golden vectors.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::{close, ABS_PROPERTY, REL_INPUT_ROUNDING, REL_PROPERTY};
use driftcard::drift::{
    anderson, binning, categorical_drift, categorical_drift_all, chi_square, cramer_von_mises,
    energy, fisher_exact, g_test, hellinger, jensenshannon, kl_div, ks, mann_whitney,
    numeric_drift, numeric_drift_all, psi, t_test, tvd, wasserstein, z_test, Binning, ColumnDrift,
    ColumnOptions, Method,
};
use driftcard::stats::sorted_finite;
use proptest::prelude::*;

/// Every computed test of an all-methods result: p-values in [0, 1], the score/verdict rule,
/// and the range of each bounded statistic.
fn check_ranges(cd: &ColumnDrift) -> Result<(), TestCaseError> {
    for (id, t) in &cd.tests {
        if let Some(p) = t.p_value {
            prop_assert!((0.0..=1.0).contains(&p), "{}: p = {}", id, p);
        }
        prop_assert_eq!(
            t.p_value.is_some(),
            t.method.is_p_value(),
            "{}: p-value presence",
            id
        );
        prop_assert_eq!(
            t.drifted,
            t.method.direction().drifted(t.score, t.threshold),
            "{}: verdict",
            id
        );
        match t.method {
            Method::Tvd | Method::Hellinger => prop_assert!(
                (0.0..=1.0 + ABS_PROPERTY).contains(&t.statistic),
                "{}: {}",
                id,
                t.statistic
            ),
            Method::KlDiv
            | Method::Energy
            | Method::Psi
            | Method::Jensenshannon
            | Method::GTest
            | Method::Chisquare => {
                prop_assert!(t.statistic >= 0.0, "{}: {}", id, t.statistic)
            }
            _ => {}
        }
    }
    // A method is computed or explained, never both.
    for id in cd.not_computable.keys() {
        prop_assert!(
            !cd.tests.contains_key(id),
            "{} both computed and not computable",
            id
        );
    }
    Ok(())
}

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
        prop_assert!((0.0..=std::f64::consts::LN_2.sqrt() + ABS_PROPERTY).contains(&js), "JS = {}", js);
        prop_assert_eq!(jensenshannon::js_distance_from_counts(&rc, &rc).map_err(|e| TestCaseError::fail(e.to_string()))?, 0.0);
    }

    #[test]
    fn wasserstein_of_a_shift_is_the_shift(x in sample(60), c in -50.0f64..50.0) {
        let xs = sorted(&x);
        let ys: Vec<f64> = xs.iter().map(|v| v + c).collect();
        let w = wasserstein::wasserstein_distance(&xs, &ys).map_err(|e| TestCaseError::fail(e.to_string()))?;
        // Rounding of v + c perturbs each value by up to one ulp of the largest magnitude.
        let scale = xs.iter().fold(c.abs(), |m, v| m.max(v.abs()));
        prop_assert!(close(w, c.abs(), REL_PROPERTY, ABS_PROPERTY + scale * REL_INPUT_ROUNDING), "W = {} vs |c| = {}", w, c.abs());
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

    #[test]
    fn every_p_value_of_every_numeric_method_is_in_the_unit_interval(x in sample(60), y in sample(60)) {
        let (xs, ys) = (sorted(&x), sorted(&y));
        for binning in [Binning::RefDeciles, Binning::EqualWidth, Binning::SturgesCombined] {
            let o = ColumnOptions { binning, ..ColumnOptions::default() };
            let cd = numeric_drift_all(&xs, &ys, &o).map_err(|e| TestCaseError::fail(e.to_string()))?;
            check_ranges(&cd)?;
        }
        // The p-value functions directly, in every mode.
        for mode in [cramer_von_mises::CvmMode::Auto, cramer_von_mises::CvmMode::Asymptotic] {
            if let Ok(r) = cramer_von_mises::cvm_two_sample(&xs, &ys, mode) {
                prop_assert!((0.0..=1.0).contains(&r.p_value), "cvm {:?}: {}", mode, r.p_value);
                prop_assert!(r.statistic >= -ABS_PROPERTY, "cvm T = {}", r.statistic);
            }
        }
        if let Ok(r) = anderson::anderson_ksamp(&xs, &ys) {
            prop_assert!((0.001..=0.25).contains(&r.p_value), "AD p = {}", r.p_value);
        }
        if let Ok(r) = mann_whitney::mann_whitney_u(&xs, &ys) {
            prop_assert!((0.0..=1.0).contains(&r.p_value), "MWU p = {}", r.p_value);
            prop_assert!((0.0..=(xs.len() * ys.len()) as f64).contains(&r.statistic), "U = {}", r.statistic);
        }
        if let Ok(r) = t_test::welch(&x, &y) {
            prop_assert!((0.0..=1.0).contains(&r.p_value), "t p = {}", r.p_value);
        }
    }

    #[test]
    fn small_samples_use_exact_p_values_in_the_unit_interval(x in prop::collection::vec(-1e3f64..1e3, 2..9), y in prop::collection::vec(-1e3f64..1e3, 2..21)) {
        let (xs, ys) = (sorted(&x), sorted(&y));
        let cd = numeric_drift_all(&xs, &ys, &ColumnOptions::default()).map_err(|e| TestCaseError::fail(e.to_string()))?;
        check_ranges(&cd)?;
        let r = cramer_von_mises::cvm_two_sample(&xs, &ys, cramer_von_mises::CvmMode::Exact).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert!((0.0..=1.0).contains(&r.p_value) && r.p_value > 0.0, "exact CvM p = {}", r.p_value);
    }

    #[test]
    fn every_p_value_of_every_categorical_method_is_in_the_unit_interval(
        a in prop::collection::vec(0u64..60, 1..7),
        b in prop::collection::vec(0u64..60, 1..7),
    ) {
        let k = a.len().min(b.len());
        let Ok(cd) = categorical_drift_all(&a[..k], &b[..k], &ColumnOptions::default()) else {
            return Ok(());
        };
        check_ranges(&cd)?;
        let kk = a[..k].iter().zip(&b[..k]).filter(|(x, y)| **x + **y > 0).count();
        prop_assert_eq!(cd.tests.contains_key("fisher_exact"), kk <= 2);
        prop_assert_eq!(cd.not_computable.contains_key("fisher_exact"), kk > 2);
    }

    #[test]
    fn fisher_p_is_in_the_unit_interval_and_symmetric(a in 0u64..40, b in 0u64..40, c in 0u64..40, d in 0u64..40) {
        let r = fisher_exact::fisher_exact_2x2([[a, b], [c, d]]);
        prop_assert!((0.0..=1.0).contains(&r.p_value), "p = {}", r.p_value);
        // Swapping the rows, or the columns, or transposing does not change the two-sided p-value.
        for t in [[[c, d], [a, b]], [[b, a], [d, c]], [[a, c], [b, d]]] {
            let q = fisher_exact::fisher_exact_2x2(t).p_value;
            prop_assert!(close(q, r.p_value, REL_PROPERTY, ABS_PROPERTY), "{:?}: {} vs {}", t, q, r.p_value);
        }
    }

    #[test]
    fn energy_distance_is_zero_on_itself_symmetric_and_matches_the_pair_formula(x in sample(25), y in sample(25)) {
        let (xs, ys) = (sorted(&x), sorted(&y));
        let fail = |e: driftcard::drift::DriftError| TestCaseError::fail(e.to_string());
        prop_assert_eq!(energy::energy_distance(&xs, &xs).map_err(fail)?, 0.0);
        let a = energy::energy_distance(&xs, &ys).map_err(fail)?;
        let b = energy::energy_distance(&ys, &xs).map_err(fail)?;
        prop_assert!(close(a, b, REL_PROPERTY, ABS_PROPERTY), "{} vs {}", a, b);
        // D² = 2E|X−Y| − E|X−X′| − E|Y−Y′| (O(n²) definition; the pair sums cancel, so the
        // absolute tolerance scales with their size).
        let mean_abs = |u: &[f64], v: &[f64]| {
            let s: f64 = u.iter().map(|p| v.iter().map(|q| (p - q).abs()).sum::<f64>()).sum();
            s / (u.len() * v.len()) as f64
        };
        let (exy, exx, eyy) = (mean_abs(&xs, &ys), mean_abs(&xs, &xs), mean_abs(&ys, &ys));
        let d2 = 2.0 * exy - exx - eyy;
        let scale = exy.max(exx).max(eyy);
        prop_assert!(close(a * a, d2, REL_PROPERTY, ABS_PROPERTY + REL_PROPERTY * scale), "D² = {} vs {}", a * a, d2);
    }

    #[test]
    fn tvd_hellinger_and_kl_are_bounded_and_zero_on_identical_counts(
        a in prop::collection::vec(0u64..50, 1..8),
        b in prop::collection::vec(0u64..50, 1..8),
    ) {
        let k = a.len().min(b.len());
        let (a, b) = (&a[..k], &b[..k]);
        if a.iter().sum::<u64>() == 0 || b.iter().sum::<u64>() == 0 {
            return Ok(());
        }
        let fail = |e: driftcard::drift::DriftError| TestCaseError::fail(e.to_string());
        let t = tvd::tvd_from_counts(a, b).map_err(fail)?;
        prop_assert!((0.0..=1.0).contains(&t), "TVD = {}", t);
        let h = hellinger::hellinger_from_counts(a, b).map_err(fail)?;
        prop_assert!((0.0..=1.0 + ABS_PROPERTY).contains(&h), "H = {}", h);
        // H² ≤ TVD ≤ √2·H (Le Cam's inequalities).
        prop_assert!(h * h <= t + ABS_PROPERTY && t <= std::f64::consts::SQRT_2 * h + ABS_PROPERTY, "H = {}, TVD = {}", h, t);
        prop_assert!(kl_div::kl_div_from_counts(a, b).map_err(fail)? >= -ABS_PROPERTY);
        prop_assert_eq!(tvd::tvd_from_counts(a, a).map_err(fail)?, 0.0);
        prop_assert_eq!(hellinger::hellinger_from_counts(a, a).map_err(fail)?, 0.0);
        prop_assert!(kl_div::kl_div_from_counts(a, a).map_err(fail)?.abs() <= ABS_PROPERTY);
        let g = g_test::g_test(a, b).map_err(fail)?;
        prop_assert!(g.statistic >= 0.0 && (0.0..=1.0).contains(&g.p_value));
    }

    #[test]
    fn rank_tests_are_symmetric_in_their_samples(x in sample(40), y in sample(40)) {
        let (xs, ys) = (sorted(&x), sorted(&y));
        if let (Ok(a), Ok(b)) = (mann_whitney::mann_whitney_u(&xs, &ys), mann_whitney::mann_whitney_u(&ys, &xs)) {
            prop_assert!(close(a.p_value, b.p_value, REL_PROPERTY, ABS_PROPERTY), "MWU {} vs {}", a.p_value, b.p_value);
            prop_assert_eq!(a.statistic + b.statistic, (xs.len() * ys.len()) as f64);
        }
        if let (Ok(a), Ok(b)) = (anderson::anderson_ksamp(&xs, &ys), anderson::anderson_ksamp(&ys, &xs)) {
            prop_assert!(close(a.statistic, b.statistic, REL_PROPERTY, ABS_PROPERTY), "AD {} vs {}", a.statistic, b.statistic);
        }
        let mode = cramer_von_mises::CvmMode::Asymptotic;
        if let (Ok(a), Ok(b)) = (cramer_von_mises::cvm_two_sample(&xs, &ys, mode), cramer_von_mises::cvm_two_sample(&ys, &xs, mode)) {
            prop_assert_eq!(a.statistic, b.statistic);
            prop_assert_eq!(a.p_value, b.p_value);
        }
    }

    #[test]
    fn all_methods_do_not_depend_on_row_or_category_order(x in sample(50), y in sample(50)) {
        let o = ColumnOptions::default();
        let a = numeric_drift_all(&sorted(&x), &sorted(&y), &o).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let b = numeric_drift_all(&sorted(&shuffled(&x)), &sorted(&shuffled(&y)), &o).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(&a, &b);
        // Welch's t-test on the raw (unsorted) rows: only the summation order changes.
        if let (Ok(t1), Ok(t2)) = (t_test::welch(&x, &y), t_test::welch(&shuffled(&x), &shuffled(&y))) {
            prop_assert!(close(t1.p_value, t2.p_value, REL_PROPERTY, ABS_PROPERTY), "{} vs {}", t1.p_value, t2.p_value);
        }
        // Categories in reverse order: every statistic but the sign of z / the odds ratio is unchanged.
        let (_, rc, pc) = binning::unique_value_counts(&sorted(&x), &sorted(&y));
        let (rr, pr): (Vec<u64>, Vec<u64>) = (rc.iter().rev().copied().collect(), pc.iter().rev().copied().collect());
        let c1 = categorical_drift_all(&rc, &pc, &o).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let c2 = categorical_drift_all(&rr, &pr, &o).map_err(|e| TestCaseError::fail(e.to_string()))?;
        for id in ["psi", "jensenshannon", "kl_div", "hellinger", "chisquare", "g_test", "tvd"] {
            prop_assert!(close(c1.tests[id].statistic, c2.tests[id].statistic, REL_PROPERTY, ABS_PROPERTY), "{}", id);
        }
        for id in ["z", "fisher_exact"] {
            if let (Some(t1), Some(t2)) = (c1.tests.get(id), c2.tests.get(id)) {
                prop_assert!(close(t1.score, t2.score, REL_PROPERTY, ABS_PROPERTY), "{}: {} vs {}", id, t1.score, t2.score);
            }
        }
    }
}

/// Deterministic pseudo-random normal-ish values (xorshift64*, sum of 4 uniforms).
fn pseudo_normal(n: usize, seed: u64, shift: f64) -> Vec<f64> {
    let mut s = seed | 1;
    let mut next = move || {
        s ^= s >> 12;
        s ^= s << 25;
        s ^= s >> 27;
        (s.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 11) as f64 / (1u64 << 53) as f64
    };
    (0..n)
        .map(|_| (next() + next() + next() + next() - 2.0) * 1.7 + shift)
        .collect()
}

/// Timing of every numeric method on 1 000 000 + 1 000 000 values (run with
/// `cargo test --release --test properties -- --ignored --nocapture`).
#[test]
#[ignore = "timing report; run in release mode"]
fn all_methods_on_a_million_values_per_side() {
    use std::time::Instant;
    let n = 1_000_000;
    let t0 = Instant::now();
    let xs = sorted(&pseudo_normal(n, 42, 0.0));
    let ys = sorted(&pseudo_normal(n, 7, 0.01));
    println!("generate + sort 2×1M: {:?}", t0.elapsed());
    let time = |name: &str, f: &dyn Fn() -> String| {
        let t = Instant::now();
        let out = f();
        println!("{name:>18}: {:>10.1?}  {out}", t.elapsed());
    };
    time("ks", &|| {
        format!(
            "{:?}",
            ks::ks_two_sample(&xs, &ys, ks::KsMode::Auto).map(|r| r.p_value)
        )
    });
    time("wasserstein", &|| {
        format!("{:?}", wasserstein::normed(&xs, &ys).map(|r| r.value))
    });
    time("anderson", &|| {
        format!(
            "{:?}",
            anderson::anderson_ksamp(&xs, &ys).map(|r| (r.statistic, r.p_value))
        )
    });
    time("cramer_von_mises", &|| {
        format!(
            "{:?}",
            cramer_von_mises::cvm_two_sample(&xs, &ys, cramer_von_mises::CvmMode::Auto)
                .map(|r| (r.statistic, r.p_value))
        )
    });
    time("energy", &|| {
        format!("{:?}", energy::normed(&xs, &ys).map(|r| r.value))
    });
    time("t_test", &|| {
        format!("{:?}", t_test::welch(&xs, &ys).map(|r| r.p_value))
    });
    time("mann_whitney", &|| {
        format!(
            "{:?}",
            mann_whitney::mann_whitney_u(&xs, &ys).map(|r| r.p_value)
        )
    });
    time("numeric_drift", &|| {
        format!(
            "{:?}",
            numeric_drift(&xs, &ys, &ColumnOptions::default()).map(|d| d.score)
        )
    });
    time("numeric_drift_all", &|| {
        format!(
            "{:?}",
            numeric_drift_all(&xs, &ys, &ColumnOptions::default()).map(|d| d.tests.len())
        )
    });
    // Exact Mann–Whitney with a tiny production sample and a 1M reference.
    let small = sorted(&pseudo_normal(8, 3, 0.5));
    time("mwu exact 1M × 8", &|| {
        format!(
            "{:?}",
            mann_whitney::mann_whitney_u(&xs, &small).map(|r| (r.method, r.p_value))
        )
    });
    let counts_r: Vec<u64> = vec![600_000, 400_000];
    let counts_p: Vec<u64> = vec![590_000, 410_000];
    time("categorical_all", &|| {
        format!(
            "{:?}",
            categorical_drift_all(&counts_r, &counts_p, &ColumnOptions::default())
                .map(|d| d.tests["fisher_exact"].score)
        )
    });
}

/// Welch's t-test on values 1 ± 1e-9: the variance is about 1e-18 of the values' squares, so
/// a one-pass (Σx², Σx) variance loses it to cancellation. Reference:
/// `tests/data/precision/welch_tiny_variance.json` (`scipy.stats.ttest_ind(x, y, equal_var=False)`).
#[test]
fn welch_t_test_keeps_tiny_variances_exact() {
    let v: serde_json::Value =
        serde_json::from_str(include_str!("data/precision/welch_tiny_variance.json")).unwrap();
    let nums = |k: &str| -> Vec<f64> {
        v[k].as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_f64().unwrap())
            .collect()
    };
    let (x, y) = (nums("x"), nums("y"));
    let (mut xs, mut ys) = (x.clone(), y.clone());
    xs.sort_by(f64::total_cmp);
    ys.sort_by(f64::total_cmp);
    let want = |k: &str| v[k].as_f64().unwrap();
    // File order (as scipy gets them) and sorted (as the report passes them) give the same answer.
    for (a, b) in [(&x, &y), (&xs, &ys)] {
        let t = driftcard::drift::t_test::welch(a, b).unwrap();
        common::assert_closed(t.statistic, want("statistic"), "Welch t");
        common::assert_closed(t.df, want("df"), "Welch df");
        common::assert_closed(t.p_value, want("p_value"), "Welch p");
    }
}
