//! The README's Rust examples, kept compiling: each sits here between
//! `// README:` markers, wrapped so it compiles as part of this test, and
//! `readme_shows_these_examples` checks that the README holds each one
//! verbatim. Change both together.

// Compiled, never run: they would call the network (all but `testing`,
// which runs against the fake server).
#![allow(dead_code)]

// Kept as the README shows them, so rustfmt must not touch them.
#[rustfmt::skip]
async fn take_a_payment() -> Result<(), wooshpay::Error> {
    // README: take a payment
    use wooshpay::{payment_intents, Client, CreatePaymentIntentParams, PaymentIntentStatus};

    let client = Client::new("sk_test_…")?; // sk_test_ → apitest.wooshpay.com, sk_live_ → api.wooshpay.com

    // Required parameters are constructor arguments; optional ones are setters.
    let params = CreatePaymentIntentParams::new(2000, "USD")
        .customer("cus_1838873512840511488")
        .metadata([("order", "42")]);
    let intent = payment_intents::create(&client, &params)
        .idempotency_key("order-42") // optional: every POST gets a UUID otherwise
        .await?;
    if intent.status == PaymentIntentStatus::Succeeded {
        println!("{} paid", intent.id); // a PaymentIntentId, never an Option
    }
    // README: end
    Ok(())
}

#[rustfmt::skip]
#[allow(unused_variables)]
fn base_url() -> Result<(), wooshpay::Error> {
    // README: base url
    use std::time::Duration;
    use wooshpay::Client;

    let mock = Client::builder("sk_test_x").base_url("http://127.0.0.1:8080").build()?;
    let gateway = Client::builder("sk_live_…")
        .base_url("https://gateway.example.com/wooshpay") // requests go to …/wooshpay/v1/…
        .timeout(Duration::from_secs(10)) // per attempt; default 30 s
        .max_retries(3)                   // default 2; 0 turns retries off
        .build()?;
    // README: end
    Ok(())
}

#[rustfmt::skip]
fn blocking() -> Result<(), wooshpay::Error> {
    // README: blocking
    let client = wooshpay::Client::new("sk_test_…")?;
    let balance = wooshpay::balance::retrieve(&client).send_blocking()?;
    println!("{:?}", balance.available);
    // README: end
    Ok(())
}

#[rustfmt::skip]
mod webhook {
// README: webhook receiver
use wooshpay::{EventObject, EventType, Webhook};

/// `Ok`: answer 2xx. `Err`: answer 400 or 500, and WooshPay delivers again.
fn on_delivery(raw_body: &[u8], signature_header: &str, secret: &str) -> Result<(), Box<dyn std::error::Error>> {
    // HMAC-SHA256 over `<t>.<body>`, constant-time compare, any of several `v1`
    // values, timestamp (seconds, or milliseconds when it has 12+ digits)
    // within 5 minutes either way (`construct_event_at` for another tolerance
    // or clock; `verify_signature` to check without decoding).
    let event = Webhook::construct_event(raw_body, signature_header, secret)?;
    let Some(object) = event.data.object else { return Ok(()) };
    // A kind the SDK knows that did not decode: never acknowledge it unseen.
    if let Some(failure) = object.decode_failure() {
        return Err(failure.into());
    }
    match (event.type_, object) {
        (EventType::SetupIntentSucceeded, EventObject::SetupIntent(intent)) => {
            println!("card saved: {:?}", intent.payment_method);
        }
        (EventType::PaymentIntentSucceeded, EventObject::PaymentIntent(intent)) => {
            println!("paid: {} ({} in the smallest unit)", intent.id, intent.amount);
        }
        (_, EventObject::Unknown(raw)) => println!("a kind this SDK does not know: {raw:?}"),
        (other, _) => println!("ignored {other:?}"),
    }
    Ok(())
}
// README: end
}

#[rustfmt::skip]
mod errors {
// README: errors
use wooshpay::{payment_intents, Client, ConfirmPaymentIntentParams};

async fn pay(client: &Client, params: &ConfirmPaymentIntentParams) {
    match payment_intents::confirm(client, "pi_123", params).await {
        Ok(intent) => println!("{:?}", intent.status),
        Err(e) if e.is_card_error() => println!("declined: {:?}", e.decline_code()),
        Err(e) if e.is_rate_limited() => println!("slow down for {:?}", e.retry_after()),
        Err(e) if e.is_network() || e.is_timeout() => {
            // Safe to send again with the same key: WooshPay runs it at most once.
            println!("no answer; retry later with key {:?}", e.idempotency_key())
        }
        Err(e) => println!("failed: {e} (request {:?})", e.request_id()),
    }
}
// README: end
}

/// Run, not only compiled: it talks to the fake server on loopback.
#[rustfmt::skip]
mod testing {
// README: testing your integration
use wooshpay::{payment_intents, CreatePaymentIntentParams};

#[tokio::test]
async fn a_payment_reads_back() -> Result<(), wooshpay::Error> {
    let server = wooshpay_test::Server::start().await; // loopback, random port, stops on drop
    let client = server.client();                      // a wooshpay::Client pointed at it
    let pi = payment_intents::create(&client, &CreatePaymentIntentParams::new(2000, "USD")).await?;
    assert_eq!(payment_intents::retrieve(&client, &pi.id).await?.amount, pi.amount);
    Ok(())
}
// README: end
}

/// Run, not only compiled: errors built by hand, no server at all.
#[rustfmt::skip]
mod errors_by_hand {
// README: errors by hand
use std::time::Duration;
use wooshpay::{ApiError, Error, Method, TransportError};

/// What the app tells its user; the code under test.
fn advice(error: &Error) -> &'static str {
    if error.decline_code() == Some("insufficient_funds") { "try another card" }
    else if error.is_rate_limited() || error.is_network() { "try again shortly" }
    else { "contact support" }
}

#[test]
fn advice_for_each_failure() {
    let declined = ApiError::from_body(402, &serde_json::json!({"error": {
        "type": "card_error", "code": "card_declined", "decline_code": "insufficient_funds",
    }}));
    assert_eq!(advice(&declined.with_request_id("req_1").into()), "try another card");
    let limited = ApiError::from_body(429, &serde_json::json!({})).with_retry_after(Duration::from_secs(1));
    assert_eq!(advice(&limited.into()), "try again shortly");
    let refused = TransportError::connection_refused(Method::Post, "/v1/payment_intents");
    assert_eq!(advice(&Error::Transport(refused)), "try again shortly");
    assert_eq!(advice(&Error::Timeout { idempotency_key: None }), "contact support");
}
// README: end
}

/// The examples between the markers above, dedented as the README shows them.
fn examples(source: &str) -> Vec<String> {
    let mut examples = Vec::new();
    let mut current: Option<Vec<&str>> = None;
    for line in source.lines() {
        let marker = line.trim_start().strip_prefix("// README: ");
        match (marker, current.as_mut()) {
            (Some("end"), Some(_)) => examples.push(dedent(&current.take().unwrap())),
            (Some(_), None) => current = Some(Vec::new()),
            (None, Some(lines)) => lines.push(line),
            _ => {}
        }
    }
    examples
}

fn dedent(lines: &[&str]) -> String {
    let indent = lines
        .iter()
        .filter(|line| !line.trim().is_empty())
        .map(|line| line.len() - line.trim_start().len())
        .min()
        .unwrap_or(0);
    lines
        .iter()
        .map(|line| format!("{}\n", line.get(indent..).unwrap_or("")))
        .collect()
}

#[test]
fn readme_shows_these_examples() {
    let readme = include_str!("../../../README.md");
    let examples = examples(include_str!("mod.rs"));
    assert_eq!(examples.len(), 7, "an example lost its markers");
    for example in &examples {
        assert!(
            readme.contains(&format!("```rust\n{example}```")),
            "the README does not show this example verbatim:\n{example}"
        );
    }
}
