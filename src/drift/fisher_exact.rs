//! Fisher's exact test on the 2×2 table of a two-category column.

use super::DriftError;
use crate::stats::ranks::CompensatedSum;

/// Relative tolerance under which two table probabilities count as equal when deciding which
/// tables are "at least as extreme" as the observed one (see [`fisher_exact_2x2`]).
pub const PMF_TIE_REL: f64 = 1e-7;

/// Result of [`fisher_exact`] / [`fisher_exact_2x2`].
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct FisherResult {
    /// Sample odds ratio `a·d / (b·c)`: `+∞` when `b·c = 0` (and `a·d > 0`), NaN when a row or
    /// column of the table is empty.
    pub odds_ratio: f64,
    /// Two-sided p-value in `[0, 1]`.
    pub p_value: f64,
    /// The table `[[a, b], [c, d]]` tested.
    pub table: [[u64; 2]; 2],
}

/// Fisher's exact test, two-sided, of the 2×2 table `[[a, b], [c, d]]`, as
/// `scipy.stats.fisher_exact(table, alternative='two-sided')`.
///
/// # Formula
/// With the margins fixed, `X` = the top-left cell is hypergeometric:
/// ```text
/// P(X = x) = C(a+b, x) · C(c+d, a+c−x) / C(N, a+c),     N = a+b+c+d
/// p = Σ_{x : P(X = x) ≤ P(X = a)} P(X = x)                (two-sided: "as likely or less")
/// odds ratio = a·d / (b·c)
/// ```
///
/// # Remarks
/// - Probabilities are computed as weights relative to the mode by the ratio recurrence
///   `P(x+1)/P(x) = (a+b−x)(a+c−x) / ((x+1)(c+d−a−c+x+1))` and normalised by their total,
///   so no factorial or log-gamma is needed and the result keeps its relative precision far
///   into the tail (e.g. 3e-31). O(min(a+b, a+c)) time.
/// - Tables whose probability equals the observed one up to [`PMF_TIE_REL`] (relative) count
///   as "as extreme" (scipy uses 1e-14 on its own pmf; mathematically tied probabilities, e.g.
///   mirror-image tables, must be included whatever rounding they carry).
/// - As in scipy: an empty row or column gives odds ratio NaN and p = 1; `b·c = 0` gives odds
///   ratio +∞; the observed table at the mode gives p = 1.
///
/// # References
/// Fisher, R. A. (1922), "On the interpretation of χ² from contingency tables, and the
/// calculation of P", *J. R. Stat. Soc.* 85(1), 87–94, <https://doi.org/10.2307/2340521>;
/// Agresti, A. (1992), "A survey of exact inference for contingency tables", *Statist. Sci.*
/// 7(1), 131–153, <https://doi.org/10.1214/ss/1177011454>; `scipy.stats.fisher_exact`.
pub fn fisher_exact_2x2(table: [[u64; 2]; 2]) -> FisherResult {
    let [[a, b], [c, d]] = table;
    let nan = FisherResult {
        odds_ratio: f64::NAN,
        p_value: 1.0,
        table,
    };
    if a + b == 0 || c + d == 0 || a + c == 0 || b + d == 0 {
        return nan;
    }
    let odds_ratio = if c > 0 && b > 0 {
        (u128::from(a) * u128::from(d)) as f64 / (u128::from(c) * u128::from(b)) as f64
    } else {
        f64::INFINITY
    };
    let n1 = a + b; // first row: "successes" in the urn
    let n2 = c + d;
    let n = a + c; // draws
    let lo = n.saturating_sub(n2);
    let hi = n.min(n1);
    // scipy: mode = int((n + 1)(n1 + 1) / (n1 + n2 + 2)), clamped into the support.
    let mode = ((u128::from(n + 1) * u128::from(n1 + 1)) / u128::from(n1 + n2 + 2)) as u64;
    let mode = mode.clamp(lo, hi);
    let (Ok(len), Ok(off_mode)) = (usize::try_from(hi - lo + 1), usize::try_from(mode - lo)) else {
        return nan;
    };
    let mut w = vec![0.0f64; len];
    w[off_mode] = 1.0;
    // Upwards: P(x+1) = P(x) · (n1 − x)(n − x) / ((x + 1)(n2 − n + x + 1)).
    let mut x = mode;
    while x < hi {
        let prev = w[(x - lo) as usize];
        if prev == 0.0 {
            break;
        }
        let num = (n1 - x) as f64 * (n - x) as f64;
        let den = (x + 1) as f64 * (n2 + x + 1 - n) as f64;
        w[(x + 1 - lo) as usize] = prev * (num / den);
        x += 1;
    }
    // Downwards: P(x − 1) = P(x) · x (n2 − n + x) / ((n1 − x + 1)(n − x + 1)).
    let mut x = mode;
    while x > lo {
        let prev = w[(x - lo) as usize];
        if prev == 0.0 {
            break;
        }
        let num = x as f64 * (n2 + x - n) as f64;
        let den = (n1 - x + 1) as f64 * (n - x + 1) as f64;
        w[(x - 1 - lo) as usize] = prev * (num / den);
        x -= 1;
    }
    let obs = w[(a - lo) as usize];
    if (obs - 1.0).abs() <= PMF_TIE_REL {
        return FisherResult {
            odds_ratio,
            p_value: 1.0,
            table,
        };
    }
    let limit = obs * (1.0 + PMF_TIE_REL);
    // Sum from the outer ends inwards (small terms first).
    let mut total = CompensatedSum::new();
    let mut tail = CompensatedSum::new();
    for (i, &wi) in w[..off_mode].iter().enumerate() {
        total.add(wi);
        let xi = lo + i as u64;
        if (a < mode && xi <= a) || (a > mode && wi <= limit) {
            tail.add(wi);
        }
    }
    for (i, &wi) in w[off_mode..].iter().enumerate().rev() {
        total.add(wi);
        let xi = mode + i as u64;
        if (a > mode && xi >= a) || (a < mode && xi > mode && wi <= limit) {
            tail.add(wi);
        }
    }
    let p_value = (tail.value() / total.value()).clamp(0.0, 1.0);
    FisherResult {
        odds_ratio,
        p_value,
        table,
    }
}

/// Fisher's exact test on a column with (at most) two categories: the table is
/// `[[s_ref, n_ref − s_ref], [s_prod, n_prod − s_prod]]` with `s` the count of the **second**
/// category (e.g. `"true"` of `false`/`true`), as in the golden `fisher_exact` block.
///
/// # Remarks
/// Categories with 0 on both sides are ignored. A single category gives an empty column in
/// the table: odds ratio NaN, p = 1.
///
/// # Errors
/// [`DriftError::NotComputable`] when the column has more than 2 categories (Fisher's test is
/// for 2×2 tables here) or a side has no values; [`DriftError::InvalidOption`] when the count
/// vectors differ in length.
pub fn fisher_exact(ref_counts: &[u64], prod_counts: &[u64]) -> Result<FisherResult, DriftError> {
    if ref_counts.len() != prod_counts.len() {
        return Err(DriftError::InvalidOption(format!(
            "Fisher's exact test needs the same categories on both sides ({} vs {})",
            ref_counts.len(),
            prod_counts.len()
        )));
    }
    let (rc, pc): (Vec<u64>, Vec<u64>) = ref_counts
        .iter()
        .zip(prod_counts)
        .filter(|(a, b)| **a + **b > 0)
        .map(|(a, b)| (*a, *b))
        .unzip();
    if rc.len() > 2 {
        return Err(DriftError::NotComputable(format!(
            "Fisher's exact test needs a column with at most 2 categories (this one has {})",
            rc.len()
        )));
    }
    let (n_ref, n_prod): (u64, u64) = (rc.iter().sum(), pc.iter().sum());
    if n_ref == 0 || n_prod == 0 {
        return Err(DriftError::NotComputable(
            "Fisher's exact test needs at least one value on each side".into(),
        ));
    }
    let (s_ref, s_prod) = (
        rc.get(1).copied().unwrap_or(0),
        pc.get(1).copied().unwrap_or(0),
    );
    Ok(fisher_exact_2x2([
        [s_ref, n_ref - s_ref],
        [s_prod, n_prod - s_prod],
    ]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(t: [[u64; 2]; 2]) -> f64 {
        fisher_exact_2x2(t).p_value
    }

    #[test]
    fn matches_scipy_on_small_tables() {
        // scipy.stats.fisher_exact(...) two-sided
        assert!((p([[2, 3], [4, 1]]) / 0.5238095238095238 - 1.0).abs() < 1e-12);
        assert_eq!(p([[3, 2], [2, 3]]), 1.0);
        assert_eq!(p([[3, 2], [4, 1]]), 1.0);
        // Lady tasting tea: [[3, 1], [1, 3]] → 0.48571428571428565
        assert!((p([[3, 1], [1, 3]]) / 0.48571428571428565 - 1.0).abs() < 1e-12);
        assert!((fisher_exact_2x2([[2, 3], [4, 1]]).odds_ratio - 1.0 / 6.0).abs() < 1e-15);
    }

    #[test]
    fn extreme_tables_keep_relative_precision() {
        // golden pair06 only_true_in_ref: [[300, 0], [171, 79]] → 3.0533777894681645e-31, odds ∞
        let r = fisher_exact_2x2([[300, 0], [171, 79]]);
        assert!(
            (r.p_value / 3.0533777894681645e-31 - 1.0).abs() < 1e-9,
            "{:e}",
            r.p_value
        );
        assert_eq!(r.odds_ratio, f64::INFINITY);
    }

    #[test]
    fn empty_margins_give_nan_odds_and_p_one() {
        let r = fisher_exact_2x2([[0, 5], [0, 7]]);
        assert!(r.odds_ratio.is_nan());
        assert_eq!(r.p_value, 1.0);
        let r = fisher_exact(&[300], &[250]).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(r.table, [[0, 300], [0, 250]]);
        assert_eq!(r.p_value, 1.0);
    }

    #[test]
    fn more_than_two_categories_is_not_computable() {
        assert!(matches!(
            fisher_exact(&[1, 2, 3], &[3, 2, 1]),
            Err(DriftError::NotComputable(_))
        ));
        assert!(matches!(
            fisher_exact(&[0, 0], &[1, 2]),
            Err(DriftError::NotComputable(_))
        ));
        assert!(matches!(
            fisher_exact(&[1], &[1, 2]),
            Err(DriftError::InvalidOption(_))
        ));
        // A category absent from both sides does not count.
        assert!(fisher_exact(&[1, 0, 2], &[3, 0, 4]).is_ok());
    }
}
