//! Loading and saving the library through [`super::storage`], in the layout
//! of [`spanmark_core::storage`]. Failures never panic and never overwrite what
//! is stored: they switch the app to a mode that keeps work in memory.

use spanmark_core::model::Document;
use spanmark_core::seed::seed_document;
use spanmark_core::storage::{
    backup_key, bucket_count, decode_document, decode_document_salvage, decode_library,
    doc_id_of_text_key, doc_key, encode_changes, encode_document, encode_head, encode_library,
    title_in, DecodeError, Library, LibraryEntry, BUCKET_CP, LIBRARY_KEY,
};
use spanmark_core::text::Span;

use super::clock::new_id;
use super::storage::{self, StoreError};

/// Whether edits reach local storage.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Mode {
    Saving,
    /// Storage cannot be used at all; work lives in this tab.
    Memory(String),
    /// What is stored must not be touched (written by a newer version, or
    /// unreadable); work lives in this tab.
    ReadOnly(String),
}

pub struct Loaded {
    pub library: Library,
    pub doc: Document,
    pub mode: Mode,
    /// Unreadable values moved to backup keys while loading.
    pub set_aside: Vec<SetAside>,
}

/// An unreadable stored value, moved (never deleted) to a backup key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SetAside {
    pub key: String,
    pub backup: String,
    pub reason: String,
}

/// Copies the value under `e.key()` to a backup key, then removes the
/// original so nothing later trips over it. `Err` when the copy could not be
/// written: the original is then left where it is.
fn set_aside(e: &DecodeError) -> Result<Option<SetAside>, StoreError> {
    let key = e.key().to_string();
    let Some(raw) = storage::read(&key)? else {
        return Ok(None);
    };
    let stamp = super::clock::now_iso().replace([':', '.'], "");
    let backup = backup_key(&key, &stamp);
    storage::write(&backup, &raw)?;
    storage::remove(&key);
    Ok(Some(SetAside {
        key,
        backup,
        reason: e.to_string(),
    }))
}

/// A library rebuilt from the documents whose texts are stored, for when the
/// library entry itself is unreadable.
fn rebuild_library() -> Library {
    let mut lib = Library::new();
    for key in storage::keys() {
        let Some(id) = doc_id_of_text_key(&key) else {
            continue;
        };
        let title = storage::read(&doc_key(&id))
            .ok()
            .flatten()
            .and_then(|raw| title_in(&raw))
            .unwrap_or_else(|| "Untitled (recovered)".to_string());
        lib.documents.push(LibraryEntry { id, title });
    }
    // Unstable (less Wasm than a stable sort); ids break ties.
    lib.documents
        .sort_unstable_by(|a, b| a.title.cmp(&b.title).then_with(|| a.id.cmp(&b.id)));
    lib.current = lib.documents.first().map(|d| d.id.clone());
    lib
}

fn fresh_library(doc: &Document) -> Library {
    Library {
        current: Some(doc.id.clone()),
        documents: vec![LibraryEntry {
            id: doc.id.clone(),
            title: doc.title.clone(),
        }],
        ..Library::new()
    }
}

fn in_memory(mode: Mode) -> Loaded {
    let doc = seed_document(new_id("d"));
    Loaded {
        library: fresh_library(&doc),
        doc,
        mode,
        set_aside: Vec::new(),
    }
}

fn decode_error_mode(e: &DecodeError) -> Mode {
    let why = match e {
        DecodeError::Newer { .. } => format!(
            "Your saved work was written by a newer version of spanmark ({e}). It is left untouched; this tab works on a copy that is not saved."
        ),
        _ => format!(
            "Saved work could not be read ({e}). It is left untouched; this tab works on a copy that is not saved."
        ),
    };
    Mode::ReadOnly(why)
}

/// Opens the library, creating it with the seed article on a first visit.
pub fn load() -> Loaded {
    if let Err(e) = storage::probe() {
        return in_memory(Mode::Memory(format!(
            "Not saved: {e}. Your work stays in this tab until you close it; use Export to keep it."
        )));
    }
    let raw = match storage::read(LIBRARY_KEY) {
        Ok(raw) => raw,
        Err(e) => return in_memory(Mode::Memory(format!("Not saved: {e}."))),
    };
    let Some(raw) = raw else {
        let doc = seed_document(new_id("d"));
        let library = fresh_library(&doc);
        let mode = match add_documents(&Library::new(), std::slice::from_ref(&doc), Some(&doc.id)) {
            Ok(_) => Mode::Saving,
            Err(e) => Mode::Memory(format!("Not saved: {e}. Use Export to keep your work.")),
        };
        return Loaded {
            library,
            doc,
            mode,
            set_aside: Vec::new(),
        };
    };
    let mut moved = Vec::new();
    let mut library = match decode_library(&raw) {
        Ok(l) => l,
        Err(e @ DecodeError::Newer { .. }) => return in_memory(decode_error_mode(&e)),
        Err(e) => {
            match set_aside(&e) {
                Ok(m) => moved.extend(m),
                Err(_) => return in_memory(decode_error_mode(&e)),
            }
            let lib = rebuild_library();
            let _ = save_library(&lib);
            lib
        }
    };
    // Open the last document; one whose text is unreadable is set aside and
    // dropped from the library, and the next one is tried.
    loop {
        let current = library
            .current
            .clone()
            .filter(|c| library.documents.iter().any(|d| &d.id == c))
            .or_else(|| library.documents.first().map(|d| d.id.clone()));
        let Some(current) = current else {
            // Nothing readable is left: start again from the seed article.
            let doc = seed_document(new_id("d"));
            return match add_documents(&library, std::slice::from_ref(&doc), Some(&doc.id)) {
                Ok(library) => Loaded {
                    library,
                    doc,
                    mode: Mode::Saving,
                    set_aside: moved,
                },
                Err(e) => {
                    let mut l = in_memory(Mode::Memory(format!("Not saved: {e}.")));
                    l.set_aside = moved;
                    l
                }
            };
        };
        let title = library
            .documents
            .iter()
            .find(|d| d.id == current)
            .map(|d| d.title.clone())
            .unwrap_or_default();
        match decode_document_salvage(&current, &title, |k| storage::read(k).ok().flatten()) {
            Ok(salvaged) => {
                for e in &salvaged.set_aside {
                    match set_aside(e) {
                        Ok(m) => moved.extend(m),
                        Err(_) => {
                            let mut l = in_memory(decode_error_mode(e));
                            l.library = library;
                            return l;
                        }
                    }
                }
                return Loaded {
                    library,
                    doc: salvaged.doc,
                    mode: Mode::Saving,
                    set_aside: moved,
                };
            }
            Err(e @ DecodeError::Newer { .. }) => {
                let mut l = in_memory(decode_error_mode(&e));
                l.library = library;
                return l;
            }
            Err(e) => {
                match set_aside(&e) {
                    Ok(m) => moved.extend(m),
                    Err(_) => {
                        let mut l = in_memory(decode_error_mode(&e));
                        l.library = library;
                        return l;
                    }
                }
                library.documents.retain(|d| d.id != current);
                library.current = None;
                let _ = save_library(&library);
            }
        }
    }
}

pub fn load_document(id: &str) -> Result<Document, DecodeError> {
    decode_document(id, |key| storage::read(key).ok().flatten())
}

/// Writes the title of a document.
pub fn save_head(doc: &Document) -> Result<(), StoreError> {
    storage::write(&doc_key(&doc.id), &encode_head(doc))
}

/// Writes the annotation buckets an edit of `spans` touched — never the text.
pub fn save_changes(doc: &Document, spans: &[Span]) -> Result<(), StoreError> {
    for (key, value) in encode_changes(doc, spans) {
        match value {
            Some(v) => storage::write(&key, &v)?,
            None => storage::remove(&key),
        }
    }
    Ok(())
}

/// Rewrites the title and every annotation bucket of a document (removing
/// buckets left empty): the retry after a failed save, when it is no longer
/// known which buckets are stale.
pub fn save_all(doc: &Document) -> Result<(), StoreError> {
    save_head(doc)?;
    let every: Vec<Span> = (0..bucket_count(doc.text.len()))
        .filter_map(|k| Span::new(k * BUCKET_CP, k * BUCKET_CP + 1))
        .collect();
    save_changes(doc, &every)
}

pub fn save_library(lib: &Library) -> Result<(), StoreError> {
    storage::write(LIBRARY_KEY, &encode_library(lib))
}

/// Stores new documents and appends them to the library, all or nothing: on
/// any failure the keys written so far are removed and the stored library is
/// left as it was. Returns the new library.
pub fn add_documents(
    lib: &Library,
    docs: &[Document],
    current: Option<&str>,
) -> Result<Library, StoreError> {
    let mut next = lib.clone();
    for d in docs {
        next.documents.push(LibraryEntry {
            id: d.id.clone(),
            title: d.title.clone(),
        });
    }
    if let Some(c) = current {
        next.current = Some(c.to_string());
    }
    let mut written: Vec<String> = Vec::new();
    let result = (|| {
        for d in docs {
            for (key, value) in encode_document(d) {
                storage::write(&key, &value)?;
                written.push(key);
            }
        }
        save_library(&next)
    })();
    match result {
        Ok(()) => Ok(next),
        Err(e) => {
            for key in written {
                storage::remove(&key);
            }
            Err(e)
        }
    }
}
