//! criterion benches of the working-day calendar, on the seeded queries of the speed comparison
//! (`bench/run`): 100,000 × "the n-th working day strictly after X", X uniform in 2019–2025,
//! n uniform in 1..=10.
//!
//! `cargo bench -p jiesu-core --bench calendar` (add `-- <filter>` for one group).

// Benchmark code, not library code: the lints that guard the core's public API do not apply.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

#[path = "../examples/bench_queries/queries.rs"]
mod queries;

use std::hint::black_box;
use std::time::Duration;

use chrono::NaiveDate;
use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use jiesu_core::calendar::{date_of, CHINA_CSV};
use jiesu_core::{Calendar, Rules};

fn add_working_days(c: &mut Criterion) {
    let q = queries::generate(queries::SEED, queries::COUNT);
    let cal = Calendar::china();
    let dates: Vec<NaiveDate> = q.days.iter().map(|&d| date_of(d).unwrap()).collect();
    let mut g = c.benchmark_group("add_working_days");
    g.throughput(Throughput::Elements(q.days.len() as u64));

    let mut out = vec![0i32; q.days.len()];
    g.bench_function("per_call_number", |b| {
        b.iter(|| {
            let cal = black_box(&cal);
            for ((o, &d), &k) in out.iter_mut().zip(&q.days).zip(&q.n) {
                *o = cal.add_working_days_number(d, k).unwrap();
            }
            black_box(&out);
        });
    });

    let mut out_dates = vec![NaiveDate::MIN; q.days.len()];
    g.bench_function("per_call_date", |b| {
        b.iter(|| {
            let cal = black_box(&cal);
            for ((o, &d), &k) in out_dates.iter_mut().zip(&dates).zip(&q.n) {
                *o = cal.add_working_days(d, k).unwrap();
            }
            black_box(&out_dates);
        });
    });

    g.bench_function("batch_numbers_into", |b| {
        b.iter(|| {
            black_box(&cal)
                .add_working_days_numbers_into(black_box(&q.days), black_box(&q.n), &mut out)
                .unwrap();
            black_box(&out);
        });
    });

    g.bench_function("batch_numbers_into_one_n", |b| {
        b.iter(|| {
            black_box(&cal)
                .add_working_days_numbers_into(black_box(&q.days), black_box(&[5]), &mut out)
                .unwrap();
            black_box(&out);
        });
    });
    g.finish();
}

fn is_working_day(c: &mut Criterion) {
    let q = queries::generate(queries::SEED, queries::COUNT);
    let cal = Calendar::china();
    let mut g = c.benchmark_group("is_working_day");
    g.throughput(Throughput::Elements(q.days.len() as u64));
    g.bench_function("per_call_number", |b| {
        b.iter(|| {
            let cal = black_box(&cal);
            let mut working = 0u32;
            for &d in &q.days {
                working += u32::from(cal.is_working_day_number(d).unwrap());
            }
            black_box(working)
        });
    });
    g.finish();
}

fn feedback_dues(c: &mut Criterion) {
    let q = queries::generate(queries::SEED, queries::COUNT);
    let rules = Rules::default();
    let mut g = c.benchmark_group("dues");
    g.throughput(Throughput::Elements(q.starts.len() as u64));
    g.bench_function("feedback_dues", |b| {
        b.iter(|| {
            black_box(&rules)
                .feedback_dues(black_box(&q.starts))
                .unwrap()
        });
    });
    g.bench_function("redo_dues", |b| {
        b.iter(|| black_box(&rules).redo_dues(black_box(&q.starts)).unwrap());
    });
    g.finish();
}

fn build(c: &mut Criterion) {
    let mut g = c.benchmark_group("calendar");
    let _ = Calendar::china(); // parsed once, then shared
    g.bench_function("china_clone", |b| b.iter(Calendar::china));
    g.bench_function("from_csv_build", |b| {
        b.iter_batched(
            || black_box(CHINA_CSV),
            |text| Calendar::from_csv(text).unwrap(),
            BatchSize::SmallInput,
        );
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    targets = add_working_days, is_working_day, feedback_dues, build
}
criterion_main!(benches);
