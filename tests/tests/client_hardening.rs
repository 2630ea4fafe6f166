//! Loopback tests of the runtime's hardening (issue 9), its public-API
//! runtime half (issue 10) and the `Client::request` escape hatch (issue
//! 11). Behaviour that wiremock cannot produce (a connection dropped in the
//! middle of a body, endless bodies) comes from a small raw HTTP server on a
//! thread.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde::Deserialize;
use serde_json::{json, Value};
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};
use wooshpay::{
    ApiCall, Client, Error, HasId, List, Method, NextAction, RawObject, SetupAttempt, StreamExt,
    TryStreamExt,
};

const KEY: &str = "sk_test_51LeakCanaryQwErTy0123";
/// base64("sk_test_51LeakCanaryQwErTy0123:"), computed with
/// `printf 'sk_test_51LeakCanaryQwErTy0123:' | base64`.
const KEY_BASIC: &str = "c2tfdGVzdF81MUxlYWtDYW5hcnlRd0VyVHkwMTIzOg==";
const KEY_TAIL: &str = "LeakCanaryQwErTy0123";

#[derive(Debug, Default, Clone, PartialEq, Deserialize)]
struct Thing {
    id: Option<String>,
    amount: Option<i64>,
}

// `List<T>` decodes its items through `Decode`; this type reads itself with serde.
impl wooshpay::wire::Decode for Thing {
    fn decode(value: &serde_json::Value) -> Result<Self, wooshpay::wire::Failure> {
        wooshpay::wire::decode_with_serde(value)
    }
}

impl HasId for Thing {
    fn id(&self) -> Option<&str> {
        self.id.as_deref()
    }
}

fn thing(id: &str) -> Value {
    json!({"id": id, "object": "thing", "amount": 100})
}

/// A call of the test resource: `method` on `path`, typed as a [`Thing`].
fn call<'c>(client: &'c Client, method: Method, path: &str) -> ApiCall<'c, Thing> {
    ApiCall::new(client, method, path.to_owned())
}

fn builder(base_url: &str) -> wooshpay::ClientBuilder {
    Client::builder(KEY)
        .base_url(base_url)
        .retry_base_delay(Duration::from_millis(1))
}

async fn requests(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.expect("recording on")
}

fn header_str<'r>(req: &'r Request, name: &str) -> Option<&'r str> {
    req.headers.get(name).map(|v| v.to_str().expect("ascii"))
}

// ---------------------------------------------------------------------------
// A raw HTTP/1.1 server: the i-th connection gets the i-th scripted answer.
// ---------------------------------------------------------------------------

/// Writes a response on the connection; returns when done (the connection
/// is then closed).
type Answer = Box<dyn Fn(&mut TcpStream, &ByteCount) + Send>;

/// Bytes of body the server managed to write.
type ByteCount = AtomicU64;

struct RawServer {
    url: String,
    /// Head (request line and headers, lower-cased names) of each request.
    heads: Arc<Mutex<Vec<String>>>,
    written: Arc<ByteCount>,
}

impl RawServer {
    fn start(answers: Vec<Answer>) -> RawServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        let url = format!("http://{}", listener.local_addr().unwrap());
        let heads = Arc::new(Mutex::new(Vec::new()));
        let written = Arc::new(ByteCount::new(0));
        let (heads2, written2) = (heads.clone(), written.clone());
        std::thread::spawn(move || {
            let mut answers = answers.into_iter();
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { return };
                let Some(head) = read_request(&mut stream) else {
                    continue;
                };
                heads2.lock().unwrap().push(head);
                match answers.next() {
                    Some(answer) => answer(&mut stream, &written2),
                    None => {
                        let _ = stream.write_all(
                            b"HTTP/1.1 418 I'm a teapot\r\ncontent-length: 0\r\nconnection: close\r\n\r\n",
                        );
                    }
                }
            }
        });
        RawServer {
            url,
            heads,
            written,
        }
    }

    fn heads(&self) -> Vec<String> {
        self.heads.lock().unwrap().clone()
    }
}

/// Reads one request (head and `content-length` body); returns the head.
fn read_request(stream: &mut TcpStream) -> Option<String> {
    let mut data = Vec::new();
    let mut buf = [0u8; 4096];
    let head_end = loop {
        let n = stream.read(&mut buf).ok()?;
        if n == 0 {
            return None;
        }
        data.extend_from_slice(&buf[..n]);
        if let Some(i) = data.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
    };
    let head = String::from_utf8_lossy(&data[..head_end]).to_ascii_lowercase();
    let length: usize = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0);
    while data.len() < head_end + length {
        let n = stream.read(&mut buf).ok()?;
        if n == 0 {
            break;
        }
        data.extend_from_slice(&buf[..n]);
    }
    Some(head)
}

fn header_of(head: &str, name: &str) -> Option<String> {
    head.lines()
        .find_map(|l| l.strip_prefix(&format!("{name}:")))
        .map(|v| v.trim().to_owned())
}

/// A complete JSON response.
fn full(status: u16, body: Value) -> Answer {
    Box::new(move |stream, _| {
        let body = body.to_string();
        let _ = write!(
            stream,
            "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
            body.len()
        );
    })
}

/// Announces 100 body bytes, sends 20, and drops the connection.
fn cut_short() -> Answer {
    Box::new(|stream, _| {
        let _ = stream.write_all(
            b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{\"id\": \"th_partial\",",
        );
    })
}

/// A chunked body that never ends (until the client hangs up, or 256 MiB).
fn endless(status: u16) -> Answer {
    Box::new(move |stream, written| {
        let _ = write!(
            stream,
            "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n"
        );
        let chunk = vec![b' '; 64 * 1024];
        while written.load(Ordering::SeqCst) < 256 << 20 {
            let ok = write!(stream, "{:x}\r\n", chunk.len()).is_ok()
                && stream.write_all(&chunk).is_ok()
                && stream.write_all(b"\r\n").is_ok();
            if !ok {
                return;
            }
            written.fetch_add(chunk.len() as u64, Ordering::SeqCst);
        }
    })
}

// ---------------------------------------------------------------------------
// 1. Body-read failures are retried with the same key; the key is exposed.
// ---------------------------------------------------------------------------

#[tokio::test]
async fn connection_dropped_mid_body_is_retried_with_the_same_idempotency_key() {
    let server = RawServer::start(vec![cut_short(), full(200, thing("th_1"))]);
    let client = builder(&server.url).build().unwrap();
    let done = call(&client, Method::Post, "/v1/things")
        .with_body(&json!({"amount": 100}))
        .send_with_details()
        .await
        .expect("second attempt succeeds");
    assert_eq!(done.value().id.as_deref(), Some("th_1"));

    let heads = server.heads();
    assert_eq!(heads.len(), 2, "the broken body was retried");
    let keys: Vec<String> = heads
        .iter()
        .map(|h| header_of(h, "idempotency-key").expect("key sent"))
        .collect();
    assert_eq!(keys[0], keys[1]);
    assert_eq!(done.idempotency_key(), Some(keys[0].as_str()));
    assert_eq!(done.status(), 200);
}

#[tokio::test]
async fn idempotency_key_is_exposed_on_errors() {
    let server = RawServer::start(vec![cut_short()]);
    let client = builder(&server.url).max_retries(0).build().unwrap();
    let err = call(&client, Method::Post, "/v1/things")
        .idempotency_key("order-42")
        .await
        .unwrap_err();
    let Error::Transport(transport) = &err else {
        panic!("{err:?}");
    };
    assert!(transport.is_body(), "{err}");
    assert!(err.to_string().contains("response body"), "{err}");
    assert_eq!(err.idempotency_key(), Some("order-42"));

    let mock = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(500))
        .mount(&mock)
        .await;
    let client = builder(&mock.uri()).max_retries(1).build().unwrap();
    let err = call(&client, Method::Post, "/v1/things").await.unwrap_err();
    let sent = requests(&mock).await;
    assert_eq!(sent.len(), 2);
    assert_eq!(
        err.idempotency_key(),
        header_str(&sent[0], "idempotency-key")
    );
    assert_eq!(
        err.as_api_error().unwrap().idempotency_key(),
        header_str(&sent[1], "idempotency-key")
    );
}

#[tokio::test]
async fn transport_error_shows_its_root_cause_and_the_key_of_the_post() {
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let client = builder(&format!("http://127.0.0.1:{port}"))
        .max_retries(0)
        .build()
        .unwrap();
    let err = call(&client, Method::Post, "/v1/things").await.unwrap_err();
    let shown = err.to_string();
    assert!(
        shown.to_ascii_lowercase().contains("connection refused"),
        "{shown}"
    );
    assert!(!shown.contains(KEY_TAIL), "{shown}");
    assert_eq!(err.idempotency_key().map(str::len), Some(36), "a UUID");
}

// ---------------------------------------------------------------------------
// 2. Response size caps.
// ---------------------------------------------------------------------------

#[tokio::test]
async fn announced_huge_body_is_refused_without_reading_it() {
    let server = RawServer::start(vec![Box::new(|stream, _| {
        let _ = stream.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 1000000000\r\n\r\n{");
        // Keep the connection open: only the header can end the call early.
        std::thread::sleep(Duration::from_secs(5));
    })]);
    let client = builder(&server.url)
        .timeout(Duration::from_secs(20))
        .build()
        .unwrap();
    let err = call(&client, Method::Get, "/v1/things/x")
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::ResponseTooLarge { limit, .. } if limit == 16 << 20),
        "{err:?}"
    );
    assert_eq!(server.heads().len(), 1, "not retried");
}

#[tokio::test]
async fn endless_success_body_stops_at_the_cap() {
    let server = RawServer::start(vec![endless(200)]);
    let client = builder(&server.url)
        .max_response_bytes(1 << 20)
        .timeout(Duration::from_secs(20))
        .build()
        .unwrap();
    let err = call(&client, Method::Get, "/v1/things/x")
        .await
        .unwrap_err();
    assert!(matches!(err, Error::ResponseTooLarge { .. }), "{err:?}");
    // The server stops writing once the client hangs up; allow for buffers.
    let written = server.written.load(Ordering::SeqCst);
    assert!(written < 64 << 20, "server wrote {written} bytes");
}

#[tokio::test]
async fn endless_error_body_is_read_only_as_far_as_it_is_kept() {
    let server = RawServer::start(vec![endless(500)]);
    let client = builder(&server.url)
        .max_retries(0)
        .timeout(Duration::from_secs(20))
        .build()
        .unwrap();
    let err = call(&client, Method::Get, "/v1/things/x")
        .await
        .unwrap_err();
    let api = err.as_api_error().unwrap_or_else(|| panic!("{err:?}"));
    assert_eq!(api.status(), 500);
    assert!(api.raw_body().is_some_and(|raw| raw.len() < 4096));
    let written = server.written.load(Ordering::SeqCst);
    assert!(written < 64 << 20, "server wrote {written} bytes");
}

#[tokio::test]
async fn body_at_the_cap_is_accepted_and_one_byte_over_is_not() {
    let body = thing("th_1").to_string();
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body.clone(), "application/json"))
        .mount(&server)
        .await;
    let exact = builder(&server.uri())
        .max_response_bytes(body.len() as u64)
        .build()
        .unwrap();
    let got: Thing = ApiCall::new(&exact, Method::Get, "/v1/things/th_1".to_owned())
        .await
        .unwrap();
    assert_eq!(got.id.as_deref(), Some("th_1"));
    let under = builder(&server.uri())
        .max_response_bytes(body.len() as u64 - 1)
        .build()
        .unwrap();
    let err = call(&under, Method::Get, "/v1/things/th_1")
        .await
        .unwrap_err();
    assert!(matches!(err, Error::ResponseTooLarge { .. }), "{err:?}");
}

// ---------------------------------------------------------------------------
// 3. Server text is scrubbed of the exact secrets the client sent.
// ---------------------------------------------------------------------------

const CLIENT_SECRET: &str = "opaqueClientSecretValue77";
const CARD: &str = "4000056655665556";
const CVC: &str = "739";

fn assert_clean(text: &str) {
    for leak in [
        KEY_TAIL,
        KEY_BASIC,
        KEY_BASIC.trim_end_matches('='),
        CLIENT_SECRET,
        CARD,
        "4000 0566 5566 5556",
        "4000-0566-5566-5556",
        CVC,
    ] {
        assert!(!text.contains(leak), "leaked {leak:?} in {text}");
    }
}

#[tokio::test]
async fn echoed_secrets_in_every_form_are_scrubbed() {
    let url_encoded_key = KEY.replace('_', "%5F");
    let json_escaped_key = KEY.replace('_', "\\u005f");
    let raw_page = format!(
        "<pre>Authorization: Basic {KEY_BASIC}\nkey={url_encoded_key}\n\
         echo {{\"k\": \"{json_escaped_key}\"}}\ncard 4000 0566 5566 5556 / 4000-0566-5566-5556\n\
         cvc {CVC} secret {CLIENT_SECRET}</pre>"
    );
    let json_message = format!(
        "Bad request from Basic {KEY_BASIC}: card {CARD}, cvc {CVC}, secret {CLIENT_SECRET}, key {url_encoded_key}"
    );
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/raw"))
        .respond_with(
            ResponseTemplate::new(400)
                .insert_header("request-id", format!("req_{KEY}").as_str())
                .set_body_string(raw_page),
        )
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v1/json"))
        .respond_with(
            ResponseTemplate::new(402)
                .insert_header("request-id", format!("req_{url_encoded_key}").as_str())
                .set_body_json(json!({"error": {
                    "type": "card_error",
                    "message": json_message,
                    "param": format!("card[{CVC}]"),
                }})),
        )
        .mount(&server)
        .await;
    let client = builder(&server.uri()).max_retries(0).build().unwrap();
    let params = json!({
        "client_secret": CLIENT_SECRET,
        "payment_method_data": {"card": {"number": CARD, "cvc": CVC}},
    });
    for p in ["/v1/raw", "/v1/json"] {
        let err = call(&client, Method::Post, p)
            .with_body(&params)
            .await
            .unwrap_err();
        let api = err.as_api_error().expect("api error");
        assert!(api.request_id().is_some());
        assert_clean(&err.to_string());
        assert_clean(&format!("{err:?}"));
        assert_clean(api.raw_body().unwrap_or_default());
        assert_clean(api.request_id().unwrap_or_default());
    }
}

// ---------------------------------------------------------------------------
// 4. Secrets inside raw JSON are redacted in Debug.
// ---------------------------------------------------------------------------

#[test]
fn raw_json_redacts_secret_members_in_debug() {
    let action: NextAction = serde_json::from_value(json!({
        "type": "brand_new_action",
        "brand_new_action": {"client_secret": CLIENT_SECRET, "card": {"number": CARD, "cvc": CVC}},
    }))
    .unwrap();
    assert!(matches!(action, NextAction::Unknown(_)));
    let attempt: SetupAttempt = serde_json::from_value(json!({
        "id": "setatt_1",
        "payment_method_details": {"card": {"number": CARD, "cvc": CVC}},
        "nested": [{"client_secret": CLIENT_SECRET}],
    }))
    .unwrap();
    let raw: RawObject = serde_json::from_value(json!({"secret_key": KEY, "note": "ok"})).unwrap();
    for shown in [
        format!("{action:?}"),
        format!("{attempt:?}"),
        format!("{attempt:#?}"),
        format!("{raw:?}"),
    ] {
        assert_clean(&shown);
        assert!(shown.contains("[REDACTED]"), "{shown}");
    }
    // Redaction is only in Debug: the data is intact.
    assert_eq!(
        attempt.extra["payment_method_details"]["card"]["number"],
        CARD
    );
    assert_eq!(serde_json::to_value(&raw).unwrap()["secret_key"], KEY);
}

// ---------------------------------------------------------------------------
// 6. A 409 idempotency_error is not retried; other 409s are.
// ---------------------------------------------------------------------------

#[tokio::test]
async fn idempotency_error_409_is_not_retried() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/reused"))
        .respond_with(ResponseTemplate::new(409).set_body_json(
            json!({"error": {"type": "idempotency_error", "message": "Keys can only be reused with the same parameters."}}),
        ))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v1/locked"))
        .respond_with(
            ResponseTemplate::new(409)
                .set_body_json(json!({"error": {"type": "api_error", "code": "lock_timeout"}})),
        )
        .mount(&server)
        .await;
    let client = builder(&server.uri()).max_retries(3).build().unwrap();
    let err = call(&client, Method::Post, "/v1/reused").await.unwrap_err();
    assert!(err.as_api_error().unwrap().is_idempotency_error());
    assert!(!err.is_retryable());
    let err = call(&client, Method::Post, "/v1/locked").await.unwrap_err();
    assert!(err.is_retryable());
    let sent = requests(&server).await;
    let count = |p: &str| sent.iter().filter(|r| r.url.path() == p).count();
    assert_eq!(count("/v1/reused"), 1);
    assert_eq!(count("/v1/locked"), 4);
}

// ---------------------------------------------------------------------------
// 7. The total time of a call is bounded.
// ---------------------------------------------------------------------------

#[tokio::test]
async fn retries_stop_when_the_next_wait_would_pass_the_total_bound() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503).insert_header("retry-after", "1"))
        .mount(&server)
        .await;
    let client = builder(&server.uri())
        .max_retries(10)
        .max_total_time(Duration::from_millis(1500))
        .build()
        .unwrap();
    assert_eq!(client.max_total_time(), Duration::from_millis(1500));
    let err = call(&client, Method::Get, "/v1/things/x")
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(503));
    // Attempt, 1 s wait, attempt; a second 1 s wait would end past 1.5 s.
    assert_eq!(requests(&server).await.len(), 2);
}

#[tokio::test]
async fn a_slow_attempt_is_cut_at_the_total_bound() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(10)))
        .mount(&server)
        .await;
    let client = builder(&server.uri())
        .timeout(Duration::from_secs(30))
        .max_total_time(Duration::from_millis(300))
        .build()
        .unwrap();
    let err = call(&client, Method::Get, "/v1/things/x")
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
    assert_eq!(requests(&server).await.len(), 1, "no time left to retry");
}

// ---------------------------------------------------------------------------
// Issue 10: error envelopes on 2xx, pagination ergonomics.
// ---------------------------------------------------------------------------

#[tokio::test]
async fn success_status_with_error_envelope_is_an_api_error() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"error": {
            "type": "invalid_request_error", "code": "parameter_missing", "param": "usage",
            "message": "Missing usage."
        }})))
        .mount(&server)
        .await;
    let client = builder(&server.uri()).build().unwrap();
    let err = ApiCall::<RawObject>::new(&client, Method::Post, "/v1/things".to_owned())
        .await
        .unwrap_err();
    let api = err.as_api_error().unwrap_or_else(|| panic!("{err:?}"));
    assert_eq!(api.status(), 200);
    assert_eq!(api.code(), Some("parameter_missing"));
    assert!(err.is_invalid_request());
    assert!(!err.is_card_error());
    assert_eq!(requests(&server).await.len(), 1, "not retried");
}

#[tokio::test]
async fn an_object_with_an_error_member_and_an_id_is_not_an_envelope() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"id": "th_1", "error": {"code": "x"}})),
        )
        .mount(&server)
        .await;
    let client = builder(&server.uri()).build().unwrap();
    let got: Thing = ApiCall::new(&client, Method::Get, "/v1/things/th_1".to_owned())
        .await
        .unwrap();
    assert_eq!(got.id.as_deref(), Some("th_1"));
}

/// Serves `pages[i]` for the i-th request.
fn serve_pages(pages: Vec<Value>) -> impl Fn(&Request) -> ResponseTemplate {
    let next = std::sync::atomic::AtomicUsize::new(0);
    move |_| match pages.get(next.fetch_add(1, Ordering::SeqCst)) {
        Some(page) => ResponseTemplate::new(200).set_body_json(page),
        None => ResponseTemplate::new(418),
    }
}

#[tokio::test]
async fn paging_stream_is_unpin_and_send_and_collect_all_gathers_every_page() {
    fn assert_unpin_send<S: Unpin + Send>(_: &S) {}
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(serve_pages(vec![
            json!({"object": "list", "has_more": true, "data": [thing("th_a"), thing("th_b")]}),
            json!({"object": "list", "has_more": true, "data": [thing("th_c")]}),
            json!({"object": "list", "has_more": false, "data": [thing("th_d")]}),
        ]))
        .mount(&server)
        .await;
    let client = builder(&server.uri()).build().unwrap();
    let call = ApiCall::<List<Thing>>::new(&client, Method::Get, "/v1/things".to_owned());

    // `while let` on `next()` needs no pinning.
    let mut stream = call.clone().into_stream();
    assert_unpin_send(&stream);
    let mut ids = Vec::new();
    while let Some(item) = stream.next().await {
        ids.push(item.unwrap().id.unwrap());
    }
    assert_eq!(ids, ["th_a", "th_b", "th_c", "th_d"]);

    assert_eq!(requests(&server).await.len(), 3);

    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(serve_pages(vec![
            json!({"object": "list", "has_more": true, "data": [thing("th_a")]}),
            json!({"object": "list", "has_more": false, "data": [thing("th_b")]}),
        ]))
        .mount(&server)
        .await;
    let client = builder(&server.uri()).build().unwrap();
    let call = ApiCall::<List<Thing>>::new(&client, Method::Get, "/v1/things".to_owned());
    let all = call.clone().collect_all().await.unwrap();
    let ids: Vec<_> = all.iter().map(|t| t.id.as_deref().unwrap()).collect();
    assert_eq!(ids, ["th_a", "th_b"]);
    assert!(
        call.into_stream().try_next().await.is_err(),
        "pages used up"
    );
}

#[tokio::test]
async fn overlapping_pages_do_not_yield_an_item_twice() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(serve_pages(vec![
            json!({"object": "list", "has_more": true, "data": [thing("th_a"), thing("th_b")]}),
            // A server that half-ignores the cursor repeats `th_b`.
            json!({"object": "list", "has_more": true, "data": [thing("th_b"), thing("th_c")]}),
            json!({"object": "list", "has_more": false, "data": [thing("th_c"), thing("th_d")]}),
        ]))
        .mount(&server)
        .await;
    let client = builder(&server.uri()).build().unwrap();
    let items = ApiCall::<List<Thing>>::new(&client, Method::Get, "/v1/things".to_owned())
        .collect_all()
        .await
        .unwrap();
    let ids: Vec<_> = items.iter().map(|t| t.id.as_deref().unwrap()).collect();
    assert_eq!(ids, ["th_a", "th_b", "th_c", "th_d"]);
}

// ---------------------------------------------------------------------------
// Issue 11: the escape hatch.
// ---------------------------------------------------------------------------

#[tokio::test]
async fn escape_hatch_sends_any_method_path_body_and_query_with_auth() {
    let server = MockServer::start().await;
    let auth = format!("Basic {KEY_BASIC}");
    Mock::given(method("DELETE"))
        .and(path("/v1/webhook_endpoints/we_1"))
        .and(header("authorization", auth.as_str()))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"id": "we_1", "deleted": true})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let body = json!({"url": "https://shop.example/hook", "enabled_events": ["*"]});
    Mock::given(method("POST"))
        .and(path("/v1/webhook_endpoints"))
        .and(header("authorization", auth.as_str()))
        .and(body_json(&body))
        .respond_with(ResponseTemplate::new(200).set_body_json(thing("we_2")))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/webhook_endpoints"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": []})))
        .expect(1)
        .mount(&server)
        .await;
    let client = builder(&server.uri()).build().unwrap();

    let deleted: RawObject = client
        .request(Method::Delete, "/v1/webhook_endpoints/we_1")
        .await
        .unwrap();
    assert_eq!(deleted["deleted"], true);
    let created: Thing = client
        .request(Method::Post, "/v1/webhook_endpoints")
        .body(&body)
        .await
        .unwrap();
    assert_eq!(created.id.as_deref(), Some("we_2"));
    let page: Value = client
        .request(Method::Get, "/v1/webhook_endpoints")
        .query(&json!({"limit": 3, "created": {"gt": 1}}))
        .await
        .unwrap();
    assert_eq!(page["data"], json!([]));

    let sent = requests(&server).await;
    assert_eq!(sent.len(), 3);
    assert!(header_str(&sent[0], "idempotency-key").is_none());
    let key = header_str(&sent[1], "idempotency-key").expect("POST carries a key");
    assert_eq!(key.len(), 36);
    let mut query: Vec<_> = sent[2].url.query_pairs().collect();
    query.sort();
    assert_eq!(
        query,
        [
            ("created[gt]".into(), "1".into()),
            ("limit".into(), "3".into())
        ]
    );
}

#[tokio::test]
async fn escape_hatch_retries_with_the_same_key() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(thing("cus_1")))
        .mount(&server)
        .await;
    let client = builder(&server.uri()).build().unwrap();
    let done = client
        .request::<RawObject>(Method::Post, "/v1/customers")
        .body(&json!({"email": "a@example.com"}))
        .send_with_details()
        .await
        .unwrap();
    let sent = requests(&server).await;
    assert_eq!(sent.len(), 2);
    let keys: Vec<_> = sent
        .iter()
        .map(|r| header_str(r, "idempotency-key").unwrap())
        .collect();
    assert_eq!(keys[0], keys[1]);
    assert_eq!(done.idempotency_key(), Some(keys[0]));
    assert_eq!(done.value()["id"], "cus_1");
}

#[tokio::test]
async fn escape_hatch_refuses_malformed_paths_before_sending() {
    let server = MockServer::start().await;
    let client = builder(&server.uri()).build().unwrap();
    for bad in [
        "v1/customers",
        "/v2/customers",
        "/customers",
        "/v1/customers?limit=3",
        "/v1/customers#x",
        "/v1/../admin",
        "/v1/customers/ cus_1",
        "/v1/customers/\ncus_1",
        "/v1/customers/\u{7f}",
        "/v1//customers",
        "/v1/customers/",
    ] {
        let err = client
            .request::<RawObject>(Method::Get, bad)
            .await
            .unwrap_err();
        let Error::Request(reason) = &err else {
            panic!("{bad:?}: {err:?}");
        };
        assert!(reason.contains("path"), "{reason}");
    }
    assert!(requests(&server).await.is_empty());
}
