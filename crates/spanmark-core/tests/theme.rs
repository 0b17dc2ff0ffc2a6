#![cfg(not(target_arch = "wasm32"))]
//! The theme preference: its stored form, unknown values, and the button's
//! cycle and names.

use spanmark_core::theme::{Theme, THEME_KEY};

#[test]
fn stored_values_round_trip_and_unknown_ones_follow_the_system() {
    for t in [Theme::System, Theme::Light, Theme::Dark] {
        assert_eq!(Theme::from_stored(t.id()), t);
    }
    assert_eq!(
        Theme::System.id(),
        None,
        "following the system stores nothing"
    );
    for junk in ["", "Dark", "sepia", "system", " light"] {
        assert_eq!(Theme::from_stored(Some(junk)), Theme::System, "{junk:?}");
    }
    assert!(THEME_KEY.starts_with(spanmark_core::storage::PREFIX));
}

#[test]
fn the_button_cycles_system_light_dark_and_names_the_choice() {
    let mut t = Theme::default();
    let mut names = Vec::new();
    for _ in 0..4 {
        names.push(t.button_text());
        t = t.next();
    }
    assert_eq!(
        names,
        [
            "Theme: system",
            "Theme: light",
            "Theme: dark",
            "Theme: system"
        ]
    );
}
