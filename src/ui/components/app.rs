//! The app shell: header, file choice, progress, roles, report.

use std::sync::Arc;

use leptos::prelude::*;
use web_sys::File;

use super::{report::ReportView, roles::RolesEditor, settings::Settings, upload::Upload};
use crate::protocol::{Response, Stage};
use crate::ui::bridge::Bridge;
use crate::ui::state::{AppState, Done, Phase};

/// Actions the components can trigger (a context newtype over local, non-`Send` handles).
#[derive(Clone, Copy)]
pub struct Actions {
    bridge: StoredValue<Option<Bridge>, LocalStorage>,
    files: StoredValue<(Option<File>, Option<File>), LocalStorage>,
    labels: StoredValue<Option<File>, LocalStorage>,
}

impl Actions {
    /// Sets one of the two files; starts parsing when both are there.
    pub fn set_file(&self, st: AppState, production: bool, file: File) {
        let name = file.name();
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
        st.labels_name.set(file.as_ref().map(File::name));
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

fn on_response(st: AppState, resp: Response) {
    match resp {
        Response::Ready => {}
        Response::Progress {
            stage, done, total, ..
        } => {
            if stage == Stage::Analyzing {
                st.phase.set(Phase::Analyzing);
            } else {
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
            st.load_ms.set(elapsed_ms);
            st.phase.set(Phase::Loaded);
        }
        Response::Done {
            analysis,
            card,
            json,
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
                card,
                json,
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

/// The whole page.
#[component]
pub fn App() -> impl IntoView {
    let st = AppState::new();
    st.config.set(super::settings::load_remembered());
    provide_context(st);
    let bridge = Bridge::new(move |resp| on_response(st, resp));
    let actions = Actions {
        bridge: StoredValue::new_local(Some(bridge)),
        files: StoredValue::new_local((None, None)),
        labels: StoredValue::new_local(None),
    };
    provide_context(actions);

    let progress = move || {
        match st.phase.get() {
        Phase::Loading { stage, done, total } => {
            let pct = if total == 0 { 0.0 } else { done as f64 * 100.0 / total as f64 };
            let what = if stage == Stage::Reference { "reference" } else { "production" };
            Some(view! {
                <section class="progress card" aria-live="polite">
                    <div class="progress-label">
                        {format!("Reading {what} file… {} of {} ({pct:.0} %)", crate::format::bytes(done), crate::format::bytes(total))}
                    </div>
                    <progress id="progress" max="100" prop:value=pct></progress>
                    <button id="cancel" class="secondary" on:click=move |_| actions.cancel(st)>"Cancel"</button>
                </section>
            }.into_any())
        }
        Phase::Analyzing => Some(view! {
            <section class=move || if st.done.with(Option::is_some) { "progress card floating" } else { "progress card" } aria-live="polite">
                <div class="progress-label">"Computing drift, quality and accuracy…"</div>
                <progress id="progress"></progress>
                <button id="cancel" class="secondary" on:click=move |_| actions.cancel(st)>"Cancel"</button>
            </section>
        }.into_any()),
        _ => None,
    }
    };

    view! {
        <header class="top">
            <div class="brand">
                <span class="logo" aria-hidden="true">"◧"</span>
                <h1>"driftcard"</h1>
                <span class="tagline">"ML monitoring report — computed in your browser, nothing is uploaded"</span>
            </div>
        </header>
        <main>
            <Upload />
            {move || st.error.get().map(|e| view! {
                <div class="error-message card" role="alert">
                    <strong>"Problem: "</strong>{e}
                </div>
            })}
            {progress}
            <Settings />
            <Show when=move || st.schema.with(Option::is_some) && st.done.with(Option::is_none)>
                <RolesEditor />
            </Show>
            <Show when=move || st.done.with(Option::is_some)>
                <ReportView />
            </Show>
        </main>
        <footer class="foot">
            "driftcard "{env!("CARGO_PKG_VERSION")}" · your files are read locally by WebAssembly; the page makes no network request"
        </footer>
    }
}
