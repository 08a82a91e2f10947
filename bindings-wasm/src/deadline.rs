//! `Rules` and its `Deadline` results: time limits (rules §4), over `jiesu_core::Rules`.
//!
//! Instants in are RFC 3339 strings (any offset) or naive local date-times (read as +08:00);
//! `Deadline` results are plain objects in the Rust serde JSON shape. Bulk dues work on epoch
//! milliseconds (`Date.getTime()`), converted to and from the core's seconds.

use jiesu_core::{Calendar, Policy, Rules};
use wasm_bindgen::prelude::*;

use crate::batch::{
    self, coerced, nullable_json, push_quoted, Converted, InstantsArg, Mode, Options,
};
use crate::calendar::JsCalendar;
#[cfg(feature = "routing")]
use crate::directory::JsDirectory;
use crate::policy::JsPolicy;
use crate::{
    boolean_array, borrowed, date_arg, instant_arg, integer_arg, optional_string, parse_instant,
    push_instant, string_array, to_js, Failure, Instant, Str, StringList,
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

#[allow(clippy::cast_precision_loss)] // epoch ms of calendar days, far below 2^53
fn millis(seconds: i64) -> f64 {
    seconds as f64 * 1000.0
}

#[wasm_bindgen(typescript_custom_section)]
const TS_DEADLINE_BATCHES: &str = r#"
export interface Rules {
  /**
   * Bulk feedback limits: due instants for many clock starts, both epoch milliseconds (a `Date`
   * among the starts is its instant; `NaN` is the row's `invalid_instant`). The first failing
   * row throws, with `row` and `value`; with `{errors: "coerce"}`, every row is answered: `NaN`
   * and a code for a failed row, and whether each due is provisional.
   */
  feedbackDues(starts: Float64Array | (number | Date)[], options?: RaiseOptions): Float64Array;
  feedbackDues(starts: Float64Array | (number | Date)[], options: CoerceOptions): CoercedDues<Float64Array>;
  feedbackDues(starts: Float64Array | (number | Date)[], options?: BatchOptions): Float64Array | CoercedDues<Float64Array>;
  /** Bulk redo limits, as `feedbackDues`. */
  redoDues(starts: Float64Array | (number | Date)[], options?: RaiseOptions): Float64Array;
  redoDues(starts: Float64Array | (number | Date)[], options: CoerceOptions): CoercedDues<Float64Array>;
  redoDues(starts: Float64Array | (number | Date)[], options?: BatchOptions): Float64Array | CoercedDues<Float64Array>;
  /**
   * Bulk feedback limits over instants (strings of any offset, naive read as +08:00, or `Date`s):
   * due instants as RFC 3339 `+08:00` strings. Errors as `feedbackDues` (`null` for a failed
   * row in coerce mode).
   */
  feedbackDuesIso(starts: (string | Date)[], options?: RaiseOptions): string[];
  feedbackDuesIso(starts: (string | Date)[], options: CoerceOptions): CoercedDues<(string | null)[]>;
  feedbackDuesIso(starts: (string | Date)[], options?: BatchOptions): string[] | CoercedDues<(string | null)[]>;
  /** Bulk redo limits over instants, as `feedbackDuesIso`. */
  redoDuesIso(starts: (string | Date)[], options?: RaiseOptions): string[];
  redoDuesIso(starts: (string | Date)[], options: CoerceOptions): CoercedDues<(string | null)[]>;
  redoDuesIso(starts: (string | Date)[], options?: BatchOptions): string[] | CoercedDues<(string | null)[]>;
}

/**
 * Whether each reply meets its due instant (strictly before it), pair by pair: `dues` and
 * `replies` are each `Instants` (epoch milliseconds as from `feedbackDues`, or instant strings /
 * `Date`s as from `feedbackDuesIso`), compared at whole seconds. The first failing row throws;
 * with `{errors: "coerce"}`, `null` and a code for a row whose due or reply is not an instant.
 */
export function isOnTimeMany(dues: Instants, replies: Instants, options?: RaiseOptions): boolean[];
export function isOnTimeMany(dues: Instants, replies: Instants, options: CoerceOptions): Coerced<(boolean | null)[]>;
export function isOnTimeMany(dues: Instants, replies: Instants, options?: BatchOptions): boolean[] | Coerced<(boolean | null)[]>;
"#;

/// Which bulk limit.
#[derive(Clone, Copy)]
enum Limit {
    Feedback,
    Redo,
}

/// How bulk dues are written: epoch milliseconds or RFC 3339 strings.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Form {
    Millis,
    Iso,
}

impl JsRules {
    /// Bulk limits over starts in Unix seconds, written in `form`: `errors: "raise"` through
    /// `Rules::feedback_dues` / `redo_dues` (a failing row's error names it), `errors: "coerce"`
    /// through `Rules::feedback_due_rows` / `redo_due_rows`.
    fn dues(
        &self,
        limit: Limit,
        starts: Converted<i64>,
        options: &JsValue,
        form: Form,
    ) -> Result<JsValue, Failure> {
        if batch::mode(options)? == Mode::Raise {
            let starts = starts.all()?;
            let dues = match limit {
                Limit::Feedback => self.inner.feedback_dues(&starts)?,
                Limit::Redo => self.inner.redo_dues(&starts)?,
            };
            return Ok(match form {
                Form::Millis => {
                    let ms: Vec<f64> = dues.into_iter().map(millis).collect();
                    js_sys::Float64Array::from(ms.as_slice()).into()
                }
                Form::Iso => string_array(dues, push_instant).into(),
            });
        }
        let (starts, merge) = starts.split();
        let rows = match limit {
            Limit::Feedback => self.inner.feedback_due_rows(&starts)?,
            Limit::Redo => self.inner.redo_due_rows(&starts)?,
        };
        let mut dues = Vec::with_capacity(merge.len());
        let mut codes = Vec::with_capacity(merge.len());
        let mut provisional = Vec::with_capacity(merge.len());
        for row in merge.rows(rows.into_iter().map(|r| r.map_err(|e| e.code()))) {
            dues.push(row.ok().map(|r| r.due));
            codes.push(row.err());
            provisional.push(u8::from(row.is_ok_and(|r| r.provisional)));
        }
        let result = match form {
            Form::Millis => {
                let ms: Vec<f64> = dues.iter().map(|d| d.map_or(f64::NAN, millis)).collect();
                js_sys::Float64Array::from(ms.as_slice()).into()
            }
            Form::Iso => nullable_json(&dues, |out, due| {
                let mut text = String::with_capacity(25);
                push_instant(&mut text, due);
                push_quoted(out, &text);
            })?,
        };
        let provisional: JsValue = js_sys::Uint8Array::from(provisional.as_slice()).into();
        coerced(&result, &codes, &[("provisional", &provisional)])
    }
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
    pub fn feedback_deadline(&self, start: &Instant) -> Result<JsValue, Failure> {
        to_js(
            &self
                .inner
                .feedback_deadline(&instant_arg(start, "start")?)?,
        )
    }

    /// Redo limit (3 working days in `seed`) from a return (`Rules::redo_deadline`).
    #[wasm_bindgen(js_name = redoDeadline, unchecked_return_type = "Deadline")]
    pub fn redo_deadline(&self, start: &Instant) -> Result<JsValue, Failure> {
        to_js(&self.inner.redo_deadline(&instant_arg(start, "start")?)?)
    }

    /// Same-day target 当天解决 (`Rules::same_day_target`).
    #[wasm_bindgen(js_name = sameDayTarget, unchecked_return_type = "Deadline")]
    pub fn same_day_target(&self, start: &Instant) -> Result<JsValue, Failure> {
        to_js(&self.inner.same_day_target(&instant_arg(start, "start")?)?)
    }

    /// Return limit after a dissatisfied callback 当日退回 (`Rules::return_deadline`).
    #[wasm_bindgen(js_name = returnDeadline, unchecked_return_type = "Deadline")]
    pub fn return_deadline(&self, start: &Instant) -> Result<JsValue, Failure> {
        to_js(&self.inner.return_deadline(&instant_arg(start, "start")?)?)
    }

    /// `workingDays` working days from a start (`Rules::deadline`).
    #[wasm_bindgen(unchecked_return_type = "Deadline")]
    pub fn deadline(
        &self,
        start: &Instant,
        #[wasm_bindgen(js_name = workingDays, unchecked_param_type = "number")]
        working_days: &JsValue,
    ) -> Result<JsValue, Failure> {
        let n = integer_arg(working_days, "workingDays")?;
        to_js(&self.inner.deadline(&instant_arg(start, "start")?, n)?)
    }

    /// A solution plan's completion date (`YYYY-MM-DD`), checked for extension (which needs an
    /// explanation) and cap (`Rules::plan_deadline`).
    #[wasm_bindgen(js_name = planDeadline, unchecked_return_type = "Deadline")]
    pub fn plan_deadline(
        &self,
        start: &Instant,
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
    /// (`Rules::feedback_dues`; with `errors: "coerce"`, `Rules::feedback_due_rows`). Typed in
    /// `TS_DEADLINE_BATCHES`.
    #[wasm_bindgen(js_name = feedbackDues, skip_typescript)]
    pub fn feedback_dues(&self, starts: &JsValue, options: &Options) -> Result<JsValue, Failure> {
        let starts = batch::epoch_seconds(starts, "starts")?;
        self.dues(Limit::Feedback, starts, options, Form::Millis)
    }

    /// Bulk redo limits: due instants for many returns, both epoch milliseconds
    /// (`Rules::redo_dues`; with `errors: "coerce"`, `Rules::redo_due_rows`).
    #[wasm_bindgen(js_name = redoDues, skip_typescript)]
    pub fn redo_dues(&self, starts: &JsValue, options: &Options) -> Result<JsValue, Failure> {
        let starts = batch::epoch_seconds(starts, "starts")?;
        self.dues(Limit::Redo, starts, options, Form::Millis)
    }

    /// Bulk feedback limits over instant strings and `Date`s: due instants as RFC 3339 `+08:00`
    /// (`Rules::feedback_dues`; with `errors: "coerce"`, `Rules::feedback_due_rows`).
    #[wasm_bindgen(js_name = feedbackDuesIso, skip_typescript)]
    pub fn feedback_dues_iso(
        &self,
        starts: &JsValue,
        options: &Options,
    ) -> Result<JsValue, Failure> {
        let starts = batch::instant_rows(&StringList::read(starts, "starts")?);
        self.dues(Limit::Feedback, starts, options, Form::Iso)
    }

    /// Bulk redo limits over instant strings and `Date`s: due instants as RFC 3339 `+08:00`
    /// (`Rules::redo_dues`; with `errors: "coerce"`, `Rules::redo_due_rows`).
    #[wasm_bindgen(js_name = redoDuesIso, skip_typescript)]
    pub fn redo_dues_iso(&self, starts: &JsValue, options: &Options) -> Result<JsValue, Failure> {
        let starts = batch::instant_rows(&StringList::read(starts, "starts")?);
        self.dues(Limit::Redo, starts, options, Form::Iso)
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
    reply: &Instant,
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

/// Whether each reply meets its due instant, pair by pair (`deadline::is_on_time_many`): `dues`
/// and `replies` are epoch milliseconds or instant strings / `Date`s, read as Unix seconds.
/// Typed in `TS_DEADLINE_BATCHES`.
#[wasm_bindgen(js_name = isOnTimeMany, skip_typescript)]
pub fn is_on_time_many(
    dues: &InstantsArg,
    replies: &InstantsArg,
    options: &Options,
) -> Result<JsValue, Failure> {
    let mode = batch::mode(options)?;
    let (dues, replies) = (
        batch::instants(dues, "dues")?,
        batch::instants(replies, "replies")?,
    );
    if mode == Mode::Raise {
        let (dues, replies) = (dues.all()?, replies.all()?);
        return boolean_array(&jiesu_core::deadline::is_on_time_many(&dues, &replies)?);
    }
    // Pair by pair: a placeholder where a due or a reply failed (the core's answer there is
    // replaced by the row's code), so that the core checks the lengths.
    let ((dues, due_codes), (replies, reply_codes)) = (dues.padded(0), replies.padded(0));
    let on_time = jiesu_core::deadline::is_on_time_many(&dues, &replies)?;
    let codes: Vec<Option<&str>> = due_codes
        .iter()
        .zip(&reply_codes)
        .map(|(d, r)| d.or(*r))
        .collect();
    let result: Vec<Option<bool>> = on_time
        .iter()
        .zip(&codes)
        .map(|(t, code)| code.is_none().then_some(*t))
        .collect();
    let result = nullable_json(&result, |out, t| {
        out.push_str(if t { "true" } else { "false" });
    })?;
    coerced(&result, &codes, &[])
}
