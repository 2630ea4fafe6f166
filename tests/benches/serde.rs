//! Deserialization and serialization of SetupIntent payloads, side by side:
//!
//! * `wooshpay`: the generated `wooshpay::SetupIntent` (enums with `Unknown`,
//!   `Expandable`, the tagged `NextAction` union);
//! * `value`: `serde_json::Value`, the untyped alternative;
//! * `plain`: the speed limit, a plain `#[derive(Deserialize)]` tree with the
//!   same fields: `Option` everywhere, strings for enums, `next_action` as a
//!   struct with one `Option` per member, and each expandable typed as the
//!   shape the payload actually holds (a `String` id in the documentation
//!   examples, the object in the realistic payload). It does the least work a
//!   typed decoder can do and none of the work the SDK needs for robustness
//!   (no unknown-value fallback, no "id or object" dispatch, no tag check).
//!
//! Plus the pieces alone (`NextAction`, enums, `Expandable`) to find where
//! the time goes. Run:
//!
//! ```sh
//! cargo bench -p tests --bench serde -- --warm-up-time 1 --measurement-time 3
//! ```
//!
//! Results are in BENCHMARKS.md.

use std::collections::BTreeMap;

use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The Retrieve a SetupIntent response example: placeholder values, and a
/// `next_action` with every member and the tag `"string"` (unknown).
const RETRIEVE: &str = include_str!("../fixtures/examples/retrieve_response.json");
/// The Update a SetupIntent response example: the same, plus three members.
const UPDATE: &str = include_str!("../fixtures/examples/update_response.json");
/// A SetupIntent as WooshPay would send it: `requires_action` with a
/// `challenge_redirect`, an expanded card payment method, metadata.
const REALISTIC: &str = include_str!("../fixtures/bench/realistic_setup_intent.json");

// ------------------------------------------------------------ the baseline

/// Defines a struct whose fields are all `Option`s, skipped when `None`, as
/// the generated structs do.
macro_rules! plain_struct {
    ($name:ident $(<$param:ident>)? { $($field:ident : $ty:ty),* $(,)? }) => {
        #[allow(non_snake_case)]
        #[derive(Debug, Deserialize, Serialize)]
        pub struct $name $(<$param>)? {
            $(
                #[serde(skip_serializing_if = "Option::is_none")]
                pub $field: Option<$ty>,
            )*
        }
    };
}

plain_struct!(PlainSetupIntent<PM> {
    id: String,
    object: String,
    cancellation_reason: String,
    client_secret: String,
    created: i64,
    customer: String,
    description: String,
    last_setup_error: PlainLastSetupError,
    latest_attempt: String,
    livemode: bool,
    mandate: String,
    metadata: BTreeMap<String, String>,
    next_action: PlainNextAction,
    payment_method: PM,
    payment_method_options: PlainPaymentMethodOptions,
    payment_method_types: Vec<String>,
    single_use_mandate: String,
    status: String,
    usage: String,
    return_url: String,
});

plain_struct!(PlainLastSetupError {
    code: String,
    decline_code: String,
    message: String,
    param: String,
    payment_method: PlainPaymentMethod,
    payment_method_type: String,
    r#type: String,
});

plain_struct!(PlainPaymentMethod {
    id: String,
    object: String,
    created: i64,
    customer: String,
    metadata: BTreeMap<String, String>,
    livemode: bool,
    billing_details: PlainBillingDetails,
    r#type: String,
    card: PlainCard,
});

plain_struct!(PlainBillingDetails {
    address: PlainAddress,
    email: String,
    name: String,
    phone: String,
});

plain_struct!(PlainAddress {
    city: String,
    country: String,
    line1: String,
    line2: String,
    postal_code: String,
    state: String,
});

plain_struct!(PlainCard {
    brand: String,
    checks: PlainChecks,
    country: String,
    exp_month: i32,
    exp_year: i32,
    fingerprint: String,
    funding: String,
    last4: String,
    metadata: BTreeMap<String, String>,
});

plain_struct!(PlainChecks {
    address_line1_check: String,
    address_zip_check: String,
    cvc_check: String,
});

plain_struct!(PlainPaymentMethodOptions {
    card: PlainPaymentMethodOptionsCard,
});

plain_struct!(PlainPaymentMethodOptionsCard {
    request_three_d_secure: String,
});

plain_struct!(PlainNextAction {
    r#type: String,
    redirect_to_url: PlainUrl,
    ddc_redirect: PlainUrl,
    challenge_redirect: PlainUrl,
    alipayplus_handle_redirect: PlainAlipayplus,
    alipay_handle_redirect: PlainAlipay,
    wechat_pay_display_qr_code: PlainQrCode,
    wechat_pay_redirect_to_android_app: PlainNativeUrl,
    wechat_pay_redirect_to_ios_app: PlainNativeUrl,
    wechat_pay_redirect_to_web: PlainUrl,
    wechat_pay_official_account_params: PlainOfficialAccount,
    truemoney_handle_redirect: PlainUrl,
    akulaku_handle_redirect: PlainUrl,
    bank_transfer_id_handle_redirect: PlainUrl,
    promptpay_handle_redirect: PlainUrl,
    dana_handle_redirect: PlainUrl,
    shopeepay_handle_redirect: PlainUrl,
    gcash_handle_redirect: PlainUrl,
    rabbit_line_pay_handle_redirect: PlainUrl,
    alipay_hk_handle_redirect: PlainUrl,
    bpi_handle_redirect: PlainUrl,
    pix_handle_redirect: PlainPix,
    oxxo_handle_redirect: PlainOxxo,
    spei_display_details: PlainEmpty,
});

plain_struct!(PlainUrl {
    return_url: String,
    url: String,
});

plain_struct!(PlainNativeUrl { native_url: String });

plain_struct!(PlainAlipayplus {
    return_url: String,
    schemeUrl: String,
    applinkUrl: String,
    normalUrl: String,
});

plain_struct!(PlainAlipay {
    native_data: String,
    native_url: String,
    return_url: String,
    url: String,
});

plain_struct!(PlainQrCode {
    data: String,
    data_ur: String,
    image_url_png: String,
    image_url_svg: String,
});

plain_struct!(PlainOfficialAccount {
    appId: String,
    timeStamp: String,
    nonceStr: String,
    signType: String,
    paySign: String,
    package: String,
});

plain_struct!(PlainPix {
    url: String,
    qrcode: String,
    timeout: i64,
});

plain_struct!(PlainOxxo {
    timeout: String,
    bar_code: String,
    url: String,
});

plain_struct!(PlainEmpty {});

/// The documentation examples send `payment_method` as an id.
type PlainExample = PlainSetupIntent<String>;
/// The realistic payload sends it expanded.
type PlainRealistic = PlainSetupIntent<PlainPaymentMethod>;

// ------------------------------------------------------------ helpers

fn from_slice<T: DeserializeOwned>(json: &[u8]) -> T {
    serde_json::from_slice(json).expect("payload deserializes")
}

/// As the client decodes a response body (`request.rs`): with
/// `serde_path_to_error`, so a mismatch reports its JSON path.
fn client_decode<T: DeserializeOwned>(json: &[u8]) -> T {
    let mut de = serde_json::Deserializer::from_slice(json);
    let value = serde_path_to_error::deserialize(&mut de).expect("payload deserializes");
    de.end().expect("nothing after the payload");
    value
}

fn to_vec<T: Serialize>(value: &T) -> Vec<u8> {
    serde_json::to_vec(value).expect("serializes")
}

// ------------------------------------------------------------ whole payloads

fn payload<Plain: DeserializeOwned + Serialize>(c: &mut Criterion, name: &str, json: &str) {
    let bytes = json.as_bytes();
    let mut group = c.benchmark_group(format!("setup_intent/{name}"));
    group.throughput(Throughput::Bytes(bytes.len() as u64));

    group.bench_function("de/wooshpay", |b| {
        b.iter(|| from_slice::<wooshpay::SetupIntent>(black_box(bytes)))
    });
    group.bench_function("de/value", |b| {
        b.iter(|| from_slice::<Value>(black_box(bytes)))
    });
    group.bench_function("de/plain", |b| {
        b.iter(|| from_slice::<Plain>(black_box(bytes)))
    });
    group.bench_function("de/wooshpay_client_path", |b| {
        b.iter(|| client_decode::<wooshpay::SetupIntent>(black_box(bytes)))
    });

    let typed: wooshpay::SetupIntent = from_slice(bytes);
    let value: Value = from_slice(bytes);
    let plain: Plain = from_slice(bytes);
    group.bench_function("ser/wooshpay", |b| b.iter(|| to_vec(black_box(&typed))));
    group.bench_function("ser/value", |b| b.iter(|| to_vec(black_box(&value))));
    group.bench_function("ser/plain", |b| b.iter(|| to_vec(black_box(&plain))));
    group.finish();
}

fn payloads(c: &mut Criterion) {
    // The realistic payload must take the typed paths, not the fallbacks.
    let realistic: wooshpay::SetupIntent = from_slice(REALISTIC.as_bytes());
    assert!(matches!(
        realistic.next_action,
        Some(wooshpay::NextAction::ChallengeRedirect(_))
    ));
    assert!(realistic
        .payment_method
        .as_ref()
        .is_some_and(|pm| pm.is_object()));
    assert_eq!(
        realistic.status,
        Some(wooshpay::SetupIntentStatus::RequiresAction)
    );
    payload::<PlainExample>(c, "retrieve_example", RETRIEVE);
    payload::<PlainExample>(c, "update_example", UPDATE);
    payload::<PlainRealistic>(c, "realistic", REALISTIC);
}

// ------------------------------------------------------------ the pieces

/// `next_action` alone: the tagged union against a struct with one optional
/// member per variant, tag first (as WooshPay sends it) and tag last (which
/// makes the union buffer the payload).
fn next_action(c: &mut Criterion) {
    let realistic: Value = serde_json::from_str(REALISTIC).unwrap();
    let tag_first = realistic["next_action"].to_string();
    let payload = realistic["next_action"]["challenge_redirect"].to_string();
    let tag_last = format!(r#"{{"challenge_redirect":{payload},"type":"challenge_redirect"}}"#);
    let unknown = serde_json::from_str::<Value>(RETRIEVE).unwrap()["next_action"].to_string();
    let mut group = c.benchmark_group("next_action");
    for (label, json) in [
        ("tag_first", &tag_first),
        ("tag_last", &tag_last),
        ("example_unknown_tag", &unknown),
    ] {
        let bytes = json.as_bytes();
        group.bench_function(BenchmarkId::new("wooshpay", label), |b| {
            b.iter(|| from_slice::<wooshpay::NextAction>(black_box(bytes)))
        });
        group.bench_function(BenchmarkId::new("value", label), |b| {
            b.iter(|| from_slice::<Value>(black_box(bytes)))
        });
        group.bench_function(BenchmarkId::new("plain", label), |b| {
            b.iter(|| from_slice::<PlainNextAction>(black_box(bytes)))
        });
    }
    // The payload struct alone: what the union adds on top of it.
    group.bench_function("payload_only/wooshpay_struct", |b| {
        b.iter(|| {
            from_slice::<wooshpay::NextActionChallengeRedirect>(black_box(payload.as_bytes()))
        })
    });
    group.bench_function("payload_only/plain", |b| {
        b.iter(|| from_slice::<PlainUrl>(black_box(payload.as_bytes())))
    });
    group.finish();
}

/// A thousand `PaymentMethodType` values: the generated enum (borrowed `&str`
/// matched to a variant, no allocation for known values) against `String`.
fn enums(c: &mut Criterion) {
    let known = [
        "card",
        "alipayplus",
        "wechat_pay",
        "sepa_debit",
        "gcash",
        "bank_transfer_id",
        "9pay",
        "bpi",
    ];
    let values: Vec<&str> = known.iter().cycle().take(1000).copied().collect();
    let known_json = serde_json::to_string(&values).unwrap();
    let unknown: Vec<String> = (0..1000).map(|i| format!("new_method_{i}")).collect();
    let unknown_json = serde_json::to_string(&unknown).unwrap();
    let mut group = c.benchmark_group("enum_x1000");
    group.throughput(Throughput::Elements(1000));
    for (label, json) in [("known", &known_json), ("unknown", &unknown_json)] {
        let bytes = json.as_bytes();
        group.bench_function(BenchmarkId::new("wooshpay", label), |b| {
            b.iter(|| from_slice::<Vec<wooshpay::PaymentMethodType>>(black_box(bytes)))
        });
        group.bench_function(BenchmarkId::new("string", label), |b| {
            b.iter(|| from_slice::<Vec<String>>(black_box(bytes)))
        });
        group.bench_function(BenchmarkId::new("value", label), |b| {
            b.iter(|| from_slice::<Value>(black_box(bytes)))
        });
    }
    let typed: Vec<wooshpay::PaymentMethodType> = from_slice(known_json.as_bytes());
    let strings: Vec<String> = from_slice(known_json.as_bytes());
    group.bench_function("ser/wooshpay", |b| b.iter(|| to_vec(black_box(&typed))));
    group.bench_function("ser/string", |b| b.iter(|| to_vec(black_box(&strings))));
    group.finish();
}

/// The expanded `payment_method`: `Expandable<PaymentMethod>` against the
/// plain struct, and the id form against a `String`.
fn expandable(c: &mut Criterion) {
    let realistic: Value = serde_json::from_str(REALISTIC).unwrap();
    let object = realistic["payment_method"].to_string();
    let id = realistic["customer"].to_string();
    let mut group = c.benchmark_group("expandable");
    group.bench_function("object/wooshpay", |b| {
        b.iter(|| {
            from_slice::<wooshpay::Expandable<wooshpay::PaymentMethod>>(black_box(
                object.as_bytes(),
            ))
        })
    });
    group.bench_function("object/wooshpay_struct", |b| {
        b.iter(|| from_slice::<wooshpay::PaymentMethod>(black_box(object.as_bytes())))
    });
    group.bench_function("object/plain", |b| {
        b.iter(|| from_slice::<PlainPaymentMethod>(black_box(object.as_bytes())))
    });
    group.bench_function("id/wooshpay", |b| {
        b.iter(|| from_slice::<wooshpay::Expandable<wooshpay::Customer>>(black_box(id.as_bytes())))
    });
    group.bench_function("id/plain", |b| {
        b.iter(|| from_slice::<String>(black_box(id.as_bytes())))
    });
    group.finish();
}

criterion_group!(benches, payloads, next_action, enums, expandable);
criterion_main!(benches);
