//! Turning wire names into Rust identifiers.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Every word Rust reserves (2015–2024 editions), strict and reserved.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

const DIGIT_WORDS: [&str; 10] = [
    "Zero", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine",
];

/// Whether `word` is reserved by Rust.
pub fn is_keyword(word: &str) -> bool {
    KEYWORDS.contains(&word)
}

/// The snake_case field or function name for a wire name: `schemeUrl` →
/// `scheme_url`, `type` → `type_` (a keyword gets a trailing underscore).
/// Returns `None` when nothing usable is left.
pub fn field_name(wire: &str) -> Option<String> {
    let mut name = wire.to_snake_case();
    if name.is_empty() {
        return None;
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name = format!("n{name}");
    }
    if is_keyword(&name) {
        name.push('_');
    }
    valid_identifier(&name).then_some(name)
}

/// The UpperCamelCase variant or type name for a wire value:
/// `requires_action` → `RequiresAction`, `9pay` → `NinePay`.
/// Returns `None` when nothing usable is left.
pub fn variant_name(wire: &str) -> Option<String> {
    let camel = wire.to_upper_camel_case();
    let digits = camel.chars().take_while(|c| c.is_ascii_digit()).count();
    let mut name: String = camel
        .chars()
        .take(digits)
        .map(|c| DIGIT_WORDS[c as usize - '0' as usize])
        .collect();
    let rest = &camel[digits..];
    let mut rest_chars = rest.chars();
    if let Some(first) = rest_chars.next() {
        // `9pay` → `Nine` + `Pay`: the word after the digits starts anew.
        name.extend(first.to_uppercase());
        name.push_str(rest_chars.as_str());
    }
    if name.is_empty() {
        return None;
    }
    if is_keyword(&name) {
        name.push('_');
    }
    valid_identifier(&name).then_some(name)
}

/// UpperCamelCase join for derived type names: (`NextAction`, `redirect_to_url`) → `NextActionRedirectToUrl`.
pub fn nested_type_name(parent: &str, member: &str) -> Option<String> {
    variant_name(member).map(|member| format!("{parent}{}", member.trim_end_matches('_')))
}

/// Whether `name` is an ASCII identifier (what the generated code uses).
pub fn valid_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && name != "_"
}

/// Whether `name` is already UpperCamelCase (what schema names must be).
pub fn is_upper_camel(name: &str) -> bool {
    valid_identifier(name) && name.to_upper_camel_case() == name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_names() {
        assert_eq!(field_name("type").as_deref(), Some("type_"));
        assert_eq!(field_name("schemeUrl").as_deref(), Some("scheme_url"));
        assert_eq!(field_name("data_ur").as_deref(), Some("data_ur"));
        assert_eq!(field_name("self").as_deref(), Some("self_"));
        assert_eq!(field_name("%%"), None);
    }

    #[test]
    fn variant_names() {
        assert_eq!(variant_name("9pay").as_deref(), Some("NinePay"));
        assert_eq!(variant_name("p24").as_deref(), Some("P24"));
        assert_eq!(
            variant_name("requires_action").as_deref(),
            Some("RequiresAction")
        );
        assert_eq!(variant_name("3d_secure").as_deref(), Some("ThreeDSecure"));
        assert_eq!(variant_name("self").as_deref(), Some("Self_"));
        assert_eq!(variant_name("--"), None);
    }
}
