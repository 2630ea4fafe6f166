//! `kind: object` → a serde struct.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::doc_attrs;
use super::types::{field_type, is_string};
use crate::model::{ResolvedField, ResolvedObject};

/// A struct with serde derives, plus `new` for its required fields,
/// `HasId` when it has a string `id`, and a redacting `Debug` when any field
/// is secret.
pub fn emit_struct(object: &ResolvedObject) -> TokenStream {
    let name = format_ident!("{}", object.name);
    let docs = doc_attrs(&object.docs);
    let generics = generics(object);
    let fields = object.fields.iter().map(emit_field);
    let extra = object.keep_unknown_fields.then(|| {
        quote! {
            /// Every member WooshPay sent that the spec does not list, kept verbatim
            /// so the object serializes back unchanged.
            #[serde(flatten)]
            pub extra: crate::RawObject,
        }
    });
    let has_secret = object.fields.iter().any(|field| field.secret);
    let mut derives = vec![quote!(Clone)];
    if !has_secret {
        derives.push(quote!(Debug));
    }
    derives.push(quote!(PartialEq));
    if object.all_optional() && object.generic.is_none() {
        derives.push(quote!(Default));
    }
    derives.push(quote!(serde::Serialize));
    derives.push(quote!(serde::Deserialize));
    let debug = has_secret.then(|| emit_redacting_debug(object));
    let constructor = emit_constructor(object);
    let has_id = emit_has_id(object);
    quote! {
        #docs
        #[derive(#(#derives),*)]
        pub struct #name #generics {
            #(#fields)*
            #extra
        }
        #constructor
        #debug
        #has_id
    }
}

fn generics(object: &ResolvedObject) -> TokenStream {
    match &object.generic {
        Some(param) => {
            let param = format_ident!("{}", param);
            quote!(<#param>)
        }
        None => quote!(),
    }
}

fn emit_field(field: &ResolvedField) -> TokenStream {
    let docs = doc_attrs(&field.docs);
    let name = format_ident!("{}", field.rust_name);
    let ty = field_type(field);
    // serde reads an absent or null `Option` field as `None`; `None` is left out when writing.
    let mut serde_args = Vec::new();
    if field.rust_name != field.wire_name {
        let wire = &field.wire_name;
        serde_args.push(quote!(rename = #wire));
    }
    if field.optional {
        serde_args.push(quote!(skip_serializing_if = "Option::is_none"));
    }
    let serde_attr = (!serde_args.is_empty()).then(|| quote!(#[serde(#(#serde_args),*)]));
    quote! {
        #docs
        #serde_attr
        pub #name: #ty,
    }
}

/// `new(required...)` for objects with fields that cannot be left out.
fn emit_constructor(object: &ResolvedObject) -> Option<TokenStream> {
    if object.all_optional() || object.generic.is_some() {
        return None;
    }
    let name = format_ident!("{}", object.name);
    let required: Vec<&ResolvedField> = object.fields.iter().filter(|f| !f.optional).collect();
    let params = required.iter().map(|field| {
        let name = format_ident!("{}", field.rust_name);
        if is_string(&field.ty) && !field.boxed {
            quote!(#name: impl Into<String>)
        } else {
            let ty = field_type(field);
            quote!(#name: #ty)
        }
    });
    let inits = object.fields.iter().map(|field| {
        let name = format_ident!("{}", field.rust_name);
        if field.optional {
            quote!(#name: None)
        } else if is_string(&field.ty) && !field.boxed {
            quote!(#name: #name.into())
        } else {
            quote!(#name)
        }
    });
    let extra = object
        .keep_unknown_fields
        .then(|| quote!(extra: Default::default(),));
    let list = required
        .iter()
        .map(|field| format!("`{}`", field.wire_name))
        .collect::<Vec<_>>()
        .join(", ");
    let doc = format!(
        " Builds a `{}` from its required fields ({list}); every optional field starts as `None`.",
        object.name
    );
    Some(quote! {
        impl #name {
            #[doc = #doc]
            pub fn new(#(#params),*) -> Self {
                Self { #(#inits,)* #extra }
            }
        }
    })
}

fn emit_redacting_debug(object: &ResolvedObject) -> TokenStream {
    let name = format_ident!("{}", object.name);
    let label = &object.name;
    let (impl_generics, type_generics) = match &object.generic {
        Some(param) => {
            let param = format_ident!("{}", param);
            (quote!(<#param: std::fmt::Debug>), quote!(<#param>))
        }
        None => (quote!(), quote!()),
    };
    let entries = object.fields.iter().map(|field| {
        let wire = &field.wire_name;
        let name = format_ident!("{}", field.rust_name);
        if field.secret {
            let present = if field.optional {
                quote!(self.#name.is_some())
            } else {
                quote!(true)
            };
            quote!(.field(#wire, &crate::wire::Redacted::new(#present)))
        } else {
            quote!(.field(#wire, &self.#name))
        }
    });
    let extra = object
        .keep_unknown_fields
        .then(|| quote!(.field("extra", &self.extra)));
    quote! {
        // Written by hand instead of derived so secrets never reach logs.
        impl #impl_generics std::fmt::Debug for #name #type_generics {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(#label)
                    #(#entries)*
                    #extra
                    .finish()
            }
        }
    }
}

fn emit_has_id(object: &ResolvedObject) -> Option<TokenStream> {
    let field = object.id_field()?;
    if object.generic.is_some() || field.boxed {
        return None;
    }
    let name = format_ident!("{}", object.name);
    let id = format_ident!("{}", field.rust_name);
    let body = if field.optional {
        quote!(self.#id.as_deref())
    } else {
        quote!(Some(&self.#id))
    };
    Some(quote! {
        impl crate::HasId for #name {
            fn id(&self) -> Option<&str> {
                #body
            }
        }
    })
}
