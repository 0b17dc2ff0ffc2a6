//! Documents coming in: plain text, HTML's visible text, our native JSON,
//! doccano and Label Studio exports. Each file becomes [`Draft`]s (text,
//! title and spans still carrying the file's own label names), checked as a
//! whole: a file with any problem is refused with a message naming it, and
//! nothing is stored. Labels that are not ours are mapped by the person
//! ([`foreign_labels`], [`resolve`]); a document whose text is already in
//! the library is merged, replaced or kept beside it ([`plan`]).
//!
//! Everything here is pure; reading files, parsing HTML and storing live in
//! the web layer.

use std::collections::{BTreeMap, HashSet};

use serde_json::Value;

use crate::export::native;
use crate::label::Label;
use crate::model::{Annotation, Document};
use crate::text::Span;

pub mod doccano;
pub mod label_studio;
pub mod text;

/// A span as a file gives it: code points, with the file's label name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawSpan {
    pub span: Span,
    pub label: String,
    /// The annotation id the file gives, kept when it is free.
    pub id: Option<String>,
    pub note: String,
}

/// A document read from a file, before its labels are mapped. `doc` holds
/// the text, the title, metadata and any annotations already in our labels
/// (a native file's, with their ids); its id is the file's, or empty.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Draft {
    pub doc: Document,
    pub spans: Vec<RawSpan>,
    /// Whether the title is the file's own rather than guessed from the text.
    pub titled: bool,
}

/// What one file gave.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Parsed {
    /// The format's name, for messages: "spanmark", "doccano", "Label
    /// Studio", "text".
    pub format: &'static str,
    pub drafts: Vec<Draft>,
    /// What was left out or assumed, for the confirmation.
    pub notes: Vec<String>,
}

/// How a file is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A JSON document: spanmark, Label Studio or doccano (by its content).
    Json,
    /// JSON lines: doccano.
    Jsonl,
    /// Plain text or Markdown, kept as it is.
    Text,
    /// An HTML page: its visible text (read by the web layer).
    Html,
}

/// The kind of a file, by its extension, else by its first characters.
pub fn kind_of(file_name: &str, text: &str) -> Kind {
    let ext = file_name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "json" => Kind::Json,
        "jsonl" | "ndjson" => Kind::Jsonl,
        "html" | "htm" | "xhtml" => Kind::Html,
        "txt" | "text" | "md" | "markdown" | "mdown" | "mkd" => Kind::Text,
        _ => {
            let head: String = text.trim_start().chars().take(1024).collect();
            let lower = head.to_ascii_lowercase();
            if head.starts_with('[') {
                Kind::Json
            } else if head.starts_with('{') {
                let lines = text.lines().filter(|l| !l.trim().is_empty()).count();
                let objects = text
                    .lines()
                    .filter(|l| l.trim_start().starts_with('{'))
                    .count();
                if lines > 1 && objects == lines {
                    Kind::Jsonl
                } else {
                    Kind::Json
                }
            } else if head.starts_with('<')
                && ["<!doctype html", "<html", "<body", "<p>", "<p "]
                    .iter()
                    .any(|m| lower.contains(m))
            {
                Kind::Html
            } else {
                Kind::Text
            }
        }
    }
}

/// Reads a decoded file of any kind but [`Kind::Html`] (whose text the web
/// layer extracts; see [`text::html`]). The error completes "<file> was not
/// imported: ".
pub fn parse(file_name: &str, text: &str) -> Result<Parsed, String> {
    match kind_of(file_name, text) {
        Kind::Text | Kind::Html => Ok(Parsed {
            format: "text",
            drafts: vec![text::plain(text.to_string(), None)?],
            notes: Vec::new(),
        }),
        Kind::Jsonl => doccano::parse_jsonl(text, doccano::offsets_for(file_name)),
        Kind::Json => {
            let root: Value =
                serde_json::from_str(text).map_err(|e| format!("it is not valid JSON ({e})"))?;
            // Only an object with a "format" can be ours (a null one counts
            // as none, as it always has). The native reader reads the text
            // itself, to name the line and column of a problem.
            if !matches!(root.get("format"), None | Some(Value::Null)) {
                drop(root);
                let docs = native::import(text).map_err(|e| e.to_string())?;
                return Ok(Parsed {
                    format: "spanmark",
                    drafts: docs
                        .into_iter()
                        .map(|doc| Draft {
                            doc,
                            spans: Vec::new(),
                            titled: true,
                        })
                        .collect(),
                    notes: Vec::new(),
                });
            }
            let first = match &root {
                Value::Array(items) => items.first(),
                v => Some(v),
            };
            let has = |k: &str| first.and_then(|v| v.get(k)).is_some();
            if has("data") {
                label_studio::parse(root)
            } else if has("text") {
                doccano::parse_json(root, doccano::offsets_for(file_name))
            } else if matches!(&root, Value::Array(a) if a.is_empty()) {
                Err("it holds an empty list: nothing to import".into())
            } else {
                Err("it is not a file spanmark reads: expected a spanmark export (\"format\": \"spanmark\"), a Label Studio export (tasks with \"data\") or doccano records (with \"text\")".into())
            }
        }
    }
}

/// One of our labels by its id or name, in any case ("LOCATION", "Claim").
pub fn our_label(name: &str) -> Option<Label> {
    Label::ALL
        .into_iter()
        .find(|l| l.id().eq_ignore_ascii_case(name.trim()))
}

/// A likely mapping for a common NER label of other tools (CoNLL, spaCy,
/// OntoNotes), offered first in the mapping dialog.
pub fn suggest(name: &str) -> Option<Label> {
    let n = name.trim().to_ascii_uppercase();
    let n = n
        .strip_prefix("B-")
        .or_else(|| n.strip_prefix("I-"))
        .unwrap_or(&n);
    match n {
        "PER" | "PERSON" | "PEOPLE" | "ORG" | "ORGANIZATION" | "ORGANISATION" | "NORP"
        | "ACTOR" | "SPEAKER" | "SOURCE" => Some(Label::Actor),
        "LOC" | "LOCATION" | "GPE" | "FAC" | "PLACE" | "CITY" | "COUNTRY" => Some(Label::Location),
        "CARDINAL" | "QUANTITY" | "MONEY" | "PERCENT" | "NUM" | "NUMBER" | "FIGURE" | "STAT"
        | "STATISTIC" => Some(Label::Figure),
        "CLAIM" | "QUOTE" | "STATEMENT" | "ASSERTION" => Some(Label::Claim),
        _ => None,
    }
}

/// A label of a file that is not one of ours.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Foreign {
    pub label: String,
    /// How many spans carry it.
    pub spans: usize,
    pub suggestion: Option<Label>,
}

/// The labels the person must map, in order of first appearance.
pub fn foreign_labels<'a>(drafts: impl IntoIterator<Item = &'a Draft>) -> Vec<Foreign> {
    let mut out: Vec<Foreign> = Vec::new();
    for s in drafts.into_iter().flat_map(|d| &d.spans) {
        if our_label(&s.label).is_some() {
            continue;
        }
        match out.iter_mut().find(|f| f.label == s.label) {
            Some(f) => f.spans += 1,
            None => out.push(Foreign {
                label: s.label.clone(),
                spans: 1,
                suggestion: suggest(&s.label),
            }),
        }
    }
    out
}

/// The person's answer for each foreign label: one of ours, or `None` to
/// drop its spans.
pub type LabelMap = BTreeMap<String, Option<Label>>;

/// A draft with its labels mapped: the document to store.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Incoming {
    pub doc: Document,
    pub titled: bool,
    /// Spans left out: their label was dropped.
    pub dropped: usize,
}

/// Maps a draft's spans to our labels (ours by name, the others through
/// `map`) and adds them to its document. A span that ends up on the same
/// span and label as another is one annotation. File annotation ids are
/// kept when free; `new_id(prefix)` makes the others.
pub fn resolve(draft: Draft, map: &LabelMap, new_id: &mut dyn FnMut(&str) -> String) -> Incoming {
    let Draft {
        mut doc,
        spans,
        titled,
    } = draft;
    let mut dropped = 0;
    for s in spans {
        let label = our_label(&s.label).or_else(|| map.get(&s.label).copied().flatten());
        let Some(label) = label else {
            dropped += 1;
            continue;
        };
        if doc.annotations.find(s.span, label).is_some() {
            continue;
        }
        let id =
            s.id.filter(|id| !id.is_empty() && doc.annotations.get(id).is_none())
                .unwrap_or_else(|| new_id("a"));
        // In range (checked by the reader) and not a duplicate: cannot fail.
        let _ = doc.add(Annotation {
            id,
            label,
            span: s.span,
            note: s.note,
            created_at: None,
        });
    }
    Incoming {
        doc,
        titled,
        dropped,
    }
}

/// What to do with a document whose text is already in the library.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Choice {
    /// Add the file's annotations that the library's copy lacks (same span
    /// and label counts as the same).
    Merge,
    /// The file's copy takes the place of the library's.
    Replace,
    /// Add the file's copy as another document.
    KeepBoth,
}

/// Adds to `base` every annotation of `incoming` it lacks (by span and
/// label); returns how many. Ids are kept when free in `base`.
pub fn merge(
    base: &mut Document,
    incoming: &Document,
    new_id: &mut dyn FnMut(&str) -> String,
) -> usize {
    let mut added = 0;
    for a in incoming.annotations.iter() {
        if a.span.end() > base.text.len() || base.annotations.find(a.span, a.label).is_some() {
            continue;
        }
        let mut a = a.clone();
        if base.annotations.get(&a.id).is_some() {
            a.id = new_id("a");
        }
        if base.add(a).is_ok() {
            added += 1;
        }
    }
    added
}

/// A library document changed by an import.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Changed {
    /// The id it had in the library (a replacement may bring its own).
    pub old_id: String,
    pub doc: Document,
    pub how: Choice,
    /// Annotations added (merge) or brought (replace).
    pub annotations: usize,
}

/// The outcome of an import, before anything is stored.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Plan {
    /// New documents, in file order, with ids free in the library.
    pub added: Vec<Document>,
    /// Library documents merged into or replaced, in file order.
    pub changed: Vec<Changed>,
}

/// Decides where each incoming document goes. `same[i]` is the library's
/// document with the same text as `incoming[i]`, if any; `choice` applies
/// to all of them. `taken` holds the ids in the library. A document keeps
/// its own id when it is free (so a native export imported into an empty
/// browser exports the same again); otherwise it gets a new one. Several
/// incoming documents with the text of one library document all go into it:
/// the first as chosen, the others merged.
pub fn plan(
    incoming: Vec<Incoming>,
    same: &[Option<Document>],
    choice: Choice,
    taken: &HashSet<String>,
    new_id: &mut dyn FnMut(&str) -> String,
) -> Plan {
    let mut taken = taken.clone();
    let mut out = Plan::default();
    for (i, inc) in incoming.into_iter().enumerate() {
        let target = same.get(i).cloned().flatten();
        let target = target.filter(|_| choice != Choice::KeepBoth);
        let Some(existing) = target else {
            let mut doc = inc.doc;
            if doc.id.is_empty() || taken.contains(&doc.id) {
                doc.id = new_id("d");
            }
            taken.insert(doc.id.clone());
            out.added.push(doc);
            continue;
        };
        if let Some(c) = out.changed.iter_mut().find(|c| c.old_id == existing.id) {
            c.annotations += merge(&mut c.doc, &inc.doc, new_id);
            continue;
        }
        let changed = match choice {
            Choice::Merge | Choice::KeepBoth => {
                let mut doc = existing.clone();
                let n = merge(&mut doc, &inc.doc, new_id);
                Changed {
                    old_id: existing.id.clone(),
                    doc,
                    how: Choice::Merge,
                    annotations: n,
                }
            }
            Choice::Replace => {
                let mut doc = if inc.titled {
                    inc.doc
                } else {
                    let mut d = existing.clone();
                    d.annotations = inc.doc.annotations;
                    d
                };
                let own = !doc.id.is_empty() && (doc.id == existing.id || !taken.contains(&doc.id));
                if !own {
                    doc.id = existing.id.clone();
                }
                taken.remove(&existing.id);
                taken.insert(doc.id.clone());
                Changed {
                    old_id: existing.id.clone(),
                    annotations: doc.annotations.len(),
                    doc,
                    how: Choice::Replace,
                }
            }
        };
        out.changed.push(changed);
    }
    out
}

/// What a JSON value is, for messages.
pub(crate) fn describe(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// `n` followed by `one` or `many`.
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// ` (near “…”)`: a few words of the text around code point `cp`, to show
/// where a problem is.
pub(crate) fn where_of(doc: &Document, cp: usize) -> String {
    let from = cp.saturating_sub(12);
    let near = doc.text.slice_range(from, cp + 12);
    let near: String = near
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    format!(" (near “{}”)", near.trim())
}
