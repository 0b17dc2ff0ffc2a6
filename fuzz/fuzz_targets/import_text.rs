//! File bytes to text (`text::decode`: UTF-8, BOMs, UTF-16, NUL refused),
//! plain text drafts, titles, and an HTML page's visible text assembled from
//! pieces.
//! The check lives in `fuzz/checks.rs`, which `cargo test` replays over
//! `fuzz/corpus/import_text/` (`crates/spanmark-core/tests/fuzz_corpus.rs`).
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../checks.rs"]
mod checks;

fuzz_target!(|data: &[u8]| checks::import_text(data));
