//! `rules.evaluate`, the four products of the cadence, the what-if (`rules.compare`) and `Period`:
//! evaluation (评价督导, rules §7), over `jiesu_core::evaluation`.
//!
//! Every result is a plain object in the Rust serde JSON shape, so `JSON.stringify` of it is the
//! JSON the core (and the CLI's `--json report`) writes. Counts are numbers; rates, points and
//! scores are exact decimals as **strings** (`"87.35"`), never floats: three languages print the
//! same digits. A period is a `Period`, its text — `2026-10` (a month), `2026-Q4`, `2026-H2`,
//! `2026` or `2026-10-01..2026-10-31` — or a year (a number), as in Python.

use jiesu_core::evaluation::{period_label_zh, Period};
use wasm_bindgen::prelude::*;

use crate::deadline::JsRules;
use crate::policy::JsPolicy;
use crate::stream::stream_result_arg;
use crate::{
    borrowed, instant_arg, integer, serde_name, string, to_js, year, Failure, Instant, Str,
};

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &str = r#"
/** The kind of a period of evaluation. */
export type PeriodKind = "month" | "quarter" | "half" | "year" | "range";

/** A period in its JSON shape (`Period.toJSON()`, `Evaluation.period`). */
export interface PeriodFields {
  /** As written: `2026-10`, `2026-Q4`, `2026-H2`, `2026`, `2026-10-01..2026-10-31`. */
  label: string;
  kind: PeriodKind;
  /** First day, `YYYY-MM-DD`. */
  from: string;
  /** Last day (inclusive), `YYYY-MM-DD`. */
  to: string;
}

/** Which product of the cadence an evaluation is (评价, 月度通报, 季度测评, 半年排名, 年终总评). */
export type Product = "evaluation" | "monthly_notification" | "quarterly_evaluation" | "half_year_ranking"
  | "annual_evaluation";

/** Callbacks by satisfaction level. */
export interface CallbackCounts {
  very_satisfied: number;
  fairly_satisfied: number;
  basically_satisfied: number;
  unsatisfied: number;
  /** 未接通 (not counted in the rates). */
  unreached: number;
}

/** The counts of rules §7 for one unit and period. */
export interface UnitCounts {
  /** Work orders received (first rounds opened). */
  work_orders: number;
  /** Limits whose due instant falls in the period. */
  replies_due: number;
  on_time: number;
  overdue: number;
  /** First-round replies that met the same-day target (当天解决). */
  same_day: number;
  plans: number;
  /** Plans that extend the feedback limit (延期). */
  extensions: number;
  /** Orders handed back (退单). */
  unit_returns: number;
  callbacks: CallbackCounts;
  /** Reached callbacks saying the problem is solved. */
  resolved: number;
  redo_rounds: number;
  verifications: number;
  yellow_cards: number;
  red_cards: number;
  deputy_interviews: number;
  principal_interviews: number;
  /** 虚假反馈. */
  false_feedback: number;
  /** 推诿. */
  buck_passing: number;
}

/** The rates, exact percentages with 2 decimals as strings (`"87.50"`); null without cases. */
export interface Rates {
  /** 按时反馈率: on time / replies due. */
  on_time_rate: string | null;
  /** 解决率: resolved / reached callbacks. */
  resolution_rate: string | null;
  /** 满意率: satisfied (the three levels) / reached callbacks. */
  satisfaction_rate: string | null;
  /** Mean satisfaction points of reached callbacks. */
  satisfaction_points: string | null;
}

/** How a score was made, each figure an exact decimal string rounded once. */
export interface ScoreParts {
  /** The weighted mean of the defined parts, before deductions; null with no part. */
  base: string | null;
  yellow_deduction: string;
  red_deduction: string;
  false_feedback_deduction: string;
}

/** One unit's evaluation for the period. */
export interface UnitEvaluation {
  unit: string;
  /** Its name (from the directory). */
  name: string | null;
  /** Its ranking group; null = not ranked. */
  group: string | null;
  counts: UnitCounts;
  rates: Rates;
  /** The composite score, 0–100 with 2 decimals as a string; null with no defined part. */
  score: string | null;
  score_parts: ScoreParts;
  /** Its rank in its group; null when not ranked. */
  rank: number | null;
  /** Its colour at the period's end (or the stream's end, if earlier). */
  colour: Colour;
}

/** A ranked unit. */
export interface RankEntry {
  /** 1-based. */
  rank: number;
  unit: string;
  name: string | null;
  score: string | null;
  satisfaction_rate: string | null;
  on_time_rate: string | null;
  /** Its yellow and red cards. */
  cards: number;
}

/** The ranking of one group (`towns_streets`, `departments`, `stationed_units`, …). */
export interface GroupRanking {
  group: string;
  /** The ranked units, in rank order. */
  ranked: RankEntry[];
  /** Units listed but not ranked (fewer due replies than `min_ranked_cases`), by id. */
  unranked: string[];
}

/** The last ranked units of a group, flagged for a written self-examination (书面检查). */
export interface BottomUnits {
  group: string;
  /** In rank order (the last is last). */
  units: string[];
}

/** What an accountability entry is (追责问责). */
export type AccountabilityKind = "false_feedback" | "buck_passing" | "limit_missed";

/** One entry of an accountability list, with the demand behind it. */
export interface AccountabilityEntry {
  kind: AccountabilityKind;
  unit: string;
  demand: string;
  enterprise: string;
  round: number | null;
  /** The flag's instant, or the missed limit's due instant, RFC 3339 `+08:00`. */
  at: string;
  /** For a missed limit: which limit. */
  limit: DeadlineKind | null;
  /** For a missed limit: when the late reply came, if it came by the stream's end. */
  replied_at: string | null;
}

/** The accountability lists (§7, §二(五)3), each by instant, then demand, then unit. */
export interface Accountability {
  false_feedback: AccountabilityEntry[];
  buck_passing: AccountabilityEntry[];
  /** The period's overdue list. */
  limits_missed: AccountabilityEntry[];
}

/** An evaluation (or a product of the cadence) of a stream over a period (the Rust serde shape). */
export interface Evaluation {
  product: Product;
  period: PeriodFields;
  /** The policy's name. */
  policy: string;
  /** The policy's fingerprint (`Policy::fingerprint`). */
  policy_fingerprint: string;
  /** The stream's end (what "not yet due" is judged against); null for an empty stream. */
  at: string | null;
  /** Every unit evaluated, in directory order (then by id). */
  units: UnitEvaluation[];
  /** The ranking of each group, in the groups' directory order. */
  ranking: GroupRanking[];
  /** The bottom units flagged for a written self-examination (annual evaluation only). */
  bottom_two: BottomUnits[];
  accountability: Accountability;
  /** The card events of the period (notices, cards, interviews), by instant then unit. */
  cards: CardEvent[];
}

/** A knob whose value differs between two policies. */
export interface KnobChange {
  /** The knob's path: `consecutive`, `evaluation.deductions.yellow_card`, …. */
  knob: string;
  /** Its value in the base policy (as in the policy's JSON). */
  before: string | number | boolean | null | string[];
  /** Its value in the other policy. */
  after: string | number | boolean | null | string[];
}

/** A unit's colour, score and rank under one policy. */
export interface Standing {
  colour: Colour;
  score: string | null;
  rank: number | null;
}

/** A unit whose colour, score or rank differs under the other policy, and why. */
export interface UnitChange {
  unit: string;
  name: string | null;
  before: Standing;
  after: Standing;
  /** What changed: `colour`, `score`, `rank`. */
  changed: string[];
  /** Why: each count or rate that differs, as `name: before → after`. */
  why: string[];
}

/** The same stream evaluated under two policies, side by side (the what-if, `rules.compare`). */
export interface Comparison {
  period: PeriodFields;
  base_policy: string;
  other_policy: string;
  knobs: KnobChange[];
  /** Units whose colour, score or rank changes. */
  changes: UnitChange[];
  /** How many units do not change. */
  unchanged: number;
  base: Evaluation;
  other: Evaluation;
}
"#;

/// A period of evaluation: a month, a quarter, a half year, a year or a date range
/// (`jiesu_core::evaluation::Period`). Read one with `Period.parse`; wherever a period is an
/// argument, a `Period`, its text or a year (a number) will do.
#[wasm_bindgen(js_name = Period)]
#[derive(Clone)]
pub struct JsPeriod {
    inner: Period,
}

/// A period argument (`Period | string | number`) as the text the core reads: a `Period`'s
/// label, the text itself, or a year.
fn period_arg(value: &JsValue, what: &str) -> Result<String, Failure> {
    if let Some(text) = value.as_string() {
        return Ok(text);
    }
    if let Some(n) = value.as_f64() {
        return Ok(year(integer(n, what)?, what)?.to_string());
    }
    borrowed::<JsPeriod>(value, what, "Period")?
        .map(|p| p.inner.label)
        .ok_or_else(|| {
            Failure::type_error(&format!(
                "{what} must be a Period, a period string (2026-10, 2026-Q4, 2026-H2, 2026, \
                 2026-10-01..2026-10-31) or a year"
            ))
        })
}

#[wasm_bindgen(js_class = Period)]
impl JsPeriod {
    /// A copy, used to take a `Period` argument without consuming it. Internal.
    #[wasm_bindgen(js_name = __clone, skip_typescript)]
    #[must_use]
    pub fn copy(&self) -> JsPeriod {
        self.clone()
    }

    /// Reads `2026-10`, `2026-Q4`, `2026-H2`, `2026` or `2026-10-01..2026-10-31`; anything else
    /// throws `EvaluationError` (`evaluation_invalid_period`) (`Period::parse`).
    pub fn parse(text: &Str) -> Result<JsPeriod, Failure> {
        Ok(JsPeriod {
            inner: Period::parse(&string(text, "text")?)?,
        })
    }

    /// As written (trimmed).
    #[wasm_bindgen(getter)]
    pub fn label(&self) -> String {
        self.inner.label.clone()
    }

    /// `month`, `quarter`, `half`, `year` or `range`.
    #[wasm_bindgen(getter, unchecked_return_type = "PeriodKind")]
    pub fn kind(&self) -> String {
        serde_name(&self.inner.kind)
    }

    /// The first day, `YYYY-MM-DD`.
    #[wasm_bindgen(getter)]
    pub fn from(&self) -> String {
        self.inner.from.to_string()
    }

    /// The last day (inclusive), `YYYY-MM-DD`.
    #[wasm_bindgen(getter)]
    pub fn to(&self) -> String {
        self.inner.to.to_string()
    }

    /// The first instant: 00:00 of the first day, RFC 3339 `+08:00` (`Period::start`).
    #[wasm_bindgen(getter)]
    pub fn start(&self) -> String {
        jiesu_core::time::format_instant(&self.inner.start())
    }

    /// The end instant, not included: 24:00 of the last day, RFC 3339 `+08:00` (`Period::end`).
    #[wasm_bindgen(getter)]
    pub fn end(&self) -> String {
        jiesu_core::time::format_instant(&self.inner.end())
    }

    /// Whether an instant falls in the period, `start <= at < end` (`Period::contains`).
    pub fn contains(&self, at: &Instant) -> Result<bool, Failure> {
        Ok(self.inner.contains(&instant_arg(at, "at")?))
    }

    /// The period in its JSON shape `{label, kind, from, to}` (also what `JSON.stringify`
    /// writes).
    #[wasm_bindgen(js_name = toJSON, unchecked_return_type = "PeriodFields")]
    pub fn to_js(&self) -> Result<JsValue, Failure> {
        to_js(&self.inner)
    }
}

/// The period's Chinese label for a product's title: `2026年10月`, `2026年第4季度`,
/// `2026年下半年`, `2026年`, `2026-10-01至2026-10-31` (`evaluation::period_label_zh`).
#[wasm_bindgen(js_name = periodLabelZh)]
pub fn period_label_zh_of(
    #[wasm_bindgen(unchecked_param_type = "Period | string | number")] period: &JsValue,
) -> Result<String, Failure> {
    let period = Period::parse(&period_arg(period, "period")?)?;
    Ok(period_label_zh(&period))
}

/// A required `Policy` argument, taken without consuming it.
fn policy_arg(value: &JsValue, what: &str) -> Result<jiesu_core::Policy, Failure> {
    borrowed::<JsPolicy>(value, what, "Policy")?
        .map(|p| p.inner)
        .ok_or_else(|| Failure::type_error(&format!("{what} must be a Policy")))
}

#[wasm_bindgen(js_class = Rules)]
impl JsRules {
    /// Evaluates a replayed stream over any period (rules §7): per unit the counts, the rates
    /// and the score, the ranking of each group, the accountability lists and the period's cards
    /// (`Rules::evaluate`).
    #[wasm_bindgen(unchecked_return_type = "Evaluation")]
    pub fn evaluate(
        &self,
        #[wasm_bindgen(unchecked_param_type = "StreamResult")] result: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "Period | string | number")] period: &JsValue,
    ) -> Result<JsValue, Failure> {
        let result = stream_result_arg(result, "result")?;
        to_js(
            &self
                .inner
                .evaluate(&result, &period_arg(period, "period")?)?,
        )
    }

    /// 月度通报: the monthly notification of a month `2026-10`; another kind of period throws
    /// `evaluation_wrong_period` (`Rules::notification`).
    #[wasm_bindgen(unchecked_return_type = "Evaluation")]
    pub fn notification(
        &self,
        #[wasm_bindgen(unchecked_param_type = "StreamResult")] result: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "Period | string | number")] month: &JsValue,
    ) -> Result<JsValue, Failure> {
        let result = stream_result_arg(result, "result")?;
        to_js(
            &self
                .inner
                .notification(&result, &period_arg(month, "month")?)?,
        )
    }

    /// 季度测评: the quarterly evaluation of a quarter `2026-Q4` (`Rules::quarterly_evaluation`).
    #[wasm_bindgen(js_name = quarterlyEvaluation, unchecked_return_type = "Evaluation")]
    pub fn quarterly_evaluation(
        &self,
        #[wasm_bindgen(unchecked_param_type = "StreamResult")] result: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "Period | string | number")] quarter: &JsValue,
    ) -> Result<JsValue, Failure> {
        let result = stream_result_arg(result, "result")?;
        let quarter = period_arg(quarter, "quarter")?;
        to_js(&self.inner.quarterly_evaluation(&result, &quarter)?)
    }

    /// 半年排名: the half-year ranking of a half `2026-H2` (`Rules::half_year_ranking`).
    #[wasm_bindgen(js_name = halfYearRanking, unchecked_return_type = "Evaluation")]
    pub fn half_year_ranking(
        &self,
        #[wasm_bindgen(unchecked_param_type = "StreamResult")] result: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "Period | string | number")] half: &JsValue,
    ) -> Result<JsValue, Failure> {
        let result = stream_result_arg(result, "result")?;
        to_js(
            &self
                .inner
                .half_year_ranking(&result, &period_arg(half, "half")?)?,
        )
    }

    /// 年终总评: the annual evaluation of a year `2026`, with the bottom units of each flagged
    /// group (`bottom_two`) (`Rules::annual_evaluation`).
    #[wasm_bindgen(js_name = annualEvaluation, unchecked_return_type = "Evaluation")]
    pub fn annual_evaluation(
        &self,
        #[wasm_bindgen(unchecked_param_type = "StreamResult")] result: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "Period | string | number")] year: &JsValue,
    ) -> Result<JsValue, Failure> {
        let result = stream_result_arg(result, "result")?;
        to_js(
            &self
                .inner
                .annual_evaluation(&result, &period_arg(year, "year")?)?,
        )
    }

    /// The same calendar and directory under another policy, for a what-if
    /// (`Rules::with_policy`). The argument stays usable.
    #[wasm_bindgen(js_name = withPolicy)]
    pub fn with_policy(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Policy")] policy: &JsValue,
    ) -> Result<JsRules, Failure> {
        Ok(self.inner.with_policy(policy_arg(policy, "policy")?).into())
    }

    /// The what-if: the stream evaluated over `period` under these rules and under `otherPolicy`
    /// (`rules.withPolicy(otherPolicy)`), side by side — the knobs that differ and every unit
    /// whose colour, score or rank changes, with why (`Rules::compare`). `otherResult` is the
    /// stream replayed under the other policy (`rules.withPolicy(otherPolicy).replayStream(text)`);
    /// without it `result` is reused, which holds only when the policies differ in §6–§7 knobs
    /// alone, else `EvaluationError` (`evaluation_needs_replay`, naming the knobs).
    #[wasm_bindgen(unchecked_return_type = "Comparison")]
    pub fn compare(
        &self,
        #[wasm_bindgen(unchecked_param_type = "StreamResult")] result: &JsValue,
        #[wasm_bindgen(js_name = otherPolicy, unchecked_param_type = "Policy")]
        other_policy: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "Period | string | number")] period: &JsValue,
        #[wasm_bindgen(js_name = otherResult, unchecked_optional_param_type = "StreamResult")]
        other_result: &JsValue,
    ) -> Result<JsValue, Failure> {
        let result = stream_result_arg(result, "result")?;
        let other = self
            .inner
            .with_policy(policy_arg(other_policy, "otherPolicy")?);
        let period = period_arg(period, "period")?;
        let other_result = if other_result.is_undefined() || other_result.is_null() {
            None
        } else {
            Some(stream_result_arg(other_result, "otherResult")?)
        };
        to_js(
            &self
                .inner
                .compare(&result, &other, other_result.as_deref(), &period)?,
        )
    }
}
