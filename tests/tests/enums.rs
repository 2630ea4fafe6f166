//! Every enum value the spec documents deserializes to its named variant and
//! serializes back unchanged. The values are read from `spec/` through the
//! generator's model, so a value added to the spec is covered without
//! touching this file; an enum added to the spec fails loudly until it gets a
//! dispatch line below.

use std::collections::{BTreeMap, HashSet};
use std::convert::Infallible;
use std::fmt::{Debug, Display};
use std::path::Path;
use std::str::FromStr;

use generator::model::{ResolvedEnum, ResolvedSchema};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};

const SPEC_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec");

/// Every enum of the spec, by name, in spec order.
fn spec_enums() -> BTreeMap<String, ResolvedEnum> {
    let sources = generator::read_spec_dir(Path::new(SPEC_DIR)).expect("spec dir is readable");
    assert!(!sources.is_empty(), "no spec files found in {SPEC_DIR}");
    let model =
        generator::build_model(&sources).unwrap_or_else(|d| panic!("spec is invalid:\n{d}"));
    let mut enums = BTreeMap::new();
    for module in model.modules {
        for schema in module.schemas {
            if let ResolvedSchema::Enum(e) = schema {
                let name = e.name.clone();
                assert!(enums.insert(name.clone(), e).is_none(), "enum {name} twice");
            }
        }
    }
    enums
}

/// What the generated enums have in common beyond std traits: `as_str` and
/// the `Unknown(String)` variant are inherent, so they are reached through
/// this trait.
trait WireEnum:
    DeserializeOwned
    + Serialize
    + Debug
    + Display
    + FromStr<Err = Infallible>
    + for<'a> From<&'a str>
    + PartialEq
    + Eq
    + std::hash::Hash
    + Clone
{
    fn wire(&self) -> &str;
    fn unknown(value: &str) -> Self;
}

macro_rules! wire_enum {
    ($($name:ident),* $(,)?) => {$(
        impl WireEnum for wooshpay::$name {
            fn wire(&self) -> &str {
                self.as_str()
            }
            fn unknown(value: &str) -> Self {
                Self::Unknown(value.to_owned())
            }
        }
    )*};
}

wire_enum!(
    CheckoutSessionMode,
    BillingAddressCollection,
    PaymentMethodType,
    ErrorType,
    CouponDuration,
    PaymentIntentStatus,
    PaymentIntentCaptureMethod,
    PaymentLinkAfterCompletionType,
    PayoutStatus,
    PayoutDestinationType,
    PriceBillingScheme,
    PriceType,
    PriceRecurringInterval,
    PriceRecurringUsageType,
    RefundReason,
    RefundFailureReason,
    SetupIntentStatus,
    SetupIntentCancellationReason,
    SetupIntentUsage,
    EventType,
    WebhookEndpointStatus,
);

/// Runs [`check`] with the Rust type named like the spec enum.
/// Returns how many documented values were checked.
fn dispatch(e: &ResolvedEnum) -> usize {
    match e.name.as_str() {
        "CheckoutSessionMode" => check::<wooshpay::CheckoutSessionMode>(e),
        "BillingAddressCollection" => check::<wooshpay::BillingAddressCollection>(e),
        "PaymentMethodType" => check::<wooshpay::PaymentMethodType>(e),
        "ErrorType" => check::<wooshpay::ErrorType>(e),
        "CouponDuration" => check::<wooshpay::CouponDuration>(e),
        "PaymentIntentStatus" => check::<wooshpay::PaymentIntentStatus>(e),
        "PaymentIntentCaptureMethod" => check::<wooshpay::PaymentIntentCaptureMethod>(e),
        "PaymentLinkAfterCompletionType" => check::<wooshpay::PaymentLinkAfterCompletionType>(e),
        "PayoutStatus" => check::<wooshpay::PayoutStatus>(e),
        "PayoutDestinationType" => check::<wooshpay::PayoutDestinationType>(e),
        "PriceBillingScheme" => check::<wooshpay::PriceBillingScheme>(e),
        "PriceType" => check::<wooshpay::PriceType>(e),
        "PriceRecurringInterval" => check::<wooshpay::PriceRecurringInterval>(e),
        "PriceRecurringUsageType" => check::<wooshpay::PriceRecurringUsageType>(e),
        "RefundReason" => check::<wooshpay::RefundReason>(e),
        "RefundFailureReason" => check::<wooshpay::RefundFailureReason>(e),
        "SetupIntentStatus" => check::<wooshpay::SetupIntentStatus>(e),
        "SetupIntentCancellationReason" => check::<wooshpay::SetupIntentCancellationReason>(e),
        "SetupIntentUsage" => check::<wooshpay::SetupIntentUsage>(e),
        "EventType" => check::<wooshpay::EventType>(e),
        "WebhookEndpointStatus" => check::<wooshpay::WebhookEndpointStatus>(e),
        other => panic!("enum {other} has no test dispatch; add it"),
    }
}

fn check<T: WireEnum>(e: &ResolvedEnum) -> usize {
    let name = &e.name;
    assert!(!e.values.is_empty(), "{name} has no values");
    let mut seen = HashSet::new();
    let mut debug_names = HashSet::new();

    for value in &e.values {
        let wire = value.wire.as_str();
        let ctx = format!("{name}::{} (`{wire}`)", value.variant);

        // JSON string → the named variant.
        let typed: T = serde_json::from_value(json!(wire))
            .unwrap_or_else(|err| panic!("{ctx}: does not deserialize: {err}"));
        assert_eq!(format!("{typed:?}"), value.variant, "{ctx}: wrong variant");
        assert_ne!(typed, T::unknown(wire), "{ctx}: fell into Unknown");
        // Same through the text deserializer (borrowed strings).
        let from_text: T = serde_json::from_str(&serde_json::to_string(wire).unwrap()).unwrap();
        assert_eq!(from_text, typed, "{ctx}: from_str differs from from_value");

        // And back.
        assert_eq!(serde_json::to_value(&typed).unwrap(), json!(wire), "{ctx}");
        assert_eq!(
            serde_json::to_string(&typed).unwrap(),
            serde_json::to_string(wire).unwrap(),
            "{ctx}"
        );

        // as_str / Display / FromStr / From<&str> all agree.
        assert_eq!(typed.wire(), wire, "{ctx}: as_str");
        assert_eq!(typed.to_string(), wire, "{ctx}: Display");
        assert_eq!(wire.parse::<T>().unwrap(), typed, "{ctx}: FromStr");
        assert_eq!(T::from(wire), typed, "{ctx}: From<&str>");

        // Matching is exact: another spelling is a different, unknown value.
        let upper = wire.to_uppercase();
        if upper != wire {
            assert_eq!(T::from(upper.as_str()), T::unknown(&upper), "{ctx}: case");
        }
        let padded = format!(" {wire}");
        let parsed: T = serde_json::from_value(json!(padded)).unwrap();
        assert_eq!(parsed, T::unknown(&padded), "{ctx}: whitespace");

        assert!(
            seen.insert(typed),
            "{ctx}: two wire values give one variant"
        );
        assert!(
            debug_names.insert(value.variant.clone()),
            "{ctx}: variant name used twice"
        );
    }

    // Every value at once, in a list, keeps its order.
    let all: Vec<&str> = e.values.iter().map(|v| v.wire.as_str()).collect();
    let list: Vec<T> = serde_json::from_value(json!(all)).unwrap();
    assert_eq!(list.len(), all.len());
    assert_eq!(
        serde_json::to_value(&list).unwrap(),
        json!(all),
        "{name}: list"
    );

    // A value the spec does not list is kept verbatim.
    for new in ["brand_new_value", ""] {
        let typed: T = serde_json::from_value(json!(new)).unwrap();
        assert_eq!(typed, T::unknown(new), "{name}: {new:?}");
        assert_eq!(format!("{typed:?}"), format!("Unknown({new:?})"), "{name}");
        assert_eq!(serde_json::to_value(&typed).unwrap(), json!(new), "{name}");
        assert_eq!(typed.wire(), new, "{name}");
        assert_eq!(typed.to_string(), new, "{name}");
        assert_eq!(new.parse::<T>().unwrap(), typed, "{name}");
        assert!(
            !seen.contains(&typed),
            "{name}: {new:?} collides with a variant"
        );
    }

    // Anything but a string is an error, not Unknown.
    for bad in [
        "5",
        "0",
        "-1",
        "1.5",
        "true",
        "false",
        "null",
        "[]",
        "{}",
        "[\"card\"]",
    ] {
        let result = serde_json::from_str::<T>(bad);
        assert!(result.is_err(), "{name}: {bad} was accepted as {result:?}");
        let message = result.unwrap_err().to_string();
        assert!(
            message.contains("invalid type") && message.contains("a string"),
            "{name}: {bad}: unexpected message {message:?}"
        );
    }
    // An absent value is allowed where the field is optional.
    assert_eq!(serde_json::from_str::<Option<T>>("null").unwrap(), None);
    assert!(serde_json::from_str::<Option<T>>("7").is_err());
    seen.len()
}

#[test]
fn every_spec_enum_value_round_trips() {
    let enums = spec_enums();
    assert!(enums.len() >= 5, "expected at least 5 enums, got {enums:?}");
    let mut checked = 0;
    for e in enums.values() {
        checked += dispatch(e);
    }
    let documented: usize = enums.values().map(|e| e.values.len()).sum();
    assert_eq!(checked, documented);
    // 6 statuses + 3 cancellation reasons + 2 usages + 4 error types + 37
    // payment method types, as of this spec.
    assert!(checked >= 52, "only {checked} values checked");
}

#[test]
fn an_enum_without_dispatch_is_reported() {
    let fake = ResolvedEnum {
        name: "NotInTheSdk".to_owned(),
        docs: Default::default(),
        values: Vec::new(),
    };
    let result = std::panic::catch_unwind(|| {
        dispatch(&fake);
    });
    let payload = result.expect_err("dispatch must panic for an unknown enum");
    let message = payload
        .downcast_ref::<String>()
        .map(String::as_str)
        .unwrap_or_default();
    assert_eq!(message, "enum NotInTheSdk has no test dispatch; add it");
}

/// The value lists as WooshPay's pages give them.
#[test]
fn documented_value_counts_and_lists() {
    let enums = spec_enums();
    let wires = |name: &str| -> Vec<String> {
        enums
            .get(name)
            .unwrap_or_else(|| panic!("spec has no enum {name}"))
            .values
            .iter()
            .map(|v| v.wire.clone())
            .collect()
    };

    // Retrieve a SetupIntent, `status` field text.
    assert_eq!(
        wires("SetupIntentStatus"),
        [
            "requires_payment_method",
            "requires_confirmation",
            "requires_action",
            "processing",
            "canceled",
            "succeeded",
        ]
    );
    // Retrieve a SetupIntent, `cancellation_reason` field text.
    assert_eq!(
        wires("SetupIntentCancellationReason"),
        ["abandoned", "requested_by_customer", "duplicate"]
    );
    // Retrieve / Confirm a SetupIntent, `usage`.
    assert_eq!(wires("SetupIntentUsage"), ["on_session", "off_session"]);
    // Retrieve a SetupIntent, `last_setup_error.type` field text.
    assert_eq!(
        wires("ErrorType"),
        [
            "api_error",
            "card_error",
            "idempotency_error",
            "invalid_request_error",
        ]
    );

    let pm = wires("PaymentMethodType");
    assert_eq!(pm.len(), 37);
    let unique: HashSet<&String> = pm.iter().collect();
    assert_eq!(unique.len(), 37, "duplicate payment method types");
    for expected in [
        "card",
        "alipayplus",
        "alipay",
        "wechat_pay",
        "sepa_debit",
        "alipay_hk",
        "p24",
        "9pay",
        "bpi",
        "bank_transfer_id",
        "rabbit_line_pay",
    ] {
        assert!(pm.iter().any(|w| w == expected), "{expected} missing");
    }
    // The page prints the 37 values run together (note on the schema).
    assert_eq!(
        pm.concat(),
        "cardalipayplusalipaywechat_paysepa_debitalipay_hkboosttruemoneygcashkakaopay\
         touchngorabbit_line_paydanaklarnaidealgiropaysofortepstrustlybancontactp24\
         unionpayfpxmcashgrabpaybank_transfer_idqrispromptpayovoshopeepayupiboleto\
         paynowpix9paystitchbpi"
    );

    // Variant names the model computes and the Rust enum uses.
    let nine = enums["PaymentMethodType"]
        .values
        .iter()
        .find(|v| v.wire == "9pay")
        .unwrap();
    assert_eq!(nine.variant, "NinePay");
    let typed: wooshpay::PaymentMethodType = serde_json::from_value(json!("9pay")).unwrap();
    assert_eq!(typed, wooshpay::PaymentMethodType::NinePay);
    assert_eq!(serde_json::to_value(&typed).unwrap(), json!("9pay"));
    assert_eq!(
        serde_json::from_value::<wooshpay::PaymentMethodType>(json!("rabbit_line_pay")).unwrap(),
        wooshpay::PaymentMethodType::RabbitLinePay
    );
    assert_eq!(
        serde_json::from_value::<wooshpay::PaymentMethodType>(json!("p24")).unwrap(),
        wooshpay::PaymentMethodType::P24
    );
}

#[test]
fn enums_inside_a_setup_intent() {
    // The enum fields of a SetupIntent use the same wire values, and an
    // unknown one anywhere does not break the object.
    let v: Value = json!({
        "id": "seti_1", "object": "setup_intent", "created": 1, "livemode": false,
        "status": "requires_confirmation",
        "cancellation_reason": "requested_by_customer",
        "usage": "on_session",
        "payment_method_types": ["card", "9pay", "not_yet_documented"],
        "last_setup_error": {"type": "card_error", "payment_method_type": "card"}
    });
    let intent: wooshpay::SetupIntent = serde_json::from_value(v.clone()).unwrap();
    assert_eq!(
        intent.status,
        wooshpay::SetupIntentStatus::RequiresConfirmation
    );
    assert_eq!(
        intent.cancellation_reason,
        Some(wooshpay::SetupIntentCancellationReason::RequestedByCustomer)
    );
    assert_eq!(intent.usage, Some(wooshpay::SetupIntentUsage::OnSession));
    assert_eq!(
        intent.payment_method_types,
        Some(vec![
            wooshpay::PaymentMethodType::Card,
            wooshpay::PaymentMethodType::NinePay,
            wooshpay::PaymentMethodType::Unknown("not_yet_documented".to_owned()),
        ])
    );
    let error = intent.last_setup_error.as_ref().unwrap();
    assert_eq!(error.type_, Some(wooshpay::ErrorType::CardError));
    assert_eq!(
        error.payment_method_type,
        Some(wooshpay::PaymentMethodType::Card)
    );
    assert_eq!(serde_json::to_value(&intent).unwrap(), v);
}
