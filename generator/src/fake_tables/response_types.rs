//! Endpoints → `fn with_response_type`: for each endpoint, the Rust type
//! the `wooshpay` client decodes its answer into, handed to a test as a
//! type parameter.
//!
//! Tests that decode bodies as the client does (the fake's property test
//! `wooshpay-test/src/client_decodes/`, and `tests/tests/openapi_decode.rs`
//! over the OpenAPI export) take the type from here. It comes from the same
//! model the endpoint functions of `wooshpay` are emitted from, so a new
//! resource is covered without editing a test, and the map cannot disagree
//! with the client.

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::rust_type_under;
use crate::model::ApiModel;

/// `trait ResponseTypeUse` and `with_response_type(module, name, use_)`,
/// which calls `use_.with::<wooshpay::T>(may_be_empty)` where the endpoint
/// function returns `ApiCall<T>` (`may_be_empty: false`) or
/// `ApiCall<Option<T>>` (`true`: an answer of `{}` is `None`).
pub(super) fn emit_response_types(model: &ApiModel) -> TokenStream {
    let root = quote!(wooshpay);
    let arms = model.modules.iter().flat_map(|module| {
        let root = &root;
        module.endpoints.iter().map(move |endpoint| {
            let module = &module.name;
            let name = &endpoint.name;
            let response = rust_type_under(&endpoint.response, root);
            let may_be_empty = endpoint.response_may_be_empty.is_some();
            quote!((#module, #name) => use_.with::<#response>(#may_be_empty))
        })
    });
    quote! {
        /// What a test does with the Rust type the `wooshpay` client decodes
        /// an endpoint's answer into; see [`with_response_type`].
        pub trait ResponseTypeUse {
            /// What the test gets back, e.g. a decoding function for `T`.
            type Output;

            /// Called with `T`, the type of the endpoint's answer;
            /// `may_be_empty`: the endpoint may answer `{}`, which the
            /// client returns as `None`.
            fn with<T>(self, may_be_empty: bool) -> Self::Output
            where
                T: serde::de::DeserializeOwned
                    + serde::Serialize
                    + PartialEq
                    + std::fmt::Debug
                    + wooshpay::wire::Decode;
        }

        /// Calls `use_` with the Rust type of the answer of the endpoint
        /// `module::name` (as [`crate::endpoints`] lists it), or returns
        /// `None` for an endpoint the spec does not have.
        pub fn with_response_type<U: ResponseTypeUse>(
            module: &str,
            name: &str,
            use_: U,
        ) -> Option<U::Output> {
            Some(match (module, name) {
                #(#arms,)*
                _ => return None,
            })
        }
    }
}
