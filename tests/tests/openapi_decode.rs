//! Random responses that are valid per the project's own OpenAPI export
//! (`generated/openapi.json`) always decode with the generated types.
//!
//! For the 2xx response schema of every operation, a seeded generator built
//! on proptest's `TestRng` walks the export and writes random JSON: required
//! members always, optional ones sometimes (and sometimes `null`, as
//! WooshPay's examples do), documented enum values and unknown ones for open
//! enums, unknown tags for open unions, values JSON-encoded in a string where
//! the export allows it, unknown members on objects, and any JSON where the
//! export says `{}`. Each value must then:
//!
//! * decode into the Rust type of that schema (with `serde_path_to_error`,
//!   so a failure names the JSON path) and through `__decode_response`,
//!   which is what the client uses;
//! * serialize and decode again to an equal value;
//! * keep every value typed as any JSON (`{}`, raw objects, unknown union
//!   objects, the `extra` members of open objects) unchanged;
//! * with one optional member (at a random depth) replaced by a value of
//!   the wrong type: still decode, serialize that value back unchanged, and
//!   report it in `unfit_members()` at its path;
//! * with a documented integer sent as a string: reject it, naming its
//!   path, when every member from the root to it is always present (strict);
//!   otherwise decode, and report the nearest optional member around it.
//!
//! CI runs 64 cases per schema; `PROPTEST_CASES` sets another count and
//! `OPENAPI_DECODE_SEED` another seed, e.g.
//! `PROPTEST_CASES=5000 cargo test --release -p tests --test openapi_decode -- --nocapture`.

use std::collections::BTreeMap;
use std::fmt::Debug;
use std::path::Path;

use proptest::prelude::RngExt;
use proptest::test_runner::{RngAlgorithm, TestRng};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{Map, Value};
use wooshpay::List;

/// Cases per response schema when `PROPTEST_CASES` is not set: enough to
/// visit every optional member of every schema in a few seconds in debug.
const DEFAULT_CASES: u32 = 64;

/// Below this depth optional members, array items and nested any-JSON stop,
/// so values stay small; required members are always written.
const MAX_DEPTH: usize = 7;

/// The extension the export puts on a member WooshPay may send as its value
/// JSON-encoded in a string (`generator/src/openapi/schemas.rs`); the
/// `oneOf` there allows only blank text as a string.
const JSON_ENCODED: &str = "x-wooshpay-json-encoded";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap()
}

fn document() -> Value {
    let path = root().join("generated/openapi.json");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("{}: {error}; run `cargo xtask codegen`", path.display()));
    serde_json::from_str(&text).expect("generated/openapi.json is JSON")
}

/// The decoder of every component an operation answers with (its 2xx JSON
/// response schema), from the Rust type the client's function for that
/// operation returns (`wooshpay_test::with_response_type`, generated from
/// the spec like the client), so a new resource needs no edit here. Every
/// operation of the export must be an endpoint of the client.
fn response_decoders(document: &Value) -> BTreeMap<String, Decoder> {
    let mut operations = 0;
    let mut decoders = BTreeMap::new();
    for (module, name, method, path) in wooshpay_test::endpoints() {
        let method = method.to_ascii_lowercase();
        let operation = &document["paths"][path][&method];
        assert!(
            operation.is_object(),
            "{module}::{name} ({method} {path}) is not in the export"
        );
        operations += 1;
        let decoder = wooshpay_test::with_response_type(module, name, DecoderFor)
            .unwrap_or_else(|| panic!("no response type for {module}::{name}"));
        for component in response_components(&method, path, operation) {
            decoders.insert(component, decoder);
        }
    }
    let in_export: usize = document["paths"]
        .as_object()
        .expect("paths")
        .values()
        .map(|item| item.as_object().expect("path item").len())
        .sum();
    assert_eq!(
        operations, in_export,
        "the export has operations the client has no function for"
    );
    decoders
}

/// The component names of an operation's 2xx JSON response schemas.
fn response_components(method: &str, path: &str, operation: &Value) -> Vec<String> {
    let mut names = Vec::new();
    let Some(responses) = operation.get("responses").and_then(Value::as_object) else {
        return names;
    };
    for (status, response) in responses {
        if !status.starts_with('2') {
            continue;
        }
        let schema = &response["content"]["application/json"]["schema"];
        // An endpoint that may answer `{}` offers it as a second
        // choice, which the client returns as `None` (tested over a
        // loopback server in `endpoints_empty_response`).
        let schema = match schema["anyOf"].as_array() {
            Some(choices) => {
                assert!(
                    choices.len() == 2 && choices[1]["maxProperties"] == 0,
                    "{method} {path} {status}: an `anyOf` response is an object or `{{}}`: {schema}"
                );
                &choices[0]
            }
            None => schema,
        };
        let reference = schema["$ref"].as_str().unwrap_or_else(|| {
            panic!("{method} {path} {status}: response schema is not a $ref: {schema}")
        });
        names.push(component_name(reference).to_owned());
    }
    names
}

fn component_name(reference: &str) -> &str {
    reference
        .strip_prefix("#/components/schemas/")
        .unwrap_or_else(|| panic!("not a component reference: {reference}"))
}

// ------------------------------------------------------------ generation

/// A generated response plus where it holds values the SDK must keep as is
/// and where it holds documented integers.
#[derive(Default)]
struct Generated {
    /// JSON paths (as segments) of values typed as any JSON.
    kept_as_is: Vec<Vec<String>>,
    /// JSON paths of documented integers outside any-JSON and JSON strings,
    /// each with the path of the nearest optional member around it (itself
    /// included), which a string there makes unfit; `None` when every
    /// member on the way is strict, so a string there fails the response.
    integers: Vec<(Vec<String>, Option<Vec<String>>)>,
    /// Optional members, with a value of the wrong type for each.
    optional_members: Vec<(Vec<String>, Value)>,
}

struct Generator<'d> {
    schemas: &'d Map<String, Value>,
    rng: TestRng,
    path: Vec<String>,
    /// Inside a value that will be JSON-encoded into a string, or inside
    /// any-JSON: paths recorded there would not point into the response.
    opaque: usize,
    /// Path lengths of the optional members around the current value.
    optional_around: Vec<usize>,
    found: Generated,
}

impl<'d> Generator<'d> {
    fn new(schemas: &'d Map<String, Value>, seed: u64, schema: &str) -> Generator<'d> {
        let mut bytes = [0u8; 32];
        bytes[..8].copy_from_slice(&seed.to_le_bytes());
        for (index, byte) in schema.bytes().enumerate() {
            bytes[8 + index % 24] ^= byte.rotate_left(index as u32 % 8);
        }
        Generator {
            schemas,
            rng: TestRng::from_seed(RngAlgorithm::ChaCha, &bytes),
            path: Vec::new(),
            opaque: 0,
            optional_around: Vec::new(),
            found: Generated::default(),
        }
    }

    fn one_in(&mut self, n: u32) -> bool {
        self.rng.random_range(0..n) == 0
    }

    fn component(&self, reference: &str) -> &'d Value {
        let name = component_name(reference);
        self.schemas
            .get(name)
            .unwrap_or_else(|| panic!("dangling reference {reference}"))
    }

    fn record(&mut self, integer: bool) {
        if self.opaque == 0 {
            let path = self.path.clone();
            if integer {
                let around = self.optional_around.last().map(|&len| path[..len].to_vec());
                self.found.integers.push((path, around));
            } else {
                self.found.kept_as_is.push(path);
            }
        }
    }

    /// A random value valid for `schema`.
    fn value(&mut self, schema: &'d Value, depth: usize) -> Value {
        assert!(
            depth < 60,
            "schema recursion through required members at {:?}",
            self.path
        );
        if schema["nullable"] == Value::Bool(true) && self.one_in(6) {
            return Value::Null;
        }
        if let Some(reference) = schema["$ref"].as_str() {
            return self.value(self.component(reference), depth + 1);
        }
        if let Some(all_of) = schema["allOf"].as_array() {
            assert_eq!(all_of.len(), 1, "allOf with several schemas: {schema}");
            return self.value(&all_of[0], depth);
        }
        if let Some(one_of) = schema["oneOf"].as_array() {
            return self.one_of(schema, one_of, depth);
        }
        if let Some(values) = schema["enum"].as_array() {
            let open = schema["x-wooshpay-open-enum"] == Value::Bool(true);
            if open && self.one_in(5) {
                return Value::String(self.unknown_name(values));
            }
            let index = self.rng.random_range(0..values.len());
            return values[index].clone();
        }
        match schema["type"].as_str() {
            Some("string") => Value::String(self.string()),
            Some("boolean") => Value::Bool(self.rng.random()),
            Some("integer") => {
                self.record(true);
                let value = match schema["format"].as_str() {
                    Some("int32") => i64::from(self.int32()),
                    _ => self.int64(),
                };
                Value::from(value)
            }
            Some("number") => self.number(),
            Some("array") => {
                let count = if depth < MAX_DEPTH {
                    self.rng.random_range(0..4)
                } else {
                    0
                };
                let items = (0..count)
                    .map(|index| {
                        self.path.push(format!("[{index}]"));
                        let item = self.value(&schema["items"], depth + 1);
                        self.path.pop();
                        item
                    })
                    .collect();
                Value::Array(items)
            }
            Some("object") => self.object(schema, depth),
            None if is_any(schema) => self.any_recorded(depth),
            other => panic!("schema type {other:?} is not handled: {schema}"),
        }
    }

    fn one_of(&mut self, schema: &'d Value, one_of: &'d [Value], depth: usize) -> Value {
        let open_union = schema["x-wooshpay-open-union"] == Value::Bool(true);
        if open_union && self.one_in(6) {
            return self.unknown_union_object(schema, depth);
        }
        if schema["x-wooshpay-embedded-union"] == Value::Bool(true) {
            return self.embedded_union_object(schema, depth);
        }
        if schema[JSON_ENCODED] != Value::Bool(true) {
            let branch = &one_of[self.rng.random_range(0..one_of.len())];
            // An integer that may also come as a string (a number the docs
            // write as a string) is not strict about strings.
            let string_too = one_of.iter().any(|other| other["type"] == "string");
            if branch["type"] == "integer" && string_too {
                self.opaque += 1;
                let value = self.value(branch, depth);
                self.opaque -= 1;
                return value;
            }
            return self.value(branch, depth);
        }
        // Blank text, the value itself, or the value JSON-encoded.
        let typed = one_of
            .iter()
            .find(|branch| branch["pattern"].is_null())
            .expect("a JSON-encoded member has a typed branch");
        match self.rng.random_range(0..4) {
            0 => Value::String(if self.one_in(2) { "" } else { " " }.into()),
            1 => {
                self.opaque += 1;
                let inner = self.value(typed, depth);
                self.opaque -= 1;
                Value::String(inner.to_string())
            }
            // Not mutated: an integer sent as text is one of the JSON-encoded forms.
            _ if typed["type"] == "integer" => {
                self.opaque += 1;
                let value = self.value(typed, depth);
                self.opaque -= 1;
                value
            }
            _ => self.value(typed, depth),
        }
    }

    /// A variant of an embedded union (the tag is a member of the object):
    /// a random variant object with its tag set. Such a union decodes a
    /// variant that does not fit as `Unknown`, keeping it whole, so nothing
    /// inside it counts as strict (or as checked for exact keeping).
    fn embedded_union_object(&mut self, schema: &'d Value, depth: usize) -> Value {
        let tag = schema["discriminator"]["propertyName"]
            .as_str()
            .expect("embedded unions have a discriminator");
        let mapping: Vec<(&'d String, &'d Value)> = schema["discriminator"]["mapping"]
            .as_object()
            .expect("embedded unions map tags to schemas")
            .iter()
            .collect();
        let (tag_value, reference) = mapping[self.rng.random_range(0..mapping.len())];
        self.opaque += 1;
        let mut value = self.value(
            self.component(reference.as_str().expect("a $ref")),
            depth + 1,
        );
        self.opaque -= 1;
        if let Value::Object(object) = &mut value {
            object.insert(tag.to_owned(), Value::String(tag_value.clone()));
        }
        value
    }

    /// An object of a tag value the export does not list: kept whole.
    fn unknown_union_object(&mut self, schema: &'d Value, depth: usize) -> Value {
        let tag = schema["discriminator"]["propertyName"]
            .as_str()
            .expect("open unions have a discriminator");
        let known: Vec<Value> = schema["discriminator"]["mapping"]
            .as_object()
            .map(|mapping| mapping.keys().cloned().map(Value::String).collect())
            .unwrap_or_default();
        let mut object = Map::new();
        object.insert(tag.to_owned(), Value::String(self.unknown_name(&known)));
        self.opaque += 1;
        let payload = self.any(depth + 1);
        self.opaque -= 1;
        object.insert(self.string(), payload);
        self.record(false);
        Value::Object(object)
    }

    fn object(&mut self, schema: &'d Value, depth: usize) -> Value {
        let properties = schema["properties"].as_object().into_iter().flatten();
        let required: Vec<&str> = schema["required"]
            .as_array()
            .map(|names| names.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let mut object = Map::new();
        for (name, property) in properties {
            let is_required = required.contains(&name.as_str());
            if !is_required {
                if depth >= MAX_DEPTH || self.one_in(2) {
                    continue;
                }
                // WooshPay's examples send `null` for members that are unset.
                if self.one_in(8) {
                    object.insert(name.clone(), Value::Null);
                    continue;
                }
            }
            self.path.push(name.clone());
            if !is_required {
                self.optional_around.push(self.path.len());
                if self.opaque == 0 {
                    if let Some(wrong) = self.wrong_value(property) {
                        self.found.optional_members.push((self.path.clone(), wrong));
                    }
                }
            }
            let value = self.value(property, depth + 1);
            if !is_required {
                self.optional_around.pop();
            }
            self.path.pop();
            object.insert(name.clone(), value);
        }
        // Members the export does not list: kept where it says
        // `additionalProperties`, ignored elsewhere (OpenAPI 3.0 allows them
        // on every object).
        let additional = &schema["additionalProperties"];
        let extra_count = match additional {
            Value::Bool(false) => 0,
            _ if depth >= MAX_DEPTH => 0,
            Value::Null => usize::from(self.one_in(4)) * self.rng.random_range(1..3),
            _ => self.rng.random_range(0..4),
        };
        for _ in 0..extra_count {
            let key = self.string();
            if schema["properties"].get(&key).is_some() || object.contains_key(&key) {
                continue;
            }
            self.path.push(key.clone());
            let value = match additional {
                Value::Object(_) => self.value(additional, depth + 1),
                Value::Bool(true) => self.any_recorded(depth + 1),
                _ => {
                    self.opaque += 1;
                    let value = self.any(depth + 1);
                    self.opaque -= 1;
                    value
                }
            };
            self.path.pop();
            object.insert(key, value);
        }
        Value::Object(object)
    }

    /// A value of another JSON type than any `schema` allows, if there is one.
    fn wrong_value(&self, schema: &'d Value) -> Option<Value> {
        if let Some(reference) = schema["$ref"].as_str() {
            return self.wrong_value(self.component(reference));
        }
        if let Some(all_of) = schema["allOf"].as_array() {
            return self.wrong_value(&all_of[0]);
        }
        if let Some(branches) = schema["oneOf"].as_array() {
            // Unions, expandables, JSON-encoded strings and numbers written
            // as strings: a JSON type no branch takes (a string is never
            // wrong where one branch takes text, which may encode the rest).
            let kinds: Vec<&str> = branches
                .iter()
                .map(|branch| self.json_kind(branch))
                .collect();
            let candidates = [
                ("integer", Value::from(100)),
                ("string", Value::from("wrong")),
                ("boolean", Value::Bool(true)),
                ("array", Value::Array(Vec::new())),
            ];
            return candidates
                .into_iter()
                .find(|(kind, _)| {
                    let taken =
                        kinds.contains(kind) || (*kind == "integer" && kinds.contains(&"number"));
                    !taken
                })
                .map(|(_, value)| value);
        }
        if schema["enum"].is_array() {
            // Enums take strings.
            return Some(Value::from(100));
        }
        match schema["type"].as_str() {
            Some("string") => Some(Value::from(100)),
            Some("integer" | "number" | "boolean") => Some(Value::from("100")),
            Some("array") | Some("object") => Some(Value::from(100)),
            _ => None,
        }
    }

    /// The JSON type a schema's values have (`object` for references to
    /// objects and unions).
    fn json_kind(&self, schema: &'d Value) -> &'d str {
        if let Some(reference) = schema["$ref"].as_str() {
            return self.json_kind(self.component(reference));
        }
        if let Some(all_of) = schema["allOf"].as_array() {
            return self.json_kind(&all_of[0]);
        }
        schema["type"].as_str().unwrap_or("object")
    }

    /// Any JSON where the export says so: the SDK must keep it unchanged.
    fn any_recorded(&mut self, depth: usize) -> Value {
        let value = self.any(depth);
        if !value.is_null() {
            self.record(false);
        }
        value
    }

    /// Any JSON value, of any type.
    fn any(&mut self, depth: usize) -> Value {
        let kinds = if depth < MAX_DEPTH { 8 } else { 6 };
        match self.rng.random_range(0..kinds) {
            0 => Value::Null,
            1 => Value::Bool(self.rng.random()),
            2 => Value::from(self.int64()),
            3 => Value::from(self.rng.random::<u64>()),
            4 => self.number(),
            5 => Value::String(self.string()),
            6 => {
                let count = self.rng.random_range(0..4);
                Value::Array((0..count).map(|_| self.any(depth + 1)).collect())
            }
            _ => {
                let count = self.rng.random_range(0..4);
                let mut object = Map::new();
                for _ in 0..count {
                    let key = self.string();
                    let value = self.any(depth + 1);
                    object.insert(key, value);
                }
                Value::Object(object)
            }
        }
    }

    fn int32(&mut self) -> i32 {
        match self.rng.random_range(0..4) {
            0 => [0, 1, -1, i32::MIN, i32::MAX][self.rng.random_range(0..5)],
            1 => self.rng.random_range(0..10_000),
            _ => self.rng.random(),
        }
    }

    fn int64(&mut self) -> i64 {
        match self.rng.random_range(0..4) {
            0 => [0, 1, -1, i64::MIN, i64::MAX][self.rng.random_range(0..5)],
            1 => self.rng.random_range(0..2_000_000_000),
            _ => self.rng.random(),
        }
    }

    fn number(&mut self) -> Value {
        let value: f64 = match self.rng.random_range(0..4) {
            0 => f64::from(self.rng.random_range(-1000..1000)),
            1 => self.rng.random_range(-1.0e6..1.0e6),
            2 => [0.0, -0.0, 0.1, f64::MAX, f64::MIN_POSITIVE][self.rng.random_range(0..5)],
            _ => f64::from_bits(self.rng.random()),
        };
        if value.is_finite() {
            Value::from(value)
        } else {
            Value::from(0.5)
        }
    }

    /// A random string: ASCII, JSON-significant characters, accents, CJK,
    /// emoji, controls and arbitrary scalar values.
    fn string(&mut self) -> String {
        const PALETTE: &[&str] = &[
            "a", "Z", "0", "_", " ", "\"", "\\", "/", "{", "}", "[", "]", ":", ",", "é", "ß", "中",
            "文", "😀", "\u{0301}", "\u{200B}", "\u{202E}", "\n", "\t", "\u{0}", "\u{7F}",
        ];
        let length = self.rng.random_range(0..12);
        let mut text = String::new();
        for _ in 0..length {
            if self.one_in(4) {
                let scalar = self.rng.random_range(0..0x11_0000u32);
                text.push(char::from_u32(scalar).unwrap_or('\u{FFFD}'));
            } else if self.one_in(2) {
                text.push(self.rng.random_range('a'..='z'));
            } else {
                text.push_str(PALETTE[self.rng.random_range(0..PALETTE.len())]);
            }
        }
        text
    }

    /// A string that is none of `known`.
    fn unknown_name(&mut self, known: &[Value]) -> String {
        loop {
            let name = format!("unknown_{}", self.string());
            if !known.iter().any(|value| value == name.as_str()) {
                return name;
            }
        }
    }
}

/// `{}` (nothing but descriptive keys): any JSON value.
fn is_any(schema: &Value) -> bool {
    schema.as_object().is_some_and(|members| {
        members
            .keys()
            .all(|key| key == "description" || key.starts_with("x-wooshpay-"))
    })
}

// ------------------------------------------------------------ decoding

/// What went wrong with one generated response.
struct Failure {
    /// The JSON path serde_path_to_error reports, or the check that failed.
    path: String,
    message: String,
}

/// A response decoded, then serialized back.
#[derive(Debug)]
struct Decoded {
    back: Value,
    /// `unfit_members()`: path and JSON kind found.
    unfit: Vec<(String, &'static str)>,
}

/// Decodes `body` as `T` the way the client does and the way
/// `serde_json::from_slice` does, and returns `T` serialized back.
fn decode<T>(body: &[u8]) -> Result<Decoded, Failure>
where
    T: DeserializeOwned + Serialize + PartialEq + Debug + wooshpay::wire::Decode,
{
    let typed: T = wooshpay::__decode_response(200, body).map_err(|error| match error {
        wooshpay::Error::Decode { path, message, .. } => Failure { path, message },
        other => Failure {
            path: "(wooshpay::__decode_response)".into(),
            message: other.to_string(),
        },
    })?;
    let plain: T = serde_json::from_slice(body).map_err(|error| Failure {
        path: "(serde_json::from_slice)".into(),
        message: error.to_string(),
    })?;
    if plain != typed {
        return Err(Failure {
            path: "(serde_json::from_slice)".into(),
            message: "decoded differently from the client".into(),
        });
    }
    let back = serde_json::to_value(&typed).map_err(|error| Failure {
        path: "(serialize)".into(),
        message: error.to_string(),
    })?;
    let again: T = serde_json::from_value(back.clone()).map_err(|error| Failure {
        path: "(decode of the serialized value)".into(),
        message: error.to_string(),
    })?;
    if again != typed {
        return Err(Failure {
            path: "(round trip)".into(),
            message: format!("decoding the serialized value gave {again:?}, not {typed:?}"),
        });
    }
    let unfit = wooshpay::wire::unfit_members(&typed)
        .iter()
        .map(|member| (member.path().to_owned(), member.found()))
        .collect();
    Ok(Decoded { back, unfit })
}

type Decoder = fn(&[u8]) -> Result<Decoded, Failure>;

/// Picks [`decode`] for an endpoint's response type. An endpoint that may
/// answer `{}` is checked with its object here (the export's first choice).
struct DecoderFor;

impl wooshpay_test::ResponseTypeUse for DecoderFor {
    type Output = Decoder;

    fn with<T>(self, _may_be_empty: bool) -> Decoder
    where
        T: DeserializeOwned + Serialize + PartialEq + Debug + wooshpay::wire::Decode,
    {
        decode::<T>
    }
}

/// `segments` as serde_path_to_error prints a path: `data[0].amount`.
fn display_path(segments: &[String]) -> String {
    if segments.is_empty() {
        return ".".into();
    }
    let mut text = String::new();
    for segment in segments {
        if !segment.starts_with('[') && !text.is_empty() {
            text.push('.');
        }
        text.push_str(segment);
    }
    text
}

/// The value at `segments`, if the path exists.
fn at<'v>(value: &'v Value, segments: &[String]) -> Option<&'v Value> {
    segments.iter().try_fold(value, |node, segment| {
        match segment.strip_prefix('[').and_then(|s| s.strip_suffix(']')) {
            Some(index) if node.is_array() => node.get(index.parse::<usize>().ok()?),
            _ => node.get(segment),
        }
    })
}

fn at_mut<'v>(value: &'v mut Value, segments: &[String]) -> Option<&'v mut Value> {
    segments.iter().try_fold(value, |node, segment| {
        match segment.strip_prefix('[').and_then(|s| s.strip_suffix(']')) {
            Some(index) if node.is_array() => node.get_mut(index.parse::<usize>().ok()?),
            _ => node.get_mut(segment),
        }
    })
}

/// Runs every check on one generated response; the failures found.
/// `rng` picks the optional member replaced by a value of the wrong type.
fn check_case(
    decoder: Decoder,
    value: &Value,
    found: &Generated,
    rng: &mut TestRng,
) -> Vec<Failure> {
    let body = value.to_string();
    let decoded = match decoder(body.as_bytes()) {
        Ok(decoded) => decoded,
        Err(failure) => return vec![failure],
    };
    let mut failures = Vec::new();
    if !decoded.unfit.is_empty() {
        failures.push(Failure {
            path: decoded.unfit[0].0.clone(),
            message: format!(
                "a valid response reported unfit members: {:?}",
                decoded.unfit
            ),
        });
    }
    for path in &found.kept_as_is {
        let (sent, kept) = (at(value, path), at(&decoded.back, path));
        if sent != kept {
            failures.push(Failure {
                path: display_path(path),
                message: format!("any-JSON value not kept: sent {sent:?}, got back {kept:?}"),
            });
        }
    }
    // One optional member of the wrong type: kept, and reported at its path.
    if !found.optional_members.is_empty() {
        let (path, wrong) =
            &found.optional_members[rng.random_range(0..found.optional_members.len())];
        failures.extend(check_unfit(decoder, value, path, wrong.clone(), path));
    }
    // A documented integer sent as a string: an error at its path when it
    // is strict all the way up, else the nearest optional member is unfit.
    for (path, around) in &found.integers {
        let wrong = Value::String("100".into());
        match around {
            Some(around) => failures.extend(check_unfit(decoder, value, path, wrong, around)),
            None => failures.extend(check_rejected(decoder, value, path, wrong)),
        }
    }
    failures
}

/// `value` with `wrong` at `path` decodes, keeps the member that holds it
/// (at `reported`) as sent, and reports that member.
fn check_unfit(
    decoder: Decoder,
    value: &Value,
    path: &[String],
    wrong: Value,
    reported: &[String],
) -> Option<Failure> {
    let mut changed = value.clone();
    *at_mut(&mut changed, path)? = wrong;
    let failure = |message: String| {
        Some(Failure {
            path: display_path(path),
            message,
        })
    };
    match decoder(changed.to_string().as_bytes()) {
        Err(error) => failure(format!(
            "a wrong-typed optional member failed the response at `{}`: {}",
            error.path, error.message
        )),
        Ok(decoded) => {
            let (sent, kept) = (at(&changed, reported), at(&decoded.back, reported));
            let reported_path = display_path(reported);
            if sent != kept {
                failure(format!(
                    "the unfit member `{reported_path}` was not kept: sent {sent:?}, got back {kept:?}"
                ))
            } else if decoded
                .unfit
                .iter()
                .map(|(path, _)| path)
                .ne([&reported_path])
            {
                failure(format!(
                    "expected `{reported_path}` as the one unfit member, got {:?}",
                    decoded.unfit
                ))
            } else {
                None
            }
        }
    }
}

/// `value` with `wrong` at the strict member `path` fails, naming the path.
fn check_rejected(
    decoder: Decoder,
    value: &Value,
    path: &[String],
    wrong: Value,
) -> Option<Failure> {
    let mut changed = value.clone();
    *at_mut(&mut changed, path)? = wrong;
    match decoder(changed.to_string().as_bytes()) {
        Ok(_) => Some(Failure {
            path: display_path(path),
            message: "a string for an always-present integer was accepted".into(),
        }),
        Err(error) if error.path != display_path(path) => Some(Failure {
            path: display_path(path),
            message: format!(
                "a string for an always-present integer was rejected at `{}`: {}",
                error.path, error.message
            ),
        }),
        Err(_) => None,
    }
}

fn case_count() -> u32 {
    match std::env::var("PROPTEST_CASES") {
        Ok(text) => text
            .parse()
            .unwrap_or_else(|_| panic!("PROPTEST_CASES={text} is not a number")),
        Err(_) => DEFAULT_CASES,
    }
}

fn seed() -> u64 {
    match std::env::var("OPENAPI_DECODE_SEED") {
        Ok(text) => text
            .parse()
            .unwrap_or_else(|_| panic!("OPENAPI_DECODE_SEED={text} is not a number")),
        Err(_) => 0,
    }
}

#[test]
fn random_valid_responses_decode_for_every_response_schema() {
    let document = document();
    let schemas = document["components"]["schemas"]
        .as_object()
        .expect("components.schemas");
    let components = response_decoders(&document);
    assert!(
        components.len() >= 30,
        "too few response schemas: {:?}",
        components.keys()
    );
    let (cases, seed) = (case_count(), seed());

    let mut total = 0u64;
    let mut failing = Vec::new();
    let (mut integers_mutated, mut kept_checked, mut strict_mutated, mut replaced) =
        (0usize, 0usize, 0usize, 0usize);
    for (component, &decoder) in &components {
        let mut generator = Generator::new(schemas, seed, component);
        let schema = &schemas[component.as_str()];
        for case in 0..cases {
            generator.found = Generated::default();
            let value = generator.value(schema, 0);
            let found = std::mem::take(&mut generator.found);
            total += 1;
            integers_mutated += found.integers.len();
            strict_mutated += found
                .integers
                .iter()
                .filter(|(_, around)| around.is_none())
                .count();
            replaced += usize::from(!found.optional_members.is_empty());
            kept_checked += found.kept_as_is.len();
            for failure in check_case(decoder, &value, &found, &mut generator.rng) {
                failing.push(format!(
                    "{component} case {case} at `{}`: {}\n  {value}",
                    failure.path, failure.message
                ));
            }
        }
    }
    println!(
        "{total} responses over {} schemas (seed {seed}), {kept_checked} any-JSON values \
         checked, {replaced} with an optional member of the wrong type, {integers_mutated} \
         integers sent as strings ({strict_mutated} always present), {} failures",
        components.len(),
        failing.len()
    );
    // Both kinds of integers occur (`PaymentIntent.amount` is always
    // present; `amount_capturable` is not).
    assert!(strict_mutated > 0 && strict_mutated < integers_mutated);
    assert!(
        replaced as u64 * 2 > total,
        "too few members replaced: {replaced}"
    );
    assert!(
        failing.is_empty(),
        "{} of {total} generated responses failed; the first ones:\n{}",
        failing.len(),
        failing
            .iter()
            .take(8)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

/// The generator itself covers what the property claims: without these, a
/// bug that never produced JSON strings or unknown tags would pass.
#[test]
fn generator_produces_every_odd_shape() {
    let document = document();
    let schemas = document["components"]["schemas"].as_object().unwrap();
    let mut generator = Generator::new(schemas, 7, "PaymentIntent");
    let (mut encoded, mut empty, mut unknown_tag, mut null, mut unknown_status) = (0, 0, 0, 0, 0);
    for _ in 0..400 {
        let value = generator.value(&schemas["PaymentIntent"], 0);
        match &value["payment_method_types"] {
            Value::String(text) if text.trim().is_empty() => empty += 1,
            Value::String(text) if text.starts_with('[') => encoded += 1,
            _ => {}
        }
        if let Some(tag) = value["next_action"]["type"].as_str() {
            unknown_tag += usize::from(tag.starts_with("unknown_"));
        }
        if let Some(status) = value["status"].as_str() {
            unknown_status += usize::from(status.starts_with("unknown_"));
        }
        null += usize::from(value.as_object().unwrap().values().any(Value::is_null));
    }
    for (what, count) in [
        ("JSON-encoded payment_method_types", encoded),
        ("empty payment_method_types", empty),
        ("unknown next_action tags", unknown_tag),
        ("null members", null),
        ("unknown status values", unknown_status),
    ] {
        assert!(count > 0, "400 PaymentIntents had no {what}");
    }
}

/// The response types come from the spec's endpoints: an endpoint the spec
/// does not have has none, and the list and single-object answers of one
/// resource get different decoders.
#[test]
fn response_types_follow_the_endpoints() {
    assert!(wooshpay_test::with_response_type("webhooks", "nope", DecoderFor).is_none());
    let decoders = response_decoders(&document());
    let page = br#"{"object":"list","has_more":false,"data":[]}"#;
    assert!(decoders["PaymentIntentList"](page).is_ok());
    assert!(decoders["PaymentIntent"](page).is_err());
}

#[test]
fn a_string_for_an_integer_is_rejected_at_its_path() {
    let failure = decode::<List<wooshpay::PaymentIntent>>(
        br#"{"object":"list","has_more":false,"data":[{"id":"pi_1","object":"payment_intent",
            "created":1,"currency":"USD","amount":"100","status":"succeeded","livemode":false}]}"#,
    )
    .expect_err("a string amount is an error");
    assert_eq!(failure.path, "data[0].amount", "{}", failure.message);
}
