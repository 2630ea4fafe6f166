//! Chained setters for request parameter types:
//! `CreateSetupIntentParams::new().customer("cus_1").metadata([("order", "42")])`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::types::rust_type;
use crate::model::{ResolvedField, ResolvedObject, TypeRef};

/// One setter per field, taking whatever converts into the field's type.
pub fn emit_setters(object: &ResolvedObject) -> Option<TokenStream> {
    if object.generic.is_some() || object.fields.is_empty() {
        return None;
    }
    let name = format_ident!("{}", object.name);
    let setters = object
        .fields
        .iter()
        // `new` is the constructor's name.
        .filter(|field| field.rust_name != "new")
        .map(emit_setter);
    Some(quote! {
        impl #name {
            #(#setters)*
        }
    })
}

fn emit_setter(field: &ResolvedField) -> TokenStream {
    let name = format_ident!("{}", field.rust_name);
    let doc = format!(" Sets `{}`.", field.wire_name);
    let (generics, argument, value) = match &field.ty {
        TypeRef::Array(item) => {
            let item = rust_type(item);
            (
                quote!(<I: IntoIterator<Item = V>, V: Into<#item>>),
                quote!(#name: I),
                quote!(#name.into_iter().map(Into::into).collect()),
            )
        }
        TypeRef::Map(value) => {
            let value = rust_type(value);
            (
                quote!(<I: IntoIterator<Item = (K, V)>, K: Into<String>, V: Into<#value>>),
                quote!(#name: I),
                quote!(#name.into_iter().map(|(key, value)| (key.into(), value.into())).collect()),
            )
        }
        other => {
            let ty = rust_type(other);
            (
                quote!(),
                quote!(#name: impl Into<#ty>),
                quote!(#name.into()),
            )
        }
    };
    let value = if field.boxed {
        quote!(Box::new(#value))
    } else {
        value
    };
    let value = if field.optional {
        quote!(Some(#value))
    } else {
        value
    };
    quote! {
        #[doc = #doc]
        pub fn #name #generics (mut self, #argument) -> Self {
            self.#name = #value;
            self
        }
    }
}
