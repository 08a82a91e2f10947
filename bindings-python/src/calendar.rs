//! `Calendar` and `Day`: the working-day calendar (rules §1), over `jiesu_core::calendar`.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

use jiesu_core::calendar::{date_of, day_number};
use jiesu_core::{BeyondCoverage, Calendar, Day, Override, OverrideKind};
use numpy::datetime::{units::Days, Datetime};
use numpy::{
    PyArray1, PyArrayDescrMethods, PyArrayMethods, PyReadonlyArray1, PyUntypedArray,
    PyUntypedArrayMethods,
};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyInt, PyList};

use crate::errors::to_py;
use crate::time::{day_of_datetime64, DateArg};
use crate::{ndarray, serde_name, to_py_data};

/// A working-day calendar (工作日, rules §1): official holiday arrangements over Monday–Friday
/// work, with a coverage (first and last year with official data) and a data version.
///
/// A query outside coverage raises `CalendarError` (`calendar_out_of_range`) unless the calendar
/// is set to `with_beyond_coverage("weekends_only")`, which answers from weekends alone and marks
/// the answers provisional. Dates are `datetime.date` or `"YYYY-MM-DD"` strings.
#[pyclass(name = "Calendar", module = "jiesu", frozen)]
pub struct PyCalendar {
    pub(crate) inner: Calendar,
}

impl PyCalendar {
    pub(crate) fn wrap(inner: Calendar) -> Self {
        PyCalendar { inner }
    }
}

/// The numpy day numbers of a `datetime64[D]` array (read in place when contiguous).
fn day_numbers(array: &Bound<'_, PyUntypedArray>) -> PyResult<Vec<i32>> {
    let typed = array.cast::<PyArray1<Datetime<Days>>>().map_err(|_| {
        let dtype = array.dtype().to_string();
        PyTypeError::new_err(format!(
            "expected a 1-D datetime64[D] array, not {}-D {dtype}",
            array.ndim()
        ))
    })?;
    let view = typed.try_readonly()?;
    match view.as_slice() {
        Ok(days) => days
            .iter()
            .map(|d| day_of_datetime64(i64::from(*d)))
            .collect(),
        Err(_) => view
            .as_array()
            .iter()
            .map(|d| day_of_datetime64(i64::from(*d)))
            .collect(),
    }
}

/// The dates of a batch call: a `datetime64[D]` array (`Some` day numbers via numpy) or a
/// sequence of dates.
enum Dates {
    Array(Vec<i32>),
    List(Vec<i32>),
}

impl Dates {
    fn read(dates: &Bound<'_, PyAny>) -> PyResult<Dates> {
        if let Some(array) = ndarray(dates)? {
            if array.dtype().kind() == b'M' {
                return day_numbers(&array).map(Dates::Array);
            }
        }
        let dates: Vec<DateArg> = dates.extract()?;
        Ok(Dates::List(dates.iter().map(|d| day_number(d.0)).collect()))
    }

    fn days(&self) -> &[i32] {
        match self {
            Dates::Array(days) | Dates::List(days) => days,
        }
    }
}

/// The counts of a batch call: one int, an `int64` array (read in place) or a sequence of ints.
enum Counts<'py> {
    Owned(Vec<i64>),
    Array(PyReadonlyArray1<'py, i64>),
}

impl<'py> Counts<'py> {
    fn read(n: &Bound<'py, PyAny>) -> PyResult<Counts<'py>> {
        if n.is_instance_of::<PyInt>() {
            return Ok(Counts::Owned(vec![n.extract()?]));
        }
        if let Some(array) = ndarray(n)? {
            if let Ok(typed) = array.cast::<PyArray1<i64>>() {
                let view = typed.try_readonly()?;
                if view.as_slice().is_ok() {
                    return Ok(Counts::Array(view));
                }
            }
        }
        match n.extract::<Vec<i64>>() {
            Ok(counts) => Ok(Counts::Owned(counts)),
            // A numpy integer scalar (not a sequence, but an index).
            Err(e) => n
                .extract::<i64>()
                .map(|k| Counts::Owned(vec![k]))
                .map_err(|_| e),
        }
    }

    fn as_slice(&self) -> &[i64] {
        match self {
            Counts::Owned(counts) => counts,
            Counts::Array(view) => view.as_slice().unwrap_or_default(),
        }
    }
}

fn dates_list<'py>(py: Python<'py>, days: &[i32]) -> PyResult<Bound<'py, PyList>> {
    PyList::new(py, days.iter().map(|&d| date_of(d)))
}

#[pymethods]
impl PyCalendar {
    /// The bundled official mainland-China calendar (State Council notices), `beyond_coverage`
    /// "error". Wraps `Calendar::china`.
    #[staticmethod]
    fn china() -> Self {
        PyCalendar::wrap(Calendar::china())
    }

    /// A calendar from CSV text in the bundled shape `date,kind,name` (header required; kind
    /// `off` or `work`). Coverage is the years that have rows. Wraps `Calendar::from_csv`.
    #[staticmethod]
    fn from_csv(text: &str) -> PyResult<Self> {
        Calendar::from_csv(text)
            .map(PyCalendar::wrap)
            .map_err(to_py)
    }

    /// A calendar from holiday-cn style JSON texts, one per notice year
    /// (`{"year": 2026, "days": [{"name", "date", "isOffDay"}]}`). Wraps
    /// `Calendar::from_holiday_cn`.
    #[staticmethod]
    #[allow(clippy::needless_pass_by_value)] // pyo3 passes extracted arguments by value
    fn from_holiday_cn(texts: Vec<String>) -> PyResult<Self> {
        let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
        Calendar::from_holiday_cn(&texts)
            .map(PyCalendar::wrap)
            .map_err(to_py)
    }

    /// A calendar covering `first_year..=last_year` from overrides `(date, "off" | "work", name)`.
    /// Wraps `Calendar::from_overrides`.
    #[staticmethod]
    fn from_overrides(
        first_year: i32,
        last_year: i32,
        overrides: Vec<(DateArg, String, String)>,
    ) -> PyResult<Self> {
        let overrides = overrides
            .into_iter()
            .map(|(date, kind, name)| {
                let kind: OverrideKind = kind.parse().map_err(to_py)?;
                Ok(Override {
                    date: date.0,
                    kind,
                    name,
                })
            })
            .collect::<PyResult<Vec<Override>>>()?;
        Calendar::from_overrides(first_year, last_year, overrides)
            .map(PyCalendar::wrap)
            .map_err(to_py)
    }

    /// The same data with another `beyond_coverage` mode: `"error"` or `"weekends_only"`.
    /// Wraps `Calendar::with_beyond_coverage`.
    fn with_beyond_coverage(&self, mode: &str) -> PyResult<Self> {
        let mode: BeyondCoverage = mode.parse().map_err(to_py)?;
        Ok(PyCalendar::wrap(self.inner.with_beyond_coverage(mode)))
    }

    /// The data's version, `source:first-last:hash` (the hash changes with any entry).
    #[getter]
    fn version(&self) -> &str {
        self.inner.version()
    }

    /// Where the data came from: "cn-official", "csv", "holiday-cn" or "custom".
    #[getter]
    fn source(&self) -> &str {
        self.inner.source()
    }

    /// First year with official data.
    #[getter]
    fn first_year(&self) -> i32 {
        self.inner.first_year()
    }

    /// Last year with official data.
    #[getter]
    fn last_year(&self) -> i32 {
        self.inner.last_year()
    }

    /// The `beyond_coverage` mode in force: `"error"` or `"weekends_only"`.
    #[getter]
    fn beyond_coverage(&self) -> PyResult<String> {
        serde_name(&self.inner.beyond_coverage())
    }

    /// Whether the date is a working day. Wraps `Calendar::is_working_day`.
    fn is_working_day(&self, date: DateArg) -> PyResult<bool> {
        self.inner.is_working_day(date.0).map_err(to_py)
    }

    /// The date with its status and reason. Wraps `Calendar::day`.
    fn day(&self, date: DateArg) -> PyResult<PyDay> {
        self.inner.day(date.0).map(PyDay).map_err(to_py)
    }

    /// The `n`-th working day strictly after `date` (`n = 0` gives `date`).
    /// Wraps `Calendar::add_working_days`.
    fn add_working_days(&self, date: DateArg, n: i64) -> PyResult<chrono::NaiveDate> {
        self.inner.add_working_days(date.0, n).map_err(to_py)
    }

    /// Working days in the half-open range `(a, b]`; negative when `b < a`.
    /// Wraps `Calendar::working_days_between`.
    fn working_days_between(&self, a: DateArg, b: DateArg) -> PyResult<i64> {
        self.inner.working_days_between(a.0, b.0).map_err(to_py)
    }

    /// The first working day strictly after `date`. Wraps `Calendar::next_working_day`.
    fn next_working_day(&self, date: DateArg) -> PyResult<chrono::NaiveDate> {
        self.inner.next_working_day(date.0).map_err(to_py)
    }

    /// The last working day strictly before `date`. Wraps `Calendar::previous_working_day`.
    fn previous_working_day(&self, date: DateArg) -> PyResult<chrono::NaiveDate> {
        self.inner.previous_working_day(date.0).map_err(to_py)
    }

    /// The working days of the inclusive range `from_..=to`, ascending.
    /// Wraps `Calendar::working_days_in`.
    fn working_days_in(&self, from_: DateArg, to: DateArg) -> PyResult<Vec<chrono::NaiveDate>> {
        self.inner.working_days_in(from_.0, to.0).map_err(to_py)
    }

    /// Every day of the inclusive range `from_..=to` that is not an ordinary working day —
    /// weekends, holidays, make-up working days — with its reason. Wraps
    /// `Calendar::notable_days_in`.
    fn notable_days_in(&self, from_: DateArg, to: DateArg) -> PyResult<Vec<PyDay>> {
        self.inner
            .notable_days_in(from_.0, to.0)
            .map(|days| days.into_iter().map(PyDay).collect())
            .map_err(to_py)
    }

    /// The official arrangement of a year: its holiday days and make-up working days, in date
    /// order. Wraps `Calendar::arrangement`.
    fn arrangement(&self, year: i32) -> PyResult<Vec<PyDay>> {
        self.inner
            .arrangement(year)
            .map(|days| days.into_iter().map(PyDay).collect())
            .map_err(to_py)
    }

    /// Whether the date is inside coverage (an answer for it is not provisional).
    /// Wraps `Calendar::covers`.
    fn covers(&self, date: DateArg) -> bool {
        self.inner.covers(date.0)
    }

    /// The overrides the calendar was built from, `(date, "off" | "work", name)`, in date order.
    /// Wraps `Calendar::overrides`.
    fn overrides(&self) -> PyResult<Vec<(chrono::NaiveDate, String, String)>> {
        self.inner
            .overrides()
            .into_iter()
            .map(|o| Ok((o.date, serde_name(&o.kind)?, o.name)))
            .collect()
    }

    /// `add_working_days` over many dates: a numpy `datetime64[D]` array (returns a
    /// `datetime64[D]` array) or a sequence of dates (returns a list of dates). `n` is one int
    /// or one per date (a sequence or an int array). Stops at the first error.
    /// Wraps `Calendar::add_working_days_numbers_into`.
    fn add_working_days_many<'py>(
        &self,
        py: Python<'py>,
        dates: &Bound<'py, PyAny>,
        n: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let dates = Dates::read(dates)?;
        let counts = Counts::read(n)?;
        let (days, counts) = (dates.days(), counts.as_slice());
        let mut out = vec![0_i32; days.len()];
        py.detach(|| {
            self.inner
                .add_working_days_numbers_into(days, counts, &mut out)
        })
        .map_err(to_py)?;
        match dates {
            Dates::Array(_) => Ok(PyArray1::<Datetime<Days>>::from_iter(
                py,
                out.into_iter().map(|d| Datetime::from(i64::from(d))),
            )
            .into_any()),
            Dates::List(_) => Ok(dates_list(py, &out)?.into_any()),
        }
    }

    /// `is_working_day` over many dates: a numpy `datetime64[D]` array (returns a bool array) or
    /// a sequence of dates (returns a list of bools). Wraps `Calendar::is_working_day_numbers`.
    fn is_working_day_many<'py>(
        &self,
        py: Python<'py>,
        dates: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let dates = Dates::read(dates)?;
        let days = dates.days();
        let out = py
            .detach(|| self.inner.is_working_day_numbers(days))
            .map_err(to_py)?;
        match dates {
            Dates::Array(_) => Ok(PyArray1::from_vec(py, out).into_any()),
            Dates::List(_) => Ok(PyList::new(py, out)?.into_any()),
        }
    }

    fn __repr__(&self) -> PyResult<String> {
        Ok(format!(
            "Calendar(version='{}', beyond_coverage='{}')",
            self.inner.version(),
            serde_name(&self.inner.beyond_coverage())?
        ))
    }
}

/// One date with its status and the reason for it: `kind` is "workday", "weekend", "holiday" or
/// `"make_up_workday"`; `name` is the holiday's name for holidays and make-up working days.
#[pyclass(name = "Day", module = "jiesu", frozen, eq)]
#[derive(PartialEq)]
pub struct PyDay(pub Day);

#[pymethods]
impl PyDay {
    /// The date.
    #[getter]
    fn date(&self) -> chrono::NaiveDate {
        self.0.date
    }

    /// Whether it is a working day.
    #[getter]
    fn working(&self) -> bool {
        self.0.working
    }

    /// Why: "workday", "weekend", "holiday" or `"make_up_workday"`.
    #[getter]
    fn kind(&self) -> PyResult<String> {
        serde_name(&self.0.kind)
    }

    /// The holiday name, for holidays and make-up working days.
    #[getter]
    fn name(&self) -> Option<&str> {
        self.0.name.as_deref()
    }

    /// True when the date is outside the calendar's coverage (answered from weekends only).
    #[getter]
    fn provisional(&self) -> bool {
        self.0.provisional
    }

    /// The day in its serde JSON shape (`date` as "YYYY-MM-DD").
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py_data(py, &self.0)
    }

    fn __hash__(&self) -> u64 {
        let mut h = DefaultHasher::new();
        let d = &self.0;
        (d.date, d.working, d.kind, &d.name, d.provisional).hash(&mut h);
        h.finish()
    }

    fn __repr__(&self) -> PyResult<String> {
        let d = &self.0;
        let name = d
            .name
            .as_deref()
            .map_or_else(|| "None".to_owned(), |n| format!("'{n}'"));
        Ok(format!(
            "Day(date='{}', working={}, kind='{}', name={name}, provisional={})",
            d.date,
            if d.working { "True" } else { "False" },
            serde_name(&d.kind)?,
            if d.provisional { "True" } else { "False" },
        ))
    }
}
