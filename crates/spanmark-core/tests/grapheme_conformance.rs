#![cfg(not(target_arch = "wasm32"))]
//! The core's grapheme clusters against Unicode's own conformance cases:
//! every line of `GraphemeBreakTest.txt` for Unicode 17.0 (the version of
//! the `unicode-segmentation` tables the core uses), each `÷` a boundary
//! and each `×` none. The fixture is Unicode's file unchanged (sha256
//! e2d134d2…1793ec), as the `icu_segmenter` 2.4.0 crate ships it in
//! `tests/testdata/GraphemeBreakTest_17.txt`; Unicode's terms of use allow
//! redistributing it with its header.
//!
//! Each case is checked through every way the core hands out clusters:
//! `grapheme::spans`, `grapheme::is_boundary` (find), `Bounds` without
//! segments (resizing, snapping, stepping), the keyboard's fine stops and
//! `Segmenter::graphemes`' default.

use spanmark_core::cursor;
use spanmark_core::text::bounds::{Bounds, Unit};
use spanmark_core::text::grapheme::{is_boundary, spans};
use spanmark_core::text::words::{Lines, Segmenter};

const TEST: &str = include_str!("fixtures/unicode/GraphemeBreakTest-17.0.0.txt");

/// One line: the text, and after each of its code points whether a break
/// follows (the first `÷`, before the text, is always there).
struct Case {
    line: usize,
    text: String,
    breaks: Vec<usize>,
}

fn cases() -> Vec<Case> {
    let mut out = Vec::new();
    for (i, raw) in TEST.lines().enumerate() {
        let data = raw.split('#').next().unwrap_or("").trim();
        if data.is_empty() {
            continue;
        }
        let mut text = String::new();
        let mut breaks = Vec::new();
        let mut n = 0;
        for tok in data.split_whitespace() {
            match tok {
                "÷" => breaks.push(n),
                "×" => {}
                hex => {
                    let cp = u32::from_str_radix(hex, 16)
                        .unwrap_or_else(|e| panic!("line {}: {hex}: {e}", i + 1));
                    text.push(char::from_u32(cp).expect("a scalar value"));
                    n += 1;
                }
            }
        }
        out.push(Case {
            line: i + 1,
            text,
            breaks,
        });
    }
    out
}

/// Boundaries in code points from `spans`, 0 included.
fn cuts_of(text: &str) -> Vec<usize> {
    let mut v = vec![0];
    v.extend(spans(text).iter().map(|s| s.end()));
    v
}

#[test]
fn every_line_of_unicodes_grapheme_break_test() {
    let all = cases();
    // The file states its own count: no line was skipped.
    let declared: usize = TEST
        .lines()
        .find_map(|l| l.strip_prefix("# Lines: "))
        .and_then(|n| n.trim().parse().ok())
        .expect("a '# Lines:' count");
    assert_eq!(all.len(), declared);
    assert!(TEST.starts_with("# GraphemeBreakTest-17.0.0.txt"));
    for c in &all {
        let ctx = format!("line {}: {:?}", c.line, c.text);
        assert_eq!(cuts_of(&c.text), c.breaks, "spans, {ctx}");
        assert_eq!(Lines.graphemes(&c.text), spans(&c.text), "{ctx}");
        let bd = Bounds::new(7, &c.text, &[], &[]);
        let fine: Vec<(usize, usize)> = cursor::stops(&c.text, 7, true, &[])
            .into_iter()
            .map(|s| (s.start(), s.end()))
            .collect();
        let want: Vec<(usize, usize)> = c.breaks.windows(2).map(|w| (7 + w[0], 7 + w[1])).collect();
        assert_eq!(fine, want, "keyboard stops, {ctx}");
        for (cp, (b, _)) in c
            .text
            .char_indices()
            .chain([(c.text.len(), ' ')])
            .enumerate()
        {
            let want = c.breaks.contains(&cp);
            assert_eq!(is_boundary(&c.text, b), want, "is_boundary at {cp}, {ctx}");
            assert_eq!(
                bd.is_edge(7 + cp, Unit::Grapheme),
                want,
                "Bounds at {cp}, {ctx}"
            );
        }
    }
}

#[test]
fn the_cases_tell_a_wrong_segmentation_from_the_right_one() {
    // Code points as clusters (the old no-Intl fallback) get most joining
    // cases wrong; the check above would fail for each.
    let wrong = cases()
        .iter()
        .filter(|c| (0..=c.text.chars().count()).collect::<Vec<_>>() != c.breaks)
        .count();
    assert!(wrong > 300, "{wrong}");
}
