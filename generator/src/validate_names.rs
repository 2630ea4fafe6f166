//! Names and paths that would give a crate that does not compile, or an
//! endpoint that can only fail at run time, checked on the raw spec before
//! it is resolved.
//!
//! The rest of the validation lives in [`resolve`](crate::resolve); these
//! checks are kept apart because each one guards a fact about the emitted
//! crate (its runtime's names, its constructors, its request paths) rather
//! than about the spec format.

use indexmap::IndexMap;

use crate::diagnostic::{shorten, Diagnostic};
use crate::load::ParsedFile;
use crate::names;
use crate::raw::{RawField, RawKind, RawSpecFile, RawUnionStyle};

/// Public names at the root of the `wooshpay` crate that its hand-written
/// runtime defines. Model types are re-exported at the same root, so a
/// schema with one of these names would be shadowed by the runtime's item.
/// A test (`tests/tests/broken_specs.rs`) reads the runtime's source and
/// fails when this list misses one of its names.
pub const RUNTIME_TYPE_NAMES: &[&str] = &[
    "ApiCall",
    "ApiError",
    "ApiResponse",
    "AutoPagingStream",
    "Client",
    "ClientBuilder",
    "DecodeFailure",
    "Error",
    "Expandable",
    "HasId",
    "MalformedHeader",
    "Map",
    "MapIter",
    "Method",
    "Object",
    "RawObject",
    "Stream",
    "StreamExt",
    "Timestamp",
    "TransportError",
    "TryStreamExt",
    "UnfitMember",
    "Webhook",
    "WebhookError",
];

/// Modules at the root of the `wooshpay` crate. Endpoint modules are
/// re-exported at the same root, so a spec file with endpoints and one of
/// these names would give a module that callers cannot reach.
pub const RUNTIME_MODULE_NAMES: &[&str] = &[
    "blocking",
    "client",
    "error",
    "error_queries",
    "expandable",
    "generated",
    "ids",
    "map",
    "options",
    "pagination",
    "raw_object",
    "redact",
    "request",
    "retry",
    "send",
    "tolerant",
    "trace",
    "webhook",
    "wire",
];

/// Names the generated code uses unqualified, from the prelude.
const PRELUDE_NAMES: &[&str] = &[
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "Vec",
    "String",
    "Box",
    "Into",
    "From",
    "Default",
    "Clone",
    "Copy",
    "Debug",
    "PartialEq",
    "Eq",
    "Send",
    "Sync",
    "Sized",
    "ToString",
    "ToOwned",
    "Iterator",
    "IntoIterator",
    "AsRef",
    "Fn",
    "FnMut",
    "FnOnce",
    "Drop",
];

/// Whether a schema (or a type parameter) may not take `name`: the runtime
/// or the prelude already gives it a meaning in the generated code.
pub fn is_reserved_type_name(name: &str) -> bool {
    RUNTIME_TYPE_NAMES.contains(&name) || PRELUDE_NAMES.contains(&name)
}

/// Every problem of this kind in one file.
pub(crate) fn check_file(file: &ParsedFile) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    let mut error = |spec_path: String, message: String| {
        found.push(Diagnostic {
            file: file.path.clone(),
            location: file.lines.find(&spec_path),
            spec_path: shorten(&spec_path),
            message: shorten(&message),
        });
    };
    // Only endpoint modules are re-exported at the root; model modules are private.
    if !file.raw.endpoints.is_empty() && RUNTIME_MODULE_NAMES.contains(&file.stem.as_str()) {
        error(String::new(), format!("the file name `{}` is also a module of the crate's runtime, which would hide this file's endpoints; rename the file", file.stem));
    }
    check_schemas(&file.raw, &mut error);
    for (name, endpoint) in &file.raw.endpoints {
        let path = format!("endpoints.{name}");
        if let Some(problem) = endpoint_path_problem(&endpoint.path) {
            error(
                format!("{path}.path"),
                format!("the path `{}` {problem}", endpoint.path.escape_debug()),
            );
        }
        for param in endpoint.path_params.keys() {
            check_wire_name(param, &format!("{path}.path_params.{param}"), &mut error);
        }
    }
    found
}

fn check_schemas(raw: &RawSpecFile, error: &mut impl FnMut(String, String)) {
    for (name, schema) in &raw.schemas {
        let path = format!("schemas.{name}");
        if let Some(param) = &schema.generic {
            if names::is_keyword(param) || is_reserved_type_name(param) {
                error(
                    format!("{path}.generic"),
                    format!("the type parameter `{param}` is a Rust keyword or a name the generated code already uses; choose another, e.g. `T`"),
                );
            } else if !uses_param(schema.fields.as_ref(), param) {
                // rustc refuses a type parameter that no field uses.
                error(
                    format!("{path}.generic"),
                    format!("the type parameter `{param}` is used by no field; use it (e.g. `type: array<{param}>`) or remove `generic`"),
                );
            }
        }
        if let Some(object_name) = &schema.object_name {
            check_wire_name(object_name, &format!("{path}.object_name"), error);
        }
        if let Some(fields) = &schema.fields {
            check_fields(fields, &format!("{path}.fields"), error);
        }
        for value in schema.values.iter().flatten() {
            check_wire_name(value.wire(), &format!("{path}.values"), error);
        }
        if let Some(tag) = &schema.tag {
            check_wire_name(tag, &format!("{path}.tag"), error);
        }
        let struct_style =
            schema.kind == RawKind::Union && schema.style == Some(RawUnionStyle::Struct);
        for (tag_value, variant) in schema.variants.iter().flatten() {
            let variant_path = format!("{path}.variants.{tag_value}");
            check_wire_name(tag_value, &variant_path, error);
            if let Some(payload) = &variant.payload {
                check_wire_name(payload, &format!("{variant_path}.payload"), error);
            }
            if let Some(fields) = &variant.fields {
                check_fields(fields, &format!("{variant_path}.fields"), error);
            }
            // A struct-style union gets one constructor per variant, named
            // like its payload member, beside the struct's own `new`.
            let payload_key = variant.payload.as_deref().unwrap_or(tag_value);
            if struct_style && names::field_name(payload_key).as_deref() == Some("new") {
                error(
                    variant_path,
                    format!("the variant `{tag_value}` would get a constructor `new`, which the union already has; give it another `payload:` key"),
                );
            }
        }
    }
}

/// Whether some field's type expression names `param`.
fn uses_param(fields: Option<&IndexMap<String, RawField>>, param: &str) -> bool {
    fields.into_iter().flatten().any(|(_, field)| {
        field
            .type_
            .split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .any(|word| word == param)
    })
}

fn check_fields(
    fields: &IndexMap<String, RawField>,
    path: &str,
    error: &mut impl FnMut(String, String),
) {
    for (wire, field) in fields {
        let field_path = format!("{path}.{wire}");
        check_wire_name(wire, &field_path, error);
        if let Some(nested) = &field.fields {
            check_fields(nested, &format!("{field_path}.fields"), error);
        }
    }
}

/// Wire names end up in doc comments and string literals; a control
/// character (a line break in a quoted YAML key) could start a doc test or
/// a bare carriage return rustc refuses.
fn check_wire_name(wire: &str, spec_path: &str, error: &mut impl FnMut(String, String)) {
    if wire.chars().any(char::is_control) {
        error(
            spec_path.to_owned(),
            format!(
                "the wire name {wire:?} contains a control character (such as a line break); wire names are single-line text"
            ),
        );
    }
}

/// What is wrong with an endpoint path, by the rules the runtime applies
/// when it sends the request (`check_path` in `generated/src/request.rs`),
/// so the mistake shows up at codegen rather than on the first call.
/// `{name}` placeholders stand for percent-encoded, non-empty values. A path
/// without a leading `/` or with unbalanced braces is left to `resolve`,
/// which reports it.
pub fn endpoint_path_problem(path: &str) -> Option<String> {
    let rest = path.strip_prefix('/')?;
    if path.contains(['?', '#']) {
        return Some("must not contain `?` or `#`; query parameters belong in `params` with `params_in: query`".to_owned());
    }
    if let Some(c) = path.chars().find(|c| c.is_whitespace() || c.is_control()) {
        return Some(format!(
            "contains the whitespace or control character {c:?}; percent-encode it"
        ));
    }
    for segment in rest.split('/') {
        // Unbalanced braces: `resolve` reports those.
        let literal = without_placeholders(segment)?;
        if segment.is_empty() {
            return Some("has an empty segment (`//`, or a trailing `/`), which URL normalisation would change".to_owned());
        }
        let undotted = segment.to_ascii_lowercase().replace("%2e", ".");
        if undotted == "." || undotted == ".." {
            return Some(format!(
                "has the dot segment `{segment}`, which URL normalisation would remove"
            ));
        }
        if let Some(problem) = literal_problem(&literal) {
            return Some(problem);
        }
    }
    None
}

/// The segment's literal text with its `{name}` placeholders removed, or
/// `None` when its braces do not pair up.
fn without_placeholders(segment: &str) -> Option<String> {
    let mut literal = String::new();
    let mut rest = segment;
    while let Some(open) = rest.find(['{', '}']) {
        if rest[open..].starts_with('}') {
            return None;
        }
        literal.push_str(&rest[..open]);
        let close = rest[open..].find('}')?;
        rest = &rest[open + close + 1..];
    }
    literal.push_str(rest);
    Some(literal)
}

/// A character of a path segment that is not allowed unencoded there
/// (RFC 3986 `pchar`), or a `%` not followed by two hex digits.
fn literal_problem(literal: &str) -> Option<String> {
    let bytes = literal.as_bytes();
    let mut index = 0;
    while index < bytes.len() {
        let byte = bytes[index];
        if byte == b'%' {
            let hex = bytes.get(index + 1..index + 3);
            if !hex.is_some_and(|pair| pair.iter().all(u8::is_ascii_hexdigit)) {
                return Some(
                    "has a `%` that does not start a percent-encoded byte such as `%2F`".to_owned(),
                );
            }
            index += 3;
            continue;
        }
        if !(byte.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@".contains(&byte)) {
            let c = literal[index..].chars().next().unwrap_or('?');
            return Some(format!(
                "has the character `{c}`, which must be percent-encoded"
            ));
        }
        index += literal[index..].chars().next().map_or(1, char::len_utf8);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_the_runtime_accepts() {
        for path in [
            "/v1/setup_intents",
            "/v1/setup_intents/{intent}/confirm",
            "/v1/files/{id}.pdf",
            "/v1/a:b@c~d",
            "/v1/caf%C3%A9",
        ] {
            assert_eq!(endpoint_path_problem(path), None, "{path}");
        }
    }

    #[test]
    fn paths_the_runtime_refuses() {
        for path in [
            "/v1/things?limit=3",
            "/v1/things#top",
            "/v1/../admin",
            "/v1/%2E%2e/admin",
            "/v1/./x",
            "/v1//things",
            "/v1/things/",
            "/",
            "/v1/a b",
            "/v1/a\tb",
            "/v1/a\u{7}b",
            "/v1/a\"b",
            "/v1/é",
            "/v1/50%",
        ] {
            assert!(endpoint_path_problem(path).is_some(), "{path:?} accepted");
        }
    }

    #[test]
    fn reserved_names() {
        assert!(is_reserved_type_name("ApiError"));
        assert!(is_reserved_type_name("Option"));
        assert!(!is_reserved_type_name("SetupIntent"));
    }
}
