//! `PolicyLibrary` and `Consultation`: the policy library (政策库) and the instant answer
//! (rules §2), over `jiesu_core::policy_library`.
//!
//! Entries, matches and decisions are returned in their serde JSON shape (dicts; dates as
//! "YYYY-MM-DD"). A consultation argument is a `Consultation` or a dict in its serde shape
//! `{topics?, text?, date}` (`date` a `datetime.date` or "YYYY-MM-DD"), read by the core's
//! `Consultation::from_json`, so that an unknown key or a bad value is a `PolicyLibraryError`
//! (`policy_library_invalid_consultation`).

use chrono::NaiveDate;
use jiesu_core::{Consultation, PolicyLibrary, PolicyLibraryError};
use pyo3::prelude::*;

use crate::category::CategoryArg;
use crate::errors::to_py;
use crate::time::DateArg;
use crate::{json_text, py_repr, to_py_data};

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

impl<'py> FromPyObject<'_, 'py> for ConsultationArg {
    type Error = PyErr;

    fn extract(ob: Borrowed<'_, 'py, PyAny>) -> PyResult<Self> {
        if let Ok(c) = ob.cast::<PyConsultation>() {
            return Ok(ConsultationArg(c.get().0.clone()));
        }
        let text = json_text(&ob, |reason| PolicyLibraryError::InvalidConsultation {
            reason,
        })?;
        Consultation::from_json(&text)
            .map(ConsultationArg)
            .map_err(to_py)
    }
}

#[pymethods]
impl PyConsultation {
    /// A consultation from its parts. Wraps `Consultation::new`.
    #[new]
    fn new(topics: Vec<String>, text: String, date: DateArg) -> Self {
        PyConsultation(Consultation::new(topics, text, date.0))
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

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "PolicyLibrary(name={}, version={}, entries={})",
            py_repr(py, self.inner.name())?,
            py_repr(py, self.inner.version())?,
            self.inner.entries().len()
        ))
    }
}
