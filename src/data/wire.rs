//! A parsed [`Table`] as one flat byte buffer, so that the page's workers can hand tables to each
//! other as transferable `ArrayBuffer`s (zero-copy between workers) instead of JSON: parsing the two
//! files runs in two workers at once, and each worker then holds both tables.
//!
//! Layout (little-endian): the magic `DCT1`, a `u32` length and that many bytes of JSON (the
//! table's facts and, per column, its name, counts, invalid examples, which readings exist and
//! the dictionary's values), zero-padded to a multiple of 8; then for each column in order its
//! bulk arrays: numbers (`f64` × rows), datetimes (`f64` × rows), dictionary codes (`u32` × rows,
//! zero-padded to a multiple of 8), each present only when the JSON says so. Every array starts
//! at a multiple of 8, so the worker copies each one straight between its own memory and the
//! buffer with one typed-array copy ([`layout`] says where; [`decode_with`] reads through a
//! [`Source`]) and never builds the bytes in between. [`encode`]/[`decode`] do the same on a
//! `Vec<u8>` natively. Decoding checks every length against the buffer and never panics.
//!
//! Layer 2 (data): uses only the data types and serde.

use serde::{Deserialize, Serialize};

use super::{Dict, Invalid, NumberStyle, RawColumn, Table, Warning};

const MAGIC: &[u8; 4] = b"DCT1";

#[derive(Serialize, Deserialize)]
struct Head {
    name: String,
    rows: usize,
    delimiter: u8,
    latin1: bool,
    number_style: NumberStyle,
    bytes: u64,
    warnings: Vec<Warning>,
    #[serde(default)]
    headerless: bool,
    columns: Vec<ColumnHead>,
}

#[derive(Serialize, Deserialize)]
struct ColumnHead {
    name: String,
    missing: usize,
    number_invalid: Invalid,
    datetime_invalid: Invalid,
    numbers: bool,
    datetimes: bool,
    /// The dictionary's values, when the column has a dictionary.
    dict: Option<Vec<String>>,
}

/// One bulk array of an encoded table.
#[derive(Clone, Copy, Debug)]
pub enum Section<'a> {
    /// Numbers or datetimes.
    F64(&'a [f64]),
    /// Dictionary codes.
    U32(&'a [u32]),
}

/// Where everything of an encoded table goes: the head's bytes (magic, length, JSON, padding)
/// at offset 0, each section at its offset, `len` bytes in all.
pub struct Layout<'a> {
    /// The head, padded to a multiple of 8.
    pub head: Vec<u8>,
    /// `(byte offset, array)`, in order.
    pub sections: Vec<(usize, Section<'a>)>,
    /// Total bytes (a multiple of 8).
    pub len: usize,
}

fn pad8(n: usize) -> usize {
    n.div_ceil(8) * 8
}

/// The layout of `t` (see the module doc).
pub fn layout(t: &Table) -> Layout<'_> {
    let head = Head {
        name: t.name.clone(),
        rows: t.rows,
        delimiter: t.delimiter,
        latin1: t.latin1,
        number_style: t.number_style,
        bytes: t.bytes,
        warnings: t.warnings.clone(),
        headerless: t.headerless,
        columns: t
            .columns
            .iter()
            .map(|c| ColumnHead {
                name: c.name.clone(),
                missing: c.missing,
                number_invalid: c.number_invalid.clone(),
                datetime_invalid: c.datetime_invalid.clone(),
                numbers: c.numbers.is_some(),
                datetimes: c.datetimes.is_some(),
                dict: c.dict.as_ref().map(|d| d.values.clone()),
            })
            .collect(),
    };
    // Serialising plain structs of strings and numbers cannot fail.
    let json = serde_json::to_vec(&head).unwrap_or_default();
    let mut bytes = Vec::with_capacity(pad8(8 + json.len()));
    bytes.extend_from_slice(MAGIC);
    bytes.extend_from_slice(&(json.len() as u32).to_le_bytes());
    bytes.extend_from_slice(&json);
    bytes.resize(pad8(bytes.len()), 0);
    let mut at = bytes.len();
    let mut sections = Vec::new();
    for c in &t.columns {
        for v in [&c.numbers, &c.datetimes].into_iter().flatten() {
            sections.push((at, Section::F64(v)));
            at += v.len() * 8;
        }
        if let Some(d) = &c.dict {
            sections.push((at, Section::U32(&d.codes)));
            at += pad8(d.codes.len() * 4);
        }
    }
    Layout {
        head: bytes,
        sections,
        len: at,
    }
}

/// The table as bytes (see the module doc for the layout).
pub fn encode(t: &Table) -> Vec<u8> {
    let l = layout(t);
    let mut out = Vec::with_capacity(l.len);
    out.extend_from_slice(&l.head);
    for (at, s) in &l.sections {
        debug_assert_eq!(*at, out.len());
        match s {
            Section::F64(v) => v
                .iter()
                .for_each(|x| out.extend_from_slice(&x.to_le_bytes())),
            Section::U32(v) => {
                v.iter()
                    .for_each(|x| out.extend_from_slice(&x.to_le_bytes()));
                out.resize(pad8(out.len()), 0);
            }
        }
    }
    out
}

/// Where the arrays of an encoded table are read from: `f64s(offset, n)` gives the `n` values at
/// byte `offset`, `u32s` likewise. [`decode_with`] only asks for ranges inside the buffer.
pub trait Source {
    /// `n` numbers from byte `offset` (a multiple of 8).
    fn f64s(&mut self, offset: usize, n: usize) -> Vec<f64>;
    /// `n` codes from byte `offset` (a multiple of 8).
    fn u32s(&mut self, offset: usize, n: usize) -> Vec<u32>;
}

/// Reads bytes made by [`encode`].
///
/// # Errors
/// A plain message when the bytes are not a whole encoded table (wrong magic, lengths that do
/// not match the rows, unreadable JSON).
pub fn decode(bytes: &[u8]) -> Result<Table, String> {
    struct Bytes<'a>(&'a [u8]);
    impl Source for Bytes<'_> {
        fn f64s(&mut self, offset: usize, n: usize) -> Vec<f64> {
            self.0[offset..offset + n * 8]
                .chunks_exact(8)
                .map(|c| {
                    let mut a = [0u8; 8];
                    a.copy_from_slice(c);
                    f64::from_le_bytes(a)
                })
                .collect()
        }
        fn u32s(&mut self, offset: usize, n: usize) -> Vec<u32> {
            self.0[offset..offset + n * 4]
                .chunks_exact(4)
                .map(|c| {
                    let mut a = [0u8; 4];
                    a.copy_from_slice(c);
                    u32::from_le_bytes(a)
                })
                .collect()
        }
    }
    let head_len = head_len(bytes.get(..8).unwrap_or(&[]))?;
    let head = bytes
        .get(..head_len)
        .ok_or_else(|| damaged("short header"))?;
    decode_with(head, bytes.len(), &mut Bytes(bytes))
}

fn damaged(what: &str) -> String {
    format!("a table passed between workers is damaged ({what})")
}

/// The head's length in bytes (padding included) from the buffer's first 8 bytes.
///
/// # Errors
/// When they are not the magic and a length.
pub fn head_len(first8: &[u8]) -> Result<usize, String> {
    if first8.len() < 8 || &first8[..4] != MAGIC {
        return Err(damaged("no header"));
    }
    let mut len = [0u8; 4];
    len.copy_from_slice(&first8[4..8]);
    Ok(pad8(8 + u32::from_le_bytes(len) as usize))
}

/// Reads an encoded table whose head is `head` (the first [`head_len`] bytes) and whose whole
/// buffer is `total` bytes long, its arrays through `source`.
///
/// # Errors
/// As [`decode`].
pub fn decode_with(head: &[u8], total: usize, source: &mut dyn Source) -> Result<Table, String> {
    let json_end = head_len(head.get(..8).unwrap_or(&[]))?;
    if head.len() < json_end {
        return Err(damaged("short header"));
    }
    let mut len = [0u8; 4];
    len.copy_from_slice(&head[4..8]);
    let json = &head[8..8 + u32::from_le_bytes(len) as usize];
    let h: Head = serde_json::from_slice(json).map_err(|e| damaged(&e.to_string()))?;
    let rows = h.rows;
    // Every array's place, checked against the buffer before anything is read.
    let mut at = json_end;
    let mut place = |width: usize| -> Result<usize, String> {
        let n = rows
            .checked_mul(width)
            .map(pad8)
            .filter(|&n| n <= total.saturating_sub(at))
            .ok_or_else(|| damaged("short column"))?;
        let here = at;
        at += n;
        Ok(here)
    };
    let mut columns = Vec::with_capacity(h.columns.len());
    for c in h.columns {
        let numbers = match c.numbers {
            true => Some(source.f64s(place(8)?, rows)),
            false => None,
        };
        let datetimes = match c.datetimes {
            true => Some(source.f64s(place(8)?, rows)),
            false => None,
        };
        let dict = match c.dict {
            Some(values) => {
                let codes = source.u32s(place(4)?, rows);
                if codes
                    .iter()
                    .any(|&k| k != super::MISSING_CODE && k as usize >= values.len())
                {
                    return Err(damaged("code out of range"));
                }
                Some(Dict::new(codes, values))
            }
            None => None,
        };
        columns.push(RawColumn {
            name: c.name,
            missing: c.missing,
            numbers,
            number_invalid: c.number_invalid,
            datetimes,
            datetime_invalid: c.datetime_invalid,
            dict,
        });
    }
    if at != total {
        return Err(damaged("trailing bytes"));
    }
    Ok(Table {
        name: h.name,
        rows,
        columns,
        delimiter: h.delimiter,
        latin1: h.latin1,
        number_style: h.number_style,
        bytes: h.bytes,
        warnings: h.warnings,
        headerless: h.headerless,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::read_table;

    fn table(text: &str) -> Table {
        read_table("t.csv", text.as_bytes(), &mut |_| {}).unwrap()
    }

    #[test]
    fn a_table_survives_the_round_trip_with_every_reading() {
        let t = table(
            "id,x,when,city,mixed\n1,1.5,2024-01-01,Oslo,3\n2,NaN,2024-02-30,,n/a\n3,-inf,2024-01-03 10:00,Ås,4\n",
        );
        assert!(t.columns.iter().any(|c| c.numbers.is_some()));
        assert!(t.columns.iter().any(|c| c.datetimes.is_some()));
        assert!(t.columns.iter().any(|c| c.dict.is_some()));
        let back = decode(&encode(&t)).unwrap();
        // NaN != NaN: compare the bytes of a second encoding, then the fields that hold no NaN.
        assert_eq!(encode(&back), encode(&t));
        assert_eq!(back.rows, t.rows);
        assert_eq!(back.warnings, t.warnings);
        for (a, b) in back.columns.iter().zip(&t.columns) {
            assert_eq!(a.name, b.name);
            assert_eq!(a.number_invalid, b.number_invalid);
            assert_eq!(a.dict, b.dict);
            assert_eq!(
                a.dict.as_ref().map(Dict::counts),
                b.dict.as_ref().map(Dict::counts)
            );
        }
    }

    #[test]
    fn damaged_bytes_are_an_error_never_a_panic() {
        let t = table("a,b\n1,x\n2,y\n");
        let good = encode(&t);
        for cut in 0..good.len() {
            assert!(decode(&good[..cut]).is_err(), "cut at {cut}");
        }
        let mut longer = good.clone();
        longer.push(0);
        assert!(decode(&longer).is_err());
        // A code pointing past the dictionary.
        let mut bad = good.clone();
        let n = bad.len();
        bad[n - 4..].copy_from_slice(&7u32.to_le_bytes());
        assert!(decode(&bad).unwrap_err().contains("code out of range"));
        assert!(decode(b"DCT1\xff\xff\xff\xff").is_err());
    }
}
