//! `Policy`: the knobs of every clause in one serialisable profile, over `jiesu_core::policy`.

use jiesu_core::Policy;
use pyo3::prelude::*;

use crate::errors::to_py;
use crate::{serde_name, to_py_data};

/// A policy (profile): every knob of the rule book. `Policy.seed()` is the rule book as written;
/// `Policy.from_json` reads a profile (knobs left out take the seed value, unknown knobs are
/// errors). Read-only: build a new profile with `from_json`.
#[pyclass(name = "Policy", module = "jiesu", frozen, eq)]
#[derive(PartialEq)]
pub struct PyPolicy {
    pub(crate) inner: Policy,
}

#[jiesu_python_macros::catch_panics]
#[pymethods]
impl PyPolicy {
    /// The `seed` profile: the rule book as written. Wraps `Policy::seed`.
    #[staticmethod]
    fn seed() -> Self {
        PyPolicy {
            inner: Policy::seed(),
        }
    }

    /// Reads a profile from JSON text. Wraps `Policy::from_json`.
    #[staticmethod]
    fn from_json(text: &str) -> PyResult<Self> {
        Policy::from_json(text)
            .map(|inner| PyPolicy { inner })
            .map_err(to_py)
    }

    /// The profile as JSON text, every knob. Wraps `Policy::to_json`.
    fn to_json(&self) -> String {
        self.inner.to_json()
    }

    /// The profile's name ("seed" for the default; "custom" when read without one).
    #[getter]
    fn name(&self) -> &str {
        &self.inner.name
    }

    /// A short fingerprint of the knobs, whatever the name (16 hex digits). Wraps
    /// `Policy::fingerprint`.
    #[getter]
    fn fingerprint(&self) -> String {
        self.inner.fingerprint()
    }

    /// §1 `beyond_coverage`: "error" (default) or `"weekends_only"`.
    #[getter]
    fn beyond_coverage(&self) -> PyResult<String> {
        serde_name(&self.inner.beyond_coverage)
    }

    /// §4 `clock_start`: "dispatched" (default) or "signed".
    #[getter]
    fn clock_start(&self) -> PyResult<String> {
        serde_name(&self.inner.clock_start)
    }

    /// §4 `count_start_day` (含本数): whether a working start day before `intake_cutoff` is day 1.
    #[getter]
    fn count_start_day(&self) -> bool {
        self.inner.count_start_day
    }

    /// §4 `intake_cutoff`, "HH:MM": with `count_start_day`, the start day counts only before it.
    #[getter]
    fn intake_cutoff(&self) -> String {
        self.inner.intake_cutoff.to_string()
    }

    /// §4 `day_end`, "HH:MM": when a day of a time limit ends ("24:00" by default).
    #[getter]
    fn day_end(&self) -> String {
        self.inner.day_end.to_string()
    }

    /// §4 first feedback limit in working days (5 in `seed`).
    #[getter]
    fn feedback_working_days(&self) -> u32 {
        self.inner.feedback_working_days
    }

    /// §4 redo limit after a return, in working days (3 in `seed`).
    #[getter]
    fn redo_working_days(&self) -> u32 {
        self.inner.redo_working_days
    }

    /// §4 `max_plan_working_days`: cap on a solution plan's completion date (None: no cap).
    #[getter]
    fn max_plan_working_days(&self) -> Option<u32> {
        self.inner.max_plan_working_days
    }

    /// §5 `territory_limit`: whether a territory handling a demand at its own level (本级解决)
    /// runs the feedback limit too (True by default).
    #[getter]
    fn territory_limit(&self) -> bool {
        self.inner.territory_limit
    }

    /// §6 `card_co_units`: whether co-units (协办) get the notices and yellow cards of a missed
    /// limit too (False by default: the lead answers for the order).
    #[getter]
    fn card_co_units(&self) -> bool {
        self.inner.card_co_units
    }

    /// §6 `consecutive`: what "two consecutive yellow cards" means, "events" (default) or
    /// "periods".
    #[getter]
    fn consecutive(&self) -> PyResult<String> {
        serde_name(&self.inner.consecutive)
    }

    /// §6 `reset_yearly`: whether card streaks restart on 1 January (True by default).
    #[getter]
    fn reset_yearly(&self) -> bool {
        self.inner.reset_yearly
    }

    /// §7 `evaluation`: satisfaction points, score weights, deductions and ranking knobs, as a
    /// dict in the serde JSON shape (exact decimals as strings, e.g. "100").
    #[getter]
    fn evaluation<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py_data(py, &self.inner.evaluation)
    }

    /// The service limits a large city may raise, as a dict: `events_per_demand` (1,000) and
    /// `open_demands` (1,000,000); see `jiesu_core::limits` and the README's "Limits".
    #[getter]
    fn limits<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py_data(py, &self.inner.limits)
    }

    fn __repr__(&self) -> String {
        format!("Policy(name='{}')", self.inner.name)
    }
}
