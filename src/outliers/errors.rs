//! Errors of the outlier detector: invalid settings ([`ParamsError`]) and inputs the forest
//! cannot be fitted on or applied to ([`OutlierError`]).

/// An invalid [`super::ForestOptions`] value; each variant names the precondition it breaks.
#[derive(Clone, Copy, Debug, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ParamsError {
    /// `trees` must be in `1 ..= MAX_TREES` (10 000).
    #[error("outliers.trees must be between 1 and {max}, got {trees}", max = super::params::MAX_TREES)]
    Trees {
        /// The rejected value.
        trees: usize,
    },
    /// `sample_size` must be in `2 ..= MAX_SAMPLE_SIZE` (65 536).
    #[error("outliers.sample_size must be between 2 and {max}, got {sample_size}", max = super::params::MAX_SAMPLE_SIZE)]
    SampleSize {
        /// The rejected value.
        sample_size: usize,
    },
    /// `trees × sample_size` must not exceed `MAX_TREES_TIMES_SAMPLES` (2²⁴).
    #[error("outliers.trees × outliers.sample_size = {trees} × {sample_size} is too large (limit {max})",
        max = super::params::MAX_TREES_TIMES_SAMPLES)]
    TooLarge {
        /// Requested trees.
        trees: usize,
        /// Requested sample size.
        sample_size: usize,
    },
    /// `threshold` must be a finite number.
    #[error("outliers.threshold must be a finite number")]
    Threshold,
    /// `contamination` must be in (0, 0.5].
    #[error("outliers.contamination must be in (0, 0.5], got {contamination}")]
    Contamination {
        /// The value given.
        contamination: f64,
    },
}

/// The outlier detector cannot run on these inputs.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum OutlierError {
    /// The settings are invalid.
    #[error(transparent)]
    Params(#[from] ParamsError),
    /// Fitting needs at least two reference rows (a one-point tree isolates nothing:
    /// c(1) = 0 and every score would be 0/0).
    #[error("outliers: need at least 2 reference rows to fit an Isolation Forest, got {rows}")]
    TooFewRows {
        /// Reference rows available.
        rows: usize,
    },
    /// There is no feature column to isolate rows on.
    #[error("outliers: no feature column (numeric or categorical) to fit an Isolation Forest on")]
    NoFeatures,
    /// A matrix's data length is not `rows × columns`, or a matrix to score has a different
    /// number of columns than the one the forest was fitted on.
    #[error("outliers: matrix shape mismatch: expected {expected} values/columns, got {found}")]
    Shape {
        /// What the shape requires.
        expected: usize,
        /// What was given.
        found: usize,
    },
    /// Feature columns of one file have different lengths.
    #[error(
        "outliers: feature `{column}` of the {side} file has {found} rows, expected {expected}"
    )]
    RaggedColumns {
        /// `"reference"` or `"production"`.
        side: &'static str,
        /// The offending column.
        column: String,
        /// Rows of the first feature column of that file.
        expected: usize,
        /// Rows of this column.
        found: usize,
    },
    /// A value the forest is fitted on is NaN or infinite (use [`super::FeatureEncoder`],
    /// which imputes them, to build the matrix).
    #[error("outliers: non-finite value at row {row}, column {column} of the fitting matrix")]
    NonFinite {
        /// 0-based row of the matrix.
        row: usize,
        /// 0-based column of the matrix.
        column: usize,
    },
}
