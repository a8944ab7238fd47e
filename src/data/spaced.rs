//! Files whose columns are separated by runs of spaces (SPEC §2): statsmodels' `spector.csv`,
//! `.dat` and `.txt` exports, fixed-width tables, `np.savetxt` with its default delimiter.
//!
//! [`super::load::sniff_delimiter`] calls a file space-separated (returns `b' '`) when none of
//! `,` `;` `\t` `|` splits its first lines alike and runs of spaces split every one of them into
//! the same number (≥ 2) of fields. [`Collapse`] then turns each run of spaces or tabs outside
//! quotes into one space and drops the white space at the start and end of each line, so the CSV
//! reader reads it with `b' '` as its delimiter: `  1   2.5  "a b"` is the three fields `1`,
//! `2.5` and `a b`.
//!
//! Layer 2 (data).

use std::io::Read;

/// The number of fields of each line of `head` split on runs of spaces or tabs outside double
/// quotes (a quote opens only at the start of a field), for the lines that are not blank. The
/// last line is left out when `cut` (the head ends inside it).
pub fn field_counts(head: &[u8], cut: bool) -> Vec<usize> {
    let mut out = Vec::new();
    let (mut fields, mut in_quotes, mut gap) = (0usize, false, true);
    for &b in head {
        if in_quotes {
            in_quotes = b != b'"';
            continue;
        }
        match b {
            b'\n' => {
                if fields > 0 {
                    out.push(fields);
                }
                (fields, gap) = (0, true);
            }
            b' ' | b'\t' | b'\r' => gap = true,
            _ => {
                if gap {
                    fields += 1;
                    in_quotes = b == b'"';
                }
                gap = false;
            }
        }
    }
    if fields > 0 && !cut {
        out.push(fields);
    }
    out
}

/// `true` when runs of white space split every line of `head` (at least two) into the same
/// number, at least two, of fields, or every line after the first into one field more than the
/// first (a header without a name for the row names, as R's `write.table` writes it).
pub fn is_space_separated(head: &[u8], cut: bool) -> bool {
    let counts = field_counts(head, cut);
    match counts.as_slice() {
        [first, rest @ ..] if !rest.is_empty() => {
            let n = rest[0];
            n >= 2
                && rest.iter().all(|&k| k == n)
                && (*first == n || (*first + 1 == n && rest.len() >= 2))
        }
        _ => false,
    }
}

/// A reader that collapses each run of spaces and tabs outside quotes into one space and drops
/// white space at the start and the end of every line (before `\r` or `\n`).
pub struct Collapse<R> {
    inner: R,
    input: Vec<u8>,
    /// Collapsed bytes not yet handed out, from `done` on.
    out: Vec<u8>,
    done: usize,
    in_quotes: bool,
    /// At the start of a line: white space is dropped.
    line_start: bool,
    /// White space seen since the last byte written: one space is due before the next field.
    pending: bool,
    /// The next byte starts a field (a quote there opens a quoted field).
    field_start: bool,
}

impl<R: Read> Collapse<R> {
    /// Wraps `inner`.
    pub fn new(inner: R) -> Self {
        Collapse {
            inner,
            input: vec![0; 64 * 1024],
            out: Vec::with_capacity(128 * 1024),
            done: 0,
            in_quotes: false,
            line_start: true,
            pending: false,
            field_start: true,
        }
    }

    /// The wrapped reader.
    pub fn get_ref(&self) -> &R {
        &self.inner
    }

    /// Collapses the next piece of input into `out`; `false` at the end of the input.
    fn fill(&mut self) -> std::io::Result<bool> {
        self.out.clear();
        self.done = 0;
        while self.out.is_empty() {
            let n = self.inner.read(&mut self.input)?;
            if n == 0 {
                return Ok(false);
            }
            for &b in &self.input[..n] {
                if self.in_quotes {
                    self.out.push(b);
                    self.in_quotes = b != b'"';
                    continue;
                }
                match b {
                    b' ' | b'\t' => {
                        if !self.line_start {
                            self.pending = true;
                            self.field_start = true;
                        }
                    }
                    b'\n' | b'\r' => {
                        self.out.push(b);
                        (self.pending, self.line_start, self.field_start) = (false, true, true);
                    }
                    _ => {
                        if self.pending {
                            self.out.push(b' ');
                            self.pending = false;
                        }
                        self.out.push(b);
                        self.in_quotes = self.field_start && b == b'"';
                        (self.line_start, self.field_start) = (false, false);
                    }
                }
            }
        }
        Ok(true)
    }
}

impl<R: Read> Read for Collapse<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        if self.done >= self.out.len() && !self.fill()? {
            return Ok(0);
        }
        let rest = self.out.get(self.done..).unwrap_or(&[]);
        let n = rest.len().min(buf.len());
        buf[..n].copy_from_slice(&rest[..n]);
        self.done += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collapse(s: &str, piece: usize) -> String {
        struct Pieces<'a>(&'a [u8], usize);
        impl Read for Pieces<'_> {
            fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
                let n = self.0.len().min(self.1).min(buf.len());
                buf[..n].copy_from_slice(&self.0[..n]);
                self.0 = &self.0[n..];
                Ok(n)
            }
        }
        let mut out = String::new();
        Collapse::new(Pieces(s.as_bytes(), piece))
            .read_to_string(&mut out)
            .unwrap();
        out
    }

    #[test]
    fn runs_of_white_space_become_one_space_outside_quotes() {
        let text = "  'OBS'   'GPA'\t x \r\n1  2.66 \"a  b\"  \n\n   3 4   \"q\"\"x y\" z\n";
        let want = "'OBS' 'GPA' x\r\n1 2.66 \"a  b\"\n\n3 4 \"q\"\"x y\" z\n";
        for piece in [1, 2, 3, 7, 1000] {
            assert_eq!(collapse(text, piece), want, "pieces of {piece}");
        }
        // A quote inside a field does not open a quoted field.
        assert_eq!(collapse("5'11\"  x  y\n", 4), "5'11\" x y\n");
        assert_eq!(collapse("   \n \t \n", 2), "\n\n");
    }

    #[test]
    fn space_separated_heads_are_told_from_others() {
        assert!(is_space_separated(
            b"'OBS' 'GPA' 'TUCE'\n1 2.66 20\n2 2.89 22\n",
            false
        ));
        assert!(is_space_separated(
            b"-0.003  0.083\n 0.0188 0.083\n0.02",
            true
        ));
        assert!(is_space_separated(
            b"name score\n\"Ann Lee\" 3\n\"Bo\" 4\n",
            false
        ));
        // One column, free text, a single line: not space-separated.
        assert!(!is_space_separated(b"x\n1\n2\n", false));
        assert!(!is_space_separated(
            b"comment\nthe app is slow\nok\n",
            false
        ));
        assert!(!is_space_separated(b"a b c\n", false));
        assert_eq!(field_counts(b"a b\n\n c d e \n", false), [2, 3]);
    }
}
