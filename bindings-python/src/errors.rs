//! Exceptions: `JiesuError(ValueError)` with `.code`, `.module`, `.row` and `.value`, one subclass
//! per core module.
//!
//! Wraps [`jiesu_core::Error`]: the class comes from [`jiesu_core::Error::module`], the message
//! from its `Display`, `.code` from [`jiesu_core::Error::code`], `.row` and `.value` from
//! [`jiesu_core::Error::row`] (a batch's failing row: its 0-based index and its value as text;
//! both `None` for an error that is not a row's). A new core module is one line of
//! `module_errors!` below (and one class in `_jiesu.pyi`).

use pyo3::create_exception;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyType;

create_exception!(
    jiesu,
    JiesuError,
    PyValueError,
    "Base class of every jiesu error: a ValueError with a stable snake_case `.code` \
     (see `jiesu.error_codes()`) and the core `.module` that raised it."
);

/// Declares one `JiesuError` subclass per core module, the module → class map and the module
/// registration.
macro_rules! module_errors {
    ($($module:literal => $class:ident,)*) => {
        $(create_exception!(
            jiesu,
            $class,
            JiesuError,
            concat!("An error of the core `", $module, "` module (a `JiesuError`).")
        );)*

        /// The exception class of a core module (`JiesuError` for a module without its own).
        fn class_for<'py>(py: Python<'py>, module: &str) -> Bound<'py, PyType> {
            match module {
                $($module => py.get_type::<$class>(),)*
                _ => py.get_type::<JiesuError>(),
            }
        }

        /// Adds the exception classes to the Python module.
        pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
            m.add("JiesuError", m.py().get_type::<JiesuError>())?;
            $(m.add(stringify!($class), m.py().get_type::<$class>())?;)*
            Ok(())
        }
    };
}

module_errors! {
    "calendar" => CalendarError,
    "policy" => PolicyError,
    "deadline" => DeadlineError,
    "time" => TimeError,
    "category" => CategoryError,
    "policy_library" => PolicyLibraryError,
    "directory" => DirectoryError,
    "demand" => DemandError,
    "stream" => StreamError,
    "card" => CardError,
    "evaluation" => EvaluationError,
    "duties" => DutiesError,
    "forms" => FormsError,
}

/// The Python exception for a core error: its module's class, its message, `.code`, `.module`,
/// `.row` and `.value`.
pub fn to_py(error: impl Into<jiesu_core::Error>) -> PyErr {
    let error: jiesu_core::Error = error.into();
    let message = error.to_string();
    with_message(&error, message)
}

/// The Python exception for a core error with the binding's own message (for a conversion the
/// core never sees, e.g. a naive numpy array without `naive=`): the class, `.code`, `.module`,
/// `.row` and `.value` are the error's.
pub fn with_message(error: &jiesu_core::Error, message: String) -> PyErr {
    Python::attach(|py| {
        tagged(
            py,
            PyErr::from_type(class_for(py, error.module()), message),
            error.code(),
            error.module(),
            error.row(),
        )
    })
}

/// The Python exception for a panic caught at the boundary (see `boundary`): a `JiesuError`
/// with `.code` `"internal"`, `.module` `"boundary"` (no core module raised it) and no row.
pub fn internal(message: String) -> PyErr {
    Python::attach(|py| {
        tagged(
            py,
            PyErr::from_type(py.get_type::<JiesuError>(), message),
            "internal",
            "boundary",
            None,
        )
    })
}

/// `err` with `.code`, `.module`, `.row` and `.value` set.
fn tagged(
    py: Python<'_>,
    err: PyErr,
    code: &str,
    module: &str,
    row: Option<(usize, &str)>,
) -> PyErr {
    let value = err.value(py);
    let (row, text) = match row {
        Some((index, text)) => (Some(index), Some(text)),
        None => (None, None),
    };
    let tagged = value
        .setattr(pyo3::intern!(py, "code"), code)
        .and_then(|()| value.setattr(pyo3::intern!(py, "module"), module))
        .and_then(|()| value.setattr(pyo3::intern!(py, "row"), row))
        .and_then(|()| value.setattr(pyo3::intern!(py, "value"), text));
    match tagged {
        Ok(()) => err,
        Err(e) => e,
    }
}
