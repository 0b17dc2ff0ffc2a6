#![cfg(not(target_arch = "wasm32"))]
//! Documents coming in: bytes to text, titles, HTML's visible text, doccano
//! (UTF-16 offsets converted and checked), Label Studio (code points,
//! quotes checked), the dispatch by file kind, label mapping, and merging a
//! re-imported document.

use std::collections::HashSet;

use serde_json::json;
use spanmark_core::export::{doccano as doccano_out, label_studio as ls_out, Unit};
use spanmark_core::import::doccano::{self, Offsets};
use spanmark_core::import::text::{self, Piece, Shows};
use spanmark_core::import::{
    foreign_labels, kind_of, label_studio, merge, our_label, parse, plan, resolve, suggest, Choice,
    Draft, Incoming, Kind, LabelMap, RawSpan,
};
use spanmark_core::label::Label;
use spanmark_core::model::{Annotation, Document};
use spanmark_core::text::Span;

fn ids() -> impl FnMut(&str) -> String {
    let mut n = 0;
    move |p: &str| {
        n += 1;
        format!("{p}-new-{n}")
    }
}

fn sp(a: usize, b: usize) -> Span {
    Span::new(a, b).unwrap()
}

/// The code-point slice, as Python's `text[a:b]`.
fn cp_slice(s: &str, a: usize, b: usize) -> String {
    s.chars().skip(a).take(b - a).collect()
}

fn utf16_index(s: &str, needle: &str) -> (usize, usize) {
    let b = s.find(needle).unwrap();
    let a = s[..b].encode_utf16().count();
    (a, a + needle.encode_utf16().count())
}

fn cp_index(s: &str, needle: &str) -> (usize, usize) {
    let b = s.find(needle).unwrap();
    let a = s[..b].chars().count();
    (a, a + needle.chars().count())
}

fn spans_of(d: &Draft) -> Vec<(usize, usize, String, String)> {
    d.spans
        .iter()
        .map(|s| {
            (
                s.span.start(),
                s.span.end(),
                s.label.clone(),
                d.doc.text.slice(s.span).to_string(),
            )
        })
        .collect()
}

/// Emoji (astral, two UTF-16 units each) before the spans, a flag (two
/// astral code points), combining marks and CRLF.
const EMOJI: &str = "Rally 🇺🇦👍🏽 in Kyiv: 👩‍👩‍👧 families met Zelenskyy.\r\nSecond line é́ 漢字 Fastiv.";

// ---------------------------------------------------------------- bytes

#[test]
fn decode_keeps_text_exactly() {
    let raw = "  leading spaces\r\nCRLF\rCR e\u{301} 👍🏽 \u{2028} trailing\n\n";
    assert_eq!(text::decode(raw.as_bytes()).unwrap(), raw);
    // The byte order mark marks the encoding; it is not text.
    let mut bom = b"\xef\xbb\xbf".to_vec();
    bom.extend_from_slice(raw.as_bytes());
    assert_eq!(text::decode(&bom).unwrap(), raw);
}

#[test]
fn decode_reads_utf16_with_a_byte_order_mark() {
    let raw = "Kyiv 👍🏽\r\nend";
    let mut le = vec![0xff, 0xfe];
    let mut be = vec![0xfe, 0xff];
    for u in raw.encode_utf16() {
        le.extend_from_slice(&u.to_le_bytes());
        be.extend_from_slice(&u.to_be_bytes());
    }
    assert_eq!(text::decode(&le).unwrap(), raw);
    assert_eq!(text::decode(&be).unwrap(), raw);
    le.push(0);
    assert!(text::decode(&le).unwrap_err().contains("UTF-16"));
    // A lone surrogate.
    let lone = [0xff, 0xfe, 0x3d, 0xd8, 0x41, 0x00];
    assert!(text::decode(&lone).unwrap_err().contains("UTF-16"));
}

#[test]
fn decode_refuses_binary_and_invalid_utf8() {
    let png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR";
    let e = text::decode(png).unwrap_err();
    assert!(e.contains("not a text file"), "{e}");
    let latin1 = b"caf\xe9 au lait";
    let e = text::decode(latin1).unwrap_err();
    assert!(e.contains("UTF-8") && e.contains("byte 3"), "{e}");
    let nul = b"text with a \x00 inside";
    assert!(text::decode(nul).unwrap_err().contains("NUL"));
    // Truncated multi-byte character at the end.
    let cut = &"👍".as_bytes()[..3];
    assert!(text::decode(cut).unwrap_err().contains("UTF-8"));
}

// ---------------------------------------------------------------- titles

#[test]
fn titles_come_from_the_first_line() {
    assert_eq!(
        text::guess_title("\n\n  Energy facilities were the main targets  \r\nBody"),
        "Energy facilities were the main targets"
    );
    assert_eq!(
        text::guess_title("# A Markdown heading\n\ntext"),
        "A Markdown heading"
    );
    assert_eq!(text::guess_title("### Third level\ntext"), "Third level");
    assert_eq!(text::guess_title("#hashtag start"), "#hashtag start");
    assert_eq!(text::guess_title("Only\rCR line ends"), "Only");
    assert_eq!(text::guess_title(" \n\t\n"), text::UNTITLED);
    assert_eq!(text::guess_title("#\nfoo"), "#");
    let long = "word ".repeat(40);
    let t = text::guess_title(&long);
    assert!(t.ends_with('…'), "{t}");
    assert!(t.chars().count() <= text::TITLE_MAX, "{t}");
    assert!(!t.contains("wor…"), "cut at a word boundary: {t}");
    let unbroken = "x".repeat(200);
    assert_eq!(
        text::guess_title(&unbroken).chars().count(),
        text::TITLE_MAX
    );
    assert_eq!(text::guess_title("👍🏽 emoji first"), "👍🏽 emoji first");
}

#[test]
fn plain_text_is_kept_as_given() {
    let raw = "\u{feff}  Title line  \r\n\r\nBody e\u{301}\u{301} 👩‍👩‍👧\n";
    let d = text::plain(raw.to_string(), None).unwrap();
    assert_eq!(d.doc.text.as_str(), raw, "no trimming or normalisation");
    assert_eq!(d.doc.title, "\u{feff}  Title line".trim());
    assert!(!d.titled);
    let d = text::plain("x".into(), Some("Mine".into())).unwrap();
    assert_eq!(d.doc.title, "Mine");
    assert!(d.titled);
    assert!(text::plain(" \r\n\t ".into(), None).is_err());
    assert!(text::plain(String::new(), None).is_err());
}

// ---------------------------------------------------------------- HTML

#[test]
fn html_pieces_assemble_into_the_visible_text() {
    use Piece::*;
    let pieces = vec![
        Break(1),
        Text("\n   ".into()),
        Break(2),
        Text("  A  heading\n".into()),
        Break(2),
        Break(2),
        Text("First   paragraph,".into()),
        Text(" with ".into()),
        Text("inline".into()),
        Text(" markup.\n".into()),
        Break(2),
        Text("Line one".into()),
        Break(1),
        Text("  line two\u{a0}with nbsp ".into()),
        Break(2),
        Pre("  kept   as\n  is".into()),
        Break(2),
        Text("   ".into()),
        Break(1),
    ];
    assert_eq!(
        text::assemble(&pieces),
        "A heading\n\nFirst paragraph, with inline markup.\n\nLine one\nline two\u{a0}with nbsp\n\n  kept   as\n  is"
    );
    assert_eq!(text::assemble(&[Text("a".into()), Text("b".into())]), "ab");
    assert_eq!(
        text::assemble(&[Text("a ".into()), Text(" b".into())]),
        "a b"
    );
    assert_eq!(text::assemble(&[]), "");
    assert_eq!(text::shows("script"), Shows::Hidden);
    assert_eq!(text::shows("style"), Shows::Hidden);
    assert_eq!(text::shows("template"), Shows::Hidden);
    assert_eq!(text::shows("noscript"), Shows::Hidden);
    assert_eq!(text::shows("p"), Shows::Paragraph);
    assert_eq!(text::shows("div"), Shows::Block);
    assert_eq!(text::shows("br"), Shows::Br);
    assert_eq!(text::shows("pre"), Shows::Pre);
    assert_eq!(text::shows("span"), Shows::Inline);
    assert_eq!(text::shows("a"), Shows::Inline);

    let d = text::html(&[Text("Body text".into())], Some("  Page\n title ".into())).unwrap();
    assert_eq!(d.doc.title, "Page title");
    assert_eq!(d.doc.text.as_str(), "Body text");
    let d = text::html(&[Text("Body text\nmore".into())], None).unwrap();
    assert_eq!(d.doc.title, "Body text more");
    assert!(text::html(&[Text("  ".into())], Some("T".into())).is_err());
}

// ---------------------------------------------------------------- kinds

#[test]
fn files_are_read_by_extension_then_content() {
    assert_eq!(kind_of("a.JSON", "x"), Kind::Json);
    assert_eq!(kind_of("a.jsonl", "x"), Kind::Jsonl);
    assert_eq!(kind_of("a.ndjson", "x"), Kind::Jsonl);
    assert_eq!(kind_of("a.txt", "{\"text\": 1}"), Kind::Text);
    assert_eq!(kind_of("notes.md", "# x"), Kind::Text);
    assert_eq!(kind_of("page.HTM", "x"), Kind::Html);
    assert_eq!(kind_of("page.html", "x"), Kind::Html);
    assert_eq!(kind_of("README", "plain words"), Kind::Text);
    assert_eq!(kind_of("export", "[{\"data\": {}}]"), Kind::Json);
    assert_eq!(
        kind_of("export", "{\"text\": \"a\"}\n{\"text\": \"b\"}\n"),
        Kind::Jsonl
    );
    assert_eq!(
        kind_of("export", "{\"format\": \"spanmark\",\n \"x\": 1}"),
        Kind::Json
    );
    assert_eq!(kind_of("saved", "<!DOCTYPE html><html><body>x"), Kind::Html);
    assert_eq!(kind_of("saved", "<not html at all>"), Kind::Text);
}

// ---------------------------------------------------------------- doccano

#[test]
fn doccano_utf16_offsets_after_emoji_become_code_points() {
    let kyiv = utf16_index(EMOJI, "Kyiv");
    let zel = utf16_index(EMOJI, "Zelenskyy");
    let fastiv = utf16_index(EMOJI, "Fastiv");
    // The emoji make UTF-16 offsets larger than code point offsets.
    assert_ne!(kyiv, cp_index(EMOJI, "Kyiv"));
    let line = json!({
        "id": 7,
        "text": EMOJI,
        "label": [[kyiv.0, kyiv.1, "LOC"], [zel.0, zel.1, "PER"], [fastiv.0, fastiv.1, "LOC"]],
        "Comments": [],
    });
    let p = doccano::parse_jsonl(&format!("{line}\n"), Offsets::Utf16).unwrap();
    assert_eq!(p.format, "doccano");
    assert_eq!(p.drafts.len(), 1);
    let d = &p.drafts[0];
    assert_eq!(d.doc.text.as_str(), EMOJI);
    let got = spans_of(d);
    let want: Vec<_> = [("Kyiv", "LOC"), ("Zelenskyy", "PER"), ("Fastiv", "LOC")]
        .into_iter()
        .map(|(w, l)| {
            let (a, b) = cp_index(EMOJI, w);
            (a, b, l.to_string(), w.to_string())
        })
        .collect();
    assert_eq!(got, want);
    for (a, b, _, q) in &got {
        assert_eq!(&cp_slice(EMOJI, *a, *b), q, "Python's text[start:end]");
    }
    assert_eq!(
        d.doc.title,
        "Rally 🇺🇦👍🏽 in Kyiv: 👩‍👩‍👧 families met Zelenskyy."
    );
    assert!(!d.titled);
}

#[test]
fn doccano_older_labels_key_data_key_and_entities_variant() {
    let k = utf16_index(EMOJI, "Kyiv");
    let z = utf16_index(EMOJI, "Zelenskyy");
    let jsonl = format!(
        "{}\n\n{}\n{}\n",
        json!({"text": EMOJI, "labels": [[k.0, k.1, "location"]]}),
        json!({"data": "Plain Kyiv text", "labels": [[6, 10, "GPE"]], "title": "Given title"}),
        json!({
            "id": 3, "text": EMOJI,
            "entities": [
                {"id": 1, "label": "PER", "start_offset": z.0, "end_offset": z.1},
                {"id": 2, "label": "LOC", "start_offset": k.0, "end_offset": k.1, "text": "Kyiv"},
            ],
            "relations": [{"id": 1, "from_id": 1, "to_id": 2, "type": "in"}],
        }),
    );
    let p = doccano::parse_jsonl(&jsonl, Offsets::Utf16).unwrap();
    assert_eq!(p.drafts.len(), 3, "blank lines are skipped");
    assert_eq!(spans_of(&p.drafts[0])[0].3, "Kyiv");
    assert_eq!(spans_of(&p.drafts[0])[0].2, "location");
    assert_eq!(p.drafts[1].doc.text.as_str(), "Plain Kyiv text");
    assert_eq!(p.drafts[1].doc.title, "Given title");
    assert!(p.drafts[1].titled);
    assert_eq!(spans_of(&p.drafts[1])[0].3, "Kyiv");
    let e = spans_of(&p.drafts[2]);
    assert_eq!(
        e.iter()
            .map(|s| (s.2.as_str(), s.3.as_str()))
            .collect::<Vec<_>>(),
        [("PER", "Zelenskyy"), ("LOC", "Kyiv")]
    );
    assert!(
        p.notes.iter().any(|n| n.contains("1 relation left out")),
        "{:?}",
        p.notes
    );
}

#[test]
fn doccano_json_array_and_single_record() {
    let arr = json!([{"text": "One Kyiv", "label": [[4, 8, "LOC"]]}, {"text": "Two", "label": []}]);
    let p = doccano::parse_json(arr, Offsets::Utf16).unwrap();
    assert_eq!(p.drafts.len(), 2);
    assert!(p.drafts[1].spans.is_empty());
    let one = json!({"text": "x Kyiv", "label": [[2, 6, "LOC"]]});
    assert_eq!(
        doccano::parse_json(one, Offsets::Utf16)
            .unwrap()
            .drafts
            .len(),
        1
    );
}

#[test]
fn doccano_refuses_offsets_splitting_a_surrogate_pair() {
    // "👍" is two UTF-16 units: offset 1 falls between them.
    let line = json!({"text": "👍 Kyiv", "label": [[1, 7, "LOC"]]}).to_string();
    let e = doccano::parse_jsonl(&line, Offsets::Utf16).unwrap_err();
    assert!(e.contains("line 1") && e.contains("offset 1"), "{e}");
    assert!(e.contains("two UTF-16 code units"), "{e}");
    let line = json!({"text": "Kyiv 👍 x", "label": [[0, 6, "LOC"]]}).to_string();
    let e = doccano::parse_jsonl(&line, Offsets::Utf16).unwrap_err();
    assert!(e.contains("offset 6"), "{e}");
}

#[test]
fn doccano_refuses_out_of_range_empty_and_bad_spans() {
    let refuse = |v: serde_json::Value, needle: &str| {
        let e = doccano::parse_jsonl(&format!("{}\n{v}", json!({"text": "ok"})), Offsets::Utf16)
            .unwrap_err();
        assert!(e.contains("line 2"), "{e}");
        assert!(e.contains(needle), "expected {needle:?} in {e:?}");
    };
    // "Kyiv 👍" is 7 UTF-16 units (6 code points).
    refuse(
        json!({"text": "Kyiv 👍", "label": [[5, 8, "X"]]}),
        "past the end",
    );
    refuse(
        json!({"text": "Kyiv", "label": [[2, 2, "X"]]}),
        "not less than",
    );
    refuse(
        json!({"text": "Kyiv", "label": [[3, 1, "X"]]}),
        "not less than",
    );
    refuse(
        json!({"text": "Kyiv", "label": [[-1, 2, "X"]]}),
        "[start, end, \"label\"]",
    );
    refuse(
        json!({"text": "Kyiv", "label": [[0, 2]]}),
        "[start, end, \"label\"]",
    );
    refuse(
        json!({"text": "Kyiv", "label": [[0, 2, 5]]}),
        "[start, end, \"label\"]",
    );
    refuse(
        json!({"text": "Kyiv", "label": ["positive"]}),
        "classification",
    );
    refuse(json!({"text": "Kyiv", "label": {"a": 1}}), "must be a list");
    refuse(json!({"label": []}), "no \"text\"");
    refuse(json!({"text": 5}), "must be a string");
    refuse(json!(["not", "an", "object"]), "not an object");
    refuse(
        json!({"text": "Kyiv", "entities": [{"label": "X", "start_offset": 0}]}),
        "end_offset",
    );
    let e = doccano::parse_jsonl("{\"text\": \"a\"}\n{not json", Offsets::Utf16).unwrap_err();
    assert!(e.contains("line 2 is not valid JSON"), "{e}");
    assert!(doccano::parse_jsonl("\n \n", Offsets::Utf16).is_err());
}

#[test]
fn doccano_quote_check() {
    let (a, b) = utf16_index(EMOJI, "Kyiv");
    let ok = json!({"text": EMOJI, "label": [[a, b, "LOC", "Kyiv"]]});
    assert!(doccano::parse_jsonl(&ok.to_string(), Offsets::Utf16).is_ok());
    // The same offsets read as code points land elsewhere: the quote catches it.
    let e = doccano::parse_jsonl(&ok.to_string(), Offsets::CodePoints).unwrap_err();
    assert!(e.contains("does not match") && e.contains("“Kyiv”"), "{e}");
    let bad = json!({"text": EMOJI, "entities": [{"label": "LOC", "start_offset": a, "end_offset": b, "text": "Kiev"}]});
    let e = doccano::parse_jsonl(&bad.to_string(), Offsets::Utf16).unwrap_err();
    assert!(e.contains("“Kiev”") && e.contains("“Kyiv”"), "{e}");
}

#[test]
fn doccano_unit_follows_spanmarks_own_file_names() {
    assert_eq!(doccano::offsets_for("admin.jsonl"), Offsets::Utf16);
    assert_eq!(doccano::offsets_for("all.json"), Offsets::Utf16);
    assert_eq!(
        doccano::offsets_for("article.doccano.jsonl"),
        Offsets::CodePoints
    );
    assert_eq!(
        doccano::offsets_for("article.DOCCANO.jsonl"),
        Offsets::CodePoints
    );
    assert_eq!(
        doccano::offsets_for("article.doccano-utf16.jsonl"),
        Offsets::Utf16
    );
}

fn emoji_doc() -> Document {
    let mut d = Document::new("d-emoji".into(), "Emoji rally".into(), EMOJI.into());
    for (i, (w, l)) in [
        ("Kyiv", Label::Location),
        ("Zelenskyy", Label::Actor),
        ("Fastiv", Label::Location),
    ]
    .into_iter()
    .enumerate()
    {
        let (a, b) = cp_index(EMOJI, w);
        d.add(Annotation {
            id: format!("a-{i}"),
            label: l,
            span: sp(a, b),
            note: if i == 0 {
                "a note".into()
            } else {
                String::new()
            },
            created_at: None,
        })
        .unwrap();
    }
    let (a, b) = cp_index(EMOJI, "families met Zelenskyy");
    d.add(Annotation {
        id: "a-claim".into(),
        label: Label::Claim,
        span: sp(a, b),
        note: String::new(),
        created_at: None,
    })
    .unwrap();
    d
}

#[test]
fn doccano_exports_of_both_units_come_back_the_same() {
    let d = emoji_doc();
    let want: Vec<(usize, usize, String)> = d
        .annotations
        .iter()
        .map(|a| (a.span.start(), a.span.end(), a.label.id().to_string()))
        .collect();
    for (unit, name) in [
        (Unit::CodePoint, "emoji-rally.doccano.jsonl"),
        (Unit::Utf16, "emoji-rally.doccano-utf16.jsonl"),
    ] {
        let file = doccano_out::line(&d, unit);
        let p = parse(name, &file).unwrap();
        let got: Vec<_> = p.drafts[0]
            .spans
            .iter()
            .map(|s| (s.span.start(), s.span.end(), s.label.clone()))
            .collect();
        assert_eq!(got, want, "{name}");
    }
}

// ---------------------------------------------------------------- Label Studio

fn ls_region(start: usize, end: usize, text: &str, labels: &[&str]) -> serde_json::Value {
    json!({
        "id": format!("r{start}"), "from_name": "label", "to_name": "text", "type": "labels",
        "value": {"start": start, "end": end, "text": text, "labels": labels},
    })
}

#[test]
fn label_studio_code_points_and_quotes() {
    let (ka, kb) = cp_index(EMOJI, "Kyiv");
    let (za, zb) = cp_index(EMOJI, "Zelenskyy");
    let tasks = json!([{
        "id": 12,
        "data": {"text": EMOJI},
        "annotations": [{
            "id": 1,
            "result": [
                ls_region(ka, kb, "Kyiv", &["LOC"]),
                ls_region(za, zb, "Zelenskyy", &["PER", "Speaker"]),
                {"type": "choices", "value": {"choices": ["news"]}, "from_name": "c", "to_name": "text"},
                {"type": "relation", "from_id": "r1", "to_id": "r2"},
            ],
        }],
        "predictions": [{"result": [ls_region(0, 5, "Rally", &["ORG"])]}],
    }]);
    let p = label_studio::parse(tasks).unwrap();
    assert_eq!(p.format, "Label Studio");
    let d = &p.drafts[0];
    assert_eq!(d.doc.text.as_str(), EMOJI);
    assert_eq!(
        spans_of(d),
        vec![
            (ka, kb, "LOC".to_string(), "Kyiv".to_string()),
            (za, zb, "PER".to_string(), "Zelenskyy".to_string()),
            (za, zb, "Speaker".to_string(), "Zelenskyy".to_string()),
        ]
    );
    assert_eq!(d.spans[1].id.as_deref(), Some(&*format!("r{za}")));
    assert_eq!(
        d.spans[2].id, None,
        "the region id goes to its first label only"
    );
    assert!(
        p.notes.iter().any(|n| n.contains("2 results")),
        "{:?}",
        p.notes
    );
}

#[test]
fn label_studio_refuses_a_quote_that_does_not_match() {
    // UTF-16 offsets with the right quote: refused, with a hint.
    let (a, b) = utf16_index(EMOJI, "Kyiv");
    let t = json!([{"data": {"text": EMOJI}, "annotations": [{"result": [ls_region(a, b, "Kyiv", &["LOC"])]}]}]);
    let e = label_studio::parse(t).unwrap_err();
    assert!(e.contains("task 1") && e.contains("does not match"), "{e}");
    assert!(e.contains("UTF-16"), "{e}");
    let t = json!({"data": {"text": "Kyiv"}, "annotations": [{"result": [ls_region(0, 4, "Kiev", &["LOC"])]}]});
    let e = label_studio::parse(t).unwrap_err();
    assert!(e.contains("“Kiev”") && !e.contains("UTF-16"), "{e}");
    let t = json!({"data": {"text": "Kyiv"}, "annotations": [{"result": [ls_region(0, 9, "Kyiv", &["LOC"])]}]});
    assert!(label_studio::parse(t).unwrap_err().contains("past the end"));
    let t = json!({"data": {"text": "Kyiv"}, "annotations": [{"result": [ls_region(3, 3, "", &["LOC"])]}]});
    assert!(label_studio::parse(t)
        .unwrap_err()
        .contains("not less than"));
    // Without value.text the span is taken as it is.
    let t = json!({"data": {"text": "Kyiv"}, "annotations": [{"result": [
        {"type": "labels", "value": {"start": 0, "end": 4, "labels": ["LOC"]}}]}]});
    assert_eq!(
        spans_of(&label_studio::parse(t).unwrap().drafts[0])[0].3,
        "Kyiv"
    );
}

#[test]
fn label_studio_reads_the_first_annotation_not_cancelled() {
    let t = json!([{
        "data": {"content": "Kyiv and Fastiv"},
        "annotations": [
            {"was_cancelled": true, "result": [ls_region(0, 4, "Kyiv", &["A"])]},
            {"result": [ls_region(9, 15, "Fastiv", &["B"])]},
            {"result": [ls_region(0, 4, "Kyiv", &["C"])]},
        ],
    }, {"data": {"text": "No annotations"}}]);
    let p = label_studio::parse(t).unwrap();
    assert_eq!(
        p.drafts[0].doc.text.as_str(),
        "Kyiv and Fastiv",
        "the only string in data"
    );
    assert_eq!(
        spans_of(&p.drafts[0]),
        vec![(9, 15, "B".into(), "Fastiv".into())]
    );
    assert!(p.drafts[1].spans.is_empty());
    assert!(
        p.notes.iter().any(|n| n.contains("1 further annotation")),
        "{:?}",
        p.notes
    );
    let e = label_studio::parse(json!([{"data": {"a": "x", "b": "y"}}])).unwrap_err();
    assert!(e.contains("data.text"), "{e}");
    assert!(label_studio::parse(json!([{"nodata": 1}]))
        .unwrap_err()
        .contains("no \"data\""));
    assert!(label_studio::parse(json!([])).is_err());
}

#[test]
fn label_studio_export_of_spanmark_round_trips() {
    let d = emoji_doc();
    let file = format!("[{}]", ls_out::task(&d));
    let p = parse("emoji.label-studio.json", &file).unwrap();
    let draft = &p.drafts[0];
    assert_eq!(draft.doc.title, "Emoji rally");
    assert!(draft.titled);
    assert_eq!(draft.doc.id, "d-emoji");
    let inc = resolve(draft.clone(), &LabelMap::new(), &mut ids());
    assert_eq!(
        inc.doc.annotations, d.annotations,
        "ids, notes, spans and labels"
    );
}

// ---------------------------------------------------------------- dispatch

/// Nesting past serde_json's limit (127 levels) is refused by every JSON
/// reader with a message, never a stack overflow, even where the readers
/// would not look (an unknown member).
#[test]
fn deep_nesting_is_refused_by_every_json_reader() {
    let deep = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
    let record = |n: usize| format!("{{\"text\": \"a\", \"x\": {}}}", deep(n));
    for name in ["x.json", "x.jsonl", "x.doccano.jsonl", "x"] {
        let e = parse(name, &deep(200_000)).unwrap_err();
        assert!(e.contains("recursion limit"), "{name}: {e}");
        let e = parse(name, &record(200)).unwrap_err();
        assert!(e.contains("recursion limit"), "{name}: {e}");
        assert!(parse(name, &record(100)).is_ok(), "{name}");
    }
    let e = doccano::parse_jsonl(&format!("{}\n{}", record(1), record(500)), Offsets::Utf16)
        .unwrap_err();
    assert!(
        e.contains("line 2 is not valid JSON (recursion limit"),
        "{e}"
    );
    let ls = format!("[{{\"data\": {{\"text\": \"a\"}}, \"x\": {}}}]", deep(300));
    let e = parse("ls.json", &ls).unwrap_err();
    assert!(e.contains("recursion limit"), "{e}");
    let native = format!("{{\"format\": \"spanmark\", \"x\": {}}}", deep(300));
    let e = parse("x.spanmark.json", &native).unwrap_err();
    assert!(e.contains("recursion limit"), "{e}");
}

#[test]
fn parse_dispatches_on_kind_and_content() {
    let native = spanmark_core::export::native::export(&[&emoji_doc()], "2026-01-02T12:00:00Z");
    let p = parse("x.json", &native).unwrap();
    assert_eq!(p.format, "spanmark");
    assert_eq!(p.drafts[0].doc.annotations.len(), 4);
    assert!(p.drafts[0].spans.is_empty());
    // Native refusals keep their messages.
    let e = parse(
        "x.json",
        &native.replace("\"version\": 1", "\"version\": 2"),
    )
    .unwrap_err();
    assert!(e.contains("newer"), "{e}");
    let e = parse("x.json", "{\"format\": \"spanmark\"").unwrap_err();
    assert!(e.contains("JSON"), "{e}");
    let e = parse("x.json", "{\"something\": 1}").unwrap_err();
    assert!(e.contains("not a file spanmark reads"), "{e}");
    assert!(parse("x.json", "[]").unwrap_err().contains("empty"));
    assert_eq!(
        parse("ls.json", "[{\"data\": {\"text\": \"a\"}}]")
            .unwrap()
            .format,
        "Label Studio"
    );
    assert_eq!(
        parse("d.json", "[{\"text\": \"a\", \"label\": []}]")
            .unwrap()
            .format,
        "doccano"
    );
    let p = parse("notes.md", "# Heading\r\n\r\nBody").unwrap();
    assert_eq!(p.format, "text");
    assert_eq!(p.drafts[0].doc.text.as_str(), "# Heading\r\n\r\nBody");
    assert_eq!(p.drafts[0].doc.title, "Heading");
    assert!(parse("empty.txt", "\n\n").is_err());
}

// ---------------------------------------------------------------- labels

fn draft(text: &str, spans: &[(usize, usize, &str)]) -> Draft {
    Draft {
        doc: Document::new(String::new(), "T".into(), text.into()),
        spans: spans
            .iter()
            .map(|&(a, b, l)| RawSpan {
                span: sp(a, b),
                label: l.into(),
                id: None,
                note: String::new(),
            })
            .collect(),
        titled: false,
    }
}

#[test]
fn labels_are_ours_by_name_else_mapped() {
    assert_eq!(our_label("claim"), Some(Label::Claim));
    assert_eq!(our_label("LOCATION"), Some(Label::Location));
    assert_eq!(our_label(" Actor "), Some(Label::Actor));
    assert_eq!(our_label("LOC"), None);
    assert_eq!(suggest("PER"), Some(Label::Actor));
    assert_eq!(suggest("B-ORG"), Some(Label::Actor));
    assert_eq!(suggest("gpe"), Some(Label::Location));
    assert_eq!(suggest("MONEY"), Some(Label::Figure));
    assert_eq!(suggest("MISC"), None);

    let drafts = [
        draft(
            "Kyiv Zelenskyy",
            &[(0, 4, "LOC"), (5, 14, "PER"), (0, 4, "location")],
        ),
        draft("More Kyiv", &[(5, 9, "LOC"), (0, 4, "MISC")]),
    ];
    let f = foreign_labels(&drafts);
    assert_eq!(
        f.iter()
            .map(|f| (f.label.as_str(), f.spans, f.suggestion))
            .collect::<Vec<_>>(),
        [
            ("LOC", 2, Some(Label::Location)),
            ("PER", 1, Some(Label::Actor)),
            ("MISC", 1, None)
        ]
    );

    let mut map = LabelMap::new();
    map.insert("LOC".into(), Some(Label::Location));
    map.insert("PER".into(), Some(Label::Actor));
    map.insert("MISC".into(), None);
    let mut new_id = ids();
    let a = resolve(drafts[0].clone(), &map, &mut new_id);
    // LOC and "location" on one span are one annotation.
    assert_eq!(a.doc.annotations.len(), 2);
    assert_eq!(a.dropped, 0);
    let b = resolve(drafts[1].clone(), &map, &mut new_id);
    assert_eq!(b.doc.annotations.len(), 1);
    assert_eq!(b.dropped, 1);
    let ids: HashSet<&str> = a
        .doc
        .annotations
        .iter()
        .chain(b.doc.annotations.iter())
        .map(|x| x.id.as_str())
        .collect();
    assert_eq!(ids.len(), 3, "fresh ids");
    // Unmapped labels are dropped.
    let c = resolve(drafts[1].clone(), &LabelMap::new(), &mut new_id);
    assert_eq!((c.doc.annotations.len(), c.dropped), (0, 2));
}

// ---------------------------------------------------------------- re-import

fn ann(id: &str, label: Label, a: usize, b: usize) -> Annotation {
    Annotation {
        id: id.into(),
        label,
        span: sp(a, b),
        note: String::new(),
        created_at: None,
    }
}

const TEXT: &str = "Kyiv said Zelenskyy in Fastiv.";

fn lib_doc() -> Document {
    let mut d = Document::new("d-lib".into(), "Renamed in the library".into(), TEXT.into());
    d.meta.insert("date".into(), "2025-12-07".into());
    d.add(ann("a-1", Label::Location, 0, 4)).unwrap();
    d.add(ann("a-2", Label::Actor, 10, 19)).unwrap();
    d
}

fn file_doc(id: &str) -> Document {
    let mut d = Document::new(id.into(), "From the file".into(), TEXT.into());
    d.add(ann("a-1", Label::Location, 0, 4)).unwrap(); // the same as the library's
    d.add(ann("a-2", Label::Location, 23, 29)).unwrap(); // new, but its id is taken
    d.add(ann("a-3", Label::Claim, 0, 19)).unwrap(); // new
    d
}

fn keys(d: &Document) -> Vec<(usize, usize, Label)> {
    d.annotations
        .iter()
        .map(|a| (a.span.start(), a.span.end(), a.label))
        .collect()
}

#[test]
fn merge_adds_what_is_missing_without_duplicates() {
    let mut base = lib_doc();
    let n = merge(&mut base, &file_doc("d-file"), &mut ids());
    assert_eq!(n, 2);
    assert_eq!(
        keys(&base),
        [
            (0, 4, Label::Location),
            (0, 19, Label::Claim),
            (10, 19, Label::Actor),
            (23, 29, Label::Location)
        ]
    );
    let fastiv = base.annotations.find(sp(23, 29), Label::Location).unwrap();
    assert_eq!(fastiv.id, "a-new-1", "a taken id is replaced");
    assert_eq!(
        base.annotations.find(sp(0, 19), Label::Claim).unwrap().id,
        "a-3"
    );
    // Merging again adds nothing.
    assert_eq!(merge(&mut base, &file_doc("d-file"), &mut ids()), 0);
    assert_eq!(base.annotations.len(), 4);
}

fn incoming(doc: Document, titled: bool) -> Incoming {
    Incoming {
        doc,
        titled,
        dropped: 0,
    }
}

#[test]
fn plan_merge_replace_keep_both() {
    let taken: HashSet<String> = ["d-lib".to_string(), "d-other".to_string()].into();
    let new_doc = Document::new("d-new".into(), "New".into(), "Another text".into());
    let inc = || {
        vec![
            incoming(file_doc("d-file"), true),
            incoming(new_doc.clone(), true),
        ]
    };
    let same = [Some(lib_doc()), None];

    let p = plan(inc(), &same, Choice::Merge, &taken, &mut ids());
    assert_eq!(p.added.len(), 1);
    assert_eq!(p.added[0].id, "d-new", "a free id is kept");
    assert_eq!(p.changed.len(), 1);
    let c = &p.changed[0];
    assert_eq!(
        (c.old_id.as_str(), c.doc.id.as_str(), c.how, c.annotations),
        ("d-lib", "d-lib", Choice::Merge, 2)
    );
    assert_eq!(
        c.doc.title, "Renamed in the library",
        "a merge keeps the library's title"
    );
    assert_eq!(c.doc.annotations.len(), 4);

    let p = plan(inc(), &same, Choice::Replace, &taken, &mut ids());
    let c = &p.changed[0];
    assert_eq!(c.how, Choice::Replace);
    assert_eq!(c.doc.id, "d-file", "the file's free id comes with it");
    assert_eq!(c.doc.title, "From the file");
    assert_eq!(c.doc.annotations, file_doc("d-file").annotations);
    assert_eq!(c.annotations, 3);
    // An id taken by another document is not brought in.
    let p = plan(
        vec![incoming(file_doc("d-other"), true)],
        &same,
        Choice::Replace,
        &taken,
        &mut ids(),
    );
    assert_eq!(p.changed[0].doc.id, "d-lib");
    // A replacement without a title of its own keeps the library's title and meta.
    let mut untitled = file_doc("");
    untitled.title = "guessed".into();
    let p = plan(
        vec![incoming(untitled, false)],
        &same,
        Choice::Replace,
        &taken,
        &mut ids(),
    );
    let c = &p.changed[0];
    assert_eq!(
        (c.doc.id.as_str(), c.doc.title.as_str()),
        ("d-lib", "Renamed in the library")
    );
    assert_eq!(
        c.doc.meta.get("date").map(String::as_str),
        Some("2025-12-07")
    );
    assert_eq!(keys(&c.doc), keys(&file_doc("x")));

    let p = plan(inc(), &same, Choice::KeepBoth, &taken, &mut ids());
    assert!(p.changed.is_empty());
    assert_eq!(p.added.len(), 2);
    assert_eq!(p.added[0].id, "d-file");
    assert_eq!(p.added[0].annotations.len(), 3);
    // Keeping both of a document whose id is taken gives it a new id.
    let p = plan(
        vec![incoming(file_doc("d-lib"), true)],
        &same,
        Choice::KeepBoth,
        &taken,
        &mut ids(),
    );
    assert_eq!(p.added[0].id, "d-new-1");
}

#[test]
fn plan_gives_unique_ids_and_merges_repeats_into_one_target() {
    let taken: HashSet<String> = ["d-lib".to_string()].into();
    let a = Document::new(String::new(), "A".into(), "text a".into());
    let dup = Document::new("same".into(), "B".into(), "text b".into());
    let p = plan(
        vec![
            incoming(a.clone(), false),
            incoming(a, false),
            incoming(dup.clone(), true),
            incoming(dup, true),
        ],
        &[],
        Choice::Merge,
        &taken,
        &mut ids(),
    );
    let got: Vec<&str> = p.added.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(got, ["d-new-1", "d-new-2", "same", "d-new-3"]);

    let same = [Some(lib_doc()), Some(lib_doc())];
    let mut second = Document::new("x".into(), "t".into(), TEXT.into());
    second.add(ann("z", Label::Figure, 5, 9)).unwrap();
    let p = plan(
        vec![incoming(file_doc("d-file"), true), incoming(second, true)],
        &same,
        Choice::Replace,
        &taken,
        &mut ids(),
    );
    assert_eq!(p.changed.len(), 1, "one library document, changed once");
    assert_eq!(p.changed[0].doc.annotations.len(), 4);
    assert_eq!(p.changed[0].annotations, 4);
}

#[test]
fn a_text_field_sees_every_line_end_as_lf() {
    assert_eq!(text::lf_only("a\r\nb\rc\nd\r\n"), "a\nb\nc\nd\n");
    assert_eq!(text::lf_only("\u{2028}no change"), "\u{2028}no change");
}

mod never_panics {
    use super::*;
    use proptest::prelude::*;

    /// Records close to the real shapes, with offsets anywhere (inside
    /// surrogate pairs, past the end, reversed).
    fn near_miss() -> impl Strategy<Value = String> {
        let text = prop::sample::select(vec![EMOJI, "", "👍", "a\r\nb", "Kyiv 🇺🇦"]);
        (text, 0u64..140, 0u64..140, prop::bool::ANY, "[A-Za-z]{0,4}").prop_map(
            |(t, s, e, ls, label)| {
                if ls {
                    json!([{"data": {"text": t}, "annotations": [{"result": [
                        {"type": "labels", "value": {"start": s, "end": e, "text": "x", "labels": [label]}}
                    ]}]}])
                    .to_string()
                } else {
                    json!({"text": t, "label": [[s, e, label]], "entities": [{"start_offset": e, "end_offset": s, "label": label}]})
                        .to_string()
                }
            },
        )
    }

    proptest! {
        #[test]
        fn on_any_text(s in ".{0,200}", name in prop::sample::select(vec!["a.json", "a.jsonl", "a.txt", "a", "a.doccano.jsonl"])) {
            let _ = parse(name, &s);
            let _ = text::guess_title(&s);
        }

        #[test]
        fn on_any_bytes(b in prop::collection::vec(any::<u8>(), 0..200)) {
            let _ = text::decode(&b);
        }

        #[test]
        fn on_near_miss_records(s in near_miss()) {
            for name in ["x.json", "x.jsonl", "x.doccano.jsonl"] {
                if let Ok(p) = parse(name, &s) {
                    for d in &p.drafts {
                        for r in &d.spans {
                            prop_assert!(r.span.end() <= d.doc.text.len());
                        }
                    }
                }
            }
        }
    }
}

/// A page tree of the test's own for the walk both the app and the CLI use.
#[derive(Clone)]
enum Page {
    Text(&'static str),
    El(&'static str, bool, Vec<Page>),
    Comment,
}

impl text::PageNode for Page {
    fn view(&self) -> text::PageView {
        match self {
            Page::Text(t) => text::PageView::Text(t.to_string()),
            Page::El(tag, hidden, _) => text::PageView::Element {
                tag: tag.to_string(),
                hidden: *hidden,
            },
            Page::Comment => text::PageView::Other,
        }
    }

    fn children(&self) -> Vec<Page> {
        match self {
            Page::El(_, _, kids) => kids.clone(),
            _ => Vec::new(),
        }
    }

    fn text_content(&self) -> String {
        match self {
            Page::Text(t) => t.to_string(),
            Page::El(_, _, kids) => kids.iter().map(|k| k.text_content()).collect(),
            Page::Comment => String::new(),
        }
    }
}

#[test]
fn the_page_walk_breaks_blocks_keeps_pre_and_skips_what_does_not_show() {
    use Page::*;
    let body = El(
        "body",
        false,
        vec![
            El("h1", false, vec![Text("Title")]),
            El("script", false, vec![Text("alert(1)")]),
            El("p", true, vec![Text("hidden by attribute")]),
            Comment,
            El(
                "div",
                false,
                vec![Text("a"), El("br", false, vec![]), Text("b")],
            ),
            El(
                "pre",
                false,
                vec![Text("  x\n"), El("b", false, vec![Text("y")])],
            ),
            El("span", false, vec![Text("inline")]),
        ],
    );
    let pieces = text::page_pieces(body);
    use Piece::{Break, Pre, Text as T};
    assert_eq!(
        pieces,
        vec![
            Break(1),
            Break(2),
            T("Title".into()),
            Break(2),
            Break(1),
            T("a".into()),
            Pre("\n".into()),
            T("b".into()),
            Break(1),
            Break(2),
            Pre("  x\ny".into()),
            Break(2),
            T("inline".into()),
            Break(1),
        ]
    );
    let draft = text::html(&pieces, None).unwrap();
    assert_eq!(draft.doc.text.as_str(), "Title\n\na\nb\n\n  x\ny\n\ninline");
}
