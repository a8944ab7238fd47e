//! The Mann–Whitney count every ranking metric here is built on: the positive and negative rows'
//! scores as sorted order-preserving keys, 2U from a two-pointer merge, and AUC = 2U/(2·n⁺·n⁻).

use crate::metrics::{check_len, order_key, MetricError};

/// Sorted keys of the positive and negative rows.
pub(super) fn split_sorted(
    y_true: &[bool],
    score: &[f64],
) -> Result<(Vec<u64>, Vec<u64>), MetricError> {
    check_len("score", y_true.len(), score.len())?;
    let n_pos = y_true.iter().filter(|&&y| y).count();
    let mut pos = Vec::with_capacity(n_pos);
    let mut neg = Vec::with_capacity(y_true.len() - n_pos);
    for (row, (&y, &s)) in y_true.iter().zip(score).enumerate() {
        if s.is_nan() {
            return Err(MetricError::NotFinite { what: "score", row });
        }
        if y {
            pos.push(order_key(s));
        } else {
            neg.push(order_key(s));
        }
    }
    pos.sort_unstable();
    neg.sort_unstable();
    Ok((pos, neg))
}

/// 2·U for ascending-sorted keys: pairs with pos > neg count 2, ties count 1.
pub(super) fn twice_u(pos: &[u64], neg: &[u64]) -> u128 {
    let (mut i, mut j) = (0usize, 0usize);
    let mut total: u128 = 0;
    while i < pos.len() {
        let v = pos[i];
        let mut i2 = i + 1;
        while i2 < pos.len() && pos[i2] == v {
            i2 += 1;
        }
        while j < neg.len() && neg[j] < v {
            j += 1;
        }
        let mut j2 = j;
        while j2 < neg.len() && neg[j2] == v {
            j2 += 1;
        }
        total += (i2 - i) as u128 * (2 * j as u128 + (j2 - j) as u128);
        i = i2;
        j = j2;
    }
    total
}

/// AUC = 2U / (2·n⁺·n⁻).
pub(super) fn auc_from_twice_u(u2: u128, n_pos: usize, n_neg: usize) -> f64 {
    u2 as f64 / (2.0 * n_pos as f64 * n_neg as f64)
}

pub(super) fn one_class(metric: &'static str, n_pos: usize) -> MetricError {
    MetricError::OneClass {
        metric,
        present: if n_pos > 0 { "positive" } else { "negative" }.to_owned(),
    }
}
