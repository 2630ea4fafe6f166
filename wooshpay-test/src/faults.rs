//! Faults on demand: the next calls (all, or those to one path) fail the
//! way a real network and a real API sometimes do, so retries and timeouts
//! can be tested.

use std::time::Duration;

/// A failure the fake answers with instead of (or before) the real answer.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Fault {
    /// HTTP 429 with a `Retry-After` header (whole seconds, rounded up)
    /// and a `rate_limit` error object.
    RateLimited {
        /// The wait the fake asks for.
        retry_after: Duration,
    },
    /// HTTP 500 with an `api_error` object.
    ServerError,
    /// The connection is closed without an answer, after the request was read.
    DropConnection,
    /// The answer comes after this delay (then the request is handled
    /// normally); longer than the client's timeout, it makes a timeout.
    Delay(Duration),
}

/// A fault and which requests it hits.
#[derive(Debug, Clone)]
pub(crate) struct FaultRule {
    pub fault: Fault,
    /// Requests left to hit.
    pub remaining: usize,
    /// Only requests whose path starts with this.
    pub path_prefix: Option<String>,
}

/// The fault for a request to `path`, counting it against its rule.
pub(crate) fn take(rules: &mut Vec<FaultRule>, path: &str) -> Option<Fault> {
    let index = rules.iter().position(|rule| {
        rule.remaining > 0
            && rule
                .path_prefix
                .as_deref()
                .is_none_or(|prefix| path.starts_with(prefix))
    })?;
    let rule = &mut rules[index];
    rule.remaining -= 1;
    let fault = rule.fault.clone();
    if rule.remaining == 0 {
        rules.remove(index);
    }
    Some(fault)
}
