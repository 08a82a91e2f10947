//! Golden vectors for rules §2 and §3: `fixtures/vectors/{category,policy_library,directory}/`.
//!
//! The same files are run by the Python and JS suites; the format and the ops are documented in
//! `fixtures/README.md`. A case passes when its `error` code is raised, or when every key of an
//! object `expect` equals the result's value (lists and scalars compare exactly).

// Tests panic to fail; indexing and unwrapping are how they read their fixtures.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::fs;
use std::path::{Path, PathBuf};

use jiesu_core::category::{categories, Category};
use jiesu_core::directory::{Directory, RouteRequest};
use jiesu_core::policy_library::{Consultation, PolicyLibrary};
use serde_json::Value;

const MODULES: [&str; 3] = ["category", "policy_library", "directory"];

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures")
}

/// Every case of a module folder: (file name, case).
fn cases(module: &str) -> Vec<(String, Value)> {
    let dir = fixtures().join("vectors").join(module);
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for f in files {
        let text = fs::read_to_string(&f).unwrap();
        let v: Value =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        assert_eq!(v["module"], module, "{}: wrong module", f.display());
        let name = f.file_name().unwrap().to_string_lossy().into_owned();
        for c in v["cases"].as_array().expect("cases") {
            out.push((name.clone(), c.clone()));
        }
    }
    out
}

/// The JSON text a case's `library` / `directory` names: absent or `"city"` = the sample city,
/// `{"json_text": "…"}` = that text, `{"json": {…}}` = that value serialised.
fn source(spec: Option<&Value>, city_file: &str) -> String {
    match spec {
        None => fs::read_to_string(fixtures().join("city").join(city_file)).unwrap(),
        Some(Value::String(s)) if s == "city" => {
            fs::read_to_string(fixtures().join("city").join(city_file)).unwrap()
        }
        Some(Value::Object(o)) if o.contains_key("json_text") => o["json_text"]
            .as_str()
            .expect("json_text is a string")
            .to_owned(),
        Some(Value::Object(o)) if o.contains_key("json") => o["json"].to_string(),
        Some(other) => panic!("unknown source {other}"),
    }
}

fn arg<'a>(case: &'a Value, name: &str) -> &'a Value {
    case["args"]
        .get(name)
        .unwrap_or_else(|| panic!("case {} needs args.{name}", case["name"]))
}

fn to_value<T: serde::Serialize>(t: &T) -> Value {
    serde_json::to_value(t).unwrap()
}

/// Runs one case: the result as JSON, or the error code.
fn run(module: &str, case: &Value) -> Result<Value, &'static str> {
    let op = case["op"].as_str().expect("op");
    match (module, op) {
        ("category", "categories") => Ok(to_value(&categories())),
        ("category", "category") => {
            let text = arg(case, "text").as_str().expect("text");
            Category::parse(text)
                .map(|c| to_value(&c.info()))
                .map_err(|e| e.code())
        }
        ("policy_library", _) => {
            let lib = PolicyLibrary::from_json(&source(case.get("library"), "policy_library.json"))
                .map_err(|e| e.code())?;
            let consultation = || {
                Consultation::from_json(&arg(case, "consultation").to_string())
                    .map_err(|e| e.code())
            };
            match op {
                "load" => Ok(Value::Bool(true)),
                "match" => Ok(to_value(&lib.match_consultation(&consultation()?))),
                "instant_answer" => {
                    let category = arg(case, "category").as_str().expect("category");
                    let category = Category::parse(category).map_err(|e| e.code())?;
                    Ok(to_value(&lib.instant_answer(category, &consultation()?)))
                }
                _ => panic!("unknown policy_library op {op}"),
            }
        }
        ("directory", _) => {
            let dir = Directory::from_json(&source(case.get("directory"), "directory.json"))
                .map_err(|e| e.code())?;
            match op {
                "load" => Ok(Value::Bool(true)),
                "route" => {
                    let req = RouteRequest::from_json(&arg(case, "request").to_string())
                        .map_err(|e| e.code())?;
                    dir.route(&req).map(|r| to_value(&r)).map_err(|e| e.code())
                }
                _ => panic!("unknown directory op {op}"),
            }
        }
        _ => panic!("unknown op {module}/{op}"),
    }
}

fn matches(expect: &Value, actual: &Value) -> bool {
    match (expect, actual) {
        (Value::Object(e), Value::Object(a)) => e.iter().all(|(k, v)| a.get(k) == Some(v)),
        _ => expect == actual,
    }
}

#[test]
fn routing_vectors() {
    let mut failures = Vec::new();
    let mut total = 0;
    for module in MODULES {
        let cases = cases(module);
        assert!(!cases.is_empty(), "no vectors in fixtures/vectors/{module}");
        let mut names = std::collections::BTreeSet::new();
        let (mut ok_cases, mut err_cases) = (0, 0);
        for (file, case) in &cases {
            let name = case["name"].as_str().expect("name");
            assert!(
                names.insert(name.to_owned()),
                "{module}: duplicate case name {name}"
            );
            let got = run(module, case);
            let verdict = match (case.get("expect"), case.get("error")) {
                (Some(expect), None) => {
                    ok_cases += 1;
                    match &got {
                        Ok(v) if matches(expect, v) => None,
                        Ok(v) => Some(format!("expected {expect}\n   got {v}")),
                        Err(code) => Some(format!("expected {expect}\n   got error {code}")),
                    }
                }
                (None, Some(code)) => {
                    err_cases += 1;
                    match &got {
                        Err(c) if code == c => None,
                        Err(c) => Some(format!("expected error {code}, got error {c}")),
                        Ok(v) => Some(format!("expected error {code}, got {v}")),
                    }
                }
                _ => Some("needs exactly one of `expect` and `error`".to_owned()),
            };
            if let Some(why) = verdict {
                failures.push(format!("{module}/{file} :: {name}\n   {why}"));
            }
        }
        println!(
            "{module}: {} cases ({ok_cases} results, {err_cases} errors)",
            cases.len()
        );
        total += cases.len();
    }
    println!("total: {total} routing vectors");
    assert!(
        failures.is_empty(),
        "{} failing vectors:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Every error code of the three modules appears in some vector's `error`.
#[test]
fn every_code_has_a_vector() {
    let mut seen = std::collections::BTreeSet::new();
    for module in MODULES {
        for (_, case) in cases(module) {
            if let Some(code) = case.get("error").and_then(Value::as_str) {
                seen.insert(code.to_owned());
            }
        }
    }
    let missing: Vec<_> = jiesu_core::all_codes()
        .into_iter()
        .filter(|(m, _)| MODULES.contains(m))
        .filter(|(_, c)| !seen.contains(*c))
        .map(|(_, c)| c)
        .collect();
    assert!(missing.is_empty(), "codes without a vector: {missing:?}");
}

/// The sample city's policy library only uses topics its directory declares.
#[test]
fn city_library_topics_are_directory_topics() {
    let dir = Directory::from_json(&source(None, "directory.json")).unwrap();
    let lib = PolicyLibrary::from_json(&source(None, "policy_library.json")).unwrap();
    assert!(lib.entries().len() >= 30);
    for e in lib.entries() {
        for t in &e.topics {
            assert!(
                dir.topics().iter().any(|k| &k.key == t),
                "entry {} uses topic {t} the directory does not declare",
                e.id
            );
        }
    }
}
