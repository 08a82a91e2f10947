//! Golden vectors for rules §5 (a demand's life): runs every case of `fixtures/vectors/demand/`
//! against the public core API, in the format of `fixtures/README.md` ("Demand ops").
//!
//! A case is an event log (`op: "replay"`) or a JSON Lines stream (`op: "stream"`), with the
//! rules it runs under (an optional policy and the optional city directory), and exactly one of
//! `expect` (a subset of the result's serde JSON, matched recursively: objects by the keys
//! listed, lists element by element with the same length, scalars exactly) or `error` (the
//! stable code). For a rejected event the state must be unchanged. Every failing case of the
//! folder is reported at once.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::collections::BTreeSet;
use std::fs;

use chrono::{DateTime, FixedOffset};
use jiesu_core::demand::{DemandError, DemandState, Event};
use jiesu_core::time::parse_instant;
use jiesu_core::{Calendar, Directory, Error, Policy, Rules, StreamError};
mod golden;

use golden::{cases, fixtures, subset};
use serde_json::Value;

/// The keys a case may have; anything else is a typo in the vector.
const CASE_KEYS: [&str; 12] = [
    "name",
    "description",
    "policy",
    "directory",
    "op",
    "events",
    "at",
    "expect",
    "error",
    "status",
    "lines",
    "strict",
];

/// The folder must hold at least this many cases.
const MIN_CASES: usize = 60;

fn to_json<T: serde::Serialize>(v: &T) -> Value {
    serde_json::to_value(v).expect("results serialise")
}

fn code_of(e: &Error) -> String {
    format!("{} ({e})", e.code())
}

/// The rules a case runs under: the bundled calendar, its policy over `seed`, the city directory
/// when it asks for it.
fn rules_of(case: &Value) -> Result<Rules, String> {
    let policy = match case.get("policy") {
        None => Policy::seed(),
        Some(p) => Policy::from_json(&p.to_string()).map_err(|e| format!("policy: {e}"))?,
    };
    let rules = Rules::new(Calendar::china(), policy);
    match case.get("directory") {
        None => Ok(rules),
        Some(Value::String(s)) if s == "city" => {
            let path = fixtures().join("city").join("directory.json");
            let text = fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            let dir = Directory::from_json(&text).map_err(|e| format!("city directory: {e}"))?;
            Ok(rules.with_directory(dir))
        }
        Some(other) => Err(format!("unknown directory {other}")),
    }
}

fn instant(case: &Value, key: &str) -> Result<Option<DateTime<FixedOffset>>, String> {
    match case.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => parse_instant(s)
            .map(Some)
            .map_err(|e| format!("`{key}`: {e}")),
        Some(other) => Err(format!("`{key}` is not a string: {other}")),
    }
}

/// Reads one event object of a case (serialised to JSON text, as a platform would send it).
fn read_event(ev: &Value) -> Result<Event, DemandError> {
    Event::from_json(&serde_json::to_string(ev).expect("a JSON value serialises"))
}

/// Compares a result with the case's `expect`; `Err(why)` when it differs.
fn check_expect(label: &str, want: &Value, got: &Value) -> Result<(), String> {
    let mut diffs = Vec::new();
    subset(want, got, label, &mut diffs);
    if diffs.is_empty() {
        Ok(())
    } else {
        Err(diffs.join("\n  "))
    }
}

fn expect_code(want: &str, got: &Error) -> Result<(), String> {
    if got.code() == want {
        Ok(())
    } else {
        Err(format!("expected error {want}, got {}", code_of(got)))
    }
}

/// The state's status at the case's `status.at`, checked against `status.expect`.
fn check_status(case: &Value, rules: &Rules, state: &DemandState) -> Result<(), String> {
    let Some(status) = case.get("status") else {
        return Ok(());
    };
    let at = instant(status, "at")?.ok_or("`status` needs `at`")?;
    let want = status.get("expect").ok_or("`status` needs `expect`")?;
    let got = to_json(&state.status_at(rules.policy(), at));
    check_expect("status", want, &got)
}

/// `op: "replay"`.
fn run_replay(case: &Value, rules: &Rules) -> Result<(), String> {
    let events = case
        .get("events")
        .and_then(Value::as_array)
        .filter(|e| !e.is_empty())
        .ok_or("a replay case needs a non-empty `events` list")?;
    let at = instant(case, "at")?;
    match (case.get("expect"), case.get("error").map(Value::as_str)) {
        (Some(want), None) => {
            let log = events
                .iter()
                .enumerate()
                .map(|(i, e)| read_event(e).map_err(|e| format!("event {}: {e}", i + 1)))
                .collect::<Result<Vec<_>, _>>()?;
            let state = rules
                .replay(&log, at)
                .map_err(|e| format!("expected a state, got error {}", code_of(&e)))?;
            // The state round-trips through its JSON, and event-by-event `apply` folds the same.
            let again = DemandState::from_json(&state.to_json())
                .map_err(|e| format!("the state does not read back: {e}"))?;
            if again != state {
                return Err("the state changed through to_json / from_json".into());
            }
            if at.is_none() {
                let mut step = rules.replay(&log[..1], None).map_err(|e| code_of(&e))?;
                for e in &log[1..] {
                    step = step.apply(rules, e).map_err(|e| code_of(&e))?;
                }
                if step != state {
                    return Err(
                        "folding with `apply` one event at a time differs from `replay`".into(),
                    );
                }
            }
            check_expect("state", want, &to_json(&state))?;
            check_status(case, rules, &state)
        }
        (None, Some(Some(code))) => {
            if case.get("at").is_some() {
                return Err("an `error` case takes no `at`".into());
            }
            let (last, head) = events.split_last().expect("non-empty");
            if head.is_empty() {
                // A one-event log: reading or receiving it fails.
                let got = read_event(last)
                    .map_err(Error::from)
                    .and_then(|e| rules.replay(&[e], None));
                return match got {
                    Ok(_) => Err(format!("expected error {code}, the log was accepted")),
                    Err(e) => expect_code(code, &e),
                };
            }
            let log = head
                .iter()
                .enumerate()
                .map(|(i, e)| read_event(e).map_err(|e| format!("event {}: {e}", i + 1)))
                .collect::<Result<Vec<_>, _>>()?;
            let state = rules.replay(&log, None).map_err(|e| {
                format!(
                    "the events before the last must be accepted, got {}",
                    code_of(&e)
                )
            })?;
            let before = state.to_json();
            let last = match read_event(last) {
                Err(e) => return expect_code(code, &Error::from(e)),
                Ok(e) => e,
            };
            let applied = state.apply(rules, &last);
            if state.to_json() != before {
                return Err("a rejected event changed the state".into());
            }
            match applied {
                Ok(s) => Err(format!(
                    "expected error {code}, the event was accepted (stage {})",
                    s.stage
                )),
                Err(e) => {
                    expect_code(code, &e)?;
                    // Replaying the whole log fails the same way.
                    let mut full = log;
                    full.push(last);
                    match rules.replay(&full, None) {
                        Err(e2) if e2.code() == e.code() => Ok(()),
                        Err(e2) => Err(format!(
                            "apply gave {code} but replay gave {}",
                            code_of(&e2)
                        )),
                        Ok(_) => Err("apply rejected the event but replay accepted the log".into()),
                    }
                }
            }
        }
        _ => Err("a case needs exactly one of `expect` and `error` (a string)".into()),
    }
}

/// `op: "stream"`.
fn run_stream(case: &Value, rules: &Rules) -> Result<(), String> {
    let lines = case
        .get("lines")
        .and_then(Value::as_array)
        .ok_or("a stream case needs a `lines` list")?
        .iter()
        .map(|l| l.as_str().ok_or("`lines` are strings"))
        .collect::<Result<Vec<_>, _>>()?;
    let text = lines.join("\n");
    let strict = match case.get("strict") {
        None => false,
        Some(v) => v.as_bool().ok_or("`strict` is a boolean")?,
    };
    let at = instant(case, "at")?;
    let got = rules.replay_stream(&text, strict, at);
    match (
        case.get("expect"),
        case.get("error").map(Value::as_str),
        got,
    ) {
        (Some(want), None, Ok(result)) => {
            let json = to_json(&result);
            let c = &result.counts;
            if c.lines != c.applied + c.rejected + c.blank {
                return Err(format!("counts do not add up: {json}"));
            }
            check_expect("stream", want, &json)
        }
        (Some(_), None, Err(e)) => Err(format!("expected a result, got error {}", code_of(&e))),
        (None, Some(Some(code)), Err(e)) => {
            expect_code(code, &e)?;
            // A strict failure names a line that lenient mode rejects with the same code.
            if let Error::Stream(StreamError::LineRejected { line, code: lc, .. }) = &e {
                let lenient = rules
                    .replay_stream(&text, false, at)
                    .map_err(|e| format!("lenient replay failed: {}", code_of(&e)))?;
                let first = lenient.rejected.first();
                if first.map(|r| (r.line, r.code.as_str())) != Some((*line, lc.as_str())) {
                    return Err(format!(
                        "strict failed at line {line} ({lc}), lenient's first rejected line is {first:?}"
                    ));
                }
            }
            Ok(())
        }
        (None, Some(Some(code)), Ok(_)) => {
            Err(format!("expected error {code}, the stream was accepted"))
        }
        _ => Err("a case needs exactly one of `expect` and `error` (a string)".into()),
    }
}

fn run(case: &Value) -> Result<(), String> {
    if let Some(obj) = case.as_object() {
        if let Some(k) = obj.keys().find(|k| !CASE_KEYS.contains(&k.as_str())) {
            return Err(format!("unknown case key `{k}`"));
        }
    }
    if case
        .get("description")
        .and_then(Value::as_str)
        .is_none_or(|d| d.trim().is_empty())
    {
        return Err("a case needs a `description`".into());
    }
    let rules = rules_of(case)?;
    match case.get("op").and_then(Value::as_str) {
        Some("replay") => run_replay(case, &rules),
        Some("stream") => run_stream(case, &rules),
        other => Err(format!("unknown op {other:?}")),
    }
}

#[test]
fn demand_vectors() {
    let cases = cases("demand");
    let mut names = BTreeSet::new();
    let mut failures = Vec::new();
    let mut per_file: Vec<(String, usize)> = Vec::new();
    for (file, case) in &cases {
        match per_file.last_mut() {
            Some((f, n)) if f == file => *n += 1,
            _ => per_file.push((file.clone(), 1)),
        }
        let name = case["name"].as_str().unwrap_or("(unnamed)").to_owned();
        if !names.insert(name.clone()) {
            failures.push(format!(
                "{file} :: {name}\n  duplicate case name in demand/"
            ));
        }
        let outcome = run(case);
        if let Err(why) = outcome {
            failures.push(format!("{file} :: {name}\n  {why}"));
        }
    }
    for (file, n) in &per_file {
        println!("demand/{file}: {n} cases");
    }
    println!(
        "demand: {} cases ran from {} files",
        cases.len(),
        per_file.len()
    );
    assert!(
        cases.len() >= MIN_CASES,
        "fixtures/vectors/demand/ holds {} cases, expected at least {MIN_CASES}",
        cases.len()
    );
    assert!(
        failures.is_empty(),
        "{} of {} demand vectors failed:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}

/// Every code an event or a stream can fail with appears in some vector's `error`, or as the
/// code of a line a lenient stream rejects (the state's own `demand_state_invalid_json` is not
/// reachable from events).
#[test]
fn every_event_code_has_a_vector() {
    let mut seen = BTreeSet::new();
    for (_, c) in cases("demand") {
        seen.extend(c.get("error").and_then(Value::as_str).map(str::to_owned));
        let rejected = c.pointer("/expect/rejected").and_then(Value::as_array);
        seen.extend(
            rejected
                .into_iter()
                .flatten()
                .filter_map(|r| r.get("code").and_then(Value::as_str).map(str::to_owned)),
        );
    }
    let missing: Vec<&str> = DemandError::CODES
        .iter()
        .chain(StreamError::CODES)
        .copied()
        .filter(|c| *c != "demand_state_invalid_json")
        .filter(|c| !seen.contains(*c))
        .collect();
    assert!(missing.is_empty(), "codes without a vector: {missing:?}");
}
