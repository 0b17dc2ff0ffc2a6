//! Word and sentence segmentation by the browser's `Intl.Segmenter`, for the
//! token-based exports (CoNLL). It knows every script (CJK without spaces,
//! Thai, emoji sequences) at no cost to the Wasm bundle. Its boundaries are
//! UTF-16 offsets; they become code points here, through
//! [`spanmark_core::text::utf16`], before the core sees them. Browsers without
//! `Intl.Segmenter` get the core's [`Lines`] (whitespace tokens, a sentence
//! per line).

use js_sys::Intl::{SegmentData, Segmenter as JsSegmenter, SegmenterGranularity, SegmenterOptions};
use js_sys::{Array, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use spanmark_core::cursor;
use spanmark_core::text::bounds::Bounds;
use spanmark_core::text::words::{unspaced, Lines, Segmenter};
use spanmark_core::text::{utf16, Span};

/// `Intl.Segmenter` for words and for sentences, in the browser's locale.
pub struct Intl {
    word: JsSegmenter,
    sentence: JsSegmenter,
    grapheme: JsSegmenter,
}

impl Intl {
    /// `None` when the browser has no `Intl.Segmenter`.
    pub fn new() -> Option<Intl> {
        let intl = Reflect::get(&js_sys::global(), &JsValue::from_str("Intl")).ok()?;
        let ctor = Reflect::get(&intl, &JsValue::from_str("Segmenter")).ok()?;
        if !ctor.is_function() {
            return None;
        }
        let make = |g| {
            let opts = SegmenterOptions::new();
            opts.set_granularity(g);
            JsSegmenter::new(&Array::new(), &opts)
        };
        Some(Intl {
            word: make(SegmenterGranularity::Word),
            sentence: make(SegmenterGranularity::Sentence),
            grapheme: make(SegmenterGranularity::Grapheme),
        })
    }
}

/// The segments of `text` as code point spans (they tile the text).
fn segments(seg: &JsSegmenter, text: &str) -> Vec<Span> {
    let mut units: Vec<usize> = Vec::new();
    if let Ok(Some(iter)) = js_sys::try_iter(&seg.segment(text)) {
        for item in iter.flatten() {
            units.push(item.unchecked_into::<SegmentData>().index() as usize);
        }
    }
    units.push(utf16::len(text));
    let cps = utf16::to_cps(text, &units);
    cps.windows(2)
        .filter_map(|w| Span::new(w[0], w[1]))
        .collect()
}

impl Segmenter for Intl {
    fn words(&self, text: &str) -> Vec<Span> {
        segments(&self.word, text)
    }

    fn sentences(&self, text: &str) -> Vec<Span> {
        segments(&self.sentence, text)
    }

    fn graphemes(&self, text: &str) -> Vec<Span> {
        segments(&self.grapheme, text)
    }
}

thread_local! {
    /// Made once: building an `Intl.Segmenter` loads locale data.
    static SHARED: Option<Intl> = Intl::new();
}

/// Word and grapheme boundaries of one line, `base` being its first code
/// point in the document. Without `Intl.Segmenter`, words are the stretches
/// between whitespace and graphemes are code points.
pub fn line_bounds(base: usize, text: &str) -> Bounds {
    SHARED.with(|s| match s {
        Some(s) => Bounds::new(base, text, &s.words(text), &s.graphemes(text)),
        None => Bounds::new(base, text, &[], &[]),
    })
}

/// The browser's segmenter, or [`Lines`] where it has none.
pub fn best() -> Box<dyn Segmenter> {
    match Intl::new() {
        Some(s) => Box::new(s),
        None => Box::new(Lines),
    }
}

/// The stops of the keyboard selection in one line of text starting at code
/// point `base`: its words (segments holding more than white space and
/// punctuation) or, with `fine`, its grapheme clusters, so that an emoji
/// with a skin tone or a letter with a combining accent is one step.
/// Without `Intl.Segmenter`: white-space separated words, code points.
pub fn stops(text: &str, base: usize, fine: bool) -> Vec<Span> {
    let shift = |s: Span| Span::new(base + s.start(), base + s.end());
    let intl = SHARED.with(|s| {
        s.as_ref().map(|s| {
            if fine {
                s.graphemes(text)
            } else {
                s.words(text)
            }
        })
    });
    let spans = match intl {
        Some(spans) => spans,
        None if fine => (0..text.chars().count())
            .filter_map(|i| Span::new(i, i + 1))
            .collect(),
        None => unspaced(text),
    };
    if fine {
        return spans.into_iter().filter_map(shift).collect();
    }
    let cps: Vec<char> = text.chars().collect();
    spans
        .into_iter()
        .filter(|s| {
            cps.get(s.start()..s.end())
                .is_some_and(|cs| cs.iter().any(|&c| cursor::is_word_char(c)))
        })
        .filter_map(shift)
        .collect()
}
