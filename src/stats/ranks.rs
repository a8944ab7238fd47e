//! Merging two ascending-sorted samples into groups of tied values (the pooled ranks that the
//! rank tests need), and a compensated running sum.
//!
//! Every rank-based statistic here (Anderson–Darling, Cramér–von Mises, Mann–Whitney) and the
//! ECDF integrals (energy distance) walk the pooled sample once through [`tie_groups`]: O(n₁ + n₂)
//! time and no allocation, instead of sorting the concatenation and ranking it.

/// One group of equal values in the merge of two ascending-sorted samples.
///
/// Midranks follow from the counts: the pooled midrank of the group is
/// `below + (nx + ny + 1) / 2` (1-based ranks, ties share their average rank).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TieGroup {
    /// The common value.
    pub value: f64,
    /// Pooled values strictly below `value`.
    pub below: usize,
    /// Values of the first sample strictly below `value`.
    pub x_below: usize,
    /// Values of the second sample strictly below `value`.
    pub y_below: usize,
    /// Occurrences of `value` in the first sample.
    pub nx: usize,
    /// Occurrences of `value` in the second sample.
    pub ny: usize,
}

impl TieGroup {
    /// Pooled size of the group (`nx + ny`).
    pub fn len(&self) -> usize {
        self.nx + self.ny
    }

    /// Always `false` (a group holds at least one value); for API symmetry with [`Self::len`].
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Twice the pooled midrank, `2·below + nx + ny + 1` (an integer, so sums of ranks can be
    /// accumulated exactly).
    pub fn twice_midrank(&self) -> u64 {
        (2 * self.below + self.nx + self.ny + 1) as u64
    }
}

/// Iterator over the tie groups of two ascending-sorted slices, in increasing value order.
///
/// Values are compared with `==`, so `-0.0` and `0.0` form one group (as numpy's `unique` and
/// scipy's `rankdata` treat them). NaN must not occur (callers pass finite sorted samples).
#[derive(Clone, Debug)]
pub struct TieGroups<'a> {
    x: &'a [f64],
    y: &'a [f64],
    i: usize,
    j: usize,
}

/// The tie groups of the pooled sample of two ascending-sorted slices (see [`TieGroups`]).
pub fn tie_groups<'a>(x_sorted: &'a [f64], y_sorted: &'a [f64]) -> TieGroups<'a> {
    TieGroups {
        x: x_sorted,
        y: y_sorted,
        i: 0,
        j: 0,
    }
}

impl Iterator for TieGroups<'_> {
    type Item = TieGroup;

    fn next(&mut self) -> Option<TieGroup> {
        let v = match (self.x.get(self.i), self.y.get(self.j)) {
            (Some(&a), Some(&b)) => {
                if a <= b {
                    a
                } else {
                    b
                }
            }
            (Some(&a), None) | (None, Some(&a)) => a,
            (None, None) => return None,
        };
        let (i0, j0) = (self.i, self.j);
        while self.i < self.x.len() && self.x[self.i] == v {
            self.i += 1;
        }
        while self.j < self.y.len() && self.y[self.j] == v {
            self.j += 1;
        }
        Some(TieGroup {
            value: v,
            below: i0 + j0,
            x_below: i0,
            y_below: j0,
            nx: self.i - i0,
            ny: self.j - j0,
        })
    }
}

/// Neumaier-compensated running sum: the result is within a few ulps of the exact sum of the
/// added terms (at least as accurate as numpy's pairwise summation) without storing them.
///
/// # References
/// Neumaier, A. (1974), "Rundungsfehleranalyse einiger Verfahren zur Summation endlicher
/// Summen", *ZAMM* 54(1), 39–51, <https://doi.org/10.1002/zamm.19740540106>.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct CompensatedSum {
    sum: f64,
    comp: f64,
}

impl CompensatedSum {
    /// An empty sum (0).
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one term.
    pub fn add(&mut self, term: f64) {
        let t = self.sum + term;
        if self.sum.abs() >= term.abs() {
            self.comp += (self.sum - t) + term;
        } else {
            self.comp += (term - t) + self.sum;
        }
        self.sum = t;
    }

    /// The sum so far.
    pub fn value(&self) -> f64 {
        self.sum + self.comp
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tie_groups_merge_both_samples_with_counts() {
        let x = [1.0, 2.0, 2.0, 5.0];
        let y = [2.0, 3.0, 5.0, 5.0];
        let g: Vec<TieGroup> = tie_groups(&x, &y).collect();
        let summary: Vec<(f64, usize, usize, usize)> =
            g.iter().map(|t| (t.value, t.below, t.nx, t.ny)).collect();
        assert_eq!(
            summary,
            vec![
                (1.0, 0, 1, 0),
                (2.0, 1, 2, 1),
                (3.0, 4, 0, 1),
                (5.0, 5, 1, 2)
            ]
        );
        // Midranks: 1, (2+3+4)/3 = 3, 5, (6+7+8)/3 = 7.
        let ranks: Vec<u64> = g.iter().map(TieGroup::twice_midrank).collect();
        assert_eq!(ranks, vec![2, 6, 10, 14]);
        assert_eq!(g[3].x_below, 3);
        assert_eq!(g[3].y_below, 2);
    }

    #[test]
    fn tie_groups_of_empty_and_one_sided_inputs() {
        assert_eq!(tie_groups(&[], &[]).count(), 0);
        let g: Vec<TieGroup> = tie_groups(&[], &[1.0, 1.0]).collect();
        assert_eq!(g.len(), 1);
        assert_eq!((g[0].nx, g[0].ny), (0, 2));
        // Signed zeros are one value.
        assert_eq!(tie_groups(&[-0.0], &[0.0]).count(), 1);
    }

    #[test]
    fn compensated_sum_recovers_small_terms() {
        let mut s = CompensatedSum::new();
        s.add(1.0);
        for _ in 0..10 {
            s.add(1e-16);
        }
        s.add(-1.0);
        assert!((s.value() - 1e-15).abs() < 1e-30, "{}", s.value());
    }
}
