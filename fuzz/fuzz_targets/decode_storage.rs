//! The storage decoder (`decode_document`, `decode_document_salvage`,
//! `decode_bucket`): input is the text, head and bucket values separated by a
//! line `%%`; never a panic, what is read is valid and stores again
//! unchanged.
//! The check lives in `fuzz/checks.rs`, which `cargo test` replays over
//! `fuzz/corpus/decode_storage/` (`crates/spanmark-core/tests/fuzz_corpus.rs`).
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../checks.rs"]
mod checks;

fuzz_target!(|data: &[u8]| checks::decode_storage(data));
