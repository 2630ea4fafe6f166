//! The shapes of the generated tables (`tables.rs`) and lookups over them.

use crate::tables::{ENDPOINTS, SCHEMAS};

/// A type of the spec, as the tables write it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ty {
    String,
    Boolean,
    Integer,
    /// Integer seconds (or milliseconds) since the epoch.
    Timestamp,
    Number,
    /// Any JSON value.
    Json,
    Array(&'static Ty),
    Map(&'static Ty),
    /// An id, or the object itself.
    Expandable(&'static Ty),
    /// The typed id of the named object.
    Id(&'static str),
    /// A schema by name.
    Named(&'static str),
    /// A generic schema applied to an argument (`List<T>`).
    Generic(&'static str, &'static Ty),
    /// The type parameter of the enclosing generic schema.
    Param,
    /// A number or flag written as a string on the wire (`"500"`); the bare
    /// value is accepted too.
    StringEncoded(&'static Ty),
}

/// One member of an object.
#[derive(Debug)]
pub(crate) struct Field {
    pub wire: &'static str,
    pub ty: Ty,
    /// A request must carry it.
    pub required: bool,
    /// Always present (and not null) in a response.
    pub present: bool,
    /// Never stored or echoed back (card number, CVC, client secret).
    pub secret: bool,
}

impl Field {
    /// A row of the tables; positional, so each field takes one line there.
    pub(crate) const fn new(
        wire: &'static str,
        ty: Ty,
        required: bool,
        present: bool,
        secret: bool,
    ) -> Field {
        Field {
            wire,
            ty,
            required,
            present,
            secret,
        }
    }
}

#[derive(Debug)]
pub(crate) struct ObjectSchema {
    pub name: &'static str,
    pub fields: &'static [Field],
    pub id_prefix: Option<&'static str>,
    pub object_name: Option<&'static str>,
    pub keeps_unknown: bool,
}

impl ObjectSchema {
    pub fn field(&self, wire: &str) -> Option<&'static Field> {
        self.fields.iter().find(|field| field.wire == wire)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum UnionStyle {
    /// `{"type": "card", "card": {...}}`.
    Enum,
    /// Like `Enum`, with members shared by every variant beside the tag.
    Struct,
    /// The tag is a member of the payload object itself.
    Embedded,
}

#[derive(Debug)]
pub(crate) struct Variant {
    pub tag_value: &'static str,
    pub payload_key: &'static str,
    pub payload: &'static str,
}

#[derive(Debug)]
pub(crate) struct UnionSchema {
    pub name: &'static str,
    pub tag: &'static str,
    pub style: UnionStyle,
    pub common: &'static [Field],
    pub variants: &'static [Variant],
}

#[derive(Debug)]
pub(crate) enum Schema {
    Object(ObjectSchema),
    Enum {
        name: &'static str,
        values: &'static [&'static str],
    },
    Union(UnionSchema),
    /// Not transcribed: any JSON object.
    Raw {
        name: &'static str,
    },
}

impl Schema {
    pub fn name(&self) -> &'static str {
        match self {
            Schema::Object(object) => object.name,
            Schema::Enum { name, .. } | Schema::Raw { name } => name,
            Schema::Union(union) => union.name,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Method {
    Get,
    Post,
    Delete,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Delete => "DELETE",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ParamsIn {
    Body,
    Query,
}

/// What an endpoint does to its resource (see the generator's
/// `fake_tables::classify`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Operation {
    Create,
    Retrieve,
    Update,
    // No endpoint of today's spec deletes; the tables may name one tomorrow.
    #[allow(dead_code)]
    Delete,
    List,
    Search,
    Action(&'static str),
    Read,
}

#[derive(Debug)]
pub(crate) struct PathParam {
    pub name: &'static str,
    /// The object whose typed id this parameter is.
    pub id_of: Option<&'static str>,
}

#[derive(Debug)]
pub(crate) struct Endpoint {
    pub module: &'static str,
    pub name: &'static str,
    pub method: Method,
    pub path: &'static str,
    pub path_params: &'static [PathParam],
    pub params: Option<(&'static str, ParamsIn)>,
    pub response: Ty,
    pub operation: Operation,
    /// The object schema this endpoint stores or reads.
    pub resource: Option<&'static str>,
}

/// The schema named `name`.
pub(crate) fn schema(name: &str) -> Option<&'static Schema> {
    SCHEMAS
        .binary_search_by(|schema| schema.name().cmp(name))
        .ok()
        .map(|index| &SCHEMAS[index])
}

/// The object schema named `name`.
pub(crate) fn object(name: &str) -> Option<&'static ObjectSchema> {
    match schema(name)? {
        Schema::Object(object) => Some(object),
        _ => None,
    }
}

/// The values of the enum named `name`.
pub(crate) fn enum_values(name: &str) -> Option<&'static [&'static str]> {
    match schema(name)? {
        Schema::Enum { values, .. } => Some(values),
        _ => None,
    }
}

/// Every endpoint, in spec order.
pub(crate) fn endpoints() -> &'static [Endpoint] {
    ENDPOINTS
}

/// The endpoint answering `method` on `path`, with its path parameters'
/// values. A literal segment wins over a parameter (`/v1/charges/list`
/// before `/v1/charges/{id}`).
pub(crate) fn route(method: Method, path: &str) -> Option<(&'static Endpoint, Vec<String>)> {
    let segments: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    let mut best: Option<(&'static Endpoint, Vec<String>, usize)> = None;
    for endpoint in ENDPOINTS
        .iter()
        .filter(|endpoint| endpoint.method == method)
    {
        let template: Vec<&str> = endpoint.path.split('/').collect();
        if template.len() != segments.len() {
            continue;
        }
        let mut values = Vec::new();
        let mut literals = 0;
        let matched = template.iter().zip(&segments).all(|(part, segment)| {
            if part.starts_with('{') {
                values.push(crate::query::percent_decode(segment));
                !segment.is_empty()
            } else {
                literals += 1;
                part == segment
            }
        });
        if matched && best.as_ref().is_none_or(|(_, _, most)| literals > *most) {
            best = Some((endpoint, values, literals));
        }
    }
    best.map(|(endpoint, values, _)| (endpoint, values))
}
