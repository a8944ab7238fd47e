//! Ingestion and the whole analysis with arbitrary settings: the input is split at the first two
//! NUL bytes into a reference CSV, a production CSV and a settings JSON (as `--config` and the
//! page's import read it). Bad files and bad settings must be errors; everything else an
//! analysis whose exports (JSON, card, HTML) render. Never a panic, hang or out-of-memory.
#![no_main]

use driftcard::report::{analyze, html::render_html, model_card, Config, ExportOptions, Inputs};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut parts = data.splitn(3, |&b| b == 0);
    let (Some(r), Some(p)) = (parts.next(), parts.next()) else {
        return;
    };
    let settings = parts.next().unwrap_or(b"{}");
    let Ok(reference) = driftcard::data::read_table("reference.csv", r, &mut |_| {}) else {
        return;
    };
    let Ok(production) = driftcard::data::read_table("production.csv", p, &mut |_| {}) else {
        return;
    };
    let config = std::str::from_utf8(settings)
        .ok()
        .and_then(|s| Config::from_json(s).ok())
        .unwrap_or_default();
    // Bound the work of one input: the forest on a few trees.
    let mut config = config;
    config.outliers.trees = config.outliers.trees.min(20);
    let Ok(a) = analyze(&Inputs {
        reference: &reference,
        production: &production,
        config: &config,
        generated_at: "2026-01-01T00:00:00Z".into(),
        labels: None,
    }) else {
        return;
    };
    let o = ExportOptions::default();
    let _ = a.report.to_export_json(&o);
    let _ = model_card::render_markdown(&a.report, &o);
    let _ = render_html(&a, &o);
});
