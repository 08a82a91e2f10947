//! Python bindings of jiesu (接诉): the `jiesu._jiesu` extension module, re-exported by `jiesu`.
//!
//! Thin by design: every function converts its arguments, calls one `jiesu_core` function and
//! converts the result back. Modules are named like the core's: [`calendar`], [`policy`],
//! [`deadline`] (deadlines and the `Rules` facade), [`time`] (dates and instants), [`errors`].
//!
//! numpy is optional: `import jiesu` never imports it. The batch functions take the numpy path
//! only for an object that is a `numpy.ndarray`, which can exist only once numpy is imported
//! (see [`ndarray`]); any other sequence takes the list path.

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyModule};
use serde::Serialize;

mod calendar;
mod deadline;
mod errors;
mod policy;
mod time;

/// Every error code, as `(module, code)` pairs: the values of `JiesuError.code`.
#[pyfunction]
fn error_codes() -> Vec<(&'static str, &'static str)> {
    jiesu_core::all_codes()
}

/// A core value as Python data in its serde JSON shape (dicts, lists, strings for dates and
/// instants), so that `to_dict()` can never drift from the Rust and JS shapes.
fn to_py_data<'py, T: Serialize>(py: Python<'py>, value: &T) -> PyResult<Bound<'py, PyAny>> {
    let text = serde_json::to_string(value)
        .map_err(|e| pyo3::exceptions::PyRuntimeError::new_err(e.to_string()))?;
    py.import(pyo3::intern!(py, "json"))?
        .call_method1(pyo3::intern!(py, "loads"), (text,))
}

/// The serde name of a unit enum value (`"make_up_workday"`, `"weekends_only"`, …).
fn serde_name<T: Serialize>(value: &T) -> PyResult<String> {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => Ok(s),
        _ => Err(pyo3::exceptions::PyRuntimeError::new_err(
            "a unit enum did not serialise to a string",
        )),
    }
}

/// The object as a numpy array, if it is one. numpy is never imported here: an object can only
/// be a `numpy.ndarray` when numpy is already in `sys.modules`, and the array API (which
/// `rust-numpy` loads on first use) is touched only after that check.
fn ndarray<'py>(ob: &Bound<'py, PyAny>) -> PyResult<Option<Bound<'py, numpy::PyUntypedArray>>> {
    let py = ob.py();
    let modules = py
        .import(pyo3::intern!(py, "sys"))?
        .getattr(pyo3::intern!(py, "modules"))?;
    let Some(np) = modules
        .cast::<PyDict>()?
        .get_item(pyo3::intern!(py, "numpy"))?
    else {
        return Ok(None);
    };
    if !np.is_instance_of::<PyModule>()
        || !ob.is_instance(&np.getattr(pyo3::intern!(py, "ndarray"))?)?
    {
        return Ok(None);
    }
    Ok(ob.cast::<numpy::PyUntypedArray>().ok().cloned())
}

/// The `jiesu._jiesu` extension module.
#[pymodule]
fn _jiesu(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", jiesu_core::VERSION)?;
    m.add_function(wrap_pyfunction!(error_codes, m)?)?;
    errors::register(m)?;
    m.add_class::<calendar::PyCalendar>()?;
    m.add_class::<calendar::PyDay>()?;
    m.add_class::<policy::PyPolicy>()?;
    m.add_class::<deadline::PyRules>()?;
    m.add_class::<deadline::PyDeadline>()?;
    Ok(())
}
