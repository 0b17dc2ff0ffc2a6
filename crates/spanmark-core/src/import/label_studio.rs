//! Label Studio's JSON export of named-entity tasks: a list of tasks (or
//! one task), each `{"data": {"text": …}, "annotations": [{"result": [
//! {"type": "labels", "value": {"start", "end", "text", "labels": […]}}]}]}`.
//!
//! Offsets count code points, as Label Studio's `Text` tag does. Where a
//! region has `value.text`, it must be the document's text at the span, or
//! the file is refused. Of a task's annotations (one per annotator), the
//! first not cancelled is read; predictions are left out, and so are
//! regions of other kinds (choices, relations, text areas).
//!
//! spanmark's own Label Studio export round-trips: `data.title` and
//! `data.doc_id` are the title and id, region ids and `meta.text` notes are
//! kept.

use serde_json::Value;

use super::{describe, plural, Draft, Parsed, RawSpan};
use crate::model::Document;
use crate::text::{utf16, Span};

type Map = serde_json::Map<String, Value>;

pub fn parse(root: Value) -> Result<Parsed, String> {
    let tasks = match root {
        Value::Array(items) => items,
        other => vec![other],
    };
    if tasks.is_empty() {
        return Err("it holds no tasks".into());
    }
    let mut drafts = Vec::with_capacity(tasks.len());
    let mut skipped_annotations = 0;
    let mut skipped_regions = 0;
    for (i, t) in tasks.iter().enumerate() {
        let mut at = format!("task {}", i + 1);
        let Value::Object(t) = t else {
            return Err(format!("{at} is {}, not an object", describe(t)));
        };
        if let Some(id) = t.get("id").filter(|v| v.is_number() || v.is_string()) {
            at = format!(
                "{at} (id {})",
                id.as_str().map_or(id.to_string(), str::to_string)
            );
        }
        let (draft, sa, sr) = task(&at, t)?;
        skipped_annotations += sa;
        skipped_regions += sr;
        drafts.push(draft);
    }
    let mut notes = Vec::new();
    if skipped_annotations > 0 {
        notes.push(format!(
            "{} left out (of each task, the first annotation not cancelled is read)",
            plural(
                skipped_annotations,
                "further annotation",
                "further annotations"
            )
        ));
    }
    if skipped_regions > 0 {
        notes.push(format!(
            "{} that {} not span labels left out",
            plural(skipped_regions, "result", "results"),
            if skipped_regions == 1 { "is" } else { "are" }
        ));
    }
    Ok(Parsed {
        format: "Label Studio",
        drafts,
        notes,
    })
}

fn task(at: &str, t: &Map) -> Result<(Draft, usize, usize), String> {
    let data = match t.get("data") {
        Some(Value::Object(d)) => d,
        Some(other) => {
            return Err(format!(
                "{at}: \"data\" must be an object, not {}",
                describe(other)
            ))
        }
        None => return Err(format!("{at} has no \"data\"")),
    };
    let text = match data.get("text") {
        Some(Value::String(s)) => s.clone(),
        Some(other) => {
            return Err(format!(
                "{at}: \"data.text\" must be a string, not {}",
                describe(other)
            ))
        }
        None => {
            // A project may name its text field otherwise; take the only
            // string there is.
            let mut strings = data.values().filter_map(Value::as_str);
            match (strings.next(), strings.next()) {
                (Some(s), None) => s.to_string(),
                _ => {
                    return Err(format!(
                        "{at} has no \"data.text\" (its data has {})",
                        data.keys()
                            .map(|k| format!("\"{k}\""))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ))
                }
            }
        }
    };
    let title = data
        .get("title")
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string);
    let id = data
        .get("doc_id")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let mut doc = Document::new(id, String::new(), text);
    let anns: &[Value] = match t.get("annotations") {
        None | Some(Value::Null) => &[],
        Some(Value::Array(a)) => a,
        Some(other) => {
            return Err(format!(
                "{at}: \"annotations\" must be a list, not {}",
                describe(other)
            ))
        }
    };
    let cancelled = |a: &Value| a.get("was_cancelled").and_then(Value::as_bool) == Some(true);
    let chosen = anns.iter().position(|a| !cancelled(a));
    let skipped_annotations = anns
        .iter()
        .enumerate()
        .filter(|&(i, a)| Some(i) != chosen && !cancelled(a))
        .count();
    let mut spans = Vec::new();
    let mut skipped_regions = 0;
    if let Some(k) = chosen {
        let at_a = format!("{at}, annotation {}", k + 1);
        let result: &[Value] = match anns[k].get("result") {
            None | Some(Value::Null) => &[],
            Some(Value::Array(r)) => r,
            Some(other) => {
                return Err(format!(
                    "{at_a}: \"result\" must be a list, not {}",
                    describe(other)
                ))
            }
        };
        for (j, r) in result.iter().enumerate() {
            let at_r = format!("{at_a}, result {}", j + 1);
            let Value::Object(r) = r else {
                return Err(format!("{at_r} is {}, not an object", describe(r)));
            };
            let value = r.get("value").and_then(Value::as_object);
            let labels = value.and_then(|v| v.get("labels"));
            let is_labels = r.get("type").and_then(Value::as_str) == Some("labels");
            let (Some(value), true) = (value, is_labels || labels.is_some()) else {
                skipped_regions += 1;
                continue;
            };
            match region(&at_r, &doc, r, value)? {
                Some(mut s) => spans.append(&mut s),
                None => skipped_regions += 1,
            }
        }
    }
    let titled = title.is_some();
    doc.title = title.unwrap_or_else(|| super::text::guess_title(doc.text.as_str()));
    Ok((
        Draft { doc, spans, titled },
        skipped_annotations,
        skipped_regions,
    ))
}

/// The spans of one region (one per label), `None` for a region without
/// character offsets (a labelled paragraph or HTML range).
fn region(at: &str, doc: &Document, r: &Map, value: &Map) -> Result<Option<Vec<RawSpan>>, String> {
    let (Some(sv), Some(ev)) = (value.get("start"), value.get("end")) else {
        return Ok(None);
    };
    let (Some(s), Some(e)) = (sv.as_u64(), ev.as_u64()) else {
        if sv.is_string() || ev.is_string() {
            // HyperText regions: XPath ranges, not character offsets.
            return Ok(None);
        }
        return Err(format!(
            "{at}: \"start\" and \"end\" must be whole numbers ≥ 0, not {sv} and {ev}"
        ));
    };
    let (s, e) = (
        usize::try_from(s).unwrap_or(usize::MAX),
        usize::try_from(e).unwrap_or(usize::MAX),
    );
    let len = doc.text.len();
    let Some(span) = Span::new(s, e) else {
        return Err(format!("{at}: start {s} is not less than end {e}"));
    };
    if e > len {
        return Err(format!(
            "{at}: end {e} is past the end of the text ({len} code points)"
        ));
    }
    if let Some(q) = value.get("text").and_then(Value::as_str) {
        let actual = doc.text.slice(span);
        if q != actual {
            // Older Label Studio versions counted UTF-16 code units.
            let text = doc.text.as_str();
            let cps = utf16::to_cps(text, &[s, e]);
            let units = utf16::from_cps(text, &cps);
            let hint = if units == [s, e] && doc.text.slice_range(cps[0], cps[1]) == q {
                " (these offsets count UTF-16 code units; Label Studio's Text tag counts code points)"
            } else {
                ""
            };
            return Err(format!(
                "{at}: its text “{q}” does not match the document's text at {s}..{e}, which is “{actual}”{hint}"
            ));
        }
    }
    let labels: Vec<String> = match value.get("labels") {
        Some(Value::Array(ls)) => ls
            .iter()
            .map(|l| {
                l.as_str()
                    .map(str::to_string)
                    .ok_or_else(|| format!("{at}: labels must be strings, not {l}"))
            })
            .collect::<Result<_, _>>()?,
        Some(other) => {
            return Err(format!(
                "{at}: \"labels\" must be a list, not {}",
                describe(other)
            ))
        }
        None => return Ok(None),
    };
    let id = r.get("id").and_then(Value::as_str).map(str::to_string);
    let note = r
        .get("meta")
        .and_then(|m| m.get("text"))
        .and_then(|t| match t {
            Value::Array(a) => a.first().and_then(Value::as_str),
            other => other.as_str(),
        })
        .unwrap_or_default()
        .to_string();
    Ok(Some(
        labels
            .into_iter()
            .enumerate()
            .map(|(k, label)| RawSpan {
                span,
                label,
                // A region with several labels gives several annotations;
                // only the first keeps the region's id.
                id: id.clone().filter(|_| k == 0),
                note: note.clone(),
            })
            .collect(),
    ))
}
