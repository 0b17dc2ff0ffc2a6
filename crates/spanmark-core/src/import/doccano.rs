//! doccano's sequence labelling exports, one record per document:
//!
//! - `{"text": …, "label": [[start, end, "LABEL"], …]}` (doccano 1.x JSONL);
//! - the older `"labels"` key, and `"data"` for the text;
//! - the relation variant, `{"text": …, "entities": [{"start_offset", "end_offset",
//!   "label"}, …], "relations": […]}` (relations are left out: spanmark has none).
//!
//! doccano's browser front end counts offsets in UTF-16 code units, so an
//! emoji counts two. They are converted to code points with
//! [`crate::text::utf16`], and every converted span is checked: it
//! must measure exactly the same UTF-16 units again, so an offset between
//! the two halves of a surrogate pair (or past the text) refuses the file.
//! Where a span carries its quote (a fourth element of the triple, or an
//! entity's `"text"`), the quote must match the text at the span.
//!
//! spanmark's own doccano export can count code points instead; it names
//! such a file `<name>.doccano.jsonl` ([`offsets_for`]).

use serde_json::Value;

use super::{describe, where_of, Draft, Parsed, RawSpan};
use crate::model::Document;
use crate::text::{utf16, Span};

type Map = serde_json::Map<String, Value>;

/// The unit a file's offsets count.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Offsets {
    /// UTF-16 code units: doccano's.
    Utf16,
    /// Code points: spanmark's `.doccano.jsonl` export, Python's `str`.
    CodePoints,
}

/// The unit of a file by its name: code points for spanmark's own
/// code-point export (`….doccano.jsonl`, not `….doccano-utf16.jsonl`),
/// UTF-16 code units for everything else, as doccano writes them.
pub fn offsets_for(file_name: &str) -> Offsets {
    let n = file_name.to_ascii_lowercase();
    if n.contains(".doccano.") && !n.contains("doccano-utf16") {
        Offsets::CodePoints
    } else {
        Offsets::Utf16
    }
}

/// Reads JSONL: one record per non-blank line.
pub fn parse_jsonl(text: &str, unit: Offsets) -> Result<Parsed, String> {
    let mut records = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let at = format!("line {}", i + 1);
        let v: Value =
            serde_json::from_str(line).map_err(|e| format!("{at} is not valid JSON ({e})"))?;
        records.push((at, v));
    }
    parse_records(records, unit)
}

/// Reads the same records from a JSON array (or a single object).
pub fn parse_json(root: Value, unit: Offsets) -> Result<Parsed, String> {
    let records = match root {
        Value::Array(items) => items
            .into_iter()
            .enumerate()
            .map(|(i, v)| (format!("record {}", i + 1), v))
            .collect(),
        other => vec![("the record".to_string(), other)],
    };
    parse_records(records, unit)
}

fn parse_records(records: Vec<(String, Value)>, unit: Offsets) -> Result<Parsed, String> {
    if records.is_empty() {
        return Err("it holds no records".into());
    }
    let mut drafts = Vec::with_capacity(records.len());
    let mut relations = 0;
    for (at, v) in records {
        let Value::Object(rec) = v else {
            return Err(format!("{at} is {}, not an object", describe(&v)));
        };
        relations += rec
            .get("relations")
            .and_then(Value::as_array)
            .map_or(0, Vec::len);
        drafts.push(record(&at, &rec, unit)?);
    }
    let mut notes = Vec::new();
    if unit == Offsets::CodePoints {
        notes.push("offsets read as code points (spanmark's own .doccano.jsonl)".to_string());
    }
    if relations > 0 {
        notes.push(format!(
            "{relations} relation{} left out (spanmark has no relations)",
            if relations == 1 { "" } else { "s" }
        ));
    }
    Ok(Parsed {
        format: "doccano",
        drafts,
        notes,
    })
}

fn record(at: &str, rec: &Map, unit: Offsets) -> Result<Draft, String> {
    let text = match (rec.get("text"), rec.get("data")) {
        (Some(Value::String(t)), _) | (None, Some(Value::String(t))) => t.clone(),
        (Some(other), _) => {
            return Err(format!(
                "{at}: \"text\" must be a string, not {}",
                describe(other)
            ))
        }
        _ => return Err(format!("{at} has no \"text\"")),
    };
    let title = match rec.get("title") {
        Some(Value::String(t)) if !t.trim().is_empty() => Some(t.trim().to_string()),
        _ => None,
    };
    let mut raw: Vec<(String, u64, u64, String, Option<String>)> = Vec::new();
    for key in ["label", "labels"] {
        let Some(v) = rec.get(key) else { continue };
        let Value::Array(items) = v else {
            return Err(format!(
                "{at}: \"{key}\" must be a list of [start, end, label], not {}",
                describe(v)
            ));
        };
        for (j, item) in items.iter().enumerate() {
            let at_s = format!("{at}, span {} of \"{key}\"", j + 1);
            match item {
                Value::Array(t) => raw.push(triple(&at_s, t)?),
                Value::String(_) => {
                    return Err(format!(
                        "{at}: \"{key}\" holds categories of the whole text, not spans: this is a text classification export, and spanmark reads sequence labelling"
                    ))
                }
                other => {
                    return Err(format!(
                        "{at_s} is {}, not [start, end, label]",
                        describe(other)
                    ))
                }
            }
        }
    }
    if let Some(v) = rec.get("entities") {
        let Value::Array(items) = v else {
            return Err(format!(
                "{at}: \"entities\" must be a list, not {}",
                describe(v)
            ));
        };
        for (j, item) in items.iter().enumerate() {
            let at_s = format!("{at}, entity {}", j + 1);
            let Value::Object(e) = item else {
                return Err(format!("{at_s} is {}, not an object", describe(item)));
            };
            let num = |k: &str| {
                e.get(k)
                    .and_then(Value::as_u64)
                    .ok_or_else(|| format!("{at_s}: \"{k}\" must be a whole number ≥ 0"))
            };
            let label = match e.get("label") {
                Some(Value::String(l)) => l.clone(),
                _ => return Err(format!("{at_s}: \"label\" must be a string")),
            };
            let quote = e.get("text").and_then(Value::as_str).map(str::to_string);
            raw.push((
                at_s.clone(),
                num("start_offset")?,
                num("end_offset")?,
                label,
                quote,
            ));
        }
    }
    let units_len = utf16::len(&text);
    let doc = Document::new(String::new(), String::new(), text);
    let mut spans = Vec::with_capacity(raw.len());
    if !raw.is_empty() {
        // Every offset converted in one pass over the text.
        let mut offsets: Vec<usize> = raw
            .iter()
            .flat_map(|r| [r.1, r.2])
            .map(|n| usize::try_from(n).unwrap_or(usize::MAX))
            .collect();
        offsets.sort_unstable();
        offsets.dedup();
        let text = doc.text.as_str();
        let (cps, back) = match unit {
            Offsets::Utf16 => {
                let cps = utf16::to_cps(text, &offsets);
                let back = utf16::from_cps(text, &cps);
                (cps, back)
            }
            Offsets::CodePoints => (offsets.clone(), offsets.clone()),
        };
        let (len, unit_name) = match unit {
            Offsets::Utf16 => (units_len, "UTF-16 code units"),
            Offsets::CodePoints => (doc.text.len(), "code points"),
        };
        let conv = |n: usize| {
            offsets
                .binary_search(&n)
                .ok()
                .map(|i| (cps[i], back[i] == n))
        };
        for (at_s, s, e, label, quote) in raw {
            let (s, e) = (
                usize::try_from(s).unwrap_or(usize::MAX),
                usize::try_from(e).unwrap_or(usize::MAX),
            );
            if s >= e {
                return Err(format!("{at_s}: start {s} is not less than end {e}"));
            }
            if e > len {
                return Err(format!(
                    "{at_s}: end {e} is past the end of the text ({len} {unit_name})"
                ));
            }
            let (Some((cs, ok_s)), Some((ce, ok_e))) = (conv(s), conv(e)) else {
                return Err(format!("{at_s}: the offsets {s}..{e} could not be read"));
            };
            if !ok_s || !ok_e {
                let bad = if ok_s { e } else { s };
                return Err(format!(
                    "{at_s}: offset {bad} falls inside a character that takes two UTF-16 code units (such as an emoji), so the span cannot be where it was meant to be{}",
                    where_of(&doc, cs.min(ce))
                ));
            }
            let Some(span) = Span::new(cs, ce) else {
                return Err(format!("{at_s}: the span {s}..{e} is empty"));
            };
            let actual = doc.text.slice(span);
            if let Some(q) = quote {
                if q != actual {
                    return Err(format!(
                        "{at_s}: its text “{q}” does not match the document's text at {s}..{e}, which is “{actual}”"
                    ));
                }
            }
            spans.push(RawSpan {
                span,
                label,
                id: None,
                note: String::new(),
            });
        }
    }
    let mut doc = doc;
    let titled = title.is_some();
    doc.title = title.unwrap_or_else(|| super::text::guess_title(doc.text.as_str()));
    Ok(Draft { doc, spans, titled })
}

/// `[start, end, label]`, optionally followed by the quote.
fn triple(at: &str, t: &[Value]) -> Result<(String, u64, u64, String, Option<String>), String> {
    let shape = || format!("{at} must be [start, end, \"label\"]");
    let (Some(s), Some(e), Some(l)) = (
        t.first().and_then(Value::as_u64),
        t.get(1).and_then(Value::as_u64),
        t.get(2).and_then(Value::as_str),
    ) else {
        return Err(shape());
    };
    let quote = t.get(3).and_then(Value::as_str).map(str::to_string);
    Ok((at.to_string(), s, e, l.to_string(), quote))
}
