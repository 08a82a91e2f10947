//! Forms (rules §9; the guideline's 附件2–5): the rows of the four forms from a replayed event
//! stream, over a date range, as CSV (UTF-8 with BOM, CRLF, RFC 4180 — opens in Excel) or JSON.
//!
//! | form | key | 附件 | one row per … in the range | columns |
//! |---|---|---|---|---|
//! | 问题台账 | `ledger` | 2 | demand received | [`LEDGER_HEADERS`] |
//! | 转办清单 | `transfer` | 3 | dispatch (派单) | [`TRANSFER_HEADERS`] |
//! | 解决反馈表 | `feedback` | 4 | reply (报结果) | [`FEEDBACK_HEADERS`] |
//! | 满意度评价表 | `satisfaction` | 5 | reached callback (电话回访) | [`SATISFACTION_HEADERS`] |
//!
//! A row is in the range when the instant that makes it (the receipt, the dispatch, the reply,
//! the callback) falls, as a +08:00 civil date, in `from..=to`. Rows are ordered by that instant,
//! then demand id, then position in the demand; 序号 numbers them from 1. Rejected lines of the
//! stream are not in any form.
//!
//! **What the stream does not say**, pinned (and in `fixtures/vectors/forms/decisions.json`):
//! - Unit names: the directory's name of the unit when a [`Directory`] is given and lists it,
//!   else the unit id.
//! - 建议解决部门 (ledger): the lead of the demand's **last dispatch**, with its co-units as
//!   `主办（协办：甲、乙）`; a demand its territory handles at its own level (本级解决) names the
//!   territory; a demand never dispatched (answered at once, still received or escalated) leaves it
//!   empty. 建议解决部门 (transfer list): that dispatch's lead and co-units, written the same way.
//! - 备注 (ledger): the demand's stage at the end of the stream, as its Chinese label (已销号,
//!   办理中, 即时答复, …).
//! - 企业联系人及联系方式: the `received` event's `contact`, or empty.
//! - Transfer list: only `dispatched` events are transfers (转办); a territory handling its own
//!   demand and an escalation are not.
//! - 是否解决 (feedback): 是 / 否 from the reply's `resolved`; 解决方式: the reply's `method`;
//!   所属镇街(部门): the replying unit (the round's lead); 镇街(部门)联系人及联系方式: empty (the
//!   stream carries no unit contacts); 备注: the round's kind (首次办理 / 重新办理), with `；逾期答复`
//!   when the reply missed its limit.
//! - Satisfaction form: `unreached` callbacks (未接通) are not rows; 解决情况: 已解决 / 未解决 from the
//!   callback's `resolved` (the enterprise's word); 解决部门: the lead of the round the callback
//!   rates; 满意度评价: the 附件5 label (非常满意, 比较满意, 基本满意, 不满意); 意见建议: empty.
//! - Headers: the rule book's (§9). The scanned 附件3 and 附件4 head their description column
//!   存在问题、困难、诉求描述, as the ledger does; the rule book names it 诉求描述 and is
//!   authoritative.
//! - CSV: the header row, then the rows (no title line: the title is the form's `title` field);
//!   every record ends in CRLF, the text starts with a UTF-8 BOM; a cell containing a comma, a
//!   quote, CR or LF is quoted with its quotes doubled (a line break inside a cell is kept); a cell
//!   starting with `=`, `+`, `-`, `@`, a tab or CR gets a leading apostrophe so that Excel shows it
//!   as text instead of running it as a formula (enterprise text comes from outside; the JSON
//!   keeps the strings as given).
//!
//! ```
//! use jiesu_core::forms::{build_form, FormKind};
//! use jiesu_core::{time::parse_date, Rules};
//!
//! let stream = concat!(
//!     r#"{"v":1,"demand":"D-1","type":"received","at":"2026-10-12T09:00+08:00","category":"help","topics":["power_supply"],"territory":"kaifaqu","enterprise":"某机械公司","text":"用电增容","contact":"王经理 138****0001"}"#, "\n",
//!     r#"{"v":1,"demand":"D-1","type":"dispatched","at":"2026-10-12T10:00+08:00","lead":"state_grid","co_units":[]}"#,
//! );
//! let result = Rules::default().replay_stream(stream, false, None)?;
//! let form = build_form(FormKind::Transfer, &result, None, parse_date("2026-10-01")?, parse_date("2026-10-31")?)?;
//! assert_eq!(form.rows[0].cells, ["1", "某机械公司", "用电增容", "王经理 138****0001", "state_grid"]);
//! assert!(form.to_csv().starts_with("\u{feff}序号,企业名称,诉求描述,"));
//! # Ok::<(), jiesu_core::Error>(())
//! ```

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::demand::{DemandState, Dispatch, Opening, RoundKind, Satisfaction};
use crate::directory::Directory;
use crate::stream::StreamResult;
use crate::time::to_cst;

/// Errors building forms.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum FormsError {
    /// The name is not one of the four forms.
    #[error("unknown form {name:?}: expected ledger (问题台账), transfer (转办清单), feedback (解决反馈表) or satisfaction (满意度评价表)")]
    UnknownForm {
        /// The name given.
        name: String,
    },
    /// The range's first date is after its last.
    #[error("invalid range {from}..={to}: the first date is after the last")]
    InvalidRange {
        /// The first date.
        from: NaiveDate,
        /// The last date.
        to: NaiveDate,
    },
}

impl FormsError {
    /// Every code of this module.
    pub const CODES: &'static [&'static str] = &["forms_unknown_form", "forms_invalid_range"];

    /// The stable `snake_case` code.
    pub fn code(&self) -> &'static str {
        match self {
            FormsError::UnknownForm { .. } => "forms_unknown_form",
            FormsError::InvalidRange { .. } => "forms_invalid_range",
        }
    }
}

/// 附件2 问题台账: the columns, in the guideline's order.
pub const LEDGER_HEADERS: [&str; 6] = [
    "序号",
    "企业名称",
    "存在问题、困难、诉求描述",
    "建议解决部门",
    "企业联系人及联系方式",
    "备注",
];

/// 附件3 转办清单: the columns, in the guideline's order.
pub const TRANSFER_HEADERS: [&str; 5] = [
    "序号",
    "企业名称",
    "诉求描述",
    "企业联系人及联系方式",
    "建议解决部门",
];

/// 附件4 解决反馈表: the columns, in the guideline's order.
pub const FEEDBACK_HEADERS: [&str; 8] = [
    "序号",
    "企业名称",
    "诉求描述",
    "是否解决",
    "解决方式",
    "所属镇街(部门)",
    "镇街(部门)联系人及联系方式",
    "备注",
];

/// 附件5 满意度评价表: the columns, in the guideline's order.
pub const SATISFACTION_HEADERS: [&str; 6] = [
    "序号",
    "问题描述",
    "解决情况",
    "解决部门",
    "满意度评价",
    "意见建议",
];

/// One of the guideline's four forms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FormKind {
    /// 附件2 企业发展、项目建设问题台账.
    Ledger,
    /// 附件3 企业发展、项目建设问题转办清单.
    Transfer,
    /// 附件4 企业发展、项目建设问题解决反馈表.
    Feedback,
    /// 附件5 企业发展、项目建设问题解决情况满意度评价表.
    Satisfaction,
}

impl FormKind {
    /// The four forms, in the guideline's order (附件2–5).
    pub const ALL: [FormKind; 4] = [
        FormKind::Ledger,
        FormKind::Transfer,
        FormKind::Feedback,
        FormKind::Satisfaction,
    ];

    /// The `snake_case` key.
    pub fn key(self) -> &'static str {
        match self {
            FormKind::Ledger => "ledger",
            FormKind::Transfer => "transfer",
            FormKind::Feedback => "feedback",
            FormKind::Satisfaction => "satisfaction",
        }
    }

    /// The short Chinese name (问题台账, 转办清单, 解决反馈表, 满意度评价表).
    pub fn label_zh(self) -> &'static str {
        match self {
            FormKind::Ledger => "问题台账",
            FormKind::Transfer => "转办清单",
            FormKind::Feedback => "解决反馈表",
            FormKind::Satisfaction => "满意度评价表",
        }
    }

    /// The form's title as the guideline prints it (e.g. `企业发展、项目建设问题台账`).
    pub fn title(self) -> &'static str {
        match self {
            FormKind::Ledger => "企业发展、项目建设问题台账",
            FormKind::Transfer => "企业发展、项目建设问题转办清单",
            FormKind::Feedback => "企业发展、项目建设问题解决反馈表",
            FormKind::Satisfaction => "企业发展、项目建设问题解决情况满意度评价表",
        }
    }

    /// The attachment it is in the guideline (`附件2` … `附件5`).
    pub fn attachment(self) -> &'static str {
        match self {
            FormKind::Ledger => "附件2",
            FormKind::Transfer => "附件3",
            FormKind::Feedback => "附件4",
            FormKind::Satisfaction => "附件5",
        }
    }

    /// The column headers, in the guideline's order.
    pub fn headers(self) -> &'static [&'static str] {
        match self {
            FormKind::Ledger => &LEDGER_HEADERS,
            FormKind::Transfer => &TRANSFER_HEADERS,
            FormKind::Feedback => &FEEDBACK_HEADERS,
            FormKind::Satisfaction => &SATISFACTION_HEADERS,
        }
    }

    /// Reads a form's name: the key (ASCII case-insensitive), the short Chinese name, the title
    /// or the attachment (`附件2`); anything else is `forms_unknown_form`.
    pub fn parse(name: &str) -> Result<FormKind, FormsError> {
        let t = name.trim();
        FormKind::ALL
            .into_iter()
            .find(|k| {
                t.eq_ignore_ascii_case(k.key())
                    || t == k.label_zh()
                    || t == k.title()
                    || t == k.attachment()
            })
            .ok_or_else(|| FormsError::UnknownForm {
                name: name.to_owned(),
            })
    }
}

impl std::str::FromStr for FormKind {
    type Err = FormsError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        FormKind::parse(s)
    }
}

impl std::fmt::Display for FormKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.key())
    }
}

/// One row of a form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FormRow {
    /// The demand it comes from.
    pub demand: String,
    /// The instant that puts it in the range (receipt, dispatch, reply or callback), +08:00.
    pub at: DateTime<FixedOffset>,
    /// The cells, one per header, in the headers' order (序号 first, as text).
    pub cells: Vec<String>,
}

/// A form's rows over a date range (rules §9).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Form {
    /// Which form.
    pub kind: FormKind,
    /// Its attachment in the guideline (`附件2` … `附件5`).
    pub attachment: String,
    /// Its title (e.g. `企业发展、项目建设问题台账`), for a sheet's title line.
    pub title: String,
    /// The range's first date.
    pub from: NaiveDate,
    /// The range's last date.
    pub to: NaiveDate,
    /// The column headers, in the guideline's order.
    pub headers: Vec<String>,
    /// The rows, in order; 序号 is the first cell.
    pub rows: Vec<FormRow>,
}

impl Form {
    /// The form as CSV: a UTF-8 BOM, the header row, then one record per row; CRLF after every
    /// record; RFC 4180 quoting (a cell with a comma, a quote, CR or LF is quoted, its quotes
    /// doubled). Opens in Excel with the Chinese intact.
    pub fn to_csv(&self) -> String {
        let mut out = String::from('\u{feff}');
        push_record(&mut out, self.headers.iter().map(String::as_str));
        for row in &self.rows {
            push_record(&mut out, row.cells.iter().map(String::as_str));
        }
        out
    }

    /// The form as JSON (the serde shape: `kind`, `attachment`, `title`, `from`, `to`,
    /// `headers`, `rows` of `{demand, at, cells}`).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// A cell that Excel would read as a formula (`=`, `+`, `-`, `@`, or a leading tab or CR) gets
/// a leading apostrophe: enterprise text comes from outside (CSV injection, OWASP).
fn neutralised(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

fn push_record<'a>(out: &mut String, cells: impl Iterator<Item = &'a str>) {
    for (i, cell) in cells.enumerate() {
        if i > 0 {
            out.push(',');
        }
        let cell = neutralised(cell);
        let cell = cell.as_ref();
        if cell.contains([',', '"', '\r', '\n']) {
            out.push('"');
            out.push_str(&cell.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(cell);
        }
    }
    out.push_str("\r\n");
}

/// A row before numbering: its instant, demand, position in the demand, and cells after 序号.
type Draft = (DateTime<FixedOffset>, String, usize, Vec<String>);

/// Builds a form's rows from a replayed stream over `from..=to` (rules §9): see the module docs
/// for what each column holds. `directory` gives units their names (else their ids).
pub fn build_form(
    kind: FormKind,
    result: &StreamResult,
    directory: Option<&Directory>,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Form, FormsError> {
    if from > to {
        return Err(FormsError::InvalidRange { from, to });
    }
    let names = Names(directory);
    let in_range = |t: &DateTime<FixedOffset>| {
        let d = to_cst(t).date_naive();
        from <= d && d <= to
    };
    let mut drafts: Vec<Draft> = Vec::new();
    for s in &result.states {
        let rows = match kind {
            FormKind::Ledger => ledger_drafts(s, &names, &in_range),
            FormKind::Transfer => transfer_drafts(s, &names, &in_range),
            FormKind::Feedback => feedback_drafts(s, &names, &in_range),
            FormKind::Satisfaction => satisfaction_drafts(s, &names, &in_range),
        };
        drafts.extend(rows);
    }
    drafts.sort_by(|a, b| (a.0, &a.1, a.2).cmp(&(b.0, &b.1, b.2)));
    let rows = drafts
        .into_iter()
        .enumerate()
        .map(|(n, (at, demand, _, cells))| {
            let mut all = Vec::with_capacity(cells.len() + 1);
            all.push((n + 1).to_string());
            all.extend(cells);
            FormRow {
                demand,
                at: to_cst(&at),
                cells: all,
            }
        })
        .collect();
    Ok(Form {
        kind,
        attachment: kind.attachment().to_owned(),
        title: kind.title().to_owned(),
        from,
        to,
        headers: kind.headers().iter().map(|h| (*h).to_owned()).collect(),
        rows,
    })
}

/// 问题台账: the demand, if received in the range.
fn ledger_drafts(
    s: &DemandState,
    names: &Names<'_>,
    in_range: &dyn Fn(&DateTime<FixedOffset>) -> bool,
) -> Vec<Draft> {
    if !in_range(&s.received_at) {
        return Vec::new();
    }
    vec![(s.received_at, s.demand.clone(), 0, ledger_cells(s, names))]
}

/// 转办清单: the dispatches in the range.
fn transfer_drafts(
    s: &DemandState,
    names: &Names<'_>,
    in_range: &dyn Fn(&DateTime<FixedOffset>) -> bool,
) -> Vec<Draft> {
    s.dispatches
        .iter()
        .enumerate()
        .filter(|(_, d)| in_range(&d.at))
        .map(|(i, d)| {
            let cells = vec![
                s.enterprise.clone(),
                s.text.clone(),
                s.contact.clone().unwrap_or_default(),
                names.dispatch(d),
            ];
            (d.at, s.demand.clone(), i, cells)
        })
        .collect()
}

/// 解决反馈表: the replies in the range.
fn feedback_drafts(
    s: &DemandState,
    names: &Names<'_>,
    in_range: &dyn Fn(&DateTime<FixedOffset>) -> bool,
) -> Vec<Draft> {
    let mut out = Vec::new();
    for (i, r) in s.rounds.iter().enumerate() {
        let (Some(at), Some(reply)) = (r.replied_at, r.reply.as_ref()) else {
            continue;
        };
        if !in_range(&at) {
            continue;
        }
        let mut note = r.kind.label_zh().to_owned();
        if r.on_time == Some(false) {
            note.push_str("；逾期答复");
        }
        let cells = vec![
            s.enterprise.clone(),
            s.text.clone(),
            if reply.resolved { "是" } else { "否" }.to_owned(),
            reply.method.clone(),
            names.unit(&r.unit),
            String::new(),
            note,
        ];
        out.push((at, s.demand.clone(), i, cells));
    }
    out
}

/// 满意度评价表: the reached callbacks in the range.
fn satisfaction_drafts(
    s: &DemandState,
    names: &Names<'_>,
    in_range: &dyn Fn(&DateTime<FixedOffset>) -> bool,
) -> Vec<Draft> {
    let mut out = Vec::new();
    for (i, c) in s.callbacks.iter().enumerate() {
        // 未接通: no evaluation took place.
        if c.satisfaction == Satisfaction::Unreached || !in_range(&c.at) {
            continue;
        }
        let unit = s
            .rounds
            .iter()
            .find(|r| r.number == c.round)
            .map(|r| names.unit(&r.unit))
            .unwrap_or_default();
        let resolved = match c.resolved {
            Some(true) => "已解决",
            Some(false) => "未解决",
            None => "",
        };
        let cells = vec![
            s.text.clone(),
            resolved.to_owned(),
            unit,
            c.satisfaction.label_zh().to_owned(),
            String::new(),
        ];
        out.push((c.at, s.demand.clone(), i, cells));
    }
    out
}

/// The ledger's cells after 序号.
fn ledger_cells(s: &DemandState, names: &Names<'_>) -> Vec<String> {
    let department = match s.dispatches.last() {
        Some(d) => names.dispatch(d),
        None => s
            .rounds
            .iter()
            .find(|r| r.opened_by == Opening::TerritoryHandling && r.kind == RoundKind::First)
            .map(|r| names.unit(&r.unit))
            .unwrap_or_default(),
    };
    vec![
        s.enterprise.clone(),
        s.text.clone(),
        department,
        s.contact.clone().unwrap_or_default(),
        s.stage.label_zh().to_owned(),
    ]
}

/// Unit names from the directory, when one is given.
struct Names<'a>(Option<&'a Directory>);

impl Names<'_> {
    fn unit(&self, id: &str) -> String {
        self.0
            .and_then(|d| d.unit(id))
            .map_or_else(|| id.to_owned(), |u| u.name.clone())
    }

    /// `主办` or `主办（协办：甲、乙）`.
    fn dispatch(&self, d: &Dispatch) -> String {
        let lead = self.unit(&d.lead);
        if d.co_units.is_empty() {
            return lead;
        }
        let co: Vec<String> = d.co_units.iter().map(|u| self.unit(u)).collect();
        format!("{lead}（协办：{}）", co.join("、"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quoting_and_line_ends() {
        let mut out = String::new();
        push_record(&mut out, ["a", "b,c", "say \"hi\"", "x\ny", ""].into_iter());
        assert_eq!(out, "a,\"b,c\",\"say \"\"hi\"\"\",\"x\ny\",\r\n");
    }

    #[test]
    fn every_code_is_listed() {
        let d = crate::time::parse_date("2026-10-01").unwrap();
        let codes = [
            FormsError::UnknownForm {
                name: String::new(),
            }
            .code(),
            FormsError::InvalidRange { from: d, to: d }.code(),
        ];
        assert_eq!(codes, FormsError::CODES);
    }

    #[test]
    fn names_parse() {
        for k in FormKind::ALL {
            assert_eq!(FormKind::parse(k.key()), Ok(k));
            assert_eq!(FormKind::parse(k.label_zh()), Ok(k));
            assert_eq!(FormKind::parse(k.title()), Ok(k));
            assert_eq!(k.attachment().parse::<FormKind>(), Ok(k));
            assert_eq!(k.headers().first(), Some(&"序号"));
        }
        assert_eq!(FormKind::parse(" LEDGER "), Ok(FormKind::Ledger));
        assert_eq!(
            FormKind::parse("台账").unwrap_err().code(),
            "forms_unknown_form"
        );
    }

    #[test]
    fn empty_stream_gives_headers_only() {
        let result = crate::Rules::default()
            .replay_stream("", false, None)
            .unwrap();
        let d = crate::time::parse_date("2026-10-01").unwrap();
        let form = build_form(FormKind::Satisfaction, &result, None, d, d).unwrap();
        assert!(form.rows.is_empty());
        assert_eq!(
            form.to_csv(),
            "\u{feff}序号,问题描述,解决情况,解决部门,满意度评价,意见建议\r\n"
        );
        let back: Form = serde_json::from_str(&form.to_json()).unwrap();
        assert_eq!(back, form);
        let before = d.pred_opt().unwrap();
        assert_eq!(
            build_form(FormKind::Ledger, &result, None, d, before)
                .unwrap_err()
                .code(),
            "forms_invalid_range"
        );
    }
}
