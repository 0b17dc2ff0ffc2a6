//! spanmark: span annotation in the browser.
//!
//! Layers: the core is the crate `spanmark-core` (`crates/spanmark-core`):
//! pure Rust, tested natively, with no web or UI crate in its dependency
//! tree, so the compiler keeps the layer; `web` is the only code that touches
//! web-sys or gloo; `ui` holds the Leptos components.

#[cfg(target_arch = "wasm32")]
pub mod ui;
#[cfg(target_arch = "wasm32")]
pub mod web;

/// Mounts the app on `<body>`.
#[cfg(target_arch = "wasm32")]
pub fn start() {
    leptos::mount::mount_to_body(ui::App);
}

/// The native build exists for `cargo test` on the core; the app itself is Wasm.
#[cfg(not(target_arch = "wasm32"))]
pub fn start() {
    eprintln!("spanmark runs in the browser: build it with `trunk build --release`.");
}
