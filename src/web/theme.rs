//! The theme preference in the page: `data-theme` on `<html>` (the
//! stylesheet's themes key on it) and its local storage entry. Storage may be
//! missing or throw (private mode, blocked storage): then the choice simply
//! lasts as long as the tab.

use wasm_bindgen::JsCast;
use web_sys::Element;

use spanmark_core::theme::{Theme, THEME_KEY};

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The stored preference (also what index.html's inline script applied).
pub fn stored() -> Theme {
    let value = local_storage().and_then(|s| s.get_item(THEME_KEY).ok().flatten());
    Theme::from_stored(value.as_deref())
}

/// Shows `theme` and remembers it.
pub fn choose(theme: Theme) {
    apply(theme);
    if let Some(s) = local_storage() {
        // Not remembered when storage refuses: nothing else depends on it.
        let _ = match theme.id() {
            Some(id) => s.set_item(THEME_KEY, id),
            None => s.remove_item(THEME_KEY),
        };
    }
}

/// Sets or removes `data-theme` on `<html>`, and makes the browser's own
/// colour (title bar, installed app) follow.
pub fn apply(theme: Theme) {
    let Some(doc) = super::dom::document() else {
        return;
    };
    if let Some(root) = doc.document_element() {
        let _ = match theme.id() {
            Some(id) => root.set_attribute("data-theme", id),
            None => root.remove_attribute("data-theme"),
        };
    }
    // index.html has one `theme-color` per colour scheme (the page
    // backgrounds, `--bg` in the stylesheet); a choice sets both to its own.
    let Ok(metas) = doc.query_selector_all("meta[name=theme-color]") else {
        return;
    };
    for i in 0..metas.length() {
        let Some(meta) = metas.item(i).and_then(|n| n.dyn_into::<Element>().ok()) else {
            continue;
        };
        let dark = match theme {
            Theme::Light => false,
            Theme::Dark => true,
            Theme::System => meta
                .get_attribute("media")
                .is_some_and(|m| m.contains("dark")),
        };
        let _ = meta.set_attribute("content", if dark { "#17171a" } else { "#fdfcf9" });
    }
}
