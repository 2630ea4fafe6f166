//! Tolerant decoding: a member whose value does not fit its type is kept
//! raw in its object's `extra` and reported as an [`UnfitMember`], instead
//! of failing the whole response.
//!
//! A generated object reads its members straight from the response
//! (`wire/members.rs`): no `Value` of the whole body is built. A tolerant
//! member is read so that it is still whole if it does not fit: an object
//! member's JSON text is buffered and decoded from, a scalar is read as a
//! small `Value` and converted ([`Decode::BUFFER_TEXT`]). Only identity
//! (`id`, `object`) and the members the spec marks always present (or
//! `strict`) fail the object.
//!
//! [`Decode`] also reads a type from a `Value` already parsed: for members
//! WooshPay may send JSON-encoded in a string, and for the raw object an
//! embedded union keeps.

use std::fmt;

use serde::de::{self, DeserializeOwned};
use serde::Deserializer;
use serde_json::Value;

use crate::wire::members::{read_object, tolerantly, ReadObject};
use crate::RawObject;

/// A member of a response that did not fit its documented type. Its value
/// is kept unchanged in the `extra` of the object that holds it (so it
/// serializes back as it came), and its typed field is `None`.
///
/// Lists only the path and type names, never the value, so it is safe to log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnfitMember {
    path: String,
    expected: &'static str,
    found: &'static str,
}

impl UnfitMember {
    /// The JSON path of the member from the decoded object, e.g.
    /// `charges.data[0].amount`.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The type the spec gives the member, as spelled in the spec
    /// (`int64`, `array<Charge>`, `PaymentIntentStatus`).
    pub fn expected(&self) -> &'static str {
        self.expected
    }

    /// The kind of JSON value that came instead: `null`, `boolean`,
    /// `number`, `string`, `array` or `object` (an object or array is also
    /// reported when something inside it that must be present was missing
    /// or did not fit).
    pub fn found(&self) -> &'static str {
        self.found
    }
}

impl fmt::Display for UnfitMember {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}`: expected {}, found {}",
            self.path, self.expected, self.found
        )
    }
}

/// Why a value could not be decoded: where (from the value being decoded)
/// and what, never the value itself.
#[derive(Debug)]
pub struct Failure {
    /// Path segments, innermost first (`.name` or `[index]`).
    reversed_path: Vec<String>,
    message: String,
}

/// The marker [`Failure`]'s `Display` starts with, so the client can move
/// the inner path into [`Error::Decode`](crate::Error::Decode)'s path.
pub(crate) const PATH_MARKER: &str = "at `";

impl Failure {
    /// A value of the wrong JSON kind.
    pub fn expected(expected: &str, found: &Value) -> Failure {
        Failure::new(format!(
            "invalid type: {}, expected {expected}",
            json_kind(found)
        ))
    }

    /// Any other reason.
    pub fn new(message: impl Into<String>) -> Failure {
        Failure {
            reversed_path: Vec::new(),
            message: message.into(),
        }
    }

    /// The same failure, one member further out.
    pub(crate) fn in_member(mut self, key: &str) -> Failure {
        self.reversed_path.push(format!(".{key}"));
        self
    }

    fn in_item(mut self, index: usize) -> Failure {
        self.reversed_path.push(format!("[{index}]"));
        self
    }

    /// `data[0].id`, or `.` at the value itself.
    pub fn path(&self) -> String {
        let path: String = self
            .reversed_path
            .iter()
            .rev()
            .map(String::as_str)
            .collect();
        match path.strip_prefix('.') {
            Some(path) => path.to_owned(),
            None if path.is_empty() => ".".to_owned(),
            None => path,
        }
    }

    /// What went wrong, without the path.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{PATH_MARKER}{}`: {}", self.path(), self.message)
    }
}

/// Splits a message written by [`Failure`]'s `Display` into path and message.
pub(crate) fn split_failure(message: &str) -> Option<(&str, &str)> {
    let rest = message.strip_prefix(PATH_MARKER)?;
    let (path, message) = rest.split_once("`: ")?;
    Some((path, message))
}

/// The full path and the message of a decoding error: serde's path to the
/// generated object, then the path inside it that a [`Failure`] names.
pub fn join_paths(outer: &str, message: &str) -> (String, String) {
    match split_failure(message) {
        Some((".", inner)) => (outer.to_owned(), inner.to_owned()),
        Some((path, inner)) if outer == "." => (path.to_owned(), inner.to_owned()),
        Some((path, inner)) if path.starts_with('[') => {
            (format!("{outer}{path}"), inner.to_owned())
        }
        Some((path, inner)) => (format!("{outer}.{path}"), inner.to_owned()),
        None => (outer.to_owned(), message.to_owned()),
    }
}

/// The JSON kind of `value`, as [`UnfitMember::found`] names it.
pub fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// A type read from a parsed JSON value, tolerantly where it is an object.
///
/// Implement [`decode`](Decode::decode) or [`decode_owned`](Decode::decode_owned)
/// (each defaults to the other): scalars read a borrowed value, containers
/// and objects consume an owned one.
pub trait Decode: Sized {
    /// How a tolerant member of this type is read from a response. `true`
    /// (objects, and containers of them, which may not fit deep inside):
    /// its JSON text is buffered, decoded straight into the type, and parsed
    /// into a `Value` only when it does not fit. `false` (scalars and
    /// any-JSON, whose `Value` holds no more than the result): it is read
    /// as a `Value` and converted.
    const BUFFER_TEXT: bool = false;

    /// Reads `value`; fails only where the type cannot hold it at all.
    fn decode(value: &Value) -> Result<Self, Failure> {
        Self::decode_owned(value.clone())
    }

    /// Reads `value`, moving out what it keeps and freeing the rest as it
    /// goes; fails exactly when [`decode`](Decode::decode) would.
    fn decode_owned(value: Value) -> Result<Self, Failure> {
        Self::decode(&value)
    }

    /// Whether `value` decodes, without keeping anything: `Err` exactly when
    /// [`decode_owned`](Decode::decode_owned) would fail, so a member that
    /// does not fit is found before any of it is consumed.
    fn check(value: &Value) -> Result<(), Failure> {
        Self::decode(value).map(drop)
    }

    /// Reads `value` when it fits; otherwise gives it back whole, to be kept
    /// raw. [Checks](Decode::check) first, then consumes; a type whose check
    /// is a full decode (a union) reads by reference instead.
    fn decode_or_keep(value: Value) -> Result<Self, Value> {
        match Self::check(&value) {
            // `check` passed, so this does not fail.
            Ok(()) => Self::decode_owned(value).map_err(|_| Value::Null),
            Err(_) => Err(value),
        }
    }

    /// Reads the type straight from a response, as its `Deserialize` does,
    /// keeping no spare room. Containers override it: a list grows gently
    /// as it is read and is trimmed to its length (serde's own lists double,
    /// not knowing their length), so a large page holds no more than its
    /// items.
    fn read_compact<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error>
    where
        Self: DeserializeOwned,
    {
        Self::deserialize(deserializer)
    }

    /// Adds the members that did not fit, at any depth, to `out`; `path` is
    /// where `self` is (empty at the root) and is left as it was.
    fn collect_unfit(&self, _path: &mut String, _out: &mut Vec<UnfitMember>) {}
}

impl Decode for String {
    fn decode(value: &Value) -> Result<Self, Failure> {
        match value {
            Value::String(text) => Ok(text.clone()),
            other => Err(Failure::expected("a string", other)),
        }
    }

    fn decode_owned(value: Value) -> Result<Self, Failure> {
        match value {
            Value::String(text) => Ok(text),
            other => Err(Failure::expected("a string", &other)),
        }
    }

    fn check(value: &Value) -> Result<(), Failure> {
        match value {
            Value::String(_) => Ok(()),
            other => Err(Failure::expected("a string", other)),
        }
    }
}

impl Decode for bool {
    fn decode(value: &Value) -> Result<Self, Failure> {
        value
            .as_bool()
            .ok_or_else(|| Failure::expected("a boolean", value))
    }
}

impl Decode for i64 {
    fn decode(value: &Value) -> Result<Self, Failure> {
        value
            .as_i64()
            .ok_or_else(|| Failure::expected("a 64-bit integer", value))
    }
}

impl Decode for i32 {
    fn decode(value: &Value) -> Result<Self, Failure> {
        value
            .as_i64()
            .and_then(|number| i32::try_from(number).ok())
            .ok_or_else(|| Failure::expected("a 32-bit integer", value))
    }
}

impl Decode for f64 {
    fn decode(value: &Value) -> Result<Self, Failure> {
        value
            .as_f64()
            .ok_or_else(|| Failure::expected("a number", value))
    }
}

impl Decode for Value {
    fn decode(value: &Value) -> Result<Self, Failure> {
        Ok(value.clone())
    }

    fn decode_owned(value: Value) -> Result<Self, Failure> {
        Ok(value)
    }

    fn check(_: &Value) -> Result<(), Failure> {
        Ok(())
    }
}

impl Decode for RawObject {
    fn decode(value: &Value) -> Result<Self, Failure> {
        match value {
            Value::Object(members) => Ok(RawObject::from(members.clone())),
            other => Err(Failure::expected("an object", other)),
        }
    }

    fn decode_owned(value: Value) -> Result<Self, Failure> {
        match value {
            Value::Object(members) => Ok(RawObject::from(members)),
            other => Err(Failure::expected("an object", &other)),
        }
    }

    fn check(value: &Value) -> Result<(), Failure> {
        match value {
            Value::Object(_) => Ok(()),
            other => Err(Failure::expected("an object", other)),
        }
    }
}

/// Appends `.key` (or `key` at the root); returns the length to truncate to.
fn push_key(path: &mut String, key: &str) -> usize {
    let len = path.len();
    if !path.is_empty() {
        path.push('.');
    }
    path.push_str(key);
    len
}

/// [`Decode`] for types read through their serde `Deserialize` (generated
/// objects, ids, open enums, unions): through `&Value`, which borrows
/// rather than copies. A failure names the path inside `value`.
pub fn decode_with_serde<T: DeserializeOwned>(value: &Value) -> Result<T, Failure> {
    tolerantly(|| serde_path_to_error::deserialize(value)).map_err(serde_failure)
}

/// [`decode_with_serde`] from an owned value, which moves its strings and
/// maps into the result.
pub fn decode_owned_with_serde<T: DeserializeOwned>(value: Value) -> Result<T, Failure> {
    tolerantly(|| serde_path_to_error::deserialize(value)).map_err(serde_failure)
}

/// A [`Failure`] at serde's path joined with the path a nested
/// [`Failure`]'s message names, if any.
fn serde_failure(error: serde_path_to_error::Error<serde_json::Error>) -> Failure {
    let outer = error.path().to_string();
    let (path, message) = join_paths(&outer, &error.into_inner().to_string());
    Failure {
        reversed_path: match path.as_str() {
            "." => Vec::new(),
            path if path.starts_with('[') => vec![path.to_owned()],
            path => vec![format!(".{path}")],
        },
        message,
    }
}

/// Reports the listed members an object kept in `extra` because they did
/// not fit; `fields` pairs each tolerant member's wire name with its type.
pub fn unfit_in_extra(
    extra: &RawObject,
    fields: &[(&str, &'static str)],
    path: &mut String,
    out: &mut Vec<UnfitMember>,
) {
    for (key, expected) in fields {
        if let Some(value) = extra.get(*key) {
            let len = push_key(path, key);
            out.push(UnfitMember {
                path: path.clone(),
                expected,
                found: json_kind(value),
            });
            path.truncate(len);
        }
    }
}

/// Calls `collect_unfit` on a member's value, at `path.key`.
pub fn unfit_in_member<T: Decode>(
    member: &T,
    key: &str,
    path: &mut String,
    out: &mut Vec<UnfitMember>,
) {
    let len = push_key(path, key);
    member.collect_unfit(path, out);
    path.truncate(len);
}

/// Every member of `value`, at any depth, that did not fit its type.
pub fn unfit_members<T: Decode>(value: &T) -> Vec<UnfitMember> {
    let mut out = Vec::new();
    value.collect_unfit(&mut String::new(), &mut out);
    out
}

/// `Deserialize` for a generated object: its members are read straight
/// from `deserializer` (see [`ReadObject`]).
pub fn deserialize_object<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: de::Deserializer<'de>,
    T: ReadObject + Decode,
{
    #[cfg(feature = "tracing")]
    if trace::wanted() {
        let depth = trace::Depth::enter();
        let decoded = read_object::<D, T>(deserializer)?;
        if depth.is_outermost() {
            trace::unfit(&decoded);
        }
        return Ok(decoded);
    }
    read_object::<D, T>(deserializer)
}

// Paths from this file's folder, so that the test crates that include this
// file by `#[path]` find them as well.
#[path = "tolerant/containers.rs"]
mod containers;
#[cfg(feature = "tracing")]
mod trace;

#[cfg(test)]
mod tests;
