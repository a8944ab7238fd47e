//! Every number written for people: the model card, the page, the reasons of the drift tests,
//! the chart labels. A leaf module (it uses nothing of the crate), so every layer may use it and
//! one number is written the same way everywhere.
//!
//! | function | for | example |
//! |---|---|---|
//! | [`num`] | the card, the page's tables | `0.031`, `78`, `1.50e-10` |
//! | [`sig`] / [`pair`] | drift reasons (a score never looks equal to its threshold) | `0.0504` vs `0.05` |
//! | [`axis`] / [`axis_distinct`] / [`compact`] | chart ticks and tooltips | `1.5e7`, `41.2k` |
//! | [`share`] / [`percent`] | shares | `12.5 %` (text), `12.5%` (axis) |
//! | [`p_value`] / [`p_short`] | p-values in sentences | `p < 0.001`, `0.041` |
//! | [`points`] / [`plain_points`] | differences of proportions; thresholds in points | `+3.1`, `−16`; `5` |
//! | [`plain`] | ranges in messages | `850`, `0.125` |
//! | [`bytes`] | file sizes | `1.2 MB` |
//! | [`num_or_dash`] / [`share_or_dash`] | table cells that may be absent or not finite | `0.87`, `—` |

/// Short number: 3 decimals below 1, 2 below 1000, none above; scientific below 1e-3; non-finite
/// values as the JSON writes them (`NaN`, `inf`, `-inf`).
pub fn num(v: f64) -> String {
    if !v.is_finite() {
        return if v.is_nan() {
            "NaN".into()
        } else if v > 0.0 {
            "inf".into()
        } else {
            "-inf".into()
        };
    }
    let a = v.abs();
    if a == 0.0 {
        "0".into()
    } else if a < 1e-3 {
        format!("{v:.2e}")
    } else if a < 1.0 {
        trim_zeros(&format!("{v:.3}"))
    } else if a < 1000.0 {
        trim_zeros(&format!("{v:.2}"))
    } else {
        format!("{v:.0}")
    }
}

/// Two decimals (the card's PSI: `0.31`).
pub fn two_decimals(v: f64) -> String {
    format!("{v:.2}")
}

/// `v` with at least `digits` significant digits (all integer digits are kept), trailing zeros
/// trimmed; scientific notation below 1e-3 and from 1e4; `∞`, `−∞`, `NaN`.
pub fn sig(v: f64, digits: usize) -> String {
    if v.is_nan() {
        return "NaN".into();
    }
    if v.is_infinite() {
        return if v > 0.0 {
            "∞".into()
        } else {
            "−∞".into()
        };
    }
    if v == 0.0 {
        return "0".into();
    }
    let a = v.abs();
    if !(1e-3..1e4).contains(&a) {
        let p = digits.saturating_sub(1);
        return format!("{v:.p$e}");
    }
    let decimals = (digits as i32 - 1 - a.log10().floor() as i32).max(0) as usize;
    let s = format!("{v:.decimals$}");
    if s.contains('.') {
        trim_zeros(&s)
    } else {
        s
    }
}

/// Score and threshold written so that they never look equal when they are not (p = 0.0504 vs
/// 0.05 is `0.0504`, not `0.05`): [`sig`] with as many digits as it takes, from 2.
pub fn pair(score: f64, threshold: f64) -> (String, String) {
    let mut digits = 2;
    loop {
        let (a, b) = (sig(score, digits), sig(threshold, digits));
        if a != b || score == threshold || digits >= 17 {
            return (a, b);
        }
        digits += 1;
    }
}

/// Chart labels: `sig` significant digits (1–15), trailing zeros removed; an exponent outside
/// 1e-4 … 1e7 (`1.5e6`, `2.5e-5`); negative zero prints as `0`.
pub fn axis(v: f64, sig: usize) -> String {
    if !v.is_finite() {
        return if v.is_nan() {
            "NaN".into()
        } else if v > 0.0 {
            "∞".into()
        } else {
            "−∞".into()
        };
    }
    if v == 0.0 {
        return "0".into();
    }
    let sig = sig.clamp(1, 15);
    let mag = v.abs().log10().floor();
    if !(-4.0..7.0).contains(&mag) {
        let s = format!("{:.*e}", sig - 1, v);
        // Rust prints `1.500e6`; strip zeros in the mantissa.
        return match s.split_once('e') {
            Some((mant, exp)) => format!("{}e{}", trim_zeros(mant), exp),
            None => s,
        };
    }
    let decimals = (sig as f64 - 1.0 - mag).max(0.0) as usize;
    let s = trim_zeros(&format!("{:.*}", decimals, v));
    if s == "-0" {
        "0".into()
    } else {
        s
    }
}

fn trim_zeros(s: &str) -> String {
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s.to_string()
    }
}

/// Labels for a sorted list of values: the fewest significant digits (3–10) that keep neighbours
/// distinct, so `[0.1, 0.1004]` does not become `0.1, 0.1`.
pub fn axis_distinct(values: &[f64]) -> Vec<String> {
    let mut last = Vec::new();
    for sig in 3..=10 {
        let labels: Vec<String> = values.iter().map(|&v| axis(v, sig)).collect();
        if labels.windows(2).all(|w| w[0] != w[1]) {
            return labels;
        }
        last = labels;
    }
    last
}

/// Compact axis label: `41.2k`, `1.5M`, else [`axis`] with 3 digits.
pub fn compact(v: f64) -> String {
    let a = v.abs();
    if (1e4..1e6).contains(&a) {
        format!("{}k", axis(v / 1e3, 3))
    } else if (1e6..1e9).contains(&a) {
        format!("{}M", axis(v / 1e6, 3))
    } else if (1e9..1e12).contains(&a) {
        format!("{}G", axis(v / 1e9, 3))
    } else {
        axis(v, 3)
    }
}

/// A share in [0, 1] as a percentage for an axis: `decimals` decimals, no space (`12.5%`).
pub fn percent(share: f64, decimals: usize) -> String {
    format!("{:.*}%", decimals, share * 100.0)
}

/// A share in [0, 1] as a percentage in text, one decimal (`12.5 %`).
pub fn share(v: f64) -> String {
    format!("{:.1} %", v * 100.0)
}

/// A figure in a table that may be absent or not computable: [`num`], or `—` (the HTML report;
/// the JSON keeps `NaN`).
pub fn num_or_dash(v: Option<f64>) -> String {
    v.filter(|x| x.is_finite()).map_or_else(|| "—".into(), num)
}

/// [`share`], or `—` when absent or not finite.
pub fn share_or_dash(v: Option<f64>) -> String {
    v.filter(|x| x.is_finite())
        .map_or_else(|| "—".into(), share)
}

/// A cost to 3 significant digits without an exponent (`0.000194`, `0.233`, `1 234`).
pub fn cost(x: f64) -> String {
    if x == 0.0 || !x.is_finite() || x.abs() >= 1.0 {
        return crate::format::num(x);
    }
    let decimals = (2 - x.abs().log10().floor() as i32).clamp(3, 12) as usize;
    format!("{x:.decimals$}")
}

/// A p-value in words: `p < 0.001`, else `p = 0.012` ([`num`]).
pub fn p_value(p: f64) -> String {
    if p < 0.001 {
        "p < 0.001".to_owned()
    } else {
        format!("p = {}", num(p))
    }
}

/// A p-value inside a sentence that already says `p`: `< 0.001`, `0.041`.
pub fn p_short(p: f64) -> String {
    if p < 0.001 {
        "< 0.001".to_owned()
    } else {
        format!("{p:.3}")
    }
}

/// A difference of proportions in percentage points with a sign and a Unicode minus, one
/// decimal (`+3.1`, `−0.4`); `trim` drops a `.0` (`−16`).
pub fn points(diff: f64, trim: bool) -> String {
    let p = if trim {
        (diff * 1000.0).round() / 10.0
    } else {
        diff * 100.0
    };
    let mag = format!("{:.1}", p.abs());
    let mag = if trim {
        mag.strip_suffix(".0").unwrap_or(&mag).to_owned()
    } else {
        mag
    };
    if p < 0.0 {
        format!("−{mag}")
    } else {
        format!("+{mag}")
    }
}

/// A threshold in percentage points without a sign, one decimal at most (`5`, `2.5`).
pub fn plain_points(v: f64) -> String {
    let s = format!("{:.1}", v * 100.0);
    s.strip_suffix(".0").map(str::to_owned).unwrap_or(s)
}

/// A value in a message about a range: whole numbers as such, others with 3 decimals.
pub fn plain(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{x:.0}")
    } else {
        format!("{x:.3}")
    }
}

/// A count with thousands separators: `950`, `12,500`, `1,000,000`.
pub fn count(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A byte count: `512 B`, `1.2 KB`, `3.4 MB`.
pub fn bytes(b: u64) -> String {
    let b = b as f64;
    if b < 1024.0 {
        format!("{b:.0} B")
    } else if b < 1024.0 * 1024.0 {
        format!("{:.1} KB", b / 1024.0)
    } else {
        format!("{:.1} MB", b / 1024.0 / 1024.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_have_thousands_separators() {
        assert_eq!(count(0), "0");
        assert_eq!(count(950), "950");
        assert_eq!(count(1000), "1,000");
        assert_eq!(count(12_500), "12,500");
        assert_eq!(count(1_000_000), "1,000,000");
        assert_eq!(count(123_456_789), "123,456,789");
    }

    #[test]
    fn short_numbers() {
        assert_eq!(num(0.0312), "0.031");
        assert_eq!(num(78.0), "78");
        assert_eq!(num(1.5e-10), "1.50e-10");
        assert_eq!(num(f64::NAN), "NaN");
        assert_eq!(num(12345.6), "12346");
    }

    #[test]
    fn reason_digits_never_hide_a_difference() {
        assert_eq!(sig(0.123456, 2), "0.12");
        assert_eq!(sig(31.0, 2), "31");
        assert_eq!(sig(3.1e-10, 2), "3.1e-10");
        assert_eq!(pair(0.0504, 0.05), ("0.0504".into(), "0.05".into()));
        assert_eq!(pair(0.05, 0.05), ("0.05".into(), "0.05".into()));
    }

    #[test]
    fn axis_trims_and_switches_to_exponent() {
        assert_eq!(axis(30.0, 4), "30");
        assert_eq!(axis(35.25, 4), "35.25");
        assert_eq!(axis(0.123456, 3), "0.123");
        assert_eq!(axis(41234.56, 4), "41235");
        assert_eq!(axis(-0.0001, 3), "-0.0001");
        assert_eq!(axis(1.5e7, 3), "1.5e7");
        assert_eq!(axis(2.5e-5, 3), "2.5e-5");
        assert_eq!(axis(-0.0, 3), "0");
        assert_eq!(axis(-1e-20, 3), "-1e-20");
    }

    #[test]
    fn axis_distinct_adds_digits_until_neighbours_differ() {
        assert_eq!(
            axis_distinct(&[0.1, 0.1004, 0.2]),
            vec!["0.1", "0.1004", "0.2"]
        );
        assert_eq!(axis_distinct(&[10.0, 20.0]), vec!["10", "20"]);
    }

    #[test]
    fn compact_labels() {
        assert_eq!(compact(41234.0), "41.2k");
        assert_eq!(compact(1_500_000.0), "1.5M");
        assert_eq!(compact(12.5), "12.5");
    }

    #[test]
    fn shares_p_values_points_and_bytes() {
        assert_eq!(share(0.125), "12.5 %");
        assert_eq!(percent(0.125, 1), "12.5%");
        assert_eq!(p_value(0.0004), "p < 0.001");
        assert_eq!(p_value(0.0121), "p = 0.012");
        assert_eq!(p_short(0.0412), "0.041");
        assert_eq!(points(-0.16, true), "−16");
        assert_eq!(points(0.054, true), "+5.4");
        assert_eq!(points(0.031, false), "+3.1");
        assert_eq!(points(-0.004, false), "−0.4");
        assert_eq!(plain(850.0), "850");
        assert_eq!(plain_points(0.05), "5");
        assert_eq!(plain_points(0.025), "2.5");
        assert_eq!(bytes(1536), "1.5 KB");
    }

    #[test]
    fn absent_or_non_finite_figures_are_a_dash() {
        assert_eq!(num_or_dash(Some(0.8712)), "0.871");
        assert_eq!(num_or_dash(Some(f64::NAN)), "—");
        assert_eq!(num_or_dash(None), "—");
        assert_eq!(share_or_dash(Some(0.125)), "12.5 %");
        assert_eq!(share_or_dash(Some(f64::INFINITY)), "—");
    }
}
