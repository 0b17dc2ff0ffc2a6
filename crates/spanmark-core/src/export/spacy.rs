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

use std::collections::BTreeMap;

use serde::Serialize;

use super::{keep_longest, plural, Export, Format, Options, OutFile};
use crate::json::to_string;
use crate::model::{Annotation, Document};

pub struct Spacy;

/// The key of `Doc.spans` holding every span.
pub const SPANS_KEY: &str = "sc";

/// One record: `Example.from_dict`'s shape.
#[derive(Serialize)]
struct Record<'a> {
    text: &'a str,
    entities: Vec<Triple<'a>>,
    /// One key, [`SPANS_KEY`].
    spans: BTreeMap<&'static str, Vec<Triple<'a>>>,
}

/// `[start, end, "label"]`.
type Triple<'a> = (usize, usize, &'a str);

fn triples<'a>(anns: &[&'a Annotation]) -> Vec<Triple<'a>> {
    anns.iter()
        .map(|a| (a.span.start(), a.span.end(), a.label.id()))
        .collect()
}

/// One JSONL line (with its `\n`) for `doc`, and how many spans are not
/// among its entities.
pub fn line(doc: &Document) -> (String, usize) {
    let all: Vec<&Annotation> = doc.annotations.iter().collect();
    let ents = keep_longest(&all);
    let record = Record {
        text: doc.text.as_str(),
        entities: triples(&ents),
        spans: BTreeMap::from([(SPANS_KEY, triples(&all))]),
    };
    let mut out = to_string(&record);
    out.push('\n');
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
