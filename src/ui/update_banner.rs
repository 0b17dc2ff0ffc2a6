//! "A new version is ready": registers the service worker and, once a new release has been
//! installed in the background, says so with a Reload button that switches to it.

use leptos::prelude::*;

use crate::web::sw;

#[component]
pub fn UpdateBanner() -> impl IntoView {
    let ready = RwSignal::new(false);
    sw::register(move || ready.set(true));
    // The live region is always there, empty (and taking no room) until the update is ready,
    // so the sentence is announced when it appears. Reactive text and a hidden button cost
    // less Wasm than rendering the content conditionally.
    view! {
        <div id="update" role="status" style="display:flex;gap:0.6rem;align-items:center;font-size:0.9rem">
            {move || if ready.get() { "A new version of spanmark is ready." } else { "" }}
            <button hidden=move || !ready.get() on:click=move |_| sw::apply_update()>"Reload"</button>
        </div>
    }
}
