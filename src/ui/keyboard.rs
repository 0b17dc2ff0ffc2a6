//! Annotating without a mouse: arrow keys move and extend a selection over
//! the text word by word (grapheme by grapheme with Alt), `]` and `[` move
//! between annotations. The selection is the browser's own, so it looks
//! like a mouse selection and `1`–`4` label it the same way.
//!
//! Tab is left alone on purpose: it keeps moving focus between the page's
//! controls, so the article never becomes a keyboard trap.

use leptos::prelude::*;

use super::article::line_el;
use super::state::{short, AppState};
use crate::web::{dom, segmenter, selection};
use spanmark_core::cursor::{self, Dir, KeySel};

/// Lines searched for the next word before giving up (empty lines between
/// paragraphs are skipped; a key press must stay cheap on a novel).
const REACH: usize = 64;

impl AppState {
    /// ←/→ (`grow`: with Shift; `fine`: with Alt, by grapheme cluster).
    pub fn key_move(&self, dir: Dir, grow: bool, fine: bool) {
        let Some(article) = dom::by_id("doc") else {
            return;
        };
        let from = self.key_start(&article);
        let next = self.editor.with_value(|e| {
            let lines = e.chunks();
            let text = &e.doc().text;
            cursor::key(lines, from, dir, grow, REACH, &mut |i| {
                let (s, t) = lines.get(i).copied().unwrap_or_default();
                segmenter::stops(text.slice_range(s, t), s, fine)
            })
        });
        let Some(next) = next else {
            self.say(match dir {
                Dir::Forward => "No more words after the selection.",
                Dir::Back => "No more words before the selection.",
            });
            return;
        };
        self.select(None);
        self.key_sel.set_value(Some(next));
        let (a_line, h_line) = self.editor.with_value(|e| {
            (
                cursor::line_of(e.chunks(), next.anchor),
                cursor::line_of(e.chunks(), next.head),
            )
        });
        let (Some(a_el), Some(h_el)) = (line_el(&article, a_line), line_el(&article, h_line))
        else {
            return;
        };
        if next.span().is_none() {
            selection::clear();
        } else if selection::set((&a_el, next.anchor), (&h_el, next.head)).is_some() {
            dom::reveal_selection(next.anchor <= next.head);
        }
        let span = next
            .span()
            .and_then(|s| self.editor.with_value(|e| e.doc().text.trim(s)));
        self.pending.set(span);
        match span {
            Some(s) => {
                let quote = self.editor.with_value(|e| short(e.doc().text.slice(s)));
                self.say(format!("Selected “{quote}”: press 1–4 to label it."));
            }
            None => self.say("Nothing selected."),
        }
    }

    /// Where the keys continue from: the keyboard selection if the window's
    /// selection is still the one it made, else the mouse's selection, the
    /// selected annotation, or the top of the visible text.
    fn key_start(&self, article: &web_sys::Element) -> KeySel {
        let shown = selection::current(article);
        if let Some(k) = self.key_sel.get_value() {
            if k.span() == shown {
                return k;
            }
        }
        if let Some(s) = shown {
            return KeySel {
                anchor: s.start(),
                head: s.end(),
            };
        }
        let selected = self.selected.get_untracked().and_then(|id| {
            self.editor
                .with_value(|e| e.doc().annotations.get(&id).map(|a| a.span))
        });
        if let Some(s) = selected {
            return KeySel {
                anchor: s.start(),
                head: s.end(),
            };
        }
        let top = selection::first_visible_line_start(article).unwrap_or(0);
        KeySel {
            anchor: top,
            head: top,
        }
    }

    /// `]` / `[`: selects the next or previous annotation in text order
    /// (wrapping at the ends), scrolls to it and says which it is.
    pub fn step_annotation(&self, forward: bool) {
        let from = self.key_sel.get_value().map_or(0, |k| {
            if forward {
                k.anchor.min(k.head)
            } else {
                k.anchor.max(k.head)
            }
        });
        let cur = self.selected.get_untracked();
        let found = self.editor.with_value(|e| {
            let anns = &e.doc().annotations;
            let a = anns.neighbour(cur.as_deref(), from, forward)?;
            let pos = anns.iter().position(|b| b.id == a.id).unwrap_or(0);
            Some((
                a.id.clone(),
                a.label.name(),
                short(e.doc().quote(a)),
                pos + 1,
                anns.len(),
            ))
        });
        let Some((id, label, quote, pos, total)) = found else {
            self.say("There are no annotations yet.");
            return;
        };
        selection::clear();
        self.key_sel.set_value(None);
        self.pending.set(None);
        self.select(Some(id));
        // The runs gain `.sel` when their lines redraw; scroll after that.
        request_animation_frame(dom::scroll_to_selected);
        self.say(format!("{label} “{quote}”, annotation {pos} of {total}."));
    }
}
