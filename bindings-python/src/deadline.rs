//! `Rules` (a calendar and a policy) and `Deadline`: time limits (rules §4), over
//! `jiesu_core::rules` and `jiesu_core::deadline`.

use jiesu_core::deadline::{is_on_time_many as on_time_many, DueRow};
use jiesu_core::time::format_instant;
use jiesu_core::{Calendar, Deadline, Policy, Rules};
use pyo3::prelude::*;
use pyo3::types::PyTuple;

use crate::batch::{self, DayCount, Errors, Naive};
use crate::calendar::{PyCalendar, PyDay};
use crate::card::PyCardBoard;
use crate::demand::{events_of, PyDemandState};
use crate::directory::PyDirectory;
use crate::errors::to_py;
use crate::evaluation::{PeriodArg, PyComparison, PyEvaluation};
use crate::policy::PyPolicy;
use crate::stream::PyStreamResult;
use crate::time::{DateArg, InstantArg};
use crate::{py_repr, serde_name, to_py_data};

/// The rules in force: one calendar and one policy (the policy's `beyond_coverage` governs the
/// calendar), and optionally a dispatch directory. Defaults: `Calendar.china()`,
/// `Policy.seed()`, no directory.
///
/// Time limits (rules §4), a demand's life (rules §5: `replay`, `replay_stream`), cards (rules
/// §6: `cards`) and evaluation (rules §7: `evaluate`, the products of the cadence, `compare`)
/// hang here.
/// Instants are aware datetimes (any offset, converted to +08:00), naive datetimes (read as
/// +08:00, rules §0) or RFC 3339 strings; results are in +08:00.
#[pyclass(name = "Rules", module = "jiesu", frozen)]
pub struct PyRules {
    pub(crate) inner: Rules,
}

impl PyRules {
    /// Bulk due instants of `n`-working-day limits (see `feedback_dues`): `many` is the core's
    /// bulk function, `rows` its row-by-row form.
    fn dues<'py>(
        starts: &Bound<'py, PyAny>,
        naive: Option<Naive>,
        errors: Errors,
        many: impl FnOnce(&[i64]) -> Result<Vec<i64>, jiesu_core::Error> + Send,
        rows: impl FnOnce(&[i64]) -> Result<Vec<Result<DueRow, jiesu_core::Error>>, jiesu_core::Error>
            + Send,
    ) -> PyResult<Bound<'py, PyAny>> {
        let py = starts.py();
        let column = batch::instants(starts, naive)?;
        if errors == Errors::Raise {
            let seconds = column.all()?;
            let due = py.detach(|| many(seconds)).map_err(to_py)?;
            return batch::instant_results(py, &column.form, column.naive, &due, &[]);
        }
        let (at, seconds) = column.good();
        let mut codes = column.codes();
        let found = py.detach(|| rows(&seconds)).map_err(to_py)?;
        let found = found
            .into_iter()
            .map(|r| r.map(|r| (r.due, r.provisional)).map_err(|e| e.code()));
        let (found, missing) = batch::scatter(column.len(), &at, found, &mut codes);
        let (due, provisional): (Vec<i64>, Vec<bool>) = found.into_iter().unzip();
        let due = batch::instant_results(py, &column.form, column.naive, &due, &missing)?;
        let provisional = batch::bool_results(py, &column.form, provisional)?;
        let codes = batch::code_results(py, &column.form, &codes)?;
        Ok(PyTuple::new(py, [due, provisional, codes])?.into_any())
    }
}

#[jiesu_python_macros::catch_panics]
#[pymethods]
impl PyRules {
    /// Rules over a calendar (default `Calendar.china()`) and a policy (default
    /// `Policy.seed()`), with a dispatch directory if given (then a demand's units and topics are
    /// checked against it). Wraps `Rules::new` and `Rules::with_directory`.
    #[new]
    #[pyo3(signature = (calendar=None, policy=None, directory=None))]
    fn new(
        calendar: Option<&Bound<'_, PyCalendar>>,
        policy: Option<&Bound<'_, PyPolicy>>,
        directory: Option<&Bound<'_, PyDirectory>>,
    ) -> Self {
        let calendar = calendar.map_or_else(Calendar::china, |c| c.get().inner.clone());
        let policy = policy.map_or_else(Policy::seed, |p| p.get().inner.clone());
        let rules = Rules::new(calendar, policy);
        PyRules {
            inner: match directory {
                Some(d) => rules.with_directory(d.get().inner.clone()),
                None => rules,
            },
        }
    }

    /// The same rules with a dispatch directory: a demand's units and topics are checked against
    /// it (`event_unknown_unit`, `event_unknown_topic`) and a unit returning an order the
    /// directory assigns to it is flagged (推诿). Wraps `Rules::with_directory`.
    fn with_directory(&self, directory: &Bound<'_, PyDirectory>) -> PyRules {
        PyRules {
            inner: self.inner.with_directory(directory.get().inner.clone()),
        }
    }

    /// The dispatch directory, or None. Wraps `Rules::directory`.
    #[getter]
    fn directory(&self) -> Option<PyDirectory> {
        self.inner
            .directory()
            .map(|d| PyDirectory { inner: d.clone() })
    }

    /// Folds one demand's log (rules §5): `events` is an iterable of events (dicts in the
    /// event's JSON shape, JSON strings or `Event`s), in order, the first one `received`. With
    /// `at` (an instant), the notices of limits that ended by then are issued too. A rejected
    /// event raises its `JiesuError` (a `DemandError` such as `event_not_allowed`). Wraps
    /// `Rules::replay`.
    #[pyo3(signature = (events, at=None))]
    fn replay(&self, events: &Bound<'_, PyAny>, at: Option<InstantArg>) -> PyResult<PyDemandState> {
        let events = events_of(events)?;
        self.inner
            .replay(&events, at.map(|a| a.0))
            .map(|s| PyDemandState::new(s, self.inner.policy()))
            .map_err(to_py)
    }

    /// Replays a city's event stream (JSON Lines, many demands interleaved). `source` is JSON
    /// Lines text (a `str` holding a newline or starting with `{`; a blank `str` is an empty
    /// stream), a file path (any other `str`, or an `os.PathLike`; read line by line, an
    /// unreadable file raises `OSError`), or an iterable of `str` lines. Lenient by default: a
    /// rejected line is recorded in `rejected` and the rest goes on; `strict` raises
    /// `StreamError` (`stream_line_rejected`) on the first one. Open demands are brought to `at`
    /// (default: the latest instant applied). Wraps `stream::Replayer` (`Rules::replay_stream`
    /// for text).
    #[pyo3(signature = (source, strict=false, at=None))]
    fn replay_stream(
        &self,
        source: &Bound<'_, PyAny>,
        strict: bool,
        at: Option<InstantArg>,
    ) -> PyResult<PyStreamResult> {
        crate::stream::replay_stream(&self.inner, source, strict, at)
    }

    /// The same calendar and directory under another policy (for a what-if). Wraps
    /// `Rules::with_policy`.
    fn with_policy(&self, policy: &Bound<'_, PyPolicy>) -> PyRules {
        PyRules {
            inner: self.inner.with_policy(policy.get().inner.clone()),
        }
    }

    /// The card board (rules §6) under these rules' §6 knobs: `source` is a `StreamResult`
    /// (wraps `Rules::cards`) or a list of derived-event dicts as `StreamResult.derived` gives
    /// them (wraps `Rules::cards_from_derived`; a dict that does not read raises `DemandError`,
    /// `event_invalid`). With a directory, its handling units are listed even without cards.
    fn cards(&self, source: &Bound<'_, PyAny>) -> PyResult<PyCardBoard> {
        crate::card::cards(&self.inner, source)
    }

    /// Evaluates a replayed stream over any period (rules §7): `period` is a `Period`, its text
    /// (`"2026-10"`, `"2026-Q4"`, `"2026-H2"`, `"2026"`, `"2026-10-01..2026-10-31"`) or a year.
    /// Wraps `Rules::evaluate`.
    #[allow(clippy::needless_pass_by_value)] // pyo3 passes extracted arguments by value
    fn evaluate(
        &self,
        result: &Bound<'_, PyStreamResult>,
        period: PeriodArg,
    ) -> PyResult<PyEvaluation> {
        let r = &result.get().result;
        PyEvaluation::run(result.py(), || self.inner.evaluate(r, &period.0.label))
    }

    /// 月度通报: the monthly notification of a month (another kind of period raises
    /// `EvaluationError`, `evaluation_wrong_period`). Wraps `Rules::notification`.
    #[allow(clippy::needless_pass_by_value)] // pyo3 passes extracted arguments by value
    fn notification(
        &self,
        result: &Bound<'_, PyStreamResult>,
        month: PeriodArg,
    ) -> PyResult<PyEvaluation> {
        let r = &result.get().result;
        PyEvaluation::run(result.py(), || self.inner.notification(r, &month.0.label))
    }

    /// 季度测评: the quarterly evaluation of a quarter. Wraps `Rules::quarterly_evaluation`.
    #[allow(clippy::needless_pass_by_value)] // pyo3 passes extracted arguments by value
    fn quarterly_evaluation(
        &self,
        result: &Bound<'_, PyStreamResult>,
        quarter: PeriodArg,
    ) -> PyResult<PyEvaluation> {
        let r = &result.get().result;
        PyEvaluation::run(result.py(), || {
            self.inner.quarterly_evaluation(r, &quarter.0.label)
        })
    }

    /// 半年排名: the half-year ranking of a half year. Wraps `Rules::half_year_ranking`.
    #[allow(clippy::needless_pass_by_value)] // pyo3 passes extracted arguments by value
    fn half_year_ranking(
        &self,
        result: &Bound<'_, PyStreamResult>,
        half: PeriodArg,
    ) -> PyResult<PyEvaluation> {
        let r = &result.get().result;
        PyEvaluation::run(result.py(), || {
            self.inner.half_year_ranking(r, &half.0.label)
        })
    }

    /// 年终总评: the annual evaluation of a year, with the bottom units of each flagged group
    /// (`bottom_two`). Wraps `Rules::annual_evaluation`.
    #[allow(clippy::needless_pass_by_value)] // pyo3 passes extracted arguments by value
    fn annual_evaluation(
        &self,
        result: &Bound<'_, PyStreamResult>,
        year: PeriodArg,
    ) -> PyResult<PyEvaluation> {
        let r = &result.get().result;
        PyEvaluation::run(result.py(), || {
            self.inner.annual_evaluation(r, &year.0.label)
        })
    }

    /// The what-if: the stream evaluated over `period` under these rules and under
    /// `other_policy` (same calendar and directory), side by side. `source` is a `StreamResult`
    /// replayed under these rules — reused for both, which is right only when the policies fold
    /// alike (they differ only in the §6 and §7 knobs), else `EvaluationError`
    /// (`evaluation_needs_replay`) — or anything `replay_stream` takes (text, a path, an iterable
    /// of lines, read once), replayed under both policies when they fold differently; `strict`
    /// and `at` are `replay_stream`'s (lenient by default: a rejected line is left out; `strict`
    /// raises `StreamError` instead). Wraps `Rules::compare` with `Rules::with_policy`.
    #[pyo3(signature = (source, other_policy, period, *, strict=false, at=None))]
    #[allow(clippy::needless_pass_by_value)] // pyo3 passes extracted arguments by value
    fn compare(
        &self,
        source: &Bound<'_, PyAny>,
        other_policy: &Bound<'_, PyPolicy>,
        period: PeriodArg,
        strict: bool,
        at: Option<InstantArg>,
    ) -> PyResult<PyComparison> {
        crate::evaluation::compare(
            &self.inner,
            source,
            &other_policy.get().inner,
            &period.0,
            strict,
            at,
        )
    }

    /// The calendar in force (with the policy's `beyond_coverage`).
    #[getter]
    fn calendar(&self) -> PyCalendar {
        PyCalendar::wrap(self.inner.calendar().clone())
    }

    /// The policy in force.
    #[getter]
    fn policy(&self) -> PyPolicy {
        PyPolicy {
            inner: self.inner.policy().clone(),
        }
    }

    /// First feedback limit (报结果/申请销号, 5 working days in `seed`) from a clock start.
    /// Wraps `Rules::feedback_deadline`.
    fn feedback_deadline(&self, start: InstantArg) -> PyResult<PyDeadline> {
        self.inner
            .feedback_deadline(&start.0)
            .map(PyDeadline)
            .map_err(to_py)
    }

    /// Redo limit (重新办理, 3 working days in `seed`) from a return. Wraps `Rules::redo_deadline`.
    fn redo_deadline(&self, start: InstantArg) -> PyResult<PyDeadline> {
        self.inner
            .redo_deadline(&start.0)
            .map(PyDeadline)
            .map_err(to_py)
    }

    /// Same-day target (当天解决): a target, never a breach. Wraps `Rules::same_day_target`.
    fn same_day_target(&self, start: InstantArg) -> PyResult<PyDeadline> {
        self.inner
            .same_day_target(&start.0)
            .map(PyDeadline)
            .map_err(to_py)
    }

    /// Return limit after a dissatisfied callback (当日退回): the callback's own day.
    /// Wraps `Rules::return_deadline`.
    fn return_deadline(&self, start: InstantArg) -> PyResult<PyDeadline> {
        self.inner
            .return_deadline(&start.0)
            .map(PyDeadline)
            .map_err(to_py)
    }

    /// `working_days` working days from a start (an `int` or a numpy integer; a `bool`, `None`
    /// or a float is a `TypeError`). Wraps `Rules::deadline`.
    #[allow(clippy::needless_pass_by_value)] // pyo3 passes extracted arguments by value
    fn deadline(&self, start: InstantArg, working_days: DayCount) -> PyResult<PyDeadline> {
        self.inner
            .deadline(&start.0, working_days.0)
            .map(PyDeadline)
            .map_err(to_py)
    }

    /// A solution plan's completion date (解决方案 · 办结时限), checked for extension (延期 needs
    /// an explanation) and for the policy's cap. Wraps `Rules::plan_deadline`.
    // The default is given in the body: a text argument cannot default to a literal (see
    // `boundary::Text`).
    #[pyo3(signature = (start, completion, explanation=None))]
    #[pyo3(text_signature = "($self, start, completion, explanation=\"\")")]
    fn plan_deadline(
        &self,
        start: InstantArg,
        completion: DateArg,
        explanation: Option<&str>,
    ) -> PyResult<PyDeadline> {
        self.inner
            .plan_deadline(&start.0, completion.0, explanation.unwrap_or(""))
            .map(PyDeadline)
            .map_err(to_py)
    }

    /// Bulk feedback due instants, one per clock start: a sequence of instants gives a list of
    /// aware +08:00 datetimes; a pandas `Series` / `DatetimeIndex` or a pyarrow timestamp array
    /// that is timezone-aware gives the same, aware (+08:00); a numpy `datetime64` array (unit D
    /// … ns) or a naive pandas / pyarrow column gives `datetime64[s]` values, naive, and must say
    /// how its naive values read: `naive="cst"` (+08:00 wall-clock times, rules §0) or
    /// `naive="utc"` (what `.values` gives for an aware pandas column); without it,
    /// `TimeError` (`invalid_instant`) says so. Sub-second starts are floored.
    ///
    /// `errors="raise"` (the default) raises the first failing row's error with `.row` and
    /// `.value`; `errors="coerce"` gives `(dues, provisional, codes)`: `NaT` / None where a row
    /// failed, each row's provisional flag (the count went beyond the calendar's coverage) and
    /// its error code (None where it did not fail). Wraps `Rules::feedback_dues` and, for
    /// `"coerce"`, `Rules::feedback_due_rows`.
    #[pyo3(signature = (starts, *, naive = None, errors = Errors::Raise))]
    #[pyo3(text_signature = "(self, starts, *, naive=None, errors='raise')")]
    fn feedback_dues<'py>(
        &self,
        starts: &Bound<'py, PyAny>,
        naive: Option<Naive>,
        errors: Errors,
    ) -> PyResult<Bound<'py, PyAny>> {
        PyRules::dues(
            starts,
            naive,
            errors,
            |s| self.inner.feedback_dues(s),
            |s| self.inner.feedback_due_rows(s),
        )
    }

    /// Bulk redo due instants (from returns), like `feedback_dues`. Wraps `Rules::redo_dues`
    /// and, for `"coerce"`, `Rules::redo_due_rows`.
    #[pyo3(signature = (starts, *, naive = None, errors = Errors::Raise))]
    #[pyo3(text_signature = "(self, starts, *, naive=None, errors='raise')")]
    fn redo_dues<'py>(
        &self,
        starts: &Bound<'py, PyAny>,
        naive: Option<Naive>,
        errors: Errors,
    ) -> PyResult<Bound<'py, PyAny>> {
        PyRules::dues(
            starts,
            naive,
            errors,
            |s| self.inner.redo_dues(s),
            |s| self.inner.redo_due_rows(s),
        )
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let directory = match self.inner.directory() {
            Some(d) => format!(
                ", directory={}",
                py_repr(py, d.name().unwrap_or("(unnamed)"))?
            ),
            None => String::new(),
        };
        Ok(format!(
            "Rules(calendar='{}', policy='{}'{directory})",
            self.inner.calendar().version(),
            self.inner.policy().name
        ))
    }
}

/// A computed time limit with everything it counted: due instant and date, working days, the
/// non-working days skipped and why, the make-up working days counted, the calendar version and
/// whether it is provisional.
#[pyclass(name = "Deadline", module = "jiesu", frozen, eq)]
#[derive(PartialEq)]
pub struct PyDeadline(Deadline);

fn days(py: Python<'_>, days: &[jiesu_core::Day]) -> PyResult<Vec<Py<PyDay>>> {
    days.iter().map(|d| Py::new(py, PyDay(d.clone()))).collect()
}

#[jiesu_python_macros::catch_panics]
#[pymethods]
impl PyDeadline {
    /// Which limit: "feedback", "redo", `"same_day"`, "plan", "return" or `"working_days"`.
    #[getter]
    fn kind(&self) -> PyResult<String> {
        serde_name(&self.0.kind)
    }

    /// When the clock started, aware, +08:00.
    #[getter]
    fn start(&self) -> chrono::DateTime<chrono::FixedOffset> {
        self.0.start
    }

    /// The end instant, aware, +08:00: a reply is on time iff strictly before it.
    #[getter]
    fn due(&self) -> chrono::DateTime<chrono::FixedOffset> {
        self.0.due
    }

    /// The last day of the limit (the due instant may be 00:00 of the next day).
    #[getter]
    fn due_date(&self) -> chrono::NaiveDate {
        self.0.due_date
    }

    /// Working days counted (0 for the same-day target and the return).
    #[getter]
    fn working_days(&self) -> u32 {
        self.0.working_days
    }

    /// Non-working days between the start and the due date, with why.
    #[getter]
    fn skipped(&self, py: Python<'_>) -> PyResult<Vec<Py<PyDay>>> {
        days(py, &self.0.skipped)
    }

    /// Make-up working days (调休补班) the count went through.
    #[getter]
    fn make_up_days(&self, py: Python<'_>) -> PyResult<Vec<Py<PyDay>>> {
        days(py, &self.0.make_up_days)
    }

    /// For a plan: working days past the feedback limit (an extension, 延期, when > 0).
    #[getter]
    fn extension_working_days(&self) -> Option<u32> {
        self.0.extension_working_days
    }

    /// The calendar data version used.
    #[getter]
    fn calendar_version(&self) -> &str {
        &self.0.calendar_version
    }

    /// True when the count reached beyond the calendar's coverage (weekends only there).
    #[getter]
    fn provisional(&self) -> bool {
        self.0.provisional
    }

    /// The policy profile used (its name).
    #[getter]
    fn policy(&self) -> &str {
        &self.0.policy
    }

    /// The policy's fingerprint: its knobs, whatever its name (`Policy::fingerprint`).
    #[getter]
    fn policy_fingerprint(&self) -> &str {
        &self.0.policy_fingerprint
    }

    /// Whether a reply at `reply` meets the limit: strictly before the due instant.
    /// Wraps `Deadline::is_on_time`.
    fn is_on_time(&self, reply: InstantArg) -> bool {
        self.0.is_on_time(&reply.0)
    }

    /// The deadline in its serde JSON shape (dates "YYYY-MM-DD", instants RFC 3339 +08:00).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py_data(py, &self.0)
    }

    fn __repr__(&self) -> PyResult<String> {
        Ok(format!(
            "Deadline(kind='{}', start='{}', due='{}', working_days={}, provisional={})",
            serde_name(&self.0.kind)?,
            format_instant(&self.0.start),
            format_instant(&self.0.due),
            self.0.working_days,
            if self.0.provisional { "True" } else { "False" },
        ))
    }
}

/// Whether each reply meets its limit (rules §4: strictly before the due instant), for many
/// pairs at once (a platform's nightly check of its open orders). `dues` and `replies` are
/// batches of instants of the same length, as `Rules.feedback_dues` takes them (sequences,
/// numpy `datetime64` arrays, pandas Series / `DatetimeIndex`, pyarrow timestamp arrays; naive
/// `datetime64` columns need `naive=`); the flags come in the form of `dues` (a list, a bool
/// array, a bool Series with its index, a pyarrow bool array). Instants are compared to the
/// second (a due instant is a whole second).
///
/// `errors="raise"` (the default) raises the first row whose due or reply is missing (`NaT`,
/// None) or unreadable, with `.row` and `.value`; `errors="coerce"` gives `(flags, codes)`: a
/// missing flag (None, pandas' NA, a null) and the row's code where the due or the reply did
/// not read. Wraps `deadline::is_on_time_many`.
#[jiesu_python_macros::catch_panics]
#[pyfunction]
#[pyo3(signature = (dues, replies, *, naive = None, errors = Errors::Raise))]
#[pyo3(text_signature = "(dues, replies, *, naive=None, errors='raise')")]
pub fn is_on_time_many<'py>(
    dues: &Bound<'py, PyAny>,
    replies: &Bound<'py, PyAny>,
    naive: Option<Naive>,
    errors: Errors,
) -> PyResult<Bound<'py, PyAny>> {
    let py = dues.py();
    let due = batch::instants(dues, naive)?;
    let reply = batch::instants(replies, naive)?;
    if errors == Errors::Raise {
        let (d, r) = (due.all()?, reply.all()?);
        let flags = py.detach(|| on_time_many(d, r)).map_err(to_py)?;
        return batch::bool_results(py, &due.form, flags);
    }
    // Pair by pair, a placeholder where a due or a reply did not read (its flag is then
    // missing); the core checks the lengths.
    let (d, r) = (due.padded(), reply.padded());
    let flags = py.detach(|| on_time_many(d, r)).map_err(to_py)?;
    let codes: Vec<Option<&'static str>> = due
        .codes()
        .into_iter()
        .zip(reply.codes())
        .map(|(d, r)| d.or(r))
        .collect();
    let missing: Vec<usize> = codes
        .iter()
        .enumerate()
        .filter_map(|(i, c)| c.map(|_| i))
        .collect();
    let flags = batch::nullable_bool_results(py, &due.form, &flags, &missing)?;
    let codes = batch::code_results(py, &due.form, &codes)?;
    Ok(PyTuple::new(py, [flags, codes])?.into_any())
}
