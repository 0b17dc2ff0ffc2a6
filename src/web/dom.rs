//! Small DOM helpers the components need.

use std::cell::Cell;

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

/// Keeps the page's `scroll-padding-top` at the height of `header`, which
/// is sticky at the top: whatever is scrolled into view — a word the
/// keyboard selects, a match, an annotation chosen in the list — then lands
/// below it instead of under it. A `ResizeObserver` follows the header as
/// its toolbar wraps and its notices come and go; it lives as long as the
/// page, so its callback is leaked once on purpose.
pub fn pad_scroll_below(header: &Element) {
    let Some(root) = document()
        .and_then(|d| d.document_element())
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        return;
    };
    let el = header.clone();
    let fit = move || {
        // Whole pixels: formatting an f64 would bring float printing into
        // the Wasm (~5 KB gzip) for this one number.
        let h = el.get_bounding_client_rect().height().ceil() as u32;
        SCROLL_PAD.with(|p| p.set(f64::from(h)));
        let _ = root
            .style()
            .set_property("scroll-padding-top", &[&h.to_string(), "px"].concat());
    };
    fit();
    let cb = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(fit);
    if let Ok(obs) = web_sys::ResizeObserver::new(cb.as_ref().unchecked_ref()) {
        obs.observe(header);
        cb.forget();
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

/// How far [`reveal`] scrolls.
pub enum Reveal {
    /// Only as far as needed, with a small margin.
    Nearest,
    /// To the middle of the visible part, unless already inside it.
    Center,
}

/// The part of the window the sticky header leaves visible, as viewport
/// `(top, bottom)`.
pub fn visible_band() -> Option<(f64, f64)> {
    let h = web_sys::window()?.inner_height().ok()?.as_f64()?;
    Some((SCROLL_PAD.with(Cell::get), h))
}

/// Scrolls the window so that `rect` (viewport coordinates: a word, a
/// match) shows in [`visible_band`]. Ranges cannot be scrolled into view
/// themselves, and their run may be a paragraph taller than the window.
pub fn reveal(rect: &web_sys::DomRect, how: Reveal) {
    let (Some(win), Some((top, bottom))) = (web_sys::window(), visible_band()) else {
        return;
    };
    let by = match how {
        Reveal::Nearest if rect.top() < top + REVEAL_MARGIN => rect.top() - top - REVEAL_MARGIN,
        Reveal::Nearest if rect.bottom() > bottom - REVEAL_MARGIN => {
            rect.bottom() - bottom + REVEAL_MARGIN
        }
        Reveal::Center if rect.top() < top || rect.bottom() > bottom => {
            rect.top() - (top + bottom) / 2.0
        }
        _ => return,
    };
    win.scroll_by_with_x_and_y(0.0, by);
}

/// Scrolls the window only as far as needed for the moving end of the text
/// selection (its end when `forward`, else its start) to show: the keyboard
/// selection moving through the text.
pub fn reveal_selection(forward: bool) {
    let Some(rects) = web_sys::window()
        .and_then(|w| w.get_selection().ok().flatten())
        .and_then(|s| s.get_range_at(0).ok())
        .and_then(|r| r.get_client_rects())
    else {
        return;
    };
    let end = if forward {
        rects.length().checked_sub(1)
    } else {
        Some(0)
    };
    if let Some(rect) = end.and_then(|i| rects.get(i)) {
        reveal(&rect, Reveal::Nearest);
    }
}

/// Room kept between a revealed selection and the window's edges.
const REVEAL_MARGIN: f64 = 8.0;

thread_local! {
    /// The page's `scroll-padding-top` as [`pad_scroll_below`] last set it.
    static SCROLL_PAD: Cell<f64> = const { Cell::new(0.0) };
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
