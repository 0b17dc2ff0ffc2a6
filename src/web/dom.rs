//! Small DOM helpers the components need.

use wasm_bindgen::JsCast;
use web_sys::{Element, ScrollIntoViewOptions, ScrollLogicalPosition};

pub fn document() -> Option<web_sys::Document> {
    web_sys::window()?.document()
}

pub fn by_id(id: &str) -> Option<Element> {
    document()?.get_element_by_id(id)
}

/// Runs `f` once after `ms` milliseconds (a plain `setTimeout`: this layer
/// stays free of the UI framework).
pub fn later(ms: i32, f: impl FnOnce() + 'static) {
    let f = wasm_bindgen::closure::Closure::once_into_js(f);
    if let Some(w) = web_sys::window() {
        let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(f.unchecked_ref(), ms);
    }
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

/// Scrolls `el` into view only as far as needed (the keyboard selection
/// moving through the text).
pub fn scroll_into_view(el: &Element) {
    let opts = ScrollIntoViewOptions::new();
    opts.set_block(ScrollLogicalPosition::Nearest);
    el.scroll_into_view_with_scroll_into_view_options(&opts);
}

/// Gives the runs of the selected annotation the `flash` class for a moment
/// (the stylesheet animates it, or only outlines it under reduced motion).
pub fn flash_selected() {
    let Some(runs) = document().and_then(|d| d.query_selector_all("#doc .seg.sel").ok()) else {
        return;
    };
    flash(&runs, true);
    // The list is static: a run redrawn meanwhile is a new element without
    // the class, and the old one is simply dropped.
    later(FLASH_MS, move || flash(&runs, false));
}

fn flash(runs: &web_sys::NodeList, on: bool) {
    for i in 0..runs.length() {
        if let Some(el) = runs.item(i) {
            let list = el.unchecked_into::<Element>().class_list();
            let _ = if on {
                list.add_1("flash")
            } else {
                list.remove_1("flash")
            };
        }
    }
}

/// How long a run keeps `flash`; `.seg.flash` in the stylesheet animates
/// for as long.
const FLASH_MS: i32 = 1200;

/// Focuses the element with id `id`; false when there is none.
pub fn focus(id: &str) -> bool {
    by_id(id)
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        .is_some_and(|e| e.focus().is_ok())
}

/// True when `el` has the keyboard focus.
pub fn has_focus(el: &Element) -> bool {
    document()
        .and_then(|d| d.active_element())
        .is_some_and(|a| &a == el)
}

/// Focuses the selected annotation's list entry, if it is in the list.
pub fn focus_selected_entry() -> bool {
    document()
        .and_then(|d| {
            d.query_selector("#ann-list .ann-entry.selected")
                .ok()
                .flatten()
        })
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        .is_some_and(|e| e.focus().is_ok())
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
