//! [`RawObject`]: a JSON object kept as it came, with a redacting `Debug`.

use std::fmt;
use std::ops::{Deref, DerefMut};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// A JSON object kept as it came: for objects the spec does not describe yet
/// (`NextAction::Unknown`, unexpanded references), and for members a type
/// does not list (`extra`).
///
/// It dereferences to a [`serde_json::Map`], so `get`, `insert`, indexing
/// and iteration work as on a map, and it serializes exactly as the map.
/// Unlike the map, its `Debug` output hides secrets at any depth: the values
/// of `client_secret`, `number`, `cvc`, `cvv`, `card_number`, `secret`,
/// `secret_key`, `api_key` and `password` members print as `"[REDACTED]"`,
/// and other strings that look like keys, client secrets or card numbers are
/// masked.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RawObject(Map<String, Value>);

impl RawObject {
    /// An empty object.
    pub fn new() -> RawObject {
        RawObject(Map::new())
    }

    /// The underlying JSON map.
    pub fn into_inner(self) -> Map<String, Value> {
        self.0
    }
}

impl fmt::Debug for RawObject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&crate::redact::redact_map(&self.0), f)
    }
}

impl Deref for RawObject {
    type Target = Map<String, Value>;

    fn deref(&self) -> &Map<String, Value> {
        &self.0
    }
}

impl DerefMut for RawObject {
    fn deref_mut(&mut self) -> &mut Map<String, Value> {
        &mut self.0
    }
}

impl From<Map<String, Value>> for RawObject {
    fn from(map: Map<String, Value>) -> RawObject {
        RawObject(map)
    }
}

impl From<RawObject> for Map<String, Value> {
    fn from(object: RawObject) -> Map<String, Value> {
        object.0
    }
}

impl From<RawObject> for Value {
    fn from(object: RawObject) -> Value {
        Value::Object(object.0)
    }
}

impl FromIterator<(String, Value)> for RawObject {
    fn from_iter<I: IntoIterator<Item = (String, Value)>>(iter: I) -> RawObject {
        RawObject(Map::from_iter(iter))
    }
}

impl IntoIterator for RawObject {
    type Item = (String, Value);
    type IntoIter = serde_json::map::IntoIter;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a> IntoIterator for &'a RawObject {
    type Item = (&'a String, &'a Value);
    type IntoIter = serde_json::map::Iter<'a>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}
