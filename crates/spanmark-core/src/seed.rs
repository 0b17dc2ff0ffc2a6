//! The seed article shown on first visit, embedded at build time.

use super::model::Document;

/// The raw file: its first line starts with `date YYYY-MM-DD`.
pub const SEED_RAW: &str = include_str!("../../../assets/seed-article.txt");
pub const SEED_TITLE: &str = "Energy facilities were the main targets";

/// Splits a leading `date YYYY-MM-DD` marker (after optional whitespace) off
/// a text. Returns the date, if there was one, and the rest of the text with
/// the whitespace after the marker removed; without a marker the text is
/// returned untouched.
pub fn split_date(raw: &str) -> (Option<&str>, &str) {
    let trimmed = raw.trim_start();
    let Some(rest) = trimmed.strip_prefix("date") else {
        return (None, raw);
    };
    let rest = rest.trim_start_matches([' ', '\t']);
    let Some(date) = rest.get(..10) else {
        return (None, raw);
    };
    let is_date = date.bytes().enumerate().all(|(i, b)| match i {
        4 | 7 => b == b'-',
        _ => b.is_ascii_digit(),
    });
    let after = &rest[10..];
    if !is_date || !(after.is_empty() || after.starts_with(char::is_whitespace)) {
        return (None, raw);
    }
    (Some(date), after.trim_start())
}

/// The seed article as a fresh document with the given id.
pub fn seed_document(id: String) -> Document {
    let (date, text) = split_date(SEED_RAW);
    let mut doc = Document::new(id, SEED_TITLE.to_string(), text.to_string());
    if let Some(d) = date {
        doc.meta.insert("date".into(), d.into());
    }
    doc
}
