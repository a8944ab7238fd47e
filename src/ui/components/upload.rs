//! Choosing the two files: inputs, drag and drop, or the built-in demo pair.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{File, HtmlInputElement};

use crate::ui::state::{Actions, AppState, Phase};

/// A global the single-file build (scripts/single.py) sets: the demo pair as `File`s by name,
/// since a page opened from disk may fetch nothing.
const DEMO_GLOBAL: &str = "driftcardDemo";

async fn fetch_file(url: &str, name: &str) -> Result<File, String> {
    let window = web_sys::window().ok_or("no window")?;
    if let Ok(demo) = js_sys::Reflect::get(&window, &DEMO_GLOBAL.into()) {
        if let Some(f) = js_sys::Reflect::get(&demo, &name.into())
            .ok()
            .and_then(|f| f.dyn_into::<File>().ok())
        {
            return Ok(f);
        }
    }
    let resp: web_sys::Response = JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(|e| format!("{url}: {e:?}"))?
        .dyn_into()
        .map_err(|_| format!("{url}: not a response"))?;
    if !resp.ok() {
        return Err(format!("{url}: HTTP {}", resp.status()));
    }
    let blob: web_sys::Blob = JsFuture::from(resp.blob().map_err(|e| format!("{e:?}"))?)
        .await
        .map_err(|e| format!("{e:?}"))?
        .unchecked_into();
    let parts = js_sys::Array::of1(&blob);
    let opts = web_sys::FilePropertyBag::new();
    opts.set_type("text/csv");
    File::new_with_blob_sequence_and_options(&parts, name, &opts).map_err(|e| format!("{e:?}"))
}

/// The file a file input's `change` event chose; the input is cleared so that choosing the same
/// file again fires again.
fn chosen_file(ev: &leptos::ev::Event) -> Option<File> {
    let input = ev
        .target()
        .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())?;
    let f = input.files().and_then(|l| l.get(0));
    input.set_value("");
    f
}

/// One file slot: a label that is both a file input and a drop target.
#[component]
fn Slot(
    /// `reference` or `production`.
    which: &'static str,
    /// Explanation under the title.
    hint: &'static str,
) -> impl IntoView {
    let st = expect_context::<AppState>();
    let actions = expect_context::<Actions>();
    let production = which == "production";
    let over = RwSignal::new(0i32);
    let name = move || {
        st.names
            .with(|n| if production { n.1.clone() } else { n.0.clone() })
    };
    let on_change = move |ev: leptos::ev::Event| {
        if let Some(f) = chosen_file(&ev) {
            actions.set_file(st, production, f);
        }
    };
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        over.set(0);
        let Some(files) = ev.data_transfer().and_then(|d| d.files()) else {
            return;
        };
        if files.length() >= 2 {
            // Two files dropped together: the one named like reference/train goes left.
            let (a, b) = (files.get(0), files.get(1));
            if let (Some(a), Some(b)) = (a, b) {
                let looks_ref = |f: &File| {
                    let n = f.name().to_lowercase();
                    n.contains("ref") || n.contains("train") || n.contains("baseline")
                };
                let (r, p) = if looks_ref(&b) && !looks_ref(&a) {
                    (b, a)
                } else {
                    (a, b)
                };
                actions.set_file(st, false, r);
                actions.set_file(st, true, p);
            }
        } else if let Some(f) = files.get(0) {
            actions.set_file(st, production, f);
        }
    };
    let id = format!("{which}-file");
    let on_enter = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        over.update(|n| *n += 1);
    };
    let on_over = move |ev: leptos::ev::DragEvent| ev.prevent_default();
    let on_leave = move |_: leptos::ev::DragEvent| over.update(|n| *n -= 1);
    view! {
        <label
            class=move || {
                let mut c = String::from("slot");
                if over.get() > 0 {
                    c.push_str(" over");
                }
                if name().is_some() {
                    c.push_str(" chosen");
                }
                c
            }
            on:dragenter=on_enter
            on:dragover=on_over
            on:dragleave=on_leave
            on:drop=on_drop
        >
            <span class="slot-title">{if production { "Production CSV" } else { "Reference CSV" }}</span>
            <span class="slot-hint">{hint}</span>
            <span class="slot-file">{move || name().unwrap_or_else(|| "Drop a file here or click to choose".into())}</span>
            <input id=id type="file" accept=".csv,.tsv,.txt,.dat,.gz,text/csv,text/tab-separated-values,application/gzip" on:change=on_change />
        </label>
    }
}

/// The optional third slot: late labels (prediction id + target), joined to production by id.
#[component]
fn LabelsSlot() -> impl IntoView {
    let st = expect_context::<AppState>();
    let actions = expect_context::<Actions>();
    let over = RwSignal::new(0i32);
    let on_change = move |ev: leptos::ev::Event| {
        if let Some(f) = chosen_file(&ev) {
            actions.set_labels(st, Some(f));
        }
    };
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        over.set(0);
        if let Some(f) = ev
            .data_transfer()
            .and_then(|d| d.files())
            .and_then(|l| l.get(0))
        {
            actions.set_labels(st, Some(f));
        }
    };
    let name = move || st.labels_name.get();
    view! {
        <div class="labels-slot-wrap">
            <label
                class=move || {
                    let mut c = String::from("slot slot-optional");
                    if over.get() > 0 {
                        c.push_str(" over");
                    }
                    if name().is_some() {
                        c.push_str(" chosen");
                    }
                    c
                }
                on:dragenter=move |ev: leptos::ev::DragEvent| { ev.prevent_default(); over.update(|n| *n += 1); }
                on:dragover=move |ev: leptos::ev::DragEvent| ev.prevent_default()
                on:dragleave=move |_| over.update(|n| *n -= 1)
                on:drop=on_drop
            >
                <span class="slot-title">"Labels CSV "<span class="muted">"(optional)"</span></span>
                <span class="slot-hint">"late ground truth: prediction id + target, joined to production by id"</span>
                <span class="slot-file">{move || name().unwrap_or_else(|| "Drop a file here or click to choose".into())}</span>
                <input id="labels-file" type="file" accept=".csv,.tsv,.txt,.dat,.gz,text/csv,text/tab-separated-values,application/gzip" on:change=on_change />
            </label>
            {move || name().map(|_| view! {
                <button id="remove-labels" class="link" on:click=move |_| actions.set_labels(st, None)>"remove labels"</button>
            })}
        </div>
    }
}

/// The file-choice card.
#[component]
pub fn Upload() -> impl IntoView {
    let st = expect_context::<AppState>();
    let actions = expect_context::<Actions>();
    let busy = move || matches!(st.phase.get(), Phase::Loading { .. } | Phase::Analyzing);
    let load_pair = move |reference: &'static str, production: &'static str| {
        st.error.set(None);
        leptos::task::spawn_local(async move {
            let r = fetch_file(&format!("demo/{reference}"), reference).await;
            let p = fetch_file(&format!("demo/{production}"), production).await;
            match (r, p) {
                (Ok(r), Ok(p)) => {
                    actions.set_file(st, false, r);
                    actions.set_file(st, true, p);
                }
                (Err(e), _) | (_, Err(e)) => st
                    .error
                    .set(Some(format!("could not load the demo data: {e}"))),
            }
        });
    };
    let load_demo = move |_| load_pair("reference.csv", "production.csv");
    let load_llm_demo = move |_| load_pair("llm_reference.csv", "llm_production.csv");
    view! {
        <section class="upload card" aria-label="Choose files">
            <div class="slots">
                <Slot which="reference" hint="training data or a known-good period" />
                <Slot which="production" hint="recent traffic to compare" />
                <LabelsSlot />
            </div>
            <div class="upload-actions">
                <button id="load-demo" class="secondary" on:click=load_demo disabled=busy>
                    "Load demo data"
                </button>
                <span class="muted">"A credit-default classifier: 5 000 reference and 5 000 production rows."</span>
                <button id="load-llm-demo" class="secondary" on:click=load_llm_demo disabled=busy>
                    "Load LLM demo"
                </button>
                <span class="muted">"An LLM assistant's request log: 2 400 + 1 600 requests, prompt versions v1–v3, eval answers."</span>
            </div>
        </section>
    }
}
