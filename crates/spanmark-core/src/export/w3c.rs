//! W3C Web Annotation JSON-LD (<https://www.w3.org/TR/annotation-model/>):
//! an `AnnotationCollection` whose first page holds one `Annotation` per
//! span. The target is the document (`urn:spanmark:<document id>`) with two
//! selectors describing the same text: a `TextQuoteSelector` (`exact`, and
//! up to [`CONTEXT`] code points of `prefix` and `suffix`) and a
//! `TextPositionSelector` whose `start`/`end` count code points, as the
//! model requires. The label is a `tagging` body, a note a `commenting`
//! body.

use std::fmt::Write;

use super::json::{push_str, q};
use super::{Export, Format, Options, OutFile};
use crate::model::{Annotation, Document};

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

fn annotation(out: &mut String, doc: &Document, src: &str, a: &Annotation) {
    let (s, e) = (a.span.start(), a.span.end());
    let _ = write!(
        out,
        "{{\"id\":{},\"type\":\"Annotation\",",
        q(&format!("{src}:{}", pct(&a.id)))
    );
    if let Some(c) = &a.created_at {
        let _ = write!(out, "\"created\":{},", q(c));
    }
    let _ = write!(
        out,
        "\"body\":[{{\"type\":\"TextualBody\",\"purpose\":\"tagging\",\"value\":\"{}\"}}",
        a.label.id()
    );
    if !a.note.is_empty() {
        let _ = write!(
            out,
            ",{{\"type\":\"TextualBody\",\"purpose\":\"commenting\",\"format\":\"text/plain\",\"value\":{}}}",
            q(&a.note)
        );
    }
    let _ = write!(
        out,
        "],\"target\":{{\"source\":{},\"selector\":[{{\"type\":\"TextQuoteSelector\",\"exact\":{},\"prefix\":{},\"suffix\":{}}},{{\"type\":\"TextPositionSelector\",\"start\":{s},\"end\":{e}}}]}}}}",
        q(src),
        q(doc.quote(a)),
        q(doc.text.slice_range(s.saturating_sub(CONTEXT), s)),
        q(doc.text.slice_range(e, e + CONTEXT)),
    );
}

impl Format for W3c {
    fn id(&self) -> &'static str {
        "w3c"
    }

    fn name(&self) -> &'static str {
        "W3C Web Annotation JSON-LD"
    }

    fn export(&self, docs: &[&Document], opts: &Options) -> Export {
        let total: usize = docs.iter().map(|d| d.annotations.len()).sum();
        let mut out = String::new();
        out.push_str("{\"@context\":");
        push_str(&mut out, CONTEXT_IRI);
        let _ = write!(
            out,
            ",\"type\":\"AnnotationCollection\",\"label\":{},\"total\":{total},\"first\":{{\"type\":\"AnnotationPage\",\"startIndex\":0,\"items\":[",
            q(&format!("spanmark export: {}", opts.name))
        );
        let mut first = true;
        for d in docs {
            let src = source(d);
            for a in d.annotations.iter() {
                out.push_str(if first { "\n" } else { ",\n" });
                first = false;
                annotation(&mut out, d, &src, a);
            }
        }
        out.push_str("\n]}}\n");
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
