//! Text encodings of an input file: UTF-8 (with or without a byte-order mark), Latin-1 as the
//! fallback for bytes that are not UTF-8, and UTF-16 (LE or BE, with or without a byte-order
//! mark) decoded to UTF-8 while the file streams in.

use std::io::Read;

/// A field as text: UTF-8 when it is valid, else Latin-1 (one char per byte; `latin1` is set).
pub(super) fn decode<'a>(bytes: &'a [u8], latin1: &mut bool) -> std::borrow::Cow<'a, str> {
    match std::str::from_utf8(bytes) {
        Ok(s) => std::borrow::Cow::Borrowed(s),
        Err(_) => {
            *latin1 = true;
            std::borrow::Cow::Owned(bytes.iter().map(|&b| b as char).collect())
        }
    }
}

/// `Some(little_endian)` when the head is UTF-16: a byte-order mark, or (without one) NUL bytes
/// in every other position as ASCII text in UTF-16 has.
pub(super) fn utf16(head: &[u8]) -> Option<bool> {
    match head {
        [0xFF, 0xFE, ..] => return Some(true),
        [0xFE, 0xFF, ..] => return Some(false),
        _ => {}
    }
    let sample = &head[..head.len().min(4096) & !1];
    if sample.len() < 4 {
        return None;
    }
    let pairs = sample.len() / 2;
    let even_nul = sample.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd_nul = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|&&b| b == 0)
        .count();
    if odd_nul * 10 >= pairs * 7 && even_nul * 20 <= pairs {
        Some(true)
    } else if even_nul * 10 >= pairs * 7 && odd_nul * 20 <= pairs {
        Some(false)
    } else {
        None
    }
}

/// UTF-16 (LE or BE, byte-order mark skipped) → UTF-8, streaming. Unpaired surrogates become
/// U+FFFD.
pub(super) struct Utf16Reader<R> {
    inner: R,
    little_endian: bool,
    out: Vec<u8>,
    at: usize,
    pending: Option<u8>,
    high: Option<u16>,
    started: bool,
    done: bool,
}

impl<R: Read> Utf16Reader<R> {
    pub(super) fn new(inner: R, little_endian: bool) -> Self {
        Utf16Reader {
            inner,
            little_endian,
            out: Vec::new(),
            at: 0,
            pending: None,
            high: None,
            started: false,
            done: false,
        }
    }

    fn emit(&mut self, c: char) {
        let mut buf = [0u8; 4];
        self.out
            .extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
    }

    fn unit(&mut self, u: u16) {
        if !self.started {
            self.started = true;
            if u == 0xFEFF {
                return;
            }
        }
        match (self.high.take(), u) {
            (Some(h), 0xDC00..=0xDFFF) => {
                let c = 0x10000 + ((u32::from(h) - 0xD800) << 10) + (u32::from(u) - 0xDC00);
                self.emit(char::from_u32(c).unwrap_or('\u{fffd}'));
            }
            (h, 0xD800..=0xDBFF) => {
                if h.is_some() {
                    self.emit('\u{fffd}');
                }
                self.high = Some(u);
            }
            (h, _) => {
                if h.is_some() {
                    self.emit('\u{fffd}');
                }
                self.emit(char::from_u32(u32::from(u)).unwrap_or('\u{fffd}'));
            }
        }
    }
}

impl<R: Read> Read for Utf16Reader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        while self.at >= self.out.len() {
            if self.done {
                return Ok(0);
            }
            self.out.clear();
            self.at = 0;
            let mut raw = [0u8; 64 * 1024];
            let n = self.inner.read(&mut raw)?;
            if n == 0 {
                self.done = true;
                if self.high.take().is_some() || self.pending.take().is_some() {
                    self.emit('\u{fffd}');
                }
                continue;
            }
            let mut bytes = raw[..n].iter().copied();
            loop {
                let a = match self.pending.take() {
                    Some(a) => a,
                    None => match bytes.next() {
                        Some(a) => a,
                        None => break,
                    },
                };
                let Some(b) = bytes.next() else {
                    self.pending = Some(a);
                    break;
                };
                let u = if self.little_endian {
                    u16::from_le_bytes([a, b])
                } else {
                    u16::from_be_bytes([a, b])
                };
                self.unit(u);
            }
        }
        let n = buf.len().min(self.out.len() - self.at);
        buf[..n].copy_from_slice(&self.out[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}
