//! Calendar CSV (`date,kind,name`, rules §1): loading never panics; a loaded calendar answers
//! every query inside its window, and adding working days lands on a working day.
#![no_main]
use jiesu_core::Calendar;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = jiesu_fuzz::text(data);
    match Calendar::from_csv(&text) {
        Err(e) => jiesu_fuzz::check_code(&e.into()),
        Ok(cal) => {
            let (first, last) = (cal.first_year(), cal.last_year());
            assert!(first <= last);
            let n = i64::from(data.first().copied().unwrap_or(0)) - 64;
            for year in [first, last] {
                if let Some(start) = chrono::NaiveDate::from_ymd_opt(year, 1, 1) {
                    if let Ok(due) = cal.add_working_days(start, n) {
                        if n != 0 {
                            assert_eq!(cal.is_working_day(due), Ok(true), "{start} + {n} = {due}");
                        }
                    }
                }
                let _ = cal.arrangement(year);
            }
        }
    }
});
