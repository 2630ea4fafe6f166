//! Events and their webhook deliveries. Every state change records an
//! event of the documented type (only types the spec's `EventType` lists);
//! each is stored (so `events::retrieve` finds it), kept signed for the
//! test's own handler, and sent to every registered URL, signed with
//! WooshPay's scheme (`wooshpay::Webhook::signature_header`).

use std::sync::{Arc, Mutex};

use serde_json::{json, Map, Value};
use tokio::sync::{mpsc, watch};

use crate::objects;
use crate::spec;
use crate::store::State;

/// A delivery target: a URL and the secret its deliveries are signed with.
#[derive(Debug, Clone)]
pub(crate) struct Target {
    pub url: String,
    pub secret: String,
    /// Event types sent there; `*` or an empty list means all.
    pub enabled_events: Vec<String>,
}

/// One delivery to make.
pub(crate) struct Delivery {
    pub url: String,
    pub secret: String,
    pub payload: String,
}

#[derive(Default)]
pub(crate) struct Deliveries {
    /// Every event recorded, as the exact JSON text delivered.
    pub events: Vec<(String, String)>,
    pub targets: Vec<Target>,
    pub queue: Option<mpsc::UnboundedSender<Delivery>>,
    pub queued: u64,
    pub results: Vec<DeliveryResult>,
}

/// A recorded event, signed for a webhook handler.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedWebhook {
    /// The event's `type`, such as `payment_intent.succeeded`.
    pub event_type: String,
    /// The raw body WooshPay would send.
    pub payload: String,
    /// The `Wooshpay-Signature` header value for `payload`.
    pub signature_header: String,
}

/// What became of one delivery to a URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryResult {
    /// Where it went.
    pub url: String,
    /// The event's `type`.
    pub event_type: String,
    /// The receiver's HTTP status, or `None` when it could not be reached.
    pub status: Option<u16>,
}

/// Records an event of `event_type` about `object`, when the spec
/// documents that type; the request that caused it is `request`.
pub(crate) fn record(
    state: &mut State,
    event_type: &str,
    object: &Map<String, Value>,
    request: (&str, Option<&str>),
) {
    let documented =
        spec::enum_values("EventType").is_some_and(|values| values.contains(&event_type));
    let Some(schema) = spec::object("Event") else {
        return;
    };
    if !documented {
        return;
    }
    let (request_id, idempotency_key) = request;
    let targets: Vec<Target> = state
        .deliveries
        .targets
        .iter()
        .filter(|target| {
            target.enabled_events.is_empty()
                || target
                    .enabled_events
                    .iter()
                    .any(|enabled| enabled == "*" || enabled == event_type)
        })
        .cloned()
        .collect();
    let params = json!({
        "type": event_type,
        "data": { "object": object },
        "request": { "id": request_id, "idempotency_key": idempotency_key },
        "pending_webhooks": targets.len(),
        "api_version": null,
    });
    let event = objects::build(schema, params.as_object().expect("an object"));
    let payload = Value::Object(event.clone()).to_string();
    state.collection(schema.name).put(event);
    state
        .deliveries
        .events
        .push((event_type.to_owned(), payload.clone()));
    for target in targets {
        if let Some(queue) = &state.deliveries.queue {
            if queue
                .send(Delivery {
                    url: target.url,
                    secret: target.secret,
                    payload: payload.clone(),
                })
                .is_ok()
            {
                state.deliveries.queued += 1;
            }
        }
    }
}

/// Signs `payload` with `secret` at the current time.
pub(crate) fn sign(payload: &str, secret: &str) -> String {
    wooshpay::Webhook::signature_header(payload, secret, objects::now())
}

/// Sends queued deliveries one at a time, in order, and counts them done.
pub(crate) async fn deliver(
    mut queue: mpsc::UnboundedReceiver<Delivery>,
    state: Arc<Mutex<State>>,
    done: watch::Sender<u64>,
) {
    let http = reqwest::Client::builder()
        .no_proxy()
        .timeout(std::time::Duration::from_secs(10))
        .build()
        .unwrap_or_default();
    while let Some(delivery) = queue.recv().await {
        let header = sign(&delivery.payload, &delivery.secret);
        let event_type = serde_json::from_str::<Value>(&delivery.payload)
            .ok()
            .and_then(|event| event["type"].as_str().map(str::to_owned))
            .unwrap_or_default();
        let status = http
            .post(&delivery.url)
            .header(wooshpay::Webhook::SIGNATURE_HEADER, header)
            .header("Content-Type", "application/json")
            .body(delivery.payload)
            .send()
            .await
            .ok()
            .map(|response| response.status().as_u16());
        if let Ok(mut state) = state.lock() {
            state.deliveries.results.push(DeliveryResult {
                url: delivery.url,
                event_type,
                status,
            });
        }
        done.send_modify(|count| *count += 1);
    }
}
