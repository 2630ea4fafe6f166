//! Every answer of the fake decodes with the client, so the two cannot
//! drift apart.
//!
//! Each case starts a fake server and, for a few rounds, sends a random
//! valid request to every endpoint of the tables (creates first, the rest
//! in random order), through a `wooshpay::Client`. The requests are built
//! from the tables alone: required parameters always, optional ones
//! sometimes, enum values and union variants among the documented ones,
//! typed ids of objects earlier answers of the same case returned (so
//! retrieve, update, confirm and capture find stored objects), list
//! filters, `limit` and cursors, search clauses. Before it is sent, each
//! request is checked with the fake's own validator, which keeps this
//! generator honest.
//!
//! Each 2xx answer must decode as the client's Rust type for the endpoint
//! (`tables::response_decoder`, emitted from the same model as the
//! client's endpoint functions), report no unfit members, and serialize
//! back to the same JSON (members that are `null` count as absent). Each
//! error answer must be a 4xx the client reads as an [`wooshpay::ApiError`]
//! with a documented type and a message: a valid request is refused only by
//! a state rule (nothing to capture, an id that names no object). A failure
//! names the case, the endpoint, the request and the JSON path.
//!
//! CI runs [`DEFAULT_CASES`] cases; `PROPTEST_CASES` sets another count and
//! `FAKE_DECODE_SEED` another seed, e.g.
//! `PROPTEST_CASES=200 FAKE_DECODE_SEED=7 cargo test -p wooshpay-test client_decodes`.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

use proptest::prelude::RngExt;
use proptest::test_runner::{RngAlgorithm, TestRng};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Map, Value};

use crate::spec::{self, Endpoint, Field, Method, Operation, ParamsIn, Schema, Ty, UnionStyle};
use crate::Server;

/// Cases (fake servers) when `PROPTEST_CASES` is not set: each sends every
/// endpoint [`ROUNDS`] requests, enough for every endpoint to answer
/// successfully at least once, in a few seconds of a debug build.
const DEFAULT_CASES: u32 = 4;

/// Requests to every endpoint per case: the later rounds find the objects
/// (and their states) the earlier ones made.
const ROUNDS: usize = 4;

/// Below this depth optional members are left out, so requests stay small.
const MAX_DEPTH: usize = 4;

/// The states the fake's money flows (`money.rs`) need for a request to
/// succeed, as `(module, endpoint, object, statuses)`: the id of an object
/// of that schema is picked among objects in one of those statuses most of
/// the time, so that capture, confirm and refunds are reached, not only
/// refused.
const WANTED_STATUS: &[(&str, &str, &str, &[&str])] = &[
    (
        "payment_intents",
        "capture",
        "PaymentIntent",
        &["requires_capture"],
    ),
    ("payment_intents", "confirm", "PaymentIntent", UNCONFIRMED),
    ("payment_intents", "cancel", "PaymentIntent", CANCELABLE),
    ("setup_intents", "confirm", "SetupIntent", UNCONFIRMED),
    ("setup_intents", "cancel", "SetupIntent", CANCELABLE),
    ("refunds", "create", "PaymentIntent", &["succeeded"]),
];
/// Request members set half the time to the value that leads into a money
/// flow of the fake, as `(parameter schema, member, JSON value)`: a held
/// payment to capture, a confirmed one to refund.
const STEERED: &[(&str, &str, &str)] = &[
    ("CreatePaymentIntentParams", "capture_method", r#""manual""#),
    ("CreatePaymentIntentParams", "confirm", "true"),
];

const UNCONFIRMED: &[&str] = &["requires_payment_method", "requires_confirmation"];
const CANCELABLE: &[&str] = &[
    "requires_payment_method",
    "requires_confirmation",
    "requires_action",
    "requires_capture",
];

// ------------------------------------------------------------ decoding

/// An answer decoded as the client's type, then serialized back.
pub(crate) struct Decoded {
    back: Value,
    /// `unfit_members()`: each member's path and the JSON kind found.
    unfit: Vec<(String, &'static str)>,
}

/// Why an answer did not decode.
pub(crate) struct Undecodable {
    path: String,
    message: String,
}

/// Decodes an answer as the client's type for one endpoint (see
/// `tables::response_decoder`).
pub(crate) type Decoder = fn(&[u8]) -> Result<Decoded, Undecodable>;

/// Decodes `body` as `T` exactly as the client decodes a 2xx body, and
/// serializes it back.
pub(crate) fn decode<T>(body: &[u8]) -> Result<Decoded, Undecodable>
where
    T: DeserializeOwned + Serialize + wooshpay::wire::Decode,
{
    let typed: T = wooshpay::__decode_response(200, body).map_err(|error| match error {
        wooshpay::Error::Decode { path, message, .. } => Undecodable { path, message },
        other => Undecodable {
            path: ".".into(),
            message: other.to_string(),
        },
    })?;
    let back = serde_json::to_value(&typed).map_err(|error| Undecodable {
        path: "(serialize)".into(),
        message: error.to_string(),
    })?;
    let unfit = wooshpay::wire::unfit_members(&typed)
        .iter()
        .map(|member| (member.path().to_owned(), member.found()))
        .collect();
    Ok(Decoded { back, unfit })
}

/// [`decode`] for an endpoint returning `Option<T>`: `{}` is `None`.
pub(crate) fn decode_or_empty<T>(body: &[u8]) -> Result<Decoded, Undecodable>
where
    T: DeserializeOwned + Serialize + wooshpay::wire::Decode,
{
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(members)) if members.is_empty() => Ok(Decoded {
            back: json!({}),
            unfit: Vec::new(),
        }),
        _ => decode::<T>(body),
    }
}

/// `value` without `null` members at any depth: the client leaves out an
/// absent optional member that the fake wrote as `null`.
fn without_nulls(value: &Value) -> Value {
    match value {
        Value::Object(members) => Value::Object(
            members
                .iter()
                .filter(|(_, member)| !member.is_null())
                .map(|(key, member)| (key.clone(), without_nulls(member)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(without_nulls).collect()),
        other => other.clone(),
    }
}

/// The path of the first place where `sent` and `back` differ.
fn first_difference(sent: &Value, back: &Value, path: &str) -> Option<String> {
    match (sent, back) {
        (Value::Object(a), Value::Object(b)) => {
            for key in a.keys().chain(b.keys()) {
                let (x, y) = (a.get(key), b.get(key));
                let at = format!("{path}.{key}");
                match (x, y) {
                    (Some(x), Some(y)) => {
                        if let Some(found) = first_difference(x, y, &at) {
                            return Some(found);
                        }
                    }
                    _ => return Some(at),
                }
            }
            None
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => a
            .iter()
            .zip(b)
            .enumerate()
            .find_map(|(index, (x, y))| first_difference(x, y, &format!("{path}[{index}]"))),
        (a, b) if a == b => None,
        _ => Some(if path.is_empty() {
            ".".into()
        } else {
            path.into()
        }),
    }
}

// ------------------------------------------------------------ requests

/// One request of a case.
struct Request {
    endpoint: &'static Endpoint,
    path: String,
    params: Option<Map<String, Value>>,
}

impl std::fmt::Display for Request {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.endpoint.method.as_str(), self.path)?;
        if let Some(params) = &self.params {
            write!(f, " {}", Value::Object(params.clone()))?;
        }
        Ok(())
    }
}

/// Random valid requests, with the ids the case's answers returned.
struct Requests {
    rng: TestRng,
    /// Ids of the objects answers returned, by object schema.
    known: HashMap<&'static str, Vec<String>>,
    /// The `status` each object had in the latest answer showing it.
    statuses: HashMap<String, String>,
    /// The statuses wanted of an object of a schema, for the request
    /// being built (see [`WANTED_STATUS`]).
    wanted: Option<(&'static str, &'static [&'static str])>,
    /// Where the parameters being built go: a query string has no `null`,
    /// empty string or empty array (they would read back as absent).
    in_query: bool,
}

impl Requests {
    fn one_in(&mut self, n: u32) -> bool {
        self.rng.random_range(0..n) == 0
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.rng.random_range(0..items.len())]
    }

    fn text(&mut self, min: usize) -> String {
        let len = self.rng.random_range(min..12);
        (0..len)
            .map(|_| self.pick(&['a', 'b', 'x', 'Z', '0', '7', ' ', '-', '_', 'é']))
            .collect()
    }

    /// An id of a stored `object` most of the time, else one that names
    /// nothing.
    fn id_of(&mut self, object: &str) -> String {
        if let Some((wanted, statuses)) = self.wanted.filter(|(wanted, _)| *wanted == object) {
            let fitting: Vec<String> = self.known[wanted]
                .iter()
                .filter(|id| {
                    self.statuses
                        .get(*id)
                        .is_some_and(|status| statuses.contains(&status.as_str()))
                })
                .cloned()
                .collect();
            if !fitting.is_empty() && !self.one_in(4) {
                let index = self.rng.random_range(0..fitting.len());
                return fitting[index].clone();
            }
        }
        let count = self.known.get(object).map_or(0, Vec::len);
        match count {
            1.. if !self.one_in(10) => {
                let index = self.rng.random_range(0..count);
                self.known[object][index].clone()
            }
            _ => {
                let prefix = spec::object(object)
                    .map_or_else(|| "obj_".to_owned(), crate::objects::id_prefix);
                format!("{prefix}missing{}", self.rng.random_range(0..1000))
            }
        }
    }

    fn request(&mut self, endpoint: &'static Endpoint) -> Request {
        self.wanted = WANTED_STATUS
            .iter()
            .find(|(module, name, object, _)| {
                (*module, *name) == (endpoint.module, endpoint.name)
                    && self.known.contains_key(object)
            })
            .map(|(_, _, object, statuses)| (*object, *statuses));
        let mut path = endpoint.path.to_owned();
        for param in endpoint.path_params {
            let value = match param.id_of.or(endpoint.resource) {
                Some(object) => self.id_of(object),
                None => self.text(1),
            };
            path = path.replace(
                &format!("{{{}}}", param.name),
                &wooshpay::encode_path_segment(&value),
            );
        }
        let params = endpoint.params.map(|(schema, location)| {
            self.in_query = location == ParamsIn::Query || endpoint.method == Method::Get;
            let mut params = match spec::schema(schema) {
                Some(Schema::Object(object)) => self.members(object.fields, false, 0),
                _ => Map::new(),
            };
            for (steered, member, value) in STEERED {
                if *steered == schema && self.one_in(2) {
                    let value = serde_json::from_str(value).expect("a JSON value");
                    params.insert((*member).to_owned(), value);
                }
            }
            self.paging(endpoint, &mut params);
            params
        });
        Request {
            endpoint,
            path,
            params,
        }
    }

    /// Required members always, optional ones sometimes.
    fn members(
        &mut self,
        fields: &[Field],
        keeps_unknown: bool,
        depth: usize,
    ) -> Map<String, Value> {
        let mut members = Map::new();
        for field in fields {
            // The id of the object a money flow wants is always sent.
            let wanted = depth == 0
                && matches!((field.ty, self.wanted), (Ty::Id(of), Some((wanted, _))) if of == wanted);
            if !field.required && !wanted && (depth >= MAX_DEPTH || self.one_in(2)) {
                continue;
            }
            let value = if !field.required && !self.in_query && self.one_in(12) {
                Value::Null
            } else {
                self.value(&field.ty, field.wire, field.required, depth)
            };
            members.insert(field.wire.to_owned(), value);
        }
        if keeps_unknown && self.one_in(4) {
            members.insert("unlisted_member".to_owned(), json!("kept"));
        }
        members
    }

    /// A valid value of `ty` for the member `wire`; `required`: an empty
    /// array or string there would read back as absent from a query.
    fn value(&mut self, ty: &Ty, wire: &str, required: bool, depth: usize) -> Value {
        match ty {
            Ty::String => Value::String(self.string(wire, required)),
            Ty::Boolean => Value::Bool(self.rng.random()),
            Ty::Integer => json!(self.integer(wire)),
            Ty::Timestamp => json!(crate::objects::now() + self.rng.random_range(-86_400..86_400)),
            Ty::Number => json!(f64::from(self.rng.random_range(0..100_000)) / 100.0),
            Ty::Json => self.any_json(),
            Ty::Array(item) => {
                let min = usize::from(self.in_query || required);
                let len = self.rng.random_range(min..3);
                Value::Array(
                    (0..len)
                        .map(|_| self.value(item, wire, true, depth + 1))
                        .collect(),
                )
            }
            Ty::Map(item) => {
                let len = self.rng.random_range(usize::from(self.in_query)..3);
                Value::Object(
                    (0..len)
                        .map(|index| {
                            (
                                format!("key{index}"),
                                self.value(item, wire, true, depth + 1),
                            )
                        })
                        .collect(),
                )
            }
            Ty::Expandable(target) => match target {
                Ty::Named(object) if spec::object(object).is_some() => {
                    Value::String(self.id_of(object))
                }
                other => self.value(other, wire, required, depth),
            },
            Ty::Id(object) => Value::String(self.id_of(object)),
            Ty::Named(name) | Ty::Generic(name, _) => self.named(name, wire, depth),
            Ty::Param => json!("param"),
            Ty::StringEncoded(inner) => match self.value(inner, wire, required, depth) {
                Value::Number(number) if self.one_in(2) => json!(number.to_string()),
                Value::Bool(flag) if self.one_in(2) => json!(flag.to_string()),
                value => value,
            },
        }
    }

    fn named(&mut self, name: &str, wire: &str, depth: usize) -> Value {
        match spec::schema(name) {
            Some(Schema::Enum { values, .. }) => json!(self.pick(values)),
            Some(Schema::Object(object)) => {
                Value::Object(self.members(object.fields, object.keeps_unknown, depth + 1))
            }
            Some(Schema::Union(union)) => {
                // Half the time a card, whose test numbers drive the money
                // flows; otherwise any documented variant.
                let card = union.variants.iter().find(|v| v.tag_value == "card");
                let variant = match card {
                    Some(card) if self.one_in(2) => card,
                    _ => self.pick(&union.variants.iter().collect::<Vec<_>>()),
                };
                let payload = spec::object(variant.payload)
                    .map(|object| self.members(object.fields, object.keeps_unknown, depth + 1))
                    .unwrap_or_default();
                let mut value = match union.style {
                    UnionStyle::Embedded => payload,
                    UnionStyle::Enum | UnionStyle::Struct => {
                        let mut value = self.members(union.common, false, depth + 1);
                        value.insert(variant.payload_key.to_owned(), Value::Object(payload));
                        value
                    }
                };
                value.insert(union.tag.to_owned(), json!(variant.tag_value));
                Value::Object(value)
            }
            Some(Schema::Raw { .. }) | None => json!({ wire: self.text(1) }),
        }
    }

    /// A string for the member `wire`: one of the kind its name asks for
    /// where the fake reads it (a card number, a URL), else any text.
    fn string(&mut self, wire: &str, required: bool) -> String {
        match wire {
            // Mostly a card that succeeds, so that money flows go on.
            "number" => self
                .pick(&[
                    crate::test_cards::SUCCEEDS,
                    crate::test_cards::SUCCEEDS,
                    crate::test_cards::SUCCEEDS,
                    crate::test_cards::SUCCEEDS,
                    "5555555555554444",
                    crate::test_cards::DECLINED,
                    crate::test_cards::INSUFFICIENT_FUNDS,
                    crate::test_cards::REQUIRES_AUTHENTICATION,
                    "4242 4242 4242 4241",
                ])
                .to_owned(),
            "currency" => self.pick(&["usd", "USD", "eur", "hkd", "cny"]).to_owned(),
            "country" => self.pick(&["US", "HK", "CN", "SG"]).to_owned(),
            "email" => format!("buyer{}@example.com", self.rng.random_range(0..100)),
            "error_on_requires_action" => self.pick(&["true", "false"]).to_owned(),
            // Loopback port 9 (discard) refuses at once: a webhook
            // endpoint's deliveries fail without waiting on the network.
            wire if wire.contains("url") => {
                format!("http://127.0.0.1:9/{}", self.rng.random_range(0..100))
            }
            _ => self.text(usize::from(required || self.in_query)),
        }
    }

    fn integer(&mut self, wire: &str) -> i64 {
        match wire {
            "exp_month" => self.rng.random_range(1..13),
            "exp_year" => self.rng.random_range(2027..2040),
            "limit" => self.rng.random_range(1..101),
            wire if wire.contains("amount") => self.rng.random_range(1..100_000),
            _ => self.rng.random_range(0..1_000),
        }
    }

    fn any_json(&mut self) -> Value {
        match self.rng.random_range(0..4) {
            0 => json!(self.text(1)),
            1 if !self.in_query => json!(self.rng.random_range(-5..500)),
            2 if !self.in_query => json!({ "nested": [self.text(1), true] }),
            _ => json!("any"),
        }
    }

    /// Page size, cursors and the search query of a list or search.
    fn paging(&mut self, endpoint: &Endpoint, params: &mut Map<String, Value>) {
        if !matches!(endpoint.operation, Operation::List | Operation::Search) {
            return;
        }
        let resource = endpoint.resource.unwrap_or_default();
        if params.contains_key("limit") && self.one_in(2) {
            params.insert("limit".into(), json!(self.rng.random_range(1..4)));
        }
        // A cursor names an object of the listed resource; half the time
        // none is sent, as a cursor outside the filtered list is refused.
        for cursor in ["starting_after", "ending_before"] {
            if params.contains_key(cursor) {
                if self.one_in(2) {
                    params.remove(cursor);
                } else {
                    params.insert(cursor.into(), json!(self.id_of(resource)));
                }
            }
        }
        if params.contains_key("starting_after") {
            params.remove("ending_before");
        }
        if endpoint.operation == Operation::Search {
            let query = match self.rng.random_range(0..3) {
                0 => format!("id:'{}'", self.id_of(resource)),
                1 => "metadata['key0']:'x'".to_owned(),
                _ => format!("id:'{}' AND livemode:'false'", self.id_of(resource)),
            };
            params.insert("query".into(), json!(query));
        }
    }

    /// Remembers the ids of the objects in an answer of type `ty`.
    fn learn(&mut self, value: &Value, ty: &Ty, type_arg: Option<&Ty>) {
        match (ty, value) {
            (Ty::Param, value) => {
                if let Some(arg) = type_arg {
                    self.learn(value, arg, None);
                }
            }
            (Ty::Array(item), Value::Array(items)) => {
                for value in items {
                    self.learn(value, item, type_arg);
                }
            }
            (Ty::Expandable(target), value) => self.learn(value, target, type_arg),
            (Ty::Named(name) | Ty::Generic(name, _), Value::Object(members)) => {
                let Some(object) = spec::object(name) else {
                    return;
                };
                let type_arg = match ty {
                    Ty::Generic(_, arg) => Some(*arg),
                    _ => type_arg,
                };
                if let (Some(Value::String(id)), Some(_)) = (members.get("id"), object.field("id"))
                {
                    let ids = self.known.entry(object.name).or_default();
                    if !ids.contains(id) {
                        ids.push(id.clone());
                    }
                    if let Some(Value::String(status)) = members.get("status") {
                        self.statuses.insert(id.clone(), status.clone());
                    }
                }
                for field in object.fields {
                    if let Some(member) = members.get(field.wire) {
                        self.learn(member, &field.ty, type_arg);
                    }
                }
            }
            _ => {}
        }
    }
}

// ------------------------------------------------------------ checks

/// What one case found.
#[derive(Default)]
struct Tally {
    failures: Vec<String>,
    /// By endpoint label: 2xx answers decoded, error answers read.
    answers: HashMap<String, (usize, usize)>,
    /// By endpoint label: how often each error (status and code) came.
    errors: HashMap<String, BTreeMap<String, usize>>,
    requests: usize,
}

fn label(endpoint: &Endpoint) -> String {
    format!("{}::{}", endpoint.module, endpoint.name)
}

/// Checks the answer to `request`; the failure, if any.
fn check(
    request: &Request,
    answer: &Result<Value, wooshpay::Error>,
    requests: &mut Requests,
) -> Result<(), String> {
    let endpoint = request.endpoint;
    let value = match answer {
        Ok(value) => value,
        Err(wooshpay::Error::Api(error)) => return check_error(error),
        Err(other) => return Err(format!("not an API answer: {other}")),
    };
    let decoder = crate::tables::response_decoder(endpoint.module, endpoint.name)
        .ok_or("no decoder in the tables")?;
    let body = serde_json::to_vec(value).map_err(|error| error.to_string())?;
    let decoded = decoder(&body).map_err(|undecodable| {
        format!(
            "does not decode at `{}`: {}\n  answer: {value}",
            undecodable.path, undecodable.message
        )
    })?;
    if !decoded.unfit.is_empty() {
        return Err(format!(
            "unfit members {:?}\n  answer: {value}",
            decoded.unfit
        ));
    }
    let (sent, back) = (without_nulls(value), without_nulls(&decoded.back));
    if let Some(path) = first_difference(&sent, &back, "") {
        return Err(format!(
            "serializes back differently at `{path}`\n  answer: {sent}\n  back:   {back}"
        ));
    }
    // An undocumented enum value decodes (enums are open), as `Unknown`:
    // the client could not match on what the fake sent.
    let ty = answer_type(endpoint);
    if let Some((path, found)) = undocumented_value(value, &ty, None, "") {
        return Err(format!(
            "`{path}` is {found}, which the client reads as `Unknown`\n  answer: {value}"
        ));
    }
    requests.learn(value, &ty, None);
    Ok(())
}

/// The type of an endpoint's answer, as the tables describe it: a raw
/// (untranscribed) response is the stored object the fake answers with.
fn answer_type(endpoint: &Endpoint) -> Ty {
    match endpoint.response {
        Ty::Named(name) if matches!(spec::schema(name), Some(Schema::Raw { .. })) => {
            endpoint.resource.map_or(endpoint.response, Ty::Named)
        }
        ty => ty,
    }
}

/// The first member of `value` (of type `ty`) holding a value its enum
/// or union does not document, with what it holds.
fn undocumented_value(
    value: &Value,
    ty: &Ty,
    type_arg: Option<&Ty>,
    path: &str,
) -> Option<(String, String)> {
    let named = |name: &str| -> Option<(String, String)> {
        match (spec::schema(name)?, value) {
            (Schema::Enum { name, values }, Value::String(text)) => (!values
                .contains(&text.as_str()))
            .then(|| (path.to_owned(), format!("`{text}`, not a value of {name}"))),
            (Schema::Object(object), Value::Object(members)) => {
                let type_arg = match ty {
                    Ty::Generic(_, arg) => Some(*arg),
                    _ => type_arg,
                };
                fields_undocumented(object.fields, members, type_arg, path)
            }
            (Schema::Union(union), Value::Object(members)) => {
                let tag = members.get(union.tag).and_then(Value::as_str)?;
                let Some(variant) = union.variants.iter().find(|v| v.tag_value == tag) else {
                    let at = format!("{path}.{}", union.tag);
                    return Some((at, format!("`{tag}`, not a variant of {}", union.name)));
                };
                let payload = spec::object(variant.payload)?;
                match union.style {
                    UnionStyle::Embedded => {
                        fields_undocumented(payload.fields, members, None, path)
                    }
                    UnionStyle::Enum | UnionStyle::Struct => {
                        fields_undocumented(union.common, members, None, path).or_else(|| {
                            let at = format!("{path}.{}", variant.payload_key);
                            match members.get(variant.payload_key)? {
                                Value::Object(inner) => {
                                    fields_undocumented(payload.fields, inner, None, &at)
                                }
                                _ => None,
                            }
                        })
                    }
                }
            }
            _ => None,
        }
    };
    match (ty, value) {
        (Ty::Param, value) => undocumented_value(value, type_arg?, None, path),
        (Ty::Array(item), Value::Array(items)) => items
            .iter()
            .enumerate()
            .find_map(|(i, v)| undocumented_value(v, item, type_arg, &format!("{path}[{i}]"))),
        (Ty::Map(item), Value::Object(members)) => members
            .iter()
            .find_map(|(key, v)| undocumented_value(v, item, type_arg, &format!("{path}.{key}"))),
        (Ty::Expandable(target) | Ty::StringEncoded(target), value) => {
            undocumented_value(value, target, type_arg, path)
        }
        (Ty::Named(name) | Ty::Generic(name, _), _) => named(name),
        _ => None,
    }
}

fn fields_undocumented(
    fields: &[Field],
    members: &Map<String, Value>,
    type_arg: Option<&Ty>,
    path: &str,
) -> Option<(String, String)> {
    fields.iter().find_map(|field| {
        let member = members.get(field.wire)?;
        undocumented_value(
            member,
            &field.ty,
            type_arg,
            &format!("{path}.{}", field.wire),
        )
    })
}

/// An error answer to a valid request: a 4xx of a documented type, with a
/// message, that the client read as the API's error object.
fn check_error(error: &wooshpay::ApiError) -> Result<(), String> {
    let documented = spec::enum_values("ErrorType").unwrap_or_default();
    let type_ = error.error_type().map(|t| t.as_str().to_owned());
    let problem = if !(400..500).contains(&error.status()) {
        Some("the status is not a 4xx")
    } else if error.raw_body().is_some() {
        Some("the body is not an error object")
    } else if !type_.as_deref().is_some_and(|t| documented.contains(&t)) {
        Some("the type is not a documented ErrorType")
    } else if error.message().is_none_or(str::is_empty) {
        Some("it has no message")
    } else if (error.status() == 402) != error.is_card_error() {
        Some("a card error is not a 402 (or a 402 not a card error)")
    } else {
        None
    };
    match problem {
        Some(problem) => Err(format!("error answer: {problem}: {error}")),
        None => Ok(()),
    }
}

/// Runs one case: a fresh server, [`ROUNDS`] requests to every endpoint.
async fn run_case(seed: u64, case: u32, tally: &mut Tally) {
    let server = Server::start().await;
    let client = server
        .client_builder()
        .max_retries(0)
        .build()
        .expect("a client for the fake");
    let mut bytes = [0u8; 32];
    bytes[..8].copy_from_slice(&seed.to_le_bytes());
    bytes[8..12].copy_from_slice(&case.to_le_bytes());
    let mut requests = Requests {
        rng: TestRng::from_seed(RngAlgorithm::ChaCha, &bytes),
        known: HashMap::new(),
        statuses: HashMap::new(),
        wanted: None,
        in_query: false,
    };
    seed_uncreatable(&server, &mut requests);
    for _ in 0..ROUNDS {
        for event in server.events() {
            if let Ok(event) = serde_json::from_str::<Value>(&event.payload) {
                requests.learn(&event, &Ty::Named("Event"), None);
            }
        }
        // Creates twice, so that there are objects in several states for
        // the actions to find.
        let creates = spec::endpoints()
            .iter()
            .filter(|endpoint| endpoint.operation == Operation::Create);
        let mut order: Vec<&'static Endpoint> = spec::endpoints().iter().chain(creates).collect();
        for index in (1..order.len()).rev() {
            order.swap(index, requests.rng.random_range(0..=index));
        }
        order.sort_by_key(|endpoint| endpoint.operation != Operation::Create);
        for endpoint in order {
            let request = requests.request(endpoint);
            let failure = match send(&client, &request).await {
                Err(invalid) => Some(invalid),
                Ok(answer) => {
                    let counts = tally.answers.entry(label(endpoint)).or_default();
                    match &answer {
                        Ok(_) => counts.0 += 1,
                        Err(error) => {
                            counts.1 += 1;
                            let code = match error.as_api_error() {
                                Some(api) => {
                                    format!("{} {}", api.status(), api.code().unwrap_or("-"))
                                }
                                None => "not an API error".to_owned(),
                            };
                            let codes = tally.errors.entry(label(endpoint)).or_default();
                            *codes.entry(code).or_default() += 1;
                        }
                    }
                    check(&request, &answer, &mut requests).err()
                }
            };
            tally.requests += 1;
            if let Some(failure) = failure {
                tally.failures.push(format!(
                    "case {case} (seed {seed}), {}: {failure}\n  request: {request}",
                    label(endpoint)
                ));
            }
        }
    }
}

/// Stores two objects of each resource the API cannot create (disputes,
/// issuing cards, …), built by the fake from random members, so that the
/// endpoints reading them have something to answer with.
fn seed_uncreatable(server: &Server, requests: &mut Requests) {
    let endpoints = spec::endpoints();
    let created = |resource: &str| {
        endpoints.iter().any(|endpoint| {
            endpoint.operation == Operation::Create && endpoint.resource == Some(resource)
        })
    };
    let mut resources: Vec<&'static str> = endpoints
        .iter()
        .filter_map(|endpoint| endpoint.resource)
        .filter(|resource| !created(resource))
        .collect();
    resources.sort_unstable();
    resources.dedup();
    for resource in resources {
        let Some(schema) = spec::object(resource) else {
            continue;
        };
        for _ in 0..2 {
            requests.in_query = false;
            let members = requests.members(schema.fields, schema.keeps_unknown, 0);
            let object = crate::objects::build(schema, &members);
            requests.learn(&Value::Object(object.clone()), &Ty::Named(resource), None);
            server.store(schema.name, object);
        }
    }
}

/// Sends `request` through the client; `Err` when the fake's own validator
/// refuses it (a bug of this generator, not of the fake).
async fn send(
    client: &wooshpay::Client,
    request: &Request,
) -> Result<Result<Value, wooshpay::Error>, String> {
    let endpoint = request.endpoint;
    if let (Some((schema, location)), Some(params)) = (endpoint.params, &request.params) {
        crate::validate::check_params(schema, params.clone(), false).map_err(|failure| {
            format!(
                "the test made an invalid request ({location:?}): {}",
                failure.body
            )
        })?;
    }
    let method = match endpoint.method {
        Method::Get => wooshpay::Method::Get,
        Method::Post => wooshpay::Method::Post,
        Method::Delete => wooshpay::Method::Delete,
    };
    let mut call = client.request::<Value>(method, request.path.clone());
    call = match (endpoint.params, &request.params) {
        (Some((_, ParamsIn::Query)), Some(params)) => call.query(params),
        (Some((_, ParamsIn::Body)), Some(params)) => call.body(params),
        _ => call,
    };
    Ok(call.await)
}

fn env_number<T: std::str::FromStr>(name: &str, default: T) -> T {
    match std::env::var(name) {
        Ok(text) => text
            .parse()
            .unwrap_or_else(|_| panic!("{name}={text} is not a number")),
        Err(_) => default,
    }
}

#[tokio::test(flavor = "current_thread")]
async fn every_answer_of_the_fake_decodes_with_the_client() {
    let cases = env_number("PROPTEST_CASES", DEFAULT_CASES);
    let seed = env_number("FAKE_DECODE_SEED", 0u64);
    let mut tally = Tally::default();
    for case in 0..cases {
        run_case(seed, case, &mut tally).await;
    }
    let mut summary = String::new();
    let mut never_succeeded = Vec::new();
    for endpoint in spec::endpoints() {
        let (ok, errors) = tally
            .answers
            .get(&label(endpoint))
            .copied()
            .unwrap_or_default();
        let codes = tally
            .errors
            .get(&label(endpoint))
            .cloned()
            .unwrap_or_default();
        let _ = writeln!(
            summary,
            "  {:<36} {ok:>4} decoded, {errors:>4} errors {codes:?}",
            label(endpoint)
        );
        if ok == 0 {
            never_succeeded.push(label(endpoint));
        }
    }
    println!(
        "{} requests over {cases} cases (seed {seed}), {} failures:\n{summary}",
        tally.requests,
        tally.failures.len()
    );
    assert!(
        tally.failures.is_empty(),
        "{} of {} answers failed; the first ones:\n{}",
        tally.failures.len(),
        tally.requests,
        tally.failures[..tally.failures.len().min(8)].join("\n")
    );
    // Without this, a generator that only ever provoked errors would pass.
    assert!(
        never_succeeded.is_empty(),
        "no successful answer to decode from {never_succeeded:?}"
    );
}
