//! The only code that touches the browser (web-sys, gloo, js-sys): selection
//! ↔ offsets, storage, files and downloads, the clock, the service worker.

pub mod clock;
pub mod dom;
pub mod files;
pub mod highlight;
pub mod intake;
pub mod library_store;
pub mod perf;
pub mod persist;
pub mod runs;
pub mod segmenter;
pub mod selection;
pub mod storage;
pub mod sw;
pub mod sync;
pub mod theme;
