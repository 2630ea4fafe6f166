//! Helpers the generated code calls for JSON shapes serde's derives cannot
//! express. Not part of the public API.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use crate::RawObject;

pub use crate::tolerant::{
    decode_owned_with_serde, decode_with_serde, deserialize_object, join_paths, unfit_in_extra,
    unfit_in_member, unfit_members, Decode, Failure,
};
#[path = "wire/members.rs"]
pub mod members;
pub use members::{required, Extra, Key, ObjectNameSeed, ReadObject, Strict};
// A path from this file's folder, so that the test crates that include this
// file by `#[path]` find it as well.
#[path = "wire/string_encoded.rs"]
pub mod string_encoded;
pub use string_encoded::StringEncoded;

/// Makes room for one more item in a list read from a response: doubling
/// while the list is small, then an eighth more at a time. Serde's own
/// lists always double, so a large page could hold nearly twice the room
/// its items need at its peak. (A large list is reallocated by remapping
/// its pages, not by copying, so the extra steps cost little.)
pub(crate) fn grow_gently<T>(items: &mut Vec<T>) {
    const DOUBLE_UP_TO_BYTES: usize = 64 * 1024;
    if items.len() < items.capacity() {
        return;
    }
    let len = items.len();
    let more = if len.saturating_mul(std::mem::size_of::<T>()) < DOUBLE_UP_TO_BYTES {
        len.max(4)
    } else {
        len / 8
    };
    items.reserve_exact(more);
}

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

/// `Debug` of an enum's `Unknown(value)`, with anything in `value` that
/// looks like a key, client secret or card number masked.
pub fn debug_unknown(f: &mut fmt::Formatter<'_>, value: &str) -> fmt::Result {
    f.debug_tuple("Unknown")
        .field(&crate::redact::scrub(value))
        .finish()
}

/// `Debug` of untyped JSON (a `serde_json::Value`, or a list or map of
/// them), redacted as [`RawObject`]'s is: secret members and strings that
/// look like keys, client secrets or card numbers are masked at any depth.
pub struct DebugJson<'a, T>(pub &'a T);

impl<T: Serialize> fmt::Debug for DebugJson<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match serde_json::to_value(self.0) {
            Ok(value) => fmt::Debug::fmt(&crate::redact::redact_value(&value), f),
            Err(_) => f.write_str("[unprintable JSON]"),
        }
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

/// What a generated tagged union (`style: enum`) tells [`deserialize_tagged`].
pub trait TaggedUnion: Sized {
    /// The wire name of the tag member.
    const TAG: &'static str;

    /// The member that holds the payload for `tag`, if `tag` is known.
    fn payload_key(tag: &str) -> Option<&'static str>;

    /// Reads the payload for a known `tag`; `Ok(None)` when it is `null`.
    fn deserialize_payload<'de, D: Deserializer<'de>>(
        tag: &str,
        payload: D,
    ) -> Result<Option<Self>, D::Error>;

    /// The fallback holding the whole object.
    fn unknown(object: RawObject) -> Self;
}

/// Deserializes a tagged union in one pass.
///
/// WooshPay writes the tag first, so the payload member is usually read
/// straight into its typed struct (keeping exact error paths such as
/// `next_action.redirect_to_url.url`). Members seen before the tag, or that
/// are not the payload, are kept as JSON so an unknown tag (or a known one
/// without its payload) still yields the whole object.
pub fn deserialize_tagged<'de, D: Deserializer<'de>, T: TaggedUnion>(
    deserializer: D,
) -> Result<T, D::Error> {
    deserializer.deserialize_map(TaggedVisitor(PhantomData))
}

struct TaggedVisitor<T>(PhantomData<T>);

impl<'de, T: TaggedUnion> Visitor<'de> for TaggedVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "an object with a `{}` member", T::TAG)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        let mut tag: Option<String> = None;
        let mut rest = RawObject::new();
        let mut decoded: Option<T> = None;
        while let Some(key) = map.next_key::<String>()? {
            if key == T::TAG {
                // Read as a string directly so a wrong type is reported at `<union>.<tag>`.
                let value: Option<String> = map.next_value()?;
                tag.clone_from(&value);
                rest.insert(key, value.map_or(Value::Null, Value::String));
                continue;
            }
            let is_payload = decoded.is_none()
                && tag
                    .as_deref()
                    .and_then(T::payload_key)
                    .is_some_and(|payload| payload == key);
            if is_payload {
                let tag = tag.as_deref().unwrap_or_default();
                decoded = map.next_value_seed(PayloadSeed::<T> {
                    tag,
                    marker: PhantomData,
                })?;
                if decoded.is_none() {
                    rest.insert(key, Value::Null);
                }
            } else {
                let value: Value = map.next_value()?;
                rest.insert(key, value);
            }
        }
        if let Some(decoded) = decoded {
            return Ok(decoded);
        }
        // The tag came after its payload: read the buffered payload now.
        let payload_key = tag.as_deref().and_then(T::payload_key);
        if let (Some(tag), Some(key)) = (tag.as_deref(), payload_key) {
            if let Some(payload) = rest.get(key).filter(|payload| !payload.is_null()) {
                let decoded = read_buffered_payload::<T, A::Error>(tag, key, payload.clone())?;
                if let Some(decoded) = decoded {
                    return Ok(decoded);
                }
            }
        }
        Ok(T::unknown(rest))
    }
}

/// Reads a payload that was buffered as JSON, naming the path inside it in
/// the error, since the outer path ends at the union itself.
fn read_buffered_payload<T: TaggedUnion, E: de::Error>(
    tag: &str,
    key: &str,
    payload: Value,
) -> Result<Option<T>, E> {
    let mut track = serde_path_to_error::Track::new();
    let deserializer = serde_path_to_error::Deserializer::new(payload, &mut track);
    T::deserialize_payload(tag, deserializer).map_err(|error| {
        let path = track.path().to_string();
        if path == "." {
            E::custom(format_args!("{key}: {error}"))
        } else {
            E::custom(format_args!("{key}.{path}: {error}"))
        }
    })
}

struct PayloadSeed<'t, T> {
    tag: &'t str,
    marker: PhantomData<T>,
}

impl<'de, T: TaggedUnion> de::DeserializeSeed<'de> for PayloadSeed<'_, T> {
    type Value = Option<T>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Option<T>, D::Error> {
        T::deserialize_payload(self.tag, deserializer)
    }
}

/// Reads an optional value that WooshPay sometimes sends JSON-encoded inside
/// a string (`"[\"card\"]"` for `["card"]`), or as an empty string for none.
/// A string that is not JSON for `T` is still tried as `T` itself, so a
/// string-typed value is never lost.
pub fn json_string_or_value<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: serde::de::DeserializeOwned,
{
    let value = Value::deserialize(deserializer)?;
    match value {
        Value::Null => Ok(None),
        Value::String(text) if text.trim().is_empty() => Ok(None),
        Value::String(text) => match serde_json::from_str::<T>(&text) {
            Ok(decoded) => Ok(Some(decoded)),
            Err(json_error) => T::deserialize(Value::String(text)).map(Some).map_err(|_| {
                de::Error::custom(format_args!(
                    "a JSON-encoded string that does not hold the expected value: {json_error}"
                ))
            }),
        },
        other => T::deserialize(other).map(Some).map_err(de::Error::custom),
    }
}

/// What the generated code tells [`object_name`] about an object.
pub trait ObjectName {
    /// The value of the object's `object` member, e.g. `setup_intent`.
    const OBJECT_NAME: &'static str;
}

/// Reads the `object` member and checks that it does not name another kind
/// of object, so that a response of another kind never decodes as a `T`.
/// Values the spec does not know (the docs' examples print `"string"`) pass.
pub fn object_name<'de, T: ObjectName, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<String, D::Error> {
    let found = String::deserialize(deserializer)?;
    check_object_name::<T>(&found).map_err(de::Error::custom)?;
    Ok(found)
}

/// [`object_name`]'s check on a value already read.
pub fn check_object_name<T: ObjectName>(found: &str) -> Result<(), String> {
    let other_kind = found != T::OBJECT_NAME
        && (found == "list" || crate::generated::models::OBJECT_NAMES.contains(&found));
    if other_kind {
        Err(format!(
            "expected a `{}` object, found `{}`",
            T::OBJECT_NAME,
            found.chars().take(64).collect::<String>().escape_debug()
        ))
    } else {
        Ok(())
    }
}

/// What a generated embedded union (`style: embedded`) tells
/// [`deserialize_embedded`]: the tag is a member of the object itself.
pub trait EmbeddedUnion: Sized {
    /// The wire name of the tag member inside the object.
    const TAG: &'static str;

    /// The typed variant for `tag`, or `None` when `tag` is not listed or
    /// the object does not decode as that variant.
    fn decode_variant(tag: &str, object: &RawObject) -> Option<Self>;

    /// The fallback holding the whole object.
    fn unknown(object: RawObject) -> Self;
}

/// Reads a JSON object, then decodes it as the variant its tag names.
///
/// Only a non-object is an error: anything the spec does not know becomes
/// the `Unknown` variant with the object kept as it came, so a new kind of
/// object never breaks the enclosing response.
pub fn deserialize_embedded<'de, D: Deserializer<'de>, T: EmbeddedUnion>(
    deserializer: D,
) -> Result<T, D::Error> {
    let object = <RawObject as serde::Deserialize>::deserialize(deserializer)?;
    let decoded = object
        .get(T::TAG)
        .and_then(Value::as_str)
        .and_then(|tag| T::decode_variant(tag, &object));
    Ok(decoded.unwrap_or_else(|| T::unknown(object)))
}

/// Decodes a buffered object as `P` without copying it; `None` if it does not fit.
pub fn decode_embedded<P: serde::de::DeserializeOwned>(object: &RawObject) -> Option<P> {
    let members = object.iter().map(|(key, value)| (key.as_str(), value));
    let deserializer = de::value::MapDeserializer::<_, serde_json::Error>::new(members);
    // A payload that does not decode becomes `Unknown`: only a payload that
    // tolerant decoding refuses may.
    members::tolerantly(|| P::deserialize(deserializer).ok())
}

/// Why `object` does not decode as `P`, the variant its tag `tag` names;
/// `None` when it does.
pub fn embedded_failure<P: Decode>(tag: &str, object: &RawObject) -> Option<crate::DecodeFailure> {
    let value = Value::from(object.clone());
    match P::decode(&value) {
        Ok(_) => None,
        Err(failure) => Some(crate::DecodeFailure::new(
            tag,
            &failure.path(),
            failure.message(),
        )),
    }
}

/// Writes the payload object with its tag member set to `tag_value`, so a
/// variant serializes as the object WooshPay sent even when the payload type
/// has no field for the tag (or it was left unset).
pub fn serialize_embedded<S: Serializer, P: Serialize>(
    serializer: S,
    tag: &str,
    tag_value: &str,
    payload: &P,
) -> Result<S::Ok, S::Error> {
    use serde::ser::Error as _;
    let mut value = serde_json::to_value(payload).map_err(S::Error::custom)?;
    match &mut value {
        Value::Object(object) => {
            object.insert(tag.to_owned(), Value::String(tag_value.to_owned()));
        }
        _ => {
            return Err(S::Error::custom(
                "an embedded union payload must be an object",
            ))
        }
    }
    value.serialize(serializer)
}
