//! Python bindings of jiesu (接诉): the `jiesu._jiesu` extension module, re-exported by `jiesu`.
//!
//! Thin by design: every function converts its arguments, calls one `jiesu_core` function and
//! converts the result back. Modules are named like the core's: [`calendar`], [`policy`],
//! [`deadline`] (deadlines and the `Rules` facade), [`category`], [`policy_library`],
//! [`directory`], [`demand`] (events and a demand's state, rules §5), [`stream`] (a city's event
//! stream), [`card`] (the card board, rules §6), [`evaluation`] (periods, evaluations and the
//! what-if, rules §7), [`duties`] (the weekly collection and the leaders' field days, rules §8),
//! [`forms`] (the guideline's four forms, rules §9), [`time`] (dates and instants), [`batch`]
//! (what the batch functions read and how they answer), [`errors`], [`boundary`] (a panic is
//! `JiesuError` code `internal`, never pyo3's `PanicException`).
//!
//! Structured data crosses in the Rust serde JSON shape both ways: results through
//! [`to_py_data`], input records (a consultation, a route request, an event) through
//! [`json_data`] / [`record_data`] and the core's own reader, so that a bad record is the core's
//! typed error.
//!
//! numpy, pandas and pyarrow are optional: `import jiesu` imports none of them. The batch
//! functions take a column path only for an object of theirs, which can exist only once its
//! module is imported (see [`imported`], [`ndarray`]); any other sequence takes the list path.

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{
    PyBool, PyDate, PyDateAccess, PyDateTime, PyDict, PyFloat, PyInt, PyList, PyMapping,
    PyMappingMethods, PyModule, PyString, PyTuple,
};
use pyo3::IntoPyObjectExt;
use serde::Serialize;
use serde_json::Value;

mod batch;
mod boundary;
mod calendar;
mod card;
mod category;
mod deadline;
mod demand;
mod directory;
mod duties;
mod errors;
mod evaluation;
mod forms;
mod policy;
mod policy_library;
mod stream;
mod time;

/// Every error code, as `(module, code)` pairs: the values of `JiesuError.code`.
#[jiesu_python_macros::catch_panics]
#[pyfunction]
fn error_codes() -> Vec<(&'static str, &'static str)> {
    jiesu_core::all_codes()
}

/// The fixed limits of this build, as a dict: `event_bytes`, `json_depth`, `directory_units`,
/// `directory_rules`, `duties_range_days` (`jiesu_core::limits::fixed_limits`; the counting
/// limits are the policy's, `Policy.limits`).
#[jiesu_python_macros::catch_panics]
#[pyfunction]
fn fixed_limits(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    to_py_data(py, &jiesu_core::limits::fixed_limits())
}

/// A core value as Python data in its serde JSON shape (dicts, lists, strings for dates and
/// instants), so that `to_dict()` can never drift from the Rust and JS shapes.
fn to_py_data<'py, T: Serialize + ?Sized>(
    py: Python<'py>,
    value: &T,
) -> PyResult<Bound<'py, PyAny>> {
    let text = serde_json::to_string(value)
        .map_err(|e| pyo3::exceptions::PyRuntimeError::new_err(e.to_string()))?;
    py.import(pyo3::intern!(py, "json"))?
        .call_method1(pyo3::intern!(py, "loads"), (text,))
}

/// Nesting deeper than this is not a record (and stops a self-containing list).
const MAX_DEPTH: usize = 64;

/// Why Python data could not be turned into JSON: a Python error, or a value that is not JSON
/// data (with where it was, e.g. `topics[1]`).
enum Unreadable {
    Python(PyErr),
    Value { why: String, at: String },
}

impl From<PyErr> for Unreadable {
    fn from(e: PyErr) -> Self {
        Unreadable::Python(e)
    }
}

impl Unreadable {
    fn value(why: impl Into<String>) -> Self {
        Unreadable::Value {
            why: why.into(),
            at: String::new(),
        }
    }

    /// The same problem one level up: `key` (a dict key) or `[i]` (a list index) in front.
    fn within(self, step: &str) -> Self {
        match self {
            Unreadable::Value { why, at } => {
                let joiner = if at.is_empty() || at.starts_with('[') {
                    ""
                } else {
                    "."
                };
                Unreadable::Value {
                    why,
                    at: format!("{step}{joiner}{at}"),
                }
            }
            e @ Unreadable::Python(_) => e,
        }
    }
}

/// What Python objects stand for inside a record, beyond plain JSON data.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Record {
    /// Dates only: a `datetime.datetime` is an error (a consultation, a route request).
    Dates,
    /// Dates and instants: a `datetime.datetime` stands for its RFC 3339 text in +08:00 (an
    /// aware one converted, a naive one read as +08:00, rules §0), as in an event's `at`.
    Instants,
}

/// Python data as a JSON value: mappings with `str` keys, lists and tuples, `str`, `int`,
/// finite `float`, `bool`, `None`; a `datetime.date` as `"YYYY-MM-DD"`, a `jiesu.Category`
/// as its key and, for `Record::Instants`, a `datetime.datetime` as its RFC 3339 text.
fn json_value(ob: &Bound<'_, PyAny>, depth: usize, record: Record) -> Result<Value, Unreadable> {
    if depth > MAX_DEPTH {
        return Err(Unreadable::value(format!(
            "nested more than {MAX_DEPTH} levels deep"
        )));
    }
    if ob.is_none() {
        return Ok(Value::Null);
    }
    if let Ok(b) = ob.cast::<PyBool>() {
        return Ok(Value::Bool(b.is_true()));
    }
    if let Ok(i) = ob.cast::<PyInt>() {
        return i
            .extract::<i64>()
            .map(Value::from)
            .or_else(|_| i.extract::<u64>().map(Value::from))
            .map_err(|_| Unreadable::value(format!("the integer {i} is out of range")));
    }
    if let Ok(f) = ob.cast::<PyFloat>() {
        return serde_json::Number::from_f64(f.value())
            .map(Value::Number)
            .ok_or_else(|| Unreadable::value(format!("{f} is not a JSON number")));
    }
    if let Ok(s) = ob.cast::<PyString>() {
        return Ok(Value::String(s.to_string_lossy().into_owned()));
    }
    if let Ok(dt) = ob.cast::<PyDateTime>() {
        if record == Record::Instants {
            let at = time::instant_of_datetime(dt)?;
            return Ok(Value::String(jiesu_core::time::format_instant(&at)));
        }
        return Err(Unreadable::value(
            "expected a date, not a datetime: pass its .date() (rules §0: a date has no time)",
        ));
    }
    if let Ok(d) = ob.cast::<PyDate>() {
        return Ok(Value::String(format!(
            "{:04}-{:02}-{:02}",
            d.get_year(),
            d.get_month(),
            d.get_day()
        )));
    }
    if let Ok(c) = ob.cast::<category::PyCategory>() {
        return Ok(Value::String(c.get().0.key().to_owned()));
    }
    if ob.is_instance_of::<PyList>() || ob.is_instance_of::<PyTuple>() {
        return ob
            .try_iter()?
            .enumerate()
            .map(|(i, item)| {
                json_value(&item?, depth + 1, record).map_err(|e| e.within(&format!("[{i}]")))
            })
            .collect::<Result<Vec<Value>, Unreadable>>()
            .map(Value::Array);
    }
    if let Ok(m) = ob.cast::<PyMapping>() {
        let mut map = serde_json::Map::new();
        for item in m.items()?.iter() {
            let (key, value): (Bound<'_, PyAny>, Bound<'_, PyAny>) = item.extract()?;
            let Ok(key) = key.cast::<PyString>() else {
                return Err(Unreadable::value(format!(
                    "the key {} is not a str",
                    key.repr()?
                )));
            };
            let key = key.to_string_lossy().into_owned();
            let value = json_value(&value, depth + 1, record).map_err(|e| e.within(&key))?;
            map.insert(key, value);
        }
        return Ok(Value::Object(map));
    }
    let kind = ob.get_type().name()?;
    Err(Unreadable::value(format!("a {kind} is not JSON data")))
}

/// An input record given as Python data, as a JSON value for the core's reader (which then
/// checks the fields, unknown keys and values). Python data that is not JSON data (a set, an
/// object; a datetime unless `record` allows instants) is `invalid(reason)`: the reading
/// module's own typed error.
fn json_data<E: Into<jiesu_core::Error>>(
    ob: &Bound<'_, PyAny>,
    record: Record,
    invalid: impl FnOnce(String) -> E,
) -> PyResult<Value> {
    record_data(ob, record, invalid).map_err(PyErr::from)
}

/// [`json_data`] with the core's error kept apart from Python's (for a batch's rows).
fn record_data<E: Into<jiesu_core::Error>>(
    ob: &Bound<'_, PyAny>,
    record: Record,
    invalid: impl FnOnce(String) -> E,
) -> Result<Value, time::ArgError> {
    match json_value(ob, 0, record) {
        Ok(value) => Ok(value),
        Err(Unreadable::Python(e)) => Err(time::ArgError::Py(e)),
        Err(Unreadable::Value { why, at }) if at.is_empty() => {
            Err(time::ArgError::Core(invalid(why).into()))
        }
        Err(Unreadable::Value { why, at }) => Err(time::ArgError::Core(
            invalid(format!("{why} (at `{at}`)")).into(),
        )),
    }
}

/// The items of a sequence argument (any iterable but a `str` or `bytes`, which would iterate
/// as characters): a clear `TypeError` names `what` was expected.
fn sequence<'py>(ob: &Bound<'py, PyAny>, what: &str) -> PyResult<Vec<Bound<'py, PyAny>>> {
    let kind = || time::type_name(ob);
    if ob.is_instance_of::<PyString>() || ob.is_instance_of::<pyo3::types::PyBytes>() {
        return Err(PyTypeError::new_err(format!(
            "expected a list of {what}, not {}: put one in a list",
            kind()
        )));
    }
    if batch::unordered(ob) {
        return Err(PyTypeError::new_err(format!(
            "expected a list of {what}, not {}: its order is not a list's",
            kind()
        )));
    }
    ob.try_iter()
        .map_err(|_| PyTypeError::new_err(format!("expected a list of {what}, not {}", kind())))?
        .collect()
}

/// A list of strings argument (a `str` itself is refused: it is not a list of strings).
pub struct Strings(pub Vec<String>);

#[jiesu_python_macros::catch_panics]
impl<'py> FromPyObject<'_, 'py> for Strings {
    type Error = PyErr;

    fn extract(ob: Borrowed<'_, 'py, PyAny>) -> PyResult<Self> {
        sequence(&ob, "str")?
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let text = s.cast::<PyString>().map_err(|_| {
                    PyTypeError::new_err(format!(
                        "item {i}: expected a str, not {}",
                        time::type_name(s)
                    ))
                })?;
                Ok(text.to_string_lossy().into_owned())
            })
            .collect::<PyResult<Vec<String>>>()
            .map(Strings)
    }
}

/// A year argument: an `int` (not a `bool`), saturated to the `i32` range so that a huge year
/// reaches the core as a year out of its range (its typed error) rather than an `OverflowError`.
pub struct Year(pub i32);

#[jiesu_python_macros::catch_panics]
impl<'py> FromPyObject<'_, 'py> for Year {
    type Error = PyErr;

    fn extract(ob: Borrowed<'_, 'py, PyAny>) -> PyResult<Self> {
        if ob.is_instance_of::<PyBool>() || !ob.is_instance_of::<PyInt>() {
            return Err(PyTypeError::new_err(format!(
                "a year must be an int, not {}",
                time::type_name(&ob)
            )));
        }
        let n = ob.cast::<PyInt>()?;
        Ok(Year(match n.extract::<i32>() {
            Ok(y) => y,
            Err(_) if n.lt(0)? => i32::MIN,
            Err(_) => i32::MAX,
        }))
    }
}

/// Python's `repr()` of a value (for `__repr__`: quotes, `None` and lists as Python shows them).
fn py_repr<'py, T: IntoPyObject<'py>>(py: Python<'py>, value: T) -> PyResult<String> {
    Ok(value.into_bound_py_any(py)?.repr()?.to_string())
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

/// A module if it is imported already (in `sys.modules`), without importing it: numpy, pandas
/// and pyarrow objects can only exist once their module is imported, so `jiesu` never imports
/// them itself.
fn imported<'py>(py: Python<'py>, module: &str) -> PyResult<Option<Bound<'py, PyModule>>> {
    let modules = py
        .import(pyo3::intern!(py, "sys"))?
        .getattr(pyo3::intern!(py, "modules"))?;
    let found = modules.cast::<PyDict>()?.get_item(module)?;
    Ok(found.and_then(|m| m.cast_into::<PyModule>().ok()))
}

/// Whether `ob` is an instance of `module.name`, for a module already imported (else false).
fn instance_of(ob: &Bound<'_, PyAny>, module: &str, name: &str) -> PyResult<bool> {
    match imported(ob.py(), module)? {
        Some(m) => ob.is_instance(&m.getattr(name)?),
        None => Ok(false),
    }
}

/// The object as a numpy array, if it is one. numpy is never imported here (see [`imported`]),
/// and the array API (which `rust-numpy` loads on first use) is touched only after that check.
fn ndarray<'py>(ob: &Bound<'py, PyAny>) -> PyResult<Option<Bound<'py, numpy::PyUntypedArray>>> {
    if !instance_of(ob, "numpy", "ndarray")? {
        return Ok(None);
    }
    Ok(ob.cast::<numpy::PyUntypedArray>().ok().cloned())
}

/// The `jiesu._jiesu` extension module.
#[jiesu_python_macros::catch_panics]
#[pymodule]
fn _jiesu(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", jiesu_core::VERSION)?;
    m.add_function(wrap_pyfunction!(error_codes, m)?)?;
    m.add_function(wrap_pyfunction!(fixed_limits, m)?)?;
    errors::register(m)?;
    // Test only: set, not added, so that it stays out of `__all__`.
    m.setattr(
        "_panic_for_test",
        wrap_pyfunction!(boundary::panic_for_test, m)?,
    )?;
    m.add_class::<calendar::PyCalendar>()?;
    m.add_class::<calendar::PyDay>()?;
    m.add_class::<policy::PyPolicy>()?;
    m.add_class::<deadline::PyRules>()?;
    m.add_class::<deadline::PyDeadline>()?;
    m.add_function(wrap_pyfunction!(deadline::is_on_time_many, m)?)?;
    m.add_function(wrap_pyfunction!(category::categories, m)?)?;
    m.add_class::<category::PyCategory>()?;
    m.add_class::<policy_library::PyPolicyLibrary>()?;
    m.add_class::<policy_library::PyConsultation>()?;
    m.add_class::<directory::PyDirectory>()?;
    m.add_class::<directory::PyRouteRequest>()?;
    m.add_function(wrap_pyfunction!(demand::demand_labels, m)?)?;
    m.add_class::<demand::PyEvent>()?;
    m.add_class::<demand::PyDemandState>()?;
    m.add_class::<stream::PyStreamResult>()?;
    m.add_class::<stream::PyReplayer>()?;
    m.add_class::<card::PyCardBoard>()?;
    m.add_class::<evaluation::PyPeriod>()?;
    m.add_function(wrap_pyfunction!(evaluation::period_label_zh, m)?)?;
    m.add_class::<evaluation::PyEvaluation>()?;
    m.add_class::<evaluation::PyComparison>()?;
    m.add_class::<duties::PyRegister>()?;
    m.add_class::<duties::PyLeaders>()?;
    m.add_class::<duties::PyCollectionLog>()?;
    m.add_class::<duties::PyFieldDayLog>()?;
    m.add_function(wrap_pyfunction!(duties::collection_shortfalls, m)?)?;
    m.add_function(wrap_pyfunction!(duties::field_day_shortfalls, m)?)?;
    m.add_class::<forms::PyFormKind>()?;
    m.add_function(wrap_pyfunction!(forms::form_kinds, m)?)?;
    m.add_class::<forms::PyForm>()?;
    m.add_function(wrap_pyfunction!(forms::build_form, m)?)?;
    Ok(())
}
