//! `buildForm`, `Form`, `FormKind` and `formKinds()`: the guideline's four forms (附件2–5,
//! rules §9) from a replayed stream, over `jiesu_core::forms`.
//!
//! `form.toCsv()` is the core's CSV text (a UTF-8 BOM, CRLF after every record, RFC 4180
//! quoting, formula-like cells prefixed with `'`): written to a file as UTF-8 it is byte for byte
//! what `jiesu report --forms DIR` writes. `form.toJson()` is the core's JSON text, and
//! `form.toJSON()` the same as a plain object (`{kind, attachment, title, from, to, headers,
//! rows: [{demand, at, cells}]}`).

use jiesu_core::forms::{build_form, Form, FormKind};
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::directory::JsDirectory;
use crate::stream::stream_result_arg;
use crate::{borrowed, date_arg, string, to_js, Failure, Str};

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &str = r#"
/** A form's key: 问题台账 (附件2), 转办清单 (附件3), 解决反馈表 (附件4), 满意度评价表 (附件5). */
export type FormKindKey = "ledger" | "transfer" | "feedback" | "satisfaction";

/** A form with its names and columns (`formKinds()`, `FormKind.info()`). */
export interface FormKindInfo {
  key: FormKindKey;
  /** The short Chinese name: 问题台账, 转办清单, 解决反馈表, 满意度评价表. */
  label_zh: string;
  /** The title as the guideline prints it (`企业发展、项目建设问题台账`). */
  title: string;
  /** `附件2` … `附件5`. */
  attachment: string;
  /** The column headers, in the guideline's order (序号 first). */
  headers: string[];
}

/** One row of a form. */
export interface FormRow {
  /** The demand it comes from. */
  demand: string;
  /** The instant that puts it in the range (receipt, dispatch, reply or callback), RFC 3339 `+08:00`. */
  at: string;
  /** One cell per header, in the headers' order; 序号 first, as text. */
  cells: string[];
}

/** A form in its JSON shape (`Form.toJSON()`; `Form.toJson()` is this as text). */
export interface FormFields {
  kind: FormKindKey;
  attachment: string;
  title: string;
  /** The range's first date, `YYYY-MM-DD`. */
  from: string;
  /** The range's last date (inclusive). */
  to: string;
  headers: string[];
  rows: FormRow[];
}
"#;

/// One of the guideline's four forms (`jiesu_core::forms::FormKind`). Read one with
/// `FormKind.parse`; wherever a form kind is an argument, its name is accepted too.
/// `JSON.stringify` writes its key.
#[wasm_bindgen(js_name = FormKind)]
#[derive(Clone)]
pub struct JsFormKind {
    inner: FormKind,
}

/// A form kind's names and columns, as `formKinds()` and `FormKind.info()` give them.
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

/// A `kind` argument: a `FormKind`, or a name read by `FormKind::parse` (`forms_unknown_form`).
fn form_kind_arg(value: &JsValue) -> Result<FormKind, Failure> {
    if let Some(text) = value.as_string() {
        return Ok(FormKind::parse(&text)?);
    }
    let what = "FormKind or a form's name (e.g. \"ledger\", \"问题台账\" or \"附件2\")";
    borrowed::<JsFormKind>(value, "kind", what)?
        .map(|k| k.inner)
        .ok_or_else(|| Failure::type_error(&format!("kind must be a {what}")))
}

#[wasm_bindgen(js_class = FormKind)]
impl JsFormKind {
    /// A copy, used to take a `FormKind` argument without consuming it. Internal.
    #[wasm_bindgen(js_name = __clone, skip_typescript)]
    #[must_use]
    pub fn copy(&self) -> JsFormKind {
        self.clone()
    }

    /// Reads a form's name: the key (ASCII case-insensitive), the short Chinese name (问题台账),
    /// the title or the attachment (`附件2`); surrounding whitespace is ignored. Anything else
    /// throws `FormsError` (`forms_unknown_form`) (`FormKind::parse`).
    pub fn parse(name: &Str) -> Result<JsFormKind, Failure> {
        Ok(JsFormKind {
            inner: FormKind::parse(&string(name, "name")?)?,
        })
    }

    /// The key: `ledger`, `transfer`, `feedback` or `satisfaction` (`FormKind::key`).
    #[wasm_bindgen(getter, unchecked_return_type = "FormKindKey")]
    pub fn key(&self) -> String {
        self.inner.key().to_owned()
    }

    /// The short Chinese name: 问题台账, 转办清单, 解决反馈表 or 满意度评价表
    /// (`FormKind::label_zh`).
    #[wasm_bindgen(getter, js_name = labelZh)]
    pub fn label_zh(&self) -> String {
        self.inner.label_zh().to_owned()
    }

    /// The title as the guideline prints it, e.g. `企业发展、项目建设问题台账` (`FormKind::title`).
    #[wasm_bindgen(getter)]
    pub fn title(&self) -> String {
        self.inner.title().to_owned()
    }

    /// The attachment it is in the guideline: `附件2` … `附件5` (`FormKind::attachment`).
    #[wasm_bindgen(getter)]
    pub fn attachment(&self) -> String {
        self.inner.attachment().to_owned()
    }

    /// The column headers, in the guideline's order (`FormKind::headers`).
    #[wasm_bindgen(getter)]
    pub fn headers(&self) -> Vec<String> {
        self.inner
            .headers()
            .iter()
            .map(|h| (*h).to_owned())
            .collect()
    }

    /// The form as `{key, label_zh, title, attachment, headers}` (`FormKind::key`, `label_zh`,
    /// `title`, `attachment`, `headers`).
    #[wasm_bindgen(unchecked_return_type = "FormKindInfo")]
    pub fn info(&self) -> Result<JsValue, Failure> {
        to_js(&FormKindInfo::of(self.inner))
    }

    /// The key (`FormKind`'s `Display`).
    #[wasm_bindgen(js_name = toString, unchecked_return_type = "FormKindKey")]
    pub fn to_js_string(&self) -> String {
        self.inner.key().to_owned()
    }

    /// The key: its serde shape (also what `JSON.stringify` writes).
    #[wasm_bindgen(js_name = toJSON, unchecked_return_type = "FormKindKey")]
    pub fn to_json(&self) -> String {
        self.inner.key().to_owned()
    }
}

/// The four forms `{key, label_zh, title, attachment, headers}` in the guideline's order,
/// 附件2–5 (`FormKind::ALL` with `FormKind::key`, `label_zh`, `title`, `attachment`, `headers`).
#[wasm_bindgen(js_name = formKinds, unchecked_return_type = "FormKindInfo[]")]
pub fn form_kinds() -> Result<JsValue, Failure> {
    let all: Vec<FormKindInfo> = FormKind::ALL.into_iter().map(FormKindInfo::of).collect();
    to_js(&all)
}

/// A form's rows over a date range (rules §9) (`jiesu_core::forms::Form`). Built by
/// `buildForm`. Read-only.
#[wasm_bindgen(js_name = Form)]
pub struct JsForm {
    inner: Form,
}

#[wasm_bindgen(js_class = Form)]
impl JsForm {
    /// Which form: `ledger`, `transfer`, `feedback` or `satisfaction`.
    #[wasm_bindgen(getter, unchecked_return_type = "FormKindKey")]
    pub fn kind(&self) -> String {
        self.inner.kind.key().to_owned()
    }

    /// Its attachment in the guideline (`附件2` … `附件5`).
    #[wasm_bindgen(getter)]
    pub fn attachment(&self) -> String {
        self.inner.attachment.clone()
    }

    /// Its title, for a sheet's title line (e.g. `企业发展、项目建设问题台账`).
    #[wasm_bindgen(getter)]
    pub fn title(&self) -> String {
        self.inner.title.clone()
    }

    /// The range's first date, `YYYY-MM-DD`.
    #[wasm_bindgen(getter)]
    pub fn from(&self) -> String {
        self.inner.from.to_string()
    }

    /// The range's last date (inclusive), `YYYY-MM-DD`.
    #[wasm_bindgen(getter)]
    pub fn to(&self) -> String {
        self.inner.to.to_string()
    }

    /// The column headers, in the guideline's order.
    #[wasm_bindgen(getter)]
    pub fn headers(&self) -> Vec<String> {
        self.inner.headers.clone()
    }

    /// The rows `{demand, at, cells}`, in order; 序号 is the first cell.
    #[wasm_bindgen(getter, unchecked_return_type = "FormRow[]")]
    pub fn rows(&self) -> Result<JsValue, Failure> {
        to_js(&self.inner.rows)
    }

    /// The form as CSV: a UTF-8 BOM (`\ufeff`), the header row, then one record per row; CRLF
    /// after every record; RFC 4180 quoting; a cell starting with `=`, `+`, `-`, `@`, a tab or
    /// CR gets a leading `'` (`Form::to_csv`). Opens in Excel with the Chinese intact.
    #[wasm_bindgen(js_name = toCsv)]
    pub fn to_csv(&self) -> String {
        self.inner.to_csv()
    }

    /// The form as JSON text `{kind, attachment, title, from, to, headers, rows}`
    /// (`Form::to_json`).
    #[wasm_bindgen(js_name = toJson)]
    pub fn to_json(&self) -> String {
        self.inner.to_json()
    }

    /// The form in its JSON shape, as a plain object (also what `JSON.stringify` writes).
    #[wasm_bindgen(js_name = toJSON, unchecked_return_type = "FormFields")]
    pub fn to_js(&self) -> Result<JsValue, Failure> {
        to_js(&self.inner)
    }
}

/// Builds a form's rows from a replayed stream over `from..=to` (`YYYY-MM-DD`, inclusive; rules
/// §9): one row per demand received (ledger), dispatch (transfer), reply (feedback) or reached
/// callback (satisfaction) whose instant falls, as a +08:00 date, in the range. `kind` is a
/// `FormKind` or a form's name (`forms_unknown_form`); `directory` (or `null`/`undefined`) gives
/// units their names, else their ids; `from` after `to` throws `FormsError`
/// (`forms_invalid_range`) (`forms::build_form`). The arguments stay usable.
#[wasm_bindgen(js_name = buildForm)]
pub fn build_form_of(
    #[wasm_bindgen(unchecked_param_type = "FormKind | string")] kind: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "StreamResult")] result: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "Directory | null | undefined")] directory: &JsValue,
    from: &Str,
    to: &Str,
) -> Result<JsForm, Failure> {
    let kind = form_kind_arg(kind)?;
    let result = stream_result_arg(result, "result")?;
    let directory: Option<JsDirectory> = borrowed(directory, "directory", "Directory")?;
    let (from, to) = (date_arg(from, "from")?, date_arg(to, "to")?);
    let form = build_form(
        kind,
        &result,
        directory.as_ref().map(|d| &d.inner),
        from,
        to,
    )?;
    Ok(JsForm { inner: form })
}
