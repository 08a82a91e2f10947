//! The collection log (问题征询记录) and the field-day log (领导现场督导记录): JSON Lines, schema
//! v1, read by hand so that every bad line is an error naming its line and field (rules §8).

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::{parse_week, week_label, DutiesError, LOG_VERSION};
use crate::time::{parse_date, parse_instant, to_cst};

/// A `consulted` line: a territory consulted an enterprise or project (征询).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Consultation {
    /// 1-based line number in the log.
    pub line: usize,
    /// When, +08:00 (its civil date decides the ISO week).
    pub at: DateTime<FixedOffset>,
    /// The consulting territory.
    pub territory: String,
    /// The enterprise's register id.
    pub enterprise: String,
}

/// A `weekly_report` line: a territory's weekly summary to the center (每周报推进中心).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WeeklyReport {
    /// 1-based line number in the log.
    pub line: usize,
    /// When it was filed, +08:00 (not before the week's Monday).
    pub at: DateTime<FixedOffset>,
    /// The reporting territory.
    pub territory: String,
    /// The ISO week it reports on, `YYYY-Www` (e.g. `2026-W41`).
    pub week: String,
}

/// A collection log (问题征询记录), read from JSON Lines.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CollectionLog {
    /// The `consulted` lines, in log order.
    pub consultations: Vec<Consultation>,
    /// The `weekly_report` lines, in log order.
    pub reports: Vec<WeeklyReport>,
}

/// A `field_day` line: a leader's day on enterprise / project sites (深入一线督导).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldDay {
    /// 1-based line number in the log.
    pub line: usize,
    /// The day.
    pub date: NaiveDate,
    /// The leader's id.
    pub leader: String,
    /// The enterprise or project visited, if given (not checked; it does not change the count).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enterprise: Option<String>,
}

/// A field-day log (领导现场督导记录), read from JSON Lines.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldDayLog {
    /// The `field_day` lines, in log order.
    pub days: Vec<FieldDay>,
}

/// The fields of one log line, taken one by one; what is left at the end is unknown.
struct Line {
    number: usize,
    map: Map<String, Value>,
}

fn type_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

impl Line {
    /// Reads a line's object and its common fields (`v`, `type`, `ext`); returns the type.
    fn open(number: usize, text: &str, types: &[&str]) -> Result<(Line, String), DutiesError> {
        if let Some(why) = crate::limits::json_too_deep(text) {
            return Err(DutiesError::line(number, None, why));
        }
        let value: Value = serde_json::from_str(text)
            .map_err(|e| DutiesError::line(number, None, format!("not JSON: {e}")))?;
        let Value::Object(map) = value else {
            return Err(DutiesError::line(
                number,
                None,
                "a log line is a JSON object with named fields",
            ));
        };
        let mut line = Line { number, map };
        match line.map.remove("v") {
            None => {
                return Err(DutiesError::line(
                    number,
                    Some("v"),
                    "missing: the schema version",
                ))
            }
            Some(Value::Number(n)) if n.as_u64() == Some(LOG_VERSION) => {}
            Some(other) => {
                return Err(DutiesError::UnsupportedVersion {
                    line: number,
                    v: other.to_string(),
                })
            }
        }
        let kind = line.string("type")?;
        if !types.contains(&kind.as_str()) {
            return Err(DutiesError::line(
                number,
                Some("type"),
                format!(
                    "{kind:?} is not a type of this log: expected {}",
                    types.join(" or ")
                ),
            ));
        }
        match line.map.remove("ext") {
            None | Some(Value::Null | Value::Object(_)) => {}
            Some(other) => {
                return Err(DutiesError::line(
                    number,
                    Some("ext"),
                    format!(
                        "expected a JSON object (free-form, ignored), got {}",
                        type_of(&other)
                    ),
                ))
            }
        }
        Ok((line, kind))
    }

    /// A required, non-empty string.
    fn string(&mut self, key: &str) -> Result<String, DutiesError> {
        match self.map.remove(key) {
            None | Some(Value::Null) => Err(DutiesError::line(self.number, Some(key), "missing")),
            Some(Value::String(s)) if s.trim().is_empty() => {
                Err(DutiesError::line(self.number, Some(key), "empty"))
            }
            Some(Value::String(s)) => Ok(s),
            Some(other) => Err(DutiesError::line(
                self.number,
                Some(key),
                format!("expected a string, got {}", type_of(&other)),
            )),
        }
    }

    /// An optional, non-empty string (`null` is absent).
    fn opt_string(&mut self, key: &str) -> Result<Option<String>, DutiesError> {
        if matches!(self.map.get(key), None | Some(Value::Null)) {
            self.map.remove(key);
            return Ok(None);
        }
        self.string(key).map(Some)
    }

    fn instant(&mut self, key: &str) -> Result<DateTime<FixedOffset>, DutiesError> {
        let text = self.string(key)?;
        parse_instant(&text)
            .map(|t| to_cst(&t))
            .map_err(|e| DutiesError::line(self.number, Some(key), e.to_string()))
    }

    fn date(&mut self, key: &str) -> Result<NaiveDate, DutiesError> {
        let text = self.string(key)?;
        parse_date(&text).map_err(|e| DutiesError::line(self.number, Some(key), e.to_string()))
    }

    /// Fails on the field left over that sorts first (whatever the map keeps its keys in).
    fn finish(self, kind: &str) -> Result<(), DutiesError> {
        match self.map.keys().min() {
            None => Ok(()),
            Some(k) => Err(DutiesError::line(
                self.number,
                Some(k),
                format!("unknown field for a `{kind}` line"),
            )),
        }
    }
}

/// The non-blank lines of a JSON Lines text, with their 1-based numbers (a UTF-8 BOM at the start
/// of a line and CRLF line ends are accepted; blank lines are skipped but counted).
fn lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim_start_matches('\u{feff}').trim()))
        .filter(|(_, l)| !l.is_empty())
}

impl CollectionLog {
    /// Reads a collection log from JSON Lines: `{"v":1,"type":"consulted","at","territory",
    /// "enterprise"}` and `{"v":1,"type":"weekly_report","at","territory","week"}` (an optional
    /// `ext` object is accepted and ignored). The first bad line fails the read
    /// (`duties_invalid_line` naming the line and field, or `duties_unsupported_version`). A
    /// report filed before its week's Monday is a bad line (field `week`).
    pub fn from_jsonl(text: &str) -> Result<CollectionLog, DutiesError> {
        let mut log = CollectionLog::default();
        for (number, text) in lines(text) {
            let (mut line, kind) = Line::open(number, text, &["consulted", "weekly_report"])?;
            let at = line.instant("at")?;
            let territory = line.string("territory")?;
            if kind == "consulted" {
                let enterprise = line.string("enterprise")?;
                line.finish(&kind)?;
                log.consultations.push(Consultation {
                    line: number,
                    at,
                    territory,
                    enterprise,
                });
            } else {
                let week = line.string("week")?;
                let Some(start) = parse_week(&week) else {
                    return Err(DutiesError::line(
                        number,
                        Some("week"),
                        format!("{week:?} is not an ISO week: expected YYYY-Www, e.g. 2026-W41"),
                    ));
                };
                if at.date_naive() < start {
                    return Err(DutiesError::line(
                        number,
                        Some("week"),
                        format!(
                            "a report filed on {} cannot be for week {week}, which starts on {start}",
                            at.date_naive()
                        ),
                    ));
                }
                line.finish(&kind)?;
                log.reports.push(WeeklyReport {
                    line: number,
                    at,
                    territory,
                    week: week_label(start),
                });
            }
        }
        Ok(log)
    }
}

impl FieldDayLog {
    /// Reads a field-day log from JSON Lines: `{"v":1,"type":"field_day","date","leader",
    /// "enterprise"?}` (an optional `ext` object is accepted and ignored). The first bad line
    /// fails the read (`duties_invalid_line` naming the line and field, or
    /// `duties_unsupported_version`).
    pub fn from_jsonl(text: &str) -> Result<FieldDayLog, DutiesError> {
        let mut log = FieldDayLog::default();
        for (number, text) in lines(text) {
            let (mut line, kind) = Line::open(number, text, &["field_day"])?;
            let date = line.date("date")?;
            let leader = line.string("leader")?;
            let enterprise = line.opt_string("enterprise")?;
            line.finish(&kind)?;
            log.days.push(FieldDay {
                line: number,
                date,
                leader,
                enterprise,
            });
        }
        Ok(log)
    }
}
