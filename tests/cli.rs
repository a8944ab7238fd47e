//! The CLI end to end: for every golden pair, `driftcard report --json` must carry the golden values
//! (drift tests, quality summaries, accuracy, latency, prediction drift), and bad input must exit 2
//! with a message naming the file and row.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{assert_closed, assert_p, golden_config, golden_dir};
use serde_json::Value;

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_driftcard")
}

/// A fresh temporary path: tests run in parallel, so every call gets its own name (two tests of
/// the same pair once overwrote each other's config).
fn tmp(name: &str) -> PathBuf {
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("driftcard-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(format!("{n}-{name}"))
}

fn run_pair(pair: &str) -> (Value, Value) {
    let dir = golden_dir().join(pair);
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("expected.json")).unwrap()).unwrap();
    let cfg_path = tmp(&format!("{pair}-config.json"));
    std::fs::write(&cfg_path, golden_config(&expected).to_string()).unwrap();
    let out = tmp(&format!("{pair}.json"));
    let status = Command::new(bin())
        .args(["report", "--reference"])
        .arg(dir.join("reference.csv"))
        .arg("--production")
        .arg(dir.join("production.csv"))
        .arg("--config")
        .arg(&cfg_path)
        .arg("--json")
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        status.status.success() || status.status.code() == Some(1),
        "{pair}: {}",
        String::from_utf8_lossy(&status.stderr)
    );
    let report: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    (expected, report)
}

fn num(v: &Value) -> f64 {
    match v {
        Value::Number(n) => n.as_f64().unwrap(),
        Value::String(s) if s == "NaN" => f64::NAN,
        Value::String(s) if s == "inf" => f64::INFINITY,
        Value::String(s) if s == "-inf" => f64::NEG_INFINITY,
        other => panic!("not a number: {other}"),
    }
}

fn drift_col<'a>(report: &'a Value, name: &str) -> Option<&'a Value> {
    report["drift"]["columns"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["column"] == name)
}

fn check_drift(pair: &str) {
    let (expected, report) = run_pair(pair);
    let mut checked = 0;
    for (name, col) in expected["columns"].as_object().unwrap() {
        let Some(d) = col.get("drift") else { continue };
        if !matches!(
            col["role"].as_str(),
            Some("feature" | "target" | "prediction" | "prediction_proba" | "group")
        ) {
            continue;
        }
        let ctx = format!("{pair}/{name}");
        let Some(ours) = drift_col(&report, name) else {
            // Left out of the tests: only a column with no values, or one value in both files
            // (constant), or one value per file (a label of the file), may be.
            let ex = report["drift"]["excluded"]
                .as_array()
                .unwrap()
                .iter()
                .find(|e| e["column"] == name.as_str())
                .unwrap_or_else(|| panic!("{ctx}: neither tested nor excluded"));
            let reason = ex["reason"].as_str().unwrap();
            let uniq = |side: &str| {
                let s = &col["summary"][side];
                s.get("n_unique")
                    .and_then(Value::as_u64)
                    .or_else(|| {
                        s.get("counts")
                            .and_then(Value::as_object)
                            .map(|m| m.len() as u64)
                    })
                    .unwrap_or(0)
            };
            let (ur, up) = (uniq("ref"), uniq("prod"));
            assert!(
                (reason.starts_with("all values missing") && ur == 0 && up == 0)
                    || (reason.starts_with("constant") && ur == 1 && up == 1),
                "{ctx}: excluded as `{reason}` but golden has {ur} and {up} distinct values"
            );
            checked += 1;
            continue;
        };
        if d.get("skipped").is_some() {
            // No test is computable; the column may still drift by the missing-share rule (SPEC §5).
            assert!(
                ours["tests"].as_object().unwrap().is_empty(),
                "{ctx}: tests on an empty side"
            );
            assert!(
                ours["reason"].as_str().unwrap().contains("not computable"),
                "{ctx}: {}",
                ours["reason"]
            );
            let dm = (num(&ours["missing_share_prod"]) - num(&ours["missing_share_ref"])).abs();
            let want = if dm > 0.10 {
                "drifted"
            } else {
                "not_computable"
            };
            assert_eq!(ours["status"], want, "{ctx}: status");
            continue;
        }
        assert_eq!(ours["n_ref"], d["n_ref"], "{ctx}: n_ref");
        assert_eq!(ours["n_prod"], d["n_prod"], "{ctx}: n_prod");
        let tests = &ours["tests"];
        let ev = &d["evidently"]["default_stattest"];
        assert_eq!(ours["method"], *ev, "{ctx}: automatic method");
        if col["type"] == "numerical" {
            let ks = &d["ks_2samp"]["auto"];
            if tests.get("ks").is_some() {
                assert_closed(
                    num(&tests["ks"]["statistic"]),
                    num(&ks["statistic"]),
                    &format!("{ctx}: ks statistic"),
                );
                assert_p(
                    num(&tests["ks"]["p_value"]),
                    num(&ks["pvalue"]),
                    &format!("{ctx}: ks p"),
                );
                checked += 1;
            }
            if let Some(psi) = tests.get("psi") {
                if d["binned"]["ref_deciles"].get("psi").is_some() && num(&d["n_ref"]) > 0.0 {
                    assert_closed(
                        num(&psi["statistic"]),
                        num(&d["binned"]["ref_deciles"]["psi"]),
                        &format!("{ctx}: psi"),
                    );
                    checked += 1;
                }
            }
            if let Some(w) = tests.get("wasserstein") {
                assert_closed(
                    num(&w["statistic"]),
                    num(&d["wasserstein_normed_evidently"]["value"]),
                    &format!("{ctx}: wasserstein"),
                );
                checked += 1;
            }
        } else {
            if let Some(psi) = tests.get("psi") {
                assert_closed(
                    num(&psi["statistic"]),
                    num(&d["binned"]["categories"]["psi"]),
                    &format!("{ctx}: psi"),
                );
                checked += 1;
            }
            if let Some(c) = tests.get("chisquare") {
                assert_p(
                    num(&c["p_value"]),
                    num(&d["chi2_contingency"]["pvalue"]),
                    &format!("{ctx}: chi2 p"),
                );
                checked += 1;
            }
        }
        // The verdict's score is the chosen method's.
        let m = ours["method"].as_str().unwrap();
        assert_eq!(
            ours["score"], tests[m]["score"],
            "{ctx}: score is the method's"
        );
    }
    assert!(checked > 0, "{pair}: nothing compared");

    // Quality summaries (numpy linear quantiles, ddof 1 std).
    for (name, col) in expected["columns"].as_object().unwrap() {
        if col["type"] != "numerical" || col["summary"]["ref"]["n_non_missing"] == 0 {
            continue;
        }
        let q = report["quality"]["columns"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["column"] == *name)
            .unwrap();
        for (side, g) in [("reference", "ref"), ("production", "prod")] {
            let s = &col["summary"][g];
            if s["n_non_missing"] == 0 {
                continue;
            }
            for (ours, theirs) in [
                ("mean", "mean"),
                ("std", "std_ddof1"),
                ("min", "min"),
                ("p25", "p25"),
                ("p50", "p50"),
                ("p75", "p75"),
                ("max", "max"),
            ] {
                let want = num(&s[theirs]);
                if want.is_nan() {
                    continue;
                }
                assert_closed(
                    num(&q[side][ours]),
                    want,
                    &format!("{pair}/{name}: {side} {ours}"),
                );
            }
            assert_eq!(
                q[side]["missing"], s["n_missing"],
                "{pair}/{name}: {side} missing"
            );
        }
    }

    // Latency percentiles.
    if let Some(lat) = expected
        .get("latency")
        .filter(|l| l.get("column").is_some())
    {
        for (side, g) in [("reference", "ref"), ("production", "prod")] {
            for k in ["p50", "p95", "p99", "mean", "max"] {
                assert_closed(
                    num(&report["latency"][side][k]),
                    num(&lat[g][k]),
                    &format!("{pair}: latency {side} {k}"),
                );
            }
        }
    }

    // Model quality through the CLI (the metrics module's own golden tests cover every field).
    let mm = &expected["model_metrics"];
    let value = |v: &Value| {
        if v.is_object() {
            v.get("value").map(num)
        } else {
            Some(num(v))
        }
    };
    if mm["task"] != "regression" {
        for (side, g) in [("reference", "ref"), ("production", "prod")] {
            let c = &report["classification"][side];
            assert_eq!(
                c["n_labeled"], mm[g]["n_labeled"],
                "{pair}: {side} n_labeled"
            );
            assert_closed(
                num(&c["accuracy"]),
                num(&mm[g]["accuracy"]),
                &format!("{pair}: {side} accuracy"),
            );
            assert_eq!(
                c["confusion_matrix"], mm[g]["confusion_matrix"],
                "{pair}: {side} confusion matrix"
            );
            for (ours, theirs) in [
                ("balanced_accuracy", "balanced_accuracy"),
                ("mcc", "matthews_corrcoef"),
                ("roc_auc", "roc_auc"),
                ("log_loss", "log_loss"),
                ("brier", "brier_score"),
                ("f1_macro", "f1_macro"),
            ] {
                let (Some(want), Some(got)) = (mm[g].get(theirs).and_then(value), c.get(ours))
                else {
                    continue;
                };
                if got.is_null() || want.is_nan() {
                    continue;
                }
                assert_closed(num(got), want, &format!("{pair}: {side} {ours}"));
            }
        }
        // The seed's rolling accuracy on production.
        let ra = &expected["rolling_accuracy"];
        if ra.get("values").is_some() {
            let cfg_rolling = &report["rolling"];
            assert_eq!(
                cfg_rolling["start_indices"], ra["start_indices"],
                "{pair}: rolling start indices"
            );
            for (i, (a, b)) in cfg_rolling["values"]
                .as_array()
                .unwrap()
                .iter()
                .zip(ra["values"].as_array().unwrap())
                .enumerate()
            {
                assert_closed(num(a), num(b), &format!("{pair}: rolling value {i}"));
            }
        }
    } else {
        for (side, g) in [("reference", "ref"), ("production", "prod")] {
            let c = &report["regression"][side];
            assert_eq!(
                c["n_labeled"], mm[g]["n_labeled"],
                "{pair}: {side} n_labeled"
            );
            for k in [
                "mae",
                "rmse",
                "mean_error",
                "median_absolute_error",
                "max_error",
            ] {
                assert_closed(num(&c[k]), num(&mm[g][k]), &format!("{pair}: {side} {k}"));
            }
            assert_closed(
                num(&c["r2"]),
                value(&mm[g]["r2"]).unwrap(),
                &format!("{pair}: {side} r2"),
            );
        }
    }

    // Bias aggregates through the CLI (fairlearn).
    if expected["bias"].get("skipped").is_none() {
        let group = expected["schema"]["group"].as_str().unwrap();
        let b = report["bias"]["columns"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["column"] == group)
            .unwrap();
        for (side, g) in [("reference", "ref"), ("production", "prod")] {
            for k in [
                "demographic_parity_difference",
                "demographic_parity_ratio",
                "equalized_odds_difference",
                "equalized_odds_ratio",
            ] {
                let want = value(&expected["bias"][g][k]).unwrap();
                let got = num(&b[side][k]);
                if want.is_nan() {
                    assert!(got.is_nan(), "{pair}: {side} {k} NaN");
                } else {
                    assert_closed(got, want, &format!("{pair}: {side} {k}"));
                }
            }
        }
    }

    // The seed's prediction drift rule (std ddof 1).
    if let Some(rule) = expected["prediction_drift_rule"].as_object() {
        let schema = &expected["schema"];
        for (key, col) in [
            ("prediction", &schema["prediction"]),
            ("prediction_proba", &schema["prediction_proba"]),
        ] {
            let (Some(g), Some(col)) = (rule.get(key), col.as_str()) else {
                continue;
            };
            let Some(ours) = report["prediction_drift"].get(col) else {
                // A categorical prediction (labels) has no mean: only numeric predictions get the rule.
                assert!(
                    report["columns"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .any(|c| c["name"] == col && c["kind"] != "numeric"),
                    "{pair}: no prediction drift for {col}"
                );
                continue;
            };
            assert_closed(
                num(&ours["mean_reference"]),
                num(&g["mean_ref"]),
                &format!("{pair}: {col} mean ref"),
            );
            assert_closed(
                num(&ours["mean_production"]),
                num(&g["mean_prod"]),
                &format!("{pair}: {col} mean prod"),
            );
            assert_closed(
                num(&ours["std_reference"]),
                num(&g["std_ref_ddof1"]),
                &format!("{pair}: {col} std"),
            );
            assert_eq!(ours["drifted"], g["drift_ddof1"], "{pair}: {col} drifted");
        }
    }
}

macro_rules! golden_cli {
    ($($name:ident => $pair:literal),* $(,)?) => {$(
        #[test]
        fn $name() {
            check_drift($pair);
        }
    )*};
}

golden_cli! {
    pair01_cli_report_matches_golden => "pair01_binary_mixed",
    pair02_cli_report_matches_golden => "pair02_multiclass",
    pair03_cli_report_matches_golden => "pair03_tiny_n5",
    pair04_cli_report_matches_golden => "pair04_large_n20000",
    pair05_cli_report_matches_golden => "pair05_regression",
    pair06_cli_report_matches_golden => "pair06_edge_cases",
}

fn bad(file: &str) -> (i32, String) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let out = Command::new(bin())
        .args(["report", "--reference"])
        .arg(dir.join("bad").join(file))
        .arg("--production")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("www/demo/production.csv"))
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn bad_files_exit_2_with_a_message_naming_file_and_row() {
    let (code, err) = bad("empty.csv");
    assert_eq!(code, 2);
    assert!(err.contains("empty.csv is empty"), "{err}");
    let (code, err) = bad("binary.csv");
    assert_eq!(code, 2);
    assert!(
        err.contains("binary.csv does not look like a CSV text file"),
        "{err}"
    );
    let (code, err) = bad("header_only.csv");
    assert_eq!(code, 2);
    assert!(
        err.contains("header_only.csv has a header row but no data rows"),
        "{err}"
    );
    let (code, err) = bad("ragged.csv");
    assert_eq!(code, 2);
    assert!(
        err.contains("ragged.csv row ") && err.contains("expected 5 fields"),
        "{err}"
    );
}

#[test]
fn demo_pair_writes_card_json_and_fail_on_drift_exit_code() {
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("www/demo");
    let card = tmp("card.md");
    let json = tmp("demo.json");
    let out = Command::new(bin())
        .args(["report", "--reference"])
        .arg(demo.join("reference.csv"))
        .arg("--production")
        .arg(demo.join("production.csv"))
        .arg("--card")
        .arg(&card)
        .arg("--json")
        .arg(&json)
        .args(["--fail-on", "drift"])
        .output()
        .unwrap();
    let report: Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    let want = if report["drift"]["dataset_drift"] == true {
        1
    } else {
        0
    };
    assert_eq!(
        out.status.code(),
        Some(want),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(report["schema_version"], 1);
    let md = std::fs::read_to_string(&card).unwrap();
    let mut lines = md.lines();
    assert_eq!(lines.next(), Some("## Monitoring (live)"));
    let last = report["last_timestamp"].as_str().unwrap();
    assert_eq!(
        lines.next().unwrap(),
        format!("- Last update: {}", &last[..10])
    );
    let (psi_col, psi) = report["drift"]["columns"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["role"] == "feature")
        .filter_map(|c| Some((c["column"].as_str()?, c["tests"]["psi"]["score"].as_f64()?)))
        .fold(("", 0.0), |a, b| if b.1 > a.1 { b } else { a });
    let band = if psi < 0.1 {
        "stable"
    } else if psi < 0.2 {
        "moderate"
    } else {
        "significant"
    };
    assert_eq!(
        lines.next().unwrap(),
        format!("- Drift: {band} (PSI {psi:.2}, `{psi_col}`)")
    );
    assert!(md.contains("### Drifted features"));

    // The checks of SPEC §8 carry score, threshold, direction, status and reason.
    let checks = report["checks"].as_array().unwrap();
    let by_id = |id: &str| {
        checks
            .iter()
            .find(|c| c["id"] == id)
            .unwrap_or_else(|| panic!("no check {id}"))
    };
    for c in checks {
        for k in ["score", "threshold", "direction", "status", "reason"] {
            assert!(c.get(k).is_some(), "check {} lacks {k}", c["id"]);
        }
    }
    let drift = by_id("dataset_drift");
    assert_eq!(
        drift["status"],
        if report["drift"]["dataset_drift"] == true {
            "alert"
        } else if report["drift"]["n_drifted"] == 0 {
            "ok"
        } else {
            "warning"
        }
    );
    // The demo's production accuracy is 0.781 vs 0.848 (−7.9 %) and its p99 latency 143 ms > 100 ms.
    assert_eq!(by_id("performance")["status"], "alert");
    assert_eq!(by_id("latency_slo")["status"], "alert");
    assert_eq!(report["retrain"]["recommended"], true);
    assert!(md.contains("**Retrain recommended:**"));
}

fn run_with_config(pair: &str, cfg: &Value, extra: &[&str]) -> Value {
    let dir = golden_dir().join(pair);
    let cfg_path = tmp(&format!("{pair}-override.json"));
    std::fs::write(&cfg_path, cfg.to_string()).unwrap();
    let out = tmp(&format!("{pair}-override-out.json"));
    let o = Command::new(bin())
        .args(["report", "--reference"])
        .arg(dir.join("reference.csv"))
        .arg("--production")
        .arg(dir.join("production.csv"))
        .arg("--config")
        .arg(&cfg_path)
        .arg("--json")
        .arg(&out)
        .args(extra)
        .output()
        .unwrap();
    assert!(
        o.status.code() == Some(0) || o.status.code() == Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap()
}

#[test]
fn per_column_overrides_of_method_threshold_and_bins_are_honoured() {
    let expected: Value = serde_json::from_str(
        &std::fs::read_to_string(golden_dir().join("pair01_binary_mixed/expected.json")).unwrap(),
    )
    .unwrap();
    let mut cfg = golden_config(&expected);
    cfg["drift"] = serde_json::json!({ "columns": { "age": { "method": "psi", "threshold": 0.5, "bins": "sturges_combined" } } });
    let report = run_with_config("pair01_binary_mixed", &cfg, &[]);
    let age = drift_col(&report, "age").unwrap();
    assert_eq!(age["method"], "psi");
    assert_closed(num(&age["threshold"]), 0.5, "age threshold");
    // Sturges binning gives the golden sturges PSI (not the default decile one), and 0.129 < 0.5.
    let sturges = num(&expected["columns"]["age"]["drift"]["binned"]["sturges_combined"]["psi"]);
    assert_closed(num(&age["score"]), sturges, "age psi on sturges bins");
    assert_eq!(age["drifted"], false);
}

#[test]
fn tests_all_adds_every_method_with_golden_values() {
    let expected: Value = serde_json::from_str(
        &std::fs::read_to_string(golden_dir().join("pair01_binary_mixed/expected.json")).unwrap(),
    )
    .unwrap();
    let report = run_with_config(
        "pair01_binary_mixed",
        &golden_config(&expected),
        &["--tests", "all"],
    );
    let age = &drift_col(&report, "age").unwrap()["tests"];
    let g = &expected["columns"]["age"]["drift"];
    assert_closed(
        num(&age["anderson"]["statistic"]),
        num(&g["anderson_ksamp"]["statistic"]),
        "anderson statistic",
    );
    assert_p(
        num(&age["cramer_von_mises"]["p_value"]),
        num(&g["cramervonmises_2samp"]["auto"]["pvalue"]),
        "cvm p",
    );
    assert_p(
        num(&age["mann_whitney"]["p_value"]),
        num(&g["mannwhitneyu"]["pvalue"]),
        "mwu p",
    );
    assert_p(
        num(&age["t_test"]["p_value"]),
        num(&g["ttest_welch"]["pvalue"]),
        "welch p",
    );
    assert_closed(
        num(&age["energy"]["statistic"]),
        num(&g["energy_distance"]["distance"]),
        "energy",
    );
    assert_closed(
        num(&age["kl_div"]["statistic"]),
        num(&g["binned"]["ref_deciles"]["kl_ref_prod"]),
        "kl",
    );
    assert_closed(
        num(&age["hellinger"]["statistic"]),
        num(&g["binned"]["ref_deciles"]["hellinger"]),
        "hellinger",
    );
    let color = &drift_col(&report, "color").unwrap()["tests"];
    for m in ["g_test", "tvd", "chisquare", "kl_div", "hellinger"] {
        assert!(color.get(m).is_some(), "color lacks {m}");
    }
}

/// The worker sends the whole analysis (report, column charts, ECDFs, section charts) to the page
/// as JSON text: on the demo pair and every golden pair it must parse back to the same analysis
/// (compared as re-serialised text, since NaN ≠ NaN), with no NaN lost on the way.
#[test]
fn analysis_round_trips_through_the_worker_message() {
    use driftcard::data::load::read_table;
    use driftcard::protocol::Response;
    use driftcard::report::{analyze, Config, Inputs};
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut pairs = vec![root.join("www/demo")];
    for p in [
        "pair01_binary_mixed",
        "pair05_regression",
        "pair06_edge_cases",
    ] {
        pairs.push(golden_dir().join(p));
    }
    for dir in pairs {
        let load = |f: &str| {
            let file = std::fs::File::open(dir.join(f)).expect("opens");
            read_table(f, file, &mut |_| {}).expect("parses")
        };
        let (r, p) = (load("reference.csv"), load("production.csv"));
        let analysis = analyze(&Inputs {
            reference: &r,
            production: &p,
            config: &Config::default(),
            generated_at: "2026-11-27T00:00:00Z".into(),
            labels: None,
        })
        .expect("analyses");
        assert!(!analysis.sections.over_time.is_empty() || analysis.report.rolling.is_none());
        let msg = Response::Done {
            run_id: 3,
            analysis: Box::new(analysis),
            elapsed_ms: 1.0,
        };
        let text = serde_json::to_string(&msg).expect("serialises");
        let back: Response = serde_json::from_str(&text).expect("parses back");
        assert_eq!(
            serde_json::to_string(&back).expect("serialises"),
            text,
            "{}",
            dir.display()
        );
    }
}

/// Runs the CLI with `args`, returning (exit code, stdout, stderr).
fn run(args: &[&std::ffi::OsStr]) -> (Option<i32>, String, String) {
    let o = Command::new(bin()).args(args).output().unwrap();
    (
        o.status.code(),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

/// The command line's contract (SPEC §10): help and version exit 0, every usage error exits 2
/// with a message naming what is wrong, each output flag writes its file, and without one the
/// card goes to standard output.
#[test]
fn the_command_line_contract() {
    use std::ffi::OsStr;
    let demo = |f: &str| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/www/demo")).join(f);
    let (r, p) = (demo("reference.csv"), demo("production.csv"));
    let os = |s: &'static str| OsStr::new(s);

    let (code, out, _) = run(&[os("--version")]);
    assert_eq!(code, Some(0));
    assert!(out.starts_with("driftcard "), "{out}");
    let (code, _, err) = run(&[os("--help")]);
    assert_eq!(code, Some(0));
    assert!(err.contains("--labels"), "{err}");
    let (code, _, err) = run(&[]);
    assert_eq!(code, Some(2));
    assert!(err.contains("driftcard report"), "{err}");

    for (args, says) in [
        (
            vec![os("report"), os("--reference")],
            "--reference needs a value",
        ),
        (
            vec![os("report"), os("--production"), p.as_os_str()],
            "--reference is required",
        ),
        (vec![os("frobnicate")], "unknown command frobnicate"),
        (
            vec![
                os("report"),
                os("--reference"),
                r.as_os_str(),
                os("--bogus"),
            ],
            "unknown argument --bogus",
        ),
        (
            vec![
                os("report"),
                os("--reference"),
                r.as_os_str(),
                os("--production"),
                p.as_os_str(),
                os("--tests"),
                os("some"),
            ],
            "--tests takes auto or all",
        ),
        (
            vec![
                os("report"),
                os("--reference"),
                r.as_os_str(),
                os("--production"),
                p.as_os_str(),
                os("--fail-on"),
                os("nothing"),
            ],
            "--fail-on takes drift or retrain",
        ),
        (
            vec![
                os("report"),
                os("--reference"),
                os("/nonexistent/ref.csv"),
                os("--production"),
                p.as_os_str(),
            ],
            "/nonexistent/ref.csv",
        ),
        (
            vec![
                os("report"),
                os("--reference"),
                r.as_os_str(),
                os("--production"),
                p.as_os_str(),
                os("--target"),
                os("nope"),
            ],
            "`nope`",
        ),
    ] {
        let (code, _, err) = run(&args);
        assert_eq!(code, Some(2), "{args:?}: {err}");
        assert!(err.contains(says), "{args:?}: expected `{says}` in {err}");
    }

    // Every output flag writes its file; none of them: the card on standard output.
    let (json, card, html) = (tmp("c.json"), tmp("c.md"), tmp("c.html"));
    let (code, out, err) = run(&[
        os("report"),
        os("--reference"),
        r.as_os_str(),
        os("--production"),
        p.as_os_str(),
        os("--json"),
        json.as_os_str(),
        os("--card"),
        card.as_os_str(),
        os("--html"),
        html.as_os_str(),
    ]);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        out.is_empty(),
        "nothing on stdout when files are written: {out}"
    );
    let j: Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(j["schema_version"], 1);
    assert!(std::fs::read_to_string(&card)
        .unwrap()
        .starts_with("## Monitoring (live)"));
    assert!(std::fs::read_to_string(&html)
        .unwrap()
        .starts_with("<!DOCTYPE html>"));
    let (code, out, _) = run(&[
        os("report"),
        os("--reference"),
        r.as_os_str(),
        os("--production"),
        p.as_os_str(),
    ]);
    assert_eq!(code, Some(0));
    assert!(out.starts_with("## Monitoring (live)"), "{out}");
}
