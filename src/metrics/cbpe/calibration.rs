//! The calibration of CBPE's scores: isotonic regression and the held-out check of whether it
//! helps (NannyML 0.13's `IsotonicCalibrator` and `_needs_calibration`).

use super::super::ranking::roc_auc;
use crate::stats::mean;

/// Isotonic regression of 0/1 outcomes on scores, as scikit-learn's
/// `IsotonicRegression(out_of_bounds="clip", increasing=True)` (NannyML's `IsotonicCalibrator`).
///
/// # Formula
/// ```text
/// x₁ < … < x_m   the distinct scores (values closer than 1e-15 merged, as sklearn's _make_unique),
///                with weights wⱼ = rows at xⱼ and yⱼ = mean outcome there
/// ŷ = argmin Σ wⱼ (yⱼ − ŷⱼ)²  subject to ŷ₁ ≤ … ≤ ŷ_m      (pool adjacent violators)
/// calibrate(s) = linear interpolation of (xⱼ, ŷⱼ) at clip(s, x₁, x_m)     (numpy.interp)
/// ```
///
/// # References
/// Barlow, Bartholomew, Bremner & Brunk (1972), *Statistical inference under order
/// restrictions*; Zadrozny & Elkan (2002), "Transforming classifier scores into accurate
/// multiclass probability estimates", KDD; scikit-learn 1.5 `sklearn/isotonic.py`.
#[derive(Clone, Debug, PartialEq)]
pub struct Isotonic {
    x: Vec<f64>,
    y: Vec<f64>,
}

impl Isotonic {
    /// Fits on finite `(score, outcome)` pairs; `None` without any.
    pub fn fit(score: &[f64], outcome: &[bool]) -> Option<Isotonic> {
        let mut pairs: Vec<(f64, f64)> = score
            .iter()
            .zip(outcome)
            .filter(|(s, _)| s.is_finite())
            .map(|(&s, &o)| (s, f64::from(u8::from(o))))
            .collect();
        if pairs.is_empty() {
            return None;
        }
        pairs.sort_unstable_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
        // Distinct scores with their weight and mean outcome.
        let mut x: Vec<f64> = Vec::new();
        let mut w: Vec<f64> = Vec::new();
        let mut sum: Vec<f64> = Vec::new();
        for (s, o) in pairs {
            match x.last() {
                Some(&last) if s - last < 1e-15 => {
                    if let (Some(wl), Some(sl)) = (w.last_mut(), sum.last_mut()) {
                        *wl += 1.0;
                        *sl += o;
                    }
                }
                _ => {
                    x.push(s);
                    w.push(1.0);
                    sum.push(o);
                }
            }
        }
        // Pool adjacent violators over blocks (value, weight, first index).
        let mut blocks: Vec<(f64, f64, usize)> = Vec::with_capacity(x.len());
        for (j, (&wj, &sj)) in w.iter().zip(&sum).enumerate() {
            let mut cur = (sj / wj, wj, j);
            while let Some(&(v, bw, start)) = blocks.last() {
                if v < cur.0 {
                    break;
                }
                blocks.pop();
                let tw = bw + cur.1;
                cur = ((v * bw + cur.0 * cur.1) / tw, tw, start);
            }
            blocks.push(cur);
        }
        let mut y = vec![0.0; x.len()];
        for (k, &(v, _, start)) in blocks.iter().enumerate() {
            let end = blocks.get(k + 1).map_or(x.len(), |b| b.2);
            y[start..end].fill(v);
        }
        Some(Isotonic { x, y })
    }

    /// The calibrated probability of a score (NaN stays NaN).
    pub fn calibrate(&self, s: f64) -> f64 {
        let (x, y) = (&self.x, &self.y);
        if s.is_nan() || x.is_empty() {
            return f64::NAN;
        }
        let last = x.len() - 1;
        if s <= x[0] {
            return y[0];
        }
        if s >= x[last] {
            return y[last];
        }
        // First knot above s (exists: s < x[last]).
        let j = x.partition_point(|&v| v <= s);
        let (x0, x1, y0, y1) = (x[j - 1], x[j], y[j - 1], y[j]);
        // numpy.interp's formula: slope·(s − x0) + y0.
        let slope = (y1 - y0) / (x1 - x0);
        slope * (s - x0) + y0
    }
}

/// NannyML's `_get_bin_index_edges`: index ranges of (about) `bins` equal-count bins over `n`
/// sorted values; the last bin takes the remainder, so there can be more than `bins` bins.
pub(super) fn bin_index_edges(n: usize, bins: usize) -> Vec<(usize, usize)> {
    let mut bins = bins;
    if n <= 2 * bins {
        bins = n / 2;
        if bins < 2 {
            return Vec::new();
        }
    }
    let width = n / bins;
    let mut edges: Vec<usize> = (0..=n).step_by(width).collect();
    if let Some(last) = edges.last_mut() {
        *last = n;
    }
    edges.windows(2).map(|e| (e[0], e[1])).collect()
}

/// Expected calibration error over equal-count bins of the values sorted by probability
/// (NannyML's `_calculate_expected_calibration_error`).
pub(super) fn ece(outcome: &[bool], proba: &[f64], edges: &[(usize, usize)]) -> f64 {
    // By probability in `total_cmp`'s order, ties by index (a stable radix sort).
    let mut keyed: Vec<(u64, usize)> = proba
        .iter()
        .enumerate()
        .map(|(i, p)| (crate::stats::order_key(p.to_bits()), i))
        .collect();
    crate::stats::sort_by_key_u64(&mut keyed, |k| k.0);
    let order: Vec<usize> = keyed.into_iter().map(|k| k.1).collect();
    let n = proba.len() as f64;
    edges
        .iter()
        .filter(|(a, b)| b > a)
        .map(|&(a, b)| {
            let p: Vec<f64> = order[a..b].iter().map(|&i| proba[i]).collect();
            let t: Vec<f64> = order[a..b]
                .iter()
                .map(|&i| f64::from(u8::from(outcome[i])))
                .collect();
            (b - a) as f64 / n * (mean(&p) - mean(&t)).abs()
        })
        .sum()
}

/// Whether isotonic calibration improves the reference scores (NannyML's `needs_calibration`,
/// with our own seeded splits).
///
/// # Formula
/// ```text
/// one class in the labels, or ROC AUC > 0.999          → no calibration
/// 10 stratified shuffle splits, 10 % held out each:
///   fit isotonic on the 90 %, calibrate the held-out 10 %
/// ECE (10 equal-count bins) of the pooled held-out rows, raw vs calibrated
/// calibrate ⇔ ECE_raw > ECE_calibrated
/// ```
///
/// # Remarks
/// NannyML draws its splits with scikit-learn's `StratifiedShuffleSplit(random_state=42)`
/// (NumPy's generator); ours are drawn by a seeded xorshift generator, so near the boundary
/// the two can decide differently. The decision is reported (`calibrated` in the JSON) and can
/// be forced by the caller. Beyond [`CALIBRATION_CHECK_ROWS`] rows the check runs on an evenly
/// spaced sample of that many.
pub fn needs_calibration(outcome: &[bool], score: &[f64]) -> bool {
    if outcome.len() > CALIBRATION_CHECK_ROWS {
        // Evenly spaced rows: the decision compares two calibration errors, which 50 000 rows
        // pin down well; 10 isotonic fits on a million rows would take seconds in the browser.
        let k = CALIBRATION_CHECK_ROWS;
        let pick: Vec<usize> = (0..k).map(|i| i * outcome.len() / k).collect();
        let o: Vec<bool> = pick.iter().map(|&i| outcome[i]).collect();
        let s: Vec<f64> = pick.iter().map(|&i| score[i]).collect();
        return needs_calibration(&o, &s);
    }
    let pos = outcome.iter().filter(|&&o| o).count();
    if pos == 0 || pos == outcome.len() {
        return false;
    }
    if roc_auc(outcome, score).is_ok_and(|a| a > 0.999) {
        return false;
    }
    let (pos_idx, neg_idx): (Vec<usize>, Vec<usize>) =
        (0..outcome.len()).partition(|&i| outcome[i]);
    let mut state = 0x9e37_79b9_7f4a_7c15_u64;
    let mut next = move |below: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % below as u64) as usize
    };
    let (mut t_out, mut t_raw, mut t_cal) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..10 {
        let mut test = Vec::new();
        let mut train = Vec::new();
        for group in [&pos_idx, &neg_idx] {
            let mut g = group.clone();
            for i in (1..g.len()).rev() {
                let j = next(i + 1);
                g.swap(i, j);
            }
            let k = (g.len() as f64 * 0.1).round() as usize;
            test.extend_from_slice(&g[..k]);
            train.extend_from_slice(&g[k..]);
        }
        let tr_s: Vec<f64> = train.iter().map(|&i| score[i]).collect();
        let tr_o: Vec<bool> = train.iter().map(|&i| outcome[i]).collect();
        let Some(iso) = Isotonic::fit(&tr_s, &tr_o) else {
            return false;
        };
        for &i in &test {
            t_out.push(outcome[i]);
            t_raw.push(score[i]);
            t_cal.push(iso.calibrate(score[i]));
        }
    }
    let edges = bin_index_edges(t_raw.len(), 10);
    if edges.is_empty() {
        return false;
    }
    ece(&t_out, &t_raw, &edges) > ece(&t_out, &t_cal, &edges)
}

/// Reference rows beyond which [`needs_calibration`] decides on an evenly spaced sample of
/// this many.
pub const CALIBRATION_CHECK_ROWS: usize = 50_000;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn isotonic_pools_violators_and_interpolates_like_sklearn() {
        // sklearn: IsotonicRegression(out_of_bounds="clip").fit([1,2,3,4,5],[1,0,1,0,1])
        // .predict([0, 1.5, 2.5, 4.5, 9]) = [0.5, 0.5, 0.5833.., 0.75, 1.0]... computed by hand:
        // PAVA over y = 1,0,1,0,1 → blocks {1,2}: 0.5, {3,4}: 0.5 → merged {1..4}: 0.5, {5}: 1.
        let iso = Isotonic::fit(
            &[1.0, 2.0, 3.0, 4.0, 5.0],
            &[true, false, true, false, true],
        )
        .unwrap();
        assert_eq!(iso.y, vec![0.5, 0.5, 0.5, 0.5, 1.0]);
        assert_eq!(iso.calibrate(0.0), 0.5);
        assert_eq!(iso.calibrate(4.5), 0.75);
        assert_eq!(iso.calibrate(9.0), 1.0);
        assert!(iso.calibrate(f64::NAN).is_nan());
        // Tied scores are one knot with their mean outcome.
        let tied = Isotonic::fit(&[1.0, 1.0, 2.0], &[true, false, true]).unwrap();
        assert_eq!((tied.x.len(), tied.y[0]), (2, 0.5));
    }

    #[test]
    fn bin_edges_follow_nannymls_quirks() {
        assert_eq!(
            bin_index_edges(20, 4),
            vec![(0, 5), (5, 10), (10, 15), (15, 20)]
        );
        // 25 values in 10 bins: width 2, the last edge moved to 25 → 12 bins.
        let e = bin_index_edges(25, 10);
        assert_eq!((e.len(), e[11]), (12, (22, 25)));
        assert_eq!(bin_index_edges(3, 10), Vec::new());
    }
}
