//! Property tests (style §8) for the calendar and deadlines: adding then counting working days is
//! the identity; the precomputed index agrees with a naive day-by-day walk; a deadline is never
//! before its start and ends on a working day; policies round-trip through JSON; and no public
//! function panics on arbitrary input.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::collections::BTreeMap;
use std::sync::OnceLock;

use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, TimeZone, Timelike};
use jiesu_core::calendar::{date_of, day_number};
use jiesu_core::time::{parse_date, parse_instant};
use jiesu_core::{
    BeyondCoverage, Calendar, ClockStart, ClockTime, Deadline, Override, OverrideKind, Policy,
    Rules,
};
use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;

const CASES: u32 = 256;

/// `cases` runs per property; failures are saved to `core/proptest-regressions/properties.txt`
/// (commit it: its seeds are replayed first on every run).
fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(
            "proptest-regressions/properties.txt",
        ))),
        ..ProptestConfig::with_cases(cases)
    }
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn cst() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).unwrap()
}

// ---------------------------------------------------------------------------------------------
// The naive oracle: the fact table walked day by day.
// ---------------------------------------------------------------------------------------------

/// `date -> working?` for every row of the fact table.
fn facts() -> &'static BTreeMap<NaiveDate, bool> {
    static FACTS: OnceLock<BTreeMap<NaiveDate, bool>> = OnceLock::new();
    FACTS.get_or_init(|| {
        jiesu_core::calendar::CHINA_CSV
            .lines()
            .skip(1)
            .filter(|l| !l.trim().is_empty())
            .map(|l| {
                let mut f = l.split(',');
                let date = NaiveDate::parse_from_str(f.next().unwrap(), "%Y-%m-%d").unwrap();
                (date, f.next().unwrap() == "work")
            })
            .collect()
    })
}

/// The naive oracle of one calendar mode: `None` when the day is needed but not answerable.
struct Naive {
    provisional: bool,
}

impl Naive {
    fn covered(d: NaiveDate) -> bool {
        (2004..=2026).contains(&d.year())
    }

    fn working(&self, d: NaiveDate) -> Option<bool> {
        if !Self::covered(d) && !self.provisional {
            return None;
        }
        Some(
            facts()
                .get(&d)
                .copied()
                .unwrap_or(d.weekday().num_days_from_monday() < 5),
        )
    }

    fn add(&self, mut d: NaiveDate, n: i64) -> Option<NaiveDate> {
        let mut k = 0;
        while k < n {
            d = d.succ_opt()?;
            if self.working(d)? {
                k += 1;
            }
        }
        Some(d)
    }

    fn between(&self, a: NaiveDate, b: NaiveDate) -> Option<i64> {
        let (lo, hi, sign) = if a <= b { (a, b, 1) } else { (b, a, -1) };
        let mut count = 0;
        for d in lo.iter_days().skip(1).take_while(|d| *d <= hi) {
            count += i64::from(self.working(d)?);
        }
        Some(sign * count)
    }

    fn previous(&self, mut d: NaiveDate) -> Option<NaiveDate> {
        loop {
            d = d.pred_opt()?;
            if self.working(d)? {
                return Some(d);
            }
        }
    }
}

fn mode(provisional: bool) -> BeyondCoverage {
    if provisional {
        BeyondCoverage::WeekendsOnly
    } else {
        BeyondCoverage::Error
    }
}

fn calendar(provisional: bool) -> Calendar {
    Calendar::china().with_beyond_coverage(mode(provisional))
}

/// Dates around and inside coverage: 2001..=2029 (the provisional window reaches 1900..=2199).
fn date_near_coverage() -> impl Strategy<Value = NaiveDate> {
    (day_number(ymd(2001, 1, 1))..=day_number(ymd(2029, 12, 31))).prop_map(|n| date_of(n).unwrap())
}

// ---------------------------------------------------------------------------------------------
// Calendar.
// ---------------------------------------------------------------------------------------------

proptest! {
    #![proptest_config(config(CASES))]

    #[test]
    fn add_then_count_is_the_identity(
        d in date_near_coverage(), n in 0i64..=400, provisional in any::<bool>()
    ) {
        let cal = calendar(provisional);
        match cal.add_working_days(d, n) {
            Ok(r) => {
                prop_assert_eq!(cal.working_days_between(d, r).unwrap(), n);
                prop_assert_eq!(cal.working_days_between(r, d).unwrap(), -n);
                if n >= 1 {
                    prop_assert!(r > d);
                    prop_assert!(cal.is_working_day(r).unwrap());
                    prop_assert_eq!(cal.previous_working_day(r.succ_opt().unwrap()).unwrap(), r);
                } else {
                    prop_assert_eq!(r, d);
                }
            }
            Err(e) => {
                prop_assert!(!provisional, "weekends_only answers inside its window: {}", e);
                prop_assert_eq!(e.code(), "calendar_out_of_range");
            }
        }
    }

    #[test]
    fn the_index_agrees_with_a_day_by_day_walk(
        a in date_near_coverage(),
        b in date_near_coverage(),
        n in 0i64..=300,
        provisional in any::<bool>(),
    ) {
        let cal = calendar(provisional);
        let naive = Naive { provisional };
        prop_assert_eq!(cal.is_working_day(a).ok(), naive.working(a));
        prop_assert_eq!(cal.add_working_days(a, n).ok(), naive.add(a, n));
        prop_assert_eq!(cal.next_working_day(a).ok(), naive.add(a, 1));
        prop_assert_eq!(cal.previous_working_day(a).ok(), naive.previous(a));
        prop_assert_eq!(cal.working_days_between(a, b).ok(), naive.between(a, b));
        let c = a + Duration::days(i64::from(b.day()) * 3 - 45);
        let expected: Option<Vec<NaiveDate>> = if c < a {
            Some(Vec::new())
        } else {
            a.iter_days()
                .take_while(|d| *d <= c)
                .map(|d| naive.working(d).map(|w| w.then_some(d)))
                .collect::<Option<Vec<_>>>()
                .map(|v| v.into_iter().flatten().collect())
        };
        prop_assert_eq!(cal.working_days_in(a, c).ok(), expected);
        match cal.day(a) {
            Ok(day) => {
                prop_assert_eq!(Some(day.working), naive.working(a));
                prop_assert_eq!(day.provisional, !Naive::covered(a));
            }
            Err(_) => prop_assert!(naive.working(a).is_none()),
        }
    }

    #[test]
    fn day_numbers_agree_with_dates(d in date_near_coverage(), n in 0i64..=300) {
        let cal = calendar(true);
        let day = day_number(d);
        prop_assert_eq!(date_of(day), Some(d));
        prop_assert_eq!(cal.is_working_day_number(day).unwrap(), cal.is_working_day(d).unwrap());
        prop_assert_eq!(
            cal.add_working_days_number(day, n).unwrap(),
            day_number(cal.add_working_days(d, n).unwrap())
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Deadlines.
// ---------------------------------------------------------------------------------------------

fn clock(minutes: u16) -> ClockTime {
    ClockTime::from_minutes(minutes).unwrap()
}

/// Policies with every counting knob; an intake cutoff no later than the day's end (a later
/// cutoff can count a start day whose end has already passed: `fixtures/gen/disputed.json`).
fn policy() -> impl Strategy<Value = Policy> {
    (
        any::<bool>(),
        1u16..=1440,
        0u16..=1440,
        1u32..=20,
        1u32..=10,
        any::<bool>(),
    )
        .prop_map(
            |(count_start_day, day_end, cutoff, feedback, redo, signed)| Policy {
                name: "prop".into(),
                count_start_day,
                intake_cutoff: clock(cutoff.min(day_end)),
                day_end: clock(day_end),
                feedback_working_days: feedback,
                redo_working_days: redo,
                clock_start: if signed {
                    ClockStart::Signed
                } else {
                    ClockStart::Dispatched
                },
                ..Policy::seed()
            },
        )
}

/// Instants 2004-01-01..=2026-10-31 (+08:00), so that 20 working days stay inside coverage.
fn instant_in_coverage() -> impl Strategy<Value = DateTime<FixedOffset>> {
    let from = cst()
        .with_ymd_and_hms(2004, 1, 1, 0, 0, 0)
        .unwrap()
        .timestamp();
    let to = cst()
        .with_ymd_and_hms(2026, 10, 31, 23, 59, 59)
        .unwrap()
        .timestamp();
    (from..=to).prop_map(|s| {
        DateTime::from_timestamp(s, 0)
            .unwrap()
            .with_timezone(&cst())
    })
}

proptest! {
    #![proptest_config(config(CASES))]

    #[test]
    fn a_deadline_is_never_before_its_start_and_ends_on_a_working_day(
        start in instant_in_coverage(), policy in policy(), n in 1i64..=20,
    ) {
        let rules = Rules::new(Calendar::china(), policy.clone());
        let cal = rules.calendar().clone();
        let naive = Naive { provisional: false };
        let d = start.date_naive();
        let counts = policy.count_start_day
            && u32::from(policy.intake_cutoff.minutes())
                > start.time().num_seconds_from_midnight() / 60
            && naive.working(d).unwrap();
        for (deadline, want) in [
            (rules.feedback_deadline(&start).unwrap(), i64::from(policy.feedback_working_days)),
            (rules.redo_deadline(&start).unwrap(), i64::from(policy.redo_working_days)),
            (rules.deadline(&start, n).unwrap(), n),
        ] {
            prop_assert!(deadline.due > start, "{:?}", deadline);
            prop_assert!(cal.is_working_day(deadline.due_date).unwrap());
            prop_assert_eq!(i64::from(deadline.working_days), want);
            // The due date is the `want`-th working day of the count, walking day by day.
            let expected = if counts {
                naive.add(d.pred_opt().unwrap(), want)
            } else {
                naive.add(d, want)
            };
            prop_assert_eq!(Some(deadline.due_date), expected);
            let first = if counts { d } else { d.succ_opt().unwrap() };
            prop_assert_eq!(
                cal.working_days_between(first.pred_opt().unwrap(), deadline.due_date).unwrap(),
                want
            );
            let inside = |x: NaiveDate| x >= first && x <= deadline.due_date;
            prop_assert!(deadline.skipped.iter().all(|x| !x.working && inside(x.date)));
            prop_assert!(deadline.make_up_days.iter().all(|x| x.working && inside(x.date)));
            let non_working = first.iter_days().take_while(|x| *x <= deadline.due_date)
                .filter(|x| !naive.working(*x).unwrap()).count();
            prop_assert_eq!(deadline.skipped.len(), non_working);
            prop_assert!(!deadline.provisional);
            prop_assert_eq!(deadline.calendar_version.as_str(), cal.version());
            prop_assert_eq!(deadline.is_on_time(&start), true);
            prop_assert_eq!(deadline.is_on_time(&deadline.due), false);
        }
        let target = rules.same_day_target(&start).unwrap();
        prop_assert!(target.due > start);
        prop_assert!(target.due_date >= d);
        prop_assert!(cal.is_working_day(target.due_date).unwrap());
        prop_assert_eq!(target.working_days, 0);
    }

    #[test]
    fn provisional_deadlines_past_coverage(start in instant_in_coverage(), n in 1i64..=400) {
        let policy = Policy { beyond_coverage: BeyondCoverage::WeekendsOnly, ..Policy::seed() };
        let provisional = Rules::new(Calendar::china(), policy).deadline(&start, n).unwrap();
        match Rules::default().deadline(&start, n) {
            Ok(strict) => {
                // The two profiles differ in one knob, so in their fingerprints and nowhere else.
                prop_assert_ne!(&strict.policy_fingerprint, &provisional.policy_fingerprint);
                let provisional = Deadline { policy_fingerprint: strict.policy_fingerprint.clone(), ..provisional };
                prop_assert_eq!(&strict, &provisional);
                prop_assert!(!strict.provisional);
            }
            Err(e) => {
                prop_assert_eq!(e.code(), "calendar_out_of_range");
                prop_assert!(provisional.provisional);
                prop_assert!(provisional.due_date.year() >= 2027);
            }
        }
    }

    #[test]
    fn policy_json_round_trips(
        policy in policy(),
        cap in proptest::option::of(1u32..=1000),
        name in "[a-z\u{4e00}-\u{4e20}]{1,8}",
    ) {
        let policy = Policy { max_plan_working_days: cap, name, ..policy };
        prop_assert_eq!(Policy::from_json(&policy.to_json()).unwrap(), policy.clone());
        let compact = serde_json::to_string(&policy).unwrap();
        prop_assert_eq!(Policy::from_json(&compact).unwrap(), policy);
    }
}

// ---------------------------------------------------------------------------------------------
// No public function panics on arbitrary input.
// ---------------------------------------------------------------------------------------------

/// Day numbers: anywhere in i32, the edges, and around the windows.
fn any_day() -> impl Strategy<Value = i32> {
    prop_oneof![
        any::<i32>(),
        Just(i32::MIN),
        Just(i32::MAX),
        Just(i32::MAX - 1),
        Just(i32::MIN + 1),
        -30_000i32..=100_000,
        -25_600i32..=-25_500, // around 1900-01-01
        83_990i32..=84_020,   // around 2199-12-31
    ]
}

fn any_n() -> impl Strategy<Value = i64> {
    prop_oneof![
        any::<i64>(),
        Just(i64::MIN),
        Just(i64::MAX),
        -2i64..=2,
        99_990i64..=100_010,
    ]
}

fn instant_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        concat!(
            "[0-9]{1,5}-[0-9]{1,2}-[0-9]{1,2}[T ][0-9]{1,2}:[0-9]{2}",
            "(:[0-9]{2}(\\.[0-9]{1,9})?)?(Z|[+-][0-9]{2}:[0-9]{2})?"
        ),
        concat!(
            "[+-]?[0-9]{4,6}-(0[1-9]|1[0-2])-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9]",
            "([+-][0-2][0-9]:[0-5][0-9]|Z)"
        ),
    ]
}

fn csv_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        concat!(
            "(\u{feff})?date,kind,name\n",
            "([0-9]{4}-[0-1][0-9]-[0-3][0-9],(off|work|x)?,[a-z节]{0,3}(,x)?\r?\n){0,6}"
        ),
    ]
}

fn holiday_cn_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        (
            any::<i32>(),
            proptest::collection::vec(("[0-9]{4}-[0-1][0-9]-[0-3][0-9]", any::<bool>()), 0..5)
        )
            .prop_map(|(year, days)| {
                let days: Vec<String> = days
                    .into_iter()
                    .map(|(d, off)| format!(r#"{{"name":"节","date":"{d}","isOffDay":{off}}}"#))
                    .collect();
                format!(r#"{{"year":{year},"days":[{}]}}"#, days.join(","))
            }),
        (1890i32..=2210, 0u32..=3).prop_map(|(year, n)| {
            let days: Vec<String> = (1..=n)
                .map(|i| {
                    format!(
                        r#"{{"name":"x","date":"{year}-0{i}-0{i}","isOffDay":{}}}"#,
                        i % 2 == 0
                    )
                })
                .collect();
            format!(r#"{{"year":{year},"days":[{}]}}"#, days.join(","))
        }),
    ]
}

fn policy_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        concat!(
            "\\{(\"(name|beyond_coverage|clock_start|count_start_day|intake_cutoff|day_end|",
            "feedback_working_days|redo_working_days|max_plan_working_days|x)\": ?",
            "(\"[0-9a-z_:]{0,8}\"|-?[0-9]{1,11}|true|null|\\[\\])(, )?){0,4}\\}"
        ),
    ]
}

proptest! {
    #![proptest_config(config(CASES * 2))]

    #[test]
    fn parsers_never_panic(
        instant in instant_text(), date in ".{0,12}|[0-9]{4}-[0-9]{2}-[0-9]{2}",
        csv in csv_text(), hc in proptest::collection::vec(holiday_cn_text(), 0..3),
        policy in policy_text(),
    ) {
        let _ = parse_instant(&instant);
        let _ = parse_date(&date);
        if let Ok(cal) = Calendar::from_csv(&csv) {
            let _ = cal.add_working_days_number(day_number(ymd(cal.first_year(), 1, 1)), 3);
        }
        let refs: Vec<&str> = hc.iter().map(String::as_str).collect();
        if let Ok(cal) = Calendar::from_holiday_cn(&refs) {
            let _ = cal.arrangement(cal.first_year());
        }
        if let Ok(p) = Policy::from_json(&policy) {
            prop_assert!(p.validate().is_ok());
        }
    }

    #[test]
    fn day_number_methods_never_panic(
        a in any_day(), b in any_day(), n in any_n(), provisional in any::<bool>(),
    ) {
        let cal = calendar(provisional);
        let _ = cal.is_working_day_number(a);
        let _ = cal.add_working_days_number(a, n);
        let _ = cal.working_days_between_numbers(a, b);
        let _ = cal.covers_days(a, b);
        if let Some(d) = date_of(a) {
            let _ = cal.day(d);
            let _ = cal.previous_working_day(d);
            let _ = cal.next_working_day(d);
            let _ = cal.add_working_days(d, n);
            if let Some(e) = date_of(b) {
                let to = e.min(d.checked_add_signed(Duration::days(4000)).unwrap_or(d));
                let _ = cal.working_days_in(d, to);
                let _ = cal.working_days_between(d, e);
            }
        }
        let _ = cal.arrangement(a);
    }

    #[test]
    fn deadlines_never_panic(
        secs in prop_oneof![
            -8_000_000_000_000i64..=8_000_000_000_000,
            -2_300_000_000i64..=7_300_000_000,
        ],
        n in any_n(),
        completion in any::<i32>(),
        provisional in any::<bool>(),
        policy in policy(),
        cutoff in 0u16..=1440,
        explanation in ".{0,3}",
    ) {
        let Some(start) = DateTime::from_timestamp(secs, 0) else { return Ok(()) };
        let start = start.with_timezone(&cst());
        let policy = Policy {
            intake_cutoff: clock(cutoff),
            beyond_coverage: mode(provisional),
            ..policy
        };
        let rules = Rules::new(Calendar::china(), policy);
        let _ = rules.feedback_deadline(&start);
        let _ = rules.redo_deadline(&start);
        let _ = rules.same_day_target(&start);
        let _ = rules.return_deadline(&start);
        let _ = rules.deadline(&start, n);
        if let Some(c) = date_of(completion % 200_000) {
            let _ = rules.plan_deadline(&start, c, &explanation);
        }
    }

    #[test]
    fn custom_calendars_never_panic(
        first in 1880i32..=2220, len in -2i32..=3,
        entries in proptest::collection::vec((any_day(), any::<bool>()), 0..6),
        probe in any_day(), n in any_n(), provisional in any::<bool>(),
    ) {
        let overrides: Vec<Override> = entries
            .into_iter()
            .filter_map(|(d, off)| Some(Override {
                date: date_of(d)?,
                kind: if off { OverrideKind::Off } else { OverrideKind::Work },
                name: "x".into(),
            }))
            .collect();
        if let Ok(cal) = Calendar::from_overrides(first, first + len, overrides) {
            let cal = cal.with_beyond_coverage(mode(provisional));
            let _ = cal.is_working_day_number(probe);
            let _ = cal.add_working_days_number(probe, n);
            let _ = cal.working_days_between_numbers(probe, day_number(ymd(first, 6, 1)));
            if let Some(d) = date_of(probe) {
                let _ = cal.day(d);
                let _ = cal.previous_working_day(d);
            }
            let _ = cal.overrides();
        }
    }
}
