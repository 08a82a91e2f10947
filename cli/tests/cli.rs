//! The `jiesu` command end to end: tables with the guideline's labels, JSON in the core's serde
//! shape, typed error codes with exit status 2.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::path::PathBuf;
use std::process::{Command, Output};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn jiesu(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_jiesu"))
        .current_dir(root())
        .args(args)
        .output()
        .unwrap()
}

fn stdout(args: &[&str]) -> String {
    let out = jiesu(args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn deadline_table_names_the_days_it_skipped() {
    let out = stdout(&["deadline", "--start", "2026-09-30T16:20+08:00"]);
    assert!(
        out.contains("截止日期 due date     2026-10-13 星期二"),
        "{out}"
    );
    assert!(out.contains("2026-10-14T00:00:00+08:00"), "{out}");
    assert!(
        out.contains("2026-10-10 星期六  工作日 working  调休补班 国庆节"),
        "{out}"
    );
    assert_eq!(out.matches("法定节假日 国庆节").count(), 7, "{out}");
}

#[test]
fn deadline_json_is_the_core_shape() {
    let out = stdout(&[
        "--json",
        "deadline",
        "--start",
        "2026-02-13 09:00",
        "--kind",
        "redo",
    ]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["kind"], "redo");
    assert_eq!(v["due_date"], "2026-02-25");
    assert_eq!(v["make_up_days"][0]["date"], "2026-02-14");
}

#[test]
fn out_of_coverage_is_a_typed_error_unless_provisional() {
    let out = jiesu(&["deadline", "--start", "2026-12-28T10:00+08:00"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("[calendar_out_of_range]"));
    let out = stdout(&[
        "--provisional",
        "deadline",
        "--start",
        "2026-12-28T10:00+08:00",
    ]);
    assert!(out.contains("临时结果 provisional  是 yes"), "{out}");
}

#[test]
fn calendar_and_working_day_queries() {
    let out = stdout(&["calendar", "2026"]);
    assert!(
        out.starts_with("2026 年节假日安排 official arrangement (39 天 days)"),
        "{out}"
    );
    assert!(stdout(&["is-working-day", "2026-10-10"]).contains("调休补班 国庆节"));
    assert!(stdout(&["add-working-days", "2026-09-30", "1"]).contains("= 2026-10-08"));
    assert_eq!(
        jiesu(&["is-working-day", "2026-02-30"]).status.code(),
        Some(2)
    );
}

#[test]
fn route_and_answer_on_the_sample_city() {
    let dir = "fixtures/city/directory.json";
    let out = stdout(&[
        "route",
        "--directory",
        dir,
        "--category",
        "投诉类",
        "--topic",
        "power_supply",
        "--topic",
        "land_use",
        "--territory",
        "kaifaqu",
    ]);
    assert!(
        out.contains("首接单位 lead        市自然资源局 (natural_resources)"),
        "{out}"
    );
    let out = stdout(&[
        "--json",
        "route",
        "--directory",
        dir,
        "--category",
        "help",
        "--topic",
        "mining_subsidence",
        "--territory",
        "jiehe_zhen",
    ]);
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&out).unwrap()["outcome"],
        "manual"
    );
    let bad = jiesu(&[
        "route",
        "--directory",
        dir,
        "--category",
        "help",
        "--level",
        "province",
    ]);
    assert!(String::from_utf8_lossy(&bad.stderr).contains("[directory_invalid_request]"));
    let lib = "fixtures/city/policy_library.json";
    let out = stdout(&[
        "answer",
        "--library",
        lib,
        "--topic",
        "tax",
        "--text",
        "研发费用能否加计扣除",
        "--date",
        "2026-09-18",
    ]);
    assert!(
        out.contains("即时答复 answered    是 yes") && out.contains("tax-rd-super-deduction"),
        "{out}"
    );
}

#[test]
fn replay_reports_each_demand_and_exits_1_on_rejected_lines() {
    let out = stdout(&[
        "replay",
        "fixtures/events/sample.jsonl",
        "--directory",
        "fixtures/city/directory.json",
    ]);
    assert!(out.contains("阶段 stage 已销号 (closed)"), "{out}");
    assert!(out.contains("已上报 escalated"), "{out}");
    assert!(
        out.contains("行 lines 21  应用 applied 21  驳回 rejected 0"),
        "{out}"
    );
    let json: serde_json::Value = serde_json::from_str(&stdout(&[
        "--json",
        "replay",
        "fixtures/events/sample.jsonl",
    ]))
    .unwrap();
    assert_eq!(json["counts"]["demands"], 3);

    let dir = std::env::temp_dir().join(format!("jiesu-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.jsonl");
    let mut text = std::fs::read_to_string(root().join("fixtures/events/sample.jsonl")).unwrap();
    text.push_str("{\"v\":1,\"demand\":\"TZ-2026-0003\",\"type\":\"closed\",\"at\":\"2026-10-20T09:00+08:00\"}\n");
    std::fs::write(&bad, text).unwrap();
    let out = jiesu(&["replay", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("第 22 行 line 22 (TZ-2026-0003) [event_not_allowed]"),
        "{text}"
    );
    let strict = jiesu(&["replay", "--strict", bad.to_str().unwrap()]);
    assert_eq!(strict.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&strict.stderr).contains("stream_line_rejected"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn cards_board_lists_every_unit_with_its_colour() {
    let out = stdout(&[
        "cards",
        "fixtures/events/sample.jsonl",
        "--directory",
        "fixtures/city/directory.json",
        "--at",
        "2026-11-30T00:00+08:00",
    ]);
    assert!(
        out.contains("黄 (Yellow) | 国网滕州市供电公司 (state_grid) | 1 | 0 | 1 | 1 | 0 | 0/0 | 黄牌 2026-10-31T00:00:00+08:00"),
        "{out}"
    );
    assert!(
        out.contains("绿 (Green) | 龙泉街道办事处 (longquan_jd)"),
        "{out}"
    );
    let json: serde_json::Value = serde_json::from_str(&stdout(&[
        "--json",
        "cards",
        "fixtures/events/sample.jsonl",
        "--at",
        "2026-10-20T00:00+08:00",
    ]))
    .unwrap();
    // Before the plan's completion date nothing is carded.
    assert!(json["board"].as_array().unwrap().is_empty(), "{json}");
}

#[test]
fn generate_is_deterministic_and_keeps_its_mix() {
    let args = [
        "generate",
        "--demands",
        "2000",
        "--seed",
        "2026",
        "--directory",
        "fixtures/city/directory.json",
        "--library",
        "fixtures/city/policy_library.json",
    ];
    let a = jiesu(&args);
    assert!(a.status.success(), "{}", String::from_utf8_lossy(&a.stderr));
    // The committed sample year is this very output.
    let committed = std::fs::read(root().join("fixtures/city/year-2026.jsonl")).unwrap();
    assert!(
        a.stdout == committed,
        "fixtures/city/year-2026.jsonl is not `jiesu generate` output"
    );
    let summary: serde_json::Value = serde_json::from_str(
        String::from_utf8_lossy(&a.stderr)
            .split_once("generated: ")
            .unwrap()
            .1
            .trim(),
    )
    .unwrap();
    let n = |k: &str| summary[k].as_f64().unwrap();
    let share = |part: f64, whole: f64| part / whole * 100.0;
    let replies = n("replies_on_time") + n("replies_late") + n("never_replied");
    // The mix of cli/src/generate.rs, within sampling error for 2,000 demands.
    let within = |got: f64, want: f64, tol: f64| (got - want).abs() <= tol;
    assert!(
        within(share(n("answered"), n("demands")), 15.0, 3.0),
        "{summary}"
    );
    assert!(
        within(share(n("replies_on_time"), replies), 75.0, 4.0),
        "{summary}"
    );
    assert!(
        within(share(n("never_replied"), replies), 5.0, 2.5),
        "{summary}"
    );
    assert!(
        within(share(n("unit_returns"), n("dispatches")), 5.0, 2.5),
        "{summary}"
    );
    assert!(
        within(share(n("unreached"), n("callbacks")), 9.0, 3.0),
        "{summary}"
    );
    // Every line replays without a rejection.
    let out = stdout(&[
        "--json",
        "replay",
        "fixtures/city/year-2026.jsonl",
        "--directory",
        "fixtures/city/directory.json",
    ]);
    let replay: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(replay["counts"]["rejected"], 0);
    assert_eq!(replay["counts"]["demands"], 2000);
}
