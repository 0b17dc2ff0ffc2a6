//! W3C Web Annotation JSON-LD (<https://www.w3.org/TR/annotation-model/>):
//! an `AnnotationCollection` whose first page holds one `Annotation` per
//! span. The target is the document (`urn:spanmark:<document id>`) with two
//! selectors describing the same text: a `TextQuoteSelector` (`exact`, and
//! up to [`CONTEXT`] code points of `prefix` and `suffix`) and a
//! `TextPositionSelector` whose `start`/`end` count code points, as the
//! model requires. The label is a `tagging` body, a note a `commenting`
//! body.

use std::fmt::Write;

use serde::Serialize;

use super::{Export, Format, Options, OutFile};
use crate::json::{to_string_lines, Lines};
use crate::model::Document;

pub struct W3c;

pub const CONTEXT_IRI: &str = "http://www.w3.org/ns/anno.jsonld";
/// Code points of context in `prefix` and `suffix` (fewer at the text's ends).
pub const CONTEXT: usize = 32;

/// `s` percent-encoded for use inside an IRI: every byte outside the
/// unreserved set (`A-Z a-z 0-9 - . _ ~`) becomes `%XX`.
pub fn pct(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// The IRI standing for a document, the annotations' `target.source`.
pub fn source(doc: &Document) -> String {
    format!("urn:spanmark:{}", pct(&doc.id))
}

#[derive(Serialize)]
struct Collection<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "type")]
    kind: &'static str,
    label: String,
    total: usize,
    first: Page<'a>,
}

#[derive(Serialize)]
struct Page<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(rename = "startIndex")]
    start_index: usize,
    items: Vec<Annotation<'a>>,
}

#[derive(Serialize)]
struct Annotation<'a> {
    id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    created: Option<&'a str>,
    body: Vec<Body<'a>>,
    target: Target<'a>,
}

#[derive(Serialize)]
struct Body<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    purpose: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    format: Option<&'static str>,
    value: &'a str,
}

#[derive(Serialize)]
struct Target<'a> {
    source: &'a str,
    selector: (Quote<'a>, Position),
}

#[derive(Serialize)]
struct Quote<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    exact: &'a str,
    prefix: &'a str,
    suffix: &'a str,
}

#[derive(Serialize)]
struct Position {
    #[serde(rename = "type")]
    kind: &'static str,
    start: usize,
    end: usize,
}

fn annotation<'a>(
    doc: &'a Document,
    src: &'a str,
    a: &'a crate::model::Annotation,
) -> Annotation<'a> {
    let (s, e) = (a.span.start(), a.span.end());
    let mut body = vec![Body {
        kind: "TextualBody",
        purpose: "tagging",
        format: None,
        value: a.label.id(),
    }];
    if !a.note.is_empty() {
        body.push(Body {
            kind: "TextualBody",
            purpose: "commenting",
            format: Some("text/plain"),
            value: &a.note,
        });
    }
    Annotation {
        id: format!("{src}:{}", pct(&a.id)),
        kind: "Annotation",
        created: a.created_at.as_deref(),
        body,
        target: Target {
            source: src,
            selector: (
                Quote {
                    kind: "TextQuoteSelector",
                    exact: doc.quote(a),
                    prefix: doc.text.slice_range(s.saturating_sub(CONTEXT), s),
                    suffix: doc.text.slice_range(e, e + CONTEXT),
                },
                Position {
                    kind: "TextPositionSelector",
                    start: s,
                    end: e,
                },
            ),
        },
    }
}

/// Each annotation of the page on a line of its own, and the page's closing
/// `]` too (`{` first `{` items `[`: depth 2).
const LINES: Lines = Lines {
    items_at: None,
    items_and_close_at: Some(2),
};

impl Format for W3c {
    fn id(&self) -> &'static str {
        "w3c"
    }

    fn name(&self) -> &'static str {
        "W3C Web Annotation JSON-LD"
    }

    fn export(&self, docs: &[&Document], opts: &Options) -> Export {
        let sources: Vec<String> = docs.iter().map(|d| source(d)).collect();
        let items: Vec<Annotation> = docs
            .iter()
            .zip(&sources)
            .flat_map(|(d, src)| d.annotations.iter().map(move |a| annotation(d, src, a)))
            .collect();
        let collection = Collection {
            context: CONTEXT_IRI,
            kind: "AnnotationCollection",
            label: format!("spanmark export: {}", opts.name),
            total: items.len(),
            first: Page {
                kind: "AnnotationPage",
                start_index: 0,
                items,
            },
        };
        let mut out = to_string_lines(&collection, LINES);
        out.push('\n');
        Export {
            files: vec![OutFile::text(
                format!("{}.w3c.jsonld", opts.name),
                "application/ld+json",
                out,
            )],
            note: None,
        }
    }
}
