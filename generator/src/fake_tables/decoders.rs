//! Endpoints → `fn response_decoder`, a test-only map from each endpoint to
//! the check that decodes its answer as the client's Rust type for it.
//!
//! The fake's property test (`wooshpay-test/src/client_decodes/`) sends
//! random requests to every endpoint and decodes each answer with the
//! client. Which Rust type that is comes from the same model the endpoint
//! functions of `wooshpay` are emitted from, so a new resource is covered
//! without editing the test, and the map cannot disagree with the client.

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::rust_type_under;
use crate::model::ApiModel;

/// `response_decoder(module, name)`: `decode::<wooshpay::T>` where the
/// endpoint function returns `ApiCall<T>`, `decode_or_empty::<wooshpay::T>`
/// where it returns `ApiCall<Option<T>>` (an answer of `{}` is `None`).
pub(super) fn emit_response_decoders(model: &ApiModel) -> TokenStream {
    let root = quote!(wooshpay);
    let arms = model.modules.iter().flat_map(|module| {
        let root = &root;
        module.endpoints.iter().map(move |endpoint| {
            let module = &module.name;
            let name = &endpoint.name;
            let response = rust_type_under(&endpoint.response, root);
            let check = match endpoint.response_may_be_empty {
                Some(_) => quote!(decode_or_empty),
                None => quote!(decode),
            };
            quote!((#module, #name) => #check::<#response>)
        })
    });
    quote! {
        /// The check that decodes an answer of the endpoint `module::name`
        /// as the `wooshpay` client's type for it, for the property test
        /// that every answer of the fake decodes with the client.
        #[cfg(test)]
        pub(crate) fn response_decoder(
            module: &str,
            name: &str,
        ) -> Option<crate::client_decodes::Decoder> {
            use crate::client_decodes::{decode, decode_or_empty};
            let decoder: crate::client_decodes::Decoder = match (module, name) {
                #(#arms,)*
                _ => return None,
            };
            Some(decoder)
        }
    }
}
