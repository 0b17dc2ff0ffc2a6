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

use super::json::{push_str, q};
use super::{Export, Format, Options, OutFile};
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

/// One task object for `doc`.
pub fn task(doc: &Document) -> String {
    let mut out = String::with_capacity(doc.text.as_str().len() + 160 * doc.annotations.len() + 64);
    out.push_str("{\"data\":{\"text\":");
    push_str(&mut out, doc.text.as_str());
    out.push_str(",\"title\":");
    push_str(&mut out, &doc.title);
    out.push_str(",\"doc_id\":");
    push_str(&mut out, &doc.id);
    out.push('}');
    if !doc.annotations.is_empty() {
        out.push_str(",\"annotations\":[{\"result\":[");
        for (i, a) in doc.annotations.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            let _ = write!(
                out,
                "\n{{\"id\":{},\"from_name\":\"{FROM_NAME}\",\"to_name\":\"{TO_NAME}\",\"type\":\"labels\",\"origin\":\"manual\",\"value\":{{\"start\":{},\"end\":{},\"text\":{},\"labels\":[\"{}\"]}}",
                q(&a.id),
                a.span.start(),
                a.span.end(),
                q(doc.quote(a)),
                a.label.id()
            );
            if !a.note.is_empty() {
                out.push_str(",\"meta\":{\"text\":[");
                push_str(&mut out, &a.note);
                out.push_str("]}");
            }
            out.push('}');
        }
        out.push_str("]}]");
    }
    out.push('}');
    out
}

impl Format for LabelStudio {
    fn id(&self) -> &'static str {
        "label-studio"
    }

    fn name(&self) -> &'static str {
        "Label Studio tasks JSON"
    }

    fn export(&self, docs: &[&Document], opts: &Options) -> Export {
        let mut content = String::from("[");
        for (i, d) in docs.iter().enumerate() {
            content.push_str(if i > 0 { ",\n" } else { "\n" });
            content.push_str(&task(d));
        }
        content.push_str("\n]\n");
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
