//! The library: the toolbar's buttons (Library, Paste text, Open / Import),
//! the library panel (every document with its length, counts per label and
//! last change; open, rename, delete with an undo; the sample article;
//! exports; storage used), dropping files anywhere on the page, and pasting
//! text outside any field. [`Library`] also holds the import dialogs.

use leptos::ev;
use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::label_map_dialog::LabelMapDialog;
use super::library_actions::{counts, LibraryUi};
use super::paste_dialog::PasteDialog;
use super::reimport_dialog::ReimportDialog;
use super::state::AppState;
use crate::web::{dom, intake};
use spanmark_core::storage::DocInfo;

/// What the file pickers offer; anything else picked is still read, and
/// refused if it is not text.
pub const ACCEPT: &str = ".json,.jsonl,.ndjson,.txt,.text,.md,.markdown,.html,.htm,application/json,text/plain,text/markdown,text/html";

/// Keeps a `<dialog>` shown as a modal while `open()` holds.
pub(crate) fn modal(node: NodeRef<html::Dialog>, open: impl Fn() -> bool + 'static) {
    Effect::new(move |_| {
        let want = open();
        if let Some(d) = node.get() {
            if want && !d.open() {
                let _ = d.show_modal();
            } else if !want && d.open() {
                d.close();
            }
        }
    });
}

/// Focuses the element with `id` once it is drawn.
pub(crate) fn focus_later(id: &'static str) {
    request_animation_frame(move || {
        if let Some(el) = dom::by_id(id).and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
            let _ = el.focus();
        }
    });
}

/// A file input's files, then cleared so the same file can be picked again.
fn picked(e: &ev::Event) -> Vec<web_sys::File> {
    let Some(input) = e
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
    else {
        return Vec::new();
    };
    let files = intake::files_of(input.files());
    input.set_value("");
    files
}

/// The toolbar's document buttons.
#[component]
pub fn DocumentButtons() -> impl IntoView {
    let st = expect_context::<AppState>();
    let ui = expect_context::<LibraryUi>();
    view! {
        <button id="library-button" aria-haspopup="dialog" on:click=move |_| ui.panel.set(true)>
            "Library"
        </button>
        <button id="paste-button" aria-haspopup="dialog" on:click=move |_| ui.paste.set(Some(String::new()))>
            "Paste text…"
        </button>
        <label class="file-btn" title="Text, Markdown or HTML files; spanmark JSON, doccano JSONL or Label Studio JSON exports">
            "Open / Import"
            <input type="file" id="import-file" multiple accept=ACCEPT
                on:change=move |e| ui.import_files(st, picked(&e))/>
        </label>
    }
}

/// The library panel, the import dialogs, the drop target and the page's
/// paste; mounted once by the app.
#[component]
pub fn Library() -> impl IntoView {
    let st = expect_context::<AppState>();
    let ui = expect_context::<LibraryUi>();
    // The open document's figures are known at once (it is in memory).
    let _ = st.info(&st.editor.with_value(|e| e.doc().id.clone()));

    let over = window_event_listener(ev::dragover, move |e| {
        if intake::carries_files(e.data_transfer()) {
            e.prevent_default();
            if let Some(dt) = e.data_transfer() {
                dt.set_drop_effect("copy");
            }
            if !ui.dragging.get_untracked() {
                ui.dragging.set(true);
            }
        }
    });
    let leave = window_event_listener(ev::dragleave, move |e| {
        if e.related_target().is_none() {
            ui.dragging.set(false);
        }
    });
    let drop = window_event_listener(ev::drop, move |e| {
        ui.dragging.set(false);
        if intake::carries_files(e.data_transfer()) {
            e.prevent_default();
            let files = intake::files_of(e.data_transfer().and_then(|d| d.files()));
            ui.import_files(st, files);
        }
    });
    // Text pasted outside any field opens the paste dialog with it.
    let paste = window_event_listener(ev::paste, move |e| {
        if dom::is_editable(e.target()) || ui.paste.get_untracked().is_some() {
            return;
        }
        let text = e
            .clipboard_data()
            .and_then(|d| d.get_data("text/plain").ok())
            .filter(|t| !t.trim().is_empty());
        if let Some(t) = text {
            e.prevent_default();
            ui.paste.set(Some(t));
        }
    });
    on_cleanup(move || {
        over.remove();
        leave.remove();
        drop.remove();
        paste.remove();
    });

    view! {
        <LibraryPanel/>
        <PasteDialog/>
        <LabelMapDialog/>
        <ReimportDialog/>
        <div class="drop-overlay" aria-hidden="true" hidden=move || !ui.dragging.get()>
            <p>"Drop files to add them to your library"</p>
        </div>
    }
}

/// `n` with thousands separated by a thin space: 12 345.
fn thousands(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push('\u{202f}');
        }
        out.push(c);
    }
    out
}

/// Bytes in kB or MB (10³, 10⁶) with one decimal, in integers (float
/// formatting would add kilobytes to the Wasm).
fn size(bytes: u64) -> String {
    let (unit, per) = if bytes < 1_000_000 {
        ("kB", 100)
    } else {
        ("MB", 100_000)
    };
    let tenths = (bytes + per / 2) / per;
    format!("{}.{} {unit}", tenths / 10, tenths % 10)
}

#[derive(Clone, PartialEq)]
struct Row {
    id: String,
    title: String,
    info: Option<DocInfo>,
    current: bool,
}

#[component]
fn LibraryPanel() -> impl IntoView {
    let st = expect_context::<AppState>();
    let ui = expect_context::<LibraryUi>();
    let node = NodeRef::<html::Dialog>::new();
    modal(node, move || ui.panel.get());
    // Documents stored before their figures were recorded: read once.
    Effect::new(move |_| {
        if ui.panel.get() {
            ui.fill_info(st);
        }
    });
    let renaming = RwSignal::new(None::<String>);
    let draft = StoredValue::new(String::new());
    let confirming = RwSignal::new(None::<String>);
    let close = move || {
        renaming.set(None);
        confirming.set(None);
        ui.panel.set(false);
    };

    let rows = move || {
        if !ui.panel.get() {
            return Vec::new();
        }
        ui.rev.track();
        st.ann_rev.track();
        st.doc_rev.track();
        let open_id = st.editor.with_value(|e| e.doc().id.clone());
        let entries = st.library.get().documents;
        entries
            .into_iter()
            .map(|e| {
                let current = e.id == open_id;
                let info = if current {
                    st.editor.with_value(|ed| {
                        let changed = st
                            .library
                            .with_untracked(|l| l.info.get(&e.id).and_then(|i| i.changed.clone()));
                        Some(DocInfo::of(ed.doc(), changed))
                    })
                } else {
                    st.info(&e.id)
                };
                Row {
                    id: e.id,
                    title: e.title,
                    info,
                    current,
                }
            })
            .collect::<Vec<_>>()
    };

    let save_rename = move |id: String| {
        if ui.rename(st, &id, &draft.get_value()) {
            renaming.set(None);
            focus_later("library-close");
        }
    };

    // One flat view per row, its modes (renaming, confirming a deletion)
    // shown with `hidden`: far less code than a view per mode.
    let row_view = move |r: Row| {
        let Row {
            id,
            title,
            info,
            current,
        } = r;
        let renaming_here = renaming.get().as_deref() == Some(id.as_str());
        let confirming_here = confirming.get().as_deref() == Some(id.as_str());
        let total = info.as_ref().map_or(0, |i| i.counts.iter().sum::<usize>());
        let len = info.as_ref().map(|i| i.len);
        let changed = info
            .as_ref()
            .and_then(|i| i.changed.as_deref())
            .map_or_else(|| "—".to_string(), intake::local_time);
        let label_counts = info.as_ref().map(|i| {
            counts(i)
                .map(|(l, n)| {
                    view! {
                        <span class="lc" data-label=l.id() title=l.name()>
                            <span class="swatch" aria-hidden="true"></span>
                            <span class="visually-hidden">{l.name()} " "</span>
                            {n}
                        </span>
                    }
                })
                .collect_view()
        });
        let question = match total {
            0 => "Delete this document?".to_string(),
            1 => "Delete it and its annotation?".to_string(),
            n => format!("Delete it and its {n} annotations?"),
        };
        let (open_id, save_a, save_b, ren_id, del_id, conf_id, t) = (
            id.clone(),
            id.clone(),
            id.clone(),
            id.clone(),
            id.clone(),
            id.clone(),
            title.clone(),
        );
        view! {
            <tr data-id=id class=if current { "current" } else { "" }>
                <td class="title">
                    <button class="doc-open" hidden=renaming_here
                        aria-current=current.then_some("true")
                        on:click=move |_| {
                            st.open(&open_id);
                            close();
                        }>
                        {title.clone()}
                    </button>
                    <span class="badge" hidden=!current || renaming_here>"open"</span>
                    <input type="text" class="rename-input" hidden=!renaming_here
                        id=renaming_here.then_some("rename-input")
                        aria-label=format!("New title for “{title}”")
                        prop:value=title.clone()
                        on:input=move |e| draft.set_value(event_target_value(&e))
                        on:keydown=move |e: ev::KeyboardEvent| match e.key().as_str() {
                            "Enter" => {
                                e.prevent_default();
                                save_rename(save_a.clone());
                            }
                            "Escape" => {
                                e.prevent_default();
                                renaming.set(None);
                            }
                            _ => {}
                        }/>
                    <button class="rename-save" hidden=!renaming_here
                        on:click=move |_| save_rename(save_b.clone())>"Save"</button>
                    <button class="rename-cancel" hidden=!renaming_here
                        on:click=move |_| renaming.set(None)>"Cancel"</button>
                </td>
                <td class="len" data-len=len>
                    {len.map_or("—".to_string(), |n| format!("{} characters", thousands(n)))}
                </td>
                <td class="counts-cell" data-total=total>{label_counts}</td>
                <td class="changed">{changed}</td>
                <td class="actions">
                    <button class="rename" hidden=confirming_here aria-label=format!("Rename “{title}”")
                        on:click=move |_| {
                            draft.set_value(t.clone());
                            confirming.set(None);
                            renaming.set(Some(ren_id.clone()));
                            focus_later("rename-input");
                        }>"Rename"</button>
                    <button class="delete" hidden=confirming_here aria-label=format!("Delete “{title}”")
                        on:click=move |_| {
                            renaming.set(None);
                            confirming.set(Some(del_id.clone()));
                            focus_later("confirm-cancel");
                        }>"Delete"</button>
                    <span class="confirm" role="group" aria-label="Confirm deletion" hidden=!confirming_here>
                        {question} " "
                        <button class="confirm-delete danger" on:click=move |_| {
                            confirming.set(None);
                            ui.delete(st, &conf_id);
                            focus_later("library-close");
                        }>"Delete"</button>
                        <button class="confirm-cancel" id=confirming_here.then_some("confirm-cancel")
                            on:click=move |_| confirming.set(None)>"Cancel"</button>
                    </span>
                </td>
            </tr>
        }
    };

    let storage = move || {
        if !ui.panel.get() {
            return String::new();
        }
        ui.rev.track();
        st.ann_rev.track();
        st.library.track();
        match intake::usage() {
            Some(u) => format!(
                "spanmark stores {} in this browser's local storage; about {} is left. (An estimate: browsers allow about {} per site, counted as 2 bytes per character; the browser does not say exactly.)",
                size(u.ours),
                size(intake::QUOTA_ESTIMATE.saturating_sub(u.all)),
                size(intake::QUOTA_ESTIMATE)
            ),
            None => "Local storage cannot be read in this browser: your work stays in this tab.".to_string(),
        }
    };

    let trash = move || {
        ui.trash
            .get()
            .into_iter()
            .enumerate()
            .rev()
            .map(|(i, d)| {
                view! {
                    <li>
                        {format!("“{}” ", d.doc.title)}
                        <button class="undelete" on:click=move |_| ui.undelete(st, i)>"Undo delete"</button>
                    </li>
                }
            })
            .collect_view()
    };

    view! {
        <dialog id="library" class="library" node_ref=node aria-labelledby="library-h"
            on:close=move |_| close()>
            <div class="dialog-head">
                <h2 id="library-h">"Your documents"</h2>
                <button id="library-close" class="dismiss" aria-label="Close the library" on:click=move |_| close()>"×"</button>
            </div>
            <table class="docs">
                <thead>
                    <tr>
                        <th scope="col">"Title"</th>
                        <th scope="col">"Length"</th>
                        <th scope="col">"Annotations"</th>
                        <th scope="col">"Last change"</th>
                        <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                    </tr>
                </thead>
                <tbody>
                    {move || rows().into_iter().map(row_view).collect_view()}
                </tbody>
            </table>
            <div class="trash" hidden=move || ui.trash.get().is_empty()>
                <h3>"Deleted in this tab"</h3>
                <ul>{trash}</ul>
            </div>
            <div class="library-add">
                <h3>"Add documents"</h3>
                <button on:click=move |_| ui.paste.set(Some(String::new()))>"Paste text…"</button>
                <label class="file-btn">
                    "Open files…"
                    <input type="file" id="library-file" multiple accept=ACCEPT
                        on:change=move |e| ui.import_files(st, picked(&e))/>
                </label>
                <button id="restore-seed" on:click=move |_| ui.restore_seed(st)>"Restore the sample article"</button>
                <p class="hint">
                    "Or drop files anywhere on the page. Text, Markdown and HTML files become documents; "
                    "spanmark JSON, doccano JSONL and Label Studio JSON exports bring their annotations."
                </p>
            </div>
            <div class="library-export">
                <h3>"Export"</h3>
                <button id="library-export-current" on:click=move |_| st.export_current()>"This document"</button>
                <button id="library-export-all" on:click=move |_| st.export_everything()>"Export everything"</button>
                <p class="hint">"spanmark JSON; other formats are in the toolbar's export menu."</p>
            </div>
            <p id="storage-use" class="hint">{storage}</p>
        </dialog>
    }
}
