//! A minimal writer of uncompressed POSIX ustar archives, for exports of
//! several files (brat, CoNLL): one download that every system unpacks
//! (`tar -xf`, Windows Explorer, macOS Finder, Python's `tarfile`).

const BLOCK: usize = 512;

/// Writes `value` in octal, zero-padded, into `field` (its last byte NUL).
fn octal(field: &mut [u8], value: u64) {
    let width = field.len() - 1;
    let mut v = value;
    for i in (0..width).rev() {
        field[i] = b'0' + (v & 7) as u8;
        v >>= 3;
    }
    field[width] = 0;
}

/// `name`, cut at a character boundary to fit `max` bytes.
fn fit(name: &str, max: usize) -> &[u8] {
    let mut end = name.len().min(max);
    while !name.is_char_boundary(end) {
        end -= 1;
    }
    &name.as_bytes()[..end]
}

fn header(name: &str, size: usize, mtime: u64) -> [u8; BLOCK] {
    let mut h = [0u8; BLOCK];
    let n = fit(name, 100);
    h[..n.len()].copy_from_slice(n);
    octal(&mut h[100..108], 0o644);
    octal(&mut h[108..116], 0);
    octal(&mut h[116..124], 0);
    octal(&mut h[124..136], size as u64);
    octal(&mut h[136..148], mtime);
    h[156] = b'0';
    h[257..263].copy_from_slice(b"ustar\0");
    h[263..265].copy_from_slice(b"00");
    // The checksum counts its own field as eight spaces.
    h[148..156].fill(b' ');
    let sum: u64 = h.iter().map(|&b| u64::from(b)).sum();
    octal(&mut h[148..155], sum);
    h[155] = b' ';
    h
}

/// An archive of regular files (mode 644, modified at `mtime`, seconds since
/// the Unix epoch), in the order given. Names longer than 100 bytes are cut.
pub fn write(files: &[(&str, &[u8])], mtime: u64) -> Vec<u8> {
    let size: usize = files
        .iter()
        .map(|(_, b)| BLOCK + b.len().div_ceil(BLOCK) * BLOCK)
        .sum();
    let mut out = Vec::with_capacity(size + 2 * BLOCK);
    for (name, bytes) in files {
        out.extend_from_slice(&header(name, bytes.len(), mtime));
        out.extend_from_slice(bytes);
        out.resize(out.len().div_ceil(BLOCK) * BLOCK, 0);
    }
    // The end of the archive: two zero blocks.
    out.resize(out.len() + 2 * BLOCK, 0);
    out
}
