//! The local storage schema, version 1: what is stored under which key, and
//! how it is encoded and decoded. The web layer only moves these strings.
//!
//! Layout, chosen so that a library of many long documents stays cheap:
//! - `spanmark:library` — the document list and the one last open (small);
//! - `spanmark:doc:<id>:text` — the text and metadata, written once when the
//!   document is created, never on annotation edits;
//! - `spanmark:doc:<id>` — title and annotations, rewritten on every edit.
//!
//! Every value carries `"version"`; a newer version is never overwritten.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::label::Label;
use super::model::{Annotation, Document};
use super::text::Span;

pub const SCHEMA_VERSION: u32 = 1;
pub const PREFIX: &str = "spanmark:";
pub const LIBRARY_KEY: &str = "spanmark:library";

pub fn text_key(doc_id: &str) -> String {
    format!("{PREFIX}doc:{doc_id}:text")
}

pub fn doc_key(doc_id: &str) -> String {
    format!("{PREFIX}doc:{doc_id}")
}

#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum DecodeError {
    #[error("{key} was written by a newer spanmark (storage version {version}; this app knows {SCHEMA_VERSION})")]
    Newer { key: String, version: u64 },
    #[error("{key} is unreadable: {reason}")]
    Corrupt { key: String, reason: String },
    #[error("{key} is missing")]
    Missing { key: String },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LibraryEntry {
    pub id: String,
    pub title: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Library {
    pub version: u32,
    pub current: Option<String>,
    pub documents: Vec<LibraryEntry>,
}

impl Library {
    pub fn new() -> Library {
        Library {
            version: SCHEMA_VERSION,
            current: None,
            documents: Vec::new(),
        }
    }
}

impl Default for Library {
    fn default() -> Self {
        Library::new()
    }
}

#[derive(Serialize, Deserialize)]
struct StoredText {
    version: u32,
    text: String,
    #[serde(default)]
    meta: BTreeMap<String, String>,
}

/// Short keys: this is rewritten on every edit, and 10,000 annotations must
/// stay small.
#[derive(Serialize, Deserialize)]
struct StoredAnn {
    i: String,
    l: Label,
    s: usize,
    e: usize,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    n: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    c: Option<String>,
}

#[derive(Serialize, Deserialize)]
struct StoredHead {
    version: u32,
    title: String,
    annotations: Vec<StoredAnn>,
}

#[derive(Deserialize)]
struct Versioned {
    version: u64,
}

/// Checks the version first, so a newer layout is reported as newer rather
/// than as corrupt.
fn decode<T: for<'de> Deserialize<'de>>(key: &str, raw: &str) -> Result<T, DecodeError> {
    let corrupt = |e: serde_json::Error| DecodeError::Corrupt {
        key: key.to_string(),
        reason: e.to_string(),
    };
    let v: Versioned = serde_json::from_str(raw).map_err(corrupt)?;
    if v.version > u64::from(SCHEMA_VERSION) {
        return Err(DecodeError::Newer {
            key: key.to_string(),
            version: v.version,
        });
    }
    serde_json::from_str(raw).map_err(corrupt)
}

pub fn encode_library(lib: &Library) -> String {
    serde_json::to_string(lib).unwrap_or_default()
}

pub fn decode_library(raw: &str) -> Result<Library, DecodeError> {
    decode(LIBRARY_KEY, raw)
}

/// The value for [`text_key`].
pub fn encode_text(doc: &Document) -> String {
    serde_json::to_string(&StoredText {
        version: SCHEMA_VERSION,
        text: doc.text.as_str().to_string(),
        meta: doc.meta.clone(),
    })
    .unwrap_or_default()
}

/// The value for [`doc_key`].
pub fn encode_head(doc: &Document) -> String {
    serde_json::to_string(&StoredHead {
        version: SCHEMA_VERSION,
        title: doc.title.clone(),
        annotations: doc
            .annotations
            .iter()
            .map(|a| StoredAnn {
                i: a.id.clone(),
                l: a.label,
                s: a.span.start(),
                e: a.span.end(),
                n: a.note.clone(),
                c: a.created_at.clone(),
            })
            .collect(),
    })
    .unwrap_or_default()
}

/// Rebuilds a document from its two stored values, checking every span
/// against the text.
pub fn decode_document(id: &str, text_raw: &str, head_raw: &str) -> Result<Document, DecodeError> {
    let t: StoredText = decode(&text_key(id), text_raw)?;
    let key = doc_key(id);
    let h: StoredHead = decode(&key, head_raw)?;
    let mut doc = Document::new(id.to_string(), h.title, t.text);
    doc.meta = t.meta;
    for a in h.annotations {
        let span = Span::new(a.s, a.e).ok_or_else(|| DecodeError::Corrupt {
            key: key.clone(),
            reason: format!("annotation {} has the empty span {}..{}", a.i, a.s, a.e),
        })?;
        doc.add(Annotation {
            id: a.i,
            label: a.l,
            span,
            note: a.n,
            created_at: a.c,
        })
        .map_err(|e| DecodeError::Corrupt {
            key: key.clone(),
            reason: e.to_string(),
        })?;
    }
    Ok(doc)
}
