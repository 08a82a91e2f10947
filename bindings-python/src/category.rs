//! `Category` and `categories()`: the four demand categories (rules §2), over
//! `jiesu_core::category`.

use jiesu_core::Category;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::PyString;

use crate::errors::to_py;
use crate::time::ArgError;
use crate::{serde_name, to_py_data};

/// A demand category (诉求分类, rules §2): consultation (咨询类), help (求助类), suggestion (建议类)
/// or complaint (投诉类). Read one with `Category.parse` (key, Chinese label or short label);
/// wherever a category is an argument, its text is accepted too.
#[pyclass(name = "Category", module = "jiesu", frozen, eq, hash)]
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct PyCategory(pub Category);

/// A category argument: a `Category`, or text read by `Category::parse` (`category_unknown`).
#[derive(Clone, Copy)]
pub struct CategoryArg(pub Category);

/// A category: a `Category`, or text read by `Category::parse` (`category_unknown`).
pub fn read_category(ob: &Bound<'_, PyAny>) -> Result<Category, ArgError> {
    if let Ok(c) = ob.cast::<PyCategory>() {
        return Ok(c.get().0);
    }
    if let Ok(s) = ob.cast::<PyString>() {
        return Category::parse(&s.to_string_lossy()).map_err(|e| ArgError::Core(e.into()));
    }
    let kind = ob.get_type().name()?;
    Err(ArgError::Py(PyTypeError::new_err(format!(
        "expected a jiesu.Category or its text (e.g. 'consultation' or '咨询类'), not {kind}"
    ))))
}

#[jiesu_python_macros::catch_panics]
impl<'py> FromPyObject<'_, 'py> for CategoryArg {
    type Error = PyErr;

    fn extract(ob: Borrowed<'_, 'py, PyAny>) -> PyResult<Self> {
        Ok(CategoryArg(read_category(&ob)?))
    }
}

#[jiesu_python_macros::catch_panics]
#[pymethods]
impl PyCategory {
    /// Reads a category from its key (ASCII case-insensitive), its Chinese label (`咨询类`) or
    /// its short label (`咨询`); surrounding whitespace is ignored. Wraps `Category::parse`.
    #[staticmethod]
    fn parse(text: &str) -> PyResult<Self> {
        Category::parse(text).map(PyCategory).map_err(to_py)
    }

    /// The stable key: "consultation", "help", "suggestion" or "complaint". Wraps `Category::key`.
    #[getter]
    fn key(&self) -> &'static str {
        self.0.key()
    }

    /// The guideline's label: 咨询类, 求助类, 建议类 or 投诉类. Wraps `Category::label_zh`.
    #[getter]
    fn label_zh(&self) -> &'static str {
        self.0.label_zh()
    }

    /// An English label ("help request" for help). Wraps `Category::label_en`.
    #[getter]
    fn label_en(&self) -> &'static str {
        self.0.label_en()
    }

    /// `"instant_answer"` (consultations: answered at once when the policy is clear) or
    /// "dispatch". Wraps `Category::handling`.
    #[getter]
    fn handling(&self) -> PyResult<String> {
        serde_name(&self.0.handling())
    }

    /// True for help, suggestion and complaint (always dispatched). Wraps
    /// `Category::is_dispatched`.
    #[getter]
    fn is_dispatched(&self) -> bool {
        self.0.is_dispatched()
    }

    /// The category in its serde JSON shape `{key, label_zh, label_en, handling}`.
    /// Wraps `Category::info`.
    fn info<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py_data(py, &self.0.info())
    }

    fn __str__(&self) -> &'static str {
        self.0.key()
    }

    fn __repr__(&self) -> String {
        format!(
            "Category(key='{}', label_zh='{}')",
            self.0.key(),
            self.0.label_zh()
        )
    }
}

/// The four categories `{key, label_zh, label_en, handling}` in the guideline's order.
/// Wraps `category::categories`.
#[jiesu_python_macros::catch_panics]
#[pyfunction]
pub fn categories(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    to_py_data(py, &jiesu_core::categories())
}
