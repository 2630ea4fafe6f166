//! Request parameters checked against their schema, as WooshPay checks
//! them: an unknown parameter, a missing required one, a value of the wrong
//! type or outside its enum is an HTTP 400 naming the parameter
//! (`shipping[name]`, `payment_method_types[0]`).
//!
//! Query parameters arrive as strings; they are read as the type the
//! schema gives (`limit=3` as an integer), so the checked value is the same
//! JSON either way.

use serde_json::{Map, Value};

use crate::error::ApiFailure;
use crate::spec::{self, ObjectSchema, Schema, Ty, UnionStyle};

/// Checks `params` against the object schema `schema_name`; returns them
/// with query strings read as their types.
pub(crate) fn check_params(
    schema_name: &str,
    params: Map<String, Value>,
    from_query: bool,
) -> Result<Map<String, Value>, ApiFailure> {
    let checker = Checker { from_query };
    match spec::schema(schema_name) {
        Some(Schema::Object(object)) => checker.object(object, params, ""),
        // Raw parameters: anything goes.
        _ => Ok(params),
    }
}

struct Checker {
    from_query: bool,
}

/// `shipping` + `name` → `shipping[name]`.
fn child(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}[{key}]")
    }
}

fn invalid(code: &str, param: &str, message: String) -> ApiFailure {
    ApiFailure::invalid(code, param, message)
}

impl Checker {
    fn object(
        &self,
        schema: &ObjectSchema,
        params: Map<String, Value>,
        path: &str,
    ) -> Result<Map<String, Value>, ApiFailure> {
        self.fields(schema.fields, schema.keeps_unknown, params, path, &[])
    }

    /// Checks the members of an object against `fields`; `also` names
    /// members handled by the caller (a union's tag and payload).
    fn fields(
        &self,
        fields: &[spec::Field],
        keeps_unknown: bool,
        params: Map<String, Value>,
        path: &str,
        also: &[&str],
    ) -> Result<Map<String, Value>, ApiFailure> {
        for field in fields.iter().filter(|field| field.required) {
            if !params.contains_key(field.wire) {
                let param = child(path, field.wire);
                return Err(invalid(
                    "parameter_missing",
                    &param,
                    format!("Missing required param: {param}."),
                ));
            }
        }
        let mut checked = Map::new();
        for (key, value) in params {
            let param = child(path, &key);
            let value = match fields.iter().find(|field| field.wire == key) {
                // An optional parameter may be sent as null (or as "" in a
                // query, which is how a form unsets a value).
                Some(field) if value.is_null() && !field.required => Value::Null,
                Some(field) => self.value(&field.ty, value, &param, None)?,
                None if also.contains(&key.as_str()) || keeps_unknown => value,
                None => {
                    return Err(invalid(
                        "parameter_unknown",
                        &param,
                        format!("Received unknown parameter: {param}"),
                    ))
                }
            };
            checked.insert(key, value);
        }
        Ok(checked)
    }

    fn value(
        &self,
        ty: &Ty,
        value: Value,
        param: &str,
        type_arg: Option<&Ty>,
    ) -> Result<Value, ApiFailure> {
        let wrong = |expected: &str| {
            Err(invalid(
                "parameter_invalid",
                param,
                format!("Invalid {param}: expected {expected}"),
            ))
        };
        match (ty, value) {
            (Ty::Json, value) => Ok(value),
            (Ty::StringEncoded(inner), Value::String(text)) => {
                let parsed = match inner {
                    Ty::Integer | Ty::Timestamp => text.trim().parse::<i64>().ok().map(Value::from),
                    Ty::Number => text.trim().parse::<f64>().ok().map(Value::from),
                    Ty::Boolean => text.trim().parse::<bool>().ok().map(Value::Bool),
                    _ => None,
                };
                match parsed {
                    Some(value) => Ok(value),
                    None => wrong("a number or flag written as a string"),
                }
            }
            (Ty::StringEncoded(inner), value) => self.value(inner, value, param, type_arg),
            (Ty::Param, value) => match type_arg {
                Some(arg) => self.value(arg, value, param, None),
                None => Ok(value),
            },
            (Ty::String | Ty::Id(_), Value::String(text)) => Ok(Value::String(text)),
            (Ty::String | Ty::Id(_), _) => wrong("a string"),
            (Ty::Boolean, Value::Bool(flag)) => Ok(Value::Bool(flag)),
            (Ty::Boolean, Value::String(text)) if self.from_query => match text.as_str() {
                "true" => Ok(Value::Bool(true)),
                "false" => Ok(Value::Bool(false)),
                _ => wrong("a boolean"),
            },
            (Ty::Boolean, _) => wrong("a boolean"),
            (Ty::Integer | Ty::Timestamp, Value::Number(number)) if number.is_i64() => {
                Ok(Value::Number(number))
            }
            (Ty::Integer | Ty::Timestamp, Value::String(text)) if self.from_query => {
                match text.parse::<i64>() {
                    Ok(number) => Ok(Value::from(number)),
                    Err(_) => wrong("an integer"),
                }
            }
            (Ty::Integer | Ty::Timestamp, _) => wrong("an integer"),
            (Ty::Number, Value::Number(number)) => Ok(Value::Number(number)),
            (Ty::Number, Value::String(text)) if self.from_query => match text.parse::<f64>() {
                Ok(number) => Ok(Value::from(number)),
                Err(_) => wrong("a number"),
            },
            (Ty::Number, _) => wrong("a number"),
            (Ty::Array(item), Value::Array(items)) => items
                .into_iter()
                .enumerate()
                .map(|(index, value)| {
                    self.value(item, value, &format!("{param}[{index}]"), type_arg)
                })
                .collect::<Result<Vec<_>, _>>()
                .map(Value::Array),
            (Ty::Array(_), _) => wrong("an array"),
            (Ty::Map(item), Value::Object(map)) => map
                .into_iter()
                .map(|(key, value)| {
                    let checked = self.value(item, value, &child(param, &key), type_arg)?;
                    Ok((key, checked))
                })
                .collect::<Result<Map<_, _>, _>>()
                .map(Value::Object),
            (Ty::Map(_), _) => wrong("an object"),
            (Ty::Expandable(_), Value::String(text)) => Ok(Value::String(text)),
            (Ty::Expandable(target), value) => self.value(target, value, param, type_arg),
            (Ty::Named(name), value) => self.named(name, value, param, None),
            (Ty::Generic(name, arg), value) => self.named(name, value, param, Some(arg)),
        }
    }

    fn named(
        &self,
        name: &str,
        value: Value,
        param: &str,
        type_arg: Option<&Ty>,
    ) -> Result<Value, ApiFailure> {
        let Some(schema) = spec::schema(name) else {
            return Ok(value);
        };
        match (schema, value) {
            (Schema::Enum { values, .. }, Value::String(text)) => {
                if values.contains(&text.as_str()) {
                    Ok(Value::String(text))
                } else {
                    Err(invalid(
                        "parameter_invalid_enum",
                        param,
                        format!("Invalid {param}: must be one of {}", values.join(", ")),
                    ))
                }
            }
            (Schema::Enum { .. }, _) => Err(invalid(
                "parameter_invalid",
                param,
                format!("Invalid {param}: expected a string"),
            )),
            (Schema::Object(object), Value::Object(map)) => {
                let _ = type_arg;
                self.object(object, map, param).map(Value::Object)
            }
            (Schema::Union(union), Value::Object(map)) => {
                let Some(Value::String(tag)) = map.get(union.tag).cloned() else {
                    let tag_param = child(param, union.tag);
                    return Err(invalid(
                        "parameter_missing",
                        &tag_param,
                        format!("Missing required param: {tag_param}."),
                    ));
                };
                let Some(variant) = union.variants.iter().find(|v| v.tag_value == tag) else {
                    let tags: Vec<&str> = union.variants.iter().map(|v| v.tag_value).collect();
                    return Err(invalid(
                        "parameter_invalid_enum",
                        &child(param, union.tag),
                        format!(
                            "Invalid {}: must be one of {}",
                            child(param, union.tag),
                            tags.join(", ")
                        ),
                    ));
                };
                let payload = spec::object(variant.payload);
                match union.style {
                    UnionStyle::Embedded => match payload {
                        Some(object) => self.object(object, map, param).map(Value::Object),
                        None => Ok(Value::Object(map)),
                    },
                    UnionStyle::Enum | UnionStyle::Struct => {
                        let mut map = map;
                        let inner = map.remove(variant.payload_key);
                        let mut checked =
                            self.fields(union.common, false, map, param, &[union.tag])?;
                        if let Some(inner) = inner {
                            let inner_param = child(param, variant.payload_key);
                            let inner = match (payload, inner) {
                                (Some(object), Value::Object(inner)) => {
                                    Value::Object(self.object(object, inner, &inner_param)?)
                                }
                                (Some(_), _) => {
                                    return Err(invalid(
                                        "parameter_invalid",
                                        &inner_param,
                                        format!("Invalid {inner_param}: expected an object"),
                                    ))
                                }
                                (None, inner) => inner,
                            };
                            checked.insert(variant.payload_key.to_owned(), inner);
                        }
                        Ok(Value::Object(checked))
                    }
                }
            }
            (Schema::Raw { .. }, value) => Ok(value),
            (_, _) => Err(invalid(
                "parameter_invalid",
                param,
                format!("Invalid {param}: expected an object"),
            )),
        }
    }
}
