//! The annotation list beside the article: a filter button per label (with
//! its count), the selected annotation's note, then every annotation shown
//! in text order. Choosing an entry selects, reveals and flashes its span.
//!
//! The list is windowed: only the rows in (and just around) the visible part
//! of the scroll box exist in the DOM, each at a fixed height, so a document
//! with 10,000 annotations costs the same per edit as one with ten. (So no
//! `aria-posinset`: a row's position would change on every insertion above
//! it, which is exactly the redraw the windowing avoids.)

use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::state::{after_paint, short, short_to, AppState};
use crate::web::dom;
use spanmark_core::label::Label;

/// Row height in CSS pixels; `.ann-row` in the stylesheet must match.
pub const ROW_PX: usize = 34;
/// Viewport height taken by what is around the list and its note box
/// (18rem of `.ann-scroll`'s max-height, `100vh - 27rem`).
const SCROLL_CHROME_PX: i32 = 288;
/// Height of the note box above the list (the other 9rem), which keeps its
/// place (hidden without a selection) so that selecting does not move the
/// list.
const NOTE_BOX_PX: i32 = 144;
/// Rows rendered beyond each edge of the visible part.
const OVERSCAN: usize = 8;
/// Code points of a note shown in its list entry.
const ROW_NOTE: usize = 48;

#[derive(Clone, PartialEq, Eq)]
struct Row {
    id: String,
    label: Label,
    quote: String,
}

/// A label's place in `Label::ALL`, the index of its filter switch.
fn slot(l: Label) -> usize {
    Label::ALL.iter().position(|x| *x == l).unwrap_or(0)
}

#[component]
pub fn Panel() -> impl IntoView {
    let st = expect_context::<AppState>();
    let scroll_top = RwSignal::new(0_usize);
    // Which labels the list shows, in `Label::ALL` order.
    let shown = RwSignal::new([true; 4]);
    let counts = Memo::new(move |_| {
        st.ann_rev.track();
        st.doc_rev.track();
        st.editor.with_value(|e| e.doc().annotations.counts())
    });
    let total = move || counts.with(|c| c.iter().map(|(_, n)| n).sum::<usize>());
    let shown_total = Memo::new(move |_| {
        let on = shown.get();
        counts.with(|c| {
            c.iter()
                .filter(|(l, _)| on[slot(*l)])
                .map(|(_, n)| n)
                .sum::<usize>()
        })
    });
    let first = Memo::new(move |_| (scroll_top.get() / ROW_PX).saturating_sub(OVERSCAN));
    // The rows follow an edit one frame later: the article's highlight is
    // what the person looks at, and redrawing the rows (which shift by one
    // on an insertion) measured a third of an edit's frame. The counts above
    // the list still change in the edit's own frame.
    // Another document (opened or imported) shows its list at once.
    let list_rev = RwSignal::new(0_u64);
    Effect::new(move |prev: Option<u64>| {
        st.ann_rev.track();
        let doc = st.doc_rev.get();
        if prev == Some(doc) {
            after_paint(move || list_rev.update(|r| *r += 1));
        } else {
            list_rev.update(|r| *r += 1);
        }
        doc
    });
    // Which row is selected, told only to the rows whose state changes
    // (two per selection instead of every row). It keeps a flag per id it
    // was asked about, at most one per annotation shown.
    provide_context(ListCtx {
        rev: list_rev,
        selected: Selector::new(move || st.selected.get()),
    });
    // The list's height goes with its rows (a filter switch changes both at once).
    let list_total = Memo::new(move |_| {
        list_rev.track();
        shown.track();
        shown_total.get_untracked()
    });
    let rows = move || {
        list_rev.track();
        let on = shown.get();
        let first = first.get();
        let count = list_height() as usize / ROW_PX + 1 + 2 * OVERSCAN;
        st.editor.with_value(|e| {
            let d = e.doc();
            d.annotations
                .iter()
                .filter(|a| on[slot(a.label)])
                .skip(first)
                .take(count)
                .map(|a| Row {
                    id: a.id.clone(),
                    label: a.label,
                    quote: short(d.quote(a)),
                })
                .collect::<Vec<_>>()
        })
    };
    // Keep the selected annotation's row in view, wherever it was chosen
    // (and after the filter changed).
    Effect::new(move |_| {
        let Some(id) = st.selected.get() else { return };
        let on = shown.get();
        let Some(index) = st.editor.with_value(|e| {
            e.doc()
                .annotations
                .iter()
                .filter(|a| on[slot(a.label)])
                .position(|a| a.id == id)
        }) else {
            return;
        };
        let Some(scroller) = dom::by_id("ann-scroll") else {
            return;
        };
        // From our own scroll signal and the box's CSS height, not from the
        // DOM (see `list_height`).
        let row = ROW_PX as i32;
        let top = index as i32 * row;
        let now = scroll_top.get_untracked() as i32;
        let h = list_height();
        if top < now || top + row > now + h {
            // After the edit is painted: scrolling lays out the list and
            // redraws its rows, which the article's change must not wait for.
            after_paint(move || scroller.set_scroll_top((top - h / 2).max(0)));
        }
    });
    let on_scroll = move |e: ev::Event| {
        if let Some(el) = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        {
            scroll_top.set(usize::try_from(el.scroll_top()).unwrap_or(0));
        }
    };
    let toggle = move |l: Label| {
        shown.update(|on| on[slot(l)] = !on[slot(l)]);
        // The list got shorter or longer: start again from its top (the
        // selection effect above then brings the selected row back).
        if let Some(el) = dom::by_id("ann-scroll") {
            el.set_scroll_top(0);
        }
        scroll_top.set(0);
        st.say(format!(
            "{} {}: showing {} of {} annotations.",
            if shown.get_untracked()[slot(l)] {
                "Showing"
            } else {
                "Hiding"
            },
            l.name(),
            shown_total.get_untracked(),
            total()
        ));
    };
    view! {
        <aside class="panel" aria-label="Annotations">
            <h2>"Annotations " <span class="total">{total}</span></h2>
            <div class="filters" role="group" aria-label="Show annotations by label">
                {Label::ALL.map(|l| {
                    let n = move || counts.with(|c| c[slot(l)].1);
                    let on = move || shown.with(|s| s[slot(l)]);
                    view! {
                        <button class="filter" data-label=l.id()
                            aria-pressed=move || if on() { "true" } else { "false" }
                            on:click=move |_| toggle(l)>
                            <span class="swatch" aria-hidden="true"></span>
                            // Named by its text: "Show Claim (3)".
                            <span class="visually-hidden">"Show "</span>
                            {l.name()} " (" <span class="count" data-label=l.id()>{n}</span> ")"
                        </button>
                    }
                }).collect_view()}
            </div>
            <p class="shown-count">{move || match (total(), shown_total.get()) {
                (0, _) => String::new(),
                (n, 0) => format!("0 of {n} shown: switch a label on above."),
                (n, k) => format!("{k} of {n} shown"),
            }}</p>
            <p class="empty-hint" hidden=move || total() != 0>
                "Select text in the article, then press 1–4 or click a label."
            </p>
            <NoteBox/>
            <div id="ann-scroll" class="ann-scroll" on:scroll=on_scroll>
                // The rows flow after a padding as tall as the rows above the
                // window; keyed by annotation, an insertion adds one row and
                // drops one, instead of redrawing every row whose index moved.
                <ol id="ann-list" style=move || format!(
                    "padding-top:{}px;height:{}px", first.get() * ROW_PX, list_total.get() * ROW_PX
                )>
                    <For each=rows key=|r| (r.id.clone(), r.label) let:row>
                        <EntryRow row=row/>
                    </For>
                </ol>
            </div>
        </aside>
    }
}

/// The height of the list's scroll box, from the window's height and the
/// box's CSS (`.ann-scroll`), not from layout: reading layout during an edit
/// would force a synchronous layout of the whole page.
fn list_height() -> i32 {
    web_sys::window()
        .and_then(|w| w.inner_height().ok())
        .and_then(|h| h.as_f64())
        .map_or(400, |h| h as i32 - SCROLL_CHROME_PX - NOTE_BOX_PX)
        .max(ROW_PX as i32 * 3)
}

/// What the list's rows read: `rev` is bumped one frame after each
/// annotation change.
#[derive(Clone)]
struct ListCtx {
    rev: RwSignal<u64>,
    selected: Selector<Option<String>>,
}

/// The note field's name and the stored note of the selected annotation.
fn selected_note(st: AppState) -> Option<(String, String)> {
    st.ann_rev.track();
    st.doc_rev.track();
    let id = st.selected.get()?;
    st.editor.with_value(|e| {
        let d = e.doc();
        d.annotations.get(&id).map(|a| {
            let quote = short_to(d.quote(a), 40);
            (
                format!("Note for {} “{quote}”", a.label.id()),
                a.note.clone(),
            )
        })
    })
}

/// The note of the selected annotation: a labelled text field, committed
/// as one undoable edit when it loses focus or on Ctrl+Enter; Esc puts back
/// the stored note. `n` in the article focuses it (app.rs). It is always in
/// the page, hidden without a selection (cheaper than building it anew for
/// each one). A mouse or key that changes the selection first takes the
/// focus away, so a commit always belongs to the selected annotation; and
/// while the field has focus it is being typed in, so only then a redraw
/// leaves its text alone.
#[component]
fn NoteBox() -> impl IntoView {
    let st = expect_context::<AppState>();
    let area = NodeRef::<leptos::html::Textarea>::new();
    let ann = move || selected_note(st);
    Effect::new(move |_| {
        let note = ann().map(|a| a.1).unwrap_or_default();
        if let Some(el) = area.get() {
            // Unchanged (most new annotations have no note, nor had the one
            // before): left alone, so the field is not laid out again.
            if !dom::has_focus(&el) && el.value() != note {
                el.set_value(&note);
            }
        }
    });
    let commit = move || {
        if let (Some(el), Some(id)) = (area.get_untracked(), st.selected.get_untracked()) {
            st.set_note(&id, &el.value());
        }
    };
    let on_key = move |e: ev::KeyboardEvent| {
        let key = e.key();
        let save = key == "Enter" && (e.ctrl_key() || e.meta_key());
        if !save && key != "Escape" {
            return;
        }
        e.prevent_default();
        let Some(el) = area.get_untracked() else {
            return;
        };
        if save {
            commit();
        } else {
            el.set_value(&untrack(ann).map(|a| a.1).unwrap_or_default());
            st.say("Note unchanged.");
        }
        if !dom::focus_selected_entry() {
            let _ = el.blur();
        }
    };
    view! {
        <div class="note-box" hidden=move || st.selected.get().is_none()>
            <label for="note-input">{move || ann().map(|a| a.0).unwrap_or_default()}</label>
            // `change` fires when the field loses focus with a new text.
            <textarea id="note-input" node_ref=area rows="3"
                on:change=move |_| commit() on:keydown=on_key></textarea>
            <p class="hint">"Saved when you leave the field or press Ctrl+Enter; Esc cancels."</p>
        </div>
    }
}

#[component]
fn EntryRow(row: Row) -> impl IntoView {
    let st = expect_context::<AppState>();
    let ListCtx {
        rev: list_rev,
        selected,
    } = expect_context::<ListCtx>();
    let id = row.id.clone();
    let is_sel = {
        let key = Some(id.clone());
        move || selected.selected(&key)
    };
    // Read here rather than keyed on: a new note keeps the row (and its
    // focus) and only changes this text.
    let note = {
        let id = id.clone();
        move || {
            list_rev.track();
            st.editor
                .with_value(|e| {
                    e.doc()
                        .annotations
                        .get(&id)
                        .map(|a| short_to(&a.note, ROW_NOTE))
                })
                .filter(|n| !n.is_empty())
        }
    };
    let choose = move |_| {
        st.select(Some(id.clone()));
        // The runs gain `.sel` when their lines redraw; scroll after that.
        request_animation_frame(|| {
            dom::scroll_to_selected();
            dom::flash_selected();
        });
    };
    view! {
        <li class="ann-row">
            <button class="ann-entry" data-id=row.id.clone() data-label=row.label.id()
                class:selected=is_sel.clone() aria-pressed=move || if is_sel() { "true" } else { "false" }
                on:click=choose>
                <span class="tag"><span class="swatch" aria-hidden="true"></span>{row.label.name()}</span>
                <span class="quote">{row.quote}</span>
                <span class="row-note">{note}</span>
            </button>
        </li>
    }
}
