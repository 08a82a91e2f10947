//! What the fold keeps of a demand (rules §5): its stage, its work order's rounds with their
//! limits, and everything derived on the way (notices, flags).
//!
//! The state is plain data in the Rust serde JSON shape (`to_json` / `from_json` round-trip it
//! exactly), so the platform can store it next to the events and resume a fold from it.

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::event::{Opinion, Satisfaction};
use super::DemandError;
use crate::category::Category;
use crate::deadline::{Deadline, DeadlineKind};
use crate::directory::Level;

/// Where a demand stands (办理阶段).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// 已受理: received, not yet answered, handled or dispatched.
    Received,
    /// 即时答复: a consultation answered at once; the demand's life is over (no work order).
    Answered,
    /// 已上报: escalated to the center or the government, awaiting dispatch.
    Escalated,
    /// 办理中: a work order is open and its lead owes a reply.
    InProgress,
    /// 已退单: the lead handed the order back; awaiting re-dispatch.
    ReturnedByUnit,
    /// 已反馈: the lead replied; awaiting the callback.
    Replied,
    /// 不满意待退回: the callback was unsatisfied; the center returns the order the same day.
    Unsatisfied,
    /// 待核查: unsatisfied after a redo; awaiting the unit's 不满意诉求审核反馈表.
    Verification,
    /// 核查中: the form is in; awaiting the task force's opinion.
    Verifying,
    /// 可销号: satisfied, or verified as closed; awaiting `closed`.
    Closable,
    /// 已销号: closed.
    Closed,
}

impl Stage {
    /// The Chinese label.
    pub fn label_zh(self) -> &'static str {
        match self {
            Stage::Received => "已受理",
            Stage::Answered => "即时答复",
            Stage::Escalated => "已上报",
            Stage::InProgress => "办理中",
            Stage::ReturnedByUnit => "已退单",
            Stage::Replied => "已反馈",
            Stage::Unsatisfied => "不满意待退回",
            Stage::Verification => "待核查",
            Stage::Verifying => "核查中",
            Stage::Closable => "可销号",
            Stage::Closed => "已销号",
        }
    }

    /// The `snake_case` key.
    pub fn key(self) -> &'static str {
        match self {
            Stage::Received => "received",
            Stage::Answered => "answered",
            Stage::Escalated => "escalated",
            Stage::InProgress => "in_progress",
            Stage::ReturnedByUnit => "returned_by_unit",
            Stage::Replied => "replied",
            Stage::Unsatisfied => "unsatisfied",
            Stage::Verification => "verification",
            Stage::Verifying => "verifying",
            Stage::Closable => "closable",
            Stage::Closed => "closed",
        }
    }

    /// True when the demand's life is over (closed, or answered at once).
    pub fn is_final(self) -> bool {
        matches!(self, Stage::Closed | Stage::Answered)
    }
}

impl std::fmt::Display for Stage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.key())
    }
}

/// Which handling a round is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RoundKind {
    /// The first handling of a work order (5 working days, or a plan's completion date).
    First,
    /// A redo after an unsatisfied callback or a verification's `redo` (3 working days).
    Redo,
}

impl RoundKind {
    /// The Chinese label.
    pub fn label_zh(self) -> &'static str {
        match self {
            RoundKind::First => "首次办理",
            RoundKind::Redo => "重新办理",
        }
    }
}

/// What opened a round.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Opening {
    /// A dispatch (派单) to the lead.
    Dispatched,
    /// The territory handling the demand at its own level (本级解决).
    TerritoryHandling,
    /// The center's return after an unsatisfied callback (当日退回).
    Returned,
    /// The task force's `redo` opinion.
    Verified,
}

/// How a round ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RoundEnd {
    /// The lead replied (on time or late).
    Replied,
    /// The lead handed the order back (退单).
    ReturnedByUnit,
    /// The demand was escalated while the round was open.
    Escalated,
}

/// What the lead reported (报结果).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reply {
    /// Whether the problem is solved.
    pub resolved: bool,
    /// Whether the unit says it contacted the enterprise.
    pub contacted: bool,
    /// How it was solved (解决方式).
    pub method: String,
}

/// One handling of the work order, with its limit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Round {
    /// 1-based position among the demand's rounds.
    pub number: u32,
    /// `first` or `redo`.
    pub kind: RoundKind,
    /// The unit that owes the reply (the lead).
    pub unit: String,
    /// What opened it.
    pub opened_by: Opening,
    /// When it opened.
    pub opened_at: DateTime<FixedOffset>,
    /// When the lead signed for it (签收), for dispatched rounds.
    pub signed_at: Option<DateTime<FixedOffset>>,
    /// When its clock started (the opening, or the signing under `clock_start = signed`); none
    /// while unsigned under that knob.
    pub clock_start: Option<DateTime<FixedOffset>>,
    /// The limit's end instant: a reply strictly before it is on time. None without a limit.
    pub due: Option<DateTime<FixedOffset>>,
    /// The limit's last day.
    pub due_date: Option<NaiveDate>,
    /// The limit in full (5 wd feedback, a plan's completion date, or 3 wd redo).
    pub limit: Option<Deadline>,
    /// The same-day target's end (当天解决), for first rounds.
    pub same_day_due: Option<DateTime<FixedOffset>>,
    /// When the lead replied.
    pub replied_at: Option<DateTime<FixedOffset>>,
    /// Whether the reply met the limit; none before a reply or without a limit.
    pub on_time: Option<bool>,
    /// Whether the reply met the same-day target (first rounds).
    pub same_day: Option<bool>,
    /// What the lead reported.
    pub reply: Option<Reply>,
    /// True once the limit passed with no reply (its notices were issued).
    pub overdue: bool,
    /// How it ended; none while open.
    pub ended: Option<RoundEnd>,
    /// When it ended.
    pub ended_at: Option<DateTime<FixedOffset>>,
}

/// A work order to a lead (派单).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dispatch {
    /// When.
    pub at: DateTime<FixedOffset>,
    /// The level that dispatched it.
    pub level: Level,
    /// The lead (首接).
    pub lead: String,
    /// The co-units (协办).
    pub co_units: Vec<String>,
    /// The directory rule named by the platform.
    pub rule: Option<String>,
}

/// An escalation (报推进中心 / 上报市政府).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Escalation {
    /// When.
    pub at: DateTime<FixedOffset>,
    /// From which level.
    pub from: Level,
    /// To which level.
    pub to: Level,
    /// Why.
    pub reason: String,
}

/// A unit's return of the order (退单).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnitReturn {
    /// When.
    pub at: DateTime<FixedOffset>,
    /// The round it ended.
    pub round: u32,
    /// The unit.
    pub unit: String,
    /// Why.
    pub reason: String,
    /// True when the directory assigns the demand to that unit (推诿, buck-passing).
    pub buck_passing: bool,
}

/// A solution plan (解决方案 · 办结时限).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    /// When it was submitted.
    pub at: DateTime<FixedOffset>,
    /// The round it belongs to.
    pub round: u32,
    /// The unit.
    pub unit: String,
    /// The completion date.
    pub completion: NaiveDate,
    /// The explanation.
    pub explanation: String,
    /// Working days past the feedback limit (an extension, 延期, when > 0).
    pub extension_working_days: u32,
    /// Whether it extends the limit (its completion date is after the feedback limit's due date).
    pub extension: bool,
}

/// A telephone callback (电话回访).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Callback {
    /// When.
    pub at: DateTime<FixedOffset>,
    /// The round whose reply it rates.
    pub round: u32,
    /// The satisfaction level, or `unreached`.
    pub satisfaction: Satisfaction,
    /// Whether the enterprise says it is solved.
    pub resolved: Option<bool>,
    /// Whether the enterprise says the unit contacted it.
    pub contacted: Option<bool>,
}

/// The center's return after an unsatisfied callback (当日退回).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Return {
    /// When.
    pub at: DateTime<FixedOffset>,
    /// The callback it follows.
    pub callback_at: DateTime<FixedOffset>,
    /// The end of the callback's day: a return at or after it is late.
    pub due: DateTime<FixedOffset>,
    /// Whether it came after the callback's day.
    pub late: bool,
}

/// A verification (核查): the unit's form and the task force's opinion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Verification {
    /// The round whose unsatisfied reply led to it.
    pub round: u32,
    /// When the form was submitted.
    pub submitted_at: DateTime<FixedOffset>,
    /// The unit.
    pub unit: String,
    /// Who signed the form (主要负责同志).
    pub signed_by: String,
    /// When the task force gave its opinion.
    pub verified_at: Option<DateTime<FixedOffset>>,
    /// The opinion.
    pub opinion: Option<Opinion>,
}

/// The kind of a notice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NoticeKind {
    /// 督办通知: the platform's supervision notice.
    SupervisionNotice,
    /// 亮黄牌: the yellow-card event a missed limit gives the unit (rules §6 counts them).
    YellowCard,
}

impl NoticeKind {
    /// The Chinese label.
    pub fn label_zh(self) -> &'static str {
        match self {
            NoticeKind::SupervisionNotice => "督办通知",
            NoticeKind::YellowCard => "黄牌",
        }
    }
}

/// A unit's part in a work order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 首接/主办.
    Lead,
    /// 协办 (carded only under `card_co_units`).
    CoUnit,
}

/// A missed limit's notice for one unit, at the limit's end instant (rules §5 "Overdue").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Notice {
    /// Supervision notice or yellow-card event.
    pub kind: NoticeKind,
    /// When: the limit's end instant.
    pub at: DateTime<FixedOffset>,
    /// The demand.
    pub demand: String,
    /// The unit.
    pub unit: String,
    /// Its part in the order.
    pub role: Role,
    /// The round that missed its limit.
    pub round: u32,
    /// That round's kind.
    pub round_kind: RoundKind,
    /// Which limit: `feedback`, `plan` or `redo`.
    pub limit: DeadlineKind,
    /// The limit's end instant.
    pub due: DateTime<FixedOffset>,
}

/// The kinds of flag the fold raises (rules §5, §7 accountability).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FlagKind {
    /// A reply at or after its limit's end (逾期答复).
    LateReply,
    /// A reply claiming contact that the callback says did not happen (虚假反馈).
    FalseFeedback,
    /// A unit returned an order the directory assigns to it (推诿).
    BuckPassing,
    /// The center returned the order after the callback's day (退回不及时; not carded).
    LateReturn,
}

impl FlagKind {
    /// The Chinese label.
    pub fn label_zh(self) -> &'static str {
        match self {
            FlagKind::LateReply => "逾期答复",
            FlagKind::FalseFeedback => "虚假反馈",
            FlagKind::BuckPassing => "推诿扯皮",
            FlagKind::LateReturn => "退回不及时",
        }
    }
}

/// A flag raised on a demand.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Flag {
    /// What.
    pub kind: FlagKind,
    /// When (the event that showed it).
    pub at: DateTime<FixedOffset>,
    /// The demand.
    pub demand: String,
    /// The unit it is raised against (the center for a late return, when a directory names it).
    pub unit: Option<String>,
    /// The round concerned.
    pub round: Option<u32>,
}

/// How a demand was closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClosedAs {
    /// After a satisfied callback.
    Satisfied,
    /// After the task force's `close` opinion (核查办结).
    Verified,
}

/// An event's `ext` object, kept untouched with the event's position and type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExtRecord {
    /// 1-based position of the event in the demand's log.
    pub event: u32,
    /// Its type.
    #[serde(rename = "type")]
    pub kind: String,
    /// The object as given.
    pub ext: Map<String, Value>,
}

/// A demand's state: the fold of its events (rules §5).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DemandState {
    /// The event schema version it was folded from.
    pub v: u32,
    /// The demand's id.
    pub demand: String,
    /// Where it stands.
    pub stage: Stage,
    /// The level handling it (属地 → 推进中心 → 市政府).
    pub level: Level,
    /// Its category.
    pub category: Category,
    /// Its topic keys.
    pub topics: Vec<String>,
    /// The enterprise's territory.
    pub territory: String,
    /// The enterprise's name.
    pub enterprise: String,
    /// The demand in free text.
    pub text: String,
    /// The enterprise's contact.
    pub contact: Option<String>,
    /// When it was received (受理).
    pub received_at: DateTime<FixedOffset>,
    /// The instant of the last event applied.
    pub last_at: DateTime<FixedOffset>,
    /// How many events were applied.
    pub events: u32,
    /// The policy library entry that answered it at once.
    pub answered_entry: Option<String>,
    /// The current lead (首接); none before dispatch and after a unit's return.
    pub lead: Option<String>,
    /// The current co-units (协办).
    pub co_units: Vec<String>,
    /// Every dispatch, in order.
    pub dispatches: Vec<Dispatch>,
    /// Every escalation, in order.
    pub escalations: Vec<Escalation>,
    /// The number of the current round (0 before any work order).
    pub round: u32,
    /// Every round, in order.
    pub rounds: Vec<Round>,
    /// Every solution plan, in order.
    pub plans: Vec<Plan>,
    /// Every unit return (退单), in order.
    pub unit_returns: Vec<UnitReturn>,
    /// Every callback, in order.
    pub callbacks: Vec<Callback>,
    /// Every return for redo (退回), in order.
    pub returns: Vec<Return>,
    /// Every verification, in order.
    pub verifications: Vec<Verification>,
    /// Supervision notices and yellow-card events of every missed limit, in time order.
    pub notices: Vec<Notice>,
    /// Flags raised, in time order.
    pub flags: Vec<Flag>,
    /// When it was closed (销号).
    pub closed_at: Option<DateTime<FixedOffset>>,
    /// How it was closed, or how it became closable.
    pub closed_as: Option<ClosedAs>,
    /// The events' `ext` objects, untouched.
    pub ext: Vec<ExtRecord>,
}

impl DemandState {
    /// Reads a state from its JSON (as written by [`to_json`](Self::to_json)).
    pub fn from_json(text: &str) -> Result<DemandState, DemandError> {
        crate::json::from_object(text).map_err(|reason| DemandError::InvalidState { reason })
    }

    /// The state as JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}
