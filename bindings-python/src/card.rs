//! `CardBoard`: cards (督办亮牌 · 红黄绿), rules §6, over `jiesu_core::card`.
//!
//! `Rules.cards` builds the board of a `StreamResult` (`Rules::cards`) or of a list of derived
//! events (`Rules::cards_from_derived`): dicts in the shape `StreamResult.derived` gives them,
//! read by serde like the core reads them (inside them a `datetime.datetime` stands for its
//! RFC 3339 text). Card events, causes and board rows come back in their serde JSON shape
//! (dicts; instants as RFC 3339 strings in +08:00), colours and kinds as their key strings.

use jiesu_core::card::{CardBoard, CardEvent};
use jiesu_core::demand::{DemandError, DerivedEvent};
use jiesu_core::Rules;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyMapping, PyString};
use serde::Serialize;

use crate::errors::to_py;
use crate::stream::PyStreamResult;
use crate::time::InstantArg;
use crate::{json_data, serde_name, to_py_data, Record};

/// Every unit's card history and colours (rules §6): supervision notices (督办通知), yellow
/// cards (黄牌), red cards (红牌) with the deputy-head interview (专班约谈分管负责人), and the
/// principal-head interview (市政府领导约谈主要负责人), each with the missed limits that caused
/// it. Built by `Rules.cards`; read-only.
#[pyclass(name = "CardBoard", module = "jiesu", frozen, eq)]
#[derive(PartialEq)]
pub struct PyCardBoard(CardBoard);

/// `CardBoard.to_dict()`: the units, then every card event.
#[derive(Serialize)]
struct BoardData<'a> {
    units: &'a [String],
    events: Vec<CardEvent>,
}

/// A derived event that does not read, as the core's `event_invalid` (derived events are the
/// demand module's second enum; the core has no error of its own for reading them).
fn invalid_derived(index: usize, reason: &str) -> DemandError {
    DemandError::InvalidEvent {
        field: None,
        reason: format!(
            "derived event [{index}] is not a notice, reply or flag as StreamResult.derived gives \
             it: {reason}"
        ),
    }
}

/// The derived events of an iterable of dicts, each read by serde.
fn derived_of(events: &Bound<'_, PyAny>) -> PyResult<Vec<DerivedEvent>> {
    let mut out = Vec::new();
    for (i, item) in events.try_iter()?.enumerate() {
        let value = json_data(&item?, Record::Instants, |why| invalid_derived(i, &why))?;
        let event =
            serde_json::from_value(value).map_err(|e| to_py(invalid_derived(i, &e.to_string())))?;
        out.push(event);
    }
    Ok(out)
}

/// `Rules.cards`: the board of a `StreamResult` (`Rules::cards`, the GIL released) or of an
/// iterable of derived-event dicts (`Rules::cards_from_derived`).
pub fn cards(rules: &Rules, source: &Bound<'_, PyAny>) -> PyResult<PyCardBoard> {
    if let Ok(result) = source.cast::<PyStreamResult>() {
        let result = &result.get().result;
        return Ok(PyCardBoard(source.py().detach(|| rules.cards(result))));
    }
    if source.is_instance_of::<PyString>() || source.cast::<PyMapping>().is_ok() {
        return Err(PyTypeError::new_err(
            "expected a StreamResult or a list of derived events (dicts), not one value",
        ));
    }
    let derived = derived_of(source)?;
    Ok(PyCardBoard(rules.cards_from_derived(&derived)))
}

#[jiesu_python_macros::catch_panics]
#[pymethods]
impl PyCardBoard {
    /// The units on the board: the directory's handling units in its order (listed even without
    /// cards), then any other carded unit. Wraps `CardBoard::units`.
    #[getter]
    fn units(&self) -> Vec<String> {
        self.0.units().to_vec()
    }

    /// A unit's card history in time order: dicts `{kind, at, unit, causes}`, `kind` one of
    /// "notice", "yellow", "red", `"deputy_interview"`, `"principal_interview"`, `causes` the
    /// missed limits `[{demand, round, round_kind, limit, due}]`. Empty for a unit never carded;
    /// `CardError` (`card_unknown_unit`) for a unit the board's directory does not know. Wraps
    /// `CardBoard::history`.
    fn history<'py>(&self, py: Python<'py>, unit: &str) -> PyResult<Bound<'py, PyAny>> {
        to_py_data(py, self.0.history(unit).map_err(to_py)?)
    }

    /// A unit's colour at an instant: "green", "yellow" or "red" (`CardError` for a unit the
    /// board's directory does not know). Wraps `CardBoard::colour`.
    #[allow(clippy::needless_pass_by_value)] // pyo3 passes extracted arguments by value
    fn colour(&self, unit: &str, at: InstantArg) -> PyResult<String> {
        serde_name(&self.0.colour(unit, &at.0).map_err(to_py)?)
    }

    /// The colour board at an instant, in board order: dicts `{unit, name, colour,
    /// yellow_streak, red_streak, notices, yellow_cards, red_cards, deputy_interviews,
    /// principal_interviews, latest}` (`latest`: the latest card or interview by then, or None).
    /// Wraps `CardBoard::board`.
    #[allow(clippy::needless_pass_by_value)] // pyo3 passes extracted arguments by value
    fn board<'py>(&self, py: Python<'py>, at: InstantArg) -> PyResult<Bound<'py, PyAny>> {
        to_py_data(py, &self.0.board(&at.0))
    }

    /// Every card event of every unit, by instant then unit (dicts as in `history`). Wraps
    /// `CardBoard::events`.
    fn events<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py_data(py, &self.0.events())
    }

    /// The board as data: `{"units": [...], "events": [...]}` (`units` and `events()`).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py_data(
            py,
            &BoardData {
                units: self.0.units(),
                events: self.0.events(),
            },
        )
    }

    fn __repr__(&self) -> String {
        format!(
            "CardBoard(units={}, events={})",
            self.0.units().len(),
            self.0.events().len()
        )
    }
}
