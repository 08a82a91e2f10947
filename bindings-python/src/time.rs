//! Dates and instants across the boundary (rules §0), read with the core's `time` functions.
//!
//! A date argument is a `datetime.date` or a `"YYYY-MM-DD"` string (read by
//! [`jiesu_core::time::parse_date`]). An instant argument is an aware `datetime.datetime` (any
//! tzinfo, converted to +08:00), a naive one (read as +08:00 by [`jiesu_core::time::from_local`])
//! or a string (read by [`jiesu_core::time::parse_instant`]). Results are `datetime.date` and
//! aware datetimes in +08:00.

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime};
use jiesu_core::time::{self, TimeError};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyDate, PyDateAccess, PyDateTime, PyString, PyTimeAccess};

use crate::errors::to_py;

/// A date argument: `datetime.date` or `"YYYY-MM-DD"`.
#[derive(Clone, Copy)]
pub struct DateArg(pub NaiveDate);

/// An instant argument: aware or naive `datetime.datetime`, or an RFC 3339 / naive local string.
#[derive(Clone, Copy)]
pub struct InstantArg(pub DateTime<FixedOffset>);

fn type_name(ob: &Bound<'_, PyAny>) -> String {
    ob.get_type()
        .name()
        .map_or_else(|_| "object".to_owned(), |n| n.to_string())
}

impl<'py> FromPyObject<'_, 'py> for DateArg {
    type Error = PyErr;

    fn extract(ob: Borrowed<'_, 'py, PyAny>) -> PyResult<Self> {
        if let Ok(s) = ob.cast::<PyString>() {
            return time::parse_date(&s.to_cow()?).map(DateArg).map_err(to_py);
        }
        if ob.is_instance_of::<PyDateTime>() {
            return Err(PyTypeError::new_err(
                "expected a date, not a datetime: pass its .date() (rules §0: a date has no time)",
            ));
        }
        if let Ok(d) = ob.cast::<PyDate>() {
            return date_of_parts(d.get_year(), d.get_month(), d.get_day()).map(DateArg);
        }
        Err(PyTypeError::new_err(format!(
            "expected a datetime.date or a 'YYYY-MM-DD' string, not {}",
            type_name(&ob)
        )))
    }
}

impl<'py> FromPyObject<'_, 'py> for InstantArg {
    type Error = PyErr;

    fn extract(ob: Borrowed<'_, 'py, PyAny>) -> PyResult<Self> {
        if let Ok(s) = ob.cast::<PyString>() {
            return time::parse_instant(&s.to_cow()?)
                .map(InstantArg)
                .map_err(to_py);
        }
        if let Ok(dt) = ob.cast::<PyDateTime>() {
            return instant_of_datetime(&dt).map(InstantArg);
        }
        Err(PyTypeError::new_err(format!(
            "expected a datetime.datetime or an RFC 3339 string, not {}",
            type_name(&ob)
        )))
    }
}

fn invalid_instant(text: String) -> PyErr {
    to_py(TimeError::InvalidInstant { text })
}

fn date_of_parts(year: i32, month: u8, day: u8) -> PyResult<NaiveDate> {
    // A Python date always has valid parts; chrono's range is wider than Python's.
    NaiveDate::from_ymd_opt(year, u32::from(month), u32::from(day)).ok_or_else(|| {
        to_py(TimeError::InvalidDate {
            text: format!("{year:04}-{month:02}-{day:02}"),
        })
    })
}

/// An aware datetime converted to +08:00; a naive one read as +08:00 (rules §0).
pub(crate) fn instant_of_datetime(dt: &Bound<'_, PyDateTime>) -> PyResult<DateTime<FixedOffset>> {
    let date = date_of_parts(dt.get_year(), dt.get_month(), dt.get_day())?;
    let clock = NaiveTime::from_hms_micro_opt(
        u32::from(dt.get_hour()),
        u32::from(dt.get_minute()),
        u32::from(dt.get_second()),
        dt.get_microsecond(),
    )
    .ok_or_else(|| invalid_instant(dt.to_string()))?;
    let wall = NaiveDateTime::new(date, clock);
    // `utcoffset()` works for every tzinfo (fixed offsets, zoneinfo, …) and is None when naive.
    let offset = dt.call_method0(pyo3::intern!(dt.py(), "utcoffset"))?;
    if offset.is_none() {
        return Ok(time::from_local(wall));
    }
    let offset: Duration = offset.extract()?;
    let utc = wall
        .checked_sub_signed(offset)
        .ok_or_else(|| invalid_instant(dt.to_string()))?;
    Ok(time::to_cst(&utc.and_utc()))
}

/// The aware +08:00 datetime of Unix seconds (a bulk result).
pub fn instant_of_unix(seconds: i64) -> PyResult<DateTime<FixedOffset>> {
    DateTime::from_timestamp(seconds, 0)
        .map(|t| time::to_cst(&t))
        .ok_or_else(|| invalid_instant(seconds.to_string()))
}

/// The day number (days since 1970-01-01) of a numpy `datetime64[D]` value; `NaT` and values
/// beyond `i32` are invalid dates.
pub fn day_of_datetime64(value: i64) -> PyResult<i32> {
    if value == i64::MIN {
        return Err(to_py(TimeError::InvalidDate { text: "NaT".into() }));
    }
    i32::try_from(value).map_err(|_| {
        to_py(TimeError::InvalidDate {
            text: format!("datetime64[D] {value}"),
        })
    })
}

/// Unix seconds of a numpy `datetime64` value (local +08:00 seconds, rules §0); `NaT` is an
/// invalid instant. Wraps `time::unix_of_local_seconds`.
pub fn unix_of_local_seconds(local: Option<i64>) -> PyResult<i64> {
    let local = local.ok_or_else(|| invalid_instant("NaT".into()))?;
    Ok(time::unix_of_local_seconds(local))
}

/// Local +08:00 seconds of Unix seconds (the `datetime64[s]` results of bulk functions).
/// Wraps `time::local_seconds_of_unix`.
pub fn local_seconds_of_unix(unix: i64) -> i64 {
    time::local_seconds_of_unix(unix)
}
