//! Save a card for later, in the seven steps a payments engineer writes
//! first: create, confirm with a card and an own idempotency key, handle
//! `next_action`, tell a decline from a network error, page through a
//! customer's intents, cancel, and print safely with `{:?}`.
//!
//! ```sh
//! WOOSHPAY_SECRET_KEY=sk_test_... cargo run -p wooshpay --example setup_flow
//! ```
//!
//! `WOOSHPAY_BASE_URL` overrides the host (e.g. a local mock server) and
//! `WOOSHPAY_CUSTOMER` names the customer (`cus_…`) to save the card for.

use wooshpay::{
    setup_intents, CancelSetupIntentParams, Client, ConfirmSetupIntentParams,
    CreateSetupIntentParams, ListSetupIntentsParams, NextAction, PaymentMethodData,
    PaymentMethodDataCard, PaymentMethodType, SetupIntentCancellationReason, SetupIntentStatus,
    SetupIntentUsage, StreamExt,
};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let key = std::env::var("WOOSHPAY_SECRET_KEY").map_err(|_| "set WOOSHPAY_SECRET_KEY")?;
    let mut builder = Client::builder(key);
    if let Ok(base_url) = std::env::var("WOOSHPAY_BASE_URL") {
        builder = builder.base_url(base_url);
    }
    let client = builder.build()?;
    let customer = std::env::var("WOOSHPAY_CUSTOMER").unwrap_or_else(|_| "cus_123".into());

    // 1. Create a SetupIntent for off-session reuse of a card.
    let create = CreateSetupIntentParams::new()
        .customer(customer.as_str())
        .payment_method_types([PaymentMethodType::Card])
        .usage(SetupIntentUsage::OffSession)
        .metadata([("order", "42")]);
    let intent = setup_intents::create(&client, &create).await?;
    println!("created {}: {:?}", intent.id, intent.status);

    // 2. Confirm it with a test card, under an idempotency key of our own.
    let card = PaymentMethodDataCard::new("4242424242424242")
        .cvc("123")
        .exp_month(4)
        .exp_year(2030);
    let confirm = ConfirmSetupIntentParams::new("https://shop.example/setup/return")
        .payment_method_data(PaymentMethodData::card(card));
    let confirmed = setup_intents::confirm(&client, &intent.id, &confirm)
        .idempotency_key(format!("confirm-{}", intent.id))
        .await;

    // 3 and 4. Handle the next action, or tell a decline from a network error.
    match confirmed {
        Ok(intent) if intent.status == SetupIntentStatus::Succeeded => println!("card saved"),
        Ok(intent) => match intent.next_action {
            Some(NextAction::ChallengeRedirect(challenge)) => {
                println!("3-D Secure at {:?}", challenge.url)
            }
            Some(NextAction::RedirectToUrl(redirect)) => println!("redirect to {:?}", redirect.url),
            Some(other) => println!("next action {:?}", other.tag()),
            None => println!("now {:?}", intent.status),
        },
        Err(error) if error.is_card_error() => println!("declined: {error}"),
        Err(error) if error.is_retryable() => println!("network trouble, retry later: {error}"),
        Err(error) => return Err(error.into()),
    }

    // 5. Page through every SetupIntent of the customer.
    let list = ListSetupIntentsParams::new().customer(customer.as_str());
    let mut intents = setup_intents::list(&client, &list).into_stream();
    while let Some(listed) = intents.next().await {
        let listed = listed?;
        println!("{} is {:?}", listed.id, listed.status);
    }

    // 6. Cancel it, and 7. print it: `{:?}` never shows the client secret.
    let cancel = CancelSetupIntentParams::new()
        .cancellation_reason(SetupIntentCancellationReason::RequestedByCustomer);
    let canceled = setup_intents::cancel(&client, &intent.id, &cancel).await?;
    println!("{canceled:?}");
    Ok(())
}
