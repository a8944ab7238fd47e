//! Outliers (SPEC §5, §9 `outliers`): a seeded Isolation Forest fitted on the reference
//! feature rows, scoring both files with scikit-learn's conventions, plus the row inspector.
//!
//! # Pipeline
//! 1. [`Features`] (numeric columns and categorical code columns of both files) →
//!    [`FeatureEncoder`] learned on the reference (numeric as is, categorical
//!    frequency-encoded, missing → reference median) → two row-major [`Matrix`]es.
//! 2. [`ForestOptions`] (seed 42, 100 trees, ψ = 256, threshold 0) are validated once into
//!    [`ForestParams`] (linfa's `ParamGuard` pattern; errors in [`ParamsError`]).
//! 3. [`IsolationForest::fit`] on the reference matrix, then
//!    [`IsolationForest::decision_function`] on both:
//!    `decision = 0.5 − 2^(−E[h(x)]/c(ψ))`, outlier when `decision < threshold`.
//! 4. [`outlier_report`] assembles the [`OutlierReport`]: shares, score histograms, and the
//!    top 20 production rows with z-scores against the reference.
//!
//! # Reproducibility
//! The forest uses its own PRNG ([`rng`]: SplitMix64 → xoshiro256**) and its own portable
//! `ln`/`exp2` ([`detmath`]), so the same inputs and seed give bit-identical scores natively
//! and in wasm. No `rand`, no `getrandom`.
//!
//! # Note on the seed's threshold
//! The decision score lies in (−0.5, 0.5), so the seed's rule `decision_function < −0.5`
//! can never fire; the default threshold is scikit-learn's 0 (`predict == −1` for
//! `contamination='auto'`), configurable, and the report carries both files' score
//! histograms so the choice can be judged.
//!
//! # References
//! Liu, F. T., Ting, K. M. & Zhou, Z.-H. (2008), "Isolation Forest", *ICDM 2008*, 413–422,
//! <https://doi.org/10.1109/ICDM.2008.17>; scikit-learn `sklearn.ensemble.IsolationForest`.

pub mod detmath;
mod errors;
mod isolation_forest;
mod matrix;
mod params;
mod report;
pub mod rng;

pub use errors::{OutlierError, ParamsError};
pub use isolation_forest::{IsolationForest, OFFSET};
pub use matrix::{FeatureEncoder, Matrix, MISSING_CODE};
pub use params::{
    ForestOptions, ForestParams, MAX_SAMPLE_SIZE, MAX_TREES, MAX_TREES_TIMES_SAMPLES,
};
pub use report::{
    outlier_report, CategoricalFeature, Features, NumericFeature, OutlierReport, OutlierRow,
    ScoreHistogram, ZScores, HISTOGRAM_BINS, MAX_Z_PER_ROW, TOP_ROWS,
};
