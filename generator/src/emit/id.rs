//! Typed ids: one newtype per object with `id_prefix`, and the `Object`
//! impl that lets `Expandable<T>::id()` return it.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::model::ResolvedObject;

/// `SetupIntentId` and `impl Object for SetupIntent`, for objects with `id_prefix`.
pub fn emit_id_type(object: &ResolvedObject) -> Option<TokenStream> {
    let prefix = object.id_prefix.as_deref()?;
    let id_type = format_ident!("{}", object.id_type_name()?);
    let name = format_ident!("{}", object.name);
    let doc = format!(
        " The id of one [`{}`], such as `{prefix}123`. A distinct type, so that an id of another kind of object cannot be passed by mistake.",
        object.name
    );
    let id_field = object.id_field()?;
    let id = format_ident!("{}", id_field.rust_name);
    Some(quote! {
        crate::ids::define_id! {
            #[doc = #doc]
            #id_type, #prefix
        }

        impl crate::Object for #name {
            type Id = #id_type;

            fn id(&self) -> &#id_type {
                &self.#id
            }
        }
    })
}
