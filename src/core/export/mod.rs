//! Export and import formats. Each format is one module; `parse` functions
//! return a `Result` and never panic on any input.

pub mod native;

/// A file name stem from a title: lowercase letters and digits joined by
/// single dashes, at most 60 characters, `document` when nothing is left.
pub fn slug(title: &str) -> String {
    let mut out = String::new();
    for c in title.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
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
