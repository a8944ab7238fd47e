//! LLM evaluation (SPEC §7 "LLM / eval suite", issue 12 item 5): an eval pass rate per prompt or
//! model version from `expected` and `output` columns, a regression alert between consecutive
//! versions, the failing examples (personal values masked), and a version table of requests,
//! latency, errors, cost, thumbs-up and regeneration rates.
//!
//! Pure: plain slices in (one entry per CSV row, `None` / `NaN` = missing), serde structs out.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{
    classify_feedback, classify_status, compare_proportions, wilson_interval, FeedbackClass,
    StatusClass,
};
use crate::num::Num;
use crate::stats::quantile_linear;

/// How an output is matched against its expected answer.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Matcher {
    /// [`Matcher::Numeric`] when every expected answer is a number, else [`Matcher::Normalised`].
    #[default]
    Auto,
    /// The texts are equal as written (surrounding whitespace ignored).
    Exact,
    /// Equal after [`normalise`]: case, whitespace and punctuation ignored.
    Normalised,
    /// The normalised expected answer appears in the normalised output.
    Contains,
    /// The expected cell is a regular expression the output must match somewhere
    /// (`regex-lite` syntax, like Rust's `regex` without Unicode classes).
    Regex,
    /// The output's number (the whole output, else its last number) is within the tolerance of
    /// the expected number.
    Numeric,
}

impl Matcher {
    /// The id used in the JSON, the settings and the CLI.
    pub fn id(self) -> &'static str {
        match self {
            Matcher::Auto => "auto",
            Matcher::Exact => "exact",
            Matcher::Normalised => "normalised",
            Matcher::Contains => "contains",
            Matcher::Regex => "regex",
            Matcher::Numeric => "numeric",
        }
    }
    /// Every matcher, in the order the page lists them.
    pub const ALL: [Matcher; 6] = [
        Matcher::Auto,
        Matcher::Exact,
        Matcher::Normalised,
        Matcher::Contains,
        Matcher::Regex,
        Matcher::Numeric,
    ];
    /// Parses [`Matcher::id`].
    pub fn from_id(s: &str) -> Option<Matcher> {
        Matcher::ALL.into_iter().find(|m| m.id() == s)
    }
    /// In a few words, for the card and the checks: `normalised match`, `contains`, ….
    pub fn short(self) -> &'static str {
        match self {
            Matcher::Auto => "automatic match",
            Matcher::Exact => "exact match",
            Matcher::Normalised => "normalised match",
            Matcher::Contains => "contains match",
            Matcher::Regex => "regex match",
            Matcher::Numeric => "numeric match",
        }
    }
    /// In words, for the page.
    pub fn label(self) -> &'static str {
        match self {
            Matcher::Auto => "automatic",
            Matcher::Exact => "exact match",
            Matcher::Normalised => "normalised match (case, whitespace, punctuation ignored)",
            Matcher::Contains => "output contains the expected answer (normalised)",
            Matcher::Regex => "output matches the expected regular expression",
            Matcher::Numeric => "numeric match within tolerance",
        }
    }
}

/// Settings of the evaluation (`config.llm_eval`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LlmEvalOptions {
    /// The matcher.
    pub matcher: Matcher,
    /// Absolute tolerance of [`Matcher::Numeric`].
    pub tolerance: f64,
    /// A version regresses when its pass rate is more than this below the previous version's
    /// (and the two-proportion test says p < `alpha`).
    pub threshold: f64,
    /// Significance level of the regression test.
    pub alpha: f64,
    /// Failing examples listed (0 = none).
    pub max_failures: usize,
}

impl Default for LlmEvalOptions {
    fn default() -> Self {
        LlmEvalOptions {
            matcher: Matcher::Auto,
            tolerance: 1e-6,
            threshold: 0.05,
            alpha: 0.05,
            max_failures: 20,
        }
    }
}

/// The columns of one file (each entry one CSV row; any may be absent).
#[derive(Clone, Copy, Debug, Default)]
pub struct LlmFile<'a> {
    /// `"reference"` or `"production"`.
    pub period: &'a str,
    /// Data rows.
    pub rows: usize,
    /// Version of each row.
    pub version: Option<&'a [Option<&'a str>]>,
    /// The request's input.
    pub input: Option<&'a [Option<&'a str>]>,
    /// Expected answers.
    pub expected: Option<&'a [Option<&'a str>]>,
    /// The model's answers.
    pub output: Option<&'a [Option<&'a str>]>,
    /// Latency in milliseconds.
    pub latency_ms: Option<&'a [f64]>,
    /// Cost per request.
    pub cost: Option<&'a [f64]>,
    /// Status values ([`classify_status`]).
    pub status: Option<&'a [Option<&'a str>]>,
    /// Feedback values ([`classify_feedback`]: thumbs up / down).
    pub feedback: Option<&'a [Option<&'a str>]>,
    /// Regenerated flags (read by [`classify_feedback`]: `1`, `true`, `yes` = regenerated).
    pub regenerated: Option<&'a [Option<&'a str>]>,
    /// Event time (epoch seconds) of each row, to order versions.
    pub time: Option<&'a [f64]>,
}

/// One version's row of the table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LlmVersion {
    /// The version (or `reference` / `production` without a version column).
    pub version: String,
    /// Files it appears in.
    pub files: Vec<String>,
    /// Requests (rows).
    pub requests: u64,
    /// Rows with both an expected answer and an output.
    pub evaluated: u64,
    /// Evaluated rows that pass.
    pub passed: u64,
    /// `passed / evaluated`.
    pub pass_rate: Option<Num>,
    /// 95 % Wilson interval of the pass rate.
    pub pass_rate_ci: Option<[Num; 2]>,
    /// Median latency (ms).
    pub latency_p50: Option<Num>,
    /// 99th-percentile latency (ms, numpy linear).
    pub latency_p99: Option<Num>,
    /// Errors / recognised statuses.
    pub error_rate: Option<Num>,
    /// Mean cost per request with a cost.
    pub cost_per_request: Option<Num>,
    /// Total cost.
    pub cost_total: Option<Num>,
    /// Thumbs up / (up + down).
    pub thumbs_up_rate: Option<Num>,
    /// Regenerated / recognised flags.
    pub regeneration_rate: Option<Num>,
    /// The version before it (the comparison below).
    pub previous: Option<String>,
    /// `pass_rate − previous pass_rate`.
    pub pass_rate_change: Option<Num>,
    /// Two-sided p-value of the two-proportion z-test against the previous version.
    pub p_value: Option<Num>,
    /// The pass rate fell by more than the threshold with p < alpha.
    pub regression: bool,
}

/// A regression between consecutive versions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LlmRegression {
    /// Earlier version.
    pub from: String,
    /// Later version.
    pub to: String,
    /// Pass rate of `from`.
    pub pass_rate_from: Num,
    /// Pass rate of `to`.
    pub pass_rate_to: Num,
    /// Evaluated rows of `from`.
    pub n_from: u64,
    /// Evaluated rows of `to`.
    pub n_to: u64,
    /// Two-sided p-value (pooled two-proportion z-test).
    pub p_value: Num,
}

/// A failing example (texts with personal values masked, clipped to 200 characters).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LlmFailure {
    /// `reference` or `production`.
    pub file: String,
    /// 1-based spreadsheet row (header = row 1).
    pub row: usize,
    /// Version of the row.
    pub version: String,
    /// The input, when there is an input column.
    pub input: Option<String>,
    /// Expected answer.
    pub expected: String,
    /// The model's output.
    pub output: String,
}

/// Rows left out of the pass rate, by reason.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LlmSkipped {
    /// No expected answer.
    pub no_expected: u64,
    /// An expected answer but no output (a failed request shows in the error rate).
    pub no_output: u64,
    /// The expected cell is not a valid regular expression ([`Matcher::Regex`]).
    pub invalid_pattern: u64,
    /// The expected cell or the output holds no number ([`Matcher::Numeric`]; an output without
    /// a number fails instead — this counts expected cells only).
    pub not_a_number: u64,
}

/// The evaluation (`llm_eval`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LlmEval {
    /// The matcher used (never `auto`).
    pub matcher: Matcher,
    /// What the settings asked for (`auto` resolves to `numeric` or `normalised`).
    pub matcher_requested: Matcher,
    /// Tolerance of the numeric matcher.
    pub tolerance: Num,
    /// Regression threshold (pass-rate drop).
    pub threshold: Num,
    /// Significance level of the regression test.
    pub alpha: Num,
    /// `version` (a version column) or `file` (reference vs production).
    pub by: String,
    /// Rows evaluated over both files.
    pub evaluated: u64,
    /// Rows that pass.
    pub passed: u64,
    /// Rows left out, by reason.
    pub skipped: LlmSkipped,
    /// The version table, in rollout order (first event time, else first appearance).
    pub versions: Vec<LlmVersion>,
    /// Metric → the version with the best value (`pass_rate`, `latency_p50`, …); a metric with
    /// a tie or a single value is left out.
    pub best: BTreeMap<String, String>,
    /// Regressions between consecutive versions.
    pub regressions: Vec<LlmRegression>,
    /// Failing examples, latest version first, at most `max_failures`.
    pub failures: Vec<LlmFailure>,
    /// All failing rows.
    pub failures_total: u64,
    /// Personal values masked in the listed examples.
    pub masked_values: usize,
}

/// Lower-case, punctuation removed, whitespace collapsed to single spaces, trimmed.
///
/// # Formula
/// ```text
/// normalise(s) = join(" ", words(lowercase(s) with every char that is neither alphanumeric
///                                 nor whitespace removed))
/// ```
pub fn normalise(s: &str) -> String {
    let kept: String = s
        .chars()
        .flat_map(char::to_lowercase)
        .filter(|c| c.is_alphanumeric() || c.is_whitespace())
        .collect();
    kept.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The number a text states: the whole text (trimmed, `,` thousands separators and a leading
/// `$` ignored), else the last number written in it (`"The answer is 42."` → 42).
pub fn number_in(s: &str) -> Option<f64> {
    let clean = |t: &str| t.trim().trim_start_matches('$').replace(',', "");
    if let Ok(x) = clean(s).parse::<f64>() {
        return x.is_finite().then_some(x);
    }
    let b = s.as_bytes();
    let mut last = None;
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_digit() {
            let mut start = i;
            if start > 0 && b[start - 1] == b'-' {
                start -= 1;
            }
            let mut j = i;
            while j < b.len()
                && (b[j].is_ascii_digit()
                    || (matches!(b[j], b'.' | b',')
                        && j + 1 < b.len()
                        && b[j + 1].is_ascii_digit()))
            {
                j += 1;
            }
            last = s
                .get(start..j)
                .and_then(|t| t.replace(',', "").parse::<f64>().ok());
            i = j;
        } else {
            i += 1;
        }
    }
    last
}

/// A compiled expected answer.
enum Prepared {
    Text(String),
    Pattern(regex_lite::Regex),
    Number(f64),
}

/// Why an expected cell cannot be used.
enum Unusable {
    Pattern,
    Number,
}

fn prepare(m: Matcher, expected: &str) -> Result<Prepared, Unusable> {
    Ok(match m {
        Matcher::Exact => Prepared::Text(expected.trim().to_owned()),
        Matcher::Normalised | Matcher::Contains | Matcher::Auto => {
            Prepared::Text(normalise(expected))
        }
        Matcher::Regex => Prepared::Pattern(
            regex_lite::RegexBuilder::new(expected)
                .size_limit(1 << 20)
                .build()
                .map_err(|_| Unusable::Pattern)?,
        ),
        Matcher::Numeric => Prepared::Number(number_in(expected).ok_or(Unusable::Number)?),
    })
}

fn passes(m: Matcher, e: &Prepared, output: &str, tolerance: f64) -> bool {
    match (m, e) {
        (Matcher::Exact, Prepared::Text(e)) => output.trim() == e,
        (Matcher::Contains, Prepared::Text(e)) => normalise(output).contains(e.as_str()),
        (_, Prepared::Text(e)) => normalise(output) == *e,
        (_, Prepared::Pattern(r)) => r.is_match(output),
        (_, Prepared::Number(x)) => number_in(output).is_some_and(|y| (y - x).abs() <= tolerance),
    }
}

/// Whether `output` passes against `expected` under `m` (`None`: the expected cell is not
/// usable under `m`: an invalid pattern, or no number).
///
/// # Formula
/// ```text
/// exact       trim(output) = trim(expected)
/// normalised  normalise(output) = normalise(expected)                  (see `normalise`)
/// contains    normalise(expected) is a substring of normalise(output)
/// regex       the pattern `expected` matches somewhere in output
/// numeric     |number_in(output) − number_in(expected)| ≤ tolerance    (see `number_in`)
/// ```
///
/// # References
/// The assertion types of Promptfoo (`equals`, `icontains`, `regex`) and OpenAI Evals' `Match` /
/// `Includes` with their text normalisation (lower case, punctuation and whitespace removed).
pub fn matches(m: Matcher, expected: &str, output: &str, tolerance: f64) -> Option<bool> {
    let e = prepare(m, expected).ok()?;
    Some(passes(m, &e, output, tolerance))
}

/// Pass (`Some(true)`), fail or not evaluated (`None`: a missing expected answer or output, or
/// an unusable expected cell) per row, under a resolved matcher (`auto` reads as normalised).
pub fn row_passes(
    expected: &[Option<&str>],
    output: &[Option<&str>],
    m: Matcher,
    tolerance: f64,
) -> Vec<Option<bool>> {
    let mut cache: BTreeMap<&str, Option<Prepared>> = BTreeMap::new();
    expected
        .iter()
        .zip(output)
        .map(|(e, o)| {
            let (e, o) = ((*e)?, (*o)?);
            let p = cache
                .entry(e)
                .or_insert_with(|| prepare(m, e).ok())
                .as_ref()?;
            Some(passes(m, p, o, tolerance))
        })
        .collect()
}

/// The matcher `auto` stands for: numeric when every expected answer is a number (and there is
/// at least one), else normalised.
pub fn resolve_auto(files: &[LlmFile<'_>]) -> Matcher {
    let mut any = false;
    for f in files {
        for e in f.expected.into_iter().flatten().flatten() {
            any = true;
            let t = e.trim().trim_start_matches('$').replace(',', "");
            if !t.parse::<f64>().is_ok_and(f64::is_finite) {
                return Matcher::Normalised;
            }
        }
    }
    if any {
        Matcher::Numeric
    } else {
        Matcher::Normalised
    }
}

#[derive(Default)]
struct Acc {
    files: Vec<String>,
    first_time: f64,
    first_seen: usize,
    requests: u64,
    evaluated: u64,
    passed: u64,
    latency: Vec<f64>,
    errors: u64,
    statuses: u64,
    cost: Vec<f64>,
    up: u64,
    thumbs: u64,
    regen: u64,
    regen_n: u64,
    failures: Vec<LlmFailure>,
    failed: u64,
}

fn text_of(v: Option<&[Option<&str>]>, i: usize) -> Option<String> {
    v.and_then(|c| c.get(i).copied().flatten())
        .map(str::to_owned)
}

fn clip_text(s: &str, masked: &mut usize) -> String {
    let (t, n) = crate::data::pii::redact_text(s);
    *masked += n;
    if t.chars().count() > 200 {
        let cut: String = t.chars().take(199).collect();
        format!("{cut}…")
    } else {
        t
    }
}

/// Runs the evaluation over both files. `None` when no file has both an expected and an output
/// column.
///
/// # Formula
/// ```text
/// pass_rate(v)   = passed(v) / evaluated(v),   95 % Wilson interval
/// regression(v)  = pass_rate(prev) − pass_rate(v) > threshold  and  p < alpha,
///                  p = two-sided pooled two-proportion z-test (see `compare_proportions`)
/// latency p50/p99 (numpy linear), error rate = errors / recognised statuses,
/// cost per request = mean cost, thumbs-up rate = up / (up + down), regeneration rate
/// ```
///
/// # Remarks
/// Versions are ordered by their first event time when there is a time column (else by first
/// appearance, reference rows first), and each is compared with the one before. Without a
/// version column the two files are the versions (`reference`, `production`).
pub fn llm_eval(files: &[LlmFile<'_>], o: &LlmEvalOptions) -> Option<LlmEval> {
    if !files
        .iter()
        .any(|f| f.expected.is_some() && f.output.is_some())
    {
        return None;
    }
    let matcher = if o.matcher == Matcher::Auto {
        resolve_auto(files)
    } else {
        o.matcher
    };
    let by_version = files.iter().any(|f| f.version.is_some());
    let mut acc: BTreeMap<String, Acc> = BTreeMap::new();
    let mut skipped = LlmSkipped::default();
    let mut masked = 0;
    let mut seen = 0usize;
    // Compiled patterns are cached per distinct expected text.
    let mut cache: BTreeMap<String, Result<Prepared, Unusable>> = BTreeMap::new();
    for f in files {
        for i in 0..f.rows {
            let v = if by_version {
                match f.version.and_then(|c| c.get(i).copied().flatten()) {
                    Some(v) => v.to_owned(),
                    None => "(no version)".to_owned(),
                }
            } else {
                f.period.to_owned()
            };
            let a = acc.entry(v.clone()).or_insert_with(|| Acc {
                first_time: f64::INFINITY,
                first_seen: seen,
                ..Acc::default()
            });
            seen += 1;
            if !a.files.iter().any(|x| x == f.period) {
                a.files.push(f.period.to_owned());
            }
            a.requests += 1;
            if let Some(t) = f.time.and_then(|t| t.get(i)).filter(|t| t.is_finite()) {
                a.first_time = a.first_time.min(*t);
            }
            if let Some(x) = f
                .latency_ms
                .and_then(|c| c.get(i))
                .filter(|x| x.is_finite())
            {
                a.latency.push(*x);
            }
            if let Some(x) = f.cost.and_then(|c| c.get(i)).filter(|x| x.is_finite()) {
                a.cost.push(*x);
            }
            if let Some(s) = f.status.and_then(|c| c.get(i).copied().flatten()) {
                match classify_status(s) {
                    StatusClass::Error => {
                        a.errors += 1;
                        a.statuses += 1;
                    }
                    StatusClass::Ok => a.statuses += 1,
                    _ => {}
                }
            }
            if let Some(s) = f.feedback.and_then(|c| c.get(i).copied().flatten()) {
                match classify_feedback(s) {
                    FeedbackClass::Positive => {
                        a.up += 1;
                        a.thumbs += 1;
                    }
                    FeedbackClass::Negative => a.thumbs += 1,
                    FeedbackClass::Unrecognised => {}
                }
            }
            if let Some(s) = f.regenerated.and_then(|c| c.get(i).copied().flatten()) {
                match classify_feedback(s) {
                    FeedbackClass::Positive => {
                        a.regen += 1;
                        a.regen_n += 1;
                    }
                    FeedbackClass::Negative => a.regen_n += 1,
                    FeedbackClass::Unrecognised => {}
                }
            }
            let Some(e) = f.expected.and_then(|c| c.get(i).copied().flatten()) else {
                skipped.no_expected += 1;
                continue;
            };
            let Some(out) = f.output.and_then(|c| c.get(i).copied().flatten()) else {
                skipped.no_output += 1;
                continue;
            };
            let prepared = cache
                .entry(e.to_owned())
                .or_insert_with(|| prepare(matcher, e));
            let ok = match prepared {
                Ok(p) => passes(matcher, p, out, o.tolerance),
                Err(Unusable::Pattern) => {
                    skipped.invalid_pattern += 1;
                    continue;
                }
                Err(Unusable::Number) => {
                    skipped.not_a_number += 1;
                    continue;
                }
            };
            a.evaluated += 1;
            if ok {
                a.passed += 1;
            } else {
                a.failed += 1;
                if a.failures.len() < o.max_failures {
                    a.failures.push(LlmFailure {
                        file: f.period.to_owned(),
                        row: i + 2,
                        version: v.clone(),
                        input: text_of(f.input, i).map(|s| clip_text(&s, &mut masked)),
                        expected: clip_text(e, &mut masked),
                        output: clip_text(out, &mut masked),
                    });
                }
            }
        }
    }
    let mut order: Vec<(String, Acc)> = acc.into_iter().collect();
    order.sort_by(|(_, a), (_, b)| {
        a.first_time
            .total_cmp(&b.first_time)
            .then(a.first_seen.cmp(&b.first_seen))
    });
    let rate = |k: u64, n: u64| (n > 0).then(|| Num(k as f64 / n as f64));
    let mut versions: Vec<LlmVersion> = Vec::with_capacity(order.len());
    let mut regressions = Vec::new();
    for (name, a) in &order {
        let mut lat = a.latency.clone();
        lat.sort_unstable_by(f64::total_cmp);
        let q = |p: f64| (!lat.is_empty()).then(|| Num(quantile_linear(&lat, p)));
        let total: f64 = a.cost.iter().sum();
        let pass_rate = rate(a.passed, a.evaluated);
        let mut row = LlmVersion {
            version: name.clone(),
            files: a.files.clone(),
            requests: a.requests,
            evaluated: a.evaluated,
            passed: a.passed,
            pass_rate,
            pass_rate_ci: (a.evaluated > 0).then(|| {
                let (lo, hi) = wilson_interval(a.passed, a.evaluated);
                [Num(lo), Num(hi)]
            }),
            latency_p50: q(0.5),
            latency_p99: q(0.99),
            error_rate: rate(a.errors, a.statuses),
            cost_per_request: (!a.cost.is_empty()).then(|| Num(total / a.cost.len() as f64)),
            cost_total: (!a.cost.is_empty()).then_some(Num(total)),
            thumbs_up_rate: rate(a.up, a.thumbs),
            regeneration_rate: rate(a.regen, a.regen_n),
            previous: None,
            pass_rate_change: None,
            p_value: None,
            regression: false,
        };
        // The previous version with an evaluated row.
        if let (Some(prev), Some(pr)) = (versions.iter().rev().find(|v| v.evaluated > 0), pass_rate)
        {
            if let (Some(pp), Ok(t)) = (
                prev.pass_rate,
                compare_proportions(a.passed, a.evaluated, prev.passed, prev.evaluated),
            ) {
                let drop = pp.0 - pr.0;
                row.previous = Some(prev.version.clone());
                row.pass_rate_change = Some(Num(pr.0 - pp.0));
                row.p_value = Some(t.p_value);
                row.regression = drop > o.threshold && t.p_value.0 < o.alpha;
                if row.regression {
                    regressions.push(LlmRegression {
                        from: prev.version.clone(),
                        to: name.clone(),
                        pass_rate_from: pp,
                        pass_rate_to: pr,
                        n_from: prev.evaluated,
                        n_to: a.evaluated,
                        p_value: t.p_value,
                    });
                }
            }
        }
        versions.push(row);
    }
    let best = best_per_metric(&versions);
    let mut failures: Vec<LlmFailure> = Vec::new();
    for (_, a) in order.iter().rev() {
        failures.extend(a.failures.iter().cloned());
    }
    failures.truncate(o.max_failures);
    Some(LlmEval {
        matcher,
        matcher_requested: o.matcher,
        tolerance: Num(o.tolerance),
        threshold: Num(o.threshold),
        alpha: Num(o.alpha),
        by: if by_version { "version" } else { "file" }.to_owned(),
        evaluated: order.iter().map(|(_, a)| a.evaluated).sum(),
        passed: order.iter().map(|(_, a)| a.passed).sum(),
        skipped,
        failures_total: order.iter().map(|(_, a)| a.failed).sum(),
        versions,
        best,
        regressions,
        failures,
        masked_values: masked,
    })
}

/// The metrics of the table, with whether higher is better.
pub const TABLE_METRICS: [(&str, bool); 8] = [
    ("pass_rate", true),
    ("latency_p50", false),
    ("latency_p99", false),
    ("error_rate", false),
    ("cost_per_request", false),
    ("cost_total", false),
    ("thumbs_up_rate", true),
    ("regeneration_rate", false),
];

/// A metric's value of a version row.
pub fn metric(v: &LlmVersion, name: &str) -> Option<f64> {
    let x = match name {
        "pass_rate" => v.pass_rate,
        "latency_p50" => v.latency_p50,
        "latency_p99" => v.latency_p99,
        "error_rate" => v.error_rate,
        "cost_per_request" => v.cost_per_request,
        "cost_total" => v.cost_total,
        "thumbs_up_rate" => v.thumbs_up_rate,
        "regeneration_rate" => v.regeneration_rate,
        _ => None,
    };
    x.map(|n| n.0).filter(|x| x.is_finite())
}

/// A metric's label and how its values are written.
pub fn metric_label(m: &str) -> &'static str {
    match m {
        "pass_rate" => "Eval pass rate",
        "latency_p50" => "Latency p50 (ms)",
        "latency_p99" => "Latency p99 (ms)",
        "error_rate" => "Error rate",
        "cost_per_request" => "Cost per request",
        "cost_total" => "Cost total",
        "thumbs_up_rate" => "Thumbs-up rate",
        "regeneration_rate" => "Regeneration rate",
        _ => "",
    }
}

/// A table cell's text.
pub fn metric_text(m: &str, v: Option<f64>) -> String {
    match v {
        None => "—".into(),
        Some(x) if m.ends_with("_rate") => crate::format::share(x),
        Some(x) if m.starts_with("cost") => crate::format::cost(x),
        Some(x) => crate::format::num(x),
    }
}

fn best_per_metric(versions: &[LlmVersion]) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for (m, higher) in TABLE_METRICS {
        let vals: Vec<(f64, &str)> = versions
            .iter()
            .filter_map(|v| metric(v, m).map(|x| (x, v.version.as_str())))
            .collect();
        if vals.len() < 2 {
            continue;
        }
        let key = |x: f64| if higher { x } else { -x };
        let top = vals
            .iter()
            .map(|(x, _)| key(*x))
            .fold(f64::NEG_INFINITY, f64::max);
        let winners: Vec<&str> = vals
            .iter()
            .filter(|(x, _)| key(*x) == top)
            .map(|(_, v)| *v)
            .collect();
        if let [w] = winners.as_slice() {
            out.insert(m.to_owned(), (*w).to_owned());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matchers_follow_their_definitions() {
        use Matcher::*;
        assert_eq!(matches(Exact, "Paris", " Paris\n", 0.0), Some(true));
        assert_eq!(matches(Exact, "Paris", "paris", 0.0), Some(false));
        assert_eq!(matches(Normalised, "Paris", "  PARIS! ", 0.0), Some(true));
        assert_eq!(
            matches(Normalised, "New  York", "new york.", 0.0),
            Some(true)
        );
        assert_eq!(
            matches(Normalised, "Paris", "It is Paris", 0.0),
            Some(false)
        );
        assert_eq!(
            matches(Contains, "Paris", "It is paris, France.", 0.0),
            Some(true)
        );
        assert_eq!(matches(Contains, "Lyon", "It is Paris.", 0.0), Some(false));
        assert_eq!(matches(Regex, r"^\d{4}-\d{2}$", "2024-05", 0.0), Some(true));
        assert_eq!(matches(Regex, r"(?i)paris", "PARIS", 0.0), Some(true));
        assert_eq!(matches(Regex, "(unclosed", "x", 0.0), None);
        assert_eq!(matches(Numeric, "42", "The answer is 42.", 0.0), Some(true));
        assert_eq!(matches(Numeric, "3.14", "about 3.1416", 0.01), Some(true));
        assert_eq!(matches(Numeric, "3.14", "about 3.1416", 0.001), Some(false));
        assert_eq!(matches(Numeric, "1,200", "$1200", 0.0), Some(true));
        assert_eq!(
            matches(Numeric, "-5", "it fell to -5 degrees", 0.0),
            Some(true)
        );
        assert_eq!(matches(Numeric, "7", "no number here", 0.0), Some(false));
        assert_eq!(matches(Numeric, "seven", "7", 0.0), None);
    }

    #[test]
    fn normalise_and_numbers() {
        assert_eq!(normalise("  Hello,\tWORLD!! "), "hello world");
        assert_eq!(normalise("Éclair — très bon"), "éclair très bon");
        assert_eq!(number_in("between 3 and 4.5 kg"), Some(4.5));
        assert_eq!(number_in("1,234,567"), Some(1_234_567.0));
        assert_eq!(number_in("none"), None);
        assert_eq!(number_in("inf"), None);
    }

    fn col<'a>(v: &'a [&'a str]) -> Vec<Option<&'a str>> {
        v.iter().map(|s| (!s.is_empty()).then_some(*s)).collect()
    }

    #[test]
    fn versions_regressions_and_the_table() {
        // v1: 9/10 pass, v2: 2/10 pass (a regression), ordered by time although v2 comes first.
        let n = 20;
        let version: Vec<&str> = (0..n).map(|i| if i < 10 { "v2" } else { "v1" }).collect();
        let expected: Vec<&str> = vec!["Paris"; n];
        let output: Vec<&str> = (0..n)
            .map(|i| match i {
                0 | 1 => "paris",
                2..=9 => "Lyon",
                10 => "Rome",
                11 => "",
                _ => "PARIS.",
            })
            .collect();
        let time: Vec<f64> = (0..n)
            .map(|i| if i < 10 { 100.0 + i as f64 } else { i as f64 })
            .collect();
        let lat: Vec<f64> = (0..n).map(|i| i as f64).collect();
        let fb: Vec<&str> = (0..n)
            .map(|i| if i % 2 == 0 { "up" } else { "down" })
            .collect();
        let (v, e, out, fb) = (col(&version), col(&expected), col(&output), col(&fb));
        let f = LlmFile {
            period: "production",
            rows: n,
            version: Some(&v),
            expected: Some(&e),
            output: Some(&out),
            latency_ms: Some(&lat),
            feedback: Some(&fb),
            time: Some(&time),
            ..LlmFile::default()
        };
        let r = llm_eval(&[f], &LlmEvalOptions::default()).unwrap();
        assert_eq!(r.matcher, Matcher::Normalised);
        assert_eq!(r.by, "version");
        let names: Vec<&str> = r.versions.iter().map(|v| v.version.as_str()).collect();
        assert_eq!(names, ["v1", "v2"]);
        let (v1, v2) = (&r.versions[0], &r.versions[1]);
        assert_eq!((v1.requests, v1.evaluated, v1.passed), (10, 9, 8));
        assert_eq!((v2.evaluated, v2.passed), (10, 2));
        assert_eq!(r.skipped.no_output, 1);
        assert_eq!(v1.latency_p50, Some(Num(14.5)));
        assert!(v2.regression);
        assert_eq!(v2.previous.as_deref(), Some("v1"));
        assert_eq!(r.regressions.len(), 1);
        assert_eq!(r.regressions[0].from, "v1");
        let t = compare_proportions(2, 10, 8, 9).unwrap();
        assert_eq!(r.regressions[0].p_value, t.p_value);
        assert_eq!(r.best.get("pass_rate").map(String::as_str), Some("v1"));
        assert_eq!(r.best.get("latency_p50").map(String::as_str), Some("v2"));
        // Thumbs: v1 rows 10..19 → 5 up of 10; v2 rows 0..9 → 5 of 10: a tie, no best.
        assert!(!r.best.contains_key("thumbs_up_rate"));
        // Failures: latest version first.
        assert_eq!(r.failures_total, 9);
        assert_eq!(r.failures[0].version, "v2");
        assert_eq!(r.failures[0].row, 4);
        // A small drop is not a regression.
        let o = LlmEvalOptions {
            threshold: 0.9,
            ..LlmEvalOptions::default()
        };
        assert!(llm_eval(&[f], &o).unwrap().regressions.is_empty());
    }

    #[test]
    fn files_are_the_versions_without_a_version_column_and_bad_patterns_are_counted() {
        let e = col(&["a+", "(", "b"]);
        let out = col(&["aaa", "x", "c"]);
        let mk = |period| LlmFile {
            period,
            rows: 3,
            expected: Some(&e),
            output: Some(&out),
            ..LlmFile::default()
        };
        let o = LlmEvalOptions {
            matcher: Matcher::Regex,
            ..LlmEvalOptions::default()
        };
        let r = llm_eval(&[mk("reference"), mk("production")], &o).unwrap();
        assert_eq!(r.by, "file");
        assert_eq!(r.versions.len(), 2);
        assert_eq!(r.skipped.invalid_pattern, 2);
        assert_eq!(r.versions[1].evaluated, 2);
        assert_eq!(r.versions[1].passed, 1);
        assert!(llm_eval(&[LlmFile::default()], &o).is_none());
    }
}
