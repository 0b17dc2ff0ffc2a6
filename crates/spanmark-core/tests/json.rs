#![cfg(not(target_arch = "wasm32"))]
//! The app's JSON reader (`core::json`) against serde_json, the slow obvious
//! reference: on random JSON, on random edits of it and on random bytes,
//! both accept and refuse the same inputs, and what they accept is the same
//! value. Plus the limits: deep nesting is refused with a message, never a
//! stack overflow; errors name line and column.

use proptest::prelude::*;
use spanmark_core::json::{self, Value};

/// Ours as serde_json's, numbers read by serde_json from our literal.
fn to_serde(v: &Value) -> serde_json::Value {
    match v {
        Value::Null => serde_json::Value::Null,
        Value::Bool(b) => serde_json::Value::Bool(*b),
        Value::Number(n) => serde_json::from_str(n.as_str())
            .unwrap_or_else(|e| panic!("our number {} is not serde's: {e}", n.as_str())),
        Value::String(s) => serde_json::Value::String(s.clone()),
        Value::Array(a) => serde_json::Value::Array(a.iter().map(to_serde).collect()),
        Value::Object(m) => {
            serde_json::Value::Object(m.iter().map(|(k, v)| (k.clone(), to_serde(v))).collect())
        }
    }
}

/// Both readers agree on `text`: same verdict, same value, same `as_u64`
/// for numbers.
fn agree(text: &str) -> Result<(), TestCaseError> {
    let ours = json::parse(text);
    let theirs = serde_json::from_str::<serde_json::Value>(text);
    match (&ours, &theirs) {
        (Ok(a), Ok(b)) => {
            prop_assert_eq!(&to_serde(a), b, "{:?}", text);
            if let (Value::Number(n), serde_json::Value::Number(m)) = (a, b) {
                prop_assert_eq!(n.as_u64(), m.as_u64(), "{:?}", text);
            }
        }
        (Err(_), Err(_)) => {}
        _ => prop_assert!(
            false,
            "verdicts differ on {:?}: ours {:?}, serde_json {:?}",
            text,
            ours.as_ref().map(|_| ()).map_err(ToString::to_string),
            theirs.as_ref().map(|_| ()).map_err(ToString::to_string)
        ),
    }
    Ok(())
}

fn any_string() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z]{0,6}",
        any::<String>(),
        "[\"\\\\/\u{0}-\u{1f}\u{7f}\u{85}\u{2028}é😀]{0,6}",
    ]
}

fn number_literal() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<u64>().prop_map(|n| n.to_string()),
        any::<i64>().prop_map(|n| n.to_string()),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(|f| f.to_string()),
        "-?(0|[1-9][0-9]{0,25})(\\.[0-9]{1,4})?([eE][+-]?[0-9]{1,3})?",
        "[0-9]{300,320}",
    ]
}

fn any_json() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::Bool),
        number_literal().prop_filter_map("in range", |n| serde_json::from_str(&n).ok()),
        any_string().prop_map(serde_json::Value::String),
    ];
    leaf.prop_recursive(5, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(serde_json::Value::Array),
            prop::collection::vec((any_string(), inner), 0..6)
                .prop_map(|kv| serde_json::Value::Object(kv.into_iter().collect())),
        ]
    })
}

/// Characters that matter to a JSON reader, for edits and random text.
const ALPHABET: &[&str] = &[
    "{", "}", "[", "]", ",", ":", "\"", "\\", "u", "d", "8", "0", "1", "9", "-", "+", ".", "e",
    "E", "t", "true", "false", "null", " ", "\n", "\t", "\u{0}", "\u{1f}", "é", "😀", "\\ud83d",
    "\\ude00", "\\n", "/", "a", "f",
];

fn token() -> impl Strategy<Value = &'static str> {
    prop::sample::select(ALPHABET)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    #[test]
    fn written_json_reads_the_same(v in any_json(), pretty in any::<bool>()) {
        let text = if pretty {
            serde_json::to_string_pretty(&v).unwrap()
        } else {
            serde_json::to_string(&v).unwrap()
        };
        let ours = json::parse(&text).map_err(|e| TestCaseError::fail(e.to_string()))?;
        // (Against serde_json's reading of the text, not `v`: its float
        // reading does not always give back the float it wrote.)
        let theirs: serde_json::Value = serde_json::from_str(&text).unwrap();
        prop_assert_eq!(to_serde(&ours), theirs);
        // Our writer gives JSON that serde_json reads as the same value.
        let again: serde_json::Value = serde_json::from_str(&ours.to_string()).unwrap();
        prop_assert_eq!(again, to_serde(&ours));
    }

    #[test]
    fn edited_json_gets_the_same_verdict(
        v in any_json(),
        edits in prop::collection::vec((any::<prop::sample::Index>(), 0..3u8, token()), 1..4),
    ) {
        let mut text = serde_json::to_string(&v).unwrap();
        for (at, kind, tok) in edits {
            let bounds: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
            let i = bounds[at.index(bounds.len())];
            let next = bounds.iter().copied().find(|&b| b > i);
            match (kind, next) {
                (0, _) => text.insert_str(i, tok),
                (1, Some(j)) => text.replace_range(i..j, ""),
                (_, Some(j)) => text.replace_range(i..j, tok),
                (_, None) => text.push_str(tok),
            }
        }
        agree(&text)?;
    }

    #[test]
    fn random_text_gets_the_same_verdict(toks in prop::collection::vec(token(), 0..24)) {
        agree(&toks.concat())?;
    }

    #[test]
    fn random_bytes_get_the_same_verdict(bytes in prop::collection::vec(any::<u8>(), 0..64)) {
        agree(&String::from_utf8_lossy(&bytes))?;
    }

    #[test]
    fn numbers_get_the_same_verdict_and_value(n in number_literal(), ws in "[ \n]{0,2}") {
        agree(&format!("{ws}{n}{ws}"))?;
        agree(&format!("[{n}]"))?;
    }
}

#[test]
fn edge_numbers_agree() {
    for n in [
        "0",
        "-0",
        "00",
        "01",
        "-",
        "1.",
        ".5",
        "1e",
        "1e+",
        "1E5",
        "-0.0e-0",
        "18446744073709551615",
        "18446744073709551616",
        "-9223372036854775809",
        "1e308",
        "1.7976931348623157e308",
        "1.8e308",
        "1e309",
        "1e400",
        "-1e400",
        "1e-400",
        "0e999999999999999999999",
        "1e999999999999999999999",
        "0.000000000000000000000000000000001e330",
    ] {
        agree(n).unwrap();
    }
}

#[test]
fn depth_is_limited_without_recursion_blow_up() {
    // serde_json's limit: 127 levels read, 128 refused.
    for depth in [126, 127, 128, 129] {
        let arrays = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        agree(&arrays).unwrap();
        let objects = format!("{}1{}", "{\"a\":".repeat(depth), "}".repeat(depth));
        agree(&objects).unwrap();
    }
    let hostile = "[".repeat(200_000) + &"]".repeat(200_000);
    let e = json::parse(&hostile).unwrap_err();
    assert!(e.to_string().contains("recursion limit"), "{e}");
    let hostile = "{\"a\":".repeat(200_000);
    assert!(json::parse(&hostile).is_err());
}

#[test]
fn errors_name_line_and_column() {
    let e = json::parse("{\n  \"a\": 1,\n  \"b\" 2\n}").unwrap_err();
    assert_eq!(e.to_string(), "expected `:` at line 3 column 7");
    let e = json::parse("[1, 2,]").unwrap_err();
    assert!(e.to_string().ends_with("at line 1 column 7"), "{e}");
    let e = json::parse("").unwrap_err();
    assert_eq!(
        e.to_string(),
        "EOF while parsing a value at line 1 column 0"
    );
    let e = json::parse("{} x").unwrap_err();
    assert_eq!(e.to_string(), "trailing characters at line 1 column 4");
    let e = json::parse("\"a\u{1}\"").unwrap_err();
    assert!(e.to_string().starts_with("control character"), "{e}");
    let e = json::parse("\"\\ud800\"").unwrap_err();
    assert!(
        e.to_string().contains("surrogate") || e.to_string().contains("hex escape"),
        "{e}"
    );
}

#[test]
fn duplicate_keys_keep_the_last_value_as_serde_json() {
    agree("{\"a\":1,\"a\":[2]}").unwrap();
    let v = json::parse("{\"a\":1,\"a\":[2]}").unwrap();
    assert_eq!(v.get("a").and_then(Value::as_array).map(Vec::len), Some(1));
}

#[test]
fn accessors() {
    let v = json::parse(r#"{"n": 7, "f": 7.0, "neg": -7, "s": "x", "b": true, "a": [1]}"#).unwrap();
    assert_eq!(v.get("n").and_then(Value::as_u64), Some(7));
    assert_eq!(v.get("f").and_then(Value::as_u64), None);
    assert_eq!(v.get("neg").and_then(Value::as_u64), None);
    assert_eq!(v.get("s").and_then(Value::as_str), Some("x"));
    assert_eq!(v.get("b").and_then(Value::as_bool), Some(true));
    assert!(v.get("n").is_some_and(Value::is_number));
    assert!(v.get("s").is_some_and(Value::is_string));
    assert!(v.get("missing").is_none());
    assert!(v.get("a").and_then(|a| a.get("x")).is_none());
    assert_eq!(v.get("f").map(ToString::to_string).as_deref(), Some("7.0"));
}
