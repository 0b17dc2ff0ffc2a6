//! The theme button (in the header, beside the title): system → light → dark, remembered in this
//! browser. Its text names the current choice and is its accessible name.

use leptos::prelude::*;

use crate::web::theme;

#[component]
pub fn ThemeButton() -> impl IntoView {
    let current = RwSignal::new(theme::stored());
    // index.html's inline script has usually applied it already; this covers
    // pages served without it (trunk serve) and a blocked inline script.
    theme::apply(current.get_untracked());
    let cycle = move |_| {
        let next = current.get_untracked().next();
        current.set(next);
        theme::choose(next);
    };
    view! {
        <button id="theme-toggle" on:click=cycle>{move || current.get().button_text()}</button>
    }
}
