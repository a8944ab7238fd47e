//! Text measured without a font backend: an estimate of a string's width from per-character
//! em widths (a slight over-estimate for Arial/Helvetica, CJK and emoji one em), and truncation
//! with "…" to a width. Every chart lays out its labels with these, so no plotters call measures
//! text (see [`super::paint`]).

/// `s` with control characters (newlines, tabs, …) replaced by spaces.
pub(crate) fn printable(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// Rough width of one character in ems: wide (CJK, emoji) characters count as one em, the rest as
/// an average sans-serif glyph.
fn char_em(c: char) -> f64 {
    let u = c as u32;
    let wide = (0x1100..=0x115F).contains(&u)
        || (0x2E80..=0xA4CF).contains(&u)
        || (0xAC00..=0xD7A3).contains(&u)
        || (0xF900..=0xFAFF).contains(&u)
        || (0xFE30..=0xFE4F).contains(&u)
        || (0xFF00..=0xFF60).contains(&u)
        || (0x1F300..=0x1FAFF).contains(&u)
        || (0x20000..=0x3FFFD).contains(&u);
    if wide {
        1.0
    } else if matches!(
        c,
        'i' | 'l'
            | 'j'
            | '.'
            | ','
            | ':'
            | ';'
            | '\''
            | '|'
            | '!'
            | ' '
            | 'I'
            | 't'
            | 'f'
            | 'r'
            | '('
            | ')'
            | '['
            | ']'
    ) {
        0.33
    } else if matches!(c, 'm' | 'w' | 'M' | 'W' | '%' | '@') {
        0.85
    } else if c.is_ascii_uppercase() {
        0.66
    } else {
        0.56
    }
}

/// Estimated width in pixels of `s` at font size `size` (a slight over-estimate for Arial/Helvetica).
pub(crate) fn text_width(s: &str, size: f64) -> f64 {
    s.chars().map(char_em).sum::<f64>() * size
}

/// `s` shortened with "…" so that its estimated width at `size` is at most `max_width`.
pub(crate) fn truncate_to_width(s: &str, size: f64, max_width: f64) -> String {
    let s = printable(s);
    if text_width(&s, size) <= max_width {
        return s;
    }
    let ellipsis = text_width("…", size);
    let mut out = String::new();
    let mut w = 0.0;
    for c in s.chars() {
        let cw = char_em(c) * size;
        if w + cw + ellipsis > max_width {
            break;
        }
        w += cw;
        out.push(c);
    }
    let trimmed = out.trim_end();
    format!("{trimmed}…")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncation_keeps_short_text_and_ellipsises_long_text() {
        assert_eq!(truncate_to_width("abc", 10.0, 100.0), "abc");
        let t = truncate_to_width("a very long category name indeed", 10.0, 60.0);
        assert!(t.ends_with('…'), "{t}");
        assert!(text_width(&t, 10.0) <= 60.0);
        assert_eq!(truncate_to_width("a\nb", 10.0, 100.0), "a b");
    }
}
