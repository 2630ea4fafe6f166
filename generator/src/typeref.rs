//! Helpers on resolved types: writing one back in the spec's syntax, and
//! applying a generic schema to its argument.

use crate::model::TypeRef;

/// `ty` as it would be written in a spec file: `expandable<Customer>`,
/// `List<SetupIntent>`, `array<PaymentMethodType>`.
pub fn spec_syntax(ty: &TypeRef) -> String {
    match ty {
        TypeRef::String => "string".into(),
        TypeRef::Boolean => "boolean".into(),
        TypeRef::Int32 => "int32".into(),
        TypeRef::Int64 => "int64".into(),
        TypeRef::Timestamp => "timestamp".into(),
        TypeRef::Float64 => "float64".into(),
        TypeRef::Json => "json".into(),
        TypeRef::StringEncoded(value) => format!("string<{}>", spec_syntax(value)),
        TypeRef::Array(item) => format!("array<{}>", spec_syntax(item)),
        TypeRef::Map(value) => format!("map<{}>", spec_syntax(value)),
        TypeRef::Expandable(target) => format!("expandable<{}>", spec_syntax(target)),
        TypeRef::Id(object) => format!("id<{object}>"),
        TypeRef::Named(name, None) | TypeRef::Param(name) => name.clone(),
        TypeRef::Named(name, Some(arg)) => format!("{name}<{}>", spec_syntax(arg)),
    }
}

/// `ty` with the generic parameter `param` replaced by `arg`.
pub fn substitute(ty: &TypeRef, param: &str, arg: &TypeRef) -> TypeRef {
    let inner = |ty: &TypeRef| Box::new(substitute(ty, param, arg));
    match ty {
        TypeRef::Param(name) if name == param => arg.clone(),
        TypeRef::Array(item) => TypeRef::Array(inner(item)),
        TypeRef::Map(value) => TypeRef::Map(inner(value)),
        TypeRef::Expandable(target) => TypeRef::Expandable(inner(target)),
        TypeRef::Named(name, Some(type_arg)) => TypeRef::Named(name.clone(), Some(inner(type_arg))),
        other => other.clone(),
    }
}
