//! The third adversarial review (issue 18), client and webhook half: every
//! member of an error body is scrubbed, and scrubbed before it is cut; an
//! escape-hatch path cannot leave `/v1/` once the URL is parsed; webhook
//! verification costs one HMAC however many candidates a header lists, with
//! bounded header and body; any-JSON members and unknown enum values are
//! redacted in `Debug`; extreme durations neither panic nor overflow; a
//! known kind of object that does not decode is told apart from a new kind.

use std::time::Duration;

use serde_json::{json, Value};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};
use wooshpay::{
    ApiCall, Client, Error, ErrorType, EventData, EventObject, MalformedHeader, Method, Webhook,
    WebhookError,
};

const KEY: &str = "sk_test_51LeakCanaryQwErTy0123";
/// base64("sk_test_51LeakCanaryQwErTy0123:"), computed with
/// `printf 'sk_test_51LeakCanaryQwErTy0123:' | base64`.
const KEY_BASIC: &str = "c2tfdGVzdF81MUxlYWtDYW5hcnlRd0VyVHkwMTIzOg==";
const CARD: &str = "4000056655665556";
const CVC: &str = "9183";
const CLIENT_SECRET: &str = "seti_1Q2w3E_secret_ZyXwVuTsRq";

fn client(server: &MockServer) -> Client {
    Client::builder(KEY)
        .base_url(server.uri())
        .max_retries(0)
        .build()
        .expect("client")
}

/// A POST whose body carries every kind of request secret.
fn call_with_secrets(client: &Client) -> ApiCall<'_, Value> {
    client
        .request(Method::Post, "/v1/setup_intents")
        .body(&json!({
            "client_secret": CLIENT_SECRET,
            "payment_method_data": {"card": {"number": CARD, "cvc": CVC}},
        }))
}

/// Fails when `shown` holds any secret, or a telling piece of one.
fn assert_no_secret(what: &str, shown: &str) {
    for secret in [
        KEY,
        &KEY[8..],
        KEY_BASIC,
        KEY_BASIC.trim_end_matches('='),
        &KEY_BASIC[..12],
        CARD,
        &CARD[..11],
        CLIENT_SECRET,
        "secret_ZyXw",
    ] {
        assert!(!shown.contains(secret), "{what} shows `{secret}`: {shown}");
    }
    assert!(
        !shown.contains(&format!("cvc {CVC}")),
        "{what} shows the CVC: {shown}"
    );
}

#[tokio::test]
async fn every_error_member_is_scrubbed_including_an_unknown_type() {
    let server = MockServer::start().await;
    let echo = format!("Basic {KEY_BASIC} card {CARD} cvc {CVC} {CLIENT_SECRET}");
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({"error": {
            "type": echo, "code": echo, "decline_code": echo, "param": echo,
            "message": echo, "doc_url": echo,
        }})))
        .mount(&server)
        .await;
    let client = client(&server);
    let error = call_with_secrets(&client).await.unwrap_err();
    assert_no_secret("Display", &error.to_string());
    assert_no_secret("Debug", &format!("{error:?}"));
    let api = error.as_api_error().expect("an API error");
    let Some(ErrorType::Unknown(kind)) = api.error_type() else {
        panic!("the echoed type is not an unknown ErrorType: {api:?}");
    };
    assert_no_secret("ErrorType::Unknown", kind);
    assert!(kind.contains("[REDACTED]"), "{kind}");
}

#[tokio::test]
async fn a_secret_that_crosses_the_raw_body_cut_is_masked_whole() {
    let server = MockServer::start().await;
    // The raw body is cut at 2 KiB: put each secret across the cut.
    let mut bodies = Vec::new();
    for secret in [KEY_BASIC, CARD] {
        let mut body = "x".repeat(2048 - secret.len() / 2);
        body.insert(0, '<');
        body.push(' ');
        body.push_str(secret);
        body.push_str(" tail>");
        bodies.push(body);
    }
    for body in bodies {
        server.reset().await;
        Mock::given(method("POST"))
            .respond_with(ResponseTemplate::new(502).set_body_string(body))
            .mount(&server)
            .await;
        let client = client(&server);
        let error = call_with_secrets(&client).await.unwrap_err();
        let raw = error.as_api_error().and_then(|e| e.raw_body()).unwrap();
        assert!(raw.len() <= 2048 + "…[truncated]".len(), "{}", raw.len());
        assert_no_secret("raw_body", raw);
        assert_no_secret("Debug", &format!("{error:?}"));
    }
}

#[tokio::test]
async fn escape_hatch_paths_that_leave_v1_once_parsed_are_never_sent() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .mount(&server)
        .await;
    // Behind a gateway prefix, `..` would reach the gateway's other services.
    let client = Client::builder(KEY)
        .base_url(format!("{}/wooshpay", server.uri()))
        .max_retries(0)
        .build()
        .unwrap();
    for path in [
        "/v1/%2e%2e\\admin",
        "/v1/x\\..\\..\\admin",
        "/v1/%2e%2e/%2E%2E/admin",
        "/v1/%2e/customers",
        "/v1/a\\\\b",
        "/v1/%2e%2e%5cadmin",
    ] {
        let result: Result<Value, Error> = client.request(Method::Get, path).await;
        match result {
            Err(Error::Request(reason)) => assert!(!reason.contains("admin"), "{reason}"),
            other => panic!("{path}: {other:?}"),
        }
    }
    assert_eq!(
        server.received_requests().await.unwrap().len(),
        0,
        "a request left the client"
    );
    // An ordinary path still goes out, under the prefix.
    let _: Value = client
        .request(Method::Get, "/v1/customers/cus_1")
        .await
        .unwrap();
    let sent = server.received_requests().await.unwrap();
    assert_eq!(sent[0].url.path(), "/wooshpay/v1/customers/cus_1");
}

const SECRET: &str = "whsec_round_three";
const BODY: &str = r#"{"id":"evt_1","object":"event","type":"setup_intent.succeeded","data":{"object":{"object":"setup_intent","id":"seti_1","status":"succeeded"}}}"#;
const NOW: i64 = 1_700_000_000;

fn verify(body: &[u8], header: &str) -> Result<(), WebhookError> {
    Webhook::verify_signature(body, header, SECRET, Webhook::DEFAULT_TOLERANCE, NOW)
}

#[test]
fn webhook_headers_and_bodies_are_bounded_before_anything_is_authenticated() {
    let good = Webhook::signature_header(BODY, SECRET, NOW);
    let signature = good.split_once(",v1=").unwrap().1;
    let wrong = "0".repeat(64);
    // The right signature among the most candidates allowed still verifies.
    let mut header = format!("t={NOW}");
    for _ in 1..Webhook::MAX_SIGNATURES {
        header.push_str(&format!(",v1={wrong}"));
    }
    header.push_str(&format!(",v1={signature}"));
    assert!(header.len() <= Webhook::MAX_HEADER_BYTES);
    verify(BODY.as_bytes(), &header).expect("the last of eight candidates matches");
    // One more candidate is refused without hashing.
    let crowded = format!("{header},v1={wrong}");
    assert_eq!(
        verify(BODY.as_bytes(), &crowded),
        Err(WebhookError::MalformedHeader(
            MalformedHeader::TooManySignatures
        ))
    );
    // The review's header: thousands of short `v1=` entries.
    let long = format!("t={NOW}{}", ",v1=00".repeat(60_000));
    assert_eq!(
        verify(BODY.as_bytes(), &long),
        Err(WebhookError::MalformedHeader(MalformedHeader::TooLong))
    );
    // A body over the cap is refused, even when correctly signed.
    let big = vec![b' '; Webhook::MAX_PAYLOAD_BYTES + 1];
    let big_header = Webhook::signature_header(std::str::from_utf8(&big).unwrap(), SECRET, NOW);
    assert_eq!(
        verify(&big, &big_header),
        Err(WebhookError::PayloadTooLarge {
            limit: Webhook::MAX_PAYLOAD_BYTES
        })
    );
}

#[test]
fn any_json_members_and_unknown_enum_values_are_redacted_in_debug() {
    let data: EventData = serde_json::from_value(json!({
        "object": {"object": "setup_intent", "id": "seti_1"},
        "previous_attributes": {
            "client_secret": CLIENT_SECRET,
            "payment_method_details": {"card": {"Number": CARD, "CVC": CVC, "pan": 4000056655665556u64}},
            "clientSecret": CLIENT_SECRET,
            "note": format!("card {CARD}"),
        }
    }))
    .unwrap();
    let shown = format!("{data:?}");
    assert_no_secret("EventData Debug", &shown);
    assert!(!shown.contains(CVC), "{shown}");
    assert!(shown.contains("previous_attributes"), "{shown}");
    // Unknown enum values keep their text, but not in `Debug`.
    let kind = ErrorType::from(format!("card {CARD} and {CLIENT_SECRET}").as_str());
    assert_no_secret("ErrorType Debug", &format!("{kind:?}"));
    assert!(format!("{kind:?}").starts_with("Unknown("), "{kind:?}");
    assert_eq!(format!("{:?}", ErrorType::CardError), "CardError");
}

#[tokio::test]
async fn extreme_durations_are_cut_at_build_and_never_panic() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let longest = Client::builder(KEY)
        .base_url(server.uri())
        .timeout(Duration::MAX)
        .max_total_time(Duration::MAX)
        .retry_base_delay(Duration::MAX)
        .max_retries(0)
        .build()
        .expect("Duration::MAX is accepted");
    assert!(longest.max_total_time() <= Duration::from_secs(366 * 24 * 3600));
    assert!(longest.timeout() <= Duration::from_secs(366 * 24 * 3600));
    let result: Result<Value, Error> = longest.request(Method::Get, "/v1/balance").await;
    assert_eq!(result.unwrap_err().status(), Some(503));
    // A retry whose wait would end past the total bound is not started.
    let bounded = Client::builder(KEY)
        .base_url(server.uri())
        .max_total_time(Duration::from_secs(10))
        .retry_base_delay(Duration::MAX)
        .build()
        .unwrap();
    let started = std::time::Instant::now();
    let result: Result<Value, Error> = bounded.request(Method::Get, "/v1/balance").await;
    assert_eq!(result.unwrap_err().status(), Some(503));
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

#[test]
fn a_known_kind_that_does_not_decode_is_told_apart_from_a_new_kind() {
    let known_but_broken = r#"{"id":"evt_2","object":"event","type":"payment_intent.succeeded","data":{"object":{"object":"payment_intent","id":{"not":"an id"},"amount":1000}}}"#;
    let header = Webhook::signature_header(known_but_broken, SECRET, NOW);
    let event = Webhook::construct_event_at(
        known_but_broken,
        &header,
        SECRET,
        Webhook::DEFAULT_TOLERANCE,
        NOW,
    )
    .expect("the event itself decodes");
    let object = event.data.object.expect("an object");
    assert!(matches!(object, EventObject::Unknown(_)));
    let failure = object.decode_failure().expect("a known kind that failed");
    assert_eq!(failure.kind(), "payment_intent");
    assert_eq!(failure.path(), "id");
    assert!(failure.to_string().contains("payment_intent"), "{failure}");

    let new_kind = r#"{"id":"evt_3","object":"event","type":"thing.created","data":{"object":{"object":"brand_new_thing","id":"bnt_1"}}}"#;
    let header = Webhook::signature_header(new_kind, SECRET, NOW);
    let event =
        Webhook::construct_event_at(new_kind, &header, SECRET, Webhook::DEFAULT_TOLERANCE, NOW)
            .unwrap();
    let object = event.data.object.expect("an object");
    assert!(matches!(object, EventObject::Unknown(_)));
    assert_eq!(object.decode_failure(), None);
}
