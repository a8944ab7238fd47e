//! Reading one cell as a number the way real files write them (SPEC §2, issue "real files").
//!
//! A file is read in one *number style*, decided once per file from its delimiter and its first
//! 64 KiB ([`NumberStyle::sniff`]):
//!
//! | style | decimal mark | thousands separators accepted |
//! |---|---|---|
//! | point (default) | `.` | `,` `'` space, no-break space (U+00A0), narrow no-break space (U+202F) |
//! | comma (a `;`, tab or `|` file whose head has a field like `3,25`) | `,` | `.` `'` space, U+00A0, U+202F |
//!
//! Thousands separators are accepted only in well-formed groups (`1,234,567.5`: a first group of
//! 1–3 digits not starting with `0`, then groups of exactly 3), so `1,5` in a point-style file or
//! `0.125` in a comma-style file is never misread. A trailing `%` (with optional space) is read as a
//! fraction (`12.5 %` → 0.125); whether a whole column carries it is decided when the column is
//! finished (a column where only some cells have `%` counts those cells as invalid).
//!
//! Plain numbers take the fast path (`str::parse::<f64>`, correctly rounded); the styled path only
//! runs for cells that fail it.

/// How numbers are written in one file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct NumberStyle {
    /// `,` is the decimal mark (and `.` a thousands separator).
    pub decimal_comma: bool,
}

/// What the styled reading of a cell needed, besides a plain number.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Styled {
    /// Thousands separators were removed.
    pub grouped: bool,
    /// A decimal comma was read as the decimal mark.
    pub decimal_comma: bool,
    /// A `%` suffix was read (the value is already divided by 100).
    pub percent: bool,
    /// A currency symbol (`$`, `€`, `£`, `¥`) before or after the number was dropped.
    pub currency: bool,
}

impl Styled {
    /// A plain number: nothing special was needed.
    pub const PLAIN: Styled = Styled {
        grouped: false,
        decimal_comma: false,
        percent: false,
        currency: false,
    };
}

/// `true` for the separators accepted between digit groups (besides `,` or `.`).
fn is_space_sep(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}' | '\'')
}

/// Powers of ten that are exact in `f64`.
const POW10: [f64; 19] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18,
];

/// The value of a plain decimal `[+-]digits[.digits]` with at most 18 digits whose digits as an
/// integer `m` are below 2⁵³, else `None` (then `str::parse` decides).
///
/// # Method
/// Clinger's fast path: `m` and `10^k` (k ≤ 18) are exact in `f64`, and IEEE division rounds
/// correctly, so `m / 10^k` is the correctly rounded value of the decimal: the same bits as
/// `str::parse::<f64>` (the tests compare both on every kind of input). Most cells of real files
/// take this path and skip the general parser's work.
pub fn simple_decimal(b: &[u8]) -> Option<f64> {
    let (neg, digits) = match b.first()? {
        b'-' => (true, &b[1..]),
        b'+' => (false, &b[1..]),
        _ => (false, b),
    };
    let mut m: u64 = 0;
    let mut n = 0usize;
    let mut frac = 0usize;
    let mut dot = false;
    for &c in digits {
        match c {
            b'0'..=b'9' => {
                n += 1;
                if n > 18 {
                    return None;
                }
                m = m * 10 + u64::from(c - b'0');
                frac += usize::from(dot);
            }
            b'.' if !dot => dot = true,
            _ => return None,
        }
    }
    if n == 0 || m >= 1 << 53 {
        return None;
    }
    let v = m as f64 / POW10[frac];
    Some(if neg { -v } else { v })
}

impl NumberStyle {
    /// Decides the style of a file from its delimiter and first bytes: comma style when the
    /// delimiter is not `,` and some field is a number written with a decimal comma (`-3,25`,
    /// `0,5`, `1.234,5`).
    pub fn sniff(head: &[u8], delimiter: u8) -> NumberStyle {
        if delimiter == b',' {
            return NumberStyle::default();
        }
        let text = String::from_utf8_lossy(head);
        let decimal_comma = text
            .split([delimiter as char, '\n', '\r'])
            .map(|f| f.trim().trim_matches('"').trim())
            .any(looks_like_decimal_comma);
        NumberStyle { decimal_comma }
    }

    /// Reads `s` (already trimmed, not a missing token) as a number in this style.
    /// `None` when it is not a number.
    pub fn parse(self, s: &str) -> Option<(f64, Styled)> {
        let b = s.as_bytes();
        let first = *b.first()?;
        // In comma style a `.` may be a thousands separator: `1.234` is 1234.
        let dot_grouping = self.decimal_comma && b.contains(&b'.');
        if !dot_grouping
            && (first.is_ascii_digit() || matches!(first, b'+' | b'-' | b'.' | b'i' | b'I'))
        {
            if let Some(v) = simple_decimal(b) {
                return Some((v, Styled::PLAIN));
            }
            if let Ok(v) = s.parse::<f64>() {
                return (!v.is_nan()).then_some((v, Styled::PLAIN));
            }
        }
        self.parse_slow(s)
    }

    fn parse_slow(self, s: &str) -> Option<(f64, Styled)> {
        let mut styled = Styled::PLAIN;
        let mut body = s;
        if let Some(rest) = body.strip_suffix('%') {
            body = rest.trim_end_matches(is_space_sep).trim_end();
            styled.percent = true;
        }
        // `$1,234.50`, `-$5`, `12,50 €`: the amount, with the symbol noted.
        const CURRENCY: [char; 4] = ['$', '€', '£', '¥'];
        let (neg, unsigned) = match body.strip_prefix('-') {
            Some(rest) if rest.starts_with(CURRENCY) => (true, rest),
            _ => (false, body),
        };
        if let Some(rest) = unsigned.strip_prefix(CURRENCY) {
            body = rest.trim_start_matches(is_space_sep);
            styled.currency = true;
        } else if let Some(rest) = body.strip_suffix(CURRENCY) {
            body = rest.trim_end_matches(is_space_sep);
            styled.currency = true;
        }
        if styled.currency && styled.percent {
            return None;
        }
        if neg {
            return self
                .parse_slow(body)
                .filter(|(v, _)| *v >= 0.0)
                .map(|(v, st)| {
                    (
                        -v,
                        Styled {
                            currency: true,
                            ..st
                        },
                    )
                });
        }
        if styled.currency && body.as_bytes().first().is_some_and(u8::is_ascii_digit) {
            if let Ok(v) = body.parse::<f64>() {
                return Some((v, styled));
            }
        }
        let (sign, digits) = match body.as_bytes().first() {
            Some(b'-') => ("-", &body[1..]),
            Some(b'+') => ("", &body[1..]),
            _ => ("", body),
        };
        // U+2212 MINUS SIGN, as some locales write it.
        let (sign, digits) = match digits.strip_prefix('\u{2212}') {
            Some(rest) if sign.is_empty() => ("-", rest),
            _ => (sign, digits),
        };
        if digits.is_empty() {
            return None;
        }
        let (decimal, group_chars): (char, &[char]) = if self.decimal_comma {
            (',', &['.', ' ', '\u{a0}', '\u{202f}', '\u{2009}', '\''])
        } else {
            ('.', &[',', ' ', '\u{a0}', '\u{202f}', '\u{2009}', '\''])
        };
        let (int_part, frac_part) = match digits.rfind(decimal) {
            Some(i) => (&digits[..i], Some(&digits[i + decimal.len_utf8()..])),
            None => (digits, None),
        };
        let mut canonical = String::with_capacity(digits.len() + 1);
        canonical.push_str(sign);
        if int_part.chars().any(|c| group_chars.contains(&c)) {
            let sep = int_part.chars().find(|c| group_chars.contains(c))?;
            let groups: Vec<&str> = int_part.split(sep).collect();
            let well_formed = groups.len() >= 2
                && (1..=3).contains(&groups[0].len())
                && !groups[0].starts_with('0')
                && groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit()))
                && groups[1..].iter().all(|g| g.len() == 3);
            if !well_formed {
                // `1.5` in a comma-style file: not a grouping, a plain number after all.
                if self.decimal_comma && sep == '.' && !styled.percent {
                    return s
                        .parse::<f64>()
                        .ok()
                        .filter(|v| !v.is_nan())
                        .map(|v| (v, Styled::PLAIN));
                }
                return None;
            }
            styled.grouped = true;
            for g in groups {
                canonical.push_str(g);
            }
        } else {
            if !int_part.bytes().all(|b| b.is_ascii_digit()) {
                return plain_with_percent(body, styled);
            }
            canonical.push_str(int_part);
        }
        if let Some(f) = frac_part {
            // Digits, then an optional exponent (`9,3e-05`).
            let (digits, exp) = match f.find(['e', 'E']) {
                Some(i) => (&f[..i], Some(&f[i + 1..])),
                None => (f, None),
            };
            let exp_ok = exp.is_none_or(|e| {
                let e = e.strip_prefix(['+', '-']).unwrap_or(e);
                !e.is_empty() && e.bytes().all(|b| b.is_ascii_digit())
            });
            if !digits.bytes().all(|b| b.is_ascii_digit())
                || !exp_ok
                || (digits.is_empty() && int_part.is_empty())
            {
                return None;
            }
            if self.decimal_comma {
                styled.decimal_comma = true;
            }
            canonical.push('.');
            canonical.push_str(f);
        }
        if canonical.is_empty() || canonical == "-" {
            return None;
        }
        let v: f64 = canonical.parse().ok()?;
        let v = if styled.percent { v / 100.0 } else { v };
        Some((v, styled))
    }
}

/// A `%` cell whose number part is in plain notation (`1e-3%`, `inf`): parsed without grouping.
fn plain_with_percent(body: &str, styled: Styled) -> Option<(f64, Styled)> {
    if !styled.percent {
        return None;
    }
    let v: f64 = body.parse().ok()?;
    (!v.is_nan()).then_some((v / 100.0, styled))
}

/// `-3,25`, `0,5`, `1.234,5`, `12,5%`: a number whose decimal mark is a comma, unambiguously
/// (the digits after the comma are not a group of exactly three, or a `.` group comes first).
fn looks_like_decimal_comma(f: &str) -> bool {
    let f = f.strip_suffix('%').map_or(f, str::trim_end);
    let f = f.strip_prefix(['-', '+']).unwrap_or(f);
    let Some((int, frac)) = f.rsplit_once(',') else {
        return false;
    };
    if int.is_empty() || frac.is_empty() || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let int_digits = int.bytes().all(|b| b.is_ascii_digit());
    // `1.234,5`, `75 359,12` (space, no-break or narrow no-break space, apostrophe): well-formed
    // groups of three after the first.
    let int_grouped = int
        .chars()
        .find(|&c| c == '.' || is_space_sep(c))
        .is_some_and(|sep| {
            let groups: Vec<&str> = int.split(sep).collect();
            (1..=3).contains(&groups[0].len())
                && groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit()))
                && groups[1..].iter().all(|g| g.len() == 3)
        });
    (int_digits || int_grouped) && (frac.len() != 3 || int_grouped || int.starts_with('0'))
}

/// Trims white space at both ends, including no-break and other Unicode spaces; `true` in the
/// second place when a non-ASCII space was removed (worth telling the user).
pub fn trim_cell(s: &str) -> (&str, bool) {
    let b = s.as_bytes();
    let (Some(&first), Some(&last)) = (b.first(), b.last()) else {
        return (s, false);
    };
    let edge = |c: u8| c.is_ascii_whitespace() || c >= 0x80;
    if !edge(first) && !edge(last) {
        return (s, false);
    }
    let space = |c: char| c.is_whitespace() || c == '\u{feff}';
    let start = s.len() - s.trim_start_matches(space).len();
    let t = s[start..].trim_end_matches(space);
    let end = start + t.len();
    let unicode = !s[..start].is_ascii() || !s[end..].is_ascii();
    (t, unicode)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fast_decimal_path_gives_the_bits_of_the_general_parser() {
        let mut st = 0x2545_f491_4f6c_dd1du64;
        let mut next = || {
            st ^= st << 13;
            st ^= st >> 7;
            st ^= st << 17;
            st
        };
        let mut cases: Vec<String> = [
            "0",
            "-0",
            "-0.0",
            "+1",
            "1.",
            ".5",
            "-.5",
            "007.250",
            "9007199254740991",
            "9007199254740992",
            "0.1",
            "0.3",
            "123456789012345678",
            "1234567890123456789",
            "0.000000000000000001",
            "3.14159265358979",
            "1e5",
            "1..2",
            ".",
            "-",
            "+",
            "1.2.3",
            "",
            "12a",
            "١٢",
            "0x10",
            "inf",
            "NaN",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        for _ in 0..20_000 {
            let r = next();
            let int = r % 10u64.pow((r >> 60) as u32 % 12 + 1);
            let frac_digits = (r >> 50) as usize % 10;
            let frac = (r >> 8) % 10u64.pow(frac_digits as u32);
            let sign = ["", "-", "+"][(r >> 40) as usize % 3];
            cases.push(if frac_digits == 0 {
                format!("{sign}{int}")
            } else {
                format!("{sign}{int}.{frac:0frac_digits$}")
            });
        }
        for c in &cases {
            if let Some(v) = simple_decimal(c.as_bytes()) {
                let want: f64 = c.parse().unwrap();
                assert_eq!(v.to_bits(), want.to_bits(), "{c}");
            }
        }
        // The fast path takes the plain cases (and leaves the rest to the general parser).
        assert_eq!(simple_decimal(b"12.3456"), Some(12.3456));
        assert_eq!(
            simple_decimal(b"-0.0").map(f64::to_bits),
            Some((-0.0f64).to_bits())
        );
        assert_eq!(simple_decimal(b"1e5"), None);
        assert_eq!(simple_decimal(b"1234567890123456789"), None);
        assert_eq!(simple_decimal(b"."), None);
    }

    const POINT: NumberStyle = NumberStyle {
        decimal_comma: false,
    };
    const COMMA: NumberStyle = NumberStyle {
        decimal_comma: true,
    };

    fn v(style: NumberStyle, s: &str) -> Option<f64> {
        style.parse(s).map(|(x, _)| x)
    }

    #[test]
    fn plain_numbers_take_the_fast_path() {
        assert_eq!(POINT.parse("1e5"), Some((1e5, Styled::PLAIN)));
        assert_eq!(v(POINT, "-0.5"), Some(-0.5));
        assert_eq!(v(POINT, "+3"), Some(3.0));
        assert_eq!(v(POINT, ".5"), Some(0.5));
        assert_eq!(v(POINT, "inf"), Some(f64::INFINITY));
        assert_eq!(v(POINT, "-inf"), Some(f64::NEG_INFINITY));
        assert_eq!(v(COMMA, "12"), Some(12.0));
        assert_eq!(v(POINT, "abc"), None);
        assert_eq!(v(POINT, "n/a"), None);
        assert_eq!(v(POINT, "1-2"), None);
    }

    #[test]
    fn thousands_separators_only_in_well_formed_groups() {
        let g = POINT.parse("1,234,567.25").unwrap();
        assert_eq!(g.0, 1_234_567.25);
        assert!(g.1.grouped);
        assert_eq!(v(POINT, "-1,234"), Some(-1234.0));
        assert_eq!(v(POINT, "1 234"), Some(1234.0));
        assert_eq!(v(POINT, "1\u{a0}234.5"), Some(1234.5));
        assert_eq!(v(POINT, "1'234'567"), Some(1_234_567.0));
        assert_eq!(v(POINT, "1,5"), None);
        assert_eq!(v(POINT, "12,34"), None);
        assert_eq!(v(POINT, "1,2345"), None);
        assert_eq!(v(POINT, "0,123"), None);
        assert_eq!(v(POINT, "1,234,56"), None);
    }

    #[test]
    fn decimal_commas_in_comma_style() {
        let c = COMMA.parse("3,25").unwrap();
        assert_eq!(c.0, 3.25);
        assert!(c.1.decimal_comma);
        assert_eq!(v(COMMA, "-0,5"), Some(-0.5));
        assert_eq!(v(COMMA, "1.234,5"), Some(1234.5));
        assert_eq!(v(COMMA, "1 234,5"), Some(1234.5));
        assert_eq!(v(COMMA, "1\u{202f}234\u{202f}567,125"), Some(1_234_567.125));
        assert_eq!(v(COMMA, "1.234"), Some(1234.0));
        // Not a grouping: a plain number written by another tool.
        assert_eq!(v(COMMA, "0.125"), Some(0.125));
        assert_eq!(v(COMMA, "1.5"), Some(1.5));
        assert_eq!(v(COMMA, "\u{2212}2,5"), Some(-2.5));
        assert_eq!(v(COMMA, "9,3e-05"), Some(9.3e-5));
        assert_eq!(v(COMMA, "1,5E3"), Some(1500.0));
        assert_eq!(v(COMMA, "1,5e"), None);
    }

    #[test]
    fn currency_symbols_are_dropped() {
        let c = POINT.parse("$1,234.50").unwrap();
        assert_eq!(c.0, 1234.5);
        assert!(c.1.currency && c.1.grouped);
        assert_eq!(v(POINT, "$5"), Some(5.0));
        assert_eq!(v(POINT, "-$5.25"), Some(-5.25));
        assert_eq!(v(COMMA, "12,50 €"), Some(12.5));
        assert_eq!(v(POINT, "£ 3"), Some(3.0));
        assert_eq!(v(POINT, "$"), None);
        assert_eq!(v(POINT, "$abc"), None);
    }

    #[test]
    fn percent_suffix_is_a_fraction() {
        let p = POINT.parse("12.5%").unwrap();
        assert_eq!(p.0, 0.125);
        assert!(p.1.percent);
        assert_eq!(v(POINT, "40 %"), Some(0.4));
        assert_eq!(v(COMMA, "12,5\u{a0}%"), Some(0.125));
        assert_eq!(v(POINT, "-3%"), Some(-0.03));
        assert_eq!(v(POINT, "%"), None);
        assert_eq!(v(POINT, "a%"), None);
    }

    #[test]
    fn sniffs_decimal_commas_only_off_comma_delimiters() {
        assert!(NumberStyle::sniff(b"a;b\n1,5;2\n", b';').decimal_comma);
        assert!(NumberStyle::sniff(b"a\tb\n\"0,125\"\t2\n", b'\t').decimal_comma);
        assert!(NumberStyle::sniff(b"a;b\n1.234,5;2\n", b';').decimal_comma);
        assert!(
            NumberStyle::sniff("a;b\n75 359,12;2\n97\u{a0}827,59;3\n".as_bytes(), b';')
                .decimal_comma
        );
        assert!(!NumberStyle::sniff(b"a;b\n1.5;2\n", b';').decimal_comma);
        assert!(!NumberStyle::sniff(b"a;b\nx,y;2\n", b';').decimal_comma);
        // `1,234` alone is a thousands grouping as likely as a decimal.
        assert!(!NumberStyle::sniff(b"a;b\n1,234;2\n", b';').decimal_comma);
        assert!(!NumberStyle::sniff(b"a,b\n\"1,5\",2\n", b',').decimal_comma);
    }

    #[test]
    fn trims_unicode_spaces_and_says_so() {
        assert_eq!(trim_cell("x"), ("x", false));
        assert_eq!(trim_cell("  x "), ("x", false));
        assert_eq!(trim_cell("\u{a0}12"), ("12", true));
        assert_eq!(trim_cell("12\u{202f}"), ("12", true));
        assert_eq!(trim_cell("é"), ("é", false));
        assert_eq!(trim_cell(""), ("", false));
    }
}
