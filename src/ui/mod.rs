//! The page (wasm32 only): the one place, with `src/main.rs` and the worker bin, that names
//! leptos, web-sys, js-sys and plotters-canvas. Components are thin: everything they show comes
//! from the core's [`crate::report::Analysis`] (view-models) computed in the worker.

pub mod bridge;
pub mod components;
pub mod dom;
pub mod state;
pub mod worker_io;
pub mod worker_runtime;

use leptos::prelude::*;

/// Installs the friendly panic screen and mounts the app.
pub fn start() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        dom::show_fatal(&format!("{info}"));
    }));
    mount_to_body(components::app::App);
}
