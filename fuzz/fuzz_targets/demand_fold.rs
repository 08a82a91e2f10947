//! A structured target for the demand fold (rules §5): arbitrary sequences of well-formed events
//! for a few demands — any type in any order, units and instants drawn from small pools so that
//! many are accepted — replayed under the sample city's rules. The invariants are those of
//! `jiesu_fuzz::check_stream`: no due date on a non-working day, a rejected event leaves the
//! state unchanged (the stream without it gives the same states), the counts add up.
#![no_main]
use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;

const UNITS: [&str; 8] = [
    "kaifaqu",
    "state_grid",
    "guanqiao_zhen",
    "public_security",
    "social_governance",
    "tax",
    "center",
    "no_such_unit",
];
const TOPICS: [&str; 4] = ["power_supply", "tax", "land_use", "public_order"];
const CATEGORIES: [&str; 5] = ["consultation", "help", "suggestion", "complaint", "投诉类"];
const SATISFACTION: [&str; 6] = [
    "very_satisfied",
    "fairly_satisfied",
    "basically_satisfied",
    "unsatisfied",
    "unreached",
    "不满意",
];

#[derive(Arbitrary, Debug)]
enum Step {
    Received { category: u8, topic: u8, territory: u8 },
    Answered { known_entry: bool },
    TerritoryHandling { unit: u8 },
    Escalated { government: bool },
    Dispatched { lead: u8, co: u8, rule: bool },
    Signed { unit: u8 },
    ReturnedByUnit { unit: u8 },
    PlanSubmitted { unit: u8, days: u8, explained: bool },
    Replied { unit: u8, resolved: bool, contacted: bool },
    Callback { satisfaction: u8, resolved: bool, contacted: bool },
    Returned,
    VerificationSubmitted { unit: u8 },
    Verified { close: bool },
    Closed,
}

#[derive(Arbitrary, Debug)]
struct Line {
    demand: u8,
    /// Minutes after the previous line's instant (one line in 16 goes back in time instead).
    minutes: u16,
    step: Step,
}

fn pick<'a>(pool: &[&'a str], i: u8) -> &'a str {
    pool.get(usize::from(i) % pool.len()).copied().unwrap_or("")
}

fn line(demand: u8, at: &str, step: &Step) -> String {
    let head = format!(r#"{{"v":1,"demand":"F-{}","at":"{at}","#, demand % 3);
    let body = match step {
        Step::Received { category, topic, territory } => format!(
            r#""type":"received","category":"{}","topics":["{}"],"territory":"{}","enterprise":"某公司","text":"诉求""#,
            pick(&CATEGORIES, *category),
            pick(&TOPICS, *topic),
            pick(&UNITS[..3], *territory)
        ),
        Step::Answered { known_entry } => format!(
            r#""type":"answered","entry":"{}""#,
            if *known_entry { "tax-rd-super-deduction" } else { "x" }
        ),
        Step::TerritoryHandling { unit } => {
            format!(r#""type":"territory_handling","unit":"{}""#, pick(&UNITS, *unit))
        }
        Step::Escalated { government } => format!(
            r#""type":"escalated","to":"{}","reason":"本级不能解决""#,
            if *government { "government" } else { "center" }
        ),
        Step::Dispatched { lead, co, rule } => format!(
            r#""type":"dispatched","lead":"{}","co_units":["{}"]{}"#,
            pick(&UNITS, *lead),
            pick(&UNITS, *co),
            if *rule { r#","rule":"power-supply""# } else { "" }
        ),
        Step::Signed { unit } => format!(r#""type":"signed","unit":"{}""#, pick(&UNITS, *unit)),
        Step::ReturnedByUnit { unit } => format!(
            r#""type":"returned_by_unit","unit":"{}","reason":"不属于本单位职责""#,
            pick(&UNITS, *unit)
        ),
        Step::PlanSubmitted { unit, days, explained } => {
            let completion = chrono::NaiveDate::from_ymd_opt(2026, 9, 25)
                .and_then(|d| d.checked_add_days(chrono::Days::new(u64::from(*days))))
                .map_or_else(|| "2026-10-30".to_owned(), |d| d.to_string());
            format!(
                r#""type":"plan_submitted","unit":"{}","completion":"{completion}"{}"#,
                pick(&UNITS, *unit),
                if *explained { r#","explanation":"工期长""# } else { "" }
            )
        }
        Step::Replied { unit, resolved, contacted } => format!(
            r#""type":"replied","unit":"{}","resolved":{resolved},"contacted":{contacted},"method":"现场""#,
            pick(&UNITS, *unit)
        ),
        Step::Callback { satisfaction, resolved, contacted } => format!(
            r#""type":"callback","satisfaction":"{}","resolved":{resolved},"contacted":{contacted}"#,
            pick(&SATISFACTION, *satisfaction)
        ),
        Step::Returned => r#""type":"returned""#.to_owned(),
        Step::VerificationSubmitted { unit } => format!(
            r#""type":"verification_submitted","unit":"{}","signed_by":"李主任""#,
            pick(&UNITS, *unit)
        ),
        Step::Verified { close } => format!(
            r#""type":"verified","opinion":"{}""#,
            if *close { "close" } else { "redo" }
        ),
        Step::Closed => r#""type":"closed""#.to_owned(),
    };
    format!("{head}{body}}}")
}

fuzz_target!(|lines: Vec<Line>| {
    // From the Thursday before National Day 2026, so limits cross the holiday and its make-up days.
    let Some(mut at) = chrono::NaiveDate::from_ymd_opt(2026, 9, 24).and_then(|d| d.and_hms_opt(9, 0, 0))
    else {
        return;
    };
    let mut text = String::new();
    for l in lines.iter().take(64) {
        let minutes = i64::from(l.minutes % 4096);
        let step = if l.minutes % 16 == 15 { -minutes } else { minutes };
        at += chrono::Duration::minutes(step * 7);
        let stamp = at.format("%Y-%m-%dT%H:%M:%S+08:00").to_string();
        text.push_str(&line(l.demand, &stamp, &l.step));
        text.push('\n');
    }
    jiesu_fuzz::check_stream(&text);
});
