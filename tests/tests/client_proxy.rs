//! A proxy configured in the environment must never see loopback requests
//! (they are plain http and carry `Authorization`). Alone in its own test
//! binary because it sets process-wide environment variables.

use serde_json::{json, Value};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};
use wooshpay::{Client, Method};

#[tokio::test]
async fn loopback_requests_bypass_proxies_from_the_environment() {
    let proxy = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"via": "proxy"})))
        .mount(&proxy)
        .await;
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"via": "direct"})))
        .mount(&server)
        .await;
    for name in ["HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"] {
        std::env::set_var(name, proxy.uri());
    }
    for name in ["NO_PROXY", "no_proxy"] {
        std::env::remove_var(name);
    }
    // The real server by name and by address.
    let port = server.address().port();
    for base in [server.uri(), format!("http://localhost:{port}")] {
        let client = Client::builder("sk_test_proxyCanary")
            .base_url(base.as_str())
            .build()
            .unwrap();
        let got: Value = client
            .request(Method::Get, "/v1/things/th_1")
            .await
            .unwrap();
        assert_eq!(got["via"], "direct", "{base}");
    }
    let leaked = proxy.received_requests().await.unwrap();
    assert!(leaked.is_empty(), "the proxy saw {} requests", leaked.len());
}
