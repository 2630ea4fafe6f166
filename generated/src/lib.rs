//! Typed, async Rust client for the [WooshPay](https://www.wooshpay.com) payments API.
//!
//! The models and endpoint functions are generated from a hand-transcribed
//! spec of WooshPay's reference pages (`spec/` in the repository); the HTTP
//! runtime (client, errors, retries, pagination) is written by hand.
//!
//! ```no_run
//! use wooshpay::{setup_intents, Client, CreateSetupIntentParams, SetupIntentUsage};
//!
//! # async fn demo() -> Result<(), wooshpay::Error> {
//! let client = Client::new("sk_test_...")?;
//! let params = CreateSetupIntentParams {
//!     customer: Some("cus_123".into()),
//!     usage: Some(SetupIntentUsage::OffSession),
//!     ..Default::default()
//! };
//! let intent = setup_intents::create(&client, &params).await?;
//! println!("{:?} is {:?}", intent.id, intent.status);
//! # Ok(()) }
//! ```
//!
//! Every endpoint function returns an [`ApiCall`]: a request not sent yet.
//! Await it to send it, or set options for that call first:
//! [`ApiCall::idempotency_key`], [`ApiCall::timeout`] (per attempt),
//! [`ApiCall::max_retries`] (`0` turns retries off) and [`ApiCall::header`]
//! (an extra header; those the client owns, such as `Authorization` and
//! `Idempotency-Key`, are refused). [`Client::builder`] configures the
//! defaults: the timeouts, retries and limits described below.
//!
//! ```no_run
//! # use std::time::Duration;
//! # async fn demo(client: &wooshpay::Client) -> Result<(), wooshpay::Error> {
//! let intent = wooshpay::setup_intents::retrieve(client, "seti_123")
//!     .timeout(Duration::from_secs(5))
//!     .max_retries(0)
//!     .header("X-Tenant", "acme")
//!     .await?;
//! # let _ = intent; Ok(()) }
//! ```
//!
//! # Errors
//!
//! Every fallible call returns [`Error`]:
//!
//! * [`Error::Api`]: WooshPay answered with an error ([`ApiError`]: status,
//!   `type`, `code`, `decline_code`, `message`, `param`, request id). A 2xx
//!   response whose body is an error object (`{"error": {...}}`) is an
//!   `Api` error too. Helpers: [`Error::is_card_error`],
//!   [`Error::is_invalid_request`], [`ApiError::is_not_found`], ….
//! * [`Error::Transport`] (its `Display` includes the root cause, e.g.
//!   "connection refused") and [`Error::Timeout`]: no complete answer, after
//!   all retries.
//! * [`Error::ResponseTooLarge`]: the body was over the size limit.
//! * [`Error::Decode`]: a 2xx body that does not match the types, with the
//!   JSON path of the mismatch (e.g. `next_action.redirect_to_url.url`).
//! * [`Error::Serialize`], [`Error::Request`], [`Error::Config`]: the call
//!   or the client could not be built; nothing was sent.
//!
//! Every question a caller usually asks is answered on [`Error`] itself:
//! [`status`](Error::status), [`request_id`](Error::request_id),
//! [`is_card_error`](Error::is_card_error) and
//! [`decline_code`](Error::decline_code),
//! [`is_rate_limited`](Error::is_rate_limited) and
//! [`retry_after`](Error::retry_after), [`is_timeout`](Error::is_timeout),
//! [`is_network`](Error::is_network), [`is_retryable`](Error::is_retryable)
//! and [`idempotency_key`](Error::idempotency_key). A decline, a network
//! failure and a rate limit, told apart:
//!
//! ```no_run
//! # async fn demo(client: &wooshpay::Client, params: &wooshpay::ConfirmPaymentIntentParams) {
//! match wooshpay::payment_intents::confirm(client, "pi_123", params).await {
//!     Ok(intent) => println!("{:?}", intent.status),
//!     Err(e) if e.is_card_error() => println!("declined: {:?}", e.decline_code()),
//!     Err(e) if e.is_rate_limited() => println!("slow down for {:?}", e.retry_after()),
//!     Err(e) if e.is_network() || e.is_timeout() => {
//!         println!("no answer; retry later with key {:?}", e.idempotency_key())
//!     }
//!     Err(e) => println!("failed: {e} (request {:?})", e.request_id()),
//! }
//! # }
//! ```
//!
//! ```no_run
//! # async fn demo(client: &wooshpay::Client) {
//! match wooshpay::setup_intents::retrieve(client, "seti_123").await {
//!     Ok(intent) => println!("{:?}", intent.status),
//!     Err(e) if e.as_api_error().is_some_and(|api| api.is_not_found()) => println!("no such intent"),
//!     Err(e) if e.is_card_error() => println!("card problem: {e}"),
//!     Err(e) => println!("failed: {e} (retryable: {})", e.is_retryable()),
//! }
//! # }
//! ```
//!
//! # Retries and idempotency
//!
//! A call is retried, up to [`ClientBuilder::max_retries`] times (default 2),
//! when the connection failed or timed out, when it broke while the response
//! body was being read, or when WooshPay answered 409 (except an
//! `idempotency_error`, which would fail the same way again), 429, 500, 502,
//! 503 or 504. Other statuses are never retried. The wait before retry *n*
//! is exponential backoff with jitter (a random time in `[d/2, d]`, with
//! `d = min(base · 2ⁿ, 8 s)`, base 500 ms), or the server's `Retry-After`
//! in seconds, capped at 60 s.
//!
//! Every `POST` carries an `Idempotency-Key` header: the one given with
//! [`ApiCall::idempotency_key`], or a random UUID v4. All retries of the
//! call reuse that key, so WooshPay performs the operation at most once.
//! The key is exposed: [`Error::idempotency_key`] on failure,
//! [`ApiResponse::idempotency_key`] (from [`ApiCall::send_with_details`]) on
//! success, so a caller can retry by hand later with the same key. `GET`
//! and `DELETE` never carry one.
//!
//! **Time bound**: one call, with all its attempts, body reads and waits,
//! takes at most [`ClientBuilder::max_total_time`] (default 120 s). Each
//! attempt is limited by [`ClientBuilder::timeout`] (default 30 s) and by
//! what is left of the total; no retry starts when its wait would end past
//! the bound.
//!
//! ```no_run
//! # use wooshpay::{setup_intents, ConfirmSetupIntentParams};
//! # async fn demo(client: &wooshpay::Client, params: &ConfirmSetupIntentParams) -> Result<(), wooshpay::Error> {
//! match setup_intents::confirm(client, "seti_123", params).send_with_details().await {
//!     Ok(done) => println!("confirmed with key {:?}", done.idempotency_key()),
//!     Err(e) if e.is_retryable() => {
//!         // Safe: WooshPay performs a POST at most once per key.
//!         let key = e.idempotency_key().unwrap_or_default().to_owned();
//!         setup_intents::confirm(client, "seti_123", params).idempotency_key(key).await?;
//!     }
//!     Err(e) => return Err(e),
//! }
//! # Ok(()) }
//! ```
//!
//! # Pagination
//!
//! A list call returns one page ([`List`]). [`ApiCall::into_stream`] turns
//! it into an [`AutoPagingStream`] over the items of every page, following
//! `starting_after` (or `ending_before`, when the call sets it) and keeping
//! the call's filters; [`ApiCall::collect_all`] collects them into a `Vec`.
//! The stream is `Unpin` and `Send`; the stream traits are re-exported as
//! [`StreamExt`] and [`TryStreamExt`]. Paging stops on the last page, on an
//! empty page, or when the server repeats a cursor, and an item already
//! yielded (by id) is not yielded again.
//!
//! ```no_run
//! use wooshpay::{setup_intents, ListSetupIntentsParams, TryStreamExt};
//!
//! # async fn demo(client: &wooshpay::Client) -> Result<(), wooshpay::Error> {
//! let params = ListSetupIntentsParams::default();
//! let mut intents = setup_intents::list(client, &params).into_stream();
//! while let Some(intent) = intents.try_next().await? {
//!     println!("{:?}", intent.id);
//! }
//! let all = setup_intents::list(client, &params).collect_all().await?;
//! # let _ = all; Ok(()) }
//! ```
//!
//! # Any endpoint: the escape hatch
//!
//! [`Client::request`] calls any endpoint, including ones this crate has no
//! function for yet, with the same authentication, idempotency keys,
//! retries, limits and redaction. The response decodes into any
//! `DeserializeOwned` type; [`RawObject`] keeps the raw JSON object.
//!
//! ```no_run
//! use wooshpay::{Method, RawObject};
//!
//! # async fn demo(client: &wooshpay::Client) -> Result<(), wooshpay::Error> {
//! let deleted: RawObject = client
//!     .request(Method::Delete, "/v1/webhook_endpoints/we_123")
//!     .await?;
//! let created: RawObject = client
//!     .request(Method::Post, "/v1/customers")
//!     .body(&serde_json::json!({ "email": "a@example.com" }))
//!     .await?;
//! let page: RawObject = client
//!     .request(Method::Get, "/v1/customers")
//!     .query(&serde_json::json!({ "limit": 3 }))
//!     .await?;
//! # let _ = (deleted, created, page); Ok(()) }
//! ```
//!
//! # Forward compatibility
//!
//! Every enum has an `Unknown(String)` variant and every tagged union (such
//! as `NextAction`) an `Unknown` variant holding the whole object as a
//! [`RawObject`], so values WooshPay adds later never break decoding. A
//! value that becomes known in a later version of this crate moves from
//! `Unknown` to its own variant, so match on what you handle and keep a
//! catch-all arm. Objects with an `extra` map keep members the spec does not
//! list. [`Error`] is `#[non_exhaustive]`.
//!
//! A response that moved money is never lost over one odd member. Only an
//! object's identity (`id`, `object`) and the members WooshPay always sends
//! (plain fields, not `Option`) must decode; any other member whose value
//! does not fit its type is kept as it came in the `extra` of the object
//! that holds it (so it serializes back unchanged), its field is `None`, and
//! the object's `unfit_members()` lists it by JSON path as an
//! [`UnfitMember`] (with the `tracing` feature, a warn event reports it
//! too, never its value).
//!
//! ```no_run
//! # async fn demo(client: &wooshpay::Client, id: &wooshpay::PaymentIntentId) -> Result<(), wooshpay::Error> {
//! let intent = wooshpay::payment_intents::retrieve(client, id).await?;
//! for unfit in intent.unfit_members() {
//!     eprintln!("`{}` is not a {} (kept raw)", unfit.path(), unfit.expected());
//! }
//! # Ok(()) }
//! ```
//!
//! ```no_run
//! # fn show(action: &wooshpay::NextAction) {
//! use wooshpay::NextAction;
//! match action {
//!     NextAction::RedirectToUrl(redirect) => println!("redirect to {:?}", redirect.url),
//!     NextAction::Unknown(raw) => println!("new kind {:?}: {raw:?}", action.tag()),
//!     other => println!("not handled: {:?}", other.tag()),
//! }
//! # }
//! ```
//!
//! # Shapes of the types
//!
//! Fields WooshPay always sends are plain; the others are `Option`. In a
//! type only ever received, an optional member holding a nested object is
//! boxed (`Option<Box<Shipping>>`): absent, as most are, it costs a pointer
//! rather than the whole nested struct, so a page of objects decodes to
//! little more than its JSON. Field access reads the same
//! (`intent.shipping.as_ref().map(|s| &s.name)`); use `as_deref()` for an
//! `Option<&Shipping>`. Types you also send (parameters) are never boxed.
//! Unions (`NextAction`, `EventObject`) are not boxed either, so they can be
//! matched directly.
//!
//! Free-form maps (`metadata`) are a [`Map`]: the members in key order in
//! one sorted vector, with `get`, `insert`, iteration and conversions to
//! and from `BTreeMap`.
//!
//! # Testing
//!
//! The workspace crate `wooshpay-test` is a stateful fake WooshPay server on
//! loopback, generated from the same spec as this crate: point a client at
//! it with `wooshpay_test::Server::start().await.client()`. Code that only
//! handles errors needs no server: [`ApiError::from_body`] (with
//! [`with_request_id`](ApiError::with_request_id) and
//! [`with_retry_after`](ApiError::with_retry_after)),
//! [`TransportError::connection_refused`],
//! [`TransportError::connection_dropped`] and [`Error::Timeout`] build each
//! kind of failure, and `Webhook::signature_header` (feature `events`)
//! signs a payload for a webhook handler's test.
//!
//! # Cargo features
//!
//! * One feature per resource, named like its module (`payment_intents`,
//!   `refunds`, `customers`, …), all on by default through `full`. With
//!   `default-features = false`, list the ones you call: a feature turns on
//!   those whose types it uses, and the others are not compiled.
//!
//!   `events` gives `Event` and the `Webhook` verifier and turns on no
//!   other resource: each variant of `EventObject` (`PaymentIntent`,
//!   `Refund`, …) exists only with its resource's feature, and an event
//!   about a kind whose feature is off still decodes, its object kept whole
//!   in `EventObject::Unknown`. So an app that takes payments and handles
//!   their webhooks, with
//!   `wooshpay = { …, default-features = false, features = ["payment_intents", "events"] }`,
//!   compiles these resources: `customers`, `events`, `payment_intents`,
//!   `payment_methods`, `setup_intents`; plus 79 other crates, the same
//!   whatever resources are chosen. Its `EventObject` has the variants
//!   `PaymentIntent`, `SetupIntent`, `SetupAttempt`, `PaymentMethod`,
//!   `Customer` and `Unknown`.
//! * `tracing` (off by default): each call is one `tracing` span named
//!   `wooshpay.request` (target `wooshpay`), with fields `method`, `path`
//!   (the endpoint's template, e.g. `/v1/setup_intents/{id}/confirm`, never
//!   the ids), `idempotency_key`, `attempt`, `status`, `request_id` and
//!   `elapsed_ms`; an info event for each retry (attempt, reason, `wait_ms`)
//!   and debug events for each response and for a retryable failure that is
//!   not retried. No header value, body, query value or server text is ever
//!   recorded. A warn event also reports each response member that did not
//!   fit its type (its path, never its value). The application installs the
//!   subscriber; the crate only emits.
//! * `blocking` (off by default): `ApiCall::send_blocking` and
//!   `ApiCall::send_with_details_blocking` send any call from synchronous
//!   code (same endpoint functions, types and client) on a private
//!   current-thread tokio runtime. Inside an async runtime they return
//!   [`Error::Request`] instead of blocking it (or panicking).
//! * `deserialize_params` (off by default): request-parameter types that no
//!   response contains (`CreateRefundParams`, …) implement
//!   [`serde::Deserialize`] too, for apps that decode their own requests, e.g.
//!   from a queue. Every type implements [`serde::Serialize`].
//!
//! # Secrets and redaction
//!
//! * The client never follows redirects (the `Authorization` header stays
//!   with WooshPay), accepts plain `http://` base URLs only for loopback
//!   hosts, and never sends loopback requests through a proxy from the
//!   environment.
//! * `Debug` of [`Client`] shows only the key's mode (`sk_test_****`); `Debug`
//!   of generated types prints `[REDACTED]` for `client_secret`, card
//!   `number` and `cvc`; `Debug` of [`RawObject`] (in `Unknown` variants,
//!   `extra` maps and raw objects) redacts secret members at any depth.
//! * Errors never contain the API key, the `Authorization` header, a
//!   `client_secret`, a card number or a CVC. Text from the server (error
//!   messages, raw bodies, request ids) is scrubbed of the exact key (also in
//!   its Basic, percent-encoded and JSON-escaped forms), of the exact
//!   `client_secret`, card number and CVC values the request sent, of
//!   anything shaped like a key (`sk_…`, `rk_…`, `pk_…`, `whsec_…`) or a
//!   client secret (`…_secret_…`), and of card numbers (12+ digits, or 13 to
//!   19 digits with spaces or dashes; the last four are kept). Values echoed
//!   in decoding errors are masked unless they look like a field name or an
//!   enum value.
//! * Response size is capped ([`ClientBuilder::max_response_bytes`], default
//!   16 MiB for success bodies; error bodies are read up to 64 KiB).
#![warn(missing_docs)]
// docs.rs (nightly): each item shows the feature it needs.
#![cfg_attr(docsrs, feature(doc_cfg))]
#![warn(rustdoc::broken_intra_doc_links, rustdoc::bare_urls)]

#[cfg(feature = "blocking")]
mod blocking;
mod client;
mod error;
mod error_queries;
mod expandable;
// Generated files are formatted by prettyplease when they are written;
// rustfmt leaves them (and the modules under them) alone.
#[rustfmt::skip]
mod generated;
mod ids;
mod map;
mod options;
mod pagination;
mod raw_object;
mod redact;
mod request;
mod retry;
mod send;
mod tolerant;
mod trace;
#[cfg(feature = "events")]
mod webhook;
#[doc(hidden)]
pub mod wire;

pub use client::{Client, ClientBuilder};
pub use error::*;
pub use expandable::{Expandable, Object};
/// The stream traits needed to consume an [`AutoPagingStream`]
/// (`next`, `try_next`, `try_collect`, …), re-exported so no direct
/// `futures-util` dependency is needed.
pub use futures_util::{Stream, StreamExt, TryStreamExt};
#[allow(unused_imports)] // empty when no resource feature is on
pub use generated::endpoints::*;
pub use generated::models::*;
pub use map::{Map, MapIter};
pub use pagination::{AutoPagingStream, HasId};
pub use raw_object::RawObject;
pub use request::{encode_path_segment, ApiCall, ApiResponse, Method};
pub use tolerant::UnfitMember;
#[cfg(feature = "events")]
pub use webhook::{MalformedHeader, Webhook, WebhookError};

/// Response decoding exactly as the client does it; public for the benchmarks.
#[doc(hidden)]
pub use request::decode as __decode_response;

/// A Unix time as WooshPay sends it. The pages document seconds, but
/// WooshPay's own examples often carry milliseconds (13 digits); the value is
/// kept exactly as sent, so check its magnitude before converting.
pub type Timestamp = i64;
