//! Time (rules §0): every instant is China Standard Time, UTC+08:00, no daylight saving.
//!
//! Inputs may be RFC 3339 instants with any offset (converted to +08:00) or naive local
//! date-times (read as +08:00). Seconds are optional (`2026-09-30T16:20+08:00`), and a space may
//! stand for the `T`. Outputs are always +08:00.

use std::fmt::Write as _;

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, TimeZone, Timelike};
use thiserror::Error;

/// The offset of China Standard Time, +08:00.
pub const CST_OFFSET_SECONDS: i32 = 8 * 3600;

/// Errors reading instants and dates.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum TimeError {
    /// The text is not an RFC 3339 instant nor a naive `YYYY-MM-DDTHH:MM[:SS]` date-time.
    #[error("invalid instant {}: expected RFC 3339 (2026-09-30T16:20:00+08:00) or a naive local date-time{}", shown(text), full_width_hint(text))]
    InvalidInstant {
        /// The text given.
        text: String,
    },
    /// The text is not an ISO `YYYY-MM-DD` date.
    #[error(
        "invalid date {}: expected YYYY-MM-DD{}",
        shown(text),
        full_width_hint(text)
    )]
    InvalidDate {
        /// The text given.
        text: String,
    },
}

impl TimeError {
    /// Every code of this module.
    pub const CODES: &'static [&'static str] = &["invalid_instant", "invalid_date"];

    /// The stable `snake_case` code.
    pub fn code(&self) -> &'static str {
        match self {
            TimeError::InvalidInstant { .. } => "invalid_instant",
            TimeError::InvalidDate { .. } => "invalid_date",
        }
    }
}

/// The text as an error message shows it: quoted, and cut after 40 characters (a hostile
/// input of megabytes is not echoed back).
pub(crate) fn shown(text: &str) -> String {
    match text.char_indices().nth(40) {
        None => format!("{text:?}"),
        Some((cut, _)) => {
            let head = text.get(..cut).unwrap_or_default();
            format!("{head:?}… ({} bytes)", text.len())
        }
    }
}

/// What to say of a date typed with an input method's full-width forms (２０２６－１０－０１,
/// an ideographic space 　, a full-width colon ：): they are refused, never read as ASCII.
fn full_width_hint(text: &str) -> &'static str {
    let full_width = |c: char| matches!(c, '\u{3000}' | '\u{ff01}'..='\u{ff5e}');
    if text.chars().any(full_width) {
        ": full-width characters (２０２６, －, ：, the ideographic space) are not read; use ASCII digits, '-', ':' and spaces"
    } else {
        ""
    }
}

/// The China Standard Time offset, +08:00.
// A const-evaluated check: an out-of-range offset would fail the build, never at run time.
#[allow(clippy::panic)]
pub const CST: FixedOffset = match FixedOffset::east_opt(CST_OFFSET_SECONDS) {
    Some(o) => o,
    None => panic!("+08:00 is a valid offset"),
};

/// The China Standard Time offset.
pub fn cst() -> FixedOffset {
    CST
}

/// The same instant expressed in +08:00.
pub fn to_cst<Tz: TimeZone>(t: &DateTime<Tz>) -> DateTime<FixedOffset> {
    t.with_timezone(&cst())
}

/// A naive local date-time read as +08:00.
pub fn from_local(t: NaiveDateTime) -> DateTime<FixedOffset> {
    // A fixed offset has exactly one mapping for every local time.
    cst().from_utc_datetime(&(t - chrono::Duration::seconds(i64::from(CST_OFFSET_SECONDS))))
}

/// Unix seconds of a naive local time given as seconds since 1970-01-01T00:00 local (numpy's
/// offset-free `datetime64`): read as +08:00 (rules §0).
pub fn unix_of_local_seconds(local: i64) -> i64 {
    local.saturating_sub(i64::from(CST_OFFSET_SECONDS))
}

/// The +08:00 local seconds (since 1970-01-01T00:00 local) of Unix seconds: the inverse of
/// [`unix_of_local_seconds`].
pub fn local_seconds_of_unix(unix: i64) -> i64 {
    unix.saturating_add(i64::from(CST_OFFSET_SECONDS))
}

/// Reads an instant (rules §0): RFC 3339 with any offset, or naive local time read as +08:00.
///
/// Accepted: `YYYY-MM-DD[T ]HH:MM[:SS[.fraction]][Z|±HH:MM]` (lower-case `t`/`z` too). Read by
/// hand: front ends send instants in bulk, and chrono's format-string parser would double the
/// web build's code for this one job.
pub fn parse_instant(text: &str) -> Result<DateTime<FixedOffset>, TimeError> {
    fast_instant(ascii_trim(text).as_bytes()).ok_or_else(|| TimeError::InvalidInstant {
        text: text.to_owned(),
    })
}

/// Reads an ISO `YYYY-MM-DD` date (a four-digit year, two-digit month and day).
pub fn parse_date(text: &str) -> Result<NaiveDate, TimeError> {
    fast_date(ascii_trim(text).as_bytes()).ok_or_else(|| TimeError::InvalidDate {
        text: text.to_owned(),
    })
}

/// The text without surrounding ASCII whitespace (spaces, tabs, CR, LF): an ideographic space
/// around a date is refused like one inside it.
fn ascii_trim(text: &str) -> &str {
    text.trim_matches(|c: char| c.is_ascii_whitespace())
}

/// serde reader for date fields of the library's inputs: the same strict `YYYY-MM-DD` as
/// [`parse_date`] (chrono's own reader would also take `2026-3-2`).
pub(crate) fn de_date<'de, D: serde::Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
    let text = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(d)?;
    parse_date(&text).map_err(serde::de::Error::custom)
}

/// serde reader for a date field that also takes an instant (its China date, rules §0): a
/// consultation received at `2026-09-18T23:30:00Z` was received on 2026-09-19 in China.
pub(crate) fn de_date_or_instant<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<NaiveDate, D::Error> {
    let text = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(d)?;
    parse_date(&text)
        .or_else(|_| parse_instant(&text).map(|t| t.date_naive()))
        .map_err(|_| {
            serde::de::Error::custom(format!(
                "invalid date {text:?}: expected YYYY-MM-DD or an instant (its China date)"
            ))
        })
}

/// [`de_date`] for optional date fields (absent or `null` is `None`).
pub(crate) fn de_opt_date<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Option<NaiveDate>, D::Error> {
    let text = <Option<std::borrow::Cow<'de, str>> as serde::Deserialize>::deserialize(d)?;
    text.map(|t| parse_date(&t).map_err(serde::de::Error::custom))
        .transpose()
}

/// The value of `n` ASCII digits, or `None`.
fn digits(b: &[u8]) -> Option<u32> {
    b.iter().try_fold(0u32, |acc, &c| {
        c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
    })
}

/// `YYYY-MM-DD` exactly.
fn fast_date(b: &[u8]) -> Option<NaiveDate> {
    match b {
        [y @ .., b'-', m1, m2, b'-', d1, d2] if y.len() == 4 => {
            let year = i32::try_from(digits(y)?).ok()?;
            NaiveDate::from_ymd_opt(year, digits(&[*m1, *m2])?, digits(&[*d1, *d2])?)
        }
        _ => None,
    }
}

/// `YYYY-MM-DD[T ]HH:MM[:SS[.fraction]][Z|±HH:MM]`; `None` for any other shape or value.
fn fast_instant(b: &[u8]) -> Option<DateTime<FixedOffset>> {
    let date = fast_date(b.get(..10)?)?;
    if !matches!(b.get(10)?, b'T' | b't' | b' ') || b.get(13) != Some(&b':') {
        return None;
    }
    let (hour, minute) = (digits(b.get(11..13)?)?, digits(b.get(14..16)?)?);
    let (second, mut rest) = match b.get(16) {
        Some(b':') => (digits(b.get(17..19)?)?, b.get(19..)?),
        _ => (0, b.get(16..)?),
    };
    let mut nanos = 0u32;
    if let [b'.', tail @ ..] = rest {
        let n = tail.iter().take_while(|c| c.is_ascii_digit()).count();
        if n == 0 || n > 9 {
            return None;
        }
        let (frac, after) = tail.split_at(n);
        nanos = digits(frac)? * 10u32.pow(u32::try_from(9 - n).ok()?);
        rest = after;
    }
    let local = date.and_hms_nano_opt(hour, minute, second, nanos)?;
    let offset_seconds = match rest {
        [] => return Some(from_local(local)),
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
            let (h, m) = (digits(&[*h1, *h2])?, digits(&[*m1, *m2])?);
            if h > 23 || m > 59 {
                return None;
            }
            let secs = i32::try_from(h * 3600 + m * 60).ok()?;
            if *sign == b'-' {
                -secs
            } else {
                secs
            }
        }
        _ => return None,
    };
    let offset = FixedOffset::east_opt(offset_seconds)?;
    offset
        .from_local_datetime(&local)
        .single()
        .map(|t| to_cst(&t))
}

/// Formats a date as `YYYY-MM-DD`.
pub fn format_date(d: NaiveDate) -> String {
    let mut out = String::with_capacity(10);
    push_date(&mut out, d);
    out
}

/// Two ASCII digits of `n % 100`.
fn two(n: u32) -> [u8; 2] {
    [b'0' + (n / 10 % 10) as u8, b'0' + (n % 10) as u8]
}

fn push_2(out: &mut String, n: u32) {
    let [a, b] = two(n);
    out.push(char::from(a));
    out.push(char::from(b));
}

/// Appends a date as `YYYY-MM-DD` (batches write many dates into one buffer).
pub fn push_date(out: &mut String, d: NaiveDate) {
    let year = d.year();
    if (0..=9999).contains(&year) {
        let y = year.unsigned_abs();
        let ([y1, y2], [y3, y4], [m1, m2], [d1, d2]) =
            (two(y / 100), two(y), two(d.month()), two(d.day()));
        // Ten ASCII bytes: always valid UTF-8.
        out.push_str(
            std::str::from_utf8(&[y1, y2, y3, y4, b'-', m1, m2, b'-', d1, d2]).unwrap_or_default(),
        );
    } else {
        // Years outside 0..=9999 (chrono allows them) in ISO 8601's signed form.
        let _ = write!(out, "{year:+05}-");
        push_2(out, d.month());
        out.push('-');
        push_2(out, d.day());
    }
}

/// Formats an instant as RFC 3339 in +08:00, with seconds (`2026-10-09T00:00:00+08:00`), and
/// the fraction of a second when there is one (`…16:20:00.500+08:00`, 3, 6 or 9 digits): what
/// was read is written back whole (the fuzzer found a microsecond dropped on the way).
pub fn format_instant(t: &DateTime<FixedOffset>) -> String {
    let mut out = String::with_capacity(25);
    push_instant(&mut out, t);
    out
}

/// Appends an instant as [`format_instant`] writes it (batches write many into one buffer).
pub fn push_instant(out: &mut String, t: &DateTime<FixedOffset>) {
    let local = to_cst(t).naive_local();
    push_date(out, local.date());
    out.push('T');
    push_2(out, local.hour());
    out.push(':');
    push_2(out, local.minute());
    out.push(':');
    push_2(out, local.second());
    let nanos = local.nanosecond() % 1_000_000_000;
    // Milli-, micro- or nanoseconds, as chrono's `%.f` writes them.
    if nanos % 1_000_000 == 0 && nanos != 0 {
        let _ = write!(out, ".{:03}", nanos / 1_000_000);
    } else if nanos % 1_000 == 0 && nanos != 0 {
        let _ = write!(out, ".{:06}", nanos / 1_000);
    } else if nanos != 0 {
        let _ = write!(out, ".{nanos:09}");
    }
    out.push_str("+08:00");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_offsets_and_naive_times_as_cst() {
        let a = parse_instant("2026-09-30T16:20+08:00").unwrap();
        let b = parse_instant("2026-09-30T08:20:00Z").unwrap();
        let c = parse_instant("2026-09-30 16:20").unwrap();
        assert_eq!(a, b);
        assert_eq!(a, c);
        assert_eq!(format_instant(&b), "2026-09-30T16:20:00+08:00");
        let f = parse_instant("2013-10-01T00:00:00.000012Z").unwrap();
        assert_eq!(format_instant(&f), "2013-10-01T08:00:00.000012+08:00");
        assert_eq!(parse_instant(&format_instant(&f)), Ok(f));
        assert_eq!(
            parse_instant("yesterday").unwrap_err().code(),
            "invalid_instant"
        );
    }

    #[test]
    fn fast_paths_agree_with_chrono() {
        let utc = FixedOffset::east_opt(0).unwrap();
        let cases = [
            (
                "2026-09-30T16:20+08:00",
                DateTime::parse_from_str("2026-09-30T16:20+08:00", "%Y-%m-%dT%H:%M%:z").unwrap(),
            ),
            (
                "2026-09-30T16:20:05-05:30",
                DateTime::parse_from_rfc3339("2026-09-30T16:20:05-05:30").unwrap(),
            ),
            (
                "2026-09-30 16:20:05Z",
                utc.from_utc_datetime(
                    &NaiveDateTime::parse_from_str("2026-09-30 16:20:05", "%Y-%m-%d %H:%M:%S")
                        .unwrap(),
                ),
            ),
            (
                "2026-09-30T16:20:05.250+08:00",
                DateTime::parse_from_rfc3339("2026-09-30T16:20:05.250+08:00").unwrap(),
            ),
            (
                "2026-09-30T16:20:05.250",
                from_local(
                    NaiveDateTime::parse_from_str(
                        "2026-09-30T16:20:05.250",
                        "%Y-%m-%dT%H:%M:%S%.f",
                    )
                    .unwrap(),
                ),
            ),
            (
                "2024-02-29T00:00",
                from_local(
                    NaiveDateTime::parse_from_str("2024-02-29T00:00", "%Y-%m-%dT%H:%M").unwrap(),
                ),
            ),
        ];
        for (text, expected) in cases {
            let t = parse_instant(text).unwrap();
            assert_eq!(t, expected, "{text}");
            assert_eq!(t.offset().local_minus_utc(), CST_OFFSET_SECONDS, "{text}");
            assert_eq!(
                format_instant(&t),
                t.format("%Y-%m-%dT%H:%M:%S%.f%:z").to_string()
            );
        }
        for bad in [
            "2026-02-30T10:00",
            "2026-09-30T24:00",
            "2026-09-30T16:20+8",
            "2026-9-30T16:20",
            "2026-09-30",
        ] {
            assert!(parse_instant(bad).is_err(), "{bad}");
        }
        assert_eq!(
            parse_date(" 2026-09-30 ").unwrap(),
            NaiveDate::from_ymd_opt(2026, 9, 30).unwrap()
        );
        assert!(
            parse_date("2026-9-30").is_err()
                && parse_date("2026-02-29").is_err()
                && parse_date("２０２６-09-30").is_err()
        );
        assert_eq!(
            format_date(NaiveDate::from_ymd_opt(987, 1, 2).unwrap()),
            "0987-01-02"
        );
        assert_eq!(
            format_date(NaiveDate::from_ymd_opt(2026, 12, 31).unwrap()),
            "2026-12-31"
        );
    }

    #[test]
    fn push_date_writes_what_chrono_writes() {
        // Every 97th day over ±8,000 years, beyond 0..=9999 included.
        for day in (-3_000_000..3_000_000).step_by(97) {
            let Some(date) = crate::calendar::date_of(day) else {
                continue;
            };
            let mut out = String::new();
            push_date(&mut out, date);
            assert_eq!(out, date.to_string());
        }
    }

    #[test]
    fn push_instant_writes_what_chrono_writes() {
        for s in (-2_300_000_000_i64..4_200_000_000).step_by(7_919) {
            let t = to_cst(&DateTime::from_timestamp(s, 0).unwrap());
            let mut out = String::new();
            push_instant(&mut out, &t);
            assert_eq!(out, t.format("%Y-%m-%dT%H:%M:%S%:z").to_string(), "{s}");
        }
    }
}
