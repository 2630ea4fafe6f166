//! Webhook signature verification (`wooshpay::Webhook`) and the typed
//! `Event` it yields: every rejection case, several `v1` values, and events
//! whose `data.object` is each kind the spec knows, or one it does not, all
//! round-tripping losslessly.

use std::time::Duration;

use serde_json::{json, Value};
use wooshpay::{
    Event, EventObject, EventType, MalformedHeader, SetupIntent, SetupIntentStatus, Webhook,
    WebhookEndpointStatus, WebhookError,
};

mod support;
use support::strip_nulls;

const SECRET: &str = "whsec_test_9rMfZUGWM3gTTBtn";
const NOW: i64 = 1_700_000_000;
const TOLERANCE: Duration = Webhook::DEFAULT_TOLERANCE;

const BODY: &str = r#"{"id":"evt_1","object":"event","api_version":"1.0.1","created":1700000000,"livemode":false,"pending_webhooks":1,"request":{"id":"req_1","idempotency_key":"key-1"},"type":"setup_intent.succeeded","data":{"object":{"id":"seti_1","object":"setup_intent","created":1700000000,"livemode":false,"status":"succeeded","payment_method":"pm_1"}}}"#;

fn signature(body: &str, secret: &str, timestamp: i64) -> String {
    let header = Webhook::signature_header(body, secret, timestamp);
    header
        .split_once(",v1=")
        .map(|(_, signature)| signature.to_owned())
        .expect("signature_header writes t=...,v1=...")
}

fn construct(body: &str, header: &str) -> Result<Event, WebhookError> {
    Webhook::construct_event_at(body, header, SECRET, TOLERANCE, NOW)
}

// ---- signatures -------------------------------------------------------------

#[test]
fn signature_matches_an_independent_hmac_sha256() {
    // Computed outside Rust: HMAC-SHA256(key "whsec_vector", "1687845303." + body).
    let body = r#"{"id":"evt_1","object":"event","type":"product.created","data":{"object":{"id":"prod_1","object":"product"}}}"#;
    let expected =
        "t=1687845303,v1=278e559b4e9691575d7d403079ef180a8cb6810bc48174048e7ea9e0a35db31a";
    assert_eq!(
        Webhook::signature_header(body, "whsec_vector", 1_687_845_303),
        expected
    );
    let event =
        Webhook::construct_event_at(body, expected, "whsec_vector", TOLERANCE, 1_687_845_303)
            .expect("a correctly signed body verifies");
    assert_eq!(event.type_, EventType::ProductCreated);
}

#[test]
fn a_correctly_signed_event_is_decoded() {
    let header = Webhook::signature_header(BODY, SECRET, NOW);
    let event = construct(BODY, &header).expect("valid");
    assert_eq!(event.id, "evt_1");
    assert_eq!(event.type_, EventType::SetupIntentSucceeded);
    assert_eq!(event.pending_webhooks, Some(1));
    let request = event.request.as_ref().expect("request");
    assert_eq!(request.idempotency_key.as_deref(), Some("key-1"));
    match event.data.object {
        Some(EventObject::SetupIntent(intent)) => {
            assert_eq!(intent.status, SetupIntentStatus::Succeeded);
        }
        other => panic!("expected a SetupIntent, got {other:?}"),
    }
}

#[test]
fn construct_event_uses_the_system_clock() {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock after 1970")
        .as_secs() as i64;
    let fresh = Webhook::signature_header(BODY, SECRET, now);
    assert!(Webhook::construct_event(BODY, &fresh, SECRET).is_ok());
    // A timestamp from 2023 is stale today.
    let stale = Webhook::signature_header(BODY, SECRET, 1_687_845_303);
    assert!(matches!(
        Webhook::construct_event(BODY, &stale, SECRET),
        Err(WebhookError::TimestampOutsideTolerance { .. })
    ));
}

#[test]
fn any_matching_v1_among_several_is_accepted() {
    let good = signature(BODY, SECRET, NOW);
    let other = signature(BODY, "whsec_rotated_out", NOW);
    for header in [
        format!("t={NOW},v1={other},v1={good}"),
        format!("t={NOW},v1={good},v1={other}"),
        // A malformed candidate next to a good one does not spoil it.
        format!("t={NOW},v1=zz,v1={good}"),
        // Signatures before the timestamp; spaces after commas.
        format!("v1={other}, v1={good}, t={NOW}"),
    ] {
        assert!(construct(BODY, &header).is_ok(), "{header}");
    }
}

#[test]
fn unknown_schemes_are_ignored() {
    let good = signature(BODY, SECRET, NOW);
    let header = format!("t={NOW},v0=deadbeef,v1={good},v2=anything,x=");
    assert!(construct(BODY, &header).is_ok());
    // ...but they never count as a signature.
    let header = format!("t={NOW},v0={good}");
    assert_eq!(
        construct(BODY, &header),
        Err(WebhookError::MissingSignature)
    );
}

#[test]
fn verify_signature_alone_does_not_decode() {
    let body = b"not json at all";
    let text = std::str::from_utf8(body).expect("ascii");
    let header = Webhook::signature_header(text, SECRET, NOW);
    assert_eq!(
        Webhook::verify_signature(body, &header, SECRET, TOLERANCE, NOW),
        Ok(())
    );
    assert_eq!(
        Webhook::verify_signature(b"not json at all!", &header, SECRET, TOLERANCE, NOW),
        Err(WebhookError::SignatureMismatch)
    );
}

// ---- rejections -------------------------------------------------------------

#[test]
fn missing_or_empty_header_is_rejected() {
    assert_eq!(construct(BODY, ""), Err(WebhookError::MissingHeader));
    assert_eq!(construct(BODY, "   "), Err(WebhookError::MissingHeader));
}

#[test]
fn malformed_header_is_rejected() {
    let good = signature(BODY, SECRET, NOW);
    assert_eq!(
        construct(BODY, &format!("t={NOW};v1={good}")),
        Err(WebhookError::InvalidTimestamp),
        "a `;` separator leaves one element: `t` with all the rest as its value"
    );
    assert_eq!(
        construct(BODY, &format!("t={NOW},{good}")),
        Err(WebhookError::MalformedHeader(
            MalformedHeader::ElementWithoutEquals
        ))
    );
    assert_eq!(
        construct(BODY, &format!("t={NOW},,v1={good}")),
        Err(WebhookError::MalformedHeader(
            MalformedHeader::ElementWithoutEquals
        ))
    );
    assert_eq!(
        construct(BODY, &format!("t={NOW},t={},v1={good}", NOW + 1)),
        Err(WebhookError::MalformedHeader(
            MalformedHeader::DuplicateTimestamp
        ))
    );
}

#[test]
fn missing_timestamp_is_rejected() {
    let good = signature(BODY, SECRET, NOW);
    assert_eq!(
        construct(BODY, &format!("v1={good}")),
        Err(WebhookError::MissingTimestamp)
    );
}

#[test]
fn non_integer_timestamp_is_rejected() {
    let good = signature(BODY, SECRET, NOW);
    for t in [
        "",
        "abc",
        "1.5",
        "-1",
        "+1700000000",
        "99999999999999999999",
    ] {
        assert_eq!(
            construct(BODY, &format!("t={t},v1={good}")),
            Err(WebhookError::InvalidTimestamp),
            "t={t}"
        );
    }
}

#[test]
fn missing_v1_is_rejected() {
    assert_eq!(
        construct(BODY, &format!("t={NOW}")),
        Err(WebhookError::MissingSignature)
    );
}

#[test]
fn timestamps_outside_the_tolerance_are_rejected_both_ways() {
    let limit = TOLERANCE.as_secs() as i64;
    for (signed_at, ok) in [
        (NOW - limit, true),
        (NOW + limit, true),
        (NOW - limit - 1, false),
        (NOW + limit + 1, false),
        (NOW - 86_400, false),
        (0, false),
    ] {
        let header = Webhook::signature_header(BODY, SECRET, signed_at);
        let result = construct(BODY, &header);
        if ok {
            assert!(result.is_ok(), "{signed_at}: {result:?}");
        } else {
            assert_eq!(
                result,
                Err(WebhookError::TimestampOutsideTolerance {
                    timestamp: signed_at,
                    now: NOW,
                    distance_secs: NOW.abs_diff(signed_at),
                    tolerance_secs: TOLERANCE.as_secs(),
                }),
                "{signed_at}"
            );
        }
    }
    // A custom tolerance is honoured.
    let header = Webhook::signature_header(BODY, SECRET, NOW - 10);
    assert!(
        Webhook::construct_event_at(BODY, &header, SECRET, Duration::from_secs(5), NOW).is_err()
    );
    assert!(
        Webhook::construct_event_at(BODY, &header, SECRET, Duration::from_secs(10), NOW).is_ok()
    );
}

#[test]
fn millisecond_timestamps_are_checked_as_milliseconds() {
    let limit = TOLERANCE.as_secs() as i64;
    // 13 digits, as WooshPay writes `created`: within the tolerance.
    let header = Webhook::signature_header(BODY, SECRET, NOW * 1000 + 999);
    assert!(construct(BODY, &header).is_ok(), "{header}");
    let header = Webhook::signature_header(BODY, SECRET, (NOW - limit) * 1000);
    assert!(construct(BODY, &header).is_ok(), "{header}");
    // Just outside it, with the distance in seconds and the value as sent.
    let signed_at = (NOW - limit - 1) * 1000;
    let header = Webhook::signature_header(BODY, SECRET, signed_at);
    assert_eq!(
        construct(BODY, &header),
        Err(WebhookError::TimestampOutsideTolerance {
            timestamp: signed_at,
            now: NOW,
            distance_secs: (limit + 1) as u64,
            tolerance_secs: TOLERANCE.as_secs(),
        })
    );
    // Read as seconds, a millisecond value would be thousands of years ahead.
    let header = Webhook::signature_header(BODY, SECRET, 99_999_999_999);
    assert!(matches!(
        construct(BODY, &header),
        Err(WebhookError::TimestampOutsideTolerance { .. })
    ));
}

#[test]
fn signatures_of_the_wrong_length_or_not_hex_are_rejected() {
    let good = signature(BODY, SECRET, NOW);
    for bad in [
        &good[..62],
        &format!("{good}00"),
        &format!("{}zz", &good[..62]),
        "",
        "not-hex",
    ] {
        assert_eq!(
            construct(BODY, &format!("t={NOW},v1={bad}")),
            Err(WebhookError::MalformedSignature),
            "{bad}"
        );
    }
}

#[test]
fn a_tampered_body_is_rejected() {
    let header = Webhook::signature_header(BODY, SECRET, NOW);
    let tampered = BODY.replace("succeeded", "canceled");
    assert_eq!(
        construct(&tampered, &header),
        Err(WebhookError::SignatureMismatch)
    );
    // Re-serialized JSON (same meaning, other bytes) does not verify either.
    let reserialized =
        serde_json::to_string(&serde_json::from_str::<Value>(BODY).unwrap()).unwrap();
    assert_ne!(reserialized, BODY);
    assert_eq!(
        construct(&reserialized, &header),
        Err(WebhookError::SignatureMismatch)
    );
}

#[test]
fn a_different_timestamp_or_secret_is_rejected() {
    let good = signature(BODY, SECRET, NOW);
    assert_eq!(
        construct(BODY, &format!("t={},v1={good}", NOW - 1)),
        Err(WebhookError::SignatureMismatch)
    );
    let header = Webhook::signature_header(BODY, SECRET, NOW);
    assert_eq!(
        Webhook::construct_event_at(BODY, &header, "whsec_other", TOLERANCE, NOW),
        Err(WebhookError::SignatureMismatch)
    );
    assert_eq!(
        Webhook::construct_event_at(BODY, &header, "", TOLERANCE, NOW),
        Err(WebhookError::MissingSecret)
    );
}

#[test]
fn a_signed_body_that_is_not_an_event_is_a_typed_error() {
    for body in [
        "not json",
        r#"{"type": 5}"#,
        r#"{"id":"evt_1","data":{"object":"pi_1_secret_abc"}}"#,
        r#"{"id":"evt_1"} trailing"#,
    ] {
        let header = Webhook::signature_header(body, SECRET, NOW);
        match construct(body, &header) {
            Err(WebhookError::InvalidPayload { path, message }) => {
                assert!(!message.contains("secret_abc"), "{message}");
                assert!(!path.contains("secret_abc"), "{path}");
            }
            other => panic!("{body}: expected InvalidPayload, got {other:?}"),
        }
    }
}

#[test]
fn errors_never_show_the_secret_or_the_expected_signature() {
    let expected = signature(BODY, SECRET, NOW);
    let tampered = BODY.replace("evt_1", "evt_2");
    let headers = [
        String::new(),
        format!("t={NOW},{expected}"),
        format!("v1={expected}"),
        format!("t=x,v1={expected}"),
        format!("t={NOW}"),
        format!("t={NOW},v1=00"),
        format!("t={NOW},v1={expected}"),
        format!(
            "t={},v1={}",
            NOW - 1000,
            signature(BODY, SECRET, NOW - 1000)
        ),
    ];
    for header in &headers {
        let error = construct(&tampered, header)
            .err()
            .or_else(|| construct(BODY, header).err())
            .unwrap_or_else(|| panic!("{header} should fail"));
        let shown = format!("{error} / {error:?}");
        assert!(!shown.contains(SECRET), "{shown}");
        // The expected signature for the tampered body must not leak either.
        assert!(
            !shown.contains(&signature(&tampered, SECRET, NOW)),
            "{shown}"
        );
        assert!(!shown.contains(&expected), "{shown}");
    }
}

// ---- typed events -------------------------------------------------------------

/// Wraps `object` in an event of `event_type` and checks the round trip:
/// decode, encode, compare with the input (nulls aside), decode again.
fn event_round_trip(event_type: &str, object: Value) -> Event {
    let original = json!({
        "id": "evt_1600745739909070848",
        "object": "event",
        "api_version": "1.0.1",
        "created": 1_668_688_178_000_i64,
        "livemode": false,
        "pending_webhooks": 1,
        "request": { "id": "req_1", "idempotency_key": "idem-1" },
        "type": event_type,
        "data": { "object": object, "previous_attributes": { "status": "processing" } },
    });
    let text = original.to_string();
    let header = Webhook::signature_header(&text, SECRET, NOW);
    let event = construct(&text, &header).expect("decodes");
    let back = serde_json::to_value(&event).expect("serializes");
    assert_eq!(back, strip_nulls(original), "round trip changed the JSON");
    let again: Event = serde_json::from_value(back).expect("decodes again");
    assert_eq!(again, event);
    event
}

fn object_of(event: &Event) -> &EventObject {
    event.data.object.as_ref().expect("data.object")
}

#[test]
fn setup_intent_events_carry_a_typed_setup_intent() {
    // The full "Retrieve a SetupIntent" example, with a real `object` value.
    let mut intent: Value = serde_json::from_str(include_str!(
        "../../spec/examples/setup_intents/retrieve_response.json"
    ))
    .expect("fixture");
    intent["object"] = json!("setup_intent");
    let event = event_round_trip("setup_intent.succeeded", intent);
    assert_eq!(event.type_, EventType::SetupIntentSucceeded);
    match object_of(&event) {
        EventObject::SetupIntent(intent) => assert!(intent.next_action.is_some()),
        other => panic!("{other:?}"),
    }
}

#[test]
fn other_known_kinds_are_typed() {
    let attempt = event_round_trip(
        "setup_attempt.created",
        json!({ "id": "setatt_1", "object": "setup_attempt", "status": "succeeded", "usage": "off_session" }),
    );
    assert!(matches!(object_of(&attempt), EventObject::SetupAttempt(a) if a.id == "setatt_1"));
    assert_eq!(
        attempt.type_,
        EventType::Unknown("setup_attempt.created".into())
    );

    let method = event_round_trip(
        "payment_method.attached",
        json!({ "id": "pm_1", "object": "payment_method", "type": "card", "customer": "cus_1",
                "card": { "brand": "visa", "last4": "4242", "exp_month": 4, "exp_year": 2030 } }),
    );
    match object_of(&method) {
        EventObject::PaymentMethod(pm) => {
            assert_eq!(
                pm.card.as_ref().and_then(|c| c.last4.as_deref()),
                Some("4242")
            );
        }
        other => panic!("{other:?}"),
    }

    let endpoint = event_round_trip(
        "webhook_endpoint.updated",
        json!({ "id": "we_1", "object": "webhook_endpoint", "status": "disabled",
                "url": "https://shop.example/hooks", "enabled_events": ["payment_intent.succeeded", "invoice.paid"] }),
    );
    match object_of(&endpoint) {
        EventObject::WebhookEndpoint(endpoint) => {
            assert_eq!(endpoint.status, Some(WebhookEndpointStatus::Disabled));
            assert_eq!(
                endpoint.enabled_events,
                Some(vec![
                    EventType::PaymentIntentSucceeded,
                    EventType::Unknown("invoice.paid".into())
                ])
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn unknown_kinds_are_kept_losslessly() {
    // An invoice, an object kind the spec does not type.
    let invoice = json!({
        "id": "in_1600000000000000000", "object": "invoice", "created": 1_666_928_687_870_i64,
        "amount": 1000, "currency": "EUR", "status": "lost", "livemode": false,
        "metadata": { "card_scheme": "visa", "arn": "7400" },
        "evidence": { "receipt": null, "nested": [1, "two", null] },
    });
    let original = json!({ "id": "evt_2", "object": "event", "type": "invoice.updated",
                           "data": { "object": invoice.clone() } });
    let text = original.to_string();
    let event = construct(&text, &Webhook::signature_header(&text, SECRET, NOW)).expect("decodes");
    assert_eq!(event.type_, EventType::Unknown("invoice.updated".into()));
    let object = object_of(&event);
    assert_eq!(object.tag(), Some("invoice"));
    assert!(matches!(object, EventObject::Unknown(_)));
    // Byte-for-byte the same JSON value, nulls included.
    assert_eq!(serde_json::to_value(object).unwrap(), invoice);

    for (name, object) in [
        ("no tag", json!({ "id": "x_1", "amount": 5 })),
        ("tag not a string", json!({ "object": 7, "id": "x_1" })),
        // A known kind whose members do not fit its type is kept raw, not an error.
        (
            "does not decode",
            json!({ "object": "setup_intent", "id": "seti_1", "created": "yesterday" }),
        ),
        (
            "new type",
            json!({ "object": "payment_intent", "id": "pi_1", "amount": 100 }),
        ),
    ] {
        let decoded: EventObject = serde_json::from_value(object.clone()).expect(name);
        assert!(
            matches!(decoded, EventObject::Unknown(_)),
            "{name}: {decoded:?}"
        );
        assert_eq!(serde_json::to_value(&decoded).unwrap(), object, "{name}");
    }
}

#[test]
fn data_object_must_be_a_json_object() {
    for bad in [json!("seti_1"), json!([1]), json!(5)] {
        assert!(
            serde_json::from_value::<EventObject>(bad.clone()).is_err(),
            "{bad}"
        );
    }
}

#[test]
fn hand_built_variants_serialize_with_their_tag() {
    // The docs' examples print a placeholder `object`; the variant's tag wins.
    let intent: SetupIntent = serde_json::from_value(json!({
        "id": "seti_1", "object": "string", "created": 1, "livemode": false, "status": "succeeded"
    }))
    .unwrap();
    let object = EventObject::SetupIntent(Box::new(intent));
    assert_eq!(
        serde_json::to_value(&object).unwrap(),
        json!({ "id": "seti_1", "object": "setup_intent", "created": 1, "livemode": false, "status": "succeeded" })
    );
}

#[test]
fn every_documented_event_type_parses_and_others_are_kept() {
    let documented = [
        ("payment_intent.created", EventType::PaymentIntentCreated),
        (
            "payment_intent.payment_failed",
            EventType::PaymentIntentPaymentFailed,
        ),
        (
            "payment_intent.requires_action",
            EventType::PaymentIntentRequiresAction,
        ),
        (
            "payment_intent.succeeded",
            EventType::PaymentIntentSucceeded,
        ),
        ("payment_intent.canceled", EventType::PaymentIntentCanceled),
        ("charge.refund.updated", EventType::ChargeRefundUpdated),
        ("charge.dispute.updated", EventType::ChargeDisputeUpdated),
        ("setup_intent.created", EventType::SetupIntentCreated),
        ("setup_intent.succeeded", EventType::SetupIntentSucceeded),
        ("product.created", EventType::ProductCreated),
        ("invoice.paid", EventType::Unknown("invoice.paid".into())),
    ];
    for (wire, expected) in documented {
        let parsed: EventType = serde_json::from_value(json!(wire)).expect(wire);
        assert_eq!(parsed, expected);
        assert_eq!(serde_json::to_value(&parsed).unwrap(), json!(wire));
    }
}

// ---- raw bodies as bytes ----------------------------------------------------

#[test]
fn bytes_and_text_bodies_give_the_same_event() {
    let header = Webhook::signature_header(BODY, SECRET, NOW);
    let from_text = construct(BODY, &header).unwrap();
    let bytes: &[u8] = BODY.as_bytes();
    let from_bytes = Webhook::construct_event_at(bytes, &header, SECRET, TOLERANCE, NOW).unwrap();
    // Owned bodies, as a framework's `Vec<u8>` or a `String`.
    let owned_bytes: Vec<u8> = BODY.into();
    let owned_text = String::from(BODY);
    let from_vec =
        Webhook::construct_event_at(owned_bytes, &header, SECRET, TOLERANCE, NOW).unwrap();
    let from_string =
        Webhook::construct_event_at(owned_text, &header, SECRET, TOLERANCE, NOW).unwrap();
    assert_eq!(from_bytes, from_text);
    assert_eq!(from_vec, from_text);
    assert_eq!(from_string, from_text);
    assert_eq!(from_bytes.id.as_str(), "evt_1");
    // The header can be computed over bytes as well.
    assert_eq!(Webhook::signature_header(bytes, SECRET, NOW), header);
}

#[test]
fn altered_bytes_are_a_mismatch() {
    let header = Webhook::signature_header(BODY, SECRET, NOW);
    let mut bytes = BODY.as_bytes().to_vec();
    bytes[10] ^= 1;
    assert_eq!(
        Webhook::construct_event_at(&bytes, &header, SECRET, TOLERANCE, NOW),
        Err(WebhookError::SignatureMismatch)
    );
}

#[test]
fn signed_bytes_that_are_not_utf8_are_refused_clearly() {
    let mut bytes = br#"{"id":"evt_1","object":"event","note":""#.to_vec();
    bytes.extend_from_slice(&[0xff, 0xfe]);
    bytes.extend_from_slice(br#""}"#);
    let header = Webhook::signature_header(&bytes, SECRET, NOW);
    let err = Webhook::construct_event_at(&bytes, &header, SECRET, TOLERANCE, NOW).unwrap_err();
    assert_eq!(err, WebhookError::NotUtf8 { valid_up_to: 39 });
    assert!(err.to_string().contains("not UTF-8"), "{err}");
    // Unsigned, the same bytes are refused for their signature first.
    assert_eq!(
        Webhook::construct_event_at(&bytes, "t=1700000000,v1=00", SECRET, TOLERANCE, NOW),
        Err(WebhookError::MalformedSignature)
    );
}
