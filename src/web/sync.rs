//! The `storage` event: another tab of the same origin changed a key.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// Calls `f(key, new_value)` for every change another tab makes to local
/// storage (`new_value` is `None` when the key was removed). Lives as long as
/// the page.
pub fn on_change(f: impl Fn(String, Option<String>) + 'static) {
    let Some(win) = web_sys::window() else { return };
    let cb = Closure::<dyn Fn(web_sys::StorageEvent)>::new(move |e: web_sys::StorageEvent| {
        if let Some(key) = e.key() {
            f(key, e.new_value());
        }
    });
    let _ = win.add_event_listener_with_callback("storage", cb.as_ref().unchecked_ref());
    cb.forget();
}
