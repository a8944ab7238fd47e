//! CSV records, read the way the `csv` crate reads them (RFC 4180 with its leniencies), with a fast
//! path for the common record.
//!
//! Every record is read by one of two paths:
//! - **fast**: the record is in the buffer up to its terminator (`\n` or `\r`) and every field is
//!   either unquoted or a quoted field without `""` escapes, closed right before a delimiter or
//!   the terminator. Its fields are then slices of the buffer: no byte is copied.
//! - **exact**: anything else (an escaped quote, text after a closing quote, a quoted field still
//!   open at the end of the buffer, the last record of a file without a final newline) goes
//!   through [`csv_core::Reader`], the state machine behind the `csv` crate, configured as
//!   `csv::ReaderBuilder` with `flexible(true)` and `has_headers(false)` configures it.
//!
//! Both paths give the same fields as `csv::Reader::read_byte_record` for every input (a
//! property test compares them on random bytes of the characters that matter). The reader
//! starts each record in csv_core's start state: terminator bytes there are skipped (blank
//! lines give no record), so a record read by either path leaves the other able to go on.

use std::io::Read;

/// Bytes asked of the underlying reader at a time (the buffer grows for longer records).
const BLOCK: usize = 1 << 20;
/// A record still unfinished after this many bytes (an unclosed quote, say) is read by the exact
/// path, which streams: the buffer never holds more than about this much of a file.
const FAST_MAX: usize = 8 << 20;

/// Where a record's bytes are: in the input buffer (fast path) or csv_core's output (exact path).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Store {
    Buffer,
    Output,
}

/// A streaming reader of CSV records.
pub struct Records<R> {
    inner: R,
    delimiter: u8,
    buf: Vec<u8>,
    /// Next unread byte of `buf`.
    pos: usize,
    /// Bytes of `buf` filled.
    len: usize,
    eof: bool,
    core: csv_core::Reader,
    out: Vec<u8>,
    ends: Vec<usize>,
    /// The current record's fields: byte ranges into its store.
    bounds: Vec<(usize, usize)>,
    /// The current record's bytes in `buf` (fast path).
    span: (usize, usize),
    store: Store,
}

/// One record: its bytes and its fields.
pub struct Record<'a> {
    bytes: &'a [u8],
    bounds: &'a [(usize, usize)],
}

impl<'a> Record<'a> {
    /// Number of fields.
    pub fn len(&self) -> usize {
        self.bounds.len()
    }
    /// `true` for a record with no field (never returned by [`Records::next_record`]).
    pub fn is_empty(&self) -> bool {
        self.bounds.is_empty()
    }
    /// The bytes holding every field (and, on the fast path, the delimiters and quotes between
    /// them: delimiters and quotes are ASCII, so this is valid UTF-8 exactly when each field is).
    pub fn bytes(&self) -> &'a [u8] {
        self.bytes
    }
    /// Field `i`'s byte range in [`Record::bytes`].
    pub fn range(&self, i: usize) -> Option<std::ops::Range<usize>> {
        self.bounds.get(i).map(|&(a, b)| a..b)
    }
    /// The fields' bytes, in order.
    pub fn iter(&self) -> impl Iterator<Item = &'a [u8]> + '_ {
        let bytes = self.bytes;
        self.bounds.iter().map(move |&(a, b)| &bytes[a..b])
    }
}

impl<R: Read> Records<R> {
    /// Reads records of `inner` separated by `delimiter` (quote `"`, escaped by doubling).
    pub fn new(inner: R, delimiter: u8) -> Self {
        let core = csv_core::ReaderBuilder::new().delimiter(delimiter).build();
        Records {
            inner,
            delimiter,
            buf: vec![0; BLOCK],
            pos: 0,
            len: 0,
            eof: false,
            core,
            out: vec![0; 4096],
            ends: vec![0; 64],
            bounds: Vec::new(),
            span: (0, 0),
            store: Store::Buffer,
        }
    }

    /// The underlying reader.
    pub fn get_ref(&self) -> &R {
        &self.inner
    }

    /// Bytes read from the underlying reader and not yet returned as records.
    pub fn buffered(&self) -> usize {
        self.len - self.pos
    }

    #[cold]
    #[inline(never)]
    /// Moves the unread bytes to the front and reads more (growing the buffer when it is full).
    /// Returns `false` at the end of the input.
    fn refill(&mut self) -> std::io::Result<bool> {
        if self.eof {
            return Ok(false);
        }
        if self.pos > 0 {
            self.buf.copy_within(self.pos..self.len, 0);
            self.len -= self.pos;
            self.pos = 0;
        }
        if self.len == self.buf.len() {
            let n = self.buf.len();
            self.buf.resize(n * 2, 0);
        }
        loop {
            match self.inner.read(&mut self.buf[self.len..]) {
                Ok(0) => {
                    self.eof = true;
                    return Ok(false);
                }
                Ok(n) => {
                    self.len += n;
                    return Ok(true);
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
    }

    /// The next record, or `None` at the end of the input.
    ///
    /// # Errors
    /// The underlying reader's errors.
    pub fn next_record(&mut self) -> std::io::Result<Option<Record<'_>>> {
        loop {
            // csv_core's start state: terminators before a record are skipped.
            while self.pos < self.len && matches!(self.buf[self.pos], b'\r' | b'\n') {
                self.pos += 1;
            }
            if self.pos == self.len && !self.refill()? {
                return Ok(None);
            }
            if self.pos == self.len || matches!(self.buf[self.pos], b'\r' | b'\n') {
                continue;
            }
            match self.fast() {
                Fast::Record => {
                    self.store = Store::Buffer;
                    break;
                }
                Fast::NeedMore if !self.eof && self.len - self.pos < FAST_MAX => {
                    // More bytes, then the fast path again (the exact one at the end).
                    self.refill()?;
                }
                _ => {
                    self.exact()?;
                    break;
                }
            }
        }
        if self.bounds.is_empty() {
            return Ok(None);
        }
        Ok(Some(match self.store {
            Store::Buffer => Record {
                bytes: &self.buf[self.span.0..self.span.1],
                bounds: &self.bounds,
            },
            Store::Output => Record {
                bytes: &self.out[..self.ends_len()],
                bounds: &self.bounds,
            },
        }))
    }

    fn ends_len(&self) -> usize {
        self.bounds.last().map_or(0, |b| b.1)
    }

    /// Tries the fast path at `pos` (not a terminator byte). On success, `bounds` and `span` hold
    /// the record and `pos` is past its terminator byte.
    fn fast(&mut self) -> Fast {
        let (buf, d) = (&self.buf[..self.len], self.delimiter);
        let start = self.pos;
        self.bounds.clear();
        let mut i = start;
        loop {
            // One field starting at `i`.
            if i < buf.len() && buf[i] == b'"' {
                let open = i + 1;
                let Some(close) = buf[open..].iter().position(|&b| b == b'"') else {
                    return Fast::NeedMore;
                };
                let close = open + close;
                let Some(&next) = buf.get(close + 1) else {
                    return Fast::NeedMore;
                };
                self.bounds.push((open - start, close - start));
                if next == d {
                    i = close + 2;
                    continue;
                }
                if next == b'\r' || next == b'\n' {
                    self.span = (start, close + 1);
                    self.pos = close + 2;
                    return Fast::Record;
                }
                // `""` or text after the closing quote.
                return Fast::Exact;
            }
            let rest = &buf[i..];
            match rest
                .iter()
                .position(|&b| b == d || b == b'\r' || b == b'\n')
            {
                None => return Fast::NeedMore,
                Some(k) => {
                    let end = i + k;
                    self.bounds.push((i - start, end - start));
                    if buf[end] == d {
                        i = end + 1;
                    } else {
                        self.span = (start, end);
                        self.pos = end + 1;
                        return Fast::Record;
                    }
                }
            }
        }
    }

    /// Reads one record at `pos` with csv_core (from its start state), refilling as it needs.
    #[cold]
    #[inline(never)]
    fn exact(&mut self) -> std::io::Result<()> {
        use csv_core::ReadRecordResult as R;
        self.core.reset();
        let mut nend = 0usize;
        let mut nout = 0usize;
        loop {
            if self.pos == self.len {
                // At the end, csv_core is told so by an empty input.
                self.refill()?;
            }
            let (res, nin, o, e) = self.core.read_record(
                &self.buf[self.pos..self.len],
                &mut self.out[nout..],
                &mut self.ends[nend..],
            );
            self.pos += nin;
            nout += o;
            nend += e;
            match res {
                R::InputEmpty => {}
                R::OutputFull => {
                    let n = self.out.len();
                    self.out.resize(n * 2, 0);
                }
                R::OutputEndsFull => {
                    let n = self.ends.len();
                    self.ends.resize(n * 2, 0);
                }
                R::Record | R::End => break,
            }
        }
        self.bounds.clear();
        let mut a = 0;
        for &b in &self.ends[..nend] {
            self.bounds.push((a, b));
            a = b;
        }
        self.store = Store::Output;
        Ok(())
    }
}

/// The fast path's outcome.
enum Fast {
    /// A record was read.
    Record,
    /// The buffer ends inside the record.
    NeedMore,
    /// The record needs csv_core.
    Exact,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Gives at most `step` bytes per read (buffer boundaries anywhere).
    struct Trickle<'a>(&'a [u8], usize);
    impl Read for Trickle<'_> {
        fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
            let n = self.1.min(out.len()).min(self.0.len());
            out[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    fn ours(input: &[u8], d: u8, step: usize) -> Vec<Vec<Vec<u8>>> {
        let mut r = Records::new(Trickle(input, step), d);
        let mut all = Vec::new();
        while let Some(rec) = r.next_record().expect("in-memory reads do not fail") {
            all.push(rec.iter().map(<[u8]>::to_vec).collect());
        }
        all
    }

    fn theirs(input: &[u8], d: u8) -> Vec<Vec<Vec<u8>>> {
        let mut r = csv::ReaderBuilder::new()
            .delimiter(d)
            .has_headers(false)
            .flexible(true)
            .from_reader(input);
        let mut rec = csv::ByteRecord::new();
        let mut all = Vec::new();
        while r
            .read_byte_record(&mut rec)
            .expect("in-memory reads do not fail")
        {
            all.push(rec.iter().map(<[u8]>::to_vec).collect());
        }
        all
    }

    #[test]
    fn same_records_as_the_csv_crate_on_random_bytes() {
        // The bytes that matter to a CSV reader, and two others (one of them not ASCII).
        const ALPHABET: &[u8] = b"a,,\"\"\r\n\n; \xc3";
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for case in 0..20_000 {
            let len = (next() % 40) as usize;
            let input: Vec<u8> = (0..len)
                .map(|_| ALPHABET[(next() % ALPHABET.len() as u64) as usize])
                .collect();
            let d = if case % 5 == 0 { b';' } else { b',' };
            let want = theirs(&input, d);
            for step in [1, 3, 7, 1 << 20] {
                assert_eq!(
                    ours(&input, d, step),
                    want,
                    "input {:?}, delimiter {:?}, step {step}",
                    String::from_utf8_lossy(&input),
                    d as char
                );
            }
        }
    }

    #[test]
    fn fast_and_exact_paths_on_typical_files() {
        let cases: &[&[u8]] = &[
            b"a,b,c\n1,2,3\n",
            b"a,b\r\n1,2\r\n\r\n3,4",
            b"\"x\",\"y\"\n\"1\",\"two, three\"\n",
            b"q\n\"multi\nline\"\n\"esc \"\"q\"\"\"\n\"open",
            b"a,b,\n,\n\"\",\"\"\n",
            b"x\"y,\"z\"w\n",
        ];
        for &c in cases {
            for step in [1, 2, 5, 1 << 20] {
                assert_eq!(
                    ours(c, b',', step),
                    theirs(c, b','),
                    "{:?}",
                    String::from_utf8_lossy(c)
                );
            }
        }
    }

    #[test]
    fn long_records_grow_the_buffer_and_unclosed_quotes_stream() {
        let mut long = vec![b'x'; 3 * BLOCK];
        long.extend_from_slice(b",y\nz\n");
        assert_eq!(ours(&long, b',', 1 << 16), theirs(&long, b','));
        let mut open = b"a\n\"".to_vec();
        open.extend(std::iter::repeat_n(b'q', FAST_MAX + 10));
        let got = ours(&open, b',', 1 << 20);
        assert_eq!(got, theirs(&open, b','));
        assert_eq!(got[1][0].len(), FAST_MAX + 10);
    }
}
