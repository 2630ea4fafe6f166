//! `kind: object` → a serde struct.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::builder::emit_setters;
use super::decode::emit_object_decode;
use super::docs::{doc_attrs, doc_lines};
use super::id::emit_object_impl;
use super::types::{field_type, rust_type};
use crate::model::{ResolvedField, ResolvedObject, TypeRef};
use crate::usage::Usage;

/// The crate feature under which request-only types derive `Deserialize`.
///
/// No response holds a request type, so decoding one serves few apps, and
/// its derived `Deserialize` was a third of the crate's own compile time
/// (async-stripe's request types are not `Deserialize` either).
pub const DESERIALIZE_PARAMS_FEATURE: &str = "deserialize_params";

/// A struct with serde derives, plus `new` for its required fields,
/// `HasId` when it has a string `id`, a typed id with `id_prefix`, a
/// redacting `Debug` when any field is secret, and setters for types that
/// are sent. A type that is only sent derives `Deserialize` only with
/// [`DESERIALIZE_PARAMS_FEATURE`].
pub fn emit_struct(object: &ResolvedObject, usage: Usage) -> TokenStream {
    emit_struct_with(
        object,
        StructOptions {
            setters: usage.request,
            gate_deserialize: usage.request_only(),
        },
    )
}

/// What [`emit_struct_with`] adds beyond the definition.
pub(super) struct StructOptions {
    /// Chained setters for every field.
    pub setters: bool,
    /// `Deserialize` only with the `deserialize_params` feature.
    pub gate_deserialize: bool,
}

pub(super) fn emit_struct_with(object: &ResolvedObject, options: StructOptions) -> TokenStream {
    let name = format_ident!("{}", object.name);
    let docs = doc_attrs(&object.docs);
    let generics = generics(object);
    let fields = object
        .fields
        .iter()
        .map(|field| emit_field(object, field, options.gate_deserialize));
    // A type that responses hold decodes tolerantly, so it always has an
    // `extra` to keep members that do not fit.
    let decodes = !options.gate_deserialize;
    let has_extra = decodes || object.keep_unknown_fields;
    let extra = has_extra.then(|| {
        let doc = extra_doc(object.keep_unknown_fields, decodes);
        quote! {
            #doc
            #[serde(flatten)]
            pub extra: crate::RawObject,
        }
    });
    // Secrets, and any-JSON members that may hold one, need a hand-written `Debug`.
    let has_secret = object
        .fields
        .iter()
        .any(|field| field.secret || holds_json(&field.ty));
    let mut derives = vec![quote!(Clone)];
    if !has_secret {
        derives.push(quote!(Debug));
    }
    derives.push(quote!(PartialEq));
    if object.all_optional() && object.generic.is_none() {
        derives.push(quote!(Default));
    }
    derives.push(quote!(serde::Serialize));
    let gated_deserialize = (!decodes).then(
        || quote!(#[cfg_attr(feature = #DESERIALIZE_PARAMS_FEATURE, derive(serde::Deserialize))]),
    );
    let decode = decodes.then(|| emit_object_decode(object));
    let debug = has_secret.then(|| emit_redacting_debug(object, has_extra));
    let constructor = emit_constructor(object, has_extra);
    let setters = options.setters.then(|| emit_setters(object)).flatten();
    let has_id = emit_has_id(object);
    let object_impl = emit_object_impl(object);
    let object_name = object.object_name.as_ref().map(|object_name| {
        quote! {
            impl crate::wire::ObjectName for #name {
                const OBJECT_NAME: &'static str = #object_name;
            }
        }
    });
    quote! {
        #docs
        #[derive(#(#derives),*)]
        #gated_deserialize
        pub struct #name #generics {
            #(#fields)*
            #extra
        }
        #decode
        #constructor
        #setters
        #debug
        #has_id
        #object_impl
        #object_name
    }
}

/// The doc comment of `extra`: what it keeps depends on the object.
fn extra_doc(keep_unknown: bool, decodes: bool) -> TokenStream {
    let text = match (keep_unknown, decodes) {
        (true, true) => "Every member WooshPay sent that the spec does not list, and every listed member whose value did not fit its type (its field is then `None`; see `unfit_members`), kept verbatim so the object serializes back unchanged.",
        (false, true) => "Every listed member whose value did not fit its type (its field is then `None`; see `unfit_members`), kept verbatim so the object serializes back unchanged. Members the spec does not list are dropped.",
        _ => "Every member WooshPay sent that the spec does not list, kept verbatim so the object serializes back unchanged.",
    };
    doc_lines(text)
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

/// A struct field; serde's `Deserialize` attributes only where it is derived.
fn emit_field(object: &ResolvedObject, field: &ResolvedField, derived: bool) -> TokenStream {
    let docs = doc_attrs(&field.docs);
    let name = format_ident!("{}", field.rust_name);
    let ty = field_type(field);
    // serde reads an absent or null `Option` field as `None`; `None` is left out when writing.
    let mut serde_args = Vec::new();
    if field.rust_name != field.wire_name {
        let wire = &field.wire_name;
        serde_args.push(quote!(rename = #wire));
    }
    if derived && field.may_be_json_string {
        serde_args.push(quote!(default));
        serde_args.push(quote!(
            deserialize_with = "crate::wire::json_string_or_value"
        ));
    }
    let mut wire_doc = None;
    if let TypeRef::StringEncoded(value) = &field.ty {
        let example = match **value {
            TypeRef::Boolean => "`\"true\"`",
            TypeRef::Float64 => "`\"2.5\"`",
            TypeRef::Timestamp => "`\"1700000000\"`",
            _ => "`\"500\"`",
        };
        let line = match field.digits {
            Some(digits) => format!(" *On the wire* a string of at least {digits} digits, zero-padded (`4` is sent as `\"{:0>width$}\"`), as WooshPay documents it; the bare value is read too.", 4, width = usize::from(digits)),
            None => format!(" *On the wire* a string, such as {example}, as WooshPay documents it; the bare value is read too."),
        };
        wire_doc = Some(quote!(#[doc = ""] #[doc = #line]));
        let module = if field.optional {
            serde_args.push(quote!(default));
            "crate::wire::string_encoded::option"
        } else {
            "crate::wire::string_encoded"
        };
        match field.digits {
            None => serde_args.push(quote!(with = #module)),
            Some(digits) => {
                let serialize = format!("{module}::serialize_digits::<{digits}, _, _>");
                let deserialize = format!("{module}::deserialize");
                serde_args
                    .push(quote!(serialize_with = #serialize, deserialize_with = #deserialize));
            }
        }
    }
    if derived && field.wire_name == "object" && object.object_name.is_some() {
        let check = format!("crate::wire::object_name::<crate::{}, _>", object.name);
        serde_args.push(quote!(deserialize_with = #check));
    }
    if field.optional {
        serde_args.push(quote!(skip_serializing_if = "Option::is_none"));
    }
    let serde_attr = (!serde_args.is_empty()).then(|| quote!(#[serde(#(#serde_args),*)]));
    quote! {
        #docs
        #wire_doc
        #serde_attr
        pub #name: #ty,
    }
}

/// `new(required...)` for objects with fields that cannot be left out, and
/// `new()` (the default) for the others, to start a chain of setters.
fn emit_constructor(object: &ResolvedObject, has_extra: bool) -> Option<TokenStream> {
    if object.generic.is_some() {
        return None;
    }
    let name = format_ident!("{}", object.name);
    if object.all_optional() {
        let doc = format!(" An empty `{}`: every field starts as `None`.", object.name);
        return Some(quote! {
            impl #name {
                #[doc = #doc]
                pub fn new() -> Self {
                    Self::default()
                }
            }
        });
    }
    let required: Vec<&ResolvedField> = object.fields.iter().filter(|f| !f.optional).collect();
    let params = required.iter().map(|field| {
        let name = format_ident!("{}", field.rust_name);
        if takes_into(field) {
            let ty = rust_type(&field.ty);
            quote!(#name: impl Into<#ty>)
        } else {
            let ty = field_type(field);
            quote!(#name: #ty)
        }
    });
    let inits = object.fields.iter().map(|field| {
        let name = format_ident!("{}", field.rust_name);
        if field.optional {
            quote!(#name: None)
        } else if takes_into(field) {
            quote!(#name: #name.into())
        } else {
            quote!(#name)
        }
    });
    let extra = has_extra.then(|| quote!(extra: Default::default(),));
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

/// Constructor arguments take `impl Into<T>`, except collections (whose
/// element conversions `Into` cannot express) and boxed fields.
fn takes_into(field: &ResolvedField) -> bool {
    !field.boxed && !matches!(field.ty, TypeRef::Array(_) | TypeRef::Map(_))
}

/// Whether values of `ty` are (or contain) untyped JSON, which can carry a
/// secret under any key.
fn holds_json(ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Json => true,
        TypeRef::Array(inner) | TypeRef::Map(inner) => holds_json(inner),
        _ => false,
    }
}

fn emit_redacting_debug(object: &ResolvedObject, has_extra: bool) -> TokenStream {
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
        } else if holds_json(&field.ty) && field.optional {
            quote!(.field(#wire, &self.#name.as_ref().map(crate::wire::DebugJson)))
        } else if holds_json(&field.ty) {
            quote!(.field(#wire, &crate::wire::DebugJson(&self.#name)))
        } else {
            quote!(.field(#wire, &self.#name))
        }
    });
    let extra = has_extra.then(|| quote!(.field("extra", &self.extra)));
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
        quote!(Some(self.#id.as_str()))
    };
    Some(quote! {
        impl crate::HasId for #name {
            fn id(&self) -> Option<&str> {
                #body
            }
        }
    })
}
