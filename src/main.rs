//! The page (Trunk `data-bin="app"`): panic hook + mount. Everything else is in `driftcard::ui`.

#[cfg(target_arch = "wasm32")]
fn main() {
    driftcard::ui::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {}
