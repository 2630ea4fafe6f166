//! Reading a generated object member by member, straight from the
//! deserializer: no `serde_json::Value` of the whole object is built.
//!
//! Members that must fit (identity, always present, `strict`) are read as
//! their type, so a mismatch fails the object at its exact path. A tolerant
//! member is read so that it is still whole if it does not fit (see
//! [`Decode::BUFFER_TEXT`]), then decoded; one that does not fit goes into
//! the object's `extra` as it came.
//!
//! The client first decodes a body [expecting every member to
//! fit](expecting_all_fit): tolerant members are then read straight as their
//! type, in one pass over the body, as a derived `Deserialize` would. Only
//! when that fails is the body decoded again, tolerantly.

use std::borrow::Cow;
use std::cell::Cell;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeOwned, DeserializeSeed, IgnoredAny, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use crate::tolerant::{Decode, Failure};
use crate::RawObject;

std::thread_local! {
    /// Whether the decode running on this thread expects every member to
    /// fit (see [`expecting_all_fit`]).
    static ALL_FIT: Cell<bool> = const { Cell::new(false) };
}

/// Runs `decode` expecting every member to fit: a tolerant member is read
/// straight as its type, and one that does not fit fails the decode rather
/// than being kept. The result, when there is one, is the same as a
/// tolerant decode's; on failure the caller decodes again, tolerantly.
pub fn expecting_all_fit<R>(decode: impl FnOnce() -> R) -> R {
    with_all_fit(true, decode)
}

/// Runs `decode` tolerantly, also inside [`expecting_all_fit`]: for the
/// decodes whose failure is caught and turned into something else (an
/// embedded union's `Unknown`, a member kept raw), which must not fail
/// where tolerant decoding would not.
pub fn tolerantly<R>(decode: impl FnOnce() -> R) -> R {
    with_all_fit(false, decode)
}

fn with_all_fit<R>(all_fit: bool, decode: impl FnOnce() -> R) -> R {
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            ALL_FIT.with(|flag| flag.set(self.0));
        }
    }
    let _restore = Restore(ALL_FIT.with(|flag| flag.replace(all_fit)));
    decode()
}

fn all_fit() -> bool {
    ALL_FIT.with(Cell::get)
}

/// A generated object: reads its members from a JSON object.
pub trait ReadObject: Sized {
    /// The type's name, for errors (`expected a `PaymentIntent` object`).
    const NAME: &'static str;

    /// Reads every member of the object `map`.
    fn read_members<'de, A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// Reads a JSON object as `T`.
pub(crate) fn read_object<'de, D: Deserializer<'de>, T: ReadObject>(
    deserializer: D,
) -> Result<T, D::Error> {
    deserializer.deserialize_map(ObjectVisitor(PhantomData))
}

struct ObjectVisitor<T>(PhantomData<T>);

impl<'de, T: ReadObject> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a `{}` object", T::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::read_members(map)
    }
}

/// A member's name, borrowed from the input unless it had to be unescaped.
pub struct Key<'de>(Cow<'de, str>);

impl Key<'_> {
    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Key<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a member name")
    }

    fn visit_borrowed_str<E: de::Error>(self, key: &'de str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Borrowed(key)))
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(key.to_owned())))
    }

    fn visit_string<E: de::Error>(self, key: String) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(key)))
    }
}

/// A member that must be there: its value, or a "missing member" error at
/// `key` (in [`Failure`]'s form, so the client's error names the full path).
pub fn required<T, E: de::Error>(value: Option<T>, key: &'static str) -> Result<T, E> {
    value.ok_or_else(|| E::custom(Failure::new("missing member").in_member(key)))
}

/// The seed of a member that must fit (identity, always present, `strict`):
/// an object is read straight as its type; a scalar through a `Value`, so a
/// mismatch is worded as tolerant decoding words it (`expected a 64-bit
/// integer`), never quoting the value.
pub struct Strict<T>(PhantomData<T>);

impl<T> Strict<T> {
    /// The seed for a member of type `T`.
    pub fn new() -> Self {
        Strict(PhantomData)
    }
}

impl<T> Default for Strict<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<'de, T: Decode + DeserializeOwned> DeserializeSeed<'de> for Strict<T> {
    type Value = T;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        if T::BUFFER_TEXT || all_fit() {
            T::read_compact(deserializer)
        } else {
            T::decode_owned(Value::deserialize(deserializer)?).map_err(de::Error::custom)
        }
    }
}

/// Reads the `object` member and checks it against `T`'s object name: a
/// response of another kind must not pass for this one.
pub struct ObjectNameSeed<T>(PhantomData<T>);

impl<T> ObjectNameSeed<T> {
    /// The seed for `T`'s `object` member.
    pub fn new() -> Self {
        ObjectNameSeed(PhantomData)
    }
}

impl<T> Default for ObjectNameSeed<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<'de, T: super::ObjectName> DeserializeSeed<'de> for ObjectNameSeed<T> {
    type Value = String;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<String, D::Error> {
        super::object_name::<T, D>(deserializer)
    }
}

/// What an object puts in its `extra`: the listed members that did not fit
/// and, if the object keeps them, the members the spec does not list.
pub struct Extra {
    members: Map<String, Value>,
    keep_unknown: bool,
}

impl Extra {
    /// An empty `extra`; `keep_unknown`: whether members the spec does not
    /// list are kept (otherwise they are skipped unread).
    pub fn new(keep_unknown: bool) -> Extra {
        Extra {
            members: Map::new(),
            keep_unknown,
        }
    }

    /// The seed of a tolerant member: `None` when it is `null` or does not
    /// fit `T` (then it is kept here).
    pub fn tolerant<T>(&mut self, key: &'static str) -> Tolerant<'_, T> {
        Tolerant {
            extra: self,
            key,
            marker: PhantomData,
        }
    }

    /// The seed of a tolerant member WooshPay may also send JSON-encoded in
    /// a string, or as an empty string for none.
    pub fn json_string<T>(&mut self, key: &'static str) -> JsonString<'_, T> {
        JsonString(self.tolerant(key))
    }

    /// Reads the value of a member the object does not list.
    pub fn other<'de, A: MapAccess<'de>>(
        &mut self,
        key: Key<'de>,
        map: &mut A,
    ) -> Result<(), A::Error> {
        if self.keep_unknown {
            let value: Value = map.next_value()?;
            self.members.insert(key.0.into_owned(), value);
        } else {
            map.next_value::<IgnoredAny>()?;
        }
        Ok(())
    }

    /// The object's `extra`.
    pub fn finish(self) -> RawObject {
        RawObject::from(self.members)
    }

    fn keep_unless_fits<T>(&mut self, key: &str, read: Result<Option<T>, Value>) -> Option<T> {
        match read {
            Ok(typed) => {
                // A repeated member: the last one counts, as in a parsed object.
                if !self.members.is_empty() {
                    self.members.remove(key);
                }
                typed
            }
            Err(value) => {
                self.members.insert(key.to_owned(), value);
                None
            }
        }
    }
}

/// See [`Extra::tolerant`].
pub struct Tolerant<'x, T> {
    extra: &'x mut Extra,
    key: &'static str,
    marker: PhantomData<T>,
}

impl<'de, T: Decode + DeserializeOwned> DeserializeSeed<'de> for Tolerant<'_, T> {
    type Value = Option<T>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Option<T>, D::Error> {
        if all_fit() {
            return Option::<T>::read_compact(deserializer);
        }
        let read = if T::BUFFER_TEXT {
            let text = <Box<RawValue>>::deserialize(deserializer)?;
            decode_text::<T, D::Error>(&text)?
        } else {
            decode_value(Value::deserialize(deserializer)?)
        };
        Ok(self.extra.keep_unless_fits(self.key, read))
    }
}

/// See [`Extra::json_string`].
pub struct JsonString<'x, T>(Tolerant<'x, T>);

impl<'de, T: Decode> DeserializeSeed<'de> for JsonString<'_, T> {
    type Value = Option<T>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Option<T>, D::Error> {
        let value = Value::deserialize(deserializer)?;
        if let Value::String(text) = &value {
            if text.trim().is_empty() {
                return Ok(None);
            }
            if let Ok(inner) = serde_json::from_str::<Value>(text) {
                if let Ok(typed) = tolerantly(|| T::decode_or_keep(inner)) {
                    return Ok(Some(typed));
                }
            }
        }
        let Tolerant { extra, key, .. } = self.0;
        Ok(extra.keep_unless_fits(key, tolerantly(|| decode_value(value))))
    }
}

/// `value` as `T` (`None` for `null`), or `value` back whole to be kept.
fn decode_value<T: Decode>(value: Value) -> Result<Option<T>, Value> {
    match value {
        Value::Null => Ok(None),
        value => T::decode_or_keep(value).map(Some),
    }
}

/// How many buffered members are being decoded inside each other on this
/// thread. Each is read by a fresh `serde_json` deserializer, whose own
/// nesting limit starts again at zero, so this bounds the total.
const BUFFERED_NESTING_LIMIT: usize = 128;

std::thread_local! {
    static BUFFERED_NESTING: Cell<usize> = const { Cell::new(0) };
}

/// `text` as `T` (`None` for `null`), or its `Value` to be kept.
fn decode_text<T: Decode + DeserializeOwned, E: de::Error>(
    text: &RawValue,
) -> Result<Result<Option<T>, Value>, E> {
    let text = text.get();
    if text == "null" {
        return Ok(Ok(None));
    }
    let nesting = BUFFERED_NESTING.with(|nesting| nesting.replace(nesting.get() + 1));
    let _restore = RestoreNesting(nesting);
    if nesting >= BUFFERED_NESTING_LIMIT {
        return Err(E::custom("recursion limit exceeded"));
    }
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let typed = T::read_compact(&mut deserializer).and_then(|typed| {
        deserializer.end()?;
        Ok(typed)
    });
    match typed {
        Ok(typed) => Ok(Ok(Some(typed))),
        Err(_) => serde_json::from_str::<Value>(text)
            .map(Err)
            .map_err(E::custom),
    }
}

struct RestoreNesting(usize);

impl Drop for RestoreNesting {
    fn drop(&mut self) {
        BUFFERED_NESTING.with(|nesting| nesting.set(self.0));
    }
}
