//! Sending a prepared request: attempts, retries within the total time
//! bound, and reading bodies within the size limits.

use std::time::{Duration, Instant};

use bytes::Bytes;
use reqwest::header::{self, HeaderValue};

use crate::client::{Inner, USER_AGENT};
use crate::error::{ApiError, Error, TransportError};
use crate::request::Prepared;
use crate::retry;

/// Longest error body read, in bytes: error objects are small, and reading
/// more than is kept would only cost memory and time.
const ERROR_BODY_LIMIT: u64 = 64 * 1024;

/// What came back from a successful attempt.
pub(crate) struct Received {
    pub(crate) status: u16,
    pub(crate) body: Bytes,
    /// Kept as the header value (no copy): most calls never read it.
    pub(crate) request_id: Option<HeaderValue>,
}

impl Received {
    /// The `Request-Id`, as text.
    pub(crate) fn request_id_text(&self) -> Option<String> {
        request_id_text(self.request_id.as_ref())
    }
}

fn request_id_text(value: Option<&HeaderValue>) -> Option<String> {
    value.and_then(|v| v.to_str().ok()).map(str::to_owned)
}

/// Why an attempt failed.
enum Failure {
    /// A non-2xx response.
    Api(ApiError),
    /// No complete response; `reading_body`: the failure came after the
    /// status, while reading the body.
    Transport {
        error: reqwest::Error,
        reading_body: bool,
    },
    /// The success body is over the size limit.
    TooLarge,
}

impl Failure {
    fn is_retryable(&self) -> bool {
        match self {
            Failure::Api(e) => e.is_retryable(),
            // A connection lost while reading is retried like one lost
            // before the response: the idempotency key makes a POST safe.
            Failure::Transport {
                reading_body: true, ..
            } => true,
            Failure::Transport { error, .. } => retry::is_retryable_transport(error),
            Failure::TooLarge => false,
        }
    }

    /// Why the attempt failed, as a fixed text for traces (never server
    /// text, which could echo a secret).
    fn reason(&self) -> &'static str {
        match self {
            Failure::Api(e) if e.status() == 429 => "rate limited",
            Failure::Api(e) if e.status() == 409 => "conflict",
            Failure::Api(_) => "server error",
            Failure::Transport {
                reading_body: true, ..
            } => "connection lost while reading the body",
            Failure::Transport { error, .. } if error.is_timeout() => "timeout",
            Failure::Transport { error, .. } if error.is_connect() => "connection failed",
            Failure::Transport { .. } => "connection error",
            Failure::TooLarge => "response too large",
        }
    }

    fn retry_after(&self) -> Option<Duration> {
        match self {
            Failure::Api(e) => e.retry_after(),
            _ => None,
        }
    }
}

/// Sends `req`, retrying per the retry policy within the client's total
/// time bound, and returns the 2xx response.
pub(crate) async fn execute(client: &Inner, req: &Prepared) -> Result<Received, Error> {
    // Checked: the durations are bounded at `build()`, but an overflow here
    // would be a panic in the caller's task.
    let deadline = Instant::now().checked_add(client.max_total_time);
    let mut retries_done = 0u32;
    loop {
        // The first attempt has all the time there is (no need to read the
        // clock again).
        let remaining = match deadline {
            None => req.timeout,
            Some(_) if retries_done == 0 => client.max_total_time,
            Some(deadline) => deadline.saturating_duration_since(Instant::now()),
        };
        let attempt_number = retries_done + 1;
        req.span.attempt(attempt_number);
        let failure = match attempt(client, req, req.timeout.min(remaining)).await {
            Ok(received) => return Ok(received),
            Err(failure) => failure,
        };
        if failure.is_retryable() {
            if retries_done < req.max_retries {
                let delay = retry::backoff_delay(
                    client.retry_base_delay,
                    retries_done,
                    failure.retry_after(),
                );
                // Only retry when the wait leaves time for another attempt.
                let wait_ends = Instant::now().checked_add(delay);
                if wait_ends.is_some_and(|end| deadline.is_none_or(|deadline| end < deadline)) {
                    req.span.retry(attempt_number, failure.reason(), delay);
                    sleep(delay).await;
                    retries_done += 1;
                    continue;
                }
                req.span.gave_up(attempt_number, failure.reason(), true);
            } else {
                req.span.gave_up(attempt_number, failure.reason(), false);
            }
        }
        let idempotency_key = req.idempotency_key_text();
        return Err(match failure {
            Failure::Api(mut e) => {
                e.set_idempotency_key(idempotency_key);
                Error::Api(e)
            }
            Failure::TooLarge => Error::ResponseTooLarge {
                limit: client.max_response_bytes,
                idempotency_key,
            },
            Failure::Transport { error, .. } if error.is_timeout() => {
                Error::Timeout { idempotency_key }
            }
            Failure::Transport {
                error,
                reading_body,
            } => Error::Transport(TransportError::new(
                req.method.as_str(),
                &req.path,
                error,
                reading_body,
                idempotency_key,
                &req.scrubber,
            )),
        });
    }
}

/// One attempt: send, then read the body within the size limits.
async fn attempt(client: &Inner, req: &Prepared, timeout: Duration) -> Result<Received, Failure> {
    let mut builder = client
        .http
        .request(req.method.to_reqwest(), req.url.clone())
        .timeout(timeout)
        .header(header::AUTHORIZATION, client.auth.clone())
        .header(header::USER_AGENT, HeaderValue::from_static(USER_AGENT))
        .header(header::ACCEPT, HeaderValue::from_static("application/json"));
    if let Some(body) = &req.body {
        builder = builder
            .header(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            )
            .body(body.clone());
    }
    if let Some(key) = &req.idempotency_key {
        builder = builder.header("Idempotency-Key", key.clone());
    }
    for (name, value) in &req.extra_headers {
        builder = builder.header(name.clone(), value.clone());
    }
    let mut response = builder.send().await.map_err(|error| Failure::Transport {
        error,
        reading_body: false,
    })?;
    let status = response.status().as_u16();
    let request_id = response
        .headers()
        .get("request-id")
        .or_else(|| response.headers().get("x-request-id"))
        .cloned();
    // Scrubbing masks every form of the key: only worth it when a
    // subscriber records the span.
    #[cfg(feature = "tracing")]
    req.span.response(
        status,
        request_id
            .as_ref()
            .filter(|_| req.span.is_recording())
            .and_then(|id| id.to_str().ok())
            .map(|id| req.scrubber.scrub(id))
            .as_deref(),
    );
    #[cfg(not(feature = "tracing"))]
    req.span.response(status, None);
    let reading = |error| Failure::Transport {
        error,
        reading_body: true,
    };
    if (200..300).contains(&status) {
        let limit = client.max_response_bytes;
        if response.content_length().is_some_and(|len| len > limit) {
            return Err(Failure::TooLarge);
        }
        let (body, complete) = read_body(&mut response, limit).await.map_err(reading)?;
        if !complete {
            return Err(Failure::TooLarge);
        }
        Ok(Received {
            status,
            body,
            request_id,
        })
    } else {
        let retry_after = retry::parse_retry_after(response.headers().get(header::RETRY_AFTER));
        // A truncated error body is still worth reporting (as raw text).
        let (body, _) = read_body(&mut response, ERROR_BODY_LIMIT)
            .await
            .map_err(reading)?;
        Err(Failure::Api(ApiError::from_response(
            status,
            &body,
            request_id_text(request_id.as_ref()),
            retry_after,
            &req.scrubber,
        )))
    }
}

/// Reads at most `limit` bytes of the body. Returns whether the whole body
/// was read; when it was not, the rest is left unread (the connection is
/// dropped). A body that came in one chunk (most API responses) is kept as
/// it came; a longer one is gathered into one buffer, sized from
/// `Content-Length` when known.
async fn read_body(
    response: &mut reqwest::Response,
    limit: u64,
) -> Result<(Bytes, bool), reqwest::Error> {
    let expected = response.content_length().unwrap_or(0).min(limit);
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    let Some(first) = response.chunk().await? else {
        return Ok((Bytes::new(), true));
    };
    if first.len() > limit {
        return Ok((first.slice(..limit), false));
    }
    let Some(mut chunk) = response.chunk().await? else {
        return Ok((first, true));
    };
    let mut body = Vec::with_capacity(usize::try_from(expected).unwrap_or(0));
    body.extend_from_slice(&first);
    loop {
        let room = limit - body.len();
        if chunk.len() > room {
            body.extend_from_slice(&chunk[..room]);
            return Ok((Bytes::from(body), false));
        }
        body.extend_from_slice(&chunk);
        match response.chunk().await? {
            Some(next) => chunk = next,
            None => return Ok((Bytes::from(body), true)),
        }
    }
}

async fn sleep(delay: Duration) {
    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
}
