//! The fold (rules §5): `plan` checks an event against the state and computes everything that can
//! fail (limits, plans); only then does `commit` change the state, so a rejected event changes
//! nothing.

use chrono::{DateTime, FixedOffset};

use super::derived::{DerivedEvent, ReplyEvent};
use super::event::{Event, EventBody, Opinion, Satisfaction};
use super::state::{
    Callback, ClosedAs, DemandState, Dispatch, Escalation, ExtRecord, Flag, FlagKind, Notice,
    NoticeKind, Opening, Plan, Reply, Return, Role, Round, RoundEnd, RoundKind, Stage, UnitReturn,
    Verification,
};
use super::DemandError;
use crate::category::Category;
use crate::deadline::Deadline;
use crate::directory::{Level, Outcome, RouteRequest};
use crate::policy::{ClockStart, Policy};
use crate::{Error, Rules};

/// A round's clock: its start and limit.
struct Clock {
    start: DateTime<FixedOffset>,
    limit: Option<Deadline>,
    same_day_due: Option<DateTime<FixedOffset>>,
}

/// What an accepted event changes, computed before anything is changed.
enum Change {
    Answered(String),
    OpenFirst {
        opening: Opening,
        lead: String,
        co_units: Vec<String>,
        dispatch: Option<Dispatch>,
        clock: Option<Clock>,
    },
    Escalated(Escalation),
    Signed(Option<Clock>),
    ReturnedByUnit(UnitReturn),
    Plan(Plan, Deadline),
    Replied {
        reply: Reply,
        on_time: Option<bool>,
        same_day: Option<bool>,
    },
    Callback {
        callback: Callback,
        next: Option<Stage>,
        false_feedback: bool,
    },
    Returned(Return, Clock),
    VerificationSubmitted(Verification),
    Verified(Opinion, Option<Clock>),
    Closed,
}

/// A unit id checked against the directory, when the rules have one.
fn known_unit(rules: &Rules, field: &'static str, unit: &str) -> Result<(), DemandError> {
    match rules.directory() {
        Some(dir) if dir.unit(unit).is_none() => Err(DemandError::UnknownUnit {
            unit: unit.to_owned(),
            field,
        }),
        _ => Ok(()),
    }
}

/// A first round's clock from `start`: the feedback limit (none for a territory's own work order
/// when `territory_limit` is off) and the same-day target.
fn first_clock(
    rules: &Rules,
    start: DateTime<FixedOffset>,
    territory: bool,
) -> Result<Clock, Error> {
    let limit = if territory && !rules.policy().territory_limit {
        None
    } else {
        Some(rules.feedback_deadline(&start)?)
    };
    Ok(Clock {
        start,
        limit,
        same_day_due: Some(crate::deadline::end_of_day(
            crate::deadline::same_day_date(rules.calendar(), rules.policy(), &start)?,
            rules.policy().day_end,
        )),
    })
}

fn redo_clock(rules: &Rules, start: DateTime<FixedOffset>) -> Result<Clock, Error> {
    Ok(Clock {
        start,
        limit: Some(rules.redo_deadline(&start)?),
        same_day_due: None,
    })
}

impl DemandState {
    /// Starts a demand's life from its `received` event (受理). With a directory, the territory
    /// and topics are checked against it.
    pub fn receive(rules: &Rules, event: &Event) -> Result<DemandState, Error> {
        let EventBody::Received {
            category,
            topics,
            territory,
            enterprise,
            text,
            contact,
        } = &event.body
        else {
            return Err(DemandError::UnknownDemand {
                demand: event.demand.clone(),
                event: event.body.type_name(),
            }
            .into());
        };
        if let Some(dir) = rules.directory() {
            match dir.unit(territory) {
                None => {
                    return Err(DemandError::UnknownUnit {
                        unit: territory.clone(),
                        field: "territory",
                    }
                    .into())
                }
                Some(u) if !u.kind.is_territory() => {
                    return Err(DemandError::invalid(
                        Some("territory"),
                        format!(
                        "{territory:?} is a `{}` unit, not a town/street or the development zone",
                        u.kind
                    ),
                    )
                    .into())
                }
                Some(_) => {}
            }
            if let Some(t) = topics
                .iter()
                .find(|t| !dir.topics().iter().any(|k| &k.key == *t))
            {
                return Err(DemandError::UnknownTopic { topic: t.clone() }.into());
            }
        }
        Ok(DemandState {
            v: event.v,
            demand: event.demand.clone(),
            stage: Stage::Received,
            level: Level::Territory,
            category: *category,
            topics: topics.clone(),
            territory: territory.clone(),
            enterprise: enterprise.clone(),
            text: text.clone(),
            contact: contact.clone(),
            received_at: event.at,
            last_at: event.at,
            events: 1,
            answered_entry: None,
            lead: None,
            co_units: Vec::new(),
            dispatches: Vec::new(),
            escalations: Vec::new(),
            round: 0,
            rounds: Vec::new(),
            plans: Vec::new(),
            unit_returns: Vec::new(),
            callbacks: Vec::new(),
            returns: Vec::new(),
            verifications: Vec::new(),
            notices: Vec::new(),
            flags: Vec::new(),
            closed_at: None,
            closed_as: None,
            ext: event
                .ext
                .iter()
                .map(|ext| ExtRecord {
                    event: 1,
                    kind: "received".to_owned(),
                    ext: ext.clone(),
                })
                .collect(),
        })
    }

    /// Applies one event (rules §5): the new state, or a typed error and no change.
    pub fn apply(&self, rules: &Rules, event: &Event) -> Result<DemandState, Error> {
        let mut next = self.clone();
        next.apply_mut(rules, event, &mut Vec::new())?;
        Ok(next)
    }

    /// [`apply`](Self::apply) in place, pushing what it derives to `out`; on error nothing is
    /// changed and nothing is pushed.
    pub(crate) fn apply_mut(
        &mut self,
        rules: &Rules,
        event: &Event,
        out: &mut Vec<DerivedEvent>,
    ) -> Result<(), Error> {
        let change = self.plan(rules, event)?;
        self.advance(rules.policy(), event.at, out);
        self.commit(rules, event, change, out);
        Ok(())
    }

    /// Issues the notices of the open round if its limit ended by `now` with no reply (rules §5
    /// "Overdue"): one supervision notice and one yellow-card event for the lead, and for each
    /// co-unit under `card_co_units`, at the limit's end instant.
    pub(crate) fn advance(
        &mut self,
        policy: &Policy,
        now: DateTime<FixedOffset>,
        out: &mut Vec<DerivedEvent>,
    ) {
        let Some(round) = self.rounds.last_mut() else {
            return;
        };
        if round.overdue || round.ended.is_some() {
            return;
        }
        let (Some(due), Some(limit)) = (round.due, round.limit.as_ref()) else {
            return;
        };
        if due > now {
            return;
        }
        round.overdue = true;
        let mut units = vec![(round.unit.clone(), Role::Lead)];
        if policy.card_co_units {
            units.extend(self.co_units.iter().map(|u| (u.clone(), Role::CoUnit)));
        }
        for (unit, role) in units {
            for kind in [NoticeKind::SupervisionNotice, NoticeKind::YellowCard] {
                let notice = Notice {
                    kind,
                    at: due,
                    demand: self.demand.clone(),
                    unit: unit.clone(),
                    role,
                    round: round.number,
                    round_kind: round.kind,
                    limit: limit.kind,
                    due,
                };
                out.push(DerivedEvent::Notice(notice.clone()));
                self.notices.push(notice);
            }
        }
    }

    /// The current lead, checked to be the unit the event names.
    fn check_lead(&self, unit: &str) -> Result<(), DemandError> {
        match &self.lead {
            Some(lead) if lead == unit => Ok(()),
            Some(lead) => Err(DemandError::invalid(
                Some("unit"),
                format!("{unit:?} is not the lead: the lead (首接) is {lead:?}"),
            )),
            None => Err(DemandError::invalid(
                Some("unit"),
                "the demand has no lead at this point",
            )),
        }
    }

    /// Checks `event` against the state and computes what it changes (rules §5).
    #[allow(clippy::too_many_lines)] // one arm per event type, read against the rule book
    fn plan(&self, rules: &Rules, event: &Event) -> Result<Change, Error> {
        if event.demand != self.demand {
            return Err(DemandError::invalid(
                Some("demand"),
                format!(
                    "the event is for demand {:?}, the state is demand {:?}",
                    event.demand, self.demand
                ),
            )
            .into());
        }
        let limit = rules.policy().limits.events_per_demand;
        if self.events >= limit {
            return Err(DemandError::TooManyEvents {
                demand: self.demand.clone(),
                limit,
            }
            .into());
        }
        if event.at < self.last_at {
            return Err(DemandError::OutOfOrder {
                at: event.at,
                last: self.last_at,
            }
            .into());
        }
        let at = event.at;
        let stage = self.stage;
        let kind = event.body.type_name();
        let not_allowed = |reason: &str| -> Error {
            DemandError::NotAllowed {
                stage,
                event: kind,
                reason: reason.to_owned(),
            }
            .into()
        };
        let round = self.rounds.last();
        Ok(match &event.body {
            EventBody::Received { .. } => {
                return Err(not_allowed("the demand was already received"))
            }
            EventBody::Answered { entry } => {
                if stage != Stage::Received {
                    return Err(not_allowed(
                        "only a demand just received is answered at once",
                    ));
                }
                if self.category != Category::Consultation {
                    return Err(not_allowed(
                        "only a consultation (咨询类) is answered at once (即时答复)",
                    ));
                }
                Change::Answered(entry.clone())
            }
            EventBody::TerritoryHandling { unit } => {
                if stage != Stage::Received || self.level != Level::Territory {
                    return Err(not_allowed(
                        "the territory handles a demand only when it is received at its level",
                    ));
                }
                if unit != &self.territory {
                    return Err(DemandError::invalid(
                        Some("unit"),
                        format!(
                            "{unit:?} is not the demand's territory (属地) {:?}",
                            self.territory
                        ),
                    )
                    .into());
                }
                Change::OpenFirst {
                    opening: Opening::TerritoryHandling,
                    lead: unit.clone(),
                    co_units: Vec::new(),
                    dispatch: None,
                    clock: Some(first_clock(rules, at, true)?),
                }
            }
            EventBody::Escalated { to, reason } => {
                if !matches!(
                    stage,
                    Stage::Received | Stage::Escalated | Stage::InProgress | Stage::ReturnedByUnit
                ) {
                    return Err(not_allowed("a demand is escalated before its lead replies"));
                }
                if *to <= self.level {
                    return Err(DemandError::invalid(
                        Some("to"),
                        format!(
                            "the demand is already at the `{}` level ({})",
                            level_key(self.level),
                            self.level.label_zh()
                        ),
                    )
                    .into());
                }
                Change::Escalated(Escalation {
                    at,
                    from: self.level,
                    to: *to,
                    reason: reason.clone(),
                })
            }
            EventBody::Dispatched {
                lead,
                co_units,
                rule,
            } => {
                if !matches!(
                    stage,
                    Stage::Received | Stage::Escalated | Stage::ReturnedByUnit
                ) {
                    return Err(not_allowed(
                        "a work order is dispatched once, or again after the lead returns it",
                    ));
                }
                known_unit(rules, "lead", lead)?;
                for (i, u) in co_units.iter().enumerate() {
                    known_unit(rules, "co_units", u)?;
                    if u == lead || co_units.get(..i).is_some_and(|b| b.contains(u)) {
                        return Err(DemandError::invalid(
                            Some("co_units"),
                            format!("{u:?} is the lead or named twice"),
                        )
                        .into());
                    }
                }
                if let (Some(rule), Some(dir)) = (rule, rules.directory()) {
                    if dir.rule(rule).is_none() {
                        return Err(DemandError::invalid(
                            Some("rule"),
                            format!("unknown rule {rule:?}: not in the dispatch directory"),
                        )
                        .into());
                    }
                }
                let clock = match rules.policy().clock_start {
                    ClockStart::Dispatched => Some(first_clock(rules, at, false)?),
                    ClockStart::Signed => None,
                };
                Change::OpenFirst {
                    opening: Opening::Dispatched,
                    lead: lead.clone(),
                    co_units: co_units.clone(),
                    dispatch: Some(Dispatch {
                        at,
                        level: self.level.max(Level::Center),
                        lead: lead.clone(),
                        co_units: co_units.clone(),
                        rule: rule.clone(),
                    }),
                    clock,
                }
            }
            EventBody::Signed { unit } => {
                let Some(r) = round.filter(|r| {
                    stage == Stage::InProgress
                        && r.opened_by == Opening::Dispatched
                        && r.signed_at.is_none()
                }) else {
                    return Err(not_allowed(
                        "the lead signs (签收) a dispatched work order once, before replying",
                    ));
                };
                self.check_lead(unit)?;
                Change::Signed(match (rules.policy().clock_start, r.clock_start) {
                    (ClockStart::Signed, None) => Some(first_clock(rules, at, false)?),
                    _ => None,
                })
            }
            EventBody::ReturnedByUnit { unit, reason } => {
                let Some(r) = round.filter(|r| {
                    stage == Stage::InProgress
                        && r.kind == RoundKind::First
                        && r.opened_by == Opening::Dispatched
                }) else {
                    return Err(not_allowed(
                        "only the lead of a dispatched work order returns it (退单), before replying",
                    ));
                };
                self.check_lead(unit)?;
                Change::ReturnedByUnit(UnitReturn {
                    at,
                    round: r.number,
                    unit: unit.clone(),
                    reason: reason.clone(),
                    buck_passing: self.assigned_to(rules, unit),
                })
            }
            EventBody::PlanSubmitted {
                unit,
                completion,
                explanation,
            } => {
                let Some(r) =
                    round.filter(|r| stage == Stage::InProgress && r.kind == RoundKind::First)
                else {
                    return Err(not_allowed(
                        "a solution plan (解决方案) belongs to a first round, before the reply",
                    ));
                };
                self.check_lead(unit)?;
                let Some(start) = r.clock_start else {
                    return Err(not_allowed(
                        "the lead must sign for the work order first (clock_start = signed)",
                    ));
                };
                if let Some(due) = r.due.filter(|due| at >= *due) {
                    return Err(not_allowed(&format!(
                        "the round's limit ended at {}: a plan must come inside it",
                        crate::time::format_instant(&due)
                    )));
                }
                if *completion < at.date_naive() {
                    return Err(DemandError::invalid(
                        Some("completion"),
                        format!(
                            "the completion date {completion} is before the plan's own date {}",
                            at.date_naive()
                        ),
                    )
                    .into());
                }
                let limit = rules.plan_deadline(&start, *completion, explanation)?;
                let feedback_due = rules.feedback_deadline(&start)?.due_date;
                Change::Plan(
                    Plan {
                        at,
                        round: r.number,
                        unit: unit.clone(),
                        completion: *completion,
                        explanation: explanation.clone(),
                        extension_working_days: limit.extension_working_days.unwrap_or(0),
                        extension: *completion > feedback_due,
                    },
                    limit,
                )
            }
            EventBody::Replied {
                unit,
                resolved,
                contacted,
                method,
            } => {
                let Some(r) = round.filter(|_| stage == Stage::InProgress) else {
                    return Err(not_allowed("a reply answers an open work order"));
                };
                self.check_lead(unit)?;
                if r.clock_start.is_none() {
                    return Err(not_allowed(
                        "the lead must sign for the work order first (clock_start = signed)",
                    ));
                }
                Change::Replied {
                    reply: Reply {
                        resolved: *resolved,
                        contacted: *contacted,
                        method: method.clone(),
                    },
                    on_time: r.due.map(|due| crate::deadline::is_on_time(&due, &at)),
                    same_day: r
                        .same_day_due
                        .filter(|_| r.kind == RoundKind::First)
                        .map(|due| crate::deadline::is_on_time(&due, &at)),
                }
            }
            EventBody::Callback {
                satisfaction,
                resolved,
                contacted,
            } => {
                let Some(r) = round.filter(|_| stage == Stage::Replied) else {
                    return Err(not_allowed("a callback (回访) follows a reply"));
                };
                let next = match satisfaction {
                    Satisfaction::Unreached => None,
                    s if s.is_satisfied() => Some(Stage::Closable),
                    _ if r.kind == RoundKind::First => Some(Stage::Unsatisfied),
                    _ => Some(Stage::Verification),
                };
                let claimed = r.reply.as_ref().is_some_and(|reply| reply.contacted);
                Change::Callback {
                    callback: Callback {
                        at,
                        round: r.number,
                        satisfaction: *satisfaction,
                        resolved: *resolved,
                        contacted: *contacted,
                    },
                    next,
                    // An unreached call says nothing about contact (rules §7: the enterprise must
                    // say it was not contacted).
                    false_feedback: claimed
                        && *satisfaction != Satisfaction::Unreached
                        && *contacted == Some(false),
                }
            }
            EventBody::Returned => {
                let Some(cb) = self
                    .callbacks
                    .last()
                    .filter(|_| stage == Stage::Unsatisfied)
                else {
                    return Err(not_allowed(
                        "the center returns an order (退回) after an unsatisfied callback",
                    ));
                };
                let due = rules.return_deadline(&cb.at)?.due;
                Change::Returned(
                    Return {
                        at,
                        callback_at: cb.at,
                        due,
                        late: !crate::deadline::is_on_time(&due, &at),
                    },
                    redo_clock(rules, at)?,
                )
            }
            EventBody::VerificationSubmitted { unit, signed_by } => {
                let Some(r) = round.filter(|_| stage == Stage::Verification) else {
                    return Err(not_allowed(
                        "the 不满意诉求审核反馈表 follows an unsatisfied callback after a redo",
                    ));
                };
                self.check_lead(unit)?;
                Change::VerificationSubmitted(Verification {
                    round: r.number,
                    submitted_at: at,
                    unit: unit.clone(),
                    signed_by: signed_by.clone(),
                    verified_at: None,
                    opinion: None,
                })
            }
            EventBody::Verified { opinion } => {
                if stage != Stage::Verifying {
                    return Err(not_allowed(
                        "the task force's opinion (核查意见) follows the unit's form",
                    ));
                }
                Change::Verified(
                    *opinion,
                    match opinion {
                        Opinion::Close => None,
                        Opinion::Redo => Some(redo_clock(rules, at)?),
                    },
                )
            }
            EventBody::Closed => {
                if stage != Stage::Closable {
                    return Err(not_allowed(
                        "a demand is closed (销号) after a satisfied callback or a `close` opinion",
                    ));
                }
                Change::Closed
            }
        })
    }

    /// Whether the directory assigns this demand to `unit` (its lead at the center level).
    fn assigned_to(&self, rules: &Rules, unit: &str) -> bool {
        let Some(dir) = rules.directory() else {
            return false;
        };
        let request = RouteRequest {
            category: self.category,
            topics: self.topics.clone(),
            territory: Some(self.territory.clone()),
            level: Level::Center,
        };
        dir.route(&request)
            .is_ok_and(|r| r.outcome == Outcome::Routed && r.lead.as_deref() == Some(unit))
    }

    /// Opens a round for the current lead.
    fn open_round(
        &mut self,
        kind: RoundKind,
        opened_by: Opening,
        at: DateTime<FixedOffset>,
        clock: Option<Clock>,
    ) {
        let number = u32::try_from(self.rounds.len() + 1).unwrap_or(u32::MAX);
        let (clock_start, limit, same_day_due) = match clock {
            Some(c) => (Some(c.start), c.limit, c.same_day_due),
            None => (None, None, None),
        };
        self.rounds.push(Round {
            number,
            kind,
            unit: self.lead.clone().unwrap_or_default(),
            opened_by,
            opened_at: at,
            signed_at: None,
            clock_start,
            due: limit.as_ref().map(|l| l.due),
            due_date: limit.as_ref().map(|l| l.due_date),
            limit,
            same_day_due,
            replied_at: None,
            on_time: None,
            same_day: None,
            reply: None,
            overdue: false,
            ended: None,
            ended_at: None,
        });
        self.round = number;
        self.stage = Stage::InProgress;
    }

    /// Ends the open round (a unit's return or an escalation).
    fn end_round(&mut self, how: RoundEnd, at: DateTime<FixedOffset>) {
        if let Some(r) = self.rounds.last_mut().filter(|r| r.ended.is_none()) {
            r.ended = Some(how);
            r.ended_at = Some(at);
        }
    }

    fn flag(
        &mut self,
        kind: FlagKind,
        at: DateTime<FixedOffset>,
        unit: Option<String>,
        round: Option<u32>,
        out: &mut Vec<DerivedEvent>,
    ) {
        let flag = Flag {
            kind,
            at,
            demand: self.demand.clone(),
            unit,
            round,
        };
        out.push(DerivedEvent::Flag(flag.clone()));
        self.flags.push(flag);
    }

    /// Applies a checked change; cannot fail.
    #[allow(clippy::too_many_lines)]
    fn commit(
        &mut self,
        rules: &Rules,
        event: &Event,
        change: Change,
        out: &mut Vec<DerivedEvent>,
    ) {
        let at = event.at;
        match change {
            Change::Answered(entry) => {
                self.answered_entry = Some(entry);
                self.stage = Stage::Answered;
            }
            Change::OpenFirst {
                opening,
                lead,
                co_units,
                dispatch,
                clock,
            } => {
                if let Some(d) = dispatch {
                    self.level = d.level;
                    self.dispatches.push(d);
                }
                self.lead = Some(lead);
                self.co_units = co_units;
                self.open_round(RoundKind::First, opening, at, clock);
            }
            Change::Escalated(e) => {
                self.end_round(RoundEnd::Escalated, at);
                self.lead = None;
                self.co_units.clear();
                self.level = e.to;
                self.stage = Stage::Escalated;
                self.escalations.push(e);
            }
            Change::Signed(clock) => {
                if let Some(r) = self.rounds.last_mut() {
                    r.signed_at = Some(at);
                    if let Some(c) = clock {
                        r.clock_start = Some(c.start);
                        r.due = c.limit.as_ref().map(|l| l.due);
                        r.due_date = c.limit.as_ref().map(|l| l.due_date);
                        r.limit = c.limit;
                        r.same_day_due = c.same_day_due;
                    }
                }
            }
            Change::ReturnedByUnit(ret) => {
                self.end_round(RoundEnd::ReturnedByUnit, at);
                self.lead = None;
                self.co_units.clear();
                self.stage = Stage::ReturnedByUnit;
                if ret.buck_passing {
                    self.flag(
                        FlagKind::BuckPassing,
                        at,
                        Some(ret.unit.clone()),
                        Some(ret.round),
                        out,
                    );
                }
                self.unit_returns.push(ret);
            }
            Change::Plan(plan, limit) => {
                if let Some(r) = self.rounds.last_mut() {
                    r.due = Some(limit.due);
                    r.due_date = Some(limit.due_date);
                    r.limit = Some(limit);
                }
                self.plans.push(plan);
            }
            Change::Replied {
                reply,
                on_time,
                same_day,
            } => {
                let Some(r) = self.rounds.last_mut() else {
                    return;
                };
                r.replied_at = Some(at);
                r.on_time = on_time;
                r.same_day = same_day;
                r.reply = Some(reply);
                r.ended = Some(RoundEnd::Replied);
                r.ended_at = Some(at);
                let derived = ReplyEvent {
                    at,
                    demand: self.demand.clone(),
                    unit: r.unit.clone(),
                    round: r.number,
                    round_kind: r.kind,
                    limit: r.limit.as_ref().map(|l| l.kind),
                    due: r.due,
                    on_time,
                };
                let (unit, number) = (r.unit.clone(), r.number);
                out.push(DerivedEvent::Reply(derived));
                self.stage = Stage::Replied;
                if on_time == Some(false) {
                    self.flag(FlagKind::LateReply, at, Some(unit), Some(number), out);
                }
            }
            Change::Callback {
                callback,
                next,
                false_feedback,
            } => {
                let round = callback.round;
                self.callbacks.push(callback);
                if false_feedback {
                    let unit = self.rounds.last().map(|r| r.unit.clone());
                    self.flag(FlagKind::FalseFeedback, at, unit, Some(round), out);
                }
                if let Some(next) = next {
                    self.stage = next;
                    if next == Stage::Closable {
                        self.closed_as = Some(ClosedAs::Satisfied);
                    }
                }
            }
            Change::Returned(ret, clock) => {
                if ret.late {
                    let center = rules
                        .directory()
                        .and_then(|d| d.center())
                        .map(|u| u.id.clone());
                    self.flag(FlagKind::LateReturn, at, center, Some(self.round), out);
                }
                self.returns.push(ret);
                self.open_round(RoundKind::Redo, Opening::Returned, at, Some(clock));
            }
            Change::VerificationSubmitted(v) => {
                self.verifications.push(v);
                self.stage = Stage::Verifying;
            }
            Change::Verified(opinion, clock) => {
                if let Some(v) = self.verifications.last_mut() {
                    v.verified_at = Some(at);
                    v.opinion = Some(opinion);
                }
                match clock {
                    None => {
                        self.stage = Stage::Closable;
                        self.closed_as = Some(ClosedAs::Verified);
                    }
                    Some(c) => self.open_round(RoundKind::Redo, Opening::Verified, at, Some(c)),
                }
            }
            Change::Closed => {
                self.stage = Stage::Closed;
                self.closed_at = Some(at);
            }
        }
        self.last_at = at;
        self.events = self.events.saturating_add(1);
        if let Some(ext) = &event.ext {
            self.ext.push(ExtRecord {
                event: self.events,
                kind: event.body.type_name().to_owned(),
                ext: ext.clone(),
            });
        }
    }
}

/// The `snake_case` key of a level.
fn level_key(level: Level) -> &'static str {
    match level {
        Level::Territory => "territory",
        Level::Center => "center",
        Level::Government => "government",
    }
}
