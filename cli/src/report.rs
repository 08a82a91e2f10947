//! `jiesu report`: the products of the cadence (rules §7) over a stream — 月度通报, 季度测评,
//! 半年排名, 年终总评 — and the what-if (`--compare`), as tables with the guideline's labels.

use jiesu_core::demand::DemandState;
use jiesu_core::directory::Directory;
use jiesu_core::evaluation::{
    period_label_zh, AccountabilityEntry, Comparison, Evaluation, Evaluator, Period, Product,
    UnitEvaluation,
};
use jiesu_core::policy::Policy;
use jiesu_core::stream::StreamResult;
use jiesu_core::time::format_instant;
use jiesu_core::{Error, Rules};

use crate::demand::unit_label;
use crate::Failure;

/// Which product a `report` asks for.
pub(crate) enum Which<'a> {
    Month(&'a str),
    Quarter(&'a str),
    Half(&'a str),
    Year(&'a str),
    Period(&'a str),
}

impl Which<'_> {
    /// The period's text and the product of the cadence it asks for.
    fn parts(&self) -> (&str, Product) {
        match self {
            Which::Month(p) => (p, Product::MonthlyNotification),
            Which::Quarter(p) => (p, Product::QuarterlyEvaluation),
            Which::Half(p) => (p, Product::HalfYearRanking),
            Which::Year(p) => (p, Product::AnnualEvaluation),
            Which::Period(p) => (p, Product::Evaluation),
        }
    }
}

/// The product asked for, over a stream file: each demand whose life ends is counted as it
/// ends and dropped (`Evaluator`), so memory follows the open demands, not the year.
pub(crate) fn product_of_file(
    rules: &Rules,
    file: &str,
    at: Option<&str>,
    which: &Which<'_>,
) -> Result<(Evaluation, StreamResult), Failure> {
    let (period, product) = which.parts();
    let period = Period::parse(period).map_err(Error::from)?;
    let mut evaluator = Evaluator::new(rules.policy(), &period, product).map_err(Error::from)?;
    let mut count = |state: DemandState| evaluator.count(&state);
    let result = crate::demand::replay_file_with(rules, file, false, at, Some(&mut count))?;
    Ok((evaluator.finish(rules.directory(), &result), result))
}

/// The product asked for, over a replayed stream.
pub(crate) fn product(
    rules: &Rules,
    result: &StreamResult,
    which: &Which<'_>,
) -> Result<Evaluation, Failure> {
    let (period, product) = which.parts();
    let period = Period::parse(period).map_err(Error::from)?;
    Ok(jiesu_core::evaluation::evaluate(
        rules.policy(),
        rules.directory(),
        result,
        &period,
        product,
    )
    .map_err(Error::from)?)
}

/// The what-if under another policy file: the stream is replayed under it when it folds
/// differently.
pub(crate) fn compare(
    rules: &Rules,
    result: &StreamResult,
    other_policy: &str,
    replay: impl Fn(&Rules) -> Result<StreamResult, Failure>,
    which: &Which<'_>,
) -> Result<Comparison, Failure> {
    let policy = Policy::from_json(&crate::read(other_policy)?).map_err(Error::from)?;
    let other = rules.with_policy(policy);
    let (period, _) = which.parts();
    match rules.compare(result, &other, None, period) {
        Err(Error::Evaluation(jiesu_core::EvaluationError::NeedsReplay { .. })) => {
            let again = replay(&other)?;
            Ok(rules.compare(result, &other, Some(&again), period)?)
        }
        other => Ok(other?),
    }
}

fn opt(s: Option<&String>) -> &str {
    s.map_or("—", String::as_str)
}

fn unit_row(dir: Option<&Directory>, u: &UnitEvaluation) -> String {
    let c = &u.counts;
    format!(
        "{} | {} | {} | {} | {} | {} | {} | {} | {} | {}/{} | {} | {} | {}",
        u.colour.label_zh(),
        unit_label(dir, &u.unit),
        c.work_orders,
        c.replies_due,
        c.on_time,
        c.overdue,
        opt(u.rates.on_time_rate.as_ref()),
        opt(u.rates.resolution_rate.as_ref()),
        opt(u.rates.satisfaction_rate.as_ref()),
        c.yellow_cards,
        c.red_cards,
        c.false_feedback,
        opt(u.score.as_ref()),
        u.rank.map_or_else(|| "—".to_owned(), |r| r.to_string())
    )
}

fn entry_line(dir: Option<&Directory>, e: &AccountabilityEntry) -> String {
    let replied = match (&e.limit, &e.replied_at) {
        (Some(_), Some(t)) => format!("  (逾期答复 replied late {})", format_instant(t)),
        (Some(_), None) => "  (未答复 not replied)".to_owned(),
        _ => String::new(),
    };
    format!(
        "  {}  {}  诉求 demand {} {}{}{replied}",
        format_instant(&e.at),
        unit_label(dir, &e.unit),
        e.demand,
        e.enterprise,
        e.round
            .map(|r| format!(" 第{r}轮 round {r}"))
            .unwrap_or_default()
    )
}

/// The product as a text report.
pub(crate) fn table(dir: Option<&Directory>, e: &Evaluation) -> String {
    let mut out = vec![format!(
        "“企呼政应、接诉即办”{}{} ({:?}, {} {}..{})  政策配置 policy {}",
        period_label_zh(&e.period),
        e.product.label_zh(),
        e.product,
        e.period.label,
        e.period.from,
        e.period.to,
        e.policy
    )];
    out.push(
        "一、单位办理情况 units — 颜色 colour | 单位 unit | 工单 work orders | 应反馈 due | 按时 on time | 逾期 overdue | 按时率 on-time % | 解决率 resolved % | 满意率 satisfied % | 黄/红牌 cards | 虚假反馈 false feedback | 得分 score | 排名 rank"
            .to_owned(),
    );
    for u in e.units.iter().filter(|u| {
        u.counts.work_orders + u.counts.replies_due + u.counts.yellow_cards > 0 || u.rank.is_some()
    }) {
        out.push(unit_row(dir, u));
    }
    let quiet = e
        .units
        .iter()
        .filter(|u| {
            u.counts.work_orders + u.counts.replies_due + u.counts.yellow_cards == 0
                && u.rank.is_none()
        })
        .count();
    out.push(format!(
        "  (另有 {quiet} 个单位本期无工单 other units had no work order)"
    ));
    out.push("二、排名 ranking (得分 → 满意率 → 按时率 → 亮牌少 → 单位编号)".to_owned());
    for g in &e.ranking {
        out.push(format!(
            "  {} ({} 个参与排名 ranked, {} 个不足最少件数 not ranked)",
            g.group,
            g.ranked.len(),
            g.unranked.len()
        ));
        for r in &g.ranked {
            out.push(format!(
                "    {}. {}  得分 {}  满意率 {}  按时率 {}  亮牌 {}",
                r.rank,
                unit_label(dir, &r.unit),
                opt(r.score.as_ref()),
                opt(r.satisfaction_rate.as_ref()),
                opt(r.on_time_rate.as_ref()),
                r.cards
            ));
        }
    }
    out.push(format!(
        "三、督办通知与亮牌 notices, cards and interviews ({})",
        e.cards.len()
    ));
    for c in &e.cards {
        let causes: Vec<String> = c
            .causes
            .iter()
            .map(|x| format!("{} 第{}轮", x.demand, x.round))
            .collect();
        out.push(format!(
            "  {}  {}  {}  ← {}",
            format_instant(&c.at),
            c.kind.label_zh(),
            unit_label(dir, &c.unit),
            causes.join("; ")
        ));
    }
    let a = &e.accountability;
    out.push(format!(
        "四、追责问责 accountability — 虚假反馈 false feedback ({})",
        a.false_feedback.len()
    ));
    out.extend(a.false_feedback.iter().map(|x| entry_line(dir, x)));
    out.push(format!(
        "  推诿扯皮 buck-passing ({})",
        a.buck_passing.len()
    ));
    out.extend(a.buck_passing.iter().map(|x| entry_line(dir, x)));
    out.push(format!(
        "  限时未办结 limits missed — 本期逾期清单 the period's overdue list ({})",
        a.limits_missed.len()
    ));
    out.extend(a.limits_missed.iter().map(|x| entry_line(dir, x)));
    if !e.bottom_two.is_empty() {
        out.push("五、年度测评后两位 书面检查 written self-examination".to_owned());
        for b in &e.bottom_two {
            let units: Vec<String> = b.units.iter().map(|u| unit_label(dir, u)).collect();
            out.push(format!(
                "  {}: {}",
                b.group,
                if units.is_empty() {
                    "—".to_owned()
                } else {
                    units.join("、")
                }
            ));
        }
    }
    out.join("\n")
}

/// The what-if as a text report.
pub(crate) fn compare_table(dir: Option<&Directory>, c: &Comparison) -> String {
    let mut out = vec![format!(
        "政策对比 what-if {}: {} → {}",
        c.period.label, c.base_policy, c.other_policy
    )];
    out.push("变更的配置 knobs changed:".to_owned());
    for k in &c.knobs {
        out.push(format!("  {}: {} → {}", k.knob, k.before, k.after));
    }
    out.push(format!(
        "受影响的单位 units that change ({}; 不变 unchanged {}):",
        c.changes.len(),
        c.unchanged
    ));
    for u in &c.changes {
        out.push(format!(
            "  {}  颜色 {}→{}  得分 {}→{}  排名 {}→{}",
            unit_label(dir, &u.unit),
            u.before.colour.label_zh(),
            u.after.colour.label_zh(),
            opt(u.before.score.as_ref()),
            opt(u.after.score.as_ref()),
            u.before
                .rank
                .map_or_else(|| "—".to_owned(), |r| r.to_string()),
            u.after
                .rank
                .map_or_else(|| "—".to_owned(), |r| r.to_string())
        ));
        for w in &u.why {
            out.push(format!("      因为 why: {w}"));
        }
    }
    out.join("\n")
}
