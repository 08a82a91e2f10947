//! `Register`, `Leaders`, `CollectionLog`, `FieldDayLog`, `collectionShortfalls` and
//! `fieldDayShortfalls`: the duties of rules §8 (问题征询 weekly collection, 领导现场督导 field days),
//! over `jiesu_core::duties`.
//!
//! The four inputs are read from their text by the core's own readers (`fixtures/duties/README.md`),
//! so a bad file or log line is a `DutiesError` naming what is wrong (a log error names its line
//! and field). Reports, entries and log lines are plain objects in the Rust serde JSON shape;
//! dates are `"YYYY-MM-DD"`, instants RFC 3339 `+08:00`. The inputs are immutable and shared: an
//! argument is taken without consuming it, in O(1).

use std::rc::Rc;

use jiesu_core::duties::{
    collection_shortfalls, field_day_shortfalls, CollectionLog, FieldDayLog, Leaders, Register,
};
use wasm_bindgen::prelude::*;

use crate::directory::JsDirectory;
use crate::{borrowed, date_arg, string, to_js, Failure, Str};

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &str = r#"
/** What a register entry is: `enterprise` (企业, 含已签约即将落地企业) or `project` (项目). */
export type EnterpriseKind = "enterprise" | "project";

/** An enterprise or project on a territory's register (问题征询名册). */
export interface RegisteredEnterprise {
  /** Unique id, as the collection log names it. */
  id: string;
  /** 企业名称 / 项目名称. */
  name: string;
  /** The territory (属地) that consults it: a town/street or the development zone. */
  territory: string;
  kind: EnterpriseKind;
}

/** A register in its JSON shape (`Register.toJSON()`). */
export interface RegisterFields {
  name: string | null;
  version: string | null;
  /** In the register's order. */
  enterprises: RegisteredEnterprise[];
}

/** A city leader who owes field days (市政府领导). */
export interface Leader {
  /** Unique id, as the field-day log names it. */
  id: string;
  /** Name and post. */
  name: string;
  /** True for the city's principal leader (市政府主要领导); at most one is. */
  principal: boolean;
  /** This leader's own monthly quota, overriding the file's; absent when not given. */
  quota?: number;
}

/** A leaders file in its JSON shape (`Leaders.toJSON()`). */
export interface LeadersFields {
  name: string | null;
  version: string | null;
  /** The principal leader's monthly quota (default 1). */
  principal_quota: number;
  /** Every other leader's monthly quota (default 2). */
  other_quota: number;
  /** In the file's order. */
  leaders: Leader[];
}

/** A `consulted` line of the collection log (征询). */
export interface CollectionConsultation {
  /** 1-based line number in the log. */
  line: number;
  /** RFC 3339 `+08:00` (its date decides the ISO week). */
  at: string;
  /** The consulting territory. */
  territory: string;
  /** The enterprise's register id. */
  enterprise: string;
}

/** A `weekly_report` line of the collection log (每周报推进中心). */
export interface WeeklyReport {
  /** 1-based line number in the log. */
  line: number;
  /** When it was filed, RFC 3339 `+08:00`. */
  at: string;
  territory: string;
  /** The ISO week it reports on, `YYYY-Www`. */
  week: string;
}

/** A collection log in its JSON shape (`CollectionLog.toJSON()`). */
export interface CollectionLogFields {
  /** The `consulted` lines, in log order. */
  consultations: CollectionConsultation[];
  /** The `weekly_report` lines, in log order. */
  reports: WeeklyReport[];
}

/** A `field_day` line of the field-day log (深入一线督导). */
export interface FieldDay {
  /** 1-based line number in the log. */
  line: number;
  /** `YYYY-MM-DD`. */
  date: string;
  /** The leader's id. */
  leader: string;
  /** The enterprise or project visited; absent when not given. */
  enterprise?: string;
}

/** A field-day log in its JSON shape (`FieldDayLog.toJSON()`). */
export interface FieldDayLogFields {
  /** The `field_day` lines, in log order. */
  days: FieldDay[];
}

/** One ISO week of one territory (`CollectionReport.rows`). */
export interface CollectionRow {
  /** `YYYY-Www`. */
  week: string;
  /** Its Monday, `YYYY-MM-DD`. */
  week_start: string;
  /** Its Sunday, `YYYY-MM-DD`. */
  week_end: string;
  /** True when the week is not wholly inside the range (it is still judged whole). */
  partial: boolean;
  /** How many of its days are inside the range (1–7). */
  days_in_range: number;
  territory: string;
  /** Enterprises and projects on its register. */
  required: number;
  /** Of those, how many it consulted that week (each once). */
  consulted: number;
  /** The ids of those not consulted, in register order. */
  missing: string[];
  /** `required - consulted`. */
  shortfall: number;
  /** Whether a weekly report for this week and territory is in the log. */
  report_filed: boolean;
  /** When the first such report was filed, RFC 3339 `+08:00`, or null. */
  reported_at: string | null;
  /** True when an enterprise was missed or the report is missing. */
  short: boolean;
}

/** One territory over the whole period (`CollectionReport.territories`). */
export interface TerritorySummary {
  territory: string;
  enterprises: number;
  weeks: number;
  weeks_short: number;
  /** `enterprises × weeks`. */
  required: number;
  /** Distinct enterprise-weeks consulted. */
  consulted: number;
  shortfall: number;
  /** Weeks with no report. */
  reports_missing: number;
  short: boolean;
}

/** The collection check's totals. */
export interface CollectionTotals {
  weeks: number;
  territories: number;
  /** `weeks × territories`. */
  rows: number;
  rows_short: number;
  required: number;
  consulted: number;
  shortfall: number;
  reports_missing: number;
  territories_short: number;
}

/** Why a collection-log line counted for nothing. */
export type CollectionIssueKind = "unregistered_enterprise" | "territory_mismatch" | "unregistered_territory";

/** A collection-log line of a listed week that counted for nothing. */
export interface CollectionIssue {
  /** 1-based line number. */
  line: number;
  kind: CollectionIssueKind;
  /** The line's ISO week. */
  week: string;
  /** The line's territory. */
  territory: string;
  /** The line's enterprise (consultations), else null. */
  enterprise: string | null;
  /** The enterprise's territory on the register (`territory_mismatch`), else null. */
  registered_territory: string | null;
}

/** The weekly-collection check over a period (问题征询, rules §8). */
export interface CollectionReport {
  /** The period's first date, `YYYY-MM-DD`. */
  from: string;
  /** The period's last date (inclusive). */
  to: string;
  /** The ISO weeks overlapping it, `YYYY-Www`. */
  weeks: string[];
  /** By week, then territories in register order. */
  rows: CollectionRow[];
  /** One per territory, in register order. */
  territories: TerritorySummary[];
  totals: CollectionTotals;
  /** Lines of the listed weeks that counted for nothing, in line order. */
  issues: CollectionIssue[];
}

/** One month of one leader (`FieldDayReport.rows`). */
export interface FieldDayRow {
  /** `YYYY-MM`. */
  month: string;
  /** Its first day, `YYYY-MM-DD`. */
  month_start: string;
  /** Its last day, `YYYY-MM-DD`. */
  month_end: string;
  /** True when the month is not wholly inside the range (it is still judged whole). */
  partial: boolean;
  days_in_range: number;
  leader: string;
  name: string;
  principal: boolean;
  /** The monthly quota. */
  quota: number;
  /** Distinct field days in the month. */
  days: number;
  /** Those days, in date order. */
  dates: string[];
  /** `quota - days`, or 0. */
  shortfall: number;
  /** True when `days < quota`. */
  short: boolean;
}

/** One leader over the whole period (`FieldDayReport.leaders`). */
export interface LeaderSummary {
  leader: string;
  name: string;
  principal: boolean;
  months: number;
  months_short: number;
  /** The months' quotas, summed. */
  quota: number;
  days: number;
  /** Days missing, summed over the months (a month's extra days do not make up another's). */
  shortfall: number;
  short: boolean;
}

/** The field-day check's totals. */
export interface FieldDayTotals {
  months: number;
  leaders: number;
  /** `months × leaders`. */
  rows: number;
  rows_short: number;
  quota: number;
  days: number;
  shortfall: number;
  leaders_short: number;
}

/** Why a field-day line counted for nothing. */
export type FieldDayIssueKind = "unknown_leader";

/** A field-day line of a listed month that counted for nothing. */
export interface FieldDayIssue {
  line: number;
  kind: FieldDayIssueKind;
  /** The line's month, `YYYY-MM`. */
  month: string;
  /** The line's date, `YYYY-MM-DD`. */
  date: string;
  leader: string;
}

/** The leaders' field-day check over a period (现场推进, rules §8). */
export interface FieldDayReport {
  from: string;
  to: string;
  /** The calendar months overlapping it, `YYYY-MM`. */
  months: string[];
  /** By month, then leaders in file order. */
  rows: FieldDayRow[];
  /** One per leader, in file order. */
  leaders: LeaderSummary[];
  totals: FieldDayTotals;
  /** Lines of the listed months that counted for nothing, in line order. */
  issues: FieldDayIssue[];
}
"#;

/// The register of enterprises and projects each territory consults weekly (问题征询名册)
/// (`jiesu_core::duties::Register`). Load one with `Register.fromJson`. Read-only.
#[wasm_bindgen(js_name = Register)]
#[derive(Clone)]
pub struct JsRegister {
    inner: Rc<Register>,
}

/// The city leaders and their monthly field-day quotas (市政府领导名单)
/// (`jiesu_core::duties::Leaders`). Load one with `Leaders.fromJson`. Read-only.
#[wasm_bindgen(js_name = Leaders)]
#[derive(Clone)]
pub struct JsLeaders {
    inner: Rc<Leaders>,
}

/// A collection log (问题征询记录): the `consulted` and `weekly_report` lines
/// (`jiesu_core::duties::CollectionLog`). Read one with `CollectionLog.fromJsonl`. Read-only.
#[wasm_bindgen(js_name = CollectionLog)]
#[derive(Clone)]
pub struct JsCollectionLog {
    inner: Rc<CollectionLog>,
}

/// A field-day log (领导现场督导记录): the `field_day` lines (`jiesu_core::duties::FieldDayLog`).
/// Read one with `FieldDayLog.fromJsonl`. Read-only.
#[wasm_bindgen(js_name = FieldDayLog)]
#[derive(Clone)]
pub struct JsFieldDayLog {
    inner: Rc<FieldDayLog>,
}

/// A required argument that is one of the classes above, taken without consuming it.
fn required<T: wasm_bindgen::convert::TryFromJsValue>(
    value: &JsValue,
    what: &str,
    class: &str,
) -> Result<T, Failure> {
    borrowed::<T>(value, what, class)?
        .ok_or_else(|| Failure::type_error(&format!("{what} must be a {class}")))
}

#[wasm_bindgen(js_class = Register)]
impl JsRegister {
    /// A copy (O(1): the register is shared), used to take a `Register` argument without
    /// consuming it. Internal.
    #[wasm_bindgen(js_name = __clone, skip_typescript)]
    #[must_use]
    pub fn copy(&self) -> JsRegister {
        self.clone()
    }

    /// Reads a register from JSON text `{"name"?, "version"?, "enterprises": [{"id", "name",
    /// "territory", "kind"}]}` (`kind`: `enterprise` or `project`, or 企业 / 项目). Unknown
    /// fields or blank values throw `DutiesError` (`duties_invalid_register`), a repeated id
    /// `duties_duplicate_enterprise` (`Register::from_json`).
    #[wasm_bindgen(js_name = fromJson)]
    pub fn from_json(text: &Str) -> Result<JsRegister, Failure> {
        Ok(JsRegister {
            inner: Rc::new(Register::from_json(&string(text, "text")?)?),
        })
    }

    /// The enterprises and projects, in the register's order (`Register::enterprises`).
    #[wasm_bindgen(unchecked_return_type = "RegisteredEnterprise[]")]
    pub fn enterprises(&self) -> Result<JsValue, Failure> {
        to_js(self.inner.enterprises())
    }

    /// Checks every enterprise's territory against the dispatch directory: it must be a unit of
    /// kind `territory` or `development_zone`, else `DutiesError` (`duties_unknown_territory`,
    /// naming the first that is not) (`Register::check_territories`). The directory stays
    /// usable.
    #[wasm_bindgen(js_name = checkTerritories)]
    pub fn check_territories(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Directory")] directory: &JsValue,
    ) -> Result<(), Failure> {
        let directory: JsDirectory = required(directory, "directory", "Directory")?;
        Ok(self.inner.check_territories(&directory.inner)?)
    }

    /// The register in its JSON shape `{name, version, enterprises}` (also what
    /// `JSON.stringify` writes).
    #[wasm_bindgen(js_name = toJSON, unchecked_return_type = "RegisterFields")]
    pub fn to_js(&self) -> Result<JsValue, Failure> {
        to_js(&*self.inner)
    }
}

#[wasm_bindgen(js_class = Leaders)]
impl JsLeaders {
    /// A copy (O(1)), used to take a `Leaders` argument without consuming it. Internal.
    #[wasm_bindgen(js_name = __clone, skip_typescript)]
    #[must_use]
    pub fn copy(&self) -> JsLeaders {
        self.clone()
    }

    /// Reads a leaders file from JSON text `{"name"?, "version"?, "principal_quota"? (default
    /// 1), "other_quota"? (default 2), "leaders": [{"id", "name", "principal", "quota"?}]}`.
    /// Unknown fields, blank values, two principal leaders or a quota above 31 throw
    /// `DutiesError` (`duties_invalid_leaders`), a repeated id `duties_duplicate_leader`
    /// (`Leaders::from_json`).
    #[wasm_bindgen(js_name = fromJson)]
    pub fn from_json(text: &Str) -> Result<JsLeaders, Failure> {
        Ok(JsLeaders {
            inner: Rc::new(Leaders::from_json(&string(text, "text")?)?),
        })
    }

    /// The leaders, in the file's order (`Leaders::leaders`).
    #[wasm_bindgen(unchecked_return_type = "Leader[]")]
    pub fn leaders(&self) -> Result<JsValue, Failure> {
        to_js(self.inner.leaders())
    }

    /// A leader's monthly quota: their own `quota`, else the file's `principal_quota` or
    /// `other_quota`; `null` for an id not on the list (`Leaders::quota`).
    #[wasm_bindgen(unchecked_return_type = "number | null")]
    pub fn quota(&self, id: &Str) -> Result<JsValue, Failure> {
        Ok(self
            .inner
            .quota(&string(id, "id")?)
            .map_or(JsValue::NULL, JsValue::from))
    }

    /// The leaders file in its JSON shape `{name, version, principal_quota, other_quota,
    /// leaders}` (also what `JSON.stringify` writes).
    #[wasm_bindgen(js_name = toJSON, unchecked_return_type = "LeadersFields")]
    pub fn to_js(&self) -> Result<JsValue, Failure> {
        to_js(&*self.inner)
    }
}

#[wasm_bindgen(js_class = CollectionLog)]
impl JsCollectionLog {
    /// A copy (O(1)), used to take a `CollectionLog` argument without consuming it. Internal.
    #[wasm_bindgen(js_name = __clone, skip_typescript)]
    #[must_use]
    pub fn copy(&self) -> JsCollectionLog {
        self.clone()
    }

    /// Reads a collection log from JSON Lines: `{"v":1,"type":"consulted","at","territory",
    /// "enterprise"}` and `{"v":1,"type":"weekly_report","at","territory","week"}` (an `ext`
    /// object is accepted and ignored; blank lines are skipped but counted). The first bad line
    /// throws `DutiesError` (`duties_invalid_line`, the message starting `line N (field `f`)`,
    /// or `duties_unsupported_version`) (`CollectionLog::from_jsonl`).
    #[wasm_bindgen(js_name = fromJsonl)]
    pub fn from_jsonl(text: &Str) -> Result<JsCollectionLog, Failure> {
        Ok(JsCollectionLog {
            inner: Rc::new(CollectionLog::from_jsonl(&string(text, "text")?)?),
        })
    }

    /// The `consulted` lines, in log order (`CollectionLog::consultations`).
    #[wasm_bindgen(getter, unchecked_return_type = "CollectionConsultation[]")]
    pub fn consultations(&self) -> Result<JsValue, Failure> {
        to_js(&self.inner.consultations)
    }

    /// The `weekly_report` lines, in log order, weeks written `YYYY-Www`
    /// (`CollectionLog::reports`).
    #[wasm_bindgen(getter, unchecked_return_type = "WeeklyReport[]")]
    pub fn reports(&self) -> Result<JsValue, Failure> {
        to_js(&self.inner.reports)
    }

    /// The log in its JSON shape `{consultations, reports}` (also what `JSON.stringify`
    /// writes).
    #[wasm_bindgen(js_name = toJSON, unchecked_return_type = "CollectionLogFields")]
    pub fn to_js(&self) -> Result<JsValue, Failure> {
        to_js(&*self.inner)
    }
}

#[wasm_bindgen(js_class = FieldDayLog)]
impl JsFieldDayLog {
    /// A copy (O(1)), used to take a `FieldDayLog` argument without consuming it. Internal.
    #[wasm_bindgen(js_name = __clone, skip_typescript)]
    #[must_use]
    pub fn copy(&self) -> JsFieldDayLog {
        self.clone()
    }

    /// Reads a field-day log from JSON Lines: `{"v":1,"type":"field_day","date","leader",
    /// "enterprise"?}` (an `ext` object is accepted and ignored). The first bad line throws
    /// `DutiesError` (`duties_invalid_line` naming the line and field, or
    /// `duties_unsupported_version`) (`FieldDayLog::from_jsonl`).
    #[wasm_bindgen(js_name = fromJsonl)]
    pub fn from_jsonl(text: &Str) -> Result<JsFieldDayLog, Failure> {
        Ok(JsFieldDayLog {
            inner: Rc::new(FieldDayLog::from_jsonl(&string(text, "text")?)?),
        })
    }

    /// The `field_day` lines, in log order (`FieldDayLog::days`).
    #[wasm_bindgen(getter, unchecked_return_type = "FieldDay[]")]
    pub fn days(&self) -> Result<JsValue, Failure> {
        to_js(&self.inner.days)
    }

    /// The log in its JSON shape `{days}` (also what `JSON.stringify` writes).
    #[wasm_bindgen(js_name = toJSON, unchecked_return_type = "FieldDayLogFields")]
    pub fn to_js(&self) -> Result<JsValue, Failure> {
        to_js(&*self.inner)
    }
}

/// Checks the weekly collection (问题征询, rules §8) over `from..=to` (`YYYY-MM-DD`, inclusive):
/// for every ISO week overlapping the range (judged whole; `partial` marks those not wholly
/// inside) and every territory of the register, the enterprises not consulted and whether the
/// week's report was filed. `from` after `to` throws `DutiesError` (`duties_invalid_range`)
/// (`duties::collection_shortfalls`). The arguments stay usable.
#[wasm_bindgen(js_name = collectionShortfalls, unchecked_return_type = "CollectionReport")]
pub fn collection_shortfalls_of(
    #[wasm_bindgen(unchecked_param_type = "Register")] register: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "CollectionLog")] log: &JsValue,
    from: &Str,
    to: &Str,
) -> Result<JsValue, Failure> {
    let register: JsRegister = required(register, "register", "Register")?;
    let log: JsCollectionLog = required(log, "log", "CollectionLog")?;
    let (from, to) = (date_arg(from, "from")?, date_arg(to, "to")?);
    to_js(&collection_shortfalls(
        &register.inner,
        &log.inner,
        from,
        to,
    )?)
}

/// Checks the leaders' field days (现场推进, rules §8) over `from..=to` (`YYYY-MM-DD`,
/// inclusive): for every calendar month overlapping the range (judged whole) and every leader,
/// the distinct field days against the quota. `from` after `to` throws `DutiesError`
/// (`duties_invalid_range`) (`duties::field_day_shortfalls`). The arguments stay usable.
#[wasm_bindgen(js_name = fieldDayShortfalls, unchecked_return_type = "FieldDayReport")]
pub fn field_day_shortfalls_of(
    #[wasm_bindgen(unchecked_param_type = "Leaders")] leaders: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "FieldDayLog")] log: &JsValue,
    from: &Str,
    to: &Str,
) -> Result<JsValue, Failure> {
    let leaders: JsLeaders = required(leaders, "leaders", "Leaders")?;
    let log: JsFieldDayLog = required(log, "log", "FieldDayLog")?;
    let (from, to) = (date_arg(from, "from")?, date_arg(to, "to")?);
    to_js(&field_day_shortfalls(&leaders.inner, &log.inner, from, to)?)
}
