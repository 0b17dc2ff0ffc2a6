#![cfg(not(target_arch = "wasm32"))]
//! Word and grapheme boundaries (`core::text::bounds`): fixed examples with
//! emoji, skin tones, ZWJ sequences, flags, combining accents, CJK, RTL and
//! CRLF, and properties against a slow, obvious reference over texts built
//! from pieces whose graphemes and words are known by construction.

use proptest::prelude::*;
use spanmark_core::text::bounds::{resized, snap_out, step_in_lines, Bounds, Edge, Unit};
use spanmark_core::text::words::{is_space, unspaced};
use spanmark_core::text::Span;

/// A piece of text with its grapheme clusters; a piece is one word segment
/// (or one whitespace segment) of the texts built from it.
const PIECES: &[&[&str]] = &[
    &["c", "a", "f", "e\u{301}"],                   // café, combining accent
    &["c", "a", "f", "é"],                          // café, precomposed
    &["👍🏽"],                                        // thumbs up + skin tone
    &["👨\u{200d}👩\u{200d}👧\u{200d}👦"],          // ZWJ family
    &["🇺🇦"],                                        // flag: two regional indicators
    &["東", "京"],                                  // CJK
    &["م", "ر", "ح", "ب", "ا"],                     // Arabic (RTL)
    &["ש", "ָ", "ל", "ו", "ם"],                      // Hebrew (RTL), point given apart
    &["Z", "e", "l", "e", "n", "s", "k", "y", "y"], // plain ASCII
    &[","],                                         // punctuation
    &[" "],                                         // whitespace
    &["  "],                                        // a run of spaces (one grapheme each below)
    &["\r\n"],                                      // CRLF: one grapheme
    &["1", ".", "5"],                               // a number
    &["🧑🏿\u{200d}🚀"],                              // ZWJ with skin tone
];

/// A text from pieces, with its grapheme and word segments in code points.
struct Built {
    text: String,
    graphemes: Vec<Span>,
    words: Vec<Span>,
}

fn cps(s: &str) -> usize {
    s.chars().count()
}

fn build(pieces: &[usize]) -> Built {
    let mut text = String::new();
    let mut graphemes = Vec::new();
    let mut words = Vec::new();
    let mut at = 0;
    for &p in pieces {
        let piece = PIECES[p % PIECES.len()];
        let start = at;
        for g in piece.iter() {
            // "  " is written as one piece but is two graphemes.
            for part in if g.chars().all(|c| c == ' ') {
                g.split_inclusive(' ').collect::<Vec<_>>()
            } else {
                vec![*g]
            } {
                let n = cps(part);
                graphemes.push(Span::new(at, at + n).unwrap());
                text.push_str(part);
                at += n;
            }
        }
        words.extend(Span::new(start, at));
    }
    Built {
        text,
        graphemes,
        words,
    }
}

fn bounds(b: &Built, base: usize) -> Bounds {
    Bounds::new(base, &b.text, &b.words, &b.graphemes)
}

/// The reference: boundary sets computed the slow way.
struct Reference {
    len: usize,
    graphemes: Vec<usize>,
    words: Vec<usize>,
    /// (start, end) of every non-whitespace word.
    solid: Vec<(usize, usize)>,
}

fn reference(b: &Built) -> Reference {
    let len = cps(&b.text);
    let chars: Vec<char> = b.text.chars().collect();
    let mut graphemes: Vec<usize> = vec![0, len];
    graphemes.extend(b.graphemes.iter().flat_map(|g| [g.start(), g.end()]));
    graphemes.sort();
    graphemes.dedup();
    let mut words: Vec<usize> = vec![0, len];
    words.extend(b.words.iter().flat_map(|g| [g.start(), g.end()]));
    words.sort();
    words.dedup();
    let solid = words
        .windows(2)
        .filter(|w| !chars[w[0]..w[1]].iter().all(|&c| is_space(c)))
        .map(|w| (w[0], w[1]))
        .collect();
    Reference {
        len,
        graphemes,
        words,
        solid,
    }
}

fn min_over(it: impl Iterator<Item = usize>) -> Option<usize> {
    it.min()
}

fn max_over(it: impl Iterator<Item = usize>) -> Option<usize> {
    it.max()
}

fn text_of(b: &Built, s: Span) -> String {
    b.text.chars().skip(s.start()).take(s.len()).collect()
}

#[test]
fn partial_drag_in_cafe_snaps_to_the_whole_word() {
    // "café 👍🏽 Zelenskyy" with the accent as a combining mark.
    let b = build(&[0, 10, 2, 10, 8]);
    let bd = bounds(&b, 0);
    // "af" inside "café"
    let s = bd.snap_out(Span::new(1, 3).unwrap(), Unit::Word);
    assert_eq!(text_of(&b, s), "cafe\u{301}");
    // Grapheme precision keeps "af" but never cuts e + accent.
    let s = bd.snap_out(Span::new(1, 4).unwrap(), Unit::Grapheme);
    assert_eq!(text_of(&b, s), "afe\u{301}");
    // Only the skin tone half of the emoji → the whole emoji.
    let s = bd.snap_out(Span::new(7, 8).unwrap(), Unit::Grapheme);
    assert_eq!(text_of(&b, s), "👍🏽");
    // A span from inside the emoji into "Zele" → emoji … Zelenskyy.
    let s = bd.snap_out(Span::new(7, 12).unwrap(), Unit::Word);
    assert_eq!(text_of(&b, s), "👍🏽 Zelenskyy");
}

#[test]
fn zwj_family_flag_and_crlf_are_one_grapheme_each() {
    let b = build(&[3, 4, 12, 14]);
    let bd = bounds(&b, 100);
    let family = 7; // 4 people + 3 joiners
    assert_eq!(bd.next_grapheme(100), Some(100 + family));
    assert_eq!(bd.next_grapheme(101), Some(100 + family));
    assert_eq!(bd.next_grapheme(100 + family), Some(100 + family + 2));
    assert_eq!(bd.next_grapheme(100 + family + 2), Some(100 + family + 4));
    assert_eq!(bd.prev_grapheme(100 + family + 4), Some(100 + family + 2));
    assert_eq!(bd.prev_grapheme(bd.end()), Some(100 + family + 4));
    assert!(!bd.is_edge(100 + family + 1, Unit::Grapheme));
    assert!(!bd.is_edge(100 + family + 3, Unit::Grapheme));
}

#[test]
fn word_steps_skip_whitespace_and_stop_at_punctuation() {
    // "Zelenskyy , 1.5  東京"
    let b = build(&[8, 10, 9, 10, 13, 11, 5]);
    let bd = bounds(&b, 0);
    assert_eq!(bd.next_word_end(0), Some(9));
    assert_eq!(bd.next_word_end(9), Some(11)); // ","
    assert_eq!(bd.next_word_end(11), Some(15)); // "1.5"
    assert_eq!(bd.next_word_end(15), Some(19)); // "東京" after two spaces
    assert_eq!(bd.next_word_end(19), None);
    assert_eq!(bd.prev_word_start(19), Some(17));
    assert_eq!(bd.prev_word_start(17), Some(12));
    assert_eq!(bd.prev_word_end(17), Some(15));
    assert_eq!(bd.next_word_start(0), Some(10));
    assert_eq!(bd.next_word_edge(9), Some(10));
    assert_eq!(bd.prev_word_edge(12), Some(11));
    assert_eq!(bd.prev_word_start(0), None);
}

#[test]
fn rtl_words_step_like_any_other() {
    // Hebrew with a point (a lone mark is its own grapheme in the pieces,
    // but attached in real text; it is given here as a separate grapheme
    // to check that the given segments are what count).
    let b = build(&[6, 10, 7]);
    let bd = bounds(&b, 0);
    assert_eq!(bd.next_word_end(0), Some(5));
    assert_eq!(bd.next_word_end(5), Some(11));
    assert_eq!(bd.prev_word_start(11), Some(6));
}

#[test]
fn without_segments_words_are_whitespace_separated_and_graphemes_are_unicodes() {
    // Unicode's extended grapheme clusters (UAX #29), not code points.
    let bd = Bounds::new(0, "a👍🏽e\u{301}🇺🇦", &[], &[]);
    assert_eq!(bd.next_grapheme(0), Some(1));
    assert_eq!(bd.next_grapheme(1), Some(3));
    assert_eq!(bd.next_grapheme(3), Some(5));
    assert_eq!(bd.prev_grapheme(7), Some(5));
    assert!(!bd.is_edge(2, Unit::Grapheme) && !bd.is_edge(4, Unit::Grapheme));
    assert_eq!(
        bd.snap_out(Span::new(3, 4).unwrap(), Unit::Grapheme),
        Span::new(3, 5).unwrap()
    );
    // A word edge inside a cluster is dropped: no whitespace word splits
    // the space from the combining mark after it.
    let bd = Bounds::new(0, "a \u{301}b", &[], &[]);
    assert!(!bd.is_edge(2, Unit::Word));
    let bd = Bounds::new(10, "ab  cd,e", &[], &[]);
    assert_eq!(
        bd.snap_out(Span::new(11, 12).unwrap(), Unit::Word),
        Span::new(10, 12).unwrap()
    );
    assert_eq!(
        bd.snap_out(Span::new(15, 16).unwrap(), Unit::Word),
        Span::new(14, 18).unwrap()
    );
    assert_eq!(bd.next_grapheme(10), Some(11));
    assert_eq!(bd.next_word_end(12), Some(18));
}

#[test]
fn word_edges_inside_a_grapheme_are_ignored() {
    // A (wrong) word segmenter cutting the emoji from its skin tone.
    let text = "a👍🏽b";
    let words = [Span::new(0, 2).unwrap(), Span::new(2, 4).unwrap()];
    let graphemes = [
        Span::new(0, 1).unwrap(),
        Span::new(1, 3).unwrap(),
        Span::new(3, 4).unwrap(),
    ];
    let bd = Bounds::new(0, text, &words, &graphemes);
    assert!(!bd.is_edge(2, Unit::Word));
    assert_eq!(
        bd.snap_out(Span::new(0, 2).unwrap(), Unit::Word),
        Span::new(0, 4).unwrap()
    );
}

#[test]
fn positions_outside_the_stretch_do_not_panic() {
    let bd = Bounds::new(10, "abc", &[], &[]);
    assert_eq!(bd.floor(3, Unit::Word), 3);
    assert_eq!(bd.ceil(99, Unit::Word), 99);
    assert_eq!(bd.next_word_end(99), None);
    assert_eq!(bd.prev_word_start(2), None);
    assert_eq!(bd.next_word_end(2), Some(13));
    assert_eq!(bd.prev_word_start(99), Some(10));
    assert_eq!(bd.next_grapheme(usize::MAX), None);
    assert_eq!(bd.prev_grapheme(0), None);
    let empty = Bounds::new(5, "", &[], &[]);
    assert_eq!(empty.next_word_end(0), None);
    assert_eq!(empty.next_grapheme(0), Some(5));
    assert_eq!(
        empty.snap_out(Span::new(5, 6).unwrap(), Unit::Word),
        Span::new(5, 6).unwrap()
    );
    let b = Bounds::new(
        0,
        "xy",
        &[Span::new(0, 99).unwrap()],
        &[Span::new(1, 50).unwrap()],
    );
    assert_eq!(b.ceil(1, Unit::Grapheme), 1);
    assert_eq!(b.next_grapheme(1), Some(2));
}

/// Three lines: "Zelenskyy Zelenskyy" / "" / "café 👍🏽" (combining accent),
/// the second empty, joined by CRLF and LF.
fn three_lines() -> (Vec<(usize, usize)>, Vec<Bounds>) {
    let l0 = build(&[8, 10, 8]);
    let l2 = build(&[0, 10, 2]);
    let n0 = cps(&l0.text);
    let lines = vec![(0, n0), (n0 + 2, n0 + 2), (n0 + 3, n0 + 3 + cps(&l2.text))];
    let bs = vec![
        bounds(&l0, 0),
        Bounds::new(n0 + 2, "", &[], &[]),
        bounds(&l2, n0 + 3),
    ];
    (lines, bs)
}

#[test]
fn steps_cross_line_breaks_and_empty_lines() {
    let (lines, bs) = three_lines();
    let get = |i: usize| bs.get(i).cloned();
    let n0 = lines[0].1;
    let l2 = lines[2].0;
    // By word: from the end of line 0 to the first word end of line 2.
    assert_eq!(
        step_in_lines(&lines, get, n0, true, Unit::Word, Edge::End),
        Some(l2 + 5)
    );
    // By grapheme: past the CRLF onto the empty line, then onto line 2.
    assert_eq!(
        step_in_lines(&lines, get, n0, true, Unit::Grapheme, Edge::End),
        Some(n0 + 2)
    );
    assert_eq!(
        step_in_lines(&lines, get, n0 + 2, true, Unit::Grapheme, Edge::End),
        Some(l2)
    );
    assert_eq!(
        step_in_lines(&lines, get, l2, false, Unit::Grapheme, Edge::Start),
        Some(n0 + 2)
    );
    assert_eq!(
        step_in_lines(&lines, get, l2, false, Unit::Word, Edge::Start),
        Some(10)
    );
    assert_eq!(
        step_in_lines(&lines, get, lines[2].1, true, Unit::Word, Edge::End),
        None
    );
    assert_eq!(
        step_in_lines(&lines, get, 0, false, Unit::Word, Edge::Start),
        None
    );
}

#[test]
fn resizing_never_empties_or_crosses() {
    let (lines, bs) = three_lines();
    let get = |i: usize| bs.get(i).cloned();
    let zel = Span::new(0, 9).unwrap();
    // The end shrinking by a word would empty "Zelenskyy": refused.
    assert_eq!(
        resized(zel, Edge::End, false, Unit::Word, &lines, get),
        None
    );
    // The start moving right by a word would pass the end: refused.
    assert_eq!(
        resized(zel, Edge::Start, true, Unit::Word, &lines, get),
        None
    );
    assert_eq!(
        resized(zel, Edge::End, true, Unit::Word, &lines, get),
        Span::new(0, 19)
    );
    assert_eq!(
        resized(zel, Edge::End, false, Unit::Grapheme, &lines, get),
        Span::new(0, 8)
    );
    assert_eq!(
        resized(zel, Edge::Start, true, Unit::Grapheme, &lines, get),
        Span::new(1, 9)
    );
    let second = Span::new(10, 19).unwrap();
    assert_eq!(
        resized(second, Edge::Start, false, Unit::Word, &lines, get),
        Span::new(0, 19)
    );
}

#[test]
fn snapping_a_span_across_lines_uses_each_ends_line() {
    let (lines, bs) = three_lines();
    let s = snap_out(
        Span::new(3, lines[2].0 + 2).unwrap(),
        &bs[0],
        &bs[2],
        Unit::Word,
    );
    assert_eq!(s, Span::new(0, lines[2].0 + 5).unwrap());
}

fn pieces() -> impl Strategy<Value = Vec<usize>> {
    prop::collection::vec(0..PIECES.len(), 0..24)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn every_answer_matches_the_reference(p in pieces(), base in 0usize..1000, probe in 0usize..1200) {
        let b = build(&p);
        let r = reference(&b);
        let bd = bounds(&b, base);
        let cp = probe.saturating_sub(100).min(base + r.len + 5);
        let rel = cp.checked_sub(base).filter(|&x| x <= r.len);
        let abs = |v: Option<usize>| v.map(|x| x + base);
        match rel {
            Some(x) => {
                prop_assert_eq!(bd.floor(cp, Unit::Word), base + *r.words.iter().filter(|&&w| w <= x).max().unwrap());
                prop_assert_eq!(bd.ceil(cp, Unit::Word), base + *r.words.iter().filter(|&&w| w >= x).min().unwrap());
                prop_assert_eq!(bd.floor(cp, Unit::Grapheme), base + *r.graphemes.iter().filter(|&&w| w <= x).max().unwrap());
                prop_assert_eq!(bd.ceil(cp, Unit::Grapheme), base + *r.graphemes.iter().filter(|&&w| w >= x).min().unwrap());
                prop_assert_eq!(bd.next_grapheme(cp), abs(min_over(r.graphemes.iter().copied().filter(|&g| g > x))));
                prop_assert_eq!(bd.prev_grapheme(cp), abs(max_over(r.graphemes.iter().copied().filter(|&g| g < x))));
                prop_assert_eq!(bd.next_word_end(cp), abs(min_over(r.solid.iter().map(|w| w.1).filter(|&e| e > x))));
                prop_assert_eq!(bd.prev_word_end(cp), abs(max_over(r.solid.iter().map(|w| w.1).filter(|&e| e < x))));
                prop_assert_eq!(bd.next_word_start(cp), abs(min_over(r.solid.iter().map(|w| w.0).filter(|&s| s > x))));
                prop_assert_eq!(bd.prev_word_start(cp), abs(max_over(r.solid.iter().map(|w| w.0).filter(|&s| s < x))));
                let edges = || r.solid.iter().flat_map(|w| [w.0, w.1]);
                prop_assert_eq!(bd.next_word_edge(cp), abs(min_over(edges().filter(|&e| e > x))));
                prop_assert_eq!(bd.prev_word_edge(cp), abs(max_over(edges().filter(|&e| e < x))));
                prop_assert_eq!(bd.is_edge(cp, Unit::Word), r.words.contains(&x));
                prop_assert_eq!(bd.is_edge(cp, Unit::Grapheme), r.graphemes.contains(&x));
            }
            None => {
                prop_assert_eq!(bd.floor(cp, Unit::Word), cp);
                prop_assert_eq!(bd.ceil(cp, Unit::Grapheme), cp);
                prop_assert!(!bd.is_edge(cp, Unit::Word));
            }
        }
    }

    #[test]
    fn snapped_spans_contain_the_selection_and_sit_on_boundaries(p in pieces(), a in 0usize..200, l in 1usize..60) {
        let b = build(&p);
        let r = reference(&b);
        prop_assume!(r.len > 0);
        let start = a % r.len;
        let end = (start + l).min(r.len).max(start + 1);
        let span = Span::new(start, end).unwrap();
        let bd = bounds(&b, 0);
        for unit in [Unit::Word, Unit::Grapheme] {
            let s = bd.snap_out(span, unit);
            prop_assert!(s.start() <= span.start() && span.end() <= s.end());
            prop_assert!(bd.is_edge(s.start(), unit) && bd.is_edge(s.end(), unit));
            prop_assert!(bd.is_edge(s.start(), Unit::Grapheme) && bd.is_edge(s.end(), Unit::Grapheme));
            // Outward and minimal: no boundary of the unit strictly between
            // the snapped and the original edge.
            prop_assert!((s.start() + 1..=span.start()).all(|c| !bd.is_edge(c, unit)));
            prop_assert!((span.end()..s.end()).all(|c| !bd.is_edge(c, unit)));
            prop_assert_eq!(bd.snap_out(s, unit), s);
        }
        prop_assert!(bd.snap_out(span, Unit::Word).len() >= bd.snap_out(span, Unit::Grapheme).len());
    }

    #[test]
    fn any_segments_give_grapheme_safe_sorted_answers(
        text in "[a-z ,é\u{301}👍🏽]{0,20}",
        words in prop::collection::vec((0usize..30, 0usize..30), 0..10),
        graphemes in prop::collection::vec((0usize..30, 0usize..30), 0..10),
        probe in 0usize..40,
    ) {
        let spans = |v: &[(usize, usize)]| v.iter().filter_map(|&(a, b)| Span::new(a.min(b), a.max(b))).collect::<Vec<_>>();
        let bd = Bounds::new(3, &text, &spans(&words), &spans(&graphemes));
        let len = text.chars().count();
        for f in [Bounds::next_word_end, Bounds::prev_word_end, Bounds::next_word_start, Bounds::prev_word_start, Bounds::next_grapheme, Bounds::prev_grapheme] {
            if let Some(x) = f(&bd, probe) {
                prop_assert!((3..=3 + len).contains(&x));
                prop_assert!(bd.is_edge(x, Unit::Grapheme));
                prop_assert!(x != probe);
            }
        }
        if let Some(span) = Span::new(probe, probe + 2) {
            let s = bd.snap_out(span, Unit::Word);
            prop_assert!(s.start() <= span.start() && span.end() <= s.end());
        }
    }

    #[test]
    fn resizing_stays_on_grapheme_boundaries_and_never_empties(p in pieces(), q in pieces(), moves in prop::collection::vec((any::<bool>(), any::<bool>(), any::<bool>()), 1..20)) {
        // Two lines joined by a line feed.
        let l0 = build(&p);
        let l1 = build(&q);
        let n0 = cps(&l0.text);
        let lines = vec![(0, n0), (n0 + 1, n0 + 1 + cps(&l1.text))];
        let bs = [bounds(&l0, 0), bounds(&l1, n0 + 1)];
        let first = if n0 > 0 { Some(0) } else if lines[1].1 > lines[1].0 { Some(n0 + 1) } else { None };
        let Some(start) = first else { return Ok(()) };
        let end = bs.iter().find_map(|b| b.next_grapheme(start).filter(|_| b.is_edge(start, Unit::Grapheme))).unwrap();
        let mut span = Span::new(start, end).unwrap();
        let on_edge = |cp: usize| bs.iter().any(|b| b.is_edge(cp, Unit::Grapheme));
        for (edge_start, right, word) in moves {
            let edge = if edge_start { Edge::Start } else { Edge::End };
            let unit = if word { Unit::Word } else { Unit::Grapheme };
            if let Some(s) = resized(span, edge, right, unit, &lines, |i| bs.get(i).cloned()) {
                prop_assert!(on_edge(s.start()) && on_edge(s.end()), "{:?} off a grapheme edge", s);
                match edge {
                    Edge::Start => prop_assert_eq!(s.end(), span.end()),
                    Edge::End => prop_assert_eq!(s.start(), span.start()),
                }
                prop_assert!(s != span);
                span = s;
            }
        }
    }
}

proptest! {
    /// The whitespace-separated stretches, against splitting the code
    /// points at every space one by one.
    #[test]
    fn unspaced_are_the_stretches_between_spaces(s in "[a\u{e9} \t\u{1c}\u{3000}\u{1F44D}\n]{0,24}") {
        let cps: Vec<char> = s.chars().collect();
        let mut want = Vec::new();
        let mut i = 0;
        while i < cps.len() {
            if is_space(cps[i]) {
                i += 1;
                continue;
            }
            let j = (i..cps.len()).find(|&j| is_space(cps[j])).unwrap_or(cps.len());
            want.push(Span::new(i, j).unwrap());
            i = j;
        }
        prop_assert_eq!(unspaced(&s), want);
    }
}
