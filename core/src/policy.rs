//! The policy (profile): every knob of the rule book in one serialisable value.
//!
//! The default profile, [`Policy::seed`], reproduces every clause of the rule book as written.
//! A profile is read from JSON with unknown knobs rejected, so a typo never silently falls back
//! to a default; knobs left out take the seed value.

use std::cell::RefCell;
use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use thiserror::Error;

use crate::calendar::BeyondCoverage;
use crate::exact::{Dec, Ratio};
use crate::limits::LimitKnobs;

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
    /// The profile's name (`seed` for the default). A profile read from JSON without a name is
    /// `custom`, never `seed`: the name in an audit trail must not claim knobs it does not have
    /// (the [`fingerprint`](Policy::fingerprint) tells profiles apart whatever their names).
    #[serde(default = "custom_name")]
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
    /// §7 evaluation (评价督导): satisfaction points, score weights, deductions, ranking. The
    /// guideline gives no formula: the defaults are the rule book's assumption.
    pub evaluation: EvaluationKnobs,
    /// Service limits a large city may raise (not a rule of the guideline: see
    /// [`crate::limits`]): events per demand (1,000) and demands a stream holds open
    /// (1,000,000).
    pub limits: LimitKnobs,
}

/// §7 knobs of the composite score and the ranking.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct EvaluationKnobs {
    /// Points per satisfaction level (100/80/60/0).
    pub points: SatisfactionPoints,
    /// Weights of the score's parts (30/30/40), any scale: the score is their weighted mean.
    pub weights: ScoreWeights,
    /// Points deducted per card and per false feedback (1/3/5).
    pub deductions: Deductions,
    /// Units with fewer due replies in the period are listed but not ranked. Default 1.
    pub min_ranked_cases: u32,
    /// How many of the last ranked units of a group are flagged for a written
    /// self-examination (书面检查) in the annual evaluation. Default 2.
    pub bottom_flagged: u32,
    /// The ranking groups where the annual bottom units are flagged (年度测评后两位的镇街和市直部门).
    /// Default `towns_streets` and `departments`.
    pub bottom_groups: Vec<String>,
}

impl Default for EvaluationKnobs {
    fn default() -> Self {
        EvaluationKnobs {
            points: SatisfactionPoints::default(),
            weights: ScoreWeights::default(),
            deductions: Deductions::default(),
            min_ranked_cases: 1,
            bottom_flagged: 2,
            bottom_groups: vec!["towns_streets".to_owned(), "departments".to_owned()],
        }
    }
}

/// Points per satisfaction level (附件5).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SatisfactionPoints {
    /// 非常满意. Default 100.
    pub very_satisfied: Dec,
    /// 比较满意. Default 80.
    pub fairly_satisfied: Dec,
    /// 基本满意. Default 60.
    pub basically_satisfied: Dec,
    /// 不满意. Default 0.
    pub unsatisfied: Dec,
}

impl Default for SatisfactionPoints {
    fn default() -> Self {
        SatisfactionPoints {
            very_satisfied: Dec::int(100),
            fairly_satisfied: Dec::int(80),
            basically_satisfied: Dec::int(60),
            unsatisfied: Dec::int(0),
        }
    }
}

/// Weights of the composite score's parts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ScoreWeights {
    /// The on-time rate (按时反馈率). Default 30.
    pub on_time: Dec,
    /// The resolution rate (解决率). Default 30.
    pub resolution: Dec,
    /// Mean satisfaction points (满意度). Default 40.
    pub satisfaction: Dec,
}

impl Default for ScoreWeights {
    fn default() -> Self {
        ScoreWeights {
            on_time: Dec::int(30),
            resolution: Dec::int(30),
            satisfaction: Dec::int(40),
        }
    }
}

/// Points deducted from the composite score.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Deductions {
    /// Per yellow card (黄牌). Default 1.
    pub yellow_card: Dec,
    /// Per red card (红牌). Default 3.
    pub red_card: Dec,
    /// Per false feedback (虚假反馈). Default 5.
    pub false_feedback: Dec,
}

impl Default for Deductions {
    fn default() -> Self {
        Deductions {
            yellow_card: Dec::int(1),
            red_card: Dec::int(3),
            false_feedback: Dec::int(5),
        }
    }
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

/// [`Policy::fingerprint`], remembering the last profile's (per thread): every deadline carries
/// it, and comparing the knobs costs far less than writing them out.
fn memoised_fingerprint(policy: &Policy) -> String {
    thread_local! {
        static LAST: RefCell<Option<(Policy, String)>> = const { RefCell::new(None) };
    }
    LAST.with(|last| {
        let Ok(mut last) = last.try_borrow_mut() else {
            return policy.compute_fingerprint();
        };
        match &*last {
            Some((known, fingerprint)) if known == policy => fingerprint.clone(),
            _ => {
                let fingerprint = policy.compute_fingerprint();
                *last = Some((policy.clone(), fingerprint.clone()));
                fingerprint
            }
        }
    })
}

/// The name of a profile read without one.
fn custom_name() -> String {
    "custom".to_owned()
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
            evaluation: EvaluationKnobs::default(),
            limits: LimitKnobs::default(),
        }
    }

    /// Reads a profile from JSON; knobs left out take the seed value, unknown knobs are errors.
    pub fn from_json(text: &str) -> Result<Policy, PolicyError> {
        let policy: Policy =
            crate::json::from_object(text).map_err(|reason| PolicyError::InvalidJson { reason })?;
        policy.validate()?;
        Ok(policy)
    }

    /// A short fingerprint of the knobs (not the name): 16 hex digits of FNV-1a 64 over the
    /// canonical JSON of every knob. Two profiles with the same knobs have the same fingerprint;
    /// every result carries it next to the profile's name.
    pub fn fingerprint(&self) -> String {
        memoised_fingerprint(self)
    }

    fn compute_fingerprint(&self) -> String {
        let mut knobs = serde_json::to_value(self).unwrap_or_default();
        if let Some(o) = knobs.as_object_mut() {
            o.remove("name");
        }
        let canonical = knobs.to_string();
        format!(
            "{:016x}",
            crate::calendar::fnv1a(canonical.as_bytes(), 0xcbf2_9ce4_8422_2325)
        )
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
        self.validate_evaluation()?;
        for (knob, v) in [
            ("limits.events_per_demand", self.limits.events_per_demand),
            ("limits.open_demands", self.limits.open_demands),
        ] {
            if v == 0 {
                return Err(PolicyError::InvalidValue {
                    knob,
                    reason: "0: a limit of nothing would refuse every input (expected ≥ 1)".into(),
                });
            }
        }
        if self.name.trim().is_empty() {
            return Err(PolicyError::InvalidValue {
                knob: "name",
                reason: "a profile needs a name".into(),
            });
        }
        Ok(())
    }

    fn validate_evaluation(&self) -> Result<(), PolicyError> {
        let e = &self.evaluation;
        let hundred = Ratio::int(100);
        for (knob, v) in [
            ("evaluation.points.very_satisfied", e.points.very_satisfied),
            (
                "evaluation.points.fairly_satisfied",
                e.points.fairly_satisfied,
            ),
            (
                "evaluation.points.basically_satisfied",
                e.points.basically_satisfied,
            ),
            ("evaluation.points.unsatisfied", e.points.unsatisfied),
        ] {
            if v.ratio() < Ratio::ZERO || v.ratio() > hundred {
                return Err(PolicyError::InvalidValue {
                    knob,
                    reason: format!("{v} points: expected 0..=100"),
                });
            }
        }
        let w = &e.weights;
        for (knob, v) in [
            ("evaluation.weights.on_time", w.on_time),
            ("evaluation.weights.resolution", w.resolution),
            ("evaluation.weights.satisfaction", w.satisfaction),
            (
                "evaluation.deductions.yellow_card",
                e.deductions.yellow_card,
            ),
            ("evaluation.deductions.red_card", e.deductions.red_card),
            (
                "evaluation.deductions.false_feedback",
                e.deductions.false_feedback,
            ),
        ] {
            if v.ratio() < Ratio::ZERO {
                return Err(PolicyError::InvalidValue {
                    knob,
                    reason: format!("{v}: must not be negative"),
                });
            }
        }
        if w.on_time.ratio() + w.resolution.ratio() + w.satisfaction.ratio() == Ratio::ZERO {
            return Err(PolicyError::InvalidValue {
                knob: "evaluation.weights",
                reason: "the weights cannot all be 0".into(),
            });
        }
        Ok(())
    }
}
