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
//! (`tables::with_response_type`, emitted from the same model as the
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

mod decode;
mod requests;

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

use serde_json::Value;

use crate::spec::{self, Endpoint, Method, Operation, ParamsIn, Ty};
use crate::Server;
use decode::DecoderFor;
use decode::{answer_type, check_error, first_difference, undocumented_value, without_nulls};
use requests::{Request, Requests};

/// Cases (fake servers) when `PROPTEST_CASES` is not set: each sends every
/// endpoint [`ROUNDS`] requests, enough for every endpoint to answer
/// successfully at least once, in a few seconds of a debug build.
const DEFAULT_CASES: u32 = 4;

/// Requests to every endpoint per case: the later rounds find the objects
/// (and their states) the earlier ones made.
const ROUNDS: usize = 4;

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
    let decoder = crate::tables::with_response_type(endpoint.module, endpoint.name, DecoderFor)
        .ok_or("no response type in the tables")?;
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

/// Runs one case: a fresh server, [`ROUNDS`] requests to every endpoint.
async fn run_case(seed: u64, case: u32, tally: &mut Tally) {
    let server = Server::start().await;
    let client = server
        .client_builder()
        .max_retries(0)
        .build()
        .expect("a client for the fake");
    let mut requests = Requests::new(seed, case);
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
        requests.shuffle(&mut order);
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
            let members = requests.object(schema);
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
