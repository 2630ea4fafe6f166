//! Runs the `webhook_receiver` example's server on loopback and posts
//! deliveries to it: a correctly signed event is accepted with 2xx, while a
//! tampered body, a stale timestamp, a missing signature and a non-POST are
//! refused, and a known object that does not decode is answered 500.

use std::sync::Arc;

use tokio::net::TcpListener;
use wooshpay::Webhook;

// The example itself, not a copy: its `main` is unused here.
#[allow(dead_code)]
#[path = "../../generated/examples/webhook_receiver.rs"]
mod webhook_receiver;

const SECRET: &str = "whsec_receiver_test";
const BODY: &str = r#"{"id":"evt_1","object":"event","type":"setup_intent.succeeded","data":{"object":{"id":"seti_1","object":"setup_intent","created":1700000000,"livemode":false,"status":"succeeded","payment_method":"pm_1","customer":"cus_1"}}}"#;

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock after 1970")
        .as_secs() as i64
}

/// Starts the receiver on an ephemeral loopback port; returns its URL.
async fn start_receiver() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("http://{}/webhooks", listener.local_addr().expect("addr"));
    tokio::spawn(webhook_receiver::serve(listener, Arc::from(SECRET)));
    url
}

async fn post(url: &str, body: &str, signature: Option<&str>) -> u16 {
    let mut request = reqwest::Client::new().post(url).body(body.to_owned());
    if let Some(signature) = signature {
        request = request.header(Webhook::SIGNATURE_HEADER, signature);
    }
    request.send().await.expect("request").status().as_u16()
}

#[tokio::test]
async fn the_receiver_accepts_signed_events_and_refuses_the_rest() {
    let url = start_receiver().await;

    let signed = Webhook::signature_header(BODY, SECRET, now());
    assert_eq!(post(&url, BODY, Some(&signed)).await, 200, "signed");

    let tampered = BODY.replace("pm_1", "pm_attacker");
    assert_eq!(post(&url, &tampered, Some(&signed)).await, 400, "tampered");

    let stale = Webhook::signature_header(BODY, SECRET, now() - 3600);
    assert_eq!(post(&url, BODY, Some(&stale)).await, 400, "stale");

    let other_secret = Webhook::signature_header(BODY, "whsec_someone_else", now());
    assert_eq!(
        post(&url, BODY, Some(&other_secret)).await,
        400,
        "wrong secret"
    );

    assert_eq!(post(&url, BODY, None).await, 400, "no signature");

    // A known object that lacks a field WooshPay always sends did not
    // decode: the receiver answers 500 so that WooshPay delivers it again.
    let undecodable = BODY.replace(r#""created":1700000000,"#, "");
    let signed = Webhook::signature_header(&undecodable, SECRET, now());
    assert_eq!(
        post(&url, &undecodable, Some(&signed)).await,
        500,
        "decode failure"
    );

    // An event type and object kind the SDK does not know is still a 2xx.
    let unknown = r#"{"id":"evt_2","object":"event","type":"invoice.paid","data":{"object":{"object":"invoice","id":"in_1"}}}"#;
    let signed = Webhook::signature_header(unknown, SECRET, now());
    assert_eq!(
        post(&url, unknown, Some(&signed)).await,
        200,
        "unknown type"
    );

    let get = reqwest::Client::new()
        .get(&url)
        .send()
        .await
        .expect("request");
    assert_eq!(get.status().as_u16(), 405, "GET");
}
