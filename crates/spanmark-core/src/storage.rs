//! The local storage schema, version 1: what is stored under which key, and
//! how it is encoded and decoded. The web layer only moves these strings.
//!
//! Layout, chosen so that a library of many novel-length documents stays
//! cheap to edit:
//! - `spanmark:library` — the document list and the one last open (small);
//! - `spanmark:doc:<id>:text` — the text and metadata, written once when the
//!   document is created, never on annotation edits;
//! - `spanmark:doc:<id>` — the title;
//! - `spanmark:doc:<id>:anns:<k>` — the annotations starting in code points
//!   `k × BUCKET_CP .. (k + 1) × BUCKET_CP`. An edit rewrites only the
//!   buckets of the spans it touches (a few kB), however long the document;
//!   a bucket without annotations has no key.
//!
//! Every value carries `"version"`; a newer version is never overwritten.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::json::{self, Kind};
use super::label::Label;
use super::model::{Annotation, Document};
use super::text::Span;

pub const SCHEMA_VERSION: u32 = 1;
pub const PREFIX: &str = "spanmark:";
pub const LIBRARY_KEY: &str = "spanmark:library";

/// A document id as it appears inside keys: `%` and `:` are escaped, so
/// that no id (imported files keep theirs) can produce another document's
/// key, e.g. id `x:text` colliding with the text key of `x`.
fn key_id(doc_id: &str) -> String {
    doc_id.replace('%', "%25").replace(':', "%3A")
}

/// The document id a key segment written by [`key_id`] stands for; `None`
/// for a segment `key_id` cannot produce.
fn id_of_key(kid: &str) -> Option<String> {
    (!kid.contains(':')).then(|| kid.replace("%3A", ":").replace("%25", "%"))
}

/// The document id whose text lives under `key`, if `key` is a text key.
pub fn doc_id_of_text_key(key: &str) -> Option<String> {
    let kid = key
        .strip_prefix(PREFIX)?
        .strip_prefix("doc:")?
        .strip_suffix(":text")?;
    id_of_key(kid)
}

pub fn text_key(doc_id: &str) -> String {
    format!("{PREFIX}doc:{}:text", key_id(doc_id))
}

pub fn doc_key(doc_id: &str) -> String {
    format!("{PREFIX}doc:{}", key_id(doc_id))
}

/// Code points per annotation bucket.
pub const BUCKET_CP: usize = 16_384;

pub fn bucket_key(doc_id: &str, k: usize) -> String {
    format!("{PREFIX}doc:{}:anns:{k}", key_id(doc_id))
}

/// The bucket holding annotations that start at `start`.
pub fn bucket_of(start: usize) -> usize {
    start / BUCKET_CP
}

/// How many buckets a text of `len` code points has (at least one).
pub fn bucket_count(len: usize) -> usize {
    len.div_ceil(BUCKET_CP).max(1)
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

impl DecodeError {
    /// The storage key the problem is in.
    pub fn key(&self) -> &str {
        match self {
            DecodeError::Newer { key, .. }
            | DecodeError::Corrupt { key, .. }
            | DecodeError::Missing { key } => key,
        }
    }
}

/// Where an unreadable value is set aside (never deleted): the original key
/// under `spanmark:backup:`, with a stamp so a second backup of the same key
/// does not replace the first.
pub fn backup_key(key: &str, stamp: &str) -> String {
    format!(
        "{PREFIX}backup:{stamp}:{}",
        key.strip_prefix(PREFIX).unwrap_or(key)
    )
}

// The stored values. Members are declared in the order serde writes them
// in, which must stay the order of the values already stored (golden files
// check the bytes). Records are objects only (`json::objects`: serde would
// also take an array of the fields), as the schema has always been read.

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LibraryEntry {
    pub id: String,
    pub title: String,
}

/// The value under [`LIBRARY_KEY`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Library {
    pub version: u32,
    /// Written as `null` when there is none.
    pub current: Option<String>,
    #[serde(deserialize_with = "json::objects")]
    pub documents: Vec<LibraryEntry>,
    /// What the library panel shows of each document, by document id
    /// (absent in libraries written before it existed; filled in lazily;
    /// not written when empty).
    #[serde(
        default,
        skip_serializing_if = "BTreeMap::is_empty",
        deserialize_with = "json::object_values"
    )]
    pub info: BTreeMap<String, DocInfo>,
}

/// A document's figures for the library panel, kept in the library so the
/// panel never has to read the documents themselves.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocInfo {
    /// Length of the text in code points.
    #[serde(deserialize_with = "json::uint")]
    pub len: usize,
    /// Annotations per label, in [`Label::ALL`] order (claim, figure, actor,
    /// location).
    #[serde(deserialize_with = "counts")]
    pub counts: [usize; 4],
    /// When the document last changed (added, edited, renamed), ISO 8601;
    /// unknown for documents stored before this was recorded (then not
    /// written; `null` reads as unknown too).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub changed: Option<String>,
}

/// Four whole numbers, one per label. (serde's own `[usize; 4]` would call
/// a fifth "trailing characters".)
fn counts<'de, D: serde::Deserializer<'de>>(d: D) -> Result<[usize; 4], D::Error> {
    #[derive(Deserialize)]
    struct Count(#[serde(deserialize_with = "json::uint")] usize);
    let v = Vec::<Count>::deserialize(d)?;
    match v.as_slice() {
        [a, b, c, e] => Ok([a.0, b.0, c.0, e.0]),
        _ => Err(serde::de::Error::invalid_length(
            v.len(),
            &"a list of 4 numbers",
        )),
    }
}

impl DocInfo {
    pub fn of(doc: &Document, changed: Option<String>) -> DocInfo {
        DocInfo {
            len: doc.text.len(),
            counts: doc.annotations.counts().map(|(_, n)| n),
            changed,
        }
    }
}

impl Library {
    pub fn new() -> Library {
        Library {
            version: SCHEMA_VERSION,
            current: None,
            documents: Vec::new(),
            info: BTreeMap::new(),
        }
    }
}

impl Default for Library {
    fn default() -> Self {
        Library::new()
    }
}

/// The value under [`text_key`]: the text and metadata, written once. A
/// missing `meta` reads as empty.
#[derive(Serialize, Deserialize)]
struct TextValue<'a> {
    version: u32,
    text: Cow<'a, str>,
    #[serde(default)]
    meta: Cow<'a, BTreeMap<String, String>>,
}

/// The value under [`doc_key`].
#[derive(Serialize, Deserialize)]
struct HeadValue<'a> {
    version: u32,
    title: Cow<'a, str>,
}

/// The value under [`bucket_key`].
#[derive(Serialize, Deserialize)]
struct BucketValue<'a> {
    version: u32,
    #[serde(deserialize_with = "json::objects")]
    annotations: Vec<StoredAnn<'a>>,
}

/// One stored annotation. Short keys: buckets are rewritten on every
/// edit, and 10,000 annotations must stay small. The value is
/// `{"i":id,"l":label,"s":start,"e":end}`, plus `"n":note` when there is a
/// note and `"c":created_at` when it is known (`null` reads as unknown).
#[derive(Serialize, Deserialize)]
struct StoredAnn<'a> {
    i: Cow<'a, str>,
    #[serde(with = "label_id")]
    l: Label,
    #[serde(deserialize_with = "json::uint")]
    s: usize,
    #[serde(deserialize_with = "json::uint")]
    e: usize,
    #[serde(default, skip_serializing_if = "str::is_empty")]
    n: Cow<'a, str>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    c: Option<Cow<'a, str>>,
}

impl StoredAnn<'_> {
    fn into_annotation(self, span: Span) -> Annotation {
        Annotation {
            id: self.i.into_owned(),
            label: self.l,
            span,
            note: self.n.into_owned(),
            created_at: self.c.map(Cow::into_owned),
        }
    }
}

/// A label stored as its id.
mod label_id {
    use serde::{de, Deserialize, Deserializer, Serializer};

    use crate::label::Label;

    pub fn serialize<S: Serializer>(l: &Label, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(l.id())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Label, D::Error> {
        let id = std::borrow::Cow::<str>::deserialize(d)?;
        Label::from_id(&id).ok_or_else(|| de::Error::custom(format!("unknown label \"{id}\"")))
    }
}

/// Reads `raw` and checks its version first, so a newer layout is
/// reported as newer rather than as corrupt; then reads the value.
fn decode<'r, T: Deserialize<'r>>(key: &str, raw: &'r str) -> Result<T, DecodeError> {
    let corrupt = |reason: String| DecodeError::Corrupt {
        key: key.to_string(),
        reason,
    };
    let head = json::head(raw).map_err(|e| corrupt(e.to_string()))?;
    if head.kind != Kind::Object {
        return Err(corrupt("expected an object".to_string()));
    }
    let version = match head.version {
        None => return Err(corrupt("the field `version` is missing".to_string())),
        Some(v) => v
            .as_u64()
            .ok_or_else(|| corrupt("the field `version` must be a whole number ≥ 0".to_string()))?,
    };
    if version > u64::from(SCHEMA_VERSION) {
        return Err(DecodeError::Newer {
            key: key.to_string(),
            version,
        });
    }
    json::read(raw).map_err(|e| corrupt(e.to_string()))
}

pub fn encode_library(lib: &Library) -> String {
    json::to_string(lib)
}

pub fn decode_library(raw: &str) -> Result<Library, DecodeError> {
    decode(LIBRARY_KEY, raw)
}

fn encode_text(doc: &Document) -> String {
    json::to_string(&TextValue {
        version: SCHEMA_VERSION,
        text: doc.text.as_str().into(),
        meta: Cow::Borrowed(&doc.meta),
    })
}

/// The value for [`doc_key`]: the title.
pub fn encode_head(doc: &Document) -> String {
    json::to_string(&HeadValue {
        version: SCHEMA_VERSION,
        title: doc.title.as_str().into(),
    })
}

/// The title in a value read from [`doc_key`], whatever its version, for
/// rebuilding a library whose own value is unreadable.
pub fn title_in(raw: &str) -> Option<String> {
    #[derive(Deserialize)]
    struct Title {
        title: String,
    }
    json::read::<Title>(raw).ok().map(|t| t.title)
}

/// The value of bucket `k`, or `None` when it holds no annotation (its key
/// should then be absent).
fn encode_bucket(doc: &Document, k: usize) -> Option<String> {
    let lo = k * BUCKET_CP;
    let annotations: Vec<StoredAnn> = doc
        .annotations
        .starting_in(lo, lo + BUCKET_CP)
        .map(|a| StoredAnn {
            i: a.id.as_str().into(),
            l: a.label,
            s: a.span.start(),
            e: a.span.end(),
            n: a.note.as_str().into(),
            c: a.created_at.as_deref().map(Cow::Borrowed),
        })
        .collect();
    (!annotations.is_empty()).then(|| {
        json::to_string(&BucketValue {
            version: SCHEMA_VERSION,
            annotations,
        })
    })
}

/// Every key and value of a new document: text, head and the non-empty
/// buckets.
pub fn encode_document(doc: &Document) -> Vec<(String, String)> {
    let mut out = vec![
        (text_key(&doc.id), encode_text(doc)),
        (doc_key(&doc.id), encode_head(doc)),
    ];
    for k in 0..bucket_count(doc.text.len()) {
        if let Some(v) = encode_bucket(doc, k) {
            out.push((bucket_key(&doc.id, k), v));
        }
    }
    out
}

/// The writes that store an edit touching `spans`: each touched bucket's new
/// value, or `None` for a bucket left empty (remove its key).
pub fn encode_changes(doc: &Document, spans: &[Span]) -> Vec<(String, Option<String>)> {
    let mut ks: Vec<usize> = spans.iter().map(|s| bucket_of(s.start())).collect();
    ks.sort_unstable();
    ks.dedup();
    ks.into_iter()
        .map(|k| (bucket_key(&doc.id, k), encode_bucket(doc, k)))
        .collect()
}

/// Rebuilds a document from storage; `read` returns the value of a key, if
/// any. Every span is checked against the text, and every annotation must
/// sit in the bucket of its start.
pub fn decode_document(
    id: &str,
    read: impl Fn(&str) -> Option<String>,
) -> Result<Document, DecodeError> {
    let s = decode_inner(id, None, read)?;
    match s.set_aside.into_iter().next() {
        Some(e) => Err(e),
        None => Ok(s.doc),
    }
}

/// Which bucket of which document a key holds, if it is a bucket key.
pub fn parse_bucket_key(key: &str) -> Option<(String, usize)> {
    let rest = key.strip_prefix(PREFIX)?.strip_prefix("doc:")?;
    let (kid, k) = rest.rsplit_once(":anns:")?;
    Some((id_of_key(kid)?, k.parse().ok()?))
}

/// The annotations of bucket `k` as stored in `raw`, checked against a text
/// of `text_len` code points. `None` for `raw` means the bucket is empty.
pub fn decode_bucket(
    key: &str,
    k: usize,
    text_len: usize,
    raw: Option<&str>,
) -> Result<Vec<Annotation>, DecodeError> {
    let Some(raw) = raw else {
        return Ok(Vec::new());
    };
    decode::<BucketValue>(key, raw)?
        .annotations
        .into_iter()
        .map(|a| {
            let span = Span::new(a.s, a.e)
                .filter(|s| s.end() <= text_len && bucket_of(s.start()) == k && !a.i.is_empty())
                .ok_or_else(|| DecodeError::Corrupt {
                    key: key.to_string(),
                    reason: format!("annotation {} has the bad span {}..{}", a.i, a.s, a.e),
                })?;
            Ok(a.into_annotation(span))
        })
        .collect()
}

/// A document rebuilt from storage with its unreadable parts left out.
#[derive(Debug)]
pub struct Salvaged {
    pub doc: Document,
    /// Each unreadable value (its key is in the error). The caller sets the
    /// raw value aside before anything overwrites it.
    pub set_aside: Vec<DecodeError>,
}

/// Like [`decode_document`], but an unreadable title or annotation bucket
/// does not stop the document from opening: the title falls back to
/// `fallback_title`, an unreadable bucket's readable annotations are kept,
/// and every problem is listed. An unreadable text, or anything written by
/// a newer version, is still an error: there is nothing safe to open.
pub fn decode_document_salvage(
    id: &str,
    fallback_title: &str,
    read: impl Fn(&str) -> Option<String>,
) -> Result<Salvaged, DecodeError> {
    decode_inner(id, Some(fallback_title), read)
}

fn decode_inner(
    id: &str,
    fallback_title: Option<&str>,
    read: impl Fn(&str) -> Option<String>,
) -> Result<Salvaged, DecodeError> {
    let strict = fallback_title.is_none();
    let mut set_aside = Vec::new();
    let mut tolerate = |e: DecodeError| -> Result<(), DecodeError> {
        if strict || matches!(e, DecodeError::Newer { .. }) {
            return Err(e);
        }
        set_aside.push(e);
        Ok(())
    };
    let get = |key: String| read(&key).ok_or(DecodeError::Missing { key });
    let tk = text_key(id);
    let stored: TextValue = decode(&tk, &get(tk.clone())?)?;
    let hk = doc_key(id);
    let title = match get(hk.clone()).and_then(|raw| decode::<HeadValue>(&hk, &raw)) {
        Ok(h) => h.title.into_owned(),
        Err(e) => {
            tolerate(e)?;
            fallback_title.unwrap_or_default().to_string()
        }
    };
    let mut doc = Document::new(id.to_string(), title, stored.text.into_owned());
    doc.meta = stored.meta.into_owned();
    for k in 0..bucket_count(doc.text.len()) {
        let key = bucket_key(id, k);
        let Some(raw) = read(&key) else { continue };
        let anns = match decode::<BucketValue>(&key, &raw) {
            Ok(b) => b.annotations,
            Err(e) => {
                tolerate(e)?;
                continue;
            }
        };
        let mut bad = Vec::new();
        for a in anns {
            let problem = match Span::new(a.s, a.e) {
                // An empty id could not be exported and imported back.
                _ if a.i.is_empty() => Some("an annotation has an empty id".to_string()),
                None => Some(format!(
                    "annotation {} has the empty span {}..{}",
                    a.i, a.s, a.e
                )),
                Some(_) if bucket_of(a.s) != k => {
                    Some(format!("annotation {} starts outside this bucket", a.i))
                }
                Some(span) => doc
                    .add(a.into_annotation(span))
                    .err()
                    .map(|e| e.to_string()),
            };
            if let Some(p) = problem {
                bad.push(p);
            }
        }
        if !bad.is_empty() {
            tolerate(DecodeError::Corrupt {
                key: key.clone(),
                reason: bad.join("; "),
            })?;
        }
    }
    Ok(Salvaged { doc, set_aside })
}
