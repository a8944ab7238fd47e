//! Multiclass ROC AUC of class-probability columns: one-vs-rest (macro, weighted) and
//! one-vs-one (Hand & Till), all from one sort per column.

use super::mann_whitney::{auc_from_twice_u, twice_u};
use crate::metrics::{check_len, order_key, MetricError};

/// Multiclass ROC AUCs of class-probability columns (see [`multiclass_roc_auc`]).
#[derive(Clone, Debug, PartialEq)]
pub struct MulticlassRocAuc {
    /// One-vs-rest AUC per class (`None` when the class is absent or is every row).
    pub ovr_per_class: Vec<Option<f64>>,
    /// Unweighted mean of the one-vs-rest AUCs.
    pub ovr_macro: Result<f64, MetricError>,
    /// One-vs-rest AUCs weighted by true-class prevalence.
    pub ovr_weighted: Result<f64, MetricError>,
    /// Hand & Till one-vs-one macro AUC over the classes present in the true labels.
    pub ovo_macro: Result<f64, MetricError>,
}

/// sklearn's `np.allclose(1, P.sum(axis=1))` check.
fn check_normalised(proba: &[&[f64]], n: usize) -> Result<(), MetricError> {
    for row in 0..n {
        let s: f64 = proba.iter().map(|c| c[row]).sum();
        let close = (1.0 - s).abs() <= 1e-8 + 1e-5 * s.abs(); // false for a NaN sum
        if !close {
            return Err(MetricError::NotNormalised { row, sum: s });
        }
    }
    Ok(())
}

/// One-vs-rest (macro, weighted) and one-vs-one (Hand & Till, macro) ROC AUC of class
/// probabilities `proba[c][i]` for true class codes `y_true[i] ∈ 0..k`.
///
/// # Formula
/// ```text
/// OvR_c      = AUC(y = c  vs  y ≠ c, score P_c)
/// ovr_macro  = (1/k) Σ_c OvR_c              ovr_weighted = Σ_c n_c·OvR_c / n
/// A(a|b)     = AUC(y = a vs y = b on rows with y ∈ {a, b}, score P_a)
/// ovo_macro  = mean over pairs a < b of present classes of ( A(a|b) + A(b|a) ) / 2
/// ```
///
/// # Remarks
/// One sort per column: column c's scores are sorted within each true class g, and the
/// Mann–Whitney counts U_c(c, g) are additive over the negative classes, so OvR and every OvO
/// pair reuse them (k sorts in total, O(k·n log n), memory O(n)). As sklearn:
/// * every row's probabilities must sum to 1 (`np.allclose`), else all three are
///   [`MetricError::NotNormalised`];
/// * OvR is undefined (sklearn: NaN) when some class never occurs in `y_true` (or is every row);
/// * OvO uses only the classes present in `y_true` and needs at least two.
///
/// `labels` names the classes in error messages.
///
/// # References
/// `sklearn.metrics.roc_auc_score(y, P, multi_class='ovr'|'ovo', average='macro'|'weighted',
/// labels=labels)`; Hand & Till (2001), <https://doi.org/10.1023/A:1010920819831>.
pub fn multiclass_roc_auc(y_true: &[usize], proba: &[&[f64]], labels: &[&str]) -> MulticlassRocAuc {
    let k = proba.len();
    let fail = |e: MetricError| MulticlassRocAuc {
        ovr_per_class: vec![None; k],
        ovr_macro: Err(e.clone()),
        ovr_weighted: Err(e.clone()),
        ovo_macro: Err(e),
    };
    let n = y_true.len();
    for c in proba {
        if let Err(e) = check_len("class probability column", n, c.len()) {
            return fail(e);
        }
        if let Some(row) = c.iter().position(|v| v.is_nan()) {
            return fail(MetricError::NotFinite {
                what: "class probability",
                row,
            });
        }
    }
    if let Some(row) = y_true.iter().position(|&y| y >= k) {
        return fail(MetricError::LabelOutOfRange {
            code: y_true[row],
            row,
            k,
        });
    }
    if n == 0 {
        return fail(MetricError::Empty);
    }
    if let Err(e) = check_normalised(proba, n) {
        return fail(e);
    }
    let mut counts = vec![0usize; k];
    for &y in y_true {
        counts[y] += 1;
    }
    // u2[c][g] = 2·U of column c, positives = class c, negatives = class g. One flat buffer
    // holds column c's keys grouped by true class (offsets from the class counts).
    let mut u2 = vec![vec![0u128; k]; k];
    let mut offsets = Vec::with_capacity(k + 1);
    offsets.push(0usize);
    for &m in &counts {
        offsets.push(offsets[offsets.len() - 1] + m);
    }
    let mut keys = vec![0u64; n];
    let mut cursor = vec![0usize; k];
    for (c, col) in proba.iter().enumerate() {
        cursor.copy_from_slice(&offsets[..k]);
        for (&y, &p) in y_true.iter().zip(col.iter()) {
            keys[cursor[y]] = order_key(p);
            cursor[y] += 1;
        }
        for g in 0..k {
            keys[offsets[g]..offsets[g + 1]].sort_unstable();
        }
        let group = |g: usize| &keys[offsets[g]..offsets[g + 1]];
        for (g, slot) in u2[c].iter_mut().enumerate() {
            if g != c {
                *slot = twice_u(group(c), group(g));
            }
        }
    }
    let name = |c: usize| {
        labels
            .get(c)
            .map_or_else(|| c.to_string(), |l| (*l).to_owned())
    };
    let ovr_per_class: Vec<Option<f64>> = (0..k)
        .map(|c| {
            let (np, nn) = (counts[c], n - counts[c]);
            (np > 0 && nn > 0).then(|| auc_from_twice_u(u2[c].iter().sum(), np, nn))
        })
        .collect();
    let (ovr_macro, ovr_weighted) = match ovr_per_class.iter().position(Option::is_none) {
        Some(c) => {
            let e = MetricError::OneClass {
                metric: "one-vs-rest ROC AUC",
                present: format!(
                    "{} of `{}` vs rest",
                    if counts[c] == 0 { "none" } else { "only" },
                    name(c)
                ),
            };
            (Err(e.clone()), Err(e))
        }
        None => {
            let v: Vec<f64> = ovr_per_class.iter().flatten().copied().collect();
            let macro_ = v.iter().sum::<f64>() / k as f64;
            let weighted = v
                .iter()
                .zip(&counts)
                .map(|(a, &w)| a * w as f64)
                .sum::<f64>()
                / n as f64;
            (Ok(macro_), Ok(weighted))
        }
    };
    let present: Vec<usize> = (0..k).filter(|&c| counts[c] > 0).collect();
    let ovo_macro = if present.len() < 2 {
        Err(MetricError::OneClass {
            metric: "one-vs-one ROC AUC",
            present: present
                .first()
                .map_or_else(|| "none".to_owned(), |&c| format!("`{}`", name(c))),
        })
    } else {
        let mut pair_scores = Vec::new();
        for (ai, &a) in present.iter().enumerate() {
            for &b in &present[ai + 1..] {
                let a_b = auc_from_twice_u(u2[a][b], counts[a], counts[b]);
                let b_a = auc_from_twice_u(u2[b][a], counts[b], counts[a]);
                pair_scores.push((a_b + b_a) / 2.0);
            }
        }
        Ok(pair_scores.iter().sum::<f64>() / pair_scores.len() as f64)
    };
    MulticlassRocAuc {
        ovr_per_class,
        ovr_macro,
        ovr_weighted,
        ovo_macro,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-12 * b.abs().max(1.0)
    }

    #[test]
    fn multiclass_ovr_and_ovo_match_sklearn() {
        // y = [0,1,2,2,1,0], P = column_stack(p0, p1, p2) (scikit-learn 1.9.1):
        // roc_auc_score(y, P, multi_class='ovr') == 0.75
        // roc_auc_score(y, P, multi_class='ovr', average='weighted') == 0.75
        // roc_auc_score(y, P, multi_class='ovo') == 0.75
        let y = [0usize, 1, 2, 2, 1, 0];
        let p0 = [0.7, 0.2, 0.1, 0.3, 0.4, 0.3];
        let p1 = [0.2, 0.5, 0.3, 0.3, 0.2, 0.5];
        let p2 = [0.1, 0.3, 0.6, 0.4, 0.4, 0.2];
        let r = multiclass_roc_auc(&y, &[&p0, &p1, &p2], &["a", "b", "c"]);
        assert!(
            close(r.ovr_macro.clone().unwrap(), 0.75),
            "{:?}",
            r.ovr_macro
        );
        assert!(
            close(r.ovr_weighted.clone().unwrap(), 0.75),
            "{:?}",
            r.ovr_weighted
        );
        assert!(
            close(r.ovo_macro.clone().unwrap(), 0.75),
            "{:?}",
            r.ovo_macro
        );
    }

    #[test]
    fn multiclass_rejects_unnormalised_rows_and_absent_classes() {
        let y = [0usize, 1];
        let r = multiclass_roc_auc(
            &y,
            &[&[0.5, 0.5], &[0.6, 0.5], &[0.0, 0.0]],
            &["a", "b", "c"],
        );
        assert!(matches!(
            r.ovr_macro,
            Err(MetricError::NotNormalised { row: 0, .. })
        ));
        let r = multiclass_roc_auc(
            &y,
            &[&[0.6, 0.3], &[0.3, 0.6], &[0.1, 0.1]],
            &["a", "b", "c"],
        );
        assert!(r.ovr_macro.unwrap_err().to_string().contains("`c`"));
        assert_eq!(r.ovo_macro.unwrap(), 1.0);
    }
}
