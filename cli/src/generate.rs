//! `jiesu generate`: a realistic, deterministic year of a city's demands as an event stream
//! (schema v1, JSON Lines in time order, as the platform exports them).
//!
//! Every event is checked by the library's own fold before it is written, so the stream is valid
//! by construction; the randomness is a seeded `SplitMix64`, so a seed always gives the same bytes.
//! The mix (stated in `fixtures/city/README.md` and checked by the CLI tests):
//!
//! | what | share |
//! |---|---|
//! | categories | consultation 25 %, help 35 %, suggestion 10 %, complaint 30 % |
//! | consultations answered at once (即时答复) | 60 % of consultations |
//! | territory handles first (属地本级解决) | 30 % of the rest; half of those solved there, half escalated to the center |
//! | escalated to the city government | 3 % of center dispatches |
//! | returned by the unit (退单) and re-dispatched | 5 % of dispatches |
//! | solution plans (解决方案) | 8 % of first rounds; 40 % of plans extend the limit, with an explanation |
//! | replies | 75 % inside the limit, 20 % late (1 hour to 5 days), 5 % never |
//! | callbacks (回访) | 10 % unreached first; then 45 / 25 / 15 / 15 % very / fairly / basically satisfied / unsatisfied |
//! | false feedback (虚假反馈) | 3 % of replies |
//! | returns after an unsatisfied callback | 90 % the same day, 10 % the next day (late) |
//! | verification after a second unsatisfied callback | opinion `close` 70 %, `redo` 30 % |
//!
//! Demands are received on working days 90 % of the time, 08:30–17:30, from 1 January to
//! 15 December (so that every limit ends inside the published calendar); the export ends at
//! 24:00 on 31 December, and events after it are not written.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::io::Write;

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, NaiveTime};
use jiesu_core::demand::{DemandState, Event, Stage};
use jiesu_core::directory::{Directory, Level, Outcome, RouteRequest, UnitKind};
use jiesu_core::time::{format_date, format_instant, from_local};
use jiesu_core::{Category, Rules};
use serde_json::{json, Value};

use crate::Failure;

/// `SplitMix64`: small, fast, and the same on every platform.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`).
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    /// True with probability `percent` / 100.
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        items.get(usize::try_from(self.below(items.len() as u64)).unwrap_or(0))
    }

    fn minutes(&mut self, lo: i64, hi: i64) -> Duration {
        Duration::minutes(lo + i64::try_from(self.below((hi - lo).max(1) as u64)).unwrap_or(0))
    }
}

/// What the generator made, for the summary on stderr and the mix check.
#[derive(Debug, Default, serde::Serialize)]
pub(crate) struct Summary {
    pub demands: usize,
    pub events: usize,
    pub answered: usize,
    pub territory_handled: usize,
    pub dispatches: usize,
    pub unit_returns: usize,
    pub plans: usize,
    pub replies_on_time: usize,
    pub replies_late: usize,
    pub never_replied: usize,
    pub callbacks: usize,
    pub unreached: usize,
    pub unsatisfied: usize,
    pub verifications: usize,
    pub closed: usize,
}

const METHODS: [&str; 5] = [
    "现场办理",
    "电话沟通并协调解决",
    "联合踏勘",
    "政策解读",
    "限期整改",
];
const TRADES: [&str; 8] = [
    "机械",
    "化工",
    "纺织",
    "食品",
    "新材料",
    "电子",
    "建材",
    "物流",
];
const NAMES: [&str; 10] = [
    "鑫达", "恒信", "华源", "荣盛", "金泰", "宏远", "瑞丰", "博远", "盛世", "天成",
];

/// One demand's log, checked event by event by the fold.
struct Script<'r> {
    rules: &'r Rules,
    id: String,
    state: Option<DemandState>,
    lines: Vec<(DateTime<FixedOffset>, String)>,
    end: DateTime<FixedOffset>,
}

impl Script<'_> {
    /// Adds an event if it is before the export's end and the fold accepts it.
    fn emit(&mut self, kind: &str, at: DateTime<FixedOffset>, fields: Value) -> bool {
        if at >= self.end {
            return false;
        }
        let mut v = json!({"v": 1, "demand": self.id, "type": kind, "at": format_instant(&at)});
        if let (Some(o), Value::Object(f)) = (v.as_object_mut(), fields) {
            o.extend(f);
        }
        let Ok(event) = Event::from_value(v) else {
            return false;
        };
        let next = match &self.state {
            None => DemandState::receive(self.rules, &event),
            Some(s) => s.apply(self.rules, &event),
        };
        match next {
            Ok(s) => {
                self.state = Some(s);
                self.lines.push((at, event.to_json()));
                true
            }
            Err(_) => false,
        }
    }

    fn state(&self) -> Option<&DemandState> {
        self.state.as_ref()
    }

    fn stage(&self) -> Option<Stage> {
        self.state().map(|s| s.stage)
    }

    fn lead(&self) -> String {
        self.state()
            .and_then(|s| s.lead.clone())
            .unwrap_or_default()
    }

    fn due(&self) -> Option<DateTime<FixedOffset>> {
        self.state()
            .and_then(|s| s.rounds.last())
            .and_then(|r| r.due)
    }
}

/// A line waiting to be written: (instant, demand, event, JSON), smallest first.
type Pending = Reverse<(DateTime<FixedOffset>, usize, usize, String)>;

struct City<'d> {
    dir: &'d Directory,
    territories: Vec<String>,
    departments: Vec<String>,
    topics: Vec<String>,
    government: String,
    entries: Vec<(String, Vec<String>)>,
}

/// Writes a year of `n` demands to `out`; returns what it made.
pub(crate) fn generate(
    rules: &Rules,
    entries: Vec<(String, Vec<String>)>,
    n: usize,
    seed: u64,
    year: i32,
    out: &mut dyn Write,
) -> Result<Summary, Failure> {
    let dir = rules
        .directory()
        .ok_or_else(|| Failure::Io("generate needs --directory".to_owned()))?;
    let of_kind = |kinds: &[UnitKind]| -> Vec<String> {
        dir.units()
            .iter()
            .filter(|u| kinds.contains(&u.kind))
            .map(|u| u.id.clone())
            .collect()
    };
    let city = City {
        dir,
        territories: of_kind(&[UnitKind::Territory, UnitKind::DevelopmentZone]),
        departments: of_kind(&[UnitKind::Department, UnitKind::StationedUnit]),
        topics: dir.topics().iter().map(|t| t.key.clone()).collect(),
        government: dir.government().map(|u| u.id.clone()).unwrap_or_default(),
        entries,
    };
    let mut rng = Rng(seed);
    let first = NaiveDate::from_ymd_opt(year, 1, 1)
        .ok_or_else(|| Failure::Io(format!("bad year {year}")))?;
    let last = NaiveDate::from_ymd_opt(year, 12, 15).unwrap_or(first);
    let end = from_local(
        NaiveDate::from_ymd_opt(year + 1, 1, 1)
            .unwrap_or(first)
            .and_time(NaiveTime::MIN),
    );
    let days: Vec<NaiveDate> = first.iter_days().take_while(|d| *d <= last).collect();
    let cal = rules.calendar();
    let mut receipts: Vec<DateTime<FixedOffset>> = (0..n)
        .map(|_| loop {
            let Some(day) = rng.pick(&days).copied() else {
                break end;
            };
            let working = cal.is_working_day(day).unwrap_or(false);
            if working || rng.chance(11) {
                break from_local(day.and_time(NaiveTime::MIN)) + rng.minutes(510, 1050);
            }
        })
        .collect();
    receipts.sort();
    let mut summary = Summary::default();
    let mut heap: BinaryHeap<Pending> = BinaryHeap::new();
    let mut write = |line: &str| -> Result<(), Failure> {
        out.write_all(line.as_bytes())
            .and_then(|()| out.write_all(b"\n"))
            .map_err(|e| Failure::Io(e.to_string()))
    };
    for (i, at) in receipts.into_iter().enumerate() {
        while heap.peek().is_some_and(|Reverse((t, ..))| *t <= at) {
            if let Some(Reverse((_, _, _, line))) = heap.pop() {
                write(&line)?;
            }
        }
        let mut script = Script {
            rules,
            id: format!("TZ-{year}-{:07}", i + 1),
            state: None,
            lines: Vec::new(),
            end,
        };
        life(&city, &mut rng, &mut script, at, &mut summary);
        summary.demands += 1;
        summary.events += script.lines.len();
        for (k, (t, line)) in script.lines.into_iter().enumerate() {
            heap.push(Reverse((t, i, k, line)));
        }
    }
    while let Some(Reverse((_, _, _, line))) = heap.pop() {
        write(&line)?;
    }
    Ok(summary)
}

/// One demand's life, from its receipt.
fn life(
    city: &City<'_>,
    rng: &mut Rng,
    s: &mut Script<'_>,
    at: DateTime<FixedOffset>,
    sum: &mut Summary,
) {
    let category = match rng.below(100) {
        0..=24 => Category::Consultation,
        25..=59 => Category::Help,
        60..=69 => Category::Suggestion,
        _ => Category::Complaint,
    };
    let topics: Vec<String> = (0..=rng.below(2))
        .filter_map(|_| rng.pick(&city.topics).cloned())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let territory = rng.pick(&city.territories).cloned().unwrap_or_default();
    let enterprise = format!(
        "滕州市{}{}{}有限公司",
        rng.pick(&NAMES).unwrap_or(&"某"),
        rng.pick(&TRADES).unwrap_or(&"某"),
        rng.pick(&["科技", "制造", "实业", "发展"])
            .unwrap_or(&"实业")
    );
    let names: Vec<&str> = topics
        .iter()
        .filter_map(|k| city.dir.topics().iter().find(|t| &t.key == k))
        .map(|t| t.name.split('(').next().unwrap_or(&t.name))
        .collect();
    let text = format!("关于{}方面的诉求", names.join("、"));
    if !s.emit(
        "received",
        at,
        json!({"category": category.key(), "topics": topics, "territory": territory,
               "enterprise": enterprise, "text": text,
               "contact": format!("联系人 138{:08}", rng.below(100_000_000))}),
    ) {
        return;
    }
    let mut t = at;
    if category == Category::Consultation && rng.chance(60) {
        let entry = city
            .entries
            .iter()
            .find(|(_, ts)| ts.iter().any(|x| topics.contains(x)))
            .or_else(|| city.entries.first())
            .map_or_else(|| "policy-entry".to_owned(), |(id, _)| id.clone());
        t += rng.minutes(3, 60);
        if s.emit("answered", t, json!({"entry": entry})) {
            sum.answered += 1;
        }
        return;
    }
    if rng.chance(30) {
        t += rng.minutes(10, 180);
        if !s.emit("territory_handling", t, json!({"unit": territory})) {
            return;
        }
        sum.territory_handled += 1;
        if rng.chance(50) {
            rounds(rng, s, t, sum);
            return;
        }
        t += rng.minutes(60, 3 * 24 * 60);
        if !s.emit(
            "escalated",
            t,
            json!({"to": "center", "reason": "本级不能解决"}),
        ) {
            return;
        }
    }
    center(city, rng, s, t, category, &topics, &territory, sum);
}

/// The center's dispatch (or the government's), a unit's return and re-dispatch, then the
/// rounds.
#[allow(clippy::too_many_arguments)]
fn center(
    city: &City<'_>,
    rng: &mut Rng,
    s: &mut Script<'_>,
    mut t: DateTime<FixedOffset>,
    category: Category,
    topics: &[String],
    territory: &str,
    sum: &mut Summary,
) {
    t += rng.minutes(30, 24 * 60);
    let request = RouteRequest {
        category,
        topics: topics.to_vec(),
        territory: Some(territory.to_owned()),
        level: Level::Center,
    };
    let (mut lead, mut co, mut rule) = match city.dir.route(&request) {
        Ok(r) if r.outcome == Outcome::Routed => {
            (r.lead.unwrap_or_default(), r.co_units, r.lead_rule)
        }
        _ => (
            rng.pick(&city.departments).cloned().unwrap_or_default(),
            Vec::new(),
            None,
        ),
    };
    if rng.chance(3) {
        if !s.emit(
            "escalated",
            t,
            json!({"to": "government", "reason": "需市政府层面综合协调"}),
        ) {
            return;
        }
        t += rng.minutes(60, 2 * 24 * 60);
        co.push(lead.clone());
        co.retain(|u| u != &city.government);
        lead.clone_from(&city.government);
        rule = None;
    }
    if !dispatch(s, rng, &mut t, &lead, &co, rule.as_deref(), sum) {
        return;
    }
    if rng.chance(5) {
        t += rng.minutes(60, 8 * 60);
        if !s.emit(
            "returned_by_unit",
            t,
            json!({"unit": lead, "reason": "不属于本单位职责"}),
        ) {
            return;
        }
        sum.unit_returns += 1;
        t += rng.minutes(120, 24 * 60);
        let other = co
            .first()
            .cloned()
            .or_else(|| rng.pick(&city.departments).cloned())
            .unwrap_or_default();
        let rest: Vec<String> = co.iter().filter(|u| **u != other).cloned().collect();
        if !dispatch(s, rng, &mut t, &other, &rest, None, sum) {
            return;
        }
    }
    rounds(rng, s, t, sum);
}

/// A dispatch and its signing.
fn dispatch(
    s: &mut Script<'_>,
    rng: &mut Rng,
    t: &mut DateTime<FixedOffset>,
    lead: &str,
    co: &[String],
    rule: Option<&str>,
    sum: &mut Summary,
) -> bool {
    let mut fields = json!({"lead": lead, "co_units": co});
    if let (Some(r), Some(o)) = (rule, fields.as_object_mut()) {
        o.insert("rule".to_owned(), json!(r));
    }
    if !s.emit("dispatched", *t, fields) {
        return false;
    }
    sum.dispatches += 1;
    *t += rng.minutes(20, 4 * 60);
    s.emit("signed", *t, json!({"unit": lead}))
}

/// The lead's reply to the open round: on time, late or never. Returns whether it replied.
fn reply(
    s: &mut Script<'_>,
    rng: &mut Rng,
    t: &mut DateTime<FixedOffset>,
    on_time: u64,
    sum: &mut Summary,
) -> bool {
    let Some(due) = s.due() else { return false };
    let lead = s.lead();
    let roll = rng.below(100);
    let at = if roll < on_time {
        let span = (due - *t).num_minutes().max(2);
        *t + Duration::minutes(
            1 + i64::try_from(rng.below(u64::try_from(span - 1).unwrap_or(1))).unwrap_or(0),
        )
    } else if roll < 95 {
        due + rng.minutes(60, 5 * 24 * 60)
    } else {
        sum.never_replied += 1;
        return false;
    };
    let contacted = !rng.chance(3);
    let ok = s.emit(
        "replied",
        at,
        json!({"unit": lead, "resolved": rng.chance(85), "contacted": contacted,
               "method": rng.pick(&METHODS).unwrap_or(&"现场办理")}),
    );
    if ok {
        *t = at;
        if at < due {
            sum.replies_on_time += 1;
        } else {
            sum.replies_late += 1;
        }
    }
    ok
}

/// A solution plan half-way to the limit, for some first rounds.
fn plan(rng: &mut Rng, s: &mut Script<'_>, t: &mut DateTime<FixedOffset>, sum: &mut Summary) {
    if rng.chance(8) {
        if let (Some(due), Some(date)) = (
            s.due(),
            s.state()
                .and_then(|x| x.rounds.last())
                .and_then(|r| r.due_date),
        ) {
            let extend = rng.chance(40);
            let completion = if extend {
                date + Duration::days(1 + i64::try_from(rng.below(20)).unwrap_or(0))
            } else {
                date
            };
            let at = *t + Duration::minutes(((due - *t).num_minutes() / 2).max(1));
            let explanation = if extend {
                "工程量大,需分阶段实施"
            } else {
                ""
            };
            if s.emit(
                "plan_submitted",
                at,
                json!({"unit": s.lead(), "completion": format_date(completion), "explanation": explanation}),
            ) {
                sum.plans += 1;
                *t = at;
            }
        }
    }
}

/// Rounds until the demand is closed, stuck or past the export's end.
fn rounds(rng: &mut Rng, s: &mut Script<'_>, start: DateTime<FixedOffset>, sum: &mut Summary) {
    let mut t = start;
    plan(rng, s, &mut t, sum);
    let mut on_time = 75;
    for _ in 0..6 {
        if !reply(s, rng, &mut t, on_time, sum) {
            return;
        }
        // Callbacks until one reaches the enterprise.
        let claimed = s
            .state()
            .and_then(|x| x.rounds.last())
            .and_then(|r| r.reply.as_ref())
            .is_some_and(|r| r.contacted);
        t += rng.minutes(12 * 60, 2 * 24 * 60);
        if rng.chance(10) && s.emit("callback", t, json!({"satisfaction": "unreached"})) {
            sum.callbacks += 1;
            sum.unreached += 1;
            t += rng.minutes(12 * 60, 24 * 60);
        }
        let level = match rng.below(100) {
            0..=44 => "very_satisfied",
            45..=69 => "fairly_satisfied",
            70..=84 => "basically_satisfied",
            _ => "unsatisfied",
        };
        let contacted = !(claimed && rng.chance(3));
        let resolved = level != "unsatisfied" && rng.chance(92);
        if !s.emit(
            "callback",
            t,
            json!({"satisfaction": level, "resolved": resolved, "contacted": contacted}),
        ) {
            return;
        }
        sum.callbacks += 1;
        match s.stage() {
            Some(Stage::Closable) => {
                if rng.chance(90) {
                    t += rng.minutes(30, 24 * 60);
                    if s.emit("closed", t, json!({})) {
                        sum.closed += 1;
                    }
                }
                return;
            }
            Some(Stage::Unsatisfied) => {
                sum.unsatisfied += 1;
                t = if rng.chance(90) {
                    let midnight = end_of(t);
                    (t + rng.minutes(30, 240)).min(midnight - Duration::minutes(1))
                } else {
                    end_of(t) + rng.minutes(8 * 60, 16 * 60)
                };
                if !s.emit("returned", t, json!({})) {
                    return;
                }
                on_time = 85;
            }
            Some(Stage::Verification) => {
                sum.unsatisfied += 1;
                t += rng.minutes(24 * 60, 3 * 24 * 60);
                if !s.emit(
                    "verification_submitted",
                    t,
                    json!({"unit": s.lead(), "signed_by": "主要负责同志"}),
                ) {
                    return;
                }
                sum.verifications += 1;
                t += rng.minutes(2 * 24 * 60, 5 * 24 * 60);
                let opinion = if rng.chance(70) { "close" } else { "redo" };
                if !s.emit("verified", t, json!({"opinion": opinion})) {
                    return;
                }
                if opinion == "close" {
                    t += rng.minutes(30, 24 * 60);
                    if s.emit("closed", t, json!({})) {
                        sum.closed += 1;
                    }
                    return;
                }
                on_time = 85;
            }
            _ => return,
        }
    }
}

/// 24:00 of an instant's day, +08:00.
fn end_of(t: DateTime<FixedOffset>) -> DateTime<FixedOffset> {
    from_local(t.date_naive().and_time(NaiveTime::MIN)) + Duration::days(1)
}
