//! `Directory` and `RouteRequest`: the dispatch directory (派单目录) and routing (分类处置 ·
//! 精准派单 · 首接负责, rules §3), over `jiesu_core::directory`.
//!
//! Units, topics, rules and routes are returned in their serde JSON shape (dicts). A request
//! argument is a `RouteRequest` or a dict in its serde shape `{category, topics?, territory?,
//! level?}` (`category` a key, a Chinese label or a `Category`; `level` the center by default),
//! read by the core's `RouteRequest::from_json`, so that an unknown key or a bad value is a
//! `DirectoryError` (`directory_invalid_request`). `Directory.route_many` routes a list of them
//! (a failing request names its row, or `errors="coerce"` gives None and its code).

use jiesu_core::{Directory, DirectoryError, RouteRequest};
use pyo3::prelude::*;
use pyo3::types::PyTuple;

use crate::batch::{self, Errors};
use crate::category::{CategoryArg, PyCategory};
use crate::errors::to_py;
use crate::time::ArgError;
use crate::{py_repr, record_data, sequence, serde_name, to_py_data, Record, Strings};

/// A checked dispatch directory (派单目录): units, topics and routing rules. Load one with
/// `Directory.from_json`; a directory that loads routes every demand without a coin toss.
/// Read-only.
#[pyclass(name = "Directory", module = "jiesu", frozen, eq)]
#[derive(PartialEq)]
pub struct PyDirectory {
    pub(crate) inner: Directory,
}

/// A demand to route: its category, topics, territory and the level (rung) it is at.
#[pyclass(name = "RouteRequest", module = "jiesu", frozen, eq)]
#[derive(PartialEq)]
pub struct PyRouteRequest(RouteRequest);

/// A request argument: a `RouteRequest`, or a dict in its serde shape read by
/// `RouteRequest::from_json`.
pub struct RouteRequestArg(RouteRequest);

/// A route request: a `RouteRequest`, or a dict in its serde shape read by
/// `RouteRequest::from_json` (the core's `directory_invalid_request`, `category_unknown`).
fn read_request(ob: &Bound<'_, PyAny>) -> Result<RouteRequest, ArgError> {
    if let Ok(r) = ob.cast::<PyRouteRequest>() {
        return Ok(r.get().0.clone());
    }
    let value = record_data(ob, Record::Dates, |reason| DirectoryError::InvalidRequest {
        reason,
    })?;
    RouteRequest::from_json(&value.to_string()).map_err(|e| ArgError::Core(e.into()))
}

#[jiesu_python_macros::catch_panics]
impl<'py> FromPyObject<'_, 'py> for RouteRequestArg {
    type Error = PyErr;

    fn extract(ob: Borrowed<'_, 'py, PyAny>) -> PyResult<Self> {
        Ok(RouteRequestArg(read_request(&ob)?))
    }
}

#[jiesu_python_macros::catch_panics]
#[pymethods]
impl PyRouteRequest {
    /// A request from its parts: `category` a `Category` or its text (key or Chinese label),
    /// `topics` the topic keys, `territory` the enterprise's territory (a unit id) if known,
    /// `level` "territory", "center" (the default: the center dispatches) or "government". The
    /// parts go through the core's reader, so that a bad level is `directory_invalid_request`.
    /// Wraps `RouteRequest::from_json`.
    #[new]
    // `level`'s default is given in the body: a text argument cannot default to a literal (see
    // `boundary::Text`).
    #[pyo3(signature = (category, topics = None, territory = None, level = None))]
    #[pyo3(text_signature = "(category, topics=(), territory=None, level='center')")]
    #[allow(clippy::needless_pass_by_value)] // pyo3 passes extracted arguments by value
    fn new(
        category: CategoryArg,
        topics: Option<Strings>,
        territory: Option<String>,
        level: Option<&str>,
    ) -> PyResult<Self> {
        let record = serde_json::json!({
            "category": category.0.key(),
            "topics": topics.map(|t| t.0).unwrap_or_default(),
            "territory": territory,
            "level": level.unwrap_or("center"),
        });
        RouteRequest::from_json(&record.to_string())
            .map(PyRouteRequest)
            .map_err(to_py)
    }

    /// Reads a request from JSON text `{"category": "help", "topics"?: [..], "territory"?:
    /// "unit-id", "level": "center"}` (unknown fields rejected). Wraps `RouteRequest::from_json`.
    #[staticmethod]
    fn from_json(text: &str) -> PyResult<Self> {
        RouteRequest::from_json(text)
            .map(PyRouteRequest)
            .map_err(to_py)
    }

    /// The demand's category.
    #[getter]
    fn category(&self) -> PyCategory {
        PyCategory(self.0.category)
    }

    /// The topic keys (order and duplicates do not matter).
    #[getter]
    fn topics(&self) -> Vec<String> {
        self.0.topics.clone()
    }

    /// The enterprise's territory (a territory or development-zone unit id), if given.
    #[getter]
    fn territory(&self) -> Option<&str> {
        self.0.territory.as_deref()
    }

    /// The level the demand is at: "territory", "center" or "government".
    #[getter]
    fn level(&self) -> PyResult<String> {
        serde_name(&self.0.level)
    }

    /// The request in its serde JSON shape `{category, topics, territory, level}`.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py_data(py, &self.0)
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "RouteRequest(category='{}', topics={}, territory={}, level='{}')",
            self.0.category,
            py_repr(py, &self.0.topics)?,
            py_repr(py, self.0.territory.as_deref())?,
            serde_name(&self.0.level)?
        ))
    }
}

#[jiesu_python_macros::catch_panics]
#[pymethods]
impl PyDirectory {
    /// Loads and checks a directory from JSON text `{"name"?, "version"?, "units": [{id, name,
    /// kind, group?}], "topics": [{key, name}], "rules": [{id, topic, category?, territory?,
    /// lead, co_units?, priority?, territory_assists?, note?}]}` (unknown fields rejected).
    /// Wraps `Directory::from_json`.
    #[staticmethod]
    fn from_json(text: &str) -> PyResult<Self> {
        Directory::from_json(text)
            .map(|inner| PyDirectory { inner })
            .map_err(to_py)
    }

    /// The directory's name, if the JSON gave one. Wraps `Directory::name`.
    #[getter]
    fn name(&self) -> Option<&str> {
        self.inner.name()
    }

    /// The directory's version, if the JSON gave one. Wraps `Directory::version`.
    #[getter]
    fn version(&self) -> Option<&str> {
        self.inner.version()
    }

    /// The units `{id, name, kind, group}` in directory order. Wraps `Directory::units`.
    fn units<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py_data(py, self.inner.units())
    }

    /// The topics `{key, name}` in directory order. Wraps `Directory::topics`.
    fn topics<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py_data(py, self.inner.topics())
    }

    /// The routing rules in directory order. Wraps `Directory::rules`.
    fn rules<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py_data(py, self.inner.rules())
    }

    /// The unit with this id (a dict), or None. Wraps `Directory::unit`.
    fn unit<'py>(&self, py: Python<'py>, id: &str) -> PyResult<Option<Bound<'py, PyAny>>> {
        self.inner.unit(id).map(|u| to_py_data(py, u)).transpose()
    }

    /// The rule with this id (a dict), or None. Wraps `Directory::rule`.
    fn rule<'py>(&self, py: Python<'py>, id: &str) -> PyResult<Option<Bound<'py, PyAny>>> {
        self.inner.rule(id).map(|r| to_py_data(py, r)).transpose()
    }

    /// The center unit (推进中心). Wraps `Directory::center`.
    fn center<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        self.inner.center().map(|u| to_py_data(py, u)).transpose()
    }

    /// The government unit (市政府). Wraps `Directory::government`.
    fn government<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        self.inner
            .government()
            .map(|u| to_py_data(py, u))
            .transpose()
    }

    /// Who handles a demand at its level, and why: `{level, outcome, lead, lead_rule,
    /// lead_reason, co_units, matched, unmatched_topics, next_level}` (outcome "manual" when no
    /// rule matches at the center). Wraps `Directory::route`.
    #[allow(clippy::needless_pass_by_value)] // pyo3 passes extracted arguments by value
    fn route<'py>(&self, py: Python<'py>, request: RouteRequestArg) -> PyResult<Bound<'py, PyAny>> {
        let route = self.inner.route(&request.0).map_err(to_py)?;
        to_py_data(py, &route)
    }

    /// Routes many demands at once (a platform's nightly job): `requests` is an iterable of
    /// requests (`RouteRequest` objects or dicts). `errors="raise"` (the default) gives the
    /// routes as a list and raises the first failing request's error with `.row` (its index)
    /// and `.value` (the request); `errors="coerce"` gives `(routes, codes)`: None where a
    /// request failed, and each request's error code (None where it did not). Wraps
    /// `Directory::route_many`.
    #[pyo3(signature = (requests, *, errors = Errors::Raise))]
    #[pyo3(text_signature = "(self, requests, *, errors='raise')")]
    fn route_many<'py>(
        &self,
        py: Python<'py>,
        requests: &Bound<'py, PyAny>,
        errors: Errors,
    ) -> PyResult<Bound<'py, PyAny>> {
        let items = sequence(requests, "route requests (RouteRequest or dict)")?;
        let column = batch::rows(&items, read_request)?;
        let (at, good) = column.good_records();
        let routes = self.inner.route_many(&good);
        if errors == Errors::Raise {
            // The first failing row, whether it failed to read or to route.
            let failed = at
                .iter()
                .zip(&good)
                .zip(&routes)
                .find_map(|((&i, request), r)| r.as_ref().err().map(|e| (i, request, e)));
            match (column.first_bad(), failed) {
                (Some((i, bad)), failed) if failed.is_none_or(|(k, ..)| i < k) => {
                    return Err(bad.raise(i));
                }
                (_, Some((i, request, e))) => {
                    let value = serde_json::to_string(request).unwrap_or_default();
                    return Err(to_py(jiesu_core::Error::at_row(i, value, e.clone())));
                }
                _ => {}
            }
            let routes: Vec<_> = routes.into_iter().filter_map(Result::ok).collect();
            return to_py_data(py, &routes);
        }
        let mut codes = column.codes();
        let routes = routes
            .into_iter()
            .map(|r| r.map(Some).map_err(|e| e.code()));
        let (routes, _) = batch::scatter(column.len(), &at, routes, &mut codes);
        let routes = to_py_data(py, &routes)?;
        let codes = batch::code_results(py, &batch::Form::List, &codes)?;
        Ok(PyTuple::new(py, [routes, codes])?.into_any())
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "Directory(name={}, version={}, units={}, topics={}, rules={})",
            py_repr(py, self.inner.name())?,
            py_repr(py, self.inner.version())?,
            self.inner.units().len(),
            self.inner.topics().len(),
            self.inner.rules().len()
        ))
    }
}
