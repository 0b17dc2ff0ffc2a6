//! The theme button (in the header, beside the title): system → light →
//! dark, remembered in this browser and shared by its tabs. Its text names
//! the current choice and is its accessible name.

use leptos::prelude::*;

use crate::web::{sync, theme};
use spanmark_core::theme::{Theme, THEME_KEY};

#[component]
pub fn ThemeButton() -> impl IntoView {
    let current = RwSignal::new(theme::stored());
    // index.html's inline script has usually applied it already; this covers
    // pages served without it (trunk serve) and a blocked inline script.
    theme::apply(current.get_untracked());
    // A choice made in another tab applies here too.
    sync::on_change(move |key, value| {
        if key == THEME_KEY {
            let t = Theme::from_stored(value.as_deref());
            current.set(t);
            theme::apply(t);
        }
    });
    let cycle = move |_| {
        let next = current.get_untracked().next();
        current.set(next);
        theme::choose(next);
    };
    view! {
        <button id="theme-toggle" on:click=cycle>{move || current.get().button_text()}</button>
    }
}
