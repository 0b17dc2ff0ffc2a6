//! The app state shared through context. Core values live in `StoredValue`s
//! (not reactive); small signals announce what changed so that only the
//! affected parts redraw: one trigger per line of text, one counter for the
//! annotation list.

use std::collections::{HashMap, HashSet};

use leptos::prelude::*;

use crate::web::persist::{self, Mode, SetAside};
use crate::web::{clock, dom, files, perf, selection};
use spanmark_core::cursor::KeySel;
use spanmark_core::editor::{Change, Editor};
use spanmark_core::export::{native, slug};
use spanmark_core::label::Label;
use spanmark_core::model::{clean_note, Annotation, Annotations, Document};
use spanmark_core::ops::Edit;
use spanmark_core::storage::Library;
use spanmark_core::text::Span;

#[derive(Clone, Copy)]
pub struct AppState {
    /// The open document with its undo history.
    pub editor: StoredValue<Editor>,
    /// Documents opened earlier in this tab, kept with their undo history.
    pub(crate) parked: StoredValue<HashMap<String, Editor>>,
    pub library: RwSignal<Library>,
    /// Bumped when another document is opened: the article is rebuilt.
    pub doc_rev: RwSignal<u64>,
    /// Bumped on every annotation change: list, counts, undo buttons.
    pub ann_rev: RwSignal<u64>,
    /// One trigger per line of the open document.
    pub(crate) lines: StoredValue<Vec<ArcTrigger>>,
    pub selected: RwSignal<Option<String>>,
    /// The text currently selected in the article (trimmed), if any.
    pub pending: RwSignal<Option<Span>>,
    /// The selection the arrow keys made (`ui::keyboard`), with its
    /// direction, which the window's selection does not tell apart.
    pub(crate) key_sel: StoredValue<Option<KeySel>>,
    pub alert: RwSignal<Option<String>>,
    pub status: RwSignal<String>,
    pub mode: RwSignal<Mode>,
    /// Set when the last write to storage failed; cleared by the next success.
    pub unsaved: RwSignal<Option<String>>,
    /// Documents whose stored annotations may be stale after a failed write;
    /// they are rewritten whole until a write succeeds.
    pub(crate) dirty: StoredValue<HashSet<String>>,
    /// Unreadable stored values moved to backup keys at start-up.
    pub set_aside: RwSignal<Vec<SetAside>>,
    /// The open document's annotations as this tab last read or wrote them
    /// in storage: the base of the merge with other tabs' changes.
    pub(crate) base: StoredValue<Annotations>,
}

fn triggers(n: usize) -> Vec<ArcTrigger> {
    (0..n).map(|_| ArcTrigger::new()).collect()
}

impl AppState {
    /// Loads the library (or creates it) and builds the state.
    pub fn load() -> AppState {
        let loaded = persist::load();
        let base = loaded.doc.annotations.clone();
        let editor = Editor::new(loaded.doc);
        let n = editor.chunks().len();
        let mut alert = match &loaded.mode {
            Mode::Saving => None,
            Mode::Memory(m) | Mode::ReadOnly(m) => Some(m.clone()),
        };
        if !loaded.set_aside.is_empty() {
            let what: Vec<String> = loaded
                .set_aside
                .iter()
                .map(|s| format!("{} ({})", s.key, s.reason))
                .collect();
            let msg = format!(
                "Some saved data could not be read and was set aside, not deleted: {}. Everything else opened normally; download the set-aside data below to inspect or repair it.",
                what.join("; ")
            );
            alert = Some(match alert {
                Some(a) => format!("{a} {msg}"),
                None => msg,
            });
        }
        AppState {
            editor: StoredValue::new(editor),
            parked: StoredValue::new(HashMap::new()),
            library: RwSignal::new(loaded.library),
            doc_rev: RwSignal::new(0),
            ann_rev: RwSignal::new(0),
            lines: StoredValue::new(triggers(n)),
            selected: RwSignal::new(None),
            pending: RwSignal::new(None),
            key_sel: StoredValue::new(None),
            alert: RwSignal::new(alert),
            status: RwSignal::new(String::new()),
            mode: RwSignal::new(loaded.mode),
            unsaved: RwSignal::new(None),
            dirty: StoredValue::new(HashSet::new()),
            set_aside: RwSignal::new(loaded.set_aside),
            base: StoredValue::new(base),
        }
    }

    /// The trigger of line `i`, for the line component to track.
    pub fn line_trigger(&self, i: usize) -> ArcTrigger {
        self.lines
            .with_value(|l| l.get(i).cloned())
            .unwrap_or_default()
    }

    pub(crate) fn redraw(&self, lines: impl IntoIterator<Item = usize>) {
        self.lines.with_value(|l| {
            for i in lines {
                if let Some(t) = l.get(i) {
                    t.notify();
                }
            }
        });
    }

    fn redraw_annotation(&self, id: &str) {
        let lines = self.editor.with_value(|e| {
            e.doc()
                .annotations
                .get(id)
                .map(|a| e.chunks_of(a.span))
                .unwrap_or_default()
        });
        self.redraw(lines);
    }

    pub(crate) fn say(&self, msg: impl Into<String>) {
        self.alert.set(None);
        self.status.set(msg.into());
    }

    pub(crate) fn warn(&self, msg: impl Into<String>) {
        self.alert.set(Some(msg.into()));
    }

    /// Selects an annotation (or none), redrawing the lines of both.
    pub fn select(&self, id: Option<String>) {
        let old = self.selected.get_untracked();
        if old == id {
            return;
        }
        self.set_selected_soon(id.clone());
        for i in [old, id].into_iter().flatten() {
            self.redraw_annotation(&i);
        }
    }

    /// The selection changes now for everything that reads it (keys, the
    /// lines redrawn by this edit), and the panel (list rows, note box)
    /// hears of it after the next paint: the article's change is painted
    /// first.
    fn set_selected_soon(&self, id: Option<String>) {
        self.selected.update_untracked(|s| *s = id);
        let selected = self.selected;
        after_paint(move || selected.notify());
    }

    fn after_change(&self, change: Change) {
        self.redraw(change.chunks);
        self.ann_rev.update(|r| *r += 1);
        self.save(&change.spans);
        // The document's figures in the library panel (library_actions.rs),
        // stored with the edit so a reload right after it shows them.
        self.note_edit();
    }

    pub(crate) fn run(&self, edit: Edit) -> bool {
        match self.editor.try_update_value(|e| e.apply(edit)) {
            Some(Ok(change)) => {
                self.after_change(change);
                true
            }
            Some(Err(e)) => {
                self.warn(format!("Not changed: {e}."));
                false
            }
            None => false,
        }
    }

    /// Keys `1`–`4` and the label buttons: label the selected text, or
    /// relabel the selected annotation when no text is selected.
    pub fn apply_label(&self, label: Label) {
        let article = dom::by_id("doc");
        let span = article.as_ref().and_then(selection::current);
        let span = span.and_then(|s| self.editor.with_value(|e| e.doc().text.trim(s)));
        if let Some(span) = span {
            let existing = self
                .editor
                .with_value(|e| e.doc().annotations.find(span, label).map(|a| a.id.clone()));
            if let Some(id) = existing {
                self.select(Some(id));
                self.say(format!("That text is already labelled {}.", label.name()));
                return;
            }
            let ann = Annotation {
                id: clock::new_id("a"),
                label,
                span,
                note: String::new(),
                created_at: Some(clock::now_iso()),
            };
            let id = ann.id.clone();
            let quote = self
                .editor
                .with_value(|e| e.doc().text.slice(span).to_string());
            if self.run(Edit::Add(ann)) {
                selection::clear();
                self.pending.set(None);
                self.select(Some(id));
                self.say(format!("Labelled “{}” as {}.", short(&quote), label.name()));
            }
            return;
        }
        let Some(id) = self.selected.get_untracked() else {
            self.say("Select some text in the article first, then press 1–4.");
            return;
        };
        let from = self
            .editor
            .with_value(|e| e.doc().annotations.get(&id).map(|a| a.label));
        match from {
            Some(from) if from != label => {
                if self.run(Edit::Relabel {
                    id: id.clone(),
                    from,
                    to: label,
                }) {
                    self.say(format!("Relabelled as {}.", label.name()));
                }
            }
            Some(_) => {}
            None => self.select(None),
        }
    }

    /// Sets the note of annotation `id` to what was typed, as one undoable
    /// edit; nothing happens when the note stays the same.
    pub fn set_note(&self, id: &str, typed: &str) {
        let to = clean_note(typed);
        let Some(from) = self
            .editor
            .with_value(|e| e.doc().annotations.get(id).map(|a| a.note.clone()))
        else {
            return;
        };
        if from == to {
            return;
        }
        let gone = to.is_empty();
        if self.run(Edit::Note {
            id: id.to_string(),
            from,
            to,
        }) {
            self.say(if gone {
                "Note removed (Ctrl+Z undoes)."
            } else {
                "Note saved (Ctrl+Z undoes)."
            });
        }
    }

    /// Key `n`: into the selected annotation's note field.
    pub fn focus_note(&self) {
        if self.selected.get_untracked().is_none() || !dom::focus("note-input") {
            self.say("Select an annotation first (click it or its entry), then press N to write its note.");
        }
    }

    pub fn delete_selected(&self) {
        let Some(id) = self.selected.get_untracked() else {
            self.say("No annotation is selected.");
            return;
        };
        let Some(ann) = self
            .editor
            .with_value(|e| e.doc().annotations.get(&id).cloned())
        else {
            return;
        };
        self.set_selected_soon(None);
        if self.run(Edit::Remove(ann)) {
            self.say("Annotation deleted (Ctrl+Z undoes).");
        }
    }

    pub fn undo(&self) {
        self.history_step(true);
    }

    pub fn redo(&self) {
        self.history_step(false);
    }

    fn history_step(&self, undo: bool) {
        let res = self
            .editor
            .try_update_value(|e| if undo { e.undo() } else { e.redo() })
            .flatten();
        match res {
            Some(Ok(change)) => {
                let sel = self.selected.get_untracked();
                if let Some(id) = sel {
                    if self
                        .editor
                        .with_value(|e| e.doc().annotations.get(&id).is_none())
                    {
                        self.selected.set(None);
                    }
                }
                self.after_change(change);
                self.say(if undo { "Undone." } else { "Redone." });
            }
            Some(Err(e)) => self.warn(format!(
                "Could not {}: {e}.",
                if undo { "undo" } else { "redo" }
            )),
            None => self.say(if undo {
                "Nothing to undo."
            } else {
                "Nothing to redo."
            }),
        }
    }

    /// A click on a run at `cp`: selects the innermost annotation there, or
    /// the next one when the selected annotation already covers `cp`.
    pub fn click_at(&self, cp: Option<usize>) {
        let Some(cp) = cp else {
            self.select(None);
            return;
        };
        let ids: Vec<String> = self
            .editor
            .with_value(|e| e.covering(cp).into_iter().map(|a| a.id.clone()).collect());
        if ids.is_empty() {
            self.select(None);
            return;
        }
        let cur = self.selected.get_untracked();
        let next = match cur.and_then(|c| ids.iter().position(|i| *i == c)) {
            Some(i) => (i + 1) % ids.len(),
            None => 0,
        };
        self.select(ids.get(next).cloned());
        if ids.len() > 1 {
            self.say(format!(
                "Annotation {} of {} here; click again for the next.",
                next + 1,
                ids.len()
            ));
        }
    }

    fn save(&self, spans: &[Span]) {
        if self.mode.get_untracked() != Mode::Saving {
            return;
        }
        let (id, res) = perf::measure("spanmark:save", || {
            self.editor
                .with_value(|e| (e.doc().id.clone(), persist::save_changes(e.doc(), spans)))
        });
        if res.is_ok() {
            self.sync_base(spans);
        }
        if let Err(e) = res {
            self.dirty.update_value(|d| {
                d.insert(id);
            });
            self.unsaved.set(Some(format!(
                "Not saved: {e}. Your work is kept in this tab and saving is retried; use “Export everything” to keep a copy."
            )));
            self.schedule_retry();
            return;
        }
        self.retry_dirty();
    }

    /// Rewrites every document whose earlier save failed; clears the warning
    /// once all of them are stored.
    fn retry_dirty(&self) {
        let ids: Vec<String> = self.dirty.with_value(|d| d.iter().cloned().collect());
        for id in ids {
            let res = self.with_doc(&id, persist::save_all);
            if let Some(Ok(())) | None = res {
                if self.editor.with_value(|e| e.doc().id == id) {
                    let all = self.editor.with_value(|e| e.doc().annotations.clone());
                    self.base.set_value(all);
                }
                self.dirty.update_value(|d| {
                    d.remove(&id);
                });
            }
        }
        if self.dirty.with_value(HashSet::is_empty) {
            if self.unsaved.get_untracked().is_some() {
                self.unsaved.set(None);
                self.say("Saved again: everything is stored in this browser.");
            }
        } else {
            self.schedule_retry();
        }
    }

    fn schedule_retry(&self) {
        let st = *self;
        set_timeout(move || st.retry_dirty(), std::time::Duration::from_secs(3));
    }

    /// Runs `f` on an open or parked document of this tab.
    pub(crate) fn with_doc<T>(&self, id: &str, f: impl FnOnce(&Document) -> T) -> Option<T> {
        let mut f = Some(f);
        let here = self.editor.with_value(|e| {
            if e.doc().id == id {
                f.take().map(|f| f(e.doc()))
            } else {
                None
            }
        });
        here.or_else(|| {
            let f = f.take()?;
            self.parked.with_value(|p| p.get(id).map(|e| f(e.doc())))
        })
    }

    /// Every document of the library as a native export: the rescue when
    /// storage fails, and the whole-library backup.
    pub fn export_everything(&self) {
        let entries = self.library.get_untracked().documents;
        let mut docs = Vec::with_capacity(entries.len());
        let mut missing = Vec::new();
        for entry in entries {
            match self
                .with_doc(&entry.id, Document::clone)
                .map(Ok)
                .unwrap_or_else(|| persist::load_document(&entry.id))
            {
                Ok(d) => docs.push(d),
                Err(e) => missing.push(format!("{} ({e})", entry.title)),
            }
        }
        let refs: Vec<&Document> = docs.iter().collect();
        let json = native::export(&refs, &clock::now_iso());
        let name = format!("spanmark-library{}", native::FILE_SUFFIX);
        match files::download(&name, "application/json", &json) {
            Ok(()) if missing.is_empty() => {
                self.say(format!("Exported {} documents to {name}.", refs.len()))
            }
            Ok(()) => self.warn(format!(
                "Exported {} documents to {name}; these could not be read: {}.",
                refs.len(),
                missing.join(", ")
            )),
            Err(e) => self.warn(e),
        }
    }

    /// Downloads a value that was set aside at start-up, exactly as stored.
    pub fn download_set_aside(&self, backup: &str) {
        match crate::web::storage::read(backup) {
            Ok(Some(raw)) => {
                let name = format!("{}.txt", backup.replace(':', "_"));
                if let Err(e) = files::download(&name, "text/plain", &raw) {
                    self.warn(e);
                }
            }
            _ => self.warn(format!("{backup} is no longer in this browser's storage.")),
        }
    }

    pub fn export_current(&self) {
        let res = perf::measure("spanmark:export", || {
            let (name, json) = self.editor.with_value(|e| {
                let d = e.doc();
                (
                    format!("{}{}", slug(&d.title), native::FILE_SUFFIX),
                    native::export(&[d], &clock::now_iso()),
                )
            });
            files::download(&name, "application/json", &json).map(|()| name)
        });
        match res {
            Ok(name) => self.say(format!("Exported {name}.")),
            Err(e) => self.warn(e),
        }
    }

    /// Opens a document of the library, keeping the current one (and its
    /// undo history) for this tab.
    pub fn open(&self, id: &str) {
        if self.editor.with_value(|e| e.doc().id == id) {
            return;
        }
        let next = match self.parked.try_update_value(|p| p.remove(id)).flatten() {
            Some(e) => e,
            None => match persist::load_document(id) {
                Ok(d) => Editor::new(d),
                Err(e) => {
                    self.warn(format!("That document could not be opened: {e}."));
                    return;
                }
            },
        };
        let n = next.chunks().len();
        self.base.set_value(next.doc().annotations.clone());
        let prev = self.editor.try_update_value(|e| std::mem::replace(e, next));
        if let Some(prev) = prev {
            self.parked.update_value(|p| {
                p.insert(prev.doc().id.clone(), prev);
            });
        }
        self.lines.set_value(triggers(n));
        self.selected.set(None);
        self.pending.set(None);
        self.library.update(|l| l.current = Some(id.to_string()));
        if self.mode.get_untracked() == Mode::Saving {
            let _ = self.library.with_untracked(persist::save_library);
        }
        self.doc_rev.update(|r| *r += 1);
        self.ann_rev.update(|r| *r += 1);
    }
}

/// Runs `f` once the browser has painted the next frame: work the user does
/// not need to see in that frame (list scrolling, derived figures) must not
/// delay it.
pub(crate) fn after_paint(f: impl FnOnce() + 'static) {
    request_animation_frame(move || set_timeout(f, std::time::Duration::ZERO));
}

/// A quote shortened for messages and the list.
pub fn short(s: &str) -> String {
    short_to(s, 80)
}

/// `s` cut to at most `max` code points, the last one an ellipsis when cut.
pub fn short_to(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        None => s.to_string(),
        Some(_) => {
            let mut t: String = s.chars().take(max.saturating_sub(1)).collect();
            t.push('…');
            t
        }
    }
}
