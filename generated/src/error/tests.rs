use super::*;

#[test]
fn api_error_shapes() {
    let e = ApiError::from_response(
        402,
        br#"{"error":{"type":"card_error","code":"card_declined","message":"Declined"}}"#,
        None,
        None,
        &Scrubber::default(),
    );
    assert_eq!(e.error_type(), Some(&crate::ErrorType::CardError));
    assert_eq!(e.code(), Some("card_declined"));
    assert!(e.raw_body().is_none());
    let e = ApiError::from_response(
        400,
        br#"{"type":"weird","message":"m"}"#,
        None,
        None,
        &Scrubber::default(),
    );
    assert_eq!(
        e.error_type(),
        Some(&crate::ErrorType::Unknown("weird".into()))
    );
    let e = ApiError::from_response(
        502,
        b"<html>Bad gateway</html>",
        None,
        None,
        &Scrubber::default(),
    );
    assert_eq!(e.raw_body(), Some("<html>Bad gateway</html>"));
    let long = vec![b'a'; 10_000];
    let e = ApiError::from_response(502, &long, None, None, &Scrubber::default());
    assert!(e.raw_body().unwrap().len() < RAW_BODY_LIMIT + 20);
}
