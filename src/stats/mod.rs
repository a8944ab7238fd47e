//! Shared numerics: NaN-aware sorting, numpy-compatible sums, moments and quantiles, and the
//! special functions the drift tests need (Kolmogorov distributions, χ² and normal tails).
//!
//! Everything here is pure, allocation-light and panic-free on any input: degenerate inputs
//! (empty slices, `n <= ddof`, …) give a documented value (usually `NaN`) instead of a panic.
//!
//! Results are written to agree with numpy to the last few ulps:
//! [`pairwise_sum`] reproduces numpy's pairwise summation tree, [`mean`] and [`std_dev`] follow
//! `numpy.mean` / `numpy.std`, and [`quantile_linear`] is `numpy.quantile(method='linear')`.

/// The standard-normal quantile of 0.975 (two-sided 95 %): `scipy.stats.norm.ppf(0.975)`.
pub const Z_95: f64 = 1.959963984540054;

pub mod bessel;
pub mod cramer_von_mises;
mod dd;
pub mod kolmogorov;
pub mod mann_whitney;
mod radix;
pub(crate) use radix::sort_by_key_u64;
pub mod ranks;
pub mod special;

mod distinct;
mod moments;
mod quantile;
mod shares;
mod sort;
mod sum;

pub use distinct::{count_distinct_pooled, count_distinct_pooled_up_to, count_distinct_sorted};
pub use moments::{mean, std_dev, variance};
pub use quantile::{quantile_linear, quantile_linear_unsorted};
pub use shares::{ratio, shares};
pub use sort::sorted_finite;
pub(crate) use sort::{order_key, order_key_inverse};
pub use sum::{fsum, pairwise_sum};
