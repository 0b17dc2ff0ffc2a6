//! The keyboard selection: how arrow keys move and extend a selection over
//! the text, for people who annotate without a mouse.
//!
//! The selection always covers at least one unit (a word, or a grapheme
//! cluster with Alt), so that it is visible as the browser's own selection
//! highlight and `1`–`4` can label it at once; there is no invisible caret
//! to lose. Units are "stops": sorted, non-overlapping code point spans of
//! one line ([`stops`]: words grown to whole grapheme clusters, or the
//! clusters themselves), so a unit never splits a cluster.

use super::text::words::unspaced;
use super::text::{grapheme, Span};

/// A keyboard selection: `anchor` stays where the selection began, `head`
/// moves. Both are code point offsets; the selected text lies between them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeySel {
    pub anchor: usize,
    pub head: usize,
}

impl KeySel {
    /// A selection of exactly `unit`, its head at the end.
    pub fn unit(unit: Span) -> KeySel {
        KeySel {
            anchor: unit.start(),
            head: unit.end(),
        }
    }

    /// The selected span; `None` once extending has shrunk it to nothing.
    pub fn span(self) -> Option<Span> {
        Span::new(self.lo(), self.hi())
    }

    fn lo(self) -> usize {
        self.anchor.min(self.head)
    }

    fn hi(self) -> usize {
        self.anchor.max(self.head)
    }
}

/// Which way a key moves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dir {
    Back,
    Forward,
}

/// The stop a plain arrow key selects next from a selection `lo..hi`
/// (`None`: there is none in `stops`, look in the neighbouring line).
/// Forward: the first stop starting at or after `hi`; back: the last stop
/// ending at or before `lo`.
pub fn step(stops: &[Span], lo: usize, hi: usize, dir: Dir) -> Option<Span> {
    match dir {
        Dir::Forward => stops.iter().find(|s| s.start() >= hi).copied(),
        Dir::Back => stops.iter().rev().find(|s| s.end() <= lo).copied(),
    }
}

/// Where Shift + arrow moves the head within one line (`line`: its start
/// and end), as text editors do: away from the anchor it grows to the far
/// edge of the next stop; towards the anchor it shrinks to the near edge of
/// the previous stop, and stops at the anchor before crossing it. `None`:
/// nothing in this line, look in the next one.
pub fn extend(
    stops: &[Span],
    line: (usize, usize),
    anchor: usize,
    head: usize,
    dir: Dir,
) -> Option<usize> {
    match dir {
        Dir::Forward if head < anchor => stops
            .iter()
            .find(|s| s.start() > head)
            .map(|s| s.start().min(anchor))
            .or((anchor <= line.1).then_some(anchor)),
        Dir::Forward => stops.iter().find(|s| s.end() > head).map(|s| s.end()),
        Dir::Back if head > anchor => stops
            .iter()
            .rev()
            .find(|s| s.end() < head)
            .map(|s| s.end().max(anchor))
            .or((anchor >= line.0).then_some(anchor)),
        Dir::Back => stops
            .iter()
            .rev()
            .find(|s| s.start() < head)
            .map(|s| s.start()),
    }
}

/// The line holding `cp` among `lines` (`(start, end)` in text order, line
/// ends excluded); an offset on a line end belongs to the line before it.
pub fn line_of(lines: &[(usize, usize)], cp: usize) -> usize {
    lines
        .partition_point(|&(_, e)| e < cp)
        .min(lines.len().saturating_sub(1))
}

/// Moves or extends `sel` by one stop in `dir`, looking through the lines
/// from the one holding the head onwards (at most `reach` lines away, so a
/// key press on a novel full of empty lines stays cheap). `stops_of(i)`
/// gives the stops of line `i` in text order. `None`: nothing to move to.
pub fn key(
    lines: &[(usize, usize)],
    sel: KeySel,
    dir: Dir,
    grow: bool,
    reach: usize,
    stops_of: &mut dyn FnMut(usize) -> Vec<Span>,
) -> Option<KeySel> {
    if lines.is_empty() {
        return None;
    }
    let from = match (grow, dir) {
        (true, _) => sel.head,
        (false, Dir::Forward) => sel.hi(),
        (false, Dir::Back) => sel.lo(),
    };
    let mut i = line_of(lines, from);
    for _ in 0..=reach {
        let stops = stops_of(i);
        if grow {
            if let Some(head) = extend(&stops, lines[i], sel.anchor, sel.head, dir) {
                return Some(KeySel { head, ..sel });
            }
        } else if let Some(unit) = step(&stops, sel.lo(), sel.hi(), dir) {
            return Some(KeySel::unit(unit));
        }
        i = match dir {
            Dir::Forward if i + 1 < lines.len() => i + 1,
            Dir::Back if i > 0 => i - 1,
            _ => return None,
        };
    }
    None
}

/// The stops of one line `text` starting at code point `base`: with
/// `fine`, its grapheme clusters; otherwise its words, from `words` (a
/// segmenter's word segments of `text` in code points from its start, in
/// text order; empty: the stretches between whitespace), keeping those
/// that hold more than white space and punctuation ([`is_word`]), each
/// grown to whole clusters (a word segmenter may cut a space from the
/// combining mark after it) and merged where growing made them meet.
pub fn stops(text: &str, base: usize, fine: bool, words: &[Span]) -> Vec<Span> {
    let clusters = grapheme::spans(text);
    let shift = |s: Span| Span::new(base + s.start(), base + s.end());
    if fine {
        return clusters.into_iter().filter_map(shift).collect();
    }
    let chars: Vec<char> = text.chars().collect();
    let spaced;
    let words = if words.is_empty() {
        spaced = unspaced(text);
        &spaced
    } else {
        words
    };
    let mut cuts = vec![0];
    cuts.extend(clusters.iter().map(|g| g.end()));
    let mut out: Vec<Span> = Vec::new();
    for w in words {
        let Some(cs) = chars.get(w.start()..w.end()) else {
            continue;
        };
        if !cs.iter().any(|&c| is_word_char(c)) {
            continue;
        }
        let floor = cuts.partition_point(|&x| x <= w.start()).saturating_sub(1);
        let start = cuts.get(floor).copied().unwrap_or(0);
        let end = cuts
            .get(cuts.partition_point(|&x| x < w.end()))
            .copied()
            .unwrap_or(chars.len());
        let grown = match out.last() {
            Some(last) if start < last.end() => out
                .pop()
                .and_then(|last| Span::new(start.min(last.start()), end.max(last.end()))),
            _ => Span::new(start, end),
        };
        out.extend(grown);
    }
    out.into_iter().filter_map(shift).collect()
}

/// Whether a word segment is worth a stop: it holds something other than
/// white space and punctuation (so `Kyiv,` stops at `Kyiv` only, while an
/// emoji or a number is a stop of its own).
pub fn is_word(text: &str) -> bool {
    text.chars().any(is_word_char)
}

/// A character that makes its segment a word: not white space, not
/// punctuation.
pub fn is_word_char(c: char) -> bool {
    !c.is_whitespace() && !is_punctuation(c)
}

fn is_punctuation(c: char) -> bool {
    c.is_ascii_punctuation()
        || matches!(c,
            '\u{a1}' | '\u{a7}' | '\u{ab}' | '\u{b6}' | '\u{b7}' | '\u{bb}' | '\u{bf}'
            | '\u{2010}'..='\u{2027}' | '\u{2030}'..='\u{205e}'
            | '\u{3001}'..='\u{3003}' | '\u{3008}'..='\u{3011}' | '\u{3014}'..='\u{301f}'
            | '\u{ff01}'..='\u{ff0f}' | '\u{ff1a}'..='\u{ff20}' | '\u{ff3b}'..='\u{ff40}'
            | '\u{ff5b}'..='\u{ff65}' | '\u{60c}' | '\u{61b}' | '\u{61f}' | '\u{6d4}')
}
