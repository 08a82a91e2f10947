//! Shared by the golden-vector runners of rules §5–§9 (`demand`, `card`, `evaluation`,
//! `duties`, `forms`): the fixtures folder, a folder's cases, and the recursive subset match of
//! `fixtures/README.md` (objects by the keys listed, lists element by element with the same
//! length, scalars exactly).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    dead_code
)]

use std::path::{Path, PathBuf};

use serde_json::Value;

/// `fixtures/` of the repository.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures")
}

/// Every case of `fixtures/vectors/<module>/*.json` as (file name, case), files in name order;
/// each file must say it is of `module`.
pub fn cases(module: &str) -> Vec<(String, Value)> {
    let dir = fixtures().join("vectors").join(module);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for f in files {
        let v: Value = serde_json::from_str(&std::fs::read_to_string(&f).unwrap())
            .unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        assert_eq!(v["module"], module, "{}: wrong module", f.display());
        let name = f.file_name().unwrap().to_string_lossy().into_owned();
        for c in v["cases"].as_array().expect("cases") {
            out.push((name.clone(), c.clone()));
        }
    }
    out
}

/// The subset match: every difference of `got` from `want` under `path`, as readable lines.
pub fn subset(want: &Value, got: &Value, path: &str, diffs: &mut Vec<String>) {
    match (want, got) {
        (Value::Object(w), Value::Object(g)) => {
            for (k, wv) in w {
                let p = format!("{path}.{k}");
                match g.get(k) {
                    Some(gv) => subset(wv, gv, &p, diffs),
                    None => diffs.push(format!("  {p}: expected {wv}, missing")),
                }
            }
        }
        (Value::Array(w), Value::Array(g)) if w.len() == g.len() => {
            for (i, (wv, gv)) in w.iter().zip(g).enumerate() {
                subset(wv, gv, &format!("{path}[{i}]"), diffs);
            }
        }
        (Value::Array(w), Value::Array(g)) => diffs.push(format!(
            "  {path}: expected {} elements, got {}\n    expected {want}\n    got      {got}",
            w.len(),
            g.len()
        )),
        _ if want == got => {}
        _ => diffs.push(format!(
            "  {path}: expected {want}\n  {path}:      got {got}"
        )),
    }
}

/// The first difference of `got` from `want`, if any.
pub fn first_difference(path: &str, want: &Value, got: &Value) -> Option<String> {
    let mut diffs = Vec::new();
    subset(want, got, path, &mut diffs);
    diffs.into_iter().next().map(|d| d.trim_start().to_owned())
}

/// Runs every case of `fixtures/vectors/<module>/` through `run` (which returns the case's
/// problems, none when it passes), checks that names are unique and that the folder holds at
/// least `min_cases`, and fails with every failing case of the folder at once.
pub fn run_folder(module: &str, min_cases: usize, run: impl Fn(&Value) -> Vec<String>) {
    let cases = cases(module);
    let mut names = std::collections::BTreeSet::new();
    let mut failures = Vec::new();
    let mut files = std::collections::BTreeSet::new();
    for (file, case) in &cases {
        files.insert(file.clone());
        let name = case["name"].as_str().unwrap_or("(unnamed)").to_owned();
        if !names.insert(name.clone()) {
            failures.push(format!(
                "{file} :: {name}\n  duplicate case name in {module}/"
            ));
        }
        let problems = run(case);
        if !problems.is_empty() {
            failures.push(format!("{file} :: {name}\n{}", problems.join("\n")));
        }
    }
    let ran = cases.len();
    println!("{module}: {ran} cases ran from {} files", files.len());
    assert!(
        ran >= min_cases,
        "only {ran} {module} vectors (at least {min_cases})"
    );
    assert!(
        failures.is_empty(),
        "{} of {ran} {module} vectors failed:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

/// A case's outcome in the `args` vector format (duties, forms): the result as JSON, or an
/// error code with its message.
pub type Outcome = Result<Value, (String, String)>;

/// Judges an outcome against the case's `expect` (subset match) or `error` (the code, and
/// `error_message_contains` when given): `Some(why)` when the case fails.
pub fn judge(case: &Value, outcome: &Outcome) -> Option<String> {
    match (case.get("expect"), case.get("error"), outcome) {
        (Some(_), Some(_), _) | (None, None, _) => {
            Some("a case needs exactly one of `expect` and `error`".into())
        }
        (None, Some(code), Err((got, msg))) if code == got => {
            let needle = case
                .get("error_message_contains")
                .and_then(Value::as_str)
                .unwrap_or_default();
            (!msg.contains(needle))
                .then(|| format!("error {got}: message {msg:?} lacks {needle:?}"))
        }
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
        (Some(want), None, Ok(got)) => {
            first_difference("$", want, got).map(|d| format!("result differs:\n  {d}"))
        }
    }
}
