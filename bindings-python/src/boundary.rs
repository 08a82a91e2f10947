//! The panic guard at the boundary: a panic in the binding or the core never reaches Python as
//! pyo3's `PanicException` (a `BaseException` that `except Exception` misses). Every
//! `#[pyfunction]`, every method of every `#[pymethods]` block, the module's initialisation and
//! every argument extraction of ours (`impl FromPyObject`) carries `#[catch_panics]`
//! (`jiesu-python-macros`), which runs the body through [`guard`] or [`guard_value`]: the panic
//! becomes `jiesu.JiesuError` with `.code == "internal"` and `.module == "boundary"`
//! (`tests/python/test_boundary.py` checks that no such item goes without it).
//!
//! `catch_unwind` costs nothing on the path that does not panic. The default panic hook still
//! prints the panic and its location to stderr, for the bug report.
//!
//! The same attribute extracts a function's `&str` / `String` arguments as [`Text`]: a `str`
//! with lone surrogates (which UTF-8 cannot hold) is read with U+FFFD in their place, as a JS
//! string reaches the WASM build, instead of raising `UnicodeEncodeError`; [`OwnedText`] and
//! `to_string_lossy` do the same for a `str` found inside an argument.

use std::any::Any;
use std::borrow::Cow;
use std::ops::Deref;
use std::panic::{catch_unwind, AssertUnwindSafe};

use pyo3::prelude::*;
use pyo3::types::PyString;

/// Runs `body`; a panic in it is `Err` of the internal error. For a body that returns a
/// `Result` whose error a `PyErr` converts into (`PyResult<T>`, `Result<T, PyErr>`).
#[inline]
pub fn guard<R: Guarded, F: FnOnce() -> R>(body: F) -> R {
    catch_unwind(AssertUnwindSafe(body)).unwrap_or_else(|payload| R::panicked(internal(&*payload)))
}

/// [`guard`] for a body that returns a plain value (or nothing): `Ok` of it.
#[inline]
pub fn guard_value<T, F: FnOnce() -> T>(body: F) -> PyResult<T> {
    guard(|| Ok(body()))
}

/// What a guarded body returns: a `Result` that can carry the internal error.
pub trait Guarded {
    /// The result for a body that panicked.
    fn panicked(error: PyErr) -> Self;
}

impl<T, E: From<PyErr>> Guarded for Result<T, E> {
    fn panicked(error: PyErr) -> Self {
        Err(E::from(error))
    }
}

/// The `JiesuError` (code `internal`) for a panic, with the panic's message.
fn internal(payload: &(dyn Any + Send)) -> PyErr {
    let what = payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("a panic without a message");
    crate::errors::internal(format!(
        "internal error: {what} (this is a bug in jiesu, please report it with the call that \
         raised it; nothing you passed in was changed)"
    ))
}

/// A `str` argument as text (see the module docs): borrowed from the `str` when it is valid
/// Unicode (no copy), else a copy with U+FFFD for each lone surrogate.
pub struct Text<'a>(Cow<'a, str>);

impl Text<'_> {
    /// The text, owned.
    pub fn into_string(self) -> String {
        self.0.into_owned()
    }
}

impl Deref for Text<'_> {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

#[jiesu_python_macros::catch_panics]
impl<'a, 'py> FromPyObject<'a, 'py> for Text<'a> {
    type Error = PyErr;

    fn extract(ob: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        let s = ob.cast::<PyString>()?;
        Ok(Text(match <&'a str>::extract(ob) {
            Ok(text) => Cow::Borrowed(text),
            Err(_) => Cow::Owned(s.to_string_lossy().into_owned()),
        }))
    }
}

/// [`Text`], owned: for a `str` inside an argument (a tuple's item).
pub struct OwnedText(pub String);

#[jiesu_python_macros::catch_panics]
impl<'py> FromPyObject<'_, 'py> for OwnedText {
    type Error = PyErr;

    fn extract(ob: Borrowed<'_, 'py, PyAny>) -> PyResult<Self> {
        Ok(OwnedText(
            ob.cast::<PyString>()?.to_string_lossy().into_owned(),
        ))
    }
}

/// Test only, not part of the API: `jiesu._jiesu._panic_for_test()` panics in its body, and
/// `_panic_for_test(x)` (any `x` but None) while its argument is extracted, for
/// `tests/python/test_boundary.py`.
#[jiesu_python_macros::catch_panics]
#[pyfunction]
#[pyo3(name = "_panic_for_test", signature = (argument=None))]
#[allow(clippy::panic, clippy::needless_pass_by_value)] // it panics on purpose; pyo3 passes by value
pub fn panic_for_test(argument: Option<PanicOnExtract>) {
    let _ = argument;
    panic!("_panic_for_test: a panic on purpose (test only)");
}

/// An argument whose extraction panics (for [`panic_for_test`]).
pub struct PanicOnExtract;

#[jiesu_python_macros::catch_panics]
impl<'py> FromPyObject<'_, 'py> for PanicOnExtract {
    type Error = PyErr;

    #[allow(clippy::panic)] // it panics on purpose
    fn extract(_ob: Borrowed<'_, 'py, PyAny>) -> PyResult<Self> {
        panic!("_panic_for_test: a panic on purpose while an argument is extracted (test only)");
    }
}
