//! The native spanmark JSON format, version 1 (`shared/spec/export-format.md`).
//! Export writes it; import checks every rule of the spec and refuses a file
//! as a whole, naming the first problem.

use std::collections::HashSet;

use thiserror::Error;

use crate::json::{self, push_str, push_uint, Map, Value};
use crate::label::Label;
use crate::model::{Annotation, Document};
use crate::text::Span;

pub const FORMAT: &str = "spanmark";
pub const VERSION: u64 = 1;
pub const OFFSET_UNIT: &str = "codepoint";
/// Appended to the slug of the title to name downloads.
pub const FILE_SUFFIX: &str = ".spanmark.json";

/// Starts member `k` of an object whose members are indented by `pad`.
fn key(o: &mut String, pad: &str, k: &str, first: bool) {
    o.push_str(if first { "\n" } else { ",\n" });
    o.push_str(pad);
    push_str(o, k);
    o.push_str(": ");
}

fn str_member(o: &mut String, pad: &str, k: &str, v: &str, first: bool) {
    key(o, pad, k, first);
    push_str(o, v);
}

fn uint_member(o: &mut String, pad: &str, k: &str, v: usize) {
    key(o, pad, k, false);
    push_uint(o, v);
}

/// The export of `docs` (in library order) as JSON pretty-printed with two
/// spaces, members in the order of the spec.
pub fn export(docs: &[&Document], exported_at: &str) -> String {
    const P1: &str = "  ";
    const P3: &str = "      ";
    const P5: &str = "          ";
    let mut o = String::from("{");
    str_member(&mut o, P1, "format", FORMAT, true);
    uint_member(&mut o, P1, "version", VERSION as usize);
    str_member(&mut o, P1, "exported_at", exported_at, false);
    str_member(&mut o, P1, "offset_unit", OFFSET_UNIT, false);
    key(&mut o, P1, "labels", false);
    o.push('[');
    for (n, l) in Label::ALL.iter().enumerate() {
        o.push_str(if n > 0 { ",\n    {" } else { "\n    {" });
        str_member(&mut o, P3, "id", l.id(), true);
        str_member(&mut o, P3, "name", l.name(), false);
        str_member(&mut o, P3, "color", l.color(), false);
        let mut buf = [0; 4];
        str_member(
            &mut o,
            P3,
            "shortcut",
            l.shortcut().encode_utf8(&mut buf),
            false,
        );
        o.push_str("\n    }");
    }
    o.push_str("\n  ]");
    key(&mut o, P1, "documents", false);
    o.push('[');
    for (n, d) in docs.iter().enumerate() {
        o.push_str(if n > 0 { ",\n    {" } else { "\n    {" });
        str_member(&mut o, P3, "id", &d.id, true);
        str_member(&mut o, P3, "title", &d.title, false);
        str_member(&mut o, P3, "text", d.text.as_str(), false);
        key(&mut o, P3, "meta", false);
        o.push('{');
        for (m, (k, v)) in d.meta.iter().enumerate() {
            str_member(&mut o, "        ", k, v, m == 0);
        }
        o.push_str(if d.meta.is_empty() { "}" } else { "\n      }" });
        key(&mut o, P3, "annotations", false);
        o.push('[');
        for (m, a) in d.annotations.iter().enumerate() {
            o.push_str(if m > 0 { ",\n        {" } else { "\n        {" });
            str_member(&mut o, P5, "id", &a.id, true);
            str_member(&mut o, P5, "label", a.label.id(), false);
            uint_member(&mut o, P5, "start", a.span.start());
            uint_member(&mut o, P5, "end", a.span.end());
            str_member(&mut o, P5, "text", d.quote(a), false);
            str_member(&mut o, P5, "note", &a.note, false);
            if let Some(c) = &a.created_at {
                str_member(&mut o, P5, "created_at", c, false);
            }
            o.push_str("\n        }");
        }
        o.push_str(if d.annotations.is_empty() {
            "]"
        } else {
            "\n      ]"
        });
        o.push_str("\n    }");
    }
    o.push_str(if docs.is_empty() { "]" } else { "\n  ]" });
    o.push_str("\n}");
    o
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

fn describe(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn field<'v>(obj: &'v Map, at: &str, key: &str) -> Result<&'v Value, ImportError> {
    obj.get(key)
        .ok_or_else(|| invalid(at, format!("the field \"{key}\" is missing")))
}

fn string<'v>(obj: &'v Map, at: &str, key: &str) -> Result<&'v str, ImportError> {
    match field(obj, at, key)? {
        Value::String(s) => Ok(s),
        other => Err(invalid(
            at,
            format!("\"{key}\" must be a string, not {}", describe(other)),
        )),
    }
}

fn opt_string<'v>(obj: &'v Map, at: &str, key: &str) -> Result<Option<&'v str>, ImportError> {
    match obj.get(key) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(other) => Err(invalid(
            at,
            format!("\"{key}\" must be a string, not {}", describe(other)),
        )),
    }
}

fn offset(obj: &Map, at: &str, key: &str) -> Result<usize, ImportError> {
    let v = field(obj, at, key)?;
    v.as_u64()
        .and_then(|n| usize::try_from(n).ok())
        .ok_or_else(|| invalid(at, format!("\"{key}\" must be a whole number ≥ 0, not {v}")))
}

fn array<'v>(obj: &'v Map, at: &str, key: &str) -> Result<&'v Vec<Value>, ImportError> {
    match field(obj, at, key)? {
        Value::Array(a) => Ok(a),
        other => Err(invalid(
            at,
            format!("\"{key}\" must be an array, not {}", describe(other)),
        )),
    }
}

fn object<'v>(v: &'v Value, at: &str) -> Result<&'v Map, ImportError> {
    v.as_object()
        .ok_or_else(|| invalid(at, format!("expected an object, found {}", describe(v))))
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

/// Parses and checks a native export. On success the documents are in file
/// order with their ids, annotation ids, notes and timestamps kept, so that
/// exporting them again gives the same file apart from `exported_at`.
pub fn import(json: &str) -> Result<Vec<Document>, ImportError> {
    let root = json::parse(json).map_err(|e| ImportError::NotJson(e.to_string()))?;
    import_value(&root)
}

/// [`import`] of a file already read as JSON.
pub fn import_value(root: &Value) -> Result<Vec<Document>, ImportError> {
    let Value::Object(root) = root else {
        return Err(ImportError::NotOurs(format!(
            "the file holds {}, not an object",
            describe(root)
        )));
    };
    match root.get("format") {
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
    let version = field(root, "the file", "version")?;
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
    let exported_at = string(root, "the file", "exported_at")?;
    if !is_timestamp(exported_at) {
        return Err(invalid(
            "the file",
            format!("\"exported_at\" is not an ISO 8601 date and time: \"{exported_at}\""),
        ));
    }
    let unit = string(root, "the file", "offset_unit")?;
    if unit != OFFSET_UNIT {
        return Err(invalid(
            "the file",
            format!("\"offset_unit\" must be \"{OFFSET_UNIT}\", not \"{unit}\""),
        ));
    }

    let labels = array(root, "the file", "labels")?;
    if labels.is_empty() {
        return Err(invalid("the file", "\"labels\" is empty"));
    }
    let mut known: HashSet<&str> = HashSet::new();
    for (i, l) in labels.iter().enumerate() {
        let at = format!("label {}", i + 1);
        let l = object(l, &at)?;
        let id = string(l, &at, "id")?;
        if !is_label_id(id) {
            return Err(invalid(
                at,
                format!("the id \"{id}\" is not lowercase ASCII (a-z, 0-9, _ or -)"),
            ));
        }
        let name = string(l, &at, "name")?;
        if name.is_empty() {
            return Err(invalid(at, "the name is empty"));
        }
        let color = string(l, &at, "color")?;
        if !is_color(color) {
            return Err(invalid(
                at,
                format!("the color \"{color}\" is not of the form #rrggbb"),
            ));
        }
        opt_string(l, &at, "shortcut")?;
        if !known.insert(id) {
            return Err(invalid(at, format!("the label id \"{id}\" appears twice")));
        }
    }

    let docs = array(root, "the file", "documents")?;
    let mut doc_ids: HashSet<&str> = HashSet::new();
    let mut out = Vec::with_capacity(docs.len());
    for (i, d) in docs.iter().enumerate() {
        let at = format!("document {}", i + 1);
        let d = object(d, &at)?;
        let id = string(d, &at, "id")?;
        if id.is_empty() {
            return Err(invalid(at, "the id is empty"));
        }
        if !doc_ids.insert(id) {
            return Err(invalid(
                at,
                format!("the document id \"{id}\" appears twice"),
            ));
        }
        let title = string(d, &at, "title")?;
        let at = format!("document {} (\"{}\")", i + 1, title);
        let text = string(d, &at, "text")?;
        let mut doc = Document::new(id.to_string(), title.to_string(), text.to_string());
        match d.get("meta") {
            None => {}
            Some(Value::Object(m)) => {
                for (k, v) in m {
                    let Value::String(v) = v else {
                        return Err(invalid(
                            &at,
                            format!("meta \"{k}\" must be a string, not {}", describe(v)),
                        ));
                    };
                    doc.meta.insert(k.clone(), v.clone());
                }
            }
            Some(other) => {
                return Err(invalid(
                    at,
                    format!("\"meta\" must be an object, not {}", describe(other)),
                ));
            }
        }
        let anns = array(d, &at, "annotations")?;
        let mut prev: Option<(usize, usize, &str)> = None;
        for (j, a) in anns.iter().enumerate() {
            let at_a = format!("{at}, annotation {}", j + 1);
            let a = object(a, &at_a)?;
            let aid = string(a, &at_a, "id")?;
            if aid.is_empty() {
                return Err(invalid(at_a, "the id is empty"));
            }
            let at_a = format!("{at}, annotation {} (\"{aid}\")", j + 1);
            let label_id = string(a, &at_a, "label")?;
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
            let start = offset(a, &at_a, "start")?;
            let end = offset(a, &at_a, "end")?;
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
            let quote = string(a, &at_a, "text")?;
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
            let note = opt_string(a, &at_a, "note")?
                .unwrap_or_default()
                .to_string();
            let created_at = opt_string(a, &at_a, "created_at")?.map(str::to_string);
            doc.add(Annotation {
                id: aid.to_string(),
                label,
                span,
                note,
                created_at,
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
