//! Payment Methods, Customers, Refunds and Disputes (spec files
//! `payment_methods.yaml`, `customers.yaml`, `refunds.yaml`, `disputes.yaml`):
//!
//! * every generated endpoint against a loopback HTTP server: method, path,
//!   auth, where the parameters go (JSON body or query string), the
//!   idempotency key on POST, and the typed response;
//! * every JSON example found on the pages, stored under
//!   `spec/examples/<resource>/`, decoded into the generated type
//!   and encoded back to the same JSON (nulls aside);
//! * every documented enum value of these files, read from the spec.
//!
//! Fixtures and where they come from:
//! * `payment_methods/create_request.json`: Create a PaymentMethod, request
//!   example (https://docs.wooshpay.com/api-112149659). The saved page is cut
//!   inside `card.fingerprint`; the fixture keeps the members before it.
//! * `payment_methods/attach_request.json`: Attach a PaymentMethod, request
//!   example (https://docs.wooshpay.com/api-112153748).
//! * `payment_methods/list_for_customer_request.json`: List a Customer's
//!   PaymentMethods, project page request example; `…_guide.json`: the same
//!   call in the Save payment method during payment guide (doc-3048471).
//! * `payment_methods/setup_error_payment_method.json`: the payment method
//!   embedded in the Retrieve a SetupIntent response example.
//! * `customers/create_request.json`, `customers/create_response.json`:
//!   Create a Customer in the Save payment method during payment guide
//!   (https://docs.wooshpay.com/doc-3048471).
//! * `customers/checkout_customer_details.json`: `customer_details` of the
//!   session example in Set up future payments (https://docs.wooshpay.com/7197331m0).
//! * `customers/retrieve_page_body.json`: the body example printed on
//!   Retrieve a customer (https://docs.wooshpay.com/api-55532389), which is
//!   the Update body (D5).
//! * `refunds/create_request.json`: Create a refund, request example
//!   (https://docs.wooshpay.com/api-51369554; its response example is cut).
//! * `refunds/retrieve_response.json`: Retrieve a refund, response example
//!   (https://docs.wooshpay.com/api-52306151).
//! * `disputes/list_request.json`, `disputes/list_response.json`: List all
//!   disputes, request and response examples (http://docs.wooshpay.com/44454250e0).

mod loopback;
use loopback::*;
use std::collections::HashSet;
use std::path::Path;

use futures_util::TryStreamExt;
use generator::model::{ResolvedEnum, ResolvedSchema};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};
use wooshpay::{
    customers, disputes, payment_methods, refunds, Address, AttachPaymentMethodParams,
    CreateCustomerParams, CreatePaymentMethodParams, CreatePaymentMethodParamsCard,
    CreateRefundParams, Customer, Dispute, DisputeCreatedFilter, ListCustomerPaymentMethodsParams,
    ListDisputesParams, PaymentMethod, PaymentMethodType, Refund, RefundFailureReason,
    RefundReason, UpdateCustomerParams,
};

mod support;

// ---------------------------------------------------------------------------
// Loopback helpers

fn payment_method_json(id: &str) -> Value {
    json!({
        "id": id,
        "object": "payment_method",
        "created": 1_709_092_269_000_i64,
        "customer": "cus_1760950869144109056",
        "livemode": false,
        "type": "card",
        "card": {"brand": "Visa", "exp_month": 1, "exp_year": 2027, "last4": "1111"}
    })
}

fn customer_json(id: &str) -> Value {
    json!({
        "id": id,
        "object": "customer",
        "created": 1_695_645_775_000_i64,
        "livemode": false,
        "address": {},
        "email": "test@gmail.com"
    })
}

fn refund_json(id: &str) -> Value {
    json!({
        "id": id,
        "object": "refund",
        "amount": 100,
        "created": 1_644_328_172,
        "currency": "USD",
        "payment_intent": "pi_1787730829493927936",
        "reason": "requested_by_customer",
        "status": "succeeded"
    })
}

fn dispute_json(id: &str) -> Value {
    json!({
        "id": id,
        "object": "dispute",
        "amount": 1000,
        "charge": "ch_1",
        "created": 1_666_928_687_870_i64,
        "currency": "USD",
        "status": "lost"
    })
}

// ---------------------------------------------------------------------------
// Payment Methods

#[tokio::test]
async fn payment_methods_create_posts_the_documented_body() {
    let (server, client) = serve("POST", "/v1/payment_methods", payment_method_json("pm_1")).await;
    let mut params = CreatePaymentMethodParams::new(PaymentMethodType::Card);
    params.metadata = Some([("order".to_owned(), "42".to_owned())].into());
    params.card = Some(CreatePaymentMethodParamsCard {
        exp_month: Some(1),
        exp_year: Some(2027),
        ..Default::default()
    });
    let method = payment_methods::create(&client, &params).await.unwrap();
    assert_eq!(method.id.as_str(), "pm_1");
    assert_eq!(method.type_, PaymentMethodType::Card);
    assert_eq!(method.customer.as_deref(), Some("cus_1760950869144109056"));
    assert_eq!(method.card.as_ref().unwrap().exp_year, Some(2027));

    let request = only_request(&server).await;
    assert_post(&request, "/v1/payment_methods");
    // D6: integers in this body, unlike `payment_method_data.card`.
    assert_eq!(
        json_body(&request),
        json!({"metadata": {"order": "42"}, "type": "card", "card": {"exp_month": 1, "exp_year": 2027}})
    );
}

#[tokio::test]
async fn payment_methods_list_for_customer_sends_query_and_pages() {
    let page = json!({
        "object": "list",
        "url": "/v1/customers/cus_7/payment_methods",
        "has_more": false,
        "data": [payment_method_json("pm_1"), payment_method_json("pm_2")]
    });
    let (server, client) = serve("GET", "/v1/customers/cus_7/payment_methods", page).await;
    let params = ListCustomerPaymentMethodsParams {
        type_: Some(PaymentMethodType::Alipay),
        // D6: the page types `limit` as a string.
        limit: Some(2),
    };
    let methods: Vec<PaymentMethod> = payment_methods::list_for_customer(&client, "cus_7", &params)
        .into_stream()
        .try_collect()
        .await
        .unwrap();
    let ids: Vec<&str> = methods.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(ids, ["pm_1", "pm_2"]);

    let request = only_request(&server).await;
    assert_get(&request, "/v1/customers/cus_7/payment_methods");
    assert!(request.body.is_empty(), "parameters go in the query (D1)");
    let mut query: Vec<(String, String)> = request.url.query_pairs().into_owned().collect();
    query.sort();
    assert_eq!(
        query,
        [
            ("limit".to_owned(), "2".to_owned()),
            ("type".to_owned(), "alipay".to_owned())
        ]
    );
}

#[tokio::test]
async fn payment_methods_attach_posts_the_customer() {
    let (server, client) = serve(
        "POST",
        "/v1/payment_methods/pm_3/attach",
        payment_method_json("pm_3"),
    )
    .await;
    let params = AttachPaymentMethodParams::new("cus_1760950869144109056");
    let method = payment_methods::attach(&client, "pm_3", &params)
        .idempotency_key("attach-pm_3")
        .await
        .unwrap();
    assert_eq!(method.id.as_str(), "pm_3");
    assert_eq!(method.created, Some(1_709_092_269_000));

    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(request.url.path(), "/v1/payment_methods/pm_3/attach");
    assert_eq!(header(&request, "authorization"), Some(BASIC));
    assert_eq!(header(&request, "idempotency-key"), Some("attach-pm_3"));
    assert_eq!(
        json_body(&request),
        json!({"customer": "cus_1760950869144109056"})
    );
}

#[tokio::test]
async fn payment_methods_retrieve_is_inferred_and_raw() {
    let (server, client) = serve(
        "GET",
        "/v1/payment_methods/pm_4",
        payment_method_json("pm_4"),
    )
    .await;
    let raw = payment_methods::retrieve(&client, "pm_4").await.unwrap();
    // Kept as raw JSON: every member the server sent is there.
    assert_eq!(Value::from(raw), payment_method_json("pm_4"));
    assert_bare_get(&only_request(&server).await, "/v1/payment_methods/pm_4");
}

#[tokio::test]
async fn payment_methods_update_is_inferred_and_sends_raw_json() {
    let (server, client) = serve(
        "POST",
        "/v1/payment_methods/pm_5",
        payment_method_json("pm_5"),
    )
    .await;
    let body = json!({"metadata": {"note": "raw"}});
    let params = wooshpay::RawObject::from(body.as_object().unwrap().clone());
    let raw = payment_methods::update(&client, "pm_5", &params)
        .await
        .unwrap();
    assert_eq!(raw["id"], "pm_5");
    let request = only_request(&server).await;
    assert_post(&request, "/v1/payment_methods/pm_5");
    assert_eq!(json_body(&request), body);
}

#[tokio::test]
async fn payment_methods_detach_is_inferred() {
    let (server, client) = serve(
        "POST",
        "/v1/payment_methods/pm_6/detach",
        payment_method_json("pm_6"),
    )
    .await;
    let raw = payment_methods::detach(&client, "pm_6", &Default::default())
        .await
        .unwrap();
    assert_eq!(raw["object"], "payment_method");
    let request = only_request(&server).await;
    assert_post(&request, "/v1/payment_methods/pm_6/detach");
    assert_eq!(json_body(&request), json!({}));
}

// ---------------------------------------------------------------------------
// Customers

#[tokio::test]
async fn customers_create_posts_and_decodes_a_customer() {
    let (server, client) = serve(
        "POST",
        "/v1/customers",
        customer_json("cus_1706288169156083712"),
    )
    .await;
    let params = CreateCustomerParams {
        email: Some("test@gmail.com".to_owned()),
        ..Default::default()
    };
    let customer = customers::create(&client, &params).await.unwrap();
    assert_eq!(customer.id.as_str(), "cus_1706288169156083712");
    assert_eq!(customer.created, 1_695_645_775_000);
    assert_eq!(customer.address.as_deref(), Some(&Address::default()));

    let request = only_request(&server).await;
    assert_post(&request, "/v1/customers");
    assert_eq!(json_body(&request), json!({"email": "test@gmail.com"}));
}

#[tokio::test]
async fn customers_retrieve_sends_no_body() {
    let (server, client) = serve("GET", "/v1/customers/cus_2", customer_json("cus_2")).await;
    let customer = customers::retrieve(&client, "cus_2").await.unwrap();
    assert_eq!(customer.email.as_deref(), Some("test@gmail.com"));
    assert!(!customer.livemode);
    // D5: the page's body on this GET is the Update body; nothing is sent.
    assert_bare_get(&only_request(&server).await, "/v1/customers/cus_2");
}

#[tokio::test]
async fn customers_update_posts_only_set_fields() {
    let (server, client) = serve("POST", "/v1/customers/cus_3", customer_json("cus_3")).await;
    let params = UpdateCustomerParams {
        name: Some("Ada".to_owned()),
        shipping: Some(wooshpay::ShippingParams::new("Ada").address(Address {
            country: Some("GB".to_owned()),
            ..Default::default()
        })),
        ..Default::default()
    };
    let customer = customers::update(&client, "cus_3", &params).await.unwrap();
    assert_eq!(customer.id.as_str(), "cus_3");
    let request = only_request(&server).await;
    assert_post(&request, "/v1/customers/cus_3");
    assert_eq!(
        json_body(&request),
        json!({"name": "Ada", "shipping": {"address": {"country": "GB"}, "name": "Ada"}})
    );
}

#[test]
fn customer_keeps_undocumented_members_and_rejects_other_objects() {
    let mut value = customer_json("cus_4");
    value["invoice_settings"] = json!({"default_payment_method": "pm_1"});
    value["not_in_any_page"] = json!([1, 2]);
    let customer: Customer = serde_json::from_value(value.clone()).unwrap();
    assert_eq!(
        customer.invoice_settings,
        Some(json!({"default_payment_method": "pm_1"}))
    );
    assert_eq!(customer.extra["not_in_any_page"], json!([1, 2]));
    assert_eq!(serde_json::to_value(&customer).unwrap(), value);

    // A refund is not a customer, even though it has an id.
    let err = serde_json::from_value::<Customer>(refund_json("re_1")).unwrap_err();
    assert!(err.to_string().contains("customer"), "{err}");
    // `id` is always present on a customer.
    let mut no_id = customer_json("cus_5");
    no_id.as_object_mut().unwrap().remove("id");
    assert!(serde_json::from_value::<Customer>(no_id).is_err());
}

// ---------------------------------------------------------------------------
// Refunds

#[tokio::test]
async fn refunds_create_sends_amount_as_a_string() {
    let (server, client) = serve("POST", "/v1/refunds", refund_json("re_1")).await;
    let params = CreateRefundParams {
        amount: Some(100),
        payment_intent: Some("pi_1787730829493927936".into()),
        reason: Some(RefundReason::RequestedByCustomer),
        ..Default::default()
    };
    let refund = refunds::create(&client, &params).await.unwrap();
    assert_eq!(refund.id.as_str(), "re_1");
    // D6: a string in the request, an integer in the response.
    assert_eq!(refund.amount, Some(100));
    assert_eq!(refund.reason, Some(RefundReason::RequestedByCustomer));
    assert_eq!(refund.status, "succeeded");

    let request = only_request(&server).await;
    assert_post(&request, "/v1/refunds");
    assert_eq!(
        json_body(&request),
        json!({"amount": "100", "payment_intent": "pi_1787730829493927936", "reason": "requested_by_customer"})
    );
}

#[tokio::test]
async fn refunds_retrieve_uses_the_refund_id_placeholder() {
    let (server, client) = serve("GET", "/v1/refunds/re_2", refund_json("re_2")).await;
    let refund = refunds::retrieve(&client, "re_2").await.unwrap();
    assert_eq!(refund.object, "refund");
    assert_eq!(refund.created, 1_644_328_172);
    assert_bare_get(&only_request(&server).await, "/v1/refunds/re_2");
}

// ---------------------------------------------------------------------------
// Disputes

#[tokio::test]
async fn disputes_list_sends_filters_in_a_get_body() {
    let page = json!({
        "object": "list",
        "url": "/v1/disputes",
        "has_more": false,
        "data": [dispute_json("dp_1")]
    });
    let (server, client) = serve("GET", "/v1/disputes/list", page).await;
    let params = ListDisputesParams {
        payment_intent: Some("pi_9".into()),
        created: Some(DisputeCreatedFilter {
            gte: Some(1_666_928_687_870),
            lt: Some(1_766_928_687_870),
            ..Default::default()
        }),
        limit: Some(10),
        ..Default::default()
    };
    let list = disputes::list(&client, &params).await.unwrap();
    assert_eq!(list.data.len(), 1);
    assert_eq!(list.data[0].id.as_str(), "dp_1");
    assert_eq!(list.data[0].created, 1_666_928_687_870);

    let request = only_request(&server).await;
    assert_get(&request, "/v1/disputes/list");
    assert_eq!(request.url.query(), None, "parameters go in the body (D1)");
    // D6: `lt` is a string, the other bounds integers, as documented.
    assert_eq!(
        json_body(&request),
        json!({"payment_intent": "pi_9", "created": {"gte": 1_666_928_687_870_i64, "lt": "1766928687870"}, "limit": 10})
    );
}

#[tokio::test]
async fn disputes_close_posts_without_body() {
    let (server, client) = serve("POST", "/v1/disputes/dp_2/close", dispute_json("dp_2")).await;
    let dispute = disputes::close(&client, "dp_2").await.unwrap();
    assert_eq!(dispute.id.as_str(), "dp_2");
    assert_eq!(dispute.status.as_deref(), Some("lost"));
    let request = only_request(&server).await;
    assert_post(&request, "/v1/disputes/dp_2/close");
    assert!(request.body.is_empty(), "no body is documented");
}

#[tokio::test]
async fn disputes_retrieve_and_update_are_inferred_and_raw() {
    let (server, client) = serve("GET", "/v1/disputes/dp_3", dispute_json("dp_3")).await;
    let raw = disputes::retrieve(&client, "dp_3").await.unwrap();
    assert_eq!(Value::from(raw), dispute_json("dp_3"));
    assert_bare_get(&only_request(&server).await, "/v1/disputes/dp_3");

    let (server, client) = serve("POST", "/v1/disputes/dp_3", dispute_json("dp_3")).await;
    let body = json!({"evidence": {"uncategorized_text": "signed receipt"}});
    let params = wooshpay::RawObject::from(body.as_object().unwrap().clone());
    let raw = disputes::update(&client, "dp_3", &params).await.unwrap();
    assert_eq!(raw["id"], "dp_3");
    let request = only_request(&server).await;
    assert_post(&request, "/v1/disputes/dp_3");
    assert_eq!(json_body(&request), body);
}

// ---------------------------------------------------------------------------
// Documented examples round-trip

/// [`support::round_trip`] for a documented example.
fn round_trip<T>(relative: &str) -> T
where
    T: DeserializeOwned + Serialize + PartialEq + std::fmt::Debug,
{
    support::round_trip(relative, &support::example(relative))
}

/// [`round_trip`] with the example's placeholders for numbers and flags sent
/// as strings filled in (see [`support::example_filled`]).
fn round_trip_filled<T>(relative: &str, fills: &[(&str, &str)]) -> T
where
    T: DeserializeOwned + Serialize + PartialEq + std::fmt::Debug,
{
    support::round_trip(relative, &support::example_filled(relative, fills))
}

#[test]
fn payment_method_examples_round_trip() {
    let create: CreatePaymentMethodParams = round_trip("payment_methods/create_request.json");
    assert_eq!(create.type_, PaymentMethodType::Card);
    let card = create.card.as_ref().unwrap();
    assert_eq!(card.exp_month, Some(0));
    assert_eq!(
        card.checks.as_ref().unwrap().address_line1_check.as_deref(),
        Some("string")
    );
    assert_eq!(
        create.billing_details.as_ref().unwrap().email.as_deref(),
        Some("string")
    );

    let attach: AttachPaymentMethodParams = round_trip("payment_methods/attach_request.json");
    assert_eq!(attach.customer.as_str(), "string");

    let list: ListCustomerPaymentMethodsParams = round_trip_filled(
        "payment_methods/list_for_customer_request.json",
        &[("limit", "5")],
    );
    assert_eq!(list.type_, Some(PaymentMethodType::Card));
    assert_eq!(list.limit, Some(5));
    let guide: ListCustomerPaymentMethodsParams =
        round_trip("payment_methods/list_for_customer_request_guide.json");
    assert_eq!(guide.type_, Some(PaymentMethodType::Alipay));

    let embedded: PaymentMethod = round_trip("payment_methods/setup_error_payment_method.json");
    assert_eq!(embedded.id.as_str(), "string");
    assert_eq!(embedded.type_, PaymentMethodType::Card);
    assert_eq!(embedded.customer.as_deref(), Some("string"));
    let card = embedded.card.as_ref().unwrap();
    assert_eq!((card.exp_month, card.exp_year), (Some(0), Some(0)));
    assert_eq!(card.last4.as_deref(), Some("string"));
}

#[test]
fn customer_examples_round_trip() {
    let create: CreateCustomerParams = round_trip("customers/create_request.json");
    assert_eq!(create.email.as_deref(), Some("test@gmail.com"));

    let created: Customer = round_trip("customers/create_response.json");
    assert_eq!(created.id.as_str(), "cus_1706288169156083712");
    assert_eq!(created.object, "customer");
    assert_eq!(created.created, 1_695_645_775_000, "D8: milliseconds");
    assert_eq!(created.address.as_deref(), Some(&Address::default()));
    assert!(created.extra.is_empty(), "every member is typed");

    let details: Customer = round_trip("customers/checkout_customer_details.json");
    assert!(details.livemode);
    assert_eq!(details.name.as_deref(), Some("test_prod"));
    assert_eq!(
        details.address.as_ref().unwrap().country.as_deref(),
        Some("CN")
    );
    assert!(details.extra.is_empty(), "every member is typed");

    let update: UpdateCustomerParams = round_trip("customers/retrieve_page_body.json");
    assert_eq!(update.payment_method.as_deref(), Some("string"));
    let shipping = update.shipping.as_ref().unwrap();
    assert_eq!(shipping.phone.as_deref(), Some("string"));
    assert_eq!(
        shipping.address.as_ref().unwrap().postal_code.as_deref(),
        Some("string")
    );
}

#[test]
fn refund_examples_round_trip() {
    let create: CreateRefundParams = round_trip("refunds/create_request.json");
    assert_eq!(create.reason, Some(RefundReason::RequestedByCustomer));
    assert_eq!(
        create.payment_intent.as_deref(),
        Some("pi_1787730829493927936")
    );

    let refund: Refund = round_trip("refunds/retrieve_response.json");
    assert_eq!(refund.id.as_str(), "re_3KQu4U2eZvKYlo2C02Ndp8xy");
    assert_eq!(refund.amount, Some(100));
    assert_eq!(refund.currency.as_deref(), Some("usd"));
    assert_eq!(refund.status, "succeeded");
    // Both are null in the example.
    assert_eq!(refund.reason, None);
    assert_eq!(refund.receipt_number, None);
}

#[test]
fn dispute_examples_round_trip() {
    let request: ListDisputesParams =
        round_trip_filled("disputes/list_request.json", &[("lt", "1700000000")]);
    let created = request.created.as_ref().unwrap();
    assert_eq!(created.gt, Some(0));
    assert_eq!(created.lt, Some(1_700_000_000));
    assert_eq!(request.limit, Some(0));

    let list: wooshpay::List<Dispute> = round_trip("disputes/list_response.json");
    assert_eq!(list.url.as_deref(), Some("/v1/disputes"));
    assert!(!list.has_more);
    let [dispute] = list.data.as_slice() else {
        panic!("one dispute expected, got {}", list.data.len())
    };
    assert_eq!(dispute.id.as_str(), "dp_1M97r8L6kclEVx6M2LpvSCG3");
    assert_eq!(dispute.balance_transactions, Some(vec![]));
    assert_eq!(dispute.is_charge_refundable, Some(true));
    assert_eq!(dispute.reason.as_deref(), Some("general"));
    assert_eq!(dispute.status.as_deref(), Some("warning_needs_response"));
    let details = dispute.evidence_details.as_ref().unwrap();
    assert_eq!(details.due_by, Some(1_671_321_599));
    assert_eq!(details.submission_count, Some(0));
    // Every evidence member is null in the example.
    assert_eq!(
        dispute
            .evidence
            .as_ref()
            .map(serde_json::to_value)
            .unwrap()
            .unwrap(),
        json!({})
    );
}

// ---------------------------------------------------------------------------
// Enums

/// The enums defined in this task's spec files, read through the generator.
fn spec_enums() -> Vec<ResolvedEnum> {
    let spec_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
    let sources = generator::read_spec_dir(&spec_dir).expect("spec dir is readable");
    let model =
        generator::build_model(&sources).unwrap_or_else(|d| panic!("spec is invalid:\n{d}"));
    model
        .modules
        .into_iter()
        .filter(|m| {
            ["payment_methods", "customers", "refunds", "disputes"].contains(&m.name.as_str())
        })
        .flat_map(|m| m.schemas)
        .filter_map(|schema| match schema {
            ResolvedSchema::Enum(e) => Some(e),
            _ => None,
        })
        .collect()
}

/// Each documented value decodes to a named variant (not `Unknown`) with the
/// spec's variant name and encodes back unchanged; returns how many.
fn check_values<T>(e: &ResolvedEnum, unknown: impl Fn(&str) -> T) -> usize
where
    T: DeserializeOwned + Serialize + PartialEq + std::fmt::Debug,
{
    let mut variants = HashSet::new();
    for value in &e.values {
        let typed: T = serde_json::from_value(json!(value.wire)).unwrap();
        assert_ne!(
            typed,
            unknown(&value.wire),
            "{}: fell into Unknown",
            value.wire
        );
        assert_eq!(format!("{typed:?}"), value.variant);
        assert_eq!(serde_json::to_value(&typed).unwrap(), json!(value.wire));
        assert!(
            variants.insert(value.variant.clone()),
            "{} twice",
            value.variant
        );
    }
    e.values.len()
}

#[test]
fn every_enum_value_round_trips() {
    let enums = spec_enums();
    let mut checked = 0;
    for e in &enums {
        checked += match e.name.as_str() {
            "RefundReason" => check_values(e, |v| RefundReason::Unknown(v.to_owned())),
            "RefundFailureReason" => {
                check_values(e, |v| RefundFailureReason::Unknown(v.to_owned()))
            }
            other => panic!("enum {other} has no check here; add it"),
        };
    }
    assert_eq!(enums.len(), 2);
    // D11: the union of the request (4) and response (5) reason enums, and
    // the three documented failure reasons.
    assert_eq!(checked, 5 + 3);

    // The page's third failure reason, `unknown`, is named `UnknownReason`
    // (`Unknown` holds unlisted values) and is sent back unchanged.
    let unknown: RefundFailureReason = serde_json::from_value(json!("unknown")).unwrap();
    assert_eq!(unknown, RefundFailureReason::UnknownReason);
    assert_eq!(serde_json::to_value(&unknown).unwrap(), json!("unknown"));
    let unlisted: RefundFailureReason = serde_json::from_value(json!("bank_closed")).unwrap();
    assert_eq!(
        unlisted,
        RefundFailureReason::Unknown("bank_closed".to_owned())
    );
}
