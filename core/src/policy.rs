//! The policy (profile): every knob of the rule book in one serialisable value.
//!
//! The default profile, [`Policy::seed`], reproduces every clause of the rule book as written.
//! A profile is read from JSON with unknown knobs rejected, so a typo never silently falls back
//! to a default; knobs left out take the seed value.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use thiserror::Error;

use crate::calendar::BeyondCoverage;

/// Errors reading or checking a policy.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum PolicyError {
    /// The text is not a policy: bad JSON, an unknown knob, or a value of the wrong type.
    #[error("invalid policy JSON: {reason}")]
    InvalidJson {
        /// The parser's message.
        reason: String,
    },
    /// A knob has a value the rules cannot use.
    #[error("invalid value for policy knob `{knob}`: {reason}")]
    InvalidValue {
        /// The knob.
        knob: &'static str,
        /// Why.
        reason: String,
    },
}

impl PolicyError {
    /// Every code of this module.
    pub const CODES: &'static [&'static str] = &["policy_invalid_json", "policy_invalid_value"];

    /// The stable `snake_case` code.
    pub fn code(&self) -> &'static str {
        match self {
            PolicyError::InvalidJson { .. } => "policy_invalid_json",
            PolicyError::InvalidValue { .. } => "policy_invalid_value",
        }
    }
}

/// When a unit's clock starts (rules §4, knob `clock_start`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClockStart {
    /// When the work order is dispatched to the unit (default).
    #[default]
    Dispatched,
    /// When the unit signs for it (签收).
    Signed,
}

/// A time of day from `00:00` to `24:00` inclusive, in minutes; serialised as `"HH:MM"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ClockTime(u16);

impl ClockTime {
    /// 24:00, the end of the day.
    pub const END_OF_DAY: ClockTime = ClockTime(24 * 60);

    /// A time from minutes after midnight (`0..=1440`).
    pub fn from_minutes(minutes: u16) -> Option<ClockTime> {
        (minutes <= 24 * 60).then_some(ClockTime(minutes))
    }

    /// Minutes after midnight.
    pub fn minutes(self) -> u16 {
        self.0
    }

    /// Reads `"HH:MM"` (`"24:00"` allowed).
    pub fn parse(text: &str) -> Option<ClockTime> {
        let (h, m) = text.split_once(':')?;
        if h.len() != 2 || m.len() != 2 {
            return None;
        }
        let (h, m): (u16, u16) = (h.parse().ok()?, m.parse().ok()?);
        if m >= 60 {
            return None;
        }
        ClockTime::from_minutes(h * 60 + m)
    }
}

impl fmt::Display for ClockTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.0 / 60, self.0 % 60)
    }
}

impl Serialize for ClockTime {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for ClockTime {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        ClockTime::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "invalid time of day {text:?}: expected HH:MM from 00:00 to 24:00"
            ))
        })
    }
}

/// Every knob of the rule book, with the seed defaults.
// Each bool is a knob of the rule book, named as it names it; enums would rename them.
#[allow(clippy::struct_excessive_bools)]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Policy {
    /// The profile's name (`seed` for the default).
    pub name: String,
    /// §1 `beyond_coverage`: fail outside calendar coverage (default) or answer provisionally.
    pub beyond_coverage: BeyondCoverage,
    /// §4 `clock_start`: dispatched (default) or signed.
    pub clock_start: ClockStart,
    /// §4 `count_start_day` (含本数): when true, a working start day before `intake_cutoff` is
    /// day 1. Default false (民法典 arts. 201/203: the start day is not counted).
    pub count_start_day: bool,
    /// §4 `intake_cutoff`: with `count_start_day`, the start day counts only if the clock
    /// started strictly before this time. Default `24:00` (any time of day).
    pub intake_cutoff: ClockTime,
    /// §4 `day_end`: when a day of a time limit ends. Default `24:00`.
    pub day_end: ClockTime,
    /// §4 first feedback (报结果/申请销号) limit in working days. Default 5.
    pub feedback_working_days: u32,
    /// §4 redo (重新办理) limit after a return, in working days. Default 3.
    pub redo_working_days: u32,
    /// §4 `max_plan_working_days`: cap on a solution plan's completion date, counted from the
    /// clock start. Default none.
    pub max_plan_working_days: Option<u32>,
    /// §5 `territory_limit`: a territory handling a demand at its own level (本级解决) runs the
    /// feedback limit too. Default true.
    pub territory_limit: bool,
    /// §6 `card_co_units`: co-units (协办) get the notices and yellow cards of a missed limit
    /// too. Default false: the lead answers for the order.
    pub card_co_units: bool,
    /// §6 `consecutive`: what "two consecutive yellow cards" means. Default `events`.
    pub consecutive: Consecutive,
    /// §6 `reset_yearly`: streaks restart on 1 January. Default true.
    pub reset_yearly: bool,
}

/// What "consecutive" cards are (rules §6, knob `consecutive`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Consecutive {
    /// Successive cards of the unit with no on-time reply by that unit in between (default).
    #[default]
    Events,
    /// Cards in consecutive calendar months (a month with at least one yellow counts once).
    Periods,
}

impl Default for Policy {
    fn default() -> Self {
        Policy::seed()
    }
}

impl Policy {
    /// The `seed` profile: the rule book as written.
    pub fn seed() -> Policy {
        Policy {
            name: "seed".to_owned(),
            beyond_coverage: BeyondCoverage::Error,
            clock_start: ClockStart::Dispatched,
            count_start_day: false,
            intake_cutoff: ClockTime::END_OF_DAY,
            day_end: ClockTime::END_OF_DAY,
            feedback_working_days: 5,
            redo_working_days: 3,
            max_plan_working_days: None,
            territory_limit: true,
            card_co_units: false,
            consecutive: Consecutive::Events,
            reset_yearly: true,
        }
    }

    /// Reads a profile from JSON; knobs left out take the seed value, unknown knobs are errors.
    pub fn from_json(text: &str) -> Result<Policy, PolicyError> {
        let policy: Policy =
            crate::json::from_object(text).map_err(|reason| PolicyError::InvalidJson { reason })?;
        policy.validate()?;
        Ok(policy)
    }

    /// The profile as JSON (every knob, so that it can be stored next to results).
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Checks the knobs' values.
    pub fn validate(&self) -> Result<(), PolicyError> {
        let limit = |knob: &'static str, v: u32| {
            if (1..=1000).contains(&v) {
                Ok(())
            } else {
                Err(PolicyError::InvalidValue {
                    knob,
                    reason: format!("{v} working days: expected 1..=1000"),
                })
            }
        };
        limit("feedback_working_days", self.feedback_working_days)?;
        limit("redo_working_days", self.redo_working_days)?;
        if let Some(cap) = self.max_plan_working_days {
            limit("max_plan_working_days", cap)?;
        }
        if self.day_end.minutes() == 0 {
            return Err(PolicyError::InvalidValue {
                knob: "day_end",
                reason: "a day cannot end at 00:00".into(),
            });
        }
        if self.name.trim().is_empty() {
            return Err(PolicyError::InvalidValue {
                knob: "name",
                reason: "a profile needs a name".into(),
            });
        }
        Ok(())
    }
}
