//! The forest's input: a dense row-major [`Matrix`], and the [`FeatureEncoder`] that turns
//! raw feature columns into one (numeric as is, categorical frequency-encoded, missing →
//! reference median), learning everything on the reference file.

use std::collections::HashMap;

use super::errors::OutlierError;
use crate::stats::quantile_linear_unsorted;

/// Code of a missing value in a categorical column given to [`FeatureEncoder`].
pub const MISSING_CODE: u32 = u32::MAX;

/// A dense `rows × cols` matrix of `f64`, stored row-major (row `i` is
/// `data[i·cols .. (i+1)·cols]`).
///
/// # Remarks
/// Row-major is the layout scoring wants: one row's features are contiguous, so a block of
/// rows stays in cache while every tree is walked (see [`super::IsolationForest`]).
/// A matrix may have zero rows; it may have zero columns (the forest then refuses to fit).
#[derive(Clone, Debug, PartialEq)]
pub struct Matrix {
    rows: usize,
    cols: usize,
    data: Vec<f64>,
}

impl Matrix {
    /// Wraps row-major `data` of shape `rows × cols`.
    ///
    /// # Errors
    /// [`OutlierError::Shape`] when `data.len() != rows × cols`.
    pub fn from_row_major(rows: usize, cols: usize, data: Vec<f64>) -> Result<Self, OutlierError> {
        let expected = rows.checked_mul(cols).ok_or(OutlierError::Shape {
            expected: usize::MAX,
            found: data.len(),
        })?;
        if data.len() != expected {
            return Err(OutlierError::Shape {
                expected,
                found: data.len(),
            });
        }
        Ok(Matrix { rows, cols, data })
    }

    /// Builds a matrix from equally long columns (column `j` becomes feature `j`).
    ///
    /// # Errors
    /// [`OutlierError::Shape`] when the columns differ in length. With no column at all the
    /// result is `0 × 0`.
    pub fn from_columns(columns: &[&[f64]]) -> Result<Self, OutlierError> {
        let rows = columns.first().map_or(0, |c| c.len());
        if let Some(bad) = columns.iter().find(|c| c.len() != rows) {
            return Err(OutlierError::Shape {
                expected: rows,
                found: bad.len(),
            });
        }
        let cols = columns.len();
        let mut data = vec![0.0; rows * cols];
        for (j, col) in columns.iter().enumerate() {
            for (i, &v) in col.iter().enumerate() {
                data[i * cols + j] = v;
            }
        }
        Ok(Matrix { rows, cols, data })
    }

    /// Number of rows.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Number of columns (features).
    pub fn cols(&self) -> usize {
        self.cols
    }

    /// Row `i` (empty when out of range).
    pub fn row(&self, i: usize) -> &[f64] {
        self.data
            .get(i * self.cols..(i + 1) * self.cols)
            .unwrap_or(&[])
    }

    /// All values, row-major.
    pub fn as_slice(&self) -> &[f64] {
        &self.data
    }
}

/// Frequency encoding of one categorical column, learned on the reference.
#[derive(Clone, Debug, PartialEq)]
struct CategoryFrequencies {
    /// `(code, share of non-missing reference rows)` sorted by code.
    shares: Vec<(u32, f64)>,
    /// `shares` as a table indexed by code when the codes are small (dictionary codes are).
    dense: Vec<f64>,
    /// Value for a missing code: median of the encoded non-missing reference values.
    missing: f64,
}

impl CategoryFrequencies {
    fn encode(&self, code: u32) -> f64 {
        if code == MISSING_CODE {
            return self.missing;
        }
        if let Some(&v) = self.dense.get(code as usize) {
            return v;
        }
        match self.shares.binary_search_by_key(&code, |&(c, _)| c) {
            Ok(i) => self.shares[i].1,
            Err(_) => 0.0,
        }
    }
}

/// Turns feature columns into the forest's [`Matrix`]: numeric columns as they are,
/// categorical columns frequency-encoded, missing values replaced by the reference median.
/// Everything is learned on the **reference** columns ([`FeatureEncoder::fit`]) and applied
/// unchanged to both files ([`FeatureEncoder::transform`]).
///
/// # Formula
/// ```text
/// numeric j:      x'ᵢⱼ = xᵢⱼ                 if finite
///                      = median_ref(j)        if NaN or ±∞ (missing)
/// categorical j:  x'ᵢⱼ = n_ref(c) / N_ref(j)  for code c ≠ MISSING_CODE   (0 for a code unseen in the reference)
///                      = median_ref(j)        for MISSING_CODE
/// ```
/// where `median_ref(j)` is numpy's median (linear interpolation) of the finite reference
/// values of a numeric column, or of the encoded non-missing reference values of a
/// categorical one; `n_ref(c)` counts reference rows with code `c` and `N_ref(j)` the
/// non-missing reference rows.
///
/// # Remarks
/// - Category codes must mean the same category in both files (one dictionary for both).
/// - A category only seen in production encodes as 0: rarer than anything in the reference,
///   which is what makes it easy to isolate.
/// - A column with no usable reference value (all missing) encodes every missing value as
///   0.0; it is then constant in the reference and the forest never splits on it.
/// - Infinite numeric values are treated as missing: SPEC §2 reports them as a data-quality
///   issue and never feeds them to a test.
///
/// # References
/// Frequency ("count") encoding: Micci-Barreca, D. (2001), "A preprocessing scheme for
/// high-cardinality categorical attributes", *SIGKDD Explorations* 3(1),
/// <https://doi.org/10.1145/507533.507538> (the unsmoothed variant); numpy `median`.
#[derive(Clone, Debug, PartialEq)]
pub struct FeatureEncoder {
    numeric_medians: Vec<f64>,
    categorical: Vec<CategoryFrequencies>,
}

impl FeatureEncoder {
    /// Learns medians and category shares on the reference columns.
    ///
    /// # Remarks
    /// Columns may differ in length here (they are only summarised); [`Self::transform`]
    /// checks shapes.
    pub fn fit(numeric: &[&[f64]], categorical: &[&[u32]]) -> Self {
        let numeric_medians = numeric
            .iter()
            .map(|col| {
                let m = quantile_linear_unsorted(col, 0.5);
                if m.is_finite() {
                    m
                } else {
                    0.0
                }
            })
            .collect();
        let categorical = categorical
            .iter()
            .map(|col| Self::fit_categorical(col))
            .collect();
        FeatureEncoder {
            numeric_medians,
            categorical,
        }
    }

    fn fit_categorical(col: &[u32]) -> CategoryFrequencies {
        // Dictionary codes are small and dense: count in a table when they are.
        const DENSE_MAX: u32 = 1 << 20;
        let mut counts: HashMap<u32, u64> = HashMap::new();
        let mut table: Vec<u64> = Vec::new();
        let mut n = 0u64;
        for &c in col.iter().filter(|&&c| c != MISSING_CODE) {
            if c < DENSE_MAX {
                if table.len() <= c as usize {
                    table.resize(c as usize + 1, 0);
                }
                table[c as usize] += 1;
            } else {
                *counts.entry(c).or_insert(0) += 1;
            }
            n += 1;
        }
        for (c, &k) in table.iter().enumerate() {
            if k > 0 {
                counts.insert(c as u32, k);
            }
        }
        let mut shares: Vec<(u32, f64)> = counts
            .into_iter()
            .map(|(c, k)| (c, k as f64 / n as f64))
            .collect();
        shares.sort_unstable_by_key(|&(c, _)| c);
        let mut dense = vec![0.0; table.len()];
        for &(c, v) in &shares {
            if let Some(slot) = dense.get_mut(c as usize) {
                *slot = v;
            }
        }
        let mut f = CategoryFrequencies {
            shares,
            dense,
            missing: 0.0,
        };
        let encoded: Vec<f64> = col
            .iter()
            .filter(|&&c| c != MISSING_CODE)
            .map(|&c| f.encode(c))
            .collect();
        let m = quantile_linear_unsorted(&encoded, 0.5);
        f.missing = if m.is_finite() { m } else { 0.0 };
        f
    }

    /// Number of numeric columns learned.
    pub fn numeric_columns(&self) -> usize {
        self.numeric_medians.len()
    }

    /// Number of categorical columns learned.
    pub fn categorical_columns(&self) -> usize {
        self.categorical.len()
    }

    /// Reference medians used to impute the numeric columns (0.0 for an all-missing column).
    pub fn numeric_medians(&self) -> &[f64] {
        &self.numeric_medians
    }

    /// Encodes one file: the matrix has the numeric columns first, then the categorical ones,
    /// each in the order given.
    ///
    /// # Errors
    /// [`OutlierError::Shape`] when the number of numeric or categorical columns differs from
    /// [`Self::fit`]'s, or when the columns do not all have the same length.
    pub fn transform(
        &self,
        numeric: &[&[f64]],
        categorical: &[&[u32]],
    ) -> Result<Matrix, OutlierError> {
        if numeric.len() != self.numeric_medians.len() {
            return Err(OutlierError::Shape {
                expected: self.numeric_medians.len(),
                found: numeric.len(),
            });
        }
        if categorical.len() != self.categorical.len() {
            return Err(OutlierError::Shape {
                expected: self.categorical.len(),
                found: categorical.len(),
            });
        }
        let rows = numeric
            .first()
            .map(|c| c.len())
            .or_else(|| categorical.first().map(|c| c.len()))
            .unwrap_or(0);
        let lens = numeric
            .iter()
            .map(|c| c.len())
            .chain(categorical.iter().map(|c| c.len()));
        for len in lens {
            if len != rows {
                return Err(OutlierError::Shape {
                    expected: rows,
                    found: len,
                });
            }
        }
        let cols = numeric.len() + categorical.len();
        // In blocks of BLOCK rows, column after column: each column is read as one sequential
        // stream and written into a block that stays in cache. (Row by row with one read stream
        // per column took 5–8 s for 1M rows × 100 columns in the page's worker: a hundred
        // streams at once defeat the prefetcher and the TLB.)
        const BLOCK: usize = 256;
        let mut data = vec![0.0; rows * cols];
        for (b, out) in data.chunks_mut(BLOCK * cols.max(1)).enumerate() {
            let start = b * BLOCK;
            let n = out.len() / cols.max(1);
            for (j, (col, &median)) in numeric.iter().zip(&self.numeric_medians).enumerate() {
                for (k, &v) in col[start..start + n].iter().enumerate() {
                    out[k * cols + j] = if v.is_finite() { v } else { median };
                }
            }
            let base = numeric.len();
            for (j, (col, enc)) in categorical.iter().zip(&self.categorical).enumerate() {
                for (k, &code) in col[start..start + n].iter().enumerate() {
                    out[k * cols + base + j] = enc.encode(code);
                }
            }
        }
        Ok(Matrix { rows, cols, data })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matrix_shapes_are_checked() {
        assert!(Matrix::from_row_major(2, 3, vec![0.0; 6]).is_ok());
        assert_eq!(
            Matrix::from_row_major(2, 3, vec![0.0; 5]),
            Err(OutlierError::Shape {
                expected: 6,
                found: 5
            })
        );
        let m = Matrix::from_columns(&[&[1.0, 2.0], &[3.0, 4.0]]).unwrap();
        assert_eq!(m.as_slice(), &[1.0, 3.0, 2.0, 4.0]);
        assert_eq!(m.row(1), &[2.0, 4.0]);
        assert_eq!(m.row(2), &[] as &[f64]);
        assert!(Matrix::from_columns(&[&[1.0], &[3.0, 4.0]]).is_err());
    }

    #[test]
    fn the_blocked_transform_puts_every_cell_where_a_row_by_row_one_does() {
        // 1 000 rows: several blocks and a partial last one; NaN and ±inf imputed.
        let n = 1000;
        let a: Vec<f64> = (0..n)
            .map(|i| {
                if i % 97 == 0 {
                    f64::NAN
                } else {
                    i as f64 * 0.5
                }
            })
            .collect();
        let b: Vec<f64> = (0..n)
            .map(|i| {
                if i % 89 == 0 {
                    f64::INFINITY
                } else {
                    -(i as f64)
                }
            })
            .collect();
        let c: Vec<u32> = (0..n)
            .map(|i| {
                if i % 13 == 0 {
                    MISSING_CODE
                } else {
                    (i % 5) as u32
                }
            })
            .collect();
        let enc = FeatureEncoder::fit(&[&a, &b], &[&c]);
        let x = enc.transform(&[&a, &b], &[&c]).unwrap();
        assert_eq!((x.rows(), x.cols()), (n, 3));
        for i in 0..n {
            let want = [
                if a[i].is_finite() {
                    a[i]
                } else {
                    enc.numeric_medians()[0]
                },
                if b[i].is_finite() {
                    b[i]
                } else {
                    enc.numeric_medians()[1]
                },
                enc.categorical[0].encode(c[i]),
            ];
            assert_eq!(x.row(i), &want, "row {i}");
        }
        // No column at all: an empty matrix.
        let empty = FeatureEncoder::fit(&[], &[]).transform(&[], &[]).unwrap();
        assert_eq!((empty.rows(), empty.cols()), (0, 0));
    }

    #[test]
    fn encoder_imputes_medians_and_frequency_encodes_on_the_reference() {
        let num_ref: &[f64] = &[1.0, f64::NAN, 3.0, 10.0, f64::INFINITY];
        let cat_ref: &[u32] = &[0, 0, 1, MISSING_CODE, 2];
        let enc = FeatureEncoder::fit(&[num_ref], &[cat_ref]);
        assert_eq!(enc.numeric_medians(), &[3.0]);
        let x = enc.transform(&[num_ref], &[cat_ref]).unwrap();
        // shares: 0 → 2/4, 1 → 1/4, 2 → 1/4; encoded non-missing [.5,.5,.25,.25] → median 0.375
        assert_eq!(x.row(0), &[1.0, 0.5]);
        assert_eq!(x.row(1), &[3.0, 0.5]);
        assert_eq!(x.row(3), &[10.0, 0.375]);
        assert_eq!(x.row(4), &[3.0, 0.25]);
        // production: unseen category 7 → 0, missing → reference median
        let p = enc
            .transform(&[&[f64::NAN, 5.0]], &[&[7, MISSING_CODE]])
            .unwrap();
        assert_eq!(p.as_slice(), &[3.0, 0.0, 5.0, 0.375]);
    }

    #[test]
    fn all_missing_reference_columns_encode_as_zero() {
        let enc = FeatureEncoder::fit(&[&[f64::NAN, f64::NAN]], &[&[MISSING_CODE, MISSING_CODE]]);
        let x = enc
            .transform(&[&[f64::NAN, 2.0]], &[&[MISSING_CODE, 1]])
            .unwrap();
        assert_eq!(x.as_slice(), &[0.0, 0.0, 2.0, 0.0]);
    }

    #[test]
    fn encoder_checks_shapes() {
        let enc = FeatureEncoder::fit(&[&[1.0]], &[]);
        assert!(enc.transform(&[], &[]).is_err());
        assert!(enc.transform(&[&[1.0]], &[&[0]]).is_err());
        let enc = FeatureEncoder::fit(&[&[1.0], &[2.0]], &[]);
        assert!(enc.transform(&[&[1.0], &[2.0, 3.0]], &[]).is_err());
    }
}
