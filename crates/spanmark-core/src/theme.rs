//! The colour theme preference: follow the system's light or dark setting, or
//! always use one of them. Stored under [`THEME_KEY`] as `light` or `dark`;
//! following the system is the absence of the key.

/// The local storage key of the preference (outside the document schema:
/// nothing else reads it, and an unknown value means "system").
pub const THEME_KEY: &str = "spanmark:pref:theme";

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Theme {
    #[default]
    System,
    Light,
    Dark,
}

impl Theme {
    /// The stored value, also the `data-theme` attribute on `<html>`; `None`
    /// for following the system (no key, no attribute).
    pub fn id(self) -> Option<&'static str> {
        match self {
            Theme::System => None,
            Theme::Light => Some("light"),
            Theme::Dark => Some("dark"),
        }
    }

    /// The preference stored as `value`; anything unknown (a later version's
    /// theme, a hand edit) follows the system.
    pub fn from_stored(value: Option<&str>) -> Theme {
        match value {
            Some("light") => Theme::Light,
            Some("dark") => Theme::Dark,
            _ => Theme::System,
        }
    }

    /// The theme button's order: system → light → dark → system.
    pub fn next(self) -> Theme {
        match self {
            Theme::System => Theme::Light,
            Theme::Light => Theme::Dark,
            Theme::Dark => Theme::System,
        }
    }

    /// The theme button's text, which is also its accessible name.
    pub fn button_text(self) -> &'static str {
        match self {
            Theme::System => "Theme: system",
            Theme::Light => "Theme: light",
            Theme::Dark => "Theme: dark",
        }
    }
}
