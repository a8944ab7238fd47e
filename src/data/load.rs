//! Streaming CSV reader: sniffing, BOM, Latin-1 fallback, missing tokens, ragged rows (SPEC §2).

use std::collections::HashMap;
use std::io::{Cursor, Read};

use super::{datetime::parse_datetime, is_missing, Dict, RawColumn, Table, MISSING_CODE};

/// A numeric or datetime column keeps its string dictionary only up to this many distinct values
/// (beyond it nobody will treat it as categorical, SPEC §2).
pub const DICT_CAP_TYPED: usize = 1000;
/// Bytes inspected for delimiter sniffing and binary detection.
const SNIFF_BYTES: usize = 64 * 1024;
/// More ragged rows than this share of the data rows make the file unusable.
pub const MAX_RAGGED_SHARE: f64 = 0.05;
/// Individual ragged-row warnings kept (the rest are counted).
const MAX_ROW_WARNINGS: usize = 20;

/// A non-fatal problem in an input file, located as precisely as possible.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Warning {
    /// File name.
    pub file: String,
    /// 1-based row as a spreadsheet shows it (header = row 1), when it applies.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub row: Option<usize>,
    /// Column name, when it applies.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    /// What is wrong, in plain words.
    pub message: String,
}

/// Why a file cannot be used at all. Every variant names the file (and row where it applies).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub enum LoadError {
    /// The file has no bytes (or only white space).
    #[error("{file} is empty: expected a CSV file with a header row and at least one data row")]
    Empty {
        /// File name.
        file: String,
    },
    /// The file contains NUL bytes: it is not a text CSV.
    #[error("{file} does not look like a CSV text file (binary data at byte {byte}); is it an Excel, Parquet or zip file?")]
    Binary {
        /// File name.
        file: String,
        /// Offset of the first NUL byte.
        byte: u64,
    },
    /// A header row but no data.
    #[error("{file} has a header row but no data rows")]
    HeaderOnly {
        /// File name.
        file: String,
    },
    /// Too many rows whose number of fields differs from the header's.
    #[error("{file} row {row}: expected {expected} fields (as in the header) but found {found}; {count} of {total} data rows have the wrong number of fields, so the file is not a consistent CSV (check the delimiter and quoting)")]
    Ragged {
        /// File name.
        file: String,
        /// First ragged row (1-based, header = 1).
        row: usize,
        /// Fields in the header.
        expected: usize,
        /// Fields in that row.
        found: usize,
        /// Ragged rows.
        count: usize,
        /// All data rows read.
        total: usize,
    },
    /// The CSV itself could not be decoded (reported by the `csv` crate).
    #[error("{file} row {row}: {message}")]
    Csv {
        /// File name.
        file: String,
        /// 1-based row (header = 1).
        row: usize,
        /// The parser's message.
        message: String,
    },
    /// Reading the bytes failed.
    #[error("{file}: could not be read: {message}")]
    Io {
        /// File name.
        file: String,
        /// The system's message.
        message: String,
    },
}

/// Picks the delimiter among `,` `;` `\t` `|`: the one that splits the first lines (outside quotes)
/// into the same, largest number of fields.
pub fn sniff_delimiter(head: &[u8]) -> u8 {
    const CANDIDATES: [u8; 4] = [b',', b';', b'\t', b'|'];
    let mut lines: Vec<[usize; 4]> = Vec::new();
    let mut counts = [0usize; 4];
    let mut in_quotes = false;
    let mut non_empty = false;
    for &b in head {
        if b == b'"' {
            in_quotes = !in_quotes;
        } else if !in_quotes && b == b'\n' {
            if non_empty {
                lines.push(counts);
            }
            counts = [0; 4];
            non_empty = false;
            if lines.len() >= 20 {
                break;
            }
        } else if !in_quotes {
            if let Some(i) = CANDIDATES.iter().position(|&c| c == b) {
                counts[i] += 1;
            }
            if !b.is_ascii_whitespace() {
                non_empty = true;
            }
        }
    }
    if non_empty && lines.len() < 20 {
        lines.push(counts);
    }
    // A trailing partial line (cut by the sniff window) must not spoil consistency.
    if lines.len() > 2 && head.len() >= SNIFF_BYTES {
        lines.pop();
    }
    let mut best = (b',', (false, 0usize));
    for (i, &c) in CANDIDATES.iter().enumerate() {
        let first = lines.first().map_or(0, |l| l[i]);
        if first == 0 {
            continue;
        }
        let consistent = lines.iter().all(|l| l[i] == first);
        let key = (consistent, first);
        if key > best.1 {
            best = (c, key);
        }
    }
    best.0
}

/// FxHash-style hasher for the category dictionaries: the default SipHash is DoS-resistant but
/// several times slower, and the keys here are the user's own file.
#[derive(Default, Clone, Copy)]
pub struct FastHasher(u64);

impl std::hash::Hasher for FastHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(w)).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
    }
}

type FastMap<V> = HashMap<String, V, std::hash::BuildHasherDefault<FastHasher>>;

/// Builds one column while rows stream in.
struct ColumnBuilder {
    name: String,
    rows: usize,
    missing: usize,
    numbers: Option<Vec<f64>>,
    datetimes: Option<Vec<f64>>,
    codes: Option<Vec<u32>>,
    index: FastMap<u32>,
    values: Vec<String>,
}

/// A number as SPEC §2 reads it: decimal or scientific notation with an optional sign, or ±inf.
fn parse_number(s: &str) -> Option<f64> {
    let b = s.as_bytes();
    let first = *b.first()?;
    if !(first.is_ascii_digit() || matches!(first, b'+' | b'-' | b'.' | b'i' | b'I')) {
        return None;
    }
    let v: f64 = s.parse().ok()?;
    if v.is_nan() {
        None
    } else {
        Some(v)
    }
}

impl ColumnBuilder {
    fn new(name: String) -> Self {
        ColumnBuilder {
            name,
            rows: 0,
            missing: 0,
            numbers: Some(Vec::new()),
            datetimes: Some(Vec::new()),
            codes: Some(Vec::new()),
            index: FastMap::default(),
            values: Vec::new(),
        }
    }

    fn push(&mut self, field: &str) {
        self.rows += 1;
        if is_missing(field) {
            self.missing += 1;
            if let Some(v) = &mut self.numbers {
                v.push(f64::NAN);
            }
            if let Some(v) = &mut self.datetimes {
                v.push(f64::NAN);
            }
            if let Some(c) = &mut self.codes {
                c.push(MISSING_CODE);
            }
            return;
        }
        let mut typed = false;
        if self.numbers.is_some() {
            match parse_number(field) {
                Some(x) => {
                    if let Some(nums) = &mut self.numbers {
                        nums.push(x);
                    }
                    typed = true;
                    self.datetimes = None;
                }
                None => self.kill_numbers(),
            }
        }
        if !typed && self.datetimes.is_some() {
            match parse_datetime(field) {
                Some(t) => {
                    if let Some(dts) = &mut self.datetimes {
                        dts.push(t);
                    }
                    typed = true;
                }
                None => self.kill_datetimes(),
            }
        }
        if self.codes.is_some() {
            let code = match self.index.get(field) {
                Some(&c) => c,
                None => {
                    let c = self.values.len() as u32;
                    self.values.push(field.to_owned());
                    self.index.insert(field.to_owned(), c);
                    c
                }
            };
            if let Some(codes) = &mut self.codes {
                codes.push(code);
            }
            if typed && self.values.len() > DICT_CAP_TYPED {
                self.codes = None;
                self.index = FastMap::default();
                self.values = Vec::new();
            }
        } else if !typed {
            // The typed track died after the dictionary was dropped: rebuild it from that track.
            self.rebuild_dict();
            self.push_code(field);
        }
    }

    fn push_code(&mut self, field: &str) {
        let code = match self.index.get(field) {
            Some(&c) => c,
            None => {
                let c = self.values.len() as u32;
                self.values.push(field.to_owned());
                self.index.insert(field.to_owned(), c);
                c
            }
        };
        if let Some(codes) = &mut self.codes {
            codes.push(code);
        }
    }

    /// Keeps the values read so far (as text) before a typed track is dropped.
    fn kill_numbers(&mut self) {
        if self.codes.is_none() {
            if let Some(nums) = self.numbers.take() {
                self.rebuild_from(&nums, |x| format!("{x}"));
            }
        }
        self.numbers = None;
    }

    fn kill_datetimes(&mut self) {
        if self.codes.is_none() {
            if let Some(dts) = self.datetimes.take() {
                self.rebuild_from(&dts, super::datetime::format_datetime);
            }
        }
        self.datetimes = None;
    }

    fn rebuild_dict(&mut self) {
        if self.codes.is_none() {
            self.codes = Some(Vec::new());
        }
    }

    fn rebuild_from(&mut self, vals: &[f64], fmt: impl Fn(f64) -> String) {
        self.codes = Some(Vec::with_capacity(vals.len() + 1));
        self.index.clear();
        self.values.clear();
        for &v in vals {
            if v.is_nan() {
                if let Some(c) = &mut self.codes {
                    c.push(MISSING_CODE);
                }
            } else {
                let s = fmt(v);
                self.push_code(&s);
            }
        }
    }

    fn finish(self) -> RawColumn {
        RawColumn {
            name: self.name,
            missing: self.missing,
            numbers: self.numbers,
            datetimes: self.datetimes,
            dict: self.codes.map(|codes| Dict {
                codes,
                values: self.values,
            }),
        }
    }
}

/// `str::trim`, skipped when neither end is white space (the usual case).
fn trim_fast(s: &str) -> &str {
    let b = s.as_bytes();
    if b.first().is_some_and(u8::is_ascii_whitespace)
        || b.last().is_some_and(u8::is_ascii_whitespace)
    {
        s.trim()
    } else {
        s
    }
}

/// Counts bytes as they are read and reports progress.
struct Counting<'a, R> {
    inner: R,
    read: u64,
    progress: &'a mut dyn FnMut(u64),
}

impl<R: Read> Read for Counting<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        (self.progress)(self.read);
        Ok(n)
    }
}

fn decode<'a>(bytes: &'a [u8], latin1: &mut bool) -> std::borrow::Cow<'a, str> {
    match std::str::from_utf8(bytes) {
        Ok(s) => std::borrow::Cow::Borrowed(s),
        Err(_) => {
            *latin1 = true;
            std::borrow::Cow::Owned(bytes.iter().map(|&b| b as char).collect())
        }
    }
}

/// Reads a whole CSV from `reader` (any size, in chunks) into a columnar [`Table`].
///
/// `name` is the file name used in messages; `progress` is called with the bytes read so far.
/// Header: the first non-empty line; names are trimmed, empty ones become `column_N`, duplicates
/// get a `_2` suffix (with a warning). Ragged rows are skipped with a warning naming the row; more
/// than [`MAX_RAGGED_SHARE`] of them is a [`LoadError::Ragged`].
pub fn read_table<R: Read>(
    name: &str,
    mut reader: R,
    progress: &mut dyn FnMut(u64),
) -> Result<Table, LoadError> {
    let io_err = |e: std::io::Error| LoadError::Io {
        file: name.to_owned(),
        message: e.to_string(),
    };
    // The head: for sniffing and binary detection.
    let mut head = Vec::with_capacity(SNIFF_BYTES);
    (&mut reader)
        .take(SNIFF_BYTES as u64)
        .read_to_end(&mut head)
        .map_err(io_err)?;
    let head_len = head.len() as u64;
    progress(head_len);
    if let Some(pos) = head.iter().position(|&b| b == 0) {
        return Err(LoadError::Binary {
            file: name.to_owned(),
            byte: pos as u64,
        });
    }
    let bom = head.starts_with(&[0xEF, 0xBB, 0xBF]);
    let body = if bom { &head[3..] } else { &head[..] };
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(LoadError::Empty {
            file: name.to_owned(),
        });
    }
    let delimiter = sniff_delimiter(body);
    let start = if bom { 3 } else { 0 };
    let mut counting = Counting {
        inner: reader,
        read: head_len,
        progress,
    };
    let chained = Cursor::new(head).chain(&mut counting);
    let mut chained = chained;
    if start > 0 {
        let mut skip = [0u8; 3];
        chained.read_exact(&mut skip).map_err(io_err)?;
    }
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .buffer_capacity(256 * 1024)
        .from_reader(chained);

    let mut latin1 = false;
    let mut warnings = Vec::new();
    let mut record = csv::ByteRecord::new();
    let csv_err = |e: csv::Error, row: usize| LoadError::Csv {
        file: name.to_owned(),
        row,
        message: e.to_string(),
    };
    // Header.
    let has_header = rdr
        .read_byte_record(&mut record)
        .map_err(|e| csv_err(e, 1))?;
    if !has_header {
        return Err(LoadError::Empty {
            file: name.to_owned(),
        });
    }
    let mut names: Vec<String> = Vec::with_capacity(record.len());
    for (i, f) in record.iter().enumerate() {
        let mut n = decode(f, &mut latin1).trim().to_owned();
        if n.is_empty() {
            n = format!("column_{}", i + 1);
        }
        if names.contains(&n) {
            let mut k = 2;
            while names.contains(&format!("{n}_{k}")) {
                k += 1;
            }
            let renamed = format!("{n}_{k}");
            warnings.push(Warning {
                file: name.to_owned(),
                row: Some(1),
                column: Some(renamed.clone()),
                message: format!("duplicate column name `{n}` renamed to `{renamed}`"),
            });
            n = renamed;
        }
        names.push(n);
    }
    let width = names.len();
    let mut builders: Vec<ColumnBuilder> = names.into_iter().map(ColumnBuilder::new).collect();

    let mut data_rows = 0usize;
    let mut ragged = 0usize;
    let mut first_ragged: Option<(usize, usize)> = None;
    loop {
        let row = data_rows + 2;
        match rdr.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => return Err(csv_err(e, row)),
        }
        data_rows += 1;
        if record.len() != width {
            // A line of only delimiters/blank is an empty line, not a ragged row.
            if record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) && record.len() <= 1 {
                data_rows -= 1;
                continue;
            }
            ragged += 1;
            first_ragged.get_or_insert((row, record.len()));
            if ragged <= MAX_ROW_WARNINGS {
                warnings.push(Warning {
                    file: name.to_owned(),
                    row: Some(row),
                    column: None,
                    message: format!(
                        "expected {width} fields but found {}; row skipped",
                        record.len()
                    ),
                });
            }
            continue;
        }
        // Validate the record's UTF-8 once (fields never split a character: delimiters are
        // ASCII), then slice each field out of it; fall back to per-field Latin-1 decoding.
        match std::str::from_utf8(record.as_slice()) {
            Ok(whole) => {
                for (i, b) in builders.iter_mut().enumerate() {
                    let s = record.range(i).and_then(|r| whole.get(r)).unwrap_or("");
                    b.push(trim_fast(s));
                }
            }
            Err(_) => {
                for (b, f) in builders.iter_mut().zip(record.iter()) {
                    let s = decode(f, &mut latin1);
                    b.push(trim_fast(&s));
                }
            }
        }
    }
    let bytes = counting.read;
    if data_rows == 0 {
        return Err(LoadError::HeaderOnly {
            file: name.to_owned(),
        });
    }
    if let Some((row, found)) = first_ragged {
        if ragged as f64 > MAX_RAGGED_SHARE * data_rows as f64 || ragged == data_rows {
            return Err(LoadError::Ragged {
                file: name.to_owned(),
                row,
                expected: width,
                found,
                count: ragged,
                total: data_rows,
            });
        }
        if ragged > MAX_ROW_WARNINGS {
            warnings.push(Warning {
                file: name.to_owned(),
                row: None,
                column: None,
                message: format!(
                    "{ragged} rows in all had the wrong number of fields and were skipped"
                ),
            });
        }
    }
    if latin1 {
        warnings.push(Warning {
            file: name.to_owned(),
            row: None,
            column: None,
            message: "not valid UTF-8: decoded as Latin-1".to_owned(),
        });
    }
    Ok(Table {
        name: name.to_owned(),
        rows: data_rows - ragged,
        columns: builders.into_iter().map(ColumnBuilder::finish).collect(),
        delimiter,
        latin1,
        bytes,
        warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(name: &str, bytes: &[u8]) -> Result<Table, LoadError> {
        read_table(name, bytes, &mut |_| {})
    }

    #[test]
    fn reads_numbers_strings_and_missing_tokens() {
        let t = load(
            "a.csv",
            b"x,y,z\n1,a,2024-01-01\nNA,b,\n-3.5e2,a,2024-01-03T10:00:00\n",
        )
        .unwrap();
        assert_eq!(t.rows, 3);
        let x = t.column("x").unwrap();
        assert_eq!(x.missing, 1);
        let nums = x.numbers.as_ref().unwrap();
        assert_eq!(nums[0], 1.0);
        assert!(nums[1].is_nan());
        assert_eq!(nums[2], -350.0);
        let y = t.column("y").unwrap();
        assert!(y.numbers.is_none());
        assert_eq!(y.dict.as_ref().unwrap().values, vec!["a", "b"]);
        assert!(t.column("z").unwrap().datetimes.is_some());
    }

    #[test]
    fn sniffs_semicolons_tabs_and_pipes() {
        assert_eq!(sniff_delimiter(b"a;b;c\n1;2;3\n"), b';');
        assert_eq!(sniff_delimiter(b"a\tb\n1\t2\n"), b'\t');
        assert_eq!(sniff_delimiter(b"a|b\n1|2\n"), b'|');
        assert_eq!(sniff_delimiter(b"a,b;c\n1,2;3\n\"x,y\",2;3\n"), b',');
    }

    #[test]
    fn handles_bom_quotes_and_embedded_newlines() {
        let t = load(
            "b.csv",
            "\u{feff}name;note\nx;\"line1\nline2; still\"\ny;plain\n".as_bytes(),
        )
        .unwrap();
        assert_eq!(t.columns[0].name, "name");
        assert_eq!(t.rows, 2);
        let d = t.column("note").unwrap().dict.as_ref().unwrap();
        assert_eq!(d.values[0], "line1\nline2; still");
    }

    #[test]
    fn falls_back_to_latin1_with_a_warning() {
        let t = load("l.csv", b"city\nM\xfcnchen\n").unwrap();
        assert!(t.latin1);
        assert_eq!(
            t.column("city").unwrap().dict.as_ref().unwrap().values[0],
            "München"
        );
        assert!(t.warnings.iter().any(|w| w.message.contains("Latin-1")));
    }

    #[test]
    fn rejects_empty_binary_and_header_only_files() {
        assert!(matches!(load("e.csv", b""), Err(LoadError::Empty { .. })));
        assert!(matches!(
            load("e.csv", b"  \n\n"),
            Err(LoadError::Empty { .. })
        ));
        assert!(matches!(
            load("b.csv", b"\x89PNG\r\n\x1a\n\0\0\0"),
            Err(LoadError::Binary { byte: 8, .. })
        ));
        assert!(matches!(
            load("h.csv", b"a,b,c\n"),
            Err(LoadError::HeaderOnly { .. })
        ));
    }

    #[test]
    fn skips_a_few_ragged_rows_but_rejects_a_ragged_file() {
        let mut ok = String::from("a,b\n");
        for i in 0..40 {
            ok.push_str(&format!("{i},{i}\n"));
        }
        ok.push_str("1,2,3\n");
        let t = load("r.csv", ok.as_bytes()).unwrap();
        assert_eq!(t.rows, 40);
        assert_eq!(t.warnings[0].row, Some(42));
        let err = load("r.csv", b"a,b,c\n1,2\n1,2,3\n4\n").unwrap_err();
        assert!(
            matches!(
                err,
                LoadError::Ragged {
                    row: 2,
                    expected: 3,
                    found: 2,
                    count: 2,
                    ..
                }
            ),
            "{err:?}"
        );
        assert!(err.to_string().starts_with("r.csv row 2:"));
    }

    #[test]
    fn keeps_text_when_a_numeric_column_turns_out_to_be_text_late() {
        let mut s = String::from("v\n");
        for i in 0..(DICT_CAP_TYPED + 10) {
            s.push_str(&format!("{i}\n"));
        }
        s.push_str("oops\n");
        let t = load("n.csv", s.as_bytes()).unwrap();
        let c = t.column("v").unwrap();
        assert!(c.numbers.is_none());
        let d = c.dict.as_ref().unwrap();
        assert_eq!(d.codes.len(), DICT_CAP_TYPED + 11);
        assert_eq!(d.values[5], "5");
        assert_eq!(d.values.last().unwrap(), "oops");
    }

    #[test]
    fn counts_duplicate_rows() {
        let t = load("d.csv", b"a,b,c\n1,x,\n1,x,\n2,x,\n1,y,\n1,x,\n").unwrap();
        assert_eq!(t.duplicate_rows(), 2);
    }

    #[test]
    fn infinities_are_numbers_and_nan_is_missing() {
        let t = load("i.csv", b"v\ninf\n-inf\nNaN\n2\n").unwrap();
        let c = t.column("v").unwrap();
        assert_eq!(c.infinities(), 2);
        assert_eq!(c.missing, 1);
    }
}
