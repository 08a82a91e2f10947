//! The crate-wide error: one variant per module error, each with a stable `snake_case` code.
//!
//! Codes are part of the public contract (Python `JiesuError.code`, JS `Error.code`): a code is
//! never renamed or reused. [`all_codes`] lists every code so that each language's test suite can
//! check that it walks all of them.

use thiserror::Error;

use crate::{
    calendar::CalendarError, card::CardError, category::CategoryError, deadline::DeadlineError,
    demand::DemandError, directory::DirectoryError, duties::DutiesError,
    evaluation::EvaluationError, forms::FormsError, policy::PolicyError,
    policy_library::PolicyLibraryError, stream::StreamError, time::TimeError,
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
    /// A demand category that could not be read (rules §2).
    #[error(transparent)]
    Category(#[from] CategoryError),
    /// A policy library or consultation error (rules §2).
    #[error(transparent)]
    PolicyLibrary(#[from] PolicyLibraryError),
    /// A dispatch directory or routing error (rules §3).
    #[error(transparent)]
    Directory(#[from] DirectoryError),
    /// An event or demand-state error (rules §5).
    #[error(transparent)]
    Demand(#[from] DemandError),
    /// An event stream error (rules §5).
    #[error(transparent)]
    Stream(#[from] StreamError),
    /// A card board error (rules §6).
    #[error(transparent)]
    Card(#[from] CardError),
    /// An evaluation error (rules §7).
    #[error(transparent)]
    Evaluation(#[from] EvaluationError),
    /// One row of a batch failed: which row, its value, and the row's own error (whose code and
    /// module this error carries).
    #[error("row {} ({}): {}", .0.index, .0.value, .0.error)]
    Row(RowError),
    /// A duties error: registers, leaders, collection and field-day logs (rules §8).
    #[error(transparent)]
    Duties(#[from] DutiesError),
    /// A forms error (rules §9).
    #[error(transparent)]
    Forms(#[from] FormsError),
}

/// A batch's failure at one row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    /// 0-based index of the row.
    pub index: usize,
    /// The row's value as text (a date, an instant, a count).
    pub value: String,
    /// The row's own error.
    pub error: Box<Error>,
}

impl Error {
    /// The error of row `index` (holding `value`) of a batch.
    pub fn at_row(index: usize, value: impl std::fmt::Display, error: impl Into<Error>) -> Error {
        Error::Row(RowError {
            index,
            value: value.to_string(),
            error: Box::new(error.into()),
        })
    }

    /// The batch row this error is about (index and value), if it is a row's error.
    pub fn row(&self) -> Option<(usize, &str)> {
        match self {
            Error::Row(r) => Some((r.index, r.value.as_str())),
            _ => None,
        }
    }

    /// The stable `snake_case` code of this error.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Calendar(e) => e.code(),
            Error::Policy(e) => e.code(),
            Error::Deadline(e) => e.code(),
            Error::Time(e) => e.code(),
            Error::Category(e) => e.code(),
            Error::PolicyLibrary(e) => e.code(),
            Error::Directory(e) => e.code(),
            Error::Demand(e) => e.code(),
            Error::Stream(e) => e.code(),
            Error::Card(e) => e.code(),
            Error::Evaluation(e) => e.code(),
            Error::Duties(e) => e.code(),
            Error::Forms(e) => e.code(),
            Error::Row(r) => r.error.code(),
        }
    }

    /// The module that raised the error: `calendar`, `policy`, `deadline`, `time`, `category`,
    /// `policy_library`, `directory`, `demand`, `stream`, `card`, `evaluation`, `duties`, `forms`.
    ///
    /// Bindings map it to an exception subclass (`CalendarError`, …).
    pub fn module(&self) -> &'static str {
        match self {
            Error::Calendar(_) => "calendar",
            Error::Policy(_) => "policy",
            Error::Deadline(_) => "deadline",
            Error::Time(_) => "time",
            Error::Category(_) => "category",
            Error::PolicyLibrary(_) => "policy_library",
            Error::Directory(_) => "directory",
            Error::Demand(_) => "demand",
            Error::Stream(_) => "stream",
            Error::Card(_) => "card",
            Error::Evaluation(_) => "evaluation",
            Error::Row(r) => r.error.module(),
            Error::Duties(_) => "duties",
            Error::Forms(_) => "forms",
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
    out.extend(CategoryError::CODES.iter().map(|c| ("category", *c)));
    out.extend(
        PolicyLibraryError::CODES
            .iter()
            .map(|c| ("policy_library", *c)),
    );
    out.extend(DirectoryError::CODES.iter().map(|c| ("directory", *c)));
    out.extend(DemandError::CODES.iter().map(|c| ("demand", *c)));
    out.extend(StreamError::CODES.iter().map(|c| ("stream", *c)));
    out.extend(CardError::CODES.iter().map(|c| ("card", *c)));
    out.extend(EvaluationError::CODES.iter().map(|c| ("evaluation", *c)));
    out.extend(DutiesError::CODES.iter().map(|c| ("duties", *c)));
    out.extend(FormsError::CODES.iter().map(|c| ("forms", *c)));
    out
}
