//! Code points ↔ UTF-16 code units, the DOM's unit (`Range.startOffset`,
//! `Text.length`). The web layer's selection module is the only caller: every
//! other layer sees code points.

/// Which way to go when a UTF-16 offset falls between the two halves of a
/// surrogate pair (which a DOM range can do).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Round {
    /// To the start of the pair: for span starts.
    Down,
    /// Past the pair: for span ends.
    Up,
}

/// UTF-16 length of `s`.
pub fn len(s: &str) -> usize {
    s.chars().map(char::len_utf16).sum()
}

/// UTF-16 offset of code point `cp` in `s`, clamped to the end.
pub fn from_cp(s: &str, cp: usize) -> usize {
    s.chars().take(cp).map(char::len_utf16).sum()
}

/// Code point offset of UTF-16 offset `units` in `s`, clamped to the end.
pub fn to_cp(s: &str, units: usize, round: Round) -> usize {
    let mut seen = 0;
    for (cp, c) in s.chars().enumerate() {
        if seen >= units {
            return cp;
        }
        let next = seen + c.len_utf16();
        if next > units {
            return match round {
                Round::Down => cp,
                Round::Up => cp + 1,
            };
        }
        seen = next;
    }
    s.chars().count()
}
