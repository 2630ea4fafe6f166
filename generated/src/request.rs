//! Building and sending one API request: [`ApiCall`], shared by the
//! generated endpoint functions and [`Client::request`].
//!
//! Wire format: parameters given with `with_body`/`body` go out as a JSON
//! body on every method (WooshPay documents most list filters as a JSON body
//! on `GET`), except that a `GET` without parameters carries no body, and
//! that with `ClientBuilder::get_params_in_query` a `GET`'s parameters go in
//! the query string instead; parameters given with `with_query`/`query` are flattened into the
//! query string the Stripe way (`created[gt]=1`, `types[0]=card`; `null`,
//! empty arrays and empty objects are left out).

use std::fmt;
use std::future::{Future, IntoFuture};
use std::marker::PhantomData;
use std::pin::Pin;

use reqwest::header::HeaderValue;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use crate::error::{ApiError, Error};
use crate::options::CallOptions;
use crate::redact::{redact_serde_message, Scrubber};
use crate::send::execute;
use crate::trace::CallSpan;
use crate::Client;

mod decode;
mod path;
mod query;

pub use decode::decode;
use decode::{decode_with, is_error_envelope};
pub use path::encode_path_segment;
use path::{check_final_path, check_path, check_user_path};
use query::encode_query;

/// An HTTP method used by the WooshPay API.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Method {
    /// `GET`: read a resource or a list.
    Get,
    /// `POST`: create, update or act on a resource. Always idempotent through
    /// an `Idempotency-Key`.
    Post,
    /// `DELETE`: remove a resource.
    Delete,
}

impl Method {
    /// The method's name on the wire (`"GET"`, `"POST"`, `"DELETE"`).
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Delete => "DELETE",
        }
    }

    pub(crate) fn to_reqwest(self) -> reqwest::Method {
        match self {
            Method::Get => reqwest::Method::GET,
            Method::Post => reqwest::Method::POST,
            Method::Delete => reqwest::Method::DELETE,
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A WooshPay API request that has not been sent yet.
///
/// Created by the endpoint functions and by [`Client::request`]. `.await` it
/// (through [`IntoFuture`]) or call [`send`](ApiCall::send) to get the
/// decoded response `R`, or [`send_with_details`](ApiCall::send_with_details)
/// to also get the status, request id and idempotency key. Its `Debug`
/// output shows only the method and path, never parameters or credentials.
#[must_use = "an ApiCall does nothing until it is awaited or sent"]
pub struct ApiCall<'c, R> {
    pub(crate) client: &'c Client,
    pub(crate) method: Method,
    pub(crate) path: String,
    /// The path with its parameters as `{name}`, for tracing.
    template: Option<&'static str>,
    pub(crate) body: Option<Value>,
    pub(crate) query: Option<Value>,
    /// First problem found while building the call, reported when sending.
    pending_error: Option<PendingError>,
    pub(crate) idempotency_key: Option<String>,
    /// Timeout, retries and extra headers set for this call.
    pub(crate) options: CallOptions,
    /// A 2xx body that is an empty JSON object decodes as `null`, i.e. `None`
    /// (set only on calls returning an `Option`).
    empty_object_as_none: bool,
    _response: PhantomData<fn() -> R>,
}

/// A problem found while building a call; `Error` itself is not `Clone`.
#[derive(Clone)]
enum PendingError {
    Serialize(String),
    Request(String),
}

impl<R> Clone for ApiCall<'_, R> {
    fn clone(&self) -> Self {
        ApiCall {
            client: self.client,
            method: self.method,
            path: self.path.clone(),
            template: self.template,
            body: self.body.clone(),
            query: self.query.clone(),
            pending_error: self.pending_error.clone(),
            idempotency_key: self.idempotency_key.clone(),
            options: self.options.clone(),
            empty_object_as_none: self.empty_object_as_none,
            _response: PhantomData,
        }
    }
}

impl<R> fmt::Debug for ApiCall<'_, R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiCall")
            .field("method", &self.method)
            .field("path", &self.client.inner.scrubber.scrub(&self.path))
            .field("timeout", &self.options.timeout)
            .field("max_retries", &self.options.max_retries)
            .field("extra_headers", &self.options.header_names())
            .finish_non_exhaustive()
    }
}

impl<'c, R> ApiCall<'c, R> {
    /// Starts a request to `path` (already percent-encoded, starting with
    /// `/`). Used by generated endpoint functions.
    #[doc(hidden)]
    pub fn new(client: &'c Client, method: Method, path: String) -> Self {
        ApiCall {
            client,
            method,
            path,
            template: None,
            body: None,
            query: None,
            pending_error: None,
            idempotency_key: None,
            options: CallOptions::default(),
            empty_object_as_none: false,
            _response: PhantomData,
        }
    }

    /// The endpoint's path template (`/v1/setup_intents/{id}`), named in
    /// traces instead of the path with its ids. Used by generated endpoint
    /// functions.
    #[doc(hidden)]
    pub fn path_template(mut self, template: &'static str) -> Self {
        self.template = Some(template);
        self
    }

    /// A call to a path given by the user, checked more strictly than the
    /// generated ones.
    pub(crate) fn escape_hatch(client: &'c Client, method: Method, path: String) -> Self {
        let mut call = ApiCall::new(client, method, path);
        if let Err(reason) = check_user_path(&call.path) {
            call.pending_error = Some(PendingError::Request(reason.to_owned()));
        }
        call
    }

    /// Sends `params` as the JSON body. Serialization happens now; a failure
    /// is reported by `send` as [`Error::Serialize`].
    #[doc(hidden)]
    pub fn with_body<P: Serialize + ?Sized>(mut self, params: &P) -> Self {
        match serde_json::to_value(params) {
            Ok(v) => self.body = Some(v),
            Err(e) => self.record_error(e),
        }
        self
    }

    /// Sends `params` in the query string (nested objects and arrays are
    /// flattened Stripe-style). Serialization happens now; a failure is
    /// reported by `send` as [`Error::Serialize`].
    #[doc(hidden)]
    pub fn with_query<P: Serialize + ?Sized>(mut self, params: &P) -> Self {
        match serde_json::to_value(params) {
            Ok(v) => self.query = Some(v),
            Err(e) => self.record_error(e),
        }
        self
    }

    /// Sends `params` (anything `Serialize`, e.g. `serde_json::json!({..})`)
    /// as the JSON body, with `Content-Type: application/json`. Replaces an
    /// earlier body. A serialization failure is reported when the call is
    /// sent, as [`Error::Serialize`].
    pub fn body<P: Serialize + ?Sized>(self, params: &P) -> Self {
        self.with_body(params)
    }

    /// Sends `params`, which must serialize to a JSON object, in the query
    /// string; nested objects and arrays are flattened the way WooshPay
    /// reads them (`created[gt]=1`, `expand[0]=customer`). Replaces earlier
    /// query parameters.
    pub fn query<P: Serialize + ?Sized>(self, params: &P) -> Self {
        self.with_query(params)
    }

    /// Sets the `Idempotency-Key` of a `POST` request, instead of a random
    /// UUID v4. The same key is used on every retry of the request; sending
    /// another request with the same key makes WooshPay return the first
    /// result (or an `idempotency_error` if the parameters differ).
    ///
    /// Ignored for `GET` and `DELETE`, which never carry the header.
    pub fn idempotency_key(mut self, key: impl Into<String>) -> Self {
        self.idempotency_key = Some(key.into());
        self
    }

    /// Limits each attempt of this call (connecting, sending and reading the
    /// whole response) to `timeout`, instead of the client's
    /// [`ClientBuilder::timeout`](crate::ClientBuilder::timeout). The
    /// client's [`max_total_time`](crate::ClientBuilder::max_total_time)
    /// still bounds the whole call. A zero timeout is reported as
    /// [`Error::Request`] when the call is sent.
    pub fn timeout(mut self, timeout: std::time::Duration) -> Self {
        if let Err(reason) = self.options.set_timeout(timeout) {
            self.record_request_error(reason);
        }
        self
    }

    /// Retries this call at most `max_retries` times, instead of the
    /// client's [`ClientBuilder::max_retries`](crate::ClientBuilder::max_retries).
    /// `0` turns retries off for this call (the first failure is returned).
    pub fn max_retries(mut self, max_retries: u32) -> Self {
        self.options.max_retries = Some(max_retries);
        self
    }

    /// Sends an extra header with this call, e.g. one WooshPay documents
    /// after this version of the crate. Setting the same name again replaces
    /// the value.
    ///
    /// Headers the client owns are refused: `Authorization`,
    /// `Idempotency-Key` (use [`idempotency_key`](ApiCall::idempotency_key)),
    /// `User-Agent`, `Accept`, `Content-Type`, `Content-Length`, `Host` and
    /// the connection headers; so are names and values that are not valid
    /// HTTP. The refusal is reported as [`Error::Request`] when the call is
    /// sent, before anything goes out; its message names the header, never
    /// its value. Values are never logged or printed by `Debug`.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        if let Err(reason) = self.options.add_header(name, value) {
            self.record_request_error(reason);
        }
        self
    }

    fn record_request_error(&mut self, reason: String) {
        if self.pending_error.is_none() {
            self.pending_error = Some(PendingError::Request(reason));
        }
    }

    fn record_error(&mut self, e: serde_json::Error) {
        if self.pending_error.is_none() {
            self.pending_error = Some(PendingError::Serialize(redact_serde_message(
                &e.to_string(),
            )));
        }
    }

    /// Sends the request (with retries) and decodes the response.
    pub async fn send(self) -> Result<R, Error>
    where
        R: DeserializeOwned,
    {
        self.send_with(false).await.map(ApiResponse::into_value)
    }

    /// Like [`send`](ApiCall::send), and also returns the HTTP status, the
    /// `Request-Id` and the `Idempotency-Key` the request was sent with.
    pub async fn send_with_details(self) -> Result<ApiResponse<R>, Error>
    where
        R: DeserializeOwned,
    {
        self.send_with(true).await
    }

    /// Sends the call; `details`: whether the caller reads the request id,
    /// which is scrubbed (every encoded form of the key masked) only then.
    async fn send_with(self, details: bool) -> Result<ApiResponse<R>, Error>
    where
        R: DeserializeOwned,
    {
        let prepared = self.prepare()?;
        let received = prepared
            .span
            .instrument(execute(&self.client.inner, &prepared))
            .await;
        prepared.span.finish();
        let received = received?;
        let idempotency_key = prepared.idempotency_key_text();
        if is_error_envelope(&received.body) {
            let mut err = ApiError::from_response(
                received.status,
                &received.body,
                received.request_id_text(),
                None,
                &prepared.scrubber,
            );
            err.set_idempotency_key(idempotency_key);
            return Err(Error::Api(err));
        }
        let body: &[u8] = if self.empty_object_as_none && is_empty_object(&received.body) {
            b"null"
        } else {
            &received.body
        };
        let value = decode_with(received.status, body, &prepared.scrubber)?;
        Ok(ApiResponse {
            value,
            status: received.status,
            request_id: details
                .then(|| received.request_id_text())
                .flatten()
                .map(|id| prepared.scrubber.scrub(&id)),
            idempotency_key,
        })
    }

    /// Checks the call and turns it into what is needed to send it.
    /// Where the parameters go: `(query, body)`.
    ///
    /// A `GET` carries a body only when it has parameters (many servers and
    /// proxies refuse or drop a body on `GET`, and an empty `{}` says
    /// nothing), and none at all when the client sends `GET` parameters in
    /// the query string ([`ClientBuilder::get_params_in_query`]).
    ///
    /// [`ClientBuilder::get_params_in_query`]: crate::ClientBuilder::get_params_in_query
    fn placed_params(&self) -> (Option<std::borrow::Cow<'_, Value>>, Option<&Value>) {
        use std::borrow::Cow;
        let query = self.query.as_ref().map(Cow::Borrowed);
        let body = self.body.as_ref();
        if self.method != Method::Get {
            return (query, body);
        }
        let body = body.filter(|body| match body {
            Value::Null => false,
            Value::Object(members) => members.values().any(|value| !value.is_null()),
            _ => true,
        });
        match (body, query) {
            (Some(Value::Object(members)), query) if self.client.inner.get_params_in_query => {
                let mut merged = match query.as_deref() {
                    Some(Value::Object(query)) => query.clone(),
                    _ => serde_json::Map::new(),
                };
                for (key, value) in members {
                    merged.insert(key.clone(), value.clone());
                }
                (Some(Cow::Owned(Value::Object(merged))), None)
            }
            (body, query) => (query, body),
        }
    }

    fn prepare(&self) -> Result<Prepared, Error> {
        match &self.pending_error {
            Some(PendingError::Serialize(e)) => return Err(Error::Serialize(e.clone())),
            Some(PendingError::Request(e)) => return Err(Error::Request(e.clone())),
            None => {}
        }
        check_path(&self.path)?;
        let base = &self.client.inner.base_url;
        let mut url = reqwest::Url::parse(&format!("{base}{}", self.path))
            .map_err(|e| Error::Request(format!("could not build the request URL: {e}")))?;
        check_final_path(&url, &self.client.inner.api_path_prefix)?;
        let mut scrubber = self.client.inner.scrubber.clone();
        let (query, body) = self.placed_params();
        if let Some(query) = &query {
            scrubber.add_request_secrets(query);
            let pairs = encode_query(query)?;
            if !pairs.is_empty() {
                url.query_pairs_mut().extend_pairs(pairs);
            }
        }
        let body = match body {
            Some(v) => {
                scrubber.add_request_secrets(v);
                Some(
                    serde_json::to_vec(v)
                        .map_err(|e| Error::Serialize(redact_serde_message(&e.to_string())))?,
                )
            }
            None => None,
        };
        let idempotency_key = match self.method {
            Method::Post => {
                let key = match &self.idempotency_key {
                    Some(k) => k.clone(),
                    None => random_uuid_v4()?,
                };
                let value = HeaderValue::try_from(key).map_err(|_| {
                    Error::Request(
                        "the idempotency key contains characters not allowed in a header"
                            .to_owned(),
                    )
                })?;
                Some(value)
            }
            Method::Get | Method::Delete => None,
        };
        let span = CallSpan::new(
            self.method,
            self.template,
            &self.path,
            idempotency_key.as_ref().and_then(|key| key.to_str().ok()),
        );
        Ok(Prepared {
            span,
            method: self.method,
            url,
            path: self.path.clone(),
            body,
            idempotency_key,
            scrubber,
            timeout: self.options.timeout.unwrap_or(self.client.inner.timeout),
            max_retries: self
                .options
                .max_retries
                .unwrap_or(self.client.inner.max_retries),
            extra_headers: self.options.headers.clone(),
        })
    }
}

impl<T> ApiCall<'_, Option<T>> {
    /// Decodes a 2xx body that is an empty JSON object (`{}`) as `None`, for
    /// endpoints documented to answer `{}` at times instead of their
    /// object. Any other body still decodes as `T`. Used by generated
    /// endpoint functions.
    #[doc(hidden)]
    pub fn empty_object_as_none(mut self) -> Self {
        self.empty_object_as_none = true;
        self
    }
}

/// Whether `body` is `{}`, with any JSON whitespace around or inside.
fn is_empty_object(body: &[u8]) -> bool {
    let mut significant = body
        .iter()
        .filter(|byte| !matches!(byte, b' ' | b'\t' | b'\n' | b'\r'));
    significant.next() == Some(&b'{')
        && significant.next() == Some(&b'}')
        && significant.next().is_none()
}

impl<'c, R> IntoFuture for ApiCall<'c, R>
where
    R: DeserializeOwned + Send + 'c,
{
    type Output = Result<R, Error>;
    type IntoFuture = Pin<Box<dyn Future<Output = Result<R, Error>> + Send + 'c>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}

/// A decoded response with what else the client learned sending it.
/// Returned by [`ApiCall::send_with_details`].
#[derive(Debug, Clone)]
pub struct ApiResponse<R> {
    value: R,
    status: u16,
    request_id: Option<String>,
    idempotency_key: Option<String>,
}

impl<R> ApiResponse<R> {
    /// The decoded response.
    pub fn value(&self) -> &R {
        &self.value
    }

    /// The decoded response, by value.
    pub fn into_value(self) -> R {
        self.value
    }

    /// The HTTP status (2xx).
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The `Request-Id` (or `X-Request-Id`) response header, if any.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// The `Idempotency-Key` the request was sent with (`POST` only): the
    /// caller's, or the UUID the client generated.
    pub fn idempotency_key(&self) -> Option<&str> {
        self.idempotency_key.as_deref()
    }
}

/// A request ready to be sent (possibly several times).
pub(crate) struct Prepared {
    pub(crate) method: Method,
    pub(crate) url: reqwest::Url,
    pub(crate) path: String,
    pub(crate) body: Option<Vec<u8>>,
    pub(crate) idempotency_key: Option<HeaderValue>,
    /// The client's secrets plus this request's.
    pub(crate) scrubber: Scrubber,
    /// Per-attempt timeout: the call's, or the client's.
    pub(crate) timeout: std::time::Duration,
    /// Retries allowed: the call's, or the client's.
    pub(crate) max_retries: u32,
    /// Extra headers given with [`ApiCall::header`], already checked.
    pub(crate) extra_headers: Vec<(reqwest::header::HeaderName, HeaderValue)>,
    /// The call's tracing span (empty without the `tracing` feature).
    pub(crate) span: CallSpan,
}

impl Prepared {
    pub(crate) fn idempotency_key_text(&self) -> Option<String> {
        self.idempotency_key
            .as_ref()
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    }
}

/// A fresh UUID v4 (RFC 9562) from 122 bits of OS randomness, for the
/// idempotency key of a POST. getrandom is in the tree anyway (rustls's
/// crypto uses it), so this saves building the uuid crate for one call.
fn random_uuid_v4() -> Result<String, Error> {
    use std::fmt::Write;
    let mut bytes = [0u8; 16];
    getrandom::getrandom(&mut bytes).map_err(|error| {
        Error::Request(format!("no OS randomness for an idempotency key: {error}"))
    })?;
    bytes[6] = (bytes[6] & 0x0f) | 0x40; // version 4
    bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC 9562 variant
    let mut text = String::with_capacity(36);
    for (index, byte) in bytes.iter().enumerate() {
        if matches!(index, 4 | 6 | 8 | 10) {
            text.push('-');
        }
        let _ = write!(text, "{byte:02x}"); // writing to a String cannot fail
    }
    Ok(text)
}

#[cfg(test)]
mod tests;
