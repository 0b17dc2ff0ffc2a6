//! Words, sentences and grapheme clusters by Unicode's default rules
//! (UAX #29, from `unicode-segmentation`), for the CoNLL export. The app asks
//! the browser's `Intl.Segmenter`, which is ICU: the same rules for most
//! text, but ICU cuts Chinese, Japanese, Thai, Lao, Khmer and Burmese runs
//! into dictionary words, where UAX #29 makes each ideograph or hiragana
//! its own word and cuts Thai and its neighbours letter by letter. CoNLL
//! tokens of such text can therefore differ from a browser download; every
//! other format ignores segmentation.

use spanmark_core::text::words::Segmenter;
use spanmark_core::text::Span;
use unicode_segmentation::UnicodeSegmentation;

/// UAX #29 segmentation, as [`Segmenter`] wants it: code point spans.
#[derive(Clone, Copy, Debug, Default)]
pub struct Uax29;

/// The pieces of a tiling of `text` (in text order) as code point spans.
fn spans<'a>(pieces: impl Iterator<Item = &'a str>) -> Vec<Span> {
    let mut at = 0;
    pieces
        .filter_map(|p| {
            let start = at;
            at += p.chars().count();
            Span::new(start, at)
        })
        .collect()
}

impl Segmenter for Uax29 {
    fn words(&self, text: &str) -> Vec<Span> {
        spans(text.split_word_bounds())
    }

    fn sentences(&self, text: &str) -> Vec<Span> {
        spans(text.split_sentence_bounds())
    }

    fn graphemes(&self, text: &str) -> Vec<Span> {
        spans(text.graphemes(true))
    }
}
