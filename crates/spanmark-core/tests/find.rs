#![cfg(not(target_arch = "wasm32"))]
//! Find in the document: literal matches in code points, case folding,
//! grapheme clusters kept whole, non-overlapping occurrences.

use proptest::prelude::*;
use spanmark_core::find::{find_all, fold, is_break, Case};

fn spans(text: &str, query: &str, case: Case) -> Vec<(usize, usize)> {
    find_all(text, query, case)
        .into_iter()
        .map(|s| (s.start(), s.end()))
        .collect()
}

/// The matched text of every span, by code point.
fn quotes(text: &str, query: &str, case: Case) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    find_all(text, query, case)
        .into_iter()
        .map(|s| chars[s.start()..s.end()].iter().collect())
        .collect()
}

use Case::{Insensitive, Sensitive};

#[test]
fn plain_ascii() {
    assert_eq!(
        spans("the cat and the hat", "the", Sensitive),
        [(0, 3), (12, 15)]
    );
    assert_eq!(spans("the cat", "dog", Sensitive), []);
    assert_eq!(spans("the cat", "", Sensitive), []);
    assert_eq!(spans("", "a", Insensitive), []);
    assert_eq!(spans("ab", "abc", Insensitive), []);
}

#[test]
fn overlapping_occurrences_are_found_left_to_right_without_overlap() {
    assert_eq!(spans("aaa", "aa", Sensitive), [(0, 2)]);
    assert_eq!(spans("aaaa", "aa", Sensitive), [(0, 2), (2, 4)]);
    assert_eq!(spans("aaaaa", "aa", Insensitive), [(0, 2), (2, 4)]);
    assert_eq!(spans("abababa", "aba", Sensitive), [(0, 3), (4, 7)]);
}

#[test]
fn offsets_are_code_points_after_emoji_and_cjk() {
    // 😀 is one code point (two UTF-16 units, four bytes).
    let t = "😀 Kyiv, 😀😀 Kyiv";
    assert_eq!(spans(t, "Kyiv", Sensitive), [(2, 6), (11, 15)]);
    assert_eq!(quotes(t, "kyiv", Insensitive), ["Kyiv", "Kyiv"]);
    let cjk = "東京で会議。東京の天気";
    assert_eq!(spans(cjk, "東京", Sensitive), [(0, 2), (6, 8)]);
    assert_eq!(spans("𝒳a𝒳a", "a", Sensitive), [(1, 2), (3, 4)]);
}

#[test]
fn crlf_counts_two_code_points_and_is_never_split() {
    let t = "one\r\ntwo\r\nthree";
    assert_eq!(spans(t, "two", Sensitive), [(5, 8)]);
    assert_eq!(spans(t, "\r\n", Sensitive), [(3, 5), (8, 10)]);
    // Half of a CR LF pair is not a match.
    assert_eq!(spans(t, "\n", Sensitive), []);
    assert_eq!(spans(t, "\r", Sensitive), []);
    assert_eq!(spans("a\rb\nc", "\n", Sensitive), [(3, 4)]);
}

#[test]
fn combining_marks_are_never_split() {
    // "é" as e + COMBINING ACUTE ACCENT: "e" alone does not match it.
    let t = "cafe\u{301} and cafe";
    assert_eq!(spans(t, "cafe", Sensitive), [(10, 14)]);
    assert_eq!(spans(t, "cafe\u{301}", Sensitive), [(0, 5)]);
    assert_eq!(spans(t, "\u{301}", Sensitive), []);
    // Precomposed é is a different text: literal matching, no normalisation.
    assert_eq!(spans("café", "cafe\u{301}", Sensitive), []);
    // Devanagari: a consonant followed by a vowel sign is one cluster.
    assert_eq!(spans("कि क", "क", Sensitive), [(3, 4)]);
    // Thai: a consonant with a tone mark.
    assert_eq!(spans("ก่ ก", "ก", Sensitive), [(3, 4)]);
}

#[test]
fn emoji_sequences_are_never_split() {
    // Woman technologist: 👩 ZWJ 💻; family; skin tone; flags; keycap.
    let t = "👩\u{200D}💻 👩 💻";
    assert_eq!(spans(t, "👩", Sensitive), [(4, 5)]);
    assert_eq!(spans(t, "💻", Sensitive), [(6, 7)]);
    assert_eq!(spans(t, "👩\u{200D}💻", Sensitive), [(0, 3)]);
    assert_eq!(spans("👍🏽 👍", "👍", Sensitive), [(3, 4)]);
    assert_eq!(spans("❤\u{FE0F} ❤", "❤", Sensitive), [(3, 4)]);
    assert_eq!(spans("1\u{FE0F}\u{20E3} 1", "1", Sensitive), [(4, 5)]);
    // 🇺🇦🇫🇷: Ukraine then France; "🇦🇫" (Afghanistan) straddles both flags.
    let flags = "🇺🇦🇫🇷";
    assert_eq!(spans(flags, "🇦🇫", Sensitive), []);
    assert_eq!(spans(flags, "🇫🇷", Sensitive), [(2, 4)]);
    assert_eq!(spans(flags, "🇺🇦", Sensitive), [(0, 2)]);
    // Tag sequence (England flag) stays whole.
    let eng = "🏴\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F}";
    assert_eq!(spans(&format!("{eng} 🏴"), "🏴", Sensitive), [(8, 9)]);
}

#[test]
fn hangul_jamo_are_never_split() {
    // ᄀ + ᅡ (conjoining jamo) make one syllable.
    assert_eq!(
        spans("\u{1100}\u{1161} \u{1100}", "\u{1100}", Sensitive),
        [(3, 4)]
    );
    assert_eq!(spans("한국 한국어", "한국", Sensitive), [(0, 2), (3, 5)]);
}

#[test]
fn case_insensitive_by_folding_one_code_point_to_one() {
    let t = "Zelenskyy met ZELENSKYY's aide; zelenskyy";
    assert_eq!(spans(t, "zelenskyy", Insensitive).len(), 3);
    assert_eq!(spans(t, "Zelenskyy", Sensitive), [(0, 9)]);
    assert_eq!(
        quotes("ÉCOLE école", "école", Insensitive),
        ["ÉCOLE", "école"]
    );
    assert_eq!(quotes("ΟΔΟΣ οδος", "οδοσ", Insensitive), ["ΟΔΟΣ", "οδος"]);
    assert_eq!(quotes("Київ КИЇВ", "київ", Insensitive), ["Київ", "КИЇВ"]);
    assert_eq!(quotes("Łódź ŁÓDŹ", "łódź", Insensitive), ["Łódź", "ŁÓDŹ"]);
    assert_eq!(
        quotes("Հայաստան ՀԱՅԱՍՏԱՆ", "հայաստան", Insensitive).len(),
        2
    );
    assert_eq!(quotes("Việt Nam VIỆT NAM", "việt", Insensitive).len(), 2);
    assert_eq!(quotes("ＡＢＣ ａｂｃ", "ａｂｃ", Insensitive).len(), 2);
    // ß has no one-code-point upper case: it matches only itself.
    assert_eq!(spans("Straße STRASSE", "straße", Insensitive), [(0, 6)]);
}

#[test]
fn fold_agrees_with_unicode_lowercase_where_it_folds() {
    for c in (0..0x1_0000u32).filter_map(char::from_u32) {
        let f = fold(c);
        if f != c {
            let lower: Vec<char> = c.to_lowercase().collect();
            let ok = lower == [f] || (c == 'ſ' && f == 's') || (c == 'ς' && f == 'σ');
            assert!(
                ok,
                "fold({c:?} U+{:04X}) = {f:?}, lower case is {lower:?}",
                c as u32
            );
        }
    }
}

#[test]
fn regex_characters_are_literal() {
    assert_eq!(spans("a.b axb (c) [d]* $", ".", Sensitive), [(1, 2)]);
    assert_eq!(spans("(c) [d]*", "[d]*", Sensitive), [(4, 8)]);
    assert_eq!(spans("x\\y", "\\", Sensitive), [(1, 2)]);
}

#[test]
fn boundaries_of_plain_text() {
    assert!(is_break("ab", 0) && is_break("ab", 1) && is_break("ab", 2));
    assert!(!is_break("\r\n", 1));
    assert!(!is_break("e\u{301}", 1));
}

/// Naive reference: every non-overlapping, grapheme-respecting occurrence
/// in a text without any joining code points is plain substring search.
fn naive(text: &[char], q: &[char]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while !q.is_empty() && i + q.len() <= text.len() {
        if text[i..i + q.len()] == *q {
            out.push((i, i + q.len()));
            i += q.len();
        } else {
            i += 1;
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn matches_naive_search_on_simple_text(
        text in proptest::collection::vec(prop::sample::select(vec!['a', 'b', 'A', 'é', 'É', '😀', '東', ' ']), 0..40),
        q in proptest::collection::vec(prop::sample::select(vec!['a', 'b', 'A', 'é', '😀', '東']), 1..4),
    ) {
        let t: String = text.iter().collect();
        let qs: String = q.iter().collect();
        prop_assert_eq!(spans(&t, &qs, Sensitive), naive(&text, &q));
        let lower = |v: &[char]| v.iter().map(|&c| fold(c)).collect::<Vec<char>>();
        prop_assert_eq!(spans(&t, &qs, Insensitive), naive(&lower(&text), &lower(&q)));
        // Every match quotes a text equal to the query (sensitive).
        let chars: Vec<char> = t.chars().collect();
        for (s, e) in spans(&t, &qs, Sensitive) {
            prop_assert_eq!(&chars[s..e], &q[..]);
        }
    }

    #[test]
    fn matches_never_split_a_cluster(
        text in proptest::collection::vec(prop::sample::select(vec!["a", "e\u{301}", "👍🏽", "\r\n", "🇺🇦", "क्ष", " "]), 0..20),
        q in proptest::collection::vec(prop::sample::select(vec!["a", "e", "\u{301}", "👍", "\r", "\n", "🇦", "क", " "]), 1..3),
    ) {
        let t: String = text.concat();
        let qs: String = q.concat();
        let chars: Vec<char> = t.chars().collect();
        let byte_of = |cp: usize| chars[..cp].iter().map(|c| c.len_utf8()).sum::<usize>();
        for case in [Sensitive, Insensitive] {
            for (s, e) in spans(&t, &qs, case) {
                prop_assert!(is_break(&t, byte_of(s)) && is_break(&t, byte_of(e)));
                // Cluster boundaries of this text are exactly the pieces' edges.
                let mut edges = vec![0];
                for p in &text { edges.push(edges.last().unwrap() + p.chars().count()); }
                prop_assert!(edges.contains(&s) && edges.contains(&e), "{:?} splits a piece of {:?}", (s, e), text);
            }
        }
    }
}
