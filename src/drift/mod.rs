//! Drift tests: one file per test, the table of methods, the per-column settings and the suites
//! that turn them into a column's verdict.
//!
//! # Layout
//! | file | holds |
//! |---|---|
//! | `method.rs` | [`Method`] and the table [`METHODS`] (id, name, reason label, explanation, default threshold, [`Direction`], [`AppliesTo`]); [`auto_method`] |
//! | `options.rs` | [`ColumnOptions`], [`Binning`] and their rules: [`ColumnOptions::check`] ([`OptionsError`]) |
//! | `suite/` | [`numeric_drift`] / [`numeric_drift_sorted`] / [`numeric_drift_all`], [`categorical_drift`] / [`categorical_drift_all`]: the verdict ([`ColumnDrift`], [`TestResult`]) and its reason |
//! | `error.rs` | [`DriftError`] |
//! | [`binning`] | the binnings of numeric columns (cuts, edges, Sturges, one bin per value) |
//! | one file per statistic | [`ks`], [`wasserstein`], [`psi`] (PSI and the seed PSI), [`jensenshannon`], [`kl_div`], [`hellinger`], [`anderson`], [`cramer_von_mises`], [`energy`], [`t_test`], [`mann_whitney`] (numeric); [`chi_square`], [`z_test`], [`fisher_exact`], [`g_test`], [`tvd`] (category counts) |
//!
//! Everything is re-exported here: callers write `crate::drift::{Method, numeric_drift, …}`.
//!
//! # What this layer may use
//! `crate::stats` (shared numerics), `crate::format` (numbers in the reasons and details) and
//! `crate::num` — nothing above it: no `data`, `report`, `chart` or `ui`. `tests/architecture.rs`
//! fails on an import that points up or sideways.
//!
//! # Entry points
//! * [`numeric_drift`] / [`numeric_drift_sorted`] / [`categorical_drift`]: the verdict of one
//!   column ([`ColumnDrift`]), with the chosen method (Evidently's automatic rule,
//!   [`auto_method`], or the user's override) and the always-computed extras.
//! * [`numeric_drift_all`] / [`categorical_drift_all`]: the same verdict plus **every**
//!   applicable method of SPEC §3.1 (`--tests all`); methods that cannot be computed on the
//!   data are listed with their reason in [`ColumnDrift::not_computable`].
//! * [`ColumnOptions::check`]: the rules on one column's settings, for the settings'
//!   validation.
//!
//! Every statistic reproduces a reference implementation (scipy 1.18, numpy 2, statsmodels,
//! Evidently 0.7) to the tolerances in `tests/util.rs`; `tests/golden.rs` checks them against
//! `tests/golden`.
//!
//! # Adding a method
//! One file and one table row (plus the variant and its call):
//! 1. `src/drift/<name>.rs`: the statistic on sorted samples (`x_sorted`, `y_sorted`) or on
//!    count vectors (`ref_counts`, `prod_counts`), returning `Result<_, DriftError>`
//!    ([`DriftError::NotComputable`] when the data do not allow it). Document it as the others
//!    are: `# Formula`, `# Remarks`, `# Errors`, `# References` with the reference
//!    implementation, and a golden test against it in `tests/golden.rs`. Add `pub mod <name>;`
//!    below.
//! 2. `method.rs`: a [`Method`] variant **at the end** of the enum (the declaration order is the
//!    derived `Ord`) whose serde name is the id, its place in [`Method::ALL`] (display order),
//!    and its row in [`METHODS`] at the same place: id, name, reason label (`"… p ="` for a
//!    p-value), explanation, default threshold, [`Direction`], [`AppliesTo`]. The build fails
//!    when a variant has no row; the unit tests check the order and the ids.
//! 3. `suite/`: one `c.run(Method::New, false, || …)` in the suite of its kind — numeric
//!    (`numeric_suite` in `suite/numeric.rs`, on sorted values), the methods on shares (`shares_tests`, both kinds),
//!    or the tests on category counts (`category_tests`). `false` keeps it out of the default
//!    set (it runs when chosen or with `--tests all`).
//!
//! Nothing else changes: the page's method list, the settings' validation, the reason text and
//! the JSON report read the table.
//!
//! # Missing values
//! Callers pass the non-missing values; [`numeric_drift`] additionally drops NaN and ±∞.
//! An empty side is [`DriftError::NotComputable`], never a NaN verdict.
//!
//! # Cost
//! Samples are sorted once by the caller (`*_sorted` entry points); every rank statistic
//! (Anderson–Darling, Cramér–von Mises, Mann–Whitney) and every ECDF integral (Wasserstein,
//! energy, KS) is one O(n₁ + n₂) merge of the two sorted samples. Nothing is O(n²).

pub mod domain;
mod error;
mod method;
mod options;
pub mod reconstruction;
mod suite;

pub mod anderson;
pub mod binning;
pub mod chi_square;
pub mod cramer_von_mises;
pub mod energy;
pub mod fisher_exact;
pub mod g_test;
pub mod hellinger;
pub mod jensenshannon;
pub mod kl_div;
pub mod ks;
pub mod mann_whitney;
pub mod psi;
pub mod t_test;
pub mod tvd;
pub mod wasserstein;
pub mod z_test;

pub use binning::{histogram, Histogram};
pub use error::DriftError;
pub use method::{auto_method, AppliesTo, Direction, Method, MethodInfo, METHODS};
pub use options::{Binning, ColumnOptions, OptionsError, DEFAULT_N_BINS, N_BINS_RANGE};
pub use suite::{
    categorical_drift, categorical_drift_all, categorical_drift_chosen, numeric_drift,
    numeric_drift_all, numeric_drift_chosen, numeric_drift_sorted, ColumnDrift, TestResult,
};
