//! With the `tracing` feature, each call is one span (method, path
//! template, attempt, status, request id, idempotency key, elapsed time)
//! with events for retries; a captured subscriber at TRACE level shows them
//! and never a secret: not the API key (plain or Basic), a client secret, a
//! card number, a CVC, an extra header's value or a query value.

use std::cell::RefCell;
use std::io::Write;
use std::sync::{Arc, Mutex, Once};
use std::time::Duration;

use serde_json::json;
use tracing_subscriber::fmt::format::FmtSpan;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};
use wooshpay::{Client, Method, RawObject};

const KEY: &str = "sk_test_51TraceCanaryKey0987";
/// `printf 'sk_test_51TraceCanaryKey0987:' | base64`
const BASIC: &str = "c2tfdGVzdF81MVRyYWNlQ2FuYXJ5S2V5MDk4Nzo=";
const CLIENT_SECRET: &str = "seti_1Trace_secret_CanaryCs55";
const CARD_NUMBER: &str = "4242424242424242";
const CVC: &str = "913";
const HEADER_VALUE: &str = "partner-token-Canary31";
const QUERY_VALUE: &str = "query-value-Canary77";

/// Everything the subscriber printed on one test's thread.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Captured {
    fn text(&self) -> String {
        String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
    }
}

thread_local! {
    /// Where the subscriber writes on this thread, while a test captures.
    static CAPTURING: RefCell<Option<Captured>> = const { RefCell::new(None) };
}

/// Writes to the buffer of the test running on the current thread, if any.
struct ThreadWriter;

impl Write for ThreadWriter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        CAPTURING.with(|slot| {
            if let Some(captured) = slot.borrow().as_ref() {
                captured.0.lock().unwrap().extend_from_slice(bytes);
            }
        });
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Stops capturing on this thread when dropped.
struct CaptureGuard;

impl Drop for CaptureGuard {
    fn drop(&mut self) {
        CAPTURING.with(|slot| slot.borrow_mut().take());
    }
}

/// Captures what this thread (the test's current-thread runtime) prints:
/// every event of every crate at TRACE, and each span when it closes with
/// all its fields.
///
/// One process-wide subscriber, not one scoped per test: with scoped
/// subscribers set and dropped on parallel test threads, tracing's cached
/// callsite interest and max level can be rebuilt while another test's
/// subscriber is gone, and that test then silently misses events (CI saw a
/// span close go missing).
fn capture() -> (Captured, CaptureGuard) {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let subscriber = tracing_subscriber::fmt()
            .with_writer(|| ThreadWriter)
            .with_max_level(tracing::Level::TRACE)
            .with_span_events(FmtSpan::CLOSE)
            .with_ansi(false)
            .finish();
        tracing::subscriber::set_global_default(subscriber).expect("no other subscriber");
    });
    let captured = Captured::default();
    CAPTURING.with(|slot| *slot.borrow_mut() = Some(captured.clone()));
    (captured, CaptureGuard)
}

fn assert_no_secret(text: &str) {
    for secret in [
        KEY,
        "TraceCanaryKey0987",
        BASIC,
        CLIENT_SECRET,
        "CanaryCs55",
        CARD_NUMBER,
        HEADER_VALUE,
        QUERY_VALUE,
    ] {
        assert!(
            !text.contains(secret),
            "`{secret}` reached the subscriber:\n{text}"
        );
    }
    assert!(!text.contains(&format!("cvc={CVC}")) && !text.contains(&format!("\"{CVC}\"")));
}

#[tokio::test]
async fn a_retried_call_is_one_span_with_retry_events_and_no_secret() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/setup_intents/seti_1Trace/confirm"))
        .respond_with(ResponseTemplate::new(503).insert_header("Request-Id", "req_first_1"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v1/setup_intents/seti_1Trace/confirm"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("Request-Id", "req_second_2")
                .set_body_json(json!({
                    "id": "seti_1Trace", "object": "setup_intent", "created": 1,
                    "livemode": false, "status": "succeeded",
                    "client_secret": CLIENT_SECRET,
                })),
        )
        .mount(&server)
        .await;
    let client = Client::builder(KEY)
        .base_url(server.uri())
        .retry_base_delay(Duration::from_millis(1))
        .build()
        .unwrap();

    let (captured, _guard) = capture();
    let params: wooshpay::ConfirmSetupIntentParams = serde_json::from_value(json!({
        "payment_method_data": {
            "type": "card",
            "card": {"number": CARD_NUMBER, "cvc": CVC, "exp_month": "12", "exp_year": "2030"}
        },
        "return_url": "https://example.com/done",
    }))
    .unwrap();
    let intent = wooshpay::setup_intents::confirm(&client, "seti_1Trace", &params)
        .idempotency_key("order-42-confirm")
        .header("X-Partner", HEADER_VALUE)
        .await
        .unwrap();
    assert_eq!(intent.id.as_str(), "seti_1Trace");
    let text = captured.text();

    // One span per call, closed once, with the template (not the id).
    let closed = text
        .lines()
        .filter(|line| line.contains("wooshpay.request") && line.contains("close"))
        .count();
    assert_eq!(closed, 1, "{text}");
    let close = text
        .lines()
        .find(|line| line.contains("wooshpay.request") && line.contains("close"))
        .unwrap_or_else(|| panic!("no closed span:\n{text}"));
    for field in [
        "method=\"POST\"",
        "path=/v1/setup_intents/{id}/confirm",
        "idempotency_key=\"order-42-confirm\"",
        "attempt=2",
        "status=200",
        "request_id=\"req_second_2\"",
        "elapsed_ms=",
    ] {
        assert!(close.contains(field), "`{field}` missing from {close}");
    }
    assert!(
        !text.contains("seti_1Trace/"),
        "the filled path leaked:\n{text}"
    );
    // The retry: which attempt, why, how long the wait.
    let retry = text
        .lines()
        .find(|line| line.contains("retrying"))
        .unwrap_or_else(|| panic!("no retry event:\n{text}"));
    assert!(retry.contains("attempt=1"), "{retry}");
    assert!(retry.contains("reason=\"server error\""), "{retry}");
    assert!(retry.contains("wait_ms="), "{retry}");
    // Each response, with its status and request id.
    assert!(text.contains("status=503"), "{text}");
    assert!(text.contains("req_first_1"), "{text}");
    assert_no_secret(&text);
}

#[tokio::test]
async fn escape_hatch_calls_name_a_template_and_never_a_query_value() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/customers/cus_9Zz"))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({
            "error": {"type": "invalid_request_error", "message": format!("No such customer; key {KEY}")}
        })))
        .mount(&server)
        .await;
    let client = Client::builder(KEY).base_url(server.uri()).build().unwrap();
    let (captured, _guard) = capture();
    let err = client
        .request::<RawObject>(Method::Get, "/v1/customers/cus_9Zz")
        .query(&json!({"email": QUERY_VALUE}))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(404));
    let text = captured.text();
    let close = text
        .lines()
        .find(|line| line.contains("wooshpay.request") && line.contains("close"))
        .unwrap_or_else(|| panic!("no closed span:\n{text}"));
    assert!(close.contains("path=/v1/customers/{id}"), "{close}");
    assert!(
        close.contains("method=\"GET\"") && close.contains("status=404"),
        "{close}"
    );
    assert!(close.contains("attempt=1"), "{close}");
    assert!(
        !close.contains("idempotency_key"),
        "a GET has none: {close}"
    );
    assert!(!text.contains("retrying"), "404 is not retried:\n{text}");
    assert!(!text.contains("cus_9Zz"), "{text}");
    assert!(
        !text.contains("No such customer"),
        "server text stays out:\n{text}"
    );
    assert_no_secret(&text);
}

#[tokio::test]
async fn giving_up_is_an_event_too() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "0"))
        .mount(&server)
        .await;
    let client = Client::builder(KEY).base_url(server.uri()).build().unwrap();
    let (captured, _guard) = capture();
    let err = client
        .request::<RawObject>(Method::Post, "/v1/customers")
        .max_retries(0)
        .await
        .unwrap_err();
    assert!(err.is_rate_limited());
    let text = captured.text();
    let gave_up = text
        .lines()
        .find(|line| line.contains("not retrying"))
        .unwrap_or_else(|| panic!("no event:\n{text}"));
    assert!(gave_up.contains("reason=\"rate limited\""), "{gave_up}");
    assert!(gave_up.contains("out_of_time=false"), "{gave_up}");
    assert_no_secret(&text);
}

/// Each member that did not fit is one warn event with its full path and
/// type names (once, though the list, its items and their nested objects
/// are each decoded on their own), never its value; the decode itself is
/// the same with or without a subscriber.
#[tokio::test]
async fn each_unfit_member_is_one_event_at_its_full_path_without_its_value() {
    let intent = |n: u32| {
        json!({
            "id": format!("pi_{n}"), "object": "payment_intent", "amount": 100, "currency": "usd",
            "created": 1, "livemode": false, "status": "succeeded",
        })
    };
    let mut odd = intent(2);
    odd["amount_received"] = json!(CLIENT_SECRET);
    odd["shipping"] = json!({"name": "Jenny", "address": {"city": 5}});
    let page = json!({"object": "list", "has_more": false, "data": [intent(1), odd]});
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/payment_intents"))
        .respond_with(ResponseTemplate::new(200).set_body_json(&page))
        .mount(&server)
        .await;
    let client = Client::builder(KEY).base_url(server.uri()).build().unwrap();
    let list = || {
        client
            .request::<wooshpay::List<wooshpay::PaymentIntent>>(Method::Get, "/v1/payment_intents")
    };
    let unseen = list().await.unwrap();

    let (captured, _guard) = capture();
    let seen = list().await.unwrap();
    assert_eq!(seen, unseen);
    let text = captured.text();
    let events: Vec<&str> = text
        .lines()
        .filter(|line| line.contains("did not fit its type"))
        .collect();
    assert_eq!(events.len(), 2, "{text}");
    assert!(
        events[0].contains("path=\"data[1].amount_received\"")
            && events[0].contains("expected=\"int64\""),
        "{text}"
    );
    assert!(
        events[1].contains("path=\"data[1].shipping.address.city\"")
            && events[1].contains("found=\"number\""),
        "{text}"
    );
    assert!(events.iter().all(|line| line.contains("WARN")), "{text}");
    assert_eq!(seen.unfit_members().len(), 2);
    assert_no_secret(&text);
}
