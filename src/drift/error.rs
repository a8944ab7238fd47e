//! The error of every drift computation.

/// Why a drift result could not be produced.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, serde::Serialize, serde::Deserialize)]
pub enum DriftError {
    /// The data do not allow the computation (e.g. a side with no values).
    #[error("not computable: {0}")]
    NotComputable(String),
    /// The settings are invalid for this column (method, threshold or bin count): a rule of
    /// [`crate::drift::ColumnOptions::check`] or one that needs the data (a method that does not
    /// apply to the column), or count vectors of different lengths.
    #[error("{0}")]
    InvalidOption(String),
}
