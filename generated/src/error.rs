//! Errors returned by the WooshPay client.
//!
//! Every fallible call in this crate returns [`Error`]. The variants separate
//! the cases a caller usually handles differently:
//!
//! * [`Error::Api`]: WooshPay answered with a non-2xx status; the parsed error
//!   object is in [`ApiError`].
//! * [`Error::Transport`] and [`Error::Timeout`]: the request never got a
//!   complete answer (after all retries).
//! * [`Error::Decode`]: WooshPay answered 2xx but the body does not match the
//!   Rust types; the JSON path of the mismatch is given.
//! * [`Error::Serialize`], [`Error::Request`] and [`Error::Config`]: the
//!   request could not be built, or the client could not be configured.
//!
//! # Secrets never appear in errors
//!
//! No `Display` or `Debug` output of these types contains the API key, an
//! `Authorization` header, a `client_secret`, a card number or a CVC:
//!
//! * the API key is never stored in an error. Text received from the server
//!   (error messages, raw bodies) is scrubbed: words starting with `sk_`,
//!   `rk_`, `pk_` or `whsec_` keep only their prefix (`sk_test_****`), words
//!   containing `_secret_` lose everything after it, and runs of 12 or more
//!   digits keep only their last four digits;
//! * transport errors are stripped of their URL (which could carry query
//!   parameters) and carry only the method and path;
//! * serde messages can echo values (`invalid type: string "…"`), so every
//!   quoted span (`"…"` or `` `…` ``) in [`Error::Decode`] and
//!   [`Error::Serialize`] messages is replaced by `***` unless its content is
//!   a short enum-like token: 1 to 40 characters from `a-z`, `0-9`, `_`, `.`,
//!   `-`, with at least one letter, no `secret` substring and no key prefix.
//!   So `` missing field `id` `` and `` unknown variant `card` `` stay
//!   readable, while ids with capitals, all-digit values (card numbers,
//!   CVCs), client secrets and free text become `"***"`.

use std::fmt;
use std::time::Duration;

/// Longest raw response body kept in [`ApiError::raw_body`], in bytes.
pub(crate) const RAW_BODY_LIMIT: usize = 2048;

/// Everything that can go wrong when talking to WooshPay.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// WooshPay answered with a non-success HTTP status.
    #[error(transparent)]
    Api(#[from] ApiError),

    /// The request could not be sent, or the response could not be read
    /// (connection refused, reset, TLS failure, …), after all retries.
    #[error("transport error: {0}")]
    Transport(#[source] TransportError),

    /// An attempt took longer than the configured timeout, and no retries
    /// were left.
    #[error("request timed out")]
    Timeout,

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
    /// dot segment (`.`/`..`), or an idempotency key was not a valid header
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

    /// The parsed API error, if WooshPay answered with an error status.
    pub fn as_api_error(&self) -> Option<&ApiError> {
        match self {
            Error::Api(e) => Some(e),
            _ => None,
        }
    }

    /// Whether this error is of a kind the client retries automatically
    /// (connection problems, timeouts, HTTP 409/429/5xx). When you get such an
    /// error, the client's retries were already used up.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Api(e) => e.is_retryable(),
            Error::Transport(_) | Error::Timeout => true,
            _ => false,
        }
    }
}

/// An error response from WooshPay.
///
/// Both the `{"error": {...}}` envelope and a flat error object are
/// understood. When the body is neither (for instance an HTML page from a
/// proxy), the scrubbed and truncated body text is kept in
/// [`raw_body`](ApiError::raw_body). Text from the server is scrubbed of
/// secrets (see the module documentation).
///
/// The details are boxed so that [`Error`] stays small.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    inner: Box<ApiErrorInner>,
}

#[derive(Debug, Clone, PartialEq)]
struct ApiErrorInner {
    status: u16,
    type_: Option<crate::ErrorType>,
    code: Option<String>,
    decline_code: Option<String>,
    message: Option<String>,
    param: Option<String>,
    raw_body: Option<String>,
    request_id: Option<String>,
    retry_after: Option<Duration>,
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
        self.inner.code.as_deref()
    }

    /// Issuer decline reason (card errors), if any.
    pub fn decline_code(&self) -> Option<&str> {
        self.inner.decline_code.as_deref()
    }

    /// Human-readable message, if any.
    pub fn message(&self) -> Option<&str> {
        self.inner.message.as_deref()
    }

    /// The request parameter the error relates to, if any.
    pub fn param(&self) -> Option<&str> {
        self.inner.param.as_deref()
    }

    /// The body text when it was not a recognizable error object (truncated
    /// to 2 KiB, secrets masked).
    pub fn raw_body(&self) -> Option<&str> {
        self.inner.raw_body.as_deref()
    }

    /// Value of the `Request-Id` (or `X-Request-Id`) response header, if
    /// any; useful for support requests.
    pub fn request_id(&self) -> Option<&str> {
        self.inner.request_id.as_deref()
    }

    /// How long WooshPay asked to wait before retrying (`Retry-After` in
    /// seconds, capped at 60 s), if it said so.
    pub fn retry_after(&self) -> Option<Duration> {
        self.inner.retry_after
    }

    /// Whether the status is one the client retries (409, 429, 500, 502, 503,
    /// 504). When you see such an error, the retries were already used up.
    pub fn is_retryable(&self) -> bool {
        crate::retry::is_retryable_status(self.inner.status)
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

    /// Builds an `ApiError` from a response. Text from the server is scrubbed.
    pub(crate) fn from_response(
        status: u16,
        body: &[u8],
        request_id: Option<String>,
        retry_after: Option<Duration>,
    ) -> ApiError {
        let mut err = ApiErrorInner {
            status,
            type_: None,
            code: None,
            decline_code: None,
            message: None,
            param: None,
            raw_body: None,
            request_id: request_id.map(|s| scrub(&s)),
            retry_after,
        };
        let value: Option<serde_json::Value> = serde_json::from_slice(body).ok();
        let parsed = match value {
            Some(serde_json::Value::Object(map)) => match map.get("error") {
                Some(serde_json::Value::Object(inner)) => err.fill_from(inner),
                Some(serde_json::Value::String(s)) => {
                    err.message = Some(scrub(s));
                    // A string `error` next to flat fields (`{"error": "...",
                    // "code": "..."}`): take the flat fields as well.
                    err.fill_from(&map);
                    true
                }
                _ => err.fill_from(&map),
            },
            _ => false,
        };
        if !parsed {
            err.raw_body = Some(truncate_body(body));
        }
        ApiError {
            inner: Box::new(err),
        }
    }
}

impl ApiErrorInner {
    /// Copies the known error members from `obj`; returns whether any was
    /// found.
    fn fill_from(&mut self, obj: &serde_json::Map<String, serde_json::Value>) -> bool {
        let text = |key: &str| -> Option<String> {
            match obj.get(key)? {
                serde_json::Value::String(s) => Some(scrub(s)),
                serde_json::Value::Number(n) => Some(n.to_string()),
                serde_json::Value::Bool(b) => Some(b.to_string()),
                _ => None,
            }
        };
        let mut found = false;
        if let Some(t) = obj.get("type") {
            if let Ok(t) = serde_json::from_value::<crate::ErrorType>(t.clone()) {
                self.type_ = Some(t);
                found = true;
            }
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
            write!(f, ", type {}", scrub(t.as_str()))?;
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
            (None, Some(raw)) if raw.trim().is_empty() => f.write_str(": empty body"),
            (None, Some(raw)) => {
                let snippet: String = raw.split_whitespace().collect::<Vec<_>>().join(" ");
                let snippet: String = snippet.chars().take(120).collect();
                write!(f, ": unrecognized body: {snippet}")
            }
            (None, None) => Ok(()),
        }
    }
}

impl std::error::Error for ApiError {}

/// A connection-level failure: the request could not be sent or the response
/// could not be read.
///
/// The underlying error's URL is removed (it could carry query parameters);
/// the method and path are kept for context. Request headers, including
/// `Authorization`, are never part of it.
#[derive(Debug)]
pub struct TransportError {
    method: &'static str,
    path: String,
    inner: reqwest::Error,
}

impl TransportError {
    pub(crate) fn new(method: &'static str, path: &str, inner: reqwest::Error) -> Self {
        TransportError {
            method,
            path: scrub(path),
            inner: inner.without_url(),
        }
    }

    /// Whether the failure happened while connecting.
    pub fn is_connect(&self) -> bool {
        self.inner.is_connect()
    }

    /// The HTTP method of the failed request (`GET`, `POST`, `DELETE`).
    pub fn method(&self) -> &str {
        self.method
    }

    /// The path of the failed request, without query string.
    pub fn path(&self) -> &str {
        &self.path
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({} {})", self.inner, self.method, self.path)
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        std::error::Error::source(&self.inner)
    }
}

/// Truncates a body to [`RAW_BODY_LIMIT`] bytes (at a char boundary) and
/// scrubs it.
fn truncate_body(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let mut end = text.len().min(RAW_BODY_LIMIT);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let mut out = scrub(&text[..end]);
    if end < text.len() {
        out.push_str("…[truncated]");
    }
    out
}

/// Masks secrets in free text received from the server or built from
/// caller input.
///
/// The text is split into words of ASCII letters, digits and `_`; a word is
/// masked when it
///
/// * starts with `sk_`, `rk_`, `pk_` or `whsec_` (API keys, webhook secrets):
///   the prefix up to the second `_` is kept, the rest becomes `****`;
/// * contains `_secret_` (client secrets): everything after `_secret_` becomes
///   `****`;
/// * is a run of 12 or more digits (card numbers): all digits become `****`
///   except the last four.
pub(crate) fn scrub(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut word_start: Option<usize> = None;
    for (i, c) in text.char_indices() {
        if c.is_ascii_alphanumeric() || c == '_' {
            if word_start.is_none() {
                word_start = Some(i);
            }
        } else {
            if let Some(s) = word_start.take() {
                out.push_str(&scrub_word(&text[s..i]));
            }
            out.push(c);
        }
    }
    if let Some(s) = word_start {
        out.push_str(&scrub_word(&text[s..]));
    }
    out
}

fn scrub_word(word: &str) -> String {
    for prefix in ["sk_", "rk_", "pk_", "whsec_"] {
        if let Some(rest) = word.strip_prefix(prefix) {
            // Keep `sk_test_` / `sk_live_` for diagnostics.
            let keep = match rest.find('_') {
                Some(i) if i <= 8 => prefix.len() + i + 1,
                _ => prefix.len(),
            };
            return format!("{}****", &word[..keep]);
        }
    }
    if let Some(i) = word.find("_secret_") {
        return format!("{}_secret_****", &word[..i]);
    }
    let digits = word.bytes().take_while(u8::is_ascii_digit).count();
    if digits == word.len() && digits >= 12 {
        return format!("****{}", &word[digits - 4..]);
    }
    word.to_owned()
}

/// Redacts values echoed in a serde error message.
///
/// Rule: every quoted span, `"…"` (serde's `{:?}` of strings, with `\"`
/// escapes) or `` `…` `` (serde's integers, floats, variants and field
/// names), is replaced by `***` unless its content is a short enum-like
/// token: 1 to 40 characters from `a-z`, `0-9`, `_`, `.`, `-`, at least one
/// of them a letter, and not looking like a secret (no `secret` substring, no
/// `sk_`/`rk_`/`pk_`/`whsec_` prefix). Field names and enum values such as
/// `` `id` `` or `"card"` stay readable; ids with capitals, numbers (card
/// numbers, CVCs), client secrets and free text are masked. An unterminated
/// quote masks the rest of the message. The result is then passed through
/// the general secret scrubber as well.
pub(crate) fn redact_serde_message(msg: &str) -> String {
    let mut out = String::with_capacity(msg.len());
    let mut chars = msg.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c != '"' && c != '`' {
            out.push(c);
            continue;
        }
        let quote = c;
        let start = i + c.len_utf8();
        let mut end = None;
        let mut escaped = false;
        for (j, d) in chars.by_ref() {
            if quote == '"' && escaped {
                escaped = false;
                continue;
            }
            if quote == '"' && d == '\\' {
                escaped = true;
                continue;
            }
            if d == quote {
                end = Some(j);
                break;
            }
        }
        match end {
            Some(e) => {
                let content = &msg[start..e];
                out.push(quote);
                if is_enum_like(content) {
                    out.push_str(content);
                } else {
                    out.push_str("***");
                }
                out.push(quote);
            }
            None => {
                out.push(quote);
                out.push_str("***");
                break;
            }
        }
    }
    scrub(&out)
}

fn is_enum_like(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 40
        && s.bytes().all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'.' || b == b'-'
        })
        && s.bytes().any(|b| b.is_ascii_lowercase())
        && !s.contains("secret")
        && !["sk_", "rk_", "pk_", "whsec_"]
            .iter()
            .any(|p| s.starts_with(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_messages_are_redacted() {
        let m = redact_serde_message(
            r#"invalid type: string "seti_1_secret_AbC", expected u64 at line 1 column 9"#,
        );
        assert_eq!(
            m,
            r#"invalid type: string "***", expected u64 at line 1 column 9"#
        );
        let m = redact_serde_message("invalid type: integer `4242424242424242`, expected a string");
        assert_eq!(m, "invalid type: integer `***`, expected a string");
        let m = redact_serde_message(r#"invalid type: string "123", expected i64"#);
        assert!(!m.contains("123"));
        let m = redact_serde_message("unknown variant `card`, expected one of `a`, `b_c`");
        assert_eq!(m, "unknown variant `card`, expected one of `a`, `b_c`");
        let m = redact_serde_message(r#"invalid value: string "a\"b sk_live_x", expected x"#);
        assert_eq!(m, r#"invalid value: string "***", expected x"#);
        let m = redact_serde_message(r#"oops "unterminated sk_test_abc"#);
        assert_eq!(m, r#"oops "***"#);
    }

    #[test]
    fn scrub_masks_keys_secrets_and_card_numbers() {
        assert_eq!(
            scrub("Invalid API Key provided: sk_test_abc123"),
            "Invalid API Key provided: sk_test_****"
        );
        assert_eq!(scrub("pi_1_secret_xyz."), "pi_1_secret_****.");
        assert_eq!(scrub("card 4242424242424242!"), "card ****4242!");
        assert_eq!(scrub("amount 1000 ok"), "amount 1000 ok");
    }

    #[test]
    fn api_error_shapes() {
        let e = ApiError::from_response(
            402,
            br#"{"error":{"type":"card_error","code":"card_declined","message":"Declined"}}"#,
            None,
            None,
        );
        assert_eq!(e.error_type(), Some(&crate::ErrorType::CardError));
        assert_eq!(e.code(), Some("card_declined"));
        assert!(e.raw_body().is_none());
        let e = ApiError::from_response(400, br#"{"type":"weird","message":"m"}"#, None, None);
        assert_eq!(
            e.error_type(),
            Some(&crate::ErrorType::Unknown("weird".into()))
        );
        let e = ApiError::from_response(502, b"<html>Bad gateway</html>", None, None);
        assert_eq!(e.raw_body(), Some("<html>Bad gateway</html>"));
        let long = vec![b'a'; 10_000];
        let e = ApiError::from_response(502, &long, None, None);
        assert!(e.raw_body().unwrap().len() < RAW_BODY_LIMIT + 20);
    }
}
