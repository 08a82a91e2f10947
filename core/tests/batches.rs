//! Batches as a platform's nightly jobs use them (issue 13): an error names its row and value;
//! the row-by-row forms give each row's result or its own error; routing, instant answers and
//! on-time checks in bulk agree with their per-call forms.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use jiesu_core::calendar::day_number;
use jiesu_core::deadline::is_on_time_many;
use jiesu_core::directory::{Directory, RouteRequest};
use jiesu_core::policy_library::{Consultation, PolicyLibrary};
use jiesu_core::time::{parse_date, parse_instant};
use jiesu_core::{Calendar, Category, Rules};

fn city(file: &str) -> String {
    std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../fixtures/city")
            .join(file),
    )
    .unwrap()
}

#[test]
fn a_batch_error_names_its_row_and_value() {
    let cal = Calendar::china();
    let days = [
        day_number(parse_date("2026-09-30").unwrap()),
        day_number(parse_date("2026-12-28").unwrap()),
    ];
    let e = cal.add_working_days_numbers(&days, &[5]).unwrap_err();
    assert_eq!(e.code(), "calendar_out_of_range");
    assert_eq!(e.module(), "calendar");
    assert_eq!(e.row(), Some((1, "2026-12-28")));
    assert!(e.to_string().starts_with("row 1 (2026-12-28): "), "{e}");
    let e = cal.add_working_days_numbers(&days, &[1, -3]).unwrap_err();
    assert_eq!(
        (e.code(), e.row()),
        ("calendar_invalid_day_count", Some((1, "-3")))
    );

    let rules = Rules::default();
    let starts = [
        parse_instant("2026-09-30T16:20+08:00").unwrap().timestamp(),
        parse_instant("2026-12-28T10:00+08:00").unwrap().timestamp(),
    ];
    let e = rules.feedback_dues(&starts).unwrap_err();
    assert_eq!(e.row(), Some((1, "2026-12-28T10:00:00+08:00")));
}

#[test]
fn row_by_row_forms_keep_going() {
    let cal = Calendar::china();
    let days = [
        day_number(parse_date("2026-09-30").unwrap()),
        day_number(parse_date("2026-12-28").unwrap()),
    ];
    let rows = cal.add_working_days_rows(&days, &[5]).unwrap();
    assert_eq!(
        rows[0].as_ref().unwrap(),
        &day_number(parse_date("2026-10-13").unwrap())
    );
    assert_eq!(
        rows[1].as_ref().unwrap_err().code(),
        "calendar_out_of_range"
    );
    assert_eq!(
        cal.add_working_days_rows(&days, &[1, 2, 3])
            .unwrap_err()
            .code(),
        "calendar_batch_length_mismatch"
    );

    let starts = [
        parse_instant("2026-09-30T16:20+08:00").unwrap().timestamp(),
        parse_instant("2026-12-28T10:00+08:00").unwrap().timestamp(),
    ];
    let rows = Rules::default().feedback_due_rows(&starts).unwrap();
    assert_eq!(
        rows[0].as_ref().unwrap().due,
        parse_instant("2026-10-14T00:00+08:00").unwrap().timestamp()
    );
    assert!(!rows[0].as_ref().unwrap().provisional);
    assert_eq!(
        rows[1].as_ref().unwrap_err().code(),
        "calendar_out_of_range"
    );
    // Under the provisional policy the second row answers, flagged.
    let provisional = Rules::new(
        Calendar::china(),
        jiesu_core::Policy::from_json(r#"{"name":"p","beyond_coverage":"weekends_only"}"#).unwrap(),
    );
    let rows = provisional.feedback_due_rows(&starts).unwrap();
    assert!(rows[1].as_ref().unwrap().provisional && !rows[0].as_ref().unwrap().provisional);
}

#[test]
fn bulk_routing_answers_and_on_time_checks() {
    let dir = Directory::from_json(&city("directory.json")).unwrap();
    let requests = [
        RouteRequest::from_json(r#"{"category": "help", "topics": ["tax"]}"#).unwrap(),
        RouteRequest::from_json(
            r#"{"category": "投诉类", "topics": ["land_use"], "territory": "nowhere"}"#,
        )
        .unwrap(),
    ];
    let routes = dir.route_many(&requests);
    assert_eq!(
        routes[0].as_ref().unwrap(),
        &dir.route(&requests[0]).unwrap()
    );
    assert_eq!(
        routes[1].as_ref().unwrap_err().code(),
        "directory_unknown_unit"
    );

    let lib = PolicyLibrary::from_json(&city("policy_library.json")).unwrap();
    let c = Consultation::new(
        vec!["tax".into()],
        "研发费用能否加计扣除",
        parse_date("2026-09-18").unwrap(),
    );
    let many = lib.instant_answer_many(&[
        (Category::Consultation, c.clone()),
        (Category::Help, c.clone()),
    ]);
    assert_eq!(many[0], lib.instant_answer(Category::Consultation, &c));
    assert!(many[0].answered && !many[1].answered);

    let due = parse_instant("2026-10-14T00:00+08:00").unwrap().timestamp();
    assert_eq!(
        is_on_time_many(&[due, due], &[due - 1, due]).unwrap(),
        [true, false]
    );
    assert_eq!(
        is_on_time_many(&[due], &[]).unwrap_err().code(),
        "calendar_batch_length_mismatch"
    );
}

#[test]
fn empty_batches_and_mismatches_say_which_columns() {
    let cal = Calendar::china();
    assert!(cal.add_working_days_rows(&[], &[]).unwrap().is_empty());
    assert!(cal.add_working_days_numbers(&[], &[]).unwrap().is_empty());
    let e = cal.add_working_days_rows(&[1, 2], &[1, 2, 3]).unwrap_err();
    assert_eq!(e.code(), "calendar_batch_length_mismatch");
    assert!(e.to_string().contains("2 dates with 3 counts"), "{e}");
    let e = is_on_time_many(&[1], &[]).unwrap_err();
    assert!(e.to_string().contains("1 dues with 0 replies"), "{e}");
    // A year no date can have is out of range at its end, not "1970-01-01".
    let e = cal.arrangement(i32::MAX).unwrap_err();
    assert_eq!(e.code(), "calendar_out_of_range");
    assert!(!e.to_string().contains("1970"), "{e}");
}
