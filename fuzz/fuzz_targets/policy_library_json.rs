//! Policy library JSON and consultations (rules §2): a library and a consultation separated by
//! a NUL byte. Loading, matching and the instant-answer decision never panic.
#![no_main]
use jiesu_core::{Category, Consultation, PolicyLibrary};
use libfuzzer_sys::fuzz_target;

const CITY_LIBRARY: &str = include_str!("../../fixtures/city/policy_library.json");

fuzz_target!(|data: &[u8]| {
    let text = jiesu_fuzz::text(data);
    let (lib_text, req_text) = text.split_once('\0').unwrap_or((&text, ""));
    let consultation = Consultation::from_json(req_text);
    if let Err(e) = &consultation {
        jiesu_fuzz::check_code(&e.clone().into());
    }
    let library = match PolicyLibrary::from_json(lib_text) {
        Ok(l) => l,
        Err(e) => {
            jiesu_fuzz::check_code(&e.into());
            match PolicyLibrary::from_json(CITY_LIBRARY) {
                Ok(l) => l,
                Err(e) => panic!("the sample library does not load: {e}"),
            }
        }
    };
    if let Ok(c) = consultation {
        let matches = library.match_consultation(&c);
        for m in &matches {
            assert!(library.entry(&m.id).is_some(), "match of an unknown entry {}", m.id);
        }
        let _ = library.instant_answer(Category::Consultation, &c);
    }
});
