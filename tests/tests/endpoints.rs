//! Every generated Setup Intents endpoint against a loopback HTTP server:
//! method, path, auth, content type, idempotency key, the exact JSON body
//! sent, and the typed response.

mod loopback;
use futures_util::TryStreamExt;
use loopback::*;
use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};
use wooshpay::{
    setup_attempts, setup_intents, CancelSetupIntentParams, Client, ConfirmSetupIntentParams,
    CreateSetupIntentParams, CreatedFilter, Expandable, ListSetupAttemptsParams,
    ListSetupIntentsParams, NextAction, PaymentMethodData, PaymentMethodDataCard,
    PaymentMethodType, SetupIntentCancellationReason, SetupIntentStatus, SetupIntentUsage,
    UpdateSetupIntentParams,
};

fn setup_intent(id: &str, status: &str) -> Value {
    json!({
        "id": id,
        "object": "setup_intent",
        "client_secret": format!("{id}_secret_abc"),
        "created": 1_695_645_775,
        "customer": "cus_1695645775000",
        "livemode": false,
        "payment_method": "pm_1838873795201335296",
        "payment_method_types": ["card"],
        "status": status,
        "usage": "off_session"
    })
}

#[tokio::test]
async fn create_sends_every_parameter() {
    let (server, client) = serve(
        "POST",
        "/v1/setup_intents",
        setup_intent("seti_1", "requires_action"),
    )
    .await;
    let card = PaymentMethodDataCard::new("4242424242424242")
        .cvc("123")
        .exp_month(4)
        .exp_year(2027);
    let params = CreateSetupIntentParams {
        confirm: Some(true),
        customer: Some("cus_1".into()),
        description: Some("save card".to_owned()),
        metadata: Some([("order".to_owned(), "42".to_owned())].into()),
        payment_method_types: Some(vec![PaymentMethodType::Card]),
        payment_method_data: Some(PaymentMethodData::card(card)),
        usage: Some(SetupIntentUsage::OffSession),
        return_url: Some("https://shop.example/return".to_owned()),
        ..Default::default()
    };
    let intent = setup_intents::create(&client, &params).await.unwrap();
    assert_eq!(intent.id, "seti_1");
    assert_eq!(intent.status, SetupIntentStatus::RequiresAction);
    assert_eq!(
        intent.payment_method,
        Some(Expandable::Id("pm_1838873795201335296".into()))
    );

    let request = only_request(&server).await;
    assert_post(&request, "/v1/setup_intents");
    assert_eq!(request.url.path(), "/v1/setup_intents");
    assert_eq!(
        json_body(&request),
        json!({
            "confirm": true,
            "customer": "cus_1",
            "description": "save card",
            "metadata": {"order": "42"},
            "payment_method_types": ["card"],
            "payment_method_data": {
                "type": "card",
                "card": {"exp_month": "04", "exp_year": "2027", "number": "4242424242424242", "cvc": "123"}
            },
            "usage": "off_session",
            "return_url": "https://shop.example/return"
        })
    );
}

#[tokio::test]
async fn retrieve_is_a_get_without_body() {
    let (server, client) = serve(
        "GET",
        "/v1/setup_intents/seti_2",
        setup_intent("seti_2", "succeeded"),
    )
    .await;
    let intent = setup_intents::retrieve(&client, "seti_2").await.unwrap();
    assert_eq!(intent.status, SetupIntentStatus::Succeeded);
    assert_eq!(intent.usage, Some(SetupIntentUsage::OffSession));
    let request = only_request(&server).await;
    assert_get(&request, "/v1/setup_intents/seti_2");
    assert!(request.body.is_empty());
    assert_eq!(header(&request, "content-type"), None);
}

#[tokio::test]
async fn retrieve_percent_encodes_the_id() {
    let (server, client) = serve(
        "GET",
        "/v1/setup_intents/seti%2F..%3Fx",
        setup_intent("seti_3", "canceled"),
    )
    .await;
    setup_intents::retrieve(&client, "seti/..?x").await.unwrap();
    assert_eq!(
        only_request(&server).await.url.path(),
        "/v1/setup_intents/seti%2F..%3Fx"
    );
}

#[tokio::test]
async fn update_sends_only_set_fields() {
    let (server, client) = serve(
        "POST",
        "/v1/setup_intents/seti_4",
        setup_intent("seti_4", "requires_confirmation"),
    )
    .await;
    let params = UpdateSetupIntentParams {
        description: Some("new".to_owned()),
        payment_method: Some("pm_9".into()),
        ..Default::default()
    };
    let intent = setup_intents::update(&client, "seti_4", &params)
        .await
        .unwrap();
    assert_eq!(intent.status, SetupIntentStatus::RequiresConfirmation);
    let request = only_request(&server).await;
    assert_post(&request, "/v1/setup_intents/seti_4");
    assert_eq!(
        json_body(&request),
        json!({"description": "new", "payment_method": "pm_9"})
    );
}

#[tokio::test]
async fn confirm_requires_return_url_and_uses_callers_idempotency_key() {
    let mut response = setup_intent("seti_5", "requires_action");
    response["next_action"] = json!({
        "type": "redirect_to_url",
        "redirect_to_url": {"url": "https://3ds.example/auth", "return_url": "https://shop.example/return"}
    });
    let (server, client) = serve("POST", "/v1/setup_intents/seti_5/confirm", response).await;
    let mut params = ConfirmSetupIntentParams::new("https://shop.example/return");
    params.payment_method = Some("pm_5".into());
    let intent = setup_intents::confirm(&client, "seti_5", &params)
        .idempotency_key("confirm-seti_5")
        .await
        .unwrap();
    match intent.next_action {
        Some(NextAction::RedirectToUrl(redirect)) => {
            assert_eq!(redirect.url.as_deref(), Some("https://3ds.example/auth"))
        }
        other => panic!("expected a redirect, got {other:?}"),
    }
    let request = only_request(&server).await;
    assert_eq!(header(&request, "idempotency-key"), Some("confirm-seti_5"));
    assert_eq!(
        json_body(&request),
        json!({"payment_method": "pm_5", "return_url": "https://shop.example/return"})
    );
}

#[tokio::test]
async fn cancel_posts_the_reason() {
    let mut response = setup_intent("seti_6", "canceled");
    response["cancellation_reason"] = json!("requested_by_customer");
    let (server, client) = serve("POST", "/v1/setup_intents/seti_6/cancel", response).await;
    let params = CancelSetupIntentParams {
        cancellation_reason: Some(SetupIntentCancellationReason::RequestedByCustomer),
    };
    let intent = setup_intents::cancel(&client, "seti_6", &params)
        .await
        .unwrap();
    assert_eq!(intent.status, SetupIntentStatus::Canceled);
    assert_eq!(
        intent.cancellation_reason,
        Some(SetupIntentCancellationReason::RequestedByCustomer)
    );
    let request = only_request(&server).await;
    assert_post(&request, "/v1/setup_intents/seti_6/cancel");
    assert_eq!(
        json_body(&request),
        json!({"cancellation_reason": "requested_by_customer"})
    );
}

#[tokio::test]
async fn cancel_without_reason_sends_an_empty_object() {
    let (server, client) = serve(
        "POST",
        "/v1/setup_intents/seti_7/cancel",
        setup_intent("seti_7", "canceled"),
    )
    .await;
    setup_intents::cancel(&client, "seti_7", &CancelSetupIntentParams::default())
        .await
        .unwrap();
    assert_eq!(json_body(&only_request(&server).await), json!({}));
}

#[tokio::test]
async fn list_sends_filters_as_a_json_body_on_get() {
    let page = json!({
        "object": "list",
        "url": "/v1/setup_intents",
        "has_more": false,
        "data": [setup_intent("seti_a", "succeeded"), setup_intent("seti_b", "processing")]
    });
    let (server, client) = serve("GET", "/v1/setup_intents", page).await;
    let params = ListSetupIntentsParams {
        customer: Some("cus_1".into()),
        limit: Some(2),
        created: Some(CreatedFilter {
            gte: Some(1_695_645_775),
            ..Default::default()
        }),
        ..Default::default()
    };
    let list = setup_intents::list(&client, &params).await.unwrap();
    assert!(!list.has_more);
    let data = list.data;
    assert_eq!(data.len(), 2);
    assert_eq!(data[1].status, SetupIntentStatus::Processing);
    let request = only_request(&server).await;
    assert_get(&request, "/v1/setup_intents");
    assert_eq!(
        json_body(&request),
        json!({"customer": "cus_1", "limit": 2, "created": {"gte": "1695645775"}})
    );
}

#[tokio::test]
async fn list_auto_pages_with_starting_after() {
    let server = MockServer::start().await;
    let first =
        json!({"object": "list", "has_more": true, "data": [setup_intent("seti_a", "succeeded")]});
    let second =
        json!({"object": "list", "has_more": false, "data": [setup_intent("seti_b", "succeeded")]});
    Mock::given(method("GET"))
        .and(path("/v1/setup_intents"))
        .and(wiremock::matchers::body_json(json!({"customer": "cus_1"})))
        .respond_with(ResponseTemplate::new(200).set_body_json(first))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/setup_intents"))
        .and(wiremock::matchers::body_json(
            json!({"customer": "cus_1", "starting_after": "seti_a"}),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(second))
        .mount(&server)
        .await;
    let client = Client::builder(KEY).base_url(server.uri()).build().unwrap();
    let params = ListSetupIntentsParams {
        customer: Some("cus_1".into()),
        ..Default::default()
    };
    let all: Vec<_> = setup_intents::list(&client, &params)
        .into_stream()
        .try_collect()
        .await
        .unwrap();
    let ids: Vec<_> = all.iter().map(|intent| intent.id.clone()).collect();
    assert_eq!(ids, ["seti_a", "seti_b"]);
}

#[tokio::test]
async fn list_setup_attempts_keeps_undocumented_fields() {
    let page = json!({
        "object": "list",
        "has_more": false,
        "data": [{"id": "setatt_1", "object": "setup_attempt", "status": "succeeded", "setup_intent": "seti_1"}]
    });
    let (server, client) = serve("GET", "/v1/setup_attempts/list", page).await;
    let params = ListSetupAttemptsParams {
        setup_intent: Some("seti_1".into()),
        ..Default::default()
    };
    let list = setup_attempts::list(&client, &params).await.unwrap();
    let attempt = &list.data[0];
    assert_eq!(attempt.id, "setatt_1");
    assert_eq!(attempt.extra.get("status"), Some(&json!("succeeded")));
    let request = only_request(&server).await;
    assert_get(&request, "/v1/setup_attempts/list");
    assert_eq!(json_body(&request), json!({"setup_intent": "seti_1"}));
}
