//! Query strings → JSON: the client flattens nested parameters Stripe-style
//! (`created[gt]=1`, `expand[0]=customer`); the fake folds them back into
//! objects and arrays, with every leaf a string.

use serde_json::{Map, Value};

/// Decodes `%XX` escapes (and `+` as a space, as in form encoding).
pub(crate) fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        match bytes[index] {
            b'%' if index + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[index + 1..index + 3]).unwrap_or("");
                match u8::from_str_radix(hex, 16) {
                    Ok(byte) => {
                        out.push(byte);
                        index += 3;
                        continue;
                    }
                    Err(_) => out.push(b'%'),
                }
            }
            b'+' => out.push(b' '),
            byte => out.push(byte),
        }
        index += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `a=1&b[c]=2&d[0]=x` → `{"a": "1", "b": {"c": "2"}, "d": ["x"]}`.
/// `None` when a key is malformed or one name is used both as a value and
/// as a container.
pub(crate) fn parse(query: &str) -> Result<Map<String, Value>, String> {
    let mut root = Value::Object(Map::new());
    for pair in query.split('&').filter(|pair| !pair.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let key = percent_decode(key);
        let value = percent_decode(value);
        let path = key_path(&key).ok_or_else(|| key.clone())?;
        insert(&mut root, &path, value).map_err(|()| key.clone())?;
    }
    match arrays_from_indices(root) {
        Value::Object(map) => Ok(map),
        _ => unreachable!("the root is an object"),
    }
}

/// `b[c][0]` → `["b", "c", "0"]`.
fn key_path(key: &str) -> Option<Vec<String>> {
    let (head, mut rest) = match key.find('[') {
        Some(open) => (&key[..open], &key[open..]),
        None => (key, ""),
    };
    if head.is_empty() {
        return None;
    }
    let mut path = vec![head.to_owned()];
    while !rest.is_empty() {
        let inner = rest.strip_prefix('[')?;
        let close = inner.find(']')?;
        path.push(inner[..close].to_owned());
        rest = &inner[close + 1..];
    }
    Some(path)
}

fn insert(node: &mut Value, path: &[String], value: String) -> Result<(), ()> {
    let Value::Object(map) = node else {
        return Err(());
    };
    let (first, rest) = path.split_first().ok_or(())?;
    if rest.is_empty() {
        if map.contains_key(first) {
            return Err(());
        }
        map.insert(first.clone(), Value::String(value));
        return Ok(());
    }
    let child = map
        .entry(first.clone())
        .or_insert_with(|| Value::Object(Map::new()));
    insert(child, rest, value)
}

/// Objects whose keys are exactly `0..n` become arrays.
fn arrays_from_indices(value: Value) -> Value {
    match value {
        Value::Object(map) => {
            let is_array =
                !map.is_empty() && (0..map.len()).all(|index| map.contains_key(&index.to_string()));
            if is_array {
                let mut map = map;
                let items = (0..map.len())
                    .map(|index| {
                        arrays_from_indices(map.remove(&index.to_string()).unwrap_or_default())
                    })
                    .collect();
                Value::Array(items)
            } else {
                Value::Object(
                    map.into_iter()
                        .map(|(key, value)| (key, arrays_from_indices(value)))
                        .collect(),
                )
            }
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_keys_fold_back_into_objects_and_arrays() {
        let parsed = parse("limit=3&created%5Bgt%5D=10&expand[0]=a&expand[1]=b%20c").unwrap();
        assert_eq!(
            Value::Object(parsed),
            serde_json::json!({"limit": "3", "created": {"gt": "10"}, "expand": ["a", "b c"]})
        );
    }

    #[test]
    fn a_name_used_twice_is_refused() {
        assert_eq!(parse("a=1&a[b]=2"), Err("a[b]".to_owned()));
        assert_eq!(parse("a=1&a=2"), Err("a".to_owned()));
    }
}
