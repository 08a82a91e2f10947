//! The facade the platform calls: one calendar and one policy, every rule behind one value.
//!
//! `Rules::new` applies the policy's `beyond_coverage` knob to the calendar, so the policy is the
//! one place a profile's choices live. Later rule modules (routing, demand life, cards,
//! evaluation) hang their entry points here too.

use std::sync::Arc;

use chrono::{DateTime, FixedOffset, NaiveDate};

use crate::calendar::Calendar;
use crate::card::CardBoard;
use crate::deadline::{self, Deadline};
use crate::demand::{self, DemandState, DerivedEvent, Event};
use crate::directory::Directory;
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
    /// Rules over a calendar and a policy; the policy's `beyond_coverage` governs the calendar.
    // By value: the facade owns its rules (the calendar's index is shared, so this is cheap).
    #[allow(clippy::needless_pass_by_value)]
    pub fn new(calendar: Calendar, policy: Policy) -> Rules {
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
