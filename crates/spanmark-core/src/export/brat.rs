//! brat standoff (<https://brat.nlplab.org/standoff.html>): for each
//! document a `.txt` holding its text byte for byte and a `.ann` with one
//! text-bound annotation per span, `T1<TAB>actor 42 51<TAB>Zelenskyy`, and
//! its note as `#1<TAB>AnnotatorNotes T1<TAB>…`; plus `annotation.conf`
//! (the four labels, overlaps allowed) and `visual.conf` (their colours).
//!
//! Offsets count the characters of the `.txt` read as UTF-8 without newline
//! translation (Python's `open(path, encoding="utf-8", newline="")`, which
//! is how brat reads it): code points, with CRLF two characters. A `.ann`
//! line cannot hold a line break, so a span containing one is written in
//! brat's discontinuous form, `T2<TAB>claim 0 10;12 20<TAB>first second`:
//! its pieces between line breaks, pieces of only whitespace left out.

use std::fmt::Write;

use super::{doc_stems, plural, Export, Format, Options, OutFile};
use crate::model::Document;
use crate::text::words::is_space;
use crate::text::Span;

pub struct Brat;

/// Line breaks as Python's `str.splitlines` (and so brat's line reader)
/// sees them.
pub fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r'
            | '\u{0b}'
            | '\u{0c}'
            | '\u{1c}'
            | '\u{1d}'
            | '\u{1e}'
            | '\u{85}'
            | '\u{2028}'
            | '\u{2029}'
    )
}

/// The pieces of `span` between line breaks, without pieces that are only
/// whitespace: brat's fragments for it.
pub fn fragments(doc: &Document, span: Span) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = span.start();
    let mut blank = true;
    let mut push = |s: usize, e: usize, blank: bool| {
        if !blank {
            out.extend(Span::new(s, e));
        }
    };
    for (i, c) in doc.text.slice(span).chars().enumerate() {
        let cp = span.start() + i;
        if is_line_break(c) {
            push(start, cp, blank);
            start = cp + 1;
            blank = true;
        } else if !is_space(c) {
            blank = false;
        }
    }
    push(start, span.end(), blank);
    out
}

/// A note on one line: line breaks and tabs become spaces.
fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| {
            if is_line_break(c) || c == '\t' {
                ' '
            } else {
                c
            }
        })
        .collect()
}

/// The `.ann` file of `doc`, and how many spans it could not hold (those
/// made only of whitespace and line breaks).
pub fn ann(doc: &Document) -> (String, usize) {
    let mut out = String::new();
    let (mut t, mut notes, mut left) = (0, 0, 0);
    for a in doc.annotations.iter() {
        let frags = fragments(doc, a.span);
        if frags.is_empty() {
            left += 1;
            continue;
        }
        t += 1;
        let _ = write!(out, "T{t}\t{} ", a.label.id());
        for (i, f) in frags.iter().enumerate() {
            let _ = write!(
                out,
                "{}{} {}",
                if i > 0 { ";" } else { "" },
                f.start(),
                f.end()
            );
        }
        out.push('\t');
        for (i, f) in frags.iter().enumerate() {
            if i > 0 {
                out.push(' ');
            }
            out.push_str(doc.text.slice(*f));
        }
        out.push('\n');
        if !a.note.is_empty() {
            notes += 1;
            let _ = writeln!(out, "#{notes}\tAnnotatorNotes T{t}\t{}", one_line(&a.note));
        }
    }
    (out, left)
}

/// `annotation.conf`: the labels as entity types, any overlap allowed.
pub const ANNOTATION_CONF: &str = "# spanmark labels\n[entities]\nclaim\nfigure\nactor\nlocation\n\n[relations]\n<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>\n\n[events]\n\n[attributes]\n";

/// `visual.conf`: the labels' names and colours (those of `Label`).
pub const VISUAL_CONF: &str = "[labels]\nclaim | Claim\nfigure | Figure\nactor | Actor\nlocation | Location\n\n[drawing]\nclaim\tbgColor:#e69f00\nfigure\tbgColor:#0072b2\nactor\tbgColor:#009e73\nlocation\tbgColor:#cc79a7\n";

impl Format for Brat {
    fn id(&self) -> &'static str {
        "brat"
    }

    fn name(&self) -> &'static str {
        "brat standoff, .txt and .ann in a tar"
    }

    fn export(&self, docs: &[&Document], _opts: &Options) -> Export {
        let mut files = Vec::with_capacity(2 * docs.len() + 2);
        let mut left = 0;
        for (d, stem) in docs.iter().zip(doc_stems(docs)) {
            let (a, n) = ann(d);
            left += n;
            files.push(OutFile::text(
                format!("{stem}.txt"),
                "text/plain",
                d.text.as_str().to_string(),
            ));
            files.push(OutFile::text(format!("{stem}.ann"), "text/plain", a));
        }
        for (name, conf) in [
            ("annotation.conf", ANNOTATION_CONF),
            ("visual.conf", VISUAL_CONF),
        ] {
            files.push(OutFile::text(name.into(), "text/plain", conf.into()));
        }
        let note = (left > 0).then(|| {
            format!(
                "{} of only whitespace cannot be brat annotations and were left out.",
                plural(left, "span", "spans")
            )
        });
        Export { files, note }
    }
}
