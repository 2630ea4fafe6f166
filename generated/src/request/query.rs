//! Query strings: parameters flattened Stripe-style (`created[gt]=1`,
//! `expand[0]=customer`).

use serde_json::Value;

use crate::Error;

/// Flattens query parameters Stripe-style into `(key, value)` pairs.
pub(super) fn encode_query(params: &Value) -> Result<Vec<(String, String)>, Error> {
    let mut pairs = Vec::new();
    match params {
        Value::Null => {}
        Value::Object(map) => {
            for (key, value) in map {
                flatten_query(key.clone(), value, &mut pairs);
            }
        }
        _ => {
            return Err(Error::Serialize(
                "query parameters must serialize to a JSON object".to_owned(),
            ))
        }
    }
    Ok(pairs)
}

fn flatten_query(key: String, value: &Value, out: &mut Vec<(String, String)>) {
    match value {
        Value::Null => {}
        Value::Bool(b) => out.push((key, b.to_string())),
        Value::Number(n) => out.push((key, n.to_string())),
        Value::String(s) => out.push((key, s.clone())),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                flatten_query(format!("{key}[{i}]"), item, out);
            }
        }
        Value::Object(map) => {
            for (sub, item) in map {
                flatten_query(format!("{key}[{sub}]"), item, out);
            }
        }
    }
}
