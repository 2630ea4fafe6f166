//! Helpers the generated code calls for JSON shapes serde's derives cannot
//! express. Not part of the public API.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeOwned, Unexpected, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use crate::RawObject;

/// Deserializes a string enum through its `From<&str>`, which maps values the
/// spec does not list to `Unknown` instead of failing.
pub fn deserialize_enum<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: for<'a> From<&'a str>,
{
    deserializer.deserialize_str(EnumVisitor(PhantomData))
}

struct EnumVisitor<T>(PhantomData<T>);

impl<T: for<'a> From<&'a str>> Visitor<'_> for EnumVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<T, E> {
        Ok(T::from(value))
    }
}

/// Stands in for a secret in `Debug` output.
pub struct Redacted {
    present: bool,
}

impl Redacted {
    /// `present`: whether there is a value to hide (an absent one prints `None`).
    pub fn new(present: bool) -> Redacted {
        Redacted { present }
    }
}

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.present { "[REDACTED]" } else { "None" })
    }
}

/// Writes `{"<tag>": "<tag_value>", "<payload_key>": payload}`.
pub fn serialize_tagged<S: Serializer, P: Serialize>(
    serializer: S,
    tag: &str,
    tag_value: &str,
    payload_key: &str,
    payload: &P,
) -> Result<S::Ok, S::Error> {
    let mut map = serializer.serialize_map(Some(2))?;
    map.serialize_entry(tag, tag_value)?;
    map.serialize_entry(payload_key, payload)?;
    map.end()
}

/// A JSON object read whole, so a tagged union can look at its tag before
/// deciding how to read the payload member.
pub struct TaggedObject {
    object: RawObject,
    tag: &'static str,
}

impl TaggedObject {
    /// Reads an object whose `tag` member, if present and not null, must be a string.
    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
        tag: &'static str,
    ) -> Result<TaggedObject, D::Error> {
        let object = RawObject::deserialize(deserializer)?;
        match object.get(tag) {
            None | Some(Value::Null) | Some(Value::String(_)) => Ok(TaggedObject { object, tag }),
            Some(other) => Err(de::Error::custom(format_args!(
                "{tag}: invalid type: {}, expected a string",
                unexpected(other)
            ))),
        }
    }

    /// The tag's value.
    pub fn tag(&self) -> Option<&str> {
        self.object.get(self.tag).and_then(Value::as_str)
    }

    /// Reads the payload member `key`. `None` when it is absent or null, so
    /// the caller can keep the object as unknown rather than invent a payload.
    pub fn take_payload<T: DeserializeOwned, E: de::Error>(
        &mut self,
        key: &str,
    ) -> Option<Result<T, E>> {
        match self.object.get(key) {
            None | Some(Value::Null) => return None,
            Some(_) => {}
        }
        let payload = self.object.remove(key)?;
        Some(serde_path_to_error::deserialize(payload).map_err(|error| {
            let path = error.path().to_string();
            let inner = error.into_inner();
            if path == "." {
                E::custom(format_args!("{key}: {inner}"))
            } else {
                E::custom(format_args!("{key}.{path}: {inner}"))
            }
        }))
    }

    /// The whole object, for the union's `Unknown` variant.
    pub fn into_raw(self) -> RawObject {
        self.object
    }
}

fn unexpected(value: &Value) -> Unexpected<'_> {
    match value {
        Value::Null => Unexpected::Unit,
        Value::Bool(b) => Unexpected::Bool(*b),
        Value::Number(_) => Unexpected::Other("number"),
        Value::String(s) => Unexpected::Str(s),
        Value::Array(_) => Unexpected::Seq,
        Value::Object(_) => Unexpected::Map,
    }
}
