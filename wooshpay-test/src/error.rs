//! The API's error answers, as WooshPay (like Stripe) sends them:
//! `{"error": {"type", "code", "message", "param", ...}}` with a status.

use serde_json::{json, Value};

/// An error the fake answers with.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ApiFailure {
    pub status: u16,
    pub body: Value,
}

impl ApiFailure {
    fn new(status: u16, error_type: &str, code: Option<&str>, message: String) -> ApiFailure {
        let mut error = json!({ "type": error_type, "message": message });
        if let Some(code) = code {
            error["code"] = json!(code);
        }
        ApiFailure {
            status,
            body: json!({ "error": error }),
        }
    }

    /// Sets the `param` member.
    pub fn param(mut self, param: &str) -> ApiFailure {
        self.body["error"]["param"] = json!(param);
        self
    }

    /// The same error with another HTTP status (a missing id sent as a
    /// parameter is a 400, not a 404).
    pub fn with_status(mut self, status: u16) -> ApiFailure {
        self.status = status;
        self
    }

    /// Adds a member to the error object (`decline_code`, `payment_intent`, …).
    pub fn with(mut self, key: &str, value: Value) -> ApiFailure {
        self.body["error"][key] = value;
        self
    }

    /// HTTP 400 `invalid_request_error` about one parameter.
    pub fn invalid(code: &str, param: &str, message: String) -> ApiFailure {
        ApiFailure::new(400, "invalid_request_error", Some(code), message).param(param)
    }

    /// HTTP 400 `invalid_request_error` about the request as a whole, such
    /// as an action the object's state does not allow.
    pub fn unexpected_state(code: &str, message: String) -> ApiFailure {
        ApiFailure::new(400, "invalid_request_error", Some(code), message)
    }

    /// HTTP 404 for an id that names no object.
    pub fn no_such(object: &str, id: &str, param: &str) -> ApiFailure {
        ApiFailure::new(
            404,
            "invalid_request_error",
            Some("resource_missing"),
            format!("No such {object}: '{id}'"),
        )
        .param(param)
    }

    /// HTTP 404 for a path no endpoint answers.
    pub fn unknown_route(method: &str, path: &str) -> ApiFailure {
        ApiFailure::new(
            404,
            "invalid_request_error",
            None,
            format!("Unrecognized request URL ({method}: {path})"),
        )
    }

    /// HTTP 401: no usable API key.
    pub fn unauthenticated() -> ApiFailure {
        ApiFailure::new(
            401,
            "invalid_request_error",
            None,
            "You did not provide an API key (HTTP Basic auth, the secret key as user name)"
                .to_owned(),
        )
    }

    /// HTTP 402 `card_error`: the card was declined.
    pub fn card_declined(code: &str, decline_code: Option<&str>, message: &str) -> ApiFailure {
        let failure = ApiFailure::new(402, "card_error", Some(code), message.to_owned());
        match decline_code {
            Some(decline) => failure.with("decline_code", json!(decline)),
            None => failure,
        }
    }

    /// HTTP 400 `idempotency_error`: a key reused with other parameters.
    pub fn idempotency_mismatch(key: &str) -> ApiFailure {
        ApiFailure::new(
            400,
            "idempotency_error",
            None,
            format!(
                "Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '{key}' if you meant to execute a different request."
            ),
        )
    }

    /// HTTP 429, with the fake's fault injection.
    pub fn rate_limited() -> ApiFailure {
        ApiFailure::new(
            429,
            "invalid_request_error",
            Some("rate_limit"),
            "Too many requests hit the API too quickly (injected by the fake).".to_owned(),
        )
    }

    /// HTTP 500, with the fake's fault injection.
    pub fn server_error() -> ApiFailure {
        ApiFailure::new(
            500,
            "api_error",
            None,
            "An error occurred on WooshPay's side (injected by the fake).".to_owned(),
        )
    }
}
