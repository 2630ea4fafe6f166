//! Rust types for spec type references.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::model::{ResolvedField, TypeRef};

/// The Rust type of a value of `ty`, inside the `wooshpay` crate.
pub fn rust_type(ty: &TypeRef) -> TokenStream {
    rust_type_under(ty, &quote!(crate))
}

/// The Rust type of a value of `ty`, with the client's types named under
/// `root`: `crate` inside the `wooshpay` crate, `wooshpay` in a crate that
/// depends on it (the fake's tables).
pub fn rust_type_under(ty: &TypeRef, root: &TokenStream) -> TokenStream {
    let inner = |ty: &TypeRef| rust_type_under(ty, root);
    match ty {
        TypeRef::String => quote!(String),
        TypeRef::Boolean => quote!(bool),
        TypeRef::Int32 => quote!(i32),
        TypeRef::Int64 => quote!(i64),
        TypeRef::Timestamp => quote!(#root::Timestamp),
        TypeRef::Float64 => quote!(f64),
        TypeRef::Json => quote!(serde_json::Value),
        // The wire form is the field's serde attribute; the value is the inner type.
        TypeRef::StringEncoded(value) => inner(value),
        TypeRef::Array(item) => {
            let item = inner(item);
            quote!(Vec<#item>)
        }
        TypeRef::Map(value) => {
            let value = inner(value);
            quote!(#root::Map<#value>)
        }
        TypeRef::Expandable(object) => {
            let object = inner(object);
            quote!(#root::Expandable<#object>)
        }
        TypeRef::Id(object) => {
            let name = format_ident!("{}", crate::model::id_type_name(object));
            quote!(#root::#name)
        }
        TypeRef::Named(name, argument) => {
            let name = format_ident!("{}", name);
            match argument {
                Some(argument) => {
                    let argument = inner(argument);
                    quote!(#root::#name<#argument>)
                }
                None => quote!(#root::#name),
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
