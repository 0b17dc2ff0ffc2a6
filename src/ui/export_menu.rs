//! The export menu: **Export** with the format and the scope (this document
//! or the whole library) beside it; doccano's offset unit is part of the
//! format's name. The default, spanmark JSON of this document, is what
//! **Export** always did. A format of several files downloads as one tar
//! (`export::bundle`).

use leptos::prelude::*;

use super::state::AppState;
use crate::web::{clock, files, perf, persist, segmenter};
use spanmark_core::export::{self, bundle, slug, Options, FORMATS};
use spanmark_core::model::Document;

/// The stem of whole-library downloads, as `export_everything` names them.
const LIBRARY_NAME: &str = "spanmark-library";

#[component]
pub fn ExportMenu() -> impl IntoView {
    let st = expect_context::<AppState>();
    // Read when Export is pressed; nothing on the page depends on them.
    let format = StoredValue::new(FORMATS[0].id());
    let library = StoredValue::new(false);
    let on_format = move |e| {
        if let Some(f) = export::by_id(&event_target_value(&e)) {
            format.set_value(f.id());
        }
    };
    let on_scope = move |e| library.set_value(event_target_value(&e) == "library");
    let options = FORMATS
        .into_iter()
        .map(|f| view! { <option value=f.id()>{f.name()}</option> })
        .collect_view();
    view! {
        <div class="group export-menu">
            <button id="export" on:click=move |_| {
                run(st, format.get_value(), library.get_value())
            }>"Export"</button>
            <label class="pick">
                <span class="visually-hidden">"Export format"</span>
                <select id="export-format" aria-label="Export format" on:change=on_format>
                    {options}
                </select>
            </label>
            <label class="pick">
                <span class="visually-hidden">"Export scope"</span>
                <select id="export-scope" aria-label="Export scope" on:change=on_scope>
                    <option value="document">"This document"</option>
                    <option value="library">"Whole library"</option>
                </select>
            </label>
        </div>
    }
}

/// Every document of the library in library order (those open in this tab
/// from memory, the others from storage), and the titles of those that could
/// not be read, with the reason.
fn library_documents(st: AppState) -> (Vec<Document>, Vec<String>) {
    let mut docs = Vec::new();
    let mut missing = Vec::new();
    for entry in st.library.get_untracked().documents {
        let doc = st
            .with_doc(&entry.id, Document::clone)
            .map(Ok)
            .unwrap_or_else(|| persist::load_document(&entry.id));
        match doc {
            Ok(d) => docs.push(d),
            Err(e) => missing.push(format!("{} ({e})", entry.title)),
        }
    }
    (docs, missing)
}

fn run(st: AppState, id: &str, library: bool) {
    let Some(format) = export::by_id(id) else {
        return;
    };
    // The native format keeps its own paths (and their messages).
    if format.id() == FORMATS[0].id() {
        if library {
            st.export_everything();
        } else {
            st.export_current();
        }
        return;
    }
    let seg = segmenter::best();
    let exported_at = clock::now_iso();
    let unix_time = clock::unix_seconds();
    let write = |docs: &[&Document], name: &str| {
        let o = Options {
            name,
            exported_at: &exported_at,
            unix_time,
            segmenter: seg.as_ref(),
        };
        let out = format.export(docs, &o);
        (bundle(format, &o, out.files), out.note)
    };
    let (res, missing) = perf::measure(&format!("spanmark:export:{}", format.id()), || {
        let ((file, note), missing) = if library {
            let (docs, missing) = library_documents(st);
            let refs: Vec<&Document> = docs.iter().collect();
            (write(&refs, LIBRARY_NAME), missing)
        } else {
            let out = st
                .editor
                .with_value(|e| write(&[e.doc()], &slug(&e.doc().title)));
            (out, Vec::new())
        };
        let res =
            files::download_bytes(&file.name, file.mime, &file.bytes).map(|()| (file.name, note));
        (res, missing)
    });
    match res {
        Err(e) => st.warn(e),
        Ok((name, note)) => {
            let mut msg = format!("Exported {name} ({}).", format.name());
            if let Some(n) = note {
                msg.push(' ');
                msg.push_str(&n);
            }
            if missing.is_empty() {
                st.say(msg);
            } else {
                st.warn(format!(
                    "{msg} These documents could not be read and are not in it: {}.",
                    missing.join(", ")
                ));
            }
        }
    }
}
