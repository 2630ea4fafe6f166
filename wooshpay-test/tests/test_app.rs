//! The everyday jobs of a small shop, end to end against the fake with no
//! network: a customer, a PaymentIntent with manual capture confirmed with a
//! 3DS test card, capture, a partial refund, the customer's intents, the
//! signed webhook, a decline, and a 429 followed by success. Written as a
//! user of the two crates would write it.

use std::time::Duration;

use wooshpay::{
    customers, payment_intents, refunds, ConfirmPaymentIntentParams, CreateCustomerParams,
    CreatePaymentIntentParams, CreateRefundParams, EventObject, EventType, NextAction,
    PaymentIntentCaptureMethod, PaymentIntentStatus, PaymentMethodData, PaymentMethodDataCard,
    SearchPaymentIntentsParams, Webhook,
};
use wooshpay_test::{test_cards, Fault, Server};

fn pay_with(number: &str) -> ConfirmPaymentIntentParams {
    ConfirmPaymentIntentParams::new()
        .payment_method_data(PaymentMethodData::card(PaymentMethodDataCard::new(number)))
}

#[tokio::test]
async fn a_shop_takes_holds_captures_and_refunds_a_payment() -> Result<(), wooshpay::Error> {
    let server = Server::start().await;
    let client = server.client();

    let customer = customers::create(
        &client,
        &CreateCustomerParams::new().email("ada@example.com"),
    )
    .await?;

    // Hold the money now, capture when the order ships.
    let order = CreatePaymentIntentParams::new(5000, "EUR")
        .customer(&customer.id)
        .capture_method(PaymentIntentCaptureMethod::Manual)
        .merchant_order_id("order-1001");
    let intent = payment_intents::create(&client, &order)
        .idempotency_key("order-1001")
        .await?;
    let confirmed = payment_intents::confirm(
        &client,
        &intent.id,
        &pay_with(test_cards::REQUIRES_AUTHENTICATION),
    )
    .await?;
    assert_eq!(confirmed.status, PaymentIntentStatus::RequiresAction);
    assert!(matches!(
        confirmed.next_action,
        Some(NextAction::ChallengeRedirect(_))
    ));
    // The customer passes the 3DS challenge.
    server.authenticate(intent.id.as_str(), true).unwrap();
    let held = payment_intents::retrieve(&client, &intent.id).await?;
    assert_eq!(held.status, PaymentIntentStatus::RequiresCapture);

    let captured = payment_intents::capture(
        &client,
        &intent.id,
        &wooshpay::CapturePaymentIntentParams::new().amount_to_capture(5000),
    )
    .await?
    .expect("the fake answers the captured PaymentIntent, not `{}`");
    assert_eq!(captured.status, PaymentIntentStatus::Succeeded);

    // One item of the order comes back.
    let refund = refunds::create(
        &client,
        &CreateRefundParams::new()
            .payment_intent(&intent.id)
            .amount(1200),
    )
    .await?;
    assert_eq!(refund.amount, Some(1200));

    // The customer's intents.
    let mine = payment_intents::search(
        &client,
        &SearchPaymentIntentsParams::new(format!("customer:'{}'", customer.id)),
    )
    .await?;
    assert_eq!(mine.data.len(), 1);
    assert_eq!(mine.data[0].id, intent.id);

    // The webhook the shop's receiver gets for the payment.
    let delivery = server
        .events()
        .into_iter()
        .find(|event| event.event_type == "payment_intent.succeeded")
        .expect("a payment_intent.succeeded event");
    let event = Webhook::construct_event(
        delivery.payload.as_bytes(),
        &delivery.signature_header,
        server.webhook_secret(),
    )
    .expect("signed with the server's test secret");
    assert_eq!(event.type_, EventType::PaymentIntentSucceeded);
    let Some(EventObject::PaymentIntent(paid)) = event.data.object else {
        panic!("the event carries the PaymentIntent");
    };
    assert_eq!(paid.id, intent.id);
    Ok(())
}

#[tokio::test]
async fn a_shop_tells_a_decline_from_a_rate_limit() -> Result<(), wooshpay::Error> {
    let server = Server::start().await;
    let client = server.client();

    let intent =
        payment_intents::create(&client, &CreatePaymentIntentParams::new(900, "EUR")).await?;
    let error = payment_intents::confirm(
        &client,
        &intent.id,
        &pay_with(test_cards::INSUFFICIENT_FUNDS),
    )
    .await
    .unwrap_err();
    assert!(error.is_card_error(), "{error}");
    assert_eq!(error.decline_code(), Some("insufficient_funds"));
    assert!(!error.is_retryable());

    // One 429, then the client's retry goes through.
    server.inject(
        Fault::RateLimited {
            retry_after: Duration::ZERO,
        },
        1,
    );
    let paid = payment_intents::confirm(&client, &intent.id, &pay_with(test_cards::SUCCEEDS))
        .idempotency_key("retry-me")
        .await?;
    assert_eq!(paid.status, PaymentIntentStatus::Succeeded);
    let attempts = server
        .requests()
        .into_iter()
        .filter(|request| request.path.ends_with("/confirm"))
        .count();
    assert_eq!(attempts, 3, "the decline, the 429 and the retry");
    Ok(())
}
