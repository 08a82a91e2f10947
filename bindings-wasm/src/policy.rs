//! `Policy`: the knobs of every clause (a profile), over `jiesu_core::Policy`.

use jiesu_core::Policy;
use wasm_bindgen::prelude::*;

use crate::{string, Failure, Str};

/// A policy profile: every knob of the rule book (`jiesu_core::Policy`).
#[wasm_bindgen(js_name = Policy)]
#[derive(Clone)]
pub struct JsPolicy {
    pub(crate) inner: Policy,
}

impl From<Policy> for JsPolicy {
    fn from(inner: Policy) -> JsPolicy {
        JsPolicy { inner }
    }
}

#[wasm_bindgen(js_class = Policy)]
impl JsPolicy {
    /// A copy (O(1)), used by `new Rules(…)` to keep its arguments usable. Internal.
    #[wasm_bindgen(js_name = __clone, skip_typescript)]
    #[must_use]
    pub fn copy(&self) -> JsPolicy {
        self.clone()
    }

    /// The `seed` profile: the rule book as written (`Policy::seed`).
    pub fn seed() -> JsPolicy {
        Policy::seed().into()
    }

    /// Reads a profile from JSON text; knobs left out take the seed value, unknown knobs throw
    /// `PolicyError` (`Policy::from_json`).
    #[wasm_bindgen(js_name = fromJson)]
    pub fn from_json(text: &Str) -> Result<JsPolicy, Failure> {
        Ok(Policy::from_json(&string(text, "text")?)?.into())
    }

    /// The profile as JSON text, every knob (`Policy::to_json`).
    #[wasm_bindgen(js_name = toJson)]
    pub fn to_json(&self) -> String {
        self.inner.to_json()
    }

    /// The profile's name (`Policy::name`).
    #[wasm_bindgen(getter)]
    pub fn name(&self) -> String {
        self.inner.name.clone()
    }
}
