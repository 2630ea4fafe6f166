//! The JSON examples printed on WooshPay's reference pages, copied verbatim
//! into `spec/examples/setup_intents/`, must deserialize into the generated types
//! and serialize back to the same JSON (nulls aside: absent `Option` fields
//! are not serialized).
//!
//! * `update_request.json`: "Update a SetupIntent", request body example.
//! * `update_response.json`: "Update a SetupIntent", 200 response example.
//! * `retrieve_response.json`: "Retrieve a SetupIntent", 200 response example.

use serde_json::Value;

// Builders take typed ids and amounts as a user holds them.
mod builders;
// The README's own Rust examples, compiled and compared with the README.
mod readme;
mod support;
use support::{round_trip, strip_nulls};
use wooshpay::{
    ErrorType, Expandable, NextAction, PaymentMethodType, SetupIntent,
    SetupIntentCancellationReason, SetupIntentStatus, SetupIntentUsage, UpdateSetupIntentParams,
};

const UPDATE_REQUEST: &str = include_str!("../../spec/examples/setup_intents/update_request.json");
const UPDATE_RESPONSE: &str =
    include_str!("../../spec/examples/setup_intents/update_response.json");
const RETRIEVE_RESPONSE: &str =
    include_str!("../../spec/examples/setup_intents/retrieve_response.json");

#[test]
fn strip_nulls_removes_object_members_only() {
    let v = serde_json::json!({"a": null, "b": {"c": null, "d": 1}, "e": [null, {"f": null}]});
    assert_eq!(
        strip_nulls(v),
        serde_json::json!({"b": {"d": 1}, "e": [null, {}]})
    );
}

#[test]
fn fixtures_have_the_documented_members() {
    let request: Value = serde_json::from_str(UPDATE_REQUEST).unwrap();
    let update: Value = serde_json::from_str(UPDATE_RESPONSE).unwrap();
    let retrieve: Value = serde_json::from_str(RETRIEVE_RESPONSE).unwrap();
    assert_eq!(request.as_object().unwrap().len(), 7);
    // The Update response example lacks `usage` (D3); Retrieve has it.
    assert_eq!(update.as_object().unwrap().len(), 19);
    assert_eq!(retrieve.as_object().unwrap().len(), 20);
    assert!(update.get("usage").is_none());
    assert_eq!(retrieve["usage"], "string");
    // `type` plus 23 payload members on Update, plus 20 on Retrieve (D2).
    assert_eq!(update["next_action"].as_object().unwrap().len(), 24);
    assert_eq!(retrieve["next_action"].as_object().unwrap().len(), 21);
}

#[test]
fn update_request_example_round_trips() {
    // The example's `"string"` placeholders stand for the expiry, a number
    // written as a string (D7); a real value takes their place.
    let request = UPDATE_REQUEST
        .replace(r#""exp_month": "string""#, r#""exp_month": "04""#)
        .replace(r#""exp_year": "string""#, r#""exp_year": "2030""#);
    let params: UpdateSetupIntentParams = round_trip("update_request.json", &request);

    assert_eq!(params.customer.as_deref(), Some("string"));
    assert_eq!(params.description.as_deref(), Some("string"));
    assert_eq!(params.payment_method.as_deref(), Some("string"));
    assert_eq!(params.metadata, Some(Default::default()));
    // "string" is not a documented payment method type: kept as Unknown.
    assert_eq!(
        params.payment_method_types,
        Some(vec![PaymentMethodType::Unknown("string".to_owned())])
    );
    let options = params.payment_method_options.as_ref().unwrap();
    assert_eq!(
        options
            .card
            .as_ref()
            .unwrap()
            .request_three_d_secure
            .as_deref(),
        Some("string")
    );

    let data = params
        .payment_method_data
        .as_ref()
        .expect("payment_method_data");
    assert_eq!(data.type_, PaymentMethodType::Card);
    let card = data.card.as_ref().expect("card payload");
    assert_eq!(card.number, "string");
    assert_eq!(card.cvc.as_deref(), Some("string"));
    assert_eq!(card.name.as_deref(), Some("string"));
    // D7: strings in the request, integers in the response; numbers in Rust.
    assert_eq!(card.exp_month, Some(4));
    assert_eq!(card.exp_year, Some(2030));
    assert_eq!(
        data.wechat_pay.as_ref().unwrap().payment_code.as_deref(),
        Some("string")
    );
    assert_eq!(
        data.alipayplus.as_ref().unwrap().payment_code.as_deref(),
        Some("string")
    );
    let billing = data.billing_details.as_ref().unwrap();
    assert_eq!(billing.email.as_deref(), Some("string"));
    assert_eq!(billing.name.as_deref(), Some("string"));
    assert_eq!(billing.phone.as_deref(), Some("string"));
    let address = billing.address.as_ref().unwrap();
    for field in [
        &address.city,
        &address.country,
        &address.line1,
        &address.line2,
        &address.postal_code,
        &address.state,
    ] {
        assert_eq!(field.as_deref(), Some("string"));
    }
}

/// Facts common to both response examples, which differ only in `usage` and
/// in the `next_action` members.
fn check_response_example(intent: &SetupIntent, next_action_members: usize) {
    let unknown = || "string".to_owned();
    assert_eq!(intent.id, "string");
    assert_eq!(intent.object, "string");
    assert_eq!(
        intent.cancellation_reason,
        Some(SetupIntentCancellationReason::Unknown(unknown()))
    );
    assert_eq!(intent.client_secret.as_deref(), Some("string"));
    assert_eq!(intent.created, 0);
    assert_eq!(intent.customer, Some(Expandable::Id(unknown().into())));
    assert_eq!(intent.description.as_deref(), Some("string"));
    assert_eq!(
        intent.latest_attempt,
        Some(Expandable::Id(unknown().into()))
    );
    assert!(intent.livemode);
    assert_eq!(intent.mandate, Some(Expandable::Id(unknown().into())));
    assert_eq!(intent.metadata, Some(Default::default()));
    assert_eq!(
        intent.payment_method,
        Some(Expandable::Id(unknown().into()))
    );
    assert_eq!(
        intent.single_use_mandate,
        Some(Expandable::Id(unknown().into()))
    );
    assert_eq!(
        intent.payment_method_types,
        Some(vec![PaymentMethodType::Unknown(unknown())])
    );
    assert_eq!(
        intent
            .payment_method_options
            .as_ref()
            .and_then(|o| o.card.as_ref())
            .and_then(|c| c.request_three_d_secure.as_deref()),
        Some("string")
    );
    assert_eq!(intent.status, SetupIntentStatus::Unknown(unknown()));
    assert_eq!(intent.return_url.as_deref(), Some("string"));

    // `last_setup_error`, with its embedded payment method.
    let error = intent.last_setup_error.as_ref().expect("last_setup_error");
    assert_eq!(error.code.as_deref(), Some("string"));
    assert_eq!(error.decline_code.as_deref(), Some("string"));
    assert_eq!(error.message.as_deref(), Some("string"));
    assert_eq!(error.param.as_deref(), Some("string"));
    assert_eq!(
        error.payment_method_type,
        Some(PaymentMethodType::Unknown(unknown()))
    );
    assert_eq!(error.type_, Some(ErrorType::Unknown(unknown())));
    let pm = error.payment_method.as_ref().expect("payment_method");
    assert_eq!(pm.id, "string");
    assert_eq!(pm.created, Some(0));
    assert_eq!(pm.customer.as_deref(), Some("string"));
    assert_eq!(pm.livemode, Some(true));
    assert_eq!(pm.metadata, Some(Default::default()));
    assert_eq!(pm.type_, PaymentMethodType::Card);
    let card = pm.card.as_ref().expect("card");
    assert_eq!(card.exp_month, Some(0));
    assert_eq!(card.exp_year, Some(0));
    assert_eq!(card.brand.as_deref(), Some("string"));
    assert_eq!(card.last4.as_deref(), Some("string"));
    assert_eq!(card.metadata, Some(Default::default()));
    let checks = card.checks.as_ref().expect("checks");
    assert_eq!(checks.cvc_check.as_deref(), Some("string"));
    assert_eq!(checks.address_zip_check.as_deref(), Some("string"));
    assert_eq!(
        pm.billing_details
            .as_ref()
            .and_then(|b| b.address.as_ref())
            .and_then(|a| a.postal_code.as_deref()),
        Some("string")
    );

    // `type` is the placeholder "string", which names no member: the whole
    // object is kept as Unknown, every member included.
    let next_action = intent.next_action.as_ref().expect("next_action");
    assert_eq!(next_action.tag(), Some("string"));
    let NextAction::Unknown(raw) = next_action else {
        panic!("expected NextAction::Unknown, got {next_action:?}");
    };
    assert_eq!(raw.len(), next_action_members + 1);
    assert_eq!(raw["type"], "string");
    assert_eq!(
        raw["alipayplus_handle_redirect"]["schemeUrl"], "string",
        "camelCase members kept as sent"
    );
    assert_eq!(raw["wechat_pay_display_qr_code"]["data_ur"], "string");
}

#[test]
fn update_response_example_round_trips() {
    let intent: SetupIntent = round_trip("update_response.json", UPDATE_RESPONSE);
    check_response_example(&intent, 23);
    // D3: the Update example has no `usage`.
    assert_eq!(intent.usage, None);
    let Some(NextAction::Unknown(raw)) = &intent.next_action else {
        unreachable!()
    };
    // The three members only this example shows (D2, D4).
    assert_eq!(raw["pix_handle_redirect"]["timeout"], 0);
    assert_eq!(raw["oxxo_handle_redirect"]["timeout"], "string");
    assert_eq!(raw["spei_display_details"], serde_json::json!({}));
}

#[test]
fn retrieve_response_example_round_trips() {
    let intent: SetupIntent = round_trip("retrieve_response.json", RETRIEVE_RESPONSE);
    check_response_example(&intent, 20);
    assert_eq!(
        intent.usage,
        Some(SetupIntentUsage::Unknown("string".to_owned()))
    );
    let Some(NextAction::Unknown(raw)) = &intent.next_action else {
        unreachable!()
    };
    for member in [
        "pix_handle_redirect",
        "oxxo_handle_redirect",
        "spei_display_details",
    ] {
        assert!(!raw.contains_key(member), "{member} is not on Retrieve");
    }
}

#[test]
fn each_doc_example_next_action_member_is_a_typed_variant() {
    // Each member of the doc example's next_action also deserializes on its
    // own, once `type` names it: this ties the placeholder example to the
    // typed variants.
    for text in [UPDATE_RESPONSE, RETRIEVE_RESPONSE] {
        let value: Value = serde_json::from_str(text).unwrap();
        let members = value["next_action"].as_object().unwrap();
        let mut typed = 0;
        for (key, payload) in members {
            if key == "type" {
                continue;
            }
            let one = serde_json::json!({ "type": key, key.as_str(): payload });
            let action: NextAction = serde_json::from_value(one.clone())
                .unwrap_or_else(|e| panic!("{key} payload of the doc example: {e}"));
            assert!(
                !matches!(action, NextAction::Unknown(_)),
                "{key} should be a typed variant, got {action:?}"
            );
            assert_eq!(action.tag(), Some(key.as_str()));
            assert_eq!(serde_json::to_value(&action).unwrap(), one);
            typed += 1;
        }
        assert_eq!(typed, members.len() - 1);
    }
}
