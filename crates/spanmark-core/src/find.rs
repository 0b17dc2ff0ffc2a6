//! Find in the document: every occurrence of a literal query, as code point
//! spans. Occurrences do not overlap (scanning left to right, like a
//! browser's find: "aa" in "aaaa" is found twice, in "aaa" once), and a match
//! never starts or ends inside a grapheme cluster, so "e" does not match the
//! "e" of "e\u{301}" and a flag is never half found.
//!
//! Case-insensitive matching folds each code point to one code point
//! ([`fold`]), so a match is exactly as long as the query in code points and
//! its offsets are the text's own. The fold is small arithmetic over the
//! cased scripts most articles use (Latin, Greek, Cyrillic, Armenian, Latin
//! Extended, fullwidth) instead of Unicode's case tables, which would add
//! several kilobytes to the Wasm bundle.
//!
//! Grapheme boundaries come from a few code point ranges ([`joins`]) rather
//! than the full Unicode tables: combining marks, joiners, variation
//! selectors, emoji modifiers and tags, regional indicator pairs, Hangul
//! jamo, the vowel signs of the Brahmic scripts and Thai/Lao, CR LF.

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
    if query.is_empty() {
        return Vec::new();
    }
    match case {
        Case::Sensitive => scan(text, query),
        Case::Insensitive => {
            // One code point for one code point: offsets in code points are
            // the same in the folded text as in the original.
            let t: String = text.chars().map(fold).collect();
            let q: String = query.chars().map(fold).collect();
            scan(&t, &q)
        }
    }
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
        if is_break(s, b) && is_break(s, e) {
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

/// True when byte offset `b` of `s` (a char boundary) is a grapheme
/// cluster boundary.
pub fn is_break(s: &str, b: usize) -> bool {
    let (Some(prev), Some(next)) = (s[..b].chars().next_back(), s[b..].chars().next()) else {
        return true;
    };
    if prev.is_ascii() && next.is_ascii() {
        return !(prev == '\r' && next == '\n');
    }
    if is_regional(prev) && is_regional(next) {
        // Flags pair up from the start of a run of regional indicators.
        let run = s[..b].chars().rev().take_while(|&c| is_regional(c)).count();
        return run % 2 == 0;
    }
    !joins(prev, next)
}

fn is_regional(c: char) -> bool {
    ('\u{1F1E6}'..='\u{1F1FF}').contains(&c)
}

/// True when `next` belongs to the same grapheme cluster as `prev` (for the
/// pairs [`is_break`] does not settle itself).
fn joins(prev: char, next: char) -> bool {
    let (p, n) = (prev as u32, next as u32);
    // After a zero width joiner: the next pictograph of an emoji sequence.
    if p == 0x200D && is_pictographic(n) {
        return true;
    }
    if is_hangul(p) && is_hangul_vt(n) {
        return true;
    }
    if is_hangul_l(p) && (is_hangul_l(n) || (0xAC00..=0xD7A3).contains(&n)) {
        return true;
    }
    is_extend(n)
}

/// Marks and modifiers that attach to the code point before them.
fn is_extend(n: u32) -> bool {
    const RANGES: &[(u32, u32)] = &[
        (0x0300, 0x036F),
        (0x0483, 0x0489),
        (0x0591, 0x05BD),
        (0x05BF, 0x05C7),
        (0x0610, 0x061A),
        (0x064B, 0x065F),
        (0x0670, 0x0670),
        (0x06D6, 0x06DC),
        (0x06DF, 0x06E4),
        (0x06E7, 0x06ED),
        (0x0DCA, 0x0DDF),
        (0x0DF2, 0x0DF3),
        (0x0E31, 0x0E31),
        (0x0E33, 0x0E3A),
        (0x0E47, 0x0E4E),
        (0x0EB1, 0x0EB1),
        (0x0EB3, 0x0EBC),
        (0x0EC8, 0x0ECE),
        (0x1AB0, 0x1AFF),
        (0x1DC0, 0x1DFF),
        (0x200C, 0x200D),
        (0x20D0, 0x20FF),
        (0x302A, 0x302F),
        (0x3099, 0x309A),
        (0xFE00, 0xFE0F),
        (0xFE20, 0xFE2F),
        (0xFF9E, 0xFF9F),
        (0x1F3FB, 0x1F3FF),
        (0xE0020, 0xE007F),
        (0xE0100, 0xE01EF),
    ];
    if (0x0900..0x0D80).contains(&n) {
        // The Brahmic blocks share one layout: signs, nukta, vowel signs,
        // virama and length marks at the same offsets in each block.
        let o = n & 0x7F;
        return matches!(o, 0x00..=0x03 | 0x3A..=0x3C | 0x3E..=0x4F | 0x51..=0x57 | 0x62..=0x63);
    }
    RANGES.iter().any(|&(a, b)| a <= n && n <= b)
}

fn is_pictographic(n: u32) -> bool {
    (0x1F000..=0x1FAFF).contains(&n) || (0x2190..=0x2BFF).contains(&n)
}

fn is_hangul_l(n: u32) -> bool {
    (0x1100..=0x115F).contains(&n) || (0xA960..=0xA97F).contains(&n)
}

fn is_hangul_vt(n: u32) -> bool {
    (0x1160..=0x11FF).contains(&n) || (0xD7B0..=0xD7FF).contains(&n)
}

fn is_hangul(n: u32) -> bool {
    is_hangul_l(n) || is_hangul_vt(n) || (0xAC00..=0xD7A3).contains(&n)
}

/// Lower-cases `c` where it is an upper-case letter of Latin, Greek,
/// Cyrillic or Armenian (fullwidth Latin too); every other code point, and
/// every letter whose lower case is more than one code point, is returned
/// as it is. Final sigma folds to sigma, so "ΟΔΟΣ" finds "οδος".
pub fn fold(c: char) -> char {
    let n = c as u32;
    let m = match n {
        0x41..=0x5A => n + 32,
        _ if n < 0xC0 => n,
        0xC0..=0xDE if n != 0xD7 => n + 32,
        // Latin Extended-A: pairs, upper case first; İ and ı stay as they
        // are (their case pairs are not one code point each way).
        0x100..=0x12F | 0x132..=0x137 | 0x14A..=0x177 => n | 1,
        0x139..=0x148 | 0x179..=0x17E => n + (n & 1),
        0x178 => 0xFF,
        0x17F => 0x73,
        // Greek.
        0x386 => 0x3AC,
        0x388..=0x38A => n + 37,
        0x38C => 0x3CC,
        0x38E..=0x38F => n + 63,
        0x391..=0x3AB if n != 0x3A2 => n + 32,
        0x3C2 => 0x3C3,
        // Cyrillic.
        0x400..=0x40F => n + 80,
        0x410..=0x42F => n + 32,
        0x460..=0x481 | 0x48A..=0x4BF | 0x4D0..=0x52F => n | 1,
        0x4C1..=0x4CE => n + (n & 1),
        // Armenian.
        0x531..=0x556 => n + 48,
        // Latin Extended Additional (Vietnamese among others).
        0x1E00..=0x1E95 | 0x1EA0..=0x1EFF => n | 1,
        // Fullwidth Latin.
        0xFF21..=0xFF3A => n + 32,
        _ => n,
    };
    char::from_u32(m).unwrap_or(c)
}
