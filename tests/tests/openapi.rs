//! generated/openapi.json: it parses as OpenAPI 3.0.3 (with the `openapiv3`
//! crate), is what the spec renders to, and has an operation for every
//! endpoint and a component for every schema of the model.

use std::collections::BTreeSet;
use std::path::Path;

use generator::model::{ApiModel, HttpMethod, ParamsLocation, ResolvedSchema, TypeRef, UnionStyle};
use openapiv3::{OpenAPI, Operation, Parameter, QueryStyle, ReferenceOr, SecurityScheme};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap()
}

fn model() -> ApiModel {
    generator::sync::workspace_model(root()).unwrap_or_else(|error| panic!("{error}"))
}

fn checked_in_text() -> String {
    let path = root().join(generator::sync::OPENAPI_PATH);
    std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("{}: {error}; run `cargo xtask codegen`", path.display()))
}

fn document() -> OpenAPI {
    serde_json::from_str(&checked_in_text())
        .unwrap_or_else(|error| panic!("generated/openapi.json is not OpenAPI 3: {error}"))
}

fn operation<'a>(document: &'a OpenAPI, method: HttpMethod, path: &str) -> &'a Operation {
    let Some(ReferenceOr::Item(item)) = document.paths.paths.get(path) else {
        panic!("no path item for {path}");
    };
    let operation = match method {
        HttpMethod::Get => &item.get,
        HttpMethod::Post => &item.post,
        HttpMethod::Delete => &item.delete,
    };
    operation
        .as_ref()
        .unwrap_or_else(|| panic!("no {method:?} operation for {path}"))
}

fn parameter_names(operation: &Operation, wanted: fn(&Parameter) -> bool) -> Vec<String> {
    operation
        .parameters
        .iter()
        .filter_map(|parameter| match parameter {
            ReferenceOr::Item(parameter) if wanted(parameter) => {
                Some(parameter.parameter_data_ref().name.clone())
            }
            _ => None,
        })
        .collect()
}

#[test]
fn checked_in_document_is_what_the_spec_renders() {
    assert_eq!(
        checked_in_text(),
        generator::openapi::render(&model()),
        "generated/openapi.json is stale; run `cargo xtask codegen`"
    );
}

#[test]
fn header_servers_and_security() {
    let document = document();
    assert_eq!(document.openapi, "3.0.3");
    assert_eq!(document.info.title, "WooshPay API");
    assert_eq!(document.info.version, generator::openapi::DOCUMENT_VERSION);
    let servers: Vec<&str> = document.servers.iter().map(|s| s.url.as_str()).collect();
    assert_eq!(
        servers,
        ["https://api.wooshpay.com", "https://apitest.wooshpay.com"]
    );
    let components = document.components.as_ref().expect("components");
    let scheme = components
        .security_schemes
        .get(generator::openapi::SECURITY_SCHEME)
        .expect("the basic auth scheme");
    let ReferenceOr::Item(SecurityScheme::HTTP { scheme, .. }) = scheme else {
        panic!("the security scheme is not http: {scheme:?}");
    };
    assert_eq!(scheme, "basic");
    let security = document.security.as_ref().expect("global security");
    assert_eq!(security.len(), 1);
    assert!(security[0].contains_key(generator::openapi::SECURITY_SCHEME));
}

#[test]
fn every_endpoint_has_its_operation() {
    let document = document();
    let model = model();
    let mut operation_ids = BTreeSet::new();
    let mut endpoints = 0;
    for module in &model.modules {
        for endpoint in &module.endpoints {
            endpoints += 1;
            let operation = operation(&document, endpoint.method, &endpoint.path);
            let id = format!("{}_{}", module.name, endpoint.name);
            assert_eq!(operation.operation_id.as_deref(), Some(id.as_str()));
            assert!(operation_ids.insert(id.clone()), "{id} is used twice");
            assert_eq!(
                operation.summary.as_deref(),
                Some(endpoint.docs.description.as_str())
            );

            let path_params = parameter_names(operation, |p| matches!(p, Parameter::Path { .. }));
            let expected: Vec<String> = endpoint
                .path_params
                .iter()
                .map(|p| p.wire_name.clone())
                .collect();
            assert_eq!(path_params, expected, "{id}: path parameters");

            let body_allowed = endpoint.method == HttpMethod::Post;
            match &endpoint.params {
                Some((params, ParamsLocation::Body)) if body_allowed => {
                    let Some(ReferenceOr::Item(body)) = &operation.request_body else {
                        panic!("{id}: no request body");
                    };
                    let schema = body.content["application/json"].schema.as_ref();
                    let Some(ReferenceOr::Reference { reference }) = schema else {
                        panic!("{id}: the body is not a reference: {schema:?}");
                    };
                    assert_eq!(reference, &format!("#/components/schemas/{params}"));
                }
                Some((params, location)) => {
                    assert!(
                        operation.request_body.is_none(),
                        "{id}: a body on {:?}",
                        endpoint.method
                    );
                    let in_body = operation.extensions.get("x-wooshpay-params-in");
                    if *location == ParamsLocation::Body {
                        assert_eq!(in_body, Some(&serde_json::json!("body")), "{id}");
                    } else {
                        assert_eq!(in_body, None, "{id}");
                    }
                    let schema = model
                        .modules
                        .iter()
                        .flat_map(|m| &m.schemas)
                        .find(|s| s.name() == params);
                    let Some(ResolvedSchema::Object(object)) = schema else {
                        panic!("{id}: params {params} is not an object");
                    };
                    let query =
                        parameter_names(operation, |p| matches!(p, Parameter::Query { .. }));
                    let fields: Vec<String> =
                        object.fields.iter().map(|f| f.wire_name.clone()).collect();
                    assert_eq!(query, fields, "{id}: query parameters");
                    for parameter in &operation.parameters {
                        if let ReferenceOr::Item(Parameter::Query {
                            parameter_data,
                            style,
                            ..
                        }) = parameter
                        {
                            let field = object
                                .fields
                                .iter()
                                .find(|f| f.wire_name == parameter_data.name)
                                .unwrap();
                            let object_like = matches!(field.ty, TypeRef::Map(_))
                                || matches!(&field.ty, TypeRef::Named(name, _) if model
                                    .modules
                                    .iter()
                                    .flat_map(|m| &m.schemas)
                                    .any(|s| s.name() == name && !matches!(s, ResolvedSchema::Enum(_))));
                            assert_eq!(
                                matches!(style, QueryStyle::DeepObject),
                                object_like,
                                "{id}: style of {}",
                                parameter_data.name
                            );
                        }
                    }
                }
                None => assert!(operation.request_body.is_none(), "{id}: unexpected body"),
            }

            let responses = &operation.responses.responses;
            assert!(
                responses.contains_key(&openapiv3::StatusCode::Code(200)),
                "{id}: no 200 response"
            );
            assert!(
                operation.responses.default.is_some(),
                "{id}: no default response"
            );
        }
    }
    assert!(endpoints > 0, "the spec has no endpoints");
    assert_eq!(document.operations().count(), endpoints);
}

#[test]
fn every_schema_is_a_component_and_every_reference_resolves() {
    let document = document();
    let model = model();
    let components = &document.components.as_ref().unwrap().schemas;
    for schema in model.modules.iter().flat_map(|m| &m.schemas) {
        match schema {
            ResolvedSchema::Object(object) if object.generic.is_some() => {
                // Generic schemas exist only as instances, e.g. `SetupIntentList`.
                assert!(
                    components
                        .keys()
                        .any(|name| name.ends_with(&object.name) && name != &object.name),
                    "no instance of {}",
                    object.name
                );
            }
            _ => assert!(
                components.contains_key(schema.name()),
                "{} is not in components.schemas",
                schema.name()
            ),
        }
    }
    let value: serde_json::Value = serde_json::from_str(&checked_in_text()).unwrap();
    let mut references = Vec::new();
    collect_references(&value, &mut references);
    assert!(!references.is_empty());
    for reference in references {
        let name = reference
            .strip_prefix("#/components/schemas/")
            .unwrap_or_else(|| panic!("unexpected reference {reference}"));
        assert!(
            components.contains_key(name),
            "dangling reference {reference}"
        );
    }
}

fn collect_references(value: &serde_json::Value, out: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, value) in map {
                match (key.as_str(), value) {
                    ("$ref", serde_json::Value::String(reference)) => out.push(reference.clone()),
                    ("mapping", serde_json::Value::Object(mapping)) => out.extend(
                        mapping
                            .values()
                            .filter_map(|v| v.as_str().map(str::to_owned)),
                    ),
                    _ => collect_references(value, out),
                }
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| collect_references(v, out)),
        _ => {}
    }
}

#[test]
fn tagged_unions_have_a_discriminator_with_every_variant() {
    let document = document();
    let model = model();
    let components = &document.components.as_ref().unwrap().schemas;
    let mut unions = 0;
    for schema in model.modules.iter().flat_map(|m| &m.schemas) {
        let ResolvedSchema::Union(union) = schema else {
            continue;
        };
        if union.style == UnionStyle::Struct {
            continue;
        }
        unions += 1;
        let Some(ReferenceOr::Item(component)) = components.get(&union.name) else {
            panic!("{} is not an inline schema", union.name);
        };
        let discriminator = component
            .schema_data
            .discriminator
            .as_ref()
            .unwrap_or_else(|| panic!("{} has no discriminator", union.name));
        assert_eq!(discriminator.property_name, union.tag);
        let mapped: BTreeSet<&str> = discriminator.mapping.keys().map(String::as_str).collect();
        let tags: BTreeSet<&str> = union
            .variants
            .iter()
            .map(|v| v.tag_value.as_str())
            .collect();
        assert_eq!(mapped, tags, "{}: discriminator mapping", union.name);
    }
    assert!(unions > 0);

    let Some(ReferenceOr::Item(next_action)) = components.get("NextAction") else {
        panic!("no NextAction");
    };
    let discriminator = next_action.schema_data.discriminator.as_ref().unwrap();
    assert_eq!(discriminator.property_name, "type");
    assert_eq!(discriminator.mapping.len(), 23);
}

/// `style: embedded`: the variants are the object schemas themselves, told
/// apart by their own `object` member, with no wrapper schema.
#[test]
fn embedded_unions_map_tags_to_the_object_schemas() {
    let document = document();
    let components = &document.components.as_ref().unwrap().schemas;
    let Some(ReferenceOr::Item(event_object)) = components.get("EventObject") else {
        panic!("no EventObject");
    };
    let discriminator = event_object.schema_data.discriminator.as_ref().unwrap();
    assert_eq!(discriminator.property_name, "object");
    assert_eq!(
        discriminator
            .mapping
            .get("setup_intent")
            .map(String::as_str),
        Some("#/components/schemas/SetupIntent")
    );
    // `type: object` next to `oneOf` makes openapiv3 read it as `Any`.
    let one_of = match &event_object.schema_kind {
        openapiv3::SchemaKind::OneOf { one_of } => one_of,
        openapiv3::SchemaKind::Any(any) => &any.one_of,
        other => panic!("EventObject is not a oneOf: {other:?}"),
    };
    assert_eq!(one_of.len(), discriminator.mapping.len());
    assert!(one_of.iter().all(|variant| matches!(
        variant,
        ReferenceOr::Reference { reference } if discriminator.mapping.values().any(|target| target == reference)
    )));
}

#[test]
fn generated_file_set_includes_the_document() {
    let files = generator::sync::generate_workspace(root()).unwrap_or_else(|e| panic!("{e}"));
    let openapi = files
        .iter()
        .find(|file| file.path == generator::sync::OPENAPI_PATH)
        .expect("generate_workspace returns generated/openapi.json");
    assert_eq!(openapi.contents, checked_in_text());
    // The document sits outside the Rust folder, whose stale files are removed.
    let plan = generator::sync::plan(root(), &files).unwrap();
    assert!(plan
        .removals
        .iter()
        .all(|path| path.extension().is_some_and(|e| e == "rs")));
}

/// Every documented example in `spec/examples/` is in the export, under its
/// operation's response or request body, unchanged: a mock server in static
/// mode answers with them. (A GET's body parameters become query
/// parameters in the export, so their request examples have no place.)
#[test]
fn documented_examples_are_exported() {
    let document = document();
    let model = model();
    let mut exported = 0;
    for module in &model.modules {
        for endpoint in &module.endpoints {
            let operation = operation(&document, endpoint.method, &endpoint.path);
            for example in &endpoint.examples {
                let media = match example.role {
                    generator::model::ExampleRole::Response => {
                        let Some(ReferenceOr::Item(response)) = operation
                            .responses
                            .responses
                            .get(&openapiv3::StatusCode::Code(200))
                        else {
                            panic!("{}.{}: no 200 response", module.name, endpoint.name)
                        };
                        response.content.get("application/json")
                    }
                    generator::model::ExampleRole::Request => match &operation.request_body {
                        Some(ReferenceOr::Item(body)) => body.content.get("application/json"),
                        _ => continue,
                    },
                };
                let media = media.expect("application/json content");
                let Some(ReferenceOr::Item(shown)) = media.examples.get(&example.name) else {
                    panic!(
                        "{}.{}: example {} is not exported",
                        module.name, endpoint.name, example.name
                    )
                };
                let file = root()
                    .join("spec/examples")
                    .join(&module.name)
                    .join(format!("{}.json", example.name));
                let on_disk: serde_json::Value =
                    serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
                assert_eq!(shown.value.as_ref(), Some(&on_disk), "{}", file.display());
                exported += 1;
            }
        }
    }
    // Every example file is listed by an endpoint and, but for GET bodies, exported.
    let files = std::fs::read_dir(root().join("spec/examples"))
        .unwrap()
        .flat_map(|module| std::fs::read_dir(module.unwrap().path()).unwrap())
        .count();
    let get_bodies = model
        .modules
        .iter()
        .flat_map(|module| &module.endpoints)
        .filter(|endpoint| endpoint.method != HttpMethod::Post)
        .flat_map(|endpoint| &endpoint.examples)
        .filter(|example| example.role == generator::model::ExampleRole::Request)
        .count();
    assert_eq!(exported + get_bodies, files);
    assert!(exported > 20, "only {exported} examples exported");
}
