//! Find in the document: every occurrence of a literal query, as code point
//! spans. Occurrences do not overlap (scanning left to right, like a
//! browser's find: "aa" in "aaaa" is found twice, in "aaa" once), and a match
//! never starts or ends inside a grapheme cluster (Unicode's, from
//! [`grapheme`]), so "e" does not match the "e" of "e\u{301}" and a flag is
//! never half found.
//!
//! Case-insensitive matching compares Unicode's full case folding
//! (`CaseFolding.txt`, statuses C and F, from the `unicase` crate's Unicode
//! 17.0 tables) of the text and of the query, for every cased script:
//! "STRASSE" finds "Straße", "ԵՒ" finds "և", Georgian Mtavruli finds
//! Mkhedruli, Cherokee small letters find their capitals, "ΟΔΟΣ" finds
//! "οδος". A fold can be longer than its character (ß → ss, ﬁ → fi,
//! ŉ → ʼn), so matches are found in the folded text and mapped back: a
//! match must begin where some character's fold begins and end where one
//! ends, so it covers whole characters of the text (never half of ß) and
//! its offsets are the text's own code points. The fold is Unicode's
//! default, not Turkish: İ (U+0130) folds to "i\u{307}", so "İstanbul" and
//! "i\u{307}stanbul" find each other but "istanbul" finds neither, and
//! dotless ı folds only to itself.

use unicase::UniCase;

use super::text::grapheme::is_boundary;
use super::text::Span;

/// Whether letter case matters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Case {
    Sensitive,
    Insensitive,
}

/// Every non-overlapping occurrence of `query` in `text`, in text order.
/// An empty query finds nothing.
pub fn find_all(text: &str, query: &str, case: Case) -> Vec<Span> {
    Finder::default().find_all(text, query, case)
}

/// [`find_all`] that keeps the last text's fold between queries, so that
/// typing into the find box on a novel folds the novel once rather than at
/// every key.
#[derive(Default)]
pub struct Finder {
    /// The text last searched without case, and its fold.
    last: Option<(String, Folded)>,
}

impl Finder {
    /// Every non-overlapping occurrence of `query` in `text` (see
    /// [`find_all`]).
    pub fn find_all(&mut self, text: &str, query: &str, case: Case) -> Vec<Span> {
        if query.is_empty() {
            return Vec::new();
        }
        if case == Case::Sensitive {
            return scan(text, query);
        }
        let fresh = match self.last.take() {
            Some((t, f)) if t == text => (t, f),
            _ => (text.to_string(), Folded::new(text)),
        };
        let found = scan_folded(text, &fresh.1, &fold(query));
        self.last = Some(fresh);
        found
    }
}

/// The full case folding of `s` (Unicode's default, untailored).
pub fn fold(s: &str) -> String {
    UniCase::unicode(s).to_folded_case()
}

fn scan(s: &str, q: &str) -> Vec<Span> {
    let q_len = q.chars().count();
    let mut out = Vec::new();
    let mut from = 0;
    // Code points before byte `counted`, counted once as the scan moves on.
    let (mut cp, mut counted) = (0, 0);
    while let Some(rel) = s.get(from..).and_then(|rest| rest.find(q)) {
        let b = from + rel;
        let e = b + q.len();
        if is_boundary(s, b) && is_boundary(s, e) {
            cp += s[counted..b].chars().count();
            counted = b;
            out.extend(Span::new(cp, cp + q_len));
            from = e;
        } else {
            from = b + s[b..].chars().next().map_or(1, char::len_utf8);
        }
    }
    out
}

/// A character whose fold is not one character.
struct Wide {
    /// Where its fold starts in the folded text, in code points.
    at: usize,
    /// Its fold's length in code points.
    len: usize,
    /// Code points the folded text has gained up to the end of this fold.
    gained: usize,
}

/// `text` case folded, with what it takes to map folded offsets back.
struct Folded {
    text: String,
    /// The characters folding to more than one, in text order. Few texts
    /// have many (ß, ligatures, İ, a few Greek and Armenian letters), so
    /// this stays small where a table per character would not.
    wide: Vec<Wide>,
}

/// Bytes folded at a time: where a stretch's fold has as many code points
/// as the stretch, each of its characters folds to one and it needs no
/// entry in `wide` (no mapping is empty), so only the rare stretch holding
/// a ß or a ligature is folded again character by character.
const CHUNK: usize = 256;

impl Folded {
    fn new(s: &str) -> Folded {
        let mut text = String::with_capacity(s.len());
        let mut wide = Vec::new();
        let (mut at, mut gained) = (0, 0);
        let mut rest = s;
        while !rest.is_empty() {
            let mut end = rest.len().min(CHUNK);
            while !rest.is_char_boundary(end) {
                end += 1;
            }
            let (chunk, tail) = rest.split_at(end);
            rest = tail;
            if chunk.is_ascii() {
                text.push_str(&chunk.to_ascii_lowercase());
                at += chunk.len();
                continue;
            }
            let folded = fold(chunk);
            let n = chunk.chars().count();
            if folded.chars().count() == n {
                text.push_str(&folded);
                at += n;
                continue;
            }
            for c in chunk.chars() {
                let f = fold(c.encode_utf8(&mut [0; 4]));
                let len = f.chars().count();
                text.push_str(&f);
                if len != 1 {
                    gained = (gained + len).saturating_sub(1);
                    wide.push(Wide { at, len, gained });
                }
                at += len;
            }
        }
        Folded { text, wide }
    }

    /// The text's code point where folded code point `p` lies, when `p` is
    /// at the edge of a character's fold (`None` inside one).
    fn original(&self, p: usize) -> Option<usize> {
        let i = self.wide.partition_point(|w| w.at < p);
        match i.checked_sub(1).and_then(|j| self.wide.get(j)) {
            None => Some(p),
            Some(w) if p < w.at + w.len => None,
            Some(w) => p.checked_sub(w.gained),
        }
    }
}

/// Byte offsets of code points in a string, for offsets that only grow.
struct Walk<'a> {
    s: &'a str,
    cp: usize,
    byte: usize,
}

impl<'a> Walk<'a> {
    fn new(s: &'a str) -> Walk<'a> {
        Walk { s, cp: 0, byte: 0 }
    }

    /// The byte offset of code point `cp` (the length past the end).
    fn byte(&mut self, cp: usize) -> usize {
        if cp < self.cp {
            (self.cp, self.byte) = (0, 0);
        }
        let rest = self.s.get(self.byte..).unwrap_or_default();
        self.byte += rest
            .char_indices()
            .nth(cp - self.cp)
            .map_or(rest.len(), |(b, _)| b);
        self.cp = cp;
        self.byte
    }
}

/// [`scan`] for a folded query `q` in `f`, the fold of `s`, with offsets
/// mapped back to `s`.
fn scan_folded(s: &str, f: &Folded, q: &str) -> Vec<Span> {
    let t = f.text.as_str();
    let q_len = q.chars().count();
    let mut out = Vec::new();
    let mut from = 0;
    let (mut cp, mut counted) = (0, 0);
    // Candidate starts only move right, and so do their ends.
    let (mut starts, mut ends) = (Walk::new(s), Walk::new(s));
    while let Some(rel) = t.get(from..).and_then(|rest| rest.find(q)) {
        let b = from + rel;
        cp += t[counted..b].chars().count();
        counted = b;
        let hit = f
            .original(cp)
            .zip(f.original(cp + q_len))
            .filter(|&(a, e)| is_boundary(s, starts.byte(a)) && is_boundary(s, ends.byte(e)));
        match hit {
            Some((a, e)) => {
                out.extend(Span::new(a, e));
                from = b + q.len();
            }
            None => from = b + t[b..].chars().next().map_or(1, char::len_utf8),
        }
    }
    out
}
