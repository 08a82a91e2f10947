//! Batches (a platform's nightly jobs): their options, their inputs (typed arrays, number arrays,
//! string arrays) and the results of `errors: "coerce"`.
//!
//! `options.errors` is `"raise"` (the default) or `"coerce"`, as in pandas:
//! - `"raise"`: the first failing row throws its error, with `row` (the 0-based index) and
//!   `value` (the row's value as text) on the `Error` (`jiesu_core::Error::row`);
//! - `"coerce"`: every row is answered and the call returns `{result, codes}` (plus per-row
//!   fields such as `provisional`): a failed row's result is `NaN` (numbers) or `null` (other
//!   values), its code the error's code; a row that did not fail has the code `null`.
//!
//! What a row can fail on is its *value*: a malformed or missing date or instant (a string, a
//! `Date`, epoch milliseconds), a count or a date the core rejects. An argument of the wrong JS
//! type (not an array, a count or a day number that is not an integer) is a `TypeError` in both
//! modes, with `row` and `value` when it is one element.

use jiesu_core::calendar::day_number;
use jiesu_core::{Error, TimeError};
use js_sys::{Array, ArrayBuffer, Float64Array, Int32Array, Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::{date_value, integer, kind, Failure, StringList};

#[wasm_bindgen(typescript_custom_section)]
const TS_BATCH: &str = r#"
/**
 * The options of a batch. `errors: "raise"` (the default): the first failing row throws its
 * error, with `row` and `value` on it. `errors: "coerce"` (as pandas): every row is answered, a
 * failed one as `NaN` or `null` with its error code (`Coerced`).
 */
export interface BatchOptions {
  errors?: "raise" | "coerce";
}

/** `BatchOptions` that keep the default: the first failing row throws. */
export interface RaiseOptions {
  errors?: "raise";
}

/** `BatchOptions` that ask for row-by-row results. */
export interface CoerceOptions {
  errors: "coerce";
}

/**
 * A batch answered row by row (`errors: "coerce"`): `result[i]` is row i's answer — `NaN` in a
 * typed array, `null` in an array, when the row failed — and `codes[i]` is `null` or the failed
 * row's error code (`calendar_out_of_range`, `invalid_instant`, …).
 */
export interface Coerced<T> {
  result: T;
  codes: (string | null)[];
}

/** Due instants row by row, with whether each is provisional (1: the count went beyond the
 * calendar's coverage; 0 otherwise and for a failed row). */
export interface CoercedDues<T> extends Coerced<T> {
  provisional: Uint8Array;
}

/** Instants in a batch: epoch milliseconds (a `Float64Array`, or `number`s and `Date`s), or
 * instant strings and `Date`s. Compared and counted at whole seconds. */
export type Instants = Float64Array | (number | Date)[] | (string | Date)[];
"#;

#[wasm_bindgen]
extern "C" {
    /// `Number.isFinite`: true only for a finite number (no coercion).
    #[wasm_bindgen(thread_local_v2, js_namespace = Number, js_name = isFinite)]
    static IS_FINITE: js_sys::Function;

    /// `Array.prototype.every.call(array, predicate)`: with a built-in predicate, the whole scan
    /// is one boundary crossing.
    #[wasm_bindgen(js_namespace = ["Array", "prototype", "every"], js_name = call)]
    fn every_with(array: &Array, predicate: &js_sys::Function) -> bool;

    /// The options argument of a batch.
    #[wasm_bindgen(typescript_type = "BatchOptions")]
    pub type Options;

    /// An instants argument of a batch, read by [`instants`].
    #[wasm_bindgen(typescript_type = "Instants")]
    pub type InstantsArg;
}

/// How a batch answers a failing row (pandas' `errors=`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// Throw the first failing row's error.
    Raise,
    /// Answer every row: `NaN` / `null` and a code for a failed one.
    Coerce,
}

/// The `{errors?}` options of a batch: absent, `"raise"` or `"coerce"`; another key or value is a
/// `TypeError` (a misspelt option must not silently fall back to the default).
pub(crate) fn mode(options: &JsValue) -> Result<Mode, Failure> {
    if options.is_undefined() || options.is_null() {
        return Ok(Mode::Raise);
    }
    let Some(object) = options
        .dyn_ref::<Object>()
        .filter(|_| !Array::is_array(options))
    else {
        return Err(Failure::type_error(&format!(
            "options must be an object {{errors?: \"raise\" | \"coerce\"}}, got {}",
            kind(options)
        )));
    };
    for key in Object::keys(object) {
        let key = key.as_string().unwrap_or_default();
        if key != "errors" {
            return Err(Failure::type_error(&format!(
                "unknown option {key:?}: expected errors"
            )));
        }
    }
    let errors = Reflect::get(options, &JsValue::from_str("errors")).map_err(Failure::from_js)?;
    match errors.as_string().as_deref() {
        _ if errors.is_undefined() => Ok(Mode::Raise),
        Some("raise") => Ok(Mode::Raise),
        Some("coerce") => Ok(Mode::Coerce),
        _ => Err(Failure::type_error(&format!(
            "options.errors must be \"raise\" or \"coerce\", got {}",
            describe(&errors)
        ))),
    }
}

/// A batch's inputs as converted for the core: the rows that converted, in order, and those that
/// did not, each with its error (naming the row), in row order.
pub(crate) struct Converted<T> {
    pub(crate) values: Vec<T>,
    pub(crate) failed: Vec<(usize, Error)>,
    len: usize,
}

impl<T> Converted<T> {
    pub(crate) fn with_capacity(len: usize) -> Converted<T> {
        Converted {
            values: Vec::with_capacity(len),
            failed: Vec::new(),
            len: 0,
        }
    }

    /// Adds the next row.
    pub(crate) fn push(&mut self, row: Result<T, Error>) {
        match row {
            Ok(v) => self.values.push(v),
            Err(e) => self.failed.push((self.len, e)),
        }
        self.len += 1;
    }

    /// The number of rows.
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// `errors: "raise"`: every row's value, or the first failed row's error.
    pub(crate) fn all(self) -> Result<Vec<T>, Failure> {
        match self.failed.into_iter().next() {
            Some((_, e)) => Err(e.into()),
            None => Ok(self.values),
        }
    }

    /// `errors: "coerce"`, row by row: every row's value (`fill` for a failed row) and code.
    pub(crate) fn padded(self, fill: T) -> (Vec<T>, Vec<Option<&'static str>>)
    where
        T: Copy,
    {
        let (values, merge) = self.split();
        merge
            .rows(values.into_iter().map(Ok))
            .map(|row| match row {
                Ok(v) => (v, None),
                Err(code) => (fill, Some(code)),
            })
            .unzip()
    }

    /// `errors: "coerce"`: the converted values (for the core), and a merger that gives every
    /// row in order, the core's answers for the converted rows and the codes of the others.
    pub(crate) fn split(self) -> (Vec<T>, Merge) {
        let merge = Merge {
            failed: self
                .failed
                .into_iter()
                .map(|(i, e)| (i, e.code()))
                .collect(),
            len: self.len,
        };
        (self.values, merge)
    }
}

impl<T> FromIterator<Result<T, Error>> for Converted<T> {
    fn from_iter<I: IntoIterator<Item = Result<T, Error>>>(rows: I) -> Converted<T> {
        let rows = rows.into_iter();
        let mut out = Converted::with_capacity(rows.size_hint().0);
        for row in rows {
            out.push(row);
        }
        out
    }
}

/// The rows that failed to convert, by code, to be merged with the core's answers.
pub(crate) struct Merge {
    failed: Vec<(usize, &'static str)>,
    len: usize,
}

impl Merge {
    /// The number of rows.
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// The elements of a per-row array (counts) at the rows that converted.
    pub(crate) fn keep<U: Copy>(&self, per_row: &[U]) -> Vec<U> {
        let mut failed = self.failed.iter().map(|(i, _)| *i).peekable();
        per_row
            .iter()
            .enumerate()
            .filter(|(i, _)| {
                let drop = failed.peek() == Some(i);
                if drop {
                    failed.next();
                }
                !drop
            })
            .map(|(_, u)| *u)
            .collect()
    }

    /// Every row in order: the next of `answers` for a converted row, the code of a failed one.
    pub(crate) fn rows<U>(
        self,
        answers: impl IntoIterator<Item = Result<U, &'static str>>,
    ) -> impl Iterator<Item = Result<U, &'static str>> {
        let mut failed = self.failed.into_iter().peekable();
        let mut answers = answers.into_iter();
        (0..self.len).map(move |i| match failed.peek() {
            Some(&(row, code)) if row == i => {
                failed.next();
                Err(code)
            }
            // One answer per converted row, by construction.
            _ => answers.next().unwrap_or(Err("")),
        })
    }
}

/// Rows as each row's answer (`None` for a failed row) and each row's code (`None` for an
/// answered one).
pub(crate) fn unzip_rows<U>(
    rows: impl Iterator<Item = Result<U, &'static str>>,
) -> (Vec<Option<U>>, Vec<Option<&'static str>>) {
    rows.map(|row| match row {
        Ok(answer) => (Some(answer), None),
        Err(code) => (None, Some(code)),
    })
    .unzip()
}

/// Row-by-row results as `{result, codes}` plus the extra fields.
pub(crate) fn coerced(
    result: &JsValue,
    codes: &[Option<&str>],
    extra: &[(&str, &JsValue)],
) -> Result<JsValue, Failure> {
    let object = Object::new();
    let set = |key: &str, value: &JsValue| {
        Reflect::set(&object, &JsValue::from_str(key), value).map_err(Failure::from_js)
    };
    set("result", result)?;
    set("codes", &nullable_json(codes, push_quoted)?)?;
    for (key, value) in extra {
        set(key, value)?;
    }
    Ok(object.into())
}

/// Appends `"text"` (a text that needs no JSON escaping: a code, a date, an instant).
pub(crate) fn push_quoted(out: &mut String, text: &str) {
    out.push('"');
    out.push_str(text);
    out.push('"');
}

/// A JS array of `null`s and values that `write` writes as JSON (see [`push_quoted`]): one JSON
/// text, parsed by the engine in one crossing.
pub(crate) fn nullable_json<T: Copy>(
    values: &[Option<T>],
    mut write: impl FnMut(&mut String, T),
) -> Result<JsValue, Failure> {
    let mut json = String::with_capacity(values.len() * 8 + 2);
    json.push('[');
    for (i, v) in values.iter().enumerate() {
        if i > 0 {
            json.push(',');
        }
        match v {
            Some(v) => write(&mut json, *v),
            None => json.push_str("null"),
        }
    }
    json.push(']');
    js_sys::JSON::parse(&json).map_err(Failure::from_js)
}

/// Numbers of a `Float64Array`, another typed array (not a `BigInt64Array`) or a `number[]`
/// (with `dates`, also `Date`s, as their epoch milliseconds): one copy for a typed array; for a
/// plain array, one crossing checks the element types (`every(Number.isFinite)`) and one copies
/// (a hole reads as `NaN`). An element of another type is a `TypeError` naming it, never
/// coerced.
pub(crate) fn numbers(value: &JsValue, what: &str, dates: bool) -> Result<Vec<f64>, Failure> {
    if let Some(floats) = value.dyn_ref::<Float64Array>() {
        return Ok(floats.to_vec());
    }
    if let Some(array) = value.dyn_ref::<Array>() {
        if !IS_FINITE.with(|f| every_with(array, f)) {
            // NaN and ±Infinity are numbers (the rows' problem); other types are not.
            for i in 0..array.length() {
                let v = array.get(i);
                if v.as_f64().is_none() && !(dates && v.is_instance_of::<js_sys::Date>()) {
                    let expected = if dates {
                        "a number or a Date"
                    } else {
                        "a number"
                    };
                    return Err(Failure::type_error_at(
                        i as usize,
                        &describe(&v),
                        &format!("{what}[{i}] must be {expected}, got {}", kind(&v)),
                    ));
                }
            }
        }
        return Ok(Float64Array::new(array).to_vec());
    }
    if ArrayBuffer::is_view(value)
        && !value.is_instance_of::<js_sys::DataView>()
        && !value.is_instance_of::<js_sys::BigInt64Array>()
        && !value.is_instance_of::<js_sys::BigUint64Array>()
    {
        return Ok(Float64Array::new(value).to_vec());
    }
    Err(Failure::type_error(&format!(
        "{what} must be a Float64Array or an array of numbers, got {}",
        kind(value)
    )))
}

/// `n: number | number[] | Int32Array | …`: one count for all, or one per element. Every count
/// must be an integer: a `TypeError` otherwise (naming the element), never coerced.
pub(crate) fn counts(n: &JsValue, what: &str) -> Result<Vec<i64>, Failure> {
    if let Some(one) = n.as_f64() {
        return Ok(vec![integer(one, what)?]);
    }
    if let Some(ints) = n.dyn_ref::<Int32Array>() {
        return Ok(ints.to_vec().into_iter().map(i64::from).collect());
    }
    if !(Array::is_array(n) || ArrayBuffer::is_view(n)) {
        return Err(Failure::type_error(&format!(
            "{what} must be an integer or an array of integers, got {}",
            kind(n)
        )));
    }
    numbers(n, what, false)?
        .into_iter()
        .enumerate()
        .map(|(i, k)| {
            if k.is_finite() && k.fract() == 0.0 {
                // Saturating: an out-of-range count reaches core as an out-of-range count.
                Ok(k as i64)
            } else {
                Err(Failure::type_error_at(
                    i,
                    &js_number(k),
                    &format!("{what}[{i}] must be an integer, got {}", js_number(k)),
                ))
            }
        })
        .collect()
}

/// Day numbers (days since 1970-01-01): an `Int32Array` as is; another typed array or a
/// `number[]` element by element, each an integer in the `Int32` range (a `TypeError` naming
/// the element otherwise: a fraction is never truncated).
pub(crate) fn day_numbers(value: &JsValue, what: &str) -> Result<Vec<i32>, Failure> {
    if let Some(ints) = value.dyn_ref::<Int32Array>() {
        return Ok(ints.to_vec());
    }
    let range = f64::from(i32::MIN)..=f64::from(i32::MAX);
    numbers(value, what, false)?
        .into_iter()
        .enumerate()
        .map(|(i, d)| {
            if d.fract() == 0.0 && range.contains(&d) {
                Ok(d as i32)
            } else {
                Err(Failure::type_error_at(
                    i,
                    &js_number(d),
                    &format!(
                        "{what}[{i}] must be a day number (an Int32 integer), got {}",
                        js_number(d)
                    ),
                ))
            }
        })
        .collect()
}

/// Epoch milliseconds (`Float64Array`, another typed array, or `(number | Date)[]`) as whole Unix
/// seconds (floor); a non-finite value (`NaN`, an invalid `Date`) is its row's `invalid_instant`.
pub(crate) fn epoch_seconds(value: &JsValue, what: &str) -> Result<Converted<i64>, Failure> {
    Ok(numbers(value, what, true)?
        .into_iter()
        .enumerate()
        .map(|(i, t)| {
            if t.is_finite() {
                // floor, not div_euclid: f64 div_euclid is a software fmod in wasm (2× slower).
                Ok((t / 1000.0).floor() as i64)
            } else {
                let text = js_number(t);
                Err(Error::at_row(
                    i,
                    &text,
                    TimeError::InvalidInstant { text: text.clone() },
                ))
            }
        })
        .collect())
}

/// The dates `YYYY-MM-DD` of a string array as day numbers; an element that is not one (another
/// text, `null`, a number) is its row's `invalid_date`.
pub(crate) fn date_rows(list: &StringList) -> Converted<i32> {
    list.iter()
        .enumerate()
        .map(|(i, s)| {
            jiesu_core::time::parse_date(s)
                .map(day_number)
                .map_err(|_| {
                    let text = element_text(list, i);
                    Error::at_row(i, &text, TimeError::InvalidDate { text: text.clone() })
                })
        })
        .collect()
}

/// The instants of an array of instant strings and `Date`s, as Unix seconds; an element that is
/// not one (another text, an invalid `Date`, `null`, a number) is its row's `invalid_instant`.
pub(crate) fn instant_rows(list: &StringList) -> Converted<i64> {
    list.iter()
        .enumerate()
        .map(|(i, s)| {
            if let Ok(t) = jiesu_core::time::parse_instant(s) {
                return Ok(t.timestamp());
            }
            // Not a string that reads: a `Date` (joined as its `toString()`), or the row's error.
            let element = list.get(i);
            if let Some(date) = element.dyn_ref::<js_sys::Date>() {
                return date_value(date)
                    .map(|t| t.timestamp())
                    .map_err(|e| Error::at_row(i, "Invalid Date", e));
            }
            let text = element.as_string().unwrap_or_else(|| describe(&element));
            Err(Error::at_row(
                i,
                &text,
                TimeError::InvalidInstant { text: text.clone() },
            ))
        })
        .collect()
}

/// An instants argument (`Instants`): a typed array, or an array whose first element is a
/// number or a `Date`, is epoch milliseconds ([`epoch_seconds`]); an array of strings is
/// instants ([`instant_rows`], `Date`s allowed among them). Unix seconds per row.
pub(crate) fn instants(value: &JsValue, what: &str) -> Result<Converted<i64>, Failure> {
    if let Some(array) = value.dyn_ref::<Array>() {
        if array.length() > 0 && array.get(0).is_string() {
            return Ok(instant_rows(&StringList::read(value, what)?));
        }
    }
    epoch_seconds(value, what)
}

/// The text of element `i` of a string list for a row's error: the string, or what it is.
fn element_text(list: &StringList, i: usize) -> String {
    let element = list.get(i);
    element.as_string().unwrap_or_else(|| describe(&element))
}

/// A JS value that is not a string, as a row's `value`: a number or boolean as JS writes it,
/// `null`, `undefined`, else what it is (`object`, `array`, …).
pub(crate) fn describe(value: &JsValue) -> String {
    if let Some(n) = value.as_f64() {
        js_number(n)
    } else if let Some(b) = value.as_bool() {
        b.to_string()
    } else if let Some(s) = value.as_string() {
        s
    } else if value.is_undefined() {
        "undefined".to_owned()
    } else {
        kind(value)
    }
}

/// A number as JS writes it for the values a message shows (`NaN`, `Infinity`, `1.5`, `3`).
pub(crate) fn js_number(n: f64) -> String {
    if n.is_nan() {
        "NaN".to_owned()
    } else if n.is_infinite() {
        if n > 0.0 { "Infinity" } else { "-Infinity" }.to_owned()
    } else {
        n.to_string()
    }
}
