#![cfg(not(target_arch = "wasm32"))]
//! The seed article and its date marker.

use spanmark_core::export::native::{export, import};
use spanmark_core::seed::{seed_document, split_date, SEED_RAW, SEED_TITLE};
use spanmark_core::storage::{decode_document, doc_key, encode_document, text_key};

#[test]
fn split_date_on_the_real_seed() {
    let (date, text) = split_date(SEED_RAW);
    assert_eq!(date, Some("2025-12-07"));
    assert!(text.starts_with("“Energy facilities"), "{:?}", &text[..40]);
    assert!(!text.contains("date 2025-12-07"));
    assert!(SEED_RAW.ends_with(text), "the rest is untouched");
    assert!(text.contains("Zelenskyy"));
    assert!(text.contains("585 drones"));
}

#[test]
fn embedded_seed_matches_the_shared_data() {
    // The embedded copy must be the article from shared/data when present.
    let shared = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/seed-article.txt");
    if let Ok(s) = std::fs::read_to_string(&shared) {
        assert_eq!(s, SEED_RAW);
    }
}

#[test]
fn split_date_variants() {
    assert_eq!(
        split_date("date 2024-01-31\nBody"),
        (Some("2024-01-31"), "Body")
    );
    assert_eq!(
        split_date("  \n date\t2024-01-31   Body  "),
        (Some("2024-01-31"), "Body  ")
    );
    assert_eq!(split_date("date 2024-01-31"), (Some("2024-01-31"), ""));
    assert_eq!(
        split_date("date 2024-01-31\r\n\r\nBody\r\n"),
        (Some("2024-01-31"), "Body\r\n")
    );
    // No marker, or not a date: the text comes back untouched (same slice).
    for raw in [
        "",
        "Body text",
        "  Body text",
        "dated 2024-01-31 Body",
        "date 2024-1-31 Body",
        "date 24-01-31 Body",
        "date 2024/01/31 Body",
        "date",
        "date 2024-01-3",
        "date ２０２４-01-31 Body",
        "Date 2024-01-31 Body",
        "Body\ndate 2024-01-31",
        "date\n2024-01-31 Body",
    ] {
        let (d, t) = split_date(raw);
        assert_eq!(d, None, "{raw:?}");
        assert_eq!(t, raw);
        assert!(std::ptr::eq(t, raw), "{raw:?} not the same slice");
    }
}

#[test]
fn seed_document_has_title_text_and_date() {
    let d = seed_document("d-seed".into());
    assert_eq!(d.id, "d-seed");
    assert_eq!(d.title, SEED_TITLE);
    assert_eq!(d.title, "Energy facilities were the main targets");
    assert_eq!(d.meta.get("date").map(String::as_str), Some("2025-12-07"));
    assert_eq!(d.meta.len(), 1);
    assert!(d.text.as_str().starts_with("“Energy facilities"));
    assert_eq!(d.text.as_str(), split_date(SEED_RAW).1);
    assert!(d.annotations.is_empty());
    assert!(d.text.len() > 256, "long enough to use several index marks");
    // Paragraphs survive as lines.
    assert!(d.text.lines().len() > 5);
}

#[test]
fn seed_survives_export_and_storage() {
    let d = seed_document("d-seed".into());
    let out = export(&[&d], "2026-01-01T00:00:00Z");
    let back = import(&out).unwrap();
    assert_eq!(back, vec![d.clone()]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["documents"][0]["meta"]["date"], "2025-12-07");
    // Stored: the text and the head only, as the seed has no annotations.
    let store: std::collections::HashMap<String, String> =
        encode_document(&d).into_iter().collect();
    let mut keys: Vec<&String> = store.keys().collect();
    keys.sort();
    assert_eq!(keys, [&doc_key("d-seed"), &text_key("d-seed")]);
    let head = &store[&doc_key("d-seed")];
    assert!(
        !head.contains("Zelenskyy") && !head.contains("585 drones"),
        "{head}"
    );
    let again = decode_document(&d.id, |k| store.get(k).cloned()).unwrap();
    assert_eq!(again, d);
}

#[test]
fn annotated_seed_survives_storage() {
    use spanmark_core::label::Label;
    use spanmark_core::model::Annotation;
    use spanmark_core::storage::{bucket_key, encode_changes};
    use spanmark_core::text::Span;

    let mut d = seed_document("d-seed".into());
    let cp = |needle: &str| {
        let b = d.text.as_str().find(needle).unwrap();
        let s = d.text.as_str()[..b].chars().count();
        Span::new(s, s + needle.chars().count()).unwrap()
    };
    let spans = [
        (cp("Zelenskyy"), Label::Actor),
        (cp("585 drones"), Label::Figure),
        (cp("Fastiv"), Label::Location),
    ];
    for (i, (span, label)) in spans.iter().enumerate() {
        d.add(Annotation {
            id: format!("a-{i}"),
            label: *label,
            span: *span,
            note: String::new(),
            created_at: None,
        })
        .unwrap();
    }
    let mut store: std::collections::HashMap<String, String> =
        encode_document(&d).into_iter().collect();
    // The seed is shorter than a bucket: one bucket key, without the text.
    assert_eq!(store.len(), 3);
    let b0 = &store[&bucket_key("d-seed", 0)];
    assert!(
        !b0.contains("Zelenskyy") && !b0.contains("585 drones"),
        "{b0}"
    );
    assert_eq!(
        decode_document(&d.id, |k| store.get(k).cloned()).unwrap(),
        d
    );
    // Removing all three leaves the bucket empty: its key goes.
    let removed: Vec<Span> = spans.iter().map(|(s, _)| *s).collect();
    for i in 0..3 {
        d.annotations.remove(&format!("a-{i}"));
    }
    for (k, v) in encode_changes(&d, &removed) {
        assert_eq!(
            (k.as_str(), v.as_deref()),
            (&*bucket_key("d-seed", 0), None)
        );
        store.remove(&k);
    }
    assert_eq!(store.len(), 2);
    assert_eq!(
        decode_document(&d.id, |k| store.get(k).cloned()).unwrap(),
        d
    );
}
