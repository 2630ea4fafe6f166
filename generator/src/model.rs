//! The validated, resolved spec: what the emitters consume.
//!
//! Everything here is checked: names are valid Rust identifiers, every
//! reference points at a schema of the right kind, inline objects have been
//! hoisted into named schemas, and provenance is parsed.

use std::collections::HashMap;

/// The whole API, one module per spec file, in file-name order.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiModel {
    pub modules: Vec<ResolvedModule>,
}

impl ApiModel {
    /// Every schema of every module, by name (names are unique across files).
    pub fn schemas_by_name(&self) -> HashMap<&str, &ResolvedSchema> {
        self.modules
            .iter()
            .flat_map(|module| &module.schemas)
            .map(|schema| (schema.name(), schema))
            .collect()
    }
}

/// What one spec file produces.
#[derive(Debug, Clone, PartialEq)]
pub struct ResolvedModule {
    /// The file stem: names the generated files and the endpoint module.
    pub name: String,
    /// The spec file, for the `@generated` header.
    pub file: String,
    pub schemas: Vec<ResolvedSchema>,
    pub endpoints: Vec<ResolvedEndpoint>,
}

/// Where a fact came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Provenance {
    /// Stated on a reference page.
    Read(String),
    /// Only seen in a JSON example.
    Example(String),
    /// Deduced, not documented.
    Inferred(String),
}

/// Description plus provenance of one item, for doc comments.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Docs {
    pub description: String,
    pub source: Option<Provenance>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ResolvedSchema {
    Object(ResolvedObject),
    Enum(ResolvedEnum),
    Union(ResolvedUnion),
    /// Known to exist, not transcribed: a raw JSON object.
    Raw {
        name: String,
        docs: Docs,
    },
}

impl ResolvedSchema {
    pub fn name(&self) -> &str {
        match self {
            ResolvedSchema::Object(object) => &object.name,
            ResolvedSchema::Enum(enumeration) => &enumeration.name,
            ResolvedSchema::Union(union) => &union.name,
            ResolvedSchema::Raw { name, .. } => name,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ResolvedObject {
    pub name: String,
    pub docs: Docs,
    pub generic: Option<String>,
    pub fields: Vec<ResolvedField>,
    pub keep_unknown_fields: bool,
    /// The prefix of the object's ids; such an object gets an id newtype
    /// (`SetupIntentId`) and its `id` field is typed with it.
    pub id_prefix: Option<String>,
    /// The value of the object's `object` member, checked when decoding.
    pub object_name: Option<String>,
}

impl ResolvedObject {
    /// Objects with a string or typed `id` can be paged through by id.
    pub fn id_field(&self) -> Option<&ResolvedField> {
        self.fields.iter().find(|field| {
            field.wire_name == "id" && matches!(field.ty, TypeRef::String | TypeRef::Id(_))
        })
    }

    /// The name of the id newtype, for objects with `id_prefix`.
    pub fn id_type_name(&self) -> Option<String> {
        self.id_prefix.as_ref().map(|_| id_type_name(&self.name))
    }

    /// Whether every field may be left out, so `Default` is meaningful.
    pub fn all_optional(&self) -> bool {
        self.fields.iter().all(|field| field.optional)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ResolvedField {
    pub wire_name: String,
    pub rust_name: String,
    pub ty: TypeRef,
    /// `Option<T>` in Rust: absent or null is allowed.
    pub optional: bool,
    pub required: bool,
    pub secret: bool,
    /// Always present in responses although the docs flag it optional.
    pub always_present: bool,
    /// WooshPay sometimes sends the value JSON-encoded in a string (or `""`).
    pub may_be_json_string: bool,
    /// Held in a `Box` because it closes a cycle of by-value containment.
    pub boxed: bool,
    /// A value that does not fit fails the object even though the field is
    /// optional (the spec gives the reason); other optional members that do
    /// not fit are kept raw in `extra`.
    pub strict: bool,
    /// `string<int...>` only: the fewest digits sent, zero-padded (`"04"`).
    pub digits: Option<u8>,
    pub docs: Docs,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypeRef {
    String,
    Boolean,
    Int32,
    Int64,
    Timestamp,
    Float64,
    Json,
    Array(Box<TypeRef>),
    Map(Box<TypeRef>),
    Expandable(Box<TypeRef>),
    /// A number or flag that the docs write as a JSON string
    /// (`string<int64>`): the Rust value is the inner type, the wire form a
    /// string. Only ever a field's whole type.
    StringEncoded(Box<TypeRef>),
    /// The typed id of the named object schema (`id<SetupIntent>`).
    Id(String),
    /// A named schema, with its type argument when it is generic.
    Named(String, Option<Box<TypeRef>>),
    /// The type parameter of the enclosing generic object.
    Param(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct ResolvedEnum {
    pub name: String,
    pub docs: Docs,
    pub values: Vec<ResolvedEnumValue>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ResolvedEnumValue {
    pub wire: String,
    pub variant: String,
    pub docs: Option<Docs>,
}

#[derive(Debug, Clone, PartialEq, Eq, Copy)]
pub enum UnionStyle {
    Enum,
    Struct,
    /// The tag is a member of the payload itself (`{"object": "refund", ...}`):
    /// each variant is a whole object schema.
    Embedded,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ResolvedUnion {
    pub name: String,
    pub docs: Docs,
    /// Wire name of the tag member.
    pub tag: String,
    pub style: UnionStyle,
    /// Struct style only: the enum schema typing the tag.
    pub tag_type: Option<String>,
    /// Struct style only: members shared by every variant.
    pub common_fields: Vec<ResolvedField>,
    pub variants: Vec<ResolvedVariant>,
}

impl ResolvedUnion {
    /// Whether some variants exist only under a cargo feature.
    pub fn has_gated_variants(&self) -> bool {
        self.variants
            .iter()
            .any(|variant| variant.feature.is_some())
    }

    /// The Rust field name of the tag member (struct style).
    pub fn tag_field_name(&self) -> String {
        crate::names::field_name(&self.tag).unwrap_or_else(|| "tag".to_owned())
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ResolvedVariant {
    /// The tag value.
    pub tag_value: String,
    /// The member holding the payload.
    pub payload_key: String,
    /// Rust variant name (enum style) / constructor name (struct style).
    pub rust_name: String,
    pub payload_field: String,
    /// The payload's object schema.
    pub payload: String,
    /// Struct style: the tag enum's variant for this tag value.
    pub tag_variant: Option<String>,
    /// The cargo feature the variant exists under, for a union with
    /// `variants_follow_features` whose payload is another resource's type:
    /// with the feature off, such an object decodes as `Unknown`.
    pub feature: Option<String>,
    pub docs: Docs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HttpMethod {
    Get,
    Post,
    Delete,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamsLocation {
    Body,
    Query,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ResolvedEndpoint {
    pub name: String,
    pub method: HttpMethod,
    pub path: String,
    pub docs: Docs,
    pub path_params: Vec<PathParam>,
    pub params: Option<(String, ParamsLocation)>,
    pub response: TypeRef,
    /// Why the endpoint may answer an empty object `{}` instead of its
    /// response, which then decodes as `None`.
    pub response_may_be_empty: Option<String>,
    /// The documented JSON examples of the request and the response.
    pub examples: Vec<Example>,
}

/// A JSON example from the docs (`spec/examples/<module>/<name>.json`).
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    /// The file name without `.json`, e.g. `retrieve_response`.
    pub name: String,
    pub role: ExampleRole,
    pub value: serde_json::Value,
}

/// Whether an example shows the parameters sent or the object answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExampleRole {
    Request,
    Response,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PathParam {
    pub wire_name: String,
    pub rust_name: String,
    /// `TypeRef::String` or `TypeRef::Id`.
    pub ty: TypeRef,
    /// A plausible value, for examples in the docs (`seti_123`).
    pub example: String,
    pub docs: Docs,
}

/// `SetupIntent` → `SetupIntentId`.
pub fn id_type_name(object: &str) -> String {
    format!("{object}Id")
}
