//! Ingestion of arbitrary bytes: `read_table` must return a table or a `LoadError`, never panic,
//! hang or run out of memory, whatever the encoding, delimiters, quotes or ragged rows; every
//! table it returns has columns of its row count.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(t) = driftcard::data::read_table("fuzz.csv", data, &mut |_| {}) {
        for c in &t.columns {
            if let Some(v) = &c.numbers {
                assert_eq!(v.len(), t.rows, "numbers of {}", c.name);
            }
            if let Some(d) = &c.dict {
                assert_eq!(d.codes.len(), t.rows, "codes of {}", c.name);
            }
        }
    }
});
