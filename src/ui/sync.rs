//! Two tabs, one library: changes another tab stores reach this one through
//! the `storage` event and are merged by annotation id (see
//! [`spanmark_core::sync`]), so neither tab loses the other's work.

use leptos::prelude::*;

use super::state::AppState;
use crate::web::{persist, sync};
use spanmark_core::storage::{self, decode_bucket, decode_library, parse_bucket_key, BUCKET_CP};
use spanmark_core::sync::merge;
use spanmark_core::text::Span;

impl AppState {
    /// Starts listening to other tabs.
    pub fn start_sync(&self) {
        let st = *self;
        sync::on_change(move |key, value| st.on_remote(&key, value.as_deref()));
    }

    /// Copies the stored state of the buckets `spans` touched into the base.
    pub(crate) fn sync_base(&self, spans: &[Span]) {
        let mut ks: Vec<usize> = spans
            .iter()
            .map(|s| storage::bucket_of(s.start()))
            .collect();
        ks.dedup();
        for k in ks {
            let (lo, hi) = (k * BUCKET_CP, (k + 1) * BUCKET_CP);
            let mine: Vec<_> = self
                .editor
                .with_value(|e| e.doc().annotations.starting_in(lo, hi).cloned().collect());
            self.base.update_value(|b| {
                b.replace_starting_in(lo, hi, mine);
            });
        }
    }

    fn on_remote(&self, key: &str, value: Option<&str>) {
        if key == storage::LIBRARY_KEY {
            if let Some(Ok(mut lib)) = value.map(decode_library) {
                // The other tab's choice of open document is its own.
                lib.current = self.library.with_untracked(|l| l.current.clone());
                self.library.set(lib);
            }
            return;
        }
        let Some((id, k)) = parse_bucket_key(key) else {
            return;
        };
        let open_id = self.editor.with_value(|e| e.doc().id.clone());
        if id != open_id {
            // A document parked in this tab is reloaded from storage next time.
            self.parked.update_value(|p| {
                p.remove(&id);
            });
            return;
        }
        let len = self.editor.with_value(|e| e.doc().text.len());
        let theirs = match decode_bucket(key, k, len, value) {
            Ok(t) => t,
            Err(e) => {
                self.warn(format!(
                    "Another tab stored something this tab cannot read ({e}); it was ignored."
                ));
                return;
            }
        };
        let (lo, hi) = (k * BUCKET_CP, (k + 1) * BUCKET_CP);
        let mine: Vec<_> = self
            .editor
            .with_value(|e| e.doc().annotations.starting_in(lo, hi).cloned().collect());
        let base: Vec<_> = self
            .base
            .with_value(|b| b.starting_in(lo, hi).cloned().collect());
        let merged = merge(&base, &mine, &theirs);
        let same = |a: &[spanmark_core::model::Annotation],
                    b: &[spanmark_core::model::Annotation]| {
            a.len() == b.len() && a.iter().all(|x| b.contains(x))
        };
        if same(&merged, &mine) && same(&merged, &theirs) {
            self.base.update_value(|b| {
                b.replace_starting_in(lo, hi, merged);
            });
            return;
        }
        // What was taken out includes an annotation the other tab moved
        // here from another bucket: its old place is redrawn too.
        let removed = self
            .editor
            .try_update_value(|e| {
                e.doc_mut()
                    .annotations
                    .replace_starting_in(lo, hi, merged.clone())
            })
            .unwrap_or_default();
        let mut spans: Vec<Span> = removed
            .iter()
            .chain(merged.iter())
            .map(|a| a.span)
            .collect();
        spans.dedup();
        let lines: Vec<usize> = self
            .editor
            .with_value(|e| spans.iter().flat_map(|s| e.chunks_of(*s)).collect());
        self.base.update_value(|b| {
            b.replace_starting_in(lo, hi, merged.clone());
        });
        if let Some(sel) = self.selected.get_untracked() {
            if self
                .editor
                .with_value(|e| e.doc().annotations.get(&sel).is_none())
            {
                self.selected.set(None);
            }
        }
        self.redraw(lines);
        self.ann_rev.update(|r| *r += 1);
        // Our additions were not in the other tab's write: store the union.
        if !same(&merged, &theirs) && self.mode.get_untracked() == persist::Mode::Saving {
            if let Some(at) = Span::new(lo, lo + 1) {
                let _ = self
                    .editor
                    .with_value(|e| persist::save_changes(e.doc(), &[at]));
            }
        }
        self.say("Updated with changes from another tab.");
    }
}
