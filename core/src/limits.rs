//! Limits that protect a service from hostile input (sizes and counts past which input is
//! refused with a typed error, never read at any cost). The rule book is silent: these are the
//! library's readings, listed in the README with a vector each
//! (`fixtures/vectors/*/hostile.json`).
//!
//! | limit | value | refused with |
//! |---|---|---|
//! | an event's JSON text (a stream line) | [`MAX_EVENT_BYTES`] = 64 KiB | `event_too_large` |
//! | JSON nesting of any input | [`MAX_JSON_DEPTH`] = 32 | the reader's invalid-JSON code (`event_invalid`, `policy_invalid_json`, …) |
//! | events of one demand | policy knob `limits.events_per_demand` = 1,000 | `demand_too_many_events` |
//! | demands a stream holds open | policy knob `limits.open_demands` = 1,000,000 | `stream_too_many_open_demands` |
//! | units of a directory | [`MAX_DIRECTORY_UNITS`] = 1,000 | `directory_too_large` |
//! | rules of a directory | [`MAX_DIRECTORY_RULES`] = 2,000 | `directory_too_large` |
//! | the period of a duties check (rules §8) | [`MAX_RANGE_DAYS`] = 3,660 days | `duties_range_too_long` |
//!
//! The two counts a large city may reach are policy knobs (`limits` in the profile); the others
//! bound what one record can be and stay fixed.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The longest event JSON text (one line of a stream), in bytes: 64 KiB. A demand's free text of
/// 20,000 Chinese characters fits; a line past it is refused before it is parsed.
pub const MAX_EVENT_BYTES: usize = 64 * 1024;

/// The deepest JSON nesting any input may have (an object or array counts one level): 32. The
/// library's own records nest at most four levels; the platform's free-form `ext` gets the rest.
pub const MAX_JSON_DEPTH: usize = 32;

/// The most units a dispatch directory may list (rules §3): 1,000.
pub const MAX_DIRECTORY_UNITS: usize = 1_000;

/// The most rules a dispatch directory may hold (rules §3): 2,000.
pub const MAX_DIRECTORY_RULES: usize = 2_000;

/// The longest period a duties check (rules §8, weekly collection and field days) may span, in
/// days: 3,660 (ten years). Its report has a row per week or month and territory or leader.
pub const MAX_RANGE_DAYS: i64 = 3_660;

/// The fixed limits, for a caller that checks input before sending it or shows the limits to a
/// user (Python `jiesu.fixed_limits()`, JS `fixedLimits()`); the two counting limits are the
/// policy's (`Policy::limits`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct FixedLimits {
    /// [`MAX_EVENT_BYTES`].
    pub event_bytes: usize,
    /// [`MAX_JSON_DEPTH`].
    pub json_depth: usize,
    /// [`MAX_DIRECTORY_UNITS`].
    pub directory_units: usize,
    /// [`MAX_DIRECTORY_RULES`].
    pub directory_rules: usize,
    /// [`MAX_RANGE_DAYS`].
    pub duties_range_days: i64,
}

/// The fixed limits of this build (see the module's table).
pub fn fixed_limits() -> FixedLimits {
    FixedLimits {
        event_bytes: MAX_EVENT_BYTES,
        json_depth: MAX_JSON_DEPTH,
        directory_units: MAX_DIRECTORY_UNITS,
        directory_rules: MAX_DIRECTORY_RULES,
        duties_range_days: MAX_RANGE_DAYS,
    }
}

/// The counting limits a profile may set (policy knob `limits`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LimitKnobs {
    /// The most events one demand's log may hold (default 1,000): the next is refused with
    /// `demand_too_many_events` and changes nothing.
    pub events_per_demand: u32,
    /// The most demands a stream may hold open at once (default 1,000,000): a new demand past
    /// it fails the stream with `stream_too_many_open_demands`, in lenient mode too (finished
    /// demands do not count).
    pub open_demands: u32,
}

impl Default for LimitKnobs {
    fn default() -> Self {
        LimitKnobs {
            events_per_demand: 1_000,
            open_demands: 1_000_000,
        }
    }
}

/// Why a JSON text nests too deep, if it does: scans the text once (strings skipped) without
/// parsing it, so that no reader ever recurses past [`MAX_JSON_DEPTH`].
pub(crate) fn json_too_deep(text: &str) -> Option<String> {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for b in text.bytes() {
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'{' | b'[' => {
                depth += 1;
                if depth > MAX_JSON_DEPTH {
                    return Some(too_deep());
                }
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// Why a JSON value nests too deep, if it does (for values built by a binding, not read from
/// text). Stops at the limit, so it never recurses further than [`MAX_JSON_DEPTH`].
pub(crate) fn value_too_deep(value: &Value) -> Option<String> {
    fn deeper(value: &Value, depth: usize) -> bool {
        match value {
            Value::Array(items) => {
                depth >= MAX_JSON_DEPTH || items.iter().any(|v| deeper(v, depth + 1))
            }
            Value::Object(map) => {
                depth >= MAX_JSON_DEPTH || map.values().any(|v| deeper(v, depth + 1))
            }
            _ => false,
        }
    }
    deeper(value, 0).then(too_deep)
}

fn too_deep() -> String {
    format!("nested deeper than {MAX_JSON_DEPTH} levels (the limit)")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nested(n: usize) -> String {
        format!("{}{}", "[".repeat(n), "]".repeat(n))
    }

    #[test]
    fn depth_counts_objects_and_arrays_not_strings() {
        assert_eq!(json_too_deep(&nested(MAX_JSON_DEPTH)), None);
        assert!(json_too_deep(&nested(MAX_JSON_DEPTH + 1)).is_some());
        let in_string = format!("{{\"a\": \"{}\\\"{}\"}}", "[".repeat(99), "{".repeat(99));
        assert_eq!(json_too_deep(&in_string), None);
        let value: Value = serde_json::from_str(&nested(MAX_JSON_DEPTH)).unwrap();
        assert_eq!(value_too_deep(&value), None);
        let value: Value = serde_json::from_str(&nested(MAX_JSON_DEPTH + 1)).unwrap();
        assert!(value_too_deep(&value).is_some());
    }
}
