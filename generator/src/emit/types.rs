//! Rust types for spec type references.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::model::{ResolvedField, TypeRef};

/// The Rust type of a value of `ty`.
pub fn rust_type(ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::String => quote!(String),
        TypeRef::Boolean => quote!(bool),
        TypeRef::Int32 => quote!(i32),
        TypeRef::Int64 => quote!(i64),
        TypeRef::Timestamp => quote!(crate::Timestamp),
        TypeRef::Float64 => quote!(f64),
        TypeRef::Json => quote!(serde_json::Value),
        // The wire form is the field's serde attribute; the value is the inner type.
        TypeRef::StringEncoded(value) => rust_type(value),
        TypeRef::Array(item) => {
            let item = rust_type(item);
            quote!(Vec<#item>)
        }
        TypeRef::Map(value) => {
            let value = rust_type(value);
            quote!(std::collections::BTreeMap<String, #value>)
        }
        TypeRef::Expandable(object) => {
            let object = rust_type(object);
            quote!(crate::Expandable<#object>)
        }
        TypeRef::Id(object) => {
            let name = format_ident!("{}", crate::model::id_type_name(object));
            quote!(crate::#name)
        }
        TypeRef::Named(name, argument) => {
            let name = format_ident!("{}", name);
            match argument {
                Some(argument) => {
                    let argument = rust_type(argument);
                    quote!(crate::#name<#argument>)
                }
                None => quote!(crate::#name),
            }
        }
        TypeRef::Param(name) => {
            let name = format_ident!("{}", name);
            quote!(#name)
        }
    }
}

/// The type of a struct field: boxed when it closes a cycle, optional unless
/// it is required and never null.
pub fn field_type(field: &ResolvedField) -> TokenStream {
    let mut ty = rust_type(&field.ty);
    if field.boxed {
        ty = quote!(Box<#ty>);
    }
    if field.optional {
        ty = quote!(Option<#ty>);
    }
    ty
}
