//! Storage keys: the input as a key and as a document id; ids never reach
//! another document's keys.
//! The check lives in `fuzz/checks.rs`, which `cargo test` replays over
//! `fuzz/corpus/storage_keys/` (`crates/spanmark-core/tests/fuzz_corpus.rs`).
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../checks.rs"]
mod checks;

fuzz_target!(|data: &[u8]| checks::storage_keys(data));
