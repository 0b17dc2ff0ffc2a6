//! How the export formats write JSON: serde_json on each format's derived
//! structs, through one [`Formatter`] that adds two things serde_json's own
//! compact and pretty printers lack.
//!
//! - **Line separators escaped.** U+0085, U+2028 and U+2029 are written as
//!   `\u0085`, `\u2028`, `\u2029`, so a JSONL record stays one line even for
//!   readers that split with Python's `str.splitlines` (which breaks at
//!   them); every JSON reader reads the escapes back as the same characters.
//! - **Records on lines of their own** ([`Lines`]): Label Studio's tasks and
//!   results, and the W3C page's items, start each on a new line, so a
//!   person can read and diff an export while it stays compact JSON.

use std::io;

use serde::Serialize;
use serde_json::ser::{CharEscape, CompactFormatter, Formatter};

/// Arrays whose items each start on a new line, by nesting depth (0 is the
/// outermost value; every array and object opened around a value adds one).
#[derive(Clone, Copy, Debug, Default)]
pub struct Lines {
    /// At this depth, a line break before each item.
    pub items_at: Option<usize>,
    /// Also here, and there a line break before the closing `]` too (even
    /// of an empty array).
    pub items_and_close_at: Option<usize>,
}

impl Lines {
    /// Compact JSON on one line.
    pub const NONE: Lines = Lines {
        items_at: None,
        items_and_close_at: None,
    };
}

/// Compact JSON with [`Lines`] and the line separators escaped.
struct Writer {
    lines: Lines,
    depth: usize,
}

impl Writer {
    fn breaks_items(&self) -> bool {
        // `depth` counts the array being written.
        let d = Some(self.depth - 1);
        self.lines.items_at == d || self.lines.items_and_close_at == d
    }
}

/// The characters escaped beyond what JSON requires.
fn is_line_separator(c: char) -> bool {
    matches!(c, '\u{85}' | '\u{2028}' | '\u{2029}')
}

impl Formatter for Writer {
    fn begin_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.depth += 1;
        w.write_all(b"[")
    }

    fn end_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.depth -= 1;
        if self.lines.items_and_close_at == Some(self.depth) {
            w.write_all(b"\n")?;
        }
        w.write_all(b"]")
    }

    fn begin_array_value<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        if !first {
            w.write_all(b",")?;
        }
        if self.breaks_items() {
            w.write_all(b"\n")?;
        }
        Ok(())
    }

    fn begin_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.depth += 1;
        w.write_all(b"{")
    }

    fn end_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.depth -= 1;
        w.write_all(b"}")
    }

    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut rest = fragment;
        while let Some(i) = rest.find(is_line_separator) {
            w.write_all(&rest.as_bytes()[..i])?;
            let c = rest[i..].chars().next().unwrap_or_default();
            write!(w, "\\u{:04x}", c as u32)?;
            rest = &rest[i + c.len_utf8()..];
        }
        w.write_all(rest.as_bytes())
    }

    fn write_char_escape<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        escape: CharEscape,
    ) -> io::Result<()> {
        // Backspace and form feed as `\u0008` and `\u000c`, as spanmark has
        // always written them (serde_json would write `\b` and `\f`).
        match escape {
            CharEscape::Backspace => w.write_all(b"\\u0008"),
            CharEscape::FormFeed => w.write_all(b"\\u000c"),
            other => CompactFormatter.write_char_escape(w, other),
        }
    }
}

/// `value` as JSON in spanmark's layout (see the module docs).
pub fn to_string<T: Serialize + ?Sized>(value: &T, lines: Lines) -> String {
    let mut out = Vec::with_capacity(128);
    let mut ser = serde_json::Serializer::with_formatter(&mut out, Writer { lines, depth: 0 });
    // Serialising our own structs into memory cannot fail: every map key is
    // a string and nothing here has a fallible `Serialize`.
    if value.serialize(&mut ser).is_err() {
        return String::new();
    }
    // serde_json writes only valid UTF-8.
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_line_separators_and_breaks_lines_where_asked() {
        let v = vec![vec!["a\u{2028}b\u{85}\"\n\u{8}\u{c}\u{1f}"], vec![]];
        assert_eq!(
            to_string(&v, Lines::NONE),
            r#"[["a\u2028b\u0085\"\n\u0008\u000c\u001f"],[]]"#
        );
        let l = Lines {
            items_at: Some(1),
            items_and_close_at: Some(0),
        };
        assert_eq!(
            to_string(&v, l),
            "[\n[\n\"a\\u2028b\\u0085\\\"\\n\\u0008\\u000c\\u001f\"],\n[]\n]"
        );
    }
}
