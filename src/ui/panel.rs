//! The annotation list beside the article: counts per label, then every
//! annotation in text order. Choosing an entry selects and reveals its span.
//!
//! The list is windowed: only the rows in (and just around) the visible part
//! of the scroll box exist in the DOM, each at a fixed height, so a document
//! with 10,000 annotations costs the same per edit as one with ten. (So no
//! `aria-posinset`: a row's position would change on every insertion above
//! it, which is exactly the redraw the windowing avoids.)

use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::state::{after_paint, short, AppState};
use crate::core::label::Label;
use crate::web::dom;

/// Row height in CSS pixels; `.ann-row` in the stylesheet must match.
pub const ROW_PX: usize = 34;
/// Viewport height not available to the list (`.ann-scroll` max-height is
/// `100vh - 18rem`).
const SCROLL_CHROME_PX: i32 = 288;
/// Rows rendered beyond each edge of the visible part.
const OVERSCAN: usize = 8;

#[derive(Clone, PartialEq, Eq)]
struct Row {
    id: String,
    label: Label,
    quote: String,
}

#[component]
pub fn Panel() -> impl IntoView {
    let st = expect_context::<AppState>();
    let scroll_top = RwSignal::new(0_usize);
    let counts = move || {
        st.ann_rev.track();
        st.doc_rev.track();
        st.editor.with_value(|e| e.doc().annotations.counts())
    };
    let total = move || {
        st.ann_rev.track();
        st.doc_rev.track();
        st.editor.with_value(|e| e.doc().annotations.len())
    };
    let first = Memo::new(move |_| (scroll_top.get() / ROW_PX).saturating_sub(OVERSCAN));
    let rows = move || {
        st.ann_rev.track();
        st.doc_rev.track();
        let view_h = web_sys::window()
            .and_then(|w| w.inner_height().ok())
            .and_then(|h| h.as_f64())
            .map_or(1000, |h| h as usize);
        let first = first.get();
        let count = view_h / ROW_PX + 2 * OVERSCAN;
        st.editor.with_value(|e| {
            let d = e.doc();
            d.annotations
                .iter()
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
    // Keep the selected annotation's row in view, wherever it was chosen.
    Effect::new(move |_| {
        let Some(id) = st.selected.get() else { return };
        let Some(index) = st
            .editor
            .with_value(|e| e.doc().annotations.iter().position(|a| a.id == id))
        else {
            return;
        };
        let Some(scroller) = dom::by_id("ann-scroll") else {
            return;
        };
        // From our own scroll signal and the box's CSS height, not from the
        // DOM: reading layout here would force a synchronous layout of the
        // whole page on every selection.
        let row = ROW_PX as i32;
        let top = index as i32 * row;
        let now = scroll_top.get_untracked() as i32;
        let h = web_sys::window()
            .and_then(|w| w.inner_height().ok())
            .and_then(|h| h.as_f64())
            .map_or(400, |h| h as i32 - SCROLL_CHROME_PX)
            .max(row * 3);
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
    view! {
        <aside class="panel" aria-label="Annotations">
            <h2>"Annotations " <span class="total">{total}</span></h2>
            <ul class="counts">
                {move || counts().into_iter().map(|(l, n)| view! {
                    <li class="count-item" data-label=l.id()>
                        <span class="swatch" aria-hidden="true"></span>
                        {l.name()} " "
                        <span class="count" data-label=l.id()>{n}</span>
                    </li>
                }).collect_view()}
            </ul>
            <p class="empty-hint" hidden=move || total() != 0>
                "Select text in the article, then press 1–4 or click a label."
            </p>
            <div id="ann-scroll" class="ann-scroll" on:scroll=on_scroll>
                // The rows flow after a padding as tall as the rows above the
                // window; keyed by annotation, an insertion adds one row and
                // drops one, instead of redrawing every row whose index moved.
                <ol id="ann-list" style=move || format!(
                    "padding-top:{}px;height:{}px", first.get() * ROW_PX, total() * ROW_PX
                )>
                    <For each=rows key=|r| (r.id.clone(), r.label) let:row>
                        <EntryRow row=row/>
                    </For>
                </ol>
            </div>
        </aside>
    }
}

#[component]
fn EntryRow(row: Row) -> impl IntoView {
    let st = expect_context::<AppState>();
    let id = row.id.clone();
    let is_sel = {
        let id = id.clone();
        move || st.selected.get().as_deref() == Some(id.as_str())
    };
    let choose = move |_| {
        st.select(Some(id.clone()));
        // The runs gain `.sel` when their lines redraw; scroll after that.
        request_animation_frame(dom::scroll_to_selected);
    };
    view! {
        <li class="ann-row">
            <button class="ann-entry" data-id=row.id.clone() data-label=row.label.id()
                class:selected=is_sel.clone() aria-pressed=move || if is_sel() { "true" } else { "false" }
                on:click=choose>
                <span class="tag"><span class="swatch" aria-hidden="true"></span>{row.label.name()}</span>
                <span class="quote">{row.quote}</span>
            </button>
        </li>
    }
}
