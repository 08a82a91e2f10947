//! Properties of rules §5 (proptest): a demand's life and the stream.
//!
//! Random valid logs are built by walking the stage machine with random choices and random
//! gaps between events (a choice the fold refuses, such as a plan after its limit, is left out,
//! so every log kept is valid). Then:
//! - replaying never panics, and replaying a log is deterministic;
//! - every feedback and redo due date is a working day, and every round's `due` is the end of its
//!   `due_date` (24:00 in `seed`);
//! - any prefix of a valid log is valid;
//! - `from_json(to_json(s)) == s`;
//! - a rejected event leaves the state byte-identical (inside the stream too: a stream with a
//!   refused line gives what the stream without it gives);
//! - replaying a stream does not depend on how the demands interleave;
//! - the stream's counts add up (lines = applied + rejected + blank).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use chrono::{DateTime, Duration, FixedOffset};
use jiesu_core::deadline::DeadlineKind;
use jiesu_core::demand::{DemandState, Event, Stage};
use jiesu_core::time::{format_date, format_instant, parse_instant};
use jiesu_core::{Calendar, Policy, Rules};
use proptest::prelude::*;
use serde_json::{json, Value};

const UNITS: [&str; 4] = ["state_grid", "natural_resources", "approval", "tax"];
const SATISFACTION: [&str; 5] = [
    "very_satisfied",
    "fairly_satisfied",
    "basically_satisfied",
    "unsatisfied",
    "unreached",
];

fn event(demand: &str, kind: &str, at: DateTime<FixedOffset>, fields: Value) -> Event {
    let mut v = json!({"v": 1, "demand": demand, "type": kind, "at": format_instant(&at)});
    for (k, x) in fields.as_object().unwrap() {
        v[k] = x.clone();
    }
    Event::from_value(v).unwrap()
}

/// A valid log of one demand, from random choices (choice, minutes to the next event).
fn build_log(
    rules: &Rules,
    demand: &str,
    start: u32,
    category: u8,
    steps: &[(u8, u32)],
) -> Vec<Event> {
    let t0 = parse_instant("2025-12-01T08:00+08:00").unwrap();
    let mut t = t0 + Duration::minutes(i64::from(start % (300 * 24 * 60)));
    let category = ["consultation", "help", "suggestion", "complaint"][usize::from(category % 4)];
    let first = event(
        demand,
        "received",
        t,
        json!({"category": category, "topics": ["power_supply"], "territory": "kaifaqu",
               "enterprise": "某公司", "text": "诉求"}),
    );
    let mut state = DemandState::receive(rules, &first).unwrap();
    let mut log = vec![first];
    for &(c, gap) in steps {
        if state.stage.is_final() {
            break;
        }
        t += Duration::minutes(i64::from(gap % (6 * 24 * 60)));
        let lead = state.lead.clone().unwrap_or_default();
        let pick = UNITS[usize::from(c) % UNITS.len()];
        let (kind, fields) = match state.stage {
            Stage::Received => match c % 4 {
                0 => ("answered", json!({"entry": "tax-rd"})),
                1 => ("territory_handling", json!({"unit": "kaifaqu"})),
                2 => ("escalated", json!({"to": "center", "reason": "r"})),
                _ => ("dispatched", json!({"lead": pick, "co_units": ["kaifaqu"]})),
            },
            Stage::Escalated | Stage::ReturnedByUnit => match c % 5 {
                0 => ("escalated", json!({"to": "government", "reason": "r"})),
                _ => ("dispatched", json!({"lead": pick, "co_units": []})),
            },
            Stage::InProgress => match c % 6 {
                0 => ("signed", json!({"unit": lead})),
                1 => (
                    "plan_submitted",
                    json!({"unit": lead, "completion": format_date(t.date_naive() + Duration::days(i64::from(c % 20))),
                           "explanation": if c % 3 == 0 { "" } else { "工期" }}),
                ),
                2 => (
                    "returned_by_unit",
                    json!({"unit": lead, "reason": "非本单位职责"}),
                ),
                3 => ("escalated", json!({"to": "government", "reason": "r"})),
                _ => (
                    "replied",
                    json!({"unit": lead, "resolved": c % 2 == 0, "contacted": c % 3 != 0, "method": "m"}),
                ),
            },
            Stage::Replied => {
                let s = SATISFACTION[usize::from(c) % 5];
                if s == "unreached" {
                    ("callback", json!({"satisfaction": s}))
                } else {
                    (
                        "callback",
                        json!({"satisfaction": s, "resolved": c % 2 == 0, "contacted": c % 4 != 0}),
                    )
                }
            }
            Stage::Unsatisfied => ("returned", json!({})),
            Stage::Verification => (
                "verification_submitted",
                json!({"unit": lead, "signed_by": "主要负责人"}),
            ),
            Stage::Verifying => (
                "verified",
                json!({"opinion": if c % 2 == 0 { "close" } else { "redo" }}),
            ),
            Stage::Closable => ("closed", json!({})),
            Stage::Closed | Stage::Answered => break,
        };
        let e = event(demand, kind, t, fields);
        if let Ok(next) = state.apply(rules, &e) {
            state = next;
            log.push(e);
        }
    }
    log
}

fn policies() -> impl Strategy<Value = Policy> {
    (any::<bool>(), any::<bool>(), any::<bool>()).prop_map(|(signed, co, territory)| {
        Policy::from_json(
            &json!({
                "name": "prop",
                "clock_start": if signed { "signed" } else { "dispatched" },
                "card_co_units": co,
                "territory_limit": territory,
            })
            .to_string(),
        )
        .unwrap()
    })
}

fn steps() -> impl Strategy<Value = Vec<(u8, u32)>> {
    prop::collection::vec((any::<u8>(), 0u32..(8 * 24 * 60)), 0..24)
}

fn stream_text(logs: &[Vec<Event>], order: &[usize]) -> String {
    // `order` picks, at each step, which demand's next event goes next.
    let mut next = vec![0usize; logs.len()];
    let mut lines = Vec::new();
    for &i in order {
        let i = i % logs.len();
        if let Some(e) = logs[i].get(next[i]) {
            lines.push(e.to_json());
            next[i] += 1;
        }
    }
    for (i, log) in logs.iter().enumerate() {
        lines.extend(log[next[i]..].iter().map(Event::to_json));
    }
    lines.join("\n")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, .. ProptestConfig::default() })]

    #[test]
    fn valid_logs_fold_with_working_day_limits(
        policy in policies(), start in any::<u32>(), category in any::<u8>(), steps in steps(),
    ) {
        let rules = Rules::new(Calendar::china(), policy);
        let log = build_log(&rules, "D", start, category, &steps);
        let state = rules.replay(&log, None).unwrap();
        prop_assert_eq!(&rules.replay(&log, None).unwrap(), &state);
        let cal = rules.calendar();
        for r in &state.rounds {
            if let Some(limit) = &r.limit {
                if matches!(limit.kind, DeadlineKind::Feedback | DeadlineKind::Redo) {
                    prop_assert!(cal.is_working_day(limit.due_date).unwrap(), "{:?}", r);
                }
                prop_assert_eq!(r.due, Some(limit.due));
                prop_assert_eq!(r.due_date, Some(limit.due_date));
                prop_assert_eq!(limit.due.date_naive(), limit.due_date.succ_opt().unwrap());
            }
            if let (Some(on_time), Some(replied), Some(due)) = (r.on_time, r.replied_at, r.due) {
                prop_assert_eq!(on_time, replied < due);
            }
        }
        for n in &state.notices {
            prop_assert_eq!(n.at, n.due);
        }
        for k in 1..log.len() {
            prop_assert!(rules.replay(&log[..k], None).is_ok(), "prefix of {}", k);
        }
        prop_assert_eq!(DemandState::from_json(&state.to_json()).unwrap(), state);
    }

    #[test]
    fn a_rejected_event_changes_nothing(
        policy in policies(), start in any::<u32>(), steps in steps(),
        kind in 0usize..14, gap in -600i64..6000, c in any::<u8>(),
    ) {
        let rules = Rules::new(Calendar::china(), policy);
        let log = build_log(&rules, "D", start, 1, &steps);
        let state = rules.replay(&log, None).unwrap();
        let before = state.to_json();
        let t = state.last_at + Duration::minutes(gap);
        let lead = state.lead.clone().unwrap_or_else(|| UNITS[usize::from(c) % 4].to_owned());
        let kinds = jiesu_core::demand::EVENT_TYPES;
        let fields = match kinds[kind] {
            "received" => json!({"category": "help", "topics": [], "territory": "kaifaqu", "enterprise": "e", "text": ""}),
            "answered" => json!({"entry": "x"}),
            "territory_handling" => json!({"unit": "kaifaqu"}),
            "escalated" => json!({"to": if c % 2 == 0 { "center" } else { "government" }, "reason": "r"}),
            "dispatched" => json!({"lead": UNITS[usize::from(c) % 4], "co_units": []}),
            "signed" => json!({"unit": lead}),
            "returned_by_unit" => json!({"unit": lead, "reason": "r"}),
            "verification_submitted" => json!({"unit": lead, "signed_by": "s"}),
            "plan_submitted" => json!({"unit": lead, "completion": format_date(t.date_naive() + Duration::days(i64::from(c % 30)))}),
            "replied" => json!({"unit": lead, "resolved": true, "contacted": true, "method": "m"}),
            "callback" => json!({"satisfaction": SATISFACTION[usize::from(c) % 5], "resolved": true, "contacted": true}),
            "verified" => json!({"opinion": "redo"}),
            _ => json!({}),
        };
        let mut v = json!({"v": 1, "demand": "D", "type": kinds[kind], "at": format_instant(&t)});
        for (k, x) in fields.as_object().unwrap() {
            v[k] = x.clone();
        }
        let e = Event::from_value(v).unwrap();
        match state.apply(&rules, &e) {
            Ok(_) => {}
            Err(err) => {
                prop_assert!(!err.code().is_empty());
                prop_assert_eq!(state.to_json(), before.clone());
                // In the stream, the refused line changes nothing either.
                let base: Vec<String> = log.iter().map(Event::to_json).collect();
                let mut with = base.clone();
                with.push(e.to_json());
                let a = rules.replay_stream(&base.join("\n"), false, Some(t.max(state.last_at))).unwrap();
                let b = rules.replay_stream(&with.join("\n"), false, Some(t.max(state.last_at))).unwrap();
                prop_assert_eq!(b.counts.rejected, 1);
                prop_assert_eq!(serde_json::to_string(&a.states).unwrap(), serde_json::to_string(&b.states).unwrap());
                prop_assert_eq!(serde_json::to_string(&a.derived).unwrap(), serde_json::to_string(&b.derived).unwrap());
            }
        }
    }

    #[test]
    fn streams_do_not_depend_on_interleaving(
        policy in policies(),
        demands in prop::collection::vec((any::<u32>(), any::<u8>(), steps()), 1..6),
        order_a in prop::collection::vec(0usize..6, 0..80),
        order_b in prop::collection::vec(0usize..6, 0..80),
        junk in prop::collection::vec(prop::sample::select(vec!["", "{", "[]", "{\"v\":1}", "  "]), 0..4),
    ) {
        let rules = Rules::new(Calendar::china(), policy);
        let logs: Vec<Vec<Event>> = demands
            .iter()
            .enumerate()
            .map(|(i, (start, cat, steps))| build_log(&rules, &format!("D{i}"), *start, *cat, steps))
            .collect();
        let a = stream_text(&logs, &order_a);
        let mut b = stream_text(&logs, &order_b);
        for j in &junk {
            b.push('\n');
            b.push_str(j);
        }
        let ra = rules.replay_stream(&a, false, None).unwrap();
        let rb = rules.replay_stream(&b, false, None).unwrap();
        prop_assert_eq!(serde_json::to_string(&ra.states).unwrap(), serde_json::to_string(&rb.states).unwrap());
        prop_assert_eq!(serde_json::to_string(&ra.derived).unwrap(), serde_json::to_string(&rb.derived).unwrap());
        for r in [&ra, &rb] {
            prop_assert_eq!(r.counts.lines, r.counts.applied + r.counts.rejected + r.counts.blank);
            prop_assert_eq!(r.counts.demands, logs.len());
            prop_assert_eq!(r.counts.open + r.counts.finished, logs.len());
        }
        prop_assert_eq!(ra.counts.rejected, 0);
        // Each demand's state is its own log's replay, brought to the stream's end.
        for (i, log) in logs.iter().enumerate() {
            let alone = rules.replay(log, ra.at).unwrap();
            prop_assert_eq!(&ra.states[i], &alone);
        }
        // Strict mode accepts the clean stream and refuses the one with junk (if any is not blank).
        prop_assert!(rules.replay_stream(&a, true, None).is_ok());
        let refused = junk.iter().any(|j| !j.trim().is_empty());
        prop_assert_eq!(rules.replay_stream(&b, true, None).is_err(), refused);
    }
}
