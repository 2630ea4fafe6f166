//! Response objects built from the tables: a new object from request
//! parameters and defaults, and an update merged into a stored one.
//!
//! Every member the schema marks as always present gets a value of its type
//! (an enum its first value, an object its own defaults), so whatever the
//! fake answers decodes with the client generated from the same spec.

use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::{json, Map, Value};

use crate::spec::{self, ObjectSchema, Schema, Ty, UnionStyle};

/// Nesting limit for default objects (a schema that contains itself).
const MAX_DEPTH: usize = 8;

/// Seconds since the epoch.
pub(crate) fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|elapsed| elapsed.as_secs() as i64)
        .unwrap_or_default()
}

/// `prefix` followed by 24 random letters and digits.
pub(crate) fn fresh_id(prefix: &str) -> String {
    let mut id = String::with_capacity(prefix.len() + 24);
    id.push_str(prefix);
    id.extend(std::iter::repeat_with(fastrand::alphanumeric).take(24));
    id
}

/// The id prefix of objects of `schema`: the documented one, or the
/// object's name (`thing_`) where the spec gives none.
pub(crate) fn id_prefix(schema: &ObjectSchema) -> String {
    match schema.id_prefix {
        Some(prefix) => prefix.to_owned(),
        None => format!(
            "{}_",
            schema.object_name.unwrap_or(schema.name).to_lowercase()
        ),
    }
}

/// A new object of `schema`: identity members filled in, members the
/// request names taken from `params` when they fit their type, members
/// always present given a default, every other member `null`.
pub(crate) fn build(schema: &ObjectSchema, params: &Map<String, Value>) -> Map<String, Value> {
    build_at(schema, params, None, 0)
}

fn build_at(
    schema: &ObjectSchema,
    params: &Map<String, Value>,
    type_arg: Option<&Ty>,
    depth: usize,
) -> Map<String, Value> {
    let mut object = Map::new();
    let id = matches!(
        schema.field("id").map(|field| field.ty),
        Some(Ty::String | Ty::Id(_))
    )
    .then(|| fresh_id(&id_prefix(schema)));
    for field in schema.fields {
        let ty = match field.ty {
            Ty::Param => type_arg.copied().unwrap_or(Ty::Json),
            ty => ty,
        };
        let given = params
            .get(field.wire)
            .filter(|value| !value.is_null())
            .and_then(|value| conform(value, &ty, depth));
        let value = match (field.wire, &id, given) {
            ("id", Some(id), _) => Value::String(id.clone()),
            ("object", _, _) if schema.object_name.is_some() => json!(schema.object_name),
            ("created", _, None) if matches!(ty, Ty::Timestamp | Ty::Integer) => json!(now()),
            ("livemode", _, _) => json!(false),
            ("client_secret", Some(id), _) => json!(format!("{id}_secret_{}", fresh_id(""))),
            (_, _, _) if field.secret => Value::Null,
            (_, _, Some(value)) => value,
            (_, _, None) if field.present => default_value(&ty, depth),
            _ => Value::Null,
        };
        object.insert(field.wire.to_owned(), value);
    }
    object
}

/// Merges `params` into `object` (an update): members of the schema are
/// replaced, `metadata` is merged key by key (an empty value removes a
/// key), anything else is ignored.
pub(crate) fn merge(
    schema: &ObjectSchema,
    object: &mut Map<String, Value>,
    params: &Map<String, Value>,
) {
    for (key, value) in params {
        let Some(field) = schema.field(key) else {
            continue;
        };
        if field.secret || matches!(key.as_str(), "id" | "object" | "created" | "livemode") {
            continue;
        }
        if key == "metadata" {
            if let (Some(Value::Object(stored)), Value::Object(update)) =
                (object.get_mut("metadata"), value)
            {
                for (meta_key, meta_value) in update {
                    if meta_value.as_str() == Some("") || meta_value.is_null() {
                        stored.remove(meta_key);
                    } else {
                        stored.insert(meta_key.clone(), meta_value.clone());
                    }
                }
                continue;
            }
        }
        if value.is_null() {
            if !field.present {
                object.insert(key.clone(), Value::Null);
            }
        } else if let Some(value) = conform(value, &field.ty, 0) {
            object.insert(key.clone(), value);
        }
    }
}

/// `value` (from a request) as a value of the response type `ty`, or
/// `None` when it does not fit (`"1000"` fits an integer; a request-only
/// object fits a response object member by member).
pub(crate) fn conform(value: &Value, ty: &Ty, depth: usize) -> Option<Value> {
    match (ty, value) {
        (Ty::Json | Ty::Param, value) => Some(value.clone()),
        (Ty::StringEncoded(inner), value) => conform(value, inner, depth),
        (Ty::String | Ty::Id(_), Value::String(_)) => Some(value.clone()),
        (Ty::String, Value::Number(number)) => Some(json!(number.to_string())),
        (Ty::String, Value::Bool(flag)) => Some(json!(flag.to_string())),
        (Ty::Boolean, Value::Bool(_)) => Some(value.clone()),
        (Ty::Boolean, Value::String(text)) => text.parse::<bool>().ok().map(Value::Bool),
        (Ty::Integer | Ty::Timestamp, Value::Number(number)) if number.is_i64() => {
            Some(value.clone())
        }
        (Ty::Integer | Ty::Timestamp, Value::String(text)) => {
            text.trim().parse::<i64>().ok().map(Value::from)
        }
        (Ty::Number, Value::Number(_)) => Some(value.clone()),
        (Ty::Number, Value::String(text)) => text.trim().parse::<f64>().ok().map(Value::from),
        (Ty::Array(item), Value::Array(items)) => Some(Value::Array(
            items
                .iter()
                .filter_map(|value| conform(value, item, depth))
                .collect(),
        )),
        (Ty::Map(item), Value::Object(map)) => Some(Value::Object(
            map.iter()
                .filter_map(|(key, value)| Some((key.clone(), conform(value, item, depth)?)))
                .collect(),
        )),
        (Ty::Expandable(_), Value::String(_)) => Some(value.clone()),
        (Ty::Expandable(target), value) => conform(value, target, depth),
        (Ty::Named(name), value) => conform_named(name, value, None, depth),
        (Ty::Generic(name, arg), value) => conform_named(name, value, Some(arg), depth),
        _ => None,
    }
}

fn conform_named(name: &str, value: &Value, type_arg: Option<&Ty>, depth: usize) -> Option<Value> {
    match (spec::schema(name)?, value) {
        // Response enums are open; a request enum's values are a subset.
        (Schema::Enum { .. }, Value::String(_)) => Some(value.clone()),
        (Schema::Object(object), Value::Object(map)) if depth < MAX_DEPTH => {
            let mut out = Map::new();
            for field in object.fields {
                let member = map
                    .get(field.wire)
                    .filter(|value| !value.is_null() && !field.secret)
                    .and_then(|value| conform(value, &field.ty, depth + 1));
                let member = match member {
                    Some(member) => member,
                    None if field.present => default_value(&field.ty, depth + 1),
                    None => Value::Null,
                };
                out.insert(field.wire.to_owned(), member);
            }
            let _ = type_arg;
            Some(Value::Object(out))
        }
        (Schema::Union(_) | Schema::Raw { .. }, Value::Object(_)) => Some(value.clone()),
        _ => None,
    }
}

/// A value of `ty` for a member that must be present and was not given.
pub(crate) fn default_value(ty: &Ty, depth: usize) -> Value {
    match ty {
        Ty::String => json!(""),
        Ty::Boolean => json!(false),
        Ty::Integer => json!(0),
        Ty::Timestamp => json!(now()),
        Ty::Number => json!(0.0),
        Ty::Json | Ty::Param => Value::Null,
        Ty::Array(_) => json!([]),
        Ty::Map(_) => json!({}),
        Ty::Id(object) => match spec::object(object) {
            Some(schema) => json!(fresh_id(&id_prefix(schema))),
            None => json!(fresh_id("id_")),
        },
        Ty::Expandable(target) | Ty::StringEncoded(target) => default_value(target, depth),
        Ty::Named(name) => default_named(name, None, depth),
        Ty::Generic(name, arg) => default_named(name, Some(arg), depth),
    }
}

fn default_named(name: &str, type_arg: Option<&Ty>, depth: usize) -> Value {
    match spec::schema(name) {
        Some(Schema::Enum { values, .. }) => json!(values.first().copied().unwrap_or("")),
        Some(Schema::Object(object)) if depth < MAX_DEPTH => {
            let mut built = build_at(object, &Map::new(), type_arg, depth + 1);
            if built.get("object") == Some(&json!("")) && name == "List" {
                built.insert("object".to_owned(), json!("list"));
            }
            Value::Object(built)
        }
        Some(Schema::Union(union)) if depth < MAX_DEPTH => match union.variants.first() {
            Some(variant) => {
                let payload = default_named(variant.payload, None, depth + 1);
                match (union.style, payload) {
                    (UnionStyle::Embedded, Value::Object(mut payload)) => {
                        payload.insert(union.tag.to_owned(), json!(variant.tag_value));
                        Value::Object(payload)
                    }
                    (_, payload) => {
                        json!({ union.tag: variant.tag_value, variant.payload_key: payload })
                    }
                }
            }
            None => json!({}),
        },
        _ => json!({}),
    }
}
