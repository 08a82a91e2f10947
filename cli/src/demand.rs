//! `jiesu replay`: a city's event stream (rules §5) from a JSON Lines file, as tables with the
//! guideline's labels — each demand's stage, lead and rounds, the rejected lines, the notices.

use std::fs::File;
use std::io::{BufRead, BufReader, IsTerminal};

/// Streams larger than this show a progress bar on a terminal.
const PROGRESS_BYTES: u64 = 8 << 20;

use jiesu_core::demand::{DemandState, DerivedEvent, Round, RoundEnd};
use jiesu_core::directory::Directory;
use jiesu_core::stream::{Replayer, StreamResult};
use jiesu_core::time::format_instant;
use jiesu_core::{Error, Rules};

use crate::{json, read, Failure};

/// `jiesu replay`: the report, or `Failure::Rejected` (exit 1) when a line was rejected.
pub(crate) fn replay(
    as_json: bool,
    rules: Rules,
    file: &str,
    at: Option<&str>,
    directory: Option<&str>,
    strict: bool,
) -> Result<String, Failure> {
    let (rules, dir) = with_directory(rules, directory)?;
    let result = replay_file(&rules, file, strict, at)?;
    let text = if as_json {
        json(&result)
    } else {
        replay_table(dir.as_ref(), &result)
    };
    if result.rejected.is_empty() {
        Ok(text)
    } else {
        Err(Failure::Rejected(text))
    }
}

/// The rules with the directory read from `path`, if one is given.
pub(crate) fn with_directory(
    rules: Rules,
    path: Option<&str>,
) -> Result<(Rules, Option<Directory>), Failure> {
    let Some(path) = path else {
        return Ok((rules, None));
    };
    let dir = Directory::from_json(&read(path)?).map_err(Error::from)?;
    Ok((rules.with_directory(dir.clone()), Some(dir)))
}

/// Replays a stream file line by line (never the whole file in memory at once).
pub(crate) fn replay_file(
    rules: &Rules,
    path: &str,
    strict: bool,
    at: Option<&str>,
) -> Result<StreamResult, Failure> {
    replay_file_with(rules, path, strict, at, None)
}

/// [`replay_file`], handing each demand whose life ended to `finished` as it ends instead of
/// keeping it (then memory follows the open demands; the result holds only the others).
pub(crate) fn replay_file_with(
    rules: &Rules,
    path: &str,
    strict: bool,
    at: Option<&str>,
    mut finished: Option<&mut dyn FnMut(DemandState)>,
) -> Result<StreamResult, Failure> {
    let at = at
        .map(jiesu_core::time::parse_instant)
        .transpose()
        .map_err(Error::from)?;
    let file = File::open(path).map_err(|e| Failure::Io(format!("{path}: {e}")))?;
    let size = file.metadata().map_or(0, |m| m.len());
    // A progress bar only for a large stream read by a person at a terminal.
    let bar = (size > PROGRESS_BYTES && std::io::stderr().is_terminal()).then(|| {
        let bar = indicatif::ProgressBar::new(size);
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "重放 replaying {wide_bar} {bytes}/{total_bytes} ({eta})",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    });
    let mut replayer = Replayer::new(rules, strict);
    let mut reader = BufReader::with_capacity(1 << 20, file);
    let mut line = String::new();
    loop {
        line.clear();
        let n = reader
            .read_line(&mut line)
            .map_err(|e| Failure::Io(format!("{path}: {e}")))?;
        if n == 0 {
            break;
        }
        replayer.push_line(&line)?;
        if let Some(take) = finished.as_mut() {
            for state in replayer.take_finished() {
                take(state);
            }
        }
        if let Some(bar) = &bar {
            bar.inc(n as u64);
        }
    }
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    Ok(replayer.finish(at))
}

/// A unit as `名称 (id)` when the directory knows it.
pub(crate) fn unit_label(dir: Option<&Directory>, id: &str) -> String {
    dir.and_then(|d| d.unit(id))
        .map_or_else(|| id.to_owned(), |u| format!("{} ({id})", u.name))
}

fn opt_instant(t: Option<&chrono::DateTime<chrono::FixedOffset>>) -> String {
    t.map_or_else(|| "—".to_owned(), format_instant)
}

fn on_time(r: &Round) -> &'static str {
    match r.on_time {
        Some(true) => "按时 on time",
        Some(false) => "逾期 late",
        None if r.overdue => "逾期未复 overdue",
        None => match r.ended {
            Some(RoundEnd::Escalated) => "已上报 escalated",
            Some(RoundEnd::ReturnedByUnit) => "已退单 returned by unit",
            _ => "—",
        },
    }
}

fn demand_lines(dir: Option<&Directory>, s: &DemandState, out: &mut Vec<String>) {
    let lead = s
        .lead
        .as_deref()
        .map_or_else(|| "—".to_owned(), |l| unit_label(dir, l));
    out.push(format!(
        "诉求 demand {}  {} {}  阶段 stage {} ({})  首接 lead {lead}",
        s.demand,
        s.category.label_zh(),
        s.enterprise,
        s.stage.label_zh(),
        s.stage
    ));
    for r in &s.rounds {
        out.push(format!(
            "  第{}轮 round {} {} ({:?})  承办 unit {}  截止 due {} ({})  答复 replied {}  {}",
            r.number,
            r.number,
            r.kind.label_zh(),
            r.kind,
            r.unit,
            r.due_date.map_or_else(|| "—".to_owned(), |d| d.to_string()),
            opt_instant(r.due.as_ref()),
            opt_instant(r.replied_at.as_ref()),
            on_time(r)
        ));
    }
    for f in &s.flags {
        out.push(format!(
            "  标记 flag {} ({:?}) {} {}",
            f.kind.label_zh(),
            f.kind,
            format_instant(&f.at),
            f.unit.as_deref().unwrap_or("")
        ));
    }
}

/// The replay report: demands, rejected lines, notices, counts.
pub(crate) fn replay_table(dir: Option<&Directory>, r: &StreamResult) -> String {
    let mut out = Vec::new();
    for s in &r.states {
        demand_lines(dir, s, &mut out);
    }
    out.push(format!("驳回 rejected lines  {}", r.rejected.len()));
    for x in &r.rejected {
        out.push(format!(
            "  第 {} 行 line {} ({}) [{}] {}",
            x.line,
            x.line,
            x.demand.as_deref().unwrap_or("—"),
            x.code,
            x.message
        ));
    }
    let notices: Vec<_> = r
        .derived
        .iter()
        .filter_map(|d| match d {
            DerivedEvent::Notice(n) => Some(n),
            _ => None,
        })
        .collect();
    out.push(format!("督办通知与黄牌 notices {}", notices.len()));
    for n in notices {
        out.push(format!(
            "  {}  {} ({:?})  {}  诉求 demand {} 第{}轮 round {} ({:?})",
            format_instant(&n.at),
            n.kind.label_zh(),
            n.kind,
            unit_label(dir, &n.unit),
            n.demand,
            n.round,
            n.round,
            n.limit
        ));
    }
    let c = r.counts;
    out.push(format!(
        "计数 counts  行 lines {}  应用 applied {}  驳回 rejected {}  空行 blank {}  诉求 demands {} (办理中 open {}, 已结束 finished {})  截至 at {}",
        c.lines,
        c.applied,
        c.rejected,
        c.blank,
        c.demands,
        c.open,
        c.finished,
        opt_instant(r.at.as_ref())
    ));
    out.join("\n")
}
