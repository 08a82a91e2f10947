//! Counts of working days: per call, and per batch (one for all, or one per row).

use numpy::{
    PyArray1, PyArrayDescrMethods, PyArrayMethods, PyReadonlyArray1, PyUntypedArrayMethods,
};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyBytes, PyDict, PyFrozenSet, PyInt, PySet, PyString};

use crate::errors::to_py;
use crate::{imported, ndarray};

/// A Python integer as an `i64`, saturating (a count out of range reaches the core as one).
fn saturating(n: &Bound<'_, PyInt>) -> PyResult<i64> {
    match n.extract::<i64>() {
        Ok(k) => Ok(k),
        Err(_) => Ok(if n.lt(0)? { i64::MIN } else { i64::MAX }),
    }
}

/// A count of working days: an `int` or a numpy integer (not a `bool`, not a float, not a
/// sequence); `None` when `ob` is not one.
fn count_of(ob: &Bound<'_, PyAny>) -> PyResult<Option<i64>> {
    if ob.is_instance_of::<PyBool>() {
        return Ok(None);
    }
    if let Ok(n) = ob.cast::<PyInt>() {
        return saturating(n).map(Some);
    }
    // A numpy integer scalar (or any integer type with `__index__`); numpy's bool has none.
    if ob.hasattr(pyo3::intern!(ob.py(), "__index__"))?
        && !ob.hasattr(pyo3::intern!(ob.py(), "__len__"))?
    {
        let index = ob
            .py()
            .import(pyo3::intern!(ob.py(), "operator"))?
            .call_method1(pyo3::intern!(ob.py(), "index"), (ob,))?;
        return saturating(index.cast::<PyInt>()?).map(Some);
    }
    Ok(None)
}

/// A set or a mapping: iterable, but not in an order that could be a batch's rows.
pub fn unordered(ob: &Bound<'_, PyAny>) -> bool {
    ob.is_instance_of::<PySet>()
        || ob.is_instance_of::<PyFrozenSet>()
        || ob.is_instance_of::<PyDict>()
}

pub(super) fn type_name(ob: &Bound<'_, PyAny>) -> String {
    ob.get_type()
        .name()
        .map_or_else(|_| "object".to_owned(), |n| n.to_string())
}

/// A per-call count of working days: an `int` or a numpy integer. Anything else (`None`, a
/// `str`, a `bool`, a float, a list) is a `TypeError`; the count's value is checked by the core.
pub struct DayCount(pub i64);

#[jiesu_python_macros::catch_panics]
impl<'py> FromPyObject<'_, 'py> for DayCount {
    type Error = PyErr;

    fn extract(ob: Borrowed<'_, 'py, PyAny>) -> PyResult<Self> {
        count_of(&ob)?.map(DayCount).ok_or_else(|| {
            PyTypeError::new_err(format!(
                "a count of working days must be an int, not {}",
                type_name(&ob)
            ))
        })
    }
}

/// The counts of a batch: one for all, or one per row (an integer array is read in place).
pub enum Counts<'py> {
    Owned(Vec<i64>),
    View(PyReadonlyArray1<'py, i64>),
}

impl Counts<'_> {
    pub fn as_slice(&self) -> &[i64] {
        match self {
            Counts::Owned(counts) => counts,
            Counts::View(view) => view.as_slice().unwrap_or_default(),
        }
    }
}

/// The counts of a batch of `rows` dates: one count for all (an `int` or a numpy integer), or
/// one per row (a sequence, an integer numpy array, pandas Series or pyarrow array of that
/// length, else `calendar_batch_length_mismatch`).
pub fn counts<'py>(n: &Bound<'py, PyAny>, rows: usize) -> PyResult<Counts<'py>> {
    let bad = |what: String| {
        PyTypeError::new_err(format!(
            "n must be an int or one int per date (a sequence or an integer array), not {what}"
        ))
    };
    if let Some(k) = count_of(n)? {
        return Ok(Counts::Owned(vec![k]));
    }
    if n.is_none()
        || n.is_instance_of::<PyString>()
        || n.is_instance_of::<PyBytes>()
        || unordered(n)
    {
        return Err(bad(type_name(n)));
    }
    // numpy, pandas and pyarrow integer arrays, as int64.
    let py = n.py();
    let mut array = ndarray(n)?;
    if array.is_none() {
        for (module, names) in [
            ("pandas", ["Series", "Index"]),
            ("pyarrow", ["Array", "ChunkedArray"]),
        ] {
            if let Some(m) = imported(py, module)? {
                for name in names {
                    if n.is_instance(&m.getattr(name)?)? {
                        let values = if module == "pyarrow" {
                            let kwargs = PyDict::new(py);
                            kwargs.set_item("zero_copy_only", false)?;
                            n.call_method("to_numpy", (), Some(&kwargs))?
                        } else {
                            n.call_method0("to_numpy")?
                        };
                        array = ndarray(&values)?;
                        break;
                    }
                }
            }
        }
    }
    let per_row = if let Some(array) = array {
        let kind = array.dtype().kind();
        if !matches!(kind, b'i' | b'u') || array.ndim() != 1 {
            return Err(bad(format!("a {}-D {} array", array.ndim(), array.dtype())));
        }
        let kwargs = PyDict::new(py);
        kwargs.set_item("copy", false)?;
        let as_i64 = array.call_method("astype", ("int64",), Some(&kwargs))?;
        let view = as_i64
            .cast::<PyArray1<i64>>()
            .map_err(|_| bad("an integer array".to_owned()))?
            .try_readonly()?;
        if view.as_slice().is_ok() {
            Counts::View(view) // read in place
        } else {
            Counts::Owned(view.as_array().to_vec())
        }
    } else {
        let iter = n.try_iter().map_err(|_| bad(type_name(n)))?;
        iter.enumerate()
            .map(|(i, k)| {
                let k = k?;
                count_of(&k)?.ok_or_else(|| {
                    PyTypeError::new_err(format!(
                        "row {i}: a count of working days must be an int, not {}",
                        type_name(&k)
                    ))
                })
            })
            .collect::<PyResult<Vec<i64>>>()
            .map(Counts::Owned)?
    };
    if per_row.as_slice().len() != rows {
        return Err(to_py(jiesu_core::CalendarError::BatchLengthMismatch {
            dates: rows,
            counts: per_row.as_slice().len(),
            columns: jiesu_core::calendar::DATES_COUNTS,
        }));
    }
    Ok(per_row)
}
