//! The commerce resources (Checkout Sessions, Products, Prices, Payment
//! Links, Payouts, Subscriptions, Coupons, Promotion codes, Balance, Files,
//! Issuing cards):
//!
//! * every generated endpoint against a loopback HTTP server: method, path,
//!   auth, idempotency key on POST, where the parameters go (JSON body or
//!   query string) and the typed response;
//! * every complete JSON example of their pages, copied verbatim into
//!   `spec/examples/<resource>/`, decoded into the generated types
//!   and encoded back to the same JSON (nulls aside, and `0` equal to `0.0`);
//! * every enum value the spec lists for them round-trips.
//!
//! Fixture sources:
//! * `checkout_sessions/create_request_guide.json`: Checkout guide (doc-1722914), request.
//! * `checkout_sessions/create_request_guide_full.json`: its apidoc copy, request.
//! * `checkout_sessions/create_setup_{request,response}.json`: set-up guide (7197331m0).
//! * `checkout_sessions/guide_response_line_items.json`: the `line_items` member of the
//!   Checkout guide's response, the complete part of an example cut further on.
//! * `checkout_sessions/list_request.json`: List All Checkout Sessions (api-42654191), body example.
//! * `products/create_request.json`: Create a Product (api-34903706), body example.
//! * `products/create_{request,response}_guide.json`: Checkout guide, product step.
//! * `prices/create_request.json`: Create a price (api-55501373), body example.
//! * `prices/update_{request,response}.json`: Update a price (55502235e0).
//! * `balance/retrieve_response.json`: Get balance (42628037e0).
//! * `files/retrieve_response.json`: Retrieve a file (api-50223823).
//! * `coupons/create_request.json`: Create a Coupon (api-159748782), body example.
//! * `promotion_codes/create_{request,response}.json`: Create a promotion code (api-159875133).
//! * `subscriptions/update_request.json`: page 320059978 (title hidden), body example.
//! * `payouts/create_request_bank_account.json`: Payouts guide (doc-2560983), bank account request.

mod loopback;
use loopback::*;
use std::path::Path;

use futures_util::TryStreamExt;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};
use wooshpay::{
    balance, checkout_sessions, coupons, files, issuing_cards, payment_links, payouts, prices,
    products, promotion_codes, subscriptions, Balance, BillingAddressCollection, CheckoutSession,
    CheckoutSessionMode, Client, Coupon, CouponDuration, CreateCheckoutSessionLineItem,
    CreateCheckoutSessionParams, CreateCheckoutSessionPriceData, CreateCheckoutSessionProductData,
    CreateCouponParams, CreatePayoutBeneficiaryData, CreatePayoutParams, CreatePriceParams,
    CreatePriceRecurring, CreateProductParams, CreatePromotionCodeParams, CreateSubscriptionItem,
    CreateSubscriptionParams, CreatedFilter, Expandable, File, IssuingCard,
    ListCheckoutSessionsCustomerDetails, ListCheckoutSessionsParams, ListIssuingCardsParams,
    PaymentLink, PaymentLinkAfterCompletionType, PaymentMethodType, Payout, PayoutBankAccount,
    PayoutDestinationData, PayoutStatus, Price, PriceBillingScheme, PriceRecurringInterval,
    PriceRecurringUsageType, PriceType, Product, PromotionCode, PromotionCodeRestrictions,
    RetrieveIssuingCardParams, SubscriptionItemPriceData, SubscriptionItemPriceDataRecurring,
    UpdateIssuingCardParams, UpdatePriceParams, UpdateSubscriptionLineItem,
    UpdateSubscriptionParams,
};

mod support;
use support::strip_nulls;

// ---------------------------------------------------------------------------
// Loopback plumbing

fn session(id: &str) -> Value {
    json!({
        "id": id, "object": "checkout.session", "created": 1_665_553_291_000_i64,
        "livemode": false, "mode": "payment", "status": "open", "amount_total": 5,
        "billing_address_collection": "auto", "payment_intent": "pi_1580071150141046784",
        "url": "https://checkouttest.wooshpay.com/pay/cs_test_1"
    })
}

fn product(id: &str) -> Value {
    json!({"id": id, "object": "product", "created": 1_665_642_282_000_i64, "name": "example product", "active": true})
}

fn price(id: &str) -> Value {
    json!({
        "id": id, "object": "price", "created": 1_659_429_194_000_i64, "active": true,
        "currency": "GBP", "type": "one_time", "unit_amount": 5, "billing_scheme": "per_unit",
        "product": product("prod_1554351292598452224")
    })
}

fn list_of(items: Vec<Value>, has_more: bool) -> Value {
    json!({"object": "list", "url": "/v1/x", "has_more": has_more, "data": items})
}

// ---------------------------------------------------------------------------
// Checkout Sessions

#[tokio::test]
async fn checkout_sessions_create_posts_line_items() {
    let (server, client) = serve("POST", "/v1/checkout/sessions", session("cs_1")).await;
    let params = CreateCheckoutSessionParams {
        success_url: Some("https://shop.example/ok".into()),
        cancel_url: Some("https://shop.example/cancel".into()),
        mode: Some(CheckoutSessionMode::Payment),
        line_items: Some(vec![CreateCheckoutSessionLineItem {
            price_data: Some(CreateCheckoutSessionPriceData {
                currency: Some("GBP".into()),
                unit_amount: Some(5),
                product_data: Some(CreateCheckoutSessionProductData {
                    name: Some("example product".into()),
                    ..Default::default()
                }),
                ..Default::default()
            }),
            quantity: Some(1),
            ..Default::default()
        }]),
        payment_method_types: Some(vec![PaymentMethodType::Card, PaymentMethodType::Alipay]),
        ..Default::default()
    };
    let created = checkout_sessions::create(&client, &params)
        .await
        .unwrap()
        .expect("a session, not `{}`");
    assert_eq!(created.id.as_str(), "cs_1");
    assert_eq!(created.mode, Some(CheckoutSessionMode::Payment));
    assert_eq!(
        created.billing_address_collection,
        Some(BillingAddressCollection::Auto)
    );
    assert_eq!(created.created, 1_665_553_291_000);

    let request = only_request(&server).await;
    assert_post(&request, "/v1/checkout/sessions");
    let body = json_body(&request);
    assert_eq!(
        body,
        json!({
            "success_url": "https://shop.example/ok",
            "cancel_url": "https://shop.example/cancel",
            "mode": "payment",
            "line_items": [{"price_data": {"currency": "GBP", "unit_amount": 5, "product_data": {"name": "example product"}}, "quantity": 1}],
            "payment_method_types": ["card", "alipay"]
        })
    );
}

#[tokio::test]
async fn checkout_sessions_retrieve_is_a_bare_get() {
    let mut response = session("cs_2");
    response["locale"] = json!("auto");
    let (server, client) = serve("GET", "/v1/checkout/sessions/cs_2", response).await;
    let found = checkout_sessions::retrieve(&client, "cs_2").await.unwrap();
    assert_eq!(found.id.as_str(), "cs_2");
    assert_eq!(found.status.as_deref(), Some("open"));
    assert_eq!(
        found.url.as_deref(),
        Some("https://checkouttest.wooshpay.com/pay/cs_test_1")
    );
    // Members the spec does not list survive in `extra`.
    assert_eq!(found.extra["locale"], "auto");
    assert_bare_get(&only_request(&server).await, "/v1/checkout/sessions/cs_2");
}

#[tokio::test]
async fn checkout_sessions_list_sends_filters_in_a_get_body_and_pages() {
    let server = MockServer::start().await;
    // Second page: only when the body carries the cursor.
    Mock::given(method("GET"))
        .and(path("/v1/checkout/sessions/list"))
        .and(wiremock::matchers::body_partial_json(
            json!({"starting_after": "cs_b"}),
        ))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(list_of(vec![session("cs_c")], false)),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/checkout/sessions/list"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(list_of(vec![session("cs_a"), session("cs_b")], true)),
        )
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder(KEY).base_url(server.uri()).build().unwrap();
    let params = ListCheckoutSessionsParams {
        limit: Some(2),
        customer: Some("cus_1".into()),
        customer_details: Some(ListCheckoutSessionsCustomerDetails::new("a@b.example")),
        created: Some(CreatedFilter {
            gte: Some(1_665_553_291),
            ..Default::default()
        }),
        ..Default::default()
    };
    let all: Vec<CheckoutSession> = checkout_sessions::list(&client, &params)
        .into_stream()
        .try_collect()
        .await
        .unwrap();
    let ids: Vec<&str> = all.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["cs_a", "cs_b", "cs_c"]);

    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 2);
    assert_get(&requests[0], "/v1/checkout/sessions/list");
    assert!(
        requests[0].url.query().is_none(),
        "D1: filters go in the body"
    );
    assert_eq!(
        json_body(&requests[0]),
        json!({"limit": 2, "customer": "cus_1", "customer_details": {"email": "a@b.example"}, "created": {"gte": "1665553291"}})
    );
    assert_eq!(json_body(&requests[1])["starting_after"], "cs_b");
    assert_eq!(
        json_body(&requests[1])["limit"],
        2,
        "filters kept on every page"
    );
}

// ---------------------------------------------------------------------------
// Products

#[tokio::test]
async fn products_create_requires_a_name() {
    let (server, client) = serve("POST", "/v1/products", product("prod_1")).await;
    let mut params = CreateProductParams::new("example product");
    params.images = Some(vec!["https://img.example/1.png".into()]);
    let created = products::create(&client, &params).await.unwrap();
    assert_eq!(created.id.as_str(), "prod_1");
    assert_eq!(created.name, "example product");
    let request = only_request(&server).await;
    assert_post(&request, "/v1/products");
    let body = json_body(&request);
    assert_eq!(
        body,
        json!({"name": "example product", "images": ["https://img.example/1.png"]})
    );
}

#[tokio::test]
async fn products_retrieve_is_a_bare_get() {
    let (server, client) = serve("GET", "/v1/products/prod_2", product("prod_2")).await;
    let found = products::retrieve(&client, "prod_2").await.unwrap();
    assert_eq!(found.active, Some(true));
    assert_bare_get(&only_request(&server).await, "/v1/products/prod_2");
}

#[tokio::test]
async fn products_update_is_inferred_and_raw() {
    let (server, client) = serve("POST", "/v1/products/prod_3", product("prod_3")).await;
    let mut params = wooshpay::UpdateProductParams::new();
    params.insert("name".into(), json!("renamed"));
    let raw = products::update(&client, "prod_3", &params).await.unwrap();
    assert_eq!(raw["id"], "prod_3");
    let request = only_request(&server).await;
    assert_post(&request, "/v1/products/prod_3");
    let body = json_body(&request);
    assert_eq!(body, json!({"name": "renamed"}));
}

// ---------------------------------------------------------------------------
// Prices

#[tokio::test]
async fn prices_create_sends_documented_string_amounts() {
    let (server, client) = serve("POST", "/v1/prices", price("price_1")).await;
    let mut params = CreatePriceParams::new("GBP", 500);
    params.product = Some("prod_1".into());
    params.recurring = Some(CreatePriceRecurring {
        interval_count: Some(3),
        usage_type: Some(PriceRecurringUsageType::Licensed),
        ..CreatePriceRecurring::new(PriceRecurringInterval::Month)
    });
    let created = prices::create(&client, &params)
        .await
        .unwrap()
        .expect("a price, not `{}`");
    assert_eq!(created.id.as_str(), "price_1");
    assert_eq!(created.type_, Some(PriceType::OneTime));
    // The guide embeds the whole product.
    match created.product {
        Some(Expandable::Object(product)) => {
            assert_eq!(product.id.as_str(), "prod_1554351292598452224")
        }
        other => panic!("expected an expanded product, got {other:?}"),
    }
    let request = only_request(&server).await;
    assert_post(&request, "/v1/prices");
    let body = json_body(&request);
    assert_eq!(
        body,
        json!({
            "currency": "GBP", "unit_amount": "500", "product": "prod_1",
            "recurring": {"interval": "month", "interval_count": "3", "usage_type": "licensed"}
        })
    );
}

#[tokio::test]
async fn prices_retrieve_accepts_a_product_id() {
    let mut response = price("price_2");
    response["product"] = json!("prod_9");
    let (server, client) = serve("GET", "/v1/prices/price_2", response).await;
    let found = prices::retrieve(&client, "price_2").await.unwrap();
    assert_eq!(found.product, Some(Expandable::Id("prod_9".into())));
    assert_eq!(found.billing_scheme, Some(PriceBillingScheme::PerUnit));
    assert_bare_get(&only_request(&server).await, "/v1/prices/price_2");
}

#[tokio::test]
async fn prices_update_sends_only_set_fields() {
    let (server, client) = serve("POST", "/v1/prices/price_3", price("price_3")).await;
    let params = UpdatePriceParams {
        active: Some(false),
        nickname: Some("old".into()),
        ..Default::default()
    };
    prices::update(&client, "price_3", &params).await.unwrap();
    let request = only_request(&server).await;
    assert_post(&request, "/v1/prices/price_3");
    let body = json_body(&request);
    assert_eq!(body, json!({"active": false, "nickname": "old"}));
}

// ---------------------------------------------------------------------------
// Payment Links

fn payment_link(id: &str) -> Value {
    json!({
        "id": id, "object": "payment_link", "active": true,
        "after_completion": {"type": "hosted_confirmation", "hosted_confirmation": {}},
        "billing_address_collection": "required",
        "phone_number_collection": {"enabled": false},
        "shipping_address_collection": {"allowed_countries": ["GB", "FR"]},
        "line_items": list_of(vec![json!({
            "id": "li_1", "object": "item", "currency": "GBP", "description": "example product",
            "price": price("price_1"), "quantity": 1, "amount_subtotal": 5, "amount_total": 5
        })], false),
        "created": 1_665_553_291_000_i64
    })
}

#[tokio::test]
async fn payment_links_retrieve_types_the_documented_members() {
    let (server, client) = serve("GET", "/v1/payment_links/plink_1", payment_link("plink_1")).await;
    let link: PaymentLink = payment_links::retrieve(&client, "plink_1").await.unwrap();
    assert_eq!(link.id, "plink_1");
    assert_eq!(
        link.after_completion.as_ref().and_then(|a| a.type_.clone()),
        Some(PaymentLinkAfterCompletionType::HostedConfirmation)
    );
    assert_eq!(
        link.billing_address_collection,
        Some(BillingAddressCollection::Required)
    );
    let items = link
        .line_items
        .as_ref()
        .and_then(|l| l.data.as_ref())
        .unwrap();
    assert_eq!(items[0].price.as_ref().unwrap().id.as_str(), "price_1");
    assert_eq!(
        link.shipping_address_collection.unwrap().allowed_countries,
        Some(vec!["GB".to_owned(), "FR".to_owned()])
    );
    assert_bare_get(&only_request(&server).await, "/v1/payment_links/plink_1");
}

#[tokio::test]
async fn payment_links_create_is_inferred_and_update_typed_with_raw_responses() {
    let (server, client) = serve("POST", "/v1/payment_links", payment_link("plink_2")).await;
    let mut params = wooshpay::CreatePaymentLinkParams::new();
    params.insert(
        "line_items".into(),
        json!([{"price": "price_1", "quantity": 1}]),
    );
    let raw = payment_links::create(&client, &params).await.unwrap();
    assert_eq!(raw["id"], "plink_2");
    let request = only_request(&server).await;
    assert_post(&request, "/v1/payment_links");
    let body = json_body(&request);
    assert_eq!(
        body,
        json!({"line_items": [{"price": "price_1", "quantity": 1}]})
    );

    let (server, client) =
        serve("POST", "/v1/payment_links/plink_2", payment_link("plink_2")).await;
    // `active` is typed; members the stored page does not show go in `extra`.
    let mut params = wooshpay::UpdatePaymentLinkParams::new().active(false);
    params
        .extra
        .insert("line_items".into(), json!([{"id": "li_1", "quantity": 2}]));
    payment_links::update(&client, "plink_2", &params)
        .await
        .unwrap();
    let request = only_request(&server).await;
    assert_post(&request, "/v1/payment_links/plink_2");
    let body = json_body(&request);
    assert_eq!(
        body,
        json!({"active": false, "line_items": [{"id": "li_1", "quantity": 2}]})
    );
}

#[tokio::test]
async fn payment_links_list_sends_its_cursors_and_pages() {
    let page = json!({
        "object": "list", "url": "/v1/payment_links", "has_more": false,
        "data": [payment_link("plink_1"), payment_link("plink_2")]
    });
    let (server, client) = serve("GET", "/v1/payment_links", page).await;
    let params = wooshpay::ListPaymentLinksParams::new()
        .limit(2)
        .starting_after("plink_0");
    let listed = payment_links::list(&client, &params).await.unwrap();
    let ids: Vec<&str> = listed.data.iter().map(|link| link.id.as_str()).collect();
    assert_eq!(ids, ["plink_1", "plink_2"]);
    let request = only_request(&server).await;
    assert_get(&request, "/v1/payment_links");
    assert_eq!(
        json_body(&request),
        json!({"limit": 2, "starting_after": "plink_0"})
    );

    // Without cursors, the GET carries no body at all.
    let page = json!({"object": "list", "has_more": false, "data": []});
    let (server, client) = serve("GET", "/v1/payment_links", page).await;
    let listed = payment_links::list(&client, &wooshpay::ListPaymentLinksParams::new())
        .await
        .unwrap();
    assert!(listed.data.is_empty());
    assert_bare_get(&only_request(&server).await, "/v1/payment_links");
}

// ---------------------------------------------------------------------------
// Payouts

fn payout(id: &str, status: &str) -> Value {
    json!({
        "id": id, "object": "payout", "created": 1_754_626_530_000_i64, "status": status,
        "beneficiary_data": {"id": "bf_1953671305744089088", "object": "beneficiary", "nickname": "test1"},
        "payment_amount": 7000, "payment_currency": "USD", "source_amount": 10000, "source_currency": "USD"
    })
}

#[tokio::test]
async fn payouts_create_sends_the_beneficiary_and_redacts_the_account_number() {
    let (server, client) = serve("POST", "/v1/payouts", payout("po_1", "pending")).await;
    let params = CreatePayoutParams {
        payment_currency: Some("cny".into()),
        source_currency: Some("usd".into()),
        source_amount: Some(1000),
        beneficiary_data: Some(CreatePayoutBeneficiaryData {
            nickname: Some("test1".into()),
            destination_data: Some(PayoutDestinationData {
                destination_type: Some("bank_account".into()),
                bank_account: Some(PayoutBankAccount {
                    account_number: Some("123412341234".into()),
                    bank_name: Some("Bank of China".into()),
                    ..Default::default()
                }),
                ..Default::default()
            }),
            ..Default::default()
        }),
        ..Default::default()
    };
    let debug = format!("{params:?}");
    assert!(
        !debug.contains("123412341234"),
        "account number leaked: {debug}"
    );
    assert!(debug.contains("Bank of China"));

    let created: Payout = payouts::create(&client, &params).await.unwrap();
    assert_eq!(created.id.as_str(), "po_1");
    assert_eq!(created.status, Some(PayoutStatus::Pending));
    let beneficiary = created.beneficiary_data.as_ref().unwrap();
    assert_eq!(beneficiary.id.as_deref(), Some("bf_1953671305744089088"));
    assert_eq!(beneficiary.extra["nickname"], "test1");
    let request = only_request(&server).await;
    assert_post(&request, "/v1/payouts");
    let body = json_body(&request);
    assert_eq!(
        body,
        json!({
            "payment_currency": "cny", "source_currency": "usd", "source_amount": 1000,
            "beneficiary_data": {"nickname": "test1", "destination_data": {
                "destination_type": "bank_account",
                "bank_account": {"account_number": "123412341234", "bank_name": "Bank of China"}
            }}
        })
    );
}

#[tokio::test]
async fn payouts_retrieve_is_raw_and_update_sends_metadata() {
    let (server, client) = serve("GET", "/v1/payouts/po_2", payout("po_2", "paid")).await;
    let raw = payouts::retrieve(&client, "po_2").await.unwrap();
    assert_eq!(raw["status"], "paid");
    assert_bare_get(&only_request(&server).await, "/v1/payouts/po_2");

    let (server, client) = serve("POST", "/v1/payouts/po_2", payout("po_2", "paid")).await;
    let params = wooshpay::UpdatePayoutParams::new().metadata([("key1", "value1")]);
    let updated = payouts::update(&client, "po_2", &params).await.unwrap();
    assert_eq!(updated.id.as_str(), "po_2");
    assert_eq!(updated.status, Some(PayoutStatus::Paid));
    let request = only_request(&server).await;
    assert_post(&request, "/v1/payouts/po_2");
    assert_eq!(json_body(&request), json!({"metadata": {"key1": "value1"}}));
}

#[tokio::test]
async fn payouts_list_pages_through_every_payout() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/payouts"))
        .and(wiremock::matchers::body_json(json!({"limit": 1})))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "object": "list", "has_more": true, "data": [payout("po_1", "paid")]
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/payouts"))
        .and(wiremock::matchers::body_json(
            json!({"limit": 1, "starting_after": "po_1"}),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "object": "list", "has_more": false, "data": [payout("po_2", "pending")]
        })))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder(KEY).base_url(server.uri()).build().unwrap();
    let params = wooshpay::ListPayoutsParams::new().limit(1);
    let all: Vec<Payout> = payouts::list(&client, &params)
        .into_stream()
        .try_collect()
        .await
        .unwrap();
    let ids: Vec<&str> = all.iter().map(|payout| payout.id.as_str()).collect();
    assert_eq!(ids, ["po_1", "po_2"]);
}

#[tokio::test]
async fn beneficiaries_retrieve_decodes_the_destination() {
    let body = json!({
        "id": "bn_1", "object": "beneficiary", "created": 1_700_000_000, "nickname": "test2",
        "destination_data": {
            "destination_type": "bank_account",
            "bank_account": {"country": "US", "currency": "USD", "account_number": "123123123",
                             "account_holder_type": "individual"}
        },
        "metadata": {"k": "v"}, "livemode": false
    });
    let (server, client) = serve("GET", "/v1/beneficiaries/bn_1", body).await;
    let beneficiary = wooshpay::beneficiaries::retrieve(&client, "bn_1")
        .await
        .unwrap();
    assert_eq!(beneficiary.id.as_str(), "bn_1");
    assert_eq!(beneficiary.nickname.as_deref(), Some("test2"));
    let destination = beneficiary.destination_data.as_ref().unwrap();
    assert_eq!(
        destination.destination_type,
        Some(wooshpay::PayoutDestinationType::BankAccount)
    );
    let account = destination.bank_account.as_ref().unwrap();
    assert_eq!(account.account_number.as_deref(), Some("123123123"));
    assert!(!format!("{beneficiary:?}").contains("123123123"));
    assert_bare_get(&only_request(&server).await, "/v1/beneficiaries/bn_1");
}

// ---------------------------------------------------------------------------
// Subscriptions

#[tokio::test]
async fn subscriptions_create_sends_items() {
    let (server, client) = serve(
        "POST",
        "/v1/subscriptions",
        json!({"id": "sub_1", "status": "active"}),
    )
    .await;
    let item = CreateSubscriptionItem {
        price_data: Some(SubscriptionItemPriceData::new(
            "USD",
            "prod_1",
            SubscriptionItemPriceDataRecurring {
                interval: Some("month".into()),
                interval_count: Some(1),
            },
            999,
        )),
        quantity: Some(2),
        ..Default::default()
    };
    let mut params = CreateSubscriptionParams::new("cus_1", vec![item]);
    params.trial_period_days = Some(7);
    let created = subscriptions::create(&client, &params).await.unwrap();
    assert_eq!(created.id, "sub_1");
    assert_eq!(created.extra["status"], "active");
    let request = only_request(&server).await;
    assert_post(&request, "/v1/subscriptions");
    let body = json_body(&request);
    assert_eq!(
        body,
        json!({
            "customer": "cus_1",
            "items": [{"price_data": {"currency": "USD", "product": "prod_1", "recurring": {"interval": "month", "interval_count": "1"}, "unit_amount": "999"}, "quantity": 2}],
            "trial_period_days": 7
        })
    );
}

#[tokio::test]
async fn subscriptions_update_and_retrieve() {
    let (server, client) = serve("POST", "/v1/subscriptions/sub_2", json!({"id": "sub_2"})).await;
    let params = UpdateSubscriptionParams {
        cancel_at_period_end: Some(true),
        line_items: Some(vec![UpdateSubscriptionLineItem {
            id: Some("si_1".into()),
            deleted: Some(true),
            ..Default::default()
        }]),
        ..Default::default()
    };
    let updated = subscriptions::update(&client, "sub_2", &params)
        .await
        .unwrap();
    assert_eq!(updated.id, "sub_2");
    let request = only_request(&server).await;
    assert_post(&request, "/v1/subscriptions/sub_2");
    let body = json_body(&request);
    assert_eq!(
        body,
        json!({"cancel_at_period_end": true, "line_items": [{"id": "si_1", "deleted": true}]})
    );

    let (server, client) = serve("GET", "/v1/subscriptions/sub_2", json!({"id": "sub_2"})).await;
    let raw = subscriptions::retrieve(&client, "sub_2").await.unwrap();
    assert_eq!(raw["id"], "sub_2");
    assert_bare_get(&only_request(&server).await, "/v1/subscriptions/sub_2");
}

// ---------------------------------------------------------------------------
// Coupons and promotion codes

fn coupon(id: &str) -> Value {
    json!({"id": id, "object": "coupon", "duration": "repeating", "duration_in_months": 3, "percent_off": 12.5, "amount_off": null, "valid": true})
}

#[tokio::test]
async fn coupons_create_and_retrieve() {
    let (server, client) = serve("POST", "/v1/coupons", coupon("SPRING")).await;
    let params = CreateCouponParams {
        duration: Some(CouponDuration::Repeating),
        percent_off: Some(12.5),
        name: Some("Spring".into()),
        ..Default::default()
    };
    let created: Coupon = coupons::create(&client, &params).await.unwrap();
    assert_eq!(created.id, "SPRING");
    assert_eq!(created.percent_off, Some(12.5));
    assert_eq!(created.amount_off, None);
    assert_eq!(created.duration_in_months, Some(3));
    let request = only_request(&server).await;
    assert_post(&request, "/v1/coupons");
    let body = json_body(&request);
    assert_eq!(
        body,
        json!({"duration": "repeating", "percent_off": 12.5, "name": "Spring"})
    );

    let (server, client) = serve("GET", "/v1/coupons/SPRING", coupon("SPRING")).await;
    let raw = coupons::retrieve(&client, "SPRING").await.unwrap();
    assert_eq!(raw["valid"], true);
    assert_bare_get(&only_request(&server).await, "/v1/coupons/SPRING");
}

#[tokio::test]
async fn promotion_codes_create_posts_to_the_singular_path() {
    let response = json!({
        "id": "promo_1", "object": "promotion_code", "code": "SPRING10", "active": true,
        "coupon": coupon("SPRING"), "customer": null, "times_redeemed": 0,
        "restrictions": {"first_time_transaction": true, "minimum_amount": null}
    });
    let (server, client) = serve("POST", "/v1/promotion_code", response).await;
    let params = CreatePromotionCodeParams {
        coupon: Some("SPRING".into()),
        code: Some("SPRING10".into()),
        restrictions: Some(PromotionCodeRestrictions {
            first_time_transaction: Some(true),
            minimum_amount: Some(1000),
            minimum_amount_currency: Some("usd".into()),
            ..Default::default()
        }),
        ..Default::default()
    };
    let created: PromotionCode = promotion_codes::create(&client, &params).await.unwrap();
    assert_eq!(created.code.as_deref(), Some("SPRING10"));
    assert_eq!(
        created.coupon.unwrap().duration,
        Some(CouponDuration::Repeating)
    );
    assert_eq!(created.customer, None);
    let request = only_request(&server).await;
    assert_post(&request, "/v1/promotion_code");
    let body = json_body(&request);
    assert_eq!(
        body,
        json!({"coupon": "SPRING", "code": "SPRING10", "restrictions": {"first_time_transaction": true, "minimum_amount": 1000, "minimum_amount_currency": "usd"}})
    );
}

// ---------------------------------------------------------------------------
// Balance and files

#[tokio::test]
async fn balance_retrieve_is_a_bare_get() {
    let response = json!({"object": "balance", "livemode": false,
        "available": [{"amount": -62, "currency": "usd"}], "pending": [{"amount": 10, "currency": "eur"}]});
    let (server, client) = serve("GET", "/v1/balance", response).await;
    let found: Balance = balance::retrieve(&client).await.unwrap();
    assert_eq!(found.object, "balance");
    assert_eq!(found.available.as_ref().unwrap()[0].amount, Some(-62));
    assert_eq!(
        found.pending.as_ref().unwrap()[0].currency.as_deref(),
        Some("eur")
    );
    assert_bare_get(&only_request(&server).await, "/v1/balance");
}

#[tokio::test]
async fn files_retrieve_is_a_bare_get() {
    let response = json!({"id": "file_1", "object": "file", "created": 1_668_769_862, "size": 9863, "title": null, "purpose": "dispute_evidence"});
    let (server, client) = serve("GET", "/v1/files/file_1", response).await;
    let found: File = files::retrieve(&client, "file_1").await.unwrap();
    assert_eq!(found.id.as_str(), "file_1");
    assert_eq!(found.size, Some(9863));
    assert_eq!(found.title, None);
    assert_bare_get(&only_request(&server).await, "/v1/files/file_1");
}

// ---------------------------------------------------------------------------
// Issuing cards

fn card(id: &str) -> Value {
    json!({"id": id, "object": "issuing.card", "type": "virtual", "last4": "4242",
        "number": "4242424242424242", "cvc": "123", "exp_month": 4, "exp_year": 2030, "spending_controls": {}})
}

#[tokio::test]
async fn issuing_cards_retrieve_sends_expand_in_the_query_and_redacts_secrets() {
    let (server, client) = serve("GET", "/v1/issuing/cards/ic_1", card("ic_1")).await;
    let params = RetrieveIssuingCardParams {
        expand: Some(vec![
            "issuing_card.cvc".into(),
            "issuing_card.number".into(),
        ]),
    };
    let found: IssuingCard = issuing_cards::retrieve(&client, "ic_1", &params)
        .await
        .unwrap();
    assert_eq!(found.number.as_deref(), Some("4242424242424242"));
    assert_eq!(found.last4.as_deref(), Some("4242"));
    assert!(found.extra.contains_key("spending_controls"));
    let debug = format!("{found:?}");
    assert!(
        !debug.contains("4242424242424242"),
        "card number leaked: {debug}"
    );
    assert!(!debug.contains("\"123\""), "cvc leaked: {debug}");

    let request = only_request(&server).await;
    assert_get(&request, "/v1/issuing/cards/ic_1");
    assert!(request.body.is_empty(), "query endpoint sends no body");
    assert_eq!(
        query(&request),
        [
            ("expand[0]".to_owned(), "issuing_card.cvc".to_owned()),
            ("expand[1]".to_owned(), "issuing_card.number".to_owned())
        ]
    );
}

#[tokio::test]
async fn issuing_cards_update_keeps_undocumented_parameters() {
    let (server, client) = serve("POST", "/v1/issuing/cards/ic_2", card("ic_2")).await;
    let mut params = UpdateIssuingCardParams {
        cancellation_reason: Some("lost".into()),
        ..Default::default()
    };
    params.extra.insert("status".into(), json!("canceled"));
    issuing_cards::update(&client, "ic_2", &params)
        .await
        .unwrap();
    let request = only_request(&server).await;
    assert_post(&request, "/v1/issuing/cards/ic_2");
    let body = json_body(&request);
    assert_eq!(
        body,
        json!({"cancellation_reason": "lost", "status": "canceled"})
    );
}

#[tokio::test]
async fn issuing_cards_list_pages_through_the_query() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/issuing/cards"))
        .and(query_param("starting_after", "ic_b"))
        .respond_with(ResponseTemplate::new(200).set_body_json(list_of(vec![card("ic_c")], false)))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/issuing/cards"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(list_of(vec![card("ic_a"), card("ic_b")], true)),
        )
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder(KEY).base_url(server.uri()).build().unwrap();
    let params = ListIssuingCardsParams {
        type_: Some("virtual".into()),
        limit: Some(2),
        created: Some(CreatedFilter {
            gt: Some(0),
            ..Default::default()
        }),
        ..Default::default()
    };
    let all: Vec<IssuingCard> = issuing_cards::list(&client, &params)
        .into_stream()
        .try_collect()
        .await
        .unwrap();
    let ids: Vec<&str> = all.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["ic_a", "ic_b", "ic_c"]);

    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 2);
    assert_get(&requests[0], "/v1/issuing/cards");
    assert!(requests[0].body.is_empty());
    let first = query(&requests[0]);
    for pair in [("type", "virtual"), ("limit", "2"), ("created[gt]", "0")] {
        assert!(
            first.contains(&(pair.0.to_owned(), pair.1.to_owned())),
            "{pair:?} in {first:?}"
        );
    }
    assert!(query(&requests[1]).contains(&("starting_after".to_owned(), "ic_b".to_owned())));
}

// ---------------------------------------------------------------------------
// Doc examples round-trip

/// JSON does not tell `0` from `0.0`; `f64` fields print the latter.
fn same_numbers(value: Value) -> Value {
    match value {
        Value::Number(n) => json!(n.as_f64().expect("finite")),
        Value::Array(items) => Value::Array(items.into_iter().map(same_numbers).collect()),
        Value::Object(map) => {
            Value::Object(map.into_iter().map(|(k, v)| (k, same_numbers(v))).collect())
        }
        other => other,
    }
}

/// [`support::round_trip`] for a documented example, `0` and `0.0` alike.
fn round_trip<T>(relative: &str) -> T
where
    T: DeserializeOwned + Serialize + PartialEq + std::fmt::Debug,
{
    round_trip_filled(relative, &[])
}

/// [`round_trip`] with the example's placeholders for numbers and flags sent
/// as strings filled in (see [`support::example_filled`]).
fn round_trip_filled<T>(relative: &str, fills: &[(&str, &str)]) -> T
where
    T: DeserializeOwned + Serialize + PartialEq + std::fmt::Debug,
{
    let text = support::example_filled(relative, fills);
    let original: Value = serde_json::from_str(&text).expect("fixture is valid JSON");
    support::round_trip_to(relative, &text, strip_nulls(original), same_numbers)
}

#[test]
fn checkout_session_examples_round_trip() {
    let short: CreateCheckoutSessionParams =
        round_trip("checkout_sessions/create_request_guide.json");
    assert_eq!(short.mode, Some(CheckoutSessionMode::Payment));
    let full: CreateCheckoutSessionParams =
        round_trip("checkout_sessions/create_request_guide_full.json");
    let price_data = full.line_items.unwrap()[0].price_data.clone().unwrap();
    // An undocumented value is kept, not rejected.
    assert_eq!(
        price_data.billing_scheme,
        Some(PriceBillingScheme::Unknown("testscheme".into()))
    );
    assert_eq!(price_data.unit_amount, Some(5));

    let setup: CreateCheckoutSessionParams =
        round_trip("checkout_sessions/create_setup_request.json");
    assert_eq!(setup.customer.as_deref(), Some("cus_1953770230215868416"));
    assert_eq!(
        setup.payment_method_types,
        Some(vec![PaymentMethodType::Card])
    );

    let session: CheckoutSession = round_trip("checkout_sessions/create_setup_response.json");
    assert_eq!(session.mode, Some(CheckoutSessionMode::Setup));
    assert_eq!(session.created, 1_754_650_104_000);
    assert_eq!(session.expires_at, Some(1_754_736_504_499));
    // D14: both live-mode flags, as sent.
    assert!(!session.livemode);
    assert_eq!(session.live_mode, Some(true));
    assert_eq!(
        session.setup_intent.as_deref(),
        Some("seti_1953770262453288960")
    );
    let details = session.customer_details.unwrap();
    assert_eq!(details.email.as_deref(), Some("test_prod@gmail.com"));
    assert_eq!(details.address.unwrap().country.as_deref(), Some("CN"));
    assert!(
        session.extra.is_empty(),
        "every member is typed: {:?}",
        session.extra
    );

    let items: wooshpay::LineItemList =
        round_trip("checkout_sessions/guide_response_line_items.json");
    assert_eq!(items.has_more, None, "sent as null");
    let item = &items.data.unwrap()[0];
    let price = item.price.as_ref().unwrap();
    match &price.product {
        Some(Expandable::Object(product)) => assert_eq!(product.name, "example product"),
        other => panic!("expected an embedded product, got {other:?}"),
    }
    assert_eq!(item.amount_total, Some(5));

    let list: ListCheckoutSessionsParams = round_trip_filled(
        "checkout_sessions/list_request.json",
        &[("gt", "1"), ("gte", "2"), ("lt", "3"), ("lte", "4")],
    );
    assert_eq!(list.customer_details.unwrap().email, "string");
}

#[test]
fn product_and_price_examples_round_trip() {
    let api: CreateProductParams = round_trip("products/create_request.json");
    assert_eq!(api.name, "taiwan fengli");
    let guide: CreateProductParams = round_trip("products/create_request_guide.json");
    assert_eq!(guide.metadata.unwrap()["key3"], "value3");
    let product: Product = round_trip("products/create_response_guide.json");
    assert_eq!(product.id.as_str(), "prod_1554351292598452224");
    assert_eq!(product.updated, Some(1_665_642_282_000));
    assert_eq!(product.images, None);

    let create: CreatePriceParams = round_trip_filled(
        "prices/create_request.json",
        &[
            ("unit_amount", "500"),
            ("active", "true"),
            ("interval_count", "3"),
        ],
    );
    assert_eq!((create.unit_amount, create.active), (500, Some(true)));
    assert_eq!(
        create.recurring.unwrap().interval,
        PriceRecurringInterval::Day
    );
    let update: UpdatePriceParams = round_trip("prices/update_request.json");
    assert_eq!(
        update.metadata.as_deref(),
        Some("string"),
        "D6: a string, as documented"
    );
    let price: Price = round_trip("prices/update_response.json");
    assert_eq!(price.product, Some(Expandable::Id("string".into())));
    assert_eq!(price.tiers.unwrap()[0].up_to.as_deref(), Some("string"));
}

#[test]
fn balance_and_file_examples_round_trip() {
    let balance: Balance = round_trip("balance/retrieve_response.json");
    let amounts: Vec<i64> = balance
        .available
        .unwrap()
        .iter()
        .map(|a| a.amount.unwrap())
        .collect();
    assert_eq!(amounts, [1_001_353, 33_143, -62]);
    let file: File = round_trip("files/retrieve_response.json");
    assert_eq!(file.purpose.as_deref(), Some("dispute_evidence"));
    assert_eq!(file.expires_at, Some(1_692_097_862));
}

#[test]
fn coupon_and_promotion_code_examples_round_trip() {
    let coupon: CreateCouponParams = round_trip("coupons/create_request.json");
    assert_eq!(coupon.duration, Some(CouponDuration::Forever));
    let request: CreatePromotionCodeParams = round_trip_filled(
        "promotion_codes/create_request.json",
        &[("expires_at", "1700000000")],
    );
    assert_eq!(request.expires_at, Some(1_700_000_000));
    let code: PromotionCode = round_trip("promotion_codes/create_response.json");
    let embedded = code.coupon.unwrap();
    assert_eq!(embedded.duration_in_weeks.as_deref(), Some("string"));
    assert_eq!(
        embedded.currency_options.unwrap()["<currency>.amount_off"],
        0
    );
    assert_eq!(code.restrictions.unwrap().minimum_amount, None);
}

#[test]
fn subscription_and_payout_examples_round_trip() {
    let update: UpdateSubscriptionParams = round_trip("subscriptions/update_request.json");
    let item = &update.line_items.unwrap()[0];
    assert_eq!(item.id.as_deref(), Some("si_1942466974063788032"));
    assert_eq!(
        item.price_data
            .as_ref()
            .unwrap()
            .tiers
            .as_ref()
            .unwrap()
            .len(),
        1
    );

    let payout: CreatePayoutParams = round_trip("payouts/create_request_bank_account.json");
    let bank = payout
        .beneficiary_data
        .unwrap()
        .destination_data
        .unwrap()
        .bank_account
        .unwrap();
    assert_eq!(bank.swift.as_deref(), Some("ABOCCNBJ070"));
}

// ---------------------------------------------------------------------------
// Enums

/// Every value the spec lists for `name`, read through the generator.
fn spec_values(name: &str) -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
    let sources = generator::read_spec_dir(&dir).expect("spec dir is readable");
    let model =
        generator::build_model(&sources).unwrap_or_else(|d| panic!("spec is invalid:\n{d}"));
    model
        .modules
        .into_iter()
        .flat_map(|m| m.schemas)
        .find_map(|schema| match schema {
            generator::model::ResolvedSchema::Enum(e) if e.name == name => {
                Some(e.values.into_iter().map(|v| v.wire).collect())
            }
            _ => None,
        })
        .unwrap_or_else(|| panic!("enum {name} not in the spec"))
}

fn values_round_trip<E>(name: &str, expected_count: usize)
where
    E: DeserializeOwned + Serialize + PartialEq + std::fmt::Debug + std::fmt::Display,
{
    let values = spec_values(name);
    assert_eq!(values.len(), expected_count, "{name}: {values:?}");
    for wire in values {
        let parsed: E = serde_json::from_value(json!(wire)).unwrap();
        assert!(
            !format!("{parsed:?}").starts_with("Unknown"),
            "{name}::{wire} is a named variant"
        );
        assert_eq!(parsed.to_string(), wire);
        assert_eq!(serde_json::to_value(&parsed).unwrap(), json!(wire));
    }
    let other: E = serde_json::from_value(json!("not_documented")).unwrap();
    assert!(
        format!("{other:?}").starts_with("Unknown"),
        "{name}: {other:?}"
    );
    assert_eq!(
        serde_json::to_value(&other).unwrap(),
        json!("not_documented")
    );
}

#[test]
fn commerce_enum_values_round_trip() {
    values_round_trip::<CheckoutSessionMode>("CheckoutSessionMode", 3);
    values_round_trip::<BillingAddressCollection>("BillingAddressCollection", 2);
    values_round_trip::<PriceBillingScheme>("PriceBillingScheme", 2);
    values_round_trip::<PriceType>("PriceType", 2);
    values_round_trip::<PriceRecurringInterval>("PriceRecurringInterval", 4);
    values_round_trip::<PriceRecurringUsageType>("PriceRecurringUsageType", 1);
    values_round_trip::<PaymentLinkAfterCompletionType>("PaymentLinkAfterCompletionType", 2);
    values_round_trip::<PayoutStatus>("PayoutStatus", 5);
    values_round_trip::<CouponDuration>("CouponDuration", 3);
}

#[tokio::test]
async fn creates_answered_with_an_empty_object_are_none() {
    // Create a Session and Create a price document `{}` as their response.
    let (server, client) = serve("POST", "/v1/checkout/sessions", json!({})).await;
    let params = CreateCheckoutSessionParams {
        mode: Some(CheckoutSessionMode::Payment),
        ..Default::default()
    };
    let created = checkout_sessions::create(&client, &params).await.unwrap();
    assert_eq!(created, None);
    assert_post(&only_request(&server).await, "/v1/checkout/sessions");

    let (server, client) = serve("POST", "/v1/prices", json!({})).await;
    let created = prices::create(&client, &CreatePriceParams::new("GBP", 500))
        .await
        .unwrap();
    assert_eq!(created, None);
    assert_post(&only_request(&server).await, "/v1/prices");
}

#[tokio::test]
async fn checkout_sessions_create_sends_a_trial_period() {
    let (server, client) = serve("POST", "/v1/checkout/sessions", json!({})).await;
    let params = CreateCheckoutSessionParams {
        mode: Some(CheckoutSessionMode::Subscription),
        subscription_data: Some(wooshpay::CreateCheckoutSessionSubscriptionData {
            trial_period_days: Some(14),
        }),
        ..Default::default()
    };
    checkout_sessions::create(&client, &params).await.unwrap();
    let request = only_request(&server).await;
    assert_eq!(
        json_body(&request),
        json!({"mode": "subscription", "subscription_data": {"trial_period_days": 14}})
    );
}
