//! Library changes stored all or nothing: adding, merging, replacing,
//! renaming and deleting documents each write several keys, and a failure
//! halfway (a full quota) must leave storage exactly as it was. A [`Tx`]
//! remembers each key's previous value and puts them all back on failure.

use spanmark_core::model::Document;
use spanmark_core::storage::{
    bucket_count, bucket_key, doc_key, encode_document, encode_head, encode_library, text_key,
    Library, LIBRARY_KEY,
};

use super::storage::{self, StoreError};

/// Writes and removals that can be undone together.
#[derive(Default)]
pub struct Tx {
    undo: Vec<(String, Option<String>)>,
}

impl Tx {
    pub fn new() -> Tx {
        Tx::default()
    }

    pub fn write(&mut self, key: &str, value: &str) -> Result<(), StoreError> {
        let old = storage::read(key)?;
        storage::write(key, value)?;
        self.undo.push((key.to_string(), old));
        Ok(())
    }

    pub fn remove(&mut self, key: &str) -> Result<(), StoreError> {
        let old = storage::read(key)?;
        if old.is_some() {
            storage::remove(key);
            self.undo.push((key.to_string(), old));
        }
        Ok(())
    }

    /// Puts every key back as it was, newest change first (so space freed
    /// by undoing writes is there for restoring removals).
    pub fn rollback(self) {
        for (key, old) in self.undo.into_iter().rev() {
            match old {
                Some(v) => {
                    let _ = storage::write(&key, &v);
                }
                None => storage::remove(&key),
            }
        }
    }

    /// Every key of a new document: text, title, annotation buckets.
    pub fn store_document(&mut self, doc: &Document) -> Result<(), StoreError> {
        for (key, value) in encode_document(doc) {
            self.write(&key, &value)?;
        }
        Ok(())
    }

    /// The title and every annotation bucket of a stored document (the text
    /// is unchanged), removing buckets left empty.
    pub fn rewrite_document(&mut self, doc: &Document) -> Result<(), StoreError> {
        self.write(&doc_key(&doc.id), &encode_head(doc))?;
        let encoded = encode_document(doc);
        for k in 0..bucket_count(doc.text.len()) {
            let key = bucket_key(&doc.id, k);
            match encoded.iter().find(|(kk, _)| *kk == key) {
                Some((_, v)) => self.write(&key, v)?,
                None => self.remove(&key)?,
            }
        }
        Ok(())
    }

    /// Writes only the title of a stored document.
    pub fn rewrite_head(&mut self, doc: &Document) -> Result<(), StoreError> {
        self.write(&doc_key(&doc.id), &encode_head(doc))
    }

    /// Removes every key of a document.
    pub fn remove_document(&mut self, id: &str) -> Result<(), StoreError> {
        for key in document_keys(id) {
            self.remove(&key)?;
        }
        Ok(())
    }

    pub fn save_library(&mut self, lib: &Library) -> Result<(), StoreError> {
        self.write(LIBRARY_KEY, &encode_library(lib))
    }
}

/// The stored keys of document `id`: its title key and every key under it
/// (text, buckets), whatever its length.
pub fn document_keys(id: &str) -> Vec<String> {
    let head = doc_key(id);
    let under = format!("{head}:");
    let mut keys: Vec<String> = storage::keys()
        .into_iter()
        .filter(|k| *k == head || k.starts_with(&under))
        .collect();
    // The text last: a document is never left with buckets and no text.
    let text = text_key(id);
    if let Some(i) = keys.iter().position(|k| *k == text) {
        let t = keys.remove(i);
        keys.push(t);
    }
    keys
}
