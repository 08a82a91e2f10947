//! # jiesu (JS/WASM) — 接诉: the rules of 企呼政应、接诉即办 for JavaScript
//!
//! Thin wasm-bindgen bindings over `jiesu_core`: each exported function converts its arguments,
//! calls one core function and converts the result back. The names are the Python package's,
//! in camelCase; modules are named as in the core (`calendar`, `policy`, `deadline`, `category`,
//! `policy_library`, `directory`, `demand`, `stream`, `card`, `evaluation`, `duties`, `forms`,
//! `errors`).
//!
//! Values across the boundary (style §5): dates are `"YYYY-MM-DD"` strings, instants RFC 3339
//! strings (any offset in, `+08:00` out; a naive local time is read as `+08:00`), structured
//! results plain objects in the Rust serde JSON shape (`snake_case` keys). Batches use typed arrays
//! or string arrays that cross the boundary a constant number of times, not once per element.
//! Wherever an instant string is taken, a JS `Date` is too (its absolute instant). Batches take
//! `{errors: "raise" | "coerce"}` and name a failing row (`row`, `value`): see `batch`.
//! Input records (a consultation, a route request) are plain objects in the same shape, or their
//! JSON text, read by the core's own `from_json` (see [`json_text`]).
//!
//! ```js
//! const { Calendar, Rules } = require("jiesu");
//! const rules = new Rules();                     // Calendar.china(), Policy.seed()
//! rules.feedbackDeadline("2026-09-30T16:20+08:00").due_date;   // "2026-10-13"
//! Calendar.china().addWorkingDays("2026-09-30", 1);            // "2026-10-08"
//! Category.parse("投诉类").handling;                            // "dispatch"
//! Directory.fromJson(text).route({category: "help", topics: ["land_use"],
//!                                 territory: "guanqiao_zhen", level: "center"}).lead;
//! rules.replay(events).rounds[0].due_date;        // events: plain objects of schema v1
//! rules.replayStream(jsonLines).counts;           // {lines, applied, rejected, blank, …}
//! rules.cards(result).colour("tax", "2026-10-31T12:00+08:00");  // "green" | "yellow" | "red"
//! rules.notification(result, "2026-10").units[0].score;         // "87.35": exact, a string
//! collectionShortfalls(Register.fromJson(r), CollectionLog.fromJsonl(log), "2026-10-01", "2026-12-31").totals;
//! buildForm("ledger", result, directory, "2026-10-01", "2026-10-31").toCsv();  // "\ufeff序号,…"
//! ```
#![forbid(unsafe_code)]

mod batch;
mod calendar;
#[cfg(feature = "routing")]
mod card;
#[cfg(feature = "routing")]
mod category;
mod deadline;
#[cfg(feature = "routing")]
mod demand;
#[cfg(feature = "routing")]
mod directory;
#[cfg(feature = "routing")]
mod duties;
mod errors;
#[cfg(feature = "routing")]
mod evaluation;
#[cfg(feature = "routing")]
mod forms;
mod policy;
#[cfg(feature = "routing")]
mod policy_library;
#[cfg(feature = "routing")]
mod stream;

use chrono::{DateTime, FixedOffset, NaiveDate};
use js_sys::{Array, JsString};
use serde::Serialize;
use wasm_bindgen::convert::TryFromJsValue;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

pub use calendar::JsCalendar;
#[cfg(feature = "routing")]
pub use card::JsCardBoard;
#[cfg(feature = "routing")]
pub use category::{categories, JsCategory};
pub use deadline::{is_on_time, is_on_time_many, JsRules};
#[cfg(feature = "routing")]
pub use demand::{demand_labels, JsDemandState, JsEvent};
#[cfg(feature = "routing")]
pub use directory::{JsDirectory, JsRouteRequest};
#[cfg(feature = "routing")]
pub use duties::{
    collection_shortfalls_of, field_day_shortfalls_of, JsCollectionLog, JsFieldDayLog, JsLeaders,
    JsRegister,
};
pub use errors::Failure;
#[cfg(feature = "routing")]
pub use evaluation::JsPeriod;
#[cfg(feature = "routing")]
pub use forms::{build_form_of, form_kinds, JsForm, JsFormKind};
pub use policy::JsPolicy;
#[cfg(feature = "routing")]
pub use policy_library::{JsConsultation, JsPolicyLibrary};
#[cfg(feature = "routing")]
pub use stream::{JsReplayer, JsStreamResult};

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &str = r#"
/** Why a day is or is not a working day. */
export type DayKind = "workday" | "weekend" | "holiday" | "make_up_workday";

/** What a calendar does with a query outside its coverage. */
export type BeyondCoverage = "error" | "weekends_only";

/** When a unit's clock starts (policy knob `clock_start`, rules §4). */
export type ClockStart = "dispatched" | "signed";

/** What "two consecutive yellow cards" means (policy knob `consecutive`, rules §6). */
export type Consecutive = "events" | "periods";

/** The §7 evaluation knobs of a policy (`policy.evaluation`); exact decimals are strings. */
export interface EvaluationKnobs {
  /** Points per satisfaction level (100/80/60/0). */
  points: { very_satisfied: string; fairly_satisfied: string; basically_satisfied: string; unsatisfied: string };
  /** Weights of the composite score's parts (30/30/40). */
  weights: { on_time: string; resolution: string; satisfaction: string };
  /** Points deducted per card and per false feedback (1/3/5). */
  deductions: { yellow_card: string; red_card: string; false_feedback: string };
  /** Units with fewer due replies in the period are listed but not ranked. */
  min_ranked_cases: number;
  /** How many of the last ranked units of a group are flagged in the annual evaluation. */
  bottom_flagged: number;
  /** The ranking groups where the annual bottom units are flagged. */
  bottom_groups: string[];
}

/** The service limits of a policy (`policy.limits`, README "Limits"). */
export interface LimitKnobs {
  /** The most events one demand may hold (1,000): the next is `demand_too_many_events`. */
  events_per_demand: number;
  /** The most demands a stream holds open (1,000,000): a new one past it is `stream_too_many_open_demands`. */
  open_demands: number;
}

/** One date with its status and the reason for it (the Rust serde shape). */
export interface Day {
  /** `YYYY-MM-DD`. */
  date: string;
  working: boolean;
  kind: DayKind;
  /** The holiday name, for holidays and make-up working days. */
  name: string | null;
  /** True when the date is outside the calendar's coverage (weekends only there). */
  provisional: boolean;
}

/** One dated entry of an official arrangement. */
export interface Override {
  /** `YYYY-MM-DD`. */
  date: string;
  kind: "off" | "work";
  name: string;
}

/** Which limit a deadline is. */
export type DeadlineKind = "feedback" | "redo" | "same_day" | "plan" | "return" | "working_days";

/** A computed time limit with everything it counted (the Rust serde shape). */
export interface Deadline {
  kind: DeadlineKind;
  /** When the clock started, RFC 3339 `+08:00`. */
  start: string;
  /** The end instant, RFC 3339 `+08:00`: a reply is on time iff strictly before it. */
  due: string;
  /** The last day of the limit, `YYYY-MM-DD`. */
  due_date: string;
  working_days: number;
  /** Non-working days between the start and the due date, with why. */
  skipped: Day[];
  /** Make-up working days (调休补班) the count went through. */
  make_up_days: Day[];
  /** For a plan: working days past the feedback limit (an extension when > 0); else null. */
  extension_working_days: number | null;
  calendar_version: string;
  provisional: boolean;
  /** The policy profile's name. */
  policy: string;
  /** The policy's fingerprint: its knobs, whatever its name. */
  policy_fingerprint: string;
}

/** Every error the library throws: a real `Error` with the module's class name and a stable code.
 * The package's JS boundary adds module `boundary`: `used_after_free`, `not_initialized` and
 * `internal` (a `BoundaryError`), and `invalid_argument`, which keeps the class of the error it
 * replaces (a `TypeError` for a value of the wrong JS type) and has it as `cause`. */
export interface JiesuError extends Error {
  name: "CalendarError" | "PolicyError" | "DeadlineError" | "TimeError" | "CategoryError"
    | "PolicyLibraryError" | "DirectoryError" | "DemandError" | "StreamError" | "CardError"
    | "EvaluationError" | "DutiesError" | "FormsError" | "BoundaryError" | "TypeError" | "RangeError";
  /** Stable snake_case code, e.g. `calendar_out_of_range`. */
  code: string;
  /** The core module that raised it: `calendar`, `policy`, `deadline`, `time`, …, or `boundary`. */
  module: string;
  /** For the error of one row of a batch: the row's 0-based index (also on the `TypeError` of an
   * element of the wrong type). */
  row?: number;
  /** For the error of one row of a batch: the row's value as text (`"2026-02-30"`, `"NaN"`). */
  value?: string;
}

/** The fixed limits of this build (`fixedLimits()`, README "Hostile input and limits"). */
export interface FixedLimits {
  /** The longest event JSON text (a stream line), in bytes: 65536. */
  event_bytes: number;
  /** The deepest JSON nesting an input may have: 32. */
  json_depth: number;
  /** The most units of a directory: 1000. */
  directory_units: number;
  /** The most rules of a directory: 2000. */
  directory_rules: number;
  /** The longest period of a duties check, in days: 3660. */
  duties_range_days: number;
}

/** One entry of `errorCodes()`. */
export interface ErrorCode {
  module: string;
  code: string;
}
"#;

// The §2–§3 types, only in builds that have those modules (the slim build's typings must not
// name `Category`).
#[cfg(feature = "routing")]
#[wasm_bindgen(typescript_custom_section)]
const TS_ROUTING_TYPES: &str = r#"
/** A demand category's key: the serde shape of a category (rules §2). */
export type CategoryKey = "consultation" | "help" | "suggestion" | "complaint";

/** How a category is handled: answered at once (consultations, when the policy is clear) or dispatched. */
export type Handling = "instant_answer" | "dispatch";

/** A category with its labels and handling (`categories()`, `Category.info()`). */
export interface CategoryInfo {
  key: CategoryKey;
  /** The guideline's label: 咨询类, 求助类, 建议类, 投诉类. */
  label_zh: string;
  /** consultation, help request, suggestion, complaint. */
  label_en: string;
  handling: Handling;
}

/** One entry of the policy library (政策库条目). */
export interface PolicyEntry {
  id: string;
  title: string;
  /** Topic keys, shared with the dispatch directory. */
  topics: string[];
  /** Keywords looked for in the consultation's text. */
  keywords: string[];
  /** The answer given to the enterprise. */
  answer: string;
  /** The policy document(s) it rests on (政策依据); absent when not given. */
  source?: string;
  /** First day in force (inclusive), `YYYY-MM-DD`; null = always was. */
  valid_from: string | null;
  /** Last day in force (inclusive), `YYYY-MM-DD`; null = open-ended. */
  valid_to: string | null;
}

/** The serde JSON shape of a `Consultation`: a consultation argument may be given as this plain object. */
export interface ConsultationFields {
  /** Topic keys it was classified under (order and duplicates do not matter). */
  topics?: string[];
  /** The demand in free text. */
  text?: string;
  /** The intake date `YYYY-MM-DD`: only entries in force on it are matched. */
  date: string;
}

/** Whether an entry is in force on a date. */
export type Validity = "in_force" | "expired" | "not_yet_valid";

/** What kind of evidence a hit is. */
export type HitKind = "topic" | "keyword";

/** One reason an entry matched. */
export interface Hit {
  kind: HitKind;
  /** The topic key or the keyword, as the entry spells it. */
  value: string;
  /** 10 for a topic, the keyword's length in characters. */
  points: number;
}

/** An entry that matched a consultation, with its score and the reason for each point. */
export interface PolicyMatch {
  id: string;
  title: string;
  score: number;
  /** Topic hits in the entry's topic order, then keyword hits in its keyword order. */
  hits: Hit[];
}

/** An entry the text asks about that is not in force on the intake date. */
export interface NotInForce {
  id: string;
  title: string;
  status: Validity;
  valid_from: string | null;
  valid_to: string | null;
}

/** Why a consultation was or was not answered at once. */
export type AnswerReason = "clear_match" | "not_consultation" | "no_match" | "weak_match" | "tied_match";

/** The instant-answer decision (即时答复 or 派单), with why. */
export interface AnswerDecision {
  /** True when answered at once; false when the demand must be dispatched. */
  answered: boolean;
  reason: AnswerReason;
  /** The entry that answers it (when answered). */
  entry: string | null;
  /** The answer text (when answered). */
  answer: string | null;
  /** Every entry in force that matched, ranked. */
  matches: PolicyMatch[];
  /** Entries not in force on the date whose keywords the text contains, by id. */
  not_in_force: NotInForce[];
}

/** What kind of body a unit is. */
export type UnitKind = "territory" | "development_zone" | "department" | "stationed_unit" | "center"
  | "task_force" | "government";

/** A unit of the dispatch directory. */
export interface Unit {
  id: string;
  name: string;
  kind: UnitKind;
  /** Ranking group for evaluation; null = not ranked. */
  group: string | null;
}

/** A topic (诉求事项类别) that rules and policy entries are keyed by. */
export interface Topic {
  key: string;
  name: string;
}

/** A routing rule `(topic, category?, territory?) → lead + co-units`. */
export interface Rule {
  id: string;
  topic: string;
  /** Only demands of this category; null = every category. */
  category: CategoryKey | null;
  /** Only demands from this territory unit; null = every territory. */
  territory: string | null;
  /** The lead unit (首接/主办). */
  lead: string;
  /** The co-units (协办), in the order given. */
  co_units: string[];
  priority: number;
  /** When true, the demand's territory joins as a co-unit (属地协办). */
  territory_assists: boolean;
  /** A free note; absent when not given. */
  note?: string;
}

/** The rungs of the ladder, lowest first. */
export type Level = "territory" | "center" | "government";

/** The serde JSON shape of a `RouteRequest`: a request argument may be given as this plain object. */
export interface RouteRequestFields {
  /** A key, or a `Category` (written as its key). */
  category: CategoryKey | Category;
  /** Topic keys (order and duplicates do not matter; unknown keys are reported as unmatched). */
  topics?: string[];
  /** The enterprise's territory unit id; required at the `territory` level. */
  territory?: string | null;
  level: Level;
}

/** Whether the demand found a handler (`manual`: the center dispatches by hand). */
export type Outcome = "routed" | "manual";

/** Why the lead is the lead. */
export type LeadReason = "territory" | "only_rule" | "highest_priority" | "rule_order" | "government";

/** Which fields a rule fixes besides the topic. */
export type Specificity = "topic" | "topic_category" | "topic_territory" | "topic_category_territory";

/** A rule that won for one of the demand's topics. */
export interface RuleMatch {
  rule: string;
  topic: string;
  specificity: Specificity;
  priority: number;
  lead: string;
  co_units: string[];
  /** Less specific rules of the same topic that also matched and that it overrides. */
  overridden: string[];
}

/** Who handles a demand at its level, and why. */
export interface Route {
  level: Level;
  outcome: Outcome;
  /** The lead unit (首接/主办); null when manual. */
  lead: string | null;
  /** The rule that chose the lead (center level), else null. */
  lead_rule: string | null;
  lead_reason: LeadReason | null;
  /** The co-units (协办), in the directory's unit order, never the lead, each once. */
  co_units: string[];
  /** The winning rule for each matched topic, in rule order. */
  matched: RuleMatch[];
  /** The demand's topics no rule matched, sorted. */
  unmatched_topics: string[];
  /** The next rung of the ladder; null at the government level. */
  next_level: Level | null;
}
"#;

/// Runs when the module is instantiated: Rust panics (none are expected: the crates deny
/// `unwrap`, `expect`, `panic` and indexing) are written to `console.error` with their message.
#[wasm_bindgen(start, js_name = __jiesuStart, skip_typescript)]
fn start() {
    console_error_panic_hook::set_once();
}

/// **Test only, not part of the API**: panics on purpose, so that the JS tests can check what a
/// Rust panic becomes at the boundary (`tests/js/boundary.test.mjs`). In the `release-wasm`
/// profile (`panic = "abort"`) the panic is a `WebAssembly.RuntimeError` (unreachable) and the
/// instance is dead afterwards; the package's JS wrapper (`bindings-wasm/js/boundary.js`) turns it
/// into the `internal` error, and every later call too. Hidden: no typings, a `__` name, no core
/// item (`tests/api_coverage.json` maps core items to bindings; `tests/js/api_coverage.test.mjs`
/// checks that no `__` name is listed there). Never call it in a page.
#[doc(hidden)]
#[allow(clippy::panic)] // the one deliberate panic of the crate: it is what this export is for
#[wasm_bindgen(js_name = __panicForTest, skip_typescript)]
pub fn panic_for_test() {
    panic!("jiesu: __panicForTest was called (a deliberate panic, test only)");
}

/// The library version (`jiesu_core::VERSION`).
#[wasm_bindgen]
pub fn version() -> String {
    jiesu_core::VERSION.to_owned()
}

/// The fixed limits of this build (`jiesu_core::limits::fixed_limits`): `event_bytes`,
/// `json_depth`, `directory_units`, `directory_rules`, `duties_range_days`; the counting limits
/// are the policy's (`policy.limits`). Not in the slim build: a calculator needs no limits table.
#[cfg(feature = "routing")]
#[wasm_bindgen(js_name = fixedLimits, unchecked_return_type = "FixedLimits")]
pub fn fixed_limits() -> Result<JsValue, Failure> {
    to_js(&jiesu_core::limits::fixed_limits())
}

/// Every error code with the module that throws it (`jiesu_core::all_codes`).
#[wasm_bindgen(js_name = errorCodes, unchecked_return_type = "ErrorCode[]")]
pub fn error_codes() -> Result<JsValue, Failure> {
    #[derive(Serialize)]
    struct Code {
        module: &'static str,
        code: &'static str,
    }
    let codes: Vec<Code> = jiesu_core::all_codes()
        .into_iter()
        .map(|(module, code)| Code { module, code })
        .collect();
    to_js(&codes)
}

// ---- conversions shared by the modules ------------------------------------------------------

#[wasm_bindgen]
extern "C" {
    /// A `string` argument. wasm-bindgen's own `&str` argument trusts the caller (a number or a
    /// `Date` would be read from memory as garbage), so strings come in as JS values, typed
    /// `string` in the typings and checked by [`string`].
    #[wasm_bindgen(typescript_type = "string")]
    pub type Str;

    /// A `string[]` argument, read by [`StringList`].
    #[wasm_bindgen(typescript_type = "string[]")]
    pub type StrArray;

    /// An instant argument: an RFC 3339 string (or a naive local date-time, read as +08:00) or a
    /// JS `Date` (absolute), read by [`instant_arg`].
    #[wasm_bindgen(typescript_type = "string | Date")]
    pub type Instant;

    /// An array of instants, read by [`batch::instants`].
    #[wasm_bindgen(typescript_type = "(string | Date)[]")]
    pub type InstantArray;
}

/// The text of a `string` argument; anything else is a `TypeError`.
pub(crate) fn string(value: &JsValue, what: &str) -> Result<String, Failure> {
    value.as_string().ok_or_else(|| {
        let kind = value.js_typeof().as_string().unwrap_or_default();
        Failure::type_error(&format!("{what} must be a string, got {kind}"))
    })
}

/// An optional `string` argument: `undefined` and `null` are `None`.
pub(crate) fn optional_string(value: &JsValue, what: &str) -> Result<Option<String>, Failure> {
    if value.is_undefined() || value.is_null() {
        Ok(None)
    } else {
        string(value, what).map(Some)
    }
}

/// A `"YYYY-MM-DD"` argument, read by `jiesu_core::time::parse_date`.
pub(crate) fn date_arg(value: &Str, what: &str) -> Result<NaiveDate, Failure> {
    parse_date(&string(value, what)?)
}

/// An instant argument: an instant string read by `jiesu_core::time::parse_instant`, or a JS
/// `Date` (an absolute instant: its `toISOString()`, read the same way).
pub(crate) fn instant_arg(value: &JsValue, what: &str) -> Result<DateTime<FixedOffset>, Failure> {
    if let Some(text) = value.as_string() {
        return parse_instant(&text);
    }
    match value.dyn_ref::<js_sys::Date>() {
        Some(date) => date_instant(date),
        None => Err(Failure::type_error(&format!(
            "{what} must be an instant string or a Date, got {}",
            kind(value)
        ))),
    }
}

#[cfg(feature = "routing")]
/// An optional instant argument: `undefined` and `null` are `None`.
pub(crate) fn optional_instant(
    value: &JsValue,
    what: &str,
) -> Result<Option<DateTime<FixedOffset>>, Failure> {
    if value.is_undefined() || value.is_null() {
        Ok(None)
    } else {
        instant_arg(value, what).map(Some)
    }
}

/// A JS `Date` as the instant it is (`toISOString()`, read by `parse_instant`); an invalid
/// `Date` is the core's `invalid_instant`.
pub(crate) fn date_instant(date: &js_sys::Date) -> Result<DateTime<FixedOffset>, Failure> {
    Ok(date_value(date)?)
}

/// [`date_instant`] with the core's error.
pub(crate) fn date_value(
    date: &js_sys::Date,
) -> Result<DateTime<FixedOffset>, jiesu_core::TimeError> {
    let text = if date.get_time().is_nan() {
        "Invalid Date".to_owned()
    } else {
        String::from(date.to_iso_string())
    };
    jiesu_core::time::parse_instant(&text)
}

/// `jiesu_core::time::parse_date`.
pub(crate) fn parse_date(text: &str) -> Result<NaiveDate, Failure> {
    Ok(jiesu_core::time::parse_date(text)?)
}

/// `jiesu_core::time::parse_instant`.
pub(crate) fn parse_instant(text: &str) -> Result<DateTime<FixedOffset>, Failure> {
    Ok(jiesu_core::time::parse_instant(text)?)
}

/// What a JS value is, for a `TypeError`'s message: `null`, `array`, `Date`, or its `typeof`.
pub(crate) fn kind(value: &JsValue) -> String {
    if value.is_null() {
        "null".to_owned()
    } else if Array::is_array(value) {
        "array".to_owned()
    } else if value.is_instance_of::<js_sys::Date>() {
        "Date".to_owned()
    } else {
        value.js_typeof().as_string().unwrap_or_default()
    }
}

/// A `number` argument that must be an integer (a count, a year): any other JS type (`null`,
/// `""`, `true`, `[3]`, …) and a number with a fraction are a `TypeError`, never coerced.
pub(crate) fn integer_arg(value: &JsValue, what: &str) -> Result<i64, Failure> {
    match value.as_f64() {
        Some(n) => integer(n, what),
        None => Err(Failure::type_error(&format!(
            "{what} must be an integer number, got {}",
            kind(value)
        ))),
    }
}

/// A `number` argument that must be an integer in the `i32` range (a year).
pub(crate) fn year_arg(value: &JsValue, what: &str) -> Result<i32, Failure> {
    year(integer_arg(value, what)?, what)
}

/// An integer in the `i32` range (a year).
pub(crate) fn year(n: i64, what: &str) -> Result<i32, Failure> {
    i32::try_from(n).map_err(|_| Failure::type_error(&format!("{what} {n} is not a year")))
}

/// A JS number that must be an integer (a count); its value is checked by core.
pub(crate) fn integer(n: f64, what: &str) -> Result<i64, Failure> {
    if n.is_finite() && n.fract() == 0.0 {
        // Saturating: an out-of-range count reaches core as an out-of-range count.
        Ok(n as i64)
    } else {
        Err(Failure::type_error(&format!(
            "{what} must be an integer, got {n}"
        )))
    }
}

/// An optional argument that is one of our exported objects (`Calendar`, `Policy`), taken
/// without consuming it: wasm-bindgen 0.2.130 has no `Option<&T>` argument, and a by-value
/// `Option<T>` would leave the caller's object unusable. So the object is asked for a copy (its
/// `__clone` method, O(1): calendars share their index) and the copy is taken.
pub(crate) fn borrowed<T: TryFromJsValue>(
    value: &JsValue,
    what: &str,
    class: &str,
) -> Result<Option<T>, Failure> {
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    js_sys::Reflect::get(value, &JsValue::from_str("__clone"))
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .and_then(|f| f.call0(value).ok())
        .and_then(|copy| T::try_from_js_value(copy).ok())
        .map(Some)
        .ok_or_else(|| Failure::type_error(&format!("{what} must be a {class}")))
}

/// The serializer for structured results: the Rust serde JSON shape (`None` → `null`, maps →
/// plain objects), built directly as JS values (measured faster than `JSON.parse` of
/// `serde_json` text for `Deadline` and `Day` results).
const SERIALIZER: serde_wasm_bindgen::Serializer =
    serde_wasm_bindgen::Serializer::json_compatible();

/// A serde value as a plain JS object in the Rust serde JSON shape.
pub(crate) fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, Failure> {
    value
        .serialize(&SERIALIZER)
        .map_err(|e| Failure::from_js(e.into()))
}

#[cfg(feature = "routing")]
/// An input record (a consultation, a route request) as JSON text for the core's `from_json`
/// reader, which checks its fields, unknown keys and values: a string is the text itself; any
/// other value is written by `JSON.stringify` (so a `Category` in it becomes its key, and
/// `undefined` fields are left out). A value that `JSON.stringify` cannot write (`undefined`, a
/// function, a symbol, a `BigInt`, a cycle) is `invalid(reason)`: the reading module's own typed
/// error, as for any other value that is not the record.
pub(crate) fn json_text<E: Into<jiesu_core::Error>>(
    value: &JsValue,
    invalid: impl FnOnce(String) -> E,
) -> Result<String, Failure> {
    Ok(json_value(value, invalid)?)
}

#[cfg(feature = "routing")]
/// [`json_text`] with the core's error (for a batch's row).
pub(crate) fn json_value<E: Into<jiesu_core::Error>>(
    value: &JsValue,
    invalid: impl FnOnce(String) -> E,
) -> Result<String, jiesu_core::Error> {
    if let Some(text) = value.as_string() {
        return Ok(text);
    }
    let reason = match js_sys::JSON::stringify(value).map(|text| text.as_string()) {
        Ok(Some(text)) => return Ok(text),
        Ok(None) => {
            let kind = value.js_typeof().as_string().unwrap_or_default();
            format!("a {kind} is not JSON data")
        }
        Err(e) => {
            let message = e
                .dyn_ref::<js_sys::Error>()
                .map(|e| String::from(e.message()))
                .unwrap_or_default();
            format!("not JSON data: {message}")
        }
    };
    Err(invalid(reason).into())
}

#[cfg(feature = "routing")]
/// An optional text as `string | null`.
pub(crate) fn optional_str(value: Option<&str>) -> JsValue {
    value.map_or(JsValue::NULL, JsValue::from_str)
}

/// The serde name of a unit enum value (`"instant_answer"`, `"weekends_only"`, …).
pub(crate) fn serde_name<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(name)) => name,
        _ => String::new(),
    }
}

/// A JS `boolean[]`: written as JSON text, parsed by the engine in one call (one crossing,
/// where building the array from Rust is one crossing per element).
pub(crate) fn boolean_array(values: &[bool]) -> Result<JsValue, Failure> {
    let mut json = String::with_capacity(values.len() * 6 + 2);
    json.push('[');
    for (i, v) in values.iter().enumerate() {
        if i > 0 {
            json.push(',');
        }
        json.push_str(if *v { "true" } else { "false" });
    }
    json.push(']');
    js_sys::JSON::parse(&json).map_err(Failure::from_js)
}

#[wasm_bindgen]
extern "C" {
    /// A JS `Array`, for [`Joinable::try_join`].
    #[wasm_bindgen(js_name = Array)]
    type Joinable;

    /// `Array.prototype.join`, its exception returned: an element's own `toString` may throw, and
    /// so may the engine on a deeply nested array (`RangeError`, the stack). Unwound through Rust
    /// frames instead, the exception would leave the receiver borrowed, unusable and never freed.
    #[wasm_bindgen(method, catch, js_name = join)]
    fn try_join(this: &Joinable, separator: &str) -> Result<JsString, JsValue>;
}

/// A JS `string[]`, read in two boundary crossings: `Array.prototype.join(",")` and one string
/// copy. Falls back to one crossing per element when an element contains a comma (never a valid
/// date or instant, but its error message should show it whole).
pub(crate) struct StringList {
    array: Array,
    joined: String,
    each: Option<Vec<String>>,
    len: usize,
}

impl StringList {
    pub(crate) fn read(value: &JsValue, what: &str) -> Result<StringList, Failure> {
        let array = value
            .dyn_ref::<Array>()
            .ok_or_else(|| Failure::type_error(&format!("{what} must be an array of strings")))?;
        let len = array.length() as usize;
        let joined: String = array
            .unchecked_ref::<Joinable>()
            .try_join(",")
            .map_err(Failure::from_js)?
            .into();
        let each = if len > 0 && joined.bytes().filter(|b| *b == b',').count() + 1 != len {
            Some(
                array
                    .iter()
                    .map(|v| v.as_string().unwrap_or_default())
                    .collect(),
            )
        } else {
            None
        };
        Ok(StringList {
            array: array.clone(),
            joined,
            each,
            len,
        })
    }

    /// The JS element at `i` (one crossing: for an element that did not read as a string).
    #[allow(clippy::cast_possible_truncation)] // i < the array's u32 length
    pub(crate) fn get(&self, i: usize) -> JsValue {
        self.array.get(i as u32)
    }

    /// The elements, in order.
    pub(crate) fn iter(&self) -> Box<dyn Iterator<Item = &str> + '_> {
        match &self.each {
            Some(each) => Box::new(each.iter().map(String::as_str)),
            None if self.len == 0 => Box::new(std::iter::empty()),
            None => Box::new(self.joined.split(',')),
        }
    }
}

/// A JS `string[]` from items written into one buffer: one crossing for the text, one `split`.
pub(crate) fn string_array<T>(
    items: impl IntoIterator<Item = T>,
    mut write: impl FnMut(&mut String, T),
) -> Array {
    let mut joined = String::new();
    let mut empty = true;
    for item in items {
        if !empty {
            joined.push(',');
        }
        empty = false;
        write(&mut joined, item);
    }
    if empty {
        Array::new()
    } else {
        JsString::from(joined).split(",")
    }
}

pub(crate) use jiesu_core::time::push_date;

/// Appends the instant at `seconds` (Unix) as `jiesu_core::time::push_instant` writes it.
pub(crate) fn push_instant(out: &mut String, seconds: i64) {
    if let Some(t) = DateTime::from_timestamp(seconds, 0) {
        jiesu_core::time::push_instant(out, &t.fixed_offset());
    }
}
