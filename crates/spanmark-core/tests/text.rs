#![cfg(not(target_arch = "wasm32"))]
//! Text offsets: code points ↔ UTF-16 ↔ bytes, trimming, lines, spans.

use proptest::prelude::*;
use spanmark_core::text::utf16::{self, Round};
use spanmark_core::text::{bytes, Span, Text};

// ---------------------------------------------------------------------------
// Slow, obvious references.

fn chars(s: &str) -> Vec<char> {
    s.chars().collect()
}

/// `u16[cp]` = UTF-16 offset of code point `cp`, for `cp` in `0..=n`.
fn utf16_prefix(s: &str) -> Vec<usize> {
    let mut out = vec![0];
    for c in s.chars() {
        let mut buf = [0u16; 2];
        let n = c.encode_utf16(&mut buf).len();
        out.push(out.last().unwrap() + n);
    }
    out
}

/// `b[cp]` = byte offset of code point `cp`, for `cp` in `0..=n`.
fn byte_prefix(s: &str) -> Vec<usize> {
    let mut out: Vec<usize> = s.char_indices().map(|(b, _)| b).collect();
    out.push(s.len());
    out
}

/// `t[b]` = the code point whose UTF-8 encoding holds byte `b`, for `b` in
/// `0..=len` (`n` at the end).
fn cp_of_byte_table(s: &str) -> Vec<usize> {
    let mut out = Vec::with_capacity(s.len() + 1);
    for (cp, c) in s.chars().enumerate() {
        for _ in 0..c.len_utf8() {
            out.push(cp);
        }
    }
    out.push(s.chars().count());
    out
}

/// Offsets to probe in `0..=n + 2`: all of them for short texts; for long
/// ones the ends, the neighbourhoods of the 256 stride and a regular sample,
/// so the linear-time functions under test keep the suite fast.
fn probe(n: usize) -> Vec<usize> {
    if n <= 320 {
        return (0..=n + 2).collect();
    }
    (0..=n + 2)
        .filter(|&i| {
            i < 40 || i + 40 > n || i % 11 == 0 || {
                let r = i % 256;
                !(6..=250).contains(&r)
            }
        })
        .collect()
}

fn ref_slice(s: &str, start: usize, end: usize) -> String {
    let cs = chars(s);
    let start = start.min(cs.len());
    let end = end.min(cs.len()).max(start);
    cs[start..end].iter().collect()
}

/// Lines by hand: split on `\r\n`, `\r` or `\n`.
fn ref_lines(s: &str) -> Vec<(usize, usize)> {
    let cs = chars(s);
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < cs.len() {
        if cs[i] == '\r' && cs.get(i + 1) == Some(&'\n') {
            out.push((start, i));
            i += 2;
            start = i;
        } else if cs[i] == '\n' || cs[i] == '\r' {
            out.push((start, i));
            i += 1;
            start = i;
        } else {
            i += 1;
        }
    }
    out.push((start, cs.len()));
    out
}

fn ref_trim(s: &str, start: usize, end: usize) -> Option<(usize, usize)> {
    let cs = chars(s);
    if start >= cs.len() {
        return None;
    }
    let mut a = start;
    let mut b = end.min(cs.len());
    while a < b && cs[a].is_whitespace() {
        a += 1;
    }
    while b > a && cs[b - 1].is_whitespace() {
        b -= 1;
    }
    (a < b).then_some((a, b))
}

// ---------------------------------------------------------------------------
// Generators: texts made of the awkward pieces real documents contain.

const PIECES: &[&str] = &[
    "a",
    "Z",
    "7",
    " ",
    "\t",
    "\n",
    "\r\n",
    "\r",
    "\u{a0}",
    "\u{3000}",
    "👩\u{200d}👩\u{200d}👧",
    "👍🏽",
    "😀",
    "𝄞",
    "e\u{301}",
    "\u{301}",
    "漢",
    "字",
    "שָׁלוֹם",
    "مرحبا",
    "é",
    "ß",
    "\u{feff}",
];

fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(PIECES).prop_map(str::to_string),
        1 => any::<char>().prop_map(|c| c.to_string()),
    ]
}

fn text_of(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..max).prop_map(|v| v.concat())
}

/// Mostly short texts, with a good share longer than the 256 code point
/// stride of `Text`'s index.
fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        2 => text_of(40),
        1 => prop::collection::vec(piece(), 260..500).prop_map(|v| v.concat()),
    ]
}

fn cfg() -> ProptestConfig {
    ProptestConfig::with_cases(1000)
}

// ---------------------------------------------------------------------------
// UTF-16: examples.

const FAMILY: &str = "👩\u{200d}👩\u{200d}👧";

#[test]
fn utf16_len_examples() {
    assert_eq!(utf16::len(""), 0);
    assert_eq!(utf16::len("abc"), 3);
    assert_eq!(utf16::len("😀"), 2);
    assert_eq!(utf16::len("👍🏽"), 4);
    assert_eq!(utf16::len(FAMILY), 8);
    assert_eq!(utf16::len("e\u{301}"), 2);
    assert_eq!(utf16::len("漢字"), 2);
    assert_eq!(utf16::len("שלום"), 4);
    assert_eq!(utf16::len("مرحبا"), 5);
    assert_eq!(utf16::len("a\r\nb"), 4);
    assert_eq!(utf16::len("𝄞"), 2);
}

#[test]
fn utf16_from_cp_examples() {
    let s = "a👍🏽b";
    // code points: a, 👍, 🏽, b
    assert_eq!(utf16::from_cp(s, 0), 0);
    assert_eq!(utf16::from_cp(s, 1), 1);
    assert_eq!(utf16::from_cp(s, 2), 3);
    assert_eq!(utf16::from_cp(s, 3), 5);
    assert_eq!(utf16::from_cp(s, 4), 6);
    // clamped past the end
    assert_eq!(utf16::from_cp(s, 5), 6);
    assert_eq!(utf16::from_cp(s, usize::MAX), 6);

    // 👩 ZWJ 👩 ZWJ 👧 then x: 5 code points, 8 units
    let f = format!("{FAMILY}x");
    let expect = [0, 2, 3, 5, 6, 8, 9];
    for (cp, units) in expect.iter().enumerate() {
        assert_eq!(utf16::from_cp(&f, cp), *units, "cp {cp}");
    }

    assert_eq!(utf16::from_cp("e\u{301}x", 2), 2);
    assert_eq!(utf16::from_cp("漢字x", 2), 2);
    assert_eq!(utf16::from_cp("", 3), 0);
}

#[test]
fn utf16_to_cp_examples() {
    let s = "a😀b";
    for round in [Round::Down, Round::Up] {
        assert_eq!(utf16::to_cp(s, 0, round), 0);
        assert_eq!(utf16::to_cp(s, 1, round), 1);
        assert_eq!(utf16::to_cp(s, 3, round), 2);
        assert_eq!(utf16::to_cp(s, 4, round), 3);
        assert_eq!(utf16::to_cp(s, 99, round), 3);
    }
    // Between the two halves of the surrogate pair.
    assert_eq!(utf16::to_cp(s, 2, Round::Down), 1);
    assert_eq!(utf16::to_cp(s, 2, Round::Up), 2);

    // Skin tone: two astral code points, each split separately.
    let t = "👍🏽!";
    assert_eq!(utf16::to_cp(t, 1, Round::Down), 0);
    assert_eq!(utf16::to_cp(t, 1, Round::Up), 1);
    assert_eq!(utf16::to_cp(t, 2, Round::Down), 1);
    assert_eq!(utf16::to_cp(t, 3, Round::Down), 1);
    assert_eq!(utf16::to_cp(t, 3, Round::Up), 2);
    assert_eq!(utf16::to_cp(t, 4, Round::Down), 2);
    assert_eq!(utf16::to_cp(t, 5, Round::Up), 3);

    // BMP-only texts: units and code points agree.
    for s in ["e\u{301}", "漢字", "שלום", "مرحبا", "a\r\nb"] {
        let n = s.chars().count();
        for u in 0..=n {
            assert_eq!(utf16::to_cp(s, u, Round::Down), u, "{s:?} {u}");
            assert_eq!(utf16::to_cp(s, u, Round::Up), u, "{s:?} {u}");
        }
    }
    assert_eq!(utf16::to_cp("", 0, Round::Up), 0);
    assert_eq!(utf16::to_cp("", 5, Round::Down), 0);
}

// ---------------------------------------------------------------------------
// Bytes: examples.

#[test]
fn bytes_examples() {
    let s = "aé漢😀b"; // bytes: 1, 2, 3, 4, 1
    let starts = [0, 1, 3, 6, 10, 11];
    for (cp, b) in starts.iter().enumerate() {
        assert_eq!(bytes::cp_to_byte(s, cp), *b, "cp {cp}");
        assert_eq!(bytes::byte_to_cp(s, *b), cp, "byte {b}");
    }
    assert_eq!(bytes::cp_to_byte(s, 6), 11);
    assert_eq!(bytes::cp_to_byte(s, 1000), 11);
    assert_eq!(bytes::byte_to_cp(s, 1000), 5);
    // A byte inside a multi-byte char: that char has not yet started.
    assert_eq!(bytes::byte_to_cp(s, 2), 1);
    assert_eq!(bytes::byte_to_cp(s, 4), 2);
    assert_eq!(bytes::byte_to_cp(s, 5), 2);
    assert_eq!(bytes::byte_to_cp(s, 7), 3);
    assert_eq!(bytes::byte_to_cp(s, 9), 3);
}

#[test]
fn text_byte_offsets_examples() {
    let t = Text::new(format!("x{FAMILY}👍🏽e\u{301}\r\n漢"));
    // x | 👩 ZWJ 👩 ZWJ 👧 | 👍 🏽 | e ◌́ | \r \n | 漢
    assert_eq!(t.len(), 1 + 5 + 2 + 2 + 2 + 1);
    assert!(!t.is_empty());
    assert_eq!(t.byte_of(0), 0);
    assert_eq!(t.byte_of(1), 1);
    assert_eq!(t.byte_of(2), 5); // after 👩
    assert_eq!(t.byte_of(3), 8); // after ZWJ
    assert_eq!(t.byte_of(t.len()), t.as_str().len());
    assert_eq!(t.byte_of(t.len() + 10), t.as_str().len());
    assert_eq!(t.cp_of_byte(0), 0);
    assert_eq!(t.cp_of_byte(1), 1);
    assert_eq!(t.cp_of_byte(3), 1); // inside 👩
    assert_eq!(t.cp_of_byte(5), 2);
    assert_eq!(t.cp_of_byte(t.as_str().len()), t.len());
    assert_eq!(t.cp_of_byte(usize::MAX), t.len());

    assert_eq!(t.slice(Span::new(1, 6).unwrap()), FAMILY);
    assert_eq!(t.slice(Span::new(6, 8).unwrap()), "👍🏽");
    assert_eq!(t.slice(Span::new(8, 10).unwrap()), "e\u{301}");
    assert_eq!(t.slice(Span::new(10, 12).unwrap()), "\r\n");
    assert_eq!(t.slice(Span::new(12, 13).unwrap()), "漢");
    // Half an emoji sequence is still a valid slice of code points.
    assert_eq!(t.slice(Span::new(1, 2).unwrap()), "👩");
    // Clamped, never a panic.
    assert_eq!(t.slice(Span::new(12, 100).unwrap()), "漢");
    assert_eq!(t.slice(Span::new(50, 100).unwrap()), "");
    assert_eq!(t.slice_range(5, 3), "");
}

#[test]
fn empty_text() {
    let t = Text::new(String::new());
    assert!(t.is_empty());
    assert_eq!(t.len(), 0);
    assert_eq!(t.byte_of(0), 0);
    assert_eq!(t.cp_of_byte(0), 0);
    assert_eq!(t.cp_of_byte(7), 0);
    assert_eq!(t.slice(Span::new(0, 1).unwrap()), "");
    assert_eq!(t.trim(Span::new(0, 1).unwrap()), None);
    assert_eq!(t.lines(), vec![(0, 0)]);
}

#[test]
fn long_text_across_index_stride() {
    // 1000 code points of mixed widths: the index has marks at 0, 256, 512, 768.
    let unit = ["a", "é", "漢", "😀"];
    let s: String = (0..1000).map(|i| unit[i % 4]).collect();
    let t = Text::new(s.clone());
    assert_eq!(t.len(), 1000);
    let pre = byte_prefix(&s);
    for cp in [0, 1, 255, 256, 257, 511, 512, 513, 767, 768, 999, 1000] {
        assert_eq!(t.byte_of(cp), pre[cp], "cp {cp}");
        assert_eq!(t.cp_of_byte(pre[cp]), cp, "byte {}", pre[cp]);
    }
    let sp = Span::new(250, 770).unwrap();
    assert_eq!(t.slice(sp), ref_slice(&s, 250, 770));
}

// ---------------------------------------------------------------------------
// Trimming.

#[test]
fn trim_examples() {
    let t = Text::new("  hello world \r\n\tnext".to_string());
    let all = Span::new(0, 15).unwrap();
    assert_eq!(t.trim(all), Span::new(2, 13));
    assert_eq!(t.slice(t.trim(all).unwrap()), "hello world");
    // A span of nothing but whitespace (with CRLF) is refused.
    assert_eq!(t.trim(Span::new(13, 17).unwrap()), None);
    assert_eq!(t.trim(Span::new(0, 2).unwrap()), None);
    // Already tight: unchanged.
    let tight = Span::new(2, 7).unwrap();
    assert_eq!(t.trim(tight), Some(tight));
    // Trailing CRLF and tab before the next word.
    assert_eq!(t.trim(Span::new(8, 21).unwrap()), Span::new(8, 21));
    assert_eq!(t.trim(Span::new(13, 21).unwrap()), Span::new(17, 21));
    assert_eq!(t.trim(Span::new(12, 21).unwrap()), Span::new(12, 21));
    // End past the text is clamped; start past the text gives None.
    assert_eq!(t.trim(Span::new(17, 99).unwrap()), Span::new(17, 21));
    assert_eq!(t.trim(Span::new(21, 99).unwrap()), None);
    assert_eq!(t.trim(Span::new(40, 99).unwrap()), None);

    // Unicode whitespace: no-break space and ideographic space.
    let u = Text::new("\u{a0}漢字\u{3000}".to_string());
    assert_eq!(u.trim(Span::new(0, 4).unwrap()), Span::new(1, 3));
    // Combining marks and emoji are not whitespace.
    let e = Text::new(" e\u{301} 👍🏽 ".to_string());
    let got = e.trim(Span::new(0, 7).unwrap()).unwrap();
    assert_eq!(e.slice(got), "e\u{301} 👍🏽");
}

// ---------------------------------------------------------------------------
// Lines.

#[test]
fn lines_examples() {
    let l = |s: &str| Text::new(s.to_string()).lines();
    assert_eq!(l("abc"), vec![(0, 3)]);
    assert_eq!(l("ab\ncd"), vec![(0, 2), (3, 5)]);
    assert_eq!(l("ab\r\ncd"), vec![(0, 2), (4, 6)]);
    assert_eq!(l("ab\rcd"), vec![(0, 2), (3, 5)]);
    // Trailing newline: a final empty line.
    assert_eq!(l("ab\n"), vec![(0, 2), (3, 3)]);
    assert_eq!(l("ab\r\n"), vec![(0, 2), (4, 4)]);
    // Empty lines stay as empty ranges.
    assert_eq!(l("a\n\nb"), vec![(0, 1), (2, 2), (3, 4)]);
    assert_eq!(l("a\r\n\r\nb"), vec![(0, 1), (3, 3), (5, 6)]);
    // \n\r is two line ends (LF then CR), not one.
    assert_eq!(l("a\n\rb"), vec![(0, 1), (2, 2), (3, 4)]);
    assert_eq!(l("\n"), vec![(0, 0), (1, 1)]);
    assert_eq!(l(""), vec![(0, 0)]);
    // Multi-code-point characters count as code points, not bytes.
    assert_eq!(l("👍🏽\n漢"), vec![(0, 2), (3, 4)]);
}

// ---------------------------------------------------------------------------
// Span.

#[test]
fn span_rejects_empty_and_inverted() {
    assert_eq!(Span::new(3, 3), None);
    assert_eq!(Span::new(4, 3), None);
    assert_eq!(Span::new(0, 0), None);
    let s = Span::new(3, 4).unwrap();
    assert_eq!((s.start(), s.end(), s.len()), (3, 4, 1));
    assert!(!s.is_empty());
    assert!(s.contains(3));
    assert!(!s.contains(4));
    assert!(!s.contains(2));

    let a = Span::new(0, 5).unwrap();
    let b = Span::new(5, 8).unwrap();
    let c = Span::new(4, 6).unwrap();
    assert!(!a.overlaps(b), "touching spans share no code point");
    assert!(!b.overlaps(a));
    assert!(a.overlaps(c) && c.overlaps(a));
    assert!(b.overlaps(c) && c.overlaps(b));
    assert!(a.overlaps(a));

    // Converting from a pair goes through the same check.
    let ok = Span::try_from((2, 5)).unwrap();
    assert_eq!(ok, Span::new(2, 5).unwrap());
    assert!(Span::try_from((5, 5)).is_err());
    assert!(Span::try_from((6, 5)).is_err());
    assert_eq!(<(usize, usize)>::from(ok), (2, 5));

    // Ordering: by start, then end.
    let mut v = vec![
        Span::new(2, 3).unwrap(),
        Span::new(1, 9).unwrap(),
        Span::new(1, 2).unwrap(),
    ];
    v.sort();
    assert_eq!(
        v,
        vec![
            Span::new(1, 2).unwrap(),
            Span::new(1, 9).unwrap(),
            Span::new(2, 3).unwrap()
        ]
    );
}

// ---------------------------------------------------------------------------
// Properties against the references.

proptest! {
    #![proptest_config(cfg())]

    /// `str_indices` against the obvious char-by-char walk, at every byte.
    #[test]
    fn prop_bytes_match_the_char_walk(s in any_text()) {
        let n = s.chars().count();
        for cp in 0..n + 3 {
            let slow = s.char_indices().nth(cp).map_or(s.len(), |(b, _)| b);
            prop_assert_eq!(bytes::cp_to_byte(&s, cp), slow, "cp_to_byte {}", cp);
        }
        for b in 0..s.len() + 3 {
            let slow = s.char_indices().take_while(|&(i, c)| i + c.len_utf8() <= b).count();
            prop_assert_eq!(bytes::byte_to_cp(&s, b), slow, "byte_to_cp {}", b);
        }
    }

    #[test]
    fn prop_utf16_matches_reference(s in any_text()) {
        let pre = utf16_prefix(&s);
        let n = pre.len() - 1;
        prop_assert_eq!(utf16::len(&s), s.encode_utf16().count());
        prop_assert_eq!(utf16::len(&s), pre[n]);
        for cp in probe(n) {
            prop_assert_eq!(utf16::from_cp(&s, cp), pre[cp.min(n)], "from_cp {}", cp);
        }
        for units in probe(pre[n]) {
            // Down: the last code point starting at or before `units`.
            let down = (0..=n).rfind(|&cp| pre[cp] <= units).unwrap();
            // Up: the first code point starting at or after `units`.
            let up = (0..=n).find(|&cp| pre[cp] >= units).unwrap_or(n);
            prop_assert_eq!(utf16::to_cp(&s, units, Round::Down), down, "down {}", units);
            prop_assert_eq!(utf16::to_cp(&s, units, Round::Up), up, "up {}", units);
        }
        // Round trips on code point boundaries.
        for cp in probe(n).into_iter().filter(|&cp| cp <= n) {
            let u = utf16::from_cp(&s, cp);
            prop_assert_eq!(utf16::to_cp(&s, u, Round::Down), cp);
            prop_assert_eq!(utf16::to_cp(&s, u, Round::Up), cp);
        }
    }

    #[test]
    fn prop_bytes_match_reference(s in any_text()) {
        let pre = byte_prefix(&s);
        let n = pre.len() - 1;
        let table = cp_of_byte_table(&s);
        for cp in probe(n) {
            prop_assert_eq!(bytes::cp_to_byte(&s, cp), pre[cp.min(n)], "cp_to_byte {}", cp);
        }
        for b in probe(s.len()) {
            prop_assert_eq!(bytes::byte_to_cp(&s, b), table[b.min(s.len())], "byte_to_cp {}", b);
        }
    }

    #[test]
    fn prop_text_index_matches_reference(s in any_text()) {
        let t = Text::new(s.clone());
        let cs = chars(&s);
        let pre = byte_prefix(&s);
        let n = cs.len();
        prop_assert_eq!(t.len(), n);
        prop_assert_eq!(t.is_empty(), n == 0);
        prop_assert_eq!(t.as_str(), s.as_str());
        for cp in 0..=n + 2 {
            prop_assert_eq!(t.byte_of(cp), pre[cp.min(n)], "byte_of {}", cp);
        }
        // Text's index makes these cheap: check every offset.
        let table = cp_of_byte_table(&s);
        for b in 0..=s.len() + 2 {
            prop_assert_eq!(t.cp_of_byte(b), table[b.min(s.len())], "cp_of_byte {}", b);
        }
        for cp in 0..=n {
            prop_assert_eq!(t.cp_of_byte(t.byte_of(cp)), cp);
        }
    }

    #[test]
    fn prop_slice_matches_reference(
        s in any_text(),
        a in 0usize..800,
        len in 1usize..400,
    ) {
        let t = Text::new(s.clone());
        let sp = Span::new(a, a + len).unwrap();
        prop_assert_eq!(t.slice(sp), ref_slice(&s, a, a + len));
        // Slicing then counting code points gives back the clamped length.
        let n = t.len();
        let expect = (a + len).min(n).saturating_sub(a.min(n));
        prop_assert_eq!(t.slice(sp).chars().count(), expect);
    }

    #[test]
    fn prop_trim_matches_reference(
        s in any_text(),
        a in 0usize..800,
        len in 1usize..400,
    ) {
        let t = Text::new(s.clone());
        let sp = Span::new(a, a + len).unwrap();
        let got = t.trim(sp).map(|x| (x.start(), x.end()));
        prop_assert_eq!(got, ref_trim(&s, a, a + len));
        if let Some(x) = t.trim(sp) {
            let q = t.slice(x);
            prop_assert!(!q.is_empty());
            prop_assert_eq!(q.trim(), q);
            prop_assert!(x.start() >= sp.start() && x.end() <= sp.end());
            // Idempotent.
            prop_assert_eq!(t.trim(x), Some(x));
        }
    }

    #[test]
    fn prop_lines_match_reference(s in any_text()) {
        let t = Text::new(s.clone());
        let lines = t.lines();
        prop_assert_eq!(&lines, &ref_lines(&s));
        // Lines are ascending, hold no line end, and are separated by exactly
        // one line end.
        let cs = chars(&s);
        for (i, &(a, b)) in lines.iter().enumerate() {
            prop_assert!(a <= b && b <= cs.len());
            prop_assert!(!cs[a..b].iter().any(|&c| c == '\n' || c == '\r'));
            if let Some(&(next, _)) = lines.get(i + 1) {
                let sep: String = cs[b..next].iter().collect();
                prop_assert!(sep == "\n" || sep == "\r" || sep == "\r\n", "separator {:?}", sep);
            }
        }
        prop_assert_eq!(lines.last().unwrap().1, cs.len());
        prop_assert_eq!(lines[0].0, 0);
    }

    #[test]
    fn prop_span_new(a in 0usize..1000, b in 0usize..1000) {
        let sp = Span::new(a, b);
        prop_assert_eq!(sp.is_some(), a < b);
        if let Some(sp) = sp {
            prop_assert_eq!(sp.len(), b - a);
        }
    }
}
