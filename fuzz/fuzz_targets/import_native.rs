//! The native spanmark JSON reader (`native::import`): any input, never a
//! panic; an accepted file's documents are valid and survive export → import
//! (native, doccano, Label Studio) and storage round trips unchanged.
//! The check lives in `fuzz/checks.rs`, which `cargo test` replays over
//! `fuzz/corpus/import_native/` (`crates/spanmark-core/tests/fuzz_corpus.rs`).
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../checks.rs"]
mod checks;

fuzz_target!(|data: &[u8]| checks::import_native(data));
