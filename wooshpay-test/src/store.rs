//! The fake's state: stored objects by resource, idempotent responses,
//! events, injected faults and the request log. Held behind one mutex; no
//! handler awaits while holding it.

use std::collections::HashMap;

use serde_json::{Map, Value};

use crate::faults::FaultRule;
use crate::money::TestCard;
use crate::webhooks::Deliveries;

/// The objects of one resource, in creation order.
#[derive(Default)]
pub(crate) struct Collection {
    order: Vec<String>,
    objects: HashMap<String, Map<String, Value>>,
}

impl Collection {
    pub fn get(&self, id: &str) -> Option<&Map<String, Value>> {
        self.objects.get(id)
    }

    /// Stores `object` under its `id`, replacing an earlier version in place.
    pub fn put(&mut self, object: Map<String, Value>) {
        let id = object
            .get("id")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        if self.objects.insert(id.clone(), object).is_none() {
            self.order.push(id);
        }
    }

    pub fn remove(&mut self, id: &str) -> Option<Map<String, Value>> {
        let removed = self.objects.remove(id)?;
        self.order.retain(|stored| stored != id);
        Some(removed)
    }

    /// Newest first, as WooshPay lists.
    pub fn newest_first(&self) -> impl Iterator<Item = &Map<String, Value>> {
        self.order
            .iter()
            .rev()
            .filter_map(|id| self.objects.get(id))
    }
}

/// A response kept for its idempotency key.
#[derive(Clone)]
pub(crate) struct Replay {
    /// Method, path and body of the first request.
    pub fingerprint: (String, String, Vec<u8>),
    pub status: u16,
    pub body: Vec<u8>,
}

/// One request as the fake received it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedRequest {
    /// `GET`, `POST` or `DELETE`.
    pub method: String,
    /// The path, without the query string.
    pub path: String,
    /// The `Idempotency-Key` header, if any.
    pub idempotency_key: Option<String>,
}

#[derive(Default)]
pub(crate) struct State {
    pub base_url: String,
    resources: HashMap<&'static str, Collection>,
    pub replays: HashMap<String, Replay>,
    pub faults: Vec<FaultRule>,
    pub requests: Vec<RecordedRequest>,
    /// The test card behind each payment method created from card details.
    pub cards: HashMap<String, TestCard>,
    /// Amount refunded so far, by PaymentIntent id.
    pub refunded: HashMap<String, i64>,
    pub deliveries: Deliveries,
}

impl State {
    pub fn collection(&mut self, resource: &'static str) -> &mut Collection {
        self.resources.entry(resource).or_default()
    }

    pub fn collection_ref(&self, resource: &str) -> Option<&Collection> {
        self.resources.get(resource)
    }

    pub fn find(&self, resource: &str, id: &str) -> Option<&Map<String, Value>> {
        self.resources.get(resource)?.get(id)
    }
}
