//! Grapheme clusters: what a reader sees as one character (a letter with
//! its combining accents, an emoji with its skin tone, a ZWJ sequence, a
//! flag, a Hangul syllable from jamo, CR LF). Extended grapheme clusters of
//! UAX #29, from the `unicode-segmentation` crate's Unicode tables
//! (Unicode 17.0, checked against Unicode's own `GraphemeBreakTest.txt` in
//! `tests/grapheme_conformance.rs`).
//!
//! This is the one place the core learns where clusters are: find, the
//! keyboard's stops, resizing, snapping and slugs all ask here, so the
//! browser and the native build agree whatever `Intl` a browser has.

use unicode_segmentation::{GraphemeCursor, UnicodeSegmentation};

use super::Span;

/// The grapheme clusters of `text` in code points from its start, in text
/// order; they tile the text (none for an empty one).
pub fn spans(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut at = 0;
    for g in text.graphemes(true) {
        let n = g.chars().count();
        out.extend(Span::new(at, at + n));
        at += n;
    }
    out
}

/// True when byte offset `b` of `s` lies between two grapheme clusters
/// (the two ends of `s` do); false for an offset inside a character or
/// past the end.
pub fn is_boundary(s: &str, b: usize) -> bool {
    if !s.is_char_boundary(b) {
        return false;
    }
    // With the whole text as the chunk the cursor never asks for more
    // context; should it ever, refusing the offset can only lose a match,
    // never split a cluster.
    GraphemeCursor::new(b, s.len(), true)
        .is_boundary(s, 0)
        .unwrap_or(false)
}
