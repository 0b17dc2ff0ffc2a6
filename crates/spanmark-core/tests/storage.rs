#![cfg(not(target_arch = "wasm32"))]
//! The local storage schema: keys, encoding, decoding and its refusals, and
//! the per-edit writes (annotation buckets) that keep storage in step with
//! the document.

use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};
use std::sync::OnceLock;

use proptest::prelude::*;
use serde_json::{json, Value};
use spanmark_core::editor::Editor;
use spanmark_core::label::Label;
use spanmark_core::model::{Annotation, Document};
use spanmark_core::ops::Edit;
use spanmark_core::storage::{
    bucket_count, bucket_key, bucket_of, decode_document, decode_library, doc_key, encode_changes,
    encode_document, encode_head, encode_library, text_key, DecodeError, Library, LibraryEntry,
    BUCKET_CP, LIBRARY_KEY, PREFIX, SCHEMA_VERSION,
};
use spanmark_core::text::Span;

const TEXT: &str =
    "A long document text 👍🏽 with CRLF\r\nand e\u{301} and 漢字, repeated. UNIQUE-MARKER-0451";

/// Code points in the long test document: seven buckets, the last partial.
const LONG: usize = 100_000;

fn sp(a: usize, b: usize) -> Span {
    Span::new(a, b).unwrap()
}

fn ann(id: &str, label: Label, a: usize, b: usize) -> Annotation {
    Annotation {
        id: id.to_string(),
        label,
        span: sp(a, b),
        note: String::new(),
        created_at: None,
    }
}

fn sample() -> Document {
    let mut d = Document::new("d-42".into(), "Title “quoted”".into(), TEXT.into());
    d.meta.insert("date".into(), "2025-12-07".into());
    d.meta.insert("source".into(), "Al Jazeera".into());
    let mut a = ann("a-1", Label::Claim, 0, 20);
    a.note = "a note with \"quotes\"".into();
    a.created_at = Some("2026-11-26T15:00:00Z".into());
    d.add(a).unwrap();
    d.add(ann("a-2", Label::Figure, 21, 23)).unwrap();
    d.add(ann("a-3", Label::Actor, 21, 23)).unwrap();
    d.add(ann("a-4", Label::Location, 0, TEXT.chars().count()))
        .unwrap();
    d
}

/// `n` code points of mixed width (1–4 UTF-8 bytes, 1–2 UTF-16 units), so
/// that code point offsets differ from byte and UTF-16 offsets everywhere.
/// Ends with a marker that appears nowhere else.
fn long_text(n: usize) -> String {
    const MARKER: &str = "LONG-MARKER-7781";
    let body = n - MARKER.chars().count();
    let mut s: String = "The 👍🏽 café e\u{301} 漢字 \"q\\\"\r\n"
        .chars()
        .cycle()
        .take(body)
        .collect();
    s.push_str(MARKER);
    assert_eq!(s.chars().count(), n);
    s
}

/// A 100,000-code-point document with annotations in buckets 0, 1, 3 and 6,
/// some on bucket boundaries.
fn long_doc() -> Document {
    let mut d = Document::new("d-long".into(), "Long".into(), long_text(LONG));
    d.meta.insert("date".into(), "2025-12-07".into());
    let b = BUCKET_CP;
    for (i, (l, s, e)) in [
        (Label::Claim, 0, 5),
        (Label::Actor, 100, 200),
        // Starts in bucket 0 and runs into bucket 1: stored in bucket 0.
        (Label::Figure, b - 1, b + 10),
        (Label::Claim, b, b + 1),
        (Label::Location, b + 500, b + 510),
        (Label::Location, 3 * b + 7, 5 * b),
        // The last code point of the text, in the partial last bucket.
        (Label::Figure, LONG - 1, LONG),
        (Label::Claim, 6 * b, LONG),
    ]
    .into_iter()
    .enumerate()
    {
        let mut a = ann(&format!("l-{i}"), l, s, e);
        if i % 2 == 0 {
            a.note = format!("note {i} “ü”");
            a.created_at = Some("2026-01-01T00:00:00Z".into());
        }
        d.add(a).unwrap();
    }
    d
}

fn snapshot(d: &Document) -> Vec<Annotation> {
    d.annotations.iter().cloned().collect()
}

type Store = HashMap<String, String>;

fn store_of(d: &Document) -> Store {
    let mut m = Store::new();
    for (k, v) in encode_document(d) {
        assert!(m.insert(k.clone(), v).is_none(), "{k} written twice");
    }
    m
}

fn load(id: &str, m: &Store) -> Result<Document, DecodeError> {
    decode_document(id, |k| m.get(k).cloned())
}

fn apply(m: &mut Store, changes: Vec<(String, Option<String>)>) {
    for (k, v) in changes {
        match v {
            Some(v) => m.insert(k, v),
            None => m.remove(&k),
        };
    }
}

fn bump(raw: &str, to: u64) -> String {
    let mut v: Value = serde_json::from_str(raw).unwrap();
    v["version"] = json!(to);
    v.to_string()
}

/// The `s` (start) of every annotation stored in a bucket value.
fn starts_in(raw: &str) -> Vec<usize> {
    let v: Value = serde_json::from_str(raw).unwrap();
    v["annotations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["s"].as_u64().unwrap() as usize)
        .collect()
}

#[test]
fn keys_are_namespaced() {
    assert_eq!(PREFIX, "spanmark:");
    assert_eq!(LIBRARY_KEY, "spanmark:library");
    assert_eq!(text_key("d-1"), "spanmark:doc:d-1:text");
    assert_eq!(doc_key("d-1"), "spanmark:doc:d-1");
    assert_eq!(bucket_key("d-1", 0), "spanmark:doc:d-1:anns:0");
    assert_eq!(bucket_key("d-1", 12), "spanmark:doc:d-1:anns:12");
    let mut all = BTreeSet::new();
    for k in [
        LIBRARY_KEY.to_string(),
        text_key("x"),
        doc_key("x"),
        bucket_key("x", 0),
        bucket_key("x", 1),
        bucket_key("x", 10),
        text_key("y"),
        doc_key("y"),
        bucket_key("y", 0),
    ] {
        assert!(k.starts_with(PREFIX), "{k}");
        assert!(all.insert(k.clone()), "{k} is not unique");
    }
    // Everything a document writes, and every change, is namespaced and
    // belongs to that document.
    let d = long_doc();
    let own = format!("{PREFIX}doc:{}", d.id);
    let spans: Vec<Span> = d.annotations.iter().map(|a| a.span).collect();
    let keys = encode_document(&d)
        .into_iter()
        .map(|(k, _)| k)
        .chain(encode_changes(&d, &spans).into_iter().map(|(k, _)| k));
    for k in keys {
        assert!(k.starts_with(&own), "{k}");
    }
}

#[test]
fn buckets_are_fixed_ranges_of_code_points() {
    // Part of the stored layout: a different size would make every stored
    // annotation beyond the first bucket sit in the wrong bucket.
    assert_eq!(BUCKET_CP, 16_384);
    assert_eq!(bucket_of(0), 0);
    assert_eq!(bucket_of(BUCKET_CP - 1), 0);
    assert_eq!(bucket_of(BUCKET_CP), 1);
    assert_eq!(bucket_of(20_000), 1);
    assert_eq!(bucket_of(2 * BUCKET_CP - 1), 1);
    assert_eq!(bucket_of(2 * BUCKET_CP), 2);
    assert_eq!(bucket_of(LONG - 1), 6);
    // At least one bucket; a text of exactly k buckets has k.
    assert_eq!(bucket_count(0), 1);
    assert_eq!(bucket_count(1), 1);
    assert_eq!(bucket_count(BUCKET_CP), 1);
    assert_eq!(bucket_count(BUCKET_CP + 1), 2);
    assert_eq!(bucket_count(3 * BUCKET_CP), 3);
    assert_eq!(bucket_count(LONG), 7);
    // Every code point of a text lies in one of its buckets.
    for n in [1, 2, BUCKET_CP - 1, BUCKET_CP, BUCKET_CP + 1, LONG] {
        assert_eq!(bucket_of(n - 1), bucket_count(n) - 1, "n = {n}");
    }
}

#[test]
fn library_round_trip() {
    let empty = Library::default();
    assert_eq!(empty, Library::new());
    assert_eq!(empty.version, SCHEMA_VERSION);
    assert_eq!(decode_library(&encode_library(&empty)).unwrap(), empty);

    let lib = Library {
        version: SCHEMA_VERSION,
        current: Some("d-2".into()),
        documents: vec![
            LibraryEntry {
                id: "d-1".into(),
                title: "First".into(),
            },
            LibraryEntry {
                id: "d-2".into(),
                title: "Zweite “Überschrift” 👍🏽".into(),
            },
        ],
        info: Default::default(),
    };
    let raw = encode_library(&lib);
    let v: Value = serde_json::from_str(&raw).unwrap();
    assert_eq!(v["version"], SCHEMA_VERSION);
    assert_eq!(decode_library(&raw).unwrap(), lib);
}

#[test]
fn document_round_trip() {
    let d = sample();
    let m = store_of(&d);
    let keys: BTreeSet<&str> = m.keys().map(String::as_str).collect();
    let (tk, dk, bk) = (text_key("d-42"), doc_key("d-42"), bucket_key("d-42", 0));
    assert_eq!(keys, BTreeSet::from([&*tk, &*dk, &*bk]));
    let back = load(&d.id, &m).unwrap();
    assert_eq!(back, d);
    assert_eq!(snapshot(&back), snapshot(&d));
    assert_eq!(back.meta, d.meta);
    assert_eq!(back.title, d.title);
    assert_eq!(back.text.as_str(), TEXT);
    // Every value carries the version.
    for raw in m.values() {
        let v: Value = serde_json::from_str(raw).unwrap();
        assert_eq!(v["version"], SCHEMA_VERSION);
    }
    // The head is the title and nothing else.
    let head: Value = serde_json::from_str(&m[&dk]).unwrap();
    assert_eq!(head, json!({"version": SCHEMA_VERSION, "title": d.title}));
    assert_eq!(m[&dk], encode_head(&d));
    // A document without annotations or meta has no bucket key at all.
    let e = Document::new("e".into(), "".into(), "x".into());
    let m = store_of(&e);
    assert_eq!(m.len(), 2);
    assert!(!m.contains_key(&bucket_key("e", 0)));
    assert_eq!(load("e", &m).unwrap(), e);
    // Nor does an empty text.
    let z = Document::new("z".into(), "t".into(), "".into());
    let m = store_of(&z);
    assert_eq!(m.len(), 2);
    assert_eq!(load("z", &m).unwrap(), z);
}

#[test]
fn long_document_round_trip() {
    let d = long_doc();
    let m = store_of(&d);
    let keys: BTreeSet<String> = m.keys().cloned().collect();
    let mut want = BTreeSet::from([text_key(&d.id), doc_key(&d.id)]);
    want.extend([0, 1, 3, 6].map(|k| bucket_key(&d.id, k)));
    assert_eq!(keys, want, "only the non-empty buckets have keys");
    // Each bucket holds exactly the annotations starting in its range.
    for k in [0, 1, 3, 6] {
        let starts = starts_in(&m[&bucket_key(&d.id, k)]);
        let want: Vec<usize> = d
            .annotations
            .iter()
            .map(|a| a.span.start())
            .filter(|s| bucket_of(*s) == k)
            .collect();
        assert!(!starts.is_empty());
        assert_eq!(starts, want, "bucket {k}");
    }
    assert_eq!(
        starts_in(&m[&bucket_key(&d.id, 0)]),
        [0, 100, BUCKET_CP - 1]
    );
    let back = load(&d.id, &m).unwrap();
    assert_eq!(back, d);
    assert_eq!(snapshot(&back), snapshot(&d));
    assert_eq!(back.meta, d.meta);

    // A text of exactly two buckets, annotated at its last code point.
    let n = 2 * BUCKET_CP;
    let mut e = Document::new("e".into(), "t".into(), long_text(n));
    e.add(ann("last", Label::Claim, n - 1, n)).unwrap();
    e.add(ann("first", Label::Claim, 0, n)).unwrap();
    let m = store_of(&e);
    assert_eq!(m.len(), 4);
    assert_eq!(starts_in(&m[&bucket_key("e", 1)]), [n - 1]);
    assert_eq!(load("e", &m).unwrap(), e);
}

#[test]
fn decode_reads_only_the_documents_keys() {
    let d = long_doc();
    let m = store_of(&d);
    let read = RefCell::new(Vec::new());
    let back = decode_document(&d.id, |k| {
        read.borrow_mut().push(k.to_string());
        m.get(k).cloned()
    })
    .unwrap();
    assert_eq!(back, d);
    let mut want = vec![text_key(&d.id), doc_key(&d.id)];
    want.extend((0..bucket_count(LONG)).map(|k| bucket_key(&d.id, k)));
    assert_eq!(read.into_inner(), want);
}

#[test]
fn the_text_is_not_in_the_per_edit_values() {
    let d = sample();
    let m = store_of(&d);
    for (k, v) in &m {
        if *k == text_key(&d.id) {
            assert!(v.contains("UNIQUE-MARKER-0451"));
            assert!(!v.contains("a-1"), "annotations are not in the text value");
            assert!(!v.contains(&d.title), "nor the title");
        } else {
            assert!(!v.contains("UNIQUE-MARKER-0451"), "{k}: {v}");
            assert!(!v.contains("CRLF"), "{k}: {v}");
            // Nor the quotes of annotations.
            assert!(!v.contains("A long document"), "{k}: {v}");
        }
    }
    let head = &m[&doc_key(&d.id)];
    for id in ["a-1", "a-2", "a-3", "a-4"] {
        assert!(!head.contains(id), "annotations live in buckets: {head}");
    }

    let d = long_doc();
    let m = store_of(&d);
    for (k, v) in &m {
        if *k != text_key(&d.id) {
            assert!(!v.contains("LONG-MARKER-7781"), "{k}");
            assert!(!v.contains("café"), "{k}");
            assert!(v.len() < 2_000, "{k}: {} bytes", v.len());
        }
    }
    assert!(m[&text_key(&d.id)].contains("LONG-MARKER-7781"));
    // What an edit writes holds no text either.
    let spans: Vec<Span> = d.annotations.iter().map(|a| a.span).collect();
    for (k, v) in encode_changes(&d, &spans) {
        let v = v.unwrap();
        assert!(
            !v.contains("LONG-MARKER-7781") && !v.contains("café"),
            "{k}"
        );
    }

    // The buckets stay small: 1000 annotations spread over a long text, and
    // one edit rewrites a small part of them.
    let mut big = Document::new("b".into(), "t".into(), "word ".repeat(20_000));
    for i in 0..1000 {
        big.add(ann(&format!("a{i}"), Label::Claim, i * 100, i * 100 + 4))
            .unwrap();
    }
    let m = store_of(&big);
    let total: usize = m
        .iter()
        .filter(|(k, _)| **k != text_key("b"))
        .map(|(_, v)| v.len())
        .sum();
    assert!(total < 60_000, "{total} bytes for 1000 annotations");
    let one = encode_changes(&big, &[sp(50_000, 50_004)]);
    assert_eq!(one.len(), 1);
    let written = one[0].1.as_ref().unwrap().len();
    assert!(written < total / 4, "{written} of {total} bytes per edit");
}

#[test]
fn newer_versions_are_reported_as_newer() {
    let d = long_doc();
    let m = store_of(&d);
    let id = d.id.as_str();
    for (key, to) in [
        (text_key(id), 2),
        (doc_key(id), 7),
        (bucket_key(id, 0), 2),
        (bucket_key(id, 3), 2),
        (bucket_key(id, 6), u64::MAX),
    ] {
        let mut bad = m.clone();
        bad.insert(key.clone(), bump(&m[&key], to));
        let e = load(id, &bad).unwrap_err();
        assert_eq!(
            e,
            DecodeError::Newer {
                key: key.clone(),
                version: to
            }
        );
        assert!(e.to_string().contains("newer"), "{e}");
        assert!(e.to_string().contains(&key), "{e}");
    }
    let lib = encode_library(&Library::new());
    let e = decode_library(&bump(&lib, 2)).unwrap_err();
    assert_eq!(
        e,
        DecodeError::Newer {
            key: LIBRARY_KEY.into(),
            version: 2
        }
    );
    assert!(e.to_string().contains("newer"));
    // A newer layout that this version cannot even parse is still "newer".
    let alien = r#"{"version": 3, "docs": {"a": [1, 2, 3]}}"#;
    assert!(matches!(
        decode_library(alien),
        Err(DecodeError::Newer { version: 3, .. })
    ));
    for key in [text_key(id), doc_key(id), bucket_key(id, 1)] {
        let mut bad = m.clone();
        bad.insert(key.clone(), alien.into());
        assert_eq!(
            load(id, &bad),
            Err(DecodeError::Newer {
                key: key.clone(),
                version: 3
            })
        );
    }
    // A newer bucket where this version has none still counts.
    let mut bad = m.clone();
    bad.insert(bucket_key(id, 2), alien.into());
    assert_eq!(
        load(id, &bad),
        Err(DecodeError::Newer {
            key: bucket_key(id, 2),
            version: 3
        })
    );
}

#[test]
fn missing_text_or_head_is_missing() {
    let d = long_doc();
    let m = store_of(&d);
    let id = d.id.as_str();
    for key in [text_key(id), doc_key(id)] {
        let mut gone = m.clone();
        gone.remove(&key);
        let e = load(id, &gone).unwrap_err();
        assert_eq!(e, DecodeError::Missing { key: key.clone() });
        assert!(e.to_string().contains("missing"), "{e}");
        assert!(e.to_string().contains(&key), "{e}");
    }
    // Nothing stored at all, or only under another id.
    assert_eq!(
        load(id, &Store::new()),
        Err(DecodeError::Missing { key: text_key(id) })
    );
    assert_eq!(
        load("d-other", &m),
        Err(DecodeError::Missing {
            key: text_key("d-other")
        })
    );
    // A missing bucket is an empty one, not an error.
    let mut gone = m.clone();
    gone.remove(&bucket_key(id, 3));
    let back = load(id, &gone).unwrap();
    let mut want = d.clone();
    want.annotations.remove("l-5");
    assert_eq!(back, want);
}

fn is_corrupt(r: Result<impl std::fmt::Debug, DecodeError>, key: &str) -> String {
    match r {
        Err(DecodeError::Corrupt { key: k, reason }) => {
            assert_eq!(k, key);
            assert!(!reason.is_empty());
            reason
        }
        other => panic!("expected Corrupt for {key}, got {other:?}"),
    }
}

#[test]
fn garbage_and_truncated_values_are_corrupt() {
    const GARBAGE: [&str; 8] = [
        "",
        "garbage",
        "{",
        "[]",
        "null",
        "{\"version\": \"1\"}",
        "{}",
        "{\"version\": -1}",
    ];
    for raw in GARBAGE {
        is_corrupt(decode_library(raw), LIBRARY_KEY);
    }
    let lib = encode_library(&Library {
        version: 1,
        current: None,
        documents: vec![LibraryEntry {
            id: "a".into(),
            title: "b".into(),
        }],
        info: Default::default(),
    });
    for cut in 0..lib.len() {
        is_corrupt(decode_library(&lib[..cut]), LIBRARY_KEY);
    }

    let d = sample();
    let m = store_of(&d);
    let id = d.id.as_str();
    for key in [text_key(id), doc_key(id), bucket_key(id, 0)] {
        let raw = &m[&key];
        for cut in (0..raw.len()).filter(|&c| raw.is_char_boundary(c)) {
            let mut bad = m.clone();
            bad.insert(key.clone(), raw[..cut].to_string());
            is_corrupt(load(id, &bad), &key);
        }
        for g in GARBAGE {
            let mut bad = m.clone();
            bad.insert(key.clone(), g.to_string());
            is_corrupt(load(id, &bad), &key);
        }
    }
    // Truncated buckets of a long document, one at a time.
    let d = long_doc();
    let m = store_of(&d);
    for k in [1, 6] {
        let key = bucket_key(&d.id, k);
        let raw = &m[&key];
        for cut in (0..raw.len()).filter(|&c| raw.is_char_boundary(c)) {
            let mut bad = m.clone();
            bad.insert(key.clone(), raw[..cut].to_string());
            is_corrupt(load(&d.id, &bad), &key);
        }
    }

    // Right version, wrong shape.
    let wrong = |key: String, raw: &str| {
        let mut bad = store_of(&sample());
        bad.insert(key.clone(), raw.to_string());
        is_corrupt(load("d-42", &bad), &key);
    };
    wrong(text_key(id), r#"{"version":1}"#);
    wrong(text_key(id), r#"{"version":1,"text":5}"#);
    wrong(text_key(id), r#"{"version":1,"text":"x","meta":{"a":1}}"#);
    wrong(doc_key(id), r#"{"version":1}"#);
    wrong(doc_key(id), r#"{"version":1,"title":null}"#);
    wrong(bucket_key(id, 0), r#"{"version":1}"#);
    wrong(bucket_key(id, 0), r#"{"version":1,"annotations":{}}"#);
    wrong(bucket_key(id, 0), r#"{"version":1,"annotations":[1]}"#);
    // Unknown label.
    let b0 = &store_of(&sample())[&bucket_key(id, 0)];
    let bad = b0.replacen("\"claim\"", "\"person\"", 1);
    assert_ne!(&bad, b0);
    wrong(bucket_key(id, 0), &bad);
}

/// Shapes serde's derived readers would take but the schema does not (a
/// record as an array of its fields), a member given twice, and nesting past
/// serde_json's limit: all unreadable, with the path and position named.
#[test]
fn arrays_for_records_duplicates_and_deep_values_are_corrupt() {
    let why = is_corrupt(
        decode_library(r#"{"version":1,"current":null,"documents":[["a","b"]]}"#),
        LIBRARY_KEY,
    );
    assert!(
        why.contains("expected an object (at documents[0], line 1 column"),
        "{why}"
    );
    let why = is_corrupt(
        decode_library(r#"{"version":1,"current":null,"documents":[],"info":{"a":[1,[0,0,0,0]]}}"#),
        LIBRARY_KEY,
    );
    assert!(why.contains("at info.a,"), "{why}");
    let why = is_corrupt(
        decode_library(
            r#"{"version":1,"current":null,"documents":[],"info":{"a":{"len":1,"counts":[0,0,0,0,0]}}}"#,
        ),
        LIBRARY_KEY,
    );
    assert!(
        why.contains("a list of 4 numbers (at info.a.counts,"),
        "{why}"
    );
    let why = is_corrupt(
        decode_library(r#"{"version":1,"current":null,"current":"a","documents":[]}"#),
        LIBRARY_KEY,
    );
    assert!(why.contains("duplicate field `current`"), "{why}");

    let d = sample();
    let id = d.id.as_str();
    let m = store_of(&d);
    let wrong = |key: String, raw: &str| {
        let mut bad = m.clone();
        bad.insert(key.clone(), raw.to_string());
        is_corrupt(load(id, &bad), &key)
    };
    let why = wrong(
        bucket_key(id, 0),
        r#"{"version":1,"annotations":[["a","actor",0,3]]}"#,
    );
    assert!(why.contains("at annotations[0],"), "{why}");
    let why = wrong(
        bucket_key(id, 0),
        r#"{"version":1,"annotations":[{"i":"a","l":"actor","s":0,"e":3,"e":4}]}"#,
    );
    assert!(why.contains("duplicate field `e`"), "{why}");
    let why = wrong(
        bucket_key(id, 0),
        r#"{"version":1,"annotations":[{"i":"a","l":"actor","s":-1,"e":3}]}"#,
    );
    assert!(
        why.contains("expected a whole number ≥ 0 (at annotations[0].s, line 1 column"),
        "{why}"
    );
    for key in [text_key(id), doc_key(id), bucket_key(id, 0)] {
        for deep in [
            format!("{{\"version\":1,\"x\":{}", "[".repeat(100_000)),
            format!(
                "{{\"version\":1,\"x\":{}1{}}}",
                "[".repeat(200),
                "]".repeat(200)
            ),
        ] {
            let why = wrong(key.clone(), &deep);
            assert!(why.contains("recursion limit"), "{why}");
        }
    }
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    is_corrupt(decode_library(&deep), LIBRARY_KEY);
}

/// Rebuilding a library from the heads takes any version's title.
#[test]
fn title_in_reads_the_title_of_any_head() {
    use spanmark_core::storage::title_in;
    let d = sample();
    assert_eq!(
        title_in(&encode_head(&d)).as_deref(),
        Some(d.title.as_str())
    );
    assert_eq!(
        title_in(r#"{"version":9,"title":"T","more":[1]}"#).as_deref(),
        Some("T")
    );
    for bad in [
        "",
        "{",
        "[]",
        r#"{"title":1}"#,
        r#"["T"]"#,
        r#"{"version":1}"#,
    ] {
        assert_eq!(title_in(bad), None, "{bad}");
    }
}

fn bucket(anns: Value) -> String {
    json!({"version": 1, "annotations": anns}).to_string()
}

/// The stored text and head of document `d` with a text of `n` code points.
fn base(n: usize) -> Store {
    store_of(&Document::new("d".into(), "t".into(), "x".repeat(n)))
}

fn with_buckets(mut m: Store, buckets: &[(usize, Value)]) -> Store {
    for (k, anns) in buckets {
        m.insert(bucket_key("d", *k), bucket(anns.clone()));
    }
    m
}

#[test]
fn bad_annotations_are_corrupt() {
    let key = bucket_key("d", 0);
    let one = |a: Value| load("d", &with_buckets(base(10), &[(0, json!([a]))]));
    // Valid baseline.
    let ok = one(json!({"i": "a", "l": "actor", "s": 0, "e": 10}));
    assert_eq!(ok.unwrap().annotations.len(), 1);
    // Outside the text.
    let why = is_corrupt(one(json!({"i": "a", "l": "actor", "s": 5, "e": 11})), &key);
    assert!(why.contains("past the text"), "{why}");
    is_corrupt(one(json!({"i": "a", "l": "actor", "s": 9, "e": 60})), &key);
    // Empty and inverted spans.
    let why = is_corrupt(one(json!({"i": "a", "l": "actor", "s": 3, "e": 3})), &key);
    assert!(why.contains("empty"), "{why}");
    is_corrupt(one(json!({"i": "a", "l": "actor", "s": 4, "e": 3})), &key);
    // Negative offsets.
    is_corrupt(one(json!({"i": "a", "l": "actor", "s": -1, "e": 3})), &key);
    // Missing required short fields.
    is_corrupt(one(json!({"i": "a", "l": "actor", "s": 0})), &key);
    is_corrupt(one(json!({"i": "a", "s": 0, "e": 3})), &key);
    is_corrupt(one(json!({"l": "actor", "s": 0, "e": 3})), &key);
    // Duplicate key, duplicate id.
    let two = |a: Value, b: Value| load("d", &with_buckets(base(10), &[(0, json!([a, b]))]));
    is_corrupt(
        two(
            json!({"i": "a", "l": "actor", "s": 0, "e": 3}),
            json!({"i": "b", "l": "actor", "s": 0, "e": 3}),
        ),
        &key,
    );
    is_corrupt(
        two(
            json!({"i": "a", "l": "actor", "s": 0, "e": 3}),
            json!({"i": "a", "l": "claim", "s": 0, "e": 3}),
        ),
        &key,
    );
}

#[test]
fn annotations_in_the_wrong_bucket_are_corrupt() {
    let b = BUCKET_CP;
    let n = 3 * b + 5;
    let at = |s: usize, e: usize| json!([{"i": "a", "l": "claim", "s": s, "e": e}]);
    // Baseline: each where it belongs, including both sides of a boundary.
    let ok = with_buckets(
        base(n),
        &[
            (0, json!([{"i": "p", "l": "claim", "s": b - 1, "e": b + 1}])),
            (1, json!([{"i": "q", "l": "claim", "s": b, "e": 2 * b}])),
            (3, json!([{"i": "r", "l": "claim", "s": n - 1, "e": n}])),
        ],
    );
    assert_eq!(load("d", &ok).unwrap().annotations.len(), 3);
    for (k, s, e) in [
        // One bucket too early, one too late, on either side of a boundary.
        (0, b, b + 1),
        (1, b - 1, b + 1),
        (1, 0, 3),
        (1, 2 * b, 2 * b + 1),
        (2, b, b + 1),
        (3, 0, n),
        (0, n - 1, n),
    ] {
        let why = is_corrupt(
            load("d", &with_buckets(base(n), &[(k, at(s, e))])),
            &bucket_key("d", k),
        );
        assert!(why.contains("outside this bucket"), "{k} {s}: {why}");
    }
    // A duplicate across two buckets is reported on the later one.
    let dup = with_buckets(
        base(n),
        &[
            (0, json!([{"i": "a", "l": "claim", "s": 0, "e": 3}])),
            (
                2,
                json!([{"i": "a", "l": "claim", "s": 2 * b, "e": 2 * b + 3}]),
            ),
        ],
    );
    is_corrupt(load("d", &dup), &bucket_key("d", 2));
}

#[test]
fn offsets_are_code_points() {
    // A span ending at the last code point of an emoji-heavy text is fine;
    // one more is past the end (bytes or UTF-16 units would allow more).
    let t = "👍🏽👩\u{200d}👩\u{200d}👧";
    let m = store_of(&Document::new("d".into(), "t".into(), t.into()));
    let ok = with_buckets(
        m.clone(),
        &[(0, json!([{"i": "a", "l": "figure", "s": 0, "e": 7}]))],
    );
    let d = load("d", &ok).unwrap();
    assert_eq!(d.quote(d.annotations.get("a").unwrap()), t);
    let bad = with_buckets(
        m,
        &[(0, json!([{"i": "a", "l": "figure", "s": 0, "e": 8}]))],
    );
    is_corrupt(load("d", &bad), &bucket_key("d", 0));
    // Bucket boundaries count code points too: in a text of 4-byte
    // characters, code point BUCKET_CP is in bucket 1 (byte BUCKET_CP is
    // not even a quarter of the way there).
    let mut d = Document::new("w".into(), "t".into(), "😀".repeat(BUCKET_CP + 2));
    d.add(ann("x", Label::Claim, BUCKET_CP, BUCKET_CP + 1))
        .unwrap();
    d.add(ann("y", Label::Claim, BUCKET_CP / 4, BUCKET_CP / 4 + 1))
        .unwrap();
    let m = store_of(&d);
    assert_eq!(starts_in(&m[&bucket_key("w", 1)]), [BUCKET_CP]);
    assert_eq!(starts_in(&m[&bucket_key("w", 0)]), [BUCKET_CP / 4]);
    assert_eq!(load("w", &m).unwrap(), d);
}

#[test]
fn defaults_for_optional_fields() {
    // Meta absent in the text value, note and created_at absent in a bucket.
    let text = r#"{"version":1,"text":"hello"}"#;
    let head = r#"{"version":1,"title":"t"}"#;
    let b0 = r#"{"version":1,"annotations":[{"i":"a","l":"claim","s":0,"e":5}]}"#;
    let mut m = Store::from([
        (text_key("d"), text.to_string()),
        (doc_key("d"), head.to_string()),
        (bucket_key("d", 0), b0.to_string()),
    ]);
    let d = load("d", &m).unwrap();
    assert!(d.meta.is_empty());
    assert_eq!(d.title, "t");
    let a = d.annotations.get("a").unwrap();
    assert_eq!((a.note.as_str(), a.created_at.as_deref()), ("", None));
    // And they are not written when empty.
    for (k, v) in encode_document(&d) {
        if k != text_key("d") {
            assert!(!v.contains("\"n\"") && !v.contains("\"c\""), "{k}: {v}");
        }
    }
    // Older versions are read, in every value.
    for key in [text_key("d"), doc_key("d"), bucket_key("d", 0)] {
        let mut old = m.clone();
        old.insert(key.clone(), bump(&m[&key], 0));
        assert_eq!(load("d", &old).as_ref(), Ok(&d), "{key}");
    }
    // An empty bucket (never written, but harmless) is no annotation.
    m.insert(
        bucket_key("d", 0),
        r#"{"version":1,"annotations":[]}"#.into(),
    );
    assert!(load("d", &m).unwrap().annotations.is_empty());
}

// ---------------------------------------------------------------------------
// The writes of an edit.

#[test]
fn an_edit_rewrites_only_its_bucket() {
    let d = long_doc();
    let id = d.id.clone();
    let mut m = store_of(&d);
    let before = m.clone();
    let mut e = Editor::new(d);

    // At code point 20,000 of 100,000: bucket 1 and nothing else.
    let change = e
        .apply(Edit::Add(ann("n-1", Label::Actor, 20_000, 20_010)))
        .unwrap();
    let writes = encode_changes(e.doc(), &change.spans);
    assert_eq!(writes.len(), 1, "{writes:?}");
    assert_eq!(writes[0].0, bucket_key(&id, 1));
    let v = writes[0].1.clone().unwrap();
    assert_eq!(starts_in(&v), [BUCKET_CP, BUCKET_CP + 500, 20_000]);
    // The same value a full encoding gives that bucket.
    assert_eq!(store_of(e.doc())[&bucket_key(&id, 1)], v);
    apply(&mut m, writes);
    for (k, v) in &before {
        if *k != bucket_key(&id, 1) {
            assert_eq!(m.get(k), Some(v), "{k} was rewritten");
        }
    }
    assert_eq!(load(&id, &m).as_ref(), Ok(e.doc()));

    // In a bucket that had no key yet: the key appears.
    let change = e
        .apply(Edit::Add(ann(
            "n-2",
            Label::Claim,
            2 * BUCKET_CP + 3,
            2 * BUCKET_CP + 9,
        )))
        .unwrap();
    let writes = encode_changes(e.doc(), &change.spans);
    assert_eq!(
        writes.iter().map(|(k, _)| k.clone()).collect::<Vec<_>>(),
        [bucket_key(&id, 2)]
    );
    assert!(!m.contains_key(&bucket_key(&id, 2)));
    apply(&mut m, writes);
    assert!(m.contains_key(&bucket_key(&id, 2)));
    assert_eq!(load(&id, &m).as_ref(), Ok(e.doc()));

    // A span across a boundary belongs to the bucket of its start.
    let change = e
        .apply(Edit::Add(ann(
            "n-3",
            Label::Figure,
            BUCKET_CP - 4,
            BUCKET_CP + 4,
        )))
        .unwrap();
    let writes = encode_changes(e.doc(), &change.spans);
    assert_eq!(writes.len(), 1);
    assert_eq!(writes[0].0, bucket_key(&id, 0));
    apply(&mut m, writes);
    assert_eq!(load(&id, &m).as_ref(), Ok(e.doc()));

    // Relabelling rewrites the bucket with the new label.
    let change = e
        .apply(Edit::Relabel {
            id: "n-1".into(),
            from: Label::Actor,
            to: Label::Location,
        })
        .unwrap();
    let writes = encode_changes(e.doc(), &change.spans);
    assert_eq!(writes.len(), 1);
    assert_eq!(writes[0].0, bucket_key(&id, 1));
    assert!(writes[0].1.as_ref().unwrap().contains("location"));
    apply(&mut m, writes);
    assert_eq!(
        load(&id, &m).unwrap().annotations.get("n-1").unwrap().label,
        Label::Location
    );

    // A batch over buckets 5, 0 and 5 again: two writes, in bucket order.
    let change = e
        .apply(Edit::Batch(vec![
            Edit::Add(ann(
                "n-4",
                Label::Claim,
                5 * BUCKET_CP + 1,
                5 * BUCKET_CP + 2,
            )),
            Edit::Add(ann("n-5", Label::Claim, 7, 8)),
            Edit::Add(ann(
                "n-6",
                Label::Claim,
                5 * BUCKET_CP + 9,
                5 * BUCKET_CP + 20,
            )),
        ]))
        .unwrap();
    let writes = encode_changes(e.doc(), &change.spans);
    assert_eq!(
        writes.iter().map(|(k, _)| k.clone()).collect::<Vec<_>>(),
        [bucket_key(&id, 0), bucket_key(&id, 5)]
    );
    apply(&mut m, writes);
    assert_eq!(load(&id, &m).as_ref(), Ok(e.doc()));

    // Undo and redo write the same buckets.
    let change = e.undo().unwrap().unwrap();
    let writes = encode_changes(e.doc(), &change.spans);
    assert_eq!(
        writes
            .iter()
            .map(|(k, v)| (k.clone(), v.is_some()))
            .collect::<Vec<_>>(),
        [(bucket_key(&id, 0), true), (bucket_key(&id, 5), false)]
    );
    apply(&mut m, writes);
    assert!(!m.contains_key(&bucket_key(&id, 5)));
    assert_eq!(load(&id, &m).as_ref(), Ok(e.doc()));
    let change = e.redo().unwrap().unwrap();
    apply(&mut m, encode_changes(e.doc(), &change.spans));
    assert_eq!(load(&id, &m).as_ref(), Ok(e.doc()));

    // No edit ever wrote the text or the head.
    assert_eq!(m[&text_key(&id)], before[&text_key(&id)]);
    assert_eq!(m[&doc_key(&id)], before[&doc_key(&id)]);
    assert_eq!(m, store_of(e.doc()));
    // Nothing touched, nothing written.
    assert!(encode_changes(e.doc(), &[]).is_empty());
}

#[test]
fn removing_the_last_annotation_of_a_bucket_removes_its_key() {
    let d = long_doc();
    let id = d.id.clone();
    let mut m = store_of(&d);
    let mut e = Editor::new(d);
    // Bucket 3 holds only l-5.
    let l5 = e.doc().annotations.get("l-5").unwrap().clone();
    assert_eq!(bucket_of(l5.span.start()), 3);
    let change = e.apply(Edit::Remove(l5)).unwrap();
    let writes = encode_changes(e.doc(), &change.spans);
    assert_eq!(writes, [(bucket_key(&id, 3), None)]);
    apply(&mut m, writes);
    assert!(!m.contains_key(&bucket_key(&id, 3)));
    assert_eq!(load(&id, &m).as_ref(), Ok(e.doc()));
    // Bucket 6 holds two: removing one rewrites it, the other removes it.
    let l6 = e.doc().annotations.get("l-6").unwrap().clone();
    let change = e.apply(Edit::Remove(l6)).unwrap();
    let writes = encode_changes(e.doc(), &change.spans);
    assert_eq!(writes.len(), 1);
    assert_eq!(writes[0].0, bucket_key(&id, 6));
    assert_eq!(starts_in(writes[0].1.as_ref().unwrap()), [6 * BUCKET_CP]);
    apply(&mut m, writes);
    let l7 = e.doc().annotations.get("l-7").unwrap().clone();
    let change = e.apply(Edit::Remove(l7)).unwrap();
    let writes = encode_changes(e.doc(), &change.spans);
    assert_eq!(writes, [(bucket_key(&id, 6), None)]);
    apply(&mut m, writes);
    assert!(!m.contains_key(&bucket_key(&id, 6)));
    assert_eq!(load(&id, &m).as_ref(), Ok(e.doc()));
    // Everything removed: only the text and the head are left.
    let all: Vec<Annotation> = snapshot(e.doc());
    let change = e
        .apply(Edit::Batch(all.into_iter().map(Edit::Remove).collect()))
        .unwrap();
    let writes = encode_changes(e.doc(), &change.spans);
    assert!(writes.iter().all(|(_, v)| v.is_none()), "{writes:?}");
    apply(&mut m, writes);
    assert_eq!(m.len(), 2);
    assert_eq!(load(&id, &m).as_ref(), Ok(e.doc()));
    assert!(e.doc().annotations.is_empty());
}

// ---------------------------------------------------------------------------
// Properties.

const PIECES: &[&str] = &[
    "a", " ", "\r\n", "👍🏽", "e\u{301}", "漢", "\"", "\\", "\u{0}",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    /// Any valid document survives encode → store → decode.
    #[test]
    fn prop_document_round_trip(
        pieces in prop::collection::vec(prop::sample::select(PIECES), 1..50),
        title in ".{0,10}",
        meta in prop::collection::btree_map(".{0,4}", ".{0,6}", 0..3),
        anns in prop::collection::vec(
            (0usize..200, 1usize..30, prop::sample::select(Label::ALL.to_vec()), ".{0,5}", prop::option::of(".{0,5}")),
            0..10,
        ),
    ) {
        let mut d = Document::new("id:with:colons".into(), title, pieces.concat());
        d.meta = meta;
        let n = d.text.len();
        for (i, (a, len, l, note, c)) in anns.into_iter().enumerate() {
            let a = a % n;
            let _ = d.add(Annotation {
                id: format!("x{i}"),
                label: l,
                span: Span::new(a, (a + len).min(n)).unwrap(),
                note,
                created_at: c,
            });
        }
        let m = store_of(&d);
        prop_assert_eq!(m.len(), if d.annotations.is_empty() { 2 } else { 3 });
        let back = load(&d.id, &m);
        prop_assert_eq!(back.as_ref(), Ok(&d));
        prop_assert_eq!(snapshot(back.as_ref().unwrap()), snapshot(&d));
    }
}

/// A random step on the long document, over a small pool of ids so that
/// adds collide and removes find something.
#[derive(Clone, Debug)]
enum Step {
    Add(usize, Span, Label),
    Remove(usize),
    Relabel(usize, Label),
    Batch(Vec<(usize, Span, Label)>),
    Undo,
    Redo,
}

/// Mostly near bucket boundaries, where an off-by-one would show.
fn start() -> impl Strategy<Value = usize> {
    let n = PROP_LEN;
    prop_oneof![
        2 => 0..n,
        3 => (0..=bucket_count(n), 0usize..8).prop_map(move |(k, d)| (k * BUCKET_CP + d).saturating_sub(4).min(n - 1)),
        1 => (n - 4)..n,
    ]
}

fn span() -> impl Strategy<Value = Span> {
    (start(), prop_oneof![4 => 1usize..20, 1 => 1usize..40_000])
        .prop_map(|(s, l)| Span::new(s, (s + l).min(PROP_LEN)).unwrap())
}

fn label() -> impl Strategy<Value = Label> {
    prop::sample::select(Label::ALL.to_vec())
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        5 => (0usize..16, span(), label()).prop_map(|(i, s, l)| Step::Add(i, s, l)),
        3 => (0usize..16).prop_map(Step::Remove),
        2 => (0usize..16, label()).prop_map(|(i, l)| Step::Relabel(i, l)),
        1 => prop::collection::vec((0usize..16, span(), label()), 0..4).prop_map(Step::Batch),
        1 => Just(Step::Undo),
        1 => Just(Step::Redo),
    ]
}

/// The document of the property below: four buckets, the last partial.
/// Shorter than [`LONG`] because it is decoded after every edit of every
/// case, and decoding costs time in proportion to the text.
const PROP_LEN: usize = 3 * BUCKET_CP + 1234;

/// The document every case starts from, built and encoded once.
fn prop_base() -> &'static (Document, Store) {
    static BASE: OnceLock<(Document, Store)> = OnceLock::new();
    BASE.get_or_init(|| {
        let d = Document::new("d-prop".into(), "P".into(), long_text(PROP_LEN));
        let m = store_of(&d);
        (d, m)
    })
}

/// What every bucket key of `doc` should hold right now (`None`: no key).
fn all_buckets(doc: &Document) -> Vec<(String, Option<String>)> {
    let firsts: Vec<Span> = (0..bucket_count(doc.text.len()))
        .map(|k| sp(k * BUCKET_CP, k * BUCKET_CP + 1))
        .collect();
    encode_changes(doc, &firsts)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    /// Random edits on a long document, each stored by writing only its
    /// `encode_changes`: after every edit the store decodes to the edited
    /// document, and every bucket holds what a fresh encoding would (so no
    /// stale or empty bucket is left behind).
    #[test]
    fn prop_edits_keep_storage_in_step(
        pre in prop::collection::vec((span(), label()), 0..12),
        steps in prop::collection::vec(step(), 1..30),
    ) {
        let (base, base_store) = prop_base();
        let mut d = base.clone();
        let mut pre_spans = Vec::new();
        for (i, (s, l)) in pre.into_iter().enumerate() {
            if d.add(ann(&format!("p{i}"), l, s.start(), s.end())).is_ok() {
                pre_spans.push(s);
            }
        }
        // Pre-existing annotations are written as edits too.
        let mut m = base_store.clone();
        apply(&mut m, encode_changes(&d, &pre_spans));
        for (k, v) in all_buckets(&d) {
            prop_assert_eq!(m.get(&k), v.as_ref(), "{}", k);
        }
        let mut e = Editor::new(d);
        for st in &steps {
            let mk = |i: usize, s: Span, l: Label| ann(&format!("a{i}"), l, s.start(), s.end());
            let res = match st {
                Step::Add(i, s, l) => Some(e.apply(Edit::Add(mk(*i, *s, *l)))),
                Step::Remove(i) => e
                    .doc()
                    .annotations
                    .get(&format!("a{i}"))
                    .cloned()
                    .map(|a| e.apply(Edit::Remove(a))),
                Step::Relabel(i, to) => e
                    .doc()
                    .annotations
                    .get(&format!("a{i}"))
                    .map(|a| a.label)
                    .map(|from| e.apply(Edit::Relabel { id: format!("a{i}"), from, to: *to })),
                Step::Batch(v) => Some(e.apply(Edit::Batch(
                    v.iter().map(|(i, s, l)| Edit::Add(mk(*i, *s, *l))).collect(),
                ))),
                Step::Undo => e.undo(),
                Step::Redo => e.redo(),
            };
            let Some(Ok(change)) = res else { continue };
            let writes = encode_changes(e.doc(), &change.spans);
            // Exactly the buckets of the touched spans' starts, in order.
            let want: BTreeSet<String> = change
                .spans
                .iter()
                .map(|s| bucket_key("d-prop", bucket_of(s.start())))
                .collect();
            let got: Vec<String> = writes.iter().map(|(k, _)| k.clone()).collect();
            prop_assert_eq!(got, want.into_iter().collect::<Vec<_>>());
            for (k, v) in writes.iter().filter_map(|(k, v)| Some((k, v.as_ref()?))) {
                prop_assert!(!v.contains("LONG-MARKER-7781"), "{} holds the text", k);
                let b: usize = k.rsplit(':').next().unwrap().parse().unwrap();
                prop_assert!(starts_in(v).iter().all(|s| bucket_of(*s) == b), "{}", k);
            }
            apply(&mut m, writes);
            for (k, v) in all_buckets(e.doc()) {
                prop_assert_eq!(m.get(&k), v.as_ref(), "{}", k);
            }
            let back = load("d-prop", &m);
            prop_assert_eq!(back.as_ref(), Ok(e.doc()));
        }
        // The text and the head were never written.
        prop_assert_eq!(&m[&text_key("d-prop")], &base_store[&text_key("d-prop")]);
        prop_assert_eq!(&m[&doc_key("d-prop")], &base_store[&doc_key("d-prop")]);
        // Nothing else is stored: the text, the head and the non-empty
        // buckets, as a fresh encoding would write them.
        let fresh = encode_document(e.doc());
        prop_assert_eq!(m.len(), fresh.len());
        for (k, v) in fresh.iter().skip(2) {
            prop_assert_eq!(m.get(k), Some(v), "{}", k);
        }
        let back = load("d-prop", &m).unwrap();
        prop_assert_eq!(snapshot(&back), snapshot(e.doc()));
    }
}

#[test]
fn ids_with_colons_cannot_reach_other_documents_keys() {
    let ids = ["x", "x:text", "x:anns:0", "x%3Atext", "%", ":"];
    let mut keys = std::collections::HashSet::new();
    for id in ids {
        let mut own = vec![text_key(id), doc_key(id)];
        own.extend((0..3).map(|k| bucket_key(id, k)));
        for k in own {
            assert!(keys.insert(k.clone()), "{k} is produced by two ids");
        }
    }
}

/// Values exactly as the serde-based encoder of schema v1 wrote them (field
/// order, `null` for no current document, `info` and `n`/`c` left out when
/// empty). They must still load, and the hand-written encoder writes the
/// same bytes again.
#[test]
fn values_written_by_the_serde_encoder_load_and_are_written_the_same() {
    use std::collections::HashMap;
    let lib_plain = r#"{"version":1,"current":null,"documents":[]}"#;
    let lib_full = r#"{"version":1,"current":"d1","documents":[{"id":"d1","title":"A \"t\""},{"id":"d:2","title":"B"}],"info":{"d1":{"len":12,"counts":[1,0,2,0],"changed":"2025-12-07T10:00:00Z"},"d:2":{"len":3,"counts":[0,0,0,0]}}}"#;
    for raw in [lib_plain, lib_full] {
        let lib = decode_library(raw).unwrap();
        assert_eq!(encode_library(&lib), raw);
    }
    let lib = decode_library(lib_full).unwrap();
    assert_eq!(lib.current.as_deref(), Some("d1"));
    assert_eq!(lib.documents[0].title, "A \"t\"");
    assert_eq!(lib.info["d1"].counts, [1, 0, 2, 0]);
    assert_eq!(lib.info["d:2"].changed, None);
    // Libraries from before `info` existed.
    let old = r#"{"version":1,"current":"d1","documents":[{"id":"d1","title":"A"}]}"#;
    assert!(decode_library(old).unwrap().info.is_empty());

    let text =
        r#"{"version":1,"text":"Zelenskyy met\nKyiv.","meta":{"date":"2025-12-07","source":"x"}}"#;
    let head = r#"{"version":1,"title":"T"}"#;
    let bucket = r#"{"version":1,"annotations":[{"i":"a1","l":"actor","s":0,"e":9},{"i":"a2","l":"location","s":14,"e":18,"n":"a note","c":"2025-12-07T10:00:00.123Z"}]}"#;
    let store: HashMap<String, String> = [
        (text_key("d1"), text.to_string()),
        (doc_key("d1"), head.to_string()),
        (bucket_key("d1", 0), bucket.to_string()),
    ]
    .into_iter()
    .collect();
    let doc = decode_document("d1", |k| store.get(k).cloned()).unwrap();
    assert_eq!(doc.title, "T");
    assert_eq!(doc.meta["source"], "x");
    let anns: Vec<_> = doc.annotations.iter().collect();
    assert_eq!(anns.len(), 2);
    assert_eq!((anns[0].label, anns[0].note.as_str()), (Label::Actor, ""));
    assert_eq!(anns[1].note, "a note");
    assert_eq!(
        anns[1].created_at.as_deref(),
        Some("2025-12-07T10:00:00.123Z")
    );
    let written: HashMap<String, String> = encode_document(&doc).into_iter().collect();
    assert_eq!(written, store);
    // Documents without meta were written with an empty object; a missing
    // one reads as empty too.
    let bare = r#"{"version":1,"text":"x"}"#;
    let store: HashMap<String, String> = [
        (text_key("e"), bare.to_string()),
        (doc_key("e"), r#"{"version":1,"title":""}"#.to_string()),
    ]
    .into_iter()
    .collect();
    let e = decode_document("e", |k| store.get(k).cloned()).unwrap();
    assert!(e.meta.is_empty());
    assert_eq!(
        encode_document(&e)[0].1,
        r#"{"version":1,"text":"x","meta":{}}"#
    );
}

/// The stored values, byte for byte, as the hand-written writer produced
/// them (tests/fixtures/golden/storage-*): what a browser has stored today
/// must read back, and what is written must not change shape unannounced.
/// `SPANMARK_BLESS=1` writes them anew.
#[test]
fn golden_storage_values_are_byte_identical_and_read_back() {
    let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/golden");
    let bless = std::env::var_os("SPANMARK_BLESS").is_some();
    let check = |name: &str, now: &str| {
        let path = dir.join(name);
        if bless {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&path, now).unwrap();
        }
        let want =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(want, now, "{name} differs from its golden file");
        want
    };
    let mut info = std::collections::BTreeMap::new();
    info.insert(
        "d-42".to_string(),
        spanmark_core::storage::DocInfo::of(&sample(), Some("2026-11-26T15:00:00Z".into())),
    );
    info.insert(
        "d-long".to_string(),
        spanmark_core::storage::DocInfo::of(&long_doc(), None),
    );
    let lib = Library {
        version: SCHEMA_VERSION,
        current: Some("d-42".into()),
        documents: vec![
            LibraryEntry {
                id: "d-42".into(),
                title: "Title “quoted”".into(),
            },
            LibraryEntry {
                id: "d-long".into(),
                title: "Long".into(),
            },
        ],
        info,
    };
    let raw = check("storage-library.json", &encode_library(&lib));
    assert_eq!(decode_library(&raw).unwrap(), lib);
    for (stem, d) in [("sample", sample()), ("long", long_doc())] {
        let values = encode_document(&d);
        let mut stored = Store::new();
        for (i, (k, v)) in values.iter().enumerate() {
            let golden = check(&format!("storage-{stem}-{i}.json"), v);
            stored.insert(k.clone(), golden);
        }
        assert_eq!(load(&d.id, &stored).unwrap(), d);
    }
}
