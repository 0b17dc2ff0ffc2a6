//! Labels of another tool that are not ours: for each, the person picks
//! claim, figure, actor or location, or drops its spans, before anything is
//! stored. Common NER labels come with a suggestion (PER → actor, LOC →
//! location…); the others start on "drop".

use leptos::html;
use leptos::prelude::*;

use super::library::{focus_later, modal};
use super::library_actions::LibraryUi;
use super::state::AppState;
use spanmark_core::import::LabelMap;
use spanmark_core::label::Label;

#[component]
pub fn LabelMapDialog() -> impl IntoView {
    let st = expect_context::<AppState>();
    let ui = expect_context::<LibraryUi>();
    let node = NodeRef::<html::Dialog>::new();
    let map = StoredValue::new(LabelMap::new());
    modal(node, move || ui.labels.get().is_some());
    Effect::new(move |_| {
        if let Some(labels) = ui.labels.get() {
            // Inserts, not `collect`: a BTreeMap's collect carries a stable
            // sort, one more copy of sort code in the Wasm.
            let mut m = LabelMap::new();
            for f in &labels {
                m.insert(f.label.clone(), f.suggestion);
            }
            map.set_value(m);
            focus_later("label-map-first");
        }
    });
    let rows = move || {
        ui.labels
            .get()
            .unwrap_or_default()
            .into_iter()
            .enumerate()
            .map(|(i, f)| {
                let name = f.label.clone();
                let options = Label::ALL
                    .into_iter()
                    .map(|l| {
                        view! { <option value=l.id() selected=f.suggestion == Some(l)>{l.name()}</option> }
                    })
                    .collect_view();
                view! {
                    <tr>
                        <th scope="row"><code>{f.label.clone()}</code></th>
                        <td class="n">{f.spans}</td>
                        <td>
                            <select id=(i == 0).then_some("label-map-first") data-label=f.label.clone()
                                aria-label=format!("spanmark label for “{}”", f.label)
                                on:change=move |e| {
                                    let v = Label::from_id(&event_target_value(&e));
                                    map.update_value(|m| {
                                        m.insert(name.clone(), v);
                                    });
                                }>
                                {options}
                                <option value="" selected=f.suggestion.is_none()>"Drop these spans"</option>
                            </select>
                        </td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <dialog id="label-map" class="label-map" node_ref=node aria-labelledby="label-map-h"
            aria-describedby="label-map-about"
            on:close=move |_| {
                if ui.labels.get_untracked().is_some() {
                    ui.cancel(st);
                }
            }>
            <div class="dialog-head">
                <h2 id="label-map-h">"Map the file's labels"</h2>
            </div>
            <p id="label-map-about">
                "spanmark has four labels: claim, figure, actor and location. "
                "Choose one for each label of the file, or drop its spans. Nothing is stored until you import."
            </p>
            <table>
                <thead>
                    <tr>
                        <th scope="col">"Label in the file"</th>
                        <th scope="col">"Spans"</th>
                        <th scope="col">"Becomes"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
            <div class="dialog-buttons">
                <button id="label-map-ok" class="primary"
                    on:click=move |_| ui.map_labels(st, map.get_value())>"Import"</button>
                <button id="label-map-cancel" on:click=move |_| ui.cancel(st)>"Cancel"</button>
            </div>
        </dialog>
    }
}
