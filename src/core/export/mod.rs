//! Export and import formats. Each format is one module; `parse` functions
//! return a `Result` and never panic on any input.

pub mod native;

/// True for characters kept in a slug: ASCII letters and digits, and any
/// non-ASCII character outside the space and punctuation blocks (so titles in
/// other scripts keep their words). Deliberately avoids the Unicode case and
/// alphanumeric tables, which would add kilobytes to the Wasm bundle.
fn slug_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    !c.is_whitespace()
        && !matches!(c as u32, 0x0080..=0x00bf | 0x2000..=0x206f | 0x3000..=0x303f | 0xfe30..=0xfe4f | 0xff00..=0xff0f)
}

/// A file name stem from a title: words joined by single dashes (ASCII
/// lowercased), at most 60 characters, `document` when nothing is left.
pub fn slug(title: &str) -> String {
    let mut out = String::new();
    for c in title.chars().map(|c| c.to_ascii_lowercase()) {
        if slug_char(c) {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
        if out.chars().count() >= 60 {
            break;
        }
    }
    let out = out.trim_end_matches('-');
    if out.is_empty() {
        "document".to_string()
    } else {
        out.to_string()
    }
}
