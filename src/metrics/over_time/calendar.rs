//! Time and calendar: rows in time order, and the UTC day, ISO 8601 week and month a timestamp
//! falls in, with their labels.

use super::ChunkBy;
use crate::data::datetime::{civil_from_days, days_from_civil};

/// Row indices sorted by timestamp (stable: ties keep file order; missing timestamps last).
pub fn time_order(timestamps: &[f64]) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..timestamps.len()).collect();
    idx.sort_by(|&a, &b| {
        let (x, y) = (timestamps[a], timestamps[b]);
        match (x.is_nan(), y.is_nan()) {
            (false, false) => x.total_cmp(&y),
            (a_nan, b_nan) => a_nan.cmp(&b_nan),
        }
    });
    idx
}

/// Day number of an epoch-seconds value, clamped to ±10¹⁰ days (±27 million years) so that the
/// calendar arithmetic cannot overflow on absurd inputs.
fn day_of(epoch_secs: f64) -> i64 {
    (epoch_secs / 86_400.0).floor().clamp(-1e10, 1e10) as i64
}

/// ISO week of a day number: (ISO year, week 1–53, day number of its Monday).
fn iso_week(days: i64) -> (i64, i64, i64) {
    let weekday = (days + 3).rem_euclid(7); // 1970-01-01 was a Thursday; Monday = 0
    let monday = days - weekday;
    let thursday = monday + 3;
    let (y, _, _) = civil_from_days(thursday);
    let week = (thursday - days_from_civil(y, 1, 1)) / 7 + 1;
    (y, week, monday)
}

/// ISO 8601 week label (`2026-W18`) of an epoch-seconds timestamp (UTC; weeks start on Monday
/// and week 1 is the week with the year's first Thursday).
pub fn iso_week_label(epoch_secs: f64) -> String {
    let (y, w, _) = iso_week(day_of(epoch_secs));
    format!("{y:04}-W{w:02}")
}

/// Sort key and label of a timestamp's period.
pub(super) fn period(by: ChunkBy, t: f64) -> (i64, String) {
    let days = day_of(t);
    match by {
        ChunkBy::Week => {
            let (y, w, monday) = iso_week(days);
            (monday, format!("{y:04}-W{w:02}"))
        }
        ChunkBy::Month => {
            let (y, m, _) = civil_from_days(days);
            (y * 12 + i64::from(m), format!("{y:04}-{m:02}"))
        }
        ChunkBy::Day | ChunkBy::Equal(_) => {
            let (y, m, d) = civil_from_days(days);
            (days, format!("{y:04}-{m:02}-{d:02}"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::datetime::parse_datetime;

    fn ts(s: &str) -> f64 {
        parse_datetime(s).unwrap()
    }

    #[test]
    fn iso_weeks_and_calendar_labels() {
        assert_eq!(iso_week_label(ts("2026-05-01T12:00:00")), "2026-W18");
        // 2021-01-03 (Sunday) belongs to 2020-W53; 2024-12-30 (Monday) to 2025-W01.
        assert_eq!(iso_week_label(ts("2021-01-03")), "2020-W53");
        assert_eq!(iso_week_label(ts("2021-01-04")), "2021-W01");
        assert_eq!(iso_week_label(ts("2024-12-30")), "2025-W01");
        assert_eq!(iso_week_label(ts("1970-01-01")), "1970-W01");
        assert_eq!(
            period(ChunkBy::Month, ts("2026-05-31T23:59:59")).1,
            "2026-05"
        );
        assert_eq!(
            period(ChunkBy::Day, ts("2026-05-01T00:00:00")).1,
            "2026-05-01"
        );
    }

    #[test]
    fn time_order_is_stable_with_missing_last() {
        assert_eq!(
            time_order(&[3.0, f64::NAN, 1.0, 3.0, 2.0]),
            vec![2, 4, 0, 3, 1]
        );
    }
}
