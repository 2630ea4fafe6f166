//! Typed ids: one newtype per object with `id_prefix`, and the `Object`
//! impl that lets `Expandable<T>::id()` return it.
//!
//! The newtypes all live in one always-compiled file, apart from their
//! objects, so that a field typed `id<Customer>` does not make its resource's
//! cargo feature pull in the whole `customers` module.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::model::{ApiModel, ResolvedObject, ResolvedSchema};

/// Every id newtype of the model, for `generated/ids.rs`.
pub fn emit_id_types(model: &ApiModel) -> TokenStream {
    let ids = model
        .modules
        .iter()
        .flat_map(|module| &module.schemas)
        .filter_map(|schema| match schema {
            ResolvedSchema::Object(object) => emit_id_type(object),
            _ => None,
        });
    quote! {
        //! The typed ids of every object that has one, compiled whatever the
        //! resource features, so that any resource can refer to any other by id.
        #(#ids)*
    }
}

/// `SetupIntentId`, for an object with `id_prefix`.
fn emit_id_type(object: &ResolvedObject) -> Option<TokenStream> {
    let prefix = object.id_prefix.as_deref()?;
    let id_type = format_ident!("{}", object.id_type_name()?);
    object.id_field()?;
    let doc = format!(
        " The id of one `{}`, such as `{prefix}123`. A distinct type, so that an id of another kind of object cannot be passed by mistake.",
        object.name
    );
    Some(quote! {
        crate::ids::define_id! {
            #[doc = #doc]
            #id_type, #prefix
        }
    })
}

/// `impl Object for SetupIntent`, for an object with `id_prefix`.
pub fn emit_object_impl(object: &ResolvedObject) -> Option<TokenStream> {
    let id_type = format_ident!("{}", object.id_type_name()?);
    let name = format_ident!("{}", object.name);
    let id_field = object.id_field()?;
    let id = format_ident!("{}", id_field.rust_name);
    Some(quote! {
        impl crate::Object for #name {
            type Id = crate::#id_type;

            fn id(&self) -> &crate::#id_type {
                &self.#id
            }
        }
    })
}
