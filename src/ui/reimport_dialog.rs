//! A document coming in whose text is already in the library: merge its
//! annotations into the library's copy, replace that copy, or keep both.
//! The choice applies to every such document of the import; cancelling
//! stores nothing.

use leptos::html;
use leptos::prelude::*;

use super::library::{focus_later, modal};
use super::library_actions::LibraryUi;
use super::state::AppState;
use spanmark_core::import::{plural, Choice};

#[component]
pub fn ReimportDialog() -> impl IntoView {
    let st = expect_context::<AppState>();
    let ui = expect_context::<LibraryUi>();
    let node = NodeRef::<html::Dialog>::new();
    modal(node, move || ui.reimport.get().is_some());
    Effect::new(move |_| {
        if ui.reimport.get().is_some() {
            // The choice that never loses anything.
            focus_later("reimport-merge");
        }
    });
    let list = move || {
        ui.reimport
            .get()
            .unwrap_or_default()
            .into_iter()
            .map(|s| {
                let file_title = if s.title_in_file == s.title_here {
                    String::new()
                } else {
                    format!(" (“{}” in the file)", s.title_in_file)
                };
                view! {
                    <li>
                        <strong>{format!("“{}”", s.title_here)}</strong>
                        {file_title}
                        {format!(
                            ": {} here, {} in the file.",
                            plural(s.annotations_here, "annotation", "annotations"),
                            plural(s.annotations_in_file, "annotation", "annotations"),
                        )}
                    </li>
                }
            })
            .collect_view()
    };
    let count = move || ui.reimport.get().map_or(0, |v| v.len());
    view! {
        <dialog id="reimport" class="reimport" node_ref=node aria-labelledby="reimport-h"
            on:close=move |_| {
                if ui.reimport.get_untracked().is_some() {
                    ui.cancel(st);
                }
            }>
            <div class="dialog-head">
                <h2 id="reimport-h">"Already in your library"</h2>
            </div>
            <p>
                {move || if count() == 1 {
                    "A document you are importing has the same text as one in your library:".to_string()
                } else {
                    format!("{} documents you are importing have the same text as documents in your library:", count())
                }}
            </p>
            <ul class="same-list">{list}</ul>
            <div class="choices">
                <button id="reimport-merge" class="primary" aria-describedby="reimport-merge-d"
                    on:click=move |_| ui.commit(st, Choice::Merge)>"Merge annotations"</button>
                <p id="reimport-merge-d" class="hint">
                    "Adds the file's annotations that are not here yet (the same span with the same label counts once); nothing is removed."
                </p>
                <button id="reimport-replace" aria-describedby="reimport-replace-d"
                    on:click=move |_| ui.commit(st, Choice::Replace)>"Replace"</button>
                <p id="reimport-replace-d" class="hint">
                    "The file's copy, with its annotations, takes the place of the one here, whose annotations are removed."
                </p>
                <button id="reimport-keep" aria-describedby="reimport-keep-d"
                    on:click=move |_| ui.commit(st, Choice::KeepBoth)>"Keep both"</button>
                <p id="reimport-keep-d" class="hint">"Adds the file's copy as another document."</p>
            </div>
            <div class="dialog-buttons">
                <button id="reimport-cancel" on:click=move |_| ui.cancel(st)>"Cancel"</button>
            </div>
        </dialog>
    }
}
