//! `build_form`, `Form`, `FormKind` and `form_kinds()`: the guideline's four forms (附件2–5,
//! rules §9) from a replayed stream, over `jiesu_core::forms`.
//!
//! `Form.to_csv()` is the core's CSV text (a UTF-8 BOM, CRLF after every record, RFC 4180
//! quoting, formula-like cells prefixed with `'`): written to a file as UTF-8
//! (`open(path, "w", encoding="utf-8", newline="")`) it is byte for byte what
//! `jiesu report --forms DIR` writes. `Form.to_json()` is the core's JSON text, `to_dict()` the
//! same as Python data.

use jiesu_core::forms::{build_form as build, Form, FormKind};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::PyString;
use serde::Serialize;

use crate::directory::PyDirectory;
use crate::errors::to_py;
use crate::stream::PyStreamResult;
use crate::time::DateArg;
use crate::{py_repr, to_py_data};

/// One of the guideline's four forms: 问题台账 (`ledger`, 附件2), 转办清单 (`transfer`, 附件3),
/// 解决反馈表 (`feedback`, 附件4), 满意度评价表 (`satisfaction`, 附件5). Read one with
/// `FormKind.parse`; wherever a form kind is an argument, its name is accepted too.
#[pyclass(name = "FormKind", module = "jiesu", frozen, eq, hash)]
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct PyFormKind(FormKind);

/// A `kind` argument: a `FormKind`, or a name read by `FormKind::parse` (`forms_unknown_form`).
pub struct FormKindArg(FormKind);

#[jiesu_python_macros::catch_panics]
impl<'py> FromPyObject<'_, 'py> for FormKindArg {
    type Error = PyErr;

    fn extract(ob: Borrowed<'_, 'py, PyAny>) -> PyResult<Self> {
        if let Ok(k) = ob.cast::<PyFormKind>() {
            return Ok(FormKindArg(k.get().0));
        }
        if let Ok(s) = ob.cast::<PyString>() {
            return FormKind::parse(&s.to_string_lossy())
                .map(FormKindArg)
                .map_err(to_py);
        }
        let kind = ob.get_type().name()?;
        Err(PyTypeError::new_err(format!(
            "expected a jiesu.FormKind or a form's name (e.g. 'ledger', '问题台账' or '附件2'), \
             not {kind}"
        )))
    }
}

/// A form kind's names and columns, as `form_kinds()` and `FormKind.info()` give them.
#[derive(Serialize)]
struct FormKindInfo {
    key: &'static str,
    label_zh: &'static str,
    title: &'static str,
    attachment: &'static str,
    headers: &'static [&'static str],
}

impl FormKindInfo {
    /// `FormKind::key`, `label_zh`, `title`, `attachment` and `headers`.
    fn of(kind: FormKind) -> FormKindInfo {
        FormKindInfo {
            key: kind.key(),
            label_zh: kind.label_zh(),
            title: kind.title(),
            attachment: kind.attachment(),
            headers: kind.headers(),
        }
    }
}

#[jiesu_python_macros::catch_panics]
#[pymethods]
impl PyFormKind {
    /// Reads a form's name: the key (ASCII case-insensitive), the short Chinese name (问题台账),
    /// the title or the attachment (`附件2`); surrounding whitespace is ignored. Anything else
    /// raises `FormsError` (`forms_unknown_form`). Wraps `FormKind::parse`.
    #[staticmethod]
    fn parse(name: &str) -> PyResult<Self> {
        FormKind::parse(name).map(PyFormKind).map_err(to_py)
    }

    /// The key: "ledger", "transfer", "feedback" or "satisfaction". Wraps `FormKind::key`.
    #[getter]
    fn key(&self) -> &'static str {
        self.0.key()
    }

    /// The short Chinese name: 问题台账, 转办清单, 解决反馈表 or 满意度评价表. Wraps
    /// `FormKind::label_zh`.
    #[getter]
    fn label_zh(&self) -> &'static str {
        self.0.label_zh()
    }

    /// The title as the guideline prints it, e.g. 企业发展、项目建设问题台账. Wraps
    /// `FormKind::title`.
    #[getter]
    fn title(&self) -> &'static str {
        self.0.title()
    }

    /// The attachment it is in the guideline: 附件2 … 附件5. Wraps `FormKind::attachment`.
    #[getter]
    fn attachment(&self) -> &'static str {
        self.0.attachment()
    }

    /// The column headers, in the guideline's order (序号 first). Wraps `FormKind::headers`.
    #[getter]
    fn headers(&self) -> Vec<&'static str> {
        self.0.headers().to_vec()
    }

    /// The form as a dict `{key, label_zh, title, attachment, headers}`.
    fn info<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py_data(py, &FormKindInfo::of(self.0))
    }

    fn __str__(&self) -> &'static str {
        self.0.key()
    }

    fn __repr__(&self) -> String {
        format!(
            "FormKind(key='{}', label_zh='{}')",
            self.0.key(),
            self.0.label_zh()
        )
    }
}

/// The four forms `{key, label_zh, title, attachment, headers}` in the guideline's order,
/// 附件2–5. Wraps `FormKind::ALL` with `FormKind::key`, `label_zh`, `title`, `attachment` and
/// `headers`.
#[jiesu_python_macros::catch_panics]
#[pyfunction]
pub fn form_kinds(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    let all: Vec<FormKindInfo> = FormKind::ALL.into_iter().map(FormKindInfo::of).collect();
    to_py_data(py, &all)
}

/// A form's rows over a date range (rules §9). Built by `build_form`. Read-only.
#[pyclass(name = "Form", module = "jiesu", frozen, eq)]
#[derive(PartialEq)]
pub struct PyForm(Form);

#[jiesu_python_macros::catch_panics]
#[pymethods]
impl PyForm {
    /// Which form: "ledger", "transfer", "feedback" or "satisfaction".
    #[getter]
    fn kind(&self) -> &'static str {
        self.0.kind.key()
    }

    /// Its attachment in the guideline (附件2 … 附件5).
    #[getter]
    fn attachment(&self) -> &str {
        &self.0.attachment
    }

    /// Its title, for a sheet's title line (e.g. 企业发展、项目建设问题台账).
    #[getter]
    fn title(&self) -> &str {
        &self.0.title
    }

    /// The range's first date.
    #[getter]
    fn from_(&self) -> chrono::NaiveDate {
        self.0.from
    }

    /// The range's last date (inclusive).
    #[getter]
    fn to(&self) -> chrono::NaiveDate {
        self.0.to
    }

    /// The column headers, in the guideline's order.
    #[getter]
    fn headers(&self) -> Vec<String> {
        self.0.headers.clone()
    }

    /// The rows `{demand, at, cells}` in order (`at` RFC 3339 +08:00; `cells` one string per
    /// header, 序号 first).
    #[getter]
    fn rows<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py_data(py, &self.0.rows)
    }

    /// The form as CSV text: a UTF-8 BOM (`\ufeff`), the header row, then one record per row;
    /// CRLF after every record; RFC 4180 quoting; a cell starting with `=`, `+`, `-`, `@`, a tab
    /// or CR gets a leading `'`. Opens in Excel with the Chinese intact. Wraps `Form::to_csv`.
    fn to_csv(&self) -> String {
        self.0.to_csv()
    }

    /// The form as JSON text `{kind, attachment, title, from, to, headers, rows}`. Wraps
    /// `Form::to_json`.
    fn to_json(&self) -> String {
        self.0.to_json()
    }

    /// The form in its serde JSON shape (a dict, dates "YYYY-MM-DD").
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py_data(py, &self.0)
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "Form(kind='{}', title={}, from_='{}', to='{}', rows={})",
            self.0.kind.key(),
            py_repr(py, &self.0.title)?,
            self.0.from,
            self.0.to,
            self.0.rows.len()
        ))
    }
}

/// Builds a form's rows from a replayed stream over `from_..=to` (dates, inclusive; rules §9):
/// one row per demand received (ledger), dispatch (transfer), reply (feedback) or reached
/// callback (satisfaction) whose instant falls, as a +08:00 date, in the range. `kind` is a
/// `FormKind` or a form's name (`forms_unknown_form`); `directory` (or None) gives units their
/// names, else their ids; `from_` after `to` raises `FormsError` (`forms_invalid_range`). Wraps
/// `forms::build_form`.
#[jiesu_python_macros::catch_panics]
#[pyfunction]
#[pyo3(signature = (kind, stream_result, directory, from_, to))]
#[allow(clippy::needless_pass_by_value)] // pyo3 passes extracted arguments by value
pub fn build_form(
    kind: FormKindArg,
    stream_result: &Bound<'_, PyStreamResult>,
    directory: Option<&Bound<'_, PyDirectory>>,
    from_: DateArg,
    to: DateArg,
) -> PyResult<PyForm> {
    let directory = directory.map(|d| &d.get().inner);
    build(
        kind.0,
        &stream_result.get().result,
        directory,
        from_.0,
        to.0,
    )
    .map(PyForm)
    .map_err(to_py)
}
