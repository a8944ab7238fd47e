//! Bias across subgroups (SPEC §6): per-group confusion counts and rates, fairlearn's
//! disparity aggregates, and plain-language alerts.
//!
//! # What is computed
//! For one *group column* (values compared as strings) and one file, on the **labelled rows**
//! (target and prediction both present, group present):
//!
//! * y and ŷ are binarised against the positive label: `1` if the CSV text equals
//!   `positive_label`, else `0`. For a binary task this is the labels "as is" (`"1"` → 1,
//!   `"0"` → 0); for a multiclass task it is one-vs-rest for the positive class. Accuracy is
//!   therefore the accuracy of the *binarised* labels, as fairlearn's `MetricFrame` computes it
//!   on binarised inputs (for multiclass it is not the multiclass accuracy).
//! * per group: `n`, `tp`, `fp`, `tn`, `fn`, `accuracy`, `selection_rate`, `tpr`, `fpr`,
//!   `precision` ([`Confusion`]), and a `small_sample` flag (`n < min_group_size`);
//! * the same over all those rows (`overall`);
//! * `demographic_parity_difference` / `_ratio` and `equalized_odds_difference` / `_ratio`,
//!   exactly as fairlearn with `method='between_groups'`, `agg='worst_case'` ([`disparities`]).
//!
//! Groups are listed in byte order of their value (as the golden vectors and fairlearn's sorted
//! group index). Rows whose group value is missing are left out of every group *and* of
//! `overall` (so the groups partition `overall`) and counted in `n_missing_group`; rows with a
//! missing target or prediction are counted in `n_unlabelled`.
//!
//! # Zero denominators (fairlearn's convention)
//! A rate whose denominator is 0 is **0.0, not NaN**: `tpr` of a group without actual
//! positives, `fpr` of a group without actual negatives, `precision` of a group without
//! predicted positives. fairlearn gets this from `sklearn.metrics.confusion_matrix(...,
//! normalize='true')` (which replaces 0/0 by 0) and scikit-learn's `zero_division=0`.
//! The *ratios* of the aggregates are not protected: `min/max` with `max = 0` is `0/0 = NaN`,
//! as pandas computes it inside fairlearn.
//!
//! # Alerts
//! Per file, for groups with at least `min_group_size` rows (smaller groups carry
//! `small_sample: true` and never raise an alert, but still enter the aggregates, as in
//! fairlearn):
//! * **accuracy gap**: `|accuracy_g − accuracy_overall| > accuracy_gap` (default 0.05 = 5
//!   percentage points);
//! * **four-fifths rule**: `selection_rate_g / selection_rate_max < selection_rate_ratio`
//!   (default 0.8), where the maximum is over the groups eligible for alerts; no alert when that
//!   maximum is 0.
//!
//! Alerts are plain sentences, e.g.
//! `group west: accuracy 0.49 vs overall 0.58 (−9.3 points > 5) in production`.
//!
//! # Intersections
//! [`intersect_groups`] joins two group columns row by row (`"F & east"`); pass its output as
//! the group column of [`bias_column`] under a name such as `"gender & region"`.
//!
//! # References
//! fairlearn 0.13, `fairlearn.metrics.{MetricFrame, selection_rate, true_positive_rate,
//! false_positive_rate, demographic_parity_difference, demographic_parity_ratio,
//! equalized_odds_difference, equalized_odds_ratio}`; the four-fifths rule: U.S. EEOC,
//! *Uniform Guidelines on Employee Selection Procedures* (1978), 29 CFR §1607.4(D);
//! Hardt, M., Price, E. & Srebro, N. (2016), "Equality of Opportunity in Supervised Learning",
//! NeurIPS, <https://arxiv.org/abs/1610.02413>.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::num::Num;

/// Why a bias table could not be computed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum FairnessError {
    /// The group, target and prediction slices must have one entry per row.
    #[error(
        "bias: columns of unequal length (group {groups}, target {y_true}, prediction {y_pred})"
    )]
    LengthMismatch {
        /// Length of the group slice.
        groups: usize,
        /// Length of the target slice.
        y_true: usize,
        /// Length of the prediction slice.
        y_pred: usize,
    },
    /// No row has a group, a target and a prediction.
    #[error("bias: no labelled row with a group value")]
    NoLabelledRows,
}

/// Thresholds of the bias alerts (`bias.*` settings).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct BiasOptions {
    /// Groups with fewer rows get `small_sample: true` and no alert (`bias.min_group_size`,
    /// default 30).
    pub min_group_size: usize,
    /// Alert when a group's accuracy differs from the overall accuracy by more than this
    /// (absolute, default 0.05 = 5 percentage points).
    pub accuracy_gap: f64,
    /// Alert when a group's selection rate divided by the highest selection rate is below this
    /// (default 0.8, the four-fifths rule).
    pub selection_rate_ratio: f64,
}

impl Default for BiasOptions {
    fn default() -> Self {
        BiasOptions {
            min_group_size: 30,
            accuracy_gap: 0.05,
            selection_rate_ratio: 0.8,
        }
    }
}

/// One file's rows for a bias table: the group, target and prediction columns as CSV text
/// (`None` = missing), one entry per row.
#[derive(Clone, Copy, Debug)]
pub struct BiasInput<'a> {
    /// Group (sensitive attribute) value per row.
    pub groups: &'a [Option<&'a str>],
    /// True label per row.
    pub y_true: &'a [Option<&'a str>],
    /// Predicted label per row.
    pub y_pred: &'a [Option<&'a str>],
}

/// Binary confusion counts of one group (or of all rows).
///
/// # Formula
/// ```text
/// tp = #{y = 1, ŷ = 1}   fp = #{y = 0, ŷ = 1}   tn = #{y = 0, ŷ = 0}   fn = #{y = 1, ŷ = 0}
/// n  = tp + fp + tn + fn
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Confusion {
    /// Rows.
    pub n: u64,
    /// True positives.
    pub tp: u64,
    /// False positives.
    pub fp: u64,
    /// True negatives.
    pub tn: u64,
    /// False negatives (`fn` in the JSON).
    #[serde(rename = "fn")]
    pub fn_: u64,
}

/// `num / den`, or 0.0 when `den = 0` (fairlearn / scikit-learn `zero_division=0`).
fn ratio_or_zero(num: u64, den: u64) -> f64 {
    if den == 0 {
        0.0
    } else {
        num as f64 / den as f64
    }
}

impl Confusion {
    /// Adds one row with binarised truth `y` and prediction `yhat`.
    pub fn add(&mut self, y: bool, yhat: bool) {
        self.n += 1;
        match (y, yhat) {
            (true, true) => self.tp += 1,
            (false, true) => self.fp += 1,
            (false, false) => self.tn += 1,
            (true, false) => self.fn_ += 1,
        }
    }

    /// Share of rows predicted correctly.
    ///
    /// # Formula
    /// ```text
    /// accuracy = (tp + tn) / n
    /// ```
    ///
    /// # Remarks
    /// 0.0 when `n = 0` (never the case for a listed group).
    ///
    /// # References
    /// `sklearn.metrics.accuracy_score` on the binarised labels (what fairlearn's
    /// `MetricFrame` evaluates per group).
    pub fn accuracy(&self) -> f64 {
        ratio_or_zero(self.tp + self.tn, self.n)
    }

    /// Share of rows predicted positive.
    ///
    /// # Formula
    /// ```text
    /// selection_rate = (tp + fp) / n
    /// ```
    ///
    /// # Remarks
    /// 0.0 when `n = 0` (fairlearn raises there; a listed group is never empty).
    ///
    /// # References
    /// `fairlearn.metrics.selection_rate(y_true, y_pred, pos_label=1)`.
    pub fn selection_rate(&self) -> f64 {
        ratio_or_zero(self.tp + self.fp, self.n)
    }

    /// True-positive rate (recall, sensitivity).
    ///
    /// # Formula
    /// ```text
    /// tpr = tp / (tp + fn)
    /// ```
    ///
    /// # Remarks
    /// **0.0 when the group has no actual positive** (`tp + fn = 0`), fairlearn's convention
    /// (its confusion matrix is normalised with `normalize='true'`, which maps 0/0 to 0).
    ///
    /// # References
    /// `fairlearn.metrics.true_positive_rate`.
    pub fn tpr(&self) -> f64 {
        ratio_or_zero(self.tp, self.tp + self.fn_)
    }

    /// False-positive rate (fall-out).
    ///
    /// # Formula
    /// ```text
    /// fpr = fp / (fp + tn)
    /// ```
    ///
    /// # Remarks
    /// **0.0 when the group has no actual negative** (`fp + tn = 0`), fairlearn's convention.
    ///
    /// # References
    /// `fairlearn.metrics.false_positive_rate`.
    pub fn fpr(&self) -> f64 {
        ratio_or_zero(self.fp, self.fp + self.tn)
    }

    /// Precision (positive predictive value).
    ///
    /// # Formula
    /// ```text
    /// precision = tp / (tp + fp)
    /// ```
    ///
    /// # Remarks
    /// 0.0 when nothing is predicted positive (`tp + fp = 0`), scikit-learn's
    /// `zero_division=0`.
    ///
    /// # References
    /// `sklearn.metrics.precision_score(y, ŷ, pos_label=1, zero_division=0)`.
    pub fn precision(&self) -> f64 {
        ratio_or_zero(self.tp, self.tp + self.fp)
    }
}

/// Counts and rates of all labelled rows of a file (`overall` in the JSON).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OverallMetrics {
    /// Confusion counts (`n`, `tp`, `fp`, `tn`, `fn`).
    #[serde(flatten)]
    pub counts: Confusion,
    /// [`Confusion::accuracy`].
    pub accuracy: Num,
    /// [`Confusion::selection_rate`].
    pub selection_rate: Num,
    /// [`Confusion::tpr`] (0 without actual positives).
    pub tpr: Num,
    /// [`Confusion::fpr`] (0 without actual negatives).
    pub fpr: Num,
    /// [`Confusion::precision`] (0 without predicted positives).
    pub precision: Num,
}

impl OverallMetrics {
    /// Rates of `c`.
    pub fn from_counts(c: Confusion) -> Self {
        OverallMetrics {
            counts: c,
            accuracy: Num(c.accuracy()),
            selection_rate: Num(c.selection_rate()),
            tpr: Num(c.tpr()),
            fpr: Num(c.fpr()),
            precision: Num(c.precision()),
        }
    }
}

/// One group's row of the bias table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GroupMetrics {
    /// The group value (CSV text; `"F & east"` for an intersection).
    pub value: String,
    /// Counts and rates.
    #[serde(flatten)]
    pub metrics: OverallMetrics,
    /// `n < min_group_size`: shown with a small-sample warning and never alerted on.
    pub small_sample: bool,
}

/// The bias table of one file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BiasSide {
    /// Groups in byte order of their value.
    pub groups: Vec<GroupMetrics>,
    /// All labelled rows with a group value.
    pub overall: OverallMetrics,
    /// `max − min` of the group selection rates.
    pub demographic_parity_difference: Num,
    /// `min / max` of the group selection rates (NaN when all are 0).
    pub demographic_parity_ratio: Num,
    /// `max(TPR range, FPR range)` over groups.
    pub equalized_odds_difference: Num,
    /// `min(min/max TPR, min/max FPR)` with Python's `min` NaN semantics (see [`disparities`]).
    pub equalized_odds_ratio: Num,
    /// Labelled rows left out because their group value is missing.
    pub n_missing_group: u64,
    /// Rows left out because the target or the prediction is missing.
    pub n_unlabelled: u64,
}

/// One group column, both files, and the alerts (`bias.columns[]` in the JSON, SPEC §9).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BiasColumn {
    /// Group column name (`"gender & region"` for an intersection).
    pub column: String,
    /// The label counted as positive.
    pub positive_label: String,
    /// Reference table; `null` when the reference has no labelled row.
    pub reference: Option<BiasSide>,
    /// Production table; `null` when production has no labelled row (e.g. labels not in yet).
    pub production: Option<BiasSide>,
    /// Alerts in plain words, reference first.
    pub alerts: Vec<String>,
}

/// The four disparity aggregates of a set of groups.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Disparities {
    /// Demographic-parity difference.
    pub demographic_parity_difference: f64,
    /// Demographic-parity ratio.
    pub demographic_parity_ratio: f64,
    /// Equalized-odds difference (`agg='worst_case'`).
    pub equalized_odds_difference: f64,
    /// Equalized-odds ratio (`agg='worst_case'`).
    pub equalized_odds_ratio: f64,
}

/// `(min, max)` of a non-empty iterator of finite rates (`(NaN, NaN)` when empty).
fn min_max(values: impl Iterator<Item = f64>) -> (f64, f64) {
    values.fold((f64::NAN, f64::NAN), |(lo, hi), v| {
        (
            if lo.is_nan() || v < lo { v } else { lo },
            if hi.is_nan() || v > hi { v } else { hi },
        )
    })
}

/// Python's builtin `min(a, b)`: `b` if `b < a`, else `a` (so a NaN in first place wins and a
/// NaN in second place is ignored).
fn python_min(a: f64, b: f64) -> f64 {
    if b < a {
        b
    } else {
        a
    }
}

/// Python's builtin `max(a, b)`: `b` if `b > a`, else `a`.
fn python_max(a: f64, b: f64) -> f64 {
    if b > a {
        b
    } else {
        a
    }
}

/// fairlearn's between-group disparity aggregates of per-group confusion counts.
///
/// # Formula
/// ```text
/// SR_g = (tp+fp)/n,  TPR_g = tp/(tp+fn) (0 if no positive),  FPR_g = fp/(fp+tn) (0 if no negative)
/// demographic_parity_difference = max_g SR_g − min_g SR_g
/// demographic_parity_ratio      = min_g SR_g / max_g SR_g
/// equalized_odds_difference     = max( max TPR − min TPR,  max FPR − min FPR )
/// equalized_odds_ratio          = min( min TPR / max TPR,  min FPR / max FPR )
/// ```
///
/// # Remarks
/// Every group counts, however small (fairlearn has no minimum size). A ratio with a zero
/// maximum is `0/0 = NaN`, as pandas divides inside `MetricFrame.ratio`. The outer
/// `max`/`min` are Python's builtins over `[tpr, fpr]` (fairlearn calls
/// `min(eo.ratio(...))`): a NaN TPR ratio makes the equalized-odds ratio NaN, a NaN FPR ratio
/// is ignored. With one group the differences are 0 and the ratios 1 (or NaN for a zero
/// rate). With no group every value is NaN.
///
/// # References
/// fairlearn `metrics/_fairness_metrics.py` (`demographic_parity_difference`,
/// `demographic_parity_ratio`, `equalized_odds_difference`, `equalized_odds_ratio`,
/// `method='between_groups'`, `agg='worst_case'`) and `MetricFrame.difference` / `.ratio`.
pub fn disparities(groups: &[Confusion]) -> Disparities {
    let (sr_lo, sr_hi) = min_max(groups.iter().map(Confusion::selection_rate));
    let (tpr_lo, tpr_hi) = min_max(groups.iter().map(Confusion::tpr));
    let (fpr_lo, fpr_hi) = min_max(groups.iter().map(Confusion::fpr));
    Disparities {
        demographic_parity_difference: sr_hi - sr_lo,
        demographic_parity_ratio: sr_lo / sr_hi,
        equalized_odds_difference: python_max(tpr_hi - tpr_lo, fpr_hi - fpr_lo),
        equalized_odds_ratio: python_min(tpr_lo / tpr_hi, fpr_lo / fpr_hi),
    }
}

/// Per-group and overall confusion counts of one file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GroupCounts {
    /// Group value → counts, in byte order.
    pub groups: BTreeMap<String, Confusion>,
    /// All rows that entered a group.
    pub overall: Confusion,
    /// Labelled rows without a group value.
    pub n_missing_group: u64,
    /// Rows without a target or a prediction.
    pub n_unlabelled: u64,
}

/// Binarises and counts one file's rows per group.
///
/// # Formula
/// ```text
/// y = [y_true == positive_label],  ŷ = [y_pred == positive_label]   (CSV text, exact match)
/// ```
///
/// # Remarks
/// A row enters its group only when the group, the target and the prediction are all present.
/// Labels are compared as text, so `"1"` and `"1.0"` differ: pass the labels as the CSV shows
/// them and the positive label in the same spelling.
///
/// # Errors
/// [`FairnessError::LengthMismatch`] when the three slices differ in length.
///
/// # References
/// fairlearn `MetricFrame(metrics=..., y_true, y_pred, sensitive_features)` on the binarised
/// labels.
pub fn group_counts(
    input: &BiasInput<'_>,
    positive_label: &str,
) -> Result<GroupCounts, FairnessError> {
    let n = input.groups.len();
    if input.y_true.len() != n || input.y_pred.len() != n {
        return Err(FairnessError::LengthMismatch {
            groups: n,
            y_true: input.y_true.len(),
            y_pred: input.y_pred.len(),
        });
    }
    let mut out = GroupCounts::default();
    for ((g, y), yhat) in input.groups.iter().zip(input.y_true).zip(input.y_pred) {
        let (Some(y), Some(yhat)) = (y, yhat) else {
            out.n_unlabelled += 1;
            continue;
        };
        let Some(g) = g else {
            out.n_missing_group += 1;
            continue;
        };
        let (y, yhat) = (*y == positive_label, *yhat == positive_label);
        out.overall.add(y, yhat);
        match out.groups.get_mut(*g) {
            Some(c) => c.add(y, yhat),
            None => {
                let mut c = Confusion::default();
                c.add(y, yhat);
                out.groups.insert((*g).to_owned(), c);
            }
        }
    }
    Ok(out)
}

/// The bias table of one file: per-group rows, overall values and the four aggregates.
///
/// # Formula
/// See [`Confusion`] for the per-group rates and [`disparities`] for the aggregates.
///
/// # Remarks
/// `small_sample` is `n < opts.min_group_size`; small groups still enter the aggregates.
///
/// # Errors
/// [`FairnessError::LengthMismatch`] for slices of different lengths;
/// [`FairnessError::NoLabelledRows`] when no row has a group, a target and a prediction.
///
/// # References
/// fairlearn `MetricFrame` with `accuracy_score`, `selection_rate`, `true_positive_rate`,
/// `false_positive_rate`, and `demographic_parity_*` / `equalized_odds_*`.
pub fn bias_side(
    input: &BiasInput<'_>,
    positive_label: &str,
    opts: &BiasOptions,
) -> Result<BiasSide, FairnessError> {
    let c = group_counts(input, positive_label)?;
    if c.groups.is_empty() {
        return Err(FairnessError::NoLabelledRows);
    }
    let counts: Vec<Confusion> = c.groups.values().copied().collect();
    let d = disparities(&counts);
    let groups = c
        .groups
        .iter()
        .map(|(value, &g)| GroupMetrics {
            value: value.clone(),
            metrics: OverallMetrics::from_counts(g),
            small_sample: (g.n as usize) < opts.min_group_size,
        })
        .collect();
    Ok(BiasSide {
        groups,
        overall: OverallMetrics::from_counts(c.overall),
        demographic_parity_difference: Num(d.demographic_parity_difference),
        demographic_parity_ratio: Num(d.demographic_parity_ratio),
        equalized_odds_difference: Num(d.equalized_odds_difference),
        equalized_odds_ratio: Num(d.equalized_odds_ratio),
        n_missing_group: c.n_missing_group,
        n_unlabelled: c.n_unlabelled,
    })
}

/// A threshold in percentage points without sign (`5`, `2.5`).
fn plain_points(v: f64) -> String {
    let s = format!("{:.1}", v * 100.0);
    s.strip_suffix(".0").map(str::to_owned).unwrap_or(s)
}

/// The alerts of one file's table (see the module docs), each ending in `in <side_name>`.
///
/// # Formula
/// ```text
/// accuracy gap : |acc_g − acc_overall| > accuracy_gap
/// four-fifths  : SR_g / max_{eligible h} SR_h < selection_rate_ratio   (max > 0)
/// eligible     : n_g ≥ min_group_size
/// ```
///
/// # Remarks
/// Groups flagged `small_sample` raise no alert and are not the four-fifths reference.
///
/// # References
/// U.S. EEOC Uniform Guidelines (1978), 29 CFR §1607.4(D) (the four-fifths rule).
pub fn side_alerts(side: &BiasSide, opts: &BiasOptions, side_name: &str) -> Vec<String> {
    let mut alerts = Vec::new();
    let eligible: Vec<&GroupMetrics> = side.groups.iter().filter(|g| !g.small_sample).collect();
    let overall = side.overall.accuracy.0;
    for g in &eligible {
        let acc = g.metrics.accuracy.0;
        let diff = acc - overall;
        if diff.abs() > opts.accuracy_gap {
            alerts.push(format!(
                "group {}: accuracy {acc:.2} vs overall {overall:.2} ({} points > {}) in {side_name}",
                g.value,
                crate::format::points(diff, true),
                plain_points(opts.accuracy_gap),
            ));
        }
    }
    let top = eligible
        .iter()
        .copied()
        .fold(None::<&GroupMetrics>, |best, g| match best {
            Some(b) if b.metrics.selection_rate.0 >= g.metrics.selection_rate.0 => Some(b),
            _ => Some(g),
        });
    if let Some(top) = top {
        let max = top.metrics.selection_rate.0;
        if max > 0.0 {
            for g in &eligible {
                let sr = g.metrics.selection_rate.0;
                let ratio = sr / max;
                if ratio < opts.selection_rate_ratio {
                    alerts.push(format!(
                        "group {}: selection rate {sr:.2} vs {max:.2} for group {} (ratio {ratio:.2} < {}, four-fifths rule) in {side_name}",
                        g.value, top.value, opts.selection_rate_ratio,
                    ));
                }
            }
        }
    }
    alerts
}

/// One group column over both files, with alerts (`bias.columns[]`, SPEC §6 and §9).
///
/// # Formula
/// [`bias_side`] on each file, then [`side_alerts`] on each (reference first).
///
/// # Remarks
/// A file without a labelled row gives `null` for that side (not an error): production labels
/// often arrive late.
///
/// # Errors
/// [`FairnessError::LengthMismatch`] when a file's three slices differ in length.
///
/// # References
/// See the module docs (fairlearn, EEOC four-fifths rule).
pub fn bias_column(
    column: &str,
    positive_label: &str,
    reference: &BiasInput<'_>,
    production: &BiasInput<'_>,
    opts: &BiasOptions,
) -> Result<BiasColumn, FairnessError> {
    let side = |input: &BiasInput<'_>| match bias_side(input, positive_label, opts) {
        Ok(s) => Ok(Some(s)),
        Err(FairnessError::NoLabelledRows) => Ok(None),
        Err(e) => Err(e),
    };
    let reference = side(reference)?;
    let production = side(production)?;
    let mut alerts = Vec::new();
    if let Some(s) = &reference {
        alerts.extend(side_alerts(s, opts, "reference"));
    }
    if let Some(s) = &production {
        alerts.extend(side_alerts(s, opts, "production"));
    }
    Ok(BiasColumn {
        column: column.to_owned(),
        positive_label: positive_label.to_owned(),
        reference,
        production,
        alerts,
    })
}

/// The intersection of two group columns, row by row: `"a & b"`, missing when either is.
///
/// # Formula
/// ```text
/// g_i = a_i + " & " + b_i
/// ```
///
/// # Remarks
/// Use `"<col a> & <col b>"` as the column name. Pass the result to [`bias_column`] with
/// `groups.iter().map(Option::as_deref).collect::<Vec<_>>()`.
///
/// # Errors
/// [`FairnessError::LengthMismatch`] when the columns differ in length.
///
/// # References
/// fairlearn `MetricFrame(sensitive_features=df[[a, b]])` (groups are the observed value pairs).
pub fn intersect_groups(
    a: &[Option<&str>],
    b: &[Option<&str>],
) -> Result<Vec<Option<String>>, FairnessError> {
    if a.len() != b.len() {
        return Err(FairnessError::LengthMismatch {
            groups: a.len(),
            y_true: b.len(),
            y_pred: b.len(),
        });
    }
    Ok(a.iter()
        .zip(b)
        .map(|(x, y)| match (x, y) {
            (Some(x), Some(y)) => Some(format!("{x} & {y}")),
            _ => None,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(tp: u64, fp: u64, tn: u64, fn_: u64) -> Confusion {
        Confusion {
            n: tp + fp + tn + fn_,
            tp,
            fp,
            tn,
            fn_,
        }
    }

    type Col = Vec<Option<&'static str>>;

    /// `n` rows of group `g` with truth `y` and prediction `p`.
    fn rows(spec: &[(&'static str, &'static str, &'static str, usize)]) -> (Col, Col, Col) {
        let (mut g, mut y, mut p) = (Vec::new(), Vec::new(), Vec::new());
        for &(gv, yv, pv, n) in spec {
            for _ in 0..n {
                g.push(Some(gv));
                y.push(Some(yv));
                p.push(Some(pv));
            }
        }
        (g, y, p)
    }

    #[test]
    fn zero_denominators_give_zero_as_fairlearn() {
        // A group with no actual positive: TPR = 0/0 → 0 (fairlearn, pair06 group `blue`).
        let only_neg = c(0, 3, 2, 0);
        assert_eq!(only_neg.tpr(), 0.0);
        assert_eq!(only_neg.fpr(), 0.6);
        // No actual negative: FPR 0; nothing predicted positive: precision 0.
        let only_pos_pred_neg = c(0, 0, 0, 4);
        assert_eq!(only_pos_pred_neg.fpr(), 0.0);
        assert_eq!(only_pos_pred_neg.precision(), 0.0);
        assert_eq!(only_pos_pred_neg.selection_rate(), 0.0);
        assert_eq!(Confusion::default().accuracy(), 0.0);
    }

    #[test]
    fn disparities_match_hand_computation() {
        // pair03 reference: g1 tp1 tn1 (SR .5, TPR 1, FPR 0); g2 tp1 tn1 fn1 (SR 1/3, TPR .5, FPR 0).
        let d = disparities(&[c(1, 0, 1, 0), c(1, 0, 1, 1)]);
        assert_eq!(d.demographic_parity_difference, 0.5 - 1.0 / 3.0);
        assert_eq!(d.demographic_parity_ratio, (1.0 / 3.0) / 0.5);
        assert_eq!(d.equalized_odds_difference, 0.5);
        // TPR ratio .5; FPR ratio 0/0 = NaN comes second in Python's min → ignored.
        assert_eq!(d.equalized_odds_ratio, 0.5);
    }

    #[test]
    fn ratio_with_zero_maximum_is_nan() {
        // Nobody selected anywhere: SR ratio 0/0 = NaN (pandas), TPR ratio NaN first → NaN.
        let d = disparities(&[c(0, 0, 5, 1), c(0, 0, 3, 2)]);
        assert!(d.demographic_parity_ratio.is_nan());
        assert_eq!(d.demographic_parity_difference, 0.0);
        assert!(d.equalized_odds_ratio.is_nan());
    }

    #[test]
    fn python_min_max_semantics() {
        assert!(python_min(f64::NAN, 0.5).is_nan());
        assert_eq!(python_min(0.5, f64::NAN), 0.5);
        assert_eq!(python_max(0.2, 0.3), 0.3);
    }

    #[test]
    fn four_fifths_rule_alerts_on_low_selection_ratio() {
        // A: 40 rows, 20 selected (SR .5); B: 40 rows, 12 selected (SR .3) → ratio .6 < .8.
        // Accuracy is equal (all predictions correct) so only the four-fifths alert fires.
        let (g, y, p) = rows(&[
            ("A", "1", "1", 20),
            ("A", "0", "0", 20),
            ("B", "1", "1", 12),
            ("B", "0", "0", 28),
        ]);
        let input = BiasInput {
            groups: &g,
            y_true: &y,
            y_pred: &p,
        };
        let side =
            bias_side(&input, "1", &BiasOptions::default()).unwrap_or_else(|e| panic!("{e}"));
        let alerts = side_alerts(&side, &BiasOptions::default(), "production");
        assert_eq!(alerts.len(), 1, "{alerts:?}");
        assert!(
            alerts[0]
                .starts_with("group B: selection rate 0.30 vs 0.50 for group A (ratio 0.60 < 0.8"),
            "{}",
            alerts[0]
        );
        // Ratio exactly 0.8 is not below 0.8: no alert.
        let (g, y, p) = rows(&[
            ("A", "1", "1", 20),
            ("A", "0", "0", 20),
            ("B", "1", "1", 16),
            ("B", "0", "0", 24),
        ]);
        let input = BiasInput {
            groups: &g,
            y_true: &y,
            y_pred: &p,
        };
        let side =
            bias_side(&input, "1", &BiasOptions::default()).unwrap_or_else(|e| panic!("{e}"));
        assert!(side_alerts(&side, &BiasOptions::default(), "production").is_empty());
    }

    #[test]
    fn accuracy_gap_alert_in_plain_words() {
        // A: 50 rows all correct (acc 1); B: 50 rows, 30 correct (acc .6); overall .8.
        let (g, y, p) = rows(&[
            ("A", "1", "1", 25),
            ("A", "0", "0", 25),
            ("B", "1", "1", 15),
            ("B", "0", "0", 15),
            ("B", "1", "0", 10),
            ("B", "0", "1", 10),
        ]);
        let input = BiasInput {
            groups: &g,
            y_true: &y,
            y_pred: &p,
        };
        let opts = BiasOptions::default();
        let side = bias_side(&input, "1", &opts).unwrap_or_else(|e| panic!("{e}"));
        let alerts = side_alerts(&side, &opts, "production");
        assert!(
            alerts.contains(
                &"group A: accuracy 1.00 vs overall 0.80 (+20 points > 5) in production".to_owned()
            ),
            "{alerts:?}"
        );
        assert!(
            alerts.contains(
                &"group B: accuracy 0.60 vs overall 0.80 (−20 points > 5) in production".to_owned()
            ),
            "{alerts:?}"
        );
    }

    #[test]
    fn small_groups_are_flagged_and_never_alerted() {
        // S has 10 rows (< 30) and terrible accuracy and no selection: flagged, no alert.
        let (g, y, p) = rows(&[
            ("A", "1", "1", 20),
            ("A", "0", "0", 20),
            ("S", "1", "0", 10),
        ]);
        let input = BiasInput {
            groups: &g,
            y_true: &y,
            y_pred: &p,
        };
        let opts = BiasOptions::default();
        let side = bias_side(&input, "1", &opts).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            side.groups
                .iter()
                .map(|g| (g.value.as_str(), g.small_sample))
                .collect::<Vec<_>>(),
            [("A", false), ("S", true)]
        );
        assert!(side_alerts(&side, &opts, "reference")
            .iter()
            .all(|a| !a.contains("group S")));
        // The small group still enters the aggregates (fairlearn has no minimum size).
        assert_eq!(side.demographic_parity_ratio.0, 0.0);
        // With the threshold lowered to 5 it is alerted on.
        let opts5 = BiasOptions {
            min_group_size: 5,
            ..BiasOptions::default()
        };
        let side5 = bias_side(&input, "1", &opts5).unwrap_or_else(|e| panic!("{e}"));
        assert!(side_alerts(&side5, &opts5, "reference")
            .iter()
            .any(|a| a.starts_with("group S: accuracy 0.00")));
    }

    #[test]
    fn missing_values_are_counted_not_grouped() {
        let g = [Some("A"), None, Some("A"), Some("B")];
        let y = [Some("1"), Some("1"), None, Some("cat")];
        let p = [Some("1"), Some("0"), Some("1"), Some("dog")];
        let input = BiasInput {
            groups: &g,
            y_true: &y,
            y_pred: &p,
        };
        let counts = group_counts(&input, "cat").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(counts.n_missing_group, 1);
        assert_eq!(counts.n_unlabelled, 1);
        assert_eq!(counts.overall.n, 2);
        // Multiclass binarisation against "cat": B is a false negative.
        assert_eq!(counts.groups["B"], c(0, 0, 0, 1));
        assert_eq!(counts.groups["A"], c(0, 0, 1, 0));
    }

    #[test]
    fn errors_and_null_sides() {
        let g = [Some("A")];
        let y: [Option<&str>; 0] = [];
        let bad = BiasInput {
            groups: &g,
            y_true: &y,
            y_pred: &y,
        };
        assert!(matches!(
            bias_side(&bad, "1", &BiasOptions::default()),
            Err(FairnessError::LengthMismatch { .. })
        ));
        let none = [None];
        let unlabelled = BiasInput {
            groups: &g,
            y_true: &none,
            y_pred: &none,
        };
        assert_eq!(
            bias_side(&unlabelled, "1", &BiasOptions::default()),
            Err(FairnessError::NoLabelledRows)
        );
        let y1 = [Some("1")];
        let ok = BiasInput {
            groups: &g,
            y_true: &y1,
            y_pred: &y1,
        };
        let col = bias_column("g", "1", &ok, &unlabelled, &BiasOptions::default())
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(col.reference.is_some() && col.production.is_none());
    }

    #[test]
    fn intersection_joins_values() {
        let a = [Some("F"), Some("M"), None];
        let b = [Some("east"), Some("west"), Some("east")];
        let v = intersect_groups(&a, &b).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            v,
            [
                Some("F & east".to_owned()),
                Some("M & west".to_owned()),
                None
            ]
        );
        assert!(intersect_groups(&a, &b[..2]).is_err());
    }

    #[test]
    fn json_shape_uses_spec_keys() {
        let (g, y, p) = rows(&[("A", "1", "1", 1), ("A", "0", "1", 1)]);
        let side = bias_side(
            &BiasInput {
                groups: &g,
                y_true: &y,
                y_pred: &p,
            },
            "1",
            &BiasOptions::default(),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let v = serde_json::to_value(&side).unwrap_or_default();
        let g0 = &v["groups"][0];
        for k in [
            "value",
            "n",
            "tp",
            "fp",
            "tn",
            "fn",
            "accuracy",
            "selection_rate",
            "tpr",
            "fpr",
            "precision",
            "small_sample",
        ] {
            assert!(g0.get(k).is_some(), "missing {k} in {g0}");
        }
        // FPR: 1/1; TPR 1/1; one group → ratios 1, differences 0.
        assert_eq!(v["equalized_odds_ratio"], serde_json::json!(1.0));
        assert_eq!(v["overall"]["fn"], serde_json::json!(0));
    }
}
