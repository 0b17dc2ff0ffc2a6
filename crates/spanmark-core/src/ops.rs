//! Edits as invertible operations, and the undo history built on them.

use super::label::Label;
use super::model::{Annotation, Document, ModelError};
use super::text::Span;

/// One user action. Every variant carries what its inverse needs, so undo
/// never has to look anything up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Edit {
    Add(Annotation),
    Remove(Annotation),
    Relabel {
        id: String,
        from: Label,
        to: Label,
    },
    /// The note of one annotation; an empty note is no note.
    Note {
        id: String,
        from: String,
        to: String,
    },
    /// Moves an annotation's edges; it keeps its id, label and note.
    Resize {
        id: String,
        from: Span,
        to: Span,
    },
    /// Several edits applied and undone as one (e.g. "label all matches").
    Batch(Vec<Edit>),
}

impl Edit {
    pub fn inverse(&self) -> Edit {
        match self {
            Edit::Add(a) => Edit::Remove(a.clone()),
            Edit::Remove(a) => Edit::Add(a.clone()),
            Edit::Relabel { id, from, to } => Edit::Relabel {
                id: id.clone(),
                from: *to,
                to: *from,
            },
            Edit::Note { id, from, to } => Edit::Note {
                id: id.clone(),
                from: to.clone(),
                to: from.clone(),
            },
            Edit::Resize { id, from, to } => Edit::Resize {
                id: id.clone(),
                from: *to,
                to: *from,
            },
            Edit::Batch(edits) => Edit::Batch(edits.iter().rev().map(Edit::inverse).collect()),
        }
    }

    /// Applies the edit, or changes nothing and says why.
    pub fn apply(&self, doc: &mut Document) -> Result<(), ModelError> {
        match self {
            Edit::Add(a) => doc.add(a.clone()),
            // Only the very annotation it carries, so that undo restores
            // exactly what was removed.
            Edit::Remove(a) => {
                if doc.annotations.get(&a.id) != Some(a) {
                    return Err(ModelError::Missing(a.id.clone()));
                }
                doc.annotations.remove(&a.id);
                Ok(())
            }
            Edit::Relabel { id, from, to } => {
                let mut ann = doc
                    .annotations
                    .get(id)
                    .filter(|a| a.label == *from)
                    .cloned()
                    .ok_or_else(|| ModelError::Missing(id.clone()))?;
                if doc.annotations.find(ann.span, *to).is_some() {
                    return Err(ModelError::Duplicate((ann.span, *to)));
                }
                doc.annotations.remove(id);
                ann.label = *to;
                doc.annotations.insert(ann)
            }
            // Only from the note it expects, so that a stale edit (another
            // tab changed the note meanwhile) fails instead of clobbering.
            Edit::Note { id, from, to } => {
                if doc.annotations.get(id).map(|a| &a.note) != Some(from) {
                    return Err(ModelError::Missing(id.clone()));
                }
                doc.annotations.set_note(id, to.clone());
                Ok(())
            }
            Edit::Resize { id, from, to } => {
                let mut ann = doc
                    .annotations
                    .get(id)
                    .filter(|a| a.span == *from)
                    .cloned()
                    .ok_or_else(|| ModelError::Missing(id.clone()))?;
                if to.end() > doc.text.len() {
                    return Err(ModelError::OutOfText(*to, doc.text.len()));
                }
                if doc.annotations.find(*to, ann.label).is_some() {
                    return Err(ModelError::Duplicate((*to, ann.label)));
                }
                doc.annotations.remove(id);
                ann.span = *to;
                doc.annotations.insert(ann)
            }
            Edit::Batch(edits) => {
                for (i, e) in edits.iter().enumerate() {
                    if let Err(err) = e.apply(doc) {
                        // Roll back the part already applied: all or nothing.
                        for done in edits[..i].iter().rev() {
                            let _ = done.inverse().apply(doc);
                        }
                        return Err(err);
                    }
                }
                Ok(())
            }
        }
    }

    /// The spans whose rendering this edit changes.
    pub fn spans(&self, doc: &Document) -> Vec<Span> {
        match self {
            Edit::Add(a) | Edit::Remove(a) => vec![a.span],
            Edit::Relabel { id, .. } | Edit::Note { id, .. } => doc
                .annotations
                .get(id)
                .map(|a| a.span)
                .into_iter()
                .collect(),
            // Both places: the lines and storage buckets of the old and the
            // new extent change.
            Edit::Resize { from, to, .. } => vec![*from, *to],
            Edit::Batch(edits) => edits.iter().flat_map(|e| e.spans(doc)).collect(),
        }
    }
}

/// Undo and redo stacks for one document.
#[derive(Clone, Debug, Default)]
pub struct History {
    undo: Vec<Edit>,
    redo: Vec<Edit>,
}

impl History {
    /// Applies a new edit and records it; a new edit forgets the redo stack.
    pub fn apply(&mut self, doc: &mut Document, edit: Edit) -> Result<(), ModelError> {
        edit.apply(doc)?;
        self.undo.push(edit);
        self.redo.clear();
        Ok(())
    }

    /// Reverts the latest edit; returns the edit that was applied to do so.
    pub fn undo(&mut self, doc: &mut Document) -> Option<Result<Edit, ModelError>> {
        let edit = self.undo.pop()?;
        let inv = edit.inverse();
        Some(match inv.apply(doc) {
            Ok(()) => {
                self.redo.push(edit);
                Ok(inv)
            }
            Err(e) => {
                self.undo.push(edit);
                Err(e)
            }
        })
    }

    /// Re-applies the latest undone edit; returns it.
    pub fn redo(&mut self, doc: &mut Document) -> Option<Result<Edit, ModelError>> {
        let edit = self.redo.pop()?;
        Some(match edit.apply(doc) {
            Ok(()) => {
                self.undo.push(edit.clone());
                Ok(edit)
            }
            Err(e) => {
                self.redo.push(edit);
                Err(e)
            }
        })
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }
}
