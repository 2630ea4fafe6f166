//! The questions a caller asks of a failed call, answered on [`Error`]
//! itself, whatever the variant: was it a decline, a rate limit, a timeout,
//! a network failure, and what to quote to support.

use std::time::Duration;

use crate::error::Error;

impl Error {
    /// The `Request-Id` WooshPay gave the failed response, if it answered
    /// at all: quote it to WooshPay's support.
    pub fn request_id(&self) -> Option<&str> {
        self.as_api_error().and_then(|api| api.request_id())
    }

    /// Whether WooshPay refused the call for too many requests (HTTP 429).
    /// Such calls are retried automatically; when you see one, the retries
    /// were used up. [`retry_after`](Error::retry_after) says how long
    /// WooshPay asked to wait.
    pub fn is_rate_limited(&self) -> bool {
        self.as_api_error().is_some_and(|api| api.is_rate_limited())
    }

    /// How long WooshPay asked to wait before trying again (`Retry-After`
    /// in seconds, capped at 60 s), if it said so.
    pub fn retry_after(&self) -> Option<Duration> {
        self.as_api_error().and_then(|api| api.retry_after())
    }

    /// Whether the call timed out: an attempt took longer than its timeout,
    /// or the call's total time bound ran out. For a `POST`, WooshPay may
    /// have acted on it: retry with the same
    /// [`idempotency_key`](Error::idempotency_key).
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Timeout { .. })
    }

    /// Whether the connection failed or dropped: it could not be opened
    /// (refused, DNS, TLS) or broke before the whole response was read.
    /// Timeouts are reported by [`is_timeout`](Error::is_timeout) instead.
    pub fn is_network(&self) -> bool {
        matches!(self, Error::Transport(_))
    }

    /// The issuer's reason for declining the card (`decline_code`, e.g.
    /// `insufficient_funds`), if WooshPay gave one.
    pub fn decline_code(&self) -> Option<&str> {
        self.as_api_error().and_then(|api| api.decline_code())
    }
}
