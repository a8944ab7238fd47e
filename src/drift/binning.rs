//! Binning of numeric columns for the drift measures on shares (PSI, Jensen–Shannon, KL,
//! Hellinger) and the seed PSI. (The report's histogram chart has its own display bins.)
//!
//! Two families of bins are used, each with numpy's exact counting rule:
//!
//! * **cut points** (open outer bins): bins `(−∞, c₀), [c₀, c₁), …, [c_last, +∞)`; a value's bin
//!   index is the number of cuts `≤ v` (`np.searchsorted(cuts, v, side='right')`). Every value
//!   lands in a bin, including production values outside the reference range. Used by
//!   [`ref_quantile_cuts`] (default: reference deciles) and [`equal_width_cuts`].
//! * **edges** (closed range): bins `[e₀, e₁), …, [e_{k−1}, e_k]` with `np.histogram` semantics
//!   (last bin closed, values outside `[e₀, e_k]` dropped). Used by [`sturges_edges`] and the
//!   seed PSI's reference-range bins.
//!
//! [`bin_counts`] applies a column's [`Binning`] to two samples (what the suites use);
//! [`histogram`] adds finite edges around it so tests can compare it with numpy.
//!
//! # References
//! `numpy.quantile`, `numpy.histogram`, `numpy.histogram_bin_edges(bins='sturges')`,
//! `numpy.linspace`; Sturges, H. A. (1926), "The choice of a class interval", *JASA* 21(153),
//! 65–66, <https://doi.org/10.1080/01621459.1926.10502161>.

use super::options::Binning;
use crate::stats::quantile_linear;

/// `numpy.linspace(start, stop, num)` (endpoint included): `eᵢ = start + i·step` with
/// `step = (stop − start)/(num − 1)`, and the last point set to `stop` exactly.
///
/// # Remarks
/// `num = 0` gives an empty vector, `num = 1` gives `[start]`. When `step` is 0 (equal ends)
/// every point equals `start` (numpy's special case computes `i/div·delta`, also 0).
pub fn linspace(start: f64, stop: f64, num: usize) -> Vec<f64> {
    match num {
        0 => Vec::new(),
        1 => vec![start],
        _ => {
            let div = (num - 1) as f64;
            let delta = stop - start;
            let step = delta / div;
            let mut v: Vec<f64> = if step == 0.0 {
                (0..num).map(|i| (i as f64 / div) * delta + start).collect()
            } else {
                (0..num).map(|i| i as f64 * step + start).collect()
            };
            if let Some(last) = v.last_mut() {
                *last = stop;
            }
            v
        }
    }
}

/// Cut points at the reference quantiles `k/n_bins` (`k = 1 … n_bins−1`), duplicates merged.
///
/// # Formula
/// ```text
/// cuts = unique( quantile_linear(x, k / n_bins) for k in 1..n_bins )
/// ```
///
/// # Remarks
/// With `n_bins = 10` the probabilities are the doubles `k/10.0`, exactly the golden
/// `binned.ref_deciles`. Ties in the reference merge cuts, so fewer than `n_bins` bins may
/// result (a constant reference gives one cut, i.e. two bins). An empty reference or
/// `n_bins ≤ 1` gives no cuts (a single bin).
///
/// # References
/// `numpy.unique(numpy.quantile(x, q, method='linear'))`.
pub fn ref_quantile_cuts(x_sorted: &[f64], n_bins: usize) -> Vec<f64> {
    if x_sorted.is_empty() || n_bins <= 1 {
        return Vec::new();
    }
    let mut cuts: Vec<f64> = (1..n_bins)
        .map(|k| quantile_linear(x_sorted, k as f64 / n_bins as f64))
        .filter(|c| c.is_finite())
        .collect();
    cuts.sort_unstable_by(f64::total_cmp);
    cuts.dedup_by(|a, b| a == b);
    cuts
}

/// The golden `binned.ref_deciles` cut points: [`ref_quantile_cuts`] with 10 bins.
pub fn ref_deciles_cuts(x_sorted: &[f64]) -> Vec<f64> {
    ref_quantile_cuts(x_sorted, 10)
}

/// Interior edges of `n_bins` equal-width bins over the reference range, used as cut points
/// (so the outer bins are open and out-of-range production values are counted).
///
/// # Formula
/// ```text
/// e = linspace(min(x), max(x), n_bins + 1);   cuts = unique(e₁, …, e_{n_bins−1})
/// ```
///
/// # Remarks
/// A constant reference gives a single cut at its value (bins `< v` and `≥ v`). An empty
/// reference or `n_bins ≤ 1` gives no cuts.
pub fn equal_width_cuts(x_sorted: &[f64], n_bins: usize) -> Vec<f64> {
    let (Some(&lo), Some(&hi)) = (x_sorted.first(), x_sorted.last()) else {
        return Vec::new();
    };
    if n_bins <= 1 {
        return Vec::new();
    }
    let e = linspace(lo, hi, n_bins + 1);
    let mut cuts: Vec<f64> = e[1..n_bins].to_vec();
    cuts.dedup_by(|a, b| a == b);
    cuts
}

/// Number of Sturges bins numpy uses for `n` pooled values spanning `ptp = max − min`.
///
/// # Formula
/// ```text
/// width = ptp / (log₂ n + 1);   k = ⌈ptp / width⌉      (k = 1 when width = 0 or n = 0)
/// ```
///
/// # Remarks
/// Normally `k = ⌈log₂ n + 1⌉`, but it is computed through `width` exactly as numpy does,
/// because the division can land one ulp above an integer (then numpy has one more bin).
///
/// # References
/// `numpy.histogram_bin_edges(bins='sturges')` (`_hist_bin_sturges`, `_get_bin_edges`).
pub fn sturges_bin_count(n: usize, ptp: f64) -> usize {
    if n == 0 {
        return 1;
    }
    let width = ptp / ((n as f64).log2() + 1.0);
    if width > 0.0 && width.is_finite() {
        let k = (ptp / width).ceil();
        if k.is_finite() && k >= 1.0 {
            return k as usize;
        }
    }
    1
}

/// Evidently's `sturges_combined` bin edges over both samples pooled, as
/// `numpy.histogram_bin_edges(concat(x, y), bins='sturges')`.
///
/// # Formula
/// ```text
/// lo, hi = min(x ∪ y), max(x ∪ y)       (lo − ½, hi + ½ when lo = hi)
/// k = sturges_bin_count(n₁ + n₂, hi − lo);   edges = linspace(lo, hi, k + 1)
/// ```
///
/// # Remarks
/// Both inputs ascending-sorted and finite. Both empty gives `[-0.5, 0.5]` (numpy's range for
/// empty input is `[0, 1]` shifted the same way is not meaningful here; callers never pass it).
///
/// # References
/// `numpy.histogram_bin_edges`; evidently `legacy/calculations/stattests/utils.py::get_binned_data`.
pub fn sturges_edges(x_sorted: &[f64], y_sorted: &[f64]) -> Vec<f64> {
    let lo = match (x_sorted.first(), y_sorted.first()) {
        (Some(&a), Some(&b)) => a.min(b),
        (Some(&a), None) | (None, Some(&a)) => a,
        (None, None) => 0.0,
    };
    let hi = match (x_sorted.last(), y_sorted.last()) {
        (Some(&a), Some(&b)) => a.max(b),
        (Some(&a), None) | (None, Some(&a)) => a,
        (None, None) => 0.0,
    };
    let n = x_sorted.len() + y_sorted.len();
    let ptp = hi - lo;
    let k = sturges_bin_count(n, ptp);
    let (first, last) = if lo == hi {
        (lo - 0.5, hi + 0.5)
    } else {
        (lo, hi)
    };
    linspace(first, last, k + 1)
}

/// Counts per bin for cut points (open outer bins): bin index of `v` = number of cuts `≤ v`.
///
/// # Remarks
/// `sorted` ascending; returns `cuts.len() + 1` counts summing to `sorted.len()`. O(k log n).
pub fn counts_by_cuts(sorted: &[f64], cuts: &[f64]) -> Vec<u64> {
    let mut counts = Vec::with_capacity(cuts.len() + 1);
    let mut prev = 0usize;
    for &c in cuts {
        let below = sorted.partition_point(|&v| v < c);
        counts.push(below.saturating_sub(prev) as u64);
        prev = prev.max(below);
    }
    counts.push(sorted.len().saturating_sub(prev) as u64);
    counts
}

/// Counts per bin for closed edges with `np.histogram` semantics: bin `i` is `[eᵢ, eᵢ₊₁)`, the
/// last bin `[e_{k−1}, e_k]` is closed, values outside `[e₀, e_k]` are not counted.
///
/// # Remarks
/// `sorted` ascending, `edges` non-decreasing. With repeated edges, values equal to them fall
/// into the last of the equal-edge bins that is closed on the right (numpy's searchsorted rule).
/// Fewer than 2 edges give no bins.
pub fn counts_by_edges(sorted: &[f64], edges: &[f64]) -> Vec<u64> {
    if edges.len() < 2 {
        return Vec::new();
    }
    let k = edges.len() - 1;
    let mut cum: Vec<usize> = edges[..k]
        .iter()
        .map(|&e| sorted.partition_point(|&v| v < e))
        .collect();
    let last = edges[k];
    cum.push(sorted.partition_point(|&v| v <= last));
    cum.windows(2)
        .map(|w| w[1].saturating_sub(w[0]) as u64)
        .collect()
}

/// One bin per distinct value of both samples pooled (evidently's `unique_values` binning and
/// the categorical treatment of numeric columns with few distinct values).
///
/// Returns the distinct values (ascending) and the counts of `x` and `y` at each.
pub fn unique_value_counts(x_sorted: &[f64], y_sorted: &[f64]) -> (Vec<f64>, Vec<u64>, Vec<u64>) {
    let mut values = Vec::new();
    let mut cx = Vec::new();
    let mut cy = Vec::new();
    let (mut i, mut j) = (0usize, 0usize);
    loop {
        let v = match (x_sorted.get(i), y_sorted.get(j)) {
            (Some(&a), Some(&b)) => a.min(b),
            (Some(&a), None) | (None, Some(&a)) => a,
            (None, None) => break,
        };
        let (i0, j0) = (i, j);
        while i < x_sorted.len() && x_sorted[i] == v {
            i += 1;
        }
        while j < y_sorted.len() && y_sorted[j] == v {
            j += 1;
        }
        values.push(v);
        cx.push((i - i0) as u64);
        cy.push((j - j0) as u64);
    }
    (values, cx, cy)
}

/// Cut points (open outer bins) or closed edges: the two families of bins (see the module
/// docs).
#[derive(Clone, Debug, PartialEq)]
pub enum Bins {
    /// Cut points; bins `(−∞, c₀), [c₀, c₁), …, [c_last, +∞)`, counted by [`counts_by_cuts`].
    Cuts(Vec<f64>),
    /// Closed edges; bins `[e₀, e₁), …, [e_{k−1}, e_k]`, counted by [`counts_by_edges`].
    Edges(Vec<f64>),
}

/// The bins of a numeric binning on two samples and the counts of each side.
#[derive(Clone, Debug, PartialEq)]
pub struct BinCounts {
    /// The bins.
    pub bins: Bins,
    /// Reference counts per bin.
    pub ref_counts: Vec<u64>,
    /// Production counts per bin.
    pub prod_counts: Vec<u64>,
}

/// The bins `binning` gives two ascending-sorted finite samples, and their counts: what the
/// methods on shares (`psi`, `jensenshannon`, `kl_div`, `hellinger`) use on a numeric column
/// with more than 5 distinct values.
///
/// # Remarks
/// `n_bins` is the bin count of `ref_deciles` / `equal_width` (at most `n_bins` bins: ties
/// merge cuts); Sturges picks its own. `n_bins = 0` is treated as 1 (one bin).
pub fn bin_counts(
    x_sorted: &[f64],
    y_sorted: &[f64],
    binning: Binning,
    n_bins: usize,
) -> BinCounts {
    let n_bins = n_bins.max(1);
    match binning {
        Binning::RefDeciles => by_cuts(ref_quantile_cuts(x_sorted, n_bins), x_sorted, y_sorted),
        Binning::EqualWidth => by_cuts(equal_width_cuts(x_sorted, n_bins), x_sorted, y_sorted),
        Binning::SturgesCombined => {
            let edges = sturges_edges(x_sorted, y_sorted);
            BinCounts {
                ref_counts: counts_by_edges(x_sorted, &edges),
                prod_counts: counts_by_edges(y_sorted, &edges),
                bins: Bins::Edges(edges),
            }
        }
    }
}

fn by_cuts(cuts: Vec<f64>, x_sorted: &[f64], y_sorted: &[f64]) -> BinCounts {
    BinCounts {
        ref_counts: counts_by_cuts(x_sorted, &cuts),
        prod_counts: counts_by_cuts(y_sorted, &cuts),
        bins: Bins::Cuts(cuts),
    }
}

/// [`bin_counts`] with finite edges: the bins of the methods on shares, in a form numpy's
/// histograms can be compared with (`tests/golden.rs` does, for `ref_deciles` and
/// `sturges_combined`).
///
/// Not what the report draws: its histogram chart has its own display bins (equal width over
/// the pooled 0.5–99.5 % range), and the bins the tests used are reported in
/// `tests.<id>.bins`.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Histogram {
    /// k + 1 strictly increasing finite edges. For open outer bins (`ref_deciles`,
    /// `equal_width`) the outer edges are the pooled min and max; where that would give
    /// a zero-width bin (data min equal to the first cut, or max equal to the last cut) the edge
    /// is moved out by one mean bin width (0.5 when the data have no spread).
    pub edges: Vec<f64>,
    /// Reference counts per bin.
    pub ref_counts: Vec<u64>,
    /// Production counts per bin.
    pub prod_counts: Vec<u64>,
}

/// The [`Histogram`] of two ascending-sorted finite samples for `binning` (`n_bins` for
/// `ref_deciles` / `equal_width`; Sturges picks its own count).
///
/// # Remarks
/// Counts follow the binning's rule exactly (see the module docs); the counts of each side sum
/// to its size for every binning. Both samples empty gives an empty histogram. `n_bins = 0` is
/// treated as 1 (one bin).
pub fn histogram(x_sorted: &[f64], y_sorted: &[f64], binning: Binning, n_bins: usize) -> Histogram {
    if x_sorted.is_empty() && y_sorted.is_empty() {
        return Histogram {
            edges: Vec::new(),
            ref_counts: Vec::new(),
            prod_counts: Vec::new(),
        };
    }
    let b = bin_counts(x_sorted, y_sorted, binning, n_bins);
    let edges = match b.bins {
        Bins::Edges(edges) => edges,
        Bins::Cuts(cuts) => finite_edges(
            &cuts,
            pooled_min(x_sorted, y_sorted),
            pooled_max(x_sorted, y_sorted),
        ),
    };
    Histogram {
        edges,
        ref_counts: b.ref_counts,
        prod_counts: b.prod_counts,
    }
}

fn pooled_min(x: &[f64], y: &[f64]) -> f64 {
    match (x.first(), y.first()) {
        (Some(&a), Some(&b)) => a.min(b),
        (Some(&a), None) | (None, Some(&a)) => a,
        (None, None) => f64::NAN,
    }
}

fn pooled_max(x: &[f64], y: &[f64]) -> f64 {
    match (x.last(), y.last()) {
        (Some(&a), Some(&b)) => a.max(b),
        (Some(&a), None) | (None, Some(&a)) => a,
        (None, None) => f64::NAN,
    }
}

/// Finite, strictly increasing edges around `cuts` (see [`Histogram::edges`]).
fn finite_edges(cuts: &[f64], lo: f64, hi: f64) -> Vec<f64> {
    let (Some(&first), Some(&last)) = (cuts.first(), cuts.last()) else {
        return if lo < hi {
            vec![lo, hi]
        } else {
            vec![lo - 0.5, hi + 0.5]
        };
    };
    let span = if cuts.len() >= 2 {
        (last - first) / (cuts.len() - 1) as f64
    } else {
        hi - lo
    };
    let pad = if span > 0.0 && span.is_finite() {
        span
    } else {
        0.5
    };
    let mut edges = Vec::with_capacity(cuts.len() + 2);
    edges.push(if lo < first { lo } else { first - pad });
    edges.extend_from_slice(cuts);
    edges.push(if hi > last { hi } else { last + pad });
    edges
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn linspace_matches_numpy() {
        // np.linspace(18.0, 69.0, 11)[6] == 48.599999999999994
        let e = linspace(18.0, 69.0, 11);
        assert_eq!(e.len(), 11);
        assert_eq!(e[0], 18.0);
        assert_eq!(e[5], 43.5);
        assert_eq!(e[6], 48.599999999999994);
        assert_eq!(e[10], 69.0);
        assert_eq!(linspace(2.0, 2.0, 3), vec![2.0, 2.0, 2.0]);
        assert!(linspace(0.0, 1.0, 0).is_empty());
        assert_eq!(linspace(3.0, 9.0, 1), vec![3.0]);
    }

    #[test]
    fn deciles_of_one_to_ten_are_the_textbook_values() {
        let x: Vec<f64> = (1..=10).map(f64::from).collect();
        let cuts = ref_deciles_cuts(&x);
        assert_eq!(cuts.len(), 9);
        assert_eq!(cuts[4], 5.5);
        assert_eq!(cuts[0], 1.9);
    }

    #[test]
    fn constant_reference_gives_one_cut_and_two_bins() {
        let x = [0.0; 5];
        assert_eq!(ref_deciles_cuts(&x), vec![0.0]);
        assert_eq!(equal_width_cuts(&x, 10), vec![0.0]);
        assert_eq!(counts_by_cuts(&[-1.0, 0.0, 0.0, 2.0], &[0.0]), vec![1, 3]);
    }

    #[test]
    fn empty_reference_gives_no_cuts() {
        assert!(ref_deciles_cuts(&[]).is_empty());
        assert!(equal_width_cuts(&[], 10).is_empty());
        assert_eq!(counts_by_cuts(&[1.0, 2.0], &[]), vec![2]);
    }

    #[test]
    fn counting_by_cuts_puts_values_equal_to_a_cut_in_the_upper_bin() {
        let counts = counts_by_cuts(&[0.5, 1.0, 1.5, 2.0, 2.0, 9.0], &[1.0, 2.0]);
        assert_eq!(counts, vec![1, 2, 3]);
    }

    #[test]
    fn counting_by_edges_closes_the_last_bin_and_drops_outsiders() {
        let counts = counts_by_edges(&[-1.0, 0.0, 0.5, 1.0, 1.5, 2.0, 3.0], &[0.0, 1.0, 2.0]);
        assert_eq!(counts, vec![2, 3]);
        // All edges equal: every value equal to them is in the last bin (np.histogram).
        let counts = counts_by_edges(&[0.0, 0.0, 1.0], &[0.0, 0.0, 0.0]);
        assert_eq!(counts, vec![0, 2]);
        assert!(counts_by_edges(&[1.0], &[1.0]).is_empty());
    }

    #[test]
    fn sturges_uses_numpys_width_rule() {
        // np.histogram_bin_edges(np.arange(1000.), 'sturges') has 11 bins.
        assert_eq!(sturges_bin_count(1000, 999.0), 11);
        // 1024 values: log2 = 10, 11 bins.
        assert_eq!(sturges_bin_count(1024, 1.0), 11);
        assert_eq!(sturges_bin_count(10, 0.0), 1);
        let e = sturges_edges(&[3.0, 3.0], &[3.0]);
        assert_eq!(e, vec![2.5, 3.5]);
    }

    #[test]
    fn unique_value_counts_merge_both_samples() {
        let (v, cx, cy) = unique_value_counts(&[1.0, 1.0, 2.0], &[2.0, 3.0]);
        assert_eq!(v, vec![1.0, 2.0, 3.0]);
        assert_eq!(cx, vec![2, 1, 0]);
        assert_eq!(cy, vec![0, 1, 1]);
        let (v, _, _) = unique_value_counts(&[], &[]);
        assert!(v.is_empty());
    }

    #[test]
    fn histogram_edges_are_strictly_increasing_and_counts_complete() {
        let x: Vec<f64> = (0..100).map(|i| f64::from(i % 10)).collect();
        let y: Vec<f64> = (0..80).map(|i| f64::from(i % 12) - 1.0).collect();
        let mut ys = y.clone();
        ys.sort_by(f64::total_cmp);
        for binning in [
            Binning::RefDeciles,
            Binning::EqualWidth,
            Binning::SturgesCombined,
        ] {
            let h = histogram(&x, &ys, binning, 10);
            assert!(
                h.edges.windows(2).all(|w| w[1] > w[0]),
                "{binning:?}: {:?}",
                h.edges
            );
            assert_eq!(h.edges.len(), h.ref_counts.len() + 1);
            assert_eq!(h.ref_counts.iter().sum::<u64>(), 100);
            assert_eq!(h.prod_counts.iter().sum::<u64>(), 80);
        }
        // Constant data: still valid edges.
        let h = histogram(&[2.0, 2.0], &[2.0], Binning::RefDeciles, 10);
        assert!(h.edges.windows(2).all(|w| w[1] > w[0]), "{:?}", h.edges);
        assert_eq!(h.ref_counts, vec![0, 2]);
        let h = histogram(&[], &[], Binning::RefDeciles, 10);
        assert!(h.edges.is_empty());
    }
}
