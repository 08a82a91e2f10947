//! Shared by the property tests: random valid demand logs (the stage machine walked with random
//! choices) and random interleavings of several demands' logs into one stream.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    dead_code
)]

use chrono::{DateTime, Duration, FixedOffset};
use jiesu_core::demand::{DemandState, Event, Stage};
use jiesu_core::time::{format_date, format_instant, parse_instant};
use jiesu_core::{Policy, Rules};
use proptest::prelude::*;
use serde_json::{json, Value};

pub const UNITS: [&str; 4] = ["state_grid", "natural_resources", "approval", "tax"];
pub const SATISFACTION: [&str; 5] = [
    "very_satisfied",
    "fairly_satisfied",
    "basically_satisfied",
    "unsatisfied",
    "unreached",
];

pub fn event(demand: &str, kind: &str, at: DateTime<FixedOffset>, fields: Value) -> Event {
    let mut v = json!({"v": 1, "demand": demand, "type": kind, "at": format_instant(&at)});
    let Value::Object(fields) = fields else {
        panic!("fields are an object")
    };
    for (k, x) in fields {
        v[k] = x;
    }
    Event::from_value(v).unwrap()
}

/// A valid log of one demand, from random choices (choice, minutes to the next event).
pub fn build_log(
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

pub fn policies() -> impl Strategy<Value = Policy> {
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

pub fn steps() -> impl Strategy<Value = Vec<(u8, u32)>> {
    prop::collection::vec((any::<u8>(), 0u32..(8 * 24 * 60)), 0..24)
}

pub fn stream_text(logs: &[Vec<Event>], order: &[usize]) -> String {
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
