//! Golden vectors for rules §6 (cards): runs every case of `fixtures/vectors/card/` against the
//! library, in the format of `fixtures/README.md` ("Card ops").
//!
//! Each case gives an event stream (`lines`, one event object a line), optional knobs over `seed`
//! (`policy`), a calendar (`calendar`, as in the deadline vectors), the city directory
//! (`directory`) and the stream's end (`at`). The stream is replayed leniently with
//! `Rules::replay_stream`, the card board built with `Rules::cards`, and the board is checked:
//! `history` (a unit's whole history), `colours`, `board` (rows at an instant) and `units`; or an
//! `error` code from `CardBoard::colour`. Matching is a recursive subset: an object's listed keys,
//! a list's every element (same length), scalars exactly. All failures are reported at once.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::collections::BTreeMap;
use std::fs;

use chrono::{DateTime, FixedOffset};
use jiesu_core::time::{parse_date, parse_instant};
use jiesu_core::{Calendar, CardBoard, Directory, Error, Override, OverrideKind, Policy, Rules};
mod golden;

use golden::{fixtures, subset};
use serde_json::Value;

const MODULE: &str = "card";
const CASE_KEYS: [&str; 9] = [
    "name",
    "description",
    "policy",
    "calendar",
    "directory",
    "lines",
    "at",
    "expect",
    "error",
];
const EXPECT_KEYS: [&str; 4] = ["history", "colours", "board", "units"];

/// A library error as `code: message`.
fn fail(e: impl Into<Error>) -> String {
    let e = e.into();
    format!("{}: {e}", e.code())
}

fn to_json<T: serde::Serialize>(v: &T) -> Value {
    serde_json::to_value(v).expect("results serialise")
}

fn instant(v: &Value, what: &str) -> Result<DateTime<FixedOffset>, String> {
    let text = v
        .as_str()
        .ok_or_else(|| format!("{what} is not a string: {v}"))?;
    parse_instant(text).map_err(|e| format!("{what}: {}", fail(e)))
}

/// The case's calendar: `"china"` (default), `{"csv_text"}`, `{"holiday_cn_files"}`,
/// `{"holiday_cn_texts"}` or `{"overrides": {first_year, last_year, days}}`.
fn load_calendar(spec: Option<&Value>) -> Result<Calendar, String> {
    let Some(spec) = spec.filter(|s| *s != "china") else {
        return Ok(Calendar::china());
    };
    if let Some(text) = spec.get("csv_text") {
        return Calendar::from_csv(text.as_str().expect("csv_text is a string")).map_err(fail);
    }
    if let Some(o) = spec.get("overrides") {
        let mut days = Vec::new();
        for e in o["days"].as_array().expect("overrides.days is a list") {
            let text = |k: &str| e[k].as_str().expect("override fields are strings");
            days.push(Override {
                date: parse_date(text("date")).map_err(fail)?,
                kind: text("kind").parse::<OverrideKind>().map_err(fail)?,
                name: text("name").to_owned(),
            });
        }
        let year = |k: &str| i32::try_from(o[k].as_i64().expect("a year")).expect("a year");
        return Calendar::from_overrides(year("first_year"), year("last_year"), days).map_err(fail);
    }
    let texts: Vec<String> = if let Some(files) = spec.get("holiday_cn_files") {
        files
            .as_array()
            .expect("holiday_cn_files is a list")
            .iter()
            .map(|p| {
                let path = fixtures().join(p.as_str().expect("a path"));
                fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
            })
            .collect()
    } else if let Some(texts) = spec.get("holiday_cn_texts") {
        texts
            .as_array()
            .expect("holiday_cn_texts is a list")
            .iter()
            .map(|t| t.as_str().expect("a JSON text").to_owned())
            .collect()
    } else {
        panic!("unknown calendar spec {spec}");
    };
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    Calendar::from_holiday_cn(&refs).map_err(fail)
}

/// The case's directory: absent (none), `"city"`, `{"json_text": "…"}` or `{"json": {…}}`.
fn load_directory(spec: Option<&Value>) -> Result<Option<Directory>, String> {
    let text = match spec {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::String(s)) if s == "city" => {
            fs::read_to_string(fixtures().join("city/directory.json")).unwrap()
        }
        Some(Value::Object(o)) if o.contains_key("json_text") => o["json_text"]
            .as_str()
            .expect("json_text is a string")
            .to_owned(),
        Some(Value::Object(o)) if o.contains_key("json") => o["json"].to_string(),
        Some(other) => panic!("unknown directory spec {other}"),
    };
    Directory::from_json(&text).map(Some).map_err(fail)
}

/// Checks the `expect` part of a case against the board; differences go to `diffs`.
fn check_expect(board: &CardBoard, expect: &Value, diffs: &mut Vec<String>) {
    let obj = expect.as_object().expect("expect is an object");
    for k in obj.keys() {
        assert!(
            EXPECT_KEYS.contains(&k.as_str()),
            "unknown expect key {k:?}"
        );
    }
    if let Some(history) = expect.get("history") {
        for (unit, want) in history.as_object().expect("history is an object") {
            match board.history(unit) {
                Ok(got) => subset(want, &to_json(&got), &format!("history.{unit}"), diffs),
                Err(e) => diffs.push(format!("  history.{unit}: got error {}", fail(e))),
            }
        }
    }
    if let Some(colours) = expect.get("colours") {
        for (i, c) in colours
            .as_array()
            .expect("colours is a list")
            .iter()
            .enumerate()
        {
            let unit = c["unit"].as_str().expect("colours[].unit is a string");
            let path = format!("colours[{i}] ({unit} at {})", c["at"]);
            let at = match instant(&c["at"], "colours[].at") {
                Ok(at) => at,
                Err(e) => {
                    diffs.push(format!("  {path}: {e}"));
                    continue;
                }
            };
            match board.colour(unit, &at) {
                Ok(got) => subset(&c["colour"], &to_json(&got), &path, diffs),
                Err(e) => diffs.push(format!("  {path}: got error {}", fail(e))),
            }
        }
    }
    if let Some(want) = expect.get("board") {
        match instant(&want["at"], "board.at") {
            Ok(at) => {
                let rows: BTreeMap<String, Value> = board
                    .board(&at)
                    .iter()
                    .map(|r| (r.unit.clone(), to_json(r)))
                    .collect();
                for (unit, row) in want["rows"].as_object().expect("board.rows is an object") {
                    match rows.get(unit) {
                        Some(got) => subset(row, got, &format!("board.rows.{unit}"), diffs),
                        None => diffs.push(format!("  board.rows.{unit}: not on the board")),
                    }
                }
            }
            Err(e) => diffs.push(format!("  board: {e}")),
        }
    }
    if let Some(want) = expect.get("units") {
        subset(want, &to_json(&board.units()), "units", diffs);
    }
}

/// Runs one case; the differences found (empty when it passes).
fn run_case(case: &Value) -> Vec<String> {
    let obj = case.as_object().expect("a case is an object");
    for k in obj.keys() {
        assert!(CASE_KEYS.contains(&k.as_str()), "unknown case key {k:?}");
    }
    let (expect, error) = (case.get("expect"), case.get("error"));
    if expect.is_none() && error.is_none() {
        return vec!["  a case needs `expect` or `error`".into()];
    }
    let policy = match case.get("policy") {
        None => Policy::seed(),
        Some(p) => match Policy::from_json(&p.to_string()) {
            Ok(p) => p,
            Err(e) => return vec![format!("  policy: {}", fail(e))],
        },
    };
    let calendar = match load_calendar(case.get("calendar")) {
        Ok(c) => c,
        Err(e) => return vec![format!("  calendar: {e}")],
    };
    let mut rules = Rules::new(calendar, policy);
    match load_directory(case.get("directory")) {
        Ok(Some(dir)) => rules = rules.with_directory(dir),
        Ok(None) => {}
        Err(e) => return vec![format!("  directory: {e}")],
    }
    // One event object a line (serde_json writes no newline inside a value).
    let text: String = case["lines"]
        .as_array()
        .expect("lines is a list")
        .iter()
        .map(|l| l.to_string() + "\n")
        .collect();
    let at = match case.get("at").map(|v| instant(v, "at")).transpose() {
        Ok(at) => at,
        Err(e) => return vec![format!("  {e}")],
    };
    let result = match rules.replay_stream(&text, false, at) {
        Ok(r) => r,
        Err(e) => return vec![format!("  replay_stream: {}", fail(e))],
    };
    let board = rules.cards(&result);
    let mut diffs = Vec::new();
    if let Some(expect) = expect {
        check_expect(&board, expect, &mut diffs);
    }
    if let Some(error) = error {
        let call = &error["colour"];
        let unit = call["unit"]
            .as_str()
            .expect("error.colour.unit is a string");
        let code = error["code"].as_str().expect("error.code is a string");
        match instant(&call["at"], "error.colour.at") {
            Ok(at) => match board.colour(unit, &at) {
                Ok(c) => diffs.push(format!(
                    "  error: expected {code} from colour({unit}), got {}",
                    to_json(&c)
                )),
                Err(e) if e.code() == code => {}
                Err(e) => diffs.push(format!("  error: expected {code}, got {}", fail(e))),
            },
            Err(e) => diffs.push(format!("  error: {e}")),
        }
    }
    diffs
}

#[test]
fn card_vectors() {
    golden::run_folder(MODULE, 30, run_case);
}
