//! Time (rules §0): every instant is China Standard Time, UTC+08:00, no daylight saving.
//!
//! Inputs may be RFC 3339 instants with any offset (converted to +08:00) or naive local
//! date-times (read as +08:00). Seconds are optional (`2026-09-30T16:20+08:00`), and a space may
//! stand for the `T`. Outputs are always +08:00.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, TimeZone};
use thiserror::Error;

/// The offset of China Standard Time, +08:00.
pub const CST_OFFSET_SECONDS: i32 = 8 * 3600;

/// Errors reading instants and dates.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum TimeError {
    /// The text is not an RFC 3339 instant nor a naive `YYYY-MM-DDTHH:MM[:SS]` date-time.
    #[error("invalid instant {text:?}: expected RFC 3339 (2026-09-30T16:20:00+08:00) or a naive local date-time")]
    InvalidInstant {
        /// The text given.
        text: String,
    },
    /// The text is not an ISO `YYYY-MM-DD` date.
    #[error("invalid date {text:?}: expected YYYY-MM-DD")]
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

/// Reads an instant (rules §0): RFC 3339 with any offset, or naive local time read as +08:00.
pub fn parse_instant(text: &str) -> Result<DateTime<FixedOffset>, TimeError> {
    let s = text.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Ok(to_cst(&t));
    }
    let with_offset = [
        "%Y-%m-%dT%H:%M%:z",
        "%Y-%m-%d %H:%M%:z",
        "%Y-%m-%d %H:%M:%S%:z",
        "%Y-%m-%dT%H:%MZ",
    ];
    for f in with_offset {
        if let Ok(t) = DateTime::parse_from_str(s, f) {
            return Ok(to_cst(&t));
        }
    }
    if let Some(stripped) = s.strip_suffix('Z') {
        if let Ok(t) = NaiveDateTime::parse_from_str(stripped, "%Y-%m-%dT%H:%M") {
            return Ok(to_cst(&t.and_utc()));
        }
    }
    let naive = [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%d %H:%M",
    ];
    for f in naive {
        if let Ok(t) = NaiveDateTime::parse_from_str(s, f) {
            return Ok(from_local(t));
        }
    }
    Err(TimeError::InvalidInstant {
        text: text.to_owned(),
    })
}

/// Reads an ISO `YYYY-MM-DD` date.
pub fn parse_date(text: &str) -> Result<NaiveDate, TimeError> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| TimeError::InvalidDate {
        text: text.to_owned(),
    })
}

/// Formats an instant as RFC 3339 in +08:00, with seconds (`2026-10-09T00:00:00+08:00`).
pub fn format_instant(t: &DateTime<FixedOffset>) -> String {
    to_cst(t).format("%Y-%m-%dT%H:%M:%S%:z").to_string()
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
        assert_eq!(
            parse_instant("yesterday").unwrap_err().code(),
            "invalid_instant"
        );
    }
}
