//! Hyper-parameters of the Isolation Forest: raw [`ForestOptions`] are checked once into
//! [`ForestParams`] (linfa's `ParamGuard` pattern), after which fitting cannot fail on them.

use serde::{Deserialize, Serialize};

use super::errors::ParamsError;

/// Largest number of trees accepted.
pub const MAX_TREES: usize = 10_000;
/// Largest sub-sample size ψ accepted.
pub const MAX_SAMPLE_SIZE: usize = 1 << 16;
/// Largest `trees × sample_size` accepted (bounds the forest to ≈ 2²⁵ nodes, ≈ 800 MB).
pub const MAX_TREES_TIMES_SAMPLES: usize = 1 << 24;

/// Settings of the outlier detector as the user gives them (SPEC §9 `outliers.{seed,trees,
/// sample_size,contamination,threshold}`), before validation.
///
/// # Formula
/// A production row is an outlier when
/// ```text
/// decision(x) = 0.5 − 2^(−E[h(x)]/c(ψ))  <  threshold
/// threshold   = quantile_linear(decision(reference rows), contamination)   (default)
/// ```
/// (scikit-learn's `decision_function`; with the calibrated threshold this is scikit-learn's
/// `IsolationForest(contamination=c)`, whose `offset_` is the reference's own score percentile).
///
/// # Remarks
/// The calibrated threshold makes the verdict mean something: by construction `contamination`
/// of the reference is flagged, and production's share beyond the same threshold is compared
/// with it by a binomial test. scikit-learn's `contamination='auto'` threshold of 0 flags about
/// 30 % of an ordinary reference, and the seed's `decision_function < −0.5` can never fire.
/// A fixed `threshold` may still be given (then no calibration); the decision lies in
/// (−0.5, 0.5), so a threshold ≤ −0.5 never flags anything and ≥ 0.5 flags everything; both are
/// accepted and the UI shows the score histogram so the choice can be judged.
///
/// # References
/// Liu, F. T., Ting, K. M. & Zhou, Z.-H. (2008), "Isolation Forest", *ICDM 2008*,
/// <https://doi.org/10.1109/ICDM.2008.17>; scikit-learn `IsolationForest`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ForestOptions {
    /// Seed of the forest's PRNG: the same seed gives bit-identical scores on every platform.
    pub seed: u64,
    /// Number of isolation trees (scikit-learn `n_estimators`), 1 ..= [`MAX_TREES`].
    pub trees: usize,
    /// Rows sub-sampled (without replacement) per tree, ψ (scikit-learn `max_samples`),
    /// 2 ..= [`MAX_SAMPLE_SIZE`]; capped at the number of reference rows when fitting.
    pub sample_size: usize,
    /// The share of the reference expected to be outliers, in (0, 0.5]: the threshold is the
    /// reference's own decision-score quantile at this share (default 0.01).
    pub contamination: f64,
    /// A fixed threshold instead of the calibrated one: a row is an outlier when its decision
    /// score is strictly below this finite value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub threshold: Option<f64>,
}

/// Default expected outlier share of the reference.
pub const DEFAULT_CONTAMINATION: f64 = 0.01;

impl Default for ForestOptions {
    fn default() -> Self {
        ForestOptions {
            seed: 42,
            trees: 100,
            sample_size: 256,
            contamination: DEFAULT_CONTAMINATION,
            threshold: None,
        }
    }
}

impl ForestOptions {
    /// Validates the options once.
    ///
    /// # Errors
    /// [`ParamsError`] when `trees` or `sample_size` are out of range, their product exceeds
    /// [`MAX_TREES_TIMES_SAMPLES`], or `threshold` is not finite.
    pub fn check(&self) -> Result<ForestParams, ParamsError> {
        if self.trees == 0 || self.trees > MAX_TREES {
            return Err(ParamsError::Trees { trees: self.trees });
        }
        if self.sample_size < 2 || self.sample_size > MAX_SAMPLE_SIZE {
            return Err(ParamsError::SampleSize {
                sample_size: self.sample_size,
            });
        }
        if self.trees.saturating_mul(self.sample_size) > MAX_TREES_TIMES_SAMPLES {
            return Err(ParamsError::TooLarge {
                trees: self.trees,
                sample_size: self.sample_size,
            });
        }
        if self.threshold.is_some_and(|t| !t.is_finite()) {
            return Err(ParamsError::Threshold);
        }
        if !(self.contamination > 0.0 && self.contamination <= 0.5) {
            return Err(ParamsError::Contamination {
                contamination: self.contamination,
            });
        }
        Ok(ForestParams(*self))
    }
}

impl TryFrom<ForestOptions> for ForestParams {
    type Error = ParamsError;

    fn try_from(o: ForestOptions) -> Result<Self, ParamsError> {
        o.check()
    }
}

/// Validated [`ForestOptions`]: only [`ForestOptions::check`] makes one, so everything
/// downstream may rely on the ranges documented there.
///
/// # Formula
/// ```text
/// 1 ≤ trees ≤ 10 000,  2 ≤ sample_size ≤ 65 536,  trees · sample_size ≤ 2²⁴,
/// 0 < contamination ≤ 0.5,  threshold finite when given
/// ```
///
/// # Remarks
/// `ForestParams::default()` is the validated default options.
///
/// # References
/// linfa's `ParamGuard` (`src/param_guard.rs`): parse hyper-parameters once instead of
/// re-checking them.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct ForestParams(ForestOptions);

impl ForestParams {
    /// The options these parameters were validated from.
    pub fn options(&self) -> &ForestOptions {
        &self.0
    }
    /// PRNG seed.
    pub fn seed(&self) -> u64 {
        self.0.seed
    }
    /// Number of trees (≥ 1).
    pub fn trees(&self) -> usize {
        self.0.trees
    }
    /// Configured sub-sample size ψ (≥ 2).
    pub fn sample_size(&self) -> usize {
        self.0.sample_size
    }
    /// The fixed outlier threshold on the decision score, when one was given (`None`: calibrated
    /// on the reference at [`Self::contamination`]).
    pub fn threshold(&self) -> Option<f64> {
        self.0.threshold
    }
    /// Expected outlier share of the reference, in (0, 0.5].
    pub fn contamination(&self) -> f64 {
        self.0.contamination
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_sklearns_with_seed_42() {
        let o = ForestOptions::default();
        assert_eq!(
            (o.seed, o.trees, o.sample_size, o.contamination, o.threshold),
            (42, 100, 256, 0.01, None)
        );
        assert_eq!(o.check(), Ok(ForestParams::default()));
    }

    #[test]
    fn invalid_options_are_rejected_once() {
        let d = ForestOptions::default();
        assert_eq!(
            ForestOptions { trees: 0, ..d }.check(),
            Err(ParamsError::Trees { trees: 0 })
        );
        assert_eq!(
            ForestOptions {
                sample_size: 1,
                ..d
            }
            .check(),
            Err(ParamsError::SampleSize { sample_size: 1 })
        );
        assert_eq!(
            ForestOptions {
                threshold: Some(f64::NAN),
                ..d
            }
            .check(),
            Err(ParamsError::Threshold)
        );
        for c in [0.0, 0.6, f64::NAN] {
            assert!(matches!(
                ForestOptions {
                    contamination: c,
                    ..d
                }
                .check(),
                Err(ParamsError::Contamination { .. })
            ));
        }
        assert!(matches!(
            ForestOptions {
                trees: 10_000,
                sample_size: 65_536,
                ..d
            }
            .check(),
            Err(ParamsError::TooLarge { .. })
        ));
        assert!(ForestParams::try_from(ForestOptions {
            threshold: Some(-0.5),
            ..d
        })
        .is_ok());
    }

    #[test]
    fn options_deserialise_with_defaults_for_missing_keys() {
        let o: ForestOptions = serde_json::from_str(r#"{"seed": 7}"#).unwrap();
        assert_eq!(
            o,
            ForestOptions {
                seed: 7,
                ..ForestOptions::default()
            }
        );
    }
}
