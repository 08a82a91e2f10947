//! A demand's life (rules §5): the event-sourced work order, its clocks, its overdue notices.
//!
//! The platform stores **events** (schema v1, [`event`]; the contract is
//! `fixtures/events/README.md`); a demand's **state** ([`DemandState`]) is a pure fold over its
//! events, in order. [`DemandState::apply`] is atomic: it returns the new state or a typed
//! [`DemandError`] (or a deadline / calendar error for a plan or a limit that cannot be computed)
//! and leaves the state as it was.
//!
//! | stage | 阶段 | events allowed |
//! |---|---|---|
//! | `received` | 已受理 | `answered` (consultations), `territory_handling`, `escalated`, `dispatched` |
//! | `escalated` | 已上报 | `escalated` (higher), `dispatched` |
//! | `in_progress` | 办理中 | `signed`, `plan_submitted`, `replied`, `returned_by_unit` (first rounds of a dispatch), `escalated` |
//! | `returned_by_unit` | 已退单 | `dispatched` (round 1 restarts for the new lead), `escalated` |
//! | `replied` | 已反馈 | `callback` (`unreached` keeps the stage) |
//! | `unsatisfied` | 不满意待退回 | `returned` (a 3-working-day redo round) |
//! | `verification` | 待核查 | `verification_submitted` |
//! | `verifying` | 核查中 | `verified` (`close` → closable, `redo` → a redo round) |
//! | `closable` | 可销号 | `closed` |
//! | `closed`, `answered` | 已销号, 即时答复 | none |
//!
//! **Clocks.** Round 1 (`first`) starts at the clock start (the dispatch, or the signing under
//! `clock_start = signed`; the `territory_handling` event for a territory's own work order, whose
//! limit the `territory_limit` knob can switch off) and runs 5 working days; a plan submitted
//! inside the limit replaces its end by the plan's completion date. Redo rounds start at
//! `returned` or at `verified` with `redo` and run 3 working days.
//!
//! **Overdue.** When a round's limit passes with no reply, the lead (and the co-units under
//! `card_co_units`) get one supervision notice (督办通知) and one yellow-card event at the limit's
//! end instant. The fold issues them when an event at or after that instant arrives;
//! [`DemandState::status_at`] shows those due by any instant without one.
//!
//! ```
//! use jiesu_core::{demand::Event, Rules};
//!
//! let rules = Rules::default();
//! let log = [
//!     r#"{"v":1,"demand":"D-1","type":"received","at":"2026-09-30T09:00+08:00","category":"help","topics":["power_supply"],"territory":"kaifaqu","enterprise":"某机械公司","text":"用电增容"}"#,
//!     r#"{"v":1,"demand":"D-1","type":"dispatched","at":"2026-09-30T16:20+08:00","lead":"state_grid","co_units":[]}"#,
//!     r#"{"v":1,"demand":"D-1","type":"replied","at":"2026-10-13T17:00+08:00","unit":"state_grid","resolved":true,"contacted":true,"method":"现场办理"}"#,
//! ];
//! let events = log.iter().map(|l| Event::from_json(l)).collect::<Result<Vec<_>, _>>()?;
//! let state = rules.replay(&events, None)?;
//! let round = &state.rounds[0];
//! assert_eq!(round.due_date.unwrap().to_string(), "2026-10-13"); // across National Day
//! assert_eq!(round.on_time, Some(true));
//! # Ok::<(), jiesu_core::Error>(())
//! ```

mod derived;
pub mod event;
mod fold;
mod state;
mod status;

use chrono::{DateTime, FixedOffset};
use thiserror::Error;

pub use derived::{DerivedEvent, ReplyEvent};
pub use event::{Event, EventBody, Opinion, Satisfaction, EVENT_TYPES, SCHEMA_VERSION};
pub use state::{
    Callback, ClosedAs, DemandState, Dispatch, Escalation, ExtRecord, Flag, FlagKind, Notice,
    NoticeKind, Opening, Plan, Reply, Return, Role, Round, RoundEnd, RoundKind, Stage, UnitReturn,
    Verification,
};
pub use status::{Status, Waiting};

use crate::Rules;

/// Errors reading events and applying them to a demand.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum DemandError {
    /// The event is not an event of schema v1: bad JSON, a missing, unknown or ill-typed field.
    #[error("invalid event{}: {reason}", field.as_ref().map(|f| format!(" (field `{f}`)")).unwrap_or_default())]
    InvalidEvent {
        /// The field at fault, when one is.
        field: Option<String>,
        /// What is wrong.
        reason: String,
    },
    /// The event's `v` is not a schema version this library reads.
    #[error("unsupported event schema version {v}: this library reads v1")]
    UnsupportedVersion {
        /// The `v` given, as JSON.
        v: String,
    },
    /// The event is not allowed in the demand's stage (rules §5).
    #[error("a `{event}` event is not allowed in stage `{stage}` ({}): {reason}", stage.label_zh())]
    NotAllowed {
        /// The demand's stage.
        stage: Stage,
        /// The event's type.
        event: &'static str,
        /// Why.
        reason: String,
    },
    /// The event is earlier than the last event applied to the demand.
    #[error("event at {at} is earlier than the demand's last event at {last}")]
    OutOfOrder {
        /// The event's instant.
        at: DateTime<FixedOffset>,
        /// The last applied instant.
        last: DateTime<FixedOffset>,
    },
    /// The event names a unit the directory does not list.
    #[error("unknown unit {unit:?} in field `{field}`: not in the dispatch directory")]
    UnknownUnit {
        /// The unit id.
        unit: String,
        /// The field.
        field: &'static str,
    },
    /// The event names a topic the directory does not list.
    #[error("unknown topic {topic:?}: not in the dispatch directory")]
    UnknownTopic {
        /// The topic key.
        topic: String,
    },
    /// An event for a demand that has not been received (its first event must be `received`).
    #[error("demand {demand:?} has no `received` event: a `{event}` event cannot start it")]
    UnknownDemand {
        /// The demand's id.
        demand: String,
        /// The event's type.
        event: &'static str,
    },
    /// An event's JSON text is longer than the limit ([`crate::limits::MAX_EVENT_BYTES`]); it is
    /// refused unread.
    #[error("event too large: {bytes} bytes, the limit is {limit}")]
    TooLarge {
        /// The text's length in bytes.
        bytes: usize,
        /// The limit.
        limit: usize,
    },
    /// The demand already holds the most events its policy allows (knob
    /// `limits.events_per_demand`); the event is refused and changes nothing.
    #[error("demand {demand:?} already has {limit} events, the limit (policy knob `limits.events_per_demand`)")]
    TooManyEvents {
        /// The demand's id.
        demand: String,
        /// The limit.
        limit: u32,
    },
    /// A demand state's JSON could not be read.
    #[error("invalid demand state JSON: {reason}")]
    InvalidState {
        /// The parser's message.
        reason: String,
    },
}

impl DemandError {
    /// Every code of this module.
    pub const CODES: &'static [&'static str] = &[
        "event_invalid",
        "event_unsupported_version",
        "event_not_allowed",
        "event_out_of_order",
        "event_unknown_unit",
        "event_unknown_topic",
        "event_unknown_demand",
        "demand_state_invalid_json",
        "event_too_large",
        "demand_too_many_events",
    ];

    /// The stable `snake_case` code.
    pub fn code(&self) -> &'static str {
        match self {
            DemandError::InvalidEvent { .. } => "event_invalid",
            DemandError::UnsupportedVersion { .. } => "event_unsupported_version",
            DemandError::NotAllowed { .. } => "event_not_allowed",
            DemandError::OutOfOrder { .. } => "event_out_of_order",
            DemandError::UnknownUnit { .. } => "event_unknown_unit",
            DemandError::UnknownTopic { .. } => "event_unknown_topic",
            DemandError::UnknownDemand { .. } => "event_unknown_demand",
            DemandError::InvalidState { .. } => "demand_state_invalid_json",
            DemandError::TooLarge { .. } => "event_too_large",
            DemandError::TooManyEvents { .. } => "demand_too_many_events",
        }
    }

    pub(crate) fn invalid(field: Option<&str>, reason: impl Into<String>) -> DemandError {
        DemandError::InvalidEvent {
            field: field.map(str::to_owned),
            reason: reason.into(),
        }
    }
}

/// Folds a demand's log, in order: the first event must be `received`. With `at`, the state is
/// then brought to that instant (the notices of limits that passed by then are issued).
pub fn replay(
    rules: &Rules,
    events: &[Event],
    at: Option<DateTime<FixedOffset>>,
) -> Result<DemandState, crate::Error> {
    let Some((first, rest)) = events.split_first() else {
        return Err(DemandError::invalid(None, "an empty log has no demand").into());
    };
    let mut state = DemandState::receive(rules, first)?;
    let mut sink = Vec::new();
    for e in rest {
        state.apply_mut(rules, e, &mut sink)?;
    }
    if let Some(at) = at {
        state.advance(rules.policy(), at, &mut sink);
    }
    Ok(state)
}

/// The Chinese labels of the demand vocabulary, by kind and key: `stage`, `round_kind`,
/// `satisfaction`, `notice`, `flag`, `waiting` (for tables and front ends).
pub fn labels() -> Vec<(&'static str, &'static str, &'static str)> {
    use Stage as S;
    let mut out = Vec::new();
    for s in [
        S::Received,
        S::Answered,
        S::Escalated,
        S::InProgress,
        S::ReturnedByUnit,
        S::Replied,
        S::Unsatisfied,
        S::Verification,
        S::Verifying,
        S::Closable,
        S::Closed,
    ] {
        out.push(("stage", s.key(), s.label_zh()));
    }
    out.push(("round_kind", "first", RoundKind::First.label_zh()));
    out.push(("round_kind", "redo", RoundKind::Redo.label_zh()));
    for s in Satisfaction::ALL {
        out.push(("satisfaction", s.key(), s.label_zh()));
    }
    out.push((
        "notice",
        "supervision_notice",
        NoticeKind::SupervisionNotice.label_zh(),
    ));
    out.push(("notice", "yellow_card", NoticeKind::YellowCard.label_zh()));
    for (k, f) in [
        ("late_reply", FlagKind::LateReply),
        ("false_feedback", FlagKind::FalseFeedback),
        ("buck_passing", FlagKind::BuckPassing),
        ("late_return", FlagKind::LateReturn),
    ] {
        out.push(("flag", k, f.label_zh()));
    }
    for w in Waiting::ALL {
        out.push(("waiting", w.key(), w.label_zh()));
    }
    out
}
