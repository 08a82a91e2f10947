//! Instants and dates (rules §0) and the other small texts a user types: periods, categories,
//! decimals, clock times, form kinds, and a demand state's JSON. Nothing panics; an instant that
//! reads writes RFC 3339 that reads back to the same instant, and a date likewise.
#![no_main]
use jiesu_core::{time, Category, ClockTime, DemandState, FormKind, Period};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = jiesu_fuzz::text(data);
    match time::parse_instant(&text) {
        Err(e) => jiesu_fuzz::check_code(&e.into()),
        Ok(t) => assert_eq!(time::parse_instant(&time::format_instant(&t)), Ok(t)),
    }
    match time::parse_date(&text) {
        Err(e) => jiesu_fuzz::check_code(&e.into()),
        Ok(d) => assert_eq!(time::parse_date(&time::format_date(d)), Ok(d)),
    }
    if let Err(e) = Period::parse(&text) {
        jiesu_fuzz::check_code(&e.into());
    }
    if let Err(e) = Category::parse(&text) {
        jiesu_fuzz::check_code(&e.into());
    }
    if let Err(e) = FormKind::parse(&text) {
        jiesu_fuzz::check_code(&e.into());
    }
    let _ = jiesu_core::exact::Dec::parse(&text);
    let _ = ClockTime::parse(&text);
    match DemandState::from_json(&text) {
        Err(e) => jiesu_fuzz::check_code(&e.into()),
        Ok(state) => {
            let _ = state.status_at(jiesu_fuzz::rules().policy(), state.last_at);
        }
    }
});
