//! Shared helpers for the integration tests: locating and loading the golden vectors, and the
//! **one** place where numeric tolerances are defined.
//!
//! Included with `mod util;` from `tests/golden.rs` and `tests/properties.rs`.
#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};

use serde_json::Value;

// ---------------------------------------------------------------------------------------------
// Tolerances (the only place they are defined)
// ---------------------------------------------------------------------------------------------

/// Closed-form floats (KS D, W₁, PSI, JS, χ² statistic, z, quantile cuts, shares): relative
/// 1e-9. numpy sums pairwise and we replicate that, but a few values differ in the last ulps
/// (e.g. pandas' `std` inside Evidently, `np.linspace` vs our linspace on huge ranges).
pub const REL_CLOSED_FORM: f64 = 1e-9;

/// p-values from special functions (Kolmogorov distributions, χ², normal tails): relative 1e-6
/// *or* absolute 1e-12. statrs' `erfc`/incomplete gamma agree with cephes to ~5e-11 relative,
/// and near 0 a p-value computed as `1 − Φ` (Evidently) loses all relative precision.
pub const REL_P_VALUE: f64 = 1e-6;
/// Absolute companion of [`REL_P_VALUE`].
pub const ABS_P_VALUE: f64 = 1e-12;

/// Welch's t where scipy reports exactly 0: the two means agree to the last bit of the inputs
/// (pair03 `y_num`: 0.1…0.5 against 0.3 ×5). scipy's 0 comes from subtracting two rounded means;
/// the exactly summed means ([`driftcard::stats::fsum`]) differ by 1.7e-17, below the inputs' own
/// precision, which gives t ≈ 4e-16. Absolute 1e-12 there, relative 1e-9 everywhere else.
pub const ABS_T_AT_ZERO: f64 = 1e-12;

/// Absolute floor for a bias rate or aggregate whose fairlearn value is exactly 0 (e.g. the FPR
/// of a group without false positives, an equalized-odds ratio with a zero minimum). A relative
/// tolerance around 0 accepts only an exact 0, and an aggregate such as `max − min` of rates
/// computed in another order may come out as a few ulps of the rates instead; 1e-12 is far
/// below any rate a real file of these sizes can produce (1/n ≥ 1e-4). Every non-zero expected
/// value is held to `assert_closed` (relative 1e-9) alone.
pub const ABS_BIAS_AT_ZERO: f64 = 1e-12;

/// Evidently drift scores that equal ours by definition: relative 1e-9 (Evidently sums in
/// set-iteration order, so the last ulps differ).
pub const REL_EVIDENTLY: f64 = 1e-9;

/// Property tests: identities that hold exactly in real arithmetic but are computed through
/// sums of many f64 terms (e.g. W(x, x + c) = |c|).
pub const REL_PROPERTY: f64 = 1e-9;
/// Absolute companion of [`REL_PROPERTY`] for values that should be 0.
pub const ABS_PROPERTY: f64 = 1e-12;

/// Property tests that perturb their inputs by one rounding (e.g. `y = x + c`): the error this
/// introduces, relative to the largest magnitude involved (a few ulps).
pub const REL_INPUT_ROUNDING: f64 = 1e-13;

/// NannyML 0.13 CBPE estimates where the calibration is the same (issue 12): absolute 1e-6.
/// The expected confusion matrix, sampling errors and thresholds are closed forms (they agree to
/// ~1e-12); the estimated ROC AUC differs by up to ~1e-7 because NannyML rounds its cumulative
/// sums to five decimals before the trapezoid sum and we do not.
pub const ABS_CBPE: f64 = 1e-6;

/// NannyML 0.13 PCA reconstruction errors (issue 12): relative 1e-9. The eigenvectors come from
/// our Jacobi rotations, scikit-learn's from LAPACK's `eigh` on the same covariance: they agree to
/// ~1e-13, and the chunk means over 500 rows keep that.
pub const REL_RECONSTRUCTION: f64 = 1e-9;

// ---------------------------------------------------------------------------------------------
// Assertions
// ---------------------------------------------------------------------------------------------

/// `true` when `a` and `b` agree within `rel` relative or `abs` absolute tolerance (NaN only
/// matches NaN, infinities only themselves).
pub fn close(a: f64, b: f64, rel: f64, abs: f64) -> bool {
    if a.is_nan() || b.is_nan() {
        return a.is_nan() && b.is_nan();
    }
    if a.is_infinite() || b.is_infinite() {
        return a == b;
    }
    let d = (a - b).abs();
    d <= abs || d <= rel * b.abs().max(a.abs())
}

/// Asserts a closed-form value within [`REL_CLOSED_FORM`].
#[track_caller]
pub fn assert_closed(actual: f64, expected: f64, ctx: &str) {
    assert!(
        close(actual, expected, REL_CLOSED_FORM, 0.0),
        "{ctx}: got {actual:e}, expected {expected:e} (rel tol {REL_CLOSED_FORM:e})"
    );
}

/// Asserts a p-value within [`REL_P_VALUE`] / [`ABS_P_VALUE`].
#[track_caller]
pub fn assert_p(actual: f64, expected: f64, ctx: &str) {
    assert!(
        close(actual, expected, REL_P_VALUE, ABS_P_VALUE),
        "{ctx}: got {actual:e}, expected {expected:e} (rel {REL_P_VALUE:e} / abs {ABS_P_VALUE:e})"
    );
}

/// Asserts two float vectors element-wise within [`REL_CLOSED_FORM`].
#[track_caller]
pub fn assert_vec_closed(actual: &[f64], expected: &[f64], ctx: &str) {
    assert_eq!(
        actual.len(),
        expected.len(),
        "{ctx}: length {actual:?} vs {expected:?}"
    );
    for (i, (a, e)) in actual.iter().zip(expected).enumerate() {
        assert!(
            close(*a, *e, REL_CLOSED_FORM, 0.0),
            "{ctx}[{i}]: got {a:e}, expected {e:e}\n  got      {actual:?}\n  expected {expected:?}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// JSON helpers (golden numbers may be the strings "NaN", "inf", "-inf")
// ---------------------------------------------------------------------------------------------

/// Marker prefix of number tokens rewritten to strings by [`quote_numbers`].
const NUM_MARK: char = '\u{1}';

/// Rewrites every bare JSON number token into a marked string, so that numbers are parsed by
/// Rust's correctly rounded `str::parse::<f64>` instead of serde_json's default fast path
/// (which can be one ulp off without the `float_roundtrip` feature — enough to break exact
/// comparisons such as KS `statistic_location`).
pub fn quote_numbers(json: &str) -> String {
    let mut out = String::with_capacity(json.len() + json.len() / 4);
    let mut chars = json.chars().peekable();
    let mut in_string = false;
    while let Some(c) = chars.next() {
        if in_string {
            out.push(c);
            if c == '\\' {
                if let Some(n) = chars.next() {
                    out.push(n);
                }
            } else if c == '"' {
                in_string = false;
            }
        } else if c == '"' {
            in_string = true;
            out.push(c);
        } else if c == '-' || c.is_ascii_digit() {
            out.push('"');
            out.push_str("\\u0001"); // JSON escape of NUM_MARK (raw control chars are invalid)
            out.push(c);
            while let Some(&n) = chars.peek() {
                if n.is_ascii_digit() || matches!(n, '.' | 'e' | 'E' | '+' | '-') {
                    out.push(n);
                    chars.next();
                } else {
                    break;
                }
            }
            out.push('"');
        } else {
            out.push(c);
        }
    }
    out
}

/// A golden number; panics with the context when the value is not a number.
#[track_caller]
pub fn num(v: &Value, ctx: &str) -> f64 {
    match v {
        Value::Number(n) => n
            .as_f64()
            .unwrap_or_else(|| panic!("{ctx}: not an f64: {n}")),
        Value::String(s) if s.starts_with(NUM_MARK) => s[NUM_MARK.len_utf8()..]
            .parse::<f64>()
            .unwrap_or_else(|e| panic!("{ctx}: bad number {s:?}: {e}")),
        Value::String(s) if s == "NaN" => f64::NAN,
        Value::String(s) if s == "inf" => f64::INFINITY,
        Value::String(s) if s == "-inf" => f64::NEG_INFINITY,
        other => panic!("{ctx}: expected a number, found {other}"),
    }
}

/// `obj[key]` as a number.
#[track_caller]
pub fn num_at(obj: &Value, key: &str, ctx: &str) -> f64 {
    num(field(obj, key, ctx), &format!("{ctx}.{key}"))
}

/// `obj[key]`, panicking with the context when absent.
#[track_caller]
pub fn field<'a>(obj: &'a Value, key: &str, ctx: &str) -> &'a Value {
    obj.get(key)
        .unwrap_or_else(|| panic!("{ctx}: missing key `{key}`"))
}

/// A golden array of numbers.
#[track_caller]
pub fn nums(v: &Value, ctx: &str) -> Vec<f64> {
    v.as_array()
        .unwrap_or_else(|| panic!("{ctx}: expected an array"))
        .iter()
        .enumerate()
        .map(|(i, e)| num(e, &format!("{ctx}[{i}]")))
        .collect()
}

/// A golden array of non-negative integers.
#[track_caller]
pub fn counts(v: &Value, ctx: &str) -> Vec<u64> {
    v.as_array()
        .unwrap_or_else(|| panic!("{ctx}: expected an array"))
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let v = num(e, &format!("{ctx}[{i}]"));
            assert!(v >= 0.0 && v.fract() == 0.0, "{ctx}[{i}]: not a count: {v}");
            v as u64
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Golden pairs
// ---------------------------------------------------------------------------------------------

/// The golden directory: `$DRIFTCARD_GOLDEN`, else `tests/golden` in the crate.
/// A missing directory **fails** the calling test with a clear message.
pub fn golden_dir() -> PathBuf {
    let dir = std::env::var_os("DRIFTCARD_GOLDEN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/golden")));
    assert!(
        dir.is_dir(),
        "golden vectors not found at {} — set DRIFTCARD_GOLDEN to the directory holding pair01_binary_mixed/ … \
         (these tests never pass silently without them)",
        dir.display()
    );
    dir
}

/// One CSV file as columns of optional strings (empty field = missing, nothing else).
#[derive(Debug)]
pub struct Csv {
    /// Column name → one entry per data row.
    pub columns: HashMap<String, Vec<Option<String>>>,
}

impl Csv {
    fn read(path: &std::path::Path) -> Csv {
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(true)
            .from_path(path)
            .unwrap_or_else(|e| panic!("cannot open {}: {e}", path.display()));
        let headers: Vec<String> = rdr
            .headers()
            .unwrap_or_else(|e| panic!("{}: bad header: {e}", path.display()))
            .iter()
            .map(str::to_owned)
            .collect();
        let mut cols: Vec<Vec<Option<String>>> = vec![Vec::new(); headers.len()];
        for (row, rec) in rdr.records().enumerate() {
            let rec = rec.unwrap_or_else(|e| panic!("{} row {}: {e}", path.display(), row + 2));
            for (i, f) in rec.iter().enumerate() {
                if let Some(c) = cols.get_mut(i) {
                    c.push(if f.is_empty() {
                        None
                    } else {
                        Some(f.to_owned())
                    });
                }
            }
        }
        Csv {
            columns: headers.into_iter().zip(cols).collect(),
        }
    }

    /// Non-missing values of a numeric column, parsed (correctly rounded).
    #[track_caller]
    pub fn numbers(&self, col: &str, ctx: &str) -> Vec<f64> {
        self.columns
            .get(col)
            .unwrap_or_else(|| panic!("{ctx}: no column `{col}` in the CSV"))
            .iter()
            .flatten()
            .map(|s| {
                s.parse::<f64>()
                    .unwrap_or_else(|e| panic!("{ctx}: `{s}` is not a number: {e}"))
            })
            .collect()
    }

    /// Counts per non-missing value of a column (the CSV text is the category).
    #[track_caller]
    pub fn category_counts(&self, col: &str, ctx: &str) -> BTreeMap<String, u64> {
        let mut m = BTreeMap::new();
        for v in self
            .columns
            .get(col)
            .unwrap_or_else(|| panic!("{ctx}: no column `{col}` in the CSV"))
            .iter()
            .flatten()
        {
            *m.entry(v.clone()).or_insert(0) += 1;
        }
        m
    }
}

/// A golden pair: both CSVs and `expected.json`.
#[derive(Debug)]
pub struct Pair {
    /// Directory name, e.g. `pair01_binary_mixed`.
    pub name: String,
    /// Parsed `expected.json`.
    pub expected: Value,
    /// `reference.csv`.
    pub reference: Csv,
    /// `production.csv`.
    pub production: Csv,
}

/// Categorical view of one column: sorted union of categories and aligned counts.
#[derive(Debug)]
pub struct Categories {
    /// Categories in byte order.
    pub names: Vec<String>,
    /// Reference counts per category.
    pub ref_counts: Vec<u64>,
    /// Production counts per category.
    pub prod_counts: Vec<u64>,
}

impl Pair {
    /// `(column name, column block)` of every column with a `drift` block whose type is in `types`.
    pub fn drift_columns(&self, types: &[&str]) -> Vec<(String, Value)> {
        let cols = self
            .expected
            .get("columns")
            .and_then(Value::as_object)
            .unwrap_or_else(|| panic!("{}: expected.json has no `columns`", self.name));
        cols.iter()
            .filter(|(_, v)| {
                v.get("drift").is_some()
                    && v.get("type")
                        .and_then(Value::as_str)
                        .is_some_and(|t| types.contains(&t))
            })
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    }

    /// Finite values of a numeric column on both sides.
    pub fn numeric(&self, col: &str) -> (Vec<f64>, Vec<f64>) {
        let ctx = format!("{} {col}", self.name);
        let x = self
            .reference
            .numbers(col, &ctx)
            .into_iter()
            .filter(|v| v.is_finite())
            .collect();
        let y = self
            .production
            .numbers(col, &ctx)
            .into_iter()
            .filter(|v| v.is_finite())
            .collect();
        (x, y)
    }

    /// Categories (byte order) and counts of a categorical column.
    pub fn categories(&self, col: &str) -> Categories {
        let ctx = format!("{} {col}", self.name);
        let r = self.reference.category_counts(col, &ctx);
        let p = self.production.category_counts(col, &ctx);
        let names: Vec<String> = r
            .keys()
            .chain(p.keys())
            .cloned()
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        Categories {
            ref_counts: names
                .iter()
                .map(|k| r.get(k).copied().unwrap_or(0))
                .collect(),
            prod_counts: names
                .iter()
                .map(|k| p.get(k).copied().unwrap_or(0))
                .collect(),
            names,
        }
    }
}

/// Loads (once per test binary) the golden pair `name`.
pub fn pair(name: &str) -> Arc<Pair> {
    static CACHE: OnceLock<Mutex<HashMap<String, Arc<Pair>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(|| Mutex::new(HashMap::new()));
    if let Some(p) = cache.lock().unwrap_or_else(|e| e.into_inner()).get(name) {
        return Arc::clone(p);
    }
    let dir = golden_dir().join(name);
    assert!(
        dir.is_dir(),
        "golden pair directory missing: {}",
        dir.display()
    );
    let text = std::fs::read_to_string(dir.join("expected.json"))
        .unwrap_or_else(|e| panic!("{name}/expected.json: {e}"));
    let expected: Value = serde_json::from_str(&quote_numbers(&text))
        .unwrap_or_else(|e| panic!("{name}/expected.json: {e}"));
    let p = Arc::new(Pair {
        name: name.to_owned(),
        expected,
        reference: Csv::read(&dir.join("reference.csv")),
        production: Csv::read(&dir.join("production.csv")),
    });
    cache
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(name.to_owned(), Arc::clone(&p));
    p
}

/// Settings that pin a golden pair's recorded kinds and roles (the golden README: do not rely on
/// inference); the page's e2e tests use the same in `tests/e2e/harness.mjs`.
pub fn golden_config(expected: &Value) -> Value {
    let schema = &expected["schema"];
    let mut kinds = serde_json::Map::new();
    for (name, col) in expected["columns"].as_object().unwrap() {
        let kind = match col["type"].as_str().unwrap() {
            "numerical" => "numeric",
            "categorical" => "categorical",
            "boolean" => "boolean",
            "datetime" => "datetime",
            other => panic!("unknown golden type {other}"),
        };
        kinds.insert(name.clone(), Value::from(kind));
    }
    let mut roles = serde_json::Map::new();
    for (ours, theirs) in [
        ("target", "target"),
        ("prediction", "prediction"),
        ("score", "prediction_proba"),
        ("timestamp", "timestamp"),
        ("latency", "latency"),
    ] {
        if let Some(s) = schema[theirs].as_str() {
            roles.insert(ours.into(), Value::from(s));
        }
    }
    if let Some(g) = schema["group"].as_str() {
        roles.insert("group".into(), Value::from(vec![g]));
    }
    // Class probability columns are not features.
    if let Some(m) = schema["class_proba_columns"].as_object() {
        roles.insert(
            "class_score".into(),
            Value::from(m.values().cloned().collect::<Vec<_>>()),
        );
    }
    let mut cfg = serde_json::json!({ "kinds": kinds, "roles": roles });
    if let Some(r) = schema["rolling"].as_object() {
        cfg["rolling"] = serde_json::json!({ "window": r["window"], "step": r["step"] });
    }
    if let Some(p) = schema["positive_label"].as_i64() {
        cfg["positive_label"] = Value::from(p.to_string());
    } else if let Some(p) = schema["positive_label"].as_str() {
        cfg["positive_label"] = Value::from(p);
    }
    cfg
}
