//! What the fold derives (rules §5): the events that cards (§6) and evaluation (§7) read, so
//! that nothing downstream re-derives a rule.

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use super::state::{Flag, Notice, RoundKind};
use crate::deadline::DeadlineKind;

/// A lead's reply as the cards see it: on time (clears streaks under `consecutive = events`)
/// or late.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReplyEvent {
    /// When.
    pub at: DateTime<FixedOffset>,
    /// The demand.
    pub demand: String,
    /// The lead that replied.
    pub unit: String,
    /// The round.
    pub round: u32,
    /// Its kind.
    pub round_kind: RoundKind,
    /// Which limit it answered (`feedback`, `plan`, `redo`); none without a limit.
    pub limit: Option<DeadlineKind>,
    /// The limit's end instant.
    pub due: Option<DateTime<FixedOffset>>,
    /// Whether it was strictly before the end; none without a limit.
    pub on_time: Option<bool>,
}

/// One derived event: a notice (supervision notice or yellow card), a reply, or a flag.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum DerivedEvent {
    /// 督办通知 or 黄牌 of a missed limit.
    Notice(Notice),
    /// A lead's reply, on time or late.
    Reply(ReplyEvent),
    /// A flag (late reply, false feedback, buck-passing, late return).
    Flag(Flag),
}

impl DerivedEvent {
    /// When it happened.
    pub fn at(&self) -> DateTime<FixedOffset> {
        match self {
            DerivedEvent::Notice(n) => n.at,
            DerivedEvent::Reply(r) => r.at,
            DerivedEvent::Flag(f) => f.at,
        }
    }

    /// The demand it belongs to.
    pub fn demand(&self) -> &str {
        match self {
            DerivedEvent::Notice(n) => &n.demand,
            DerivedEvent::Reply(r) => &r.demand,
            DerivedEvent::Flag(f) => &f.demand,
        }
    }

    /// The unit it concerns, if any.
    pub fn unit(&self) -> Option<&str> {
        match self {
            DerivedEvent::Notice(n) => Some(&n.unit),
            DerivedEvent::Reply(r) => Some(&r.unit),
            DerivedEvent::Flag(f) => f.unit.as_deref(),
        }
    }
}
