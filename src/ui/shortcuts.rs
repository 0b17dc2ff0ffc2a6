//! The keyboard shortcut overlay (`?`, or the toolbar's "Keyboard
//! shortcuts (?)" button): a modal `<dialog>` listing every key of the
//! team's keyboard map and how the mouse works. Closing it (Esc or Close)
//! returns focus to where it was.

use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::library::modal;

/// Whether the overlay is open, and where focus goes back to; shared
/// through context.
#[derive(Clone, Copy)]
pub struct Help {
    open: RwSignal<bool>,
    back: StoredValue<Option<web_sys::HtmlElement>, LocalStorage>,
}

impl Help {
    pub fn new() -> Help {
        Help {
            open: RwSignal::new(false),
            back: StoredValue::new_local(None),
        }
    }

    /// Opens the overlay, remembering the focused element.
    pub fn show(&self) {
        if self.open.get_untracked() {
            return;
        }
        self.back.set_value(
            crate::web::dom::document()
                .and_then(|d| d.active_element())
                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()),
        );
        self.open.set(true);
    }

    fn hide(&self) {
        self.open.set(false);
        if let Some(el) = self.back.get_value() {
            let _ = el.focus();
        }
    }
}

impl Default for Help {
    fn default() -> Self {
        Help::new()
    }
}

/// Each row: the key combinations (each shown in its own `<kbd>`), then
/// what they do. Ctrl is Cmd on macOS throughout.
const KEYS: &[(&[&str], &str)] = &[
    (&["1", "2", "3", "4"], "Label the selected text as Claim, Figure, Actor or Location; with an annotation selected, relabel it"),
    (&["Delete", "Backspace"], "Delete the selected annotation"),
    (&["Esc"], "Clear the selection"),
    (&["Ctrl+Z"], "Undo"),
    (&["Ctrl+Shift+Z", "Ctrl+Y"], "Redo"),
    (&["←", "→"], "Select the previous / next word (punctuation is skipped)"),
    (&["Alt+←", "Alt+→"], "Select the previous / next character (a whole grapheme cluster)"),
    (&["Shift+←", "Shift+→"], "No annotation selected: extend or shrink the text selection one word (add Alt for one character)"),
    (&["]", "["], "Select the next / previous annotation (Tab keeps moving between controls)"),
    (&["Shift+→", "Shift+←"], "With an annotation selected: move its end one word right / left"),
    (&["Ctrl+Shift+←", "Ctrl+Shift+→"], "With an annotation selected: move its start one word left / right"),
    (&["Alt"], "Added to the resize keys: move an edge one character (never splitting a character)"),
    (&["n"], "Edit the note of the selected annotation"),
    (&["Ctrl+F"], "Find in the document"),
    (&["Enter", "Shift+Enter"], "In the find box: next / previous match"),
    (&["Esc"], "In the find box: clear and close the search"),
    (&["Ctrl+V"], "Outside a text field: add the clipboard's text as a new document"),
    (&["?"], "Show this list"),
];

const MOUSE: &[&str] = &[
    "Drag across text to select it; the selection snaps to whole words.",
    "Hold Alt while dragging for character precision.",
    "Click a highlight to select its annotation; click again to cycle through the annotations under it.",
    "Drag the handles of the selected annotation to resize it.",
];

#[component]
pub fn ShortcutsDialog() -> impl IntoView {
    let help = expect_context::<Help>();
    let node = NodeRef::<html::Dialog>::new();
    modal(node, move || help.open.get());
    let close = move || help.hide();
    let rows = KEYS
        .iter()
        .map(|&(keys, what)| {
            let keys = keys
                .iter()
                .enumerate()
                .map(|(i, k)| view! { {(i > 0).then_some(" ")}<kbd>{*k}</kbd> })
                .collect_view();
            view! { <tr><td class="keys">{keys}</td><td>{what}</td></tr> }
        })
        .collect_view();
    let mouse = MOUSE.iter().map(|m| view! { <li>{*m}</li> }).collect_view();
    view! {
        <dialog id="shortcuts-dialog" class="shortcuts" node_ref=node aria-labelledby="shortcuts-h"
            on:close=move |_| {
                if help.open.get_untracked() {
                    close();
                }
            }>
            <div class="dialog-head">
                <h2 id="shortcuts-h">"Keyboard shortcuts"</h2>
                <button id="shortcuts-close" on:click=move |_| close()>"Close"</button>
            </div>
            <table>
                <caption class="visually-hidden">"Keys and what they do (Ctrl is Cmd on macOS)"</caption>
                <thead><tr><th scope="col">"Keys"</th><th scope="col">"Action"</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
            <p class="hint">"Ctrl is Cmd on macOS."</p>
            <h3>"Mouse"</h3>
            <ul>{mouse}</ul>
        </dialog>
    }
}

/// The toolbar button opening the overlay.
#[component]
pub fn ShortcutsButton() -> impl IntoView {
    let help = expect_context::<Help>();
    view! {
        <button id="shortcuts-button" aria-haspopup="dialog" aria-keyshortcuts="?"
            aria-label="Keyboard shortcuts (?)" title="Keyboard shortcuts (?)"
            on:click=move |_| help.show()>"?"</button>
    }
}
