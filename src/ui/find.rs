//! Find in the document: the find box in the toolbar (Ctrl/Cmd+F), every
//! match painted with the CSS Custom Highlight API (`::highlight(find)` and
//! `::highlight(find-current)` in the stylesheet, so the article's DOM does
//! not change), Enter / Shift+Enter to step through them, and "Label all
//! matches" as one undoable edit.
//!
//! Browsers without the highlight API still get the count, the stepping and
//! the current match, which becomes the text selection instead.

use std::collections::HashSet;

use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::state::AppState;
use crate::web::highlight::Painter;
use crate::web::selection::{self, Runs};
use crate::web::{clock, dom};
use spanmark_core::find::{Case, Finder};
use spanmark_core::label::Label;
use spanmark_core::model::Annotation;
use spanmark_core::ops::Edit;
use spanmark_core::text::Span;

/// Matches labelled at once at most ("Label all matches"): a document of a
/// million code points can hold far more than anyone means to label.
pub const CAP: usize = 10_000;

/// Only the matches around the view are painted — a range costs about 30 µs
/// to make: painting the first 10,000 of a novel's 60,000 "t"s took 300 ms
/// per key — from this many code points before the first line in view…
const PAINT_BEFORE: usize = 2_000;
/// …to this many after it (a window 900 px high shows about 1,500, a tall
/// one 3,000), and at most this many of them (one-letter queries).
const PAINT_AFTER: usize = 6_000;
const PAINT_MOST: usize = 2_000;

/// Where the article's visible part starts (see
/// `selection::first_visible_line_start`).
fn view_top() -> Option<usize> {
    selection::first_visible_line_start(&dom::by_id("doc")?)
}

/// The find box's state, shared through context.
#[derive(Clone, Copy)]
pub struct Find {
    pub query: RwSignal<String>,
    pub match_case: RwSignal<bool>,
    /// Matches of the current query, in text order.
    matches: StoredValue<Vec<Span>>,
    /// Keeps the document's case fold from one key to the next.
    finder: StoredValue<Finder>,
    /// How many matches there are (drives the count line).
    pub count: RwSignal<usize>,
    /// Index of the current match.
    pub current: RwSignal<Option<usize>>,
    pub label: RwSignal<Label>,
    /// Every match, and the current one; `None` without the highlight API.
    painters: StoredValue<Option<(Painter, Painter)>, LocalStorage>,
    /// The code points around the view whose matches are painted.
    painted: StoredValue<(usize, usize)>,
    /// A repaint for scrolling is already asked for the next frame.
    scroll_pending: StoredValue<bool>,
}

impl Find {
    pub fn new() -> Find {
        let painters = match (Painter::new("find"), Painter::new("find-current")) {
            (Some(all), Some(cur)) => Some((all, cur)),
            _ => None,
        };
        Find {
            query: RwSignal::new(String::new()),
            match_case: RwSignal::new(false),
            matches: StoredValue::new(Vec::new()),
            finder: StoredValue::new(Finder::default()),
            count: RwSignal::new(0),
            current: RwSignal::new(None),
            label: RwSignal::new(Label::Actor),
            painters: StoredValue::new_local(painters),
            painted: StoredValue::new((0, 0)),
            scroll_pending: StoredValue::new(false),
        }
    }

    /// Searches the open document again (query, case or document changed).
    fn search(&self, st: AppState) {
        let query = self.query.get_untracked();
        let case = if self.match_case.get_untracked() {
            Case::Sensitive
        } else {
            Case::Insensitive
        };
        let found = st.editor.with_value(|e| {
            self.finder
                .try_update_value(|f| f.find_all(e.doc().text.as_str(), &query, case))
                .unwrap_or_default()
        });
        // The current match is the first one from the top of the view on,
        // as in a browser's find: typing a query does not leave the page.
        let top = view_top().unwrap_or(0);
        let n = found.len();
        let from = found.partition_point(|s| s.start() < top);
        self.matches.set_value(found);
        self.count.set(n);
        self.current
            .set((n > 0).then_some(if from < n { from } else { 0 }));
        // Scroll first: what is painted depends on what is in view.
        self.reveal(st);
        self.paint(st);
    }

    /// Paints the matches around the view and the current one. The ranges
    /// point into the runs' text nodes, which a redrawn line replaces, so
    /// this runs again after every annotation change, and again when
    /// scrolling leaves the part painted.
    fn paint(&self, st: AppState) {
        let article = dom::by_id("doc");
        // Lines just scrolled to may not be laid out yet (content-visibility
        // skips them until the next frame): then the current match, which
        // `reveal` scrolled to, stands for the view.
        let current_start = self
            .current
            .get_untracked()
            .and_then(|c| self.matches.with_value(|m| m.get(c).map(|s| s.start())));
        let top = view_top().or(current_start).unwrap_or(0);
        let (lo, hi) = (top.saturating_sub(PAINT_BEFORE), top + PAINT_AFTER);
        self.painted.set_value((lo, hi));
        let painted = self.painters.with_value(|p| {
            let Some((all, cur)) = p else { return false };
            all.clear();
            cur.clear();
            let Some(runs) = article.as_ref().and_then(Runs::new) else {
                return true;
            };
            let current = self.current.get_untracked();
            st.editor.with_value(|e| {
                let (text, lines) = (&e.doc().text, e.chunks());
                self.matches.with_value(|m| {
                    let first = m.partition_point(|s| s.end() <= lo);
                    let near = m.iter().enumerate().skip(first);
                    for (i, span) in near.take_while(|(_, s)| s.start() < hi).take(PAINT_MOST) {
                        if let Some(r) = runs.range(text, lines, *span) {
                            all.add(&r);
                            if Some(i) == current {
                                cur.add(&r);
                            }
                        }
                    }
                    // The current match may lie outside what was painted.
                    if let Some(span) = current.and_then(|c| m.get(c)) {
                        if span.end() <= lo || span.start() >= hi {
                            if let Some(r) = runs.range(text, lines, *span) {
                                cur.add(&r);
                            }
                        }
                    }
                });
            });
            true
        });
        if !painted {
            selection::clear();
        }
    }

    /// After scrolling: paints again, in the next frame, once the view has
    /// come within a screen or so of the painted part's ends.
    fn follow_scroll(&self, st: AppState) {
        if self.count.get_untracked() == 0
            || self.painters.with_value(Option::is_none)
            || self.scroll_pending.get_value()
        {
            return;
        }
        self.scroll_pending.set_value(true);
        self.check_view(st, 0);
    }

    /// In the next frame: paints again if the view is near the painted
    /// part's ends. Lines scrolled to from far away are laid out only in the
    /// frame after (content-visibility), so until a line is found under the
    /// header the check is made again, a few frames at most.
    fn check_view(&self, st: AppState, tries: u8) {
        let find = *self;
        request_animation_frame(move || {
            let Some(top) = view_top() else {
                if tries < 8 {
                    find.check_view(st, tries + 1);
                } else {
                    find.scroll_pending.set_value(false);
                }
                return;
            };
            find.scroll_pending.set_value(false);
            let (lo, hi) = find.painted.get_value();
            if (lo > 0 && top < lo + PAINT_BEFORE / 2) || top + PAINT_AFTER / 2 > hi {
                find.paint(st);
            }
        });
    }

    /// The DOM range of the current match.
    fn current_range(&self, st: AppState) -> Option<web_sys::Range> {
        let span = self
            .current
            .get_untracked()
            .and_then(|c| self.matches.with_value(|m| m.get(c).copied()))?;
        let runs = dom::by_id("doc").as_ref().and_then(Runs::new)?;
        st.editor
            .with_value(|e| runs.range(&e.doc().text, e.chunks(), span))
    }

    /// Scrolls the current match into view; without the highlight API it
    /// also becomes the text selection, so it is still marked.
    fn reveal(&self, st: AppState) {
        let Some(range) = self.current_range(st) else {
            return;
        };
        if self.painters.with_value(Option::is_none) {
            if let Some(Ok(Some(sel))) = web_sys::window().map(|w| w.get_selection()) {
                let _ = sel.remove_all_ranges();
                let _ = sel.add_range(&range);
            }
        }
        let Some(el) = range
            .start_container()
            .ok()
            .and_then(|n| n.parent_element())
        else {
            return;
        };
        // The run first (it lays out a block the browser had skipped),
        // then the match itself, to the middle of what the sticky header
        // leaves visible.
        let opts = web_sys::ScrollIntoViewOptions::new();
        opts.set_block(web_sys::ScrollLogicalPosition::Nearest);
        el.scroll_into_view_with_scroll_into_view_options(&opts);
        dom::reveal(&range.get_bounding_client_rect(), dom::Reveal::Center);
    }

    /// Moves to the next (`forward`) or previous match, wrapping around.
    pub fn step(&self, st: AppState, forward: bool) {
        let n = self.count.get_untracked();
        if n == 0 {
            return;
        }
        let next = match self.current.get_untracked() {
            Some(c) if forward => (c + 1) % n,
            Some(c) => (c + n - 1) % n,
            None => 0,
        };
        self.current.set(Some(next));
        self.paint_current(st);
        self.reveal(st);
    }

    /// Repaints only the current match (stepping must not cost a full paint).
    fn paint_current(&self, st: AppState) {
        let range = self.current_range(st);
        self.painters.with_value(|p| {
            if let Some((_, cur)) = p {
                cur.clear();
                if let Some(r) = &range {
                    cur.add(r);
                }
            }
        });
    }

    /// Esc in the find box: no query, nothing painted, focus back to the page.
    fn close(&self) {
        self.query.set(String::new());
        if let Some(el) =
            dom::by_id("find-input").and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = el.blur();
        }
    }

    /// The count line: "3 of 17 matches".
    fn summary(&self) -> String {
        let n = self.count.get();
        if self.query.with(String::is_empty) {
            return String::new();
        }
        if n == 0 {
            return "No matches".into();
        }
        let cur = self.current.get().map_or(0, |c| c + 1);
        format!("{cur} of {n} {}", if n == 1 { "match" } else { "matches" })
    }
}

impl Default for Find {
    fn default() -> Self {
        Find::new()
    }
}

/// Focuses the find box and selects its text (Ctrl/Cmd+F).
pub fn focus_box() {
    if let Some(el) =
        dom::by_id("find-input").and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
    {
        let _ = el.focus();
        el.select();
    }
}

impl AppState {
    /// Labels every match not already carrying `label`, as one edit.
    fn label_all(&self, find: Find, label: Label) {
        let spans = find.matches.get_value();
        if spans.is_empty() {
            self.say("Nothing to label: no matches.");
            return;
        }
        if spans.len() > CAP {
            self.warn(format!(
                "Not changed: {} matches are more than the {CAP} that can be labelled at once; narrow the search.",
                spans.len()
            ));
            return;
        }
        let (fresh, skipped): (Vec<Span>, Vec<Span>) = self.editor.with_value(|e| {
            spans
                .iter()
                .partition(|s| e.doc().annotations.find(**s, label).is_none())
        });
        let name = label.name();
        if fresh.is_empty() {
            self.say(format!(
                "All {} matches are already labelled {name}.",
                skipped.len()
            ));
            return;
        }
        let now = clock::now_iso();
        let mut ids = HashSet::with_capacity(fresh.len());
        let adds: Vec<Edit> = fresh
            .iter()
            .map(|&span| {
                // Ids carry 32 random bits; make sure none repeats in the batch.
                let mut id = clock::new_id("a");
                while !ids.insert(id.clone()) {
                    id = clock::new_id("a");
                }
                Edit::Add(Annotation {
                    id,
                    label,
                    span,
                    note: String::new(),
                    created_at: Some(now.clone()),
                })
            })
            .collect();
        let n = adds.len();
        if self.run(Edit::Batch(adds)) {
            let mut msg = format!(
                "Labelled {n} {} as {name}",
                if n == 1 { "match" } else { "matches" }
            );
            if !skipped.is_empty() {
                msg.push_str(&format!(
                    "; {} already labelled {name} skipped",
                    skipped.len()
                ));
            }
            msg.push_str(" (Ctrl+Z undoes them all).");
            self.say(msg);
        }
    }
}

/// The find box, its count line, and "Label all matches".
#[component]
pub fn FindBar() -> impl IntoView {
    let st = expect_context::<AppState>();
    let find = expect_context::<Find>();

    // A new query, case or document: search again.
    Effect::new(move |_| {
        find.query.track();
        find.match_case.track();
        st.doc_rev.track();
        find.search(st);
    });
    // An annotation change redraws lines, replacing the text nodes the
    // ranges point into: paint again once the lines are drawn.
    Effect::new(move |prev: Option<()>| {
        st.ann_rev.track();
        if prev.is_some() && find.count.get_untracked() > 0 {
            request_animation_frame(move || find.paint(st));
        }
    });
    let scrolling = window_event_listener(ev::scroll, move |_| find.follow_scroll(st));
    on_cleanup(move || scrolling.remove());

    let on_key = move |e: ev::KeyboardEvent| match e.key().as_str() {
        "Enter" => {
            e.prevent_default();
            find.step(st, !e.shift_key());
        }
        "Escape" => {
            e.prevent_default();
            find.close();
        }
        _ => {}
    };
    let options = Label::ALL
        .into_iter()
        .map(|l| view! { <option value=l.id() selected=move || find.label.get() == l>{l.name()}</option> })
        .collect_view();
    let on_label = move |e| {
        let v = event_target_value(&e);
        if let Some(l) = Label::ALL.into_iter().find(|l| l.id() == v) {
            find.label.set(l);
        }
    };
    let none = move || find.count.get() == 0;
    let label_all_text = move || {
        let n = find.count.get();
        format!(
            "Label all {n} {} as {}",
            if n == 1 { "match" } else { "matches" },
            find.label.get().name()
        )
    };
    view! {
        <div class="group find" role="search">
            <input id="find-input" type="search" aria-label="Find in the document"
                placeholder="Find (Ctrl+F)" aria-keyshortcuts="Control+F" autocomplete="off"
                spellcheck="false" aria-describedby="find-count"
                prop:value=move || find.query.get()
                on:input=move |e| find.query.set(event_target_value(&e))
                on:keydown=on_key/>
            <span id="find-count" class="find-count" aria-live="polite">{move || find.summary()}</span>
            // The options take room in the sticky header only while searching.
            <span class="find-more" hidden=move || find.query.with(String::is_empty)>
                <label class="find-case">
                    <input id="find-case" type="checkbox" prop:checked=move || find.match_case.get()
                        on:change=move |e| find.match_case.set(event_target_checked(&e))/>
                    "Match case"
                </label>
                <button id="find-prev" aria-label="Previous match" aria-keyshortcuts="Shift+Enter"
                    disabled=none on:click=move |_| find.step(st, false)>"↑"</button>
                <button id="find-next" aria-label="Next match" aria-keyshortcuts="Enter"
                    disabled=none on:click=move |_| find.step(st, true)>"↓"</button>
                <select id="find-label" aria-label="Label for all matches" hidden=none on:change=on_label>
                    {options}
                </select>
                <button id="find-label-all" hidden=none
                    on:click=move |_| st.label_all(find, find.label.get_untracked())>
                    {label_all_text}
                </button>
            </span>
        </div>
    }
}
