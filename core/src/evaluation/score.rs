//! Counting a stream into per-unit figures, and the exact score (rules §7).

use std::cmp::Ordering;
use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset};

use super::{
    Accountability, AccountabilityEntry, AccountabilityKind, Period, Rates, ScoreParts, UnitCounts,
    UnitEvaluation,
};
use crate::demand::{DemandState, FlagKind, RoundEnd, RoundKind, Satisfaction};
use crate::exact::{Dec, Ratio};
use crate::policy::Policy;

fn pct(r: Option<Ratio>) -> Option<String> {
    r.map(|r| (r * Ratio::int(100)).round2())
}

/// Per-unit counts and the accountability lists, as states are counted.
#[derive(Debug, Default)]
pub(super) struct Tally {
    pub(super) counts: BTreeMap<String, UnitCounts>,
    pub(super) accountability: Accountability,
    /// Never read: keeps [`Tally::unit`] total without a panic path.
    spare: UnitCounts,
}

impl Tally {
    /// The unit's counts (a new unit's key is copied once, not at every count).
    pub(super) fn unit(&mut self, unit: &str) -> &mut UnitCounts {
        if !self.counts.contains_key(unit) {
            self.counts.insert(unit.to_owned(), UnitCounts::default());
        }
        match self.counts.get_mut(unit) {
            Some(c) => c,
            None => &mut self.spare,
        }
    }
}

/// The counts of one demand's state that fall in the period.
#[allow(clippy::too_many_lines)] // one block per count of rules §7
pub(super) fn count_state(
    s: &DemandState,
    period: &Period,
    horizon: Option<DateTime<FixedOffset>>,
    tally: &mut Tally,
) {
    let inside = |t: &DateTime<FixedOffset>| period.contains(t);
    for r in &s.rounds {
        if inside(&r.opened_at) {
            match r.kind {
                RoundKind::First => tally.unit(&r.unit).work_orders += 1,
                RoundKind::Redo => tally.unit(&r.unit).redo_rounds += 1,
            }
        }
        if let (Some(due), Some(limit)) = (r.due, r.limit.as_ref()) {
            let withdrawn = matches!(
                r.ended,
                Some(RoundEnd::Escalated | RoundEnd::ReturnedByUnit)
            ) && r.ended_at.is_some_and(|t| t < due);
            // The outcome is known once replied, once the round ended (it ended at or after its
            // due instant, or it was withdrawn), or once the stream's end is past the due instant.
            let known =
                r.replied_at.is_some() || r.ended.is_some() || horizon.is_some_and(|h| due <= h);
            if inside(&due) && !withdrawn && known {
                let c = tally.unit(&r.unit);
                c.replies_due += 1;
                if r.replied_at.is_some_and(|t| t < due) {
                    c.on_time += 1;
                } else {
                    c.overdue += 1;
                    tally
                        .accountability
                        .limits_missed
                        .push(AccountabilityEntry {
                            kind: AccountabilityKind::LimitMissed,
                            unit: r.unit.clone(),
                            demand: s.demand.clone(),
                            enterprise: s.enterprise.clone(),
                            round: Some(r.number),
                            at: due,
                            limit: Some(limit.kind),
                            replied_at: r.replied_at,
                        });
                }
            }
        }
        if r.kind == RoundKind::First
            && r.same_day == Some(true)
            && r.replied_at.is_some_and(|t| inside(&t))
        {
            tally.unit(&r.unit).same_day += 1;
        }
    }
    for p in s.plans.iter().filter(|p| inside(&p.at)) {
        let c = tally.unit(&p.unit);
        c.plans += 1;
        c.extensions += usize::from(p.extension);
    }
    for u in s.unit_returns.iter().filter(|u| inside(&u.at)) {
        tally.unit(&u.unit).unit_returns += 1;
    }
    for cb in s.callbacks.iter().filter(|c| inside(&c.at)) {
        let Some(r) = s.rounds.iter().find(|r| r.number == cb.round) else {
            continue;
        };
        let c = tally.unit(&r.unit);
        match cb.satisfaction {
            Satisfaction::VerySatisfied => c.callbacks.very_satisfied += 1,
            Satisfaction::FairlySatisfied => c.callbacks.fairly_satisfied += 1,
            Satisfaction::BasicallySatisfied => c.callbacks.basically_satisfied += 1,
            Satisfaction::Unsatisfied => c.callbacks.unsatisfied += 1,
            Satisfaction::Unreached => c.callbacks.unreached += 1,
        }
        if cb.satisfaction != Satisfaction::Unreached && cb.resolved == Some(true) {
            c.resolved += 1;
        }
    }
    for v in s.verifications.iter().filter(|v| inside(&v.submitted_at)) {
        tally.unit(&v.unit).verifications += 1;
    }
    for f in s.flags.iter().filter(|f| inside(&f.at)) {
        let (Some(unit), kind) = (&f.unit, f.kind) else {
            continue;
        };
        let entry = |kind| AccountabilityEntry {
            kind,
            unit: unit.clone(),
            demand: s.demand.clone(),
            enterprise: s.enterprise.clone(),
            round: f.round,
            at: f.at,
            limit: None,
            replied_at: None,
        };
        match kind {
            FlagKind::FalseFeedback => {
                tally.unit(unit).false_feedback += 1;
                tally
                    .accountability
                    .false_feedback
                    .push(entry(AccountabilityKind::FalseFeedback));
            }
            FlagKind::BuckPassing => {
                tally.unit(unit).buck_passing += 1;
                tally
                    .accountability
                    .buck_passing
                    .push(entry(AccountabilityKind::BuckPassing));
            }
            FlagKind::LateReply | FlagKind::LateReturn => {}
        }
    }
}

/// The rates and score of one unit's counts.
pub(super) fn score(policy: &Policy, c: &UnitCounts) -> (Rates, Option<String>, ScoreParts) {
    let e = &policy.evaluation;
    let reached = c.callbacks.reached();
    let on_time = Ratio::of(c.on_time, c.replies_due);
    let resolution = Ratio::of(c.resolved, reached);
    let satisfied = Ratio::of(
        c.callbacks.very_satisfied + c.callbacks.fairly_satisfied + c.callbacks.basically_satisfied,
        reached,
    );
    let times = |n: usize, d: Dec| Ratio::of(n, 1).unwrap_or(Ratio::ZERO) * d.ratio();
    let points_sum = times(c.callbacks.very_satisfied, e.points.very_satisfied)
        + times(c.callbacks.fairly_satisfied, e.points.fairly_satisfied)
        + times(
            c.callbacks.basically_satisfied,
            e.points.basically_satisfied,
        )
        + times(c.callbacks.unsatisfied, e.points.unsatisfied);
    let points = Ratio::of(reached, 1).and_then(|n| points_sum.checked_div(n));
    let hundred = Ratio::int(100);
    let parts = [
        (on_time.map(|r| r * hundred), e.weights.on_time.ratio()),
        (
            resolution.map(|r| r * hundred),
            e.weights.resolution.ratio(),
        ),
        (points, e.weights.satisfaction.ratio()),
    ];
    let (mut weighted, mut weights) = (Ratio::ZERO, Ratio::ZERO);
    for (value, weight) in parts {
        if let Some(v) = value {
            weighted = weighted + v * weight;
            weights = weights + weight;
        }
    }
    let base = weighted.checked_div(weights);
    let yellow = times(c.yellow_cards, e.deductions.yellow_card);
    let red = times(c.red_cards, e.deductions.red_card);
    let false_feedback = times(c.false_feedback, e.deductions.false_feedback);
    let score = base.map(|b| {
        (b - yellow - red - false_feedback)
            .clamp_to(Ratio::ZERO, hundred)
            .round2()
    });
    (
        Rates {
            on_time_rate: pct(on_time),
            resolution_rate: pct(resolution),
            satisfaction_rate: pct(satisfied),
            satisfaction_points: points.map(Ratio::round2),
        },
        score,
        ScoreParts {
            base: base.map(Ratio::round2),
            yellow_deduction: yellow.round2(),
            red_deduction: red.round2(),
            false_feedback_deduction: false_feedback.round2(),
        },
    )
}

/// A published figure for comparison: "87.35" → 8735 (a missing figure ranks lowest).
fn figure(s: Option<&String>) -> Option<i64> {
    s.and_then(|s| s.replace('.', "").parse().ok())
}

/// The tie-break chain of rules §7: score, satisfaction rate, on-time rate (descending), fewer
/// cards, unit id.
pub(super) fn rank_order(a: &UnitEvaluation, b: &UnitEvaluation) -> Ordering {
    let cards = |u: &UnitEvaluation| u.counts.yellow_cards + u.counts.red_cards;
    figure(b.score.as_ref())
        .cmp(&figure(a.score.as_ref()))
        .then_with(|| {
            figure(b.rates.satisfaction_rate.as_ref())
                .cmp(&figure(a.rates.satisfaction_rate.as_ref()))
        })
        .then_with(|| {
            figure(b.rates.on_time_rate.as_ref()).cmp(&figure(a.rates.on_time_rate.as_ref()))
        })
        .then_with(|| cards(a).cmp(&cards(b)))
        .then_with(|| a.unit.cmp(&b.unit))
}
