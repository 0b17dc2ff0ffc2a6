#![cfg(not(target_arch = "wasm32"))]
//! Find in the document: literal matches in code points, Unicode's full
//! case folding mapped back to the text's own code points, grapheme
//! clusters kept whole, non-overlapping occurrences; and a property test
//! against a slow, obvious reference.

use std::collections::BTreeSet;

use proptest::prelude::*;
use spanmark_core::find::{find_all, fold, Case, Finder};
use spanmark_core::text::grapheme::is_boundary;
use unicase::UniCase;
use unicode_segmentation::UnicodeSegmentation;

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
fn case_insensitive_in_the_common_scripts() {
    let t = "Zelenskyy met ZELENSKYY's aide; zelenskyy";
    assert_eq!(spans(t, "zelenskyy", Insensitive).len(), 3);
    assert_eq!(spans(t, "Zelenskyy", Sensitive), [(0, 9)]);
    assert_eq!(
        quotes("ÉCOLE école", "école", Insensitive),
        ["ÉCOLE", "école"]
    );
    assert_eq!(quotes("Київ КИЇВ", "київ", Insensitive), ["Київ", "КИЇВ"]);
    assert_eq!(quotes("Łódź ŁÓDŹ", "łódź", Insensitive), ["Łódź", "ŁÓDŹ"]);
    assert_eq!(quotes("Việt Nam VIỆT NAM", "việt", Insensitive).len(), 2);
    assert_eq!(quotes("ＡＢＣ ａｂｃ", "ａｂｃ", Insensitive).len(), 2);
    // KELVIN SIGN folds to k, LONG S to s.
    assert_eq!(
        quotes("\u{212A}ey ſun", "key sun", Insensitive),
        ["\u{212A}ey ſun"]
    );
    assert_eq!(spans("\u{212A}ey ſun", "KEY", Insensitive), [(0, 3)]);
    assert_eq!(spans("\u{212A}ey ſun", "SUN", Insensitive), [(4, 7)]);
}

#[test]
fn armenian_with_the_ligature_ech_yiwn() {
    assert_eq!(
        quotes("Հայաստան ՀԱՅԱՍՏԱՆ", "հայաստան", Insensitive),
        ["Հայաստան", "ՀԱՅԱՍՏԱՆ"]
    );
    // և is one character folding to two, եւ: "Երևան" (5 code points) and
    // "ԵՐԵՒԱՆ" (6) are the same word.
    assert_eq!(
        spans("Երևան ԵՐԵՒԱՆ", "երևան", Insensitive),
        [(0, 5), (6, 12)]
    );
    assert_eq!(
        spans("Երևան ԵՐԵՒԱՆ", "ԵՐԵՒԱՆ", Insensitive),
        [(0, 5), (6, 12)]
    );
    assert_eq!(spans("եւ ԵՒ և", "և", Insensitive), [(0, 2), (3, 5), (6, 7)]);
    // Half of the ligature is not a match.
    assert_eq!(spans("և", "ե", Insensitive), []);
    assert_eq!(spans("և", "ւ", Insensitive), []);
    assert_eq!(spans("եւ ԵՒ և", "և", Sensitive), [(6, 7)]);
}

#[test]
fn georgian_mtavruli_and_mkhedruli() {
    // Mtavruli (U+1C90..U+1CBF, Unicode 11) folds to Mkhedruli.
    let mkhedruli = "საქართველო";
    let mtavruli = "ᲡᲐᲥᲐᲠᲗᲕᲔᲚᲝ";
    assert_eq!(mtavruli.chars().next(), Some('\u{1CA1}'));
    let t = format!("{mkhedruli} {mtavruli}");
    assert_eq!(spans(&t, mkhedruli, Insensitive), [(0, 10), (11, 21)]);
    assert_eq!(spans(&t, mtavruli, Insensitive), [(0, 10), (11, 21)]);
    assert_eq!(spans(&t, mtavruli, Sensitive), [(11, 21)]);
}

#[test]
fn cherokee_small_letters_and_capitals() {
    // Cherokee folds to its capitals (U+13A0..), the older letters; the
    // small letters (U+AB70.., U+13F8..) were added in Unicode 8.
    let t = "ᏣᎳᎩ ꮳꮃꭹ ᏽ Ᏽ";
    assert_eq!(spans(t, "ᏣᎳᎩ", Insensitive), [(0, 3), (4, 7)]);
    assert_eq!(spans(t, "ꮳꮃꭹ", Insensitive), [(0, 3), (4, 7)]);
    assert_eq!(spans(t, "ᏽ", Insensitive), [(8, 9), (10, 11)]);
    assert_eq!(spans(t, "ꮳꮃꭹ", Sensitive), [(4, 7)]);
}

#[test]
fn deseret_is_astral_and_counted_in_code_points() {
    // U+10400 block: one code point, two UTF-16 units, four bytes each.
    let t = "𐐔𐐯𐑅𐐨𐑉𐐯𐐻 𐐔𐐇𐐝𐐀𐐡𐐇𐐓 x";
    assert_eq!(spans(t, "𐐼𐐯𐑅𐐨𐑉𐐯𐐻", Insensitive), [(0, 7), (8, 15)]);
    assert_eq!(spans(t, "𐐔𐐇𐐝𐐀𐐡𐐇𐐓", Insensitive), [(0, 7), (8, 15)]);
    assert_eq!(spans(t, "X", Insensitive), [(16, 17)]);
}

#[test]
fn greek_final_sigma() {
    let t = "ΟΔΟΣ οδος οδοσ";
    for q in ["ΟΔΟΣ", "οδος", "οδοσ"] {
        assert_eq!(quotes(t, q, Insensitive), ["ΟΔΟΣ", "οδος", "οδοσ"], "{q}");
    }
    assert_eq!(spans(t, "οδος", Sensitive), [(5, 9)]);
    // ΐ folds to three code points (ι, diaeresis, acute).
    let t = "ΐ \u{3B9}\u{308}\u{301}";
    assert_eq!(spans(t, "ΐ", Insensitive), [(0, 1), (2, 5)]);
    assert_eq!(spans(t, "\u{3B9}", Insensitive), []);
}

#[test]
fn german_sharp_s() {
    let t = "Straße STRASSE strasse STRAẞE";
    let all = ["Straße", "STRASSE", "strasse", "STRAẞE"];
    for q in ["straße", "STRASSE", "strasse", "STRAẞE", "strasSe"] {
        assert_eq!(quotes(t, q, Insensitive), all, "{q}");
    }
    assert_eq!(spans(t, "Straße", Sensitive), [(0, 6)]);
    // A match covers whole characters: "ss" is all of ß, "s" half of it.
    assert_eq!(spans("Straße", "ss", Insensitive), [(4, 5)]);
    assert_eq!(spans("Straße", "ẞ", Insensitive), [(4, 5)]);
    assert_eq!(spans("ß", "s", Insensitive), []);
    assert_eq!(spans("Straße STRASSE", "tras", Insensitive), [(8, 12)]);
    assert_eq!(
        spans("Straße STRASSE", "ße", Insensitive),
        [(4, 6), (11, 14)]
    );
    // "sss" is ß and one s, or one s and ß: the first from the left wins.
    assert_eq!(spans("ßs sß", "sss", Insensitive), [(0, 2), (3, 5)]);
    assert_eq!(spans("ßß", "ss", Insensitive), [(0, 1), (1, 2)]);
}

#[test]
fn ligatures_and_apostrophe_n() {
    assert_eq!(
        spans("ﬁnd find FIND", "fi", Insensitive),
        [(0, 1), (4, 6), (9, 11)]
    );
    assert_eq!(spans("ﬁnd find", "ﬁ", Insensitive), [(0, 1), (4, 6)]);
    assert_eq!(spans("ﬁ", "f", Insensitive), []);
    assert_eq!(spans("oﬃce office", "ffi", Insensitive), [(1, 2), (6, 9)]);
    // ŉ folds to ʼn (U+02BC U+006E), two clusters in the text.
    assert_eq!(
        spans("ŉ \u{2BC}n \u{2BC}N", "ŉ", Insensitive),
        [(0, 1), (2, 4), (5, 7)]
    );
    assert_eq!(spans("ŉ \u{2BC}n", "n", Insensitive), [(3, 4)]);
}

#[test]
fn turkish_dotted_capital_i_under_full_folding() {
    // Unicode's default full folding (not the Turkic one): İ → i + U+0307
    // COMBINING DOT ABOVE, I → i, ı → ı. So "istanbul" finds ISTANBUL
    // but not İstanbul, whose fold has the dot after the i; "İstanbul"
    // finds itself and "i\u{307}stanbul"; dotless ı matches only ı.
    let t = "İstanbul ISTANBUL istanbul i\u{307}stanbul ıstanbul";
    assert_eq!(spans(t, "istanbul", Insensitive), [(9, 17), (18, 26)]);
    assert_eq!(spans(t, "İstanbul", Insensitive), [(0, 8), (27, 36)]);
    assert_eq!(spans(t, "İSTANBUL", Insensitive), [(0, 8), (27, 36)]);
    assert_eq!(spans(t, "ıstanbul", Insensitive), [(37, 45)]);
    // The i of İ's fold is half of İ; the i of "i\u{307}" is half a cluster.
    assert_eq!(spans("İ i\u{307}", "i", Insensitive), []);
    assert_eq!(fold("İ"), "i\u{307}");
}

#[test]
fn fold_identifies_what_std_maps_between_cases() {
    // Every cased character's fold equals the folds of its upper and lower
    // case as std's own tables (Unicode 17.0) give them, and is folded
    // itself: the fold knows every cased script std knows.
    let mut checked = 0;
    for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
        let (lower, upper): (String, String) =
            (c.to_lowercase().collect(), c.to_uppercase().collect());
        if lower == c.to_string() && upper == c.to_string() {
            continue;
        }
        let f = fold(&c.to_string());
        assert_eq!(
            fold(&f),
            f,
            "fold of {c:?} U+{:04X} is not folded",
            c as u32
        );
        assert_eq!(fold(&lower), f, "lower case of {c:?} U+{:04X}", c as u32);
        // The one exception: dotless ı's upper case is I, whose default
        // fold is i (only the Turkic fold, not used, maps I to ı).
        if c != 'ı' {
            assert_eq!(fold(&upper), f, "upper case of {c:?} U+{:04X}", c as u32);
        }
        checked += 1;
    }
    assert!(checked > 2800, "{checked}");
    assert_eq!((fold("ı"), fold("I")), ("ı".to_string(), "i".to_string()));
}

#[test]
fn a_finder_folds_again_when_the_text_changes() {
    let mut f = Finder::default();
    let got = |f: &mut Finder, t: &str, q: &str, c: Case| -> Vec<(usize, usize)> {
        f.find_all(t, q, c)
            .into_iter()
            .map(|s| (s.start(), s.end()))
            .collect()
    };
    assert_eq!(got(&mut f, "Straße", "SS", Insensitive), [(4, 5)]);
    assert_eq!(got(&mut f, "Straße", "STRASSE", Insensitive), [(0, 6)]);
    assert_eq!(got(&mut f, "ssß", "ss", Insensitive), [(0, 2), (2, 3)]);
    assert_eq!(got(&mut f, "ssß", "ss", Sensitive), [(0, 2)]);
    assert_eq!(got(&mut f, "SSß", "", Insensitive), []);
    assert_eq!(got(&mut f, "SSß", "ss", Insensitive), [(0, 2), (2, 3)]);
}

#[test]
fn regex_characters_are_literal() {
    assert_eq!(spans("a.b axb (c) [d]* $", ".", Sensitive), [(1, 2)]);
    assert_eq!(spans("(c) [d]*", "[d]*", Sensitive), [(4, 8)]);
    assert_eq!(spans("x\\y", "\\", Sensitive), [(1, 2)]);
}

#[test]
fn boundaries_of_plain_text() {
    assert!(is_boundary("ab", 0) && is_boundary("ab", 1) && is_boundary("ab", 2));
    assert!(is_boundary("", 0));
    assert!(!is_boundary("\r\n", 1));
    assert!(!is_boundary("e\u{301}", 1));
    // Inside a character or past the end: not a boundary, no panic.
    assert!(!is_boundary("é", 1));
    assert!(!is_boundary("ab", 3));
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

/// The slow, obvious reference: from each code point in turn, left to
/// right, at a cluster boundary (found by `unicode-segmentation` itself),
/// the end at a cluster boundary whose slice of the text folds (as a
/// whole, by `unicase`) to the query's fold; then on from that end.
fn reference(text: &str, query: &str, case: Case) -> Vec<(usize, usize)> {
    let chars: Vec<char> = text.chars().collect();
    let mut cuts = BTreeSet::from([0]);
    let mut at = 0;
    for g in text.graphemes(true) {
        at += g.chars().count();
        cuts.insert(at);
    }
    let f = |s: &str| match case {
        Sensitive => s.to_string(),
        Insensitive => UniCase::unicode(s).to_folded_case(),
    };
    let want = f(query);
    let mut out = Vec::new();
    let mut i = 0;
    while !query.is_empty() && i < chars.len() {
        let hit = cuts.contains(&i).then(|| {
            // Folds only grow as the slice does: stop once past the query.
            cuts.range(i + 1..)
                .map(|&j| (j, f(&chars[i..j].iter().collect::<String>())))
                .take_while(|(_, s)| s.chars().count() <= want.chars().count())
                .find(|(_, s)| *s == want)
                .map(|(j, _)| j)
        });
        match hit.flatten() {
            Some(j) => {
                out.push((i, j));
                i = j;
            }
            None => i += 1,
        }
    }
    out
}

/// Pieces whose folds change length, join, or are half of another's.
const TRICKY: &[&str] = &[
    "ß",
    "ẞ",
    "SS",
    "ss",
    "s",
    "S",
    "ſ",
    "ﬁ",
    "fi",
    "FI",
    "f",
    "i",
    "ﬃ",
    "ŉ",
    "\u{2BC}n",
    "n",
    "N",
    "İ",
    "I",
    "ı",
    "\u{307}",
    "i\u{307}",
    "e\u{301}",
    "é",
    "É",
    "e",
    "Σ",
    "ς",
    "σ",
    "ΐ",
    "\u{3B9}\u{308}\u{301}",
    "և",
    "եւ",
    "ԵՒ",
    "ե",
    "Ა",
    "ა",
    "Ꭰ",
    "ꭰ",
    "𐐀",
    "𐐨",
    "\u{212A}",
    "k",
    "ǅ",
    "ǆ",
    "👍🏽",
    "👍",
    "🇺🇦",
    "🇦",
    "\r\n",
    "\r",
    " ",
    "a",
    "A",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn matches_the_slow_reference_on_tricky_text(
        text in proptest::collection::vec(prop::sample::select(TRICKY), 0..16),
        q in proptest::collection::vec(prop::sample::select(TRICKY), 1..4),
    ) {
        let t: String = text.concat();
        let qs: String = q.concat();
        for case in [Sensitive, Insensitive] {
            prop_assert_eq!(spans(&t, &qs, case), reference(&t, &qs, case), "{:?}", case);
        }
    }

    #[test]
    fn matches_naive_search_on_simple_text(
        text in proptest::collection::vec(prop::sample::select(vec!['a', 'b', 'A', 'é', 'É', '😀', '東', ' ']), 0..40),
        q in proptest::collection::vec(prop::sample::select(vec!['a', 'b', 'A', 'é', '😀', '東']), 1..4),
    ) {
        let t: String = text.iter().collect();
        let qs: String = q.iter().collect();
        prop_assert_eq!(spans(&t, &qs, Sensitive), naive(&text, &q));
        // Each of these characters folds to one: its lower case.
        let lower = |v: &[char]| v.iter().flat_map(|c| c.to_lowercase()).collect::<Vec<char>>();
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
                prop_assert!(is_boundary(&t, byte_of(s)) && is_boundary(&t, byte_of(e)));
                // Cluster boundaries of this text are exactly the pieces' edges.
                let mut edges = vec![0];
                for p in &text { edges.push(edges.last().unwrap() + p.chars().count()); }
                prop_assert!(edges.contains(&s) && edges.contains(&e), "{:?} splits a piece of {:?}", (s, e), text);
            }
        }
    }
}

proptest! {
    // Long texts cost the reference more: fewer cases.
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Texts of many folding stretches, and one `Finder` kept across
    /// queries and texts as the find box keeps it.
    #[test]
    fn matches_the_slow_reference_on_long_tricky_text(
        texts in proptest::collection::vec(proptest::collection::vec(prop::sample::select(TRICKY), 100..400), 1..3),
        qs in proptest::collection::vec(proptest::collection::vec(prop::sample::select(TRICKY), 1..3), 1..4),
    ) {
        let mut finder = Finder::default();
        for text in &texts {
            let t: String = text.concat();
            for q in &qs {
                let q: String = q.concat();
                for case in [Insensitive, Sensitive] {
                    prop_assert_eq!(finder.find_all(&t, &q, case), find_all(&t, &q, case));
                    let got: Vec<(usize, usize)> = finder.find_all(&t, &q, case).into_iter().map(|s| (s.start(), s.end())).collect();
                    prop_assert_eq!(got, reference(&t, &q, case), "{:?}", case);
                }
            }
        }
    }
}
