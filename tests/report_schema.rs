//! The JSON report against its schema, `docs/report.schema.json` (JSON Schema draft 2020-12,
//! `schema_version` 1): the CLI's `--json` output for every golden pair (with the golden roles,
//! with `--tests all`, and with the roles inferred as the page infers them), the demo pair, the
//! real-data corpus and two synthetic pairs that fill every optional block (labels join, cost with
//! a budget, versions, feedback, a fixed outlier threshold, per-column overrides, a file without
//! labels) must all validate. The schema is strict — `additionalProperties: false` on every object
//! whose fields are fixed — so a field added to `Report` without documentation fails here.
//!
//! Also: the validation can fail (an undocumented field, a wrong type, a missing field, a value
//! out of range are each rejected), every property of the schema is described, the schema's
//! enums are the code's ids, and it uses only the keywords the page's validator
//! (`tests/e2e/schema-validate.mjs`) implements. The page's own JSON is validated by
//! `tests/e2e/schema.test.mjs`.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::golden_config;
use serde_json::{json, Value};

const SCHEMA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/report.schema.json");

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn schema_json() -> Value {
    let text = std::fs::read_to_string(SCHEMA).unwrap_or_else(|e| panic!("{SCHEMA}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{SCHEMA}: not JSON: {e}"))
}

/// The compiled schema (boon also checks it against the draft 2020-12 meta-schema).
struct Validator {
    schemas: boon::Schemas,
    index: boon::SchemaIndex,
}

impl Validator {
    fn new() -> Self {
        Self::from_value(schema_json())
    }

    fn from_value(schema: Value) -> Self {
        let mut schemas = boon::Schemas::new();
        let mut compiler = boon::Compiler::new();
        let loc = "file:///driftcard/docs/report.schema.json";
        compiler
            .add_resource(loc, schema)
            .unwrap_or_else(|e| panic!("{SCHEMA}: {e:#}"));
        let index = compiler
            .compile(loc, &mut schemas)
            .unwrap_or_else(|e| panic!("{SCHEMA} is not a valid draft 2020-12 schema: {e:#}"));
        Validator { schemas, index }
    }

    /// `Err` with every error, one per line, when `report` breaks the schema.
    fn check(&self, report: &Value) -> Result<(), String> {
        self.schemas
            .validate(report, self.index)
            .map_err(|e| e.to_string())
    }
}

// ---------------------------------------------------------------------------------------------
// Running the CLI
// ---------------------------------------------------------------------------------------------

/// A fresh scratch directory for this test binary.
#[test]
fn cli_report_of_the_llm_demo_matches_the_schema() {
    let dir = scratch("llm-demo");
    for (from, to) in [
        ("llm_reference.csv", "reference.csv"),
        ("llm_production.csv", "production.csv"),
    ] {
        std::fs::copy(root().join("www/demo").join(from), dir.join(to))
            .unwrap_or_else(|e| panic!("{from}: {e}"));
    }
    let reports = vec![
        ("llm demo".to_owned(), cli_report("llm", &dir, &[])),
        (
            "llm demo --top-rows".to_owned(),
            cli_report("llm-top", &dir, &["--top-rows".as_ref()]),
        ),
    ];
    let e = &reports[1].1["llm_eval"];
    assert!(
        e["versions"].as_array().is_some_and(|v| v.len() == 3),
        "{e}"
    );
    assert!(e["failures"].as_array().is_some_and(|v| !v.is_empty()));
    assert!(e["regressions"].as_array().is_some_and(|v| v.len() == 1));
    // Without --top-rows the failing examples (raw rows) stay out of the export.
    assert_eq!(reports[0].1["llm_eval"]["failures"], serde_json::json!([]));
    assert_all_valid(&reports);
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir()
        .join(format!("driftcard-schema-{}", std::process::id()))
        .join(name);
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    dir
}

/// `driftcard report --reference R --production P --json OUT [extra…]`; exit 0, or 1 when a
/// `--fail-on` condition fired (the JSON is written all the same).
fn cli_report(tag: &str, dir: &Path, extra: &[&std::ffi::OsStr]) -> Value {
    let out = scratch("out").join(format!("{tag}.json"));
    let o = Command::new(env!("CARGO_BIN_EXE_driftcard"))
        .arg("report")
        .arg("--reference")
        .arg(dir.join("reference.csv"))
        .arg("--production")
        .arg(dir.join("production.csv"))
        .arg("--json")
        .arg(&out)
        .args(extra)
        .output()
        .unwrap_or_else(|e| panic!("{tag}: cannot run driftcard: {e}"));
    assert!(
        matches!(o.status.code(), Some(0 | 1)),
        "{tag}: exit {:?}\n{}",
        o.status.code(),
        String::from_utf8_lossy(&o.stderr)
    );
    let text = std::fs::read_to_string(&out)
        .unwrap_or_else(|e| panic!("{tag}: no JSON at {}: {e}", out.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{tag}: not JSON: {e}"))
}

/// Validates every report and fails once, listing every report that broke the schema.
fn assert_all_valid(reports: &[(String, Value)]) {
    assert!(!reports.is_empty(), "no report to validate");
    let v = Validator::new();
    let failures: Vec<String> = reports
        .iter()
        .filter_map(|(tag, r)| v.check(r).err().map(|e| format!("{tag}:\n{e}")))
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} report(s) break docs/report.schema.json:\n\n{}",
        failures.len(),
        reports.len(),
        failures.join("\n\n")
    );
}

/// Sub-directories of `dir` (sorted) whose name starts with `prefix`.
fn subdirs(dir: &Path, prefix: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.is_dir()
                && p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with(prefix))
        })
        .collect();
    v.sort();
    v
}

fn name_of(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

// ---------------------------------------------------------------------------------------------
// Real outputs
// ---------------------------------------------------------------------------------------------

#[test]
fn cli_reports_of_every_golden_pair_match_the_schema() {
    let pairs = subdirs(&root().join("tests/golden"), "pair");
    assert!(pairs.len() >= 6, "golden pairs missing: {pairs:?}");
    let mut reports = Vec::new();
    for dir in &pairs {
        let pair = name_of(dir);
        let expected: Value = serde_json::from_str(
            &std::fs::read_to_string(dir.join("expected.json"))
                .unwrap_or_else(|e| panic!("{pair}/expected.json: {e}")),
        )
        .unwrap_or_else(|e| panic!("{pair}/expected.json: {e}"));
        let cfg = scratch("config").join(format!("{pair}.json"));
        std::fs::write(&cfg, golden_config(&expected).to_string()).unwrap();
        let c = cfg.as_os_str();
        reports.push((
            format!("golden {pair}"),
            cli_report(&pair, dir, &["--config".as_ref(), c]),
        ));
        reports.push((
            format!("golden {pair} --tests all"),
            cli_report(
                &format!("{pair}-all"),
                dir,
                &["--config".as_ref(), c, "--tests".as_ref(), "all".as_ref()],
            ),
        ));
        // The roles and kinds inferred, as the page has them before any setting is touched.
        reports.push((
            format!("golden {pair} (inferred roles)"),
            cli_report(&format!("{pair}-inferred"), dir, &[]),
        ));
    }
    assert_all_valid(&reports);
}

#[test]
fn cli_report_of_the_demo_pair_matches_the_schema() {
    let dir = root().join("www/demo");
    let reports = vec![
        ("demo".to_owned(), cli_report("demo", &dir, &[])),
        (
            "demo --tests all".to_owned(),
            cli_report("demo-all", &dir, &["--tests".as_ref(), "all".as_ref()]),
        ),
    ];
    // The demo fills most sections: make sure they are there to be checked.
    for key in [
        "classification",
        "bias",
        "latency",
        "error_rate",
        "versions",
        "outliers",
        "rolling",
        "chunks",
        "change_points",
    ] {
        assert!(reports[0].1.get(key).is_some(), "demo report lacks `{key}`");
    }
    assert_all_valid(&reports);
}

#[test]
fn cli_reports_of_the_real_data_sets_match_the_schema() {
    let dirs = subdirs(&root().join("tests/data/real"), "");
    assert!(dirs.len() >= 10, "real-data corpus missing: {dirs:?}");
    let reports: Vec<(String, Value)> = dirs
        .iter()
        .map(|d| {
            let name = name_of(d);
            (
                format!("real {name}"),
                cli_report(&format!("real-{name}"), d, &[]),
            )
        })
        .collect();
    assert_all_valid(&reports);
}

/// Deterministic pseudo-random numbers in [0, 1) (64-bit LCG, Knuth's MMIX constants).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
    fn pick<'a>(&mut self, v: &[&'a str]) -> &'a str {
        v[((self.next() * v.len() as f64) as usize).min(v.len() - 1)]
    }
}

/// One synthetic file with every role and the columns that fill the optional parts of the
/// report. `production` shifts the data; `labelled` = false leaves every target empty.
fn synthetic_csv(production: bool, labelled: bool, with_feedback: bool, seed: u64) -> String {
    let mut r = Lcg(seed);
    let rows = if production { 300 } else { 400 };
    let start = if production { 9 * 86_400 } else { 0 };
    let mut head = vec![
        "timestamp",
        "request_id",
        "age",
        "income",
        "city",
        "gender",
        "target",
        "prediction",
        "score",
        "latency_ms",
        "status",
        "tokens",
        "model_version",
    ];
    if with_feedback {
        head.push("feedback");
    }
    head.extend(["constant", "note", "birthday"]);
    head.push(if production { "only_prod" } else { "only_ref" });
    let mut s = head.join(",") + "\n";
    for i in 0..rows {
        let secs = start + i * 1800;
        let (d, rem) = (secs / 86_400, secs % 86_400);
        let ts = format!(
            "2026-01-{:02}T{:02}:{:02}:00",
            1 + d,
            rem / 3600,
            (rem / 60) % 60
        );
        let shift = if production { 6.0 } else { 0.0 };
        let age = match (production, i) {
            (true, 7) => "abc".to_owned(), // an invalid cell
            (true, 11) => "inf".to_owned(),
            _ => format!("{}", (18.0 + shift + r.next() * 50.0).floor()),
        };
        let income = if i % 17 == 0 {
            String::new()
        } else {
            format!("{:.0}", 20_000.0 + r.next() * 60_000.0)
        };
        let city = if production && i % 9 == 0 {
            "new_town"
        } else {
            r.pick(&["north", "south", "east", "west"])
        };
        let gender = r.pick(&["F", "M", "M", "F", "X"]);
        let score = r.next();
        let y = u8::from(r.next() < score * if production { 0.8 } else { 1.0 });
        let target = if labelled && !(production && i % 3 == 0) {
            y.to_string()
        } else {
            String::new()
        };
        let version = if production && i >= 150 && i % 2 == 0 {
            "v2"
        } else {
            "v1"
        };
        let mut row = vec![
            ts,
            format!("{}{i}", if production { "p" } else { "r" }),
            age,
            income,
            city.to_owned(),
            gender.to_owned(),
            target,
            u8::from(score >= 0.5).to_string(),
            format!("{score:.4}"),
            format!(
                "{:.1}",
                20.0 + r.next() * if production { 150.0 } else { 90.0 }
            ),
            r.pick(&["200", "200", "200", "200", "500"]).to_owned(),
            format!("{:.0}", 100.0 + r.next() * 1900.0),
            version.to_owned(),
        ];
        if with_feedback {
            row.push(r.pick(&["up", "up", "down", "meh", ""]).to_owned());
        }
        row.push("k".to_owned());
        row.push(format!("\"free text {i} {:.6}\"", r.next()));
        row.push(format!("19{:02}-0{}-1{}", 50 + i % 40, 1 + i % 9, i % 10));
        row.push(format!("{:.2}", r.next()));
        s += &row.join(",");
        s.push('\n');
    }
    s
}

#[test]
fn cli_reports_that_fill_every_optional_block_match_the_schema() {
    let roles = json!({
        "target": "target", "prediction": "prediction", "score": "score", "timestamp": "timestamp",
        "id": "request_id", "group": ["gender"], "latency": "latency_ms", "status": "status",
        "cost": "tokens", "version": "model_version", "feedback": "feedback",
    });
    // Labelled reference; production with a third of its targets empty, filled by a labels
    // file; every setting away from its default.
    let full = scratch("synthetic-full");
    std::fs::write(
        full.join("reference.csv"),
        synthetic_csv(false, true, true, 1),
    )
    .unwrap();
    std::fs::write(
        full.join("production.csv"),
        synthetic_csv(true, true, true, 2),
    )
    .unwrap();
    let mut labels = String::from("request_id,target,labelled_at\n");
    for i in (0..300).step_by(3) {
        labels += &format!("p{i},{},2026-02-01T00:00:00\n", i % 2);
    }
    labels += "p999,1,2026-02-01T00:00:00\np3,0,2026-02-02T00:00:00\n,1,2026-02-01T00:00:00\n";
    std::fs::write(full.join("labels.csv"), labels).unwrap();
    let cfg = json!({
        "roles": roles,
        "positive_label": "1",
        "drift": {
            "share": 0.3, "bins": "equal_width", "n_bins": 8,
            "columns": {
                "age": { "method": "psi", "threshold": 0.2, "bins": "equal_width", "n_bins": 5, "all_tests": true },
                "city": { "method": "chisquare" },
            },
        },
        "rolling": { "window": 60, "step": 20, "chunks": "day" },
        "slo": { "percentile": 95, "target_ms": 80 },
        "bias": { "min_group_size": 20 },
        "outliers": { "seed": 7, "trees": 50, "sample_size": 128, "threshold": -0.02 },
        "cost": { "price_per_1k_tokens": 0.002, "budget": 0.5 },
        "feedback": { "threshold": 0.2 },
        "baseline_version": "v1",
    });
    let cfg_path = full.join("config.json");
    std::fs::write(&cfg_path, cfg.to_string()).unwrap();
    let full_report = cli_report(
        "synthetic-full",
        &full,
        &[
            "--config".as_ref(),
            cfg_path.as_os_str(),
            "--labels".as_ref(),
            full.join("labels.csv").as_os_str(),
        ],
    );

    // No label in production and no feedback column in the reference: the `null` sides.
    let unlabelled = scratch("synthetic-unlabelled");
    std::fs::write(
        unlabelled.join("reference.csv"),
        synthetic_csv(false, true, false, 3),
    )
    .unwrap();
    std::fs::write(
        unlabelled.join("production.csv"),
        synthetic_csv(true, false, true, 4),
    )
    .unwrap();
    let cfg_path = unlabelled.join("config.json");
    std::fs::write(&cfg_path, json!({ "roles": roles }).to_string()).unwrap();
    let unlabelled_report = cli_report(
        "synthetic-unlabelled",
        &unlabelled,
        &["--config".as_ref(), cfg_path.as_os_str()],
    );

    // The blocks these two exist for are really there.
    let f = &full_report;
    for (what, present) in [
        ("labels", f.get("labels").is_some()),
        (
            "cost with a budget",
            f["cost"]["budget_exceeded"].is_boolean(),
        ),
        ("cost projected", f["cost"]["projected_monthly"].is_number()),
        ("versions", f["versions"]["comparisons"].is_array()),
        ("feedback", f["feedback"]["reference"].is_object()),
        (
            "fixed outlier threshold",
            f["outliers"]["threshold_source"] == "fixed",
        ),
        ("per-day SLO", f["latency"]["slo"]["chunks"].is_array()),
        ("schema drift", f.get("schema_drift").is_some()),
        (
            "not computable tests",
            f["drift"]["columns"]
                .as_array()
                .is_some_and(|c| c.iter().any(|c| c.get("not_computable").is_some())),
        ),
        (
            "excluded columns",
            f["drift"]["excluded"]
                .as_array()
                .is_some_and(|e| e.len() >= 3),
        ),
        (
            "overrides in the config",
            f["config"]["drift"]["columns"]["age"]["all_tests"] == true,
        ),
        (
            "cost check",
            f["checks"]
                .as_array()
                .is_some_and(|c| c.iter().any(|c| c["id"] == "cost")),
        ),
        (
            "bias without production labels",
            unlabelled_report["bias"]["columns"][0]["production"].is_null(),
        ),
        (
            "feedback without a reference column",
            unlabelled_report["feedback"]["reference"].is_null(),
        ),
    ] {
        assert!(present, "the synthetic reports lack {what}");
    }
    assert_all_valid(&[
        ("synthetic, every block".to_owned(), full_report),
        (
            "synthetic, production unlabelled".to_owned(),
            unlabelled_report,
        ),
    ]);
}

// ---------------------------------------------------------------------------------------------
// The validation can fail
// ---------------------------------------------------------------------------------------------

/// Sets `report[path…] = value` (the path must exist up to its last step).
fn set(report: &mut Value, path: &[&str], value: Value) {
    let mut v = report;
    for (i, k) in path.iter().enumerate() {
        let next = match k.parse::<usize>() {
            Ok(n) if v.is_array() => &mut v[n],
            _ => &mut v[*k],
        };
        if i + 1 == path.len() {
            *next = value;
            return;
        }
        v = next;
    }
}

#[test]
fn the_schema_rejects_undocumented_fields_wrong_types_missing_fields_and_bad_values() {
    let v = Validator::new();
    let good = cli_report("negative-demo", &root().join("www/demo"), &[]);
    v.check(&good)
        .unwrap_or_else(|e| panic!("the demo report should be valid:\n{e}"));
    let remove = |path: &[&str]| {
        let mut r = good.clone();
        let (last, parent) = path.split_last().unwrap();
        let mut p = &mut r;
        for k in parent {
            p = match k.parse::<usize>() {
                Ok(n) if p.is_array() => &mut p[n],
                _ => &mut p[*k],
            };
        }
        assert!(
            p.as_object_mut().and_then(|o| o.remove(*last)).is_some(),
            "{path:?} not in the demo report"
        );
        r
    };
    let with = |path: &[&str], value: Value| {
        let mut r = good.clone();
        set(&mut r, path, value);
        r
    };
    let cases: Vec<(&str, Value)> = vec![
        (
            "an undocumented top-level field",
            with(&["extra"], json!(1)),
        ),
        (
            "an undocumented field in a drift column",
            with(&["drift", "columns", "0", "undocumented"], json!("x")),
        ),
        (
            "an undocumented field in a test result",
            with(
                &["drift", "columns", "0", "tests", "psi", "note"],
                json!("x"),
            ),
        ),
        (
            "an undocumented field in the settings",
            with(&["config", "drift", "speed"], json!(3)),
        ),
        (
            "a test keyed by an unknown method",
            with(
                &["drift", "columns", "0", "tests", "magic"],
                good["drift"]["columns"][0]["tests"]["psi"].clone(),
            ),
        ),
        (
            "a count as a string",
            with(&["drift", "n_features"], json!("10")),
        ),
        ("a negative count", with(&["drift", "n_drifted"], json!(-1))),
        (
            "a fractional count",
            with(&["inputs", "reference", "rows"], json!(1.5)),
        ),
        (
            "a flag as a number",
            with(&["drift", "dataset_drift"], json!(0)),
        ),
        (
            "a share above 1",
            with(&["drift", "share_drifted"], json!(1.5)),
        ),
        (
            "a non-finite number spelled `Infinity`",
            with(&["drift", "columns", "0", "score"], json!("Infinity")),
        ),
        (
            "null for a number",
            with(&["drift", "columns", "0", "score"], Value::Null),
        ),
        (
            "a p-value of inf",
            with(&["outliers", "p_value"], json!("inf")),
        ),
        (
            "an unknown status",
            with(&["drift", "columns", "0", "status"], json!("maybe")),
        ),
        (
            "an unknown role",
            with(&["columns", "0", "role"], json!("oracle")),
        ),
        (
            "an unknown check id",
            with(&["checks", "0", "id"], json!("vibes")),
        ),
        ("schema_version 2", with(&["schema_version"], json!(2))),
        (
            "schema_version as a string",
            with(&["schema_version"], json!("1")),
        ),
        (
            "a date-time without the zone",
            with(&["generated_at"], json!("2026-01-01 10:00")),
        ),
        ("a missing top-level field", remove(&["drift"])),
        (
            "a missing nested field",
            remove(&["quality", "duplicate_rows"]),
        ),
        (
            "a missing field of a drift column",
            remove(&["drift", "columns", "0", "reason"]),
        ),
        (
            "a missing nullable field",
            remove(&["change_points", "first"]),
        ),
    ];
    let accepted: Vec<&str> = cases
        .iter()
        .filter(|(_, r)| v.check(r).is_ok())
        .map(|(what, _)| *what)
        .collect();
    assert!(
        accepted.is_empty(),
        "the schema accepted a report with {}",
        accepted.join(", ")
    );
    // The messages point at the place.
    let err = v.check(&cases[1].1).unwrap_err();
    assert!(err.contains("/drift/columns/0"), "{err}");
}

// ---------------------------------------------------------------------------------------------
// The schema itself
// ---------------------------------------------------------------------------------------------

/// Every subschema of `s` with its JSON pointer, depth first.
fn walk<'a>(s: &'a Value, at: String, out: &mut Vec<(String, &'a Value)>) {
    out.push((at.clone(), s));
    let Some(o) = s.as_object() else { return };
    for (k, v) in o {
        match k.as_str() {
            "properties" | "$defs" => {
                for (name, sub) in v.as_object().into_iter().flatten() {
                    walk(sub, format!("{at}/{k}/{name}"), out);
                }
            }
            "anyOf" | "oneOf" | "allOf" | "prefixItems" => {
                for (i, sub) in v.as_array().into_iter().flatten().enumerate() {
                    walk(sub, format!("{at}/{k}/{i}"), out);
                }
            }
            "items" | "additionalProperties" | "propertyNames" | "not" => {
                walk(v, format!("{at}/{k}"), out)
            }
            _ => {}
        }
    }
}

fn described(s: &Value) -> bool {
    s.get("description")
        .and_then(Value::as_str)
        .is_some_and(|d| !d.trim().is_empty())
}

#[test]
fn every_property_definition_and_map_value_has_a_description() {
    let schema = schema_json();
    let mut all = Vec::new();
    walk(&schema, String::new(), &mut all);
    let mut missing = Vec::new();
    for (at, s) in &all {
        let Some(o) = s.as_object() else { continue };
        if !described(s) && at.is_empty() {
            missing.push("(the root)".to_owned());
        }
        for (name, sub) in o
            .get("properties")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            if !described(sub) {
                missing.push(format!("{at}/properties/{name}"));
            }
        }
        for (name, sub) in o
            .get("$defs")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            if !described(sub) {
                missing.push(format!("{at}/$defs/{name}"));
            }
        }
        if let Some(sub) = o.get("additionalProperties").filter(|v| v.is_object()) {
            if !described(sub) && sub.get("$ref").is_none() {
                missing.push(format!("{at}/additionalProperties"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "{} schema entries without a description:\n  {}",
        missing.len(),
        missing.join("\n  ")
    );
    let properties = all
        .iter()
        .filter(|(at, _)| at.rsplit('/').nth(1) == Some("properties"))
        .count();
    assert!(properties > 300, "only {properties} properties walked");
}

#[test]
fn every_object_with_fixed_fields_forbids_undocumented_ones() {
    let schema = schema_json();
    let mut all = Vec::new();
    walk(&schema, String::new(), &mut all);
    let loose: Vec<&str> = all
        .iter()
        .filter(|(_, s)| s.get("properties").is_some())
        .filter(|(_, s)| s.get("additionalProperties") != Some(&Value::Bool(false)))
        .map(|(at, _)| at.as_str())
        .collect();
    assert!(
        loose.is_empty(),
        "objects open to undocumented fields: {loose:?}"
    );
    // And every field listed as required is one of its properties.
    for (at, s) in &all {
        for r in s
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let r = r.as_str().unwrap_or_default();
            assert!(
                s["properties"].get(r).is_some(),
                "{at}: required `{r}` is not a property"
            );
        }
    }
}

/// The keywords `tests/e2e/schema-validate.mjs` implements (its `ANNOTATIONS` and `ASSERTIONS`).
const PAGE_VALIDATOR_KEYWORDS: &[&str] = &[
    "$schema",
    "$id",
    "$comment",
    "$defs",
    "title",
    "description",
    "default",
    "examples",
    "type",
    "enum",
    "const",
    "$ref",
    "anyOf",
    "oneOf",
    "allOf",
    "not",
    "properties",
    "required",
    "additionalProperties",
    "propertyNames",
    "minProperties",
    "maxProperties",
    "items",
    "prefixItems",
    "minItems",
    "maxItems",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "pattern",
    "minLength",
    "maxLength",
];

#[test]
fn the_schema_uses_only_keywords_the_page_validator_implements() {
    let js = std::fs::read_to_string(root().join("tests/e2e/schema-validate.mjs"))
        .unwrap_or_else(|e| panic!("tests/e2e/schema-validate.mjs: {e}"));
    for k in PAGE_VALIDATOR_KEYWORDS {
        assert!(
            js.contains(&format!("'{k}'")),
            "schema-validate.mjs does not list `{k}`"
        );
    }
    let schema = schema_json();
    let mut all = Vec::new();
    walk(&schema, String::new(), &mut all);
    let mut unknown = BTreeSet::new();
    for (at, s) in &all {
        for k in s.as_object().into_iter().flatten().map(|(k, _)| k) {
            if !PAGE_VALIDATOR_KEYWORDS.contains(&k.as_str()) {
                unknown.insert(format!("{at}: {k}"));
            }
        }
        if let Some(r) = s.get("$ref").and_then(Value::as_str) {
            assert!(r.starts_with("#/$defs/"), "{at}: non-local $ref {r}");
            let name = &r["#/$defs/".len()..];
            assert!(
                schema["$defs"].get(name).is_some(),
                "{at}: dangling $ref {r}"
            );
        }
    }
    assert!(
        unknown.is_empty(),
        "keywords the page's validator does not implement: {unknown:?}"
    );
    // Every shared shape is used.
    let text = schema.to_string();
    for name in schema["$defs"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(k, _)| k)
    {
        assert!(
            text.contains(&format!("\"#/$defs/{name}\"")),
            "$defs/{name} is never referenced"
        );
    }
}

/// The enum of `$defs/<name>` as strings.
fn enum_of(schema: &Value, name: &str) -> Vec<String> {
    schema["$defs"][name]["enum"]
        .as_array()
        .unwrap_or_else(|| panic!("$defs/{name} has no enum"))
        .iter()
        .map(|v| v.as_str().unwrap_or_default().to_owned())
        .collect()
}

#[test]
fn the_schemas_id_sets_are_the_codes() {
    use driftcard::data::{Kind, Role};
    use driftcard::drift::Method;
    let schema = schema_json();
    let ids = |v: Vec<&str>| v.into_iter().map(str::to_owned).collect::<Vec<_>>();
    assert_eq!(
        enum_of(&schema, "MethodId"),
        ids(Method::ALL.iter().map(|m| m.id()).collect()),
        "$defs/MethodId vs src/drift/method.rs METHODS"
    );
    assert_eq!(
        enum_of(&schema, "Kind"),
        ids(Kind::ALL.iter().map(|k| k.id()).collect()),
        "$defs/Kind vs Kind::ALL"
    );
    assert_eq!(
        enum_of(&schema, "Role"),
        ids(Role::ALL.iter().map(|r| r.id()).collect()),
        "$defs/Role vs Role::ALL"
    );
    assert_eq!(
        schema["properties"]["schema_version"]["const"],
        json!(driftcard::report::SCHEMA_VERSION),
        "schema_version"
    );
    // Serde writes the enums with the same ids.
    for m in Method::ALL {
        assert_eq!(serde_json::to_value(m).unwrap(), json!(m.id()));
    }
    for r in Role::ALL {
        assert_eq!(serde_json::to_value(r).unwrap(), json!(r.id()));
    }
}

#[test]
fn a_schema_that_breaks_its_own_rules_is_caught() {
    // The checks above are not vacuous: a schema with an undescribed property or an open object
    // would be reported, and boon refuses a schema that is not valid draft 2020-12.
    let mut schema = schema_json();
    schema["properties"]["drift"]["properties"]["n_drifted"]
        .as_object_mut()
        .unwrap()
        .remove("description");
    let mut all = Vec::new();
    walk(&schema, String::new(), &mut all);
    assert!(all
        .iter()
        .any(|(at, s)| at == "/properties/drift/properties/n_drifted" && !described(s)));
    let bad =
        json!({ "$schema": "https://json-schema.org/draft/2020-12/schema", "type": "objekt" });
    let mut compiler = boon::Compiler::new();
    let mut schemas = boon::Schemas::new();
    compiler.add_resource("file:///bad.json", bad).unwrap();
    assert!(compiler.compile("file:///bad.json", &mut schemas).is_err());
}
