//! spaCy JSONL: one line per document,
//! `{"text": …, "entities": [[start, end, "label"], …], "spans": {"sc": […]}}`,
//! offsets in code points (Python `str` indices, what `Doc.char_span`
//! takes). The record's `entities` and `spans` are exactly the annotations
//! `spacy.training.Example.from_dict` accepts.
//!
//! `spans.sc` holds every span, for the SpanCategorizer (whose default key
//! is `sc`). `entities` holds the non-overlapping subset NER needs, picked by
//! [`keep_longest`] (longest first; `spacy.util.filter_spans` in code
//! points). README, "Export formats", turns the file into a `DocBin`.

use super::json::{push_str, triple};
use super::{keep_longest, plural, Export, Format, Options, OutFile};
use crate::model::{Annotation, Document};

pub struct Spacy;

/// The key of `Doc.spans` holding every span.
pub const SPANS_KEY: &str = "sc";

fn triples<'a>(out: &mut String, anns: impl IntoIterator<Item = &'a Annotation>) {
    out.push('[');
    for (i, a) in anns.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        triple(out, a.span.start(), a.span.end(), a.label.id());
    }
    out.push(']');
}

/// One JSONL line (with its `\n`) for `doc`, and how many spans are not
/// among its entities.
pub fn line(doc: &Document) -> (String, usize) {
    let all: Vec<&Annotation> = doc.annotations.iter().collect();
    let ents = keep_longest(&all);
    let mut out = String::with_capacity(doc.text.as_str().len() + 64 * doc.annotations.len() + 64);
    out.push_str("{\"text\":");
    push_str(&mut out, doc.text.as_str());
    out.push_str(",\"entities\":");
    triples(&mut out, ents.iter().copied());
    out.push_str(",\"spans\":{");
    push_str(&mut out, SPANS_KEY);
    out.push(':');
    triples(&mut out, all.iter().copied());
    out.push_str("}}\n");
    (out, doc.annotations.len() - ents.len())
}

impl Format for Spacy {
    fn id(&self) -> &'static str {
        "spacy"
    }

    fn name(&self) -> &'static str {
        "spaCy JSONL"
    }

    fn export(&self, docs: &[&Document], opts: &Options) -> Export {
        let mut content = String::new();
        let mut left = 0;
        for d in docs {
            let (l, n) = line(d);
            content.push_str(&l);
            left += n;
        }
        let total: usize = docs.iter().map(|d| d.annotations.len()).sum();
        let note = (left > 0).then(|| {
            format!(
                "{} of {} overlap a longer one, so they are in spans.{SPANS_KEY} but not in entities.",
                plural(left, "span", "spans"),
                total
            )
        });
        Export {
            files: vec![OutFile::text(
                format!("{}.spacy.jsonl", opts.name),
                "application/x-ndjson",
                content,
            )],
            note,
        }
    }
}
