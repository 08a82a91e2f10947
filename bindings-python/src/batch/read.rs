//! Reading a batch: a `datetime64` column (numpy, pandas, pyarrow) or a sequence, row by row.

use chrono::DateTime;
use jiesu_core::calendar::day_number;
use jiesu_core::time::{self, TimeError};
use numpy::datetime::{units, Datetime, Unit};
use numpy::{PyArray1, PyArrayDescrMethods, PyArrayMethods, PyUntypedArray, PyUntypedArrayMethods};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyString};

use super::{counts::type_name, unordered, Bad, Column, Form, Naive, DAY, NAT};
use crate::errors::with_message;
use crate::time::{read_date, read_instant, ArgError};
use crate::{imported, ndarray};

/// A `datetime64` column's raw values: whole days (unit D) or seconds (units h … ns, floored),
/// [`NAT`] for `NaT`; `aware` when they are UTC instants (from an aware source).
struct Raw {
    days: bool,
    values: Vec<i64>,
    aware: bool,
}

/// The values of a 1-D `datetime64` array of unit `U`, if it has that unit; `scale` turns one
/// into seconds (or days for unit D).
fn typed<U: Unit>(
    array: &Bound<'_, PyUntypedArray>,
    scale: fn(i64) -> i64,
) -> PyResult<Option<Vec<i64>>> {
    let Ok(typed) = array.cast::<PyArray1<Datetime<U>>>() else {
        return Ok(None);
    };
    let view = typed.try_readonly()?;
    let read = |v: &Datetime<U>| match i64::from(*v) {
        NAT => NAT,
        v => scale(v),
    };
    Ok(Some(match view.as_slice() {
        Ok(values) => values.iter().map(read).collect(),
        Err(_) => view.as_array().iter().map(read).collect(),
    }))
}

/// The raw values of a 1-D `datetime64` array of unit D, h, m, s, ms, us or ns.
fn raw_values(array: &Bound<'_, PyUntypedArray>, aware: bool) -> PyResult<Raw> {
    let raw = |days, values| Raw {
        days,
        values,
        aware,
    };
    if let Some(v) = typed::<units::Days>(array, |v| v)? {
        return Ok(raw(true, v));
    }
    let seconds = if let Some(v) = typed::<units::Seconds>(array, |v| v)? {
        v
    } else if let Some(v) = typed::<units::Milliseconds>(array, |v| v.div_euclid(1_000))? {
        v
    } else if let Some(v) = typed::<units::Microseconds>(array, |v| v.div_euclid(1_000_000))? {
        v
    } else if let Some(v) = typed::<units::Nanoseconds>(array, |v| v.div_euclid(1_000_000_000))? {
        v
    } else if let Some(v) = typed::<units::Minutes>(array, |v| v.saturating_mul(60))? {
        v
    } else if let Some(v) = typed::<units::Hours>(array, |v| v.saturating_mul(3_600))? {
        v
    } else {
        let dtype = array.dtype().to_string();
        return Err(PyTypeError::new_err(format!(
            "expected a 1-D datetime64 array of unit D, h, m, s, ms, us or ns, not {}-D {dtype}",
            array.ndim()
        )));
    };
    Ok(raw(false, seconds))
}

/// A batch that is a `datetime64` column (numpy, pandas, pyarrow), as its raw values and form;
/// `Err(form)` for any other batch, with the form its results take (read it as a sequence).
fn column<'py>(ob: &Bound<'py, PyAny>) -> PyResult<Result<(Raw, Form<'py>), Form<'py>>> {
    let py = ob.py();
    if let Some(array) = ndarray(ob)? {
        if array.dtype().kind() == b'M' {
            return Ok(Ok((raw_values(&array, false)?, Form::Numpy)));
        }
        return Ok(Err(Form::List));
    }
    if let Some(pd) = imported(py, "pandas")? {
        let series = ob.is_instance(&pd.getattr("Series")?)?;
        let extension = pd
            .getattr("api")?
            .getattr("extensions")?
            .getattr("ExtensionArray")?;
        if series || ob.is_instance(&pd.getattr("Index")?)? || ob.is_instance(&extension)? {
            let form = if series {
                Form::Series(ob.getattr("index")?)
            } else {
                Form::Index
            };
            let kind: String = ob.getattr("dtype")?.getattr("kind")?.extract()?;
            if kind != "M" {
                return Ok(Err(form));
            }
            let index = pd.getattr("DatetimeIndex")?.call1((ob,))?;
            let aware = !index.getattr("tz")?.is_none();
            let values = if aware {
                index
                    .call_method1("tz_convert", ("UTC",))?
                    .call_method1("tz_localize", (py.None(),))?
            } else {
                index
            }
            .call_method0("to_numpy")?;
            let array = ndarray(&values)?
                .ok_or_else(|| PyTypeError::new_err("pandas gave no numpy array"))?;
            return Ok(Ok((raw_values(&array, aware)?, form)));
        }
    }
    if let Some(pa) = imported(py, "pyarrow")? {
        let chunked = ob.is_instance(&pa.getattr("ChunkedArray")?)?;
        if chunked || ob.is_instance(&pa.getattr("Array")?)? {
            let kind = ob.getattr("type")?;
            let types = pa.getattr("types")?;
            let is = |f: &str| -> PyResult<bool> { types.call_method1(f, (&kind,))?.extract() };
            if !is("is_timestamp")? && !is("is_date")? {
                return Ok(Err(Form::Arrow));
            }
            let aware = is("is_timestamp")? && !kind.getattr("tz")?.is_none();
            let array = if chunked {
                ob.call_method0("combine_chunks")?
            } else {
                ob.clone()
            };
            let kwargs = PyDict::new(py);
            kwargs.set_item("zero_copy_only", false)?;
            let values = array.call_method("to_numpy", (), Some(&kwargs))?;
            let array = ndarray(&values)?
                .ok_or_else(|| PyTypeError::new_err("pyarrow gave no numpy array"))?;
            return Ok(Ok((raw_values(&array, aware)?, Form::Arrow)));
        }
    }
    Ok(Err(Form::List))
}

/// The items of a batch that is not a column: a sequence (not a `str` or `bytes`), a pandas
/// object's values, a pyarrow array's Python values.
fn items<'py>(
    ob: &Bound<'py, PyAny>,
    form: &Form<'_>,
    what: &str,
) -> PyResult<Vec<Bound<'py, PyAny>>> {
    let source = match form {
        Form::Series(_) | Form::Index => ob.call_method0("tolist")?,
        Form::Arrow => ob.call_method0("to_pylist")?,
        Form::List | Form::Numpy => ob.clone(),
    };
    if source.is_instance_of::<PyString>() || source.is_instance_of::<PyBytes>() {
        return Err(PyTypeError::new_err(format!(
            "expected a sequence of {what} (a list, a numpy array, a pandas Series or a pyarrow \
             array), not str: put one value in a list"
        )));
    }
    if unordered(&source) {
        return Err(PyTypeError::new_err(format!(
            "expected a sequence of {what}, not {}: its order is not its rows'",
            type_name(&source)
        )));
    }
    let iter = source.try_iter().map_err(|_| {
        let kind = source
            .get_type()
            .name()
            .map_or_else(|_| "object".to_owned(), |n| n.to_string());
        PyTypeError::new_err(format!(
            "expected a sequence of {what} (a list, a numpy array, a pandas Series or a pyarrow \
             array), not {kind}"
        ))
    })?;
    iter.collect()
}

/// One item of a sequence: its value, or the row's error (None is a missing value); a value
/// of the wrong type is a `TypeError` naming the row.
fn item<T>(
    i: usize,
    ob: &Bound<'_, PyAny>,
    read: impl Fn(&Bound<'_, PyAny>) -> Result<T, ArgError>,
    missing: fn(&str) -> Bad,
) -> PyResult<Result<T, Bad>> {
    if ob.is_none() {
        return Ok(Err(missing("None")));
    }
    match read(ob) {
        Ok(v) => Ok(Ok(v)),
        Err(ArgError::Core(error)) => {
            let value = ob.str().map_or_else(|_| String::new(), |s| s.to_string());
            Ok(Err(Bad::new(value, error)))
        }
        Err(ArgError::Py(e)) => Err(row_type_error(ob.py(), i, &e)),
    }
}

/// A Python error of row `i`, its message prefixed with the row.
fn row_type_error(py: Python<'_>, i: usize, e: &PyErr) -> PyErr {
    if e.is_instance_of::<PyTypeError>(py) {
        PyTypeError::new_err(format!("row {i}: {}", e.value(py)))
    } else {
        e.clone_ref(py)
    }
}

/// A sequence's items read one by one with `read` (a list of records): the core's error is the
/// row's, a Python error (a wrong type) is raised naming the row.
pub fn rows<T: Clone>(
    items: &[Bound<'_, PyAny>],
    read: impl Fn(&Bound<'_, PyAny>) -> Result<T, ArgError>,
) -> PyResult<Column<'static, Option<T>>> {
    let mut column = Column::new(Form::List, None, items.len());
    for (i, ob) in items.iter().enumerate() {
        column.push(match read(ob) {
            Ok(v) => Ok(Some(v)),
            Err(ArgError::Core(error)) => {
                let value = ob.str().map_or_else(|_| String::new(), |s| s.to_string());
                Err(Bad::new(value, error))
            }
            Err(ArgError::Py(e)) => return Err(row_type_error(ob.py(), i, &e)),
        });
    }
    Ok(column)
}

/// The dates of a batch as day numbers (days since 1970-01-01).
pub fn dates<'py>(ob: &Bound<'py, PyAny>) -> PyResult<Column<'py, i32>> {
    let (raw, form) = match column(ob)? {
        Ok(found) => found,
        Err(form) => {
            let items = items(ob, &form, "dates")?;
            let mut column = Column::new(form, None, items.len());
            for (i, x) in items.iter().enumerate() {
                column.push(item(
                    i,
                    x,
                    |x| read_date(x).map(day_number),
                    Bad::missing_date,
                )?);
            }
            return Ok(column);
        }
    };
    if !raw.days && matches!(form, Form::Numpy) {
        if let Some(array) = ndarray(ob)? {
            let dtype = array.dtype().to_string();
            return Err(PyTypeError::new_err(format!(
                "expected a 1-D datetime64[D] array of dates, not {}-D {dtype} (instants): pass \
                 .astype('datetime64[D]') if its values are dates",
                array.ndim()
            )));
        }
    }
    let mut column = Column::new(form, None, raw.values.len());
    for &v in &raw.values {
        column.push(day_of(v, &raw));
    }
    Ok(column)
}

/// The day number of a raw value (see [`dates`]).
fn day_of(v: i64, raw: &Raw) -> Result<i32, Bad> {
    if v == NAT {
        return Err(Bad::missing_date("NaT"));
    }
    let day = if raw.days {
        v
    } else if raw.aware {
        time::local_seconds_of_unix(v).div_euclid(DAY)
    } else if v.rem_euclid(DAY) == 0 {
        v.div_euclid(DAY)
    } else {
        // A naive value with a time of day is an instant, not a date.
        let text = DateTime::from_timestamp(v, 0)
            .map_or_else(|| v.to_string(), |t| t.naive_utc().to_string());
        return Err(Bad::new(text.clone(), TimeError::InvalidDate { text }));
    };
    i32::try_from(day).map_err(|_| {
        let text = format!("datetime64 day {day}");
        Bad::new(text.clone(), TimeError::InvalidDate { text })
    })
}

/// The trap a naive column of instants is (see the module docs).
fn naive_trap(form: &Form<'_>) -> PyErr {
    let what = match form {
        Form::Arrow => "a pyarrow timestamp array",
        Form::Series(_) | Form::Index => "a naive pandas datetime column",
        Form::Numpy | Form::List => "a naive numpy datetime64 array",
    };
    let error = jiesu_core::Error::from(TimeError::InvalidInstant {
        text: what.to_owned(),
    });
    with_message(
        &error,
        format!(
            "{what} has no time zone: say how to read it, naive=\"cst\" (+08:00 wall-clock \
             times, rules §0) or naive=\"utc\" (what .values / .to_numpy() give for a \
             timezone-aware pandas column); or pass the aware pandas Series or pyarrow array \
             itself"
        ),
    )
}

/// The instants of a batch as Unix seconds (floored). A naive `datetime64` column needs `naive`.
pub fn instants<'py>(ob: &Bound<'py, PyAny>, naive: Option<Naive>) -> PyResult<Column<'py, i64>> {
    let (raw, form) = match column(ob)? {
        Ok(found) => found,
        Err(form) => {
            if naive == Some(Naive::Utc) {
                // The instants cannot be read as asked: the time module's error, as for a naive
                // column without `naive=` (see `naive_trap`).
                let error = jiesu_core::Error::from(TimeError::InvalidInstant {
                    text: "a sequence with naive=\"utc\"".to_owned(),
                });
                return Err(with_message(
                    &error,
                    "naive=\"utc\" reads a datetime64 column; in a sequence, a naive datetime or \
                     string is +08:00 (rules §0): give UTC values their tzinfo"
                        .to_owned(),
                ));
            }
            let items = items(ob, &form, "instants")?;
            let mut column = Column::new(form, None, items.len());
            for (i, x) in items.iter().enumerate() {
                let read = |x: &Bound<'_, PyAny>| read_instant(x).map(|t| t.timestamp());
                column.push(item(i, x, read, Bad::missing_instant)?);
            }
            return Ok(column);
        }
    };
    let zone = if raw.aware {
        None
    } else {
        Some(naive.ok_or_else(|| naive_trap(&form))?)
    };
    let mut column = Column::new(form, zone, raw.values.len());
    for &v in &raw.values {
        column.push(if v == NAT {
            Err(Bad::missing_instant("NaT"))
        } else {
            let seconds = if raw.days { v.saturating_mul(DAY) } else { v };
            Ok(match zone {
                Some(Naive::Cst) => time::unix_of_local_seconds(seconds),
                None | Some(Naive::Utc) => seconds,
            })
        });
    }
    Ok(column)
}
