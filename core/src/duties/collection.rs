//! The weekly-collection check (问题征询, rules §8): per ISO week and territory, the enterprises
//! not consulted and whether the week's report was filed.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

use super::{
    check_range, monday_of, parse_week, weeks, CollectionLog, DutiesError, Period, Register,
    RegisteredEnterprise,
};

/// One ISO week of one territory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CollectionRow {
    /// The ISO week, `YYYY-Www`.
    pub week: String,
    /// Its Monday.
    pub week_start: NaiveDate,
    /// Its Sunday.
    pub week_end: NaiveDate,
    /// True when the week is not wholly inside the range (it is still judged whole).
    pub partial: bool,
    /// How many of its days are inside the range (1–7).
    pub days_in_range: u32,
    /// The territory.
    pub territory: String,
    /// Enterprises and projects on its register (the week's required consultations).
    pub required: usize,
    /// Of those, how many it consulted that week (each counts once).
    pub consulted: usize,
    /// The ids of those it did not consult, in register order.
    pub missing: Vec<String>,
    /// `required - consulted`.
    pub shortfall: usize,
    /// Whether a `weekly_report` for this week and territory is in the log.
    pub report_filed: bool,
    /// When the first such report was filed.
    pub reported_at: Option<DateTime<FixedOffset>>,
    /// True when an enterprise was missed or the report is missing.
    pub short: bool,
}

/// One territory over the whole period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TerritorySummary {
    /// The territory.
    pub territory: String,
    /// Enterprises and projects on its register.
    pub enterprises: usize,
    /// Weeks listed.
    pub weeks: usize,
    /// Weeks it fell short in.
    pub weeks_short: usize,
    /// Consultations required (`enterprises × weeks`).
    pub required: usize,
    /// Consultations made (distinct enterprise-weeks).
    pub consulted: usize,
    /// Enterprise-weeks missed.
    pub shortfall: usize,
    /// Weeks with no report.
    pub reports_missing: usize,
    /// True when it fell short in any week.
    pub short: bool,
}

/// The whole period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CollectionTotals {
    /// Weeks listed.
    pub weeks: usize,
    /// Territories on the register.
    pub territories: usize,
    /// Rows (`weeks × territories`).
    pub rows: usize,
    /// Rows that fell short.
    pub rows_short: usize,
    /// Consultations required.
    pub required: usize,
    /// Consultations made.
    pub consulted: usize,
    /// Enterprise-weeks missed.
    pub shortfall: usize,
    /// Week reports missing.
    pub reports_missing: usize,
    /// Territories that fell short in any week.
    pub territories_short: usize,
}

/// Why a collection-log line counted for nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CollectionIssueKind {
    /// A consultation of an enterprise that is not on the register.
    UnregisteredEnterprise,
    /// A consultation by a territory other than the enterprise's own (it does not count for the
    /// enterprise's territory).
    TerritoryMismatch,
    /// A weekly report of a territory with no enterprise on the register.
    UnregisteredTerritory,
}

/// A collection-log line of a listed week that counted for nothing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CollectionIssue {
    /// 1-based line number.
    pub line: usize,
    /// Why.
    pub kind: CollectionIssueKind,
    /// The line's ISO week.
    pub week: String,
    /// The line's territory.
    pub territory: String,
    /// The line's enterprise (consultations).
    pub enterprise: Option<String>,
    /// The enterprise's territory on the register (`territory_mismatch`).
    pub registered_territory: Option<String>,
}

/// The weekly-collection check over a period (rules §8).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CollectionReport {
    /// The period's first date.
    pub from: NaiveDate,
    /// The period's last date.
    pub to: NaiveDate,
    /// The ISO weeks overlapping it.
    pub weeks: Vec<String>,
    /// One row per week and territory: by week, then territories in register order.
    pub rows: Vec<CollectionRow>,
    /// One summary per territory, in register order.
    pub territories: Vec<TerritorySummary>,
    /// The period's totals.
    pub totals: CollectionTotals,
    /// Lines of the listed weeks that counted for nothing, in line order.
    pub issues: Vec<CollectionIssue>,
}

/// Checks the weekly collection (问题征询) over `from..=to` (rules §8): for every ISO week
/// overlapping the range (judged whole, see the module docs) and every territory of the
/// register, the enterprises not consulted and whether the week's report was filed.
///
/// A consultation counts for an enterprise when its territory is the enterprise's territory on
/// the register and its date (+08:00) falls in the week; several in a week count once. A report
/// counts for the week it names, whenever it was filed (the first one's instant is given).
pub fn collection_shortfalls(
    register: &Register,
    log: &CollectionLog,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<CollectionReport, DutiesError> {
    check_range(from, to)?;
    let weeks = weeks(from, to);
    let territories = register.by_territory();
    let evidence = Evidence::gather(register, log, &weeks, &territories);

    let mut rows = Vec::new();
    let mut summaries: Vec<TerritorySummary> = territories
        .iter()
        .map(|(t, list)| TerritorySummary {
            territory: (*t).to_owned(),
            enterprises: list.len(),
            weeks: 0,
            weeks_short: 0,
            required: 0,
            consulted: 0,
            shortfall: 0,
            reports_missing: 0,
            short: false,
        })
        .collect();
    for week in &weeks {
        for ((territory, list), summary) in territories.iter().zip(summaries.iter_mut()) {
            let missing: Vec<String> = list
                .iter()
                .filter(|e| !evidence.consulted.contains(&(week.start, e.id.as_str())))
                .map(|e| e.id.clone())
                .collect();
            let reported_at = evidence.reported.get(&(week.start, *territory)).copied();
            let row = CollectionRow {
                week: week.label.clone(),
                week_start: week.start,
                week_end: week.end,
                partial: week.partial,
                days_in_range: week.days_in_range,
                territory: (*territory).to_owned(),
                required: list.len(),
                consulted: list.len() - missing.len(),
                shortfall: missing.len(),
                report_filed: reported_at.is_some(),
                reported_at,
                short: !missing.is_empty() || reported_at.is_none(),
                missing,
            };
            summary.weeks += 1;
            summary.weeks_short += usize::from(row.short);
            summary.required += row.required;
            summary.consulted += row.consulted;
            summary.shortfall += row.shortfall;
            summary.reports_missing += usize::from(!row.report_filed);
            summary.short |= row.short;
            rows.push(row);
        }
    }
    let totals = CollectionTotals {
        weeks: weeks.len(),
        territories: summaries.len(),
        rows: rows.len(),
        rows_short: rows.iter().filter(|r| r.short).count(),
        required: summaries.iter().map(|s| s.required).sum(),
        consulted: summaries.iter().map(|s| s.consulted).sum(),
        shortfall: summaries.iter().map(|s| s.shortfall).sum(),
        reports_missing: summaries.iter().map(|s| s.reports_missing).sum(),
        territories_short: summaries.iter().filter(|s| s.short).count(),
    };
    Ok(CollectionReport {
        from,
        to,
        weeks: weeks.into_iter().map(|w| w.label).collect(),
        rows,
        territories: summaries,
        totals,
        issues: evidence.issues,
    })
}

/// What the log shows for the listed weeks.
struct Evidence<'a> {
    /// (week's Monday, enterprise id) of every consultation that counts.
    consulted: HashSet<(NaiveDate, &'a str)>,
    /// (week's Monday, territory) → the first report's instant.
    reported: HashMap<(NaiveDate, &'a str), DateTime<FixedOffset>>,
    /// Lines that count for nothing, in line order.
    issues: Vec<CollectionIssue>,
}

impl<'a> Evidence<'a> {
    fn gather(
        register: &'a Register,
        log: &'a CollectionLog,
        weeks: &[Period],
        territories: &[(&str, Vec<&RegisteredEnterprise>)],
    ) -> Evidence<'a> {
        let listed: HashMap<NaiveDate, &str> =
            weeks.iter().map(|w| (w.start, w.label.as_str())).collect();
        let registered: HashMap<&str, &RegisteredEnterprise> = register
            .enterprises()
            .iter()
            .map(|e| (e.id.as_str(), e))
            .collect();
        let mut out = Evidence {
            consulted: HashSet::new(),
            reported: HashMap::new(),
            issues: Vec::new(),
        };
        for c in &log.consultations {
            let Some(week) = monday_of(c.at.date_naive()) else {
                continue;
            };
            let Some(label) = listed.get(&week) else {
                continue;
            };
            let issue = |kind, registered_territory: Option<&str>| CollectionIssue {
                line: c.line,
                kind,
                week: (*label).to_owned(),
                territory: c.territory.clone(),
                enterprise: Some(c.enterprise.clone()),
                registered_territory: registered_territory.map(str::to_owned),
            };
            match registered.get(c.enterprise.as_str()) {
                None => out
                    .issues
                    .push(issue(CollectionIssueKind::UnregisteredEnterprise, None)),
                Some(e) if e.territory != c.territory => out.issues.push(issue(
                    CollectionIssueKind::TerritoryMismatch,
                    Some(&e.territory),
                )),
                Some(_) => {
                    out.consulted.insert((week, c.enterprise.as_str()));
                }
            }
        }
        for r in &log.reports {
            let Some(week) = parse_week(&r.week) else {
                continue;
            };
            let Some(label) = listed.get(&week) else {
                continue;
            };
            if !territories.iter().any(|(t, _)| *t == r.territory) {
                out.issues.push(CollectionIssue {
                    line: r.line,
                    kind: CollectionIssueKind::UnregisteredTerritory,
                    week: (*label).to_owned(),
                    territory: r.territory.clone(),
                    enterprise: None,
                    registered_territory: None,
                });
                continue;
            }
            out.reported
                .entry((week, r.territory.as_str()))
                .and_modify(|at| *at = (*at).min(r.at))
                .or_insert(r.at);
        }
        out.issues.sort_by_key(|i| i.line);
        out
    }
}
