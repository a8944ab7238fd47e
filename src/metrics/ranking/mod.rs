//! Ranking metrics of a score: ROC AUC (binary, one-vs-rest, one-vs-one), average precision and
//! the ROC / precision–recall curves — all from **one sort** per score column.
//!
//! # Method
//! The scores of the positive rows and of the negative rows are mapped to order-preserving
//! `u64` keys and sorted separately (`sort_unstable`, O(n log n), ≈ 40 ms for 10⁶ rows natively).
//! A two-pointer merge then gives the Mann–Whitney count
//!
//! ```text
//! U = #{(i, j) : s⁺ᵢ > s⁻ⱼ} + ½·#{(i, j) : s⁺ᵢ = s⁻ⱼ}        AUC = U / (n⁺·n⁻)
//! ```
//!
//! which equals the trapezoidal area under sklearn's ROC curve (tied scores form one ROC step,
//! i.e. count ½), accumulated exactly in integers (2U in `u128`) and divided once. Walking the
//! same two sorted arrays from the top gives the confusion counts at every distinct threshold,
//! hence the curves and the average precision.
//!
//! # References
//! Hanley, J. A. & McNeil, B. J. (1982), "The meaning and use of the area under a receiver
//! operating characteristic (ROC) curve", *Radiology* 143(1), 29–36,
//! <https://doi.org/10.1148/radiology.143.1.7063747>; Hand, D. J. & Till, R. J. (2001), "A simple
//! generalisation of the area under the ROC curve for multiple class classification problems",
//! *Machine Learning* 45, 171–186, <https://doi.org/10.1023/A:1010920819831>; scikit-learn
//! `roc_auc_score`, `roc_curve`, `precision_recall_curve`, `average_precision_score`.

mod binary;
mod curves;
mod mann_whitney;
mod multiclass;

pub use binary::{average_precision, binary_ranking, roc_auc, BinaryRanking};
pub use curves::{PrPoint, RocPoint};
pub use multiclass::{multiclass_roc_auc, MulticlassRocAuc};
