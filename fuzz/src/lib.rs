//! Shared set-up of the fuzz targets: the rules every target runs under (the bundled calendar,
//! the `seed` policy and the sample city's directory) and the text a target reads.
#![forbid(unsafe_code)]

use std::borrow::Cow;
use std::sync::OnceLock;

use jiesu_core::{Calendar, Directory, Policy, Rules};

/// The sample city's dispatch directory (rules §3), as the demand targets route against it.
pub const CITY_DIRECTORY: &str = include_str!("../../fixtures/city/directory.json");

/// The rules under test: bundled calendar, `seed` policy, the sample city's directory. Built
/// once per process; a failure here is a bug in the fixtures, not an input's.
pub fn rules() -> &'static Rules {
    static RULES: OnceLock<Rules> = OnceLock::new();
    RULES.get_or_init(|| {
        let rules = Rules::new(Calendar::china(), Policy::seed());
        match Directory::from_json(CITY_DIRECTORY) {
            Ok(d) => rules.with_directory(d),
            Err(e) => panic!("the sample directory does not load: {e}"),
        }
    })
}

/// The input as text: libFuzzer hands over bytes; what is not UTF-8 is replaced (the bindings
/// only ever pass UTF-8 strings to the core).
pub fn text(data: &[u8]) -> Cow<'_, str> {
    String::from_utf8_lossy(data)
}

/// Every error's code must be one of the published codes (rules: a stable `snake_case` code).
pub fn check_code(e: &jiesu_core::Error) {
    let code = e.code();
    assert!(
        jiesu_core::all_codes().iter().any(|(_, c)| *c == code),
        "unpublished error code {code}: {e}"
    );
    assert!(
        !e.to_string().is_empty(),
        "an error without a message: {code}"
    );
}

/// Replays `text` as a city's event stream (rules §5) and checks what must hold whatever the
/// input:
/// - nothing panics, and every rejected line carries a published code;
/// - the counts add up (`lines = applied + rejected + blank`);
/// - a rejected line changes nothing: replaying the stream without its rejected lines gives the
///   same states and derived events, and rejects nothing;
/// - every working-day limit's due date is a working day of the calendar (a plan's is the date
///   it names);
/// - cards (rules §6) and the year's evaluation (rules §7) of the result are computed or refused
///   with a code.
pub fn check_stream(text: &str) {
    let rules = rules();
    let result = match jiesu_core::stream::replay_stream(rules, text, false, None) {
        Ok(r) => r,
        Err(e) => panic!("a lenient replay failed: {e}"),
    };
    let c = &result.counts;
    assert_eq!(c.lines, c.applied + c.rejected + c.blank, "{c:?}");
    for r in &result.rejected {
        assert!(
            jiesu_core::all_codes()
                .iter()
                .any(|(_, code)| *code == r.code),
            "unpublished code {}",
            r.code
        );
    }
    for state in &result.states {
        for round in &state.rounds {
            // A plan's limit ends on the completion date the plan names (rules §5: "replaces its
            // end by the plan's completion date"), any calendar day; every working-day limit
            // (feedback, redo) ends on a working day.
            let plan = round
                .limit
                .as_ref()
                .is_some_and(|l| l.kind == jiesu_core::DeadlineKind::Plan);
            if let (Some(d), false) = (round.due_date, plan) {
                if let Ok(working) = rules.calendar().is_working_day(d) {
                    assert!(
                        working,
                        "demand {} round {} due on {d}",
                        state.demand, round.number
                    );
                }
            }
        }
    }
    if !result.rejected.is_empty() {
        let rejected: std::collections::HashSet<usize> =
            result.rejected.iter().map(|r| r.line).collect();
        let kept: Vec<&str> = text
            .lines()
            .enumerate()
            .filter(|(i, _)| !rejected.contains(&(i + 1)))
            .map(|(_, l)| l)
            .collect();
        let again = match jiesu_core::stream::replay_stream(rules, &kept.join("\n"), false, None) {
            Ok(r) => r,
            Err(e) => panic!("a lenient replay failed: {e}"),
        };
        assert!(again.rejected.is_empty(), "{:?}", again.rejected);
        let states = |r: &jiesu_core::StreamResult| -> Vec<String> {
            r.states
                .iter()
                .map(jiesu_core::DemandState::to_json)
                .collect()
        };
        assert_eq!(
            states(&result),
            states(&again),
            "a rejected line changed a state"
        );
        assert_eq!(
            result.derived, again.derived,
            "a rejected line changed the derived events"
        );
    }
    let board = rules.cards(&result);
    if let Some(at) = result.at {
        let _ = board.board(&at);
    }
    for period in ["2026", "2026-10", "2026-Q4"] {
        if let Err(e) = rules.evaluate(&result, period) {
            check_code(&e);
        }
    }
}
