//! The real `wooshpay` client against the fake: CRUD, validation errors,
//! money flows, idempotency, faults (with the client's retries), webhooks
//! verified by `wooshpay::Webhook`, and every endpoint of the spec.

use std::time::{Duration, Instant};

use serde_json::json;
use wooshpay::{
    customers, events, payment_intents, refunds, setup_intents, webhook_endpoints, Client,
    ConfirmPaymentIntentParams, ConfirmSetupIntentParams, CreateCustomerParams,
    CreatePaymentIntentParams, CreateRefundParams, CreateSetupIntentParams,
    CreateWebhookEndpointParams, Error, EventObject, EventType, ListPaymentIntentsParams, Method,
    NextAction, PaymentIntentCaptureMethod, PaymentIntentStatus, PaymentMethodData,
    PaymentMethodDataCard, SearchPaymentIntentsParams, SetupIntentStatus, UpdateCustomerParams,
    Webhook,
};
use wooshpay_test::{test_cards, Fault, Server};

fn card(number: &str) -> ConfirmPaymentIntentParams {
    ConfirmPaymentIntentParams::new()
        .payment_method_data(PaymentMethodData::card(PaymentMethodDataCard::new(number)))
}

fn api(error: &Error) -> &wooshpay::ApiError {
    error
        .as_api_error()
        .unwrap_or_else(|| panic!("expected an API error, got {error:?}"))
}

async fn intent(client: &Client, manual: bool) -> wooshpay::PaymentIntent {
    let mut params = CreatePaymentIntentParams::new(2000, "USD");
    if manual {
        params = params.capture_method(PaymentIntentCaptureMethod::Manual);
    }
    payment_intents::create(client, &params).await.unwrap()
}

#[tokio::test]
async fn create_retrieve_update_list_and_not_found() {
    let server = Server::start().await;
    let client = server.client();
    let params = CreateCustomerParams::new()
        .email("ada@example.com")
        .metadata([("tier", "gold")]);
    let customer = customers::create(&client, &params).await.unwrap();
    assert!(customer.id.as_str().starts_with("cus_"), "{}", customer.id);
    assert_eq!(customer.email.as_deref(), Some("ada@example.com"));

    let found = customers::retrieve(&client, &customer.id).await.unwrap();
    assert_eq!(found.id, customer.id);
    assert_eq!(found.email, customer.email);

    let update = UpdateCustomerParams::new()
        .name("Ada")
        .metadata([("team", "core")]);
    let updated = customers::update(&client, &customer.id, &update)
        .await
        .unwrap();
    assert_eq!(updated.name.as_deref(), Some("Ada"));
    assert_eq!(
        updated.email.as_deref(),
        Some("ada@example.com"),
        "update merges"
    );
    let metadata = updated.metadata.unwrap();
    assert_eq!(metadata["tier"], json!("gold"));
    assert_eq!(metadata["team"], json!("core"));

    let error = customers::retrieve(&client, "cus_missing")
        .await
        .unwrap_err();
    let error = api(&error);
    assert!(error.is_not_found());
    assert_eq!(error.code(), Some("resource_missing"));
}

#[tokio::test]
async fn lists_page_with_cursors_and_filter() {
    let server = Server::start().await;
    let client = server.client();
    let mut ids = Vec::new();
    for _ in 0..5 {
        ids.push(intent(&client, false).await.id);
    }
    ids.reverse(); // newest first, as the API lists
    let first = payment_intents::list(&client, &ListPaymentIntentsParams::new().limit(2))
        .await
        .unwrap();
    assert!(first.has_more);
    let first_ids: Vec<_> = first.data.iter().map(|pi| pi.id.clone()).collect();
    assert_eq!(first_ids, ids[..2]);
    let next = ListPaymentIntentsParams::new()
        .limit(2)
        .starting_after(ids[1].to_string());
    let second = payment_intents::list(&client, &next).await.unwrap();
    let second_ids: Vec<_> = second.data.iter().map(|pi| pi.id.clone()).collect();
    assert_eq!(second_ids, ids[2..4]);
    let before = ListPaymentIntentsParams::new()
        .limit(10)
        .ending_before(ids[2].to_string());
    let back = payment_intents::list(&client, &before).await.unwrap();
    assert_eq!(back.data.len(), 2);
    assert!(!back.has_more);

    let all = payment_intents::list(&client, &ListPaymentIntentsParams::new().limit(2))
        .collect_all()
        .await
        .unwrap();
    assert_eq!(all.len(), 5, "the stream follows starting_after to the end");

    // Search by a stored member.
    let order = CreatePaymentIntentParams::new(700, "USD").merchant_order_id("order-7");
    let wanted = payment_intents::create(&client, &order).await.unwrap();
    let query = SearchPaymentIntentsParams::new("merchant_order_id:'order-7'");
    let hits = payment_intents::search(&client, &query).await.unwrap();
    let hit_ids: Vec<_> = hits.data.iter().map(|pi| pi.id.clone()).collect();
    assert_eq!(hit_ids, [wanted.id]);
}

#[tokio::test]
async fn requests_are_validated_as_the_spec_says() {
    let server = Server::start().await;
    let client = server.client();
    let cases = [
        (
            json!({"amount": 100, "currency": "usd", "colour": "red"}),
            "colour",
            "parameter_unknown",
        ),
        (json!({"currency": "usd"}), "amount", "parameter_missing"),
        (
            json!({"amount": "lots", "currency": "usd"}),
            "amount",
            "parameter_invalid",
        ),
        (
            json!({"amount": 1, "currency": "usd", "capture_method": "later"}),
            "capture_method",
            "parameter_invalid_enum",
        ),
        (
            json!({"amount": 1, "currency": "usd", "shipping": {"phone": "1"}}),
            "shipping[name]",
            "parameter_missing",
        ),
    ];
    for (body, param, code) in cases {
        let error = client
            .request::<serde_json::Value>(Method::Post, "/v1/payment_intents")
            .body(&body)
            .await
            .unwrap_err();
        let error = api(&error);
        assert_eq!(error.status(), 400, "{body}");
        assert!(error.is_invalid_request(), "{body}");
        assert_eq!(error.param(), Some(param), "{body}");
        assert_eq!(error.code(), Some(code), "{body}");
    }
    // Nothing was stored by the refused requests.
    let listed = payment_intents::list(&client, &ListPaymentIntentsParams::new())
        .await
        .unwrap();
    assert!(listed.data.is_empty());
}

#[tokio::test]
async fn manual_capture_with_3ds_then_partial_capture_and_refunds() {
    let server = Server::start().await;
    let client = server.client();
    let created = intent(&client, true).await;
    assert_eq!(created.status, PaymentIntentStatus::RequiresPaymentMethod);

    let confirmed = payment_intents::confirm(
        &client,
        &created.id,
        &card(test_cards::REQUIRES_AUTHENTICATION),
    )
    .await
    .unwrap();
    assert_eq!(confirmed.status, PaymentIntentStatus::RequiresAction);
    let Some(NextAction::ChallengeRedirect(challenge)) = &confirmed.next_action else {
        panic!(
            "expected a challenge_redirect, got {:?}",
            confirmed.next_action
        );
    };
    // The customer passes the challenge by visiting its URL.
    let url = challenge.url.clone().unwrap();
    assert!(url.starts_with(server.url()));
    let visited = reqwest_get(&url).await;
    assert_eq!(visited, 200);

    let held = payment_intents::retrieve(&client, &created.id)
        .await
        .unwrap();
    assert_eq!(held.status, PaymentIntentStatus::RequiresCapture);
    assert_eq!(held.amount_capturable, Some(2000));

    let too_much = wooshpay::CapturePaymentIntentParams::new().amount_to_capture(2500);
    let error = payment_intents::capture(&client, &created.id, &too_much)
        .await
        .unwrap_err();
    assert_eq!(api(&error).param(), Some("amount_to_capture"));

    let partial = wooshpay::CapturePaymentIntentParams::new().amount_to_capture(1500);
    let captured = payment_intents::capture(&client, &created.id, &partial)
        .await
        .unwrap()
        .expect("the fake answers the captured PaymentIntent");
    assert_eq!(captured.status, PaymentIntentStatus::Succeeded);
    assert_eq!(captured.amount_received, Some(1500));

    let refund = |amount: Option<i64>| {
        let params = CreateRefundParams::new().payment_intent(&created.id);
        match amount {
            Some(amount) => params.amount(amount),
            None => params,
        }
    };
    let first = refunds::create(&client, &refund(Some(1000))).await.unwrap();
    assert!(first.id.as_str().starts_with("re_"));
    assert_eq!(first.amount, Some(1000));
    let error = refunds::create(&client, &refund(Some(501)))
        .await
        .unwrap_err();
    assert_eq!(api(&error).param(), Some("amount"), "no over-refund");
    let rest = refunds::create(&client, &refund(None)).await.unwrap();
    assert_eq!(rest.amount, Some(500), "the default is what is left");
    let error = refunds::create(&client, &refund(None)).await.unwrap_err();
    assert_eq!(api(&error).code(), Some("charge_already_refunded"));
    assert_eq!(
        refunds::retrieve(&client, &first.id).await.unwrap().amount,
        Some(1000)
    );
}

/// What a browser following `next_action` does.
async fn reqwest_get(url: &str) -> u16 {
    reqwest::get(url).await.unwrap().status().as_u16()
}

#[tokio::test]
async fn declines_and_cancel() {
    let server = Server::start().await;
    let client = server.client();
    for (number, decline_code) in [
        (test_cards::DECLINED, "generic_decline"),
        (test_cards::INSUFFICIENT_FUNDS, "insufficient_funds"),
    ] {
        let created = intent(&client, false).await;
        let error = payment_intents::confirm(&client, &created.id, &card(number))
            .await
            .unwrap_err();
        assert!(error.is_card_error(), "{error:?}");
        assert_eq!(api(&error).status(), 402);
        assert_eq!(api(&error).decline_code(), Some(decline_code));
        let after = payment_intents::retrieve(&client, &created.id)
            .await
            .unwrap();
        assert_eq!(after.status, PaymentIntentStatus::RequiresPaymentMethod);
        let last = after.last_payment_error.unwrap();
        assert_eq!(last.decline_code.as_deref(), Some(decline_code));
        // A good card afterwards succeeds.
        let paid = payment_intents::confirm(&client, &created.id, &card(test_cards::SUCCEEDS))
            .await
            .unwrap();
        assert_eq!(paid.status, PaymentIntentStatus::Succeeded);
        assert_eq!(paid.amount_received, Some(2000));
    }
    let created = intent(&client, true).await;
    let cancel = wooshpay::CancelPaymentIntentParams::new("customer left");
    let canceled = payment_intents::cancel(&client, &created.id, &cancel)
        .await
        .unwrap();
    assert_eq!(canceled.status, PaymentIntentStatus::Canceled);
    assert_eq!(
        canceled.cancellation_reason.as_deref(),
        Some("customer left")
    );
    let error = payment_intents::confirm(&client, &created.id, &card(test_cards::SUCCEEDS))
        .await
        .unwrap_err();
    assert_eq!(api(&error).code(), Some("payment_intent_unexpected_state"));
}

/// Found by the property test `client_decodes`: the request checks read
/// the flag (sent as `"true"`) as a boolean, which the flow then missed.
#[tokio::test]
async fn error_on_requires_action_declines_a_card_that_needs_3ds() {
    let server = Server::start().await;
    let client = server.client();
    let created = intent(&client, false).await;
    let params = card(test_cards::REQUIRES_AUTHENTICATION).error_on_requires_action(true);
    let error = payment_intents::confirm(&client, &created.id, &params)
        .await
        .unwrap_err();
    assert_eq!(api(&error).status(), 402, "{error:?}");
    assert_eq!(api(&error).code(), Some("authentication_required"));
    let after = payment_intents::retrieve(&client, &created.id)
        .await
        .unwrap();
    assert_eq!(after.status, PaymentIntentStatus::RequiresPaymentMethod);
}

/// Found by the property test `client_decodes`: a wallet payment method has
/// no card number, and was declined as `incorrect_number`.
#[tokio::test]
async fn a_wallet_payment_method_is_not_declined_as_a_card() {
    let server = Server::start().await;
    let client = server.client();
    let created = intent(&client, false).await;
    let wallet = PaymentMethodData::wechat_pay(wooshpay::PaymentMethodDataWechatPay::new());
    let params = ConfirmPaymentIntentParams::new().payment_method_data(wallet);
    let paid = payment_intents::confirm(&client, &created.id, &params)
        .await
        .unwrap();
    assert_eq!(paid.status, PaymentIntentStatus::Succeeded);
}

#[tokio::test]
async fn setup_intent_saves_a_card_for_the_customer() {
    let server = Server::start().await;
    let client = server.client();
    let customer = customers::create(&client, &CreateCustomerParams::new())
        .await
        .unwrap();
    let params = CreateSetupIntentParams::new().customer(customer.id.clone());
    let setup = setup_intents::create(&client, &params).await.unwrap();
    assert!(setup.id.as_str().starts_with("seti_"));
    assert_eq!(setup.status, SetupIntentStatus::RequiresPaymentMethod);
    let confirm = ConfirmSetupIntentParams::new("https://shop.example/back").payment_method_data(
        PaymentMethodData::card(PaymentMethodDataCard::new(
            test_cards::REQUIRES_AUTHENTICATION,
        )),
    );
    let waiting = setup_intents::confirm(&client, &setup.id, &confirm)
        .await
        .unwrap();
    assert_eq!(waiting.status, SetupIntentStatus::RequiresAction);
    server.authenticate(waiting.id.as_str(), true).unwrap();
    let done = setup_intents::retrieve(&client, &setup.id).await.unwrap();
    assert_eq!(done.status, SetupIntentStatus::Succeeded);
    let pm_id = match done.payment_method.unwrap() {
        wooshpay::Expandable::Id(id) => id.to_string(),
        wooshpay::Expandable::Object(pm) => pm.id.to_string(),
    };
    let pm = server.object(&pm_id).unwrap();
    assert_eq!(pm["customer"], json!(customer.id.as_str()));
    assert_eq!(pm["card"]["last4"], json!("3184"));
    assert!(
        !pm.to_string().contains(test_cards::REQUIRES_AUTHENTICATION),
        "no card number is stored"
    );
}

#[tokio::test]
async fn idempotency_replays_and_refuses_other_parameters() {
    let server = Server::start().await;
    let client = server.client();
    let params = CreatePaymentIntentParams::new(1000, "USD");
    let first = payment_intents::create(&client, &params)
        .idempotency_key("order-1")
        .await
        .unwrap();
    let again = payment_intents::create(&client, &params)
        .idempotency_key("order-1")
        .send_with_details()
        .await
        .unwrap();
    assert_eq!(again.value().id, first.id, "the first answer is replayed");
    let listed = payment_intents::list(&client, &ListPaymentIntentsParams::new())
        .await
        .unwrap();
    assert_eq!(listed.data.len(), 1, "a replay creates nothing");

    let other = CreatePaymentIntentParams::new(9999, "USD");
    let error = payment_intents::create(&client, &other)
        .idempotency_key("order-1")
        .await
        .unwrap_err();
    assert!(api(&error).is_idempotency_error(), "{error:?}");
    assert_eq!(api(&error).status(), 400);
}

#[tokio::test]
async fn faults_are_retried_by_the_client() {
    let server = Server::start().await;
    let client = server.client();
    server.inject(
        Fault::RateLimited {
            retry_after: Duration::ZERO,
        },
        1,
    );
    server.inject(Fault::ServerError, 1);
    let created = intent(&client, false).await;
    let attempts: Vec<_> = server
        .requests()
        .into_iter()
        .filter(|r| r.path == "/v1/payment_intents")
        .collect();
    assert_eq!(attempts.len(), 3, "429, 500, then success");
    assert!(
        attempts
            .iter()
            .all(|r| r.idempotency_key == attempts[0].idempotency_key),
        "one key for every attempt"
    );
    assert_eq!(server.requests().len(), 3);
    assert!(server.object(created.id.as_str()).is_some());

    // A dropped connection is retried too; only the matching path fails.
    server.inject_on("/v1/customers", Fault::DropConnection, 1);
    let _ = intent(&client, false).await;
    customers::create(&client, &CreateCustomerParams::new())
        .await
        .unwrap();
    let customer_attempts = server
        .requests()
        .iter()
        .filter(|r| r.path == "/v1/customers")
        .count();
    assert_eq!(customer_attempts, 2);

    // As many failures as attempts (1 + 2 retries): the client gives up.
    server.inject(
        Fault::RateLimited {
            retry_after: Duration::ZERO,
        },
        3,
    );
    let error = payment_intents::retrieve(&client, &created.id)
        .await
        .unwrap_err();
    assert!(api(&error).is_rate_limited());

    // A slow answer past the client's timeout is a timeout.
    server.inject(Fault::Delay(Duration::from_millis(300)), 1);
    let impatient = server
        .client_builder()
        .timeout(Duration::from_millis(50))
        .max_retries(0)
        .build()
        .unwrap();
    let started = Instant::now();
    let error = payment_intents::retrieve(&impatient, &created.id)
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Timeout { .. }), "{error:?}");
    assert!(started.elapsed() < Duration::from_millis(300));
}

#[tokio::test]
async fn events_are_recorded_signed_and_delivered() {
    let server = Server::start().await;
    let client = server.client();
    // A receiver on loopback that takes the first delivery.
    let receiver = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let receiver_url = format!("http://{}/hook", receiver.local_addr().unwrap());
    let bodies = tokio::spawn(receive_one(receiver));
    server.deliver_webhooks_to(&receiver_url);

    let created = intent(&client, false).await;
    payment_intents::confirm(&client, &created.id, &card(test_cards::SUCCEEDS))
        .await
        .unwrap();

    let events = server.events();
    let types: Vec<_> = events.iter().map(|e| e.event_type.as_str()).collect();
    assert_eq!(
        types,
        ["payment_intent.created", "payment_intent.succeeded"]
    );
    let succeeded = &events[1];
    let event = Webhook::construct_event(
        &succeeded.payload,
        &succeeded.signature_header,
        server.webhook_secret(),
    )
    .unwrap();
    assert_eq!(event.type_, EventType::PaymentIntentSucceeded);
    let Some(EventObject::PaymentIntent(paid)) = &event.data.object else {
        panic!("expected a PaymentIntent, got {:?}", event.data.object);
    };
    assert_eq!(paid.id, created.id);
    assert_eq!(paid.status, PaymentIntentStatus::Succeeded);
    assert!(Webhook::construct_event(
        &succeeded.payload,
        &succeeded.signature_header,
        "whsec_other"
    )
    .is_err());
    // Stored: the events API finds it.
    assert_eq!(
        events::retrieve(&client, &event.id).await.unwrap().id,
        event.id
    );

    let (body, signature) = bodies.await.unwrap();
    let delivered = Webhook::construct_event(&body, &signature, server.webhook_secret()).unwrap();
    assert_eq!(delivered.type_, EventType::PaymentIntentCreated);
    let results = server.wait_for_webhooks().await;
    assert_eq!(results.len(), 2);
    assert_eq!(results[0].status, Some(200));

    // A webhook endpoint created through the API gets its own secret.
    let endpoint = webhook_endpoints::create(
        &client,
        &CreateWebhookEndpointParams::new(
            "http://127.0.0.1:9/none",
            vec![EventType::PaymentIntentCanceled],
        ),
    )
    .await
    .unwrap();
    assert!(endpoint.secret.unwrap().starts_with("whsec_"));
}

/// Accepts one delivery and answers 200; returns its body and signature
/// header.
async fn receive_one(listener: tokio::net::TcpListener) -> (String, String) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    {
        let (mut stream, _) = listener.accept().await.unwrap();
        let mut buffer = Vec::new();
        let mut chunk = [0; 4096];
        // Read the head, then the body by Content-Length.
        let (head_end, length) = loop {
            let read = stream.read(&mut chunk).await.unwrap();
            buffer.extend_from_slice(&chunk[..read]);
            if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
                let head = String::from_utf8_lossy(&buffer[..end]).to_lowercase();
                let length = head
                    .lines()
                    .find_map(|line| line.strip_prefix("content-length:"))
                    .and_then(|value| value.trim().parse::<usize>().ok())
                    .unwrap_or(0);
                break (end + 4, length);
            }
        };
        while buffer.len() < head_end + length {
            let read = stream.read(&mut chunk).await.unwrap();
            buffer.extend_from_slice(&chunk[..read]);
        }
        let head = String::from_utf8_lossy(&buffer[..head_end]).to_string();
        let signature = head
            .lines()
            .find_map(|line| {
                line.to_lowercase()
                    .starts_with("wooshpay-signature:")
                    .then(|| line.split_once(':').unwrap().1.trim().to_owned())
            })
            .unwrap_or_default();
        let body = String::from_utf8_lossy(&buffer[head_end..head_end + length]).to_string();
        stream
            .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n")
            .await
            .unwrap();
        (body, signature)
    }
}
