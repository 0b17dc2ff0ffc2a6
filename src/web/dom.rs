//! Small DOM helpers the components need.

use wasm_bindgen::JsCast;
use web_sys::{Element, ScrollIntoViewOptions, ScrollLogicalPosition};

pub fn document() -> Option<web_sys::Document> {
    web_sys::window()?.document()
}

pub fn by_id(id: &str) -> Option<Element> {
    document()?.get_element_by_id(id)
}

/// Scrolls the first run of the selected annotation to the middle of the view.
pub fn scroll_to_selected() {
    let Some(el) = document().and_then(|d| d.query_selector("#doc .seg.sel").ok().flatten()) else {
        return;
    };
    let opts = ScrollIntoViewOptions::new();
    opts.set_block(ScrollLogicalPosition::Center);
    el.scroll_into_view_with_scroll_into_view_options(&opts);
}

/// True when keyboard input is meant for a form control or an open dialog,
/// not for the article's shortcuts.
pub fn is_editable(target: Option<web_sys::EventTarget>) -> bool {
    let Some(el) = target.and_then(|t| t.dyn_into::<Element>().ok()) else {
        return false;
    };
    matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
        || el.get_attribute("contenteditable").is_some()
        || el.closest("dialog[open]").ok().flatten().is_some()
}

/// True when the event target sits in an open dialog.
pub fn in_dialog(target: Option<web_sys::EventTarget>) -> bool {
    target
        .and_then(|t| t.dyn_into::<Element>().ok())
        .and_then(|el| el.closest("dialog[open]").ok().flatten())
        .is_some()
}
