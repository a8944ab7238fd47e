//! Golden tests: every drift statistic of `src/stats` and `src/drift` against the reference
//! values in `../shared/golden/pair0*/expected.json` (scipy 1.18, numpy 2, statsmodels,
//! evidently 0.7.23; see the golden README for the exact calls).
//!
//! One test per pair and family. Every assertion message names the pair, the column and the
//! field. Tolerances live in `tests/util.rs` only.

mod util;

use driftcard::drift::{
    self, auto_method, binning, categorical_drift, chi_square, jensenshannon, ks, numeric_drift, psi, wasserstein,
    z_test, Binning, ColumnOptions, DriftError, Method,
};
use driftcard::stats::{count_distinct_pooled, sorted_finite};
use serde_json::Value;
use util::*;

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

/// Binned metrics (`psi`, `js_distance_base_e`, `js_distance_base2`) of a `binned.*` block.
fn check_binned_metrics(g: &Value, rc: &[u64], pc: &[u64], ctx: &str) {
    assert_eq!(rc, counts(field(g, "ref_counts", ctx), ctx).as_slice(), "{ctx}.ref_counts");
    assert_eq!(pc, counts(field(g, "prod_counts", ctx), ctx).as_slice(), "{ctx}.prod_counts");
    let (p, q) = (shares(rc), shares(pc));
    assert_vec_closed(&p, &nums(field(g, "ref_share", ctx), ctx), &format!("{ctx}.ref_share"));
    assert_vec_closed(&q, &nums(field(g, "prod_share", ctx), ctx), &format!("{ctx}.prod_share"));
    assert_closed(psi::psi(&p, &q), num_at(g, "psi", ctx), &format!("{ctx}.psi"));
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
}

// ---------------------------------------------------------------------------------------------
// Families
// ---------------------------------------------------------------------------------------------

/// `ks_2samp.{auto,exact,asymp}`: statistic, p-value, location, sign, exact-failure warning.
fn check_ks(pair_name: &str) {
    let p = pair(pair_name);
    let mut checked = 0;
    for (col, block) in p.drift_columns(&["numerical"]) {
        let Some(d) = drift_block(&block) else { continue };
        let (x, y) = samples(&p, &col);
        for (mode_name, mode) in [("auto", ks::KsMode::Auto), ("exact", ks::KsMode::Exact), ("asymp", ks::KsMode::Asymp)] {
            let ctx = format!("{pair_name} {col} ks_2samp.{mode_name}");
            let g = field(field(d, "ks_2samp", &ctx), mode_name, &ctx);
            let r = ks::ks_two_sample(&x, &y, mode).unwrap_or_else(|e| panic!("{ctx}: {e}"));
            assert_closed(r.statistic, num_at(g, "statistic", &ctx), &format!("{ctx}.statistic"));
            assert_p(r.p_value, num_at(g, "pvalue", &ctx), &format!("{ctx}.pvalue"));
            assert_eq!(r.location, num_at(g, "statistic_location", &ctx), "{ctx}.statistic_location");
            assert_eq!(f64::from(r.sign), num_at(g, "statistic_sign", &ctx), "{ctx}.statistic_sign");
            let warned = g
                .get("warnings")
                .and_then(Value::as_array)
                .is_some_and(|w| w.iter().any(|s| s.as_str().is_some_and(|s| s.contains("Exact calculation unsuccessful"))));
            assert_eq!(r.exact_unsuccessful, warned, "{ctx}: exact-calculation-unsuccessful flag");
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
        let Some(d) = drift_block(&block) else { continue };
        let ctx = format!("{pair_name} {col}");
        let (x, y) = samples(&p, &col);
        let w = wasserstein::wasserstein_distance(&x, &y).unwrap_or_else(|e| panic!("{ctx}: {e}"));
        assert_closed(w, num_at(field(d, "wasserstein", &ctx), "distance", &ctx), &format!("{ctx} wasserstein.distance"));
        let n = wasserstein::normed(&x, &y).unwrap_or_else(|e| panic!("{ctx}: {e}"));
        let g = field(d, "wasserstein_normed_evidently", &ctx);
        assert_closed(n.norm, num_at(g, "norm", &ctx), &format!("{ctx} wasserstein_normed_evidently.norm"));
        assert_closed(n.value, num_at(g, "value", &ctx), &format!("{ctx} wasserstein_normed_evidently.value"));
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
        let Some(d) = drift_block(&block) else { continue };
        let ctx = format!("{pair_name} {col} binned.ref_deciles");
        let g = field(field(d, "binned", &ctx), "ref_deciles", &ctx);
        let (x, y) = samples(&p, &col);
        let cuts = binning::ref_deciles_cuts(&x);
        assert_vec_closed(&cuts, &nums(field(g, "cuts", &ctx), &ctx), &format!("{ctx}.cuts"));
        let rc = binning::counts_by_cuts(&x, &cuts);
        let pc = binning::counts_by_cuts(&y, &cuts);
        check_binned_metrics(g, &rc, &pc, &ctx);
        let h = drift::histogram(&x, &y, Binning::RefDeciles, 10);
        assert_eq!(h.ref_counts, rc, "{ctx}: histogram ref counts");
        assert_eq!(h.prod_counts, pc, "{ctx}: histogram prod counts");
        assert_eq!(&h.edges[1..h.edges.len() - 1], cuts.as_slice(), "{ctx}: histogram inner edges");
        // numeric_drift's psi uses this binning unless the column has ≤ 5 distinct values.
        if count_distinct_pooled(&x, &y) > 5 {
            let cd = numeric_drift(&x, &y, &ColumnOptions::default()).unwrap_or_else(|e| panic!("{ctx}: {e}"));
            assert_closed(cd.tests["psi"].statistic, num_at(g, "psi", &ctx), &format!("{ctx}: numeric_drift tests.psi"));
            assert_closed(
                cd.tests["jensenshannon"].statistic,
                num_at(g, "js_distance_base_e", &ctx),
                &format!("{ctx}: numeric_drift tests.jensenshannon"),
            );
            assert_eq!(cd.tests["psi"].bins.as_deref(), Some(cuts.as_slice()), "{ctx}: numeric_drift tests.psi.bins");
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
        let Some(d) = drift_block(&block) else { continue };
        let ctx = format!("{pair_name} {col} binned.sturges_combined");
        let g = field(field(d, "binned", &ctx), "sturges_combined", &ctx);
        let (x, y) = samples(&p, &col);
        let edges = binning::sturges_edges(&x, &y);
        assert_vec_closed(&edges, &nums(field(g, "edges", &ctx), &ctx), &format!("{ctx}.edges"));
        let rc = binning::counts_by_edges(&x, &edges);
        let pc = binning::counts_by_edges(&y, &edges);
        check_binned_metrics(g, &rc, &pc, &ctx);
        let h = drift::histogram(&x, &y, Binning::SturgesCombined, 10);
        assert_eq!(h.edges, edges, "{ctx}: histogram edges");
        assert_eq!((h.ref_counts, h.prod_counts), (rc, pc), "{ctx}: histogram counts");
        checked += 1;
    }
    assert!(checked > 0, "{pair_name}: no sturges_combined block checked");
}

/// `seed_simple_psi`: bins, ref_hist, cur_hist, psi; also numeric_drift's `psi_seed`.
fn check_seed_psi(pair_name: &str) {
    let p = pair(pair_name);
    let mut checked = 0;
    for (col, block) in p.drift_columns(&["numerical"]) {
        let Some(d) = drift_block(&block) else { continue };
        let ctx = format!("{pair_name} {col} seed_simple_psi");
        let g = field(d, "seed_simple_psi", &ctx);
        let (x, y) = samples(&p, &col);
        let s = psi::psi_seed(&x, &y).unwrap_or_else(|e| panic!("{ctx}: {e}"));
        assert_vec_closed(&s.bins, &nums(field(g, "bins", &ctx), &ctx), &format!("{ctx}.bins"));
        assert_vec_closed(&s.ref_hist, &nums(field(g, "ref_hist", &ctx), &ctx), &format!("{ctx}.ref_hist"));
        assert_vec_closed(&s.cur_hist, &nums(field(g, "cur_hist", &ctx), &ctx), &format!("{ctx}.cur_hist"));
        assert_closed(s.psi, num_at(g, "psi", &ctx), &format!("{ctx}.psi"));
        let cd = numeric_drift(&x, &y, &ColumnOptions::default()).unwrap_or_else(|e| panic!("{ctx}: {e}"));
        assert_closed(cd.tests["psi_seed"].statistic, num_at(g, "psi", &ctx), &format!("{ctx}: numeric_drift tests.psi_seed"));
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
        let Some(d) = drift_block(&block) else { continue };
        let ctx = format!("{pair_name} {col}");
        let c = p.categories(&col);
        let golden_cats: Vec<String> = field(d, "categories", &ctx)
            .as_array()
            .map(|a| a.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect())
            .unwrap_or_default();
        assert_eq!(c.names, golden_cats, "{ctx}: categories");
        assert_eq!(c.ref_counts.iter().sum::<u64>() as f64, num_at(d, "n_ref", &ctx), "{ctx}: n_ref");
        assert_eq!(c.prod_counts.iter().sum::<u64>() as f64, num_at(d, "n_prod", &ctx), "{ctx}: n_prod");

        let g = field(d, "chi2_contingency", &ctx);
        let chi = chi_square::chi2_contingency(&c.ref_counts, &c.prod_counts).unwrap_or_else(|e| panic!("{ctx}: {e}"));
        assert_closed(chi.statistic, num_at(g, "statistic", &ctx), &format!("{ctx} chi2_contingency.statistic"));
        assert_p(chi.p_value, num_at(g, "pvalue", &ctx), &format!("{ctx} chi2_contingency.pvalue"));
        assert_eq!(chi.dof as f64, num_at(g, "dof", &ctx), "{ctx} chi2_contingency.dof");

        let cd = categorical_drift(&c.ref_counts, &c.prod_counts, &ColumnOptions::default())
            .unwrap_or_else(|e| panic!("{ctx}: {e}"));
        assert_closed(cd.tests["chisquare"].statistic, chi.statistic, &format!("{ctx}: categorical_drift tests.chisquare"));

        if let Some(gz) = d.get("two_proportion_ztest") {
            let zctx = format!("{ctx} two_proportion_ztest");
            assert_eq!(
                d.get("success_category").and_then(Value::as_str),
                c.names.get(1).map(String::as_str),
                "{ctx}: success_category"
            );
            let (n1, n2) = (c.ref_counts.iter().sum(), c.prod_counts.iter().sum());
            let z = z_test::two_proportion(c.ref_counts[1], n1, c.prod_counts[1], n2).unwrap_or_else(|e| panic!("{zctx}: {e}"));
            assert_closed(z.statistic, num_at(gz, "statistic", &zctx), &format!("{zctx}.statistic"));
            assert_p(z.p_value, num_at(gz, "pvalue", &zctx), &format!("{zctx}.pvalue"));
            assert_closed(z.p_ref, num_at(gz, "p_ref", &zctx), &format!("{zctx}.p_ref"));
            assert_closed(z.p_prod, num_at(gz, "p_prod", &zctx), &format!("{zctx}.p_prod"));
            assert_closed(cd.tests["z"].statistic, z.statistic, &format!("{zctx}: categorical_drift tests.z"));
        } else {
            assert!(c.names.len() != 2, "{ctx}: two categories but no two_proportion_ztest block");
        }

        let bctx = format!("{ctx} binned.categories");
        let gb = field(field(d, "binned", &ctx), "categories", &ctx);
        check_binned_metrics(gb, &c.ref_counts, &c.prod_counts, &bctx);
        assert_closed(cd.tests["psi"].statistic, num_at(gb, "psi", &bctx), &format!("{bctx}: categorical_drift tests.psi"));
        assert_closed(
            cd.tests["jensenshannon"].statistic,
            num_at(gb, "js_distance_base_e", &bctx),
            &format!("{bctx}: categorical_drift tests.jensenshannon"),
        );
        checked += 1;
    }
    assert!(checked > 0, "{pair_name}: no categorical column checked");
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
        let cd = numeric_drift(&x, &y, &ColumnOptions::default()).unwrap_or_else(|e| panic!("{ctx}: {e}"));
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
        let Some(d) = drift_block(&block) else { continue };
        let ctx = format!("{pair_name} {col} evidently");
        let numeric = block.get("type").and_then(Value::as_str) == Some("numerical");
        let ev = field(d, "evidently", &ctx);
        let name = field(ev, "default_stattest", &ctx).as_str().unwrap_or_default();
        let expected = method_of(name).unwrap_or_else(|| panic!("{ctx}: unexpected default_stattest {name}"));
        let (n_ref, n_unique, cd) = column_verdict(&p, &col, numeric);
        assert_eq!(auto_method(numeric, n_ref, n_unique), expected, "{ctx}.default_stattest (n_ref {n_ref}, n_unique {n_unique})");
        assert_eq!(cd.method, expected, "{ctx}: verdict method");

        let res = field(ev, "default_result", &ctx);
        let score = num_at(res, "drift_score", &ctx);
        match expected {
            // Evidently's `chisquare` is a goodness-of-fit test against reference frequencies,
            // not our homogeneity test: different numbers by definition.
            Method::Chisquare => {}
            Method::Ks | Method::Z => {
                assert_p(cd.score, score, &format!("{ctx}.default_result.drift_score"));
                assert_eq!(cd.drifted, res.get("drifted").and_then(Value::as_bool).unwrap_or(!cd.drifted), "{ctx}.default_result.drifted");
            }
            _ => {
                assert!(close(cd.score, score, REL_EVIDENTLY, 0.0), "{ctx}.default_result.drift_score: got {:e}, expected {score:e}", cd.score);
                assert_eq!(cd.drifted, res.get("drifted").and_then(Value::as_bool).unwrap_or(!cd.drifted), "{ctx}.default_result.drifted");
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
/// - `chisquare` (goodness of fit), `kl_div`, `hellinger`, `anderson`, `cramer_von_mises`,
///   `mannw`, `t_test`, `ed`, `es`, `fisher_exact`, `tvd`, `g_test`: not implemented in this
///   module (or defined differently), skipped.
fn check_evidently_tests(pair_name: &str) {
    let p = pair(pair_name);
    let mut checked = 0;
    for (col, block) in p.drift_columns(&["numerical", "categorical", "boolean"]) {
        let Some(d) = drift_block(&block) else { continue };
        let ctx = format!("{pair_name} {col} evidently.tests");
        let numeric = block.get("type").and_then(Value::as_str) == Some("numerical");
        let ev = field(d, "evidently", &ctx);
        let tests = field(ev, "tests", &ctx);

        // Counts on Evidently's binning.
        let (rc, pc) = if numeric {
            let (x, y) = samples(&p, &col);
            let binning_used = field(ev, "binning_used_by_psi_kl_js", &ctx).as_str().unwrap_or_default();
            assert_eq!(
                binning_used,
                if sorted_unique(&x) > 20 { "sturges_combined" } else { "unique_values" },
                "{ctx}: binning_used_by_psi_kl_js"
            );
            if binning_used == "sturges_combined" {
                let e = binning::sturges_edges(&x, &y);
                (binning::counts_by_edges(&x, &e), binning::counts_by_edges(&y, &e))
            } else {
                let (_, rc, pc) = binning::unique_value_counts(&x, &y);
                (rc, pc)
            }
        } else {
            let c = p.categories(&col);
            (c.ref_counts, c.prod_counts)
        };

        if let Some(t) = tests.get("jensenshannon").filter(|t| t.get("drift_score").is_some()) {
            let js = jensenshannon::js_distance_from_counts(&rc, &pc).unwrap_or_else(|e| panic!("{ctx}: {e}"));
            let g = num_at(t, "drift_score", &ctx);
            assert!(close(js, g, REL_EVIDENTLY, 0.0), "{ctx}.jensenshannon: got {js:e}, expected {g:e}");
            checked += 1;
        }
        if let Some(t) = tests.get("psi").filter(|t| t.get("drift_score").is_some()) {
            if rc.iter().chain(&pc).all(|&c| c > 0) {
                let v = psi::psi_from_counts(&rc, &pc).unwrap_or_else(|e| panic!("{ctx}: {e}"));
                let g = num_at(t, "drift_score", &ctx);
                assert!(close(v, g, REL_EVIDENTLY, 0.0), "{ctx}.psi: got {v:e}, expected {g:e}");
                checked += 1;
            }
        }
        if numeric {
            let (x, y) = samples(&p, &col);
            if let Some(t) = tests.get("ks").filter(|t| t.get("drift_score").is_some()) {
                let r = ks::ks_two_sample(&x, &y, ks::KsMode::Auto).unwrap_or_else(|e| panic!("{ctx}: {e}"));
                assert_p(r.p_value, num_at(t, "drift_score", &ctx), &format!("{ctx}.ks"));
                checked += 1;
            }
            if let Some(t) = tests.get("wasserstein").filter(|t| t.get("drift_score").is_some()) {
                let w = wasserstein::normed(&x, &y).unwrap_or_else(|e| panic!("{ctx}: {e}"));
                let g = num_at(t, "drift_score", &ctx);
                assert!(close(w.value, g, REL_EVIDENTLY, 0.0), "{ctx}.wasserstein: got {:e}, expected {g:e}", w.value);
                checked += 1;
            }
        }
        if let Some(t) = tests.get("z").filter(|t| t.get("drift_score").is_some()) {
            // Evidently's z: indicator = 0 for the first sorted value, 1 for any other (so with
            // 2 values the success is the second one, with 1 value p = 1; it also runs on > 2).
            let (n_ref, n_prod): (u64, u64) = (rc.iter().sum(), pc.iter().sum());
            let (s_ref, s_prod) = (n_ref - rc.first().copied().unwrap_or(0), n_prod - pc.first().copied().unwrap_or(0));
            let z = z_test::two_proportion(s_ref, n_ref, s_prod, n_prod)
                .unwrap_or_else(|e| panic!("{ctx}: {e}"));
            assert_p(z.p_value, num_at(t, "drift_score", &ctx), &format!("{ctx}.z"));
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
            assert!(matches!(result, Err(DriftError::NotComputable(_))), "{ctx}: skipped block must be NotComputable, got {result:?}");
        } else {
            let cd = result.unwrap_or_else(|e| panic!("{ctx}: {e}"));
            assert_eq!(cd.n_ref as f64, num_at(d, "n_ref", &ctx), "{ctx}.n_ref");
            assert_eq!(cd.n_prod as f64, num_at(d, "n_prod", &ctx), "{ctx}.n_prod");
            assert!(cd.tests.contains_key(cd.method.id()), "{ctx}: chosen method in tests");
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
}
