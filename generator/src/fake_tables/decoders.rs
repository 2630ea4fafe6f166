//! `decode_with_client`: for each endpoint, the body decoded with the Rust
//! type the `wooshpay` function returns. The fake's property test runs every
//! answer through it, so the fake and the client cannot drift apart.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::model::{ApiModel, TypeRef};

/// The test-only dispatch from `(module, endpoint)` to the client's type.
pub(super) fn emit_decoders(model: &ApiModel) -> TokenStream {
    let arms = model.modules.iter().flat_map(|module| {
        module.endpoints.iter().map(move |endpoint| {
            let module = &module.name;
            let name = &endpoint.name;
            let ty = client_type(&endpoint.response);
            quote!((#module, #name) => crate::client_check::decode::<#ty>(body))
        })
    });
    quote! {
        /// Decodes a success `body` of endpoint `module::name` as the client
        /// does, with the type its function returns; `None` for an endpoint
        /// the tables do not have.
        #[cfg(test)]
        pub(crate) fn decode_with_client(
            module: &str,
            name: &str,
            body: &[u8],
        ) -> Option<Result<(), String>> {
            Some(match (module, name) {
                #(#arms,)*
                _ => return None,
            })
        }
    }
}

/// The `wooshpay` type of a value of `ty`, named from outside the crate.
fn client_type(ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::String => quote!(String),
        TypeRef::Boolean => quote!(bool),
        TypeRef::Int32 => quote!(i32),
        TypeRef::Int64 => quote!(i64),
        TypeRef::Timestamp => quote!(wooshpay::Timestamp),
        TypeRef::Float64 => quote!(f64),
        TypeRef::Json => quote!(serde_json::Value),
        TypeRef::StringEncoded(value) => client_type(value),
        TypeRef::Array(item) => {
            let item = client_type(item);
            quote!(Vec<#item>)
        }
        TypeRef::Map(value) => {
            let value = client_type(value);
            quote!(std::collections::BTreeMap<String, #value>)
        }
        TypeRef::Expandable(object) => {
            let object = client_type(object);
            quote!(wooshpay::Expandable<#object>)
        }
        TypeRef::Id(object) => {
            let name = format_ident!("{}", crate::model::id_type_name(object));
            quote!(wooshpay::#name)
        }
        TypeRef::Named(name, argument) => {
            let name = format_ident!("{}", name);
            match argument {
                Some(argument) => {
                    let argument = client_type(argument);
                    quote!(wooshpay::#name<#argument>)
                }
                None => quote!(wooshpay::#name),
            }
        }
        TypeRef::Param(name) => {
            let name = format_ident!("{}", name);
            quote!(#name)
        }
    }
}
