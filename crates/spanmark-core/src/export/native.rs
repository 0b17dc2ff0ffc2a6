//! The native spanmark JSON format, version 1 (`shared/spec/export-format.md`).
//! Export writes it; import checks every rule of the spec and refuses a file
//! as a whole, naming the first problem.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashSet};

use serde::{Deserialize, Serialize};
use serde_json::Value;
use thiserror::Error;

use crate::json::{self, Kind, Segment, ShapeError};
use crate::label::Label;
use crate::model::{Annotation, Document};
use crate::text::Span;

pub const FORMAT: &str = "spanmark";
pub const VERSION: u64 = 1;
pub const OFFSET_UNIT: &str = "codepoint";
/// Appended to the slug of the title to name downloads.
pub const FILE_SUFFIX: &str = ".spanmark.json";

// The format. Members are declared in the spec's order, which is the order
// serde writes them in. Strings are `Cow`s so that export borrows the
// documents' texts rather than copying them; import reads owned ones. As the
// schema says, records are objects (`json::objects`: serde would also take
// an array of the fields) and an optional member, when present, has its
// type (`json::present`: `null` is not "absent").

#[derive(Serialize, Deserialize)]
struct File<'a> {
    format: Cow<'a, str>,
    version: u64,
    exported_at: Cow<'a, str>,
    offset_unit: Cow<'a, str>,
    #[serde(deserialize_with = "json::objects")]
    labels: Vec<LabelDef<'a>>,
    #[serde(deserialize_with = "json::objects")]
    documents: Vec<Doc<'a>>,
}

#[derive(Serialize, Deserialize)]
struct LabelDef<'a> {
    id: Cow<'a, str>,
    name: Cow<'a, str>,
    color: Cow<'a, str>,
    #[serde(
        default,
        deserialize_with = "json::present",
        skip_serializing_if = "Option::is_none"
    )]
    shortcut: Option<Cow<'a, str>>,
}

#[derive(Serialize, Deserialize)]
struct Doc<'a> {
    id: Cow<'a, str>,
    title: Cow<'a, str>,
    text: Cow<'a, str>,
    #[serde(default)]
    meta: Cow<'a, BTreeMap<String, String>>,
    #[serde(deserialize_with = "json::objects")]
    annotations: Vec<Ann<'a>>,
}

#[derive(Serialize, Deserialize)]
struct Ann<'a> {
    id: Cow<'a, str>,
    label: Cow<'a, str>,
    #[serde(deserialize_with = "json::uint")]
    start: usize,
    #[serde(deserialize_with = "json::uint")]
    end: usize,
    text: Cow<'a, str>,
    #[serde(default)]
    note: Cow<'a, str>,
    #[serde(
        default,
        deserialize_with = "json::present",
        skip_serializing_if = "Option::is_none"
    )]
    created_at: Option<Cow<'a, str>>,
}

/// The export of `docs` (in library order) as JSON pretty-printed with two
/// spaces, members in the order of the spec.
pub fn export(docs: &[&Document], exported_at: &str) -> String {
    let file = File {
        format: FORMAT.into(),
        version: VERSION,
        exported_at: exported_at.into(),
        offset_unit: OFFSET_UNIT.into(),
        labels: Label::ALL
            .iter()
            .map(|l| LabelDef {
                id: l.id().into(),
                name: l.name().into(),
                color: l.color().into(),
                shortcut: Some(l.shortcut().to_string().into()),
            })
            .collect(),
        documents: docs
            .iter()
            .map(|d| Doc {
                id: d.id.as_str().into(),
                title: d.title.as_str().into(),
                text: d.text.as_str().into(),
                meta: Cow::Borrowed(&d.meta),
                annotations: d
                    .annotations
                    .iter()
                    .map(|a| Ann {
                        id: a.id.as_str().into(),
                        label: a.label.id().into(),
                        start: a.span.start(),
                        end: a.span.end(),
                        text: d.quote(a).into(),
                        note: a.note.as_str().into(),
                        created_at: a.created_at.as_deref().map(Cow::Borrowed),
                    })
                    .collect(),
            })
            .collect(),
    };
    json::to_string_pretty(&file)
}

/// Why a file was refused. The message is shown to the user as is.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum ImportError {
    #[error("This file is not valid JSON ({0}).")]
    NotJson(String),
    #[error("This is not a spanmark export: {0}.")]
    NotOurs(String),
    #[error("This file was written by a newer spanmark (format version {0}); this app reads version {VERSION}. Update the app to open it.")]
    Newer(u64),
    #[error("{at}: {problem}.")]
    Invalid { at: String, problem: String },
}

fn invalid(at: impl Into<String>, problem: impl Into<String>) -> ImportError {
    ImportError::Invalid {
        at: at.into(),
        problem: problem.into(),
    }
}

fn is_label_id(s: &str) -> bool {
    let mut b = s.bytes();
    matches!(b.next(), Some(b'a'..=b'z'))
        && b.all(|c| matches!(c, b'a'..=b'z' | b'0'..=b'9' | b'_' | b'-'))
}

fn is_color(s: &str) -> bool {
    s.len() == 7 && s.starts_with('#') && s[1..].bytes().all(|c| c.is_ascii_hexdigit())
}

/// `YYYY-MM-DDTHH:MM:SS[.fff](Z|±HH:MM)`, as the schema's pattern.
fn is_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|x| x.iter().all(u8::is_ascii_digit));
    let shape = digits(0..4)
        && b.get(4) == Some(&b'-')
        && digits(5..7)
        && b.get(7) == Some(&b'-')
        && digits(8..10)
        && b.get(10) == Some(&b'T')
        && digits(11..13)
        && b.get(13) == Some(&b':')
        && digits(14..16)
        && b.get(16) == Some(&b':')
        && digits(17..19);
    if !shape {
        return false;
    }
    let mut i = 19;
    if b.get(i) == Some(&b'.') {
        let n = b[i + 1..].iter().take_while(|c| c.is_ascii_digit()).count();
        if n == 0 {
            return false;
        }
        i += 1 + n;
    }
    match b.get(i) {
        Some(b'Z') => i + 1 == b.len(),
        Some(b'+' | b'-') => {
            i + 6 == b.len() && digits(i + 1..i + 3) && b[i + 3] == b':' && digits(i + 4..i + 6)
        }
        _ => false,
    }
}

/// "label 2".
fn label_at(i: usize) -> String {
    format!("label {}", i + 1)
}

/// "document 3 ("Its title")", or "document 3" when its title is unknown.
fn doc_at(i: usize, title: Option<&str>) -> String {
    match title {
        Some(t) => format!("document {} (\"{t}\")", i + 1),
        None => format!("document {}", i + 1),
    }
}

/// "document 3 ("Its title"), annotation 4 ("a-1")", without the id when
/// it is unknown or empty.
fn ann_at(doc_at: &str, j: usize, id: Option<&str>) -> String {
    match id.filter(|id| !id.is_empty()) {
        Some(id) => format!("{doc_at}, annotation {} (\"{id}\")", j + 1),
        None => format!("{doc_at}, annotation {}", j + 1),
    }
}

/// A value of the wrong shape, named by its record (label, document by
/// title, annotation by id) and by serde's path and position.
fn shape_error(text: &str, e: ShapeError) -> ImportError {
    // The text is JSON (`head` read it): read it again as a tree, only to
    // find the title and id of the record at fault.
    let root: Option<Value> = serde_json::from_str(text).ok();
    let at = match e.path.as_slice() {
        [Segment::Map { key }, Segment::Seq { index }, ..] if key == "labels" => label_at(*index),
        [Segment::Map { key }, Segment::Seq { index }, rest @ ..] if key == "documents" => {
            let d = root.as_ref().and_then(|r| r.get("documents")?.get(*index));
            let at = doc_at(*index, d.and_then(|d| d.get("title")?.as_str()));
            match rest {
                [Segment::Map { key }, Segment::Seq { index: j }, ..] if key == "annotations" => {
                    let a = d.and_then(|d| d.get("annotations")?.get(*j));
                    ann_at(&at, *j, a.and_then(|a| a.get("id")?.as_str()))
                }
                _ => at,
            }
        }
        _ => "the file".to_string(),
    };
    invalid(at, e.to_string())
}

/// Parses and checks a native export. On success the documents are in file
/// order with their ids, annotation ids, notes and timestamps kept, so that
/// exporting them again gives the same file apart from `exported_at`.
///
/// The checks come in three rounds: that the text is JSON; then `format`
/// and `version`, so that another tool's file or a newer spanmark's is named
/// as such whatever its shape; then the shape of everything (the first value
/// of the wrong type, in file order) and then the rules, in file order.
pub fn import(text: &str) -> Result<Vec<Document>, ImportError> {
    let head = json::head(text).map_err(|e| ImportError::NotJson(e.to_string()))?;
    if head.kind != Kind::Object {
        return Err(ImportError::NotOurs(format!(
            "the file holds {}, not an object",
            head.kind.describe()
        )));
    }
    match &head.format {
        Some(Value::String(f)) if f == FORMAT => {}
        Some(other) => {
            return Err(ImportError::NotOurs(format!(
                "its \"format\" is {other}, not \"{FORMAT}\""
            )));
        }
        None => {
            return Err(ImportError::NotOurs(
                "it has no \"format\": \"spanmark\" field".into(),
            ))
        }
    }
    let Some(version) = head.version else {
        return Err(invalid("the file", "the field \"version\" is missing"));
    };
    match version.as_u64() {
        Some(VERSION) => {}
        Some(v) if v > VERSION => return Err(ImportError::Newer(v)),
        _ => {
            return Err(invalid(
                "the file",
                format!("\"version\" must be {VERSION}, not {version}"),
            ))
        }
    }
    let file: File = json::read(text).map_err(|e| shape_error(text, e))?;
    checked(file)
}

/// The documents of a file of the right shape, after every rule the types
/// do not state.
fn checked(file: File) -> Result<Vec<Document>, ImportError> {
    let File {
        exported_at,
        offset_unit,
        labels,
        documents,
        ..
    } = file;
    if !is_timestamp(&exported_at) {
        return Err(invalid(
            "the file",
            format!("\"exported_at\" is not an ISO 8601 date and time: \"{exported_at}\""),
        ));
    }
    if offset_unit != OFFSET_UNIT {
        return Err(invalid(
            "the file",
            format!("\"offset_unit\" must be \"{OFFSET_UNIT}\", not \"{offset_unit}\""),
        ));
    }

    if labels.is_empty() {
        return Err(invalid("the file", "\"labels\" is empty"));
    }
    let mut known: HashSet<&str> = HashSet::new();
    for (i, l) in labels.iter().enumerate() {
        let at = label_at(i);
        let id = &*l.id;
        if !is_label_id(id) {
            return Err(invalid(
                at,
                format!("the id \"{id}\" is not lowercase ASCII (a-z, 0-9, _ or -)"),
            ));
        }
        if l.name.is_empty() {
            return Err(invalid(at, "the name is empty"));
        }
        if !is_color(&l.color) {
            return Err(invalid(
                at,
                format!("the color \"{}\" is not of the form #rrggbb", l.color),
            ));
        }
        if !known.insert(id) {
            return Err(invalid(at, format!("the label id \"{id}\" appears twice")));
        }
    }

    let mut doc_ids: HashSet<String> = HashSet::new();
    let mut out = Vec::with_capacity(documents.len());
    for (i, d) in documents.into_iter().enumerate() {
        let Doc {
            id,
            title,
            text,
            meta,
            annotations,
        } = d;
        let at = doc_at(i, Some(&title));
        if id.is_empty() {
            return Err(invalid(at, "the id is empty"));
        }
        if !doc_ids.insert(id.to_string()) {
            return Err(invalid(
                at,
                format!("the document id \"{id}\" appears twice"),
            ));
        }
        let mut doc = Document::new(id.into_owned(), title.into_owned(), text.into_owned());
        doc.meta = meta.into_owned();
        let mut prev: Option<(usize, usize, &str)> = None;
        for (j, a) in annotations.iter().enumerate() {
            if a.id.is_empty() {
                return Err(invalid(ann_at(&at, j, None), "the id is empty"));
            }
            let at_a = ann_at(&at, j, Some(&a.id));
            let label_id = &*a.label;
            if !known.contains(label_id) {
                return Err(invalid(
                    at_a,
                    format!("the label \"{label_id}\" is not in the file's \"labels\""),
                ));
            }
            let Some(label) = Label::from_id(label_id) else {
                return Err(invalid(
                    at_a,
                    format!(
                        "the label \"{label_id}\" is not one of claim, figure, actor, location"
                    ),
                ));
            };
            let (start, end) = (a.start, a.end);
            let Some(span) = Span::new(start, end) else {
                return Err(invalid(
                    at_a,
                    format!("start {start} is not less than end {end}"),
                ));
            };
            if end > doc.text.len() {
                return Err(invalid(
                    at_a,
                    format!(
                        "end {end} is past the end of the text ({} code points)",
                        doc.text.len()
                    ),
                ));
            }
            let quote = &*a.text;
            let actual = doc.text.slice(span);
            if quote != actual {
                return Err(invalid(
                    at_a,
                    format!("its text \"{quote}\" does not match the document's text at {start}..{end}, which is \"{actual}\" (offsets must count code points)"),
                ));
            }
            let key = (start, end, label_id);
            if let Some(p) = prev {
                if key == p {
                    return Err(invalid(
                        at_a,
                        format!("a second {label_id} annotation on {start}..{end}"),
                    ));
                }
                if key < p {
                    return Err(invalid(
                        at_a,
                        "annotations are not sorted by (start, end, label)".to_string(),
                    ));
                }
            }
            prev = Some(key);
            doc.add(Annotation {
                id: a.id.to_string(),
                label,
                span,
                note: a.note.to_string(),
                created_at: a.created_at.as_deref().map(str::to_string),
            })
            .map_err(|e| invalid(at_a, e.to_string()))?;
        }
        out.push(doc);
    }
    Ok(out)
}

/// The native format as an export [`super::Format`]: `<name>.spanmark.json`.
pub struct Native;

impl super::Format for Native {
    fn id(&self) -> &'static str {
        "spanmark"
    }

    fn name(&self) -> &'static str {
        "spanmark JSON"
    }

    fn export(&self, docs: &[&Document], opts: &super::Options) -> super::Export {
        super::Export {
            files: vec![super::OutFile::text(
                format!("{}{FILE_SUFFIX}", opts.name),
                "application/json",
                export(docs, opts.exported_at),
            )],
            note: None,
        }
    }
}
