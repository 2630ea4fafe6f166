//! The property the fake must keep: every answer it sends decodes with the
//! client. `tables::decode_with_client` picks each endpoint's Rust type;
//! [`decode`] decodes as a `wooshpay` call does and checks what came back.

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

/// Decodes `body` as `T` the way the client does, then requires that no
/// member was unfit for its type (the fake writes only what the spec says)
/// and that serializing gives back the body (`null` members aside, which
/// the client does not write).
pub(crate) fn decode<T>(body: &[u8]) -> Result<(), String>
where
    T: DeserializeOwned + Serialize + wooshpay::wire::Decode,
{
    let typed: T = wooshpay::__decode_response(200, body).map_err(|error| error.to_string())?;
    let unfit = wooshpay::wire::unfit_members(&typed);
    if !unfit.is_empty() {
        let paths: Vec<String> = unfit.iter().map(ToString::to_string).collect();
        return Err(format!("members that did not fit: {}", paths.join("; ")));
    }
    let back = serde_json::to_value(&typed).map_err(|error| error.to_string())?;
    let sent: Value = serde_json::from_slice(body).map_err(|error| error.to_string())?;
    if without_nulls(&back) != without_nulls(&sent) {
        return Err(format!(
            "serialized back differently:\n  sent {sent}\n  back {back}"
        ));
    }
    Ok(())
}

fn without_nulls(value: &Value) -> Value {
    match value {
        Value::Object(members) => Value::Object(
            members
                .iter()
                .filter(|(_, member)| !member.is_null())
                .map(|(key, member)| (key.clone(), without_nulls(member)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(without_nulls).collect()),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::decode;
    use wooshpay::Balance;

    #[test]
    fn a_body_the_client_takes_whole_passes() {
        let body = br#"{"object": "balance", "available": [{"amount": 5, "currency": "usd"}]}"#;
        assert_eq!(decode::<Balance>(body), Ok(()));
    }

    #[test]
    fn an_unfit_member_a_missing_identity_and_a_lost_member_fail() {
        let unfit = decode::<Balance>(br#"{"object": "balance", "available": "lots"}"#);
        assert!(unfit.unwrap_err().contains("available"));
        assert!(decode::<Balance>(br#"{"available": []}"#).is_err());
        // A member the client drops is lost on the way back.
        let lost = decode::<Balance>(br#"{"object": "balance", "available": [{"amount": 5, "currency": "usd", "surprise": 1}]}"#);
        assert!(lost.unwrap_err().contains("serialized back differently"));
    }
}
