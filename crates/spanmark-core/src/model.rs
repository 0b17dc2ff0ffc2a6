//! Documents and their annotations.

use std::collections::{BTreeMap, HashMap};

use thiserror::Error;

use super::label::Label;
use super::text::{Span, Text};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Annotation {
    pub id: String,
    pub label: Label,
    pub span: Span,
    pub note: String,
    /// ISO 8601; absent for annotations imported without one.
    pub created_at: Option<String>,
}

/// Why an annotation could not be added.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum ModelError {
    #[error("the document already has a {label} annotation on {start}..{end}", label = .0.1.id(), start = .0.0.start(), end = .0.0.end())]
    Duplicate((Span, Label)),
    #[error("annotation id {0} is already used in this document")]
    IdTaken(String),
    #[error("span {start}..{end} ends past the text ({len} code points)", start = .0.start(), end = .0.end(), len = .1)]
    OutOfText(Span, usize),
    #[error("no annotation with id {0}")]
    Missing(String),
}

type Key = (Span, Label);

/// The annotations of one document, kept sorted by `(start, end, label)` and
/// unique on that key, with an id index and a cheap overlap query.
#[derive(Clone, Debug, Default)]
pub struct Annotations {
    by_key: BTreeMap<Key, Annotation>,
    by_id: HashMap<String, Key>,
    /// Upper bound on every span's length, so overlap queries only scan
    /// annotations starting within `max_len` before the query.
    max_len: usize,
    /// Annotations per label (indexed by the label's discriminant), kept
    /// up to date so the counts shown after every edit cost nothing.
    per_label: [usize; 4],
}

/// Equal when they hold the same annotations: `by_id` follows from `by_key`,
/// and `max_len` is only a bound that depends on past edits.
impl PartialEq for Annotations {
    fn eq(&self, other: &Self) -> bool {
        self.by_key == other.by_key
    }
}

impl Eq for Annotations {}

impl Annotations {
    pub fn len(&self) -> usize {
        self.by_key.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_key.is_empty()
    }

    /// In export order: `(start, end, label)`.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &Annotation> {
        self.by_key.values()
    }

    pub fn get(&self, id: &str) -> Option<&Annotation> {
        self.by_id.get(id).and_then(|k| self.by_key.get(k))
    }

    pub fn find(&self, span: Span, label: Label) -> Option<&Annotation> {
        self.by_key.get(&(span, label))
    }

    pub fn insert(&mut self, ann: Annotation) -> Result<(), ModelError> {
        let key = (ann.span, ann.label);
        if self.by_key.contains_key(&key) {
            return Err(ModelError::Duplicate(key));
        }
        if self.by_id.contains_key(&ann.id) {
            return Err(ModelError::IdTaken(ann.id));
        }
        self.max_len = self.max_len.max(ann.span.len());
        self.per_label[ann.label as usize] += 1;
        self.by_id.insert(ann.id.clone(), key);
        self.by_key.insert(key, ann);
        Ok(())
    }

    /// Replaces the note of annotation `id`; false when there is none. The
    /// note is not part of the key, so the order is unchanged.
    pub fn set_note(&mut self, id: &str, note: String) -> bool {
        match self.by_id.get(id).and_then(|k| self.by_key.get_mut(k)) {
            Some(a) => {
                a.note = note;
                true
            }
            None => false,
        }
    }

    pub fn remove(&mut self, id: &str) -> Option<Annotation> {
        let key = self.by_id.remove(id)?;
        let removed = self.by_key.remove(&key)?;
        let n = &mut self.per_label[removed.label as usize];
        *n = n.saturating_sub(1);
        Some(removed)
    }

    /// Every annotation sharing a code point with `span`, in export order.
    pub fn overlapping(&self, span: Span) -> impl Iterator<Item = &Annotation> {
        self.starting_in(span.start().saturating_sub(self.max_len), span.end())
            .filter(move |a| a.span.overlaps(span))
    }

    /// Annotations whose start lies in `lo..hi`, in export order.
    pub fn starting_in(&self, lo: usize, hi: usize) -> impl Iterator<Item = &Annotation> {
        use std::ops::Bound::{Excluded, Included, Unbounded};
        // The smallest key starting at `p`; none exists for `usize::MAX`.
        let first_at = |p: usize| Span::new(p, p.checked_add(1)?).map(|s| (s, Label::Actor));
        let range = match (first_at(lo), first_at(hi)) {
            _ if lo >= hi => None,
            (Some(a), Some(b)) => Some(self.by_key.range((Included(a), Excluded(b)))),
            (Some(a), None) => Some(self.by_key.range((Included(a), Unbounded))),
            (None, _) => None,
        };
        range.into_iter().flatten().map(|(_, a)| a)
    }

    /// The annotation after (`forward`) or before `id` in text order; from
    /// no annotation (or an unknown id), the first one starting at or after
    /// `from` (forward) or the last one starting before it. Wraps around the
    /// ends of the document, so `]` and `[` cycle through every annotation.
    pub fn neighbour(&self, id: Option<&str>, from: usize, forward: bool) -> Option<&Annotation> {
        use std::ops::Bound::{Excluded, Unbounded};
        let key = id.and_then(|i| self.by_id.get(i)).copied();
        let (lower, upper) = match key {
            Some(k) => (Excluded(k), Excluded(k)),
            None => match Span::new(from, from.saturating_add(1)) {
                // Before every key starting at `from`: `(from, from+1, Actor)`
                // is the smallest, and nothing sorts between it and its
                // predecessors.
                Some(s) => (
                    std::ops::Bound::Included((s, Label::Actor)),
                    Excluded((s, Label::Actor)),
                ),
                None => (Unbounded, Unbounded),
            },
        };
        let found = if forward {
            self.by_key.range((lower, Unbounded)).next()
        } else {
            self.by_key.range((Unbounded, upper)).next_back()
        };
        let wrapped = || {
            if forward {
                self.by_key.values().next()
            } else {
                self.by_key.values().next_back()
            }
        };
        found.map(|(_, a)| a).or_else(wrapped)
    }

    /// Replaces every annotation starting in `lo..hi` with `new` (whose
    /// starts must lie in that range too); returns the ones taken out. An
    /// annotation of `new` whose id is used outside the range replaces that
    /// one (a resize moved it into the range) and is returned too; one that
    /// collides on span and label with one outside the range is dropped:
    /// the document stays free of duplicates.
    pub fn replace_starting_in(
        &mut self,
        lo: usize,
        hi: usize,
        new: Vec<Annotation>,
    ) -> Vec<Annotation> {
        let ids: Vec<String> = self.starting_in(lo, hi).map(|a| a.id.clone()).collect();
        let mut old: Vec<Annotation> = ids.iter().filter_map(|id| self.remove(id)).collect();
        for a in new {
            if (lo..hi).contains(&a.span.start()) {
                if self.find(a.span, a.label).is_some() {
                    continue;
                }
                old.extend(self.remove(&a.id));
                let _ = self.insert(a);
            }
        }
        old
    }

    /// How many annotations carry each label, in `Label::ALL` order.
    pub fn counts(&self) -> [(Label, usize); 4] {
        Label::ALL.map(|l| (l, self.per_label[l as usize]))
    }
}

/// A note as typed, as it is kept: surrounding whitespace dropped, so a
/// note of only spaces and line breaks is no note (the empty string).
pub fn clean_note(typed: &str) -> String {
    typed.trim().to_string()
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Document {
    pub id: String,
    pub title: String,
    pub text: Text,
    /// Flat string metadata, e.g. `date`.
    pub meta: BTreeMap<String, String>,
    pub annotations: Annotations,
}

impl Document {
    pub fn new(id: String, title: String, text: String) -> Document {
        Document {
            id,
            title,
            text: Text::new(text),
            meta: BTreeMap::new(),
            annotations: Annotations::default(),
        }
    }

    /// Adds an annotation after checking it lies inside the text.
    pub fn add(&mut self, ann: Annotation) -> Result<(), ModelError> {
        if ann.span.end() > self.text.len() {
            return Err(ModelError::OutOfText(ann.span, self.text.len()));
        }
        self.annotations.insert(ann)
    }

    /// The quoted text of an annotation.
    pub fn quote(&self, ann: &Annotation) -> &str {
        self.text.slice(ann.span)
    }
}
