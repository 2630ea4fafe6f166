//! Retry policy: which failures are retried, and how long to wait in
//! between. The user-facing description is "Retries and idempotency" in the
//! crate documentation (`lib.rs`).

use std::time::Duration;

/// Default delay before the first retry.
pub(crate) const DEFAULT_BASE_DELAY: Duration = Duration::from_millis(500);
/// Longest computed backoff (before jitter).
pub(crate) const MAX_BACKOFF: Duration = Duration::from_secs(8);
/// Longest `Retry-After` the client honours; longer values are capped.
pub(crate) const MAX_RETRY_AFTER: Duration = Duration::from_secs(60);
/// Default number of retries after the first attempt.
pub(crate) const DEFAULT_MAX_RETRIES: u32 = 2;

/// HTTP statuses that are retried (a 409 `idempotency_error` excepted, see
/// `ApiError::is_retryable`).
pub(crate) fn is_retryable_status(status: u16) -> bool {
    matches!(status, 409 | 429 | 500 | 502 | 503 | 504)
}

/// Whether a transport-level failure is worth retrying.
pub(crate) fn is_retryable_transport(err: &reqwest::Error) -> bool {
    err.is_timeout() || err.is_connect() || err.is_request() || err.is_body()
}

/// Parses a `Retry-After` header given in seconds (HTTP dates are ignored),
/// capped at [`MAX_RETRY_AFTER`].
pub(crate) fn parse_retry_after(value: Option<&reqwest::header::HeaderValue>) -> Option<Duration> {
    let text = value?.to_str().ok()?.trim();
    let secs: f64 = text.parse().ok()?;
    if !secs.is_finite() || secs < 0.0 {
        return None;
    }
    Some(Duration::from_secs_f64(
        secs.min(MAX_RETRY_AFTER.as_secs_f64()),
    ))
}

/// The delay before retry number `retry` (0 for the first retry).
pub(crate) fn backoff_delay(base: Duration, retry: u32, retry_after: Option<Duration>) -> Duration {
    if let Some(ra) = retry_after {
        return ra.min(MAX_RETRY_AFTER);
    }
    let factor = 1u32.checked_shl(retry.min(16)).unwrap_or(u32::MAX);
    let cap = MAX_BACKOFF.max(base);
    let full = base.saturating_mul(factor).min(cap);
    let half = full / 2;
    let jitter_nanos = (full - half).as_nanos().min(u128::from(u64::MAX)) as u64;
    half + Duration::from_nanos(fastrand::u64(0..=jitter_nanos))
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn backoff_grows_and_is_capped() {
        let base = Duration::from_millis(500);
        for retry in 0..40 {
            let d = backoff_delay(base, retry, None);
            let full = (base * 2u32.saturating_pow(retry.min(10))).min(MAX_BACKOFF);
            assert!(d >= full / 2 && d <= full, "retry {retry}: {d:?}");
        }
        assert_eq!(backoff_delay(Duration::ZERO, 3, None), Duration::ZERO);
    }

    #[test]
    fn retry_after_is_honoured_and_capped() {
        let h = HeaderValue::from_static("3");
        let ra = parse_retry_after(Some(&h));
        assert_eq!(ra, Some(Duration::from_secs(3)));
        assert_eq!(
            backoff_delay(Duration::from_millis(1), 0, ra),
            Duration::from_secs(3)
        );
        let h = HeaderValue::from_static("86400");
        assert_eq!(parse_retry_after(Some(&h)), Some(MAX_RETRY_AFTER));
        let h = HeaderValue::from_static("Wed, 21 Oct 2015 07:28:00 GMT");
        assert_eq!(parse_retry_after(Some(&h)), None);
        assert_eq!(parse_retry_after(None), None);
    }

    #[test]
    fn retryable_statuses() {
        for s in [409, 429, 500, 502, 503, 504] {
            assert!(is_retryable_status(s));
        }
        for s in [200, 400, 401, 402, 403, 404, 422, 501] {
            assert!(!is_retryable_status(s));
        }
    }
}
