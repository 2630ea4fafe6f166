//! Masking secrets in text that reaches `Display`, `Debug` or logs.
//!
//! Two layers: [`scrub`] masks anything that *looks* like a secret (key
//! prefixes, `_secret_`, card numbers), and a [`Scrubber`] additionally masks
//! the exact secrets the client knows it sent (its API key in plain, Basic
//! and escaped forms, and the `client_secret`, card number and CVC values of
//! the request), however the server echoed them.

use serde_json::Value;

/// What a masked exact secret is replaced with.
const MASK: &str = "[REDACTED]";

/// Object keys whose values are secrets wherever they appear in raw JSON.
pub(crate) const SECRET_KEYS: &[&str] = &[
    "client_secret",
    "number",
    "cvc",
    "cvv",
    "card_number",
    "secret",
    "secret_key",
    "api_key",
    "password",
];

/// Masks the exact secrets of one client and one request, then applies the
/// generic [`scrub`].
///
/// Cloned for every call (each adds its own request's secrets), so the list
/// is shared and copied only when a request adds to it.
#[derive(Clone, Default)]
pub(crate) struct Scrubber {
    /// Exact values to mask and what replaces each, longest first so a
    /// longer secret is masked whole before a shorter one inside it.
    secrets: std::sync::Arc<Vec<(String, &'static str)>>,
}

impl Scrubber {
    /// A scrubber for a client with `secret_key`: masks the key and its HTTP
    /// Basic form (`base64("key:")`, with or without padding). The key
    /// itself becomes `key_hint` (e.g. `sk_test_****`), which keeps the mode
    /// visible for diagnostics.
    pub(crate) fn for_key(secret_key: &str, key_hint: &'static str) -> Scrubber {
        let basic = crate::client::base64_encode(format!("{secret_key}:").as_bytes());
        let mut scrubber = Scrubber::default();
        scrubber.add_as(secret_key, key_hint);
        scrubber.add(basic.trim_end_matches('='));
        scrubber.add(&basic);
        scrubber
    }

    /// Adds one exact secret.
    pub(crate) fn add(&mut self, secret: &str) {
        self.add_as(secret, MASK);
    }

    fn add_as(&mut self, secret: &str, mask: &'static str) {
        if secret.is_empty() || self.secrets.iter().any(|(s, _)| s == secret) {
            return;
        }
        let secrets = std::sync::Arc::make_mut(&mut self.secrets);
        secrets.push((secret.to_owned(), mask));
        secrets.sort_by_key(|(s, _)| std::cmp::Reverse(s.len()));
    }

    /// Adds the string values found under [`SECRET_KEYS`] anywhere in the
    /// request parameters `params`.
    pub(crate) fn add_request_secrets(&mut self, params: &Value) {
        match params {
            Value::Object(map) => {
                for (key, value) in map {
                    match value {
                        Value::String(s) if is_secret_key(key) => self.add_request_value(s),
                        Value::Number(n) if is_secret_key(key) => {
                            self.add_request_value(&n.to_string())
                        }
                        other => self.add_request_secrets(other),
                    }
                }
            }
            Value::Array(items) => items.iter().for_each(|v| self.add_request_secrets(v)),
            _ => {}
        }
    }

    /// A value shorter than a CVC is not worth masking, and masking it
    /// everywhere would garble the text.
    fn add_request_value(&mut self, value: &str) {
        if value.len() >= 3 {
            self.add(value);
        }
    }

    /// Masks every known secret in `text` (also when percent-encoded or
    /// JSON-escaped), then applies [`scrub`].
    pub(crate) fn scrub(&self, text: &str) -> String {
        let mut text = text.to_owned();
        for (secret, mask) in self.secrets.iter() {
            text = mask_encoded(&text, secret, mask);
        }
        scrub(&text)
    }
}

/// Text that went through a [`Scrubber`]: the only type the error types
/// store server text in, so that no member can reach `Display` or `Debug`
/// unscrubbed. Only [`Scrubber::scrub_server_text`] makes one.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Scrubbed(String);

impl Scrubbed {
    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }

    /// Cut to at most `limit` bytes at a char boundary, with `marker`
    /// appended when something was cut. The text was scrubbed whole first,
    /// so the cut cannot expose part of a secret.
    pub(crate) fn truncated(mut self, limit: usize, marker: &str) -> Scrubbed {
        if self.0.len() > limit {
            let mut end = limit;
            while !self.0.is_char_boundary(end) {
                end -= 1;
            }
            self.0.truncate(end);
            self.0.push_str(marker);
        }
        self
    }
}

impl std::fmt::Display for Scrubbed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl Scrubber {
    /// [`scrub`](Scrubber::scrub) for text that came from the server.
    pub(crate) fn scrub_server_text(&self, text: &str) -> Scrubbed {
        Scrubbed(self.scrub(text))
    }
}

/// Whether a member named `key` holds a secret. Spelling does not matter:
/// `client_secret`, `clientSecret`, `Client-Secret` and `CLIENTSECRET` all
/// do, as do `CVC` and `Cvc`.
fn is_secret_key(key: &str) -> bool {
    let mut folded = String::with_capacity(key.len());
    for c in key.chars() {
        if c.is_alphanumeric() {
            folded.extend(c.to_lowercase());
        } else if !matches!(c, '_' | '-' | ' ' | '.') {
            return false;
        }
    }
    SECRET_KEYS
        .iter()
        .any(|secret| secret.replace('_', "") == folded)
}

/// Replaces each occurrence of `secret` in `text` by `mask`, where each of
/// the secret's bytes may appear literally, percent-encoded (`%5F`, `%5f`),
/// JSON-escaped (`\u005F`) or `\x`-escaped, and a space also as `+`.
/// An all-digit secret (a CVC) is only masked where it is not part of a
/// longer digit run.
fn mask_encoded(text: &str, secret: &str, mask: &str) -> String {
    let bytes = text.as_bytes();
    let digits_only = secret.bytes().all(|b| b.is_ascii_digit());
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut i = 0;
    while i < bytes.len() {
        if !text.is_char_boundary(i) {
            i += 1;
            continue;
        }
        if let Some(end) = match_encoded(bytes, i, secret.as_bytes()) {
            let bounded = !digits_only
                || ((i == 0 || !bytes[i - 1].is_ascii_digit())
                    && bytes.get(end).is_none_or(|b| !b.is_ascii_digit()));
            if bounded && text.is_char_boundary(end) {
                out.push_str(&text[copied..i]);
                out.push_str(mask);
                copied = end;
                i = end;
                continue;
            }
        }
        i += 1;
    }
    out.push_str(&text[copied..]);
    out
}

/// Matches `secret` at `start`, returning where the match ends.
fn match_encoded(text: &[u8], start: usize, secret: &[u8]) -> Option<usize> {
    let mut p = start;
    for &want in secret {
        p = match_byte(text, p, want)?;
    }
    Some(p)
}

/// Matches one byte of a secret at `p` in any of the accepted encodings.
fn match_byte(text: &[u8], p: usize, want: u8) -> Option<usize> {
    let hex_at = |at: usize| -> Option<u8> {
        let pair = text.get(at..at + 2)?;
        let s = std::str::from_utf8(pair).ok()?;
        u8::from_str_radix(s, 16).ok()
    };
    match *text.get(p)? {
        b if b == want => Some(p + 1),
        b'+' if want == b' ' => Some(p + 1),
        b'%' if hex_at(p + 1) == Some(want) => Some(p + 3),
        b'\\' => match text.get(p + 1)? {
            b'u' if text.get(p + 2..p + 4)? == b"00" && hex_at(p + 4) == Some(want) => Some(p + 6),
            b'x' if hex_at(p + 2) == Some(want) => Some(p + 4),
            // `\/` and friends: JSON's one-character escapes.
            &b if b == want && matches!(b, b'/' | b'"' | b'\\') => Some(p + 2),
            _ => None,
        },
        _ => None,
    }
}

/// Masks secrets in free text received from the server or built from
/// caller input.
///
/// * Card numbers: a run of 12 or more digits, or 13 to 19 digits in groups
///   separated by single spaces or dashes (`4242 4242 4242 4242`), keeps only
///   its last four digits.
/// * The text is then split into words of ASCII letters, digits and `_`; a
///   word that starts with `sk_`, `rk_`, `pk_` or `whsec_` (API keys, webhook
///   secrets) keeps the prefix up to the second `_` and the rest becomes
///   `****`; a word containing `_secret_` (client secrets) loses everything
///   after it.
pub(crate) fn scrub(text: &str) -> String {
    let text = mask_card_numbers(text);
    let mut out = String::with_capacity(text.len());
    let mut word_start: Option<usize> = None;
    for (i, c) in text.char_indices() {
        if c.is_ascii_alphanumeric() || c == '_' {
            if word_start.is_none() {
                word_start = Some(i);
            }
        } else {
            if let Some(s) = word_start.take() {
                out.push_str(&scrub_word(&text[s..i]));
            }
            out.push(c);
        }
    }
    if let Some(s) = word_start {
        out.push_str(&scrub_word(&text[s..]));
    }
    out
}

fn scrub_word(word: &str) -> String {
    for prefix in ["sk_", "rk_", "pk_", "whsec_"] {
        if let Some(rest) = word.strip_prefix(prefix) {
            // Keep `sk_test_` / `sk_live_` for diagnostics.
            let keep = match rest.find('_') {
                Some(i) if i <= 8 => prefix.len() + i + 1,
                _ => prefix.len(),
            };
            if keep == word.len() {
                // Only the prefix: already masked (`sk_test_****`).
                return word.to_owned();
            }
            return format!("{}****", &word[..keep]);
        }
    }
    if let Some(i) = word.find("_secret_") {
        return format!("{}_secret_****", &word[..i]);
    }
    word.to_owned()
}

/// Replaces card-number-like digit runs by `****` and their last four digits.
fn mask_card_numbers(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut i = 0;
    while i < bytes.len() {
        let starts_run = bytes[i].is_ascii_digit()
            && (i == 0 || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_'));
        if !starts_run {
            i += 1;
            continue;
        }
        // Digit groups joined by one separator each.
        let mut end = i;
        let mut digits = Vec::new();
        let mut groups = 0;
        loop {
            let group_start = end;
            while end < bytes.len() && bytes[end].is_ascii_digit() {
                digits.push(bytes[end]);
                end += 1;
            }
            if end > group_start {
                groups += 1;
            }
            let joined = matches!(bytes.get(end), Some(b' ' | b'-'))
                && bytes.get(end + 1).is_some_and(u8::is_ascii_digit);
            if !joined {
                break;
            }
            end += 1;
        }
        let ends_word = bytes
            .get(end)
            .is_none_or(|b| !(b.is_ascii_alphanumeric() || *b == b'_'));
        let card_like = ends_word
            && ((groups == 1 && digits.len() >= 12)
                || (groups > 1 && (13..=19).contains(&digits.len())));
        if card_like {
            out.push_str(&text[copied..i]);
            out.push_str("****");
            out.push_str(std::str::from_utf8(&digits[digits.len() - 4..]).unwrap_or_default());
            copied = end;
        }
        i = end.max(i + 1);
    }
    out.push_str(&text[copied..]);
    out
}

/// Redacts values echoed in a serde error message.
///
/// Rule: every quoted span, `"…"` (serde's `{:?}` of strings, with `\"`
/// escapes) or `` `…` `` (serde's integers, floats, variants and field
/// names), is replaced by `***` unless its content is a short enum-like
/// token: 1 to 40 characters from `a-z`, `0-9`, `_`, `.`, `-`, at least one
/// of them a letter, and not looking like a secret (no `secret` substring, no
/// `sk_`/`rk_`/`pk_`/`whsec_` prefix). Field names and enum values such as
/// `` `id` `` or `"card"` stay readable; ids with capitals, numbers (card
/// numbers, CVCs), client secrets and free text are masked. An unterminated
/// quote masks the rest of the message. The result is then passed through
/// the general secret scrubber as well.
pub(crate) fn redact_serde_message(msg: &str) -> String {
    let mut out = String::with_capacity(msg.len());
    let mut chars = msg.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c != '"' && c != '`' {
            out.push(c);
            continue;
        }
        let quote = c;
        let start = i + c.len_utf8();
        let mut end = None;
        let mut escaped = false;
        for (j, d) in chars.by_ref() {
            if quote == '"' && escaped {
                escaped = false;
                continue;
            }
            if quote == '"' && d == '\\' {
                escaped = true;
                continue;
            }
            if d == quote {
                end = Some(j);
                break;
            }
        }
        match end {
            Some(e) => {
                let content = &msg[start..e];
                out.push(quote);
                if is_enum_like(content) {
                    out.push_str(content);
                } else {
                    out.push_str("***");
                }
                out.push(quote);
            }
            None => {
                out.push(quote);
                out.push_str("***");
                break;
            }
        }
    }
    scrub(&out)
}

fn is_enum_like(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 40
        && s.bytes().all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'.' || b == b'-'
        })
        && s.bytes().any(|b| b.is_ascii_lowercase())
        && !s.contains("secret")
        && !["sk_", "rk_", "pk_", "whsec_"]
            .iter()
            .any(|p| s.starts_with(p))
}

/// A copy of `value` with the values under [`SECRET_KEYS`] replaced by
/// `"[REDACTED]"` and every other string passed through [`scrub`], at any
/// depth. Used by `Debug` of raw JSON.
pub(crate) fn redact_value(value: &Value) -> Value {
    match value {
        Value::String(s) => Value::String(scrub(s)),
        Value::Array(items) => Value::Array(items.iter().map(redact_value).collect()),
        Value::Object(map) => Value::Object(redact_map(map)),
        // A card number sent as a JSON number is still a card number. Only
        // 13 to 19 digits that pass the Luhn check are: a millisecond
        // timestamp has 13 digits too, and should stay readable.
        Value::Number(number) => match number.as_u64().map(|n| n.to_string()) {
            Some(digits) if (13..=19).contains(&digits.len()) && passes_luhn(&digits) => {
                Value::String(format!("****{}", &digits[digits.len() - 4..]))
            }
            _ => value.clone(),
        },
        other => other.clone(),
    }
}

/// The Luhn checksum every card number satisfies.
fn passes_luhn(digits: &str) -> bool {
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(index, byte)| {
            let digit = u32::from(byte - b'0');
            match (index % 2, digit * 2) {
                (0, _) => digit,
                (_, doubled) if doubled > 9 => doubled - 9,
                (_, doubled) => doubled,
            }
        })
        .sum();
    sum % 10 == 0
}

/// [`redact_value`] for an object.
pub(crate) fn redact_map(map: &serde_json::Map<String, Value>) -> serde_json::Map<String, Value> {
    map.iter()
        .map(|(key, value)| {
            let shown = if is_secret_key(key) && !value.is_null() {
                Value::String(MASK.to_owned())
            } else {
                redact_value(value)
            };
            (key.clone(), shown)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn serde_messages_are_redacted() {
        let m = redact_serde_message(
            r#"invalid type: string "seti_1_secret_AbC", expected u64 at line 1 column 9"#,
        );
        assert_eq!(
            m,
            r#"invalid type: string "***", expected u64 at line 1 column 9"#
        );
        let m = redact_serde_message("invalid type: integer `4242424242424242`, expected a string");
        assert_eq!(m, "invalid type: integer `***`, expected a string");
        let m = redact_serde_message(r#"invalid type: string "123", expected i64"#);
        assert!(!m.contains("123"));
        let m = redact_serde_message("unknown variant `card`, expected one of `a`, `b_c`");
        assert_eq!(m, "unknown variant `card`, expected one of `a`, `b_c`");
        let m = redact_serde_message(r#"invalid value: string "a\"b sk_live_x", expected x"#);
        assert_eq!(m, r#"invalid value: string "***", expected x"#);
        let m = redact_serde_message(r#"oops "unterminated sk_test_abc"#);
        assert_eq!(m, r#"oops "***"#);
    }

    #[test]
    fn scrub_masks_keys_secrets_and_card_numbers() {
        assert_eq!(
            scrub("Invalid API Key provided: sk_test_abc123"),
            "Invalid API Key provided: sk_test_****"
        );
        assert_eq!(scrub("pi_1_secret_xyz."), "pi_1_secret_****.");
        assert_eq!(scrub("card 4242424242424242!"), "card ****4242!");
        assert_eq!(scrub("card 4242 4242 4242 4242."), "card ****4242.");
        assert_eq!(scrub("card 4000-0566-5566-5556"), "card ****5556");
        assert_eq!(scrub("amount 1000 ok"), "amount 1000 ok");
        assert_eq!(scrub("on 2024-01-31 12:00"), "on 2024-01-31 12:00");
        assert_eq!(
            scrub("ids 1700000000 1700000001"),
            "ids 1700000000 1700000001"
        );
    }

    #[test]
    fn scrubber_masks_exact_secrets_in_every_encoding() {
        let mut s = Scrubber::for_key("sk_test_K3y", "sk_test_****");
        s.add("987");
        assert_eq!(s.scrub("key sk%5Ftest%5FK3y."), "key sk_test_****.");
        for text in [
            "key sk_test_K3y here",
            "key sk%5Ftest%5fK3y here",
            r"key sk\u005ftest\u005FK3y here",
            "auth Basic c2tfdGVzdF9LM3k6 here",
            "cvc 987 here",
        ] {
            let shown = s.scrub(text);
            assert!(
                shown.contains("****") || shown.contains(MASK),
                "{text} -> {shown}"
            );
            assert!(shown.ends_with(" here"), "{text} -> {shown}");
            for leak in ["K3y", "c2tfdGVzdF9LM3k6", "987"] {
                assert!(!shown.contains(leak), "{text} -> {shown}");
            }
        }
        assert_eq!(s.scrub("amount 19870"), "amount 19870");
    }

    #[test]
    fn request_secrets_are_collected_at_any_depth() {
        let mut s = Scrubber::default();
        s.add_request_secrets(&json!({
            "client_secret": "seti_1_secret_Zz",
            "payment_method_data": {"card": {"number": "4111111111111111", "cvc": "321"}},
            "items": [{"cvc": 456}, {"number": "7"}],
            "usage": "off_session"
        }));
        let shown = s.scrub("seti_1_secret_Zz 4111111111111111 321 456 off_session 7");
        assert_eq!(
            shown,
            "[REDACTED] [REDACTED] [REDACTED] [REDACTED] off_session 7"
        );
    }

    #[test]
    fn secret_keys_match_in_any_spelling_and_card_numbers_as_numbers() {
        let v = json!({
            "Client_Secret": "a", "clientSecret": "b", "CVC": "123", "Cvc": 456,
            "card-number": "c", "pan": 4242424242424242u64, "created": 1_700_000_000_123u64,
            "count": 12
        });
        assert_eq!(
            redact_value(&v),
            json!({
                "Client_Secret": "[REDACTED]", "clientSecret": "[REDACTED]", "CVC": "[REDACTED]",
                "Cvc": "[REDACTED]", "card-number": "[REDACTED]", "pan": "****4242",
                "created": 1_700_000_000_123u64, "count": 12
            })
        );
        assert!(!is_secret_key("numbers"));
        assert!(!is_secret_key("description"));
    }

    #[test]
    fn raw_values_are_redacted_recursively() {
        let v = json!({"a": [{"client_secret": "x_secret_y", "note": "sk_live_abc"}], "cvc": null});
        assert_eq!(
            redact_value(&v),
            json!({"a": [{"client_secret": "[REDACTED]", "note": "sk_live_****"}], "cvc": null})
        );
    }
}
