//! Service health (SPEC §7): latency percentiles, Prometheus buckets and the SLO; error rate;
//! cost and budget; version / A-B comparison and shadow models; user feedback.
//!
//! Every entry point takes plain slices, one entry per CSV row of one file:
//! `&[f64]` for numbers (`NaN` = missing; `±∞` are dropped like missing values, SPEC §2) and
//! `&[Option<&str>]` for text (`None` = missing). Outputs are serde structs whose floats are
//! [`Num`], so non-finite values are written `"NaN"`, `"inf"`, `"-inf"`.
//!
//! | function | output | JSON keys |
//! |---|---|---|
//! | [`latency_report`] | [`LatencyReport`] | `column`, `unit` (`"ms"`/`"s"`), `reference` / `production` `{n, p50, p95, p99, mean, max}` in the column's unit, `reference_ms` / `production_ms` (same in ms), `slo {percentile, target_ms, value_ms, met, chunks: [{label, n, value_ms, met, share_within_target}], chunks_met_share}`, `buckets_s` `[0.01, 0.05, 0.1, 0.5, 1, 5]`, `bucket_counts {reference: [7 cumulative counts, last = +Inf], production: […]}` |
//! | [`error_rate_report`] | [`ErrorRateReport`] | `column`, `rule`, `reference` / `production` `{n, errors, unrecognised, missing, rate, ci_low, ci_high}`, `change` (production vs reference, [`ProportionComparison`]) |
//! | [`cost_report`] | [`CostReport`] | `column`, `price_per_1k_tokens`, `reference` / `production` `{n, missing, sum, mean}`, `span_days`, `projected_monthly`, `budget`, `compared_to_budget`, `budget_exceeded`, `alert` |
//! | [`version_report`] | [`VersionReport`] | `column`, `outcome` (`accuracy` / `positive_rate` / `error_rate`), `baseline`, `versions: [{version, n, n_outcome, successes, rate, ci_low, ci_high}]`, `comparisons: [{version, baseline, n_a, successes_a, rate_a, n_b, successes_b, rate_b, difference, z, p_value, ci_low, ci_high, significant, verdict}]` |
//! | [`shadow_comparison`] | [`ShadowReport`] | `primary`, `shadow`, `n`, `agreements`, `agreement_rate`, `agreement_ci_low`, `agreement_ci_high`, `n_labelled`, `primary_accuracy`, `shadow_accuracy` |
//! | [`llm_eval`] | [`LlmEval`] | `matcher`, `matcher_requested`, `tolerance`, `threshold`, `alpha`, `by`, `evaluated`, `passed`, `skipped`, `versions: [{version, files, requests, evaluated, passed, pass_rate, pass_rate_ci, latency_p50, latency_p99, error_rate, cost_per_request, cost_total, thumbs_up_rate, regeneration_rate, previous, pass_rate_change, p_value, regression}]`, `best`, `regressions`, `failures`, `failures_total`, `masked_values` |
//! | [`feedback_report`] | [`FeedbackReport`] | `column`, `threshold`, `reference` / `production` `{n, negative, positive, unrecognised, missing, error_rate, ci_low, ci_high}`, `retrain`, `reason` |
//!
//! Confidence intervals are 95 %: Wilson score intervals for one proportion
//! ([`wilson_interval`]) and unpooled Wald intervals for a difference of two
//! ([`compare_proportions`]).

mod cost;
mod feedback;
mod latency;
mod llm;
mod proxy;
mod status;
mod version;

use serde::{Deserialize, Serialize};

use crate::num::Num;
use crate::stats::special::normal_sf;

pub use cost::{cost_report, CostOptions, CostReport, CostSide, SECONDS_PER_MONTH};
pub use feedback::{
    classify_feedback, feedback_report, feedback_side, FeedbackClass, FeedbackReport, FeedbackSide,
    DEFAULT_FEEDBACK_THRESHOLD,
};
pub use latency::{
    bucket_counts, latency_report, latency_stats, BucketCounts, LatencyReport, LatencyStats,
    LatencyUnit, SloChunk, SloOptions, SloResult, PROMETHEUS_BUCKETS_S,
};
pub use llm::{
    llm_eval, matches as eval_matches, metric as llm_metric, metric_label as llm_metric_label,
    metric_text as llm_metric_text, normalise, number_in, row_passes, LlmEval, LlmEvalOptions,
    LlmFailure, LlmFile, LlmRegression, LlmSkipped, LlmVersion, Matcher,
    TABLE_METRICS as LLM_TABLE_METRICS,
};
pub use proxy::{
    change_test as proxy_change_test, pearson, proxy_side, proxy_values, ProxyKind, ProxySide,
};
pub use status::{
    classify_status, error_rate_report, error_rate_side, ErrorRateReport, ErrorRateSide,
    StatusClass, ERROR_RULE,
};
pub use version::{
    row_outcomes, shadow_comparison, version_report, OutcomeInputs, OutcomeKind, ShadowReport,
    VersionComparison, VersionReport, VersionStats,
};

pub use crate::stats::Z_95;

/// Why a service-health block could not be computed.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ServiceError {
    /// Two per-row slices of the same file must have the same length.
    #[error("{what}: {found} values for {expected} rows")]
    LengthMismatch {
        /// Which input is off (e.g. `"SLO chunk labels"`).
        what: &'static str,
        /// Rows expected.
        expected: usize,
        /// Entries found.
        found: usize,
    },
    /// An option is out of range (percentile outside [0, 100], negative budget, …).
    #[error("invalid option: {0}")]
    InvalidOption(String),
    /// A success count larger than its number of trials.
    #[error("{successes} successes out of {n} trials")]
    InvalidCounts {
        /// Successes.
        successes: u64,
        /// Trials.
        n: u64,
    },
    /// The baseline version asked for does not occur in the version column.
    #[error("baseline version `{0}` not found in the version column")]
    UnknownBaseline(String),
    /// No outcome can be computed per version: no labels, no prediction with a positive label
    /// and no status column.
    #[error(
        "version comparison needs labels, a prediction with a positive label, or a status column"
    )]
    NoOutcome,
    /// No row has a value (e.g. an all-missing version column).
    #[error("{0}: no usable row")]
    Empty(&'static str),
}

/// Checks that `found == expected`.
pub(crate) fn check_len(
    what: &'static str,
    expected: usize,
    found: usize,
) -> Result<(), ServiceError> {
    if expected == found {
        Ok(())
    } else {
        Err(ServiceError::LengthMismatch {
            what,
            expected,
            found,
        })
    }
}

/// 95 % Wilson score interval of a proportion `successes / n`.
///
/// # Formula
/// ```text
/// p̂ = s/n,  z = 1.959963984540054
/// center = (p̂ + z²/(2n)) / (1 + z²/n)
/// half   = z·sqrt( p̂(1 − p̂)/n + z²/(4n²) ) / (1 + z²/n)
/// [low, high] = [center − half, center + half]
/// ```
///
/// # Remarks
/// Unlike the Wald interval it stays inside [0, 1] and is not degenerate at p̂ = 0 or 1.
/// `(NaN, NaN)` when `n = 0`; a success count above `n` is clamped to `n`.
///
/// # References
/// Wilson, E. B. (1927), "Probable inference, the law of succession, and statistical
/// inference", *JASA* 22(158), 209–212, <https://doi.org/10.1080/01621459.1927.10502953>;
/// `statsmodels.stats.proportion.proportion_confint(count, nobs, alpha=0.05, method='wilson')`.
pub fn wilson_interval(successes: u64, n: u64) -> (f64, f64) {
    if n == 0 {
        return (f64::NAN, f64::NAN);
    }
    let nf = n as f64;
    let q = successes.min(n) as f64 / nf;
    let crit2 = Z_95 * Z_95;
    let denom = 1.0 + crit2 / nf;
    let center = (q + crit2 / (2.0 * nf)) / denom;
    let dist = Z_95 * (q * (1.0 - q) / nf + crit2 / (4.0 * nf * nf)).sqrt() / denom;
    (center - dist, center + dist)
}

/// Two proportions compared: pooled two-proportion z-test and unpooled Wald 95 % CI of the
/// difference `rate_a − rate_b`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProportionComparison {
    /// Trials of sample a (the version, or production).
    pub n_a: u64,
    /// Successes of sample a.
    pub successes_a: u64,
    /// `successes_a / n_a`.
    pub rate_a: Num,
    /// Trials of sample b (the baseline, or the reference).
    pub n_b: u64,
    /// Successes of sample b.
    pub successes_b: u64,
    /// `successes_b / n_b`.
    pub rate_b: Num,
    /// `rate_a − rate_b`.
    pub difference: Num,
    /// Pooled z statistic (positive when a is higher).
    pub z: Num,
    /// Two-sided p-value.
    pub p_value: Num,
    /// Lower end of the 95 % CI of the difference (unpooled Wald).
    pub ci_low: Num,
    /// Upper end of the 95 % CI of the difference.
    pub ci_high: Num,
    /// `p_value < 0.05`.
    pub significant: bool,
}

/// Compares two proportions `s_a/n_a` and `s_b/n_b`.
///
/// # Formula
/// ```text
/// p_a = s_a/n_a,  p_b = s_b/n_b,  P = (s_a + s_b)/(n_a + n_b)          (pooled)
/// z   = (p_a − p_b) / sqrt( P(1 − P)(1/n_a + 1/n_b) ),   p = 2·Φ(−|z|)
/// CI  = (p_a − p_b) ± 1.959963984540054 · sqrt( p_a(1−p_a)/n_a + p_b(1−p_b)/n_b )   (unpooled Wald)
/// ```
///
/// # Remarks
/// The test pools (the null hypothesis is p_a = p_b), the interval does not (it describes the
/// difference wherever it is), which is the usual pairing and what statsmodels gives.
/// When the pooled variance is 0 (both samples all-success or all-failure) z = 0 and p = 1
/// (Evidently's convention; statsmodels returns NaN). With `n_a = 0` or `n_b = 0` every
/// float is NaN and `significant` is false. `p` uses `erfc`, so tiny p-values keep their
/// relative precision.
///
/// # Errors
/// [`ServiceError::InvalidCounts`] when a success count exceeds its trials.
///
/// # References
/// `statsmodels.stats.proportion.proportions_ztest([s_a, s_b], [n_a, n_b], value=0,
/// alternative='two-sided', prop_var=False)`; `confint_proportions_2indep(s_a, n_a, s_b, n_b,
/// method='wald', compare='diff')`; Newcombe, R. G. (1998), "Interval estimation for the
/// difference between independent proportions", *Statistics in Medicine* 17, 873–890,
/// <https://doi.org/10.1002/(SICI)1097-0258(19980430)17:8%3C873::AID-SIM779%3E3.0.CO;2-I>.
pub fn compare_proportions(
    s_a: u64,
    n_a: u64,
    s_b: u64,
    n_b: u64,
) -> Result<ProportionComparison, ServiceError> {
    if s_a > n_a {
        return Err(ServiceError::InvalidCounts {
            successes: s_a,
            n: n_a,
        });
    }
    if s_b > n_b {
        return Err(ServiceError::InvalidCounts {
            successes: s_b,
            n: n_b,
        });
    }
    let rate = |s: u64, n: u64| {
        if n == 0 {
            f64::NAN
        } else {
            s as f64 / n as f64
        }
    };
    let (p_a, p_b) = (rate(s_a, n_a), rate(s_b, n_b));
    let diff = p_a - p_b;
    let (z, p, lo, hi) = if n_a == 0 || n_b == 0 {
        (f64::NAN, f64::NAN, f64::NAN, f64::NAN)
    } else {
        let (na, nb) = (n_a as f64, n_b as f64);
        let pooled = (s_a + s_b) as f64 / (n_a + n_b) as f64;
        let var = pooled * (1.0 - pooled) * (1.0 / na + 1.0 / nb);
        let (z, p) = if var > 0.0 {
            let z = diff / var.sqrt();
            (z, (2.0 * normal_sf(z.abs())).min(1.0))
        } else {
            (0.0, 1.0)
        };
        let se = (p_a * (1.0 - p_a) / na + p_b * (1.0 - p_b) / nb).sqrt();
        (z, p, diff - Z_95 * se, diff + Z_95 * se)
    };
    Ok(ProportionComparison {
        n_a,
        successes_a: s_a,
        rate_a: Num(p_a),
        n_b,
        successes_b: s_b,
        rate_b: Num(p_b),
        difference: Num(diff),
        z: Num(z),
        p_value: Num(p),
        ci_low: Num(lo),
        ci_high: Num(hi),
        significant: p < 0.05,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wilson_interval_closed_form() {
        // s = 10, n = 50: p̂ = 0.2, z² = 3.841458820694124,
        // denom = 1 + z²/50 = 1.07682917641388, center = (0.2 + z²/100)/denom = 0.22140428,
        // half = z·sqrt(0.2·0.8/50 + z²/10000)/denom.
        let z2 = Z_95 * Z_95;
        let denom = 1.0 + z2 / 50.0;
        let center = (0.2 + z2 / 100.0) / denom;
        let half = Z_95 * (0.0032f64 + z2 / 10000.0).sqrt() / denom;
        let (lo, hi) = wilson_interval(10, 50);
        assert!((lo - (center - half)).abs() < 1e-15 && (hi - (center + half)).abs() < 1e-15);
        // statsmodels.stats.proportion.proportion_confint(10, 50, method='wilson')
        //   = (0.1124375..., 0.3303711...) (statsmodels' closed form evaluated in Python).
        assert!(
            (lo - 0.1124375001577611).abs() < 1e-12 && (hi - 0.3303710593222542).abs() < 1e-12,
            "({lo}, {hi})"
        );
        // p̂ = 0: the interval starts exactly at 0 and is not degenerate.
        let (lo0, hi0) = wilson_interval(0, 20);
        assert!(
            lo0.abs() < 1e-15 && hi0 > 0.1 && hi0 < 0.2,
            "({lo0}, {hi0})"
        );
        // z²/(n + z²) is the closed form of the upper end at p̂ = 0.
        assert!((hi0 - z2 / (20.0 + z2)).abs() < 1e-15);
        assert!(wilson_interval(0, 0).0.is_nan());
    }

    #[test]
    fn two_proportion_z_test_hand_computed() {
        // Version a: 120/400 = 0.30; baseline b: 90/400 = 0.225.
        // Pooled P = 210/800 = 0.2625; SE₀ = sqrt(0.2625·0.7375·(1/400 + 1/400))
        //          = sqrt(0.19359375 · 0.005) = sqrt(0.00096796875) = 0.031112195...
        // z = 0.075 / 0.031112195 = 2.4106302...; p = 2·Φ(−2.4106302) = erfc(z/√2) = 0.0159250...
        // Wald SE = sqrt(0.3·0.7/400 + 0.225·0.775/400) = sqrt(0.000525 + 0.000435938) = 0.0309990...
        // CI = 0.075 ± 1.959964·0.0309990 = [0.014243, 0.135757].
        let r = compare_proportions(120, 400, 90, 400).unwrap_or_else(|e| panic!("{e}"));
        let z = 0.075 / (0.2625f64 * 0.7375 * 0.005).sqrt();
        assert!((r.difference.0 - 0.075).abs() < 1e-15);
        assert!((r.z.0 - z).abs() < 1e-12);
        assert!((r.z.0 - 2.4106302).abs() < 1e-6, "{}", r.z.0);
        // math.erfc(2.4106302110709232 / math.sqrt(2)) = 0.015924985627566977
        assert!(
            (r.p_value.0 / 0.015924985627566977 - 1.0).abs() < 1e-9,
            "{}",
            r.p_value.0
        );
        let se = (0.3f64 * 0.7 / 400.0 + 0.225 * 0.775 / 400.0).sqrt();
        assert!((r.ci_low.0 - (0.075 - Z_95 * se)).abs() < 1e-15);
        assert!((r.ci_low.0 - 0.014243).abs() < 1e-6 && (r.ci_high.0 - 0.135757).abs() < 1e-6);
        assert!(r.significant);
    }

    #[test]
    fn z_test_degenerate_cases() {
        let r = compare_proportions(0, 10, 0, 20).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((r.z.0, r.p_value.0), (0.0, 1.0));
        assert!(!r.significant);
        let r = compare_proportions(0, 0, 3, 20).unwrap_or_else(|e| panic!("{e}"));
        assert!(r.p_value.0.is_nan() && !r.significant);
        assert!(matches!(
            compare_proportions(5, 4, 0, 1),
            Err(ServiceError::InvalidCounts { .. })
        ));
    }

    #[test]
    fn sentence_number_formats() {
        assert_eq!(crate::format::points(-0.16, false), "−16.0");
        assert_eq!(crate::format::points(0.031, false), "+3.1");
        assert_eq!(crate::format::p_short(0.0004), "< 0.001");
        assert_eq!(crate::format::p_short(0.41), "0.410");
    }
}
