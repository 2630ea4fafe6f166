//! Property: every answer the fake gives decodes with the client.
//!
//! For every endpoint of the tables (so a resource added to the spec is
//! covered without touching this test), random valid requests: required
//! parameters always, optional ones sometimes, documented enum values, each
//! union variant, ids of objects stored earlier in the same run (so
//! retrieve, update and the money-flow actions find what they act on). Each
//! success body must decode with the type the `wooshpay` function returns,
//! with no member unfit for its type and nothing lost when serialized back;
//! each refusal must be the API's error object.
//!
//! `PROPTEST_CASES` sets the number of runs over all endpoints (default 32)
//! and `FAKE_DECODE_SEED` the first seed, e.g.
//! `PROPTEST_CASES=500 cargo test -p wooshpay-test decodes_with_client`.

use serde_json::{json, Map, Value};

use crate::money::Cause;
use crate::objects;
use crate::spec::{self, Endpoint, Operation, Schema, Ty, UnionStyle};
use crate::store::State;

/// Deeper optional objects add nothing but time.
const MAX_DEPTH: usize = 3;

const TEST_CARDS: [&str; 5] = [
    crate::test_cards::SUCCEEDS,
    crate::test_cards::DECLINED,
    crate::test_cards::INSUFFICIENT_FUNDS,
    crate::test_cards::REQUIRES_AUTHENTICATION,
    crate::test_cards::REQUIRES_AUTHENTICATION_ALWAYS,
];

struct Requests {
    rng: fastrand::Rng,
}

impl Requests {
    /// A value of `ty` a request may carry; ids name stored objects.
    fn value(&mut self, state: &mut State, ty: &Ty, depth: usize) -> Value {
        match ty {
            Ty::String => {
                json!(["a", "Order 42", "x_123", "ünïcödé", "with \"quotes\""][self.rng.usize(..5)])
            }
            Ty::Boolean => json!(self.rng.bool()),
            Ty::Integer => json!(self.rng.i64(1..=5_000)),
            Ty::Timestamp => json!(objects::now() + self.rng.i64(-86_400..=86_400)),
            Ty::Number => json!(self.rng.f64() * 100.0),
            Ty::Json => json!({ "note": "kept as sent" }),
            Ty::Param => Value::Null,
            Ty::Array(item) => {
                let count = if depth >= MAX_DEPTH {
                    0
                } else {
                    self.rng.usize(..=2)
                };
                Value::Array(
                    (0..count)
                        .map(|_| self.value(state, item, depth + 1))
                        .collect(),
                )
            }
            Ty::Map(item) => {
                let mut map = Map::new();
                for key in ["order", "customer_ref"]
                    .into_iter()
                    .take(self.rng.usize(..=2))
                {
                    map.insert(key.to_owned(), self.value(state, item, depth + 1));
                }
                Value::Object(map)
            }
            Ty::Id(object) => json!(stored_id(&mut self.rng, state, object)),
            Ty::Expandable(target) => match target {
                Ty::Named(object) => json!(stored_id(&mut self.rng, state, object)),
                other => self.value(state, other, depth),
            },
            Ty::StringEncoded(inner) => {
                let bare = self.value(state, inner, depth);
                match (self.rng.bool(), &bare) {
                    (true, Value::Number(n)) => json!(n.to_string()),
                    (true, Value::Bool(b)) => json!(b.to_string()),
                    _ => bare,
                }
            }
            Ty::Named(name) | Ty::Generic(name, _) => self.named(state, name, depth),
        }
    }

    fn named(&mut self, state: &mut State, name: &str, depth: usize) -> Value {
        match spec::schema(name) {
            Some(Schema::Enum { values, .. }) if !values.is_empty() => {
                json!(values[self.rng.usize(..values.len())])
            }
            Some(Schema::Object(object)) => Value::Object(self.fields(state, object.fields, depth)),
            Some(Schema::Union(union)) if !union.variants.is_empty() => {
                let variant = &union.variants[self.rng.usize(..union.variants.len())];
                let payload = match spec::object(variant.payload) {
                    Some(object) => self.fields(state, object.fields, depth + 1),
                    None => Map::new(),
                };
                let mut value = match union.style {
                    UnionStyle::Embedded => payload,
                    UnionStyle::Enum | UnionStyle::Struct => {
                        let mut value = self.fields(state, union.common, depth);
                        value.insert(variant.payload_key.to_owned(), Value::Object(payload));
                        value
                    }
                };
                value.insert(union.tag.to_owned(), json!(variant.tag_value));
                Value::Object(value)
            }
            _ => json!({}),
        }
    }

    /// Required members always; optional ones sometimes, less deep down.
    fn fields(
        &mut self,
        state: &mut State,
        fields: &[spec::Field],
        depth: usize,
    ) -> Map<String, Value> {
        let mut members = Map::new();
        for field in fields {
            let wanted = field.required || (depth < MAX_DEPTH && self.rng.u8(..10) < 4);
            if wanted {
                let value = match (field.wire, field.ty) {
                    // A card number is one of the test cards, so that the
                    // money flows go somewhere: approved, declined, 3DS.
                    ("number", Ty::String) => json!(TEST_CARDS[self.rng.usize(..TEST_CARDS.len())]),
                    _ => self.value(state, &field.ty, depth + 1),
                };
                if !value.is_null() {
                    members.insert(field.wire.to_owned(), value);
                }
            }
        }
        members
    }
}

/// The id of a stored `object` picked at random, storing a new one (as
/// Create would) when there is none yet; objects the fake does not keep get a well-formed id.
fn stored_id(rng: &mut fastrand::Rng, state: &mut State, object: &'static str) -> String {
    let Some(schema) = spec::object(object) else {
        return "sample".to_owned();
    };
    let ids: Vec<String> = state
        .collection_ref(schema.name)
        .into_iter()
        .flat_map(|collection| collection.newest_first())
        .filter_map(|stored| stored.get("id")?.as_str().map(str::to_owned))
        .collect();
    let existing = (!ids.is_empty()).then(|| ids[rng.usize(..ids.len())].clone());
    if let Some(id) = existing {
        return id;
    }
    let built = objects::build(schema, &Map::new());
    let id = built["id"].as_str().unwrap_or("sample").to_owned();
    state.collection(schema.name).put(built);
    id
}

/// One request to `endpoint`: its outcome, checked.
fn exercise(requests: &mut Requests, state: &mut State, endpoint: &'static Endpoint) -> bool {
    let path_values: Vec<String> = endpoint
        .path_params
        .iter()
        .map(|param| match param.id_of.or(endpoint.resource) {
            Some(object) => stored_id(&mut requests.rng, state, object),
            None => "sample".to_owned(),
        })
        .collect();
    let mut params = match endpoint.params {
        Some((name, _)) => match spec::schema(name) {
            Some(Schema::Object(object)) => requests.fields(state, object.fields, 0),
            _ => Map::new(),
        },
        None => Map::new(),
    };
    // The list conventions every list page documents: a limit from 1 to
    // 100, and cursors that are ids of the listed resource.
    if let (Operation::List, Some(resource)) = (endpoint.operation, endpoint.resource) {
        if params.contains_key("limit") {
            params.insert("limit".to_owned(), json!(requests.rng.i64(1..=100)));
        }
        for cursor in ["starting_after", "ending_before"] {
            if params.contains_key(cursor) {
                let id = stored_id(&mut requests.rng, state, resource);
                params.insert(cursor.to_owned(), json!(id));
            }
        }
    }
    if endpoint.operation == Operation::Search {
        params.insert("query".to_owned(), json!("status:'succeeded'"));
    }
    let label = format!(
        "{}::{} with {}",
        endpoint.module,
        endpoint.name,
        Value::Object(params.clone())
    );
    let params = match endpoint.params {
        Some((name, location)) => {
            let from_query = location == spec::ParamsIn::Query;
            crate::validate::check_params(name, params, from_query).unwrap_or_else(|failure| {
                panic!("{label}: a valid request was refused: {}", failure.body)
            })
        }
        None => params,
    };
    answer(state, endpoint, &path_values, params, &label)
}

/// Sends one request to `endpoint` and checks the answer: a success decodes
/// with the client, a refusal is the API's error object. True on success.
fn answer(
    state: &mut State,
    endpoint: &'static Endpoint,
    path_values: &[String],
    params: Map<String, Value>,
    label: &str,
) -> bool {
    let cause = Cause {
        request_id: "req_property",
        idempotency_key: None,
    };
    match crate::handlers::handle(state, endpoint, path_values, params, cause) {
        Ok((status, body)) => {
            assert_eq!(status, 200, "{label}");
            let bytes = serde_json::to_vec(&body).expect("a JSON value serializes");
            crate::tables::decode_with_client(endpoint.module, endpoint.name, &bytes)
                .unwrap_or_else(|| panic!("{label}: no client type in the tables"))
                .unwrap_or_else(|error| {
                    panic!("{label}: the client does not take the answer: {error}\n{body:#}")
                });
            true
        }
        Err(failure) => {
            let error = wooshpay::ApiError::from_body(failure.status, &failure.body);
            assert!(
                error.error_type().is_some() && error.message().is_some(),
                "{label}: a refusal that is not the API's error object: {}",
                failure.body
            );
            assert!(
                !matches!(error.error_type(), Some(wooshpay::ErrorType::Unknown(_))),
                "{label}: an undocumented error type: {}",
                failure.body
            );
            false
        }
    }
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(default)
}

/// The money flow random requests seldom complete (a manual-capture
/// PaymentIntent confirmed with a card that succeeds, captured in part,
/// then refunded in part), each answer checked like the random ones, so
/// that later random requests also meet captured and refunded intents.
fn money_flow(state: &mut State) {
    let endpoint = |module: &str, name: &str| {
        spec::endpoints()
            .iter()
            .find(|endpoint| endpoint.module == module && endpoint.name == name)
            .unwrap_or_else(|| panic!("no endpoint {module}::{name}"))
    };
    let succeed = |state: &mut State, module: &str, name: &str, path: &[String], params: Value| {
        let Value::Object(params) = params else {
            unreachable!("the flow's parameters are objects")
        };
        let label = format!("money flow {module}::{name}");
        assert!(
            answer(state, endpoint(module, name), path, params, &label),
            "{label} was refused"
        );
    };
    let manual = json!({"amount": 2000, "currency": "USD", "capture_method": "manual"});
    succeed(state, "payment_intents", "create", &[], manual);
    let intent = state
        .collection("PaymentIntent")
        .newest_first()
        .next()
        .and_then(|intent| intent.get("id")?.as_str().map(str::to_owned))
        .expect("the PaymentIntent was stored");
    let path = [intent.clone()];
    let card = json!({"type": "card", "card": {"number": crate::test_cards::SUCCEEDS}});
    succeed(
        state,
        "payment_intents",
        "confirm",
        &path,
        json!({ "payment_method_data": card }),
    );
    succeed(
        state,
        "payment_intents",
        "capture",
        &path,
        json!({"amount_to_capture": 1500}),
    );
    succeed(
        state,
        "refunds",
        "create",
        &[],
        json!({"payment_intent": intent, "amount": 500}),
    );
}

#[test]
fn every_answer_to_a_valid_request_decodes_with_the_client() {
    let cases = env_number("PROPTEST_CASES", 32);
    let first_seed = env_number("FAKE_DECODE_SEED", 0x5eed);
    let endpoints = spec::endpoints();
    let mut answered = vec![false; endpoints.len()];
    for seed in first_seed..first_seed + cases {
        let mut requests = Requests {
            rng: fastrand::Rng::with_seed(seed),
        };
        let mut state = State::default();
        money_flow(&mut state);
        for (index, endpoint) in endpoints.iter().enumerate() {
            let in_flow = [
                ("payment_intents", "create"),
                ("payment_intents", "confirm"),
                ("payment_intents", "capture"),
                ("refunds", "create"),
            ];
            answered[index] |= in_flow.contains(&(endpoint.module, endpoint.name));
        }
        // Three passes over every endpoint, each in a random order, so that
        // actions meet objects in many states (created, confirmed, canceled).
        for _ in 0..3 {
            let mut order: Vec<usize> = (0..endpoints.len()).collect();
            requests.rng.shuffle(&mut order);
            for index in order {
                let endpoint = &endpoints[index];
                let ok = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    exercise(&mut requests, &mut state, endpoint)
                }));
                match ok {
                    Ok(ok) => answered[index] |= ok,
                    Err(panic) => std::panic::resume_unwind(Box::new(format!(
                        "seed {seed} (FAKE_DECODE_SEED={seed} PROPTEST_CASES=1): {}",
                        panic
                            .downcast_ref::<String>()
                            .cloned()
                            .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                            .unwrap_or_default()
                    ))),
                }
            }
        }
    }
    // A refusal is allowed (nothing to capture yet, an over-refund), but
    // every endpoint must have answered a success at least once.
    let never: Vec<String> = endpoints
        .iter()
        .zip(&answered)
        .filter(|(_, answered)| !**answered)
        .map(|(endpoint, _)| format!("{}::{}", endpoint.module, endpoint.name))
        .collect();
    assert!(never.is_empty(), "never answered a success: {never:?}");
}
