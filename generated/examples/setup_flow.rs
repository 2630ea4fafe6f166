//! Save a card for later: create a SetupIntent, confirm it, handle the next
//! action the customer must take, then read the final state.
//!
//! ```sh
//! WOOSHPAY_SECRET_KEY=sk_test_... cargo run -p wooshpay --example setup_flow
//! ```
//!
//! `WOOSHPAY_BASE_URL` overrides the host (e.g. a local mock server).

use wooshpay::{
    setup_intents, Client, ConfirmSetupIntentParams, CreateSetupIntentParams, NextAction,
    PaymentMethodData, PaymentMethodDataCard, PaymentMethodType, SetupIntentStatus,
    SetupIntentUsage,
};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let key = std::env::var("WOOSHPAY_SECRET_KEY")
        .map_err(|_| "set WOOSHPAY_SECRET_KEY to a sk_test_… key")?;
    let mut builder = Client::builder(key);
    if let Ok(base_url) = std::env::var("WOOSHPAY_BASE_URL") {
        builder = builder.base_url(base_url);
    }
    let client = builder.build()?;

    // 1. Create the SetupIntent for off-session reuse of a card.
    let create = CreateSetupIntentParams {
        customer: std::env::var("WOOSHPAY_CUSTOMER").ok(),
        payment_method_types: Some(vec![PaymentMethodType::Card]),
        usage: Some(SetupIntentUsage::OffSession),
        ..Default::default()
    };
    let intent = setup_intents::create(&client, &create).await?;
    let id = intent
        .id
        .clone()
        .ok_or("WooshPay returned a SetupIntent without an id")?;
    println!("created {id}: {:?}", intent.status);

    // 2. Confirm it with the card details (a test card; Debug never shows them).
    let card = PaymentMethodDataCard {
        number: Some("4242424242424242".to_owned()),
        cvc: Some("123".to_owned()),
        exp_month: Some("04".to_owned()),
        exp_year: Some("2030".to_owned()),
        name: Some("Jane Doe".to_owned()),
    };
    let mut confirm = ConfirmSetupIntentParams::new("https://shop.example/setup/return");
    confirm.payment_method_data = Some(PaymentMethodData::card(card));
    let intent = setup_intents::confirm(&client, &id, &confirm).await?;

    // 3. Handle what the customer has to do next, if anything.
    match (&intent.status, &intent.next_action) {
        (Some(SetupIntentStatus::RequiresAction), Some(action)) => match action {
            NextAction::RedirectToUrl(redirect) => println!("redirect to {:?}", redirect.url),
            NextAction::ChallengeRedirect(challenge) => {
                println!("3-D Secure challenge at {:?}", challenge.url)
            }
            NextAction::WechatPayDisplayQrCode(qr) => {
                println!("show QR code {:?}", qr.image_url_png)
            }
            NextAction::Unknown(raw) => println!(
                "new kind of action {:?}",
                action.tag().or(raw.get("type").and_then(|t| t.as_str()))
            ),
            other => println!("next action: {:?}", other.tag()),
        },
        (status, _) => println!("confirmed: {status:?}"),
    }

    // 4. Read the final state (after the customer is back, or from a webhook).
    let intent = setup_intents::retrieve(&client, &id).await?;
    println!("{id} is now {:?}", intent.status);
    Ok(())
}
