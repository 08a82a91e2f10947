//! `Register`, `Leaders`, `CollectionLog`, `FieldDayLog`, `collection_shortfalls` and
//! `field_day_shortfalls`: the duties of rules §8 (问题征询 weekly collection, 领导现场督导 field
//! days), over `jiesu_core::duties`.
//!
//! The four inputs are read from their text by the core's own readers
//! (`fixtures/duties/README.md`), so a bad file or log line is a `DutiesError` naming what is
//! wrong (a log error names its line and field). Reports, entries and log lines are dicts in the
//! Rust serde JSON shape (dates "YYYY-MM-DD", instants RFC 3339 +08:00). All four are read-only.

use jiesu_core::duties::{
    collection_shortfalls as collection_check, field_day_shortfalls as field_day_check,
    CollectionLog, FieldDayLog, Leaders, Register,
};
use pyo3::prelude::*;

use crate::directory::PyDirectory;
use crate::errors::to_py;
use crate::time::DateArg;
use crate::to_py_data;

/// The register of enterprises and projects each territory consults weekly (问题征询名册).
/// Load one with `Register.from_json`. Read-only.
#[pyclass(name = "Register", module = "jiesu", frozen, eq)]
#[derive(PartialEq)]
pub struct PyRegister {
    inner: Register,
}

/// The city leaders and their monthly field-day quotas (市政府领导名单). Load one with
/// `Leaders.from_json`. Read-only.
#[pyclass(name = "Leaders", module = "jiesu", frozen, eq)]
#[derive(PartialEq)]
pub struct PyLeaders {
    inner: Leaders,
}

/// A collection log (问题征询记录): the `consulted` and `weekly_report` lines. Read one with
/// `CollectionLog.from_jsonl`. Read-only.
#[pyclass(name = "CollectionLog", module = "jiesu", frozen, eq)]
#[derive(PartialEq)]
pub struct PyCollectionLog {
    inner: CollectionLog,
}

/// A field-day log (领导现场督导记录): the `field_day` lines. Read one with
/// `FieldDayLog.from_jsonl`. Read-only.
#[pyclass(name = "FieldDayLog", module = "jiesu", frozen, eq)]
#[derive(PartialEq)]
pub struct PyFieldDayLog {
    inner: FieldDayLog,
}

#[jiesu_python_macros::catch_panics]
#[pymethods]
impl PyRegister {
    /// Reads a register from JSON text `{"name"?, "version"?, "enterprises": [{"id", "name",
    /// "territory", "kind"}]}` (`kind`: `enterprise` or `project`, or 企业 / 项目). Unknown
    /// fields or blank values raise `DutiesError` (`duties_invalid_register`), a repeated id
    /// `duties_duplicate_enterprise`. Wraps `Register::from_json`.
    #[staticmethod]
    fn from_json(text: &str) -> PyResult<Self> {
        Register::from_json(text)
            .map(|inner| PyRegister { inner })
            .map_err(to_py)
    }

    /// The enterprises and projects `{id, name, territory, kind}`, in the register's order.
    /// Wraps `Register::enterprises`.
    fn enterprises<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py_data(py, self.inner.enterprises())
    }

    /// Checks every enterprise's territory against the dispatch directory: it must be a unit of
    /// kind `territory` or `development_zone`, else `DutiesError` (`duties_unknown_territory`,
    /// naming the first that is not). Wraps `Register::check_territories`.
    fn check_territories(&self, directory: &Bound<'_, PyDirectory>) -> PyResult<()> {
        self.inner
            .check_territories(&directory.get().inner)
            .map_err(to_py)
    }

    /// The register in its serde JSON shape `{name, version, enterprises}`.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py_data(py, &self.inner)
    }

    fn __repr__(&self) -> String {
        format!("Register(enterprises={})", self.inner.enterprises().len())
    }
}

#[jiesu_python_macros::catch_panics]
#[pymethods]
impl PyLeaders {
    /// Reads a leaders file from JSON text `{"name"?, "version"?, "principal_quota"? (default
    /// 1), "other_quota"? (default 2), "leaders": [{"id", "name", "principal", "quota"?}]}`.
    /// Unknown fields, blank values, two principal leaders or a quota above 31 raise
    /// `DutiesError` (`duties_invalid_leaders`), a repeated id `duties_duplicate_leader`. Wraps
    /// `Leaders::from_json`.
    #[staticmethod]
    fn from_json(text: &str) -> PyResult<Self> {
        Leaders::from_json(text)
            .map(|inner| PyLeaders { inner })
            .map_err(to_py)
    }

    /// The leaders `{id, name, principal, quota?}`, in the file's order (`quota` only when the
    /// file gives one). Wraps `Leaders::leaders`.
    fn leaders<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py_data(py, self.inner.leaders())
    }

    /// A leader's monthly quota: their own `quota`, else the file's `principal_quota` or
    /// `other_quota`; None for an id not on the list. Wraps `Leaders::quota`.
    fn quota(&self, id: &str) -> Option<u32> {
        self.inner.quota(id)
    }

    /// The leaders file in its serde JSON shape `{name, version, principal_quota, other_quota,
    /// leaders}`.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py_data(py, &self.inner)
    }

    fn __repr__(&self) -> String {
        format!("Leaders(leaders={})", self.inner.leaders().len())
    }
}

#[jiesu_python_macros::catch_panics]
#[pymethods]
impl PyCollectionLog {
    /// Reads a collection log from JSON Lines: `{"v":1,"type":"consulted","at","territory",
    /// "enterprise"}` and `{"v":1,"type":"weekly_report","at","territory","week"}` (an `ext`
    /// object is accepted and ignored; blank lines are skipped but counted). The first bad line
    /// raises `DutiesError` (`duties_invalid_line`, the message starting `line N (field `f`)`,
    /// or `duties_unsupported_version`). Wraps `CollectionLog::from_jsonl`.
    #[staticmethod]
    fn from_jsonl(text: &str) -> PyResult<Self> {
        CollectionLog::from_jsonl(text)
            .map(|inner| PyCollectionLog { inner })
            .map_err(to_py)
    }

    /// The `consulted` lines `{line, at, territory, enterprise}`, in log order.
    #[getter]
    fn consultations<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py_data(py, &self.inner.consultations)
    }

    /// The `weekly_report` lines `{line, at, territory, week}`, in log order (weeks `YYYY-Www`).
    #[getter]
    fn reports<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py_data(py, &self.inner.reports)
    }

    /// The log in its serde JSON shape `{consultations, reports}`.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py_data(py, &self.inner)
    }

    fn __repr__(&self) -> String {
        format!(
            "CollectionLog(consultations={}, reports={})",
            self.inner.consultations.len(),
            self.inner.reports.len()
        )
    }
}

#[jiesu_python_macros::catch_panics]
#[pymethods]
impl PyFieldDayLog {
    /// Reads a field-day log from JSON Lines: `{"v":1,"type":"field_day","date","leader",
    /// "enterprise"?}` (an `ext` object is accepted and ignored). The first bad line raises
    /// `DutiesError` (`duties_invalid_line` naming the line and field, or
    /// `duties_unsupported_version`). Wraps `FieldDayLog::from_jsonl`.
    #[staticmethod]
    fn from_jsonl(text: &str) -> PyResult<Self> {
        FieldDayLog::from_jsonl(text)
            .map(|inner| PyFieldDayLog { inner })
            .map_err(to_py)
    }

    /// The `field_day` lines `{line, date, leader, enterprise?}`, in log order.
    #[getter]
    fn days<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py_data(py, &self.inner.days)
    }

    /// The log in its serde JSON shape `{days}`.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py_data(py, &self.inner)
    }

    fn __repr__(&self) -> String {
        format!("FieldDayLog(days={})", self.inner.days.len())
    }
}

/// Checks the weekly collection (问题征询, rules §8) over `from_..=to` (dates, inclusive): for
/// every ISO week overlapping the range (judged whole; `partial` marks those not wholly inside)
/// and every territory of the register, the enterprises not consulted and whether the week's
/// report was filed. A dict `{from, to, weeks, rows, territories, totals, issues}`; `from_`
/// after `to` raises `DutiesError` (`duties_invalid_range`). Wraps
/// `duties::collection_shortfalls`.
#[jiesu_python_macros::catch_panics]
#[pyfunction]
pub fn collection_shortfalls<'py>(
    py: Python<'py>,
    register: &Bound<'py, PyRegister>,
    log: &Bound<'py, PyCollectionLog>,
    from_: DateArg,
    to: DateArg,
) -> PyResult<Bound<'py, PyAny>> {
    let report =
        collection_check(&register.get().inner, &log.get().inner, from_.0, to.0).map_err(to_py)?;
    to_py_data(py, &report)
}

/// Checks the leaders' field days (现场推进, rules §8) over `from_..=to` (dates, inclusive): for
/// every calendar month overlapping the range (judged whole) and every leader, the distinct field
/// days against the quota. A dict `{from, to, months, rows, leaders, totals, issues}`; `from_`
/// after `to` raises `DutiesError` (`duties_invalid_range`). Wraps
/// `duties::field_day_shortfalls`.
#[jiesu_python_macros::catch_panics]
#[pyfunction]
pub fn field_day_shortfalls<'py>(
    py: Python<'py>,
    leaders: &Bound<'py, PyLeaders>,
    log: &Bound<'py, PyFieldDayLog>,
    from_: DateArg,
    to: DateArg,
) -> PyResult<Bound<'py, PyAny>> {
    let report =
        field_day_check(&leaders.get().inner, &log.get().inner, from_.0, to.0).map_err(to_py)?;
    to_py_data(py, &report)
}
