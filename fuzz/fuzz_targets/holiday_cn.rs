//! holiday-cn JSON files (rules §1): several files separated by NUL bytes; loading never panics,
//! and a loaded calendar answers inside its window.
#![no_main]
use jiesu_core::Calendar;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = jiesu_fuzz::text(data);
    let files: Vec<&str> = text.split('\0').collect();
    match Calendar::from_holiday_cn(&files) {
        Err(e) => jiesu_fuzz::check_code(&e.into()),
        Ok(cal) => {
            assert!(cal.first_year() <= cal.last_year());
            let _ = cal.arrangement(cal.first_year());
        }
    }
});
