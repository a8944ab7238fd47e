//! The HTML report (`--html`, the page's "Download HTML report"): complete, self-contained,
//! reproducible, within its size budget, and private by default.
//!
//! Size budget (issue "Reports that travel"): under 300 KB for the demo pair and under 600 KB
//! for a 100-column file. The page writes the same bytes for the same analysis
//! (tests/e2e/html.test.mjs compares them).

use std::path::{Path, PathBuf};
use std::process::Command;

const DEMO_BUDGET: usize = 300 * 1024;
const WIDE_BUDGET: usize = 600 * 1024;
const WHEN: &str = "2026-01-02T03:04:05Z";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("driftcard-html-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Runs the CLI on a pair and returns (HTML, JSON).
fn run(reference: &Path, production: &Path, dir: &Path, extra: &[&str]) -> (String, String) {
    let (html, json) = (dir.join("report.html"), dir.join("report.json"));
    let out = Command::new(env!("CARGO_BIN_EXE_driftcard"))
        .arg("report")
        .arg("--reference")
        .arg(reference)
        .arg("--production")
        .arg(production)
        .args(["--generated-at", WHEN])
        .arg("--html")
        .arg(&html)
        .arg("--json")
        .arg(&json)
        .args(extra)
        .output()
        .unwrap();
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (
        std::fs::read_to_string(html).unwrap(),
        std::fs::read_to_string(json).unwrap(),
    )
}

/// No URL of any kind, no script, no external resource: the file is self-contained.
fn assert_self_contained(html: &str, what: &str) {
    assert!(html.starts_with("<!DOCTYPE html>\n"), "{what}");
    assert!(
        html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">"),
        "{what}: CSP meta"
    );
    // Everything but the CSP itself (which names `data:` as the only image source).
    let lower = html.replacen("img-src data:", "", 1).to_ascii_lowercase();
    for bad in [
        "<script", "src=", "url(", "@import", "<link", "<iframe", "<object", "<img", "://",
    ] {
        assert!(!lower.contains(bad), "{what}: contains {bad}");
    }
    for scheme in [
        "http:",
        "https:",
        "ftp:",
        "data:",
        "javascript:",
        "mailto:",
        "file:",
    ] {
        assert!(!lower.contains(scheme), "{what}: {scheme}");
    }
    for href in html.split("href=\"").skip(1) {
        assert!(
            href.starts_with('#'),
            "{what}: link {}",
            &href[..href.len().min(40)]
        );
    }
    assert!(html.ends_with("</html>\n"), "{what}");
}

#[test]
fn the_demo_report_has_every_section_and_fits_its_budget() {
    let dir = tmp("demo");
    let demo = root().join("www/demo");
    let (html, json) = run(
        &demo.join("reference.csv"),
        &demo.join("production.csv"),
        &dir,
        &[],
    );
    assert_self_contained(&html, "demo");
    assert!(
        html.len() < DEMO_BUDGET,
        "demo HTML is {} bytes",
        html.len()
    );
    eprintln!("demo HTML: {} bytes", html.len());
    for id in [
        "summary",
        "checks",
        "drift",
        "quality",
        "model-quality",
        "over-time",
        "bias",
        "outliers",
        "service",
        "settings",
        "methods",
    ] {
        assert!(html.contains(&format!("id=\"{id}\"")), "section {id}");
    }
    // Charts: per drifted column a histogram/bars and an ECDF, and the sections' charts.
    let svgs = html.matches("<svg ").count();
    assert!(svgs >= 30, "{svgs} charts");
    let report: serde_json::Value = serde_json::from_str(&json).unwrap();
    for c in report["drift"]["columns"].as_array().unwrap() {
        let name = c["column"].as_str().unwrap();
        assert!(
            html.contains(&format!("<span class=\"name\">{name}</span>")),
            "{name} in the table"
        );
        if c["status"] == "drifted" {
            assert!(
                html.contains(&format!("<summary>{name} ")),
                "{name} has its details"
            );
        }
    }
    // The figures are the report's: the generation time, the verdict, the cards.
    assert!(html.contains(WHEN));
    assert!(html.contains("Dataset drift: "));
    assert!(html.contains("Confusion matrix — Production"));
    // Light and dark: the SVG colours are repainted in the dark scheme.
    assert!(html.contains("@media (prefers-color-scheme:dark)"));
    assert!(html.contains("[fill=\"#FFFFFF\"]{fill:#161B22}"));
    // Print: page breaks between sections, no chart cut.
    assert!(html.contains("@media print"));
    // Private by default: no top rows in the HTML or the JSON.
    assert!(!html.contains("Most unusual production rows"));
    assert!(html.contains("top rows are left out of this export"));
    assert_eq!(report["outliers"]["top"].as_array().map(Vec::len), Some(0));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn the_same_analysis_gives_the_same_bytes_and_top_rows_only_when_asked() {
    let dir = tmp("repro");
    let demo = root().join("www/demo");
    let (a, _) = run(
        &demo.join("reference.csv"),
        &demo.join("production.csv"),
        &dir,
        &[],
    );
    let (b, _) = run(
        &demo.join("reference.csv"),
        &demo.join("production.csv"),
        &dir,
        &[],
    );
    assert!(a == b, "two runs differ");
    let (c, json) = run(
        &demo.join("reference.csv"),
        &demo.join("production.csv"),
        &dir,
        &["--top-rows"],
    );
    assert!(c.contains("Most unusual production rows"));
    let report: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert!(!report["outliers"]["top"].as_array().unwrap().is_empty());
    std::fs::remove_dir_all(&dir).ok();
}

/// A deterministic 100-column pair: 70 numeric columns (every third shifted), 30 categorical
/// ones (every fifth with a new category), a target and a prediction.
fn wide_pair(dir: &Path) -> (PathBuf, PathBuf) {
    let rows = 4000;
    let mut header: Vec<String> = (0..70).map(|i| format!("num_{i:02}")).collect();
    header.extend((0..30).map(|i| format!("cat_{i:02}")));
    header.extend(["target".to_owned(), "prediction".to_owned()]);
    let mut files = Vec::new();
    for side in 0..2u64 {
        let mut s = header.join(",") + "\n";
        let mut x = 0x9e37_79b9_7f4a_7c15u64 ^ side;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 11) as f64 / (1u64 << 53) as f64
        };
        for _ in 0..rows {
            let mut row: Vec<String> = Vec::with_capacity(102);
            for i in 0..70 {
                let shift = if side == 1 && i % 3 == 0 { 0.8 } else { 0.0 };
                let v = (next() + next() + next() - 1.5) * 2.0 + shift + i as f64;
                row.push(format!("{v:.4}"));
            }
            for i in 0..30 {
                let u = next();
                let k = if side == 1 && i % 5 == 0 && u < 0.2 {
                    9
                } else {
                    (u * 6.0) as usize
                };
                row.push(format!("c{k}"));
            }
            let y = (next() < 0.3) as u8;
            let p = if next() < 0.85 { y } else { 1 - y };
            row.push(y.to_string());
            row.push(p.to_string());
            s.push_str(&row.join(","));
            s.push('\n');
        }
        let p = dir.join(if side == 0 {
            "reference.csv"
        } else {
            "production.csv"
        });
        std::fs::write(&p, s).unwrap();
        files.push(p);
    }
    (files[0].clone(), files[1].clone())
}

#[test]
fn a_100_column_report_fits_its_budget() {
    let dir = tmp("wide");
    let (r, p) = wide_pair(&dir);
    let (html, json) = run(&r, &p, &dir, &[]);
    assert_self_contained(&html, "100 columns");
    eprintln!("100-column HTML: {} bytes", html.len());
    assert!(
        html.len() < WIDE_BUDGET,
        "100-column HTML is {} bytes",
        html.len()
    );
    let report: serde_json::Value = serde_json::from_str(&json).unwrap();
    let n = report["drift"]["columns"].as_array().unwrap().len();
    assert!(n >= 100, "{n} columns tested");
    // Every column is in the table; charts for the strongest ones only, and the text says so.
    assert_eq!(
        html.matches("<span class=\"name\">num_").count(),
        70 * 3,
        "drift, quality and settings rows"
    );
    assert!(html.contains("columns with the strongest drift of"));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn every_golden_pair_renders_a_self_contained_report() {
    let golden = root().join("tests/golden");
    let mut pairs: Vec<PathBuf> = std::fs::read_dir(&golden)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("pair"))
        })
        .collect();
    pairs.sort();
    assert!(pairs.len() >= 6);
    for pair in pairs {
        let dir = tmp(&pair.file_name().unwrap().to_string_lossy());
        let (html, _) = run(
            &pair.join("reference.csv"),
            &pair.join("production.csv"),
            &dir,
            &[],
        );
        assert_self_contained(&html, &pair.display().to_string());
        assert!(
            html.len() < WIDE_BUDGET,
            "{}: {} bytes",
            pair.display(),
            html.len()
        );
        std::fs::remove_dir_all(&dir).ok();
    }
}

#[test]
fn the_llm_demo_report_has_the_eval_section_and_examples_only_when_asked() {
    let demo = root().join("www/demo");
    let (r, p) = (
        demo.join("llm_reference.csv"),
        demo.join("llm_production.csv"),
    );
    let (html, json) = run(&r, &p, &tmp("llm"), &[]);
    assert_self_contained(&html, "llm demo");
    assert!(html.len() < DEMO_BUDGET, "{} bytes", html.len());
    assert!(html.contains("<section class=\"card\" id=\"llm-eval\">"));
    assert!(html.contains("▲ Pass-rate regression: v2 86.3 % → v3 65.6 %"));
    let j: serde_json::Value = serde_json::from_str(&json).unwrap();
    let total = j["llm_eval"]["failures_total"].as_u64().unwrap();
    // Without --top-rows: no example row, and a note saying they were left out.
    assert!(!html.contains("Failing examples"));
    assert!(html.contains(&format!(
        "{total} failing examples are left out of this export"
    )));
    let (html, _) = run(&r, &p, &tmp("llm-top"), &["--top-rows"]);
    assert!(html.contains("Failing examples <span class=\"sub\">20 of"));
    // Personal values quoted in the requests never reach the report, even with the examples.
    let raw = std::fs::read_to_string(&p).unwrap();
    let emails: Vec<&str> = raw
        .split(|c: char| c.is_whitespace() || c == ',' || c == '?')
        .filter(|w| w.contains('@'))
        .collect();
    assert!(!emails.is_empty());
    for e in emails {
        assert!(!html.contains(e), "{e} in the HTML report");
    }
}
