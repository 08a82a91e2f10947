//! Evaluation (评价督导), rules §7: per unit and period, the counts, the rates, the composite
//! score; the ranking within each ranking group; the annual bottom units; the accountability
//! lists — and the four products of the cadence: 一月一通报 monthly notification, 一季度一测评
//! quarterly evaluation, 半年一排名 half-year ranking, 年终总评 annual evaluation.
//!
//! **What falls in a period.** Each count is taken from events whose instant falls in the period
//! (from 00:00 of its first day to 24:00 of its last, +08:00): a work order when it opens, a plan,
//! a return, a callback, a verification, a flag and a card when they happen. A reply *due* is
//! counted where its **due instant** falls — a limit that ends in the next period is that
//! period's — provided the order was not escalated or handed back before the due instant and the
//! outcome is known (replied, or the due instant is not after the stream's end).
//!
//! **Score** (knobs in `Policy.evaluation`, rule book defaults): the weighted mean of the parts
//! that are defined — 30 × on-time rate, 30 × resolution rate, 40 × mean satisfaction points
//! (100/80/60/0) — minus 1 per yellow card, 3 per red card and 5 per false feedback, clamped to
//! 0–100. A part without cases (no reply due, no reached callback) is left out of the mean and its
//! weight with it; a unit with no part has no score. All of it is exact ([`crate::exact`]): one
//! final rounding to 2 places, half to even; rates are percentages, rounded the same way.
//!
//! **Ranking** within each ranking group of the directory (units without a directory: one group,
//! `all`): score descending, then satisfaction rate, on-time rate (descending; a missing rate
//! ranks below any rate), fewer cards (yellow + red), unit id — comparing the published (rounded)
//! figures, so the order is the one a reader of the table can check. Units with fewer due replies
//! than `min_ranked_cases` are listed, not ranked.

use thiserror::Error;

use crate::card::{CardBoard, CardEvent, CardKind, Colour};
use crate::demand::DemandState;
use crate::directory::Directory;
use crate::policy::Policy;
use crate::stream::StreamResult;

mod compare;
mod period;
mod report;
mod score;

pub use compare::{
    compare, fold_knobs, knob_changes, Comparison, KnobChange, Standing, UnitChange,
};
pub use period::{period_label_zh, Period, PeriodKind};
pub use report::{
    Accountability, AccountabilityEntry, AccountabilityKind, BottomUnits, CallbackCounts,
    Evaluation, GroupRanking, Product, RankEntry, Rates, ScoreParts, UnitCounts, UnitEvaluation,
};
use score::{count_state, rank_order, score, Tally};

/// Errors of evaluation.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum EvaluationError {
    /// The text is not a period.
    #[error("invalid period {text:?}: expected a month 2026-10, a quarter 2026-Q4, a half 2026-H2, a year 2026 or a date range 2026-10-01..2026-10-31")]
    InvalidPeriod {
        /// The text given.
        text: String,
    },
    /// A product of the cadence asked for a period of another kind.
    #[error("the {product} is for a {expected} period, not {period:?}")]
    WrongPeriod {
        /// The product.
        product: &'static str,
        /// The kind it needs.
        expected: &'static str,
        /// The period given.
        period: String,
    },
    /// The other policy changes what the fold derives: the stream must be replayed under it.
    #[error("the other policy changes the demands' clocks or who is carded ({}): compare needs the event stream itself, to replay it under both policies", knobs.join(", "))]
    NeedsReplay {
        /// The knobs that differ and affect the fold.
        knobs: Vec<String>,
    },
}

impl EvaluationError {
    /// Every code of this module.
    pub const CODES: &'static [&'static str] = &[
        "evaluation_invalid_period",
        "evaluation_wrong_period",
        "evaluation_needs_replay",
    ];

    /// The stable `snake_case` code.
    pub fn code(&self) -> &'static str {
        match self {
            EvaluationError::InvalidPeriod { .. } => "evaluation_invalid_period",
            EvaluationError::WrongPeriod { .. } => "evaluation_wrong_period",
            EvaluationError::NeedsReplay { .. } => "evaluation_needs_replay",
        }
    }
}

/// Evaluates a replayed stream over a period (rules §7); `product` names the cadence's product
/// (checked against the period's kind) and decides whether the bottom units are flagged.
pub fn evaluate(
    policy: &Policy,
    directory: Option<&Directory>,
    result: &StreamResult,
    period: &Period,
    product: Product,
) -> Result<Evaluation, EvaluationError> {
    Ok(Evaluator::new(policy, period, product)?.finish(directory, result))
}

/// An evaluation built as a stream is replayed: a demand whose life is over can be counted and
/// dropped (`Replayer::take_finished`), so memory follows the open demands; the rest of the
/// stream's result is counted at the end. The same counts as [`evaluate`].
#[derive(Debug)]
pub struct Evaluator {
    policy: Policy,
    period: Period,
    product: Product,
    tally: Tally,
}

impl Evaluator {
    /// An evaluator of `product` over `period` under `policy` (the period's kind is checked).
    pub fn new(
        policy: &Policy,
        period: &Period,
        product: Product,
    ) -> Result<Evaluator, EvaluationError> {
        if let Some((kind, name, expected)) = product.period_kind() {
            if period.kind != kind {
                return Err(EvaluationError::WrongPeriod {
                    product: name,
                    expected,
                    period: period.label.clone(),
                });
            }
        }
        Ok(Evaluator {
            policy: policy.clone(),
            period: period.clone(),
            product,
            tally: Tally::default(),
        })
    }

    /// Counts a demand whose life is over (closed, or answered at once).
    pub fn count(&mut self, state: &DemandState) {
        count_state(state, &self.period, None, &mut self.tally);
    }

    /// Counts the result's states and cards, ranks, and returns the evaluation.
    pub fn finish(self, directory: Option<&Directory>, result: &StreamResult) -> Evaluation {
        let Evaluator {
            policy,
            period,
            product,
            mut tally,
        } = self;
        let policy = &policy;
        let period = &period;
        for s in &result.states {
            count_state(s, period, result.at, &mut tally);
        }
        let board = CardBoard::new(policy, directory, &result.derived);
        let cards: Vec<CardEvent> = board
            .events()
            .into_iter()
            .filter(|c| period.contains(&c.at))
            .collect();
        for card in &cards {
            let c = tally.unit(&card.unit);
            match card.kind {
                CardKind::Yellow => c.yellow_cards += 1,
                CardKind::Red => c.red_cards += 1,
                CardKind::DeputyInterview => c.deputy_interviews += 1,
                CardKind::PrincipalInterview => c.principal_interviews += 1,
                CardKind::Notice => {}
            }
        }
        // Every unit of the directory that is ranked or handles orders, then any other unit.
        let mut order: Vec<(String, Option<String>, Option<String>)> = Vec::new();
        if let Some(dir) = directory {
            for u in dir.units() {
                if u.group.is_some() || tally.counts.contains_key(u.id.as_str()) {
                    order.push((u.id.clone(), Some(u.name.clone()), u.group.clone()));
                }
            }
        }
        for unit in tally.counts.keys() {
            if !order.iter().any(|(id, _, _)| id == unit) {
                let group = if directory.is_some() {
                    None
                } else {
                    Some("all".to_owned())
                };
                order.push((unit.clone(), None, group));
            }
        }
        let colour_at = as_of(period, result.at);
        let mut units: Vec<UnitEvaluation> = order
            .into_iter()
            .map(|(unit, name, group)| {
                let colour = board.colour(&unit, &colour_at).unwrap_or(Colour::Green);
                let counts = tally.counts.get(&unit).copied().unwrap_or_default();
                let (rates, score, score_parts) = score(policy, &counts);
                UnitEvaluation {
                    unit,
                    name,
                    group,
                    counts,
                    rates,
                    score,
                    score_parts,
                    rank: None,
                    colour,
                }
            })
            .collect();
        let ranking = rank(policy, &mut units);
        let bottom_two = if product == Product::AnnualEvaluation {
            bottom(policy, &ranking)
        } else {
            Vec::new()
        };
        let mut accountability = tally.accountability;
        accountability.sort();
        Evaluation {
            product,
            period: period.clone(),
            policy: policy.name.clone(),
            policy_fingerprint: policy.fingerprint(),
            at: result.at,
            units,
            ranking,
            bottom_two,
            accountability,
            cards,
        }
    }
}

/// The instant an evaluation shows colours at: the last second of the period, or the stream's
/// end if it comes first.
pub(super) fn as_of(
    period: &Period,
    stream_end: Option<chrono::DateTime<chrono::FixedOffset>>,
) -> chrono::DateTime<chrono::FixedOffset> {
    match stream_end {
        Some(at) if at < period.end() => at,
        _ => period.end() - chrono::Duration::seconds(1),
    }
}

/// Ranks each group (in the order groups first appear), setting each ranked unit's `rank`.
fn rank(policy: &Policy, units: &mut [UnitEvaluation]) -> Vec<GroupRanking> {
    let mut groups: Vec<String> = Vec::new();
    for u in units.iter() {
        if let Some(g) = &u.group {
            if !groups.contains(g) {
                groups.push(g.clone());
            }
        }
    }
    let min = usize::try_from(policy.evaluation.min_ranked_cases).unwrap_or(usize::MAX);
    let mut out = Vec::new();
    for group in groups {
        let (mut ranked, mut unranked): (Vec<&UnitEvaluation>, Vec<&UnitEvaluation>) = units
            .iter()
            .filter(|u| u.group.as_ref() == Some(&group))
            .partition(|u| u.counts.replies_due >= min && u.score.is_some());
        ranked.sort_by(|a, b| rank_order(a, b));
        unranked.sort_by(|a, b| a.unit.cmp(&b.unit));
        out.push(GroupRanking {
            group,
            ranked: ranked
                .iter()
                .enumerate()
                .map(|(i, u)| RankEntry {
                    rank: i + 1,
                    unit: u.unit.clone(),
                    name: u.name.clone(),
                    score: u.score.clone(),
                    satisfaction_rate: u.rates.satisfaction_rate.clone(),
                    on_time_rate: u.rates.on_time_rate.clone(),
                    cards: u.counts.yellow_cards + u.counts.red_cards,
                })
                .collect(),
            unranked: unranked.iter().map(|u| u.unit.clone()).collect(),
        });
    }
    for g in &out {
        for e in &g.ranked {
            if let Some(u) = units.iter_mut().find(|u| u.unit == e.unit) {
                u.rank = Some(e.rank);
            }
        }
    }
    out
}

/// The last `bottom_flagged` ranked units of each group in `bottom_groups` — never the whole
/// group: a group of `n` ranked units flags at most `n − 1` (its first is not "the bottom").
fn bottom(policy: &Policy, ranking: &[GroupRanking]) -> Vec<BottomUnits> {
    let n = usize::try_from(policy.evaluation.bottom_flagged).unwrap_or(usize::MAX);
    ranking
        .iter()
        .filter(|g| policy.evaluation.bottom_groups.contains(&g.group))
        .map(|g| BottomUnits {
            group: g.group.clone(),
            units: g
                .ranked
                .iter()
                .skip(g.ranked.len().saturating_sub(n).max(1))
                .map(|e| e.unit.clone())
                .collect(),
        })
        .collect()
}
