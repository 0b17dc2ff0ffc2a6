//! `exported_at` and the tar entries' modification time: one instant, from
//! `--exported-at`, else `SOURCE_DATE_EPOCH`, else the clock.

use std::time::{SystemTime, UNIX_EPOCH};

/// The instant an export is stamped with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stamp {
    /// ISO 8601, written as given into the native format's `exported_at`.
    pub iso: String,
    /// Whole seconds since the Unix epoch, for tar entries.
    pub unix: u64,
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
/// `days_from_civil`).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// `YYYY-MM-DDTHH:MM:SS[.fff…](Z|±HH:MM)`, the shape the native importer
/// accepts, as seconds since the epoch (the fraction dropped, as the app's
/// archive time is `Date.now()` in whole seconds). `None` for anything else,
/// or an instant before 1970.
pub fn parse_iso(s: &str) -> Option<u64> {
    let b = s.as_bytes();
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        let part = b.get(r)?;
        if part.is_empty() || !part.iter().all(u8::is_ascii_digit) {
            return None;
        }
        std::str::from_utf8(part).ok()?.parse().ok()
    };
    let sep = |i: usize, c: u8| b.get(i) == Some(&c);
    if !(sep(4, b'-') && sep(7, b'-') && sep(10, b'T') && sep(13, b':') && sep(16, b':')) {
        return None;
    }
    let (y, mo, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (h, mi, sec) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if !(1..=12).contains(&mo) || d < 1 || d > days_in_month(y, mo) || h > 23 || mi > 59 {
        return None;
    }
    // A leap second counts as the last second of its minute.
    let sec = match sec {
        0..=59 => sec,
        60 => 59,
        _ => return None,
    };
    let mut i = 19;
    if sep(i, b'.') {
        let n = b[i + 1..].iter().take_while(|c| c.is_ascii_digit()).count();
        if n == 0 {
            return None;
        }
        i += 1 + n;
    }
    let offset = match b.get(i) {
        Some(b'Z') if i + 1 == b.len() => 0,
        Some(&c @ (b'+' | b'-')) if i + 6 == b.len() && sep(i + 3, b':') => {
            let (oh, om) = (num(i + 1..i + 3)?, num(i + 4..i + 6)?);
            if oh > 23 || om > 59 {
                return None;
            }
            let o = oh * 3600 + om * 60;
            if c == b'+' {
                o
            } else {
                -o
            }
        }
        _ => return None,
    };
    let t = days_from_civil(y, mo, d) * 86_400 + h * 3600 + mi * 60 + sec - offset;
    u64::try_from(t).ok()
}

/// An instant as the browser's `Date.prototype.toISOString` writes it:
/// `2026-11-26T15:04:05.123Z`.
pub fn iso_of_millis(ms: u64) -> String {
    let secs = (ms / 1000) as i64;
    let (y, m, d) = civil_from_days(secs.div_euclid(86_400));
    let rem = secs.rem_euclid(86_400);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{:03}Z",
        rem / 3600,
        rem / 60 % 60,
        rem % 60,
        ms % 1000
    )
}

/// The stamp of an export: `--exported-at` (any ISO 8601 instant the native
/// format accepts, kept verbatim, so an app download's `exported_at` can be
/// given back), else `SOURCE_DATE_EPOCH` (whole seconds), else now. The
/// error names the bad value.
pub fn stamp(exported_at: Option<&str>, source_date_epoch: Option<&str>) -> Result<Stamp, String> {
    if let Some(s) = exported_at {
        let unix = parse_iso(s).ok_or_else(|| {
            format!(
                "--exported-at {s:?} is not an ISO 8601 UTC time such as 2026-11-26T15:04:05.123Z"
            )
        })?;
        return Ok(Stamp {
            iso: s.to_string(),
            unix,
        });
    }
    if let Some(s) = source_date_epoch {
        let unix: u64 = s
            .trim()
            .parse()
            .ok()
            .filter(|n| *n <= 253_402_300_799)
            .ok_or_else(|| {
                format!("SOURCE_DATE_EPOCH {s:?} is not a number of seconds since 1970")
            })?;
        return Ok(Stamp {
            iso: iso_of_millis(unix * 1000),
            unix,
        });
    }
    let ms = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0);
    Ok(Stamp {
        iso: iso_of_millis(ms),
        unix: ms / 1000,
    })
}
