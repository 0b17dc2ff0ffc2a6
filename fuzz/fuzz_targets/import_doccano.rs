//! The doccano reader, JSONL and JSON, UTF-16 and code point offsets: never a
//! panic; accepted spans lie inside their texts and round-trip.
//! The check lives in `fuzz/checks.rs`, which `cargo test` replays over
//! `fuzz/corpus/import_doccano/` (`crates/spanmark-core/tests/fuzz_corpus.rs`).
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../checks.rs"]
mod checks;

fuzz_target!(|data: &[u8]| checks::import_doccano(data));
