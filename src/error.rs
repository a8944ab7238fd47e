//! The crate-wide error of the analysis (`analyze`, the CLI, the worker): a file that cannot be
//! read (gathered with `#[from]`), settings out of range, or files that cannot be compared. The
//! statistics modules keep their own small error types (`DriftError`, `MetricError`,
//! `OutlierError`, …), which the report turns into "not computable" with the reason rather
//! than into this error.

use crate::data::LoadError;

/// Any error the core can return. Browser shells turn it into a message with `to_string()`.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A CSV could not be read (empty, binary, header only, ragged, …).
    #[error(transparent)]
    Load(#[from] LoadError),
    /// The settings are invalid (unknown method id, threshold out of range, …).
    #[error("invalid settings: {0}")]
    Config(String),
    /// The two files cannot be compared (e.g. no column in common).
    #[error("{0}")]
    Input(String),
}

/// `Result` with the crate's [`Error`].
pub type Result<T> = std::result::Result<T, Error>;
