//! [`Map`]: the members of a JSON object whose keys are free-form, such as
//! `metadata`.

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The members of a JSON object with free-form keys (a spec `map<…>`):
/// `metadata` and the like. Keys are unique and kept in order, so it
/// iterates, compares and serializes as a `BTreeMap<String, V>` does.
///
/// Stored as one sorted list: the usual handful of members costs one small
/// allocation, where a `BTreeMap` allocates room for eleven per node. That
/// keeps a large page of objects, each with a little metadata, close to the
/// size of its JSON. Lookups are binary searches.
///
/// ```
/// use wooshpay::Map;
///
/// let mut metadata = Map::from([("order", "42".to_owned())]);
/// metadata.insert("channel", "web".to_owned());
/// assert_eq!(metadata.get("order").map(String::as_str), Some("42"));
/// assert_eq!(metadata.keys().collect::<Vec<_>>(), ["channel", "order"]);
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Map<V> {
    /// Sorted by key, keys unique.
    entries: Vec<(String, V)>,
}

impl<V> Map<V> {
    /// An empty map; allocates nothing.
    pub const fn new() -> Self {
        Map {
            entries: Vec::new(),
        }
    }

    /// How many members there are.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there is no member.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    fn position(&self, key: &str) -> Result<usize, usize> {
        self.entries
            .binary_search_by(|(probe, _)| probe.as_str().cmp(key))
    }

    /// The value of `key`, if there is one.
    pub fn get(&self, key: &str) -> Option<&V> {
        let index = self.position(key).ok()?;
        Some(&self.entries[index].1)
    }

    /// The value of `key` to change in place, if there is one.
    pub fn get_mut(&mut self, key: &str) -> Option<&mut V> {
        let index = self.position(key).ok()?;
        Some(&mut self.entries[index].1)
    }

    /// Whether `key` has a value.
    pub fn contains_key(&self, key: &str) -> bool {
        self.position(key).is_ok()
    }

    /// Sets `key` to `value`; returns the value it replaces, if any.
    pub fn insert(&mut self, key: impl Into<String>, value: V) -> Option<V> {
        let key = key.into();
        match self.position(&key) {
            Ok(index) => Some(std::mem::replace(&mut self.entries[index].1, value)),
            Err(index) => {
                self.entries.insert(index, (key, value));
                None
            }
        }
    }

    /// Takes `key` out; returns its value, if it had one.
    pub fn remove(&mut self, key: &str) -> Option<V> {
        let index = self.position(key).ok()?;
        Some(self.entries.remove(index).1)
    }

    /// Keeps only the members for which `keep` says `true`.
    pub fn retain(&mut self, mut keep: impl FnMut(&str, &mut V) -> bool) {
        self.entries.retain_mut(|(key, value)| keep(key, value));
    }

    /// The members in key order.
    pub fn iter(&self) -> MapIter<'_, V> {
        MapIter(self.entries.iter())
    }

    /// The keys in order.
    pub fn keys(&self) -> impl ExactSizeIterator<Item = &str> + DoubleEndedIterator {
        self.entries.iter().map(|(key, _)| key.as_str())
    }

    /// The values in key order.
    pub fn values(&self) -> impl ExactSizeIterator<Item = &V> + DoubleEndedIterator {
        self.entries.iter().map(|(_, value)| value)
    }

    /// Builds the map from members in any order; of repeated keys, the last
    /// one counts (as in a parsed JSON object). Keeps no spare room.
    pub(crate) fn from_entries(mut entries: Vec<(String, V)>) -> Self {
        let sorted = entries.windows(2).all(|pair| pair[0].0 < pair[1].0);
        if !sorted {
            // Stable, so repeated keys stay in arrival order; `dedup_by`
            // then keeps the first slot but moves the later value into it.
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            entries.dedup_by(|later, kept| {
                let repeated = later.0 == kept.0;
                if repeated {
                    std::mem::swap(later, kept);
                }
                repeated
            });
        }
        // No spare room: a page of objects, each with a small map read from
        // a response, would otherwise carry it many times over.
        entries.shrink_to_fit();
        Map { entries }
    }
}

impl<V> Default for Map<V> {
    fn default() -> Self {
        Map::new()
    }
}

impl<V: fmt::Debug> fmt::Debug for Map<V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl<V> std::ops::Index<&str> for Map<V> {
    type Output = V;

    /// The value of `key`; panics when there is none, as indexing a
    /// `BTreeMap` does.
    fn index(&self, key: &str) -> &V {
        self.get(key)
            .unwrap_or_else(|| panic!("no member `{key}` in the map"))
    }
}

impl<K: Into<String>, V> FromIterator<(K, V)> for Map<V> {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(members: I) -> Self {
        Map::from_entries(
            members
                .into_iter()
                .map(|(key, value)| (key.into(), value))
                .collect(),
        )
    }
}

impl<K: Into<String>, V> Extend<(K, V)> for Map<V> {
    /// Adds the members, a later value replacing an earlier one for the
    /// same key; sorts once, so adding many costs no more than building.
    fn extend<I: IntoIterator<Item = (K, V)>>(&mut self, members: I) {
        let mut entries = std::mem::take(&mut self.entries);
        entries.extend(members.into_iter().map(|(key, value)| (key.into(), value)));
        *self = Map::from_entries(entries);
    }
}

impl<K: Into<String>, V, const N: usize> From<[(K, V); N]> for Map<V> {
    fn from(members: [(K, V); N]) -> Self {
        members.into_iter().collect()
    }
}

impl<V> From<BTreeMap<String, V>> for Map<V> {
    fn from(members: BTreeMap<String, V>) -> Self {
        // Already sorted and unique.
        Map {
            entries: members.into_iter().collect(),
        }
    }
}

impl<V> From<Map<V>> for BTreeMap<String, V> {
    fn from(map: Map<V>) -> Self {
        map.entries.into_iter().collect()
    }
}

/// The members of a [`Map`] in key order, borrowed.
#[derive(Clone, Debug)]
pub struct MapIter<'a, V>(std::slice::Iter<'a, (String, V)>);

impl<'a, V> Iterator for MapIter<'a, V> {
    type Item = (&'a String, &'a V);

    fn next(&mut self) -> Option<Self::Item> {
        self.0.next().map(|(key, value)| (key, value))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}

impl<V> DoubleEndedIterator for MapIter<'_, V> {
    fn next_back(&mut self) -> Option<Self::Item> {
        self.0.next_back().map(|(key, value)| (key, value))
    }
}

impl<V> ExactSizeIterator for MapIter<'_, V> {}

impl<'a, V> IntoIterator for &'a Map<V> {
    type Item = (&'a String, &'a V);
    type IntoIter = MapIter<'a, V>;

    fn into_iter(self) -> MapIter<'a, V> {
        self.iter()
    }
}

impl<V> IntoIterator for Map<V> {
    type Item = (String, V);
    type IntoIter = std::vec::IntoIter<(String, V)>;

    /// The members in key order.
    fn into_iter(self) -> Self::IntoIter {
        self.entries.into_iter()
    }
}

impl<V: Serialize> Serialize for Map<V> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.len()))?;
        for (key, value) in &self.entries {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for Map<V> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(MapVisitor(PhantomData))
    }
}

struct MapVisitor<V>(PhantomData<V>);

impl<'de, V: Deserialize<'de>> Visitor<'de> for MapVisitor<V> {
    type Value = Map<V>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut members: A) -> Result<Map<V>, A::Error> {
        let mut entries = Vec::new();
        while let Some(entry) = members.next_entry::<String, V>()? {
            crate::wire::grow_gently(&mut entries);
            entries.push(entry);
        }
        Ok(Map::from_entries(entries))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_members_sorted_and_unique_whatever_the_order_they_come_in() {
        let map: Map<i64> = [("b", 1), ("a", 2), ("b", 3), ("c", 4), ("a", 5)].into();
        let members: Vec<(&String, &i64)> = map.iter().collect();
        assert_eq!(
            members,
            [
                (&"a".to_owned(), &5),
                (&"b".to_owned(), &3),
                (&"c".to_owned(), &4)
            ]
        );
    }

    #[test]
    fn reads_and_writes_json_as_an_object_with_the_last_repeated_member() {
        let map: Map<serde_json::Value> =
            serde_json::from_str(r#"{"z": 1, "a": {"x": [true]}, "z": 2}"#).unwrap();
        assert_eq!(map.len(), 2);
        assert_eq!(map["z"], 2);
        assert_eq!(
            serde_json::to_string(&map).unwrap(),
            r#"{"a":{"x":[true]},"z":2}"#
        );
        let as_btree: BTreeMap<String, serde_json::Value> = map.clone().into();
        assert_eq!(Map::from(as_btree), map);
    }

    #[test]
    fn insert_remove_and_lookups_keep_the_order() {
        let mut map = Map::new();
        assert_eq!(map.insert("m", 1), None);
        assert_eq!(map.insert("a", 2), None);
        assert_eq!(map.insert("z", 3), None);
        assert_eq!(map.insert("m", 4), Some(1));
        assert_eq!(map.keys().collect::<Vec<_>>(), ["a", "m", "z"]);
        assert_eq!(map.remove("a"), Some(2));
        assert_eq!(map.remove("a"), None);
        assert!(map.contains_key("z") && !map.contains_key("a"));
        *map.get_mut("z").unwrap() += 10;
        map.retain(|key, _| key != "m");
        assert_eq!(map.values().copied().collect::<Vec<_>>(), [13]);
    }

    #[test]
    fn a_map_read_from_a_response_holds_no_spare_room() {
        use crate::wire::Decode;
        let mut deserializer = serde_json::Deserializer::from_str(r#"{"b": "2", "a": "1"}"#);
        let map = <Map<String> as Decode>::read_compact(&mut deserializer).unwrap();
        assert_eq!(map.keys().collect::<Vec<_>>(), ["a", "b"]);
        assert_eq!(map.entries.capacity(), 2);
    }

    #[test]
    fn extend_replaces_values_of_keys_already_there() {
        let mut map = Map::from([("b", 1), ("d", 2)]);
        map.extend([("c", 3), ("b", 4), ("a", 5), ("c", 6)]);
        let members: Vec<(&str, i64)> = map.iter().map(|(k, v)| (k.as_str(), *v)).collect();
        assert_eq!(members, [("a", 5), ("b", 4), ("c", 6), ("d", 2)]);
    }

    #[test]
    fn a_non_object_is_refused() {
        assert!(serde_json::from_str::<Map<String>>("[]").is_err());
        assert!(serde_json::from_str::<Map<String>>(r#"{"a": 1}"#).is_err());
    }
}
