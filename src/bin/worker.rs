//! The Web Worker bin (Trunk `data-type="worker"`): one call into `driftcard::ui::worker_runtime`.

#[cfg(target_arch = "wasm32")]
fn main() {
    driftcard::ui::worker_runtime::run();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {}
