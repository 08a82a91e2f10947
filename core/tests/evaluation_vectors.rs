//! Golden vectors for rules §7 (evaluation): runs every case of `fixtures/vectors/evaluation/`
//! against the library, in the format of `fixtures/README.md` ("Evaluation ops").
//!
//! Each case gives an event stream (`lines`, one event object a line), optional knobs over `seed`
//! (`policy`), a directory (`directory`: `"city"` or `{"json": {…}}`) and the stream's end
//! (`at`). The stream is replayed leniently with `Rules::replay_stream` on the bundled calendar,
//! then the case's `op` runs over its `period`: `evaluate`, `notification`,
//! `quarterly_evaluation`, `half_year_ranking`, `annual_evaluation`, or `compare` (against
//! `Rules::with_policy(other_policy)`, with no replayed result for the other policy). The result
//! is matched against `expect` (a recursive subset: an object's listed keys, a list's every
//! element with the same length, scalars exactly), or the call must fail with the code `error`.
//! All failures are reported at once.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::fs;

use jiesu_core::time::parse_instant;
use jiesu_core::{Calendar, Directory, Error, Evaluation, Policy, Rules};
mod golden;

use golden::{fixtures, subset};
use serde_json::Value;

const MODULE: &str = "evaluation";
const CASE_KEYS: [&str; 11] = [
    "name",
    "description",
    "policy",
    "directory",
    "lines",
    "at",
    "op",
    "period",
    "other_policy",
    "expect",
    "error",
];
const OPS: [&str; 6] = [
    "evaluate",
    "notification",
    "quarterly_evaluation",
    "half_year_ranking",
    "annual_evaluation",
    "compare",
];

/// A library error as `code: message`.
fn fail(e: impl Into<Error>) -> String {
    let e = e.into();
    format!("{}: {e}", e.code())
}

fn to_json<T: serde::Serialize>(v: &T) -> Value {
    serde_json::to_value(v).expect("results serialise")
}

/// The case's directory: absent (none), `"city"` or `{"json": {…}}`.
fn load_directory(spec: Option<&Value>) -> Result<Option<Directory>, String> {
    let text = match spec {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::String(s)) if s == "city" => {
            fs::read_to_string(fixtures().join("city/directory.json")).unwrap()
        }
        Some(Value::Object(o)) if o.contains_key("json") => o["json"].to_string(),
        Some(other) => panic!("unknown directory spec {other}"),
    };
    Directory::from_json(&text).map(Some).map_err(fail)
}

/// A policy from the case's knobs over `seed` (absent: `seed`).
fn load_policy(spec: Option<&Value>, what: &str) -> Result<Policy, String> {
    match spec {
        None => Ok(Policy::seed()),
        Some(p) => Policy::from_json(&p.to_string()).map_err(|e| format!("{what}: {}", fail(e))),
    }
}

/// Checks what every evaluation must satisfy, whatever the case expects: each group's ranks run
/// 1..n, every ranked unit carries its rank and no other unit has one.
fn check_ranks(ev: &Evaluation, diffs: &mut Vec<String>) {
    for g in &ev.ranking {
        for (i, e) in g.ranked.iter().enumerate() {
            if e.rank != i + 1 {
                diffs.push(format!(
                    "  ranking.{}: {} has rank {}, expected {}",
                    g.group,
                    e.unit,
                    e.rank,
                    i + 1
                ));
            }
        }
    }
    for u in &ev.units {
        let listed = ev
            .ranking
            .iter()
            .flat_map(|g| &g.ranked)
            .find(|e| e.unit == u.unit)
            .map(|e| e.rank);
        if listed != u.rank {
            diffs.push(format!(
                "  units.{}: rank {:?}, but the ranking says {listed:?}",
                u.unit, u.rank
            ));
        }
    }
}

/// Runs one case; the differences found (empty when it passes).
fn run_case(case: &Value) -> Vec<String> {
    let obj = case.as_object().expect("a case is an object");
    for k in obj.keys() {
        assert!(CASE_KEYS.contains(&k.as_str()), "unknown case key {k:?}");
    }
    let (expect, error) = (case.get("expect"), case.get("error"));
    if expect.is_some() == error.is_some() {
        return vec!["  a case needs exactly one of `expect` or `error`".into()];
    }
    let op = case["op"].as_str().expect("op is a string");
    assert!(OPS.contains(&op), "unknown op {op:?}");
    assert!(
        op == "compare" || case.get("other_policy").is_none(),
        "`other_policy` is for `compare` only"
    );
    let period = case["period"].as_str().expect("period is a string");
    let policy = match load_policy(case.get("policy"), "policy") {
        Ok(p) => p,
        Err(e) => return vec![format!("  {e}")],
    };
    let mut rules = Rules::new(Calendar::china(), policy);
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
    let at = match case.get("at") {
        None => None,
        Some(v) => match parse_instant(v.as_str().expect("at is a string")) {
            Ok(at) => Some(at),
            Err(e) => return vec![format!("  at: {}", fail(e))],
        },
    };
    let result = match rules.replay_stream(&text, false, at) {
        Ok(r) => r,
        Err(e) => return vec![format!("  replay_stream: {}", fail(e))],
    };
    let mut diffs = Vec::new();
    if !result.rejected.is_empty() {
        diffs.push(format!(
            "  the stream has rejected lines (a vector's stream must be valid): {}",
            to_json(&result.rejected)
        ));
    }
    let got: Result<Value, Error> = if op == "compare" {
        let other = match load_policy(case.get("other_policy"), "other_policy") {
            Ok(p) => p,
            Err(e) => return vec![format!("  {e}")],
        };
        let other = rules.with_policy(other);
        rules.compare(&result, &other, None, period).map(|c| {
            check_ranks(&c.base, &mut diffs);
            check_ranks(&c.other, &mut diffs);
            to_json(&c)
        })
    } else {
        let ev = match op {
            "evaluate" => rules.evaluate(&result, period),
            "notification" => rules.notification(&result, period),
            "quarterly_evaluation" => rules.quarterly_evaluation(&result, period),
            "half_year_ranking" => rules.half_year_ranking(&result, period),
            _ => rules.annual_evaluation(&result, period),
        };
        ev.map(|ev| {
            check_ranks(&ev, &mut diffs);
            to_json(&ev)
        })
    };
    match (got, expect, error) {
        (Ok(got), Some(want), _) => subset(want, &got, "", &mut diffs),
        (Ok(_), None, Some(code)) => diffs.push(format!("  expected error {code}, got a result")),
        (Err(e), _, Some(code)) if e.code() == code => {}
        (Err(e), _, Some(code)) => diffs.push(format!("  expected error {code}, got {}", fail(e))),
        (Err(e), _, None) => diffs.push(format!("  {op}: {}", fail(e))),
        (Ok(_), None, None) => unreachable!("checked above"),
    }
    diffs
}

#[test]
fn evaluation_vectors() {
    golden::run_folder(MODULE, 40, run_case);
}
