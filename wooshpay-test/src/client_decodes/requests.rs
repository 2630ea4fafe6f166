//! Random valid requests built from the fake's tables, with the ids (and
//! states) of the objects earlier answers of the same case returned.

use std::collections::HashMap;

use proptest::prelude::RngExt;
use proptest::test_runner::{RngAlgorithm, TestRng};
use serde_json::{json, Map, Value};

use crate::spec::{
    self, Endpoint, Field, Method, ObjectSchema, Operation, ParamsIn, Schema, Ty, UnionStyle,
};

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

/// One request of a case.
pub(super) struct Request {
    pub(super) endpoint: &'static Endpoint,
    pub(super) path: String,
    pub(super) params: Option<Map<String, Value>>,
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
pub(super) struct Requests {
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
    /// A generator for `case` of the run seeded with `seed`.
    pub(super) fn new(seed: u64, case: u32) -> Requests {
        let mut bytes = [0u8; 32];
        bytes[..8].copy_from_slice(&seed.to_le_bytes());
        bytes[8..12].copy_from_slice(&case.to_le_bytes());
        Requests {
            rng: TestRng::from_seed(RngAlgorithm::ChaCha, &bytes),
            known: HashMap::new(),
            statuses: HashMap::new(),
            wanted: None,
            in_query: false,
        }
    }

    /// `items` in a random order.
    pub(super) fn shuffle<T>(&mut self, items: &mut [T]) {
        for index in (1..items.len()).rev() {
            items.swap(index, self.rng.random_range(0..=index));
        }
    }

    /// Random members for an object of `schema`, as the fake would store
    /// them.
    pub(super) fn object(&mut self, schema: &ObjectSchema) -> Map<String, Value> {
        self.in_query = false;
        self.members(schema.fields, schema.keeps_unknown, 0)
    }

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

    pub(super) fn request(&mut self, endpoint: &'static Endpoint) -> Request {
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
    pub(super) fn learn(&mut self, value: &Value, ty: &Ty, type_arg: Option<&Ty>) {
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
