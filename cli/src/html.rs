//! `jiesu report --html FILE`: one self-contained page (inline CSS and SVG, no script, no
//! network) with the colour board (红黄绿), the ranking of each group as a bar chart, the
//! period's overdue list and the accountability lists — for the center to publish or print.

use std::fmt::Write as _;

use jiesu_core::card::{BoardRow, Colour};
use jiesu_core::directory::Directory;
use jiesu_core::evaluation::{period_label_zh, AccountabilityEntry, Evaluation, GroupRanking};
use jiesu_core::time::format_instant;

/// Escapes text for HTML.
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn name(dir: Option<&Directory>, id: &str) -> String {
    dir.and_then(|d| d.unit(id))
        .map_or_else(|| id.to_owned(), |u| u.name.clone())
}

fn group_zh(group: &str) -> &str {
    match group {
        "towns_streets" => "镇街(开发区)",
        "departments" => "市直部门",
        "stationed_units" => "驻滕单位",
        other => other,
    }
}

fn colour_css(c: Colour) -> &'static str {
    match c {
        Colour::Red => "red",
        Colour::Yellow => "yellow",
        Colour::Green => "green",
    }
}

/// One group's ranking as a horizontal bar chart (score 0–100).
fn ranking_svg(dir: Option<&Directory>, g: &GroupRanking) -> String {
    let (row, label_w, bar_w) = (22usize, 260usize, 400usize);
    let height = row * g.ranked.len().max(1) + 10;
    let mut svg = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{}" height="{height}" role="img" aria-label="{} 排名">"#,
        label_w + bar_w + 70,
        esc(group_zh(&g.group))
    );
    for (i, e) in g.ranked.iter().enumerate() {
        let y = i * row + 5;
        let score = e.score.as_deref().unwrap_or("0");
        // The score is a decimal string with 2 places: its hundredths set the bar's width.
        let hundredths: usize = score.replace('.', "").parse().unwrap_or(0);
        let w = bar_w * hundredths.min(10_000) / 10_000;
        let _ = write!(
            svg,
            r#"<text x="{}" y="{}" text-anchor="end" class="l">{}. {}</text><rect x="{}" y="{y}" width="{w}" height="{}" class="bar"/><text x="{}" y="{}" class="v">{}</text>"#,
            label_w - 6,
            y + 15,
            e.rank,
            esc(&name(dir, &e.unit)),
            label_w,
            row - 6,
            label_w + w + 4,
            y + 15,
            esc(score)
        );
    }
    svg.push_str("</svg>");
    svg
}

fn entries_table(dir: Option<&Directory>, title: &str, list: &[AccountabilityEntry]) -> String {
    let mut out = format!("<h3>{} ({})</h3>", esc(title), list.len());
    if list.is_empty() {
        out.push_str("<p class=\"none\">无 none</p>");
        return out;
    }
    out.push_str("<table><tr><th>时间 at</th><th>单位 unit</th><th>诉求 demand</th><th>企业 enterprise</th><th>轮次 round</th><th>答复 reply</th></tr>");
    for e in list {
        let reply = match (&e.limit, &e.replied_at) {
            (Some(_), Some(t)) => format!("逾期答复 {}", format_instant(t)),
            (Some(_), None) => "未答复 not replied".to_owned(),
            _ => "—".to_owned(),
        };
        let _ = write!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&format_instant(&e.at)),
            esc(&name(dir, &e.unit)),
            esc(&e.demand),
            esc(&e.enterprise),
            e.round.map_or_else(String::new, |r| r.to_string()),
            esc(&reply)
        );
    }
    out.push_str("</table>");
    out
}

/// The page.
pub(crate) fn page(dir: Option<&Directory>, e: &Evaluation, board: &[BoardRow]) -> String {
    let title = format!(
        "“企呼政应、接诉即办”{}{}",
        period_label_zh(&e.period),
        e.product.label_zh()
    );
    let mut out = format!(
        r#"<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>{}</title><style>
body{{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:2em;color:#222;max-width:1100px}}
h1{{font-size:1.5em}} h2{{border-bottom:2px solid #b22;padding-bottom:.2em;margin-top:2em}}
table{{border-collapse:collapse;margin:.5em 0;font-size:.9em}} td,th{{border:1px solid #ccc;padding:.25em .5em;text-align:left}}
.board{{display:flex;flex-wrap:wrap;gap:.4em}} .card{{border-radius:4px;padding:.35em .6em;font-size:.85em;border:1px solid #999}}
.red{{background:#e53935;color:#fff}} .yellow{{background:#fdd835}} .green{{background:#e8f5e9}}
svg .l{{font-size:12px}} svg .v{{font-size:12px;fill:#333}} svg .bar{{fill:#1e88e5}} .none{{color:#888}} .meta{{color:#666;font-size:.85em}}
</style></head><body><h1>{}</h1><p class="meta">统计期 period {} ({} – {}) · 截至 stream end {} · 政策配置 policy {}</p>"#,
        esc(&title),
        esc(&title),
        esc(&e.period.label),
        e.period.from,
        e.period.to,
        e.at.as_ref().map_or_else(|| "—".to_owned(), format_instant),
        esc(&e.policy)
    );
    let count = |c: Colour| board.iter().filter(|r| r.colour == c).count();
    let _ = write!(
        out,
        "<h2>一、督办亮牌 colour board</h2><p>红牌 red {} · 黄牌 yellow {} · 绿牌 green {}</p><div class=\"board\">",
        count(Colour::Red),
        count(Colour::Yellow),
        count(Colour::Green)
    );
    let mut rows: Vec<&BoardRow> = board.iter().collect();
    rows.sort_by_key(|r| std::cmp::Reverse(r.colour));
    for r in rows {
        let _ = write!(
            out,
            "<span class=\"card {}\" title=\"黄牌 {} · 红牌 {} · 约谈 {}/{}\">{}</span>",
            colour_css(r.colour),
            r.yellow_cards,
            r.red_cards,
            r.deputy_interviews,
            r.principal_interviews,
            esc(r.name.as_deref().unwrap_or(&r.unit))
        );
    }
    out.push_str("</div><h2>二、排名 ranking (得分 score)</h2>");
    for g in &e.ranking {
        let _ = write!(
            out,
            "<h3>{} ({} 个参与排名 ranked)</h3>{}",
            esc(group_zh(&g.group)),
            g.ranked.len(),
            ranking_svg(dir, g)
        );
    }
    if !e.bottom_two.is_empty() {
        out.push_str("<h3>年度测评后两位 书面检查 written self-examination</h3><ul>");
        for b in &e.bottom_two {
            let units: Vec<String> = b.units.iter().map(|u| esc(&name(dir, u))).collect();
            let _ = write!(
                out,
                "<li>{}: {}</li>",
                esc(group_zh(&b.group)),
                if units.is_empty() {
                    "—".to_owned()
                } else {
                    units.join("、")
                }
            );
        }
        out.push_str("</ul>");
    }
    out.push_str("<h2>三、逾期清单 the period's overdue list</h2>");
    out.push_str(&entries_table(
        dir,
        "限时未办结 limits missed",
        &e.accountability.limits_missed,
    ));
    out.push_str("<h2>四、追责问责 accountability</h2>");
    out.push_str(&entries_table(
        dir,
        "虚假反馈 false feedback",
        &e.accountability.false_feedback,
    ));
    out.push_str(&entries_table(
        dir,
        "推诿扯皮 buck-passing",
        &e.accountability.buck_passing,
    ));
    out.push_str("<p class=\"meta\">jiesu 接诉 · 由事件流计算 computed from the event stream</p></body></html>\n");
    out
}
