//! Outliers (SPEC §5, §9 `outliers`): a seeded Isolation Forest fitted on the reference
//! feature rows, scoring both files with scikit-learn's conventions, plus the row inspector.
//!
//! # Pipeline
//! 1. [`Features`] (numeric columns and categorical code columns of both files) →
//!    [`FeatureEncoder`] learned on the reference (numeric as is, categorical
//!    frequency-encoded, missing → reference median) → two row-major [`Matrix`]es.
//! 2. [`ForestOptions`] (seed 42, 100 trees, ψ = 256, contamination 0.01) are validated once into
//!    [`ForestParams`] (linfa's `ParamGuard` pattern; errors in [`ParamsError`]).
//! 3. [`IsolationForest::fit`] on the reference matrix, then
//!    [`IsolationForest::decision_function`] on both:
//!    `decision = 0.5 − 2^(−E[h(x)]/c(ψ))`, outlier when `decision < threshold`.
//! 4. [`outlier_report`] calibrates the threshold on the reference (its own decision-score
//!    quantile at the contamination, unless a fixed threshold is given), compares production's
//!    share beyond it with the expected share by a one-sided binomial test ([`binomial_sf`]),
//!    and assembles the [`OutlierReport`]: shares, the test, score histograms, and the top 20
//!    production rows with z-scores against the reference.
//!
//! # Reproducibility
//! The forest uses its own PRNG ([`rng`]: SplitMix64 → xoshiro256**) and its own portable
//! `ln`/`exp2` ([`detmath`]), so the same inputs and seed give bit-identical scores natively
//! and in wasm. No `rand`, no `getrandom`.
//!
//! # Note on the seed's threshold
//! The decision score lies in (−0.5, 0.5), so the seed's rule `decision_function < −0.5`
//! can never fire, and scikit-learn's `contamination='auto'` threshold of 0 flags about 30 % of
//! an ordinary reference (so "36 % outliers in production" says little). The threshold is
//! therefore calibrated on the reference (SPEC §5); a fixed one may be configured, and the report
//! carries both files' score histograms so the choice can be judged.
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
    ForestOptions, ForestParams, DEFAULT_CONTAMINATION, MAX_SAMPLE_SIZE, MAX_TREES,
    MAX_TREES_TIMES_SAMPLES,
};
pub use report::{
    binomial_sf, outlier_report, CategoricalFeature, Features, NumericFeature, OutlierReport,
    OutlierRow, ScoreHistogram, ZScores, HISTOGRAM_BINS, MAX_Z_PER_ROW, OUTLIER_P, OUTLIER_RATIO,
    REFERENCE_SCORED_ROWS, TOP_ROWS,
};
