#![cfg(not(target_arch = "wasm32"))]
//! `Edit::Resize`: what it changes, what it refuses, what it redraws and
//! stores, and random edit sequences (add, remove, relabel, resize, batch)
//! undone and redone back to the exact documents.

use std::collections::HashMap;

use proptest::prelude::*;
use spanmark_core::editor::Editor;
use spanmark_core::label::Label;
use spanmark_core::model::{Annotation, Document, ModelError};
use spanmark_core::ops::Edit;
use spanmark_core::storage::{
    bucket_key, decode_document, encode_changes, encode_document, BUCKET_CP,
};
use spanmark_core::text::bounds::{resized, Bounds, Edge, Unit};
use spanmark_core::text::Span;

fn sp(a: usize, b: usize) -> Span {
    Span::new(a, b).unwrap()
}

fn ann(id: &str, label: Label, a: usize, b: usize) -> Annotation {
    Annotation {
        id: id.to_string(),
        label,
        span: sp(a, b),
        note: format!("note of {id}"),
        created_at: Some("2026-11-26T19:00:00Z".into()),
    }
}

const TEXT: &str = "Zelenskyy said\nthe café 👍🏽 opened\r\nin Kyiv.";

fn doc() -> Document {
    let mut d = Document::new("d".into(), "t".into(), TEXT.into());
    d.add(ann("a", Label::Actor, 0, 9)).unwrap();
    d.add(ann("b", Label::Claim, 0, 14)).unwrap();
    d
}

#[test]
fn resize_keeps_id_label_note_and_inverts() {
    let mut d = doc();
    let before = d.clone();
    let e = Edit::Resize {
        id: "a".into(),
        from: sp(0, 9),
        to: sp(0, 14),
    };
    e.apply(&mut d).unwrap();
    let a = d.annotations.get("a").unwrap();
    assert_eq!(a.span, sp(0, 14));
    assert_eq!(a.label, Label::Actor);
    assert_eq!(a.note, "note of a");
    assert_eq!(a.created_at.as_deref(), Some("2026-11-26T19:00:00Z"));
    assert_eq!(d.annotations.len(), 2);
    assert_eq!(
        e.inverse(),
        Edit::Resize {
            id: "a".into(),
            from: sp(0, 14),
            to: sp(0, 9)
        }
    );
    e.inverse().apply(&mut d).unwrap();
    assert_eq!(d, before);
}

#[test]
fn resize_refusals_change_nothing() {
    let mut d = doc();
    let before = d.clone();
    // Onto an existing span with the same label.
    let mut d2 = d.clone();
    d2.add(ann("c", Label::Actor, 0, 14)).unwrap();
    let before2 = d2.clone();
    let dup = Edit::Resize {
        id: "a".into(),
        from: sp(0, 9),
        to: sp(0, 14),
    };
    assert_eq!(
        dup.apply(&mut d2),
        Err(ModelError::Duplicate((sp(0, 14), Label::Actor)))
    );
    assert_eq!(d2, before2);
    // Onto its own place: nothing to do, refused as a duplicate.
    let same = Edit::Resize {
        id: "a".into(),
        from: sp(0, 9),
        to: sp(0, 9),
    };
    assert!(same.apply(&mut d).is_err());
    // A stale `from`, a missing id, a span past the text.
    let stale = Edit::Resize {
        id: "a".into(),
        from: sp(0, 8),
        to: sp(0, 14),
    };
    assert_eq!(stale.apply(&mut d), Err(ModelError::Missing("a".into())));
    let missing = Edit::Resize {
        id: "zz".into(),
        from: sp(0, 9),
        to: sp(0, 14),
    };
    assert!(missing.apply(&mut d).is_err());
    let n = TEXT.chars().count();
    let out = Edit::Resize {
        id: "a".into(),
        from: sp(0, 9),
        to: sp(0, n + 1),
    };
    assert!(matches!(out.apply(&mut d), Err(ModelError::OutOfText(..))));
    assert_eq!(d, before);
    // A batch with a refused resize rolls back entirely.
    let batch = Edit::Batch(vec![
        Edit::Relabel {
            id: "b".into(),
            from: Label::Claim,
            to: Label::Figure,
        },
        stale,
    ]);
    assert!(batch.apply(&mut d).is_err());
    assert_eq!(d, before);
}

#[test]
fn resize_redraws_the_lines_of_the_old_and_the_new_span() {
    let mut ed = Editor::new(doc());
    // Line 0 "Zelenskyy said" 0..14, line 1 "the café 👍🏽 opened" 15..33,
    // line 2 "in Kyiv." 35..43.
    assert_eq!(ed.chunks()[2], (35, 43));
    let c = ed
        .apply(Edit::Resize {
            id: "a".into(),
            from: sp(0, 9),
            to: sp(35, 37),
        })
        .unwrap();
    assert_eq!(c.chunks, vec![0, 2]);
    assert!(c.spans.contains(&sp(0, 9)) && c.spans.contains(&sp(35, 37)));
    let u = ed.undo().unwrap().unwrap();
    assert_eq!(u.chunks, vec![0, 2]);
    assert_eq!(ed.doc().annotations.get("a").unwrap().span, sp(0, 9));
    let r = ed.redo().unwrap().unwrap();
    assert_eq!(r.chunks, vec![0, 2]);
    assert_eq!(ed.doc().annotations.get("a").unwrap().span, sp(35, 37));
}

#[test]
fn a_resize_across_storage_buckets_rewrites_both_buckets() {
    let text = "word ".repeat(BUCKET_CP / 5 * 3);
    let mut d = Document::new("long".into(), "t".into(), text);
    d.add(ann("a", Label::Actor, 10, 14)).unwrap();
    d.add(ann("keep", Label::Claim, 20, 24)).unwrap();
    let mut store: HashMap<String, String> = encode_document(&d).into_iter().collect();
    let mut ed = Editor::new(d);
    let far = BUCKET_CP + 100;
    let to = sp(far, far + 4);
    let change = ed
        .apply(Edit::Resize {
            id: "a".into(),
            from: sp(10, 14),
            to: sp(10, far + 4),
        })
        .unwrap();
    let change2 = ed
        .apply(Edit::Resize {
            id: "a".into(),
            from: sp(10, far + 4),
            to,
        })
        .unwrap();
    let writes = encode_changes(ed.doc(), &change2.spans);
    let keys: Vec<&str> = writes.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(keys, vec![bucket_key("long", 0), bucket_key("long", 1)]);
    for (k, v) in encode_changes(ed.doc(), &change.spans)
        .into_iter()
        .chain(writes)
    {
        match v {
            Some(v) => store.insert(k, v),
            None => store.remove(&k),
        };
    }
    let back = decode_document("long", |k| store.get(k).cloned()).unwrap();
    assert_eq!(back.annotations, ed.doc().annotations);
    assert_eq!(back.annotations.get("a").unwrap().span, to);
    assert_eq!(back.annotations.get("a").unwrap().note, "note of a");
    // Undo moves it back to bucket 0; bucket 1 is left empty (key removed).
    let u = ed.undo().unwrap().unwrap();
    for (k, v) in encode_changes(ed.doc(), &u.spans) {
        match v {
            Some(v) => store.insert(k, v),
            None => store.remove(&k),
        };
    }
    assert!(!store.contains_key(&bucket_key("long", 1)));
    let back = decode_document("long", |k| store.get(k).cloned()).unwrap();
    assert_eq!(back.annotations, ed.doc().annotations);
}

// Random edit sequences.

#[derive(Clone, Debug)]
enum Step {
    Add(usize, usize, Label),
    Remove(u8),
    Relabel(u8, Label),
    /// Which annotation, which edge, which direction, by word or grapheme.
    Resize(u8, bool, bool, bool),
    Batch(Vec<Step>),
}

fn label() -> impl Strategy<Value = Label> {
    prop::sample::select(Label::ALL.to_vec())
}

fn step() -> impl Strategy<Value = Step> {
    let leaf = prop_oneof![
        (0usize..60, 1usize..12, label()).prop_map(|(s, l, b)| Step::Add(s, l, b)),
        any::<u8>().prop_map(Step::Remove),
        (any::<u8>(), label()).prop_map(|(i, l)| Step::Relabel(i, l)),
        (any::<u8>(), any::<bool>(), any::<bool>(), any::<bool>())
            .prop_map(|(i, a, b, c)| Step::Resize(i, a, b, c)),
    ];
    leaf.prop_recursive(2, 8, 4, |inner| {
        prop::collection::vec(inner, 1..4).prop_map(Step::Batch)
    })
}

/// Word and grapheme boundaries of `TEXT`'s lines, as a segmenter would
/// give them (graphemes: e + accent and the emoji with its tone are one).
fn line_bounds(d: &Document, lines: &[(usize, usize)], i: usize) -> Option<Bounds> {
    let &(s, e) = lines.get(i)?;
    let text = d.text.slice_range(s, e);
    let chars: Vec<char> = text.chars().collect();
    let mut g = Vec::new();
    let mut k = 0;
    while k < chars.len() {
        let mut n = 1;
        while k + n < chars.len()
            && matches!(chars[k + n], '\u{300}'..='\u{36f}' | '\u{1f3fb}'..='\u{1f3ff}')
        {
            n += 1;
        }
        g.push(sp(k, k + n));
        k += n;
    }
    // Words: letters together, anything else alone.
    let mut w = Vec::new();
    let mut k = 0;
    for gr in &g {
        if gr.start() < k {
            continue;
        }
        let alpha = |c: char| c.is_alphanumeric();
        let mut end = gr.end();
        if alpha(chars[gr.start()]) {
            while let Some(next) = g.iter().find(|x| x.start() == end) {
                if !alpha(chars[next.start()]) {
                    break;
                }
                end = next.end();
            }
        }
        w.push(sp(gr.start(), end));
        k = end;
    }
    Some(Bounds::new(s, text, &w, &g))
}

fn grapheme_edges(d: &Document) -> Vec<usize> {
    let ed = Editor::new(d.clone());
    let lines = ed.chunks().to_vec();
    let mut v = vec![];
    for i in 0..lines.len() {
        let b = line_bounds(d, &lines, i).unwrap();
        v.extend((b.base()..=b.end()).filter(|&c| b.is_edge(c, Unit::Grapheme)));
    }
    v
}

fn to_edit(st: &Step, d: &Document, lines: &[(usize, usize)], n: &mut u32) -> Option<Edit> {
    let nth = |i: u8| {
        let all: Vec<&Annotation> = d.annotations.iter().collect();
        (!all.is_empty()).then(|| all[i as usize % all.len()].clone())
    };
    let len = d.text.len();
    Some(match st {
        Step::Add(s, l, lab) => {
            // Snapped like a mouse selection.
            let start = s % len;
            let end = (start + l).min(len);
            // Trimmed first, as the app does: line ends are whitespace, so
            // no edge is left between two lines.
            let raw = d.text.trim(Span::new(start, end)?)?;
            let (start, end) = (raw.start(), raw.end());
            let i = lines.partition_point(|&(_, e)| e < start);
            let j = lines.partition_point(|&(_, e)| e < end);
            let (bi, bj) = (line_bounds(d, lines, i)?, line_bounds(d, lines, j)?);
            let span = spanmark_core::text::bounds::snap_out(raw, &bi, &bj, Unit::Word);
            *n += 1;
            Edit::Add(Annotation {
                id: format!("n{n}"),
                label: *lab,
                span,
                note: String::new(),
                created_at: None,
            })
        }
        Step::Remove(i) => Edit::Remove(nth(*i)?),
        Step::Relabel(i, to) => {
            let a = nth(*i)?;
            Edit::Relabel {
                id: a.id,
                from: a.label,
                to: *to,
            }
        }
        Step::Resize(i, start, right, word) => {
            let a = nth(*i)?;
            let edge = if *start { Edge::Start } else { Edge::End };
            let unit = if *word { Unit::Word } else { Unit::Grapheme };
            let to = resized(a.span, edge, *right, unit, lines, |k| {
                line_bounds(d, lines, k)
            })?;
            Edit::Resize {
                id: a.id,
                from: a.span,
                to,
            }
        }
        Step::Batch(v) => {
            // Later steps of a batch see the document as the earlier ones
            // leave it.
            let mut scratch = d.clone();
            let mut out = Vec::new();
            for s in v {
                if let Some(e) = to_edit(s, &scratch, lines, n) {
                    if e.apply(&mut scratch).is_ok() {
                        out.push(e);
                    }
                }
            }
            Edit::Batch(out)
        }
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(600))]

    #[test]
    fn undo_all_restores_and_redo_all_replays(steps in prop::collection::vec(step(), 1..25)) {
        let start = doc();
        let edges = grapheme_edges(&start);
        let mut ed = Editor::new(start.clone());
        let lines = ed.chunks().to_vec();
        let mut applied = 0;
        let mut n = 0;
        for st in &steps {
            let Some(edit) = to_edit(st, ed.doc(), &lines, &mut n) else { continue };
            let before = ed.doc().clone();
            match ed.apply(edit) {
                Ok(change) => {
                    applied += 1;
                    // Every changed annotation's lines are redrawn.
                    for a in ed.doc().annotations.iter() {
                        if before.annotations.get(&a.id) != Some(a) {
                            for c in ed.chunks_of(a.span) {
                                prop_assert!(change.chunks.contains(&c));
                            }
                        }
                    }
                }
                Err(_) => prop_assert_eq!(ed.doc(), &before),
            }
            for a in ed.doc().annotations.iter() {
                prop_assert!(edges.contains(&a.span.start()) && edges.contains(&a.span.end()),
                    "{:?} splits a grapheme", a.span);
            }
        }
        let end = ed.doc().clone();
        for _ in 0..applied {
            prop_assert!(matches!(ed.undo(), Some(Ok(_))));
        }
        prop_assert!(ed.undo().is_none());
        prop_assert_eq!(ed.doc(), &start);
        for _ in 0..applied {
            prop_assert!(matches!(ed.redo(), Some(Ok(_))));
        }
        prop_assert!(ed.redo().is_none());
        prop_assert_eq!(ed.doc(), &end);
        // Notes and ids survive the round trip too (Annotations compare
        // whole annotations).
        for a in end.annotations.iter() {
            prop_assert_eq!(ed.doc().annotations.get(&a.id), Some(a));
        }
    }
}

#[test]
fn another_tabs_bucket_holding_a_moved_annotation_replaces_the_old_copy() {
    // Tab A moved "a" from bucket 1 to bucket 0; tab B hears of bucket 0
    // first, while its own copy of "a" still sits in bucket 1.
    let text = "word ".repeat(BUCKET_CP / 5 * 3);
    let mut d = Document::new("long".into(), "t".into(), text);
    let far = BUCKET_CP + 100;
    d.add(ann("a", Label::Actor, far, far + 4)).unwrap();
    d.add(ann("b", Label::Claim, 20, 24)).unwrap();
    let mut moved = d.annotations.get("a").unwrap().clone();
    moved.span = sp(10, far + 4);
    let b = d.annotations.get("b").unwrap().clone();
    let removed = d
        .annotations
        .replace_starting_in(0, BUCKET_CP, vec![b.clone(), moved.clone()]);
    assert_eq!(d.annotations.get("a"), Some(&moved));
    assert_eq!(d.annotations.len(), 2);
    assert!(removed
        .iter()
        .any(|r| r.id == "a" && r.span == sp(far, far + 4)));
    // Then bucket 1's event: nothing of "a" left there to remove.
    let removed = d
        .annotations
        .replace_starting_in(BUCKET_CP, 2 * BUCKET_CP, vec![]);
    assert!(removed.is_empty());
    assert_eq!(d.annotations.get("a"), Some(&moved));
}
