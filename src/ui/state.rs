//! The page's state: a few focused signals (not one god-object), provided as a context.

use std::sync::Arc;

use leptos::prelude::*;

use crate::data::Schema;
use crate::protocol::{FileInfo, Stage};
use crate::report::{Analysis, Config};

/// Where the user is.
#[derive(Clone, Debug, PartialEq)]
pub enum Phase {
    /// Choosing files.
    Idle,
    /// Parsing in the worker.
    Loading {
        /// Step.
        stage: Stage,
        /// Bytes read.
        done: u64,
        /// Bytes in all.
        total: u64,
    },
    /// Parsed: the user checks kinds and roles.
    Loaded,
    /// Computing the report.
    Analyzing,
    /// Report shown.
    Done,
}

/// A finished analysis as the page holds it.
#[derive(Clone, Debug, PartialEq)]
pub struct Done {
    /// Report + charts.
    pub analysis: Analysis,
    /// Model card Markdown.
    pub card: String,
    /// JSON report text.
    pub json: String,
    /// Time in the worker, ms.
    pub elapsed_ms: f64,
}

/// How the drift table is sorted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortKey {
    /// Drifted first, then file order.
    Status,
    /// Column name.
    Column,
    /// Kind.
    Kind,
    /// Method id.
    Method,
    /// Score.
    Score,
    /// Missing share in reference.
    MissingRef,
    /// Missing share in production.
    MissingProd,
}

/// Every signal of the page.
#[derive(Clone, Copy)]
pub struct AppState {
    /// Phase.
    pub phase: RwSignal<Phase>,
    /// Error message shown in the page (file, row, column named by the core).
    pub error: RwSignal<Option<String>>,
    /// Chosen file names (reference, production).
    pub names: RwSignal<(Option<String>, Option<String>)>,
    /// The optional late-labels file's name.
    pub labels_name: RwSignal<Option<String>>,
    /// The labels file as loaded and joined (or why it could not be joined).
    pub labels: RwSignal<Option<crate::protocol::LabelsInfo>>,
    /// Parsed file facts.
    pub files: RwSignal<Option<(FileInfo, FileInfo)>>,
    /// Inferred schema.
    pub schema: RwSignal<Option<Schema>>,
    /// Settings (role/kind edits land here).
    pub config: RwSignal<Config>,
    /// The last report.
    pub done: RwSignal<Option<Arc<Done>>>,
    /// Column whose detail panel is open.
    pub selected: RwSignal<Option<String>>,
    /// Drift table order (key, descending).
    pub sort: RwSignal<(SortKey, bool)>,
    /// Parse time of the last load, ms.
    pub load_ms: RwSignal<f64>,
}

impl AppState {
    /// Fresh state.
    pub fn new() -> AppState {
        AppState {
            phase: RwSignal::new(Phase::Idle),
            error: RwSignal::new(None),
            names: RwSignal::new((None, None)),
            labels_name: RwSignal::new(None),
            labels: RwSignal::new(None),
            files: RwSignal::new(None),
            schema: RwSignal::new(None),
            config: RwSignal::new(Config::default()),
            done: RwSignal::new(None),
            selected: RwSignal::new(None),
            sort: RwSignal::new((SortKey::Status, false)),
            load_ms: RwSignal::new(0.0),
        }
    }
}

impl Default for AppState {
    fn default() -> Self {
        Self::new()
    }
}
