//! Ingestion: CSV bytes → columnar [`Table`]s, then kinds and roles over both files (SPEC §2).
//!
//! Parsing is streaming: [`load::read_table`] pulls bytes from any [`std::io::Read`] (a native file,
//! or in the Web Worker a reader that slices the browser `File` chunk by chunk), so a file is never
//! held as one giant string. Each column is kept columnar as it is read:
//! numbers as `f64` (`NaN` = missing), datetimes as epoch seconds, and strings dictionary-encoded.
//! A re-analysis with new settings reuses the parsed [`Table`]s; nothing is parsed twice.

mod builder;
pub mod datetime;
mod encoding;
pub mod header;
pub mod infer;
pub mod join;
pub mod load;
pub mod names;
pub mod parse;
pub mod pii;
pub mod records;
pub mod sorted;
pub mod spaced;
pub mod values;
pub mod wire;

pub use infer::{infer_schema, ColumnSchema, Kind, Role, Schema};
pub use load::{read_table, read_table_sized, LoadError, Warning};
pub use parse::NumberStyle;
pub use values::{Encoding, Labels, ValueMap, ValueMaps};

/// Tokens read as a missing value (SPEC §2), compared after trimming white space.
pub const MISSING_TOKENS: [&str; 10] = [
    "NA", "N/A", "NaN", "nan", "null", "NULL", "None", "-", "?", "",
];

/// Code of a missing value in [`Dict::codes`].
pub const MISSING_CODE: u32 = u32::MAX;

/// `true` when `s` (already trimmed) is one of [`MISSING_TOKENS`].
pub fn is_missing(s: &str) -> bool {
    // Every token is at most 4 bytes long: most fields are rejected by their length alone.
    s.len() <= 4 && MISSING_TOKENS.contains(&s)
}

/// Dictionary-encoded strings: `values[codes[i]]` is row `i`, [`MISSING_CODE`] marks a missing value.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Dict {
    /// One code per data row.
    pub codes: Vec<u32>,
    /// Distinct values in order of first appearance.
    pub values: Vec<String>,
    /// [`Dict::counts`], computed once (the inference and the analysis ask for it several times
    /// per column; a dictionary is not changed after it is built).
    counts: std::sync::OnceLock<Vec<u64>>,
}

impl Dict {
    /// A dictionary of `codes` into `values`.
    pub fn new(codes: Vec<u32>, values: Vec<String>) -> Dict {
        Dict {
            codes,
            values,
            counts: std::sync::OnceLock::new(),
        }
    }

    /// Occurrences of each value (same order as [`Dict::values`]).
    pub fn counts(&self) -> Vec<u64> {
        self.counts
            .get_or_init(|| {
                let mut counts = vec![0u64; self.values.len()];
                for &c in &self.codes {
                    if let Some(slot) = counts.get_mut(c as usize) {
                        *slot += 1;
                    }
                }
                counts
            })
            .clone()
    }
}

/// Cells of one reading of a column (as numbers, or as datetimes) that did not parse: stray tokens
/// such as `n/a`, `#VALUE!` or an impossible date. They are neither values nor missing values: the
/// tests run on the valid values and the share of invalid cells is reported beside the missing share.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Invalid {
    /// Number of invalid cells.
    pub count: usize,
    /// The first few: (1-based row as a spreadsheet shows it, the cell's text clipped to
    /// [`CLIP_CHARS`] characters).
    pub first: Vec<(usize, String)>,
}

/// Invalid cells kept as examples per column and file.
pub const INVALID_EXAMPLES: usize = 5;

/// Longest CSV-derived text (a category, a cell) put into a message or an export, in characters:
/// a 50 MB cell never makes a 50 MB report.
pub const CLIP_CHARS: usize = 80;

/// `s` cut to [`CLIP_CHARS`] characters with `…` (and its length) when longer.
pub fn clip(s: &str) -> std::borrow::Cow<'_, str> {
    match s.char_indices().nth(CLIP_CHARS) {
        None => std::borrow::Cow::Borrowed(s),
        Some((i, _)) => {
            std::borrow::Cow::Owned(format!("{}… ({} characters)", &s[..i], s.chars().count()))
        }
    }
}

/// One parsed column of one file. Which readings exist depends on what the non-missing values
/// parsed as: `numbers` when at least half of them are numbers (the rest are [`Invalid`]),
/// `datetimes` likewise for dates/datetimes (or epoch numbers in a column named like a timestamp),
/// `dict` unless the column is numeric/datetime with more than [`load::DICT_CAP_TYPED`] distinct
/// values. Which reading the analysis uses is decided over both files ([`infer_schema`]).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RawColumn {
    /// Header name (trimmed; duplicates renamed `name_2`, …).
    pub name: String,
    /// Number of missing values (SPEC §2 tokens).
    pub missing: usize,
    /// The numeric reading: the values, `NaN` for missing and invalid cells, ±inf kept.
    pub numbers: Option<Vec<f64>>,
    /// Cells that are not numbers (when `numbers` exists).
    pub number_invalid: Invalid,
    /// The datetime reading: epoch seconds (UTC), `NaN` for missing and invalid cells.
    pub datetimes: Option<Vec<f64>>,
    /// Cells that are not dates (when `datetimes` exists).
    pub datetime_invalid: Invalid,
    /// The values as strings, dictionary-encoded.
    pub dict: Option<Dict>,
}

impl RawColumn {
    /// Number of ±inf values (a data-quality issue; never fed to a test).
    pub fn infinities(&self) -> usize {
        self.numbers
            .as_ref()
            .map_or(0, |v| v.iter().filter(|x| x.is_infinite()).count())
    }

    /// Data rows of this column.
    pub fn len(&self) -> usize {
        self.numbers
            .as_ref()
            .map(Vec::len)
            .or_else(|| self.datetimes.as_ref().map(Vec::len))
            .or_else(|| self.dict.as_ref().map(|d| d.codes.len()))
            .unwrap_or(0)
    }

    /// `true` when the column has no data rows.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Non-missing cells (valid and invalid).
    pub fn non_missing(&self) -> usize {
        self.len().saturating_sub(self.missing)
    }
}

/// One parsed CSV file, columnar.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Table {
    /// File name as the user knows it (e.g. `production.csv`).
    pub name: String,
    /// Data rows kept (ragged rows skipped).
    pub rows: usize,
    /// Columns in header order.
    pub columns: Vec<RawColumn>,
    /// The sniffed delimiter (`b' '` for a space-separated file, [`spaced`]).
    pub delimiter: u8,
    /// `true` when the file was not valid UTF-8 and was decoded as Latin-1.
    pub latin1: bool,
    /// How numbers are written in this file (decimal comma or point).
    pub number_style: NumberStyle,
    /// Bytes read.
    pub bytes: u64,
    /// Non-fatal problems (ragged rows skipped, encoding fallback, renamed headers, …).
    pub warnings: Vec<Warning>,
    /// The file had no header row: its first line was read as data and its columns were named
    /// by position ([`header`]).
    pub headerless: bool,
}

impl Table {
    /// Number of rows that repeat an earlier row exactly (every column equal; missing equals
    /// missing). A 64-bit hash per row (a multiply–rotate mix of each column's value identity,
    /// word at a time), so the cost is one pass over the columns and a hash set of the rows.
    pub fn duplicate_rows(&self) -> usize {
        const SEED: u64 = 0xcbf2_9ce4_8422_2325;
        const K: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut hashes = vec![SEED; self.rows];
        for c in &self.columns {
            let mix = |h: &mut u64, v: u64| {
                *h = (h.rotate_left(23) ^ v).wrapping_mul(K);
            };
            if let Some(d) = &c.dict {
                for (h, &code) in hashes.iter_mut().zip(&d.codes) {
                    mix(h, u64::from(code));
                }
            } else if let Some(v) = c.numbers.as_ref().or(c.datetimes.as_ref()) {
                for (h, &x) in hashes.iter_mut().zip(v) {
                    mix(h, if x.is_nan() { u64::MAX } else { x.to_bits() });
                }
            }
        }
        // Sorting the hashes beats a hash set of them (and needs no second hash).
        hashes.sort_unstable();
        hashes.windows(2).filter(|w| w[0] == w[1]).count()
    }

    /// The column called `name`.
    pub fn column(&self, name: &str) -> Option<&RawColumn> {
        self.columns.iter().find(|c| c.name == name)
    }
}
