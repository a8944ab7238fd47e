//! Builds one column of one file while rows stream in: a numeric reading, a datetime reading and
//! a string dictionary side by side, each reading tolerating stray cells (counted as invalid), until
//! the values show which readings fit (SPEC §2; issue "real files").

use super::load::{FastMap, Warning, DICT_CAP_TYPED};
use super::parse::{trim_cell, NumberStyle};
use super::{
    clip, datetime, is_missing, names, Dict, Invalid, RawColumn, INVALID_EXAMPLES, MISSING_CODE,
};

/// The unit [`ColumnBuilder::epoch_reading`] gives `YYYYMMDD` dates.
const BASIC_DATES: &str = "YYYYMMDD";

/// One typed reading of a column being built (numbers or datetimes).
struct Reading {
    /// One value per row; `NaN` for missing and invalid cells.
    values: Vec<f64>,
    /// Invalid cells: (row index, token id in [`ColumnBuilder::tokens`]), in row order.
    cells: Vec<(u32, u32)>,
    /// The first invalid cells as examples: (spreadsheet row, clipped text).
    first: Vec<(usize, String)>,
}

impl Reading {
    fn new() -> Reading {
        Reading {
            values: Vec::new(),
            cells: Vec::new(),
            first: Vec::new(),
        }
    }
    fn invalid(&self) -> usize {
        self.cells.len()
    }
    fn into_parts(self) -> (Vec<f64>, Invalid) {
        let count = self.cells.len();
        (
            self.values,
            Invalid {
                count,
                first: self.first,
            },
        )
    }
    fn reject(&mut self, idx: u32, token: u32, row: usize, field: &str) {
        self.values.push(f64::NAN);
        self.cells.push((idx, token));
        if self.first.len() < INVALID_EXAMPLES {
            self.first.push((row, clip(field).into_owned()));
        }
    }
}

/// Dates written day and month first (`12/31/2024`, `31.12.2024`), read both ways until the
/// column shows which order it uses.
struct SlashReading {
    /// Month first (`NaN`: missing, or not a valid date that way).
    month_first: Vec<f64>,
    /// Day first.
    day_first: Vec<f64>,
    /// Invalid cells each way: (row index, spreadsheet row, clipped text).
    bad_month_first: Vec<(u32, usize, String)>,
    bad_day_first: Vec<(u32, usize, String)>,
}

impl SlashReading {
    fn reject(v: &mut Vec<(u32, usize, String)>, idx: u32, row: usize, field: &str) {
        // Every invalid cell counts; only the first few keep their text.
        let text = if v.len() < INVALID_EXAMPLES {
            clip(field).into_owned()
        } else {
            String::new()
        };
        v.push((idx, row, text));
    }
}

/// A reading is dropped while the file streams in once this many cells failed it and they are
/// more than half of the non-missing cells so far (a text column stops paying for number parsing).
const KILL_MIN_INVALID: usize = 100;

/// Builds one column while rows stream in.
pub(super) struct ColumnBuilder {
    name: String,
    style: NumberStyle,
    rows: usize,
    missing: usize,
    num: Option<Reading>,
    dt: Option<Reading>,
    slash: Option<SlashReading>,
    codes: Option<Vec<u32>>,
    index: FastMap<u32>,
    values: Vec<String>,
    /// Distinct texts of invalid cells (to rebuild the dictionary if it was dropped).
    tokens: Vec<String>,
    token_index: FastMap<u32>,
    /// Cells read with thousands separators.
    grouped: usize,
    /// Cells read with a currency symbol.
    currency: usize,
    /// Row indices of the cells read with a `%` suffix.
    percent_cells: Vec<u32>,
    /// Cells that had non-ASCII spaces (no-break spaces) around them.
    unicode_trimmed: usize,
}

impl ColumnBuilder {
    pub(super) fn new(name: String, style: NumberStyle) -> Self {
        ColumnBuilder {
            name,
            style,
            rows: 0,
            missing: 0,
            num: Some(Reading::new()),
            dt: Some(Reading::new()),
            slash: Some(SlashReading {
                month_first: Vec::new(),
                day_first: Vec::new(),
                bad_month_first: Vec::new(),
                bad_day_first: Vec::new(),
            }),
            codes: Some(Vec::new()),
            index: FastMap::default(),
            values: Vec::new(),
            tokens: Vec::new(),
            token_index: FastMap::default(),
            grouped: 0,
            currency: 0,
            percent_cells: Vec::new(),
            unicode_trimmed: 0,
        }
    }

    /// Bytes one more row takes in the readings still alive.
    pub(super) fn bytes_per_row(&self) -> usize {
        8 * (usize::from(self.num.is_some()) + usize::from(self.dt.is_some()))
            + 16 * usize::from(self.slash.is_some())
            + 4 * usize::from(self.codes.is_some())
    }

    /// Gives back the room [`ColumnBuilder::reserve`] over-estimated (more than a quarter
    /// unused), so a table never holds much more memory than its values.
    fn release_spare(&mut self) {
        fn fit<T>(v: &mut Vec<T>) {
            if v.capacity() - v.len() > v.len() / 4 + 4096 {
                v.shrink_to_fit();
            }
        }
        for r in [&mut self.num, &mut self.dt].into_iter().flatten() {
            fit(&mut r.values);
        }
        if let Some(sl) = &mut self.slash {
            fit(&mut sl.month_first);
            fit(&mut sl.day_first);
        }
        if let Some(c) = &mut self.codes {
            fit(c);
        }
    }

    /// Room for `rows` more rows in every reading still alive (a reading dropped by then is
    /// not grown again).
    pub(super) fn reserve(&mut self, rows: usize) {
        for r in [&mut self.num, &mut self.dt].into_iter().flatten() {
            r.values.reserve_exact(rows);
        }
        if let Some(sl) = &mut self.slash {
            sl.month_first.reserve_exact(rows);
            sl.day_first.reserve_exact(rows);
        }
        if let Some(c) = &mut self.codes {
            c.reserve_exact(rows);
        }
    }

    fn token(&mut self, field: &str) -> u32 {
        if let Some(&t) = self.token_index.get(field) {
            return t;
        }
        let t = self.tokens.len() as u32;
        self.tokens.push(field.to_owned());
        self.token_index.insert(field.to_owned(), t);
        t
    }

    /// Adds one cell (`row`: the 1-based spreadsheet row, for messages).
    pub(super) fn push(&mut self, raw: &str, row: usize) {
        let (field, unicode) = trim_cell(raw);
        if unicode {
            self.unicode_trimmed += 1;
        }
        let idx = self.rows as u32;
        self.rows += 1;
        if is_missing(field) {
            self.missing += 1;
            for r in [&mut self.num, &mut self.dt].into_iter().flatten() {
                r.values.push(f64::NAN);
            }
            if let Some(sl) = &mut self.slash {
                sl.month_first.push(f64::NAN);
                sl.day_first.push(f64::NAN);
            }
            if let Some(c) = &mut self.codes {
                c.push(MISSING_CODE);
            }
            return;
        }
        let mut typed = false;
        let mut number = false;
        if self.num.is_some() {
            match self.style.parse(field) {
                Some((x, styled)) => {
                    if let Some(r) = &mut self.num {
                        r.values.push(x);
                    }
                    self.grouped += usize::from(styled.grouped);
                    self.currency += usize::from(styled.currency);
                    if styled.percent {
                        self.percent_cells.push(idx);
                    }
                    typed = true;
                    number = true;
                }
                None => {
                    let t = self.token(field);
                    if let Some(r) = &mut self.num {
                        r.reject(idx, t, row, field);
                    }
                }
            }
        }
        if self.dt.is_some() {
            match (!number)
                .then(|| {
                    datetime::parse_datetime(field)
                        .or_else(|| datetime::parse_named_month_date(field))
                })
                .flatten()
            {
                Some(t) => {
                    if let Some(r) = &mut self.dt {
                        r.values.push(t);
                    }
                    typed = true;
                }
                None => {
                    let t = self.token(field);
                    if let Some(r) = &mut self.dt {
                        r.reject(idx, t, row, field);
                    }
                }
            }
        }
        if let Some(sl) = &mut self.slash {
            let (mf, df) = if number {
                (None, None)
            } else {
                datetime::parse_slash_date(field).unwrap_or((None, None))
            };
            sl.month_first.push(mf.unwrap_or(f64::NAN));
            sl.day_first.push(df.unwrap_or(f64::NAN));
            if mf.is_none() {
                SlashReading::reject(&mut sl.bad_month_first, idx, row, field);
            }
            if df.is_none() {
                SlashReading::reject(&mut sl.bad_day_first, idx, row, field);
            }
            let seen = self.rows - self.missing;
            let best = sl.bad_month_first.len().min(sl.bad_day_first.len());
            if best >= KILL_MIN_INVALID && best * 2 > seen {
                self.slash = None;
            }
        }
        // (A slash date is not "typed" for the dictionary: it stays, so the column can still be
        // text if neither order fits.)
        if self.codes.is_some() {
            self.push_code(field);
            if typed && self.values.len() > DICT_CAP_TYPED {
                self.codes = None;
                self.index = FastMap::default();
                self.values = Vec::new();
            }
        }
        // After the dictionary: a reading that dies now rebuilds it including this cell.
        self.kill_failed_readings();
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

    /// Drops a reading once it clearly does not fit (see [`KILL_MIN_INVALID`]).
    fn kill_failed_readings(&mut self) {
        let seen = self.rows - self.missing;
        let failed = |r: &Option<Reading>| {
            r.as_ref()
                .is_some_and(|r| r.invalid() >= KILL_MIN_INVALID && r.invalid() * 2 > seen)
        };
        if failed(&self.num) {
            let r = self.num.take();
            if self.codes.is_none() && self.dt.is_none() {
                if let Some(r) = r {
                    self.rebuild_dict(&r, false);
                }
            }
        }
        if failed(&self.dt) {
            let r = self.dt.take();
            if self.codes.is_none() && self.num.is_none() {
                if let Some(r) = r {
                    self.rebuild_dict(&r, true);
                }
            }
        }
    }

    /// Rebuilds the string dictionary of the rows read so far from a dying reading (`true`:
    /// datetimes): valid values are formatted, invalid cells get their original text back.
    fn rebuild_dict(&mut self, r: &Reading, datetimes: bool) {
        self.index.clear();
        self.values.clear();
        self.codes = Some(Vec::with_capacity(self.rows + 1));
        let mut cells = r.cells.iter().peekable();
        for (i, &v) in r.values.iter().enumerate() {
            if let Some(&(_, t)) = cells.next_if(|(ci, _)| *ci as usize == i) {
                let text = self.tokens.get(t as usize).cloned().unwrap_or_default();
                self.push_code(&text);
            } else if v.is_nan() {
                if let Some(c) = &mut self.codes {
                    c.push(MISSING_CODE);
                }
            } else if datetimes {
                self.push_code(&datetime::format_datetime(v));
            } else {
                self.push_code(&format!("{v}"));
            }
        }
    }

    /// `%` is a format only when every number of the column has it: otherwise the `%` cells
    /// are stray cells.
    fn settle_percent(&mut self) {
        let non_missing = self.rows - self.missing;
        let Some(r) = &mut self.num else { return };
        let valid = non_missing - r.invalid();
        let pct = std::mem::take(&mut self.percent_cells);
        if pct.is_empty() || pct.len() == valid {
            self.percent_cells = pct;
            return;
        }
        let mut tokens = Vec::with_capacity(pct.len());
        for &i in &pct {
            let text = format!("{}%", r.values[i as usize] * 100.0);
            tokens.push((i, text));
        }
        for (i, text) in tokens {
            let t = self.token(&text);
            if let Some(r) = &mut self.num {
                r.values[i as usize] = f64::NAN;
                r.cells.push((i, t));
                if r.first.len() < INVALID_EXAMPLES {
                    r.first.push((i as usize + 2, text));
                }
            }
        }
        if let Some(r) = &mut self.num {
            r.cells.sort_unstable();
            r.first.sort();
            r.first.truncate(INVALID_EXAMPLES);
        }
    }

    /// Day-and-month-first dates become the datetime reading when no ISO reading fits: the order
    /// that reads more values (month first when both read all of them, as US exports write;
    /// day first in a decimal-comma file), said in a note.
    fn slash_reading(&mut self) -> Option<(Reading, String)> {
        if self.dt.is_some() || self.num.is_some() {
            return None;
        }
        let sl = self.slash.take()?;
        let non_missing = self.rows - self.missing;
        let (mf, df) = (sl.bad_month_first.len(), sl.bad_day_first.len());
        let day_first = df < mf || (df == mf && self.style.decimal_comma);
        let (values, bad) = if day_first {
            (sl.day_first, sl.bad_day_first)
        } else {
            (sl.month_first, sl.bad_month_first)
        };
        if non_missing == 0 || (non_missing - bad.len()) * 2 < non_missing {
            return None;
        }
        let ambiguous = mf == df;
        let note = match (day_first, ambiguous) {
            (true, false) => "dates written day first (31/12/2024): read as day/month/year".to_owned(),
            (false, false) => "dates written month first (12/31/2024): read as month/day/year".to_owned(),
            (true, true) => "dates like 1/2/2024 could be either order: read day first (a decimal-comma file); set the kind to text if that is wrong".to_owned(),
            (false, true) => "dates like 1/2/2024 could be either order: read month first (12/31/2024, as US exports write them); set the kind to text if that is wrong".to_owned(),
        };
        let first = bad
            .iter()
            .filter(|(_, _, t)| !t.is_empty())
            .map(|(_, row, t)| (*row, t.clone()))
            .collect();
        let cells = bad.iter().map(|(i, _, _)| (*i, u32::MAX)).collect();
        Some((
            Reading {
                values,
                cells,
                first,
            },
            note,
        ))
    }

    /// Epoch seconds / milliseconds, or `YYYYMMDD` integers ([`datetime::basic_date`]), in a
    /// column named like a timestamp become its datetime reading (the numbers stay too; the kind
    /// is decided over both files).
    fn epoch_reading(&self) -> Option<(Reading, &'static str)> {
        if self.dt.is_some() || !names::looks_like_timestamp(&self.name) {
            return None;
        }
        let r = self.num.as_ref()?;
        let mut v: Vec<f64> = r.values.iter().copied().filter(|x| x.is_finite()).collect();
        if v.is_empty() {
            return None;
        }
        // `20240131`: ISO 8601's basic format, as Stata and many exports write dates.
        if v.iter().all(|&x| datetime::basic_date(x).is_some()) {
            return Some((
                Reading {
                    values: r
                        .values
                        .iter()
                        .map(|&x| datetime::basic_date(x).unwrap_or(f64::NAN))
                        .collect(),
                    cells: r.cells.clone(),
                    first: r.first.clone(),
                },
                BASIC_DATES,
            ));
        }
        let mid = v.len() / 2;
        let (_, m, _) = v.select_nth_unstable_by(mid, f64::total_cmp);
        let scale = datetime::epoch_scale(m.abs())?;
        let unit = if scale == 1.0 {
            "seconds"
        } else if scale == 1e-3 {
            "milliseconds"
        } else if scale == 1e-6 {
            "microseconds"
        } else {
            "nanoseconds"
        };
        Some((
            Reading {
                values: r.values.iter().map(|x| x * scale).collect(),
                cells: r.cells.clone(),
                first: r.first.clone(),
            },
            unit,
        ))
    }

    /// The finished column; notes about how it was read go to `warnings`.
    pub(super) fn finish(mut self, warnings: &mut Vec<Warning>, file: &str) -> RawColumn {
        self.release_spare();
        self.settle_percent();
        let non_missing = self.rows - self.missing;
        // A reading that fits fewer than half of the values is not this column's.
        // (An all-missing column keeps its readings: the other file decides.)
        let fits = |r: &Reading| (non_missing - r.invalid()) * 2 >= non_missing;
        if self.num.as_ref().is_some_and(|r| !fits(r)) {
            if let Some(r) = self.num.take() {
                if self.codes.is_none() && self.dt.as_ref().is_none_or(|d| !fits(d)) {
                    self.rebuild_dict(&r, false);
                }
            }
        }
        if self.dt.as_ref().is_some_and(|r| !fits(r)) {
            if let Some(r) = self.dt.take() {
                if self.codes.is_none() && self.num.is_none() {
                    self.rebuild_dict(&r, true);
                }
            }
        }
        let mut notes = Vec::new();
        if let Some((r, note)) = self.slash_reading() {
            notes.push(note);
            self.dt = Some(r);
        }
        if let Some((r, unit)) = self.epoch_reading() {
            notes.push(if unit == BASIC_DATES {
                "numbers written as dates without separators (YYYYMMDD): read as dates".to_owned()
            } else {
                format!("numbers read as epoch {unit} (Unix time, UTC)")
            });
            self.dt = Some(r);
        }
        if self.num.is_some() {
            if !self.percent_cells.is_empty() {
                notes.push(format!(
                    "every number has a % suffix: read as fractions (12 % → 0.12; {} cells)",
                    self.percent_cells.len()
                ));
            }
            if self.currency > 0 {
                notes.push(format!(
                    "{} numbers written with a currency symbol (read as plain amounts)",
                    self.currency
                ));
            }
            if self.grouped > 0 {
                notes.push(format!(
                    "{} numbers written with thousands separators (read as plain numbers)",
                    self.grouped
                ));
            }
        }
        if self.unicode_trimmed > 0 {
            notes.push(format!(
                "{} cells had no-break or other Unicode spaces around them (trimmed)",
                self.unicode_trimmed
            ));
        }
        for message in notes {
            warnings.push(Warning {
                file: file.to_owned(),
                row: None,
                column: Some(self.name.clone()),
                message,
            });
        }
        let (numbers, number_invalid) = match self.num {
            Some(r) => {
                let (v, i) = r.into_parts();
                (Some(v), i)
            }
            None => (None, Invalid::default()),
        };
        let (datetimes, datetime_invalid) = match self.dt {
            Some(r) => {
                let (v, i) = r.into_parts();
                (Some(v), i)
            }
            None => (None, Invalid::default()),
        };
        RawColumn {
            name: self.name,
            missing: self.missing,
            numbers,
            number_invalid,
            datetimes,
            datetime_invalid,
            dict: self.codes.map(|codes| Dict::new(codes, self.values)),
        }
    }
}
