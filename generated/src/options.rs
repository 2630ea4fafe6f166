//! Per-call options ([`ApiCall::timeout`], [`ApiCall::max_retries`],
//! [`ApiCall::header`]): what one call changes from the client's defaults.

use std::time::Duration;

use reqwest::header::{HeaderName, HeaderValue};

use crate::client::LONGEST_DURATION;
#[cfg(doc)]
use crate::ApiCall;

/// Headers the client sets itself (or that only the HTTP stack may set):
/// an extra header with one of these names is refused, so a call can never
/// send another key, lose its idempotency key or break the framing.
const OWNED_HEADERS: &[&str] = &[
    "authorization",
    "proxy-authorization",
    "idempotency-key",
    "user-agent",
    "accept",
    "content-type",
    "content-length",
    "content-encoding",
    "transfer-encoding",
    "host",
    "connection",
    "keep-alive",
    "te",
    "trailer",
    "upgrade",
    "expect",
];

/// What a call sets for itself; `None` keeps the client's setting.
#[derive(Clone, Default)]
pub(crate) struct CallOptions {
    /// Per-attempt timeout.
    pub(crate) timeout: Option<Duration>,
    pub(crate) max_retries: Option<u32>,
    /// Extra headers, checked; every value is marked sensitive so that no
    /// `Debug` of the HTTP stack prints it.
    pub(crate) headers: Vec<(HeaderName, HeaderValue)>,
}

impl CallOptions {
    /// Sets the per-attempt timeout; a zero timeout is an error.
    pub(crate) fn set_timeout(&mut self, timeout: Duration) -> Result<(), String> {
        if timeout.is_zero() {
            return Err("the call's timeout must be greater than zero".to_owned());
        }
        self.timeout = Some(timeout.min(LONGEST_DURATION));
        Ok(())
    }

    /// Adds an extra header, or says why it cannot be sent. The message
    /// names the header but never shows its value.
    pub(crate) fn add_header(&mut self, name: &str, value: &str) -> Result<(), String> {
        let name = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| "an extra header's name is not a valid HTTP header name".to_owned())?;
        if OWNED_HEADERS.contains(&name.as_str()) {
            let hint = if name == "idempotency-key" {
                "; use `ApiCall::idempotency_key`"
            } else {
                ""
            };
            return Err(format!(
                "the `{name}` header is set by the client and cannot be given as an extra header{hint}"
            ));
        }
        let mut value = HeaderValue::from_str(value).map_err(|_| {
            format!("the value of the extra header `{name}` contains characters not allowed in a header")
        })?;
        value.set_sensitive(true);
        // A later value for the same name replaces the earlier one.
        self.headers.retain(|(existing, _)| *existing != name);
        self.headers.push((name, value));
        Ok(())
    }

    /// The names of the extra headers, for `Debug` (never the values).
    pub(crate) fn header_names(&self) -> Vec<&str> {
        self.headers.iter().map(|(name, _)| name.as_str()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn owned_headers_are_refused_in_any_case() {
        let mut options = CallOptions::default();
        for name in ["Authorization", "IDEMPOTENCY-KEY", "content-type", "Host"] {
            let message = options.add_header(name, "sk_test_secret").unwrap_err();
            assert!(message.contains("set by the client"), "{message}");
            assert!(!message.contains("sk_test_secret"), "{message}");
        }
        assert!(options.headers.is_empty());
    }

    #[test]
    fn bad_names_and_values_are_refused_without_the_value() {
        let mut options = CallOptions::default();
        assert!(options.add_header("bad name", "x").is_err());
        let message = options
            .add_header("X-Note", "line\nbreak-secret")
            .unwrap_err();
        assert!(message.contains("x-note"), "{message}");
        assert!(!message.contains("break-secret"), "{message}");
    }

    #[test]
    fn a_later_value_replaces_an_earlier_one() {
        let mut options = CallOptions::default();
        options.add_header("X-Trace", "1").unwrap();
        options.add_header("x-trace", "2").unwrap();
        assert_eq!(options.headers.len(), 1);
        assert_eq!(options.headers[0].1, "2");
        assert!(options.headers[0].1.is_sensitive());
        assert_eq!(options.header_names(), ["x-trace"]);
    }

    #[test]
    fn timeouts_must_be_positive_and_are_bounded() {
        let mut options = CallOptions::default();
        assert!(options.set_timeout(Duration::ZERO).is_err());
        options.set_timeout(Duration::MAX).unwrap();
        assert_eq!(options.timeout, Some(LONGEST_DURATION));
    }
}
