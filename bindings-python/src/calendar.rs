//! `Calendar` and `Day`: the working-day calendar (rules §1), over `jiesu_core::calendar`.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

use jiesu_core::{BeyondCoverage, Calendar, Day, Override, OverrideKind};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::PyTuple;

use crate::batch::{self, DayCount, Errors};
use crate::boundary::OwnedText;
use crate::errors::to_py;
use crate::time::DateArg;
use crate::{sequence, serde_name, to_py_data, Strings, Year};

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

#[jiesu_python_macros::catch_panics]
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
    fn from_holiday_cn(texts: Strings) -> PyResult<Self> {
        let texts: Vec<&str> = texts.0.iter().map(String::as_str).collect();
        Calendar::from_holiday_cn(&texts)
            .map(PyCalendar::wrap)
            .map_err(to_py)
    }

    /// A calendar covering `first_year..=last_year` from overrides `(date, "off" | "work", name)`.
    /// Wraps `Calendar::from_overrides`.
    #[staticmethod]
    #[allow(clippy::needless_pass_by_value)] // pyo3 passes extracted arguments by value
    fn from_overrides(
        first_year: Year,
        last_year: Year,
        overrides: &Bound<'_, PyAny>,
    ) -> PyResult<Self> {
        let overrides = sequence(overrides, "overrides (date, kind, name)")?
            .iter()
            .map(|o| {
                // pyo3 says a wrong length with a `ValueError`: it is the item's type that is wrong.
                if let Ok(t) = o.cast::<PyTuple>() {
                    if t.len() != 3 {
                        return Err(PyTypeError::new_err(format!(
                            "an override is a (date, kind, name) tuple, not a tuple of {} items",
                            t.len()
                        )));
                    }
                }
                let (date, kind, name): (DateArg, OwnedText, OwnedText) = o.extract()?;
                let kind: OverrideKind = kind.0.parse().map_err(to_py)?;
                Ok(Override {
                    date: date.0,
                    kind,
                    name: name.0,
                })
            })
            .collect::<PyResult<Vec<Override>>>()?;
        Calendar::from_overrides(first_year.0, last_year.0, overrides)
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
    /// `n` is an `int` or a numpy integer (a `bool`, `None`, a float or a list is a
    /// `TypeError`; a negative or huge count is `calendar_invalid_day_count`).
    #[allow(clippy::needless_pass_by_value)] // pyo3 passes extracted arguments by value
    fn add_working_days(&self, date: DateArg, n: DayCount) -> PyResult<chrono::NaiveDate> {
        self.inner.add_working_days(date.0, n.0).map_err(to_py)
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
    #[allow(clippy::needless_pass_by_value)] // pyo3 passes extracted arguments by value
    fn arrangement(&self, year: Year) -> PyResult<Vec<PyDay>> {
        self.inner
            .arrangement(year.0)
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

    /// `add_working_days` over many dates: a sequence of dates (gives a list of dates), a
    /// numpy `datetime64[D]` array (a `datetime64[D]` array), a pandas `Series` or
    /// `DatetimeIndex` (the same, with the Series' index) or a pyarrow date or timestamp array (a
    /// `date32` array); aware timestamps stand for their +08:00 date. `n` is one int for every
    /// date, or one per date (a sequence or an integer array of the same length).
    ///
    /// `errors="raise"` (the default) raises the first failing row's error, with `.row` (its
    /// index) and `.value`; `errors="coerce"` gives `(dates, codes)`: a missing date (`NaT`,
    /// None, null) where a row failed and each row's error code (None where it did not). Wraps
    /// `Calendar::add_working_days_numbers_into` and, for `"coerce"`,
    /// `Calendar::add_working_days_rows`.
    #[pyo3(signature = (dates, n, *, errors = Errors::Raise))]
    #[pyo3(text_signature = "(self, dates, n, *, errors='raise')")]
    fn add_working_days_many<'py>(
        &self,
        py: Python<'py>,
        dates: &Bound<'py, PyAny>,
        n: &Bound<'py, PyAny>,
        errors: Errors,
    ) -> PyResult<Bound<'py, PyAny>> {
        let column = batch::dates(dates)?;
        let counts = batch::counts(n, column.len())?;
        if errors == Errors::Raise {
            let days = column.all()?;
            let mut out = vec![0_i32; days.len()];
            let counts = counts.as_slice();
            py.detach(|| {
                self.inner
                    .add_working_days_numbers_into(days, counts, &mut out)
            })
            .map_err(to_py)?;
            return batch::date_results(py, &column.form, &out, &[]);
        }
        let (at, days) = column.good();
        let counts: Vec<i64> = match counts.as_slice() {
            [one] if column.len() != 1 => vec![*one],
            all => at.iter().filter_map(|&i| all.get(i).copied()).collect(),
        };
        let mut codes = column.codes();
        // The core refuses an empty batch with per-row counts; there is nothing to do anyway.
        let rows = if days.is_empty() {
            Vec::new()
        } else {
            py.detach(|| self.inner.add_working_days_rows(&days, &counts))
                .map_err(to_py)?
        };
        let rows = rows.into_iter().map(|r| r.map_err(|e| e.code()));
        let (out, missing) = batch::scatter(column.len(), &at, rows, &mut codes);
        let dates = batch::date_results(py, &column.form, &out, &missing)?;
        let codes = batch::code_results(py, &column.form, &codes)?;
        Ok(PyTuple::new(py, [dates, codes])?.into_any())
    }

    /// `is_working_day` over many dates (a sequence, a numpy `datetime64[D]` array, a pandas
    /// `Series` or `DatetimeIndex`, a pyarrow date or timestamp array): a list of bools, a bool
    /// array, a bool Series with the input's index, a pyarrow bool array. A date that fails
    /// raises its error with `.row` and `.value`. Wraps `Calendar::is_working_day_numbers`.
    fn is_working_day_many<'py>(
        &self,
        py: Python<'py>,
        dates: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let column = batch::dates(dates)?;
        let days = column.all()?;
        let out = py
            .detach(|| self.inner.is_working_day_numbers(days))
            .map_err(to_py)?;
        batch::bool_results(py, &column.form, out)
    }

    /// Test only, not part of the API: panics, so that `tests/python/test_boundary.py` sees a
    /// method's panic caught at the boundary too.
    #[staticmethod]
    #[pyo3(name = "_panic_for_test")]
    #[allow(clippy::panic)] // it panics on purpose
    fn panic_for_test() {
        panic!("Calendar._panic_for_test: a panic on purpose (test only)");
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

#[jiesu_python_macros::catch_panics]
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
