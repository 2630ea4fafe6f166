//! Tolerant decoding of response objects: `Deserialize` reading each
//! member straight from the deserializer (`wire::ReadObject`),
//! `wire::Decode`, and `unfit_members()`.
//!
//! A member is strict (it fails the object) when the spec says it is always
//! there (`required`, `always_present`) or marks it `strict`; any other
//! member that does not fit its type is kept raw in `extra`, its field is
//! `None`, and `unfit_members()` lists it with its path.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::model::{ResolvedField, ResolvedObject, ResolvedUnion, TypeRef, UnionStyle};
use crate::typeref::spec_syntax;

/// Whether a member that does not fit is kept rather than failing the object.
pub fn is_tolerant(field: &ResolvedField) -> bool {
    field.optional && !field.required && !field.always_present && !field.strict
}

/// `Decode`, `Deserialize` (reading the members straight from the
/// deserializer) and `unfit_members()` for an object that has an `extra`
/// field.
pub fn emit_object_decode(object: &ResolvedObject) -> TokenStream {
    let name = format_ident!("{}", object.name);
    let (impl_generics, type_generics, de_generics) = match &object.generic {
        Some(param) => {
            let param = format_ident!("{}", param);
            let bounds = quote!(crate::wire::Decode + serde::de::DeserializeOwned);
            (
                quote!(<#param: #bounds>),
                quote!(<#param>),
                quote!(<'de, #param: #bounds>),
            )
        }
        None => (quote!(), quote!(), quote!(<'de>)),
    };
    let read_members = emit_read_members(object);
    let collect = emit_collect_unfit(object);
    let label = &object.name;
    let doc = format!(
        " The members of this `{}`, at any depth, whose value did not fit their type: each is kept raw in the `extra` of the object that holds it (so nothing is lost), and its field is `None`. Empty when the response matched the spec. Reflects the object as decoded.",
        object.name
    );
    quote! {
        impl #impl_generics crate::wire::Decode for #name #type_generics {
            const BUFFER_TEXT: bool = true;

            fn decode(value: &serde_json::Value) -> Result<Self, crate::wire::Failure> {
                crate::wire::decode_with_serde(value)
            }

            fn decode_owned(value: serde_json::Value) -> Result<Self, crate::wire::Failure> {
                crate::wire::decode_owned_with_serde(value)
            }

            // Checking an object is a full decode: decode once, by reference.
            fn decode_or_keep(value: serde_json::Value) -> Result<Self, serde_json::Value> {
                Self::decode(&value).map_err(|_| value)
            }

            #collect
        }

        impl #impl_generics crate::wire::ReadObject for #name #type_generics {
            const NAME: &'static str = #label;

            #read_members
        }

        impl #de_generics serde::Deserialize<'de> for #name #type_generics {
            #[inline]
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                crate::wire::deserialize_object(deserializer)
            }
        }

        impl #impl_generics #name #type_generics {
            #[doc = #doc]
            pub fn unfit_members(&self) -> Vec<crate::UnfitMember> {
                crate::wire::unfit_members(self)
            }
        }
    }
}

/// `ReadObject::read_members`: one local per field, filled as its member
/// comes by; strict members are read as their type (a mismatch fails the
/// object), tolerant ones through `Extra`, which keeps those that do not fit.
fn emit_read_members(object: &ResolvedObject) -> TokenStream {
    let locals: Vec<_> = object.fields.iter().map(local).collect();
    let arms = object.fields.iter().zip(&locals).map(|(field, local)| {
        let wire = &field.wire_name;
        let ty = decoded_type(field);
        let encoded = matches!(field.ty, TypeRef::StringEncoded(_));
        let unwrap_optional = encoded.then(|| quote!(.map(|encoded| encoded.0)));
        let read = if field.wire_name == "object" && object.object_name.is_some() {
            quote!(Some(members.next_value_seed(crate::wire::ObjectNameSeed::<Self>::new())?))
        } else if field.may_be_json_string {
            quote!(members.next_value_seed(extra.json_string::<#ty>(#wire))? #unwrap_optional)
        } else if is_tolerant(field) {
            quote!(members.next_value_seed(extra.tolerant::<#ty>(#wire))? #unwrap_optional)
        } else if field.optional {
            quote!(members.next_value_seed(crate::wire::Strict::<Option<#ty>>::new())? #unwrap_optional)
        } else {
            let unwrap = encoded.then(|| quote!(.0));
            quote!(Some(members.next_value_seed(crate::wire::Strict::<#ty>::new())? #unwrap))
        };
        quote!(#wire => #local = #read,)
    });
    let inits = object.fields.iter().zip(&locals).map(|(field, local)| {
        let rust = format_ident!("{}", field.rust_name);
        let wire = &field.wire_name;
        let required =
            !field.optional || (field.wire_name == "object" && object.object_name.is_some());
        if required {
            quote!(#rust: crate::wire::required(#local, #wire)?,)
        } else if rust == *local {
            quote!(#rust,)
        } else {
            quote!(#rust: #local,)
        }
    });
    let keep_unknown = object.keep_unknown_fields;
    let read_member = if object.fields.is_empty() {
        quote!(extra.other(key, &mut members)?;)
    } else {
        quote! {
            match key.as_str() {
                #(#arms)*
                _ => extra.other(key, &mut members)?,
            }
        }
    };
    quote! {
        fn read_members<'de, A: serde::de::MapAccess<'de>>(mut members: A) -> Result<Self, A::Error> {
            #(let mut #locals = None;)*
            let mut extra = crate::wire::Extra::new(#keep_unknown);
            while let Some(key) = members.next_key::<crate::wire::Key<'de>>()? {
                #read_member
            }
            Ok(Self {
                #(#inits)*
                extra: extra.finish(),
            })
        }
    }
}

/// The local a field's value is read into: the field's name, unless that is
/// one of the names `read_members` itself uses.
fn local(field: &ResolvedField) -> proc_macro2::Ident {
    match field.rust_name.as_str() {
        "members" | "extra" | "key" => format_ident!("{}_", field.rust_name),
        name => format_ident!("{}", name),
    }
}

/// `Decode::collect_unfit`: the object's own unfit members (in `extra`),
/// then those inside members that may hold objects. `None` for an object
/// of strict members only, in which nothing can be unfit.
fn emit_collect_unfit(object: &ResolvedObject) -> Option<TokenStream> {
    let tolerant: Vec<TokenStream> = object
        .fields
        .iter()
        .filter(|field| is_tolerant(field) || field.may_be_json_string)
        .map(|field| {
            let wire = &field.wire_name;
            let expected = spec_syntax(&field.ty);
            quote!((#wire, #expected))
        })
        .collect();
    let own_unfit = (!tolerant.is_empty())
        .then(|| quote!(crate::wire::unfit_in_extra(&self.extra, &[#(#tolerant),*], path, out);));
    let nested: Vec<TokenStream> = object
        .fields
        .iter()
        .filter(|field| may_hold_objects(&field.ty))
        .map(|field| {
            let rust = format_ident!("{}", field.rust_name);
            let wire = &field.wire_name;
            quote!(crate::wire::unfit_in_member(&self.#rust, #wire, path, out);)
        })
        .collect();
    (own_unfit.is_some() || !nested.is_empty()).then(|| {
        quote! {
            fn collect_unfit(&self, path: &mut String, out: &mut Vec<crate::UnfitMember>) {
                #own_unfit
                #(#nested)*
            }
        }
    })
}

/// `Decode` for a union decoded through its serde impl (tags and payloads
/// are read there), and the walk into its payload for `unfit_members()`.
pub fn emit_union_decode(union: &ResolvedUnion) -> TokenStream {
    let name = format_ident!("{}", union.name);
    let arms = union.variants.iter().map(|variant| {
        let rust = format_ident!("{}", variant.rust_name);
        // Feature gating (`variants_follow_features`): see `emit::union`.
        let gate = super::union::variant_gate(variant);
        if union.style == UnionStyle::Embedded {
            quote!(#gate Self::#rust(payload) => crate::wire::Decode::collect_unfit(payload, path, out),)
        } else {
            let key = &variant.payload_key;
            quote!(#gate Self::#rust(payload) => crate::wire::unfit_in_member(payload, #key, path, out),)
        }
    });
    let allows = super::union::gated_dispatch_allows(union);
    let doc = format!(
        " The members of the payload, at any depth, whose value did not fit their type (see the payload's own `unfit_members`); empty for `Unknown`. Reflects the `{}` as decoded.",
        union.name
    );
    quote! {
        impl crate::wire::Decode for #name {
            const BUFFER_TEXT: bool = true;

            fn decode(value: &serde_json::Value) -> Result<Self, crate::wire::Failure> {
                crate::wire::decode_with_serde(value)
            }

            fn decode_owned(value: serde_json::Value) -> Result<Self, crate::wire::Failure> {
                crate::wire::decode_owned_with_serde(value)
            }

            // Checking a union is a full decode: decode once, by reference.
            fn decode_or_keep(value: serde_json::Value) -> Result<Self, serde_json::Value> {
                Self::decode(&value).map_err(|_| value)
            }

            #allows
            fn collect_unfit(&self, path: &mut String, out: &mut Vec<crate::UnfitMember>) {
                match self {
                    #(#arms)*
                    Self::Unknown(_) => {}
                }
            }
        }

        impl #name {
            #[doc = #doc]
            pub fn unfit_members(&self) -> Vec<crate::UnfitMember> {
                crate::wire::unfit_members(self)
            }
        }
    }
}

/// The type a member is read as: the field's type without `Option`, or the
/// `StringEncoded` wrapper of a `string<T>` member.
fn decoded_type(field: &ResolvedField) -> TokenStream {
    let ty = match &field.ty {
        TypeRef::StringEncoded(value) => {
            let value = super::types::rust_type(value);
            quote!(crate::wire::StringEncoded<#value>)
        }
        ty => super::types::rust_type(ty),
    };
    if field.boxed {
        quote!(Box<#ty>)
    } else {
        ty
    }
}

/// Whether a value of `ty` may hold an object, which may hold unfit members.
fn may_hold_objects(ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Named(..) | TypeRef::Param(_) | TypeRef::Expandable(_) => true,
        TypeRef::Array(item) | TypeRef::Map(item) => may_hold_objects(item),
        _ => false,
    }
}
