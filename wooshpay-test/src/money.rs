//! The money flows, hand-written against the generated tables: PaymentIntent
//! and SetupIntent status transitions, the test cards that steer them, and
//! refunds bounded by what was captured.
//!
//! WooshPay documents no test card numbers; the fake follows Stripe's
//! (see [`crate::test_cards`]).

use serde_json::{json, Map, Value};

use crate::error::ApiFailure;
use crate::objects;
use crate::spec::{self, Schema};
use crate::store::State;
use crate::webhooks;

/// What a card does when a payment or setup is confirmed with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TestCard {
    Succeeds,
    Declined,
    InsufficientFunds,
    RequiresAuthentication,
    IncorrectNumber,
}

impl TestCard {
    /// The behaviour of a card number (spaces and dashes ignored).
    pub fn from_number(number: &str) -> TestCard {
        let digits: String = number.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
        match digits.as_str() {
            crate::test_cards::DECLINED => TestCard::Declined,
            crate::test_cards::INSUFFICIENT_FUNDS => TestCard::InsufficientFunds,
            crate::test_cards::REQUIRES_AUTHENTICATION
            | crate::test_cards::REQUIRES_AUTHENTICATION_ALWAYS => TestCard::RequiresAuthentication,
            _ if luhn_valid(&digits) => TestCard::Succeeds,
            _ => TestCard::IncorrectNumber,
        }
    }

    /// The behaviour of a card known only by its last four digits (a
    /// payment method created with `payment_methods::create`).
    pub fn from_last4(last4: &str) -> TestCard {
        [
            crate::test_cards::DECLINED,
            crate::test_cards::INSUFFICIENT_FUNDS,
            crate::test_cards::REQUIRES_AUTHENTICATION,
            crate::test_cards::REQUIRES_AUTHENTICATION_ALWAYS,
        ]
        .into_iter()
        .find(|number| number.ends_with(last4))
        .map_or(TestCard::Succeeds, TestCard::from_number)
    }

    /// The card error a declining card gives: code, decline code, message.
    fn decline(self) -> Option<(&'static str, Option<&'static str>, &'static str)> {
        match self {
            TestCard::Declined => Some((
                "card_declined",
                Some("generic_decline"),
                "Your card was declined.",
            )),
            TestCard::InsufficientFunds => Some((
                "card_declined",
                Some("insufficient_funds"),
                "Your card has insufficient funds.",
            )),
            TestCard::IncorrectNumber => {
                Some(("incorrect_number", None, "Your card number is incorrect."))
            }
            TestCard::Succeeds | TestCard::RequiresAuthentication => None,
        }
    }
}

fn luhn_valid(digits: &str) -> bool {
    if digits.len() < 12 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(index, byte)| {
            let digit = u32::from(byte - b'0');
            match index % 2 {
                1 if digit * 2 > 9 => digit * 2 - 9,
                1 => digit * 2,
                _ => digit,
            }
        })
        .sum();
    sum % 10 == 0
}

/// Whether the money flows change the answer: the object is stored either
/// way, and a declined payment answers with the card error.
pub(crate) enum Outcome {
    Done,
    Declined(ApiFailure),
}

/// The request that caused a change, for the events it records.
pub(crate) struct Cause<'a> {
    pub request_id: &'a str,
    pub idempotency_key: Option<&'a str>,
}

pub(crate) struct Flow<'a> {
    pub state: &'a mut State,
    pub cause: Cause<'a>,
}

fn status(object: &Map<String, Value>) -> &str {
    object
        .get("status")
        .and_then(Value::as_str)
        .unwrap_or_default()
}

fn set(object: &mut Map<String, Value>, key: &str, value: Value) {
    object.insert(key.to_owned(), value);
}

fn default_if_null(object: &mut Map<String, Value>, key: &str, value: Value) {
    if object.get(key).is_none_or(Value::is_null) {
        set(object, key, value);
    }
}

fn amount(value: Option<&Value>) -> Option<i64> {
    match value? {
        Value::Number(number) => number.as_i64(),
        Value::String(text) => text.trim().parse().ok(),
        _ => None,
    }
}

impl Flow<'_> {
    fn event(&mut self, event_type: &str, object: &Map<String, Value>) {
        let cause = (self.cause.request_id, self.cause.idempotency_key);
        webhooks::record(self.state, event_type, object, cause);
    }

    /// Documented defaults of a new object, and checks that need the
    /// store, before it is stored (an error stores nothing).
    pub fn init(
        &mut self,
        resource: &str,
        object: &mut Map<String, Value>,
        params: &Map<String, Value>,
    ) -> Result<(), ApiFailure> {
        match resource {
            "PaymentIntent" => {
                default_if_null(object, "capture_method", json!("automatic"));
                default_if_null(object, "confirmation_method", json!("automatic"));
                default_if_null(object, "payment_method_types", json!(["card"]));
                set(object, "amount_capturable", json!(0));
                set(object, "amount_received", json!(0));
                self.take_payment_method(object, params)?;
                let waiting = object.get("payment_method").is_some_and(|pm| !pm.is_null());
                let status = if waiting {
                    "requires_confirmation"
                } else {
                    "requires_payment_method"
                };
                set(object, "status", json!(status));
            }
            "SetupIntent" => {
                default_if_null(object, "usage", json!("off_session"));
                default_if_null(object, "payment_method_types", json!(["card"]));
                self.take_payment_method(object, params)?;
                let waiting = object.get("payment_method").is_some_and(|pm| !pm.is_null());
                let status = if waiting {
                    "requires_confirmation"
                } else {
                    "requires_payment_method"
                };
                set(object, "status", json!(status));
            }
            "Refund" => self.init_refund(object, params)?,
            "PaymentMethod" => {
                let last4 = params
                    .get("card")
                    .and_then(|card| card.get("last4"))
                    .and_then(Value::as_str);
                let card = last4.map_or(TestCard::Succeeds, TestCard::from_last4);
                let id = object["id"].as_str().unwrap_or_default().to_owned();
                self.state.cards.insert(id, card);
            }
            "WebhookEndpoint" => {
                let secret = objects::fresh_id("whsec_");
                set(object, "secret", json!(secret));
                default_if_null(object, "status", json!("enabled"));
                let enabled_events = object
                    .get("enabled_events")
                    .and_then(Value::as_array)
                    .map(|events| {
                        events
                            .iter()
                            .filter_map(|e| e.as_str().map(str::to_owned))
                            .collect()
                    })
                    .unwrap_or_default();
                if let Some(url) = object.get("url").and_then(Value::as_str) {
                    self.state.deliveries.targets.push(webhooks::Target {
                        url: url.to_owned(),
                        secret,
                        enabled_events,
                    });
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// After a new object's `*.created` event: `confirm: true` confirms.
    pub fn after_create(
        &mut self,
        resource: &str,
        object: &mut Map<String, Value>,
        params: &Map<String, Value>,
    ) -> Result<Outcome, ApiFailure> {
        let confirm = params.get("confirm") == Some(&json!(true));
        match resource {
            "PaymentIntent" | "SetupIntent" if confirm => self.confirm(resource, object, params),
            _ => Ok(Outcome::Done),
        }
    }

    /// An action endpoint (`/v1/things/{id}/<verb>`); `None` when the money
    /// flows do not handle it.
    pub fn action(
        &mut self,
        resource: &str,
        verb: &str,
        object: &mut Map<String, Value>,
        params: &Map<String, Value>,
    ) -> Option<Result<Outcome, ApiFailure>> {
        let result = match (resource, verb) {
            ("PaymentIntent" | "SetupIntent", "confirm") => self.confirm(resource, object, params),
            ("PaymentIntent", "capture") => self.capture(object, params),
            ("PaymentIntent" | "SetupIntent", "cancel") => self.cancel(resource, object, params),
            _ => return None,
        };
        Some(result)
    }

    /// A payment method from `payment_method_data` (stored as a new
    /// PaymentMethod) or an existing `payment_method`, set on `object`.
    fn take_payment_method(
        &mut self,
        object: &mut Map<String, Value>,
        params: &Map<String, Value>,
    ) -> Result<(), ApiFailure> {
        if let Some(data) = params.get("payment_method_data").and_then(Value::as_object) {
            let id = self.store_payment_method(data);
            set(object, "payment_method", json!(id));
        } else if let Some(id) = params.get("payment_method").and_then(Value::as_str) {
            if self.state.find("PaymentMethod", id).is_none() {
                return Err(
                    ApiFailure::no_such("payment_method", id, "payment_method").with_status(400)
                );
            }
            set(object, "payment_method", json!(id));
        }
        Ok(())
    }

    /// Stores the PaymentMethod that `payment_method_data` describes,
    /// keeping only the last four digits of a card number.
    fn store_payment_method(&mut self, data: &Map<String, Value>) -> String {
        let card = data.get("card").and_then(Value::as_object);
        let number = card
            .and_then(|card| card.get("number"))
            .and_then(Value::as_str)
            .unwrap_or("");
        let digits: String = number.chars().filter(char::is_ascii_digit).collect();
        let brand = match digits.chars().next() {
            Some('4') => "visa",
            Some('5' | '2') => "mastercard",
            Some('3') => "amex",
            _ => "unknown",
        };
        let mut params = json!({
            "type": data.get("type").cloned().unwrap_or(json!("card")),
            "billing_details": data.get("billing_details").cloned().unwrap_or(Value::Null),
        });
        if let Some(card) = card {
            params["card"] = json!({
                "brand": brand,
                "last4": digits.get(digits.len().saturating_sub(4)..).unwrap_or(""),
                "exp_month": card.get("exp_month").cloned().unwrap_or(Value::Null),
                "exp_year": card.get("exp_year").cloned().unwrap_or(Value::Null),
                "funding": "credit",
            });
        }
        let Some(schema) = spec::object("PaymentMethod") else {
            return objects::fresh_id("pm_");
        };
        let object = objects::build(schema, params.as_object().expect("an object"));
        let id = object["id"].as_str().unwrap_or_default().to_owned();
        // Only a card has a number to steer the outcome; a wallet or bank
        // payment method (no `card`) goes through.
        let behaviour = match card {
            Some(_) => TestCard::from_number(number),
            None => TestCard::Succeeds,
        };
        self.state.cards.insert(id.clone(), behaviour);
        self.state.collection(schema.name).put(object);
        id
    }

    fn confirm(
        &mut self,
        resource: &str,
        object: &mut Map<String, Value>,
        params: &Map<String, Value>,
    ) -> Result<Outcome, ApiFailure> {
        let noun = if resource == "PaymentIntent" {
            "PaymentIntent"
        } else {
            "SetupIntent"
        };
        let prefix = if resource == "PaymentIntent" {
            "payment_intent"
        } else {
            "setup_intent"
        };
        if !matches!(
            status(object),
            "requires_payment_method" | "requires_confirmation"
        ) {
            return Err(ApiFailure::unexpected_state(
                &format!("{prefix}_unexpected_state"),
                format!(
                    "This {noun} cannot be confirmed because its status is {}.",
                    status(object)
                ),
            ));
        }
        self.take_payment_method(object, params)?;
        let Some(payment_method) = object
            .get("payment_method")
            .and_then(Value::as_str)
            .map(str::to_owned)
        else {
            return Err(ApiFailure::invalid(
                "parameter_missing",
                "payment_method_data",
                format!(
                    "This {noun} has no payment method to confirm with; send payment_method_data."
                ),
            ));
        };
        let card = self
            .state
            .cards
            .get(&payment_method)
            .copied()
            .unwrap_or(TestCard::Succeeds);
        match card {
            // A flag written as a string (`"true"`) is read as a boolean by
            // the request checks, so both forms arrive here as `true`.
            TestCard::RequiresAuthentication
                if matches!(
                    params.get("error_on_requires_action"),
                    Some(Value::Bool(true))
                ) || params
                    .get("error_on_requires_action")
                    .and_then(Value::as_str)
                    == Some("true") =>
            {
                let failure = ApiFailure::card_declined(
                    "authentication_required",
                    Some("authentication_required"),
                    "This card requires authentication, and error_on_requires_action was set.",
                );
                Ok(self.fail(resource, object, failure))
            }
            TestCard::RequiresAuthentication => {
                let id = object["id"].as_str().unwrap_or_default();
                let url = format!("{}/_fake/authenticate/{id}", self.state.base_url);
                let return_url = object.get("return_url").cloned().unwrap_or(Value::Null);
                set(object, "status", json!("requires_action"));
                set(object, "next_action", next_action(&url, return_url));
                if resource == "PaymentIntent" {
                    self.event("payment_intent.requires_action", object);
                }
                Ok(Outcome::Done)
            }
            card => match card.decline() {
                Some((code, decline_code, message)) => {
                    let failure = ApiFailure::card_declined(code, decline_code, message);
                    Ok(self.fail(resource, object, failure))
                }
                None => {
                    self.succeed(resource, object);
                    Ok(Outcome::Done)
                }
            },
        }
    }

    /// The customer passed (or failed) authentication of an intent waiting
    /// in `requires_action`.
    pub fn authenticate(
        &mut self,
        resource: &str,
        object: &mut Map<String, Value>,
        approve: bool,
    ) -> Result<(), ApiFailure> {
        if status(object) != "requires_action" {
            return Err(ApiFailure::unexpected_state(
                "unexpected_state",
                format!("Nothing to authenticate: the status is {}.", status(object)),
            ));
        }
        set(object, "next_action", Value::Null);
        if approve {
            self.succeed(resource, object);
        } else {
            let failure = ApiFailure::card_declined(
                "payment_intent_authentication_failure",
                None,
                "The customer failed authentication.",
            );
            let _ = self.fail(resource, object, failure);
        }
        Ok(())
    }

    /// The card was authorized: captured now, held, or saved.
    fn succeed(&mut self, resource: &str, object: &mut Map<String, Value>) {
        set(object, "next_action", Value::Null);
        if resource == "SetupIntent" {
            set(object, "last_setup_error", Value::Null);
            set(object, "status", json!("succeeded"));
            self.attach_to_customer(object);
            self.event("setup_intent.succeeded", object);
            return;
        }
        set(object, "last_payment_error", Value::Null);
        let amount = amount(object.get("amount")).unwrap_or_default();
        if object.get("capture_method") == Some(&json!("manual")) {
            set(object, "status", json!("requires_capture"));
            set(object, "amount_capturable", json!(amount));
        } else {
            set(object, "status", json!("succeeded"));
            set(object, "amount_received", json!(amount));
            self.event("payment_intent.succeeded", object);
        }
    }

    /// A saved card belongs to the SetupIntent's customer.
    fn attach_to_customer(&mut self, object: &Map<String, Value>) {
        let (Some(customer), Some(pm)) = (
            object.get("customer").and_then(Value::as_str),
            object.get("payment_method").and_then(Value::as_str),
        ) else {
            return;
        };
        let customer = customer.to_owned();
        if let Some(mut stored) = self.state.find("PaymentMethod", pm).cloned() {
            stored.insert("customer".to_owned(), json!(customer));
            self.state
                .collection(
                    crate::spec::object("PaymentMethod").map_or("PaymentMethod", |s| s.name),
                )
                .put(stored);
        }
    }

    /// A declined attempt: back to `requires_payment_method` with the error
    /// recorded on the intent.
    fn fail(
        &mut self,
        resource: &str,
        object: &mut Map<String, Value>,
        failure: ApiFailure,
    ) -> Outcome {
        let mut error = failure.body["error"].clone();
        error["payment_method"] = Value::Null;
        set(object, "status", json!("requires_payment_method"));
        set(object, "next_action", Value::Null);
        if resource == "SetupIntent" {
            set(object, "last_setup_error", error);
            return Outcome::Declined(failure.with("setup_intent", Value::Object(object.clone())));
        }
        set(object, "last_payment_error", error);
        self.event("payment_intent.payment_failed", object);
        Outcome::Declined(failure.with("payment_intent", Value::Object(object.clone())))
    }

    fn capture(
        &mut self,
        object: &mut Map<String, Value>,
        params: &Map<String, Value>,
    ) -> Result<Outcome, ApiFailure> {
        if status(object) != "requires_capture" {
            return Err(ApiFailure::unexpected_state(
                "payment_intent_unexpected_state",
                format!(
                    "This PaymentIntent could not be captured because it has a status of {}; only requires_capture can be captured.",
                    status(object)
                ),
            ));
        }
        let capturable = amount(object.get("amount_capturable")).unwrap_or_default();
        let requested = amount(params.get("amount_to_capture")).unwrap_or(capturable);
        if requested <= 0 || requested > capturable {
            return Err(ApiFailure::invalid(
                "amount_too_large",
                "amount_to_capture",
                format!("The amount to capture must be between 1 and the capturable amount ({capturable})."),
            ));
        }
        set(object, "status", json!("succeeded"));
        set(object, "amount_received", json!(requested));
        set(object, "amount_capturable", json!(0));
        self.event("payment_intent.succeeded", object);
        Ok(Outcome::Done)
    }

    fn cancel(
        &mut self,
        resource: &str,
        object: &mut Map<String, Value>,
        params: &Map<String, Value>,
    ) -> Result<Outcome, ApiFailure> {
        if matches!(status(object), "succeeded" | "canceled" | "processing") {
            let prefix = if resource == "PaymentIntent" {
                "payment_intent"
            } else {
                "setup_intent"
            };
            return Err(ApiFailure::unexpected_state(
                &format!("{prefix}_unexpected_state"),
                format!(
                    "You cannot cancel this {resource} because it has a status of {}.",
                    status(object)
                ),
            ));
        }
        if let Some(reason) = params.get("cancellation_reason") {
            set(object, "cancellation_reason", reason.clone());
        }
        set(object, "status", json!("canceled"));
        set(object, "next_action", Value::Null);
        if resource == "PaymentIntent" {
            set(object, "amount_capturable", json!(0));
            self.event("payment_intent.canceled", object);
        }
        Ok(Outcome::Done)
    }

    /// A refund needs a PaymentIntent that took money, and never more than
    /// what is left of it.
    fn init_refund(
        &mut self,
        object: &mut Map<String, Value>,
        params: &Map<String, Value>,
    ) -> Result<(), ApiFailure> {
        let Some(pi_id) = params.get("payment_intent").and_then(Value::as_str) else {
            return Err(ApiFailure::invalid(
                "parameter_missing",
                "payment_intent",
                "Missing required param: payment_intent.".to_owned(),
            ));
        };
        let Some(intent) = self.state.find("PaymentIntent", pi_id) else {
            return Err(
                ApiFailure::no_such("payment_intent", pi_id, "payment_intent").with_status(400),
            );
        };
        let received = amount(intent.get("amount_received")).unwrap_or_default();
        let currency = intent.get("currency").cloned().unwrap_or(Value::Null);
        let refunded = self.state.refunded.get(pi_id).copied().unwrap_or_default();
        let left = received - refunded;
        if left <= 0 {
            return Err(ApiFailure::unexpected_state(
                "charge_already_refunded",
                format!("PaymentIntent {pi_id} has nothing left to refund (received {received}, refunded {refunded})."),
            ));
        }
        let requested = match params.get("amount") {
            Some(value) => amount(Some(value))
                .filter(|amount| *amount > 0)
                .ok_or_else(|| {
                    ApiFailure::invalid(
                        "parameter_invalid_integer",
                        "amount",
                        "Invalid amount: a positive integer is required.".to_owned(),
                    )
                })?,
            None => left,
        };
        if requested > left {
            return Err(ApiFailure::invalid(
                "amount_too_large",
                "amount",
                format!("Refund amount ({requested}) is greater than the amount left to refund ({left})."),
            ));
        }
        self.state
            .refunded
            .insert(pi_id.to_owned(), refunded + requested);
        set(object, "amount", json!(requested));
        set(object, "currency", currency);
        set(object, "status", json!("succeeded"));
        self.event("charge.refund.updated", object);
        Ok(())
    }
}

/// A `next_action` asking the customer to pass a challenge at `url`,
/// written as the spec's `NextAction` union writes a `challenge_redirect`.
fn next_action(url: &str, return_url: Value) -> Value {
    let payload_key = match spec::schema("NextAction") {
        Some(Schema::Union(union)) => union
            .variants
            .iter()
            .find(|variant| variant.tag_value == "challenge_redirect")
            .map_or("challenge_redirect", |variant| variant.payload_key),
        _ => "challenge_redirect",
    };
    json!({
        "type": "challenge_redirect",
        payload_key: { "url": url, "return_url": return_url },
    })
}
