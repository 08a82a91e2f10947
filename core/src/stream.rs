//! A city's event stream (rules §5): many demands' events interleaved, one JSON object per line
//! (JSON Lines), as the platform exports them.
//!
//! A stream is a fold of folds: a map of open demand id → [`DemandState`], folded line by line.
//! Every line is accounted for — applied, rejected (with its line number, demand, code and
//! message), or blank — and `lines = applied + rejected + blank`. In the default **lenient** mode
//! a rejected line changes nothing and the other demands go on; in **strict** mode the first
//! rejected line fails the whole stream (`stream_line_rejected`) and no result is returned.
//!
//! Each demand is advanced only by its own events; at the end, every open demand is brought to the
//! stream's instant (`at`, by default the latest instant applied), which issues the notices of the
//! limits that ended by then. So the result does not depend on how the demands interleave: the
//! states come sorted by demand id and the derived events by (instant, demand), each demand's own
//! in the order the fold derived them.
//!
//! Memory follows the open demands: a demand whose life is over (closed, or answered at once)
//! leaves the map, and only its id is kept (to refuse later events for it); a caller that takes
//! the finished states as they come ([`Replayer::take_finished`]) keeps no more than that.
//!
//! A UTF-8 BOM at the start of a line and CRLF line ends are accepted. A line longer than
//! [`MAX_EVENT_BYTES`](crate::limits::MAX_EVENT_BYTES) is rejected unread (`event_too_large`),
//! and a new demand past the policy's `limits.open_demands` fails the stream
//! (`stream_too_many_open_demands`, in either mode): see [`crate::limits`].

use std::collections::HashMap;

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::demand::{DemandError, DemandState, DerivedEvent, Event, Stage};
use crate::Rules;

/// Errors of a stream as a whole.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum StreamError {
    /// A line was rejected in strict mode: the stream fails with nothing applied.
    #[error("line {line}{}: {code}: {message}", demand.as_ref().map(|d| format!(" (demand {d:?})")).unwrap_or_default())]
    LineRejected {
        /// 1-based line number.
        line: usize,
        /// The demand the line names, when it names one.
        demand: Option<String>,
        /// The line's error code.
        code: String,
        /// The line's error message.
        message: String,
    },
    /// A new demand's first event, when the stream already holds the most demands open that its
    /// policy allows (knob `limits.open_demands`; a finished demand frees its place): the stream
    /// fails, in lenient mode too, with nothing of the line applied.
    #[error("{open} demands are open, the limit (policy knob `limits.open_demands`): demand {demand:?} is not taken")]
    TooManyOpen {
        /// The demand refused.
        demand: String,
        /// The demands open (the limit).
        open: usize,
    },
}

impl StreamError {
    /// Every code of this module.
    pub const CODES: &'static [&'static str] =
        &["stream_line_rejected", "stream_too_many_open_demands"];

    /// The stable `snake_case` code.
    pub fn code(&self) -> &'static str {
        match self {
            StreamError::LineRejected { .. } => "stream_line_rejected",
            StreamError::TooManyOpen { .. } => "stream_too_many_open_demands",
        }
    }
}

/// A rejected line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rejected {
    /// 1-based line number.
    pub line: usize,
    /// The demand the line names, when it names one.
    pub demand: Option<String>,
    /// The error code (`event_not_allowed`, `event_invalid`, …).
    pub code: String,
    /// The error message.
    pub message: String,
}

/// What happened to the lines, and the demands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StreamCounts {
    /// Lines read (`applied + rejected + blank`).
    pub lines: usize,
    /// Lines applied.
    pub applied: usize,
    /// Lines rejected.
    pub rejected: usize,
    /// Blank lines.
    pub blank: usize,
    /// Demands received.
    pub demands: usize,
    /// Demands still open at the end.
    pub open: usize,
    /// Demands whose life is over (closed, or answered at once).
    pub finished: usize,
}

/// A replayed stream: the final states, the rejected lines, every derived event, the counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StreamResult {
    /// The instant the open demands were brought to (none for an empty stream).
    pub at: Option<DateTime<FixedOffset>>,
    /// Every demand's final state, by demand id (less those handed over by
    /// [`Replayer::take_finished`]).
    pub states: Vec<DemandState>,
    /// Every rejected line, in line order.
    pub rejected: Vec<Rejected>,
    /// Every derived event (notices, replies, flags), by instant, then demand.
    pub derived: Vec<DerivedEvent>,
    /// The counts.
    pub counts: StreamCounts,
}

/// Replays a stream line by line (for sources that come in pieces: a file, an iterator).
#[derive(Debug)]
pub struct Replayer {
    rules: Rules,
    strict: bool,
    open: HashMap<String, DemandState>,
    finished_ids: HashMap<String, Stage>,
    finished: Vec<DemandState>,
    rejected: Vec<Rejected>,
    derived: Vec<DerivedEvent>,
    latest: Option<DateTime<FixedOffset>>,
    counts: StreamCounts,
}

impl Replayer {
    /// A replayer under these rules; `strict` fails on the first rejected line.
    pub fn new(rules: &Rules, strict: bool) -> Replayer {
        Replayer {
            rules: rules.clone(),
            strict,
            open: HashMap::new(),
            finished_ids: HashMap::new(),
            finished: Vec::new(),
            rejected: Vec::new(),
            derived: Vec::new(),
            latest: None,
            counts: StreamCounts::default(),
        }
    }

    /// Feeds the next line (its number is the count of lines fed so far). A rejected line is
    /// recorded; in strict mode it is the error.
    pub fn push_line(&mut self, line: &str) -> Result<(), crate::Error> {
        self.counts.lines += 1;
        let number = self.counts.lines;
        let text = line
            .trim_start_matches('\u{feff}')
            .trim_end_matches(['\r', '\n']);
        if text.trim().is_empty() {
            self.counts.blank += 1;
            return Ok(());
        }
        match self.apply_line(text) {
            Ok(()) => {
                self.counts.applied += 1;
                Ok(())
            }
            // Past the open-demands limit the stream itself is refused, in either mode: a result
            // missing the city's newest demands would be wrong for every unit's evaluation.
            Err((_, e @ crate::Error::Stream(StreamError::TooManyOpen { .. }))) => Err(e),
            Err((demand, e)) => {
                let rejected = Rejected {
                    line: number,
                    demand,
                    code: e.code().to_owned(),
                    message: e.to_string(),
                };
                if self.strict {
                    return Err(StreamError::LineRejected {
                        line: rejected.line,
                        demand: rejected.demand,
                        code: rejected.code,
                        message: rejected.message,
                    }
                    .into());
                }
                self.counts.rejected += 1;
                self.rejected.push(rejected);
                Ok(())
            }
        }
    }

    fn apply_line(&mut self, text: &str) -> Result<(), (Option<String>, crate::Error)> {
        let event = Event::from_json(text).map_err(|e| {
            // A line too large to read is not parsed even to name its demand.
            let demand = match e {
                DemandError::TooLarge { .. } => None,
                _ => demand_of(text),
            };
            (demand, e.into())
        })?;
        let id = Some(event.demand.clone());
        if let Some(stage) = self.finished_ids.get(&event.demand) {
            let e = DemandError::NotAllowed {
                stage: *stage,
                event: event.body.type_name(),
                reason: "the demand's life is over".to_owned(),
            };
            return Err((id, e.into()));
        }
        let done = if let Some(state) = self.open.get_mut(&event.demand) {
            state
                .apply_mut(&self.rules, &event, &mut self.derived)
                .map_err(|e| (id, e))?;
            state.stage.is_final()
        } else {
            let limit = self.rules.policy().limits.open_demands as usize;
            if self.open.len() >= limit {
                let e = StreamError::TooManyOpen {
                    demand: event.demand.clone(),
                    open: self.open.len(),
                };
                return Err((id, e.into()));
            }
            let state = DemandState::receive(&self.rules, &event).map_err(|e| (id, e))?;
            let done = state.stage.is_final();
            self.open.insert(event.demand.clone(), state);
            self.counts.demands += 1;
            done
        };
        self.latest = Some(self.latest.map_or(event.at, |l| l.max(event.at)));
        if done {
            if let Some(state) = self.open.remove(&event.demand) {
                self.counts.finished += 1;
                self.finished_ids.insert(event.demand, state.stage);
                self.finished.push(state);
            }
        }
        Ok(())
    }

    /// The demands whose life ended since the last call (closed, or answered at once), handed
    /// over instead of kept: a caller that counts them as they come (`evaluation::Evaluator`)
    /// keeps memory bounded by the open demands. They are then not in the final result's
    /// `states`; the counts still count them.
    pub fn take_finished(&mut self) -> Vec<DemandState> {
        std::mem::take(&mut self.finished)
    }

    /// Ends the stream: every open demand is brought to `at` (default: the latest instant
    /// applied), issuing the notices of limits that ended by then.
    pub fn finish(mut self, at: Option<DateTime<FixedOffset>>) -> StreamResult {
        let at = at.or(self.latest);
        let mut states = std::mem::take(&mut self.finished);
        self.counts.open = self.open.len();
        for (_, mut state) in self.open.drain() {
            if let Some(at) = at {
                state.advance(self.rules.policy(), at, &mut self.derived);
            }
            states.push(state);
        }
        states.sort_by(|a, b| a.demand.cmp(&b.demand));
        self.derived
            .sort_by(|a, b| a.at().cmp(&b.at()).then_with(|| a.demand().cmp(b.demand())));
        StreamResult {
            at,
            states,
            rejected: self.rejected,
            derived: self.derived,
            counts: self.counts,
        }
    }
}

/// The `demand` a line names, if it is JSON with a string `demand` (for rejected lines).
fn demand_of(text: &str) -> Option<String> {
    match serde_json::from_str::<serde_json::Value>(text)
        .ok()?
        .get("demand")?
    {
        serde_json::Value::String(s) => Some(s.clone()),
        _ => None,
    }
}

/// Replays a whole stream given as text (JSON Lines).
pub fn replay_stream(
    rules: &Rules,
    text: &str,
    strict: bool,
    at: Option<DateTime<FixedOffset>>,
) -> Result<StreamResult, crate::Error> {
    let mut replayer = Replayer::new(rules, strict);
    for line in text.lines() {
        replayer.push_line(line)?;
    }
    Ok(replayer.finish(at))
}
