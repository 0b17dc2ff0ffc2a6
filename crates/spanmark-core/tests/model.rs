#![cfg(not(target_arch = "wasm32"))]
//! The model (annotations, documents, labels), edits with undo/redo, and the
//! editor's chunk bookkeeping.

use proptest::prelude::*;
use spanmark_core::editor::{Change, Editor};
use spanmark_core::label::Label;
use spanmark_core::model::{Annotation, Annotations, Document, ModelError};
use spanmark_core::ops::{Edit, History};
use spanmark_core::text::Span;

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

fn doc(text: &str) -> Document {
    Document::new("d1".into(), "Title".into(), text.into())
}

fn ids<'a>(it: impl IntoIterator<Item = &'a Annotation>) -> Vec<String> {
    it.into_iter().map(|a| a.id.clone()).collect()
}

fn snapshot(d: &Document) -> Vec<Annotation> {
    d.annotations.iter().cloned().collect()
}

const LOREM: &str = "The quick brown fox jumps over the lazy dog and keeps running far away.";

// ---------------------------------------------------------------------------
// Labels.

#[test]
fn labels_ids_order_and_lookup() {
    let ids: Vec<&str> = Label::ALL.iter().map(|l| l.id()).collect();
    assert_eq!(ids, ["claim", "figure", "actor", "location"]);
    let keys: Vec<char> = Label::ALL.iter().map(|l| l.shortcut()).collect();
    assert_eq!(keys, ['1', '2', '3', '4']);
    for l in Label::ALL {
        assert_eq!(Label::from_id(l.id()), Some(l));
        assert_eq!(Label::from_shortcut(&l.shortcut().to_string()), Some(l));
        assert!(l.color().starts_with('#') && l.color().len() == 7);
        assert_eq!(l.name().to_lowercase(), l.id());
    }
    assert_eq!(Label::from_id("Claim"), None);
    assert_eq!(Label::from_id("person"), None);
    assert_eq!(Label::from_shortcut("5"), None);
    assert_eq!(Label::from_shortcut("12"), None);
    assert_eq!(Label::from_shortcut(""), None);
    // Ord is the alphabetical order of ids (the export's sort key).
    let mut sorted = Label::ALL.to_vec();
    sorted.sort();
    let mut by_id = Label::ALL.to_vec();
    by_id.sort_by_key(|l| l.id());
    assert_eq!(sorted, by_id);
    // Stored and exported as the id, read back by it.
    for l in Label::ALL {
        assert_eq!(Label::from_id(l.id()), Some(l));
    }
}

// ---------------------------------------------------------------------------
// Annotations.

#[test]
fn insert_get_find_remove() {
    let mut a = Annotations::default();
    assert!(a.is_empty());
    a.insert(ann("x", Label::Actor, 4, 9)).unwrap();
    a.insert(ann("y", Label::Claim, 0, 20)).unwrap();
    assert_eq!(a.len(), 2);
    assert_eq!(a.get("x").unwrap().span, sp(4, 9));
    assert_eq!(a.get("nope"), None);
    assert_eq!(a.find(sp(0, 20), Label::Claim).unwrap().id, "y");
    assert_eq!(a.find(sp(0, 20), Label::Actor), None);
    assert_eq!(a.find(sp(4, 10), Label::Actor), None);

    let removed = a.remove("x").unwrap();
    assert_eq!(removed, ann("x", Label::Actor, 4, 9));
    assert_eq!(a.len(), 1);
    assert_eq!(a.get("x"), None);
    assert_eq!(a.find(sp(4, 9), Label::Actor), None);
    assert_eq!(a.remove("x"), None);
    // The id and the key are free again.
    a.insert(ann("x", Label::Actor, 4, 9)).unwrap();
    assert_eq!(a.len(), 2);
}

#[test]
fn duplicate_key_and_taken_id_are_refused_without_change() {
    let mut a = Annotations::default();
    a.insert(ann("x", Label::Actor, 4, 9)).unwrap();
    let before = a.clone();

    let err = a.insert(ann("z", Label::Actor, 4, 9)).unwrap_err();
    assert_eq!(err, ModelError::Duplicate((sp(4, 9), Label::Actor)));
    assert!(err.to_string().contains("actor") && err.to_string().contains("4..9"));
    assert_eq!(a, before);
    assert_eq!(a.get("z"), None);

    let err = a.insert(ann("x", Label::Claim, 0, 3)).unwrap_err();
    assert_eq!(err, ModelError::IdTaken("x".into()));
    assert_eq!(a, before);
    assert_eq!(a.find(sp(0, 3), Label::Claim), None);

    // Same span, other label, other id: fine.
    a.insert(ann("z", Label::Claim, 4, 9)).unwrap();
    assert_eq!(a.len(), 2);
}

#[test]
fn document_add_checks_the_text() {
    let mut d = doc("héllo 👍🏽"); // 8 code points
    assert_eq!(d.text.len(), 8);
    d.add(ann("a", Label::Figure, 6, 8)).unwrap();
    assert_eq!(d.quote(d.annotations.get("a").unwrap()), "👍🏽");
    let err = d.add(ann("b", Label::Figure, 6, 9)).unwrap_err();
    assert_eq!(err, ModelError::OutOfText(sp(6, 9), 8));
    assert!(err.to_string().contains("8 code points"));
    assert_eq!(d.annotations.len(), 1);
    assert_eq!(
        d.add(ann("c", Label::Figure, 100, 101)),
        Err(ModelError::OutOfText(sp(100, 101), 8))
    );
    assert_eq!(d.quote(&ann("q", Label::Actor, 0, 5)), "héllo");
}

#[test]
fn iteration_is_by_start_end_then_label_id() {
    let mut a = Annotations::default();
    // Inserted in a scrambled order.
    a.insert(ann("5", Label::Actor, 3, 4)).unwrap();
    a.insert(ann("3", Label::Location, 0, 5)).unwrap();
    a.insert(ann("1", Label::Actor, 0, 5)).unwrap();
    a.insert(ann("4", Label::Claim, 0, 9)).unwrap();
    a.insert(ann("2", Label::Figure, 0, 5)).unwrap();
    a.insert(ann("0", Label::Location, 0, 2)).unwrap();
    a.insert(ann("6", Label::Claim, 3, 4)).unwrap();
    assert_eq!(ids(a.iter()), ["0", "1", "2", "3", "4", "5", "6"]);
    assert_eq!(ids(a.iter().rev()), ["6", "5", "4", "3", "2", "1", "0"]);
}

#[test]
fn overlapping_examples() {
    let mut a = Annotations::default();
    a.insert(ann("long", Label::Claim, 0, 50)).unwrap();
    a.insert(ann("mid", Label::Actor, 10, 20)).unwrap();
    a.insert(ann("touch", Label::Figure, 20, 25)).unwrap();
    a.insert(ann("far", Label::Location, 60, 61)).unwrap();
    let o = |a: &Annotations, s, e| ids(a.overlapping(sp(s, e)));
    assert_eq!(o(&a, 19, 20), ["long", "mid"]);
    assert_eq!(o(&a, 20, 21), ["long", "touch"]);
    assert_eq!(o(&a, 45, 60), ["long"]);
    assert_eq!(o(&a, 50, 60), Vec::<String>::new());
    assert_eq!(o(&a, 55, 100), ["far"]);
    assert_eq!(o(&a, 0, 1), ["long"]);
    // A removed long span must not linger in the results.
    a.remove("long");
    assert_eq!(o(&a, 45, 60), Vec::<String>::new());
    assert_eq!(o(&a, 19, 20), ["mid"]);
}

#[test]
fn starting_in_examples() {
    let mut a = Annotations::default();
    let st = |a: &Annotations, lo, hi| ids(a.starting_in(lo, hi));
    assert!(st(&a, 0, 100).is_empty());
    a.insert(ann("z", Label::Location, 0, 1)).unwrap();
    // Same start: every end and label, in export order (Actor sorts first,
    // and is what the range bounds are built from).
    a.insert(ann("s-loc", Label::Location, 5, 6)).unwrap();
    a.insert(ann("s-act", Label::Actor, 5, 6)).unwrap();
    a.insert(ann("s-long", Label::Actor, 5, 90)).unwrap();
    a.insert(ann("t", Label::Claim, 9, 10)).unwrap();
    a.insert(ann("u", Label::Figure, 10, 12)).unwrap();
    assert_eq!(st(&a, 5, 6), ["s-act", "s-loc", "s-long"]);
    assert_eq!(st(&a, 5, 10), ["s-act", "s-loc", "s-long", "t"]);
    // Half-open: lo included, hi excluded.
    assert_eq!(st(&a, 6, 10), ["t"]);
    assert_eq!(st(&a, 9, 11), ["t", "u"]);
    assert_eq!(st(&a, 10, 11), ["u"]);
    assert_eq!(st(&a, 0, 5), ["z"]);
    assert_eq!(st(&a, 0, 1000), ["z", "s-act", "s-loc", "s-long", "t", "u"]);
    // By start only: a span starting before lo is out even if it covers lo.
    assert!(st(&a, 6, 9).is_empty());
    assert!(st(&a, 11, 1000).is_empty());
    // Empty and inverted ranges.
    assert!(st(&a, 5, 5).is_empty());
    assert!(st(&a, 10, 5).is_empty());
    assert!(st(&a, 0, 0).is_empty());
    a.remove("s-loc");
    assert_eq!(st(&a, 5, 6), ["s-act", "s-long"]);
}

#[test]
fn counts_in_display_order() {
    let mut a = Annotations::default();
    assert_eq!(
        a.counts(),
        [
            (Label::Claim, 0),
            (Label::Figure, 0),
            (Label::Actor, 0),
            (Label::Location, 0)
        ]
    );
    a.insert(ann("1", Label::Actor, 0, 1)).unwrap();
    a.insert(ann("2", Label::Actor, 1, 2)).unwrap();
    a.insert(ann("3", Label::Location, 1, 2)).unwrap();
    a.insert(ann("4", Label::Actor, 5, 9)).unwrap();
    assert_eq!(
        a.counts(),
        [
            (Label::Claim, 0),
            (Label::Figure, 0),
            (Label::Actor, 3),
            (Label::Location, 1)
        ]
    );
    a.remove("4");
    assert_eq!(a.counts()[2], (Label::Actor, 2));
}

#[test]
fn equality_ignores_history() {
    // Two collections with the same annotations are equal, however they got
    // there (e.g. after an undo removed a long span).
    let mut a = Annotations::default();
    a.insert(ann("x", Label::Actor, 1, 2)).unwrap();
    let mut b = a.clone();
    b.insert(ann("long", Label::Claim, 0, 500)).unwrap();
    b.remove("long");
    assert_eq!(a, b);
    let mut d1 = doc(LOREM);
    let mut d2 = doc(LOREM);
    d1.add(ann("x", Label::Actor, 1, 2)).unwrap();
    d2.add(ann("y", Label::Actor, 0, 60)).unwrap();
    d2.annotations.remove("y");
    d2.add(ann("x", Label::Actor, 1, 2)).unwrap();
    assert_eq!(d1, d2);
    // And unequal when the content differs.
    d2.add(ann("z", Label::Actor, 1, 3)).unwrap();
    assert_ne!(d1, d2);
}

// ---------------------------------------------------------------------------
// Edits and history.

#[test]
fn edit_apply_and_inverse() {
    let mut d = doc(LOREM);
    let a = ann("a1", Label::Actor, 4, 9);
    let add = Edit::Add(a.clone());
    assert_eq!(add.inverse(), Edit::Remove(a.clone()));
    assert_eq!(add.inverse().inverse(), add);
    add.apply(&mut d).unwrap();
    assert_eq!(snapshot(&d), vec![a.clone()]);
    // Adding twice is refused.
    assert!(matches!(add.apply(&mut d), Err(ModelError::Duplicate(_))));

    let rel = Edit::Relabel {
        id: "a1".into(),
        from: Label::Actor,
        to: Label::Location,
    };
    assert_eq!(
        rel.inverse(),
        Edit::Relabel {
            id: "a1".into(),
            from: Label::Location,
            to: Label::Actor
        }
    );
    rel.apply(&mut d).unwrap();
    assert_eq!(d.annotations.get("a1").unwrap().label, Label::Location);
    assert_eq!(d.annotations.find(sp(4, 9), Label::Actor), None);
    // Applying the same relabel again: `from` no longer matches.
    assert_eq!(rel.apply(&mut d), Err(ModelError::Missing("a1".into())));
    rel.inverse().apply(&mut d).unwrap();
    assert_eq!(snapshot(&d), vec![a.clone()]);

    add.inverse().apply(&mut d).unwrap();
    assert!(d.annotations.is_empty());
    assert_eq!(
        Edit::Remove(a.clone()).apply(&mut d),
        Err(ModelError::Missing("a1".into()))
    );
    // Adding past the text.
    assert!(matches!(
        Edit::Add(ann("b", Label::Claim, 0, 999)).apply(&mut d),
        Err(ModelError::OutOfText(..))
    ));
}

#[test]
fn remove_of_a_stale_copy_is_refused() {
    // Removing takes the annotation it removes, so that undo can put it back;
    // a copy that no longer matches what is stored must not remove it (undo
    // would then restore the stale copy).
    let mut d = doc(LOREM);
    let a = ann("a1", Label::Actor, 4, 9);
    d.add(a.clone()).unwrap();
    Edit::Relabel {
        id: "a1".into(),
        from: Label::Actor,
        to: Label::Claim,
    }
    .apply(&mut d)
    .unwrap();
    let before = snapshot(&d);
    assert!(Edit::Remove(a.clone()).apply(&mut d).is_err());
    assert_eq!(snapshot(&d), before);

    let mut stale_span = d.annotations.get("a1").unwrap().clone();
    stale_span.span = sp(4, 10);
    assert!(Edit::Remove(stale_span).apply(&mut d).is_err());
    assert_eq!(snapshot(&d), before);

    // The current copy does remove it, and undo restores it exactly.
    let cur = d.annotations.get("a1").unwrap().clone();
    let rm = Edit::Remove(cur);
    rm.apply(&mut d).unwrap();
    rm.inverse().apply(&mut d).unwrap();
    assert_eq!(snapshot(&d), before);
}

#[test]
fn relabel_onto_existing_key_is_refused_and_changes_nothing() {
    let mut d = doc(LOREM);
    d.add(ann("a", Label::Actor, 4, 9)).unwrap();
    d.add(ann("b", Label::Claim, 4, 9)).unwrap();
    let before = d.clone();
    let err = Edit::Relabel {
        id: "a".into(),
        from: Label::Actor,
        to: Label::Claim,
    }
    .apply(&mut d)
    .unwrap_err();
    assert_eq!(err, ModelError::Duplicate((sp(4, 9), Label::Claim)));
    assert_eq!(d, before);
    assert_eq!(d.annotations.get("a").unwrap().label, Label::Actor);
    // Relabelling to the same label is a duplicate of itself.
    assert!(Edit::Relabel {
        id: "a".into(),
        from: Label::Actor,
        to: Label::Actor
    }
    .apply(&mut d)
    .is_err());
    assert_eq!(d, before);
    // Unknown id.
    assert_eq!(
        Edit::Relabel {
            id: "zz".into(),
            from: Label::Actor,
            to: Label::Figure
        }
        .apply(&mut d),
        Err(ModelError::Missing("zz".into()))
    );
}

#[test]
fn relabel_keeps_id_note_and_timestamp() {
    let mut d = doc(LOREM);
    let mut a = ann("a", Label::Actor, 4, 9);
    a.note = "check".into();
    a.created_at = Some("2026-01-01T00:00:00Z".into());
    d.add(a.clone()).unwrap();
    Edit::Relabel {
        id: "a".into(),
        from: Label::Actor,
        to: Label::Figure,
    }
    .apply(&mut d)
    .unwrap();
    let got = d.annotations.get("a").unwrap();
    assert_eq!(got.label, Label::Figure);
    assert_eq!(
        (got.span, &got.note, &got.created_at),
        (a.span, &a.note, &a.created_at)
    );
}

#[test]
fn batch_is_all_or_nothing() {
    let mut d = doc(LOREM);
    d.add(ann("pre", Label::Actor, 0, 3)).unwrap();
    let before = d.clone();
    let batch = Edit::Batch(vec![
        Edit::Add(ann("a", Label::Actor, 4, 9)),
        Edit::Relabel {
            id: "pre".into(),
            from: Label::Actor,
            to: Label::Claim,
        },
        Edit::Add(ann("b", Label::Actor, 10, 15)),
        // Fails: same key as "a".
        Edit::Add(ann("c", Label::Actor, 4, 9)),
        Edit::Add(ann("d", Label::Actor, 20, 25)),
    ]);
    let err = batch.apply(&mut d).unwrap_err();
    assert_eq!(err, ModelError::Duplicate((sp(4, 9), Label::Actor)));
    assert_eq!(d, before);
    assert_eq!(snapshot(&d), snapshot(&before));

    // A good batch applies fully and its inverse undoes it fully.
    let good = Edit::Batch(vec![
        Edit::Add(ann("a", Label::Actor, 4, 9)),
        Edit::Relabel {
            id: "a".into(),
            from: Label::Actor,
            to: Label::Figure,
        },
        Edit::Remove(ann("pre", Label::Actor, 0, 3)),
    ]);
    good.apply(&mut d).unwrap();
    assert_eq!(snapshot(&d), vec![ann("a", Label::Figure, 4, 9)]);
    good.inverse().apply(&mut d).unwrap();
    assert_eq!(snapshot(&d), snapshot(&before));

    // Nested batches roll back too.
    let nested = Edit::Batch(vec![
        Edit::Batch(vec![Edit::Add(ann("x", Label::Claim, 1, 2))]),
        Edit::Remove(ann("nope", Label::Claim, 1, 2)),
    ]);
    assert!(nested.apply(&mut d).is_err());
    assert_eq!(snapshot(&d), snapshot(&before));

    // An empty batch is a no-op that succeeds.
    Edit::Batch(vec![]).apply(&mut d).unwrap();
    assert_eq!(d, before);
}

#[test]
fn history_undo_redo() {
    let mut d = doc(LOREM);
    let mut h = History::default();
    assert!(!h.can_undo() && !h.can_redo());
    assert!(h.undo(&mut d).is_none());
    assert!(h.redo(&mut d).is_none());

    let a = ann("a", Label::Actor, 4, 9);
    h.apply(&mut d, Edit::Add(a.clone())).unwrap();
    h.apply(
        &mut d,
        Edit::Relabel {
            id: "a".into(),
            from: Label::Actor,
            to: Label::Claim,
        },
    )
    .unwrap();
    assert!(h.can_undo() && !h.can_redo());

    // A refused edit is not recorded.
    assert!(h
        .apply(&mut d, Edit::Add(ann("a", Label::Figure, 0, 1)))
        .is_err());

    let undone = h.undo(&mut d).unwrap().unwrap();
    assert_eq!(
        undone,
        Edit::Relabel {
            id: "a".into(),
            from: Label::Claim,
            to: Label::Actor
        }
    );
    assert_eq!(snapshot(&d), vec![a.clone()]);
    assert!(h.can_redo());
    assert_eq!(h.undo(&mut d).unwrap().unwrap(), Edit::Remove(a.clone()));
    assert!(d.annotations.is_empty());
    assert!(!h.can_undo());
    assert!(h.undo(&mut d).is_none());

    assert_eq!(h.redo(&mut d).unwrap().unwrap(), Edit::Add(a.clone()));
    assert_eq!(snapshot(&d), vec![a.clone()]);
    assert!(h.can_redo());

    // A new edit forgets the redo stack.
    h.apply(&mut d, Edit::Add(ann("b", Label::Figure, 0, 3)))
        .unwrap();
    assert!(!h.can_redo());
    assert!(h.redo(&mut d).is_none());
    assert_eq!(d.annotations.len(), 2);
}

#[test]
fn history_undo_that_cannot_apply_keeps_the_edit() {
    let mut d = doc(LOREM);
    let mut h = History::default();
    let a = ann("a", Label::Actor, 4, 9);
    h.apply(&mut d, Edit::Add(a.clone())).unwrap();
    // Someone removes it behind the history's back.
    d.annotations.remove("a");
    assert_eq!(
        h.undo(&mut d).unwrap(),
        Err(ModelError::Missing("a".into()))
    );
    assert!(h.can_undo(), "the failed undo stays on the stack");
    assert!(!h.can_redo());
}

// ---------------------------------------------------------------------------
// Editor.

/// Line 0: 0..5, line 1: 6..11, line 2: 12..12 (empty), line 3: 13..20,
/// line 4 after CRLF: 22..26.
const LINES: &str = "alpha\nbravo\n\ncharlie\r\ndelt";

#[test]
fn editor_chunks() {
    let e = Editor::new(doc(LINES));
    assert_eq!(e.chunks(), &[(0, 5), (6, 11), (12, 12), (13, 20), (22, 26)]);
    assert_eq!(e.chunks_of(sp(1, 3)), 0..1);
    assert_eq!(e.chunks_of(sp(0, 5)), 0..1);
    assert_eq!(e.chunks_of(sp(6, 11)), 1..2);
    assert_eq!(e.chunks_of(sp(3, 8)), 0..2);
    assert_eq!(e.chunks_of(sp(14, 16)), 3..4);
    assert_eq!(e.chunks_of(sp(13, 20)), 3..4);
    assert_eq!(e.chunks_of(sp(0, 26)), 0..5);
    assert_eq!(e.chunks_of(sp(18, 24)), 3..5);
    assert_eq!(e.chunks_of(sp(22, 23)), 4..5);
}

#[test]
fn editor_change_reports_touched_chunks() {
    let mut e = Editor::new(doc(LINES));
    // Spans the line break between line 0 and line 1.
    let c = e.apply(Edit::Add(ann("x", Label::Claim, 3, 8))).unwrap();
    assert_eq!(c.chunks, vec![0, 1]);
    assert!(!c.spans.is_empty() && c.spans.iter().all(|s| *s == sp(3, 8)));
    // On line 3 only.
    let c = e.apply(Edit::Add(ann("y", Label::Actor, 14, 16))).unwrap();
    assert_eq!(
        c,
        Change {
            chunks: vec![3],
            spans: vec![sp(14, 16), sp(14, 16)],
        }
    );
    let c = e
        .apply(Edit::Relabel {
            id: "y".into(),
            from: Label::Actor,
            to: Label::Location,
        })
        .unwrap();
    assert_eq!(c.chunks, vec![3]);
    // Across three lines and the CRLF.
    let c = e.apply(Edit::Add(ann("z", Label::Claim, 7, 24))).unwrap();
    assert_eq!(c.chunks, vec![1, 2, 3, 4]);
    // A batch touching lines 0 and 4.
    let c = e
        .apply(Edit::Batch(vec![
            Edit::Add(ann("p", Label::Figure, 0, 2)),
            Edit::Add(ann("q", Label::Figure, 23, 26)),
        ]))
        .unwrap();
    assert_eq!(c.chunks, vec![0, 4]);
    assert!(c.spans.contains(&sp(0, 2)) && c.spans.contains(&sp(23, 26)));

    // Undo and redo report the same chunks as the edit.
    assert_eq!(e.undo().unwrap().unwrap().chunks, vec![0, 4]);
    assert_eq!(e.undo().unwrap().unwrap().chunks, vec![1, 2, 3, 4]);
    assert_eq!(e.undo().unwrap().unwrap().chunks, vec![3]);
    assert_eq!(e.redo().unwrap().unwrap().chunks, vec![3]);
    assert_eq!(e.doc().annotations.get("y").unwrap().label, Label::Location);
    assert!(e.history().can_redo());

    // A refused edit reports nothing and changes nothing.
    let before = snapshot(e.doc());
    assert!(e.apply(Edit::Add(ann("x2", Label::Claim, 3, 8))).is_err());
    assert_eq!(snapshot(e.doc()), before);
    assert!(
        e.history().can_redo(),
        "a refused edit keeps the redo stack"
    );
}

#[test]
fn editor_segments_of_a_chunk() {
    let mut e = Editor::new(doc(LINES));
    e.apply(Edit::Add(ann("x", Label::Claim, 3, 8))).unwrap();
    let s0 = e.segments(0);
    assert_eq!(
        s0.iter()
            .map(|s| (s.start, s.end, s.layers.len()))
            .collect::<Vec<_>>(),
        vec![(0, 3, 0), (3, 5, 1)]
    );
    let s1 = e.segments(1);
    assert_eq!(
        s1.iter()
            .map(|s| (s.start, s.end, s.layers.len()))
            .collect::<Vec<_>>(),
        vec![(6, 8, 1), (8, 11, 0)]
    );
    assert_eq!(s1[0].layers[0].id, "x");
    assert!(e.segments(2).is_empty(), "an empty line has no segment");
    assert!(e.segments(99).is_empty());
    assert_eq!(e.segments(4).len(), 1);
}

#[test]
fn editor_covering_innermost_first() {
    let mut e = Editor::new(doc(LOREM));
    e.apply(Edit::Add(ann("outer", Label::Claim, 0, 40)))
        .unwrap();
    e.apply(Edit::Add(ann("mid", Label::Actor, 4, 19))).unwrap();
    e.apply(Edit::Add(ann("inner", Label::Figure, 10, 15)))
        .unwrap();
    e.apply(Edit::Add(ann("same-a", Label::Location, 10, 15)))
        .unwrap();
    e.apply(Edit::Add(ann("other", Label::Figure, 30, 50)))
        .unwrap();
    // Same span: by label id (figure before location).
    assert_eq!(ids(e.covering(12)), ["inner", "same-a", "mid", "outer"]);
    assert_eq!(ids(e.covering(4)), ["mid", "outer"]);
    assert_eq!(ids(e.covering(19)), ["outer"]);
    assert_eq!(ids(e.covering(35)), ["other", "outer"]);
    assert_eq!(ids(e.covering(45)), ["other"]);
    assert!(e.covering(60).is_empty());
    // Same length: the earlier one first.
    let mut f = Editor::new(doc(LOREM));
    f.apply(Edit::Add(ann("late", Label::Claim, 5, 10)))
        .unwrap();
    f.apply(Edit::Add(ann("early", Label::Claim, 3, 8)))
        .unwrap();
    assert_eq!(ids(f.covering(6)), ["early", "late"]);
}

#[test]
fn editor_doc_mut_changes_title() {
    let mut e = Editor::new(doc(LOREM));
    e.doc_mut().title = "New".into();
    assert_eq!(e.doc().title, "New");
}

// ---------------------------------------------------------------------------
// Properties.

fn cfg() -> ProptestConfig {
    ProptestConfig::with_cases(1000)
}

fn label() -> impl Strategy<Value = Label> {
    prop::sample::select(Label::ALL.to_vec())
}

fn span_in(n: usize) -> impl Strategy<Value = Span> {
    (0..n, 1..=n).prop_map(move |(a, l)| {
        let a = a.min(n - 1);
        Span::new(a, (a + l).min(n)).unwrap()
    })
}

proptest! {
    #![proptest_config(cfg())]

    #[test]
    fn prop_overlapping_matches_brute_force(
        entries in prop::collection::vec((span_in(60), label()), 0..40),
        removals in prop::collection::vec(0usize..40, 0..10),
        queries in prop::collection::vec(span_in(70), 1..20),
    ) {
        let mut a = Annotations::default();
        for (i, (s, l)) in entries.iter().enumerate() {
            let _ = a.insert(Annotation {
                id: format!("a{i}"),
                label: *l,
                span: *s,
                note: String::new(),
                created_at: None,
            });
        }
        for r in removals {
            a.remove(&format!("a{r}"));
        }
        let all: Vec<Annotation> = a.iter().cloned().collect();
        // Iteration order is the (start, end, label) order, unique per key.
        for w in all.windows(2) {
            prop_assert!((w[0].span, w[0].label) < (w[1].span, w[1].label));
        }
        prop_assert_eq!(all.len(), a.len());
        for q in queries {
            let got: Vec<&Annotation> = a.overlapping(q).collect();
            let want: Vec<&Annotation> = all.iter().filter(|x| x.span.overlaps(q)).collect();
            prop_assert_eq!(got, want, "query {:?}", q);
        }
        let mut counts = [0usize; 4];
        for x in &all {
            counts[Label::ALL.iter().position(|l| *l == x.label).unwrap()] += 1;
        }
        prop_assert_eq!(a.counts().map(|(_, n)| n), counts);
    }
}

proptest! {
    #![proptest_config(cfg())]

    #[test]
    fn prop_starting_in_matches_brute_force(
        entries in prop::collection::vec((span_in(60), label()), 0..40),
        removals in prop::collection::vec(0usize..40, 0..10),
        queries in prop::collection::vec((0usize..70, 0usize..70), 1..20),
    ) {
        let mut a = Annotations::default();
        for (i, (s, l)) in entries.iter().enumerate() {
            let _ = a.insert(Annotation {
                id: format!("a{i}"),
                label: *l,
                span: *s,
                note: String::new(),
                created_at: None,
            });
        }
        for r in removals {
            a.remove(&format!("a{r}"));
        }
        let all: Vec<Annotation> = a.iter().cloned().collect();
        for (lo, hi) in queries {
            let got: Vec<&Annotation> = a.starting_in(lo, hi).collect();
            let want: Vec<&Annotation> = all
                .iter()
                .filter(|x| lo <= x.span.start() && x.span.start() < hi)
                .collect();
            prop_assert_eq!(got, want, "query {}..{}", lo, hi);
        }
        // Consecutive ranges partition the annotations, as storage buckets do.
        for width in [1usize, 7, 16, 61] {
            let parts: Vec<&Annotation> = (0..=60 / width)
                .flat_map(|k| a.starting_in(k * width, (k + 1) * width))
                .collect();
            prop_assert_eq!(parts, all.iter().collect::<Vec<_>>(), "width {}", width);
        }
    }
}

/// A random edit over a small pool of ids, spans and labels, so that many of
/// them collide (and are refused). `Remove` may carry a stale copy.
#[derive(Clone, Debug)]
enum Op {
    Add(usize, Span, Label),
    Remove(usize, Option<(Span, Label)>),
    Relabel(usize, Label, Label),
    Batch(Vec<(usize, Span, Label)>),
}

fn op() -> impl Strategy<Value = Op> {
    let n = LOREM.chars().count();
    prop_oneof![
        4 => (0usize..12, span_in(n), label()).prop_map(|(i, s, l)| Op::Add(i, s, l)),
        2 => (0usize..12, prop::option::of((span_in(n), label()))).prop_map(|(i, st)| Op::Remove(i, st)),
        3 => (0usize..12, label(), label()).prop_map(|(i, f, t)| Op::Relabel(i, f, t)),
        1 => prop::collection::vec((0usize..12, span_in(n), label()), 0..4).prop_map(Op::Batch),
    ]
}

fn to_edit(op: &Op, d: &Document) -> Edit {
    let mk = |i: usize, s: Span, l: Label| Annotation {
        id: format!("a{i}"),
        label: l,
        span: s,
        note: format!("n{i}"),
        created_at: None,
    };
    match op {
        Op::Add(i, s, l) => Edit::Add(mk(*i, *s, *l)),
        Op::Remove(i, Some((s, l))) => Edit::Remove(mk(*i, *s, *l)),
        Op::Remove(i, None) => match d.annotations.get(&format!("a{i}")) {
            Some(cur) => Edit::Remove(cur.clone()),
            None => Edit::Remove(mk(*i, Span::new(0, 1).unwrap(), Label::Claim)),
        },
        Op::Relabel(i, f, t) => Edit::Relabel {
            id: format!("a{i}"),
            from: *f,
            to: *t,
        },
        Op::Batch(v) => Edit::Batch(
            v.iter()
                .map(|(i, s, l)| Edit::Add(mk(*i, *s, *l)))
                .collect(),
        ),
    }
}

proptest! {
    #![proptest_config(cfg())]

    #[test]
    fn prop_undo_all_then_redo_all(
        pre in prop::collection::vec((span_in(71), label()), 0..6),
        ops in prop::collection::vec(op(), 0..40),
    ) {
        let mut d = doc(LOREM);
        for (i, (s, l)) in pre.iter().enumerate() {
            let _ = d.add(Annotation {
                id: format!("p{i}"),
                label: *l,
                span: *s,
                note: String::new(),
                created_at: None,
            });
        }
        let initial = d.clone();
        let mut e = Editor::new(d);
        let mut applied = 0;
        for o in &ops {
            let edit = to_edit(o, e.doc());
            let before = e.doc().clone();
            match e.apply(edit) {
                Ok(change) => {
                    applied += 1;
                    prop_assert!(change.chunks.windows(2).all(|w| w[0] < w[1]));
                }
                Err(_) => prop_assert_eq!(e.doc(), &before, "a refused edit changed the document"),
            }
            // Invariants of the model hold after every step.
            for x in e.doc().annotations.iter() {
                prop_assert!(x.span.end() <= e.doc().text.len());
                prop_assert_eq!(e.doc().annotations.get(&x.id), Some(x));
                prop_assert_eq!(e.doc().annotations.find(x.span, x.label), Some(x));
            }
        }
        let fin = e.doc().clone();
        for _ in 0..applied {
            prop_assert!(e.undo().unwrap().is_ok());
        }
        prop_assert!(e.undo().is_none());
        prop_assert_eq!(snapshot(e.doc()), snapshot(&initial));
        prop_assert_eq!(e.doc(), &initial);
        for _ in 0..applied {
            prop_assert!(e.redo().unwrap().is_ok());
        }
        prop_assert!(e.redo().is_none());
        prop_assert_eq!(snapshot(e.doc()), snapshot(&fin));
        prop_assert_eq!(e.doc(), &fin);
    }
}

mod sync_merge {
    use spanmark_core::label::Label;
    use spanmark_core::model::Annotation;
    use spanmark_core::sync::merge;
    use spanmark_core::text::Span;

    fn a(id: &str, s: usize, e: usize, l: Label) -> Annotation {
        Annotation {
            id: id.into(),
            label: l,
            span: Span::new(s, e).unwrap(),
            note: String::new(),
            created_at: None,
        }
    }
    fn ids(v: &[Annotation]) -> Vec<&str> {
        let mut out: Vec<&str> = v.iter().map(|a| a.id.as_str()).collect();
        out.sort();
        out
    }

    #[test]
    fn both_tabs_additions_survive() {
        let base = vec![a("x", 0, 3, Label::Actor)];
        let mine = vec![a("x", 0, 3, Label::Actor), a("m", 5, 8, Label::Claim)];
        let theirs = vec![a("x", 0, 3, Label::Actor), a("t", 9, 12, Label::Figure)];
        assert_eq!(ids(&merge(&base, &mine, &theirs)), ["m", "t", "x"]);
    }

    #[test]
    fn a_deletion_on_either_side_stays_deleted() {
        let base = vec![a("x", 0, 3, Label::Actor), a("y", 4, 6, Label::Claim)];
        let mine = vec![a("y", 4, 6, Label::Claim)]; // deleted x here
        let theirs = vec![a("x", 0, 3, Label::Actor)]; // deleted y there
        assert!(merge(&base, &mine, &theirs).is_empty());
        // Deleted there while relabelled here: still deleted.
        let mine = vec![a("x", 0, 3, Label::Location), a("y", 4, 6, Label::Claim)];
        let theirs = vec![a("y", 4, 6, Label::Claim)];
        assert_eq!(ids(&merge(&base, &mine, &theirs)), ["y"]);
    }

    #[test]
    fn a_local_change_wins_over_an_unchanged_remote_copy() {
        let base = vec![a("x", 0, 3, Label::Actor)];
        let mine = vec![a("x", 0, 3, Label::Location)];
        let theirs = base.clone();
        assert_eq!(merge(&base, &mine, &theirs)[0].label, Label::Location);
        // And a remote change wins over an unchanged local copy.
        assert_eq!(merge(&base, &theirs, &mine)[0].label, Label::Location);
    }

    #[test]
    fn the_same_span_labelled_in_both_tabs_is_kept_once() {
        let mine = vec![a("a1", 0, 3, Label::Actor)];
        let theirs = vec![a("a2", 0, 3, Label::Actor)];
        let merged = merge(&[], &mine, &theirs);
        assert_eq!(ids(&merged), ["a1"]);
    }

    #[test]
    fn merging_is_idempotent_and_converges() {
        let base = vec![a("x", 0, 3, Label::Actor)];
        let mine = vec![a("x", 0, 3, Label::Actor), a("m", 5, 8, Label::Claim)];
        let theirs = vec![a("t", 9, 12, Label::Figure)];
        let once = merge(&base, &mine, &theirs);
        // The other tab then merges our result with its own state.
        let other = merge(&theirs, &theirs, &once);
        assert_eq!(ids(&once), ids(&other));
        assert_eq!(ids(&merge(&once, &once, &once)), ids(&once));
    }
}
