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

use chrono::Duration;
use jiesu_core::deadline::DeadlineKind;
use jiesu_core::demand::{DemandState, Event};
use jiesu_core::time::{format_date, format_instant};
use jiesu_core::{Calendar, Rules};
use proptest::prelude::*;
use serde_json::json;

mod common;

use common::{build_log, policies, steps, stream_text, SATISFACTION, UNITS};

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
