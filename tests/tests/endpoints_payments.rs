//! Payment Intents and Charges: every generated endpoint against a loopback
//! HTTP server (method, path, auth, idempotency key, where the parameters
//! go, typed response), every JSON example the pages show for them, and
//! every value of their enums.
//!
//! Examples under `spec/examples/payment_intents/`, copied from:
//! * `retrieve_response.json`: Retrieve a PaymentIntent, 200 response example
//!   (https://docs.wooshpay.com/project-1296482/api-44642278).
//! * `update_request.json`: Update a PaymentIntent, request example
//!   (https://docs.wooshpay.com/project-1296482/api-55421991).
//! * `list_request.json`: List all PaymentIntents, body example
//!   (https://docs.wooshpay.com/api-52305900).
//! * `direct_api_*.json`: Wooshpay Direct API guide, non-3DS and 3DS requests
//!   and the non-3DS response (https://docs.wooshpay.com/doc-1722924).
//! * `authorize_create_*.json`, `capture_request.json`: Authorize and capture
//!   guide (https://docs.wooshpay.com/doc-2895670). The response example has
//!   a trailing comma after `request_three_d_secure`, removed here so that
//!   it is JSON.
//! * `save_card_create_request.json`: Save payment method during payment
//!   guide (https://docs.wooshpay.com/7227990m0).
//!
//! No Charges page shows a JSON example.

mod loopback;
use loopback::*;
use std::collections::HashSet;
use std::path::Path;

use futures_util::TryStreamExt;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};
use wiremock::matchers::{body_json, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};
use wooshpay::{
    charges, payment_intents, CancelPaymentIntentParams, CapturePaymentIntentParams, Charge,
    Client, ConfirmPaymentIntentParams, CreatePaymentIntentParams, CreatedFilter, Error,
    ListChargesParams, ListPaymentIntentsParams, NextAction, PaymentIntent,
    PaymentIntentCaptureMethod, PaymentIntentPaymentMethodOptions,
    PaymentIntentPaymentMethodOptionsCard, PaymentIntentStatus, PaymentMethodData,
    PaymentMethodDataCard, PaymentMethodType, SearchPaymentIntentsParams, SetupIntentUsage,
    UpdatePaymentIntentParams,
};

mod support;
use support::strip_nulls;

const RETRIEVE_RESPONSE: &str =
    include_str!("../../spec/examples/payment_intents/retrieve_response.json");
const UPDATE_REQUEST: &str =
    include_str!("../../spec/examples/payment_intents/update_request.json");
const LIST_REQUEST: &str = include_str!("../../spec/examples/payment_intents/list_request.json");
const DIRECT_CREATE_REQUEST: &str =
    include_str!("../../spec/examples/payment_intents/direct_api_create_request.json");
const DIRECT_CREATE_3DS_REQUEST: &str =
    include_str!("../../spec/examples/payment_intents/direct_api_create_3ds_request.json");
const DIRECT_CREATE_RESPONSE: &str =
    include_str!("../../spec/examples/payment_intents/direct_api_create_response.json");
const AUTHORIZE_CREATE_REQUEST: &str =
    include_str!("../../spec/examples/payment_intents/authorize_create_request.json");
const AUTHORIZE_CREATE_RESPONSE: &str =
    include_str!("../../spec/examples/payment_intents/authorize_create_response.json");
const CAPTURE_REQUEST: &str =
    include_str!("../../spec/examples/payment_intents/capture_request.json");
const SAVE_CARD_CREATE_REQUEST: &str =
    include_str!("../../spec/examples/payment_intents/save_card_create_request.json");

// ---------------------------------------------------------------------------
// Loopback helpers

fn payment_intent(id: &str, status: &str) -> Value {
    json!({
        "id": id,
        "object": "payment_intent",
        "created": 1_671_261_323_000_i64,
        "currency": "USD",
        "amount": 1000,
        "status": status,
        "livemode": false,
        "client_secret": format!("{id}_secret_abc"),
        "payment_method_types": ["card"],
        "payment_method": "pm_1604012357044928512"
    })
}

// ---------------------------------------------------------------------------
// Payment Intents endpoints

#[tokio::test]
async fn create_sends_required_and_optional_parameters() {
    let (server, client) = serve(
        "POST",
        "/v1/payment_intents",
        payment_intent("pi_1", "requires_action"),
    )
    .await;
    let card = PaymentMethodDataCard::new("4111111111111111")
        .cvc("123")
        .exp_month(3)
        .exp_year(2027);
    let params =
        CreatePaymentIntentParams::new(1000, "USD")
            .confirm(true)
            .payment_method_data(PaymentMethodData::card(card))
            .merchant_order_id("order-1")
            .off_session(true)
            .capture_method(PaymentIntentCaptureMethod::Manual)
            .setup_future_usage(SetupIntentUsage::OnSession)
            .shipping(wooshpay::ShippingParams::new("Tom").phone("555"))
            .payment_method_types([PaymentMethodType::Card, PaymentMethodType::Alipay])
            .payment_method_options(PaymentIntentPaymentMethodOptions::default().card(
                PaymentIntentPaymentMethodOptionsCard::default().request_three_d_secure("any"),
            ));
    let intent = payment_intents::create(&client, &params).await.unwrap();
    assert_eq!(intent.id.as_str(), "pi_1");
    assert_eq!(intent.status, PaymentIntentStatus::RequiresAction);
    assert_eq!(intent.amount, 1000);
    assert_eq!(
        intent.payment_method.as_deref(),
        Some("pm_1604012357044928512")
    );

    let request = only_request(&server).await;
    assert_post(&request, "/v1/payment_intents");
    assert_eq!(
        json_body(&request),
        json!({
            "confirm": true,
            "payment_method_data": {
                "type": "card",
                "card": {"exp_month": "03", "exp_year": "2027", "number": "4111111111111111", "cvc": "123"}
            },
            "amount": 1000,
            "currency": "USD",
            "merchant_order_id": "order-1",
            "shipping": {"name": "Tom", "phone": "555"},
            // D7: the hyphenated wire name of Create a PaymentIntent.
            "off-session": true,
            "payment_method_types": ["card", "alipay"],
            "capture_method": "manual",
            "setup_future_usage": "on_session",
            "payment_method_options": {"card": {"request_three_d_secure": "any"}}
        })
    );
}

#[tokio::test]
async fn update_posts_only_set_fields_to_the_id_path() {
    let (server, client) = serve(
        "POST",
        "/v1/payment_intents/pi_2",
        payment_intent("pi_2", "requires_confirmation"),
    )
    .await;
    let params = UpdatePaymentIntentParams::default()
        .amount(2000)
        .description("two items");
    let intent = payment_intents::update(&client, "pi_2", &params)
        .await
        .unwrap();
    assert_eq!(intent.status, PaymentIntentStatus::RequiresConfirmation);
    let request = only_request(&server).await;
    assert_post(&request, "/v1/payment_intents/pi_2");
    assert_eq!(
        json_body(&request),
        json!({"amount": 2000, "description": "two items"})
    );
}

#[tokio::test]
async fn cancel_posts_the_required_free_text_reason() {
    let mut response = payment_intent("pi_3", "canceled");
    response["cancellation_reason"] = json!("customer cancelled");
    let (server, client) = serve("POST", "/v1/payment_intents/pi_3/cancel", response).await;
    let params = CancelPaymentIntentParams::new("customer cancelled");
    let intent = payment_intents::cancel(&client, "pi_3", &params)
        .await
        .unwrap();
    assert_eq!(intent.status, PaymentIntentStatus::Canceled);
    assert_eq!(
        intent.cancellation_reason.as_deref(),
        Some("customer cancelled")
    );
    let request = only_request(&server).await;
    assert_post(&request, "/v1/payment_intents/pi_3/cancel");
    assert_eq!(
        json_body(&request),
        json!({"cancellation_reason": "customer cancelled"})
    );
}

#[tokio::test]
async fn capture_posts_the_amount_and_uses_the_callers_idempotency_key() {
    let mut response = payment_intent("pi_4", "succeeded");
    response["capture_method"] = json!("manual");
    response["amount_received"] = json!(8000);
    let (server, client) = serve("POST", "/v1/payment_intents/pi_4/capture", response).await;
    let params = CapturePaymentIntentParams {
        amount_to_capture: Some(8000),
    };
    let intent = payment_intents::capture(&client, "pi_4", &params)
        .idempotency_key("capture-pi_4")
        .await
        .unwrap()
        .expect("a PaymentIntent, not `{}`");
    assert_eq!(
        intent.capture_method,
        Some(PaymentIntentCaptureMethod::Manual)
    );
    assert_eq!(intent.amount_received, Some(8000));
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(request.url.path(), "/v1/payment_intents/pi_4/capture");
    assert_eq!(header(&request, "idempotency-key"), Some("capture-pi_4"));
    assert_eq!(json_body(&request), json!({"amount_to_capture": 8000}));
}

#[tokio::test]
async fn confirm_sends_string_flags_and_decodes_a_json_string_next_action() {
    // D9: `next_action` arrives JSON-encoded inside a string (Direct API guide).
    let mut response = payment_intent("pi_5", "requires_action");
    response["next_action"] = json!(
        "{\"type\":\"challenge_redirect\",\"challenge_redirect\":{\"url\":\"https://3ds.example/c\",\"return_url\":\"https://shop.example\"}}"
    );
    let (server, client) = serve("POST", "/v1/payment_intents/pi_5/confirm", response).await;
    let params = ConfirmPaymentIntentParams {
        off_session: Some(true),
        error_on_requires_action: Some(false),
        ..Default::default()
    };
    let intent = payment_intents::confirm(&client, "pi_5", &params)
        .await
        .unwrap();
    match intent.next_action {
        Some(NextAction::ChallengeRedirect(challenge)) => {
            assert_eq!(challenge.url.as_deref(), Some("https://3ds.example/c"));
            assert_eq!(
                challenge.return_url.as_deref(),
                Some("https://shop.example")
            );
        }
        other => panic!("expected a challenge redirect, got {other:?}"),
    }
    let request = only_request(&server).await;
    assert_post(&request, "/v1/payment_intents/pi_5/confirm");
    // D6: documented as strings, sent as strings.
    assert_eq!(
        json_body(&request),
        json!({"off_session": "true", "error_on_requires_action": "false"})
    );
}

#[tokio::test]
async fn retrieve_is_a_get_without_body_and_percent_encodes_the_id() {
    let (server, client) = serve(
        "GET",
        "/v1/payment_intents/pi%2F..%3Fx",
        payment_intent("pi_6", "succeeded"),
    )
    .await;
    let intent = payment_intents::retrieve(&client, "pi/..?x").await.unwrap();
    assert_eq!(intent.status, PaymentIntentStatus::Succeeded);
    let request = only_request(&server).await;
    assert_get(&request, "/v1/payment_intents/pi%2F..%3Fx");
    assert!(request.body.is_empty());
    assert_eq!(header(&request, "content-type"), None);
}

#[tokio::test]
async fn retrieve_refuses_an_object_of_another_kind() {
    let mut response = payment_intent("seti_1", "succeeded");
    response["object"] = json!("setup_intent");
    let (_server, client) = serve("GET", "/v1/payment_intents/pi_7", response).await;
    match payment_intents::retrieve(&client, "pi_7").await {
        Err(Error::Decode { path, message, .. }) => {
            assert_eq!(path, "object");
            assert!(message.contains("payment_intent"), "{message}");
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
}

#[tokio::test]
async fn retrieve_without_a_required_member_is_a_decode_error() {
    let mut response = payment_intent("pi_8", "succeeded");
    response.as_object_mut().unwrap().remove("amount");
    let (_server, client) = serve("GET", "/v1/payment_intents/pi_8", response).await;
    match payment_intents::retrieve(&client, "pi_8").await {
        Err(Error::Decode { path, message, .. }) => {
            assert_eq!(path, "amount", "{message}");
            assert!(message.contains("missing"), "{message}");
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
}

#[tokio::test]
async fn list_sends_filters_as_a_json_body_and_pages_with_starting_after() {
    let server = MockServer::start().await;
    let first = json!({"object": "list", "url": "/v1/payment_intents", "has_more": true,
        "data": [payment_intent("pi_a", "succeeded")]});
    let second = json!({"object": "list", "url": "/v1/payment_intents", "has_more": false,
        "data": [payment_intent("pi_b", "requires_capture")]});
    Mock::given(method("GET"))
        .and(path("/v1/payment_intents"))
        .and(body_json(
            json!({"limit": 1, "created": {"gte": "1671261323"}}),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(first))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/payment_intents"))
        .and(body_json(
            json!({"limit": 1, "created": {"gte": "1671261323"}, "starting_after": "pi_a"}),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(second))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder(KEY).base_url(server.uri()).build().unwrap();
    let params = ListPaymentIntentsParams {
        limit: Some(1),
        created: Some(CreatedFilter {
            gte: Some(1_671_261_323),
            ..Default::default()
        }),
        ..Default::default()
    };
    let all: Vec<PaymentIntent> = payment_intents::list(&client, &params)
        .into_stream()
        .try_collect()
        .await
        .unwrap();
    let ids: Vec<&str> = all.iter().map(|intent| intent.id.as_str()).collect();
    assert_eq!(ids, ["pi_a", "pi_b"]);
    assert_eq!(all[1].status, PaymentIntentStatus::RequiresCapture);
    for request in server.received_requests().await.unwrap() {
        assert_get(&request, "/v1/payment_intents");
        assert_eq!(request.url.query(), None, "D1: list filters go in the body");
    }
}

/// A list page holding one PaymentIntent.
fn one_intent_page() -> Value {
    json!({"object": "list", "url": "/v1/payment_intents", "has_more": false,
        "data": [payment_intent("pi_a", "succeeded")]})
}

#[tokio::test]
async fn list_without_filters_sends_no_body_at_all() {
    let (server, client) = serve("GET", "/v1/payment_intents", one_intent_page()).await;
    let page = payment_intents::list(&client, &ListPaymentIntentsParams::default())
        .await
        .unwrap();
    assert_eq!(page.data[0].id.as_str(), "pi_a");
    let request = only_request(&server).await;
    assert_bare_get(&request, "/v1/payment_intents");
    assert_eq!(
        header(&request, "content-type"),
        None,
        "no body, so no content type"
    );
}

#[tokio::test]
async fn get_params_in_query_sends_list_filters_in_the_query_string() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/payment_intents"))
        .respond_with(ResponseTemplate::new(200).set_body_json(one_intent_page()))
        .mount(&server)
        .await;
    let client = Client::builder(KEY)
        .base_url(server.uri())
        .get_params_in_query(true)
        .build()
        .unwrap();
    let params = ListPaymentIntentsParams {
        limit: Some(3),
        created: Some(CreatedFilter {
            gte: Some(1_671_261_323),
            ..Default::default()
        }),
        ..Default::default()
    };
    payment_intents::list(&client, &params).await.unwrap();
    payment_intents::list(&client, &ListPaymentIntentsParams::default())
        .await
        .unwrap();
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 2);
    assert_get(&requests[0], "/v1/payment_intents");
    assert!(requests[0].body.is_empty(), "no body with the switch on");
    let mut pairs = query(&requests[0]);
    pairs.sort();
    assert_eq!(
        pairs,
        [
            ("created[gte]".to_owned(), "1671261323".to_owned()),
            ("limit".to_owned(), "3".to_owned()),
        ]
    );
    assert_bare_get(&requests[1], "/v1/payment_intents");
}

#[tokio::test]
async fn get_params_in_query_leaves_post_bodies_alone() {
    let response = payment_intent("pi_1", "canceled");
    let (server, _) = serve("POST", "/v1/payment_intents/pi_1/cancel", response).await;
    let client = Client::builder(KEY)
        .base_url(server.uri())
        .get_params_in_query(true)
        .build()
        .unwrap();
    let params = CancelPaymentIntentParams::new("duplicate");
    payment_intents::cancel(&client, "pi_1", &params)
        .await
        .unwrap();
    let request = only_request(&server).await;
    assert_post(&request, "/v1/payment_intents/pi_1/cancel");
    assert_eq!(
        json_body(&request),
        json!({"cancellation_reason": "duplicate"})
    );
}

#[tokio::test]
async fn search_sends_query_parameters_and_no_body() {
    let page = json!({"object": "list", "url": "/v1/payment_intents/search", "has_more": false,
        "data": [payment_intent("pi_s", "succeeded")]});
    let (server, client) = serve("GET", "/v1/payment_intents/search", page).await;
    let params = SearchPaymentIntentsParams {
        query: "merchant_order_id:'order1234'".to_owned(),
        limit: Some(10),
    };
    let list = payment_intents::search(&client, &params).await.unwrap();
    assert!(!list.has_more);
    assert_eq!(list.data[0].id.as_str(), "pi_s");
    let request = only_request(&server).await;
    assert_get(&request, "/v1/payment_intents/search");
    assert!(
        request.body.is_empty(),
        "D1: search parameters go in the query"
    );
    // Order is not significant in a query string.
    let mut pairs: Vec<(String, String)> = request.url.query_pairs().into_owned().collect();
    pairs.sort();
    assert_eq!(
        pairs,
        [
            ("limit".to_owned(), "10".to_owned()),
            (
                "query".to_owned(),
                "merchant_order_id:'order1234'".to_owned()
            )
        ]
    );
}

// ---------------------------------------------------------------------------
// Charges endpoints

#[tokio::test]
async fn charge_retrieve_keeps_undocumented_members() {
    let charge = json!({"id": "ch_1", "object": "charge", "amount": 1000, "paid": true});
    let (server, client) = serve("GET", "/v1/charges/ch_1", charge.clone()).await;
    let typed: Charge = charges::retrieve(&client, "ch_1").await.unwrap();
    assert_eq!(typed.id.as_str(), "ch_1");
    assert_eq!(typed.object.as_deref(), Some("charge"));
    assert_eq!(typed.extra.get("amount"), Some(&json!(1000)));
    assert_eq!(serde_json::to_value(&typed).unwrap(), charge);
    let request = only_request(&server).await;
    assert_get(&request, "/v1/charges/ch_1");
    assert!(request.body.is_empty());
}

#[tokio::test]
async fn charge_list_uses_the_list_suffix_and_a_json_body() {
    let page = json!({"object": "list", "has_more": false,
        "data": [{"id": "ch_a", "object": "charge"}, {"id": "ch_b", "object": "charge"}]});
    let (server, client) = serve("GET", "/v1/charges/list", page).await;
    let params = ListChargesParams {
        customer: Some("cus_1".into()),
        created: Some(CreatedFilter {
            lt: Some(1_700_000_000),
            ..Default::default()
        }),
        ..Default::default()
    };
    let list = charges::list(&client, &params).await.unwrap();
    let ids: Vec<&str> = list.data.iter().map(|charge| charge.id.as_str()).collect();
    assert_eq!(ids, ["ch_a", "ch_b"]);
    let request = only_request(&server).await;
    assert_get(&request, "/v1/charges/list");
    assert_eq!(
        json_body(&request),
        json!({"customer": "cus_1", "created": {"lt": "1700000000"}})
    );
}

// ---------------------------------------------------------------------------
// Documented JSON examples

/// The fields WooshPay may send JSON-encoded inside a string, or as `""`.
const JSON_STRING_FIELDS: [&str; 4] = [
    "cancel_at",
    "next_action",
    "payment_method_types",
    "payment_method_options",
];

/// What a PaymentIntent example must serialize back to: nulls and `""` in
/// the JSON-string fields dropped, JSON-encoded strings decoded (D9).
fn normalized_payment_intent(text: &str) -> Value {
    let mut value: Value = serde_json::from_str(text).expect("fixture is valid JSON");
    let object = value.as_object_mut().expect("a JSON object");
    for field in JSON_STRING_FIELDS {
        match object.get(field).cloned() {
            Some(Value::String(encoded)) if encoded.is_empty() => {
                object.remove(field);
            }
            Some(Value::String(encoded)) => {
                let decoded = serde_json::from_str(&encoded).expect("JSON-encoded string");
                object.insert(field.to_owned(), decoded);
            }
            _ => {}
        }
    }
    strip_nulls(value)
}

/// [`support::round_trip_to`] an exact `expected`.
fn round_trip_to<T>(text: &str, expected: Value) -> T
where
    T: DeserializeOwned + Serialize + PartialEq + std::fmt::Debug,
{
    support::round_trip_to("fixture", text, expected, |value| value)
}

fn round_trip<T>(text: &str) -> T
where
    T: DeserializeOwned + Serialize + PartialEq + std::fmt::Debug,
{
    support::round_trip("fixture", text)
}

#[test]
fn retrieve_response_example_round_trips_with_json_string_fields_decoded() {
    let intent: PaymentIntent = round_trip_to(
        RETRIEVE_RESPONSE,
        normalized_payment_intent(RETRIEVE_RESPONSE),
    );
    assert_eq!(intent.id.as_str(), "pi_1604012360740110336");
    assert_eq!(intent.created, 1_671_261_323_000);
    assert_eq!(intent.status, PaymentIntentStatus::Succeeded);
    assert_eq!(
        intent.payment_method_types,
        Some(vec![
            PaymentMethodType::WechatPay,
            PaymentMethodType::Alipay,
            PaymentMethodType::Card
        ])
    );
    let card = intent.payment_method_options.unwrap().card.unwrap();
    assert_eq!(card.request_three_d_secure.as_deref(), Some("auto"));
    assert_eq!(
        card.capture_method,
        Some(PaymentIntentCaptureMethod::Automatic)
    );
    // D9: `""` while not canceled; a time, bare or in a string, decodes too.
    assert_eq!(intent.cancel_at, None);
    for cancel_at in [json!(1_700_000_000), json!("1700000000")] {
        let mut canceled = payment_intent("pi_c", "canceled");
        canceled["cancel_at"] = cancel_at;
        let canceled: PaymentIntent = serde_json::from_value(canceled).unwrap();
        assert_eq!(canceled.cancel_at, Some(1_700_000_000));
    }
    assert_eq!(intent.quantity, Some(2));
    assert_eq!(intent.three_ds_status, None);
    assert_eq!(intent.shipping.unwrap().name.as_deref(), Some("tom"));
    assert_eq!(intent.customer, None);
}

#[test]
fn direct_api_response_example_round_trips_with_an_empty_next_action() {
    let intent: PaymentIntent = round_trip_to(
        DIRECT_CREATE_RESPONSE,
        normalized_payment_intent(DIRECT_CREATE_RESPONSE),
    );
    assert_eq!(intent.next_action, None, "`\"\"` means no next action");
    let types = intent.payment_method_types.unwrap();
    assert_eq!(types.len(), 13);
    // D27: `sepa` is no documented payment method type; it is kept.
    assert_eq!(types[12], PaymentMethodType::Unknown("sepa".to_owned()));
}

#[test]
fn authorize_response_example_round_trips_with_an_object_next_action() {
    let intent: PaymentIntent = round_trip(AUTHORIZE_CREATE_RESPONSE);
    assert_eq!(intent.status, PaymentIntentStatus::RequiresAction);
    assert_eq!(
        intent.capture_method,
        Some(PaymentIntentCaptureMethod::Manual)
    );
    match intent.next_action {
        Some(NextAction::ChallengeRedirect(challenge)) => {
            assert_eq!(
                challenge.return_url.as_deref(),
                Some("https://wooshpay.com")
            )
        }
        other => panic!("expected a challenge redirect, got {other:?}"),
    }
}

#[test]
fn create_request_examples_round_trip() {
    // The authorize guide masks the expiry (`"**"`, `"****"`); the others
    // show real values such as `"03"`, which a number with two digits gives back.
    let authorize = AUTHORIZE_CREATE_REQUEST
        .replace(r#""exp_month": "**""#, r#""exp_month": "04""#)
        .replace(r#""exp_year": "****""#, r#""exp_year": "2027""#);
    for text in [
        DIRECT_CREATE_REQUEST,
        DIRECT_CREATE_3DS_REQUEST,
        &authorize,
        SAVE_CARD_CREATE_REQUEST,
    ] {
        let params: CreatePaymentIntentParams = round_trip(text);
        assert_eq!(params.currency, "USD");
        assert_eq!(params.confirm, Some(true));
        let data = params.payment_method_data.expect("payment_method_data");
        assert_eq!(data.type_, PaymentMethodType::Card);
        assert!(!data.card.unwrap().number.is_empty());
    }
    let save: CreatePaymentIntentParams = serde_json::from_str(SAVE_CARD_CREATE_REQUEST).unwrap();
    assert_eq!(save.setup_future_usage, Some(SetupIntentUsage::OnSession));
    let authorize: CreatePaymentIntentParams = serde_json::from_str(&authorize).unwrap();
    assert_eq!(
        authorize.capture_method,
        Some(PaymentIntentCaptureMethod::Manual)
    );
}

#[test]
fn update_request_example_round_trips_and_hides_the_card() {
    let params: UpdatePaymentIntentParams = round_trip(UPDATE_REQUEST);
    assert_eq!(params.amount, Some(10));
    assert_eq!(params.shipping.as_ref().unwrap().name, "tom");
    let debug = format!("{params:?}");
    assert!(
        !debug.contains("4111111111111111"),
        "card number in Debug: {debug}"
    );
}

#[test]
fn list_and_capture_request_examples_round_trip() {
    let filled = ["gt", "gte", "lt", "lte"]
        .iter()
        .fold(LIST_REQUEST.to_owned(), |text, bound| {
            text.replace(
                &format!(r#""{bound}": "string""#),
                &format!(r#""{bound}": "1700000000""#),
            )
        });
    let list: ListPaymentIntentsParams = round_trip(&filled);
    assert_eq!(list.limit, Some(0));
    let capture: CapturePaymentIntentParams = round_trip(CAPTURE_REQUEST);
    assert_eq!(capture.amount_to_capture, Some(8000));
}

#[test]
fn client_secret_never_shows_in_debug() {
    let intent: PaymentIntent = serde_json::from_str(RETRIEVE_RESPONSE).unwrap();
    assert!(intent.client_secret.is_some());
    let debug = format!("{intent:?}");
    assert!(!debug.contains("YYFHuk8Lago3RSqjbVFe68AA"), "{debug}");
}

// ---------------------------------------------------------------------------
// Enums

/// The documented values of a spec enum, read through the generator.
fn spec_enum_values(name: &str) -> Vec<String> {
    let spec = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../spec"));
    let sources = generator::read_spec_dir(spec).expect("spec dir is readable");
    let model = generator::build_model(&sources).unwrap_or_else(|d| panic!("invalid spec:\n{d}"));
    model
        .modules
        .into_iter()
        .flat_map(|module| module.schemas)
        .find_map(|schema| match schema {
            generator::model::ResolvedSchema::Enum(e) if e.name == name => {
                Some(e.values.into_iter().map(|v| v.wire).collect())
            }
            _ => None,
        })
        .unwrap_or_else(|| panic!("no enum {name} in the spec"))
}

/// Every value deserializes to a distinct known variant and serializes back.
fn assert_values_round_trip<T>(name: &str, unknown: fn(&str) -> T)
where
    T: DeserializeOwned + Serialize + PartialEq + Eq + std::hash::Hash + std::fmt::Debug,
{
    let values = spec_enum_values(name);
    assert!(!values.is_empty(), "{name} has no values");
    let mut seen = HashSet::new();
    for wire in &values {
        let typed: T = serde_json::from_value(json!(wire)).unwrap();
        assert_ne!(typed, unknown(wire), "{name}: `{wire}` fell into Unknown");
        assert_eq!(serde_json::to_value(&typed).unwrap(), json!(wire));
        assert!(seen.insert(typed), "{name}: `{wire}` shares a variant");
    }
    let other: T = serde_json::from_value(json!("processing")).unwrap();
    assert_eq!(other, unknown("processing"));
    assert_eq!(serde_json::to_value(&other).unwrap(), json!("processing"));
}

#[test]
fn every_payment_intent_status_round_trips() {
    assert_values_round_trip("PaymentIntentStatus", |v| {
        PaymentIntentStatus::Unknown(v.to_owned())
    });
}

#[test]
fn every_capture_method_round_trips() {
    assert_values_round_trip("PaymentIntentCaptureMethod", |v| {
        PaymentIntentCaptureMethod::Unknown(v.to_owned())
    });
}

#[test]
fn json_string_next_action_without_a_type_is_kept_raw() {
    // The Direct API guide's 3DS response sends `next_action` as a JSON
    // string holding only the payload member, without `type` (its example is
    // cut, so this is a shortened copy).
    let mut value = payment_intent("pi_9", "requires_action");
    value["next_action"] = json!("{\"ddc_redirect\":{\"return_url\":\"https://wooshpay.com\"}}");
    let intent: PaymentIntent = serde_json::from_value(value).unwrap();
    match intent.next_action.expect("a next action") {
        NextAction::Unknown(raw) => assert_eq!(
            raw.get("ddc_redirect"),
            Some(&json!({"return_url": "https://wooshpay.com"}))
        ),
        other => panic!("without `type` the payload cannot be chosen: {other:?}"),
    }
}

// ---------------------------------------------------------------------------
// Tolerant decoding: a member that does not fit its type is kept in `extra`
// of the object that holds it, reported with its path, and never fails the
// response; only always-present members are strict.

#[test]
fn a_last_payment_error_member_of_another_type_is_kept_in_extra() {
    let mut body = payment_intent("pi_1", "requires_payment_method");
    body["last_payment_error"] = json!({
        "type": "card_error",
        "code": 51,
        "message": "Your card was declined.",
        "payment_method": "pm_1604012357044928512",
        "decline_reason_detail": {"issuer": "x"}
    });
    let intent: PaymentIntent = serde_json::from_value(body.clone()).unwrap();
    let error = intent.last_payment_error.as_ref().unwrap();
    // What fits is typed ...
    assert_eq!(error.message.as_deref(), Some("Your card was declined."));
    assert_eq!(error.type_.as_ref().map(|t| t.as_str()), Some("card_error"));
    // ... and what does not (a number for the string `code`, an id for the
    // object `payment_method`) is kept as sent, beside undocumented members.
    assert_eq!(error.code, None);
    assert_eq!(error.payment_method, None);
    assert_eq!(error.extra.get("code"), Some(&json!(51)));
    assert_eq!(
        error.extra.get("payment_method"),
        Some(&json!("pm_1604012357044928512"))
    );
    assert_eq!(
        error.extra.get("decline_reason_detail"),
        Some(&json!({"issuer": "x"}))
    );
    assert_eq!(error.extra.len(), 3);
    let unfit: Vec<String> = intent
        .unfit_members()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        unfit,
        [
            "`last_payment_error.code`: expected string, found number",
            "`last_payment_error.payment_method`: expected PaymentMethod, found string",
        ]
    );
    // Nothing is lost: the intent serializes back to what came in.
    assert_eq!(
        strip_nulls(serde_json::to_value(&intent).unwrap()),
        strip_nulls(body)
    );
}

#[tokio::test]
async fn a_wrong_typed_member_deep_inside_does_not_fail_a_capture() {
    // A capture that went through must not become an error in the app
    // because of one odd value: here a number for a string, two levels down.
    let mut body = payment_intent("pi_1", "succeeded");
    body["description"] = json!(42);
    body["shipping"] = json!({"name": "Jenny", "address": {"city": 7, "country": "US"}});
    let (_server, client) = serve("POST", "/v1/payment_intents/pi_1/capture", body.clone()).await;
    let intent = payment_intents::capture(&client, "pi_1", &CapturePaymentIntentParams::default())
        .await
        .unwrap()
        .expect("a PaymentIntent, not `{}`");
    assert_eq!(intent.description, None);
    let address = intent.shipping.as_ref().unwrap().address.as_ref().unwrap();
    assert_eq!(address.city, None);
    assert_eq!(address.country.as_deref(), Some("US"));
    assert_eq!(address.extra.get("city"), Some(&json!(7)));
    let unfit: Vec<(String, &str, &str)> = intent
        .unfit_members()
        .iter()
        .map(|member| (member.path().to_owned(), member.expected(), member.found()))
        .collect();
    assert_eq!(
        unfit,
        [
            ("description".to_owned(), "string", "number"),
            ("shipping.address.city".to_owned(), "string", "number"),
        ]
    );
    assert_eq!(
        strip_nulls(serde_json::to_value(&intent).unwrap()),
        strip_nulls(body.clone())
    );
    // In a list, the paths start at the page.
    let page = json!({"object": "list", "has_more": false, "data": [payment_intent("pi_0", "succeeded"), body]});
    let page: wooshpay::List<PaymentIntent> =
        wooshpay::__decode_response(200, page.to_string().as_bytes()).unwrap();
    let paths: Vec<String> = page
        .unfit_members()
        .iter()
        .map(|member| member.path().to_owned())
        .collect();
    assert_eq!(
        paths,
        ["data[1].description", "data[1].shipping.address.city"]
    );
}

#[test]
fn an_always_present_member_that_does_not_fit_fails_at_its_path() {
    // `amount` is always present in a PaymentIntent, so it stays plain and
    // strict: a string there is a decoding error naming the path.
    let mut body = payment_intent("pi_1", "requires_action");
    body["amount"] = json!("1000");
    match wooshpay::__decode_response::<PaymentIntent>(200, body.to_string().as_bytes()) {
        Err(Error::Decode { path, message, .. }) => {
            assert_eq!(path, "amount", "{message}");
            assert!(!message.contains("1000"), "values never show: {message}");
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
    let page = json!({"object": "list", "has_more": false, "data": [body]});
    match wooshpay::__decode_response::<wooshpay::List<PaymentIntent>>(
        200,
        page.to_string().as_bytes(),
    ) {
        Err(Error::Decode { path, .. }) => assert_eq!(path, "data[0].amount"),
        other => panic!("expected a decode error, got {other:?}"),
    }
}

#[tokio::test]
async fn a_capture_answered_with_an_empty_object_is_none() {
    // The reference page documents `{}` as the capture's response: the
    // capture went through, so it must not become an error.
    let (server, client) = serve("POST", "/v1/payment_intents/pi_1/capture", json!({})).await;
    let captured =
        payment_intents::capture(&client, "pi_1", &CapturePaymentIntentParams::default())
            .await
            .unwrap();
    assert_eq!(captured, None);
    assert_post(
        &only_request(&server).await,
        "/v1/payment_intents/pi_1/capture",
    );

    // Whitespace inside and around the braces is still an empty object.
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/payment_intents/pi_2/capture"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(" {\n } \r\n", "application/json"))
        .mount(&server)
        .await;
    let client = Client::builder(KEY).base_url(server.uri()).build().unwrap();
    let captured =
        payment_intents::capture(&client, "pi_2", &CapturePaymentIntentParams::default())
            .await
            .unwrap();
    assert_eq!(captured, None);
}

#[tokio::test]
async fn only_an_empty_object_is_none_a_partial_one_still_fails_on_its_identity() {
    // `{}` is the documented answer; an object without its `id` is not, and
    // stays the decode error it always was.
    let (_server, client) = serve(
        "POST",
        "/v1/payment_intents/pi_1/capture",
        json!({"object": "payment_intent", "status": "succeeded"}),
    )
    .await;
    let error = payment_intents::capture(&client, "pi_1", &CapturePaymentIntentParams::default())
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Decode { .. }), "{error:?}");
    assert!(error.to_string().contains("id"), "{error}");

    // An endpoint the docs do not say answers `{}` keeps refusing it.
    let (_server, client) = serve("GET", "/v1/payment_intents/pi_1", json!({})).await;
    let error = payment_intents::retrieve(&client, "pi_1")
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Decode { .. }), "{error:?}");
}

#[tokio::test]
async fn create_sends_sepa_debit_payment_method_data_as_given() {
    // The page lists `payment_method_data.sepa_debit` without members: what
    // the caller puts in it is sent unchanged.
    let (server, client) = serve(
        "POST",
        "/v1/payment_intents",
        payment_intent("pi_1", "processing"),
    )
    .await;
    let mut sepa = wooshpay::PaymentMethodDataSepaDebit::new();
    sepa.extra
        .insert("iban".to_owned(), json!("DE12500105170648489890"));
    let params = CreatePaymentIntentParams::new(2000, "EUR")
        .payment_method_data(PaymentMethodData::sepa_debit(sepa));
    payment_intents::create(&client, &params).await.unwrap();
    let body = json_body(&only_request(&server).await);
    assert_eq!(
        body["payment_method_data"],
        json!({"type": "sepa_debit", "sepa_debit": {"iban": "DE12500105170648489890"}})
    );
}
