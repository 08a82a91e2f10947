//! The bundled calendar against the fact table, every date 2004-01-01..=2026-12-31, with the table
//! parsed here independently of the library; and the holiday-cn loader (files 2017..=2026)
//! against the bundled calendar on every date of its coverage.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate, Weekday};
use jiesu_core::calendar::day_number;
use jiesu_core::{Calendar, DayKind};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// `date -> (off?, name)` from `core/data/cn_official_arrangements.csv`, read line by line.
fn fact_table() -> BTreeMap<NaiveDate, (bool, String)> {
    let text = fs::read_to_string(root().join("data/cn_official_arrangements.csv")).unwrap();
    let mut lines = text.lines();
    assert_eq!(lines.next().map(str::trim), Some("date,kind,name"));
    let mut facts = BTreeMap::new();
    for line in lines.filter(|l| !l.trim().is_empty()) {
        let mut fields = line.split(',');
        let (date, kind, name) = (
            fields.next().unwrap(),
            fields.next().unwrap(),
            fields.next().unwrap(),
        );
        assert!(fields.next().is_none(), "extra field in {line:?}");
        let date = NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap();
        let off = match kind {
            "off" => true,
            "work" => false,
            other => panic!("unknown kind {other:?} in {line:?}"),
        };
        let before = facts.insert(date, (off, name.to_owned()));
        assert!(before.is_none(), "{date} listed twice");
    }
    facts
}

fn is_weekend(d: NaiveDate) -> bool {
    matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

#[test]
fn every_date_2004_2026_matches_the_fact_table() {
    let facts = fact_table();
    let cal = Calendar::china();
    assert_eq!((cal.first_year(), cal.last_year()), (2004, 2026));
    assert_eq!(cal.source(), "cn-official");
    let (first, last) = (ymd(2004, 1, 1), ymd(2026, 12, 31));
    let mut mismatches = Vec::new();
    let mut checked = 0u32;
    let mut working_days = 0i64;
    for date in first.iter_days().take_while(|d| *d <= last) {
        let fact = facts.get(&date);
        let expected = match fact {
            Some((off, _)) => !off,
            None => !is_weekend(date),
        };
        working_days += i64::from(expected);
        let got = cal.is_working_day(date).unwrap();
        let by_number = cal.is_working_day_number(day_number(date)).unwrap();
        let day = cal.day(date).unwrap();
        let (kind, name) = match fact {
            Some((true, name)) => (DayKind::Holiday, Some(name.clone())),
            // Every `work` row of the table is a weekend day (调休补班).
            Some((false, name)) if is_weekend(date) => (DayKind::MakeUpWorkday, Some(name.clone())),
            Some((false, _)) => panic!("{date}: a `work` row on a weekday"),
            None if is_weekend(date) => (DayKind::Weekend, None),
            None => (DayKind::Workday, None),
        };
        if got != expected
            || by_number != expected
            || day.working != expected
            || day.kind != kind
            || day.name != name
            || day.provisional
            || day.date != date
        {
            mismatches.push(format!(
                "{date}: expected working={expected} {kind:?} {name:?}, got is_working_day={got} \
                 (by number {by_number}), day={day:?}"
            ));
        }
        checked += 1;
    }
    assert_eq!(checked, 8401, "days from 2004-01-01 to 2026-12-31");
    assert!(
        mismatches.is_empty(),
        "{} dates disagree with the fact table:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
    // The whole range at once, through the index.
    assert_eq!(
        cal.working_days_between(ymd(2003, 12, 31), last).unwrap(),
        working_days
    );
    // Just outside, the calendar has no official data.
    for outside in [ymd(2003, 12, 31), ymd(2027, 1, 1)] {
        assert_eq!(
            cal.is_working_day(outside).unwrap_err().code(),
            "calendar_out_of_range"
        );
    }
}

#[test]
fn every_fact_table_row_is_in_the_arrangement_of_its_year() {
    let facts = fact_table();
    let cal = Calendar::china();
    for year in 2004..=2026 {
        let listed: Vec<(NaiveDate, bool, Option<String>)> = cal
            .arrangement(year)
            .unwrap()
            .into_iter()
            .map(|d| (d.date, d.working, d.name))
            .collect();
        let expected: Vec<(NaiveDate, bool, Option<String>)> = facts
            .iter()
            .filter(|(d, _)| d.year() == year)
            .map(|(d, (off, name))| (*d, !off, Some(name.clone())))
            .collect();
        assert_eq!(listed, expected, "arrangement of {year}");
    }
}

#[test]
fn holiday_cn_loader_agrees_with_the_bundled_calendar_2017_2026() {
    let dir = root().join("../fixtures/calendar/holiday-cn");
    let texts: Vec<String> = (2017..=2026)
        .map(|y| fs::read_to_string(dir.join(format!("{y}.json"))).unwrap())
        .collect();
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let loaded = Calendar::from_holiday_cn(&refs).unwrap();
    assert_eq!((loaded.first_year(), loaded.last_year()), (2017, 2026));
    assert_eq!(loaded.source(), "holiday-cn");
    assert!(loaded.version().starts_with("holiday-cn:2017-2026:"));
    let china = Calendar::china();
    let (first, last) = (ymd(2017, 1, 1), ymd(2026, 12, 31));
    let mismatches: Vec<String> = first
        .iter_days()
        .take_while(|d| *d <= last)
        .filter_map(|d| {
            let (a, b) = (
                loaded.is_working_day(d).unwrap(),
                china.is_working_day(d).unwrap(),
            );
            (a != b).then(|| format!("{d}: holiday-cn says working={a}, the bundled table {b}"))
        })
        .collect();
    assert!(
        mismatches.is_empty(),
        "{} dates disagree:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
    for year in 2017..=2026 {
        let (a, b) = (ymd(year - 1, 12, 31), ymd(year, 12, 31));
        assert_eq!(
            loaded.working_days_between(a, b).unwrap(),
            china.working_days_between(a, b).unwrap(),
            "working days in {year}"
        );
    }
    // 2020-02-03 is listed in holiday-cn as `isOffDay: false` on a Monday: an ordinary workday.
    let day = loaded.day(ymd(2020, 2, 3)).unwrap();
    assert_eq!(
        (day.working, day.kind, day.name),
        (true, DayKind::Workday, None)
    );
}
