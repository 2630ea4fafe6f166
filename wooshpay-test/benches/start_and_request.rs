//! How long a test waits for the fake: starting a server and sending one
//! request through the real client (a customer created), median of many
//! runs on one current-thread runtime. Not a criterion bench: it prints one
//! Markdown table row.
//!
//! ```sh
//! cargo bench -p wooshpay-test --bench start_and_request
//! ```

use std::time::{Duration, Instant};

use wooshpay::{customers, CreateCustomerParams};
use wooshpay_test::Server;

const RUNS: usize = 200;

fn main() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let mut start_only = Vec::with_capacity(RUNS);
    let mut start_and_request = Vec::with_capacity(RUNS);
    runtime.block_on(async {
        for _ in 0..RUNS {
            let began = Instant::now();
            let server = Server::start().await;
            start_only.push(began.elapsed());
            let client = server.client();
            let customer = customers::create(&client, &CreateCustomerParams::new())
                .await
                .expect("the fake answers");
            start_and_request.push(began.elapsed());
            std::hint::black_box(customer);
        }
    });
    println!("| runs | start (median) | start + one request (median) | p95 |");
    println!("|---:|---:|---:|---:|");
    println!(
        "| {RUNS} | {:.2} ms | {:.2} ms | {:.2} ms |",
        ms(median(&mut start_only)),
        ms(median(&mut start_and_request)),
        ms(percentile(&mut start_and_request, 95)),
    );
}

fn median(samples: &mut [Duration]) -> Duration {
    percentile(samples, 50)
}

fn percentile(samples: &mut [Duration], percent: usize) -> Duration {
    samples.sort();
    samples[(samples.len() - 1) * percent / 100]
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}
