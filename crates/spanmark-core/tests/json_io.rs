#![cfg(not(target_arch = "wasm32"))]
//! `core::json`, the serde_json layer every format and stored value goes
//! through. The writer escapes exactly as the hand-written writer before it
//! did (so no export or stored value changes a byte), and is serde_json's
//! output otherwise. The reader's checks are serde_json's, limits included:
//! deep nesting is an error, never a stack overflow, anywhere in a text;
//! errors name the line and column, and shape errors the path; no input
//! makes it panic.

use proptest::prelude::*;
use serde::Deserialize;
use serde_json::{json, Value};
use spanmark_core::json::{self, Kind};

/// The string escaper of the hand-written writer that serde replaced,
/// kept as the reference for the bytes.
fn old_push_str(out: &mut String, s: &str) {
    let escaped = |c: char| c < ' ' || matches!(c, '"' | '\\' | '\u{85}' | '\u{2028}' | '\u{2029}');
    out.push('"');
    for c in s.chars() {
        if !escaped(c) {
            out.push(c);
            continue;
        }
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c => out.push_str(&format!("\\u{:04x}", c as u32)),
        }
    }
    out.push('"');
}

fn old_q(s: &str) -> String {
    let mut out = String::new();
    old_push_str(&mut out, s);
    out
}

/// The characters whose escapes differ between serde_json and spanmark.
const SPECIAL: [char; 5] = ['\u{8}', '\u{c}', '\u{85}', '\u{2028}', '\u{2029}'];

fn any_string() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z]{0,6}",
        any::<String>(),
        "[\"\\\\/\u{0}-\u{1f}\u{7f}\u{85}\u{2028}\u{2029}é😀]{0,8}",
    ]
}

fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<u64>().prop_map(|n| json!(n)),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(|f| json!(f)),
        any_string().prop_map(Value::String),
    ];
    leaf.prop_recursive(5, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((any_string(), inner), 0..6)
                .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

/// serde_json's text with spanmark's escapes put in.
fn with_our_escapes(serde_text: &str) -> String {
    let mut out = String::new();
    let mut chars = serde_text.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('b') => out.push_str("\\u0008"),
                Some('f') => out.push_str("\\u000c"),
                Some(e) => {
                    out.push('\\');
                    out.push(e);
                }
                None => out.push('\\'),
            },
            '\u{85}' | '\u{2028}' | '\u{2029}' => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// Characters that matter to a JSON reader, for random text.
const ALPHABET: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "\"",
    "\\",
    "u",
    "d",
    "8",
    "0",
    "1",
    "9",
    "-",
    "+",
    ".",
    "e",
    "E",
    "t",
    "true",
    "false",
    "null",
    " ",
    "\n",
    "\t",
    "\u{0}",
    "\u{1f}",
    "é",
    "😀",
    "\\ud83d",
    "\\ude00",
    "\\n",
    "/",
    "a",
    "f",
    "\"format\"",
    "\"version\"",
];

/// `head` and serde_json's `Value` accept exactly the same texts.
fn same_verdict(text: &str) -> Result<(), TestCaseError> {
    let ours = json::head(text);
    let theirs = serde_json::from_str::<Value>(text);
    prop_assert_eq!(
        ours.is_ok(),
        theirs.is_ok(),
        "{:?}: head {:?}, serde_json {:?}",
        text,
        ours.as_ref().map(|_| ()).map_err(ToString::to_string),
        theirs.as_ref().map(|_| ()).map_err(ToString::to_string)
    );
    if let (Ok(h), Ok(v)) = (ours, theirs) {
        prop_assert_eq!(h.format, v.get("format").cloned());
        prop_assert_eq!(h.version, v.get("version").cloned());
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    #[test]
    fn strings_are_escaped_as_before(s in any_string()) {
        prop_assert_eq!(json::to_string(&s), old_q(&s));
        let back: String = serde_json::from_str(&json::to_string(&s)).unwrap();
        prop_assert_eq!(back, s);
    }

    #[test]
    fn output_is_serde_jsons_but_for_the_escapes(v in any_json()) {
        let compact = json::to_string(&v);
        let pretty = json::to_string_pretty(&v);
        prop_assert_eq!(&compact, &with_our_escapes(&serde_json::to_string(&v).unwrap()));
        prop_assert_eq!(&pretty, &with_our_escapes(&serde_json::to_string_pretty(&v).unwrap()));
        // (Against serde_json's reading of its own text, not `v`: its float
        // reading does not always give back the float it wrote.)
        let want: Value = serde_json::from_str(&serde_json::to_string(&v).unwrap()).unwrap();
        for text in [&compact, &pretty] {
            let back: Value = serde_json::from_str(text).unwrap();
            prop_assert_eq!(&back, &want);
            prop_assert!(!text.contains(SPECIAL), "{:?}", text);
        }
    }

    #[test]
    fn random_text_gets_serde_jsons_verdict(toks in prop::collection::vec(prop::sample::select(ALPHABET), 0..24)) {
        same_verdict(&toks.concat())?;
    }

    #[test]
    fn random_bytes_get_serde_jsons_verdict(bytes in prop::collection::vec(any::<u8>(), 0..64)) {
        same_verdict(&String::from_utf8_lossy(&bytes))?;
    }

    #[test]
    fn written_json_is_read(v in any_json()) {
        same_verdict(&json::to_string(&v))?;
        let h = json::head(&json::to_string_pretty(&v)).unwrap();
        prop_assert_eq!(h.kind == Kind::Object, v.is_object());
    }
}

#[test]
fn the_escapes_that_differ_from_serde_json() {
    assert_eq!(
        json::to_string("a\u{8}b\u{c}c\u{85}d\u{2028}e\u{2029}f"),
        r#""a\u0008b\u000cc\u0085d\u2028e\u2029f""#
    );
    assert_eq!(
        json::to_string("\u{0}\u{1f}\u{7f}"),
        "\"\\u0000\\u001f\u{7f}\""
    );
    assert_eq!(json::to_string("\"\\/\n\r\t"), r#""\"\\/\n\r\t""#);
    // Keys too.
    assert_eq!(
        json::to_string(&json!({"\u{2028}": "\u{8}"})),
        r#"{"\u2028":"\u0008"}"#
    );
    assert_eq!(
        json::to_string_pretty(&json!({"a": [1, {}], "b": []})),
        "{\n  \"a\": [\n    1,\n    {}\n  ],\n  \"b\": []\n}"
    );
}

#[test]
fn depth_is_limited_without_recursion_blow_up() {
    // serde_json's limit: 127 levels read, 128 refused, at the top or in
    // any member (which `head` only skips).
    for depth in [126, 127, 128, 129] {
        let arrays = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        let objects = format!("{}1{}", "{\"a\":".repeat(depth), "}".repeat(depth));
        for text in [arrays, objects] {
            assert_eq!(json::head(&text).is_ok(), depth < 128, "{depth}");
            assert_eq!(serde_json::from_str::<Value>(&text).is_ok(), depth < 128);
            let inner = format!("{{\"x\":{text}}}");
            assert_eq!(
                json::head(&inner).is_ok(),
                depth < 127,
                "{depth} in a member"
            );
        }
    }
    let hostile = "[".repeat(200_000) + &"]".repeat(200_000);
    let e = json::head(&hostile).unwrap_err();
    assert!(e.to_string().contains("recursion limit"), "{e}");
    let hostile = format!("{{\"version\":1,\"x\":{}", "{\"a\":".repeat(200_000));
    let e = json::head(&hostile).unwrap_err();
    assert!(e.to_string().contains("recursion limit"), "{e}");
}

#[test]
fn errors_name_line_and_column() {
    let e = json::head("{\n  \"a\": 1,\n  \"b\" 2\n}").unwrap_err();
    assert_eq!(e.to_string(), "expected `:` at line 3 column 7");
    let e = json::head("[1, 2,]").unwrap_err();
    assert!(e.to_string().ends_with("at line 1 column 7"), "{e}");
    let e = json::head("").unwrap_err();
    assert_eq!(
        e.to_string(),
        "EOF while parsing a value at line 1 column 0"
    );
    let e = json::head("{} x").unwrap_err();
    assert_eq!(e.to_string(), "trailing characters at line 1 column 4");
    let e = json::head("\"a\u{1}\"").unwrap_err();
    assert!(e.to_string().starts_with("control character"), "{e}");
    let e = json::head("\"\\ud800\"").unwrap_err();
    assert!(
        e.to_string().contains("surrogate") || e.to_string().contains("hex escape"),
        "{e}"
    );
    assert!(json::head("1e400").is_err(), "a number past f64 is refused");
}

#[test]
fn head_keeps_the_last_of_a_key_given_twice_as_serde_json() {
    let h = json::head(r#"{"format":"x","version":[2],"format":"spanmark"}"#).unwrap();
    assert_eq!(h.kind, Kind::Object);
    assert_eq!(h.format, Some(json!("spanmark")));
    assert_eq!(h.version, Some(json!([2])));
    // Only the top level counts.
    let h = json::head(r#"{"a":{"format":"spanmark"}}"#).unwrap();
    assert_eq!((h.format, h.version), (None, None));
    for (text, kind) in [
        ("null", Kind::Null),
        ("true", Kind::Bool),
        ("-1.5", Kind::Number),
        ("\"s\"", Kind::String),
        ("[{\"format\":1}]", Kind::Array),
    ] {
        let h = json::head(text).unwrap();
        assert_eq!(h.kind, kind, "{text}");
        assert_eq!(h.format, None);
    }
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct Outer {
    #[serde(deserialize_with = "json::objects")]
    items: Vec<Inner>,
    #[serde(default, deserialize_with = "json::present")]
    note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct Inner {
    #[serde(deserialize_with = "json::uint")]
    n: usize,
}

#[test]
fn shape_errors_name_path_line_and_column() {
    let ok: Outer = json::read(r#"{"items":[{"n":1},{"n":2}],"extra":[[]]}"#).unwrap();
    assert_eq!(ok.items.len(), 2);
    assert_eq!(ok.note, None);
    let e = json::read::<Outer>("{\"items\":[{\"n\":1},\n{\"n\":-2}]}").unwrap_err();
    assert_eq!(
        e.to_string(),
        "invalid type: integer `-2`, expected a whole number ≥ 0 (at items[1].n, line 2 column 7)"
    );
    assert_eq!(e.path(), "items[1].n");
    assert_eq!((e.line, e.column), (2, 7));
    // Records are objects: serde would take [1] for {"n": 1}.
    let e = json::read::<Outer>(r#"{"items":[[1]]}"#).unwrap_err();
    assert!(
        e.to_string()
            .starts_with("invalid type: sequence, expected an object (at items[0],"),
        "{e}"
    );
    assert!(json::read::<Outer>(r#"[[]]"#).is_err());
    let e = json::read::<Outer>(r#"{"items":{}}"#).unwrap_err();
    assert!(e.message.contains("expected a list of objects"), "{e}");
    // An optional member, when present, is not null.
    let e = json::read::<Outer>(r#"{"items":[],"note":null}"#).unwrap_err();
    assert_eq!(e.path(), "note");
    let e = json::read::<Outer>(r#"{"items":[{}]}"#).unwrap_err();
    assert_eq!(
        e.to_string(),
        "missing field `n` (at items[0], line 1 column 12)"
    );
    let e = json::read::<Outer>(r#"{"items":[],"items":[]}"#).unwrap_err();
    assert!(e.message.contains("duplicate field `items`"), "{e}");
    // At the top, the path is left out.
    let e = json::read::<Outer>("{}").unwrap_err();
    assert_eq!(e.to_string(), "missing field `items` (line 1 column 2)");
}

#[test]
fn never_panics_on_truncations_of_valid_json() {
    let text = json::to_string_pretty(&json!({
        "format": "spanmark", "version": 1,
        "documents": [{"id": "d", "text": "a\u{2028}😀", "annotations": [{"start": 0, "end": 1}]}]
    }));
    for cut in (0..text.len()).filter(|&i| text.is_char_boundary(i)) {
        let t = &text[..cut];
        assert_eq!(
            json::head(t).is_ok(),
            serde_json::from_str::<Value>(t).is_ok()
        );
        let _ = json::read::<Outer>(t);
    }
}

#[test]
fn lines_break_before_the_items_asked_for_and_escape_as_everywhere() {
    let v = vec![vec!["a\u{2028}b\u{85}\"\n\u{8}\u{c}\u{1f}"], vec![]];
    assert_eq!(
        json::to_string_lines(&v, json::Lines::default()),
        r#"[["a\u2028b\u0085\"\n\u0008\u000c\u001f"],[]]"#
    );
    let lines = json::Lines {
        items_at: Some(1),
        items_and_close_at: Some(0),
    };
    assert_eq!(
        json::to_string_lines(&v, lines),
        "[\n[\n\"a\\u2028b\\u0085\\\"\\n\\u0008\\u000c\\u001f\"],\n[]\n]"
    );
    // An empty array at the closing depth still closes on its own line.
    let empty: Vec<u8> = Vec::new();
    assert_eq!(json::to_string_lines(&empty, lines), "[\n]");
}
