//! Leptos components. They share one [`state::AppState`] through context and
//! never touch storage or the DOM's offsets themselves.

pub mod app;
pub mod article;
pub mod export_menu;
pub mod find;
pub mod keyboard;
pub mod label_map_dialog;
pub mod library;
pub mod library_actions;
pub mod notices;
pub mod panel;
pub mod paste_dialog;
pub mod reimport_dialog;
pub mod resize;
pub mod shortcuts;
pub mod state;
pub mod sync;
pub mod theme;
pub mod toolbar;
pub mod update_banner;

pub use app::App;
