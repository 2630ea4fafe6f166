//! A stateful fake WooshPay API for testing an integration offline,
//! generated from the same spec as the [`wooshpay`] client.
//!
//! ```toml
//! [dev-dependencies]
//! wooshpay-test = { path = "…/wooshpay-test" }   # or git, like wooshpay
//! tokio = { version = "1", features = ["macros", "rt-multi-thread"] }
//! ```
//!
//! # Testing your integration
//!
//! [`Server::start`] runs a fake API on a random loopback port, with its own
//! empty state; [`Server::client`] is a [`wooshpay::Client`] pointed at it.
//! The server stops when dropped.
//!
//! ```
//! use wooshpay::{payment_intents, refunds, CreatePaymentIntentParams, CreateRefundParams,
//!     ConfirmPaymentIntentParams, PaymentIntentCaptureMethod, PaymentIntentStatus,
//!     PaymentMethodData, PaymentMethodDataCard};
//! use wooshpay_test::{test_cards, Server};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), wooshpay::Error> {
//! let server = Server::start().await;
//! let client = server.client();
//!
//! // Hold 20.00 USD, then confirm with a card.
//! let params = CreatePaymentIntentParams::new(2000, "USD")
//!     .capture_method(PaymentIntentCaptureMethod::Manual);
//! let intent = payment_intents::create(&client, &params).await?;
//! let card = PaymentMethodData::card(PaymentMethodDataCard::new(test_cards::SUCCEEDS));
//! let confirm = ConfirmPaymentIntentParams::new().payment_method_data(card);
//! let intent = payment_intents::confirm(&client, &intent.id, &confirm).await?;
//! assert_eq!(intent.status, PaymentIntentStatus::RequiresCapture);
//!
//! // Capture 15.00 of it, refund 5.00; a second refund of 15.00 is too much.
//! let capture = wooshpay::CapturePaymentIntentParams::new().amount_to_capture(1500);
//! payment_intents::capture(&client, &intent.id, &capture).await?;
//! let refund = CreateRefundParams::new().payment_intent(&intent.id).amount(500);
//! refunds::create(&client, &refund).await?;
//! let too_much = CreateRefundParams::new().payment_intent(&intent.id).amount(1500);
//! let error = refunds::create(&client, &too_much).await.unwrap_err();
//! assert_eq!(error.as_api_error().and_then(|e| e.param()), Some("amount"));
//!
//! // The state is real: what was stored is found again.
//! let found = payment_intents::retrieve(&client, &intent.id).await?;
//! assert_eq!(found.amount_received, Some(1500));
//!
//! // Every state change recorded an event, signed for a webhook handler.
//! let succeeded = server.events().into_iter()
//!     .find(|event| event.event_type == "payment_intent.succeeded").unwrap();
//! let event = wooshpay::Webhook::construct_event(
//!     &succeeded.payload, &succeeded.signature_header, server.webhook_secret()).unwrap();
//! assert_eq!(event.type_, wooshpay::EventType::PaymentIntentSucceeded);
//! # Ok(())
//! # }
//! ```
//!
//! ## What it does
//!
//! - **Every endpoint of the client** is answered, from tables that
//!   `cargo xtask codegen` writes from the spec (`src/tables.rs`): routes,
//!   where parameters go, which are required, enum values, id prefixes,
//!   `object` names. Create stores an object built from the parameters and
//!   defaults, with a fresh id of the documented prefix; retrieve finds it
//!   or answers the API's 404 error object (`resource_missing`); update
//!   merges (`metadata` key by key); delete deletes; list pages newest
//!   first with `limit`, `starting_after` and `ending_before`, keeps the
//!   objects matching the documented filters (a list parameter named like a
//!   member of the listed object, and `created` ranges); search understands
//!   `field:'value'` clauses joined by `AND`.
//! - **Requests are checked as the spec says**: an unknown parameter, a
//!   missing required one, a value of the wrong type or outside its enum is
//!   an HTTP 400 `invalid_request_error` whose `param` names it
//!   (`shipping[name]`). A request without HTTP Basic auth gets a 401.
//! - **Money flows**: PaymentIntents go `requires_payment_method` →
//!   (`requires_confirmation`) → `requires_action` for cards that need 3D
//!   Secure, with a `next_action` of type `challenge_redirect` →
//!   `succeeded`, or `requires_capture` with `capture_method: manual`, then
//!   capture (in part, at most the capturable amount) or cancel.
//!   SetupIntents go the same way to `succeeded` and attach the card to
//!   the customer. Refunds need a PaymentIntent that received money and
//!   never exceed what is left of it. A declined card is an HTTP 402
//!   `card_error` with `code` and `decline_code`, and the intent keeps the
//!   error in `last_payment_error` / `last_setup_error`. See [`test_cards`].
//!   Complete a 3D Secure challenge with [`Server::authenticate`] (or by
//!   requesting the `next_action` URL).
//! - **Idempotency**: a repeated `POST` with the same `Idempotency-Key`
//!   gets the first answer again (with `Idempotent-Replayed: true`); the
//!   same key with other parameters is an HTTP 400 `idempotency_error`.
//! - **Faults on demand** ([`Server::inject`], [`Server::inject_on`]): the
//!   next calls answer 429 with `Retry-After`, 500, drop the connection, or
//!   answer late; [`Server::requests`] shows the retries the client made.
//! - **Webhooks**: each state change records an event of the documented
//!   type (the spec's `EventType` values only), stored so that
//!   `events::retrieve` finds it. [`Server::events`] hands over each one as
//!   the raw body and `Wooshpay-Signature` header a handler receives;
//!   [`Server::deliver_webhooks_to`] POSTs them to a URL (so does creating a
//!   webhook endpoint through the API, with the secret it returned), and
//!   [`Server::wait_for_webhooks`] waits for the deliveries.
//!
//! ## Errors without a server
//!
//! A unit test of code that handles errors needs no server at all:
//! [`wooshpay::ApiError::from_body`] makes the error the client would
//! return for a status and an error body (a decline, a rate limit, …), and
//! `wooshpay::Error::from` turns it into an `Error`. For network failures,
//! timeouts and retries, use the server's faults ([`Server::inject`]).
//!
//! ## Why a separate crate
//!
//! The fake is a dev-dependency: its server and tables never reach the
//! build of an app that ships `wooshpay`. A `testing` feature of `wooshpay`
//! would have been one flag away from every production build, and a
//! dev-dependency's features leak into the normal build where the old
//! feature resolver is used.
//!
//! ## Limits
//!
//! The fake checks requests and keeps state as the spec describes; where
//! the docs are silent it follows Stripe's conventions (error codes,
//! newest-first lists, test cards, declines answered with 402). It does
//! not expand ids, run search expressions beyond equality, or age objects
//! (held funds are never released).

#[cfg(test)]
mod client_decodes;
mod error;
#[cfg(test)]
mod every_endpoint;
mod faults;
mod handlers;
mod money;
mod objects;
mod query;
mod server;
mod spec;
mod store;
#[rustfmt::skip]
mod tables;
mod validate;
mod webhooks;

pub use faults::Fault;
pub use server::Server;
pub use store::RecordedRequest;
#[doc(hidden)]
pub use tables::{with_response_type, ResponseTypeUse};
pub use webhooks::{DeliveryResult, SignedWebhook};

/// Card numbers that steer a confirmation, for `payment_method_data`.
///
/// WooshPay documents no test cards; these are Stripe's numbers, which
/// WooshPay's test mode is modelled on. Any other number that passes the
/// Luhn check succeeds; one that does not is declined as
/// `incorrect_number`. A payment method created with
/// `payment_methods::create` (which takes no number) behaves like the test
/// card with the same `last4`.
pub mod test_cards {
    /// Succeeds (Visa).
    pub const SUCCEEDS: &str = "4242424242424242";
    /// Declined: `card_declined`, decline code `generic_decline`.
    pub const DECLINED: &str = "4000000000000002";
    /// Declined: `card_declined`, decline code `insufficient_funds`.
    pub const INSUFFICIENT_FUNDS: &str = "4000000000009995";
    /// Needs 3D Secure: the intent goes to `requires_action`.
    pub const REQUIRES_AUTHENTICATION: &str = "4000002760003184";
    /// Needs 3D Secure on every payment (Stripe's "always authenticate").
    pub const REQUIRES_AUTHENTICATION_ALWAYS: &str = "4000002500003155";
}

/// Every endpoint the fake answers, as `(module, function, method, path)`
/// (`("payment_intents", "create", "POST", "/v1/payment_intents")`), in
/// spec order: the same list the `wooshpay` crate has functions for.
pub fn endpoints() -> impl Iterator<Item = (&'static str, &'static str, &'static str, &'static str)>
{
    spec::endpoints().iter().map(|endpoint| {
        (
            endpoint.module,
            endpoint.name,
            endpoint.method.as_str(),
            endpoint.path,
        )
    })
}
