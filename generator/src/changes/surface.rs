//! A model flattened into the items a user of the crate can see, each keyed
//! by a stable path and carrying its attributes as comparable facts.
//!
//! Every model attribute that reaches the public surface is read in exactly
//! one place: [`Attr`] names it, one function below records it, and
//! `compare::classify` (an exhaustive `match` on [`Attr`]) says
//! what a change to it means.

use crate::model::{
    ApiModel, Docs, HttpMethod, ParamsLocation, Provenance, ResolvedEndpoint, ResolvedField,
    ResolvedSchema, UnionStyle,
};
use crate::typeref::spec_syntax;

use crate::usage::{schema_usage, Usage};

/// What kind of thing an item is; part of its identity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ItemKind {
    Schema,
    Field,
    EnumValue,
    Variant,
    Endpoint,
    PathParam,
}

impl ItemKind {
    /// How the report names the kind.
    pub fn label(self) -> &'static str {
        match self {
            ItemKind::Schema => "schema",
            ItemKind::Field => "field",
            ItemKind::EnumValue => "enum value",
            ItemKind::Variant => "variant",
            ItemKind::Endpoint => "endpoint",
            ItemKind::PathParam => "path parameter",
        }
    }
}

/// One attribute of an item. Adding a model attribute means adding a variant
/// here, recording it in this file and classifying it in `compare.rs`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attr {
    /// Schema: object, enum, union or raw.
    SchemaKind,
    /// Schema: the spec file (and so the models module) defining it.
    Module,
    /// Object: its type parameter.
    Generic,
    /// Object: whether it has the `extra` field keeping unknown members.
    KeepUnknownFields,
    /// Object: whether a member that does not fit its type goes to `extra`.
    Strict,
    /// Object: whether it implements `Default` (every field optional).
    DerivesDefault,
    /// Object: the id prefix, which gives it a typed id.
    IdPrefix,
    /// Object: the `object` value checked when decoding.
    ObjectName,
    /// Union: the wire name of the tag member.
    UnionTag,
    /// Union: `enum` or `struct`.
    UnionStyle,
    /// Struct-style union: the enum typing the tag.
    TagType,
    /// Field, variant, path parameter: the Rust name.
    RustName,
    /// Field: the type expression.
    Type,
    /// Field: `Option<T>` in Rust.
    Optional,
    /// Field: documented as required (must be sent / always present).
    Required,
    /// Field: redacted in `Debug`.
    Secret,
    /// Field: also accepted JSON-encoded in a string.
    MayBeJsonString,
    /// Field: held in a `Box`.
    Boxed,
    /// Variant: the member holding the payload.
    PayloadKey,
    /// Struct-style variant: the Rust field holding the payload.
    PayloadField,
    /// Variant: the payload's object schema.
    Payload,
    /// Variant: the cargo feature it exists under (`variants_follow_features`).
    Feature,
    /// Endpoint: the HTTP method.
    Method,
    /// Endpoint: the URL path.
    Path,
    /// Endpoint: the parameters schema.
    Params,
    /// Endpoint: whether parameters go in the body or the query.
    ParamsIn,
    /// Endpoint: the response type.
    Response,
    /// Any item: its description.
    Description,
    /// Any item: where the fact came from (read, example, inferred).
    Source,
    /// Any item: the maintainer's note.
    Note,
}

impl Attr {
    /// How the report names the attribute.
    pub fn label(self) -> &'static str {
        match self {
            Attr::SchemaKind => "kind",
            Attr::Module => "module",
            Attr::Generic => "type parameter",
            Attr::KeepUnknownFields => "keep_unknown_fields",
            Attr::Strict => "strict",
            Attr::DerivesDefault => "implements Default",
            Attr::IdPrefix => "id_prefix",
            Attr::ObjectName => "object_name",
            Attr::MayBeJsonString => "may_be_json_string",
            Attr::UnionTag => "tag",
            Attr::UnionStyle => "style",
            Attr::TagType => "tag_type",
            Attr::RustName => "Rust name",
            Attr::Type => "type",
            Attr::Optional => "optional",
            Attr::Required => "required",
            Attr::Secret => "secret",
            Attr::Boxed => "boxed",
            Attr::PayloadKey => "payload key",
            Attr::PayloadField => "payload field",
            Attr::Payload => "payload",
            Attr::Feature => "cargo feature",
            Attr::Method => "method",
            Attr::Path => "path",
            Attr::Params => "params",
            Attr::ParamsIn => "params_in",
            Attr::Response => "response",
            Attr::Description => "description",
            Attr::Source => "source",
            Attr::Note => "note",
        }
    }
}

/// An attribute's value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Flag(bool),
    Text(String),
    /// An optional attribute that is not set.
    Unset,
}

impl std::fmt::Display for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Value::Flag(true) => f.write_str("yes"),
            Value::Flag(false) => f.write_str("no"),
            Value::Text(text) => write!(f, "`{text}`"),
            Value::Unset => f.write_str("none"),
        }
    }
}

/// One item of the public surface.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub kind: ItemKind,
    /// Stable path: `SetupIntent`, `SetupIntent.status` (wire name),
    /// `SetupIntentStatus.canceled` (wire value), `NextAction.redirect_to_url`
    /// (tag value), `setup_intents::update`, `setup_intents::update.id`.
    pub key: String,
    /// The key of the schema or endpoint holding this item.
    pub parent: Option<String>,
    /// Where the item (or the schema holding it) travels.
    pub usage: Usage,
    pub facts: Vec<(Attr, Value)>,
}

impl Item {
    /// The value of `attr`, [`Value::Unset`] when the item does not have it.
    pub fn fact(&self, attr: Attr) -> &Value {
        self.facts
            .iter()
            .find(|(known, _)| *known == attr)
            .map_or(&Value::Unset, |(_, value)| value)
    }

    /// The item's Rust name or key, for explanations.
    pub fn rust_name(&self) -> String {
        match self.fact(Attr::RustName) {
            Value::Text(name) => name.clone(),
            _ => self
                .key
                .rsplit(['.', ':'])
                .next()
                .unwrap_or(&self.key)
                .to_owned(),
        }
    }
}

/// Every item of `model`, in spec order: each schema followed by its
/// members, then the endpoints followed by their path parameters.
pub fn flatten(model: &ApiModel) -> Vec<Item> {
    let usage = schema_usage(model);
    let mut items = Vec::new();
    for module in &model.modules {
        for schema in &module.schemas {
            let name = schema.name();
            let used = usage.get(name).copied().unwrap_or_default();
            schema_items(schema, &module.name, used, &mut items);
        }
    }
    for module in &model.modules {
        for endpoint in &module.endpoints {
            endpoint_items(endpoint, &module.name, &mut items);
        }
    }
    items
}

fn text(value: impl Into<String>) -> Value {
    Value::Text(value.into())
}

fn optional_text(value: Option<&String>) -> Value {
    value.map_or(Value::Unset, |value| text(value.clone()))
}

fn doc_facts(docs: &Docs, facts: &mut Vec<(Attr, Value)>) {
    facts.push((Attr::Description, text(docs.description.clone())));
    let source = docs.source.as_ref().map(|source| match source {
        Provenance::Read(what) => format!("read: {what}"),
        Provenance::Example(what) => format!("example: {what}"),
        Provenance::Inferred(what) => format!("inferred: {what}"),
    });
    facts.push((Attr::Source, optional_text(source.as_ref())));
    facts.push((Attr::Note, optional_text(docs.note.as_ref())));
}

fn schema_items(schema: &ResolvedSchema, module: &str, usage: Usage, items: &mut Vec<Item>) {
    let name = schema.name().to_owned();
    let mut facts = vec![(Attr::Module, text(module))];
    let mut members = Vec::new();
    let member = |kind, key: &str, facts| Item {
        kind,
        key: format!("{name}.{key}"),
        parent: Some(name.clone()),
        usage,
        facts,
    };
    match schema {
        ResolvedSchema::Object(object) => {
            facts.push((Attr::SchemaKind, text("object")));
            facts.push((Attr::Generic, optional_text(object.generic.as_ref())));
            facts.push((
                Attr::KeepUnknownFields,
                Value::Flag(object.keep_unknown_fields),
            ));
            let derives_default = object.all_optional() && object.generic.is_none();
            facts.push((Attr::DerivesDefault, Value::Flag(derives_default)));
            facts.push((Attr::IdPrefix, optional_text(object.id_prefix.as_ref())));
            facts.push((Attr::ObjectName, optional_text(object.object_name.as_ref())));
            doc_facts(&object.docs, &mut facts);
            for field in &object.fields {
                members.push(member(
                    ItemKind::Field,
                    &field.wire_name,
                    field_facts(field),
                ));
            }
        }
        ResolvedSchema::Enum(enumeration) => {
            facts.push((Attr::SchemaKind, text("enum")));
            doc_facts(&enumeration.docs, &mut facts);
            for value in &enumeration.values {
                let mut value_facts = vec![(Attr::RustName, text(value.variant.clone()))];
                doc_facts(&value.docs.clone().unwrap_or_default(), &mut value_facts);
                members.push(member(ItemKind::EnumValue, &value.wire, value_facts));
            }
        }
        ResolvedSchema::Union(union) => {
            facts.push((Attr::SchemaKind, text("union")));
            facts.push((Attr::UnionTag, text(union.tag.clone())));
            let style = match union.style {
                UnionStyle::Enum => "enum",
                UnionStyle::Struct => "struct",
                UnionStyle::Embedded => "embedded",
            };
            facts.push((Attr::UnionStyle, text(style)));
            facts.push((Attr::TagType, optional_text(union.tag_type.as_ref())));
            doc_facts(&union.docs, &mut facts);
            for field in &union.common_fields {
                members.push(member(
                    ItemKind::Field,
                    &field.wire_name,
                    field_facts(field),
                ));
            }
            for variant in &union.variants {
                let mut variant_facts = vec![
                    (Attr::RustName, text(variant.rust_name.clone())),
                    (Attr::PayloadKey, text(variant.payload_key.clone())),
                    (Attr::Payload, text(variant.payload.clone())),
                    (Attr::Feature, optional_text(variant.feature.as_ref())),
                ];
                if union.style == UnionStyle::Struct {
                    variant_facts.push((Attr::PayloadField, text(variant.payload_field.clone())));
                }
                doc_facts(&variant.docs, &mut variant_facts);
                members.push(member(ItemKind::Variant, &variant.tag_value, variant_facts));
            }
        }
        ResolvedSchema::Raw { docs, .. } => {
            facts.push((Attr::SchemaKind, text("raw")));
            doc_facts(docs, &mut facts);
        }
    }
    items.push(Item {
        kind: ItemKind::Schema,
        key: name.clone(),
        parent: None,
        usage,
        facts,
    });
    items.extend(members);
}

fn field_facts(field: &ResolvedField) -> Vec<(Attr, Value)> {
    let mut facts = vec![
        (Attr::RustName, text(field.rust_name.clone())),
        (Attr::Type, text(spec_syntax(&field.ty))),
        (Attr::Optional, Value::Flag(field.optional)),
        (Attr::Required, Value::Flag(field.required)),
        (Attr::Secret, Value::Flag(field.secret)),
        (Attr::MayBeJsonString, Value::Flag(field.may_be_json_string)),
        (Attr::Boxed, Value::Flag(field.boxed)),
        (Attr::Strict, Value::Flag(field.strict)),
    ];
    doc_facts(&field.docs, &mut facts);
    facts
}

fn endpoint_items(endpoint: &ResolvedEndpoint, module: &str, items: &mut Vec<Item>) {
    let key = format!("{module}::{}", endpoint.name);
    let method = match endpoint.method {
        HttpMethod::Get => "GET",
        HttpMethod::Post => "POST",
        HttpMethod::Delete => "DELETE",
    };
    let (params, params_in) = match &endpoint.params {
        Some((schema, location)) => {
            let location = match location {
                ParamsLocation::Body => "body",
                ParamsLocation::Query => "query",
            };
            (text(schema.clone()), text(location))
        }
        None => (Value::Unset, Value::Unset),
    };
    let mut facts = vec![
        (Attr::Method, text(method)),
        (Attr::Path, text(endpoint.path.clone())),
        (Attr::Params, params),
        (Attr::ParamsIn, params_in),
        (Attr::Response, text(response_syntax(endpoint))),
    ];
    doc_facts(&endpoint.docs, &mut facts);
    let usage = Usage {
        request: true,
        response: true,
    };
    items.push(Item {
        kind: ItemKind::Endpoint,
        key: key.clone(),
        parent: None,
        usage,
        facts,
    });
    for param in &endpoint.path_params {
        let mut facts = vec![
            (Attr::RustName, text(param.rust_name.clone())),
            (Attr::Type, text(spec_syntax(&param.ty))),
        ];
        doc_facts(&param.docs, &mut facts);
        items.push(Item {
            kind: ItemKind::PathParam,
            key: format!("{key}.{}", param.wire_name),
            parent: Some(key.clone()),
            usage,
            facts,
        });
    }
}

/// The endpoint's response as the spec writes it, with `or {}` when it may
/// be empty: the function then returns an `Option`.
fn response_syntax(endpoint: &ResolvedEndpoint) -> String {
    let response = spec_syntax(&endpoint.response);
    match endpoint.response_may_be_empty {
        Some(_) => format!("{response} or {{}}"),
        None => response,
    }
}
