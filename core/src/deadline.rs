//! Time limits (限时办结), rules §4.
//!
//! Counting N working days from an instant `t` on date `d` (seed, per 民法典 arts. 201/203): the
//! start day is not counted; day 1 is the first working day strictly after `d`; the limit ends at
//! the end (24:00, knob `day_end`) of the N-th working day. With `count_start_day` (含本数), a
//! working `d` is day 1 when `t` is before `intake_cutoff`. A reply at `r` is on time iff `r` is
//! strictly before the due instant ([`Deadline::is_on_time`]).
//!
//! Every result says what it counted: due instant and date, working days, the non-working days
//! it skipped and why, the make-up working days it counted, the calendar version and whether it
//! is provisional (it reached beyond the calendar's coverage).

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::calendar::{day_number, Calendar, CalendarError, Day, DayKind};
use crate::policy::{ClockTime, Policy};
use crate::time::{from_local, to_cst};

/// Errors computing a deadline (beyond calendar errors).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum DeadlineError {
    /// A working-day limit must be at least one day (use the same-day target for "today").
    #[error("invalid time limit of {n} working days: expected 1..=1000")]
    InvalidWorkingDays {
        /// The count given.
        n: i64,
    },
    /// A solution plan's completion date is before the day its clock started.
    #[error("plan completion date {completion} is before the start date {start}")]
    PlanBeforeStart {
        /// The plan's completion date.
        completion: NaiveDate,
        /// The start date.
        start: NaiveDate,
    },
    /// The plan extends the limit (延期) without the explanation the guideline requires (§二(三)4).
    #[error("plan completion date {completion} is {extension} working days past the limit {limit}: an extension needs an explanation")]
    ExtensionUnexplained {
        /// The plan's completion date.
        completion: NaiveDate,
        /// The feedback limit's due date.
        limit: NaiveDate,
        /// Working days past the limit.
        extension: u32,
    },
    /// The plan's completion date is past the policy's `max_plan_working_days`.
    #[error("plan completion date {completion} is {working_days} working days from the start, over the cap of {cap}")]
    PlanOverCap {
        /// The plan's completion date.
        completion: NaiveDate,
        /// Working days from the start to the completion date.
        working_days: u32,
        /// The cap.
        cap: u32,
    },
}

impl DeadlineError {
    /// Every code of this module.
    pub const CODES: &'static [&'static str] = &[
        "deadline_invalid_working_days",
        "plan_before_start",
        "plan_extension_unexplained",
        "plan_over_cap",
    ];

    /// The stable `snake_case` code.
    pub fn code(&self) -> &'static str {
        match self {
            DeadlineError::InvalidWorkingDays { .. } => "deadline_invalid_working_days",
            DeadlineError::PlanBeforeStart { .. } => "plan_before_start",
            DeadlineError::ExtensionUnexplained { .. } => "plan_extension_unexplained",
            DeadlineError::PlanOverCap { .. } => "plan_over_cap",
        }
    }
}

/// Which limit a deadline is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineKind {
    /// First feedback (报结果/申请销号), 5 working days in the seed profile.
    Feedback,
    /// Redo after a return (重新办理), 3 working days in the seed profile.
    Redo,
    /// Same-day target (当天解决): a target counted in metrics, never a breach.
    SameDay,
    /// A solution plan's completion date (解决方案 · 办结时限).
    Plan,
    /// Return to the unit after a dissatisfied callback (退回): the callback's own day.
    Return,
    /// Any other count of working days.
    WorkingDays,
}

impl DeadlineKind {
    /// The guideline's Chinese label.
    pub fn label_zh(self) -> &'static str {
        match self {
            DeadlineKind::Feedback => "报结果/申请销号",
            DeadlineKind::Redo => "重新办理",
            DeadlineKind::SameDay => "当天解决",
            DeadlineKind::Plan => "解决方案办结时限",
            DeadlineKind::Return => "当日退回",
            DeadlineKind::WorkingDays => "限时办结",
        }
    }
}

/// A computed time limit, with everything it counted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deadline {
    /// Which limit.
    pub kind: DeadlineKind,
    /// When the clock started, +08:00.
    pub start: DateTime<FixedOffset>,
    /// The end instant, +08:00: a reply is on time iff strictly before it.
    pub due: DateTime<FixedOffset>,
    /// The last day of the limit (the due instant may be 00:00 of the next day).
    pub due_date: NaiveDate,
    /// Working days counted (0 for the same-day target and the return).
    pub working_days: u32,
    /// Non-working days between the start and the due date, with why (weekend or holiday name).
    pub skipped: Vec<Day>,
    /// Make-up working days (调休补班) the count went through.
    pub make_up_days: Vec<Day>,
    /// For a plan: working days past the feedback limit (an extension, 延期, when > 0).
    pub extension_working_days: Option<u32>,
    /// The calendar data version used.
    pub calendar_version: String,
    /// True when the count reached beyond the calendar's coverage (weekends only there).
    pub provisional: bool,
    /// The policy profile used (its name).
    pub policy: String,
    /// The policy's fingerprint (its knobs, whatever its name: `Policy::fingerprint`).
    pub policy_fingerprint: String,
}

impl Deadline {
    /// Whether a reply at `reply` meets the limit: strictly before the due instant.
    pub fn is_on_time(&self, reply: &DateTime<FixedOffset>) -> bool {
        is_on_time(&self.due, reply)
    }
}

/// Whether a reply at `reply` meets a limit ending at `due` (rules §4): strictly before it.
pub fn is_on_time(due: &DateTime<FixedOffset>, reply: &DateTime<FixedOffset>) -> bool {
    reply < due
}

/// The end instant of a day: `date` at `day_end` (24:00 is 00:00 of the next day), +08:00.
pub fn end_of_day(date: NaiveDate, day_end: ClockTime) -> DateTime<FixedOffset> {
    let midnight = date.and_time(NaiveTime::MIN);
    from_local(midnight + Duration::minutes(i64::from(day_end.minutes())))
}

fn minutes_of_day(t: &DateTime<FixedOffset>) -> u16 {
    let time = t.time();
    u16::try_from(chrono::Timelike::hour(&time) * 60 + chrono::Timelike::minute(&time)).unwrap_or(0)
}

/// Builds a deadline over the days `first..=due_date` (the span a reader is shown).
#[allow(clippy::too_many_arguments)]
fn explain(
    calendar: &Calendar,
    policy: &Policy,
    kind: DeadlineKind,
    start: DateTime<FixedOffset>,
    first: NaiveDate,
    due_date: NaiveDate,
    working_days: u32,
) -> Result<Deadline, CalendarError> {
    let days = calendar.notable_days_in(first, due_date)?;
    let (make_up_days, skipped): (Vec<Day>, Vec<Day>) = days.into_iter().partition(|d| d.working);
    Ok(Deadline {
        kind,
        start,
        due: end_of_day(due_date, policy.day_end),
        due_date,
        working_days,
        skipped,
        make_up_days: make_up_days
            .into_iter()
            .filter(|d| d.kind == DayKind::MakeUpWorkday)
            .collect(),
        extension_working_days: None,
        calendar_version: calendar.version().to_owned(),
        provisional: !calendar.covers_days(day_number(first), day_number(due_date)),
        policy: policy.name.clone(),
        policy_fingerprint: policy.fingerprint(),
    })
}

/// Whether the start day itself is day 1 (含本数, knob `count_start_day`): it must be a working
/// day and the clock must start before both `intake_cutoff` and the day's end (`day_end`), so a
/// limit never ends before it starts.
fn start_day_counts(
    calendar: &Calendar,
    policy: &Policy,
    start: &DateTime<FixedOffset>,
) -> Result<bool, CalendarError> {
    let cutoff = policy.intake_cutoff.min(policy.day_end).minutes();
    Ok(policy.count_start_day
        && minutes_of_day(start) < cutoff
        && calendar.is_working_day(start.date_naive())?)
}

/// The first day a count from `start` may count: the start day when it counts, else the next.
fn first_counted_day(
    calendar: &Calendar,
    policy: &Policy,
    start: &DateTime<FixedOffset>,
) -> Result<NaiveDate, CalendarError> {
    let d = start.date_naive();
    Ok(if start_day_counts(calendar, policy, start)? {
        d
    } else {
        d.succ_opt().unwrap_or(d)
    })
}

/// The due date of `n` working days from `start` under the policy's counting knobs, and the
/// first day of the span it counted.
fn count(
    calendar: &Calendar,
    policy: &Policy,
    start: &DateTime<FixedOffset>,
    n: u32,
) -> Result<(NaiveDate, NaiveDate), CalendarError> {
    let first = first_counted_day(calendar, policy, start)?;
    let before_first = first.pred_opt().unwrap_or(first);
    Ok((
        first,
        calendar.add_working_days(before_first, i64::from(n))?,
    ))
}

/// `n` working days from `start` (any offset; converted to +08:00).
pub fn working_days_deadline(
    calendar: &Calendar,
    policy: &Policy,
    start: &DateTime<FixedOffset>,
    n: i64,
) -> Result<Deadline, crate::Error> {
    deadline_of_kind(calendar, policy, start, n, DeadlineKind::WorkingDays)
}

fn deadline_of_kind(
    calendar: &Calendar,
    policy: &Policy,
    start: &DateTime<FixedOffset>,
    n: i64,
    kind: DeadlineKind,
) -> Result<Deadline, crate::Error> {
    let n = u32::try_from(n)
        .ok()
        .filter(|n| (1..=1000).contains(n))
        .ok_or(DeadlineError::InvalidWorkingDays { n })?;
    let start = to_cst(start);
    let (first, due_date) = count(calendar, policy, &start, n)?;
    Ok(explain(calendar, policy, kind, start, first, due_date, n)?)
}

/// First feedback (报结果/申请销号, §二(三)): `feedback_working_days` (5) from the clock start.
pub fn feedback_deadline(
    calendar: &Calendar,
    policy: &Policy,
    start: &DateTime<FixedOffset>,
) -> Result<Deadline, crate::Error> {
    deadline_of_kind(
        calendar,
        policy,
        start,
        i64::from(policy.feedback_working_days),
        DeadlineKind::Feedback,
    )
}

/// Redo (重新办理, §二(五)1): `redo_working_days` (3) from the return.
pub fn redo_deadline(
    calendar: &Calendar,
    policy: &Policy,
    returned: &DateTime<FixedOffset>,
) -> Result<Deadline, crate::Error> {
    deadline_of_kind(
        calendar,
        policy,
        returned,
        i64::from(policy.redo_working_days),
        DeadlineKind::Redo,
    )
}

/// Same-day target (当天解决, §二(三)4): the end of the start day if it is a working day and its
/// end is still ahead, else the end of the next working day. A target, never a breach.
pub fn same_day_target(
    calendar: &Calendar,
    policy: &Policy,
    start: &DateTime<FixedOffset>,
) -> Result<Deadline, crate::Error> {
    let start = to_cst(start);
    let due_date = same_day_date(calendar, policy, &start)?;
    Ok(explain(
        calendar,
        policy,
        DeadlineKind::SameDay,
        start,
        start.date_naive(),
        due_date,
        0,
    )?)
}

/// The same-day target's last day (see [`same_day_target`]), without the explanation: what the
/// demand fold needs for every first round.
pub(crate) fn same_day_date(
    calendar: &Calendar,
    policy: &Policy,
    start: &DateTime<FixedOffset>,
) -> Result<NaiveDate, CalendarError> {
    let start = to_cst(start);
    let d = start.date_naive();
    if calendar.is_working_day(d)? && start < end_of_day(d, policy.day_end) {
        Ok(d)
    } else {
        calendar.next_working_day(d)
    }
}

/// Return after a dissatisfied callback (当日退回, §二(五)1): the end (24:00) of the callback's
/// own calendar day. The return is the platform's act, not a unit's working time, so `day_end`
/// does not apply and the limit never ends before the callback.
pub fn return_deadline(
    calendar: &Calendar,
    policy: &Policy,
    callback: &DateTime<FixedOffset>,
) -> Result<Deadline, crate::Error> {
    let start = to_cst(callback);
    let d = start.date_naive();
    let mut ret = explain(calendar, policy, DeadlineKind::Return, start, d, d, 0)?;
    ret.due = end_of_day(d, ClockTime::END_OF_DAY);
    Ok(ret)
}

/// A solution plan's completion date (解决方案 · 办结时限, §二(三)): tracked to that date.
///
/// A completion date after the feedback limit's due date is an extension (延期, "原则上不得延期"):
/// it needs a non-empty explanation, even when the days past the limit are all non-working, and
/// `extension_working_days` counts the working days past the limit (0 when within it).
/// `working_days` counts like the feedback limit (the start day only under 含本数), and the
/// policy's `max_plan_working_days` caps it.
pub fn plan_deadline(
    calendar: &Calendar,
    policy: &Policy,
    start: &DateTime<FixedOffset>,
    completion: NaiveDate,
    explanation: &str,
) -> Result<Deadline, crate::Error> {
    let start = to_cst(start);
    let d = start.date_naive();
    if completion < d {
        return Err(DeadlineError::PlanBeforeStart {
            completion,
            start: d,
        }
        .into());
    }
    let limit = feedback_deadline(calendar, policy, &start)?.due_date;
    let extension = if completion > limit {
        u32::try_from(calendar.working_days_between(limit, completion)?).unwrap_or(u32::MAX)
    } else {
        0
    };
    if completion > limit && explanation.trim().is_empty() {
        return Err(DeadlineError::ExtensionUnexplained {
            completion,
            limit,
            extension,
        }
        .into());
    }
    let counted_from = first_counted_day(calendar, policy, &start)?;
    let before = counted_from.pred_opt().unwrap_or(counted_from);
    // A plan completing on an uncounted start day has counted no working day.
    let working_days = u32::try_from(calendar.working_days_between(before, completion)?.max(0))
        .unwrap_or(u32::MAX);
    let first = counted_from.min(completion);
    if let Some(cap) = policy.max_plan_working_days {
        if working_days > cap {
            return Err(DeadlineError::PlanOverCap {
                completion,
                working_days,
                cap,
            }
            .into());
        }
    }
    let mut plan = explain(
        calendar,
        policy,
        DeadlineKind::Plan,
        start,
        first,
        completion,
        working_days,
    )?;
    plan.extension_working_days = Some(extension);
    Ok(plan)
}

/// Seconds in a day.
const DAY_SECONDS: i64 = 86_400;

/// Due instants of `n`-working-day limits for many clock starts, in seconds since the Unix epoch
/// (the bulk form of [`working_days_deadline`] for front ends and analytics: no explanation,
/// integer arithmetic only). Fails on the first start whose count leaves the calendar's range.
pub fn due_seconds_many(
    calendar: &Calendar,
    policy: &Policy,
    starts: &[i64],
    n: i64,
) -> Result<Vec<i64>, crate::Error> {
    let n = limit_days(n)?;
    starts
        .iter()
        .enumerate()
        .map(|(i, &s)| {
            due_seconds(calendar, policy, s, n)
                .map(|(due, _)| due)
                .map_err(|e| crate::Error::at_row(i, unix_text(s), e))
        })
        .collect()
}

/// A row of [`due_seconds_rows`]: the due instant (Unix seconds) and whether it is provisional.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DueRow {
    /// The due instant, seconds since the Unix epoch.
    pub due: i64,
    /// True when the count reached beyond the calendar's coverage.
    pub provisional: bool,
}

/// [`due_seconds_many`] row by row: each start's due instant with its provisional flag, or that
/// row's own error, so that one bad row does not fail the batch (pandas' `errors="coerce"`).
pub fn due_seconds_rows(
    calendar: &Calendar,
    policy: &Policy,
    starts: &[i64],
    n: i64,
) -> Result<Vec<Result<DueRow, crate::Error>>, crate::Error> {
    let n = limit_days(n)?;
    Ok(starts
        .iter()
        .map(|&s| {
            due_seconds(calendar, policy, s, n)
                .map(|(due, provisional)| DueRow { due, provisional })
        })
        .collect())
}

/// Whether each reply meets its limit (rules §4: strictly before the due instant), for many
/// pairs of Unix seconds at once (the nightly check of a platform's open orders).
pub fn is_on_time_many(dues: &[i64], replies: &[i64]) -> Result<Vec<bool>, crate::Error> {
    if dues.len() != replies.len() {
        return Err(CalendarError::BatchLengthMismatch {
            dates: dues.len(),
            counts: replies.len(),
            columns: ("dues", "replies: give one reply per due"),
        }
        .into());
    }
    Ok(dues.iter().zip(replies).map(|(d, r)| r < d).collect())
}

fn limit_days(n: i64) -> Result<u32, DeadlineError> {
    u32::try_from(n)
        .ok()
        .filter(|n| (1..=1000).contains(n))
        .ok_or(DeadlineError::InvalidWorkingDays { n })
}

/// An instant in Unix seconds as RFC 3339 text (for a row's error), or the number itself.
fn unix_text(s: i64) -> String {
    chrono::DateTime::from_timestamp(s, 0).map_or_else(
        || s.to_string(),
        |t| crate::time::format_instant(&t.fixed_offset()),
    )
}

/// One due instant in Unix seconds, and whether it is provisional.
fn due_seconds(
    calendar: &Calendar,
    policy: &Policy,
    s: i64,
    n: u32,
) -> Result<(i64, bool), crate::Error> {
    let offset = i64::from(crate::time::CST_OFFSET_SECONDS);
    let day_end = i64::from(policy.day_end.minutes()) * 60;
    // The same rule as `start_day_counts`: before both the intake cutoff and the day's end.
    let cutoff = i64::from(policy.intake_cutoff.min(policy.day_end).minutes()) * 60;
    let local = s.saturating_add(offset);
    let day = i32::try_from(local.div_euclid(DAY_SECONDS)).map_err(|_| {
        crate::time::TimeError::InvalidInstant {
            text: s.to_string(),
        }
    })?;
    let counts_today = policy.count_start_day
        && local.rem_euclid(DAY_SECONDS) < cutoff
        && calendar.is_working_day_number(day)?;
    let (first, due_day) = if counts_today {
        (
            day,
            calendar.add_working_days_number(day, i64::from(n) - 1)?,
        )
    } else {
        (
            day + 1,
            calendar.add_working_days_number(day, i64::from(n))?,
        )
    };
    Ok((
        i64::from(due_day) * DAY_SECONDS + day_end - offset,
        !calendar.covers_days(first, due_day),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::parse_instant;

    #[test]
    fn bulk_dues_match_the_explained_deadlines() {
        let cal = Calendar::china();
        for policy in [
            Policy::seed(),
            Policy::from_json(
                r#"{"name":"k","count_start_day":true,"intake_cutoff":"12:00","day_end":"17:30"}"#,
            )
            .unwrap(),
        ] {
            let starts = [
                "2026-09-30T16:20+08:00",
                "2026-02-13T09:00+08:00",
                "2025-12-31T23:59:59+08:00",
                "2026-10-10T08:00+08:00",
            ];
            let instants: Vec<_> = starts.iter().map(|s| parse_instant(s).unwrap()).collect();
            let secs: Vec<i64> = instants.iter().map(DateTime::timestamp).collect();
            let bulk = due_seconds_many(&cal, &policy, &secs, 5).unwrap();
            for (t, due) in instants.iter().zip(bulk) {
                assert_eq!(
                    feedback_deadline(&cal, &policy, t).unwrap().due.timestamp(),
                    due,
                    "{t} {}",
                    policy.name
                );
            }
        }
    }
}
