//! Events and event streams (rules §5, schema v1): arbitrary text replayed as JSON Lines under the
//! sample city's rules; see `jiesu_fuzz::check_stream` for the invariants. Each line is also read
//! on its own: an event that reads writes JSON that reads back to the same event.
#![no_main]
use jiesu_core::Event;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = jiesu_fuzz::text(data);
    for line in text.lines().take(8) {
        match Event::from_json(line) {
            Err(e) => jiesu_fuzz::check_code(&e.into()),
            Ok(event) => {
                let again = Event::from_json(&event.to_json()).map_err(|e| e.to_string());
                assert_eq!(again, Ok(event));
            }
        }
    }
    jiesu_fuzz::check_stream(&text);
});
