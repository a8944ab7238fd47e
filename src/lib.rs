//! # driftcard
//!
//! An ML-monitoring report computed entirely on the user's machine: drift, data quality,
//! model quality, bias and service health of a *reference* CSV against a *production* CSV.
//!
//! ## Architecture
//! The crate is a **pure core** plus thin shells (see `docs/STYLE.md`):
//!
//! | module | what | browser types? |
//! |---|---|---|
//! | [`num`], [`format`], [`timing`], [`text`] | leaves: numbers in the JSON, numbers for people, phase timings, text from the data made visible | no |
//! | [`data`] | chunked CSV ingestion, missing values, columnar storage, kind and role inference | no |
//! | [`stats`] | shared numerics: quantiles, moments, special functions | no |
//! | [`drift`] | one file per drift test, the automatic method choice, column drift verdicts | no |
//! | [`metrics`] | model quality: classification, regression, calibration, concept drift over time | no |
//! | [`fairness`] | per-group metrics, parity, four-fifths and accuracy-gap alerts | no |
//! | [`service`] | latency percentiles and SLO, error rate, cost, A/B versions, feedback | no |
//! | [`outliers`] | seeded Isolation Forest and the row inspector | no |
//! | [`quality`] | data quality per column | no |
//! | [`report`] | settings, `analyze()`, the JSON report, view-models, the model card | no |
//! | [`chart`] | plotters drawing generic over any backend, with the pixel→data hit map | no |
//! | [`protocol`] | messages between the page and the Web Worker | no |
//! | [`cli`] | the native `driftcard report` command | no |
//! | `ui` (wasm32 only) | Leptos components, worker bridge, canvas charts | yes |
//!
//! The core builds and tests natively (`cargo test`); the page (`src/main.rs`) and the worker
//! (`src/bin/worker.rs`) are the only places that touch the DOM.

pub mod chart;
#[cfg(not(target_arch = "wasm32"))]
pub mod cli;
pub mod data;
pub mod drift;
pub mod error;
pub mod fairness;
pub mod format;
pub mod metrics;
pub mod num;
pub mod outliers;
pub mod protocol;
pub mod quality;
pub mod report;
pub mod service;
pub mod stats;
pub mod text;
pub mod timing;

#[cfg(target_arch = "wasm32")]
pub mod ui;

pub use error::{Error, Result};
