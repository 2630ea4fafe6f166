//! One handler per kind of operation, driven by the endpoint's table row:
//! create stores, retrieve finds, update merges, delete deletes, list and
//! search page, actions run the money flows.

use serde_json::{json, Map, Value};

use crate::error::ApiFailure;
use crate::money::{Cause, Flow, Outcome};
use crate::objects;
use crate::spec::{self, Endpoint, ObjectSchema, Operation, Ty};
use crate::store::State;

/// Page size when a list request gives no `limit`.
const DEFAULT_LIMIT: usize = 10;

/// Members of list parameters that page rather than filter.
const PAGING: &[&str] = &["limit", "starting_after", "ending_before", "expand"];

/// Answers a validated request: the status and body on success.
pub(crate) fn handle(
    state: &mut State,
    endpoint: &'static Endpoint,
    path_values: &[String],
    params: Map<String, Value>,
    cause: Cause<'_>,
) -> Result<(u16, Value), ApiFailure> {
    let resource = endpoint.resource.and_then(spec::object);
    let Some(schema) = resource else {
        // No stored resource (the balance): an object of the response type.
        let answer = objects::conform(&Value::Object(params), &endpoint.response, 0)
            .filter(Value::is_object)
            .unwrap_or_else(|| objects::default_value(&endpoint.response, 0));
        return Ok((200, answer));
    };
    let mut flow = Flow { state, cause };
    match endpoint.operation {
        Operation::Create => create(&mut flow, schema, &params),
        Operation::Retrieve => Ok((
            200,
            Value::Object(find(flow.state, endpoint, schema, path_values)?),
        )),
        Operation::Update => update(&mut flow, endpoint, schema, path_values, &params),
        Operation::Delete => delete(flow.state, endpoint, schema, path_values),
        Operation::List => list(flow.state, endpoint, schema, path_values, &params),
        Operation::Search => search(flow.state, endpoint, schema, &params),
        Operation::Action(verb) => action(&mut flow, endpoint, schema, verb, path_values, &params),
        Operation::Read => Ok((200, objects::default_value(&endpoint.response, 0))),
    }
}

/// The kind of object in messages: its `object` name, or its schema name.
fn noun(schema: &ObjectSchema) -> &'static str {
    schema.object_name.unwrap_or(schema.name)
}

fn finish(
    flow: &mut Flow<'_>,
    schema: &ObjectSchema,
    object: Map<String, Value>,
    outcome: Outcome,
) -> Result<(u16, Value), ApiFailure> {
    flow.state.collection(schema.name).put(object.clone());
    match outcome {
        Outcome::Done => Ok((200, Value::Object(object))),
        Outcome::Declined(failure) => Err(failure),
    }
}

fn event(flow: &mut Flow<'_>, schema: &ObjectSchema, change: &str, object: &Map<String, Value>) {
    let event_type = format!("{}.{change}", noun(schema));
    let cause = (flow.cause.request_id, flow.cause.idempotency_key);
    crate::webhooks::record(flow.state, &event_type, object, cause);
}

fn create(
    flow: &mut Flow<'_>,
    schema: &'static ObjectSchema,
    params: &Map<String, Value>,
) -> Result<(u16, Value), ApiFailure> {
    let mut object = objects::build(schema, params);
    flow.init(schema.name, &mut object, params)?;
    event(flow, schema, "created", &object);
    let outcome = flow.after_create(schema.name, &mut object, params)?;
    finish(flow, schema, object, outcome)
}

/// The object the last path parameter names, or the API's 404.
fn find(
    state: &State,
    endpoint: &Endpoint,
    schema: &ObjectSchema,
    path_values: &[String],
) -> Result<Map<String, Value>, ApiFailure> {
    let (Some(param), Some(id)) = (endpoint.path_params.last(), path_values.last()) else {
        return Err(ApiFailure::unknown_route(
            endpoint.method.as_str(),
            endpoint.path,
        ));
    };
    state
        .find(schema.name, id)
        .cloned()
        .ok_or_else(|| ApiFailure::no_such(noun(schema), id, param.name))
}

/// Merges `params` into the stored object; `confirm: true` then confirms.
fn update(
    flow: &mut Flow<'_>,
    endpoint: &Endpoint,
    schema: &'static ObjectSchema,
    path_values: &[String],
    params: &Map<String, Value>,
) -> Result<(u16, Value), ApiFailure> {
    let mut object = find(flow.state, endpoint, schema, path_values)?;
    objects::merge(schema, &mut object, params);
    event(flow, schema, "updated", &object);
    let outcome = match params.get("confirm") {
        Some(Value::Bool(true)) => flow
            .action(schema.name, "confirm", &mut object, params)
            .unwrap_or(Ok(Outcome::Done))?,
        _ => Outcome::Done,
    };
    finish(flow, schema, object, outcome)
}

fn delete(
    state: &mut State,
    endpoint: &Endpoint,
    schema: &'static ObjectSchema,
    path_values: &[String],
) -> Result<(u16, Value), ApiFailure> {
    let object = find(state, endpoint, schema, path_values)?;
    let id = object.get("id").cloned().unwrap_or(Value::Null);
    state
        .collection(schema.name)
        .remove(id.as_str().unwrap_or_default());
    let mut answer = object;
    answer.insert("deleted".to_owned(), json!(true));
    Ok((200, Value::Object(answer)))
}

fn action(
    flow: &mut Flow<'_>,
    endpoint: &Endpoint,
    schema: &'static ObjectSchema,
    verb: &str,
    path_values: &[String],
    params: &Map<String, Value>,
) -> Result<(u16, Value), ApiFailure> {
    let mut object = find(flow.state, endpoint, schema, path_values)?;
    // The money flows take the parameters they understand; the others
    // (metadata, cancellation reasons, a customer to attach to) are merged.
    objects::merge(schema, &mut object, params);
    let outcome = match flow.action(schema.name, verb, &mut object, params) {
        Some(result) => result?,
        None => {
            match verb {
                "detach" => {
                    object.insert("customer".to_owned(), Value::Null);
                }
                "cancel" | "close" if has_status(schema, "canceled") => {
                    object.insert("status".to_owned(), json!("canceled"));
                }
                _ => {}
            }
            event(flow, schema, "updated", &object);
            Outcome::Done
        }
    };
    finish(flow, schema, object, outcome)
}

/// Whether `status` of `schema` may take `value`.
fn has_status(schema: &ObjectSchema, value: &str) -> bool {
    match schema.field("status").map(|field| field.ty) {
        Some(Ty::Named(name)) => {
            spec::enum_values(name).is_some_and(|values| values.contains(&value))
        }
        Some(Ty::String) => true,
        _ => false,
    }
}

/// Whether `object` passes the documented filters in `params`: members of
/// the list parameters that name a member of the listed object (equality),
/// and `created` ranges (`gt`, `gte`, `lt`, `lte`).
fn matches_filters(
    object: &Map<String, Value>,
    schema: &ObjectSchema,
    params: &Map<String, Value>,
) -> bool {
    params.iter().all(|(key, wanted)| {
        if PAGING.contains(&key.as_str()) || wanted.is_null() || schema.field(key).is_none() {
            return true;
        }
        let actual = object.get(key).unwrap_or(&Value::Null);
        match (key.as_str(), wanted) {
            ("created", Value::Object(range)) => {
                let created = actual.as_i64().unwrap_or_default();
                range.iter().all(|(op, bound)| {
                    let bound = match bound {
                        Value::String(text) => text.parse::<i64>().ok(),
                        other => other.as_i64(),
                    };
                    match (op.as_str(), bound) {
                        ("gt", Some(bound)) => created > bound,
                        ("gte", Some(bound)) => created >= bound,
                        ("lt", Some(bound)) => created < bound,
                        ("lte", Some(bound)) => created <= bound,
                        _ => true,
                    }
                })
            }
            (_, wanted) => expanded_id(actual) == expanded_id(wanted),
        }
    })
}

/// An id or an expanded object compare by id.
fn expanded_id(value: &Value) -> &Value {
    match value.get("id") {
        Some(id) if value.is_object() => id,
        _ => value,
    }
}

fn list(
    state: &State,
    endpoint: &Endpoint,
    schema: &'static ObjectSchema,
    path_values: &[String],
    params: &Map<String, Value>,
) -> Result<(u16, Value), ApiFailure> {
    // A nested list (`/v1/customers/{customer}/payment_methods`) keeps the
    // objects whose member typed with the parent's id holds it.
    let mut filters = params.clone();
    for (param, value) in endpoint.path_params.iter().zip(path_values) {
        let member = param.id_of.and_then(|parent| {
            schema.fields.iter().find(|field| match field.ty {
                Ty::Id(of) => of == parent,
                Ty::Expandable(Ty::Named(of)) => *of == parent,
                _ => false,
            })
        });
        if let Some(member) = member {
            filters.insert(member.wire.to_owned(), json!(value));
        }
    }
    let items: Vec<&Map<String, Value>> = state
        .collection_ref(schema.name)
        .into_iter()
        .flat_map(|collection| collection.newest_first())
        .filter(|object| matches_filters(object, schema, &filters))
        .collect();
    page(endpoint, items, params)
}

fn page(
    endpoint: &Endpoint,
    items: Vec<&Map<String, Value>>,
    params: &Map<String, Value>,
) -> Result<(u16, Value), ApiFailure> {
    let limit = match params.get("limit") {
        None | Some(Value::Null) => DEFAULT_LIMIT,
        Some(value) => match value
            .as_i64()
            .or_else(|| value.as_str().and_then(|s| s.parse().ok()))
        {
            Some(limit @ 1..=100) => limit as usize,
            _ => {
                return Err(ApiFailure::invalid(
                    "parameter_invalid_integer",
                    "limit",
                    "Invalid limit: must be an integer from 1 to 100.".to_owned(),
                ))
            }
        },
    };
    let cursor = |key: &str| params.get(key).and_then(Value::as_str);
    let position = |id: &str| {
        items
            .iter()
            .position(|item| item.get("id").and_then(Value::as_str) == Some(id))
    };
    let (data, has_more) = if let Some(after) = cursor("starting_after") {
        let start = position(after).ok_or_else(|| {
            ApiFailure::no_such("object", after, "starting_after").with_status(400)
        })? + 1;
        let end = (start + limit).min(items.len());
        (items[start..end].to_vec(), end < items.len())
    } else if let Some(before) = cursor("ending_before") {
        let end = position(before).ok_or_else(|| {
            ApiFailure::no_such("object", before, "ending_before").with_status(400)
        })?;
        let start = end.saturating_sub(limit);
        (items[start..end].to_vec(), start > 0)
    } else {
        let end = limit.min(items.len());
        (items[..end].to_vec(), end < items.len())
    };
    let data: Vec<Value> = data
        .into_iter()
        .map(|item| Value::Object(item.clone()))
        .collect();
    let mut answer = match objects::default_value(&endpoint.response, 0) {
        Value::Object(map) => map,
        _ => Map::new(),
    };
    answer.insert("object".to_owned(), json!("list"));
    answer.insert("url".to_owned(), json!(endpoint.path));
    answer.insert("has_more".to_owned(), json!(has_more));
    answer.insert("data".to_owned(), Value::Array(data));
    Ok((200, Value::Object(answer)))
}

/// `query` in WooshPay's (Stripe's) search syntax, as far as equality goes:
/// `field:'value'` clauses joined by `AND`, and `metadata['key']:'value'`.
fn search(
    state: &State,
    endpoint: &Endpoint,
    schema: &'static ObjectSchema,
    params: &Map<String, Value>,
) -> Result<(u16, Value), ApiFailure> {
    let query = params
        .get("query")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let mut clauses = Vec::new();
    for clause in query
        .split(" AND ")
        .map(str::trim)
        .filter(|c| !c.is_empty())
    {
        let parsed = clause.split_once(':').and_then(|(field, value)| {
            let value = value.trim().strip_prefix('\'')?.strip_suffix('\'')?;
            Some((field.trim().to_owned(), value.to_owned()))
        });
        match parsed {
            Some(parsed) => clauses.push(parsed),
            None => {
                return Err(ApiFailure::invalid(
                    "parameter_invalid",
                    "query",
                    format!("Invalid query clause `{clause}`: the fake understands field:'value' joined by AND."),
                ))
            }
        }
    }
    let hit = |object: &Map<String, Value>| {
        clauses.iter().all(|(field, value)| {
            let actual = match field.strip_prefix("metadata[") {
                Some(rest) => {
                    let key = rest
                        .trim_end_matches(']')
                        .trim_matches(|c| c == '\'' || c == '"');
                    object.get("metadata").and_then(|m| m.get(key))
                }
                None => object.get(field.as_str()),
            };
            match actual {
                Some(Value::String(text)) => text == value,
                Some(Value::Null) | None => false,
                Some(other) => {
                    let text = other.to_string();
                    text == *value
                }
            }
        })
    };
    let items: Vec<&Map<String, Value>> = state
        .collection_ref(schema.name)
        .into_iter()
        .flat_map(|collection| collection.newest_first())
        .filter(|object| hit(object))
        .collect();
    page(endpoint, items, params)
}

/// The fake's authentication page: passes or fails the challenge of the
/// intent with `id`.
pub(crate) fn authenticate(state: &mut State, id: &str, approve: bool) -> Result<(), ApiFailure> {
    for resource in ["PaymentIntent", "SetupIntent"] {
        let Some(schema) = spec::object(resource) else {
            continue;
        };
        if let Some(mut object) = state.find(resource, id).cloned() {
            let cause = Cause {
                request_id: "",
                idempotency_key: None,
            };
            let mut flow = Flow { state, cause };
            flow.authenticate(resource, &mut object, approve)?;
            flow.state.collection(schema.name).put(object);
            return Ok(());
        }
    }
    Err(ApiFailure::no_such("intent", id, "id"))
}
