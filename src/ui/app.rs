//! The page: header with the document, the theme button and the toolbar, the
//! article, the annotation panel, and the global keyboard shortcuts.

use leptos::ev;
use leptos::prelude::*;

use super::article::Article;
use super::find::{self, Find};
use super::library::Library;
use super::library_actions::LibraryUi;
use super::notices::Notices;
use super::panel::Panel;
use super::shortcuts::{Help, ShortcutsDialog};
use super::state::AppState;
use super::theme::ThemeButton;
use super::toolbar::Toolbar;
use super::update_banner::UpdateBanner;
use crate::web::{dom, selection};
use spanmark_core::cursor::Dir;
use spanmark_core::label::Label;
use spanmark_core::text::bounds::{Edge, Unit};

#[component]
pub fn App() -> impl IntoView {
    let st = AppState::load();
    provide_context(st);
    provide_context(LibraryUi::new());
    st.start_sync();
    let help = Help::new();
    provide_context(help);
    provide_context(Find::new());

    let handle = window_event_listener(ev::keydown, move |e| {
        if !find_and_help(help, &e) {
            shortcut(st, &e);
        }
    });
    on_cleanup(move || handle.remove());

    let title = move || {
        st.doc_rev.track();
        // A rename changes the library, not the article.
        st.library.track();
        st.editor.with_value(|e| e.doc().title.clone())
    };
    let date = move || {
        st.doc_rev.track();
        st.editor.with_value(|e| e.doc().meta.get("date").cloned())
    };
    // Scrolling into view keeps clear of the sticky header.
    let header = NodeRef::<leptos::html::Header>::new();
    Effect::new(move |_| {
        if let Some(h) = header.get() {
            dom::pad_scroll_below(&h);
        }
    });
    view! {
        <header class="top" node_ref=header>
            <div class="doc-head">
                <h1>{title}</h1>
                {move || date().map(|d| view! { <p class="date">"Dated " <time datetime=d.clone()>{d.clone()}</time></p> })}
                <ThemeButton/>
            </div>
            <Toolbar/>
            <Notices/>
            <UpdateBanner/>
        </header>
        <main class="work">
            <Article/>
            <Panel/>
        </main>
        <Library/>
        <ShortcutsDialog/>
    }
}

/// Ctrl/Cmd+F focuses the find box (also from other fields, but not from an
/// open dialog, where the browser's own find is left alone); `?` outside
/// text fields opens the shortcut overlay. True when the key was used.
fn find_and_help(help: Help, e: &ev::KeyboardEvent) -> bool {
    let cmd = e.ctrl_key() || e.meta_key();
    let used = if cmd && !e.alt_key() && !e.shift_key() && e.key().eq_ignore_ascii_case("f") {
        if dom::in_dialog(e.target()) {
            return false;
        }
        find::focus_box();
        true
    } else if e.key() == "?" && !cmd && !e.alt_key() && !dom::is_editable(e.target()) {
        help.show();
        true
    } else {
        false
    };
    if used {
        e.prevent_default();
    }
    used
}

/// The keyboard conventions of PRODUCT.md.
fn shortcut(st: AppState, e: &ev::KeyboardEvent) {
    if dom::is_editable(e.target()) {
        return;
    }
    let key = e.key();
    let cmd = e.ctrl_key() || e.meta_key();
    // Resizing the selected annotation: Shift+←/→ its end, Ctrl/Cmd+Shift
    // +←/→ its start, by word, or by grapheme with Alt.
    let arrow = key == "ArrowLeft" || key == "ArrowRight";
    if arrow && e.shift_key() && st.selected.get_untracked().is_some() {
        let edge = if cmd { Edge::Start } else { Edge::End };
        let unit = if e.alt_key() {
            Unit::Grapheme
        } else {
            Unit::Word
        };
        st.resize_selected(edge, key == "ArrowRight", unit);
        e.prevent_default();
        return;
    }
    // Arrows move the keyboard selection; Alt makes them fine-grained.
    let dir = match key.as_str() {
        "ArrowLeft" => Some(Dir::Back),
        "ArrowRight" => Some(Dir::Forward),
        _ => None,
    };
    if let (Some(dir), false) = (dir, cmd) {
        st.key_move(dir, e.shift_key(), e.alt_key());
        e.prevent_default();
        return;
    }
    if e.alt_key() {
        return;
    }
    if cmd {
        // The shortcut keys compared are ASCII letters.
        match key.to_ascii_lowercase().as_str() {
            "z" if e.shift_key() => st.redo(),
            "z" => st.undo(),
            "y" => st.redo(),
            _ => return,
        }
        e.prevent_default();
        return;
    }
    match key.as_str() {
        "Delete" | "Backspace" => st.delete_selected(),
        "]" => st.step_annotation(true),
        "[" => st.step_annotation(false),
        "n" => st.focus_note(),
        "Escape" => {
            selection::clear();
            st.key_sel.set_value(None);
            st.pending.set(None);
            st.select(None);
        }
        k => match Label::from_shortcut(k) {
            Some(label) => st.apply_label(label),
            None => return,
        },
    }
    e.prevent_default();
}
