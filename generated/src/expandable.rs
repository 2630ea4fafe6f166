//! Fields WooshPay marks as expandable: an id, or the whole object.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use serde::de::{DeserializeOwned, IntoDeserializer};

/// A WooshPay object that has an id of its own type.
pub trait Object {
    /// The object's id type, such as [`SetupIntentId`](crate::SetupIntentId).
    type Id: Clone + fmt::Debug + PartialEq + Eq + std::hash::Hash + Serialize + DeserializeOwned;

    /// The object's id.
    fn id(&self) -> &Self::Id;
}

/// A reference to another object: usually just its id, or the object itself
/// when the response expanded it.
///
/// `T` is the object's type; for objects not transcribed yet it is
/// [`RawObject`](crate::RawObject), which keeps every member losslessly.
#[derive(Clone, Debug, PartialEq)]
pub enum Expandable<T: Object> {
    /// Only the object's id.
    Id(T::Id),
    /// The expanded object.
    Object(Box<T>),
}

impl<T: Object> Expandable<T> {
    /// The referenced object's id, whether or not it was expanded.
    pub fn id(&self) -> &T::Id {
        match self {
            Expandable::Id(id) => id,
            Expandable::Object(object) => object.id(),
        }
    }

    /// Whether the full object is present.
    pub fn is_object(&self) -> bool {
        matches!(self, Expandable::Object(_))
    }

    /// The expanded object, if present.
    pub fn as_object(&self) -> Option<&T> {
        match self {
            Expandable::Id(_) => None,
            Expandable::Object(object) => Some(object),
        }
    }

    /// Takes the expanded object, if present.
    pub fn into_object(self) -> Option<T> {
        match self {
            Expandable::Id(_) => None,
            Expandable::Object(object) => Some(*object),
        }
    }
}

impl<T: Object + Serialize> Serialize for Expandable<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Expandable::Id(id) => id.serialize(serializer),
            Expandable::Object(object) => object.serialize(serializer),
        }
    }
}

// By hand rather than `#[serde(untagged)]`: one pass over the input, and a
// type error inside the object keeps its precise message and path.
impl<'de, T: Object + Deserialize<'de>> Deserialize<'de> for Expandable<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ExpandableVisitor(PhantomData))
    }
}

struct ExpandableVisitor<T>(PhantomData<T>);

impl<'de, T: Object + Deserialize<'de>> Visitor<'de> for ExpandableVisitor<T> {
    type Value = Expandable<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an id string or an object")
    }

    fn visit_str<E: de::Error>(self, id: &str) -> Result<Self::Value, E> {
        T::Id::deserialize(id.into_deserializer()).map(Expandable::Id)
    }

    fn visit_string<E: de::Error>(self, id: String) -> Result<Self::Value, E> {
        T::Id::deserialize(id.into_deserializer()).map(Expandable::Id)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        T::deserialize(de::value::MapAccessDeserializer::new(map))
            .map(|object| Expandable::Object(Box::new(object)))
    }
}

/// Objects the spec keeps raw: the id is the `id` member when it is a string.
impl<T: Object + crate::wire::Decode> crate::wire::Decode for Expandable<T> {
    const BUFFER_TEXT: bool = true;

    fn decode(value: &serde_json::Value) -> Result<Self, crate::wire::Failure> {
        match value {
            serde_json::Value::String(_) => {
                crate::wire::decode_with_serde::<T::Id>(value).map(Expandable::Id)
            }
            _ => T::decode(value).map(|object| Expandable::Object(Box::new(object))),
        }
    }

    fn decode_owned(value: serde_json::Value) -> Result<Self, crate::wire::Failure> {
        match value {
            serde_json::Value::String(_) => {
                crate::wire::decode_with_serde::<T::Id>(&value).map(Expandable::Id)
            }
            _ => T::decode_owned(value).map(|object| Expandable::Object(Box::new(object))),
        }
    }

    fn check(value: &serde_json::Value) -> Result<(), crate::wire::Failure> {
        match value {
            serde_json::Value::String(_) => {
                crate::wire::decode_with_serde::<T::Id>(value).map(drop)
            }
            _ => T::check(value),
        }
    }

    fn collect_unfit(&self, path: &mut String, out: &mut Vec<crate::UnfitMember>) {
        if let Expandable::Object(object) = self {
            object.collect_unfit(path, out);
        }
    }
}

impl Object for crate::RawObject {
    type Id = String;

    fn id(&self) -> &String {
        static NONE: String = String::new();
        match self.get("id") {
            Some(serde_json::Value::String(id)) => id,
            _ => &NONE,
        }
    }
}

impl crate::HasId for crate::RawObject {
    fn id(&self) -> Option<&str> {
        self.get("id").and_then(|id| id.as_str())
    }
}
