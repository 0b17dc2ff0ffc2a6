//! Writing JSON by hand: the export formats are small fixed shapes, and a
//! string escaper (`core::json::push_str`) is far less Wasm than a
//! serializer per shape.

use std::fmt::Write;

pub(crate) use crate::json::push_str;

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
