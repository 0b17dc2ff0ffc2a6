//! Announcements: problems in `role="alert"`, confirmations and the save
//! state in `role="status"`.

use leptos::prelude::*;

use super::state::AppState;
use crate::web::persist::Mode;

#[component]
pub fn Notices() -> impl IntoView {
    let st = expect_context::<AppState>();
    let alert = move || st.alert.get().unwrap_or_default();
    let saved = move || match (st.mode.get(), st.unsaved.get()) {
        (_, Some(problem)) => problem,
        (Mode::Saving, None) => "All changes saved in this browser.".to_string(),
        (Mode::Memory(_) | Mode::ReadOnly(_), None) => {
            "Not saved: changes live in this tab only.".to_string()
        }
    };
    let unsaved = move || st.unsaved.get().is_some() || st.mode.get() != Mode::Saving;
    view! {
        <div class="notices">
            <div id="alert" role="alert" class="alert" class:empty=move || st.alert.get().is_none()>
                {alert}
                <button class="dismiss" aria-label="Dismiss message" hidden=move || st.alert.get().is_none()
                    on:click=move |_| st.alert.set(None)>"×"</button>
            </div>
            <ul class="set-aside" hidden=move || st.set_aside.with(Vec::is_empty)>
                {move || st.set_aside.get().into_iter().map(|s| {
                    let backup = s.backup.clone();
                    view! {
                        <li>
                            <button on:click=move |_| st.download_set_aside(&backup)>
                                "Download set-aside data (" {s.key.clone()} ")"
                            </button>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <p id="status" role="status" class="status">{move || st.status.get()}</p>
            <p id="save-state" class="save-state" class:unsaved=unsaved>
                {saved}
                <button class="rescue" hidden=move || !unsaved() on:click=move |_| st.export_everything()>
                    "Export everything"
                </button>
            </p>
        </div>
    }
}
