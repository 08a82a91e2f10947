//! Reading the library's JSON inputs (profiles, calendars, libraries, directories, records).

use serde::de::DeserializeOwned;

/// Reads a JSON **object** into `T`; the error is the parser's message.
///
/// serde's derive would also read a struct from a JSON array, field by field in order, so a
/// positional `["x", 5]` could pass for `{"name": "x", "feedback_working_days": 5}`: every input
/// of the library is an object with named fields, and anything else is refused here.
pub(crate) fn from_object<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    // The first significant byte decides: this costs nothing, where reading through a
    // serde_json::Value first would add a second deserializer for every input type.
    // A UTF-8 BOM (Windows editors and the platform's exports write one) is not part of the JSON.
    let text = text.trim_start_matches('\u{feff}');
    if !text
        .trim_start_matches([' ', '\t', '\n', '\r'])
        .starts_with('{')
    {
        return Err("expected a JSON object with named fields".to_owned());
    }
    if let Some(why) = crate::limits::json_too_deep(text) {
        return Err(why);
    }
    serde_json::from_str(text).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct Pair {
        a: u32,
        b: String,
    }

    #[test]
    fn objects_only() {
        assert!(from_object::<Pair>(r#"{"a": 1, "b": "x"}"#).is_ok());
        assert!(from_object::<Pair>(r#"[1, "x"]"#)
            .unwrap_err()
            .contains("object"));
        assert!(from_object::<Pair>("{").is_err());
        assert!(from_object::<Pair>("\u{feff}{\"a\": 1, \"b\": \"x\"}").is_ok());
        let deep = format!("{{\"a\": {}1{}}}", "[".repeat(40), "]".repeat(40));
        assert!(from_object::<Pair>(&deep)
            .unwrap_err()
            .contains("nested deeper than 32"));
    }
}
