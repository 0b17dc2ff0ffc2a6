#![cfg(not(target_arch = "wasm32"))]
//! The export formats besides the native one (doccano, spaCy, Label Studio,
//! W3C Web Annotation, brat, CoNLL), the tar writer, the overlap rule and the
//! segmentation they rely on — on fixtures with emoji, combining marks, CJK,
//! right-to-left text, CRLF, other line separators and overlapping spans.
//!
//! `write_fixture_exports` also writes every format's download for the
//! fixtures into `$SPANMARK_FIXTURE_DIR`, where
//! `tests/consumers/check_exports.py` (run by `scripts/consumer-check.sh`)
//! loads them with spaCy and re-slices them in Python.

use std::collections::BTreeSet;
use std::path::PathBuf;

use proptest::prelude::*;
use serde_json::Value;
use spanmark_core::export::{
    self, brat, bundle, conll, doccano, keep_longest, label_studio, native, spacy, tar, w3c,
    Format, Options, OutFile, Unit, FORMATS,
};
use spanmark_core::label::Label;
use spanmark_core::model::{Annotation, Document};
use spanmark_core::text::words::{is_space, Lines, Segmenter};
use spanmark_core::text::{utf16, Span};

const AT: &str = "2026-11-26T15:04:05Z";
const UNIX: u64 = 1_795_100_645;

// ---------------------------------------------------------------------------
// A simple tokenizer: the app segments with the browser's Intl.Segmenter;
// these tests and the Python consumer check's fixtures use this one.

/// Punctuation: ASCII punctuation and the general,
/// CJK and full-width punctuation blocks (without the joiners and invisible
/// marks, which stay inside words and emoji). No Unicode tables.
fn is_punct(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_punctuation();
    }
    matches!(c as u32, 0x00a1..=0x00bf | 0x2010..=0x2027 | 0x2030..=0x205e | 0x3001..=0x303f | 0xff01..=0xff0f | 0xff1a..=0xff20)
        && !matches!(c as u32, 0x00ad | 0x00b2..=0x00b3 | 0x00b5 | 0x00b9..=0x00ba | 0x00bc..=0x00be)
}

fn is_sentence_end(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…' | '。' | '！' | '？')
}

fn is_closer(c: char) -> bool {
    matches!(c, '"' | '\'' | ')' | ']' | '”' | '’' | '»')
}

/// The tests' deterministic segmenter (the app uses `Intl.Segmenter`).
/// Words are maximal runs of characters that are neither whitespace nor
/// punctuation; each punctuation character is a word of its own. A sentence ends at a line
/// break, and after `.`, `!`, `?` or `…` (with any closing quotes or
/// brackets) followed by whitespace.
#[derive(Clone, Copy, Debug, Default)]
struct SimpleSegmenter;

impl Segmenter for SimpleSegmenter {
    fn words(&self, text: &str) -> Vec<Span> {
        let mut out = Vec::new();
        let mut start: Option<usize> = None;
        for (i, c) in text.chars().enumerate() {
            let space = is_space(c);
            let punct = !space && is_punct(c);
            if space || punct {
                if let Some(s) = start.take() {
                    out.extend(Span::new(s, i));
                }
                if punct {
                    out.extend(Span::new(i, i + 1));
                }
            } else if start.is_none() {
                start = Some(i);
            }
        }
        if let Some(s) = start {
            out.extend(Span::new(s, text.chars().count()));
        }
        out
    }

    fn sentences(&self, text: &str) -> Vec<Span> {
        let chars: Vec<char> = text.chars().collect();
        let mut starts = vec![0];
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            let mut end = None;
            if matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}' | '\u{85}') {
                end = Some(i + 1);
            } else if is_sentence_end(c) {
                let mut j = i + 1;
                while j < chars.len() && (is_sentence_end(chars[j]) || is_closer(chars[j])) {
                    j += 1;
                }
                if j < chars.len() && is_space(chars[j]) {
                    end = Some(j);
                }
                i = j - 1;
            }
            if let Some(mut e) = end {
                // The sentence keeps its trailing whitespace, as Intl.Segmenter's do.
                while e < chars.len() && is_space(chars[e]) {
                    e += 1;
                }
                if e < chars.len() && starts.last() != Some(&e) {
                    starts.push(e);
                }
                i = e.max(i + 1);
                continue;
            }
            i += 1;
        }
        starts.push(chars.len());
        starts
            .windows(2)
            .filter_map(|w| Span::new(w[0], w[1]))
            .collect()
    }
}

// ---------------------------------------------------------------------------
// Fixtures.

/// Code point span of the `nth` occurrence of `needle` in `text`.
fn find(text: &str, needle: &str, nth: usize) -> (usize, usize) {
    let mut from = 0;
    let mut at = 0;
    for _ in 0..=nth {
        at = from + text[from..].find(needle).expect("needle in fixture");
        from = at + needle.len();
    }
    let start = text[..at].chars().count();
    (start, start + needle.chars().count())
}

struct Builder {
    doc: Document,
    n: usize,
}

impl Builder {
    fn new(id: &str, title: &str, text: &str) -> Builder {
        Builder {
            doc: Document::new(id.into(), title.into(), text.into()),
            n: 0,
        }
    }

    fn at(mut self, label: Label, start: usize, end: usize, note: &str) -> Builder {
        self.n += 1;
        self.doc
            .add(Annotation {
                id: format!("a-{}", self.n),
                label,
                span: Span::new(start, end).unwrap(),
                note: note.into(),
                created_at: (self.n % 2 == 1).then(|| "2026-11-26T15:00:00Z".to_string()),
            })
            .unwrap();
        self
    }

    fn on(self, label: Label, needle: &str, nth: usize) -> Builder {
        self.on_note(label, needle, nth, "")
    }

    fn on_note(self, label: Label, needle: &str, nth: usize, note: &str) -> Builder {
        let (s, e) = find(self.doc.text.as_str(), needle, nth);
        self.at(label, s, e, note)
    }

    /// From the start of `from` to the end of `to`.
    fn across(self, label: Label, from: &str, to: &str) -> Builder {
        let t = self.doc.text.as_str();
        let (s, _) = find(t, from, 0);
        let (_, e) = find(t, to, 0);
        self.at(label, s, e, "")
    }

    fn done(self) -> Document {
        self.doc
    }
}

/// Emoji (flags, skin tones, ZWJ families), combining marks, CJK, Hebrew,
/// Arabic, CRLF; nested, partly overlapping and identical spans; a claim
/// across the CRLF; a note with a tab, a line break and JSON specials.
/// Spans start and end on spaCy token boundaries, so `char_span` needs no
/// widening.
fn emoji_doc() -> Document {
    let text = "Rally \u{1F1FA}\u{1F1E6}\u{1F44D}\u{1F3FD} in Kyiv: \u{1F469}\u{200D}\u{1F469}\u{200D}\u{1F467} families met Zelenskyy.\r\nSecond line e\u{301}\u{301} \u{6F22}\u{5B57} \u{05E9}\u{05DC}\u{05D5}\u{05DD} \u{0645}\u{0631}\u{062D}\u{0628}\u{0627} Fastiv.";
    Builder::new("d-emoji", "Emoji rally", text)
        .on(Label::Location, "Kyiv", 0)
        .on(Label::Actor, "Kyiv", 0)
        .on_note(
            Label::Actor,
            "Zelenskyy",
            0,
            "check\tspelling\r\n\"quoted\" \\ second line",
        )
        .on(Label::Location, "Fastiv", 0)
        .on(Label::Figure, "\u{1F1FA}\u{1F1E6}\u{1F44D}\u{1F3FD}", 0)
        .on(
            Label::Figure,
            "\u{1F469}\u{200D}\u{1F469}\u{200D}\u{1F467}",
            0,
        )
        .on(Label::Actor, "e\u{301}\u{301}", 0)
        .on(Label::Location, "\u{6F22}\u{5B57}", 0)
        .across(Label::Claim, "Rally", "Kyiv")
        .across(Label::Claim, "Kyiv", "Zelenskyy")
        .across(Label::Claim, "families", "Second line")
        .done()
}

/// The seed article with a sentence-long claim holding an actor, a figure
/// and a location, and a claim across a paragraph break.
fn seed_doc() -> Document {
    let (_, text) = spanmark_core::seed::split_date(spanmark_core::seed::SEED_RAW);
    let mut b = Builder::new("d-seed", spanmark_core::seed::SEED_TITLE, text)
        .on(Label::Actor, "Zelenskyy", 0)
        .on(Label::Location, "Fastiv", 0)
        .on(Label::Location, "Kyiv", 0)
        .on(Label::Figure, "585 drones", 0)
        .on(Label::Figure, "30 missiles", 0)
        .across(Label::Claim, "Energy facilities", "the main targets")
        .across(
            Label::Claim,
            "Ukrainian air defences",
            "the air force reported",
        );
    // A claim across the blank line between the first two paragraphs.
    b = b.across(Label::Claim, "managed to intercept", "Moscow, for its part");
    b.done()
}

/// Line and paragraph separators, a vertical tab, a tab and a no-break
/// space inside spans; a `'s` right after a span.
fn separators_doc() -> Document {
    let text = "First part\u{2028}second part\u{2029}third\u{b}fourth. Kyiv's mayor said: \"no\"\u{a0}today.\nTab\there.";
    Builder::new("d-seps", "Separators <&> \"quotes\"", text)
        .across(Label::Claim, "First", "fourth")
        .on(Label::Location, "Kyiv", 0)
        .across(Label::Claim, "mayor", "today")
        .across(Label::Figure, "Tab", "here")
        .done()
}

/// Two documents with the same title (file names must not collide), one
/// without annotations.
fn plain_docs() -> [Document; 2] {
    let a = Builder::new("d-plain-1", "Plain", "Kyiv and Fastiv.")
        .on(Label::Location, "Kyiv", 0)
        .on(Label::Location, "Fastiv", 0)
        .done();
    let b = Builder::new("d-plain-2", "Plain", "Nothing to see here.").done();
    [a, b]
}

fn library() -> Vec<Document> {
    let [p1, p2] = plain_docs();
    vec![emoji_doc(), seed_doc(), separators_doc(), p1, p2]
}

fn opts<'a>(name: &'a str, seg: &'a dyn Segmenter) -> Options<'a> {
    Options {
        name,
        exported_at: AT,
        unix_time: UNIX,
        segmenter: seg,
    }
}

fn run(format: &dyn Format, docs: &[&Document]) -> export::Export {
    format.export(docs, &opts("fixture", &SimpleSegmenter))
}

const DOCCANO: doccano::Doccano = doccano::Doccano(Unit::CodePoint);
const DOCCANO_UTF16: doccano::Doccano = doccano::Doccano(Unit::Utf16);

fn cps(s: &str) -> Vec<char> {
    s.chars().collect()
}

fn slice(text: &str, s: usize, e: usize) -> String {
    text.chars().skip(s).take(e - s).collect()
}

fn json_lines(f: &OutFile) -> Vec<Value> {
    // One line per record even for Python's str.splitlines: the line
    // separators inside texts are escaped.
    assert!(!f
        .as_str()
        .chars()
        .any(|c| c != '\n' && brat::is_line_break(c)));
    f.as_str()
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect()
}

/// `(start, end, label)` of every annotation.
fn keys(d: &Document) -> Vec<(usize, usize, String)> {
    d.annotations
        .iter()
        .map(|a| (a.span.start(), a.span.end(), a.label.id().to_string()))
        .collect()
}

fn triples(v: &Value) -> Vec<(usize, usize, String)> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t[0].as_u64().unwrap() as usize,
                t[1].as_u64().unwrap() as usize,
                t[2].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// The overlap rule, the slow obvious way: by (length desc, start, label),
/// keep a span when no kept span shares a code point with it.
fn keep_longest_ref(d: &Document) -> Vec<(usize, usize, String)> {
    let mut order: Vec<&Annotation> = d.annotations.iter().collect();
    order.sort_by_key(|a| (std::cmp::Reverse(a.span.len()), a.span.start(), a.label));
    let mut kept: Vec<&Annotation> = Vec::new();
    for a in order {
        if kept.iter().all(|k| !k.span.overlaps(a.span)) {
            kept.push(a);
        }
    }
    kept.sort_by_key(|a| (a.span, a.label));
    kept.iter()
        .map(|a| (a.span.start(), a.span.end(), a.label.id().to_string()))
        .collect()
}

// ---------------------------------------------------------------------------
// The registry and the trait.

#[test]
fn every_format_is_registered_once_and_names_its_files() {
    let ids: Vec<&str> = FORMATS.iter().map(|f| f.id()).collect();
    assert_eq!(
        ids,
        [
            "spanmark",
            "doccano",
            "doccano-utf16",
            "spacy",
            "label-studio",
            "w3c",
            "brat",
            "conll"
        ]
    );
    for f in FORMATS {
        assert_eq!(export::by_id(f.id()).unwrap().id(), f.id());
        assert!(!f.name().is_empty());
    }
    assert!(export::by_id("nope").is_none());
    let lib = library();
    let refs: Vec<&Document> = lib.iter().collect();
    for f in FORMATS {
        let out = run(f, &refs);
        assert!(!out.files.is_empty(), "{} wrote nothing", f.id());
        for file in &out.files {
            assert!(
                std::str::from_utf8(&file.bytes).is_ok(),
                "{} is UTF-8",
                file.name
            );
            assert!(!file.mime.is_empty());
        }
    }
}

#[test]
fn native_format_through_the_trait_is_the_native_export() {
    let d = emoji_doc();
    let out = run(&native::Native, &[&d]);
    assert_eq!(out.files.len(), 1);
    assert_eq!(out.files[0].name, "fixture.spanmark.json");
    assert_eq!(out.files[0].as_str(), native::export(&[&d], AT));
    assert_eq!(out.note, None);
}

#[test]
fn bundle_passes_one_file_through_and_tars_several() {
    let d = emoji_doc();
    let o = opts("emoji-rally", &SimpleSegmenter);
    let one = spacy::Spacy.export(&[&d], &o);
    let single = bundle(&spacy::Spacy, &o, one.files.clone());
    assert_eq!(single, one.files[0]);
    let two = brat::Brat.export(&[&d], &o);
    let b = bundle(&brat::Brat, &o, two.files.clone());
    assert_eq!(b.name, "emoji-rally.brat.tar");
    assert_eq!(b.mime, "application/x-tar");
    let entries = untar(&b.bytes);
    let names: Vec<&str> = entries.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "emoji-rally.txt",
            "emoji-rally.ann",
            "annotation.conf",
            "visual.conf"
        ]
    );
    for ((_, bytes), f) in entries.iter().zip(&two.files) {
        assert_eq!(bytes, &f.bytes);
    }
}

// ---------------------------------------------------------------------------
// The overlap rule.

#[test]
fn keep_longest_keeps_the_longest_then_the_earliest_then_the_label_order() {
    let d = emoji_doc();
    let kept: Vec<(usize, usize, String)> = keep_longest(&d.annotations.iter().collect::<Vec<_>>())
        .iter()
        .map(|a| (a.span.start(), a.span.end(), a.label.id().to_string()))
        .collect();
    assert_eq!(kept, keep_longest_ref(&d));
    // The claim across the CRLF (37 code points) beats the claim from Kyiv
    // to Zelenskyy (34), which would overlap it; "Rally … Kyiv" (18) is kept.
    let t = d.text.as_str();
    let has = |needle_from: &str, needle_to: &str, label: &str| {
        let (s, _) = find(t, needle_from, 0);
        let (_, e) = find(t, needle_to, 0);
        kept.contains(&(s, e, label.to_string()))
    };
    assert!(has("families", "Second line", "claim"));
    assert!(has("Rally", "Kyiv", "claim"));
    assert!(!has("Kyiv", "Zelenskyy", "claim"));
    // Identical spans: the label first in id order (actor before location).
    let (ks, ke) = find(t, "Kyiv", 0);
    assert!(
        !kept.contains(&(ks, ke, "actor".into())),
        "inside the kept claim"
    );
    for w in kept.windows(2) {
        assert!(
            w[0].1 <= w[1].0,
            "kept spans are disjoint and sorted: {w:?}"
        );
    }
}

// ---------------------------------------------------------------------------
// doccano.

#[test]
fn doccano_code_points_slice_in_python_terms() {
    let lib = library();
    let refs: Vec<&Document> = lib.iter().collect();
    let out = run(&DOCCANO, &refs);
    assert_eq!(out.files[0].name, "fixture.doccano.jsonl");
    let lines = json_lines(&out.files[0]);
    assert_eq!(lines.len(), lib.len(), "one line per document");
    for (v, d) in lines.iter().zip(&lib) {
        let obj = v.as_object().unwrap();
        assert_eq!(obj.keys().collect::<Vec<_>>(), ["label", "text"]);
        assert_eq!(v["text"], d.text.as_str());
        let got = triples(&v["label"]);
        assert_eq!(got, keys(d), "every span, overlaps included");
        for ((s, e, _), a) in got.iter().zip(d.annotations.iter()) {
            assert_eq!(slice(d.text.as_str(), *s, *e), d.quote(a));
        }
    }
}

#[test]
fn doccano_utf16_counts_javascript_units() {
    let d = emoji_doc();
    let out = run(&DOCCANO_UTF16, &[&d]);
    assert_eq!(out.files[0].name, "fixture.doccano-utf16.jsonl");
    let v = &json_lines(&out.files[0])[0];
    let units: Vec<u16> = d.text.as_str().encode_utf16().collect();
    let got = triples(&v["label"]);
    assert_eq!(got.len(), d.annotations.len());
    let mut differs = false;
    for ((s, e, l), a) in got.iter().zip(d.annotations.iter()) {
        assert_eq!(String::from_utf16(&units[*s..*e]).unwrap(), d.quote(a));
        assert_eq!(l, a.label.id());
        differs |= *s != a.span.start();
    }
    assert!(differs, "the fixture has spans after astral characters");
    // "Zelenskyy" in UTF-16 units, as JavaScript's indexOf gives it.
    let js = d.text.as_str().encode_utf16().collect::<Vec<_>>();
    let z: Vec<u16> = "Zelenskyy".encode_utf16().collect();
    let at = js.windows(z.len()).position(|w| w == z).unwrap();
    assert!(got.contains(&(at, at + z.len(), "actor".into())));
}

// ---------------------------------------------------------------------------
// spaCy.

#[test]
fn spacy_lines_hold_all_spans_and_the_non_overlapping_entities() {
    let lib = library();
    let refs: Vec<&Document> = lib.iter().collect();
    let out = run(&spacy::Spacy, &refs);
    assert_eq!(out.files[0].name, "fixture.spacy.jsonl");
    let lines = json_lines(&out.files[0]);
    assert_eq!(lines.len(), lib.len());
    let mut left = 0;
    for (v, d) in lines.iter().zip(&lib) {
        assert_eq!(v["text"], d.text.as_str());
        let sc = triples(&v["spans"][spacy::SPANS_KEY]);
        assert_eq!(sc, keys(d));
        let ents = triples(&v["entities"]);
        assert_eq!(ents, keep_longest_ref(d));
        left += sc.len() - ents.len();
    }
    assert!(left > 0);
    let note = out.note.expect("a note when entities leave spans out");
    assert!(note.starts_with(&format!("{left} spans of ")), "{note}");
}

// ---------------------------------------------------------------------------
// Label Studio.

#[test]
fn label_studio_tasks_have_labels_results_in_code_points() {
    let lib = library();
    let refs: Vec<&Document> = lib.iter().collect();
    let out = run(&label_studio::LabelStudio, &refs);
    assert_eq!(out.files[0].name, "fixture.label-studio.json");
    let v: Value = serde_json::from_str(out.files[0].as_str()).unwrap();
    let tasks = v.as_array().unwrap();
    assert_eq!(tasks.len(), lib.len());
    for (t, d) in tasks.iter().zip(&lib) {
        assert_eq!(t["data"]["text"], d.text.as_str());
        assert_eq!(t["data"]["title"], d.title.as_str());
        assert_eq!(t["data"]["doc_id"], d.id.as_str());
        if d.annotations.is_empty() {
            assert!(t.get("annotations").is_none(), "left for labelling");
            continue;
        }
        let result = t["annotations"][0]["result"].as_array().unwrap();
        assert_eq!(result.len(), d.annotations.len());
        for (r, a) in result.iter().zip(d.annotations.iter()) {
            assert_eq!(r["id"], a.id.as_str());
            assert_eq!(r["from_name"], label_studio::FROM_NAME);
            assert_eq!(r["to_name"], label_studio::TO_NAME);
            assert_eq!(r["type"], "labels");
            let val = &r["value"];
            let (s, e) = (
                val["start"].as_u64().unwrap() as usize,
                val["end"].as_u64().unwrap() as usize,
            );
            assert_eq!((s, e), (a.span.start(), a.span.end()));
            assert_eq!(val["text"], d.quote(a));
            assert_eq!(slice(d.text.as_str(), s, e), d.quote(a));
            assert_eq!(val["labels"], serde_json::json!([a.label.id()]));
            if a.note.is_empty() {
                assert!(r.get("meta").is_none());
            } else {
                assert_eq!(r["meta"]["text"], serde_json::json!([a.note]));
            }
        }
    }
}

#[test]
fn label_studio_config_names_every_label_and_the_readme_shows_it() {
    let c = label_studio::config();
    assert!(c.contains("<Labels name=\"label\" toName=\"text\">"));
    assert!(c.contains("<Text name=\"text\" value=\"$text\"/>"));
    for l in Label::ALL {
        assert!(c.contains(&format!(
            "<Label value=\"{}\" background=\"{}\"/>",
            l.id(),
            l.color()
        )));
    }
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../README.md")).unwrap();
    assert!(
        readme.contains(&c),
        "README shows the labelling config:\n{c}"
    );
}

// ---------------------------------------------------------------------------
// W3C Web Annotation.

#[test]
fn w3c_annotations_have_quote_and_position_selectors_in_code_points() {
    let lib = library();
    let refs: Vec<&Document> = lib.iter().collect();
    let out = run(&w3c::W3c, &refs);
    assert_eq!(out.files[0].name, "fixture.w3c.jsonld");
    assert_eq!(out.files[0].mime, "application/ld+json");
    let v: Value = serde_json::from_str(out.files[0].as_str()).unwrap();
    assert_eq!(v["@context"], w3c::CONTEXT_IRI);
    assert_eq!(v["type"], "AnnotationCollection");
    assert_eq!(v["first"]["type"], "AnnotationPage");
    let items = v["first"]["items"].as_array().unwrap();
    let total: usize = lib.iter().map(|d| d.annotations.len()).sum();
    assert_eq!(v["total"], total);
    assert_eq!(items.len(), total);
    let mut it = items.iter();
    let mut ids = BTreeSet::new();
    for d in &lib {
        let text = d.text.as_str();
        let chars = cps(text);
        for a in d.annotations.iter() {
            let x = it.next().unwrap();
            assert_eq!(x["type"], "Annotation");
            assert!(
                ids.insert(x["id"].as_str().unwrap().to_string()),
                "ids are unique"
            );
            assert_eq!(x["target"]["source"], w3c::source(d));
            let sel = x["target"]["selector"].as_array().unwrap();
            let (quote, pos) = (&sel[0], &sel[1]);
            assert_eq!(quote["type"], "TextQuoteSelector");
            assert_eq!(pos["type"], "TextPositionSelector");
            let (s, e) = (
                pos["start"].as_u64().unwrap() as usize,
                pos["end"].as_u64().unwrap() as usize,
            );
            assert_eq!((s, e), (a.span.start(), a.span.end()));
            assert_eq!(quote["exact"], d.quote(a));
            let prefix: String = chars[s.saturating_sub(w3c::CONTEXT)..s].iter().collect();
            let suffix: String = chars[e..(e + w3c::CONTEXT).min(chars.len())]
                .iter()
                .collect();
            assert_eq!(quote["prefix"], prefix);
            assert_eq!(quote["suffix"], suffix);
            let body = x["body"].as_array().unwrap();
            assert_eq!(body[0]["purpose"], "tagging");
            assert_eq!(body[0]["value"], a.label.id());
            if a.note.is_empty() {
                assert_eq!(body.len(), 1);
            } else {
                assert_eq!(body[1]["purpose"], "commenting");
                assert_eq!(body[1]["value"], a.note.as_str());
            }
            match &a.created_at {
                Some(c) => assert_eq!(x["created"], c.as_str()),
                None => assert!(x.get("created").is_none()),
            }
        }
    }
    assert_eq!(w3c::pct("d-1 é:/"), "d-1%20%C3%A9%3A%2F");
}

// ---------------------------------------------------------------------------
// brat.

/// `(id, label, fragments, text)` of the T lines and `(target, note)` of the
/// notes of a `.ann` file.
#[allow(clippy::type_complexity)]
fn parse_ann(
    ann: &str,
) -> (
    Vec<(String, String, Vec<(usize, usize)>, String)>,
    Vec<(String, String)>,
) {
    let (mut ts, mut notes) = (Vec::new(), Vec::new());
    for line in ann.split('\n').filter(|l| !l.is_empty()) {
        let f: Vec<&str> = line.splitn(3, '\t').collect();
        assert_eq!(f.len(), 3, "three tab-separated fields: {line:?}");
        if f[0].starts_with('T') {
            let (label, offs) = f[1].split_once(' ').unwrap();
            let frags = offs
                .split(';')
                .map(|p| {
                    let (s, e) = p.split_once(' ').unwrap();
                    (s.parse().unwrap(), e.parse().unwrap())
                })
                .collect();
            ts.push((f[0].into(), label.into(), frags, f[2].into()));
        } else {
            assert!(f[0].starts_with('#'));
            let target = f[1].strip_prefix("AnnotatorNotes ").unwrap();
            notes.push((target.into(), f[2].into()));
        }
    }
    (ts, notes)
}

#[test]
fn brat_pairs_keep_the_text_and_split_spans_at_line_breaks() {
    let lib = library();
    let refs: Vec<&Document> = lib.iter().collect();
    let out = run(&brat::Brat, &refs);
    let names: Vec<&str> = out.files.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "emoji-rally.txt",
            "emoji-rally.ann",
            "energy-facilities-were-the-main-targets.txt",
            "energy-facilities-were-the-main-targets.ann",
            "separators-quotes.txt",
            "separators-quotes.ann",
            "plain.txt",
            "plain.ann",
            "plain-2.txt",
            "plain-2.ann",
            "annotation.conf",
            "visual.conf",
        ]
    );
    let mut discontinuous = 0;
    for (i, d) in lib.iter().enumerate() {
        let txt = &out.files[2 * i];
        assert_eq!(
            txt.bytes,
            d.text.as_str().as_bytes(),
            "the .txt is the text, byte for byte"
        );
        let chars = cps(d.text.as_str());
        let (ts, notes) = parse_ann(out.files[2 * i + 1].as_str());
        assert_eq!(ts.len(), d.annotations.len());
        let mut want_notes = Vec::new();
        for (t, a) in ts.iter().zip(d.annotations.iter()) {
            assert_eq!(t.1, a.label.id());
            let frags = &t.2;
            // Fragments: the span cut at line breaks, in order, within it.
            assert_eq!(frags[0].0, a.span.start());
            assert_eq!(frags.last().unwrap().1, a.span.end());
            let pieces: Vec<String> = frags
                .iter()
                .map(|&(s, e)| chars[s..e].iter().collect())
                .collect();
            assert_eq!(t.3, pieces.join(" "));
            for p in &pieces {
                assert!(!p.chars().any(brat::is_line_break), "{p:?}");
            }
            let want: Vec<(usize, usize)> = brat::fragments(d, a.span)
                .iter()
                .map(|f| (f.start(), f.end()))
                .collect();
            assert_eq!(frags, &want);
            if frags.len() > 1 {
                discontinuous += 1;
                let between: String = chars[frags[0].1..frags[1].0].iter().collect();
                assert!(between.chars().any(brat::is_line_break));
            }
            if !a.note.is_empty() {
                want_notes.push((
                    t.0.clone(),
                    a.note
                        .replace("\r\n", "  ")
                        .replace(['\t', '\n', '\r'], " "),
                ));
            }
        }
        assert_eq!(notes, want_notes);
    }
    // The CRLF claim, the seed's paragraph claim, the separators' claim
    // (4 pieces); not the figure across a tab, which is no line break.
    assert_eq!(discontinuous, 3);
    let conf = out.files[10].as_str();
    assert!(conf.contains("[entities]\nclaim\nfigure\nactor\nlocation\n"));
    assert!(conf.contains("<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>"));
    assert_eq!(conf, brat::ANNOTATION_CONF);
    assert_eq!(out.files[11].as_str(), brat::VISUAL_CONF);
    for l in Label::ALL {
        assert!(brat::VISUAL_CONF.contains(&format!("\n{} | {}\n", l.id(), l.name())));
        assert!(brat::VISUAL_CONF.contains(&format!("\n{}\tbgColor:{}\n", l.id(), l.color())));
    }
    assert_eq!(out.note, None);
}

#[test]
fn brat_leaves_out_spans_of_only_whitespace_and_says_so() {
    let d = Builder::new("d", "W", "a \r\n b")
        .at(Label::Claim, 1, 5, "")
        .at(Label::Actor, 0, 1, "")
        .done();
    let out = run(&brat::Brat, &[&d]);
    assert_eq!(out.files[1].as_str(), "T1\tactor 0 1\ta\n");
    assert!(out.note.unwrap().starts_with("1 span of only whitespace"));
}

// ---------------------------------------------------------------------------
// CoNLL.

/// Re-reads a CoNLL file: per document, per sentence, `(token, tag)`.
fn parse_conll(s: &str) -> Vec<Vec<Vec<(String, String)>>> {
    let mut docs: Vec<Vec<Vec<(String, String)>>> = Vec::new();
    for line in s.split('\n') {
        if line == conll::DOCSTART.trim_end() {
            docs.push(vec![vec![]]);
            continue;
        }
        let doc = docs.last_mut().expect("-DOCSTART- first");
        if line.is_empty() {
            if !doc.last().unwrap().is_empty() {
                doc.push(vec![]);
            }
            continue;
        }
        let cols: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(cols.len(), 4, "four columns: {line:?}");
        assert_eq!((cols[1], cols[2]), ("_", "_"));
        doc.last_mut()
            .unwrap()
            .push((cols[0].into(), cols[3].into()));
    }
    for d in &mut docs {
        d.retain(|s| !s.is_empty());
    }
    docs
}

/// Tokens re-found in the text in order, with only whitespace around them;
/// BIO decoded into code point spans.
fn reassemble(text: &str, sentences: &[Vec<(String, String)>], label: &str) -> Vec<(usize, usize)> {
    let chars = cps(text);
    let mut pos = 0;
    let mut spans = Vec::new();
    for sent in sentences {
        let mut open: Option<(usize, usize)> = None;
        for (tok, tag) in sent {
            while pos < chars.len() && is_space(chars[pos]) {
                pos += 1;
            }
            let t = cps(tok);
            assert_eq!(&chars[pos..pos + t.len()], &t[..], "token {tok:?} at {pos}");
            let (s, e) = (pos, pos + t.len());
            pos = e;
            match tag.split_once('-') {
                Some(("B", l)) => {
                    assert_eq!(l, label);
                    spans.extend(open.take());
                    open = Some((s, e));
                }
                Some(("I", l)) => {
                    assert_eq!(l, label);
                    let o = open
                        .as_mut()
                        .expect("I- continues a span in the same sentence");
                    o.1 = e;
                }
                _ => {
                    assert_eq!(tag, "O");
                    spans.extend(open.take());
                }
            }
        }
        spans.extend(open.take());
    }
    assert!(
        chars[pos..].iter().all(|&c| is_space(c)),
        "every token is written"
    );
    spans
}

#[test]
fn conll_files_per_label_reassemble_into_the_kept_spans() {
    let lib = library();
    let refs: Vec<&Document> = lib.iter().collect();
    let out = run(&conll::Conll, &refs);
    let names: Vec<&str> = out.files.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "fixture.claim.conll",
            "fixture.figure.conll",
            "fixture.actor.conll",
            "fixture.location.conll"
        ]
    );
    let mut left = 0;
    for (f, label) in out.files.iter().zip(Label::ALL) {
        let docs = parse_conll(f.as_str());
        assert_eq!(docs.len(), lib.len());
        for (sents, d) in docs.iter().zip(&lib) {
            let got = reassemble(d.text.as_str(), sents, label.id());
            let of_label: Vec<&Annotation> =
                d.annotations.iter().filter(|a| a.label == label).collect();
            let mut want: Vec<(usize, usize)> = keep_longest(&of_label)
                .iter()
                .map(|a| (a.span.start(), a.span.end()))
                .collect();
            want.sort_unstable();
            assert_eq!(got, want, "{} in {}", label.id(), d.title);
            left += of_label.len() - want.len();
        }
    }
    // Only same-label overlaps: of the emoji document's claims "Rally … Kyiv",
    // "Kyiv … Zelenskyy" and "families … Second line" two are kept; of the
    // seed's, the one across the paragraph break overlaps a longer one.
    assert_eq!(left, 2);
    assert!(out.note.unwrap().starts_with("2 spans overlap"));
    // Every file has the same tokens and sentences.
    let shape = |f: &OutFile| -> Vec<String> {
        f.as_str()
            .lines()
            .map(|l| l.split(' ').next().unwrap_or("").to_string())
            .collect()
    };
    for f in &out.files[1..] {
        assert_eq!(shape(f), shape(&out.files[0]));
    }
}

#[test]
fn conll_tokens_split_at_span_edges_and_sentences_never_split_a_span() {
    // "Kyiv's" is one word to the segmenter; the span on "Kyiv" cuts it.
    let d = Builder::new(
        "d",
        "t",
        "Kyiv's mayor spoke. He said no.\r\nThen he left. Fine.",
    )
    .on(Label::Location, "Kyiv", 0)
    .across(Label::Claim, "He said", "Then he")
    .done();
    let words = vec![
        Span::new(0, 6).unwrap(), // Kyiv's, as Intl.Segmenter gives it
    ];
    let sentences = SimpleSegmenter.sentences(d.text.as_str());
    assert_eq!(sentences.len(), 4);
    let toks = conll::tokenize(&d, &words, &sentences);
    let text: Vec<String> = toks
        .spans
        .iter()
        .map(|s| d.text.slice(*s).to_string())
        .collect();
    assert_eq!(
        text,
        ["Kyiv", "'s", "mayor", "spoke.", "He", "said", "no.", "Then", "he", "left.", "Fine."]
    );
    let starts: Vec<&str> = toks
        .spans
        .iter()
        .zip(&toks.sentence_start)
        .filter(|(_, &b)| b)
        .map(|(s, _)| d.text.slice(*s))
        .collect();
    // The claim runs from "He" across the CRLF to "he": no break at "Then".
    assert_eq!(starts, ["Kyiv", "He", "Fine."]);
    let (claim, left) = conll::bio(&d, &toks, Label::Claim);
    assert_eq!(left, 0);
    assert_eq!(
        claim,
        "-DOCSTART- -X- O O\n\nKyiv _ _ O\n's _ _ O\nmayor _ _ O\nspoke. _ _ O\n\nHe _ _ B-claim\nsaid _ _ I-claim\nno. _ _ I-claim\nThen _ _ I-claim\nhe _ _ I-claim\nleft. _ _ O\n\nFine. _ _ O\n\n"
    );
    let (loc, _) = conll::bio(&d, &toks, Label::Location);
    assert!(loc.contains("Kyiv _ _ B-location\n's _ _ O\n"));
    // An empty document is only its header.
    let e = Document::new("e".into(), "e".into(), String::new());
    let t = conll::tokenize(&e, &[], &[]);
    assert_eq!(
        conll::bio(&e, &t, Label::Actor),
        ("-DOCSTART- -X- O O\n\n".to_string(), 0)
    );
}

#[test]
fn conll_tokens_never_hold_python_whitespace() {
    let d = Builder::new("d", "t", "a\u{1f}b\u{a0}c\u{2028}d\u{3000}e")
        .at(Label::Actor, 0, 9, "")
        .done();
    let toks = conll::tokenize(&d, &[Span::new(0, 9).unwrap()], &[]);
    let text: Vec<&str> = toks.spans.iter().map(|s| d.text.slice(*s)).collect();
    assert_eq!(text, ["a", "b", "c", "d", "e"]);
}

// ---------------------------------------------------------------------------
// Segmentation and UTF-16 batches.

#[test]
fn simple_segmenter_words_and_sentences() {
    let t = "“Energy facilities,” Zelenskyy said. 585 drones!\r\nKyiv's 👩\u{200d}👩\u{200d}👧 e\u{301}…";
    let w: Vec<String> = SimpleSegmenter
        .words(t)
        .iter()
        .map(|s| slice(t, s.start(), s.end()))
        .collect();
    assert_eq!(
        w,
        [
            "“",
            "Energy",
            "facilities",
            ",",
            "”",
            "Zelenskyy",
            "said",
            ".",
            "585",
            "drones",
            "!",
            "Kyiv",
            "'",
            "s",
            "👩\u{200d}👩\u{200d}👧",
            "e\u{301}",
            "…"
        ]
    );
    let s: Vec<String> = SimpleSegmenter
        .sentences(t)
        .iter()
        .map(|s| slice(t, s.start(), s.end()))
        .collect();
    assert_eq!(
        s,
        [
            "“Energy facilities,” Zelenskyy said. ",
            "585 drones!\r\n",
            "Kyiv's 👩\u{200d}👩\u{200d}👧 e\u{301}…"
        ]
    );
    assert!(SimpleSegmenter.sentences("").is_empty());
    assert_eq!(SimpleSegmenter.sentences("He said “no.” Then").len(), 2);
}

#[test]
fn lines_fallback_cuts_tokens_at_whitespace_and_sentences_at_line_ends() {
    let t = "Kyiv's mayor. Spoke\r\nthen\rleft\n\nend";
    let s: Vec<String> = Lines
        .sentences(t)
        .iter()
        .map(|s| slice(t, s.start(), s.end()))
        .collect();
    assert_eq!(
        s,
        ["Kyiv's mayor. Spoke\r\n", "then\r", "left\n", "\n", "end"]
    );
    assert!(Lines.words(t).is_empty());
    assert!(Lines.sentences("").is_empty());
    let d = Builder::new("d", "t", t)
        .on(Label::Location, "Kyiv", 0)
        .done();
    let toks = conll::tokenize(&d, &Lines.words(t), &Lines.sentences(t));
    let words: Vec<&str> = toks.spans.iter().map(|s| d.text.slice(*s)).collect();
    assert_eq!(
        words,
        ["Kyiv", "'s", "mayor.", "Spoke", "then", "left", "end"]
    );
    let starts: Vec<&str> = toks
        .spans
        .iter()
        .zip(&toks.sentence_start)
        .filter(|(_, &b)| b)
        .map(|(s, _)| d.text.slice(*s))
        .collect();
    assert_eq!(starts, ["Kyiv", "then", "left", "end"]);
}

#[test]
fn utf16_batches_match_the_one_at_a_time_conversions() {
    let t = "a👍🏽b\r\nשלום👩\u{200d}👧";
    let n = t.chars().count();
    let all: Vec<usize> = (0..=n + 2).collect();
    let units = utf16::from_cps(t, &all);
    for (&cp, &u) in all.iter().zip(&units) {
        assert_eq!(u, utf16::from_cp(t, cp));
    }
    let ulen = utf16::len(t);
    let us: Vec<usize> = (0..=ulen + 2).collect();
    let back = utf16::to_cps(t, &us);
    for (&u, &cp) in us.iter().zip(&back) {
        assert_eq!(cp, utf16::to_cp(t, u, utf16::Round::Down), "unit {u}");
    }
}

// ---------------------------------------------------------------------------
// tar.

/// Reads an archive back, checking each header's checksum and fields.
fn untar(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    assert_eq!(bytes.len() % 512, 0);
    let mut out = Vec::new();
    let mut i = 0;
    loop {
        let h = &bytes[i..i + 512];
        if h.iter().all(|&b| b == 0) {
            assert!(bytes[i..].iter().all(|&b| b == 0), "two zero blocks end it");
            assert!(bytes.len() - i >= 1024);
            break;
        }
        let field = |r: std::ops::Range<usize>| {
            let f = &h[r];
            let end = f
                .iter()
                .position(|&b| b == 0 || b == b' ')
                .unwrap_or(f.len());
            std::str::from_utf8(&f[..end]).unwrap().to_string()
        };
        let octal = |r| u64::from_str_radix(&field(r), 8).unwrap();
        let sum: u64 = h
            .iter()
            .enumerate()
            .map(|(j, &b)| {
                if (148..156).contains(&j) {
                    32
                } else {
                    u64::from(b)
                }
            })
            .sum();
        assert_eq!(octal(148..156), sum, "checksum");
        assert_eq!(&h[257..263], b"ustar\0");
        assert_eq!(&h[263..265], b"00");
        assert_eq!(h[156], b'0');
        assert_eq!(octal(100..108), 0o644);
        assert_eq!(octal(136..148), UNIX);
        let name_end = h[..100].iter().position(|&b| b == 0).unwrap_or(100);
        let name = String::from_utf8(h[..name_end].to_vec()).unwrap();
        let size = octal(124..136) as usize;
        let data = bytes[i + 512..i + 512 + size].to_vec();
        out.push((name, data));
        i += 512 + size.div_ceil(512) * 512;
    }
    out
}

#[test]
fn tar_round_trips_names_and_contents() {
    let long = "é".repeat(80);
    let files: Vec<(&str, &[u8])> = vec![
        ("a.txt", b"hello"),
        ("empty", b""),
        ("exact.bin", &[7u8; 512]),
        (&long, "👍🏽\r\n".as_bytes()),
    ];
    let t = tar::write(&files, UNIX);
    let back = untar(&t);
    assert_eq!(back.len(), 4);
    assert_eq!(back[0], ("a.txt".into(), b"hello".to_vec()));
    assert_eq!(back[1], ("empty".into(), vec![]));
    assert_eq!(back[2].1, vec![7u8; 512]);
    assert_eq!(
        back[3].0,
        "é".repeat(50),
        "cut to 100 bytes at a character boundary"
    );
    assert_eq!(back[3].1, "👍🏽\r\n".as_bytes());
    assert_eq!(tar::write(&[], 0), vec![0u8; 1024]);
}

// ---------------------------------------------------------------------------
// Fixture exports for the Python consumer check.

/// Writes what the app's export menu downloads, for the emoji document alone
/// (`emoji-rally.*`) and for the whole fixture library (`spanmark-library.*`):
/// every format. `$SPANMARK_FIXTURE_DIR` or a
/// directory under the target dir.
#[test]
fn write_fixture_exports() {
    let dir = std::env::var_os("SPANMARK_FIXTURE_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("consumer-fixtures"));
    std::fs::create_dir_all(&dir).unwrap();
    let lib = library();
    let emoji = &lib[0];
    let all: Vec<&Document> = lib.iter().collect();
    let mut written = Vec::new();
    for (name, docs) in [("emoji-rally", vec![emoji]), ("spanmark-library", all)] {
        for f in FORMATS {
            let o = opts(name, &SimpleSegmenter);
            let out = f.export(&docs, &o);
            let file = bundle(f, &o, out.files);
            std::fs::write(dir.join(&file.name), &file.bytes).unwrap();
            written.push(file.name);
        }
    }
    written.sort();
    assert_eq!(written.len(), 16);
    assert!(written.contains(&"spanmark-library.conll.tar".to_string()));
    assert!(written.contains(&"emoji-rally.doccano-utf16.jsonl".to_string()));
    eprintln!(
        "wrote {} fixture exports to {}",
        written.len(),
        dir.display()
    );
}

// ---------------------------------------------------------------------------
// Properties.

const PIECES: &[&str] = &[
    "a",
    "Kyiv",
    " ",
    "\r\n",
    "\n",
    "\u{2028}",
    "👍🏽",
    "👩\u{200d}👩\u{200d}👧",
    "e\u{301}",
    "漢",
    "שלום",
    "\"",
    "\\",
    "\u{0}",
    "\t",
    ".",
    "\u{1f}",
];

fn document() -> impl Strategy<Value = Document> {
    (
        prop::collection::vec(prop::sample::select(PIECES), 1..50).prop_map(|v| v.concat()),
        prop::collection::vec(
            (
                0usize..200,
                1usize..30,
                prop::sample::select(Label::ALL.to_vec()),
                ".{0,5}",
            ),
            0..12,
        ),
    )
        .prop_map(|(t, anns)| {
            let mut d = Document::new("d".into(), "T".into(), t);
            let n = d.text.len();
            for (i, (a, len, l, note)) in anns.into_iter().enumerate() {
                let a = a % n;
                let _ = d.add(Annotation {
                    id: format!("a{i}"),
                    label: l,
                    span: Span::new(a, (a + len).min(n)).unwrap(),
                    note,
                    created_at: None,
                });
            }
            d
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn prop_json_formats_parse_back_to_the_text_and_quotes(d in document()) {
        let text = d.text.as_str();
        let dc: Value = serde_json::from_str(&doccano::line(&d, Unit::CodePoint)).unwrap();
        prop_assert_eq!(&dc["text"], text);
        let sp: Value = serde_json::from_str(&spacy::line(&d).0).unwrap();
        prop_assert_eq!(triples(&sp["spans"]["sc"]), keys(&d));
        prop_assert_eq!(triples(&sp["entities"]), keep_longest_ref(&d));
        let ls: Value = serde_json::from_str(&label_studio::task(&d)).unwrap();
        prop_assert_eq!(&ls["data"]["text"], text);
        let units: Vec<u16> = text.encode_utf16().collect();
        let u16s: Value = serde_json::from_str(&doccano::line(&d, Unit::Utf16)).unwrap();
        for ((s, e, _), a) in triples(&u16s["label"]).into_iter().zip(d.annotations.iter()) {
            prop_assert_eq!(String::from_utf16(&units[s..e]).unwrap(), d.quote(a));
        }
        let w: Value = serde_json::from_str(w3c::W3c.export(&[&d], &opts("p", &SimpleSegmenter)).files[0].as_str()).unwrap();
        for (x, a) in w["first"]["items"].as_array().unwrap().iter().zip(d.annotations.iter()) {
            prop_assert_eq!(&x["target"]["selector"][0]["exact"], d.quote(a));
        }
    }

    #[test]
    fn prop_conll_and_brat_reassemble(d in document()) {
        let seg = SimpleSegmenter;
        let toks = conll::tokenize(&d, &seg.words(d.text.as_str()), &seg.sentences(d.text.as_str()));
        for label in Label::ALL {
            let (s, _) = conll::bio(&d, &toks, label);
            let docs = parse_conll(&s);
            prop_assert_eq!(docs.len(), 1);
            let got = reassemble(d.text.as_str(), &docs[0], label.id());
            let of_label = d.annotations.iter().filter(|a| a.label == label);
            let mut want: Vec<(usize, usize)> = keep_longest(&of_label.collect::<Vec<_>>())
                .iter()
                .filter(|a| !d.quote(a).chars().all(is_space))
                .map(|a| {
                    // The tokens inside the span: its text without the
                    // whitespace at its edges.
                    let q = cps(d.quote(a));
                    let lead = q.iter().take_while(|c| is_space(**c)).count();
                    let trail = q.iter().rev().take_while(|c| is_space(**c)).count();
                    (a.span.start() + lead, a.span.end() - trail)
                })
                .collect();
            want.sort_unstable();
            prop_assert_eq!(got, want);
        }
        let (ann, _) = brat::ann(&d);
        let (ts, _) = parse_ann(&ann);
        let chars = cps(d.text.as_str());
        for t in ts {
            let pieces: Vec<String> = t.2.iter().map(|&(s, e)| chars[s..e].iter().collect()).collect();
            prop_assert_eq!(t.3, pieces.join(" "));
        }
    }

    #[test]
    fn prop_keep_longest_matches_the_reference(d in document()) {
        let got: Vec<(usize, usize, String)> = keep_longest(&d.annotations.iter().collect::<Vec<_>>())
            .iter()
            .map(|a| (a.span.start(), a.span.end(), a.label.id().to_string()))
            .collect();
        prop_assert_eq!(got, keep_longest_ref(&d));
    }
}

// ---------------------------------------------------------------------------
// Golden files: every format's download for the fixture library, byte for
// byte, as the hand-written writers produced them before the move to serde.
// `SPANMARK_BLESS=1 cargo test golden` writes them anew (only after a change
// of format that the docs state).

fn golden_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/golden")
}

/// Compares `bytes` with the golden file `name`, or writes it when blessing.
pub fn golden(name: &str, bytes: &[u8]) {
    let path = golden_dir().join(name);
    if std::env::var_os("SPANMARK_BLESS").is_some() {
        std::fs::create_dir_all(golden_dir()).unwrap();
        std::fs::write(&path, bytes).unwrap();
        return;
    }
    let want = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    if want != bytes {
        let at = want
            .iter()
            .zip(bytes)
            .position(|(a, b)| a != b)
            .unwrap_or(want.len().min(bytes.len()));
        panic!(
            "{name} differs from its golden file at byte {at}: golden {:?}, now {:?}",
            String::from_utf8_lossy(&want[at.saturating_sub(40)..(at + 40).min(want.len())]),
            String::from_utf8_lossy(&bytes[at.saturating_sub(40)..(at + 40).min(bytes.len())]),
        );
    }
}

#[test]
fn golden_exports_are_byte_identical() {
    let lib = library();
    let all: Vec<&Document> = lib.iter().collect();
    let mut n = 0;
    for (name, docs) in [
        ("emoji-rally", vec![&lib[0]]),
        ("seed", vec![&lib[1]]),
        ("spanmark-library", all),
    ] {
        for f in FORMATS {
            let o = opts(name, &SimpleSegmenter);
            let out = f.export(&docs, &o);
            let file = bundle(f, &o, out.files);
            golden(&file.name, &file.bytes);
            if let Some(note) = out.note {
                golden(&format!("{}.note.txt", file.name), note.as_bytes());
            }
            n += 1;
        }
    }
    golden("label-studio-config.xml", label_studio::config().as_bytes());
    assert_eq!(n, 24);
}
