//! One connected API graph: every parameter builder that takes a customer, a
//! PaymentIntent or an amount takes them as a user holds them:
//! `.customer(&customer.id)`, `.payment_intent(&intent.id)`, `.amount(500)`.
//! The calls below must compile; `every_builder_is_covered` reads the
//! generated models so that a new builder with such a setter cannot be
//! left out, and the other tests check what is sent.

use serde_json::{json, Value};
use wooshpay::{Customer, PaymentIntent};

fn customer() -> Customer {
    serde_json::from_value(
        json!({"id": "cus_1", "object": "customer", "created": 1, "livemode": false}),
    )
    .unwrap()
}

fn intent() -> PaymentIntent {
    serde_json::from_value(json!({
        "id": "pi_1", "object": "payment_intent", "created": 1, "currency": "usd",
        "amount": 500, "status": "succeeded", "livemode": false
    }))
    .unwrap()
}

/// Each builder with a `customer`, `payment_intent` or `amount` setter, fed
/// what a user has at hand: a borrowed typed id, an owned one, a `&str`, a
/// `String`, and a plain integer for amounts.
fn every_builder(customer: &Customer, intent: &PaymentIntent) -> Vec<Value> {
    let owned_customer = customer.id.clone();
    let owned_intent = intent.id.clone();
    vec![
        body(&wooshpay::ListChargesParams::new().customer(&customer.id)),
        body(&wooshpay::CreateCheckoutSessionParams::default().customer(&customer.id)),
        body(
            &wooshpay::ListCheckoutSessionsParams::new()
                .customer(owned_customer.clone())
                .payment_intent(&intent.id),
        ),
        body(&wooshpay::ListDisputesParams::new().payment_intent(owned_intent.clone())),
        body(
            &wooshpay::CreatePaymentIntentParams::new(500, "usd")
                .customer(&customer.id)
                .amount(500)
                .off_session(true),
        ),
        body(&wooshpay::UpdatePaymentIntentParams::new().amount(500)),
        body(&wooshpay::ConfirmPaymentIntentParams::new().off_session(true)),
        body(&wooshpay::AttachPaymentMethodParams::new(&customer.id).customer("cus_2")),
        body(&wooshpay::CreatePromotionCodeParams::default().customer(String::from("cus_3"))),
        body(
            &wooshpay::CreateRefundParams::new()
                .payment_intent(&intent.id)
                .amount(500),
        ),
        body(&wooshpay::CreateSetupIntentParams::new().customer(&customer.id)),
        body(&wooshpay::UpdateSetupIntentParams::new().customer(&customer.id)),
        body(
            &wooshpay::ConfirmSetupIntentParams::new("https://shop.example/back")
                .customer(&customer.id),
        ),
        body(&wooshpay::ListSetupIntentsParams::new().customer(&customer.id)),
        body(
            &wooshpay::CreateSubscriptionParams::new(&customer.id, vec![]).customer(owned_customer),
        ),
    ]
}

fn body<T: serde::Serialize>(params: &T) -> Value {
    serde_json::to_value(params).unwrap()
}

#[test]
fn ids_and_amounts_are_sent_as_the_docs_say() {
    let bodies = every_builder(&customer(), &intent());
    assert_eq!(bodies[0], json!({"customer": "cus_1"}));
    assert_eq!(
        bodies[2],
        json!({"customer": "cus_1", "payment_intent": "pi_1"})
    );
    // Create a PaymentIntent documents an integer amount and a boolean flag…
    assert_eq!(
        bodies[4],
        json!({"amount": 500, "currency": "usd", "customer": "cus_1", "off-session": true})
    );
    // …Confirm documents `off_session` as a string, and Create a refund its amount.
    assert_eq!(bodies[6], json!({"off_session": "true"}));
    assert_eq!(bodies[7], json!({"customer": "cus_2"}));
    assert_eq!(bodies[8], json!({"customer": "cus_3"}));
    assert_eq!(
        bodies[9],
        json!({"payment_intent": "pi_1", "amount": "500"})
    );
}

#[test]
fn card_expiry_is_a_number_in_rust_and_a_string_on_the_wire() {
    let card = wooshpay::PaymentMethodDataCard::new("4242424242424242")
        .exp_month(4)
        .exp_year(2030);
    let sent = serde_json::to_value(&card).unwrap();
    assert_eq!(
        sent["exp_month"],
        json!("04"),
        "two digits, as the guides send it"
    );
    assert_eq!(sent["exp_year"], json!("2030"));
    // The response card has the same Rust type, from a bare number.
    let read: wooshpay::PaymentMethodCard =
        serde_json::from_value(json!({"exp_month": 4, "exp_year": 2030})).unwrap();
    let (month, year): (Option<i64>, Option<i64>) = (read.exp_month, read.exp_year);
    assert_eq!((month, year), (card.exp_month, card.exp_year));
}

#[test]
fn string_encoded_members_read_either_form() {
    let params: wooshpay::CreateRefundParams =
        serde_json::from_value(json!({"amount": "500"})).unwrap();
    assert_eq!(params.amount, Some(500));
    let params: wooshpay::CreateRefundParams =
        serde_json::from_value(json!({"amount": 500})).unwrap();
    assert_eq!(params.amount, Some(500));
    let error = serde_json::from_value::<wooshpay::CreateRefundParams>(json!({"amount": "5OO"}))
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("does not hold the expected value"),
        "{error}"
    );
    assert!(!error.contains("5OO"), "the value is not echoed: {error}");
}

/// Every generated builder with one of these setters, by type name.
fn builders_with_setter(setter: &str) -> Vec<String> {
    let models =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../generated/src/generated/models");
    let mut found = Vec::new();
    for entry in std::fs::read_dir(models).unwrap() {
        let source = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        let file = syn::parse_file(&source).unwrap();
        for item in file.items {
            let syn::Item::Impl(block) = item else {
                continue;
            };
            let syn::Type::Path(ty) = &*block.self_ty else {
                continue;
            };
            let has_setter = block.items.iter().any(|item| {
                matches!(item, syn::ImplItem::Fn(function)
                    if function.sig.ident == setter
                        && matches!(function.sig.inputs.first(), Some(syn::FnArg::Receiver(_))))
            });
            if has_setter && block.trait_.is_none() {
                found.push(ty.path.segments.last().unwrap().ident.to_string());
            }
        }
    }
    found.sort();
    found
}

#[test]
fn every_builder_is_covered() {
    let source = include_str!("mod.rs");
    let calls = source.split("body(").skip(1).collect::<Vec<_>>();
    for setter in ["customer", "payment_intent", "amount"] {
        let builders = builders_with_setter(setter);
        assert!(!builders.is_empty(), "no builder has `{setter}`");
        for builder in builders {
            let covered = calls.iter().any(|call| {
                call.contains(&format!("wooshpay::{builder}::"))
                    && call.contains(&format!(".{setter}("))
            });
            assert!(
                covered,
                "`{builder}::{setter}` is not exercised in every_builder()"
            );
        }
    }
}
