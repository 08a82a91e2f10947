//! Policy JSON (the knobs of every rule): reading never panics; a policy that reads writes
//! JSON that reads back to the same policy, and a deadline under it is computed or refused with
//! a code, never a panic.
#![no_main]
use jiesu_core::{Calendar, Policy, Rules};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = jiesu_fuzz::text(data);
    match Policy::from_json(&text) {
        Err(e) => jiesu_fuzz::check_code(&e.into()),
        Ok(policy) => {
            let again = Policy::from_json(&policy.to_json()).map_err(|e| e.to_string());
            assert_eq!(again.as_ref().map(Policy::to_json), Ok(policy.to_json()));
            let rules = Rules::new(Calendar::china(), policy);
            let start = jiesu_core::time::parse_instant("2026-09-30T16:20:00+08:00");
            if let Ok(start) = start {
                for r in [
                    rules.feedback_deadline(&start),
                    rules.redo_deadline(&start),
                    rules.same_day_target(&start),
                    rules.return_deadline(&start),
                ] {
                    if let Err(e) = r {
                        jiesu_fuzz::check_code(&e);
                    }
                }
            }
        }
    }
});
