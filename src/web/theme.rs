//! The theme preference in the page: `data-theme` on `<html>` (the
//! stylesheet's themes key on it) and its local storage entry. Storage may be
//! missing or throw (private mode, blocked storage): then the choice simply
//! lasts as long as the tab.

use crate::core::theme::{Theme, THEME_KEY};

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

/// Sets or removes `data-theme` on `<html>`.
pub fn apply(theme: Theme) {
    let Some(root) = super::dom::document().and_then(|d| d.document_element()) else {
        return;
    };
    let _ = match theme.id() {
        Some(id) => root.set_attribute("data-theme", id),
        None => root.remove_attribute("data-theme"),
    };
}
