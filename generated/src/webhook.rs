//! Verifying webhook deliveries and decoding them into [`Event`]s.
//!
//! WooshPay signs every delivery with the endpoint's secret and sends the
//! result in the `Wooshpay-Signature` header, `t=<unix seconds>,v1=<hex>`:
//! `v1` is the HMAC-SHA256 of `<t>.<raw body>`, keyed with the secret. The
//! header may carry several `v1` values (one per active secret); any match is
//! enough. Other elements are ignored, so new schemes do not break receivers.
//!
//! The guide's example `t` is in seconds, while WooshPay's other timestamps
//! are often milliseconds; a `t` of 12 digits or more is read as
//! milliseconds for the tolerance check (the signed text is used as sent).
//!
//! WooshPay's Chinese signature guide (校验webhook签名) asks the receiver to
//! compare the header's timestamp with the event's time and accept it only
//! within a tolerance of the receiver's choice; it names no value. So
//! [`Webhook::construct_event`] rejects timestamps more than
//! [`Webhook::DEFAULT_TOLERANCE`] away from the current time, in either
//! direction, and [`Webhook::construct_event_at`] takes another tolerance.

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

// HMAC-SHA256 from ring, which rustls already builds for TLS.
use ring::hmac;

use crate::redact::{redact_serde_message, scrub};
use crate::Event;

/// Length in bytes of an HMAC-SHA256 signature (64 hex characters).
const SIGNATURE_LEN: usize = 32;

/// Verifies and decodes webhook deliveries. Has only associated functions.
///
/// It needs only the `events` feature. Each typed kind of
/// [`EventObject`](crate::EventObject) needs its resource's feature too
/// (`EventObject::SetupIntent` below needs `setup_intents`); with that
/// feature off, such an object arrives as `EventObject::Unknown`.
///
/// ```
/// use wooshpay::{EventObject, EventType, Webhook};
///
/// # let secret = "whsec_test";
/// # let body = r#"{"id":"evt_1","object":"event","type":"setup_intent.succeeded","data":{"object":{"object":"setup_intent","id":"seti_1","created":1,"livemode":false,"status":"succeeded"}}}"#;
/// # let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64;
/// # let header = Webhook::signature_header(body, secret, now);
/// // `body`: the raw request body, exactly as received; `header`: the value
/// // of the `Wooshpay-Signature` header; `secret`: the endpoint's `whsec_…`.
/// let event = Webhook::construct_event(body, &header, secret)?;
/// match (&event.type_, &event.data.object) {
///     (EventType::SetupIntentSucceeded, Some(EventObject::SetupIntent(intent))) => {
///         println!("card saved by {:?}", intent.id);
///     }
///     (other, _) => println!("ignoring {other:?}"),
/// }
/// # Ok::<(), wooshpay::WebhookError>(())
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Webhook;

impl Webhook {
    /// The name of the header that carries the signature.
    pub const SIGNATURE_HEADER: &'static str = "Wooshpay-Signature";

    /// The largest body [`Self::verify_signature`] accepts: 16 MiB, the
    /// client's default limit for a response. An event is a few kilobytes.
    pub const MAX_PAYLOAD_BYTES: usize = 16 * 1024 * 1024;

    /// The longest `Wooshpay-Signature` header accepted, in bytes: room for
    /// the timestamp and [`Self::MAX_SIGNATURES`] signatures, with margin.
    pub const MAX_HEADER_BYTES: usize = 1024;

    /// The most `v1=` signatures a header may list (one per active secret;
    /// two while a secret is being rolled).
    pub const MAX_SIGNATURES: usize = 8;

    /// How far a delivery's timestamp may be from the current time.
    pub const DEFAULT_TOLERANCE: Duration = Duration::from_secs(300);

    /// Verifies `signature_header` against the raw `payload` with the
    /// endpoint's `secret`, checks the timestamp is within
    /// [`Self::DEFAULT_TOLERANCE`] of the system clock, and decodes the event.
    ///
    /// `payload` must be the body exactly as received, as bytes (`&[u8]`,
    /// `Vec<u8>`, `Bytes`: what web frameworks hand over) or text (`&str`,
    /// `String`): re-serialized JSON has a different signature. A body that
    /// is correctly signed but not UTF-8 is refused with
    /// [`WebhookError::NotUtf8`].
    // `#[inline]` here and on `construct_event_at` and `decode_event`: the
    // typed event decoding (every object an event can carry) is compiled in
    // the app that verifies webhooks, and not at all in one that does not.
    // Without it, each clean build of `wooshpay` compiled it.
    #[inline]
    pub fn construct_event(
        payload: impl AsRef<[u8]>,
        signature_header: &str,
        secret: &str,
    ) -> Result<Event, WebhookError> {
        Self::construct_event_at(
            payload.as_ref(),
            signature_header,
            secret,
            Self::DEFAULT_TOLERANCE,
            unix_now(),
        )
    }

    /// [`Self::construct_event`] with an explicit tolerance and clock
    /// (`now_unix_secs`), for tests and custom time sources.
    #[inline]
    pub fn construct_event_at(
        payload: impl AsRef<[u8]>,
        signature_header: &str,
        secret: &str,
        tolerance: Duration,
        now_unix_secs: i64,
    ) -> Result<Event, WebhookError> {
        let payload = payload.as_ref();
        Self::verify_signature(payload, signature_header, secret, tolerance, now_unix_secs)?;
        // Checked after the signature: an unauthenticated body learns nothing.
        let text = std::str::from_utf8(payload).map_err(|error| WebhookError::NotUtf8 {
            valid_up_to: error.valid_up_to(),
        })?;
        decode_event(text)
    }

    /// Only verifies: for callers that decode the body themselves. `payload`
    /// is the raw body; the checks are those of [`Self::construct_event_at`].
    pub fn verify_signature(
        payload: &[u8],
        signature_header: &str,
        secret: &str,
        tolerance: Duration,
        now_unix_secs: i64,
    ) -> Result<(), WebhookError> {
        if secret.is_empty() {
            return Err(WebhookError::MissingSecret);
        }
        if payload.len() > Self::MAX_PAYLOAD_BYTES {
            return Err(WebhookError::PayloadTooLarge {
                limit: Self::MAX_PAYLOAD_BYTES,
            });
        }
        let header = SignatureHeader::parse(signature_header)?;
        // One HMAC per delivery, however many candidates the header lists:
        // before anything is authenticated, the cost must not be
        // (candidates × body size).
        let signed = signed_message(header.timestamp_text, payload);
        let expected = hmac::sign(&hmac_key(secret), &signed);
        let mut malformed = 0;
        let mut matched = false;
        for candidate in &header.signatures {
            match decode_signature(candidate) {
                // Every candidate is compared, in constant time each.
                Some(bytes) => matched |= constant_time_eq(expected.as_ref(), &bytes),
                None => malformed += 1,
            }
        }
        if matched {
            return check_tolerance(header.timestamp, tolerance, now_unix_secs);
        }
        if malformed == header.signatures.len() {
            Err(WebhookError::MalformedSignature)
        } else {
            Err(WebhookError::SignatureMismatch)
        }
    }

    /// The `Wooshpay-Signature` value WooshPay would send for `payload`
    /// signed with `secret` at `timestamp` (Unix seconds). Meant for testing
    /// your own receiver.
    pub fn signature_header(payload: impl AsRef<[u8]>, secret: &str, timestamp: i64) -> String {
        let signed = signed_message(&timestamp.to_string(), payload.as_ref());
        let signature = hex::encode(hmac::sign(&hmac_key(secret), &signed));
        format!("t={timestamp},v1={signature}")
    }
}

/// Why a webhook delivery was rejected. Never contains the secret, the
/// expected signature or the body.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum WebhookError {
    /// The endpoint secret passed in is empty (an unset environment variable?).
    #[error("the webhook secret is empty")]
    MissingSecret,
    /// The request has no `Wooshpay-Signature` header, or it is empty.
    #[error("the Wooshpay-Signature header is missing or empty")]
    MissingHeader,
    /// The header is not a comma-separated list of `key=value` elements.
    #[error("the Wooshpay-Signature header is malformed: {0}")]
    MalformedHeader(MalformedHeader),
    /// The header has no `t=` element.
    #[error("the Wooshpay-Signature header has no timestamp (`t=`)")]
    MissingTimestamp,
    /// The `t=` element is not an integer number of seconds.
    #[error("the Wooshpay-Signature timestamp is not an integer")]
    InvalidTimestamp,
    /// The header has no `v1=` element.
    #[error("the Wooshpay-Signature header has no v1 signature")]
    MissingSignature,
    /// Every `v1=` value has the wrong length or is not hexadecimal.
    #[error("no v1 signature in the Wooshpay-Signature header is 64 hexadecimal characters")]
    MalformedSignature,
    /// No `v1=` value matches: the body was altered, or signed with another secret.
    #[error("no v1 signature matches the payload; the body was altered or the secret is wrong")]
    SignatureMismatch,
    /// The signature is valid but its timestamp is too far from the current
    /// time: a replayed or delayed delivery, or a skewed clock.
    #[error("the webhook timestamp {timestamp} is {distance_secs}s away from now ({now}), more than the tolerance of {tolerance_secs}s")]
    TimestampOutsideTolerance {
        /// The signed timestamp as sent: Unix seconds, or milliseconds when
        /// it has 12 digits or more.
        timestamp: i64,
        /// The clock used, Unix seconds.
        now: i64,
        /// How far apart they are, in seconds.
        distance_secs: u64,
        /// The tolerance allowed, in seconds.
        tolerance_secs: u64,
    },
    /// The body is larger than [`Webhook::MAX_PAYLOAD_BYTES`]; it was not
    /// authenticated.
    #[error("the webhook body is larger than the limit of {limit} bytes")]
    PayloadTooLarge {
        /// The limit in bytes.
        limit: usize,
    },
    /// The signature is valid but the body is not UTF-8 text, so it cannot
    /// be JSON.
    #[error("the webhook body is not UTF-8 (invalid byte at offset {valid_up_to})")]
    NotUtf8 {
        /// How many bytes from the start are valid UTF-8.
        valid_up_to: usize,
    },
    /// The signature is valid but the body is not an event.
    #[error("the webhook body is not a valid event at `{path}`: {message}")]
    InvalidPayload {
        /// The JSON path where decoding failed.
        path: String,
        /// What went wrong, with quoted values from the body redacted.
        message: String,
    },
}

/// What exactly is wrong with a malformed signature header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum MalformedHeader {
    /// An element has no `=`.
    ElementWithoutEquals,
    /// `t=` appears more than once, so the signed timestamp is ambiguous.
    DuplicateTimestamp,
    /// The header is longer than [`Webhook::MAX_HEADER_BYTES`].
    TooLong,
    /// The header lists more than [`Webhook::MAX_SIGNATURES`] `v1=` values.
    TooManySignatures,
}

impl fmt::Display for MalformedHeader {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            MalformedHeader::ElementWithoutEquals => "an element has no `=`",
            MalformedHeader::DuplicateTimestamp => "`t=` appears more than once",
            MalformedHeader::TooLong => "it is longer than 1024 bytes",
            MalformedHeader::TooManySignatures => "it lists more than 8 `v1=` signatures",
        })
    }
}

/// The parts of `t=<timestamp>,v1=<sig>,v1=<sig>,...` that matter.
struct SignatureHeader<'h> {
    /// As sent: it is signed as text, so it must not be re-formatted.
    timestamp_text: &'h str,
    timestamp: i64,
    signatures: Vec<&'h str>,
}

impl<'h> SignatureHeader<'h> {
    fn parse(header: &'h str) -> Result<Self, WebhookError> {
        let header = header.trim();
        if header.is_empty() {
            return Err(WebhookError::MissingHeader);
        }
        if header.len() > Webhook::MAX_HEADER_BYTES {
            return Err(WebhookError::MalformedHeader(MalformedHeader::TooLong));
        }
        let mut timestamp_text = None;
        let mut signatures = Vec::new();
        for element in header.split(',') {
            let Some((key, value)) = element.trim().split_once('=') else {
                return Err(WebhookError::MalformedHeader(
                    MalformedHeader::ElementWithoutEquals,
                ));
            };
            match key {
                "t" if timestamp_text.is_some() => {
                    return Err(WebhookError::MalformedHeader(
                        MalformedHeader::DuplicateTimestamp,
                    ));
                }
                "t" => timestamp_text = Some(value),
                "v1" if signatures.len() == Webhook::MAX_SIGNATURES => {
                    return Err(WebhookError::MalformedHeader(
                        MalformedHeader::TooManySignatures,
                    ));
                }
                "v1" => signatures.push(value),
                // Other schemes (a future `v2`, a test-mode `v0`) are ignored.
                _ => {}
            }
        }
        let timestamp_text = timestamp_text.ok_or(WebhookError::MissingTimestamp)?;
        let timestamp = parse_timestamp(timestamp_text).ok_or(WebhookError::InvalidTimestamp)?;
        if signatures.is_empty() {
            return Err(WebhookError::MissingSignature);
        }
        Ok(SignatureHeader {
            timestamp_text,
            timestamp,
            signatures,
        })
    }
}

/// Digits only, so `+5` or ` 5` (which `str::parse` or a signer might treat
/// differently) are refused rather than guessed at.
fn parse_timestamp(text: &str) -> Option<i64> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

fn decode_signature(hex_text: &str) -> Option<[u8; SIGNATURE_LEN]> {
    let mut bytes = [0; SIGNATURE_LEN];
    hex::decode_to_slice(hex_text, &mut bytes).ok()?;
    Some(bytes)
}

/// Whether `a` and `b` are equal, in time that depends only on their
/// lengths (both are 32 bytes here).
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let difference = a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y));
    std::hint::black_box(difference) == 0
}

fn hmac_key(secret: &str) -> hmac::Key {
    hmac::Key::new(hmac::HMAC_SHA256, secret.as_bytes())
}

/// `<timestamp>.<payload>`, the bytes WooshPay signs.
fn signed_message(timestamp: &str, payload: &[u8]) -> Vec<u8> {
    let mut signed = Vec::with_capacity(timestamp.len() + 1 + payload.len());
    signed.extend_from_slice(timestamp.as_bytes());
    signed.push(b'.');
    signed.extend_from_slice(payload);
    signed
}

/// Timestamps from this value on are milliseconds: as seconds they would be
/// after the year 5000, as milliseconds they are after 1973.
const FIRST_MILLISECOND_TIMESTAMP: i64 = 100_000_000_000;

/// The signature guide shows `t` in seconds, but WooshPay writes most of its
/// timestamps in milliseconds (13 digits); both are accepted, so whichever it
/// signs with, deliveries are not all rejected as stale.
fn unix_seconds(timestamp: i64) -> i64 {
    if timestamp >= FIRST_MILLISECOND_TIMESTAMP {
        timestamp / 1000
    } else {
        timestamp
    }
}

fn check_tolerance(timestamp: i64, tolerance: Duration, now: i64) -> Result<(), WebhookError> {
    let distance_secs = now.abs_diff(unix_seconds(timestamp));
    if u128::from(distance_secs) * 1000 > tolerance.as_millis() {
        return Err(WebhookError::TimestampOutsideTolerance {
            timestamp,
            now,
            distance_secs,
            tolerance_secs: tolerance.as_secs(),
        });
    }
    Ok(())
}

#[inline]
fn decode_event(payload: &str) -> Result<Event, WebhookError> {
    let mut deserializer = serde_json::Deserializer::from_str(payload);
    let event: Event = serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
        WebhookError::InvalidPayload {
            path: scrub(&error.path().to_string()),
            message: redact_serde_message(&error.into_inner().to_string()),
        }
    })?;
    deserializer
        .end()
        .map_err(|error| WebhookError::InvalidPayload {
            path: ".".to_owned(),
            message: redact_serde_message(&error.to_string()),
        })?;
    Ok(event)
}

fn unix_now() -> i64 {
    match SystemTime::now().duration_since(UNIX_EPOCH) {
        Ok(elapsed) => i64::try_from(elapsed.as_secs()).unwrap_or(i64::MAX),
        // A clock before 1970: negative seconds, so every delivery is stale.
        Err(before) => -i64::try_from(before.duration().as_secs()).unwrap_or(i64::MAX),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_must_be_plain_digits() {
        assert_eq!(parse_timestamp("1492774577"), Some(1_492_774_577));
        for bad in ["", "+5", "-5", " 5", "1e9", "12a", "99999999999999999999"] {
            assert_eq!(parse_timestamp(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn tolerance_is_inclusive_and_symmetric() {
        let tolerance = Duration::from_secs(300);
        assert!(check_tolerance(1000, tolerance, 1300).is_ok());
        assert!(check_tolerance(1300, tolerance, 1000).is_ok());
        assert!(check_tolerance(1000, tolerance, 1301).is_err());
        assert!(check_tolerance(1301, tolerance, 1000).is_err());
        // Extreme values do not overflow.
        assert!(check_tolerance(i64::MIN, tolerance, i64::MAX).is_err());
    }
}
