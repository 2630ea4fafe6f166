//! The spec exactly as written in YAML, before any validation.
//!
//! Every struct denies unknown keys so that a typo such as `requried:` is an
//! error instead of a silently ignored line. Kind-specific keys (`values` for
//! enums, `variants` for unions, ...) are all optional here; `resolve` checks
//! that each kind gets exactly the keys it needs.

use indexmap::IndexMap;
use serde::Deserialize;

/// One file of the spec.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSpecFile {
    #[serde(default)]
    pub schemas: IndexMap<String, RawSchema>,
    #[serde(default)]
    pub endpoints: IndexMap<String, RawEndpoint>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RawKind {
    Object,
    Enum,
    Union,
    Raw,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RawUnionStyle {
    Enum,
    Struct,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSchema {
    pub kind: RawKind,
    pub description: String,
    pub source: Option<String>,
    pub note: Option<String>,
    // object, and the common fields of a struct-style union
    pub fields: Option<IndexMap<String, RawField>>,
    pub keep_unknown_fields: Option<bool>,
    pub generic: Option<String>,
    // enum
    pub values: Option<Vec<RawEnumValue>>,
    // union
    pub tag: Option<String>,
    pub tag_type: Option<String>,
    pub style: Option<RawUnionStyle>,
    pub variants: Option<IndexMap<String, RawVariant>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawField {
    #[serde(rename = "type")]
    pub type_: String,
    pub description: String,
    #[serde(default)]
    pub required: bool,
    #[serde(default)]
    pub nullable: bool,
    #[serde(default)]
    pub secret: bool,
    pub fields: Option<IndexMap<String, RawField>>,
    pub name: Option<String>,
    pub source: Option<String>,
    pub note: Option<String>,
}

/// An enum value: either the bare wire value or a mapping with details.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum RawEnumValue {
    Short(String),
    Long(RawEnumValueLong),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEnumValueLong {
    pub value: String,
    pub description: Option<String>,
    pub source: Option<String>,
    pub note: Option<String>,
}

impl RawEnumValue {
    pub fn wire(&self) -> &str {
        match self {
            RawEnumValue::Short(value) => value,
            RawEnumValue::Long(long) => &long.value,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawVariant {
    pub description: String,
    #[serde(rename = "type")]
    pub type_: Option<String>,
    pub fields: Option<IndexMap<String, RawField>>,
    pub payload: Option<String>,
    pub keep_unknown_fields: Option<bool>,
    pub source: Option<String>,
    pub note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEndpoint {
    pub method: String,
    pub path: String,
    pub description: String,
    pub source: Option<String>,
    pub note: Option<String>,
    #[serde(default)]
    pub path_params: IndexMap<String, RawPathParam>,
    pub params: Option<String>,
    pub params_in: Option<String>,
    pub response: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPathParam {
    pub description: String,
    pub source: Option<String>,
    pub note: Option<String>,
}
