//! Helpers shared by the endpoint test files: a loopback server answering
//! one route, and accessors for the request the client sent it.

// Each test file uses some of these, not all.
#![allow(dead_code)]

use serde_json::Value;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};
use wooshpay::Client;

/// The secret key every endpoint test's client uses.
pub const KEY: &str = "sk_test_endpoints";
/// `printf 'sk_test_endpoints:' | base64`
pub const BASIC: &str = "Basic c2tfdGVzdF9lbmRwb2ludHM6";

/// A server that answers `http_method route` once with `body`, and a client for it.
pub async fn serve(http_method: &str, route: &str, body: Value) -> (MockServer, Client) {
    let server = MockServer::start().await;
    Mock::given(method(http_method))
        .and(path(route))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder(KEY).base_url(server.uri()).build().unwrap();
    (server, client)
}

/// The one request the server received.
pub async fn only_request(server: &MockServer) -> Request {
    let mut requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1, "exactly one request");
    requests.remove(0)
}

/// A request header as text.
pub fn header<'r>(request: &'r Request, name: &str) -> Option<&'r str> {
    request
        .headers
        .get(name)
        .map(|value| value.to_str().unwrap())
}

/// The request's JSON body, which must be declared as JSON.
pub fn json_body(request: &Request) -> Value {
    assert_eq!(header(request, "content-type"), Some("application/json"));
    serde_json::from_slice(&request.body).expect("JSON body")
}

/// A POST: authenticated, with a generated UUID v4 idempotency key, and
/// its parameters (if any) in the body, never in the query string.
pub fn assert_post(request: &Request, route: &str) {
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(request.url.path(), route);
    assert_eq!(header(request, "authorization"), Some(BASIC));
    let key = header(request, "idempotency-key").expect("POST carries an Idempotency-Key");
    assert_eq!(key.len(), 36, "UUID: {key}");
    assert_eq!(&key[14..15], "4", "UUID v4: {key}");
    assert_eq!(request.url.query(), None, "POST parameters go in the body");
}

/// A GET: authenticated, without an idempotency key.
pub fn assert_get(request: &Request, route: &str) {
    assert_eq!(request.method.as_str(), "GET");
    assert_eq!(request.url.path(), route);
    assert_eq!(header(request, "authorization"), Some(BASIC));
    assert_eq!(
        header(request, "idempotency-key"),
        None,
        "GET never sends one"
    );
}

/// A GET that sends nothing but its path: no body, no query string.
pub fn assert_bare_get(request: &Request, route: &str) {
    assert_get(request, route);
    assert!(request.body.is_empty(), "no body");
    assert_eq!(request.url.query(), None, "no query string");
}

/// The decoded query string, in order.
pub fn query(request: &Request) -> Vec<(String, String)> {
    request
        .url
        .query_pairs()
        .map(|(key, value)| (key.into_owned(), value.into_owned()))
        .collect()
}
