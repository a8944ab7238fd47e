//! Pearson's χ² test of homogeneity on the 2×k table of category counts.

use super::DriftError;
use crate::stats::{pairwise_sum, special::chi2_sf};

/// Result of [`chi2_contingency`].
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Chi2Result {
    /// Pearson's X² statistic.
    pub statistic: f64,
    /// `P(χ²_dof > X²)`.
    pub p_value: f64,
    /// Degrees of freedom, `k − 1` for `k` categories seen in either sample.
    pub dof: usize,
}

/// χ² test of homogeneity of two count vectors (reference row, production row) over the same
/// categories, as `scipy.stats.chi2_contingency([ref, prod], correction=False)`.
///
/// # Formula
/// ```text
/// Eᵣⱼ = (row sumᵣ · column sumⱼ) / N
/// X²  = Σᵣ Σⱼ (Oᵣⱼ − Eᵣⱼ)² / Eᵣⱼ,      dof = k − 1,      p = P(χ²_dof > X²)
/// ```
///
/// # Remarks
/// - A category seen in only one sample is an ordinary column of the table (finite statistic),
///   unlike a goodness-of-fit test against reference frequencies (Evidently's `chisquare`).
/// - Categories with a count of 0 in **both** samples are dropped first (scipy would raise on
///   their zero expected frequency).
/// - `k = 1` (one category): X² = 0, dof = 0, p = 1, as scipy reports.
/// - No Yates continuity correction (the golden `correction=False`).
///
/// # Errors
/// [`DriftError::NotComputable`] when either sample has no values;
/// [`DriftError::InvalidOption`] when the two vectors differ in length.
///
/// # References
/// Pearson, K. (1900), *Phil. Mag.* 50(302), 157–175, <https://doi.org/10.1080/14786440009463897>;
/// `scipy.stats.chi2_contingency`.
pub fn chi2_contingency(ref_counts: &[u64], prod_counts: &[u64]) -> Result<Chi2Result, DriftError> {
    let (statistic, dof) =
        match power_divergence_2xk(ref_counts, prod_counts, "χ² test", |obs, expected| {
            let d = obs - expected;
            d * d / expected
        })? {
            Some(t) => t,
            None => {
                return Ok(Chi2Result {
                    statistic: 0.0,
                    p_value: 1.0,
                    dof: 0,
                })
            }
        };
    Ok(Chi2Result {
        statistic,
        p_value: chi2_sf(statistic, dof as f64),
        dof,
    })
}

/// The 2×k homogeneity table shared by the χ² and G tests: checks the two count vectors, drops
/// categories empty on both sides, and sums `term(observed, expected)` over the flattened table
/// in row-major order (reference row first) with numpy's pairwise summation, as scipy does.
/// `Eᵣⱼ = row sumᵣ · column sumⱼ / N`, the product of margins exact in integers before the one
/// division. Returns `None` for a single category (statistic 0, dof 0) and `(statistic, k − 1)`
/// otherwise.
///
/// # Errors
/// [`DriftError::InvalidOption`] when the vectors differ in length; [`DriftError::NotComputable`]
/// when either side has no values.
pub(crate) fn power_divergence_2xk(
    ref_counts: &[u64],
    prod_counts: &[u64],
    name: &str,
    term: impl Fn(f64, f64) -> f64,
) -> Result<Option<(f64, usize)>, DriftError> {
    if ref_counts.len() != prod_counts.len() {
        return Err(DriftError::InvalidOption(format!(
            "{name} needs the same categories on both sides ({} vs {})",
            ref_counts.len(),
            prod_counts.len()
        )));
    }
    let cols: Vec<(u64, u64)> = ref_counts
        .iter()
        .zip(prod_counts)
        .map(|(&a, &b)| (a, b))
        .filter(|&(a, b)| a + b > 0)
        .collect();
    let n_ref: u64 = cols.iter().map(|c| c.0).sum();
    let n_prod: u64 = cols.iter().map(|c| c.1).sum();
    if n_ref == 0 || n_prod == 0 {
        return Err(DriftError::NotComputable(format!(
            "{name} needs at least one value on each side"
        )));
    }
    let k = cols.len();
    if k <= 1 {
        return Ok(None);
    }
    let total = (n_ref + n_prod) as f64;
    let mut terms = Vec::with_capacity(2 * k);
    for (row_sum, pick) in [(n_ref, 0usize), (n_prod, 1usize)] {
        for &(a, b) in &cols {
            let obs = if pick == 0 { a } else { b } as f64;
            let expected = (u128::from(row_sum) * u128::from(a + b)) as f64 / total;
            terms.push(term(obs, expected));
        }
    }
    Ok(Some((pairwise_sum(&terms), k - 1)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hand_computed_two_by_two_table() {
        // [[10, 20], [20, 10]]: E = 15 everywhere, X² = 4·25/15 = 6.666…
        let r = chi2_contingency(&[10, 20], &[20, 10]).unwrap_or_else(|e| panic!("{e}"));
        assert!((r.statistic - 20.0 / 3.0).abs() < 1e-12);
        assert_eq!(r.dof, 1);
        // chi2.sf(x, 1) = erfc(sqrt(x/2)): math.erfc(sqrt(10/3)) = 0.009823274507519254
        assert!((r.p_value / 0.009823274507519254 - 1.0).abs() < 1e-9);
    }

    #[test]
    fn category_only_in_production_gives_a_finite_statistic() {
        // golden pair03 `cat`: ref a,b,a,a → [3,1,0]; prod a,c,c,b → [1,1,2]; X² = 3, p = e^-1.5
        let r = chi2_contingency(&[3, 1, 0], &[1, 1, 2]).unwrap_or_else(|e| panic!("{e}"));
        assert!((r.statistic - 3.0).abs() < 1e-12);
        assert_eq!(r.dof, 2);
        assert!((r.p_value - (-1.5f64).exp()).abs() < 1e-15);
    }

    #[test]
    fn single_category_gives_zero_statistic_and_p_one() {
        let r = chi2_contingency(&[300], &[250]).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((r.statistic, r.p_value, r.dof), (0.0, 1.0, 0));
        // A category absent from both sides does not count.
        let r = chi2_contingency(&[300, 0], &[250, 0]).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(r.dof, 0);
    }

    #[test]
    fn identical_proportions_give_p_one() {
        let r = chi2_contingency(&[1, 2, 3], &[2, 4, 6]).unwrap_or_else(|e| panic!("{e}"));
        assert!(r.statistic.abs() < 1e-12);
        assert!((r.p_value - 1.0).abs() < 1e-12);
    }

    #[test]
    fn empty_side_is_not_computable() {
        assert!(matches!(
            chi2_contingency(&[0, 0], &[1, 2]),
            Err(DriftError::NotComputable(_))
        ));
        assert!(matches!(
            chi2_contingency(&[1], &[1, 2]),
            Err(DriftError::InvalidOption(_))
        ));
    }
}
