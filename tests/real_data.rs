//! The CLI on real public data with **no role flags**: for every data set of
//! `tests/data/real/<name>/` (see `tests/real/README.md`), `driftcard report --json` must infer
//! the roles a careful user would set, compute scikit-learn's metrics, scipy's KS / W₁ and
//! fairlearn's per-group bias table on the values as written, and — for the dirty copies — read
//! the same values and count exactly the stray tokens as invalid.
//!
//! One `#[test]` per data set (the [`datasets!`] list); `the_list_matches_the_folder` fails when a
//! directory is added or removed without updating it. Within a data set every mismatch is
//! collected and reported together (roles with the tool's reasons, metrics, drift, bias, quality).

mod common;

use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use common::{assert_closed, assert_p, close, num, REL_CLOSED_FORM};
use serde_json::Value;

fn real_dir() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/real"))
}

fn out_path(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("driftcard-real-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

// ---------------------------------------------------------------------------------------------
// Collecting failures: the `common` assertions run under `catch_unwind`, their messages collected
// ---------------------------------------------------------------------------------------------

thread_local! {
    /// `true` while [`Failures::check`] runs an assertion: its panic is collected, not printed.
    static QUIET: Cell<bool> = const { Cell::new(false) };
}

/// Installs (once) a panic hook that stays silent for the assertions [`Failures::check`]
/// catches and defers to the previous hook for every other panic.
fn quiet_hook() {
    static ONCE: OnceLock<()> = OnceLock::new();
    ONCE.get_or_init(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !QUIET.with(Cell::get) {
                previous(info);
            }
        }));
    });
}

#[derive(Default)]
struct Failures(Vec<String>);

impl Failures {
    fn push(&mut self, msg: impl Into<String>) {
        self.0.push(msg.into());
    }

    /// Runs one `common` assertion and keeps its message if it fails.
    fn check(&mut self, f: impl FnOnce()) {
        quiet_hook();
        QUIET.with(|q| q.set(true));
        let r = panic::catch_unwind(AssertUnwindSafe(f));
        QUIET.with(|q| q.set(false));
        if let Err(e) = r {
            let msg = e
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| e.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_else(|| "(non-string panic)".into());
            self.0.push(msg);
        }
    }

    fn finish(self, name: &str) {
        assert!(
            self.0.is_empty(),
            "{name}: {} mismatch(es):\n  - {}",
            self.0.len(),
            self.0.join("\n  - ")
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Running the CLI
// ---------------------------------------------------------------------------------------------

/// `driftcard report --reference R --production P --json OUT [extra…]`; the exit code must be 0,
/// or 1 only when the report says dataset drift.
fn run(name: &str, extra: &[&str]) -> Value {
    let dir = real_dir().join(name);
    let tag = match extra.first() {
        None => "auto",
        Some(&"--config") => "config",
        Some(_) => "extra",
    };
    let out = out_path(&format!("{name}-{tag}.json"));
    let _ = std::fs::remove_file(&out);
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
        .unwrap_or_else(|e| panic!("{name}: cannot run driftcard: {e}"));
    let stderr = String::from_utf8_lossy(&o.stderr);
    let code = o.status.code();
    assert!(
        matches!(code, Some(0 | 1)),
        "{name} {extra:?}: exit {code:?}\nstderr:\n{stderr}"
    );
    let text = std::fs::read_to_string(&out).unwrap_or_else(|e| {
        panic!(
            "{name}: no JSON at {}: {e}\nstderr:\n{stderr}",
            out.display()
        )
    });
    let report: Value = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("{name}: bad JSON: {e}\nstderr:\n{stderr}"));
    if code == Some(1) {
        assert_eq!(
            report["drift"]["dataset_drift"],
            Value::Bool(true),
            "{name}: exit 1 without dataset drift\nstderr:\n{stderr}"
        );
    }
    report
}

fn load_expected(name: &str) -> Value {
    let p = real_dir().join(name).join("expected.json");
    let text = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn by_key<'a>(arr: &'a Value, key: &str, name: &str) -> Option<&'a Value> {
    arr.as_array()?.iter().find(|c| c[key] == name)
}

// ---------------------------------------------------------------------------------------------
// The checks
// ---------------------------------------------------------------------------------------------

const SINGLE_ROLES: [&str; 5] = ["target", "prediction", "score", "timestamp", "id"];
const LIST_ROLES: [&str; 2] = ["class_score", "group"];

/// Roles: every expected role holds, and no other column takes a single role.
fn check_roles(expected: &Value, report: &Value, f: &mut Failures) {
    let roles = &expected["roles"];
    let cols = &report["columns"];
    let describe = |c: &Value| {
        format!(
            "{} (kind {}; reason: {})",
            c["role"].as_str().unwrap_or("?"),
            c["kind"].as_str().unwrap_or("?"),
            c["reason"].as_str().unwrap_or("?")
        )
    };
    let want = |col: &str, role: &str, f: &mut Failures| match by_key(cols, "name", col) {
        None => f.push(format!(
            "role: column `{col}` (expected {role}) is not in the report's columns[]"
        )),
        Some(c) if c["role"] != role => f.push(format!(
            "role: column `{col}`: expected {role}, got {}",
            describe(c)
        )),
        Some(_) => {}
    };
    for role in SINGLE_ROLES {
        let expected_col = roles[role].as_str();
        if let Some(col) = expected_col {
            want(col, role, f);
        }
        for c in cols.as_array().into_iter().flatten() {
            let name = c["name"].as_str().unwrap_or("?");
            if c["role"] == role && Some(name) != expected_col {
                f.push(format!(
                    "role: column `{name}`: expected not {role} (expected {role}: {}), got {}",
                    expected_col.map_or("none".to_owned(), |s| format!("`{s}`")),
                    describe(c)
                ));
            }
        }
    }
    for role in LIST_ROLES {
        for col in roles[role].as_array().into_iter().flatten() {
            want(col.as_str().unwrap(), role, f);
        }
    }
}

/// Metrics: the task, then every expected metric of both files (counts exact, the rest
/// `assert_closed`), and the `not_computable` ones absent or null.
fn check_metrics(expected: &Value, report: &Value, f: &mut Failures) {
    let task = expected["task"].as_str().unwrap();
    let block = if task == "regression" {
        let b = &report["regression"];
        if b.is_null() {
            f.push("task: regression expected, the report has no `regression` block");
            return;
        }
        b
    } else {
        let b = &report["classification"];
        if b.is_null() {
            f.push(format!(
                "task: {task} expected, the report has no `classification` block"
            ));
            return;
        }
        if b["task"] != task {
            f.push(format!(
                "task: classification.task = {}, expected {task}",
                b["task"]
            ));
        }
        if let Some(p) = expected["positive_label"].as_str() {
            if b["positive_label"] != p {
                f.push(format!(
                    "classification.positive_label = {}, expected {p:?}",
                    b["positive_label"]
                ));
            }
        }
        if let Some(classes) = expected.get("classes") {
            if &b["labels"] != classes {
                f.push(format!(
                    "classification.labels = {}, expected {classes}",
                    b["labels"]
                ));
            }
        }
        b
    };
    let section = if task == "regression" {
        "regression"
    } else {
        "classification"
    };
    for side in ["reference", "production"] {
        let got = &block[side];
        if got.is_null() {
            f.push(format!("{section}.{side}: absent"));
            continue;
        }
        let want_rows = &expected["n_rows"][side];
        if &got["n_rows"] != want_rows || &report["inputs"][side]["rows"] != want_rows {
            f.push(format!(
                "{section}.{side}.n_rows = {}, inputs.{side}.rows = {}, expected {want_rows}",
                got["n_rows"], report["inputs"][side]["rows"]
            ));
        }
        for (key, want) in expected["metrics"][side].as_object().unwrap() {
            let ctx = format!("{section}.{side}.{key}");
            if key == "not_computable" {
                for (m, why) in want.as_object().unwrap() {
                    if !got[m].is_null() {
                        f.push(format!(
                            "{section}.{side}.{m} = {}, expected absent or null (sklearn: {why})",
                            got[m]
                        ));
                    }
                }
                continue;
            }
            let g = &got[key];
            if g.is_null() {
                f.push(format!(
                    "{ctx}: absent, expected {want} (tool's not_computable: {})",
                    got["not_computable"][key]
                ));
            } else if key.starts_with("n_") {
                if g != want {
                    f.push(format!("{ctx}: got {g}, expected {want} (exact)"));
                }
            } else {
                let (a, e) = (num(g, &ctx), num(want, &ctx));
                f.check(|| assert_closed(a, e, &ctx));
            }
        }
    }
}

/// Drift: KS statistic (`assert_closed`) and p-value (`assert_p`), the counts, and the raw W₁.
///
/// The report holds Wasserstein normed (`tests.wasserstein.statistic` = W₁ / max(std₀(ref),
/// 0.001), `src/drift/wasserstein.rs`); the raw W₁ is that times the norm, with std₀ from the
/// report's `quality.columns[c].reference.std` (ddof 1) × √((n − 1)/n), n = `n_ref`.
fn check_drift(name: &str, expected: &Value, report: &Value, f: &mut Failures) {
    let mut all_tests: Option<Value> = None;
    for (col, want) in expected["drift"].as_object().unwrap() {
        let Some(d) = by_key(&report["drift"]["columns"], "column", col) else {
            f.push(format!(
                "drift.{col}: not among drift.columns; excluded: {}",
                by_key(&report["drift"]["excluded"], "column", col)
                    .map_or("no".to_owned(), |e| e.to_string())
            ));
            continue;
        };
        let mut d = d.clone();
        if d["tests"]["ks"].is_null() {
            // The tool chose another method: `--tests all` computes every applicable one.
            let all = all_tests.get_or_insert_with(|| run(name, &["--tests", "all"]));
            match by_key(&all["drift"]["columns"], "column", col) {
                Some(a) if !a["tests"]["ks"].is_null() => d = a.clone(),
                other => {
                    f.push(format!(
                        "drift.{col}: no `ks` test, not even with --tests all (kind {}, role {}, method {}; tests {:?}; --tests all: {:?}; not_computable {})",
                        d["kind"],
                        d["role"],
                        d["method"],
                        d["tests"].as_object().map(|o| o.keys().cloned().collect::<Vec<_>>()),
                        other.and_then(|a| a["tests"].as_object()).map(|o| o.keys().cloned().collect::<Vec<_>>()),
                        other.map_or(Value::Null, |a| a["not_computable"].clone())
                    ));
                    continue;
                }
            }
        }
        let ks = &d["tests"]["ks"];
        let ctx = format!("drift.{col}.tests.ks.statistic");
        let (a, e) = (
            num(&ks["statistic"], &ctx),
            num(&want["ks_statistic"], &ctx),
        );
        f.check(|| assert_closed(a, e, &ctx));
        let ctx = format!("drift.{col}.tests.ks.p_value");
        let (a, e) = (num(&ks["p_value"], &ctx), num(&want["ks_pvalue"], &ctx));
        f.check(|| assert_p(a, e, &ctx));
        for (ours, theirs) in [("n_ref", "reference"), ("n_prod", "production")] {
            if d[ours] != want["n"][theirs] {
                f.push(format!(
                    "drift.{col}.{ours} = {}, expected {}",
                    d[ours], want["n"][theirs]
                ));
            }
        }
        let ctx = format!("drift.{col}: raw W1 (tests.wasserstein.statistic × reference std0)");
        let w = &d["tests"]["wasserstein"]["statistic"];
        let std1 = by_key(&report["quality"]["columns"], "column", col)
            .map_or(&Value::Null, |q| &q["reference"]["std"]);
        if w.is_null() || std1.is_null() || !d["n_ref"].is_u64() {
            f.push(format!(
                "{ctx}: cannot be computed (statistic {w}, quality reference std {std1}, n_ref {})",
                d["n_ref"]
            ));
            continue;
        }
        let n = d["n_ref"].as_u64().unwrap() as f64;
        let std0 = if n > 1.0 {
            num(std1, &ctx) * ((n - 1.0) / n).sqrt()
        } else {
            0.0
        };
        let raw = num(w, &ctx) * std0.max(0.001);
        let e = num(&want["wasserstein"], &ctx);
        f.check(|| assert_closed(raw, e, &ctx));
    }
}

/// One expected bias rate: NaN only matches NaN (`close`), 0 within [`common::ABS_BIAS_AT_ZERO`], the
/// rest `assert_closed`.
fn check_rate(got: &Value, want: &Value, ctx: &str, f: &mut Failures) {
    if got.is_null() {
        f.push(format!("{ctx}: absent, expected {want}"));
        return;
    }
    let (a, e) = (num(got, ctx), num(want, ctx));
    if e == 0.0 {
        f.check(|| {
            assert!(
                close(a, e, REL_CLOSED_FORM, common::ABS_BIAS_AT_ZERO),
                "{ctx}: got {a:e}, expected 0 (abs tol {:e})",
                common::ABS_BIAS_AT_ZERO
            );
        });
    } else {
        f.check(|| assert_closed(a, e, ctx));
    }
}

/// The rates of one group (or of `overall`): `n` exact, each rate by [`check_rate`].
fn check_bias_rates(got: &Value, want: &Value, ctx: &str, f: &mut Failures) {
    for (key, w) in want.as_object().unwrap() {
        if key == "value" {
            continue;
        }
        let ctx = format!("{ctx}.{key}");
        if key == "n" {
            if &got[key] != w {
                f.push(format!("{ctx}: got {}, expected {w} (exact)", got[key]));
            }
        } else {
            check_rate(&got[key], w, &ctx, f);
        }
    }
}

/// Bias: for each expected group column, `bias.columns[column=<g>].{reference,production}`
/// against fairlearn's `MetricFrame` (per group `n`, accuracy, selection rate, TPR, FPR,
/// precision; `overall`) and its four disparity aggregates, plus the rows left out
/// (`n_missing_group`, `n_unlabelled`). A multiclass data set carries `config` (the positive
/// label driftcard needs for one-vs-rest): its report is the one run with that `--config`.
fn check_bias(name: &str, expected: &Value, report: &Value, f: &mut Failures) {
    let Some(want_bias) = expected.get("bias") else {
        return;
    };
    let configured;
    let report = if want_bias["config"].is_null() {
        report
    } else {
        let path = out_path(&format!("{name}-config-in.json"));
        std::fs::write(&path, want_bias["config"].to_string())
            .unwrap_or_else(|e| panic!("{name}: cannot write {}: {e}", path.display()));
        configured = run(name, &["--config", path.to_str().unwrap()]);
        &configured
    };
    let pos = &want_bias["positive_label"];
    for want_col in want_bias["columns"].as_array().unwrap() {
        let col = want_col["column"].as_str().unwrap();
        let Some(got_col) = by_key(&report["bias"]["columns"], "column", col) else {
            let notes: Vec<&Value> = report["warnings"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|w| w["column"] == col)
                .map(|w| &w["message"])
                .collect();
            f.push(format!(
                "bias.{col}: not among bias.columns (bias = {}; warnings on `{col}`: {notes:?})",
                report["bias"]
            ));
            continue;
        };
        if &got_col["positive_label"] != pos {
            f.push(format!(
                "bias.{col}.positive_label = {}, expected {pos}",
                got_col["positive_label"]
            ));
        }
        for side in ["reference", "production"] {
            let (got, want) = (&got_col[side], &want_col[side]);
            let ctx = format!("bias.{col}.{side}");
            if got.is_null() {
                f.push(format!("{ctx}: absent"));
                continue;
            }
            for key in ["n_missing_group", "n_unlabelled"] {
                if got[key] != want[key] {
                    f.push(format!(
                        "{ctx}.{key}: got {}, expected {} (exact)",
                        got[key], want[key]
                    ));
                }
            }
            let values = |v: &Value| -> Vec<Value> {
                v["groups"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|g| g["value"].clone())
                    .collect()
            };
            if values(got) != values(want) {
                f.push(format!(
                    "{ctx}.groups: values {:?}, expected {:?} (fairlearn's sorted group index)",
                    values(got),
                    values(want)
                ));
            }
            for wg in want["groups"].as_array().unwrap() {
                let v = wg["value"].as_str().unwrap();
                match by_key(&got["groups"], "value", v) {
                    Some(gg) => check_bias_rates(gg, wg, &format!("{ctx}.groups[{v}]"), f),
                    None => f.push(format!("{ctx}.groups[{v}]: absent")),
                }
            }
            check_bias_rates(
                &got["overall"],
                &want["overall"],
                &format!("{ctx}.overall"),
                f,
            );
            for key in [
                "demographic_parity_difference",
                "demographic_parity_ratio",
                "equalized_odds_difference",
                "equalized_odds_ratio",
            ] {
                check_rate(&got[key], &want[key], &format!("{ctx}.{key}"), f);
            }
        }
    }
}

/// Invalid cells: `quality.columns[c].{reference,production}.invalid` equals `dirty.invalid.<c>`
/// (0 / absent for every other column, and everywhere in a clean copy), and each invalid column
/// is named by a warning about that file.
fn check_invalid(expected: &Value, report: &Value, f: &mut Failures) {
    let listed = &expected["dirty"]["invalid"];
    let qcols = report["quality"]["columns"].as_array().unwrap();
    for q in qcols {
        let col = q["column"].as_str().unwrap();
        for side in ["reference", "production"] {
            let got = q[side]["invalid"].as_u64().unwrap_or(0);
            let want = listed[col][side].as_u64().unwrap_or(0);
            if got != want {
                f.push(format!(
                    "quality.{col}.{side}.invalid = {got}, expected {want}"
                ));
            }
        }
    }
    for (col, counts) in listed.as_object().into_iter().flatten() {
        if !qcols.iter().any(|q| q["column"] == col.as_str()) {
            f.push(format!(
                "quality: column `{col}` (invalid cells expected) absent"
            ));
        }
        for side in ["reference", "production"] {
            if counts[side].as_u64().unwrap_or(0) == 0 {
                continue;
            }
            let file = format!("{side}.csv");
            let named = report["warnings"]
                .as_array()
                .into_iter()
                .flatten()
                .any(|w| {
                    w["column"] == col.as_str()
                        && w["file"].as_str().is_some_and(|s| s.ends_with(&file))
                });
            if !named {
                f.push(format!(
                    "warnings: none names column `{col}` of {file} (it has {} invalid cells)",
                    counts[side]
                ));
            }
        }
    }
}

fn check(name: &str) {
    let expected = load_expected(name);
    if let Some(same) = expected["dirty"]["same_as"].as_str() {
        // A dirty copy carries the clean copy's expectations: the tool must read the same values.
        let clean = load_expected(same);
        for key in ["task", "roles", "metrics", "drift", "bias", "n_rows"] {
            assert_eq!(
                expected[key], clean[key],
                "{name}/expected.json: `{key}` differs from {same}'s"
            );
        }
    }
    let report = run(name, &[]);
    let mut f = Failures::default();
    check_roles(&expected, &report, &mut f);
    check_metrics(&expected, &report, &mut f);
    check_drift(name, &expected, &report, &mut f);
    check_bias(name, &expected, &report, &mut f);
    check_invalid(&expected, &report, &mut f);
    f.finish(name);
}

// ---------------------------------------------------------------------------------------------
// One test per data set
// ---------------------------------------------------------------------------------------------

macro_rules! datasets {
    ($($name:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                check(stringify!($name));
            }
        )*
        const LISTED: &[&str] = &[$(stringify!($name)),*];
    };
}

datasets!(
    car_loan,
    car_loan_dirty,
    car_price,
    cars,
    cars_dirty,
    credit_card,
    fair,
    grunfeld,
    macrodata,
    penguins,
    penguins_dirty,
    seattle_weather,
    titanic,
    work_home,
);

#[test]
fn the_list_matches_the_folder() {
    let dir = real_dir();
    let mut found: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    found.sort();
    let mut listed: Vec<String> = LISTED.iter().map(|s| (*s).to_owned()).collect();
    listed.sort();
    assert_eq!(
        listed,
        found,
        "add every directory of {} to `datasets!` in tests/real_data.rs (and only those)",
        dir.display()
    );
    for name in &found {
        for file in ["reference.csv", "production.csv", "expected.json"] {
            assert!(
                Path::new(&dir).join(name).join(file).is_file(),
                "{name}/{file} missing"
            );
        }
    }
}
