//! Numbers and flags that WooshPay's docs write as JSON strings (`"500"`,
//! `"true"`), `string<int64>` in the spec. The Rust field holds the value
//! itself; it is sent as a string, and read from the string or from the bare
//! value, since WooshPay's responses send some of these members as numbers.

use std::fmt::{self, Display};
use std::marker::PhantomData;
use std::str::FromStr;

use serde::de::{self, IntoDeserializer, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A value written as a string on the wire.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StringEncoded<T>(pub T);

impl<T: Display> Serialize for StringEncoded<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&self.0)
    }
}

impl<'de, T> Deserialize<'de> for StringEncoded<T>
where
    T: FromStr + Deserialize<'de>,
    T::Err: Display,
{
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer
            .deserialize_any(EncodedVisitor(PhantomData))
            .map(StringEncoded)
    }
}

struct EncodedVisitor<T>(PhantomData<T>);

impl<'de, T> Visitor<'de> for EncodedVisitor<T>
where
    T: FromStr + Deserialize<'de>,
    T::Err: Display,
{
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number or flag, bare or written as a string")
    }

    // The message names the problem, not the text, which may be anything.
    fn visit_str<E: de::Error>(self, text: &str) -> Result<T, E> {
        text.trim().parse().map_err(|error| {
            E::custom(format_args!(
                "a string that does not hold the expected value: {error}"
            ))
        })
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<T, E> {
        T::deserialize(value.into_deserializer())
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<T, E> {
        T::deserialize(value.into_deserializer())
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<T, E> {
        T::deserialize(value.into_deserializer())
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<T, E> {
        T::deserialize(value.into_deserializer())
    }
}

/// `#[serde(with = "crate::wire::string_encoded")]` for a required field.
pub fn serialize<T: Display, S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(value)
}

/// `serialize_with` for a required integer field sent with at least
/// `DIGITS` digits, zero-padded (`4` → `"04"`).
pub fn serialize_digits<const DIGITS: usize, T: Display, S: Serializer>(
    value: &T,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.collect_str(&format_args!("{value:0>DIGITS$}"))
}

/// `#[serde(with = "crate::wire::string_encoded")]` for a required field.
pub fn deserialize<'de, T, D>(deserializer: D) -> Result<T, D::Error>
where
    T: FromStr + Deserialize<'de>,
    T::Err: Display,
    D: Deserializer<'de>,
{
    StringEncoded::deserialize(deserializer).map(|value| value.0)
}

/// `#[serde(default, with = "crate::wire::string_encoded::option")]` for an
/// optional field: `null` or absent is `None`.
pub mod option {
    use super::*;

    /// Writes `Some(value)` as a string, `None` as `null`.
    pub fn serialize<T: Display, S: Serializer>(
        value: &Option<T>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(value) => serializer.serialize_some(&StringEncoded(value)),
            None => serializer.serialize_none(),
        }
    }

    /// Writes `Some(value)` with at least `DIGITS` digits, zero-padded.
    pub fn serialize_digits<const DIGITS: usize, T: Display, S: Serializer>(
        value: &Option<T>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(value) => {
                serializer.serialize_some(&format_args!("{value:0>DIGITS$}").to_string())
            }
            None => serializer.serialize_none(),
        }
    }

    /// Reads `null` as `None`, anything else as [`StringEncoded`] does.
    pub fn deserialize<'de, T, D>(deserializer: D) -> Result<Option<T>, D::Error>
    where
        T: FromStr + Deserialize<'de>,
        T::Err: Display,
        D: Deserializer<'de>,
    {
        Option::<StringEncoded<T>>::deserialize(deserializer)
            .map(|value| value.map(|value| value.0))
    }
}

/// Tolerant decoding reads a `string<T>` member through its serde impl: the
/// string, or the bare value.
impl<T> crate::wire::Decode for StringEncoded<T>
where
    T: FromStr + serde::de::DeserializeOwned,
    T::Err: Display,
{
    fn decode(value: &serde_json::Value) -> Result<Self, crate::wire::Failure> {
        crate::wire::decode_with_serde(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_both_forms_and_writes_a_string() {
        let read = |json: &str| serde_json::from_str::<StringEncoded<i64>>(json).map(|v| v.0);
        assert_eq!(read("\"500\"").unwrap(), 500);
        assert_eq!(read("500").unwrap(), 500);
        assert!(read("\"5x\"").is_err());
        assert!(read("true").is_err());
        let flag = serde_json::from_str::<StringEncoded<bool>>("\"true\"").unwrap();
        assert!(flag.0);
        assert_eq!(
            serde_json::to_string(&StringEncoded(500)).unwrap(),
            "\"500\""
        );
        assert_eq!(
            serde_json::to_string(&StringEncoded(false)).unwrap(),
            "\"false\""
        );
        let mut padded = Vec::new();
        serialize_digits::<2, _, _>(&4, &mut serde_json::Serializer::new(&mut padded)).unwrap();
        assert_eq!(padded, b"\"04\"");
        let narrow = serde_json::from_str::<StringEncoded<i32>>("4294967296");
        assert!(narrow.is_err(), "out of range for i32");
    }
}
