//! Properties of rules §7 (proptest): evaluations of random valid streams of several demands
//! (`common::build_log`), with or without a small directory of two ranking groups.
//!
//! - Every score (and its base) stays in [0, 100]; every rate too.
//! - Adding a very satisfied, resolved, on-time case for a unit (a new demand dispatched to it,
//!   replied at once, called back very satisfied and resolved) never lowers that unit's score.
//! - Adding a yellow card for a unit (a new demand dispatched to it that misses its limit) never
//!   raises it.
//! - The ranking of each group is a total order: ranks 1..n, each unit once (ranked or not),
//!   ranked exactly when it has a score and at least `min_ranked_cases` due replies, in the order
//!   of the tie-break chain on the published figures (score, satisfaction rate, on-time rate
//!   descending, a missing rate last; fewer cards; unit id); the annual bottom units never take a
//!   whole group. The evaluation does not depend on how the demands interleave (two
//!   interleavings give identical JSON).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use std::cmp::Ordering;
use std::collections::BTreeSet;

use chrono::{DateTime, Datelike, Duration, FixedOffset};
use common::{build_log, event, steps, stream_text};
use jiesu_core::demand::Event;
use jiesu_core::evaluation::{RankEntry, UnitEvaluation};
use jiesu_core::time::{format_instant, parse_instant};
use jiesu_core::{Calendar, Directory, Evaluation, Policy, Rules, StreamResult};
use proptest::prelude::*;
use serde_json::json;

/// Two ranking groups over the units `common` dispatches to, the territory it uses and the
/// topic it names (power supply → `state_grid`, so a return by `state_grid` is buck-passing).
fn directory() -> Directory {
    Directory::from_json(
        &json!({
            "units": [
                {"id": "kaifaqu", "name": "开发区", "kind": "development_zone", "group": "towns_streets"},
                {"id": "state_grid", "name": "供电", "kind": "stationed_unit", "group": "stationed_units"},
                {"id": "tax", "name": "税务", "kind": "stationed_unit", "group": "stationed_units"},
                {"id": "natural_resources", "name": "自然资源", "kind": "department", "group": "departments"},
                {"id": "approval", "name": "审批", "kind": "department", "group": "departments"},
                {"id": "center", "name": "推进中心", "kind": "center"},
                {"id": "government", "name": "市政府", "kind": "government"}
            ],
            "topics": [{"key": "power_supply", "name": "供电"}],
            "rules": [{"id": "power", "topic": "power_supply", "lead": "state_grid"}]
        })
        .to_string(),
    )
    .unwrap()
}

/// Random policies: the fold's knobs of `common`, the §6 reading of "consecutive", and the §7
/// knobs (deductions as decimals, weights that may drop a part, `min_ranked_cases`).
fn eval_policies() -> impl Strategy<Value = Policy> {
    (
        common::policies(),
        any::<bool>(),
        0u32..4,
        0u32..3,
        prop::sample::select(vec!["30", "0", "1.5"]),
        prop::sample::select(vec!["1", "0.5", "4"]),
    )
        .prop_map(|(base, periods, red, min, on_time_weight, yellow)| {
            let mut v = serde_json::to_value(&base).unwrap();
            v["consecutive"] = json!(if periods { "periods" } else { "events" });
            v["evaluation"]["deductions"]["yellow_card"] = json!(yellow);
            v["evaluation"]["deductions"]["red_card"] = json!(red.to_string());
            v["evaluation"]["weights"]["on_time"] = json!(on_time_weight);
            v["evaluation"]["min_ranked_cases"] = json!(min);
            Policy::from_json(&v.to_string()).unwrap()
        })
}

fn rules_for(policy: &Policy, with_directory: bool) -> Rules {
    let rules = Rules::new(Calendar::china(), policy.clone());
    if with_directory {
        rules.with_directory(directory())
    } else {
        rules
    }
}

const PERIODS: [&str; 10] = [
    "2025-12",
    "2026-02",
    "2026-05",
    "2026-10",
    "2026-Q1",
    "2026-Q3",
    "2026-H1",
    "2026-H2",
    "2026",
    "2026-03-15..2026-06-14",
];

/// A published figure ("87.35") in hundredths.
fn hundredths(s: &str) -> i64 {
    s.replace('.', "").parse().unwrap()
}

fn figure(s: Option<&String>) -> Option<i64> {
    s.map(|s| hundredths(s))
}

/// The tie-break chain of rules §7 on published figures (a missing figure ranks last).
fn chain(a: &RankEntry, b: &RankEntry) -> Ordering {
    figure(b.score.as_ref())
        .cmp(&figure(a.score.as_ref()))
        .then_with(|| {
            figure(b.satisfaction_rate.as_ref()).cmp(&figure(a.satisfaction_rate.as_ref()))
        })
        .then_with(|| figure(b.on_time_rate.as_ref()).cmp(&figure(a.on_time_rate.as_ref())))
        .then_with(|| a.cards.cmp(&b.cards))
        .then_with(|| a.unit.cmp(&b.unit))
}

/// A demand's random choices for `build_log`: start, category, steps.
type Demand = (u32, u8, Vec<(u8, u32)>);

fn logs_of(rules: &Rules, demands: &[Demand]) -> Vec<Vec<Event>> {
    demands
        .iter()
        .enumerate()
        .map(|(i, (start, cat, steps))| build_log(rules, &format!("D{i}"), *start, *cat, steps))
        .collect()
}

fn latest(logs: &[Vec<Event>]) -> DateTime<FixedOffset> {
    logs.iter()
        .flatten()
        .map(|e| e.at)
        .max()
        .unwrap_or_else(|| parse_instant("2025-12-01T08:00+08:00").unwrap())
}

fn replay(rules: &Rules, logs: &[Vec<Event>], at: DateTime<FixedOffset>) -> StreamResult {
    let order: Vec<usize> = (0..logs.len()).collect();
    rules
        .replay_stream(&stream_text(logs, &order), false, Some(at))
        .unwrap()
}

fn unit_score(ev: &Evaluation, unit: &str) -> Option<i64> {
    ev.units
        .iter()
        .find(|u| u.unit == unit)
        .and_then(|u| u.score.as_deref())
        .map(hundredths)
}

/// A new demand for `unit`, received and dispatched at `t0` and signed half an hour later (so
/// the clock runs under either `clock_start`); with `answer`, replied an hour after `t0` (on
/// time) and called back very satisfied and resolved, then closed.
fn new_case(unit: &str, t0: DateTime<FixedOffset>, answer: bool) -> Vec<Event> {
    let m = Duration::minutes;
    let mut log = vec![
        event(
            "NEW",
            "received",
            t0,
            json!({"category": "help", "topics": ["power_supply"], "territory": "kaifaqu",
                   "enterprise": "新企业", "text": "新诉求"}),
        ),
        event(
            "NEW",
            "dispatched",
            t0,
            json!({"lead": unit, "co_units": []}),
        ),
        event("NEW", "signed", t0 + m(30), json!({"unit": unit})),
    ];
    if answer {
        log.push(event(
            "NEW",
            "replied",
            t0 + m(60),
            json!({"unit": unit, "resolved": true, "contacted": true, "method": "当场解决"}),
        ));
        log.push(event(
            "NEW",
            "callback",
            t0 + m(120),
            json!({"satisfaction": "very_satisfied", "resolved": true, "contacted": true}),
        ));
        log.push(event("NEW", "closed", t0 + m(150), json!({})));
    }
    log
}

fn check_ranges(ev: &Evaluation) -> Result<(), TestCaseError> {
    for u in &ev.units {
        let UnitEvaluation {
            score,
            score_parts,
            rates,
            ..
        } = u;
        for (what, v) in [
            ("score", score.as_ref()),
            ("base", score_parts.base.as_ref()),
            ("on_time_rate", rates.on_time_rate.as_ref()),
            ("resolution_rate", rates.resolution_rate.as_ref()),
            ("satisfaction_rate", rates.satisfaction_rate.as_ref()),
            ("satisfaction_points", rates.satisfaction_points.as_ref()),
        ] {
            if let Some(x) = figure(v) {
                prop_assert!(
                    (0..=10_000).contains(&x),
                    "{} {} = {:?} out of 0..=100",
                    u.unit,
                    what,
                    v
                );
            }
        }
    }
    Ok(())
}

fn check_ranking(ev: &Evaluation, min_cases: u32) -> Result<(), TestCaseError> {
    let mut seen = BTreeSet::new();
    for g in &ev.ranking {
        for (i, e) in g.ranked.iter().enumerate() {
            prop_assert_eq!(e.rank, i + 1, "group {}", g.group);
            prop_assert!(seen.insert(e.unit.clone()), "{} listed twice", e.unit);
            prop_assert!(e.score.is_some(), "{} ranked without a score", e.unit);
        }
        for pair in g.ranked.windows(2) {
            prop_assert_eq!(chain(&pair[0], &pair[1]), Ordering::Less, "{:?}", pair);
        }
        for u in &g.unranked {
            prop_assert!(seen.insert(u.clone()), "{} listed twice", u);
        }
    }
    for u in &ev.units {
        let grouped = ev
            .ranking
            .iter()
            .any(|g| Some(&g.group) == u.group.as_ref());
        prop_assert_eq!(seen.contains(&u.unit), grouped, "{} and its group", &u.unit);
        let rank = ev
            .ranking
            .iter()
            .flat_map(|g| &g.ranked)
            .find(|e| e.unit == u.unit)
            .map(|e| e.rank);
        prop_assert_eq!(rank, u.rank, "{}", &u.unit);
        let rankable = grouped
            && u.score.is_some()
            && u.counts.replies_due >= usize::try_from(min_cases).unwrap();
        prop_assert_eq!(rank.is_some(), rankable, "{} ranked or not", &u.unit);
    }
    Ok(())
}

fn demands() -> impl Strategy<Value = Vec<Demand>> {
    prop::collection::vec((any::<u32>(), any::<u8>(), steps()), 1..7)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, .. ProptestConfig::default() })]

    #[test]
    fn scores_in_range_ranking_total_and_interleaving_free(
        policy in eval_policies(),
        with_directory in any::<bool>(),
        demands in demands(),
        order_a in prop::collection::vec(0usize..7, 0..90),
        order_b in prop::collection::vec(0usize..7, 0..90),
    ) {
        let rules = rules_for(&policy, with_directory);
        let logs = logs_of(&rules, &demands);
        let ra = rules.replay_stream(&stream_text(&logs, &order_a), false, None).unwrap();
        let rb = rules.replay_stream(&stream_text(&logs, &order_b), false, None).unwrap();
        for period in PERIODS {
            let a = rules.evaluate(&ra, period).unwrap();
            let b = rules.evaluate(&rb, period).unwrap();
            prop_assert_eq!(serde_json::to_value(&a).unwrap(), serde_json::to_value(&b).unwrap(),
                "{} differs between interleavings", period);
            check_ranges(&a)?;
            check_ranking(&a, policy.evaluation.min_ranked_cases)?;
        }
        let annual = rules.annual_evaluation(&ra, "2026").unwrap();
        for flagged in &annual.bottom_two {
            let g = annual.ranking.iter().find(|g| g.group == flagged.group).unwrap();
            prop_assert!(flagged.units.len() < g.ranked.len().max(1), "{:?}", flagged);
        }
    }

    #[test]
    fn a_good_case_never_lowers_a_score_and_a_missed_limit_never_raises_it(
        policy in eval_policies(),
        with_directory in any::<bool>(),
        demands in demands(),
        pick in any::<prop::sample::Index>(),
        hours in 0i64..72,
    ) {
        let rules = rules_for(&policy, with_directory);
        let logs = logs_of(&rules, &demands);
        // A unit and an instant where the stream has something: near one of its dispatches.
        let last = parse_instant("2026-12-18T00:00+08:00").unwrap();
        let first = parse_instant("2026-01-01T00:00+08:00").unwrap();
        let dispatches: Vec<(String, DateTime<FixedOffset>)> = logs
            .iter()
            .flatten()
            .filter(|e| e.at >= first && e.at < last)
            .filter_map(|e| {
                let v = serde_json::to_value(e).unwrap();
                (v["type"] == "dispatched").then(|| (v["lead"].as_str().unwrap().to_owned(), e.at))
            })
            .collect();
        if dispatches.is_empty() {
            return Ok(());
        }
        let (unit, near) = pick.get(&dispatches).clone();
        let t0 = (near + Duration::hours(hours)).min(last);
        let period = format!("2026-Q{}", (t0.month() - 1) / 3 + 1);
        // The added demand's limit (from its signing): the stream must end after it, the same
        // for both replays, so that no other outcome becomes known only in one of them.
        let due = rules.feedback_deadline(&(t0 + Duration::minutes(30))).unwrap().due;
        let at = latest(&logs).max(due) + Duration::minutes(1);

        let base = rules.evaluate(&replay(&rules, &logs, at), &period).unwrap();
        let Some(before) = unit_score(&base, &unit) else { return Ok(()) };

        let mut good = logs.clone();
        good.push(new_case(&unit, t0, true));
        let good_eval = rules.evaluate(&replay(&rules, &good, at), &period).unwrap();
        let after = unit_score(&good_eval, &unit).unwrap();
        prop_assert!(after >= before, "{}: {} → {} with a good case at {}", unit, before, after,
            format_instant(&t0));

        let mut bad = logs;
        bad.push(new_case(&unit, t0, false));
        let bad_eval = rules.evaluate(&replay(&rules, &bad, at), &period).unwrap();
        let after = unit_score(&bad_eval, &unit).unwrap();
        prop_assert!(after <= before, "{}: {} → {} with a missed limit (due {})", unit, before,
            after, format_instant(&due));
    }
}
