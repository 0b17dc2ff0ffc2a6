//! Time and identifiers.

/// The current time as ISO 8601 UTC with milliseconds, e.g.
/// `2026-11-26T15:04:05.123Z`.
pub fn now_iso() -> String {
    js_sys::Date::new_0().to_iso_string().into()
}

/// Seconds since the Unix epoch (archive entries' modification time).
pub fn unix_seconds() -> u64 {
    (js_sys::Date::now() / 1000.0) as u64
}

/// A fresh identifier like `a-mhx2k1c3-4fzq9`: creation time plus 32 random
/// bits, so ids made in different tabs or browsers do not collide in practice.
pub fn new_id(prefix: &str) -> String {
    let t = js_sys::Date::now() as u64;
    let r = (js_sys::Math::random() * f64::from(u32::MAX)) as u64;
    format!("{prefix}-{}-{}", base36(t), base36(r))
}

fn base36(mut n: u64) -> String {
    const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut out = Vec::new();
    loop {
        out.push(DIGITS[(n % 36) as usize]);
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}
