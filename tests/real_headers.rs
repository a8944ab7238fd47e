//! Role inference on the header sets of real public data sets and exports
//! (`tests/data/headers/headers.json`, written by `tests/real/make_corpus.py`).
//!
//! For each header set, 200 reference and 200 production rows are synthesised from the
//! columns' value specs with a small deterministic PRNG, both CSVs are read with
//! [`driftcard::data::read_table`], roles are inferred with [`driftcard::data::infer_schema`]
//! (no overrides), and every column whose role differs from the expected one is collected. The
//! test fails once, at the end, with the full list, so one run shows every mismatch.
//!
//! Value specs: `float`, `float:lo:hi`, `int:lo:hi`, `prob`, `pct`, `cat:a|b|c` (a label listed
//! twice is drawn twice as often), `bool`, `id`, `int_id`, `date`, `datetime`, `epoch_s`,
//! `epoch_ms`, `text`, `ms`, `const:x`, `label_of:<column>`, `proba_of:<column>`.

use std::collections::BTreeMap;

use driftcard::data::{infer_schema, read_table, Role};
use serde_json::Value;

const ROWS: usize = 200;

/// SplitMix64 (Steele, Lea & Flood 2014): tiny, deterministic, good enough for test data.
struct Rng(u64);

impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        mix(self.0)
    }
    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn below(&mut self, n: usize) -> usize {
        (self.unit() * n as f64) as usize % n.max(1)
    }
}

fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// FNV-1a of a string: the per-set seed.
fn fnv(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn iso_date(epoch_s: i64) -> String {
    let (y, m, d) = driftcard::data::datetime::civil_from_days(epoch_s.div_euclid(86_400));
    format!("{y:04}-{m:02}-{d:02}")
}

fn iso_datetime(epoch_s: i64) -> String {
    let s = epoch_s.rem_euclid(86_400);
    format!(
        "{} {:02}:{:02}:{:02}",
        iso_date(epoch_s),
        s / 3600,
        s / 60 % 60,
        s % 60
    )
}

const WORDS: [&str; 48] = [
    "the", "order", "arrived", "late", "and", "was", "damaged", "please", "refund", "my",
    "account", "cannot", "log", "in", "after", "update", "great", "service", "thanks", "for",
    "quick", "help", "why", "is", "invoice", "higher", "this", "month", "card", "declined",
    "twice", "today", "how", "do", "I", "change", "address", "password", "reset", "link",
    "expired", "agent", "never", "called", "back", "summary", "of", "answer",
];

/// Start of the synthetic time axis: 2023-01-01T00:00:00Z.
const T0: i64 = 1_672_531_200;

fn cat_labels(spec: &str) -> Option<Vec<&str>> {
    spec.strip_prefix("cat:").map(|s| s.split('|').collect())
}

fn distinct<'a>(labels: &[&'a str]) -> Vec<&'a str> {
    let mut out: Vec<&str> = Vec::new();
    for l in labels {
        if !out.contains(l) {
            out.push(l);
        }
    }
    out
}

fn range(spec: &str, prefix: &str) -> Option<(f64, f64)> {
    let rest = spec.strip_prefix(prefix)?;
    let (lo, hi) = rest.split_once(':')?;
    Some((lo.parse().ok()?, hi.parse().ok()?))
}

/// One independent (non-`label_of`/`proba_of`) value of row `i` (global index: production rows
/// continue after the reference rows, so ids stay unique and times increase across the pair).
fn value(spec: &str, i: usize, rng: &mut Rng) -> String {
    let u = rng.unit();
    let gi = i as i64;
    match spec {
        "float" => return format!("{:.4}", -100.0 + 200.0 * u),
        "prob" => return format!("{u:.4}"),
        "pct" => return format!("{:.2}", 100.0 * u),
        "bool" => return (u < 0.5).to_string(),
        "id" => return format!("{:08x}-{:04x}", mix(i as u64 + 1) as u32, i),
        "int_id" => return (i + 1).to_string(),
        "date" => return iso_date(T0 + gi * 86_400),
        "datetime" => return iso_datetime(T0 + gi * 3_600 + (u * 3_600.0) as i64),
        "epoch_s" => return (T0 + gi * 3_600 + (u * 3_600.0) as i64).to_string(),
        "epoch_ms" => return ((T0 + gi * 3_600) * 1_000 + (u * 3_600_000.0) as i64).to_string(),
        "ms" => return format!("{:.0}", 5.0 - 150.0 * (1.0 - u).ln()),
        "text" => {
            let n = 5 + rng.below(8);
            let words: Vec<&str> = (0..n).map(|_| WORDS[rng.below(WORDS.len())]).collect();
            return words.join(" ");
        }
        _ => {}
    }
    if let Some(x) = spec.strip_prefix("const:") {
        return x.to_string();
    }
    if let Some(labels) = cat_labels(spec) {
        return labels[(u * labels.len() as f64) as usize % labels.len()].to_string();
    }
    if let Some((lo, hi)) = range(spec, "float:") {
        return format!("{:.3}", lo + (hi - lo) * u);
    }
    if let Some((lo, hi)) = range(spec, "int:") {
        let (lo, hi) = (lo as i64, hi as i64);
        return (lo + ((u * (hi - lo + 1) as f64) as i64).min(hi - lo)).to_string();
    }
    panic!("unknown value spec `{spec}`");
}

/// Synthesises one file: `rows` rows starting at global row `start`.
fn synthesise(cols: &[(String, String)], start: usize, rows: usize, seed: u64) -> Vec<u8> {
    let mut rng = Rng(seed);
    let mut data: Vec<Vec<String>> = vec![Vec::new(); cols.len()];
    // Independent columns first, then the ones that follow another column.
    for (j, (_, spec)) in cols.iter().enumerate() {
        if spec.starts_with("label_of:") || spec.starts_with("proba_of:") {
            continue;
        }
        data[j] = (start..start + rows)
            .map(|i| value(spec, i, &mut rng))
            .collect();
    }
    for (j, (name, spec)) in cols.iter().enumerate() {
        let (dep, is_label) = if let Some(d) = spec.strip_prefix("label_of:") {
            (d, true)
        } else if let Some(d) = spec.strip_prefix("proba_of:") {
            (d, false)
        } else {
            continue;
        };
        let k = cols
            .iter()
            .position(|(n, _)| n == dep)
            .unwrap_or_else(|| panic!("`{name}`: {spec} names no column"));
        let labels = cat_labels(&cols[k].1)
            .unwrap_or_else(|| panic!("`{name}`: {spec} needs a `cat:` column"));
        let labels = distinct(&labels);
        // The class a probability column is about: the label its name ends with (longest),
        // else the last label in sorted order (`1` of 0/1, `yes` of no/yes).
        let class = labels
            .iter()
            .filter(|l| name.ends_with(*l))
            .max_by_key(|l| l.len())
            .copied()
            .unwrap_or_else(|| {
                let mut s = labels.clone();
                s.sort_unstable();
                s[s.len() - 1]
            });
        data[j] = (0..rows)
            .map(|r| {
                let truth = &data[k][r];
                let u = rng.unit();
                if is_label {
                    if u < 0.8 {
                        truth.clone()
                    } else {
                        labels[rng.below(labels.len())].to_string()
                    }
                } else if truth == class {
                    format!("{:.4}", 0.35 + 0.65 * u)
                } else {
                    format!("{:.4}", 0.65 * u)
                }
            })
            .collect();
    }
    let mut out = String::new();
    let quote = |s: &str| {
        if s.contains([',', '"', '\n', '\r']) || s.starts_with(' ') || s.ends_with(' ') {
            format!("\"{}\"", s.replace('"', "\"\""))
        } else {
            s.to_string()
        }
    };
    let header: Vec<String> = cols.iter().map(|(n, _)| quote(n)).collect();
    out.push_str(&header.join(","));
    out.push('\n');
    for r in 0..rows {
        let row: Vec<String> = data.iter().map(|c| quote(&c[r])).collect();
        out.push_str(&row.join(","));
        out.push('\n');
    }
    out.into_bytes()
}

#[test]
fn roles_of_real_header_sets() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/headers/headers.json"
    );
    let sets: Value = serde_json::from_str(&std::fs::read_to_string(path).expect("headers.json"))
        .expect("headers.json is JSON");
    let sets = sets.as_array().expect("a list of header sets");
    let mut mismatches: Vec<String> = Vec::new();
    let mut checked = 0usize;
    for set in sets {
        let source = set["source"].as_str().expect("source");
        let cols: Vec<(String, String, String)> = set["columns"]
            .as_array()
            .expect("columns")
            .iter()
            .map(|c| {
                (
                    c["name"].as_str().expect("name").to_string(),
                    c["values"].as_str().expect("values").to_string(),
                    c["role"].as_str().expect("role").to_string(),
                )
            })
            .collect();
        for (name, _, role) in &cols {
            assert!(
                Role::from_id(role).is_some(),
                "{source}: `{name}` has an unknown role `{role}`"
            );
        }
        let specs: Vec<(String, String)> = cols
            .iter()
            .map(|(n, v, _)| (n.clone(), v.clone()))
            .collect();
        let seed = fnv(source);
        let r_csv = synthesise(&specs, 0, ROWS, seed);
        let p_csv = synthesise(&specs, ROWS, ROWS, seed ^ 0x5EED);
        let r = match read_table("reference.csv", r_csv.as_slice(), &mut |_| {}) {
            Ok(t) => t,
            Err(e) => {
                mismatches.push(format!("{source}: reference does not load: {e}"));
                continue;
            }
        };
        let p = match read_table("production.csv", p_csv.as_slice(), &mut |_| {}) {
            Ok(t) => t,
            Err(e) => {
                mismatches.push(format!("{source}: production does not load: {e}"));
                continue;
            }
        };
        let schema = infer_schema(&r, &p, &BTreeMap::new(), &BTreeMap::new());
        for (i, (name, spec, want)) in cols.iter().enumerate() {
            checked += 1;
            // By name; a column the loader renamed (an empty header) by position.
            let col = schema
                .columns
                .iter()
                .find(|c| &c.name == name)
                .or_else(|| schema.columns.get(i).filter(|_| name.is_empty()));
            match col {
                None => mismatches.push(format!("{source}: `{name}` not found in the schema")),
                Some(c) if c.role.id() != want => mismatches.push(format!(
                    "{source}: `{name}` ({spec}, kind {}): expected {want}, got {}",
                    c.kind.id(),
                    c.role.id()
                )),
                Some(_) => {}
            }
        }
    }
    eprintln!(
        "{} header sets, {checked} columns, {} mismatches",
        sets.len(),
        mismatches.len()
    );
    assert!(
        mismatches.is_empty(),
        "{} of {checked} columns in {} header sets got another role than expected:\n{}",
        mismatches.len(),
        sets.len(),
        mismatches.join("\n")
    );
}
