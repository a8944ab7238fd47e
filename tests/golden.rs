//! Golden tests: every drift statistic of `src/stats` and `src/drift` against the reference
//! values in `tests/golden/pair0*/expected.json` (scipy 1.18, numpy 2, statsmodels,
//! evidently 0.7.23; see the golden README for the exact calls).
//!
//! One test per pair and family. Every assertion message names the pair, the column and the
//! field. Tolerances live in `tests/common/mod.rs` only.

mod common;

use common::*;
use driftcard::drift::{
    self, anderson, auto_method, binning, categorical_drift, categorical_drift_all, chi_square,
    cramer_von_mises, energy, fisher_exact, g_test, hellinger, jensenshannon, kl_div, ks,
    mann_whitney, numeric_drift, numeric_drift_all, psi, t_test, tvd, wasserstein, z_test, Binning,
    ColumnDrift, ColumnOptions, DriftError, Method,
};
use driftcard::stats::{count_distinct_pooled, sorted_finite};
use serde_json::Value;
use statrs::distribution::{ChiSquared, ContinuousCDF};

/// Sorted finite samples of a numeric column.
fn samples(p: &Pair, col: &str) -> (Vec<f64>, Vec<f64>) {
    let (x, y) = p.numeric(col);
    (sorted_finite(&x), sorted_finite(&y))
}

/// The `drift` block, or `None` when it is a `skipped` block.
fn drift_block(col: &Value) -> Option<&Value> {
    let d = col.get("drift")?;
    if d.get("skipped").is_some() {
        None
    } else {
        Some(d)
    }
}

fn shares(c: &[u64]) -> Vec<f64> {
    let n: u64 = c.iter().sum();
    psi::shares(c, n)
}

/// Binned metrics (`psi`, `js_distance_base_e`, `js_distance_base2`, `kl_ref_prod`,
/// `kl_prod_ref`, `hellinger`) of a `binned.*` block.
fn check_binned_metrics(g: &Value, rc: &[u64], pc: &[u64], ctx: &str) {
    assert_eq!(
        rc,
        counts(field(g, "ref_counts", ctx), ctx).as_slice(),
        "{ctx}.ref_counts"
    );
    assert_eq!(
        pc,
        counts(field(g, "prod_counts", ctx), ctx).as_slice(),
        "{ctx}.prod_counts"
    );
    let (p, q) = (shares(rc), shares(pc));
    assert_vec_closed(
        &p,
        &nums(field(g, "ref_share", ctx), ctx),
        &format!("{ctx}.ref_share"),
    );
    assert_vec_closed(
        &q,
        &nums(field(g, "prod_share", ctx), ctx),
        &format!("{ctx}.prod_share"),
    );
    assert_closed(
        psi::psi(&p, &q),
        num_at(g, "psi", ctx),
        &format!("{ctx}.psi"),
    );
    assert_closed(
        psi::psi_from_counts(rc, pc).unwrap_or(f64::NAN),
        num_at(g, "psi", ctx),
        &format!("{ctx}.psi (from counts)"),
    );
    assert_closed(
        jensenshannon::js_distance(&p, &q, None),
        num_at(g, "js_distance_base_e", ctx),
        &format!("{ctx}.js_distance_base_e"),
    );
    assert_closed(
        jensenshannon::js_distance(&p, &q, Some(2.0)),
        num_at(g, "js_distance_base2", ctx),
        &format!("{ctx}.js_distance_base2"),
    );
    // scipy.stats.entropy(p′, q′) on the 1e-4-floored shares (renormalised by scipy).
    assert_closed(
        kl_div::kl_div(&p, &q),
        num_at(g, "kl_ref_prod", ctx),
        &format!("{ctx}.kl_ref_prod"),
    );
    assert_closed(
        kl_div::kl_div(&q, &p),
        num_at(g, "kl_prod_ref", ctx),
        &format!("{ctx}.kl_prod_ref"),
    );
    assert_closed(
        kl_div::kl_div_from_counts(rc, pc).unwrap_or(f64::NAN),
        num_at(g, "kl_ref_prod", ctx),
        &format!("{ctx}.kl_ref_prod (from counts)"),
    );
    // nannyml: sqrt(Σ(√p − √q)²)/√2 on the raw shares.
    assert_closed(
        hellinger::hellinger(&p, &q),
        num_at(g, "hellinger", ctx),
        &format!("{ctx}.hellinger"),
    );
    assert_closed(
        hellinger::hellinger_from_counts(rc, pc).unwrap_or(f64::NAN),
        num_at(g, "hellinger", ctx),
        &format!("{ctx}.hellinger (from counts)"),
    );
}

// ---------------------------------------------------------------------------------------------
// Families
// ---------------------------------------------------------------------------------------------

/// `ks_2samp.{auto,exact,asymp}`: statistic, p-value, location, sign, exact-failure warning.
fn check_ks(pair_name: &str) {
    let p = pair(pair_name);
    let mut checked = 0;
    for (col, block) in p.drift_columns(&["numerical"]) {
        let Some(d) = drift_block(&block) else {
            continue;
        };
        let (x, y) = samples(&p, &col);
        for (mode_name, mode) in [
            ("auto", ks::KsMode::Auto),
            ("exact", ks::KsMode::Exact),
            ("asymp", ks::KsMode::Asymp),
        ] {
            let ctx = format!("{pair_name} {col} ks_2samp.{mode_name}");
            let g = field(field(d, "ks_2samp", &ctx), mode_name, &ctx);
            let r = ks::ks_two_sample(&x, &y, mode).unwrap_or_else(|e| panic!("{ctx}: {e}"));
            assert_closed(
                r.statistic,
                num_at(g, "statistic", &ctx),
                &format!("{ctx}.statistic"),
            );
            assert_p(
                r.p_value,
                num_at(g, "pvalue", &ctx),
                &format!("{ctx}.pvalue"),
            );
            assert_eq!(
                r.location,
                num_at(g, "statistic_location", &ctx),
                "{ctx}.statistic_location"
            );
            assert_eq!(
                f64::from(r.sign),
                num_at(g, "statistic_sign", &ctx),
                "{ctx}.statistic_sign"
            );
            let warned = g
                .get("warnings")
                .and_then(Value::as_array)
                .is_some_and(|w| {
                    w.iter().any(|s| {
                        s.as_str()
                            .is_some_and(|s| s.contains("Exact calculation unsuccessful"))
                    })
                });
            assert_eq!(
                r.exact_unsuccessful, warned,
                "{ctx}: exact-calculation-unsuccessful flag"
            );
            let expected_mode = match mode {
                ks::KsMode::Asymp => ks::KsMode::Asymp,
                _ if warned => ks::KsMode::Asymp,
                ks::KsMode::Auto if x.len().max(y.len()) > ks::MAX_AUTO_N => ks::KsMode::Asymp,
                _ => ks::KsMode::Exact,
            };
            assert_eq!(r.mode_used, expected_mode, "{ctx}: mode used");
            checked += 1;
        }
    }
    assert!(checked > 0, "{pair_name}: no KS block checked");
}

/// `wasserstein.distance` and `wasserstein_normed_evidently.{norm,value}`.
fn check_wasserstein(pair_name: &str) {
    let p = pair(pair_name);
    let mut checked = 0;
    for (col, block) in p.drift_columns(&["numerical"]) {
        let Some(d) = drift_block(&block) else {
            continue;
        };
        let ctx = format!("{pair_name} {col}");
        let (x, y) = samples(&p, &col);
        let w = wasserstein::wasserstein_distance(&x, &y).unwrap_or_else(|e| panic!("{ctx}: {e}"));
        assert_closed(
            w,
            num_at(field(d, "wasserstein", &ctx), "distance", &ctx),
            &format!("{ctx} wasserstein.distance"),
        );
        let n = wasserstein::normed(&x, &y).unwrap_or_else(|e| panic!("{ctx}: {e}"));
        let g = field(d, "wasserstein_normed_evidently", &ctx);
        assert_closed(
            n.norm,
            num_at(g, "norm", &ctx),
            &format!("{ctx} wasserstein_normed_evidently.norm"),
        );
        assert_closed(
            n.value,
            num_at(g, "value", &ctx),
            &format!("{ctx} wasserstein_normed_evidently.value"),
        );
        checked += 1;
    }
    assert!(checked > 0, "{pair_name}: no Wasserstein block checked");
}

/// `binned.ref_deciles`: cuts, counts, shares, PSI, JS; also `histogram(RefDeciles)` and the
/// `psi`/`jensenshannon` entries of `numeric_drift` (default binning).
fn check_ref_deciles(pair_name: &str) {
    let p = pair(pair_name);
    let mut checked = 0;
    for (col, block) in p.drift_columns(&["numerical"]) {
        let Some(d) = drift_block(&block) else {
            continue;
        };
        let ctx = format!("{pair_name} {col} binned.ref_deciles");
        let g = field(field(d, "binned", &ctx), "ref_deciles", &ctx);
        let (x, y) = samples(&p, &col);
        let cuts = binning::ref_deciles_cuts(&x);
        assert_vec_closed(
            &cuts,
            &nums(field(g, "cuts", &ctx), &ctx),
            &format!("{ctx}.cuts"),
        );
        let rc = binning::counts_by_cuts(&x, &cuts);
        let pc = binning::counts_by_cuts(&y, &cuts);
        check_binned_metrics(g, &rc, &pc, &ctx);
        let h = drift::histogram(&x, &y, Binning::RefDeciles, 10);
        assert_eq!(h.ref_counts, rc, "{ctx}: histogram ref counts");
        assert_eq!(h.prod_counts, pc, "{ctx}: histogram prod counts");
        assert_eq!(
            &h.edges[1..h.edges.len() - 1],
            cuts.as_slice(),
            "{ctx}: histogram inner edges"
        );
        // numeric_drift's psi uses this binning unless the column has ≤ 5 distinct values.
        if count_distinct_pooled(&x, &y) > 5 {
            let cd = numeric_drift(&x, &y, &ColumnOptions::default())
                .unwrap_or_else(|e| panic!("{ctx}: {e}"));
            assert_closed(
                cd.tests["psi"].statistic,
                num_at(g, "psi", &ctx),
                &format!("{ctx}: numeric_drift tests.psi"),
            );
            assert_closed(
                cd.tests["jensenshannon"].statistic,
                num_at(g, "js_distance_base_e", &ctx),
                &format!("{ctx}: numeric_drift tests.jensenshannon"),
            );
            assert_eq!(
                cd.tests["psi"].bins.as_deref(),
                Some(cuts.as_slice()),
                "{ctx}: numeric_drift tests.psi.bins"
            );
        }
        checked += 1;
    }
    assert!(checked > 0, "{pair_name}: no ref_deciles block checked");
}

/// `binned.sturges_combined`: edges, counts, shares, PSI, JS; also `histogram(SturgesCombined)`.
fn check_sturges(pair_name: &str) {
    let p = pair(pair_name);
    let mut checked = 0;
    for (col, block) in p.drift_columns(&["numerical"]) {
        let Some(d) = drift_block(&block) else {
            continue;
        };
        let ctx = format!("{pair_name} {col} binned.sturges_combined");
        let g = field(field(d, "binned", &ctx), "sturges_combined", &ctx);
        let (x, y) = samples(&p, &col);
        let edges = binning::sturges_edges(&x, &y);
        assert_vec_closed(
            &edges,
            &nums(field(g, "edges", &ctx), &ctx),
            &format!("{ctx}.edges"),
        );
        let rc = binning::counts_by_edges(&x, &edges);
        let pc = binning::counts_by_edges(&y, &edges);
        check_binned_metrics(g, &rc, &pc, &ctx);
        let h = drift::histogram(&x, &y, Binning::SturgesCombined, 10);
        assert_eq!(h.edges, edges, "{ctx}: histogram edges");
        assert_eq!(
            (h.ref_counts, h.prod_counts),
            (rc, pc),
            "{ctx}: histogram counts"
        );
        checked += 1;
    }
    assert!(
        checked > 0,
        "{pair_name}: no sturges_combined block checked"
    );
}

/// `seed_simple_psi`: bins, ref_hist, cur_hist, psi; also numeric_drift's `psi_seed`.
fn check_seed_psi(pair_name: &str) {
    let p = pair(pair_name);
    let mut checked = 0;
    for (col, block) in p.drift_columns(&["numerical"]) {
        let Some(d) = drift_block(&block) else {
            continue;
        };
        let ctx = format!("{pair_name} {col} seed_simple_psi");
        let g = field(d, "seed_simple_psi", &ctx);
        let (x, y) = samples(&p, &col);
        let s = psi::psi_seed(&x, &y).unwrap_or_else(|e| panic!("{ctx}: {e}"));
        assert_vec_closed(
            &s.bins,
            &nums(field(g, "bins", &ctx), &ctx),
            &format!("{ctx}.bins"),
        );
        assert_vec_closed(
            &s.ref_hist,
            &nums(field(g, "ref_hist", &ctx), &ctx),
            &format!("{ctx}.ref_hist"),
        );
        assert_vec_closed(
            &s.cur_hist,
            &nums(field(g, "cur_hist", &ctx), &ctx),
            &format!("{ctx}.cur_hist"),
        );
        assert_closed(s.psi, num_at(g, "psi", &ctx), &format!("{ctx}.psi"));
        let cd = numeric_drift(&x, &y, &ColumnOptions::default())
            .unwrap_or_else(|e| panic!("{ctx}: {e}"));
        assert_closed(
            cd.tests["psi_seed"].statistic,
            num_at(g, "psi", &ctx),
            &format!("{ctx}: numeric_drift tests.psi_seed"),
        );
        checked += 1;
    }
    assert!(checked > 0, "{pair_name}: no seed_simple_psi block checked");
}

/// Categorical/boolean columns: `categories`, `chi2_contingency`, `two_proportion_ztest`,
/// `binned.categories`, and the same numbers through `categorical_drift`.
fn check_categorical(pair_name: &str) {
    let p = pair(pair_name);
    let mut checked = 0;
    for (col, block) in p.drift_columns(&["categorical", "boolean"]) {
        let Some(d) = drift_block(&block) else {
            continue;
        };
        let ctx = format!("{pair_name} {col}");
        let c = p.categories(&col);
        let golden_cats: Vec<String> = field(d, "categories", &ctx)
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default();
        assert_eq!(c.names, golden_cats, "{ctx}: categories");
        assert_eq!(
            c.ref_counts.iter().sum::<u64>() as f64,
            num_at(d, "n_ref", &ctx),
            "{ctx}: n_ref"
        );
        assert_eq!(
            c.prod_counts.iter().sum::<u64>() as f64,
            num_at(d, "n_prod", &ctx),
            "{ctx}: n_prod"
        );

        let g = field(d, "chi2_contingency", &ctx);
        let chi = chi_square::chi2_contingency(&c.ref_counts, &c.prod_counts)
            .unwrap_or_else(|e| panic!("{ctx}: {e}"));
        assert_closed(
            chi.statistic,
            num_at(g, "statistic", &ctx),
            &format!("{ctx} chi2_contingency.statistic"),
        );
        assert_p(
            chi.p_value,
            num_at(g, "pvalue", &ctx),
            &format!("{ctx} chi2_contingency.pvalue"),
        );
        assert_eq!(
            chi.dof as f64,
            num_at(g, "dof", &ctx),
            "{ctx} chi2_contingency.dof"
        );

        let cd = categorical_drift(&c.ref_counts, &c.prod_counts, &ColumnOptions::default())
            .unwrap_or_else(|e| panic!("{ctx}: {e}"));
        assert_closed(
            cd.tests["chisquare"].statistic,
            chi.statistic,
            &format!("{ctx}: categorical_drift tests.chisquare"),
        );

        if let Some(gz) = d.get("two_proportion_ztest") {
            let zctx = format!("{ctx} two_proportion_ztest");
            assert_eq!(
                d.get("success_category").and_then(Value::as_str),
                c.names.get(1).map(String::as_str),
                "{ctx}: success_category"
            );
            let (n1, n2) = (c.ref_counts.iter().sum(), c.prod_counts.iter().sum());
            let z = z_test::two_proportion(c.ref_counts[1], n1, c.prod_counts[1], n2)
                .unwrap_or_else(|e| panic!("{zctx}: {e}"));
            assert_closed(
                z.statistic,
                num_at(gz, "statistic", &zctx),
                &format!("{zctx}.statistic"),
            );
            assert_p(
                z.p_value,
                num_at(gz, "pvalue", &zctx),
                &format!("{zctx}.pvalue"),
            );
            assert_closed(
                z.p_ref,
                num_at(gz, "p_ref", &zctx),
                &format!("{zctx}.p_ref"),
            );
            assert_closed(
                z.p_prod,
                num_at(gz, "p_prod", &zctx),
                &format!("{zctx}.p_prod"),
            );
            assert_closed(
                cd.tests["z"].statistic,
                z.statistic,
                &format!("{zctx}: categorical_drift tests.z"),
            );
        } else {
            assert!(
                c.names.len() != 2,
                "{ctx}: two categories but no two_proportion_ztest block"
            );
        }

        let bctx = format!("{ctx} binned.categories");
        let gb = field(field(d, "binned", &ctx), "categories", &ctx);
        check_binned_metrics(gb, &c.ref_counts, &c.prod_counts, &bctx);
        assert_closed(
            cd.tests["psi"].statistic,
            num_at(gb, "psi", &bctx),
            &format!("{bctx}: categorical_drift tests.psi"),
        );
        assert_closed(
            cd.tests["jensenshannon"].statistic,
            num_at(gb, "js_distance_base_e", &bctx),
            &format!("{bctx}: categorical_drift tests.jensenshannon"),
        );
        checked += 1;
    }
    assert!(checked > 0, "{pair_name}: no categorical column checked");
}

/// `numeric_drift_all` with default options, or panics with the context.
fn all_numeric(x: &[f64], y: &[f64], opts: &ColumnOptions, ctx: &str) -> ColumnDrift {
    numeric_drift_all(x, y, opts).unwrap_or_else(|e| panic!("{ctx}: numeric_drift_all: {e}"))
}

/// `categorical_drift_all` with default options, or panics with the context.
fn all_categorical(rc: &[u64], pc: &[u64], ctx: &str) -> ColumnDrift {
    categorical_drift_all(rc, pc, &ColumnOptions::default())
        .unwrap_or_else(|e| panic!("{ctx}: categorical_drift_all: {e}"))
}

/// `true` when a golden block is `{"error": …}` (the reference library raised).
fn is_error(g: &Value) -> bool {
    g.get("error").is_some()
}

/// Whether a golden block carries a warning containing `needle`.
fn warned(g: &Value, needle: &str) -> bool {
    g.get("warnings")
        .and_then(Value::as_array)
        .is_some_and(|w| {
            w.iter()
                .any(|s| s.as_str().is_some_and(|s| s.contains(needle)))
        })
}

/// `anderson_ksamp` (midrank): statistic, p-value (table-interpolated, capped/floored with a
/// warning), critical values; `{"error": …}` (constant column) → NotComputable. Also the
/// `anderson` entry of `numeric_drift_all`.
fn check_anderson(pair_name: &str) {
    let p = pair(pair_name);
    let mut checked = 0;
    for (col, block) in p.drift_columns(&["numerical"]) {
        let Some(d) = drift_block(&block) else {
            continue;
        };
        let ctx = format!("{pair_name} {col} anderson_ksamp");
        let g = field(d, "anderson_ksamp", &ctx);
        let (x, y) = samples(&p, &col);
        let all = all_numeric(&x, &y, &ColumnOptions::default(), &ctx);
        if is_error(g) {
            let r = anderson::anderson_ksamp(&x, &y);
            assert!(
                matches!(r, Err(DriftError::NotComputable(_))),
                "{ctx}: scipy raised, expected NotComputable, got {r:?}"
            );
            assert!(
                !all.tests.contains_key("anderson"),
                "{ctx}: numeric_drift_all must omit anderson"
            );
            assert!(
                all.not_computable.contains_key("anderson"),
                "{ctx}: numeric_drift_all must give a reason"
            );
            checked += 1;
            continue;
        }
        let r = anderson::anderson_ksamp(&x, &y).unwrap_or_else(|e| panic!("{ctx}: {e}"));
        assert_closed(
            r.statistic,
            num_at(g, "statistic", &ctx),
            &format!("{ctx}.statistic"),
        );
        assert_p(
            r.p_value,
            num_at(g, "pvalue", &ctx),
            &format!("{ctx}.pvalue"),
        );
        // Evidently's legacy call (midrank=True) gives the same table p-value.
        assert_p(
            r.p_value,
            num_at(g, "legacy_pvalue", &ctx),
            &format!("{ctx}.legacy_pvalue"),
        );
        assert_vec_closed(
            &r.critical_values,
            &nums(field(g, "critical_values", &ctx), &ctx),
            &format!("{ctx}.critical_values"),
        );
        assert_eq!(
            r.bound == Some(anderson::PBound::Capped),
            warned(g, "p-value capped"),
            "{ctx}: capped flag"
        );
        assert_eq!(
            r.bound == Some(anderson::PBound::Floored),
            warned(g, "p-value floored"),
            "{ctx}: floored flag"
        );
        let t = &all.tests["anderson"];
        assert_eq!(
            (t.statistic, t.p_value, t.score),
            (r.statistic, Some(r.p_value), r.p_value),
            "{ctx}: numeric_drift_all"
        );
        assert_eq!(t.drifted, r.p_value < 0.05, "{ctx}: drift when p < 0.05");
        if r.bound.is_some() {
            assert!(
                t.detail
                    .as_deref()
                    .is_some_and(|s| s.contains("capped") || s.contains("floored")),
                "{ctx}: detail states the cap"
            );
        }
        checked += 1;
    }
    assert!(checked > 0, "{pair_name}: no anderson_ksamp block checked");
}

/// `cramervonmises_2samp.{auto,asymptotic,exact}`: statistic and p-value of every recorded
/// method (exact only when max(n₁, n₂) ≤ 20), and the `cramer_von_mises` entry of
/// `numeric_drift_all` (= auto).
fn check_cramer_von_mises(pair_name: &str) {
    let p = pair(pair_name);
    let mut checked = 0;
    for (col, block) in p.drift_columns(&["numerical"]) {
        let Some(d) = drift_block(&block) else {
            continue;
        };
        let gctx = format!("{pair_name} {col} cramervonmises_2samp");
        let g = field(d, "cramervonmises_2samp", &gctx);
        let (x, y) = samples(&p, &col);
        let small = x.len().max(y.len()) <= cramer_von_mises::MAX_EXACT_N;
        assert_eq!(
            g.get("exact").is_some(),
            small,
            "{gctx}: exact block present iff max n ≤ 20"
        );
        for (name, mode) in [
            ("auto", cramer_von_mises::CvmMode::Auto),
            ("asymptotic", cramer_von_mises::CvmMode::Asymptotic),
            ("exact", cramer_von_mises::CvmMode::Exact),
        ] {
            let Some(gm) = g.get(name) else { continue };
            let ctx = format!("{gctx}.{name}");
            let r = cramer_von_mises::cvm_two_sample(&x, &y, mode)
                .unwrap_or_else(|e| panic!("{ctx}: {e}"));
            assert_closed(
                r.statistic,
                num_at(gm, "statistic", &ctx),
                &format!("{ctx}.statistic"),
            );
            assert_p(
                r.p_value,
                num_at(gm, "pvalue", &ctx),
                &format!("{ctx}.pvalue"),
            );
            let expected_mode = match mode {
                cramer_von_mises::CvmMode::Auto if small => cramer_von_mises::CvmMode::Exact,
                cramer_von_mises::CvmMode::Auto => cramer_von_mises::CvmMode::Asymptotic,
                m => m,
            };
            assert_eq!(r.mode_used, expected_mode, "{ctx}: mode used");
            checked += 1;
        }
        let all = all_numeric(&x, &y, &ColumnOptions::default(), &gctx);
        let t = &all.tests["cramer_von_mises"];
        let auto = field(g, "auto", &gctx);
        assert_closed(
            t.statistic,
            num_at(auto, "statistic", &gctx),
            &format!("{gctx}: numeric_drift_all statistic"),
        );
        assert_p(
            t.score,
            num_at(auto, "pvalue", &gctx),
            &format!("{gctx}: numeric_drift_all score"),
        );
    }
    assert!(
        checked > 0,
        "{pair_name}: no cramervonmises_2samp block checked"
    );
}

/// `mannwhitneyu` (two-sided, auto method): U of the reference and p-value; a NaN p-value
/// (all values equal) → NotComputable. Also `numeric_drift_all`'s `mann_whitney`.
///
/// Evidently's `mannw` uses `alternative='less'` (one-sided) — SPEC §3.1 uses the two-sided
/// test, which is what the golden `mannwhitneyu` block records and what is checked here.
fn check_mann_whitney(pair_name: &str) {
    let p = pair(pair_name);
    let mut checked = 0;
    for (col, block) in p.drift_columns(&["numerical"]) {
        let Some(d) = drift_block(&block) else {
            continue;
        };
        let ctx = format!("{pair_name} {col} mannwhitneyu");
        let g = field(d, "mannwhitneyu", &ctx);
        let (x, y) = samples(&p, &col);
        let all = all_numeric(&x, &y, &ColumnOptions::default(), &ctx);
        let gp = num_at(g, "pvalue", &ctx);
        if gp.is_nan() {
            let r = mann_whitney::mann_whitney_u(&x, &y);
            assert!(
                matches!(r, Err(DriftError::NotComputable(_))),
                "{ctx}: scipy p = NaN, expected NotComputable, got {r:?}"
            );
            assert!(
                all.not_computable.contains_key("mann_whitney"),
                "{ctx}: numeric_drift_all reason"
            );
            checked += 1;
            continue;
        }
        let r = mann_whitney::mann_whitney_u(&x, &y).unwrap_or_else(|e| panic!("{ctx}: {e}"));
        assert_eq!(
            r.statistic,
            num_at(g, "statistic", &ctx),
            "{ctx}.statistic (U is a half-integer: exact)"
        );
        assert_p(r.p_value, gp, &format!("{ctx}.pvalue"));
        // scipy 1.18 `_mwu_choose_method`: exact iff (n1 ≤ 8 or n2 ≤ 8) and no ties.
        let exact = x.len().min(y.len()) <= 8 && count_distinct_pooled(&x, &y) == x.len() + y.len();
        assert_eq!(
            r.method == mann_whitney::MwuMethod::Exact,
            exact,
            "{ctx}: method"
        );
        let t = &all.tests["mann_whitney"];
        assert_eq!(
            (t.statistic, t.score),
            (r.statistic, r.p_value),
            "{ctx}: numeric_drift_all"
        );
        checked += 1;
    }
    assert!(checked > 0, "{pair_name}: no mannwhitneyu block checked");
}

/// `ttest_welch`: statistic, p-value, Welch–Satterthwaite df; NaN statistic (both samples
/// constant and equal) → NotComputable. Evidently's `t_test` is Student's (equal variances,
/// golden `ttest_student`); SPEC §3.1 uses Welch's, checked here.
fn check_t_test(pair_name: &str) {
    let p = pair(pair_name);
    let mut checked = 0;
    for (col, block) in p.drift_columns(&["numerical"]) {
        let Some(d) = drift_block(&block) else {
            continue;
        };
        let ctx = format!("{pair_name} {col} ttest_welch");
        let g = field(d, "ttest_welch", &ctx);
        let (x, y) = samples(&p, &col);
        let all = all_numeric(&x, &y, &ColumnOptions::default(), &ctx);
        if num_at(g, "statistic", &ctx).is_nan() {
            let r = t_test::welch(&x, &y);
            assert!(
                matches!(r, Err(DriftError::NotComputable(_))),
                "{ctx}: scipy t = NaN, expected NotComputable, got {r:?}"
            );
            assert!(
                all.not_computable.contains_key("t_test"),
                "{ctx}: numeric_drift_all reason"
            );
            checked += 1;
            continue;
        }
        let r = t_test::welch(&x, &y).unwrap_or_else(|e| panic!("{ctx}: {e}"));
        let want = num_at(g, "statistic", &ctx);
        if want == 0.0 {
            assert!(
                r.statistic.abs() <= common::ABS_T_AT_ZERO,
                "{ctx}.statistic: got {:e}, expected 0 (abs {:e})",
                r.statistic,
                common::ABS_T_AT_ZERO
            );
        } else {
            assert_closed(r.statistic, want, &format!("{ctx}.statistic"));
        }
        assert_p(
            r.p_value,
            num_at(g, "pvalue", &ctx),
            &format!("{ctx}.pvalue"),
        );
        assert_closed(r.df, num_at(g, "df", &ctx), &format!("{ctx}.df"));
        let t = &all.tests["t_test"];
        assert_eq!(
            (t.statistic, t.score),
            (r.statistic, r.p_value),
            "{ctx}: numeric_drift_all"
        );
        assert!(
            t.detail.as_deref().is_some_and(|s| s.contains("df")),
            "{ctx}: detail reports df"
        );
        checked += 1;
    }
    assert!(checked > 0, "{pair_name}: no ttest_welch block checked");
}

/// `energy_distance.distance`, and `numeric_drift_all`'s `energy`: statistic = distance,
/// score = distance / max(summary.ref.std_ddof0, 0.001).
fn check_energy(pair_name: &str) {
    let p = pair(pair_name);
    let mut checked = 0;
    for (col, block) in p.drift_columns(&["numerical"]) {
        let Some(d) = drift_block(&block) else {
            continue;
        };
        let ctx = format!("{pair_name} {col} energy_distance");
        let g = num_at(field(d, "energy_distance", &ctx), "distance", &ctx);
        let (x, y) = samples(&p, &col);
        let e = energy::energy_distance(&x, &y).unwrap_or_else(|e| panic!("{ctx}: {e}"));
        if g == 0.0 {
            assert_eq!(e, 0.0, "{ctx}.distance");
        } else {
            assert_closed(e, g, &format!("{ctx}.distance"));
        }
        let std0 = num_at(
            field(field(&block, "summary", &ctx), "ref", &ctx),
            "std_ddof0",
            &ctx,
        );
        let all = all_numeric(&x, &y, &ColumnOptions::default(), &ctx);
        let t = &all.tests["energy"];
        assert_eq!(t.statistic, e, "{ctx}: numeric_drift_all statistic");
        let expected_score = g / std0.max(0.001);
        if expected_score == 0.0 {
            assert_eq!(t.score, 0.0, "{ctx}: score");
        } else {
            assert_closed(
                t.score,
                expected_score,
                &format!("{ctx}: numeric_drift_all score"),
            );
        }
        assert_eq!(t.p_value, None, "{ctx}: energy has no p-value");
        checked += 1;
    }
    assert!(checked > 0, "{pair_name}: no energy_distance block checked");
}

/// The binned methods of `numeric_drift_all` / `categorical_drift_all` (`psi`,
/// `jensenshannon`, `kl_div`, `hellinger`) against `binned.ref_deciles`,
/// `binned.sturges_combined` (through `ColumnOptions::binning`) and `binned.categories`.
fn check_binned_all_methods(pair_name: &str) {
    let p = pair(pair_name);
    let mut checked = 0;
    for (col, block) in p.drift_columns(&["numerical", "categorical", "boolean"]) {
        let Some(d) = drift_block(&block) else {
            continue;
        };
        let numeric = block.get("type").and_then(Value::as_str) == Some("numerical");
        let cases: Vec<(&str, ColumnDrift)> = if numeric {
            let (x, y) = samples(&p, &col);
            // Columns with ≤ 5 distinct values use one bin per value, whatever the binning.
            if count_distinct_pooled(&x, &y) <= 5 {
                continue;
            }
            [
                ("ref_deciles", Binning::RefDeciles),
                ("sturges_combined", Binning::SturgesCombined),
            ]
            .into_iter()
            .map(|(name, binning)| {
                let opts = ColumnOptions {
                    binning,
                    ..ColumnOptions::default()
                };
                (
                    name,
                    all_numeric(&x, &y, &opts, &format!("{pair_name} {col}")),
                )
            })
            .collect()
        } else {
            let c = p.categories(&col);
            vec![(
                "categories",
                all_categorical(&c.ref_counts, &c.prod_counts, &format!("{pair_name} {col}")),
            )]
        };
        for (name, cd) in cases {
            let ctx = format!("{pair_name} {col} binned.{name}");
            let g = field(field(d, "binned", &ctx), name, &ctx);
            for (id, key) in [
                ("psi", "psi"),
                ("jensenshannon", "js_distance_base_e"),
                ("kl_div", "kl_ref_prod"),
                ("hellinger", "hellinger"),
            ] {
                let t = cd
                    .tests
                    .get(id)
                    .unwrap_or_else(|| panic!("{ctx}: {id} missing from the all-methods result"));
                let expected = num_at(g, key, &ctx);
                if expected == 0.0 {
                    assert_eq!(t.statistic, 0.0, "{ctx}.{key} via tests.{id}");
                } else {
                    assert_closed(
                        t.statistic,
                        expected,
                        &format!("{ctx}.{key} via tests.{id}"),
                    );
                }
                assert_eq!(t.score, t.statistic, "{ctx}: {id} score is the statistic");
                assert_eq!(t.drifted, t.score >= 0.1, "{ctx}: {id} drift when ≥ 0.1");
            }
            checked += 1;
        }
    }
    assert!(checked > 0, "{pair_name}: no binned block checked");
}

/// G statistic of the 2×k homogeneity test in its entropy form, from the counts alone — an
/// independent closed form (no expected counts):
/// `G = 2·[Σ O ln O − Σ R ln R − Σ C ln C + N ln N]` over cells O, row sums R, column sums C.
fn g_closed_form(rc: &[u64], pc: &[u64]) -> f64 {
    let xlx = |v: u64| {
        if v == 0 {
            0.0
        } else {
            v as f64 * (v as f64).ln()
        }
    };
    let (nr, np): (u64, u64) = (rc.iter().sum(), pc.iter().sum());
    let cells: f64 = rc.iter().chain(pc).map(|&v| xlx(v)).sum();
    let cols: f64 = rc.iter().zip(pc).map(|(&a, &b)| xlx(a + b)).sum();
    2.0 * (cells - xlx(nr) - xlx(np) - cols + xlx(nr + np))
}

/// Categorical / boolean columns through `categorical_drift_all`:
/// - `fisher_exact` (recorded for k = 2): table, odds ratio (may be inf), p-value; with more
///   than 2 categories it is NotComputable (listed in `not_computable`).
/// - `g_test` and `tvd`: the golden file does not record our 2×k homogeneity G-test nor the
///   TVD itself (Evidently's `g_test` is a goodness-of-fit test that scipy rejects for unequal
///   sizes, and its `tvd` is a permutation p-value), so both are checked against independent
///   closed forms of the recorded counts (`binned.categories.{ref,prod}_counts`):
///   G in its entropy form with `statrs`' χ² survival function for p, and TVD = 1 − Σ min(p, q).
///
/// The same closed forms are checked on numeric columns with ≤ 5 distinct values (tested like
/// categories).
fn check_fisher_g_tvd(pair_name: &str) {
    let p = pair(pair_name);
    let mut checked = 0;
    for (col, block) in p.drift_columns(&["categorical", "boolean", "numerical"]) {
        let Some(d) = drift_block(&block) else {
            continue;
        };
        let ctx = format!("{pair_name} {col}");
        let numeric = block.get("type").and_then(Value::as_str) == Some("numerical");
        let (rc, pc, cd) = if numeric {
            let (x, y) = samples(&p, &col);
            if count_distinct_pooled(&x, &y) > 5 {
                let cd = all_numeric(&x, &y, &ColumnOptions::default(), &ctx);
                for id in ["chisquare", "z", "fisher_exact", "g_test", "tvd"] {
                    assert!(
                        cd.not_computable.contains_key(id),
                        "{ctx}: {id} must be not computable on a many-valued numeric column"
                    );
                    assert!(!cd.tests.contains_key(id), "{ctx}: {id} must be absent");
                }
                continue;
            }
            let (_, rc, pc) = binning::unique_value_counts(&x, &y);
            let cd = all_numeric(&x, &y, &ColumnOptions::default(), &ctx);
            (rc, pc, cd)
        } else {
            let gb = field(field(d, "binned", &ctx), "categories", &ctx);
            let rc = counts(field(gb, "ref_counts", &ctx), &ctx);
            let pc = counts(field(gb, "prod_counts", &ctx), &ctx);
            let c = p.categories(&col);
            assert_eq!(
                (&c.ref_counts, &c.prod_counts),
                (&rc, &pc),
                "{ctx}: recorded counts"
            );
            let cd = all_categorical(&rc, &pc, &ctx);
            (rc, pc, cd)
        };
        let k = rc.iter().zip(&pc).filter(|(a, b)| **a + **b > 0).count();

        // Fisher
        if let Some(g) = d.get("fisher_exact") {
            let fctx = format!("{ctx} fisher_exact");
            let r = fisher_exact::fisher_exact(&rc, &pc).unwrap_or_else(|e| panic!("{fctx}: {e}"));
            let table: Vec<Vec<u64>> = field(g, "table", &fctx)
                .as_array()
                .map(|rows| rows.iter().map(|r| counts(r, &fctx)).collect())
                .unwrap_or_default();
            assert_eq!(
                table,
                r.table.iter().map(|r| r.to_vec()).collect::<Vec<_>>(),
                "{fctx}.table"
            );
            let odds = num_at(g, "statistic", &fctx);
            assert!(
                close(r.odds_ratio, odds, REL_CLOSED_FORM, 0.0),
                "{fctx}.statistic: got {:e}, expected {odds:e}",
                r.odds_ratio
            );
            assert_p(
                r.p_value,
                num_at(g, "pvalue", &fctx),
                &format!("{fctx}.pvalue"),
            );
            let t = &cd.tests["fisher_exact"];
            assert!(
                close(t.statistic, odds, REL_CLOSED_FORM, 0.0),
                "{fctx}: tests.fisher_exact.statistic"
            );
            assert_eq!(t.score, r.p_value, "{fctx}: tests.fisher_exact.score");
        } else if k > 2 {
            assert!(
                cd.not_computable.contains_key("fisher_exact"),
                "{ctx}: fisher_exact with {k} categories must be not computable"
            );
            assert!(
                !cd.tests.contains_key("fisher_exact"),
                "{ctx}: fisher_exact must be absent"
            );
            assert!(
                cd.not_computable.contains_key("z"),
                "{ctx}: z with {k} categories must be not computable"
            );
        } else {
            // k = 1 (or a numeric column with ≤ 2 values, not recorded): an empty table column →
            // odds ratio NaN, p = 1 when k = 1.
            let t = &cd.tests["fisher_exact"];
            if k == 1 {
                assert!(
                    t.statistic.is_nan() && t.score == 1.0,
                    "{ctx}: single category fisher"
                );
            }
        }

        // G-test (independent closed form)
        let gctx = format!("{ctx} g_test");
        let g_expected = g_closed_form(&rc, &pc);
        let g = g_test::g_test(&rc, &pc).unwrap_or_else(|e| panic!("{gctx}: {e}"));
        // The entropy form cancels terms of size ≈ 2·N·ln N, so near G = 0 its error is absolute,
        // of the closed-form relative tolerance times that size.
        let n_total = (rc.iter().sum::<u64>() + pc.iter().sum::<u64>()) as f64;
        let cancelled = 2.0 * n_total * n_total.ln().max(1.0);
        assert!(
            close(
                g.statistic,
                g_expected,
                REL_CLOSED_FORM,
                REL_CLOSED_FORM * cancelled
            ),
            "{gctx}: got {:e}, closed form {g_expected:e}",
            g.statistic
        );
        assert_eq!(g.dof, k.saturating_sub(1), "{gctx}.dof");
        if g.dof > 0 {
            let chi = ChiSquared::new(g.dof as f64).unwrap_or_else(|e| panic!("{gctx}: {e}"));
            assert_p(
                g.p_value,
                chi.sf(g_expected.max(0.0)),
                &format!("{gctx}.pvalue"),
            );
        } else {
            assert_eq!(g.p_value, 1.0, "{gctx}: one category");
        }
        let t = &cd.tests["g_test"];
        assert_eq!(
            (t.statistic, t.score),
            (g.statistic, g.p_value),
            "{gctx}: tests.g_test"
        );
        assert_eq!(t.drifted, g.p_value < 0.05, "{gctx}: drift when p < 0.05");

        // TVD (independent closed form 1 − Σ min(p, q))
        let tctx = format!("{ctx} tvd");
        let (nr, np) = (rc.iter().sum::<u64>() as f64, pc.iter().sum::<u64>() as f64);
        let overlap: f64 = rc
            .iter()
            .zip(&pc)
            .map(|(&a, &b)| (a as f64 / nr).min(b as f64 / np))
            .sum();
        let tv = tvd::tvd_from_counts(&rc, &pc).unwrap_or_else(|e| panic!("{tctx}: {e}"));
        // 1 − Σ min cancels terms of size 1: absolute error of the closed-form tolerance.
        assert!(
            close(tv, 1.0 - overlap, REL_CLOSED_FORM, REL_CLOSED_FORM),
            "{tctx}: got {tv:e}, closed form {:e}",
            1.0 - overlap
        );
        assert!((0.0..=1.0).contains(&tv), "{tctx}: in [0, 1]");
        let t = &cd.tests["tvd"];
        assert_eq!(
            (t.statistic, t.drifted),
            (tv, tv >= 0.1),
            "{tctx}: tests.tvd"
        );
        checked += 1;
    }
    assert!(checked > 0, "{pair_name}: no column checked");
}

/// `numeric_drift_all` / `categorical_drift_all`: the verdict equals the default one, every
/// applicable method is either computed (with a p-value in [0, 1] where it has one) or listed in
/// `not_computable`, never both, and the default set is a subset of the computed tests.
fn check_all_suites(pair_name: &str) {
    let p = pair(pair_name);
    let mut checked = 0;
    for (col, block) in p.drift_columns(&["numerical", "categorical", "boolean"]) {
        let Some(_) = drift_block(&block) else {
            continue;
        };
        let ctx = format!("{pair_name} {col} all methods");
        let numeric = block.get("type").and_then(Value::as_str) == Some("numerical");
        let (default, all) = if numeric {
            let (x, y) = samples(&p, &col);
            let o = ColumnOptions::default();
            (
                numeric_drift(&x, &y, &o).unwrap_or_else(|e| panic!("{ctx}: {e}")),
                all_numeric(&x, &y, &o, &ctx),
            )
        } else {
            let c = p.categories(&col);
            (
                categorical_drift(&c.ref_counts, &c.prod_counts, &ColumnOptions::default())
                    .unwrap_or_else(|e| panic!("{ctx}: {e}")),
                all_categorical(&c.ref_counts, &c.prod_counts, &ctx),
            )
        };
        assert_eq!(
            (
                default.method,
                default.score.to_bits(),
                default.threshold,
                default.drifted,
                &default.reason
            ),
            (
                all.method,
                all.score.to_bits(),
                all.threshold,
                all.drifted,
                &all.reason
            ),
            "{ctx}: same verdict"
        );
        assert!(
            default.not_computable.is_empty(),
            "{ctx}: default set has nothing not computable"
        );
        for (id, t) in &default.tests {
            assert_eq!(
                all.tests.get(id),
                Some(t),
                "{ctx}: default test {id} identical in the all-methods result"
            );
        }
        for &m in Method::ALL {
            let applicable = if numeric {
                m.for_numeric() || m.on_counts()
            } else {
                m.for_categorical()
            };
            let (in_tests, in_nc) = (
                all.tests.contains_key(m.id()),
                all.not_computable.contains_key(m.id()),
            );
            assert_eq!(
                in_tests || in_nc,
                applicable,
                "{ctx}: {} applicable",
                m.id()
            );
            assert!(
                !(in_tests && in_nc),
                "{ctx}: {} both computed and not computable",
                m.id()
            );
            if let Some(t) = all.tests.get(m.id()) {
                assert_eq!(t.method, m, "{ctx}: {} method", m.id());
                if let Some(pv) = t.p_value {
                    assert!((0.0..=1.0).contains(&pv), "{ctx}: {} p = {pv}", m.id());
                }
                assert_eq!(
                    t.p_value.is_some(),
                    m.is_p_value(),
                    "{ctx}: {} p-value presence",
                    m.id()
                );
                assert_eq!(
                    t.drifted,
                    m.direction().drifted(t.score, t.threshold),
                    "{ctx}: {} verdict",
                    m.id()
                );
            }
        }
        checked += 1;
    }
    assert!(checked > 0, "{pair_name}: no column checked");
}

/// Maps Evidently's stattest names to ours (only those we implement).
fn method_of(evidently_name: &str) -> Option<Method> {
    match evidently_name {
        "ks" => Some(Method::Ks),
        "wasserstein" => Some(Method::Wasserstein),
        "chisquare" => Some(Method::Chisquare),
        "z" => Some(Method::Z),
        "jensenshannon" => Some(Method::Jensenshannon),
        "psi" => Some(Method::Psi),
        _ => None,
    }
}

/// `(numeric?, n_ref, n_unique, column verdict)` of a golden column with default options.
fn column_verdict(p: &Pair, col: &str, numeric: bool) -> (usize, usize, drift::ColumnDrift) {
    let ctx = format!("{} {col}", p.name);
    if numeric {
        let (x, y) = samples(p, col);
        let cd = numeric_drift(&x, &y, &ColumnOptions::default())
            .unwrap_or_else(|e| panic!("{ctx}: {e}"));
        (x.len(), count_distinct_pooled(&x, &y), cd)
    } else {
        let c = p.categories(col);
        let cd = categorical_drift(&c.ref_counts, &c.prod_counts, &ColumnOptions::default())
            .unwrap_or_else(|e| panic!("{ctx}: {e}"));
        (c.ref_counts.iter().sum::<u64>() as usize, c.names.len(), cd)
    }
}

/// `evidently.default_stattest` = `auto_method` (and the verdict's method) for every column;
/// `evidently.default_result.drift_score` = our score where the definitions agree.
fn check_auto_method(pair_name: &str) {
    let p = pair(pair_name);
    let mut checked = 0;
    for (col, block) in p.drift_columns(&["numerical", "categorical", "boolean"]) {
        let Some(d) = drift_block(&block) else {
            continue;
        };
        let ctx = format!("{pair_name} {col} evidently");
        let numeric = block.get("type").and_then(Value::as_str) == Some("numerical");
        let ev = field(d, "evidently", &ctx);
        let name = field(ev, "default_stattest", &ctx)
            .as_str()
            .unwrap_or_default();
        let expected =
            method_of(name).unwrap_or_else(|| panic!("{ctx}: unexpected default_stattest {name}"));
        let (n_ref, n_unique, cd) = column_verdict(&p, &col, numeric);
        assert_eq!(
            auto_method(numeric, n_ref, n_unique),
            expected,
            "{ctx}.default_stattest (n_ref {n_ref}, n_unique {n_unique})"
        );
        assert_eq!(cd.method, expected, "{ctx}: verdict method");

        let res = field(ev, "default_result", &ctx);
        let score = num_at(res, "drift_score", &ctx);
        match expected {
            // Evidently's `chisquare` is a goodness-of-fit test against reference frequencies,
            // not our homogeneity test: different numbers by definition.
            Method::Chisquare => {}
            Method::Ks | Method::Z => {
                assert_p(
                    cd.score,
                    score,
                    &format!("{ctx}.default_result.drift_score"),
                );
                assert_eq!(
                    cd.drifted,
                    res.get("drifted")
                        .and_then(Value::as_bool)
                        .unwrap_or(!cd.drifted),
                    "{ctx}.default_result.drifted"
                );
            }
            _ => {
                assert!(
                    close(cd.score, score, REL_EVIDENTLY, 0.0),
                    "{ctx}.default_result.drift_score: got {:e}, expected {score:e}",
                    cd.score
                );
                assert_eq!(
                    cd.drifted,
                    res.get("drifted")
                        .and_then(Value::as_bool)
                        .unwrap_or(!cd.drifted),
                    "{ctx}.default_result.drifted"
                );
            }
        }
        checked += 1;
    }
    assert!(checked > 0, "{pair_name}: no column checked");
}

/// `evidently.tests.*` where our definition equals Evidently's.
///
/// - `ks` (p-value), `wasserstein` (normed), `z` (pooled z-test p; Evidently computes
///   `2·(1 − Φ(|z|))`, equal within the p-value tolerance): always compared.
/// - `jensenshannon`: compared on the binning Evidently used (`get_binned_data`): Sturges over
///   the pooled range when the reference has > 20 distinct values, else one bin per distinct
///   value (categorical: per category) — both implemented here.
/// - `psi`: Evidently replaces empty shares by `min(nonzero)/1e6` (or 1e-4) per side, we by
///   1e-4 (golden `binned.*.psi`), so it is compared only when no bin is empty on either side.
/// - `kl_div`: the same floor question; Evidently's floor is 1e-4 exactly when the smallest
///   nonzero share of a side is > 1e-4, so it is compared when that holds on both sides.
/// - `hellinger`: categorical columns only (Evidently's `sqrt(1 − Σ√(p·q))` equals ours for
///   shares summing to 1); on numeric columns Evidently uses density histograms over its own
///   bins — a different definition, skipped.
/// - `anderson` (the legacy table p-value, same as ours; an error → NotComputable), `ed` (the
///   raw energy distance = our `energy` statistic; our score is normed, SPEC §3.1),
///   `fisher_exact` (two-sided p, invariant to Evidently's row order; recorded only for equal
///   sizes), `cramer_von_mises` on its asymptotic branch (max n > 20; Evidently's own copy of
///   the exact branch rounds the counts through a small float type, e.g. 0.142822265625 for
///   scipy's 1/7, so the exact branch is skipped).
/// - Defined differently, skipped: `chisquare` (goodness of fit vs our homogeneity test),
///   `mannw` (one-sided `alternative='less'` vs our two-sided test — checked against the golden
///   `mannwhitneyu` block in `check_mann_whitney`), `t_test` (Student vs our Welch — checked
///   against `ttest_welch`), `g_test` (goodness of fit on unscaled counts vs our homogeneity
///   G-test), `tvd` (a seeded permutation p-value vs our distance), `es` (Epps–Singleton, not
///   in SPEC).
fn check_evidently_tests(pair_name: &str) {
    let p = pair(pair_name);
    let mut checked = 0;
    for (col, block) in p.drift_columns(&["numerical", "categorical", "boolean"]) {
        let Some(d) = drift_block(&block) else {
            continue;
        };
        let ctx = format!("{pair_name} {col} evidently.tests");
        let numeric = block.get("type").and_then(Value::as_str) == Some("numerical");
        let ev = field(d, "evidently", &ctx);
        let tests = field(ev, "tests", &ctx);

        // Counts on Evidently's binning.
        let (rc, pc) = if numeric {
            let (x, y) = samples(&p, &col);
            let binning_used = field(ev, "binning_used_by_psi_kl_js", &ctx)
                .as_str()
                .unwrap_or_default();
            assert_eq!(
                binning_used,
                if sorted_unique(&x) > 20 {
                    "sturges_combined"
                } else {
                    "unique_values"
                },
                "{ctx}: binning_used_by_psi_kl_js"
            );
            if binning_used == "sturges_combined" {
                let e = binning::sturges_edges(&x, &y);
                (
                    binning::counts_by_edges(&x, &e),
                    binning::counts_by_edges(&y, &e),
                )
            } else {
                let (_, rc, pc) = binning::unique_value_counts(&x, &y);
                (rc, pc)
            }
        } else {
            let c = p.categories(&col);
            (c.ref_counts, c.prod_counts)
        };

        if let Some(t) = tests
            .get("jensenshannon")
            .filter(|t| t.get("drift_score").is_some())
        {
            let js = jensenshannon::js_distance_from_counts(&rc, &pc)
                .unwrap_or_else(|e| panic!("{ctx}: {e}"));
            let g = num_at(t, "drift_score", &ctx);
            assert!(
                close(js, g, REL_EVIDENTLY, 0.0),
                "{ctx}.jensenshannon: got {js:e}, expected {g:e}"
            );
            checked += 1;
        }
        if let Some(t) = tests.get("psi").filter(|t| t.get("drift_score").is_some()) {
            if rc.iter().chain(&pc).all(|&c| c > 0) {
                let v = psi::psi_from_counts(&rc, &pc).unwrap_or_else(|e| panic!("{ctx}: {e}"));
                let g = num_at(t, "drift_score", &ctx);
                assert!(
                    close(v, g, REL_EVIDENTLY, 0.0),
                    "{ctx}.psi: got {v:e}, expected {g:e}"
                );
                checked += 1;
            }
        }
        if numeric {
            let (x, y) = samples(&p, &col);
            if let Some(t) = tests.get("ks").filter(|t| t.get("drift_score").is_some()) {
                let r = ks::ks_two_sample(&x, &y, ks::KsMode::Auto)
                    .unwrap_or_else(|e| panic!("{ctx}: {e}"));
                assert_p(
                    r.p_value,
                    num_at(t, "drift_score", &ctx),
                    &format!("{ctx}.ks"),
                );
                checked += 1;
            }
            if let Some(t) = tests
                .get("wasserstein")
                .filter(|t| t.get("drift_score").is_some())
            {
                let w = wasserstein::normed(&x, &y).unwrap_or_else(|e| panic!("{ctx}: {e}"));
                let g = num_at(t, "drift_score", &ctx);
                assert!(
                    close(w.value, g, REL_EVIDENTLY, 0.0),
                    "{ctx}.wasserstein: got {:e}, expected {g:e}",
                    w.value
                );
                checked += 1;
            }
        }
        if let Some(t) = tests
            .get("kl_div")
            .filter(|t| t.get("drift_score").is_some())
        {
            let min_share = |c: &[u64]| {
                let n = c.iter().sum::<u64>() as f64;
                c.iter()
                    .filter(|&&v| v > 0)
                    .map(|&v| v as f64 / n)
                    .fold(f64::INFINITY, f64::min)
            };
            if min_share(&rc) > 1e-4 && min_share(&pc) > 1e-4 {
                let v =
                    kl_div::kl_div_from_counts(&rc, &pc).unwrap_or_else(|e| panic!("{ctx}: {e}"));
                let g = num_at(t, "drift_score", &ctx);
                assert!(
                    close(v, g, REL_EVIDENTLY, 0.0),
                    "{ctx}.kl_div: got {v:e}, expected {g:e}"
                );
                checked += 1;
            }
        }
        if !numeric {
            if let Some(t) = tests
                .get("hellinger")
                .filter(|t| t.get("drift_score").is_some())
            {
                let v = hellinger::hellinger_from_counts(&rc, &pc)
                    .unwrap_or_else(|e| panic!("{ctx}: {e}"));
                let g = num_at(t, "drift_score", &ctx);
                assert!(
                    close(v, g, REL_EVIDENTLY, 0.0),
                    "{ctx}.hellinger: got {v:e}, expected {g:e}"
                );
                checked += 1;
            }
            if let Some(t) = tests
                .get("fisher_exact")
                .filter(|t| t.get("drift_score").is_some())
            {
                let f =
                    fisher_exact::fisher_exact(&rc, &pc).unwrap_or_else(|e| panic!("{ctx}: {e}"));
                assert_p(
                    f.p_value,
                    num_at(t, "drift_score", &ctx),
                    &format!("{ctx}.fisher_exact"),
                );
                checked += 1;
            }
        }
        if numeric {
            let (x, y) = samples(&p, &col);
            if let Some(t) = tests.get("anderson") {
                if is_error(t) {
                    let r = anderson::anderson_ksamp(&x, &y);
                    assert!(
                        matches!(r, Err(DriftError::NotComputable(_))),
                        "{ctx}.anderson: expected NotComputable, got {r:?}"
                    );
                } else {
                    let r =
                        anderson::anderson_ksamp(&x, &y).unwrap_or_else(|e| panic!("{ctx}: {e}"));
                    assert_p(
                        r.p_value,
                        num_at(t, "drift_score", &ctx),
                        &format!("{ctx}.anderson"),
                    );
                }
                checked += 1;
            }
            if let Some(t) = tests.get("ed").filter(|t| t.get("drift_score").is_some()) {
                let e = energy::energy_distance(&x, &y).unwrap_or_else(|e| panic!("{ctx}: {e}"));
                let g = num_at(t, "drift_score", &ctx);
                assert!(
                    close(e, g, REL_EVIDENTLY, 0.0),
                    "{ctx}.ed: got {e:e}, expected {g:e}"
                );
                checked += 1;
            }
            if let Some(t) = tests
                .get("cramer_von_mises")
                .filter(|t| t.get("drift_score").is_some())
            {
                if x.len().max(y.len()) > cramer_von_mises::MAX_EXACT_N {
                    let r =
                        cramer_von_mises::cvm_two_sample(&x, &y, cramer_von_mises::CvmMode::Auto)
                            .unwrap_or_else(|e| panic!("{ctx}: {e}"));
                    assert_p(
                        r.p_value,
                        num_at(t, "drift_score", &ctx),
                        &format!("{ctx}.cramer_von_mises"),
                    );
                    checked += 1;
                }
            }
        }
        if let Some(t) = tests.get("z").filter(|t| t.get("drift_score").is_some()) {
            // Evidently's z: indicator = 0 for the first sorted value, 1 for any other (so with
            // 2 values the success is the second one, with 1 value p = 1; it also runs on > 2).
            let (n_ref, n_prod): (u64, u64) = (rc.iter().sum(), pc.iter().sum());
            let (s_ref, s_prod) = (
                n_ref - rc.first().copied().unwrap_or(0),
                n_prod - pc.first().copied().unwrap_or(0),
            );
            let z = z_test::two_proportion(s_ref, n_ref, s_prod, n_prod)
                .unwrap_or_else(|e| panic!("{ctx}: {e}"));
            assert_p(
                z.p_value,
                num_at(t, "drift_score", &ctx),
                &format!("{ctx}.z"),
            );
            checked += 1;
        }
    }
    assert!(checked > 0, "{pair_name}: no Evidently test compared");
}

fn sorted_unique(sorted: &[f64]) -> usize {
    driftcard::stats::count_distinct_sorted(sorted)
}

/// `n_ref`/`n_prod` of every drift block through the verdict functions, and `skipped` blocks
/// (a side with no values) → `NotComputable`.
fn check_counts_and_skips(pair_name: &str) {
    let p = pair(pair_name);
    let mut checked = 0;
    for (col, block) in p.drift_columns(&["numerical", "categorical", "boolean"]) {
        let ctx = format!("{pair_name} {col} drift");
        let d = field(&block, "drift", &ctx);
        let numeric = block.get("type").and_then(Value::as_str) == Some("numerical");
        let result = if numeric {
            let (x, y) = p.numeric(&col);
            numeric_drift(&x, &y, &ColumnOptions::default())
        } else {
            let c = p.categories(&col);
            categorical_drift(&c.ref_counts, &c.prod_counts, &ColumnOptions::default())
        };
        if d.get("skipped").is_some() {
            assert!(
                matches!(result, Err(DriftError::NotComputable(_))),
                "{ctx}: skipped block must be NotComputable, got {result:?}"
            );
        } else {
            let cd = result.unwrap_or_else(|e| panic!("{ctx}: {e}"));
            assert_eq!(cd.n_ref as f64, num_at(d, "n_ref", &ctx), "{ctx}.n_ref");
            assert_eq!(cd.n_prod as f64, num_at(d, "n_prod", &ctx), "{ctx}.n_prod");
            assert!(
                cd.tests.contains_key(cd.method.id()),
                "{ctx}: chosen method in tests"
            );
            assert!(cd.tests.contains_key("psi"), "{ctx}: psi always computed");
            assert!(!cd.reason.is_empty(), "{ctx}: reason");
        }
        checked += 1;
    }
    assert!(checked > 0, "{pair_name}: no drift block checked");
}

// ---------------------------------------------------------------------------------------------
// One test per pair and family
// ---------------------------------------------------------------------------------------------

macro_rules! golden_tests {
    ($($name:ident => $check:ident($pair:literal);)*) => {
        $(
            #[test]
            fn $name() {
                $check($pair);
            }
        )*
    };
}

golden_tests! {
    pair01_ks_matches_scipy => check_ks("pair01_binary_mixed");
    pair02_ks_matches_scipy => check_ks("pair02_multiclass");
    pair03_ks_matches_scipy => check_ks("pair03_tiny_n5");
    pair04_ks_matches_scipy => check_ks("pair04_large_n20000");
    pair05_ks_matches_scipy => check_ks("pair05_regression");
    pair06_ks_matches_scipy => check_ks("pair06_edge_cases");

    pair01_wasserstein_matches_scipy_and_evidently => check_wasserstein("pair01_binary_mixed");
    pair02_wasserstein_matches_scipy_and_evidently => check_wasserstein("pair02_multiclass");
    pair03_wasserstein_matches_scipy_and_evidently => check_wasserstein("pair03_tiny_n5");
    pair04_wasserstein_matches_scipy_and_evidently => check_wasserstein("pair04_large_n20000");
    pair05_wasserstein_matches_scipy_and_evidently => check_wasserstein("pair05_regression");
    pair06_wasserstein_matches_scipy_and_evidently => check_wasserstein("pair06_edge_cases");

    pair01_ref_deciles_match_numpy => check_ref_deciles("pair01_binary_mixed");
    pair02_ref_deciles_match_numpy => check_ref_deciles("pair02_multiclass");
    pair03_ref_deciles_match_numpy => check_ref_deciles("pair03_tiny_n5");
    pair04_ref_deciles_match_numpy => check_ref_deciles("pair04_large_n20000");
    pair05_ref_deciles_match_numpy => check_ref_deciles("pair05_regression");
    pair06_ref_deciles_match_numpy => check_ref_deciles("pair06_edge_cases");

    pair01_sturges_combined_matches_numpy => check_sturges("pair01_binary_mixed");
    pair02_sturges_combined_matches_numpy => check_sturges("pair02_multiclass");
    pair03_sturges_combined_matches_numpy => check_sturges("pair03_tiny_n5");
    pair04_sturges_combined_matches_numpy => check_sturges("pair04_large_n20000");
    pair05_sturges_combined_matches_numpy => check_sturges("pair05_regression");
    pair06_sturges_combined_matches_numpy => check_sturges("pair06_edge_cases");

    pair01_seed_psi_matches_the_seed_formula => check_seed_psi("pair01_binary_mixed");
    pair02_seed_psi_matches_the_seed_formula => check_seed_psi("pair02_multiclass");
    pair03_seed_psi_matches_the_seed_formula => check_seed_psi("pair03_tiny_n5");
    pair04_seed_psi_matches_the_seed_formula => check_seed_psi("pair04_large_n20000");
    pair05_seed_psi_matches_the_seed_formula => check_seed_psi("pair05_regression");
    pair06_seed_psi_matches_the_seed_formula => check_seed_psi("pair06_edge_cases");

    pair01_categorical_tests_match_scipy_and_statsmodels => check_categorical("pair01_binary_mixed");
    pair02_categorical_tests_match_scipy_and_statsmodels => check_categorical("pair02_multiclass");
    pair03_categorical_tests_match_scipy_and_statsmodels => check_categorical("pair03_tiny_n5");
    pair04_categorical_tests_match_scipy_and_statsmodels => check_categorical("pair04_large_n20000");
    pair05_categorical_tests_match_scipy_and_statsmodels => check_categorical("pair05_regression");
    pair06_categorical_tests_match_scipy_and_statsmodels => check_categorical("pair06_edge_cases");

    pair01_auto_method_matches_evidently => check_auto_method("pair01_binary_mixed");
    pair02_auto_method_matches_evidently => check_auto_method("pair02_multiclass");
    pair03_auto_method_matches_evidently => check_auto_method("pair03_tiny_n5");
    pair04_auto_method_matches_evidently => check_auto_method("pair04_large_n20000");
    pair05_auto_method_matches_evidently => check_auto_method("pair05_regression");
    pair06_auto_method_matches_evidently => check_auto_method("pair06_edge_cases");

    pair01_evidently_tests_match => check_evidently_tests("pair01_binary_mixed");
    pair02_evidently_tests_match => check_evidently_tests("pair02_multiclass");
    pair03_evidently_tests_match => check_evidently_tests("pair03_tiny_n5");
    pair04_evidently_tests_match => check_evidently_tests("pair04_large_n20000");
    pair05_evidently_tests_match => check_evidently_tests("pair05_regression");
    pair06_evidently_tests_match => check_evidently_tests("pair06_edge_cases");

    pair01_counts_and_skipped_columns => check_counts_and_skips("pair01_binary_mixed");
    pair02_counts_and_skipped_columns => check_counts_and_skips("pair02_multiclass");
    pair03_counts_and_skipped_columns => check_counts_and_skips("pair03_tiny_n5");
    pair04_counts_and_skipped_columns => check_counts_and_skips("pair04_large_n20000");
    pair05_counts_and_skipped_columns => check_counts_and_skips("pair05_regression");
    pair06_counts_and_skipped_columns => check_counts_and_skips("pair06_edge_cases");

    pair01_anderson_darling_matches_scipy => check_anderson("pair01_binary_mixed");
    pair02_anderson_darling_matches_scipy => check_anderson("pair02_multiclass");
    pair03_anderson_darling_matches_scipy => check_anderson("pair03_tiny_n5");
    pair04_anderson_darling_matches_scipy => check_anderson("pair04_large_n20000");
    pair05_anderson_darling_matches_scipy => check_anderson("pair05_regression");
    pair06_anderson_darling_matches_scipy => check_anderson("pair06_edge_cases");

    pair01_cramer_von_mises_matches_scipy => check_cramer_von_mises("pair01_binary_mixed");
    pair02_cramer_von_mises_matches_scipy => check_cramer_von_mises("pair02_multiclass");
    pair03_cramer_von_mises_matches_scipy => check_cramer_von_mises("pair03_tiny_n5");
    pair04_cramer_von_mises_matches_scipy => check_cramer_von_mises("pair04_large_n20000");
    pair05_cramer_von_mises_matches_scipy => check_cramer_von_mises("pair05_regression");
    pair06_cramer_von_mises_matches_scipy => check_cramer_von_mises("pair06_edge_cases");

    pair01_mann_whitney_matches_scipy => check_mann_whitney("pair01_binary_mixed");
    pair02_mann_whitney_matches_scipy => check_mann_whitney("pair02_multiclass");
    pair03_mann_whitney_matches_scipy => check_mann_whitney("pair03_tiny_n5");
    pair04_mann_whitney_matches_scipy => check_mann_whitney("pair04_large_n20000");
    pair05_mann_whitney_matches_scipy => check_mann_whitney("pair05_regression");
    pair06_mann_whitney_matches_scipy => check_mann_whitney("pair06_edge_cases");

    pair01_welch_t_test_matches_scipy => check_t_test("pair01_binary_mixed");
    pair02_welch_t_test_matches_scipy => check_t_test("pair02_multiclass");
    pair03_welch_t_test_matches_scipy => check_t_test("pair03_tiny_n5");
    pair04_welch_t_test_matches_scipy => check_t_test("pair04_large_n20000");
    pair05_welch_t_test_matches_scipy => check_t_test("pair05_regression");
    pair06_welch_t_test_matches_scipy => check_t_test("pair06_edge_cases");

    pair01_energy_distance_matches_scipy => check_energy("pair01_binary_mixed");
    pair02_energy_distance_matches_scipy => check_energy("pair02_multiclass");
    pair03_energy_distance_matches_scipy => check_energy("pair03_tiny_n5");
    pair04_energy_distance_matches_scipy => check_energy("pair04_large_n20000");
    pair05_energy_distance_matches_scipy => check_energy("pair05_regression");
    pair06_energy_distance_matches_scipy => check_energy("pair06_edge_cases");

    pair01_binned_methods_of_all_tests_match_golden => check_binned_all_methods("pair01_binary_mixed");
    pair02_binned_methods_of_all_tests_match_golden => check_binned_all_methods("pair02_multiclass");
    pair03_binned_methods_of_all_tests_match_golden => check_binned_all_methods("pair03_tiny_n5");
    pair04_binned_methods_of_all_tests_match_golden => check_binned_all_methods("pair04_large_n20000");
    pair05_binned_methods_of_all_tests_match_golden => check_binned_all_methods("pair05_regression");
    pair06_binned_methods_of_all_tests_match_golden => check_binned_all_methods("pair06_edge_cases");

    pair01_fisher_g_test_and_tvd_match => check_fisher_g_tvd("pair01_binary_mixed");
    pair02_fisher_g_test_and_tvd_match => check_fisher_g_tvd("pair02_multiclass");
    pair03_fisher_g_test_and_tvd_match => check_fisher_g_tvd("pair03_tiny_n5");
    pair04_fisher_g_test_and_tvd_match => check_fisher_g_tvd("pair04_large_n20000");
    pair05_fisher_g_test_and_tvd_match => check_fisher_g_tvd("pair05_regression");
    pair06_fisher_g_test_and_tvd_match => check_fisher_g_tvd("pair06_edge_cases");

    pair01_all_methods_suite_is_consistent => check_all_suites("pair01_binary_mixed");
    pair02_all_methods_suite_is_consistent => check_all_suites("pair02_multiclass");
    pair03_all_methods_suite_is_consistent => check_all_suites("pair03_tiny_n5");
    pair04_all_methods_suite_is_consistent => check_all_suites("pair04_large_n20000");
    pair05_all_methods_suite_is_consistent => check_all_suites("pair05_regression");
    pair06_all_methods_suite_is_consistent => check_all_suites("pair06_edge_cases");
}
