//! Loopback tests of the hand-written HTTP runtime of `wooshpay`: client
//! configuration, request encoding, idempotency, error decoding, retries,
//! timeouts, pagination and secret redaction. Every test talks to a
//! `wiremock` server on 127.0.0.1 through `ApiCall::new`, with small local
//! response types.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use futures_util::{StreamExt, TryStreamExt};
use serde::Deserialize;
use serde_json::{json, Value};
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};
use wooshpay::{ApiCall, Client, Error, HasId, List, Method};

/// The key of the Authorization test; base64("sk_test_xxx:") below was
/// computed independently (`printf 'sk_test_xxx:' | base64`).
const KEY: &str = "sk_test_xxx";
const KEY_BASIC: &str = "Basic c2tfdGVzdF94eHg6";
/// A distinctive key for the "never leaks" assertions.
const SECRET_KEY: &str = "sk_test_51LeakCanaryQwErTy0123";
const KEY_TAIL: &str = "LeakCanaryQwErTy0123";

#[derive(Debug, Default, Clone, PartialEq, Deserialize)]
struct Thing {
    id: Option<String>,
    object: Option<String>,
    amount: Option<i64>,
}

// `List<T>` decodes its items tolerantly, through `Decode`; a type of the
// app's own reads itself with serde.
impl wooshpay::wire::Decode for Thing {
    fn decode(value: &serde_json::Value) -> Result<Self, wooshpay::wire::Failure> {
        wooshpay::wire::decode_with_serde(value)
    }
}

impl HasId for Thing {
    fn id(&self) -> Option<&str> {
        self.id.as_deref()
    }
}

fn client_for(server: &MockServer) -> Client {
    Client::builder(SECRET_KEY)
        .base_url(server.uri())
        .retry_base_delay(Duration::from_millis(1))
        .build()
        .expect("loopback client")
}

fn client_with(server: &MockServer, key: &str, max_retries: u32) -> Client {
    Client::builder(key)
        .base_url(server.uri())
        .retry_base_delay(Duration::from_millis(1))
        .max_retries(max_retries)
        .build()
        .expect("loopback client")
}

fn thing(id: &str) -> Value {
    json!({"id": id, "object": "thing", "amount": 100})
}

async fn requests(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.expect("recording on")
}

fn header_str<'r>(req: &'r Request, name: &str) -> Option<&'r str> {
    req.headers
        .get(name)
        .map(|v| v.to_str().expect("ascii header"))
}

fn is_uuid_v4(s: &str) -> bool {
    let b = s.as_bytes();
    s.len() == 36
        && [8, 13, 18, 23].iter().all(|&i| b[i] == b'-')
        && s.chars()
            .enumerate()
            .all(|(i, c)| [8, 13, 18, 23].contains(&i) || c.is_ascii_hexdigit())
        && b[14] == b'4'
        && matches!(b[19], b'8' | b'9' | b'a' | b'b')
}

/// Asserts that no rendering of `text` shows the secret key or a known
/// secret value.
fn assert_no_secrets(text: &str) {
    for needle in [
        SECRET_KEY,
        KEY_TAIL,
        KEY,
        "c2tfdGVzdF94eHg6",
        "Basic ",
        "seti_123_secret_AbCdEf",
        "AbCdEf",
        "4242424242424242",
        "\"987\"",
    ] {
        assert!(!text.contains(needle), "leaked {needle:?} in {text}");
    }
}

// ---------------------------------------------------------------------------
// Request encoding
// ---------------------------------------------------------------------------

#[tokio::test]
async fn post_sends_basic_auth_headers_and_exact_json_body() {
    let server = MockServer::start().await;
    let body = json!({"customer": "cus_1", "metadata": {"order": "42"}, "usage": "off_session"});
    Mock::given(method("POST"))
        .and(path("/v1/things"))
        .and(header("authorization", KEY_BASIC))
        .and(header("accept", "application/json"))
        .and(header("content-type", "application/json"))
        .and(body_json(&body))
        .respond_with(ResponseTemplate::new(200).set_body_json(thing("th_1")))
        .expect(1)
        .mount(&server)
        .await;
    let client = client_with(&server, KEY, 0);

    let got: Thing = ApiCall::new(&client, Method::Post, "/v1/things".to_owned())
        .with_body(&body)
        .await
        .expect("matched mock");
    assert_eq!(got.id.as_deref(), Some("th_1"));
    assert_eq!(got.amount, Some(100));

    let reqs = requests(&server).await;
    assert_eq!(reqs.len(), 1);
    let ua = header_str(&reqs[0], "user-agent").expect("user agent");
    let version = ua.strip_prefix("wooshpay-rust/").expect("sdk prefix");
    assert!(
        !version.is_empty() && version.split('.').all(|p| p.parse::<u32>().is_ok()),
        "{ua}"
    );
    // The body on the wire is exactly the parameters, nothing added.
    let sent: Value = serde_json::from_slice(&reqs[0].body).unwrap();
    assert_eq!(sent, body);
    assert!(reqs[0].url.query().is_none());
}

#[tokio::test]
async fn get_with_body_sends_json_body_without_idempotency_key() {
    let server = MockServer::start().await;
    let filters = json!({"limit": 3, "created": {"gt": "1700000000"}});
    Mock::given(method("GET"))
        .and(path("/v1/things"))
        .and(header("content-type", "application/json"))
        .and(body_json(&filters))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"object": "list", "has_more": false, "data": []})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let client = client_for(&server);

    let page: List<Thing> = ApiCall::new(&client, Method::Get, "/v1/things".to_owned())
        .with_body(&filters)
        .idempotency_key("ignored-on-get")
        .await
        .unwrap();
    assert!(page.data.is_empty());
    let reqs = requests(&server).await;
    assert!(header_str(&reqs[0], "idempotency-key").is_none());
}

#[tokio::test]
async fn query_params_are_flattened_stripe_style() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/things"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"object": "list", "has_more": false, "data": []})),
        )
        .mount(&server)
        .await;
    let client = client_for(&server);

    let _: List<Thing> = ApiCall::new(&client, Method::Get, "/v1/things".to_owned())
        .with_query(&json!({
            "limit": 3,
            "created": {"gt": 1, "lte": null},
            "payment_method_types": ["card", "alipay"],
            "customer": null,
            "expand": [],
            "email": "a b&c@example.com",
            "live": false,
        }))
        .await
        .unwrap();

    let reqs = requests(&server).await;
    let mut pairs: Vec<(String, String)> = reqs[0]
        .url
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    pairs.sort();
    let expected: Vec<(String, String)> = [
        ("created[gt]", "1"),
        ("email", "a b&c@example.com"),
        ("limit", "3"),
        ("live", "false"),
        ("payment_method_types[0]", "card"),
        ("payment_method_types[1]", "alipay"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    assert_eq!(pairs, expected);
    // Query-only calls send no body and no Content-Type.
    assert!(reqs[0].body.is_empty());
    assert!(header_str(&reqs[0], "content-type").is_none());
}

#[tokio::test]
async fn path_segments_are_percent_encoded_and_bad_ids_refused() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(thing("x")))
        .mount(&server)
        .await;
    let client = client_for(&server);

    let id = "a/b?c#d%e f";
    let p = format!("/v1/things/{}", wooshpay::encode_path_segment(id));
    let _: Thing = ApiCall::new(&client, Method::Get, p).await.unwrap();
    let reqs = requests(&server).await;
    assert_eq!(reqs.len(), 1);
    assert_eq!(reqs[0].url.path(), "/v1/things/a%2Fb%3Fc%23d%25e%20f");
    assert!(reqs[0].url.query().is_none());

    // Empty and dot-segment ids would silently hit another endpoint.
    for bad in ["", ".", ".."] {
        let p = format!("/v1/things/{}", wooshpay::encode_path_segment(bad));
        let err = ApiCall::<Thing>::new(&client, Method::Get, p)
            .await
            .unwrap_err();
        assert!(matches!(err, Error::Request(_)), "{bad:?}: {err:?}");
    }
    assert_eq!(requests(&server).await.len(), 1, "no request for bad ids");
}

// ---------------------------------------------------------------------------
// Idempotency
// ---------------------------------------------------------------------------

#[tokio::test]
async fn idempotency_key_on_post_only() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(200).set_body_json(thing("th_1")))
        .mount(&server)
        .await;
    let client = client_for(&server);
    let call = |m: Method| ApiCall::<Thing>::new(&client, m, "/v1/things/th_1".to_owned());

    call(Method::Post).with_body(&json!({})).await.unwrap();
    call(Method::Post).with_body(&json!({})).await.unwrap();
    call(Method::Post)
        .with_body(&json!({}))
        .idempotency_key("order-42-create")
        .await
        .unwrap();
    call(Method::Get).idempotency_key("nope").await.unwrap();
    call(Method::Delete).idempotency_key("nope").await.unwrap();

    let reqs = requests(&server).await;
    let keys: Vec<Option<&str>> = reqs
        .iter()
        .map(|r| header_str(r, "idempotency-key"))
        .collect();
    assert_eq!(reqs.len(), 5);
    let (k1, k2) = (keys[0].unwrap(), keys[1].unwrap());
    assert!(is_uuid_v4(k1), "{k1}");
    assert!(is_uuid_v4(k2), "{k2}");
    assert_ne!(k1, k2, "each request gets its own generated key");
    assert_eq!(keys[2], Some("order-42-create"));
    assert_eq!(reqs[3].method.as_str(), "GET");
    assert_eq!(keys[3], None);
    assert_eq!(reqs[4].method.as_str(), "DELETE");
    assert_eq!(keys[4], None);
}

#[tokio::test]
async fn invalid_idempotency_key_is_refused_before_sending() {
    let server = MockServer::start().await;
    let client = client_for(&server);
    let err = ApiCall::<Thing>::new(&client, Method::Post, "/v1/things".to_owned())
        .idempotency_key("line\nbreak")
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Request(_)), "{err:?}");
    assert!(requests(&server).await.is_empty());
}

// ---------------------------------------------------------------------------
// Error decoding
// ---------------------------------------------------------------------------

struct ErrorCase {
    status: u16,
    body: &'static str,
    type_: Option<&'static str>,
    code: Option<&'static str>,
    message: Option<&'static str>,
}

#[tokio::test]
async fn error_statuses_are_decoded() {
    let cases = [
        ErrorCase {
            status: 400,
            body: r#"{"error":{"type":"invalid_request_error","code":"parameter_missing","message":"Missing required param: usage.","param":"usage"}}"#,
            type_: Some("invalid_request_error"),
            code: Some("parameter_missing"),
            message: Some("Missing required param: usage."),
        },
        ErrorCase {
            // Flat object, no envelope.
            status: 401,
            body: r#"{"type":"invalid_request_error","message":"Invalid API Key provided."}"#,
            type_: Some("invalid_request_error"),
            code: None,
            message: Some("Invalid API Key provided."),
        },
        ErrorCase {
            status: 402,
            body: r#"{"error":{"type":"card_error","code":"card_declined","decline_code":"insufficient_funds","message":"Your card has insufficient funds."}}"#,
            type_: Some("card_error"),
            code: Some("card_declined"),
            message: Some("Your card has insufficient funds."),
        },
        ErrorCase {
            status: 404,
            body: r#"{"error":{"type":"invalid_request_error","code":"resource_missing","message":"No such setup_intent: 'seti_x'","param":"id"}}"#,
            type_: Some("invalid_request_error"),
            code: Some("resource_missing"),
            message: Some("No such setup_intent: 'seti_x'"),
        },
        ErrorCase {
            status: 409,
            body: r#"{"error":{"type":"idempotency_error","message":"Keys for idempotent requests can only be used with the same parameters."}}"#,
            type_: Some("idempotency_error"),
            code: None,
            message: Some(
                "Keys for idempotent requests can only be used with the same parameters.",
            ),
        },
        ErrorCase {
            status: 429,
            body: r#"{"error":{"type":"api_error","code":"rate_limit","message":"Too many requests."}}"#,
            type_: Some("api_error"),
            code: Some("rate_limit"),
            message: Some("Too many requests."),
        },
        ErrorCase {
            // A type this SDK does not know is kept, not an error.
            status: 500,
            body: r#"{"error":{"type":"server_meltdown","message":"Something went wrong."}}"#,
            type_: Some("server_meltdown"),
            code: None,
            message: Some("Something went wrong."),
        },
    ];
    for case in cases {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .respond_with(
                ResponseTemplate::new(case.status)
                    .set_body_raw(case.body.as_bytes().to_vec(), "application/json"),
            )
            .mount(&server)
            .await;
        // No retries, so 409/429/500 surface after one attempt.
        let client = client_with(&server, SECRET_KEY, 0);
        let err = ApiCall::<Thing>::new(&client, Method::Post, "/v1/things".to_owned())
            .with_body(&json!({"usage": "off_session"}))
            .await
            .unwrap_err();
        assert_eq!(err.status(), Some(case.status));
        let api = err.as_api_error().unwrap_or_else(|| panic!("{err:?}"));
        assert_eq!(api.status(), case.status);
        assert_eq!(api.error_type().map(|t| t.as_str()), case.type_);
        assert_eq!(api.code(), case.code);
        assert_eq!(api.message(), case.message);
        assert_eq!(api.raw_body(), None, "parsed bodies are not kept raw");
        assert_eq!(
            api.is_retryable(),
            // A 409 `idempotency_error` is deterministic: not retried.
            matches!(case.status, 429 | 500),
            "{}",
            case.status
        );
        let shown = err.to_string();
        assert!(shown.contains(&case.status.to_string()), "{shown}");
        assert!(shown.contains(case.message.unwrap()), "{shown}");
        assert_no_secrets(&shown);
        assert_no_secrets(&format!("{err:?}"));
        assert_eq!(requests(&server).await.len(), 1);
    }
}

#[tokio::test]
async fn card_error_details_are_exposed() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(402).set_body_json(json!({"error": {
            "type": "card_error", "code": "card_declined",
            "decline_code": "insufficient_funds", "param": "payment_method",
            "message": "Declined."
        }})))
        .mount(&server)
        .await;
    let client = client_for(&server);
    let err = ApiCall::<Thing>::new(&client, Method::Post, "/v1/things/confirm".to_owned())
        .await
        .unwrap_err();
    let api = err.as_api_error().expect("api error");
    assert!(api.is_card_error());
    assert_eq!(api.error_type(), Some(&wooshpay::ErrorType::CardError));
    assert_eq!(api.decline_code(), Some("insufficient_funds"));
    assert_eq!(api.param(), Some("payment_method"));
    assert!(!err.is_retryable());
}

#[tokio::test]
async fn html_502_keeps_truncated_raw_body() {
    let server = MockServer::start().await;
    let html = format!(
        "<html><head><title>502 Bad Gateway</title></head><body>{}</body></html>",
        "x".repeat(10_000)
    );
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(502).set_body_raw(html.into_bytes(), "text/html"))
        .mount(&server)
        .await;
    let client = client_with(&server, SECRET_KEY, 0);
    let err = ApiCall::<Thing>::new(&client, Method::Get, "/v1/things/th_1".to_owned())
        .await
        .unwrap_err();
    let api = err.as_api_error().expect("api error");
    assert_eq!(api.status(), 502);
    assert_eq!(api.error_type(), None);
    assert_eq!(api.message(), None);
    let raw = api.raw_body().expect("raw body kept");
    assert!(raw.starts_with("<html><head><title>502 Bad Gateway</title>"));
    assert!(
        raw.len() < 2100,
        "raw body truncated, got {} bytes",
        raw.len()
    );
    assert!(api.is_retryable());
    let shown = err.to_string();
    assert!(
        shown.contains("502") && shown.contains("Bad Gateway"),
        "{shown}"
    );
    assert!(shown.len() < 400, "Display stays short: {}", shown.len());
}

#[tokio::test]
async fn server_text_echoing_secrets_is_scrubbed() {
    let server = MockServer::start().await;
    // A server that echoes the key in its message and secrets in a raw page.
    Mock::given(method("GET"))
        .and(path("/v1/a"))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({"error": {
            "type": "invalid_request_error",
            "message": format!("Invalid API Key provided: {SECRET_KEY}")
        }})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/b"))
        .respond_with(ResponseTemplate::new(400).set_body_string(format!(
            "bad request for {SECRET_KEY} seti_123_secret_AbCdEf 4242424242424242"
        )))
        .mount(&server)
        .await;
    let client = client_for(&server);
    for p in ["/v1/a", "/v1/b"] {
        let err = ApiCall::<Thing>::new(&client, Method::Get, p.to_owned())
            .await
            .unwrap_err();
        let api = err.as_api_error().expect("api error");
        assert_no_secrets(api.message().unwrap_or_default());
        assert_no_secrets(api.raw_body().unwrap_or_default());
        assert_no_secrets(&err.to_string());
        assert_no_secrets(&format!("{err:?}"));
        assert!(err.to_string().contains("sk_test_****"), "{err}");
    }
}

// ---------------------------------------------------------------------------
// Retries
// ---------------------------------------------------------------------------

#[tokio::test]
async fn retries_500_503_then_succeeds_with_same_idempotency_key() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(500).set_body_json(json!({"error": {"type": "api_error"}})),
        )
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503).set_body_string("unavailable"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(thing("th_ok")))
        .mount(&server)
        .await;
    let client = client_for(&server); // default max_retries = 2

    let got: Thing = ApiCall::new(&client, Method::Post, "/v1/things".to_owned())
        .with_body(&json!({"amount": 5}))
        .await
        .expect("third attempt succeeds");
    assert_eq!(got.id.as_deref(), Some("th_ok"));

    let reqs = requests(&server).await;
    assert_eq!(reqs.len(), 3);
    let keys: Vec<&str> = reqs
        .iter()
        .map(|r| header_str(r, "idempotency-key").expect("key on every attempt"))
        .collect();
    assert!(is_uuid_v4(keys[0]));
    assert!(keys.iter().all(|k| *k == keys[0]), "{keys:?}");
    assert!(reqs.iter().all(|r| r.body == reqs[0].body));
    assert!(reqs
        .iter()
        .all(|r| header_str(r, "authorization").is_some()));
}

#[tokio::test]
async fn retries_are_bounded_by_max_retries() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let client = client_with(&server, SECRET_KEY, 4);
    let err = ApiCall::<Thing>::new(&client, Method::Get, "/v1/things/x".to_owned())
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert_eq!(requests(&server).await.len(), 5, "1 attempt + 4 retries");
}

#[tokio::test]
async fn retry_after_is_honoured_on_429() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("retry-after", "1")
                .set_body_json(json!({"error": {"type": "api_error", "code": "rate_limit"}})),
        )
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(thing("th_1")))
        .mount(&server)
        .await;
    // Backoff alone would wait ~1 ms; only Retry-After explains a ~1 s wait.
    let client = client_for(&server);
    let start = Instant::now();
    let got: Thing = ApiCall::new(&client, Method::Post, "/v1/things".to_owned())
        .await
        .unwrap();
    let waited = start.elapsed();
    assert_eq!(got.id.as_deref(), Some("th_1"));
    let reqs = requests(&server).await;
    assert_eq!(reqs.len(), 2, "the 429 was retried");
    assert_eq!(
        header_str(&reqs[0], "idempotency-key"),
        header_str(&reqs[1], "idempotency-key")
    );
    assert!(
        waited >= Duration::from_millis(900),
        "waited only {waited:?}"
    );
}

#[tokio::test]
async fn non_retryable_400_is_tried_once() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(400).set_body_json(
                json!({"error": {"type": "invalid_request_error", "message": "bad"}}),
            ),
        )
        .mount(&server)
        .await;
    let client = client_with(&server, SECRET_KEY, 5);
    let err = ApiCall::<Thing>::new(&client, Method::Post, "/v1/things".to_owned())
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(400));
    assert!(!err.is_retryable());
    assert_eq!(requests(&server).await.len(), 1);
}

// ---------------------------------------------------------------------------
// Decoding
// ---------------------------------------------------------------------------

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct Intent {
    id: String,
    next_action: Option<NextAction>,
    amount: Option<i64>,
    card: Option<Card>,
    livemode: Option<bool>,
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct NextAction {
    redirect_to_url: Option<RedirectToUrl>,
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct RedirectToUrl {
    url: String,
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct Card {
    number: Option<String>,
}

async fn decode_error_for(body: Value) -> Error {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(&server)
        .await;
    let client = client_for(&server);
    let err = ApiCall::<Intent>::new(&client, Method::Get, "/v1/intents/i_1".to_owned())
        .await
        .unwrap_err();
    assert_eq!(
        requests(&server).await.len(),
        1,
        "decode errors are not retried"
    );
    err
}

#[tokio::test]
async fn mismatched_body_gives_decode_error_with_json_path() {
    let err = decode_error_for(json!({
        "id": "i_1",
        "next_action": {"redirect_to_url": {"url": 5}}
    }))
    .await;
    match &err {
        Error::Decode {
            status,
            path,
            message,
        } => {
            assert_eq!(*status, 200);
            assert_eq!(path, "next_action.redirect_to_url.url");
            assert!(message.contains("invalid type"), "{message}");
        }
        other => panic!("expected Decode, got {other:?}"),
    }
    assert_eq!(err.status(), Some(200));
    assert!(err.to_string().contains("next_action.redirect_to_url.url"));
}

#[tokio::test]
async fn decode_errors_never_echo_secret_values() {
    let cases = [
        // A client secret where a number is expected.
        (
            json!({"id": "i_1", "amount": "seti_123_secret_AbCdEf"}),
            "amount",
        ),
        // A card number where a string is expected.
        (
            json!({"id": "i_1", "card": {"number": 4242424242424242u64}}),
            "card.number",
        ),
        // A CVC where a boolean is expected.
        (json!({"id": "i_1", "livemode": "987"}), "livemode"),
    ];
    for (body, expected_path) in cases {
        let err = decode_error_for(body).await;
        let Error::Decode { path, message, .. } = &err else {
            panic!("expected Decode, got {err:?}");
        };
        assert_eq!(path, expected_path);
        assert!(message.contains("***"), "{message}");
        assert_no_secrets(message);
        assert_no_secrets(&err.to_string());
        assert_no_secrets(&format!("{err:?}"));
    }
    // Field names and enum-like tokens stay readable.
    let err = decode_error_for(json!({"next_action": null})).await;
    assert!(err.to_string().contains("missing field `id`"), "{err}");
}

// ---------------------------------------------------------------------------
// Timeouts and transport errors
// ---------------------------------------------------------------------------

#[tokio::test]
async fn slow_server_times_out() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(thing("th_1"))
                .set_delay(Duration::from_secs(3)),
        )
        .mount(&server)
        .await;
    let client = Client::builder(SECRET_KEY)
        .base_url(server.uri())
        .timeout(Duration::from_millis(200))
        .max_retries(0)
        .build()
        .unwrap();
    let start = Instant::now();
    let err = ApiCall::<Thing>::new(&client, Method::Get, "/v1/things/th_1".to_owned())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
    assert!(err.is_retryable());
    assert!(
        start.elapsed() < Duration::from_secs(3),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(requests(&server).await.len(), 1);
}

#[tokio::test]
async fn timeouts_are_retried() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(thing("th_1"))
                .set_delay(Duration::from_secs(3)),
        )
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(thing("th_2")))
        .mount(&server)
        .await;
    let client = Client::builder(SECRET_KEY)
        .base_url(server.uri())
        .timeout(Duration::from_millis(300))
        .max_retries(1)
        .retry_base_delay(Duration::from_millis(1))
        .build()
        .unwrap();
    let got: Thing = ApiCall::new(&client, Method::Post, "/v1/things".to_owned())
        .await
        .unwrap();
    assert_eq!(got.id.as_deref(), Some("th_2"));
    let reqs = requests(&server).await;
    assert_eq!(reqs.len(), 2);
    assert_eq!(
        header_str(&reqs[0], "idempotency-key"),
        header_str(&reqs[1], "idempotency-key")
    );
}

#[tokio::test]
async fn connection_refused_is_a_transport_error() {
    // Grab a free loopback port, then close it.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let client = Client::builder(SECRET_KEY)
        .base_url(format!("http://127.0.0.1:{port}"))
        .max_retries(1)
        .retry_base_delay(Duration::from_millis(1))
        .build()
        .unwrap();
    let err = ApiCall::<Thing>::new(&client, Method::Post, "/v1/things".to_owned())
        .with_body(&json!({"client_secret": "seti_123_secret_AbCdEf"}))
        .await
        .unwrap_err();
    let Error::Transport(transport) = &err else {
        panic!("expected Transport, got {err:?}");
    };
    assert!(transport.is_connect());
    assert_eq!(transport.path(), "/v1/things");
    assert_eq!(err.status(), None);
    let shown = err.to_string();
    assert!(shown.contains("POST /v1/things"), "{shown}");
    assert_no_secrets(&shown);
    assert_no_secrets(&format!("{err:?}"));
    let mut source = std::error::Error::source(&err);
    while let Some(s) = source {
        assert_no_secrets(&s.to_string());
        source = s.source();
    }
}

// ---------------------------------------------------------------------------
// Pagination
// ---------------------------------------------------------------------------

/// Serves `pages[i]` for the i-th request, recording nothing itself
/// (wiremock records the requests).
struct Pages {
    pages: Vec<Value>,
    next: AtomicUsize,
}

impl Pages {
    fn new(pages: Vec<Value>) -> Self {
        Pages {
            pages,
            next: AtomicUsize::new(0),
        }
    }
}

impl Respond for Pages {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        let i = self.next.fetch_add(1, Ordering::SeqCst);
        match self.pages.get(i) {
            Some(page) => ResponseTemplate::new(200).set_body_json(page),
            None => ResponseTemplate::new(418).set_body_string("too many requests for the test"),
        }
    }
}

fn three_pages() -> Vec<Value> {
    vec![
        json!({"object": "list", "has_more": true, "data": [thing("th_a"), thing("th_b")]}),
        json!({"object": "list", "has_more": true, "data": [thing("th_c"), thing("th_d")]}),
        json!({"object": "list", "has_more": false, "data": [thing("th_e")]}),
    ]
}

async fn collect_ids(call: ApiCall<'_, List<Thing>>) -> Vec<String> {
    let items: Vec<Thing> =
        tokio::time::timeout(Duration::from_secs(10), call.into_stream().try_collect())
            .await
            .expect("stream ends")
            .expect("no error");
    items.into_iter().map(|t| t.id.unwrap()).collect()
}

#[tokio::test]
async fn pagination_follows_starting_after_in_the_body() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/things"))
        .respond_with(Pages::new(three_pages()))
        .mount(&server)
        .await;
    let client = client_for(&server);
    let filters = json!({"limit": 2, "customer": "cus_1", "created": {"gte": "1700000000"}});
    let call = ApiCall::new(&client, Method::Get, "/v1/things".to_owned()).with_body(&filters);

    assert_eq!(
        collect_ids(call).await,
        ["th_a", "th_b", "th_c", "th_d", "th_e"]
    );

    let reqs = requests(&server).await;
    assert_eq!(reqs.len(), 3);
    let bodies: Vec<Value> = reqs.iter().map(|r| r.body_json().unwrap()).collect();
    let with_cursor = |c: &str| {
        let mut b = filters.clone();
        b["starting_after"] = json!(c);
        b
    };
    assert_eq!(
        bodies,
        [filters.clone(), with_cursor("th_b"), with_cursor("th_d")]
    );
    assert!(reqs.iter().all(|r| r.url.query().is_none()));
    assert!(reqs
        .iter()
        .all(|r| header_str(r, "idempotency-key").is_none()));
}

#[tokio::test]
async fn pagination_follows_starting_after_in_the_query() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/things"))
        .respond_with(Pages::new(three_pages()))
        .mount(&server)
        .await;
    let client = client_for(&server);
    let call = ApiCall::new(&client, Method::Get, "/v1/things".to_owned())
        .with_query(&json!({"limit": 2, "customer": "cus_1"}));

    assert_eq!(
        collect_ids(call).await,
        ["th_a", "th_b", "th_c", "th_d", "th_e"]
    );

    let reqs = requests(&server).await;
    assert_eq!(reqs.len(), 3);
    let queries: Vec<Vec<(String, String)>> = reqs
        .iter()
        .map(|r| {
            let mut q: Vec<(String, String)> = r
                .url
                .query_pairs()
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect();
            q.sort();
            q
        })
        .collect();
    let expect = |cursor: Option<&str>| {
        let mut q = vec![
            ("customer".to_owned(), "cus_1".to_owned()),
            ("limit".to_owned(), "2".to_owned()),
        ];
        if let Some(c) = cursor {
            q.push(("starting_after".to_owned(), c.to_owned()));
        }
        q.sort();
        q
    };
    assert_eq!(
        queries,
        [expect(None), expect(Some("th_b")), expect(Some("th_d"))]
    );
    assert!(reqs.iter().all(|r| r.body.is_empty()));
}

#[tokio::test]
async fn pagination_stops_on_empty_page_even_if_has_more() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"object": "list", "has_more": true, "data": []})),
        )
        .mount(&server)
        .await;
    let client = client_for(&server);
    let call = ApiCall::new(&client, Method::Get, "/v1/things".to_owned());
    assert!(collect_ids(call).await.is_empty());
    assert_eq!(requests(&server).await.len(), 1);
}

#[tokio::test]
async fn pagination_stops_when_server_ignores_the_cursor() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(
                json!({"object": "list", "has_more": true, "data": [thing("th_same")]}),
            ),
        )
        .mount(&server)
        .await;
    let client = client_for(&server);
    let call = ApiCall::new(&client, Method::Get, "/v1/things".to_owned());
    // The repeated page yields nothing new, and its cursor ends paging.
    assert_eq!(collect_ids(call).await, ["th_same"]);
    assert_eq!(
        requests(&server).await.len(),
        2,
        "a repeated cursor ends paging"
    );
}

#[tokio::test]
async fn pagination_stops_when_last_item_has_no_id_or_has_more_is_false() {
    for page in [
        json!({"object": "list", "has_more": true, "data": [thing("th_a"), {"object": "thing"}]}),
        json!({"object": "list", "has_more": false, "data": [thing("th_a"), thing("th_b")]}),
    ] {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(200).set_body_json(page))
            .mount(&server)
            .await;
        let client = client_for(&server);
        let items: Vec<Thing> = ApiCall::new(&client, Method::Get, "/v1/things".to_owned())
            .into_stream()
            .try_collect()
            .await
            .unwrap();
        assert_eq!(items.len(), 2);
        assert_eq!(requests(&server).await.len(), 1);
    }
}

#[tokio::test]
async fn pagination_error_is_yielded_once_then_the_stream_ends() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(Pages::new(vec![json!({
            "object": "list", "has_more": true, "data": [thing("th_a")]
        })]))
        .mount(&server)
        .await;
    let client = client_for(&server);
    let results: Vec<Result<Thing, Error>> =
        ApiCall::new(&client, Method::Get, "/v1/things".to_owned())
            .into_stream()
            .collect()
            .await;
    assert_eq!(results.len(), 2);
    assert_eq!(results[0].as_ref().unwrap().id.as_deref(), Some("th_a"));
    assert_eq!(results[1].as_ref().unwrap_err().status(), Some(418));
    assert_eq!(requests(&server).await.len(), 2);
}

// ---------------------------------------------------------------------------
// Configuration and redaction
// ---------------------------------------------------------------------------

#[test]
fn client_new_picks_host_from_key_and_rejects_other_keys() {
    let test = Client::new("sk_test_abc").unwrap();
    assert_eq!(test.base_url(), "https://apitest.wooshpay.com");
    assert!(!test.is_live());
    let live = Client::new("sk_live_abc").unwrap();
    assert_eq!(live.base_url(), "https://api.wooshpay.com");
    assert!(live.is_live());
    assert_eq!(test.timeout(), Duration::from_secs(30));
    assert_eq!(test.max_retries(), 2);

    for bad in [
        "pk_test_LeakCanaryQwErTy0123",
        "rk_live_LeakCanaryQwErTy0123",
        "sk_LeakCanaryQwErTy0123",
        "LeakCanaryQwErTy0123",
        "sk_test_",
        "sk_test_LeakCanary QwErTy0123",
        "",
    ] {
        let err = Client::new(bad).unwrap_err();
        assert!(matches!(err, Error::Config(_)), "{bad:?}: {err:?}");
        assert_no_secrets(&err.to_string());
        assert_no_secrets(&format!("{err:?}"));
        assert!(!err.to_string().contains("LeakCanary"), "{err}");
    }
}

#[test]
fn base_url_override_requires_https_or_loopback() {
    let build = |url: &str| Client::builder(SECRET_KEY).base_url(url).build();
    for ok in [
        "http://127.0.0.1:8080",
        "http://127.1.2.3",
        "http://localhost:3000/",
        "http://[::1]:9000",
        "https://proxy.example.com/wooshpay/",
    ] {
        let client = build(ok).unwrap_or_else(|e| panic!("{ok}: {e}"));
        assert!(!client.base_url().ends_with('/'), "{}", client.base_url());
    }
    for bad in [
        "http://api.wooshpay.com",
        "http://10.0.0.1",
        "http://localhost.evil.com",
        "http://127.0.0.1.nip.io",
        "ftp://127.0.0.1",
        "not a url",
        "https://user:pass@example.com",
    ] {
        let err = build(bad).unwrap_err();
        assert!(matches!(err, Error::Config(_)), "{bad}: {err:?}");
        assert_no_secrets(&err.to_string());
    }
}

#[tokio::test]
async fn debug_and_display_never_show_the_key() {
    let server = MockServer::start().await;
    let client = client_for(&server);
    let shown = format!("{client:?}");
    assert!(shown.contains("sk_test_****"), "{shown}");
    assert!(shown.contains(&server.uri()), "{shown}");
    assert!(shown.contains("max_retries"), "{shown}");
    assert_no_secrets(&shown);
    assert_no_secrets(&format!("{:?}", Client::builder(SECRET_KEY)));
    assert_no_secrets(&format!("{:#?}", client.clone()));

    let call = ApiCall::<Thing>::new(&client, Method::Post, "/v1/things".to_owned())
        .with_body(&json!({"client_secret": "seti_123_secret_AbCdEf", "card": {"number": "4242424242424242", "cvc": "987"}}))
        .idempotency_key("k");
    let shown = format!("{call:?}");
    assert!(
        shown.contains("Post") && shown.contains("/v1/things"),
        "{shown}"
    );
    assert_no_secrets(&shown);

    // Every error variant.
    Mock::given(method("GET"))
        .and(path("/v1/api"))
        .respond_with(ResponseTemplate::new(401).set_body_json(
            json!({"error": {"type": "invalid_request_error", "message": format!("bad key {SECRET_KEY}")}}),
        ))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/decode"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"id": "x", "amount": "seti_123_secret_AbCdEf"})),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/slow"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(2)))
        .mount(&server)
        .await;
    let fast_timeout = Client::builder(SECRET_KEY)
        .base_url(server.uri())
        .timeout(Duration::from_millis(100))
        .max_retries(0)
        .build()
        .unwrap();
    let refused = Client::builder(SECRET_KEY)
        .base_url("http://127.0.0.1:1")
        .max_retries(0)
        .build()
        .unwrap();

    let errors = vec![
        get(&client, "/v1/api").await.unwrap_err(),
        get(&fast_timeout, "/v1/slow").await.unwrap_err(),
        get(&client, "/v1/decode").await.unwrap_err(),
        get(&refused, "/v1/things").await.unwrap_err(),
        ApiCall::<Thing>::new(&client, Method::Post, "/v1/things".to_owned())
            .with_body(&FailingParams)
            .send()
            .await
            .unwrap_err(),
        ApiCall::<Thing>::new(&client, Method::Get, "/v1/things/".to_owned())
            .send()
            .await
            .unwrap_err(),
        Client::new("pk_test_LeakCanaryQwErTy0123").unwrap_err(),
    ];
    let kinds: Vec<&str> = errors
        .iter()
        .map(|e| match e {
            Error::Api(_) => "api",
            Error::Timeout { .. } => "timeout",
            Error::Decode { .. } => "decode",
            Error::Transport(_) => "transport",
            Error::Serialize(_) => "serialize",
            Error::Request(_) => "request",
            Error::Config(_) => "config",
            _ => "other",
        })
        .collect();
    assert_eq!(
        kinds,
        [
            "api",
            "timeout",
            "decode",
            "transport",
            "serialize",
            "request",
            "config"
        ]
    );
    for err in &errors {
        assert_no_secrets(&err.to_string());
        assert_no_secrets(&format!("{err:?}"));
        assert_no_secrets(&format!("{err:#?}"));
    }
}

async fn get(client: &Client, p: &str) -> Result<Thing, Error> {
    ApiCall::<Thing>::new(client, Method::Get, p.to_owned()).await
}

/// Parameters whose serialization fails with a message quoting a secret.
struct FailingParams;

impl serde::Serialize for FailingParams {
    fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
        Err(serde::ser::Error::custom(format!(
            "cannot serialize \"{SECRET_KEY}\" or \"seti_123_secret_AbCdEf\""
        )))
    }
}

#[tokio::test]
async fn serialize_failure_is_reported_at_send_without_a_request() {
    let server = MockServer::start().await;
    let client = client_for(&server);
    let err = ApiCall::<Thing>::new(&client, Method::Post, "/v1/things".to_owned())
        .with_body(&FailingParams)
        .await
        .unwrap_err();
    let Error::Serialize(message) = &err else {
        panic!("expected Serialize, got {err:?}");
    };
    assert!(message.contains("cannot serialize"), "{message}");
    assert_no_secrets(message);
    // Query params must be an object.
    let err = ApiCall::<Thing>::new(&client, Method::Get, "/v1/things".to_owned())
        .with_query(&["not", "an", "object"])
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Serialize(_)), "{err:?}");
    assert!(requests(&server).await.is_empty());
}

#[test]
fn calls_streams_and_futures_are_send() {
    fn assert_send<T: Send>(_: &T) {}
    let client = Client::new("sk_test_abc").unwrap();
    let call = ApiCall::<List<Thing>>::new(&client, Method::Get, "/v1/things".to_owned());
    let future = std::future::IntoFuture::into_future(call.clone());
    assert_send(&future);
    assert_send(&call.into_stream());
}
