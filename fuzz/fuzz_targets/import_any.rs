//! The import dispatcher (`import::parse`) under every kind of file name
//! (.json, .jsonl, .doccano.jsonl, .txt, .html, …): never a panic; accepted
//! files are mapped, planned and round-tripped.
//! The check lives in `fuzz/checks.rs`, which `cargo test` replays over
//! `fuzz/corpus/import_any/` (`crates/spanmark-core/tests/fuzz_corpus.rs`).
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../checks.rs"]
mod checks;

fuzz_target!(|data: &[u8]| checks::import_any(data));
