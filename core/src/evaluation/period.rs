//! Periods of evaluation (rules §7): a month, a quarter, a half year, a year, or any date range.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

use super::EvaluationError;
use crate::deadline::end_of_day;
use crate::policy::ClockTime;
use crate::time::parse_date;

/// The kind of a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PeriodKind {
    /// A calendar month (`2026-10`).
    Month,
    /// A quarter (`2026-Q4`).
    Quarter,
    /// A half year (`2026-H2`).
    Half,
    /// A year (`2026`).
    Year,
    /// Any date range (`2026-10-01..2026-10-31`, both days included).
    Range,
}

/// A period of evaluation: its label and its first and last days (inclusive).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Period {
    /// As written (`2026-10`, `2026-Q4`, …).
    pub label: String,
    /// Its kind.
    pub kind: PeriodKind,
    /// First day.
    pub from: NaiveDate,
    /// Last day (inclusive).
    pub to: NaiveDate,
}

fn last_day_of_month(year: i32, month: u32) -> Option<NaiveDate> {
    let (y, m) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    NaiveDate::from_ymd_opt(y, m, 1)?.pred_opt()
}

impl Period {
    /// Reads `2026-10`, `2026-Q4`, `2026-H2`, `2026` or `2026-10-01..2026-10-31`.
    pub fn parse(text: &str) -> Result<Period, EvaluationError> {
        let t = text.trim();
        let bad = || EvaluationError::InvalidPeriod {
            text: text.to_owned(),
        };
        let year = |s: &str| -> Result<i32, EvaluationError> {
            if s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()) {
                s.parse().map_err(|_| bad())
            } else {
                Err(bad())
            }
        };
        let span = |kind, y: i32, m1: u32, m2: u32| -> Result<Period, EvaluationError> {
            Ok(Period {
                label: t.to_owned(),
                kind,
                from: NaiveDate::from_ymd_opt(y, m1, 1).ok_or_else(bad)?,
                to: last_day_of_month(y, m2).ok_or_else(bad)?,
            })
        };
        if let Some((a, b)) = t.split_once("..") {
            let (from, to) = (
                parse_date(a).map_err(|_| bad())?,
                parse_date(b).map_err(|_| bad())?,
            );
            if from > to {
                return Err(bad());
            }
            return Ok(Period {
                label: t.to_owned(),
                kind: PeriodKind::Range,
                from,
                to,
            });
        }
        match t.split_once('-') {
            None => span(PeriodKind::Year, year(t)?, 1, 12),
            Some((y, rest)) => {
                let y = year(y)?;
                match rest.as_bytes() {
                    [b'Q' | b'q', q @ b'1'..=b'4'] => {
                        let q = u32::from(q - b'0');
                        span(PeriodKind::Quarter, y, q * 3 - 2, q * 3)
                    }
                    [b'H' | b'h', h @ b'1'..=b'2'] => {
                        let h = u32::from(h - b'0');
                        span(PeriodKind::Half, y, h * 6 - 5, h * 6)
                    }
                    [m1 @ b'0'..=b'1', m2 @ b'0'..=b'9'] => {
                        let m = u32::from(m1 - b'0') * 10 + u32::from(m2 - b'0');
                        if (1..=12).contains(&m) {
                            span(PeriodKind::Month, y, m, m)
                        } else {
                            Err(bad())
                        }
                    }
                    _ => Err(bad()),
                }
            }
        }
    }

    /// The first instant (00:00 of the first day, +08:00).
    pub fn start(&self) -> DateTime<FixedOffset> {
        crate::time::from_local(self.from.and_time(NaiveTime::MIN))
    }

    /// The end instant (24:00 of the last day, +08:00), not included.
    pub fn end(&self) -> DateTime<FixedOffset> {
        end_of_day(self.to, ClockTime::END_OF_DAY)
    }

    /// Whether an instant falls in the period, from 00:00 of its first day up to (not including)
    /// 24:00 of its last. A limit's end instant is 24:00 of its last day, that is 00:00 of the
    /// next: a limit whose last day is 31 October ends on 1 November and is November's.
    pub fn contains(&self, t: &DateTime<FixedOffset>) -> bool {
        *t >= self.start() && *t < self.end()
    }
}

/// The period's year and month for a product label (`2026-10` → 2026 年 10 月).
pub fn period_label_zh(period: &Period) -> String {
    match period.kind {
        PeriodKind::Month => format!("{}年{}月", period.from.year(), period.from.month()),
        PeriodKind::Quarter => format!(
            "{}年第{}季度",
            period.from.year(),
            period.from.month().div_ceil(3)
        ),
        PeriodKind::Half => format!(
            "{}年{}",
            period.from.year(),
            if period.from.month() <= 6 {
                "上半年"
            } else {
                "下半年"
            }
        ),
        PeriodKind::Year => format!("{}年", period.from.year()),
        PeriodKind::Range => format!("{}至{}", period.from, period.to),
    }
}
