//! `Category` and `categories()`: the four demand categories (rules §2), over
//! `jiesu_core::category`.

use jiesu_core::category::{categories as core_categories, Category};
use wasm_bindgen::prelude::*;

use crate::{borrowed, serde_name, string, to_js, Failure, Str};

/// A demand category (诉求分类, rules §2): consultation (咨询类), help (求助类), suggestion (建议类)
/// or complaint (投诉类) (`jiesu_core::Category`). Read one with `Category.parse`; wherever a
/// category is an argument, its text is accepted too. `JSON.stringify` writes its key.
#[wasm_bindgen(js_name = Category)]
#[derive(Clone)]
pub struct JsCategory {
    pub(crate) inner: Category,
}

/// A `category` argument: a `Category`, or text read by `Category::parse` (`category_unknown`).
pub(crate) fn category_arg(value: &JsValue) -> Result<Category, Failure> {
    if let Some(text) = value.as_string() {
        return Ok(Category::parse(&text)?);
    }
    let what = "Category or its text (e.g. \"consultation\" or \"咨询类\")";
    borrowed::<JsCategory>(value, "category", what)?
        .map(|c| c.inner)
        .ok_or_else(|| Failure::type_error(&format!("category must be a {what}")))
}

#[wasm_bindgen(js_class = Category)]
impl JsCategory {
    /// A copy, used to take a `Category` argument without consuming it. Internal.
    #[wasm_bindgen(js_name = __clone, skip_typescript)]
    #[must_use]
    pub fn copy(&self) -> JsCategory {
        self.clone()
    }

    /// Reads a category from its key (ASCII case-insensitive), its Chinese label (`咨询类`) or its
    /// short label (`咨询`); surrounding whitespace is ignored (`Category::parse`).
    pub fn parse(text: &Str) -> Result<JsCategory, Failure> {
        Ok(JsCategory {
            inner: Category::parse(&string(text, "text")?)?,
        })
    }

    /// The stable key: `consultation`, `help`, `suggestion` or `complaint` (`Category::key`).
    #[wasm_bindgen(getter, unchecked_return_type = "CategoryKey")]
    pub fn key(&self) -> String {
        self.inner.key().to_owned()
    }

    /// The guideline's label: 咨询类, 求助类, 建议类 or 投诉类 (`Category::label_zh`).
    #[wasm_bindgen(getter, js_name = labelZh)]
    pub fn label_zh(&self) -> String {
        self.inner.label_zh().to_owned()
    }

    /// An English label (`help request` for help) (`Category::label_en`).
    #[wasm_bindgen(getter, js_name = labelEn)]
    pub fn label_en(&self) -> String {
        self.inner.label_en().to_owned()
    }

    /// `"instant_answer"` (consultations: answered at once when the policy is clear) or
    /// `"dispatch"` (`Category::handling`).
    #[wasm_bindgen(getter, unchecked_return_type = "Handling")]
    pub fn handling(&self) -> String {
        serde_name(&self.inner.handling())
    }

    /// True for help, suggestion and complaint: always dispatched (`Category::is_dispatched`).
    #[wasm_bindgen(getter, js_name = isDispatched)]
    pub fn is_dispatched(&self) -> bool {
        self.inner.is_dispatched()
    }

    /// The category as `{key, label_zh, label_en, handling}` (`Category::info`).
    #[wasm_bindgen(unchecked_return_type = "CategoryInfo")]
    pub fn info(&self) -> Result<JsValue, Failure> {
        to_js(&self.inner.info())
    }

    /// The key (`Category`'s `Display`).
    #[wasm_bindgen(js_name = toString, unchecked_return_type = "CategoryKey")]
    pub fn to_js_string(&self) -> String {
        self.inner.key().to_owned()
    }

    /// The key, so that `JSON.stringify` writes a `Category` as its serde shape (a route
    /// request may hold a `Category`).
    #[wasm_bindgen(js_name = toJSON, unchecked_return_type = "CategoryKey")]
    pub fn to_json(&self) -> String {
        self.inner.key().to_owned()
    }
}

/// The four categories `{key, label_zh, label_en, handling}` in the guideline's order
/// (`category::categories`).
#[wasm_bindgen(unchecked_return_type = "CategoryInfo[]")]
pub fn categories() -> Result<JsValue, Failure> {
    to_js(&core_categories())
}
