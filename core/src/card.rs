//! Cards (督办亮牌 · 红黄绿), rules §6: the escalation of units, at any instant, with its causes.
//!
//! Per unit, a state machine fed by the derived events of [`crate::demand`] in time order:
//!
//! - a missed limit → supervision notice (督办通知) + **yellow** card (黄牌);
//! - two consecutive yellow cards → **red** card (红牌) and the task force's interview of the
//!   deputy head in charge (专班约谈分管负责人); the red consumes the yellow streak;
//! - two consecutive red cards → a city leader's interview of the principal head
//!   (市政府领导约谈主要负责人); the interview consumes the red streak.
//!
//! "Consecutive" is the policy's `consecutive` knob:
//! - `events` (default): successive cards with no on-time reply by that unit in between; an
//!   on-time reply clears both streaks (a late reply clears nothing, and never removes a card);
//! - `periods`: cards in consecutive calendar months, a month with at least one yellow counting
//!   once; a calendar month without a yellow breaks both streaks, and the month a red card used
//!   cannot start the next streak.
//!
//! Months and years are those of a card's instant: a limit whose last day is 31 March ends at
//! 24:00, that is 00:00 on 1 April, and is carded in April.
//!
//! With `reset_yearly` (default) both streaks restart on 1 January. A unit's colour at an instant
//! is red while its red streak is active, else yellow while its yellow streak is, else green.
//! Every card and interview lists the missed limits (demand, round, due) that caused it.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, FixedOffset};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::deadline::DeadlineKind;
use crate::demand::{DerivedEvent, NoticeKind, RoundKind};
use crate::directory::{Directory, UnitKind};
use crate::policy::{Consecutive, Policy};
use crate::time::to_cst;

/// Errors of the card board.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum CardError {
    /// The unit is neither in the board's directory nor carded.
    #[error("unknown unit {unit:?}: not in the dispatch directory")]
    UnknownUnit {
        /// The unit id.
        unit: String,
    },
}

impl CardError {
    /// Every code of this module.
    pub const CODES: &'static [&'static str] = &["card_unknown_unit"];

    /// The stable `snake_case` code.
    pub fn code(&self) -> &'static str {
        match self {
            CardError::UnknownUnit { .. } => "card_unknown_unit",
        }
    }
}

/// A unit's colour (红/黄/绿).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Colour {
    /// 绿: no active streak.
    Green,
    /// 黄: a yellow streak is active.
    Yellow,
    /// 红: a red streak is active.
    Red,
}

impl Colour {
    /// The Chinese label (绿牌, 黄牌, 红牌).
    pub fn label_zh(self) -> &'static str {
        match self {
            Colour::Green => "绿",
            Colour::Yellow => "黄",
            Colour::Red => "红",
        }
    }
}

/// What a card event is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CardKind {
    /// 督办通知.
    Notice,
    /// 黄牌.
    Yellow,
    /// 红牌 (警示).
    Red,
    /// 专班约谈分管负责人.
    DeputyInterview,
    /// 市政府领导约谈主要负责人.
    PrincipalInterview,
}

impl CardKind {
    /// The guideline's label.
    pub fn label_zh(self) -> &'static str {
        match self {
            CardKind::Notice => "督办通知",
            CardKind::Yellow => "黄牌",
            CardKind::Red => "红牌警示",
            CardKind::DeputyInterview => "专班约谈分管负责人",
            CardKind::PrincipalInterview => "市政府领导约谈主要负责人",
        }
    }
}

/// A missed limit that caused a card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cause {
    /// The demand.
    pub demand: String,
    /// The round that missed its limit.
    pub round: u32,
    /// Its kind.
    pub round_kind: RoundKind,
    /// The limit (`feedback`, `plan`, `redo`).
    pub limit: DeadlineKind,
    /// The limit's end instant.
    pub due: DateTime<FixedOffset>,
}

/// One entry of a unit's card history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CardEvent {
    /// What.
    pub kind: CardKind,
    /// When.
    pub at: DateTime<FixedOffset>,
    /// The unit.
    pub unit: String,
    /// The missed limits that caused it.
    pub causes: Vec<Cause>,
}

/// A unit's streaks after one of its events.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Snapshot {
    at: DateTime<FixedOffset>,
    yellow: usize,
    red: usize,
    year: i32,
    last_yellow_month: Option<i32>,
}

/// One unit's cards: its history and its streaks over time.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
struct UnitCards {
    history: Vec<CardEvent>,
    snapshots: Vec<Snapshot>,
}

/// A unit's row of the colour board at an instant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BoardRow {
    /// The unit.
    pub unit: String,
    /// Its name, when the directory gives it.
    pub name: Option<String>,
    /// Its colour.
    pub colour: Colour,
    /// The active yellow streak (cards under `events`, months under `periods`).
    pub yellow_streak: usize,
    /// The active red streak.
    pub red_streak: usize,
    /// Supervision notices so far.
    pub notices: usize,
    /// Yellow cards so far.
    pub yellow_cards: usize,
    /// Red cards so far.
    pub red_cards: usize,
    /// Deputy-head interviews so far.
    pub deputy_interviews: usize,
    /// Principal-head interviews so far.
    pub principal_interviews: usize,
    /// The latest card event by then (a card or an interview; notices are not cards).
    pub latest: Option<CardEvent>,
}

/// Every unit's card history and colours (rules §6).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardBoard {
    consecutive: Consecutive,
    reset_yearly: bool,
    units: BTreeMap<String, UnitCards>,
    names: BTreeMap<String, String>,
    listed: Vec<String>,
    has_directory: bool,
}

/// Months since year 0: consecutive months differ by one.
fn month_index(t: &DateTime<FixedOffset>) -> i32 {
    let t = to_cst(t);
    t.year() * 12 + t.month0() as i32
}

fn year_of(t: &DateTime<FixedOffset>) -> i32 {
    to_cst(t).year()
}

/// The streaks of one unit while its events are folded.
#[derive(Default)]
struct Streaks {
    yellow: Vec<Cause>,
    yellow_months: Vec<i32>,
    reds: Vec<Vec<Cause>>,
    year: Option<i32>,
    last_yellow_month: Option<i32>,
    used_month: Option<i32>,
}

impl Streaks {
    fn clear(&mut self) {
        self.yellow.clear();
        self.yellow_months.clear();
        self.reds.clear();
    }

    fn yellow_count(&self, mode: Consecutive) -> usize {
        match mode {
            Consecutive::Events => self.yellow.len(),
            Consecutive::Periods => self.yellow_months.len(),
        }
    }
}

impl CardBoard {
    /// Folds the derived events (any order: they are taken by instant, then demand, stably) into every unit's
    /// card history under the policy's §6 knobs. With a directory, its handling units (territories,
    /// the development zone, departments, stationed units) are listed even without cards.
    pub fn new(
        policy: &Policy,
        directory: Option<&Directory>,
        derived: &[DerivedEvent],
    ) -> CardBoard {
        // By instant, then demand (the stream's own order), so that any order of the same events
        // gives the same history; each demand's events at one instant keep their order.
        let mut order: Vec<&DerivedEvent> = derived.iter().collect();
        order.sort_by(|a, b| a.at().cmp(&b.at()).then_with(|| a.demand().cmp(b.demand())));
        let mut by_unit: BTreeMap<String, Vec<&DerivedEvent>> = BTreeMap::new();
        for d in order {
            let relevant = match d {
                DerivedEvent::Notice(_) => true,
                DerivedEvent::Reply(r) => r.on_time == Some(true),
                DerivedEvent::Flag(_) => false,
            };
            if let (true, Some(unit)) = (relevant, d.unit()) {
                by_unit.entry(unit.to_owned()).or_default().push(d);
            }
        }
        let mut units = BTreeMap::new();
        for (unit, events) in by_unit {
            let cards = fold_unit(policy, &unit, &events);
            if !cards.snapshots.is_empty() {
                units.insert(unit, cards);
            }
        }
        let mut listed = Vec::new();
        let mut names = BTreeMap::new();
        if let Some(dir) = directory {
            for u in dir.units() {
                names.insert(u.id.clone(), u.name.clone());
                if matches!(
                    u.kind,
                    UnitKind::Territory
                        | UnitKind::DevelopmentZone
                        | UnitKind::Department
                        | UnitKind::StationedUnit
                ) || units.contains_key(&u.id)
                {
                    listed.push(u.id.clone());
                }
            }
        }
        for unit in units.keys() {
            if !listed.contains(unit) {
                listed.push(unit.clone());
            }
        }
        CardBoard {
            consecutive: policy.consecutive,
            reset_yearly: policy.reset_yearly,
            units,
            names,
            listed,
            has_directory: directory.is_some(),
        }
    }

    /// The units on the board: the directory's handling units in its order, then any other
    /// carded unit.
    pub fn units(&self) -> &[String] {
        &self.listed
    }

    fn check(&self, unit: &str) -> Result<Option<&UnitCards>, CardError> {
        match self.units.get(unit) {
            Some(u) => Ok(Some(u)),
            None if self.has_directory && !self.names.contains_key(unit) => {
                Err(CardError::UnknownUnit {
                    unit: unit.to_owned(),
                })
            }
            None => Ok(None),
        }
    }

    /// A unit's card history, in time order (empty for a unit never carded).
    pub fn history(&self, unit: &str) -> Result<&[CardEvent], CardError> {
        Ok(self.check(unit)?.map_or(&[][..], |u| &u.history))
    }

    /// The streaks in force at `at`: (yellow, red), after the yearly reset and, under
    /// `periods`, a month without a yellow.
    fn streaks_at(&self, cards: &UnitCards, at: &DateTime<FixedOffset>) -> (usize, usize) {
        let idx = cards.snapshots.partition_point(|s| s.at <= *at);
        let Some(s) = idx.checked_sub(1).and_then(|i| cards.snapshots.get(i)) else {
            return (0, 0);
        };
        let reset = self.reset_yearly && year_of(at) > s.year;
        let lapsed = self.consecutive == Consecutive::Periods
            && s.last_yellow_month.is_some_and(|m| month_index(at) > m + 1);
        if reset || lapsed {
            (0, 0)
        } else {
            (s.yellow, s.red)
        }
    }

    /// A unit's colour at an instant.
    pub fn colour(&self, unit: &str, at: &DateTime<FixedOffset>) -> Result<Colour, CardError> {
        let Some(cards) = self.check(unit)? else {
            return Ok(Colour::Green);
        };
        Ok(colour_of(self.streaks_at(cards, at)))
    }

    /// The colour board at an instant: every listed unit's colour, streaks, counts and latest
    /// card, in board order.
    pub fn board(&self, at: &DateTime<FixedOffset>) -> Vec<BoardRow> {
        self.listed
            .iter()
            .map(|unit| {
                let cards = self.units.get(unit);
                let history: &[CardEvent] = cards.map_or(&[][..], |c| &c.history);
                let upto = history.partition_point(|h| h.at <= *at);
                let seen = history.get(..upto).unwrap_or_default();
                let count = |k: CardKind| seen.iter().filter(|h| h.kind == k).count();
                let (yellow, red) = cards.map_or((0, 0), |c| self.streaks_at(c, at));
                BoardRow {
                    unit: unit.clone(),
                    name: self.names.get(unit).cloned(),
                    colour: colour_of((yellow, red)),
                    yellow_streak: yellow,
                    red_streak: red,
                    notices: count(CardKind::Notice),
                    yellow_cards: count(CardKind::Yellow),
                    red_cards: count(CardKind::Red),
                    deputy_interviews: count(CardKind::DeputyInterview),
                    principal_interviews: count(CardKind::PrincipalInterview),
                    latest: seen
                        .iter()
                        .rev()
                        .find(|h| h.kind != CardKind::Notice)
                        .cloned(),
                }
            })
            .collect()
    }

    /// Every card event of every unit, by instant then unit.
    pub fn events(&self) -> Vec<CardEvent> {
        let mut all: Vec<CardEvent> = self
            .units
            .values()
            .flat_map(|u| u.history.iter().cloned())
            .collect();
        all.sort_by(|a, b| a.at.cmp(&b.at).then_with(|| a.unit.cmp(&b.unit)));
        all
    }
}

fn colour_of((yellow, red): (usize, usize)) -> Colour {
    if red > 0 {
        Colour::Red
    } else if yellow > 0 {
        Colour::Yellow
    } else {
        Colour::Green
    }
}

/// One unit's events (notices and its on-time replies, in time order) folded into its history.
fn fold_unit(policy: &Policy, unit: &str, events: &[&DerivedEvent]) -> UnitCards {
    let mode = policy.consecutive;
    let mut out = UnitCards::default();
    let mut s = Streaks::default();
    for d in events {
        let at = d.at();
        let (year, month) = (year_of(&at), month_index(&at));
        if policy.reset_yearly && s.year.is_some_and(|y| year > y) {
            s.clear();
        }
        if mode == Consecutive::Periods && s.last_yellow_month.is_some_and(|m| month > m + 1) {
            s.clear();
        }
        s.year = Some(year);
        match d {
            DerivedEvent::Notice(n) => {
                let cause = Cause {
                    demand: n.demand.clone(),
                    round: n.round,
                    round_kind: n.round_kind,
                    limit: n.limit,
                    due: n.due,
                };
                let card = |kind: CardKind, causes: Vec<Cause>| CardEvent {
                    kind,
                    at,
                    unit: unit.to_owned(),
                    causes,
                };
                if n.kind == NoticeKind::SupervisionNotice {
                    out.history.push(card(CardKind::Notice, vec![cause]));
                } else {
                    out.history
                        .push(card(CardKind::Yellow, vec![cause.clone()]));
                    let counts = match mode {
                        Consecutive::Events => true,
                        Consecutive::Periods => s.used_month != Some(month),
                    };
                    s.last_yellow_month = Some(month);
                    if counts {
                        s.yellow.push(cause);
                        if s.yellow_months.last() != Some(&month) {
                            s.yellow_months.push(month);
                        }
                    }
                    if s.yellow_count(mode) >= 2 {
                        let causes = std::mem::take(&mut s.yellow);
                        s.yellow_months.clear();
                        s.used_month = Some(month);
                        out.history.push(card(CardKind::Red, causes.clone()));
                        out.history
                            .push(card(CardKind::DeputyInterview, causes.clone()));
                        s.reds.push(causes);
                    }
                    if s.reds.len() >= 2 {
                        let causes: Vec<Cause> = std::mem::take(&mut s.reds).concat();
                        out.history.push(card(CardKind::PrincipalInterview, causes));
                    }
                }
            }
            DerivedEvent::Reply(_) if mode == Consecutive::Events => s.clear(),
            DerivedEvent::Reply(_) | DerivedEvent::Flag(_) => {}
        }
        out.snapshots.push(Snapshot {
            at,
            yellow: s.yellow_count(mode),
            red: s.reds.len(),
            year,
            last_yellow_month: s.last_yellow_month,
        });
    }
    // A unit whose only events are on-time replies and that was never carded has no history.
    if out.history.is_empty() {
        out.snapshots.clear();
    }
    out
}
