//! Batches: what the batch functions read and the form of their answers.
//!
//! A batch of dates or instants is a sequence (of what the per-call argument takes), a numpy
//! `datetime64` array, a pandas `Series` or `Index` (a `DatetimeIndex`), or a pyarrow `Array` /
//! `ChunkedArray`. Results come back in the input's form: a list, numpy arrays, a `Series` with
//! the input's index, an `Index` (bools and codes as numpy arrays), pyarrow arrays. pandas and
//! pyarrow are never imported here: an object can only be one of theirs when its module is in
//! `sys.modules` already (see [`crate::imported`]), as for numpy.
//!
//! **Zones.** A timezone-aware column (pandas `datetime64[ns, tz]`, a pyarrow timestamp with a
//! `tz`) holds instants: they are converted exactly, and instant results are aware (+08:00). A
//! naive `datetime64` column holds wall-clock times of no zone, which is how an aware pandas
//! column comes out of `.values` / `.to_numpy()` (as UTC). So a naive column of instants must say
//! how to read it: `naive="cst"` (+08:00 wall-clock times, rules §0) or `naive="utc"`; without it
//! the call raises `TimeError` (`invalid_instant`) naming this trap. Its results are naive in the
//! same convention. A sequence's naive `datetime` objects and strings are +08:00 (rules §0), as
//! everywhere else. For dates, an aware value is its +08:00 date and a naive one must be a whole
//! day (pandas has no date dtype: dates are midnight timestamps).
//!
//! **Rows.** A value that cannot be read (`NaT`, null, None, a bad string, a time of day where a
//! date is expected) is its row's error: `errors="raise"` raises the first one with `.row` and
//! `.value`; `errors="coerce"` gives its result as missing (`NaT`, None, null) and its code in the
//! `codes` result. A value of the wrong Python type is a `TypeError` naming its row.

mod counts;
mod read;
mod results;

use jiesu_core::time::TimeError;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;

use crate::errors::to_py;

pub use counts::{counts, unordered, DayCount};
pub use read::{dates, instants, rows};
pub use results::{
    bool_results, code_results, date_results, instant_results, nullable_bool_results,
};

/// Seconds in a day.
const DAY: i64 = 86_400;

/// numpy's `NaT`, as an `i64`.
const NAT: i64 = i64::MIN;

/// `errors=`: raise the first bad row (the default), or give missing results and a code per row.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Errors {
    /// `"raise"`.
    Raise,
    /// `"coerce"`.
    Coerce,
}

#[jiesu_python_macros::catch_panics]
impl<'py> FromPyObject<'_, 'py> for Errors {
    type Error = PyErr;

    fn extract(ob: Borrowed<'_, 'py, PyAny>) -> PyResult<Self> {
        match ob.extract::<String>().ok().as_deref() {
            Some("raise") => Ok(Errors::Raise),
            Some("coerce") => Ok(Errors::Coerce),
            // A `TypeError`, as in JS: the option's type is the two strings (a misspelt option
            // must not fall back to the default, and is no error of the data).
            _ => Err(PyTypeError::new_err(format!(
                "errors must be \"raise\" or \"coerce\", not {}",
                ob.repr()?
            ))),
        }
    }
}

/// `naive=`: how to read a naive `datetime64` column of instants.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Naive {
    /// `"cst"`: +08:00 wall-clock times (rules §0).
    Cst,
    /// `"utc"`: UTC (what `.values` gives for an aware pandas column).
    Utc,
}

#[jiesu_python_macros::catch_panics]
impl<'py> FromPyObject<'_, 'py> for Naive {
    type Error = PyErr;

    fn extract(ob: Borrowed<'_, 'py, PyAny>) -> PyResult<Self> {
        match ob.extract::<String>().ok().as_deref() {
            Some("cst") => Ok(Naive::Cst),
            Some("utc") => Ok(Naive::Utc),
            _ => Err(PyTypeError::new_err(format!(
                "naive must be \"cst\" (+08:00 wall-clock times) or \"utc\", not {}",
                ob.repr()?
            ))),
        }
    }
}

/// The form a batch came in, which its results take.
pub enum Form<'py> {
    /// A sequence: lists.
    List,
    /// A numpy array: numpy arrays.
    Numpy,
    /// A pandas `Series`: Series with this index.
    Series(Bound<'py, PyAny>),
    /// A pandas `Index` (or a pandas array such as a `DatetimeArray`): an Index of dates or
    /// instants; bools and codes as numpy arrays.
    Index,
    /// A pyarrow `Array` or `ChunkedArray`: pyarrow arrays.
    Arrow,
}

/// A row that could not be read: its value as text and the core's error for it.
pub struct Bad {
    value: String,
    error: jiesu_core::Error,
}

impl Bad {
    /// The row's error as the Python exception, with `.row` (`i`) and `.value`.
    pub fn raise(&self, i: usize) -> PyErr {
        to_py(jiesu_core::Error::at_row(
            i,
            &self.value,
            self.error.clone(),
        ))
    }

    pub(super) fn new(value: impl Into<String>, error: impl Into<jiesu_core::Error>) -> Bad {
        Bad {
            value: value.into(),
            error: error.into(),
        }
    }

    pub(super) fn missing_date(what: &str) -> Bad {
        Bad::new(
            what,
            TimeError::InvalidDate {
                text: what.to_owned(),
            },
        )
    }

    pub(super) fn missing_instant(what: &str) -> Bad {
        Bad::new(
            what,
            TimeError::InvalidInstant {
                text: what.to_owned(),
            },
        )
    }
}

/// A batch read row by row: each row's value (a placeholder where it did not read), the rows
/// that did not read and why (in row order, few), and the form.
pub struct Column<'py, T> {
    values: Vec<T>,
    bad: Vec<(usize, Bad)>,
    pub form: Form<'py>,
    /// For instants: `None` when the input was aware (results aware, +08:00), else the naive
    /// convention results are written in.
    pub naive: Option<Naive>,
}

impl<'py, T: Clone + Default> Column<'py, T> {
    pub(super) fn new(form: Form<'py>, naive: Option<Naive>, capacity: usize) -> Self {
        Column {
            values: Vec::with_capacity(capacity),
            bad: Vec::new(),
            form,
            naive,
        }
    }

    pub(super) fn push(&mut self, row: Result<T, Bad>) {
        match row {
            Ok(v) => self.values.push(v),
            Err(bad) => {
                self.bad.push((self.values.len(), bad));
                self.values.push(T::default());
            }
        }
    }

    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// Every row's value; the first row that did not read raises its error with `.row`.
    pub fn all(&self) -> PyResult<&[T]> {
        match self.bad.first() {
            Some((i, bad)) => Err(bad.raise(*i)),
            None => Ok(&self.values),
        }
    }

    /// Every row's value, a placeholder where a row did not read (its code is in `codes`).
    pub fn padded(&self) -> &[T] {
        &self.values
    }

    /// The first row that did not read, if any: its index and error.
    pub fn first_bad(&self) -> Option<(usize, &Bad)> {
        self.bad.first().map(|(i, b)| (*i, b))
    }

    /// The indices and values of the rows that read.
    pub fn good(&self) -> (Vec<usize>, Vec<T>) {
        if self.bad.is_empty() {
            return ((0..self.values.len()).collect(), self.values.clone());
        }
        let mut skip = self.bad.iter().map(|(i, _)| *i).peekable();
        self.values
            .iter()
            .enumerate()
            .filter(|(i, _)| {
                if skip.peek() == Some(i) {
                    skip.next();
                    false
                } else {
                    true
                }
            })
            .map(|(i, v)| (i, v.clone()))
            .unzip()
    }

    /// The code of each row that did not read (None for the others).
    pub fn codes(&self) -> Vec<Option<&'static str>> {
        let mut codes = vec![None; self.values.len()];
        for (i, bad) in &self.bad {
            if let Some(slot) = codes.get_mut(*i) {
                *slot = Some(bad.error.code());
            }
        }
        codes
    }
}

impl<T: Clone> Column<'_, Option<T>> {
    /// The indices and values of the records that read (see [`rows`]).
    pub fn good_records(&self) -> (Vec<usize>, Vec<T>) {
        let (at, values) = self.good();
        (at, values.into_iter().flatten().collect())
    }
}

/// Row results of the rows that read (`rows[k]` is row `at[k]`'s) back in place among `len`
/// rows: the values (a placeholder where a row failed), the failed rows' indices (in order), and
/// each failure's code into `codes` (which already holds the rows that did not read).
pub fn scatter<T: Clone + Default>(
    len: usize,
    at: &[usize],
    rows: impl IntoIterator<Item = Result<T, &'static str>>,
    codes: &mut [Option<&'static str>],
) -> (Vec<T>, Vec<usize>) {
    let mut out = vec![T::default(); len];
    for (&i, row) in at.iter().zip(rows) {
        match row {
            Ok(v) => {
                if let Some(slot) = out.get_mut(i) {
                    *slot = v;
                }
            }
            Err(code) => {
                if let Some(slot) = codes.get_mut(i) {
                    *slot = Some(code);
                }
            }
        }
    }
    let missing = codes
        .iter()
        .enumerate()
        .filter_map(|(i, c)| c.map(|_| i))
        .collect();
    (out, missing)
}
