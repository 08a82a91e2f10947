//! Answers in the batch's form: lists, numpy arrays, pandas Series / Index, pyarrow arrays.

use chrono::{DateTime, FixedOffset, NaiveDate};
use jiesu_core::calendar::date_of;
use jiesu_core::time;
use numpy::datetime::{units, Datetime};
use numpy::PyArray1;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

use super::{Form, Naive, NAT};
use crate::time::instant_of_unix;

/// The +08:00 offset as a `datetime.timezone` (for aware pandas results).
fn cst_tz(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    time::cst().into_pyobject(py).map(Bound::into_any)
}

/// A numpy result array wrapped in the input's form (`aware`: UTC values made +08:00-aware).
fn wrap<'py>(
    py: Python<'py>,
    form: &Form<'py>,
    array: Bound<'py, PyAny>,
    temporal: bool,
    aware: bool,
) -> PyResult<Bound<'py, PyAny>> {
    match form {
        Form::List => array.call_method0("tolist"),
        Form::Series(index) => {
            let pd = py.import("pandas")?;
            let data = if temporal && aware {
                let utc = pd.getattr("DatetimeIndex")?.call1((array,))?;
                utc.call_method1("tz_localize", ("UTC",))?
                    .call_method1("tz_convert", (cst_tz(py)?,))?
            } else {
                array
            };
            let kwargs = PyDict::new(py);
            kwargs.set_item("index", index)?;
            if data
                .getattr("dtype")?
                .getattr("kind")?
                .extract::<String>()?
                == "O"
            {
                // Codes stay objects (str or None), not pandas' str dtype with NaN.
                kwargs.set_item("dtype", "object")?;
            }
            pd.getattr("Series")?.call((data,), Some(&kwargs))
        }
        Form::Index if temporal => {
            let pd = py.import("pandas")?;
            let index = pd.getattr("DatetimeIndex")?.call1((array,))?;
            if aware {
                index
                    .call_method1("tz_localize", ("UTC",))?
                    .call_method1("tz_convert", (cst_tz(py)?,))
            } else {
                Ok(index)
            }
        }
        Form::Numpy | Form::Index => Ok(array),
        Form::Arrow => {
            let pa = py.import("pyarrow")?;
            if temporal && aware {
                let kind = pa.call_method1("timestamp", ("s", "+08:00"))?;
                pa.call_method1("array", (array, kind))
            } else {
                pa.call_method1("array", (array,))
            }
        }
    }
}

/// Whether each of `len` rows is missing, from the sorted indices of the missing ones (empty
/// when none is).
fn mask(len: usize, missing: &[usize]) -> Vec<bool> {
    if missing.is_empty() {
        return Vec::new();
    }
    let mut mask = vec![false; len];
    for &i in missing {
        if let Some(m) = mask.get_mut(i) {
            *m = true;
        }
    }
    mask
}

/// Dates (day numbers; rows `missing` are missing): a list of `datetime.date` / None, a
/// `datetime64[D]` array with `NaT`, a Series / `DatetimeIndex`, a pyarrow `date32` array with
/// nulls.
pub fn date_results<'py>(
    py: Python<'py>,
    form: &Form<'py>,
    days: &[i32],
    missing: &[usize],
) -> PyResult<Bound<'py, PyAny>> {
    let gone = mask(days.len(), missing);
    let missing_at = |i: usize| gone.get(i).copied().unwrap_or(false);
    if let Form::List = form {
        let dates: Vec<Option<NaiveDate>> = days
            .iter()
            .enumerate()
            .map(|(i, d)| if missing_at(i) { None } else { date_of(*d) })
            .collect();
        return Ok(PyList::new(py, dates)?.into_any());
    }
    let array = if gone.is_empty() {
        PyArray1::<Datetime<units::Days>>::from_iter(
            py,
            days.iter().map(|d| Datetime::from(i64::from(*d))),
        )
    } else {
        PyArray1::<Datetime<units::Days>>::from_iter(
            py,
            days.iter()
                .enumerate()
                .map(|(i, d)| Datetime::from(if missing_at(i) { NAT } else { i64::from(*d) })),
        )
    };
    wrap(py, form, array.into_any(), true, false)
}

/// Instants (Unix seconds; rows `missing` are missing): a list of aware +08:00 datetimes / None,
/// a `datetime64[s]` array (naive, in the input's convention), an aware (+08:00) or naive Series
/// / `DatetimeIndex`, a pyarrow timestamp array.
pub fn instant_results<'py>(
    py: Python<'py>,
    form: &Form<'py>,
    naive: Option<Naive>,
    seconds: &[i64],
    missing: &[usize],
) -> PyResult<Bound<'py, PyAny>> {
    let gone = mask(seconds.len(), missing);
    let missing_at = |i: usize| gone.get(i).copied().unwrap_or(false);
    if let Form::List = form {
        let instants = seconds
            .iter()
            .enumerate()
            .map(|(i, s)| (!missing_at(i)).then(|| instant_of_unix(*s)).transpose())
            .collect::<PyResult<Vec<Option<DateTime<FixedOffset>>>>>()?;
        return Ok(PyList::new(py, instants)?.into_any());
    }
    let write = |s: i64| match naive {
        Some(Naive::Cst) => time::local_seconds_of_unix(s),
        None | Some(Naive::Utc) => s,
    };
    let array = if gone.is_empty() {
        PyArray1::<Datetime<units::Seconds>>::from_iter(
            py,
            seconds.iter().map(|s| Datetime::from(write(*s))),
        )
    } else {
        PyArray1::<Datetime<units::Seconds>>::from_iter(
            py,
            seconds
                .iter()
                .enumerate()
                .map(|(i, s)| Datetime::from(if missing_at(i) { NAT } else { write(*s) })),
        )
    };
    wrap(py, form, array.into_any(), true, naive.is_none())
}

/// Flags: a list of bools, a bool array, a bool Series, a pyarrow bool array.
pub fn bool_results<'py>(
    py: Python<'py>,
    form: &Form<'py>,
    flags: Vec<bool>,
) -> PyResult<Bound<'py, PyAny>> {
    if let Form::List = form {
        return Ok(PyList::new(py, flags)?.into_any());
    }
    wrap(
        py,
        form,
        PyArray1::from_vec(py, flags).into_any(),
        false,
        false,
    )
}

/// Flags that may be missing (rows `missing`): a list of bools / None, an object array, a pandas
/// nullable `boolean` Series, a pyarrow bool array with nulls.
pub fn nullable_bool_results<'py>(
    py: Python<'py>,
    form: &Form<'py>,
    flags: &[bool],
    missing: &[usize],
) -> PyResult<Bound<'py, PyAny>> {
    let gone = mask(flags.len(), missing);
    let values: Vec<Option<bool>> = flags
        .iter()
        .enumerate()
        .map(|(i, f)| (!gone.get(i).copied().unwrap_or(false)).then_some(*f))
        .collect();
    let list = PyList::new(py, values)?;
    match form {
        Form::List => Ok(list.into_any()),
        Form::Arrow => py.import("pyarrow")?.call_method1("array", (list,)),
        Form::Series(index) => {
            let kwargs = PyDict::new(py);
            kwargs.set_item("index", index)?;
            kwargs.set_item("dtype", "boolean")?;
            py.import("pandas")?
                .getattr("Series")?
                .call((list,), Some(&kwargs))
        }
        Form::Numpy | Form::Index => {
            let kwargs = PyDict::new(py);
            kwargs.set_item("dtype", "object")?;
            py.import("numpy")?
                .getattr("array")?
                .call((list,), Some(&kwargs))
        }
    }
}

/// Codes (`None` where a row succeeded): a list, an object array, an object Series, a pyarrow
/// string array.
pub fn code_results<'py>(
    py: Python<'py>,
    form: &Form<'py>,
    codes: &[Option<&'static str>],
) -> PyResult<Bound<'py, PyAny>> {
    let list = PyList::new(py, codes)?;
    match form {
        Form::List => Ok(list.into_any()),
        Form::Arrow => py.import("pyarrow")?.call_method1("array", (list,)),
        Form::Numpy | Form::Index | Form::Series(_) => {
            let kwargs = PyDict::new(py);
            kwargs.set_item("dtype", "object")?;
            let array = py
                .import("numpy")?
                .getattr("array")?
                .call((list,), Some(&kwargs))?;
            wrap(py, form, array, false, false)
        }
    }
}
