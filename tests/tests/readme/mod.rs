//! The README's Rust examples, kept compiling: each sits here between
//! `// README:` markers, wrapped so it compiles as part of this test, and
//! `readme_shows_these_examples` checks that the README holds each one
//! verbatim. Change both together.

// Compiled, never run: they would call the network.
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
    assert_eq!(examples.len(), 2, "an example lost its markers");
    for example in &examples {
        assert!(
            readme.contains(&format!("```rust\n{example}```")),
            "the README does not show this example verbatim:\n{example}"
        );
    }
}
