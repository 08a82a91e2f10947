//! `Evaluation`, `Comparison`, `Period` and `period_label_zh`: evaluation (评价督导, rules §7),
//! over `jiesu_core::evaluation`.
//!
//! **Exact decimals.** The core computes rates, scores and points exactly and writes each as a
//! decimal string with one final rounding (`"65.50"`). In Python's data (`units`, `ranking`,
//! `changes`, `to_dict()`) those figures are `decimal.Decimal` built from the core's strings,
//! never a float; `to_json()` is the core's JSON text itself (`serde_json::to_string`), the same
//! bytes as Rust's. Policy knobs (`Comparison.knobs`) stay in their JSON shape, as
//! `Policy.evaluation` gives them.
//!
//! A period argument is a `Period`, its text (`"2026-10"`, `"2026-Q4"`, `"2026-H2"`, `"2026"`,
//! `"2026-10-01..2026-10-31"`) or a year as an `int`, read by `Period::parse`.

use jiesu_core::evaluation::{self, Comparison, Evaluation, EvaluationError, Period};
use jiesu_core::{Policy, Rules};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyInt, PyList, PyString, PyType};
use serde::Serialize;

use crate::errors::to_py;
use crate::stream::{PyStreamResult, Replayable};
use crate::time::InstantArg;
use crate::{py_repr, serde_name, to_py_data};

/// The keys whose string values are exact decimals (rates, scores, points, score parts).
const DECIMAL_KEYS: [&str; 9] = [
    "score",
    "on_time_rate",
    "resolution_rate",
    "satisfaction_rate",
    "satisfaction_points",
    "base",
    "yellow_deduction",
    "red_deduction",
    "false_feedback_deduction",
];

/// `decimal.Decimal`, imported once.
static DECIMAL: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// Replaces, in place, every string under a [`DECIMAL_KEYS`] key by its `decimal.Decimal`.
fn decimals_in(ob: &Bound<'_, PyAny>, decimal: &Bound<'_, PyType>) -> PyResult<()> {
    if let Ok(dict) = ob.cast::<PyDict>() {
        let items: Vec<(Bound<'_, PyAny>, Bound<'_, PyAny>)> = dict.iter().collect();
        for (key, value) in items {
            if let Ok(text) = value.cast::<PyString>() {
                let key_text = key.cast::<PyString>()?.to_cow()?;
                if DECIMAL_KEYS.contains(&key_text.as_ref()) {
                    dict.set_item(&key, decimal.call1((text,))?)?;
                }
            } else {
                decimals_in(&value, decimal)?;
            }
        }
    } else if let Ok(list) = ob.cast::<PyList>() {
        for item in list.iter() {
            decimals_in(&item, decimal)?;
        }
    }
    Ok(())
}

/// A core value as Python data in its serde JSON shape, with the exact figures as
/// `decimal.Decimal`.
fn exact_data<'py, T: Serialize + ?Sized>(
    py: Python<'py>,
    value: &T,
) -> PyResult<Bound<'py, PyAny>> {
    let data = to_py_data(py, value)?;
    decimals_in(&data, DECIMAL.import(py, "decimal", "Decimal")?)?;
    Ok(data)
}

fn to_json<T: Serialize>(value: &T) -> PyResult<String> {
    serde_json::to_string(value)
        .map_err(|e| pyo3::exceptions::PyRuntimeError::new_err(e.to_string()))
}

/// A period of evaluation (rules §7): a month `2026-10`, a quarter `2026-Q4`, a half year
/// `2026-H2`, a year `2026` or a date range `2026-10-01..2026-10-31` (both days included).
/// Read one with `Period.parse`; read-only.
#[pyclass(name = "Period", module = "jiesu", frozen, eq)]
#[derive(PartialEq)]
pub struct PyPeriod(Period);

/// A period argument: a `Period`, its text, or a year as an `int`.
pub struct PeriodArg(pub Period);

#[jiesu_python_macros::catch_panics]
impl<'py> FromPyObject<'_, 'py> for PeriodArg {
    type Error = PyErr;

    fn extract(ob: Borrowed<'_, 'py, PyAny>) -> PyResult<Self> {
        if let Ok(p) = ob.cast::<PyPeriod>() {
            return Ok(PeriodArg(p.get().0.clone()));
        }
        let text = if let Ok(s) = ob.cast::<PyString>() {
            s.to_string_lossy().into_owned()
        } else if ob.is_instance_of::<PyInt>() && !ob.is_instance_of::<pyo3::types::PyBool>() {
            ob.str()?.to_cow()?.into_owned()
        } else {
            return Err(PyTypeError::new_err(format!(
                "expected a jiesu.Period, a period string ('2026-10', '2026-Q4', '2026-H2', \
                 '2026', '2026-10-01..2026-10-31') or a year, not {}",
                ob.get_type().name()?
            )));
        };
        Period::parse(&text).map(PeriodArg).map_err(to_py)
    }
}

#[jiesu_python_macros::catch_panics]
#[pymethods]
impl PyPeriod {
    /// Reads `2026-10`, `2026-Q4`, `2026-H2`, `2026` or `2026-10-01..2026-10-31`
    /// (`EvaluationError`, `evaluation_invalid_period`, otherwise). Wraps `Period::parse`.
    #[staticmethod]
    fn parse(text: &str) -> PyResult<Self> {
        Period::parse(text).map(PyPeriod).map_err(to_py)
    }

    /// As written (`"2026-10"`, `"2026-Q4"`, …).
    #[getter]
    fn label(&self) -> &str {
        &self.0.label
    }

    /// "month", "quarter", "half", "year" or "range".
    #[getter]
    fn kind(&self) -> PyResult<String> {
        serde_name(&self.0.kind)
    }

    /// The first day (`from` in the JSON shape).
    #[getter(from_)]
    fn first_day(&self) -> chrono::NaiveDate {
        self.0.from
    }

    /// The last day, included.
    #[getter]
    fn to(&self) -> chrono::NaiveDate {
        self.0.to
    }

    /// The first instant: 00:00 of the first day, aware, +08:00. Wraps `Period::start`.
    #[getter]
    fn start(&self) -> chrono::DateTime<chrono::FixedOffset> {
        self.0.start()
    }

    /// The end instant, not included: 24:00 of the last day (00:00 of the next), aware,
    /// +08:00. Wraps `Period::end`.
    #[getter]
    fn end(&self) -> chrono::DateTime<chrono::FixedOffset> {
        self.0.end()
    }

    /// Whether an instant falls in the period (from `start`, up to but not including `end`: a
    /// limit ending at 24:00 on 31 October is November's). Wraps `Period::contains`.
    #[allow(clippy::needless_pass_by_value)] // pyo3 passes extracted arguments by value
    fn contains(&self, at: InstantArg) -> bool {
        self.0.contains(&at.0)
    }

    /// The period in its serde JSON shape `{label, kind, from, to}` (dates "YYYY-MM-DD").
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py_data(py, &self.0)
    }

    fn __str__(&self) -> &str {
        &self.0.label
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "Period(label={}, kind='{}', from_='{}', to='{}')",
            py_repr(py, &self.0.label)?,
            serde_name(&self.0.kind)?,
            self.0.from,
            self.0.to
        ))
    }
}

/// The period's Chinese label for a product's title: `2026年10月`, `2026年第4季度`,
/// `2026年下半年`, `2026年`, `2026-10-01至2026-10-31`. Wraps `evaluation::period_label_zh`.
#[jiesu_python_macros::catch_panics]
#[pyfunction]
#[allow(clippy::needless_pass_by_value)] // pyo3 passes extracted arguments by value
pub fn period_label_zh(period: PeriodArg) -> String {
    evaluation::period_label_zh(&period.0)
}

/// An evaluation of a replayed stream over a period (rules §7), or a product of the cadence
/// (月度通报, 季度测评, 半年排名, 年终总评): every unit's counts, rates and score, the ranking of
/// each group, the annual bottom units, the accountability lists and the period's cards.
/// Rates, scores and points are `decimal.Decimal`; `to_json()` is the core's JSON. Read-only.
#[pyclass(name = "Evaluation", module = "jiesu", frozen, eq)]
#[derive(PartialEq)]
pub struct PyEvaluation(Evaluation);

impl PyEvaluation {
    /// A core evaluation, made with the GIL released.
    pub fn run(
        py: Python<'_>,
        evaluate: impl FnOnce() -> Result<Evaluation, jiesu_core::Error> + Send,
    ) -> PyResult<Self> {
        py.detach(evaluate).map(PyEvaluation).map_err(to_py)
    }
}

#[jiesu_python_macros::catch_panics]
#[pymethods]
impl PyEvaluation {
    /// Which product: "evaluation", `"monthly_notification"`, `"quarterly_evaluation"`,
    /// `"half_year_ranking"` or `"annual_evaluation"`.
    #[getter]
    fn product(&self) -> PyResult<String> {
        serde_name(&self.0.product)
    }

    /// The product's name in the guideline (评价, 月度通报, 季度测评, 半年排名, 年终总评). Wraps
    /// `Product::label_zh`.
    #[getter]
    fn product_label_zh(&self) -> &'static str {
        self.0.product.label_zh()
    }

    /// The period.
    #[getter]
    fn period(&self) -> PyPeriod {
        PyPeriod(self.0.period.clone())
    }

    /// The policy's name.
    #[getter]
    fn policy(&self) -> &str {
        &self.0.policy
    }

    /// The policy's fingerprint: its knobs, whatever its name (`Policy::fingerprint`).
    #[getter]
    fn policy_fingerprint(&self) -> &str {
        &self.0.policy_fingerprint
    }

    /// The stream's end (what "not yet due" is judged against), aware, +08:00; None for an
    /// empty stream.
    #[getter]
    fn at(&self) -> Option<chrono::DateTime<chrono::FixedOffset>> {
        self.0.at
    }

    /// Every unit evaluated, by unit id in directory order (then by id): dicts `{unit, name,
    /// group, counts, rates, score, score_parts, rank, colour}`; `rates` (`on_time_rate`,
    /// `resolution_rate`, `satisfaction_rate`, `satisfaction_points`), `score` and
    /// `score_parts` are `decimal.Decimal` (None without cases).
    #[getter]
    fn units<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let out = PyDict::new(py);
        for u in &self.0.units {
            out.set_item(&u.unit, exact_data(py, u)?)?;
        }
        Ok(out)
    }

    /// The ranked units of each ranking group, by group in directory order: lists in rank order
    /// of dicts `{rank, unit, name, score, satisfaction_rate, on_time_rate, cards}` (figures
    /// `decimal.Decimal`).
    #[getter]
    fn ranking<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let out = PyDict::new(py);
        for g in &self.0.ranking {
            out.set_item(&g.group, exact_data(py, &g.ranked)?)?;
        }
        Ok(out)
    }

    /// The units of each ranking group listed but not ranked (fewer due replies than
    /// `min_ranked_cases`, or no score), by group: unit ids.
    #[getter]
    fn unranked<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let out = PyDict::new(py);
        for g in &self.0.ranking {
            out.set_item(&g.group, &g.unranked)?;
        }
        Ok(out)
    }

    /// The annual bottom units flagged for a written self-examination (书面检查), by group: unit
    /// ids in rank order (empty but for the annual evaluation).
    #[getter]
    fn bottom_two<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let out = PyDict::new(py);
        for b in &self.0.bottom_two {
            out.set_item(&b.group, &b.units)?;
        }
        Ok(out)
    }

    /// The accountability lists (追责问责): `{false_feedback, buck_passing, limits_missed}`, each
    /// a list of `{kind, unit, demand, enterprise, round, at, limit, replied_at}`.
    #[getter]
    fn accountability<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py_data(py, &self.0.accountability)
    }

    /// The cards and interviews issued in the period: dicts `{kind, at, unit, causes}` as
    /// `CardBoard.history` gives them.
    #[getter]
    fn cards<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py_data(py, &self.0.cards)
    }

    /// The evaluation in its serde JSON shape `{product, period, policy, at, units, ranking,
    /// bottom_two, accountability, cards}` (a dict; instants and dates as strings), the exact
    /// figures as `decimal.Decimal`.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        exact_data(py, &self.0)
    }

    /// The evaluation as the core's JSON text (figures as strings): byte-identical to Rust's
    /// `serde_json::to_string`.
    fn to_json(&self) -> PyResult<String> {
        to_json(&self.0)
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "Evaluation(product='{}', period={}, policy={}, units={}, ranked={})",
            serde_name(&self.0.product)?,
            py_repr(py, &self.0.period.label)?,
            py_repr(py, &self.0.policy)?,
            self.0.units.len(),
            self.0.ranking.iter().map(|g| g.ranked.len()).sum::<usize>()
        ))
    }
}

/// The what-if (rules §7): one stream evaluated under two policies side by side — the knobs that
/// differ, every unit whose colour, score or rank changes and why, and both evaluations.
/// Read-only.
#[pyclass(name = "Comparison", module = "jiesu", frozen, eq)]
#[derive(PartialEq)]
pub struct PyComparison(Comparison);

/// `Rules.compare`: a `StreamResult` is reused (`Rules::compare` without a second result, which
/// raises `evaluation_needs_replay` when the other policy folds differently); any other source
/// is replayed under the base rules, then, when the core asks for it, under the other rules too
/// (the CLI's `report --compare`).
pub fn compare(
    rules: &Rules,
    source: &Bound<'_, PyAny>,
    other: &Policy,
    period: &Period,
    strict: bool,
    at: Option<InstantArg>,
) -> PyResult<PyComparison> {
    let py = source.py();
    let other = rules.with_policy(other.clone());
    let label = period.label.as_str();
    if let Ok(result) = source.cast::<PyStreamResult>() {
        if strict || at.is_some() {
            return Err(PyTypeError::new_err(
                "`strict` and `at` apply to a source that is replayed, not to a StreamResult",
            ));
        }
        let result = &result.get().result;
        return py
            .detach(|| rules.compare(result, &other, None, label))
            .map(PyComparison)
            .map_err(to_py);
    }
    let source = Replayable::new(source, strict, at)?;
    let base = source.replay(py, rules)?;
    let compared = match py.detach(|| rules.compare(&base, &other, None, label)) {
        Err(jiesu_core::Error::Evaluation(EvaluationError::NeedsReplay { .. })) => {
            let again = source.replay(py, &other)?;
            py.detach(|| rules.compare(&base, &other, Some(&again), label))
        }
        done => done,
    };
    compared.map(PyComparison).map_err(to_py)
}

#[jiesu_python_macros::catch_panics]
#[pymethods]
impl PyComparison {
    /// The period.
    #[getter]
    fn period(&self) -> PyPeriod {
        PyPeriod(self.0.period.clone())
    }

    /// The base policy's name.
    #[getter]
    fn base_policy(&self) -> &str {
        &self.0.base_policy
    }

    /// The other policy's name.
    #[getter]
    fn other_policy(&self) -> &str {
        &self.0.other_policy
    }

    /// The knobs that differ: dicts `{knob, before, after}` (`knob` a path such as
    /// `"evaluation.deductions.yellow_card"`, the values in the policy's JSON shape), as
    /// `evaluation::knob_changes` finds them.
    #[getter]
    fn knobs<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py_data(py, &self.0.knobs)
    }

    /// The units whose colour, score or rank changes: dicts `{unit, name, before, after,
    /// changed, why}`, `before` / `after` = `{colour, score, rank}` (`score` a
    /// `decimal.Decimal`), `changed` what changes ("colour", "score", "rank"), `why` the counts
    /// and rates that differ, as text.
    #[getter]
    fn changes<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        exact_data(py, &self.0.changes)
    }

    /// How many units do not change.
    #[getter]
    fn unchanged(&self) -> usize {
        self.0.unchanged
    }

    /// The evaluation under the base policy.
    #[getter]
    fn base(&self) -> PyEvaluation {
        PyEvaluation(self.0.base.clone())
    }

    /// The evaluation under the other policy.
    #[getter]
    fn other(&self) -> PyEvaluation {
        PyEvaluation(self.0.other.clone())
    }

    /// The comparison in its serde JSON shape `{period, base_policy, other_policy, knobs,
    /// changes, unchanged, base, other}` (a dict), the exact figures as `decimal.Decimal`.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        exact_data(py, &self.0)
    }

    /// The comparison as the core's JSON text: byte-identical to Rust's `serde_json::to_string`.
    fn to_json(&self) -> PyResult<String> {
        to_json(&self.0)
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "Comparison(period={}, base_policy={}, other_policy={}, knobs={}, changes={}, \
             unchanged={})",
            py_repr(py, &self.0.period.label)?,
            py_repr(py, &self.0.base_policy)?,
            py_repr(py, &self.0.other_policy)?,
            self.0.knobs.len(),
            self.0.changes.len(),
            self.0.unchanged
        ))
    }
}
