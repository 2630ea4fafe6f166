use serde::de::MapAccess;
use serde_json::json;

use super::*;
use crate::wire::members::{required, Extra, Key};

#[derive(Debug)]
struct Item {
    id: String,
    note: Option<String>,
    extra: RawObject,
}

impl ReadObject for Item {
    const NAME: &'static str = "Item";

    fn read_members<'de, A: MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
        let (mut id, mut note, mut extra) = (None, None, Extra::new(true));
        while let Some(key) = map.next_key::<Key>()? {
            match key.as_str() {
                "id" => id = Some(map.next_value()?),
                "note" => note = map.next_value_seed(extra.tolerant("note"))?,
                _ => extra.other(key, &mut map)?,
            }
        }
        Ok(Item {
            id: required(id, "id")?,
            note,
            extra: extra.finish(),
        })
    }
}

impl Decode for Item {
    const BUFFER_TEXT: bool = true;

    fn decode(value: &Value) -> Result<Self, Failure> {
        decode_with_serde(value)
    }
}

impl<'de> serde::Deserialize<'de> for Item {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize_object(deserializer)
    }
}

#[derive(Debug)]
struct Holder {
    items: Option<Vec<Item>>,
    holders: Option<Vec<Holder>>,
    extra: RawObject,
}

impl ReadObject for Holder {
    const NAME: &'static str = "Holder";

    fn read_members<'de, A: MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
        let (mut items, mut holders, mut extra) = (None, None, Extra::new(false));
        while let Some(key) = map.next_key::<Key>()? {
            match key.as_str() {
                "items" => items = map.next_value_seed(extra.tolerant("items"))?,
                "holders" => holders = map.next_value_seed(extra.tolerant("holders"))?,
                _ => extra.other(key, &mut map)?,
            }
        }
        Ok(Holder {
            items,
            holders,
            extra: extra.finish(),
        })
    }
}

impl Decode for Holder {
    const BUFFER_TEXT: bool = true;

    fn decode(value: &Value) -> Result<Self, Failure> {
        decode_with_serde(value)
    }
}

impl<'de> serde::Deserialize<'de> for Holder {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize_object(deserializer)
    }
}

fn from_text<T: serde::de::DeserializeOwned>(body: &Value) -> Result<T, serde_json::Error> {
    serde_json::from_str(&body.to_string())
}

#[test]
fn a_list_is_kept_whole_when_a_later_item_fails_its_strict_member() {
    let body = json!({"items": [{"id": "a", "note": "x"}, {"id": 7}]});
    for holder in [
        from_text::<Holder>(&body).expect("tolerant"),
        Holder::decode_owned(body.clone()).expect("tolerant"),
    ] {
        assert!(holder.items.is_none());
        assert_eq!(holder.extra.get("items"), body.get("items"));
    }
}

#[test]
fn members_that_fit_are_moved_and_the_rest_kept() {
    let body = json!({"items": [{"id": "a", "note": 5, "z": [1]}]});
    for holder in [
        from_text::<Holder>(&body).expect("tolerant"),
        Holder::decode_owned(body.clone()).expect("tolerant"),
    ] {
        assert!(holder.extra.is_empty());
        let items = holder.items.expect("fits");
        assert_eq!(items[0].id, "a");
        assert_eq!(items[0].note, None);
        assert_eq!(
            Value::from(items[0].extra.clone()),
            json!({"note": 5, "z": [1]})
        );
    }
    assert!(Holder::decode_owned(json!([])).is_err());
    assert!(from_text::<Holder>(&json!([])).is_err());
}

#[test]
fn a_repeated_member_counts_once_as_in_a_parsed_object() {
    let holder: Holder =
        serde_json::from_str(r#"{"items": 5, "items": [{"id": "a"}]}"#).expect("tolerant");
    assert!(holder.extra.is_empty(), "{:?}", holder.extra);
    assert_eq!(holder.items.expect("fits")[0].id, "a");
}

#[test]
fn a_missing_strict_member_names_its_path() {
    let failure = Holder::decode_owned(json!({"items": []})).map(drop);
    assert!(failure.is_ok());
    let failure = Item::decode_owned(json!({"note": "x"})).expect_err("strict");
    assert_eq!(failure.path(), "id");
    assert_eq!(failure.message(), "missing member");
    let failure = <Vec<Item>>::decode_owned(json!([{"id": "a"}, {"id": 7}])).expect_err("strict");
    assert_eq!(failure.path(), "[1].id");
}

#[test]
fn buffered_members_nested_too_deeply_fail_instead_of_overflowing() {
    // Each `holders` is a buffered member decoded by a fresh parser.
    let nest = |levels: usize| {
        let mut body = String::from("{}");
        for _ in 0..levels {
            body = format!(r#"{{"holders": [{body}]}}"#);
        }
        body
    };
    let mut holder = serde_json::from_str::<Holder>(&nest(20)).expect("20 levels");
    for _ in 0..20 {
        holder = holder.holders.expect("decoded").pop().expect("one item");
    }
    assert!(holder.holders.is_none());
    let body = nest(200);
    let error = serde_json::from_str::<Holder>(&body).expect_err("too deep");
    assert!(error.to_string().contains("recursion limit"), "{error}");
}

/// Reads `json` as a response member of type `T` is read.
fn read_compact<T: Decode + DeserializeOwned>(json: &str) -> T {
    let mut deserializer = serde_json::Deserializer::from_str(json);
    crate::wire::members::expecting_all_fit(|| T::read_compact(&mut deserializer)).expect("decodes")
}

#[test]
fn lists_read_from_a_response_hold_no_spare_room() {
    // Serde's own `Vec` would keep room for 4 (and a page of 1,025 items
    // room for 2,048).
    let short: Vec<String> = read_compact(r#"["card"]"#);
    assert_eq!((short.len(), short.capacity()), (1, 1));
    let items = format!("[{}]", vec![r#"{"id": "it_1"}"#; 1025].join(","));
    let page: Vec<Item> = read_compact(&items);
    assert_eq!((page.len(), page.capacity()), (1025, 1025));
    let nested: Option<Vec<Vec<i64>>> = read_compact("[[1, 2, 3], [4]]");
    let nested = nested.expect("present");
    assert_eq!(nested.capacity(), 2);
    assert!(nested.iter().all(|inner| inner.capacity() == inner.len()));
}

#[test]
fn a_large_list_grows_by_an_eighth_not_by_doubling() {
    // While being read, before the final shrink: the most room a large page
    // ever holds is what bounds the peak memory of a decode.
    let mut items: Vec<u64> = Vec::new();
    for n in 0..1_000_000u64 {
        crate::wire::grow_gently(&mut items);
        items.push(n);
        let bytes = items.capacity() * std::mem::size_of::<u64>();
        if bytes > 2 * 64 * 1024 {
            assert!(
                items.capacity() <= items.len() + items.len() / 8 + 1,
                "{} items in room for {}",
                items.len(),
                items.capacity()
            );
        }
    }
}
