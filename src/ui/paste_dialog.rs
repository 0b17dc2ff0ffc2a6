//! "Paste text…": a dialog with a title and the text. The title is guessed
//! from the text's first line until the person writes one. The text is kept
//! exactly: a `<textarea>` reports every line end as `\n`, so when the
//! field holds just what was pasted, the clipboard's own text (with its
//! `\r\n`) is what is stored.

use leptos::ev;
use leptos::html;
use leptos::prelude::*;

use super::library::{focus_later, modal};
use super::library_actions::LibraryUi;
use super::state::AppState;
use spanmark_core::import::text::{guess_title, lf_only};
use spanmark_core::text::utf16;

#[component]
pub fn PasteDialog() -> impl IntoView {
    let st = expect_context::<AppState>();
    let ui = expect_context::<LibraryUi>();
    let node = NodeRef::<html::Dialog>::new();
    let area = NodeRef::<html::Textarea>::new();
    let title = RwSignal::new(String::new());
    // The person wrote a title of their own: stop guessing.
    let titled = StoredValue::new(false);
    // The clipboard's text, when the field holds exactly what was pasted.
    let raw = StoredValue::new(None::<String>);
    let error = RwSignal::new(None::<String>);
    modal(node, move || ui.paste.get().is_some());

    let guess = move |text: &str| {
        if !titled.get_value() {
            title.set(if text.trim().is_empty() {
                String::new()
            } else {
                guess_title(text)
            });
        }
    };
    // Opening: start from the text given (a paste outside any field), or empty.
    Effect::new(move |_| {
        let Some(start) = ui.paste.get() else { return };
        titled.set_value(false);
        error.set(None);
        raw.set_value(Some(start.clone()).filter(|s| !s.is_empty()));
        if let Some(a) = area.get_untracked() {
            a.set_value(&start);
        }
        guess(&start);
        focus_later(if start.is_empty() {
            "paste-text"
        } else {
            "paste-title"
        });
    });

    let on_paste = move |e: ev::ClipboardEvent| {
        let Some(a) = area.get_untracked() else {
            return;
        };
        let len = utf16::len(&a.value()) as u32;
        let whole = a.value().is_empty()
            || (a.selection_start().ok().flatten() == Some(0)
                && a.selection_end().ok().flatten() == Some(len));
        let pasted = e
            .clipboard_data()
            .and_then(|d| d.get_data("text/plain").ok());
        raw.set_value(pasted.filter(|_| whole));
    };
    let on_input = move |_| {
        let text = area.get_untracked().map(|a| a.value()).unwrap_or_default();
        if raw.with_value(|r| r.as_deref().map(lf_only)) != Some(text.clone()) {
            raw.set_value(None);
        }
        error.set(None);
        guess(&text);
    };
    let close = move || {
        ui.paste.set(None);
        raw.set_value(None);
        if let Some(a) = area.get_untracked() {
            a.set_value("");
        }
        title.set(String::new());
        error.set(None);
    };
    let add = move || {
        let field = area.get_untracked().map(|a| a.value()).unwrap_or_default();
        let text = raw
            .get_value()
            .filter(|r| lf_only(r) == field)
            .unwrap_or(field);
        match ui.add_pasted(st, title.get_untracked(), text) {
            Ok(()) => close(),
            Err(e) => error.set(Some(e)),
        }
    };

    view! {
        <dialog id="paste-dialog" class="paste-dialog" node_ref=node aria-labelledby="paste-h"
            on:close=move |_| {
                if ui.paste.get_untracked().is_some() {
                    close();
                }
            }>
            <div class="dialog-head">
                <h2 id="paste-h">"Add pasted text"</h2>
            </div>
            <label class="field">
                <span>"Title"</span>
                <input id="paste-title" type="text" prop:value=move || title.get()
                    on:input=move |e| {
                        let t = event_target_value(&e);
                        titled.set_value(!t.trim().is_empty());
                        title.set(t);
                    }/>
            </label>
            <label class="field">
                <span>"Text"</span>
                <textarea id="paste-text" node_ref=area rows="14" spellcheck="false"
                    on:paste=on_paste on:input=on_input></textarea>
            </label>
            <p class="hint">
                "The text is kept exactly as pasted. The title is guessed from its first line until you write one."
            </p>
            <p role="alert" class="dialog-error" hidden=move || error.get().is_none()>
                {move || error.get().unwrap_or_default()}
            </p>
            <div class="dialog-buttons">
                <button id="paste-add" class="primary" on:click=move |_| add()>"Add document"</button>
                <button id="paste-cancel" on:click=move |_| close()>"Cancel"</button>
            </div>
        </dialog>
    }
}
