//! Heap allocations per SetupIntent decode, for BENCHMARKS.md: typed
//! decoding is mostly allocation, so the count explains the timings of
//! `benches/serde.rs`. Not a criterion bench: it prints a Markdown table.
//!
//! ```sh
//! cargo bench -p tests --bench serde_allocs
//! ```

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use serde::de::DeserializeOwned;
use serde_json::Value;

struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);
static BYTES: AtomicUsize = AtomicUsize::new(0);

// SAFETY: forwards to the system allocator, only counting.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        BYTES.fetch_add(layout.size(), Ordering::Relaxed);
        System.alloc(layout)
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout)
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        BYTES.fetch_add(new_size, Ordering::Relaxed);
        System.realloc(ptr, layout, new_size)
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

const RETRIEVE: &str = include_str!("../../spec/examples/setup_intents/retrieve_response.json");
const UPDATE: &str = include_str!("../../spec/examples/setup_intents/update_response.json");
const REALISTIC: &str = include_str!("../fixtures/bench/realistic_setup_intent.json");

/// (allocations, bytes) of one decode of `json` into `T`, dropped outside.
fn count<T: DeserializeOwned>(json: &str) -> (usize, usize) {
    let (a0, b0) = (
        ALLOCATIONS.load(Ordering::Relaxed),
        BYTES.load(Ordering::Relaxed),
    );
    let value: T = serde_json::from_str(json).expect("decodes");
    let counts = (
        ALLOCATIONS.load(Ordering::Relaxed) - a0,
        BYTES.load(Ordering::Relaxed) - b0,
    );
    drop(value);
    counts
}

/// As `request.rs` decoded a response until commit baa6029: through
/// `serde_path_to_error` (it now only does so when decoding fails).
fn count_client<T: DeserializeOwned>(json: &str) -> (usize, usize) {
    let (a0, b0) = (
        ALLOCATIONS.load(Ordering::Relaxed),
        BYTES.load(Ordering::Relaxed),
    );
    let mut de = serde_json::Deserializer::from_str(json);
    let value: T = serde_path_to_error::deserialize(&mut de).expect("decodes");
    let counts = (
        ALLOCATIONS.load(Ordering::Relaxed) - a0,
        BYTES.load(Ordering::Relaxed) - b0,
    );
    drop(value);
    counts
}

#[path = "support/plain.rs"]
mod plain;
#[path = "support/proto.rs"]
mod proto;

fn main() {
    println!("| payload | decoded into | allocations | bytes allocated |");
    println!("|---|---|---:|---:|");
    let next_action = r#"{"type":"challenge_redirect","challenge_redirect":{"return_url":"https://a.example/r","url":"https://b.example/c"}}"#;
    let rows = [
        (
            "realistic",
            "wooshpay::SetupIntent",
            count::<wooshpay::SetupIntent>(REALISTIC),
        ),
        (
            "realistic",
            "wooshpay::SetupIntent via serde_path_to_error (client until baa6029)",
            count_client::<wooshpay::SetupIntent>(REALISTIC),
        ),
        ("realistic", "serde_json::Value", count::<Value>(REALISTIC)),
        (
            "realistic",
            "plain structs",
            count::<plain::PlainRealistic>(REALISTIC),
        ),
        (
            "retrieve example",
            "wooshpay::SetupIntent",
            count::<wooshpay::SetupIntent>(RETRIEVE),
        ),
        (
            "retrieve example",
            "wooshpay::SetupIntent via serde_path_to_error (client until baa6029)",
            count_client::<wooshpay::SetupIntent>(RETRIEVE),
        ),
        (
            "retrieve example",
            "serde_json::Value",
            count::<Value>(RETRIEVE),
        ),
        (
            "retrieve example",
            "plain structs",
            count::<plain::PlainExample>(RETRIEVE),
        ),
        (
            "update example",
            "wooshpay::SetupIntent",
            count::<wooshpay::SetupIntent>(UPDATE),
        ),
        (
            "update example",
            "serde_json::Value",
            count::<Value>(UPDATE),
        ),
        (
            "update example",
            "plain structs",
            count::<plain::PlainExample>(UPDATE),
        ),
        (
            "next_action, tag first",
            "wooshpay::NextAction",
            count::<wooshpay::NextAction>(next_action),
        ),
        (
            "next_action, tag first",
            "serde_json::Value",
            count::<Value>(next_action),
        ),
        (
            "next_action, tag first",
            "plain struct",
            count::<plain::PlainNextAction>(next_action),
        ),
        (
            "next_action, tag first",
            "prototype (borrowed keys and tag)",
            count::<proto::NextAction>(next_action),
        ),
    ];
    for (payload, into, (allocations, bytes)) in rows {
        println!("| {payload} | {into} | {allocations} | {bytes} |");
    }
    println!();
    println!("| type | size_of |");
    println!("|---|---:|");
    let sizes = [
        (
            "wooshpay::SetupIntent",
            std::mem::size_of::<wooshpay::SetupIntent>(),
        ),
        (
            "wooshpay::NextAction",
            std::mem::size_of::<wooshpay::NextAction>(),
        ),
        (
            "plain::PlainRealistic",
            std::mem::size_of::<plain::PlainRealistic>(),
        ),
        (
            "plain::PlainExample",
            std::mem::size_of::<plain::PlainExample>(),
        ),
        (
            "plain::PlainNextAction",
            std::mem::size_of::<plain::PlainNextAction>(),
        ),
    ];
    for (name, size) in sizes {
        println!("| {name} | {size} |");
    }
}
