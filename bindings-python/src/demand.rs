//! `Event`, `DemandState` and `demand_labels`: a demand's life (rules §5), over
//! `jiesu_core::demand`.
//!
//! An event argument is a `jiesu.Event`, a JSON string (read by `Event::from_json`) or a dict in
//! the event's JSON shape (read by `Event::from_value`; inside it a `datetime.datetime` stands for
//! its RFC 3339 text and a `datetime.date` for `"YYYY-MM-DD"`), so that a bad event is the core's
//! `DemandError` (`event_invalid`, naming the field). A state and everything it holds (rounds,
//! notices, flags, a status) come back in their serde JSON shape (dicts).
//!
//! A `DemandState` remembers the policy of the rules that produced it, so that `status_at` needs
//! no arguments but the instant.

use jiesu_core::demand::{self, DemandError, DemandState, Event};
use jiesu_core::Policy;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyMapping, PyString};

use crate::deadline::PyRules;
use crate::errors::to_py;
use crate::policy::PyPolicy;
use crate::time::InstantArg;
use crate::{json_data, py_repr, serde_name, to_py_data, Record};

/// One event of a demand's life (event schema v1, `fixtures/events/README.md`): the common
/// fields `v`, `demand`, `type`, `at`, the type's own fields and an optional free-form `ext`.
/// Read one with `Event.from_json` or `Event.from_dict`; read-only.
#[pyclass(name = "Event", module = "jiesu", frozen, eq)]
#[derive(PartialEq)]
pub struct PyEvent(Event);

/// An event argument: a `jiesu.Event`, a JSON string, or a dict in the event's JSON shape.
pub struct EventArg(pub Event);

/// Python data that is not JSON data, as the core's `event_invalid`.
fn invalid_event(reason: String) -> DemandError {
    DemandError::InvalidEvent {
        field: None,
        reason,
    }
}

/// A dict (or any Python data) read as an event by `Event::from_value`.
fn event_of_data(ob: &Bound<'_, PyAny>) -> PyResult<Event> {
    let value = json_data(ob, Record::Instants, invalid_event)?;
    Event::from_value(value).map_err(to_py)
}

#[jiesu_python_macros::catch_panics]
impl<'py> FromPyObject<'_, 'py> for EventArg {
    type Error = PyErr;

    fn extract(ob: Borrowed<'_, 'py, PyAny>) -> PyResult<Self> {
        if let Ok(e) = ob.cast::<PyEvent>() {
            return Ok(EventArg(e.get().0.clone()));
        }
        if let Ok(s) = ob.cast::<PyString>() {
            return Event::from_json(&s.to_string_lossy())
                .map(EventArg)
                .map_err(to_py);
        }
        event_of_data(&ob).map(EventArg)
    }
}

/// The events of a log: any iterable of event arguments, but not a single `str`, dict or
/// `Event` (one event is not a log).
pub fn events_of(events: &Bound<'_, PyAny>) -> PyResult<Vec<Event>> {
    if events.is_instance_of::<PyString>()
        || events.is_instance_of::<PyEvent>()
        || events.cast::<PyMapping>().is_ok()
    {
        return Err(PyTypeError::new_err(
            "expected an iterable of events (dicts, JSON strings or jiesu.Event), not one event",
        ));
    }
    events
        .try_iter()?
        .map(|item| item?.extract::<EventArg>().map(|e| e.0))
        .collect()
}

#[jiesu_python_macros::catch_panics]
#[pymethods]
impl PyEvent {
    /// Reads one event from its JSON text (a line of a stream; a UTF-8 BOM and surrounding
    /// whitespace are ignored). Wraps `Event::from_json`.
    #[staticmethod]
    fn from_json(text: &str) -> PyResult<Self> {
        Event::from_json(text).map(PyEvent).map_err(to_py)
    }

    /// Reads one event from a dict in its JSON shape (an instant may be a `datetime.datetime`,
    /// a date a `datetime.date`). Wraps `Event::from_value`.
    #[staticmethod]
    fn from_dict(data: &Bound<'_, PyAny>) -> PyResult<Self> {
        event_of_data(data).map(PyEvent)
    }

    /// The event as one line of JSON (`at` in +08:00, `ext` untouched). Wraps `Event::to_json`.
    fn to_json(&self) -> String {
        self.0.to_json()
    }

    /// The event in its JSON shape (a dict).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py_data(py, &self.0)
    }

    /// The event's type: "received", "dispatched", … Wraps `EventBody::type_name`.
    #[getter]
    fn r#type(&self) -> &'static str {
        self.0.body.type_name()
    }

    /// The demand's id (诉求编号).
    #[getter]
    fn demand(&self) -> &str {
        &self.0.demand
    }

    /// When it happened, aware, +08:00.
    #[getter]
    fn at(&self) -> chrono::DateTime<chrono::FixedOffset> {
        self.0.at
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "Event(type='{}', demand={}, at='{}')",
            self.0.body.type_name(),
            py_repr(py, &self.0.demand)?,
            jiesu_core::time::format_instant(&self.0.at)
        ))
    }
}

/// A demand's state (rules §5): the fold of its events — stage, level, lead, rounds with their
/// limits, notices, flags. Immutable: `apply` returns a new state and leaves this one unchanged
/// (also when the event is rejected). Equal states compare equal (`==`); `to_json` and
/// `DemandState.from_json` round-trip it exactly.
///
/// It remembers the policy of the rules that produced it (`Policy.seed()` when read from JSON
/// without one), which `status_at` uses by default.
#[pyclass(name = "DemandState", module = "jiesu", frozen, eq)]
pub struct PyDemandState {
    state: DemandState,
    policy: Policy,
}

impl PartialEq for PyDemandState {
    /// State equality: the policy remembered is not part of the state.
    fn eq(&self, other: &Self) -> bool {
        self.state == other.state
    }
}

impl PyDemandState {
    pub(crate) fn new(state: DemandState, policy: &Policy) -> Self {
        PyDemandState {
            state,
            policy: policy.clone(),
        }
    }
}

#[jiesu_python_macros::catch_panics]
#[pymethods]
impl PyDemandState {
    /// Starts a demand's life from its `received` event (受理); with a directory in the rules,
    /// its territory and topics are checked. Wraps `DemandState::receive`.
    #[staticmethod]
    #[allow(clippy::needless_pass_by_value)] // pyo3 passes extracted arguments by value
    fn receive(rules: &Bound<'_, PyRules>, event: EventArg) -> PyResult<Self> {
        let rules = &rules.get().inner;
        DemandState::receive(rules, &event.0)
            .map(|s| PyDemandState::new(s, rules.policy()))
            .map_err(to_py)
    }

    /// Applies one event: the new state, or a `JiesuError` (a `DemandError` such as
    /// `event_not_allowed`, or a deadline error) and this state unchanged. Wraps
    /// `DemandState::apply`.
    #[allow(clippy::needless_pass_by_value)] // pyo3 passes extracted arguments by value
    fn apply(&self, rules: &Bound<'_, PyRules>, event: EventArg) -> PyResult<Self> {
        let rules = &rules.get().inner;
        self.state
            .apply(rules, &event.0)
            .map(|s| PyDemandState::new(s, rules.policy()))
            .map_err(to_py)
    }

    /// The demand at `now` (an instant): `{demand, at, stage, open, waiting_for, waiting_on,
    /// round, due, overdue, return_due, return_overdue, notices_due, next_due}`, with the
    /// notices due by `now` that no event has issued yet. `policy` defaults to the one this
    /// state remembers. Wraps `DemandState::status_at`.
    #[pyo3(signature = (now, policy=None))]
    fn status_at<'py>(
        &self,
        py: Python<'py>,
        now: InstantArg,
        policy: Option<&Bound<'py, PyPolicy>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let policy = policy.map_or(&self.policy, |p| &p.get().inner);
        to_py_data(py, &self.state.status_at(policy, now.0))
    }

    /// The state in its serde JSON shape (a dict).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py_data(py, &self.state)
    }

    /// The state as JSON text (store it next to the events to resume the fold later). Wraps
    /// `DemandState::to_json`.
    fn to_json(&self) -> String {
        self.state.to_json()
    }

    /// Reads a state from its JSON (as written by `to_json`); `policy` (default
    /// `Policy.seed()`) is the one `status_at` will use. Wraps `DemandState::from_json`.
    #[staticmethod]
    #[pyo3(signature = (text, policy=None))]
    fn from_json(text: &str, policy: Option<&Bound<'_, PyPolicy>>) -> PyResult<Self> {
        let state = DemandState::from_json(text).map_err(to_py)?;
        Ok(match policy {
            Some(p) => PyDemandState::new(state, &p.get().inner),
            None => PyDemandState {
                state,
                policy: Policy::seed(),
            },
        })
    }

    /// The demand's id.
    #[getter]
    fn demand(&self) -> &str {
        &self.state.demand
    }

    /// Where it stands: "received", "answered", "escalated", `"in_progress"`,
    /// `"returned_by_unit"`, "replied", "unsatisfied", "verification", "verifying",
    /// "closable" or "closed".
    #[getter]
    fn stage(&self) -> &'static str {
        self.state.stage.key()
    }

    /// The level handling it: "territory", "center" or "government".
    #[getter]
    fn level(&self) -> PyResult<String> {
        serde_name(&self.state.level)
    }

    /// The current lead (首接), or None (before dispatch, after a unit's return).
    #[getter]
    fn lead(&self) -> Option<&str> {
        self.state.lead.as_deref()
    }

    /// The current co-units (协办).
    #[getter]
    fn co_units(&self) -> Vec<String> {
        self.state.co_units.clone()
    }

    /// The number of the current round (0 before any work order).
    #[getter]
    fn round(&self) -> u32 {
        self.state.round
    }

    /// Every round, in order: dicts `{number, kind, unit, opened_by, opened_at, signed_at,
    /// clock_start, due, due_date, limit, same_day_due, replied_at, on_time, same_day, reply,
    /// overdue, ended, ended_at}` (instants RFC 3339 +08:00, dates "YYYY-MM-DD").
    #[getter]
    fn rounds<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py_data(py, &self.state.rounds)
    }

    /// Supervision notices (督办通知) and yellow-card events of every missed limit: dicts
    /// `{kind, at, demand, unit, role, round, round_kind, limit, due}`.
    #[getter]
    fn notices<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py_data(py, &self.state.notices)
    }

    /// Flags raised (`late_reply`, `false_feedback`, `buck_passing`, `late_return`): dicts
    /// `{kind, at, demand, unit, round}`.
    #[getter]
    fn flags<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py_data(py, &self.state.flags)
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "DemandState(demand={}, stage='{}', lead={}, round={}, events={})",
            py_repr(py, &self.state.demand)?,
            self.state.stage.key(),
            py_repr(py, self.state.lead.as_deref())?,
            self.state.round,
            self.state.events
        ))
    }
}

/// The Chinese labels of the demand vocabulary as `(kind, key, label_zh)`; kinds `stage`,
/// `round_kind`, `satisfaction`, `notice`, `flag`, `waiting`. Wraps `demand::labels`.
#[jiesu_python_macros::catch_panics]
#[pyfunction]
pub fn demand_labels() -> Vec<(&'static str, &'static str, &'static str)> {
    demand::labels()
}
