//! The app shell: header, file choice, progress, roles, report.

use leptos::prelude::*;

use super::{report::ReportView, roles::RolesEditor, settings::Settings, upload::Upload};
use crate::protocol::Stage;
use crate::ui::bridge::Bridge;
use crate::ui::state::{on_response, Actions, AppState, Phase};

/// The whole page.
#[component]
pub fn App() -> impl IntoView {
    let st = AppState::new();
    st.config.set(super::settings::load_remembered());
    provide_context(st);
    let bridge = Bridge::new(move |resp| on_response(st, resp));
    let actions = Actions::new(bridge);
    provide_context(actions);

    let progress = move || {
        match st.phase.get() {
        Phase::Loading { stage, done, total } => {
            let pct = if total == 0 { 0.0 } else { done as f64 * 100.0 / total as f64 };
            // Each file's share when several are read at once (one worker each).
            let parts = st.parts.get();
            let names = ["reference", "production", "labels"];
            let reading: Vec<String> = parts
                .iter()
                .zip(names)
                .filter(|((_, size), _)| *size > 0)
                .map(|((d, size), n)| format!("{n} {:.0} %", *d as f64 * 100.0 / *size as f64))
                .collect();
            let what = if reading.len() > 1 {
                reading.join(" · ")
            } else {
                match stage {
                    Stage::Reference => "the reference file".to_owned(),
                    Stage::Production => "the production file".to_owned(),
                    Stage::Labels => "the labels file".to_owned(),
                    _ => "the files".to_owned(),
                }
            };
            Some(view! {
                <section class="progress card" aria-live="polite">
                    <div class="progress-label">
                        {format!("Reading {what}… {} of {} ({pct:.0} %)", crate::format::bytes(done), crate::format::bytes(total))}
                    </div>
                    <progress id="progress" max="100" prop:value=pct></progress>
                    <button id="cancel" class="secondary" on:click=move |_| actions.cancel(st)>"Cancel"</button>
                </section>
            }.into_any())
        }
        Phase::Analyzing => Some(view! {
            <section class=move || if st.done.with(Option::is_some) { "progress card floating" } else { "progress card" } aria-live="polite">
                <div class="progress-label">"Computing drift, quality and accuracy…"
                    {move || st.steps.with(|v| v.last().map(|s| view! {
                        <span class="muted step">{format!(" {} done ({:.0} ms)", s.name, s.ms)}</span>
                    }))}
                </div>
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
