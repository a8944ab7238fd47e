//! Error rate from a status column (SPEC §7).

use serde::{Deserialize, Serialize};

use super::{compare_proportions, wilson_interval, ProportionComparison};
use crate::num::Num;

/// The rule of [`classify_status`] in words (written into the report).
pub const ERROR_RULE: &str =
    "error = HTTP code outside 200–299, or error/err/errored/true/1/failed/fail/failure/timeout/exception; \
ok = HTTP 2xx, or ok/success/succeeded/false/0/pass/passed; anything else is unrecognised and left out of the rate";

/// What a status value says about its request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StatusClass {
    /// The request succeeded.
    Ok,
    /// The request failed.
    Error,
    /// The value is not understood; the row is left out of the rate and counted apart.
    Unrecognised,
}

/// Classifies one status value ([`ERROR_RULE`]).
///
/// # Formula
/// ```text
/// v = trim(lowercase(value))
/// v an integer in [100, 599]          → Error unless 200 ≤ v ≤ 299   (HTTP: non-2xx is an error)
/// v numeric and equal to 1 / 0        → Error / Ok                   (boolean flags: 1, 1.0, 0, 0.0)
/// v ∈ {error, err, errored, true, failed, fail, failure, timeout, timed_out, exception} → Error
/// v ∈ {ok, success, succeeded, successful, false, pass, passed}                         → Ok
/// anything else                        → Unrecognised
/// ```
///
/// # Remarks
/// SPEC §7 lists non-2xx, `error`, `true`, `1`; `failed` and the obvious synonyms are added.
/// Non-2xx includes 1xx and 3xx (redirects are counted as errors, as "non-2xx" says; a team
/// that serves redirects on purpose should map them before). Other numbers (e.g. `2`, `42`)
/// are unrecognised rather than guessed.
///
/// # References
/// RFC 9110 §15 (HTTP status codes), <https://www.rfc-editor.org/rfc/rfc9110#section-15>.
pub fn classify_status(value: &str) -> StatusClass {
    let v = value.trim().to_lowercase();
    if let Ok(x) = v.parse::<f64>() {
        if x.fract() == 0.0 && (100.0..=599.0).contains(&x) {
            return if (200.0..=299.0).contains(&x) {
                StatusClass::Ok
            } else {
                StatusClass::Error
            };
        }
        return if x == 1.0 {
            StatusClass::Error
        } else if x == 0.0 {
            StatusClass::Ok
        } else {
            StatusClass::Unrecognised
        };
    }
    match v.as_str() {
        "error" | "err" | "errored" | "true" | "failed" | "fail" | "failure" | "timeout"
        | "timed_out" | "exception" => StatusClass::Error,
        "ok" | "success" | "succeeded" | "successful" | "false" | "pass" | "passed" => {
            StatusClass::Ok
        }
        _ => StatusClass::Unrecognised,
    }
}

/// Error rate of one file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ErrorRateSide {
    /// Rows with a recognised status (the denominator).
    pub n: u64,
    /// Rows classified as errors.
    pub errors: u64,
    /// Rows with a status value that is not understood.
    pub unrecognised: u64,
    /// Rows with a missing status.
    pub missing: u64,
    /// `errors / n` (NaN when `n = 0`).
    pub rate: Num,
    /// Lower end of the 95 % Wilson interval.
    pub ci_low: Num,
    /// Upper end of the 95 % Wilson interval.
    pub ci_high: Num,
}

/// Error rate of one file's status column with its 95 % Wilson interval.
///
/// # Formula
/// ```text
/// rate = #{Error} / #{Error or Ok}       CI: wilson_interval(errors, n)
/// ```
///
/// # Remarks
/// Missing and unrecognised values are left out of both counts and reported apart.
///
/// # References
/// See [`classify_status`] and [`wilson_interval`](super::wilson_interval).
pub fn error_rate_side(status: &[Option<&str>]) -> ErrorRateSide {
    let (mut n, mut errors, mut unrecognised, mut missing) = (0u64, 0u64, 0u64, 0u64);
    for s in status {
        match s.map(classify_status) {
            None => missing += 1,
            Some(StatusClass::Unrecognised) => unrecognised += 1,
            Some(StatusClass::Error) => {
                n += 1;
                errors += 1;
            }
            Some(StatusClass::Ok) => n += 1,
        }
    }
    let (lo, hi) = wilson_interval(errors, n);
    ErrorRateSide {
        n,
        errors,
        unrecognised,
        missing,
        rate: Num(if n == 0 {
            f64::NAN
        } else {
            errors as f64 / n as f64
        }),
        ci_low: Num(lo),
        ci_high: Num(hi),
    }
}

/// The error-rate block: both files, and production compared with the reference.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ErrorRateReport {
    /// Status column.
    pub column: String,
    /// How values were classified ([`ERROR_RULE`]).
    pub rule: String,
    /// Reference.
    pub reference: ErrorRateSide,
    /// Production.
    pub production: ErrorRateSide,
    /// Production (a) vs reference (b): z-test and CI of the difference; `null` when a file
    /// has no recognised status.
    pub change: Option<ProportionComparison>,
}

/// Error rate per file and its change (SPEC §7).
///
/// # Formula
/// [`error_rate_side`] per file; `change` = [`compare_proportions`](super::compare_proportions)`(errors_prod, n_prod, errors_ref, n_ref)`.
///
/// # References
/// `statsmodels.stats.proportion.proportion_confint(method='wilson')`, `proportions_ztest`.
pub fn error_rate_report(
    column: &str,
    reference: &[Option<&str>],
    production: &[Option<&str>],
) -> ErrorRateReport {
    let r = error_rate_side(reference);
    let p = error_rate_side(production);
    let change = if r.n > 0 && p.n > 0 {
        compare_proportions(p.errors, p.n, r.errors, r.n).ok()
    } else {
        None
    };
    ErrorRateReport {
        column: column.to_owned(),
        rule: ERROR_RULE.to_owned(),
        reference: r,
        production: p,
        change,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_status_parsing() {
        use StatusClass::*;
        for (v, want) in [
            ("200", Ok),
            ("204", Ok),
            ("299", Ok),
            ("301", Error),
            ("404", Error),
            ("500", Error),
            ("503 ", Error),
            ("100", Error),
            ("1", Error),
            ("1.0", Error),
            ("0", Ok),
            ("true", Error),
            ("TRUE", Error),
            ("False", Ok),
            ("error", Error),
            ("Failed", Error),
            ("timeout", Error),
            ("ok", Ok),
            ("success", Ok),
            ("2", Unrecognised),
            ("600", Unrecognised),
            ("200.5", Unrecognised),
            ("maybe", Unrecognised),
        ] {
            assert_eq!(classify_status(v), want, "{v:?}");
        }
    }

    #[test]
    fn error_rate_counts_and_interval() {
        let s = [
            Some("200"),
            Some("500"),
            None,
            Some("weird"),
            Some("200"),
            Some("error"),
        ];
        let r = error_rate_side(&s);
        assert_eq!((r.n, r.errors, r.unrecognised, r.missing), (4, 2, 1, 1));
        assert_eq!(r.rate.0, 0.5);
        let (lo, hi) = wilson_interval(2, 4);
        assert_eq!((r.ci_low.0, r.ci_high.0), (lo, hi));
        // Symmetric around 0.5 for p̂ = 0.5.
        assert!((lo + hi - 1.0).abs() < 1e-15);
        let rep = error_rate_report("status", &s, &[Some("200")]);
        let change = rep.change.unwrap_or_else(|| panic!("change"));
        assert_eq!(change.difference.0, -0.5);
        assert!(error_rate_report("status", &[None], &s).change.is_none());
    }
}
