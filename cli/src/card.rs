//! `jiesu cards`: the colour board (督办亮牌 红黄绿, rules §6) of a stream at an instant.

use jiesu_core::card::{BoardRow, CardBoard};
use jiesu_core::directory::Directory;
use jiesu_core::time::format_instant;
use jiesu_core::Rules;
use serde::Serialize;

use crate::demand::{replay_file, unit_label, with_directory};
use crate::{json, Failure};

#[derive(Serialize)]
struct BoardJson<'a> {
    at: String,
    board: &'a [BoardRow],
}

/// `jiesu cards`: the board at `at` (default: the stream's end), or `Failure::Rejected` (exit
/// 1, board still printed) when a line was rejected.
pub(crate) fn cards(
    as_json: bool,
    rules: Rules,
    file: &str,
    at: Option<&str>,
    directory: Option<&str>,
) -> Result<String, Failure> {
    let (rules, dir) = with_directory(rules, directory)?;
    let result = replay_file(&rules, file, false, at)?;
    let Some(at) = result.at else {
        return Err(Failure::Io(format!(
            "{file}: no event applied, no instant to show"
        )));
    };
    let board: CardBoard = rules.cards(&result);
    let rows = board.board(&at);
    let text = if as_json {
        json(&BoardJson {
            at: format_instant(&at),
            board: &rows,
        })
    } else {
        board_table(dir.as_ref(), &at, &rows, result.rejected.len())
    };
    if result.rejected.is_empty() {
        Ok(text)
    } else {
        Err(Failure::Rejected(text))
    }
}

fn board_table(
    dir: Option<&Directory>,
    at: &chrono::DateTime<chrono::FixedOffset>,
    rows: &[BoardRow],
    rejected: usize,
) -> String {
    let mut out = vec![
        format!("督办亮牌 colour board (红黄绿)  截至 at {}", format_instant(at)),
        "颜色 colour | 单位 unit | 连续黄牌 yellow streak | 连续红牌 red streak | 督办通知 notices | 黄牌 yellow | 红牌 red | 约谈 interviews (分管/主要) | 最近 latest".to_owned(),
    ];
    let mut sorted: Vec<&BoardRow> = rows.iter().collect();
    // Red first, then yellow, then green; the board's order within a colour.
    sorted.sort_by_key(|r| std::cmp::Reverse(r.colour));
    for r in sorted {
        let latest = r.latest.as_ref().map_or_else(
            || "—".to_owned(),
            |c| {
                let causes: Vec<String> = c
                    .causes
                    .iter()
                    .map(|x| {
                        format!(
                            "{} 第{}轮 due {}",
                            x.demand,
                            x.round,
                            format_instant(&x.due)
                        )
                    })
                    .collect();
                format!(
                    "{} {} ← {}",
                    c.kind.label_zh(),
                    format_instant(&c.at),
                    causes.join("; ")
                )
            },
        );
        out.push(format!(
            "{} ({:?}) | {} | {} | {} | {} | {} | {} | {}/{} | {latest}",
            r.colour.label_zh(),
            r.colour,
            unit_label(dir, &r.unit),
            r.yellow_streak,
            r.red_streak,
            r.notices,
            r.yellow_cards,
            r.red_cards,
            r.deputy_interviews,
            r.principal_interviews
        ));
    }
    let count = |c: jiesu_core::Colour| rows.iter().filter(|r| r.colour == c).count();
    out.push(format!(
        "合计 totals  红 red {}  黄 yellow {}  绿 green {}  (驳回行 rejected lines {rejected})",
        count(jiesu_core::Colour::Red),
        count(jiesu_core::Colour::Yellow),
        count(jiesu_core::Colour::Green)
    ));
    out.join("\n")
}
