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
    Embedded,
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
    /// Objects: a member whose value does not fit its (guessed) type is kept
    /// in `extra` instead of failing the response.
    pub lenient: Option<bool>,
    pub generic: Option<String>,
    /// Objects: the prefix of their ids (`seti_`), which gives them a typed id.
    pub id_prefix: Option<String>,
    /// Objects: the value of their `object` member (`setup_intent`).
    pub object_name: Option<String>,
    // enum
    pub values: Option<Vec<RawEnumValue>>,
    // union
    pub tag: Option<String>,
    pub tag_type: Option<String>,
    pub style: Option<RawUnionStyle>,
    pub variants: Option<IndexMap<String, RawVariant>>,
    /// Unions: why each variant whose payload is another resource's type
    /// exists only when that resource's cargo feature is on (otherwise such
    /// an object decodes as `Unknown`), so the union does not pull every
    /// resource into the build.
    pub variants_follow_features: Option<String>,
}

impl RawSchema {
    /// Every key that only some kinds of schema take, with whether it is set;
    /// each kind names the ones it takes (`Context::reject_keys`).
    pub fn kind_keys(&self) -> [(&'static str, bool); 12] {
        [
            ("id_prefix", self.id_prefix.is_some()),
            ("object_name", self.object_name.is_some()),
            ("fields", self.fields.is_some()),
            ("values", self.values.is_some()),
            ("keep_unknown_fields", self.keep_unknown_fields.is_some()),
            ("lenient", self.lenient.is_some()),
            ("generic", self.generic.is_some()),
            ("tag", self.tag.is_some()),
            ("tag_type", self.tag_type.is_some()),
            ("style", self.style.is_some()),
            ("variants", self.variants.is_some()),
            (
                "variants_follow_features",
                self.variants_follow_features.is_some(),
            ),
        ]
    }
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
    #[serde(default)]
    pub always_present: bool,
    #[serde(default)]
    pub may_be_json_string: bool,
    /// Why a value that does not fit must fail the response.
    pub strict: Option<String>,
    pub fields: Option<IndexMap<String, RawField>>,
    pub name: Option<String>,
    pub rust_name: Option<String>,
    /// Why a string that names an object with a typed id stays a string.
    pub untyped_id: Option<String>,
    /// `string<int...>`: the fewest digits to send, zero-padded.
    pub digits: Option<u8>,
    pub source: Option<String>,
    pub note: Option<String>,
}

/// An enum value: either the bare wire value or a mapping with details.
#[derive(Debug)]
pub enum RawEnumValue {
    Short(String),
    Long(RawEnumValueLong),
}

// By hand rather than `#[serde(untagged)]`: untagged enums report only "did
// not match any variant", losing the position and the real cause (a typo in
// a key, an unquoted `true`).
impl<'de> Deserialize<'de> for RawEnumValue {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(EnumValueVisitor)
    }
}

struct EnumValueVisitor;

impl EnumValueVisitor {
    fn quote_it<E: serde::de::Error>(value: impl std::fmt::Display) -> E {
        E::custom(format_args!(
            "the enum value {value} is not a string; quote it (`\"{value}\"`) to use it as a wire value"
        ))
    }
}

impl<'de> serde::de::Visitor<'de> for EnumValueVisitor {
    type Value = RawEnumValue;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("an enum value: a string, or a mapping with `value:`")
    }

    fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<RawEnumValue, E> {
        Ok(RawEnumValue::Short(value.to_owned()))
    }

    fn visit_bool<E: serde::de::Error>(self, value: bool) -> Result<RawEnumValue, E> {
        Err(Self::quote_it(value))
    }

    fn visit_i64<E: serde::de::Error>(self, value: i64) -> Result<RawEnumValue, E> {
        Err(Self::quote_it(value))
    }

    fn visit_u64<E: serde::de::Error>(self, value: u64) -> Result<RawEnumValue, E> {
        Err(Self::quote_it(value))
    }

    fn visit_f64<E: serde::de::Error>(self, value: f64) -> Result<RawEnumValue, E> {
        Err(Self::quote_it(value))
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<RawEnumValue, E> {
        Err(Self::quote_it("null"))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<RawEnumValue, A::Error> {
        RawEnumValueLong::deserialize(serde::de::value::MapAccessDeserializer::new(map))
            .map(RawEnumValue::Long)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEnumValueLong {
    pub value: String,
    pub rust_name: Option<String>,
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
    /// Why the endpoint may answer `{}` instead of its response object; the
    /// function then returns `Option<Response>`.
    pub response_may_be_empty: Option<String>,
    /// JSON examples the page shows, as files in `spec/examples/<module>/`.
    pub examples: Option<RawExamples>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawExamples {
    /// Files with the parameters of a documented request.
    #[serde(default)]
    pub request: Vec<String>,
    /// Files with a documented response body.
    #[serde(default)]
    pub response: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPathParam {
    pub description: String,
    /// `string` (the default) or `id<Schema>`.
    #[serde(rename = "type")]
    pub type_: Option<String>,
    /// Why a path parameter that names an object with a typed id stays a string.
    pub untyped_id: Option<String>,
    pub source: Option<String>,
    pub note: Option<String>,
}
