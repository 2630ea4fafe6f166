//! [`Decode`] for the containers generated types hold members in: `Box`,
//! `Option`, `Vec` and [`Map`](crate::Map), and reading them from a
//! response with no spare room ([`Decode::read_compact`]).

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeOwned, DeserializeSeed, SeqAccess, Visitor};
use serde::Deserializer;
use serde_json::Value;

use super::{push_key, Decode, Failure, UnfitMember};

impl<T: Decode + DeserializeOwned> Decode for Box<T> {
    const BUFFER_TEXT: bool = T::BUFFER_TEXT;

    fn read_compact<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::read_compact(deserializer).map(Box::new)
    }

    fn decode(value: &Value) -> Result<Self, Failure> {
        T::decode(value).map(Box::new)
    }

    fn decode_owned(value: Value) -> Result<Self, Failure> {
        T::decode_owned(value).map(Box::new)
    }

    fn check(value: &Value) -> Result<(), Failure> {
        T::check(value)
    }

    fn collect_unfit(&self, path: &mut String, out: &mut Vec<UnfitMember>) {
        (**self).collect_unfit(path, out);
    }
}

impl<T: Decode + DeserializeOwned> Decode for Option<T> {
    const BUFFER_TEXT: bool = T::BUFFER_TEXT;

    fn read_compact<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_option(OptionalCompact(PhantomData))
    }

    fn decode(value: &Value) -> Result<Self, Failure> {
        match value {
            Value::Null => Ok(None),
            value => T::decode(value).map(Some),
        }
    }

    fn decode_owned(value: Value) -> Result<Self, Failure> {
        match value {
            Value::Null => Ok(None),
            value => T::decode_owned(value).map(Some),
        }
    }

    fn check(value: &Value) -> Result<(), Failure> {
        match value {
            Value::Null => Ok(()),
            value => T::check(value),
        }
    }

    fn collect_unfit(&self, path: &mut String, out: &mut Vec<UnfitMember>) {
        if let Some(inner) = self {
            inner.collect_unfit(path, out);
        }
    }
}

impl<T: Decode + DeserializeOwned> Decode for Vec<T> {
    const BUFFER_TEXT: bool = T::BUFFER_TEXT;

    fn read_compact<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let mut items = deserializer.deserialize_seq(CompactItems(PhantomData))?;
        // Exactly: in a page of objects, each with a short list (`["card"]`
        // in room for four), the spare room adds up. Shrinking in place is
        // cheap.
        items.shrink_to_fit();
        Ok(items)
    }

    fn decode(value: &Value) -> Result<Self, Failure> {
        let Value::Array(items) = value else {
            return Err(Failure::expected("an array", value));
        };
        items
            .iter()
            .enumerate()
            .map(|(index, item)| T::decode(item).map_err(|failure| failure.in_item(index)))
            .collect()
    }

    fn decode_owned(value: Value) -> Result<Self, Failure> {
        let Value::Array(items) = value else {
            return Err(Failure::expected("an array", &value));
        };
        // A large list grows as its items are converted rather than being
        // sized up front: a typed item may be larger than its JSON, and at
        // the start the whole tree is still alive. Trimmed at the end so
        // nothing stays reserved. A small one is sized exactly, at once.
        const RESERVE_UP_TO: usize = 64 * 1024;
        let exact = items.len().saturating_mul(std::mem::size_of::<T>()) <= RESERVE_UP_TO;
        let mut decoded = Vec::with_capacity(if exact { items.len() } else { 0 });
        for (index, item) in items.into_iter().enumerate() {
            decoded.push(T::decode_owned(item).map_err(|failure| failure.in_item(index))?);
        }
        decoded.shrink_to_fit();
        Ok(decoded)
    }

    fn check(value: &Value) -> Result<(), Failure> {
        let Value::Array(items) = value else {
            return Err(Failure::expected("an array", value));
        };
        items
            .iter()
            .enumerate()
            .try_for_each(|(index, item)| T::check(item).map_err(|failure| failure.in_item(index)))
    }

    fn collect_unfit(&self, path: &mut String, out: &mut Vec<UnfitMember>) {
        let len = path.len();
        for (index, item) in self.iter().enumerate() {
            use fmt::Write as _;
            let _ = write!(path, "[{index}]");
            item.collect_unfit(path, out);
            path.truncate(len);
        }
    }
}

impl<T: Decode> Decode for crate::Map<T> {
    const BUFFER_TEXT: bool = T::BUFFER_TEXT;

    fn decode(value: &Value) -> Result<Self, Failure> {
        let Value::Object(members) = value else {
            return Err(Failure::expected("an object", value));
        };
        members
            .iter()
            .map(|(key, item)| match T::decode(item) {
                Ok(item) => Ok((key.clone(), item)),
                Err(failure) => Err(failure.in_member(key)),
            })
            .collect()
    }

    fn decode_owned(value: Value) -> Result<Self, Failure> {
        let Value::Object(members) = value else {
            return Err(Failure::expected("an object", &value));
        };
        let mut decoded = Vec::with_capacity(members.len());
        for (key, item) in members {
            match T::decode_owned(item) {
                Ok(item) => decoded.push((key, item)),
                Err(failure) => return Err(failure.in_member(&key)),
            };
        }
        Ok(crate::Map::from_entries(decoded))
    }

    fn check(value: &Value) -> Result<(), Failure> {
        let Value::Object(members) = value else {
            return Err(Failure::expected("an object", value));
        };
        members
            .iter()
            .try_for_each(|(key, item)| T::check(item).map_err(|failure| failure.in_member(key)))
    }

    fn collect_unfit(&self, path: &mut String, out: &mut Vec<UnfitMember>) {
        for (key, item) in self {
            let len = push_key(path, key);
            item.collect_unfit(path, out);
            path.truncate(len);
        }
    }
}

/// Reads a list item by item, each [compactly](Decode::read_compact),
/// making room [gently](crate::wire::grow_gently).
struct CompactItems<T>(PhantomData<T>);

impl<'de, T: Decode + DeserializeOwned> Visitor<'de> for CompactItems<T> {
    type Value = Vec<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(Compact::<T>::new())? {
            crate::wire::grow_gently(&mut items);
            items.push(item);
        }
        Ok(items)
    }
}

/// Reads an optional value [compactly](Decode::read_compact).
struct OptionalCompact<T>(PhantomData<T>);

impl<'de, T: Decode + DeserializeOwned> Visitor<'de> for OptionalCompact<T> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a value or null")
    }

    fn visit_none<E: de::Error>(self) -> Result<Option<T>, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Option<T>, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Option<T>, D::Error> {
        T::read_compact(deserializer).map(Some)
    }
}

/// The seed that reads a `T` [compactly](Decode::read_compact).
struct Compact<T>(PhantomData<T>);

impl<T> Compact<T> {
    fn new() -> Self {
        Compact(PhantomData)
    }
}

impl<'de, T: Decode + DeserializeOwned> DeserializeSeed<'de> for Compact<T> {
    type Value = T;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        T::read_compact(deserializer)
    }
}
