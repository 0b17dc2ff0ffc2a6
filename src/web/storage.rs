//! Raw access to `localStorage`. gloo-storage's typed `get`/`set` would
//! JSON-encode our already-encoded strings a second time, so we use its raw
//! handle — and only after checking that storage exists at all, because
//! `LocalStorage::raw()` throws when it does not (private mode, blocked
//! cookies, sandboxed frames).

use gloo_storage::{LocalStorage, Storage as _};
use thiserror::Error;
use wasm_bindgen::{JsCast, JsValue};

#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum StoreError {
    #[error("this browser does not let the page use local storage ({0})")]
    Unavailable(String),
    #[error("local storage is full")]
    Quota,
    #[error("local storage refused the write ({0})")]
    Other(String),
}

fn js_reason(v: &JsValue) -> String {
    v.dyn_ref::<web_sys::DomException>()
        .map(|e| format!("{}: {}", e.name(), e.message()))
        .or_else(|| v.as_string())
        .unwrap_or_else(|| "unknown error".into())
}

/// Ok when local storage can be read and written.
pub fn probe() -> Result<(), StoreError> {
    let win = web_sys::window().ok_or_else(|| StoreError::Unavailable("no window".into()))?;
    let st = win
        .local_storage()
        .map_err(|e| StoreError::Unavailable(js_reason(&e)))?
        .ok_or_else(|| StoreError::Unavailable("no localStorage".into()))?;
    let key = "spanmark:probe";
    st.set_item(key, "1").map_err(|e| classify(&e))?;
    let _ = st.remove_item(key);
    Ok(())
}

fn classify(e: &JsValue) -> StoreError {
    match e.dyn_ref::<web_sys::DomException>() {
        Some(d) if d.name() == "QuotaExceededError" || d.code() == 22 => StoreError::Quota,
        _ => StoreError::Other(js_reason(e)),
    }
}

pub fn read(key: &str) -> Result<Option<String>, StoreError> {
    LocalStorage::raw()
        .get_item(key)
        .map_err(|e| StoreError::Other(js_reason(&e)))
}

pub fn write(key: &str, value: &str) -> Result<(), StoreError> {
    LocalStorage::raw()
        .set_item(key, value)
        .map_err(|e| classify(&e))
}

pub fn remove(key: &str) {
    LocalStorage::delete(key);
}

/// Every key currently in local storage.
pub fn keys() -> Vec<String> {
    let st = LocalStorage::raw();
    let n = st.length().unwrap_or(0);
    (0..n).filter_map(|i| st.key(i).ok().flatten()).collect()
}

/// Local storage if this page may use it; never throws (unlike
/// `LocalStorage::raw()`), for small preferences read before any probe.
fn local() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// A preference's value; `None` when absent or when storage is unusable.
pub fn read_pref(key: &str) -> Option<String> {
    local()?.get_item(key).ok()?
}

/// Stores a preference; false when storage refused it (the choice then
/// lasts for this visit only).
pub fn write_pref(key: &str, value: &str) -> bool {
    local().is_some_and(|s| s.set_item(key, value).is_ok())
}
