//! Browser tests: word and grapheme boundaries from the real
//! `Intl.Segmenter` (`web::segmenter::line_bounds`): emoji with skin tones,
//! ZWJ sequences, flags and combining accents stay whole; words snap whole.
#![cfg(target_arch = "wasm32")]

use spanmark::web::segmenter::line_bounds;
use spanmark_core::text::bounds::Unit;
use spanmark_core::text::Span;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const LINE: &str = "cafe\u{301} 👍🏽 👨\u{200d}👩\u{200d}👧 🇺🇦 東京 thanks👍🏽 Zoë";

fn at(needle: &str) -> Span {
    let b = LINE.find(needle).expect("needle in LINE");
    let s = LINE[..b].chars().count();
    Span::new(s, s + needle.chars().count()).expect("non-empty")
}

fn text(s: Span) -> String {
    LINE.chars().skip(s.start()).take(s.len()).collect()
}

#[wasm_bindgen_test]
fn graphemes_are_never_split() {
    let b = line_bounds(100, LINE);
    let shift = |s: Span| Span::new(s.start() + 100, s.end() + 100).unwrap();
    for g in ["e\u{301}", "👍🏽", "👨\u{200d}👩\u{200d}👧", "🇺🇦"] {
        let s = shift(at(g));
        assert_eq!(b.next_grapheme(s.start()), Some(s.end()), "{g}");
        for inner in s.start() + 1..s.end() {
            assert!(!b.is_edge(inner, Unit::Grapheme), "{g} split at {inner}");
            assert!(!b.is_edge(inner, Unit::Word), "{g} split at {inner}");
            let one = Span::new(inner, inner + 1).unwrap();
            assert_eq!(b.snap_out(one, Unit::Grapheme), s, "{g}");
        }
    }
}

#[wasm_bindgen_test]
fn partial_words_snap_to_whole_words() {
    let b = line_bounds(0, LINE);
    let af = Span::new(1, 3).unwrap();
    assert_eq!(text(b.snap_out(af, Unit::Word)), "cafe\u{301}");
    let hank = at("hank");
    assert_eq!(text(b.snap_out(hank, Unit::Word)), "thanks");
    let oe = at("oë");
    assert_eq!(text(b.snap_out(oe, Unit::Word)), "Zoë");
    // Stepping by word from the end of "thanks" takes the whole emoji.
    let thanks = at("thanks");
    assert_eq!(b.next_word_end(thanks.end()), Some(thanks.end() + 2));
    // CJK: the browser's dictionary decides; a snapped span never cuts a
    // character and contains what was selected.
    let to = at("東");
    let s = b.snap_out(to, Unit::Word);
    assert!(s.start() <= to.start() && to.end() <= s.end());
}
