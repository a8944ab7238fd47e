//! The messy corpus (`tests/data/messy/`, written by `make_messy.py`): dirty, realistic file pairs
//! and the outcome driftcard must give on each, checked through the CLI **and** through the core
//! (`read_table` → `pair_headers` → `attach_labels` → `analyze`, no process), so the page (which runs the core in
//! its worker) and the command line cannot disagree.
//!
//! Every failure of every case is collected and the test fails once with the full list
//! (case, CLI or core, assertion, expected, got).
//!
//! # `expect.json`
//! - `what`, `item` (issue 8 items it covers, e.g. `"1,5"`), `args` (extra CLI arguments, `{dir}`
//!   replaced by the case folder), `exit` (0, 1 or 2), `stderr` (substrings of the CLI's stderr;
//!   for exit 2 also of the core's error message), `json` (assertions on the report), `card` /
//!   `card_absent` (substrings of the Markdown card that must / must not be there),
//!   `json_text_absent` (substrings that must not occur anywhere in the JSON text), `max_bytes`
//!   (`json`, `card`), `max_seconds` (wall time of one run, CLI and core each), `page` (in the
//!   browser subset), `cli_only` (no core run: write errors, stdout, OS paths).
//! - Completed at test time: `generate` (`{"kind": "duplicate_headers", "name", "columns",
//!   "rows"}` writes both files), `expand` (`{"file", "token", "char", "bytes"}` replaces `token` by
//!   `bytes` copies of `char`), `stdout_dev_full` (no output file; stdout is `/dev/full`),
//!   `non_utf8_paths` (the inputs are copied to paths with a 0xFF byte).
//!
//! # Assertions
//! `{"path": P, <op>: V}` with ops `equals` (JSON equality, numbers by value), `approx` (+ `rel`,
//! default 1e-9, and `abs`, default 0), `contains` / `not_contains` (substring of a string, or an
//! element of an array), `absent` (`true`: the path does not resolve or is null; `false`: it does),
//! `len` (array, object or string length), `min` / `max` (numeric bounds).
//!
//! Paths: dot-separated keys; `[N]` an index; `[key=value]` the first array element whose `key`
//! equals `value` (compared as text); `[key~=text]` the first element whose `key` contains `text`.
//! Dots and balanced brackets inside brackets are part of the selector
//! (`warnings[message~=0.0/1.0].column`, `warnings[message~=outside [0, 1]].file`).

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Instant;

use driftcard::data::Role;
use driftcard::report::{analyze, model_card, Config, Inputs, TestsMode};
use serde_json::Value;

const MIN_CASES: usize = 45;

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/messy")
}

/// Case folders (those with an `expect.json`), sorted by name.
fn case_dirs() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(corpus())
        .expect("tests/data/messy")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("expect.json").is_file())
        .collect();
    v.sort();
    v
}

fn expect_of(dir: &Path) -> Value {
    let text = std::fs::read_to_string(dir.join("expect.json")).unwrap();
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
}

fn name_of(dir: &Path) -> String {
    dir.file_name().unwrap().to_string_lossy().into_owned()
}

// ---------------------------------------------------------------------------------------------
// Failures
// ---------------------------------------------------------------------------------------------

struct Failure {
    case: String,
    via: &'static str,
    what: String,
    expected: String,
    got: String,
}

fn short(s: &str) -> String {
    let s = s.trim_end();
    if s.chars().count() > 600 {
        let cut: String = s.chars().take(600).collect();
        format!("{cut}… ({} bytes)", s.len())
    } else {
        s.to_owned()
    }
}

struct Sink<'a> {
    case: &'a str,
    via: &'static str,
    out: Vec<Failure>,
}

impl Sink<'_> {
    fn fail(
        &mut self,
        what: impl Into<String>,
        expected: impl Into<String>,
        got: impl Into<String>,
    ) {
        self.out.push(Failure {
            case: self.case.to_owned(),
            via: self.via,
            what: what.into(),
            expected: short(&expected.into()),
            got: short(&got.into()),
        });
    }
}

// ---------------------------------------------------------------------------------------------
// Paths and assertions
// ---------------------------------------------------------------------------------------------

enum Step {
    Key(String),
    Index(usize),
    Eq(String, String),
    Contains(String, String),
}

fn parse_path(path: &str) -> Result<Vec<Step>, String> {
    let mut steps = Vec::new();
    let mut key = String::new();
    let mut chars = path.chars();
    let flush = |key: &mut String, steps: &mut Vec<Step>| {
        if !key.is_empty() {
            steps.push(Step::Key(std::mem::take(key)));
        }
    };
    while let Some(c) = chars.next() {
        match c {
            '.' => flush(&mut key, &mut steps),
            '[' => {
                flush(&mut key, &mut steps);
                // Brackets nest, so a selector may itself contain `[0, 1]`.
                let mut sel = String::new();
                let mut depth = 1;
                loop {
                    match chars.next() {
                        Some(']') if depth == 1 => break,
                        Some(c) => {
                            depth += usize::from(c == '[');
                            depth -= usize::from(c == ']');
                            sel.push(c);
                        }
                        None => return Err(format!("unclosed `[` in {path}")),
                    }
                }
                if let Ok(i) = sel.parse::<usize>() {
                    steps.push(Step::Index(i));
                } else if let Some((k, v)) = sel.split_once("~=") {
                    steps.push(Step::Contains(k.to_owned(), v.to_owned()));
                } else if let Some((k, v)) = sel.split_once('=') {
                    steps.push(Step::Eq(k.to_owned(), v.to_owned()));
                } else {
                    return Err(format!("bad selector [{sel}] in {path}"));
                }
            }
            c => key.push(c),
        }
    }
    flush(&mut key, &mut steps);
    Ok(steps)
}

fn text_of(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Null => None,
        other => Some(other.to_string()),
    }
}

fn resolve<'a>(root: &'a Value, steps: &[Step]) -> Option<&'a Value> {
    let mut v = root;
    for s in steps {
        v = match s {
            Step::Key(k) => v.get(k.as_str())?,
            Step::Index(i) => v.get(*i)?,
            Step::Eq(k, want) => v
                .as_array()?
                .iter()
                .find(|e| e.get(k.as_str()).and_then(text_of).as_deref() == Some(want.as_str()))?,
            Step::Contains(k, want) => v.as_array()?.iter().find(|e| {
                e.get(k.as_str())
                    .and_then(text_of)
                    .is_some_and(|t| t.contains(want.as_str()))
            })?,
        };
    }
    Some(v)
}

fn num(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) if s == "NaN" => Some(f64::NAN),
        Value::String(s) if s == "inf" => Some(f64::INFINITY),
        Value::String(s) if s == "-inf" => Some(f64::NEG_INFINITY),
        _ => None,
    }
}

fn json_equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| json_equal(p, q))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, p)| y.get(k).is_some_and(|q| json_equal(p, q)))
        }
        _ => a == b,
    }
}

fn contains(got: &Value, want: &Value) -> bool {
    match (got, want) {
        (Value::String(g), Value::String(w)) => g.contains(w.as_str()),
        (Value::Array(items), w) => items.iter().any(|i| json_equal(i, w)),
        _ => false,
    }
}

fn show(v: Option<&Value>) -> String {
    match v {
        None => "(path does not resolve)".to_owned(),
        Some(v) => v.to_string(),
    }
}

/// Checks every assertion of `json` on `report`.
fn check_json(report: &Value, assertions: &[Value], sink: &mut Sink) {
    for a in assertions {
        let path = a["path"].as_str().unwrap_or("");
        let steps = match parse_path(path) {
            Ok(s) => s,
            Err(e) => {
                sink.fail(format!("bad assertion {a}"), "a valid path", e);
                continue;
            }
        };
        let got = resolve(report, &steps).filter(|v| !v.is_null());
        let obj = a.as_object().unwrap();
        let mut known = false;
        for (op, want) in obj {
            let what = format!("{path} {op}");
            match op.as_str() {
                "path" | "rel" | "abs" => continue,
                "equals" => {
                    known = true;
                    if !got.is_some_and(|g| json_equal(g, want)) {
                        sink.fail(what, want.to_string(), show(got));
                    }
                }
                "approx" => {
                    known = true;
                    let rel = a.get("rel").and_then(Value::as_f64).unwrap_or(1e-9);
                    let abs = a.get("abs").and_then(Value::as_f64).unwrap_or(0.0);
                    let w = want.as_f64().unwrap_or(f64::NAN);
                    let ok = got.and_then(num).is_some_and(|g| {
                        let d = (g - w).abs();
                        d <= abs || d <= rel * g.abs().max(w.abs())
                    });
                    if !ok {
                        sink.fail(format!("{what} (rel {rel:e})"), want.to_string(), show(got));
                    }
                }
                "contains" => {
                    known = true;
                    if !got.is_some_and(|g| contains(g, want)) {
                        sink.fail(what, want.to_string(), show(got));
                    }
                }
                "not_contains" => {
                    known = true;
                    if got.is_none_or(|g| contains(g, want)) {
                        sink.fail(what, format!("not {want}"), show(got));
                    }
                }
                "absent" => {
                    known = true;
                    let want_absent = want.as_bool().unwrap_or(true);
                    if got.is_some() == want_absent {
                        sink.fail(
                            what,
                            if want_absent {
                                "absent or null"
                            } else {
                                "present"
                            },
                            show(got),
                        );
                    }
                }
                "len" => {
                    known = true;
                    let n = got.and_then(|g| match g {
                        Value::Array(v) => Some(v.len()),
                        Value::Object(m) => Some(m.len()),
                        Value::String(s) => Some(s.chars().count()),
                        _ => None,
                    });
                    if n.map(|n| n as u64) != want.as_u64() {
                        sink.fail(
                            what,
                            want.to_string(),
                            n.map_or_else(|| show(got), |n| format!("{n} ({})", show(got))),
                        );
                    }
                }
                "min" | "max" => {
                    known = true;
                    let w = want.as_f64().unwrap_or(f64::NAN);
                    let ok =
                        got.and_then(num).is_some_and(
                            |g| {
                                if op == "min" {
                                    g >= w
                                } else {
                                    g <= w
                                }
                            },
                        );
                    if !ok {
                        sink.fail(
                            what,
                            format!("{} {want}", if op == "min" { "≥" } else { "≤" }),
                            show(got),
                        );
                    }
                }
                other => sink.fail(format!("{path}: unknown op `{other}`"), "a known op", ""),
            }
        }
        if !known {
            sink.fail(format!("assertion {a} has no op"), "an op", "");
        }
    }
}

fn strings(e: &Value, key: &str) -> Vec<String> {
    e.get(key)
        .and_then(Value::as_array)
        .map(|v| {
            v.iter()
                .filter_map(|s| s.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// Card, JSON text and size checks shared by the CLI and the core.
fn check_outputs(e: &Value, json_text: &str, card: &str, sink: &mut Sink) {
    for s in strings(e, "card") {
        if !card.contains(&s) {
            sink.fail("card contains", s, card);
        }
    }
    for s in strings(e, "card_absent") {
        if card.contains(&s) {
            let at = card.find(&s).unwrap_or(0);
            let line = card[..at].rfind('\n').map_or(0, |i| i + 1);
            let end = card[at..].find('\n').map_or(card.len(), |i| at + i);
            sink.fail("card does not contain", s, &card[line..end]);
        }
    }
    for s in strings(e, "json_text_absent") {
        if json_text.contains(&s) {
            let at = json_text.find(&s).unwrap_or(0);
            let from = json_text[..at]
                .char_indices()
                .rev()
                .nth(200)
                .map_or(0, |(i, _)| i);
            sink.fail(
                "JSON text does not contain",
                short(&s),
                &json_text[from..(at + s.len()).min(json_text.len())],
            );
        }
    }
    if let Some(m) = e.get("max_bytes") {
        for (what, len) in [("json", json_text.len()), ("card", card.len())] {
            if let Some(max) = m.get(what).and_then(Value::as_u64) {
                if len as u64 > max {
                    sink.fail(
                        format!("{what} size"),
                        format!("≤ {max} bytes"),
                        format!("{len} bytes"),
                    );
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Inputs: the case folder, or a completed copy of it
// ---------------------------------------------------------------------------------------------

fn scratch(case: &str) -> PathBuf {
    let d = std::env::temp_dir()
        .join(format!("driftcard-messy-{}", std::process::id()))
        .join(case);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// The folder the inputs are read from: the case folder itself, or a scratch copy completed as
/// `generate` / `expand` say.
fn inputs_dir(dir: &Path, e: &Value) -> PathBuf {
    let (generate, expand) = (e.get("generate"), e.get("expand"));
    if generate.is_none() && expand.is_none() {
        return dir.to_path_buf();
    }
    let out = scratch(&name_of(dir));
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        if entry.path().is_file() {
            std::fs::copy(entry.path(), out.join(entry.file_name())).unwrap();
        }
    }
    if let Some(g) = generate {
        assert_eq!(g["kind"], "duplicate_headers", "unknown generator {g}");
        let name = g["name"].as_str().unwrap();
        let cols = g["columns"].as_u64().unwrap() as usize;
        let rows = g["rows"].as_u64().unwrap() as usize;
        for (file, shift) in [("reference.csv", 0usize), ("production.csv", 3)] {
            let mut s = vec![name; cols].join(",");
            s.push('\n');
            for r in 0..rows {
                let row: Vec<String> = (0..cols)
                    .map(|c| format!("{}.{}", (c * 7 + r * 13 + shift) % 97, (c + r) % 10))
                    .collect();
                s.push_str(&row.join(","));
                s.push('\n');
            }
            std::fs::write(out.join(file), s).unwrap();
        }
    }
    if let Some(x) = expand {
        let file = out.join(x["file"].as_str().unwrap());
        let text = std::fs::read_to_string(&file).unwrap();
        let token = x["token"].as_str().unwrap();
        assert!(text.contains(token), "{}: no {token}", file.display());
        let big = x["char"]
            .as_str()
            .unwrap()
            .repeat(x["bytes"].as_u64().unwrap() as usize);
        std::fs::write(&file, text.replacen(token, &big, 1)).unwrap();
    }
    out
}

/// `args` with `{dir}` replaced.
fn case_args(e: &Value, dir: &Path) -> Vec<String> {
    strings(e, "args")
        .into_iter()
        .map(|a| a.replace("{dir}", &dir.to_string_lossy()))
        .collect()
}

// ---------------------------------------------------------------------------------------------
// The CLI
// ---------------------------------------------------------------------------------------------

fn run_cli(case: &str, dir: &Path, e: &Value) -> Vec<Failure> {
    let mut sink = Sink {
        case,
        via: "cli",
        out: Vec::new(),
    };
    let input = inputs_dir(dir, e);
    let tmp = scratch(case);
    let json_path = tmp.join("report.json");
    let card_path = tmp.join("card.md");
    let _ = std::fs::remove_file(&json_path);
    let _ = std::fs::remove_file(&card_path);
    let (mut reference, mut production) =
        (input.join("reference.csv"), input.join("production.csv"));
    if e["non_utf8_paths"].as_bool() == Some(true) {
        use std::os::unix::ffi::OsStrExt;
        let odd = |stem: &[u8]| {
            let mut b = stem.to_vec();
            b.extend_from_slice(b"\xff\xfe.csv");
            tmp.join(std::ffi::OsStr::from_bytes(&b))
        };
        let (r, p) = (odd(b"ref-"), odd(b"prod-"));
        std::fs::copy(&reference, &r).unwrap();
        std::fs::copy(&production, &p).unwrap();
        (reference, production) = (r, p);
    }
    let stdout_full = e["stdout_dev_full"].as_bool() == Some(true);
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_driftcard"));
    cmd.arg("report")
        .arg("--reference")
        .arg(&reference)
        .arg("--production")
        .arg(&production);
    if input.join("labels.csv").is_file() {
        cmd.arg("--labels").arg(input.join("labels.csv"));
    }
    if input.join("config.json").is_file() {
        cmd.arg("--config").arg(input.join("config.json"));
    }
    if !stdout_full {
        cmd.arg("--json")
            .arg(&json_path)
            .arg("--card")
            .arg(&card_path);
    }
    cmd.args(case_args(e, &input).iter().map(OsString::from));
    cmd.stdin(Stdio::null()).stderr(Stdio::piped());
    if stdout_full {
        cmd.stdout(std::fs::File::create("/dev/full").unwrap());
    } else {
        cmd.stdout(Stdio::piped());
    }
    let t0 = Instant::now();
    let out = match cmd.output() {
        Ok(o) => o,
        Err(err) => {
            sink.fail("spawn", "the CLI runs", err.to_string());
            return sink.out;
        }
    };
    let secs = t0.elapsed().as_secs_f64();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let code = out.status.code();
    let want = e["exit"].as_i64().unwrap_or(0);
    if code != Some(want as i32) {
        sink.fail(
            "exit code",
            want.to_string(),
            format!("{code:?}; stderr: {stderr}"),
        );
    }
    if let Some(max) = e.get("max_seconds").and_then(Value::as_f64) {
        if secs > max {
            sink.fail("wall time", format!("≤ {max} s"), format!("{secs:.1} s"));
        }
    }
    for s in strings(e, "stderr") {
        if !stderr.contains(&s) {
            sink.fail("stderr contains", s, stderr.clone());
        }
    }
    if want == 2 || code == Some(2) {
        return sink.out;
    }
    let json_text = std::fs::read_to_string(&json_path).unwrap_or_default();
    let card = std::fs::read_to_string(&card_path).unwrap_or_default();
    match serde_json::from_str::<Value>(&json_text) {
        Ok(report) => {
            check_json(
                &report,
                e["json"].as_array().map_or(&[], Vec::as_slice),
                &mut sink,
            );
        }
        Err(err) => sink.fail(
            "JSON report",
            "valid JSON",
            format!("{err}: {}", short(&json_text)),
        ),
    }
    check_outputs(e, &json_text, &card, &mut sink);
    sink.out
}

// ---------------------------------------------------------------------------------------------
// The core, as the page's worker runs it
// ---------------------------------------------------------------------------------------------

/// What a CLI argument list means to the core: files, settings and the `--fail-on` rule.
struct CoreArgs {
    reference: PathBuf,
    production: PathBuf,
    labels: Option<PathBuf>,
    config: Option<PathBuf>,
    roles: Vec<(String, Role)>,
    tests_all: bool,
    fail_on: Option<String>,
}

fn core_args(input: &Path, args: &[String]) -> Result<CoreArgs, String> {
    let mut a = CoreArgs {
        reference: input.join("reference.csv"),
        production: input.join("production.csv"),
        labels: Some(input.join("labels.csv")).filter(|p| p.is_file()),
        config: Some(input.join("config.json")).filter(|p| p.is_file()),
        roles: Vec::new(),
        tests_all: false,
        fail_on: None,
    };
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        let mut value = || {
            it.next()
                .cloned()
                .ok_or_else(|| format!("{flag} needs a value"))
        };
        let role = match flag.as_str() {
            "--target" => Some(Role::Target),
            "--prediction" => Some(Role::Prediction),
            "--score" => Some(Role::Score),
            "--timestamp" => Some(Role::Timestamp),
            "--id" => Some(Role::Id),
            "--group" => Some(Role::Group),
            "--latency" => Some(Role::Latency),
            _ => None,
        };
        if let Some(r) = role {
            a.roles.push((value()?, r));
            continue;
        }
        match flag.as_str() {
            "--reference" => a.reference = PathBuf::from(value()?),
            "--production" => a.production = PathBuf::from(value()?),
            "--labels" => a.labels = Some(PathBuf::from(value()?)),
            "--config" => a.config = Some(PathBuf::from(value()?)),
            "--tests" => a.tests_all = value()? == "all",
            "--fail-on" => a.fail_on = Some(value()?),
            "--json" | "--card" | "--html" => {
                value()?;
            }
            other => return Err(format!("the core runner does not know {other}")),
        }
    }
    Ok(a)
}

fn read(path: &Path) -> Result<driftcard::data::Table, String> {
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    driftcard::data::read_table(&name, bytes.as_slice(), &mut |_| {}).map_err(|e| e.to_string())
}

/// Runs the core; `Ok((report JSON text, card, exit code))` or the error message.
fn core_report(a: &CoreArgs) -> Result<(String, String, i32), String> {
    let mut config = match &a.config {
        Some(p) => Config::from_json(&std::fs::read_to_string(p).map_err(|e| e.to_string())?)
            .map_err(|e| e.to_string())?,
        None => Config::default(),
    };
    for (col, role) in &a.roles {
        config.roles.set(col, *role);
    }
    if a.tests_all {
        config.drift.tests = TestsMode::All;
    }
    let mut reference = read(&a.reference)?;
    let mut production = read(&a.production)?;
    // As the CLI and the page's workers do once both files are read.
    driftcard::data::header::pair_headers(&mut reference, &mut production);
    let labels = match &a.labels {
        Some(p) => {
            let l = read(p)?;
            let (join, _restore) = driftcard::data::join::attach_labels(
                &reference,
                &mut production,
                &l,
                config.roles.id.as_deref(),
                config.roles.target.as_deref(),
                &config.kinds,
                &config.roles.to_map(),
            )
            .map_err(|e| e.to_string())?;
            Some(join)
        }
        None => None,
    };
    let analysis = analyze(&Inputs {
        reference: &reference,
        production: &production,
        config: &config,
        generated_at: "2026-01-01T00:00:00Z".into(),
        labels,
    })
    .map_err(|e| e.to_string())?;
    let report = &analysis.report;
    let value = serde_json::to_value(report).map_err(|e| e.to_string())?;
    let fired = match a.fail_on.as_deref() {
        Some("drift") => report.drift.dataset_drift,
        Some("retrain") => report.retrain.recommended,
        _ => false,
    };
    let text = serde_json::to_string_pretty(&value).map_err(|e| e.to_string())?;
    Ok((
        text,
        model_card::render_markdown(report, &Default::default()),
        i32::from(fired),
    ))
}

fn run_core(case: &str, dir: &Path, e: &Value) -> Vec<Failure> {
    let mut sink = Sink {
        case,
        via: "core",
        out: Vec::new(),
    };
    let input = inputs_dir(dir, e);
    let args = match core_args(&input, &case_args(e, &input)) {
        Ok(a) => a,
        Err(err) => {
            sink.fail("arguments", "arguments the core runner knows", err);
            return sink.out;
        }
    };
    let want = e["exit"].as_i64().unwrap_or(0) as i32;
    let t0 = Instant::now();
    let result = std::panic::catch_unwind(|| core_report(&args));
    let secs = t0.elapsed().as_secs_f64();
    if let Some(max) = e.get("max_seconds").and_then(Value::as_f64) {
        if secs > max {
            sink.fail("wall time", format!("≤ {max} s"), format!("{secs:.1} s"));
        }
    }
    match result {
        Err(p) => {
            let msg = p
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| p.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_default();
            sink.fail("no panic", "a report or an error", format!("panic: {msg}"));
        }
        Ok(Err(msg)) => {
            if want != 2 {
                sink.fail(
                    "exit code",
                    want.to_string(),
                    format!("2 (core error: {msg})"),
                );
            }
            for s in strings(e, "stderr") {
                if !msg.contains(&s) {
                    sink.fail("error message contains", s, msg.clone());
                }
            }
        }
        Ok(Ok((json_text, card, code))) => {
            if code != want {
                sink.fail("exit code", want.to_string(), code.to_string());
            }
            if want == 2 {
                return sink.out;
            }
            let report: Value = serde_json::from_str(&json_text).unwrap();
            check_json(
                &report,
                e["json"].as_array().map_or(&[], Vec::as_slice),
                &mut sink,
            );
            check_outputs(e, &json_text, &card, &mut sink);
        }
    }
    sink.out
}

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

#[test]
fn the_assertion_language_passes_and_fails_as_documented() {
    let report = serde_json::json!({
        "a": {"b": [{"k": "x", "v": 1.5}, {"k": "y.z", "v": "NaN", "m": "in [0, 1] range"}]},
        "s": "hello world",
        "list": ["p", "q"],
        "n": null
    });
    let run = |a: Value| {
        let mut sink = Sink {
            case: "self",
            via: "core",
            out: Vec::new(),
        };
        check_json(&report, &[a], &mut sink);
        sink.out.len()
    };
    let pass = [
        serde_json::json!({"path": "a.b[0].v", "equals": 1.5}),
        serde_json::json!({"path": "a.b[k=x].v", "approx": 1.5000000001, "rel": 1e-9}),
        serde_json::json!({"path": "a.b[k=y.z].v", "equals": "NaN"}),
        serde_json::json!({"path": "a.b[m~=[0, 1]].k", "equals": "y.z"}),
        serde_json::json!({"path": "s", "contains": "lo wo"}),
        serde_json::json!({"path": "s", "not_contains": "bye"}),
        serde_json::json!({"path": "list", "contains": "q"}),
        serde_json::json!({"path": "list", "len": 2}),
        serde_json::json!({"path": "n", "absent": true}),
        serde_json::json!({"path": "a.c", "absent": true}),
        serde_json::json!({"path": "a.b[k=x]", "absent": false}),
        serde_json::json!({"path": "a.b[0].v", "min": 1, "max": 2}),
    ];
    for a in pass {
        assert_eq!(run(a.clone()), 0, "{a} should pass");
    }
    let fail = [
        serde_json::json!({"path": "a.b[0].v", "equals": 2}),
        serde_json::json!({"path": "a.b[k=x].v", "approx": 1.51}),
        serde_json::json!({"path": "a.b[k=nope].v", "equals": 1.5}),
        serde_json::json!({"path": "s", "contains": "bye"}),
        serde_json::json!({"path": "s", "not_contains": "hello"}),
        serde_json::json!({"path": "missing", "not_contains": "x"}),
        serde_json::json!({"path": "list", "len": 3}),
        serde_json::json!({"path": "s", "absent": true}),
        serde_json::json!({"path": "n", "absent": false}),
        serde_json::json!({"path": "a.b[0].v", "max": 1}),
        serde_json::json!({"path": "a.b[0].v", "min": 2}),
        serde_json::json!({"path": "a.b[0].v"}),
        serde_json::json!({"path": "a.b[0].v", "equal": 1.5}),
    ];
    for a in fail {
        assert!(run(a.clone()) > 0, "{a} should fail");
    }
}

#[test]
fn the_corpus_has_enough_cases_and_covers_every_item() {
    let dirs = case_dirs();
    assert!(
        dirs.len() >= MIN_CASES,
        "{} cases in tests/data/messy, want ≥ {MIN_CASES}",
        dirs.len()
    );
    let mut items = std::collections::BTreeSet::new();
    let mut page = 0;
    for d in &dirs {
        let e = expect_of(d);
        for key in ["what", "item", "exit"] {
            assert!(e.get(key).is_some(), "{}: no `{key}`", d.display());
        }
        for i in e["item"].as_str().unwrap_or("").split(',') {
            items.insert(i.trim().to_owned());
        }
        let has_inputs = d.join("reference.csv").is_file() && d.join("production.csv").is_file();
        assert!(
            has_inputs || e.get("generate").is_some(),
            "{}: no reference.csv / production.csv",
            d.display()
        );
        page += usize::from(e["page"].as_bool() == Some(true));
    }
    for i in 1..=8 {
        assert!(items.contains(&i.to_string()), "no case covers item {i}");
    }
    assert!((8..=15).contains(&page), "{page} cases marked for the page");
}

#[test]
fn messy_corpus_through_the_cli_and_the_core() {
    let dirs = case_dirs();
    let next = AtomicUsize::new(0);
    let failures = Mutex::new(Vec::<Failure>::new());
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get().min(4));
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::SeqCst);
                let Some(dir) = dirs.get(i) else { break };
                let case = name_of(dir);
                let e = expect_of(dir);
                let mut f = run_cli(&case, dir, &e);
                if e["cli_only"].as_bool() != Some(true) {
                    f.extend(run_core(&case, dir, &e));
                }
                failures.lock().unwrap().extend(f);
            });
        }
    });
    let _ = std::fs::remove_dir_all(
        std::env::temp_dir().join(format!("driftcard-messy-{}", std::process::id())),
    );
    let mut failures = failures.into_inner().unwrap();
    failures.sort_by(|a, b| (&a.case, a.via).cmp(&(&b.case, b.via)));
    if !failures.is_empty() {
        let cases: std::collections::BTreeSet<&str> =
            failures.iter().map(|f| f.case.as_str()).collect();
        let mut msg = format!(
            "{} failures in {} of {} messy cases:\n",
            failures.len(),
            cases.len(),
            dirs.len()
        );
        for f in &failures {
            msg.push_str(&format!(
                "\n[{}] {}: {}\n    expected: {}\n    got:      {}\n",
                f.case, f.via, f.what, f.expected, f.got
            ));
        }
        panic!("{msg}");
    }
}
