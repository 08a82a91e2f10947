//! Duties (rules §8; guideline §二(一) 问题征询, §二(四) 现场推进): the weekly collection of
//! problems by the territories and the city leaders' field days, checked from logs.
//!
//! **Weekly collection (问题征询).** Each territory (属地: a town/street, 镇街, or the development
//! zone, 经济技术开发区管委会) consults every enterprise and project on its **register** at least once
//! per ISO week (Monday–Sunday) and reports the week's summary to the center (每周报推进中心).
//! [`collection_shortfalls`] reads a [`Register`] and a [`CollectionLog`] and gives, per ISO week
//! and territory, the enterprises not consulted, the count consulted / required and whether the
//! week's report was filed.
//!
//! **Leader field days (市政府领导深入一线).** The city's principal leader (市政府主要领导) spends at
//! least one day per month on enterprise / project sites, every other city leader at least two.
//! The quotas are fields of the [`Leaders`] file (`principal_quota`, default
//! [`PRINCIPAL_QUOTA`] = 1; `other_quota`, default [`OTHER_QUOTA`] = 2; a leader's own `quota`
//! overrides both). [`field_day_shortfalls`] reads the leaders and a [`FieldDayLog`] and gives,
//! per month and leader, the distinct field days, the quota and the shortfall.
//!
//! **Periods.** Both checks run over an inclusive date range `from..=to`. Every ISO week (or
//! calendar month) that overlaps the range is listed and judged **whole**: the duty is "once a
//! week" (or "N days a month"), so a consultation on a day of the week outside the range still
//! counts for that week. A week or month not wholly inside the range is flagged `partial`, with
//! the number of its days inside the range (`days_in_range`). A range aligned to weeks (or months)
//! has no partial periods; ranges that share a partial week both list it.
//!
//! **Logs are data.** A line that cannot be read is a typed error naming the line and the field
//! ([`DutiesError::InvalidLine`]); a line that reads but does not fit the register or the leaders
//! (an enterprise not on the register, a consultation by another territory, a report of a
//! territory with no register, a leader not on the list) is listed in the report's `issues` and
//! counts for nothing. The input formats are `fixtures/duties/README.md`.
//!
//! ```
//! use jiesu_core::duties::{collection_shortfalls, CollectionLog, Register};
//! use jiesu_core::time::parse_date;
//!
//! let register = Register::from_json(r#"{"enterprises": [
//!     {"id": "E1", "name": "某机械公司", "territory": "kaifaqu", "kind": "enterprise"},
//!     {"id": "E2", "name": "某产业园项目", "territory": "kaifaqu", "kind": "project"}]}"#)?;
//! let log = CollectionLog::from_jsonl(concat!(
//!     r#"{"v":1,"type":"consulted","at":"2026-10-13T10:00+08:00","territory":"kaifaqu","enterprise":"E1"}"#, "\n",
//!     r#"{"v":1,"type":"weekly_report","at":"2026-10-16T17:00+08:00","territory":"kaifaqu","week":"2026-W42"}"#,
//! ))?;
//! let report = collection_shortfalls(&register, &log, parse_date("2026-10-12")?, parse_date("2026-10-18")?)?;
//! let row = &report.rows[0];
//! assert_eq!((row.week.as_str(), row.consulted, row.required), ("2026-W42", 1, 2));
//! assert_eq!(row.missing, ["E2"]);
//! assert!(row.report_filed && row.short);
//! # Ok::<(), jiesu_core::Error>(())
//! ```

mod collection;
mod field_days;
mod input;
mod log;

use chrono::{Datelike, Days, NaiveDate, Weekday};
use thiserror::Error;

pub use collection::{
    collection_shortfalls, CollectionIssue, CollectionIssueKind, CollectionReport, CollectionRow,
    CollectionTotals, TerritorySummary,
};
pub use field_days::{
    field_day_shortfalls, FieldDayIssue, FieldDayIssueKind, FieldDayReport, FieldDayRow,
    FieldDayTotals, LeaderSummary,
};
pub use input::{EnterpriseKind, Leader, Leaders, Register, RegisteredEnterprise};
pub use log::{CollectionLog, Consultation, FieldDay, FieldDayLog, WeeklyReport};

/// The schema version of the collection and field-day logs.
pub const LOG_VERSION: u64 = 1;

/// The principal leader's default monthly quota of field days (市政府主要领导每月至少一天).
pub const PRINCIPAL_QUOTA: u32 = 1;

/// Every other city leader's default monthly quota of field days (其他市政府领导每月不少于两天).
pub const OTHER_QUOTA: u32 = 2;

/// The largest quota a leaders file may give (a month has at most 31 days).
pub const MAX_QUOTA: u32 = 31;

/// Errors reading registers, leaders and logs, and checking duties (rules §8).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum DutiesError {
    /// The register is not a register: bad JSON, an unknown or missing field, an empty id.
    #[error("invalid register: {reason}")]
    InvalidRegister {
        /// What is wrong.
        reason: String,
    },
    /// Two enterprises of the register share an id.
    #[error("duplicate enterprise id {id:?} in the register")]
    DuplicateEnterprise {
        /// The id.
        id: String,
    },
    /// An enterprise's territory is not a territory (town/street or development zone) of the
    /// dispatch directory.
    #[error("enterprise {enterprise:?}: territory {territory:?} is not a town/street or the development zone of the dispatch directory")]
    UnknownTerritory {
        /// The enterprise id.
        enterprise: String,
        /// The territory given.
        territory: String,
    },
    /// The leaders file is not a leaders file: bad JSON, an unknown or missing field, an empty
    /// id, two principal leaders, a quota above 31.
    #[error("invalid leaders: {reason}")]
    InvalidLeaders {
        /// What is wrong.
        reason: String,
    },
    /// Two leaders share an id.
    #[error("duplicate leader id {id:?} in the leaders file")]
    DuplicateLeader {
        /// The id.
        id: String,
    },
    /// A log line is not a line of its log: not JSON, a missing, unknown or ill-typed field.
    #[error("line {line}{}: {reason}", field.as_ref().map(|f| format!(" (field `{f}`)")).unwrap_or_default())]
    InvalidLine {
        /// 1-based line number (blank lines count).
        line: usize,
        /// The field at fault, when one is.
        field: Option<String>,
        /// What is wrong.
        reason: String,
    },
    /// A log line's `v` is not a version this library reads.
    #[error("line {line}: unsupported log schema version {v}: this library reads v1")]
    UnsupportedVersion {
        /// 1-based line number.
        line: usize,
        /// The `v` given, as JSON.
        v: String,
    },
    /// The period's first date is after its last.
    #[error("invalid period {from}..={to}: the first date is after the last")]
    InvalidRange {
        /// The first date.
        from: NaiveDate,
        /// The last date.
        to: NaiveDate,
    },
    /// The period is longer than a check may span
    /// ([`MAX_RANGE_DAYS`](crate::limits::MAX_RANGE_DAYS)): a report of every week of centuries
    /// is refused, not built.
    #[error("period {from}..={to} is longer than {limit} days, the limit")]
    RangeTooLong {
        /// The first date.
        from: NaiveDate,
        /// The last date.
        to: NaiveDate,
        /// The limit in days.
        limit: i64,
    },
}

impl DutiesError {
    /// Every code of this module.
    pub const CODES: &'static [&'static str] = &[
        "duties_invalid_register",
        "duties_duplicate_enterprise",
        "duties_unknown_territory",
        "duties_invalid_leaders",
        "duties_duplicate_leader",
        "duties_invalid_line",
        "duties_unsupported_version",
        "duties_invalid_range",
        "duties_range_too_long",
    ];

    /// The stable `snake_case` code.
    pub fn code(&self) -> &'static str {
        match self {
            DutiesError::InvalidRegister { .. } => "duties_invalid_register",
            DutiesError::DuplicateEnterprise { .. } => "duties_duplicate_enterprise",
            DutiesError::UnknownTerritory { .. } => "duties_unknown_territory",
            DutiesError::InvalidLeaders { .. } => "duties_invalid_leaders",
            DutiesError::DuplicateLeader { .. } => "duties_duplicate_leader",
            DutiesError::InvalidLine { .. } => "duties_invalid_line",
            DutiesError::UnsupportedVersion { .. } => "duties_unsupported_version",
            DutiesError::InvalidRange { .. } => "duties_invalid_range",
            DutiesError::RangeTooLong { .. } => "duties_range_too_long",
        }
    }

    fn line(line: usize, field: Option<&str>, reason: impl Into<String>) -> DutiesError {
        DutiesError::InvalidLine {
            line,
            field: field.map(str::to_owned),
            reason: reason.into(),
        }
    }
}

// Weeks and months

/// The Monday of a date's ISO week.
fn monday_of(d: NaiveDate) -> Option<NaiveDate> {
    d.checked_sub_days(Days::new(u64::from(d.weekday().num_days_from_monday())))
}

/// `YYYY-Www` of the ISO week starting on `monday`.
fn week_label(monday: NaiveDate) -> String {
    let w = monday.iso_week();
    format!("{:04}-W{:02}", w.year(), w.week())
}

/// The Monday of an ISO week given as `YYYY-Www` (strict: four-digit year, two-digit week).
fn parse_week(text: &str) -> Option<NaiveDate> {
    let (year, week) = text.split_once("-W")?;
    if year.len() != 4
        || week.len() != 2
        || !year.bytes().chain(week.bytes()).all(|b| b.is_ascii_digit())
    {
        return None;
    }
    NaiveDate::from_isoywd_opt(year.parse().ok()?, week.parse().ok()?, Weekday::Mon)
}

/// The number of days of `start..=end` inside `from..=to` (they overlap).
fn days_inside(start: NaiveDate, end: NaiveDate, from: NaiveDate, to: NaiveDate) -> u32 {
    let lo = start.max(from);
    let hi = end.min(to);
    u32::try_from((hi - lo).num_days() + 1).unwrap_or(0)
}

/// A period (ISO week or calendar month) overlapping the range.
struct Period {
    label: String,
    start: NaiveDate,
    end: NaiveDate,
    partial: bool,
    days_in_range: u32,
}

impl Period {
    fn new(
        label: String,
        start: NaiveDate,
        end: NaiveDate,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Self {
        Period {
            label,
            start,
            end,
            partial: start < from || end > to,
            days_in_range: days_inside(start, end, from, to),
        }
    }
}

fn check_range(from: NaiveDate, to: NaiveDate) -> Result<(), DutiesError> {
    if from > to {
        return Err(DutiesError::InvalidRange { from, to });
    }
    let limit = crate::limits::MAX_RANGE_DAYS;
    if (to - from).num_days() >= limit {
        return Err(DutiesError::RangeTooLong { from, to, limit });
    }
    Ok(())
}

/// The ISO weeks overlapping `from..=to`.
fn weeks(from: NaiveDate, to: NaiveDate) -> Vec<Period> {
    let mut out = Vec::new();
    let mut monday = monday_of(from);
    while let Some(start) = monday.filter(|m| *m <= to) {
        let Some(end) = start.checked_add_days(Days::new(6)) else {
            break;
        };
        out.push(Period::new(week_label(start), start, end, from, to));
        monday = start.checked_add_days(Days::new(7));
    }
    out
}

/// The calendar months overlapping `from..=to`.
fn months(from: NaiveDate, to: NaiveDate) -> Vec<Period> {
    let mut out = Vec::new();
    let mut first = from.with_day(1);
    while let Some(start) = first.filter(|f| *f <= to) {
        let next = if start.month() == 12 {
            NaiveDate::from_ymd_opt(start.year() + 1, 1, 1)
        } else {
            NaiveDate::from_ymd_opt(start.year(), start.month() + 1, 1)
        };
        let Some(end) = next.and_then(|n| n.pred_opt()) else {
            break;
        };
        let label = format!("{:04}-{:02}", start.year(), start.month());
        out.push(Period::new(label, start, end, from, to));
        first = next;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::parse_date;

    fn date(s: &str) -> NaiveDate {
        parse_date(s).unwrap()
    }

    const REGISTER: &str = r#"{"enterprises": [
        {"id": "E1", "name": "甲", "territory": "kaifaqu", "kind": "enterprise"},
        {"id": "E2", "name": "乙", "territory": "kaifaqu", "kind": "项目"},
        {"id": "E3", "name": "丙", "territory": "guanqiao_zhen", "kind": "enterprise"}]}"#;

    #[test]
    fn weeks_and_labels() {
        assert_eq!(parse_week("2026-W53"), Some(date("2026-12-28")));
        assert_eq!(parse_week("2027-W53"), None); // 2027 has 52 ISO weeks
        assert_eq!(parse_week("2026-W1"), None);
        assert_eq!(parse_week("2026-w01"), None);
        assert_eq!(week_label(date("2026-12-28")), "2026-W53");
        assert_eq!(week_label(date("2024-12-30")), "2025-W01");
        let w = weeks(date("2026-10-01"), date("2026-12-31"));
        assert_eq!(w.len(), 14);
        assert_eq!(w.first().unwrap().label, "2026-W40");
        assert_eq!(w.first().unwrap().days_in_range, 4);
        assert_eq!(w.last().unwrap().label, "2026-W53");
        assert_eq!(w.last().unwrap().days_in_range, 4);
        let m = months(date("2026-11-30"), date("2027-01-01"));
        let labels: Vec<_> = m.iter().map(|p| p.label.as_str()).collect();
        assert_eq!(labels, ["2026-11", "2026-12", "2027-01"]);
        assert_eq!(m.get(1).unwrap().end, date("2026-12-31"));
        assert!(!m.get(1).unwrap().partial);
    }

    #[test]
    fn bad_lines_name_line_and_field() {
        let text = concat!(
            "\n",
            r#"{"v":1,"type":"consulted","at":"2026-10-13T10:00","territory":"kaifaqu","enterprise":"E1"}"#,
            "\n",
            r#"{"v":1,"type":"consulted","at":"2026-10-13","territory":"kaifaqu","enterprise":"E1"}"#,
        );
        let e = CollectionLog::from_jsonl(text).unwrap_err();
        assert!(
            matches!(&e, DutiesError::InvalidLine { line: 3, field: Some(f), .. } if f == "at"),
            "{e:?}"
        );
        assert!(e
            .to_string()
            .starts_with("line 3 (field `at`): invalid instant"));
        let e = FieldDayLog::from_jsonl(
            r#"{"v":1,"type":"field_day","date":"2026-10-12","leader":"m","site":"x"}"#,
        )
        .unwrap_err();
        assert!(
            matches!(&e, DutiesError::InvalidLine { line: 1, field: Some(f), .. } if f == "site")
        );
        let e = FieldDayLog::from_jsonl(r#"{"v":2,"type":"field_day"}"#).unwrap_err();
        assert_eq!(e.code(), "duties_unsupported_version");
    }

    #[test]
    fn every_code_is_listed() {
        let errors = [
            DutiesError::InvalidRegister {
                reason: String::new(),
            },
            DutiesError::DuplicateEnterprise { id: String::new() },
            DutiesError::UnknownTerritory {
                enterprise: String::new(),
                territory: String::new(),
            },
            DutiesError::InvalidLeaders {
                reason: String::new(),
            },
            DutiesError::DuplicateLeader { id: String::new() },
            DutiesError::line(1, None, ""),
            DutiesError::UnsupportedVersion {
                line: 1,
                v: String::new(),
            },
            DutiesError::InvalidRange {
                from: date("2026-10-02"),
                to: date("2026-10-01"),
            },
            DutiesError::RangeTooLong {
                from: date("1900-01-01"),
                to: date("2100-12-31"),
                limit: crate::limits::MAX_RANGE_DAYS,
            },
        ];
        let codes: Vec<&str> = errors.iter().map(DutiesError::code).collect();
        assert_eq!(codes, DutiesError::CODES);
    }

    #[test]
    fn collection_counts_whole_weeks() {
        let register = Register::from_json(REGISTER).unwrap();
        // W40 = 2026-09-28..10-04; the range starts on Thursday 10-01.
        let log = CollectionLog::from_jsonl(concat!(
            r#"{"v":1,"type":"consulted","at":"2026-09-29T10:00+08:00","territory":"kaifaqu","enterprise":"E1"}"#,
            "\n",
            r#"{"v":1,"type":"consulted","at":"2026-10-02T10:00+08:00","territory":"kaifaqu","enterprise":"E2"}"#,
            "\n",
            r#"{"v":1,"type":"consulted","at":"2026-10-02T10:00+08:00","territory":"kaifaqu","enterprise":"E3"}"#,
            "\n",
            r#"{"v":1,"type":"weekly_report","at":"2026-10-05T09:00+08:00","territory":"kaifaqu","week":"2026-W40"}"#,
        ))
        .unwrap();
        let r =
            collection_shortfalls(&register, &log, date("2026-10-01"), date("2026-10-04")).unwrap();
        assert_eq!(r.weeks, ["2026-W40"]);
        let kfq = r.rows.first().unwrap();
        assert!(kfq.partial && kfq.days_in_range == 4 && !kfq.short);
        let gq = r.rows.get(1).unwrap();
        assert_eq!(gq.missing, ["E3"]);
        assert!(!gq.report_filed);
        assert_eq!(r.issues.len(), 1);
        assert_eq!(
            r.issues.first().unwrap().kind,
            CollectionIssueKind::TerritoryMismatch
        );
        assert_eq!(r.totals.territories_short, 1);
        assert_eq!(
            collection_shortfalls(&register, &log, date("2026-10-05"), date("2026-10-04"))
                .unwrap_err()
                .code(),
            "duties_invalid_range"
        );
    }

    #[test]
    fn field_days_count_distinct_dates() {
        let leaders = Leaders::from_json(
            r#"{"leaders": [{"id": "m", "name": "市长", "principal": true},
                            {"id": "v", "name": "副市长", "principal": false, "quota": 3}]}"#,
        )
        .unwrap();
        assert_eq!(leaders.quota("m"), Some(1));
        assert_eq!(leaders.quota("v"), Some(3));
        assert_eq!(leaders.quota("x"), None);
        let log = FieldDayLog::from_jsonl(concat!(
            r#"{"v":1,"type":"field_day","date":"2026-10-12","leader":"v","enterprise":"E1"}"#,
            "\n",
            r#"{"v":1,"type":"field_day","date":"2026-10-12","leader":"v","enterprise":"E2"}"#,
            "\n",
            r#"{"v":1,"type":"field_day","date":"2026-10-20","leader":"m"}"#,
        ))
        .unwrap();
        let r =
            field_day_shortfalls(&leaders, &log, date("2026-10-01"), date("2026-10-31")).unwrap();
        let v = r.rows.get(1).unwrap();
        assert_eq!((v.days, v.quota, v.shortfall), (1, 3, 2));
        assert!(!r.rows.first().unwrap().short);
        assert_eq!(r.totals.leaders_short, 1);
    }

    #[test]
    fn loaders_refuse_bad_files() {
        let two = r#"{"leaders": [{"id": "a", "name": "A", "principal": true},
                                  {"id": "b", "name": "B", "principal": true}]}"#;
        assert_eq!(
            Leaders::from_json(two).unwrap_err().code(),
            "duties_invalid_leaders"
        );
        let dup = r#"{"enterprises": [
            {"id": "E1", "name": "甲", "territory": "kaifaqu", "kind": "enterprise"},
            {"id": "E1", "name": "乙", "territory": "kaifaqu", "kind": "project"}]}"#;
        assert_eq!(
            Register::from_json(dup).unwrap_err().code(),
            "duties_duplicate_enterprise"
        );
        assert_eq!(
            Register::from_json("[]").unwrap_err().code(),
            "duties_invalid_register"
        );
    }
}
