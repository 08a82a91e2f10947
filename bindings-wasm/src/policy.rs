//! `Policy`: the knobs of every clause (a profile), over `jiesu_core::Policy`.

use jiesu_core::Policy;
use wasm_bindgen::prelude::*;

use crate::{serde_name, string, to_js, Failure, Str};

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

    /// The profile's name (`Policy::name`): `seed`, or `custom` when read without one.
    #[wasm_bindgen(getter)]
    pub fn name(&self) -> String {
        self.inner.name.clone()
    }

    /// A short fingerprint of the knobs, whatever the name (`Policy::fingerprint`).
    #[wasm_bindgen(getter)]
    pub fn fingerprint(&self) -> String {
        self.inner.fingerprint()
    }

    /// §1 `beyond_coverage`: `"error"` (default) or `"weekends_only"` (`Policy::beyond_coverage`).
    #[wasm_bindgen(getter, js_name = beyondCoverage, unchecked_return_type = "BeyondCoverage")]
    pub fn beyond_coverage(&self) -> String {
        serde_name(&self.inner.beyond_coverage)
    }

    /// §4 `clock_start`: `"dispatched"` (default) or `"signed"` (`Policy::clock_start`).
    #[wasm_bindgen(getter, js_name = clockStart, unchecked_return_type = "ClockStart")]
    pub fn clock_start(&self) -> String {
        serde_name(&self.inner.clock_start)
    }

    /// §4 `count_start_day` (含本数): whether a working start day before `intakeCutoff` is day 1
    /// (`Policy::count_start_day`).
    #[wasm_bindgen(getter, js_name = countStartDay)]
    pub fn count_start_day(&self) -> bool {
        self.inner.count_start_day
    }

    /// §4 `intake_cutoff`, `"HH:MM"`: with `countStartDay`, the start day counts only before it
    /// (`Policy::intake_cutoff`).
    #[wasm_bindgen(getter, js_name = intakeCutoff)]
    pub fn intake_cutoff(&self) -> String {
        self.inner.intake_cutoff.to_string()
    }

    /// §4 `day_end`, `"HH:MM"`: when a day of a time limit ends (`"24:00"` by default)
    /// (`Policy::day_end`).
    #[wasm_bindgen(getter, js_name = dayEnd)]
    pub fn day_end(&self) -> String {
        self.inner.day_end.to_string()
    }

    /// §4 first feedback limit in working days, 5 in `seed` (`Policy::feedback_working_days`).
    #[wasm_bindgen(getter, js_name = feedbackWorkingDays)]
    pub fn feedback_working_days(&self) -> u32 {
        self.inner.feedback_working_days
    }

    /// §4 redo limit after a return in working days, 3 in `seed` (`Policy::redo_working_days`).
    #[wasm_bindgen(getter, js_name = redoWorkingDays)]
    pub fn redo_working_days(&self) -> u32 {
        self.inner.redo_working_days
    }

    /// §4 `max_plan_working_days`: the cap on a solution plan's completion date, or `null` for
    /// none (`Policy::max_plan_working_days`).
    #[wasm_bindgen(getter, js_name = maxPlanWorkingDays, unchecked_return_type = "number | null")]
    pub fn max_plan_working_days(&self) -> JsValue {
        self.inner
            .max_plan_working_days
            .map_or(JsValue::NULL, JsValue::from)
    }

    /// §5 `territory_limit`: a territory handling a demand at its own level runs the feedback
    /// limit too, `true` in `seed` (`Policy::territory_limit`).
    #[wasm_bindgen(getter, js_name = territoryLimit)]
    pub fn territory_limit(&self) -> bool {
        self.inner.territory_limit
    }

    /// §6 `card_co_units`: co-units (协办) get the notices and yellow cards of a missed limit
    /// too, `false` in `seed` (`Policy::card_co_units`).
    #[wasm_bindgen(getter, js_name = cardCoUnits)]
    pub fn card_co_units(&self) -> bool {
        self.inner.card_co_units
    }

    /// §6 `consecutive`: what "two consecutive yellow cards" means, `"events"` (default) or
    /// `"periods"` (`Policy::consecutive`).
    #[wasm_bindgen(getter, unchecked_return_type = "Consecutive")]
    pub fn consecutive(&self) -> String {
        serde_name(&self.inner.consecutive)
    }

    /// §6 `reset_yearly`: streaks restart on 1 January, `true` in `seed`
    /// (`Policy::reset_yearly`).
    #[wasm_bindgen(getter, js_name = resetYearly)]
    pub fn reset_yearly(&self) -> bool {
        self.inner.reset_yearly
    }

    /// §7 `evaluation`: satisfaction points, score weights, deductions and ranking knobs, a plain
    /// object in the serde JSON shape (exact decimals as strings, e.g. `"100"`)
    /// (`Policy::evaluation`).
    #[wasm_bindgen(getter, unchecked_return_type = "EvaluationKnobs")]
    pub fn evaluation(&self) -> Result<JsValue, Failure> {
        to_js(&self.inner.evaluation)
    }

    /// The service limits a large city may raise (`events_per_demand`, `open_demands`), a plain
    /// object (`Policy::limits`, see `jiesu_core::limits`).
    #[wasm_bindgen(getter, unchecked_return_type = "LimitKnobs")]
    pub fn limits(&self) -> Result<JsValue, Failure> {
        to_js(&self.inner.limits)
    }
}
