//! A prototype of a cheaper `style: enum` union reader, self-contained so it
//! does not depend on `wooshpay::wire`: the same contract (typed payload when
//! the tag is known and its payload present, whole object otherwise, tag
//! before or after the payload), with the same payload structs, but keys and
//! the tag are borrowed from the input instead of allocated, and the
//! leftover object is only built when something is left over.
use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use serde_json::Value;

type RawObject = serde_json::Map<String, Value>;

/// A string borrowed from the input when it has no escapes.
pub struct Str<'de>(pub Cow<'de, str>);

impl<'de> Deserialize<'de> for Str<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct StrVisitor;
        impl<'de> Visitor<'de> for StrVisitor {
            type Value = Str<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Str<'de>, E> {
                Ok(Str(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Str<'de>, E> {
                Ok(Str(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Str<'de>, E> {
                Ok(Str(Cow::Owned(v)))
            }
        }
        deserializer.deserialize_str(StrVisitor)
    }
}

/// `next_action` with a few of its variants.
#[allow(dead_code)] // the payloads are only dropped
#[derive(Debug)]
pub enum NextAction {
    RedirectToUrl(wooshpay::NextActionRedirectToUrl),
    ChallengeRedirect(wooshpay::NextActionChallengeRedirect),
    PixHandleRedirect(wooshpay::NextActionPixHandleRedirect),
    Unknown(RawObject),
}

const TAG: &str = "type";

fn payload_key(tag: &str) -> Option<&'static str> {
    match tag {
        "redirect_to_url" => Some("redirect_to_url"),
        "challenge_redirect" => Some("challenge_redirect"),
        "pix_handle_redirect" => Some("pix_handle_redirect"),
        _ => None,
    }
}

fn payload<'de, D: Deserializer<'de>>(tag: &str, d: D) -> Result<Option<NextAction>, D::Error> {
    Ok(match tag {
        "redirect_to_url" => Option::deserialize(d)?.map(NextAction::RedirectToUrl),
        "challenge_redirect" => Option::deserialize(d)?.map(NextAction::ChallengeRedirect),
        "pix_handle_redirect" => Option::deserialize(d)?.map(NextAction::PixHandleRedirect),
        _ => None,
    })
}

struct PayloadSeed<'t>(&'t str);

impl<'de> DeserializeSeed<'de> for PayloadSeed<'_> {
    type Value = Option<NextAction>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        payload(self.0, d)
    }
}

impl<'de> Deserialize<'de> for NextAction {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(TaggedVisitor(PhantomData))
    }
}

struct TaggedVisitor<'de>(PhantomData<&'de ()>);

impl<'de> Visitor<'de> for TaggedVisitor<'de> {
    type Value = NextAction;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "an object with a `{TAG}` member")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<NextAction, A::Error> {
        // `None`: no tag member; `Some(None)`: `"type": null`.
        let mut tag: Option<Option<Cow<'de, str>>> = None;
        let mut rest: Option<RawObject> = None;
        let mut decoded = None;
        while let Some(Str(key)) = map.next_key()? {
            if key == TAG {
                let value: Option<Str<'de>> = map.next_value()?;
                tag = Some(value.map(|s| s.0));
                continue;
            }
            let known = tag
                .as_ref()
                .and_then(|t| t.as_deref())
                .and_then(payload_key);
            if decoded.is_none() && known == Some(&*key) {
                let tag = tag.as_ref().and_then(|t| t.as_deref()).unwrap_or_default();
                decoded = map.next_value_seed(PayloadSeed(tag))?;
                if decoded.is_none() {
                    rest.get_or_insert_with(RawObject::new)
                        .insert(key.into_owned(), Value::Null);
                }
            } else {
                let value: Value = map.next_value()?;
                rest.get_or_insert_with(RawObject::new)
                    .insert(key.into_owned(), value);
            }
        }
        if let Some(decoded) = decoded {
            return Ok(decoded);
        }
        let mut rest = rest.unwrap_or_default();
        let tag = tag.map(|t| t.map(Cow::into_owned));
        // The tag came after its payload: read the buffered payload now.
        if let Some(Some(tag)) = &tag {
            if let Some(key) = payload_key(tag) {
                if let Some(value) = rest.get(key).filter(|v| !v.is_null()) {
                    if let Some(decoded) = payload(tag, value.clone()).map_err(de::Error::custom)? {
                        return Ok(decoded);
                    }
                }
            }
        }
        if let Some(tag) = tag {
            rest.insert(TAG.to_owned(), tag.map_or(Value::Null, Value::String));
        }
        Ok(NextAction::Unknown(rest))
    }
}
