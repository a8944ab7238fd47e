//! Distinct-value counts of ascending-sorted slices, alone or pooled.

/// Number of distinct values in an ascending-sorted slice (`len(np.unique(a))`).
///
/// # Remarks
/// Values are compared with `!=`, so `-0.0` and `0.0` count as one value, as in numpy.
/// An empty slice has 0 distinct values.
pub fn count_distinct_sorted(sorted: &[f64]) -> usize {
    if sorted.is_empty() {
        return 0;
    }
    1 + sorted.windows(2).filter(|w| w[1] != w[0]).count()
}

/// Number of distinct values of two ascending-sorted slices pooled (`len(np.unique(concat(x, y)))`),
/// computed by an O(n₁ + n₂) merge without allocating.
pub fn count_distinct_pooled(x_sorted: &[f64], y_sorted: &[f64]) -> usize {
    count_distinct_pooled_up_to(x_sorted, y_sorted, usize::MAX)
}

/// [`count_distinct_pooled`], but at most `cap`: the walk stops at the `cap`-th distinct value
/// (a few values into a million-value column when the question is "more than 5?").
pub fn count_distinct_pooled_up_to(x_sorted: &[f64], y_sorted: &[f64], cap: usize) -> usize {
    let mut count = 0usize;
    let (mut i, mut j) = (0usize, 0usize);
    while i < x_sorted.len() || j < y_sorted.len() {
        let v = match (x_sorted.get(i), y_sorted.get(j)) {
            (Some(&a), Some(&b)) => {
                if a <= b {
                    a
                } else {
                    b
                }
            }
            (Some(&a), None) => a,
            (None, Some(&b)) => b,
            (None, None) => break,
        };
        count += 1;
        if count >= cap {
            break;
        }
        while i < x_sorted.len() && x_sorted[i] == v {
            i += 1;
        }
        while j < y_sorted.len() && y_sorted[j] == v {
            j += 1;
        }
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_capped_distinct_count_stops_at_its_cap() {
        let x = [1.0, 1.0, 2.0, 3.0, 5.0, 8.0, 8.0];
        let y = [0.0, 2.0, 4.0, 8.0, 13.0];
        assert_eq!(count_distinct_pooled(&x, &y), 8);
        for cap in 1..=10 {
            assert_eq!(
                count_distinct_pooled_up_to(&x, &y, cap),
                cap.min(8),
                "cap {cap}"
            );
        }
        assert_eq!(count_distinct_pooled_up_to(&[], &[], 6), 0);
    }

    #[test]
    fn distinct_counts_treat_ties_and_signed_zero_as_one_value() {
        assert_eq!(count_distinct_sorted(&[]), 0);
        assert_eq!(count_distinct_sorted(&[-0.0, 0.0, 1.0, 1.0, 2.0]), 3);
        assert_eq!(count_distinct_pooled(&[1.0, 2.0, 2.0], &[2.0, 3.0]), 3);
        assert_eq!(count_distinct_pooled(&[], &[5.0, 5.0]), 1);
        assert_eq!(count_distinct_pooled(&[], &[]), 0);
    }
}
