//! Errors built by hand, for testing the code that handles them without a
//! server: a decline with its request id, a rate limit with its wait, a
//! connection that failed. Together with [`ApiError::from_body`] and the
//! public [`Error::Timeout`](crate::Error::Timeout) variant, every question
//! [`Error`](crate::Error) answers can be set up in a unit test.

use std::time::Duration;

use super::{ApiError, TransportError};
use crate::redact::Scrubber;
use crate::Method;

impl ApiError {
    /// The same error with the `Request-Id` WooshPay would have sent, as
    /// [`request_id`](ApiError::request_id) reports it.
    ///
    /// ```
    /// use serde_json::json;
    /// use wooshpay::{ApiError, Error};
    ///
    /// let error = Error::from(
    ///     ApiError::from_body(429, &json!({"error": {"type": "invalid_request_error"}}))
    ///         .with_request_id("req_123")
    ///         .with_retry_after(std::time::Duration::from_secs(2)),
    /// );
    /// assert!(error.is_rate_limited());
    /// assert_eq!(error.request_id(), Some("req_123"));
    /// assert_eq!(error.retry_after(), Some(std::time::Duration::from_secs(2)));
    /// ```
    pub fn with_request_id(mut self, request_id: &str) -> ApiError {
        self.inner.request_id = Some(Scrubber::default().scrub_server_text(request_id));
        self
    }

    /// The same error with the wait a `Retry-After` header would have
    /// asked for, capped at 60 s as the client caps the header.
    pub fn with_retry_after(mut self, wait: Duration) -> ApiError {
        self.inner.retry_after = Some(wait.min(Duration::from_secs(60)));
        self
    }

    /// The same error as answered to a call sent with this
    /// `Idempotency-Key` (a `POST`).
    pub fn with_idempotency_key(mut self, key: &str) -> ApiError {
        self.inner.idempotency_key = Some(key.to_owned());
        self
    }
}

impl TransportError {
    /// A connection to WooshPay that could not be opened (refused, DNS,
    /// TLS): [`is_connect`](TransportError::is_connect) is true, and
    /// WooshPay never saw the request.
    ///
    /// ```
    /// use wooshpay::{Error, Method, TransportError};
    ///
    /// let error = Error::Transport(TransportError::connection_refused(
    ///     Method::Post,
    ///     "/v1/payment_intents",
    /// ));
    /// assert!(error.is_network());
    /// assert!(!error.is_timeout());
    /// ```
    pub fn connection_refused(method: Method, path: &str) -> TransportError {
        TransportError::by_hand(method, path, "connection refused", true, false)
    }

    /// A connection that broke while the response was read: for a `POST`,
    /// WooshPay may have acted on the request
    /// ([`is_body`](TransportError::is_body) is true).
    pub fn connection_dropped(method: Method, path: &str) -> TransportError {
        TransportError::by_hand(
            method,
            path,
            "the connection failed while the response body was read",
            false,
            true,
        )
    }

    fn by_hand(
        method: Method,
        path: &str,
        description: &str,
        connecting: bool,
        reading_body: bool,
    ) -> TransportError {
        let scrubber = Scrubber::default();
        TransportError {
            method: method.as_str(),
            path: scrubber.scrub_server_text(path),
            description: scrubber.scrub_server_text(description),
            idempotency_key: None,
            reading_body,
            connecting,
            inner: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Error;

    #[test]
    fn a_dropped_connection_is_a_network_error_read_mid_body() {
        let dropped = TransportError::connection_dropped(Method::Post, "/v1/refunds");
        assert!(dropped.is_body() && !dropped.is_connect());
        assert_eq!(dropped.method(), "POST");
        assert_eq!(dropped.path(), "/v1/refunds");
        assert!(std::error::Error::source(&dropped).is_none());
        let error = Error::Transport(dropped);
        assert!(error.is_network() && error.is_retryable());
        assert_eq!(
            error.to_string(),
            "transport error: the connection failed while the response body was read (POST /v1/refunds)"
        );
    }

    #[test]
    fn retry_after_is_capped_as_the_header_is() {
        let error = ApiError::from_body(429, &serde_json::json!({}))
            .with_retry_after(Duration::from_secs(3600))
            .with_idempotency_key("key_1");
        assert_eq!(error.retry_after(), Some(Duration::from_secs(60)));
        assert_eq!(error.idempotency_key(), Some("key_1"));
    }
}
