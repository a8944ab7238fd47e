//! Domain classifier (multivariate drift, issue 12 item 3): how well a classifier tells a
//! production row from a reference row. A cross-validated ROC AUC near 0.5 means the files are
//! indistinguishable; near 1 they are told apart — whatever joint change made it so. The
//! features that separate them most come from the classifier's split gains.
//!
//! The classifier is gradient-boosted trees with the logistic loss on histogram bins (the
//! LightGBM recipe NannyML's `DomainClassifierCalculator` uses, in a small deterministic form):
//! features are binned at up to [`MAX_BINS`] quantiles of the sample (missing values get a bin
//! of their own), each tree has depth ≤ [`DEPTH`], leaves hold the Newton step `−G/(H + λ)`
//! shrunk by the learning rate.
//!
//! Pure: columns of numbers in (`NaN` = missing), a result out.

use serde::{Deserialize, Serialize};

use crate::num::Num;

/// Quantile bins per feature (plus one for missing values).
pub const MAX_BINS: usize = 32;
/// Depth of each tree.
pub const DEPTH: usize = 3;
/// Boosting rounds.
pub const ROUNDS: usize = 40;
/// Learning rate.
pub const LEARNING_RATE: f64 = 0.15;
/// L2 regularisation of the leaf values.
pub const LAMBDA: f64 = 1.0;
/// Rows a leaf must keep.
pub const MIN_LEAF: usize = 20;
/// Cross-validation folds.
pub const FOLDS: usize = 3;
/// The files count as told apart when the interval's lower end exceeds this ROC AUC.
pub const AUC_THRESHOLD: f64 = 0.55;

/// The classifier's result.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DomainClassifier {
    /// Out-of-fold ROC AUC (production = positive class).
    pub roc_auc: Num,
    /// Lower end of its 95 % interval (Hanley–McNeil).
    pub ci_low: Num,
    /// Upper end.
    pub ci_high: Num,
    /// ROC AUC of each fold.
    pub fold_auc: Vec<Num>,
    /// Cross-validation folds.
    pub folds: usize,
    /// Reference rows used.
    pub rows_reference: usize,
    /// Production rows used.
    pub rows_production: usize,
    /// [`AUC_THRESHOLD`].
    pub threshold: Num,
    /// `ci_low > threshold`: the files are told apart.
    pub alert: bool,
    /// The features by their share of the total split gain, highest first (at most 10).
    pub top_features: Vec<FeatureImportance>,
}

/// A feature's share of the split gain.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FeatureImportance {
    /// Column.
    pub column: String,
    /// Share of the total gain, in [0, 1].
    pub importance: Num,
}

/// One binned feature: the bin of each row (0 = missing).
struct Binned {
    bins: Vec<u8>,
    n_bins: usize,
}

fn bin_feature(x: &[f64]) -> Binned {
    let mut v: Vec<f64> = x.iter().copied().filter(|x| x.is_finite()).collect();
    v.sort_unstable_by(f64::total_cmp);
    v.dedup();
    // Cut points between quantiles of the distinct values.
    let cuts: Vec<f64> = if v.len() <= MAX_BINS {
        v.windows(2).map(|w| 0.5 * (w[0] + w[1])).collect()
    } else {
        let mut c: Vec<f64> = (1..MAX_BINS).map(|k| v[k * v.len() / MAX_BINS]).collect();
        c.dedup();
        c
    };
    let bins = x
        .iter()
        .map(|&x| {
            if x.is_finite() {
                1 + cuts.partition_point(|&c| c < x) as u8
            } else {
                0
            }
        })
        .collect();
    Binned {
        bins,
        n_bins: cuts.len() + 2,
    }
}

/// A split node or a leaf.
enum Node {
    Split {
        feature: usize,
        /// Rows with a bin ≤ this go left.
        bin: u8,
        left: usize,
        right: usize,
    },
    Leaf(f64),
}

struct Tree(Vec<Node>);

impl Tree {
    fn predict(&self, f: &[Binned], row: usize) -> f64 {
        let mut i = 0;
        loop {
            match self.0[i] {
                Node::Leaf(w) => return w,
                Node::Split {
                    feature,
                    bin,
                    left,
                    right,
                } => {
                    i = if f[feature].bins[row] <= bin {
                        left
                    } else {
                        right
                    }
                }
            }
        }
    }
}

/// Grows one tree on `rows` from the gradients and hessians; adds each split's gain to `gain`.
fn grow(f: &[Binned], rows: Vec<usize>, g: &[f64], h: &[f64], gain: &mut [f64]) -> Tree {
    let mut nodes = Vec::new();
    build(f, rows, g, h, 0, &mut nodes, gain);
    Tree(nodes)
}

fn build(
    f: &[Binned],
    rows: Vec<usize>,
    g: &[f64],
    h: &[f64],
    depth: usize,
    nodes: &mut Vec<Node>,
    gain: &mut [f64],
) -> usize {
    let at = nodes.len();
    let (gs, hs) = rows
        .iter()
        .fold((0.0, 0.0), |(a, b), &i| (a + g[i], b + h[i]));
    nodes.push(Node::Leaf(-gs / (hs + LAMBDA) * LEARNING_RATE));
    if depth >= DEPTH || rows.len() < 2 * MIN_LEAF {
        return at;
    }
    let parent = gs * gs / (hs + LAMBDA);
    let mut best: Option<(f64, usize, u8)> = None;
    for (k, b) in f.iter().enumerate() {
        let mut hg = vec![0.0; b.n_bins];
        let mut hh = vec![0.0; b.n_bins];
        let mut hc = vec![0usize; b.n_bins];
        for &i in &rows {
            let j = b.bins[i] as usize;
            hg[j] += g[i];
            hh[j] += h[i];
            hc[j] += 1;
        }
        let (mut gl, mut hl, mut cl) = (0.0, 0.0, 0usize);
        for j in 0..b.n_bins - 1 {
            gl += hg[j];
            hl += hh[j];
            cl += hc[j];
            let cr = rows.len() - cl;
            if cl < MIN_LEAF || cr < MIN_LEAF {
                continue;
            }
            let (gr, hr) = (gs - gl, hs - hl);
            let gain = gl * gl / (hl + LAMBDA) + gr * gr / (hr + LAMBDA) - parent;
            if gain > 1e-12 && best.is_none_or(|(bg, _, _)| gain > bg) {
                best = Some((gain, k, j as u8));
            }
        }
    }
    let Some((bg, feature, bin)) = best else {
        return at;
    };
    gain[feature] += bg;
    let (l, r): (Vec<usize>, Vec<usize>) =
        rows.into_iter().partition(|&i| f[feature].bins[i] <= bin);
    let left = build(f, l, g, h, depth + 1, nodes, gain);
    let right = build(f, r, g, h, depth + 1, nodes, gain);
    nodes[at] = Node::Split {
        feature,
        bin,
        left,
        right,
    };
    at
}

fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

/// Boosts on `train` and returns the scores of `test`.
fn boost(f: &[Binned], y: &[bool], train: &[usize], test: &[usize], gain: &mut [f64]) -> Vec<f64> {
    let n = y.len();
    let pos = train.iter().filter(|&&i| y[i]).count() as f64;
    let p0 = (pos / train.len() as f64).clamp(1e-6, 1.0 - 1e-6);
    let f0 = (p0 / (1.0 - p0)).ln();
    let mut score = vec![f0; n];
    let (mut g, mut h) = (vec![0.0; n], vec![0.0; n]);
    for _ in 0..ROUNDS {
        for &i in train {
            let p = sigmoid(score[i]);
            g[i] = p - f64::from(u8::from(y[i]));
            h[i] = (p * (1.0 - p)).max(1e-12);
        }
        let tree = grow(f, train.to_vec(), &g, &h, gain);
        for &i in train.iter().chain(test) {
            score[i] += tree.predict(f, i);
        }
    }
    test.iter().map(|&i| score[i]).collect()
}

/// The 95 % interval of a ROC AUC `a` over `n_pos` positives and `n_neg` negatives.
///
/// # Formula
/// ```text
/// Q1 = a/(2 − a),  Q2 = 2a²/(1 + a)
/// SE = sqrt( (a(1 − a) + (n_pos − 1)(Q1 − a²) + (n_neg − 1)(Q2 − a²)) / (n_pos · n_neg) )
/// [a − 1.96·SE, a + 1.96·SE] clipped to [0, 1]
/// ```
///
/// # References
/// Hanley, J. A. & McNeil, B. J. (1982), "The meaning and use of the area under a receiver
/// operating characteristic (ROC) curve", *Radiology* 143(1), 29–36,
/// <https://doi.org/10.1148/radiology.143.1.7063747>.
pub fn auc_interval(a: f64, n_pos: usize, n_neg: usize) -> (f64, f64) {
    let (np, nn) = (n_pos as f64, n_neg as f64);
    let q1 = a / (2.0 - a);
    let q2 = 2.0 * a * a / (1.0 + a);
    let var = (a * (1.0 - a) + (np - 1.0) * (q1 - a * a) + (nn - 1.0) * (q2 - a * a)) / (np * nn);
    let se = var.max(0.0).sqrt();
    let z = crate::stats::Z_95;
    ((a - z * se).max(0.0), (a + z * se).min(1.0))
}

/// ROC AUC of `score` for the positives `y` (production rows): the Mann–Whitney statistic,
/// tied scores counted half, `NaN` without both classes.
///
/// # Formula
/// ```text
/// AUC = (Σ midrank(positives) − n⁺(n⁺ + 1)/2) / (n⁺ · n⁻)
/// ```
///
/// # References
/// `sklearn.metrics.roc_auc_score(y, score)` (equal for binary labels).
fn auc(y: &[bool], score: &[f64]) -> f64 {
    let mut order: Vec<usize> = (0..y.len()).collect();
    order.sort_unstable_by(|&a, &b| score[a].total_cmp(&score[b]));
    let (mut rank_sum, mut i) = (0.0, 0);
    while i < order.len() {
        let mut j = i;
        while j + 1 < order.len() && score[order[j + 1]] == score[order[i]] {
            j += 1;
        }
        let mid = (i + j) as f64 / 2.0 + 1.0;
        rank_sum += order[i..=j].iter().filter(|&&k| y[k]).count() as f64 * mid;
        i = j + 1;
    }
    let np = y.iter().filter(|&&t| t).count() as f64;
    let nn = y.len() as f64 - np;
    if np == 0.0 || nn == 0.0 {
        return f64::NAN;
    }
    (rank_sum - np * (np + 1.0) / 2.0) / (np * nn)
}

/// Deterministic xorshift shuffle.
fn shuffle(v: &mut [usize], seed: u64) {
    let mut s = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
    for i in (1..v.len()).rev() {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        v.swap(i, (s % (i as u64 + 1)) as usize);
    }
}

/// Cross-validated domain classifier over `columns` (one per feature, reference rows first and
/// then production rows; `n_reference` of them are reference). `None` with fewer than
/// `2·FOLDS·MIN_LEAF` rows in a file or no feature.
///
/// # Formula
/// ```text
/// y = 1 for production rows; stratified FOLDS-fold split (seeded shuffle);
/// out-of-fold scores of gradient-boosted trees (see the module doc) → ROC AUC, its interval
/// (see `auc_interval`), importance_k = Σ gain of splits on k / Σ all gains
/// ```
pub fn domain_classifier(
    names: &[String],
    columns: &[Vec<f64>],
    n_reference: usize,
) -> Option<DomainClassifier> {
    let n = columns.first()?.len();
    if columns.iter().any(|c| c.len() != n) || names.len() != columns.len() {
        return None;
    }
    let n_prod = n.checked_sub(n_reference)?;
    if n_reference < 2 * FOLDS * MIN_LEAF || n_prod < 2 * FOLDS * MIN_LEAF {
        return None;
    }
    let f: Vec<Binned> = columns.iter().map(|c| bin_feature(c)).collect();
    let y: Vec<bool> = (0..n).map(|i| i >= n_reference).collect();
    let mut fold = vec![0usize; n];
    for (class, seed) in [(false, 1u64), (true, 2u64)] {
        let mut idx: Vec<usize> = (0..n).filter(|&i| y[i] == class).collect();
        shuffle(&mut idx, seed);
        for (k, &i) in idx.iter().enumerate() {
            fold[i] = k % FOLDS;
        }
    }
    let mut gain = vec![0.0; f.len()];
    let mut oof = vec![0.0; n];
    let mut fold_auc = Vec::with_capacity(FOLDS);
    for k in 0..FOLDS {
        let train: Vec<usize> = (0..n).filter(|&i| fold[i] != k).collect();
        let test: Vec<usize> = (0..n).filter(|&i| fold[i] == k).collect();
        let s = boost(&f, &y, &train, &test, &mut gain);
        let yt: Vec<bool> = test.iter().map(|&i| y[i]).collect();
        fold_auc.push(Num(auc(&yt, &s)));
        for (&i, v) in test.iter().zip(s) {
            oof[i] = v;
        }
    }
    let auc = auc(&y, &oof);
    if !auc.is_finite() {
        return None;
    }
    let (lo, hi) = auc_interval(auc, n_prod, n_reference);
    let total: f64 = gain.iter().sum();
    let mut top: Vec<FeatureImportance> = names
        .iter()
        .zip(&gain)
        .filter(|(_, &g)| g > 0.0)
        .map(|(c, &g)| FeatureImportance {
            column: c.clone(),
            importance: Num(g / total),
        })
        .collect();
    top.sort_by(|a, b| b.importance.0.total_cmp(&a.importance.0));
    top.truncate(10);
    Some(DomainClassifier {
        roc_auc: Num(auc),
        ci_low: Num(lo),
        ci_high: Num(hi),
        fold_auc,
        folds: FOLDS,
        rows_reference: n_reference,
        rows_production: n_prod,
        threshold: Num(AUC_THRESHOLD),
        alert: lo > AUC_THRESHOLD,
        top_features: top,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn uniform(seed: u64, n: usize) -> Vec<f64> {
        let mut s = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
        (0..n)
            .map(|_| {
                s ^= s << 13;
                s ^= s >> 7;
                s ^= s << 17;
                (s >> 11) as f64 / (1u64 << 53) as f64
            })
            .collect()
    }

    #[test]
    fn the_same_distribution_is_not_told_apart_a_shift_is_and_its_column_leads() {
        let n = 1500;
        let names: Vec<String> = ["a", "b", "noise"].iter().map(|s| s.to_string()).collect();
        let (ua, ub, un) = (uniform(1, 2 * n), uniform(2, 2 * n), uniform(3, 2 * n));
        // Same distribution in both halves.
        let same = domain_classifier(&names, &[ua.clone(), ub.clone(), un.clone()], n).unwrap();
        assert!((same.roc_auc.0 - 0.5).abs() < 0.05, "{:?}", same.roc_auc);
        assert!(!same.alert);
        // `b` moves up by 0.3 in production.
        let b: Vec<f64> = ub
            .iter()
            .enumerate()
            .map(|(i, x)| if i >= n { x + 0.3 } else { *x })
            .collect();
        let d = domain_classifier(&names, &[ua.clone(), b, un.clone()], n).unwrap();
        assert!(d.roc_auc.0 > 0.75, "{:?}", d.roc_auc);
        assert!(d.alert);
        assert_eq!(d.top_features[0].column, "b");
        assert!(d.ci_low.0 < d.roc_auc.0 && d.roc_auc.0 < d.ci_high.0);
        let s: f64 = d.top_features.iter().map(|f| f.importance.0).sum();
        assert!((s - 1.0).abs() < 1e-9 || d.top_features.len() == 10);
        // A joint shift no marginal shows: b = a in reference, b = 1 − a in production.
        let b: Vec<f64> = (0..2 * n)
            .map(|i| if i < n { ua[i] } else { 1.0 - ua[i] })
            .collect();
        let j = domain_classifier(&names, &[ua, b, un], n).unwrap();
        assert!(j.roc_auc.0 > 0.9, "{:?}", j.roc_auc);
        // Missing values and too few rows; columns of different lengths.
        let few = domain_classifier(&names[..1], &[vec![f64::NAN; 100]], 50);
        assert!(few.is_none());
        let ragged = domain_classifier(&names[..2], &[vec![0.0; 1000], vec![0.0; 999]], 500);
        assert!(ragged.is_none());
    }

    #[test]
    fn rank_auc_counts_ties_half() {
        // sklearn: roc_auc_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) = 0.75
        assert_eq!(
            auc(&[false, false, true, true], &[0.1, 0.4, 0.35, 0.8]),
            0.75
        );
        assert_eq!(auc(&[false, true], &[0.5, 0.5]), 0.5);
        assert!(auc(&[true, true], &[0.1, 0.2]).is_nan());
    }

    #[test]
    fn hanley_mcneil_interval() {
        // a = 0.8, 50 + 50: Q1 = 2/3, Q2 = 0.64/0.9, SE² = (0.16 + 49(Q1 − 0.64) + 49(Q2 − 0.64))/2500
        //   = 4.951111…/2500, SE = 0.0445022 (the paper's equation 2, worked by hand).
        let (lo, hi) = auc_interval(0.8, 50, 50);
        let se = (hi - lo) / (2.0 * crate::stats::Z_95);
        let want = (4.951_111_111_111_111_f64 / 2500.0).sqrt();
        assert!((se - want).abs() < 1e-12, "{se}");
        assert_eq!(auc_interval(1.0, 10, 10), (1.0, 1.0));
    }
}
