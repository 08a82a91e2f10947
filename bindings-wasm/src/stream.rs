//! `rules.replayStream`, `Replayer` and `StreamResult`: a city's event stream (rules §5), JSON
//! Lines of many demands' events, over `jiesu_core::stream`.
//!
//! Lenient by default: a rejected line is recorded (`rejected`, with its line number, demand,
//! code and message) and the rest goes on, so `lines = applied + rejected + blank`. In strict
//! mode the first rejected line throws a `StreamError` (`stream_line_rejected`).

use std::rc::Rc;

use chrono::{DateTime, FixedOffset};
use jiesu_core::stream::{Replayer, StreamResult};
use jiesu_core::Policy;
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;

use crate::deadline::JsRules;
use crate::demand::{rules_arg, JsDemandState};
use crate::{borrowed, optional_instant, string, to_js, Failure, Str};

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &str = r#"
/** A rejected line of a stream. */
export interface Rejected {
  /** 1-based line number. */
  line: number;
  /** The demand the line names, when it names one. */
  demand: string | null;
  /** The error code (`event_not_allowed`, `event_invalid`, …). */
  code: string;
  message: string;
}

/** What happened to a stream's lines and demands: `lines = applied + rejected + blank`. */
export interface StreamCounts {
  lines: number;
  applied: number;
  rejected: number;
  blank: number;
  /** Demands received. */
  demands: number;
  /** Demands still open at the end. */
  open: number;
  /** Demands whose life is over (closed, or answered at once). */
  finished: number;
}

/** A replayed stream in its JSON shape (`StreamResult.toJSON()`). */
export interface StreamResultFields {
  /** The instant the open demands were brought to (null for an empty stream). */
  at: string | null;
  /** Every demand's final state, by demand id. */
  states: DemandStateFields[];
  /** Every rejected line, in line order. */
  rejected: Rejected[];
  /** Every derived event, by instant, then demand. */
  derived: DerivedEvent[];
  counts: StreamCounts;
}

/** The options of `rules.replayStream`. */
export interface ReplayStreamOptions {
  /** Throw on the first rejected line (`StreamError`, `stream_line_rejected`). Default false. */
  strict?: boolean;
  /** The instant open demands are brought to (default: the latest instant applied). */
  at?: string | Date | null;
}
"#;

/// A `strict` argument: `undefined` and `null` are `false`.
fn strict_arg(value: &JsValue, what: &str) -> Result<bool, Failure> {
    if value.is_undefined() || value.is_null() {
        return Ok(false);
    }
    value
        .as_bool()
        .ok_or_else(|| Failure::type_error(&format!("{what} must be a boolean")))
}

/// The `{strict?, at?}` options of `replayStream`; another key is a `TypeError` (a misspelt
/// option must not silently fall back to the default).
fn stream_options(value: &JsValue) -> Result<(bool, Option<DateTime<FixedOffset>>), Failure> {
    if value.is_undefined() || value.is_null() {
        return Ok((false, None));
    }
    let Some(object) = value
        .dyn_ref::<Object>()
        .filter(|_| !Array::is_array(value))
    else {
        return Err(Failure::type_error(
            "options must be an object {strict?, at?}",
        ));
    };
    for key in Object::keys(object) {
        let key = key.as_string().unwrap_or_default();
        if key != "strict" && key != "at" {
            return Err(Failure::type_error(&format!(
                "unknown option {key:?}: expected strict, at"
            )));
        }
    }
    let get = |key: &str| Reflect::get(value, &JsValue::from_str(key)).map_err(Failure::from_js);
    Ok((
        strict_arg(&get("strict")?, "options.strict")?,
        optional_instant(&get("at")?, "options.at")?,
    ))
}

/// A replayed stream: every demand's final state, the rejected lines, every derived event
/// (notices, replies, flags) and the counts (`jiesu_core::stream::StreamResult`).
#[wasm_bindgen(js_name = StreamResult)]
#[derive(Clone)]
pub struct JsStreamResult {
    /// Shared, so that taking a `StreamResult` argument (`rules.cards`, `rules.evaluate`, …)
    /// without consuming it is O(1) (see `crate::borrowed`).
    pub(crate) inner: Rc<StreamResult>,
    /// The policy of the rules that replayed it (for the states' `statusAt`).
    policy: Policy,
}

impl JsStreamResult {
    fn new(inner: StreamResult, policy: Policy) -> JsStreamResult {
        JsStreamResult {
            inner: Rc::new(inner),
            policy,
        }
    }
}

/// A required `StreamResult` argument, taken without consuming it.
pub(crate) fn stream_result_arg(value: &JsValue, what: &str) -> Result<Rc<StreamResult>, Failure> {
    borrowed::<JsStreamResult>(value, what, "StreamResult")?
        .map(|r| r.inner)
        .ok_or_else(|| Failure::type_error(&format!("{what} must be a StreamResult")))
}

#[wasm_bindgen(js_class = StreamResult)]
impl JsStreamResult {
    /// A copy (O(1): the result is shared), used to take a `StreamResult` argument without
    /// consuming it. Internal.
    #[wasm_bindgen(js_name = __clone, skip_typescript)]
    #[must_use]
    pub fn copy(&self) -> JsStreamResult {
        self.clone()
    }

    /// Every demand's final state, by demand id.
    #[wasm_bindgen(getter)]
    pub fn states(&self) -> Vec<JsDemandState> {
        self.inner
            .states
            .iter()
            .map(|s| JsDemandState::new(s.clone(), self.policy.clone()))
            .collect()
    }

    /// Every rejected line, in line order.
    #[wasm_bindgen(getter, unchecked_return_type = "Rejected[]")]
    pub fn rejected(&self) -> Result<JsValue, Failure> {
        to_js(&self.inner.rejected)
    }

    /// Every derived event (notices, replies, flags), by instant, then demand.
    #[wasm_bindgen(getter, unchecked_return_type = "DerivedEvent[]")]
    pub fn derived(&self) -> Result<JsValue, Failure> {
        to_js(&self.inner.derived)
    }

    /// The counts: `lines = applied + rejected + blank`.
    #[wasm_bindgen(getter, unchecked_return_type = "StreamCounts")]
    pub fn counts(&self) -> Result<JsValue, Failure> {
        to_js(&self.inner.counts)
    }

    /// The instant the open demands were brought to (RFC 3339 `+08:00`), or `null` for an
    /// empty stream.
    #[wasm_bindgen(getter, unchecked_return_type = "string | null")]
    pub fn at(&self) -> JsValue {
        self.inner.at.map_or(JsValue::NULL, |at| {
            JsValue::from_str(&jiesu_core::time::format_instant(&at))
        })
    }

    /// The result in its JSON shape (also what `JSON.stringify` writes).
    #[wasm_bindgen(js_name = toJSON, unchecked_return_type = "StreamResultFields")]
    pub fn to_js(&self) -> Result<JsValue, Failure> {
        to_js(&*self.inner)
    }

    /// The result as JSON text (its serde JSON shape).
    #[wasm_bindgen(js_name = toJson)]
    pub fn to_json(&self) -> String {
        serde_json::to_string(&*self.inner).unwrap_or_default()
    }
}

/// Replays a stream line by line, for sources that come in pieces (`jiesu_core::stream::Replayer`).
#[wasm_bindgen(js_name = Replayer)]
pub struct JsReplayer {
    /// `None` once finished.
    inner: Option<Replayer>,
    policy: Policy,
}

impl JsReplayer {
    /// The core replayer, or a `TypeError` once finished.
    fn open(&mut self) -> Result<&mut Replayer, Failure> {
        self.inner
            .as_mut()
            .ok_or_else(|| Failure::type_error("the Replayer is finished"))
    }
}

#[wasm_bindgen(js_class = Replayer)]
impl JsReplayer {
    /// A replayer under these rules; `strict` (default false) throws on the first rejected
    /// line (`Replayer::new`). The rules stay usable.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "Rules")] rules: &JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "boolean")] strict: &JsValue,
    ) -> Result<JsReplayer, Failure> {
        let rules = rules_arg(rules)?;
        let strict = strict_arg(strict, "strict")?;
        Ok(JsReplayer {
            inner: Some(Replayer::new(&rules, strict)),
            policy: rules.policy().clone(),
        })
    }

    /// Feeds the next line (its number is the count of lines fed so far): a rejected line is
    /// recorded, or thrown in strict mode (`Replayer::push_line`).
    #[wasm_bindgen(js_name = pushLine)]
    pub fn push_line(&mut self, line: &Str) -> Result<(), Failure> {
        let line = string(line, "line")?;
        Ok(self.open()?.push_line(&line)?)
    }

    /// Ends the stream: every open demand is brought to `at` (default: the latest instant
    /// applied) (`Replayer::finish`). The replayer is then finished: another call throws a
    /// `TypeError`.
    pub fn finish(
        &mut self,
        #[wasm_bindgen(unchecked_optional_param_type = "string | Date")] at: &JsValue,
    ) -> Result<JsStreamResult, Failure> {
        let at = optional_instant(at, "at")?;
        let replayer = self
            .inner
            .take()
            .ok_or_else(|| Failure::type_error("the Replayer is finished"))?;
        Ok(JsStreamResult::new(
            replayer.finish(at),
            self.policy.clone(),
        ))
    }
}

#[wasm_bindgen(js_class = Rules)]
impl JsRules {
    /// Replays a city's event stream given as JSON Lines text (rules §5): lenient by default,
    /// or `{strict: true}`; `{at}` is the instant open demands are brought to
    /// (`Rules::replay_stream`).
    #[wasm_bindgen(js_name = replayStream)]
    pub fn replay_stream(
        &self,
        text: &Str,
        #[wasm_bindgen(unchecked_optional_param_type = "ReplayStreamOptions")] options: &JsValue,
    ) -> Result<JsStreamResult, Failure> {
        let text = string(text, "text")?;
        let (strict, at) = stream_options(options)?;
        Ok(JsStreamResult::new(
            self.inner.replay_stream(&text, strict, at)?,
            self.inner.policy().clone(),
        ))
    }
}
