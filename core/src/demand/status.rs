//! A demand at an instant (rules §5): what it waits for, what is overdue right now, and the next
//! due instant — the call a dashboard makes every minute. Time comes in as an argument.

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use super::state::{DemandState, Notice, Stage};
use crate::policy::Policy;

/// What a demand waits for next.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Waiting {
    /// The instant answer, the territory's handling, an escalation or a dispatch (分类处置).
    Handling,
    /// A dispatch (派单) by the center or the government.
    Dispatch,
    /// The lead's signing (签收), under `clock_start = signed`.
    Sign,
    /// The lead's reply (报结果).
    Reply,
    /// The platform's callback (回访).
    Callback,
    /// The center's return for redo (当日退回).
    Return,
    /// The unit's 不满意诉求审核反馈表.
    Verification,
    /// The task force's opinion (核查意见).
    Opinion,
    /// 销号.
    Close,
}

impl Waiting {
    /// Every value.
    pub const ALL: [Waiting; 9] = [
        Waiting::Handling,
        Waiting::Dispatch,
        Waiting::Sign,
        Waiting::Reply,
        Waiting::Callback,
        Waiting::Return,
        Waiting::Verification,
        Waiting::Opinion,
        Waiting::Close,
    ];

    /// The `snake_case` key.
    pub fn key(self) -> &'static str {
        match self {
            Waiting::Handling => "handling",
            Waiting::Dispatch => "dispatch",
            Waiting::Sign => "sign",
            Waiting::Reply => "reply",
            Waiting::Callback => "callback",
            Waiting::Return => "return",
            Waiting::Verification => "verification",
            Waiting::Opinion => "opinion",
            Waiting::Close => "close",
        }
    }

    /// The Chinese label.
    pub fn label_zh(self) -> &'static str {
        match self {
            Waiting::Handling => "待分类处置",
            Waiting::Dispatch => "待派单",
            Waiting::Sign => "待签收",
            Waiting::Reply => "待反馈",
            Waiting::Callback => "待回访",
            Waiting::Return => "待退回",
            Waiting::Verification => "待提交审核反馈表",
            Waiting::Opinion => "待核查意见",
            Waiting::Close => "待销号",
        }
    }
}

/// A demand's status at an instant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Status {
    /// The demand.
    pub demand: String,
    /// The instant asked about.
    pub at: DateTime<FixedOffset>,
    /// Its stage.
    pub stage: Stage,
    /// False once closed or answered at once.
    pub open: bool,
    /// What it waits for; none when its life is over.
    pub waiting_for: Option<Waiting>,
    /// The unit that owes it (the lead, for signing, replies and verification forms).
    pub waiting_on: Option<String>,
    /// The current round (0 before any work order).
    pub round: u32,
    /// The open round's limit end, while a reply is owed.
    pub due: Option<DateTime<FixedOffset>>,
    /// True when a reply is owed and its limit ended by `at`.
    pub overdue: bool,
    /// The end of the callback's day while a return is owed: a return at or after it is late.
    pub return_due: Option<DateTime<FixedOffset>>,
    /// True when a return is owed and its day ended by `at`.
    pub return_overdue: bool,
    /// Notices due by `at` that no event has issued yet (the state does not hold them).
    pub notices_due: Vec<Notice>,
    /// The earliest due instant strictly after `at` (a reply's limit or a return's day), if any.
    pub next_due: Option<DateTime<FixedOffset>>,
}

impl DemandState {
    /// The demand at `now` (rules §5): what is open, what is overdue (with the notices due by
    /// `now` that no event has issued yet), and the next due instant.
    pub fn status_at(&self, policy: &Policy, now: DateTime<FixedOffset>) -> Status {
        let mut advanced = self.clone();
        let mut issued = Vec::new();
        advanced.advance(policy, now, &mut issued);
        let notices_due = issued
            .into_iter()
            .filter_map(|d| match d {
                super::DerivedEvent::Notice(n) => Some(n),
                _ => None,
            })
            .collect();
        let round = self.rounds.last();
        let owes_reply = self.stage == Stage::InProgress;
        let waiting_for = match self.stage {
            Stage::Received => Some(Waiting::Handling),
            Stage::Escalated | Stage::ReturnedByUnit => Some(Waiting::Dispatch),
            Stage::InProgress if round.is_some_and(|r| r.clock_start.is_none()) => {
                Some(Waiting::Sign)
            }
            Stage::InProgress => Some(Waiting::Reply),
            Stage::Replied => Some(Waiting::Callback),
            Stage::Unsatisfied => Some(Waiting::Return),
            Stage::Verification => Some(Waiting::Verification),
            Stage::Verifying => Some(Waiting::Opinion),
            Stage::Closable => Some(Waiting::Close),
            Stage::Closed | Stage::Answered => None,
        };
        let waiting_on = match waiting_for {
            Some(Waiting::Sign | Waiting::Reply | Waiting::Verification) => self.lead.clone(),
            _ => None,
        };
        let due = round.and_then(|r| r.due).filter(|_| owes_reply);
        let return_due = self
            .callbacks
            .last()
            .filter(|_| self.stage == Stage::Unsatisfied)
            .map(|cb| return_day_end(cb.at));
        let next_due = [due, return_due]
            .into_iter()
            .flatten()
            .filter(|d| *d > now)
            .min();
        Status {
            demand: self.demand.clone(),
            at: now,
            stage: self.stage,
            open: !self.stage.is_final(),
            waiting_for,
            waiting_on,
            round: self.round,
            due,
            overdue: due.is_some_and(|d| d <= now),
            return_due,
            return_overdue: return_due.is_some_and(|d| d <= now),
            notices_due,
            next_due,
        }
    }
}

/// The end (24:00) of an instant's day, +08:00: the return limit (当日退回, rules §4).
fn return_day_end(callback: DateTime<FixedOffset>) -> DateTime<FixedOffset> {
    crate::deadline::end_of_day(
        crate::time::to_cst(&callback).date_naive(),
        crate::policy::ClockTime::END_OF_DAY,
    )
}
