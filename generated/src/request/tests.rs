use super::*;
use serde_json::json;

#[test]
fn path_segments_are_fully_encoded() {
    assert_eq!(encode_path_segment("seti_123"), "seti_123");
    assert_eq!(encode_path_segment("a/b?c#d%e f"), "a%2Fb%3Fc%23d%25e%20f");
    assert_eq!(encode_path_segment("~.-_"), "~.-_");
    assert_eq!(encode_path_segment("é"), "%C3%A9");
}

#[test]
fn only_an_empty_object_counts_as_empty() {
    for empty in [&b"{}"[..], b" {\n\t} \r\n", b"{ }"] {
        assert!(is_empty_object(empty), "{empty:?}");
    }
    for other in [&b""[..], b"null", b"{\"id\":1}", b"{}{}", b"[]", b"{", b"}"] {
        assert!(!is_empty_object(other), "{other:?}");
    }
}

#[test]
fn bad_paths_are_refused() {
    assert!(check_path("/v1/setup_intents/seti_1").is_ok());
    for bad in [
        "/v1/setup_intents/",
        "/v1/setup_intents/..",
        "/v1/setup_intents/%2E%2e",
        "/v1/x/./y",
        "/v1//x",
        "v1/x",
        "/v1/x?y=1",
    ] {
        assert!(check_path(bad).is_err(), "{bad}");
    }
}

#[test]
fn query_is_flattened_stripe_style() {
    let mut pairs = encode_query(&json!({
        "limit": 3,
        "created": {"gt": 1, "lte": null},
        "payment_method_types": ["card", "alipay"],
        "expand": [],
        "customer": null,
        "flag": true,
        "nested": {"a": [{"b": "c"}]}
    }))
    .unwrap();
    // Map order depends on serde_json's `preserve_order` feature.
    pairs.sort();
    let expected: Vec<(String, String)> = [
        ("created[gt]", "1"),
        ("flag", "true"),
        ("limit", "3"),
        ("nested[a][0][b]", "c"),
        ("payment_method_types[0]", "card"),
        ("payment_method_types[1]", "alipay"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    assert_eq!(pairs, expected);
    assert!(encode_query(&json!([1])).is_err());
    assert!(encode_query(&Value::Null).unwrap().is_empty());
}

#[test]
fn error_envelopes_are_found_by_their_key_only() {
    assert!(is_error_envelope(br#"{"error": {"type": "api_error"}}"#));
    assert!(is_error_envelope(br#" {"x": 1, "error":{"message": "m"}}"#));
    assert!(!is_error_envelope(
        br#"{"id": "pi_1", "error": {"type": "t"}}"#
    ));
    assert!(!is_error_envelope(br#"{"status": "error", "errors": {}}"#));
    assert!(!is_error_envelope(br#"{"error": "text"}"#));
    assert!(!is_error_envelope(br#"{"id": "pi_1"}"#));
    assert!(!is_error_envelope(b"\"error"));
}

#[test]
fn decode_reports_paths() {
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Outer {
        inner: Vec<Inner>,
    }
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Inner {
        n: u32,
    }
    let err = decode::<Outer>(200, br#"{"inner":[{"n":1},{"n":"pi_1_secret_x"}]}"#).unwrap_err();
    match err {
        Error::Decode { path, message, .. } => {
            assert_eq!(path, "inner[1].n");
            assert!(!message.contains("secret"), "{message}");
        }
        other => panic!("{other:?}"),
    }
    decode::<()>(204, b"").unwrap();
    assert!(decode::<Outer>(200, br#"{"inner":[]} x"#).is_err());
}
