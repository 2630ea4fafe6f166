//! The `blocking` feature: calls sent from synchronous code against a
//! loopback server (with a retry, and one connection reused from call to
//! call), and a clear error, never a panic, inside an async runtime.

use std::time::Duration;

use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};
use wooshpay::{Client, Error, Method, RawObject};

const KEY: &str = "sk_test_51BlockingClient01";

/// The server runs on its own multi-thread runtime, so the test's thread
/// is outside any runtime, as a synchronous program's is.
fn server_runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap()
}

#[test]
fn blocking_calls_work_outside_a_runtime() {
    let runtime = server_runtime();
    let server = runtime.block_on(async {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path("/v1/customers"))
            .respond_with(ResponseTemplate::new(503))
            .up_to_n_times(1)
            .mount(&server)
            .await;
        Mock::given(method("POST"))
            .and(path("/v1/customers"))
            .respond_with(
                ResponseTemplate::new(200)
                    .insert_header("Request-Id", "req_b1")
                    .set_body_json(json!({"id": "cus_1", "object": "customer", "created": 1, "livemode": false})),
            )
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path("/v1/customers/cus_1"))
            .respond_with(ResponseTemplate::new(404).set_body_json(
                json!({"error": {"type": "invalid_request_error", "message": "No such customer"}}),
            ))
            .mount(&server)
            .await;
        server
    });
    let client = Client::builder(KEY)
        .base_url(server.uri())
        .retry_base_delay(Duration::from_millis(1))
        .build()
        .unwrap();

    // A generated endpoint, retried once after the 503, same types as async.
    let params = wooshpay::CreateCustomerParams::default();
    let done = wooshpay::customers::create(&client, &params)
        .send_with_details_blocking()
        .unwrap();
    assert_eq!(done.value().id.as_str(), "cus_1");
    assert_eq!(done.request_id(), Some("req_b1"));
    assert!(done.idempotency_key().is_some());

    // Errors are the same typed errors.
    let err = client
        .request::<RawObject>(Method::Get, "/v1/customers/cus_1")
        .send_blocking()
        .unwrap_err();
    assert_eq!(err.status(), Some(404));

    // And again, from another thread, on the same client and runtime.
    let again = std::thread::scope(|scope| {
        scope
            .spawn(|| {
                client
                    .request::<RawObject>(Method::Post, "/v1/customers")
                    .send_blocking()
            })
            .join()
            .unwrap()
    })
    .unwrap();
    assert_eq!(again.get("id"), Some(&json!("cus_1")));
    let received = runtime.block_on(server.received_requests()).unwrap();
    assert_eq!(received.len(), 4, "503, 200, 404, 200");
}

#[tokio::test]
async fn a_blocking_call_inside_a_runtime_is_an_error_not_a_panic() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .mount(&server)
        .await;
    let client = Client::builder(KEY).base_url(server.uri()).build().unwrap();
    let err = client
        .request::<RawObject>(Method::Get, "/v1/customers/cus_1")
        .send_blocking()
        .unwrap_err();
    let Error::Request(message) = &err else {
        panic!("{err:?}")
    };
    assert!(message.contains("inside an async runtime"), "{message}");
    assert!(message.contains(".await"), "{message}");
    assert!(server.received_requests().await.unwrap().is_empty());

    // The same in a multi-thread runtime's blocking pool.
    let client2 = client.clone();
    let err = tokio::task::spawn_blocking(move || {
        client2
            .request::<RawObject>(Method::Get, "/v1/customers/cus_1")
            .send_blocking()
    })
    .await
    .unwrap()
    .unwrap_err();
    assert!(matches!(err, Error::Request(_)), "{err:?}");
}
