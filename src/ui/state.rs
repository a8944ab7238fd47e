//! The page's state: a few focused signals (not one god-object), provided as a context, and
//! the actions that change it (the components call them; worker responses land in
//! [`on_response`]). Components depend on this module, never on each other's files.

use std::sync::Arc;

use leptos::prelude::*;

use web_sys::File;

use crate::data::Schema;
use crate::protocol::{FileInfo, Response, Stage};
use crate::report::{Analysis, Config};
use crate::ui::bridge::Bridge;

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
    /// Time in the worker, ms.
    pub elapsed_ms: f64,
}

pub use crate::report::views::SortKey;

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
    /// Exports (JSON, HTML) include the outlier inspector's top rows (off by default).
    pub export_top_rows: RwSignal<bool>,
    /// How the exports (card, JSON, HTML) write values of PII columns: `mask` (default),
    /// `hash` (salted) or `raw`. The page itself always shows them.
    pub export_pii: RwSignal<String>,
    /// The salt of `hash`: random per session, shown and editable (the same salt gives the same
    /// hashes across files and sessions).
    pub export_salt: RwSignal<String>,
    /// Parse time of the last load, ms.
    pub load_ms: RwSignal<f64>,
    /// The phases of the current run (load or analysis) that ended, with their times in the
    /// workers, as they arrive.
    pub steps: RwSignal<Vec<crate::protocol::Step>>,
    /// Bytes read and size of each file being parsed (reference, production, labels): the two
    /// main files are read at once, one worker each.
    pub parts: RwSignal<[(u64, u64); 3]>,
    /// When the current load started (ms since the epoch), for "parsed in".
    pub load_started: RwSignal<f64>,
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
            export_top_rows: RwSignal::new(false),
            export_pii: RwSignal::new("mask".to_owned()),
            export_salt: RwSignal::new(random_salt()),
            load_ms: RwSignal::new(0.0),
            steps: RwSignal::new(Vec::new()),
            parts: RwSignal::new([(0, 0); 3]),
            load_started: RwSignal::new(0.0),
        }
    }
}

impl AppState {
    /// The export switches as they are now (top rows; PII masked, hashed with the salt, or raw).
    pub fn export_options(&self) -> crate::report::ExportOptions {
        use crate::report::PiiExport;
        let salt = self.export_salt.get_untracked();
        crate::report::ExportOptions {
            top_rows: self.export_top_rows.get_untracked(),
            pii: match self.export_pii.get_untracked().as_str() {
                "raw" => PiiExport::Raw,
                "hash" if !salt.trim().is_empty() => PiiExport::Hash { salt },
                _ => PiiExport::Mask,
            },
        }
    }
}

/// 16 random hex digits (a session's default salt; `Math.random` is enough for a salt the user
/// sees and may replace).
fn random_salt() -> String {
    (0..4)
        .map(|_| format!("{:04x}", (js_sys::Math::random() * 65536.0) as u32 & 0xffff))
        .collect()
}

impl Default for AppState {
    fn default() -> Self {
        Self::new()
    }
}

/// Actions the components can trigger (a context newtype over local, non-`Send` handles).
#[derive(Clone, Copy)]
pub struct Actions {
    bridge: StoredValue<Option<Bridge>, LocalStorage>,
    files: StoredValue<(Option<File>, Option<File>), LocalStorage>,
    labels: StoredValue<Option<File>, LocalStorage>,
}

impl Actions {
    /// The actions over a started worker bridge.
    pub fn new(bridge: Bridge) -> Actions {
        Actions {
            bridge: StoredValue::new_local(Some(bridge)),
            files: StoredValue::new_local((None, None)),
            labels: StoredValue::new_local(None),
        }
    }

    /// Sets one of the two files; starts parsing when both are there.
    pub fn set_file(&self, st: AppState, production: bool, file: File) {
        let name = crate::text::visible_owned(file.name());
        self.files.update_value(|f| {
            if production {
                f.1 = Some(file)
            } else {
                f.0 = Some(file)
            }
        });
        st.names.update(|n| {
            if production {
                n.1 = Some(name)
            } else {
                n.0 = Some(name)
            }
        });
        self.load_if_ready(st);
    }

    /// Sets (or, with `None`, removes) the optional late-labels file; re-parses when the two
    /// main files are there.
    pub fn set_labels(&self, st: AppState, file: Option<File>) {
        st.labels_name
            .set(file.as_ref().map(|f| crate::text::visible_owned(f.name())));
        st.labels.set(None);
        self.labels.set_value(file);
        self.load_if_ready(st);
    }

    /// Starts parsing when both files are chosen.
    pub fn load_if_ready(&self, st: AppState) {
        let (r, p) = self.files.get_value();
        let labels = self.labels.get_value();
        if let (Some(r), Some(p)) = (r, p) {
            st.error.set(None);
            st.done.set(None);
            st.schema.set(None);
            st.selected.set(None);
            st.config.update(|c| {
                c.roles = Default::default();
                c.kinds.clear();
                c.drift.columns.clear();
            });
            st.labels.set(None);
            st.steps.set(Vec::new());
            st.load_started.set(js_sys::Date::now());
            let size = |f: &File| f.size() as u64;
            st.parts.set([
                (0, size(&r)),
                (0, size(&p)),
                (0, labels.as_ref().map_or(0, size)),
            ]);
            st.phase.set(Phase::Loading {
                stage: Stage::Reference,
                done: 0,
                total: (r.size() + p.size() + labels.as_ref().map_or(0.0, |l| l.size())) as u64,
            });
            self.bridge.with_value(|b| {
                if let Some(b) = b {
                    b.load(&r, &p, labels.as_ref());
                }
            });
        }
    }

    /// Runs the analysis with the current settings.
    pub fn analyze(&self, st: AppState) {
        st.error.set(None);
        st.steps.set(Vec::new());
        st.phase.set(Phase::Analyzing);
        let cfg = st.config.get_untracked();
        self.bridge.with_value(|b| {
            if let Some(b) = b {
                b.analyze(&cfg);
            }
        });
    }

    /// Stops parsing/analysis.
    pub fn cancel(&self, st: AppState) {
        self.bridge.with_value(|b| {
            if let Some(b) = b {
                b.cancel();
            }
        });
        self.files.set_value((None, None));
        st.names.set((None, None));
        st.phase.set(Phase::Idle);
        st.error.set(Some(
            "Cancelled. Choose the files again to start over.".into(),
        ));
    }
}

/// Writes a worker response into the page's state.
pub fn on_response(st: AppState, resp: Response) {
    match resp {
        // The two-worker plumbing stays in the bridge.
        Response::Ready | Response::Parsed { .. } | Response::SideDone { .. } => {}
        Response::Progress {
            step: Some(step), ..
        } => {
            st.steps.update(|v| v.push(step));
        }
        Response::Progress {
            stage, done, total, ..
        } => {
            if stage == Stage::Analyzing {
                st.phase.set(Phase::Analyzing);
            } else {
                let part = match stage {
                    Stage::Reference => Some(0),
                    Stage::Production => Some(1),
                    Stage::Labels => Some(2),
                    _ => None,
                };
                let (done, total) = match part {
                    Some(i) => {
                        st.parts.update(|p| p[i] = (done, total));
                        st.parts.with_untracked(|p| {
                            p.iter().fold((0, 0), |(d, t), (a, b)| (d + a, t + b))
                        })
                    }
                    None => (done, total),
                };
                st.phase.set(Phase::Loading { stage, done, total });
            }
        }
        Response::Loaded {
            reference,
            production,
            schema,
            labels,
            elapsed_ms,
            ..
        } => {
            st.files.set(Some((reference, production)));
            st.labels.set(labels.map(|l| *l));
            st.schema.set(Some(schema));
            // From the files chosen to the roles shown (the workers' own times are the steps).
            let started = st.load_started.get_untracked();
            st.load_ms.set(if started > 0.0 {
                js_sys::Date::now() - started
            } else {
                elapsed_ms
            });
            st.phase.set(Phase::Loaded);
        }
        Response::Done {
            analysis,
            elapsed_ms,
            ..
        } => {
            let first = analysis
                .report
                .drift
                .columns
                .iter()
                .find(|c| c.drifted)
                .or(analysis.report.drift.columns.first())
                .map(|c| c.column.clone());
            st.done.set(Some(Arc::new(Done {
                analysis: *analysis,
                elapsed_ms,
            })));
            if st.selected.get_untracked().is_none() {
                st.selected.set(first);
            }
            st.phase.set(Phase::Done);
        }
        Response::Failed { message, .. } => {
            let back = if st.schema.get_untracked().is_some() {
                Phase::Loaded
            } else {
                Phase::Idle
            };
            st.phase.set(back);
            st.error.set(Some(message));
        }
    }
}
