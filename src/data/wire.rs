//! A parsed [`Table`] as one flat byte buffer, so that the page's workers can hand tables to each
//! other as transferable `ArrayBuffer`s (zero-copy between workers) instead of JSON: parsing the two
//! files runs in two workers at once, and each worker then holds both tables.
//!
//! Layout (little-endian): the magic `DCT1`, a `u32` length and that many bytes of JSON (the
//! table's facts and, per column, its name, counts, invalid examples, which readings exist and
//! the dictionary's values), then for each column in order its bulk arrays: numbers (`f64` × rows),
//! datetimes (`f64` × rows), dictionary codes (`u32` × rows), each present only when the JSON says
//! so. [`decode`] checks every length against the buffer and never panics on bad bytes.
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

/// The table as bytes (see the module doc for the layout).
pub fn encode(t: &Table) -> Vec<u8> {
    let head = Head {
        name: t.name.clone(),
        rows: t.rows,
        delimiter: t.delimiter,
        latin1: t.latin1,
        number_style: t.number_style,
        bytes: t.bytes,
        warnings: t.warnings.clone(),
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
    let bulk: usize = t
        .columns
        .iter()
        .map(|c| {
            c.numbers.as_ref().map_or(0, |v| v.len() * 8)
                + c.datetimes.as_ref().map_or(0, |v| v.len() * 8)
                + c.dict.as_ref().map_or(0, |d| d.codes.len() * 4)
        })
        .sum();
    let mut out = Vec::with_capacity(8 + json.len() + bulk);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&(json.len() as u32).to_le_bytes());
    out.extend_from_slice(&json);
    for c in &t.columns {
        for v in [&c.numbers, &c.datetimes].into_iter().flatten() {
            for x in v {
                out.extend_from_slice(&x.to_le_bytes());
            }
        }
        if let Some(d) = &c.dict {
            for code in &d.codes {
                out.extend_from_slice(&code.to_le_bytes());
            }
        }
    }
    out
}

/// Reads bytes made by [`encode`].
///
/// # Errors
/// A plain message when the bytes are not a whole encoded table (wrong magic, lengths that do
/// not match the rows, unreadable JSON).
pub fn decode(bytes: &[u8]) -> Result<Table, String> {
    let bad = |what: &str| format!("a table passed between workers is damaged ({what})");
    if bytes.len() < 8 || &bytes[..4] != MAGIC {
        return Err(bad("no header"));
    }
    let mut len = [0u8; 4];
    len.copy_from_slice(&bytes[4..8]);
    let json_len = u32::from_le_bytes(len) as usize;
    let json = bytes
        .get(8..8usize.saturating_add(json_len))
        .ok_or_else(|| bad("short header"))?;
    let head: Head = serde_json::from_slice(json).map_err(|e| bad(&e.to_string()))?;
    let mut rest = &bytes[8 + json_len..];
    let rows = head.rows;
    let mut take = |width: usize| -> Result<&[u8], String> {
        let n = rows
            .checked_mul(width)
            .filter(|&n| n <= rest.len())
            .ok_or_else(|| bad("short column"))?;
        let (a, b) = rest.split_at(n);
        rest = b;
        Ok(a)
    };
    let f64s = |b: &[u8]| -> Vec<f64> {
        b.chunks_exact(8)
            .map(|c| {
                let mut a = [0u8; 8];
                a.copy_from_slice(c);
                f64::from_le_bytes(a)
            })
            .collect()
    };
    let mut columns = Vec::with_capacity(head.columns.len());
    for c in head.columns {
        let numbers = if c.numbers {
            Some(f64s(take(8)?))
        } else {
            None
        };
        let datetimes = if c.datetimes {
            Some(f64s(take(8)?))
        } else {
            None
        };
        let dict = match c.dict {
            Some(values) => {
                let codes: Vec<u32> = take(4)?
                    .chunks_exact(4)
                    .map(|c| {
                        let mut a = [0u8; 4];
                        a.copy_from_slice(c);
                        u32::from_le_bytes(a)
                    })
                    .collect();
                if codes
                    .iter()
                    .any(|&k| k != super::MISSING_CODE && k as usize >= values.len())
                {
                    return Err(bad("code out of range"));
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
    if !rest.is_empty() {
        return Err(bad("trailing bytes"));
    }
    Ok(Table {
        name: head.name,
        rows,
        columns,
        delimiter: head.delimiter,
        latin1: head.latin1,
        number_style: head.number_style,
        bytes: head.bytes,
        warnings: head.warnings,
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
