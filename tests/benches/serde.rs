//! Deserialization and serialization of SetupIntent payloads, side by side:
//!
//! * `wooshpay`: the generated `wooshpay::SetupIntent` (enums with `Unknown`,
//!   `Expandable`, the tagged `NextAction` union);
//! * `value`: `serde_json::Value`, the untyped alternative;
//! * `plain`: the baseline, what a hand-written client would derive: the
//!   same fields as plain `#[derive(Deserialize)]` structs (`support/plain.rs`),
//!   `Option` everywhere, strings for enums, `next_action` as a struct with
//!   one `Option` per member, and each expandable typed as the shape the
//!   payload actually holds (a `String` id in the documentation examples, the
//!   object in the realistic payload), so no "id or object" dispatch, no
//!   unknown-value fallback and no tag check: the least logic a typed
//!   decoder can have. (It is not a strict lower bound: its structs are
//!   larger, 3 KiB against 1.3 KiB, because every `next_action` member is
//!   held inline.)
//! * `ignored_any`: scanning the JSON without building anything, the floor
//!   of any decoder.
//!
//! Plus the pieces alone (`NextAction`, enums, `Expandable`, and a prototype
//! of a cheaper union reader in `support/proto.rs`) to find where the time
//! goes; `wooshpay_client_path`, decoding as the client does
//! (`wooshpay::__decode_response`), and `wooshpay_path_tracked`, decoding
//! through `serde_path_to_error` as the client did before commit baa6029.
//! Run:
//!
//! ```sh
//! cargo bench -p tests --bench serde -- --warm-up-time 1 --measurement-time 3
//! cargo bench -p tests --bench serde_allocs   # allocation counts
//! ```
//!
//! Results are in BENCHMARKS.md.

use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

/// The Retrieve a SetupIntent response example: placeholder values, and a
/// `next_action` with every member and the tag `"string"` (unknown).
const RETRIEVE: &str = include_str!("../../spec/examples/setup_intents/retrieve_response.json");
/// The Update a SetupIntent response example: the same, plus three members.
const UPDATE: &str = include_str!("../../spec/examples/setup_intents/update_response.json");
/// A SetupIntent as WooshPay would send it: `requires_action` with a
/// `challenge_redirect`, an expanded card payment method, metadata.
const REALISTIC: &str = include_str!("../fixtures/bench/realistic_setup_intent.json");

#[path = "support/plain.rs"]
mod plain;
#[path = "support/proto.rs"]
mod proto;

use plain::{PlainExample, PlainNextAction, PlainPaymentMethod, PlainRealistic, PlainUrl};

// ------------------------------------------------------------ helpers

fn from_slice<T: DeserializeOwned>(json: &[u8]) -> T {
    serde_json::from_slice(json).expect("payload deserializes")
}

/// As the client decoded a response body until commit baa6029: always
/// through `serde_path_to_error`, so a mismatch reports its JSON path.
fn path_tracked<T: DeserializeOwned>(json: &[u8]) -> T {
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
    // The floor: scanning the JSON without building anything.
    group.bench_function("de/ignored_any", |b| {
        b.iter(|| from_slice::<serde::de::IgnoredAny>(black_box(bytes)))
    });
    // As the client decodes a response (`request.rs`, exposed for benches):
    // without path tracking, which is only added when decoding fails.
    group.bench_function("de/wooshpay_client_path", |b| {
        b.iter(|| {
            wooshpay::__decode_response::<wooshpay::SetupIntent>(200, black_box(bytes))
                .expect("decodes")
        })
    });
    group.bench_function("de/wooshpay_path_tracked", |b| {
        b.iter(|| path_tracked::<wooshpay::SetupIntent>(black_box(bytes)))
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
        wooshpay::SetupIntentStatus::RequiresAction
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
    // Written by hand: `Value` (without `preserve_order`) sorts the members.
    let payload = realistic["next_action"]["challenge_redirect"].to_string();
    let tag_first = format!(r#"{{"type":"challenge_redirect","challenge_redirect":{payload}}}"#);
    let tag_last = format!(r#"{{"challenge_redirect":{payload},"type":"challenge_redirect"}}"#);
    let unknown = serde_json::from_str::<Value>(RETRIEVE).unwrap()["next_action"].to_string();
    assert!(matches!(
        from_slice::<proto::NextAction>(tag_first.as_bytes()),
        proto::NextAction::ChallengeRedirect(_)
    ));
    assert!(matches!(
        from_slice::<proto::NextAction>(tag_last.as_bytes()),
        proto::NextAction::ChallengeRedirect(_)
    ));
    assert!(matches!(
        from_slice::<proto::NextAction>(unknown.as_bytes()),
        proto::NextAction::Unknown(ref raw) if raw.len() == 21
    ));
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
        group.bench_function(BenchmarkId::new("proto_borrowed", label), |b| {
            b.iter(|| from_slice::<proto::NextAction>(black_box(bytes)))
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
