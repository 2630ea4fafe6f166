//! The questions asked of a failed call, answered on `Error` against a real
//! loopback server: a decline, a rate limit, a timeout, a refused and a
//! dropped connection each answer their own predicate and no other.

use std::time::Duration;

use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};
use wooshpay::{Client, Error, Method, RawObject};

const KEY: &str = "sk_test_51PredicatesCanary7";

fn client(base_url: &str) -> Client {
    Client::builder(KEY)
        .base_url(base_url)
        .retry_base_delay(Duration::from_millis(1))
        .max_retries(1)
        .build()
        .unwrap()
}

async fn charge(client: &Client) -> Error {
    client
        .request::<RawObject>(Method::Post, "/v1/payment_intents/pi_1/confirm")
        .body(&json!({"payment_method": "pm_1"}))
        .await
        .unwrap_err()
}

/// Which predicates an error answers yes to, for one-line assertions.
fn answers(e: &Error) -> Vec<&'static str> {
    let mut yes = Vec::new();
    for (name, answer) in [
        ("card", e.is_card_error()),
        ("rate_limited", e.is_rate_limited()),
        ("timeout", e.is_timeout()),
        ("network", e.is_network()),
        ("retryable", e.is_retryable()),
    ] {
        if answer {
            yes.push(name);
        }
    }
    yes
}

async fn server_answering(
    status: u16,
    headers: &[(&str, &str)],
    body: serde_json::Value,
) -> MockServer {
    let server = MockServer::start().await;
    let mut response = ResponseTemplate::new(status).set_body_json(body);
    for (name, value) in headers {
        response = response.insert_header(*name, *value);
    }
    Mock::given(method("POST"))
        .and(path("/v1/payment_intents/pi_1/confirm"))
        .respond_with(response)
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn a_decline_answers_card_error_and_its_decline_code() {
    let server = server_answering(
        402,
        &[("Request-Id", "req_decline_1")],
        json!({"error": {
            "type": "card_error",
            "code": "card_declined",
            "decline_code": "insufficient_funds",
            "message": "Your card has insufficient funds."
        }}),
    )
    .await;
    let e = charge(&client(&server.uri())).await;
    assert_eq!(answers(&e), ["card"]);
    assert_eq!(e.status(), Some(402));
    assert_eq!(e.decline_code(), Some("insufficient_funds"));
    assert_eq!(e.request_id(), Some("req_decline_1"));
    assert_eq!(e.retry_after(), None);
    let key = e.idempotency_key().expect("a POST's key");
    assert_eq!(key.len(), 36);
    assert_eq!(
        server.received_requests().await.unwrap().len(),
        1,
        "not retried"
    );
}

#[tokio::test]
async fn a_rate_limit_answers_rate_limited_with_its_wait() {
    let server = server_answering(
        429,
        &[("Retry-After", "0"), ("X-Request-Id", "req_busy_9")],
        json!({"error": {"type": "rate_limit_error", "message": "Too many requests"}}),
    )
    .await;
    let e = charge(&client(&server.uri())).await;
    assert_eq!(answers(&e), ["rate_limited", "retryable"]);
    assert_eq!(e.retry_after(), Some(Duration::ZERO));
    assert_eq!(e.request_id(), Some("req_busy_9"));
    assert_eq!(e.decline_code(), None);
    assert_eq!(
        server.received_requests().await.unwrap().len(),
        2,
        "retried once"
    );
}

#[tokio::test]
async fn a_slow_server_answers_timeout() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(3)))
        .mount(&server)
        .await;
    let client = client(&server.uri());
    let e = client
        .request::<RawObject>(Method::Post, "/v1/payment_intents/pi_1/confirm")
        .timeout(Duration::from_millis(100))
        .max_retries(0)
        .await
        .unwrap_err();
    assert_eq!(answers(&e), ["timeout", "retryable"]);
    assert_eq!(e.status(), None);
    assert_eq!(e.request_id(), None);
    assert!(e.idempotency_key().is_some());
}

#[tokio::test]
async fn a_refused_connection_answers_network() {
    // A port that was just free: nothing listens on it any more.
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    drop(listener);
    let e = charge(&client(&format!("http://{address}"))).await;
    assert_eq!(answers(&e), ["network", "retryable"]);
    assert_eq!(e.status(), None);
    assert_eq!(e.request_id(), None);
    assert!(e.idempotency_key().is_some(), "the key to retry with");
}

#[tokio::test]
async fn a_connection_dropped_mid_body_answers_network() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let server = tokio::spawn(async move {
        // Two attempts (one retry), each cut off after part of the body.
        for _ in 0..2 {
            let (mut socket, _) = listener.accept().await.unwrap();
            let mut request = vec![0u8; 8192];
            let _ = socket.read(&mut request).await.unwrap();
            socket
                .write_all(
                    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\
                      Request-Id: req_cut\r\nContent-Length: 500\r\n\r\n{\"id\":",
                )
                .await
                .unwrap();
            socket.shutdown().await.unwrap();
        }
    });
    let e = charge(&client(&format!("http://{address}"))).await;
    assert_eq!(answers(&e), ["network", "retryable"]);
    let Error::Transport(transport) = &e else {
        panic!("{e:?}")
    };
    assert!(transport.is_body(), "{e}");
    server.await.unwrap();
}

#[tokio::test]
async fn a_server_error_is_retryable_but_nothing_else() {
    let server = server_answering(500, &[], json!({"error": {"type": "api_error"}})).await;
    let e = charge(&client(&server.uri())).await;
    assert_eq!(answers(&e), ["retryable"]);
    assert_eq!(e.status(), Some(500));
}

#[tokio::test]
async fn errors_made_before_sending_answer_nothing() {
    let e = Client::builder("sk_test_x")
        .base_url("http://127.0.0.1:9")
        .build();
    let client = e.unwrap();
    let e = client
        .request::<RawObject>(Method::Post, "/v1/customers")
        .header("Authorization", "x")
        .await
        .unwrap_err();
    assert!(answers(&e).is_empty(), "{:?}", answers(&e));
    assert_eq!(
        (e.status(), e.request_id(), e.idempotency_key()),
        (None, None, None)
    );
}
