//! Loading and saving the library through [`super::storage`], in the layout
//! of [`crate::core::storage`]. Failures never panic and never overwrite what
//! is stored: they switch the app to a mode that keeps work in memory.

use crate::core::model::Document;
use crate::core::seed::seed_document;
use crate::core::storage::{
    bucket_count, decode_document, decode_library, doc_key, encode_changes, encode_document,
    encode_head, encode_library, DecodeError, Library, LibraryEntry, BUCKET_CP, LIBRARY_KEY,
};
use crate::core::text::Span;

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
        return Loaded { library, doc, mode };
    };
    let library = match decode_library(&raw) {
        Ok(l) => l,
        Err(e) => return in_memory(decode_error_mode(&e)),
    };
    let current = library
        .current
        .clone()
        .filter(|c| library.documents.iter().any(|d| &d.id == c))
        .or_else(|| library.documents.first().map(|d| d.id.clone()));
    let Some(current) = current else {
        return in_memory(decode_error_mode(&DecodeError::Corrupt {
            key: LIBRARY_KEY.into(),
            reason: "it lists no documents".into(),
        }));
    };
    match load_document(&current) {
        Ok(doc) => Loaded {
            library,
            doc,
            mode: Mode::Saving,
        },
        Err(e) => {
            let mut l = in_memory(decode_error_mode(&e));
            l.library = library;
            l
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
