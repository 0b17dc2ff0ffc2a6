//! The annotation list beside the article: counts per label, then every
//! annotation in text order. Choosing an entry selects and reveals its span.

use leptos::prelude::*;

use super::state::{short, AppState};
use crate::core::label::Label;
use crate::web::dom;

#[derive(Clone, PartialEq, Eq)]
struct Entry {
    id: String,
    label: Label,
    quote: String,
}

#[component]
pub fn Panel() -> impl IntoView {
    let st = expect_context::<AppState>();
    let counts = move || {
        st.ann_rev.track();
        st.doc_rev.track();
        st.editor.with_value(|e| e.doc().annotations.counts())
    };
    let entries = move || {
        st.ann_rev.track();
        st.doc_rev.track();
        st.editor.with_value(|e| {
            let d = e.doc();
            d.annotations
                .iter()
                .map(|a| Entry {
                    id: a.id.clone(),
                    label: a.label,
                    quote: short(d.quote(a)),
                })
                .collect::<Vec<_>>()
        })
    };
    let total = move || counts().iter().map(|(_, n)| n).sum::<usize>();
    view! {
        <aside class="panel" aria-label="Annotations">
            <h2>"Annotations " <span class="total">{total}</span></h2>
            <ul class="counts">
                {move || counts().into_iter().map(|(l, n)| view! {
                    <li class="count-item">
                        <span class="swatch" style=format!("background:{}", l.color())></span>
                        {l.name()} " "
                        <span class="count" data-label=l.id()>{n}</span>
                    </li>
                }).collect_view()}
            </ul>
            <p class="empty-hint" hidden=move || total() != 0>
                "Select text in the article, then press 1–4 or click a label."
            </p>
            <ol id="ann-list">
                <For each=entries key=|e| (e.id.clone(), e.label) let:entry>
                    <EntryItem entry=entry/>
                </For>
            </ol>
        </aside>
    }
}

#[component]
fn EntryItem(entry: Entry) -> impl IntoView {
    let st = expect_context::<AppState>();
    let id = entry.id.clone();
    let is_sel = {
        let id = id.clone();
        move || st.selected.get().as_deref() == Some(id.as_str())
    };
    let choose = move |_| {
        st.select(Some(id.clone()));
        // The runs gain `.sel` when the lines redraw; scroll after that.
        request_animation_frame(dom::scroll_to_selected);
    };
    view! {
        <li>
            <button class="ann-entry" data-id=entry.id.clone() data-label=entry.label.id()
                class:selected=is_sel.clone() aria-pressed=move || if is_sel() { "true" } else { "false" }
                on:click=choose>
                <span class="tag" style=format!("border-color:{}", entry.label.color())>{entry.label.name()}</span>
                <span class="quote">{entry.quote}</span>
            </button>
        </li>
    }
}
