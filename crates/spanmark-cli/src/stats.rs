//! `spanmark stats`: documents, characters (code points), annotations per
//! label and overlapping annotations, of what an import stores.

use std::collections::BTreeMap;

use spanmark_core::label::Label;
use spanmark_core::model::Document;

/// The figures of one file, or of all of them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Figures {
    pub documents: usize,
    /// Code points.
    pub characters: usize,
    pub annotations: usize,
    /// Per label, indexed by `label as usize`.
    pub labels: [usize; 4],
    /// Annotations sharing a code point with another of the same document
    /// (any label; the same span under two labels counts for both).
    pub overlaps: usize,
    /// Spans of foreign labels that no mapping reaches, by label: left out
    /// of the counts above.
    pub unmapped: BTreeMap<String, usize>,
}

impl Figures {
    pub fn of(docs: &[Document]) -> Figures {
        let mut f = Figures {
            documents: docs.len(),
            ..Figures::default()
        };
        for d in docs {
            f.characters += d.text.len();
            f.annotations += d.annotations.len();
            for (l, n) in d.annotations.counts() {
                f.labels[l as usize] += n;
            }
            f.overlaps += overlapping(d);
        }
        f
    }

    pub fn add(&mut self, o: &Figures) {
        self.documents += o.documents;
        self.characters += o.characters;
        self.annotations += o.annotations;
        for (a, b) in self.labels.iter_mut().zip(o.labels) {
            *a += b;
        }
        self.overlaps += o.overlaps;
        for (k, v) in &o.unmapped {
            *self.unmapped.entry(k.clone()).or_default() += v;
        }
    }

    pub fn json(&self) -> serde_json::Value {
        let labels: serde_json::Map<String, serde_json::Value> = Label::ALL
            .iter()
            .map(|l| (l.id().to_string(), self.labels[*l as usize].into()))
            .collect();
        serde_json::json!({
            "documents": self.documents,
            "characters": self.characters,
            "annotations": self.annotations,
            "labels": labels,
            "overlaps": self.overlaps,
            "unmapped": self.unmapped,
        })
    }
}

/// How many annotations of `d` share a code point with another. In start
/// order, one overlaps an earlier one when it starts before the furthest
/// end so far, and a later one when the next starts before its end (later
/// ones start no earlier than the next).
pub fn overlapping(d: &Document) -> usize {
    let spans: Vec<_> = d.annotations.iter().map(|a| a.span).collect();
    let mut furthest = 0;
    let mut n = 0;
    for (i, s) in spans.iter().enumerate() {
        let before = i > 0 && furthest > s.start();
        let after = spans.get(i + 1).is_some_and(|t| t.start() < s.end());
        if before || after {
            n += 1;
        }
        furthest = furthest.max(s.end());
    }
    n
}
