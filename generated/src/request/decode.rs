//! Reading a success body: the decode the client uses (fast path first,
//! then tolerant, then with the error's path), and the check for an error
//! object sent with a 2xx status.

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::error::Error;
use crate::redact::{redact_serde_message, Scrubber};

/// Whether a 2xx body is an error object (`{"error": {...}}`) rather than
/// the resource. Checked cheaply first: only a body that contains the
/// `"error"` key at all is parsed for it.
pub(super) fn is_error_envelope(body: &[u8]) -> bool {
    #[derive(serde::Deserialize)]
    struct Probe {
        error: Option<Value>,
        id: Option<serde::de::IgnoredAny>,
    }
    // From quote to quote: a small body is too short to repay setting up
    // a substring search.
    let mut rest = body;
    let has_error_key = loop {
        match memchr::memchr(b'"', rest) {
            Some(quote) => {
                rest = &rest[quote + 1..];
                if rest.starts_with(b"error\"") {
                    break true;
                }
            }
            None => break false,
        }
    };
    if !has_error_key {
        return false;
    }
    match serde_json::from_slice::<Probe>(body) {
        Ok(probe) => probe.id.is_none() && probe.error.as_ref().is_some_and(Value::is_object),
        Err(_) => false,
    }
}

/// Decodes a success body into `R`, reporting the JSON path of a mismatch.
/// An empty body is read as `null` (so `()` and `Option<_>` accept it).
#[doc(hidden)]
pub fn decode<R: DeserializeOwned>(status: u16, body: &[u8]) -> Result<R, Error> {
    decode_with(status, body, &Scrubber::default())
}

/// [`decode`], masking the request's exact secrets in the error as well.
///
/// The common case is fast: the body is first decoded expecting every
/// member to fit, in one pass as a derived `Deserialize` would. If that
/// fails, it is decoded tolerantly (members that do not fit are kept raw);
/// only if that fails too is it re-read with path tracking (which costs
/// about half again as much) for the error.
pub(super) fn decode_with<R: DeserializeOwned>(
    status: u16,
    body: &[u8],
    scrubber: &Scrubber,
) -> Result<R, Error> {
    let input: &[u8] = if body.iter().all(u8::is_ascii_whitespace) {
        b"null"
    } else {
        body
    };
    if let Ok(value) = crate::wire::members::expecting_all_fit(|| serde_json::from_slice(input)) {
        return Ok(value);
    }
    if let Ok(value) = serde_json::from_slice(input) {
        return Ok(value);
    }
    let mut de = serde_json::Deserializer::from_slice(input);
    let value = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let (path, message) =
            crate::wire::join_paths(&e.path().to_string(), &e.into_inner().to_string());
        Error::Decode {
            status,
            path: scrubber.scrub(&path),
            message: scrubber.scrub(&redact_serde_message(&message)),
        }
    })?;
    de.end().map_err(|e| Error::Decode {
        status,
        path: ".".to_owned(),
        message: scrubber.scrub(&redact_serde_message(&e.to_string())),
    })?;
    Ok(value)
}
