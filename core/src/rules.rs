//! The facade the platform calls: one calendar and one policy, every rule behind one value.
//!
//! `Rules::new` reconciles the calendar's and the policy's `beyond_coverage` (either asking for
//! provisional answers wins, and the policy in force records it), so the policy is the one place
//! a profile's choices live. Later rule modules (routing, demand life, cards,
//! evaluation) hang their entry points here too.

use std::sync::Arc;

use chrono::{DateTime, FixedOffset, NaiveDate};

use crate::calendar::{BeyondCoverage, Calendar};
use crate::card::CardBoard;
use crate::deadline::{self, Deadline};
use crate::demand::{self, DemandState, DerivedEvent, Event};
use crate::directory::Directory;
use crate::evaluation::{self, Comparison, Evaluation, EvaluationError, Period, Product};
use crate::policy::Policy;
use crate::stream::{self, StreamResult};
use crate::Error;

/// A calendar, a policy and optionally a dispatch directory: the rules in force.
#[derive(Debug, Clone)]
pub struct Rules {
    calendar: Calendar,
    policy: Policy,
    directory: Option<Arc<Directory>>,
}

impl Default for Rules {
    /// The bundled official calendar and the `seed` policy.
    fn default() -> Self {
        Rules::new(Calendar::china(), Policy::seed())
    }
}

impl Rules {
    /// Rules over a calendar and a policy.
    ///
    /// `beyond_coverage` can be set on both; one clear precedence: if either asks for provisional
    /// answers (`weekends_only`), the rules give them (each flagged `provisional`), and the policy
    /// in force — its JSON and its fingerprint — says so. An explicit setting is never silently
    /// dropped.
    // By value: the facade owns its rules (the calendar's index is shared, so this is cheap).
    #[allow(clippy::needless_pass_by_value)]
    pub fn new(calendar: Calendar, mut policy: Policy) -> Rules {
        if calendar.beyond_coverage() == BeyondCoverage::WeekendsOnly {
            policy.beyond_coverage = BeyondCoverage::WeekendsOnly;
        }
        Rules {
            calendar: calendar.with_beyond_coverage(policy.beyond_coverage),
            policy,
            directory: None,
        }
    }

    /// The same rules with a dispatch directory: a demand's units and topics are checked against
    /// it (`event_unknown_unit`, `event_unknown_topic`) and a unit returning an order the
    /// directory assigns to it is flagged (推诿, rules §7).
    #[must_use]
    pub fn with_directory(&self, directory: Directory) -> Rules {
        Rules {
            directory: Some(Arc::new(directory)),
            ..self.clone()
        }
    }

    /// The directory, if the rules have one.
    pub fn directory(&self) -> Option<&Directory> {
        self.directory.as_deref()
    }

    /// Folds one demand's log (rules §5): the first event must be `received`. With `at`, the
    /// notices of limits that ended by then are issued too. See [`demand::replay`].
    pub fn replay(
        &self,
        events: &[Event],
        at: Option<DateTime<FixedOffset>>,
    ) -> Result<DemandState, Error> {
        demand::replay(self, events, at)
    }

    /// The card board (rules §6) of a replayed stream: every unit's card history and colours
    /// under the policy's §6 knobs; the directory's handling units are listed even without cards.
    pub fn cards(&self, result: &StreamResult) -> CardBoard {
        self.cards_from_derived(&result.derived)
    }

    /// The card board from derived events (notices and replies, in any order).
    pub fn cards_from_derived(&self, derived: &[DerivedEvent]) -> CardBoard {
        CardBoard::new(&self.policy, self.directory(), derived)
    }

    /// The same calendar and directory under another policy (for a what-if).
    #[must_use]
    pub fn with_policy(&self, policy: Policy) -> Rules {
        Rules {
            directory: self.directory.clone(),
            ..Rules::new(
                self.calendar.with_beyond_coverage(BeyondCoverage::Error),
                policy,
            )
        }
    }

    fn product(
        &self,
        result: &StreamResult,
        period: &str,
        product: Product,
    ) -> Result<Evaluation, Error> {
        let period = Period::parse(period)?;
        Ok(evaluation::evaluate(
            &self.policy,
            self.directory(),
            result,
            &period,
            product,
        )?)
    }

    /// Evaluates a replayed stream over any period (rules §7): `2026-10`, `2026-Q4`, `2026-H2`,
    /// `2026` or `2026-10-01..2026-10-31`.
    pub fn evaluate(&self, result: &StreamResult, period: &str) -> Result<Evaluation, Error> {
        self.product(result, period, Product::Evaluation)
    }

    /// 月度通报: the monthly notification (a month).
    pub fn notification(&self, result: &StreamResult, month: &str) -> Result<Evaluation, Error> {
        self.product(result, month, Product::MonthlyNotification)
    }

    /// 季度测评: the quarterly evaluation (a quarter).
    pub fn quarterly_evaluation(
        &self,
        result: &StreamResult,
        quarter: &str,
    ) -> Result<Evaluation, Error> {
        self.product(result, quarter, Product::QuarterlyEvaluation)
    }

    /// 半年排名: the half-year ranking (a half year).
    pub fn half_year_ranking(
        &self,
        result: &StreamResult,
        half: &str,
    ) -> Result<Evaluation, Error> {
        self.product(result, half, Product::HalfYearRanking)
    }

    /// 年终总评: the annual evaluation (a year), with the bottom units of each flagged group.
    pub fn annual_evaluation(
        &self,
        result: &StreamResult,
        year: &str,
    ) -> Result<Evaluation, Error> {
        self.product(result, year, Product::AnnualEvaluation)
    }

    /// The what-if: the same stream evaluated under these rules and `other`, side by side.
    /// `other_result` is the stream replayed under `other`; without it, the stream's states are
    /// reused, which is right only when the two policies fold alike (they differ only in the §6
    /// and §7 knobs) — otherwise `evaluation_needs_replay`.
    pub fn compare(
        &self,
        result: &StreamResult,
        other: &Rules,
        other_result: Option<&StreamResult>,
        period: &str,
    ) -> Result<Comparison, Error> {
        let other_result = if let Some(r) = other_result {
            r
        } else {
            let knobs =
                evaluation::fold_knobs(&evaluation::knob_changes(&self.policy, &other.policy));
            if !knobs.is_empty() {
                return Err(EvaluationError::NeedsReplay { knobs }.into());
            }
            result
        };
        let base = self.evaluate(result, period)?;
        let after = other.evaluate(other_result, period)?;
        Ok(evaluation::compare(
            base,
            after,
            &self.policy,
            &other.policy,
        ))
    }

    /// Replays a city's event stream given as JSON Lines text (rules §5): lenient by default
    /// (a rejected line is recorded and the rest goes on), or `strict`. See [`crate::stream`].
    pub fn replay_stream(
        &self,
        text: &str,
        strict: bool,
        at: Option<DateTime<FixedOffset>>,
    ) -> Result<StreamResult, Error> {
        stream::replay_stream(self, text, strict, at)
    }

    /// The calendar in force (with the policy's `beyond_coverage`).
    pub fn calendar(&self) -> &Calendar {
        &self.calendar
    }

    /// The policy in force.
    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// First feedback limit (5 working days in `seed`) from a clock start.
    pub fn feedback_deadline(&self, start: &DateTime<FixedOffset>) -> Result<Deadline, Error> {
        deadline::feedback_deadline(&self.calendar, &self.policy, start)
    }

    /// Redo limit (3 working days in `seed`) from a return.
    pub fn redo_deadline(&self, returned: &DateTime<FixedOffset>) -> Result<Deadline, Error> {
        deadline::redo_deadline(&self.calendar, &self.policy, returned)
    }

    /// Same-day target (当天解决).
    pub fn same_day_target(&self, start: &DateTime<FixedOffset>) -> Result<Deadline, Error> {
        deadline::same_day_target(&self.calendar, &self.policy, start)
    }

    /// Return limit after a dissatisfied callback (当日退回).
    pub fn return_deadline(&self, callback: &DateTime<FixedOffset>) -> Result<Deadline, Error> {
        deadline::return_deadline(&self.calendar, &self.policy, callback)
    }

    /// `n` working days from a start.
    pub fn deadline(&self, start: &DateTime<FixedOffset>, n: i64) -> Result<Deadline, Error> {
        deadline::working_days_deadline(&self.calendar, &self.policy, start, n)
    }

    /// A solution plan's completion date, checked for extension and cap.
    pub fn plan_deadline(
        &self,
        start: &DateTime<FixedOffset>,
        completion: NaiveDate,
        explanation: &str,
    ) -> Result<Deadline, Error> {
        deadline::plan_deadline(&self.calendar, &self.policy, start, completion, explanation)
    }

    /// Bulk feedback limits: due instants (Unix seconds) for many clock starts (Unix seconds).
    pub fn feedback_dues(&self, starts: &[i64]) -> Result<Vec<i64>, Error> {
        deadline::due_seconds_many(
            &self.calendar,
            &self.policy,
            starts,
            i64::from(self.policy.feedback_working_days),
        )
    }

    /// Bulk feedback limits row by row: each start's due instant and provisional flag, or that
    /// row's error (pandas' `errors="coerce"`).
    pub fn feedback_due_rows(
        &self,
        starts: &[i64],
    ) -> Result<Vec<Result<deadline::DueRow, Error>>, Error> {
        deadline::due_seconds_rows(
            &self.calendar,
            &self.policy,
            starts,
            i64::from(self.policy.feedback_working_days),
        )
    }

    /// Bulk redo limits row by row, like [`feedback_due_rows`](Self::feedback_due_rows).
    pub fn redo_due_rows(
        &self,
        starts: &[i64],
    ) -> Result<Vec<Result<deadline::DueRow, Error>>, Error> {
        deadline::due_seconds_rows(
            &self.calendar,
            &self.policy,
            starts,
            i64::from(self.policy.redo_working_days),
        )
    }

    /// Bulk redo limits: due instants (Unix seconds) for many returns (Unix seconds).
    pub fn redo_dues(&self, starts: &[i64]) -> Result<Vec<i64>, Error> {
        deadline::due_seconds_many(
            &self.calendar,
            &self.policy,
            starts,
            i64::from(self.policy.redo_working_days),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::parse_instant;

    #[test]
    fn an_explicit_calendar_setting_is_not_dropped() {
        let start = parse_instant("2026-12-28T10:00+08:00").unwrap();
        let cal = Calendar::china().with_beyond_coverage(BeyondCoverage::WeekendsOnly);
        let rules = Rules::new(cal, Policy::seed());
        let d = rules.feedback_deadline(&start).unwrap();
        assert!(d.provisional);
        assert_eq!(rules.policy().beyond_coverage, BeyondCoverage::WeekendsOnly);
        assert_ne!(d.policy_fingerprint, Policy::seed().fingerprint());
        // Neither asks: out of range, as before.
        let strict = Rules::new(Calendar::china(), Policy::seed());
        assert_eq!(
            strict.feedback_deadline(&start).unwrap_err().code(),
            "calendar_out_of_range"
        );
    }
}
