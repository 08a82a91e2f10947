//! Golden vectors (style §7): runs every case of `fixtures/vectors/calendar/` and
//! `fixtures/vectors/deadline/` against the library, in the format of `fixtures/README.md`.
//!
//! Each case names an op, its args, an optional calendar / `beyond_coverage` / policy, and exactly
//! one of `expect` (the result in the Rust serde JSON shape; for objects, only the listed keys are
//! checked) or `error` (the stable code). All failures of a folder are reported at once.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset, NaiveDate};
use jiesu_core::time::{parse_date, parse_instant};
use jiesu_core::{BeyondCoverage, Calendar, Error, Override, OverrideKind, Policy, Rules};
use serde_json::{json, Value};

/// A case's outcome: the result as JSON, or an error code with its message.
type Outcome = Result<Value, (String, String)>;

fn fail(e: impl Into<Error>) -> (String, String) {
    let e = e.into();
    (e.code().to_owned(), e.to_string())
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures")
}

fn arg<'a>(case: &'a Value, key: &str) -> &'a Value {
    case.get("args")
        .and_then(|a| a.get(key))
        .unwrap_or_else(|| panic!("case {:?}: missing args.{key}", case.get("name")))
}

fn arg_str<'a>(case: &'a Value, key: &str) -> &'a str {
    arg(case, key)
        .as_str()
        .unwrap_or_else(|| panic!("case {:?}: args.{key} is not a string", case.get("name")))
}

fn arg_i64(case: &Value, key: &str) -> i64 {
    arg(case, key)
        .as_i64()
        .unwrap_or_else(|| panic!("case {:?}: args.{key} is not an integer", case.get("name")))
}

fn date_arg(case: &Value, key: &str) -> Result<NaiveDate, (String, String)> {
    parse_date(arg_str(case, key)).map_err(fail)
}

fn instant_arg(case: &Value, key: &str) -> Result<DateTime<FixedOffset>, (String, String)> {
    parse_instant(arg_str(case, key)).map_err(fail)
}

fn to_json<T: serde::Serialize>(v: &T) -> Value {
    serde_json::to_value(v).expect("results serialise")
}

/// The case's calendar (`"china"` by default), before any `beyond_coverage` is applied.
fn load_calendar(spec: Option<&Value>) -> Result<Calendar, (String, String)> {
    let Some(spec) = spec.filter(|s| *s != "china") else {
        return Ok(Calendar::china());
    };
    if let Some(text) = spec.get("csv_text") {
        return Calendar::from_csv(text.as_str().expect("csv_text is a string")).map_err(fail);
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
    } else if let Some(o) = spec.get("overrides") {
        // Kinds are read with the core's parser (a user's typo is a typed error, not a crash).
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
    } else {
        panic!("unknown calendar spec {spec}");
    };
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    Calendar::from_holiday_cn(&refs).map_err(fail)
}

fn run_calendar(case: &Value) -> Outcome {
    let mode = match case.get("beyond_coverage") {
        None => BeyondCoverage::Error,
        Some(v) => v
            .as_str()
            .expect("beyond_coverage is a string")
            .parse::<BeyondCoverage>()
            .map_err(fail)?,
    };
    let cal = load_calendar(case.get("calendar"))?.with_beyond_coverage(mode);
    let op = case["op"].as_str().expect("op is a string");
    Ok(match op {
        "load" => Value::Null,
        "info" => json!({
            "first_year": cal.first_year(),
            "last_year": cal.last_year(),
            "version": cal.version(),
            "source": cal.source(),
        }),
        "is_working_day" => json!(cal.is_working_day(date_arg(case, "date")?).map_err(fail)?),
        "day" => to_json(&cal.day(date_arg(case, "date")?).map_err(fail)?),
        "add_working_days" => to_json(
            &cal.add_working_days(date_arg(case, "date")?, arg_i64(case, "n"))
                .map_err(fail)?,
        ),
        "working_days_between" => json!(cal
            .working_days_between(date_arg(case, "a")?, date_arg(case, "b")?)
            .map_err(fail)?),
        "next_working_day" => to_json(
            &cal.next_working_day(date_arg(case, "date")?)
                .map_err(fail)?,
        ),
        "previous_working_day" => to_json(
            &cal.previous_working_day(date_arg(case, "date")?)
                .map_err(fail)?,
        ),
        "working_days_in" => to_json(
            &cal.working_days_in(date_arg(case, "from")?, date_arg(case, "to")?)
                .map_err(fail)?,
        ),
        "arrangement" => {
            let year = i32::try_from(arg_i64(case, "year")).expect("a year");
            to_json(&cal.arrangement(year).map_err(fail)?)
        }
        other => panic!("unknown calendar op {other:?}"),
    })
}

fn read_policy(text: &str) -> Result<Policy, (String, String)> {
    Policy::from_json(text).map_err(fail)
}

fn run_deadline(case: &Value) -> Outcome {
    let op = case["op"].as_str().expect("op is a string");
    if op == "policy" {
        let json = arg(case, "json");
        let text = json
            .as_str()
            .map_or_else(|| json.to_string(), str::to_owned);
        return Ok(to_json(&read_policy(&text)?));
    }
    let policy = match case.get("policy") {
        None => Policy::seed(),
        Some(p) => read_policy(&p.to_string())?,
    };
    let rules = Rules::new(load_calendar(case.get("calendar"))?, policy);
    let start = instant_arg(case, "start")?;
    let deadline = match op {
        "feedback_deadline" => rules.feedback_deadline(&start),
        "redo_deadline" => rules.redo_deadline(&start),
        "same_day_target" => rules.same_day_target(&start),
        "return_deadline" => rules.return_deadline(&start),
        "deadline" => rules.deadline(&start, arg_i64(case, "n")),
        "plan_deadline" => rules.plan_deadline(
            &start,
            date_arg(case, "completion")?,
            arg_str(case, "explanation"),
        ),
        other => panic!("unknown deadline op {other:?}"),
    };
    Ok(to_json(&deadline.map_err(fail)?))
}

/// Compares an outcome with the case's `expect` or `error`; `Some(why)` when it fails.
fn judge(case: &Value, outcome: &Outcome) -> Option<String> {
    match (case.get("expect"), case.get("error"), outcome) {
        (Some(_), Some(_), _) | (None, None, _) => {
            Some("a case needs exactly one of `expect` and `error`".into())
        }
        (None, Some(code), Err((got, _))) if code == got => None,
        (None, Some(code), Err((got, msg))) => Some(format!(
            "expected error {}, got {got}: {msg}",
            code.as_str().unwrap_or_default()
        )),
        (None, Some(code), Ok(v)) => Some(format!(
            "expected error {}, got {v}",
            code.as_str().unwrap_or_default()
        )),
        (Some(want), None, Err((got, msg))) => {
            Some(format!("expected {want}, got error {got}: {msg}"))
        }
        (Some(Value::Object(want)), None, Ok(Value::Object(got))) => {
            let diffs: Vec<String> = want
                .iter()
                .filter(|(k, v)| got.get(*k) != Some(*v))
                .map(|(k, v)| {
                    let g = got
                        .get(k)
                        .map_or_else(|| "(missing)".into(), Value::to_string);
                    format!("  .{k}: expected {v}\n  .{k}:      got {g}")
                })
                .collect();
            (!diffs.is_empty()).then(|| format!("result differs:\n{}", diffs.join("\n")))
        }
        (Some(want), None, Ok(got)) if want == got => None,
        (Some(want), None, Ok(got)) => Some(format!("expected {want}\n       got {got}")),
    }
}

/// Runs every case of `fixtures/vectors/<module>/*.json`; fails listing every failing case.
fn run_folder(module: &str, run: fn(&Value) -> Outcome) {
    let dir = fixtures().join("vectors").join(module);
    let mut paths: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    let mut names = BTreeSet::new();
    let mut failures = Vec::new();
    let mut ran = 0usize;
    for path in &paths {
        let file = path.file_name().unwrap().to_string_lossy().into_owned();
        let text = fs::read_to_string(path).unwrap();
        let doc: Value =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{file}: not JSON: {e}"));
        assert_eq!(doc["module"], module, "{file}: wrong `module`");
        let cases = doc["cases"]
            .as_array()
            .unwrap_or_else(|| panic!("{file}: no `cases` list"));
        for case in cases {
            let name = case["name"].as_str().unwrap_or("(unnamed)").to_owned();
            if !names.insert(name.clone()) {
                failures.push(format!(
                    "{file} :: {name}\n  duplicate case name in {module}/"
                ));
            }
            ran += 1;
            let outcome = run(case);
            if let Some(why) = judge(case, &outcome) {
                failures.push(format!("{file} :: {name}\n  {why}"));
            }
        }
    }
    println!("{module}: {ran} cases ran from {} files", paths.len());
    assert!(ran > 0, "no vectors in {}", dir.display());
    assert!(
        failures.is_empty(),
        "{} of {ran} {module} vectors failed:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

#[test]
fn calendar_vectors() {
    run_folder("calendar", run_calendar);
}

#[test]
fn deadline_vectors() {
    run_folder("deadline", run_deadline);
}
