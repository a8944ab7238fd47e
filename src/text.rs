//! Text from the data made visible: control and invisible formatting characters written as
//! `U+XXXX` (layer 0: uses nothing of the crate).
//!
//! A column name or a category may carry a right-to-left override (`U+202E`) that makes
//! `cod.exe` read as `exe.doc`, a zero-width space that makes two names look equal, or a
//! control character that breaks a terminal. [`visible`] runs once on every text a file brings
//! in (header names, category values, file names, warnings; see `data::load`), so the page,
//! the card, the JSON and the HTML report all show the same escaped text. Tab, line feed and
//! carriage return stay (each export writes them its own way).
//!
//! The characters escaped (Unicode `Cc` and the invisible `Cf` ones): U+0000–U+001F except
//! tab/LF/CR, U+007F–U+009F, U+00AD soft hyphen, U+061C Arabic letter mark, U+180E, U+200B–U+200F
//! (zero-width and directional marks), U+2028/U+2029, U+202A–U+202E (embeddings and overrides),
//! U+2060–U+206F (word joiner, invisible operators, isolates), U+FEFF, U+FFF9–U+FFFB, and the tag
//! characters U+E0000–U+E007F. Reference: Unicode Technical Report #36 (Security Considerations)
//! and the Trojan Source paper (Boucher & Anderson 2021, CVE-2021-42574).

use std::borrow::Cow;

/// Whether `c` is written as `U+XXXX` by [`visible`].
#[must_use]
pub fn is_hidden(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}'
        | '\u{7f}'..='\u{9f}'
        | '\u{ad}' | '\u{61c}' | '\u{180e}'
        | '\u{200b}'..='\u{200f}'
        | '\u{2028}'..='\u{202e}'
        | '\u{2060}'..='\u{206f}'
        | '\u{feff}'
        | '\u{fff9}'..='\u{fffb}'
        | '\u{e0000}'..='\u{e007f}')
}

/// `s` with every hidden character (see the module doc) written as `U+XXXX` (4 to 6 upper-case
/// hex digits); `s` itself, not copied, when it has none.
///
/// # Examples
/// ```
/// use driftcard::text::visible;
///
/// assert_eq!(visible("invoice\u{202e}fdp.exe"), "invoiceU+202Efdp.exe");
/// assert_eq!(visible("a\u{200b}b"), "aU+200Bb");
/// assert_eq!(visible("plain text\twith a tab"), "plain text\twith a tab");
/// ```
#[must_use]
pub fn visible(s: &str) -> Cow<'_, str> {
    // Fast path: ASCII without controls (the usual header and category).
    if s.bytes()
        .all(|b| (0x20..0x7f).contains(&b) || matches!(b, b'\t' | b'\n' | b'\r'))
        || !s.chars().any(is_hidden)
    {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_hidden(c) {
            out.push_str(&format!("U+{:04X}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// [`visible`] on an owned string, reusing it when nothing changes.
#[must_use]
pub fn visible_owned(s: String) -> String {
    match visible(&s) {
        Cow::Borrowed(_) => s,
        Cow::Owned(o) => o,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_range_is_escaped_and_ordinary_text_is_not() {
        for c in [
            '\u{0}',
            '\u{1b}',
            '\u{7f}',
            '\u{85}',
            '\u{ad}',
            '\u{61c}',
            '\u{200b}',
            '\u{200e}',
            '\u{2028}',
            '\u{202a}',
            '\u{202e}',
            '\u{2066}',
            '\u{2069}',
            '\u{feff}',
            '\u{e0041}',
        ] {
            let s = format!("a{c}b");
            let v = visible(&s);
            assert!(matches!(v, Cow::Owned(_)), "{:04X}", c as u32);
            assert_eq!(v, format!("aU+{:04X}b", c as u32));
        }
        for s in [
            "naïve café",
            "日本語",
            "Ünïcödé €",
            "tab\there",
            "a\nb\r\n",
            "emoji 🎉",
        ] {
            assert!(matches!(visible(s), Cow::Borrowed(_)), "{s}");
        }
        assert_eq!(visible_owned("x\u{202e}".into()), "xU+202E");
    }
}
