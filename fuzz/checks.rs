//! The checks behind every fuzz target, one function per target, each taking
//! the raw input bytes. The fuzz targets (`fuzz/fuzz_targets/*.rs`) and the
//! regression corpus replay (`crates/spanmark-core/tests/fuzz_corpus.rs`, run by `cargo test`)
//! both include this file with `#[path]`, so a corpus file is checked in
//! `cargo test` exactly as the fuzzer checks it.
//!
//! Every check feeds the input to a reader (an importer or the storage
//! decoder), which must never panic; whatever it accepts must satisfy the
//! model's invariants (spans inside the text, quotes equal to the code point
//! slice, unique ids and keys) and survive export → import (and storage)
//! round trips unchanged.

#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use serde_json::Value;
use spanmark_core::export::{self, doccano as doccano_out, label_studio as ls_out, native, Unit};
use spanmark_core::import::doccano::{self, Offsets};
use spanmark_core::import::text::{self, Piece};
use spanmark_core::import::{self, label_studio, plan, resolve, Choice, Draft, LabelMap, Parsed};
use spanmark_core::label::Label;
use spanmark_core::model::{Annotation, Document};
use spanmark_core::storage::{self, DecodeError};
use spanmark_core::text::words::Lines;

/// A check: runs one input, panics on a bug.
pub type Check = fn(&[u8]);

/// Every target: its name (the fuzz target's and its corpus directory's)
/// and its check.
pub const TARGETS: &[(&str, Check)] = &[
    ("import_native", import_native),
    ("import_any", import_any),
    ("import_doccano", import_doccano),
    ("import_label_studio", import_label_studio),
    ("import_text", import_text),
    ("decode_storage", decode_storage),
    ("decode_library", decode_library),
    ("storage_keys", storage_keys),
];

/// Runs every check on one input.
pub fn all(data: &[u8]) {
    for (_, check) in TARGETS {
        check(data);
    }
}

const AT: &str = "2026-01-02T03:04:05Z";

/// Inputs are text for every reader but [`text::decode`]: the web layer
/// decodes files (refusing invalid UTF-8) and storage holds JS strings.
fn lossy(data: &[u8]) -> std::borrow::Cow<'_, str> {
    String::from_utf8_lossy(data)
}

// ---------------------------------------------------------------------------
// Invariants and round trips shared by the targets.

/// The model's invariants for one document.
pub fn check_doc(d: &Document) {
    let cs: Vec<char> = d.text.as_str().chars().collect();
    assert_eq!(d.text.len(), cs.len(), "text length in code points");
    let mut ids = HashSet::new();
    let mut prev = None;
    for a in d.annotations.iter() {
        let (s, e) = (a.span.start(), a.span.end());
        assert!(
            s < e && e <= cs.len(),
            "{a:?} outside a text of {}",
            cs.len()
        );
        let quote: String = cs[s..e].iter().collect();
        assert_eq!(d.quote(a), quote, "quote of {a:?} is the code point slice");
        assert!(ids.insert(a.id.as_str()), "id {} twice", a.id);
        let key = (a.span, a.label);
        assert!(
            prev < Some(key),
            "annotations sorted and unique by (span, label)"
        );
        prev = Some(key);
        assert_eq!(d.annotations.get(&a.id), Some(a));
        assert_eq!(d.annotations.find(a.span, a.label), Some(a));
    }
}

/// A reader's refusal is a message for the person, never empty.
fn check_message(e: &str) {
    assert!(!e.trim().is_empty(), "an empty error message");
}

/// Native export → import gives the same documents, and exporting those
/// again gives the same file. Ids must be non-empty and unique.
pub fn native_round_trip(docs: &[&Document]) {
    let first = native::export(docs, AT);
    let back = native::import(&first)
        .unwrap_or_else(|e| panic!("our own export is refused: {e}\n{first}"));
    assert_eq!(back.len(), docs.len());
    for (b, d) in back.iter().zip(docs) {
        assert_eq!(b, *d, "native round trip");
    }
    let refs: Vec<&Document> = back.iter().collect();
    assert_eq!(native::export(&refs, AT), first, "second export differs");
    // The dispatcher reads it as ours.
    let p = import::parse("x.spanmark.json", &first)
        .unwrap_or_else(|e| panic!("the dispatcher refuses our export: {e}"));
    assert_eq!(p.format, "spanmark");
    let got: Vec<&Document> = p.drafts.iter().map(|d| &d.doc).collect();
    assert_eq!(got, docs.to_vec());
}

/// Storage encode → decode gives the same document.
pub fn storage_round_trip(d: &Document) {
    let m: HashMap<String, String> = storage::encode_document(d).into_iter().collect();
    let back = storage::decode_document(&d.id, |k| m.get(k).cloned())
        .unwrap_or_else(|e| panic!("our own storage is unreadable: {e}"));
    assert_eq!(&back, d, "storage round trip");
}

/// doccano (both units) and Label Studio exports read back the same spans;
/// Label Studio keeps ids and notes too.
pub fn foreign_round_trips(d: &Document) {
    let keys: Vec<(usize, usize, String)> = d
        .annotations
        .iter()
        .map(|a| (a.span.start(), a.span.end(), a.label.id().to_string()))
        .collect();
    for (unit, off) in [
        (Unit::CodePoint, Offsets::CodePoints),
        (Unit::Utf16, Offsets::Utf16),
    ] {
        let line = doccano_out::line(d, unit);
        let p = doccano::parse_jsonl(&line, off)
            .unwrap_or_else(|e| panic!("our doccano export is refused: {e}\n{line}"));
        assert_eq!(p.drafts.len(), 1);
        assert_eq!(p.drafts[0].doc.text.as_str(), d.text.as_str());
        let got: Vec<(usize, usize, String)> = p.drafts[0]
            .spans
            .iter()
            .map(|s| (s.span.start(), s.span.end(), s.label.clone()))
            .collect();
        assert_eq!(got, keys, "doccano {unit:?} round trip");
    }
    let task = format!("[{}]", ls_out::task(d));
    let root: Value = serde_json::from_str(&task)
        .unwrap_or_else(|e| panic!("our Label Studio export is not JSON: {e}\n{task}"));
    let p = label_studio::parse(root)
        .unwrap_or_else(|e| panic!("our Label Studio export is refused: {e}\n{task}"));
    let draft = p.drafts.into_iter().next().expect("one task");
    assert_eq!(draft.doc.text.as_str(), d.text.as_str());
    assert_eq!(draft.doc.id, d.id);
    let inc = resolve(draft, &LabelMap::new(), &mut new_ids());
    assert_eq!(inc.dropped, 0);
    let want: Vec<Annotation> = d
        .annotations
        .iter()
        .map(|a| Annotation {
            created_at: None,
            ..a.clone()
        })
        .collect();
    let got: Vec<Annotation> = inc.doc.annotations.iter().cloned().collect();
    assert_eq!(got, want, "Label Studio round trip");
}

/// Every export format runs on the documents without panicking, and the
/// JSON ones write JSON.
pub fn export_everything(docs: &[&Document]) {
    let opts = export::Options {
        name: "fuzz",
        exported_at: AT,
        unix_time: 1_767_225_600,
        segmenter: &Lines,
    };
    for f in export::FORMATS {
        let out = f.export(docs, &opts);
        for file in &out.files {
            let s = file.as_str();
            if file.name.ends_with(".json") || file.name.ends_with(".jsonld") {
                if let Err(e) = serde_json::from_str::<Value>(s) {
                    panic!("{} writes invalid JSON in {}: {e}", f.id(), file.name);
                }
            } else if file.name.ends_with(".jsonl") {
                for line in s.lines() {
                    if let Err(e) = serde_json::from_str::<Value>(line) {
                        panic!(
                            "{} writes an invalid JSON line in {}: {e}",
                            f.id(),
                            file.name
                        );
                    }
                }
            }
        }
        let bundle = export::bundle(f, &opts, out.files);
        assert!(!bundle.name.is_empty());
    }
}

/// All of the above for documents that a reader accepted.
pub fn check_accepted(docs: &[&Document]) {
    for d in docs {
        check_doc(d);
        storage_round_trip(d);
        foreign_round_trips(d);
    }
    native_round_trip(docs);
    export_everything(docs);
}

fn new_ids() -> impl FnMut(&str) -> String {
    let mut n = 0;
    move |p: &str| {
        n += 1;
        format!("{p}-fuzz-{n}")
    }
}

/// What the app does with an accepted file: drafts' spans checked against
/// their texts, labels mapped (each foreign label to one of ours or
/// dropped), ids made unique by [`plan`]; then the documents are checked
/// and round-tripped.
pub fn check_parsed(p: &Parsed) {
    assert!(!p.format.is_empty());
    for n in &p.notes {
        check_message(n);
    }
    let foreign = import::foreign_labels(&p.drafts);
    let mut map = LabelMap::new();
    for (i, f) in foreign.iter().enumerate() {
        assert!(f.spans > 0);
        assert!(import::our_label(&f.label).is_none());
        // Every fourth foreign label is dropped.
        map.insert(f.label.clone(), (i % 4 != 3).then(|| Label::ALL[i % 4]));
    }
    let mut ids = new_ids();
    let mut incoming = Vec::with_capacity(p.drafts.len());
    for d in &p.drafts {
        check_draft(d);
        let want = resolved_keys(d, &map);
        let inc = resolve(d.clone(), &map, &mut ids);
        check_doc(&inc.doc);
        let got: BTreeSet<_> = inc
            .doc
            .annotations
            .iter()
            .map(|a| (a.span, a.label))
            .collect();
        assert_eq!(got, want.0, "resolve keeps exactly the mapped spans");
        assert_eq!(inc.dropped, want.1);
        assert_eq!(inc.doc.text, d.doc.text);
        incoming.push(inc);
    }
    let planned = plan(incoming, &[], Choice::KeepBoth, &HashSet::new(), &mut ids);
    assert!(planned.changed.is_empty());
    assert_eq!(planned.added.len(), p.drafts.len());
    let mut doc_ids = HashSet::new();
    for d in &planned.added {
        assert!(
            !d.id.is_empty() && doc_ids.insert(d.id.as_str()),
            "plan gives unique ids"
        );
    }
    let refs: Vec<&Document> = planned.added.iter().collect();
    check_accepted(&refs);
}

/// A draft's own document is valid, and its spans lie inside its text.
fn check_draft(d: &Draft) {
    check_doc(&d.doc);
    assert!(
        !d.doc.title.is_empty() || d.titled,
        "an untitled draft has a guessed title"
    );
    for s in &d.spans {
        assert!(s.span.end() <= d.doc.text.len(), "{s:?} outside the text");
    }
}

/// The keys `resolve` must give a draft under `map`, and how many spans it
/// must drop.
fn resolved_keys(
    d: &Draft,
    map: &LabelMap,
) -> (BTreeSet<(spanmark_core::text::Span, Label)>, usize) {
    let mut keys: BTreeSet<_> = d
        .doc
        .annotations
        .iter()
        .map(|a| (a.span, a.label))
        .collect();
    let mut dropped = 0;
    for s in &d.spans {
        match import::our_label(&s.label).or_else(|| map.get(&s.label).copied().flatten()) {
            Some(l) => {
                keys.insert((s.span, l));
            }
            None => dropped += 1,
        }
    }
    (keys, dropped)
}

// ---------------------------------------------------------------------------
// Importers.

/// The native reader: a `.spanmark.json` file.
pub fn import_native(data: &[u8]) {
    let s = lossy(data);
    match native::import(&s) {
        Ok(docs) => {
            let mut ids = HashSet::new();
            for d in &docs {
                assert!(!d.id.is_empty() && ids.insert(d.id.as_str()));
                assert!(d.annotations.iter().all(|a| !a.id.is_empty()));
            }
            let refs: Vec<&Document> = docs.iter().collect();
            check_accepted(&refs);
        }
        Err(e) => check_message(&e.to_string()),
    }
}

/// File names that steer the dispatcher to each kind of reader.
pub const NAMES: &[&str] = &[
    "file.json",
    "file.jsonl",
    "file.ndjson",
    "file.doccano.jsonl",
    "file.doccano-utf16.jsonl",
    "file.label-studio.json",
    "file.txt",
    "file.md",
    "file.html",
    "file",
];

/// The dispatcher, under every kind of file name. (Names that read the
/// same way give equal results, checked once.)
pub fn import_any(data: &[u8]) {
    let s = lossy(data);
    let mut seen: Vec<Parsed> = Vec::new();
    for name in NAMES {
        let _ = import::kind_of(name, &s);
        match import::parse(name, &s) {
            Ok(p) if !seen.contains(&p) => {
                check_parsed(&p);
                seen.push(p);
            }
            Ok(_) => {}
            Err(e) => check_message(&e),
        }
    }
}

/// doccano JSONL and JSON, both offset units.
pub fn import_doccano(data: &[u8]) {
    let s = lossy(data);
    let json = serde_json::from_str::<Value>(&s).ok();
    for unit in [Offsets::Utf16, Offsets::CodePoints] {
        match doccano::parse_jsonl(&s, unit) {
            Ok(p) => check_parsed(&p),
            Err(e) => check_message(&e),
        }
        if let Some(v) = &json {
            match doccano::parse_json(v.clone(), unit) {
                Ok(p) => check_parsed(&p),
                Err(e) => check_message(&e),
            }
        }
    }
}

/// Label Studio tasks.
pub fn import_label_studio(data: &[u8]) {
    let s = lossy(data);
    let Ok(v) = serde_json::from_str::<Value>(&s) else {
        return;
    };
    match label_studio::parse(v) {
        Ok(p) => check_parsed(&p),
        Err(e) => check_message(&e),
    }
}

/// Bytes to text, plain text drafts and titles, and an HTML page's visible
/// text assembled from pieces cut out of the input.
pub fn import_text(data: &[u8]) {
    match text::decode(data) {
        Ok(t) => {
            assert!(!t.contains('\0'), "decoded text holds NUL");
            match data {
                [0xff, 0xfe, rest @ ..] => {
                    let units: Vec<u16> = rest
                        .chunks_exact(2)
                        .map(|p| u16::from_le_bytes([p[0], p[1]]))
                        .collect();
                    assert!(t.encode_utf16().eq(units), "UTF-16 LE kept exactly");
                }
                [0xfe, 0xff, rest @ ..] => {
                    let units: Vec<u16> = rest
                        .chunks_exact(2)
                        .map(|p| u16::from_be_bytes([p[0], p[1]]))
                        .collect();
                    assert!(t.encode_utf16().eq(units), "UTF-16 BE kept exactly");
                }
                _ => {
                    let body = data.strip_prefix(b"\xef\xbb\xbf").unwrap_or(data);
                    assert_eq!(t.as_bytes(), body, "UTF-8 kept exactly, less a BOM");
                }
            }
            check_plain(&t);
        }
        Err(e) => {
            check_message(&e);
            // Valid UTF-8 without NUL (and no UTF-16 mark) is never refused.
            let utf16_mark = data.starts_with(&[0xff, 0xfe]) || data.starts_with(&[0xfe, 0xff]);
            if !utf16_mark {
                if let Ok(s) = std::str::from_utf8(data) {
                    assert!(s.contains('\0'), "valid UTF-8 refused: {e}");
                }
            }
        }
    }
    let s = lossy(data);
    check_plain(&s);
    check_html(&s);
}

fn check_title(title: &str, max: usize) {
    assert!(!title.is_empty(), "empty title");
    assert!(
        title.chars().count() <= max,
        "title longer than {max}: {title:?}"
    );
}

fn check_plain(t: &str) {
    let _ = import::kind_of("file", t);
    check_title(&text::guess_title(t), text::TITLE_MAX);
    for max in [1, 2, 7, text::TITLE_MAX] {
        let c = text::cut(t, max);
        assert!(c.chars().count() <= max, "cut({max}) gave {c:?}");
        if t.chars().count() <= max {
            assert_eq!(c, t);
        }
    }
    match text::plain(t.to_string(), None) {
        Ok(d) => {
            assert_eq!(d.doc.text.as_str(), t, "plain text kept exactly");
            assert!(!d.titled);
            check_title(&d.doc.title, text::TITLE_MAX);
            assert!(d.spans.is_empty() && d.doc.annotations.is_empty());
            check_draft(&d);
        }
        Err(e) => {
            check_message(&e);
            assert!(t.trim().is_empty(), "text refused: {e}");
        }
    }
}

fn is_html_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{c}')
}

/// Cuts the input into HTML pieces: `\u{1}` and `\u{2}` are breaks of one
/// and two lines, `\u{3}` toggles preformatted text, `\u{4}` starts a new
/// text node.
fn pieces_of(s: &str) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut pre = false;
    let mut cur = String::new();
    let flush = |cur: &mut String, pre: bool, out: &mut Vec<Piece>| {
        let t = std::mem::take(cur);
        out.push(if pre { Piece::Pre(t) } else { Piece::Text(t) });
    };
    for c in s.chars() {
        match c {
            '\u{1}' | '\u{2}' => {
                flush(&mut cur, pre, &mut out);
                out.push(Piece::Break(if c == '\u{1}' { 1 } else { 2 }));
            }
            '\u{3}' => {
                flush(&mut cur, pre, &mut out);
                pre = !pre;
            }
            '\u{4}' => flush(&mut cur, pre, &mut out),
            c => cur.push(c),
        }
    }
    flush(&mut cur, pre, &mut out);
    out
}

fn check_html(s: &str) {
    let pieces = pieces_of(s);
    let _ = text::shows(s);
    let out = text::assemble(&pieces);
    let has_pre = pieces
        .iter()
        .any(|p| matches!(p, Piece::Pre(t) if !t.is_empty()));
    if !has_pre {
        // Like innerText: the visible characters in order, whitespace
        // collapsed, nothing at either end, at most one blank line.
        let visible = |t: &str| -> String { t.chars().filter(|&c| !is_html_space(c)).collect() };
        let want: String = pieces
            .iter()
            .map(|p| match p {
                Piece::Text(t) => visible(t),
                _ => String::new(),
            })
            .collect();
        assert_eq!(visible(&out), want, "visible text kept in order");
        assert!(!out.starts_with(is_html_space) && !out.ends_with(is_html_space));
        for bad in ["  ", "\n\n\n", " \n", "\n ", "\t", "\r"] {
            assert!(!out.contains(bad), "{bad:?} in assembled text {out:?}");
        }
    }
    match text::html(&pieces, Some(s.to_string())) {
        Ok(d) => {
            assert_eq!(d.doc.text.as_str(), out);
            check_title(&d.doc.title, text::TITLE_MAX * 2);
            check_draft(&d);
        }
        Err(e) => {
            check_message(&e);
            assert!(out.trim().is_empty());
        }
    }
}

// ---------------------------------------------------------------------------
// Storage.

/// The document id the storage targets read.
pub const DOC_ID: &str = "doc:1%";
/// Separates the values in a `decode_storage` input.
pub const SEP: &str = "\n%%\n";
/// A value that stands for an absent key.
pub const MISSING: &str = "<missing>";

/// A store from a `decode_storage` input: values separated by [`SEP`], in
/// the order text, head, bucket 0, bucket 1, …; [`MISSING`] leaves a key out.
pub fn store_of(s: &str) -> BTreeMap<String, String> {
    let mut m = BTreeMap::new();
    for (i, v) in s.split(SEP).enumerate() {
        if v == MISSING {
            continue;
        }
        let key = match i {
            0 => storage::text_key(DOC_ID),
            1 => storage::doc_key(DOC_ID),
            k => storage::bucket_key(DOC_ID, k - 2),
        };
        m.insert(key, v.to_string());
    }
    m
}

/// The storage decoder, strict and salvaging, and single buckets.
pub fn decode_storage(data: &[u8]) {
    let s = lossy(data);
    let m = store_of(&s);
    let read = |k: &str| m.get(k).cloned();
    let strict = storage::decode_document(DOC_ID, read);
    let salvage = storage::decode_document_salvage(DOC_ID, "Fallback title", read);
    match (&strict, &salvage) {
        (Ok(d), Ok(sv)) => {
            assert!(
                sv.set_aside.is_empty(),
                "salvage set aside {:?}",
                sv.set_aside
            );
            assert_eq!(d, &sv.doc, "strict and salvaged documents differ");
        }
        (Ok(_), Err(e)) => panic!("salvage failed where strict decoding did not: {e}"),
        (Err(e), Ok(sv)) => {
            assert!(
                !matches!(e, DecodeError::Newer { .. }),
                "newer values salvaged"
            );
            assert!(
                !sv.set_aside.is_empty(),
                "strict failed ({e}) but nothing set aside"
            );
        }
        (Err(_), Err(_)) => {}
    }
    for e in [strict.as_ref().err(), salvage.as_ref().err()]
        .into_iter()
        .flatten()
    {
        check_message(&e.to_string());
        assert!(m.contains_key(e.key()) || matches!(e, DecodeError::Missing { .. }));
    }
    let mut text_len = 200_000;
    if let Ok(sv) = &salvage {
        for e in &sv.set_aside {
            assert!(!matches!(e, DecodeError::Newer { .. }));
            assert!(m.contains_key(e.key()) || matches!(e, DecodeError::Missing { .. }));
        }
        let d = &sv.doc;
        assert_eq!(d.id, DOC_ID);
        check_doc(d);
        // What was salvaged stores cleanly.
        storage_round_trip(d);
        text_len = d.text.len();
        export_everything(&[d]);
    }
    // Each bucket on its own.
    for (i, raw) in s.split(SEP).enumerate().skip(2) {
        let k = i - 2;
        let key = storage::bucket_key(DOC_ID, k);
        match storage::decode_bucket(&key, k, text_len, Some(raw)) {
            Ok(anns) => {
                for a in anns {
                    assert!(a.span.end() <= text_len);
                    assert_eq!(storage::bucket_of(a.span.start()), k);
                }
            }
            Err(e) => assert_eq!(e.key(), key),
        }
    }
}

/// The library value.
pub fn decode_library(data: &[u8]) {
    let s = lossy(data);
    match storage::decode_library(&s) {
        Ok(lib) => {
            assert!(lib.version <= storage::SCHEMA_VERSION);
            let enc = storage::encode_library(&lib);
            let back = storage::decode_library(&enc)
                .unwrap_or_else(|e| panic!("our own library is unreadable: {e}"));
            assert_eq!(back, lib, "library round trip");
            assert_eq!(storage::encode_library(&back), enc);
        }
        Err(e) => {
            check_message(&e.to_string());
            assert_eq!(e.key(), storage::LIBRARY_KEY);
        }
    }
}

/// Keys: the input as a key (parsed back consistently) and as a document
/// id (whose keys parse back to it and reach no other document's).
pub fn storage_keys(data: &[u8]) {
    let s = lossy(data);
    if let Some((id, k)) = storage::parse_bucket_key(&s) {
        assert_eq!(
            storage::parse_bucket_key(&storage::bucket_key(&id, k)),
            Some((id, k))
        );
    }
    if let Some(id) = storage::doc_id_of_text_key(&s) {
        assert_eq!(
            storage::doc_id_of_text_key(&storage::text_key(&id)),
            Some(id)
        );
    }
    let id: &str = &s;
    let k = s.len();
    let (tk, dk, bk) = (
        storage::text_key(id),
        storage::doc_key(id),
        storage::bucket_key(id, k),
    );
    for key in [&tk, &dk, &bk] {
        assert!(key.starts_with(storage::PREFIX));
        assert_ne!(key, storage::LIBRARY_KEY);
        let b = storage::backup_key(key, AT);
        assert!(b.starts_with("spanmark:backup:") && b.ends_with(&key["spanmark:".len()..]));
    }
    assert!(tk != dk && dk != bk && tk != bk);
    assert_eq!(storage::doc_id_of_text_key(&tk).as_deref(), Some(id));
    assert_eq!(storage::parse_bucket_key(&bk), Some((id.to_string(), k)));
    assert_eq!(storage::doc_id_of_text_key(&dk), None);
    assert_eq!(storage::doc_id_of_text_key(&bk), None);
    assert_eq!(storage::parse_bucket_key(&tk), None);
    assert_eq!(storage::parse_bucket_key(&dk), None);
    // A document's keys all start with its own prefix, which no other
    // id's keys start with.
    let own = format!("{dk}:");
    assert!(tk.starts_with(&own) && bk.starts_with(&own));
}
