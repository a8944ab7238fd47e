//! Versions, A/B buckets and shadow models (SPEC §7).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::status::{classify_status, StatusClass};
use super::{check_len, compare_proportions, wilson_interval, ProportionComparison, ServiceError};
use crate::num::Num;

/// The per-row outcome compared between versions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OutcomeKind {
    /// Prediction equals the label (rows with both present). Higher is better.
    Accuracy,
    /// Prediction equals the positive label (rows with a prediction). Neither better nor worse.
    PositiveRate,
    /// Status is an error ([`classify_status`]; recognised rows). Lower is better.
    ErrorRate,
}

impl OutcomeKind {
    fn noun(self) -> &'static str {
        match self {
            OutcomeKind::Accuracy => "accuracy",
            OutcomeKind::PositiveRate => "positive-prediction rate",
            OutcomeKind::ErrorRate => "error rate",
        }
    }
}

/// The columns an outcome can be taken from, one entry per row of the file (any may be absent).
#[derive(Clone, Copy, Debug, Default)]
pub struct OutcomeInputs<'a> {
    /// True labels.
    pub y_true: Option<&'a [Option<&'a str>]>,
    /// Predicted labels.
    pub y_pred: Option<&'a [Option<&'a str>]>,
    /// The positive label (for the positive-prediction rate).
    pub positive_label: Option<&'a str>,
    /// Status values (for the error rate).
    pub status: Option<&'a [Option<&'a str>]>,
}

/// Chooses the outcome and evaluates it per row (`None` = no outcome for the row).
///
/// # Formula
/// ```text
/// labels and predictions, ≥ 1 row with both  → Accuracy:      o_i = [ŷ_i = y_i]
/// else predictions and a positive label      → PositiveRate:  o_i = [ŷ_i = positive]
/// else a status column                       → ErrorRate:     o_i = [status_i is an error]
/// ```
///
/// # Remarks
/// The first available outcome in that order is used for every version, so versions are
/// always compared on the same metric. Labels are compared as CSV text.
///
/// # Errors
/// [`ServiceError::LengthMismatch`] when a column does not have `n_rows` entries;
/// [`ServiceError::NoOutcome`] when none of the three outcomes is available.
pub fn row_outcomes(
    inputs: &OutcomeInputs<'_>,
    n_rows: usize,
) -> Result<(OutcomeKind, Vec<Option<bool>>), ServiceError> {
    for (what, col) in [
        ("target", inputs.y_true),
        ("prediction", inputs.y_pred),
        ("status", inputs.status),
    ] {
        if let Some(c) = col {
            check_len(what, n_rows, c.len())?;
        }
    }
    if let (Some(y), Some(p)) = (inputs.y_true, inputs.y_pred) {
        let o: Vec<Option<bool>> = y
            .iter()
            .zip(p)
            .map(|(y, p)| match (y, p) {
                (Some(y), Some(p)) => Some(y == p),
                _ => None,
            })
            .collect();
        if o.iter().any(Option::is_some) {
            return Ok((OutcomeKind::Accuracy, o));
        }
    }
    if let (Some(p), Some(pos)) = (inputs.y_pred, inputs.positive_label) {
        return Ok((
            OutcomeKind::PositiveRate,
            p.iter().map(|v| v.map(|v| v == pos)).collect(),
        ));
    }
    if let Some(s) = inputs.status {
        let o = s
            .iter()
            .map(|v| match v.map(classify_status) {
                Some(StatusClass::Error) => Some(true),
                Some(StatusClass::Ok) => Some(false),
                _ => None,
            })
            .collect();
        return Ok((OutcomeKind::ErrorRate, o));
    }
    Err(ServiceError::NoOutcome)
}

/// One version's row of the table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VersionStats {
    /// Version / bucket value.
    pub version: String,
    /// Rows of this version.
    pub n: u64,
    /// Rows with an outcome.
    pub n_outcome: u64,
    /// Rows whose outcome is true (correct / positive / error).
    pub successes: u64,
    /// `successes / n_outcome`.
    pub rate: Num,
    /// Lower end of the 95 % Wilson interval.
    pub ci_low: Num,
    /// Upper end of the 95 % Wilson interval.
    pub ci_high: Num,
}

/// A version against the baseline.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VersionComparison {
    /// The version (sample a).
    pub version: String,
    /// The baseline (sample b).
    pub baseline: String,
    /// z-test and CI of `rate(version) − rate(baseline)`.
    #[serde(flatten)]
    pub test: ProportionComparison,
    /// Plain-language verdict.
    pub verdict: String,
}

/// The version / A-B block.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VersionReport {
    /// Version column.
    pub column: String,
    /// Outcome compared.
    pub outcome: OutcomeKind,
    /// Baseline version.
    pub baseline: String,
    /// Every version, in byte order.
    pub versions: Vec<VersionStats>,
    /// Every other version against the baseline, in byte order.
    pub comparisons: Vec<VersionComparison>,
}

fn verdict(kind: OutcomeKind, version: &str, baseline: &str, t: &ProportionComparison) -> String {
    let (a, b, p) = (t.rate_a.0, t.rate_b.0, t.p_value.0);
    if p.is_nan() {
        return format!(
            "{version}: cannot be compared with {baseline} (no rows with an outcome on one side)"
        );
    }
    let head = format!(
        "{version}: {} {a:.3} vs {b:.3} on {baseline} ({} points, 95 % CI {} to {})",
        kind.noun(),
        crate::format::points(t.difference.0, false),
        crate::format::points(t.ci_low.0, false),
        crate::format::points(t.ci_high.0, false),
    );
    if !t.significant {
        return format!(
            "{head}: no significant difference (p = {})",
            crate::format::p_short(p)
        );
    }
    let higher = a > b;
    let word = match (kind, higher) {
        (OutcomeKind::Accuracy, true) | (OutcomeKind::ErrorRate, false) => "significantly better",
        (OutcomeKind::Accuracy, false) | (OutcomeKind::ErrorRate, true) => "significantly worse",
        (OutcomeKind::PositiveRate, true) => "significantly higher",
        (OutcomeKind::PositiveRate, false) => "significantly lower",
    };
    format!("{head}: {word} (p = {})", crate::format::p_short(p))
}

/// Outcome rate per version and each version against the baseline.
///
/// # Formula
/// ```text
/// per version v:  rate_v = Σ o_i / #{o_i defined}  over rows of v,  Wilson 95 % CI
/// baseline        = the given one, else the version with the most rows (ties: first in byte order)
/// each v ≠ base:  compare_proportions(successes_v, n_v, successes_base, n_base)
///                 (pooled two-proportion z-test, two-sided p, unpooled Wald 95 % CI of the difference)
/// ```
///
/// # Remarks
/// Rows with a missing version are left out. The outcome is chosen by [`row_outcomes`]
/// (accuracy, else positive-prediction rate, else error rate). A comparison is
/// `significant` when p < 0.05; the verdict says better/worse for accuracy and error rate and
/// higher/lower for the positive rate. No correction for multiple comparisons is applied: with
/// many versions read the p-values with that in mind.
///
/// # Errors
/// [`ServiceError::LengthMismatch`], [`ServiceError::NoOutcome`] (see [`row_outcomes`]);
/// [`ServiceError::Empty`] when no row has a version; [`ServiceError::UnknownBaseline`] when
/// the requested baseline does not occur.
///
/// # References
/// `statsmodels.stats.proportion.proportions_ztest`, `confint_proportions_2indep(method='wald')`,
/// `proportion_confint(method='wilson')`; Kohavi, R., Tang, D. & Xu, Y. (2020), *Trustworthy
/// Online Controlled Experiments*, Cambridge University Press,
/// <https://doi.org/10.1017/9781108653985>.
pub fn version_report(
    column: &str,
    versions: &[Option<&str>],
    inputs: &OutcomeInputs<'_>,
    baseline: Option<&str>,
) -> Result<VersionReport, ServiceError> {
    let (kind, outcomes) = row_outcomes(inputs, versions.len())?;
    // version → (rows, rows with outcome, successes)
    let mut table: BTreeMap<&str, (u64, u64, u64)> = BTreeMap::new();
    for (v, o) in versions.iter().zip(&outcomes) {
        let Some(v) = v else { continue };
        let e = table.entry(v).or_default();
        e.0 += 1;
        if let Some(o) = o {
            e.1 += 1;
            e.2 += u64::from(*o);
        }
    }
    if table.is_empty() {
        return Err(ServiceError::Empty("version column"));
    }
    let base: String = match baseline {
        Some(b) if table.contains_key(b) => b.to_owned(),
        Some(b) => return Err(ServiceError::UnknownBaseline(b.to_owned())),
        None => table
            .iter()
            .fold(None::<(&str, u64)>, |best, (&v, &(n, _, _))| match best {
                Some((_, bn)) if bn >= n => best,
                _ => Some((v, n)),
            })
            .map(|(v, _)| v.to_owned())
            .unwrap_or_default(),
    };
    let (_, bn, bs) = table.get(base.as_str()).copied().unwrap_or_default();
    let mut stats = Vec::with_capacity(table.len());
    let mut comparisons = Vec::new();
    for (&v, &(n, n_out, s)) in &table {
        let (lo, hi) = wilson_interval(s, n_out);
        stats.push(VersionStats {
            version: v.to_owned(),
            n,
            n_outcome: n_out,
            successes: s,
            rate: Num(if n_out == 0 {
                f64::NAN
            } else {
                s as f64 / n_out as f64
            }),
            ci_low: Num(lo),
            ci_high: Num(hi),
        });
        if v != base {
            let test = compare_proportions(s, n_out, bs, bn)?;
            comparisons.push(VersionComparison {
                verdict: verdict(kind, v, &base, &test),
                version: v.to_owned(),
                baseline: base.clone(),
                test,
            });
        }
    }
    Ok(VersionReport {
        column: column.to_owned(),
        outcome: kind,
        baseline: base,
        versions: stats,
        comparisons,
    })
}

/// Two prediction columns of one file compared (shadow / champion-challenger).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ShadowReport {
    /// Primary (serving) prediction column.
    pub primary: String,
    /// Shadow prediction column.
    pub shadow: String,
    /// Rows where both predictions are present.
    pub n: u64,
    /// Rows where they are equal.
    pub agreements: u64,
    /// `agreements / n`.
    pub agreement_rate: Num,
    /// Lower end of the 95 % Wilson interval of the agreement rate.
    pub agreement_ci_low: Num,
    /// Upper end of the 95 % Wilson interval of the agreement rate.
    pub agreement_ci_high: Num,
    /// Rows with both predictions and a label; `0` without labels.
    pub n_labelled: u64,
    /// Primary accuracy on those rows; `null` without labelled rows.
    pub primary_accuracy: Option<Num>,
    /// Shadow accuracy on the same rows; `null` without labelled rows.
    pub shadow_accuracy: Option<Num>,
}

/// Agreement of two prediction columns and, with labels, each one's accuracy.
///
/// # Formula
/// ```text
/// agreement = #{a_i = b_i} / #{a_i, b_i present}
/// acc_a     = #{a_i = y_i} / #{a_i, b_i, y_i present}   (same rows for both models)
/// ```
///
/// # Remarks
/// Both accuracies are computed on the *same* rows (all three present), so they are directly
/// comparable. Values are compared as CSV text.
///
/// # Errors
/// [`ServiceError::LengthMismatch`] when the columns differ in length.
///
/// # References
/// Agreement as in `numpy.mean(a == b)`; accuracy as `sklearn.metrics.accuracy_score`.
pub fn shadow_comparison(
    primary_name: &str,
    shadow_name: &str,
    primary: &[Option<&str>],
    shadow: &[Option<&str>],
    y_true: Option<&[Option<&str>]>,
) -> Result<ShadowReport, ServiceError> {
    check_len("shadow predictions", primary.len(), shadow.len())?;
    if let Some(y) = y_true {
        check_len("target", primary.len(), y.len())?;
    }
    let (mut n, mut agree, mut nl, mut ca, mut cb) = (0u64, 0u64, 0u64, 0u64, 0u64);
    for (i, (a, b)) in primary.iter().zip(shadow).enumerate() {
        let (Some(a), Some(b)) = (a, b) else { continue };
        n += 1;
        agree += u64::from(a == b);
        if let Some(Some(y)) = y_true.and_then(|y| y.get(i)) {
            nl += 1;
            ca += u64::from(a == y);
            cb += u64::from(b == y);
        }
    }
    let (lo, hi) = wilson_interval(agree, n);
    let acc = |c: u64| (nl > 0).then(|| Num(c as f64 / nl as f64));
    Ok(ShadowReport {
        primary: primary_name.to_owned(),
        shadow: shadow_name.to_owned(),
        n,
        agreements: agree,
        agreement_rate: Num(if n == 0 {
            f64::NAN
        } else {
            agree as f64 / n as f64
        }),
        agreement_ci_low: Num(lo),
        agreement_ci_high: Num(hi),
        n_labelled: nl,
        primary_accuracy: acc(ca),
        shadow_accuracy: acc(cb),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repeat(v: &'static str, n: usize) -> impl Iterator<Item = Option<&'static str>> {
        std::iter::repeat_n(Some(v), n)
    }

    #[test]
    fn outcome_choice_order() {
        let y = [Some("1"), None];
        let p = [Some("1"), Some("0")];
        let s = [Some("500"), Some("200")];
        let all = OutcomeInputs {
            y_true: Some(&y),
            y_pred: Some(&p),
            positive_label: Some("1"),
            status: Some(&s),
        };
        assert_eq!(
            row_outcomes(&all, 2).map(|r| r.0),
            Ok(OutcomeKind::Accuracy)
        );
        let unlabelled = [None, None];
        let no_labels = OutcomeInputs {
            y_true: Some(&unlabelled),
            ..all
        };
        assert_eq!(
            row_outcomes(&no_labels, 2),
            Ok((OutcomeKind::PositiveRate, vec![Some(true), Some(false)]))
        );
        let status_only = OutcomeInputs {
            status: Some(&s),
            ..OutcomeInputs::default()
        };
        assert_eq!(
            row_outcomes(&status_only, 2),
            Ok((OutcomeKind::ErrorRate, vec![Some(true), Some(false)]))
        );
        assert_eq!(
            row_outcomes(&OutcomeInputs::default(), 2),
            Err(ServiceError::NoOutcome)
        );
        assert!(matches!(
            row_outcomes(&status_only, 3),
            Err(ServiceError::LengthMismatch { .. })
        ));
    }

    #[test]
    fn ab_test_against_most_frequent_baseline() {
        // A: 400 rows, 90 correct (0.225); B: 400 rows, 120 correct (0.30); C: 10 rows.
        // Same numbers as the hand-computed z-test in service::tests (z = 2.4106, p = 0.0159).
        let mut v: Vec<Option<&str>> = Vec::new();
        let mut y: Vec<Option<&str>> = Vec::new();
        let mut p: Vec<Option<&str>> = Vec::new();
        for (ver, correct, wrong) in [("A", 90, 310), ("B", 120, 280), ("C", 5, 5)] {
            v.extend(repeat(ver, correct + wrong));
            y.extend(repeat("1", correct + wrong));
            p.extend(repeat("1", correct).chain(repeat("0", wrong)));
        }
        v.push(None);
        y.push(Some("1"));
        p.push(Some("1"));
        // A and B tie at 400 rows: the first in byte order (A) is the baseline.
        let inputs = OutcomeInputs {
            y_true: Some(&y),
            y_pred: Some(&p),
            ..OutcomeInputs::default()
        };
        let r =
            version_report("model_version", &v, &inputs, None).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(r.baseline, "A");
        assert_eq!(r.outcome, OutcomeKind::Accuracy);
        assert_eq!(
            r.versions
                .iter()
                .map(|s| (s.version.as_str(), s.n, s.successes))
                .collect::<Vec<_>>(),
            [("A", 400, 90), ("B", 400, 120), ("C", 10, 5)]
        );
        let b = &r.comparisons[0];
        assert_eq!(b.version, "B");
        assert!((b.test.z.0 - 2.4106302).abs() < 1e-6);
        assert!(b.verdict.contains("significantly better"), "{}", b.verdict);
        assert!(
            b.verdict
                .starts_with("B: accuracy 0.300 vs 0.225 on A (+7.5 points"),
            "{}",
            b.verdict
        );
        // C: 5/10 = 0.5 vs 90/400 = 0.225: P = 95/410, z = 0.275/sqrt(P(1−P)(1/10 + 1/400))
        //    = 2.0358, p = 0.0418 → significant even on 10 rows.
        assert_eq!(r.comparisons[1].version, "C");
        assert!(
            (r.comparisons[1].test.p_value.0 - 0.0418).abs() < 1e-3
                && r.comparisons[1].test.significant
        );
        // A user-given baseline.
        let r = version_report("model_version", &v, &inputs, Some("B"))
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(
            r.comparisons[0].verdict.contains("significantly worse"),
            "{}",
            r.comparisons[0].verdict
        );
        assert!(matches!(
            version_report("m", &v, &inputs, Some("Z")),
            Err(ServiceError::UnknownBaseline(_))
        ));
        assert!(matches!(
            version_report(
                "m",
                &[None],
                &OutcomeInputs {
                    status: Some(&[Some("200")]),
                    ..OutcomeInputs::default()
                },
                None
            ),
            Err(ServiceError::Empty(_))
        ));
    }

    #[test]
    fn shadow_agreement_and_accuracies() {
        let a = [Some("1"), Some("0"), Some("1"), None, Some("1")];
        let b = [Some("1"), Some("1"), Some("1"), Some("0"), Some("1")];
        let y = [Some("1"), Some("0"), None, Some("1"), Some("0")];
        let r = shadow_comparison("pred", "shadow_pred", &a, &b, Some(&y))
            .unwrap_or_else(|e| panic!("{e}"));
        // Rows with both predictions: 0, 1, 2, 4; they agree on 0, 2, 4.
        assert_eq!((r.n, r.agreements, r.agreement_rate.0), (4, 3, 0.75));
        // Labelled rows with both predictions: 0, 1, 4 → primary right on 0, 1; shadow on 0.
        assert_eq!(r.n_labelled, 3);
        assert_eq!(r.primary_accuracy, Some(Num(2.0 / 3.0)));
        assert_eq!(r.shadow_accuracy, Some(Num(1.0 / 3.0)));
        let r = shadow_comparison("a", "b", &a, &b, None).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((r.n_labelled, r.primary_accuracy), (0, None));
        assert!(shadow_comparison("a", "b", &a, &b[..1], None).is_err());
    }
}
