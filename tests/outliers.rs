//! Isolation Forest vs scikit-learn on the golden files.
//!
//! # Formula
//! ```text
//! ρ_S = Pearson correlation of the (mid)ranks of our decision scores and scikit-learn's
//! share_f = #{rows of f : decision < 0} / rows of f
//! ```
//!
//! # Remarks
//! Our forest and scikit-learn's use different PRNGs (and scikit-learn casts to float32), so
//! scores cannot agree value by value; they agree in ranking. Thresholds are statistical,
//! not tolerances:
//! - ρ_S(ours with the default seed 42, `IsolationForest(random_state=0)`) ≥ 0.9;
//! - outlier shares (decision < 0) of both files: our mean over seeds 0..19 within ±3
//!   percentage points of scikit-learn's mean over random_state 0..19, and our share with
//!   seed 42 inside scikit-learn's range over those seeds, ± 2 points.
//!
//! Why seed distributions rather than "±5 points of random_state=0": when many rows sit near
//! the decision boundary, one seed's share is a noisy target. scikit-learn's own production
//! share over random_state 0..19 spans 15.6–28.0 % on pair01 (numeric features;
//! random_state=0 is the extreme 28.0 %) and 57–70 % on pair01 with categorical features, so
//! a single-seed comparison would test seed luck, not the algorithm. Over 20 seeds the means
//! agree to within 0.1–2.3 points; over 200 seeds (checked once by hand, too slow for the
//! suite) pair01's numeric shares agree to 0.02 points: ours 11.06 % / 20.92 %, scikit-learn
//! 11.04 % / 20.93 % (reference / production).
//! The reference numbers and the exact feature preparation are in
//! `tests/reference/make_iforest_reference.py`.
//!
//! # References
//! scikit-learn 1.9.1 `sklearn.ensemble.IsolationForest.decision_function`;
//! Spearman, C. (1904), *Am. J. Psychol.* 15(1), 72–101, <https://doi.org/10.2307/1412159>.

mod common;

use std::collections::BTreeSet;
use std::time::Instant;

use driftcard::outliers::{
    outlier_report, CategoricalFeature, Features, ForestOptions, ForestParams, IsolationForest,
    Matrix, NumericFeature, OutlierReport, MISSING_CODE,
};
use serde_json::Value;

/// Midranks (1-based) of `v`.
fn ranks(v: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..v.len()).collect();
    order.sort_by(|&a, &b| v[a].total_cmp(&v[b]));
    let mut r = vec![0.0; v.len()];
    let mut i = 0;
    while i < order.len() {
        let mut j = i;
        while j + 1 < order.len() && v[order[j + 1]] == v[order[i]] {
            j += 1;
        }
        for &k in &order[i..=j] {
            r[k] = (i + j) as f64 / 2.0 + 1.0;
        }
        i = j + 1;
    }
    r
}

/// Spearman's rank correlation (Pearson on midranks, as `scipy.stats.spearmanr`).
fn spearman(a: &[f64], b: &[f64]) -> f64 {
    let (ra, rb) = (ranks(a), ranks(b));
    let n = a.len() as f64;
    let (ma, mb) = (ra.iter().sum::<f64>() / n, rb.iter().sum::<f64>() / n);
    let (mut sab, mut saa, mut sbb) = (0.0, 0.0, 0.0);
    for (x, y) in ra.iter().zip(&rb) {
        sab += (x - ma) * (y - mb);
        saa += (x - ma) * (x - ma);
        sbb += (y - mb) * (y - mb);
    }
    sab / (saa * sbb).sqrt()
}

/// The reference JSON written by `make_iforest_reference.py`.
fn sklearn_reference(case: &str) -> Value {
    let path = format!(
        "{}/tests/reference/iforest_{case}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&common::quote_numbers(&text)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// A numeric CSV column, missing → NaN.
fn numeric_column(csv: &common::Csv, col: &str) -> Vec<f64> {
    csv.columns
        .get(col)
        .unwrap_or_else(|| panic!("no column {col}"))
        .iter()
        .map(|v| {
            v.as_deref().map_or(f64::NAN, |s| {
                s.parse().unwrap_or_else(|e| panic!("{col}: {s}: {e}"))
            })
        })
        .collect()
}

/// Codes of a categorical column in both files from one shared dictionary.
fn categorical_codes(pair: &common::Pair, col: &str) -> (Vec<u32>, Vec<u32>) {
    let get = |csv: &common::Csv| {
        csv.columns
            .get(col)
            .unwrap_or_else(|| panic!("no column {col}"))
            .clone()
    };
    let (r, p) = (get(&pair.reference), get(&pair.production));
    let dict: Vec<String> = r
        .iter()
        .chain(&p)
        .flatten()
        .cloned()
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let code = |v: &Option<String>| {
        v.as_ref().map_or(MISSING_CODE, |s| {
            dict.binary_search(s).map_or(MISSING_CODE, |i| i as u32)
        })
    };
    (r.iter().map(code).collect(), p.iter().map(code).collect())
}

fn schema_list(pair: &common::Pair, key: &str) -> Vec<String> {
    pair.expected["schema"][key]
        .as_array()
        .unwrap_or_else(|| panic!("{}: schema.{key} missing", pair.name))
        .iter()
        .map(|v| v.as_str().unwrap_or_default().to_owned())
        .collect()
}

struct Comparison {
    /// Spearman ρ of our decision scores (seed 42) vs scikit-learn's (random_state=0).
    rho: f64,
    /// Our outlier shares (reference, production), seed 42.
    ours: (f64, f64),
    /// Mean of our shares over seeds 0..19.
    ours_mean: (f64, f64),
    /// scikit-learn's shares, random_state=0.
    sk: (f64, f64),
    /// Mean of scikit-learn's shares over random_state 0..19.
    sk_mean: (f64, f64),
    /// (min, max) of scikit-learn's reference share over random_state 0..19.
    sk_range_ref: (f64, f64),
    /// (min, max) of scikit-learn's production share over random_state 0..19.
    sk_range_prod: (f64, f64),
}

/// Runs our report on the case's features and compares with scikit-learn's numbers.
fn compare(case: &str, pair_name: &str, with_categorical: bool, step: usize) -> Comparison {
    let pair = common::pair(pair_name);
    let sk = sklearn_reference(case);
    let num_names = schema_list(&pair, "numerical");
    let nums: Vec<(Vec<f64>, Vec<f64>)> = num_names
        .iter()
        .map(|c| {
            (
                numeric_column(&pair.reference, c),
                numeric_column(&pair.production, c),
            )
        })
        .collect();
    let cat_names: Vec<String> = if with_categorical {
        [
            schema_list(&pair, "categorical"),
            schema_list(&pair, "boolean"),
        ]
        .concat()
    } else {
        Vec::new()
    };
    let cats: Vec<(Vec<u32>, Vec<u32>)> = cat_names
        .iter()
        .map(|c| categorical_codes(&pair, c))
        .collect();
    let features = Features {
        numeric: num_names
            .iter()
            .zip(&nums)
            .map(|(n, (r, p))| NumericFeature {
                name: n,
                reference: r,
                production: p,
            })
            .collect(),
        categorical: cat_names
            .iter()
            .zip(&cats)
            .map(|(n, (r, p))| CategoricalFeature {
                name: n,
                reference: r,
                production: p,
            })
            .collect(),
    };
    let sk_features: Vec<&str> = sk["features"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    let ours_features: Vec<&str> = num_names
        .iter()
        .chain(&cat_names)
        .map(String::as_str)
        .collect();
    assert_eq!(ours_features, sk_features, "{case}: feature lists differ");

    // Our decision scores on the same production rows.
    let params = ForestParams::default();
    let (xr, xp) = features.prepare_matrices().unwrap();
    let forest = IsolationForest::fit(&xr, &params).unwrap();
    let dp_all = forest.decision_function(&xp).unwrap();
    let dp: Vec<f64> = dp_all.iter().copied().step_by(step).collect();
    let sk_dec = common::nums(&sk["decision"], &format!("{case}.decision"));
    assert_eq!(dp.len(), sk_dec.len(), "{case}: production rows");
    assert_eq!(step as f64, common::num_at(&sk, "production_step", case));

    // The report agrees with the forest it wraps.
    let rep = outlier_report(&features, &params).unwrap();
    assert_eq!(rep.rows_production, dp_all.len());
    let dr = forest.decision_function(&xr).unwrap();
    // The threshold is calibrated on the reference: its own decision-score quantile at the
    // contamination (numpy's linear percentile, as scikit-learn's `offset_` for
    // `contamination=0.01`), so about 1 % of the reference is flagged.
    let mut sorted = dr.clone();
    sorted.sort_by(f64::total_cmp);
    let thr = driftcard::stats::quantile_linear(&sorted, 0.01);
    assert_eq!(rep.threshold.0, thr);
    assert_eq!(rep.threshold_source, "calibrated");
    let share = |d: &[f64]| d.iter().filter(|&&v| v < thr).count() as f64 / d.len() as f64;
    assert_eq!(rep.share_reference.0, share(&dr));
    assert!(
        (rep.share_reference.0 - 0.01).abs() <= 1.0 / dr.len() as f64,
        "{case}: reference share {}",
        rep.share_reference.0
    );
    assert_eq!(rep.share_production.0, share(&dp_all));
    assert_eq!(rep.expected_share.0, 0.01);
    assert_eq!(
        rep.p_value.0,
        driftcard::outliers::binomial_sf(rep.outliers_production, rep.rows_production, 0.01)
    );
    // Against scikit-learn the forest's scores are compared at its `contamination='auto'`
    // threshold 0: a statement about the score distribution, independent of the calibration.
    let share = |d: &[f64]| d.iter().filter(|&&v| v < 0.0).count() as f64 / d.len() as f64;

    let ss = &sk["seed_shares"];
    let per_seed: Vec<Vec<f64>> = common::field(ss, "reference_production", case)
        .as_array()
        .unwrap_or_else(|| panic!("{case}: seed_shares.reference_production"))
        .iter()
        .map(|v| common::nums(v, case))
        .collect();
    let range = |v: &[Vec<f64>], k: usize| {
        v.iter()
            .map(|s| s[k])
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), x| {
                (l.min(x), h.max(x))
            })
    };
    let mut ours_mean = (0.0, 0.0);
    for seed in 0..20 {
        let p = ForestOptions {
            seed,
            ..ForestOptions::default()
        }
        .check()
        .unwrap();
        let f = IsolationForest::fit(&xr, &p).unwrap();
        let d: Vec<f64> = f
            .decision_function(&xp)
            .unwrap()
            .into_iter()
            .step_by(step)
            .collect();
        ours_mean.0 += share(&f.decision_function(&xr).unwrap()) / 20.0;
        ours_mean.1 += share(&d) / 20.0;
    }
    let c = Comparison {
        rho: spearman(&dp, &sk_dec),
        ours: (share(&dr), share(&dp)),
        ours_mean,
        sk: (
            common::num_at(&sk, "share_reference", case),
            common::num_at(&sk, "share_production", case),
        ),
        sk_mean: (
            common::num_at(ss, "mean_reference", case),
            common::num_at(ss, "mean_production", case),
        ),
        sk_range_ref: range(&per_seed, 0),
        sk_range_prod: range(&per_seed, 1),
    };
    eprintln!(
        "{case}: spearman {:.4}; outlier share reference/production: ours seed 42 {:.4}/{:.4}, \
         sklearn random_state=0 {:.4}/{:.4}; means over 20 seeds ours {:.4}/{:.4}, sklearn {:.4}/{:.4}; \
         sklearn ranges over seeds ref [{:.4}, {:.4}] prod [{:.4}, {:.4}]",
        c.rho, c.ours.0, c.ours.1, c.sk.0, c.sk.1, c.ours_mean.0, c.ours_mean.1, c.sk_mean.0, c.sk_mean.1,
        c.sk_range_ref.0, c.sk_range_ref.1, c.sk_range_prod.0, c.sk_range_prod.1
    );
    c
}

/// The agreement criteria (see the module docs for why shares are compared with
/// scikit-learn's seed distribution rather than one `random_state`).
fn assert_agrees(c: &Comparison, case: &str) {
    assert!(c.rho >= 0.9, "{case}: Spearman {} < 0.9", c.rho);
    for (file, ours, ours_mean, sk_mean) in [
        ("reference", c.ours.0, c.ours_mean.0, c.sk_mean.0),
        ("production", c.ours.1, c.ours_mean.1, c.sk_mean.1),
    ] {
        assert!(
            (ours_mean - sk_mean).abs() <= 0.03,
            "{case}: {file} share, mean over 20 seeds: ours {ours_mean} vs sklearn {sk_mean} (> 3 points apart)"
        );
        let (lo, hi) = if file == "reference" {
            c.sk_range_ref
        } else {
            c.sk_range_prod
        };
        assert!(
            ours >= lo - 0.02 && ours <= hi + 0.02,
            "{case}: {file} share with seed 42 {ours} outside sklearn's range over seeds [{lo}, {hi}] ± 2 points"
        );
    }
}

#[test]
fn pair01_numeric_features_rank_like_sklearn() {
    // IsolationForest(random_state=0).fit(X_ref).decision_function(X_prod), numeric features
    // of pair01_binary_mixed (make_iforest_reference.py, case "pair01").
    let c = compare("pair01", "pair01_binary_mixed", false, 1);
    assert_agrees(&c, "pair01");
}

#[test]
fn pair01_all_features_rank_like_sklearn() {
    // Same with color, segment and is_member frequency-encoded (case "pair01_all").
    let c = compare("pair01_all", "pair01_binary_mixed", true, 1);
    assert_agrees(&c, "pair01_all");
}

#[test]
fn pair04_numeric_features_rank_like_sklearn() {
    // 20 000 reference rows, every 20th production row (case "pair04").
    let c = compare("pair04", "pair04_large_n20000", false, 20);
    assert_agrees(&c, "pair04");
}

#[test]
fn the_report_is_deterministic_and_serialises_per_spec() {
    let pair = common::pair("pair01_binary_mixed");
    let (r, p) = (
        numeric_column(&pair.reference, "balance"),
        numeric_column(&pair.production, "balance"),
    );
    let (ar, ap) = (
        numeric_column(&pair.reference, "age"),
        numeric_column(&pair.production, "age"),
    );
    let features = Features {
        numeric: vec![
            NumericFeature {
                name: "balance",
                reference: &r,
                production: &p,
            },
            NumericFeature {
                name: "age",
                reference: &ar,
                production: &ap,
            },
        ],
        categorical: vec![],
    };
    let a = serde_json::to_string(&outlier_report(&features, &ForestParams::default()).unwrap())
        .unwrap();
    let b = serde_json::to_string(&outlier_report(&features, &ForestParams::default()).unwrap())
        .unwrap();
    assert_eq!(a, b);
    let other = ForestOptions {
        seed: 7,
        ..ForestOptions::default()
    }
    .check()
    .unwrap();
    let c = serde_json::to_string(&outlier_report(&features, &other).unwrap()).unwrap();
    assert_ne!(a, c);
    let j: Value = serde_json::from_str(&a).unwrap();
    assert_eq!(j["method"], "isolation_forest");
    assert_eq!(j["seed"], 42);
    // Rows are spreadsheet rows of production.csv (800 data rows → 2..=801), lowest score
    // first, z-scores largest |z| first (checked on the typed report: serde_json's `Value`
    // sorts object keys, our `ZScores` keeps the order in the JSON text).
    let rep: OutlierReport = serde_json::from_str(&a).unwrap();
    assert_eq!(rep.top.len(), 20);
    assert!(rep.top.windows(2).all(|w| w[0].score.0 <= w[1].score.0));
    for t in &rep.top {
        assert!((2..=801).contains(&t.row), "{t:?}");
        assert!(
            t.z.0.windows(2).all(|w| w[0].1 .0.abs() >= w[1].1 .0.abs()),
            "{t:?}"
        );
        assert!(t.z.0.len() <= 2);
    }
    // The most anomalous row is far out on at least one feature (balance's production range
    // is [20, 140] vs reference [0, 100]).
    assert!(
        rep.top[0].z.0.iter().any(|(_, z)| z.0.abs() > 2.0),
        "{:?}",
        rep.top[0]
    );
    assert_eq!(j["histogram"]["edges"].as_array().map(Vec::len), Some(31));
}

/// CPU time of the calling thread (Linux `/proc/thread-self/schedstat`), else `None`.
fn thread_cpu_seconds() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    Some(s.split_whitespace().next()?.parse::<f64>().ok()? / 1e9)
}

/// 10⁶ rows × 20 features × 100 trees must score in well under 2 s natively in release:
/// `cargo test --release --test outliers -- --ignored --nocapture`. The bound is on the
/// thread's CPU time where Linux reports it (a shared 2-core machine inflates wall time),
/// else on wall time.
#[test]
#[ignore = "timing; run in release"]
fn scoring_a_million_rows_is_fast() {
    let (n, d) = (1_000_000, 20);
    let mut rng = driftcard::outliers::rng::Xoshiro256StarStar::seed_from_u64(1);
    let data: Vec<f64> = (0..n * d)
        .map(|_| rng.next_f64() + rng.next_f64() + rng.next_f64())
        .collect();
    let x = Matrix::from_row_major(n, d, data).unwrap();
    let reference = Matrix::from_row_major(10_000, d, x.as_slice()[..10_000 * d].to_vec()).unwrap();
    let t0 = Instant::now();
    let forest = IsolationForest::fit(&reference, &ForestParams::default()).unwrap();
    let fit = t0.elapsed();
    let (t1, c1) = (Instant::now(), thread_cpu_seconds());
    let scores = forest.decision_function(&x).unwrap();
    let (wall, cpu) = (
        t1.elapsed().as_secs_f64(),
        thread_cpu_seconds().zip(c1).map(|(b, a)| b - a),
    );
    eprintln!("fit {fit:?}; scoring {n} rows × {d} features: wall {wall:.3} s, cpu {cpu:?} s");
    assert_eq!(scores.len(), n);
    let t = cpu.unwrap_or(wall);
    assert!(t < 2.0, "scoring took {t} s");
}

/// The outlier test's p-value: `scipy.stats.binomtest(k, n, p, alternative='greater').pvalue`
/// (`tests/data/precision/binomial_greater.json`), within the p-value tolerance.
#[test]
fn binomial_test_matches_scipy() {
    let v: Value =
        serde_json::from_str(include_str!("data/precision/binomial_greater.json")).unwrap();
    for c in v["cases"].as_array().unwrap() {
        let (k, n, p) = (
            c["k"].as_u64().unwrap() as usize,
            c["n"].as_u64().unwrap() as usize,
            c["p"].as_f64().unwrap(),
        );
        common::assert_p(
            driftcard::outliers::binomial_sf(k, n, p),
            c["p_value"].as_f64().unwrap(),
            &format!("binomtest({k}, {n}, {p})"),
        );
    }
}
