//! `PolicyLibrary` and `Consultation`: the policy library (政策库) and the instant answer
//! (rules §2), over `jiesu_core::policy_library`.
//!
//! Entries, matches and decisions are returned in their serde JSON shape (dicts; dates as
//! "YYYY-MM-DD"). A consultation argument is a `Consultation` or a dict in its serde shape
//! `{topics?, text?, date}` (`date` a `datetime.date` or "YYYY-MM-DD", or an instant — a
//! `datetime` or its text — standing for its +08:00 date), read by the core's
//! `Consultation::from_json`, so that an unknown key or a bad value is a `PolicyLibraryError`
//! (`policy_library_invalid_consultation`). `PolicyLibrary.instant_answer_many` decides a list
//! of `(category, consultation)` pairs.

use chrono::NaiveDate;
use jiesu_core::{Category, Consultation, PolicyLibrary, PolicyLibraryError};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::PyTuple;

use crate::batch::{self, Errors};
use crate::category::{read_category, CategoryArg};
use crate::errors::to_py;
use crate::time::{ArgError, DateArg, DateOrInstantArg};
use crate::{py_repr, record_data, sequence, to_py_data, Record, Strings};

/// A checked policy library (政策库): entries with topics, keywords, an answer and a validity
/// span. Load one with `PolicyLibrary.from_json`; read-only.
#[pyclass(name = "PolicyLibrary", module = "jiesu", frozen, eq)]
#[derive(PartialEq)]
pub struct PyPolicyLibrary {
    inner: PolicyLibrary,
}

/// A consultation to match: its topics, the enterprise's own words and the intake date.
#[pyclass(name = "Consultation", module = "jiesu", frozen, eq)]
#[derive(PartialEq)]
pub struct PyConsultation(Consultation);

/// A consultation argument: a `Consultation`, or a dict in its serde shape read by
/// `Consultation::from_json`.
pub struct ConsultationArg(Consultation);

/// A consultation: a `Consultation`, or a dict in its serde shape read by
/// `Consultation::from_json` (`policy_library_invalid_consultation`); in the dict, a `date` that
/// is a `datetime` stands for its instant (the core takes its +08:00 date).
fn read_consultation(ob: &Bound<'_, PyAny>) -> Result<Consultation, ArgError> {
    if let Ok(c) = ob.cast::<PyConsultation>() {
        return Ok(c.get().0.clone());
    }
    let value = record_data(ob, Record::Instants, |reason| {
        PolicyLibraryError::InvalidConsultation { reason }
    })?;
    Consultation::from_json(&value.to_string()).map_err(|e| ArgError::Core(e.into()))
}

#[jiesu_python_macros::catch_panics]
impl<'py> FromPyObject<'_, 'py> for ConsultationArg {
    type Error = PyErr;

    fn extract(ob: Borrowed<'_, 'py, PyAny>) -> PyResult<Self> {
        Ok(ConsultationArg(read_consultation(&ob)?))
    }
}

/// One item of `instant_answer_many`: a `(category, consultation)` pair.
fn read_pair(ob: &Bound<'_, PyAny>) -> Result<(Category, Consultation), ArgError> {
    let pair = sequence(ob, "(category, consultation)")?;
    let [category, consultation] = pair.as_slice() else {
        return Err(ArgError::Py(PyTypeError::new_err(format!(
            "expected a (category, consultation) pair, not {} items",
            pair.len()
        ))));
    };
    let category = read_category(category)?;
    Ok((category, read_consultation(consultation)?))
}

#[jiesu_python_macros::catch_panics]
#[pymethods]
impl PyConsultation {
    /// A consultation from its parts: the topic keys, the enterprise's own words and the intake
    /// date (a date, or an instant standing for its +08:00 date). Wraps `Consultation::new`.
    #[new]
    #[allow(clippy::needless_pass_by_value)] // pyo3 passes extracted arguments by value
    fn new(topics: Strings, text: String, date: DateOrInstantArg) -> Self {
        PyConsultation(Consultation::new(topics.0, text, date.0))
    }

    /// Reads a consultation from JSON text `{"topics"?: [..], "text"?: "..", "date":
    /// "YYYY-MM-DD"}` (unknown fields rejected). Wraps `Consultation::from_json`.
    #[staticmethod]
    fn from_json(text: &str) -> PyResult<Self> {
        Consultation::from_json(text)
            .map(PyConsultation)
            .map_err(to_py)
    }

    /// The topic keys the demand was classified under.
    #[getter]
    fn topics(&self) -> Vec<String> {
        self.0.topics.clone()
    }

    /// The demand in the enterprise's own words.
    #[getter]
    fn text(&self) -> &str {
        &self.0.text
    }

    /// The intake date: only entries in force on it are matched.
    #[getter]
    fn date(&self) -> NaiveDate {
        self.0.date
    }

    /// The consultation in its serde JSON shape `{topics, text, date}`.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py_data(py, &self.0)
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "Consultation(topics={}, text={}, date='{}')",
            py_repr(py, &self.0.topics)?,
            py_repr(py, &self.0.text)?,
            self.0.date
        ))
    }
}

#[jiesu_python_macros::catch_panics]
#[pymethods]
impl PyPolicyLibrary {
    /// Loads and checks a library from JSON text `{"name"?, "version"?, "entries": [{id, title,
    /// topics, keywords, answer, source?, valid_from?, valid_to?}]}` (unknown fields rejected).
    /// Wraps `PolicyLibrary::from_json`.
    #[staticmethod]
    fn from_json(text: &str) -> PyResult<Self> {
        PolicyLibrary::from_json(text)
            .map(|inner| PyPolicyLibrary { inner })
            .map_err(to_py)
    }

    /// The library's name, if the JSON gave one. Wraps `PolicyLibrary::name`.
    #[getter]
    fn name(&self) -> Option<&str> {
        self.inner.name()
    }

    /// The library's version, if the JSON gave one. Wraps `PolicyLibrary::version`.
    #[getter]
    fn version(&self) -> Option<&str> {
        self.inner.version()
    }

    /// The entries in the order given, as dicts. Wraps `PolicyLibrary::entries`.
    fn entries<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py_data(py, self.inner.entries())
    }

    /// The entry with this id (a dict), or None. Wraps `PolicyLibrary::entry`.
    fn entry<'py>(&self, py: Python<'py>, id: &str) -> PyResult<Option<Bound<'py, PyAny>>> {
        self.inner.entry(id).map(|e| to_py_data(py, e)).transpose()
    }

    /// The entries in force on `date` (both ends of a span inclusive), in the order given.
    /// Wraps `PolicyLibrary::in_force`.
    fn in_force<'py>(&self, py: Python<'py>, date: DateArg) -> PyResult<Bound<'py, PyAny>> {
        to_py_data(py, &self.inner.in_force(date.0))
    }

    /// The entries in force on the consultation's date that it hits, ranked (score desc, ties by
    /// id): `[{id, title, score, hits: [{kind, value, points}]}]`.
    /// Wraps `PolicyLibrary::match_consultation`.
    #[allow(clippy::needless_pass_by_value)] // pyo3 passes extracted arguments by value
    fn match_consultation<'py>(
        &self,
        py: Python<'py>,
        consultation: ConsultationArg,
    ) -> PyResult<Bound<'py, PyAny>> {
        to_py_data(py, &self.inner.match_consultation(&consultation.0))
    }

    /// The instant-answer decision (即时答复 or 派单) for a demand of `category`: `{answered,
    /// reason, entry, answer, matches, not_in_force}`. Wraps `PolicyLibrary::instant_answer`.
    #[allow(clippy::needless_pass_by_value)] // pyo3 passes extracted arguments by value
    fn instant_answer<'py>(
        &self,
        py: Python<'py>,
        category: CategoryArg,
        consultation: ConsultationArg,
    ) -> PyResult<Bound<'py, PyAny>> {
        to_py_data(py, &self.inner.instant_answer(category.0, &consultation.0))
    }

    /// Instant-answer decisions for many demands at once (a platform's nightly job): `items` is
    /// an iterable of `(category, consultation)` pairs, each as `instant_answer` takes them.
    /// `errors="raise"` (the default) gives the decisions as a list and raises the first pair
    /// that does not read with `.row` and `.value`; `errors="coerce"` gives `(decisions,
    /// codes)`: None where a pair did not read, and its error code. Wraps
    /// `PolicyLibrary::instant_answer_many`.
    #[pyo3(signature = (items, *, errors = Errors::Raise))]
    #[pyo3(text_signature = "(self, items, *, errors='raise')")]
    fn instant_answer_many<'py>(
        &self,
        py: Python<'py>,
        items: &Bound<'py, PyAny>,
        errors: Errors,
    ) -> PyResult<Bound<'py, PyAny>> {
        let items = sequence(items, "(category, consultation) pairs")?;
        let column = batch::rows(&items, read_pair)?;
        if errors == Errors::Raise {
            if let Some((i, bad)) = column.first_bad() {
                return Err(bad.raise(i));
            }
            let (_, pairs) = column.good_records();
            let decisions = py.detach(|| self.inner.instant_answer_many(&pairs));
            return to_py_data(py, &decisions);
        }
        let (at, pairs) = column.good_records();
        let mut codes = column.codes();
        let decisions = py.detach(|| self.inner.instant_answer_many(&pairs));
        let decisions = decisions.into_iter().map(|d| Ok(Some(d)));
        let (decisions, _) = batch::scatter(column.len(), &at, decisions, &mut codes);
        let decisions = to_py_data(py, &decisions)?;
        let codes = batch::code_results(py, &batch::Form::List, &codes)?;
        Ok(PyTuple::new(py, [decisions, codes])?.into_any())
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "PolicyLibrary(name={}, version={}, entries={})",
            py_repr(py, self.inner.name())?,
            py_repr(py, self.inner.version())?,
            self.inner.entries().len()
        ))
    }
}
