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
