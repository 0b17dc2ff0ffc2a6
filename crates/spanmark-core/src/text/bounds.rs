//! Word and grapheme boundaries of one stretch of text (a line), for
//! snapping selections outward to whole words, resizing annotations and
//! moving a cursor by word or by user-perceived character.
//!
//! Grapheme clusters are Unicode's (UAX #29, [`super::grapheme`]) unless a
//! caller gives its own; word segments come from outside (the browser's
//! `Intl.Segmenter`, see `web::segmenter`), or are the stretches between
//! whitespace. [`Bounds`] keeps the boundaries, checked and sorted, and
//! answers questions about them in **absolute code point offsets**. A word
//! boundary is always a grapheme boundary, so nothing built on these
//! functions can split an emoji with its skin tone, a ZWJ sequence, a flag
//! or a letter from its combining accent.
//!
//! Positions outside the stretch (`base..=base + len`) are answered
//! conservatively: the `*_floor`/`*_ceil` functions return them unchanged
//! and the stepping functions return `None`; none of them panics.

use super::grapheme;
use super::words::{is_space, unspaced};
use super::Span;

/// The unit an edge moves by or snaps to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// A word segment (UAX #29): a word, a number, a punctuation mark or a
    /// run of whitespace. Stepping skips the whitespace runs.
    Word,
    /// A grapheme cluster: what a reader sees as one character.
    Grapheme,
}

/// Which edge of a span moves: by word, a start edge stops at starts of
/// words and an end edge at ends of words, so that a span never gains or
/// keeps a whitespace edge by stepping.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Edge {
    Start,
    End,
}

/// The boundaries of one stretch of text, `base..base + len` in the
/// document.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Bounds {
    base: usize,
    len: usize,
    /// Grapheme boundaries relative to `base`, ascending, from 0 to `len`.
    graphemes: Vec<usize>,
    /// Word boundaries relative to `base`, ascending, from 0 to `len`; a
    /// subset of `graphemes`.
    words: Vec<usize>,
    /// `space[i]` is true when the segment `words[i]..words[i + 1]` is
    /// whitespace only (one entry fewer than `words`).
    space: Vec<bool>,
}

/// Sorted, unique cuts within `0..=len` taken from segment edges, always
/// including 0 and `len`.
fn cuts(len: usize, segs: &[Span]) -> Vec<usize> {
    let mut v: Vec<usize> = Vec::with_capacity(segs.len() * 2 + 2);
    v.push(0);
    v.push(len);
    for s in segs {
        for p in [s.start(), s.end()] {
            if p < len {
                v.push(p);
            }
        }
    }
    v.sort_unstable();
    v.dedup();
    v
}

impl Bounds {
    /// Boundaries of `text`, which starts at code point `base` of the
    /// document. `words` and `graphemes` are segments of `text` in code
    /// points relative to its start, as a segmenter gives them; they need
    /// not tile the text, and edges past its end are ignored. With no word
    /// segments, words are the stretches between whitespace; with no
    /// grapheme segments (what the app passes), graphemes are Unicode's
    /// extended grapheme clusters ([`grapheme::spans`]).
    pub fn new(base: usize, text: &str, words: &[Span], graphemes: &[Span]) -> Bounds {
        let chars: Vec<char> = text.chars().collect();
        let len = chars.len();
        let graphemes = if graphemes.is_empty() {
            cuts(len, &grapheme::spans(text))
        } else {
            cuts(len, graphemes)
        };
        // Without word segments: whitespace runs and the runs between them.
        let mut words = if words.is_empty() {
            cuts(len, &unspaced(text))
        } else {
            cuts(len, words)
        };
        // A word edge inside a grapheme would split it: drop it.
        words.retain(|w| graphemes.binary_search(w).is_ok());
        let space = words
            .windows(2)
            .map(|w| chars[w[0]..w[1]].iter().all(|&c| is_space(c)))
            .collect();
        Bounds {
            base,
            len,
            graphemes,
            words,
            space,
        }
    }

    /// The first code point of the stretch, in the document.
    pub fn base(&self) -> usize {
        self.base
    }

    /// One past the last code point of the stretch, in the document.
    pub fn end(&self) -> usize {
        self.base + self.len
    }

    /// `cp` relative to the stretch, when it lies within `base..=end`.
    fn rel(&self, cp: usize) -> Option<usize> {
        cp.checked_sub(self.base).filter(|&r| r <= self.len)
    }

    fn cuts(&self, unit: Unit) -> &[usize] {
        match unit {
            Unit::Word => &self.words,
            Unit::Grapheme => &self.graphemes,
        }
    }

    /// True when `cp` is a boundary of `unit` (both ends of the stretch
    /// are). False outside the stretch.
    pub fn is_edge(&self, cp: usize, unit: Unit) -> bool {
        self.rel(cp)
            .is_some_and(|r| self.cuts(unit).binary_search(&r).is_ok())
    }

    /// The last boundary of `unit` at or before `cp`: where a span
    /// starting at `cp` starts once snapped outward.
    pub fn floor(&self, cp: usize, unit: Unit) -> usize {
        let Some(r) = self.rel(cp) else { return cp };
        let c = self.cuts(unit);
        let i = c.partition_point(|&x| x <= r);
        self.base + c.get(i.wrapping_sub(1)).copied().unwrap_or(0)
    }

    /// The first boundary of `unit` at or after `cp`: where a span ending
    /// at `cp` ends once snapped outward.
    pub fn ceil(&self, cp: usize, unit: Unit) -> usize {
        let Some(r) = self.rel(cp) else { return cp };
        let c = self.cuts(unit);
        let i = c.partition_point(|&x| x < r);
        self.base + c.get(i).copied().unwrap_or(self.len)
    }

    /// `span` grown to whole words (or graphemes): its start moves back to
    /// the boundary at or before it, its end forward to the boundary at or
    /// after it. Edges outside the stretch stay where they are, so a span
    /// reaching into other lines is snapped with each end's own `Bounds`
    /// (see [`snap_out`]).
    pub fn snap_out(&self, span: Span, unit: Unit) -> Span {
        snap_out(span, self, self, unit)
    }

    /// Word boundaries of non-whitespace segments, with which side: the
    /// starts and the ends of words (punctuation counts as a word).
    fn word_starts(&self) -> impl DoubleEndedIterator<Item = usize> + '_ {
        self.words
            .iter()
            .zip(&self.space)
            .filter(|(_, &sp)| !sp)
            .map(|(&w, _)| w)
    }

    fn word_ends(&self) -> impl DoubleEndedIterator<Item = usize> + '_ {
        self.words
            .iter()
            .skip(1)
            .zip(&self.space)
            .filter(|(_, &sp)| !sp)
            .map(|(&w, _)| w)
    }

    /// The first end of a word after `cp` (in this stretch): where an
    /// annotation's end goes when it grows by one word.
    pub fn next_word_end(&self, cp: usize) -> Option<usize> {
        let right = self.right_of(cp)?;
        self.word_ends().find(|&e| right(e)).map(|e| self.base + e)
    }

    /// The last end of a word before `cp`: where an annotation's end goes
    /// when it shrinks by one word.
    pub fn prev_word_end(&self, cp: usize) -> Option<usize> {
        let left = self.left_of(cp)?;
        self.word_ends()
            .rev()
            .find(|&e| left(e))
            .map(|e| self.base + e)
    }

    /// The first start of a word after `cp`: where an annotation's start
    /// goes when it shrinks by one word.
    pub fn next_word_start(&self, cp: usize) -> Option<usize> {
        let right = self.right_of(cp)?;
        self.word_starts()
            .find(|&s| right(s))
            .map(|s| self.base + s)
    }

    /// The last start of a word before `cp`: where an annotation's start
    /// goes when it grows by one word.
    pub fn prev_word_start(&self, cp: usize) -> Option<usize> {
        let left = self.left_of(cp)?;
        self.word_starts()
            .rev()
            .find(|&s| left(s))
            .map(|s| self.base + s)
    }

    /// The nearest start or end of a word after `cp`: a cursor moving
    /// right by word stops at each (whitespace between words is skipped).
    pub fn next_word_edge(&self, cp: usize) -> Option<usize> {
        match (self.next_word_start(cp), self.next_word_end(cp)) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// The nearest start or end of a word before `cp`.
    pub fn prev_word_edge(&self, cp: usize) -> Option<usize> {
        match (self.prev_word_start(cp), self.prev_word_end(cp)) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        }
    }

    /// The grapheme boundary after `cp`: one user-perceived character to
    /// the right.
    pub fn next_grapheme(&self, cp: usize) -> Option<usize> {
        let right = self.right_of(cp)?;
        let c = &self.graphemes;
        c.get(c.partition_point(|&x| !right(x)))
            .map(|&g| self.base + g)
    }

    /// The grapheme boundary before `cp`: one user-perceived character to
    /// the left.
    pub fn prev_grapheme(&self, cp: usize) -> Option<usize> {
        let left = self.left_of(cp)?;
        let c = &self.graphemes;
        c.get(c.partition_point(|&x| left(x)).wrapping_sub(1))
            .map(|&g| self.base + g)
    }

    /// One step of `unit` from `cp`, to the right or left, within this
    /// stretch; by word, an `Edge::Start` stops at starts of words and an
    /// `Edge::End` at their ends.
    pub fn step(&self, cp: usize, right: bool, unit: Unit, edge: Edge) -> Option<usize> {
        match (unit, edge, right) {
            (Unit::Grapheme, _, true) => self.next_grapheme(cp),
            (Unit::Grapheme, _, false) => self.prev_grapheme(cp),
            (Unit::Word, Edge::Start, true) => self.next_word_start(cp),
            (Unit::Word, Edge::Start, false) => self.prev_word_start(cp),
            (Unit::Word, Edge::End, true) => self.next_word_end(cp),
            (Unit::Word, Edge::End, false) => self.prev_word_end(cp),
        }
    }

    /// Which relative boundaries lie strictly right of `cp`; for a `cp`
    /// before the stretch, all of them; `None` past its end.
    fn right_of(&self, cp: usize) -> Option<impl Fn(usize) -> bool> {
        let (r, all) = match self.rel(cp) {
            Some(r) => (r, false),
            None if cp < self.base => (0, true),
            None => return None,
        };
        Some(move |x: usize| x > r || (all && x == r))
    }

    /// Which relative boundaries lie strictly left of `cp`; for a `cp`
    /// past the stretch, all of them; `None` before its start.
    fn left_of(&self, cp: usize) -> Option<impl Fn(usize) -> bool> {
        let (r, all) = match self.rel(cp) {
            Some(r) => (r, false),
            None if cp > self.end() => (self.len, true),
            None => return None,
        };
        Some(move |x: usize| x < r || (all && x == r))
    }
}

/// `span` grown outward to boundaries of `unit`: its start with `first`
/// (the bounds of the line it starts in), its end with `last` (the line it
/// ends in; the same `Bounds` for a span within one line). Never empty,
/// never smaller than `span`.
pub fn snap_out(span: Span, first: &Bounds, last: &Bounds, unit: Unit) -> Span {
    let start = first.floor(span.start(), unit).min(span.start());
    let end = last.ceil(span.end(), unit).max(span.end());
    Span::new(start, end).unwrap_or(span)
}

/// One step of `unit` from `cp` across the lines of a document: within the
/// line holding `cp`, else into the following (or preceding) lines, so a
/// step off the end of a line lands on the next line's first word end (or,
/// by grapheme, its start: past the line break). `lines` are the document's
/// line ranges (`Text::lines`), `bounds(i)` gives line `i`'s boundaries;
/// only the lines visited are asked for. `None` at the document's ends.
pub fn step_in_lines(
    lines: &[(usize, usize)],
    mut bounds: impl FnMut(usize) -> Option<Bounds>,
    cp: usize,
    right: bool,
    unit: Unit,
    edge: Edge,
) -> Option<usize> {
    if right {
        let first = lines.partition_point(|&(_, e)| e < cp);
        (first..lines.len()).find_map(|i| bounds(i)?.step(cp, true, unit, edge))
    } else {
        let last = lines.partition_point(|&(s, _)| s <= cp);
        (0..last)
            .rev()
            .find_map(|i| bounds(i)?.step(cp, false, unit, edge))
    }
}

/// `span` with one `edge` moved one `unit` right or left (see
/// [`step_in_lines`]); `None` when that edge cannot move, or when moving it
/// would meet or cross the other edge.
pub fn resized(
    span: Span,
    edge: Edge,
    right: bool,
    unit: Unit,
    lines: &[(usize, usize)],
    bounds: impl FnMut(usize) -> Option<Bounds>,
) -> Option<Span> {
    match edge {
        Edge::Start => {
            let s = step_in_lines(lines, bounds, span.start(), right, unit, edge)?;
            Span::new(s, span.end())
        }
        Edge::End => {
            let e = step_in_lines(lines, bounds, span.end(), right, unit, edge)?;
            Span::new(span.start(), e)
        }
    }
}
