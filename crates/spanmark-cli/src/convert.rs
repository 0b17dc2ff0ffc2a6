//! Documents to export files, as the app makes them: drafts mapped to our
//! labels and given ids as an import into an empty library gives them
//! ([`import::resolve`], [`import::plan`]), then the format's export and
//! [`export::bundle`] with the name, time and segmenter of the app's export
//! menu (`src/ui/export_menu.rs`).

use std::collections::HashSet;

use spanmark_core::export::{self, bundle, slug, Format, Options, OutFile};
use spanmark_core::import::{self, Choice, Draft, LabelMap};
use spanmark_core::model::Document;
use spanmark_core::text::words::Segmenter;

use crate::ids::Counter;
use crate::time::Stamp;

/// The stem of an export of several documents: the app's whole-library
/// export (`LIBRARY_NAME` in `src/ui/export_menu.rs`).
pub const LIBRARY_NAME: &str = "spanmark-library";

/// The documents an import of `drafts` into an empty library stores, in
/// order, and how many spans a dropped label left out.
pub fn documents(drafts: Vec<Draft>, map: &LabelMap) -> (Vec<Document>, usize) {
    let doc_ids: Vec<String> = drafts
        .iter()
        .map(|d| d.doc.id.clone())
        .filter(|id| !id.is_empty())
        .collect();
    let mut dropped = 0;
    let incoming: Vec<_> = drafts
        .into_iter()
        .map(|d| {
            let used = d
                .spans
                .iter()
                .filter_map(|s| s.id.clone())
                .chain(d.doc.annotations.iter().map(|a| a.id.clone()));
            let mut ids = Counter::new(used.collect::<Vec<_>>());
            let inc = import::resolve(d, map, &mut |p| ids.make(p));
            dropped += inc.dropped;
            inc
        })
        .collect();
    let same = vec![None; incoming.len()];
    let mut ids = Counter::new(doc_ids);
    let plan = import::plan(
        incoming,
        &same,
        Choice::KeepBoth,
        &HashSet::new(),
        &mut |p| ids.make(p),
    );
    (plan.added, dropped)
}

/// The app's name for an export of `docs`: the title's slug for one
/// document, [`LIBRARY_NAME`] for several.
pub fn app_name(docs: &[Document]) -> String {
    match docs {
        [one] => slug(&one.title),
        _ => LIBRARY_NAME.to_string(),
    }
}

/// The one download the app offers for `docs` in `format`, and the note it
/// shows beside it (spans a format without overlaps left out).
pub fn export(
    format: &dyn Format,
    docs: &[Document],
    name: &str,
    stamp: &Stamp,
    segmenter: &dyn Segmenter,
) -> (OutFile, Option<String>) {
    let refs: Vec<&Document> = docs.iter().collect();
    let opts = Options {
        name,
        exported_at: &stamp.iso,
        unix_time: stamp.unix,
        segmenter,
    };
    let out = format.export(&refs, &opts);
    (bundle(format, &opts, out.files), out.note)
}

/// The format ids of every format, in the app's menu order.
pub fn format_ids() -> Vec<&'static str> {
    export::FORMATS.iter().map(|f| f.id()).collect()
}

/// An input's name without its extensions: `seed.spanmark.json` → `seed`,
/// `train.jsonl` → `train`. For `--names input`.
pub fn input_stem(name: &str) -> String {
    const EXT: &[&str] = &[
        "json", "jsonl", "ndjson", "txt", "text", "md", "markdown", "mdown", "mkd", "html", "htm",
        "xhtml", "jsonld", "tar",
    ];
    let mut stem = name;
    // A file extension, then a format id (`.doccano` of `x.doccano.jsonl`).
    let formats: Vec<&str> = export::FORMATS.iter().map(|f| f.id()).collect();
    for list in [EXT, &formats[..]] {
        if let Some((head, ext)) = stem.rsplit_once('.') {
            if !head.is_empty() && list.iter().any(|e| e.eq_ignore_ascii_case(ext)) {
                stem = head;
            }
        }
    }
    if stem.is_empty() || stem == "-" {
        "stdin".to_string()
    } else {
        stem.to_string()
    }
}
