//! The one error of the bias tables: slices that do not line up, or no labelled row.

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
