//! Dates and instants across the boundary (rules §0), read with the core's `time` functions.
//!
//! A date argument is a `datetime.date`, a `"YYYY-MM-DD"` string (read by
//! [`jiesu_core::time::parse_date`]) or a numpy `datetime64[D]`. An instant argument is an aware
//! `datetime.datetime` (any tzinfo, converted to +08:00; a pandas `Timestamp` is one), a naive one
//! or a numpy `datetime64` (read as +08:00 by [`jiesu_core::time::from_local`], rules §0) or a
//! string (read by [`jiesu_core::time::parse_instant`]). pandas' `NaT` is the core's
//! `invalid_date` / `invalid_instant`. Results are `datetime.date` and aware datetimes in +08:00.

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

pub(crate) fn type_name(ob: &Bound<'_, PyAny>) -> String {
    ob.get_type()
        .name()
        .map_or_else(|_| "object".to_owned(), |n| n.to_string())
}

/// Why an argument could not be read: the core's typed error (a bad date or instant, `NaT`), or a
/// Python error (a value of the wrong type).
pub enum ArgError {
    Core(jiesu_core::Error),
    Py(PyErr),
}

impl From<PyErr> for ArgError {
    fn from(e: PyErr) -> Self {
        ArgError::Py(e)
    }
}

impl From<TimeError> for ArgError {
    fn from(e: TimeError) -> Self {
        ArgError::Core(e.into())
    }
}

impl From<ArgError> for PyErr {
    fn from(e: ArgError) -> Self {
        match e {
            ArgError::Core(e) => to_py(e),
            ArgError::Py(e) => e,
        }
    }
}

/// Whether `ob` is pandas' `NaT` (a `datetime` subclass whose fields mean nothing).
fn is_nat(ob: &Bound<'_, PyAny>) -> bool {
    // A plain date or datetime (the common case) is not: no type name made for it.
    if ob.is_exact_instance_of::<PyDate>() || ob.is_exact_instance_of::<PyDateTime>() {
        return false;
    }
    ob.get_type()
        .name()
        .is_ok_and(|n| n.to_cow().is_ok_and(|n| n == "NaTType"))
}

/// A numpy `datetime64` scalar (numpy already imported) as `(unit, value)` after casting it to
/// `unit` with numpy (which floors); `None` for any other object. `NaT` is `i64::MIN`.
fn datetime64_scalar(ob: &Bound<'_, PyAny>, unit: &str) -> PyResult<Option<(String, i64)>> {
    if !crate::instance_of(ob, "numpy", "datetime64")? {
        return Ok(None);
    }
    let py = ob.py();
    let numpy = py.import(pyo3::intern!(py, "numpy"))?;
    let data = numpy.call_method1(pyo3::intern!(py, "datetime_data"), (ob.getattr("dtype")?,))?;
    let own: String = data.get_item(0)?.extract()?;
    let value: i64 = ob
        .call_method1(
            pyo3::intern!(py, "astype"),
            (format!("datetime64[{unit}]"),),
        )?
        .call_method1(pyo3::intern!(py, "astype"), ("int64",))?
        .extract()?;
    Ok(Some((own, value)))
}

/// A date: a `datetime.date` (not a datetime), a `"YYYY-MM-DD"` string, or a numpy
/// `datetime64` of unit D (or coarser); `NaT` is `invalid_date`.
pub fn read_date(ob: &Bound<'_, PyAny>) -> Result<NaiveDate, ArgError> {
    if let Ok(s) = ob.cast::<PyString>() {
        return Ok(time::parse_date(&s.to_string_lossy())?);
    }
    if is_nat(ob) {
        return Err(TimeError::InvalidDate { text: "NaT".into() }.into());
    }
    if ob.is_instance_of::<PyDateTime>() {
        return Err(PyTypeError::new_err(
            "expected a date, not a datetime: pass its .date() (rules §0: a date has no time)",
        )
        .into());
    }
    if let Ok(d) = ob.cast::<PyDate>() {
        return Ok(date_of_parts(d.get_year(), d.get_month(), d.get_day())?);
    }
    if let Some((unit, day)) = datetime64_scalar(ob, "D")? {
        if day == i64::MIN {
            return Err(TimeError::InvalidDate { text: "NaT".into() }.into());
        }
        if !matches!(unit.as_str(), "Y" | "M" | "W" | "D") {
            return Err(PyTypeError::new_err(format!(
                "expected a date, not a datetime64[{unit}] (an instant): pass \
                 .astype('datetime64[D]') if it is a date"
            ))
            .into());
        }
        return i32::try_from(day)
            .ok()
            .and_then(jiesu_core::calendar::date_of)
            .ok_or_else(|| {
                TimeError::InvalidDate {
                    text: format!("datetime64[D] {day}"),
                }
                .into()
            });
    }
    Err(PyTypeError::new_err(format!(
        "expected a datetime.date or a 'YYYY-MM-DD' string, not {}",
        type_name(ob)
    ))
    .into())
}

/// An instant: an aware `datetime.datetime` (any tzinfo), a naive one or a numpy `datetime64`
/// (+08:00 wall-clock, rules §0), or an RFC 3339 / naive local string; `NaT` is
/// `invalid_instant`.
pub fn read_instant(ob: &Bound<'_, PyAny>) -> Result<DateTime<FixedOffset>, ArgError> {
    if let Ok(s) = ob.cast::<PyString>() {
        return Ok(time::parse_instant(&s.to_string_lossy())?);
    }
    if is_nat(ob) {
        return Err(TimeError::InvalidInstant { text: "NaT".into() }.into());
    }
    if let Ok(dt) = ob.cast::<PyDateTime>() {
        return Ok(instant_of_datetime(dt)?);
    }
    if let Some((_, local)) = datetime64_scalar(ob, "s")? {
        if local == i64::MIN {
            return Err(TimeError::InvalidInstant { text: "NaT".into() }.into());
        }
        return Ok(instant_of_unix(time::unix_of_local_seconds(local))?);
    }
    Err(PyTypeError::new_err(format!(
        "expected a datetime.datetime or an RFC 3339 string, not {}",
        type_name(ob)
    ))
    .into())
}

#[jiesu_python_macros::catch_panics]
impl<'py> FromPyObject<'_, 'py> for DateArg {
    type Error = PyErr;

    fn extract(ob: Borrowed<'_, 'py, PyAny>) -> PyResult<Self> {
        Ok(DateArg(read_date(&ob)?))
    }
}

#[jiesu_python_macros::catch_panics]
impl<'py> FromPyObject<'_, 'py> for InstantArg {
    type Error = PyErr;

    fn extract(ob: Borrowed<'_, 'py, PyAny>) -> PyResult<Self> {
        Ok(InstantArg(read_instant(&ob)?))
    }
}

/// A date, or an instant standing for its +08:00 date (a consultation's date, rules §0).
#[derive(Clone, Copy)]
pub struct DateOrInstantArg(pub NaiveDate);

#[jiesu_python_macros::catch_panics]
impl<'py> FromPyObject<'_, 'py> for DateOrInstantArg {
    type Error = PyErr;

    fn extract(ob: Borrowed<'_, 'py, PyAny>) -> PyResult<Self> {
        let date = match read_date(&ob) {
            Ok(d) => d,
            Err(first) => match read_instant(&ob) {
                Ok(t) => time::to_cst(&t).date_naive(),
                Err(_) => return Err(first.into()),
            },
        };
        Ok(DateOrInstantArg(date))
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
    if is_nat(dt) {
        return Err(invalid_instant("NaT".into()));
    }
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
