#![cfg(not(target_arch = "wasm32"))]
//! Notes on annotations: the `Edit::Note` edit, its inverse, its way to
//! storage and to the exports that carry notes, and a property suite of
//! edit sequences with notes undone and redone in full.

use proptest::prelude::*;
use proptest::sample::Index;
use serde_json::Value;
use spanmark_core::editor::Editor;
use spanmark_core::export::{brat, native, w3c, Format, Options};
use spanmark_core::label::Label;
use spanmark_core::model::{clean_note, Annotation, Document, ModelError};
use spanmark_core::ops::{Edit, History};
use spanmark_core::storage::{decode_document, encode_changes, encode_document};
use spanmark_core::text::words::Segmenter;
use spanmark_core::text::Span;

const TEXT: &str = "Zelenskyy met 3 ministers in Kyiv 🇺🇦 on Sunday, officials said.";

fn ann(id: &str, label: Label, a: usize, b: usize, note: &str) -> Annotation {
    Annotation {
        id: id.into(),
        label,
        span: Span::new(a, b).unwrap(),
        note: note.into(),
        created_at: None,
    }
}

fn doc() -> Document {
    let mut d = Document::new("d1".into(), "Notes".into(), TEXT.into());
    d.add(ann("a", Label::Actor, 0, 9, "")).unwrap();
    d.add(ann("b", Label::Location, 29, 33, "capital")).unwrap();
    d
}

fn note_of(d: &Document, id: &str) -> String {
    d.annotations.get(id).unwrap().note.clone()
}

fn set(id: &str, from: &str, to: &str) -> Edit {
    Edit::Note {
        id: id.into(),
        from: from.into(),
        to: to.into(),
    }
}

#[test]
fn note_edit_sets_and_its_inverse_restores() {
    let mut d = doc();
    let before = d.clone();
    let e = set("a", "", "President of Ukraine");
    assert_eq!(e.inverse(), set("a", "President of Ukraine", ""));
    assert_eq!(e.inverse().inverse(), e);
    e.apply(&mut d).unwrap();
    assert_eq!(note_of(&d, "a"), "President of Ukraine");
    // Nothing else moved: same keys, same order, same other note.
    let spans: Vec<_> = d
        .annotations
        .iter()
        .map(|a| (a.id.clone(), a.span, a.label))
        .collect();
    let want: Vec<_> = before
        .annotations
        .iter()
        .map(|a| (a.id.clone(), a.span, a.label))
        .collect();
    assert_eq!(spans, want);
    assert_eq!(note_of(&d, "b"), "capital");
    assert_ne!(d, before, "a note is part of the document's equality");
    e.inverse().apply(&mut d).unwrap();
    assert_eq!(d, before);
}

#[test]
fn stale_or_missing_note_edits_are_refused_and_change_nothing() {
    let mut d = doc();
    let before = d.clone();
    // `from` is not the current note (another tab changed it meanwhile).
    assert_eq!(
        set("b", "old", "new").apply(&mut d),
        Err(ModelError::Missing("b".into()))
    );
    assert_eq!(
        set("zz", "", "x").apply(&mut d),
        Err(ModelError::Missing("zz".into()))
    );
    assert_eq!(d, before);
    // In a batch, a refused note edit rolls back the ones before it.
    let batch = Edit::Batch(vec![set("a", "", "first"), set("b", "nope", "second")]);
    assert!(batch.apply(&mut d).is_err());
    assert_eq!(d, before);
}

#[test]
fn notes_survive_relabel_and_remove_undo() {
    let mut d = doc();
    let mut h = History::default();
    h.apply(&mut d, set("a", "", "head of state")).unwrap();
    h.apply(
        &mut d,
        Edit::Relabel {
            id: "a".into(),
            from: Label::Actor,
            to: Label::Claim,
        },
    )
    .unwrap();
    assert_eq!(note_of(&d, "a"), "head of state");
    let cur = d.annotations.get("a").unwrap().clone();
    h.apply(&mut d, Edit::Remove(cur)).unwrap();
    assert!(d.annotations.get("a").is_none());
    h.undo(&mut d).unwrap().unwrap();
    assert_eq!(note_of(&d, "a"), "head of state");
    h.undo(&mut d).unwrap().unwrap();
    assert_eq!(
        h.undo(&mut d).unwrap().unwrap(),
        set("a", "head of state", "")
    );
    assert_eq!(d, doc());
    assert!(!h.can_undo());
    h.redo(&mut d).unwrap().unwrap();
    assert_eq!(note_of(&d, "a"), "head of state");
}

#[test]
fn clean_note_drops_surrounding_whitespace_only() {
    assert_eq!(clean_note(""), "");
    assert_eq!(clean_note(" \n\t "), "");
    assert_eq!(clean_note("  two\nlines \n"), "two\nlines");
    assert_eq!(
        clean_note("<img src=x onerror=alert(1)>"),
        "<img src=x onerror=alert(1)>"
    );
}

#[test]
fn a_note_edit_redraws_its_lines_and_reaches_storage() {
    let mut d = Document::new("d2".into(), "Lines".into(), "one\ntwo Kyiv\nthree".into());
    d.add(ann("k", Label::Location, 8, 12, "")).unwrap();
    let mut e = Editor::new(d);
    let change = e.apply(set("k", "", "city 🇺🇦")).unwrap();
    assert_eq!(change.chunks, vec![1], "only the annotation's line redraws");
    assert!(change.spans.contains(&Span::new(8, 12).unwrap()));
    // The changed bucket carries the note; the document reads back with it.
    let mut stored: std::collections::HashMap<String, String> =
        encode_document(e.doc()).into_iter().collect();
    for (k, v) in encode_changes(e.doc(), &change.spans) {
        match v {
            Some(v) => stored.insert(k, v),
            None => stored.remove(&k),
        };
    }
    let back = decode_document("d2", |k| stored.get(k).cloned()).unwrap();
    assert_eq!(note_of(&back, "k"), "city 🇺🇦");
    assert_eq!(&back, e.doc());
    // Undo: the bucket is rewritten without it.
    let change = e.undo().unwrap().unwrap();
    assert_eq!(change.chunks, vec![1]);
    for (k, v) in encode_changes(e.doc(), &change.spans) {
        match v {
            Some(v) => stored.insert(k, v),
            None => stored.remove(&k),
        };
    }
    let back = decode_document("d2", |k| stored.get(k).cloned()).unwrap();
    assert_eq!(note_of(&back, "k"), "");
}

struct NoWords;

impl Segmenter for NoWords {
    fn words(&self, _: &str) -> Vec<Span> {
        Vec::new()
    }
    fn sentences(&self, _: &str) -> Vec<Span> {
        Vec::new()
    }
}

#[test]
fn a_note_reaches_native_w3c_and_brat() {
    let mut d = doc();
    let hostile = "<img src=x onerror=alert(1)> \"quoted\"\ttab";
    set("a", "", hostile).apply(&mut d).unwrap();

    let json: Value = serde_json::from_str(&native::export(&[&d], "2026-11-26T00:00:00Z")).unwrap();
    let anns = &json["documents"][0]["annotations"];
    let a = anns
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == "a")
        .unwrap();
    assert_eq!(a["note"], hostile);
    // Round trip through our own import.
    let back = native::import(&native::export(&[&d], "2026-11-26T00:00:00Z")).unwrap();
    assert_eq!(note_of(&back[0], "a"), hostile);

    let opts = Options {
        name: "notes",
        exported_at: "2026-11-26T00:00:00Z",
        unix_time: 0,
        segmenter: &NoWords,
    };
    let out = w3c::W3c.export(&[&d], &opts);
    let w: Value = serde_json::from_str(out.files[0].as_str()).unwrap();
    let items = w["first"]["items"].as_array().unwrap();
    let comments: Vec<&Value> = items
        .iter()
        .flat_map(|i| i["body"].as_array().unwrap())
        .filter(|b| b["purpose"] == "commenting")
        .collect();
    let values: Vec<&str> = comments
        .iter()
        .map(|b| b["value"].as_str().unwrap())
        .collect();
    assert!(
        values.contains(&hostile),
        "W3C commenting bodies: {values:?}"
    );
    assert!(values.contains(&"capital"));

    let (ann_file, _) = brat::ann(&d);
    assert!(
        ann_file.contains("AnnotatorNotes T1\t<img src=x onerror=alert(1)> \"quoted\" tab"),
        "{ann_file}"
    );
}

// ---------------------------------------------------------------------------
// Property: any sequence of edits (notes among them), then as many undos as
// edits that applied, gives back the initial document exactly; as many redos
// then give the final one.

#[derive(Clone, Debug)]
enum Step {
    Add(usize, (Index, Index), Label, String),
    Remove(usize),
    Relabel(usize, Label),
    /// `stale`: claim a `from` that is not the current note.
    Note(usize, String, bool),
    Batch(Vec<Step>),
}

const POOL: usize = 6;
const NOTES: &[&str] = &[
    "",
    "x",
    "President of Ukraine",
    "two\nlines",
    "<img src=x onerror=alert(1)>",
    "🇺🇦 e\u{301}",
];

fn label() -> impl Strategy<Value = Label> {
    prop::sample::select(Label::ALL.to_vec())
}

fn note() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(NOTES).prop_map(str::to_string),
        1 => ".{0,10}",
    ]
}

fn simple() -> impl Strategy<Value = Step> {
    prop_oneof![
        3 => (0..POOL, (any::<Index>(), any::<Index>()), label(), note())
            .prop_map(|(i, s, l, n)| Step::Add(i, s, l, n)),
        1 => (0..POOL).prop_map(Step::Remove),
        2 => (0..POOL, label()).prop_map(|(i, l)| Step::Relabel(i, l)),
        4 => (0..POOL, note(), prop::bool::weighted(0.15)).prop_map(|(i, n, s)| Step::Note(i, n, s)),
    ]
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        6 => simple(),
        1 => prop::collection::vec(simple(), 0..4).prop_map(Step::Batch),
    ]
}

fn to_edit(st: &Step, d: &Document) -> Edit {
    let n = d.text.len();
    let id = |i: usize| format!("a{i}");
    match st {
        Step::Add(i, (a, l), label, note) => {
            let a = a.index(n);
            let b = a + 1 + l.index((n - a).min(12));
            Edit::Add(ann(&id(*i), *label, a, b, note))
        }
        Step::Remove(i) => match d.annotations.get(&id(*i)) {
            Some(cur) => Edit::Remove(cur.clone()),
            None => Edit::Remove(ann(&id(*i), Label::Claim, 0, 1, "")),
        },
        Step::Relabel(i, to) => Edit::Relabel {
            id: id(*i),
            from: d.annotations.get(&id(*i)).map_or(Label::Actor, |a| a.label),
            to: *to,
        },
        Step::Note(i, to, stale) => {
            let cur = d
                .annotations
                .get(&id(*i))
                .map(|a| a.note.clone())
                .unwrap_or_default();
            Edit::Note {
                id: id(*i),
                from: if *stale { format!("{cur}?") } else { cur },
                to: clean_note(to),
            }
        }
        Step::Batch(v) => Edit::Batch(v.iter().map(|s| to_edit(s, d)).collect()),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3_000))]

    #[test]
    fn prop_edits_with_notes_undo_and_redo_exactly(
        pre in prop::collection::vec((label(), note()), 0..3),
        steps in prop::collection::vec(step(), 0..30),
    ) {
        let mut d = Document::new("d".into(), "T".into(), TEXT.into());
        for (i, (l, n)) in pre.iter().enumerate() {
            let _ = d.add(ann(&format!("a{i}"), *l, i * 4, i * 4 + 3, n));
        }
        let initial = d.clone();
        let mut e = Editor::new(d);
        let mut applied = 0;
        for st in &steps {
            let edit = to_edit(st, e.doc());
            let before = e.doc().clone();
            match e.apply(edit.clone()) {
                Ok(_) => {
                    applied += 1;
                    // The inverse alone takes this one edit back.
                    let mut back = e.doc().clone();
                    edit.inverse().apply(&mut back).unwrap();
                    prop_assert_eq!(&back, &before);
                }
                // A refused edit changes nothing at all.
                Err(_) => prop_assert_eq!(e.doc(), &before),
            }
        }
        let fin = e.doc().clone();
        for _ in 0..applied {
            prop_assert!(e.undo().unwrap().is_ok());
        }
        prop_assert!(e.undo().is_none());
        prop_assert_eq!(e.doc(), &initial);
        // Notes included, annotation by annotation.
        let notes = |d: &Document| d.annotations.iter().map(|a| (a.id.clone(), a.note.clone())).collect::<Vec<_>>();
        prop_assert_eq!(notes(e.doc()), notes(&initial));
        for _ in 0..applied {
            prop_assert!(e.redo().unwrap().is_ok());
        }
        prop_assert!(e.redo().is_none());
        prop_assert_eq!(e.doc(), &fin);
        prop_assert_eq!(notes(e.doc()), notes(&fin));
    }
}
