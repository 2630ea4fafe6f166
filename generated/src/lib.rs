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
//!     customer: Some("cus_123".to_owned()),
//!     usage: Some(SetupIntentUsage::OffSession),
//!     ..Default::default()
//! };
//! let intent = setup_intents::create(&client, &params).await?;
//! println!("{:?} is {:?}", intent.id, intent.status);
//! # Ok(()) }
//! ```
//!
//! Every enum has an `Unknown(String)` variant and every tagged union an
//! `Unknown` variant, so a value WooshPay adds later never breaks
//! deserialization. Secrets (the API key, `client_secret`, card number and
//! CVC) never appear in `Debug` output or error messages.
#![deny(missing_docs, warnings)]
#![deny(rustdoc::broken_intra_doc_links, rustdoc::bare_urls)]

mod client;
mod error;
mod expandable;
// Generated files are formatted by prettyplease when they are written;
// rustfmt leaves them (and the modules under them) alone.
#[rustfmt::skip]
mod generated;
mod pagination;
mod request;
mod retry;
#[doc(hidden)]
pub mod wire;

pub use client::{Client, ClientBuilder};
pub use error::*;
pub use expandable::Expandable;
pub use generated::endpoints::*;
pub use generated::models::*;
pub use pagination::HasId;
pub use request::{encode_path_segment, ApiCall, Method};

/// Response decoding exactly as the client does it; public for the benchmarks.
#[doc(hidden)]
pub use request::decode as __decode_response;

/// A JSON object kept as it came: for objects the spec does not describe yet,
/// and for members a type does not list.
pub type RawObject = serde_json::Map<String, serde_json::Value>;

/// Seconds since the Unix epoch, as WooshPay documents `created`.
pub type Timestamp = i64;
