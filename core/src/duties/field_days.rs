//! The leaders' field-day check (现场推进, rules §8): per month and leader, the distinct days on
//! enterprise / project sites against the quota.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{check_range, months, DutiesError, FieldDayLog, Leaders};

/// One month of one leader.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldDayRow {
    /// The month, `YYYY-MM`.
    pub month: String,
    /// Its first day.
    pub month_start: NaiveDate,
    /// Its last day.
    pub month_end: NaiveDate,
    /// True when the month is not wholly inside the range (it is still judged whole).
    pub partial: bool,
    /// How many of its days are inside the range.
    pub days_in_range: u32,
    /// The leader's id.
    pub leader: String,
    /// The leader's name.
    pub name: String,
    /// Whether the leader is the principal leader.
    pub principal: bool,
    /// The monthly quota.
    pub quota: u32,
    /// Distinct field days in the month (several visits on one day count once).
    pub days: u32,
    /// Those days, in date order.
    pub dates: Vec<NaiveDate>,
    /// `quota - days`, or 0.
    pub shortfall: u32,
    /// True when `days < quota`.
    pub short: bool,
}

/// One leader over the whole period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LeaderSummary {
    /// The leader's id.
    pub leader: String,
    /// The leader's name.
    pub name: String,
    /// Whether the leader is the principal leader.
    pub principal: bool,
    /// Months listed.
    pub months: usize,
    /// Months the leader fell short in.
    pub months_short: usize,
    /// The quotas of the months, summed.
    pub quota: u32,
    /// Field days, summed over the months (days beyond a month's quota included).
    pub days: u32,
    /// Days missing, summed over the months (a month's extra days do not make up another's).
    pub shortfall: u32,
    /// True when the leader fell short in any month.
    pub short: bool,
}

/// The whole period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldDayTotals {
    /// Months listed.
    pub months: usize,
    /// Leaders on the list.
    pub leaders: usize,
    /// Rows (`months × leaders`).
    pub rows: usize,
    /// Rows that fell short.
    pub rows_short: usize,
    /// Quotas, summed.
    pub quota: u32,
    /// Field days, summed.
    pub days: u32,
    /// Days missing, summed.
    pub shortfall: u32,
    /// Leaders who fell short in any month.
    pub leaders_short: usize,
}

/// Why a field-day line counted for nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldDayIssueKind {
    /// The leader is not on the leaders list.
    UnknownLeader,
}

/// A field-day line of a listed month that counted for nothing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldDayIssue {
    /// 1-based line number.
    pub line: usize,
    /// Why.
    pub kind: FieldDayIssueKind,
    /// The line's month.
    pub month: String,
    /// The line's date.
    pub date: NaiveDate,
    /// The line's leader.
    pub leader: String,
}

/// The field-day check over a period (rules §8).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldDayReport {
    /// The period's first date.
    pub from: NaiveDate,
    /// The period's last date.
    pub to: NaiveDate,
    /// The months overlapping it, `YYYY-MM`.
    pub months: Vec<String>,
    /// One row per month and leader: by month, then leaders in the file's order.
    pub rows: Vec<FieldDayRow>,
    /// One summary per leader, in the file's order.
    pub leaders: Vec<LeaderSummary>,
    /// The period's totals.
    pub totals: FieldDayTotals,
    /// Lines of the listed months that counted for nothing, in line order.
    pub issues: Vec<FieldDayIssue>,
}

/// Checks the leaders' field days over `from..=to` (rules §8): for every calendar month
/// overlapping the range (judged whole, see the module docs) and every leader, the distinct
/// field days, the quota and the shortfall.
pub fn field_day_shortfalls(
    leaders: &Leaders,
    log: &FieldDayLog,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<FieldDayReport, DutiesError> {
    check_range(from, to)?;
    let months = months(from, to);
    let mut issues = Vec::new();
    // (month index, leader id) → distinct dates
    let mut days: HashMap<(usize, &str), Vec<NaiveDate>> = HashMap::new();
    for d in &log.days {
        let Some(m) = months
            .iter()
            .position(|m| m.start <= d.date && d.date <= m.end)
        else {
            continue;
        };
        if !leaders.leaders().iter().any(|l| l.id == d.leader) {
            issues.push(FieldDayIssue {
                line: d.line,
                kind: FieldDayIssueKind::UnknownLeader,
                month: months.get(m).map(|p| p.label.clone()).unwrap_or_default(),
                date: d.date,
                leader: d.leader.clone(),
            });
            continue;
        }
        let dates = days.entry((m, d.leader.as_str())).or_default();
        if !dates.contains(&d.date) {
            dates.push(d.date);
        }
    }

    let mut rows = Vec::new();
    let mut summaries: Vec<LeaderSummary> = leaders
        .leaders()
        .iter()
        .map(|l| LeaderSummary {
            leader: l.id.clone(),
            name: l.name.clone(),
            principal: l.principal,
            months: 0,
            months_short: 0,
            quota: 0,
            days: 0,
            shortfall: 0,
            short: false,
        })
        .collect();
    for (m, month) in months.iter().enumerate() {
        for (l, summary) in leaders.leaders().iter().zip(summaries.iter_mut()) {
            let mut dates = days.remove(&(m, l.id.as_str())).unwrap_or_default();
            dates.sort_unstable();
            let quota = leaders.quota_of(l);
            let count = u32::try_from(dates.len()).unwrap_or(u32::MAX);
            let shortfall = quota.saturating_sub(count);
            summary.months += 1;
            summary.months_short += usize::from(shortfall > 0);
            summary.quota = summary.quota.saturating_add(quota);
            summary.days = summary.days.saturating_add(count);
            summary.shortfall = summary.shortfall.saturating_add(shortfall);
            summary.short |= shortfall > 0;
            rows.push(FieldDayRow {
                month: month.label.clone(),
                month_start: month.start,
                month_end: month.end,
                partial: month.partial,
                days_in_range: month.days_in_range,
                leader: l.id.clone(),
                name: l.name.clone(),
                principal: l.principal,
                quota,
                days: count,
                dates,
                shortfall,
                short: shortfall > 0,
            });
        }
    }
    issues.sort_by_key(|i| i.line);
    let totals = FieldDayTotals {
        months: months.len(),
        leaders: summaries.len(),
        rows: rows.len(),
        rows_short: rows.iter().filter(|r| r.short).count(),
        quota: sum(summaries.iter().map(|s| s.quota)),
        days: sum(summaries.iter().map(|s| s.days)),
        shortfall: sum(summaries.iter().map(|s| s.shortfall)),
        leaders_short: summaries.iter().filter(|s| s.short).count(),
    };
    Ok(FieldDayReport {
        from,
        to,
        months: months.into_iter().map(|m| m.label).collect(),
        rows,
        leaders: summaries,
        totals,
        issues,
    })
}

/// A saturating sum (a range of centuries with many leaders cannot overflow into a panic).
fn sum(values: impl Iterator<Item = u32>) -> u32 {
    values.fold(0, u32::saturating_add)
}
