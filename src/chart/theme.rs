//! Chart colours: a light and a dark theme.
//!
//! # Remarks
//! * Reference and production are **blue and orange** (the Tableau/matplotlib `C0`/`C1` pair), which
//!   stay distinguishable under the common colour-vision deficiencies (deuteranopia, protanopia,
//!   tritanopia). Production bars also carry an outline, so the two series differ in shape as well as
//!   colour where they overlap.
//! * New categories are marked by **hatching and a "new" label**, not by colour alone.
//! * Every text colour meets WCAG 2.1 AA (contrast ≥ 4.5 : 1) against its theme's background; the
//!   unit tests check it with the WCAG relative-luminance formula.

use plotters::style::RGBColor;

/// The colours of a chart. `Copy`, so the UI can keep it in a signal and pass it by value.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Theme {
    /// Fill of the whole drawing area.
    pub background: RGBColor,
    /// Title, legend and tick labels.
    pub text: RGBColor,
    /// Secondary text (axis titles, "−∞"/"+∞" marks).
    pub muted_text: RGBColor,
    /// Horizontal grid lines.
    pub grid: RGBColor,
    /// Axis lines.
    pub axis: RGBColor,
    /// Reference series (filled bars).
    pub reference: RGBColor,
    /// Production series fill.
    pub production: RGBColor,
    /// Production series outline (a darker/lighter shade of `production`).
    pub production_outline: RGBColor,
    /// Hatching, outline and "new" label of categories seen only in production.
    pub new_category: RGBColor,
    /// Opacity of the bar fills (0–1); overlapping histogram bars stay visible through each other.
    pub fill_opacity: f64,
}

impl Theme {
    /// Dark text on white.
    pub fn light() -> Theme {
        Theme {
            background: RGBColor(0xFF, 0xFF, 0xFF),
            text: RGBColor(0x1F, 0x23, 0x28),
            muted_text: RGBColor(0x57, 0x60, 0x6A),
            grid: RGBColor(0xE1, 0xE4, 0xE8),
            axis: RGBColor(0x8C, 0x95, 0x9F),
            reference: RGBColor(0x1F, 0x77, 0xB4),
            production: RGBColor(0xFF, 0x7F, 0x0E),
            production_outline: RGBColor(0xB3, 0x58, 0x06),
            new_category: RGBColor(0x7B, 0x32, 0x94),
            fill_opacity: 0.55,
        }
    }

    /// Light text on a near-black background.
    pub fn dark() -> Theme {
        Theme {
            background: RGBColor(0x16, 0x1B, 0x22),
            text: RGBColor(0xE6, 0xED, 0xF3),
            muted_text: RGBColor(0x9D, 0xA7, 0xB3),
            grid: RGBColor(0x30, 0x36, 0x3D),
            axis: RGBColor(0x6E, 0x76, 0x81),
            reference: RGBColor(0x4E, 0x9B, 0xDB),
            production: RGBColor(0xFF, 0x9F, 0x43),
            production_outline: RGBColor(0xFF, 0xC2, 0x85),
            new_category: RGBColor(0xC3, 0x8F, 0xE8),
            fill_opacity: 0.6,
        }
    }
}

impl Default for Theme {
    fn default() -> Self {
        Theme::light()
    }
}

/// WCAG 2.1 relative luminance of an sRGB colour.
#[cfg(test)]
fn relative_luminance(c: RGBColor) -> f64 {
    let lin = |v: u8| {
        let s = f64::from(v) / 255.0;
        if s <= 0.04045 {
            s / 12.92
        } else {
            ((s + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * lin(c.0) + 0.7152 * lin(c.1) + 0.0722 * lin(c.2)
}

/// WCAG 2.1 contrast ratio (1–21).
#[cfg(test)]
fn contrast_ratio(a: RGBColor, b: RGBColor) -> f64 {
    let (la, lb) = (relative_luminance(a), relative_luminance(b));
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_colours_meet_wcag_aa_in_both_themes() {
        for theme in [Theme::light(), Theme::dark()] {
            for (name, c) in [
                ("text", theme.text),
                ("muted_text", theme.muted_text),
                ("new_category", theme.new_category),
            ] {
                let ratio = contrast_ratio(c, theme.background);
                assert!(
                    ratio >= 4.5,
                    "{name} contrast {ratio:.2} < 4.5 in {theme:?}"
                );
            }
            // Non-text graphics (bars, outlines): WCAG 1.4.11 asks for 3 : 1.
            for (name, c) in [
                ("reference", theme.reference),
                ("production_outline", theme.production_outline),
            ] {
                let ratio = contrast_ratio(c, theme.background);
                assert!(ratio >= 3.0, "{name} contrast {ratio:.2} < 3 in {theme:?}");
            }
        }
    }

    #[test]
    fn contrast_of_black_on_white_is_21() {
        let r = contrast_ratio(RGBColor(0, 0, 0), RGBColor(255, 255, 255));
        assert!((r - 21.0).abs() < 1e-9);
    }
}
