//! `jiesu` — the rules of 企呼政应、接诉即办 from a shell.
//!
//! Every command is a thin call into `jiesu-core`; tables carry the guideline's Chinese labels
//! with the English names beside them, and `--json` prints the core's serde shape instead.

mod card;
mod demand;
mod forms;
mod generate;
mod html;
mod report;

use std::fs;
use std::io::Write as _;
use std::process::ExitCode;

use chrono::{Datelike, NaiveDate, Weekday};
use clap::{Parser, Subcommand, ValueEnum};
use jiesu_core::calendar::{BeyondCoverage, Calendar, Day};
use jiesu_core::category::Category;
use jiesu_core::deadline::Deadline;
use jiesu_core::directory::{Directory, Route, RouteRequest};
use jiesu_core::policy::Policy;
use jiesu_core::policy_library::{AnswerDecision, Consultation, PolicyLibrary};
use jiesu_core::time::{format_instant, parse_date, parse_instant};
use jiesu_core::{Error, Rules};

/// 接诉 jiesu: working-day calendars and time limits of 企呼政应、接诉即办.
#[derive(Parser)]
#[command(name = "jiesu", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Calendar CSV (`date,kind,name`) to use instead of the bundled official calendar.
    #[arg(long, global = true, value_name = "FILE")]
    calendar_csv: Option<String>,
    /// Policy profile JSON (knobs over `seed`).
    #[arg(long, global = true, value_name = "FILE")]
    policy: Option<String>,
    /// Answer beyond the calendar's coverage from weekends only (results marked provisional).
    #[arg(long, global = true)]
    provisional: bool,
    /// Print JSON (the library's serde shape) instead of a table.
    #[arg(long, global = true)]
    json: bool,
}

#[derive(Subcommand)]
enum Command {
    /// A time limit from a clock start (派单时刻): first feedback by default.
    Deadline {
        /// Clock start: RFC 3339 (2026-09-30T16:20+08:00) or local time (2026-09-30 16:20).
        #[arg(long)]
        start: String,
        /// Which limit.
        #[arg(long, value_enum, default_value_t = Kind::Feedback)]
        kind: Kind,
        /// Count this many working days instead (overrides --kind).
        #[arg(long)]
        days: Option<i64>,
        /// A solution plan's completion date (解决方案办结时限), YYYY-MM-DD.
        #[arg(long, value_name = "DATE")]
        plan_date: Option<String>,
        /// The plan's explanation (required when the plan extends the limit, 延期).
        #[arg(long, default_value = "")]
        explanation: String,
    },
    /// A year's official arrangement (法定节假日与调休补班).
    Calendar {
        /// The year.
        year: i32,
    },
    /// Whether a date is a working day (工作日), and why.
    IsWorkingDay {
        /// The date, YYYY-MM-DD.
        date: String,
    },
    /// Route a demand through a dispatch directory (精准派单 · 首接负责).
    Route {
        /// The directory JSON (派单目录), e.g. `fixtures/city/directory.json`.
        #[arg(long, value_name = "FILE")]
        directory: String,
        /// Category: consultation | help | suggestion | complaint (or 咨询类 …).
        #[arg(long)]
        category: String,
        /// A topic key (repeat for several).
        #[arg(long = "topic", value_name = "KEY")]
        topics: Vec<String>,
        /// The enterprise's territory (镇街/开发区) unit id.
        #[arg(long)]
        territory: Option<String>,
        /// The level the demand is at: territory | center | government.
        #[arg(long, default_value = "center")]
        level: String,
    },
    /// Whether a demand is answered at once from the policy library (即时答复), and from which entry.
    Answer {
        /// The policy library JSON (政策库), e.g. `fixtures/city/policy_library.json`.
        #[arg(long, value_name = "FILE")]
        library: String,
        /// Category: consultation | help | suggestion | complaint (or 咨询类 …).
        #[arg(long, default_value = "consultation")]
        category: String,
        /// A topic key (repeat for several).
        #[arg(long = "topic", value_name = "KEY")]
        topics: Vec<String>,
        /// The enterprise's words.
        #[arg(long, default_value = "")]
        text: String,
        /// The intake date, YYYY-MM-DD.
        #[arg(long)]
        date: String,
    },
    /// Replay a city's event stream (JSON Lines, rules §5): each demand's stage, lead and rounds
    /// (限时办结), the rejected lines and the notices (督办通知/黄牌). Exit 1 when a line was rejected.
    Replay {
        /// The stream, one event (schema v1) per line, e.g. `fixtures/events/sample.jsonl`.
        file: String,
        /// Bring open demands to this instant (default: the stream's latest event).
        #[arg(long, value_name = "INSTANT")]
        at: Option<String>,
        /// The dispatch directory (checks units and topics, names units, finds 推诿).
        #[arg(long, value_name = "FILE")]
        directory: Option<String>,
        /// Fail on the first rejected line, with nothing applied.
        #[arg(long)]
        strict: bool,
    },
    /// The colour board of a stream (督办亮牌 红黄绿, rules §6): every unit's colour, streaks,
    /// cards and interviews at an instant, with the latest card's causes. Exit 1 when a line was
    /// rejected.
    Cards {
        /// The stream (JSON Lines, schema v1).
        file: String,
        /// The instant of the board (default: the stream's latest event).
        #[arg(long, value_name = "INSTANT")]
        at: Option<String>,
        /// The dispatch directory (lists every unit, names them).
        #[arg(long, value_name = "FILE")]
        directory: Option<String>,
    },
    /// A product of the cadence over a stream (评价督导, rules §7): 月度通报 `--month 2026-10`,
    /// 季度测评 `--quarter 2026-Q4`, 半年排名 `--half 2026-H2`, 年终总评 `--year 2026`, or any
    /// `--period 2026-10-01..2026-10-31`; `--compare POLICY.json` shows the what-if. Exit 1 when
    /// a line was rejected.
    Report {
        /// The stream (JSON Lines, schema v1).
        file: String,
        /// 月度通报: a month, 2026-10.
        #[arg(long, group = "which")]
        month: Option<String>,
        /// 季度测评: a quarter, 2026-Q4.
        #[arg(long, group = "which")]
        quarter: Option<String>,
        /// 半年排名: a half year, 2026-H2.
        #[arg(long, group = "which")]
        half: Option<String>,
        /// 年终总评: a year, 2026.
        #[arg(long, group = "which")]
        year: Option<String>,
        /// Any period: a month, quarter, half, year or 2026-10-01..2026-10-31.
        #[arg(long, group = "which")]
        period: Option<String>,
        /// The stream's end (open demands are brought to it; default its latest event).
        #[arg(long, value_name = "INSTANT")]
        at: Option<String>,
        /// The dispatch directory (unit names and ranking groups, 推诿 detection).
        #[arg(long, value_name = "FILE")]
        directory: Option<String>,
        /// Another policy (JSON): the what-if, side by side.
        #[arg(long, value_name = "POLICY.json")]
        compare: Option<String>,
        /// Also write the report as one self-contained HTML page (colour board, ranking charts,
        /// overdue and accountability lists).
        #[arg(long, value_name = "FILE")]
        html: Option<String>,
        /// Also write the period's four forms (附件2–5) into this folder, as CSV and .xlsx.
        #[arg(long, value_name = "DIR")]
        forms: Option<String>,
    },
    /// Generate a realistic, deterministic year of demands (JSON Lines in time order), every event
    /// checked by the fold; the mix is in `fixtures/city/README.md`.
    Generate {
        /// How many demands.
        #[arg(long, default_value_t = 2000)]
        demands: usize,
        /// The seed: the same seed gives the same bytes.
        #[arg(long, default_value_t = 2026)]
        seed: u64,
        /// The year.
        #[arg(long, default_value_t = 2026)]
        year: i32,
        /// The dispatch directory (units, topics, routing).
        #[arg(long, value_name = "FILE")]
        directory: String,
        /// The policy library (entries for the consultations answered at once).
        #[arg(long, value_name = "FILE")]
        library: Option<String>,
        /// Write here instead of standard output.
        #[arg(long, value_name = "FILE")]
        out: Option<String>,
    },
    /// The N-th working day strictly after a date.
    AddWorkingDays {
        /// The date, YYYY-MM-DD.
        date: String,
        /// How many working days.
        n: i64,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Kind {
    /// 报结果/申请销号 (5 working days in seed)
    Feedback,
    /// 重新办理 (3 working days in seed)
    Redo,
    /// 当天解决 (a target)
    SameDay,
    /// 当日退回
    Return,
}

/// A CLI failure: a library error (with its code), a file that could not be read, or a report
/// that is complete but had rejected lines (printed, exit status 1).
enum Failure {
    Lib(Error),
    Io(String),
    Rejected(String),
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Failure::Lib(e)
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli) {
        Ok(out) if out.is_empty() => ExitCode::SUCCESS,
        Ok(out) => {
            // A reader that stops early (`| head`) is not an error; println! would panic.
            match writeln!(std::io::stdout().lock(), "{out}") {
                Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                    eprintln!("错误 error [io]: {e}");
                    ExitCode::from(1)
                }
                _ => ExitCode::SUCCESS,
            }
        }
        Err(Failure::Lib(e)) => {
            eprintln!("错误 error [{}]: {e}", e.code());
            ExitCode::from(2)
        }
        Err(Failure::Io(msg)) => {
            eprintln!("错误 error [io]: {msg}");
            ExitCode::from(2)
        }
        Err(Failure::Rejected(out)) => {
            let _ = writeln!(std::io::stdout().lock(), "{out}");
            eprintln!("注意 note: some lines were rejected (exit status 1)");
            ExitCode::from(1)
        }
    }
}

fn read(path: &str) -> Result<String, Failure> {
    fs::read_to_string(path).map_err(|e| Failure::Io(format!("{path}: {e}")))
}

fn rules(cli: &Cli) -> Result<Rules, Failure> {
    let calendar = match &cli.calendar_csv {
        Some(path) => Calendar::from_csv(&read(path)?).map_err(Error::from)?,
        None => Calendar::china(),
    };
    let mut policy = match &cli.policy {
        Some(path) => Policy::from_json(&read(path)?).map_err(Error::from)?,
        None => Policy::seed(),
    };
    if cli.provisional {
        policy.beyond_coverage = BeyondCoverage::WeekendsOnly;
    }
    Ok(Rules::new(calendar, policy))
}

fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default()
}

fn run(cli: &Cli) -> Result<String, Failure> {
    let rules = rules(cli)?;
    let cal = rules.calendar();
    match &cli.command {
        Command::Deadline {
            start,
            kind,
            days,
            plan_date,
            explanation,
        } => deadline(
            cli,
            &rules,
            start,
            *kind,
            *days,
            plan_date.as_deref(),
            explanation,
        ),
        Command::Calendar { year } => {
            let days = cal.arrangement(*year).map_err(Error::from)?;
            Ok(if cli.json {
                json(&days)
            } else {
                arrangement_table(cal, *year, &days)
            })
        }
        Command::IsWorkingDay { date } => {
            let day = cal
                .day(parse_date(date).map_err(Error::from)?)
                .map_err(Error::from)?;
            Ok(if cli.json {
                json(&day)
            } else {
                format!("{}\n{}", day_line(&day), version_line(cal))
            })
        }
        Command::Route {
            directory,
            category,
            topics,
            territory,
            level,
        } => route(
            cli,
            directory,
            category,
            topics,
            territory.as_deref(),
            level,
        ),
        Command::Answer {
            library,
            category,
            topics,
            text,
            date,
        } => answer(cli, library, category, topics, text, date),
        Command::Replay {
            file,
            at,
            directory,
            strict,
        } => demand::replay(
            cli.json,
            rules,
            file,
            at.as_deref(),
            directory.as_deref(),
            *strict,
        ),
        Command::Cards {
            file,
            at,
            directory,
        } => card::cards(cli.json, rules, file, at.as_deref(), directory.as_deref()),
        Command::Report { .. } => report_command(cli, rules),
        Command::Generate { .. } => generate_command(cli, rules),
        Command::AddWorkingDays { date, n } => {
            let from = parse_date(date).map_err(Error::from)?;
            let to = cal.add_working_days(from, *n).map_err(Error::from)?;
            if cli.json {
                return Ok(json(
                    &serde_json::json!({ "date": from, "n": n, "result": to, "calendar_version": cal.version() }),
                ));
            }
            Ok(format!(
                "{from} + {n} 个工作日 (working days) = {to} {}\n{}",
                weekday_zh(to),
                version_line(cal)
            ))
        }
    }
}

fn deadline(
    cli: &Cli,
    rules: &Rules,
    start: &str,
    kind: Kind,
    days: Option<i64>,
    plan_date: Option<&str>,
    explanation: &str,
) -> Result<String, Failure> {
    let start = parse_instant(start).map_err(Error::from)?;
    let d = match (plan_date, days) {
        (Some(date), _) => {
            rules.plan_deadline(&start, parse_date(date).map_err(Error::from)?, explanation)?
        }
        (None, Some(n)) => rules.deadline(&start, n)?,
        (None, None) => match kind {
            Kind::Feedback => rules.feedback_deadline(&start)?,
            Kind::Redo => rules.redo_deadline(&start)?,
            Kind::SameDay => rules.same_day_target(&start)?,
            Kind::Return => rules.return_deadline(&start)?,
        },
    };
    Ok(if cli.json {
        json(&d)
    } else {
        deadline_table(&d)
    })
}

fn generate_command(cli: &Cli, rules: Rules) -> Result<String, Failure> {
    let Command::Generate {
        demands,
        seed,
        year,
        directory,
        library,
        out,
    } = &cli.command
    else {
        return Err(Failure::Io("not a generate command".to_owned()));
    };
    let (demands, seed, year) = (*demands, *seed, *year);
    let (rules, _) = demand::with_directory(rules, Some(directory))?;
    let entries = match library {
        Some(path) => PolicyLibrary::from_json(&read(path)?)
            .map_err(Error::from)?
            .entries()
            .iter()
            .map(|e| (e.id.clone(), e.topics.clone()))
            .collect(),
        None => Vec::new(),
    };
    let summary = if let Some(path) = out {
        {
            let file = fs::File::create(path).map_err(|e| Failure::Io(format!("{path}: {e}")))?;
            let mut w = std::io::BufWriter::new(file);
            let s = generate::generate(&rules, entries, demands, seed, year, &mut w)?;
            w.flush().map_err(|e| Failure::Io(format!("{path}: {e}")))?;
            s
        }
    } else {
        {
            let stdout = std::io::stdout();
            let mut w = std::io::BufWriter::new(stdout.lock());
            let s = generate::generate(&rules, entries, demands, seed, year, &mut w)?;
            w.flush().map_err(|e| Failure::Io(e.to_string()))?;
            s
        }
    };
    eprintln!(
        "生成 generated: {}",
        serde_json::to_string(&summary).unwrap_or_default()
    );
    Ok(String::new())
}

fn report_command(cli: &Cli, rules: Rules) -> Result<String, Failure> {
    let Command::Report {
        file,
        month,
        quarter,
        half,
        year,
        period,
        at,
        directory,
        compare,
        html,
        forms,
    } = &cli.command
    else {
        return Err(Failure::Io("not a report".to_owned()));
    };
    let which = match (month, quarter, half, year, period) {
        (Some(p), ..) => report::Which::Month(p),
        (_, Some(p), ..) => report::Which::Quarter(p),
        (_, _, Some(p), ..) => report::Which::Half(p),
        (_, _, _, Some(p), _) => report::Which::Year(p),
        (.., Some(p)) => report::Which::Period(p),
        _ => {
            return Err(Failure::Io(
                "give one of --month, --quarter, --half, --year, --period".to_owned(),
            ))
        }
    };
    let (rules, dir) = demand::with_directory(rules, directory.as_deref())?;
    // The forms and the what-if need every state; the report alone counts each demand as its
    // life ends and keeps only the open ones.
    let (product, result) = if forms.is_some() || compare.is_some() {
        (
            None,
            demand::replay_file(&rules, file, false, at.as_deref())?,
        )
    } else {
        let (e, result) = report::product_of_file(&rules, file, at.as_deref(), &which)?;
        (Some(e), result)
    };
    let text = if let Some(other) = compare {
        let c = report::compare(
            &rules,
            &result,
            other,
            |r| demand::replay_file(r, file, false, at.as_deref()),
            &which,
        )?;
        if cli.json {
            json(&c)
        } else {
            report::compare_table(dir.as_ref(), &c)
        }
    } else {
        let e = match product {
            Some(e) => e,
            None => report::product(&rules, &result, &which)?,
        };
        if let Some(folder) = forms {
            let written = forms::write_forms(
                std::path::Path::new(folder),
                &result,
                dir.as_ref(),
                e.period.from,
                e.period.to,
            )?;
            for line in written {
                eprintln!("表格 form {line}");
            }
        }
        if let Some(path) = html {
            let board = rules.cards(&result).board(&e.as_of());
            fs::write(path, html::page(dir.as_ref(), &e, &board))
                .map_err(|err| Failure::Io(format!("{path}: {err}")))?;
            eprintln!("HTML 报告 report: {path}");
        }
        if cli.json {
            json(&e)
        } else {
            report::table(dir.as_ref(), &e)
        }
    };
    if result.rejected.is_empty() {
        Ok(text)
    } else {
        Err(Failure::Rejected(text))
    }
}

fn weekday_zh(date: NaiveDate) -> &'static str {
    match date.weekday() {
        Weekday::Mon => "星期一",
        Weekday::Tue => "星期二",
        Weekday::Wed => "星期三",
        Weekday::Thu => "星期四",
        Weekday::Fri => "星期五",
        Weekday::Sat => "星期六",
        Weekday::Sun => "星期日",
    }
}

fn day_line(day: &Day) -> String {
    let status = if day.working {
        "工作日 working"
    } else {
        "休息日 day off"
    };
    let name = day.name.as_deref().unwrap_or("");
    let provisional = if day.provisional {
        "  [临时 provisional]"
    } else {
        ""
    };
    format!(
        "{} {}  {status}  {} {name}{provisional}",
        day.date,
        weekday_zh(day.date),
        day.kind.label_zh()
    )
}

fn version_line(cal: &Calendar) -> String {
    format!("日历版本 calendar version: {}", cal.version())
}

fn yes_no(b: bool) -> &'static str {
    if b {
        "是 yes"
    } else {
        "否 no"
    }
}

fn deadline_table(d: &Deadline) -> String {
    let mut out = vec![
        format!("时限 limit            {} ({:?})", d.kind.label_zh(), d.kind),
        format!(
            "起算 clock start      {} {}",
            format_instant(&d.start),
            weekday_zh(d.start.date_naive())
        ),
        format!("工作日数 working days {}", d.working_days),
        format!(
            "截止日期 due date     {} {}",
            d.due_date,
            weekday_zh(d.due_date)
        ),
        format!(
            "截止时刻 due instant  {}  (早于此刻答复为按时 on time iff strictly before)",
            format_instant(&d.due)
        ),
    ];
    if let Some(ext) = d.extension_working_days {
        out.push(format!(
            "延期 extension        {ext} 个工作日 working days past the feedback limit"
        ));
    }
    out.push(format!("跳过 skipped          {} 天 days", d.skipped.len()));
    out.extend(d.skipped.iter().map(|day| format!("  {}", day_line(day))));
    if !d.make_up_days.is_empty() {
        out.push(format!(
            "调休补班 make-up days {} 天 days counted",
            d.make_up_days.len()
        ));
        out.extend(
            d.make_up_days
                .iter()
                .map(|day| format!("  {}", day_line(day))),
        );
    }
    out.push(format!("临时结果 provisional  {}", yes_no(d.provisional)));
    out.push(format!("日历版本 calendar     {}", d.calendar_version));
    out.push(format!("政策配置 policy       {}", d.policy));
    out.join("\n")
}

fn arrangement_table(cal: &Calendar, year: i32, days: &[Day]) -> String {
    let mut out = vec![format!(
        "{year} 年节假日安排 official arrangement ({} 天 days)",
        days.len()
    )];
    out.extend(days.iter().map(day_line));
    if days.is_empty() {
        out.push(
            "  (无官方安排 no official arrangement: outside coverage, answered from weekends only)"
                .to_owned(),
        );
    }
    out.push(version_line(cal));
    out.join("\n")
}

fn route(
    cli: &Cli,
    directory: &str,
    category: &str,
    topics: &[String],
    territory: Option<&str>,
    level: &str,
) -> Result<String, Failure> {
    let dir = Directory::from_json(&read(directory)?).map_err(Error::from)?;
    // The request is read by the core's own reader, so a bad value is its typed error.
    let request = serde_json::json!({
        "category": Category::parse(category).map_err(Error::from)?,
        "topics": topics, "territory": territory, "level": level,
    });
    let request = RouteRequest::from_json(&request.to_string()).map_err(Error::from)?;
    let route = dir.route(&request).map_err(Error::from)?;
    Ok(if cli.json {
        json(&route)
    } else {
        route_table(&dir, &route)
    })
}

fn answer(
    cli: &Cli,
    library: &str,
    category: &str,
    topics: &[String],
    text: &str,
    date: &str,
) -> Result<String, Failure> {
    let lib = PolicyLibrary::from_json(&read(library)?).map_err(Error::from)?;
    let category = Category::parse(category).map_err(Error::from)?;
    let consultation = Consultation::new(
        topics.to_vec(),
        text,
        parse_date(date).map_err(Error::from)?,
    );
    let decision = lib.instant_answer(category, &consultation);
    Ok(if cli.json {
        json(&decision)
    } else {
        answer_table(&decision)
    })
}

fn unit_name(dir: &Directory, id: &str) -> String {
    dir.unit(id)
        .map_or_else(|| id.to_owned(), |u| format!("{} ({id})", u.name))
}

fn route_table(dir: &Directory, route: &Route) -> String {
    let mut out = vec![format!(
        "层级 level           {} ({:?})",
        route.level.label_zh(),
        route.level
    )];
    match &route.lead {
        Some(lead) => {
            out.push(format!("首接单位 lead        {}", unit_name(dir, lead)));
            let why = route
                .lead_reason
                .map(|r| format!("{r:?}"))
                .unwrap_or_default();
            out.push(format!(
                "依据 chosen by       rule {} ({why})",
                route.lead_rule.as_deref().unwrap_or("—")
            ));
        }
        None => out.push("首接单位 lead        — 无派单规则: 推进中心人工派单 (manual)".to_owned()),
    }
    let co: Vec<String> = route.co_units.iter().map(|u| unit_name(dir, u)).collect();
    out.push(format!(
        "协办单位 co-units    {}",
        if co.is_empty() {
            "—".to_owned()
        } else {
            co.join("、")
        }
    ));
    for m in &route.matched {
        out.push(format!(
            "  规则 rule {} · {} · {:?} · 优先级 priority {} → {}",
            m.rule, m.topic, m.specificity, m.priority, m.lead
        ));
    }
    if !route.unmatched_topics.is_empty() {
        out.push(format!(
            "未匹配 unmatched     {}",
            route.unmatched_topics.join(", ")
        ));
    }
    if let Some(next) = route.next_level {
        out.push(format!(
            "上一级 next level    {} ({next:?})",
            next.label_zh()
        ));
    }
    out.join("\n")
}

fn answer_table(d: &AnswerDecision) -> String {
    let mut out = vec![format!(
        "即时答复 answered    {} ({:?})",
        yes_no(d.answered),
        d.reason
    )];
    if let (Some(entry), Some(answer)) = (&d.entry, &d.answer) {
        out.push(format!("政策库条目 entry     {entry}"));
        out.push(format!("答复 answer          {answer}"));
    } else {
        out.push("派单 dispatch        不能即时答复的, 按派单目录转办 (dispatched through the directory)".to_owned());
    }
    for m in &d.matches {
        let hits: Vec<String> = m
            .hits
            .iter()
            .map(|h| format!("{:?}:{}", h.kind, h.value))
            .collect();
        out.push(format!(
            "  匹配 match {} {} · {} 分 points · {}",
            m.id,
            m.title,
            m.score,
            hits.join(" ")
        ));
    }
    for n in &d.not_in_force {
        out.push(format!(
            "  不在有效期 not in force {} {} ({:?})",
            n.id, n.title, n.status
        ));
    }
    out.join("\n")
}
