//! Classification quality: the confusion matrix and everything derived from it, plus the report
//! builder that turns row-aligned label/score columns into SPEC §9's `classification` block.
//!
//! # Conventions (all as scikit-learn 1.9 with `zero_division=0`)
//! * Rows of the confusion matrix are true labels, columns predicted labels. Binary:
//!   `[[TN, FP], [FN, TP]]` (`sklearn.metrics.confusion_matrix(y, ŷ, labels=[neg, pos])`).
//! * Averages run over the **report's label set** (the sorted union of every label seen in the
//!   target, prediction and class-probability columns of both files), i.e. sklearn called with
//!   `labels=labels`. A label absent from one file therefore contributes 0 to that file's macro
//!   average (sklearn warns and does the same); weighted averages are unaffected (weight 0).
//! * A ratio whose denominator is 0 is **0** (`zero_division=0`): precision with no predicted
//!   positive, recall/specificity with no true positive/negative, F1 with `2·TP + FP + FN = 0`.
//! * Balanced accuracy is the mean recall over the classes that occur in the true labels
//!   (sklearn drops the others with a warning). MCC uses sklearn's multiclass formula (which is
//!   the usual φ coefficient for two classes) and is 0 when it is 0/0.
//!
//! # References
//! scikit-learn `precision_recall_fscore_support`, `balanced_accuracy_score`,
//! `matthews_corrcoef`, `confusion_matrix`; Gorodkin, J. (2004), "Comparing two K-category
//! assignments by a K-category correlation coefficient", *Computational Biology and Chemistry*
//! 28(5–6), 367–374, <https://doi.org/10.1016/j.compbiolchem.2004.09.006>.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use serde::{Deserialize, Serialize};

use super::calibration::{self, Reliability};
use super::ranking::{self, PrPoint, RocPoint};
use super::{check_len, MetricError};
use crate::num::Num;

mod builders;
mod confusion;
mod output;
mod report;

pub use builders::*;
pub use confusion::*;
pub use output::*;
pub use report::*;

#[cfg(test)]
mod tests;
