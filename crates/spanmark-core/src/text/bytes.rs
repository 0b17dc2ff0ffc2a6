//! Code points ↔ UTF-8 byte offsets, for slicing Rust strings. Both clamp to
//! the string rather than panic.

/// Byte offset of code point `cp` in `s` (the byte length when past the end).
pub fn cp_to_byte(s: &str, cp: usize) -> usize {
    s.char_indices().nth(cp).map_or(s.len(), |(b, _)| b)
}

/// Number of code points that start before byte `b` (a byte inside a
/// multi-byte char counts that char as not yet started).
pub fn byte_to_cp(s: &str, b: usize) -> usize {
    s.char_indices()
        .take_while(|&(i, c)| i + c.len_utf8() <= b)
        .count()
}
