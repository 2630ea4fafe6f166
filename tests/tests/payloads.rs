//! Realistic payloads beyond the documentation examples: real-looking ids
//! and values, nulls, expanded references, every `next_action` variant,
//! values WooshPay may add later, wrongly typed values (with the JSON path
//! in the error), and secrets kept out of `Debug`.

use std::path::Path;

use generator::model::ResolvedSchema;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};

mod support;
use support::strip_nulls;
use wooshpay::{
    ErrorType, Expandable, HasId, NextAction, PaymentMethodData, PaymentMethodDataCard,
    PaymentMethodType, RawObject, SetupAttempt, SetupIntent, SetupIntentCancellationReason,
    SetupIntentStatus, SetupIntentUsage, UpdateSetupIntentParams,
};

const SPEC_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec");

// ---------------------------------------------------------------- helpers

/// Deserializes through `serde_path_to_error`, panicking with the path.
fn de<T: DeserializeOwned>(value: &Value) -> T {
    let text = value.to_string();
    serde_path_to_error::deserialize(&mut serde_json::Deserializer::from_str(&text))
        .unwrap_or_else(|e| panic!("does not deserialize at `{}`: {e}\n{text}", e.path()))
}

/// [`support::round_trip`] for a JSON value.
fn round_trip<T>(value: &Value) -> T
where
    T: DeserializeOwned + Serialize + PartialEq + std::fmt::Debug,
{
    support::round_trip("payload", &value.to_string())
}

/// What is wrong with `value` as a `T`: `(path, message)` of the decoding
/// error when a strict member is wrong, or of the first member that did not
/// fit (kept raw, reported by `unfit_members()`) when the response decodes.
fn de_error<T>(value: &Value) -> (String, String)
where
    T: DeserializeOwned + std::fmt::Debug + wooshpay::wire::Decode,
{
    match wooshpay::__decode_response::<T>(200, value.to_string().as_bytes()) {
        Ok(typed) => match wooshpay::wire::unfit_members(&typed).first() {
            Some(member) => (
                member.path().to_owned(),
                format!(
                    "unfit: expected {}, found {}",
                    member.expected(),
                    member.found()
                ),
            ),
            None => panic!("expected an error or an unfit member, got {typed:?}"),
        },
        Err(wooshpay::Error::Decode { path, message, .. }) => (path, message),
        Err(other) => panic!("expected a decoding error, got {other:?}"),
    }
}

/// The decoding error for request parameters, which decode strictly.
fn params_error<T: DeserializeOwned + std::fmt::Debug>(value: &Value) -> (String, String) {
    let text = value.to_string();
    match serde_path_to_error::deserialize::<_, T>(&mut serde_json::Deserializer::from_str(&text)) {
        Ok(typed) => panic!("expected an error, got {typed:?}"),
        Err(e) => (e.path().to_string(), e.inner().to_string()),
    }
}

/// `base` with `patch` merged in (objects recursively; other values replace).
fn merged(base: &Value, patch: Value) -> Value {
    let mut out = base.clone();
    merge(&mut out, patch);
    out
}

fn merge(target: &mut Value, patch: Value) {
    match (target, patch) {
        (Value::Object(t), Value::Object(p)) => {
            for (k, v) in p {
                merge(t.entry(k).or_insert(Value::Null), v);
            }
        }
        (t, p) => *t = p,
    }
}

/// The spec model, for lists that must follow the spec.
fn model() -> generator::model::ApiModel {
    let sources = generator::read_spec_dir(Path::new(SPEC_DIR)).unwrap();
    generator::build_model(&sources).unwrap_or_else(|d| panic!("{d}"))
}

fn schema(name: &str) -> ResolvedSchema {
    model()
        .modules
        .into_iter()
        .flat_map(|m| m.schemas)
        .find(|s| s.name() == name)
        .unwrap_or_else(|| panic!("no schema {name}"))
}

// ------------------------------------------------------ realistic objects

const SETI: &str = "seti_1838873795297804288";
const SECRET: &str = "seti_1838873795297804288_secret_k3V9sQp2LzRw8XyT";
const CUS: &str = "cus_1838873512840511488";
const PM: &str = "pm_1838873794760933376";

fn realistic_intent() -> Value {
    json!({
        "id": SETI,
        "object": "setup_intent",
        "cancellation_reason": null,
        "client_secret": SECRET,
        "created": 1695645775,
        "customer": CUS,
        "description": "Save card for the Pro monthly plan",
        "last_setup_error": null,
        "latest_attempt": "setatt_1838873795553656832",
        "livemode": false,
        "mandate": null,
        "metadata": {"order_id": "A-100231", "plan": "pro_monthly"},
        "next_action": {
            "type": "challenge_redirect",
            "challenge_redirect": {
                "url": "https://apitest.wooshpay.com/v1/3ds/challenge?setup_intent=seti_1838873795297804288&token=chl_5c1f0e",
                "return_url": "https://shop.example.com/checkout/complete?order=A-100231"
            }
        },
        "payment_method": PM,
        "payment_method_options": {"card": {"request_three_d_secure": "any"}},
        "payment_method_types": ["card"],
        "single_use_mandate": null,
        "status": "requires_action",
        "usage": "off_session",
        "return_url": "https://shop.example.com/checkout/complete?order=A-100231"
    })
}

fn card_payment_method() -> Value {
    json!({
        "id": PM,
        "object": "payment_method",
        "created": 1695645770,
        "customer": CUS,
        "metadata": {},
        "livemode": false,
        "billing_details": {
            "address": {
                "city": "Singapore",
                "country": "SG",
                "line1": "1 Raffles Place",
                "line2": "#20-01",
                "postal_code": "048616",
                "state": null
            },
            "email": "mei.tan@example.com",
            "name": "Tan Mei Ling",
            "phone": "+6591234567"
        },
        "type": "card",
        "card": {
            "brand": "visa",
            "checks": {
                "address_line1_check": "pass",
                "address_zip_check": "pass",
                "cvc_check": "pass"
            },
            "country": "US",
            "exp_month": 12,
            "exp_year": 2027,
            "fingerprint": "Xt5EWLLDS7FJjR1c",
            "funding": "credit",
            "last4": "4242",
            "metadata": {}
        }
    })
}

#[test]
fn realistic_setup_intent_requiring_a_challenge() {
    let v = realistic_intent();
    let intent: SetupIntent = round_trip(&v);

    assert_eq!(intent.id, SETI);
    assert_eq!(HasId::id(&intent), Some(SETI));
    assert_eq!(intent.object, "setup_intent");
    assert_eq!(intent.cancellation_reason, None);
    assert_eq!(intent.client_secret.as_deref(), Some(SECRET));
    assert_eq!(intent.created, 1_695_645_775);
    assert_eq!(intent.customer, Some(Expandable::Id(CUS.into())));
    assert_eq!(intent.customer.as_ref().unwrap().id(), CUS);
    assert!(!intent.customer.as_ref().unwrap().is_object());
    assert_eq!(
        intent.description.as_deref(),
        Some("Save card for the Pro monthly plan")
    );
    assert_eq!(intent.last_setup_error, None);
    assert_eq!(
        intent.latest_attempt,
        Some(Expandable::Id("setatt_1838873795553656832".into()))
    );
    assert!(!intent.livemode);
    assert_eq!(intent.mandate, None);
    assert_eq!(intent.single_use_mandate, None);
    let metadata = intent.metadata.as_ref().unwrap();
    assert_eq!(metadata.len(), 2);
    assert_eq!(metadata["order_id"], "A-100231");
    assert_eq!(metadata["plan"], "pro_monthly");
    assert_eq!(intent.payment_method, Some(Expandable::Id(PM.into())));
    assert_eq!(intent.payment_method.as_ref().unwrap().as_object(), None);
    assert_eq!(
        intent
            .payment_method_options
            .as_ref()
            .and_then(|o| o.card.as_ref())
            .and_then(|c| c.request_three_d_secure.as_deref()),
        Some("any")
    );
    assert_eq!(
        intent.payment_method_types,
        Some(vec![PaymentMethodType::Card])
    );
    assert_eq!(intent.status, SetupIntentStatus::RequiresAction);
    assert_eq!(intent.usage, Some(SetupIntentUsage::OffSession));
    assert_eq!(
        intent.return_url.as_deref(),
        Some("https://shop.example.com/checkout/complete?order=A-100231")
    );

    let next_action = intent.next_action.as_ref().unwrap();
    assert_eq!(next_action.tag(), Some("challenge_redirect"));
    let NextAction::ChallengeRedirect(challenge) = next_action else {
        panic!("expected ChallengeRedirect, got {next_action:?}");
    };
    assert_eq!(
        challenge.url.as_deref(),
        Some("https://apitest.wooshpay.com/v1/3ds/challenge?setup_intent=seti_1838873795297804288&token=chl_5c1f0e")
    );
    assert_eq!(
        challenge.return_url.as_deref(),
        Some("https://shop.example.com/checkout/complete?order=A-100231")
    );
}

#[test]
fn realistic_setup_intent_after_a_card_decline() {
    let v = json!({
        "id": "seti_1838880112409935872",
        "object": "setup_intent",
        "client_secret": "seti_1838880112409935872_secret_Qm7nB2xK9pL4wRzA",
        "created": 1695647281,
        "customer": CUS,
        "last_setup_error": {
            "code": "card_declined",
            "decline_code": "insufficient_funds",
            "message": "Your card has insufficient funds.",
            "param": null,
            "payment_method": card_payment_method(),
            "payment_method_type": "card",
            "type": "card_error"
        },
        "livemode": true,
        "metadata": {},
        "next_action": null,
        "payment_method": null,
        "payment_method_types": ["card", "alipay", "wechat_pay"],
        "status": "requires_payment_method",
        "usage": "on_session"
    });
    let intent: SetupIntent = round_trip(&v);
    assert_eq!(intent.status, SetupIntentStatus::RequiresPaymentMethod);
    assert_eq!(intent.usage, Some(SetupIntentUsage::OnSession));
    assert_eq!(intent.next_action, None);
    assert_eq!(intent.payment_method, None);
    assert!(intent.livemode);
    assert_eq!(
        intent.payment_method_types,
        Some(vec![
            PaymentMethodType::Card,
            PaymentMethodType::Alipay,
            PaymentMethodType::WechatPay
        ])
    );

    let error = intent.last_setup_error.as_ref().unwrap();
    assert_eq!(error.code.as_deref(), Some("card_declined"));
    assert_eq!(error.decline_code.as_deref(), Some("insufficient_funds"));
    assert_eq!(
        error.message.as_deref(),
        Some("Your card has insufficient funds.")
    );
    assert_eq!(error.param, None, "required but nullable: null is None");
    assert_eq!(error.payment_method_type, Some(PaymentMethodType::Card));
    assert_eq!(error.type_, Some(ErrorType::CardError));
    let pm = error.payment_method.as_ref().unwrap();
    assert_eq!(pm.id, PM);
    assert_eq!(pm.type_, PaymentMethodType::Card);
    let card = pm.card.as_ref().unwrap();
    assert_eq!(card.brand.as_deref(), Some("visa"));
    assert_eq!(card.exp_month, Some(12));
    assert_eq!(card.exp_year, Some(2027));
    assert_eq!(card.last4.as_deref(), Some("4242"));
    assert_eq!(card.funding.as_deref(), Some("credit"));
    assert_eq!(
        card.checks.as_ref().unwrap().cvc_check.as_deref(),
        Some("pass")
    );
    let address = pm
        .billing_details
        .as_ref()
        .unwrap()
        .address
        .as_ref()
        .unwrap();
    assert_eq!(address.postal_code.as_deref(), Some("048616"));
    assert_eq!(address.state, None);
}

#[test]
fn millisecond_created_values_fit() {
    // D15: guide examples of other objects show 13-digit millisecond times.
    let intent: SetupIntent = round_trip(&json!({
        "id": SETI, "object": "setup_intent", "created": 1695645775123_i64,
        "livemode": false, "status": "succeeded"
    }));
    assert_eq!(intent.created, 1_695_645_775_123);
}

// ------------------------------------------------------------------ nulls

#[test]
fn null_in_every_optional_field_is_none() {
    // Field list from the spec, so new fields are covered automatically.
    let ResolvedSchema::Object(object) = schema("SetupIntent") else {
        panic!("SetupIntent is not an object");
    };
    assert!(object.fields.len() >= 20);
    let always = json!({"id": SETI, "object": "setup_intent", "created": 1, "livemode": false, "status": "succeeded"});
    let mut v = always.as_object().unwrap().clone();
    for field in object.fields.iter().filter(|field| field.optional) {
        v.insert(field.wire_name.clone(), Value::Null);
    }
    assert_eq!(
        v.len(),
        object.fields.len(),
        "only the always-present fields are not optional"
    );
    let intent: SetupIntent = de(&Value::Object(v));
    assert_eq!(intent.customer, None);
    assert_eq!(intent.next_action, None);
    assert_eq!(serde_json::to_value(&intent).unwrap(), always);
    // `{}` leaves out fields WooshPay always sends: an error, not an empty intent.
    let error = serde_json::from_value::<SetupIntent>(json!({})).unwrap_err();
    assert!(
        error.to_string().contains("`id`: missing member"),
        "{error}"
    );
}

#[test]
fn null_in_every_nested_optional_field_is_none() {
    let v = json!({
        "id": SETI, "object": "setup_intent", "created": 1, "livemode": false, "status": "succeeded",
        "last_setup_error": {
            "code": null, "decline_code": null, "message": null, "param": null,
            "payment_method_type": null, "type": null,
            "payment_method": {
                "id": PM, "object": "payment_method", "created": 1, "customer": null,
                "metadata": null, "livemode": false, "type": "card",
                "billing_details": {
                    "address": {"city": null, "country": null, "line1": null,
                                "line2": null, "postal_code": null, "state": null},
                    "email": null, "name": null, "phone": null
                },
                "card": {
                    "brand": null, "country": null, "exp_month": null, "exp_year": null,
                    "fingerprint": null, "funding": null, "last4": null, "metadata": null,
                    "checks": {"address_line1_check": null, "address_zip_check": null,
                               "cvc_check": null}
                }
            }
        },
        "payment_method_options": {"card": {"request_three_d_secure": null}},
        "next_action": {
            "type": "alipayplus_handle_redirect",
            "alipayplus_handle_redirect": {
                "return_url": null, "schemeUrl": null, "applinkUrl": null, "normalUrl": null
            }
        }
    });
    let intent: SetupIntent = round_trip(&v);
    let error = intent.last_setup_error.as_ref().unwrap();
    assert_eq!(error.code, None);
    assert_eq!(error.type_, None);
    assert_eq!(error.payment_method_type, None);
    let pm = error.payment_method.as_ref().unwrap();
    let card = pm.card.as_ref().unwrap();
    assert_eq!(card.exp_month, None);
    assert_eq!(card.checks, Some(Default::default()));
    assert_eq!(
        pm.billing_details.as_ref().unwrap().address,
        Some(Default::default())
    );
    let Some(NextAction::AlipayplusHandleRedirect(payload)) = &intent.next_action else {
        panic!("{:?}", intent.next_action);
    };
    assert_eq!(*payload, Default::default());
}

// ------------------------------------------------------ expanded references

#[test]
fn expanded_payment_method_is_typed() {
    let v = merged(
        &realistic_intent(),
        json!({"payment_method": card_payment_method()}),
    );
    let intent: SetupIntent = round_trip(&v);
    let expanded = intent.payment_method.as_ref().unwrap();
    assert!(expanded.is_object());
    assert_eq!(expanded.id(), PM, "id() reads the expanded object");
    let Expandable::Object(pm) = expanded else {
        panic!("expected an expanded payment method, got {expanded:?}");
    };
    assert_eq!(pm.object.as_deref(), Some("payment_method"));
    assert_eq!(pm.created, Some(1_695_645_770));
    assert_eq!(pm.customer.as_deref(), Some(CUS));
    assert_eq!(pm.type_, PaymentMethodType::Card);
    let card = pm.card.as_ref().unwrap();
    assert_eq!(card.brand.as_deref(), Some("visa"));
    assert_eq!(card.exp_month, Some(12));
    assert_eq!(card.exp_year, Some(2027));
    assert_eq!(card.fingerprint.as_deref(), Some("Xt5EWLLDS7FJjR1c"));
    assert_eq!(
        pm.billing_details.as_ref().unwrap().email.as_deref(),
        Some("mei.tan@example.com")
    );
    let owned = intent
        .payment_method
        .clone()
        .unwrap()
        .into_object()
        .unwrap();
    assert_eq!(owned.id, PM);
}

#[test]
fn expanded_customer_and_mandates_are_kept_losslessly() {
    let customer = json!({
        "id": CUS,
        "object": "customer",
        "created": 1695645600,
        "email": "mei.tan@example.com",
        "name": "Tan Mei Ling",
        "phone": null,
        "balance": 0,
        "discount": null,
        "invoice_settings": {"default_payment_method": PM, "footer": null},
        "metadata": {"crm_id": "8841"},
        "preferred_locales": ["en", "zh-Hans"],
        "tax_rate": 7.5,
        "livemode": false
    });
    let mandate = json!({
        "id": "mandate_1838873796102012928",
        "object": "mandate",
        "type": "multi_use",
        "status": "active",
        "payment_method": PM,
        "customer_acceptance": {
            "type": "online",
            "online": {"ip_address": "203.0.113.7", "user_agent": "Mozilla/5.0"}
        }
    });
    let single = json!({
        "id": "mandate_1838873796102012929",
        "object": "mandate",
        "type": "single_use",
        "single_use": {"amount": 1999, "currency": "sgd"}
    });
    let v = merged(
        &realistic_intent(),
        json!({"customer": customer, "mandate": mandate, "single_use_mandate": single}),
    );
    let intent: SetupIntent = de(&v);

    let Some(Expandable::Object(raw)) = &intent.customer else {
        panic!("{:?}", intent.customer);
    };
    // Every member, typed or kept in `extra`, as sent; a top-level null reads
    // as an absent typed field, while untyped members keep theirs.
    let mut expected = customer.clone();
    expected
        .as_object_mut()
        .unwrap()
        .retain(|_, value| !value.is_null());
    assert_eq!(serde_json::to_value(&**raw).unwrap(), expected);
    assert_eq!(intent.customer.as_ref().unwrap().id(), CUS);
    let Some(Expandable::Object(raw)) = &intent.mandate else {
        panic!("{:?}", intent.mandate);
    };
    assert_eq!(serde_json::to_value(&**raw).unwrap(), mandate);
    assert_eq!(
        intent.mandate.as_ref().unwrap().id(),
        "mandate_1838873796102012928"
    );
    let Some(Expandable::Object(raw)) = &intent.single_use_mandate else {
        panic!("{:?}", intent.single_use_mandate);
    };
    assert_eq!(serde_json::to_value(&**raw).unwrap(), single);

    // Serialized back: mandates (kept raw) unchanged, nulls too.
    let back = serde_json::to_value(&intent).unwrap();
    assert_eq!(back["customer"], expected);
    assert_eq!(back["mandate"], mandate);
    assert_eq!(back["single_use_mandate"], single);
    // And the rest as usual.
    let customer = expected;
    let mut expected = strip_nulls(v.clone());
    expected["customer"] = customer;
    expected["mandate"] = mandate;
    expected["single_use_mandate"] = single;
    assert_eq!(back, expected);
}

#[test]
fn expanded_latest_attempt_keeps_unknown_members_in_extra() {
    let attempt = json!({
        "id": "setatt_1838873795553656832",
        "object": "setup_attempt",
        "created": 1695645776,
        "setup_intent": SETI,
        "customer": CUS,
        "payment_method": PM,
        "payment_method_details": {
            "type": "card",
            "card": {"three_d_secure": {"result": "authenticated", "version": "2.2.0"}}
        },
        "setup_error": null,
        "status": "requires_action",
        "usage": "off_session",
        "livemode": false,
        "flow_directions": ["inbound"]
    });
    let v = merged(&realistic_intent(), json!({"latest_attempt": attempt}));
    let intent: SetupIntent = de(&v);
    let Some(Expandable::Object(typed)) = &intent.latest_attempt else {
        panic!("{:?}", intent.latest_attempt);
    };
    assert_eq!(typed.id, "setatt_1838873795553656832");
    assert_eq!(HasId::id(&**typed), Some("setatt_1838873795553656832"));
    assert_eq!(typed.object.as_deref(), Some("setup_attempt"));
    assert!(
        !typed.extra.contains_key("id"),
        "typed members not duplicated"
    );
    assert!(!typed.extra.contains_key("object"));
    assert_eq!(typed.extra.len(), 10);
    assert_eq!(typed.extra["setup_intent"], SETI);
    assert_eq!(typed.extra["status"], "requires_action");
    assert_eq!(typed.extra["setup_error"], Value::Null);
    assert_eq!(
        typed.extra["payment_method_details"]["card"]["three_d_secure"]["result"],
        "authenticated"
    );
    // Lossless, nulls included.
    assert_eq!(
        serde_json::to_value(&intent).unwrap()["latest_attempt"],
        attempt
    );
    let alone: SetupAttempt = de(&attempt);
    assert_eq!(serde_json::to_value(&alone).unwrap(), attempt);
    assert_eq!(&alone, &**typed);
}

// ------------------------------------------------------- next_action

/// Deserializes a `next_action`, checks its tag and that it round-trips
/// exactly, also inside a SetupIntent.
fn next_action(v: Value) -> NextAction {
    let action: NextAction = de(&v);
    assert_eq!(action.tag(), v["type"].as_str(), "tag() of {v}");
    assert_eq!(serde_json::to_value(&action).unwrap(), v, "round trip");
    // Replaced whole, not merged, so the realistic challenge payload is gone.
    let mut intent = realistic_intent();
    intent["next_action"] = v.clone();
    let typed: SetupIntent = round_trip(&intent);
    assert_eq!(typed.next_action.as_ref(), Some(&action));
    action
}

/// The tag values the tests below cover, one test each.
const COVERED_NEXT_ACTIONS: [&str; 23] = [
    "redirect_to_url",
    "ddc_redirect",
    "challenge_redirect",
    "alipayplus_handle_redirect",
    "alipay_handle_redirect",
    "wechat_pay_display_qr_code",
    "wechat_pay_redirect_to_android_app",
    "wechat_pay_redirect_to_ios_app",
    "wechat_pay_redirect_to_web",
    "wechat_pay_official_account_params",
    "truemoney_handle_redirect",
    "akulaku_handle_redirect",
    "bank_transfer_id_handle_redirect",
    "promptpay_handle_redirect",
    "dana_handle_redirect",
    "shopeepay_handle_redirect",
    "gcash_handle_redirect",
    "rabbit_line_pay_handle_redirect",
    "alipay_hk_handle_redirect",
    "bpi_handle_redirect",
    "pix_handle_redirect",
    "oxxo_handle_redirect",
    "spei_display_details",
];

#[test]
fn every_spec_next_action_variant_has_a_test() {
    let ResolvedSchema::Union(union) = schema("NextAction") else {
        panic!("NextAction is not a union");
    };
    let spec: Vec<&str> = union
        .variants
        .iter()
        .map(|v| v.tag_value.as_str())
        .collect();
    assert_eq!(spec, COVERED_NEXT_ACTIONS, "add a test for the new variant");
    for variant in &union.variants {
        assert_eq!(variant.payload_key, variant.tag_value);
    }
}

#[test]
fn next_action_redirect_to_url() {
    let NextAction::RedirectToUrl(p) = next_action(json!({
        "type": "redirect_to_url",
        "redirect_to_url": {
            "return_url": "https://shop.example.com/return",
            "url": "https://hooks.wooshpay.com/redirect/authenticate/src_1838873795297804288"
        }
    })) else {
        panic!()
    };
    assert_eq!(
        p.return_url.as_deref(),
        Some("https://shop.example.com/return")
    );
    assert_eq!(
        p.url.as_deref(),
        Some("https://hooks.wooshpay.com/redirect/authenticate/src_1838873795297804288")
    );
}

#[test]
fn next_action_ddc_redirect() {
    let NextAction::DdcRedirect(p) = next_action(json!({
        "type": "ddc_redirect",
        "ddc_redirect": {
            "return_url": "https://shop.example.com/return",
            "url": "https://apitest.wooshpay.com/v1/3ds/ddc?id=ddc_7Gm2Qx"
        }
    })) else {
        panic!()
    };
    assert_eq!(
        p.url.as_deref(),
        Some("https://apitest.wooshpay.com/v1/3ds/ddc?id=ddc_7Gm2Qx")
    );
    assert_eq!(
        p.return_url.as_deref(),
        Some("https://shop.example.com/return")
    );
}

#[test]
fn next_action_challenge_redirect() {
    let NextAction::ChallengeRedirect(p) = next_action(json!({
        "type": "challenge_redirect",
        "challenge_redirect": {
            "return_url": "https://shop.example.com/return",
            "url": "https://acs.issuer.example/challenge?creq=eyJ0aHJlZURT"
        }
    })) else {
        panic!()
    };
    assert_eq!(
        p.url.as_deref(),
        Some("https://acs.issuer.example/challenge?creq=eyJ0aHJlZURT")
    );
    assert_eq!(
        p.return_url.as_deref(),
        Some("https://shop.example.com/return")
    );
}

#[test]
fn next_action_alipayplus_handle_redirect_camel_case_members() {
    let v = json!({
        "type": "alipayplus_handle_redirect",
        "alipayplus_handle_redirect": {
            "return_url": "https://shop.example.com/return",
            "schemeUrl": "alipays://platformapi/startapp?appId=20000067&url=https%3A%2F%2Fm.example",
            "applinkUrl": "https://render.alipay.com/p/s/i?scheme=alipays%3A%2F%2F",
            "normalUrl": "https://globalmapi.alipay.com/gateway.do?_input_charset=utf-8"
        }
    });
    let NextAction::AlipayplusHandleRedirect(p) = next_action(v.clone()) else {
        panic!()
    };
    assert_eq!(
        p.scheme_url.as_deref(),
        Some("alipays://platformapi/startapp?appId=20000067&url=https%3A%2F%2Fm.example")
    );
    assert_eq!(
        p.applink_url.as_deref(),
        Some("https://render.alipay.com/p/s/i?scheme=alipays%3A%2F%2F")
    );
    assert_eq!(
        p.normal_url.as_deref(),
        Some("https://globalmapi.alipay.com/gateway.do?_input_charset=utf-8")
    );
    assert_eq!(
        p.return_url.as_deref(),
        Some("https://shop.example.com/return")
    );
    // snake_case spellings are not the wire names.
    let snake: NextAction = de(&json!({
        "type": "alipayplus_handle_redirect",
        "alipayplus_handle_redirect": {"scheme_url": "alipays://x"}
    }));
    let NextAction::AlipayplusHandleRedirect(p) = snake else {
        panic!()
    };
    assert_eq!(p.scheme_url, None);
}

#[test]
fn next_action_alipay_handle_redirect() {
    let NextAction::AlipayHandleRedirect(p) = next_action(json!({
        "type": "alipay_handle_redirect",
        "alipay_handle_redirect": {
            "native_data": "_input_charset=utf-8&out_trade_no=seti_1838873795297804288",
            "native_url": "alipays://platformapi/startapp?saId=10000007&qrcode=https%3A%2F%2Fqr.alipay.com%2Fbax0",
            "return_url": "https://shop.example.com/return",
            "url": "https://intlmapi.alipay.com/gateway.do?service=create_forex_trade"
        }
    })) else {
        panic!()
    };
    assert_eq!(
        p.native_data.as_deref(),
        Some("_input_charset=utf-8&out_trade_no=seti_1838873795297804288")
    );
    assert!(p.native_url.as_deref().unwrap().starts_with("alipays://"));
    assert_eq!(
        p.return_url.as_deref(),
        Some("https://shop.example.com/return")
    );
    assert_eq!(
        p.url.as_deref(),
        Some("https://intlmapi.alipay.com/gateway.do?service=create_forex_trade")
    );
}

#[test]
fn next_action_wechat_pay_display_qr_code_data_ur() {
    let NextAction::WechatPayDisplayQrCode(p) = next_action(json!({
        "type": "wechat_pay_display_qr_code",
        "wechat_pay_display_qr_code": {
            "data": "weixin://wxpay/bizpayurl?pr=Xk3lZ9a",
            "data_ur": "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk",
            "image_url_png": "https://qr.wooshpay.com/wechat/seti_1838873795297804288.png",
            "image_url_svg": "https://qr.wooshpay.com/wechat/seti_1838873795297804288.svg"
        }
    })) else {
        panic!()
    };
    assert_eq!(
        p.data.as_deref(),
        Some("weixin://wxpay/bizpayurl?pr=Xk3lZ9a")
    );
    // D1: `data_ur` kept as documented.
    assert!(p
        .data_ur
        .as_deref()
        .unwrap()
        .starts_with("data:image/png;base64,"));
    assert!(p.image_url_png.as_deref().unwrap().ends_with(".png"));
    assert!(p.image_url_svg.as_deref().unwrap().ends_with(".svg"));
}

#[test]
fn next_action_wechat_pay_redirect_to_android_app() {
    let NextAction::WechatPayRedirectToAndroidApp(p) = next_action(json!({
        "type": "wechat_pay_redirect_to_android_app",
        "wechat_pay_redirect_to_android_app": {
            "native_url": "weixin://app/wx2421b1c4370ec43b/pay/?nonceStr=5K8264ILTKCH16CQ"
        }
    })) else {
        panic!()
    };
    assert_eq!(
        p.native_url.as_deref(),
        Some("weixin://app/wx2421b1c4370ec43b/pay/?nonceStr=5K8264ILTKCH16CQ")
    );
}

#[test]
fn next_action_wechat_pay_redirect_to_ios_app() {
    let NextAction::WechatPayRedirectToIosApp(p) = next_action(json!({
        "type": "wechat_pay_redirect_to_ios_app",
        "wechat_pay_redirect_to_ios_app": {
            "native_url": "weixin://app/wx2421b1c4370ec43b/pay/?package=Sign%3DWXPay"
        }
    })) else {
        panic!()
    };
    assert_eq!(
        p.native_url.as_deref(),
        Some("weixin://app/wx2421b1c4370ec43b/pay/?package=Sign%3DWXPay")
    );
}

#[test]
fn next_action_wechat_pay_redirect_to_web() {
    let NextAction::WechatPayRedirectToWeb(p) = next_action(json!({
        "type": "wechat_pay_redirect_to_web",
        "wechat_pay_redirect_to_web": {
            "url": "https://wx.tenpay.com/cgi-bin/mmpayweb-bin/checkmweb?prepay_id=wx2016121516420242444321ca0631331346"
        }
    })) else {
        panic!()
    };
    assert!(p
        .url
        .as_deref()
        .unwrap()
        .contains("prepay_id=wx2016121516420242444321ca0631331346"));
}

#[test]
fn next_action_wechat_pay_official_account_params_camel_case_members() {
    let NextAction::WechatPayOfficialAccountParams(p) = next_action(json!({
        "type": "wechat_pay_official_account_params",
        "wechat_pay_official_account_params": {
            "appId": "wx2421b1c4370ec43b",
            "timeStamp": "1695645775",
            "nonceStr": "5K8264ILTKCH16CQ2502SI8ZNMTM67VS",
            "signType": "RSA",
            "paySign": "oR9d8PuhnIc+YZ8cBHFCwfgpaK9gd7vaRvkYD7rthRAZ",
            "package": "prepay_id=wx201410272009395522657a690389285100"
        }
    })) else {
        panic!()
    };
    assert_eq!(p.app_id.as_deref(), Some("wx2421b1c4370ec43b"));
    // A string on the wire, not an integer.
    assert_eq!(p.time_stamp.as_deref(), Some("1695645775"));
    assert_eq!(
        p.nonce_str.as_deref(),
        Some("5K8264ILTKCH16CQ2502SI8ZNMTM67VS")
    );
    assert_eq!(p.sign_type.as_deref(), Some("RSA"));
    assert_eq!(
        p.pay_sign.as_deref(),
        Some("oR9d8PuhnIc+YZ8cBHFCwfgpaK9gd7vaRvkYD7rthRAZ")
    );
    // `package` is a Rust keyword-free name: kept as is.
    assert_eq!(
        p.package.as_deref(),
        Some("prepay_id=wx201410272009395522657a690389285100")
    );
}

/// The variants whose payload is a single `url`.
macro_rules! url_only {
    ($test:ident, $tag:literal, $variant:ident, $url:literal) => {
        #[test]
        fn $test() {
            let NextAction::$variant(p) = next_action(json!({
                "type": $tag,
                $tag: {"url": $url}
            })) else {
                panic!("not {}", stringify!($variant))
            };
            assert_eq!(p.url.as_deref(), Some($url));
        }
    };
}

url_only!(
    next_action_truemoney_handle_redirect,
    "truemoney_handle_redirect",
    TruemoneyHandleRedirect,
    "https://m.truemoney.com/payment/checkout?token=tmn_8Yb3Rk2P"
);
url_only!(
    next_action_akulaku_handle_redirect,
    "akulaku_handle_redirect",
    AkulakuHandleRedirect,
    "https://mall.akulaku.com/v2/openPay.html?appId=883571&refNo=seti_1838873795297804288"
);
url_only!(
    next_action_bank_transfer_id_handle_redirect,
    "bank_transfer_id_handle_redirect",
    BankTransferIdHandleRedirect,
    "https://checkout.wooshpay.com/bank-transfer/id/va_8808123456789012"
);
url_only!(
    next_action_promptpay_handle_redirect,
    "promptpay_handle_redirect",
    PromptpayHandleRedirect,
    "https://checkout.wooshpay.com/promptpay/qr/pp_1838873795297804288"
);
url_only!(
    next_action_dana_handle_redirect,
    "dana_handle_redirect",
    DanaHandleRedirect,
    "https://m.dana.id/m/portal/cashier/checkout?bizNo=20230925111212800110166050100321"
);
url_only!(
    next_action_shopeepay_handle_redirect,
    "shopeepay_handle_redirect",
    ShopeepayHandleRedirect,
    "https://pay.shopee.co.id/checkout?token=spp_Q2w8Rt6Y"
);
url_only!(
    next_action_gcash_handle_redirect,
    "gcash_handle_redirect",
    GcashHandleRedirect,
    "https://gcashapp.page.link/?link=https%3A%2F%2Fm.gcash.com%2Fpay%3Fid%3Dgc_77a1"
);
url_only!(
    next_action_rabbit_line_pay_handle_redirect,
    "rabbit_line_pay_handle_redirect",
    RabbitLinePayHandleRedirect,
    "https://sandbox-web-pay.line.me/web/payment/wait?transactionReserveId=cTJ1Z0JhNWJ"
);
url_only!(
    next_action_alipay_hk_handle_redirect,
    "alipay_hk_handle_redirect",
    AlipayHkHandleRedirect,
    "https://open-sea.alipayplus.com/api/open/v1/ac/cashier/self/codevalue/checkout.htm?codeValue=https%3A%2F%2Fqr.alipay.hk"
);
url_only!(
    next_action_bpi_handle_redirect,
    "bpi_handle_redirect",
    BpiHandleRedirect,
    "https://online.bpi.com.ph/portalserver/onlinebanking/pay?ref=BPI20230925A1"
);

#[test]
fn next_action_pix_handle_redirect_integer_timeout() {
    let NextAction::PixHandleRedirect(p) = next_action(json!({
        "type": "pix_handle_redirect",
        "pix_handle_redirect": {
            "url": "https://checkout.wooshpay.com/pix/pix_1838873795297804288",
            "qrcode": "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D",
            "timeout": 1800
        }
    })) else {
        panic!()
    };
    assert_eq!(p.timeout, Some(1800_i64));
    assert!(p.qrcode.as_deref().unwrap().starts_with("000201"));
    assert_eq!(
        p.url.as_deref(),
        Some("https://checkout.wooshpay.com/pix/pix_1838873795297804288")
    );
    // D4: a string timeout does not fit here (it is a string only for OXXO).
    let (path, message) = de_error::<NextAction>(&json!({
        "type": "pix_handle_redirect",
        "pix_handle_redirect": {"timeout": "1800"}
    }));
    assert_eq!(path, "pix_handle_redirect.timeout");
    assert_eq!(message, "unfit: expected int64, found string");
}

#[test]
fn next_action_oxxo_handle_redirect_string_timeout() {
    let NextAction::OxxoHandleRedirect(p) = next_action(json!({
        "type": "oxxo_handle_redirect",
        "oxxo_handle_redirect": {
            "timeout": "2023-09-28T23:59:59-06:00",
            "bar_code": "93000123456789012345678901234567",
            "url": "https://checkout.wooshpay.com/oxxo/voucher/oxxo_1838873795297804288"
        }
    })) else {
        panic!()
    };
    assert_eq!(p.timeout.as_deref(), Some("2023-09-28T23:59:59-06:00"));
    assert_eq!(
        p.bar_code.as_deref(),
        Some("93000123456789012345678901234567")
    );
    assert_eq!(
        p.url.as_deref(),
        Some("https://checkout.wooshpay.com/oxxo/voucher/oxxo_1838873795297804288")
    );
    let (path, message) = de_error::<NextAction>(&json!({
        "type": "oxxo_handle_redirect",
        "oxxo_handle_redirect": {"timeout": 259200}
    }));
    assert_eq!(path, "oxxo_handle_redirect.timeout");
    assert_eq!(message, "unfit: expected string, found number");
}

#[test]
fn next_action_spei_display_details_empty_object() {
    let action = next_action(json!({"type": "spei_display_details", "spei_display_details": {}}));
    let NextAction::SpeiDisplayDetails(p) = &action else {
        panic!("{action:?}")
    };
    assert_eq!(*p, wooshpay::NextActionSpeiDisplayDetails::default());
}

#[test]
fn unknown_next_action_type_is_kept_whole() {
    let v = json!({
        "type": "paypay_handle_redirect",
        "paypay_handle_redirect": {
            "url": "https://stg-www.sandbox.paypay.ne.jp/app/cashier?code=https%3A%2F%2Fqr-stg.sandbox.paypay.ne.jp%2F28180104",
            "deeplink": "paypay://payment?link_key=https%3A%2F%2Fqr-stg.sandbox.paypay.ne.jp%2F28180104"
        }
    });
    let action = next_action(v.clone());
    let NextAction::Unknown(raw) = &action else {
        panic!("{action:?}")
    };
    assert_eq!(Value::from(raw.clone()), v);
    assert_eq!(action.tag(), Some("paypay_handle_redirect"));
}

#[test]
fn known_type_without_its_payload_is_kept_as_unknown() {
    for v in [
        json!({"type": "redirect_to_url"}),
        json!({"type": "redirect_to_url", "redirect_to_url": null}),
        // The payload is under another member than the one `type` names.
        json!({"type": "redirect_to_url", "challenge_redirect": {"url": "https://acs.example/c"}}),
        json!({"type": "spei_display_details", "display_details": {"clabe": "646180157000000004"}}),
    ] {
        let action: NextAction = de(&v);
        let NextAction::Unknown(raw) = &action else {
            panic!("{v}: expected Unknown, got {action:?}")
        };
        // Kept as sent, nulls included.
        assert_eq!(Value::from(raw.clone()), v);
        assert_eq!(serde_json::to_value(&action).unwrap(), v);
        assert_eq!(action.tag(), v["type"].as_str());
    }
}

#[test]
fn next_action_without_a_type_is_kept_as_unknown() {
    for v in [
        json!({}),
        json!({"type": null, "redirect_to_url": {"url": "https://x.example"}}),
        json!({"redirect_to_url": {"url": "https://x.example"}}),
    ] {
        let action: NextAction = de(&v);
        let NextAction::Unknown(raw) = &action else {
            panic!("{v}: expected Unknown, got {action:?}")
        };
        assert_eq!(Value::from(raw.clone()), v);
        assert_eq!(action.tag(), None);
        assert_eq!(serde_json::to_value(&action).unwrap(), v);
    }
}

#[test]
fn next_action_type_selects_the_payload_among_several_members() {
    // Like the doc examples, which print every member at once: `type` picks
    // the one that is read.
    let action: NextAction = de(&json!({
        "type": "ddc_redirect",
        "redirect_to_url": {"url": "https://wrong.example/redirect"},
        "ddc_redirect": {"url": "https://apitest.wooshpay.com/v1/3ds/ddc", "return_url": "https://shop.example.com/r"}
    }));
    let NextAction::DdcRedirect(p) = &action else {
        panic!("{action:?}")
    };
    assert_eq!(
        p.url.as_deref(),
        Some("https://apitest.wooshpay.com/v1/3ds/ddc")
    );
    assert_eq!(action.tag(), Some("ddc_redirect"));
}

#[test]
fn unknown_members_inside_a_next_action_payload_are_ignored() {
    let action: NextAction = de(&json!({
        "type": "redirect_to_url",
        "redirect_to_url": {"url": "https://x.example/3ds", "return_url": "https://shop.example.com/r", "method": "POST"}
    }));
    let NextAction::RedirectToUrl(p) = &action else {
        panic!("{action:?}")
    };
    assert_eq!(p.url.as_deref(), Some("https://x.example/3ds"));
    assert_eq!(
        serde_json::to_value(&action).unwrap(),
        json!({"type": "redirect_to_url", "redirect_to_url": {"url": "https://x.example/3ds", "return_url": "https://shop.example.com/r"}}),
        "payload objects keep only the documented members"
    );

    // SPEI's payload has no documented member at all (D2), so the spec keeps
    // whatever WooshPay sends in `extra`: a populated payload round-trips.
    let sent = json!({
        "type": "spei_display_details",
        "spei_display_details": {"clabe": "646180157000000004", "bank": "STP", "reference": "1838873"}
    });
    let action: NextAction = de(&sent);
    match &action {
        NextAction::SpeiDisplayDetails(details) => {
            assert_eq!(
                details.extra.get("clabe"),
                Some(&json!("646180157000000004"))
            )
        }
        other => panic!("expected SPEI details, got {other:?}"),
    }
    assert_eq!(serde_json::to_value(&action).unwrap(), sent);
}

// ------------------------------------------- values added by WooshPay later

#[test]
fn new_enum_values_are_kept_as_unknown() {
    let v = merged(
        &realistic_intent(),
        json!({
            "status": "requires_capture",
            "cancellation_reason": "failed_invoice",
            "usage": "single_use",
            "payment_method_types": ["card", "paypay", "sepa", "9pay"],
            "last_setup_error": {
                "code": "rate_limit", "decline_code": null, "message": "Too many requests.",
                "param": null, "payment_method_type": "paypay", "type": "rate_limit_error",
                "payment_method": {"id": "pm_1838873794760933377", "type": "paypay"}
            }
        }),
    );
    let intent: SetupIntent = round_trip(&v);
    let unknown = |s: &str| s.to_owned();
    assert_eq!(
        intent.status,
        SetupIntentStatus::Unknown(unknown("requires_capture"))
    );
    assert_eq!(
        intent.cancellation_reason,
        Some(SetupIntentCancellationReason::Unknown(unknown(
            "failed_invoice"
        )))
    );
    assert_eq!(
        intent.usage,
        Some(SetupIntentUsage::Unknown(unknown("single_use")))
    );
    assert_eq!(
        intent.payment_method_types,
        Some(vec![
            PaymentMethodType::Card,
            PaymentMethodType::Unknown(unknown("paypay")),
            // D27: `sepa` instead of `sepa_debit`.
            PaymentMethodType::Unknown(unknown("sepa")),
            PaymentMethodType::NinePay,
        ])
    );
    let error = intent.last_setup_error.as_ref().unwrap();
    assert_eq!(
        error.type_,
        Some(ErrorType::Unknown(unknown("rate_limit_error")))
    );
    assert_eq!(
        error.payment_method_type,
        Some(PaymentMethodType::Unknown(unknown("paypay")))
    );
    assert_eq!(
        error.payment_method.as_ref().unwrap().type_,
        PaymentMethodType::Unknown(unknown("paypay"))
    );
}

#[test]
fn unknown_top_level_and_nested_members_are_ignored() {
    let v = merged(
        &realistic_intent(),
        json!({
            "application": "ca_1838870000000000000",
            "automatic_payment_methods": {"enabled": true, "allow_redirects": "always"},
            "flow_directions": ["inbound"],
            "on_behalf_of": null,
            "total_count": 3,
            "payment_method_options": {"card": {"request_three_d_secure": "automatic", "network": null, "mit_exemption": {"claim_without_transaction_id": false}}},
            "last_setup_error": {"code": "card_declined", "doc_url": "https://docs.wooshpay.com/error-codes#card-declined", "type": "card_error"}
        }),
    );
    let intent: SetupIntent = de(&v);
    assert_eq!(intent.id, SETI);
    assert_eq!(intent.status, SetupIntentStatus::RequiresAction);
    assert_eq!(
        intent
            .payment_method_options
            .as_ref()
            .and_then(|o| o.card.as_ref())
            .and_then(|c| c.request_three_d_secure.as_deref()),
        Some("automatic")
    );
    assert_eq!(
        intent.last_setup_error.as_ref().unwrap().type_,
        Some(ErrorType::CardError)
    );
    // Undocumented members are not kept on SetupIntent (no `extra`): the
    // output is the documented part of the input.
    let back = serde_json::to_value(&intent).unwrap();
    for member in [
        "application",
        "automatic_payment_methods",
        "flow_directions",
        "total_count",
    ] {
        assert!(back.get(member).is_none(), "{member} serialized back");
    }
    let mut expected = strip_nulls(realistic_intent());
    expected["payment_method_options"] = json!({"card": {"request_three_d_secure": "automatic"}});
    expected["last_setup_error"] = json!({"code": "card_declined", "type": "card_error"});
    assert_eq!(back, expected);
}

// ----------------------------------------------- wrong types: JSON paths

#[test]
fn wrongly_typed_top_level_values_name_their_path() {
    let base = realistic_intent();
    let cases = [
        (json!({"created": "yesterday"}), "created", "error"),
        (json!({"status": 5}), "status", "error"),
        (json!({"livemode": "yes"}), "livemode", "error"),
        (
            json!({"cancellation_reason": true}),
            "cancellation_reason",
            "unfit",
        ),
        (json!({"usage": ["off_session"]}), "usage", "unfit"),
        (json!({"id": 1838873795297804288_u64}), "id", "error"),
        (json!({"created": 1695645775.5}), "created", "error"),
        (json!({"latest_attempt": 42}), "latest_attempt", "unfit"),
        (json!({"customer": ["cus_1"]}), "customer", "unfit"),
        (json!({"object": "list"}), "object", "error"),
        (
            json!({"payment_method_types": ["card", 7]}),
            "payment_method_types",
            "unfit",
        ),
        (
            json!({"payment_method_options": {"card": {"request_three_d_secure": false}}}),
            "payment_method_options.card.request_three_d_secure",
            "unfit",
        ),
        (
            json!({"next_action": "redirect_to_url"}),
            "next_action",
            "unfit",
        ),
    ];
    // Always-present members (`id`, `object`, `created`, ...) fail the
    // response at their path; any other member is kept raw and reported as
    // unfit at the path of the member that holds the wrong value (the whole
    // array or union when an item or payload does not fit).
    let mut wrong = Vec::new();
    for (patch, path, kind) in cases {
        let v = merged(&base, patch.clone());
        let (got_path, got_message) = de_error::<SetupIntent>(&v);
        let got_kind = if got_message.starts_with("unfit") {
            "unfit"
        } else {
            "error"
        };
        if got_path != path || got_kind != kind {
            wrong.push(format!(
                "{patch}: got {got_kind} at `{got_path}`: {got_message}"
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn wrongly_typed_nested_values_name_their_path() {
    let base = realistic_intent();
    let mut pm = card_payment_method();
    pm["card"]["exp_year"] = json!("2027");
    // Each wrong value is kept raw where it is and reported at its path;
    // a wrong tag or payload makes the whole union unfit.
    let cases = [
        (
            json!({"next_action": {"type": "redirect_to_url", "redirect_to_url": {"url": 5}}}),
            "next_action.redirect_to_url.url",
        ),
        (json!({"next_action": {"type": 5}}), "next_action"),
        (
            json!({"next_action": {"type": "pix_handle_redirect", "pix_handle_redirect": "https://pix.example"}}),
            "next_action",
        ),
        (
            // The payment method in an error comes without its always-present
            // `id` here, so the whole member is what does not fit.
            json!({"last_setup_error": {"payment_method": {"card": {"exp_month": "12"}}}}),
            "last_setup_error.payment_method",
        ),
        (
            // `type` is required in the error object.
            json!({"last_setup_error": {"type": 402}}),
            "last_setup_error",
        ),
        (
            json!({"last_setup_error": {"payment_method": {"id": "pm_1", "object": "payment_method", "type": "card", "billing_details": {"address": {"postal_code": 48616}}}}}),
            "last_setup_error.payment_method.billing_details.address.postal_code",
        ),
        (
            json!({"payment_method": pm}),
            "payment_method.card.exp_year",
        ),
        // A strict `id` inside an expanded object makes the member unfit.
        (
            json!({"latest_attempt": {"id": 7, "object": "setup_attempt"}}),
            "latest_attempt",
        ),
    ];
    let mut wrong = Vec::new();
    for (patch, path) in cases {
        let (got_path, message) = de_error::<SetupIntent>(&merged(&base, patch.clone()));
        if got_path != path || !message.starts_with("unfit") {
            wrong.push(format!("{patch}: `{got_path}`: {message}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn wrongly_typed_request_body_values_name_their_path() {
    let (path, message) = params_error::<UpdateSetupIntentParams>(&json!({
        "payment_method_data": {"type": "card", "card": {"number": "4242424242424242", "exp_month": true}}
    }));
    assert_eq!(path, "payment_method_data.card.exp_month");
    assert!(
        message.starts_with("invalid type: boolean `true`, expected i64"),
        "{message}"
    );

    let (path, message) = params_error::<UpdateSetupIntentParams>(&json!({
        "payment_method_data": {"card": {"number": "4242424242424242"}}
    }));
    assert_eq!(path, "payment_method_data");
    assert!(message.starts_with("missing field `type`"), "{message}");
}

// ----------------------------------------------------------- requests

#[test]
fn realistic_update_request_round_trips() {
    let v = json!({
        "customer": CUS,
        "description": "Save card for the Pro monthly plan",
        "metadata": {"order_id": "A-100231"},
        "payment_method_types": ["card", "wechat_pay"],
        "payment_method_options": {"card": {"request_three_d_secure": "any"}},
        "payment_method_data": {
            "type": "card",
            "billing_details": {"email": "mei.tan@example.com", "name": "Tan Mei Ling"},
            "card": {"exp_month": "12", "exp_year": "2027", "number": "4242424242424242", "cvc": "123", "name": "TAN MEI LING"}
        }
    });
    let params: UpdateSetupIntentParams = round_trip(&v);
    let data = params.payment_method_data.as_ref().unwrap();
    assert_eq!(data.type_, PaymentMethodType::Card);
    let card = data.card.as_ref().unwrap();
    assert_eq!(card.number, "4242424242424242");
    assert_eq!(card.exp_month, Some(12));

    // The constructor builds the same body.
    let built = UpdateSetupIntentParams {
        customer: Some(CUS.into()),
        description: Some("Save card for the Pro monthly plan".to_owned()),
        metadata: Some([("order_id".to_owned(), "A-100231".to_owned())].into()),
        payment_method_types: Some(vec![PaymentMethodType::Card, PaymentMethodType::WechatPay]),
        payment_method_options: params.payment_method_options.clone(),
        payment_method_data: Some(PaymentMethodData {
            billing_details: data.billing_details.clone(),
            ..PaymentMethodData::card(PaymentMethodDataCard {
                exp_month: Some(12),
                exp_year: Some(2027),
                number: "4242424242424242".to_owned(),
                cvc: Some("123".to_owned()),
                name: Some("TAN MEI LING".to_owned()),
            })
        }),
        ..Default::default()
    };
    assert_eq!(built, params);
    assert_eq!(serde_json::to_value(&built).unwrap(), v);
}

#[test]
fn payment_method_data_constructors_set_the_tag() {
    let wechat = PaymentMethodData::wechat_pay(wooshpay::PaymentMethodDataWechatPay {
        payment_code: Some("134567890123456789".to_owned()),
    });
    assert_eq!(
        serde_json::to_value(&wechat).unwrap(),
        json!({"type": "wechat_pay", "wechat_pay": {"payment_code": "134567890123456789"}})
    );
    let alipayplus = PaymentMethodData::alipayplus(wooshpay::PaymentMethodDataAlipayplus {
        payment_code: Some("281666040092151234".to_owned()),
    });
    assert_eq!(
        serde_json::to_value(&alipayplus).unwrap(),
        json!({"type": "alipayplus", "alipayplus": {"payment_code": "281666040092151234"}})
    );
    // A type without a documented payload still serializes its tag.
    let boleto = PaymentMethodData::new(PaymentMethodType::Boleto);
    assert_eq!(
        serde_json::to_value(&boleto).unwrap(),
        json!({"type": "boleto"})
    );
    let back: PaymentMethodData = de(&json!({"type": "boleto"}));
    assert_eq!(back, boleto);
}

// --------------------------------------------------------------- secrets

#[test]
fn debug_of_a_setup_intent_hides_the_client_secret() {
    let intent: SetupIntent = de(&realistic_intent());
    for text in [format!("{intent:?}"), format!("{intent:#?}")] {
        assert!(!text.contains(SECRET), "client_secret leaked: {text}");
        assert!(!text.contains("_secret_"), "client_secret leaked: {text}");
        assert!(text.contains("client_secret: [REDACTED]"), "{text}");
        // The rest is still there.
        assert!(text.contains(SETI), "{text}");
        assert!(text.contains("RequiresAction"), "{text}");
    }
    // Absent: printed as None, not as a redaction.
    let without = SetupIntent {
        client_secret: None,
        ..intent.clone()
    };
    let text = format!("{without:?}");
    assert!(text.contains("client_secret: None"), "{text}");
    assert!(!text.contains("[REDACTED]"), "{text}");
    // Also when nested in another Debug (a Vec, an Option).
    let text = format!("{:?}", vec![Some(intent)]);
    assert!(
        !text.contains(SECRET) && text.contains("[REDACTED]"),
        "{text}"
    );
}

#[test]
fn debug_of_payment_method_data_hides_card_number_and_cvc() {
    let number = "4000002760003184";
    let cvc = "737";
    let data = PaymentMethodData::card(PaymentMethodDataCard {
        exp_month: Some(3),
        exp_year: Some(2030),
        number: number.to_owned(),
        cvc: Some(cvc.to_owned()),
        name: Some("TAN MEI LING".to_owned()),
    });
    let params = UpdateSetupIntentParams {
        payment_method_data: Some(data.clone()),
        ..Default::default()
    };
    for text in [
        format!("{data:?}"),
        format!("{data:#?}"),
        format!("{params:?}"),
        format!("{:?}", data.card.as_ref().unwrap()),
    ] {
        assert!(!text.contains(number), "card number leaked: {text}");
        assert!(!text.contains(cvc), "cvc leaked: {text}");
        assert!(text.contains("number: [REDACTED]"), "{text}");
        assert!(text.contains("cvc: [REDACTED]"), "{text}");
        assert!(text.contains("TAN MEI LING"), "{text}");
        assert!(text.contains("2030"), "{text}");
    }
    // The values are still sent on the wire.
    let wire = serde_json::to_value(&data).unwrap();
    assert_eq!(wire["card"]["number"], number);
    assert_eq!(wire["card"]["cvc"], cvc);
}

#[test]
fn debug_of_every_params_type_hides_card_secrets() {
    let number = "5555555555554444";
    let cvc = "4821";
    let data = PaymentMethodData::card(PaymentMethodDataCard::new(number).cvc(cvc));
    let create = wooshpay::CreateSetupIntentParams {
        confirm: Some(true),
        payment_method_data: Some(data.clone()),
        ..Default::default()
    };
    let confirm = wooshpay::ConfirmSetupIntentParams {
        payment_method_data: Some(data),
        ..wooshpay::ConfirmSetupIntentParams::new("https://shop.example.com/return")
    };
    for text in [format!("{create:?}"), format!("{confirm:#?}")] {
        assert!(
            !text.contains(number) && !text.contains(cvc),
            "leaked: {text}"
        );
        assert_eq!(text.matches("[REDACTED]").count(), 2, "{text}");
    }
}

#[test]
fn list_of_setup_intents_page() {
    let second = merged(
        &realistic_intent(),
        json!({
            "id": "seti_1838873795297804289",
            "client_secret": "seti_1838873795297804289_secret_Zt6pQ1wE",
            "status": "succeeded",
            "next_action": null
        }),
    );
    let v = json!({
        "object": "list",
        "url": "/v1/setup_intents",
        "has_more": true,
        "data": [realistic_intent(), second]
    });
    let page: wooshpay::List<SetupIntent> = round_trip(&v);
    assert_eq!(page.object, "list");
    assert!(page.has_more);
    let data = &page.data;
    assert_eq!(data.len(), 2);
    assert_eq!(data[1].status, SetupIntentStatus::Succeeded);
    assert_eq!(HasId::id(&data[1]), Some("seti_1838873795297804289"));
    let text = format!("{page:?}");
    assert!(!text.contains("_secret_"), "client_secret leaked: {text}");
    assert_eq!(text.matches("[REDACTED]").count(), 2, "{text}");
}

#[test]
fn raw_objects_are_plain_json_maps() {
    // `RawObject` is what Unknown and unexpanded-schema references hold.
    let mut raw = RawObject::new();
    raw.insert("type".to_owned(), json!("paypay_handle_redirect"));
    let action = NextAction::Unknown(raw);
    assert_eq!(
        serde_json::to_value(&action).unwrap(),
        json!({"type": "paypay_handle_redirect"})
    );
    assert_eq!(action.tag(), Some("paypay_handle_redirect"));
}

// ------------------------------------------- vaguely documented members (issue 10)

/// A PaymentIntent with only its always-present members.
fn minimal_payment_intent(patch: Value) -> Value {
    merged(
        &json!({
            "id": "pi_1838873795297804288",
            "object": "payment_intent",
            "created": 1671261323000_i64,
            "currency": "USD",
            "amount": 100,
            "status": "requires_action",
            "livemode": false
        }),
        patch,
    )
}

#[test]
fn metadata_keeps_values_of_every_json_type() {
    let metadata = json!({
        "order": "A-17",
        "count": 3,
        "big": u64::MAX,
        // The default serde_json parser reads this one bit off; the crate
        // enables `float_roundtrip` so it comes back exactly.
        "ratio": -105874.07513043121_f64,
        "gift": true,
        "note": null,
        "lines": [{"sku": "tee", "qty": 2}, "loose", 1.5],
        "nested": {"a": {"b": []}}
    });
    let intent: wooshpay::PaymentIntent =
        de(&minimal_payment_intent(json!({ "metadata": metadata })));
    let kept = serde_json::to_value(intent.metadata.expect("metadata")).unwrap();
    assert_eq!(kept, metadata);
}

#[test]
fn payment_method_types_may_be_a_json_encoded_string_or_empty() {
    let encoded = minimal_payment_intent(json!({
        "payment_method_types": "[\"card\",\"wechat_pay\",\"sepa\"]"
    }));
    let intent: wooshpay::PaymentIntent = de(&encoded);
    assert_eq!(
        intent.payment_method_types,
        Some(vec![
            PaymentMethodType::Card,
            PaymentMethodType::WechatPay,
            PaymentMethodType::Unknown("sepa".into()),
        ])
    );
    // Re-encoded as the real array.
    assert_eq!(
        serde_json::to_value(&intent).unwrap()["payment_method_types"],
        json!(["card", "wechat_pay", "sepa"])
    );
    for empty in ["", "  "] {
        let intent: wooshpay::PaymentIntent = de(&minimal_payment_intent(
            json!({ "payment_method_types": empty }),
        ));
        assert_eq!(intent.payment_method_types, None, "{empty:?}");
    }
}

#[test]
fn next_action_may_be_empty_or_json_encoded() {
    let intent: wooshpay::PaymentIntent = de(&minimal_payment_intent(json!({ "next_action": "" })));
    assert!(intent.next_action.is_none());
    let encoded =
        json!({"type": "redirect_to_url", "redirect_to_url": {"url": "https://pay.example/3ds"}});
    let intent: wooshpay::PaymentIntent = de(&minimal_payment_intent(
        json!({ "next_action": encoded.to_string() }),
    ));
    let Some(NextAction::RedirectToUrl(redirect)) = intent.next_action else {
        panic!("not decoded from the JSON string: {:?}", intent.next_action);
    };
    assert_eq!(redirect.url.as_deref(), Some("https://pay.example/3ds"));
}

#[test]
fn a_string_where_an_integer_is_documented_is_an_error_naming_the_member() {
    let (path, message) =
        de_error::<wooshpay::PaymentIntent>(&minimal_payment_intent(json!({ "amount": "100" })));
    assert_eq!(path, "amount", "{message}");
    assert!(message.contains("expected a 64-bit integer"), "{message}");
    // The same inside a list page, where the path names the item.
    let page = json!({
        "object": "list",
        "has_more": false,
        "data": [minimal_payment_intent(json!({})), minimal_payment_intent(json!({ "amount": "100" }))]
    });
    let (path, _) = de_error::<wooshpay::List<wooshpay::PaymentIntent>>(&page);
    assert_eq!(path, "data[1].amount");
}

/// The client decodes a body first expecting every member to fit, then
/// tolerantly when one does not: the result must be the tolerant decode's
/// exactly, also where a failure inside is caught (an embedded union's
/// payload, a JSON-encoded member), not just where it propagates.
#[test]
fn the_client_decode_equals_the_tolerant_decode_when_members_do_not_fit() {
    fn same<T>(body: &Value, unfit: &[&str])
    where
        T: DeserializeOwned + PartialEq + std::fmt::Debug + wooshpay::wire::Decode,
    {
        let text = body.to_string();
        let client: T = wooshpay::__decode_response(200, text.as_bytes()).expect("decodes");
        let tolerant: T = serde_json::from_str(&text).expect("decodes");
        assert_eq!(client, tolerant, "{text}");
        let paths: Vec<String> = wooshpay::wire::unfit_members(&client)
            .iter()
            .map(|member| member.path().to_owned())
            .collect();
        assert_eq!(paths, unfit, "{text}");
    }
    let odd_intent = minimal_payment_intent(json!({
        "amount_received": "12", "shipping": {"name": "J", "address": {"city": 5}},
    }));
    same::<wooshpay::PaymentIntent>(&odd_intent, &["amount_received", "shipping.address.city"]);
    same::<wooshpay::PaymentIntent>(&minimal_payment_intent(json!({})), &[]);
    let page = json!({"object": "list", "has_more": false,
        "data": [minimal_payment_intent(json!({})), odd_intent.clone()]});
    same::<wooshpay::List<wooshpay::PaymentIntent>>(
        &page,
        &["data[1].amount_received", "data[1].shipping.address.city"],
    );
    // Inside an event, the payload is an embedded union member: it stays a
    // typed PaymentIntent, with its unfit members kept.
    let event = json!({"id": "evt_1", "object": "event", "type": "payment_intent.succeeded",
        "data": {"object": odd_intent}});
    let decoded: wooshpay::Event =
        wooshpay::__decode_response(200, event.to_string().as_bytes()).expect("decodes");
    assert!(
        matches!(
            decoded.data.object,
            Some(wooshpay::EventObject::PaymentIntent(_))
        ),
        "{:?}",
        decoded.data.object
    );
    same::<wooshpay::Event>(
        &event,
        &[
            "data.object.amount_received",
            "data.object.shipping.address.city",
        ],
    );
    // A JSON-encoded `next_action` whose payload has a member that does not fit.
    let encoded = json!({"type": "redirect_to_url", "redirect_to_url": {"url": 5}}).to_string();
    same::<wooshpay::PaymentIntent>(
        &minimal_payment_intent(json!({ "next_action": encoded })),
        &["next_action.redirect_to_url.url"],
    );
}
