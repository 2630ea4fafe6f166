//! `tracing` spans and events for each call, with the `tracing` feature;
//! without it, [`CallSpan`] is empty and every method compiles to nothing.
//!
//! What is recorded is chosen so no secret can reach a subscriber: the path
//! *template* (`/v1/setup_intents/{id}`, never the ids), the method, the
//! attempt number, the status, the scrubbed request id, the idempotency key
//! and times. Never a header value, a body, a query value or server text.

use std::time::Duration;

use crate::request::Method;

/// Target of every span and event, so a filter such as
/// `RUST_LOG=wooshpay=debug` selects them.
#[cfg(feature = "tracing")]
const TARGET: &str = "wooshpay";

/// The span of one call, from its first attempt to its result.
pub(crate) struct CallSpan {
    #[cfg(feature = "tracing")]
    span: tracing::Span,
    /// When the call started; read only for a span a subscriber records.
    #[cfg(feature = "tracing")]
    started: Option<std::time::Instant>,
}

impl CallSpan {
    /// Opens the span of a call to `path`; `template` is the path with its
    /// parameters as `{name}`, when the endpoint function gave it.
    #[cfg_attr(not(feature = "tracing"), allow(unused_variables))]
    pub(crate) fn new(
        method: Method,
        template: Option<&'static str>,
        path: &str,
        idempotency_key: Option<&str>,
    ) -> CallSpan {
        #[cfg(feature = "tracing")]
        {
            let span = tracing::info_span!(
                target: TARGET,
                "wooshpay.request",
                method = method.as_str(),
                path = tracing::field::Empty,
                idempotency_key = idempotency_key,
                attempt = tracing::field::Empty,
                status = tracing::field::Empty,
                request_id = tracing::field::Empty,
                elapsed_ms = tracing::field::Empty,
            );
            // Without a subscriber recording it, nothing more is computed.
            let recording = !span.is_disabled();
            if recording {
                let template = match template {
                    Some(template) => std::borrow::Cow::Borrowed(template),
                    None => std::borrow::Cow::Owned(path_template(path)),
                };
                span.record("path", tracing::field::display(&template));
            }
            let started = recording.then(std::time::Instant::now);
            CallSpan { span, started }
        }
        #[cfg(not(feature = "tracing"))]
        CallSpan {}
    }

    /// Runs `future` (the attempts) inside the span.
    pub(crate) fn instrument<F: std::future::Future>(
        &self,
        future: F,
    ) -> impl std::future::Future<Output = F::Output> {
        #[cfg(feature = "tracing")]
        {
            tracing::Instrument::instrument(future, self.span.clone())
        }
        #[cfg(not(feature = "tracing"))]
        future
    }

    /// Attempt `number` (1 for the first) starts.
    #[cfg_attr(not(feature = "tracing"), allow(unused_variables))]
    pub(crate) fn attempt(&self, number: u32) {
        #[cfg(feature = "tracing")]
        self.span.record("attempt", number);
    }

    /// Whether a subscriber records this span: without one, the values a
    /// span would take (a scrubbed request id) need not be computed.
    #[cfg(feature = "tracing")]
    pub(crate) fn is_recording(&self) -> bool {
        !self.span.is_disabled()
    }

    /// An attempt got a response: `request_id` is already scrubbed.
    #[cfg_attr(not(feature = "tracing"), allow(unused_variables))]
    pub(crate) fn response(&self, status: u16, request_id: Option<&str>) {
        #[cfg(feature = "tracing")]
        {
            self.span.record("status", status);
            if let Some(request_id) = request_id {
                self.span.record("request_id", request_id);
            }
            tracing::debug!(
                target: TARGET,
                parent: &self.span,
                status,
                request_id,
                "response received"
            );
        }
    }

    /// Attempt `attempt` failed for `reason` (a fixed text, never server
    /// text) and the call waits `delay` before the next one.
    #[cfg_attr(not(feature = "tracing"), allow(unused_variables))]
    pub(crate) fn retry(&self, attempt: u32, reason: &'static str, delay: Duration) {
        #[cfg(feature = "tracing")]
        tracing::info!(
            target: TARGET,
            parent: &self.span,
            attempt,
            reason,
            wait_ms = duration_ms(delay),
            "retrying after a retryable failure"
        );
    }

    /// A retryable failure is not retried: no retries or time left.
    #[cfg_attr(not(feature = "tracing"), allow(unused_variables))]
    pub(crate) fn gave_up(&self, attempt: u32, reason: &'static str, out_of_time: bool) {
        #[cfg(feature = "tracing")]
        tracing::debug!(
            target: TARGET,
            parent: &self.span,
            attempt,
            reason,
            out_of_time,
            "not retrying"
        );
    }

    /// The call ended; records its total time.
    pub(crate) fn finish(&self) {
        #[cfg(feature = "tracing")]
        if let Some(started) = self.started {
            self.span
                .record("elapsed_ms", duration_ms(started.elapsed()));
        }
    }
}

#[cfg(feature = "tracing")]
fn duration_ms(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

/// The path with every segment that looks like an id (it has a digit or a
/// percent-encoded byte, which no resource or action name has) replaced by
/// `{id}`: for calls through [`Client::request`](crate::Client::request),
/// which have no template.
#[cfg_attr(not(any(feature = "tracing", test)), allow(dead_code))]
fn path_template(path: &str) -> String {
    let mut template = String::with_capacity(path.len());
    for (index, segment) in path.split('/').enumerate() {
        if index > 0 {
            template.push('/');
        }
        let id_like = index > 1 && segment.bytes().any(|b| b.is_ascii_digit() || b == b'%');
        template.push_str(if id_like { "{id}" } else { segment });
    }
    template
}

#[cfg(test)]
mod tests {
    use super::path_template;

    #[test]
    fn ids_become_placeholders_and_names_stay() {
        assert_eq!(
            path_template("/v1/setup_intents/seti_1Abc/confirm"),
            "/v1/setup_intents/{id}/confirm"
        );
        assert_eq!(path_template("/v1/charges/list"), "/v1/charges/list");
        assert_eq!(
            path_template("/v1/customers/cus%2F1/payment_methods"),
            "/v1/customers/{id}/payment_methods"
        );
        assert_eq!(
            path_template("/v1/checkout/sessions"),
            "/v1/checkout/sessions"
        );
    }
}
