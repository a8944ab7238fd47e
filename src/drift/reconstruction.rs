//! Multivariate drift by PCA data reconstruction (NannyML 0.13's
//! `DataReconstructionDriftCalculator`): a model of the reference's joint structure (its main
//! principal components) reconstructs each row; when production's rows reconstruct worse, the
//! joint distribution moved — even when no single column did (a correlation that flips).

use crate::stats::{mean, std_dev};

/// Share of the variance the kept components explain (NannyML's `n_components=0.65`).
pub const EXPLAINED_VARIANCE: f64 = 0.65;

/// One feature of both files.
#[derive(Clone, Copy, Debug)]
pub enum Feature<'a> {
    /// Numbers, NaN (or ±∞) = missing.
    Numeric(&'a [f64]),
    /// Category index per row (`None` = missing); indices shared by both files.
    Categorical(&'a [Option<u32>]),
}

/// How one feature is turned into a number: impute, encode, standardise.
#[derive(Clone, Debug, PartialEq)]
enum Encoding {
    /// Missing → the reference mean (scikit-learn `SimpleImputer(strategy="mean")`).
    Numeric { fill: f64 },
    /// Missing → the reference's most frequent category (`strategy="most_frequent"`, ties to
    /// the smallest index), then the category's share of the reference rows
    /// (`category_encoders.CountEncoder(normalize=True)`; a category the reference lacks → 0).
    Categorical { fill: u32, share: Vec<f64> },
}

/// A fitted reconstruction model.
#[derive(Clone, Debug, PartialEq)]
pub struct Reconstruction {
    encodings: Vec<Encoding>,
    /// StandardScaler: mean and scale (population std; 1 where the std is 0).
    center: Vec<f64>,
    scale: Vec<f64>,
    /// PCA: the mean of the standardised reference and the kept components (unit rows).
    pca_mean: Vec<f64>,
    components: Vec<Vec<f64>>,
    /// Explained variance ratio of every component, largest first.
    pub explained_variance_ratio: Vec<f64>,
}

/// Eigenvalues and unit eigenvectors (as rows) of a symmetric `d × d` matrix (row-major), by
/// cyclic Jacobi rotations; largest eigenvalue first.
///
/// # References
/// Golub & Van Loan (2013), *Matrix Computations*, 4th ed., §8.5 (the cyclic Jacobi method).
pub fn symmetric_eigen(a: &[f64], d: usize) -> (Vec<f64>, Vec<Vec<f64>>) {
    let mut m = a.to_vec();
    let mut v = vec![0.0; d * d];
    for i in 0..d {
        v[i * d + i] = 1.0;
    }
    for _sweep in 0..100 {
        let off: f64 = (0..d)
            .flat_map(|i| (0..d).filter(move |&j| j != i).map(move |j| (i, j)))
            .map(|(i, j)| m[i * d + j] * m[i * d + j])
            .sum();
        let total: f64 = m.iter().map(|x| x * x).sum();
        if off <= 1e-30 * total.max(f64::MIN_POSITIVE) {
            break;
        }
        for p in 0..d {
            for q in p + 1..d {
                let apq = m[p * d + q];
                if apq == 0.0 {
                    continue;
                }
                let (app, aqq) = (m[p * d + p], m[q * d + q]);
                let theta = (aqq - app) / (2.0 * apq);
                let sign = if theta >= 0.0 { 1.0 } else { -1.0 };
                let t = sign / (theta.abs() + (theta * theta + 1.0).sqrt());
                let c = 1.0 / (t * t + 1.0).sqrt();
                let s = t * c;
                for k in 0..d {
                    let (mkp, mkq) = (m[k * d + p], m[k * d + q]);
                    m[k * d + p] = c * mkp - s * mkq;
                    m[k * d + q] = s * mkp + c * mkq;
                }
                for k in 0..d {
                    let (mpk, mqk) = (m[p * d + k], m[q * d + k]);
                    m[p * d + k] = c * mpk - s * mqk;
                    m[q * d + k] = s * mpk + c * mqk;
                }
                for k in 0..d {
                    let (vkp, vkq) = (v[k * d + p], v[k * d + q]);
                    v[k * d + p] = c * vkp - s * vkq;
                    v[k * d + q] = s * vkp + c * vkq;
                }
            }
        }
    }
    let mut order: Vec<usize> = (0..d).collect();
    order.sort_by(|&a, &b| m[b * d + b].total_cmp(&m[a * d + a]).then(a.cmp(&b)));
    let values = order.iter().map(|&i| m[i * d + i]).collect();
    let vectors = order
        .iter()
        .map(|&j| (0..d).map(|k| v[k * d + j]).collect())
        .collect();
    (values, vectors)
}

impl Reconstruction {
    /// Fits on the reference rows `rows` (indices) of `features`.
    ///
    /// # Formula
    /// ```text
    /// xᵢⱼ  imputed (mean / most frequent), categories → reference share
    /// zᵢⱼ  = (xᵢⱼ − mean_j) / std_j                      (std ddof 0; 1 when 0)
    /// C    = (Z − z̄)ᵀ(Z − z̄) / (n − 1),  C vⱼ = λⱼ vⱼ,  λ₁ ≥ λ₂ ≥ …
    /// k    = the fewest components with Σ_{j≤k} λⱼ / Σ λ > 0.65   (scikit-learn's rule)
    /// ```
    /// `None` without a feature or with fewer than 2 rows.
    pub fn fit(features: &[Feature], rows: &[usize]) -> Option<Reconstruction> {
        let d = features.len();
        if d == 0 || rows.len() < 2 {
            return None;
        }
        let encodings: Vec<Encoding> = features
            .iter()
            .map(|f| match f {
                Feature::Numeric(v) => {
                    let finite: Vec<f64> = rows
                        .iter()
                        .filter_map(|&i| v.get(i).copied())
                        .filter(|x| x.is_finite())
                        .collect();
                    Encoding::Numeric {
                        fill: if finite.is_empty() {
                            0.0
                        } else {
                            mean(&finite)
                        },
                    }
                }
                Feature::Categorical(v) => {
                    let k = v.iter().flatten().max().map_or(0, |&m| m as usize + 1);
                    let mut counts = vec![0u64; k.max(1)];
                    for &i in rows {
                        if let Some(Some(c)) = v.get(i) {
                            counts[*c as usize] += 1;
                        }
                    }
                    let fill = counts
                        .iter()
                        .enumerate()
                        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(&a.0)))
                        .map_or(0, |(i, _)| i as u32);
                    // The encoder counts the imputed rows too.
                    let missing = rows.len() as u64 - counts.iter().sum::<u64>();
                    counts[fill as usize] += missing;
                    let n = rows.len() as f64;
                    Encoding::Categorical {
                        fill,
                        share: counts.iter().map(|&c| c as f64 / n).collect(),
                    }
                }
            })
            .collect();
        let mut model = Reconstruction {
            encodings,
            center: vec![0.0; d],
            scale: vec![1.0; d],
            pca_mean: vec![0.0; d],
            components: Vec::new(),
            explained_variance_ratio: Vec::new(),
        };
        // Encoded reference, column by column, then standardised.
        let cols: Vec<Vec<f64>> = (0..d)
            .map(|j| rows.iter().map(|&i| model.encode(features, j, i)).collect())
            .collect();
        for (j, c) in cols.iter().enumerate() {
            model.center[j] = mean(c);
            let s = std_dev(c, 0);
            model.scale[j] = if s > 0.0 && s.is_finite() { s } else { 1.0 };
        }
        let z: Vec<Vec<f64>> = cols
            .iter()
            .enumerate()
            .map(|(j, c)| {
                c.iter()
                    .map(|&x| (x - model.center[j]) / model.scale[j])
                    .collect()
            })
            .collect();
        for (j, c) in z.iter().enumerate() {
            model.pca_mean[j] = mean(c);
        }
        let n = rows.len();
        let mut cov = vec![0.0; d * d];
        for a in 0..d {
            for b in a..d {
                let (ma, mb) = (model.pca_mean[a], model.pca_mean[b]);
                let s: f64 = z[a]
                    .iter()
                    .zip(&z[b])
                    .map(|(x, y)| (x - ma) * (y - mb))
                    .sum();
                cov[a * d + b] = s / (n - 1) as f64;
                cov[b * d + a] = cov[a * d + b];
            }
        }
        let (values, vectors) = symmetric_eigen(&cov, d);
        let total: f64 = values.iter().map(|v| v.max(0.0)).sum();
        // NaN or non-positive: nothing varies.
        if total.is_nan() || total <= 0.0 {
            return None;
        }
        model.explained_variance_ratio = values.iter().map(|v| v.max(0.0) / total).collect();
        let mut cum = 0.0;
        let mut k = 0;
        for r in &model.explained_variance_ratio {
            k += 1;
            cum += r;
            if cum > EXPLAINED_VARIANCE {
                break;
            }
        }
        model.components = vectors.into_iter().take(k).collect();
        Some(model)
    }

    /// Number of components kept.
    pub fn n_components(&self) -> usize {
        self.components.len()
    }

    /// Feature `j` of row `i`, imputed and encoded (not standardised); NaN when `features` does
    /// not have the fitted shape.
    fn encode(&self, features: &[Feature], j: usize, i: usize) -> f64 {
        match (features.get(j), self.encodings.get(j)) {
            (Some(Feature::Numeric(v)), Some(Encoding::Numeric { fill })) => {
                v.get(i).copied().filter(|x| x.is_finite()).unwrap_or(*fill)
            }
            (Some(Feature::Categorical(v)), Some(Encoding::Categorical { fill, share })) => {
                let c = v.get(i).copied().flatten().unwrap_or(*fill);
                share.get(c as usize).copied().unwrap_or(0.0)
            }
            _ => f64::NAN,
        }
    }

    /// The reconstruction error of row `i`.
    ///
    /// # Formula
    /// ```text
    /// e = ‖(z − z̄) − Σⱼ ((z − z̄)·vⱼ) vⱼ‖₂       over the kept components vⱼ
    /// ```
    pub fn row_error(&self, features: &[Feature], i: usize) -> f64 {
        let d = self.center.len();
        let r: Vec<f64> = (0..d)
            .map(|j| {
                (self.encode(features, j, i) - self.center[j]) / self.scale[j] - self.pca_mean[j]
            })
            .collect();
        let mut resid = r.clone();
        for v in &self.components {
            let p: f64 = r.iter().zip(v).map(|(a, b)| a * b).sum();
            for (x, vj) in resid.iter_mut().zip(v) {
                *x -= p * vj;
            }
        }
        resid.iter().map(|x| x * x).sum::<f64>().sqrt()
    }

    /// Mean and sampling error (std with ddof 1 / √n) of the row errors of `rows`.
    pub fn chunk_error(&self, features: &[Feature], rows: &[usize]) -> (f64, f64) {
        let e: Vec<f64> = rows.iter().map(|&i| self.row_error(features, i)).collect();
        if e.is_empty() {
            return (f64::NAN, f64::NAN);
        }
        let m = mean(&e);
        let se = if e.len() > 1 {
            std_dev(&e, 1) / (e.len() as f64).sqrt()
        } else {
            f64::NAN
        };
        (m, se)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jacobi_finds_the_eigenpairs_of_a_known_matrix() {
        // [[2, 1], [1, 2]]: eigenvalues 3 and 1, eigenvectors (1, 1)/√2 and (1, −1)/√2.
        let (vals, vecs) = symmetric_eigen(&[2.0, 1.0, 1.0, 2.0], 2);
        assert!((vals[0] - 3.0).abs() < 1e-12 && (vals[1] - 1.0).abs() < 1e-12);
        let h = std::f64::consts::FRAC_1_SQRT_2;
        assert!((vecs[0][0].abs() - h).abs() < 1e-12 && (vecs[0][1].abs() - h).abs() < 1e-12);
        assert!(vecs[0][0] * vecs[0][1] > 0.0 && vecs[1][0] * vecs[1][1] < 0.0);
        // A diagonal matrix is its own decomposition, sorted.
        let (vals, _) = symmetric_eigen(&[1.0, 0.0, 0.0, 0.0, 5.0, 0.0, 0.0, 0.0, 2.0], 3);
        assert_eq!(vals, vec![5.0, 2.0, 1.0]);
    }

    #[test]
    fn a_flipped_correlation_reconstructs_worse() {
        let n = 2000;
        let mut s = 0x1234_5678_9abc_def1_u64;
        let mut next = || {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            (s >> 11) as f64 / (1u64 << 53) as f64 - 0.5
        };
        let a: Vec<f64> = (0..2 * n).map(|_| next()).collect();
        let noise: Vec<f64> = (0..2 * n).map(|_| next() * 0.2).collect();
        // Rows < n: b follows a; rows ≥ n: b follows −a (same marginals).
        let b: Vec<f64> = (0..2 * n)
            .map(|i| {
                if i < n {
                    a[i] + noise[i]
                } else {
                    -a[i] + noise[i]
                }
            })
            .collect();
        let f = [Feature::Numeric(&a), Feature::Numeric(&b)];
        let reference: Vec<usize> = (0..n).collect();
        let m = Reconstruction::fit(&f, &reference).unwrap();
        assert_eq!(m.n_components(), 1);
        let (same, _) = m.chunk_error(&f, &(0..n).collect::<Vec<_>>());
        let (flipped, _) = m.chunk_error(&f, &(n..2 * n).collect::<Vec<_>>());
        assert!(flipped > 5.0 * same, "{same} vs {flipped}");
    }
}
