//! Export and import formats. Each format is one module implementing
//! [`Format`]; `parse` functions return a `Result` and never panic on any
//! input. Every format keeps the document text byte for byte and states its
//! offset unit (README, "Export formats").

use unicode_segmentation::UnicodeSegmentation;

use crate::model::{Annotation, Document};
use crate::text::grapheme::is_boundary;
use crate::text::words::Segmenter;

pub mod brat;
pub mod conll;
pub mod doccano;
pub mod label_studio;
pub mod native;
pub mod spacy;
pub mod tar;
pub mod w3c;

/// One file of an export.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutFile {
    pub name: String,
    pub mime: &'static str,
    pub bytes: Vec<u8>,
}

impl OutFile {
    pub fn text(name: String, mime: &'static str, content: String) -> OutFile {
        OutFile {
            name,
            mime,
            bytes: content.into_bytes(),
        }
    }

    /// The content as text (every format writes UTF-8; a tar is not text).
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.bytes).unwrap_or_default()
    }
}

/// What an export produced, and what the person should know about it (how
/// many spans a format without overlaps left out).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Export {
    pub files: Vec<OutFile>,
    pub note: Option<String>,
}

/// The unit of exported offsets where a format offers a choice (doccano).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Unit {
    /// Unicode code points: Python's `str` indices.
    #[default]
    CodePoint,
    /// UTF-16 code units: JavaScript's string indices (doccano's).
    Utf16,
}

pub struct Options<'a> {
    /// File name stem: the slug of the title, or `spanmark-library`.
    pub name: &'a str,
    /// ISO 8601, for the native format.
    pub exported_at: &'a str,
    /// Seconds since the Unix epoch, for archive entries.
    pub unix_time: u64,
    /// Word and sentence segmentation, for CoNLL.
    pub segmenter: &'a dyn Segmenter,
}

/// An export format.
pub trait Format {
    /// Stable id, used in file names (`<name>.<id>.tar`) and the menu.
    fn id(&self) -> &'static str;
    /// The name shown in the export menu.
    fn name(&self) -> &'static str;
    /// The files for `docs`, in library order.
    fn export(&self, docs: &[&Document], opts: &Options) -> Export;
}

/// Every format, in menu order; the native one first.
pub const FORMATS: [&dyn Format; 8] = [
    &native::Native,
    &doccano::Doccano(Unit::CodePoint),
    &doccano::Doccano(Unit::Utf16),
    &spacy::Spacy,
    &label_studio::LabelStudio,
    &w3c::W3c,
    &brat::Brat,
    &conll::Conll,
];

pub fn by_id(id: &str) -> Option<&'static dyn Format> {
    FORMATS.into_iter().find(|f| f.id() == id)
}

/// One download for an export: its only file, or an uncompressed tar of
/// them all named `<name>.<format id>.tar`.
pub fn bundle(format: &dyn Format, opts: &Options, mut files: Vec<OutFile>) -> OutFile {
    if files.len() == 1 {
        return files.remove(0);
    }
    let entries: Vec<(&str, &[u8])> = files
        .iter()
        .map(|f| (f.name.as_str(), f.bytes.as_slice()))
        .collect();
    OutFile {
        name: format!("{}.{}.tar", opts.name, format.id()),
        mime: "application/x-tar",
        bytes: tar::write(&entries, opts.unix_time),
    }
}

/// The non-overlapping subset used where a format cannot hold overlaps
/// (spaCy `entities`, each CoNLL file): the longest span first (in code
/// points), ties to the earlier start, then to the label id; a span is kept
/// when it shares no code point with one kept before. This is
/// `spacy.util.filter_spans`, counted in code points rather than tokens.
/// `all` come in export order, `(start, end, label)`, as
/// [`Annotations::iter`](crate::model::Annotations::iter) gives them,
/// and the kept ones are returned in that order.
#[inline(never)]
pub fn keep_longest<'a>(all: &[&'a Annotation]) -> Vec<&'a Annotation> {
    // Longest first, and among equal lengths in export order (earlier
    // start, then label): a counting sort by length, stable, so no
    // comparison sort is compiled in for it.
    let longest = all.iter().map(|a| a.span.len()).max().unwrap_or(0);
    let mut slot = vec![0usize; longest + 2];
    for a in all {
        slot[longest - a.span.len() + 1] += 1;
    }
    for i in 1..slot.len() {
        slot[i] += slot[i - 1];
    }
    let mut order = vec![0; all.len()];
    for (i, a) in all.iter().enumerate() {
        let k = longest - a.span.len();
        order[slot[k]] = i;
        slot[k] += 1;
    }
    // Code points covered by a kept span. A kept span is at least as long
    // as the candidate, so if they overlap it covers the candidate's first
    // or last code point: two lookups decide, and marking costs at most the
    // text's length in all.
    let n = all.iter().map(|a| a.span.end()).max().unwrap_or(0);
    let mut taken = vec![false; n];
    let mut keep = vec![false; all.len()];
    for i in order {
        let (s, e) = (all[i].span.start(), all[i].span.end());
        if !taken[s] && !taken[e - 1] {
            taken[s..e].fill(true);
            keep[i] = true;
        }
    }
    all.iter()
        .zip(keep)
        .filter_map(|(a, k)| k.then_some(*a))
        .collect()
}

/// `n` followed by `one` or `many`.
fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// At most 80 bytes of `s`, so that a file name built on it fits a tar
/// header's 100 bytes: cut between grapheme clusters, or, when the first
/// cluster alone is longer (a letter under dozens of marks), between
/// characters, since the header's limit is hard.
fn short_stem(s: &str) -> &str {
    let max = s.len().min(80);
    let end = (1..=max)
        .rev()
        .find(|&b| is_boundary(s, b))
        .or_else(|| (1..=max).rev().find(|&b| s.is_char_boundary(b)))
        .unwrap_or(0);
    &s[..end]
}

/// File stems for documents inside an archive: their slugs, made unique
/// with `-2`, `-3`… in library order.
fn doc_stems(docs: &[&Document]) -> Vec<String> {
    let mut seen: Vec<String> = Vec::with_capacity(docs.len());
    for d in docs {
        let base = short_stem(&slug(&d.title)).to_string();
        let mut stem = base.clone();
        let mut n = 1;
        while seen.contains(&stem) {
            n += 1;
            stem = format!("{base}-{n}");
        }
        seen.push(stem);
    }
    seen
}

/// Code points a slug may hold: enough for a title's first words.
const SLUG_MAX: usize = 60;

/// A file name stem from a title: its words lowercased (Unicode's lower
/// case) and joined by single dashes, at most [`SLUG_MAX`] code points,
/// `document` when nothing is left.
///
/// The title is read by grapheme cluster, and a cluster is kept or dropped
/// whole, never split: kept when it begins with an alphanumeric code point
/// (Unicode's Alphabetic or Numeric, `char::is_alphanumeric`), so a letter
/// keeps its combining marks and Devanagari "कि" stays together; every
/// other cluster separates words. Emoji are therefore dropped whole: a
/// skin tone, a flag or a ZWJ family is one separator, never four pieces
/// (a keycap "1\u{fe0f}\u{20e3}" begins with a digit and is kept whole).
/// The cap falls between clusters. See [`slug_cluster`] for the few kept
/// clusters a file name cannot hold.
pub fn slug(title: &str) -> String {
    let mut out = String::new();
    let mut len = 0;
    let mut word = String::new();
    // A separator after the last cluster flushes the last word.
    for g in title.graphemes(true).chain(["-"]) {
        if g.chars().next().is_some_and(char::is_alphanumeric) {
            word.push_str(g);
            continue;
        }
        // Lowercasing a word at a time gets final sigma right (ΟΔΟΣ → οδος).
        let lower = word.to_lowercase();
        word.clear();
        let mut first = true;
        for c in lower.graphemes(true) {
            if !slug_cluster(c) {
                first = true;
                continue;
            }
            let dash = usize::from(first && !out.is_empty());
            let n = c.chars().count();
            if len + dash + n > SLUG_MAX {
                return done(out);
            }
            if dash == 1 {
                out.push('-');
            }
            out.push_str(c);
            len += dash + n;
            first = false;
        }
    }
    done(out)
}

fn done(slug: String) -> String {
    if slug.is_empty() {
        "document".to_string()
    } else {
        slug
    }
}

/// True when a (lowercased) cluster of a title's word may stand in a file
/// name: it begins with an alphanumeric code point, holds no white space,
/// control or ASCII punctuation (a prepended letter such as U+0D4E takes
/// the next code point into its cluster, even a space or a slash), and
/// stays a cluster of its own between two dashes (a vowel sign after a line
/// break begins a cluster, and would take the dash before it), so that a
/// slug reads back as itself.
fn slug_cluster(g: &str) -> bool {
    let ok = |c: char| {
        if c.is_ascii() {
            c.is_ascii_alphanumeric()
        } else {
            !c.is_whitespace() && !c.is_control()
        }
    };
    let dashed = format!("-{g}-");
    g.chars().next().is_some_and(char::is_alphanumeric)
        && g.chars().all(ok)
        && is_boundary(&dashed, 1)
        && is_boundary(&dashed, 1 + g.len())
}
