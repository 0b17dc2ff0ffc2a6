//! Word and sentence segmentation, as input to the token-based exports
//! (CoNLL) and to word snapping. The app segments words and sentences with
//! the browser's `Intl.Segmenter` (see `web::segmenter`), whose dictionaries
//! know CJK and Thai; the core only defines the interface, and [`Lines`]
//! for browsers without `Intl.Segmenter`. Grapheme clusters are the core's
//! own ([`super::grapheme`]) whatever the segmenter. The native tests
//! segment words with a small deterministic tokenizer of their own
//! (`tests/formats.rs`).

use super::Span;

/// Cuts a text into words and sentences, in code points.
pub trait Segmenter {
    /// Word segments in text order. They may include whitespace segments
    /// and need not cover the text: consumers only use their boundaries.
    fn words(&self, text: &str) -> Vec<Span>;
    /// Sentence segments in text order; only their starts are used.
    fn sentences(&self, text: &str) -> Vec<Span>;
    /// Grapheme clusters (user-perceived characters) in text order: UAX #29
    /// extended clusters ([`super::grapheme::spans`]). A segmenter has no
    /// reason to give others; the method is here so every consumer of a
    /// segmenter gets the same clusters.
    fn graphemes(&self, text: &str) -> Vec<Span> {
        super::grapheme::spans(text)
    }
}

/// Whitespace as Python's `str.split()` sees it: Unicode `White_Space` plus
/// the information separators U+001C–U+001F. A token never contains one, so
/// a token line always splits back into its columns.
pub fn is_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// The stretches of `text` between whitespace ([`is_space`]), in code
/// points: the words wherever no segmenter is at hand.
pub fn unspaced(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.chars().chain([' ']).enumerate() {
        match (start, is_space(c)) {
            (None, false) => start = Some(i),
            (Some(s), true) => {
                out.extend(Span::new(s, i));
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// The fallback where the browser has no `Intl.Segmenter`: no word
/// boundaries (so tokens are the whitespace-separated stretches, cut at span
/// edges) and one sentence per line.
#[derive(Clone, Copy, Debug, Default)]
pub struct Lines;

impl Segmenter for Lines {
    fn words(&self, _text: &str) -> Vec<Span> {
        Vec::new()
    }

    fn sentences(&self, text: &str) -> Vec<Span> {
        let mut out = Vec::new();
        let mut start = 0;
        let mut chars = text.chars().enumerate().peekable();
        while let Some((i, c)) = chars.next() {
            let end = match c {
                '\r' if chars.peek().map(|p| p.1) == Some('\n') => None,
                '\n' | '\r' => Some(i + 1),
                _ => None,
            };
            if let Some(e) = end {
                out.extend(Span::new(start, e));
                start = e;
            }
        }
        out.extend(Span::new(start, text.chars().count()));
        out
    }
}
