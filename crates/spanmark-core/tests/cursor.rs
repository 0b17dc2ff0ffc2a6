#![cfg(not(target_arch = "wasm32"))]
//! The keyboard selection (`core::cursor`) and moving between annotations
//! (`Annotations::neighbour`).

use proptest::prelude::*;
use spanmark_core::cursor::{self, Dir, KeySel};
use spanmark_core::label::Label;
use spanmark_core::model::{Annotation, Annotations};
use spanmark_core::text::{Span, Text};

fn sp(a: usize, b: usize) -> Span {
    Span::new(a, b).unwrap()
}

/// The slow obvious reference for word stops: maximal runs of characters
/// that are neither white space nor punctuation, in code points.
fn word_stops(line: &str, base: usize) -> Vec<Span> {
    let chars: Vec<char> = line.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if cursor::is_word(&chars[i].to_string()) {
            let s = i;
            while i < chars.len() && cursor::is_word(&chars[i].to_string()) {
                i += 1;
            }
            out.push(sp(base + s, base + i));
        } else {
            i += 1;
        }
    }
    out
}

struct Doc {
    text: Text,
    lines: Vec<(usize, usize)>,
}

impl Doc {
    fn new(s: &str) -> Doc {
        let text = Text::new(s.to_string());
        let lines = text.lines();
        Doc { text, lines }
    }

    fn stops(&self, i: usize) -> Vec<Span> {
        let (s, e) = self.lines[i];
        word_stops(self.text.slice_range(s, e), s)
    }

    fn all_stops(&self) -> Vec<Span> {
        (0..self.lines.len()).flat_map(|i| self.stops(i)).collect()
    }

    fn key(&self, sel: KeySel, dir: Dir, grow: bool) -> Option<KeySel> {
        cursor::key(&self.lines, sel, dir, grow, 1000, &mut |i| self.stops(i))
    }

    fn quote(&self, sel: KeySel) -> &str {
        sel.span().map_or("", |s| self.text.slice(s))
    }
}

#[test]
fn arrows_step_word_by_word_across_lines_and_punctuation() {
    let d = Doc::new("“Energy facilities,” Zelenskyy said.\r\n\r\nKyiv 🇺🇦 café");
    let mut sel = KeySel { anchor: 0, head: 0 };
    let mut seen = Vec::new();
    while let Some(next) = d.key(sel, Dir::Forward, false) {
        seen.push(d.quote(next).to_string());
        sel = next;
    }
    assert_eq!(
        seen,
        [
            "Energy",
            "facilities",
            "Zelenskyy",
            "said",
            "Kyiv",
            "🇺🇦",
            "café"
        ]
    );
    let mut back = Vec::new();
    while let Some(prev) = d.key(sel, Dir::Back, false) {
        back.push(d.quote(prev).to_string());
        sel = prev;
    }
    assert_eq!(
        back,
        ["🇺🇦", "Kyiv", "said", "Zelenskyy", "facilities", "Energy"]
    );
}

#[test]
fn shift_arrows_extend_then_shrink_from_the_anchor() {
    let d = Doc::new("one two three four");
    let first = d
        .key(KeySel { anchor: 0, head: 0 }, Dir::Forward, false)
        .unwrap();
    assert_eq!(d.quote(first), "one");
    let two = d.key(first, Dir::Forward, true).unwrap();
    assert_eq!(d.quote(two), "one two");
    let three = d.key(two, Dir::Forward, true).unwrap();
    assert_eq!(d.quote(three), "one two three");
    let back = d.key(three, Dir::Back, true).unwrap();
    assert_eq!(d.quote(back), "one two");
    let one = d.key(back, Dir::Back, true).unwrap();
    assert_eq!(d.quote(one), "one");
    // Shrinking stops at the anchor before crossing it.
    let empty = d.key(one, Dir::Back, true).unwrap();
    assert_eq!(empty, KeySel { anchor: 0, head: 0 });
    assert_eq!(
        d.key(empty, Dir::Back, true),
        None,
        "nothing before the first word"
    );
}

#[test]
fn extending_to_the_left_of_the_anchor_selects_backwards() {
    let d = Doc::new("alpha beta gamma");
    let beta = KeySel::unit(sp(6, 10));
    let left = d.key(beta, Dir::Back, true).unwrap();
    assert_eq!(left, KeySel { anchor: 6, head: 6 });
    assert_eq!(left.span(), None);
    let alpha = d.key(left, Dir::Back, true).unwrap();
    assert_eq!(d.quote(alpha), "alpha ");
}

#[test]
fn empty_documents_and_lines_without_words_do_not_move() {
    let d = Doc::new("");
    assert_eq!(
        d.key(KeySel { anchor: 0, head: 0 }, Dir::Forward, false),
        None
    );
    let d = Doc::new("…\n\n— !");
    assert_eq!(
        d.key(KeySel { anchor: 0, head: 0 }, Dir::Forward, false),
        None
    );
    assert_eq!(d.key(KeySel { anchor: 5, head: 5 }, Dir::Back, true), None);
}

#[test]
fn reach_limits_how_many_lines_are_searched() {
    let text = format!("{}word", "\n".repeat(50));
    let d = Doc::new(&text);
    let from = KeySel { anchor: 0, head: 0 };
    let near = cursor::key(&d.lines, from, Dir::Forward, false, 10, &mut |i| d.stops(i));
    assert_eq!(near, None);
    let far = cursor::key(&d.lines, from, Dir::Forward, false, 60, &mut |i| d.stops(i));
    assert_eq!(
        far.map(|s| d.quote(s).to_string()),
        Some("word".to_string())
    );
}

#[test]
fn line_of_puts_a_line_end_on_the_line_before() {
    let lines = [(0, 3), (4, 4), (5, 9)];
    assert_eq!(cursor::line_of(&lines, 0), 0);
    assert_eq!(cursor::line_of(&lines, 3), 0);
    assert_eq!(cursor::line_of(&lines, 4), 1);
    assert_eq!(cursor::line_of(&lines, 5), 2);
    assert_eq!(cursor::line_of(&lines, 99), 2);
    assert_eq!(cursor::line_of(&[], 3), 0);
}

fn ann(id: &str, label: Label, a: usize, b: usize) -> Annotation {
    Annotation {
        id: id.into(),
        label,
        span: sp(a, b),
        note: String::new(),
        created_at: None,
    }
}

#[test]
fn neighbour_walks_text_order_and_wraps() {
    let mut anns = Annotations::default();
    for a in [
        ann("c", Label::Claim, 10, 20),
        ann("a", Label::Actor, 0, 5),
        ann("b", Label::Figure, 0, 5),
        ann("d", Label::Location, 12, 14),
    ] {
        anns.insert(a).unwrap();
    }
    let walk = |forward: bool| {
        let mut out = Vec::new();
        let mut cur: Option<String> = None;
        for _ in 0..5 {
            let next = anns
                .neighbour(cur.as_deref(), 0, forward)
                .unwrap()
                .id
                .clone();
            out.push(next.clone());
            cur = Some(next);
        }
        out
    };
    assert_eq!(walk(true), ["a", "b", "c", "d", "a"]);
    assert_eq!(walk(false), ["d", "c", "b", "a", "d"]);
    // From a position, without a current annotation.
    assert_eq!(anns.neighbour(None, 6, true).unwrap().id, "c");
    assert_eq!(anns.neighbour(None, 12, false).unwrap().id, "c");
    assert_eq!(anns.neighbour(None, 30, true).unwrap().id, "a", "wraps");
    assert_eq!(anns.neighbour(None, 0, false).unwrap().id, "d", "wraps");
    assert!(Annotations::default().neighbour(None, 0, true).is_none());
}

fn text_strategy() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "word", "Kyiv", " ", "  ", ",", "“", "”", "\n", "\r\n", "👍🏽", "é", "e\u{301}", "中文",
        "שלום", "42", "—", ".",
    ]);
    prop::collection::vec(pieces, 0..40).prop_map(|v| v.concat())
}

proptest! {
    /// Forward from the start visits every stop once, in order; back from
    /// the last visits them in reverse; every selection is exactly a stop.
    #[test]
    fn arrows_visit_every_stop(s in text_strategy()) {
        let d = Doc::new(&s);
        let stops = d.all_stops();
        let mut sel = KeySel { anchor: 0, head: 0 };
        let mut fwd = Vec::new();
        while let Some(n) = d.key(sel, Dir::Forward, false) {
            fwd.push(n.span().unwrap());
            sel = n;
            prop_assert!(fwd.len() <= stops.len());
        }
        prop_assert_eq!(&fwd, &stops);
        let mut back = Vec::new();
        while let Some(p) = d.key(sel, Dir::Back, false) {
            back.push(p.span().unwrap());
            sel = p;
        }
        let mut rev: Vec<Span> = stops.iter().rev().skip(1).copied().collect();
        rev.truncate(stops.len().saturating_sub(1));
        prop_assert_eq!(back, rev);
    }

    /// Extending forward n times then back n times returns to the start, and
    /// every extended selection starts and ends on stop edges.
    #[test]
    fn extend_is_reversible(s in text_strategy(), n in 1usize..8) {
        let d = Doc::new(&s);
        let stops = d.all_stops();
        let Some(first) = d.key(KeySel { anchor: 0, head: 0 }, Dir::Forward, false) else {
            prop_assert!(stops.is_empty());
            return Ok(());
        };
        let edges: Vec<usize> = stops.iter().flat_map(|s| [s.start(), s.end()]).collect();
        let mut sel = first;
        let mut trail = vec![sel];
        for _ in 0..n {
            match d.key(sel, Dir::Forward, true) {
                Some(next) => { sel = next; trail.push(sel); }
                None => break,
            }
            prop_assert!(edges.contains(&sel.head));
        }
        while trail.len() > 1 {
            trail.pop();
            sel = d.key(sel, Dir::Back, true).unwrap();
            prop_assert_eq!(Some(&sel), trail.last());
        }
    }
}

fn pairs(v: Vec<Span>) -> Vec<(usize, usize)> {
    v.into_iter().map(|s| (s.start(), s.end())).collect()
}

#[test]
fn fine_stops_are_unicodes_grapheme_clusters_with_or_without_a_segmenter() {
    // e + accent, thumbs up + tone, a flag, a ZWJ family, CR LF: one each.
    let line = "e\u{301}👍🏽🇺🇦👨\u{200d}👩\u{200d}👧a\r\n";
    let want = [(10, 12), (12, 14), (14, 16), (16, 21), (21, 22), (22, 24)];
    assert_eq!(pairs(cursor::stops(line, 10, true, &[])), want);
    // Word segments make no difference by grapheme.
    assert_eq!(pairs(cursor::stops(line, 10, true, &[sp(0, 1)])), want);
    assert!(cursor::stops("", 3, true, &[]).is_empty());
}

#[test]
fn word_stops_skip_punctuation_and_never_split_a_cluster() {
    // Without segments: the stretches between white space.
    assert_eq!(
        pairs(cursor::stops("Kyiv, 👍🏽 — e\u{301}", 5, false, &[])),
        [(5, 10), (11, 13), (16, 18)]
    );
    // A segmenter's words: punctuation-only segments are no stop.
    let t = "Kyiv, now";
    let words = [sp(0, 4), sp(4, 5), sp(5, 6), sp(6, 9)];
    assert_eq!(pairs(cursor::stops(t, 0, false, &words)), [(0, 4), (6, 9)]);
    // A word cut from the combining mark before it (" \u{301}" is one
    // cluster) grows to the whole cluster.
    let t = "a \u{301}b";
    let words = [sp(0, 1), sp(1, 2), sp(2, 4)];
    assert_eq!(pairs(cursor::stops(t, 0, false, &words)), [(0, 1), (1, 4)]);
    // Segments past the end of the line are ignored, not a panic.
    assert_eq!(
        pairs(cursor::stops("ab", 0, false, &[sp(0, 2), sp(1, 9)])),
        [(0, 2)]
    );
}
