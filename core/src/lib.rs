//! # jiesu-core — 接诉: the rules of 企呼政应、接诉即办
//!
//! A pure rules-and-SLA library for the enterprise-demand mechanism: working-day calendars and
//! time limits (this crate's modules are named for the rule-book sections they implement). It
//! reads no clock, no file and no network: "now" is an argument and calendars are data.
//!
//! | module | rule book |
//! |---|---|
//! | [`time`] | §0 instants in China Standard Time |
//! | [`calendar`] | §1 working-day calendar (工作日), coverage, provisional answers |
//! | [`policy`] | the knobs of every clause, the `seed` profile |
//! | [`deadline`] | §4 time limits (限时办结) |
//! | [`category`] | §2 demand categories (诉求分类): answered at once or dispatched |
//! | [`policy_library`] | §2 the policy library (政策库): matching consultations, the instant answer |
//! | [`directory`] | §3 the dispatch directory (派单目录): routing, 首接负责, the escalation ladder |
//! | [`demand`] | §5 a demand's event-sourced life: events (schema v1), the fold, clocks, notices |
//! | [`stream`] | §5 a city's event stream (JSON Lines): every line applied or rejected |
//! | [`evaluation`] | §7 evaluation (评价督导): counts, exact rates and scores, ranking, the four products, what-if |
//! | [`card`] | §6 cards (督办亮牌 红黄绿): yellow, red, interviews, each unit's colour at any instant |
//! | [`duties`] | §8 duties: weekly collection (问题征询) by the territories, leaders' field days |
//! | [`forms`] | §9 forms (附件2–5): ledger, transfer list, feedback, satisfaction — CSV and JSON |
//! | [`rules`] | the facade: one calendar + one policy (+ a directory) |
//!
//! ```
//! use jiesu_core::{Rules, time::parse_instant};
//!
//! let rules = Rules::default(); // bundled official calendar, `seed` policy
//! let start = parse_instant("2026-09-30T16:20+08:00")?;
//! let d = rules.feedback_deadline(&start)?;
//! // National Day 2026: 10-01..10-07 off; 10-08, 10-09, Saturday 10-10 (make-up), 10-12, 10-13.
//! assert_eq!(d.due_date.to_string(), "2026-10-13");
//! assert_eq!(d.due.to_rfc3339(), "2026-10-14T00:00:00+08:00");
//! assert_eq!(d.skipped.len(), 8);
//! # Ok::<(), jiesu_core::Error>(())
//! ```
#![forbid(unsafe_code)]
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

pub mod calendar;
pub mod card;
pub mod category;
pub mod deadline;
pub mod demand;
pub mod directory;
pub mod duties;
pub mod error;
pub mod evaluation;
pub mod exact;
pub mod forms;
mod json;
pub mod limits;
pub mod policy;
pub mod policy_library;
pub mod rules;
pub mod stream;
pub mod time;

pub use calendar::{BeyondCoverage, Calendar, CalendarError, Day, DayKind, Override, OverrideKind};
pub use card::{BoardRow, CardBoard, CardError, CardEvent, CardKind, Cause, Colour};
pub use category::{categories, Category, CategoryError, CategoryInfo, Handling};
pub use deadline::{Deadline, DeadlineError, DeadlineKind};
pub use demand::{DemandError, DemandState, DerivedEvent, Event, Stage, Status};
pub use directory::{
    Directory, DirectoryError, LeadReason, Level, Outcome, Route, RouteRequest, RuleMatch,
    Specificity, Unit, UnitKind,
};
pub use duties::{
    collection_shortfalls, field_day_shortfalls, CollectionLog, CollectionReport, DutiesError,
    FieldDayLog, FieldDayReport, Leaders, Register,
};
pub use error::{all_codes, Error};
pub use evaluation::{Comparison, Evaluation, EvaluationError, Evaluator, Period, Product};
pub use forms::{build_form, Form, FormKind, FormRow, FormsError};
pub use policy::{ClockStart, ClockTime, Consecutive, Policy, PolicyError};
pub use policy_library::{
    AnswerDecision, AnswerReason, Consultation, Hit, HitKind, NotInForce, PolicyEntry,
    PolicyLibrary, PolicyLibraryError, PolicyMatch, Validity,
};
pub use rules::Rules;
pub use stream::{Rejected, StreamCounts, StreamError, StreamResult};
pub use time::TimeError;

/// The library version (the crate version; bindings report the same).
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
