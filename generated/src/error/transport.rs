//! [`TransportError`]: the request could not be sent, or its response not
//! read.

use std::fmt;

use crate::redact::{Scrubbed, Scrubber};

/// A connection-level failure: the request could not be sent or the response
/// could not be read.
///
/// `Display` gives the failure and its root cause (e.g. `connection
/// refused`), then the method and path. The underlying error's URL is removed
/// (it could carry query parameters); request headers, including
/// `Authorization`, are never part of it, and the cause text is scrubbed.
#[derive(Debug)]
pub struct TransportError {
    // Visible to `fakes.rs`, which builds errors for users' tests.
    pub(super) method: &'static str,
    pub(super) path: Scrubbed,
    /// The error and its causes, outermost first.
    pub(super) description: Scrubbed,
    pub(super) idempotency_key: Option<String>,
    pub(super) reading_body: bool,
    pub(super) connecting: bool,
    /// `None` for an error built by hand (see [`TransportError::connection_refused`]).
    pub(super) inner: Option<reqwest::Error>,
}

impl TransportError {
    pub(crate) fn new(
        method: &'static str,
        path: &str,
        inner: reqwest::Error,
        reading_body: bool,
        idempotency_key: Option<String>,
        scrubber: &Scrubber,
    ) -> Self {
        let inner = inner.without_url();
        // reqwest calls a body cut short a "decoding" error; say what it is.
        let outer = if reading_body {
            "the connection failed while the response body was read".to_owned()
        } else {
            inner.to_string()
        };
        let mut parts: Vec<String> = vec![outer];
        let mut source = std::error::Error::source(&inner);
        while let Some(cause) = source {
            let text = cause.to_string();
            // hyper and reqwest often repeat their source's text.
            if !parts.iter().any(|p| p.contains(&text)) {
                parts.push(text);
            }
            source = cause.source();
        }
        TransportError {
            method,
            path: scrubber.scrub_server_text(path),
            description: scrubber.scrub_server_text(&parts.join(": ")),
            idempotency_key,
            reading_body,
            connecting: inner.is_connect(),
            inner: Some(inner),
        }
    }

    /// Whether the failure happened while reading the response body, after
    /// the status arrived (for a `POST`, WooshPay may have acted on it).
    pub fn is_body(&self) -> bool {
        self.reading_body
    }

    /// Whether the failure happened while connecting.
    pub fn is_connect(&self) -> bool {
        self.connecting
    }

    /// The HTTP method of the failed request (`GET`, `POST`, `DELETE`).
    pub fn method(&self) -> &str {
        self.method
    }

    /// The path of the failed request, without query string.
    pub fn path(&self) -> &str {
        self.path.as_str()
    }

    /// The `Idempotency-Key` the request was sent with (`POST` only).
    pub fn idempotency_key(&self) -> Option<&str> {
        self.idempotency_key.as_deref()
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} ({} {})",
            self.description.as_str(),
            self.method,
            self.path.as_str()
        )
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.inner.as_ref().and_then(std::error::Error::source)
    }
}
