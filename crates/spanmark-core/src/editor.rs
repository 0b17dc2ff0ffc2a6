//! A document open for editing: the document, its undo history and its line
//! chunks. Every change reports the chunks it touched, so the renderer
//! redraws those and nothing else.

use std::ops::Range;

use super::model::{Annotation, Document, ModelError};
use super::ops::{Edit, History};
use super::segment::{segments, Segment};
use super::text::Span;

#[derive(Clone, Debug)]
pub struct Editor {
    doc: Document,
    history: History,
    /// Line ranges `(start, end)` in code points, line ends excluded.
    chunks: Vec<(usize, usize)>,
}

/// What an applied edit changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    /// Indices of the chunks to redraw, ascending and unique.
    pub chunks: Vec<usize>,
    /// The spans whose annotations changed, for storage.
    pub spans: Vec<Span>,
}

impl Editor {
    pub fn new(doc: Document) -> Editor {
        let chunks = doc.text.lines();
        Editor {
            doc,
            history: History::default(),
            chunks,
        }
    }

    pub fn doc(&self) -> &Document {
        &self.doc
    }

    /// Mutable access for changes that are not annotation edits (title).
    pub fn doc_mut(&mut self) -> &mut Document {
        &mut self.doc
    }

    pub fn chunks(&self) -> &[(usize, usize)] {
        &self.chunks
    }

    pub fn history(&self) -> &History {
        &self.history
    }

    /// The chunks a span touches (a span may cover line ends between them).
    pub fn chunks_of(&self, span: Span) -> Range<usize> {
        let first = self.chunks.partition_point(|&(_, e)| e < span.start());
        let last = self.chunks.partition_point(|&(s, _)| s < span.end());
        first..last.max(first)
    }

    /// Segments of chunk `i`, for rendering.
    pub fn segments(&self, i: usize) -> Vec<Segment> {
        let Some(&(s, e)) = self.chunks.get(i) else {
            return Vec::new();
        };
        let Some(range) = Span::new(s, e) else {
            return Vec::new();
        };
        let anns: Vec<&Annotation> = self.doc.annotations.overlapping(range).collect();
        segments(s, e, &anns)
    }

    fn change_of(&self, spans: &[Span]) -> Change {
        let mut chunks: Vec<usize> = spans.iter().flat_map(|s| self.chunks_of(*s)).collect();
        chunks.sort_unstable();
        chunks.dedup();
        Change {
            chunks,
            spans: spans.to_vec(),
        }
    }

    pub fn apply(&mut self, edit: Edit) -> Result<Change, ModelError> {
        let before = edit.spans(&self.doc);
        self.history.apply(&mut self.doc, edit.clone())?;
        let mut spans = before;
        spans.extend(edit.spans(&self.doc));
        Ok(self.change_of(&spans))
    }

    pub fn undo(&mut self) -> Option<Result<Change, ModelError>> {
        let res = self.history.undo(&mut self.doc)?;
        Some(res.map(|e| self.change_of(&e.spans(&self.doc))))
    }

    pub fn redo(&mut self) -> Option<Result<Change, ModelError>> {
        let res = self.history.redo(&mut self.doc)?;
        Some(res.map(|e| self.change_of(&e.spans(&self.doc))))
    }

    /// Annotations covering code point `cp`, innermost (shortest) first: the
    /// order in which repeated clicks on one spot cycle through them.
    pub fn covering(&self, cp: usize) -> Vec<&Annotation> {
        let Some(at) = Span::new(cp, cp + 1) else {
            return Vec::new();
        };
        let v: Vec<&Annotation> = self.doc.annotations.overlapping(at).collect();
        super::order_by(
            v.iter()
                .map(|a| [a.span.len(), a.span.start(), a.label as usize]),
        )
        .into_iter()
        .map(|i| v[i])
        .collect()
    }
}
