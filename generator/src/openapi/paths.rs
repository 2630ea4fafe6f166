//! `paths`: one operation per endpoint.

use serde_json::{json, Map, Value};

use super::schemas::{schema_ref, Components};
use crate::model::{
    ApiModel, ExampleRole, HttpMethod, ParamsLocation, Provenance, ResolvedEndpoint, ResolvedModule,
};

/// Every endpoint, grouped by path. Should two endpoints share a method and
/// path, the first in module order keeps the operation.
pub fn paths(model: &ApiModel, components: &mut Components) -> Map<String, Value> {
    let mut paths = Map::new();
    for module in &model.modules {
        for endpoint in &module.endpoints {
            let item = paths
                .entry(endpoint.path.clone())
                .or_insert_with(|| Value::Object(Map::new()));
            let Value::Object(item) = item else { continue };
            let method = method_key(endpoint.method);
            if !item.contains_key(method) {
                item.insert(method.to_owned(), operation(module, endpoint, components));
            }
        }
    }
    paths
}

/// The path item key of a method.
pub fn method_key(method: HttpMethod) -> &'static str {
    match method {
        HttpMethod::Get => "get",
        HttpMethod::Post => "post",
        HttpMethod::Delete => "delete",
    }
}

/// The `operationId` of an endpoint: `<module>_<endpoint>`.
pub fn operation_id(module: &ResolvedModule, endpoint: &ResolvedEndpoint) -> String {
    format!("{}_{}", module.name, endpoint.name)
}

fn operation(
    module: &ResolvedModule,
    endpoint: &ResolvedEndpoint,
    components: &mut Components,
) -> Value {
    let mut operation = Map::new();
    operation.insert("operationId".into(), operation_id(module, endpoint).into());
    operation.insert("tags".into(), json!([module.name]));
    operation.insert("summary".into(), endpoint.docs.description.clone().into());
    let mut description: Vec<String> = endpoint.docs.note.iter().cloned().collect();

    let mut parameters: Vec<Value> = endpoint
        .path_params
        .iter()
        .map(|param| {
            json!({
                "name": param.wire_name,
                "in": "path",
                "required": true,
                "description": param.docs.description,
                "schema": { "type": "string" },
            })
        })
        .collect();
    if endpoint.method == HttpMethod::Post {
        parameters.push(json!({
            "name": "Idempotency-Key",
            "in": "header",
            "required": false,
            "description": "Lets a POST be retried safely; reusing a key with different parameters gives an `idempotency_error`. The Rust client sends a fresh key with every POST.",
            "schema": { "type": "string" },
        }));
    }

    if let Some((params, location)) = &endpoint.params {
        // OpenAPI 3.0 gives GET and DELETE no request body, so parameters
        // WooshPay reads from a JSON body there are described as a query.
        let body_allowed = endpoint.method == HttpMethod::Post;
        match location {
            ParamsLocation::Body if body_allowed => {
                let required = components
                    .object(params)
                    .is_some_and(|object| object.fields.iter().any(|field| field.required));
                let mut media = json!({ "schema": schema_ref(params) });
                add_examples(&mut media, endpoint, ExampleRole::Request);
                operation.insert(
                    "requestBody".into(),
                    json!({
                        "required": required,
                        "content": { "application/json": media },
                    }),
                );
            }
            ParamsLocation::Body => {
                parameters.extend(query_parameters(params, components));
                operation.insert("x-wooshpay-params-in".into(), "body".into());
                description.push(format!(
                    "The reference pages put these parameters in a JSON body (`{params}`) \
                     although the method is {}. OpenAPI 3.0 allows no request body here, so \
                     they are described as query parameters; the Rust client sends them as \
                     a JSON body.",
                    method_key(endpoint.method).to_uppercase()
                ));
            }
            ParamsLocation::Query => parameters.extend(query_parameters(params, components)),
        }
    }
    if !parameters.is_empty() {
        operation.insert("parameters".into(), parameters.into());
    }
    if !description.is_empty() {
        operation.insert("description".into(), description.join("\n\n").into());
    }
    if let Some(Provenance::Inferred(detail)) = &endpoint.docs.source {
        operation.insert("x-wooshpay-inferred".into(), detail.clone().into());
    }
    let mut response = components.type_schema(&endpoint.response);
    if let Some(reason) = &endpoint.response_may_be_empty {
        response = json!({
            "anyOf": [
                response,
                {
                    "type": "object",
                    "maxProperties": 0,
                    "description": format!("An empty object, which the client returns as `None`: {reason}"),
                },
            ],
        });
    }
    let mut media = json!({ "schema": response });
    add_examples(&mut media, endpoint, ExampleRole::Response);
    operation.insert(
        "responses".into(),
        json!({
            "200": {
                "description": "Success.",
                "content": { "application/json": media },
            },
            "default": {
                "description": "An error.",
                "content": { "application/json": { "schema": schema_ref(&components.error_schema) } },
            },
        }),
    );
    Value::Object(operation)
}

/// The endpoint's documented examples of `role` as the media type's
/// `examples`, named by file, so a mock server can answer with them.
fn add_examples(media: &mut Value, endpoint: &ResolvedEndpoint, role: ExampleRole) {
    let examples: Map<String, Value> = endpoint
        .examples
        .iter()
        .filter(|example| example.role == role)
        .map(|example| (example.name.clone(), json!({ "value": example.value })))
        .collect();
    if let (false, Value::Object(media)) = (examples.is_empty(), media) {
        media.insert("examples".into(), Value::Object(examples));
    }
}

/// One query parameter per field of the params object; objects use the
/// `deepObject` style (`created[gt]=...`).
fn query_parameters(params: &str, components: &mut Components) -> Vec<Value> {
    let Some(object) = components.object(params) else {
        return Vec::new();
    };
    object
        .fields
        .iter()
        .map(|field| {
            let mut parameter = Map::new();
            parameter.insert("name".into(), field.wire_name.clone().into());
            parameter.insert("in".into(), "query".into());
            parameter.insert("required".into(), field.required.into());
            parameter.insert("description".into(), field.docs.description.clone().into());
            if components.is_object_like(&field.ty) {
                parameter.insert("style".into(), "deepObject".into());
                parameter.insert("explode".into(), true.into());
            }
            parameter.insert("schema".into(), components.type_schema(&field.ty));
            if let Some(Provenance::Inferred(detail)) = &field.docs.source {
                parameter.insert("x-wooshpay-inferred".into(), detail.clone().into());
            }
            Value::Object(parameter)
        })
        .collect()
}
