//! Golden vectors for rules §9 (forms, 附件2–5): runs every case of `fixtures/vectors/forms/`
//! against the library, in the format of `fixtures/README.md` ("Forms ops").
//!
//! Each case names an op and its args, and exactly one of `expect` (the result in the Rust serde
//! JSON shape, matched as a subset: objects by their listed keys, lists element by element with
//! the same length, scalars exactly — a CSV is a string, compared exactly) or `error` (the stable
//! code). The events are replayed strictly with the bundled calendar and the `seed` policy. All
//! failures are reported at once.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::fs;

use jiesu_core::forms::{build_form, Form, FormKind};
use jiesu_core::time::parse_date;
use jiesu_core::{Directory, Error, Rules};
mod golden;

use golden::{fixtures, judge, Outcome};

use serde_json::{json, Value};

/// The fewest cases the folder may hold (the brief asks for at least 10).
const MIN_CASES: usize = 10;

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

fn arg_str<'a>(case: &'a Value, key: &str) -> &'a str {
    arg(case, key)
        .as_str()
        .unwrap_or_else(|| panic!("case {:?}: args.{key} is not a string", case.get("name")))
}

/// The stream: `{"file": "<path under fixtures/>"}`, or a list of events (objects serialised,
/// strings verbatim) joined with `\n`.
fn events(spec: &Value) -> String {
    match spec {
        Value::Object(o) if o.contains_key("file") => {
            read(o["file"].as_str().expect("file is a path"))
        }
        Value::Array(items) => items
            .iter()
            .map(|i| match i {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            })
            .collect::<Vec<_>>()
            .join("\n"),
        other => panic!("unknown events {other}"),
    }
}

fn build(case: &Value) -> Result<Form, (String, String)> {
    let kind = FormKind::parse(arg_str(case, "form")).map_err(fail)?;
    let directory = match case["args"].get("directory") {
        None => None,
        Some(spec) => {
            assert_eq!(spec, "city", "directory: only \"city\" is known");
            Some(Directory::from_json(&read("city/directory.json")).map_err(fail)?)
        }
    };
    let result = Rules::default()
        .replay_stream(&events(arg(case, "events")), true, None)
        .map_err(fail)?;
    let from = parse_date(arg_str(case, "from")).map_err(fail)?;
    let to = parse_date(arg_str(case, "to")).map_err(fail)?;
    build_form(kind, &result, directory.as_ref(), from, to).map_err(fail)
}

fn run(case: &Value) -> Outcome {
    Ok(match case["op"].as_str().expect("op is a string") {
        "form_kind" => {
            let k = FormKind::parse(arg_str(case, "name")).map_err(fail)?;
            json!({
                "key": k.key(),
                "label_zh": k.label_zh(),
                "attachment": k.attachment(),
                "title": k.title(),
                "headers": k.headers(),
            })
        }
        "form" => serde_json::from_str(&build(case)?.to_json()).expect("to_json is JSON"),
        "csv" => Value::String(build(case)?.to_csv()),
        other => panic!("unknown forms op {other:?}"),
    })
}

#[test]
fn forms_vectors() {
    golden::run_folder("forms", MIN_CASES, |case| {
        judge(case, &run(case))
            .map(|why| vec![format!("  {why}")])
            .unwrap_or_default()
    });
}

/// Every form of the sample stream: one cell per header in every row, 序号 counting from 1, and a
/// CSV that a minimal RFC 4180 reader turns back into exactly the JSON's cells.
#[test]
fn csv_reads_back_to_the_cells() {
    let result = Rules::default()
        .replay_stream(&read("vectors/forms/stream-q4.jsonl"), true, None)
        .unwrap();
    let dir = Directory::from_json(&read("city/directory.json")).unwrap();
    let (from, to) = (
        parse_date("2026-10-01").unwrap(),
        parse_date("2026-11-30").unwrap(),
    );
    for kind in FormKind::ALL {
        let form = build_form(kind, &result, Some(&dir), from, to).unwrap();
        assert!(!form.rows.is_empty(), "{kind}: no rows");
        for (i, row) in form.rows.iter().enumerate() {
            assert_eq!(row.cells.len(), form.headers.len(), "{kind}: row {i}");
            assert_eq!(row.cells[0], (i + 1).to_string());
        }
        let csv = form.to_csv();
        let records = parse_csv(csv.strip_prefix('\u{feff}').expect("a BOM"));
        assert_eq!(records[0], form.headers);
        let cells: Vec<Vec<String>> = form.rows.iter().map(|r| r.cells.clone()).collect();
        assert_eq!(&records[1..], &cells[..], "{kind}");
    }
}

/// RFC 4180 records (CRLF-terminated; quoted fields may hold commas, quotes and line breaks).
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (false, '"') => quoted = true,
            (false, ',') => record.push(std::mem::take(&mut field)),
            (false, '\r') => {
                assert_eq!(chars.next(), Some('\n'), "CR without LF outside quotes");
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
            }
            (false, '\n') => panic!("bare LF outside quotes"),
            (_, c) => field.push(c),
        }
    }
    assert!(
        record.is_empty() && field.is_empty(),
        "last record not CRLF-terminated"
    );
    records
}
