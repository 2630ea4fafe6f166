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
//! * still reject a string where an integer is documented, naming the path.
//!
//! CI runs 64 cases per schema; `PROPTEST_CASES` sets another count and
//! `OPENAPI_DECODE_SEED` another seed, e.g.
//! `PROPTEST_CASES=5000 cargo test --release -p tests --test openapi_decode -- --nocapture`.

use std::collections::BTreeSet;
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

/// The description the export gives the string branch of a
/// `may_be_json_string` member (`generator/src/openapi/schemas.rs`): the
/// string holds the other branch's value JSON-encoded, or nothing.
const JSON_STRING_BRANCH: &str = "The value JSON-encoded, or empty.";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap()
}

fn document() -> Value {
    let path = root().join("generated/openapi.json");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("{}: {error}; run `cargo xtask codegen`", path.display()));
    serde_json::from_str(&text).expect("generated/openapi.json is JSON")
}

/// The component names of every operation's 2xx JSON response schema.
fn response_components(document: &Value) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let paths = document["paths"].as_object().expect("paths");
    for (path, item) in paths {
        for (method, operation) in item.as_object().expect("path item") {
            let Some(responses) = operation.get("responses").and_then(Value::as_object) else {
                continue;
            };
            for (status, response) in responses {
                if !status.starts_with('2') {
                    continue;
                }
                let schema = &response["content"]["application/json"]["schema"];
                let reference = schema["$ref"].as_str().unwrap_or_else(|| {
                    panic!("{method} {path} {status}: response schema is not a $ref: {schema}")
                });
                names.insert(component_name(reference).to_owned());
            }
        }
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
    /// JSON paths of documented integers outside any-JSON and JSON strings.
    integers: Vec<Vec<String>>,
    /// The same, inside an object marked `x-wooshpay-lenient`: a string
    /// there is kept as sent rather than rejected.
    lenient_integers: Vec<Vec<String>>,
}

struct Generator<'d> {
    schemas: &'d Map<String, Value>,
    rng: TestRng,
    path: Vec<String>,
    /// Inside a value that will be JSON-encoded into a string, or inside
    /// any-JSON: paths recorded there would not point into the response.
    opaque: usize,
    /// Inside a lenient object.
    lenient: usize,
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
            lenient: 0,
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
            if integer && self.lenient > 0 {
                self.found.lenient_integers.push(path);
            } else if integer {
                self.found.integers.push(path);
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
        let branch = &one_of[self.rng.random_range(0..one_of.len())];
        // An integer that may also come as a string (JSON-encoded, or a
        // number the docs write as a string) is not strict about strings.
        let string_too = one_of.iter().any(|other| other["type"] == "string");
        if branch["type"] == "integer" && string_too {
            self.opaque += 1;
            let value = self.value(branch, depth);
            self.opaque -= 1;
            return value;
        }
        if branch["description"] != JSON_STRING_BRANCH {
            return self.value(branch, depth);
        }
        // The other branch's value, JSON-encoded, or nothing at all.
        if self.one_in(4) {
            return Value::String(if self.one_in(2) { "" } else { " " }.into());
        }
        let encoded = one_of
            .iter()
            .find(|other| other["description"] != JSON_STRING_BRANCH)
            .expect("a JSON-string oneOf has a typed branch");
        self.opaque += 1;
        let inner = self.value(encoded, depth);
        self.opaque -= 1;
        Value::String(inner.to_string())
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
        let lenient = schema["x-wooshpay-lenient"] == Value::Bool(true);
        self.lenient += usize::from(lenient);
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
            let value = self.value(property, depth + 1);
            self.path.pop();
            object.insert(name.clone(), value);
        }
        self.lenient -= usize::from(lenient);
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

/// Decodes `body` as `T` three ways and returns `T` serialized back.
fn decode<T>(body: &[u8]) -> Result<Value, Failure>
where
    T: DeserializeOwned + Serialize + PartialEq + Debug,
{
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let typed: T =
        serde_path_to_error::deserialize(&mut deserializer).map_err(|error| Failure {
            path: error.path().to_string(),
            message: error.inner().to_string(),
        })?;
    wooshpay::__decode_response::<T>(200, body).map_err(|error| Failure {
        path: "(wooshpay::__decode_response)".into(),
        message: error.to_string(),
    })?;
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
    Ok(back)
}

type Decoder = fn(&[u8]) -> Result<Value, Failure>;

/// The Rust type of each response component. A component missing here
/// fails the test, so a new resource cannot go untested.
fn decoder(component: &str) -> Decoder {
    use wooshpay::*;
    match component {
        "Balance" => decode::<Balance>,
        "Charge" => decode::<Charge>,
        "ChargeList" => decode::<List<Charge>>,
        "CheckoutSession" => decode::<CheckoutSession>,
        "CheckoutSessionList" => decode::<List<CheckoutSession>>,
        "Coupon" => decode::<Coupon>,
        "CouponRaw" => decode::<CouponRaw>,
        "Customer" => decode::<Customer>,
        "Dispute" => decode::<Dispute>,
        "Event" => decode::<Event>,
        "DisputeList" => decode::<List<Dispute>>,
        "File" => decode::<File>,
        "IssuingCard" => decode::<IssuingCard>,
        "IssuingCardList" => decode::<List<IssuingCard>>,
        "PaymentIntent" => decode::<PaymentIntent>,
        "PaymentIntentList" => decode::<List<PaymentIntent>>,
        "PaymentLink" => decode::<PaymentLink>,
        "PaymentLinkRaw" => decode::<PaymentLinkRaw>,
        "PaymentMethod" => decode::<PaymentMethod>,
        "PaymentMethodList" => decode::<List<PaymentMethod>>,
        "Payout" => decode::<Payout>,
        "PayoutRaw" => decode::<PayoutRaw>,
        "Price" => decode::<Price>,
        "Product" => decode::<Product>,
        "ProductRaw" => decode::<ProductRaw>,
        "PromotionCode" => decode::<PromotionCode>,
        "RawDisputeResponse" => decode::<RawDisputeResponse>,
        "RawPaymentMethodResponse" => decode::<RawPaymentMethodResponse>,
        "Refund" => decode::<Refund>,
        "SetupAttemptList" => decode::<List<SetupAttempt>>,
        "SetupIntent" => decode::<SetupIntent>,
        "SetupIntentList" => decode::<List<SetupIntent>>,
        "Subscription" => decode::<Subscription>,
        "WebhookEndpoint" => decode::<WebhookEndpoint>,
        "WebhookEndpointList" => decode::<List<WebhookEndpoint>>,
        "SubscriptionRaw" => decode::<SubscriptionRaw>,
        other => panic!("no decode dispatch for {other}; add it"),
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
fn check_case(decoder: Decoder, value: &Value, found: &Generated) -> Vec<Failure> {
    let body = value.to_string();
    let back = match decoder(body.as_bytes()) {
        Ok(back) => back,
        Err(failure) => return vec![failure],
    };
    let mut failures = Vec::new();
    for path in &found.kept_as_is {
        let (sent, kept) = (at(value, path), at(&back, path));
        if sent != kept {
            failures.push(Failure {
                path: display_path(path),
                message: format!("any-JSON value not kept: sent {sent:?}, got back {kept:?}"),
            });
        }
    }
    // Inside a lenient object, a documented integer sent as a string is kept
    // as sent: the member that holds it goes to the object's `extra`.
    for path in &found.lenient_integers {
        let mut wrong = value.clone();
        let Some(slot) = at_mut(&mut wrong, path) else {
            continue;
        };
        *slot = Value::String("100".into());
        match decoder(wrong.to_string().as_bytes()) {
            Ok(back) if at(&back, path) == Some(&Value::String("100".into())) => {}
            Ok(back) => failures.push(Failure {
                path: display_path(path),
                message: format!(
                    "a string for an integer in a lenient object was not kept: got back {:?}",
                    at(&back, path)
                ),
            }),
            Err(error) => failures.push(Failure {
                path: display_path(path),
                message: format!(
                    "a string for an integer in a lenient object was rejected at `{}`: {}",
                    error.path, error.message
                ),
            }),
        }
    }
    // A documented integer sent as a string is an error at its path (or,
    // inside an untagged shape such as an expandable, at an enclosing one).
    for path in &found.integers {
        let mut wrong = value.clone();
        let Some(slot) = at_mut(&mut wrong, path) else {
            continue;
        };
        *slot = Value::String("100".into());
        match decoder(wrong.to_string().as_bytes()) {
            Ok(_) => failures.push(Failure {
                path: display_path(path),
                message: "a string where an integer is documented was accepted".into(),
            }),
            Err(error) => {
                let named = (0..=path.len()).any(|end| display_path(&path[..end]) == error.path);
                if !named || error.path == "." {
                    failures.push(Failure {
                        path: display_path(path),
                        message: format!(
                            "string for an integer rejected at `{}`, which is not on its path: {}",
                            error.path, error.message
                        ),
                    });
                }
            }
        }
    }
    failures
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
    let components = response_components(&document);
    assert!(
        components.len() >= 30,
        "too few response schemas: {components:?}"
    );
    let (cases, seed) = (case_count(), seed());

    let mut total = 0u64;
    let mut failing = Vec::new();
    let (mut integers_mutated, mut kept_checked, mut lenient_mutated) = (0usize, 0usize, 0usize);
    for component in &components {
        let decoder = decoder(component);
        let mut generator = Generator::new(schemas, seed, component);
        let schema = &schemas[component.as_str()];
        for case in 0..cases {
            generator.found = Generated::default();
            let value = generator.value(schema, 0);
            let found = std::mem::take(&mut generator.found);
            total += 1;
            integers_mutated += found.integers.len();
            lenient_mutated += found.lenient_integers.len();
            kept_checked += found.kept_as_is.len();
            for failure in check_case(decoder, &value, &found) {
                failing.push(format!(
                    "{component} case {case} at `{}`: {}\n  {value}",
                    failure.path, failure.message
                ));
            }
        }
    }
    println!(
        "{total} responses over {} schemas (seed {seed}), {kept_checked} any-JSON values \
         checked, {integers_mutated} integers sent as strings ({lenient_mutated} in lenient \
         objects), {} failures",
        components.len(),
        failing.len()
    );
    // `PaymentIntent.last_payment_error` is lenient and holds integers.
    assert!(
        lenient_mutated > 0,
        "no integer inside a lenient object was tried"
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

/// The dispatch panics for a component it does not know, so a resource
/// added to the spec cannot be skipped silently.
#[test]
#[should_panic(expected = "no decode dispatch for Webhook; add it")]
fn unknown_components_have_no_dispatch() {
    decoder("Webhook");
}

#[test]
fn a_string_for_an_integer_is_rejected_at_its_path() {
    let failure = decode::<List<wooshpay::PaymentIntent>>(
        br#"{"object":"list","has_more":false,"data":[{"id":"pi_1","amount":"100"}]}"#,
    )
    .expect_err("a string amount is an error");
    assert_eq!(failure.path, "data[0].amount", "{}", failure.message);
}
