//! The shapes of an evaluation (rules §7): counts, rates, scores, rankings, accountability.

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use super::{Period, PeriodKind};
use crate::card::{CardEvent, Colour};
use crate::deadline::DeadlineKind;

/// Callbacks by satisfaction level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CallbackCounts {
    /// 非常满意.
    pub very_satisfied: usize,
    /// 比较满意.
    pub fairly_satisfied: usize,
    /// 基本满意.
    pub basically_satisfied: usize,
    /// 不满意.
    pub unsatisfied: usize,
    /// 未接通 (not counted in the rates).
    pub unreached: usize,
}

impl CallbackCounts {
    /// Callbacks that reached the enterprise.
    pub fn reached(&self) -> usize {
        self.very_satisfied + self.fairly_satisfied + self.basically_satisfied + self.unsatisfied
    }
}

/// The counts of rules §7 for one unit and period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnitCounts {
    /// Work orders received (first rounds opened: dispatches and the territory's own handling).
    pub work_orders: usize,
    /// Replies due: limits whose due instant falls in the period.
    pub replies_due: usize,
    /// Of those, replied strictly before the due instant.
    pub on_time: usize,
    /// Of those, not replied by the due instant (each gave a notice and a yellow card).
    pub overdue: usize,
    /// First-round replies in the period that met the same-day target (当天解决).
    pub same_day: usize,
    /// Solution plans submitted.
    pub plans: usize,
    /// Of those, extensions (延期).
    pub extensions: usize,
    /// Orders handed back (退单).
    pub unit_returns: usize,
    /// Callbacks rating the unit's replies.
    pub callbacks: CallbackCounts,
    /// Reached callbacks saying the problem is solved.
    pub resolved: usize,
    /// Redo rounds opened (重新办理).
    pub redo_rounds: usize,
    /// Verification forms submitted (不满意诉求审核反馈表).
    pub verifications: usize,
    /// Yellow cards (黄牌).
    pub yellow_cards: usize,
    /// Red cards (红牌).
    pub red_cards: usize,
    /// Deputy-head interviews (专班约谈分管负责人).
    pub deputy_interviews: usize,
    /// Principal-head interviews (市政府领导约谈主要负责人).
    pub principal_interviews: usize,
    /// False feedback (虚假反馈).
    pub false_feedback: usize,
    /// Buck-passing (推诿).
    pub buck_passing: usize,
}

/// The rates, as percentages with 2 decimals; none without cases.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rates {
    /// 按时反馈率: on time / replies due.
    pub on_time_rate: Option<String>,
    /// 解决率: resolved / reached callbacks.
    pub resolution_rate: Option<String>,
    /// 满意率: satisfied (the three levels) / reached callbacks.
    pub satisfaction_rate: Option<String>,
    /// Mean satisfaction points of reached callbacks.
    pub satisfaction_points: Option<String>,
}

/// How a score was made, each figure rounded once.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScoreParts {
    /// The weighted mean of the defined parts, before deductions.
    pub base: Option<String>,
    /// Deducted for yellow cards.
    pub yellow_deduction: String,
    /// Deducted for red cards.
    pub red_deduction: String,
    /// Deducted for false feedback.
    pub false_feedback_deduction: String,
}

/// One unit's evaluation for the period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnitEvaluation {
    /// The unit.
    pub unit: String,
    /// Its name (from the directory).
    pub name: Option<String>,
    /// Its ranking group.
    pub group: Option<String>,
    /// The counts.
    pub counts: UnitCounts,
    /// The rates.
    pub rates: Rates,
    /// The composite score (0–100, 2 decimals); none with no defined part.
    pub score: Option<String>,
    /// How the score was made.
    pub score_parts: ScoreParts,
    /// Its rank in its group; none when not ranked.
    pub rank: Option<usize>,
    /// Its colour (红/黄/绿) at the period's end (or the stream's end, if earlier).
    pub colour: Colour,
}

/// A ranked unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RankEntry {
    /// 1-based rank.
    pub rank: usize,
    /// The unit.
    pub unit: String,
    /// Its name.
    pub name: Option<String>,
    /// Its score.
    pub score: Option<String>,
    /// Its satisfaction rate.
    pub satisfaction_rate: Option<String>,
    /// Its on-time rate.
    pub on_time_rate: Option<String>,
    /// Its yellow and red cards.
    pub cards: usize,
}

/// The ranking of one group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupRanking {
    /// The ranking group (`towns_streets`, `departments`, `stationed_units`, …).
    pub group: String,
    /// The ranked units, in rank order.
    pub ranked: Vec<RankEntry>,
    /// Units listed but not ranked (fewer due replies than `min_ranked_cases`), by id.
    pub unranked: Vec<String>,
}

/// The last ranked units of a group, flagged for a written self-examination (书面检查).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BottomUnits {
    /// The group.
    pub group: String,
    /// The units, in rank order (the last is last).
    pub units: Vec<String>,
}

/// What an accountability entry is (追责问责).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccountabilityKind {
    /// 虚假反馈.
    FalseFeedback,
    /// 推诿扯皮.
    BuckPassing,
    /// 限定时间内未办理落实到位: a missed limit.
    LimitMissed,
}

/// One entry of an accountability list, with the demand behind it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccountabilityEntry {
    /// What.
    pub kind: AccountabilityKind,
    /// The unit.
    pub unit: String,
    /// The demand.
    pub demand: String,
    /// The enterprise.
    pub enterprise: String,
    /// The round.
    pub round: Option<u32>,
    /// When (the flag, or the missed limit's due instant).
    pub at: DateTime<FixedOffset>,
    /// For a missed limit: which limit.
    pub limit: Option<DeadlineKind>,
    /// For a missed limit: when the late reply came, if it came by the stream's end.
    pub replied_at: Option<DateTime<FixedOffset>>,
}

/// The accountability lists (§7, §二(五)3).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Accountability {
    /// False feedback.
    pub false_feedback: Vec<AccountabilityEntry>,
    /// Buck-passing.
    pub buck_passing: Vec<AccountabilityEntry>,
    /// Limits missed (the period's overdue list).
    pub limits_missed: Vec<AccountabilityEntry>,
}

impl Accountability {
    /// Each list by instant, then demand, then unit.
    pub(super) fn sort(&mut self) {
        for list in [
            &mut self.false_feedback,
            &mut self.buck_passing,
            &mut self.limits_missed,
        ] {
            list.sort_by(|a, b| {
                a.at.cmp(&b.at)
                    .then_with(|| a.demand.cmp(&b.demand))
                    .then_with(|| a.unit.cmp(&b.unit))
            });
        }
    }
}

/// Which product of the cadence an evaluation is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Product {
    /// An evaluation of any period.
    Evaluation,
    /// 月度通报.
    MonthlyNotification,
    /// 季度测评.
    QuarterlyEvaluation,
    /// 半年排名.
    HalfYearRanking,
    /// 年终总评.
    AnnualEvaluation,
}

impl Product {
    /// The guideline's name.
    pub fn label_zh(self) -> &'static str {
        match self {
            Product::Evaluation => "评价",
            Product::MonthlyNotification => "月度通报",
            Product::QuarterlyEvaluation => "季度测评",
            Product::HalfYearRanking => "半年排名",
            Product::AnnualEvaluation => "年终总评",
        }
    }

    pub(super) fn period_kind(self) -> Option<(PeriodKind, &'static str, &'static str)> {
        match self {
            Product::Evaluation => None,
            Product::MonthlyNotification => {
                Some((PeriodKind::Month, "monthly notification", "month"))
            }
            Product::QuarterlyEvaluation => {
                Some((PeriodKind::Quarter, "quarterly evaluation", "quarter"))
            }
            Product::HalfYearRanking => Some((PeriodKind::Half, "half-year ranking", "half-year")),
            Product::AnnualEvaluation => Some((PeriodKind::Year, "annual evaluation", "year")),
        }
    }
}

/// An evaluation (or a product of the cadence) of a stream over a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Evaluation {
    /// Which product.
    pub product: Product,
    /// The period.
    pub period: Period,
    /// The policy's name.
    pub policy: String,
    /// The policy's fingerprint (`Policy::fingerprint`).
    pub policy_fingerprint: String,
    /// The stream's end (what "not yet due" is judged against).
    pub at: Option<DateTime<FixedOffset>>,
    /// Every unit evaluated, in directory order (then by id).
    pub units: Vec<UnitEvaluation>,
    /// The ranking of each group, in the groups' directory order.
    pub ranking: Vec<GroupRanking>,
    /// The bottom units flagged for a written self-examination (annual evaluation only).
    pub bottom_two: Vec<BottomUnits>,
    /// The accountability lists.
    pub accountability: Accountability,
    /// The supervision notices, cards and interviews issued in the period (card events).
    pub cards: Vec<CardEvent>,
}

impl Evaluation {
    /// The instant its colours are shown at: the last second of the period, or the stream's end
    /// if it comes first (the colour board that goes with it is the card board at this instant).
    pub fn as_of(&self) -> DateTime<FixedOffset> {
        super::as_of(&self.period, self.at)
    }
}
