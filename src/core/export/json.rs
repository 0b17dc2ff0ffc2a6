//! Writing JSON by hand: the export formats are small fixed shapes, and a
//! string escaper is far less Wasm than a serializer per shape.

use std::fmt::Write;

/// Characters written as escapes: those JSON requires, and the line
/// separators U+0085, U+2028 and U+2029, so that a JSONL line stays one line
/// even for readers that split with Python's `str.splitlines`.
fn escaped(c: char) -> bool {
    c < ' ' || matches!(c, '"' | '\\' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// Appends `s` as a JSON string literal.
pub(crate) fn push_str(out: &mut String, s: &str) {
    out.reserve(s.len() + 2);
    out.push('"');
    let mut rest = s;
    while let Some(i) = rest.find(escaped) {
        out.push_str(&rest[..i]);
        let c = rest[i..].chars().next().unwrap_or_default();
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
        }
        rest = &rest[i + c.len_utf8()..];
    }
    out.push_str(rest);
    out.push('"');
}

/// `s` as a JSON string literal.
pub(crate) fn q(s: &str) -> String {
    let mut out = String::new();
    push_str(&mut out, s);
    out
}

/// `[start,end,"label"]`, the span triple of doccano and spaCy.
pub(crate) fn triple(out: &mut String, start: usize, end: usize, label: &str) {
    let _ = write!(out, "[{start},{end},");
    push_str(out, label);
    out.push(']');
}
