//! `PolicyLibrary` and `Consultation`: the policy library (政策库) and the instant answer
//! (rules §2), over `jiesu_core::policy_library`.
//!
//! Entries, matches and decisions are plain objects in the Rust serde JSON shape (dates
//! `"YYYY-MM-DD"`, absent values `null`). A consultation argument is a `Consultation`, a plain
//! object in its serde shape `{topics?, text?, date}` or its JSON text, all read by the core's
//! `Consultation::from_json` (a `Consultation` writes its shape through `toJSON`), so that an
//! unknown key or a bad value is a `PolicyLibraryError` (`policy_library_invalid_consultation`).

use jiesu_core::{Category, Consultation, Error, PolicyLibrary, PolicyLibraryError};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::batch::{self, coerced, Converted, Mode, Options};
use crate::category::{category_arg, JsCategory};
use crate::{
    borrowed, date_arg, json_text, json_value, optional_str, string, to_js, Failure, Str, StrArray,
};

#[wasm_bindgen(typescript_custom_section)]
const TS_POLICY_LIBRARY_BATCHES: &str = r#"
/** One demand of `instantAnswerMany`: its category and its consultation. */
export interface InstantAnswerItem {
  /** A `Category`, or its key or Chinese label. */
  category: Category | CategoryKey | string;
  consultation: Consultation | ConsultationFields | string;
}

export interface PolicyLibrary {
  /**
   * Instant-answer decisions for many demands at once (a platform's nightly job), in order. The
   * first item that does not read throws its error (`CategoryError`, `PolicyLibraryError`) with
   * `row` and `value`; with `{errors: "coerce"}`, every item is answered (`null` and a code for
   * one that does not read).
   */
  instantAnswerMany(items: InstantAnswerItem[], options?: RaiseOptions): AnswerDecision[];
  instantAnswerMany(items: InstantAnswerItem[], options: CoerceOptions): Coerced<(AnswerDecision | null)[]>;
  instantAnswerMany(items: InstantAnswerItem[], options?: BatchOptions): AnswerDecision[] | Coerced<(AnswerDecision | null)[]>;
}
"#;

/// A checked policy library (政策库): entries with topics, keywords, an answer and a validity
/// span (`jiesu_core::PolicyLibrary`). Load one with `PolicyLibrary.fromJson`; read-only.
#[wasm_bindgen(js_name = PolicyLibrary)]
pub struct JsPolicyLibrary {
    inner: PolicyLibrary,
}

/// A consultation to match: its topics, the enterprise's own words and the intake date
/// (`jiesu_core::Consultation`). Wherever a consultation is an argument, a plain object in its
/// serde shape or its JSON text is accepted too.
#[wasm_bindgen(js_name = Consultation)]
pub struct JsConsultation {
    inner: Consultation,
}

#[wasm_bindgen(js_class = Consultation)]
impl JsConsultation {
    /// A consultation from its parts; `date` is `"YYYY-MM-DD"` (`Consultation::new`).
    #[wasm_bindgen(constructor)]
    pub fn new(topics: &StrArray, text: &Str, date: &Str) -> Result<JsConsultation, Failure> {
        let topics = topics
            .dyn_ref::<js_sys::Array>()
            .ok_or_else(|| Failure::type_error("topics must be an array of strings"))?
            .iter()
            .map(|t| string(&t, "topics[i]"))
            .collect::<Result<Vec<String>, _>>()?;
        let text = string(text, "text")?;
        Ok(JsConsultation {
            inner: Consultation::new(topics, text, date_arg(date, "date")?),
        })
    }

    /// Reads a consultation from JSON text `{"topics"?: [..], "text"?: "..", "date":
    /// "YYYY-MM-DD"}` (unknown fields rejected) (`Consultation::from_json`).
    #[wasm_bindgen(js_name = fromJson)]
    pub fn from_json(text: &Str) -> Result<JsConsultation, Failure> {
        Ok(JsConsultation {
            inner: Consultation::from_json(&string(text, "text")?)?,
        })
    }

    /// The topic keys the demand was classified under.
    #[wasm_bindgen(getter)]
    pub fn topics(&self) -> Vec<String> {
        self.inner.topics.clone()
    }

    /// The demand in the enterprise's own words.
    #[wasm_bindgen(getter)]
    pub fn text(&self) -> String {
        self.inner.text.clone()
    }

    /// The intake date, `YYYY-MM-DD`.
    #[wasm_bindgen(getter)]
    pub fn date(&self) -> String {
        self.inner.date.to_string()
    }

    /// The consultation in its serde JSON shape `{topics, text, date}` (also what
    /// `JSON.stringify` writes).
    #[wasm_bindgen(js_name = toJSON, unchecked_return_type = "ConsultationFields")]
    pub fn to_json(&self) -> Result<JsValue, Failure> {
        to_js(&self.inner)
    }
}

/// Item `i` of `instantAnswerMany`, `{category, consultation}`: a category text read by
/// `Category::parse` and a consultation by `Consultation::from_json`, each error naming the row.
/// An item that is not an object, or a category that is neither a text nor a `Category`, is a
/// `TypeError`.
fn item_row(i: usize, item: &JsValue) -> Result<Result<(Category, Consultation), Error>, Failure> {
    let field = |key: &str| {
        if !item.is_object() {
            return Err(Failure::type_error_at(
                i,
                &batch::describe(item),
                &format!("items[{i}] must be an object {{category, consultation}}"),
            ));
        }
        js_sys::Reflect::get(item, &JsValue::from_str(key)).map_err(Failure::from_js)
    };
    let (category, consultation) = (field("category")?, field("consultation")?);
    let category = match category.as_string() {
        Some(text) => match Category::parse(&text) {
            Ok(c) => c,
            Err(e) => return Ok(Err(Error::at_row(i, text, e))),
        },
        None => borrowed::<JsCategory>(&category, "category", "Category")?
            .map(|c| c.inner)
            .ok_or_else(|| {
                Failure::type_error_at(
                    i,
                    &batch::describe(&category),
                    &format!("items[{i}].category must be a Category or its text"),
                )
            })?,
    };
    let consultation = json_value(&consultation, |reason| {
        PolicyLibraryError::InvalidConsultation { reason }
    })
    .map_err(|e| Error::at_row(i, batch::describe(&consultation), e))
    .and_then(|text| Consultation::from_json(&text).map_err(|e| Error::at_row(i, &text, e)));
    Ok(consultation.map(|c| (category, c)))
}

/// A consultation argument, read by `Consultation::from_json`.
fn consultation(value: &JsValue) -> Result<Consultation, Failure> {
    let text = json_text(value, |reason| PolicyLibraryError::InvalidConsultation {
        reason,
    })?;
    Ok(Consultation::from_json(&text)?)
}

#[wasm_bindgen(js_class = PolicyLibrary)]
impl JsPolicyLibrary {
    /// Loads and checks a library from JSON text `{"name"?, "version"?, "entries": [{id, title,
    /// topics, keywords, answer, source?, valid_from?, valid_to?}]}` (unknown fields rejected)
    /// (`PolicyLibrary::from_json`).
    #[wasm_bindgen(js_name = fromJson)]
    pub fn from_json(text: &Str) -> Result<JsPolicyLibrary, Failure> {
        Ok(JsPolicyLibrary {
            inner: PolicyLibrary::from_json(&string(text, "text")?)?,
        })
    }

    /// The library's name, or `null` (`PolicyLibrary::name`).
    #[wasm_bindgen(getter, unchecked_return_type = "string | null")]
    pub fn name(&self) -> JsValue {
        optional_str(self.inner.name())
    }

    /// The library's version, or `null` (`PolicyLibrary::version`).
    #[wasm_bindgen(getter, unchecked_return_type = "string | null")]
    pub fn version(&self) -> JsValue {
        optional_str(self.inner.version())
    }

    /// The entries, in the order given (`PolicyLibrary::entries`).
    #[wasm_bindgen(unchecked_return_type = "PolicyEntry[]")]
    pub fn entries(&self) -> Result<JsValue, Failure> {
        to_js(self.inner.entries())
    }

    /// The entry with this id, or `null` (`PolicyLibrary::entry`).
    #[wasm_bindgen(unchecked_return_type = "PolicyEntry | null")]
    pub fn entry(&self, id: &Str) -> Result<JsValue, Failure> {
        to_js(&self.inner.entry(&string(id, "id")?))
    }

    /// The entries in force on the date (both ends of a span inclusive), in the order given
    /// (`PolicyLibrary::in_force`).
    #[wasm_bindgen(js_name = inForce, unchecked_return_type = "PolicyEntry[]")]
    pub fn in_force(&self, date: &Str) -> Result<JsValue, Failure> {
        to_js(&self.inner.in_force(date_arg(date, "date")?))
    }

    /// The entries in force on the consultation's date that it hits, ranked (score desc, ties by
    /// id), each with the reason for every point (`PolicyLibrary::match_consultation`).
    #[wasm_bindgen(js_name = matchConsultation, unchecked_return_type = "PolicyMatch[]")]
    pub fn match_consultation(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Consultation | ConsultationFields | string")]
        consultation: &JsValue,
    ) -> Result<JsValue, Failure> {
        to_js(
            &self
                .inner
                .match_consultation(&self::consultation(consultation)?),
        )
    }

    /// The instant-answer decision (即时答复 or 派单) for a demand of `category`, and why
    /// (`PolicyLibrary::instant_answer`).
    #[wasm_bindgen(js_name = instantAnswer, unchecked_return_type = "AnswerDecision")]
    pub fn instant_answer(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Category | string")] category: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "Consultation | ConsultationFields | string")]
        consultation: &JsValue,
    ) -> Result<JsValue, Failure> {
        let category = category_arg(category)?;
        to_js(
            &self
                .inner
                .instant_answer(category, &self::consultation(consultation)?),
        )
    }

    /// Instant-answer decisions for many demands at once, in order
    /// (`PolicyLibrary::instant_answer_many`): `AnswerDecision[]`, or the first item that does not
    /// read throws its error naming its row; with `errors: "coerce"`, `{result: (AnswerDecision |
    /// null)[], codes}`. Typed in `TS_POLICY_LIBRARY_BATCHES`.
    #[wasm_bindgen(js_name = instantAnswerMany, skip_typescript)]
    pub fn instant_answer_many(
        &self,
        items: &JsValue,
        options: &Options,
    ) -> Result<JsValue, Failure> {
        let mode = batch::mode(options)?;
        let items: Converted<(Category, Consultation)> = items
            .dyn_ref::<js_sys::Array>()
            .ok_or_else(|| {
                Failure::type_error("items must be an array of {category, consultation}")
            })?
            .iter()
            .enumerate()
            .map(|(i, item)| item_row(i, &item))
            .collect::<Result<_, _>>()?;
        if mode == Mode::Raise {
            return to_js(&self.inner.instant_answer_many(&items.all()?));
        }
        let (items, merge) = items.split();
        let answers = self.inner.instant_answer_many(&items);
        let (decisions, codes) = batch::unzip_rows(merge.rows(answers.into_iter().map(Ok)));
        coerced(&to_js(&decisions)?, &codes, &[])
    }
}
