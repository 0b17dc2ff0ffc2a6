#![cfg(not(target_arch = "wasm32"))]
//! The native export format (shared/spec/export-format.md): export shape,
//! round trip, and every refusal rule of import.

use proptest::prelude::*;
use serde_json::{json, Value};
use spanmark_core::export::native::{self, export, import, ImportError};
use spanmark_core::export::slug;
use spanmark_core::label::Label;
use spanmark_core::model::{Annotation, Document};
use spanmark_core::text::Span;
use unicode_segmentation::UnicodeSegmentation;

const AT: &str = "2026-11-26T15:04:05Z";

fn ann(id: &str, label: Label, a: usize, b: usize) -> Annotation {
    Annotation {
        id: id.to_string(),
        label,
        span: Span::new(a, b).unwrap(),
        note: String::new(),
        created_at: None,
    }
}

/// A document with emoji, combining marks, CJK, RTL and CRLF before its
/// annotations, so byte or UTF-16 offsets would give different quotes.
fn tricky_doc() -> Document {
    let text =
        "👩\u{200d}👩\u{200d}👧 👍🏽 Cafe\u{301} 漢字 שלום\r\nZelenskyy said 585 drones hit Fastiv.";
    let mut d = Document::new("d-1".into(), "Tricky \"title\"".into(), text.into());
    d.meta.insert("date".into(), "2025-12-07".into());
    let cps: Vec<char> = text.chars().collect();
    let find = |needle: &str| {
        let n: Vec<char> = needle.chars().collect();
        let start = (0..cps.len()).find(|&i| cps[i..].starts_with(&n)).unwrap();
        (start, start + n.len())
    };
    let (zs, ze) = find("Zelenskyy");
    let (fs, fe) = find("585 drones");
    let (ls, le) = find("Fastiv");
    let (cs, ce) = find("Cafe\u{301}");
    let mut claim = ann("a-claim", Label::Claim, zs, le);
    claim.note = "check with the air force".into();
    claim.created_at = Some("2026-11-26T15:00:00Z".into());
    // Inserted out of order on purpose.
    d.add(ann("a-loc", Label::Location, ls, le)).unwrap();
    d.add(claim).unwrap();
    d.add(ann("a-fig", Label::Figure, fs, fe)).unwrap();
    d.add(ann("a-actor", Label::Actor, zs, ze)).unwrap();
    d.add(ann("a-emoji", Label::Figure, 0, 5)).unwrap();
    d.add(ann("a-cafe", Label::Location, cs, ce)).unwrap();
    d.add(ann("a-crlf", Label::Claim, ce, zs)).unwrap();
    d
}

fn plain_doc(id: &str) -> Document {
    let mut d = Document::new(id.into(), "Plain".into(), "Kyiv and Fastiv".into());
    d.add(ann("p1", Label::Location, 0, 4)).unwrap();
    d.add(ann("p2", Label::Location, 9, 15)).unwrap();
    d
}

fn snapshot(d: &Document) -> Vec<Annotation> {
    d.annotations.iter().cloned().collect()
}

// ---------------------------------------------------------------------------
// Export.

#[test]
fn export_has_the_spec_shape() {
    let d = tricky_doc();
    let p = plain_doc("d-2");
    let out = export(&[&d, &p], AT);
    let v: Value = serde_json::from_str(&out).expect("export is JSON");
    let root = v.as_object().unwrap();
    let mut keys: Vec<&str> = root.keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "documents",
            "exported_at",
            "format",
            "labels",
            "offset_unit",
            "version"
        ]
    );
    assert_eq!(v["format"], "spanmark");
    assert_eq!(v["version"], 1);
    assert_eq!(v["exported_at"], AT);
    assert_eq!(v["offset_unit"], "codepoint");
    assert_eq!(native::FORMAT, "spanmark");
    assert_eq!(native::VERSION, 1);
    assert_eq!(native::FILE_SUFFIX, ".spanmark.json");

    let labels = v["labels"].as_array().unwrap();
    let ids: Vec<&str> = labels.iter().map(|l| l["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["claim", "figure", "actor", "location"]);
    for (l, want) in labels.iter().zip(Label::ALL) {
        assert_eq!(l["name"], want.name());
        assert_eq!(l["color"], want.color());
        assert_eq!(l["shortcut"], want.shortcut().to_string());
        let c = l["color"].as_str().unwrap();
        assert!(
            c.len() == 7 && c.starts_with('#') && c[1..].chars().all(|c| c.is_ascii_hexdigit())
        );
    }

    let docs = v["documents"].as_array().unwrap();
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[0]["id"], "d-1", "library order kept");
    assert_eq!(docs[1]["id"], "d-2");
    let d0 = &docs[0];
    assert_eq!(d0["title"], "Tricky \"title\"");
    assert_eq!(d0["text"], d.text.as_str(), "text exported byte for byte");
    assert!(d0["text"].as_str().unwrap().contains("\r\n"));
    assert_eq!(d0["meta"], json!({"date": "2025-12-07"}));
    assert_eq!(docs[1]["meta"], json!({}));

    let anns = d0["annotations"].as_array().unwrap();
    assert_eq!(anns.len(), 7);
    // Sorted by (start, end, label id).
    let keys: Vec<(u64, u64, &str)> = anns
        .iter()
        .map(|a| {
            (
                a["start"].as_u64().unwrap(),
                a["end"].as_u64().unwrap(),
                a["label"].as_str().unwrap(),
            )
        })
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
    // Quotes are code point slices of the text (Python's text[start:end]).
    let cps: Vec<char> = d.text.as_str().chars().collect();
    for a in anns {
        let (s, e) = (
            a["start"].as_u64().unwrap() as usize,
            a["end"].as_u64().unwrap() as usize,
        );
        let quote: String = cps[s..e].iter().collect();
        assert_eq!(a["text"], quote.as_str());
        assert!(a["note"].is_string());
        let ak: Vec<&str> = a.as_object().unwrap().keys().map(String::as_str).collect();
        for k in ["id", "label", "start", "end", "text", "note"] {
            assert!(ak.contains(&k), "annotation lacks {k}");
        }
    }
    let by_id = |id: &str| anns.iter().find(|a| a["id"] == id).unwrap();
    assert_eq!(by_id("a-actor")["text"], "Zelenskyy");
    assert_eq!(by_id("a-fig")["text"], "585 drones");
    assert_eq!(by_id("a-loc")["text"], "Fastiv");
    assert_eq!(by_id("a-emoji")["text"], "👩\u{200d}👩\u{200d}👧");
    assert_eq!(by_id("a-cafe")["text"], "Cafe\u{301}");
    assert!(by_id("a-crlf")["text"]
        .as_str()
        .unwrap()
        .contains("שלום\r\n"));
    assert_eq!(by_id("a-claim")["note"], "check with the air force");
    assert_eq!(by_id("a-claim")["created_at"], "2026-11-26T15:00:00Z");
    assert!(
        by_id("a-actor").get("created_at").is_none(),
        "absent, not null"
    );
    // "Zelenskyy" starts after 2 + 5 + ... code points: check one offset by hand.
    // 👩 ZWJ 👩 ZWJ 👧 (5) space (1) 👍🏽 (2) space (1) Cafe◌́ (5) space (1)
    // 漢字 (2) space (1) שלום (4) \r\n (2) = 24.
    assert_eq!(by_id("a-actor")["start"], 24);
    assert_eq!(by_id("a-actor")["end"], 33);
}

#[test]
fn export_of_nothing() {
    let out = export(&[], AT);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["documents"], json!([]));
    assert!(import(&out).unwrap().is_empty());
}

#[test]
fn round_trip_is_identical() {
    let d = tricky_doc();
    let p = plain_doc("d-2");
    let e = Document::new("d-3".into(), "".into(), "".into());
    let first = export(&[&d, &p, &e], AT);
    let back = import(&first).unwrap();
    assert_eq!(back.len(), 3);
    assert_eq!(back[0], d);
    assert_eq!(back[1], p);
    assert_eq!(back[2], e);
    assert_eq!(snapshot(&back[0]), snapshot(&d));
    let refs: Vec<&Document> = back.iter().collect();
    let second = export(&refs, AT);
    assert_eq!(first, second);
    // Only exported_at differs when exported at another time.
    let third = export(&refs, "2027-01-01T00:00:00.123+02:00");
    assert_ne!(first, third);
    let mut a: Value = serde_json::from_str(&first).unwrap();
    let b: Value = serde_json::from_str(&third).unwrap();
    a["exported_at"] = b["exported_at"].clone();
    assert_eq!(a, b);
}

// ---------------------------------------------------------------------------
// Import refusals. `base()` is a valid file; each test breaks one rule.

fn base() -> Value {
    serde_json::from_str(&export(
        &[&plain_doc("d-1"), &tricky_doc_with_id("d-2")],
        AT,
    ))
    .unwrap()
}

fn tricky_doc_with_id(id: &str) -> Document {
    let mut d = tricky_doc();
    d.id = id.into();
    d
}

fn refuse(change: impl FnOnce(&mut Value)) -> ImportError {
    let mut v = base();
    change(&mut v);
    let s = serde_json::to_string(&v).unwrap();
    match import(&s) {
        Ok(_) => panic!("accepted: {s}"),
        Err(e) => e,
    }
}

fn invalid_msg(e: &ImportError) -> String {
    assert!(
        matches!(e, ImportError::Invalid { .. }),
        "not Invalid: {e:?}"
    );
    e.to_string()
}

#[test]
fn base_is_accepted() {
    let docs = import(&serde_json::to_string(&base()).unwrap()).unwrap();
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[0].id, "d-1");
    assert_eq!(docs[1].annotations.len(), 7);
    assert_eq!(docs[1].meta["date"], "2025-12-07");
}

#[test]
fn refuses_what_is_not_json_or_not_an_object() {
    for s in [
        "",
        "{",
        "not json",
        "{\"format\": \"spanmark\",}",
        "\u{feff}{}",
        "[1,2",
    ] {
        assert!(matches!(import(s), Err(ImportError::NotJson(_))), "{s:?}");
    }
    for s in ["[]", "42", "\"spanmark\"", "null", "true"] {
        let e = import(s).unwrap_err();
        assert!(matches!(e, ImportError::NotOurs(_)), "{s}: {e:?}");
    }
    assert!(import("[]").unwrap_err().to_string().contains("an array"));
}

#[test]
fn refuses_wrong_or_missing_format() {
    let e = refuse(|v| v["format"] = json!("brat"));
    assert!(matches!(e, ImportError::NotOurs(_)));
    assert!(e.to_string().contains("brat"));
    assert!(matches!(
        refuse(|v| v["format"] = json!("Spanmark")),
        ImportError::NotOurs(_)
    ));
    assert!(matches!(
        refuse(|v| v["format"] = json!(1)),
        ImportError::NotOurs(_)
    ));
    let e = refuse(|v| {
        v.as_object_mut().unwrap().remove("format");
    });
    assert!(matches!(e, ImportError::NotOurs(_)));
    // Another tool's JSON.
    assert!(matches!(import("{\"a\": 1}"), Err(ImportError::NotOurs(_))));
}

#[test]
fn refuses_newer_and_bad_versions() {
    let e = refuse(|v| v["version"] = json!(2));
    assert_eq!(e, ImportError::Newer(2));
    assert!(e.to_string().contains("newer"));
    assert_eq!(refuse(|v| v["version"] = json!(99)), ImportError::Newer(99));
    for bad in [json!(0), json!(-1), json!(1.5), json!("1"), json!(null)] {
        let e = refuse(|v| v["version"] = bad.clone());
        assert!(invalid_msg(&e).contains("version"), "{bad}: {e}");
    }
    let e = refuse(|v| {
        v.as_object_mut().unwrap().remove("version");
    });
    assert!(invalid_msg(&e).contains("version"));
}

#[test]
fn refuses_bad_exported_at() {
    for bad in [
        "",
        "2026-11-26",
        "2026-11-26 15:04:05Z",
        "2026-11-26T15:04:05",
        "2026-11-26T15:04Z",
        "2026-11-26T15:04:05.Z",
        "2026-11-26T15:04:05+0100",
        "2026-11-26T15:04:05Zjunk",
        "26-11-2026T15:04:05Z",
        "yesterday",
    ] {
        let e = refuse(|v| v["exported_at"] = json!(bad));
        assert!(invalid_msg(&e).contains("exported_at"), "{bad}: {e}");
    }
    assert!(invalid_msg(&refuse(|v| v["exported_at"] = json!(12))).contains("exported_at"));
    let e = refuse(|v| {
        v.as_object_mut().unwrap().remove("exported_at");
    });
    assert!(invalid_msg(&e).contains("exported_at"));
    // Accepted forms.
    for good in [
        "2026-11-26T15:04:05Z",
        "2026-11-26T15:04:05.1Z",
        "2026-11-26T15:04:05.123456+01:00",
        "2026-11-26T15:04:05-05:30",
    ] {
        let mut v = base();
        v["exported_at"] = json!(good);
        assert!(import(&v.to_string()).is_ok(), "{good}");
    }
}

#[test]
fn refuses_other_offset_units() {
    for bad in ["utf16", "utf-16", "byte", "Codepoint", ""] {
        let e = refuse(|v| v["offset_unit"] = json!(bad));
        assert!(invalid_msg(&e).contains("offset_unit"), "{bad}");
    }
    let e = refuse(|v| {
        v.as_object_mut().unwrap().remove("offset_unit");
    });
    assert!(invalid_msg(&e).contains("offset_unit"));
}

#[test]
fn refuses_bad_labels() {
    let e = refuse(|v| v["labels"] = json!([]));
    assert!(invalid_msg(&e).contains("labels"));
    assert!(invalid_msg(&refuse(|v| v["labels"] = json!({}))).contains("labels"));
    let e = refuse(|v| {
        v.as_object_mut().unwrap().remove("labels");
    });
    assert!(invalid_msg(&e).contains("labels"));

    for bad_id in ["Claim", "1claim", "", "cla im", "clàim", "_claim"] {
        let e = refuse(|v| v["labels"][1]["id"] = json!(bad_id));
        let m = invalid_msg(&e);
        assert!(m.contains("label 2"), "{bad_id}: {m}");
    }
    for bad_color in ["red", "#fff", "#12345g", "e69f00", "#e69f000", ""] {
        let e = refuse(|v| v["labels"][2]["color"] = json!(bad_color));
        let m = invalid_msg(&e);
        assert!(
            m.contains("label 3") && m.contains("color"),
            "{bad_color}: {m}"
        );
    }
    let e = refuse(|v| v["labels"][0]["name"] = json!(""));
    assert!(invalid_msg(&e).contains("label 1"));
    let e = refuse(|v| {
        v["labels"][0].as_object_mut().unwrap().remove("name");
    });
    assert!(invalid_msg(&e).contains("name"));
    let e = refuse(|v| v["labels"][0]["shortcut"] = json!(1));
    assert!(invalid_msg(&e).contains("shortcut"));
    let e = refuse(|v| v["labels"][3] = json!("location"));
    assert!(invalid_msg(&e).contains("label 4"));

    // Duplicate label id.
    let e = refuse(|v| {
        let l = v["labels"][0].clone();
        v["labels"].as_array_mut().unwrap().push(l);
    });
    let m = invalid_msg(&e);
    assert!(m.contains("label 5") && m.contains("twice"), "{m}");

    // Upper-case hex and a missing shortcut are fine.
    let mut v = base();
    v["labels"][0]["color"] = json!("#E69F00");
    v["labels"][0].as_object_mut().unwrap().remove("shortcut");
    assert!(import(&v.to_string()).is_ok());
}

#[test]
fn refuses_bad_documents() {
    assert!(invalid_msg(&refuse(|v| v["documents"] = json!({}))).contains("documents"));
    let e = refuse(|v| {
        v.as_object_mut().unwrap().remove("documents");
    });
    assert!(invalid_msg(&e).contains("documents"));
    let e = refuse(|v| v["documents"][1] = json!([]));
    assert!(invalid_msg(&e).contains("document 2"));

    // Duplicate document id.
    let e = refuse(|v| v["documents"][1]["id"] = json!("d-1"));
    let m = invalid_msg(&e);
    assert!(
        m.contains("document 2") && m.contains("d-1") && m.contains("twice"),
        "{m}"
    );
    let e = refuse(|v| v["documents"][0]["id"] = json!(""));
    assert!(invalid_msg(&e).contains("document 1"));
    let e = refuse(|v| v["documents"][0]["id"] = json!(7));
    assert!(invalid_msg(&e).contains("document 1"));

    for key in ["id", "title", "text", "annotations"] {
        let e = refuse(|v| {
            v["documents"][1].as_object_mut().unwrap().remove(key);
        });
        let m = invalid_msg(&e);
        assert!(m.contains("document 2") && m.contains(key), "{key}: {m}");
    }
    let e = refuse(|v| v["documents"][0]["text"] = json!(null));
    assert!(invalid_msg(&e).contains("document 1"));

    // meta: flat strings only.
    let e = refuse(|v| v["documents"][1]["meta"]["pages"] = json!(12));
    let m = invalid_msg(&e);
    assert!(m.contains("document 2") && m.contains("pages"), "{m}");
    let e = refuse(|v| v["documents"][1]["meta"]["nested"] = json!({"a": "b"}));
    assert!(invalid_msg(&e).contains("nested"));
    let e = refuse(|v| v["documents"][0]["meta"] = json!(["date"]));
    assert!(invalid_msg(&e).contains("meta"));
    let e = refuse(|v| v["documents"][0]["meta"] = json!("2025"));
    assert!(invalid_msg(&e).contains("meta"));

    // meta may be missing or empty.
    let mut v = base();
    v["documents"][0].as_object_mut().unwrap().remove("meta");
    v["documents"][1]["meta"] = json!({});
    let docs = import(&v.to_string()).unwrap();
    assert!(docs[0].meta.is_empty() && docs[1].meta.is_empty());
}

/// Breaks annotation 2 of document 2 (tricky_doc, 7 annotations) and checks
/// the message names both.
fn refuse_ann2(change: impl FnOnce(&mut Value)) -> String {
    let e = refuse(|v| change(&mut v["documents"][1]["annotations"][1]));
    let m = invalid_msg(&e);
    assert!(m.contains("document 2"), "{m}");
    assert!(m.contains("annotation 2"), "{m}");
    m
}

#[test]
fn refuses_bad_annotations() {
    // The second annotation in export order of tricky_doc.
    let v = base();
    let second = v["documents"][1]["annotations"][1].clone();
    assert_eq!(second["id"], "a-cafe");
    let text: Vec<char> = v["documents"][1]["text"]
        .as_str()
        .unwrap()
        .chars()
        .collect();
    let n = text.len() as u64;

    // Not an object, missing fields.
    let e = refuse(|v| v["documents"][1]["annotations"][1] = json!(3));
    assert!(invalid_msg(&e).contains("annotation 2"));
    // (serde's words, with the path and position of the annotation.)
    for key in ["id", "label", "start", "end", "text"] {
        let m = refuse_ann2(|a| {
            a.as_object_mut().unwrap().remove(key);
        });
        assert!(m.contains(&format!("missing field `{key}`")), "{key}: {m}");
        assert!(
            m.contains("at documents[1].annotations[1], line 1 column "),
            "{m}"
        );
    }
    refuse_ann2(|a| a["id"] = json!(""));
    refuse_ann2(|a| a["id"] = json!(5));

    // Labels.
    let m = refuse_ann2(|a| a["label"] = json!("person"));
    assert!(m.contains("person") && m.contains("labels"), "{m}");
    let m = refuse_ann2(|a| a["label"] = json!("Location"));
    assert!(m.contains("Location"));

    // Start and end.
    let m = refuse_ann2(|a| a["end"] = a["start"].clone());
    assert!(m.contains("not less than"), "{m}");
    refuse_ann2(|a| {
        let s = a["start"].clone();
        a["start"] = a["end"].clone();
        a["end"] = s;
    });
    let m = refuse_ann2(|a| a["end"] = json!(n + 1));
    assert!(m.contains("past the end"), "{m}");
    for bad in [
        json!(-1),
        json!(1.5),
        json!(6.0),
        json!("6"),
        json!(null),
        json!(1e30),
    ] {
        let m = refuse_ann2(|a| a["start"] = bad.clone());
        assert!(m.contains("expected a whole number ≥ 0"), "{bad}: {m}");
        assert!(
            m.contains("at documents[1].annotations[1].start,"),
            "{bad}: {m}"
        );
        let m = refuse_ann2(|a| a["end"] = bad.clone());
        assert!(
            m.contains("at documents[1].annotations[1].end,"),
            "{bad}: {m}"
        );
    }

    // Quote.
    let m = refuse_ann2(|a| a["text"] = json!("Cafe"));
    assert!(m.contains("does not match"), "{m}");
    refuse_ann2(|a| a["text"] = json!(7));
    refuse_ann2(|a| a["note"] = json!(7));
    refuse_ann2(|a| a["created_at"] = json!(false));

    // Duplicate (start, end, label), with another id.
    let e = refuse(|v| {
        let anns = v["documents"][1]["annotations"].as_array_mut().unwrap();
        let mut dup = anns[0].clone();
        dup["id"] = json!("a-dup");
        anns.insert(1, dup);
    });
    let m = invalid_msg(&e);
    assert!(m.contains("annotation 2") && m.contains("second"), "{m}");

    // Duplicate annotation id (different span).
    let e = refuse(|v| v["documents"][1]["annotations"][1]["id"] = json!("a-emoji"));
    let m = invalid_msg(&e);
    assert!(m.contains("annotation 2") && m.contains("a-emoji"), "{m}");

    // Unsorted.
    let e = refuse(|v| {
        v["documents"][1]["annotations"]
            .as_array_mut()
            .unwrap()
            .swap(1, 2)
    });
    let m = invalid_msg(&e);
    assert!(
        m.contains("document 2") && m.contains("annotation 3") && m.contains("sorted"),
        "{m}"
    );
    // Same span, labels out of order.
    let e = refuse(|v| {
        let anns = v["documents"][1]["annotations"].as_array_mut().unwrap();
        let i = anns.iter().position(|a| a["id"] == "a-actor").unwrap();
        let mut extra = anns[i].clone();
        extra["id"] = json!("a-actor-2");
        extra["label"] = json!("claim");
        // claim sorts after actor: putting it before is unsorted.
        anns.insert(i, extra);
    });
    assert!(invalid_msg(&e).contains("sorted"));

    // The annotations field itself.
    let e = refuse(|v| v["documents"][1]["annotations"] = json!({}));
    assert!(invalid_msg(&e).contains("annotations"));
}

#[test]
fn refuses_utf16_offsets_after_an_emoji() {
    // A file written by a tool counting UTF-16 units (JavaScript indices).
    let text = "👍🏽 Kyiv and Fastiv";
    let utf16_start = text.encode_utf16().count() - "Kyiv and Fastiv".len();
    assert_eq!(utf16_start, 5);
    let v = json!({
        "format": "spanmark",
        "version": 1,
        "exported_at": AT,
        "offset_unit": "codepoint",
        "labels": [{"id": "location", "name": "Location", "color": "#cc79a7"}],
        "documents": [{
            "id": "d", "title": "t", "text": text,
            "annotations": [
                {"id": "a1", "label": "location", "start": 0, "end": 2, "text": "👍🏽"},
                {"id": "a2", "label": "location", "start": 5, "end": 9, "text": "Kyiv"}
            ]
        }]
    });
    let e = import(&v.to_string()).unwrap_err();
    let m = invalid_msg(&e);
    assert!(
        m.contains("document 1") && m.contains("annotation 2") && m.contains("does not match"),
        "{m}"
    );
    assert!(m.contains("code points"), "{m}");

    // With code point offsets it is accepted.
    let mut ok = v.clone();
    ok["documents"][0]["annotations"][1]["start"] = json!(3);
    ok["documents"][0]["annotations"][1]["end"] = json!(7);
    let docs = import(&ok.to_string()).unwrap();
    assert_eq!(
        docs[0].quote(docs[0].annotations.get("a2").unwrap()),
        "Kyiv"
    );
    // A file with only some of our labels is fine, but a label outside its
    // own list is not, even if it is one of ours.
    let mut other = ok.clone();
    other["documents"][0]["annotations"][1]["label"] = json!("actor");
    let m = invalid_msg(&import(&other.to_string()).unwrap_err());
    assert!(m.contains("actor") && m.contains("labels"), "{m}");
    // A label the file declares but this app does not know.
    let mut foreign = ok.clone();
    foreign["labels"]
        .as_array_mut()
        .unwrap()
        .push(json!({"id": "person", "name": "Person", "color": "#000000"}));
    foreign["documents"][0]["annotations"][1]["label"] = json!("person");
    let m = invalid_msg(&import(&foreign.to_string()).unwrap_err());
    assert!(
        m.contains("person") && m.contains("annotation 2") && m.contains("not one of"),
        "{m}"
    );
}

#[test]
fn crlf_offsets_count_both_characters() {
    let text = "line one\r\nline two";
    let v = json!({
        "format": "spanmark", "version": 1, "exported_at": AT, "offset_unit": "codepoint",
        "labels": [{"id": "claim", "name": "Claim", "color": "#e69f00"}],
        "documents": [{"id": "d", "title": "t", "text": text, "annotations": [
            {"id": "a", "label": "claim", "start": 10, "end": 14, "text": "line"}
        ]}]
    });
    assert!(import(&v.to_string()).is_ok());
    // Offsets from a normalised text (\n only) are one off after the line end.
    let mut bad = v.clone();
    bad["documents"][0]["annotations"][0]["start"] = json!(9);
    bad["documents"][0]["annotations"][0]["end"] = json!(13);
    assert!(invalid_msg(&import(&bad.to_string()).unwrap_err()).contains("does not match"));
}

#[test]
fn unknown_fields_are_ignored() {
    let mut v = base();
    v["generator"] = json!({"name": "future spanmark", "v": [1, 2]});
    v["labels"][0]["description"] = json!("an assertion");
    v["documents"][0]["source_url"] = json!("https://example.com");
    v["documents"][1]["annotations"][0]["confidence"] = json!(0.9);
    v["documents"][1]["annotations"][0]["extra"] = json!(null);
    let docs = import(&v.to_string()).unwrap();
    let want = import(&base().to_string()).unwrap();
    assert_eq!(docs, want);
}

#[test]
fn optional_note_and_created_at() {
    let mut v = base();
    let a = v["documents"][0]["annotations"][0].as_object_mut().unwrap();
    a.remove("note");
    a.remove("created_at");
    let docs = import(&v.to_string()).unwrap();
    let a = docs[0].annotations.iter().next().unwrap();
    assert_eq!(a.note, "");
    assert_eq!(a.created_at, None);
}

/// What serde's derived readers would take but the schema does not: a
/// record written as an array of its fields, `null` for an optional member,
/// a member given twice (which value counts differs between readers).
#[test]
fn refuses_arrays_for_records_nulls_and_duplicate_members() {
    let m = invalid_msg(&refuse(|v| {
        v["documents"][0] = json!(["d-9", "t", "x", {}, []]);
    }));
    assert!(
        m.starts_with("document 1: invalid type: sequence, expected an object (at documents[0], line 1 column "),
        "{m}"
    );
    let m = invalid_msg(&refuse(|v| {
        v["documents"][1]["annotations"][1] = json!(["a-x", "claim", 0, 1, "x"]);
    }));
    assert!(m.contains("at documents[1].annotations[1],"), "{m}");
    let m = invalid_msg(&refuse(|v| {
        v["labels"][2] = json!(["actor", "Actor", "#000000"])
    }));
    assert!(m.starts_with("label 3: "), "{m}");
    let m = refuse_ann2(|a| a["note"] = json!(null));
    assert!(m.contains("at documents[1].annotations[1].note,"), "{m}");
    let m = refuse_ann2(|a| a["created_at"] = json!(null));
    assert!(m.contains("created_at"), "{m}");
    let m = invalid_msg(&refuse(|v| v["labels"][0]["shortcut"] = json!(null)));
    assert!(m.contains("at labels[0].shortcut,"), "{m}");
    let m = invalid_msg(&refuse(|v| v["documents"][0]["meta"] = json!(null)));
    assert!(m.contains("at documents[0].meta,"), "{m}");

    let file = export(&[&plain_doc("d-1"), &tricky_doc_with_id("d-2")], AT);
    let twice = file.replacen("\"note\": ", "\"note\": \"first\", \"note\": ", 1);
    assert_ne!(twice, file);
    let m = invalid_msg(&import(&twice).unwrap_err());
    assert!(
        m.contains("document 1 (\"Plain\"), annotation 1 (\"p1\"): duplicate field `note`"),
        "{m}"
    );
    // The line and column are the file's (the export is pretty-printed).
    let line = 1 + twice[..twice.find("\"first\"").unwrap()]
        .matches('\n')
        .count();
    assert!(m.contains(&format!(", line {line} column ")), "{m}");
}

#[test]
fn first_problem_is_named() {
    // Two problems: the one in document 1 is reported.
    let e = refuse(|v| {
        v["documents"][0]["annotations"][0]["text"] = json!("nope");
        v["documents"][1]["annotations"][0]["text"] = json!("nope");
    });
    let m = invalid_msg(&e);
    assert!(
        m.contains("document 1") && m.contains("annotation 1") && !m.contains("document 2"),
        "{m}"
    );
    assert!(
        m.contains("Plain"),
        "the title helps find the document: {m}"
    );
    assert!(m.contains("p1"), "the annotation id is named: {m}");
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let deep = "[".repeat(100_000);
    assert!(matches!(import(&deep), Err(ImportError::NotJson(_))));
    let closed = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert!(import(&closed).is_err());
    let objs = format!("{}1{}", "{\"a\":".repeat(50_000), "}".repeat(50_000));
    assert!(import(&objs).is_err());
    // Deep inside an otherwise valid file (an unknown field).
    let mut v = base();
    v["extra"] = json!(null);
    let s = v.to_string().replacen(
        "null",
        &format!("{}{}", "[".repeat(20_000), "]".repeat(20_000)),
        1,
    );
    assert!(import(&s).is_err());
}

// ---------------------------------------------------------------------------
// slug.

#[test]
fn slug_examples() {
    assert_eq!(
        slug("Energy facilities were the main targets"),
        "energy-facilities-were-the-main-targets"
    );
    assert_eq!(slug("  Hello,   World!! "), "hello-world");
    assert_eq!(
        slug("Zelenskyy: 585 drones / 30 missiles"),
        "zelenskyy-585-drones-30-missiles"
    );
    assert_eq!(slug(""), "document");
    assert_eq!(slug("!!! ??? ..."), "document");
    // Unicode's alphanumerics in every script, lowercased; everything
    // else separates words.
    assert_eq!(slug("Café Ünïcode"), "café-ünïcode");
    assert_eq!(slug("“Quoted” — text"), "quoted-text");
    assert_eq!(slug("漢字 テスト"), "漢字-テスト");
    assert_eq!(slug("a\r\nb"), "a-b");
    assert_eq!(slug("©2024 Acme™ €5"), "2024-acme-5");
    assert_eq!(slug("ΟΔΟΣ ΣΑΣ"), "οδος-σας");
    assert_eq!(slug("Straße İstanbul"), "straße-i\u{307}stanbul");
    let long = "word ".repeat(40);
    let s = slug(&long);
    assert!(s.chars().count() <= 60, "{s}");
    assert!(!s.ends_with('-'));
    assert!(s.starts_with("word-word"));
    assert_eq!(slug(&"x".repeat(100)), "x".repeat(60));
}

#[test]
fn slug_keeps_grapheme_clusters_whole() {
    // A letter keeps its combining accent; Devanagari its vowel signs.
    assert_eq!(slug("Cafe\u{301} time"), "cafe\u{301}-time");
    assert_eq!(slug("हिन्दी शब्द"), "हिन्दी-शब्द");
    // Emoji are dropped whole: a ZWJ family is one separator, not four
    // emoji and three dashes; so are a skin tone and a flag.
    let family = "👨\u{200d}👩\u{200d}👧\u{200d}👦";
    assert_eq!(slug(&format!("Our {family} trip")), "our-trip");
    assert_eq!(slug(&format!("a{family}b")), "a-b");
    assert_eq!(slug(family), "document");
    assert_eq!(slug("👍🏽"), "document");
    assert_eq!(slug("🇺🇦 Kyiv 🇺🇦"), "kyiv");
    // A keycap begins with its digit: kept whole.
    assert_eq!(slug("1\u{fe0f}\u{20e3} place"), "1\u{fe0f}\u{20e3}-place");
    // The cap falls between clusters: 59 + "e\u{301}" would be 61.
    let x59 = "x".repeat(59);
    assert_eq!(slug(&format!("{x59}e\u{301}")), x59);
    assert_eq!(
        slug(&format!("{} é", "x".repeat(58))),
        format!("{} é", "x".repeat(58)).replace(' ', "-")
    );
    assert_eq!(slug(&format!("{x59} e\u{301}")), x59);
}

#[test]
fn slug_drops_clusters_a_file_name_cannot_hold() {
    // U+0D4E (a letter, Prepend) takes the next code point into its
    // cluster, even a slash or a space: such a cluster is a separator.
    assert_eq!(slug("\u{d4e}/etc passwd"), "etc-passwd");
    assert_eq!(slug("a\u{d4e} b"), "a-b");
    // A vowel sign after a line break begins a cluster, and would join the
    // dash before it: dropped, so that the slug reads back as itself.
    assert_eq!(slug("x\n\u{93e}"), "x");
    assert_eq!(slug("x\n\u{93e}y"), "x-y");
}

#[test]
fn archive_stems_are_cut_between_clusters() {
    use spanmark_core::export::{brat::Brat, Format, Options};
    use spanmark_core::text::words::Lines;
    // 30 clusters of e + COMBINING ACUTE: 60 code points, 90 bytes; the
    // stem keeps the 26 whole clusters that fit in 80 bytes.
    let d = Document::new("d".into(), "e\u{301}".repeat(30), "text".into());
    let o = Options {
        name: "x",
        exported_at: "",
        unix_time: 0,
        segmenter: &Lines,
    };
    let out = Brat.export(&[&d], &o);
    assert_eq!(out.files[0].name, format!("{}.txt", "e\u{301}".repeat(26)));
}

// ---------------------------------------------------------------------------
// Properties.

const PIECES: &[&str] = &[
    "a",
    "Kyiv",
    " ",
    "\r\n",
    "\n",
    "👍🏽",
    "👩\u{200d}👩\u{200d}👧",
    "e\u{301}",
    "漢",
    "שלום",
    "\"",
    "\\",
    "\u{0}",
    "\t",
];

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 1..60).prop_map(|v| v.concat())
}

fn document(idx: usize) -> impl Strategy<Value = Document> {
    (
        text(),
        ".{0,12}",
        prop::collection::btree_map("[a-z]{1,5}", ".{0,8}", 0..3),
        prop::collection::vec(
            (
                0usize..200,
                1usize..40,
                prop::sample::select(Label::ALL.to_vec()),
                ".{0,6}",
                any::<bool>(),
            ),
            0..12,
        ),
    )
        .prop_map(move |(t, title, meta, anns)| {
            let mut d = Document::new(format!("d{idx}"), title, t);
            d.meta = meta;
            let n = d.text.len();
            for (i, (a, len, l, note, stamp)) in anns.into_iter().enumerate() {
                let a = a % n;
                let _ = d.add(Annotation {
                    id: format!("a{i}"),
                    label: l,
                    span: Span::new(a, (a + len).min(n)).unwrap(),
                    note,
                    created_at: stamp.then(|| "2026-01-02T03:04:05Z".to_string()),
                });
            }
            d
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn prop_round_trip(d0 in document(0), d1 in document(1)) {
        let first = export(&[&d0, &d1], AT);
        let back = import(&first).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(&back[0], &d0);
        prop_assert_eq!(&back[1], &d1);
        let refs: Vec<&Document> = back.iter().collect();
        prop_assert_eq!(export(&refs, AT), first.clone());
        // Every quote is the code point slice of its text.
        let v: Value = serde_json::from_str(&first).unwrap();
        for d in v["documents"].as_array().unwrap() {
            let cps: Vec<char> = d["text"].as_str().unwrap().chars().collect();
            for a in d["annotations"].as_array().unwrap() {
                let s = a["start"].as_u64().unwrap() as usize;
                let e = a["end"].as_u64().unwrap() as usize;
                prop_assert!(s < e && e <= cps.len());
                let q: String = cps[s..e].iter().collect();
                prop_assert_eq!(a["text"].as_str().unwrap(), q.as_str());
            }
        }
    }

    #[test]
    fn prop_import_never_panics_on_mangled_files(
        d in document(0),
        cut in any::<prop::sample::Index>(),
        pos in any::<prop::sample::Index>(),
        byte in prop::sample::select(vec!["", "0", "9", "\"", "{", "]", ",", "-", "x", "é"]),
    ) {
        let s = export(&[&d], AT);
        let chars: Vec<char> = s.chars().collect();
        // Truncated.
        let t: String = chars[..cut.index(chars.len() + 1)].iter().collect();
        if t.len() < s.len() {
            prop_assert!(import(&t).is_err());
        }
        // One character replaced.
        let i = pos.index(chars.len());
        let mut m: String = chars[..i].iter().collect();
        m.push_str(byte);
        m.extend(&chars[i + 1..]);
        let _ = import(&m);
    }

    #[test]
    fn prop_slug_shape(title in ".{0,120}") {
        let s = slug(&title);
        prop_assert!(!s.is_empty());
        prop_assert!(s.chars().count() <= 60);
        if s != "document" {
            // Never a character that is special in file names.
            let ok = |c: char| if c.is_ascii() {
                c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'
            } else {
                !c.is_whitespace() && !c.is_control()
            };
            prop_assert!(s.chars().all(ok), "{:?}", s);
            prop_assert!(!s.starts_with('-') && !s.ends_with('-'));
            prop_assert!(!s.contains("--"));
        }
        prop_assert_eq!(slug(&s), s.clone(), "idempotent");
    }

    /// Titles of clusters that join, fuse or fold: the slug has the shape
    /// above, reads back as itself, and holds only whole clusters of the
    /// lowercased title.
    #[test]
    fn prop_slug_keeps_clusters_whole(
        pieces in proptest::collection::vec(prop::sample::select(SLUG_PIECES), 0..40),
    ) {
        let title = pieces.concat();
        let s = slug(&title);
        prop_assert!(s.chars().count() <= 60);
        prop_assert_eq!(slug(&s), s.clone(), "idempotent");
        if s != "document" {
            prop_assert!(!s.starts_with('-') && !s.ends_with('-') && !s.contains("--"));
            // Sigma is final or not by the word the slug cuts, not the
            // whole title's context: count ς as σ.
            let sigma = |g: &str| g.replace('ς', "σ");
            let lower = title.to_lowercase();
            let mut whole: Vec<String> = lower.graphemes(true).map(sigma).collect();
            whole.extend(title.graphemes(true).map(|g| sigma(&g.to_lowercase())));
            for g in s.graphemes(true).filter(|&g| g != "-") {
                prop_assert!(whole.contains(&sigma(g)), "{:?} is no cluster of {:?} (slug {:?})", g, title, s);
                prop_assert!(g.chars().all(|c| !c.is_whitespace() && !c.is_control() && (!c.is_ascii() || c.is_ascii_alphanumeric())));
            }
        }
    }
}

const SLUG_PIECES: &[&str] = &[
    "a",
    "Z",
    "9",
    "ΟΔΟΣ",
    "Σ",
    "e\u{301}",
    "\u{301}",
    "ß",
    "ẞ",
    "İ",
    "ﬁ",
    "漢",
    "क",
    "ि",
    "\u{93e}",
    "\u{d4e}",
    "\u{600}",
    "\u{200d}",
    "👨\u{200d}👩\u{200d}👧\u{200d}👦",
    "👍🏽",
    "🇺🇦",
    "🇺",
    "1\u{fe0f}\u{20e3}",
    " ",
    "\r\n",
    "\n",
    "/",
    "-",
    ".",
    "\u{1}",
];
