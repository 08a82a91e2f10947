//! Event schema v1 (rules §5): what the platform stores, one JSON object per event.
//!
//! Common fields: `v` (the schema version, `1`), `demand` (the demand's id), `type`, `at` (an
//! instant, rules §0: any offset, naive read as +08:00; written back in +08:00) and an optional
//! free-form `ext` object that is kept and returned untouched. Every other field belongs to the
//! event's type; an unknown field is an error (`event_invalid`, naming it). The field-by-field
//! contract, with an example of every type, is `fixtures/events/README.md`.
//!
//! Events are read by hand from a `serde_json::Value` so that every error names its field
//! (serde's derive reports "invalid type" without saying where).

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::DemandError;
use crate::category::Category;
use crate::directory::Level;
use crate::time::{parse_date, parse_instant};

/// The schema version this library reads and writes.
pub const SCHEMA_VERSION: u32 = 1;

/// Callback satisfaction (电话回访满意度, 附件5), or `unreached` (the call failed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Satisfaction {
    /// 非常满意.
    VerySatisfied,
    /// 比较满意.
    FairlySatisfied,
    /// 基本满意.
    BasicallySatisfied,
    /// 不满意: the order is returned for redo (or goes to verification after a redo).
    Unsatisfied,
    /// The callback did not reach the enterprise: nothing changes, the platform calls again.
    Unreached,
}

impl Satisfaction {
    /// Every level, the four of 附件5 in its order, then `unreached`.
    pub const ALL: [Satisfaction; 5] = [
        Satisfaction::VerySatisfied,
        Satisfaction::FairlySatisfied,
        Satisfaction::BasicallySatisfied,
        Satisfaction::Unsatisfied,
        Satisfaction::Unreached,
    ];

    /// The `snake_case` key.
    pub fn key(self) -> &'static str {
        match self {
            Satisfaction::VerySatisfied => "very_satisfied",
            Satisfaction::FairlySatisfied => "fairly_satisfied",
            Satisfaction::BasicallySatisfied => "basically_satisfied",
            Satisfaction::Unsatisfied => "unsatisfied",
            Satisfaction::Unreached => "unreached",
        }
    }

    /// The guideline's label (附件5: 非常满意, 比较满意, 基本满意, 不满意; 未接通 for unreached).
    pub fn label_zh(self) -> &'static str {
        match self {
            Satisfaction::VerySatisfied => "非常满意",
            Satisfaction::FairlySatisfied => "比较满意",
            Satisfaction::BasicallySatisfied => "基本满意",
            Satisfaction::Unsatisfied => "不满意",
            Satisfaction::Unreached => "未接通",
        }
    }

    /// True for the three levels that let the demand be closed (销号).
    pub fn is_satisfied(self) -> bool {
        matches!(
            self,
            Satisfaction::VerySatisfied
                | Satisfaction::FairlySatisfied
                | Satisfaction::BasicallySatisfied
        )
    }

    /// Reads a key (`very_satisfied` …) or the Chinese label (`非常满意` …).
    pub fn parse(text: &str) -> Option<Satisfaction> {
        let t = text.trim();
        Satisfaction::ALL
            .into_iter()
            .find(|s| t == s.key() || t == s.label_zh())
    }
}

/// The task force's verification opinion (核查意见).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Opinion {
    /// Close the demand as verified (核查办结).
    Close,
    /// Another redo round (3 working days).
    Redo,
}

/// One event of a demand's life: the common fields and the type's own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Event {
    /// Schema version (always [`SCHEMA_VERSION`] once read).
    pub v: u32,
    /// The demand's id.
    pub demand: String,
    /// When it happened, +08:00.
    pub at: DateTime<FixedOffset>,
    /// The type and its fields.
    #[serde(flatten)]
    pub body: EventBody,
    /// Free-form data of the platform's, kept and returned untouched.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ext: Option<Map<String, Value>>,
}

/// The event types of rules §5 and their fields (serialised with `type` as the tag).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum EventBody {
    /// 受理: the platform takes the demand.
    Received {
        /// Its category (a key or the Chinese label on input; the key on output).
        category: Category,
        /// Topic keys.
        topics: Vec<String>,
        /// The enterprise's territory (属地): a town/street or the development zone.
        territory: String,
        /// The enterprise's name.
        enterprise: String,
        /// The demand in free text.
        text: String,
        /// The enterprise's contact, if given.
        #[serde(skip_serializing_if = "Option::is_none")]
        contact: Option<String>,
    },
    /// 即时答复: a consultation answered at once from the policy library (no work order).
    Answered {
        /// The policy library entry's id.
        entry: String,
    },
    /// 本级解决: the territory handles the demand at its own level (a work order to itself).
    TerritoryHandling {
        /// The territory unit (the demand's own territory).
        unit: String,
    },
    /// 报推进中心 / 上报市政府: the level above takes the demand.
    Escalated {
        /// `center` or `government`.
        to: Level,
        /// Why.
        reason: String,
    },
    /// A work order to a lead (首接) with co-units (协办).
    Dispatched {
        /// The lead unit.
        lead: String,
        /// The co-units.
        co_units: Vec<String>,
        /// The directory rule that chose the lead, if any.
        #[serde(skip_serializing_if = "Option::is_none")]
        rule: Option<String>,
    },
    /// 签收: the lead signs for the work order.
    Signed {
        /// The lead.
        unit: String,
    },
    /// 退单: the lead hands the order back; the center re-dispatches.
    ReturnedByUnit {
        /// The lead.
        unit: String,
        /// Why.
        reason: String,
    },
    /// 解决方案: a solution plan with its completion date (办结时限).
    PlanSubmitted {
        /// The lead.
        unit: String,
        /// The completion date.
        completion: NaiveDate,
        /// The explanation (required when the plan extends the limit, 延期).
        explanation: String,
    },
    /// 报结果/申请销号: the unit reports the result and has answered the enterprise.
    Replied {
        /// The lead.
        unit: String,
        /// Whether the problem is solved (是否解决).
        resolved: bool,
        /// Whether the unit says it contacted the enterprise.
        contacted: bool,
        /// How it was solved (解决方式).
        method: String,
    },
    /// 电话回访: the platform's telephone callback.
    Callback {
        /// The satisfaction level, or `unreached`.
        satisfaction: Satisfaction,
        /// Whether the enterprise says it is solved (absent for `unreached`).
        #[serde(skip_serializing_if = "Option::is_none")]
        resolved: Option<bool>,
        /// Whether the enterprise says the unit contacted it (absent for `unreached`).
        #[serde(skip_serializing_if = "Option::is_none")]
        contacted: Option<bool>,
    },
    /// 当日退回: the center returns the order for redo after an unsatisfied callback.
    Returned,
    /// 不满意诉求审核反馈表, signed by the unit's principal head.
    VerificationSubmitted {
        /// The lead.
        unit: String,
        /// Who signed (主要负责同志).
        signed_by: String,
    },
    /// 核查意见: the task force's opinion.
    Verified {
        /// `close` or `redo`.
        opinion: Opinion,
    },
    /// 销号: the demand is closed.
    Closed,
}

/// Every event type's name, in the order of rules §5.
pub const EVENT_TYPES: [&str; 14] = [
    "received",
    "answered",
    "territory_handling",
    "escalated",
    "dispatched",
    "signed",
    "returned_by_unit",
    "plan_submitted",
    "replied",
    "callback",
    "returned",
    "verification_submitted",
    "verified",
    "closed",
];

impl EventBody {
    /// The `type` name (`received`, `dispatched`, …).
    pub fn type_name(&self) -> &'static str {
        match self {
            EventBody::Received { .. } => "received",
            EventBody::Answered { .. } => "answered",
            EventBody::TerritoryHandling { .. } => "territory_handling",
            EventBody::Escalated { .. } => "escalated",
            EventBody::Dispatched { .. } => "dispatched",
            EventBody::Signed { .. } => "signed",
            EventBody::ReturnedByUnit { .. } => "returned_by_unit",
            EventBody::PlanSubmitted { .. } => "plan_submitted",
            EventBody::Replied { .. } => "replied",
            EventBody::Callback { .. } => "callback",
            EventBody::Returned => "returned",
            EventBody::VerificationSubmitted { .. } => "verification_submitted",
            EventBody::Verified { .. } => "verified",
            EventBody::Closed => "closed",
        }
    }
}

impl Event {
    /// Reads one event from its JSON text (a line of a stream; a UTF-8 BOM and surrounding
    /// whitespace are ignored).
    ///
    /// A text longer than [`MAX_EVENT_BYTES`](crate::limits::MAX_EVENT_BYTES) is
    /// `event_too_large`, JSON nested deeper than
    /// [`MAX_JSON_DEPTH`](crate::limits::MAX_JSON_DEPTH) is `event_invalid`: both are refused
    /// before the text is parsed.
    pub fn from_json(text: &str) -> Result<Event, DemandError> {
        if text.len() > crate::limits::MAX_EVENT_BYTES {
            return Err(DemandError::TooLarge {
                bytes: text.len(),
                limit: crate::limits::MAX_EVENT_BYTES,
            });
        }
        let text = text.trim_start_matches('\u{feff}').trim();
        if !text.starts_with('{') {
            return Err(DemandError::invalid(
                None,
                "an event is a JSON object with named fields",
            ));
        }
        if let Some(why) = crate::limits::json_too_deep(text) {
            return Err(DemandError::invalid(None, why));
        }
        let value: Value = serde_json::from_str(text)
            .map_err(|e| DemandError::invalid(None, format!("not JSON: {e}")))?;
        Event::from_value(value)
    }

    /// Reads one event from a JSON value (an object).
    #[allow(clippy::too_many_lines)] // one arm per event type, as the schema lists them
    pub fn from_value(value: Value) -> Result<Event, DemandError> {
        if let Some(why) = crate::limits::value_too_deep(&value) {
            return Err(DemandError::invalid(None, why));
        }
        let Value::Object(map) = value else {
            return Err(DemandError::invalid(
                None,
                "an event is a JSON object with named fields",
            ));
        };
        let mut f = Fields(map);
        let v = match f.0.remove("v") {
            None => {
                return Err(DemandError::invalid(
                    Some("v"),
                    "missing: the schema version",
                ))
            }
            Some(Value::Number(n)) if n.as_u64() == Some(u64::from(SCHEMA_VERSION)) => {
                SCHEMA_VERSION
            }
            Some(other) => {
                return Err(DemandError::UnsupportedVersion {
                    v: other.to_string(),
                })
            }
        };
        let demand = f.nonempty("demand")?;
        let kind = f.string("type")?;
        let at = f.instant("at")?;
        let ext = match f.0.remove("ext") {
            None | Some(Value::Null) => None,
            Some(Value::Object(m)) => Some(m),
            Some(_) => {
                return Err(DemandError::invalid(
                    Some("ext"),
                    "expected a JSON object (free-form, kept untouched)",
                ))
            }
        };
        let body = match kind.as_str() {
            "received" => EventBody::Received {
                category: f.category("category")?,
                topics: f.strings("topics")?,
                territory: f.nonempty("territory")?,
                enterprise: f.nonempty("enterprise")?,
                text: f.string("text")?,
                contact: f.opt_string("contact")?,
            },
            "answered" => EventBody::Answered {
                entry: f.nonempty("entry")?,
            },
            "territory_handling" => EventBody::TerritoryHandling {
                unit: f.nonempty("unit")?,
            },
            "escalated" => EventBody::Escalated {
                to: f.level("to")?,
                reason: f.string("reason")?,
            },
            "dispatched" => EventBody::Dispatched {
                lead: f.nonempty("lead")?,
                co_units: f.opt_strings("co_units")?,
                rule: f.opt_string("rule")?,
            },
            "signed" => EventBody::Signed {
                unit: f.nonempty("unit")?,
            },
            "returned_by_unit" => EventBody::ReturnedByUnit {
                unit: f.nonempty("unit")?,
                reason: f.nonempty("reason")?,
            },
            "plan_submitted" => EventBody::PlanSubmitted {
                unit: f.nonempty("unit")?,
                completion: f.date("completion")?,
                explanation: f.opt_string("explanation")?.unwrap_or_default(),
            },
            "replied" => EventBody::Replied {
                unit: f.nonempty("unit")?,
                resolved: f.boolean("resolved")?,
                contacted: f.boolean("contacted")?,
                method: f.string("method")?,
            },
            "callback" => {
                let satisfaction = f.satisfaction("satisfaction")?;
                let (resolved, contacted) = if satisfaction == Satisfaction::Unreached {
                    (f.opt_boolean("resolved")?, f.opt_boolean("contacted")?)
                } else {
                    (Some(f.boolean("resolved")?), Some(f.boolean("contacted")?))
                };
                EventBody::Callback {
                    satisfaction,
                    resolved,
                    contacted,
                }
            }
            "returned" => EventBody::Returned,
            "verification_submitted" => EventBody::VerificationSubmitted {
                unit: f.nonempty("unit")?,
                signed_by: f.nonempty("signed_by")?,
            },
            "verified" => EventBody::Verified {
                opinion: f.opinion("opinion")?,
            },
            "closed" => EventBody::Closed,
            other => {
                return Err(DemandError::invalid(
                    Some("type"),
                    format!(
                        "unknown event type {other:?}: expected one of {}",
                        EVENT_TYPES.join(", ")
                    ),
                ))
            }
        };
        f.finish(body.type_name())?;
        Ok(Event {
            v,
            demand,
            at,
            body,
            ext,
        })
    }

    /// The event as one line of JSON (the schema's shape: `at` in +08:00, `ext` untouched).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// The fields of an event object, taken one by one; what is left at the end is unknown.
struct Fields(Map<String, Value>);

fn type_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

impl Fields {
    fn required(&mut self, key: &'static str) -> Result<Value, DemandError> {
        self.0
            .remove(key)
            .ok_or_else(|| DemandError::invalid(Some(key), "missing"))
    }

    fn string(&mut self, key: &'static str) -> Result<String, DemandError> {
        match self.required(key)? {
            Value::String(s) => Ok(s),
            other => Err(DemandError::invalid(
                Some(key),
                format!("expected a string, got {}", type_of(&other)),
            )),
        }
    }

    fn nonempty(&mut self, key: &'static str) -> Result<String, DemandError> {
        let s = self.string(key)?;
        if s.trim().is_empty() {
            return Err(DemandError::invalid(Some(key), "must not be empty"));
        }
        Ok(s)
    }

    fn opt_string(&mut self, key: &'static str) -> Result<Option<String>, DemandError> {
        match self.0.remove(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(other) => Err(DemandError::invalid(
                Some(key),
                format!("expected a string, got {}", type_of(&other)),
            )),
        }
    }

    fn list(key: &'static str, value: Value) -> Result<Vec<String>, DemandError> {
        let Value::Array(items) = value else {
            return Err(DemandError::invalid(
                Some(key),
                format!("expected an array of strings, got {}", type_of(&value)),
            ));
        };
        items
            .into_iter()
            .enumerate()
            .map(|(i, item)| match item {
                Value::String(s) if !s.trim().is_empty() => Ok(s),
                other => Err(DemandError::invalid(
                    Some(key),
                    format!(
                        "item {i}: expected a non-empty string, got {}",
                        type_of(&other)
                    ),
                )),
            })
            .collect()
    }

    fn strings(&mut self, key: &'static str) -> Result<Vec<String>, DemandError> {
        let value = self.required(key)?;
        Fields::list(key, value)
    }

    fn opt_strings(&mut self, key: &'static str) -> Result<Vec<String>, DemandError> {
        match self.0.remove(key) {
            None | Some(Value::Null) => Ok(Vec::new()),
            Some(value) => Fields::list(key, value),
        }
    }

    fn boolean(&mut self, key: &'static str) -> Result<bool, DemandError> {
        match self.required(key)? {
            Value::Bool(b) => Ok(b),
            other => Err(DemandError::invalid(
                Some(key),
                format!("expected true or false, got {}", type_of(&other)),
            )),
        }
    }

    fn opt_boolean(&mut self, key: &'static str) -> Result<Option<bool>, DemandError> {
        match self.0.remove(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(b)),
            Some(other) => Err(DemandError::invalid(
                Some(key),
                format!("expected true or false, got {}", type_of(&other)),
            )),
        }
    }

    fn instant(&mut self, key: &'static str) -> Result<DateTime<FixedOffset>, DemandError> {
        let text = self.string(key)?;
        parse_instant(&text).map_err(|e| DemandError::invalid(Some(key), e.to_string()))
    }

    fn date(&mut self, key: &'static str) -> Result<NaiveDate, DemandError> {
        let text = self.string(key)?;
        parse_date(&text).map_err(|e| DemandError::invalid(Some(key), e.to_string()))
    }

    fn category(&mut self, key: &'static str) -> Result<Category, DemandError> {
        let text = self.string(key)?;
        Category::parse(&text).map_err(|e| DemandError::invalid(Some(key), e.to_string()))
    }

    fn level(&mut self, key: &'static str) -> Result<Level, DemandError> {
        match self.string(key)?.as_str() {
            "center" => Ok(Level::Center),
            "government" => Ok(Level::Government),
            other => Err(DemandError::invalid(
                Some(key),
                format!("unknown level {other:?}: expected \"center\" or \"government\""),
            )),
        }
    }

    fn satisfaction(&mut self, key: &'static str) -> Result<Satisfaction, DemandError> {
        let text = self.string(key)?;
        Satisfaction::parse(&text).ok_or_else(|| {
            DemandError::invalid(
                Some(key),
                format!(
                    "unknown satisfaction {text:?}: expected very_satisfied, fairly_satisfied, \
                     basically_satisfied, unsatisfied or unreached (非常满意, 比较满意, 基本满意, 不满意)"
                ),
            )
        })
    }

    fn opinion(&mut self, key: &'static str) -> Result<Opinion, DemandError> {
        match self.string(key)?.as_str() {
            "close" => Ok(Opinion::Close),
            "redo" => Ok(Opinion::Redo),
            other => Err(DemandError::invalid(
                Some(key),
                format!("unknown opinion {other:?}: expected \"close\" or \"redo\""),
            )),
        }
    }

    /// Fails on the first field left over: the type does not have it.
    fn finish(self, kind: &str) -> Result<(), DemandError> {
        match self.0.keys().next() {
            None => Ok(()),
            Some(key) => Err(DemandError::InvalidEvent {
                field: Some(key.clone()),
                reason: format!(
                    "unknown field for a `{kind}` event (free-form data goes in `ext`)"
                ),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_and_writes_every_type() {
        let lines = [
            r#"{"v":1,"demand":"D1","type":"received","at":"2026-09-30 09:00","category":"投诉类","topics":["land_use"],"territory":"guanqiao_zhen","enterprise":"某公司","text":"用地","ext":{"src":"e呼善应","n":[1,2]}}"#,
            r#"{"v":1,"demand":"D1","type":"dispatched","at":"2026-09-30T10:00+08:00","lead":"natural_resources","co_units":["guanqiao_zhen"]}"#,
            r#"{"v":1,"demand":"D1","type":"callback","at":"2026-10-09T10:00:00+08:00","satisfaction":"unreached"}"#,
            r#"{"v":1,"demand":"D1","type":"returned","at":"2026-10-09T10:00:00Z"}"#,
        ];
        for line in lines {
            let e = Event::from_json(line).unwrap();
            let again = Event::from_json(&e.to_json()).unwrap();
            assert_eq!(e, again, "{line}");
        }
        let e = Event::from_json(lines[0]).unwrap();
        assert!(e.to_json().contains(r#""category":"complaint""#));
        assert!(e.to_json().contains(r#""ext":{"src":"e呼善应","n":[1,2]}"#));
        assert!(e.to_json().contains(r#""at":"2026-09-30T09:00:00+08:00""#));
    }

    #[test]
    fn errors_name_the_field() {
        let bad = |line: &str| Event::from_json(line).unwrap_err();
        let e = bad(
            r#"{"v":1,"demand":"D1","type":"replied","at":"2026-09-30T10:00","unit":"x","resolved":"yes","contacted":true,"method":"m"}"#,
        );
        assert_eq!(e.code(), "event_invalid");
        assert!(e.to_string().contains("resolved"), "{e}");
        let e =
            bad(r#"{"v":1,"demand":"D1","type":"closed","at":"2026-09-30T10:00","colour":"red"}"#);
        assert!(e.to_string().contains("colour"), "{e}");
        assert_eq!(
            bad(r#"{"v":2,"demand":"D1","type":"closed","at":"2026-09-30T10:00"}"#).code(),
            "event_unsupported_version"
        );
        assert_eq!(bad("[1]").code(), "event_invalid");
        assert_eq!(bad("{").code(), "event_invalid");
    }
}
