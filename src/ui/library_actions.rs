//! The library's actions: bringing documents in (files picked or dropped,
//! pasted text), mapping foreign labels and re-imports through the dialogs,
//! renaming, deleting with an undo, restoring the sample article, and the
//! per-document figures the library panel shows.
//!
//! An import runs in steps: read and check every file (a refused file is
//! named and skipped; nothing of it is stored), ask for the labels that are
//! not ours, ask what to do with texts already in the library, then store
//! everything in one all-or-nothing transaction.

use std::collections::HashSet;

use leptos::prelude::*;
use web_sys::File;

use super::state::AppState;
use crate::web::library_store::Tx;
use crate::web::persist::{self, Mode};
use crate::web::{clock, intake, perf};
use spanmark_core::editor::Editor;
use spanmark_core::import::{
    self, foreign_labels, plural, text as intake_text, Choice, Draft, Foreign, Incoming, Kind,
    LabelMap, Parsed,
};
use spanmark_core::label::Label;
use spanmark_core::model::Document;
use spanmark_core::seed::{seed_document, SEED_TITLE};
use spanmark_core::storage::{DocInfo, Library, LibraryEntry};

/// A document of the library with the same text as an incoming one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SameText {
    pub title_in_file: String,
    pub annotations_in_file: usize,
    pub title_here: String,
    pub annotations_here: usize,
}

/// A document deleted in this tab, kept so the deletion can be undone.
#[derive(Clone, Debug)]
pub struct Deleted {
    pub doc: Document,
    pub index: usize,
    pub info: Option<DocInfo>,
    pub was_current: bool,
}

/// An import waiting for the person's answer in a dialog.
#[derive(Default)]
struct Pending {
    drafts: Vec<Draft>,
    incoming: Vec<Incoming>,
    same: Vec<Option<Document>>,
    sources: Vec<String>,
    notes: Vec<String>,
    refused: Vec<String>,
}

/// The library's UI state, shared through context beside [`AppState`].
#[derive(Clone, Copy)]
pub struct LibraryUi {
    /// The library panel is open.
    pub panel: RwSignal<bool>,
    /// The paste dialog is open, with this text to start from.
    pub paste: RwSignal<Option<String>>,
    /// Labels of an import to map to ours (the mapping dialog is open).
    pub labels: RwSignal<Option<Vec<Foreign>>>,
    /// Incoming documents whose text is in the library already (the
    /// re-import dialog is open).
    pub reimport: RwSignal<Option<Vec<SameText>>>,
    /// Files are being dragged over the page.
    pub dragging: RwSignal<bool>,
    /// Documents deleted in this tab, newest last.
    pub trash: RwSignal<Vec<Deleted>>,
    /// Bumped when the library's figures change without the library signal
    /// (they are updated untracked on every edit).
    pub rev: RwSignal<u64>,
    pending: StoredValue<Option<Pending>>,
}

impl LibraryUi {
    pub fn new() -> LibraryUi {
        LibraryUi {
            panel: RwSignal::new(false),
            paste: RwSignal::new(None),
            labels: RwSignal::new(None),
            reimport: RwSignal::new(None),
            dragging: RwSignal::new(false),
            trash: RwSignal::new(Vec::new()),
            rev: RwSignal::new(0),
            pending: StoredValue::new(None),
        }
    }

    fn busy(&self, st: AppState) -> bool {
        let busy = self.pending.with_value(Option::is_some);
        if busy {
            st.warn("Another import is in progress; finish it first.");
        }
        busy
    }

    /// Reads files picked or dropped: text, Markdown, HTML, spanmark JSON,
    /// doccano JSONL, Label Studio JSON; any number at once.
    pub fn import_files(self, st: AppState, files: Vec<File>) {
        if files.is_empty() || self.busy(st) {
            return;
        }
        self.pending.set_value(Some(Pending::default()));
        leptos::task::spawn_local(async move {
            let mut parsed = Vec::with_capacity(files.len());
            let mut refused = Vec::new();
            for f in files {
                let name = f.name();
                match read(&f, &name).await {
                    Ok(p) => parsed.push((name, p)),
                    Err(e) => refused.push(format!("{name} was not imported: {e}.")),
                }
            }
            self.pending.set_value(None);
            self.start(st, parsed, refused);
        });
    }

    /// Adds pasted text as a document titled `title` (or after its first
    /// line); the error is shown in the paste dialog.
    pub fn add_pasted(self, st: AppState, title: String, text: String) -> Result<(), String> {
        if self.pending.with_value(Option::is_some) {
            return Err("Finish the import in progress first.".into());
        }
        let title = Some(title.trim().to_string()).filter(|t| !t.is_empty());
        let d = intake_text::plain(text, title).map_err(|e| format!("Nothing was added: {e}."))?;
        let p = Parsed {
            format: "text",
            drafts: vec![d],
            notes: Vec::new(),
        };
        self.start(st, vec![("the pasted text".into(), p)], Vec::new());
        Ok(())
    }

    fn start(self, st: AppState, parsed: Vec<(String, Parsed)>, refused: Vec<String>) {
        let mut p = Pending {
            refused,
            ..Pending::default()
        };
        for (name, f) in parsed {
            if f.drafts.is_empty() {
                p.refused
                    .push(format!("{name} holds no documents; nothing was imported."));
                continue;
            }
            p.sources.push(name);
            p.notes.extend(f.notes);
            p.drafts.extend(f.drafts);
        }
        if p.drafts.is_empty() {
            st.warn(p.refused.join(" "));
            return;
        }
        let foreign = foreign_labels(&p.drafts);
        self.pending.set_value(Some(p));
        if foreign.is_empty() {
            self.map_labels(st, LabelMap::new());
        } else {
            self.labels.set(Some(foreign));
        }
    }

    /// The mapping dialog's answer: resolves the labels and looks for texts
    /// already in the library.
    pub fn map_labels(self, st: AppState, map: LabelMap) {
        self.labels.set(None);
        let Some(mut p) = self.pending.try_update_value(Option::take).flatten() else {
            return;
        };
        let mut new_id = clock::new_id;
        p.incoming = std::mem::take(&mut p.drafts)
            .into_iter()
            .map(|d| import::resolve(d, &map, &mut new_id))
            .collect();
        let dropped: usize = p.incoming.iter().map(|i| i.dropped).sum();
        if dropped > 0 {
            let labels: Vec<&String> = map
                .iter()
                .filter(|(_, v)| v.is_none())
                .map(|(k, _)| k)
                .collect();
            p.notes.push(format!(
                "{} with the dropped label{} {} left out",
                plural(dropped, "span", "spans"),
                if labels.len() == 1 { "" } else { "s" },
                labels
                    .iter()
                    .map(|l| format!("“{l}”"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        p.same = same_texts(st, &p.incoming);
        let questions: Vec<SameText> = p
            .incoming
            .iter()
            .zip(&p.same)
            .filter_map(|(inc, same)| {
                let here = same.as_ref()?;
                Some(SameText {
                    title_in_file: inc.doc.title.clone(),
                    annotations_in_file: inc.doc.annotations.len(),
                    title_here: here.title.clone(),
                    annotations_here: here.annotations.len(),
                })
            })
            .collect();
        self.pending.set_value(Some(p));
        if questions.is_empty() {
            self.commit(st, Choice::KeepBoth);
        } else {
            self.reimport.set(Some(questions));
        }
    }

    /// Cancels the import waiting in a dialog: nothing is stored.
    pub fn cancel(self, st: AppState) {
        self.labels.set(None);
        self.reimport.set(None);
        if let Some(p) = self.pending.try_update_value(Option::take).flatten() {
            let mut msg = String::from("Import cancelled; nothing was changed.");
            for r in p.refused {
                msg.push(' ');
                msg.push_str(&r);
            }
            st.warn(msg);
        }
    }

    /// Stores the waiting import, with `choice` for texts already in the
    /// library; all or nothing.
    pub fn commit(self, st: AppState, choice: Choice) {
        self.reimport.set(None);
        let Some(p) = self.pending.try_update_value(Option::take).flatten() else {
            return;
        };
        perf::measure("spanmark:import", || self.store(st, p, choice));
    }

    fn store(self, st: AppState, p: Pending, choice: Choice) {
        let lib = st.library.get_untracked();
        let taken: HashSet<String> = lib.documents.iter().map(|e| e.id.clone()).collect();
        let mut new_id = clock::new_id;
        let plan = import::plan(p.incoming, &p.same, choice, &taken, &mut new_id);
        let Some(first) = plan
            .added
            .first()
            .map(|d| d.id.clone())
            .or_else(|| plan.changed.first().map(|c| c.doc.id.clone()))
        else {
            return;
        };
        let now = clock::now_iso();
        let mut next = lib.clone();
        for c in &plan.changed {
            if let Some(e) = next.documents.iter_mut().find(|e| e.id == c.old_id) {
                e.id = c.doc.id.clone();
                e.title = c.doc.title.clone();
            }
            next.info.remove(&c.old_id);
            next.info
                .insert(c.doc.id.clone(), DocInfo::of(&c.doc, Some(now.clone())));
        }
        for d in &plan.added {
            next.documents.push(LibraryEntry {
                id: d.id.clone(),
                title: d.title.clone(),
            });
            next.info
                .insert(d.id.clone(), DocInfo::of(d, Some(now.clone())));
        }
        next.current = Some(first.clone());
        let names = p.sources.join(", ");
        if st.mode.get_untracked() == Mode::Saving {
            let mut tx = Tx::new();
            let res = (|| {
                for c in &plan.changed {
                    if c.doc.id == c.old_id {
                        tx.rewrite_document(&c.doc)?;
                    } else {
                        tx.remove_document(&c.old_id)?;
                        tx.store_document(&c.doc)?;
                    }
                }
                for d in &plan.added {
                    tx.store_document(d)?;
                }
                tx.save_library(&next)
            })();
            if let Err(e) = res {
                tx.rollback();
                let mut msg = format!("{names}: nothing was imported: {e}. Nothing was changed.");
                for r in &p.refused {
                    msg.push(' ');
                    msg.push_str(r);
                }
                st.warn(msg);
                return;
            }
        }
        // In this tab: a changed document open or parked here takes its new
        // content; new documents are read from storage when opened (kept in
        // memory when storage is not used).
        let saving = st.mode.get_untracked() == Mode::Saving;
        let open_id = st.editor.with_value(|e| e.doc().id.clone());
        for c in &plan.changed {
            st.dirty.update_value(|d| {
                d.remove(&c.old_id);
            });
            if c.old_id == open_id {
                st.replace_open(c.doc.clone());
            } else {
                let was_parked = st
                    .parked
                    .try_update_value(|m| m.remove(&c.old_id))
                    .flatten()
                    .is_some();
                if was_parked || !saving || c.doc.id == first {
                    st.parked.update_value(|m| {
                        m.insert(c.doc.id.clone(), Editor::new(c.doc.clone()));
                    });
                }
            }
        }
        let (n_docs, n_anns) = (
            plan.added.len(),
            plan.added
                .iter()
                .map(|d| d.annotations.len())
                .sum::<usize>(),
        );
        st.parked.update_value(|m| {
            for d in plan.added.iter().filter(|d| !saving || d.id == first) {
                m.insert(d.id.clone(), Editor::new(d.clone()));
            }
        });
        st.library.set(next);
        st.open(&first);
        self.rev.update(|r| *r += 1);

        let mut msg = Vec::new();
        if n_docs > 0 {
            msg.push(format!(
                "Imported {} with {} from {names}.",
                plural(n_docs, "document", "documents"),
                plural(n_anns, "annotation", "annotations")
            ));
        }
        for c in &plan.changed {
            msg.push(match c.how {
                Choice::Replace => format!(
                    "Replaced “{}” with the file's copy ({}).",
                    c.doc.title,
                    plural(c.annotations, "annotation", "annotations")
                ),
                _ => format!(
                    "Merged {} into “{}”.",
                    plural(c.annotations, "new annotation", "new annotations"),
                    c.doc.title
                ),
            });
        }
        if !p.notes.is_empty() {
            msg.push(format!("Note: {}.", p.notes.join("; ")));
        }
        st.say(msg.join(" "));
        if !p.refused.is_empty() {
            st.warn(p.refused.join(" "));
        }
    }

    /// Renames a document; an empty title is refused.
    pub fn rename(self, st: AppState, id: &str, title: &str) -> bool {
        let title = title.trim();
        if title.is_empty() {
            st.warn("A document needs a title; the name was not changed.");
            return false;
        }
        let Some(mut doc) = st.document(id) else {
            return false;
        };
        if doc.title == title {
            return true;
        }
        let old = std::mem::replace(&mut doc.title, title.to_string());
        let mut next = st.library.get_untracked();
        if let Some(e) = next.documents.iter_mut().find(|e| e.id == id) {
            e.title = title.to_string();
        }
        touch(&mut next, &doc);
        if st.mode.get_untracked() == Mode::Saving {
            let mut tx = Tx::new();
            let res = tx.rewrite_head(&doc).and_then(|()| tx.save_library(&next));
            if let Err(e) = res {
                tx.rollback();
                st.warn(format!("“{old}” was not renamed: {e}."));
                return false;
            }
        }
        let set = |e: &mut Editor| e.doc_mut().title = title.to_string();
        let saving = st.mode.get_untracked() == Mode::Saving;
        if st.editor.with_value(|e| e.doc().id == id) {
            st.editor.update_value(set);
        } else {
            st.parked.update_value(|m| match m.get_mut(id) {
                Some(e) => set(e),
                // Not stored: the renamed copy lives in this tab.
                None if !saving => {
                    m.insert(id.to_string(), Editor::new(doc));
                }
                None => {}
            });
        }
        st.library.set(next);
        self.rev.update(|r| *r += 1);
        st.say(format!("Renamed “{old}” to “{title}”."));
        true
    }

    /// Deletes a document (after the panel's confirmation), keeping it in
    /// this tab so the deletion can be undone. The library keeps at least
    /// one document.
    pub fn delete(self, st: AppState, id: &str) {
        let lib = st.library.get_untracked();
        let Some(index) = lib.documents.iter().position(|e| e.id == id) else {
            return;
        };
        if lib.documents.len() == 1 {
            st.warn("This is the only document: add another before deleting it.");
            return;
        }
        let title = lib.documents[index].title.clone();
        let doc = st.document(id);
        let was_current = st.editor.with_value(|e| e.doc().id == id);
        let mut next = lib.clone();
        next.documents.remove(index);
        let info = next.info.remove(id);
        let neighbour = next
            .documents
            .get(index)
            .or_else(|| next.documents.last())
            .map(|e| e.id.clone())
            .unwrap_or_default();
        if was_current {
            next.current = Some(neighbour.clone());
        }
        if st.mode.get_untracked() == Mode::Saving {
            let mut tx = Tx::new();
            let res = tx.remove_document(id).and_then(|()| tx.save_library(&next));
            if let Err(e) = res {
                tx.rollback();
                st.warn(format!("“{title}” was not deleted: {e}."));
                return;
            }
        }
        if was_current {
            st.library.set(next.clone());
            st.open(&neighbour);
        }
        st.parked.update_value(|m| {
            m.remove(id);
        });
        st.dirty.update_value(|d| {
            d.remove(id);
        });
        st.library.set(next);
        let undoable = doc.is_some();
        if let Some(doc) = doc {
            self.trash.update(|t| {
                t.push(Deleted {
                    doc,
                    index,
                    info,
                    was_current,
                })
            });
        }
        self.rev.update(|r| *r += 1);
        st.say(if undoable {
            format!("Deleted “{title}”. Undo it in the library panel.")
        } else {
            format!("Deleted “{title}” (it could not be read, so this cannot be undone).")
        });
    }

    /// Puts the `i`-th deleted document back where it was.
    pub fn undelete(self, st: AppState, i: usize) {
        let Some(d) = self.trash.with_untracked(|t| t.get(i).cloned()) else {
            return;
        };
        let mut next = st.library.get_untracked();
        let mut doc = d.doc.clone();
        if next.documents.iter().any(|e| e.id == doc.id) {
            doc.id = clock::new_id("d");
        }
        let at = d.index.min(next.documents.len());
        next.documents.insert(
            at,
            LibraryEntry {
                id: doc.id.clone(),
                title: doc.title.clone(),
            },
        );
        next.info.insert(
            doc.id.clone(),
            d.info.clone().unwrap_or_else(|| DocInfo::of(&doc, None)),
        );
        if d.was_current {
            next.current = Some(doc.id.clone());
        }
        if st.mode.get_untracked() == Mode::Saving {
            let mut tx = Tx::new();
            let res = tx
                .store_document(&doc)
                .and_then(|()| tx.save_library(&next));
            if let Err(e) = res {
                tx.rollback();
                st.warn(format!("“{}” was not restored: {e}.", doc.title));
                return;
            }
        }
        self.trash.update(|t| {
            t.remove(i);
        });
        let id = doc.id.clone();
        let title = doc.title.clone();
        st.parked.update_value(|m| {
            m.insert(id.clone(), Editor::new(doc));
        });
        st.library.set(next);
        if d.was_current {
            st.open(&id);
        }
        self.rev.update(|r| *r += 1);
        st.say(format!("Restored “{title}”."));
    }

    /// Opens the sample article: an unannotated copy in the library, or a
    /// fresh one added.
    pub fn restore_seed(self, st: AppState) {
        let fresh = seed_document(String::new());
        let lib = st.library.get_untracked();
        let existing = lib.documents.iter().find_map(|e| {
            let info = st.info(&e.id)?;
            (info.len == fresh.text.len() && info.counts == [0; 4])
                .then(|| st.document(&e.id))
                .flatten()
                .filter(|d| d.text.as_str() == fresh.text.as_str())
                .map(|d| d.id)
        });
        if let Some(id) = existing {
            st.open(&id);
            self.panel.set(false);
            st.say(format!("Opened the sample article, “{SEED_TITLE}”."));
            return;
        }
        self.panel.set(false);
        self.pending.set_value(Some(Pending {
            sources: vec!["the sample article".into()],
            incoming: vec![Incoming {
                doc: fresh,
                titled: true,
                dropped: 0,
            }],
            same: vec![None],
            ..Pending::default()
        }));
        self.commit(st, Choice::KeepBoth);
    }

    /// Fills in the figures of documents stored before they were recorded
    /// (reading each such document once), and saves them.
    pub fn fill_info(self, st: AppState) {
        let missing: Vec<String> = st.library.with_untracked(|l| {
            l.documents
                .iter()
                .filter(|e| !l.info.contains_key(&e.id))
                .map(|e| e.id.clone())
                .collect()
        });
        if missing.is_empty() {
            return;
        }
        for id in missing {
            let _ = st.info(&id);
        }
        st.save_library_quietly();
        self.rev.update(|r| *r += 1);
    }
}

impl Default for LibraryUi {
    fn default() -> Self {
        LibraryUi::new()
    }
}

/// Reads and checks one file.
async fn read(f: &File, name: &str) -> Result<Parsed, String> {
    let bytes = intake::read_bytes(f).await?;
    let text = intake_text::decode(&bytes)?;
    if import::kind_of(name, &text) == Kind::Html {
        let (pieces, title) = intake::html_pieces(&text)?;
        return Ok(Parsed {
            format: "HTML",
            drafts: vec![intake_text::html(&pieces, title)?],
            notes: Vec::new(),
        });
    }
    import::parse(name, &text)
}

/// For each incoming document, the library's document with the same text.
fn same_texts(st: AppState, incoming: &[Incoming]) -> Vec<Option<Document>> {
    let ids: Vec<String> = st
        .library
        .with_untracked(|l| l.documents.iter().map(|e| e.id.clone()).collect());
    // Lengths first (recorded in the library), texts only where they agree.
    let lens: Vec<(String, usize)> = ids
        .into_iter()
        .filter_map(|id| st.info(&id).map(|i| (id, i.len)))
        .collect();
    incoming
        .iter()
        .map(|inc| {
            let (text, len) = (inc.doc.text.as_str(), inc.doc.text.len());
            lens.iter()
                .filter(|(_, l)| *l == len)
                .find_map(|(id, _)| st.document(id).filter(|d| d.text.as_str() == text))
        })
        .collect()
}

/// Records a change of `doc` in the library's figures.
fn touch(lib: &mut Library, doc: &Document) {
    lib.info
        .insert(doc.id.clone(), DocInfo::of(doc, Some(clock::now_iso())));
}

impl AppState {
    /// A document of the library, from this tab or from storage.
    pub(crate) fn document(&self, id: &str) -> Option<Document> {
        self.with_doc(id, Document::clone)
            .or_else(|| persist::load_document(id).ok())
    }

    /// The library figures of a document, computed (and kept in memory)
    /// when the library does not have them yet.
    pub(crate) fn info(&self, id: &str) -> Option<DocInfo> {
        if let Some(i) = self.library.with_untracked(|l| l.info.get(id).cloned()) {
            return Some(i);
        }
        let info = self.with_doc(id, |d| DocInfo::of(d, None)).or_else(|| {
            persist::load_document(id)
                .ok()
                .map(|d| DocInfo::of(&d, None))
        })?;
        self.library.update_untracked(|l| {
            l.info.insert(id.to_string(), info.clone());
        });
        Some(info)
    }

    /// After every annotation change of the open document: its figures in
    /// the library (untracked, so the document menu does not redraw on
    /// every edit) and stored with the library.
    pub(crate) fn note_edit(&self) {
        let info = self.editor.with_value(|e| {
            (
                e.doc().id.clone(),
                DocInfo::of(e.doc(), Some(clock::now_iso())),
            )
        });
        self.library.update_untracked(|l| {
            l.info.insert(info.0, info.1);
        });
        self.save_library_quietly();
    }

    /// Stores the library when storage is in use; a failure here is not
    /// reported (the figures are rewritten with the next change, and failed
    /// annotation writes have their own warning).
    pub(crate) fn save_library_quietly(&self) {
        if self.mode.get_untracked() == Mode::Saving {
            let _ = self.library.with_untracked(persist::save_library);
        }
    }

    /// Puts `doc` in place of the open document (same text, new content),
    /// with a fresh undo history.
    pub(crate) fn replace_open(&self, doc: Document) {
        let ed = Editor::new(doc);
        let n = ed.chunks().len();
        self.base.set_value(ed.doc().annotations.clone());
        self.editor.set_value(ed);
        self.lines
            .set_value((0..n).map(|_| ArcTrigger::new()).collect());
        self.selected.set(None);
        self.pending.set(None);
        self.doc_rev.update(|r| *r += 1);
        self.ann_rev.update(|r| *r += 1);
    }
}

/// Counts per label of `info`, with the labels.
pub fn counts(info: &DocInfo) -> impl Iterator<Item = (Label, usize)> {
    Label::ALL.into_iter().zip(info.counts)
}
