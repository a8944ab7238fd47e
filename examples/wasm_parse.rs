//! Profiling aid (not part of the product or the tests): the parser compiled to wasm, run under
//! Node with `--cpu-prof` so V8's profile of the same engine as Chromium's shows where the
//! worker's parse time goes. See BENCHMARKS.md ("Where the page's time goes").
//!
//! ```sh
//! cargo build --release --target wasm32-unknown-unknown --example wasm_parse
//! wasm-bindgen --target nodejs --out-dir target/wasm-parse \
//!     target/wasm32-unknown-unknown/release/examples/wasm_parse.wasm
//! node --cpu-prof --cpu-prof-dir=target/wasm-parse scripts/wasm-parse.mjs perf-data/1M_20/reference.csv
//! ```

#![cfg(target_arch = "wasm32")] // natively (`cargo test` builds examples) it is empty

use wasm_bindgen::prelude::*;

/// Parses `bytes` as a CSV file; returns the rows read (or -1 on an error).
#[wasm_bindgen]
pub fn parse(bytes: &[u8]) -> f64 {
    match driftcard::data::read_table("file.csv", bytes, &mut |_| {}) {
        Ok(t) => t.rows as f64,
        Err(_) => -1.0,
    }
}

/// Encodes the parsed table for another worker (`data::wire`); returns its length.
#[wasm_bindgen]
pub fn parse_and_encode(bytes: &[u8]) -> f64 {
    match driftcard::data::read_table("file.csv", bytes, &mut |_| {}) {
        Ok(t) => driftcard::data::wire::encode(&t).len() as f64,
        Err(_) => -1.0,
    }
}

/// Sorts `cols` columns of a million pseudo-random 4-decimal values with
/// `stats::sorted_finite`, keeping every sorted copy alive as the analysis does, after touching
/// `ballast_mb` MiB of memory first (as a worker holding two large tables has; at most 2047):
/// separates the sort's own cost from the cost of sorting inside a large wasm memory (time
/// `sort_columns(0, mb)` alone for the ballast's own cost). Returns a checksum.
#[wasm_bindgen]
pub fn sort_columns(cols: usize, ballast_mb: usize) -> f64 {
    let ballast = vec![1u8; ballast_mb.min(2047) << 20];
    let mut s = 0x9e37_79b9_7f4a_7c15_u64;
    let mut kept = Vec::new();
    for _ in 0..cols {
        let v: Vec<f64> = (0..1_000_000)
            .map(|_| {
                s ^= s << 13;
                s ^= s >> 7;
                s ^= s << 17;
                (s % 500_000) as f64 / 10_000.0
            })
            .collect();
        kept.push(driftcard::stats::sorted_finite(&v));
    }
    let middle = |v: &[f64]| v.get(v.len() / 2).copied().unwrap_or(0.0);
    kept.iter().map(|k| middle(k)).sum::<f64>()
        + f64::from(ballast.get(ballast.len() / 2).copied().unwrap_or(0))
}
