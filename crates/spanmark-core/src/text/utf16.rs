//! Code points ↔ UTF-16 code units, JavaScript's unit (`Range.startOffset`,
//! `Text.length`, `Intl.Segmenter` indices). The only callers are the web
//! layer's selection (DOM ranges) and segmenter modules, and the doccano
//! export's UTF-16 variant: every other part sees code points.

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

/// UTF-16 offsets of many code point offsets of `s` in one pass. `cps` must
/// be ascending; offsets past the end give the UTF-16 length. For exports,
/// where converting annotation by annotation would rescan the text each time.
pub fn from_cps(s: &str, cps: &[usize]) -> Vec<usize> {
    let mut out = Vec::with_capacity(cps.len());
    let mut chars = s.chars();
    let (mut cp, mut units) = (0, 0);
    for &want in cps {
        while cp < want {
            let Some(c) = chars.next() else { break };
            units += c.len_utf16();
            cp += 1;
        }
        out.push(units);
    }
    out
}

/// Code point offsets of many UTF-16 offsets of `s` in one pass (the
/// boundaries `Intl.Segmenter` reports). `units` must be ascending; an offset
/// between the halves of a surrogate pair rounds down; offsets past the end
/// give the code point length.
pub fn to_cps(s: &str, units: &[usize]) -> Vec<usize> {
    let mut out = Vec::with_capacity(units.len());
    let mut chars = s.chars().peekable();
    let (mut cp, mut seen) = (0, 0);
    for &want in units {
        while let Some(c) = chars.peek() {
            if seen + c.len_utf16() > want {
                break;
            }
            seen += c.len_utf16();
            cp += 1;
            chars.next();
        }
        out.push(cp);
    }
    out
}
