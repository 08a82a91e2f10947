//! Never-panic properties for the readers and entry points of rules §2–§9 (hostile input):
//! arbitrary text and JSON-shaped values with the library's own words as keys — so that parsers
//! get past the first byte — fed to every reader of outside text and to the functions that take
//! numbers and ranges. Each must return a value or an error whose code is published
//! (`jiesu_core::all_codes`); a panic fails the property. (Calendars and deadlines, rules §0–§4,
//! have theirs in `properties.rs`; the fuzz targets in `fuzz/` run the same entry points for
//! minutes, these in every `cargo test`.)
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::collections::BTreeSet;
use std::sync::OnceLock;

use chrono::NaiveDate;
use jiesu_core::demand::EVENT_TYPES;
use jiesu_core::duties::{collection_shortfalls, field_day_shortfalls};
use jiesu_core::{
    build_form, Calendar, Category, CollectionLog, Consultation, DemandState, Directory, Event,
    FieldDayLog, FormKind, Leaders, Period, Policy, PolicyLibrary, Register, RouteRequest, Rules,
};
use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;
use serde_json::{Map, Value};

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(
            "proptest-regressions/never_panic.txt",
        ))),
        ..ProptestConfig::with_cases(cases)
    }
}

fn published() -> &'static BTreeSet<&'static str> {
    static CODES: OnceLock<BTreeSet<&'static str>> = OnceLock::new();
    CODES.get_or_init(|| jiesu_core::all_codes().iter().map(|(_, c)| *c).collect())
}

/// An error is acceptable when its code is published and it says something.
fn typed(e: &jiesu_core::Error) -> Result<(), TestCaseError> {
    prop_assert!(
        published().contains(e.code()),
        "unpublished code {}",
        e.code()
    );
    prop_assert!(!e.to_string().is_empty());
    Ok(())
}

fn check<T, E: Into<jiesu_core::Error>>(r: Result<T, E>) -> Result<Option<T>, TestCaseError> {
    match r {
        Ok(v) => Ok(Some(v)),
        Err(e) => {
            typed(&e.into())?;
            Ok(None)
        }
    }
}

const CITY_DIRECTORY: &str = include_str!("../../fixtures/city/directory.json");
const CITY_LIBRARY: &str = include_str!("../../fixtures/city/policy_library.json");

fn city_rules() -> &'static Rules {
    static RULES: OnceLock<Rules> = OnceLock::new();
    RULES.get_or_init(|| {
        Rules::new(Calendar::china(), Policy::seed())
            .with_directory(Directory::from_json(CITY_DIRECTORY).unwrap())
    })
}

/// The words of the library's inputs: keys of events, directories, libraries, registers, logs,
/// and values that mean something to them (with the event types, `EVENT_TYPES`).
const WORDS: &[&str] = &[
    "v",
    "demand",
    "type",
    "at",
    "ext",
    "category",
    "topics",
    "territory",
    "enterprise",
    "text",
    "contact",
    "entry",
    "unit",
    "to",
    "reason",
    "lead",
    "co_units",
    "rule",
    "completion",
    "explanation",
    "resolved",
    "contacted",
    "method",
    "satisfaction",
    "signed_by",
    "opinion",
    "help",
    "consultation",
    "complaint",
    "suggestion",
    "投诉类",
    "unsatisfied",
    "unreached",
    "close",
    "redo",
    "center",
    "government",
    "units",
    "topics",
    "rules",
    "id",
    "name",
    "kind",
    "group",
    "key",
    "topic",
    "priority",
    "territory_assists",
    "department",
    "entries",
    "title",
    "keywords",
    "answer",
    "valid_from",
    "valid_to",
    "date",
    "level",
    "enterprises",
    "project",
    "leaders",
    "principal",
    "quota",
    "consulted",
    "weekly_report",
    "week",
    "field_day",
    "leader",
    "kaifaqu",
    "state_grid",
    "tax",
    "power_supply",
    "2026-09-30",
    "2026-09-30T16:20:00+08:00",
    "２０２６-０９-３０",
    "2026-W42",
];

fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => proptest::sample::select(WORDS).prop_map(str::to_owned),
        1 => proptest::sample::select(&EVENT_TYPES[..]).prop_map(str::to_owned),
        1 => ".{0,6}",
    ]
}

/// JSON values shaped like the library's inputs: objects keyed by its words, nested a few
/// levels, with scalars of every JSON type.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        (-3i64..=3).prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        word().prop_map(Value::String),
    ];
    leaf.prop_recursive(5, 48, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            proptest::collection::vec((word(), inner), 0..7)
                .prop_map(|kv| Value::Object(kv.into_iter().collect::<Map<String, Value>>())),
        ]
    })
}

/// Text for a JSON reader: arbitrary strings, the JSON values above, and those values cut short.
fn json_text() -> impl Strategy<Value = String> {
    prop_oneof![
        1 => any::<String>(),
        4 => json_value().prop_map(|v| v.to_string()),
        1 => (json_value(), any::<prop::sample::Index>()).prop_map(|(v, i)| {
            let s = v.to_string();
            let cut = i.index(s.len() + 1);
            s.char_indices().map(|(k, _)| k).take_while(|k| *k <= cut).last().map_or(s.clone(), |k| s[..k].to_owned())
        }),
    ]
}

/// An event-shaped object: `v: 1`, a demand of three, a type, an instant, and fields.
fn event_text() -> impl Strategy<Value = String> {
    (
        0u8..3,
        proptest::sample::select(&EVENT_TYPES[..]),
        0i64..(40 * 24 * 60),
        proptest::collection::vec((word(), json_value()), 0..6),
    )
        .prop_map(|(demand, kind, minutes, fields)| {
            let at = chrono::NaiveDate::from_ymd_opt(2026, 9, 20)
                .unwrap()
                .and_hms_opt(0, 0, 0)
                .unwrap()
                + chrono::Duration::minutes(minutes);
            let mut map = Map::new();
            map.insert("v".into(), Value::from(1));
            map.insert("demand".into(), Value::from(format!("P-{demand}")));
            map.insert("type".into(), Value::from(kind));
            map.insert(
                "at".into(),
                Value::from(at.format("%Y-%m-%d %H:%M").to_string()),
            );
            for (k, v) in fields {
                map.insert(k, v);
            }
            Value::Object(map).to_string()
        })
}

fn any_date() -> impl Strategy<Value = NaiveDate> {
    prop_oneof![
        (-400_000i32..400_000).prop_filter_map("a date", |d| {
            NaiveDate::from_num_days_from_ce_opt(d.saturating_add(700_000))
        }),
        Just(NaiveDate::MIN),
        Just(NaiveDate::MAX),
        (2025i32..=2027, 1u32..=12, 1u32..=28)
            .prop_map(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d).unwrap()),
    ]
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn json_readers_never_panic(text in json_text(), other in json_text()) {
        if let Some(d) = check(Directory::from_json(&text))? {
            if let Some(r) = check(RouteRequest::from_json(&other))? {
                check(d.route(&r))?;
            }
        }
        let city = city_rules().directory().unwrap();
        if let Some(r) = check(RouteRequest::from_json(&text))? {
            check(city.route(&r))?;
            let _ = city.route_many(&[r]);
        }
        let library = PolicyLibrary::from_json(CITY_LIBRARY).unwrap();
        if let Some(c) = check(Consultation::from_json(&text))? {
            let _ = library.match_consultation(&c);
            let _ = library.instant_answer(Category::Consultation, &c);
        }
        check(PolicyLibrary::from_json(&text))?;
        check(Policy::from_json(&text))?;
        check(Event::from_json(&text))?;
        if let Some(state) = check(DemandState::from_json(&text))? {
            let _ = state.status_at(city_rules().policy(), state.last_at);
        }
        check(Register::from_json(&text))?;
        check(Leaders::from_json(&text))?;
        check(CollectionLog::from_jsonl(&format!("{text}\n{other}")))?;
        check(FieldDayLog::from_jsonl(&format!("{text}\n{other}")))?;
        check(Calendar::from_holiday_cn(&[text.as_str(), other.as_str()]))?;
    }

    #[test]
    fn events_from_values_never_panic(value in json_value()) {
        check(Event::from_value(value))?;
    }

}

proptest! {
    #![proptest_config(config(64))]

    #[test]
    fn streams_never_panic(
        lines in proptest::collection::vec(prop_oneof![4 => event_text(), 1 => json_text()], 0..24),
        strict in any::<bool>(),
        period in prop_oneof![Just("2026".to_owned()), Just("2026-10".to_owned()), ".{0,10}"],
        form in proptest::sample::select(&["ledger", "feedback", "notice", "satisfaction", "x"][..]),
        from in any_date(), to in any_date(),
    ) {
        let rules = city_rules();
        let text = lines.join("\n");
        let Some(result) = check(jiesu_core::stream::replay_stream(rules, &text, strict, None))? else {
            return Ok(());
        };
        for r in &result.rejected {
            prop_assert!(published().contains(r.code.as_str()), "unpublished code {}", r.code);
        }
        let board = rules.cards(&result);
        if let Some(at) = result.at {
            let _ = board.board(&at);
            check(board.colour("kaifaqu", &at))?;
        }
        check(rules.evaluate(&result, &period))?;
        check(rules.notification(&result, &period))?;
        check(rules.annual_evaluation(&result, &period))?;
        if let Some(kind) = check(FormKind::parse(form))? {
            check(build_form(kind, &result, rules.directory(), from, to))?;
        }
    }

}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn small_texts_never_panic(text in any::<String>()) {
        check(Period::parse(&text))?;
        check(Category::parse(&text))?;
        check(FormKind::parse(&text))?;
        let _ = jiesu_core::exact::Dec::parse(&text);
        let _ = jiesu_core::ClockTime::parse(&text);
    }

    #[test]
    fn batches_and_ranges_never_panic(
        starts in proptest::collection::vec(any::<i64>(), 0..8),
        days in proptest::collection::vec(any::<i32>(), 0..8),
        counts in proptest::collection::vec(any::<i64>(), 0..8),
        from in any_date(), to in any_date(),
    ) {
        let rules = city_rules();
        check(rules.feedback_dues(&starts))?;
        check(rules.redo_dues(&starts))?;
        if let Some(rows) = check(rules.feedback_due_rows(&starts))? {
            for row in rows {
                check(row)?;
            }
        }
        let cal = rules.calendar();
        check(cal.is_working_day_numbers(&days))?;
        check(cal.add_working_days_numbers(&days, &counts))?;
        if let Some(rows) = check(cal.add_working_days_rows(&days, &counts))? {
            for row in rows {
                check(row)?;
            }
        }
        let register = Register::from_json(
            r#"{"enterprises": [{"id": "E1", "name": "甲", "territory": "kaifaqu", "kind": "enterprise"}]}"#,
        ).unwrap();
        let log = CollectionLog::from_jsonl("").unwrap();
        check(collection_shortfalls(&register, &log, from, to))?;
        let leaders = Leaders::from_json(
            r#"{"leaders": [{"id": "mayor", "name": "市长", "principal": true}]}"#,
        ).unwrap();
        check(field_day_shortfalls(&leaders, &FieldDayLog::from_jsonl("").unwrap(), from, to))?;
    }
}
