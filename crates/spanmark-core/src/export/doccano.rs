//! doccano JSONL for sequence labelling: one line per document,
//! `{"text": …, "label": [[start, end, "label"], …]}`, overlaps kept.
//!
//! The offset unit is the person's choice, two entries of the export menu
//! ([`Unit`]): code points for Python consumers (`<name>.doccano.jsonl`), or
//! UTF-16 code units for importing into doccano, whose browser front end
//! counts them (`<name>.doccano-utf16.jsonl`). The two differ after any
//! character outside the Basic Multilingual Plane, such as an emoji.

use serde::Serialize;

use super::{Export, Format, Options, OutFile, Unit};
use crate::json::to_string;
use crate::model::Document;
use crate::text::utf16;

/// doccano JSONL with offsets in the given unit.
pub struct Doccano(pub Unit);

/// One record: doccano's sequence-labelling shape.
#[derive(Serialize)]
struct Record<'a> {
    text: &'a str,
    label: Vec<(usize, usize, &'a str)>,
}

/// One JSONL line (with its `\n`) for `doc`, offsets in `unit`.
pub fn line(doc: &Document, unit: Unit) -> String {
    let text = doc.text.as_str();
    let anns: Vec<_> = doc.annotations.iter().collect();
    // Every offset converted in one pass over the text.
    let map: Option<(Vec<usize>, Vec<usize>)> = (unit == Unit::Utf16).then(|| {
        let mut cps: Vec<usize> = anns
            .iter()
            .flat_map(|a| [a.span.start(), a.span.end()])
            .collect();
        cps.sort_unstable();
        cps.dedup();
        let units = utf16::from_cps(text, &cps);
        (cps, units)
    });
    let conv = |cp: usize| match &map {
        Some((cps, units)) => cps.binary_search(&cp).map_or(cp, |i| units[i]),
        None => cp,
    };
    let record = Record {
        text,
        label: anns
            .iter()
            .map(|a| (conv(a.span.start()), conv(a.span.end()), a.label.id()))
            .collect(),
    };
    let mut out = to_string(&record);
    out.push('\n');
    out
}

impl Format for Doccano {
    fn id(&self) -> &'static str {
        match self.0 {
            Unit::CodePoint => "doccano",
            Unit::Utf16 => "doccano-utf16",
        }
    }

    fn name(&self) -> &'static str {
        match self.0 {
            Unit::CodePoint => "doccano JSONL, code points for Python",
            Unit::Utf16 => "doccano JSONL, UTF-16 for doccano import",
        }
    }

    fn export(&self, docs: &[&Document], opts: &Options) -> Export {
        let content: String = docs.iter().map(|d| line(d, self.0)).collect();
        Export {
            files: vec![OutFile::text(
                format!("{}.{}.jsonl", opts.name, self.id()),
                "application/x-ndjson",
                content,
            )],
            note: None,
        }
    }
}
