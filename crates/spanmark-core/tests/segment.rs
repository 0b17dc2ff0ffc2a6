#![cfg(not(target_arch = "wasm32"))]
//! Overlap segmentation and lanes.

use std::collections::HashMap;

use proptest::prelude::*;
use spanmark_core::label::Label;
use spanmark_core::model::Annotation;
use spanmark_core::segment::{segments, Segment};
use spanmark_core::text::Span;

fn ann(id: &str, label: Label, a: usize, b: usize) -> Annotation {
    Annotation {
        id: id.to_string(),
        label,
        span: Span::new(a, b).unwrap(),
        note: String::new(),
        created_at: None,
    }
}

/// `(start, end, [ids in lane order])` per segment.
fn shape(segs: &[Segment]) -> Vec<(usize, usize, Vec<&str>)> {
    segs.iter()
        .map(|s| {
            (
                s.start,
                s.end,
                s.layers.iter().map(|l| l.id.as_str()).collect(),
            )
        })
        .collect()
}

fn lanes(segs: &[Segment]) -> HashMap<String, usize> {
    let mut out = HashMap::new();
    for s in segs {
        for l in &s.layers {
            let prev = out.insert(l.id.clone(), l.lane);
            assert!(
                prev.is_none() || prev == Some(l.lane),
                "{} changes lane",
                l.id
            );
        }
    }
    out
}

#[test]
fn empty_range_and_no_annotations() {
    assert!(segments(5, 5, &[]).is_empty());
    assert!(segments(6, 5, &[]).is_empty());
    let a = ann("a", Label::Claim, 0, 10);
    assert!(segments(3, 3, &[&a]).is_empty());
    let s = segments(2, 9, &[]);
    assert_eq!(
        s,
        vec![Segment {
            start: 2,
            end: 9,
            layers: vec![]
        }]
    );
}

#[test]
fn single_annotation_cuts_three_segments() {
    let a = ann("a", Label::Actor, 3, 6);
    let s = segments(0, 10, &[&a]);
    assert_eq!(
        shape(&s),
        vec![(0, 3, vec![]), (3, 6, vec!["a"]), (6, 10, vec![])]
    );
    assert_eq!(s[1].layers[0].label, Label::Actor);
    assert_eq!(s[1].layers[0].lane, 0);
}

#[test]
fn parts_outside_the_range_are_ignored() {
    let a = ann("a", Label::Claim, 0, 100);
    let b = ann("b", Label::Figure, 8, 30);
    let s = segments(10, 20, &[&a, &b]);
    assert_eq!(shape(&s), vec![(10, 20, vec!["a", "b"])]);
    let s = segments(5, 20, &[&b, &a]);
    assert_eq!(shape(&s), vec![(5, 8, vec!["a"]), (8, 20, vec!["a", "b"])]);
}

#[test]
fn nested_spans_outer_at_lane_zero() {
    let outer = ann("claim", Label::Claim, 0, 40);
    let actor = ann("actor", Label::Actor, 5, 14);
    let fig = ann("fig", Label::Figure, 20, 30);
    let inner = ann("inner", Label::Location, 22, 25);
    // Any input order gives the same result.
    for order in [
        vec![&outer, &actor, &fig, &inner],
        vec![&inner, &fig, &actor, &outer],
        vec![&fig, &outer, &inner, &actor],
    ] {
        let s = segments(0, 40, &order);
        let l = lanes(&s);
        assert_eq!(l["claim"], 0);
        assert_eq!(l["actor"], 1);
        assert_eq!(l["fig"], 1);
        assert_eq!(l["inner"], 2);
        assert_eq!(
            shape(&s),
            vec![
                (0, 5, vec!["claim"]),
                (5, 14, vec!["claim", "actor"]),
                (14, 20, vec!["claim"]),
                (20, 22, vec!["claim", "fig"]),
                (22, 25, vec!["claim", "fig", "inner"]),
                (25, 30, vec!["claim", "fig"]),
                (30, 40, vec!["claim"]),
            ]
        );
    }
}

#[test]
fn same_span_two_labels_get_two_lanes() {
    let a = ann("a", Label::Location, 2, 6);
    let b = ann("b", Label::Actor, 2, 6);
    let s = segments(0, 8, &[&a, &b]);
    assert_eq!(
        shape(&s)[1],
        (2, 6, vec!["b", "a"]),
        "actor sorts before location"
    );
    assert_eq!(s[1].layers[0].lane, 0);
    assert_eq!(s[1].layers[1].lane, 1);
}

#[test]
fn crossing_spans_and_lane_reuse() {
    let a = ann("a", Label::Claim, 0, 6);
    let b = ann("b", Label::Actor, 4, 10);
    let c = ann("c", Label::Figure, 6, 8); // lane 0 is free again, but c is inside b
    let s = segments(0, 10, &[&a, &b, &c]);
    let l = lanes(&s);
    assert_eq!((l["a"], l["b"]), (0, 1));
    assert_eq!(l["c"], 2, "c lies inside b, so it sits above b");
    assert_eq!(
        shape(&s),
        vec![
            (0, 4, vec!["a"]),
            (4, 6, vec!["a", "b"]),
            (6, 8, vec!["b", "c"]),
            (8, 10, vec!["b"]),
        ]
    );
    // Disjoint spans share lane 0.
    let d = ann("d", Label::Figure, 0, 2);
    let e = ann("e", Label::Figure, 2, 4);
    let l = lanes(&segments(0, 4, &[&d, &e]));
    assert_eq!((l["d"], l["e"]), (0, 0));
}

#[test]
fn contained_span_sits_above_its_container() {
    // `a` ends before `c` starts, so lane 0 is free again when `c` is placed;
    // `c` is inside `b` and must still be drawn above it.
    let a = ann("a", Label::Claim, 0, 3);
    let b = ann("b", Label::Claim, 1, 10);
    let c = ann("c", Label::Actor, 5, 6);
    let l = lanes(&segments(0, 10, &[&a, &b, &c]));
    assert_eq!((l["a"], l["b"]), (0, 1));
    assert!(l["c"] > l["b"], "lanes {l:?}");
}

// ---------------------------------------------------------------------------
// Properties.

fn label() -> impl Strategy<Value = Label> {
    prop::sample::select(Label::ALL.to_vec())
}

fn anns() -> impl Strategy<Value = Vec<Annotation>> {
    prop::collection::vec((0usize..50, 1usize..30, label()), 0..14).prop_map(|v| {
        // Unique on (span, label), as in a document.
        let mut seen = std::collections::HashSet::new();
        v.into_iter()
            .filter(|&(a, len, l)| seen.insert((a, len, l)))
            .enumerate()
            .map(|(i, (a, len, l))| ann(&format!("a{i}"), l, a, a + len))
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn prop_segments_tile_and_layers_are_exact(
        list in anns(),
        start in 0usize..60,
        len in 0usize..40,
    ) {
        let end = start + len;
        // The caller passes the annotations overlapping the range.
        let range = Span::new(start, end);
        let inside: Vec<&Annotation> = list
            .iter()
            .filter(|a| range.is_some_and(|r| a.span.overlaps(r)))
            .collect();
        let segs = segments(start, end, &inside);
        if start >= end {
            prop_assert!(segs.is_empty());
            return Ok(());
        }
        // Contiguous tiling of start..end with non-empty segments.
        prop_assert_eq!(segs.first().unwrap().start, start);
        prop_assert_eq!(segs.last().unwrap().end, end);
        for s in &segs {
            prop_assert!(s.start < s.end);
        }
        for w in segs.windows(2) {
            prop_assert_eq!(w[0].end, w[1].start);
        }
        // Each segment's layers are exactly the annotations covering it,
        // every code point of it, sorted by lane.
        for s in &segs {
            let mut got: Vec<&str> = s.layers.iter().map(|l| l.id.as_str()).collect();
            got.sort_unstable();
            let mut want: Vec<&str> = inside
                .iter()
                .filter(|a| a.span.start() <= s.start && s.end <= a.span.end())
                .map(|a| a.id.as_str())
                .collect();
            want.sort_unstable();
            prop_assert_eq!(&got, &want);
            for cp in s.start..s.end {
                let mut at: Vec<&str> = inside
                    .iter()
                    .filter(|a| a.span.contains(cp))
                    .map(|a| a.id.as_str())
                    .collect();
                at.sort_unstable();
                prop_assert_eq!(&at, &want, "code point {}", cp);
            }
            prop_assert!(s.layers.windows(2).all(|w| w[0].lane < w[1].lane),
                "lanes within a segment are strictly ascending (none shared)");
            for l in &s.layers {
                let a = inside.iter().find(|a| a.id == l.id).unwrap();
                prop_assert_eq!(l.label, a.label);
            }
        }
        // Segments are maximal: neighbours differ in their layers.
        for w in segs.windows(2) {
            prop_assert_ne!(&w[0].layers, &w[1].layers);
        }
        // One lane per annotation; overlapping annotations never share one;
        // a contained annotation is drawn above its container.
        let lane = lanes(&segs);
        for a in &inside {
            prop_assert!(lane.contains_key(&a.id), "{} has no segment", a.id);
        }
        for (i, a) in inside.iter().enumerate() {
            for b in &inside[i + 1..] {
                if a.span.overlaps(b.span) {
                    prop_assert_ne!(lane[&a.id], lane[&b.id], "{:?} and {:?}", a, b);
                }
                let a_in_b = b.span.start() <= a.span.start() && a.span.end() <= b.span.end();
                let b_in_a = a.span.start() <= b.span.start() && b.span.end() <= a.span.end();
                if a_in_b && !b_in_a {
                    prop_assert!(lane[&b.id] < lane[&a.id], "{:?} inside {:?}", a, b);
                }
                if b_in_a && !a_in_b {
                    prop_assert!(lane[&a.id] < lane[&b.id], "{:?} inside {:?}", b, a);
                }
            }
        }
        // Input order does not matter.
        let mut rev = inside.clone();
        rev.reverse();
        prop_assert_eq!(segments(start, end, &rev), segs);
    }
}
