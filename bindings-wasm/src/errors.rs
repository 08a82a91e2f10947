//! Errors across the boundary: every core error becomes a real JS `Error` (never a string) with
//! `name` = the module's error class (`CalendarError`, …), `code` = the stable `snake_case` code
//! (`jiesu_core::Error::code`), `module` = `jiesu_core::Error::module`, and the core message.
//!
//! A value of the wrong JS type (a count that is not an integer, a batch that is not an array)
//! is a `TypeError`, as a binding's argument conversion would raise in any language; every value
//! of the right type goes to core, whose validation gives the typed error.
//!
//! A batch's error names its row: `row` (the 0-based index) and `value` (the row's value as
//! text) are set on the `Error` when the core error is a row's (`jiesu_core::Error::row`), and on
//! the `TypeError` of an element of the wrong type.

use jiesu_core::{
    CalendarError, CardError, CategoryError, DeadlineError, DemandError, DirectoryError,
    DutiesError, EvaluationError, FormsError, PolicyError, PolicyLibraryError, StreamError,
    TimeError,
};
use wasm_bindgen::prelude::*;

/// The JS `name` of each core module's errors (`jiesu_core::Error::module` → class name).
/// A new core module is one line here.
const CLASS_NAMES: &[(&str, &str)] = &[
    ("calendar", "CalendarError"),
    ("policy", "PolicyError"),
    ("deadline", "DeadlineError"),
    ("time", "TimeError"),
    ("category", "CategoryError"),
    ("policy_library", "PolicyLibraryError"),
    ("directory", "DirectoryError"),
    ("demand", "DemandError"),
    ("stream", "StreamError"),
    ("card", "CardError"),
    ("evaluation", "EvaluationError"),
    ("duties", "DutiesError"),
    ("forms", "FormsError"),
];

/// The name of errors of a module this table does not know yet (its test walks every module).
const FALLBACK_NAME: &str = "JiesuError";

/// The JS class name for a core module's errors.
pub(crate) fn class_name(module: &str) -> &'static str {
    CLASS_NAMES
        .iter()
        .find(|(m, _)| *m == module)
        .map_or(FALLBACK_NAME, |(_, name)| name)
}

/// A JS exception on its way out of an exported function (converted by wasm-bindgen).
#[derive(Debug)]
pub struct Failure(JsValue);

impl Failure {
    /// A `TypeError`: an argument of the wrong JS type, before any core call.
    pub(crate) fn type_error(message: &str) -> Failure {
        Failure(js_sys::TypeError::new(message).into())
    }

    /// A `TypeError` about one element of a batch: `row` and `value` name it.
    pub(crate) fn type_error_at(row: usize, value: &str, message: &str) -> Failure {
        let error = js_sys::TypeError::new(message);
        set_row(&error, row, value);
        Failure(error.into())
    }

    /// An exception thrown by a JS built-in we called, passed on unchanged.
    pub(crate) fn from_js(value: JsValue) -> Failure {
        Failure(value)
    }
}

impl From<Failure> for JsValue {
    fn from(f: Failure) -> JsValue {
        f.0
    }
}

impl From<jiesu_core::Error> for Failure {
    fn from(e: jiesu_core::Error) -> Failure {
        let error = js_sys::Error::new(&e.to_string());
        error.set_name(class_name(e.module()));
        // Setting a data property on a fresh Error object cannot fail.
        let _ = js_sys::Reflect::set(&error, &"code".into(), &e.code().into());
        let _ = js_sys::Reflect::set(&error, &"module".into(), &e.module().into());
        if let Some((row, value)) = e.row() {
            set_row(&error, row, value);
        }
        Failure(error.into())
    }
}

/// Sets `row` (a number) and `value` on an error about one row of a batch.
#[allow(clippy::cast_precision_loss)] // a row index, far below 2^53
fn set_row(error: &js_sys::Object, row: usize, value: &str) {
    let _ = js_sys::Reflect::set(error, &"row".into(), &JsValue::from_f64(row as f64));
    let _ = js_sys::Reflect::set(error, &"value".into(), &value.into());
}

/// Every module error converts through the crate `Error` (one line per core module).
macro_rules! from_module_error {
    ($($module_error:ty),* $(,)?) => {$(
        impl From<$module_error> for Failure {
            fn from(e: $module_error) -> Failure {
                jiesu_core::Error::from(e).into()
            }
        }
    )*};
}

from_module_error!(
    CalendarError,
    PolicyError,
    DeadlineError,
    TimeError,
    CategoryError,
    PolicyLibraryError,
    DirectoryError,
    DemandError,
    StreamError,
    CardError,
    EvaluationError,
    DutiesError,
    FormsError
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_module_has_a_class_name() {
        for (module, code) in jiesu_core::all_codes() {
            assert_ne!(class_name(module), FALLBACK_NAME, "{module} ({code})");
        }
    }
}
