//! Label Studio tasks JSON: a list of tasks, one per document, with the
//! text under `data.text` and the spans as one annotation's `result`:
//! `{"from_name": "label", "to_name": "text", "type": "labels",
//!   "value": {"start", "end", "text", "labels": [label id]}}`.
//! Offsets are code points, which Label Studio's `Text` tag counts (since
//! its front end stopped counting UTF-16 units in 2022). Import it into a
//! project whose labelling config is [`config`] (README, "Export formats").
//! A note goes to the region's `meta.text`; a document without annotations
//! is a task without `annotations`, left for labelling.

use std::fmt::Write;

use serde::Serialize;

use super::{Export, Format, Options, OutFile};
use crate::json::{to_string_lines, Lines};
use crate::label::Label;
use crate::model::Document;

pub struct LabelStudio;

/// The `name` of the `<Labels>` tag: results' `from_name`.
pub const FROM_NAME: &str = "label";
/// The `name` of the `<Text>` tag: results' `to_name`.
pub const TO_NAME: &str = "text";

/// The labelling config that reads the tasks.
pub fn config() -> String {
    let mut out = format!("<View>\n  <Labels name=\"{FROM_NAME}\" toName=\"{TO_NAME}\">\n");
    for l in Label::ALL {
        let _ = writeln!(
            out,
            "    <Label value=\"{}\" background=\"{}\"/>",
            l.id(),
            l.color()
        );
    }
    let _ = write!(
        out,
        "  </Labels>\n  <Text name=\"{TO_NAME}\" value=\"${TO_NAME}\"/>\n</View>\n"
    );
    out
}

#[derive(Serialize)]
struct Task<'a> {
    data: Data<'a>,
    /// Absent for a document without annotations: a task left for labelling.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    annotations: Vec<Completion<'a>>,
}

#[derive(Serialize)]
struct Data<'a> {
    text: &'a str,
    title: &'a str,
    doc_id: &'a str,
}

#[derive(Serialize)]
struct Completion<'a> {
    result: Vec<Region<'a>>,
}

#[derive(Serialize)]
struct Region<'a> {
    id: &'a str,
    from_name: &'static str,
    to_name: &'static str,
    #[serde(rename = "type")]
    kind: &'static str,
    origin: &'static str,
    value: Value<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    meta: Option<Meta<'a>>,
}

#[derive(Serialize)]
struct Value<'a> {
    start: usize,
    end: usize,
    text: &'a str,
    labels: [&'static str; 1],
}

/// Label Studio's region note: `meta.text`, a list of lines.
#[derive(Serialize)]
struct Meta<'a> {
    text: [&'a str; 1],
}

fn task_of(doc: &Document) -> Task<'_> {
    let result: Vec<Region> = doc
        .annotations
        .iter()
        .map(|a| Region {
            id: &a.id,
            from_name: FROM_NAME,
            to_name: TO_NAME,
            kind: "labels",
            origin: "manual",
            value: Value {
                start: a.span.start(),
                end: a.span.end(),
                text: doc.quote(a),
                labels: [a.label.id()],
            },
            meta: (!a.note.is_empty()).then_some(Meta { text: [&a.note] }),
        })
        .collect();
    Task {
        data: Data {
            text: doc.text.as_str(),
            title: &doc.title,
            doc_id: &doc.id,
        },
        annotations: if result.is_empty() {
            Vec::new()
        } else {
            vec![Completion { result }]
        },
    }
}

/// Each task of the list, and each region of a task's result, on a line of
/// its own (`[` task `{` annotations `[` completion `{` result `[`: depth 4).
const LINES: Lines = Lines {
    items_at: Some(4),
    items_and_close_at: Some(0),
};

/// One task object for `doc`, as it stands in the list.
pub fn task(doc: &Document) -> String {
    // The same layout as inside the list: one level less deep.
    let lines = Lines {
        items_at: Some(3),
        items_and_close_at: None,
    };
    to_string_lines(&task_of(doc), lines)
}

impl Format for LabelStudio {
    fn id(&self) -> &'static str {
        "label-studio"
    }

    fn name(&self) -> &'static str {
        "Label Studio tasks JSON"
    }

    fn export(&self, docs: &[&Document], opts: &Options) -> Export {
        let tasks: Vec<Task> = docs.iter().map(|d| task_of(d)).collect();
        let mut content = to_string_lines(&tasks, LINES);
        content.push('\n');
        Export {
            files: vec![OutFile::text(
                format!("{}.label-studio.json", opts.name),
                "application/json",
                content,
            )],
            note: None,
        }
    }
}
