//! Streaming CSV reader: sniffing, BOM, Latin-1 fallback, missing tokens, ragged rows (SPEC §2).

use std::collections::HashMap;
use std::io::{Cursor, Read};

use super::builder::ColumnBuilder;
use super::parse::NumberStyle;
use super::Table;

/// A numeric or datetime column keeps its string dictionary only up to this many distinct values
/// (beyond it nobody will treat it as categorical, SPEC §2).
pub const DICT_CAP_TYPED: usize = 1000;
/// The first two bytes of a gzip stream (RFC 1952).
const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];
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

impl std::fmt::Display for Warning {
    /// One line: `file row 17 column x: message`, the parts that do not apply left out.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut at = Vec::new();
        if !self.file.is_empty() {
            at.push(self.file.clone());
        }
        if let Some(r) = self.row {
            at.push(format!("row {r}"));
        }
        if let Some(c) = &self.column {
            at.push(format!("column {c}"));
        }
        if at.is_empty() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "{}: {}", at.join(" "), self.message)
        }
    }
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
    /// Every data row has the same number of fields, but not the first line's: the first line
    /// is a title, a note or a count line (scikit-learn's `breast_cancer.csv` starts with
    /// `569,30,malignant,benign`), not the header row.
    #[error("{file}: the first line has {expected} fields but all {rows} data rows have {found}: the first line is not a header row for them (a title, a note or a count line?); remove it, or check the delimiter, and try again")]
    HeaderWidth {
        /// File name.
        file: String,
        /// Fields in the first line.
        expected: usize,
        /// Fields in every data row.
        found: usize,
        /// Data rows read.
        rows: usize,
    },
    /// The first rows have fewer fields than every row from some row on: notes or a title above
    /// the table (statsmodels' `unemp.csv`, a BLS export, starts with `Series Id: …` lines).
    #[error("{file}: from row {row} on, all {count} rows have {found} fields, but the rows above have {expected}: they look like notes or a title above the table, whose header is then row {row}; remove the lines above it and try again")]
    Preamble {
        /// File name.
        file: String,
        /// The first row (1-based, as a spreadsheet counts non-blank rows) of the table.
        row: usize,
        /// Fields in the first line.
        expected: usize,
        /// Fields in every row from `row` on.
        found: usize,
        /// Rows from `row` on.
        count: usize,
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
/// into the same, largest number of fields. When none splits them alike but runs of spaces split
/// every line into the same number (≥ 2) of fields, `b' '`: the file is space-separated
/// ([`super::spaced`]).
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
    let mut best = (b',', (false, false, 0usize));
    for (i, &c) in CANDIDATES.iter().enumerate() {
        let first = lines.first().map_or(0, |l| l[i]);
        let second = lines.get(1).map_or(0, |l| l[i]);
        // A header one field short of every row (R's row names, a pandas index) splits alike too.
        let one_short =
            lines.len() >= 3 && second == first + 1 && lines.iter().skip(1).all(|l| l[i] == second);
        if first == 0 && !one_short {
            continue;
        }
        let consistent = one_short || lines.iter().all(|l| l[i] == first);
        // Alike on every line beats one short on the first (decimal commas in a `;` file).
        let key = (
            consistent,
            !one_short,
            if one_short { second } else { first },
        );
        if key > best.1 {
            best = (c, key);
        }
    }
    if !best.1 .0 && super::spaced::is_space_separated(head, head.len() >= SNIFF_BYTES) {
        return b' ';
    }
    best.0
}

/// Excel's delimiter hint: a first line that is exactly `sep=` and one character (a tab, a
/// space or ASCII punctuation other than `"`), as Excel writes and reads it. The delimiter and
/// the bytes of that line with its line end.
fn excel_sep(body: &[u8]) -> Option<(u8, usize)> {
    let end = body.iter().position(|&b| b == b'\n')?;
    let line = body.get(..end)?;
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    match line {
        [s, e, p, b'=', d]
            if s.eq_ignore_ascii_case(&b's')
                && e.eq_ignore_ascii_case(&b'e')
                && p.eq_ignore_ascii_case(&b'p')
                && *d != b'"'
                && (d.is_ascii_punctuation() || matches!(d, b'\t' | b' ')) =>
        {
            Some((*d, end + 1))
        }
        _ => None,
    }
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

pub(super) type FastMap<V> = HashMap<String, V, std::hash::BuildHasherDefault<FastHasher>>;

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

/// Reads a whole CSV from `reader` (any size, in chunks) into a columnar [`Table`].
///
/// `name` is the file name used in messages; `progress` is called with the bytes read so far.
/// Header: the first non-empty line; names are trimmed, empty ones become `column_N`, duplicates
/// get a `_2` suffix (with a warning). Ragged rows are skipped with a warning naming the row; more
/// than [`MAX_RAGGED_SHARE`] of them is a [`LoadError::Ragged`].
///
/// # Examples
/// ```
/// use driftcard::data::read_table;
///
/// // A `;` file with decimal commas and a stray token: the column stays numeric.
/// let csv = "amount;city\n1,5;Köln\nn/a;Bonn\n2,25;Köln\n";
/// let t = read_table("prod.csv", csv.as_bytes(), &mut |_| {})?;
/// let amount = t.column("amount").unwrap();
/// assert_eq!(amount.numbers.as_ref().unwrap()[0], 1.5);
/// assert_eq!(amount.number_invalid.count, 1);
/// # Ok::<(), driftcard::data::LoadError>(())
/// ```
///
/// # Errors
/// [`LoadError`] when the file cannot be used at all (empty, binary, header only, ragged,
/// unreadable); every variant names the file (and the row where it applies).
pub fn read_table<R: Read>(
    name: &str,
    reader: R,
    progress: &mut dyn FnMut(u64),
) -> Result<Table, LoadError> {
    read_table_sized(name, reader, None, progress)
}

/// [`read_table`] knowing the file's size in bytes (the CLI's file metadata, the browser
/// `File`'s `size`): after the first rows, each column's storage is sized once for the rows the
/// file will hold (estimated from the bytes per row so far), instead of doubling as rows stream in
/// — doubling copies every column several times and touches fresh memory each time (about 0.1 s
/// of a million-row file's parse in the page). The table is the same either way.
///
/// # Errors
/// As [`read_table`].
pub fn read_table_sized<R: Read>(
    name: &str,
    reader: R,
    size: Option<u64>,
    progress: &mut dyn FnMut(u64),
) -> Result<Table, LoadError> {
    // Every text the file brings in is made visible once, here (`crate::text`): the file name,
    // the header names (before duplicates are renamed), the categories and the warnings.
    let name = crate::text::visible(name);
    let mut t = read_table_any(&name, reader, size, progress)?;
    for c in &mut t.columns {
        if let Some(d) = &mut c.dict {
            for v in &mut d.values {
                if let std::borrow::Cow::Owned(shown) = crate::text::visible(v) {
                    *v = shown;
                }
            }
        }
    }
    for w in &mut t.warnings {
        w.message = crate::text::visible_owned(std::mem::take(&mut w.message));
    }
    Ok(t)
}

/// The first [`SNIFF_BYTES`] of `reader`: for sniffing and binary detection.
fn read_head<R: Read>(name: &str, reader: &mut R) -> Result<Vec<u8>, LoadError> {
    let mut head = Vec::with_capacity(SNIFF_BYTES);
    reader
        .take(SNIFF_BYTES as u64)
        .read_to_end(&mut head)
        .map_err(|e| LoadError::Io {
            file: name.to_owned(),
            message: e.to_string(),
        })?;
    Ok(head)
}

/// [`read_table`] before the texts are made visible.
fn read_table_any<R: Read>(
    name: &str,
    mut reader: R,
    size: Option<u64>,
    progress: &mut dyn FnMut(u64),
) -> Result<Table, LoadError> {
    let head = read_head(name, &mut reader)?;
    if head.starts_with(&GZIP_MAGIC) {
        // A `.csv.gz`: read through the decompressor; progress counts the compressed bytes.
        let compressed = Counting {
            inner: Cursor::new(head).chain(reader),
            read: 0,
            progress,
        };
        let mut decoded = flate2::read::MultiGzDecoder::new(compressed);
        let damaged = |e: LoadError| match e {
            LoadError::Io { file, message } => LoadError::Io {
                file,
                message: format!("the gzip data is damaged or cut short ({message})"),
            },
            other => other,
        };
        let inner = read_head(name, &mut decoded).map_err(damaged)?;
        let mut t = read_table_text(name, inner, decoded, None, &mut |_| {}).map_err(damaged)?;
        t.warnings.insert(
            0,
            Warning {
                file: name.to_owned(),
                row: None,
                column: None,
                message: "gzip-compressed: decompressed while reading".to_owned(),
            },
        );
        return Ok(t);
    }
    progress(head.len() as u64);
    read_table_text(name, head, reader, size, progress)
}

/// [`read_table_any`] once the head is read and is not gzip: UTF-16 decoded, else read as it is.
fn read_table_text<R: Read>(
    name: &str,
    head: Vec<u8>,
    reader: R,
    size: Option<u64>,
    progress: &mut dyn FnMut(u64),
) -> Result<Table, LoadError> {
    let head_len = head.len() as u64;
    if let Some(little_endian) = super::encoding::utf16(&head) {
        // Decode to UTF-8 on the fly and read that; progress still counts the file's bytes.
        let decoded =
            super::encoding::Utf16Reader::new(Cursor::new(head).chain(reader), little_endian);
        let mut t = read_table_utf8(name, decoded, &mut |_| {}, head_len, progress)?;
        t.warnings.insert(
            0,
            Warning {
                file: name.to_owned(),
                row: None,
                column: None,
                message: format!(
                    "encoded as UTF-16 {}: decoded",
                    if little_endian { "LE" } else { "BE" }
                ),
            },
        );
        return Ok(t);
    }
    read_table_head(name, head, reader, size, progress)
}

/// [`read_table`] on a reader already known to be UTF-8 or Latin-1 (a decoded UTF-16 file);
/// `progress_bytes` of the original file were read for the head.
fn read_table_utf8<R: Read>(
    name: &str,
    mut reader: R,
    _unused: &mut dyn FnMut(u64),
    progress_bytes: u64,
    progress: &mut dyn FnMut(u64),
) -> Result<Table, LoadError> {
    let head = read_head(name, &mut reader)?;
    progress(progress_bytes);
    // UTF-16 decodes to a different number of bytes: no size hint.
    read_table_head(name, head, reader, None, progress)
}

/// Header names: trimmed, empty ones named `column_N`, duplicates renamed `name_2`, `name_3`, …
/// (a warning each) in linear time — one hash set of the names taken and a next-suffix counter
/// per name.
fn header_names(
    raw: impl Iterator<Item = String>,
    file: &str,
    warnings: &mut Vec<Warning>,
) -> Vec<String> {
    let mut raw: Vec<String> = raw.collect();
    // Names each wrapped in single quotes (statsmodels' `anes96.csv`: `'popul'`) lose them.
    // (An unnamed first column, R's row names, has no quotes to lose.)
    let quoted = |f: &str| {
        let n = super::parse::trim_cell(f).0;
        n.len() >= 2 && n.starts_with('\'') && n.ends_with('\'')
    };
    let named = || {
        raw.iter()
            .filter(|f| !super::parse::trim_cell(f).0.is_empty())
    };
    if named().next().is_some() && named().all(|f| quoted(f)) {
        for f in raw.iter_mut().filter(|f| quoted(f)) {
            let n = super::parse::trim_cell(f).0;
            *f = n.get(1..n.len() - 1).unwrap_or(n).to_owned();
        }
        warnings.push(Warning {
            file: file.to_owned(),
            row: Some(1),
            column: None,
            message: "every column name is wrapped in single quotes: read without them".to_owned(),
        });
    }
    let mut taken: std::collections::HashSet<String> =
        std::collections::HashSet::with_capacity(raw.len());
    let trimmed: Vec<String> = raw
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let n = super::parse::trim_cell(f).0;
            if n.is_empty() {
                format!("column_{}", i + 1)
            } else {
                n.to_owned()
            }
        })
        .collect();
    // Names as written are reserved first, so a renamed `x_2` never takes a written `x_2`.
    let written: std::collections::HashSet<&str> = trimmed.iter().map(String::as_str).collect();
    let mut next: HashMap<String, usize> = HashMap::new();
    let mut renamed_count = 0usize;
    let mut out = Vec::with_capacity(trimmed.len());
    for n in &trimmed {
        if taken.insert(n.clone()) {
            out.push(n.clone());
            continue;
        }
        let k = next.entry(n.clone()).or_insert(2);
        let mut candidate = format!("{n}_{k}");
        while taken.contains(&candidate) || written.contains(candidate.as_str()) {
            *k += 1;
            candidate = format!("{n}_{k}");
        }
        *k += 1;
        taken.insert(candidate.clone());
        renamed_count += 1;
        if renamed_count <= 20 {
            warnings.push(Warning {
                file: file.to_owned(),
                row: Some(1),
                column: Some(candidate.clone()),
                message: format!(
                    "duplicate column name `{}` renamed to `{}`",
                    super::clip(n),
                    super::clip(&candidate)
                ),
            });
        }
        out.push(candidate);
    }
    if renamed_count > 20 {
        warnings.push(Warning {
            file: file.to_owned(),
            row: Some(1),
            column: None,
            message: format!("{renamed_count} duplicate column names renamed in all"),
        });
    }
    out
}

/// [`read_table`] once the head (the first [`SNIFF_BYTES`]) has been read and is known not to be
/// UTF-16.
fn read_table_head<R: Read>(
    name: &str,
    head: Vec<u8>,
    reader: R,
    size: Option<u64>,
    progress: &mut dyn FnMut(u64),
) -> Result<Table, LoadError> {
    let io_err = |e: std::io::Error| LoadError::Io {
        file: name.to_owned(),
        message: e.to_string(),
    };
    let head_len = head.len() as u64;
    if let Some(pos) = head.iter().position(|&b| b == 0) {
        return Err(LoadError::Binary {
            file: name.to_owned(),
            byte: pos as u64,
        });
    }
    let bom = head.starts_with(&[0xEF, 0xBB, 0xBF]);
    let body = if bom { &head[3..] } else { &head[..] };
    // Excel's `sep=;` first line names the delimiter and is not data.
    let hint = excel_sep(body);
    let body = body.get(hint.map_or(0, |h| h.1)..).unwrap_or(&[]);
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(LoadError::Empty {
            file: name.to_owned(),
        });
    }
    // `# …` lines before the header are comments; the last may hold the names.
    let comments = super::header::leading_comments(body);
    let rest = body.get(comments.map_or(0, |c| c.len)..).unwrap_or(&[]);
    let delimiter = hint.map_or_else(|| sniff_delimiter(rest), |h| h.0);
    let number_style = NumberStyle::sniff(rest, delimiter);
    let comment_names = comments.is_some_and(|c| {
        comment_names_columns(
            body.get(c.last_text..).unwrap_or(&[]),
            delimiter,
            number_style,
        )
    });
    let skip = comments.map_or(0, |c| if comment_names { c.last_text } else { c.len });
    let body = body.get(skip..).unwrap_or(&[]);
    let start = u64::from(bom) * 3 + hint.map_or(0, |h| h.1 as u64) + skip as u64;
    let mut counting = Counting {
        inner: reader,
        read: head_len,
        progress,
    };
    let mut chained = Cursor::new(&head[..]).chain(&mut counting);
    if start > 0 {
        std::io::copy(&mut (&mut chained).take(start), &mut std::io::sink()).map_err(io_err)?;
    }
    let spaced = delimiter == b' ';
    let mut rdr = super::records::Records::new(Source::new(chained, spaced), delimiter);

    let mut latin1 = false;
    let mut warnings = Vec::new();
    if let Some((d, _)) = hint {
        let shown = match d {
            b'\t' => "a tab".to_owned(),
            b' ' => "a space".to_owned(),
            d => format!("`{}`", char::from(d)),
        };
        warnings.push(Warning {
            file: name.to_owned(),
            row: None,
            column: None,
            message: format!(
                "the first line is a spreadsheet's delimiter hint (`sep=`): {shown} separates the columns, and the line is not read as data"
            ),
        });
    }
    if let Some(c) = comments {
        warnings.push(super::header::comments_warning(
            name,
            c.lines,
            comment_names,
        ));
    }
    if spaced {
        warnings.push(Warning {
            file: name.to_owned(),
            row: None,
            column: None,
            message: "no comma, semicolon, tab or pipe separates every line alike, but runs of spaces do: read as space-separated columns".to_owned(),
        });
    }
    let csv_err = |e: std::io::Error, row: usize| LoadError::Csv {
        file: name.to_owned(),
        row,
        message: e.to_string(),
    };
    // Header.
    let Some(record) = rdr.next_record().map_err(|e| csv_err(e, 1))? else {
        return Err(LoadError::Empty {
            file: name.to_owned(),
        });
    };
    let first: Vec<String> = record
        .iter()
        .map(|f| super::encoding::decode(f, &mut latin1).into_owned())
        .collect();
    // A first line of numbers is data, not names (`header`): positional names, and the line
    // is row 1.
    let cut = head_len as usize >= SNIFF_BYTES;
    let headerless = super::header::first_line_is_data(&first, number_style)
        || super::header::first_line_recurs(body, &first, number_style);
    // A header one name short of every row leaves the first column (row names) unnamed.
    let unnamed_first = !headerless && header_lacks_row_names(body, delimiter, first.len(), cut);
    let names = if headerless {
        warnings.push(super::header::headerless_warning(name, first.len()));
        super::header::positional_names(first.len())
    } else {
        if unnamed_first {
            warnings.push(super::header::row_names_warning(name, first.len()));
        }
        let unnamed = unnamed_first.then(String::new);
        header_names(
            unnamed
                .into_iter()
                .chain(first.iter().map(|f| crate::text::visible_owned(f.clone()))),
            name,
            &mut warnings,
        )
    };
    let width = names.len();
    let mut builders: Vec<ColumnBuilder> = names
        .into_iter()
        .map(|n| ColumnBuilder::new(n, number_style))
        .collect();
    if headerless {
        for (b, f) in builders.iter_mut().zip(&first) {
            b.push(f, 1);
        }
    }

    let mut st = Rows {
        data_rows: usize::from(headerless),
        first_row: if headerless { 1 } else { 2 },
        ragged: 0,
        first_ragged: None,
        ragged_alike: true,
        latin1,
        warnings,
    };
    let mut more = read_rows(&mut rdr, &mut builders, &mut st, name)?;
    if let (true, Some(size)) = (more, size) {
        // Bytes the first batch took: those handed to the record reader minus those it holds.
        let given = rdr.get_ref().get_ref().get_ref().1.read;
        let used = given.saturating_sub(rdr.buffered() as u64);
        let rows = st.data_rows as u64;
        if used > 0 && rows > 0 && size > used {
            // 2 % over the estimate: a little spare beats one more doubling of every column.
            let estimate = (size as f64 / used as f64 * rows as f64 * 1.02) as u64;
            // At most the file's size in column storage: first rows much shorter than the
            // rest must not reserve gigabytes (a wasm worker aborts when out of memory).
            let per_row: u64 = builders.iter().map(|b| b.bytes_per_row() as u64).sum();
            let cap = size / per_row.max(1);
            let more_rows = usize::try_from(estimate.min(cap).saturating_sub(rows)).unwrap_or(0);
            for b in &mut builders {
                b.reserve(more_rows);
            }
        }
    }
    while more {
        more = read_rows(&mut rdr, &mut builders, &mut st, name)?;
    }
    let Rows {
        data_rows,
        first_row,
        ragged,
        first_ragged,
        ragged_alike,
        latin1,
        mut warnings,
    } = st;
    let bytes = counting.read;
    if data_rows == 0 {
        return Err(LoadError::HeaderOnly {
            file: name.to_owned(),
        });
    }
    if let Some((row, found)) = first_ragged {
        if ragged == data_rows && ragged_alike && data_rows >= 2 {
            return Err(LoadError::HeaderWidth {
                file: name.to_owned(),
                expected: width,
                found,
                rows: data_rows,
            });
        }
        // Every row from the first ragged one on, wider alike: a preamble above the table.
        let from_there = (data_rows + first_row).saturating_sub(row);
        if ragged_alike && found > width && ragged == from_there && ragged * 2 > data_rows {
            return Err(LoadError::Preamble {
                file: name.to_owned(),
                row,
                expected: width,
                found,
                count: ragged,
            });
        }
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
        columns: builders
            .into_iter()
            .map(|b| b.finish(&mut warnings, name))
            .collect(),
        number_style,
        delimiter,
        latin1,
        bytes,
        warnings,
        headerless,
    })
}

/// `true` when the data rows in `body` (the head of a file: at least two, the last left out when
/// the head `cut` it short) all have one field more than the header's `width`, and their first
/// fields all differ: the header has no name for a first column of row names. R's `write.table`
/// writes its row names so, and pandas' `to_csv(sep=' ')` an index without a name (the
/// collapsed spaces swallow its empty name). pandas' `read_csv` reads such a file the same way.
fn header_lacks_row_names(body: &[u8], delimiter: u8, width: usize, cut: bool) -> bool {
    /// Rows of the head looked at.
    const ROWS: usize = 200;
    let mut rdr =
        super::records::Records::new(Source::new(Cursor::new(body), delimiter == b' '), delimiter);
    let mut firsts: std::collections::HashSet<Vec<u8>> = std::collections::HashSet::new();
    // Per data row: one field wider than the header, with a first field not seen before.
    let mut fits: Vec<bool> = Vec::new();
    let mut header = true;
    while let Ok(Some(record)) = rdr.next_record() {
        if std::mem::take(&mut header) {
            continue;
        }
        if fits.last() == Some(&false) {
            return false;
        }
        let first = record.iter().next().unwrap_or_default();
        fits.push(record.len() == width + 1 && firsts.insert(first.to_vec()));
        if fits.len() > ROWS {
            break;
        }
    }
    // The record the head cuts short (or the one past `ROWS`) is left out.
    if cut || fits.len() > ROWS {
        fits.pop();
    }
    fits.len() >= 2 && fits.iter().all(|&f| f)
}

/// `true` when the text of a file's last comment line, at the start of `text`, names the columns
/// of the line after it: as many fields, the comment's not data and the next line's data
/// (`# a,b,c` over `1.5,2,3`, as `np.savetxt(header="a,b,c")` writes).
fn comment_names_columns(text: &[u8], delimiter: u8, style: NumberStyle) -> bool {
    let mut rdr =
        super::records::Records::new(Source::new(Cursor::new(text), delimiter == b' '), delimiter);
    let mut fields = || -> Option<Vec<String>> {
        let record = rdr.next_record().ok()??;
        Some(
            record
                .iter()
                .map(|f| String::from_utf8_lossy(f).into_owned())
                .collect(),
        )
    };
    let (Some(names), Some(row)) = (fields(), fields()) else {
        return false;
    };
    names.len() == row.len()
        && super::header::first_line_is_data(&row, style)
        && !super::header::first_line_is_data(&names, style)
}

/// The bytes of a file as the record reader takes them: as they are, or with runs of spaces
/// collapsed for a space-separated file ([`super::spaced::Collapse`]).
enum Source<R> {
    Plain(R),
    Spaced(super::spaced::Collapse<R>),
}

impl<R: Read> Source<R> {
    fn new(inner: R, spaced: bool) -> Self {
        if spaced {
            Source::Spaced(super::spaced::Collapse::new(inner))
        } else {
            Source::Plain(inner)
        }
    }

    fn get_ref(&self) -> &R {
        match self {
            Source::Plain(r) => r,
            Source::Spaced(c) => c.get_ref(),
        }
    }
}

impl<R: Read> Read for Source<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        match self {
            Source::Plain(r) => r.read(buf),
            Source::Spaced(c) => c.read(buf),
        }
    }
}

/// The state of [`read_rows`] between batches.
struct Rows {
    data_rows: usize,
    /// The spreadsheet row of the first data row: 2 below a header, 1 without one.
    first_row: usize,
    ragged: usize,
    first_ragged: Option<(usize, usize)>,
    /// Every ragged row so far has as many fields as the first one.
    ragged_alike: bool,
    latin1: bool,
    warnings: Vec<Warning>,
}

/// Records read per call of [`read_rows`].
const ROWS_PER_CALL: usize = 4096;

/// Reads up to [`ROWS_PER_CALL`] records into the column builders; `false` at the end of the file.
///
/// # Remarks
/// One call per batch rather than one loop over the whole file, so that V8, which swaps a wasm
/// function for its optimised compilation only between calls, never runs a whole file in the
/// baseline code. (Measured under Node, the batching itself made no difference to the parse.)
#[inline(never)]
fn read_rows<R: Read>(
    rdr: &mut super::records::Records<R>,
    builders: &mut [ColumnBuilder],
    st: &mut Rows,
    name: &str,
) -> Result<bool, LoadError> {
    let width = builders.len();
    for _ in 0..ROWS_PER_CALL {
        let row = st.data_rows + st.first_row;
        let record = match rdr.next_record() {
            Ok(Some(r)) => r,
            Ok(None) => return Ok(false),
            Err(e) => {
                return Err(LoadError::Csv {
                    file: name.to_owned(),
                    row,
                    message: e.to_string(),
                })
            }
        };
        st.data_rows += 1;
        if record.len() != width {
            // A line of only delimiters/blank is an empty line, not a ragged row.
            if record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) && record.len() <= 1 {
                st.data_rows -= 1;
                continue;
            }
            st.ragged += 1;
            let (_, first_found) = *st.first_ragged.get_or_insert((row, record.len()));
            st.ragged_alike &= first_found == record.len();
            if st.ragged <= MAX_ROW_WARNINGS {
                st.warnings.push(Warning {
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
        // Validate the record's UTF-8 once (delimiters and quotes are ASCII, so it is valid
        // exactly when every field is), then slice each field out of it; fall back to per-field
        // Latin-1 decoding.
        match std::str::from_utf8(record.bytes()) {
            Ok(whole) => {
                for (i, b) in builders.iter_mut().enumerate() {
                    let s = record.range(i).and_then(|r| whole.get(r)).unwrap_or("");
                    b.push(s, row);
                }
            }
            Err(_) => {
                for (b, f) in builders.iter_mut().zip(record.iter()) {
                    let s = super::encoding::decode(f, &mut st.latin1);
                    b.push(&s, row);
                }
            }
        }
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(name: &str, bytes: &[u8]) -> Result<Table, LoadError> {
        read_table(name, bytes, &mut |_| {})
    }

    /// The size hint only changes how the columns grow: the table is the same with it, without
    /// it, with a wrong one, and when the first rows are much shorter than the rest (the
    /// reserve is capped by the file's size and the spare given back).
    #[test]
    fn a_size_hint_never_changes_the_table() {
        let mut regular = String::from("x,c,t,n\n");
        for i in 0..20_000 {
            let missing = if i % 7 == 0 { "" } else { "2.5" };
            regular.push_str(&format!(
                "{},k{},2026-01-{:02},{missing}\n",
                i as f64 / 8.0,
                i % 3,
                i % 28 + 1
            ));
        }
        let mut growing = String::from("a,b\n");
        for i in 0..12_000 {
            let text = if i < 5_000 {
                "s".to_owned()
            } else {
                "long text ".repeat(20)
            };
            growing.push_str(&format!("{i},{text}\n"));
        }
        for csv in [regular, growing] {
            // Compared as text: missing values are NaN, which `==` never equals.
            let want = format!("{:?}", load("t.csv", csv.as_bytes()).unwrap());
            let len = csv.len() as u64;
            for size in [Some(len), Some(len * 50), Some(len / 50), Some(1), None] {
                let got = read_table_sized("t.csv", csv.as_bytes(), size, &mut |_| {}).unwrap();
                assert!(format!("{got:?}") == want, "size hint {size:?}");
                for c in &got.columns {
                    if let Some(v) = &c.numbers {
                        assert!(v.capacity() <= v.len() + v.len() / 4 + 4096, "{}", c.name);
                    }
                }
            }
        }
    }

    #[test]
    fn a_warning_reads_as_one_line() {
        let w = Warning {
            file: "p.csv".into(),
            row: Some(17),
            column: Some("x".into()),
            message: "1 cell is not a number".into(),
        };
        assert_eq!(
            w.to_string(),
            "p.csv row 17 column x: 1 cell is not a number"
        );
        let w = Warning {
            file: String::new(),
            row: None,
            column: None,
            message: "m".into(),
        };
        assert_eq!(w.to_string(), "m");
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
    fn a_gzip_file_reads_as_its_text_and_damage_is_named() {
        use std::io::Write;
        let text = "x,city\n1.5,Köln\n2.5,Bonn\n";
        let gz = |s: &[u8]| {
            let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
            e.write_all(s).unwrap();
            e.finish().unwrap()
        };
        let plain = load("p.csv", text.as_bytes()).unwrap();
        let mut seen = Vec::new();
        let packed = gz(text.as_bytes());
        let t = read_table("p.csv.gz", packed.as_slice(), &mut |n| seen.push(n)).unwrap();
        assert_eq!(t.columns, plain.columns);
        assert_eq!(t.rows, 2);
        assert_eq!(
            t.warnings[0].message,
            "gzip-compressed: decompressed while reading"
        );
        // Progress counts the compressed bytes, never backwards.
        assert_eq!(seen.last(), Some(&(packed.len() as u64)));
        assert!(seen.windows(2).all(|w| w[0] <= w[1]));
        // Cut short: a clear error naming the file, not a panic or a partial table.
        let err = load("p.csv.gz", &packed[..packed.len() - 9]).unwrap_err();
        assert!(
            matches!(&err, LoadError::Io { file, message } if file == "p.csv.gz" && message.contains("damaged or cut short")),
            "{err:?}"
        );
        // A UTF-16 file inside the gzip is decoded too.
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let t = load("w.csv.gz", &gz(&utf16)).unwrap();
        assert_eq!(t.columns, plain.columns);
    }

    #[test]
    fn excels_sep_hint_names_the_delimiter_and_is_not_data() {
        let plain = load("p.csv", "age;income\n31;1,5\n42;2,5\n".as_bytes()).unwrap();
        for (file, name) in [
            ("sep=;\nage;income\n31;1,5\n42;2,5\n", "a.csv"),
            ("SEP=;\r\nage;income\r\n31;1,5\r\n42;2,5\r\n", "b.csv"),
            ("\u{feff}sep=;\nage;income\n31;1,5\n42;2,5\n", "c.csv"),
        ] {
            let t = load(name, file.as_bytes()).unwrap();
            assert_eq!(t.delimiter, b';', "{name}");
            assert_eq!(t.columns, plain.columns, "{name}");
            assert!(t.warnings[0]
                .message
                .contains("delimiter hint (`sep=`): `;` separates"));
        }
        // A tab hint; and a first line that only looks like one is the header.
        let t = load("t.csv", b"sep=\t\na\tb\n1\t2\n").unwrap();
        assert_eq!((t.delimiter, t.columns.len()), (b'\t', 2));
        assert!(t.warnings[0].message.contains("a tab separates"));
        let t = load("h.csv", b"sep=x,y\n1,2\n").unwrap();
        assert_eq!(t.columns[0].name, "sep=x");
        assert!(matches!(
            load("e.csv", b"sep=,\n"),
            Err(LoadError::Empty { .. })
        ));
    }

    #[test]
    fn a_header_one_name_short_leaves_the_row_names_column_unnamed() {
        // R's write.table: a space-separated, quoted file whose header has no name for the
        // row names.
        let t = load(
            "r.txt",
            b"\"age\" \"plan\"\n\"1\" 34 \"basic\"\n\"2\" 51 \"pro\"\n\"3\" 28 \"basic\"\n",
        )
        .unwrap();
        assert_eq!(t.delimiter, b' ');
        let names: Vec<&str> = t.columns.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["column_1", "age", "plan"]);
        assert_eq!(t.rows, 3);
        assert_eq!(
            t.columns[1].numbers.as_deref(),
            Some(&[34.0, 51.0, 28.0][..])
        );
        let w = t
            .warnings
            .iter()
            .find(|w| w.message.contains("has no name"))
            .unwrap();
        assert_eq!((w.row, w.column.as_deref()), (Some(1), None));
        assert!(w.message.contains("names 2 columns but every row has 3"));
        // The same in a comma file, with text row names; a pandas index under `sep=' '` with a
        // leading space before the names.
        let t = load(
            "c.csv",
            b"x,y
Mazda RX4,1,2
Datsun 710,3,4
Valiant,5,6
",
        )
        .unwrap();
        assert_eq!(t.delimiter, b',');
        assert_eq!(t.columns[0].name, "column_1");
        assert_eq!(t.columns[2].numbers.as_deref(), Some(&[2.0, 4.0, 6.0][..]));
        let t = load("p.tsv", b" ID Status T\n0 M 1 100\n1 M 1 5\n2 H 0 30\n").unwrap();
        let names: Vec<&str> = t.columns.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["column_1", "ID", "Status", "T"]);
        // Not when the first fields repeat (a title line one field short, then a header and
        // rows), nor when a single row is wider (that is a ragged row).
        let err = load(
            "t.csv",
            b"Sales report,Q3\nregion,product,amount\nnorth,a,1\nnorth,b,2\n",
        )
        .unwrap_err();
        assert!(matches!(err, LoadError::HeaderWidth { .. }), "{err:?}");
        assert!(!header_lacks_row_names(
            b"a,b\n1,2,3\n4,5\n6,7\n",
            b',',
            2,
            false
        ));
        assert!(header_lacks_row_names(
            b"a,b\n1,2,3\n4,5,6\n",
            b',',
            2,
            false
        ));
        // The row the head cuts short does not count.
        assert!(header_lacks_row_names(
            b"a,b\n1,2,3\n4,5,6\n7,8",
            b',',
            2,
            true
        ));
        assert!(!header_lacks_row_names(
            b"a,b\n1,2,3\n4,5,6\n7,8",
            b',',
            2,
            false
        ));
    }

    #[test]
    fn comment_lines_before_the_header_are_skipped_or_name_the_columns() {
        let plain = load("p.csv", b"age,plan\n34,basic\n51,pro\n").unwrap();
        // A preamble (Google Analytics' exports), with a blank line after it.
        let t = load(
            "ga.csv",
            b"# ----\r\n# All Web Site Data, Audience\r\n# ----\r\n\r\nage,plan\r\n34,basic\r\n51,pro\r\n",
        )
        .unwrap();
        assert_eq!(t.columns, plain.columns);
        assert!(t.warnings[0]
            .message
            .contains("the first 3 lines start with `#`: comments before the header"));
        // np.savetxt(header="a,b"): the comment is the header.
        let t = load("np.csv", b"# a,b\n1.5,2.0\n3.5,4.0\n").unwrap();
        let names: Vec<&str> = t.columns.iter().map(|c| c.name.as_str()).collect();
        assert_eq!((names, t.rows), (vec!["a", "b"], 2));
        assert!(t.warnings[0]
            .message
            .contains("the last one names the columns"));
        // A column named `#` is a header, not a comment.
        let t = load("pk.csv", b"#,Name\n1,Bulbasaur\n2,Ivysaur\n").unwrap();
        assert_eq!(t.columns[0].name, "#");
        assert!(t.warnings.is_empty());
    }

    #[test]
    fn names_wrapped_in_single_quotes_lose_them() {
        let t = load("a.csv", b"'popul'\t'TVnews'\n0\t7\n190\t1\n").unwrap();
        let names: Vec<&str> = t.columns.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["popul", "TVnews"]);
        assert!(t.warnings[0].message.contains("wrapped in single quotes"));
        // Not when only some are; an unnamed first column (row names) does not count.
        let t = load("b.csv", b"'a',b\n1,2\n").unwrap();
        assert_eq!(t.columns[0].name, "'a'");
        let t = load("c.txt", b"'a' 'b'\nx 1 2\ny 3 4\n").unwrap();
        let names: Vec<&str> = t.columns.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["column_1", "a", "b"]);
    }

    #[test]
    fn notes_above_the_table_are_named_as_such() {
        // A BLS export: notes of one field, a blank line, then the table.
        let mut file =
            b"Series Id: LNS14000000Q\nSeasonally Adjusted\nType of data: Percent\n\n".to_vec();
        file.extend_from_slice(b"Year,Period,Value\n");
        for y in 1948..1960 {
            file.extend_from_slice(format!("{y},Q01,3.{}\n", y % 10).as_bytes());
        }
        let err = load("unemp.csv", &file).unwrap_err();
        assert!(
            matches!(
                err,
                LoadError::Preamble {
                    row: 4,
                    expected: 1,
                    found: 3,
                    count: 13,
                    ..
                }
            ),
            "{err:?}"
        );
        assert!(err.to_string().contains("notes or a title above the table"));
    }

    #[test]
    fn a_first_line_narrower_than_every_row_is_named_as_not_the_header() {
        // scikit-learn's breast_cancer.csv: a count line, then rows of 31 fields.
        let err = load("b.csv", b"3,4,malignant,benign\n1,2,3,4,5,6\n2,3,4,5,6,7\n").unwrap_err();
        assert!(
            matches!(
                err,
                LoadError::HeaderWidth {
                    expected: 4,
                    found: 6,
                    rows: 2,
                    ..
                }
            ),
            "{err:?}"
        );
        assert!(err
            .to_string()
            .contains("the first line is not a header row"));
        // Rows ragged in different ways are the ragged-file error.
        let err = load("c.csv", b"a,b,c,d\n1,2\n1,2,3,4,5\n").unwrap_err();
        assert!(matches!(err, LoadError::Ragged { .. }), "{err:?}");
    }

    #[test]
    fn a_stray_token_late_in_a_numeric_column_is_counted_not_fatal() {
        let mut s = String::from("v\n");
        for i in 0..(DICT_CAP_TYPED + 10) {
            s.push_str(&format!("{i}\n"));
        }
        s.push_str("oops\n");
        let t = load("n.csv", s.as_bytes()).unwrap();
        let c = t.column("v").unwrap();
        let nums = c.numbers.as_ref().unwrap();
        assert_eq!(nums.len(), DICT_CAP_TYPED + 11);
        assert!(nums[DICT_CAP_TYPED + 10].is_nan());
        assert_eq!(c.number_invalid.count, 1);
        assert_eq!(
            c.number_invalid.first,
            vec![(DICT_CAP_TYPED + 12, "oops".to_owned())]
        );
        assert_eq!(c.missing, 0);
    }

    #[test]
    fn keeps_text_when_a_numeric_column_turns_out_to_be_text_late() {
        let mut s = String::from("v\n");
        for i in 0..(DICT_CAP_TYPED + 10) {
            s.push_str(&format!("{i}\n"));
        }
        for i in 0..(DICT_CAP_TYPED + 100) {
            s.push_str(&format!("word{i}\n"));
        }
        let t = load("n.csv", s.as_bytes()).unwrap();
        let c = t.column("v").unwrap();
        assert!(c.numbers.is_none());
        let d = c.dict.as_ref().unwrap();
        assert_eq!(d.codes.len(), 2 * DICT_CAP_TYPED + 110);
        assert_eq!(d.values[5], "5");
        assert_eq!(
            d.values.last().unwrap(),
            &format!("word{}", DICT_CAP_TYPED + 99)
        );
    }

    #[test]
    fn duplicate_headers_are_renamed_in_linear_time() {
        let mut s = vec!["x"; 4000].join(",");
        s.push_str(",x_2\n");
        s.push_str(&vec!["1"; 4001].join(","));
        s.push('\n');
        let t0 = std::time::Instant::now();
        let t = load("d.csv", s.as_bytes()).unwrap();
        assert!(t0.elapsed().as_secs_f64() < 5.0, "{:?}", t0.elapsed());
        let names: std::collections::HashSet<&str> =
            t.columns.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names.len(), 4001);
        assert_eq!(t.columns[0].name, "x");
        assert_eq!(t.columns[1].name, "x_3");
        assert_eq!(t.columns[4000].name, "x_2");
        assert!(t
            .warnings
            .iter()
            .any(|w| w.message.contains("3999 duplicate")));
    }

    #[test]
    fn reads_utf16_files_with_and_without_a_bom() {
        let text = "name,value\nMünchen,1.5\nZürich,2\n";
        for (le, bom) in [(true, true), (false, true), (true, false)] {
            let mut bytes: Vec<u8> = Vec::new();
            let units: Vec<u16> = text.encode_utf16().collect();
            if bom {
                bytes.extend(if le { [0xFF, 0xFE] } else { [0xFE, 0xFF] });
            }
            for u in units {
                bytes.extend(if le { u.to_le_bytes() } else { u.to_be_bytes() });
            }
            let t = load("u16.csv", &bytes).unwrap();
            assert_eq!(t.rows, 2);
            assert_eq!(t.columns[0].name, "name");
            assert_eq!(
                t.column("name").unwrap().dict.as_ref().unwrap().values[0],
                "München"
            );
            assert_eq!(t.column("value").unwrap().numbers.as_ref().unwrap()[0], 1.5);
            assert!(t.warnings[0].message.contains("UTF-16"));
        }
    }

    #[test]
    fn slash_dates_are_read_in_the_order_that_fits() {
        let us = load(
            "us.csv",
            b"when,x\n12/1/2010 8:26,1\n12/31/2010 17:05,2\n1/2/2011 9:00,3\n",
        )
        .unwrap();
        let w = us.column("when").unwrap();
        let v = w.datetimes.as_ref().unwrap();
        assert_eq!(
            super::super::datetime::format_datetime(v[1]),
            "2010-12-31T17:05:00"
        );
        assert_eq!(
            super::super::datetime::format_datetime(v[0]),
            "2010-12-01T08:26:00"
        );
        assert!(us
            .warnings
            .iter()
            .any(|w| w.message.contains("month first")));
        let eu = load(
            "eu.csv",
            b"datum;x\n31.12.2024;1,5\n01.02.2025;2\n30.02.2025;3\n",
        )
        .unwrap();
        let d = eu.column("datum").unwrap();
        let v = d.datetimes.as_ref().unwrap();
        assert_eq!(super::super::datetime::format_date(v[1]), "2025-02-01");
        assert!(v[2].is_nan());
        assert_eq!(d.datetime_invalid.count, 1);
        assert_eq!(d.datetime_invalid.first, vec![(4, "30.02.2025".to_owned())]);
        assert!(d.dict.is_some());
    }

    #[test]
    fn semicolon_files_with_decimal_commas_are_numbers() {
        let t = load(
            "p.csv",
            "amount;rate;city\n1.234,5;12,5 %;Köln\n\u{a0}7,25;3 %;Bonn\n".as_bytes(),
        )
        .unwrap();
        assert!(t.number_style.decimal_comma);
        assert_eq!(
            t.column("amount").unwrap().numbers.as_ref().unwrap(),
            &[1234.5, 7.25]
        );
        assert_eq!(
            t.column("rate").unwrap().numbers.as_ref().unwrap(),
            &[0.125, 0.03]
        );
        assert!(t.column("city").unwrap().numbers.is_none());
        assert!(t.warnings.iter().any(|w| w.message.contains("% suffix")));
        assert!(t.warnings.iter().any(|w| w.message.contains("no-break")));
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
