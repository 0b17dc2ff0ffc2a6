//! Code points ↔ UTF-8 byte offsets, for slicing Rust strings, by
//! `str_indices` (which counts a chunk of bytes at a time: on a novel's CoNLL
//! export, slicing every token, the char-by-char walk at the Wasm's
//! `opt-level = "z"` took over a second). Both clamp to the string rather
//! than panic.

/// Byte offset of code point `cp` in `s` (the byte length when past the end).
pub fn cp_to_byte(s: &str, cp: usize) -> usize {
    str_indices::chars::to_byte_idx(s, cp)
}

/// Number of code points that start before byte `b` (a byte inside a
/// multi-byte char counts that char as not yet started).
pub fn byte_to_cp(s: &str, b: usize) -> usize {
    str_indices::chars::from_byte_idx(s, b)
}
