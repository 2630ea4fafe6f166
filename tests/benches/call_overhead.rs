//! CPU per call on loopback: `wooshpay` against a plain `reqwest` +
//! `serde_json` call doing the same request.
//!
//! Both sides send `GET /v1/balance` with the same headers (HTTP Basic auth
//! with the key, `Accept`, `User-Agent`) over one kept-alive connection and
//! decode the same small JSON object into a typed struct: `wooshpay::Balance`
//! through `wooshpay::balance::retrieve`, and a plain
//! `#[derive(Deserialize)]` struct with the same fields on the other side.
//! The plain side has no timeout, no retries, no size cap and no scrubbing:
//! it is the floor a hand-written client can reach with the same crates.
//!
//! The server is this binary run again as a child process (hyper, one
//! thread), so its CPU is never counted: the figure is the CPU time of this
//! process (`CLOCK_PROCESS_CPUTIME_ID`, user + system, every thread), whose
//! client runs on a current-thread tokio runtime. Each round sends `N`
//! requests through one side and then `N` through the other, alternating
//! which goes first, and the ratio is taken per round, so a noisy neighbour
//! moves both sides of a round alike. Run (about 30 seconds):
//!
//! ```sh
//! cargo bench -p tests --bench call_overhead
//! CALL_OVERHEAD_ROUNDS=20 CALL_OVERHEAD_N=5000 cargo bench -p tests --bench call_overhead
//! ```
//!
//! Results are in BENCHMARKS.md.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde::Deserialize;

/// A small JSON object, as `GET /v1/balance` answers it.
const BODY: &str = r#"{"object":"balance","available":[{"amount":254300,"currency":"usd"}],"pending":[{"amount":1200,"currency":"usd"}],"livemode":false}"#;
const KEY: &str = "sk_test_4eC39HqLyjWDarjtT1zdp7dc";
const SERVE_ENV: &str = "CALL_OVERHEAD_SERVE";

/// What a hand-written client would decode the same body into.
#[derive(Debug, Deserialize, PartialEq)]
struct PlainBalance {
    object: String,
    available: Option<Vec<PlainAmount>>,
    pending: Option<Vec<PlainAmount>>,
    livemode: Option<bool>,
}

#[derive(Debug, Deserialize, PartialEq)]
struct PlainAmount {
    amount: Option<i64>,
    currency: Option<String>,
}

fn main() {
    if std::env::var_os(SERVE_ENV).is_some() {
        serve();
        return;
    }
    let rounds = env_number("CALL_OVERHEAD_ROUNDS", 10);
    let n = env_number("CALL_OVERHEAD_N", 3000);

    let mut child = Command::new(std::env::current_exe().expect("the bench binary's path"))
        .env(SERVE_ENV, "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("start the server process");
    let mut url = String::new();
    BufReader::new(child.stdout.take().expect("the server's stdout"))
        .read_line(&mut url)
        .expect("read the server's address");
    let url = url.trim().to_owned();

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a current-thread runtime");
    runtime.block_on(compare(&url, rounds, n));

    // Closing its stdin stops the server.
    drop(child.stdin.take());
    let _ = child.wait();
}

async fn compare(url: &str, rounds: usize, n: usize) {
    let client = wooshpay::Client::builder(KEY)
        .base_url(url)
        .build()
        .expect("the wooshpay client");
    let plain = Plain::new(url);

    // Both sides decode the same values, and warm up their connection.
    let typed = wooshpay::balance::retrieve(&client)
        .await
        .expect("wooshpay call");
    let raw = plain.call().await;
    assert_eq!(typed.object, raw.object);
    let amounts = |list: &Option<Vec<wooshpay::BalanceAmount>>| {
        list.iter()
            .flatten()
            .map(|a| (a.amount, a.currency.clone()))
            .collect::<Vec<_>>()
    };
    let plain_amounts = |list: &Option<Vec<PlainAmount>>| {
        list.iter()
            .flatten()
            .map(|a| (a.amount, a.currency.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(amounts(&typed.available), plain_amounts(&raw.available));
    assert_eq!(amounts(&typed.pending), plain_amounts(&raw.pending));
    assert_eq!(typed.livemode, raw.livemode);
    for _ in 0..n / 4 {
        wooshpay_calls(&client, 1).await;
        plain_calls(&plain, 1).await;
    }

    println!("{rounds} rounds of {n} requests per side; CPU µs per request of this process (client only)");
    println!("round  first     wooshpay  plain    ratio   wooshpay calls/s  plain calls/s");
    let mut ratios = Vec::new();
    let mut ours = Vec::new();
    let mut theirs = Vec::new();
    for round in 0..rounds {
        let wooshpay_first = round % 2 == 0;
        let (a, b) = if wooshpay_first {
            let a = measure(n, wooshpay_calls(&client, n)).await;
            (a, measure(n, plain_calls(&plain, n)).await)
        } else {
            let b = measure(n, plain_calls(&plain, n)).await;
            (measure(n, wooshpay_calls(&client, n)).await, b)
        };
        let ratio = a.cpu_us / b.cpu_us;
        println!(
            "{round:>5}  {:<8}  {:>8.2}  {:>7.2}  {ratio:>5.3}×  {:>16.0}  {:>13.0}",
            if wooshpay_first { "wooshpay" } else { "plain" },
            a.cpu_us,
            b.cpu_us,
            a.per_second,
            b.per_second,
        );
        ratios.push(ratio);
        ours.push(a.cpu_us);
        theirs.push(b.cpu_us);
    }
    println!(
        "median: wooshpay {:.2} µs, plain {:.2} µs, ratio of rounds {:.3}× (min {:.3}×, max {:.3}×)",
        median(&mut ours),
        median(&mut theirs),
        median(&mut ratios),
        ratios.first().copied().unwrap_or(f64::NAN),
        ratios.last().copied().unwrap_or(f64::NAN),
    );
}

struct Sample {
    cpu_us: f64,
    per_second: f64,
}

async fn measure(n: usize, calls: impl std::future::Future<Output = ()>) -> Sample {
    let cpu = process_cpu();
    let wall = Instant::now();
    calls.await;
    let wall = wall.elapsed();
    let cpu = process_cpu() - cpu;
    Sample {
        cpu_us: cpu.as_secs_f64() * 1e6 / n as f64,
        per_second: n as f64 / wall.as_secs_f64(),
    }
}

async fn wooshpay_calls(client: &wooshpay::Client, n: usize) {
    for _ in 0..n {
        let balance = wooshpay::balance::retrieve(client)
            .await
            .expect("wooshpay call");
        std::hint::black_box(balance);
    }
}

async fn plain_calls(plain: &Plain, n: usize) {
    for _ in 0..n {
        std::hint::black_box(plain.call().await);
    }
}

/// The plain call: reqwest with the same TLS back end and no proxy (as
/// `wooshpay` does for loopback), the same headers, `serde_json` decoding.
struct Plain {
    http: reqwest::Client,
    url: String,
}

impl Plain {
    fn new(base: &str) -> Plain {
        Plain {
            http: reqwest::Client::builder()
                .no_proxy()
                .build()
                .expect("a reqwest client"),
            url: format!("{base}/v1/balance"),
        }
    }

    async fn call(&self) -> PlainBalance {
        let response = self
            .http
            .get(&self.url)
            .basic_auth(KEY, Some(""))
            .header(reqwest::header::USER_AGENT, "plain-bench/0.1")
            .header(reqwest::header::ACCEPT, "application/json")
            .send()
            .await
            .expect("plain call")
            .error_for_status()
            .expect("a 2xx answer");
        let bytes = response.bytes().await.expect("the body");
        serde_json::from_slice(&bytes).expect("a balance")
    }
}

/// CPU time of this process, every thread, user + system.
fn process_cpu() -> Duration {
    let mut now = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `now` is a valid, writable timespec.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut now) };
    assert_eq!(rc, 0, "clock_gettime(CLOCK_PROCESS_CPUTIME_ID)");
    Duration::new(now.tv_sec as u64, now.tv_nsec as u32)
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied().unwrap_or(f64::NAN)
}

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|&v| v > 0)
        .unwrap_or(default)
}

/// The server process: answers every request with `BODY`, keeping
/// connections alive, until its stdin closes.
fn serve() {
    use http_body_util::Full;
    use hyper::body::Bytes;
    use hyper::service::service_fn;
    use hyper_util::rt::TokioIo;

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a current-thread runtime");
    // Stop when the parent closes our stdin (or dies).
    std::thread::spawn(|| {
        let _ = std::io::stdin().read_to_end(&mut Vec::new());
        std::process::exit(0);
    });
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind a loopback port");
        let address = listener.local_addr().expect("the bound address");
        let mut stdout = std::io::stdout();
        writeln!(stdout, "http://{address}").expect("write the address");
        stdout.flush().expect("flush the address");
        loop {
            let (stream, _) = listener.accept().await.expect("accept");
            let _ = stream.set_nodelay(true);
            tokio::spawn(async move {
                let service = service_fn(|_request| async {
                    hyper::Response::builder()
                        .header("content-type", "application/json")
                        .header("request-id", "req_bench")
                        .body(Full::new(Bytes::from_static(BODY.as_bytes())))
                });
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    });
}
