//! Properties of rules §2 and §3 (proptest).
//!
//! - Routing is deterministic and independent of the order (and repetition) of the demand's
//!   topics.
//! - A valid directory never yields two leads: one lead at most, never among the co-units, the
//!   co-units unique and in directory order, and — checked by brute force over every demand a
//!   small random directory can see — no demand ever finds two equally specific winning rules.
//!   Conversely, a directory refused as `directory_ambiguous` really has such a demand.
//! - The loaders and the request readers never panic, whatever the text.
//! - Policy matching is ranked (score descending, ties by id) and each score is its hits' sum.

// Tests panic to fail; indexing and unwrapping are how they read their fixtures.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::OnceLock;

use jiesu_core::category::Category;
use jiesu_core::directory::{Directory, Level, Outcome, Route, RouteRequest, Rule};
use jiesu_core::policy_library::{AnswerReason, Consultation, HitKind, PolicyLibrary};
use proptest::prelude::*;
use serde_json::{json, Value};

fn city_text(file: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../fixtures/city")
            .join(file),
    )
    .unwrap()
}

fn city() -> &'static Directory {
    static CITY: OnceLock<Directory> = OnceLock::new();
    CITY.get_or_init(|| Directory::from_json(&city_text("directory.json")).unwrap())
}

fn library() -> &'static PolicyLibrary {
    static LIB: OnceLock<PolicyLibrary> = OnceLock::new();
    LIB.get_or_init(|| PolicyLibrary::from_json(&city_text("policy_library.json")).unwrap())
}

fn category() -> impl Strategy<Value = Category> {
    prop::sample::select(Category::ALL.to_vec())
}

fn level() -> impl Strategy<Value = Level> {
    prop::sample::select(Level::LADDER.to_vec())
}

/// Invariants every route of a checked directory satisfies.
fn check_route(dir: &Directory, req: &RouteRequest, route: &Route) {
    let pos = |id: &str| dir.units().iter().position(|u| u.id == id);
    // One lead at most, never a co-unit; co-units known, unique, in directory order.
    if let Some(lead) = &route.lead {
        assert!(pos(lead).is_some(), "unknown lead {lead}");
        assert!(
            !route.co_units.contains(lead),
            "lead {lead} is also a co-unit"
        );
    }
    let positions: Vec<usize> = route.co_units.iter().map(|c| pos(c).unwrap()).collect();
    assert!(
        positions.windows(2).all(|w| w[0] < w[1]),
        "co-units not unique or not in directory order: {:?}",
        route.co_units
    );
    assert_eq!(route.outcome == Outcome::Manual, route.lead.is_none());
    assert_eq!(route.level, req.level);
    assert_eq!(route.next_level, req.level.next());
    let topics: BTreeSet<&str> = req.topics.iter().map(String::as_str).collect();
    match req.level {
        Level::Territory => {
            assert_eq!(route.lead, req.territory);
            assert!(route.co_units.is_empty() && route.matched.is_empty());
        }
        Level::Center | Level::Government => {
            // Each topic is matched by one rule or reported unmatched, never both.
            let matched: BTreeSet<&str> = route.matched.iter().map(|m| m.topic.as_str()).collect();
            assert_eq!(matched.len(), route.matched.len(), "a topic won twice");
            let unmatched: BTreeSet<&str> =
                route.unmatched_topics.iter().map(String::as_str).collect();
            assert!(matched.is_disjoint(&unmatched));
            assert_eq!(
                matched.union(&unmatched).copied().collect::<BTreeSet<_>>(),
                topics
            );
            // Matched rules are in rule order.
            let order: Vec<usize> = route
                .matched
                .iter()
                .map(|m| dir.rules().iter().position(|r| r.id == m.rule).unwrap())
                .collect();
            assert!(order.windows(2).all(|w| w[0] < w[1]));
            if req.level == Level::Center {
                assert_eq!(route.outcome == Outcome::Manual, route.matched.is_empty());
                if let Some(rule) = &route.lead_rule {
                    let lead_rule = dir.rule(rule).unwrap();
                    assert_eq!(route.lead.as_deref(), Some(lead_rule.lead.as_str()));
                    // The lead rule is the unique best by (priority, earlier rule order).
                    let best = route
                        .matched
                        .iter()
                        .enumerate()
                        .max_by_key(|(i, m)| (m.priority, std::cmp::Reverse(*i)))
                        .unwrap();
                    assert_eq!(&best.1.rule, rule);
                }
            } else {
                assert_eq!(
                    route.lead.as_deref(),
                    dir.government().map(|g| g.id.as_str())
                );
            }
        }
    }
}

fn city_request() -> impl Strategy<Value = RouteRequest> {
    let dir = city();
    let mut topics: Vec<String> = dir.topics().iter().map(|t| t.key.clone()).collect();
    topics.extend(["unknown".to_owned(), "未知".to_owned()]);
    let territories: Vec<String> = dir
        .units()
        .iter()
        .filter(|u| u.kind.is_territory())
        .map(|u| u.id.clone())
        .collect();
    (
        category(),
        prop::collection::vec(prop::sample::select(topics), 0..6),
        prop::option::of(prop::sample::select(territories)),
        level(),
    )
        .prop_map(|(category, topics, territory, level)| RouteRequest {
            category,
            topics,
            territory,
            level,
        })
}

proptest! {
    #[test]
    fn city_routing_is_deterministic_and_topic_order_free(
        req in city_request(),
        seed in any::<u64>(),
    ) {
        let dir = city();
        let first = dir.route(&req);
        prop_assert_eq!(&first, &dir.route(&req));
        // The same topics shuffled, reversed and repeated.
        let mut shuffled = req.clone();
        let n = shuffled.topics.len();
        if n > 1 {
            let k = (seed % n as u64) as usize;
            shuffled.topics.rotate_left(k);
            shuffled.topics.reverse();
        }
        if let Some(t) = req.topics.first() {
            shuffled.topics.push(t.clone());
        }
        prop_assert_eq!(&first, &dir.route(&shuffled));
        match first {
            Ok(route) => check_route(dir, &req, &route),
            Err(e) => {
                prop_assert_eq!(e.code(), "directory_invalid_request");
                prop_assert!(req.level == Level::Territory && req.territory.is_none());
            }
        }
    }
}

// ---------- random small directories ----------

const UNITS: [(&str, &str); 8] = [
    ("t1", "territory"),
    ("t2", "territory"),
    ("zone", "development_zone"),
    ("d1", "department"),
    ("d2", "department"),
    ("s1", "stationed_unit"),
    ("c", "center"),
    ("g", "government"),
];
const TOPICS: [&str; 2] = ["a", "b"];
const TERRITORIES: [&str; 3] = ["t1", "t2", "zone"];
const LEADS: [&str; 5] = ["t1", "zone", "d1", "d2", "s1"];

fn rule_json() -> impl Strategy<Value = Value> {
    (
        prop::sample::select(TOPICS.to_vec()),
        prop::option::of(category()),
        prop::option::of(prop::sample::select(TERRITORIES.to_vec())),
        prop::sample::select(LEADS.to_vec()),
        prop::sample::subsequence(LEADS.to_vec(), 0..3),
        -2i32..3,
        any::<bool>(),
    )
        .prop_map(|(topic, cat, territory, lead, co, priority, assists)| {
            json!({
                "topic": topic, "category": cat, "territory": territory, "lead": lead,
                "co_units": co, "priority": priority, "territory_assists": assists,
            })
        })
}

fn directory_json() -> impl Strategy<Value = String> {
    prop::collection::vec(rule_json(), 0..6).prop_map(|rules| {
        let rules: Vec<Value> = rules
            .into_iter()
            .enumerate()
            .map(|(i, mut r)| {
                r["id"] = json!(format!("r{i}"));
                r
            })
            .collect();
        json!({
            "units": UNITS.iter().map(|(id, kind)| json!({"id": id, "name": id, "kind": kind}))
                .collect::<Vec<_>>(),
            "topics": TOPICS.iter().map(|t| json!({"key": t, "name": t})).collect::<Vec<_>>(),
            "rules": rules,
        })
        .to_string()
    })
}

/// Every demand class a directory can see: (topic, category, territory).
fn demand_classes() -> Vec<(&'static str, Category, Option<&'static str>)> {
    let mut out = Vec::new();
    for topic in TOPICS {
        for category in Category::ALL {
            for territory in std::iter::once(None).chain(TERRITORIES.iter().map(|t| Some(*t))) {
                out.push((topic, category, territory));
            }
        }
    }
    out
}

/// Demand classes where two matching rules share the highest specificity (a coin toss).
fn coin_tosses(rules: &[Rule]) -> usize {
    demand_classes()
        .into_iter()
        .filter(|(topic, category, territory)| {
            let ranks: Vec<u32> = rules
                .iter()
                .filter(|r| r.matches(topic, *category, *territory))
                .map(|r| u32::from(r.specificity().rank()))
                .collect();
            ranks
                .iter()
                .max()
                .is_some_and(|top| ranks.iter().filter(|r| *r == top).count() > 1)
        })
        .count()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1024))]

    #[test]
    fn a_valid_directory_never_yields_two_leads(
        text in directory_json(),
        topics in prop::collection::vec(prop::sample::select(vec!["a", "b", "z"]), 0..4),
        cat in category(),
        territory in prop::option::of(prop::sample::select(TERRITORIES.to_vec())),
        lvl in level(),
    ) {
        let parsed: Value = serde_json::from_str(&text).unwrap();
        let rules: Vec<Rule> = serde_json::from_value(parsed["rules"].clone()).unwrap();
        match Directory::from_json(&text) {
            Ok(dir) => {
                prop_assert_eq!(coin_tosses(dir.rules()), 0);
                let req = RouteRequest {
                    category: cat,
                    topics: topics.iter().map(|t| (*t).to_owned()).collect(),
                    territory: territory.map(str::to_owned),
                    level: lvl,
                };
                match dir.route(&req) {
                    Ok(route) => check_route(&dir, &req, &route),
                    Err(e) => prop_assert_eq!(e.code(), "directory_invalid_request"),
                }
            }
            Err(e) if e.code() == "directory_ambiguous" => {
                prop_assert!(coin_tosses(&rules) > 0, "refused as ambiguous without a coin toss");
            }
            Err(e) => prop_assert_eq!(e.code(), "directory_invalid_rule"),
        }
    }
}

// ---------- no panics on any text ----------

fn arb_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        "[a-z_]{0,8}".prop_map(Value::String),
        prop::sample::select(vec![
            "help",
            "center",
            "territory",
            "t1",
            "2026-03-02",
            "land_use",
            "退税",
            "",
        ])
        .prop_map(|s| Value::String(s.to_owned())),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(
                prop::sample::select(vec![
                    "units",
                    "topics",
                    "rules",
                    "entries",
                    "id",
                    "name",
                    "kind",
                    "key",
                    "topic",
                    "lead",
                    "co_units",
                    "category",
                    "territory",
                    "level",
                    "topics",
                    "text",
                    "date",
                    "title",
                    "keywords",
                    "answer",
                    "valid_from",
                    "valid_to",
                ])
                .prop_map(str::to_owned),
                inner,
                0..6,
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn feed_everything(text: &str) {
    let _ = Directory::from_json(text);
    let _ = PolicyLibrary::from_json(text);
    if let Ok(req) = RouteRequest::from_json(text) {
        let _ = city().route(&req);
    }
    if let Ok(c) = Consultation::from_json(text) {
        let _ = library().instant_answer(Category::Consultation, &c);
    }
    let _ = Category::parse(text);
}

proptest! {
    #[test]
    fn loaders_never_panic_on_any_text(text in any::<String>()) {
        feed_everything(&text);
    }

    #[test]
    fn loaders_never_panic_on_any_json(v in arb_json()) {
        feed_everything(&v.to_string());
    }

    #[test]
    fn loaders_never_panic_on_a_damaged_city(cut in any::<prop::sample::Index>(), len in 0usize..40) {
        for text in [city_text("directory.json"), city_text("policy_library.json")] {
            let chars: Vec<char> = text.chars().collect();
            let at = cut.index(chars.len());
            let damaged: String = chars[..at].iter().chain(chars[(at + len).min(chars.len())..].iter()).collect();
            feed_everything(&damaged);
        }
    }

    #[test]
    fn matching_is_ranked_and_explained(
        topics in prop::collection::vec(prop::sample::select(
            city().topics().iter().map(|t| t.key.clone()).collect::<Vec<_>>()), 0..3),
        words in prop::collection::vec(prop::sample::select(
            library().entries().iter().flat_map(|e| e.keywords.clone()).collect::<Vec<_>>()), 0..4),
        filler in "[a-zA-Z 企业咨询政策怎么办理]{0,12}",
        day in 0i64..4000,
        cat in category(),
    ) {
        let date = chrono::NaiveDate::from_ymd_opt(2018, 1, 1).unwrap() + chrono::Duration::days(day);
        let c = Consultation::new(topics.clone(), format!("{filler}{}", words.concat()), date);
        let lib = library();
        let m = lib.match_consultation(&c);
        for w in m.windows(2) {
            prop_assert!(w[0].score > w[1].score || (w[0].score == w[1].score && w[0].id < w[1].id));
        }
        for x in &m {
            prop_assert_eq!(x.score, x.hits.iter().map(|h| h.points).sum::<u32>());
            prop_assert!(!x.hits.is_empty());
            let e = lib.entry(&x.id).unwrap();
            prop_assert_eq!(e.validity_on(date), jiesu_core::policy_library::Validity::InForce);
        }
        // Topic order does not matter.
        let mut rev = c.clone();
        rev.topics.reverse();
        prop_assert_eq!(&m, &lib.match_consultation(&rev));
        let d = lib.instant_answer(cat, &c);
        prop_assert_eq!(&d.matches, &m);
        prop_assert_eq!(d.answered, d.reason == AnswerReason::ClearMatch);
        prop_assert_eq!(d.answered, d.entry.is_some());
        if d.answered {
            let best = &m[0];
            prop_assert!(best.has(HitKind::Topic) && best.has(HitKind::Keyword));
            prop_assert!(m.get(1).is_none_or(|n| n.score < best.score));
        }
    }
}
