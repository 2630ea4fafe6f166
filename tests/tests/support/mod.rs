//! Helpers shared by the JSON round-trip test files.

// Each test file uses some of these, not all.
#![allow(dead_code)]

use std::path::Path;

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

/// Removes every `null` object member, recursively: absent `Option` fields
/// are not serialized, so nulls cannot survive a round trip. Nulls inside
/// arrays are kept.
pub fn strip_nulls(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k, strip_nulls(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(strip_nulls).collect()),
        other => other,
    }
}

/// A documented example: a whole one from the spec (`spec/examples/`,
/// listed by its endpoint and exported to OpenAPI), or a part of one cut
/// from a longer page (`tests/fixtures/partial_examples/`).
pub fn example(relative: &str) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let whole = root.join("../spec/examples").join(relative);
    let path = if whole.exists() {
        whole
    } else {
        root.join("fixtures/partial_examples").join(relative)
    };
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A documented example whose `"member": "string"` placeholders stand for
/// numbers or flags sent as strings (`string<int64>` in the spec), with
/// each placeholder replaced by a real value of that form.
pub fn example_filled(relative: &str, fills: &[(&str, &str)]) -> String {
    let mut text = example(relative);
    for (member, value) in fills {
        let placeholder = format!("\"{member}\": \"string\"");
        assert!(text.contains(&placeholder), "{relative}: no {placeholder}");
        text = text.replace(&placeholder, &format!("\"{member}\": \"{value}\""));
    }
    text
}

/// Decodes `text` as `T`, naming the JSON path when it does not decode.
pub fn decode<T: DeserializeOwned>(label: &str, text: &str) -> T {
    serde_path_to_error::deserialize(&mut serde_json::Deserializer::from_str(text))
        .unwrap_or_else(|e| panic!("{label} does not decode at `{}`: {e}", e.path()))
}

/// Decodes `text` as `T`, encodes it back and checks that it equals
/// `expected` (both passed through `normalize`), and that decoding the
/// output again gives an equal value.
pub fn round_trip_to<T>(
    label: &str,
    text: &str,
    expected: Value,
    normalize: impl Fn(Value) -> Value,
) -> T
where
    T: DeserializeOwned + Serialize + PartialEq + std::fmt::Debug,
{
    let typed: T = decode(label, text);
    let back = serde_json::to_value(&typed).expect("encodes");
    assert_eq!(
        normalize(back.clone()),
        normalize(expected),
        "{label}: round trip changed the JSON"
    );
    let again: T = serde_json::from_value(back).expect("decodes again");
    assert_eq!(again, typed, "{label}: second pass differs from the first");
    typed
}

/// [`round_trip_to`] the input itself, nulls aside.
pub fn round_trip<T>(label: &str, text: &str) -> T
where
    T: DeserializeOwned + Serialize + PartialEq + std::fmt::Debug,
{
    let original: Value = serde_json::from_str(text).expect("valid JSON");
    round_trip_to(label, text, strip_nulls(original), |value| value)
}
