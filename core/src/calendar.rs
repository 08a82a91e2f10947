//! The working-day calendar (工作日), rules §1.
//!
//! A day is a working day unless the calendar says otherwise: Monday–Friday work, Saturday and
//! Sunday off, then the official arrangement of the year overrides single dates — `off`
//! (法定节假日 and the bridge days of a holiday span) and `work` (调休补班, a weekend day that is a
//! working day). Calendar data is input data with a version, never logic: the bundled mainland
//! China arrangements ([`Calendar::china`]) are parsed from the fact table at first use.
//!
//! A calendar knows its **coverage**: the first and last year with official data. A query that
//! needs a day outside coverage fails with `calendar_out_of_range`, unless the calendar was set to
//! [`BeyondCoverage::WeekendsOnly`], in which case it answers from weekends alone (and from any
//! single override it was given for that day) and callers mark the result provisional.
//!
//! Every query is O(1) or O(log n): the calendar precomputes, for a window of years around its
//! coverage, the cumulative count of working days before each day and the list of working days.
//!
//! Day numbers: the `*_day` methods take and return days since 1970-01-01 (as numpy's
//! `datetime64[D]` and JS typed arrays hold them); the date methods wrap them.

use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// The bundled fact table: State Council holiday arrangements, `date,kind,name`.
pub const CHINA_CSV: &str = include_str!("../data/cn_official_arrangements.csv");

/// Days from 0001-01-01 (day 1 of the common era) to 1970-01-01.
const UNIX_EPOCH_FROM_CE: i32 = 719_163;
/// A provisional answer is given for days between these years (and always within coverage).
const WINDOW_FIRST_YEAR: i32 = 1900;
/// See [`WINDOW_FIRST_YEAR`].
const WINDOW_LAST_YEAR: i32 = 2199;

/// Errors of the working-day calendar.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum CalendarError {
    /// The query needs a day the calendar has no official data for (rules §1).
    #[error("{date} is outside the calendar's range {first_year}–{last_year}")]
    OutOfRange {
        /// The first day the query needed outside the range.
        date: NaiveDate,
        /// First year of the range (coverage, or the provisional window).
        first_year: i32,
        /// Last year of the range.
        last_year: i32,
    },
    /// A line of a `date,kind,name` CSV could not be read.
    #[error("calendar CSV line {line}: {reason}")]
    InvalidCsv {
        /// 1-based line number.
        line: usize,
        /// What is wrong with it.
        reason: String,
    },
    /// A holiday-cn style JSON text could not be read.
    #[error("holiday-cn JSON text #{index}: {reason}")]
    InvalidJson {
        /// 0-based position of the text among those given.
        index: usize,
        /// What is wrong with it.
        reason: String,
    },
    /// The data says both `off` and `work` for one date.
    #[error("{date} is given as both a day off and a working day")]
    ConflictingDate {
        /// The date.
        date: NaiveDate,
    },
    /// Years with data are not contiguous, so the coverage would have a hole.
    #[error(
        "calendar data has no arrangement for {year}, inside its coverage {first_year}–{last_year}"
    )]
    CoverageGap {
        /// The missing year.
        year: i32,
        /// First year with data.
        first_year: i32,
        /// Last year with data.
        last_year: i32,
    },
    /// The data covers no year at all (or first year after last year).
    #[error("calendar data covers no year")]
    NoCoverage,
    /// Batch columns of different lengths: dates and counts (one count, or one per date), or
    /// dues and replies (one reply per due).
    #[error("batch of {dates} {} with {counts} {}", .columns.0, .columns.1)]
    BatchLengthMismatch {
        /// Length of the first column.
        dates: usize,
        /// Length of the second column.
        counts: usize,
        /// What the two columns are, as the message names them.
        columns: (&'static str, &'static str),
    },
    /// A `beyond_coverage` mode that is neither `error` nor `weekends_only`.
    #[error("unknown beyond_coverage mode {text:?}: expected \"error\" or \"weekends_only\"")]
    InvalidBeyondCoverage {
        /// The text given.
        text: String,
    },
    /// An override kind that is neither `off` nor `work`.
    #[error("unknown override kind {text:?}: expected \"off\" or \"work\"")]
    InvalidOverrideKind {
        /// The text given.
        text: String,
    },
    /// `from_overrides` years outside the supported window, or the first after the last.
    #[error("years {first_year}–{last_year}: expected a first year ≤ the last, both within the supported window {window_first}–{window_last}")]
    InvalidYears {
        /// First year given.
        first_year: i32,
        /// Last year given.
        last_year: i32,
        /// The window's first year.
        window_first: i32,
        /// The window's last year.
        window_last: i32,
    },
    /// A count of working days that is negative or too large.
    #[error("invalid working-day count {n}: expected 0..=100000")]
    InvalidDayCount {
        /// The count given.
        n: i64,
    },
}

impl CalendarError {
    /// Every code of this module.
    pub const CODES: &'static [&'static str] = &[
        "calendar_out_of_range",
        "calendar_invalid_csv",
        "calendar_invalid_json",
        "calendar_conflicting_date",
        "calendar_coverage_gap",
        "calendar_no_coverage",
        "calendar_invalid_day_count",
        "calendar_batch_length_mismatch",
        "calendar_invalid_beyond_coverage",
        "calendar_invalid_override_kind",
        "calendar_invalid_years",
    ];

    /// The stable `snake_case` code.
    pub fn code(&self) -> &'static str {
        match self {
            CalendarError::OutOfRange { .. } => "calendar_out_of_range",
            CalendarError::InvalidCsv { .. } => "calendar_invalid_csv",
            CalendarError::InvalidJson { .. } => "calendar_invalid_json",
            CalendarError::ConflictingDate { .. } => "calendar_conflicting_date",
            CalendarError::CoverageGap { .. } => "calendar_coverage_gap",
            CalendarError::NoCoverage => "calendar_no_coverage",
            CalendarError::InvalidDayCount { .. } => "calendar_invalid_day_count",
            CalendarError::BatchLengthMismatch { .. } => "calendar_batch_length_mismatch",
            CalendarError::InvalidBeyondCoverage { .. } => "calendar_invalid_beyond_coverage",
            CalendarError::InvalidOverrideKind { .. } => "calendar_invalid_override_kind",
            CalendarError::InvalidYears { .. } => "calendar_invalid_years",
        }
    }
}

/// What the official arrangement says of one date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OverrideKind {
    /// A day of a statutory holiday span (法定节假日), weekday or weekend.
    Off,
    /// An adjusted working day (调休补班).
    Work,
}

impl std::str::FromStr for OverrideKind {
    type Err = CalendarError;

    /// Reads `off` or `work`.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text {
            "off" => Ok(OverrideKind::Off),
            "work" => Ok(OverrideKind::Work),
            _ => Err(CalendarError::InvalidOverrideKind {
                text: text.to_owned(),
            }),
        }
    }
}

/// One dated entry of an official arrangement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Override {
    /// The date.
    pub date: NaiveDate,
    /// Off or work.
    pub kind: OverrideKind,
    /// The holiday it belongs to (a make-up day carries the name of the holiday it pays for).
    pub name: String,
}

/// Why a day is or is not a working day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DayKind {
    /// An ordinary Monday–Friday working day (工作日).
    Workday,
    /// An ordinary Saturday or Sunday (周末).
    Weekend,
    /// A day of a statutory holiday span (法定节假日).
    Holiday,
    /// A weekend day that is a working day by arrangement (调休补班).
    MakeUpWorkday,
}

impl DayKind {
    /// The Chinese label used in tables and forms.
    pub fn label_zh(self) -> &'static str {
        match self {
            DayKind::Workday => "工作日",
            DayKind::Weekend => "周末",
            DayKind::Holiday => "法定节假日",
            DayKind::MakeUpWorkday => "调休补班",
        }
    }
}

/// One date with its status and the reason for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Day {
    /// The date.
    pub date: NaiveDate,
    /// Whether it is a working day.
    pub working: bool,
    /// Why.
    pub kind: DayKind,
    /// The holiday name, for holidays and make-up working days.
    pub name: Option<String>,
    /// True when the date is outside the calendar's coverage (answered from weekends only).
    pub provisional: bool,
}

/// What to do with a query outside coverage (rules §1, knob `beyond_coverage`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BeyondCoverage {
    /// Fail with `calendar_out_of_range` (default).
    #[default]
    Error,
    /// Answer from weekends alone; results are marked provisional.
    WeekendsOnly,
}

impl std::str::FromStr for BeyondCoverage {
    type Err = CalendarError;

    /// Reads `error` or `weekends_only`.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text {
            "error" => Ok(BeyondCoverage::Error),
            "weekends_only" => Ok(BeyondCoverage::WeekendsOnly),
            _ => Err(CalendarError::InvalidBeyondCoverage {
                text: text.to_owned(),
            }),
        }
    }
}

/// A working-day calendar: official arrangements, coverage, version and a precomputed index.
///
/// Cloning is cheap (the index is shared).
#[derive(Debug, Clone)]
pub struct Calendar {
    index: Arc<Index>,
    beyond: BeyondCoverage,
}

#[derive(Debug)]
struct Index {
    source: String,
    version: String,
    first_year: i32,
    last_year: i32,
    /// Coverage as day numbers (inclusive).
    cov_first: i32,
    cov_last: i32,
    /// Index window as day numbers (inclusive); `base == win_first`.
    win_first: i32,
    win_last: i32,
    /// `cum[i]`: working days among window offsets `0..i`; `cum.len() == days + 1`.
    cum: Vec<u32>,
    /// Window offsets of the working days, ascending.
    work: Vec<u32>,
    /// Overrides by day number, ascending.
    overrides: Vec<(i32, OverrideKind, String)>,
}

/// Day number (days since 1970-01-01) of a date.
pub fn day_number(date: NaiveDate) -> i32 {
    date.num_days_from_ce() - UNIX_EPOCH_FROM_CE
}

/// The date of a day number; `None` beyond chrono's range.
pub fn date_of(day: i32) -> Option<NaiveDate> {
    NaiveDate::from_num_days_from_ce_opt(day.checked_add(UNIX_EPOCH_FROM_CE)?)
}

/// How a dates-and-counts batch names its columns in a length mismatch
/// ([`CalendarError::BatchLengthMismatch`]).
pub const DATES_COUNTS: (&str, &str) = ("dates", "counts: give one count, or one per date");

fn jan1(year: i32) -> i32 {
    NaiveDate::from_ymd_opt(year, 1, 1).map_or(0, day_number)
}

fn dec31(year: i32) -> i32 {
    NaiveDate::from_ymd_opt(year, 12, 31).map_or(0, day_number)
}

/// 1970-01-01 was a Thursday; Monday = 0 … Sunday = 6.
fn weekday_of(day: i32) -> u32 {
    (day + 3).rem_euclid(7) as u32
}

fn is_weekend(day: i32) -> bool {
    weekday_of(day) >= 5
}

/// FNV-1a 64 over `bytes`, continuing from `h` (the offset basis to start).
pub(crate) fn fnv1a(bytes: &[u8], mut h: u64) -> u64 {
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Validates a working-day count.
fn day_count(n: i64) -> Result<u32, CalendarError> {
    if (0..=100_000).contains(&n) {
        Ok(n as u32)
    } else {
        Err(CalendarError::InvalidDayCount { n })
    }
}

impl Calendar {
    /// The bundled official mainland-China calendar (State Council notices), with
    /// `beyond_coverage = error`. Parsed once, then shared.
    pub fn china() -> Calendar {
        static CHINA: OnceLock<Result<Calendar, CalendarError>> = OnceLock::new();
        match CHINA.get_or_init(|| Calendar::from_csv_named("cn-official", CHINA_CSV)) {
            Ok(c) => c.clone(),
            // The bundled table is checked by the test suite; an empty calendar is unreachable.
            Err(_) => Calendar::empty(),
        }
    }

    fn empty() -> Calendar {
        Calendar::build("empty", 1970, 1970, BTreeMap::new())
    }

    /// Loads a calendar from CSV text in the bundled shape `date,kind,name` (header required,
    /// UTF-8, optional BOM). Coverage is the years that have rows; they must be contiguous.
    pub fn from_csv(text: &str) -> Result<Calendar, CalendarError> {
        Calendar::from_csv_named("csv", text)
    }

    fn from_csv_named(source: &str, text: &str) -> Result<Calendar, CalendarError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut lines = text.lines().enumerate();
        match lines.next() {
            Some((_, h)) if h.trim().replace(' ', "") == "date,kind,name" => {}
            _ => {
                return Err(CalendarError::InvalidCsv {
                    line: 1,
                    reason: "expected the header `date,kind,name`".into(),
                })
            }
        }
        let mut overrides = Vec::new();
        for (i, raw) in lines {
            let line = raw.trim();
            if line.is_empty() {
                continue;
            }
            let bad = |reason: String| CalendarError::InvalidCsv {
                line: i + 1,
                reason,
            };
            let fields: Vec<&str> = line.split(',').map(str::trim).collect();
            let [date, kind, name] = fields.as_slice() else {
                return Err(bad(format!("expected 3 fields, found {}", fields.len())));
            };
            let date =
                crate::time::parse_date(date).map_err(|_| bad(format!("invalid date {date:?}")))?;
            let kind: OverrideKind = kind
                .parse()
                .map_err(|e: CalendarError| bad(e.to_string()))?;
            overrides.push(Override {
                date,
                kind,
                name: (*name).to_owned(),
            });
        }
        let years: Vec<i32> = overrides.iter().map(|o| o.date.year()).collect();
        Calendar::from_years(source, &years, overrides)
    }

    /// Loads a calendar from holiday-cn style JSON texts, one per notice year
    /// (`{"year": 2026, "days": [{"name", "date", "isOffDay"}]}`).
    ///
    /// Coverage is the notice years whose `days` are not empty: an empty file (a placeholder for a
    /// year whose notice is not published) covers nothing. Entries dated in another year (a
    /// notice for 2019 lists 2018-12-29..31) are kept as overrides.
    pub fn from_holiday_cn(texts: &[&str]) -> Result<Calendar, CalendarError> {
        #[derive(Deserialize)]
        struct File {
            year: i32,
            days: Vec<Entry>,
        }
        #[derive(Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct Entry {
            name: String,
            #[serde(deserialize_with = "crate::time::de_date")]
            date: NaiveDate,
            is_off_day: bool,
        }
        let mut years = Vec::new();
        let mut overrides = Vec::new();
        for (index, text) in texts.iter().enumerate() {
            let file: File = crate::json::from_object(text)
                .map_err(|reason| CalendarError::InvalidJson { index, reason })?;
            if !file.days.is_empty() {
                years.push(file.year);
            }
            overrides.extend(file.days.into_iter().map(|e| Override {
                date: e.date,
                kind: if e.is_off_day {
                    OverrideKind::Off
                } else {
                    OverrideKind::Work
                },
                name: e.name,
            }));
        }
        Calendar::from_years("holiday-cn", &years, overrides)
    }

    /// A calendar from overrides built in code, covering `first_year..=last_year`.
    pub fn from_overrides(
        first_year: i32,
        last_year: i32,
        overrides: Vec<Override>,
    ) -> Result<Calendar, CalendarError> {
        if first_year > last_year || first_year < WINDOW_FIRST_YEAR || last_year > WINDOW_LAST_YEAR
        {
            return Err(CalendarError::InvalidYears {
                first_year,
                last_year,
                window_first: WINDOW_FIRST_YEAR,
                window_last: WINDOW_LAST_YEAR,
            });
        }
        Ok(Calendar::build(
            "custom",
            first_year,
            last_year,
            merge(overrides)?,
        ))
    }

    fn from_years(
        source: &str,
        years: &[i32],
        overrides: Vec<Override>,
    ) -> Result<Calendar, CalendarError> {
        let (Some(&first), Some(&last)) = (years.iter().min(), years.iter().max()) else {
            return Err(CalendarError::NoCoverage);
        };
        if first < WINDOW_FIRST_YEAR || last > WINDOW_LAST_YEAR {
            return Err(CalendarError::NoCoverage);
        }
        if let Some(year) = (first..=last).find(|y| !years.contains(y)) {
            return Err(CalendarError::CoverageGap {
                year,
                first_year: first,
                last_year: last,
            });
        }
        Ok(Calendar::build(source, first, last, merge(overrides)?))
    }

    fn build(
        source: &str,
        first_year: i32,
        last_year: i32,
        overrides: BTreeMap<NaiveDate, (OverrideKind, String)>,
    ) -> Calendar {
        let win_first = jan1(WINDOW_FIRST_YEAR.min(first_year));
        let win_last = dec31(WINDOW_LAST_YEAR.max(last_year));
        let overrides: Vec<(i32, OverrideKind, String)> = overrides
            .into_iter()
            .map(|(d, (k, n))| (day_number(d), k, n))
            .collect();
        let days = (win_last - win_first + 1) as usize;
        let mut cum = Vec::with_capacity(days + 1);
        let mut work = Vec::with_capacity(days * 5 / 7 + 8);
        let mut next = overrides.iter().peekable();
        let mut count = 0u32;
        for off in 0..days as u32 {
            let day = win_first + off as i32;
            cum.push(count);
            while next.peek().is_some_and(|o| o.0 < day) {
                next.next();
            }
            let working = match next.peek() {
                Some((d, kind, _)) if *d == day => *kind == OverrideKind::Work,
                _ => !is_weekend(day),
            };
            if working {
                work.push(off);
                count += 1;
            }
        }
        cum.push(count);
        let mut h = fnv1a(
            format!("{first_year}-{last_year}\n").as_bytes(),
            0xcbf2_9ce4_8422_2325,
        );
        for (d, k, n) in &overrides {
            let k = match k {
                OverrideKind::Off => "off",
                OverrideKind::Work => "work",
            };
            h = fnv1a(format!("{d},{k},{n}\n").as_bytes(), h);
        }
        Calendar {
            index: Arc::new(Index {
                source: source.to_owned(),
                version: format!("{source}:{first_year}-{last_year}:{:08x}", h >> 32),
                first_year,
                last_year,
                cov_first: jan1(first_year),
                cov_last: dec31(last_year),
                win_first,
                win_last,
                cum,
                work,
                overrides,
            }),
            beyond: BeyondCoverage::Error,
        }
    }

    /// The same data with another `beyond_coverage` mode.
    #[must_use]
    pub fn with_beyond_coverage(&self, mode: BeyondCoverage) -> Calendar {
        Calendar {
            index: Arc::clone(&self.index),
            beyond: mode,
        }
    }

    /// The `beyond_coverage` mode in force.
    pub fn beyond_coverage(&self) -> BeyondCoverage {
        self.beyond
    }

    /// The data's version: `source:first-last:hash`, where the hash changes with any entry.
    pub fn version(&self) -> &str {
        &self.index.version
    }

    /// Where the data came from: `cn-official`, `csv`, `holiday-cn` or `custom`.
    pub fn source(&self) -> &str {
        &self.index.source
    }

    /// First year with official data.
    pub fn first_year(&self) -> i32 {
        self.index.first_year
    }

    /// Last year with official data.
    pub fn last_year(&self) -> i32 {
        self.index.last_year
    }

    /// Whether the date is inside coverage (an answer for it is not provisional).
    pub fn covers(&self, date: NaiveDate) -> bool {
        self.covers_day(day_number(date))
    }

    /// [`Calendar::covers`] by day number.
    pub fn covers_day(&self, day: i32) -> bool {
        (self.index.cov_first..=self.index.cov_last).contains(&day)
    }

    /// Whether the inclusive day range `first..=last` is inside coverage (true when empty).
    pub fn covers_days(&self, first: i32, last: i32) -> bool {
        first > last || (self.covers_day(first) && self.covers_day(last))
    }

    /// Checks that the inclusive range `first..=last` may be answered; returns whether the
    /// answer is provisional.
    fn check(&self, first: i32, last: i32) -> Result<bool, CalendarError> {
        if first > last {
            return Ok(false);
        }
        let ix = &*self.index;
        let (lo, hi, fy, ly) = match self.beyond {
            BeyondCoverage::Error => (ix.cov_first, ix.cov_last, ix.first_year, ix.last_year),
            BeyondCoverage::WeekendsOnly => (
                ix.win_first,
                ix.win_last,
                WINDOW_FIRST_YEAR.min(ix.first_year),
                WINDOW_LAST_YEAR.max(ix.last_year),
            ),
        };
        let bad = if first < lo {
            Some(first)
        } else if last > hi {
            Some(first.max(hi + 1))
        } else {
            None
        };
        if let Some(day) = bad {
            return Err(CalendarError::OutOfRange {
                date: date_of(day).unwrap_or_default(),
                first_year: fy,
                last_year: ly,
            });
        }
        Ok(!self.covers_days(first, last))
    }

    /// Working days in the window up to and including `day` (0 before the window; the window's
    /// total after it). Callers check the range first; this stays total for any `day`.
    fn through(&self, day: i32) -> u32 {
        let ix = &*self.index;
        let off = i64::from(day) - i64::from(ix.win_first) + 1;
        match usize::try_from(off) {
            Ok(off) => ix.cum.get(off).or(ix.cum.last()).copied().unwrap_or(0),
            Err(_) => 0,
        }
    }

    fn working_unchecked(&self, day: i32) -> bool {
        self.through(day) > self.through(day.saturating_sub(1))
    }

    /// Whether the date is a working day.
    pub fn is_working_day(&self, date: NaiveDate) -> Result<bool, CalendarError> {
        self.is_working_day_number(day_number(date))
    }

    /// [`Calendar::is_working_day`] by day number.
    pub fn is_working_day_number(&self, day: i32) -> Result<bool, CalendarError> {
        self.check(day, day)?;
        Ok(self.working_unchecked(day))
    }

    /// The date with its status and reason (weekend, holiday name, make-up working day).
    pub fn day(&self, date: NaiveDate) -> Result<Day, CalendarError> {
        let day = day_number(date);
        let provisional = self.check(day, day)?;
        let weekend = matches!(date.weekday(), Weekday::Sat | Weekday::Sun);
        let found = self
            .index
            .overrides
            .binary_search_by_key(&day, |o| o.0)
            .ok()
            .and_then(|i| self.index.overrides.get(i));
        let (working, kind, name) = match found {
            Some((_, OverrideKind::Off, name)) => (false, DayKind::Holiday, Some(name.clone())),
            Some((_, OverrideKind::Work, name)) if weekend => {
                (true, DayKind::MakeUpWorkday, Some(name.clone()))
            }
            // A `work` entry on a weekday (holiday-cn's 2020-02-03) is an ordinary working day.
            Some((_, OverrideKind::Work, _)) | None if !weekend => (true, DayKind::Workday, None),
            _ => (false, DayKind::Weekend, None),
        };
        Ok(Day {
            date,
            working,
            kind,
            name,
            provisional,
        })
    }

    /// The `n`-th working day strictly after `date` (`n = 0` gives `date`).
    ///
    /// `working_days_between(date, add_working_days(date, n)) == n`.
    pub fn add_working_days(&self, date: NaiveDate, n: i64) -> Result<NaiveDate, CalendarError> {
        let start = day_number(date);
        let day = self.add_working_days_number(start, n)?;
        // chrono adds days within a year without a calendar conversion (`date_of` does one).
        Ok(date
            .checked_add_days(chrono::Days::new((day - start) as u64))
            .unwrap_or(date))
    }

    /// [`Calendar::add_working_days`] by day number: the hot path (two table reads).
    #[inline]
    pub fn add_working_days_number(&self, day: i32, n: i64) -> Result<i32, CalendarError> {
        let n = day_count(n)?;
        if n == 0 {
            return Ok(day);
        }
        match self.fast().add(day, n) {
            Some(result) => Ok(result),
            None => self.add_slow(day, n),
        }
    }

    /// The tables of the fast path, read once (a batch keeps them in registers).
    #[inline]
    fn fast(&self) -> Fast<'_> {
        let ix = &*self.index;
        Fast {
            cum: &ix.cum,
            work: &ix.work,
            base: ix.win_first,
            lo: ix.cov_first - 1,
            span: (ix.cov_last - ix.cov_first + 1) as u32,
            last: ix.cov_last,
        }
    }

    #[cold]
    #[inline(never)]
    fn add_slow(&self, day: i32, n: u32) -> Result<i32, CalendarError> {
        let ix = &*self.index;
        if day < ix.win_first - 1 || day >= ix.win_last {
            self.check(day.saturating_add(1), day.saturating_add(1))?;
        }
        let k = self.through(day) as usize + n as usize - 1;
        let result = match ix.work.get(k) {
            Some(&off) => ix.win_first + off as i32,
            None => ix.win_last + 1,
        };
        self.check(day.saturating_add(1), result)?;
        Ok(result)
    }

    /// Batch [`Calendar::add_working_days_number`]: `out[i]` is the `n[i]`-th working day after
    /// `days[i]` (`n` may hold one count for all). Stops at the first error, which names the date.
    pub fn add_working_days_numbers_into(
        &self,
        days: &[i32],
        n: &[i64],
        out: &mut [i32],
    ) -> Result<(), crate::Error> {
        if out.len() != days.len() {
            return Err(CalendarError::BatchLengthMismatch {
                dates: days.len(),
                counts: out.len(),
                columns: DATES_COUNTS,
            }
            .into());
        }
        let fast = self.fast();
        let row = |i: usize, d: i32, e: CalendarError| {
            crate::Error::at_row(
                i,
                date_of(d).map_or_else(|| d.to_string(), |x| x.to_string()),
                e,
            )
        };
        match n {
            [one] => {
                let k = day_count(*one)?;
                if k == 0 {
                    out.copy_from_slice(days);
                    return Ok(());
                }
                for (i, (o, &d)) in out.iter_mut().zip(days).enumerate() {
                    *o = match fast.add(d, k) {
                        Some(r) => r,
                        None => self.add_slow(d, k).map_err(|e| row(i, d, e))?,
                    };
                }
            }
            _ if n.len() == days.len() => {
                for (i, ((o, &d), &k)) in out.iter_mut().zip(days).zip(n).enumerate() {
                    let k = day_count(k).map_err(|e| crate::Error::at_row(i, k, e))?;
                    *o = if k == 0 {
                        d
                    } else {
                        match fast.add(d, k) {
                            Some(r) => r,
                            None => self.add_slow(d, k).map_err(|e| row(i, d, e))?,
                        }
                    };
                }
            }
            _ => {
                return Err(CalendarError::BatchLengthMismatch {
                    dates: days.len(),
                    counts: n.len(),
                    columns: DATES_COUNTS,
                }
                .into())
            }
        }
        Ok(())
    }

    /// Batch [`Calendar::add_working_days_number`] into a new vector.
    pub fn add_working_days_numbers(
        &self,
        days: &[i32],
        n: &[i64],
    ) -> Result<Vec<i32>, crate::Error> {
        let mut out = vec![0; days.len()];
        self.add_working_days_numbers_into(days, n, &mut out)?;
        Ok(out)
    }

    /// Batch [`Calendar::is_working_day_number`].
    pub fn is_working_day_numbers(&self, days: &[i32]) -> Result<Vec<bool>, crate::Error> {
        days.iter()
            .enumerate()
            .map(|(i, &d)| {
                self.is_working_day_number(d).map_err(|e| {
                    crate::Error::at_row(
                        i,
                        date_of(d).map_or_else(|| d.to_string(), |x| x.to_string()),
                        e,
                    )
                })
            })
            .collect()
    }

    /// [`Calendar::add_working_days_numbers`] row by row: each row's result or its own error, so
    /// that one bad row does not fail the batch (pandas' `errors="coerce"`). Fails whole only when
    /// the counts are neither one nor one per date.
    pub fn add_working_days_rows(
        &self,
        days: &[i32],
        n: &[i64],
    ) -> Result<Vec<Result<i32, CalendarError>>, CalendarError> {
        let count = |i: usize| match n {
            [one] => Ok(*one),
            _ if n.len() == days.len() => {
                n.get(i).copied().ok_or(CalendarError::BatchLengthMismatch {
                    dates: days.len(),
                    counts: n.len(),
                    columns: DATES_COUNTS,
                })
            }
            _ => Err(CalendarError::BatchLengthMismatch {
                dates: days.len(),
                counts: n.len(),
                columns: DATES_COUNTS,
            }),
        };
        if !days.is_empty() {
            count(0)?;
        }
        Ok(days
            .iter()
            .enumerate()
            .map(|(i, &d)| self.add_working_days_number(d, count(i)?))
            .collect())
    }

    /// Working days in the half-open range `(a, b]`; negative when `b < a`.
    pub fn working_days_between(&self, a: NaiveDate, b: NaiveDate) -> Result<i64, CalendarError> {
        self.working_days_between_numbers(day_number(a), day_number(b))
    }

    /// [`Calendar::working_days_between`] by day number.
    pub fn working_days_between_numbers(&self, a: i32, b: i32) -> Result<i64, CalendarError> {
        let (lo, hi, sign) = if a <= b { (a, b, 1) } else { (b, a, -1) };
        if lo == hi {
            return Ok(0);
        }
        self.check(lo.saturating_add(1), hi)?;
        let count = i64::from(self.through(hi)) - i64::from(self.through(lo));
        Ok(sign * count)
    }

    /// The first working day strictly after `date`.
    pub fn next_working_day(&self, date: NaiveDate) -> Result<NaiveDate, CalendarError> {
        self.add_working_days(date, 1)
    }

    /// The last working day strictly before `date`.
    pub fn previous_working_day(&self, date: NaiveDate) -> Result<NaiveDate, CalendarError> {
        let day = day_number(date);
        self.check(day.saturating_sub(1), day.saturating_sub(1))?;
        let before = self.through(day.saturating_sub(1)) as usize;
        let found = before.checked_sub(1).and_then(|k| self.index.work.get(k));
        let result = found.map_or(self.index.win_first - 1, |&off| {
            self.index.win_first + off as i32
        });
        self.check(result, day.saturating_sub(1))?;
        Ok(date_of(result).unwrap_or(date))
    }

    /// The working days of the inclusive range `from..=to`, ascending (empty when `to < from`).
    pub fn working_days_in(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<NaiveDate>, CalendarError> {
        let (a, b) = (day_number(from), day_number(to));
        self.check(a, b)?;
        if b < a {
            return Ok(Vec::new());
        }
        let (i, j) = (
            self.through(a.saturating_sub(1)) as usize,
            self.through(b) as usize,
        );
        let offs = self.index.work.get(i..j).unwrap_or_default();
        Ok(offs
            .iter()
            .filter_map(|&off| date_of(self.index.win_first + off as i32))
            .collect())
    }

    /// Every day of the inclusive range that is not an ordinary working day — weekends,
    /// holidays and make-up working days — with its reason.
    pub fn notable_days_in(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<Day>, CalendarError> {
        let (a, b) = (day_number(from), day_number(to));
        self.check(a, b)?;
        let mut out = Vec::new();
        for date in from.iter_days().take_while(|d| *d <= to) {
            let day = self.day(date)?;
            if day.kind != DayKind::Workday {
                out.push(day);
            }
        }
        Ok(out)
    }

    /// The official arrangement of a year: its holiday days and make-up working days, as
    /// [`Day`]s in date order (weekends are not listed). Outside coverage the year has no
    /// arrangement: an error, or an empty list in `weekends_only` mode.
    pub fn arrangement(&self, year: i32) -> Result<Vec<Day>, CalendarError> {
        if NaiveDate::from_ymd_opt(year, 1, 1).is_none() {
            // A year no date can have: outside the range at the end it lies beyond.
            return Err(CalendarError::OutOfRange {
                date: if year > 0 {
                    NaiveDate::MAX
                } else {
                    NaiveDate::MIN
                },
                first_year: self.first_year(),
                last_year: self.last_year(),
            });
        }
        let (a, b) = (jan1(year), dec31(year));
        self.check(a, b)?;
        let from = self.index.overrides.partition_point(|o| o.0 < a);
        let to = self.index.overrides.partition_point(|o| o.0 <= b);
        let entries = self.index.overrides.get(from..to).unwrap_or_default();
        entries
            .iter()
            .filter_map(|o| date_of(o.0))
            .map(|d| self.day(d))
            .collect()
    }

    /// The overrides the calendar was built from, in date order.
    pub fn overrides(&self) -> Vec<Override> {
        let ix = &*self.index;
        ix.overrides
            .iter()
            .filter_map(|(d, kind, name)| {
                Some(Override {
                    date: date_of(*d)?,
                    kind: *kind,
                    name: name.clone(),
                })
            })
            .collect()
    }
}

/// The fast path of [`Calendar::add_working_days_number`] (`n >= 1`, start and answer inside
/// coverage), with the table references and bounds in locals.
struct Fast<'a> {
    cum: &'a [u32],
    work: &'a [u32],
    base: i32,
    lo: i32,
    span: u32,
    last: i32,
}

impl Fast<'_> {
    /// `None` sends the caller to the checked path.
    #[inline]
    fn add(&self, day: i32, n: u32) -> Option<i32> {
        // One unsigned compare for `cov_first - 1 <= day < cov_last`.
        if day.wrapping_sub(self.lo) as u32 >= self.span {
            return None;
        }
        // `day >= base - 1` here, so the offset of the day after it is never negative.
        let through = *self.cum.get((day - self.base + 1) as usize)?;
        let off = *self.work.get((through + n).checked_sub(1)? as usize)?;
        let result = self.base + off as i32;
        (result <= self.last).then_some(result)
    }
}

/// Merges overrides by date; the same entry twice is fine, off and work for one date is not.
fn merge(
    overrides: Vec<Override>,
) -> Result<BTreeMap<NaiveDate, (OverrideKind, String)>, CalendarError> {
    let mut map = BTreeMap::new();
    for o in overrides {
        match map.get(&o.date) {
            Some((kind, _)) if *kind != o.kind => {
                return Err(CalendarError::ConflictingDate { date: o.date })
            }
            Some(_) => {}
            None => {
                map.insert(o.date, (o.kind, o.name));
            }
        }
    }
    Ok(map)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn national_day_2026() {
        let c = Calendar::china();
        assert_eq!(c.first_year(), 2004);
        assert_eq!(c.last_year(), 2026);
        assert!(!c.is_working_day(d("2026-10-01")).unwrap());
        assert!(c.is_working_day(d("2026-10-10")).unwrap());
        assert_eq!(
            c.add_working_days(d("2026-09-30"), 1).unwrap(),
            d("2026-10-08")
        );
        assert_eq!(c.day(d("2026-10-10")).unwrap().kind, DayKind::MakeUpWorkday);
        assert_eq!(
            c.previous_working_day(d("2026-10-08")).unwrap(),
            d("2026-09-30")
        );
    }

    #[test]
    fn out_of_range_and_provisional() {
        let c = Calendar::china();
        let e = c.add_working_days(d("2026-12-28"), 5).unwrap_err();
        assert_eq!(e.code(), "calendar_out_of_range");
        let p = c.with_beyond_coverage(BeyondCoverage::WeekendsOnly);
        assert_eq!(
            p.add_working_days(d("2026-12-28"), 5).unwrap(),
            d("2027-01-04")
        );
        assert!(p.day(d("2027-01-01")).unwrap().provisional);
    }

    #[test]
    fn coverage_starting_at_the_window_edge() {
        // Coverage from 1900 starts on the index window's first day: the day before it is the
        // edge of the fast path's table arithmetic.
        let c = Calendar::from_overrides(1900, 1900, Vec::new()).unwrap();
        assert_eq!(
            c.add_working_days(d("1899-12-31"), 1).unwrap(),
            d("1900-01-01")
        );
        assert_eq!(
            c.add_working_days_numbers(&[day_number(d("1899-12-31"))], &[5])
                .unwrap(),
            vec![day_number(d("1900-01-05"))]
        );
        assert_eq!(
            c.add_working_days(d("1899-12-30"), 1).unwrap_err().code(),
            "calendar_out_of_range"
        );
        assert_eq!(
            c.add_working_days(d("1900-12-28"), 2).unwrap_err().code(),
            "calendar_out_of_range"
        );
    }
}
