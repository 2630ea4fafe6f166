//! Per-call options on `ApiCall` (`timeout`, `max_retries`, `header`)
//! against a loopback server: each overrides the client's default for that
//! call only, and headers the client owns are refused before anything is
//! sent.

use std::time::{Duration, Instant};

use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};
use wooshpay::{Client, Error, Method, RawObject};

const KEY: &str = "sk_test_51OptionsCanary0042";

fn client(server: &MockServer, max_retries: u32) -> Client {
    Client::builder(KEY)
        .base_url(server.uri())
        .retry_base_delay(Duration::from_millis(1))
        .max_retries(max_retries)
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap()
}

async fn answer(server: &MockServer, status: u16) {
    Mock::given(method("POST"))
        .and(path("/v1/customers"))
        .respond_with(ResponseTemplate::new(status).set_body_json(json!({"id": "cus_1"})))
        .mount(server)
        .await;
}

fn create(client: &Client) -> wooshpay::ApiCall<'_, RawObject> {
    client
        .request(Method::Post, "/v1/customers")
        .body(&json!({"email": "a@example.com"}))
}

async fn received(server: &MockServer) -> usize {
    server.received_requests().await.unwrap().len()
}

#[tokio::test]
async fn max_retries_zero_turns_retries_off_for_one_call() {
    let server = MockServer::start().await;
    answer(&server, 503).await;
    let client = client(&server, 3);

    let err = create(&client).max_retries(0).await.unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert_eq!(received(&server).await, 1, "no retry with max_retries(0)");

    // The client's default (3 retries) still applies to other calls.
    create(&client).await.unwrap_err();
    assert_eq!(received(&server).await, 1 + 4);
}

#[tokio::test]
async fn max_retries_raises_the_client_default_for_one_call() {
    let server = MockServer::start().await;
    answer(&server, 500).await;
    let client = client(&server, 0);
    create(&client).max_retries(2).await.unwrap_err();
    assert_eq!(received(&server).await, 3);
}

#[tokio::test]
async fn timeout_limits_each_attempt_of_one_call() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/customers/cus_1"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"id": "cus_1"}))
                .set_delay(Duration::from_secs(2)),
        )
        .mount(&server)
        .await;
    let client = client(&server, 0);
    let started = Instant::now();
    let err = client
        .request::<RawObject>(Method::Get, "/v1/customers/cus_1")
        .timeout(Duration::from_millis(150))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
    assert!(started.elapsed() < Duration::from_millis(1500));

    // Without the option, the client's 10 s timeout lets the answer arrive.
    let started = Instant::now();
    let done: RawObject = client
        .request(Method::Get, "/v1/customers/cus_1")
        .await
        .unwrap();
    assert!(started.elapsed() >= Duration::from_secs(2));
    assert_eq!(done.get("id"), Some(&json!("cus_1")));
}

#[tokio::test]
async fn zero_timeout_is_refused_before_sending() {
    let server = MockServer::start().await;
    answer(&server, 200).await;
    let client = client(&server, 0);
    let err = create(&client).timeout(Duration::ZERO).await.unwrap_err();
    assert!(matches!(err, Error::Request(_)), "{err:?}");
    assert_eq!(received(&server).await, 0);
}

#[tokio::test]
async fn extra_headers_are_sent_on_every_attempt_and_page() {
    let server = MockServer::start().await;
    answer(&server, 503).await;
    let client = client(&server, 1);
    create(&client)
        .header("WooshPay-Version", "2024-01-01")
        .header("X-Note", "first")
        .header("x-note", "second")
        .await
        .unwrap_err();
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 2);
    for request in &requests {
        let header = |name: &str| -> Vec<&str> {
            request
                .headers
                .get_all(name)
                .iter()
                .map(|v| v.to_str().unwrap())
                .collect()
        };
        assert_eq!(header("wooshpay-version"), ["2024-01-01"]);
        assert_eq!(header("x-note"), ["second"], "a later value replaces");
        // The client's own headers are untouched.
        assert_eq!(header("idempotency-key").len(), 1);
        assert_eq!(header("authorization").len(), 1);
    }
}

#[tokio::test]
async fn owned_headers_are_refused_without_sending_or_echoing_the_value() {
    let server = MockServer::start().await;
    answer(&server, 200).await;
    let client = client(&server, 0);
    for name in [
        "Authorization",
        "authorization",
        "Idempotency-Key",
        "Content-Type",
        "User-Agent",
        "Host",
        "Content-Length",
        "Transfer-Encoding",
    ] {
        let err = create(&client)
            .header(name, "Basic sk_live_ForgedValue99")
            .await
            .unwrap_err();
        let Error::Request(message) = &err else {
            panic!("{name}: {err:?}");
        };
        assert!(
            message.contains(&name.to_ascii_lowercase()),
            "{name}: {message}"
        );
        assert!(message.contains("set by the client"), "{message}");
        let shown = format!("{err} {err:?}");
        assert!(!shown.contains("ForgedValue99"), "{shown}");
    }
    for (name, value) in [("bad name", "x"), ("X-Ok", "two\r\nlines")] {
        let err = create(&client).header(name, value).await.unwrap_err();
        assert!(matches!(err, Error::Request(_)), "{err:?}");
        assert!(!err.to_string().contains("lines"), "{err}");
    }
    assert_eq!(received(&server).await, 0, "nothing was sent");
}

#[tokio::test]
async fn debug_of_a_call_names_extra_headers_but_not_their_values() {
    let server = MockServer::start().await;
    let client = client(&server, 0);
    let call = create(&client)
        .header("X-Partner-Token", "ptok_SecretValue77")
        .timeout(Duration::from_secs(3))
        .max_retries(1);
    let shown = format!("{call:?}");
    assert!(shown.contains("x-partner-token"), "{shown}");
    assert!(shown.contains("3s") && shown.contains("Some(1)"), "{shown}");
    assert!(!shown.contains("SecretValue77"), "{shown}");
}

#[tokio::test]
async fn options_work_on_generated_endpoints_and_pagination() {
    use wooshpay::TryStreamExt;
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/webhook_endpoints"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "object": "list", "data": [], "has_more": false, "url": "/v1/webhook_endpoints"
        })))
        .mount(&server)
        .await;
    let client = client(&server, 0);
    let params = wooshpay::ListWebhookEndpointsParams::default();
    let items: Vec<_> = wooshpay::webhook_endpoints::list(&client, &params)
        .header("X-Tenant", "t1")
        .max_retries(0)
        .timeout(Duration::from_secs(5))
        .into_stream()
        .try_collect()
        .await
        .unwrap();
    assert!(items.is_empty());
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].headers.get("x-tenant").unwrap(), "t1");
}
