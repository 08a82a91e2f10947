//! Dispatch directory JSON and route requests (rules §3): the input is a directory and a route
//! request separated by a NUL byte. Loading and routing never panic; a route names units of the
//! directory.
#![no_main]
use jiesu_core::{Directory, RouteRequest};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = jiesu_fuzz::text(data);
    let (dir_text, req_text) = text.split_once('\0').unwrap_or((&text, ""));
    let request = RouteRequest::from_json(req_text);
    if let Err(e) = &request {
        jiesu_fuzz::check_code(&e.clone().into());
    }
    let directory = match Directory::from_json(dir_text) {
        Ok(d) => d,
        Err(e) => {
            jiesu_fuzz::check_code(&e.into());
            // The city's directory, to route the fuzzed request against.
            match Directory::from_json(jiesu_fuzz::CITY_DIRECTORY) {
                Ok(d) => d,
                Err(e) => panic!("the sample directory does not load: {e}"),
            }
        }
    };
    if let Ok(request) = request {
        match directory.route(&request) {
            Err(e) => jiesu_fuzz::check_code(&e.into()),
            Ok(route) => {
                if let Some(lead) = &route.lead {
                    assert!(directory.unit(lead).is_some(), "lead {lead} is not a unit");
                }
            }
        }
    }
});
