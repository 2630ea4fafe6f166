//! Every endpoint of the spec answers: a request with the required
//! parameters gets a success whose body has every member the response type
//! says is always present, or (for money-flow actions the object's state
//! forbids) the API's error object.

use serde_json::{json, Map, Value};

use crate::money::Cause;
use crate::objects;
use crate::spec::{self, Operation, ParamsIn, Schema, Ty};
use crate::store::State;

/// A value of `ty` a request may carry.
fn sample(ty: &Ty, depth: usize) -> Value {
    match ty {
        Ty::Named(name) => match spec::schema(name) {
            Some(Schema::Object(object)) => {
                Value::Object(required_params(object.fields, depth + 1))
            }
            Some(Schema::Union(union)) => {
                let variant = &union.variants[0];
                let payload = spec::object(variant.payload)
                    .map(|object| Value::Object(required_params(object.fields, depth + 1)))
                    .unwrap_or(json!({}));
                json!({ union.tag: variant.tag_value, variant.payload_key: payload })
            }
            _ => objects::default_value(ty, depth),
        },
        Ty::String | Ty::Id(_) | Ty::Expandable(_) => json!("sample"),
        Ty::Integer | Ty::Timestamp => json!(1),
        other => objects::default_value(other, depth),
    }
}

fn required_params(fields: &[spec::Field], depth: usize) -> Map<String, Value> {
    fields
        .iter()
        .filter(|field| field.required)
        .map(|field| (field.wire.to_owned(), sample(&field.ty, depth)))
        .collect()
}

/// Whether `value` has every always-present member of `ty`, recursively.
fn complete(value: &Value, ty: &Ty, type_arg: Option<&Ty>, at: &str) -> Result<(), String> {
    let fields = match ty {
        Ty::Named(name) | Ty::Generic(name, _) => match spec::schema(name) {
            Some(Schema::Object(object)) => object.fields,
            _ => return Ok(()),
        },
        Ty::Param => return type_arg.map_or(Ok(()), |arg| complete(value, arg, None, at)),
        Ty::Array(item) => {
            for (index, item_value) in value.as_array().into_iter().flatten().enumerate() {
                complete(item_value, item, type_arg, &format!("{at}[{index}]"))?;
            }
            return Ok(());
        }
        _ => return Ok(()),
    };
    let type_arg = match ty {
        Ty::Generic(_, arg) => Some(*arg),
        _ => type_arg,
    };
    for field in fields.iter().filter(|field| field.present) {
        let member = value.get(field.wire).filter(|member| !member.is_null());
        let member = member.ok_or_else(|| format!("{at}.{} is missing", field.wire))?;
        complete(member, &field.ty, type_arg, &format!("{at}.{}", field.wire))?;
    }
    Ok(())
}

#[test]
fn every_endpoint_answers_with_a_complete_object() {
    let mut answered = 0;
    for endpoint in spec::endpoints() {
        let mut state = State::default();
        let mut path_values = Vec::new();
        for param in endpoint.path_params {
            // The object the path names exists (made as Create would).
            let resource = param.id_of.or(endpoint.resource).and_then(spec::object);
            let id = match resource {
                Some(schema) => {
                    let object = objects::build(schema, &Map::new());
                    let id = object["id"].as_str().unwrap_or("x").to_owned();
                    state.collection(schema.name).put(object);
                    id
                }
                None => "sample".to_owned(),
            };
            path_values.push(id);
        }
        let params = match endpoint.params {
            Some((name, _)) => match spec::schema(name) {
                Some(Schema::Object(object)) => required_params(object.fields, 0),
                _ => Map::new(),
            },
            None => Map::new(),
        };
        let mut params = params;
        if endpoint.operation == Operation::Search {
            params.insert("query".to_owned(), json!("id:'sample'"));
        }
        let params = match endpoint.params {
            Some((name, location)) => {
                crate::validate::check_params(name, params, location == ParamsIn::Query)
                    .unwrap_or_else(|failure| {
                        panic!("{} {}: {:?}", endpoint.module, endpoint.name, failure.body)
                    })
            }
            None => params,
        };
        let cause = Cause {
            request_id: "req_1",
            idempotency_key: None,
        };
        let label = format!(
            "{}::{} ({} {})",
            endpoint.module,
            endpoint.name,
            endpoint.method.as_str(),
            endpoint.path
        );
        match crate::handlers::handle(&mut state, endpoint, &path_values, params, cause) {
            Ok((status, body)) => {
                assert_eq!(status, 200, "{label}");
                let response_ty = match endpoint.response {
                    Ty::Named(name) if matches!(spec::schema(name), Some(Schema::Raw { .. })) => {
                        endpoint.resource.map_or(endpoint.response, Ty::Named)
                    }
                    ty => ty,
                };
                complete(&body, &response_ty, None, "")
                    .unwrap_or_else(|gap| panic!("{label}: {gap}\n{body:#}"));
                answered += 1;
            }
            Err(failure) => {
                // Only money-flow preconditions (nothing to capture, a refund
                // without money received) may refuse a well-formed request.
                let refusable = matches!(endpoint.operation, Operation::Action(_))
                    || endpoint.resource == Some("Refund");
                assert!(refusable, "{label}: {:?}", failure.body);
                assert!(failure.body["error"]["type"].is_string(), "{label}");
            }
        }
    }
    assert!(
        answered * 10 >= spec::endpoints().len() * 8,
        "{answered} of {} answered",
        spec::endpoints().len()
    );
}
