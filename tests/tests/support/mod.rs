//! Helpers shared by the JSON round-trip test files.

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
