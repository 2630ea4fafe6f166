//! Decoding an answer as the client does, and the checks on what it holds.

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Map, Value};

use crate::spec::{self, Endpoint, Field, Schema, Ty, UnionStyle};

/// An answer decoded as the client's type, then serialized back.
pub(crate) struct Decoded {
    pub(super) back: Value,
    /// `unfit_members()`: each member's path and the JSON kind found.
    pub(super) unfit: Vec<(String, &'static str)>,
}

/// Why an answer did not decode.
pub(crate) struct Undecodable {
    pub(super) path: String,
    pub(super) message: String,
}

/// Decodes an answer as the client's type for one endpoint.
pub(crate) type Decoder = fn(&[u8]) -> Result<Decoded, Undecodable>;

/// Picks the [`Decoder`] for an endpoint's response type (see
/// `tables::with_response_type`).
pub(crate) struct DecoderFor;

impl crate::tables::ResponseTypeUse for DecoderFor {
    type Output = Decoder;

    fn with<T>(self, may_be_empty: bool) -> Decoder
    where
        T: DeserializeOwned + Serialize + PartialEq + std::fmt::Debug + wooshpay::wire::Decode,
    {
        if may_be_empty {
            decode_or_empty::<T>
        } else {
            decode::<T>
        }
    }
}

/// Decodes `body` as `T` exactly as the client decodes a 2xx body, and
/// serializes it back.
pub(crate) fn decode<T>(body: &[u8]) -> Result<Decoded, Undecodable>
where
    T: DeserializeOwned + Serialize + wooshpay::wire::Decode,
{
    let typed: T = wooshpay::__decode_response(200, body).map_err(|error| match error {
        wooshpay::Error::Decode { path, message, .. } => Undecodable { path, message },
        other => Undecodable {
            path: ".".into(),
            message: other.to_string(),
        },
    })?;
    let back = serde_json::to_value(&typed).map_err(|error| Undecodable {
        path: "(serialize)".into(),
        message: error.to_string(),
    })?;
    let unfit = wooshpay::wire::unfit_members(&typed)
        .iter()
        .map(|member| (member.path().to_owned(), member.found()))
        .collect();
    Ok(Decoded { back, unfit })
}

/// [`decode`] for an endpoint returning `Option<T>`: `{}` is `None`.
pub(crate) fn decode_or_empty<T>(body: &[u8]) -> Result<Decoded, Undecodable>
where
    T: DeserializeOwned + Serialize + wooshpay::wire::Decode,
{
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(members)) if members.is_empty() => Ok(Decoded {
            back: json!({}),
            unfit: Vec::new(),
        }),
        _ => decode::<T>(body),
    }
}

/// `value` without `null` members at any depth: the client leaves out an
/// absent optional member that the fake wrote as `null`.
pub(super) fn without_nulls(value: &Value) -> Value {
    match value {
        Value::Object(members) => Value::Object(
            members
                .iter()
                .filter(|(_, member)| !member.is_null())
                .map(|(key, member)| (key.clone(), without_nulls(member)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(without_nulls).collect()),
        other => other.clone(),
    }
}

/// The path of the first place where `sent` and `back` differ.
pub(super) fn first_difference(sent: &Value, back: &Value, path: &str) -> Option<String> {
    match (sent, back) {
        (Value::Object(a), Value::Object(b)) => {
            for key in a.keys().chain(b.keys()) {
                let (x, y) = (a.get(key), b.get(key));
                let at = format!("{path}.{key}");
                match (x, y) {
                    (Some(x), Some(y)) => {
                        if let Some(found) = first_difference(x, y, &at) {
                            return Some(found);
                        }
                    }
                    _ => return Some(at),
                }
            }
            None
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => a
            .iter()
            .zip(b)
            .enumerate()
            .find_map(|(index, (x, y))| first_difference(x, y, &format!("{path}[{index}]"))),
        (a, b) if a == b => None,
        _ => Some(if path.is_empty() {
            ".".into()
        } else {
            path.into()
        }),
    }
}

/// The type of an endpoint's answer, as the tables describe it: a raw
/// (untranscribed) response is the stored object the fake answers with.
pub(super) fn answer_type(endpoint: &Endpoint) -> Ty {
    match endpoint.response {
        Ty::Named(name) if matches!(spec::schema(name), Some(Schema::Raw { .. })) => {
            endpoint.resource.map_or(endpoint.response, Ty::Named)
        }
        ty => ty,
    }
}

/// The first member of `value` (of type `ty`) holding a value its enum
/// or union does not document, with what it holds.
pub(super) fn undocumented_value(
    value: &Value,
    ty: &Ty,
    type_arg: Option<&Ty>,
    path: &str,
) -> Option<(String, String)> {
    let named = |name: &str| -> Option<(String, String)> {
        match (spec::schema(name)?, value) {
            (Schema::Enum { name, values }, Value::String(text)) => (!values
                .contains(&text.as_str()))
            .then(|| (path.to_owned(), format!("`{text}`, not a value of {name}"))),
            (Schema::Object(object), Value::Object(members)) => {
                let type_arg = match ty {
                    Ty::Generic(_, arg) => Some(*arg),
                    _ => type_arg,
                };
                fields_undocumented(object.fields, members, type_arg, path)
            }
            (Schema::Union(union), Value::Object(members)) => {
                let tag = members.get(union.tag).and_then(Value::as_str)?;
                let Some(variant) = union.variants.iter().find(|v| v.tag_value == tag) else {
                    let at = format!("{path}.{}", union.tag);
                    return Some((at, format!("`{tag}`, not a variant of {}", union.name)));
                };
                let payload = spec::object(variant.payload)?;
                match union.style {
                    UnionStyle::Embedded => {
                        fields_undocumented(payload.fields, members, None, path)
                    }
                    UnionStyle::Enum | UnionStyle::Struct => {
                        fields_undocumented(union.common, members, None, path).or_else(|| {
                            let at = format!("{path}.{}", variant.payload_key);
                            match members.get(variant.payload_key)? {
                                Value::Object(inner) => {
                                    fields_undocumented(payload.fields, inner, None, &at)
                                }
                                _ => None,
                            }
                        })
                    }
                }
            }
            _ => None,
        }
    };
    match (ty, value) {
        (Ty::Param, value) => undocumented_value(value, type_arg?, None, path),
        (Ty::Array(item), Value::Array(items)) => items
            .iter()
            .enumerate()
            .find_map(|(i, v)| undocumented_value(v, item, type_arg, &format!("{path}[{i}]"))),
        (Ty::Map(item), Value::Object(members)) => members
            .iter()
            .find_map(|(key, v)| undocumented_value(v, item, type_arg, &format!("{path}.{key}"))),
        (Ty::Expandable(target) | Ty::StringEncoded(target), value) => {
            undocumented_value(value, target, type_arg, path)
        }
        (Ty::Named(name) | Ty::Generic(name, _), _) => named(name),
        _ => None,
    }
}

fn fields_undocumented(
    fields: &[Field],
    members: &Map<String, Value>,
    type_arg: Option<&Ty>,
    path: &str,
) -> Option<(String, String)> {
    fields.iter().find_map(|field| {
        let member = members.get(field.wire)?;
        undocumented_value(
            member,
            &field.ty,
            type_arg,
            &format!("{path}.{}", field.wire),
        )
    })
}

/// An error answer to a valid request: a 4xx of a documented type, with a
/// message, that the client read as the API's error object.
pub(super) fn check_error(error: &wooshpay::ApiError) -> Result<(), String> {
    let documented = spec::enum_values("ErrorType").unwrap_or_default();
    let type_ = error.error_type().map(|t| t.as_str().to_owned());
    let problem = if !(400..500).contains(&error.status()) {
        Some("the status is not a 4xx")
    } else if error.raw_body().is_some() {
        Some("the body is not an error object")
    } else if !type_.as_deref().is_some_and(|t| documented.contains(&t)) {
        Some("the type is not a documented ErrorType")
    } else if error.message().is_none_or(str::is_empty) {
        Some("it has no message")
    } else if (error.status() == 402) != error.is_card_error() {
        Some("a card error is not a 402 (or a 402 not a card error)")
    } else {
        None
    };
    match problem {
        Some(problem) => Err(format!("error answer: {problem}: {error}")),
        None => Ok(()),
    }
}
