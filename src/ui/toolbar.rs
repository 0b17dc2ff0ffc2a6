//! Label buttons, delete, undo and redo, the export menu, the library
//! buttons (library panel, paste, open and import), and the document switcher.

use leptos::ev;
use leptos::prelude::*;

use super::export_menu::ExportMenu;
use super::find::FindBar;
use super::library::DocumentButtons;
use super::shortcuts::ShortcutsButton;
use super::state::AppState;
use spanmark_core::label::Label;

#[component]
pub fn Toolbar() -> impl IntoView {
    let st = expect_context::<AppState>();
    // Pressing a button must not take the text selection away.
    let keep_selection = |e: ev::MouseEvent| e.prevent_default();
    let labels = Label::ALL
        .into_iter()
        .map(|l| {
            view! {
                <button class="label-btn" data-label=l.id() aria-keyshortcuts=l.shortcut().to_string()
                    on:mousedown=keep_selection on:click=move |_| st.apply_label(l)>
                    <span class="swatch" aria-hidden="true"></span>
                    {l.name()}
                    <kbd aria-hidden="true">{l.shortcut().to_string()}</kbd>
                </button>
            }
        })
        .collect_view();
    let can_undo = move || {
        st.ann_rev.track();
        st.doc_rev.track();
        st.editor.with_value(|e| e.history().can_undo())
    };
    let can_redo = move || {
        st.ann_rev.track();
        st.doc_rev.track();
        st.editor.with_value(|e| e.history().can_redo())
    };
    // Word snapping of mouse selections; Alt while selecting overrides it.
    let snap = RwSignal::new(super::resize::snap_words());
    let toggle_snap = move |_| {
        let on = !snap.get_untracked();
        // Storage written by a newer version, or unusable: not a byte of it
        // changes, so the choice lasts for this visit.
        let keep = st.mode.get_untracked() == crate::web::persist::Mode::Saving;
        super::resize::set_snap_words(on, keep);
        snap.set(on);
        st.say(if on {
            "Selections now snap to whole words (hold Alt for characters)."
        } else {
            "Selections now keep character precision."
        });
    };
    let docs = move || st.library.get().documents;
    let current = move || st.library.get().current.unwrap_or_default();
    view! {
        <div class="toolbar" role="toolbar" aria-label="Annotation tools">
            <div class="group labels">{labels}</div>
            <div class="group">
                <button on:mousedown=keep_selection on:click=move |_| st.delete_selected()
                    disabled=move || st.selected.get().is_none() aria-keyshortcuts="Delete">
                    "Delete annotation"
                </button>
                <button on:click=move |_| st.undo() disabled=move || !can_undo() aria-keyshortcuts="Control+Z">"Undo"</button>
                <button on:click=move |_| st.redo() disabled=move || !can_redo() aria-keyshortcuts="Control+Shift+Z">"Redo"</button>
            </div>
            // A group of its own, so that on a narrow window it wraps with
            // the export row instead of adding a row to the header.
            <div class="group">
                <button class="snap-toggle" on:mousedown=keep_selection on:click=toggle_snap
                    aria-pressed=move || if snap.get() { "true" } else { "false" }
                    title="Mouse selections grow to whole words; hold Alt while selecting for characters">
                    "Snap to words"
                </button>
            </div>
            <ExportMenu/>
            <FindBar/>
            <div class="group">
                <DocumentButtons/>
                <label class="doc-pick">
                    <span class="visually-hidden">"Document"</span>
                    <select id="doc-select" aria-label="Document"
                        on:change=move |e| st.open(&event_target_value(&e))
                        prop:value=current>
                        {move || docs().into_iter().map(|d| {
                            let sel = d.id == current();
                            view! { <option value=d.id.clone() selected=sel>{d.title.clone()}</option> }
                        }).collect_view()}
                    </select>
                </label>
            </div>
            <ShortcutsButton/>
        </div>
    }
}
