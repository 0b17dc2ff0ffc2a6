//! Word and sentence segmentation by the browser's `Intl.Segmenter`, for the
//! token-based exports (CoNLL), word snapping and the keyboard's word stops:
//! its dictionaries know the words of scripts written without spaces (CJK,
//! Thai). Its boundaries are UTF-16 offsets; they become code points here,
//! through [`spanmark_core::text::utf16`], before the core sees them.
//! Browsers without `Intl.Segmenter` get the core's [`Lines`] (whitespace
//! tokens, a sentence per line). Grapheme clusters are never asked of the
//! browser: they are the core's ([`spanmark_core::text::grapheme`]), the
//! same with or without `Intl`.

use js_sys::Intl::{SegmentData, Segmenter as JsSegmenter, SegmenterGranularity, SegmenterOptions};
use js_sys::{Array, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use spanmark_core::cursor;
use spanmark_core::text::bounds::Bounds;
use spanmark_core::text::words::{Lines, Segmenter};
use spanmark_core::text::{utf16, Span};

/// `Intl.Segmenter` for words and for sentences, in the browser's locale.
pub struct Intl {
    word: JsSegmenter,
    sentence: JsSegmenter,
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
}

thread_local! {
    /// Made once: building an `Intl.Segmenter` loads locale data.
    static SHARED: Option<Intl> = Intl::new();
}

/// Word and grapheme boundaries of one line, `base` being its first code
/// point in the document. Without `Intl.Segmenter`, words are the stretches
/// between whitespace; graphemes are the core's either way.
pub fn line_bounds(base: usize, text: &str) -> Bounds {
    let words = SHARED.with(|s| s.as_ref().map(|s| s.words(text)));
    Bounds::new(base, text, &words.unwrap_or_default(), &[])
}

/// The browser's segmenter, or [`Lines`] where it has none.
pub fn best() -> Box<dyn Segmenter> {
    match Intl::new() {
        Some(s) => Box::new(s),
        None => Box::new(Lines),
    }
}

/// The stops of the keyboard selection in one line of text starting at code
/// point `base` ([`cursor::stops`]): its words as `Intl.Segmenter` finds
/// them (white-space separated without it) or, with `fine`, its grapheme
/// clusters.
pub fn stops(text: &str, base: usize, fine: bool) -> Vec<Span> {
    let words = if fine {
        None
    } else {
        SHARED.with(|s| s.as_ref().map(|s| s.words(text)))
    };
    cursor::stops(text, base, fine, &words.unwrap_or_default())
}
