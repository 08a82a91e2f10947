//! `rules.cards` and `CardBoard`: cards (督办亮牌 红黄绿, rules §6), over `jiesu_core::card`.
//!
//! The board is built from a replayed stream (`rules.cards(result)`, `Rules::cards`) or from
//! derived events (`rules.cards(result.derived)`, `Rules::cards_from_derived`), under the rules'
//! §6 knobs (`consecutive`, `reset_yearly`) and with their directory's handling units listed.
//! Card events and board rows are plain objects in the Rust serde JSON shape; colours are
//! `"green"`, `"yellow"`, `"red"`.

use jiesu_core::card::CardBoard;
use jiesu_core::{DemandError, DerivedEvent};
use js_sys::Array;
use serde::Serialize;
use serde_json::Value;
use wasm_bindgen::prelude::*;

use crate::deadline::JsRules;
use crate::stream::stream_result_arg;
use crate::{instant_arg, json_text, serde_name, string, to_js, Failure, Instant, Str};

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &str = r#"
/** A unit's colour (红/黄/绿) at an instant. */
export type Colour = "green" | "yellow" | "red";

/** What a card event is: 督办通知, 黄牌, 红牌, 专班约谈分管负责人, 市政府领导约谈主要负责人. */
export type CardKind = "notice" | "yellow" | "red" | "deputy_interview" | "principal_interview";

/** A missed limit that caused a card. */
export interface Cause {
  demand: string;
  /** The round that missed its limit. */
  round: number;
  round_kind: RoundKind;
  /** The limit: `feedback`, `plan` or `redo`. */
  limit: DeadlineKind;
  /** The limit's end instant, RFC 3339 `+08:00`. */
  due: string;
}

/** One entry of a unit's card history. */
export interface CardEvent {
  kind: CardKind;
  /** RFC 3339 `+08:00`. */
  at: string;
  unit: string;
  /** The missed limits that caused it. */
  causes: Cause[];
}

/** A unit's row of the colour board at an instant (`CardBoard.board`). */
export interface BoardRow {
  unit: string;
  /** Its name, when the directory gives it. */
  name: string | null;
  colour: Colour;
  /** The active yellow streak (cards under `consecutive = events`, months under `periods`). */
  yellow_streak: number;
  /** The active red streak. */
  red_streak: number;
  /** Supervision notices so far. */
  notices: number;
  yellow_cards: number;
  red_cards: number;
  deputy_interviews: number;
  principal_interviews: number;
  /** The latest card or interview by then (notices are not cards), or null. */
  latest: CardEvent | null;
}

/** A card board in its JSON shape (`CardBoard.toJSON()`): the units listed and every event. */
export interface CardBoardFields {
  /** `CardBoard.units`. */
  units: string[];
  /** `CardBoard.events()`: every card event of every unit, by instant then unit. */
  events: CardEvent[];
}
"#;

/// Every unit's card history and colours (rules §6) (`jiesu_core::card::CardBoard`). Built by
/// `rules.cards(…)`.
#[wasm_bindgen(js_name = CardBoard)]
pub struct JsCardBoard {
    inner: CardBoard,
}

impl From<CardBoard> for JsCardBoard {
    fn from(inner: CardBoard) -> JsCardBoard {
        JsCardBoard { inner }
    }
}

#[wasm_bindgen(js_class = CardBoard)]
impl JsCardBoard {
    /// The units on the board: the directory's handling units in its order, then any other
    /// carded unit (`CardBoard::units`).
    #[wasm_bindgen(getter)]
    pub fn units(&self) -> Vec<String> {
        self.inner.units().to_vec()
    }

    /// A unit's card history, in time order (empty for a unit never carded); a unit the rules'
    /// directory does not list throws `CardError` (`card_unknown_unit`) (`CardBoard::history`).
    #[wasm_bindgen(unchecked_return_type = "CardEvent[]")]
    pub fn history(&self, unit: &Str) -> Result<JsValue, Failure> {
        to_js(self.inner.history(&string(unit, "unit")?)?)
    }

    /// A unit's colour at an instant: `"green"`, `"yellow"` or `"red"` (`CardBoard::colour`).
    #[wasm_bindgen(unchecked_return_type = "Colour")]
    pub fn colour(&self, unit: &Str, at: &Instant) -> Result<String, Failure> {
        let unit = string(unit, "unit")?;
        let at = instant_arg(at, "at")?;
        Ok(serde_name(&self.inner.colour(&unit, &at)?))
    }

    /// The colour board at an instant: every listed unit's colour, streaks, counts and latest
    /// card, in board order (`CardBoard::board`).
    #[wasm_bindgen(unchecked_return_type = "BoardRow[]")]
    pub fn board(&self, at: &Instant) -> Result<JsValue, Failure> {
        to_js(&self.inner.board(&instant_arg(at, "at")?))
    }

    /// Every card event of every unit, by instant then unit (`CardBoard::events`).
    #[wasm_bindgen(unchecked_return_type = "CardEvent[]")]
    pub fn events(&self) -> Result<JsValue, Failure> {
        to_js(&self.inner.events())
    }

    /// The board as `{units, events}` (also what `JSON.stringify` writes).
    #[wasm_bindgen(js_name = toJSON, unchecked_return_type = "CardBoardFields")]
    pub fn to_js(&self) -> Result<JsValue, Failure> {
        #[derive(Serialize)]
        struct Fields<'a> {
            units: &'a [String],
            events: Vec<jiesu_core::CardEvent>,
        }
        to_js(&Fields {
            units: self.inner.units(),
            events: self.inner.events(),
        })
    }
}

/// A derived event that does not read, as the core's `event_invalid` (derived events are the
/// demand module's second enum; the core has no error of its own for reading them). The same
/// error and message as the Python binding.
fn invalid_derived(index: Option<usize>, reason: &str) -> DemandError {
    let at = index.map_or_else(String::new, |i| format!(" [{i}]"));
    DemandError::InvalidEvent {
        field: None,
        reason: format!(
            "derived event{at} is not a notice, reply or flag as StreamResult.derived gives it: \
             {reason}"
        ),
    }
}

/// A `DerivedEvent[]` argument (as `StreamResult.derived` gives it), written by one
/// `JSON.stringify` (one boundary crossing) and read by serde. When it does not read, each item
/// is read alone to name the first bad one.
fn derived_arg(value: &JsValue) -> Result<Vec<DerivedEvent>, Failure> {
    let text = json_text(value, |reason| invalid_derived(None, &reason))?;
    if let Ok(derived) = serde_json::from_str(&text) {
        return Ok(derived);
    }
    let items: Vec<Value> =
        serde_json::from_str(&text).map_err(|e| invalid_derived(None, &e.to_string()))?;
    for (i, item) in items.iter().enumerate() {
        if let Err(e) = serde_json::from_str::<DerivedEvent>(&item.to_string()) {
            return Err(invalid_derived(Some(i), &e.to_string()).into());
        }
    }
    Err(invalid_derived(None, "not an array of derived events").into())
}

#[wasm_bindgen(js_class = Rules)]
impl JsRules {
    /// The card board (rules §6) under these rules' §6 knobs, of a replayed stream
    /// (`Rules::cards`) or of derived events (notices and replies, in any order of instants;
    /// flags are ignored) as `StreamResult.derived` gives them (`Rules::cards_from_derived`; an
    /// item that does not read throws `DemandError`, `event_invalid`). With a directory, its
    /// handling units are listed even without cards.
    pub fn cards(
        &self,
        #[wasm_bindgen(unchecked_param_type = "StreamResult | DerivedEvent[]")] source: &JsValue,
    ) -> Result<JsCardBoard, Failure> {
        if Array::is_array(source) {
            Ok(self.inner.cards_from_derived(&derived_arg(source)?).into())
        } else {
            let result = stream_result_arg(source, "source")?;
            Ok(self.inner.cards(&result).into())
        }
    }
}
