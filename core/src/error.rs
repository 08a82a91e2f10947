//! The crate-wide error: one variant per module error, each with a stable snake_case code.
//!
//! Codes are part of the public contract (Python `JiesuError.code`, JS `Error.code`): a code is
//! never renamed or reused. [`all_codes`] lists every code so that each language's test suite can
//! check that it walks all of them.

use thiserror::Error;

use crate::{
    calendar::CalendarError, deadline::DeadlineError, policy::PolicyError, time::TimeError,
};

/// Any error of the library, tagged by the module that raised it.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum Error {
    /// A working-day calendar error (rules §1).
    #[error(transparent)]
    Calendar(#[from] CalendarError),
    /// A policy (profile) error.
    #[error(transparent)]
    Policy(#[from] PolicyError),
    /// A deadline error (rules §4).
    #[error(transparent)]
    Deadline(#[from] DeadlineError),
    /// An instant or date that could not be read (rules §0).
    #[error(transparent)]
    Time(#[from] TimeError),
}

impl Error {
    /// The stable snake_case code of this error.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Calendar(e) => e.code(),
            Error::Policy(e) => e.code(),
            Error::Deadline(e) => e.code(),
            Error::Time(e) => e.code(),
        }
    }

    /// The module that raised the error: `calendar`, `policy`, `deadline`, `time`.
    ///
    /// Bindings map it to an exception subclass (`CalendarError`, …).
    pub fn module(&self) -> &'static str {
        match self {
            Error::Calendar(_) => "calendar",
            Error::Policy(_) => "policy",
            Error::Deadline(_) => "deadline",
            Error::Time(_) => "time",
        }
    }
}

/// Every error code, with the module that raises it, in module order.
pub fn all_codes() -> Vec<(&'static str, &'static str)> {
    let mut out = Vec::new();
    out.extend(CalendarError::CODES.iter().map(|c| ("calendar", *c)));
    out.extend(PolicyError::CODES.iter().map(|c| ("policy", *c)));
    out.extend(DeadlineError::CODES.iter().map(|c| ("deadline", *c)));
    out.extend(TimeError::CODES.iter().map(|c| ("time", *c)));
    out
}
