//! User feedback (correct / thumbs up-down): error rate and the retrain flag (SPEC §7, §8).

use serde::{Deserialize, Serialize};

use super::wilson_interval;
use crate::num::Num;

/// Retrain when the production feedback error rate exceeds this (seed value 0.1).
pub const DEFAULT_FEEDBACK_THRESHOLD: f64 = 0.1;

/// What a feedback value says about the prediction it refers to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FeedbackClass {
    /// The prediction was right / liked.
    Positive,
    /// The prediction was wrong / disliked.
    Negative,
    /// Not understood; left out of the rate.
    Unrecognised,
}

/// Classifies one feedback value.
///
/// # Formula
/// ```text
/// v = trim(lowercase(value)), spaces and '-' read as '_' (except in numbers)
/// Positive: 1, 1.0, +1, true, t, yes, y, correct, right, good, up, thumbs_up, thumbsup, thumb_up, like, liked, 👍
/// Negative: 0, 0.0, -1, false, f, no, n, incorrect, wrong, bad, down, thumbs_down, thumbsdown, thumb_down, dislike, disliked, 👎
/// anything else: Unrecognised
/// ```
///
/// # Remarks
/// Covers the encodings of SPEC §7: correct / thumbs up-down / 1-0 / true-false / up-down.
/// Ratings on a scale (1–5 stars) are not feedback in this sense and stay unrecognised, except
/// that `1` and `0` are read as correct / incorrect.
pub fn classify_feedback(value: &str) -> FeedbackClass {
    let lower = value.trim().to_lowercase();
    // "thumbs up" / "thumbs-down" → "thumbs_up" / "thumbs_down"; numbers such as "-1" stay.
    let v = if lower.parse::<f64>().is_ok() {
        lower
    } else {
        lower.replace([' ', '-'], "_")
    };
    match v.as_str() {
        "1" | "1.0" | "+1" | "true" | "t" | "yes" | "y" | "correct" | "right" | "good" | "up"
        | "thumbs_up" | "thumbsup" | "thumb_up" | "like" | "liked" | "👍" => {
            FeedbackClass::Positive
        }
        "0" | "0.0" | "-1" | "false" | "f" | "no" | "n" | "incorrect" | "wrong" | "bad"
        | "down" | "thumbs_down" | "thumbsdown" | "thumb_down" | "dislike" | "disliked" | "👎" => {
            FeedbackClass::Negative
        }
        _ => FeedbackClass::Unrecognised,
    }
}

/// Feedback of one file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FeedbackSide {
    /// Rows with recognised feedback (the denominator).
    pub n: u64,
    /// Negative feedback.
    pub negative: u64,
    /// Positive feedback.
    pub positive: u64,
    /// Values not understood.
    pub unrecognised: u64,
    /// Missing values.
    pub missing: u64,
    /// `negative / n` (NaN when `n = 0`).
    pub error_rate: Num,
    /// Lower end of the 95 % Wilson interval.
    pub ci_low: Num,
    /// Upper end of the 95 % Wilson interval.
    pub ci_high: Num,
}

/// Feedback error rate of one file.
///
/// # Formula
/// ```text
/// error_rate = #{Negative} / #{Positive or Negative},   CI: wilson_interval(negative, n)
/// ```
///
/// # Remarks
/// Missing and unrecognised values are counted apart and left out of the rate.
///
/// # References
/// [`wilson_interval`](super::wilson_interval).
pub fn feedback_side(values: &[Option<&str>]) -> FeedbackSide {
    let (mut pos, mut neg, mut unrec, mut missing) = (0u64, 0u64, 0u64, 0u64);
    for v in values {
        match v.map(classify_feedback) {
            None => missing += 1,
            Some(FeedbackClass::Positive) => pos += 1,
            Some(FeedbackClass::Negative) => neg += 1,
            Some(FeedbackClass::Unrecognised) => unrec += 1,
        }
    }
    let n = pos + neg;
    let (lo, hi) = wilson_interval(neg, n);
    FeedbackSide {
        n,
        negative: neg,
        positive: pos,
        unrecognised: unrec,
        missing,
        error_rate: Num(if n == 0 {
            f64::NAN
        } else {
            neg as f64 / n as f64
        }),
        ci_low: Num(lo),
        ci_high: Num(hi),
    }
}

/// The feedback block.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FeedbackReport {
    /// Feedback column.
    pub column: String,
    /// Retrain threshold on the production error rate.
    pub threshold: Num,
    /// Reference, when the reference has the column.
    pub reference: Option<FeedbackSide>,
    /// Production.
    pub production: FeedbackSide,
    /// Production error rate > threshold.
    pub retrain: bool,
    /// Why retraining is recommended, in plain words.
    pub reason: Option<String>,
}

/// Feedback error rate per file and the retrain flag.
///
/// # Formula
/// ```text
/// retrain = error_rate_production > threshold      (strict; default threshold 0.1)
/// ```
///
/// # Remarks
/// Without recognised production feedback the rate is NaN and `retrain` is false. The
/// threshold is the seed value of SPEC §8 ("feedback error rate > 0.1").
pub fn feedback_report(
    column: &str,
    reference: Option<&[Option<&str>]>,
    production: &[Option<&str>],
    threshold: f64,
) -> FeedbackReport {
    let p = feedback_side(production);
    let rate = p.error_rate.0;
    let retrain = rate > threshold;
    let reason = retrain.then(|| {
        format!(
            "feedback error rate {rate:.3} > {threshold} on `{column}` ({} of {} negative)",
            p.negative, p.n
        )
    });
    FeedbackReport {
        column: column.to_owned(),
        threshold: Num(threshold),
        reference: reference.map(feedback_side),
        production: p,
        retrain,
        reason,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feedback_values() {
        use FeedbackClass::*;
        for (v, want) in [
            ("correct", Positive),
            ("Incorrect", Negative),
            ("thumbs up", Positive),
            ("thumbs-down", Negative),
            ("thumbs_up", Positive),
            ("👎", Negative),
            ("1", Positive),
            ("0", Negative),
            ("-1", Negative),
            ("true", Positive),
            ("FALSE", Negative),
            ("up", Positive),
            ("down", Negative),
            ("4", Unrecognised),
            ("meh", Unrecognised),
        ] {
            assert_eq!(classify_feedback(v), want, "{v:?}");
        }
    }

    #[test]
    fn retrain_when_error_rate_above_threshold() {
        // 2 down of 10 recognised (0.2 > 0.1); one unrecognised, one missing.
        let mut v: Vec<Option<&str>> = vec![Some("up"); 8];
        v.extend([Some("down"), Some("down"), Some("??"), None]);
        let r = feedback_report("thumbs", None, &v, DEFAULT_FEEDBACK_THRESHOLD);
        assert_eq!(
            (
                r.production.n,
                r.production.negative,
                r.production.unrecognised,
                r.production.missing
            ),
            (10, 2, 1, 1)
        );
        assert_eq!(r.production.error_rate.0, 0.2);
        assert!(r.retrain);
        assert!(r
            .reason
            .as_deref()
            .is_some_and(|s| s.starts_with("feedback error rate 0.200 > 0.1")));
        // Exactly at the threshold: no retrain (strict >).
        let mut v: Vec<Option<&str>> = vec![Some("1"); 9];
        v.push(Some("0"));
        assert!(!feedback_report("correct", Some(&v), &v, 0.1).retrain);
        assert!(!feedback_report("correct", None, &[None], 0.1).retrain);
    }
}
