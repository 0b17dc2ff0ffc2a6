#![cfg(not(target_arch = "wasm32"))]
//! The local storage schema: keys, encoding, decoding and its refusals.

use proptest::prelude::*;
use serde_json::{json, Value};
use spanmark::core::label::Label;
use spanmark::core::model::{Annotation, Document};
use spanmark::core::storage::{
    decode_document, decode_library, doc_key, encode_head, encode_library, encode_text, text_key,
    DecodeError, Library, LibraryEntry, LIBRARY_KEY, PREFIX, SCHEMA_VERSION,
};
use spanmark::core::text::Span;

const TEXT: &str =
    "A long document text 👍🏽 with CRLF\r\nand e\u{301} and 漢字, repeated. UNIQUE-MARKER-0451";

fn ann(id: &str, label: Label, a: usize, b: usize) -> Annotation {
    Annotation {
        id: id.to_string(),
        label,
        span: Span::new(a, b).unwrap(),
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

fn snapshot(d: &Document) -> Vec<Annotation> {
    d.annotations.iter().cloned().collect()
}

#[test]
fn keys_are_namespaced() {
    assert_eq!(PREFIX, "spanmark:");
    assert_eq!(LIBRARY_KEY, "spanmark:library");
    assert_eq!(text_key("d-1"), "spanmark:doc:d-1:text");
    assert_eq!(doc_key("d-1"), "spanmark:doc:d-1");
    for k in [LIBRARY_KEY.to_string(), text_key("x"), doc_key("x")] {
        assert!(k.starts_with(PREFIX), "{k}");
    }
    assert_ne!(text_key("x"), doc_key("x"));
    assert_ne!(doc_key("x"), LIBRARY_KEY);
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
    };
    let raw = encode_library(&lib);
    let v: Value = serde_json::from_str(&raw).unwrap();
    assert_eq!(v["version"], SCHEMA_VERSION);
    assert_eq!(decode_library(&raw).unwrap(), lib);
}

#[test]
fn document_round_trip() {
    let d = sample();
    let text = encode_text(&d);
    let head = encode_head(&d);
    let back = decode_document(&d.id, &text, &head).unwrap();
    assert_eq!(back, d);
    assert_eq!(snapshot(&back), snapshot(&d));
    assert_eq!(back.meta, d.meta);
    assert_eq!(back.title, d.title);
    assert_eq!(back.text.as_str(), TEXT);
    // Both values carry the version.
    for raw in [&text, &head] {
        let v: Value = serde_json::from_str(raw).unwrap();
        assert_eq!(v["version"], SCHEMA_VERSION);
    }
    // A document without annotations or meta.
    let e = Document::new("e".into(), "".into(), "x".into());
    assert_eq!(
        decode_document("e", &encode_text(&e), &encode_head(&e)).unwrap(),
        e
    );
}

#[test]
fn the_text_is_not_in_the_per_edit_value() {
    let d = sample();
    let head = encode_head(&d);
    assert!(!head.contains("UNIQUE-MARKER-0451"), "{head}");
    assert!(!head.contains("CRLF"));
    // Nor the quotes of annotations.
    assert!(!head.contains("A long document"));
    let text = encode_text(&d);
    assert!(text.contains("UNIQUE-MARKER-0451"));
    assert!(!text.contains("a-1"), "annotations live in the head");
    // The head stays small: well under the size of one more copy of the text
    // per annotation.
    let mut big = Document::new("b".into(), "t".into(), "word ".repeat(20_000));
    for i in 0..1000 {
        big.add(ann(&format!("a{i}"), Label::Claim, i * 10, i * 10 + 4))
            .unwrap();
    }
    let head = encode_head(&big);
    assert!(
        head.len() < 60_000,
        "{} bytes for 1000 annotations",
        head.len()
    );
}

#[test]
fn newer_versions_are_reported_as_newer() {
    let d = sample();
    let text = encode_text(&d);
    let head = encode_head(&d);
    let bump = |raw: &str, to: u64| {
        let mut v: Value = serde_json::from_str(raw).unwrap();
        v["version"] = json!(to);
        v.to_string()
    };
    assert_eq!(
        decode_document("d-42", &bump(&text, 2), &head),
        Err(DecodeError::Newer {
            key: text_key("d-42"),
            version: 2
        })
    );
    assert_eq!(
        decode_document("d-42", &text, &bump(&head, 7)),
        Err(DecodeError::Newer {
            key: doc_key("d-42"),
            version: 7
        })
    );
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
    assert!(matches!(
        decode_document("d", alien, &head),
        Err(DecodeError::Newer { version: 3, .. })
    ));
}

fn is_corrupt(r: Result<impl std::fmt::Debug, DecodeError>, key: &str) {
    match r {
        Err(DecodeError::Corrupt { key: k, reason }) => {
            assert_eq!(k, key);
            assert!(!reason.is_empty());
        }
        other => panic!("expected Corrupt for {key}, got {other:?}"),
    }
}

#[test]
fn garbage_and_truncated_values_are_corrupt() {
    for raw in [
        "",
        "garbage",
        "{",
        "[]",
        "null",
        "{\"version\": \"1\"}",
        "{}",
        "{\"version\": -1}",
    ] {
        is_corrupt(decode_library(raw), LIBRARY_KEY);
    }
    let lib = encode_library(&Library {
        version: 1,
        current: None,
        documents: vec![LibraryEntry {
            id: "a".into(),
            title: "b".into(),
        }],
    });
    for cut in 0..lib.len() {
        is_corrupt(decode_library(&lib[..cut]), LIBRARY_KEY);
    }

    let d = sample();
    let text = encode_text(&d);
    let head = encode_head(&d);
    for cut in (0..text.len()).filter(|&c| text.is_char_boundary(c)) {
        is_corrupt(
            decode_document("d-42", &text[..cut], &head),
            &text_key("d-42"),
        );
    }
    for cut in (0..head.len()).filter(|&c| head.is_char_boundary(c)) {
        is_corrupt(
            decode_document("d-42", &text, &head[..cut]),
            &doc_key("d-42"),
        );
    }
    // Right version, wrong shape.
    is_corrupt(
        decode_document("d", r#"{"version":1}"#, &head),
        &text_key("d"),
    );
    is_corrupt(
        decode_document("d", &text, r#"{"version":1,"title":"t","annotations":{}}"#),
        &doc_key("d"),
    );
    // Unknown label.
    let bad = head.replacen("\"claim\"", "\"person\"", 1);
    assert_ne!(bad, head);
    is_corrupt(decode_document("d-42", &text, &bad), &doc_key("d-42"));
}

fn head_with(anns: Value) -> String {
    json!({"version": 1, "title": "t", "annotations": anns}).to_string()
}

#[test]
fn bad_annotations_are_corrupt() {
    let text = encode_text(&Document::new("d".into(), "t".into(), "0123456789".into()));
    let key = doc_key("d");
    // Valid baseline.
    let ok = head_with(json!([{"i": "a", "l": "actor", "s": 0, "e": 10}]));
    assert_eq!(
        decode_document("d", &text, &ok).unwrap().annotations.len(),
        1
    );
    // Outside the text.
    let r = decode_document(
        "d",
        &text,
        &head_with(json!([{"i": "a", "l": "actor", "s": 5, "e": 11}])),
    );
    is_corrupt(r.clone(), &key);
    assert!(r.unwrap_err().to_string().contains("past the text"));
    is_corrupt(
        decode_document(
            "d",
            &text,
            &head_with(json!([{"i": "a", "l": "actor", "s": 50, "e": 60}])),
        ),
        &key,
    );
    // Empty and inverted spans.
    is_corrupt(
        decode_document(
            "d",
            &text,
            &head_with(json!([{"i": "a", "l": "actor", "s": 3, "e": 3}])),
        ),
        &key,
    );
    is_corrupt(
        decode_document(
            "d",
            &text,
            &head_with(json!([{"i": "a", "l": "actor", "s": 4, "e": 3}])),
        ),
        &key,
    );
    // Negative offsets.
    is_corrupt(
        decode_document(
            "d",
            &text,
            &head_with(json!([{"i": "a", "l": "actor", "s": -1, "e": 3}])),
        ),
        &key,
    );
    // Duplicate key, duplicate id.
    is_corrupt(
        decode_document(
            "d",
            &text,
            &head_with(json!([
                {"i": "a", "l": "actor", "s": 0, "e": 3},
                {"i": "b", "l": "actor", "s": 0, "e": 3}
            ])),
        ),
        &key,
    );
    is_corrupt(
        decode_document(
            "d",
            &text,
            &head_with(json!([
                {"i": "a", "l": "actor", "s": 0, "e": 3},
                {"i": "a", "l": "claim", "s": 0, "e": 3}
            ])),
        ),
        &key,
    );
    // Missing required short fields.
    is_corrupt(
        decode_document(
            "d",
            &text,
            &head_with(json!([{"i": "a", "l": "actor", "s": 0}])),
        ),
        &key,
    );
}

#[test]
fn offsets_are_code_points() {
    // A span ending at the last code point of an emoji-heavy text is fine;
    // one more is past the end (bytes or UTF-16 units would allow more).
    let t = "👍🏽👩\u{200d}👩\u{200d}👧";
    let text = encode_text(&Document::new("d".into(), "t".into(), t.into()));
    let ok = head_with(json!([{"i": "a", "l": "figure", "s": 0, "e": 7}]));
    let d = decode_document("d", &text, &ok).unwrap();
    assert_eq!(d.quote(d.annotations.get("a").unwrap()), t);
    let bad = head_with(json!([{"i": "a", "l": "figure", "s": 0, "e": 8}]));
    is_corrupt(decode_document("d", &text, &bad), &doc_key("d"));
}

#[test]
fn defaults_for_optional_fields() {
    // Meta absent in the text value, note and created_at absent in the head.
    let text = r#"{"version":1,"text":"hello"}"#;
    let head = r#"{"version":1,"title":"t","annotations":[{"i":"a","l":"claim","s":0,"e":5}]}"#;
    let d = decode_document("d", text, head).unwrap();
    assert!(d.meta.is_empty());
    let a = d.annotations.get("a").unwrap();
    assert_eq!((a.note.as_str(), a.created_at.as_deref()), ("", None));
    // And they are not written when empty.
    let again = encode_head(&d);
    assert!(
        !again.contains("\"n\"") && !again.contains("\"c\""),
        "{again}"
    );
    // Older versions are read.
    let v0 = r#"{"version":0,"text":"hello"}"#;
    assert!(decode_document("d", v0, head).is_ok());
}

// ---------------------------------------------------------------------------
// Property: any valid document survives encode → decode.

const PIECES: &[&str] = &[
    "a", " ", "\r\n", "👍🏽", "e\u{301}", "漢", "\"", "\\", "\u{0}",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

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
        let back = decode_document(&d.id, &encode_text(&d), &encode_head(&d));
        prop_assert_eq!(back.as_ref(), Ok(&d));
        prop_assert_eq!(snapshot(back.as_ref().unwrap()), snapshot(&d));
    }
}
