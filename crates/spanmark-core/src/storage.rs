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

use std::collections::BTreeMap;

use thiserror::Error;

use super::json::{self, push_str, push_uint, Map, Value};
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

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LibraryEntry {
    pub id: String,
    pub title: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Library {
    pub version: u32,
    pub current: Option<String>,
    pub documents: Vec<LibraryEntry>,
    /// What the library panel shows of each document, by document id
    /// (absent in libraries written before it existed; filled in lazily;
    /// not written when empty).
    pub info: BTreeMap<String, DocInfo>,
}

/// A document's figures for the library panel, kept in the library so the
/// panel never has to read the documents themselves.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DocInfo {
    /// Length of the text in code points.
    pub len: usize,
    /// Annotations per label, in [`Label::ALL`] order (claim, figure, actor,
    /// location).
    pub counts: [usize; 4],
    /// When the document last changed (added, edited, renamed), ISO 8601;
    /// unknown for documents stored before this was recorded (then not
    /// written).
    pub changed: Option<String>,
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

/// One stored annotation. Short keys: buckets are rewritten on every
/// edit, and 10,000 annotations must stay small. The value is
/// `{"i":id,"l":label,"s":start,"e":end}`, plus `"n":note` when there is a
/// note and `"c":created_at` when it is known.
struct StoredAnn {
    i: String,
    l: Label,
    s: usize,
    e: usize,
    n: String,
    c: Option<String>,
}

/// Why a field is unreadable, for [`DecodeError::Corrupt`].
fn bad_field(name: &str, what: &str) -> String {
    format!("the field `{name}` must be {what}")
}

fn field<'v>(m: &'v Map, name: &str) -> Result<&'v Value, String> {
    m.get(name)
        .ok_or_else(|| format!("the field `{name}` is missing"))
}

fn uint(v: &Value, name: &str) -> Result<usize, String> {
    v.as_u64()
        .and_then(|n| usize::try_from(n).ok())
        .ok_or_else(|| bad_field(name, "a whole number ≥ 0"))
}

fn string(m: &Map, name: &str) -> Result<String, String> {
    field(m, name)?
        .as_str()
        .map(str::to_string)
        .ok_or_else(|| bad_field(name, "a string"))
}

/// A string that may be absent or null.
fn opt_string(m: &Map, name: &str) -> Result<Option<String>, String> {
    match m.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(bad_field(name, "a string or null")),
    }
}

/// An object that may be absent.
fn opt_object<'v>(m: &'v Map, name: &str) -> Result<Option<&'v Map>, String> {
    match m.get(name) {
        None => Ok(None),
        Some(Value::Object(o)) => Ok(Some(o)),
        Some(_) => Err(bad_field(name, "an object")),
    }
}

fn library_of(m: &Map) -> Result<Library, String> {
    let mut lib = Library {
        // At most SCHEMA_VERSION: `decode` checked it.
        version: m
            .get("version")
            .and_then(Value::as_u64)
            .map_or(SCHEMA_VERSION, |v| v as u32),
        current: opt_string(m, "current")?,
        documents: Vec::new(),
        info: BTreeMap::new(),
    };
    let Value::Array(docs) = field(m, "documents")? else {
        return Err(bad_field("documents", "a list"));
    };
    for d in docs {
        let d = d
            .as_object()
            .ok_or_else(|| bad_field("documents", "a list of objects"))?;
        lib.documents.push(LibraryEntry {
            id: string(d, "id")?,
            title: string(d, "title")?,
        });
    }
    for (id, i) in opt_object(m, "info")?.into_iter().flatten() {
        let i = i
            .as_object()
            .ok_or_else(|| bad_field("info", "an object of objects"))?;
        let counts = match field(i, "counts")? {
            Value::Array(c) if c.len() == 4 => c,
            _ => return Err(bad_field("counts", "a list of 4 numbers")),
        };
        let mut info = DocInfo {
            len: uint(field(i, "len")?, "len")?,
            counts: [0; 4],
            changed: opt_string(i, "changed")?,
        };
        for (n, c) in info.counts.iter_mut().zip(counts) {
            *n = uint(c, "counts")?;
        }
        lib.info.insert(id.clone(), info);
    }
    Ok(lib)
}

fn ann_of(v: &Value) -> Result<StoredAnn, String> {
    let a = v
        .as_object()
        .ok_or_else(|| bad_field("annotations", "a list of objects"))?;
    let l = string(a, "l")?;
    Ok(StoredAnn {
        i: string(a, "i")?,
        l: Label::from_id(&l).ok_or_else(|| format!("unknown label \"{l}\""))?,
        s: uint(field(a, "s")?, "s")?,
        e: uint(field(a, "e")?, "e")?,
        n: match a.get("n") {
            None => String::new(),
            Some(_) => string(a, "n")?,
        },
        c: opt_string(a, "c")?,
    })
}

fn bucket_anns(m: &Map) -> Result<Vec<StoredAnn>, String> {
    match field(m, "annotations")? {
        Value::Array(items) => items.iter().map(ann_of).collect(),
        _ => Err(bad_field("annotations", "a list")),
    }
}

/// Parses `raw` and checks its version first, so a newer layout is
/// reported as newer rather than as corrupt; then `read` takes the fields.
fn decode<T>(key: &str, raw: &str, read: fn(&Map) -> Result<T, String>) -> Result<T, DecodeError> {
    let corrupt = |reason: String| DecodeError::Corrupt {
        key: key.to_string(),
        reason,
    };
    let v = json::parse(raw).map_err(|e| corrupt(e.to_string()))?;
    let Value::Object(m) = v else {
        return Err(corrupt("expected an object".to_string()));
    };
    let version = field(&m, "version")
        .and_then(|v| {
            v.as_u64()
                .ok_or_else(|| bad_field("version", "a whole number ≥ 0"))
        })
        .map_err(corrupt)?;
    if version > u64::from(SCHEMA_VERSION) {
        return Err(DecodeError::Newer {
            key: key.to_string(),
            version,
        });
    }
    read(&m).map_err(corrupt)
}

/// `{"version":1,` — every value starts so.
fn versioned() -> String {
    let mut o = String::from("{\"version\":");
    push_uint(&mut o, SCHEMA_VERSION as usize);
    o
}

pub fn encode_library(lib: &Library) -> String {
    let mut o = String::from("{\"version\":");
    push_uint(&mut o, lib.version as usize);
    o.push_str(",\"current\":");
    match &lib.current {
        Some(c) => push_str(&mut o, c),
        None => o.push_str("null"),
    }
    o.push_str(",\"documents\":[");
    for (n, d) in lib.documents.iter().enumerate() {
        if n > 0 {
            o.push(',');
        }
        o.push_str("{\"id\":");
        push_str(&mut o, &d.id);
        o.push_str(",\"title\":");
        push_str(&mut o, &d.title);
        o.push('}');
    }
    o.push(']');
    if !lib.info.is_empty() {
        o.push_str(",\"info\":{");
        for (n, (id, i)) in lib.info.iter().enumerate() {
            if n > 0 {
                o.push(',');
            }
            push_str(&mut o, id);
            o.push_str(":{\"len\":");
            push_uint(&mut o, i.len);
            o.push_str(",\"counts\":[");
            for (k, c) in i.counts.iter().enumerate() {
                if k > 0 {
                    o.push(',');
                }
                push_uint(&mut o, *c);
            }
            o.push(']');
            if let Some(c) = &i.changed {
                o.push_str(",\"changed\":");
                push_str(&mut o, c);
            }
            o.push('}');
        }
        o.push('}');
    }
    o.push('}');
    o
}

pub fn decode_library(raw: &str) -> Result<Library, DecodeError> {
    decode(LIBRARY_KEY, raw, library_of)
}

fn encode_text(doc: &Document) -> String {
    let mut o = versioned();
    o.push_str(",\"text\":");
    push_str(&mut o, doc.text.as_str());
    o.push_str(",\"meta\":{");
    for (n, (k, v)) in doc.meta.iter().enumerate() {
        if n > 0 {
            o.push(',');
        }
        push_str(&mut o, k);
        o.push(':');
        push_str(&mut o, v);
    }
    o.push_str("}}");
    o
}

/// The text and metadata of a text value.
fn text_of(m: &Map) -> Result<(String, BTreeMap<String, String>), String> {
    let text = string(m, "text")?;
    let mut meta = BTreeMap::new();
    for (k, v) in opt_object(m, "meta")?.into_iter().flatten() {
        let v = v
            .as_str()
            .ok_or_else(|| bad_field("meta", "an object of strings"))?;
        meta.insert(k.clone(), v.to_string());
    }
    Ok((text, meta))
}

/// The value for [`doc_key`]: the title.
pub fn encode_head(doc: &Document) -> String {
    let mut o = versioned();
    o.push_str(",\"title\":");
    push_str(&mut o, &doc.title);
    o.push('}');
    o
}

fn title_of(m: &Map) -> Result<String, String> {
    string(m, "title")
}

/// The value of bucket `k`, or `None` when it holds no annotation (its key
/// should then be absent).
fn encode_bucket(doc: &Document, k: usize) -> Option<String> {
    let lo = k * BUCKET_CP;
    let mut o = versioned();
    o.push_str(",\"annotations\":[");
    let mut empty = true;
    for a in doc.annotations.starting_in(lo, lo + BUCKET_CP) {
        if !empty {
            o.push(',');
        }
        empty = false;
        o.push_str("{\"i\":");
        push_str(&mut o, &a.id);
        o.push_str(",\"l\":\"");
        o.push_str(a.label.id());
        o.push_str("\",\"s\":");
        push_uint(&mut o, a.span.start());
        o.push_str(",\"e\":");
        push_uint(&mut o, a.span.end());
        if !a.note.is_empty() {
            o.push_str(",\"n\":");
            push_str(&mut o, &a.note);
        }
        if let Some(c) = &a.created_at {
            o.push_str(",\"c\":");
            push_str(&mut o, c);
        }
        o.push('}');
    }
    o.push_str("]}");
    (!empty).then_some(o)
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
    decode(key, raw, bucket_anns)?
        .into_iter()
        .map(|a| {
            let span = Span::new(a.s, a.e)
                .filter(|s| s.end() <= text_len && bucket_of(s.start()) == k && !a.i.is_empty())
                .ok_or_else(|| DecodeError::Corrupt {
                    key: key.to_string(),
                    reason: format!("annotation {} has the bad span {}..{}", a.i, a.s, a.e),
                })?;
            Ok(Annotation {
                id: a.i,
                label: a.l,
                span,
                note: a.n,
                created_at: a.c,
            })
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
    let (text, meta) = decode(&tk, &get(tk.clone())?, text_of)?;
    let hk = doc_key(id);
    let title = match get(hk.clone()).and_then(|raw| decode(&hk, &raw, title_of)) {
        Ok(t) => t,
        Err(e) => {
            tolerate(e)?;
            fallback_title.unwrap_or_default().to_string()
        }
    };
    let mut doc = Document::new(id.to_string(), title, text);
    doc.meta = meta;
    for k in 0..bucket_count(doc.text.len()) {
        let key = bucket_key(id, k);
        let Some(raw) = read(&key) else { continue };
        let anns = match decode(&key, &raw, bucket_anns) {
            Ok(anns) => anns,
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
                    .add(Annotation {
                        id: a.i,
                        label: a.l,
                        span,
                        note: a.n,
                        created_at: a.c,
                    })
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
