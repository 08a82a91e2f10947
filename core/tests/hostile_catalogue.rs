//! The catalogue of bad inputs (`fixtures/vectors/*/hostile.json`, written by
//! `fixtures/gen/gen_hostile.py`): its cases run with their folders' vectors (in Rust, Python
//! and JS alike); this checks the catalogue itself — its size, that every case says what it
//! must get, and that each service limit of `jiesu_core::limits` has a vector.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod golden;

use std::collections::BTreeSet;

use serde_json::Value;

/// The codes a case expects: its `error`, or the codes of the lines a lenient stream rejects.
fn expected_codes(case: &Value) -> Vec<String> {
    let mut codes: Vec<String> = case
        .get("error")
        .and_then(Value::as_str)
        .map(str::to_owned)
        .into_iter()
        .collect();
    if let Some(rejected) = case.pointer("/expect/rejected").and_then(Value::as_array) {
        codes.extend(
            rejected
                .iter()
                .filter_map(|r| r.get("code").and_then(Value::as_str).map(str::to_owned)),
        );
    }
    codes
}

fn catalogue() -> Vec<(String, Value)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(golden::fixtures().join("vectors")).unwrap() {
        let folder = entry.unwrap().path();
        let file = folder.join("hostile.json");
        if file.exists() {
            let v: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
            let module = folder.file_name().unwrap().to_string_lossy().into_owned();
            for c in v["cases"].as_array().unwrap() {
                out.push((module.clone(), c.clone()));
            }
        }
    }
    out
}

#[test]
fn the_catalogue_has_at_least_150_refused_inputs_each_with_its_code() {
    let cases = catalogue();
    let refused = cases
        .iter()
        .filter(|(_, c)| !expected_codes(c).is_empty())
        .count();
    assert!(
        refused >= 150,
        "only {refused} refused inputs in the catalogue"
    );
    for (module, c) in &cases {
        assert!(
            c.get("error").is_some() != c.get("expect").is_some(),
            "{module}: {} needs exactly one of error / expect",
            c["name"]
        );
        let codes = expected_codes(c);
        let published: BTreeSet<&str> = jiesu_core::all_codes().iter().map(|(_, c)| *c).collect();
        for code in codes {
            assert!(
                published.contains(code.as_str()),
                "{}: unknown code {code}",
                c["name"]
            );
        }
    }
}

#[test]
fn every_limit_has_a_vector() {
    let codes: BTreeSet<String> = catalogue()
        .iter()
        .flat_map(|(_, c)| expected_codes(c))
        .collect();
    for code in [
        "event_too_large",
        "demand_too_many_events",
        "stream_too_many_open_demands",
        "directory_too_large",
        "duties_range_too_long",
    ] {
        assert!(codes.contains(code), "no vector for the limit {code}");
    }
    // JSON depth: a vector per reader, each named `deeply-nested` or `*-too-deep`.
    let deep: BTreeSet<String> = catalogue()
        .iter()
        .filter(|(_, c)| {
            let name = c["name"].as_str().unwrap();
            name.contains("deeply-nested")
                || name.contains("too-deep")
                || name.contains("very-deep")
        })
        .map(|(module, _)| module.clone())
        .collect();
    for module in [
        "calendar",
        "deadline",
        "policy_library",
        "directory",
        "demand",
        "duties",
    ] {
        assert!(deep.contains(module), "no JSON depth vector in {module}");
    }
}

/// The catalogue's writer builds its boundary inputs from the same limits as the core.
#[test]
fn the_writer_uses_the_cores_limits() {
    let source = std::fs::read_to_string(golden::fixtures().join("gen/gen_hostile.py")).unwrap();
    let l = jiesu_core::limits::fixed_limits();
    assert_eq!(l.event_bytes, 64 * 1024);
    for line in [
        "MAX_EVENT_BYTES = 64 * 1024".to_owned(),
        format!("MAX_JSON_DEPTH = {}", l.json_depth),
        format!("MAX_DIRECTORY_UNITS = {}", l.directory_units),
        format!("MAX_DIRECTORY_RULES = {}", l.directory_rules),
    ] {
        assert!(source.contains(&line), "gen_hostile.py lacks `{line}`");
    }
}
