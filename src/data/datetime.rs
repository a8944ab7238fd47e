//! ISO 8601 dates and datetimes ↔ epoch seconds, without a date crate.
//!
//! Accepted (SPEC §2): `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM`, `YYYY-MM-DDTHH:MM:SS`, with optional
//! fractional seconds (any number of digits, `.` or `,`), a space instead of `T`, `/` instead of
//! `-` in the date, and an optional `Z`, ` UTC`, `±HH`, `±HHMM` or `±HH:MM` offset (converted to
//! UTC). Dates with an English month name (`Jan 1 2000`, `01-Jan-2000`, RFC 2822's `Sat, 01 Jan 2000
//! 12:30:00 GMT`): [`parse_named_month_date`]. Day-first and month-first numeric dates:
//! [`parse_slash_date`]. Epoch seconds and milliseconds are numbers: [`epoch_scale`] reads them.
//! Naive datetimes are taken as UTC, so a report says the same thing on every machine.

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`),
/// shared by the date parser and the time chunks of [`crate::metrics`].
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Inverse of [`days_from_civil`]: days since 1970-01-01 → (year, month, day).
///
/// # Remarks
/// Days beyond ±10¹⁵ (about ±2.7·10¹² years: no date a file can mean, but what a huge or
/// infinite number of seconds saturates to) are clamped there, so the arithmetic never
/// overflows.
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    const LIMIT: i64 = 1_000_000_000_000_000;
    let z = z.clamp(-LIMIT, LIMIT) + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn digits(b: &[u8]) -> Option<i64> {
    if b.is_empty() || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(
        b.iter()
            .fold(0i64, |acc, &c| acc * 10 + i64::from(c - b'0')),
    )
}

fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Parses an ISO 8601 date or datetime into seconds since the Unix epoch (UTC).
/// Returns `None` for anything else (including impossible dates such as `2024-02-30`).
pub fn parse_datetime(s: &str) -> Option<f64> {
    let s = s.strip_suffix(" UTC").unwrap_or(s);
    let b = s.as_bytes();
    if b.len() < 10 || !matches!(b[4], b'-' | b'/') || b[7] != b[4] {
        return None;
    }
    let y = digits(&b[0..4])?;
    let m = u32::try_from(digits(&b[5..7])?).ok()?;
    let d = u32::try_from(digits(&b[8..10])?).ok()?;
    if !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) {
        return None;
    }
    let mut secs = days_from_civil(y, m, d) as f64 * 86_400.0;
    let rest = &b[10..];
    if rest.is_empty() {
        return Some(secs);
    }
    if rest[0] != b'T' && rest[0] != b' ' {
        return None;
    }
    let t = &rest[1..];
    if t.len() < 5 || t[2] != b':' {
        return None;
    }
    let hh = digits(&t[0..2])?;
    let mm = digits(&t[3..5])?;
    let mut i = 5;
    let mut ss = 0.0;
    if t.len() >= 8 && t[5] == b':' {
        ss = digits(&t[6..8])? as f64;
        i = 8;
        if t.len() > 8 && (t[8] == b'.' || t[8] == b',') {
            let start = 9;
            let mut end = start;
            while end < t.len() && t[end].is_ascii_digit() {
                end += 1;
            }
            if end == start {
                return None;
            }
            let frac: f64 = std::str::from_utf8(&t[start..end])
                .ok()?
                .parse::<f64>()
                .ok()?;
            ss += frac / 10f64.powi((end - start) as i32);
            i = end;
        }
    }
    if hh > 23 || mm > 59 || ss >= 61.0 {
        return None;
    }
    secs += (hh * 3600 + mm * 60) as f64 + ss;
    let zone = &t[i..];
    // `2024-01-15 10:00:00 +0000`: a space before the offset.
    let zone = match zone {
        [b' ', rest @ ..] if !rest.is_empty() => rest,
        z => z,
    };
    Some(secs - utc_offset(zone)?)
}

/// The offset from UTC, in seconds, of a zone written `` (none: UTC), `Z`, `±HH`, `±HHMM` or
/// `±HH:MM`.
fn utc_offset(zone: &[u8]) -> Option<f64> {
    let (sign, h1, h2, m) = match zone {
        [] | [b'Z'] | [b'z'] => return Some(0.0),
        [sign @ (b'+' | b'-'), h1, h2] => (sign, h1, h2, None),
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] | [sign @ (b'+' | b'-'), h1, h2, m1, m2] => {
            (sign, h1, h2, Some([*m1, *m2]))
        }
        _ => return None,
    };
    let oh = digits(&[*h1, *h2])?;
    let om = match m {
        Some(m) => digits(&m)?,
        None => 0,
    };
    let off = (oh * 3600 + om * 60) as f64;
    Some(if *sign == b'+' { off } else { -off })
}

/// English month names, in order: a month is its full name, its first three letters or `Sept`.
const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// English weekday names (a date may start with one, which is then checked against nothing).
const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// The index in `names` of `word` written in full or as its first three letters (any case).
fn name_index(names: &[&str], word: &str) -> Option<usize> {
    let w = word.to_ascii_lowercase();
    if w.len() < 3 {
        return None;
    }
    names
        .iter()
        .position(|n| *n == w || (w.len() == 3 && n.starts_with(&w)))
}

/// A date whose month is written as an English name, with an optional time: `Jan 1 2000`
/// (vega's `stocks.csv`), `January 1, 2000`, `1 Jan 2000`, `01-Jan-2000`, `01JAN2000` (SAS's
/// `DATE9.`), `2000-Jan-01`, `Sat, 01 Jan 2000 12:30:00 GMT` (RFC 2822, e-mail and HTTP), `Jan 1st,
/// 2000 3:45 PM` → seconds since the Unix epoch (UTC unless a zone is given). The year has four
/// digits, the day one or two (an ordinal suffix allowed); a leading weekday is skipped. `None`
/// for anything else, and for impossible dates.
pub fn parse_named_month_date(s: &str) -> Option<f64> {
    let s = s.trim();
    if !(8..=48).contains(&s.len()) || !s.bytes().any(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    let words: Vec<&str> = s.split([' ', ',']).filter(|w| !w.is_empty()).collect();
    // The time starts at the first word with a colon.
    let split = words
        .iter()
        .position(|w| w.contains(':'))
        .unwrap_or(words.len());
    let (date_words, time_words) = words.split_at(split);
    let mut parts: Vec<&str> = Vec::with_capacity(4);
    for w in date_words {
        for p in w.split(['-', '/', '.']).filter(|p| !p.is_empty()) {
            // `01JAN2000`: runs of digits and of letters.
            let mut rest = p;
            while let Some(first) = rest.chars().next() {
                let digit = first.is_ascii_digit();
                let end = rest
                    .find(|c: char| c.is_ascii_digit() != digit)
                    .unwrap_or(rest.len());
                parts.push(&rest[..end]);
                rest = &rest[end..];
            }
        }
    }
    // A weekday first; an ordinal suffix after the day's digits.
    if parts
        .first()
        .is_some_and(|w| name_index(&WEEKDAYS, w).is_some())
    {
        parts.remove(0);
    }
    let mut month = None;
    let mut year = None;
    let mut day = None;
    let mut i = 0;
    while i < parts.len() {
        let p = parts[i];
        if p.bytes().all(|b| b.is_ascii_digit()) {
            let suffix = parts.get(i + 1).is_some_and(|n| {
                matches!(n.to_ascii_lowercase().as_str(), "st" | "nd" | "rd" | "th")
            });
            match p.len() {
                4 if year.is_none() && !suffix => year = digits(p.as_bytes()),
                1 | 2 if day.is_none() => {
                    day = digits(p.as_bytes());
                    i += usize::from(suffix);
                }
                _ => return None,
            }
        } else if month.is_none() {
            let sept = p.eq_ignore_ascii_case("sept").then_some(8);
            month = Some(name_index(&MONTHS, p).or(sept)? as u32 + 1);
        } else {
            return None;
        }
        i += 1;
    }
    let (y, m, d) = (year?, month?, u32::try_from(day?).ok()?);
    if d == 0 || d > days_in_month(y, m) {
        return None;
    }
    let date = days_from_civil(y, m, d) as f64 * 86_400.0;
    let (time, zone) = match time_words {
        [] => return Some(date),
        [t] => (t.to_string(), ""),
        [t, ap] if ap.eq_ignore_ascii_case("am") || ap.eq_ignore_ascii_case("pm") => {
            (format!("{t} {ap}"), "")
        }
        [t, z] => (t.to_string(), *z),
        [t, ap, z] => (format!("{t} {ap}"), *z),
        _ => return None,
    };
    let zone = match zone {
        "GMT" | "UTC" | "UT" => "",
        z => z,
    };
    Some(date + clock(&time)? - utc_offset(zone.as_bytes())?)
}

/// Seconds per unit of an epoch column whose median absolute value is `median`: seconds,
/// milliseconds, microseconds or nanoseconds, whichever puts it between 1973 and 2106
/// (`None` when none does: then the numbers are not epoch times).
pub fn epoch_scale(median: f64) -> Option<f64> {
    const LO: f64 = 1.0e8; // 1973-03-03 in seconds
    const HI: f64 = 4.3e9; // 2106-04-07
    [1.0, 1e-3, 1e-6, 1e-9]
        .into_iter()
        .find(|&scale| (LO..HI).contains(&(median * scale)))
}

/// A date written as the integer `YYYYMMDD` (ISO 8601's basic format: `20240131`), years 1900 to
/// 2200 → seconds since the Unix epoch (midnight UTC). `None` for any other number and for
/// impossible dates (`20240230`).
pub fn basic_date(x: f64) -> Option<f64> {
    if x.fract() != 0.0 || !(19_000_101.0..=22_001_231.0).contains(&x) {
        return None;
    }
    let n = x as i64;
    let (y, m, d) = (n / 10_000, (n / 100 % 100) as u32, (n % 100) as u32);
    ((1..=12).contains(&m) && d >= 1 && d <= days_in_month(y, m))
        .then(|| days_from_civil(y, m, d) as f64 * 86_400.0)
}

/// Latest epoch second this tool treats as plausible (2200-01-01): later values (year 9999 and the
/// like) are reported as absurd.
pub const PLAUSIBLE_MAX: f64 = 7_258_118_400.0;
/// Earliest plausible epoch second (1900-01-01).
pub const PLAUSIBLE_MIN: f64 = -2_208_988_800.0;

/// A date written day and month first (`12/31/2024`, `31/12/2024 23:59`, `31.12.2024`,
/// `1/5/2024 3:45 PM`), read both ways: `(month first, day first)`, each `None` where that order
/// gives no valid date. A `.` separator is European (day first only). The column decides the
/// order ([`crate::data::load::read_table`]: the order that reads every value, else month first
/// when both do, and says so).
pub fn parse_slash_date(s: &str) -> Option<(Option<f64>, Option<f64>)> {
    let s = s.trim();
    let (date, time) = match s.split_once([' ', 'T']) {
        Some((d, t)) => (d, Some(t.trim())),
        None => (s, None),
    };
    let sep = date.chars().find(|c| matches!(c, '/' | '.' | '-'))?;
    let mut it = date.split(sep);
    let (a, b, y) = (it.next()?, it.next()?, it.next()?);
    if it.next().is_some()
        || !(1..=2).contains(&a.len())
        || !(1..=2).contains(&b.len())
        || y.len() != 4
    {
        return None;
    }
    let (a, b, y) = (
        digits(a.as_bytes())?,
        digits(b.as_bytes())?,
        digits(y.as_bytes())?,
    );
    let secs = match time {
        None => 0.0,
        Some(t) => clock(t)?,
    };
    let at = |m: i64, d: i64| -> Option<f64> {
        let (m, d) = (u32::try_from(m).ok()?, u32::try_from(d).ok()?);
        ((1..=12).contains(&m) && d >= 1 && d <= days_in_month(y, m))
            .then(|| days_from_civil(y, m, d) as f64 * 86_400.0 + secs)
    };
    let month_first = if sep == '.' { None } else { at(a, b) };
    let day_first = at(b, a);
    (month_first.is_some() || day_first.is_some()).then_some((month_first, day_first))
}

/// `H:MM`, `H:MM:SS`, `H:MM:SS.fff`, with an optional ` AM`/` PM` → seconds after midnight.
fn clock(t: &str) -> Option<f64> {
    let upper = t.to_ascii_uppercase();
    let (t, pm) = match upper
        .strip_suffix("PM")
        .or_else(|| upper.strip_suffix("AM"))
    {
        Some(rest) => (rest.trim_end().to_owned(), Some(upper.ends_with("PM"))),
        None => (upper.clone(), None),
    };
    let mut parts = t.split(':');
    let h = digits(parts.next()?.as_bytes())?;
    let m = digits(parts.next()?.as_bytes())?;
    let sec: f64 = match parts.next() {
        Some(sx) => {
            let v: f64 = sx.parse().ok()?;
            if !sx.as_bytes().first().is_some_and(u8::is_ascii_digit) || !(0.0..61.0).contains(&v) {
                return None;
            }
            v
        }
        None => 0.0,
    };
    if parts.next().is_some() || m > 59 {
        return None;
    }
    let h = match pm {
        Some(_) if !(1..=12).contains(&h) => return None,
        Some(true) => h % 12 + 12,
        Some(false) => h % 12,
        None if h > 23 => return None,
        None => h,
    };
    Some((h * 3600 + m * 60) as f64 + sec)
}

/// `YYYY-MM-DD` of an epoch-seconds value (UTC).
pub fn format_date(epoch_secs: f64) -> String {
    let days = (epoch_secs / 86_400.0).floor() as i64;
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}

/// `YYYY-MM-DDTHH:MM:SS` of an epoch-seconds value (UTC, whole seconds).
pub fn format_datetime(epoch_secs: f64) -> String {
    let days = (epoch_secs / 86_400.0).floor() as i64;
    let (y, m, d) = civil_from_days(days);
    let sod = (epoch_secs - days as f64 * 86_400.0).floor() as i64;
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}",
        sod / 3600,
        (sod / 60) % 60,
        sod % 60
    )
}

#[cfg(test)]
mod tests {

    #[test]
    fn basic_format_dates_are_integers_that_are_dates() {
        assert_eq!(
            basic_date(19_580_329.0),
            Some(days_from_civil(1958, 3, 29) as f64 * 86_400.0)
        );
        for x in [
            20_240_230.0,
            20_241_301.0,
            18_991_231.0,
            2_024_013.0,
            20_240_131.5,
        ] {
            assert_eq!(basic_date(x), None, "{x}");
        }
    }

    #[test]
    fn dates_with_month_names_are_read_in_every_common_order() {
        let jan1 = days_from_civil(2000, 1, 1) as f64 * 86_400.0;
        for s in [
            "Jan 1 2000",
            "January 1, 2000",
            "jan 01, 2000",
            "1 Jan 2000",
            "01-Jan-2000",
            "01JAN2000",
            "2000-Jan-01",
            "Jan-01-2000",
            "Saturday, January 1st, 2000",
            "Sat, 01 Jan 2000",
        ] {
            assert_eq!(parse_named_month_date(s), Some(jan1), "{s}");
        }
        let t = |s: &str| parse_named_month_date(s).map(|x| x - jan1);
        assert_eq!(t("Sat, 01 Jan 2000 12:30:00 GMT"), Some(45_000.0));
        assert_eq!(t("Sat, 01 Jan 2000 12:30:00 +0100"), Some(41_400.0));
        assert_eq!(t("Jan 1, 2000 3:45 PM"), Some(56_700.0));
        assert_eq!(
            parse_named_month_date("Sept 30 2021"),
            Some(days_from_civil(2021, 9, 30) as f64 * 86_400.0)
        );
        for s in [
            "Feb 30 2000",
            "Jan 2000",
            "Jan 1 00",
            "Jan 1 2000 Feb",
            "Model May 2020",
            "Mazda RX4 Wag",
            "1 2 2000",
            "Jan 1 2000 25:00",
            "Ja 1 2000",
            "Janu 1 2000",
            "Jan 1 2000 12:00 bogus",
        ] {
            assert_eq!(parse_named_month_date(s), None, "{s}");
        }
    }

    #[test]
    fn huge_and_infinite_seconds_format_without_overflow() {
        for v in [
            f64::MAX,
            f64::MIN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            9.2e18,
            -9.2e18,
        ] {
            assert!(!format_datetime(v).is_empty());
            assert!(!format_date(v).is_empty());
        }
        assert_eq!(format_datetime(0.0), "1970-01-01T00:00:00");
    }

    use super::*;

    #[test]
    fn parses_dates_and_datetimes() {
        assert_eq!(parse_datetime("1970-01-01"), Some(0.0));
        assert_eq!(parse_datetime("1970-01-02T00:00:01"), Some(86_401.0));
        assert_eq!(
            parse_datetime("2024-01-01 00:00:49"),
            parse_datetime("2024-01-01T00:00:49")
        );
        assert_eq!(
            parse_datetime("2024-01-01T01:00:00+01:00"),
            parse_datetime("2024-01-01")
        );
        assert_eq!(
            parse_datetime("2024-01-01T00:00:00.5Z"),
            Some(1_704_067_200.5)
        );
        assert_eq!(
            parse_datetime("2024/01/01 00:00:00.250000"),
            Some(1_704_067_200.25)
        );
        assert_eq!(
            parse_datetime("2024-01-01T02:00:00+02"),
            parse_datetime("2024-01-01")
        );
        assert_eq!(
            parse_datetime("2024-01-01 00:00:00 UTC"),
            parse_datetime("2024-01-01")
        );
        assert_eq!(
            parse_datetime("2024-01-01 01:00:00.000 +0100"),
            parse_datetime("2024-01-01")
        );
    }

    #[test]
    fn reads_slash_dates_both_ways() {
        let d = |y, m, dd| Some(days_from_civil(y, m, dd) as f64 * 86_400.0);
        assert_eq!(
            parse_slash_date("12/31/2024"),
            Some((d(2024, 12, 31), None))
        );
        assert_eq!(
            parse_slash_date("31/12/2024"),
            Some((None, d(2024, 12, 31)))
        );
        assert_eq!(
            parse_slash_date("1/2/2024"),
            Some((d(2024, 1, 2), d(2024, 2, 1)))
        );
        assert_eq!(
            parse_slash_date("31.12.2024"),
            Some((None, d(2024, 12, 31)))
        );
        assert_eq!(
            parse_slash_date("12/1/2010 8:26"),
            Some((
                d(2010, 12, 1).map(|x| x + 8.0 * 3600.0 + 26.0 * 60.0),
                d(2010, 1, 12).map(|x| x + 8.0 * 3600.0 + 26.0 * 60.0)
            ))
        );
        assert_eq!(
            parse_slash_date("1/5/2024 3:45 PM").map(|p| p.0),
            Some(d(2024, 1, 5).map(|x| x + 15.0 * 3600.0 + 45.0 * 60.0))
        );
        for bad in [
            "",
            "1/2",
            "13/13/2024",
            "1/2/24",
            "a/b/2024",
            "1/2/2024 25:00",
            "2024-01-01",
        ] {
            assert_eq!(parse_slash_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn epoch_units_from_the_median() {
        assert_eq!(epoch_scale(1_704_067_200.0), Some(1.0));
        assert_eq!(epoch_scale(1_704_067_200_000.0), Some(1e-3));
        assert_eq!(epoch_scale(1_704_067_200_000_000.0), Some(1e-6));
        assert_eq!(epoch_scale(1_704_067_200_000_000_000.0), Some(1e-9));
        assert_eq!(epoch_scale(42.0), None);
    }

    #[test]
    fn rejects_non_dates() {
        for s in [
            "",
            "2024",
            "2024-02-30",
            "2024-13-01",
            "12/01/2024",
            "2024-01-01X",
            "2024/01-01",
            "abc",
        ] {
            assert_eq!(parse_datetime(s), None, "{s}");
        }
    }

    #[test]
    fn formats_round_trip() {
        let t = parse_datetime("2026-05-09T13:45:07").unwrap();
        assert_eq!(format_datetime(t), "2026-05-09T13:45:07");
        assert_eq!(format_date(t), "2026-05-09");
        assert_eq!(
            format_date(parse_datetime("1969-12-31T23:59:59").unwrap()),
            "1969-12-31"
        );
    }
}
