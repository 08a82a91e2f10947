//! The Rust runner of the speed comparison (`bench/run`, `scripts/bench`).
//!
//! ```text
//! cargo run --release -p jiesu-core --example bench_queries -- gen  target/bench/queries.json
//! cargo run --release -p jiesu-core --example bench_queries -- run  target/bench/queries.json \
//!                                                                  target/bench/rust.json
//! ```
//!
//! `gen` writes the seeded queries (see `queries.rs`) that every runner reads; `run` times jiesu
//! on them (per call, batch, bulk due instants; median of repetitions, one core) and writes the
//! timings and every answer as JSON for `bench/report.py`.

// A benchmark driver, not library code: failing loudly on a bad file is what we want, and the
// numeric casts are timings and counts.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::cast_precision_loss,
    missing_docs
)]

mod queries;

use std::hint::black_box;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use jiesu_core::calendar::{date_of, day_number};
use jiesu_core::{Calendar, Rules};
use serde_json::{json, Value};

/// One repetition lasts at least this long (several passes over the queries when they are fast).
const MIN_REP: Duration = Duration::from_millis(60);
/// Repetitions per method; the median is reported.
const REPS: usize = 9;

/// Times `pass` (one pass answers `ops` queries): the median ops/s over [`REPS`] repetitions,
/// and every repetition's ops/s.
fn measure(ops: usize, mut pass: impl FnMut()) -> (f64, Vec<f64>) {
    let t = Instant::now();
    pass(); // warm-up, and calibration
    let once = t.elapsed().max(Duration::from_micros(1));
    let passes = (MIN_REP.as_secs_f64() / once.as_secs_f64()).ceil().max(1.0) as usize;
    let mut reps: Vec<f64> = (0..REPS)
        .map(|_| {
            let t = Instant::now();
            for _ in 0..passes {
                pass();
            }
            (ops * passes) as f64 / t.elapsed().as_secs_f64()
        })
        .collect();
    let all = reps.clone();
    reps.sort_by(f64::total_cmp);
    (reps[REPS / 2], all)
}

fn method(id: &str, method: &str, answers: &Value, (ops, reps): (f64, Vec<f64>)) -> Value {
    json!({
        "id": id,
        "method": method,
        "lang": "Rust",
        "kind": "jiesu",
        "queries": answers.as_array().map_or(0, Vec::len),
        "ops": ops,
        "reps": reps,
        "answers": answers,
    })
}

fn column<T: serde::de::DeserializeOwned>(v: &Value, key: &str) -> Vec<T> {
    serde_json::from_value(v[key].clone()).unwrap_or_else(|e| panic!("queries.{key}: {e}"))
}

fn run(queries_path: &str, out_path: &str) {
    let text = std::fs::read_to_string(queries_path).expect("read the queries file");
    let q: Value = serde_json::from_str(&text).expect("queries JSON");
    let days: Vec<i32> = column(&q, "days");
    let n: Vec<i64> = column(&q, "n");
    let starts: Vec<i64> = column(&q, "starts");
    let len = days.len();
    let cal = Calendar::china();
    let rules = Rules::default();
    let mut methods = Vec::new();

    // Per call, by day number (the hot path every binding calls).
    let mut out = vec![0i32; len];
    let timing = measure(len, || {
        let cal = black_box(&cal);
        for ((o, &d), &k) in out.iter_mut().zip(&days).zip(&n) {
            *o = cal.add_working_days_number(d, k).unwrap();
        }
        black_box(&out);
    });
    methods.push(method(
        "rust_per_call",
        "jiesu add_working_days_number, per call",
        &json!(out),
        timing,
    ));

    // Per call, with chrono dates in and out.
    let dates: Vec<NaiveDate> = days.iter().map(|&d| date_of(d).unwrap()).collect();
    let mut out_dates = vec![NaiveDate::MIN; len];
    let timing = measure(len, || {
        let cal = black_box(&cal);
        for ((o, &d), &k) in out_dates.iter_mut().zip(&dates).zip(&n) {
            *o = cal.add_working_days(d, k).unwrap();
        }
        black_box(&out_dates);
    });
    let answers: Vec<i32> = out_dates.iter().map(|&d| day_number(d)).collect();
    methods.push(method(
        "rust_per_call_date",
        "jiesu add_working_days (NaiveDate), per call",
        &json!(answers),
        timing,
    ));

    // Batch.
    let mut out = vec![0i32; len];
    let timing = measure(len, || {
        black_box(&cal)
            .add_working_days_numbers_into(black_box(&days), black_box(&n), &mut out)
            .unwrap();
        black_box(&out);
    });
    methods.push(method(
        "rust_batch",
        "jiesu add_working_days_numbers_into, batch",
        &json!(out),
        timing,
    ));

    // Bulk due instants.
    let mut dues = Vec::new();
    let timing = measure(len, || {
        dues = black_box(&rules).feedback_dues(black_box(&starts)).unwrap();
    });
    methods.push(method(
        "rust_dues",
        "jiesu Rules::feedback_dues, bulk (instants in, due instants out)",
        &json!(dues),
        timing,
    ));

    let report = json!({ "runner": "rust", "methods": methods });
    std::fs::write(out_path, report.to_string()).expect("write the results");
    for m in report["methods"].as_array().unwrap() {
        eprintln!(
            "  {:<66} {:>14.0} ops/s",
            m["method"].as_str().unwrap(),
            m["ops"].as_f64().unwrap()
        );
    }
}

fn gen(out_path: &str) {
    let q = queries::generate(queries::SEED, queries::COUNT);
    let doc = json!({
        "seed": queries::SEED,
        "generator": "splitmix64, core/examples/bench_queries/queries.rs",
        "what": "n-th working day strictly after days[i] (days since 1970-01-01), n uniform in 1..=10, day uniform in 2019-01-01..=2025-12-31; starts[i]: a dispatch instant (Unix seconds) on that civil day in +08:00",
        "days": q.days,
        "n": q.n,
        "starts": q.starts,
    });
    std::fs::write(out_path, doc.to_string()).expect("write the queries");
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        [_, "gen", out] => gen(out),
        [_, "run", queries, out] => run(queries, out),
        _ => {
            eprintln!(
                "usage: bench_queries gen OUT.json | bench_queries run QUERIES.json OUT.json"
            );
            std::process::exit(2);
        }
    }
}
