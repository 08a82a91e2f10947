//! `Rules` and its `Deadline` results: time limits (rules §4), over `jiesu_core::Rules`.
//!
//! Instants in are RFC 3339 strings (any offset) or naive local date-times (read as +08:00);
//! `Deadline` results are plain objects in the Rust serde JSON shape. Bulk dues work on epoch
//! milliseconds (`Date.getTime()`), converted to and from the core's seconds.

use jiesu_core::{Calendar, Policy, Rules};
use wasm_bindgen::prelude::*;

use crate::calendar::JsCalendar;
#[cfg(feature = "routing")]
use crate::directory::JsDirectory;
use crate::policy::JsPolicy;
use crate::{
    borrowed, date_arg, instant_arg, integer, optional_string, parse_instant, push_instant,
    string_array, to_js, Failure, Str, StrArray, StringList,
};

/// A calendar, a policy and optionally a dispatch directory: the rules in force
/// (`jiesu_core::Rules`). The policy's `beyond_coverage` governs the calendar.
#[wasm_bindgen(js_name = Rules)]
#[derive(Clone)]
pub struct JsRules {
    pub(crate) inner: Rules,
}

impl From<Rules> for JsRules {
    fn from(inner: Rules) -> JsRules {
        JsRules { inner }
    }
}

/// `Rules::new` over the optional `Calendar` and `Policy` arguments (copies, so the caller's
/// objects stay usable).
fn rules_of(calendar: &JsValue, policy: &JsValue) -> Result<Rules, Failure> {
    let calendar: Option<JsCalendar> = borrowed(calendar, "calendar", "Calendar")?;
    let policy: Option<JsPolicy> = borrowed(policy, "policy", "Policy")?;
    Ok(Rules::new(
        calendar.map_or_else(Calendar::china, |c| c.inner),
        policy.map_or_else(Policy::seed, |p| p.inner),
    ))
}

// The constructor takes a `Directory` only in builds that have one (the `routing` feature).
#[cfg(not(feature = "routing"))]
#[wasm_bindgen(js_class = Rules)]
impl JsRules {
    /// Rules over a calendar (default `Calendar.china()`) and a policy (default `Policy.seed()`)
    /// (`Rules::new`). The arguments stay usable: the rules keep copies.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_optional_param_type = "Calendar")] calendar: &JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "Policy")] policy: &JsValue,
    ) -> Result<JsRules, Failure> {
        Ok(rules_of(calendar, policy)?.into())
    }
}

#[cfg(feature = "routing")]
#[wasm_bindgen(js_class = Rules)]
impl JsRules {
    /// Rules over a calendar (default `Calendar.china()`), a policy (default `Policy.seed()`)
    /// and optionally a dispatch directory, against which a demand's units and topics are
    /// checked (`Rules::new`, then `Rules::with_directory`). The arguments stay usable: the
    /// rules keep copies.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_optional_param_type = "Calendar")] calendar: &JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "Policy")] policy: &JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "Directory")] directory: &JsValue,
    ) -> Result<JsRules, Failure> {
        let rules = rules_of(calendar, policy)?;
        let directory: Option<JsDirectory> = borrowed(directory, "directory", "Directory")?;
        Ok(match directory {
            Some(d) => rules.with_directory(d.inner),
            None => rules,
        }
        .into())
    }

    /// A copy (O(1): calendars share their index, directories are shared), used to take a
    /// `Rules` argument without consuming it. Internal.
    #[wasm_bindgen(js_name = __clone, skip_typescript)]
    #[must_use]
    pub fn copy(&self) -> JsRules {
        self.clone()
    }

    /// The dispatch directory, or `null` (`Rules::directory`).
    #[wasm_bindgen(getter, unchecked_return_type = "Directory | null")]
    pub fn directory(&self) -> JsValue {
        self.inner
            .directory()
            .map_or(JsValue::NULL, |d| JsDirectory::from(d.clone()).into())
    }

    /// The same rules with a dispatch directory (`Rules::with_directory`). The argument stays
    /// usable.
    #[wasm_bindgen(js_name = withDirectory)]
    pub fn with_directory(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Directory")] directory: &JsValue,
    ) -> Result<JsRules, Failure> {
        let directory: JsDirectory = borrowed(directory, "directory", "Directory")?
            .ok_or_else(|| Failure::type_error("directory must be a Directory"))?;
        Ok(self.inner.with_directory(directory.inner).into())
    }
}

/// Epoch milliseconds to whole epoch seconds (the due instant depends on the day and minute).
fn seconds(ms: &[f64]) -> Result<Vec<i64>, Failure> {
    ms.iter()
        .map(|&t| {
            if t.is_finite() {
                // floor, not div_euclid: f64 div_euclid is a software fmod in wasm (2× slower).
                Ok((t / 1000.0).floor() as i64)
            } else {
                Err(Failure::type_error(&format!(
                    "starts must be finite epoch milliseconds, got {t}"
                )))
            }
        })
        .collect()
}

#[allow(clippy::cast_precision_loss)] // epoch ms of calendar days, far below 2^53
fn millis(seconds: Vec<i64>) -> Vec<f64> {
    seconds.into_iter().map(|s| s as f64 * 1000.0).collect()
}

#[wasm_bindgen(js_class = Rules)]
impl JsRules {
    /// The calendar in force, with the policy's `beyond_coverage` (`Rules::calendar`).
    #[wasm_bindgen(getter)]
    pub fn calendar(&self) -> JsCalendar {
        self.inner.calendar().clone().into()
    }

    /// The policy in force (`Rules::policy`).
    #[wasm_bindgen(getter)]
    pub fn policy(&self) -> JsPolicy {
        self.inner.policy().clone().into()
    }

    /// First feedback limit (5 working days in `seed`) from a clock start
    /// (`Rules::feedback_deadline`).
    #[wasm_bindgen(js_name = feedbackDeadline, unchecked_return_type = "Deadline")]
    pub fn feedback_deadline(&self, start: &Str) -> Result<JsValue, Failure> {
        to_js(
            &self
                .inner
                .feedback_deadline(&instant_arg(start, "start")?)?,
        )
    }

    /// Redo limit (3 working days in `seed`) from a return (`Rules::redo_deadline`).
    #[wasm_bindgen(js_name = redoDeadline, unchecked_return_type = "Deadline")]
    pub fn redo_deadline(&self, start: &Str) -> Result<JsValue, Failure> {
        to_js(&self.inner.redo_deadline(&instant_arg(start, "start")?)?)
    }

    /// Same-day target 当天解决 (`Rules::same_day_target`).
    #[wasm_bindgen(js_name = sameDayTarget, unchecked_return_type = "Deadline")]
    pub fn same_day_target(&self, start: &Str) -> Result<JsValue, Failure> {
        to_js(&self.inner.same_day_target(&instant_arg(start, "start")?)?)
    }

    /// Return limit after a dissatisfied callback 当日退回 (`Rules::return_deadline`).
    #[wasm_bindgen(js_name = returnDeadline, unchecked_return_type = "Deadline")]
    pub fn return_deadline(&self, start: &Str) -> Result<JsValue, Failure> {
        to_js(&self.inner.return_deadline(&instant_arg(start, "start")?)?)
    }

    /// `workingDays` working days from a start (`Rules::deadline`).
    #[wasm_bindgen(unchecked_return_type = "Deadline")]
    pub fn deadline(
        &self,
        start: &Str,
        #[wasm_bindgen(js_name = workingDays)] working_days: f64,
    ) -> Result<JsValue, Failure> {
        let n = integer(working_days, "workingDays")?;
        to_js(&self.inner.deadline(&instant_arg(start, "start")?, n)?)
    }

    /// A solution plan's completion date (`YYYY-MM-DD`), checked for extension (which needs an
    /// explanation) and cap (`Rules::plan_deadline`).
    #[wasm_bindgen(js_name = planDeadline, unchecked_return_type = "Deadline")]
    pub fn plan_deadline(
        &self,
        start: &Str,
        completion: &Str,
        #[wasm_bindgen(unchecked_optional_param_type = "string")] explanation: &JsValue,
    ) -> Result<JsValue, Failure> {
        let plan = self.inner.plan_deadline(
            &instant_arg(start, "start")?,
            date_arg(completion, "completion")?,
            optional_string(explanation, "explanation")?
                .as_deref()
                .unwrap_or_default(),
        )?;
        to_js(&plan)
    }

    /// Bulk feedback limits: due instants for many clock starts, both epoch milliseconds
    /// (`Rules::feedback_dues`). Stops at the first error.
    #[wasm_bindgen(js_name = feedbackDues)]
    pub fn feedback_dues(&self, starts: &[f64]) -> Result<Vec<f64>, Failure> {
        Ok(millis(self.inner.feedback_dues(&seconds(starts)?)?))
    }

    /// Bulk redo limits: due instants for many returns, both epoch milliseconds
    /// (`Rules::redo_dues`). Stops at the first error.
    #[wasm_bindgen(js_name = redoDues)]
    pub fn redo_dues(&self, starts: &[f64]) -> Result<Vec<f64>, Failure> {
        Ok(millis(self.inner.redo_dues(&seconds(starts)?)?))
    }

    /// Bulk feedback limits over instant strings: due instants as RFC 3339 `+08:00`
    /// (`Rules::feedback_dues`). Stops at the first error.
    #[wasm_bindgen(js_name = feedbackDuesIso, unchecked_return_type = "string[]")]
    pub fn feedback_dues_iso(&self, starts: &StrArray) -> Result<js_sys::Array, Failure> {
        let starts = StringList::read(starts, "starts")?
            .iter()
            .map(|s| parse_instant(s).map(|t| t.timestamp()))
            .collect::<Result<Vec<i64>, _>>()?;
        let dues = self.inner.feedback_dues(&starts)?;
        Ok(string_array(dues, push_instant))
    }
}

/// Whether a reply at `reply` (an instant) meets a `Deadline` result: strictly before its `due`
/// instant. Wraps `deadline::is_on_time`. Only `deadline.due` is read (by
/// `jiesu_core::time::parse_instant`): reading the whole `Deadline` back through serde would add
/// ~10 KB gzipped to the module for one comparison. A value without a string `due` is a
/// `TypeError`.
#[wasm_bindgen(js_name = isOnTime)]
pub fn is_on_time(
    #[wasm_bindgen(unchecked_param_type = "Deadline")] deadline: &JsValue,
    reply: &Str,
) -> Result<bool, Failure> {
    let due = js_sys::Reflect::get(deadline, &JsValue::from_str("due"))
        .ok()
        .and_then(|due| due.as_string())
        .ok_or_else(|| Failure::type_error("deadline must be a Deadline (a Rules result)"))?;
    let due = parse_instant(&due)?;
    Ok(jiesu_core::deadline::is_on_time(
        &due,
        &instant_arg(reply, "reply")?,
    ))
}
