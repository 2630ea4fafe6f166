//! The WooshPay API client and its builder.

use std::fmt;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::HeaderValue;

use crate::error::Error;
use crate::redact::Scrubber;
use crate::request::{ApiCall, Method};
use crate::retry;

/// Host used with `sk_test_` keys.
pub(crate) const TEST_BASE_URL: &str = "https://apitest.wooshpay.com";
/// Host used with `sk_live_` keys.
pub(crate) const LIVE_BASE_URL: &str = "https://api.wooshpay.com";
/// Default per-attempt timeout.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// Default bound on everything one call may take: attempts and waits.
const DEFAULT_MAX_TOTAL_TIME: Duration = Duration::from_secs(120);
/// Longest timeout, total time or retry delay the client uses; longer
/// settings are cut to it.
pub(crate) const LONGEST_DURATION: Duration = Duration::from_secs(365 * 24 * 60 * 60);
/// Default cap on a success body: far above any documented response.
const DEFAULT_MAX_RESPONSE_BYTES: u64 = 16 * 1024 * 1024;
/// `User-Agent` sent with every request.
pub(crate) const USER_AGENT: &str = concat!("wooshpay-rust/", env!("CARGO_PKG_VERSION"));

/// A WooshPay API client.
///
/// Cloning is cheap (an `Arc` bump); clones share configuration and the
/// connection pool. The secret key is never printed: `Debug` shows only its
/// mode prefix (`sk_test_****`).
#[derive(Clone)]
pub struct Client {
    pub(crate) inner: Arc<Inner>,
}

/// Shared state of a [`Client`].
pub(crate) struct Inner {
    pub(crate) http: reqwest::Client,
    /// Base URL without trailing slash, e.g. `https://apitest.wooshpay.com`.
    pub(crate) base_url: String,
    /// The path every request's URL must start with: the base URL's own
    /// path (a gateway's prefix), then `/v1/`.
    pub(crate) api_path_prefix: String,
    /// Precomputed `Basic …` header value, marked sensitive.
    pub(crate) auth: HeaderValue,
    /// Redacted form of the key, for `Debug`.
    pub(crate) key_hint: &'static str,
    pub(crate) timeout: Duration,
    pub(crate) max_total_time: Duration,
    pub(crate) max_retries: u32,
    pub(crate) retry_base_delay: Duration,
    pub(crate) max_response_bytes: u64,
    /// Send the parameters of a `GET` in the query string, not as a body.
    pub(crate) get_params_in_query: bool,
    /// Masks the key (plain, Basic, escaped) in text from the server.
    pub(crate) scrubber: Scrubber,
}

impl Client {
    /// Creates a client for `secret_key` with default settings.
    ///
    /// `sk_test_…` keys talk to `https://apitest.wooshpay.com`, `sk_live_…`
    /// keys to `https://api.wooshpay.com`. Any other key is refused with
    /// [`Error::Config`] (whose message does not contain the key).
    pub fn new(secret_key: impl Into<String>) -> Result<Client, Error> {
        Client::builder(secret_key).build()
    }

    /// Starts configuring a client for `secret_key`.
    pub fn builder(secret_key: impl Into<String>) -> ClientBuilder {
        ClientBuilder {
            secret_key: secret_key.into(),
            base_url: None,
            timeout: DEFAULT_TIMEOUT,
            max_total_time: DEFAULT_MAX_TOTAL_TIME,
            max_retries: retry::DEFAULT_MAX_RETRIES,
            retry_base_delay: retry::DEFAULT_BASE_DELAY,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            get_params_in_query: false,
        }
    }

    /// Starts a request to any WooshPay endpoint: the escape hatch for
    /// endpoints this crate does not have a function for yet.
    ///
    /// `path` is the endpoint path as in WooshPay's reference, starting with
    /// `/v1/` (path parameters percent-encoded, e.g. with
    /// [`encode_path_segment`](crate::encode_path_segment)). Add parameters
    /// with [`ApiCall::body`] or [`ApiCall::query`], then await the call. The
    /// response is decoded into any `T: DeserializeOwned`: a generated type,
    /// your own struct, or [`RawObject`](crate::RawObject) for the raw JSON
    /// object (whose `Debug` redacts secrets; `serde_json::Value` works too,
    /// but prints everything).
    ///
    /// The call goes through the same machinery as the generated endpoints:
    /// authentication, the `Idempotency-Key` on `POST`, retries, the time
    /// and size limits, and secret scrubbing in errors.
    ///
    /// A malformed path (not starting with `/v1/`, or containing `?`, `#`,
    /// `..`, empty segments, whitespace or control characters) is reported
    /// as [`Error::Request`] when the call is sent, before anything goes out.
    pub fn request<T>(&self, method: Method, path: impl Into<String>) -> ApiCall<'_, T> {
        ApiCall::escape_hatch(self, method, path.into())
    }

    /// The base URL requests go to, without trailing slash.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// The per-attempt timeout.
    pub fn timeout(&self) -> Duration {
        self.inner.timeout
    }

    /// The bound on everything one call may take (all attempts and waits).
    pub fn max_total_time(&self) -> Duration {
        self.inner.max_total_time
    }

    /// The largest success body accepted, in bytes.
    pub fn max_response_bytes(&self) -> u64 {
        self.inner.max_response_bytes
    }

    /// How many times a failed request is retried.
    pub fn max_retries(&self) -> u32 {
        self.inner.max_retries
    }

    /// Whether the client uses a live-mode key.
    pub fn is_live(&self) -> bool {
        self.inner.key_hint == LIVE_HINT
    }
}

const TEST_HINT: &str = "sk_test_****";
const LIVE_HINT: &str = "sk_live_****";

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("secret_key", &self.inner.key_hint)
            .field("timeout", &self.inner.timeout)
            .field("max_total_time", &self.inner.max_total_time)
            .field("max_retries", &self.inner.max_retries)
            .field("retry_base_delay", &self.inner.retry_base_delay)
            .field("max_response_bytes", &self.inner.max_response_bytes)
            .field("get_params_in_query", &self.inner.get_params_in_query)
            .finish()
    }
}

/// Configures and builds a [`Client`]. Created by [`Client::builder`].
#[derive(Clone)]
pub struct ClientBuilder {
    secret_key: String,
    base_url: Option<String>,
    timeout: Duration,
    max_total_time: Duration,
    max_retries: u32,
    retry_base_delay: Duration,
    max_response_bytes: u64,
    get_params_in_query: bool,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("secret_key", &key_hint(&self.secret_key).unwrap_or("****"))
            .field("base_url", &self.base_url)
            .field("timeout", &self.timeout)
            .field("max_total_time", &self.max_total_time)
            .field("max_retries", &self.max_retries)
            .field("retry_base_delay", &self.retry_base_delay)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("get_params_in_query", &self.get_params_in_query)
            .finish()
    }
}

impl ClientBuilder {
    /// Sends requests to `url` instead of the host chosen from the key
    /// (e.g. a proxy or a local mock server). A path prefix is allowed.
    ///
    /// `https://` URLs are accepted; plain `http://` only for loopback hosts
    /// (`127.0.0.0/8`, `::1`, `localhost`), so the key is never sent in clear
    /// over a network. Checked by [`build`](ClientBuilder::build).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// Time limit for each attempt (connecting, sending and reading the
    /// whole response). Default: 30 seconds. Longer than a year is cut to a
    /// year (so `Duration::MAX` means "no practical limit").
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Bound on everything one call may take: every attempt, the response
    /// body, and the waits between retries. Default: 120 seconds. Longer
    /// than a year is cut to a year.
    ///
    /// Each attempt gets at most what is left of it, and no retry is started
    /// when its wait would end past it; the call then fails with the last
    /// error (a timeout if the bound cut an attempt short).
    pub fn max_total_time(mut self, max_total_time: Duration) -> Self {
        self.max_total_time = max_total_time;
        self
    }

    /// Largest success body accepted, in bytes; a larger one fails with
    /// [`Error::ResponseTooLarge`] as soon as it is known to be larger
    /// (from `Content-Length`, or while reading), without buffering the
    /// rest. Default: 16 MiB. Error bodies are read only up to 64 KiB.
    pub fn max_response_bytes(mut self, max_response_bytes: u64) -> Self {
        self.max_response_bytes = max_response_bytes;
        self
    }

    /// How many times a failed request is retried (connection errors,
    /// timeouts, a connection lost while reading the response, HTTP 409
    /// other than `idempotency_error`, 429, 500, 502, 503, 504; see
    /// "Retries" in the crate documentation). Default: 2, i.e. at most 3
    /// attempts. `0` disables retries.
    pub fn max_retries(mut self, max_retries: u32) -> Self {
        self.max_retries = max_retries;
        self
    }

    /// Delay before the first retry; each further retry doubles it (capped at
    /// 8 s, with random jitter). Default: 500 ms. Mostly useful to make
    /// tests fast. A `Retry-After` header (in seconds, capped at 60 s) from
    /// the server takes precedence.
    pub fn retry_base_delay(mut self, delay: Duration) -> Self {
        self.retry_base_delay = delay;
        self
    }

    /// Sends the parameters of every `GET` call in the query string
    /// (`limit=3&created[gt]=1`) instead of as a JSON body. Default: `false`.
    ///
    /// WooshPay's reference documents the filters of most list endpoints
    /// (PaymentIntents, Checkout Sessions, Charges, Disputes, Setup
    /// Attempts) as a JSON body on `GET`, and the client sends them so by
    /// default. Many proxies, load balancers and HTTP libraries drop or
    /// refuse a body on `GET`, though, and other list endpoints of the same
    /// API (webhook endpoints, search) take the query string, as Stripe-style
    /// APIs do. Turn this on when a `GET` body does not reach WooshPay.
    /// Either way, a `GET` without parameters carries no body at all.
    pub fn get_params_in_query(mut self, enabled: bool) -> Self {
        self.get_params_in_query = enabled;
        self
    }

    /// Validates the settings and builds the client.
    ///
    /// Fails with [`Error::Config`] when the key does not start with
    /// `sk_test_` or `sk_live_` (or contains characters not allowed in a
    /// header), when the base URL is not a valid `https://` URL (or `http://`
    /// to a loopback host), or when the HTTP stack cannot be initialised.
    pub fn build(self) -> Result<Client, Error> {
        let key_hint = key_hint(&self.secret_key).ok_or_else(|| {
            Error::Config(
                "the secret key must start with `sk_test_` or `sk_live_` \
                 (publishable and restricted keys are not supported)"
                    .to_owned(),
            )
        })?;
        if self.secret_key.len() <= "sk_test_".len()
            || !self.secret_key.bytes().all(|b| b.is_ascii_graphic())
        {
            return Err(Error::Config(
                "the secret key is malformed (empty after its prefix, or contains \
                 whitespace or non-ASCII characters)"
                    .to_owned(),
            ));
        }
        let base_url = match self.base_url {
            Some(url) => validate_base_url(&url)?,
            None if key_hint == LIVE_HINT => LIVE_BASE_URL.to_owned(),
            None => TEST_BASE_URL.to_owned(),
        };
        // Durations are used in `Instant` arithmetic; a year is longer than
        // any call should take, and `Duration::MAX` would overflow it.
        let timeout = self.timeout.min(LONGEST_DURATION);
        let max_total_time = self.max_total_time.min(LONGEST_DURATION);
        let retry_base_delay = self.retry_base_delay.min(LONGEST_DURATION);
        if self.timeout.is_zero() || self.max_total_time.is_zero() {
            return Err(Error::Config(
                "the timeout and the total time bound must be greater than zero".to_owned(),
            ));
        }

        let mut auth = HeaderValue::try_from(format!(
            "Basic {}",
            base64_encode(format!("{}:", self.secret_key).as_bytes())
        ))
        .map_err(|_| Error::Config("the secret key is not a valid header value".to_owned()))?;
        auth.set_sensitive(true);

        let mut http = reqwest::Client::builder()
            .timeout(timeout)
            .redirect(reqwest::redirect::Policy::none());
        // An `HTTP_PROXY` from the environment would see a loopback
        // request, `Authorization` included, in clear.
        if is_loopback_url(&base_url) {
            http = http.no_proxy();
        }
        let http = http
            .build()
            .map_err(|e| Error::Config(format!("could not initialise the HTTP client: {e}")))?;

        let api_path_prefix = match reqwest::Url::parse(&base_url) {
            Ok(url) => format!("{}/v1/", url.path().trim_end_matches('/')),
            Err(_) => "/v1/".to_owned(),
        };
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                api_path_prefix,
                base_url,
                auth,
                key_hint,
                timeout,
                max_total_time,
                max_retries: self.max_retries,
                retry_base_delay,
                max_response_bytes: self.max_response_bytes,
                get_params_in_query: self.get_params_in_query,
                scrubber: Scrubber::for_key(&self.secret_key, key_hint),
            }),
        })
    }
}

/// The redacted form of a secret key, or `None` if it is not a secret key.
fn key_hint(key: &str) -> Option<&'static str> {
    if key.starts_with("sk_test_") {
        Some(TEST_HINT)
    } else if key.starts_with("sk_live_") {
        Some(LIVE_HINT)
    } else {
        None
    }
}

/// Checks a base URL override and returns it without trailing slash.
fn validate_base_url(raw: &str) -> Result<String, Error> {
    let url = reqwest::Url::parse(raw.trim())
        .map_err(|e| Error::Config(format!("the base URL is not a valid URL: {e}")))?;
    let host = url
        .host_str()
        .filter(|h| !h.is_empty())
        .ok_or_else(|| Error::Config("the base URL has no host".to_owned()))?;
    match url.scheme() {
        "https" => {}
        "http" => {
            if !is_loopback_host(host) {
                return Err(Error::Config(
                    "plain http:// base URLs are only allowed for loopback hosts \
                     (127.0.0.0/8, ::1, localhost); use https://"
                        .to_owned(),
                ));
            }
        }
        other => {
            return Err(Error::Config(format!(
                "the base URL scheme must be https (got `{other}`)"
            )));
        }
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(Error::Config(
            "the base URL must not contain credentials".to_owned(),
        ));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(Error::Config(
            "the base URL must not contain a query or fragment".to_owned(),
        ));
    }
    Ok(url.as_str().trim_end_matches('/').to_owned())
}

/// Whether `host` (as `Url::host_str` gives it) is a loopback host.
fn is_loopback_host(host: &str) -> bool {
    // `host_str` gives IPv6 addresses in brackets.
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    bare.eq_ignore_ascii_case("localhost")
        || bare.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// Whether a validated base URL points at a loopback host.
fn is_loopback_url(url: &str) -> bool {
    reqwest::Url::parse(url)
        .ok()
        .and_then(|u| u.host_str().map(is_loopback_host))
        .unwrap_or(false)
}

/// Standard base64 (RFC 4648, with padding).
pub(crate) fn base64_encode(input: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(input.len().div_ceil(3) * 4);
    for chunk in input.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 0x3f) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc4648_vectors() {
        for (input, expected) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
            (":", "Og=="),
        ] {
            assert_eq!(base64_encode(input.as_bytes()), expected);
        }
    }

    #[test]
    fn base_urls() {
        assert!(validate_base_url("http://127.0.0.1:8080").is_ok());
        assert!(validate_base_url("http://127.8.9.1").is_ok());
        assert!(validate_base_url("http://[::1]:99/").is_ok());
        assert!(validate_base_url("http://LOCALHOST/").is_ok());
        assert_eq!(
            validate_base_url("https://proxy.example/wp/").unwrap(),
            "https://proxy.example/wp"
        );
        assert!(validate_base_url("http://example.com").is_err());
        assert!(validate_base_url("http://localhost.example.com").is_err());
        assert!(validate_base_url("http://10.0.0.1").is_err());
        assert!(validate_base_url("ftp://127.0.0.1").is_err());
        assert!(validate_base_url("https://u:p@example.com").is_err());
        assert!(validate_base_url("not a url").is_err());
    }
}
