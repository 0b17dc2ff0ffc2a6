//! Boundaries in the app: mouse selections snapped outward to whole words
//! (or, with `Alt` held or "Snap to words" off, to whole graphemes), and the
//! selected annotation's edges moved by its drag handles or by the keyboard
//! (Shift+←/→ its end, Ctrl/Cmd+Shift+←/→ its start, Alt for a grapheme).
//!
//! Lines are segmented only when a selection or an edge touches them, and
//! kept per open document: a mouseup on a novel segments one or two lines.

use std::cell::{Cell, RefCell};

use leptos::prelude::*;

use super::state::{short, AppState};
use crate::web::{segmenter, storage};
use spanmark_core::ops::Edit;
use spanmark_core::text::bounds::{resized, snap_out, Bounds, Edge, Unit};
use spanmark_core::text::Span;

/// Lines whose boundaries are kept: stepping an edge word by word across
/// empty lines visits a few at a time.
const LINES_KEPT: usize = 32;

/// Where the "Snap to words" choice is remembered.
const PREF_KEY: &str = "spanmark:pref:snap";

/// (document id, text length, [(line index, bounds)]).
type Cache = (String, usize, Vec<(usize, Bounds)>);

thread_local! {
    /// `None` until first read from storage.
    static SNAP: Cell<Option<bool>> = const { Cell::new(None) };
    /// Boundaries of the lines last visited in the open document: (document
    /// id, text length) they belong to, and (line index, bounds), newest
    /// last. A few lines are all a selection or a resize touches.
    static CACHE: RefCell<Cache> = RefCell::default();
}

/// True when mouse selections snap to whole words (the default); false
/// when the person chose character precision.
pub fn snap_words() -> bool {
    SNAP.with(|c| {
        c.get().unwrap_or_else(|| {
            // Anything but the one "off" value keeps the default.
            let on = storage::read_pref(PREF_KEY).as_deref() != Some("chars");
            c.set(Some(on));
            on
        })
    })
}

/// Sets the choice, and remembers it when `keep` (storage in use and
/// writable); a storage failure only loses the memory of it.
pub fn set_snap_words(on: bool, keep: bool) {
    SNAP.with(|c| c.set(Some(on)));
    if keep {
        storage::write_pref(PREF_KEY, if on { "words" } else { "chars" });
    }
}

/// The unit a mouse selection snaps to, given whether `Alt` was held.
pub fn selection_unit(alt: bool) -> Unit {
    if alt || !snap_words() {
        Unit::Grapheme
    } else {
        Unit::Word
    }
}

impl AppState {
    /// The boundaries of line `i` of the open document, segmented when
    /// first needed and kept for the lines visited last.
    pub fn line_bounds(&self, i: usize) -> Option<Bounds> {
        self.editor.with_value(|e| {
            let &(s, end) = e.chunks().get(i)?;
            let d = e.doc();
            CACHE.with(|c| {
                let mut c = c.borrow_mut();
                if c.0 != d.id || c.1 != d.text.len() {
                    *c = (d.id.clone(), d.text.len(), Vec::new());
                }
                if let Some((_, b)) = c.2.iter().find(|(k, _)| *k == i) {
                    return Some(b.clone());
                }
                if c.2.len() >= LINES_KEPT {
                    c.2.remove(0);
                }
                let b = segmenter::line_bounds(s, d.text.slice_range(s, end));
                c.2.push((i, b.clone()));
                Some(b)
            })
        })
    }

    /// Index of the line holding code point `cp` (or the next line, for a
    /// `cp` on a line break).
    pub fn line_of(&self, cp: usize) -> usize {
        self.editor
            .with_value(|e| e.chunks().partition_point(|&(_, end)| end < cp))
    }

    /// The line start (`data-o` of its `.chunk`) of line `i`.
    pub fn line_start(&self, i: usize) -> Option<usize> {
        self.editor
            .with_value(|e| e.chunks().get(i).map(|&(s, _)| s))
    }

    /// A selected span as it will be labelled: whitespace edges trimmed,
    /// then grown to whole `unit`s. `None` for whitespace only.
    pub fn snap_selection(&self, span: Span, unit: Unit) -> Option<Span> {
        let t = self.editor.with_value(|e| e.doc().text.trim(span))?;
        let (a, b) = (self.line_of(t.start()), self.line_of(t.end()));
        let (ba, bb) = (self.line_bounds(a)?, self.line_bounds(b)?);
        let s = snap_out(t, &ba, &bb, unit);
        self.editor.with_value(|e| e.doc().text.trim(s))
    }

    /// Keyboard resize of the selected annotation: one `edge` moved one
    /// `unit` right or left. One undoable edit; a refusal says why.
    pub fn resize_selected(&self, edge: Edge, right: bool, unit: Unit) {
        let Some((id, from)) = self.selected_span() else {
            return;
        };
        let lines = self.editor.with_value(|e| e.chunks().to_vec());
        match resized(from, edge, right, unit, &lines, |i| self.line_bounds(i)) {
            Some(to) => self.resize(id, from, to),
            None => self.say(match edge {
                Edge::Start => "The start of this annotation cannot move further that way.",
                Edge::End => "The end of this annotation cannot move further that way.",
            }),
        }
    }

    /// A drag handle dropped at code point `cp`: the `edge` of the selected
    /// annotation moves there, snapped outward to `unit` and off whitespace.
    /// Dropped on the same place, nothing happens.
    pub fn drop_edge(&self, edge: Edge, cp: usize, unit: Unit) {
        let Some((id, from)) = self.selected_span() else {
            return;
        };
        match self.edge_target(from, edge, cp, unit) {
            Some(to) if to == from => {}
            Some(to) => self.resize(id, from, to),
            None => self.say(match edge {
                Edge::Start => "The start of an annotation must stay before its end.",
                Edge::End => "The end of an annotation must stay after its start.",
            }),
        }
    }

    /// While a handle is dragged: the span the selected annotation would
    /// get if it were dropped at `cp` (shown as the text selection).
    pub fn drag_preview(&self, edge: Edge, cp: usize, unit: Unit) -> Option<Span> {
        let (_, from) = self.selected_span()?;
        self.edge_target(from, edge, cp, unit)
    }

    /// `from` with `edge` moved to `cp`, snapped outward to `unit`; only
    /// the moved edge comes off whitespace. `None` when the edges would
    /// meet or cross.
    fn edge_target(&self, from: Span, edge: Edge, cp: usize, unit: Unit) -> Option<Span> {
        let b = self.line_bounds(self.line_of(cp))?;
        let to = match edge {
            Edge::Start => Span::new(b.floor(cp, unit), from.end()),
            Edge::End => Span::new(from.start(), b.ceil(cp, unit)),
        }?;
        let t = self.editor.with_value(|e| e.doc().text.trim(to))?;
        match edge {
            Edge::Start => Span::new(t.start(), from.end()),
            Edge::End => Span::new(from.start(), t.end()),
        }
    }

    fn selected_span(&self) -> Option<(String, Span)> {
        let id = self.selected.get_untracked()?;
        let span = self
            .editor
            .with_value(|e| e.doc().annotations.get(&id).map(|a| a.span))?;
        Some((id, span))
    }

    fn resize(&self, id: String, from: Span, to: Span) {
        if self.run(Edit::Resize { id, from, to }) {
            let quote = self.editor.with_value(|e| short(e.doc().text.slice(to)));
            self.say(format!("Annotation now covers “{quote}” (Ctrl+Z undoes)."));
        }
    }
}
