//! `Event` and `DemandState`: a demand's life (rules §5), over `jiesu_core::demand`.
//!
//! An event argument is an `Event`, a plain object in the event JSON shape (schema v1,
//! `fixtures/events/README.md`) or its JSON text, all read by the core's own reader, so that a
//! bad field is a `DemandError` (`event_invalid`, naming the field) and never a `TypeError`.
//! States, rounds, notices, flags and statuses are plain objects in the Rust serde JSON shape.
//!
//! A `DemandState` remembers the policy of the rules that produced it: `statusAt` uses it unless
//! given another (a state read by `fromJson` has the `seed` policy, or the one given there).

use jiesu_core::demand::{self, DemandError, DemandState, Event};
use jiesu_core::{Policy, Rules};
use js_sys::Array;
use serde::Serialize;
use serde_json::Value;
use wasm_bindgen::prelude::*;

use crate::deadline::JsRules;
use crate::policy::JsPolicy;
use crate::{
    borrowed, instant_arg, json_text, optional_instant, serde_name, string, to_js, Failure,
    Instant, Str,
};

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &str = r#"
/** An event type of schema v1 (rules §5). */
export type EventType = "received" | "answered" | "territory_handling" | "escalated" | "dispatched"
  | "signed" | "returned_by_unit" | "plan_submitted" | "replied" | "callback" | "returned"
  | "verification_submitted" | "verified" | "closed";

/** Callback satisfaction (电话回访满意度); the Chinese labels (非常满意 …) are read too. */
export type Satisfaction = "very_satisfied" | "fairly_satisfied" | "basically_satisfied" | "unsatisfied"
  | "unreached";

/** The task force's verification opinion (核查意见). */
export type Opinion = "close" | "redo";

/** The fields every event has. */
export interface EventCommon {
  /** The schema version: 1. */
  v: 1;
  /** The demand's id (诉求编号). */
  demand: string;
  /** RFC 3339 with its offset, or a naive local time (read as +08:00), in; RFC 3339 `+08:00` out. */
  at: string;
  /** Free-form data of the platform's, kept and returned untouched. */
  ext?: Record<string, unknown> | null;
}

/**
 * One event of schema v1 in its JSON shape (`fixtures/events/README.md`): the common fields
 * and the type's own. Wherever an event is an argument, this plain object, its JSON text or an
 * `Event` is accepted.
 */
export type EventFields = EventCommon & (
  | { type: "received"; category: CategoryKey | string; topics: string[]; territory: string;
      enterprise: string; text: string; contact?: string | null }
  | { type: "answered"; entry: string }
  | { type: "territory_handling"; unit: string }
  | { type: "escalated"; to: "center" | "government"; reason: string }
  | { type: "dispatched"; lead: string; co_units?: string[] | null; rule?: string | null }
  | { type: "signed"; unit: string }
  | { type: "returned_by_unit"; unit: string; reason: string }
  | { type: "plan_submitted"; unit: string; completion: string; explanation?: string | null }
  | { type: "replied"; unit: string; resolved: boolean; contacted: boolean; method: string }
  | { type: "callback"; satisfaction: Satisfaction | string; resolved?: boolean | null;
      contacted?: boolean | null }
  | { type: "returned" }
  | { type: "verification_submitted"; unit: string; signed_by: string }
  | { type: "verified"; opinion: Opinion }
  | { type: "closed" }
);

/** Where a demand stands (办理阶段). */
export type Stage = "received" | "answered" | "escalated" | "in_progress" | "returned_by_unit"
  | "replied" | "unsatisfied" | "verification" | "verifying" | "closable" | "closed";

/** Which handling a round is: the first (5 working days or a plan) or a redo (3 working days). */
export type RoundKind = "first" | "redo";

/** What opened a round. */
export type Opening = "dispatched" | "territory_handling" | "returned" | "verified";

/** How a round ended. */
export type RoundEnd = "replied" | "returned_by_unit" | "escalated";

/** What the lead reported (报结果). */
export interface Reply {
  resolved: boolean;
  contacted: boolean;
  method: string;
}

/** One handling of the work order, with its limit. Instants are RFC 3339 `+08:00`. */
export interface Round {
  /** 1-based position among the demand's rounds. */
  number: number;
  kind: RoundKind;
  /** The unit that owes the reply (the lead). */
  unit: string;
  opened_by: Opening;
  opened_at: string;
  signed_at: string | null;
  /** None while unsigned under `clock_start = signed`. */
  clock_start: string | null;
  /** The limit's end instant: a reply strictly before it is on time. */
  due: string | null;
  /** The limit's last day, `YYYY-MM-DD`. */
  due_date: string | null;
  limit: Deadline | null;
  /** The same-day target's end (当天解决), for first rounds. */
  same_day_due: string | null;
  replied_at: string | null;
  on_time: boolean | null;
  same_day: boolean | null;
  reply: Reply | null;
  /** True once the limit passed with no reply (its notices were issued). */
  overdue: boolean;
  ended: RoundEnd | null;
  ended_at: string | null;
}

/** A work order to a lead (派单). */
export interface Dispatch {
  at: string;
  level: Level;
  lead: string;
  co_units: string[];
  rule: string | null;
}

/** An escalation (报推进中心 / 上报市政府). */
export interface Escalation {
  at: string;
  from: Level;
  to: Level;
  reason: string;
}

/** A unit's return of the order (退单). */
export interface UnitReturn {
  at: string;
  round: number;
  unit: string;
  reason: string;
  /** True when the directory assigns the demand to that unit (推诿). */
  buck_passing: boolean;
}

/** A solution plan (解决方案 · 办结时限). */
export interface Plan {
  at: string;
  round: number;
  unit: string;
  /** `YYYY-MM-DD`. */
  completion: string;
  explanation: string;
  extension_working_days: number;
  extension: boolean;
}

/** A telephone callback (电话回访). */
export interface Callback {
  at: string;
  round: number;
  satisfaction: Satisfaction;
  resolved: boolean | null;
  contacted: boolean | null;
}

/** The center's return after an unsatisfied callback (当日退回). */
export interface Return {
  at: string;
  callback_at: string;
  /** The end of the callback's day: a return at or after it is late. */
  due: string;
  late: boolean;
}

/** A verification (核查): the unit's form and the task force's opinion. */
export interface Verification {
  round: number;
  submitted_at: string;
  unit: string;
  signed_by: string;
  verified_at: string | null;
  opinion: Opinion | null;
}

/** The kind of a notice: 督办通知 or 黄牌. */
export type NoticeKind = "supervision_notice" | "yellow_card";

/** A unit's part in a work order: 首接/主办 or 协办. */
export type Role = "lead" | "co_unit";

/** A missed limit's notice for one unit, at the limit's end instant. */
export interface Notice {
  kind: NoticeKind;
  at: string;
  demand: string;
  unit: string;
  role: Role;
  round: number;
  round_kind: RoundKind;
  limit: DeadlineKind;
  due: string;
}

/** The kinds of flag the fold raises. */
export type FlagKind = "late_reply" | "false_feedback" | "buck_passing" | "late_return";

/** A flag raised on a demand. */
export interface Flag {
  kind: FlagKind;
  at: string;
  demand: string;
  unit: string | null;
  round: number | null;
}

/** How a demand was closed, or became closable. */
export type ClosedAs = "satisfied" | "verified";

/** An event's `ext` object, kept untouched with the event's position and type. */
export interface ExtRecord {
  /** 1-based position of the event in the demand's log. */
  event: number;
  type: EventType;
  ext: Record<string, unknown>;
}

/** A demand's state in its JSON shape (`DemandState.toJSON()`). */
export interface DemandStateFields {
  v: number;
  demand: string;
  stage: Stage;
  level: Level;
  category: CategoryKey;
  topics: string[];
  territory: string;
  enterprise: string;
  text: string;
  contact: string | null;
  received_at: string;
  last_at: string;
  /** How many events were applied. */
  events: number;
  answered_entry: string | null;
  lead: string | null;
  co_units: string[];
  dispatches: Dispatch[];
  escalations: Escalation[];
  /** The number of the current round (0 before the first work order). */
  round: number;
  rounds: Round[];
  plans: Plan[];
  unit_returns: UnitReturn[];
  callbacks: Callback[];
  returns: Return[];
  verifications: Verification[];
  notices: Notice[];
  flags: Flag[];
  closed_at: string | null;
  closed_as: ClosedAs | null;
  ext: ExtRecord[];
}

/** What a demand waits for next. */
export type Waiting = "handling" | "dispatch" | "sign" | "reply" | "callback" | "return"
  | "verification" | "opinion" | "close";

/** A demand's status at an instant (`DemandState.statusAt`). */
export interface Status {
  demand: string;
  at: string;
  stage: Stage;
  /** False once closed or answered at once. */
  open: boolean;
  waiting_for: Waiting | null;
  waiting_on: string | null;
  round: number;
  /** The open round's limit end, while a reply is owed. */
  due: string | null;
  overdue: boolean;
  return_due: string | null;
  return_overdue: boolean;
  /** Notices due by `at` that no event has issued yet. */
  notices_due: Notice[];
  /** The earliest due instant strictly after `at`. */
  next_due: string | null;
}

/** A lead's reply as the cards see it. */
export interface ReplyEvent {
  at: string;
  demand: string;
  unit: string;
  round: number;
  round_kind: RoundKind;
  limit: DeadlineKind | null;
  due: string | null;
  on_time: boolean | null;
}

/** One event the fold derives: a notice, a reply or a flag, tagged by `type`. */
export type DerivedEvent = ({ type: "notice" } & Notice) | ({ type: "reply" } & ReplyEvent)
  | ({ type: "flag" } & Flag);

/** One entry of `demandLabels()`. */
export interface DemandLabel {
  kind: "stage" | "round_kind" | "satisfaction" | "notice" | "flag" | "waiting";
  key: string;
  label_zh: string;
}
"#;

/// One event of a demand's life, schema v1 (`jiesu_core::demand::Event`). Read one with
/// `Event.fromJson`; wherever an event is an argument, its plain object or JSON text will do.
#[wasm_bindgen(js_name = Event)]
pub struct JsEvent {
    inner: Event,
}

#[wasm_bindgen(js_class = Event)]
impl JsEvent {
    /// Reads one event from its JSON text (a line of a stream) (`Event::from_json`).
    #[wasm_bindgen(js_name = fromJson)]
    pub fn from_json(text: &Str) -> Result<JsEvent, Failure> {
        Ok(JsEvent {
            inner: Event::from_json(&string(text, "text")?)?,
        })
    }

    /// The event type (`EventBody::type_name`).
    #[wasm_bindgen(getter, js_name = "type", unchecked_return_type = "EventType")]
    pub fn kind(&self) -> String {
        self.inner.body.type_name().to_owned()
    }

    /// The demand's id.
    #[wasm_bindgen(getter)]
    pub fn demand(&self) -> String {
        self.inner.demand.clone()
    }

    /// When it happened, RFC 3339 `+08:00`.
    #[wasm_bindgen(getter)]
    pub fn at(&self) -> String {
        jiesu_core::time::format_instant(&self.inner.at)
    }

    /// The event in its JSON shape (also what `JSON.stringify` writes).
    #[wasm_bindgen(js_name = toJSON, unchecked_return_type = "EventFields")]
    pub fn to_js(&self) -> Result<JsValue, Failure> {
        to_js(&self.inner)
    }

    /// The event as one line of JSON text (`Event::to_json`).
    #[wasm_bindgen(js_name = toJson)]
    pub fn to_json(&self) -> String {
        self.inner.to_json()
    }
}

/// The typed error for an event argument that is not JSON data.
fn invalid_event(reason: String) -> DemandError {
    DemandError::InvalidEvent {
        field: None,
        reason,
    }
}

/// An event argument (`Event`, plain object or JSON text), read by `Event::from_json`.
pub(crate) fn event_arg(value: &JsValue) -> Result<Event, Failure> {
    Ok(Event::from_json(&json_text(value, invalid_event)?)?)
}

/// An `events` argument: an array of events (each an `Event`, a plain object or JSON text),
/// written by one `JSON.stringify` (one boundary crossing for the whole log), each item then read
/// by `Event::from_json` (the reader of every event argument, so every item gets its errors).
pub(crate) fn events_arg(value: &JsValue) -> Result<Vec<Event>, Failure> {
    if !Array::is_array(value) {
        return Err(Failure::type_error("events must be an array of events"));
    }
    let text = json_text(value, invalid_event)?;
    let items: Vec<Value> =
        serde_json::from_str(&text).map_err(|e| invalid_event(format!("not JSON: {e}")))?;
    Ok(items
        .into_iter()
        .map(|item| match item {
            Value::String(line) => Event::from_json(&line),
            other => Event::from_json(&other.to_string()),
        })
        .collect::<Result<_, _>>()?)
}

/// A required `Rules` argument, taken without consuming it.
pub(crate) fn rules_arg(value: &JsValue) -> Result<Rules, Failure> {
    borrowed::<JsRules>(value, "rules", "Rules")?
        .map(|r| r.inner)
        .ok_or_else(|| Failure::type_error("rules must be a Rules"))
}

/// A demand's state: the fold of its events (`jiesu_core::demand::DemandState`). Immutable:
/// `apply` returns a new state and leaves this one as it was, also when it throws.
#[wasm_bindgen(js_name = DemandState)]
pub struct JsDemandState {
    inner: DemandState,
    /// The policy of the rules that produced it (for `statusAt`).
    policy: Policy,
}

impl JsDemandState {
    pub(crate) fn new(inner: DemandState, policy: Policy) -> JsDemandState {
        JsDemandState { inner, policy }
    }
}

#[wasm_bindgen(js_class = DemandState)]
impl JsDemandState {
    /// Starts a demand's life from its `received` event (受理) (`DemandState::receive`).
    pub fn receive(
        #[wasm_bindgen(unchecked_param_type = "Rules")] rules: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "Event | EventFields | string")] event: &JsValue,
    ) -> Result<JsDemandState, Failure> {
        let rules = rules_arg(rules)?;
        let state = DemandState::receive(&rules, &event_arg(event)?)?;
        Ok(JsDemandState::new(state, rules.policy().clone()))
    }

    /// Applies one event (rules §5): a new state, or a thrown `DemandError` (or a deadline or
    /// calendar error) and this state unchanged (`DemandState::apply`).
    pub fn apply(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Rules")] rules: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "Event | EventFields | string")] event: &JsValue,
    ) -> Result<JsDemandState, Failure> {
        let rules = rules_arg(rules)?;
        let state = self.inner.apply(&rules, &event_arg(event)?)?;
        Ok(JsDemandState::new(state, rules.policy().clone()))
    }

    /// The demand at the instant `now`: what it waits for, what is overdue, the notices due by
    /// then, the next due instant (`DemandState::status_at`). The policy defaults to the one of
    /// the rules that produced the state.
    #[wasm_bindgen(js_name = statusAt, unchecked_return_type = "Status")]
    pub fn status_at(
        &self,
        now: &Instant,
        #[wasm_bindgen(unchecked_optional_param_type = "Policy")] policy: &JsValue,
    ) -> Result<JsValue, Failure> {
        let now = instant_arg(now, "now")?;
        let policy: Option<JsPolicy> = borrowed(policy, "policy", "Policy")?;
        let policy = policy.map_or_else(|| self.policy.clone(), |p| p.inner);
        to_js(&self.inner.status_at(&policy, now))
    }

    /// Reads a state from its JSON text, as `toJson` writes it (`DemandState::from_json`); its
    /// `statusAt` policy is `policy`, default `Policy.seed()`.
    #[wasm_bindgen(js_name = fromJson)]
    pub fn from_json(
        text: &Str,
        #[wasm_bindgen(unchecked_optional_param_type = "Policy")] policy: &JsValue,
    ) -> Result<JsDemandState, Failure> {
        let state = DemandState::from_json(&string(text, "text")?)?;
        let policy: Option<JsPolicy> = borrowed(policy, "policy", "Policy")?;
        Ok(JsDemandState::new(
            state,
            policy.map_or_else(Policy::seed, |p| p.inner),
        ))
    }

    /// The state as JSON text (`DemandState::to_json`).
    #[wasm_bindgen(js_name = toJson)]
    pub fn to_json(&self) -> String {
        self.inner.to_json()
    }

    /// The state in its JSON shape (also what `JSON.stringify` writes).
    #[wasm_bindgen(js_name = toJSON, unchecked_return_type = "DemandStateFields")]
    pub fn to_js(&self) -> Result<JsValue, Failure> {
        to_js(&self.inner)
    }

    /// The demand's id.
    #[wasm_bindgen(getter)]
    pub fn demand(&self) -> String {
        self.inner.demand.clone()
    }

    /// Where it stands (办理阶段).
    #[wasm_bindgen(getter, unchecked_return_type = "Stage")]
    pub fn stage(&self) -> String {
        self.inner.stage.key().to_owned()
    }

    /// The level handling it: `territory`, `center` or `government`.
    #[wasm_bindgen(getter, unchecked_return_type = "Level")]
    pub fn level(&self) -> String {
        serde_name(&self.inner.level)
    }

    /// The current lead (首接), or `null` before dispatch and after a unit's return.
    #[wasm_bindgen(getter, unchecked_return_type = "string | null")]
    pub fn lead(&self) -> JsValue {
        self.inner
            .lead
            .as_deref()
            .map_or(JsValue::NULL, JsValue::from_str)
    }

    /// The current co-units (协办).
    #[wasm_bindgen(getter, js_name = coUnits)]
    pub fn co_units(&self) -> Vec<String> {
        self.inner.co_units.clone()
    }

    /// The number of the current round (0 before any work order).
    #[wasm_bindgen(getter)]
    pub fn round(&self) -> u32 {
        self.inner.round
    }

    /// Every round, in order, with its limit.
    #[wasm_bindgen(getter, unchecked_return_type = "Round[]")]
    pub fn rounds(&self) -> Result<JsValue, Failure> {
        to_js(&self.inner.rounds)
    }

    /// The supervision notices and yellow-card events of every missed limit, in time order.
    #[wasm_bindgen(getter, unchecked_return_type = "Notice[]")]
    pub fn notices(&self) -> Result<JsValue, Failure> {
        to_js(&self.inner.notices)
    }

    /// The flags raised, in time order.
    #[wasm_bindgen(getter, unchecked_return_type = "Flag[]")]
    pub fn flags(&self) -> Result<JsValue, Failure> {
        to_js(&self.inner.flags)
    }
}

#[wasm_bindgen(js_class = Rules)]
impl JsRules {
    /// Folds one demand's log, in order (rules §5): the first event must be `received`; with
    /// `at` (an instant), the notices of limits that ended by then are issued too
    /// (`Rules::replay`).
    pub fn replay(
        &self,
        #[wasm_bindgen(unchecked_param_type = "(Event | EventFields | string)[]")] events: &JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "string | Date")] at: &JsValue,
    ) -> Result<JsDemandState, Failure> {
        let events = events_arg(events)?;
        let at = optional_instant(at, "at")?;
        let state = self.inner.replay(&events, at)?;
        Ok(JsDemandState::new(state, self.inner.policy().clone()))
    }
}

/// The Chinese labels of the demand vocabulary: `[{kind, key, label_zh}]` for stages, round
/// kinds, satisfactions, notices, flags and waits (`demand::labels`).
#[wasm_bindgen(js_name = demandLabels, unchecked_return_type = "DemandLabel[]")]
pub fn demand_labels() -> Result<JsValue, Failure> {
    #[derive(Serialize)]
    struct Entry {
        kind: &'static str,
        key: &'static str,
        label_zh: &'static str,
    }
    let labels: Vec<Entry> = demand::labels()
        .into_iter()
        .map(|(kind, key, label_zh)| Entry {
            kind,
            key,
            label_zh,
        })
        .collect();
    to_js(&labels)
}
