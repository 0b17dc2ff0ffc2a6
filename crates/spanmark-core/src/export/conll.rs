//! CoNLL 2003-style BIO: one token per line, `token _ _ TAG` (the POS and
//! chunk columns unused), a blank line after each sentence, and
//! `-DOCSTART- -X- O O` before each document.
//!
//! BIO holds one tag per token, so there is one file per label,
//! `<name>.<label>.conll`, all with the same tokens and sentences; within a
//! label, overlapping spans are resolved by [`keep_longest`] (the longest is
//! kept). Segmentation is an input, so that this module stays pure: the app
//! passes the words and sentences of the browser's `Intl.Segmenter`, tests
//! and fixtures those of [`SimpleSegmenter`](crate::text::words::SimpleSegmenter).
//! [`tokenize`] then makes them fit the spans:
//! - a token is a stretch of non-whitespace text between consecutive cut
//!   points, the cut points being the word boundaries and every span's start
//!   and end, so no span starts or ends inside a token and every span is
//!   exactly a run of whole tokens;
//! - a sentence starts at the first token after a sentence boundary, except
//!   where a span of any label runs across that boundary: a span never
//!   crosses a blank line.

use super::{keep_longest, plural, short_stem, Export, Format, Options, OutFile};
use crate::label::Label;
use crate::model::Document;
use crate::text::words::is_space;
use crate::text::Span;

pub struct Conll;

/// The document separator line, as spaCy's `conll_ner_to_docs` expects it
/// (readers that look for a line starting `-DOCSTART-` accept it too).
pub const DOCSTART: &str = "-DOCSTART- -X- O O\n";

/// A document cut into tokens and sentences.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tokens {
    /// The tokens, in text order, never empty nor containing whitespace.
    pub spans: Vec<Span>,
    /// `sentence_start[i]`: token `i` begins a sentence (always true for 0).
    pub sentence_start: Vec<bool>,
}

/// Cuts `doc` into tokens and sentences from a segmenter's `words` and
/// `sentences` (code points, any order) as the module documentation says.
pub fn tokenize(doc: &Document, words: &[Span], sentences: &[Span]) -> Tokens {
    let n = doc.text.len();
    let anns = || doc.annotations.iter().map(|a| a.span);
    let mut cuts: Vec<usize> = words
        .iter()
        .copied()
        .chain(anns())
        .flat_map(|s| [s.start(), s.end()])
        .collect();
    cuts.sort_unstable();
    cuts.dedup();
    let mut spans = Vec::new();
    let mut next_cut = cuts.iter().copied().peekable();
    let mut start: Option<usize> = None;
    for (i, c) in doc.text.as_str().chars().enumerate() {
        while next_cut.next_if(|&p| p < i).is_some() {}
        let space = is_space(c);
        if space || next_cut.peek() == Some(&i) {
            if let Some(s) = start.take() {
                spans.extend(Span::new(s, i));
            }
        }
        if !space && start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        spans.extend(Span::new(s, n));
    }

    // inside[p] > 0 when some span runs across position p (start < p < end).
    let mut inside = vec![0i32; n + 2];
    for s in anns() {
        inside[s.start() + 1] += 1;
        inside[s.end()] -= 1;
    }
    for p in 1..inside.len() {
        inside[p] += inside[p - 1];
    }
    let mut starts: Vec<usize> = sentences.iter().map(|s| s.start()).collect();
    starts.sort_unstable();
    let mut sentence_start = Vec::with_capacity(spans.len());
    for (i, t) in spans.iter().enumerate() {
        let begins = match i.checked_sub(1).map(|p| spans[p]) {
            None => true,
            Some(prev) => {
                // A sentence boundary after the previous token's start, at
                // or before this token's.
                let k = starts.partition_point(|&s| s <= prev.start());
                starts.get(k).is_some_and(|&s| s <= t.start()) && inside[t.start()] == 0
            }
        };
        sentence_start.push(begins);
    }
    Tokens {
        spans,
        sentence_start,
    }
}

/// The lines of `doc` for `label` (from `-DOCSTART-` to the blank line
/// after its last sentence), and how many of its `label` spans they leave
/// out (overlapping a longer one, or without a token).
pub fn bio(doc: &Document, tokens: &Tokens, label: Label) -> (String, usize) {
    let toks = &tokens.spans;
    let all: Vec<_> = doc
        .annotations
        .iter()
        .filter(|a| a.label == label)
        .collect();
    let total = all.len();
    // 0: O, 1: B, 2: I.
    let mut tags = vec![0u8; toks.len()];
    let mut shown = 0;
    for a in keep_longest(&all) {
        let i = toks.partition_point(|t| t.start() < a.span.start());
        let j = toks.partition_point(|t| t.end() <= a.span.end());
        if i < j {
            tags[i] = 1;
            tags[i + 1..j].fill(2);
            shown += 1;
        }
    }
    let mut out = String::with_capacity(DOCSTART.len() + doc.text.as_str().len() * 2);
    out.push_str(DOCSTART);
    out.push('\n');
    for (i, (t, tag)) in toks.iter().zip(tags).enumerate() {
        if i > 0 && tokens.sentence_start[i] {
            out.push('\n');
        }
        out.push_str(doc.text.slice(*t));
        out.push_str(" _ _ ");
        match tag {
            0 => out.push('O'),
            _ => {
                out.push_str(if tag == 1 { "B-" } else { "I-" });
                out.push_str(label.id());
            }
        }
        out.push('\n');
    }
    if !toks.is_empty() {
        out.push('\n');
    }
    (out, total - shown)
}

impl Format for Conll {
    fn id(&self) -> &'static str {
        "conll"
    }

    fn name(&self) -> &'static str {
        "CoNLL BIO, a file per label in a tar"
    }

    fn export(&self, docs: &[&Document], opts: &Options) -> Export {
        let tokens: Vec<Tokens> = docs
            .iter()
            .map(|d| {
                let text = d.text.as_str();
                let words = opts.segmenter.words(text);
                let sentences = opts.segmenter.sentences(text);
                tokenize(d, &words, &sentences)
            })
            .collect();
        let mut left = 0;
        let files = Label::ALL
            .into_iter()
            .map(|label| {
                let mut content = String::new();
                for (d, t) in docs.iter().zip(&tokens) {
                    let (s, n) = bio(d, t, label);
                    content.push_str(&s);
                    left += n;
                }
                OutFile::text(
                    format!("{}.{}.conll", short_stem(opts.name), label.id()),
                    "text/plain",
                    content,
                )
            })
            .collect();
        let note = (left > 0).then(|| {
            format!(
                "{} overlap a longer span of the same label (or hold no token), so the CoNLL files leave them out.",
                plural(left, "span", "spans")
            )
        });
        Export { files, note }
    }
}
