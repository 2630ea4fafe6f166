//! Peak heap while decoding a large response, as a multiple of the body's
//! size (issue 18 item 15: the goal is at most 4× for a body at the
//! client's 16 MiB cap). Not a criterion bench: it prints a Markdown table.
//!
//! ```sh
//! cargo bench -p tests --bench decode_memory
//! ```
//!
//! Peak is the most heap live at once during the decode, the body itself
//! included (the client holds it while decoding), minus what was live
//! before.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::{json, Value};

struct PeakTracking;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
/// Heap live right after the decode, while its result is still held.
static KEPT: AtomicUsize = AtomicUsize::new(0);

fn grow(bytes: usize) {
    let live = LIVE.fetch_add(bytes, Ordering::Relaxed) + bytes;
    PEAK.fetch_max(live, Ordering::Relaxed);
}

// SAFETY: forwards to the system allocator, only counting.
unsafe impl GlobalAlloc for PeakTracking {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        grow(layout.size());
        System.alloc(layout)
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        System.dealloc(ptr, layout)
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        grow(new_size);
        System.realloc(ptr, layout, new_size)
    }
}

#[global_allocator]
static GLOBAL: PeakTracking = PeakTracking;

/// Peak heap of `decode(body)` above what was live before, and the heap its
/// result holds, in bytes.
fn peak_of(body: &[u8], decode: impl FnOnce(&[u8])) -> (usize, usize) {
    let before = LIVE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    decode(body);
    (
        PEAK.load(Ordering::Relaxed) - before,
        KEPT.load(Ordering::Relaxed) - before,
    )
}

fn result_held<T>(value: T) {
    KEPT.store(LIVE.load(Ordering::Relaxed), Ordering::Relaxed);
    std::hint::black_box(value);
}

/// A list page of `count` PaymentIntents shaped like the docs' example.
fn intent_page(target_bytes: usize) -> Vec<u8> {
    let intent = |n: usize| {
        json!({
            "id": format!("pi_{n:024}"), "object": "payment_intent", "amount": 2000 + n,
            "currency": "usd", "status": "succeeded", "created": 1_700_000_000 + n,
            "livemode": false, "capture_method": "automatic", "confirmation_method": "automatic",
            "customer": format!("cus_{n:020}"), "description": "Order from the web shop",
            "metadata": {"order": format!("{n}"), "channel": "web"},
            "payment_method_types": ["card"], "client_secret": format!("pi_{n}_secret_abc"),
            "shipping": {"name": "Jenny Rosen", "address": {"city": "Berlin", "country": "DE",
                "line1": "Street 1", "postal_code": "10115"}},
        })
    };
    let one = serde_json::to_vec(&intent(0)).unwrap().len();
    let count = target_bytes / (one + 1);
    let page = json!({"object": "list", "url": "/v1/payment_intents", "has_more": false,
        "data": (0..count).map(intent).collect::<Vec<_>>()});
    serde_json::to_vec(&page).unwrap()
}

/// One object whose any-JSON `metadata` holds many small members.
fn metadata_heavy(target_bytes: usize) -> Vec<u8> {
    let entry = 24;
    let metadata: serde_json::Map<String, Value> = (0..target_bytes / entry)
        .map(|n| (format!("k{n:08}"), json!(format!("v{n}"))))
        .collect();
    serde_json::to_vec(
        &json!({"id": "pi_1", "object": "payment_intent", "amount": 1,
        "currency": "usd", "status": "succeeded", "created": 1_700_000_000, "livemode": false,
        "metadata": metadata}),
    )
    .unwrap()
}

fn main() {
    let cap = 15 * 1024 * 1024;
    println!("| body | size | peak heap | peak ÷ size | result ÷ size |");
    println!("|---|---:|---:|---:|---:|");
    let cases: [(&str, Vec<u8>); 2] = [
        ("list of PaymentIntents", intent_page(cap)),
        ("PaymentIntent with a large `metadata`", metadata_heavy(cap)),
    ];
    for (name, body) in cases {
        let (peak, kept) = peak_of(&body, |body| {
            if name.starts_with("list") {
                let page: wooshpay::List<wooshpay::PaymentIntent> =
                    wooshpay::__decode_response(200, body).expect("decodes");
                result_held(page);
            } else {
                let intent: wooshpay::PaymentIntent =
                    wooshpay::__decode_response(200, body).expect("decodes");
                result_held(intent);
            }
        });
        // The body is held by the caller, as the client holds it: count it.
        let peak = peak + body.len();
        println!(
            "| {name} | {:.1} MiB | {:.1} MiB | {:.1}× | {:.1}× |",
            body.len() as f64 / 1048576.0,
            peak as f64 / 1048576.0,
            peak as f64 / body.len() as f64,
            kept as f64 / body.len() as f64
        );
    }
    println!(
        "\n`size_of::<PaymentIntent>()` = {} bytes",
        std::mem::size_of::<wooshpay::PaymentIntent>()
    );
}
