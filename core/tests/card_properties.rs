//! Properties of rules §6 (proptest): cards over random valid streams of several demands.
//!
//! - A unit never reaches red without two yellows counted under the active reading: each red
//!   card follows at least two of the unit's yellow cards since its previous red or interview,
//!   and its causes are theirs (exactly two under `events`).
//! - The card history does not depend on how the demands interleave.
//! - Colours change only at the unit's card events, its streak-clearing on-time replies, the
//!   yearly reset (1 January) and, under `periods`, the start of a month.
//! - Every card names at least one cause, and every cause is a missed limit of that unit (a
//!   notice the fold issued to it).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use std::collections::BTreeSet;

use chrono::{DateTime, Datelike, Duration, FixedOffset, TimeZone};
use common::{build_log, steps, stream_text};
use jiesu_core::demand::{DerivedEvent, Event};
use jiesu_core::time::cst;
use jiesu_core::{Calendar, CardKind, Colour, Consecutive, Policy, Rules};
use proptest::prelude::*;
use serde_json::json;

fn card_policies() -> impl Strategy<Value = Policy> {
    (any::<bool>(), any::<bool>(), any::<bool>(), any::<bool>()).prop_map(
        |(periods, reset, co, signed)| {
            Policy::from_json(
                &json!({
                    "name": "prop-cards",
                    "consecutive": if periods { "periods" } else { "events" },
                    "reset_yearly": reset,
                    "card_co_units": co,
                    "clock_start": if signed { "signed" } else { "dispatched" },
                })
                .to_string(),
            )
            .unwrap()
        },
    )
}

/// The instants at which a unit's colour may change.
fn change_points(
    policy: &Policy,
    derived: &[DerivedEvent],
    unit: &str,
    first: DateTime<FixedOffset>,
    last: DateTime<FixedOffset>,
) -> Vec<DateTime<FixedOffset>> {
    let mut points: BTreeSet<DateTime<FixedOffset>> = derived
        .iter()
        .filter(|d| d.unit() == Some(unit))
        .map(DerivedEvent::at)
        .collect();
    let mut month = cst()
        .with_ymd_and_hms(first.year(), first.month(), 1, 0, 0, 0)
        .unwrap();
    while month <= last + Duration::days(62) {
        if policy.consecutive == Consecutive::Periods || month.month() == 1 {
            points.insert(month);
        }
        let (y, m) = if month.month() == 12 {
            (month.year() + 1, 1)
        } else {
            (month.year(), month.month() + 1)
        };
        month = cst().with_ymd_and_hms(y, m, 1, 0, 0, 0).unwrap();
    }
    points.into_iter().collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, .. ProptestConfig::default() })]

    #[test]
    fn cards_follow_their_causes_and_change_only_at_their_points(
        policy in card_policies(),
        demands in prop::collection::vec((any::<u32>(), any::<u8>(), steps()), 1..7),
        order_a in prop::collection::vec(0usize..7, 0..90),
        order_b in prop::collection::vec(0usize..7, 0..90),
    ) {
        let rules = Rules::new(Calendar::china(), policy.clone());
        let logs: Vec<Vec<Event>> = demands
            .iter()
            .enumerate()
            .map(|(i, (start, cat, steps))| build_log(&rules, &format!("D{i}"), *start, *cat, steps))
            .collect();
        let ra = rules.replay_stream(&stream_text(&logs, &order_a), false, None).unwrap();
        let rb = rules.replay_stream(&stream_text(&logs, &order_b), false, None).unwrap();
        let (a, b) = (rules.cards(&ra), rules.cards(&rb));
        prop_assert_eq!(a.events(), b.events());

        for unit in a.units() {
            let history = a.history(unit).unwrap();
            let mut yellows_since = 0usize;
            let mut yellow_causes = Vec::new();
            for card in history {
                prop_assert!(!card.causes.is_empty(), "{:?}", card);
                for cause in &card.causes {
                    let issued = ra.derived.iter().any(|d| matches!(d,
                        DerivedEvent::Notice(n) if n.unit == *unit && n.demand == cause.demand
                            && n.round == cause.round && n.due == cause.due));
                    prop_assert!(issued, "cause {:?} of {:?} is not a missed limit of {}", cause, card, unit);
                }
                match card.kind {
                    CardKind::Yellow => {
                        yellows_since += 1;
                        yellow_causes.extend(card.causes.iter().cloned());
                    }
                    CardKind::Red => {
                        prop_assert!(yellows_since >= 2, "red after {} yellows: {:?}", yellows_since, history);
                        if policy.consecutive == Consecutive::Events {
                            prop_assert_eq!(card.causes.len(), 2);
                        }
                        for c in &card.causes {
                            prop_assert!(yellow_causes.contains(c));
                        }
                        yellows_since = 0;
                        yellow_causes.clear();
                    }
                    _ => {}
                }
            }
            let (Some(first), Some(last)) = (history.first(), history.last()) else { continue };
            let points = change_points(&policy, &ra.derived, unit, first.at, last.at);
            // Constant between consecutive change points: check just after each point and just
            // before the next.
            for pair in points.windows(2) {
                let (p, q) = (pair[0], pair[1]);
                if q - p < Duration::seconds(2) { continue; }
                let c1 = a.colour(unit, &(p + Duration::seconds(1))).unwrap();
                let c2 = a.colour(unit, &(q - Duration::seconds(1))).unwrap();
                prop_assert_eq!(c1, c2, "{} between {} and {}", unit, p, q);
            }
            prop_assert_eq!(a.colour(unit, &(first.at - Duration::seconds(1))).unwrap(), Colour::Green);
        }
    }
}
