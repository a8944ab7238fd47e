//! The `outliers` block of the JSON report (SPEC §5, §9): shares of outliers in both files,
//! decision-score histograms, and the row inspector (top production rows with z-scores).

use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::errors::OutlierError;
use super::isolation_forest::IsolationForest;
use super::matrix::{FeatureEncoder, Matrix};
use super::params::ForestParams;
use crate::num::Num;
use crate::stats::{mean, std_dev};

/// At most this many reference rows are scored (an evenly spaced sample of larger files).
pub const REFERENCE_SCORED_ROWS: usize = 100_000;

/// The outlier alert fires when production's excess is significant at this level…
pub const OUTLIER_P: f64 = 0.05;
/// …and production's share is at least this multiple of the expected share.
pub const OUTLIER_RATIO: f64 = 2.0;

/// One-sided binomial test: P(X ≥ k) for X ~ Binomial(n, p), as
/// `scipy.stats.binomtest(k, n, p, alternative='greater').pvalue`.
///
/// # Formula
/// ```text
/// P(X ≥ k) = I_p(k, n − k + 1)      (regularized incomplete beta; 1 for k = 0)
/// ```
///
/// # Remarks
/// `NaN` when n = 0 or p is not in [0, 1]; p = 0 gives 1 for k = 0 and 0 otherwise.
///
/// # References
/// Abramowitz & Stegun 26.5.24; `scipy.stats.binomtest`.
pub fn binomial_sf(k: usize, n: usize, p: f64) -> f64 {
    if n == 0 || !(0.0..=1.0).contains(&p) {
        return f64::NAN;
    }
    if k == 0 {
        return 1.0;
    }
    if k > n {
        return 0.0;
    }
    if p == 0.0 {
        return 0.0;
    }
    if p == 1.0 {
        return 1.0;
    }
    statrs::function::beta::beta_reg(k as f64, (n - k + 1) as f64, p).clamp(0.0, 1.0)
}

/// Bins of the decision-score histograms.
pub const HISTOGRAM_BINS: usize = 30;
/// Production rows listed in the row inspector.
pub const TOP_ROWS: usize = 20;
/// Largest number of z-scores listed per inspected row.
pub const MAX_Z_PER_ROW: usize = 8;

/// One numeric feature, both files (NaN or ±∞ = missing).
#[derive(Clone, Copy, Debug)]
pub struct NumericFeature<'a> {
    /// Column name.
    pub name: &'a str,
    /// Reference values, one per reference data row.
    pub reference: &'a [f64],
    /// Production values, one per production data row.
    pub production: &'a [f64],
}

/// One categorical (or boolean) feature, both files, as category codes from **one**
/// dictionary shared by both files ([`super::MISSING_CODE`] = missing).
#[derive(Clone, Copy, Debug)]
pub struct CategoricalFeature<'a> {
    /// Column name.
    pub name: &'a str,
    /// Reference codes.
    pub reference: &'a [u32],
    /// Production codes.
    pub production: &'a [u32],
}

/// The feature columns the detector sees (SPEC §2 role `feature`; the caller leaves out
/// targets, predictions, ids, timestamps, text and columns missing from either file).
#[derive(Clone, Debug, Default)]
pub struct Features<'a> {
    /// Numeric features.
    pub numeric: Vec<NumericFeature<'a>>,
    /// Categorical and boolean features.
    pub categorical: Vec<CategoricalFeature<'a>>,
}

impl Features<'_> {
    /// Checks that every column of a file has the same length; returns `(n_ref, n_prod)`.
    fn row_counts(&self) -> Result<(usize, usize), OutlierError> {
        let cols = self
            .numeric
            .iter()
            .map(|f| (f.name, f.reference.len(), f.production.len()))
            .chain(
                self.categorical
                    .iter()
                    .map(|f| (f.name, f.reference.len(), f.production.len())),
            );
        let mut counts: Option<(usize, usize)> = None;
        for (name, r, p) in cols {
            let (er, ep) = *counts.get_or_insert((r, p));
            if r != er {
                return Err(OutlierError::RaggedColumns {
                    side: "reference",
                    column: name.to_owned(),
                    expected: er,
                    found: r,
                });
            }
            if p != ep {
                return Err(OutlierError::RaggedColumns {
                    side: "production",
                    column: name.to_owned(),
                    expected: ep,
                    found: p,
                });
            }
        }
        counts.ok_or(OutlierError::NoFeatures)
    }

    /// Encodes both files with a [`FeatureEncoder`] fitted on the reference: returns the
    /// reference and production matrices (numeric columns first, then categorical).
    ///
    /// # Formula
    /// See [`FeatureEncoder`].
    ///
    /// # Errors
    /// [`OutlierError::NoFeatures`] without any column, [`OutlierError::RaggedColumns`] when
    /// the columns of one file differ in length.
    pub fn prepare_matrices(&self) -> Result<(Matrix, Matrix), OutlierError> {
        self.prepare_matrices_sampled(usize::MAX)
    }

    /// [`Self::prepare_matrices`] with the reference matrix built from an evenly spaced sample of
    /// at most `max_reference_rows` rows (row `⌊i·n/m⌋` for i < m); the encoder still learns its
    /// medians and frequencies on every reference row.
    ///
    /// # Errors
    /// As [`Self::prepare_matrices`].
    pub fn prepare_matrices_sampled(
        &self,
        max_reference_rows: usize,
    ) -> Result<(Matrix, Matrix), OutlierError> {
        let (n_ref, _) = self.row_counts()?;
        let num_ref: Vec<&[f64]> = self.numeric.iter().map(|f| f.reference).collect();
        let num_prod: Vec<&[f64]> = self.numeric.iter().map(|f| f.production).collect();
        let cat_ref: Vec<&[u32]> = self.categorical.iter().map(|f| f.reference).collect();
        let cat_prod: Vec<&[u32]> = self.categorical.iter().map(|f| f.production).collect();
        let enc = FeatureEncoder::fit(&num_ref, &cat_ref);
        let reference = if n_ref > max_reference_rows {
            let m = max_reference_rows;
            let pick = |i: usize| i * n_ref / m;
            let num: Vec<Vec<f64>> = num_ref
                .iter()
                .map(|c| (0..m).map(|i| c[pick(i)]).collect())
                .collect();
            let cat: Vec<Vec<u32>> = cat_ref
                .iter()
                .map(|c| (0..m).map(|i| c[pick(i)]).collect())
                .collect();
            let num: Vec<&[f64]> = num.iter().map(Vec::as_slice).collect();
            let cat: Vec<&[u32]> = cat.iter().map(Vec::as_slice).collect();
            enc.transform(&num, &cat)?
        } else {
            enc.transform(&num_ref, &cat_ref)?
        };
        Ok((reference, enc.transform(&num_prod, &cat_prod)?))
    }
}

/// Histograms of the decision scores of both files on shared edges.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScoreHistogram {
    /// `HISTOGRAM_BINS + 1` ascending edges.
    pub edges: Vec<Num>,
    /// Reference rows per bin.
    pub reference: Vec<u64>,
    /// Production rows per bin.
    pub production: Vec<u64>,
}

/// Per-feature z-scores of one row, largest |z| first; serialised as a JSON object whose
/// keys keep that order (`{"age": 4.1, "income": -2.3}`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ZScores(pub Vec<(String, Num)>);

impl Serialize for ZScores {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

impl<'de> Deserialize<'de> for ZScores {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = ZScores;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object of feature → z-score")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<ZScores, A::Error> {
                let mut v = Vec::new();
                while let Some((k, z)) = a.next_entry::<String, Num>()? {
                    v.push((k, z));
                }
                Ok(ZScores(v))
            }
        }
        d.deserialize_map(V)
    }
}

/// One production row of the row inspector.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OutlierRow {
    /// 1-based spreadsheet row of the production file (data row index + 2: the header is
    /// row 1).
    pub row: usize,
    /// Its decision score (lower = more anomalous).
    pub score: Num,
    /// Whether the score is below the threshold.
    pub outlier: bool,
    /// z-scores of its numeric features against the reference, largest |z| first, at most
    /// [`MAX_Z_PER_ROW`]; features missing in this row or with a reference standard deviation
    /// of 0 / undefined are left out.
    pub z: ZScores,
}

/// The `outliers` block of the JSON report (SPEC §9).
///
/// # Formula
/// ```text
/// share_f = #{rows of file f : decision < threshold} / rows of f
/// z_j(x)  = (x_j − mean_ref(j)) / std_ref(j)          (ddof = 1, finite reference values)
/// ```
///
/// # Remarks
/// The reference share is in-sample (the forest was fitted on those rows), as scikit-learn's
/// `predict` on its training data; with `contamination='auto'` it is usually a few percent.
/// A file with no rows has share NaN (written `"NaN"`).
///
/// # References
/// Liu, Ting & Zhou (2008), <https://doi.org/10.1109/ICDM.2008.17>; scikit-learn
/// `IsolationForest.decision_function`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OutlierReport {
    /// Always `"isolation_forest"`.
    pub method: String,
    /// PRNG seed.
    pub seed: u64,
    /// Number of trees.
    pub trees: usize,
    /// Configured sub-sample size ψ.
    pub sample_size: usize,
    /// Rows actually sub-sampled per tree: min(sample_size, reference rows).
    pub samples_per_tree: usize,
    /// Decision threshold: outlier when decision < threshold.
    pub threshold: Num,
    /// `calibrated` (the reference's own score quantile at `contamination`) or `fixed` (given).
    pub threshold_source: String,
    /// The expected outlier share: the contamination (calibrated), else the reference's share.
    pub expected_share: Num,
    /// One-sided binomial p-value of production's outlier count given the expected share:
    /// P(X ≥ outliers_production), X ~ Binomial(rows_production, expected_share).
    pub p_value: Num,
    /// Production has more outliers than expected: p < 0.05 and a share at least twice the
    /// expected one.
    pub alert: bool,
    /// Features used, in matrix order (numeric first, then categorical).
    pub features: Vec<String>,
    /// Reference rows.
    pub rows_reference: usize,
    /// Reference rows scored: all of them, or an evenly spaced sample of
    /// [`REFERENCE_SCORED_ROWS`] on larger files.
    pub reference_scored_rows: usize,
    /// Production rows scored.
    pub rows_production: usize,
    /// Reference rows flagged.
    pub outliers_reference: usize,
    /// Production rows flagged.
    pub outliers_production: usize,
    /// Share of reference rows flagged.
    pub share_reference: Num,
    /// Share of production rows flagged.
    pub share_production: Num,
    /// Decision-score histograms of both files.
    pub histogram: ScoreHistogram,
    /// The [`TOP_ROWS`] production rows with the lowest decision scores (ties: earlier row
    /// first), lowest first.
    pub top: Vec<OutlierRow>,
}

/// Fits the forest on the reference features and builds the report block.
///
/// # Formula
/// See [`OutlierReport`], [`FeatureEncoder`] and [`IsolationForest`].
///
/// # Errors
/// [`OutlierError::NoFeatures`] without any feature column, [`OutlierError::RaggedColumns`]
/// when a file's columns differ in length, [`OutlierError::TooFewRows`] with fewer than two
/// reference rows. The caller shows the section as "not computable" with the message.
///
/// # Remarks
/// Deterministic: the same inputs and parameters give the same report bit for bit, natively
/// and in wasm. Cost ≈ scoring both files (≈ 1 µs of CPU per row with 100 trees, natively).
pub fn outlier_report(
    features: &Features,
    params: &ForestParams,
) -> Result<OutlierReport, OutlierError> {
    let mut laps = crate::timing::Laps::start();
    // Beyond REFERENCE_SCORED_ROWS the forest is fitted on, and the reference share and
    // histogram estimated from, an evenly spaced sample of that many reference rows (each tree
    // draws only 256 rows anyway; the standard error of a share is < 0.16 points). Production is
    // always scored in full. Files up to that size are unaffected.
    let (n_ref, _) = features.row_counts()?;
    let (xr, xp) = features.prepare_matrices_sampled(REFERENCE_SCORED_ROWS)?;
    laps.lap("outliers: matrices");
    let forest = IsolationForest::fit(&xr, params)?;
    laps.lap("outliers: fit");
    // The two files are scored on two threads natively (one worker thread in the browser).
    #[cfg(not(target_arch = "wasm32"))]
    let (dr, dp) = std::thread::scope(|s| {
        let h = s.spawn(|| forest.decision_function(&xr));
        let dp = forest.decision_function(&xp);
        (
            h.join().unwrap_or_else(|_| forest.decision_function(&xr)),
            dp,
        )
    });
    #[cfg(target_arch = "wasm32")]
    let (dr, dp) = (forest.decision_function(&xr), forest.decision_function(&xp));
    let (dr, dp) = (dr?, dp?);
    laps.lap("outliers: score");
    let (thr, source) = match params.threshold() {
        Some(t) => (t, "fixed"),
        None => {
            let mut sorted = dr.clone();
            sorted.sort_by(f64::total_cmp);
            let t = if sorted.is_empty() {
                0.0
            } else {
                crate::stats::quantile_linear(&sorted, params.contamination())
            };
            (t, "calibrated")
        }
    };
    let flagged = |d: &[f64]| d.iter().filter(|&&v| v < thr).count();
    let (or, op) = (flagged(&dr), flagged(&dp));
    let share = |k: usize, n: usize| {
        if n == 0 {
            f64::NAN
        } else {
            k as f64 / n as f64
        }
    };
    let expected = match source {
        "calibrated" => params.contamination(),
        _ => share(or, dr.len()),
    };
    let p_value = binomial_sf(op, dp.len(), expected);
    let share_p = share(op, dp.len());
    let alert = p_value < OUTLIER_P && share_p >= OUTLIER_RATIO * expected;

    Ok(OutlierReport {
        method: "isolation_forest".to_owned(),
        seed: params.seed(),
        trees: params.trees(),
        sample_size: params.sample_size(),
        samples_per_tree: forest.samples_per_tree(),
        threshold: Num(thr),
        threshold_source: source.to_owned(),
        expected_share: Num(expected),
        p_value: Num(p_value),
        alert,
        features: features
            .numeric
            .iter()
            .map(|f| f.name.to_owned())
            .chain(features.categorical.iter().map(|f| f.name.to_owned()))
            .collect(),
        rows_reference: n_ref,
        reference_scored_rows: dr.len(),
        rows_production: dp.len(),
        outliers_reference: or,
        outliers_production: op,
        share_reference: Num(share(or, dr.len())),
        share_production: Num(share(op, dp.len())),
        histogram: histogram(&dr, &dp),
        top: top_rows(features, &dp, thr),
    })
}

/// Histograms of two score vectors on [`HISTOGRAM_BINS`] equal-width bins over their pooled
/// range, counted as `numpy.histogram`.
///
/// # Formula
/// ```text
/// lo, hi = pooled min, max   (lo − 0.5, hi + 0.5 when equal; 0, 1 when both are empty)
/// eᵢ = lo + i·(hi − lo)/B for i < B,  e_B = hi
/// bin i = [eᵢ, eᵢ₊₁), the last bin closed
/// ```
///
/// # Remarks
/// Non-finite scores (none occur from the forest) are not counted.
fn histogram(a: &[f64], b: &[f64]) -> ScoreHistogram {
    let finite = a.iter().chain(b).copied().filter(|v| v.is_finite());
    let (lo, hi) = finite.fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), v| {
        (l.min(v), h.max(v))
    });
    let (lo, hi) = if lo > hi {
        (0.0, 1.0)
    } else if lo == hi {
        (lo - 0.5, hi + 0.5)
    } else {
        (lo, hi)
    };
    let step = (hi - lo) / HISTOGRAM_BINS as f64;
    let mut edges: Vec<f64> = (0..HISTOGRAM_BINS).map(|i| lo + i as f64 * step).collect();
    edges.push(hi);
    let count = |v: &[f64]| {
        let mut c = vec![0u64; HISTOGRAM_BINS];
        for &x in v.iter().filter(|x| x.is_finite()) {
            let guess = ((x - lo) / (hi - lo) * HISTOGRAM_BINS as f64).floor();
            let mut i = if guess > 0.0 {
                (guess as usize).min(HISTOGRAM_BINS - 1)
            } else {
                0
            };
            while i > 0 && x < edges[i] {
                i -= 1;
            }
            while i + 1 < HISTOGRAM_BINS && x >= edges[i + 1] {
                i += 1;
            }
            c[i] += 1;
        }
        c
    };
    ScoreHistogram {
        reference: count(a),
        production: count(b),
        edges: edges.into_iter().map(Num).collect(),
    }
}

/// The row inspector: the [`TOP_ROWS`] production rows with the lowest decision scores.
fn top_rows(features: &Features, decision: &[f64], threshold: f64) -> Vec<OutlierRow> {
    let cmp = |a: &usize, b: &usize| decision[*a].total_cmp(&decision[*b]).then(a.cmp(b));
    let mut idx: Vec<usize> = (0..decision.len()).collect();
    if idx.len() > TOP_ROWS {
        idx.select_nth_unstable_by(TOP_ROWS - 1, cmp);
        idx.truncate(TOP_ROWS);
    }
    idx.sort_unstable_by(cmp);

    // Reference mean and std (ddof 1) of every numeric feature, on its finite values.
    let moments: Vec<(f64, f64)> = features
        .numeric
        .iter()
        .map(|f| {
            let v: Vec<f64> = f
                .reference
                .iter()
                .copied()
                .filter(|x| x.is_finite())
                .collect();
            (mean(&v), std_dev(&v, 1))
        })
        .collect();

    idx.into_iter()
        .map(|i| {
            let mut z: Vec<(String, f64)> = features
                .numeric
                .iter()
                .zip(&moments)
                .filter_map(|(f, &(m, s))| {
                    let x = *f.production.get(i)?;
                    let zv = (x - m) / s;
                    (x.is_finite() && s > 0.0 && zv.is_finite()).then(|| (f.name.to_owned(), zv))
                })
                .collect();
            // Largest |z| first; ties keep the feature order (stable sort).
            z.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()));
            z.truncate(MAX_Z_PER_ROW);
            OutlierRow {
                row: i + 2,
                score: Num(decision[i]),
                outlier: decision[i] < threshold,
                z: ZScores(z.into_iter().map(|(k, v)| (k, Num(v))).collect()),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outliers::ForestOptions;

    #[test]
    fn histogram_counts_like_numpy() {
        let h = histogram(&[0.0, 0.5, 1.0], &[1.0, 0.25]);
        assert_eq!(h.edges.len(), HISTOGRAM_BINS + 1);
        assert_eq!(h.edges[0], Num(0.0));
        assert_eq!(h.edges[HISTOGRAM_BINS], Num(1.0));
        assert_eq!(h.reference.iter().sum::<u64>(), 3);
        assert_eq!(h.reference[0], 1);
        assert_eq!(h.reference[15], 1); // 0.5 is edge 15
        assert_eq!(h.reference[29], 1); // max in the closed last bin
        assert_eq!(h.production[7], 1); // 0.25 ∈ [0.2333, 0.2667)
        let flat = histogram(&[0.1, 0.1], &[]);
        assert_eq!(flat.edges[0], Num(0.1 - 0.5));
        assert_eq!(flat.reference.iter().sum::<u64>(), 2);
        let empty = histogram(&[], &[]);
        assert_eq!(empty.reference, vec![0; HISTOGRAM_BINS]);
    }

    fn features_fixture<'a>(
        r1: &'a [f64],
        p1: &'a [f64],
        rc: &'a [u32],
        pc: &'a [u32],
    ) -> Features<'a> {
        Features {
            numeric: vec![NumericFeature {
                name: "x",
                reference: r1,
                production: p1,
            }],
            categorical: vec![CategoricalFeature {
                name: "c",
                reference: rc,
                production: pc,
            }],
        }
    }

    #[test]
    fn report_flags_the_odd_production_row_and_explains_it() {
        // Approximately normal values (Irwin–Hall: sum of 12 uniforms − 6) from the seeded RNG.
        let mut rng = crate::outliers::rng::Xoshiro256StarStar::seed_from_u64(11);
        let mut draw = || (0..12).map(|_| rng.next_f64()).sum::<f64>() - 6.0;
        let r1: Vec<f64> = (0..500).map(|_| draw()).collect();
        let mut p1: Vec<f64> = (0..100).map(|_| draw()).collect();
        let rc: Vec<u32> = (0..500).map(|i| (i % 3) as u32).collect();
        let pc: Vec<u32> = (0..100).map(|i| (i % 3) as u32).collect();
        p1[37] = 60.0;
        p1[5] = f64::NAN;
        let f = features_fixture(&r1, &p1, &rc, &pc);
        let rep = outlier_report(&f, &ForestParams::default()).unwrap();
        assert_eq!(rep.method, "isolation_forest");
        assert_eq!(
            (rep.seed, rep.trees, rep.sample_size, rep.samples_per_tree),
            (42, 100, 256, 256)
        );
        assert_eq!(rep.features, vec!["x", "c"]);
        assert_eq!(rep.top.len(), TOP_ROWS);
        assert_eq!(rep.top[0].row, 39);
        assert!(rep.top[0].outlier);
        assert_eq!(rep.top[0].z.0[0].0, "x");
        assert!(rep.top[0].z.0[0].1 .0 > 30.0);
        assert!(rep.top.windows(2).all(|w| w[0].score.0 <= w[1].score.0));
        // Row with a missing value: no z for it.
        if let Some(r) = rep.top.iter().find(|r| r.row == 7) {
            assert!(r.z.0.is_empty());
        }
        assert_eq!(rep.histogram.reference.iter().sum::<u64>(), 500);
        assert_eq!(rep.histogram.production.iter().sum::<u64>(), 100);
        assert_eq!(
            rep.outliers_production as f64 / 100.0,
            rep.share_production.0
        );
        // JSON shape.
        let j = serde_json::to_value(&rep).unwrap();
        for k in [
            "method",
            "seed",
            "share_reference",
            "share_production",
            "top",
            "histogram",
            "threshold",
        ] {
            assert!(j.get(k).is_some(), "{k}");
        }
        assert!(j["top"][0]["z"]["x"].is_number());
        let back: OutlierReport = serde_json::from_value(j).unwrap();
        assert_eq!(back, rep);
    }

    #[test]
    fn z_scores_keep_largest_first_order_in_json() {
        let z = ZScores(vec![("b".into(), Num(-5.0)), ("a".into(), Num(2.0))]);
        let s = serde_json::to_string(&z).unwrap();
        assert_eq!(s, r#"{"b":-5.0,"a":2.0}"#);
        assert_eq!(serde_json::from_str::<ZScores>(&s).unwrap(), z);
    }

    #[test]
    fn degenerate_feature_sets_are_errors_not_panics() {
        let p = ForestParams::default();
        assert_eq!(
            outlier_report(&Features::default(), &p).unwrap_err(),
            OutlierError::NoFeatures
        );
        let f = features_fixture(&[1.0], &[1.0, 2.0], &[0], &[0, 1]);
        assert_eq!(
            outlier_report(&f, &p).unwrap_err(),
            OutlierError::TooFewRows { rows: 1 }
        );
        let f = features_fixture(&[1.0, 2.0], &[1.0], &[0, 1], &[0, 1]);
        assert!(matches!(
            outlier_report(&f, &p).unwrap_err(),
            OutlierError::RaggedColumns {
                side: "production",
                ..
            }
        ));
        // No production rows: shares NaN, empty inspector.
        let f = features_fixture(&[1.0, 2.0, 3.0], &[], &[0, 1, 1], &[]);
        let rep = outlier_report(&f, &p).unwrap();
        assert!(rep.share_production.0.is_nan() && rep.top.is_empty());
        // Constant features: nothing flagged.
        let f = features_fixture(&[4.0; 10], &[9.0; 3], &[1; 10], &[2; 3]);
        let rep = outlier_report(&f, &p).unwrap();
        assert_eq!((rep.outliers_reference, rep.outliers_production), (0, 0));
        // Custom threshold is reported and applied.
        let q = ForestOptions {
            threshold: Some(0.6),
            ..ForestOptions::default()
        }
        .check()
        .unwrap();
        let rep = outlier_report(&f, &q).unwrap();
        assert_eq!(rep.share_production, Num(1.0));
    }
}
