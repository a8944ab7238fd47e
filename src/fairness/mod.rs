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
//!
//! # Files
//! One topic per file, each using only the ones listed before it:
//! * `error` — [`FairnessError`]; `options` — [`BiasOptions`], the alert thresholds;
//! * `confusion` — [`Confusion`] counts and rates, and the table rows [`OverallMetrics`] and
//!   [`GroupMetrics`];
//! * `disparity` — [`disparities`], fairlearn's four aggregates;
//! * `groups` — [`BiasInput`], [`group_counts`] (binarise and count per group) and
//!   [`intersect_groups`];
//! * `side` — [`bias_side`], the table of one file ([`BiasSide`]);
//! * `alerts` — [`side_alerts`], the accuracy-gap and four-fifths alerts of one table;
//! * `column` — [`bias_column`], both files and their alerts ([`BiasColumn`]).
//!
//! # Layer
//! A statistics module (see `tests/architecture.rs`): it may use the leaves and the shared
//! numerics (`crate::num` for the JSON numbers, `crate::format` for the numbers in alert texts,
//! `crate::stats`), never `crate::report` or anything above it; `report` calls [`bias_column`]
//! and turns the tables into charts.

mod alerts;
mod column;
mod confusion;
mod disparity;
mod error;
mod groups;
mod options;
mod side;
#[cfg(test)]
mod test_util;

pub use alerts::side_alerts;
pub use column::{bias_column, BiasColumn};
pub use confusion::{Confusion, GroupMetrics, OverallMetrics};
pub use disparity::{disparities, Disparities};
pub use error::FairnessError;
pub use groups::{group_counts, intersect_groups, BiasInput, GroupCounts};
pub use options::BiasOptions;
pub use side::{bias_side, BiasSide};
