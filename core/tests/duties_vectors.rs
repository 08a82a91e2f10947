//! Golden vectors for rules §8 (duties): runs every case of `fixtures/vectors/duties/` against
//! the library, in the format of `fixtures/README.md` ("Duties ops").
//!
//! Each case names an op and its args, and exactly one of `expect` (the result in the Rust serde
//! JSON shape, matched as a subset: objects by their listed keys, lists element by element with
//! the same length, scalars exactly) or `error` (the stable code, plus an optional
//! `error_message_contains`). All failures are reported at once.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::fs;

use jiesu_core::duties::{
    collection_shortfalls, field_day_shortfalls, CollectionLog, FieldDayLog, Leaders, Register,
};
use jiesu_core::time::parse_date;
use jiesu_core::{Directory, Error};
mod golden;

use golden::{fixtures, judge, Outcome};

use serde_json::Value;

/// The fewest cases the folder may hold (the brief asks for at least 12).
const MIN_CASES: usize = 12;

/// A library error as (code, message).
fn fail(e: impl Into<Error>) -> (String, String) {
    let e = e.into();
    (e.code().to_owned(), e.to_string())
}

fn read(rel: &str) -> String {
    let path = fixtures().join(rel);
    fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn arg<'a>(case: &'a Value, key: &str) -> &'a Value {
    case.get("args")
        .and_then(|a| a.get(key))
        .unwrap_or_else(|| panic!("case {:?}: missing args.{key}", case.get("name")))
}

/// A JSON file argument: `"sample"` — `fixtures/duties/<sample>`; `{"json_text": "…"}` — that
/// text; `{"json": {…}}` — that value, serialised.
fn json_source(spec: &Value, sample: &str) -> String {
    match spec {
        Value::String(s) if s == "sample" => read(&format!("duties/{sample}")),
        Value::Object(o) if o.contains_key("json_text") => o["json_text"]
            .as_str()
            .expect("json_text is a string")
            .to_owned(),
        Value::Object(o) if o.contains_key("json") => o["json"].to_string(),
        other => panic!("unknown JSON source {other}"),
    }
}

/// A log argument: `"sample"` — `fixtures/duties/<sample>`; a string — the text itself; a list —
/// its items as lines (objects serialised, strings verbatim), joined with `\n`.
fn log_source(spec: &Value, sample: &str) -> String {
    match spec {
        Value::String(s) if s == "sample" => read(&format!("duties/{sample}")),
        Value::String(s) => s.clone(),
        Value::Array(items) => items
            .iter()
            .map(|i| match i {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            })
            .collect::<Vec<_>>()
            .join("\n"),
        other => panic!("unknown log source {other}"),
    }
}

fn date(case: &Value, key: &str) -> Result<chrono::NaiveDate, (String, String)> {
    parse_date(arg(case, key).as_str().expect("a date string")).map_err(fail)
}

fn to_json<T: serde::Serialize>(v: &T) -> Value {
    serde_json::to_value(v).expect("results serialise")
}

fn register(case: &Value) -> Result<Register, (String, String)> {
    Register::from_json(&json_source(arg(case, "register"), "register.json")).map_err(fail)
}

fn leaders(case: &Value) -> Result<Leaders, (String, String)> {
    Leaders::from_json(&json_source(arg(case, "leaders"), "leaders.json")).map_err(fail)
}

fn run(case: &Value) -> Outcome {
    let op = case["op"].as_str().expect("op is a string");
    Ok(match op {
        "load_register" => {
            let reg = register(case)?;
            if let Some(spec) = case["args"].get("directory") {
                assert_eq!(spec, "city", "directory: only \"city\" is known");
                let dir = Directory::from_json(&read("city/directory.json")).map_err(fail)?;
                reg.check_territories(&dir).map_err(fail)?;
            }
            Value::Bool(true)
        }
        "load_leaders" => {
            leaders(case)?;
            Value::Bool(true)
        }
        "read_collection_log" => to_json(
            &CollectionLog::from_jsonl(&log_source(arg(case, "log"), "collection.jsonl"))
                .map_err(fail)?,
        ),
        "read_field_day_log" => to_json(
            &FieldDayLog::from_jsonl(&log_source(arg(case, "log"), "field_days.jsonl"))
                .map_err(fail)?,
        ),
        "collection_shortfalls" | "collection_short_rows" => {
            let reg = register(case)?;
            let log = CollectionLog::from_jsonl(&log_source(arg(case, "log"), "collection.jsonl"))
                .map_err(fail)?;
            let report = collection_shortfalls(&reg, &log, date(case, "from")?, date(case, "to")?)
                .map_err(fail)?;
            if op == "collection_shortfalls" {
                to_json(&report)
            } else {
                to_json(&report.rows.iter().filter(|r| r.short).collect::<Vec<_>>())
            }
        }
        "field_day_shortfalls" => {
            let leaders = leaders(case)?;
            let log = FieldDayLog::from_jsonl(&log_source(arg(case, "log"), "field_days.jsonl"))
                .map_err(fail)?;
            to_json(
                &field_day_shortfalls(&leaders, &log, date(case, "from")?, date(case, "to")?)
                    .map_err(fail)?,
            )
        }
        other => panic!("unknown duties op {other:?}"),
    })
}

#[test]
fn duties_vectors() {
    golden::run_folder("duties", MIN_CASES, |case| {
        judge(case, &run(case))
            .map(|why| vec![format!("  {why}")])
            .unwrap_or_default()
    });
}

/// The sample files load and check against the city directory, and every planted shortfall is
/// found (the vectors pin the numbers; this pins that the files are the generator's).
#[test]
fn sample_files_are_consistent() {
    let reg = Register::from_json(&read("duties/register.json")).unwrap();
    assert_eq!(reg.enterprises().len(), 40);
    let dir = Directory::from_json(&read("city/directory.json")).unwrap();
    reg.check_territories(&dir).unwrap();
    let leaders = Leaders::from_json(&read("duties/leaders.json")).unwrap();
    assert_eq!(leaders.quota("L01"), Some(1));
    assert_eq!(leaders.quota("L02"), Some(2));
    assert_eq!(leaders.quota("L06"), Some(1));
    let log = CollectionLog::from_jsonl(&read("duties/collection.jsonl")).unwrap();
    let from = parse_date("2026-10-01").unwrap();
    let to = parse_date("2026-12-31").unwrap();
    let report = collection_shortfalls(&reg, &log, from, to).unwrap();
    // Replaying the same inputs gives the same report, and it round-trips through JSON.
    assert_eq!(report, collection_shortfalls(&reg, &log, from, to).unwrap());
    let back: jiesu_core::CollectionReport =
        serde_json::from_str(&serde_json::to_string(&report).unwrap()).unwrap();
    assert_eq!(back, report);
    let days = FieldDayLog::from_jsonl(&read("duties/field_days.jsonl")).unwrap();
    let fd = field_day_shortfalls(&leaders, &days, from, to).unwrap();
    let back: jiesu_core::FieldDayReport =
        serde_json::from_str(&serde_json::to_string(&fd).unwrap()).unwrap();
    assert_eq!(back, fd);
}
