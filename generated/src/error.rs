//! The crate's error type. The guide to handling errors is in the crate
//! documentation (`lib.rs`), where it renders.

use std::fmt;
use std::time::Duration;

use crate::redact::{Scrubbed, Scrubber};

mod fakes;
mod transport;

pub use transport::TransportError;

/// Longest raw response body kept in [`ApiError::raw_body`], in bytes.
pub(crate) const RAW_BODY_LIMIT: usize = 2048;

/// Everything that can go wrong when talking to WooshPay.
///
/// No `Display` or `Debug` output of an `Error` contains the API key, an
/// `Authorization` header, a `client_secret`, a card number or a CVC.
///
/// The usual questions have answers on `Error` itself, whatever the
/// variant; a decline, a rate limit and a network failure, told apart:
///
/// ```no_run
/// # async fn demo(client: &wooshpay::Client, params: &wooshpay::ConfirmPaymentIntentParams) {
/// match wooshpay::payment_intents::confirm(client, "pi_123", params).await {
///     Ok(intent) => println!("{:?}", intent.status),
///     Err(e) if e.is_card_error() => println!("declined: {:?}", e.decline_code()),
///     Err(e) if e.is_rate_limited() => println!("slow down for {:?}", e.retry_after()),
///     Err(e) if e.is_network() || e.is_timeout() => {
///         println!("no answer; retry later with key {:?}", e.idempotency_key())
///     }
///     Err(e) => println!("failed: {e} (request {:?})", e.request_id()),
/// }
/// # }
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// WooshPay answered with a non-success HTTP status, or with a success
    /// status and an error object (`{"error": {...}}`) as the body.
    #[error(transparent)]
    Api(#[from] ApiError),

    /// The request could not be sent, or the response could not be read
    /// (connection refused, reset, TLS failure, …), after all retries.
    #[error("transport error: {0}")]
    Transport(#[source] TransportError),

    /// An attempt took longer than the configured timeout (or the call's
    /// total time budget ran out), and no retries were left.
    #[error("request timed out")]
    Timeout {
        /// The `Idempotency-Key` the request was sent with (`POST` only).
        idempotency_key: Option<String>,
    },

    /// The response body was larger than the client accepts
    /// ([`ClientBuilder::max_response_bytes`](crate::ClientBuilder::max_response_bytes)).
    /// Not retried: the same request would most likely get the same body.
    #[error("the response body is larger than the limit of {limit} bytes")]
    ResponseTooLarge {
        /// The limit in bytes.
        limit: u64,
        /// The `Idempotency-Key` the request was sent with (`POST` only).
        idempotency_key: Option<String>,
    },

    /// WooshPay answered with a success status but the body does not match
    /// the expected type.
    #[error("could not decode WooshPay response (HTTP {status}) at `{path}`: {message}")]
    Decode {
        /// HTTP status of the response.
        status: u16,
        /// JSON path of the mismatch, e.g. `next_action.redirect_to_url.url`
        /// (`.` when the mismatch is at the top level).
        path: String,
        /// What went wrong, with quoted values redacted.
        message: String,
    },

    /// The request parameters could not be serialized to JSON (or to a
    /// query string).
    #[error("could not serialize request parameters: {0}")]
    Serialize(String),

    /// The request could not be built, e.g. a path parameter was empty or a
    /// dot segment (`.`/`..`), a [`Client::request`](crate::Client::request)
    /// path was malformed, or an idempotency key was not a valid header
    /// value.
    #[error("invalid request: {0}")]
    Request(String),

    /// The client configuration is invalid (bad key prefix, refused base URL,
    /// …). The message never contains the key.
    #[error("invalid client configuration: {0}")]
    Config(String),
}

impl Error {
    /// The HTTP status of the response that caused this error, if there was
    /// one.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api(e) => Some(e.status()),
            Error::Decode { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The parsed API error, if WooshPay answered with an error.
    pub fn as_api_error(&self) -> Option<&ApiError> {
        match self {
            Error::Api(e) => Some(e),
            _ => None,
        }
    }

    /// Whether this error is of a kind the client retries automatically
    /// (connection problems, timeouts, HTTP 409 other than
    /// `idempotency_error`, 429, 500, 502, 503, 504). When you get such an
    /// error, the client's retries (or its total time budget) were already
    /// used up.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Api(e) => e.is_retryable(),
            Error::Transport(_) | Error::Timeout { .. } => true,
            _ => false,
        }
    }

    /// Whether WooshPay refused the request's parameters
    /// (`invalid_request_error`, or HTTP 400 without a type).
    pub fn is_invalid_request(&self) -> bool {
        self.as_api_error()
            .is_some_and(ApiError::is_invalid_request)
    }

    /// Whether the card was declined or could not be used (`card_error`).
    pub fn is_card_error(&self) -> bool {
        self.as_api_error().is_some_and(ApiError::is_card_error)
    }

    /// The `Idempotency-Key` the failed `POST` was sent with (on every
    /// attempt), when the request was sent at all.
    ///
    /// To retry by hand without risking a double charge, send the same call
    /// again with [`ApiCall::idempotency_key`](crate::ApiCall::idempotency_key)
    /// set to this key: WooshPay then performs the operation at most once.
    pub fn idempotency_key(&self) -> Option<&str> {
        match self {
            Error::Api(e) => e.idempotency_key(),
            Error::Transport(e) => e.idempotency_key(),
            Error::Timeout { idempotency_key }
            | Error::ResponseTooLarge {
                idempotency_key, ..
            } => idempotency_key.as_deref(),
            _ => None,
        }
    }
}

/// Why an object of a kind this SDK knows did not decode as that kind (see
/// `EventObject::decode_failure`). The object itself is kept, whole, in the
/// union's `Unknown` variant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeFailure {
    tag: String,
    path: String,
    message: String,
}

impl DecodeFailure {
    pub(crate) fn new(tag: &str, path: &str, message: &str) -> DecodeFailure {
        DecodeFailure {
            tag: crate::redact::scrub(tag),
            path: crate::redact::scrub(path),
            message: crate::redact::redact_serde_message(message),
        }
    }

    /// The kind the object names (its tag, e.g. `payment_intent`).
    pub fn kind(&self) -> &str {
        &self.tag
    }

    /// JSON path of the mismatch inside the object (`.` for the object itself).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// What did not fit, with quoted values redacted.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for DecodeFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "a `{}` object did not decode at `{}`: {}",
            self.tag, self.path, self.message
        )
    }
}

impl std::error::Error for DecodeFailure {}

/// An error response from WooshPay.
///
/// Both the `{"error": {...}}` envelope and a flat error object are
/// understood. When the body is neither (for instance an HTML page from a
/// proxy), the scrubbed and truncated body text is kept in
/// [`raw_body`](ApiError::raw_body). Text from the server is scrubbed of
/// secrets (see "Secrets and redaction" in the crate documentation).
///
/// The details are boxed so that [`Error`] stays small.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    inner: Box<ApiErrorInner>,
}

/// Every piece of server text is a [`Scrubbed`], which only
/// [`Scrubber::scrub_server_text`] makes: a member added here cannot skip
/// the scrubber without failing to compile.
#[derive(Debug, Clone, PartialEq)]
struct ApiErrorInner {
    status: u16,
    type_: Option<crate::ErrorType>,
    code: Option<Scrubbed>,
    decline_code: Option<Scrubbed>,
    message: Option<Scrubbed>,
    param: Option<Scrubbed>,
    raw_body: Option<Scrubbed>,
    request_id: Option<Scrubbed>,
    retry_after: Option<Duration>,
    idempotency_key: Option<String>,
}

impl ApiError {
    /// HTTP status code of the response.
    pub fn status(&self) -> u16 {
        self.inner.status
    }

    /// Broad category of the error (`type` on the wire), if WooshPay sent
    /// one.
    pub fn error_type(&self) -> Option<&crate::ErrorType> {
        self.inner.type_.as_ref()
    }

    /// Machine-readable error code, if any.
    pub fn code(&self) -> Option<&str> {
        self.inner.code.as_ref().map(Scrubbed::as_str)
    }

    /// Issuer decline reason (card errors), if any.
    pub fn decline_code(&self) -> Option<&str> {
        self.inner.decline_code.as_ref().map(Scrubbed::as_str)
    }

    /// Human-readable message, if any.
    pub fn message(&self) -> Option<&str> {
        self.inner.message.as_ref().map(Scrubbed::as_str)
    }

    /// The request parameter the error relates to, if any.
    pub fn param(&self) -> Option<&str> {
        self.inner.param.as_ref().map(Scrubbed::as_str)
    }

    /// The body text when it was not a recognizable error object (truncated
    /// to 2 KiB, secrets masked).
    pub fn raw_body(&self) -> Option<&str> {
        self.inner.raw_body.as_ref().map(Scrubbed::as_str)
    }

    /// Value of the `Request-Id` (or `X-Request-Id`) response header, if
    /// any; useful for support requests.
    pub fn request_id(&self) -> Option<&str> {
        self.inner.request_id.as_ref().map(Scrubbed::as_str)
    }

    /// How long WooshPay asked to wait before retrying (`Retry-After` in
    /// seconds, capped at 60 s), if it said so.
    pub fn retry_after(&self) -> Option<Duration> {
        self.inner.retry_after
    }

    /// Whether the client retries this error: HTTP 409 (except an
    /// `idempotency_error`, which is deterministic), 429, 500, 502, 503, 504.
    /// When you see such an error, the retries were already used up.
    pub fn is_retryable(&self) -> bool {
        crate::retry::is_retryable_status(self.inner.status)
            && self.inner.type_ != Some(crate::ErrorType::IdempotencyError)
    }

    /// Whether WooshPay refused the request's parameters
    /// (`invalid_request_error`, or an HTTP 400 without a type).
    pub fn is_invalid_request(&self) -> bool {
        match &self.inner.type_ {
            Some(t) => *t == crate::ErrorType::InvalidRequestError,
            None => self.inner.status == 400,
        }
    }

    /// Whether an idempotency key was reused with different parameters
    /// (`idempotency_error`). Never retried.
    pub fn is_idempotency_error(&self) -> bool {
        self.inner.type_ == Some(crate::ErrorType::IdempotencyError)
    }

    /// The `Idempotency-Key` the request was sent with (`POST` only); send
    /// the call again with this key to retry it safely by hand.
    pub fn idempotency_key(&self) -> Option<&str> {
        self.inner.idempotency_key.as_deref()
    }

    pub(crate) fn set_idempotency_key(&mut self, key: Option<String>) {
        self.inner.idempotency_key = key;
    }

    /// Whether this is a `card_error` (or an HTTP 402 without a type).
    pub fn is_card_error(&self) -> bool {
        match &self.inner.type_ {
            Some(t) => *t == crate::ErrorType::CardError,
            None => self.inner.status == 402,
        }
    }

    /// Whether the API key was refused (HTTP 401).
    pub fn is_authentication_error(&self) -> bool {
        self.inner.status == 401
    }

    /// Whether the resource does not exist (HTTP 404).
    pub fn is_not_found(&self) -> bool {
        self.inner.status == 404
    }

    /// Whether the request was rate limited (HTTP 429).
    pub fn is_rate_limited(&self) -> bool {
        self.inner.status == 429
    }

    /// The error the client would return for a response with `status` and
    /// this JSON body (WooshPay's `{"error": {...}}` object), for testing
    /// code that handles errors without a server:
    ///
    /// ```
    /// use serde_json::json;
    /// use wooshpay::{ApiError, Error};
    ///
    /// let declined = Error::from(ApiError::from_body(402, &json!({"error": {
    ///     "type": "card_error", "code": "card_declined", "decline_code": "insufficient_funds",
    /// }})));
    /// assert!(declined.is_card_error());
    /// assert_eq!(declined.decline_code(), Some("insufficient_funds"));
    /// ```
    ///
    /// Text in the body is scrubbed as the server's would be.
    pub fn from_body(status: u16, body: &serde_json::Value) -> ApiError {
        let bytes = serde_json::to_vec(body).unwrap_or_default();
        ApiError::from_response(status, &bytes, None, None, &Scrubber::default())
    }

    /// Builds an `ApiError` from a response. Text from the server goes
    /// through `scrubber`.
    pub(crate) fn from_response(
        status: u16,
        body: &[u8],
        request_id: Option<String>,
        retry_after: Option<Duration>,
        scrubber: &Scrubber,
    ) -> ApiError {
        let mut err = ApiErrorInner {
            status,
            type_: None,
            code: None,
            decline_code: None,
            message: None,
            param: None,
            raw_body: None,
            request_id: request_id.map(|s| scrubber.scrub_server_text(&s)),
            retry_after,
            idempotency_key: None,
        };
        let value: Option<serde_json::Value> = serde_json::from_slice(body).ok();
        let parsed = match value {
            Some(serde_json::Value::Object(map)) => match map.get("error") {
                Some(serde_json::Value::Object(inner)) => err.fill_from(inner, scrubber),
                Some(serde_json::Value::String(s)) => {
                    err.message = Some(scrubber.scrub_server_text(s));
                    // A string `error` next to flat fields (`{"error": "...",
                    // "code": "..."}`): take the flat fields as well.
                    err.fill_from(&map, scrubber);
                    true
                }
                _ => err.fill_from(&map, scrubber),
            },
            _ => false,
        };
        if !parsed {
            err.raw_body = Some(truncate_body(body, scrubber));
        }
        ApiError {
            inner: Box::new(err),
        }
    }
}

impl ApiErrorInner {
    /// Copies the known error members from `obj`; returns whether any was
    /// found.
    fn fill_from(
        &mut self,
        obj: &serde_json::Map<String, serde_json::Value>,
        scrubber: &Scrubber,
    ) -> bool {
        let text = |key: &str| -> Option<Scrubbed> {
            match obj.get(key)? {
                serde_json::Value::String(s) => Some(scrubber.scrub_server_text(s)),
                serde_json::Value::Number(n) => Some(scrubber.scrub_server_text(&n.to_string())),
                serde_json::Value::Bool(b) => Some(scrubber.scrub_server_text(&b.to_string())),
                _ => None,
            }
        };
        let mut found = false;
        // The type is read from scrubbed text too: an unknown one is kept
        // as `ErrorType::Unknown(text)`, and that text may echo anything.
        if let Some(t) = text("type") {
            self.type_ = Some(crate::ErrorType::from(t.as_str()));
            found = true;
        }
        for (key, slot) in [
            ("code", &mut self.code),
            ("decline_code", &mut self.decline_code),
            ("message", &mut self.message),
            ("param", &mut self.param),
        ] {
            if let Some(v) = text(key) {
                *slot = Some(v);
                found = true;
            }
        }
        // Some gateways use `msg` or `error_description`.
        if self.message.is_none() {
            if let Some(v) = text("msg").or_else(|| text("error_description")) {
                self.message = Some(v);
                found = true;
            }
        }
        found
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let e = &*self.inner;
        write!(f, "WooshPay API error (HTTP {}", e.status)?;
        if let Some(t) = &e.type_ {
            write!(f, ", type {}", t.as_str())?;
        }
        if let Some(c) = &e.code {
            write!(f, ", code {c}")?;
        }
        if let Some(c) = &e.decline_code {
            write!(f, ", decline code {c}")?;
        }
        if let Some(p) = &e.param {
            write!(f, ", param {p}")?;
        }
        if let Some(id) = &e.request_id {
            write!(f, ", request {id}")?;
        }
        f.write_str(")")?;
        match (&e.message, &e.raw_body) {
            (Some(m), _) => write!(f, ": {m}"),
            (None, Some(raw)) if raw.as_str().trim().is_empty() => f.write_str(": empty body"),
            (None, Some(raw)) => {
                let snippet: String = raw
                    .as_str()
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ");
                let snippet: String = snippet.chars().take(120).collect();
                write!(f, ": unrecognized body: {snippet}")
            }
            (None, None) => Ok(()),
        }
    }
}

impl std::error::Error for ApiError {}

/// Scrubs a body, then cuts it to [`RAW_BODY_LIMIT`] bytes (at a char
/// boundary). In that order: a secret that crossed the cut would no longer
/// match the scrubber, and its first part would show.
fn truncate_body(body: &[u8], scrubber: &Scrubber) -> Scrubbed {
    let text = String::from_utf8_lossy(body);
    scrubber
        .scrub_server_text(&text)
        .truncated(RAW_BODY_LIMIT, "…[truncated]")
}

#[cfg(test)]
mod tests;
