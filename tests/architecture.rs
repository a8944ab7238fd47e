//! Layers point one way (docs/ARCHITECTURE.md): every module of `src/` may use only modules of a
//! lower layer, so there is no upward import and no cycle. This test reads the source (comments
//! left out) and fails on the first `crate::<module>` path that points up or sideways, naming the
//! file and line — a new upward import fails CI.

use std::path::Path;

/// The layers, lowest first. A module may use the modules of lower layers only.
const LAYERS: &[&[&str]] = &[
    // 0. Leaves: numbers in the JSON, numbers for people, phase timings, visible text.
    &["num", "format", "timing", "text"],
    // 1. Shared numerics.
    &["stats"],
    // 2. Reading the files; the drift tests; drawing charts (from view-models).
    &["data", "drift", "chart"],
    // 3. The other statistics and the data quality.
    &["metrics", "fairness", "service", "outliers", "quality"],
    // 4. The crate's error (gathers the file errors).
    &["error"],
    // 5. The analysis and its outputs.
    &["report"],
    // 6. The shells' contracts: page ↔ worker messages, the command line.
    &["protocol", "cli"],
    // 7. The page and the worker (wasm only).
    &["ui"],
];

fn layer(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module))
}

/// The top-level module a file of `src/` belongs to (`None` for the crate root and the bins).
fn module_of(rel: &str) -> Option<String> {
    let first = rel.split('/').next()?;
    let m = first.strip_suffix(".rs").unwrap_or(first);
    (!matches!(m, "lib" | "main" | "bin")).then(|| m.to_owned())
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// `crate::x` module names used on one line of code (comments and strings left out).
fn used_modules(line: &str) -> Vec<String> {
    let code = line.split("//").next().unwrap_or("");
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(i) = rest.find("crate::") {
        let after = &rest[i + "crate::".len()..];
        let name: String = after
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        // `crate::Error` / `crate::Result` are the error module's re-exports.
        let name = match name.as_str() {
            "Error" | "Result" => "error".to_owned(),
            _ => name,
        };
        if !name.is_empty() {
            out.push(name);
        }
        rest = after;
    }
    out
}

#[test]
fn every_module_is_in_a_layer() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut missing = Vec::new();
    for f in &files {
        let rel = f
            .strip_prefix(&src)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if let Some(m) = module_of(&rel) {
            if layer(&m).is_none() && !missing.contains(&m) {
                missing.push(m);
            }
        }
    }
    assert!(
        missing.is_empty(),
        "modules without a layer in tests/architecture.rs: {missing:?}"
    );
}

#[test]
fn no_module_uses_a_module_of_its_own_or_a_higher_layer() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let mut bad = Vec::new();
    for f in &files {
        let rel = f
            .strip_prefix(&src)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let Some(m) = module_of(&rel) else { continue };
        let Some(own) = layer(&m) else { continue };
        let text = std::fs::read_to_string(f).unwrap();
        // `super::` that climbs to the crate root is `crate::` (src/x.rs: one; src/x/y.rs: two).
        let segments: Vec<&str> = rel.split('/').collect();
        let depth = segments.len() - usize::from(segments.last() == Some(&"mod.rs"));
        let to_root = "super::".repeat(depth);
        for (i, line) in text.lines().enumerate() {
            let line = &line.replace(&to_root, "crate::");
            let t = line.trim_start();
            if t.starts_with("//") {
                continue;
            }
            for used in used_modules(line) {
                if used == m {
                    continue;
                }
                match layer(&used) {
                    Some(l) if l < own => {}
                    Some(l) => bad.push(format!(
                        "src/{rel}:{}: `{m}` (layer {own}) uses `{used}` (layer {l})",
                        i + 1
                    )),
                    None => {}
                }
            }
        }
    }
    assert!(
        bad.is_empty(),
        "imports that point up or sideways (see docs/ARCHITECTURE.md):\n{}",
        bad.join("\n")
    );
}

#[test]
fn the_check_sees_an_upward_import() {
    assert_eq!(used_modules("use crate::report::Num; // x"), ["report"]);
    assert_eq!(used_modules("fn f() -> crate::Result<()>"), ["error"]);
    assert!(used_modules("// crate::report").is_empty());
    // From src/format.rs (a file at the top), `super::report` is `crate::report`.
    assert_eq!(
        used_modules(&"use super::report::Num;".replace("super::", "crate::")),
        ["report"]
    );
    assert!(layer("report") > layer("metrics"));
}
